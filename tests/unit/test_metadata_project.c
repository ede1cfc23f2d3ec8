/*
 * unit/test_metadata_project.c — [project] -> core metadata. Expected
 * values follow the rules of SPECS.md §6.3-6.4 (the Requires-Dist form of
 * its §6.2 example, extras and-ed onto markers) and, for authors, what
 * Python's email.headerregistry.Address prints (checked with Python 3.11);
 * refusals come with their file:line:col; a failing-allocator sweep runs
 * the whole mapping.
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

#include "slipway/metadata.h"

/* ---- requirements ------------------------------------------------------ */

static const struct {
	const char *req, *extra, *expected;
} req_vectors[] = {
        {"anyio>=4", NULL, "anyio>=4"},
        {"pytest>=8", "test", "pytest>=8 ; extra == 'test'"},
        {"colorama; sys_platform == 'win32'", "cli",
         "colorama ; sys_platform == 'win32' and extra == 'cli'"},
        {"mypy; python_version < '3.12' or os_name == 'nt'", "dev",
         "mypy ; (python_version < '3.12' or os_name == 'nt') and extra == 'dev'"},
        {"a; (python_version < '3' or os_name == 'nt') and sys_platform == 'linux'", "e",
         "a ; ((python_version < '3' or os_name == 'nt') and sys_platform == 'linux') and "
         "extra == 'e'"},
        {"tomli>=1.1; python_version < \"3.11\"", NULL, "tomli>=1.1 ; python_version < '3.11'"},
        {"requests [socks,security] >= 2.8.1, == 2.8.*", NULL,
         "requests[security,socks]==2.8.*,>=2.8.1"},
        {"Django >= 4.2 , < 5.0", "web", "Django<5.0,>=4.2 ; extra == 'web'"},
        {"pip @ https://x.org/pip.zip", NULL, "pip @ https://x.org/pip.zip"},
        {"pip @ https://x.org/pip.zip ; os_name == 'nt'", "x",
         "pip @ https://x.org/pip.zip ; os_name == 'nt' and extra == 'x'"},
        /* a value with a single quote keeps packaging's double quotes */
        {"a; os_name == \"it's\"", NULL, "a ; os_name == \"it's\""},
        {"self[a,b]", "all", "self[a,b] ; extra == 'all'"},
};

static void requirements_format_like_the_spec(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(req_vectors) / sizeof(req_vectors[0]); i++) {
		sw_requirement *req;
		sw_buf out;
		assert_int_equal(
		        sw_requirement_parse(&req, req_vectors[i].req, strlen(req_vectors[i].req)),
		        0);
		sw_buf_init(&out, 1 << 16);
		assert_int_equal(sw_metadata_format_requirement(&out, req, req_vectors[i].extra),
		                 0);
		if (strcmp(sw_buf_cstr(&out), req_vectors[i].expected) != 0)
			fail_msg("vector %zu: got '%s'", i, sw_buf_cstr(&out));
		sw_requirement_free(req);
		sw_buf_free(&out);
	}
}

/* ---- projects ---------------------------------------------------------- */

/* Maps a pyproject.toml text; returns the emitted METADATA (sw_free). */
static char *metadata_of(const char *toml, const char *root, const char *version)
{
	sw_metadata_opts opts = SW_METADATA_OPTS_INIT;
	sw_project *project;
	sw_metadata *md;
	sw_buf out;
	opts.version = version;
	assert_int_equal(sw_project_load_buffer(&project, toml, strlen(toml), NULL, root), 0);
	if (sw_metadata_from_project(&md, project, &opts) != 0)
		fail_msg("from_project: %s", sw_error_last());
	sw_buf_init(&out, 1 << 20);
	assert_int_equal(sw_metadata_emit(&out, md), 0);
	sw_metadata_free(md);
	sw_project_free(project);
	return sw_buf_detach(&out, NULL);
}

static void every_static_key_maps(void **state)
{
	static const char toml[] =
	        "[project]\n"
	        "name = \"Hello-World\"\n"
	        "version = \"1.2.0\"\n"
	        "description = \"  Says hello  \"\n"
	        "requires-python = \">= 3.9, <4\"\n"
	        "license = \"mit or apache-2.0\"\n"
	        "authors = [{name = \"Jane Doe\", email = \"jane@example.org\"}, {name = "
	        "\"Solo\"},\n"
	        "  {email = \"x@example.org\"}, {name = \"J. R.\", email = \"jr@example.org\"}]\n"
	        "maintainers = [{name = \"Back\\\\slash\", email = \"b@example.org\"}]\n"
	        "keywords = [\"b\", \"a c\"]\n"
	        "classifiers = [\"Programming Language :: Python :: 3\", \"Typing :: Typed\"]\n"
	        "dependencies = [\"anyio>=4\"]\n"
	        "import-names = [\"hello_world\"]\n"
	        "[project.optional-dependencies]\n"
	        "Test_Suite = [\"pytest>=8\"]\n"
	        "cli = [\"colorama; sys_platform == 'win32'\"]\n"
	        "[project.urls]\n"
	        "Source = \"https://github.com/x/hello\"\n"
	        "\"Bug Tracker\" = \"https://github.com/x/hello/issues\"\n"
	        "[project.scripts]\n"
	        "hello = \"hello:main\"\n";
	static const char expected[] =
	        "Metadata-Version: 2.5\n"
	        "Name: Hello-World\n"
	        "Version: 1.2.0\n"
	        "Summary: Says hello  \n"
	        "Keywords: b,a c\n"
	        "Author: Solo\n"
	        "Author-email: Jane Doe <jane@example.org>, x@example.org, \"J. R.\" "
	        "<jr@example.org>\n"
	        "License-Expression: MIT OR Apache-2.0\n"
	        "Classifier: Programming Language :: Python :: 3\n"
	        "Classifier: Typing :: Typed\n"
	        "Requires-Dist: anyio>=4\n"
	        "Requires-Dist: pytest>=8 ; extra == 'test-suite'\n"
	        "Requires-Dist: colorama ; sys_platform == 'win32' and extra == 'cli'\n"
	        "Maintainer-email: \"Back\\\\slash\" <b@example.org>\n"
	        "Requires-Python: <4,>=3.9\n"
	        "Project-URL: Source, https://github.com/x/hello\n"
	        "Project-URL: Bug Tracker, https://github.com/x/hello/issues\n"
	        "Provides-Extra: test-suite\n"
	        "Provides-Extra: cli\n"
	        "Import-Name: hello_world\n";
	char *text;
	(void)state;
	text = metadata_of(toml, NULL, NULL);
	assert_string_equal(text, expected);
	sw_free(text);
}

static void dynamic_keys_become_dynamic_fields(void **state)
{
	static const char toml[] = "[project]\n"
	                           "name = \"d\"\n"
	                           "dynamic = [\"version\", \"scripts\", \"authors\", \"readme\",\n"
	                           "  \"dependencies\", \"optional-dependencies\", \"license\",\n"
	                           "  \"classifiers\", \"description\", \"license-files\"]\n";
	static const char expected[] = "Metadata-Version: 2.3\n"
	                               "Name: d\n"
	                               "Version: 1.0.post1\n"
	                               "Dynamic: Author\n"
	                               "Dynamic: Author-email\n"
	                               "Dynamic: Description\n"
	                               "Dynamic: Description-Content-Type\n"
	                               "Dynamic: Requires-Dist\n"
	                               "Dynamic: Provides-Extra\n"
	                               "Dynamic: License\n"
	                               "Dynamic: License-Expression\n"
	                               "Dynamic: Classifier\n"
	                               "Dynamic: Summary\n"
	                               "Dynamic: License-File\n";
	char *text;
	(void)state;
	text = metadata_of(toml, NULL, "1.0-1"); /* normalised */
	assert_string_equal(text, expected);
	sw_free(text);
}

/* Writes `data` to dir/name. */
static void write_file(const char *dir, const char *name, const char *data)
{
	char path[4096];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, strlen(data), f), strlen(data));
	fclose(f);
}

static void files_are_read_like_python_text_mode(void **state)
{
	static const char readme_toml[] = "[project]\nname = \"f\"\nversion = \"1\"\n"
	                                  "readme = \"README.RST\"\n";
	static const char license_toml[] = "[project]\nname = \"f\"\nversion = \"1\"\n"
	                                   "license = {file = \"COPYING\"}\n";
	static const char text_toml[] = "[project]\nname = \"f\"\nversion = \"1\"\n"
	                                "license = {text = \"  MIT\\r\\n\\r\\n  really\\n\\n\"}\n"
	                                "readme = {text = \"\", content-type = \"text/plain\"}\n";
	static const char globs_toml[] = "[project]\nname = \"f\"\nversion = \"1\"\n"
	                                 "license-files = [\"COPY*\", \"sub/*.txt\", \"[R]*\"]\n";
	char dir[] = "/tmp/sw-md-test-XXXXXX", sub[64];
	char *text;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	write_file(dir, "README.RST", "Title\r\n=====\r\rBody\r\n");
	write_file(dir, "COPYING", "Copyright X\r\n\r\nUse it.\n\n");
	write_file(dir, "sub/b.txt", "b");
	write_file(dir, "sub/a.txt", "a");
	text = metadata_of(readme_toml, dir, NULL);
	assert_string_equal(text, "Metadata-Version: 2.3\nName: f\nVersion: 1\n"
	                          "Description-Content-Type: text/x-rst\n\n"
	                          "Title\n=====\n\nBody\n");
	sw_free(text);
	text = metadata_of(license_toml, dir, NULL);
	assert_string_equal(text, "Metadata-Version: 2.4\nName: f\nVersion: 1\n"
	                          "License: Copyright X\n         \n         Use it.\n"
	                          "License-File: COPYING\n");
	sw_free(text);
	text = metadata_of(text_toml, dir, NULL);
	assert_string_equal(text, "Metadata-Version: 2.3\nName: f\nVersion: 1\n"
	                          "License: MIT\n         \n           really\n");
	sw_free(text);
	text = metadata_of(globs_toml, dir, NULL);
	assert_string_equal(text, "Metadata-Version: 2.4\nName: f\nVersion: 1\n"
	                          "License-File: COPYING\nLicense-File: README.RST\n"
	                          "License-File: sub/a.txt\nLicense-File: sub/b.txt\n");
	sw_free(text);
	snprintf(sub, sizeof(sub), "%s/README.RST", dir);
	unlink(sub);
	snprintf(sub, sizeof(sub), "%s/COPYING", dir);
	unlink(sub);
	snprintf(sub, sizeof(sub), "%s/sub/a.txt", dir);
	unlink(sub);
	snprintf(sub, sizeof(sub), "%s/sub/b.txt", dir);
	unlink(sub);
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	rmdir(sub);
	rmdir(dir);
}

/* pyproject.toml text -> the start of the error message */
static const struct {
	const char *toml;
	const char *version;
	const char *message;
} refusals[] = {
        {"[project]\nname = \"x\"\ndynamic = [\"name\"]\nversion = \"1\"\n", NULL,
         "pyproject.toml:2:8: project.name: the name cannot be dynamic"},
        {"[project]\nversion = \"1\"\n", NULL, "pyproject.toml: [project] has no name"},
        {"[project]\nname = \"x\"\n", NULL, "pyproject.toml: [project] has no version"},
        {"[project]\nname = \"x\"\ndynamic = [\"version\"]\n", NULL,
         "pyproject.toml: the version is dynamic: the computed version must be given"},
        {"[project]\nname = \"x\"\nversion = \"1\"\ndynamic = [\"version\"]\n", "1",
         "pyproject.toml:3:11: project.version: the version is both static and dynamic"},
        {"[project]\nname = \"x\"\nversion = \"one\"\n", NULL,
         "pyproject.toml:3:11: project.version: invalid version"},
        {"[project]\nname = \"x\"\nversion = \"1\"\ndescription = \"a\\nb\"\n", NULL,
         "pyproject.toml:4:15: project.description: the summary must be one line"},
        {"[project]\nname = \"x\"\nversion = \"1\"\nlicense = {text = \"t\"}\n"
         "license-files = []\n",
         NULL, "pyproject.toml:4:19: project.license: a license table cannot be used"},
        {"[project]\nname = \"x\"\nversion = \"1\"\nlicense = \"MIT OR\"\n", NULL,
         "pyproject.toml:4:11: project.license: not a valid SPDX license expression"},
        {"[project]\nname = \"x\"\nversion = \"1\"\ndependencies = [\"a\", \"b >>\"]\n", NULL,
         "pyproject.toml:4:22: project.dependencies: not a valid PEP 508 requirement"},
        {"[project]\nname = \"x\"\nversion = \"1\"\n[project.optional-dependencies]\n"
         "Dev_Tools = []\ndev-tools = []\n",
         NULL, "pyproject.toml:6:1: project.optional-dependencies: two extras have"},
        {"[project]\nname = \"x\"\nversion = \"1\"\nreadme = \"README.adoc\"\n", NULL,
         "pyproject.toml:4:10: project.readme: unknown readme type"},
        {"[project]\nname = \"x\"\nversion = \"1\"\nreadme = \"README.md\"\n", NULL,
         "pyproject.toml:4:10: project.readme: the project has no folder"},
        {"[project]\nname = \"x\"\nversion = \"1\"\nclassifiers = [\"a\\rb\"]\n", NULL,
         "pyproject.toml:4:16: project.classifiers: Classifier: the value holds the line "
         "boundary U+000D"},
        {"[project]\nname = \"x\"\nversion = \"1\"\nauthors = [{name = \"a\\u0000b\"}]\n", NULL,
         "pyproject.toml:4:12: project.authors: the value holds a NUL"},
        {"[project]\nname = \"x\"\nversion = \"1\"\ndynamic = [\"nope\"]\n", NULL,
         "pyproject.toml:4:12: project.dynamic: not a [project] key"},
        {"[tool.x]\na = 1\n", NULL, "pyproject.toml: there is no [project] table"},
        {"[project\n", NULL, "pyproject.toml: the file is not valid TOML"},
};

static void refusals_have_positions(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		sw_metadata_opts opts = SW_METADATA_OPTS_INIT;
		sw_project *project;
		sw_metadata *md = (sw_metadata *)1;
		int err;
		opts.version = refusals[i].version;
		assert_int_equal(sw_project_load_buffer(&project, refusals[i].toml,
		                                        strlen(refusals[i].toml), NULL, NULL),
		                 0);
		err = sw_metadata_from_project(&md, project, &opts);
		if (err != SW_EINVAL ||
		    strncmp(sw_error_last(), refusals[i].message, strlen(refusals[i].message)) != 0)
			fail_msg("vector %zu: %d '%s'", i, err, sw_error_last());
		assert_null(md);
		sw_project_free(project);
	}
}

static void options_are_versioned(void **state)
{
	static const char toml[] = "[project]\nname = \"x\"\nversion = \"1\"\n";
	sw_metadata_opts opts = SW_METADATA_OPTS_INIT;
	sw_project *project;
	sw_metadata *md;
	(void)state;
	assert_int_equal(sw_project_load_buffer(&project, toml, strlen(toml), NULL, NULL), 0);
	opts.struct_version = 99;
	assert_int_equal(sw_metadata_from_project(&md, project, &opts), SW_EINVAL);
	assert_int_equal(sw_metadata_from_project(&md, project, NULL), 0);
	assert_string_equal(sw_metadata_get(md, SW_MD_VERSION), "1");
	sw_metadata_free(md);
	sw_project_free(project);
}

/* ---- allocation failures ----------------------------------------------- */

static long countdown = -1;
static int failed;

static void *f_malloc(size_t n)
{
	if (countdown == 0) {
		failed = 1;
		return NULL;
	}
	if (countdown > 0)
		countdown--;
	return malloc(n);
}

static void *f_realloc(void *p, size_t n)
{
	if (countdown == 0) {
		failed = 1;
		return NULL;
	}
	if (countdown > 0)
		countdown--;
	return realloc(p, n);
}

static const struct sw_allocator failing = {f_malloc, f_realloc, free};

static void mapping_survives_allocation_failures(void **state)
{
	char path[4096];
	const char *data = getenv("SW_TEST_DATA");
	sw_project *project;
	long n;
	(void)state;
	assert_non_null(data);
	snprintf(path, sizeof(path), "%s/metadata/projects/hello-world", data);
	assert_int_equal(sw_project_load(&project, path), 0);
	for (n = 0;; n++) {
		sw_metadata *md = NULL;
		sw_buf out;
		int err;
		sw_buf_init(&out, 1 << 20);
		failed = 0;
		countdown = n; /* every allocation from the n+1th on fails */
		sw_allocator_set(&failing);
		err = sw_metadata_from_project(&md, project, NULL);
		if (err == 0)
			err = sw_metadata_emit(&out, md);
		sw_allocator_set(NULL);
		countdown = -1;
		sw_metadata_free(md);
		sw_buf_free(&out);
		if (err == 0 && !failed)
			break;
		if (err != SW_ENOMEM)
			fail_msg("allocation %ld: %d %s", n, err, sw_error_last());
	}
	assert_true(n > 20);
	sw_project_free(project);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(requirements_format_like_the_spec),
	        cmocka_unit_test(every_static_key_maps),
	        cmocka_unit_test(dynamic_keys_become_dynamic_fields),
	        cmocka_unit_test(files_are_read_like_python_text_mode),
	        cmocka_unit_test(refusals_have_positions),
	        cmocka_unit_test(options_are_versioned),
	        cmocka_unit_test(mapping_survives_allocation_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
