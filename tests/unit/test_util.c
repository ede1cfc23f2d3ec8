/*
 * unit/test_util.c — the util module: buffers (maximum, sticky errors),
 * last-error messages, the log callback, bounded reads and atomic writes
 * with change detection.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "slipway/fs.h"
#include "util/util.h"

static void buf_appends_and_terminates(void **state)
{
	sw_buf b;
	(void)state;
	sw_buf_init(&b, 100);
	assert_string_equal(sw_buf_cstr(&b), "");
	assert_int_equal(sw_buf_puts(&b, "abc"), 0);
	assert_int_equal(sw_buf_putc(&b, '-'), 0);
	assert_int_equal(sw_buf_printf(&b, "%d/%s", 42, "x"), 0);
	assert_int_equal(b.len, 8);
	assert_string_equal(sw_buf_cstr(&b), "abc-42/x");
	sw_buf_clear(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(sw_buf_cstr(&b), "");
	sw_buf_free(&b);
}

static void buf_maximum_is_sticky(void **state)
{
	sw_buf b;
	(void)state;
	sw_buf_init(&b, 8);
	assert_int_equal(sw_buf_puts(&b, "12345678"), 0);
	assert_int_equal(sw_buf_putc(&b, '9'), SW_ETOOBIG);
	/* Later appends are no-ops returning the first error. */
	assert_int_equal(sw_buf_puts(&b, ""), SW_ETOOBIG);
	assert_int_equal(sw_buf_error(&b), SW_ETOOBIG);
	assert_string_equal(sw_buf_cstr(&b), "12345678");
	assert_null(sw_buf_detach(&b, NULL));
	sw_buf_free(&b);
}

static void buf_detach_hands_over(void **state)
{
	sw_buf b;
	size_t len = 99;
	char *s;
	(void)state;
	sw_buf_init(&b, 100);
	s = sw_buf_detach(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	sw_free(s);
	sw_buf_puts(&b, "hello");
	s = sw_buf_detach(&b, &len);
	assert_string_equal(s, "hello");
	assert_int_equal(len, 5);
	assert_null(b.ptr);
	sw_free(s);
}

static int fail_after;
static void *failing_malloc(size_t n)
{
	return fail_after-- > 0 ? malloc(n) : NULL;
}
static void *failing_realloc(void *p, size_t n)
{
	return fail_after-- > 0 ? realloc(p, n) : NULL;
}

static void buf_out_of_memory_is_sticky(void **state)
{
	struct sw_allocator a = {failing_malloc, failing_realloc, free};
	sw_buf b;
	(void)state;
	fail_after = 0;
	sw_allocator_set(&a);
	sw_buf_init(&b, 1000);
	assert_int_equal(sw_buf_puts(&b, "x"), SW_ENOMEM);
	fail_after = 100;
	assert_int_equal(sw_buf_puts(&b, "y"), SW_ENOMEM);
	sw_allocator_set(NULL);
	assert_string_equal(sw_error_last(), "out of memory");
	sw_buf_free(&b);
}

static void error_messages_carry_location(void **state)
{
	(void)state;
	sw_error_clear();
	assert_int_equal(sw_error_last_code(), SW_OK);
	assert_int_equal(sw_error_set_at(SW_EPARSE, "pyproject.toml", 3, 7, "expected '%c'", '='),
	                 SW_EPARSE);
	assert_string_equal(sw_error_last(), "pyproject.toml:3:7: expected '='");
	assert_int_equal(sw_error_last_code(), SW_EPARSE);
	assert_string_equal(sw_error_name(SW_ECONFLICT), "changed on disk");
	assert_string_equal(sw_error_name(12345), "unknown error");
	/* Wrapping the previous message keeps it intact. */
	sw_error_set(SW_EIO, "%s: while reading %s", sw_error_last(), "x");
	assert_string_equal(sw_error_last(), "pyproject.toml:3:7: expected '=': while reading x");
	sw_error_set_at(SW_EPARSE, "a.toml", 1, 2, "%s", sw_error_last());
	assert_string_equal(sw_error_last(),
	                    "a.toml:1:2: pyproject.toml:3:7: expected '=': while reading x");
}

static char logged[256];
static enum sw_log_level logged_level;
static void capture_log(enum sw_log_level level, const char *message, void *userdata)
{
	logged_level = level;
	snprintf(logged, sizeof(logged), "%s|%s", (const char *)userdata, message);
}

static void log_respects_level(void **state)
{
	(void)state;
	logged[0] = '\0';
	sw_log_set(capture_log, SW_LOG_INFO, "ud");
	sw_log(SW_LOG_DEBUG, "hidden %d", 1);
	assert_string_equal(logged, "");
	sw_log(SW_LOG_WARN, "shown %d", 2);
	assert_string_equal(logged, "ud|shown 2");
	assert_int_equal(logged_level, SW_LOG_WARN);
	sw_log_set(NULL, SW_LOG_DEBUG, NULL);
	sw_log(SW_LOG_ERROR, "dropped");
	assert_string_equal(logged, "ud|shown 2");
}

/* Makes a fresh scratch folder for a file-system test. */
static void scratch_path(char *out, size_t size, const char *name)
{
	static char dir[64];
	if (!dir[0]) {
		snprintf(dir, sizeof(dir), "/tmp/sw-test-util-XXXXXX");
		assert_non_null(mkdtemp(dir));
	}
	snprintf(out, size, "%s/%s", dir, name);
}

static void fs_read_enforces_limit(void **state)
{
	char path[128];
	char *data = NULL;
	size_t len = 0;
	(void)state;
	scratch_path(path, sizeof(path), "limit.txt");
	assert_int_equal(sw_file_write_atomic(path, "0123456789", 10, NULL), 0);
	assert_int_equal(sw_file_read(&data, &len, NULL, path, 10), 0);
	assert_int_equal(len, 10);
	assert_string_equal(data, "0123456789");
	sw_free(data);
	assert_int_equal(sw_file_read(&data, &len, NULL, path, 9), SW_ETOOBIG);
	assert_null(data);
	assert_non_null(strstr(sw_error_last(), "limit"));
	scratch_path(path, sizeof(path), "missing.txt");
	assert_int_equal(sw_file_read(&data, &len, NULL, path, 10), SW_ENOTFOUND);
}

static void fs_atomic_write_refuses_changed_file(void **state)
{
	char path[128];
	sw_file_stamp stamp;
	char *data = NULL;
	struct stat st;
	(void)state;
	scratch_path(path, sizeof(path), "conflict.toml");
	assert_int_equal(sw_file_write_atomic(path, "a = 1\n", 6, NULL), 0);
	assert_int_equal(chmod(path, 0600), 0);
	assert_int_equal(sw_file_read(&data, NULL, &stamp, path, 100), 0);
	sw_free(data);

	/* Our own save with the right stamp succeeds, keeps the mode, and
	 * updates the stamp for the next save. */
	assert_int_equal(sw_file_write_atomic(path, "a = 2\n", 6, &stamp), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(sw_file_write_atomic(path, "a = 3\n", 6, &stamp), 0);

	/* Someone else replaces the file: our next save is refused and their
	 * content is kept. */
	{
		sw_file_stamp theirs = stamp;
		assert_int_equal(sw_file_write_atomic(path, "b = 9\n", 6, &theirs), 0);
	}
	assert_int_equal(sw_file_write_atomic(path, "a = 4\n", 6, &stamp), SW_ECONFLICT);
	assert_non_null(strstr(sw_error_last(), "changed on disk"));
	assert_int_equal(sw_file_read(&data, NULL, NULL, path, 100), 0);
	assert_string_equal(data, "b = 9\n");
	sw_free(data);

	/* Removed since load: also a conflict. */
	assert_int_equal(sw_file_read(&data, NULL, &stamp, path, 100), 0);
	sw_free(data);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(sw_file_write_atomic(path, "x", 1, &stamp), SW_ECONFLICT);
}

static void fs_atomic_write_leaves_no_temp_on_failure(void **state)
{
	char path[128];
	(void)state;
	scratch_path(path, sizeof(path), "no-such-dir/file.txt");
	assert_int_equal(sw_file_write_atomic(path, "x", 1, NULL), SW_EIO);
	assert_non_null(strstr(sw_error_last(), "no-such-dir/file.txt"));
}

/* Expected outputs follow RFC 8259 escaping as Python's json.loads reads it. */
static void json_string_escapes_and_repairs(void **state)
{
	static const struct {
		const char *in;
		size_t len;
		const char *want;
	} cases[] = {
	        {"plain", 5, "\"plain\""},
	        {"", 0, "\"\""},
	        {"q\"b\\", 4, "\"q\\\"b\\\\\""},
	        {"a\nb\tc", 5, "\"a\\nb\\tc\""},
	        {"\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\""},
	        {"nul\0x", 5, "\"nul\\u0000x\""},
	        {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x8d", 14,
	         "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x90\x8d\""},
	        /* invalid: lone continuation, overlong, surrogate, truncated */
	        {"\x80", 1, "\"\\ufffd\""},
	        {"\xc0\xaf", 2, "\"\\ufffd\\ufffd\""},
	        {"\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\""},
	        {"a\xe2\x82", 3, "\"a\\ufffd\\ufffd\""},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sw_buf b;
		sw_buf_init(&b, 1000);
		assert_int_equal(sw_buf_put_json_string(&b, cases[i].in, cases[i].len), 0);
		assert_string_equal(sw_buf_cstr(&b), cases[i].want);
		sw_buf_free(&b);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(buf_appends_and_terminates),
	        cmocka_unit_test(buf_maximum_is_sticky),
	        cmocka_unit_test(buf_detach_hands_over),
	        cmocka_unit_test(buf_out_of_memory_is_sticky),
	        cmocka_unit_test(error_messages_carry_location),
	        cmocka_unit_test(log_respects_level),
	        cmocka_unit_test(json_string_escapes_and_repairs),
	        cmocka_unit_test(fs_read_enforces_limit),
	        cmocka_unit_test(fs_atomic_write_refuses_changed_file),
	        cmocka_unit_test(fs_atomic_write_leaves_no_temp_on_failure),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
