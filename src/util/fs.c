/*
 * util/fs.c — bounded whole-file reads, change detection and atomic writes
 * (temporary file in the same folder, fsync, rename, fsync of the folder).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slipway/fs.h"
#include "util.h"

static void stamp_from_stat(sw_file_stamp *stamp, const struct stat *st)
{
	stamp->exists = 1;
	stamp->dev = (uint64_t)st->st_dev;
	stamp->ino = (uint64_t)st->st_ino;
	stamp->size = (int64_t)st->st_size;
	stamp->mtime_sec = (int64_t)st->st_mtim.tv_sec;
	stamp->mtime_nsec = (int64_t)st->st_mtim.tv_nsec;
}

int sw_file_stamp_get(sw_file_stamp *stamp, const char *path)
{
	struct stat st;
	memset(stamp, 0, sizeof(*stamp));
	if (stat(path, &st) != 0) {
		if (errno == ENOENT)
			return 0;
		return sw_error_set(SW_EIO, "%s: %s", path, strerror(errno));
	}
	stamp_from_stat(stamp, &st);
	return 0;
}

int sw_file_stamp_equal(const sw_file_stamp *a, const sw_file_stamp *b)
{
	if (a->exists != b->exists)
		return 0;
	if (!a->exists)
		return 1;
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime_sec == b->mtime_sec && a->mtime_nsec == b->mtime_nsec;
}

/* Reads everything from fd into buf, refusing more than buf->max bytes. */
static int read_all(sw_buf *buf, int fd, const char *path)
{
	for (;;) {
		ssize_t n;
		int err =
		        sw_buf_grow(buf, 65536 < buf->max - buf->len ? 65536 : buf->max - buf->len);
		if (err)
			return err;
		if (buf->len == buf->max) {
			char probe;
			n = read(fd, &probe, 1);
			if (n > 0)
				return sw_error_set(
				        SW_ETOOBIG,
				        "%s: file is larger than the limit of %zu bytes", path,
				        buf->max);
		} else {
			n = read(fd, buf->ptr + buf->len, buf->cap - buf->len - 1);
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return sw_error_set(SW_EIO, "%s: %s", path, strerror(errno));
		}
		if (n == 0)
			break;
		buf->len += (size_t)n;
		buf->ptr[buf->len] = '\0';
	}
	return 0;
}

int sw_file_read(char **out, size_t *len_out, sw_file_stamp *stamp, const char *path, size_t max)
{
	struct stat st;
	sw_buf buf;
	int fd, err = 0;
	*out = NULL;
	if (len_out)
		*len_out = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sw_error_set(errno == ENOENT ? SW_ENOTFOUND : SW_EIO, "%s: %s", path,
		                    strerror(errno));
	if (fstat(fd, &st) != 0) {
		err = sw_error_set(SW_EIO, "%s: %s", path, strerror(errno));
		goto done;
	}
	if (S_ISDIR(st.st_mode)) {
		err = sw_error_set(SW_EIO, "%s: is a directory, not a file", path);
		goto done;
	}
	if (S_ISREG(st.st_mode) && (uint64_t)st.st_size > max) {
		err = sw_error_set(SW_ETOOBIG,
		                   "%s: file is %lld bytes, larger than the limit of %zu bytes",
		                   path, (long long)st.st_size, max);
		goto done;
	}
	sw_buf_init(&buf, max);
	if ((err = read_all(&buf, fd, path)) != 0) {
		sw_buf_free(&buf);
		goto done;
	}
	*out = sw_buf_detach(&buf, len_out);
	if (!*out) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if (stamp)
		stamp_from_stat(stamp, &st);
done:
	close(fd);
	return err;
}

/* Splits `path` into its folder ("." when there is none). */
static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return sw_strdup(".");
	if (slash == path)
		return sw_strdup("/");
	return sw_strndup(path, (size_t)(slash - path));
}

static int write_full(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

static void fsync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		(void)fsync(fd);
		close(fd);
	}
}

int sw_file_write_atomic(const char *path, const void *data, size_t len, sw_file_stamp *expected)
{
	sw_file_stamp now;
	sw_buf tmp;
	struct stat st;
	mode_t mode = 0644;
	char *dir = NULL;
	int fd = -1, err = 0, created = 0;

	sw_buf_init(&tmp, 4096);
	if (expected) {
		if ((err = sw_file_stamp_get(&now, path)) != 0)
			goto done;
		if (!sw_file_stamp_equal(&now, expected)) {
			err = sw_error_set(SW_ECONFLICT,
			                   "%s: the file changed on disk since it was loaded; "
			                   "reload it and apply your edit again",
			                   path);
			goto done;
		}
	}
	if (stat(path, &st) == 0)
		mode = st.st_mode & 07777;
	if ((err = sw_buf_printf(&tmp, "%s.slipway-XXXXXX", path)) != 0)
		goto done;
	fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		err = sw_error_set(SW_EIO, "%s: cannot create a temporary file: %s", path,
		                   strerror(errno));
		goto done;
	}
	created = 1;
	if (fchmod(fd, mode) != 0 || write_full(fd, data, len) != 0 || fsync(fd) != 0) {
		err = sw_error_set(SW_EIO, "%s: cannot write: %s", path, strerror(errno));
		goto done;
	}
	if (close(fd) != 0) {
		fd = -1;
		err = sw_error_set(SW_EIO, "%s: cannot write: %s", path, strerror(errno));
		goto done;
	}
	fd = -1;
	if (rename(tmp.ptr, path) != 0) {
		err = sw_error_set(SW_EIO, "%s: cannot replace the file: %s", path,
		                   strerror(errno));
		goto done;
	}
	created = 0; /* renamed: nothing to clean up */
	if ((dir = dir_of(path)) != NULL)
		fsync_dir(dir);
	if (expected)
		err = sw_file_stamp_get(expected, path);
done:
	if (fd >= 0)
		close(fd);
	if (created)
		unlink(tmp.ptr);
	sw_free(dir);
	sw_buf_free(&tmp);
	return err;
}
