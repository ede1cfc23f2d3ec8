/*
 * unit/test_lint.c — wheel and sdist content lints over member lists. The
 * expected codes for each wheel come from check-wheel-contents' README
 * (what each of W001-W010, W101, W102, W201, W202 fails on); the sdist
 * ones from the rules of lint_int.h (VCS, bytecode, build outputs, litter,
 * git drift).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "artifact/lint_int.h"
#include "support/failing_alloc.h"
#include "util/util.h"

#define MAXM 12

struct hits {
	size_t n;
	char codes[32][8];
};

static int collect(void *ctx, const sw_lint_hit *hit)
{
	struct hits *hs = ctx;
	assert_non_null(hit->message);
	if (hs->n < 32)
		snprintf(hs->codes[hs->n++], 8, "%s", hit->code);
	return 0;
}

static int cmp_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The collected codes, sorted, as "W001,W009,". */
static void joined(char *out, size_t size, struct hits *hs)
{
	out[0] = 0;
	qsort(hs->codes, hs->n, sizeof(hs->codes[0]), cmp_code);
	for (size_t i = 0; i < hs->n; i++) {
		size_t len = strlen(out);
		snprintf(out + len, size - len, "%s,", hs->codes[i]);
	}
}

static const unsigned char d1[32] = {1}, d2[32] = {2};

struct wheel_vector {
	const char *paths[MAXM];
	const unsigned char *digests[MAXM]; /* NULL: unique per member */
	const char *toplevel[4];
	const char *package[4];
	const char *codes;
};

#define DI   "foo-1.0.dist-info/"
#define META DI "METADATA", DI "WHEEL", DI "RECORD"

static const struct wheel_vector wheels[] = {
        {{"foo/__init__.py", "foo/mod.py", META}, {0}, {0}, {0}, ""},
        {{"foo/__init__.py", "foo/__pycache__/mod.cpython-311.pyc", META}, {0}, {0}, {0}, "W001,"},
        {{"foo/__init__.py", "foo/a.py", "foo/b.py", META}, {NULL, d1, d1}, {0}, {0}, "W002,"},
        {{"foo/__init__.py", "README.md", META}, {0}, {0}, {0}, "W003,W009,"},
        {{"foo-bar/__init__.py", META}, {0}, {0}, {0}, "W004,"},
        {{"foo/__init__.py", "foo/class.py", "foo/_c.cpython-311-x86_64-linux-gnu.so", META},
         {0},
         {0},
         {0},
         "W004,"},
        {{"foo/__init__.py", "tests/__init__.py", META}, {0}, {0}, {0}, "W005,W009,"},
        {{"foo/__init__.py", "__init__.py", META}, {0}, {0}, {0}, "W006,"},
        {{"foo-1.0.data/scripts/run", META}, {0}, {0}, {0}, "W007,"},
        {{META}, {0}, {0}, {0}, "W007,W008,"},
        {{"foo/__init__.py", "bar.py", META}, {0}, {0}, {0}, "W009,"},
        {{"foo/__init__.py", "_private.py", "foo.pth", META}, {0}, {0}, {0}, ""},
        {{"foo/__init__.py", "foo_data/x.json", META}, {0}, {0}, {0}, "W009,W010,"},
        {{"foo-1.0.data/purelib/foo/__init__.py", "foo-1.0.data/platlib/foo/_x.so", META},
         {0},
         {0},
         {0},
         ""},
        {{"foo/__init__.py", "bar.py", META}, {0}, {"foo/", "baz.py"}, {0}, "W009,W201,W202,"},
        {{"foo/__init__.py", "foo/b.py", META},
         {0},
         {0},
         {"foo/__init__.py", "foo/a.py"},
         "W101,W102,"},
        /* module names as check-wheel-contents' MODULE_EXT_RGX reads them */
        {{"foo/__init__.py", "foo/a.cpython-311-x86_64-linux-gnu.so", "foo/b.abi3.so", "foo/c.so",
          "foo/d.cp311-win_amd64.pyd", META},
         {0},
         {0},
         {0},
         ""},
        {{"foo/__init__.py", "foo/x.y.cpython-311.so", META}, {0}, {0}, {0}, "W004,"},
        {{"foo/__init__.py", "bar.pyd", META}, {0}, {0}, {0}, "W003,W009,"},
        {{"foo/__init__.py", "mod.pyc", META}, {0}, {0}, {0}, "W001,W003,W009,"},
        {{"foo/__init__.py", "foo/LICENSE", DI "licenses/LICENSE", META},
         {NULL, d2, d2},
         {0},
         {0},
         "W002,"},
        {{"foo/__init__.py", "zzz.pth", "_zzz/x.py", META}, {0}, {0}, {0}, ""},
};

/* Runs the wheel lints over a vector; returns the sorted codes. */
static int run_wheel(const struct wheel_vector *v, struct hits *hs)
{
	sw_lint_member m[MAXM];
	unsigned char own[MAXM][32];
	sw_lint_wheel_opts o = {0};
	size_t n = 0, t = 0, p = 0;
	for (; n < MAXM && v->paths[n]; n++) {
		memset(own[n], 0, 32);
		own[n][31] = (unsigned char)(n + 10);
		m[n].path = v->paths[n];
		m[n].size = 10;
		m[n].sha256 = v->digests[n] ? v->digests[n] : own[n];
		m[n].is_dir = 0;
	}
	while (t < 4 && v->toplevel[t])
		t++;
	while (p < 4 && v->package[p])
		p++;
	o.toplevel = v->toplevel;
	o.toplevel_count = t;
	o.package_files = v->package;
	o.package_file_count = p;
	return sw_lint_wheel_members(m, n, &o, collect, hs);
}

static void wheel_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(wheels) / sizeof(wheels[0]); i++) {
		struct hits hs = {0};
		char got[256];
		assert_int_equal(run_wheel(&wheels[i], &hs), 0);
		joined(got, sizeof(got), &hs);
		if (strcmp(got, wheels[i].codes) != 0)
			fail_msg("wheel %zu: got \"%s\", expected \"%s\"", i, got, wheels[i].codes);
	}
}

static void common_contents_are_not_duplicates(void **state)
{
	/* sha256("") and sha256("# -*- coding: utf-8 -*-\n"), from sha256sum */
	static const unsigned char empty[32] = {0xe3, 0xb0, 0xc4, 0x42, 0x98, 0xfc, 0x1c, 0x14,
	                                        0x9a, 0xfb, 0xf4, 0xc8, 0x99, 0x6f, 0xb9, 0x24,
	                                        0x27, 0xae, 0x41, 0xe4, 0x64, 0x9b, 0x93, 0x4c,
	                                        0xa4, 0x95, 0x99, 0x1b, 0x78, 0x52, 0xb8, 0x55};
	struct wheel_vector v = {
	        {"foo/__init__.py", "foo/sub/__init__.py", META}, {empty, empty}, {0}, {0}, ""};
	struct hits hs = {0};
	(void)state;
	assert_int_equal(run_wheel(&v, &hs), 0);
	assert_int_equal(hs.n, 0);
	v.digests[0] = v.digests[1] = d2;
	assert_int_equal(run_wheel(&v, &hs), 0);
	assert_int_equal(hs.n, 1);
	assert_string_equal(hs.codes[0], "W002");
}

static const struct {
	const char *paths[MAXM];
	int dirs; /* bit i: member i is a directory */
	const char *codes;
} sdists[] = {
        {{"p-1/PKG-INFO", "p-1/pyproject.toml", "p-1/src/p/__init__.py"}, 0, ""},
        {{"p-1/.git/", "p-1/.git/config", "p-1/.git/HEAD"}, 1, "D001,"},
        {{"p-1/.hg/store/x", "p-1/sub/.svn/entries"}, 0, "D001,D001,"},
        {{"p-1/src/p/__pycache__/x.cpython-311.pyc", "p-1/src/p/__pycache__/y.pyc"}, 0, "D002,"},
        {{"p-1/src/p/old.pyc"}, 0, "D002,"},
        {{"p-1/build/lib/p/x.py", "p-1/dist/p-0.9.tar.gz", "p-1/src/build/x.py"}, 0, "D003,D003,"},
        {{"p-1/.tox/py311/bin/python", "p-1/a/.pytest_cache/v", "p-1/.coverage"},
         0,
         "D003,D003,D003,"},
        {{"p-1/.DS_Store", "p-1/x.py~", "p-1/.x.py.swp", "p-1/.idea/ws.xml"},
         0,
         "D004,D004,D004,D004,"},
        {{"p-1/git.py", "p-1/docs/build.rst", "p-1/pycache.txt"}, 0, ""},
};

static void sdist_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(sdists) / sizeof(sdists[0]); i++) {
		sw_lint_member m[MAXM];
		struct hits hs = {0};
		char got[256];
		size_t n = 0;
		for (; n < MAXM && sdists[i].paths[n]; n++) {
			memset(&m[n], 0, sizeof(m[n]));
			m[n].path = sdists[i].paths[n];
			m[n].is_dir = (sdists[i].dirs >> n) & 1;
		}
		assert_int_equal(sw_lint_sdist_members(m, n, collect, &hs), 0);
		joined(got, sizeof(got), &hs);
		if (strcmp(got, sdists[i].codes) != 0)
			fail_msg("sdist %zu: got \"%s\", expected \"%s\"", i, got, sdists[i].codes);
	}
}

static void sdist_against_git(void **state)
{
	static const char *const tracked[] = {"pyproject.toml", "src/p/__init__.py",
	                                      "tests/test_x.py", ".github/workflows/ci.yml"};
	static const char *const paths[] = {"p-1/PKG-INFO",
	                                    "p-1/pyproject.toml",
	                                    "p-1/src/p/__init__.py",
	                                    "p-1/src/p/_version.py",
	                                    "p-1/src/p.egg-info/SOURCES.txt",
	                                    "p-1/setup.cfg"};
	sw_lint_member m[6];
	struct hits hs = {0};
	char got[256];
	(void)state;
	for (size_t i = 0; i < 6; i++) {
		memset(&m[i], 0, sizeof(m[i]));
		m[i].path = paths[i];
	}
	assert_int_equal(sw_lint_sdist_vs_git(m, 6, "p-1", tracked, 4, collect, &hs), 0);
	joined(got, sizeof(got), &hs);
	assert_string_equal(got, "D010,D010,D011,");
}

static void allocation_sweep(void **state)
{
	(void)state;
	for (long n = 1;; n++) {
		struct hits hs = {0};
		int err;
		fa_arm(n, 0);
		err = run_wheel(&wheels[14], &hs);
		fa_disarm();
		if (!fa_failed()) {
			assert_int_equal(err, 0);
			break;
		}
		assert_int_equal(err, SW_ENOMEM);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(wheel_vectors),
	        cmocka_unit_test(common_contents_are_not_duplicates),
	        cmocka_unit_test(sdist_vectors),
	        cmocka_unit_test(sdist_against_git),
	        cmocka_unit_test(allocation_sweep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
