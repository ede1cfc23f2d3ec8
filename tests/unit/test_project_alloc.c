/*
 * unit/test_project_alloc.c — the project module under allocation failure.
 * For N = 1, 2, ... the allocator fails the Nth allocation (then, in a
 * second sweep, every allocation from the Nth on) while loading
 * representative pyproject.toml texts and validating them with the file
 * checks on (root tests/data/project/tree), then while expanding a
 * dependency group and matching license files, until a run succeeds. Each
 * run must fail with SW_ENOMEM, or succeed without a failure having
 * happened (a swallowed failure could lose a diagnostic), and leave
 * nothing behind (AddressSanitizer checks for leaks at exit).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "support/failing_alloc.h"

#include "slipway/project.h"

static const char *const docs[] = {
        "[build-system]\nrequires = [\"hatchling\", \"bad req!\"]\nbuild-backend = \"h.b\"\n"
        "[project]\nname = \"tree-demo\"\nversion = \"1.0-rc1\"\ndescription = \"a\\nb\"\n"
        "readme = \"MISSING.md\"\nrequires-python = \">=3.9,<4\"\nlicense = \"mit OR Foo\"\n"
        "license-files = [\"LICEN[CS]E*\", \"**/NOTICE\", \"nope*\", \"../x\"]\n"
        "authors = [{name = \"A, B\", email = \"bad\"}, {}]\nkeywords = [\"a\", 1]\n"
        "classifiers = [\"License :: OSI Approved :: MIT License\", \"Nope :: X\", "
        "\"Natural Language :: Ukranian\", \"Private :: X\"]\n"
        "dependencies = [\"requests==2.0\", \"x>\"]\ndynamic = [\"version\", \"nme\"]\n"
        "import-names = [\"tree_demo\", \"tree_demo\"]\nbogus = 1\n"
        "urls = {Home = \"example.org\", \"A label that is far too long for PyPI\" = \"x\"}\n"
        "[project.scripts]\n\"a=b\" = \"m:1f\"\n"
        "[project.entry-points.console_scripts]\nx = \"m:f\"\n"
        "[project.optional-dependencies]\nTest = [\"pytest\"]\ntest = []\n"
        "[dependency-groups]\na = [{include-group = \"b\"}, \"ok\"]\nb = [{include-group = "
        "\"a\"}, {}, {include-group = \"zz\"}]\nB = []\n[tools]\n",
        "[project]\nname = \"x\"\nversion = 1.2.3\n",
        "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
        "[project]\nname = \"tree-demo\"\nversion = \"0.1.0\"\ndescription = \"d\"\n"
        "readme = \"README.md\"\nrequires-python = \">=3.9\"\nlicense = \"MIT\"\n"
        "[dependency-groups]\nlint = [\"ruff\"]\ndev = [{include-group = \"lint\"}, \"mypy\"]\n",
};

static char root[4096];

/* Loads and validates; returns the first error. */
static int load_and_validate(const char *doc)
{
	sw_project *p = NULL;
	sw_project_diags *d = NULL;
	int err = sw_project_load_buffer(&p, doc, strlen(doc), "pyproject.toml", root);
	if (err == 0) {
		err = sw_project_validate(&d, p, NULL);
		if (err == 0 && sw_project_diags_count(d) == 0 && doc != docs[2])
			fail_msg("no diagnostics");
	}
	sw_project_diags_free(d);
	sw_project_free(p);
	return err;
}

/* Runs `fn` under failures of allocation 1, 2, ... until it succeeds. */
static void sweep(int (*fn)(const void *ctx), const void *ctx, const char *what)
{
	for (int keep = 0; keep <= 1; keep++) {
		long n = 1;
		for (;; n++) {
			int err;
			fa_arm(n, keep);
			err = fn(ctx);
			fa_disarm();
			if (err == 0 && !fa_failed())
				break;
			/* A failure nobody reported would mean a diagnostic lost
			 * or a message cut short. */
			if (err == 0)
				fail_msg("%s, allocation %ld: the failure was not reported", what,
				         n);
			if (err != 0 && err != SW_ENOMEM)
				fail_msg("%s, allocation %ld: %d %s", what, n, err,
				         sw_error_last());
		}
		assert_true(n > 2);
	}
}

static int run_doc(const void *ctx)
{
	return load_and_validate(ctx);
}

static void load_validate(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "%s/project/tree", getenv("SW_TEST_DATA"));
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++)
		sweep(run_doc, docs[i], "load+validate");
}

static int run_load_dir(const void *ctx)
{
	sw_project *p = NULL;
	int err = sw_project_load(&p, ctx);
	sw_project_free(p);
	return err;
}

static int run_helpers(const void *ctx)
{
	sw_project *p = NULL;
	const sw_project_group_item **items = NULL;
	char **files = NULL, *text = NULL;
	size_t n = 0, len = 0;
	int err = sw_project_load_buffer(&p, docs[2], strlen(docs[2]), NULL, ctx);
	if (err == 0)
		err = sw_project_group_expand(&items, &n, p, "dev");
	if (err == 0 && n != 2)
		fail_msg("dev has %zu items", n);
	sw_free(items);
	if (err == 0)
		err = sw_project_readme_read(&text, &len, p);
	sw_free(text);
	if (err == 0) {
		/* the tree's own patterns */
		sw_project *tree = NULL;
		err = sw_project_load(&tree, ctx);
		if (err == 0)
			err = sw_project_license_files_match(&files, &n, tree);
		sw_project_paths_free(files, n);
		sw_project_free(tree);
	}
	sw_project_free(p);
	return err;
}

static void helpers(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "%s/project/tree", getenv("SW_TEST_DATA"));
	sweep(run_load_dir, root, "load");
	sweep(run_helpers, root, "helpers");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(load_validate),
	        cmocka_unit_test(helpers),
	};
	if (!getenv("SW_TEST_DATA")) {
		fprintf(stderr, "SW_TEST_DATA is not set\n");
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
