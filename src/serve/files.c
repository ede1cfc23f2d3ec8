/*
 * serve/files.c — downloads: GET /files/<project>/<file> sends the file from
 * its descriptor (sendfile where the platform has it) with its length,
 * type, an ETag (its sha256) and single byte ranges; <file>.metadata sends
 * the stored PEP 658 sidecar, or the METADATA read from the wheel for a
 * file that was dropped into the folder. The file is found in the index by
 * name: the URL never becomes a path.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve/server_int.h"

#define META_SUFFIX ".metadata"

/* What a request resolved to, copied out of the index under its lock. */
struct target {
	int fd;             /* open file to send, or -1 */
	char *extract_from; /* wheel to read METADATA from, or NULL */
	struct sv_distname dn;
	char etag[70];
	const char *ctype;
};

static const char *content_type_of(const char *filename, int meta)
{
	size_t n = strlen(filename);
	if (meta)
		return "text/plain; charset=utf-8";
	if (n > 4 &&
	    (strcmp(filename + n - 4, ".whl") == 0 || strcmp(filename + n - 4, ".zip") == 0))
		return "application/zip";
	return "application/gzip";
}

/* Looks the file up and opens what will be sent; 0, or 404/500 status. */
static unsigned resolve_target(struct sv_index *idx, const char *project, const char *file,
                               int meta, struct target *t)
{
	unsigned status = 404;
	pthread_mutex_lock(&idx->lock);
	struct sv_project *p = sv_index_refresh(idx) == 0 ? sv_index_project(idx, project) : NULL;
	struct sv_file *f = p ? sv_project_file(p, file) : NULL;
	if (!f || (meta && (sv_index_file_info(f) < 0 || !f->meta)))
		goto done;
	t->ctype = content_type_of(file, meta);
	if (!meta) {
		if (f->info_loaded)
			snprintf(t->etag, sizeof(t->etag), "\"%s\"", f->sha256);
		t->fd = open(f->path, O_RDONLY | O_CLOEXEC);
		status = t->fd < 0 ? 404 : 0;
		goto done;
	}
	snprintf(t->etag, sizeof(t->etag), "\"%s\"", f->meta_sha256);
	sw_buf path;
	sw_buf_init(&path, 8192);
	sw_buf_printf(&path, "%s" META_SUFFIX, f->path);
	t->fd = sw_buf_error(&path) ? -1 : open(path.ptr, O_RDONLY | O_CLOEXEC);
	sw_buf_free(&path);
	status = 0;
	if (t->fd < 0 &&
	    (sv_distname_parse(&t->dn, f->filename) < 0 || !(t->extract_from = sw_strdup(f->path))))
		status = 500;
done:
	pthread_mutex_unlock(&idx->lock);
	return status;
}

/* Parses "bytes=A-B" / "bytes=A-" / "bytes=-N" against size; 1 if a valid
 * single range, 0 if no usable header, -1 if unsatisfiable. */
static int parse_range(const char *h, uint64_t size, uint64_t *from, uint64_t *len)
{
	char *end;
	if (!h || strncmp(h, "bytes=", 6) != 0 || strchr(h, ','))
		return 0;
	h += 6;
	if (*h == '-') {
		unsigned long long n = strtoull(h + 1, &end, 10);
		if (*end || end == h + 1 || n == 0)
			return -1;
		*from = n >= size ? 0 : size - n;
	} else {
		unsigned long long a = strtoull(h, &end, 10);
		if (end == h || *end != '-')
			return 0;
		const char *b = end + 1;
		unsigned long long last = *b ? strtoull(b, &end, 10) : size - 1;
		if ((*b && *end) || a >= size || last < a)
			return -1;
		*from = a;
		*len = (last >= size ? size - 1 : last) - a + 1;
		return 1;
	}
	*len = size - *from;
	return 1;
}

/* Sends an open file, whole or a byte range. */
static enum MHD_Result send_fd(struct MHD_Connection *c, struct target *t, const char *method,
                               const char *url)
{
	struct stat st;
	uint64_t from = 0, len = 0;
	char cr[96];
	if (fstat(t->fd, &st) != 0)
		return sv_simple_error(c, 500, "Internal Server Error", method, url);
	uint64_t size = (uint64_t)st.st_size;
	const char *rh = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_RANGE);
	int range = parse_range(rh, size, &from, &len);
	if (range < 0) {
		struct MHD_Response *r = sv_text_response("", "text/plain");
		snprintf(cr, sizeof(cr), "bytes */%llu", (unsigned long long)size);
		if (r)
			MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, cr);
		return sv_reply(c, 416, r, method, url);
	}
	if (!range)
		len = size;
	if (t->etag[0] && sv_etag_matches(c, t->etag)) {
		struct MHD_Response *nm = sv_text_response("", t->ctype);
		if (nm)
			MHD_add_response_header(nm, MHD_HTTP_HEADER_ETAG, t->etag);
		return sv_reply(c, 304, nm, method, url);
	}
	struct MHD_Response *r = MHD_create_response_from_fd_at_offset64(len, t->fd, from);
	if (!r)
		return MHD_NO;
	t->fd = -1; /* the response closes it */
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, t->ctype);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ACCEPT_RANGES, "bytes");
	if (t->etag[0])
		MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, t->etag);
	if (range) {
		snprintf(cr, sizeof(cr), "bytes %llu-%llu/%llu", (unsigned long long)from,
		         (unsigned long long)(from + len - 1), (unsigned long long)size);
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_RANGE, cr);
	}
	return sv_reply(c, range ? 206 : 200, r, method, url);
}

/* Sends METADATA read from a wheel that has no sidecar. */
static enum MHD_Result send_extracted(struct MHD_Connection *c, struct target *t,
                                      const char *method, const char *url)
{
	sw_buf text;
	struct MHD_Response *r = NULL;
	sw_buf_init(&text, (size_t)16 * 1024 * 1024);
	if (sv_dist_metadata(&text, t->extract_from, strrchr(t->extract_from, '/') + 1, &t->dn) ==
	    0)
		r = MHD_create_response_from_buffer(text.len, text.ptr, MHD_RESPMEM_MUST_COPY);
	sw_buf_free(&text);
	if (!r)
		return sv_simple_error(c, 500, "Internal Server Error", method, url);
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, t->ctype);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, t->etag);
	return sv_reply(c, 200, r, method, url);
}

enum MHD_Result sv_serve_file(struct sv_server_ctx *ctx, struct MHD_Connection *c, const char *rest,
                              const char *method, const char *url)
{
	char project[SV_NAME_MAX], file[SV_NAME_MAX];
	struct target t = {.fd = -1};
	enum MHD_Result rc;
	size_t pn = strcspn(rest, "/");
	const char *fname = rest + pn + 1;
	size_t fn = rest[pn] ? strlen(fname) : 0;
	if (pn == 0 || pn >= sizeof(project) || fn == 0 || fn >= sizeof(file) || strchr(fname, '/'))
		return sv_simple_error(c, 404, "Not Found", method, url);
	memcpy(project, rest, pn);
	project[pn] = '\0';
	memcpy(file, fname, fn + 1);
	size_t ml = strlen(META_SUFFIX);
	int meta = fn > ml && strcmp(file + fn - ml, META_SUFFIX) == 0;
	if (meta)
		file[fn - ml] = '\0';
	unsigned status = resolve_target(&ctx->index, project, file, meta, &t);
	if (status)
		rc = sv_simple_error(c, status,
		                     status == 404 ? "Not Found" : "Internal Server Error", method,
		                     url);
	else if (t.fd >= 0)
		rc = send_fd(c, &t, method, url);
	else
		rc = send_extracted(c, &t, method, url);
	if (t.fd >= 0)
		close(t.fd);
	sw_free(t.extract_from);
	return rc;
}
