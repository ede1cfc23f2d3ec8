/*
 * unit/test_build.c — the native builder's selection tools and plans:
 * glob vectors (fnmatch semantics within segments, `**` across them),
 * the .gitignore vectors of tests/data/build_unit/ignore_vectors.txt
 * (their answers are checked against pathspec and `git check-ignore` by
 * tests/oracle/test_build_ignore.py), the member lists hatchling's rules
 * give small trees made here (cross-checked against hatchling itself by
 * tests/oracle/test_build_hatchling.py on larger samples), the wheel tag
 * from requires-python, the dynamic version, and the bad inputs that
 * must fail before anything is written.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "build/build_int.h"
#include "test_build_support.h"

static const char *const hatch_head =
        "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n";

static void test_glob(void **state)
{
	static const struct {
		const char *pattern, *path;
		int match;
	} v[] = {
	        {"*.py", "a.py", 1},
	        {"*.py", "pkg/a.py", 0},
	        {"**/*.py", "pkg/sub/a.py", 1},
	        {"**/*.py", "a.py", 1},
	        {"pkg/**", "pkg/a/b", 1},
	        {"pkg/**/x", "pkg/x", 1},
	        {"a?c", "abc", 1},
	        {"a?c", "a/c", 0},
	        {"[abc]x", "bx", 1},
	        {"[!abc]x", "bx", 0},
	        {"[a-f]*", "dog", 1},
	        {"LICEN[CS]E*", "LICENSE-MIT", 1},
	        {"LICEN[CS]E*", "LICENCE", 1},
	        {"LICEN[CS]E*", "license", 0},
	        {"COPYING*", "COPYING", 1},
	        {"*", "", 1},
	        {"a\\*b", "a*b", 1},
	        {"a\\*b", "axb", 0},
	        {"[", "[", 1},
	        {"src/*/x.py", "src/p/x.py", 1},
	        {"src/*/x.py", "src/p/q/x.py", 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		int got = bp_glob_match(v[i].pattern, v[i].path);
		if (got != v[i].match)
			fail_msg("glob %s vs %s: got %d", v[i].pattern, v[i].path, got);
	}
}

/* Runs one line of the vectors file. */
static void ignore_line(char *line)
{
	char *fields[4] = {NULL, NULL, NULL, NULL};
	size_t n = 0;
	for (char *p = line; n < 4; n++) {
		fields[n] = p;
		char *tab = strchr(p, '\t');
		if (tab == NULL) {
			n++;
			break;
		}
		*tab = '\0';
		p = tab + 1;
	}
	assert_int_equal(n, 4);
	bp_ignore *ig = NULL;
	assert_int_equal(bp_ignore_new(&ig), 0);
	for (char *p = fields[0];;) {
		char *sep = strstr(p, " ;; ");
		if (sep != NULL)
			*sep = '\0';
		assert_int_equal(bp_ignore_add(ig, p), 0);
		if (sep == NULL)
			break;
		p = sep + 4;
	}
	char *path = fields[1];
	size_t len = strlen(path);
	int is_dir = len > 0 && path[len - 1] == '/';
	if (is_dir)
		path[len - 1] = '\0';
	int got = bp_ignore_match(ig, path, is_dir);
	if (got != (fields[2][0] == '1'))
		fail_msg("ignore [%s] %s%s: got %d", fields[0], path, is_dir ? "/" : "", got);
	bp_ignore_free(ig);
}

static void test_ignore_vectors(void **state)
{
	char path[4096], line[4096];
	size_t count = 0;
	(void)state;
	const char *data = getenv("SW_TEST_DATA");
	assert_non_null(data);
	snprintf(path, sizeof(path), "%s/build_unit/ignore_vectors.txt", data);
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f) != NULL) {
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || strncmp(line, "## ", 3) == 0)
			continue;
		ignore_line(line);
		count++;
	}
	fclose(f);
	assert_true(count >= 50);
}

/* Checks a member list against expected paths (in order). */
static void expect_members(const sw_build_members *m, const char *const *want)
{
	size_t n = 0;
	while (want[n] != NULL)
		n++;
	for (size_t i = 0; i < m->count && i < n; i++)
		if (strcmp(m->items[i].path, want[i]) != 0)
			fail_msg("member %zu: got %s, want %s", i, m->items[i].path, want[i]);
	if (m->count != n)
		fail_msg("%zu members, want %zu", m->count, n);
}

static void test_plan_src_layout(void **state)
{
	char toml[1024];
	(void)state;
	snprintf(toml, sizeof(toml),
	         "%s[project]\nname = \"My_Pkg\"\nversion = \"1.0.0-rc.1\"\n"
	         "readme = \"README.md\"\nrequires-python = \">=3.9\"\n"
	         "[project.scripts]\nmy-pkg = \"my_pkg:main\"\n",
	         hatch_head);
	const struct tfile files[] = {
	        {"pyproject.toml", toml, 0, NULL},
	        {"README.md", "# hi\n", 0, NULL},
	        {"LICENSE.txt", "MIT\n", 0, NULL},
	        {".gitignore", "*.log\n/scratch/\n", 0, NULL},
	        {"debug.log", "x\n", 0, NULL},
	        {"scratch/a.txt", "x\n", 0, NULL},
	        {"src/my_pkg/__init__.py", "def main(): pass\n", 0, NULL},
	        {"src/my_pkg/tool.sh", "#!/bin/sh\n", 0755, NULL},
	        {"src/my_pkg/__pycache__/x.cpython-311.pyc", "b\n", 0, NULL},
	        {"src/my_pkg/y.pyc", "b\n", 0, NULL},
	        {"tests/test_a.py", "\n", 0, NULL},
	        {"dist/old.whl", "\n", 0, NULL},
	        {".venv/lib/x.py", "\n", 0, NULL},
	        {NULL, NULL, 0, NULL},
	};
	const char *dir = tb_tree(files);
	sw_build_plan *plan = NULL;
	assert_int_equal(tb_plan(&plan, dir), 0);
	assert_string_equal(plan->dist_name, "my_pkg");
	assert_string_equal(plan->version, "1.0.0rc1");
	assert_string_equal(plan->wheel_tag, "py3-none-any");
	assert_string_equal(plan->sdist_filename, "my_pkg-1.0.0rc1.tar.gz");
	assert_string_equal(plan->wheel_filename, "my_pkg-1.0.0rc1-py3-none-any.whl");
	static const char *const sdist[] = {
	        ".gitignore",         "LICENSE.txt",     "PKG-INFO",
	        "README.md",          "pyproject.toml",  "src/my_pkg/__init__.py",
	        "src/my_pkg/tool.sh", "tests/test_a.py", NULL};
	expect_members(&plan->sdist, sdist);
	static const char *const wheel[] = {"my_pkg-1.0.0rc1.dist-info/METADATA",
	                                    "my_pkg-1.0.0rc1.dist-info/WHEEL",
	                                    "my_pkg-1.0.0rc1.dist-info/entry_points.txt",
	                                    "my_pkg-1.0.0rc1.dist-info/licenses/LICENSE.txt",
	                                    "my_pkg/__init__.py",
	                                    "my_pkg/tool.sh",
	                                    NULL};
	expect_members(&plan->wheel, wheel);
	assert_int_equal(plan->wheel.items[5].executable, 1);
	assert_int_equal(plan->wheel.items[4].executable, 0);
	assert_string_equal(plan->wheel.items[4].source, "src/my_pkg/__init__.py");
	const char *ep = plan->wheel.items[2].data;
	assert_non_null(ep);
	assert_memory_equal(ep, "[console_scripts]\nmy-pkg = my_pkg:main\n",
	                    plan->wheel.items[2].data_len);
	assert_string_equal(sw_metadata_get(plan->metadata, SW_MD_METADATA_VERSION), "2.4");
	assert_string_equal(sw_metadata_value(plan->metadata, SW_MD_LICENSE_FILE, 0),
	                    "LICENSE.txt");
	sw_build_plan_free(plan);
	tb_rmtree(dir);
}

static void test_plan_flat_module_and_version(void **state)
{
	char toml[1024];
	(void)state;
	snprintf(toml, sizeof(toml),
	         "%s[project]\nname = \"solo\"\ndynamic = [\"version\"]\n"
	         "[tool.hatch.version]\npath = \"solo.py\"\n",
	         hatch_head);
	const struct tfile files[] = {
	        {"pyproject.toml", toml, 0, NULL},
	        {"solo.py", "'''doc'''\n__version__ = 'v2.0.0-beta1'  # set by release\n", 0, NULL},
	        {"other.py", "\n", 0, NULL},
	        {NULL, NULL, 0, NULL},
	};
	const char *dir = tb_tree(files);
	sw_build_plan *plan = NULL;
	assert_int_equal(tb_plan(&plan, dir), 0);
	assert_string_equal(plan->version, "2.0.0b1");
	assert_string_equal(plan->wheel_tag, "py2.py3-none-any");
	static const char *const wheel[] = {"solo-2.0.0b1.dist-info/METADATA",
	                                    "solo-2.0.0b1.dist-info/WHEEL", "solo.py", NULL};
	expect_members(&plan->wheel, wheel);
	sw_build_plan_free(plan);
	tb_rmtree(dir);
}

static void test_wheel_tag(void **state)
{
	static const struct {
		const char *requires, *tag;
	} v[] = {
	        {">=3.8", "py3-none-any"},
	        {"<3", "py2-none-any"},
	        {">=2.7,!=3.0.*", "py2.py3-none-any"},
	        {"==3.11.4", "py3-none-any"},
	        {"~=2.7", "py2-none-any"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char toml[1024];
		snprintf(toml, sizeof(toml),
		         "%s[project]\nname = \"t\"\nversion = \"1\"\nrequires-python = \"%s\"\n",
		         hatch_head, v[i].requires);
		const struct tfile files[] = {{"pyproject.toml", toml, 0, NULL},
		                              {"t/__init__.py", "\n", 0, NULL},
		                              {NULL, NULL, 0, NULL}};
		const char *dir = tb_tree(files);
		sw_build_plan *plan = NULL;
		assert_int_equal(tb_plan(&plan, dir), 0);
		if (strcmp(plan->wheel_tag, v[i].tag) != 0)
			fail_msg("requires-python %s: tag %s, want %s", v[i].requires,
			         plan->wheel_tag, v[i].tag);
		sw_build_plan_free(plan);
		tb_rmtree(dir);
	}
}

/* A bad project: extra pyproject lines, extra files, the code expected. */
struct bad_case {
	const char *what, *project, *tool;
	struct tfile extra[3];
	int code;
};

static void run_bad_case(const struct bad_case *c)
{
	char toml[2048];
	snprintf(toml, sizeof(toml), "%s[project]\n%s\n%s", hatch_head, c->project,
	         c->tool ? c->tool : "");
	struct tfile files[6] = {{"pyproject.toml", toml, 0, NULL},
	                         {"pkg/__init__.py", "\n", 0, NULL}};
	for (size_t i = 0; i < 3 && c->extra[i].path != NULL; i++)
		files[2 + i] = c->extra[i];
	const char *dir = tb_tree(files);
	sw_build_plan *plan = NULL;
	int err = tb_plan(&plan, dir);
	if (err != c->code)
		fail_msg("%s: got %d (%s), want %d", c->what, err, sw_error_last(), c->code);
	assert_null(plan);
	assert_true(strlen(sw_error_last()) > 10);
	char out[4200];
	snprintf(out, sizeof(out), "%s/dist", dir);
	assert_int_equal(tb_count_entries(out), -1); /* nothing written */
	tb_rmtree(dir);
}

static void test_bad_inputs(void **state)
{
	const struct bad_case cases[] = {
	        {"missing package folder",
	         "name = \"pkg\"\nversion = \"1\"",
	         "[tool.hatch.build.targets.wheel]\npackages = [\"src/nope\"]\n",
	         {{0}},
	         SW_ENOTFOUND},
	        {"nothing to ship", "name = \"other\"\nversion = \"1\"", NULL, {{0}}, SW_ENOTFOUND},
	        {"version not PEP 440",
	         "name = \"pkg\"\nversion = \"1.0-foo-bar\"",
	         NULL,
	         {{0}},
	         SW_EINVAL},
	        {"name that does not normalise",
	         "name = \"-pkg-\"\nversion = \"1\"",
	         NULL,
	         {{0}},
	         SW_EINVAL},
	        {"symlink outside",
	         "name = \"pkg\"\nversion = \"1\"",
	         NULL,
	         {{"pkg/evil.py", NULL, 0, "/etc/hostname"}},
	         SW_EIO},
	        {"unreadable file (dangling link)",
	         "name = \"pkg\"\nversion = \"1\"",
	         NULL,
	         {{"pkg/gone.py", NULL, 0, "does-not-exist.py"}},
	         SW_EIO},
	        {"build hook",
	         "name = \"pkg\"\nversion = \"1\"",
	         "[tool.hatch.build.hooks.custom]\n",
	         {{0}},
	         SW_EUNSUPPORTED},
	        {"metadata hook",
	         "name = \"pkg\"\nversion = \"1\"",
	         "[tool.hatch.metadata.hooks.fancy]\n",
	         {{0}},
	         SW_EUNSUPPORTED},
	        {"version expression",
	         "name = \"pkg\"\ndynamic = [\"version\"]",
	         "[tool.hatch.version]\npath = \"pkg/v.py\"\n",
	         {{"pkg/v.py", "__version__ = compute()\n", 0, NULL}},
	         SW_EUNSUPPORTED},
	        {"shared data",
	         "name = \"pkg\"\nversion = \"1\"",
	         "[tool.hatch.build.targets.wheel.shared-data]\n\"a\" = \"b\"\n",
	         {{0}},
	         SW_EUNSUPPORTED},
	        {"unknown classifier",
	         "name = \"pkg\"\nversion = \"1\"\nclassifiers = [\"Nope :: X\"]",
	         NULL,
	         {{0}},
	         SW_EINVAL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		run_bad_case(&cases[i]);
	if (geteuid() != 0) { /* root reads anything: covered by the dangling link */
		struct bad_case c = {"unreadable file",
		                     "name = \"pkg\"\nversion = \"1\"",
		                     NULL,
		                     {{"pkg/secret.py", "x\n", 0000, NULL}},
		                     SW_EIO};
		run_bad_case(&c);
	}
}

static void test_backends(void **state)
{
	(void)state;
	assert_int_equal(sw_build_backend_lookup("hatchling.build"), SW_BACKEND_HATCHLING);
	assert_int_equal(sw_build_backend_lookup("setuptools.build_meta:__legacy__"),
	                 SW_BACKEND_SETUPTOOLS);
	assert_int_equal(sw_build_backend_lookup("poetry.core.masonry.api"), SW_BACKEND_UNKNOWN);
	assert_string_equal(sw_build_backend_name(SW_BACKEND_UV_BUILD), "uv_build");
	const struct tfile files[] = {
	        {"pyproject.toml",
	         "[build-system]\nrequires = [\"poetry-core\"]\nbuild-backend = "
	         "\"poetry.core.masonry.api\"\n[project]\nname = \"p\"\nversion = \"1\"\n",
	         0, NULL},
	        {NULL, NULL, 0, NULL}};
	const char *dir = tb_tree(files);
	sw_build_plan *plan = NULL;
	assert_int_equal(tb_plan(&plan, dir), SW_EUNSUPPORTED);
	assert_non_null(strstr(sw_error_last(), "--pep517"));
	tb_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_glob),
	        cmocka_unit_test(test_ignore_vectors),
	        cmocka_unit_test(test_plan_src_layout),
	        cmocka_unit_test(test_plan_flat_module_and_version),
	        cmocka_unit_test(test_wheel_tag),
	        cmocka_unit_test(test_bad_inputs),
	        cmocka_unit_test(test_backends),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
