/*
 * serve/upload.c — receiving one upload: the multipart body is parsed as it
 * streams in; text fields are kept (bounded in count and bytes), the
 * `content` part goes straight to a temporary file under ROOT/.tmp while
 * its sha256, md5 and blake2b-256 are computed, so the body is never held
 * in memory. The first failure is kept as the result and the rest of the
 * body is read and dropped, so the client sees the answer, not a reset.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "serve/multipart.h"
#include "serve/serve_int.h"

/* Limits on the text fields of one upload. */
#define SV_FIELDS_MAX_BYTES ((size_t)16 * 1024 * 1024)
#define SV_FIELDS_MAX_COUNT 2000

static const enum sw_hash_algo algos[3] = {SW_HASH_SHA256, SW_HASH_MD5, SW_HASH_BLAKE2B_256};

void sv_fail(struct sv_upload *up, unsigned status, const char *fmt, ...)
{
	va_list ap;
	if (up->failed)
		return;
	up->failed = 1;
	up->result.status = status;
	va_start(ap, fmt);
	vsnprintf(up->result.message, sizeof(up->result.message), fmt, ap);
	va_end(ap);
}

/* Closes and removes the temporary file, if any. */
static void drop_tmp(struct sv_upload *up)
{
	if (up->fd >= 0)
		close(up->fd);
	up->fd = -1;
	if (up->tmp_path)
		unlink(up->tmp_path);
	sw_free(up->tmp_path);
	up->tmp_path = NULL;
}

/* Creates the temporary file and the digest contexts for `content`. */
static int open_tmp(struct sv_upload *up)
{
	sw_buf p;
	unsigned long seq = __atomic_add_fetch(&up->srv->tmp_seq, 1, __ATOMIC_RELAXED);
	sw_buf_init(&p, 8192);
	size_t n = strlen(up->filename);
	/* the archive reader goes by the suffix */
	const char *suffix = n > 7 && strcmp(up->filename + n - 7, ".tar.gz") == 0 ? ".tar.gz"
	                     : n > 4 && strcmp(up->filename + n - 4, ".whl") == 0  ? ".whl"
	                                                                           : ".zip";
	sw_buf_printf(&p, "%s/upload-%ld-%lu%s", up->srv->tmp_dir, (long)getpid(), seq, suffix);
	if (!(up->tmp_path = sw_buf_detach(&p, NULL)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	up->fd = open(up->tmp_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (up->fd < 0) {
		sw_free(up->tmp_path);
		up->tmp_path = NULL;
		return sw_error_set(SW_EIO, "cannot create a temporary file: %s", strerror(errno));
	}
	for (int i = 0; i < 3; i++)
		if (sw_hash_new(&up->hash[i], algos[i]) < 0)
			return SW_ENOMEM;
	return 0;
}

static int on_begin(void *ctx, const struct sv_mp_part *part)
{
	struct sv_upload *up = ctx;
	up->cur_field = 0;
	if (up->failed)
		return 0;
	sw_buf_clear(&up->cur);
	if (strcmp(part->name, "content") == 0 && part->filename) {
		if (up->have_file || up->fd >= 0) {
			sv_fail(up, 400, "content: Should not be a tuple.");
			return 0;
		}
		if (!(up->filename = sw_strdup(part->filename)) ||
		    (part->content_type && !(up->file_ctype = sw_strdup(part->content_type))) ||
		    open_tmp(up) < 0) {
			sv_fail(up, 500, "Could not store the upload: %s", sw_error_last());
			return 0;
		}
		up->cur_field = 2;
		return 0;
	}
	if (up->nfields >= SV_FIELDS_MAX_COUNT) {
		sv_fail(up, 400, "Too many form fields.");
		return 0;
	}
	struct sv_field *f = sw_realloc(up->fields, (up->nfields + 1) * sizeof(*f));
	if (!f) {
		sv_fail(up, 500, "out of memory");
		return 0;
	}
	up->fields = f;
	f = &up->fields[up->nfields++];
	f->name = sw_strdup(part->name);
	f->value = NULL;
	f->was_file = part->filename != NULL;
	if (!f->name)
		sv_fail(up, 500, "out of memory");
	up->cur_field = f->was_file ? 0 : 1;
	return 0;
}

/* Writes a chunk of the file and feeds the digests. */
static void file_data(struct sv_upload *up, const char *data, size_t len)
{
	up->size += len;
	if (up->size > up->srv->max_upload) {
		sv_fail(up, 413, "File too large. Limit is %llu MB.",
		        up->srv->max_upload / (1024 * 1024));
		drop_tmp(up);
		up->cur_field = 0;
		return;
	}
	for (int i = 0; i < 3; i++)
		sw_hash_update(up->hash[i], data, len);
	while (len > 0) {
		ssize_t n = write(up->fd, data, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			sv_fail(up, 500, "Could not store the upload: %s", strerror(errno));
			drop_tmp(up);
			up->cur_field = 0;
			return;
		}
		data += n;
		len -= (size_t)n;
	}
}

static int on_data(void *ctx, const char *data, size_t len)
{
	struct sv_upload *up = ctx;
	if (up->cur_field == 2) {
		file_data(up, data, len);
	} else if (up->cur_field == 1) {
		if (up->fields_bytes + up->cur.len + len > SV_FIELDS_MAX_BYTES) {
			sv_fail(up, 400, "Form fields too large.");
			up->cur_field = 0;
		} else if (sw_buf_put(&up->cur, data, len) < 0) {
			sv_fail(up, 500, "out of memory");
		}
	}
	return 0;
}

static int on_end(void *ctx)
{
	struct sv_upload *up = ctx;
	unsigned char digest[SW_HASH_MAX_SIZE];
	if (up->cur_field == 1) {
		struct sv_field *f = &up->fields[up->nfields - 1];
		up->fields_bytes += up->cur.len;
		if (!(f->value = sw_strndup(sw_buf_cstr(&up->cur), up->cur.len)))
			sv_fail(up, 500, "out of memory");
	} else if (up->cur_field == 2) {
		for (int i = 0; i < 3; i++) {
			sw_hash_final(up->hash[i], digest);
			sw_hex_encode(up->hex[i], digest, sw_hash_size(algos[i]));
		}
		up->have_file = 1;
	}
	up->cur_field = 0;
	return 0;
}

int sv_upload_begin(struct sv_upload *up, struct sv_server_ctx *srv, const char *content_type)
{
	static const struct sv_mp_callbacks cb = {on_begin, on_data, on_end};
	sv_mp *mp = NULL;
	memset(up, 0, sizeof(*up));
	up->srv = srv;
	up->fd = -1;
	sw_buf_init(&up->cur, SV_FIELDS_MAX_BYTES);
	if (sv_mp_new(&mp, content_type, &cb, up) < 0) {
		sv_fail(up, 400, "Invalid multipart/form-data request: %s.", sw_error_last());
		return 0;
	}
	up->mp = mp;
	return 0;
}

void sv_upload_feed(struct sv_upload *up, const char *data, size_t len)
{
	if (!up->mp)
		return;
	int err = sv_mp_feed(up->mp, data, len);
	if (err < 0) {
		sv_fail(up, 400, "Invalid multipart/form-data request: %s.", sw_error_last());
		sv_mp_free(up->mp);
		up->mp = NULL;
	}
}

void sv_upload_finish(struct sv_upload *up)
{
	if (!up->failed && up->mp && sv_mp_finish(up->mp) < 0)
		sv_fail(up, 400, "Invalid multipart/form-data request: %s.", sw_error_last());
	if (up->failed)
		return;
	if (up->fd >= 0 && fsync(up->fd) != 0) {
		sv_fail(up, 500, "Could not store the upload: %s", strerror(errno));
		return;
	}
	sv_upload_validate_and_store(up);
}

void sv_upload_clear(struct sv_upload *up)
{
	drop_tmp(up);
	sv_mp_free(up->mp);
	for (size_t i = 0; i < up->nfields; i++) {
		sw_free(up->fields[i].name);
		sw_free(up->fields[i].value);
	}
	sw_free(up->fields);
	for (int i = 0; i < 3; i++)
		sw_hash_free(up->hash[i]);
	sw_free(up->filename);
	sw_free(up->file_ctype);
	sw_buf_free(&up->cur);
	memset(up, 0, sizeof(*up));
	up->fd = -1;
}

const char *sv_upload_field(const struct sv_upload *up, const char *name)
{
	for (size_t i = 0; i < up->nfields; i++) {
		const struct sv_field *f = &up->fields[i];
		if (f->was_file || !f->value || strcmp(f->name, name) != 0)
			continue;
		const char *v = f->value;
		size_t n = strlen(v), s = strspn(v, " \t\r\n");
		while (n > s && strchr(" \t\r\n", v[n - 1]))
			n--;
		if (n == s || (n - s == 7 && memcmp(v + s, "UNKNOWN", 7) == 0))
			continue;
		return v;
	}
	return NULL;
}
