/*
 * unit/test_http.c — the parts of slipway/http.h that need no network:
 * userinfo is removed from URLs shown in messages (vectors written from
 * RFC 3986's authority = [userinfo "@"] host [":" port]), and requests
 * that must fail before any connection (schemes other than http/https,
 * missing arguments) or on 127.0.0.1 where nothing listens (port 1).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "slipway/http.h"

static const char *const redact[][2] = {
        {"https://pypi.org/pypi?%3Aaction=list_classifiers",
         "https://pypi.org/pypi?%3Aaction=list_classifiers"},
        {"https://user:pass@pypi.org/simple/", "https://pypi.org/simple/"},
        {"https://token@host:8443/x", "https://host:8443/x"},
        {"http://a:b@127.0.0.1", "http://127.0.0.1"},
        {"https://host/path@not-userinfo", "https://host/path@not-userinfo"},
        {"https://host?q=a@b", "https://host?q=a@b"},
        {"https://host#a@b", "https://host#a@b"},
        {"user:pw@host/x", "host/x"},
        {"", ""},
};

static void test_redact(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(redact) / sizeof(redact[0]); i++) {
		sw_buf out;
		sw_buf_init(&out, 1024);
		assert_int_equal(sw_http_url_redact(&out, redact[i][0]), 0);
		assert_string_equal(sw_buf_cstr(&out), redact[i][1]);
		sw_buf_free(&out);
	}
}

static void test_refused(void **state)
{
	sw_buf out;
	long status = -1;
	(void)state;
	sw_buf_init(&out, 1024);
	assert_int_equal(sw_http_get(&out, &status, "file:///etc/passwd", NULL), SW_EINVAL);
	assert_int_equal(status, 0);
	assert_int_equal(out.len, 0);
	assert_int_equal(sw_http_get(&out, NULL, "ftp://u:secret@127.0.0.1/x", NULL), SW_EINVAL);
	assert_null(strstr(sw_error_last(), "secret"));
	assert_non_null(strstr(sw_error_last(), "ftp://127.0.0.1/x"));
	assert_int_equal(sw_http_get(&out, NULL, NULL, NULL), SW_EINVAL);
	assert_int_equal(sw_http_get(NULL, NULL, "http://127.0.0.1:1/", NULL), SW_EINVAL);
	sw_buf_free(&out);
}

static void test_connection_refused(void **state)
{
	sw_buf out;
	sw_http_opts opts = {2, 2, 1, -1};
	(void)state;
	sw_buf_init(&out, 1024);
	assert_int_equal(sw_http_get(&out, NULL, "http://me:secret@127.0.0.1:1/list", &opts),
	                 SW_EIO);
	assert_non_null(strstr(sw_error_last(), "http://127.0.0.1:1/list"));
	assert_non_null(strstr(sw_error_last(), "could not connect"));
	assert_null(strstr(sw_error_last(), "secret"));
	sw_buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_redact),
	        cmocka_unit_test(test_refused),
	        cmocka_unit_test(test_connection_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
