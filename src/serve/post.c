/*
 * serve/post.c — the upload endpoint (POST /legacy/ and POST /) on
 * libmicrohttpd: refusals that do not need the body (read-only, missing or
 * bad credentials, a declared length over the limit) are decided when the
 * headers arrive; the body then streams into serve/upload.c, or is read and
 * dropped so the client gets the refusal rather than a reset. The answer
 * carries PyPI's message as HTML, or as JSON {message, code, title} when the
 * client asks for application/json (as uv does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve/server_int.h"

/* Bodies larger than this are not drained after an early refusal: the
 * answer goes out at once and the connection closes. */
#define SV_DRAIN_MAX    ((unsigned long long)64 * 1024 * 1024)
#define SV_FIELDS_SLACK ((unsigned long long)17 * 1024 * 1024)

#define INVALID_AUTH                                                                               \
	"Invalid or non-existent authentication information. See "                                 \
	"https://pypi.org/help/#invalid-auth for more information."

struct sv_req {
	struct sv_upload up;
	int early; /* the answer was decided from the headers */
};

void sv_upload_request_free(void *state)
{
	struct sv_req *rq = state;
	sv_upload_clear(&rq->up);
	sw_free(rq);
}

static const char *reason_of(unsigned status)
{
	static const struct {
		unsigned status;
		const char *title;
	} titles[] = {{200, "OK"},
	              {400, "Bad Request"},
	              {401, "Unauthorized"},
	              {403, "Forbidden"},
	              {405, "Method Not Allowed"},
	              {410, "Gone"},
	              {413, "Payload Too Large"},
	              {500, "Internal Server Error"}};
	for (size_t i = 0; i < SW_ARRAY_LEN(titles); i++)
		if (titles[i].status == status)
			return titles[i].title;
	return "Error";
}

/* Builds the error body: JSON if the client prefers it, else HTML. */
static struct MHD_Response *error_response(struct MHD_Connection *c, const struct sv_result *res)
{
	const char *accept =
	        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT);
	int json = accept && strstr(accept, "application/json");
	sw_buf b;
	struct MHD_Response *r = NULL;
	sw_buf_init(&b, 64 * 1024);
	if (json) {
		char code[1100];
		snprintf(code, sizeof(code), "%u %s", res->status, res->message);
		sw_buf_puts(&b, "{\"message\":");
		sw_buf_put_json_string(&b, res->message, strlen(res->message));
		sw_buf_puts(&b, ",\"code\":");
		sw_buf_put_json_string(&b, code, strlen(code));
		sw_buf_printf(&b, ",\"title\":\"%s\"}\n", reason_of(res->status));
	} else {
		sw_buf_printf(
		        &b,
		        "<html>\n <head>\n  <title>%u %s</title>\n </head>\n <body>\n  <h1>%u "
		        "%s</h1>\n  ",
		        res->status, reason_of(res->status), res->status, reason_of(res->status));
		for (const char *p = res->message; *p; p++) {
			if (*p == '<')
				sw_buf_puts(&b, "&lt;");
			else if (*p == '>')
				sw_buf_puts(&b, "&gt;");
			else if (*p == '&')
				sw_buf_puts(&b, "&amp;");
			else
				sw_buf_putc(&b, *p);
		}
		sw_buf_puts(&b, "\n </body>\n</html>\n");
	}
	if (!sw_buf_error(&b))
		r = sv_text_response(sw_buf_cstr(&b),
		                     json ? "application/json" : "text/html; charset=utf-8");
	sw_buf_free(&b);
	return r;
}

/* Sends the upload's result. */
static enum MHD_Result answer(struct MHD_Connection *c, struct sv_req *rq, const char *url)
{
	const struct sv_result *res = &rq->up.result;
	struct MHD_Response *r;
	if (res->status == 200) {
		r = sv_text_response("", "text/plain; charset=utf-8");
	} else {
		r = error_response(c, res);
		if (r && res->status == 401)
			MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
			                        "Basic realm=\"slipway\"");
	}
	sw_log(SW_LOG_INFO, "upload %s: %u %s", rq->up.filename ? rq->up.filename : "(no file)",
	       res->status, res->status == 200 ? "stored" : res->message);
	return sv_reply(c, res->status, r, "POST", url);
}

/* The refusals decided from the headers alone. */
static void early_checks(struct sv_server_ctx *ctx, struct MHD_Connection *c, struct sv_req *rq,
                         unsigned long long clen)
{
	struct sv_upload *up = &rq->up;
	const char *authz =
	        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	int auth = ctx->auth ? sv_auth_check(ctx->auth, authz) : -1;
	if (ctx->read_only)
		sv_fail(up, 405, "Uploads are disabled: this index is read-only.");
	else if (auth == 0 || (auth < 0 && authz && !ctx->allow_anonymous))
		sv_fail(up, 403, INVALID_AUTH);
	else if (auth < 0 && !ctx->allow_anonymous && ctx->auth)
		sv_fail(up, 401, "Authentication required.");
	else if (auth < 0 && !ctx->allow_anonymous)
		sv_fail(up, 403, INVALID_AUTH);
	else if (clen > ctx->max_upload + SV_FIELDS_SLACK)
		sv_fail(up, 413, "File too large. Limit is %llu MB.",
		        ctx->max_upload / (1024 * 1024));
	rq->early = up->failed;
}

enum MHD_Result sv_handle_upload(struct sv_server_ctx *ctx, struct MHD_Connection *c,
                                 const char *url, const char *data, size_t *size, void **con_cls)
{
	struct sv_req *rq = *con_cls;
	if (!rq) {
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		                                             MHD_HTTP_HEADER_CONTENT_LENGTH);
		const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		                                             MHD_HTTP_HEADER_CONTENT_TYPE);
		unsigned long long clen = cl ? strtoull(cl, NULL, 10) : 0;
		if (!(rq = sw_calloc(1, sizeof(*rq))))
			return MHD_NO;
		*con_cls = rq;
		sv_upload_begin(&rq->up, ctx, ct);
		/* credentials are judged before the body's form, as PyPI does */
		struct sv_result body_error = rq->up.result;
		int body_failed = rq->up.failed;
		rq->up.failed = 0;
		early_checks(ctx, c, rq, clen);
		if (!rq->up.failed && body_failed) {
			rq->up.result = body_error;
			rq->up.failed = 1;
		}
		if (rq->up.failed && clen > SV_DRAIN_MAX)
			return answer(c, rq, url);
		return MHD_YES;
	}
	if (*size) {
		if (!rq->early)
			sv_upload_feed(&rq->up, data, *size);
		*size = 0;
		return MHD_YES;
	}
	sv_upload_finish(&rq->up);
	return answer(c, rq, url);
}
