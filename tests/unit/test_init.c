/*
 * unit/test_init.c — sw_project_init(): project names made from folder
 * names, the exact pyproject.toml written for each backend (from the
 * backends' documented [build-system] tables), zero errors and zero
 * warnings from slipway's own validation, and the refusal to overwrite
 * anything (checked before a single file is written).
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
#include "slipway/project.h"
#include "slipway/project_edit.h"

static const struct {
	const char *dir, *name; /* name NULL: refused */
} names[] = {
        {"myproj", "myproj"},
        {"My Project", "my-project"},
        {"My_Cool.Proj", "my-cool-proj"},
        {"--x--", "x"},
        {"café-tool", "caf-tool"},
        {"a1", "a1"},
        {"2fast", NULL},
        {"___", NULL},
        {"", NULL},
};

static void test_names(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *out = NULL;
		int err = sw_init_name_from_dir(&out, names[i].dir);
		if (!names[i].name) {
			assert_int_equal(err, SW_EINVAL);
			assert_null(out);
			continue;
		}
		assert_int_equal(err, 0);
		assert_string_equal(out, names[i].name);
		sw_free(out);
	}
}

static void test_backends(void **state)
{
	enum sw_init_backend b;
	(void)state;
	assert_int_equal(sw_init_backend_lookup(&b, "flit_core"), 0);
	assert_int_equal(b, SW_INIT_FLIT_CORE);
	assert_int_equal(sw_init_backend_lookup(&b, "uv_build"), 0);
	assert_int_equal(b, SW_INIT_UV_BUILD);
	assert_int_equal(sw_init_backend_lookup(&b, "poetry"), SW_ENOTFOUND);
}

static char *read_at(const char *dir, const char *rel)
{
	char path[512], *text = NULL;
	size_t len;
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	if (sw_file_read(&text, &len, NULL, path, 1 << 20) < 0)
		return NULL;
	return text;
}

static void rm_rf(const char *dir)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

/* The [build-system] tables as each backend's documentation gives them. */
static const struct {
	enum sw_init_backend backend;
	int flat;
	const char *head, *tail, *init_py;
} layouts[] = {
        {SW_INIT_HATCHLING, 0,
         "[build-system]\nrequires = [\"hatchling>=1.27\"]\nbuild-backend = \"hatchling.build\"\n",
         "", "src/demo_tool/__init__.py"},
        {SW_INIT_FLIT_CORE, 1,
         "[build-system]\nrequires = [\"flit_core>=3.12,<4\"]\n"
         "build-backend = \"flit_core.buildapi\"\n",
         "\n[tool.flit.module]\nname = \"demo_tool\"\n", "demo_tool/__init__.py"},
        {SW_INIT_SETUPTOOLS, 0,
         "[build-system]\nrequires = [\"setuptools>=77\"]\n"
         "build-backend = \"setuptools.build_meta\"\n",
         "", "src/demo_tool/__init__.py"},
        {SW_INIT_UV_BUILD, 1,
         "[build-system]\nrequires = [\"uv_build>=0.12,<0.13\"]\nbuild-backend = \"uv_build\"\n",
         "\n[tool.uv.build-backend]\nmodule-root = \"\"\n", "demo_tool/__init__.py"},
};

static const char project_table[] =
        "\n[project]\nname = \"Demo.Tool\"\nversion = \"0.1.0\"\n"
        "description = \"A \\\"demo\\\" tool.\"\nreadme = \"README.md\"\n"
        "requires-python = \">=3.9\"\nlicense = \"MIT OR Apache-2.0\"\n"
        "authors = [{name = \"Ada Lovelace\", email = \"ada@example.org\"}]\n"
        "classifiers = [\n    \"Programming Language :: Python :: 3\",\n]\n"
        "dependencies = []\n";

/* Validation of a generated project: no errors, no warnings, no notes. */
static void expect_clean(const char *dir)
{
	sw_project *p = NULL;
	sw_project_diags *d = NULL;
	assert_int_equal(sw_project_load(&p, dir), 0);
	assert_int_equal(sw_project_validate(&d, p, NULL), 0);
	for (size_t i = 0; i < sw_project_diags_count(d); i++)
		print_error("%s: %s\n", sw_project_diags_at(d, i)->code,
		            sw_project_diags_at(d, i)->message);
	assert_int_equal(sw_project_diags_count(d), 0);
	sw_project_diags_free(d);
	sw_project_free(p);
}

static void test_layouts(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++) {
		char dir[] = "/tmp/sw-init-XXXXXX", want[2048], *text, *created = NULL;
		sw_init_opts o = SW_INIT_OPTS_INIT;
		assert_non_null(mkdtemp(dir));
		o.name = "Demo.Tool";
		o.description = "A \"demo\" tool.";
		o.author = "Ada Lovelace <ada@example.org>";
		o.license = "mit or apache-2.0";
		o.backend = layouts[i].backend;
		o.flat = layouts[i].flat;
		assert_int_equal(sw_project_init(&created, dir, &o), 0);
		snprintf(want, sizeof(want),
		         "pyproject.toml\nREADME.md\n.gitignore\n%s\n"
		         "tests/test_demo_tool.py\n",
		         layouts[i].init_py);
		assert_string_equal(created, want);
		sw_free(created);
		snprintf(want, sizeof(want), "%s%s%s", layouts[i].head, project_table,
		         layouts[i].tail);
		text = read_at(dir, "pyproject.toml");
		assert_non_null(text);
		assert_string_equal(text, want);
		sw_free(text);
		/* a description with quotes does not go into the docstring */
		text = read_at(dir, layouts[i].init_py);
		assert_string_equal(text, "\"\"\"The package.\"\"\"\n");
		sw_free(text);
		text = read_at(dir, ".gitignore");
		assert_string_equal(text,
		                    ".venv/\ndist/\nbuild/\n.env\n__pycache__/\n*.egg-info/\n");
		sw_free(text);
		expect_clean(dir);
		rm_rf(dir);
	}
}

static void test_refuses_overwrite(void **state)
{
	char dir[] = "/tmp/sw-init-XXXXXX", path[600], *text;
	sw_init_opts o = SW_INIT_OPTS_INIT;
	struct stat st;
	FILE *f;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/src", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/src/x", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/src/x/__init__.py", dir);
	f = fopen(path, "w");
	fputs("# mine\n", f);
	fclose(f);
	o.name = "x";
	assert_int_equal(sw_project_init(NULL, dir, &o), SW_EEXISTS);
	assert_non_null(strstr(sw_error_last(), "src/x/__init__.py already exists"));
	text = read_at(dir, "src/x/__init__.py");
	assert_string_equal(text, "# mine\n");
	sw_free(text);
	snprintf(path, sizeof(path), "%s/pyproject.toml", dir);
	assert_int_equal(stat(path, &st), -1); /* nothing written before the check */
	/* DIR is a file */
	f = fopen(path, "w");
	fclose(f);
	assert_int_equal(sw_project_init(NULL, path, &o), SW_EEXISTS);
	assert_non_null(strstr(sw_error_last(), "is not a folder"));
	rm_rf(dir);
}

static void test_bad_options(void **state)
{
	sw_init_opts o = SW_INIT_OPTS_INIT;
	(void)state;
	o.name = "-x";
	assert_int_equal(sw_project_init(NULL, "/tmp/sw-never", &o), SW_EINVAL);
	o.name = "ok";
	o.license = "MIT AND";
	assert_int_equal(sw_project_init(NULL, "/tmp/sw-never", &o), SW_EINVAL);
	o.license = NULL;
	o.description = "two\nlines";
	assert_int_equal(sw_project_init(NULL, "/tmp/sw-never", &o), SW_EINVAL);
	o.description = NULL;
	o.version = 99;
	assert_int_equal(sw_project_init(NULL, "/tmp/sw-never", &o), SW_EINVAL);
	assert_int_equal(access("/tmp/sw-never", F_OK), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_names),       cmocka_unit_test(test_backends),
	        cmocka_unit_test(test_layouts),     cmocka_unit_test(test_refuses_overwrite),
	        cmocka_unit_test(test_bad_options),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
