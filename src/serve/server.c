/*
 * serve/server.c — the HTTP side of `slipway serve` on libmicrohttpd: a
 * thread pool with epoll, routing of the Simple API pages, file and
 * metadata downloads (sendfile from the fd, single byte ranges) and
 * uploads, which stream through serve/upload.c. Pages are rendered once per
 * index change and shared between responses by reference count. Requests
 * never build a path from the URL: files are looked up in the index, and
 * "." / ".." segments are refused outright.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "serve/serve_int.h"
#include "serve/server_int.h"
#include "slipway/pep508.h"

struct sw_server {
	struct sv_server_ctx ctx;
	struct MHD_Daemon *daemon;
	unsigned port;
};

/* Queues a response and logs the request. */
enum MHD_Result sv_reply(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
                         const char *method, const char *url)
{
	enum MHD_Result rc;
	if (!r)
		return MHD_NO;
	rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	sw_log(SW_LOG_INFO, "%s %s %u", method, url, status);
	return rc;
}

/* A short text or HTML body from a static or stack string (copied). */
struct MHD_Response *sv_text_response(const char *body, const char *ctype)
{
	struct MHD_Response *r =
	        MHD_create_response_from_buffer(strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
	if (r)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	return r;
}

enum MHD_Result sv_simple_error(struct MHD_Connection *c, unsigned status, const char *msg,
                                const char *method, const char *url)
{
	char body[1024];
	snprintf(body, sizeof(body), "%u %s\n", status, msg);
	return sv_reply(c, status, sv_text_response(body, "text/plain; charset=utf-8"), method,
	                url);
}

static enum MHD_Result redirect(struct MHD_Connection *c, unsigned status, const char *to,
                                const char *method, const char *url)
{
	struct MHD_Response *r = sv_text_response("", "text/plain; charset=utf-8");
	if (r)
		MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, to);
	return sv_reply(c, status, r, method, url);
}

static void page_free(void *cls)
{
	sv_page_unref(cls);
}

int sv_etag_matches(struct MHD_Connection *c, const char *etag)
{
	const char *h =
	        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_IF_NONE_MATCH);
	size_t n = strlen(etag);
	if (!h || !etag[0])
		return 0;
	for (const char *p = h; (p = strstr(p, etag)) != NULL; p += n)
		if ((p == h || strchr(" ,/", p[-1])) && (p[n] == '\0' || strchr(" ,", p[n])))
			return 1;
	return strcmp(h, "*") == 0;
}

/* 1 if the client accepts a gzip-encoded body (pip, browsers): "gzip"
 * listed in Accept-Encoding without q=0. */
static int wants_gzip(struct MHD_Connection *c)
{
	const char *ae =
	        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
	const char *g = ae ? strstr(ae, "gzip") : NULL;
	if (!g)
		return 0;
	const char *end = strchr(g, ',');
	const char *q = strstr(g, "q=");
	if (!q || (end && q > end))
		return 1;
	return strtod(q + 2, NULL) > 0;
}

/* Finds or renders the page in `slot` (index lock held); gz slots hold the
 * gzip of the plain slot before them. */
static int page_get(struct sv_index *idx, struct sv_project *p, struct sv_page **slots, int fmt,
                    int gz, struct sv_page **out)
{
	int err = 0;
	struct sv_page **plain = &slots[fmt * 2], **zipped = &slots[fmt * 2 + 1];
	if (!*plain) {
		sw_buf b;
		sw_buf_init(&b, SW_BUF_MAX_DEFAULT);
		err = p ? sv_render_project(&b, p, (enum sv_format)fmt)
		        : sv_render_root(&b, idx, (enum sv_format)fmt);
		if (!err && !(*plain = sv_page_from_buf(&b)))
			err = SW_ENOMEM;
		sw_buf_free(&b);
		if (err)
			return err;
	}
	if (gz && !*zipped && !(*zipped = sv_page_gzip(*plain)))
		return SW_ENOMEM;
	*out = gz ? *zipped : *plain;
	sv_page_ref(*out);
	return 0;
}

/* Serves a cached page (rendering it first if needed). */
static enum MHD_Result serve_page(struct sw_server *s, struct MHD_Connection *c, const char *name,
                                  const char *method, const char *url)
{
	struct sv_index *idx = &s->ctx.index;
	enum sv_format fmt;
	const char *ctype;
	struct sv_page *page = NULL;
	int gz = wants_gzip(c);
	const char *accept =
	        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
	const char *format = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
	if (sv_negotiate(&fmt, &ctype, accept, format) < 0)
		return sv_simple_error(c, 406, "Not Acceptable", method, url);
	pthread_mutex_lock(&idx->lock);
	int err = sv_index_refresh(idx);
	struct sv_project *p = !err && name ? sv_index_project(idx, name) : NULL;
	if (!err && (!name || p))
		err = page_get(idx, p, p ? p->page : idx->root_page, (int)fmt, gz, &page);
	pthread_mutex_unlock(&idx->lock);
	if (err < 0)
		return sv_simple_error(c, 500, sw_error_last(), method, url);
	if (!page)
		return sv_simple_error(c, 404, "Not Found", method, url);
	if (sv_etag_matches(c, page->etag)) {
		struct MHD_Response *nm = sv_text_response("", ctype);
		if (nm) {
			MHD_add_response_header(nm, MHD_HTTP_HEADER_ETAG, page->etag);
			MHD_add_response_header(nm, MHD_HTTP_HEADER_VARY,
			                        "Accept, Accept-Encoding");
		}
		sv_page_unref(page);
		return sv_reply(c, 304, nm, method, url);
	}
	struct MHD_Response *r = MHD_create_response_from_buffer_with_free_callback_cls(
	        page->len, page->data, page_free, page);
	if (!r) {
		sv_page_unref(page);
		return MHD_NO;
	}
	MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	MHD_add_response_header(r, MHD_HTTP_HEADER_ETAG, page->etag);
	if (gz)
		MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
	MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, "Accept, Accept-Encoding");
	MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "max-age=0, must-revalidate");
	return sv_reply(c, 200, r, method, url);
}

/* /simple/<name>[/]: the page, or a redirect to the normalised URL. */
static enum MHD_Result route_project(struct sw_server *s, struct MHD_Connection *c,
                                     const char *rest, const char *method, const char *url)
{
	char norm[SV_NAME_MAX], to[SV_NAME_MAX * 3 + 16];
	size_t n = strcspn(rest, "/");
	if (rest[n] == '/' && rest[n + 1])
		return sv_simple_error(c, 404, "Not Found", method, url);
	if (n == 0 || n >= SV_NAME_MAX ||
	    sw_name_normalize_to(norm, sizeof(norm), NULL, rest, n) < 0)
		return sv_simple_error(c, 404, "Not Found", method, url);
	if (rest[n] != '/' || strlen(norm) != n || memcmp(norm, rest, n) != 0) {
		sw_buf b;
		sw_buf_init(&b, sizeof(to) - 1);
		sw_buf_puts(&b, "/simple/");
		sv_url_encode(&b, norm);
		sw_buf_putc(&b, '/');
		snprintf(to, sizeof(to), "%s", sw_buf_cstr(&b));
		sw_buf_free(&b);
		return redirect(c, 301, to, method, url);
	}
	return serve_page(s, c, norm, method, url);
}

/* Returns 1 if a URL path has a "." or ".." segment or a backslash. */
static int path_is_unsafe(const char *url)
{
	if (strchr(url, '\\'))
		return 1;
	for (const char *p = url; *p;) {
		size_t n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 1;
		p += n;
		if (*p == '/')
			p++;
	}
	return 0;
}

static enum MHD_Result route_get(struct sw_server *s, struct MHD_Connection *c, const char *url,
                                 const char *method)
{
	if (strcmp(url, "/") == 0)
		return sv_reply(
		        c, 200,
		        sv_text_response("<!DOCTYPE html>\n<html><body><a href=\"/simple/\">simple "
		                         "index</a></body></html>\n",
		                         "text/html; charset=utf-8"),
		        method, url);
	if (strcmp(url, "/simple") == 0)
		return redirect(c, 301, "/simple/", method, url);
	if (strcmp(url, "/simple/") == 0)
		return serve_page(s, c, NULL, method, url);
	if (strncmp(url, "/simple/", 8) == 0)
		return route_project(s, c, url + 8, method, url);
	if (strncmp(url, "/files/", 7) == 0)
		return sv_serve_file(&s->ctx, c, url + 7, method, url);
	if (strcmp(url, "/legacy/") == 0 || strcmp(url, "/legacy") == 0)
		return sv_simple_error(c, 405, "Method Not Allowed", method, url);
	return sv_simple_error(c, 404, "Not Found", method, url);
}

/* The per-request state of a GET (which needs none but its presence). */
static int get_marker;

/* libmicrohttpd's access handler: two calls for a GET, several for a POST. */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *data,
                                  size_t *size, void **con_cls)
{
	struct sw_server *s = cls;
	(void)version;
	if (path_is_unsafe(url))
		return sv_simple_error(c, 400, "Bad Request: invalid path", method, url);
	if (strcmp(method, "POST") == 0) {
		if (strcmp(url, "/legacy") == 0)
			return redirect(c, 308, "/legacy/", method, url);
		if (strcmp(url, "/legacy/") == 0 || strcmp(url, "/") == 0)
			return sv_handle_upload(&s->ctx, c, url, data, size, con_cls);
		return sv_simple_error(c, 405, "Method Not Allowed", method, url);
	}
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
		return sv_simple_error(c, 405, "Method Not Allowed", method, url);
	/* answer on the second call, once the request is complete: a response
	 * queued on the first call makes libmicrohttpd close the connection */
	if (*con_cls == NULL) {
		*con_cls = &get_marker;
		return MHD_YES;
	}
	if (*size)
		return MHD_NO;
	return route_get(s, c, url, method);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	if (*con_cls && *con_cls != &get_marker)
		sv_upload_request_free(*con_cls);
	*con_cls = NULL;
}

/* Creates ROOT and ROOT/.tmp, and empties the latter (uploads a killed
 * server left behind). */
static int prepare_root(struct sw_server *s, const char *root)
{
	sw_buf b;
	DIR *d;
	struct dirent *e;
	if (mkdir(root, 0755) != 0 && errno != EEXIST)
		return sw_error_set(SW_EIO, "%s: cannot create: %s", root, strerror(errno));
	sw_buf_init(&b, 8192);
	sw_buf_printf(&b, "%s/.tmp", root);
	if (!(s->ctx.tmp_dir = sw_buf_detach(&b, NULL)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	if (mkdir(s->ctx.tmp_dir, 0755) != 0 && errno != EEXIST)
		return sw_error_set(SW_EIO, "%s: cannot create: %s", s->ctx.tmp_dir,
		                    strerror(errno));
	if (!(d = opendir(s->ctx.tmp_dir)))
		return sw_error_set(SW_EIO, "%s: %s", s->ctx.tmp_dir, strerror(errno));
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			unlinkat(dirfd(d), e->d_name, 0);
	closedir(d);
	return 0;
}

/* Resolves the address to bind. */
static int resolve(struct sockaddr_storage *addr, socklen_t *len, const char *host, unsigned port)
{
	struct addrinfo hints = {0}, *res = NULL;
	char service[16];
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	snprintf(service, sizeof(service), "%u", port);
	int rc = getaddrinfo(host, service, &hints, &res);
	if (rc != 0 || !res)
		return sw_error_set(SW_ENETWORK, "cannot resolve '%s': %s", host, gai_strerror(rc));
	memcpy(addr, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

/* Starts the libmicrohttpd daemon on the address. */
static int start_daemon(struct sw_server *s, const sw_serve_opts *o)
{
	struct sockaddr_storage addr;
	socklen_t alen;
	unsigned threads = o->threads ? o->threads : 4;
	int err = resolve(&addr, &alen, o->host ? o->host : "127.0.0.1", o->port);
	if (err < 0)
		return err;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL;
	if (addr.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s->daemon = MHD_start_daemon(
	        flags, (uint16_t)o->port, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, &addr,
	        MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_NOTIFY_COMPLETED, on_completed,
	        NULL, MHD_OPTION_CONNECTION_TIMEOUT, 300U, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	        (size_t)64 * 1024, MHD_OPTION_LISTENING_ADDRESS_REUSE, 1U, MHD_OPTION_END);
	if (!s->daemon)
		return sw_error_set(SW_ENETWORK, "cannot listen on %s port %u (in use?)",
		                    o->host ? o->host : "127.0.0.1", o->port);
	const union MHD_DaemonInfo *info =
	        MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : o->port;
	return 0;
}

int sw_serve_start(sw_server **out, const sw_serve_opts *o)
{
	int err = 0;
	struct sw_server *s;
	*out = NULL;
	if (!o || o->version != SW_SERVE_OPTS_VERSION || !o->root || !o->root[0])
		return sw_error_set(SW_EINVAL, "serve: invalid options");
	if (!(s = sw_calloc(1, sizeof(*s))))
		return sw_error_set(SW_ENOMEM, "out of memory");
	pthread_mutex_init(&s->ctx.commit_lock, NULL);
	s->ctx.max_upload = o->max_upload ? o->max_upload : SW_SERVE_MAX_UPLOAD_DEFAULT;
	s->ctx.read_only = o->read_only;
	s->ctx.allow_anonymous = o->allow_anonymous;
	if ((err = prepare_root(s, o->root)) < 0 ||
	    (err = sv_index_init(&s->ctx.index, o->root)) < 0)
		goto done;
	if ((o->users_file || o->token) &&
	    (err = sv_auth_new(&s->ctx.auth, o->users_file, o->token)) < 0)
		goto done;
	if ((err = start_daemon(s, o)) < 0)
		goto done;
	*out = s;
	s = NULL;
done:
	sw_serve_stop(s);
	return err;
}

unsigned sw_serve_port(const sw_server *s)
{
	return s->port;
}

void sw_serve_stop(sw_server *s)
{
	if (!s)
		return;
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	if (s->ctx.index.root)
		sv_index_clear(&s->ctx.index);
	sv_auth_free(s->ctx.auth);
	sw_free(s->ctx.tmp_dir);
	pthread_mutex_destroy(&s->ctx.commit_lock);
	sw_free(s);
}
