/*
 * serve/render.c — the Simple Repository API pages (SPECS.md §3): the
 * project list and project pages as PEP 503 HTML (with PEP 592/658/714
 * attributes) and PEP 691 JSON with the PEP 700 fields, API version 1.1;
 * the choice between them from Accept (q-values) or `?format=`; and the
 * reference-counted buffers that cache rendered pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "serve/serve_int.h"
#include "slipway/pep440.h"

#define SV_API_VERSION "1.1"

struct sv_page *sv_page_from_buf(sw_buf *buf)
{
	struct sv_page *p = sw_malloc(sizeof(*p) + buf->len + 1);
	if (!p)
		return NULL;
	unsigned char digest[32];
	char hex[17];
	p->refs = 1;
	p->len = buf->len;
	memcpy(p->data, sw_buf_cstr(buf), buf->len + 1);
	if (sw_hash_bytes(digest, SW_HASH_SHA256, p->data, p->len) < 0) {
		sw_free(p);
		return NULL;
	}
	sw_hex_encode(hex, digest, 8);
	snprintf(p->etag, sizeof(p->etag), "\"%s\"", hex);
	return p;
}

struct sv_page *sv_page_gzip(const struct sv_page *page)
{
	z_stream z;
	size_t cap = page->len + page->len / 1000 + 64;
	struct sv_page *out = sw_malloc(sizeof(*out) + cap);
	memset(&z, 0, sizeof(z));
	if (!out || deflateInit2(&z, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		sw_free(out);
		return NULL;
	}
	z.next_in = (unsigned char *)(uintptr_t)page->data;
	z.avail_in = (uInt)page->len;
	z.next_out = (unsigned char *)out->data;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	out->len = z.total_out;
	out->refs = 1;
	snprintf(out->etag, sizeof(out->etag), "%.17s-gz\"", page->etag);
	deflateEnd(&z);
	if (rc != Z_STREAM_END) {
		sw_free(out);
		return NULL;
	}
	return out;
}

void sv_page_ref(struct sv_page *page)
{
	__atomic_add_fetch(&page->refs, 1, __ATOMIC_RELAXED);
}

void sv_page_unref(struct sv_page *page)
{
	if (page && __atomic_sub_fetch(&page->refs, 1, __ATOMIC_ACQ_REL) == 0)
		sw_free(page);
}

/* ---- negotiation -------------------------------------------------------- */

/* What the server offers, in order of preference when q-values tie. */
static const struct offer {
	const char *type;
	enum sv_format fmt;
	const char *reply; /* Content-Type of the response */
} offers[] = {
        {"text/html", SV_FMT_HTML, "text/html; charset=utf-8"},
        {"application/vnd.pypi.simple.v1+html", SV_FMT_HTML, "application/vnd.pypi.simple.v1+html"},
        {"application/vnd.pypi.simple.latest+html", SV_FMT_HTML,
         "application/vnd.pypi.simple.v1+html"},
        {"application/vnd.pypi.simple.v1+json", SV_FMT_JSON, "application/vnd.pypi.simple.v1+json"},
        {"application/vnd.pypi.simple.latest+json", SV_FMT_JSON,
         "application/vnd.pypi.simple.v1+json"},
};

/* Case-insensitive compare of a range [s, s+n) with a NUL-terminated string. */
static int range_eq(const char *s, size_t n, const char *t)
{
	if (strlen(t) != n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char a = s[i] >= 'A' && s[i] <= 'Z' ? (char)(s[i] + 32) : s[i];
		if (a != t[i])
			return 0;
	}
	return 1;
}

/* How specifically a media range matches type t: 3 exactly, 2 by its major
 * type and a wildcard subtype, 1 by the full wildcard, 0 not at all. */
static int range_match(const char *r, size_t n, const char *t)
{
	const char *slash = strchr(t, '/');
	if (range_eq(r, n, t))
		return 3;
	if (n == 3 && memcmp(r, "*/*", 3) == 0)
		return 1;
	size_t major = (size_t)(slash - t);
	if (n == major + 2 && r[major] == '/' && r[major + 1] == '*') {
		for (size_t i = 0; i < major; i++) {
			char a = r[i] >= 'A' && r[i] <= 'Z' ? (char)(r[i] + 32) : r[i];
			if (a != t[i])
				return 0;
		}
		return 2;
	}
	return 0;
}

/* Parses "q=0.5" style weight in thousandths; 1000 if absent. */
static int parse_q(const char *p, const char *end)
{
	int q = 1000;
	while (p < end) {
		while (p < end && (*p == ';' || *p == ' ' || *p == '\t'))
			p++;
		if (end - p >= 2 && (p[0] == 'q' || p[0] == 'Q') && p[1] == '=') {
			p += 2;
			int whole = 0, frac = 0, scale = 100;
			if (p < end && *p >= '0' && *p <= '1')
				whole = *p++ - '0';
			if (p < end && *p == '.')
				for (p++; p < end && *p >= '0' && *p <= '9'; p++, scale /= 10)
					frac += (*p - '0') * scale;
			q = whole * 1000 + frac;
			return q > 1000 ? 1000 : q;
		}
		while (p < end && *p != ';')
			p++;
	}
	return q;
}

/* The weight (thousandths) the Accept header gives to type t. */
static int accept_weight(const char *accept, const char *t)
{
	int best_spec = 0, best_q = 0;
	const char *p = accept;
	while (*p) {
		const char *end = strchr(p, ',');
		if (!end)
			end = p + strlen(p);
		while (p < end && (*p == ' ' || *p == '\t'))
			p++;
		const char *r_end = p;
		while (r_end < end && *r_end != ';' && *r_end != ' ' && *r_end != '\t')
			r_end++;
		int spec = range_match(p, (size_t)(r_end - p), t);
		if (spec > best_spec) {
			best_spec = spec;
			best_q = parse_q(r_end, end);
		}
		p = *end ? end + 1 : end;
	}
	return best_q;
}

int sv_negotiate(enum sv_format *fmt, const char **content_type, const char *accept,
                 const char *format_param)
{
	int best = -1, best_q = 0;
	if (format_param) {
		for (size_t i = 0; i < SW_ARRAY_LEN(offers); i++) {
			if (range_eq(format_param, strlen(format_param), offers[i].type)) {
				*fmt = offers[i].fmt;
				*content_type = offers[i].reply;
				return 0;
			}
		}
		return SW_ENOTFOUND;
	}
	if (!accept || !accept[strspn(accept, " \t")])
		accept = "text/html";
	for (size_t i = 0; i < SW_ARRAY_LEN(offers); i++) {
		int q = accept_weight(accept, offers[i].type);
		if (q > best_q) {
			best_q = q;
			best = (int)i;
		}
	}
	if (best < 0)
		return SW_ENOTFOUND;
	*fmt = offers[best].fmt;
	*content_type = offers[best].reply;
	return 0;
}

/* ---- pages -------------------------------------------------------------- */

int sv_url_encode(sw_buf *out, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~+!", *p))
			sw_buf_putc(out, (char)*p);
		else
			sw_buf_printf(out, "%%%c%c", hex[*p >> 4], hex[*p & 15]);
	}
	return sw_buf_error(out);
}

/* Appends text escaped for HTML text and attribute values. */
static void html_escape(sw_buf *out, const char *text)
{
	for (const char *p = text; *p; p++) {
		switch (*p) {
		case '&':
			sw_buf_puts(out, "&amp;");
			break;
		case '<':
			sw_buf_puts(out, "&lt;");
			break;
		case '>':
			sw_buf_puts(out, "&gt;");
			break;
		case '"':
			sw_buf_puts(out, "&quot;");
			break;
		case '\'':
			sw_buf_puts(out, "&#x27;");
			break;
		default:
			sw_buf_putc(out, *p);
		}
	}
}

static void json_str(sw_buf *out, const char *s)
{
	sw_buf_put_json_string(out, s, strlen(s));
}

int sv_render_root(sw_buf *out, const struct sv_index *idx, enum sv_format fmt)
{
	if (fmt == SV_FMT_JSON) {
		sw_buf_puts(out,
		            "{\"meta\":{\"api-version\":\"" SV_API_VERSION "\"},\"projects\":[");
		for (size_t i = 0; i < idx->nprojects; i++) {
			sw_buf_puts(out, i ? ",{\"name\":" : "{\"name\":");
			json_str(out, idx->projects[i].name);
			sw_buf_putc(out, '}');
		}
		sw_buf_puts(out, "]}");
		return sw_buf_error(out);
	}
	sw_buf_puts(out,
	            "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" "
	            "content=\"" SV_API_VERSION "\">\n    <title>Simple index</title>\n  "
	            "</head>\n  <body>\n");
	for (size_t i = 0; i < idx->nprojects; i++) {
		sw_buf_puts(out, "    <a href=\"/simple/");
		sv_url_encode(out, idx->projects[i].name);
		sw_buf_puts(out, "/\">");
		html_escape(out, idx->projects[i].name);
		sw_buf_puts(out, "</a>\n");
	}
	sw_buf_puts(out, "  </body>\n</html>\n");
	return sw_buf_error(out);
}

/* The URL of a file, relative to the server root. */
static void file_url(sw_buf *out, const struct sv_project *p, const struct sv_file *f)
{
	sw_buf_puts(out, "/files/");
	sv_url_encode(out, p->name);
	sw_buf_putc(out, '/');
	sv_url_encode(out, f->filename);
}

static void html_file(sw_buf *out, const struct sv_project *p, const struct sv_file *f)
{
	sw_buf_puts(out, "    <a href=\"");
	file_url(out, p, f);
	sw_buf_printf(out, "#sha256=%s\"", f->sha256);
	if (f->requires_python) {
		sw_buf_puts(out, " data-requires-python=\"");
		html_escape(out, f->requires_python);
		sw_buf_putc(out, '"');
	}
	if (f->yanked) {
		sw_buf_puts(out, " data-yanked=\"");
		html_escape(out, f->yanked);
		sw_buf_putc(out, '"');
	}
	if (f->meta)
		sw_buf_printf(
		        out,
		        " data-dist-info-metadata=\"sha256=%s\" data-core-metadata=\"sha256=%s\"",
		        f->meta_sha256, f->meta_sha256);
	sw_buf_putc(out, '>');
	html_escape(out, f->filename);
	sw_buf_puts(out, "</a><br>\n");
}

static void json_file(sw_buf *out, const struct sv_project *p, const struct sv_file *f)
{
	char when[48];
	sw_buf_puts(out, "{\"filename\":");
	json_str(out, f->filename);
	sw_buf_puts(out, ",\"url\":\"");
	file_url(out, p, f);
	sw_buf_printf(out, "\",\"hashes\":{\"sha256\":\"%s\"},\"requires-python\":", f->sha256);
	if (f->requires_python)
		json_str(out, f->requires_python);
	else
		sw_buf_puts(out, "null");
	if (f->meta)
		sw_buf_printf(out,
		              ",\"core-metadata\":{\"sha256\":\"%s\"},"
		              "\"dist-info-metadata\":{\"sha256\":\"%s\"}",
		              f->meta_sha256, f->meta_sha256);
	else
		sw_buf_puts(out, ",\"core-metadata\":false,\"dist-info-metadata\":false");
	sw_buf_puts(out, ",\"gpg-sig\":false,\"yanked\":");
	if (!f->yanked)
		sw_buf_puts(out, "false");
	else if (!f->yanked[0])
		sw_buf_puts(out, "true");
	else
		json_str(out, f->yanked);
	sv_iso_time(when, sizeof(when), f->upload_time, f->upload_usec);
	sw_buf_printf(out, ",\"size\":%lld,\"upload-time\":\"%s\"}", (long long)f->stamp.size,
	              when);
}

static int cmp_version(const void *a, const void *b)
{
	const sw_version *x = *(sw_version *const *)a, *y = *(sw_version *const *)b;
	return sw_version_compare(x, y);
}

/* Appends the versions that are not PEP 440, once each, in file order,
 * after `written` entries. */
static void json_legacy_versions(sw_buf *out, const struct sv_project *p, const char *legacy,
                                 size_t written)
{
	for (size_t i = 0; i < p->nfiles; i++) {
		const char *text = p->files[i]->version;
		int seen = 0;
		if (!legacy[i])
			continue;
		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(p->files[j]->version, text) == 0;
		if (seen)
			continue;
		if (written++)
			sw_buf_putc(out, ',');
		json_str(out, text);
	}
}

/* Appends the PEP 700 "versions" list: unique, in PEP 440 order, with the
 * versions that do not parse after the others in filename order. */
static int json_versions(sw_buf *out, const struct sv_project *p)
{
	size_t count = p->nfiles ? p->nfiles : 1, n = 0, w = 0;
	sw_version **v = sw_calloc(count, sizeof(*v));
	char *legacy = sw_calloc(count, 1);
	int err = v && legacy ? 0 : SW_ENOMEM;
	for (size_t i = 0; i < p->nfiles && err != SW_ENOMEM; i++) {
		const char *text = p->files[i]->version;
		if ((err = sw_version_parse(&v[n], text, strlen(text))) == 0)
			n++;
		else
			legacy[i] = err != SW_ENOMEM;
	}
	if (err == SW_ENOMEM) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	sw_error_clear();
	qsort(v, n, sizeof(*v), cmp_version);
	sw_buf_puts(out, "\"versions\":[");
	for (size_t i = 0; i < n; i++) {
		if (i && strcmp(sw_version_str(v[i]), sw_version_str(v[i - 1])) == 0)
			continue;
		if (w++)
			sw_buf_putc(out, ',');
		json_str(out, sw_version_str(v[i]));
	}
	json_legacy_versions(out, p, legacy, w);
	sw_buf_putc(out, ']');
	err = sw_buf_error(out);
done:
	for (size_t i = 0; i < n; i++)
		sw_version_free(v[i]);
	sw_free(v);
	sw_free(legacy);
	return err;
}

int sv_render_project(sw_buf *out, struct sv_project *p, enum sv_format fmt)
{
	int err = 0;
	for (size_t i = 0; i < p->nfiles; i++)
		if ((err = sv_index_file_info(p->files[i])) < 0)
			return err;
	if (fmt == SV_FMT_JSON) {
		sw_buf_puts(out, "{\"meta\":{\"api-version\":\"" SV_API_VERSION "\"},\"name\":");
		json_str(out, p->name);
		sw_buf_putc(out, ',');
		if ((err = json_versions(out, p)) < 0)
			return err;
		sw_buf_puts(out, ",\"files\":[");
		for (size_t i = 0; i < p->nfiles; i++) {
			if (i)
				sw_buf_putc(out, ',');
			json_file(out, p, p->files[i]);
		}
		sw_buf_puts(out, "]}");
		return sw_buf_error(out);
	}
	sw_buf_puts(out,
	            "<!DOCTYPE html>\n<html>\n  <head>\n    <meta name=\"pypi:repository-version\" "
	            "content=\"" SV_API_VERSION "\">\n    <title>Links for ");
	html_escape(out, p->name);
	sw_buf_puts(out, "</title>\n  </head>\n  <body>\n    <h1>Links for ");
	html_escape(out, p->name);
	sw_buf_puts(out, "</h1>\n");
	for (size_t i = 0; i < p->nfiles; i++)
		html_file(out, p, p->files[i]);
	sw_buf_puts(out, "  </body>\n</html>\n");
	return sw_buf_error(out);
}
