/*
 * unit/test_artifact_extract.c — safe extraction (SPECS.md §5.4, PEP 706's
 * "data" filter): regular members land below the target with 0644/0755;
 * traversal names, absolute names, links leaving the tree and devices are
 * refused before anything is written (or skipped on request); nothing is
 * ever written through a symlink, whether the archive made it or it was
 * already there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_artifact_fixtures.h"

#include "slipway/artifact.h"

static int setup(void **state)
{
	(void)state;
	fx_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_cleanup();
	return 0;
}

/* Reads a small file into a static buffer ("" if missing). */
static const char *slurp(const char *path)
{
	static char buf[4096];
	FILE *f = fopen(path, "rb");
	size_t n = 0;
	buf[0] = '\0';
	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static sw_artifact *open_ok(const char *path)
{
	sw_artifact *a = NULL;
	if (sw_artifact_open(&a, path, NULL) != 0)
		fail_msg("%s: %s", path, sw_error_last());
	return a;
}

static void extracts_wheel(void **state)
{
	const char *whl = fx_path("d-1.0-py3-none-any.whl");
	struct zent e[] = {{.name = "d/", .method = 0},
	                   {.name = "d/__init__.py", .data = "x = 1\n", .method = 8},
	                   {.name = "d/tool.sh", .data = "#!/bin/sh\n", .mode = 0104755},
	                   {.name = "d/empty.txt", .data = ""}};
	sw_artifact *a;
	struct stat st;
	size_t skipped = 9;
	(void)state;
	zip_write(whl, e, 4, NULL);
	a = open_ok(whl);
	assert_int_equal(sw_artifact_extract(a, fx_path("out"), NULL, &skipped), 0);
	assert_int_equal(skipped, 0);
	assert_string_equal(slurp(fx_path("out/d/__init__.py")), "x = 1\n");
	assert_true(exists(fx_path("out/d/empty.txt")));
	assert_int_equal(stat(fx_path("out/d/tool.sh"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755); /* setuid dropped, exec kept */
	assert_int_equal(stat(fx_path("out/d/__init__.py"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	sw_artifact_free(a);
}

static void refuses_unsafe_names(void **state)
{
	static const char *const bad[] = {
	        "../evil.py", "/tmp/sw-evil-abs.py", "d/../../evil.py", "C:/evil.py", "d/..", ""};
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct zent e[] = {{.name = "d/ok.py", .data = "ok\n"},
		                   {.name = bad[i], .data = "evil\n"}};
		const char *whl = fx_path("d-1.0-py3-none-any.whl");
		sw_artifact *a;
		size_t skipped = 0;
		assert_int_equal(sw_artifact_name_is_safe(bad[i]), SW_EREFUSED);
		if (!bad[i][0])
			continue; /* libzip cannot even name it */
		zip_write(whl, e, 2, NULL);
		a = open_ok(whl);
		assert_int_equal(sw_artifact_extract(a, fx_path("out"), NULL, NULL), SW_EREFUSED);
		assert_false(exists(fx_path("out"))); /* nothing written at all */
		{
			sw_artifact_extract_opts o = SW_ARTIFACT_EXTRACT_OPTS_INIT;
			o.skip_unsafe = 1;
			assert_int_equal(sw_artifact_extract(a, fx_path("out"), &o, &skipped), 0);
			assert_int_equal(skipped, 1);
			assert_string_equal(slurp(fx_path("out/d/ok.py")), "ok\n");
		}
		assert_false(exists("/tmp/sw-evil-abs.py"));
		assert_false(exists(fx_path("evil.py")));
		sw_artifact_free(a);
		fx_cleanup();
		fx_tmpdir();
	}
	assert_int_equal(sw_artifact_name_is_safe("a/b..c/d.py"), 0);
	assert_int_equal(sw_artifact_name_is_safe("a/./b"), 0);
}

/* A zip symlink member (mode 0120777, data = target) pointing out. */
static void refuses_zip_symlink_out(void **state)
{
	const char *whl = fx_path("d-1.0-py3-none-any.whl");
	struct zent e[] = {{.name = "d/ok.py", .data = "ok\n"},
	                   {.name = "d/link", .data = "../../outside", .mode = 0120777}};
	sw_artifact *a;
	(void)state;
	zip_write(whl, e, 2, NULL);
	a = open_ok(whl);
	assert_int_equal(sw_artifact_member_at(a, 1)->type, SW_MEMBER_SYMLINK);
	assert_string_equal(sw_artifact_member_at(a, 1)->link_target, "../../outside");
	assert_int_equal(sw_artifact_extract(a, fx_path("out"), NULL, NULL), SW_EREFUSED);
	assert_non_null(strstr(sw_error_last(), "d/link"));
	sw_artifact_free(a);
}

static void sdist_links_inside(void **state)
{
	const char *sd = fx_path("s-1.0.tar.gz");
	struct tent t[] = {{"s-1.0/", NULL, 'd', NULL},
	                   {"s-1.0/LICENSE", "MIT\n", 'f', NULL},
	                   {"s-1.0/docs/LICENSE", NULL, 'l', "../LICENSE"},
	                   {"s-1.0/COPYING", NULL, 'h', "s-1.0/LICENSE"}};
	sw_artifact *a;
	char target[64] = "";
	(void)state;
	tar_write(sd, t, 4);
	a = open_ok(sd);
	assert_int_equal(sw_artifact_extract(a, fx_path("out"), NULL, NULL), 0);
	assert_int_equal(readlink(fx_path("out/s-1.0/docs/LICENSE"), target, sizeof(target) - 1),
	                 10);
	assert_string_equal(target, "../LICENSE");
	assert_string_equal(slurp(fx_path("out/s-1.0/COPYING")), "MIT\n");
	sw_artifact_free(a);
}

static void sdist_refusals(void **state)
{
	static const struct tent cases[][2] = {
	        {{"s-1.0/a", "a", 'f', NULL}, {"s-1.0/l", NULL, 'l', "../../etc"}},
	        {{"s-1.0/a", "a", 'f', NULL}, {"s-1.0/l", NULL, 'l', "/etc/passwd"}},
	        {{"s-1.0/a", "a", 'f', NULL}, {"s-1.0/h", NULL, 'h', "/etc/passwd"}},
	        {{"s-1.0/a", "a", 'f', NULL}, {"s-1.0/h", NULL, 'h', "s-1.0/later"}},
	        {{"s-1.0/a", "a", 'f', NULL}, {"s-1.0/dev", NULL, 'c', NULL}},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sw_artifact *a;
		tar_write(fx_path("s-1.0.tar.gz"), cases[i], 2);
		a = open_ok(fx_path("s-1.0.tar.gz"));
		assert_int_equal(sw_artifact_extract(a, fx_path("out"), NULL, NULL), SW_EREFUSED);
		assert_false(exists(fx_path("out")));
		sw_artifact_free(a);
	}
}

/* A symlink (from the archive, lexically inside) is never written
 * through: "s/up" -> ".." then "s/up/evil" would land outside s/. */
static void never_writes_through_links(void **state)
{
	struct tent t[] = {{"s-1.0/up", NULL, 'l', ".."}, {"s-1.0/up/evil", "evil", 'f', NULL}};
	sw_artifact *a;
	(void)state;
	tar_write(fx_path("s-1.0.tar.gz"), t, 2);
	a = open_ok(fx_path("s-1.0.tar.gz"));
	assert_int_equal(sw_artifact_extract(a, fx_path("out"), NULL, NULL), SW_EIO);
	assert_false(exists(fx_path("out/evil")));
	sw_artifact_free(a);
	/* nor through one that was already in the target folder */
	{
		struct zent e[] = {{.name = "d/x.py", .data = "x\n"}};
		assert_int_equal(mkdir(fx_path("outside"), 0755), 0);
		assert_int_equal(mkdir(fx_path("out2"), 0755), 0);
		assert_int_equal(symlink(fx_path("outside"), fx_path("out2/d")), 0);
		zip_write(fx_path("d-1.0-py3-none-any.whl"), e, 1, NULL);
		a = open_ok(fx_path("d-1.0-py3-none-any.whl"));
		assert_int_equal(sw_artifact_extract(a, fx_path("out2"), NULL, NULL), SW_EIO);
		assert_false(exists(fx_path("outside/x.py")));
		sw_artifact_free(a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(extracts_wheel, setup, teardown),
	        cmocka_unit_test_setup_teardown(refuses_unsafe_names, setup, teardown),
	        cmocka_unit_test_setup_teardown(refuses_zip_symlink_out, setup, teardown),
	        cmocka_unit_test_setup_teardown(sdist_links_inside, setup, teardown),
	        cmocka_unit_test_setup_teardown(sdist_refusals, setup, teardown),
	        cmocka_unit_test_setup_teardown(never_writes_through_links, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
