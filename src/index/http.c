/*
 * index/http.c — sw_http_get(): one GET on libcurl's easy interface into a
 * bounded sw_buf, with verification on, limited redirects, timeouts and
 * slipway's User-Agent. libcurl is loaded on first use (curl_lib.h).
 * Messages never show the userinfo of a URL.
 */
#include <string.h>

#include "index/curl_lib.h"
#include "slipway/http.h"
#include "util/util.h"

int sw_http_url_redact(sw_buf *out, const char *url)
{
	const char *scheme = strstr(url, "://");
	const char *auth = scheme ? scheme + 3 : url;
	size_t alen = strcspn(auth, "/?#");
	const char *at = memchr(auth, '@', alen);
	if (!at)
		return sw_buf_puts(out, url);
	sw_buf_put(out, url, (size_t)(auth - url));
	return sw_buf_puts(out, at + 1);
}

/* libcurl's write callback: appends to the buffer; a short count stops the
 * transfer once the body passes the buffer's max. */
static size_t on_data(char *data, size_t size, size_t n, void *ctx)
{
	sw_buf *out = ctx;
	size_t len = size * n;
	return sw_buf_put(out, data, len) < 0 ? 0 : len;
}

/* What a failed transfer means, in plain words. */
static const char *curl_reason(const struct sw_curl *curl, CURLcode rc)
{
	static const struct {
		CURLcode rc;
		const char *why;
	} reasons[] = {
	        {CURLE_COULDNT_RESOLVE_HOST, "host not found (network unreachable?)"},
	        {CURLE_COULDNT_RESOLVE_PROXY, "proxy not found"},
	        {CURLE_COULDNT_CONNECT, "could not connect (network unreachable?)"},
	        {CURLE_OPERATION_TIMEDOUT, "timed out"},
	        {CURLE_TOO_MANY_REDIRECTS, "too many redirects"},
	        {CURLE_PEER_FAILED_VERIFICATION, "TLS certificate verification failed"},
	        {CURLE_SSL_CONNECT_ERROR, "TLS handshake failed"},
	};
	for (size_t i = 0; i < SW_ARRAY_LEN(reasons); i++)
		if (reasons[i].rc == rc)
			return reasons[i].why;
	return curl->easy_strerror(rc);
}

/* Sets the options of one request. */
static CURLcode setup(const struct sw_curl *curl, CURL *h, const char *url, const sw_http_opts *o,
                      sw_buf *out)
{
	long redirects = o->max_redirects ? o->max_redirects : 5;
	CURLcode rc = CURLE_OK;
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_URL, url);
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_WRITEDATA, out);
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_USERAGENT, "slipway/" SW_VERSION_STRING);
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_FOLLOWLOCATION, redirects > 0 ? 1L : 0L);
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_MAXREDIRS, redirects > 0 ? redirects : 0L);
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_CONNECTTIMEOUT,
		                       o->connect_timeout > 0 ? o->connect_timeout : 15L);
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_LOW_SPEED_TIME,
		                       o->low_speed_time > 0 ? o->low_speed_time : 30L);
	if (!rc)
		rc = curl->easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT,
		                       o->low_speed_limit > 0 ? o->low_speed_limit : 64L);
	return rc;
}

/* Sets the error of a failed request, naming the URL without userinfo. */
static int fail(int code, const char *url, const char *what, long status)
{
	sw_buf shown;
	int err;
	sw_buf_init(&shown, 4096);
	sw_http_url_redact(&shown, url);
	if (status)
		err = sw_error_set(code, "HTTP %ld from %s", status, sw_buf_cstr(&shown));
	else
		err = sw_error_set(code, "cannot fetch %s: %s", sw_buf_cstr(&shown), what);
	sw_buf_free(&shown);
	return err;
}

int sw_http_get(sw_buf *out, long *status, const char *url, const sw_http_opts *opts)
{
	sw_http_opts defaults = {0, 0, 0, 0};
	const struct sw_curl *curl = NULL;
	CURL *h = NULL;
	CURLcode rc;
	long code = 0;
	int err = 0;
	if (status)
		*status = 0;
	if (!out || !url)
		return sw_error_set(SW_EINVAL, "no buffer or URL");
	if ((err = sw_curl_load(&curl)) < 0)
		return err;
	if (!(h = curl->easy_init()))
		return sw_error_set(SW_ENOMEM, "out of memory");
	rc = setup(curl, h, url, opts ? opts : &defaults, out);
	if (rc == CURLE_OK)
		rc = curl->easy_perform(h);
	curl->easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (status)
		*status = code;
	if (rc == CURLE_WRITE_ERROR && sw_buf_error(out) == SW_ETOOBIG)
		err = fail(SW_ETOOBIG, url, "the response is larger than the limit", 0);
	else if (rc == CURLE_WRITE_ERROR && sw_buf_error(out))
		err = sw_error_set(SW_ENOMEM, "out of memory");
	else if (rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT)
		err = fail(SW_EINVAL, url, curl_reason(curl, rc), 0);
	else if (rc != CURLE_OK)
		err = fail(SW_EIO, url, curl_reason(curl, rc), 0);
	else if (code >= 300) /* 4xx, 5xx, or a redirect not followed */
		err = fail(SW_EIO, url, NULL, code);
	curl->easy_cleanup(h);
	return err;
}
