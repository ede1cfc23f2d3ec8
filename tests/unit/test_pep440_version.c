/*
 * unit/test_pep440_version.c — PEP 440 versions: normalisation vectors from
 * PEP 440 (every alternative spelling), invalid versions, the ordering
 * example of SPECS.md §8.2, predicates, limits and allocation failures.
 * Every expected value below was written from PEP 440 and checked against
 * packaging 25.0, the reference.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/failing_alloc.h"

#include "slipway/pep440.h"
#include "util/util.h"

struct norm_case {
	const char *input;
	size_t len; /* bytes of input */
	const char *normal;
};

static const struct norm_case norm_cases[] = {
        {"1.1RC1", 6, "1.1rc1"},
        {"00", 2, "0"},
        {"09000", 5, "9000"},
        {"1.0+foo0100", 11, "1.0+foo0100"},
        {"1.1.a1", 6, "1.1a1"},
        {"1.1-a1", 6, "1.1a1"},
        {"1.1_a1", 6, "1.1a1"},
        {"1.0a.1", 6, "1.0a1"},
        {"1.0a-1", 6, "1.0a1"},
        {"1.0a_1", 6, "1.0a1"},
        {"1.1alpha1", 9, "1.1a1"},
        {"1.1beta2", 8, "1.1b2"},
        {"1.1c3", 5, "1.1rc3"},
        {"1.1pre3", 7, "1.1rc3"},
        {"1.1preview3", 11, "1.1rc3"},
        {"1.1RC3", 6, "1.1rc3"},
        {"1.1ALPHA1", 9, "1.1a1"},
        {"1.2a", 4, "1.2a0"},
        {"1.2b", 4, "1.2b0"},
        {"1.2c", 4, "1.2rc0"},
        {"1.2-post2", 9, "1.2.post2"},
        {"1.2post2", 8, "1.2.post2"},
        {"1.2_post2", 9, "1.2.post2"},
        {"1.2.post-2", 10, "1.2.post2"},
        {"1.2.post_2", 10, "1.2.post2"},
        {"1.2.post.2", 10, "1.2.post2"},
        {"1.0-r4", 6, "1.0.post4"},
        {"1.0-rev4", 8, "1.0.post4"},
        {"1.0r4", 5, "1.0.post4"},
        {"1.0.REV4", 8, "1.0.post4"},
        {"1.2.post", 8, "1.2.post0"},
        {"1.2.rev", 7, "1.2.post0"},
        {"1.2r", 4, "1.2.post0"},
        {"1.0-1", 5, "1.0.post1"},
        {"1.0-0001", 8, "1.0.post1"},
        {"1.2-dev2", 8, "1.2.dev2"},
        {"1.2dev2", 7, "1.2.dev2"},
        {"1.2_dev2", 8, "1.2.dev2"},
        {"1.2.dev-2", 9, "1.2.dev2"},
        {"1.2.DEV.2", 9, "1.2.dev2"},
        {"1.2.dev", 7, "1.2.dev0"},
        {"1.0+ubuntu-1", 12, "1.0+ubuntu.1"},
        {"1.0+ubuntu_1", 12, "1.0+ubuntu.1"},
        {"1.0+UBUNTU.1", 12, "1.0+ubuntu.1"},
        {"1.0+007", 7, "1.0+7"},
        {"1.0+abc007", 10, "1.0+abc007"},
        {"1.0+0.00", 8, "1.0+0.0"},
        {"v1.0", 4, "1.0"},
        {"V1.0", 4, "1.0"},
        {" 1.0\n", 5, "1.0"},
        {"\t\v\f\r 1.0 \t", 10, "1.0"},
        {"\xE3\x80\x80"
         "1.0\xC2\xA0",
         8, "1.0"},
        {"\xE2\x80\xA8"
         "1.0\xC2\x85",
         8, "1.0"},
        {"0!1.0", 5, "1.0"},
        {"000!1.0", 7, "1.0"},
        {"1!1.0", 5, "1!1.0"},
        {"01!1.0", 6, "1!1.0"},
        {"1.0.0.0", 7, "1.0.0.0"},
        {"01.002.0003", 11, "1.2.3"},
        {"1.0a1.post2.dev3+loc.1", 22, "1.0a1.post2.dev3+loc.1"},
        {"1.0-a1-post2-dev3", 17, "1.0a1.post2.dev3"},
        {"1.0A1POST2DEV3", 14, "1.0a1.post2.dev3"},
        {"1.0a-", 5, "1.0a0"},
        {"1.0.post.", 9, "1.0.post0"},
        {"1.0.dev.", 8, "1.0.dev0"},
        {"1.0a.-1", 7, "1.0a0.post1"},
        {"1.0a1-2", 7, "1.0a1.post2"},
        {"1.0.dev.+abc", 12, "1.0.dev0+abc"},
        {"1.0-dev-", 8, "1.0.dev0"},
        {"1.0.post-", 9, "1.0.post0"},
        {"1.00000000000000000000000000000000000000007", 43, "1.7"},
        {"999999999999999999999999999999999999999999999999999999999999", 60,
         "999999999999999999999999999999999999999999999999999999999999"},
        {"1!2.3rc4.post5.dev6+7.8", 23, "1!2.3rc4.post5.dev6+7.8"},
        {"1.0+\xE2\x84\xAA", 7, "1.0+k"},
        {"1.0+\xC5\xBF", 6, "1.0+\xC5\xBF"},
        {"1.0+\xC4\xB1", 6, "1.0+\xC4\xB1"},
        {"1.0+\xC4\xB0", 6, "1.0+i\xCC\x87"},
        {"1.0.po\xC5\xBFt1", 10, "1.0.post1"},
        {"1.0prev\xC4\xB1"
         "ew1",
         12,
         "1.0prev\xC4\xB1"
         "ew1"},
        {"1.0PREV\xC4\xB0"
         "EW2",
         12,
         "1.0previ\xCC\x87"
         "ew2"},
};

static const char *const invalid_versions[] = {
        "",
        " ",
        "\t\n",
        "1.0-",
        "1.0.x",
        "1.0+",
        "1.0+abc.",
        "1.0+ab..c",
        "==1.0",
        "1.0.*",
        "1.0 a1",
        "a1.0",
        "1!",
        "!1",
        "1.0a1a2",
        "1.0.post1.post2",
        "1.0.dev1.post1",
        "1.0+abc+def",
        "vv1.0",
        "1..0",
        ".1",
        "1.",
        /* NUL: tested separately */
        "French toast",
        "1.0+ab c",
        "1.0_",
        "1.0a1.",
        "1.0-1-1",
        "1.0.post1-1",
        "1.0+\xC3\xA9",
        "1.0\xE2\x80\x8B",
        "1 .0",
        "1.0--1",
        "1.0.dev1dev2",
        "v 1.0",
        "1.0++a",
        "-1.0",
        "1.0a1b1",
        "1.0+-a",
        "1,0",
        "1.0;",
        "1.0)",
        "\xC2\xA0",
        "1.0\xCC\x88",
        "1.0rc1.pre1",
        "1.0.pre.post.dev.a",
};

static const char *const order_pep440[] = {
        "1.dev0",
        "1.0.dev456",
        "1.0a1",
        "1.0a2.dev456",
        "1.0a12.dev456",
        "1.0a12",
        "1.0b1.dev456",
        "1.0b2",
        "1.0b2.post345.dev456",
        "1.0b2.post345",
        "1.0rc1.dev456",
        "1.0rc1",
        "1.0",
        "1.0+abc.5",
        "1.0+abc.7",
        "1.0+5",
        "1.0.post456.dev34",
        "1.0.post456",
        "1.0.15",
        "1.1.dev1",
};

static const char *const order_more[] = {
        "0.9",
        "1.0b9",
        "1.0prev\xC4\xB0"
        "ew1",
        "1.0prev\xC4\xB1"
        "ew1",
        "1.0rc1",
        "1.0c2",
        "1.0",
        "1.0+a",
        "1.0+a.b",
        "1.0+a.0",
        "1.0+a0",
        "1.0+b",
        "1.0+0",
        "1.0+1",
        "1.0+1.a",
        "1.0+1.0",
        "1.0+2",
        "1.0+10",
        "1.0+111111111111111111111111111111",
        "1.0.post1",
        "1.0.po\xC5\xBFt0",
        "1.0.1",
        "1.1",
        "1.10",
        "1.10.0.1",
        "2",
        "1!0.1",
        "1!1.0",
        "2!0",
};

static const char *const equal_pairs[][2] = {
        {"1.0", "1.0.0"},
        {"1", "1.0.0.0"},
        {"v1.0", "0!1"},
        {"1.0+ABC", "1.0+abc"},
        {"1.0+01", "1.0+1"},
        {"1.0a", "1.0a0"},
        {"1.0-1", "1.0.post1"},
        {"1.0alpha1", "1.0a1"},
        {"1.0c1", "1.0rc1"},
        {"0", "0.0"},
        {"1.0+a-b", "1.0+a.b"},
        {"001!2", "1!2.0"},
        {"1.0+\xE2\x84\xAA", "1.0+k"},
};

/* Parses a NUL-terminated string or fails the test. */
static sw_version *must_parse(const char *text)
{
	sw_version *v = NULL;
	int err = sw_version_parse(&v, text, strlen(text));
	if (err != 0)
		fail_msg("'%s' did not parse: %s", text, sw_error_last());
	return v;
}

static void normalises_every_spelling(void **state)
{
	(void)state;
	for (size_t i = 0; i < SW_ARRAY_LEN(norm_cases); i++) {
		sw_version *v = NULL;
		int err = sw_version_parse(&v, norm_cases[i].input, norm_cases[i].len);
		if (err != 0)
			fail_msg("case %zu did not parse: %s", i, sw_error_last());
		if (strcmp(sw_version_str(v), norm_cases[i].normal) != 0)
			fail_msg("case %zu: got '%s', want '%s'", i, sw_version_str(v),
			         norm_cases[i].normal);
		assert_memory_equal(sw_version_original(v), norm_cases[i].input, norm_cases[i].len);
		sw_version_free(v);
	}
}

static void rejects_invalid_versions(void **state)
{
	(void)state;
	for (size_t i = 0; i < SW_ARRAY_LEN(invalid_versions); i++) {
		sw_version *v = NULL;
		const char *text = invalid_versions[i];
		int err = sw_version_parse(&v, text, strlen(text));
		if (err != SW_EPARSE)
			fail_msg("'%s' was accepted (%d)", text, err);
		assert_null(v);
		assert_int_equal(sw_error_last_code(), SW_EPARSE);
		assert_non_null(strstr(sw_error_last(), "invalid version '"));
	}
	/* An embedded NUL is just another invalid byte. */
	{
		sw_version *v = NULL;
		assert_int_equal(sw_version_parse(&v, "1.0\0", 4), SW_EPARSE);
		assert_int_equal(sw_version_parse(&v, "1\0.0", 4), SW_EPARSE);
	}
}

static void explains_errors_in_one_line(void **state)
{
	static const struct {
		const char *input, *message;
	} cases[] = {
	        {"1.0.x", "invalid version '1.0.x': unexpected '.x'"},
	        {"", "invalid version '': empty version"},
	        {"==1.0", "invalid version '==1.0': a version has no operator (that would be a "
	                  "specifier)"},
	        {"1.0.*", "invalid version '1.0.*': wildcards (.*) belong in specifiers such as "
	                  "==1.0.*"},
	        {"1.0+", "invalid version '1.0+': bad local label after '+' (letters and digits "
	                 "separated by '.', '-' or '_')"},
	        {"1.0 a1", "invalid version '1.0 a1': whitespace inside the version"},
	        {"x1", "invalid version 'x1': a version starts with a number, like 1.0 (after an "
	               "optional 'v')"},
	        {"1.0\n-", "invalid version '1.0\\x0a-': whitespace inside the version"},
	};
	for (size_t i = 0; i < SW_ARRAY_LEN(cases); i++) {
		sw_version *v = NULL;
		assert_int_equal(sw_version_parse(&v, cases[i].input, strlen(cases[i].input)),
		                 SW_EPARSE);
		assert_string_equal(sw_error_last(), cases[i].message);
	}
}

/* Checks that every element of `list` sorts strictly before the later ones. */
static void check_strict_order(const char *const *list, size_t n)
{
	sw_version **v = calloc(n, sizeof(*v));
	assert_non_null(v);
	for (size_t i = 0; i < n; i++)
		v[i] = must_parse(list[i]);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < n; j++) {
			int c = sw_version_compare(v[i], v[j]);
			int want = (i > j) - (i < j);
			if ((c > 0) - (c < 0) != want)
				fail_msg("compare('%s', '%s') = %d, want %d", list[i], list[j], c,
				         want);
		}
	}
	for (size_t i = 0; i < n; i++)
		sw_version_free(v[i]);
	free(v);
}

static void orders_like_pep440(void **state)
{
	(void)state;
	check_strict_order(order_pep440, SW_ARRAY_LEN(order_pep440));
	check_strict_order(order_more, SW_ARRAY_LEN(order_more));
}

static void equal_versions_compare_equal(void **state)
{
	(void)state;
	for (size_t i = 0; i < SW_ARRAY_LEN(equal_pairs); i++) {
		sw_version *a = must_parse(equal_pairs[i][0]);
		sw_version *b = must_parse(equal_pairs[i][1]);
		if (sw_version_compare(a, b) != 0 || sw_version_compare(b, a) != 0)
			fail_msg("'%s' != '%s'", equal_pairs[i][0], equal_pairs[i][1]);
		sw_version_free(a);
		sw_version_free(b);
	}
}

/* Around the key's number encodings (one byte below 100; a length byte up
 * to 150 digits; longer) and its 16 inline bytes. */
static void key_boundaries_keep_the_order(void **state)
{
	static const char *const across_lengths[] = {
	        "1.0",
	        "1.1",
	        "1.99",
	        "1.099.1",
	        "1.100",
	        "1.101",
	        "1.999",
	        "1.1000",
	        NULL /* 1.9{150} */,
	        NULL /* 1.10{150} */,
	        NULL /* 1.10{149}1 */,
	        "2!0",
	};
	static const char *const past_inline[] = {
	        "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17",
	        "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.18",
	        "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.18+abcdefghij.a",
	        "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.18+abcdefghij.b",
	        "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.18+abcdefghij.0",
	        "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.18+abcdefghij.0.a",
	        "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.18+abcdefghij.99",
	        "1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.18+abcdefghij.100",
	        "1.3",
	        "1.3.post99",
	        "1.3.post100",
	};
	char *built[3];
	const char *list[SW_ARRAY_LEN(across_lengths)];
	(void)state;
	for (size_t i = 0; i < 3; i++) {
		built[i] = malloc(160);
		assert_non_null(built[i]);
		memcpy(built[i], "1.", 2);
		memset(built[i] + 2, i == 0 ? '9' : '0', 151);
		built[i][2] = i == 0 ? '9' : '1';
		built[i][i == 0 ? 152 : 153] = '\0';
		if (i == 2)
			built[i][152] = '1';
	}
	for (size_t i = 0, k = 0; i < SW_ARRAY_LEN(across_lengths); i++)
		list[i] = across_lengths[i] ? across_lengths[i] : built[k++];
	check_strict_order(list, SW_ARRAY_LEN(list));
	check_strict_order(past_inline, SW_ARRAY_LEN(past_inline));
	for (size_t i = 0; i < 3; i++)
		free(built[i]);
}

static void big_numbers_compare_exactly(void **state)
{
	static const char *const ladder[] = {
	        "1.99999999999999999999",
	        "1.100000000000000000000",
	        "1.100000000000000000001",
	        "18446744073709551615",
	        "18446744073709551616",
	        "99999999999999999999999999999999999999",
	        "1!0",
	};
	char big[700];
	sw_version *a, *b;
	(void)state;
	check_strict_order(ladder, SW_ARRAY_LEN(ladder));
	/* Past 255 digits the key's length prefix grows: order must hold. */
	memset(big, '9', 300);
	big[300] = '\0';
	a = must_parse(big);
	memset(big, '1', 301);
	big[301] = '\0';
	b = must_parse(big);
	assert_true(sw_version_compare(a, b) < 0);
	sw_version_free(b);
	memset(big, '9', 254);
	big[254] = '\0';
	b = must_parse(big);
	assert_true(sw_version_compare(b, a) < 0);
	sw_version_free(a);
	sw_version_free(b);
}

static void predicates_and_parts(void **state)
{
	static const struct {
		const char *input, *public_form;
		int pre, post, dev, local;
	} cases[] = {
	        {"1.0", "1.0", 0, 0, 0, 0},
	        {"1.0a1", "1.0a1", 1, 0, 0, 0},
	        {"1.0.dev1", "1.0.dev1", 1, 0, 1, 0},
	        {"1.0.post1.dev1", "1.0.post1.dev1", 1, 1, 1, 0},
	        {"1.0.post1", "1.0.post1", 0, 1, 0, 0},
	        {"1.0rc1+abc", "1.0rc1", 1, 0, 0, 1},
	        {"1!1.0-1+ubuntu-2", "1!1.0.post1", 0, 1, 0, 1},
	};
	(void)state;
	for (size_t i = 0; i < SW_ARRAY_LEN(cases); i++) {
		sw_version *v = must_parse(cases[i].input);
		assert_string_equal(sw_version_public(v), cases[i].public_form);
		assert_int_equal(!!sw_version_is_prerelease(v), cases[i].pre);
		assert_int_equal(!!sw_version_is_postrelease(v), cases[i].post);
		assert_int_equal(!!sw_version_is_devrelease(v), cases[i].dev);
		assert_int_equal(!!sw_version_has_local(v), cases[i].local);
		sw_version_free(v);
	}
}

static void refuses_input_over_the_limit(void **state)
{
	char *text = malloc(SW_PEP440_MAX_LEN + 2);
	sw_version *v = NULL;
	(void)state;
	assert_non_null(text);
	text[0] = '1';
	for (size_t i = 1; i + 1 < SW_PEP440_MAX_LEN; i += 2) {
		text[i] = '.';
		text[i + 1] = '7';
	}
	text[SW_PEP440_MAX_LEN - 1] = '7';
	assert_int_equal(sw_version_parse(&v, text, SW_PEP440_MAX_LEN), 0);
	sw_version_free(v);
	text[SW_PEP440_MAX_LEN] = '7';
	assert_int_equal(sw_version_parse(&v, text, SW_PEP440_MAX_LEN + 1), SW_ETOOBIG);
	assert_null(v);
	free(text);
}

static void survives_allocation_failures(void **state)
{
	(void)state;
	for (size_t budget = 0; budget < 4; budget++) {
		sw_version *v = NULL;
		int err;
		fa_arm((long)budget + 1, 1);
		err = sw_version_parse(&v, "1.0rc1+abc", 10);
		fa_disarm();
		if (err == 0) {
			assert_string_equal(sw_version_str(v), "1.0rc1+abc");
			sw_version_free(v);
			break;
		}
		assert_int_equal(err, SW_ENOMEM);
		assert_null(v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(normalises_every_spelling),
	        cmocka_unit_test(rejects_invalid_versions),
	        cmocka_unit_test(explains_errors_in_one_line),
	        cmocka_unit_test(orders_like_pep440),
	        cmocka_unit_test(equal_versions_compare_equal),
	        cmocka_unit_test(big_numbers_compare_exactly),
	        cmocka_unit_test(key_boundaries_keep_the_order),
	        cmocka_unit_test(predicates_and_parts),
	        cmocka_unit_test(refuses_input_over_the_limit),
	        cmocka_unit_test(survives_allocation_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
