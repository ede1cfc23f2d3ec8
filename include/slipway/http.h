/*
 * slipway/http.h — one HTTP(S) GET into a bounded buffer, on libcurl.
 *
 * HTTPS certificates and host names are always verified. The request sends
 * "User-Agent: slipway/<version>", follows at most `max_redirects`
 * redirects, gives up when connecting takes longer than `connect_timeout`
 * seconds or the transfer stays below `low_speed_limit` bytes/s for
 * `low_speed_time` seconds. Messages name the URL without its userinfo
 * ("https://user:secret@host/" is shown as "https://host/").
 *
 * Errors: SW_EINVAL (bad arguments or a URL libcurl refuses); SW_EIO for a
 * network failure (the message says which: host not found, connection
 * refused, timeout, TLS) or an HTTP status >= 400 (the message has the
 * status and the URL; so does a 3xx left unfollowed); SW_ETOOBIG when the body exceeds the buffer's
 * max; SW_ENOMEM.
 */
#ifndef SLIPWAY_HTTP_H
#define SLIPWAY_HTTP_H

#include "slipway/buf.h"
#include "slipway/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sw_http_opts {
	long connect_timeout; /* seconds; 0: 15 */
	long low_speed_time;  /* seconds; 0: 30 */
	long low_speed_limit; /* bytes per second; 0: 64 */
	long max_redirects;   /* 0: 5; negative: follow none */
} sw_http_opts;

/* Fetches `url` and appends the body to `out` (which keeps its max as the
 * body size limit). `opts` may be NULL (all defaults). `*status` (may be
 * NULL) receives the HTTP status, 0 when no response came. On failure
 * `out` may hold part of the body. */
int sw_http_get(sw_buf *out, long *status, const char *url, const sw_http_opts *opts);

/* Appends `url` without its userinfo (the part before '@' in the
 * authority) to `out`, for messages. Returns the buffer's error. */
int sw_http_url_redact(sw_buf *out, const char *url);

#ifdef __cplusplus
}
#endif
#endif
