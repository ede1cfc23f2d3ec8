/*
 * unit/test_build_rules.c — the flit_core, setuptools and uv_build rules of
 * the native builder, and their helpers.
 *
 * uv_build has no reference copy on this machine (a Rust program without a
 * Debian package), so its vectors come from its documentation, quoted above
 * each one ("The uv build backend", docs/concepts/build-backend.md, and the
 * settings reference of crates/uv-build-backend/src/settings.rs). The flit
 * and setuptools vectors were derived from their sources (flit_core 3.12,
 * setuptools 78) and confirmed by running them (Python's inspect.cleandoc,
 * re, fnmatch and os.path.normpath for the helpers); the equivalence of
 * whole builds is tests/oracle/test_build_equiv.py's job.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "build/select_setuptools.h"
#include "build/select_util.h"
#include "util/util.h"
#include "slipway/metadata.h"
#include "test_build_support.h"

/* The sample projects of tests/data/build. */
static const char *data_dir(const char *sample)
{
	static char path[4096];
	const char *base = getenv("SW_TEST_DATA");
	snprintf(path, sizeof(path), "%s/build/%s", base ? base : "tests/data", sample);
	return path;
}

/* Checks a member list against a NULL-terminated list of paths. */
static void expect_members(const sw_build_members *got, const char *const *want, const char *what)
{
	size_t n = 0;
	while (want[n] != NULL)
		n++;
	for (size_t i = 0; i < got->count || i < n; i++) {
		const char *g = i < got->count ? got->items[i].path : "(none)";
		const char *w = i < n ? want[i] : "(none)";
		if (strcmp(g, w) != 0)
			fail_msg("%s member %zu: got %s, want %s", what, i, g, w);
	}
}

/* ---- uv_build, from its documentation ----------------------------------- */

/* "By default, a single root module is expected at
 * src/<package_name>/__init__.py." "uv normalizes the package name to
 * determine the default module name: the package name is lowercased and dots
 * and dashes are replaced with underscores." "By default, uv excludes
 * __pycache__, *.pyc, and *.pyo." Source distribution: "The pyproject.toml",
 * "The module under tool.uv.build-backend.module-root", "The files referenced
 * by project.license-files and project.readme". Wheel: "The module under
 * module-root", "The files referenced by project.license-files, which are
 * copied into the .dist-info directory." (tests/ and src/other are neither.) */
static void test_uv_defaults(void **state)
{
	static const char *const sdist[] = {"LICENSE",
	                                    "PKG-INFO",
	                                    "README.md",
	                                    "pyproject.toml",
	                                    "src/uv_src_demo/__init__.py",
	                                    "src/uv_src_demo/data.json",
	                                    NULL};
	static const char *const wheel[] = {"uv_src_demo-0.1.0.dist-info/METADATA",
	                                    "uv_src_demo-0.1.0.dist-info/WHEEL",
	                                    "uv_src_demo-0.1.0.dist-info/licenses/LICENSE",
	                                    "uv_src_demo/__init__.py",
	                                    "uv_src_demo/data.json",
	                                    NULL};
	sw_build_plan *plan = NULL;
	(void)state;
	assert_int_equal(tb_plan(&plan, data_dir("uv_src")), 0);
	assert_string_equal(plan->wheel_tag, "py3-none-any");
	expect_members(&plan->sdist, sdist, "uv_src sdist");
	expect_members(&plan->wheel, wheel, "uv_src wheel");
	sw_build_plan_free(plan);
}

/* module-root: "Common values are src (src layout, the default) or an empty
 * path (flat layout)." source-include: "Glob expressions which files and
 * directories to additionally include in the source distribution."
 * "Includes are anchored ... To recursively include all files under a
 * directory, use a <slash><star><star> suffix." "Excludes are not anchored, which means that
 * __pycache__ excludes all directories named __pycache__ regardless of its
 * parent directory. All children of an exclusion are excluded as well. To
 * anchor a directory, use a / prefix." wheel-exclude: "Glob expressions
 * which files and directories to exclude from the wheel." data: "Each entry
 * is a directory, whose contents are copied to the matching directory in the
 * wheel in <name>-<version>.data/(purelib|platlib|headers|scripts|data)";
 * the sdist holds "All directories under tool.uv.build-backend.data". */
static void test_uv_flat_includes_excludes_data(void **state)
{
	static const char *const sdist[] = {"CHANGES.md",       "FlatMod/__init__.py",
	                                    "FlatMod/notes.md", "PKG-INFO",
	                                    "bin/flat-tool",    "include/flat/flat.h",
	                                    "pyproject.toml",   "tests/sub/fixtures/keep.txt",
	                                    "tests/test_a.py",  NULL};
	static const char *const wheel[] = {"FlatMod/__init__.py",
	                                    "uv_flat-2.0.data/headers/flat.h",
	                                    "uv_flat-2.0.data/scripts/flat-tool",
	                                    "uv_flat-2.0.dist-info/METADATA",
	                                    "uv_flat-2.0.dist-info/WHEEL",
	                                    NULL};
	sw_build_plan *plan = NULL;
	(void)state;
	assert_int_equal(tb_plan(&plan, data_dir("uv_flat")), 0);
	expect_members(&plan->sdist, sdist, "uv_flat sdist");
	expect_members(&plan->wheel, wheel, "uv_flat wheel");
	sw_build_plan_free(plan);
}

/* "Namespace package modules are identified by a . in the module-name. For
 * example, to package the module bar in the shared namespace foo ...
 * module-name = "foo.bar"". "The __init__.py file is not included in foo,
 * since it's the shared namespace module." */
static void test_uv_dotted_namespace(void **state)
{
	static const char *const wheel[] = {"acme/db/__init__.py", "acme/db/query.py",
	                                    "acme_db-1.0.0.dist-info/METADATA",
	                                    "acme_db-1.0.0.dist-info/WHEEL", NULL};
	sw_build_plan *plan = NULL;
	(void)state;
	assert_int_equal(tb_plan(&plan, data_dir("uv_ns")), 0);
	expect_members(&plan->wheel, wheel, "uv_ns wheel");
	sw_build_plan_free(plan);
}

/* "type stub packages, which are identified by the -stubs suffix ... The
 * module name for type stub packages must end in -stubs, so uv will not
 * normalize the - to an underscore. Additionally, uv will search for a
 * __init__.pyi file." */
static void test_uv_stubs(void **state)
{
	static const char *const wheel[] = {"foo-stubs/__init__.pyi",
	                                    "foo_stubs-1.0.dist-info/METADATA",
	                                    "foo_stubs-1.0.dist-info/WHEEL", NULL};
	sw_build_plan *plan = NULL;
	(void)state;
	assert_int_equal(tb_plan(&plan, data_dir("uv_stubs")), 0);
	expect_members(&plan->wheel, wheel, "uv_stubs wheel");
	sw_build_plan_free(plan);
}

#define UV_HEAD                                                                                    \
	"[build-system]\nrequires = [\"uv_build\"]\nbuild-backend = \"uv_build\"\n\n"              \
	"[project]\nname = \"pkg\"\nversion = \"1.0\"\n"

/* "Python packages are expected to contain one or more Python modules,
 * which are directories containing an __init__.py" (a missing one is an
 * error naming where it looked); namespace: "Build a PEP 420 implicit
 * namespace package, allowing more than one root __init__.py"; module-name
 * as a list: "For namespace packages with multiple modules, the path can be
 * a list". */
static void test_uv_modules(void **state)
{
	static const struct {
		const char *extra, *file;
		int err;
		const char *member; /* a wheel member that must be there */
	} cases[] = {
	        {"", "src/other/__init__.py", SW_ENOTFOUND, NULL},
	        {"", "src/pkg/mod.py", SW_ENOTFOUND, NULL},
	        {"[tool.uv.build-backend]\nnamespace = true\n", "src/pkg/a/__init__.py", 0,
	         "pkg/a/__init__.py"},
	        {"[tool.uv.build-backend]\nmodule-name = [\"a\", \"b\"]\n", "src/a/__init__.py",
	         SW_ENOTFOUND, NULL},
	        {"[tool.uv.build-backend]\nunknown-key = 1\n", "src/pkg/__init__.py",
	         SW_EUNSUPPORTED, NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char toml[1024];
		snprintf(toml, sizeof(toml), "%s\n%s", UV_HEAD, cases[i].extra);
		const struct tfile files[] = {{"pyproject.toml", toml, 0, NULL},
		                              {cases[i].file, "", 0, NULL},
		                              {NULL, NULL, 0, NULL}};
		const char *dir = tb_tree(files);
		sw_build_plan *plan = NULL;
		int err = tb_plan(&plan, dir);
		if (err != cases[i].err)
			fail_msg("case %zu: got %d (%s), want %d", i, err, sw_error_last(),
			         cases[i].err);
		for (size_t k = 0; plan && cases[i].member && k <= plan->wheel.count; k++) {
			if (k == plan->wheel.count)
				fail_msg("case %zu: no %s in the wheel", i, cases[i].member);
			if (strcmp(plan->wheel.items[k].path, cases[i].member) == 0)
				break;
		}
		sw_build_plan_free(plan);
		tb_rmtree(dir);
	}
}

/* ---- helpers, against Python's fnmatch, os.path.normpath and glob ------ */

static void test_fnmatch(void **state)
{
	static const struct {
		const char *pat, *str;
		int match;
	} cases[] = {
	        {"*.json", "a/b.json", 1},
	        {"a/*.secret.json", "a/k.secret.json", 1},
	        {"a/[!x]y", "a/zy", 1},
	        {"a/[!x]y", "a/xy", 0},
	        {"[]]", "]", 1},
	        {"a?c", "a/c", 1},
	        {"[a-c]*", "b.txt", 1},
	        {"pkg.*", "pkg.sub.x", 1},
	        {"pkg.*", "pkg", 0},
	        {"*__pycache__", "a.__pycache__", 1},
	        {"[._]*", "_private", 1},
	        {"[._]*", "public", 0},
	        {"[Ss][Cc]onstruct", "SConstruct", 1},
	        {"tests", "tests.x", 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (sel_fnmatch(cases[i].pat, cases[i].str) != cases[i].match)
			fail_msg("fnmatch(%s, %s) != %d", cases[i].str, cases[i].pat,
			         cases[i].match);
}

static void test_normpath(void **state)
{
	static const char *const cases[][2] = {
	        {"a/./b", "a/b"}, {"a//b/", "a/b"},       {"./x", "x"}, {"a/../b", "b"},
	        {"../a", "../a"}, {"a/b/../../..", ".."}, {"", "."},    {".", "."},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = sel_normpath(cases[i][0]);
		assert_non_null(got);
		if (strcmp(got, cases[i][1]) != 0)
			fail_msg("normpath(%s) = %s, want %s", cases[i][0], got, cases[i][1]);
		sw_free(got);
	}
}

/* Anchored globs with "**" (uv_build's includes), full and prefix match. */
static void test_glob_path(void **state)
{
	static const struct {
		const char *pat, *path;
		int prefix, match;
	} cases[] = {
	        {"src/pkg/**", "src/pkg/a/b.py", 0, 1},
	        {"src/pkg/**", "src/pkg", 1, 1},
	        {"src/pkg/**", "src/other", 1, 0},
	        {"src/pkg/**", "src/pkgx/a", 0, 0},
	        {"assets/**/sample.csv", "assets/sample.csv", 0, 1},
	        {"assets/**/sample.csv", "assets/x/y/sample.csv", 0, 1},
	        {"pyproject.toml", "bar/pyproject.toml", 0, 0},
	        {"*.md", "dir/x.md", 0, 0},
	        {"*.md", ".hidden.md", 0, 1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (sel_glob_path(cases[i].pat, cases[i].path, cases[i].prefix) != cases[i].match)
			fail_msg("glob(%s, %s, prefix %d) != %d", cases[i].pat, cases[i].path,
			         cases[i].prefix, cases[i].match);
}

/* ---- flit_core ---------------------------------------------------------- */

#define FLIT_HEAD                                                                                  \
	"[build-system]\nrequires = [\"flit_core\"]\nbuild-backend = \"flit_core.buildapi\"\n\n"

/* A dynamic description is the docstring's first line as
 * ast.get_docstring() + inspect.cleandoc() + lstrip().splitlines()[0] give
 * it (expected values printed by Python 3.11). */
static void test_flit_docstrings(void **state)
{
	static const struct {
		const char *init;
		int err;
		const char *summary;
	} cases[] = {
	        {"\"\"\"Hello world.\"\"\"\n", 0, "Hello world."},
	        {"\"\"\"\n\tIndented\tsummary.\n\"\"\"\n", 0, "Indented        summary."},
	        {"r'''raw \\d'''\n", 0, "raw \\d"},
	        {"'single'  # comment\n", 0, "single"},
	        {"# c\n\n\"\"\"After comments.\"\"\"\n", 0, "After comments."},
	        {"\"\"\"Esc \\\"quote\\\" here.\"\"\"\n", 0, "Esc \"quote\" here."},
	        {"\"\"\"  \n\n   Second   line. \n more\"\"\"\n", 0, "Second   line. "},
	        {"u\"\"\"Uni\\tcode.\"\"\"\n", 0, "Uni     code."},
	        {"f\"\"\"not a docstring\"\"\"\n", SW_EINVAL, NULL},
	        {"x = 1\n", SW_EINVAL, NULL},
	        {"\"\"\"   \"\"\"\n", SW_EINVAL, NULL},
	        {"'a' 'b'\n", SW_EUNSUPPORTED, NULL},
	        {"\"\"\"Bad \\x41 escape\"\"\"\n", SW_EUNSUPPORTED, NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char init[512];
		snprintf(init, sizeof(init), "%s__version__ = \"1.0\"\n", cases[i].init);
		const struct tfile files[] = {
		        {"pyproject.toml",
		         FLIT_HEAD
		         "[project]\nname = \"pkg\"\ndynamic = [\"version\", \"description\"]\n",
		         0, NULL},
		        {"pkg/__init__.py", init, 0, NULL},
		        {NULL, NULL, 0, NULL}};
		const char *dir = tb_tree(files);
		sw_build_plan *plan = NULL;
		int err = tb_plan(&plan, dir);
		if (err != cases[i].err)
			fail_msg("case %zu: got %d (%s), want %d", i, err, sw_error_last(),
			         cases[i].err);
		if (plan != NULL) {
			const char *got = sw_metadata_get(plan->metadata, SW_MD_SUMMARY);
			if (got == NULL || strcmp(got, cases[i].summary) != 0)
				fail_msg("case %zu: summary '%s', want '%s'", i,
				         got ? got : "(none)", cases[i].summary);
			assert_string_equal(plan->version, "1.0");
		}
		sw_build_plan_free(plan);
		tb_rmtree(dir);
	}
}

/* The version comes from __init__.py first, then version.py, _version.py,
 * __version__.py (flit's version_files, later ones taking precedence). */
static void test_flit_versions(void **state)
{
	static const struct {
		const char *init, *other, *other_name;
		int err;
		const char *version;
	} cases[] = {
	        {"__version__ = '2.0'\n", "__version__ = '9.9'\n", "pkg/version.py", 0, "2.0"},
	        {"from ._version import __version__\n", "__version__ = \"3.1.post0\"\n",
	         "pkg/_version.py", 0, "3.1.post0"},
	        {"import x\n", "__version__ = '1.0-1'\n", "pkg/__version__.py", 0, "1.0.post1"},
	        {"__version__ = get()\n", "", "pkg/other.py", SW_EUNSUPPORTED, NULL},
	        {"import x\n", "", "pkg/other.py", SW_EUNSUPPORTED, NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tfile files[] = {{"pyproject.toml",
		                               FLIT_HEAD
		                               "[project]\nname = \"pkg\"\ndescription = \"d\"\n"
		                               "dynamic = [\"version\"]\n",
		                               0, NULL},
		                              {"pkg/__init__.py", cases[i].init, 0, NULL},
		                              {cases[i].other_name, cases[i].other, 0, NULL},
		                              {NULL, NULL, 0, NULL}};
		const char *dir = tb_tree(files);
		sw_build_plan *plan = NULL;
		int err = tb_plan(&plan, dir);
		if (err != cases[i].err)
			fail_msg("case %zu: got %d (%s), want %d", i, err, sw_error_last(),
			         cases[i].err);
		if (plan != NULL)
			assert_string_equal(plan->version, cases[i].version);
		sw_build_plan_free(plan);
		tb_rmtree(dir);
	}
}

/* The wheel is py2.py3 unless a requires-python part matches flit's
 * ^\s*(>=?|~=|===?)?\s*[3-9] (values printed by Python's re). */
static void test_flit_tags(void **state)
{
	static const struct {
		const char *rp;
		const char *tag;
	} cases[] = {
	        {">=3", "py3-none-any"},          {">=2.7", "py2.py3-none-any"},
	        {"~=3.8", "py3-none-any"},        {"==3.*", "py3-none-any"},
	        {"<4", "py2.py3-none-any"},       {">= 3.6", "py3-none-any"},
	        {"!=2.7.*", "py2.py3-none-any"},  {">=2.7, !=3.0.*", "py2.py3-none-any"},
	        {">3", "py3-none-any"},           {"===3.9", "py3-none-any"},
	        {"<=3.9,>2", "py2.py3-none-any"}, {NULL, "py2.py3-none-any"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char toml[512];
		snprintf(toml, sizeof(toml),
		         FLIT_HEAD "[project]\nname = \"m\"\nversion = \"1\"\ndescription = \"d\"\n"
		                   "%s%s%s",
		         cases[i].rp ? "requires-python = \"" : "", cases[i].rp ? cases[i].rp : "",
		         cases[i].rp ? "\"\n" : "");
		const struct tfile files[] = {{"pyproject.toml", toml, 0, NULL},
		                              {"m.py", "", 0, NULL},
		                              {NULL, NULL, 0, NULL}};
		const char *dir = tb_tree(files);
		sw_build_plan *plan = NULL;
		assert_int_equal(tb_plan(&plan, dir), 0);
		if (strcmp(plan->wheel_tag, cases[i].tag) != 0)
			fail_msg("requires-python %s: tag %s, want %s",
			         cases[i].rp ? cases[i].rp : "-", plan->wheel_tag, cases[i].tag);
		sw_build_plan_free(plan);
		tb_rmtree(dir);
	}
}

/* common.Module: exactly one of pkg/, pkg.py, src/pkg/, src/pkg.py. */
static void test_flit_module_places(void **state)
{
	static const struct {
		const char *a, *b;
		int err;
		const char *member; /* the last wheel member */
	} cases[] = {
	        {"pkg/__init__.py", "src/pkg/__init__.py", SW_EINVAL, NULL},
	        {"pkg.py", "pkg/__init__.py", SW_EINVAL, NULL},
	        {"other.py", "src/other/__init__.py", SW_ENOTFOUND, NULL},
	        {"src/pkg.py", "README", 0, "pkg.py"},
	        {"pkg/__pycache__/x.pyc", "pkg/__init__.py", 0, "pkg/__init__.py"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tfile files[] = {
		        {"pyproject.toml",
		         FLIT_HEAD
		         "[project]\nname = \"pkg\"\nversion = \"1\"\ndescription = \"d\"\n",
		         0, NULL},
		        {cases[i].a, "", 0, NULL},
		        {cases[i].b, "", 0, NULL},
		        {NULL, NULL, 0, NULL}};
		const char *dir = tb_tree(files);
		sw_build_plan *plan = NULL;
		int err = tb_plan(&plan, dir);
		if (err != cases[i].err)
			fail_msg("case %zu: got %d (%s), want %d", i, err, sw_error_last(),
			         cases[i].err);
		for (size_t k = 0; plan && k < plan->wheel.count; k++)
			if (strstr(plan->wheel.items[k].path, "__pycache__") != NULL)
				fail_msg("case %zu: %s in the wheel", i, plan->wheel.items[k].path);
		if (plan != NULL &&
		    strcmp(plan->wheel.items[plan->wheel.count - 1].path, cases[i].member) != 0)
			fail_msg("case %zu: last wheel member %s, want %s", i,
			         plan->wheel.items[plan->wheel.count - 1].path, cases[i].member);
		sw_build_plan_free(plan);
		tb_rmtree(dir);
	}
}

/* ---- setuptools --------------------------------------------------------- */

#define ST_HEAD(req)                                                                               \
	"[build-system]\nrequires = [" req "]\nbuild-backend = \"setuptools.build_meta\"\n\n"      \
	"[project]\nname = \"pkg\"\nversion = \"1.0\"\n"

/* What the native rules refuse, each naming its cause. */
static void test_setuptools_refusals(void **state)
{
	static const struct {
		const char *toml, *file, *cause;
	} cases[] = {
	        {ST_HEAD("\"setuptools\""), "setup.py", "setup.py"},
	        {ST_HEAD("\"setuptools\""), "setup.cfg", "setup.cfg"},
	        {ST_HEAD("\"setuptools\""), "MANIFEST.in", "MANIFEST.in"},
	        {ST_HEAD("\"setuptools\", \"setuptools_scm[toml]>=8\""), "x.txt", "setuptools_scm"},
	        {ST_HEAD("\"setuptools\"") "\n[tool.setuptools]\next-modules = []\n", "x.txt",
	         "extension modules"},
	        {ST_HEAD("\"setuptools\"") "\n[tool.setuptools]\ncmdclass = {}\n", "x.txt",
	         "cmdclass"},
	        {ST_HEAD("\"setuptools\"") "\n[tool.setuptools]\ndata-files = {}\n", "x.txt",
	         "data-files"},
	        {ST_HEAD("\"setuptools\"") "dynamic = [\"description\"]\n", "x.txt",
	         "'description'"},
	        {ST_HEAD("\"setuptools\"") "\n[tool.setuptools.dynamic]\nreadme = {file = \"R\"}\n",
	         "x.txt", "readme"},
	        {ST_HEAD("\"setuptools\""), "pkg.egg-info/PKG-INFO", "pkg.egg-info"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tfile files[] = {{"pyproject.toml", cases[i].toml, 0, NULL},
		                              {"pkg/__init__.py", "", 0, NULL},
		                              {cases[i].file, "", 0, NULL},
		                              {NULL, NULL, 0, NULL}};
		const char *dir = tb_tree(files);
		sw_build_plan *plan = NULL;
		int err = tb_plan(&plan, dir);
		if (err != SW_EUNSUPPORTED || strstr(sw_error_last(), cases[i].cause) == NULL ||
		    strstr(sw_error_last(), "--pep517") == NULL)
			fail_msg("case %zu: got %d '%s', want a refusal naming %s", i, err,
			         sw_error_last(), cases[i].cause);
		sw_build_plan_free(plan);
		tb_rmtree(dir);
	}
}

/* Automatic discovery (discovery.py): the flat layout's reserved names,
 * "[._]*" and the "multiple top-level" errors; src-layout takes every
 * folder of src/ as a PEP 420 package, and its *.py as modules. */
static void test_setuptools_discovery(void **state)
{
	static const struct {
		const char *a, *b;
		int err;
		const char *top; /* top_level.txt, or a word of the error */
	} cases[] = {
	        {"pkg/__init__.py", "tests/test_x.py", 0, "pkg\n"},
	        {"pkg/__init__.py", "_build/x.py", 0, "pkg\n"},
	        {"pkg/__init__.py", "other/__init__.py", SW_EINVAL, "packages"},
	        {"mod_a.py", "mod_b.py", SW_EINVAL, "modules"},
	        {"single.py", "conftest.py", 0, "single\n"},
	        {"src/pkg/__init__.py", "src/pkg/data/x.txt", 0, "pkg\n"},
	        {"src/a/__init__.py", "src/b.py", 0, "a\nb\n"},
	        {"docs/conf.py", "pkg-stubs/__init__.pyi", 0, "pkg-stubs\n"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct tfile files[] = {
		        {"pyproject.toml", ST_HEAD("\"setuptools\""), 0, NULL},
		        {cases[i].a, "", 0, NULL},
		        {cases[i].b, "", 0, NULL},
		        {NULL, NULL, 0, NULL}};
		const char *dir = tb_tree(files);
		sw_build_plan *plan = NULL;
		int err = tb_plan(&plan, dir);
		if (err != cases[i].err)
			fail_msg("case %zu: got %d (%s), want %d", i, err, sw_error_last(),
			         cases[i].err);
		if (err < 0 && strstr(sw_error_last(), cases[i].top) == NULL)
			fail_msg("case %zu: '%s' does not name %s", i, sw_error_last(),
			         cases[i].top);
		for (size_t k = 0; plan && k < plan->wheel.count; k++) {
			const sw_build_member *m = &plan->wheel.items[k];
			if (strstr(m->path, "/top_level.txt") == NULL)
				continue;
			if (m->data_len != strlen(cases[i].top) ||
			    memcmp(m->data, cases[i].top, m->data_len) != 0)
				fail_msg("case %zu: top_level.txt '%.*s', want '%s'", i,
				         (int)m->data_len, m->data, cases[i].top);
		}
		sw_build_plan_free(plan);
		tb_rmtree(dir);
	}
}

/* [tool.setuptools.dynamic] version (config/expand.py read_attr: the module
 * found through package-dir, its first assignment read statically; or
 * read_files, stripped). plan.c does not call this yet (its backend table
 * has no version function for setuptools), so it is called directly on a
 * plan prepared as plan.c prepares it. */
static void test_setuptools_dynamic_version(void **state)
{
	static const sw_build_plan_opts opts = SW_BUILD_PLAN_OPTS_INIT;
	static const struct {
		const char *tool, *file, *text;
		int err;
		const char *version;
	} cases[] = {
	        {"version = {attr = \"pkg.__version__\"}", "src/pkg/__init__.py",
	         "__version__ = \"1.2.3\"\n", 0, "1.2.3"},
	        {"version = {attr = \"pkg.about.VERSION\"}", "src/pkg/about.py",
	         "VERSION = '2.0'\n", 0, "2.0"},
	        {"version = {file = \"VERSION\"}", "VERSION", "  3.0\n\n", 0, "3.0"},
	        {"version = {attr = \"pkg.__version__\"}", "src/pkg/__init__.py",
	         "__version__ = compute()\n", SW_EUNSUPPORTED, NULL},
	        {"version = {attr = \"nothere.__version__\"}", "src/pkg/__init__.py", "",
	         SW_ENOTFOUND, NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char toml[1024];
		snprintf(toml, sizeof(toml),
		         ST_HEAD("\"setuptools\"") "dynamic = [\"version\"]\n\n"
		                                   "[tool.setuptools.dynamic]\n%s\n",
		         cases[i].tool);
		/* the version line of ST_HEAD is dropped: version is dynamic */
		char *v = strstr(toml, "version = \"1.0\"\n");
		memmove(v, v + 16, strlen(v + 16) + 1);
		const struct tfile files[] = {{"pyproject.toml", toml, 0, NULL},
		                              {"src/pkg/__init__.py", "", 0, NULL},
		                              {cases[i].file, cases[i].text, 0, NULL},
		                              {NULL, NULL, 0, NULL}};
		const char *dir = tb_tree(files);
		sw_project *project = NULL;
		sw_build_plan plan;
		struct bp bp;
		char *out = NULL;
		assert_int_equal(sw_project_load(&project, dir), 0);
		memset(&plan, 0, sizeof(plan));
		memset(&bp, 0, sizeof(bp));
		plan.root = realpath(dir, NULL);
		bp.plan = &plan;
		bp.root_real = plan.root;
		bp.project = project;
		bp.meta = sw_project_meta_get(project);
		bp.opts = &opts;
		int err = bp_version_setuptools(&bp, &out);
		if (err != cases[i].err)
			fail_msg("case %zu: got %d (%s), want %d", i, err, sw_error_last(),
			         cases[i].err);
		if (err == 0 && strcmp(out, cases[i].version) != 0)
			fail_msg("case %zu: version %s, want %s", i, out, cases[i].version);
		sw_free(out);
		free(plan.root);
		sw_project_free(project);
		tb_rmtree(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_uv_defaults),
	        cmocka_unit_test(test_uv_flat_includes_excludes_data),
	        cmocka_unit_test(test_uv_dotted_namespace),
	        cmocka_unit_test(test_uv_stubs),
	        cmocka_unit_test(test_uv_modules),
	        cmocka_unit_test(test_fnmatch),
	        cmocka_unit_test(test_normpath),
	        cmocka_unit_test(test_glob_path),
	        cmocka_unit_test(test_flit_docstrings),
	        cmocka_unit_test(test_flit_versions),
	        cmocka_unit_test(test_flit_tags),
	        cmocka_unit_test(test_flit_module_places),
	        cmocka_unit_test(test_setuptools_refusals),
	        cmocka_unit_test(test_setuptools_discovery),
	        cmocka_unit_test(test_setuptools_dynamic_version),
	};
	(void)tb_count_entries; /* a helper of test_build_support.h not used here */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
