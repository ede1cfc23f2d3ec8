/*
 * unit/test_project_check.c — every diagnostic of the project validator:
 * one or more pyproject.toml snippets per code, each asserting the code,
 * its severity and where it points (line:col); the file checks on the
 * folders of tests/data/project; the freshness of the shipped lists with an
 * injected "today"; a valid project that gets no diagnostic at all; the
 * rule table itself (unique codes, every code exercised here); sorting.
 * Expected codes and positions come from the pyproject.toml specification
 * and the documents below, counted by hand.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "slipway/project.h"

/* Lines 1-3 of most documents: a build system, so it is not reported. */
#define BS "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
/* Lines 4-9: a [project] with everything the warnings ask for. */
#define PJ                                                                                         \
	"[project]\nname = \"demo\"\nversion = \"1.0\"\ndescription = \"d\"\nrequires-python = "   \
	"\">=3.9\"\nlicense = \"MIT\"\n"
/* Line 10: a readme (inline, so no file is needed). */
#define RD "readme = {text = \"hi\", content-type = \"text/plain\"}\n"

struct vector {
	const char *doc;
	const char *code;
	unsigned line, col;
	int fs; /* 1: the root is tests/data/project/tree, 2: .../layout */
};

static const struct vector vectors[] = {
        /* the file */
        {"[project\nname = 1\n", "toml.syntax", 1, 9, 0},
        {BS PJ RD "[tools.black]\nx = 1\n", "toml.table.unknown", 11, 2, 0},
        {BS PJ RD "[plugins]\n", "toml.table.unknown", 11, 2, 0},
        {"tool = 1\n" BS, "value.type", 1, 8, 0},
        {BS PJ RD "keywords = [\"a\", 2]\n", "value.type", 11, 18, 0},
        {BS PJ RD "authors = [{name = 1}]\n", "value.type", 11, 20, 0},
        {BS PJ RD "urls = {a = [\"x\"]}\n", "value.type", 11, 13, 0},
        {BS PJ RD "[project.optional-dependencies]\nx = \"pytest\"\n", "value.type", 12, 5, 0},
        {BS PJ RD "[project.entry-points.g]\nx = {y = \"z\"}\n", "value.type", 12, 5, 0},
        {BS "[project]\nname = \"demo\"\nversion = 1\n", "value.type", 6, 11, 0},
        {"[build-system]\nrequires = \"hatchling\"\n", "value.type", 2, 12, 0},
        {BS PJ RD "[dependency-groups]\ndev = \"pytest\"\n", "value.type", 12, 7, 0},
        /* [build-system] */
        {PJ RD, "build-system.missing", 1, 1, 0},
        {"[build-system]\nbuild-backend = \"x\"\n", "build-system.requires.missing", 1, 1, 0},
        {"[build-system]\nrequires = []\n", "build-system.build-backend.missing", 1, 1, 0},
        {"[build-system]\nrequires = []\nbuild-backend = \"1bad.mod\"\n",
         "build-system.build-backend.invalid", 3, 17, 0},
        {"[build-system]\nrequires = []\nbuild-backend = \"a:b:c\"\n",
         "build-system.build-backend.invalid", 3, 17, 0},
        {"[build-system]\nrequires = []\nbuild-backend = \"x\"\nbackend-path = [\"../up\"]\n",
         "build-system.backend-path.invalid", 4, 17, 0},
        {"[build-system]\nrequires = []\nbuild-backend = \"x\"\nbackend-path = [\"/abs\"]\n",
         "build-system.backend-path.invalid", 4, 17, 0},
        {"[build-system]\nrequires = []\nbuild-backend = \"x\"\nbackend = \"y\"\n",
         "build-system.key.unknown", 4, 1, 0},
        {"[build-system]\nrequires = [\"setuptools >= \"]\nbuild-backend = \"x\"\n",
         "requirement.invalid", 2, 13, 0},
        /* requirements */
        {BS PJ RD "dependencies = [\"ok\", \"bad name!\"]\n", "requirement.invalid", 11, 23, 0},
        {BS PJ RD "dependencies = [\"requests==2.31.0\"]\n", "requirement.pinned", 11, 17, 0},
        {BS PJ RD "dependencies = [\"attrs===23.1.0\"]\n", "requirement.pinned", 11, 17, 0},
        {BS PJ RD "optional-dependencies = {x = [\"a==1\"]}\n", "requirement.pinned", 11, 31, 0},
        {BS PJ RD "dependencies = [\"pkg @ https://x.org/pkg.zip\"]\n", "requirement.direct-url",
         11, 17, 0},
        /* [project] */
        {BS, "project.missing", 1, 1, 0},
        {BS PJ RD "dependency = []\n", "project.key.unknown", 11, 1, 0},
        {BS PJ RD "python_requires = \">=3.9\"\n", "project.key.unknown", 11, 1, 0},
        {BS "[project]\nversion = \"1.0\"\n", "project.name.missing", 4, 1, 0},
        {BS "[project]\nname = \"bad name\"\nversion = \"1.0\"\n", "project.name.invalid", 5, 8, 0},
        {BS "[project]\nname = \"x-\"\nversion = \"1.0\"\n", "project.name.invalid", 5, 8, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1.0\"\ndynamic = [\"name\"]\n",
         "project.name.dynamic", 7, 12, 0},
        {BS "[project]\nname = \"x\"\n", "project.version.missing", 4, 1, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1.0-beta.x\"\n", "project.version.invalid", 6, 11,
         0},
        {BS "[project]\nname = \"x\"\nversion = \"v1.0.0-RC1\"\n", "project.version.not-normalized",
         6, 11, 0},
        {BS "[project]\nname = \"x\"\nversion = \"0.0.0\"\n", "project.version.zero", 6, 11, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1.0+local\"\n", "project.version.local", 6, 11,
         0},
        {BS PJ RD "dynamic = [\"version\"]\n", "project.dynamic.static", 11, 12, 0},
        {BS PJ RD "dependencies = []\ndynamic = [\"dependencies\"]\n", "project.dynamic.static", 12,
         12, 0},
        {BS PJ RD "dynamic = [\"verison\"]\n", "project.dynamic.unknown", 11, 12, 0},
        {BS PJ RD "dynamic = [\"dynamic\"]\n", "project.dynamic.unknown", 11, 12, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\n", "project.description.missing", 4, 1, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\ndescription = \"\"\"a\nb\"\"\"\n",
         "project.description.multiline", 7, 15, 0},
        {BS PJ, "project.readme.missing", 4, 1, 0},
        {BS PJ "readme = \"README\"\n", "project.readme.unknown-type", 10, 10, 0},
        {BS PJ "readme = \"docs/intro.html\"\n", "project.readme.unknown-type", 10, 10, 0},
        {BS PJ "readme = \"MISSING.md\"\n", "project.readme.not-found", 10, 10, 1},
        {BS PJ "readme = {file = \"NOPE.rst\", content-type = \"text/x-rst\"}\n",
         "project.readme.not-found", 10, 18, 1},
        {BS PJ "readme = {file = \"a.md\", text = \"b\", content-type = \"text/markdown\"}\n",
         "project.readme.file-and-text", 10, 10, 0},
        {BS PJ "readme = {content-type = \"text/markdown\"}\n", "project.readme.no-source", 10, 10,
         0},
        {BS PJ "readme = {text = \"hi\"}\n", "project.readme.content-type.missing", 10, 10, 0},
        {BS PJ "readme = {text = \"hi\", content-type = \"text/html\"}\n",
         "project.readme.content-type.invalid", 10, 39, 0},
        {BS PJ "readme = {text = \"hi\", content-type = \"text/plain\", charset = \"utf-8\"}\n",
         "project.readme.key.unknown", 10, 53, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\n", "project.requires-python.missing", 4, 1,
         0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nrequires-python = \"3.9\"\n",
         "project.requires-python.invalid", 7, 19, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nrequires-python = \">=3.9,<4\"\n",
         "project.requires-python.upper-bound", 7, 19, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nrequires-python = \"~=3.9\"\n",
         "project.requires-python.upper-bound", 7, 19, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\n", "project.license.missing", 4, 1, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = \"MIT OR\"\n",
         "project.license.invalid", 7, 11, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = \"((MIT))\"\n",
         "project.license.invalid", 7, 11, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = \"LicenseRef-a_b\"\n",
         "project.license.invalid", 7, 11, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = \"DocumentRef-d:LicenseRef-x\"\n",
         "project.license.invalid", 7, 11, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = \"MIT-Modern\"\n",
         "project.license.unknown", 7, 11, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = \"MIT WITH nope\"\n",
         "project.license.unknown", 7, 11, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = \"apache-2.0\"\n",
         "project.license.not-canonical", 7, 11, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = \"GPL-2.0+\"\n",
         "project.license.deprecated-id", 7, 11, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = {text = \"MIT\"}\n",
         "project.license.legacy", 7, 11, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = {file = \"L\", text = \"M\"}\n",
         "project.license.table-invalid", 7, 11, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = {}\n",
         "project.license.table-invalid", 7, 11, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = {file = \"COPYING\"}\n",
         "project.license.file-not-found", 7, 19, 1},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = {text = \"MIT\"}\n"
            "license-files = [\"LICENSE\"]\n",
         "project.license-files.with-table", 8, 1, 0},
        {BS PJ RD "license-files = [\"../LICENSE\"]\n", "project.license-files.invalid", 11, 18, 0},
        {BS PJ RD "license-files = [\"/LICENSE\"]\n", "project.license-files.invalid", 11, 18, 0},
        {BS PJ RD "license-files = [\"LICEN{CSE*\"]\n", "project.license-files.invalid", 11, 18, 0},
        {BS PJ RD "license-files = [\"LICENSES\\\\MIT\"]\n", "project.license-files.invalid", 11,
         18, 0},
        {BS PJ RD "license-files = [\"LICEN[CS\"]\n", "project.license-files.invalid", 11, 18, 0},
        {BS PJ RD "license-files = [\"LICENSE\", \"COPYING*\"]\n", "project.license-files.no-match",
         11, 29, 1},
        {BS PJ RD "license-files = [\"**/COPYING\"]\n", "project.license-files.no-match", 11, 18,
         1},
        {BS PJ RD "authors = [{}]\n", "project.person.empty", 11, 12, 0},
        {BS PJ RD "maintainers = [{name = \"a\", url = \"b\"}]\n", "project.person.key.unknown", 11,
         29, 0},
        {BS PJ RD "authors = [{email = \"jane\"}]\n", "project.person.email.invalid", 11, 21, 0},
        {BS PJ RD "authors = [{email = \"Jane <jane@x.org>, j@x\"}]\n",
         "project.person.email.invalid", 11, 21, 0},
        {BS PJ RD "authors = [{name = \"Doe, Jane\"}]\n", "project.person.name.comma", 11, 20, 0},
        {BS PJ RD "classifiers = [\"Programming Language :: Python :: 2.8\"]\n",
         "project.classifiers.unknown", 11, 16, 0},
        {BS PJ RD "classifiers = [\"Natural Language :: Ukranian\"]\n",
         "project.classifiers.deprecated", 11, 16, 0},
        {BS PJ RD "classifiers = [\"License :: OSI Approved :: MIT License\"]\n",
         "project.classifiers.license-with-expression", 11, 16, 0},
        {BS "[project]\nname = \"x\"\nversion = \"1\"\nclassifiers = [\"License :: OSI Approved "
            ":: MIT License\"]\n",
         "project.classifiers.license-deprecated", 7, 16, 0},
        {BS PJ RD "classifiers = [\"Private :: Do Not Upload\"]\n", "project.classifiers.private",
         11, 16, 0},
        {BS PJ RD "urls = {Home = \"https:example.org\"}\n", "project.urls.invalid", 11, 16, 0},
        {BS PJ RD "urls = {Home = \"/just/a/path\"}\n", "project.urls.invalid", 11, 16, 0},
        {BS PJ RD "urls = {Home = \"localhost:8000\"}\n", "project.urls.invalid", 11, 16, 0},
        {BS PJ RD "urls = {Home = \"example.org\"}\n", "project.urls.no-scheme", 11, 16, 0},
        {BS PJ RD "urls = {\"Documentation of the whole project\" = \"https://x.org\"}\n",
         "project.urls.label-too-long", 11, 9, 0},
        {BS PJ RD "scripts = {\"a=b\" = \"m:f\"}\n", "project.entry-points.name.invalid", 11, 12,
         0},
        {BS PJ RD "scripts = {\" lead\" = \"m:f\"}\n", "project.entry-points.name.invalid", 11, 12,
         0},
        {BS PJ RD "scripts = {tool = \"my-pkg.cli:main\"}\n",
         "project.entry-points.reference.invalid", 11, 19, 0},
        {BS PJ RD "gui-scripts = {tool = \"m:1f\"}\n", "project.entry-points.reference.invalid", 11,
         23, 0},
        {BS PJ RD "[project.entry-points.\"bad-group\"]\nx = \"m:f\"\n",
         "project.entry-points.group.invalid", 11, 23, 0},
        {BS PJ RD "[project.entry-points.console_scripts]\nx = \"m:f\"\n",
         "project.entry-points.group.reserved", 11, 23, 0},
        {BS PJ RD "[project.entry-points.gui_scripts]\nx = \"m:f\"\n",
         "project.entry-points.group.reserved", 11, 23, 0},
        {BS PJ RD "[project.optional-dependencies]\n\"-dev\" = []\n",
         "project.optional-dependencies.name.invalid", 12, 1, 0},
        {BS PJ RD "[project.optional-dependencies]\nTest = []\n\"test\" = []\n",
         "project.optional-dependencies.name.duplicate", 13, 1, 0},
        {BS PJ RD "import-names = [\"my-pkg\"]\n", "project.import-names.invalid", 11, 17, 0},
        {BS PJ RD "import-names = [\"pkg; public\"]\n", "project.import-names.invalid", 11, 17, 0},
        {BS PJ RD "import-names = [\"pkg\"]\nimport-namespaces = [\"pkg ; private\"]\n",
         "project.import-names.duplicate", 12, 22, 0},
        /* [dependency-groups] */
        {BS PJ RD "[dependency-groups]\n\"dev group\" = []\n", "dependency-groups.name.invalid", 12,
         1, 0},
        {BS PJ RD "[dependency-groups]\nDev = []\ndev = []\n", "dependency-groups.name.duplicate",
         13, 1, 0},
        {BS PJ RD "[dependency-groups]\ndev = [{include-group = \"test\"}]\n",
         "dependency-groups.include.unknown", 12, 25, 0},
        {BS PJ RD "[dependency-groups]\na = [{include-group = \"b\"}]\nb = [{include-group = "
                  "\"c\"}]\nc = [{include-group = \"A\"}]\n",
         "dependency-groups.include.cycle", 14, 23, 0},
        {BS PJ RD "[dependency-groups]\na = [\"x\", {include-group = \"a\"}]\n",
         "dependency-groups.include.cycle", 12, 28, 0},
        {BS PJ RD "[dependency-groups]\na = [{include-group = \"b\", extra = 1}]\nb = []\n",
         "dependency-groups.item.invalid", 12, 6, 0},
        {BS PJ RD "[dependency-groups]\na = [{}]\n", "dependency-groups.item.invalid", 12, 6, 0},
        {BS PJ RD "[dependency-groups]\na = [1]\n", "dependency-groups.item.invalid", 12, 6, 0},
        {BS PJ RD "[dependency-groups]\na = [\"pytest >\"]\n", "requirement.invalid", 12, 6, 0},
        /* the folder */
        {"[project]\nname = \"layout-demo\"\nversion = \"1.0\"\n", "layout.setup-py", 1, 1, 2},
        {"[project]\nname = \"layout-demo\"\nversion = \"1.0\"\n", "layout.src.no-package", 2, 8,
         2},
};

/* Loads `doc` with the root of the vector and validates it. */
static sw_project_diags *check(const char *doc, int fs, int64_t today, sw_project **pout)
{
	static const char *const roots[] = {NULL, "project/tree", "project/layout"};
	char root[4096];
	sw_project *p = NULL;
	sw_project_diags *d = NULL;
	sw_project_check_opts opts = SW_PROJECT_CHECK_OPTS_INIT;
	const char *data = getenv("SW_TEST_DATA");
	if (fs && !data)
		fail_msg("SW_TEST_DATA is not set");
	if (fs)
		snprintf(root, sizeof(root), "%s/%s", data, roots[fs]);
	if (sw_project_load_buffer(&p, doc, strlen(doc), "pyproject.toml", fs ? root : NULL) != 0)
		fail_msg("load: %s", sw_error_last());
	/* Fresh lists, unless a test says otherwise. */
	if (sw_project_date_parse(&opts.today, sw_project_trove_date()) != 0)
		fail_msg("list date: %s", sw_error_last());
	if (today)
		opts.today = today;
	if (sw_project_validate(&d, p, &opts) != 0)
		fail_msg("validate: %s", sw_error_last());
	*pout = p;
	return d;
}

/* Prints the diagnostics of a failing vector. */
static void dump(const sw_project_diags *d)
{
	for (size_t i = 0; i < sw_project_diags_count(d); i++) {
		const sw_project_diag *x = sw_project_diags_at(d, i);
		fprintf(stderr, "    %u:%u %s %s\n", x->line, x->col, x->code, x->message);
	}
}

static void each_vector(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vector *v = &vectors[i];
		sw_project *p;
		sw_project_diags *d = check(v->doc, v->fs, 0, &p);
		const sw_project_rule *rule = sw_project_rule_find(v->code);
		int found = 0;
		assert_non_null(rule);
		for (size_t k = 0; k < sw_project_diags_count(d); k++) {
			const sw_project_diag *x = sw_project_diags_at(d, k);
			if (strcmp(x->code, v->code) != 0)
				continue;
			found = x->line == v->line && x->col == v->col &&
			        x->severity == rule->severity;
			assert_string_equal(x->file, "pyproject.toml");
			assert_true(x->message[0] && x->hint[0]);
			if (found)
				break;
		}
		if (!found) {
			fprintf(stderr, "vector %zu: no %s at %u:%u in:\n", i, v->code, v->line,
			        v->col);
			dump(d);
			fail();
		}
		sw_project_diags_free(d);
		sw_project_free(p);
	}
}

/* Every rule of the table has a unique code and a vector above. */
static void table_covered(void **state)
{
	size_t n = sw_project_rule_count();
	(void)state;
	assert_true(n > 60);
	assert_null(sw_project_rule_at(n));
	for (size_t i = 0; i < n; i++) {
		const sw_project_rule *r = sw_project_rule_at(i);
		int covered = 0;
		assert_non_null(r->code);
		assert_true(strlen(r->message) > 10 && strlen(r->hint) > 10);
		assert_ptr_equal(sw_project_rule_find(r->code), r);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(sw_project_rule_at(j)->code, r->code);
		for (size_t v = 0; v < sizeof(vectors) / sizeof(vectors[0]) && !covered; v++)
			covered = strcmp(vectors[v].code, r->code) == 0;
		/* The two "stale list" rules are tested with an old "today". */
		if (!covered && !strstr(r->code, "-stale"))
			fail_msg("no vector for %s", r->code);
	}
	assert_null(sw_project_rule_find("no.such.code"));
	assert_string_equal(sw_severity_name(SW_SEV_ERROR), "error");
	assert_string_equal(sw_severity_name(SW_SEV_WARNING), "warning");
	assert_string_equal(sw_severity_name(SW_SEV_INFO), "info");
}

/* A complete, careful project gets no diagnostic at all. */
static void clean_project(void **state)
{
	static const char doc[] =
	        BS "\n[project]\nname = \"tree-demo\"\nversion = \"0.1.0\"\n"
	           "description = \"A project on disk\"\nreadme = \"README.md\"\n"
	           "requires-python = \">=3.9\"\nlicense = \"MIT OR Apache-2.0\"\n"
	           "license-files = [\"LICEN[CS]E*\", \"LICENSES/*.txt\", \"**/NOTICE\"]\n"
	           "authors = [{name = \"Jane Doe\", email = \"jane@example.org\"}]\n"
	           "keywords = [\"demo\"]\n"
	           "classifiers = [\"Programming Language :: Python :: 3\", "
	           "\"Development Status :: 3 - Alpha\"]\n"
	           "dependencies = [\"anyio>=4\", \"colorama; sys_platform == 'win32'\"]\n"
	           "import-names = [\"tree_demo\"]\n"
	           "[project.urls]\nSource = \"https://github.com/x/tree-demo\"\n"
	           "[project.scripts]\ntree-demo = \"tree_demo.cli:main\"\n"
	           "[project.entry-points.\"tree_demo.plugins\"]\none = \"tree_demo.p:one\"\n"
	           "[project.optional-dependencies]\ntest = [\"pytest>=8\"]\n"
	           "[dependency-groups]\nlint = [\"ruff\"]\n"
	           "dev = [{include-group = \"lint\"}, \"mypy==1.10.0\"]\n"
	           "[tool.hatch]\nanything = {goes = [1, 2]}\n";
	sw_project *p;
	sw_project_diags *d = check(doc, 1, 0, &p);
	(void)state;
	if (sw_project_diags_count(d) != 0) {
		dump(d);
		fail();
	}
	sw_project_diags_free(d);
	sw_project_free(p);
}

/* Unknown entries: errors with a fresh list, warnings 31 days on. */
static void list_freshness(void **state)
{
	static const struct {
		const char *doc, *fresh, *stale;
		const char *date;
	} cases[] = {
	        {BS PJ RD "classifiers = [\"Programming Language :: Python :: 3.15\"]\n",
	         "project.classifiers.unknown", "project.classifiers.unknown-stale", NULL},
	        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = \"MIT-2099\"\n",
	         "project.license.unknown", "project.license.unknown-stale", NULL},
	};
	int64_t trove, spdx;
	(void)state;
	assert_int_equal(sw_project_date_parse(&trove, sw_project_trove_date()), 0);
	assert_int_equal(sw_project_date_parse(&spdx, sw_project_spdx_date()), 0);
	for (size_t i = 0; i < 2; i++) {
		int64_t day = i == 0 ? trove : spdx;
		const int64_t days[] = {day, day + SW_PROJECT_LIST_FRESH_DAYS,
		                        day + SW_PROJECT_LIST_FRESH_DAYS + 1, day + 4000};
		for (size_t k = 0; k < 4; k++) {
			sw_project *p;
			sw_project_diags *d = check(cases[i].doc, 0, days[k], &p);
			const char *want = k < 2 ? cases[i].fresh : cases[i].stale;
			int found = 0;
			for (size_t j = 0; j < sw_project_diags_count(d); j++) {
				const sw_project_diag *x = sw_project_diags_at(d, j);
				assert_string_not_equal(x->code,
				                        k < 2 ? cases[i].stale : cases[i].fresh);
				if (strcmp(x->code, want) == 0) {
					found = 1;
					assert_int_equal(x->severity,
					                 k < 2 ? SW_SEV_ERROR : SW_SEV_WARNING);
					if (k >= 2)
						assert_non_null(strstr(x->message,
						                       "more than 30 days old"));
				}
			}
			if (!found)
				fail_msg("case %zu day %zu: no %s", i, k, want);
			sw_project_diags_free(d);
			sw_project_free(p);
		}
	}
}

/* Messages carry the details and the suggestions learners need. */
static void messages(void **state)
{
	static const struct {
		const char *doc, *code, *needle;
	} cases[] = {
	        {BS PJ RD "dependency = []\n", "project.key.unknown",
	         "did you mean 'dependencies'?"},
	        {BS PJ RD "homepage = \"https://x.org\"\n", "project.key.unknown",
	         "did you mean 'urls'?"},
	        {BS "[project]\nname = \"x\"\nversion = \"1\"\nlicense = \"Apache2.0\"\n",
	         "project.license.unknown", "did you mean 'Apache-2.0'?"},
	        {BS PJ RD "classifiers = [\"Programming Language :: Python :: 3 :: Onyl\"]\n",
	         "project.classifiers.unknown",
	         "did you mean 'Programming Language :: Python :: 3 :: Only'?"},
	        {BS PJ RD "classifiers = [\"Natural Language :: Ukranian\"]\n",
	         "project.classifiers.deprecated", "use 'Natural Language :: Ukrainian' instead"},
	        {BS PJ RD "[tool]\n[toll.x]\n", "toml.table.unknown", "did you mean 'tool'?"},
	        {BS PJ RD "dependencies = [\"a\\nb\"]\n", "requirement.invalid", "'a\\nb'"},
	        {BS
	         "[project]\nname = \"x\"\nversion = \"1\"\nrequires-python = \">=3.8,<=3.12\"\n",
	         "project.requires-python.upper-bound", "(<=3.12)"},
	        {BS PJ RD
	         "[dependency-groups]\na = [{include-group = \"b\"}]\nb = [{include-group = "
	         "\"a\"}]\n",
	         "dependency-groups.include.cycle", "a -> b -> a"},
	        {BS "[project]\nname = \"x\"\nversion = \"1.0.0-rc1\"\n",
	         "project.version.not-normalized", "'1.0.0rc1'"},
	        {BS PJ RD "authors = [{name = 1}]\n", "value.type",
	         "project.authors[0].name must be a string, not an integer"},
	        {"[project\n", "toml.syntax", "not valid TOML"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sw_project *p;
		sw_project_diags *d = check(cases[i].doc, 0, 0, &p);
		int found = 0;
		for (size_t j = 0; j < sw_project_diags_count(d) && !found; j++) {
			const sw_project_diag *x = sw_project_diags_at(d, j);
			found = !strcmp(x->code, cases[i].code) &&
			        strstr(x->message, cases[i].needle);
		}
		if (!found) {
			fprintf(stderr, "case %zu: no %s with \"%s\":\n", i, cases[i].code,
			        cases[i].needle);
			dump(d);
			fail();
		}
		sw_project_diags_free(d);
		sw_project_free(p);
	}
}

/* Diagnostics come in file order; nothing is checked on text that is not
 * TOML but the syntax error; no_fs turns the file checks off. */
static void order_and_options(void **state)
{
	static const char doc[] = "[project]\nname = \"bad name\"\nversion = \"x\"\n"
	                          "readme = \"MISSING.md\"\n";
	char root[4096];
	sw_project *p = NULL;
	sw_project_diags *d = NULL;
	sw_project_check_opts opts = SW_PROJECT_CHECK_OPTS_INIT;
	unsigned pl = 0, pc = 0;
	(void)state;
	d = check(doc, 1, 0, &p);
	for (size_t i = 0; i < sw_project_diags_count(d); i++) {
		const sw_project_diag *x = sw_project_diags_at(d, i);
		assert_true(x->line > pl || (x->line == pl && x->col >= pc));
		pl = x->line;
		pc = x->col;
	}
	assert_true(sw_project_diags_count_severity(d, SW_SEV_ERROR) >= 3);
	assert_null(sw_project_diags_at(d, sw_project_diags_count(d)));
	sw_project_diags_free(d);
	snprintf(root, sizeof(root), "%s/project/tree", getenv("SW_TEST_DATA"));
	opts.no_fs = 1;
	assert_int_equal(sw_project_validate(&d, p, &opts), 0);
	for (size_t i = 0; i < sw_project_diags_count(d); i++)
		assert_string_not_equal(sw_project_diags_at(d, i)->code,
		                        "project.readme.not-found");
	sw_project_diags_free(d);
	opts.version = 99;
	assert_int_equal(sw_project_validate(&d, p, &opts), SW_EINVAL);
	assert_null(d);
	sw_project_free(p);

	d = check("a = [\n[project]\nname = 1\n", 0, 0, &p);
	assert_int_equal(sw_project_diags_count(d), 1);
	assert_string_equal(sw_project_diags_at(d, 0)->code, "toml.syntax");
	sw_project_diags_free(d);
	sw_project_free(p);
}

static void dates(void **state)
{
	static const struct {
		const char *text;
		int64_t days;
	} ok[] = {{"1970-01-01", 0},     {"1970-01-02", 1},     {"2000-03-01", 11017},
	          {"2024-02-29", 19782}, {"2025-04-28", 20206}, {"9999-12-31", 2932896}};
	static const char *const bad[] = {"2023-02-29", "2025-13-01", "2025-00-10",
	                                  "2025-4-28",  "1969-12-31", "2025-04-31",
	                                  "20250428",   "",           "2025-04-28x"};
	int64_t d;
	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(sw_project_date_parse(&d, ok[i].text), 0);
		assert_int_equal(d, ok[i].days);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(sw_project_date_parse(&d, bad[i]), SW_EPARSE);
	assert_int_equal(strlen(sw_project_trove_date()), 10);
	assert_string_equal(sw_project_spdx_version(), "3.25.0");
	assert_non_null(sw_project_trove_version());
	assert_true(sw_trove_is_known("Typing :: Typed", 15));
	assert_false(sw_trove_is_known("Typing :: Typed ", 16));
	assert_false(sw_trove_is_known("Natural Language :: Ukranian", 28));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(each_vector),   cmocka_unit_test(table_covered),
	        cmocka_unit_test(clean_project), cmocka_unit_test(list_freshness),
	        cmocka_unit_test(messages),      cmocka_unit_test(order_and_options),
	        cmocka_unit_test(dates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
