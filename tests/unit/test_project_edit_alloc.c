/*
 * unit/test_project_edit_alloc.c — the project editor under allocation
 * failure. For N = 1, 2, ... the allocator fails the Nth allocation (then,
 * in a second sweep, every allocation from the Nth on) during a session of
 * edits: open, add and change a dependency, add to an extra, a classifier,
 * a URL, an author, unset a field, undo, redo and a diff; and during
 * `init` into a fresh folder. Each step must either succeed or fail with
 * SW_ENOMEM leaving the text as it was; nothing may leak (AddressSanitizer
 * checks at exit). The sweep ends when a whole run sees no failure.
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

#include "support/failing_alloc.h"

#include "slipway/project_edit.h"

static const char doc[] = "[build-system]\nrequires = [\"hatchling\"]\n"
                          "build-backend = \"hatchling.build\"\n\n"
                          "[project]\nname = \"demo\"\nversion = \"1.0\"\n"
                          "description = \"d\"  # one line\n"
                          "dependencies = [\n    \"attrs\",\n    \"requests>=2\",\n]\n"
                          "classifiers = [\"Typing :: Typed\"]\n\n"
                          "[project.optional-dependencies]\ntest = [\"pytest\"]\n";

/* A copy of the editor's text with the C library's allocator. */
static char *snapshot(const sw_project_editor *ed)
{
	size_t len;
	const char *text = sw_project_editor_text(ed, &len);
	char *copy = malloc(len + 1);
	assert_non_null(copy);
	memcpy(copy, text, len + 1);
	return copy;
}

/* Checks one step's result: success, the expected refusal, or SW_ENOMEM
 * with the text unchanged. */
static void check_step(const sw_project_editor *ed, char *before, int err, int refused)
{
	size_t len;
	const char *text = sw_project_editor_text(ed, &len);
	if (err && err != SW_ENOMEM && err != refused)
		fail_msg("step failed with %d: %s", err, sw_error_last());
	if (err == SW_ENOMEM)
		assert_true(fa_failed());
	if (err)
		assert_string_equal(text, before);
	free(before);
}

#define STEP(ed, refused, call)                                                                    \
	do {                                                                                       \
		char *before_ = snapshot(ed);                                                      \
		check_step(ed, before_, call, refused);                                            \
	} while (0)

/* Runs the session once; returns 1 if it ran to the end without a failed
 * allocation. */
static int session(void)
{
	sw_project_editor *ed = NULL;
	sw_buf diff;
	size_t len, slen;
	const char *text, *saved;
	int err = sw_project_editor_open_buffer(&ed, doc, sizeof(doc) - 1, NULL, NULL);
	if (err) {
		assert_int_equal(err, SW_ENOMEM);
		return 0;
	}
	STEP(ed, 0, sw_project_dep_add(ed, "click>=8", NULL, NULL));
	STEP(ed, 0, sw_project_dep_add(ed, "Requests>=2.32", NULL, NULL));
	STEP(ed, 0, sw_project_dep_add(ed, "coverage", "test", NULL));
	STEP(ed, 0, sw_project_dep_add(ed, "ruff", NULL, "dev"));
	STEP(ed, 0, sw_project_dep_remove(ed, "attrs", NULL, NULL));
	STEP(ed, 0, sw_project_list_add(ed, "classifiers", "Programming Language :: Python :: 3"));
	STEP(ed, 0, sw_project_entry_set(ed, "urls", "Home", "https://example.org"));
	STEP(ed, 0, sw_project_person_add(ed, "authors", "Ada", "ada@example.org"));
	STEP(ed, 0, sw_project_set_string(ed, "license", "mit"));
	STEP(ed, 0, sw_project_unset(ed, "description"));
	STEP(ed, SW_EINVAL, sw_project_set_value(ed, "version", "1")); /* adds an error */
	err = sw_project_editor_undo(ed);
	assert_true(err == 0 || err == SW_ENOMEM || err == SW_ENOTFOUND);
	err = sw_project_editor_redo(ed);
	assert_true(err == 0 || err == SW_ENOMEM || err == SW_ENOTFOUND);
	sw_buf_init(&diff, 1 << 20);
	text = sw_project_editor_text(ed, &len);
	saved = sw_project_editor_saved_text(ed, &slen);
	err = sw_text_diff(&diff, "pyproject.toml", saved, slen, text, len);
	assert_true(err == 0 || err == SW_ENOMEM);
	sw_buf_free(&diff);
	sw_project_editor_free(ed);
	return !fa_failed();
}

static void sweep(int keep)
{
	for (long n = 1; n < 1000000; n++) {
		int done;
		fa_arm(n, keep);
		done = session();
		fa_disarm();
		if (done)
			return;
	}
	fail_msg("the sweep did not end");
}

static void test_edits_one_failure(void **state)
{
	(void)state;
	sweep(0);
}

static void test_edits_all_failures(void **state)
{
	(void)state;
	sweep(1);
}

/* Removes what init wrote into `dir`. */
static void clean(const char *dir)
{
	static const char *const files[] = {
	        "pyproject.toml",       "README.md",  ".gitignore", "src/demo_x/__init__.py",
	        "tests/test_demo_x.py", "src/demo_x", "src",        "tests"};
	char path[256];
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		if (unlink(path) < 0)
			rmdir(path);
	}
}

static void test_init(void **state)
{
	char dir[] = "/tmp/sw-init-alloc-XXXXXX";
	sw_init_opts opts = SW_INIT_OPTS_INIT;
	(void)state;
	assert_non_null(mkdtemp(dir));
	opts.name = "demo-x";
	opts.author = "Ada <ada@example.org>";
	opts.license = "MIT";
	for (long n = 1; n < 100000; n++) {
		char *created = NULL;
		int err;
		fa_arm(n, 0);
		err = sw_project_init(&created, dir, &opts);
		fa_disarm();
		sw_free(created);
		clean(dir);
		if (err == 0 && !fa_failed())
			break;
		if (err != SW_ENOMEM && err != 0)
			fail_msg("init failed with %d: %s", err, sw_error_last());
	}
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_edits_one_failure),
	        cmocka_unit_test(test_edits_all_failures),
	        cmocka_unit_test(test_init),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
