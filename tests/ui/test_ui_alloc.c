/*
 * tests/ui/test_ui_alloc.c — every allocation failure of the workbench's
 * view models is handled: each builder runs with its Nth allocation
 * failing, for every N until it succeeds, and must return its error with
 * nothing half-built (AddressSanitizer reports any leak).
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "project_rows.h"

static const char text[] = "[build-system]\n"
                           "requires = [\"hatchling\"]\n"
                           "build-backend = \"hatchling.build\"\n"
                           "\n"
                           "[project]\n"
                           "name = \"demo\"\n"
                           "version = \"1.0+local\"\n"
                           "license = \"MIT\"\n"
                           "authors = [{name = \"Ada\", email = \"ada@example.org\"}]\n"
                           "keywords = [\"a\", \"b\"]\n"
                           "dependencies = [\"requests==2.31\", \"click>=8\"]\n"
                           "colour = \"blue\"\n"
                           "\n"
                           "[project.optional-dependencies]\n"
                           "test = [\"pytest>=8\"]\n"
                           "docs = []\n"
                           "\n"
                           "[project.urls]\n"
                           "Homepage = \"https://example.org\"\n"
                           "\n"
                           "[dependency-groups]\n"
                           "dev = [\"ruff\", {include-group = \"docs\"}]\n";

static sw_project *project;
static sw_project_diags *diags;

static int setup(void **state)
{
	(void)state;
	if (sw_project_load_buffer(&project, text, strlen(text), "pyproject.toml", NULL) < 0)
		return -1;
	return sw_project_validate(&diags, project, NULL);
}

static int teardown(void **state)
{
	(void)state;
	sw_project_diags_free(diags);
	sw_project_free(project);
	return 0;
}

static void sweep_prows(void **state)
{
	struct ui_prows rows;
	long n = 0;
	int rc;
	(void)state;
	do {
		ui_mem_fail_after(n++);
		rc = ui_prows_build(&rows, project, diags);
		ui_mem_fail_after(-1);
		if (rc < 0) {
			assert_int_equal(rc, -1);
			assert_null(rows.rows);
			assert_int_equal(rows.count, 0);
		}
	} while (rc < 0);
	assert_true(n > 20); /* it did allocate: the sweep saw failures */
	assert_true(rows.count > 20);
	ui_prows_free(&rows);
}

static void sweep_trows(void **state)
{
	struct ui_trows rows;
	long n = 0;
	int rc;
	(void)state;
	do {
		ui_mem_fail_after(n++);
		rc = ui_trows_build(&rows, text, strlen(text), diags);
		ui_mem_fail_after(-1);
		if (rc < 0) {
			assert_null(rows.rows);
			assert_int_equal(rows.count, 0);
		}
	} while (rc < 0);
	assert_true(n > 20);
	ui_trows_free(&rows);
}

static void sweep_split(void **state)
{
	char **argv = NULL;
	int argc = 0, rc;
	long n = 0;
	(void)state;
	do {
		ui_mem_fail_after(n++);
		rc = ui_split_args(&argv, &argc, "project add-dep 'requests >= 2' --file .");
		ui_mem_fail_after(-1);
		if (rc < 0) {
			assert_int_equal(rc, -2);
			assert_null(argv);
			assert_int_equal(argc, 0);
		}
	} while (rc < 0);
	assert_int_equal(argc, 5);
	assert_string_equal(argv[2], "requests >= 2");
	ui_argv_free(argv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(sweep_prows),
	        cmocka_unit_test(sweep_trows),
	        cmocka_unit_test(sweep_split),
	};
	if (!setlocale(LC_ALL, "C.UTF-8"))
		return 1;
	return cmocka_run_group_tests(tests, setup, teardown);
}
