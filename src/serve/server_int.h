/*
 * serve/server_int.h — the libmicrohttpd side shared by the request
 * handlers of the serve module (server.c, files.c, post.c).
 */
#ifndef SW_SERVE_SERVER_INT_H
#define SW_SERVE_SERVER_INT_H

#include <microhttpd.h>

#include "serve/serve_int.h"

/* Queues `r` with `status`, destroys it, logs "METHOD URL STATUS". */
enum MHD_Result sv_reply(struct MHD_Connection *c, unsigned status, struct MHD_Response *r,
                         const char *method, const char *url);

/* A response holding a copy of `body` with the given Content-Type. */
struct MHD_Response *sv_text_response(const char *body, const char *ctype);

/* A plain-text "<status> <message>" response. */
enum MHD_Result sv_simple_error(struct MHD_Connection *c, unsigned status, const char *msg,
                                const char *method, const char *url);

/* 1 if the request's If-None-Match names `etag` (or is "*"). */
int sv_etag_matches(struct MHD_Connection *c, const char *etag);

/* GET /files/<project>/<file>[.metadata]; `rest` follows "/files/". */
enum MHD_Result sv_serve_file(struct sv_server_ctx *ctx, struct MHD_Connection *c, const char *rest,
                              const char *method, const char *url);

/* Every call of the access handler for POST /legacy/ and POST /. */
enum MHD_Result sv_handle_upload(struct sv_server_ctx *ctx, struct MHD_Connection *c,
                                 const char *url, const char *data, size_t *size, void **con_cls);

/* Frees a POST's state (from the completion notifier). */
void sv_upload_request_free(void *state);

#endif
