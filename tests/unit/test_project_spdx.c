/*
 * unit/test_project_spdx.c — SPDX license expressions: canonical forms and
 * refusals. The expected values of the vectors were printed by packaging
 * 25.0's canonicalize_license_expression() (None where it raises), quirks
 * included: "((" refused, "MIT AND ()" accepted, LicenseRef spellings taken
 * from their last occurrence, Python's whitespace (NBSP, U+3000, U+001C)
 * separating tokens. Also the kind and span of each refusal, id lookups,
 * the nesting limit of Python's parser, and a failing-allocator sweep.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slipway/project.h"

/* input, canonical form (NULL: refused) */
static const struct {
	const char *input, *canonical;
} vectors[] = {
        {"MIT", "MIT"},
        {"mit", "MIT"},
        {"  MIT  ", "MIT"},
        {"Apache-2.0 OR MIT", "Apache-2.0 OR MIT"},
        {"apache-2.0 or mit", "Apache-2.0 OR MIT"},
        {"(MIT OR Apache-2.0) AND BSD-3-Clause", "(MIT OR Apache-2.0) AND BSD-3-Clause"},
        {"( MIT or apache-2.0 )and  bsd-3-clause", "(MIT OR Apache-2.0) AND BSD-3-Clause"},
        {"GPL-2.0-or-later WITH Classpath-exception-2.0",
         "GPL-2.0-or-later WITH Classpath-exception-2.0"},
        {"gpl-2.0+ with classpath-exception-2.0", "GPL-2.0+ WITH Classpath-exception-2.0"},
        {"LicenseRef-Proprietary", "LicenseRef-Proprietary"},
        {"licenseref-my.License-1", "LicenseRef-my.License-1"},
        {"LicenseRef-Foo OR LICENSEREF-foo", "LicenseRef-foo OR LicenseRef-foo"},
        {"LicenseRef-a OR licenseref-a+", "LicenseRef-a OR LicenseRef-a+"},
        {"MIT AND ()", "MIT AND ()"},
        {"MIT AND () OR Apache-2.0", "MIT AND () OR Apache-2.0"},
        {"(MIT)", "(MIT)"},
        {"MIT\x09"
         "OR\x0A"
         "Apache-2.0",
         "MIT OR Apache-2.0"},
        {"MIT\xC2"
         "\xA0"
         "OR\xE3"
         "\x80"
         "\x80"
         "Apache-2.0",
         "MIT OR Apache-2.0"},
        {"MIT\x1C"
         "OR Apache-2.0",
         "MIT OR Apache-2.0"},
        {"GPL-3.0", "GPL-3.0"},
        {"MIT+", "MIT+"},
        {"0bsd", "0BSD"},
        {"MIT WITH Classpath-exception-2.0 WITH Classpath-exception-2.0",
         "MIT WITH Classpath-exception-2.0 WITH Classpath-exception-2.0"},
        {"MIT OR (Apache-2.0 AND (BSD-2-Clause OR ISC))",
         "MIT OR (Apache-2.0 AND (BSD-2-Clause OR ISC))"},
        {"", NULL},
        {" ", NULL},
        {"MIT OR", NULL},
        {"OR MIT", NULL},
        {"MIT AND AND Apache-2.0", NULL},
        {"((MIT))", NULL},
        {"MIT AND ((Apache-2.0))", NULL},
        {"MIT OR ()", NULL},
        {"() AND MIT", NULL},
        {"()", NULL},
        {"MIT ) (", NULL},
        {")(", NULL},
        {"MIT()", NULL},
        {"MIT Apache-2.0", NULL},
        {"(MIT", NULL},
        {"MIT)", NULL},
        {"MIT WITH", NULL},
        {"WITH MIT", NULL},
        {"MIT WITH (Classpath-exception-2.0)", NULL},
        {"MIT WITH LicenseRef-x", NULL},
        {"Foo", NULL},
        {"MIT OR Foo", NULL},
        {"MIT WITH foo", NULL},
        {"LicenseRef-a_b", NULL},
        {"LicenseRef-a+", NULL},
        {"DocumentRef-x:LicenseRef-y", NULL},
        {"+", NULL},
        {"LicenseRef-", "LicenseRef-"},
        {"Classpath-exception-2.0", NULL},
        {"MIT OR not", NULL},
        {"MIT and not Apache-2.0", NULL},
        {"M\xC4"
         "\xB0"
         "T",
         NULL},
        {"\xE2"
         "\x84"
         "\xAA"
         "iss",
         NULL},
        {"MIT+ OR apache-2.0+", "MIT+ OR Apache-2.0+"},
        {"LicenseRef-\xE2"
         "\x84"
         "\xAA"
         "",
         "LicenseRef-\xE2"
         "\x84"
         "\xAA"
         ""},
};

static void canonical_forms(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		sw_buf out;
		int err;
		sw_buf_init(&out, 4096);
		sw_buf_puts(&out, "kept:");
		err = sw_spdx_canonicalize(&out, vectors[i].input, strlen(vectors[i].input), NULL);
		if (vectors[i].canonical) {
			if (err != 0 || strcmp(sw_buf_cstr(&out) + 5, vectors[i].canonical) != 0)
				fail_msg("'%s': %d '%s' (%s)", vectors[i].input, err,
				         sw_buf_cstr(&out), sw_error_last());
		} else if (err != SW_EPARSE || strcmp(sw_buf_cstr(&out), "kept:") != 0) {
			fail_msg("'%s' accepted as '%s'", vectors[i].input, sw_buf_cstr(&out));
		}
		sw_buf_free(&out);
	}
}

/* What each refusal reports: the problem and the offending token. */
static void problems(void **state)
{
	static const struct {
		const char *input;
		enum sw_spdx_problem problem;
		const char *token;
	} cases[] = {
	        {"MIT OR", SW_SPDX_SYNTAX, ""},
	        {"", SW_SPDX_SYNTAX, ""},
	        {"((MIT))", SW_SPDX_SYNTAX, ""},
	        {"MIT OR Foo-1.0", SW_SPDX_UNKNOWN_LICENSE, "Foo-1.0"},
	        {"Apache-2.0 WITH nope", SW_SPDX_UNKNOWN_EXCEPTION, "nope"},
	        {"Classpath-exception-2.0", SW_SPDX_UNKNOWN_LICENSE, "Classpath-exception-2.0"},
	        {"MIT AND LicenseRef-a_b", SW_SPDX_BAD_LICENSEREF, "LicenseRef-a_b"},
	        {"LicenseRef-x+", SW_SPDX_BAD_LICENSEREF, "LicenseRef-x+"},
	        {"(DocumentRef-d:LicenseRef-x)", SW_SPDX_DOCUMENTREF, "DocumentRef-d:LicenseRef-x"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sw_spdx_error why = {SW_SPDX_OK, 99, 99};
		sw_buf out;
		sw_buf_init(&out, 4096);
		assert_int_equal(
		        sw_spdx_canonicalize(&out, cases[i].input, strlen(cases[i].input), &why),
		        SW_EPARSE);
		if (why.problem != cases[i].problem || why.len != strlen(cases[i].token) ||
		    memcmp(cases[i].input + why.offset, cases[i].token, why.len) != 0)
			fail_msg("'%s': problem %d at %zu+%zu", cases[i].input, why.problem,
			         why.offset, why.len);
		assert_true(sw_error_last()[0] != '\0');
		sw_buf_free(&out);
	}
}

/* Python refuses 200 nested parentheses; 199 are fine. */
static void nesting(void **state)
{
	(void)state;
	for (int depth = 198; depth <= 201; depth++) {
		sw_buf in, out;
		int err;
		sw_buf_init(&in, 65536);
		sw_buf_init(&out, 65536);
		for (int i = 0; i < depth; i++)
			sw_buf_puts(&in, "MIT AND (");
		sw_buf_puts(&in, "MIT");
		for (int i = 0; i < depth; i++)
			sw_buf_putc(&in, ')');
		err = sw_spdx_canonicalize(&out, in.ptr, in.len, NULL);
		assert_int_equal(err, depth < 200 ? 0 : SW_EPARSE);
		if (!err)
			assert_int_equal(out.len, in.len);
		sw_buf_free(&in);
		sw_buf_free(&out);
	}
}

static void lookups(void **state)
{
	int dep = -1;
	(void)state;
	assert_string_equal(sw_spdx_license_id("apache-2.0", 10, &dep), "Apache-2.0");
	assert_int_equal(dep, 0);
	assert_string_equal(sw_spdx_license_id("GPL-3.0", 7, &dep), "GPL-3.0");
	assert_int_equal(dep, 1);
	assert_string_equal(sw_spdx_license_id("0BSD", 4, NULL), "0BSD");
	assert_string_equal(sw_spdx_license_id("zpl-2.1", 7, NULL), "ZPL-2.1");
	assert_null(sw_spdx_license_id("MIT ", 4, NULL));
	assert_null(sw_spdx_license_id("LLVM-exception", 14, NULL));
	assert_string_equal(sw_spdx_exception_id("llvm-exception", 14, &dep), "LLVM-exception");
	assert_null(sw_spdx_exception_id("MIT", 3, NULL));
	assert_null(sw_spdx_license_id(NULL, 0, NULL));
}

static long countdown = -1;

static void *f_malloc(size_t n)
{
	if (countdown == 0)
		return NULL;
	if (countdown > 0)
		countdown--;
	return malloc(n);
}

static void *f_realloc(void *p, size_t n)
{
	if (countdown == 0)
		return NULL;
	if (countdown > 0)
		countdown--;
	return realloc(p, n);
}

/* Each allocation failing in turn gives SW_ENOMEM and nothing leaks. */
static void allocation_failures(void **state)
{
	static const struct sw_allocator failing = {f_malloc, f_realloc, free};
	static const char expr[] =
	        "(mit OR licenseref-x) AND gpl-2.0+ WITH classpath-exception-2.0";
	(void)state;
	for (long n = 0;; n++) {
		sw_buf out;
		int err;
		sw_buf_init(&out, 4096);
		countdown = n;
		sw_allocator_set(&failing);
		err = sw_spdx_canonicalize(&out, expr, strlen(expr), NULL);
		sw_allocator_set(NULL);
		countdown = -1;
		sw_buf_free(&out);
		if (err == 0) {
			assert_true(n > 1);
			break;
		}
		assert_int_equal(err, SW_ENOMEM);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(canonical_forms),
	        cmocka_unit_test(problems),
	        cmocka_unit_test(nesting),
	        cmocka_unit_test(lookups),
	        cmocka_unit_test(allocation_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
