/*
 * build/wheel.c — writes the planned wheel with libzip: the members in
 * plan order with the .dist-info files last and RECORD the final entry,
 * deflated, one fixed DOS timestamp, Unix modes in the external
 * attributes, no data descriptors (libzip seeks back to write the sizes),
 * no folder entries. Each member is read through a zip_source_function
 * callback in blocks, and hashed (sha256) as libzip pulls the bytes; RECORD
 * is generated from those digests when libzip asks for it, after every
 * other member was written. Its size is known up front (a digest is
 * always 43 characters), so libzip never needs ZIP64 guesses.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

#include "build/write_int.h"
#include "slipway/hash.h"
#include "util/util.h"

/* Characters of an unpadded urlsafe base64 sha256. */
#define WH_B64_LEN 43

/* One member as libzip reads it. */
struct wh_entry {
	struct wheel_writer *w;
	const sw_build_member *m; /* NULL for RECORD */
	unsigned long long size;  /* from stat(), or the data's length */
	int fd;
	size_t pos; /* read position in m->data / the RECORD text */
	sw_hash *hash;
	char b64[SW_HASH_B64_SIZE];
	int hashed;
};

struct wheel_writer {
	const sw_build_plan *plan;
	zip_t *za;
	struct wh_entry *entries; /* one per member, then RECORD */
	size_t count;             /* members + 1 */
	struct bw_progress progress;
	sw_buf record;
	char *record_path;
	int err; /* the first error seen by a callback */
};

/* Returns 1 if a wheel member belongs in the .dist-info (written last). */
static int in_dist_info(const sw_build_plan *plan, const char *path)
{
	size_t n = strlen(plan->dist_info);
	return strncmp(path, plan->dist_info, n) == 0 && path[n] == '/';
}

/* Appends one RECORD row's path, quoted as csv does when needed. */
static void record_path(sw_buf *b, const char *path)
{
	if (strpbrk(path, ",\"\r\n") == NULL) {
		sw_buf_puts(b, path);
		return;
	}
	sw_buf_putc(b, '"');
	for (const char *p = path; *p; p++) {
		if (*p == '"')
			sw_buf_putc(b, '"');
		sw_buf_putc(b, *p);
	}
	sw_buf_putc(b, '"');
}

/* The RECORD text, with `fill` 1 for real digests and 0 for placeholders
 * of the same length (to learn its size up front). */
static int record_build(struct wheel_writer *w, int fill)
{
	sw_buf_clear(&w->record);
	for (size_t i = 0; i + 1 < w->count; i++) {
		const struct wh_entry *e = &w->entries[i];
		record_path(&w->record, e->m->path);
		sw_buf_printf(&w->record, ",sha256=%s,%llu\n",
		              fill ? e->b64 : "-------------------------------------------",
		              e->size);
	}
	record_path(&w->record, w->record_path);
	sw_buf_puts(&w->record, ",,\n");
	return sw_buf_error(&w->record) < 0 ? sw_error_set(SW_ENOMEM, "out of memory") : 0;
}

/* Opens an entry's content for reading and starts its digest. */
static int entry_open(struct wh_entry *e)
{
	struct wheel_writer *w = e->w;
	e->pos = 0;
	sw_hash_free(e->hash);
	e->hash = NULL;
	if (e->m == NULL) {
		int err = record_build(w, 1);
		if (err == 0 && w->record.len != e->size)
			err = sw_error_set(SW_EIO, "RECORD changed size while writing");
		return err;
	}
	if (sw_hash_new_sized(&e->hash, SW_HASH_SHA256, w->progress.total) < 0)
		return SW_ENOMEM;
	if (e->m->source == NULL)
		return 0;
	char *path = bw_source_path(w->plan, e->m->source);
	if (path == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	e->fd = open(path, O_RDONLY | O_CLOEXEC);
	sw_free(path);
	if (e->fd < 0)
		return sw_error_set(SW_EIO, "%s: cannot be read: %s", e->m->source,
		                    strerror(errno));
	return 0;
}

/* Reads the next bytes of an entry into buf; returns how many, or < 0. */
static zip_int64_t entry_read(struct wh_entry *e, void *buf, zip_uint64_t len)
{
	size_t n = 0;
	if (e->m == NULL || e->m->source == NULL) {
		const char *data = e->m ? e->m->data : e->w->record.ptr;
		size_t total = e->m ? e->m->data_len : e->w->record.len;
		n = total - e->pos < len ? total - e->pos : (size_t)len;
		memcpy(buf, data + e->pos, n);
	} else {
		ssize_t r;
		do
			r = read(e->fd, buf, len > BW_BLOCK ? BW_BLOCK : (size_t)len);
		while (r < 0 && errno == EINTR);
		if (r < 0)
			return sw_error_set(SW_EIO, "%s: %s", e->m->source, strerror(errno));
		n = (size_t)r;
		if (e->pos + n > e->size || (n == 0 && e->pos != e->size))
			return sw_error_set(SW_EIO,
			                    "%s: the file changed while it was being archived",
			                    e->m->source);
	}
	e->pos += n;
	if (e->hash != NULL && sw_hash_update(e->hash, buf, n) < 0)
		return SW_ENOMEM;
	int err = bw_progress_add(&e->w->progress, n);
	return err < 0 ? err : (zip_int64_t)n;
}

/* Finishes an entry: closes its file and keeps its digest for RECORD. */
static int entry_close(struct wh_entry *e)
{
	unsigned char digest[SW_HASH_MAX_SIZE];
	if (e->fd >= 0)
		close(e->fd);
	e->fd = -1;
	if (e->hash == NULL)
		return 0;
	int err = sw_hash_final(e->hash, digest);
	sw_hash_free(e->hash);
	e->hash = NULL;
	if (err < 0)
		return err;
	sw_b64url_encode(e->b64, digest, sw_hash_size(SW_HASH_SHA256));
	e->hashed = 1;
	return 0;
}

/* libzip's source callback for one member. */
static zip_int64_t wh_source_cb(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd)
{
	struct wh_entry *e = ud;
	int err = 0;
	switch (cmd) {
	case ZIP_SOURCE_OPEN:
		err = entry_open(e);
		break;
	case ZIP_SOURCE_READ: {
		zip_int64_t n = entry_read(e, data, len);
		if (n >= 0)
			return n;
		err = (int)n;
		break;
	}
	case ZIP_SOURCE_CLOSE:
		err = entry_close(e);
		break;
	case ZIP_SOURCE_STAT: {
		zip_stat_t *st = data;
		zip_stat_init(st);
		st->size = e->size;
		st->mtime = (time_t)0;
		st->valid = ZIP_STAT_SIZE;
		return sizeof(*st);
	}
	case ZIP_SOURCE_ERROR: {
		zip_error_t ze;
		zip_error_init_with_code(&ze, ZIP_ER_READ);
		zip_int64_t n = zip_error_to_data(&ze, data, len);
		zip_error_fini(&ze);
		return n;
	}
	case ZIP_SOURCE_FREE:
		return 0;
	case ZIP_SOURCE_SUPPORTS:
		return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
		                                      ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
		                                      ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
	default:
		return -1;
	}
	if (err < 0) {
		if (e->w->err == 0)
			e->w->err = err;
		return -1;
	}
	return 0;
}

/* The DOS time and date of a UTC timestamp (at least 1980-01-01). */
static void dos_time(long long t, zip_uint16_t *dtime, zip_uint16_t *ddate)
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	if (tm.tm_year > 2107 - 1900)
		tm.tm_year = 2107 - 1900;
	*dtime = (zip_uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
	*ddate = (zip_uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

/* Fills the entries: members outside the .dist-info, then those inside,
 * then RECORD; sizes from stat() so libzip knows them up front. */
static int entries_make(struct wheel_writer *w)
{
	const sw_build_members *list = &w->plan->wheel;
	size_t k = 0;
	w->count = list->count + 1;
	if ((w->entries = sw_calloc(w->count, sizeof(*w->entries))) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < list->count; i++) {
			const sw_build_member *m = &list->items[i];
			if (in_dist_info(w->plan, m->path) != pass)
				continue;
			struct wh_entry *e = &w->entries[k++];
			e->w = w;
			e->m = m;
			e->fd = -1;
			e->size = m->data_len;
			if (m->source == NULL)
				continue;
			char *path = bw_source_path(w->plan, m->source);
			struct stat st;
			if (path == NULL)
				return sw_error_set(SW_ENOMEM, "out of memory");
			int rc = stat(path, &st);
			sw_free(path);
			if (rc < 0 || !S_ISREG(st.st_mode))
				return sw_error_set(SW_EIO, "%s: cannot be read", m->source);
			e->size = (unsigned long long)st.st_size;
		}
	}
	struct wh_entry *rec = &w->entries[k];
	rec->w = w;
	rec->fd = -1;
	int err = record_build(w, 0);
	rec->size = w->record.len;
	return err;
}

/* Adds every entry to the archive with its name, mode, time and method. */
static int entries_add(struct wheel_writer *w, long long mtime)
{
	zip_uint16_t dt, dd;
	dos_time(mtime, &dt, &dd);
	for (size_t i = 0; i < w->count; i++) {
		struct wh_entry *e = &w->entries[i];
		const char *name = e->m ? e->m->path : w->record_path;
		zip_uint32_t mode =
		        (zip_uint32_t)S_IFREG | (e->m && e->m->executable ? 0755u : 0644u);
		zip_source_t *src = zip_source_function(w->za, wh_source_cb, e);
		if (src == NULL)
			return sw_error_set(SW_ENOMEM, "out of memory");
		zip_int64_t idx = zip_file_add(w->za, name, src, ZIP_FL_ENC_UTF_8);
		if (idx < 0) {
			zip_source_free(src);
			return sw_error_set(SW_EIO, "%s: cannot add '%s': %s",
			                    w->plan->wheel_filename, name, zip_strerror(w->za));
		}
		zip_uint64_t ix = (zip_uint64_t)idx;
		if (zip_set_file_compression(w->za, ix, ZIP_CM_DEFLATE, 6) < 0 ||
		    zip_file_set_dostime(w->za, ix, dt, dd, 0) < 0 ||
		    zip_file_set_external_attributes(w->za, ix, 0, ZIP_OPSYS_UNIX, mode << 16) < 0)
			return sw_error_set(SW_EIO, "%s: '%s': %s", w->plan->wheel_filename, name,
			                    zip_strerror(w->za));
	}
	return 0;
}

/* Frees the writer's entries (closing what a failed write left open). */
static void entries_free(struct wheel_writer *w)
{
	for (size_t i = 0; w->entries != NULL && i < w->count; i++) {
		if (w->entries[i].fd >= 0)
			close(w->entries[i].fd);
		sw_hash_free(w->entries[i].hash);
	}
	sw_free(w->entries);
	w->entries = NULL;
}

/* Opens the temporary file as a new zip archive. */
static int wheel_open(struct wheel_writer *w, struct bw_out *out)
{
	int zerr = 0;
	close(out->fd);
	out->fd = -1;
	w->za = zip_open(out->tmp_path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
	if (w->za == NULL) {
		zip_error_t ze;
		zip_error_init_with_code(&ze, zerr);
		int err = sw_error_set(SW_EIO, "%s: %s", out->tmp_path, zip_error_strerror(&ze));
		zip_error_fini(&ze);
		return err;
	}
	return 0;
}

int sw_build_write_wheel(sw_build_artifact *out, const sw_build_plan *plan,
                         const sw_build_write_opts *opts)
{
	static const sw_build_write_opts defaults = SW_BUILD_WRITE_OPTS_INIT;
	struct wheel_writer w = {0};
	struct bw_out file = {.fd = -1};
	int err = 0;
	if (out != NULL)
		memset(out, 0, sizeof(*out));
	if (opts == NULL)
		opts = &defaults;
	if (opts->struct_version != SW_BUILD_WRITE_OPTS_VERSION || plan == NULL)
		return sw_error_set(SW_EINVAL, "sw_build_write_wheel: bad arguments");
	w.plan = plan;
	sw_buf_init(&w.record, SW_BUF_MAX_DEFAULT);
	sw_buf_printf(&w.record, "%s/RECORD", plan->dist_info);
	if (sw_buf_error(&w.record) < 0 || (w.record_path = sw_buf_detach(&w.record, NULL)) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	sw_buf_init(&w.record, SW_BUF_MAX_DEFAULT);
	if ((err = bw_progress_init(&w.progress, plan, &plan->wheel, opts)) < 0 ||
	    (err = entries_make(&w)) < 0)
		goto done;
	if ((err = bw_out_open(&file, opts->outdir, plan->wheel_filename)) < 0 ||
	    (err = wheel_open(&w, &file)) < 0 ||
	    (err = entries_add(&w, bw_mtime(opts, 315532800LL))) < 0)
		goto done;
	if (zip_close(w.za) < 0) {
		err = w.err < 0 ? w.err
		                : sw_error_set(SW_EIO, "%s: %s", plan->wheel_filename,
		                               zip_strerror(w.za));
		goto done;
	}
	w.za = NULL;
	err = bw_out_commit(&file, out);
done:
	if (w.za != NULL)
		zip_discard(w.za);
	bw_out_discard(&file);
	entries_free(&w);
	sw_buf_free(&w.record);
	sw_free(w.record_path);
	return err;
}
