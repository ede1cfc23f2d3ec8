/*
 * build/sdist.c — writes the planned sdist with libarchive: a gzip'd pax
 * tar whose members sit under "{name}-{version}/", in the plan's (sorted)
 * order, as regular files only (hatchling writes no folder entries), with
 * uid/gid 0, empty owner names, modes 0644/0755 and one fixed mtime; the
 * gzip header carries mtime 0 and no file name, so two builds of the same
 * tree are byte-identical. Sources are streamed in blocks.
 */
#include <archive.h>
#include <archive_entry.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/write_int.h"
#include "util/util.h"

struct sdist_writer {
	const sw_build_plan *plan;
	struct archive *ar;
	struct archive_entry *entry;
	struct bw_out out;
	struct bw_progress progress;
	char *block;
	long long mtime;
	int io_errno; /* errno of a failed write to the output */
};

/* libarchive's write callback: the output file. */
static la_ssize_t sdist_write_cb(struct archive *ar, void *ctx, const void *buf, size_t len)
{
	struct sdist_writer *w = ctx;
	size_t done = 0;
	(void)ar;
	while (done < len) {
		ssize_t n = write(w->out.fd, (const char *)buf + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			w->io_errno = n < 0 ? errno : EIO;
			return -1;
		}
		done += (size_t)n;
	}
	return (la_ssize_t)len;
}

/* The message of a libarchive failure. */
static int archive_fail(struct sdist_writer *w, const char *what)
{
	if (w->progress.cancelled)
		return SW_ECANCELLED;
	if (w->io_errno != 0)
		return sw_error_set(SW_EIO, "%s: %s", w->out.tmp_path, strerror(w->io_errno));
	return sw_error_set(SW_EIO, "%s: %s: %s", w->plan->sdist_filename, what,
	                    archive_error_string(w->ar) ? archive_error_string(w->ar) : "failed");
}

/* Writes one header. */
static int put_header(struct sdist_writer *w, const sw_build_member *m, long long size)
{
	sw_buf name;
	int err = 0;
	sw_buf_init(&name, 64 * 1024);
	sw_buf_printf(&name, "%s-%s/%s", w->plan->dist_name, w->plan->version, m->path);
	if (sw_buf_error(&name) < 0) {
		sw_buf_free(&name);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	archive_entry_clear(w->entry);
	archive_entry_set_pathname_utf8(w->entry, name.ptr);
	archive_entry_set_filetype(w->entry, AE_IFREG);
	archive_entry_set_perm(w->entry, m->executable ? 0755 : 0644);
	archive_entry_set_size(w->entry, size);
	archive_entry_set_uid(w->entry, 0);
	archive_entry_set_gid(w->entry, 0);
	archive_entry_set_uname(w->entry, "");
	archive_entry_set_gname(w->entry, "");
	archive_entry_set_mtime(w->entry, (time_t)w->mtime, 0);
	if (archive_write_header(w->ar, w->entry) != ARCHIVE_OK)
		err = archive_fail(w, name.ptr);
	sw_buf_free(&name);
	return err;
}

/* Writes a block of a member's data. */
static int put_data(struct sdist_writer *w, const char *data, size_t len)
{
	if (len > 0 && archive_write_data(w->ar, data, len) != (la_ssize_t)len)
		return archive_fail(w, "writing data");
	return bw_progress_add(&w->progress, len);
}

/* Streams a file of the tree into the archive. */
static int put_file(struct sdist_writer *w, const sw_build_member *m)
{
	char *path = bw_source_path(w->plan, m->source);
	struct stat st;
	int err = 0, fd = -1;
	unsigned long long total = 0;
	if (path == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(fd, &st) < 0) {
		err = sw_error_set(SW_EIO, "%s: cannot be read: %s", m->source, strerror(errno));
		goto done;
	}
	if ((err = put_header(w, m, (long long)st.st_size)) < 0)
		goto done;
	for (;;) {
		ssize_t n = read(fd, w->block, BW_BLOCK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = sw_error_set(SW_EIO, "%s: %s", m->source, strerror(errno));
			goto done;
		}
		if (n == 0)
			break;
		total += (unsigned long long)n;
		if (total > (unsigned long long)st.st_size)
			break;
		if ((err = put_data(w, w->block, (size_t)n)) < 0)
			goto done;
	}
	if (total != (unsigned long long)st.st_size)
		err = sw_error_set(SW_EIO, "%s: the file changed while it was being archived",
		                   m->source);
done:
	if (fd >= 0)
		close(fd);
	sw_free(path);
	return err;
}

/* Sets up libarchive: pax tar, gzip without timestamp or name. */
static int sdist_open(struct sdist_writer *w)
{
	if ((w->ar = archive_write_new()) == NULL || (w->entry = archive_entry_new()) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if (archive_write_set_format_pax_restricted(w->ar) != ARCHIVE_OK ||
	    archive_write_add_filter_gzip(w->ar) != ARCHIVE_OK ||
	    archive_write_set_filter_option(w->ar, "gzip", "timestamp", NULL) != ARCHIVE_OK ||
	    archive_write_set_bytes_in_last_block(w->ar, 1) != ARCHIVE_OK ||
	    archive_write_open(w->ar, w, NULL, sdist_write_cb, NULL) != ARCHIVE_OK)
		return archive_fail(w, "cannot start the archive");
	return 0;
}

int sw_build_write_sdist(sw_build_artifact *out, const sw_build_plan *plan,
                         const sw_build_write_opts *opts)
{
	static const sw_build_write_opts defaults = SW_BUILD_WRITE_OPTS_INIT;
	struct sdist_writer w = {0};
	locale_t utf8 = (locale_t)0, old = (locale_t)0;
	int err = 0;
	w.out.fd = -1;
	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (opts == NULL)
		opts = &defaults;
	if (opts->struct_version != SW_BUILD_WRITE_OPTS_VERSION || plan == NULL)
		return sw_error_set(SW_EINVAL, "sw_build_write_sdist: bad arguments");
	w.plan = plan;
	w.mtime = bw_mtime(opts, 0);
	if ((err = bw_progress_init(&w.progress, plan, &plan->sdist, opts)) < 0)
		return err;
	if ((w.block = sw_malloc(BW_BLOCK)) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	/* libarchive converts names through the thread's locale: UTF-8 here */
	utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	if (utf8 != (locale_t)0)
		old = uselocale(utf8);
	if ((err = bw_out_open(&w.out, opts->outdir, plan->sdist_filename)) < 0 ||
	    (err = sdist_open(&w)) < 0)
		goto done;
	for (size_t i = 0; i < plan->sdist.count && err == 0; i++) {
		const sw_build_member *m = &plan->sdist.items[i];
		if (m->source != NULL)
			err = put_file(&w, m);
		else if ((err = put_header(&w, m, (long long)m->data_len)) == 0)
			err = put_data(&w, m->data, m->data_len);
	}
	if (err == 0 && archive_write_close(w.ar) != ARCHIVE_OK)
		err = archive_fail(&w, "finishing the archive");
	if (err == 0)
		err = bw_out_commit(&w.out, out);
done:
	if (w.ar != NULL)
		archive_write_free(w.ar);
	if (w.entry != NULL)
		archive_entry_free(w.entry);
	bw_out_discard(&w.out);
	sw_free(w.block);
	if (utf8 != (locale_t)0) {
		uselocale(old);
		freelocale(utf8);
	}
	return err;
}
