/*
 * unit/test_trove.c — trove classifier lists as text (slipway/trove.h):
 * which lines are accepted as classifiers and which refused (table of
 * vectors written from the format PyPI serves, "Topic :: Sub :: Sub"),
 * the minimum count, sorting and de-duplication, the cache header and its
 * date, formatting and reading back, lookup, every allocation failure; and
 * project validation with an extra list: a classifier missing from the
 * shipped list is an error with the fresh shipped list alone and known
 * with the extra list, and the extra list's date counts for freshness.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "slipway/project.h"
#include "slipway/trove.h"
#include "support/failing_alloc.h"

struct line_vector {
	const char *text;
	int ok; /* 1: accepted as one classifier (or skipped, see count) */
	size_t count;
};

static const struct line_vector lines[] = {
        {"Topic :: Software Development\n", 1, 1},
        {"Programming Language :: Python :: 3.14\r\n", 1, 1},
        {"Natural Language :: Fran\xc3\xa7"
         "ais\n",
         1, 1},
        {"A :: B", 1, 1}, /* no final newline */
        {"\n\nA :: B\n\n", 1, 1},
        {"# a comment\nA :: B\n", 1, 1},
        {"A :: B\nA :: B\n", 1, 1}, /* repeats count once */
        {"A :: B :: C :: D\nE :: F\n", 1, 2},
        {"Topic\n", 0, 0},         /* one segment */
        {"A ::B\n", 0, 0},         /* not " :: " */
        {"A::B\n", 0, 0},          /* no spaces */
        {"A :: \n", 0, 0},         /* trailing space, empty segment */
        {" A :: B\n", 0, 0},       /* leading space */
        {"A ::  :: B\n", 0, 0},    /* empty middle segment */
        {":: A :: B\n", 0, 0},     /* empty first segment */
        {"A :: B\tC\n", 0, 0},     /* control character */
        {"A :: B\x7f\n", 0, 0},    /* DEL */
        {"A :: \xff\n", 0, 0},     /* not UTF-8 */
        {"A :: \xc0\xaf\n", 0, 0}, /* overlong */
        {"<html><body>Not Found</body></html>\n", 0, 0},
        {"A :: B\n<!DOCTYPE html>\n", 0, 0},
        {"A :: B\nA :: B :: \n", 0, 0},
};

static void test_lines(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		sw_trove_list l;
		int err = sw_trove_list_parse(&l, lines[i].text, strlen(lines[i].text), 1);
		if ((err == 0) != lines[i].ok)
			fail_msg("vector %zu (%s): got %d", i, lines[i].text, err);
		if (err == 0)
			assert_int_equal(l.count, lines[i].count);
		else
			assert_int_equal(err, SW_EPARSE);
		sw_trove_list_free(&l);
	}
}

static void test_line_length(void **state)
{
	char text[SW_TROVE_MAX_LEN + 8];
	sw_trove_list l;
	(void)state;
	memset(text, 'x', sizeof(text));
	memcpy(text, "A :: ", 5);
	/* exactly SW_TROVE_MAX_LEN bytes: accepted; one more: refused */
	assert_int_equal(sw_trove_list_parse(&l, text, SW_TROVE_MAX_LEN, 1), 0);
	assert_int_equal(l.count, 1);
	sw_trove_list_free(&l);
	assert_int_equal(sw_trove_list_parse(&l, text, SW_TROVE_MAX_LEN + 1, 1), SW_EPARSE);
	assert_non_null(strstr(sw_error_last(), "line 1"));
}

static void test_min_count_and_order(void **state)
{
	const char *text = "C :: c\nA :: a\nB :: b\nA :: a\n";
	sw_trove_list l;
	(void)state;
	assert_int_equal(sw_trove_list_parse(&l, text, strlen(text), 4), SW_EPARSE);
	assert_non_null(strstr(sw_error_last(), "only 3"));
	assert_int_equal(sw_trove_list_parse(&l, text, strlen(text), 3), 0);
	assert_int_equal(l.count, 3);
	assert_string_equal(l.items[0], "A :: a");
	assert_string_equal(l.items[1], "B :: b");
	assert_string_equal(l.items[2], "C :: c");
	assert_string_equal(l.date, "");
	assert_int_equal(sw_trove_list_contains(&l, "B :: b", 6), 1);
	assert_int_equal(sw_trove_list_contains(&l, "B :: b", 5), 0);
	assert_int_equal(sw_trove_list_contains(&l, "B :: bb", 7), 0);
	assert_int_equal(sw_trove_list_contains(&l, "0", 1), 0);
	assert_int_equal(sw_trove_list_contains(&l, "Z", 1), 0);
	assert_int_equal(sw_trove_list_contains(NULL, "A :: a", 6), 0);
	sw_trove_list_free(&l);
	assert_int_equal(sw_trove_list_parse(&l, "", 0, 1), SW_EPARSE);
}

struct header_vector {
	const char *text;
	const char *date;
};

static const struct header_vector headers[] = {
        {"# slipway trove classifiers fetched 2026-01-31 from https://x/\nA :: B\n", "2026-01-31"},
        {"# slipway trove classifiers fetched 2026-02-30 from https://x/\nA :: B\n", ""},
        {"# slipway trove classifiers fetched 2026-1-3 from https://x/\nA :: B\n", ""},
        {"# something else 2026-01-31\nA :: B\n", ""},
        {"A :: B\n# slipway trove classifiers fetched 2026-01-31 from x\n", ""},
};

static void test_header(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		sw_trove_list l;
		assert_int_equal(
		        sw_trove_list_parse(&l, headers[i].text, strlen(headers[i].text), 1), 0);
		assert_string_equal(l.date, headers[i].date);
		assert_int_equal(l.count, 1);
		sw_trove_list_free(&l);
	}
}

static void test_format_roundtrip(void **state)
{
	const char *text = "B :: b\nA :: a\n";
	const char *want = "# slipway trove classifiers fetched 2026-03-04 from "
	                   "https://host/simple?x=1\nA :: a\nB :: b\n";
	char path[] = "/tmp/sw-trove-XXXXXX";
	sw_trove_list l, back;
	sw_buf out;
	int fd;
	(void)state;
	sw_buf_init(&out, 4096);
	assert_int_equal(sw_trove_list_parse(&l, text, strlen(text), 2), 0);
	assert_int_equal(
	        sw_trove_list_format(&out, &l, "2026-03-04", "https://user:secret@host/simple?x=1"),
	        0);
	assert_string_equal(sw_buf_cstr(&out), want);
	assert_null(strstr(sw_buf_cstr(&out), "secret"));
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(sw_file_write_atomic(path, out.ptr, out.len, NULL), 0);
	assert_int_equal(sw_trove_list_load(&back, path), 0);
	assert_string_equal(back.date, "2026-03-04");
	assert_int_equal(back.count, 2);
	assert_string_equal(back.items[1], "B :: b");
	sw_trove_list_free(&back);
	assert_int_equal(sw_file_write_atomic(path, "A :: B\nnope\n", 12, NULL), 0);
	assert_int_equal(sw_trove_list_load(&back, path), SW_EPARSE);
	assert_non_null(strstr(sw_error_last(), path));
	assert_non_null(strstr(sw_error_last(), ": line 2 is not a trove classifier"));
	assert_null(back.items);
	unlink(path);
	assert_int_equal(sw_trove_list_load(&back, path), SW_ENOTFOUND);
	sw_trove_list_free(&l);
	sw_buf_free(&out);
}

static void test_alloc_sweep(void **state)
{
	const char *text = "# slipway trove classifiers fetched 2026-01-31 from x\n"
	                   "C :: c\nA :: a\nB :: b\nA :: a\nD :: d\n";
	(void)state;
	for (long n = 1;; n++) {
		sw_trove_list l;
		int err;
		fa_arm(n, 0);
		err = sw_trove_list_parse(&l, text, strlen(text), 1);
		int failed = fa_failed();
		fa_disarm();
		if (!failed) {
			assert_int_equal(err, 0);
			assert_int_equal(l.count, 4);
			sw_trove_list_free(&l);
			break;
		}
		assert_int_equal(err, SW_ENOMEM);
		assert_null(l.items);
	}
}

/* ---- validation with an extra list -------------------------------------- */

#define NEW_CLASSIFIER "Programming Language :: Python :: 3.99"
#define DOC                                                                                        \
	"[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"        \
	"[project]\nname = \"demo\"\nversion = \"1.0\"\ndescription = \"d\"\n"                     \
	"requires-python = \">=3.9\"\nlicense = \"MIT\"\n"                                         \
	"readme = {text = \"hi\", content-type = \"text/plain\"}\n"                                \
	"classifiers = [\"" NEW_CLASSIFIER "\"]\n"

/* The code of the only classifier diagnostic, or NULL. Line 11 col 16 (the opening quote). */
static const char *classifier_code(const sw_project_check_opts *opts)
{
	sw_project *p = NULL;
	sw_project_diags *d = NULL;
	const char *code = NULL;
	static char saved[64];
	assert_int_equal(sw_project_load_buffer(&p, DOC, strlen(DOC), NULL, NULL), 0);
	assert_int_equal(sw_project_validate(&d, p, opts), 0);
	for (size_t i = 0; i < sw_project_diags_count(d); i++) {
		const sw_project_diag *g = sw_project_diags_at(d, i);
		if (strncmp(g->code, "project.classifiers.", 20) != 0)
			continue;
		assert_null(code);
		assert_int_equal(g->line, 11);
		assert_int_equal(g->col, 16);
		snprintf(saved, sizeof(saved), "%s", g->code);
		code = saved;
	}
	sw_project_diags_free(d);
	sw_project_free(p);
	return code;
}

static void test_validate_extra(void **state)
{
	const char *text = "Programming Language :: Python :: 3\n" NEW_CLASSIFIER "\n";
	sw_project_check_opts opts = SW_PROJECT_CHECK_OPTS_INIT;
	sw_trove_list extra;
	int64_t shipped, cached;
	(void)state;
	assert_int_equal(sw_trove_is_known(NEW_CLASSIFIER, strlen(NEW_CLASSIFIER)), 0);
	assert_int_equal(sw_project_date_parse(&shipped, sw_project_trove_date()), 0);
	/* the shipped list alone, fresh: an error; 31 days later: a warning */
	opts.today = shipped;
	assert_string_equal(classifier_code(&opts), "project.classifiers.unknown");
	opts.today = shipped + 31;
	assert_string_equal(classifier_code(&opts), "project.classifiers.unknown-stale");
	/* with the extra list: known, whatever the date */
	assert_int_equal(sw_trove_list_parse(&extra, text, strlen(text), 1), 0);
	opts.trove_extra = &extra;
	assert_null(classifier_code(&opts));
	opts.today = shipped;
	assert_null(classifier_code(&opts));
	sw_trove_list_free(&extra);
	/* an extra list without it, fetched 100 days after the shipped list:
	 * its date makes the unknown classifier an error again on that day */
	text = "# slipway trove classifiers fetched 2099-01-01 from x\nA :: B\n";
	assert_int_equal(sw_trove_list_parse(&extra, text, strlen(text), 1), 0);
	assert_int_equal(sw_project_date_parse(&cached, "2099-01-01"), 0);
	opts.today = cached + 30;
	assert_string_equal(classifier_code(&opts), "project.classifiers.unknown");
	opts.today = cached + 31;
	assert_string_equal(classifier_code(&opts), "project.classifiers.unknown-stale");
	sw_trove_list_free(&extra);
}

static void test_shipped_iteration(void **state)
{
	size_t n = sw_trove_count();
	(void)state;
	assert_true(n > 500);
	assert_null(sw_trove_at(n));
	for (size_t i = 0; i < n; i++) {
		const char *s = sw_trove_at(i);
		assert_int_equal(sw_trove_is_known(s, strlen(s)), 1);
		if (i)
			assert_true(strcmp(sw_trove_at(i - 1), s) < 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_lines),
	        cmocka_unit_test(test_line_length),
	        cmocka_unit_test(test_min_count_and_order),
	        cmocka_unit_test(test_header),
	        cmocka_unit_test(test_format_roundtrip),
	        cmocka_unit_test(test_alloc_sweep),
	        cmocka_unit_test(test_validate_extra),
	        cmocka_unit_test(test_shipped_iteration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
