/*
 * unit/test_project.c — loading pyproject.toml into the typed view: every
 * [project] field, [build-system], [dependency-groups] and [tool], with the
 * positions (line:col) of values and keys; text that is not TOML (loads,
 * not editable, with the parser's position); a missing file; loading a
 * folder or a file; group expansion in place, cycles, unknown groups; the
 * readme and license-files helpers on the files of tests/data/project/tree.
 * Expected values are written from the pyproject.toml specification and
 * PEP 735 for the documents below, not taken from the code.
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

/* Every field, each on a known line. Column numbers in the tests count
 * from 1 at the first character of the value (or key). */
static const char full_doc[] =
        "[build-system]\n"                                                                 /* 1 */
        "requires = [\"hatchling>=1.26\", \"hatch-vcs\"]\n"                                /* 2 */
        "build-backend = \"hatchling.build\"\n"                                            /* 3 */
        "backend-path = [\"_backend\"]\n"                                                  /* 4 */
        "\n"                                                                               /* 5 */
        "[project]\n"                                                                      /* 6 */
        "name = \"Demo.Pkg\"\n"                                                            /* 7 */
        "version = \"1.2.0\"\n"                                                            /* 8 */
        "description = \"Says hello\"\n"                                                   /* 9 */
        "readme = {file = \"README.rst\", content-type = \"text/x-rst; charset=UTF-8\"}\n" /* 10 */
        "requires-python = \">=3.9\"\n"                                                    /* 11 */
        "license = \"mit OR Apache-2.0\"\n"                                                /* 12 */
        "license-files = [\"LICEN[CS]E*\", \"LICENSES/*\"]\n"                              /* 13 */
        "authors = [{name = \"Jane Doe\", email = \"jane@example.org\"}, {email = \"x@y.org\"}]\n"
        "maintainers = [{name = \"Solo\"}]\n"                       /* 15 */
        "keywords = [\"hello\", \"demo\"]\n"                        /* 16 */
        "classifiers = [\"Programming Language :: Python :: 3\"]\n" /* 17 */
        "dependencies = [\"anyio>=4\", \"colorama; sys_platform == 'win32'\", \"bad req !\"]\n"
        "dynamic = [\"entry-points\"]\n"                                  /* 19 */
        "import-names = [\"demo_pkg\", \"_demo; private\"]\n"             /* 20 */
        "import-namespaces = [\"demo\"]\n"                                /* 21 */
        "\n"                                                              /* 22 */
        "[project.urls]\n"                                                /* 23 */
        "Source = \"https://github.com/x/demo\"\n"                        /* 24 */
        "\"Issue Tracker\" = \"https://github.com/x/demo/issues\"\n"      /* 25 */
        "\n"                                                              /* 26 */
        "[project.scripts]\n"                                             /* 27 */
        "demo = \"demo_pkg.cli:main\"\n"                                  /* 28 */
        "\n"                                                              /* 29 */
        "[project.gui-scripts]\n"                                         /* 30 */
        "demo-gui = \"demo_pkg.gui:run\"\n"                               /* 31 */
        "\n"                                                              /* 32 */
        "[project.entry-points.\"demo.plugins\"]\n"                       /* 33 */
        "one = \"demo_pkg.plugins:one\"\n"                                /* 34 */
        "\n"                                                              /* 35 */
        "[project.optional-dependencies]\n"                               /* 36 */
        "Test = [\"pytest>=8\", \"coverage[toml]\"]\n"                    /* 37 */
        "cli = []\n"                                                      /* 38 */
        "\n"                                                              /* 39 */
        "[dependency-groups]\n"                                           /* 40 */
        "lint = [\"ruff\"]\n"                                             /* 41 */
        "Test_All = [\"pytest\", {include-group = \"LINT\"}, \"mypy\"]\n" /* 42 */
        "\n"                                                              /* 43 */
        "[tool.ruff]\n"                                                   /* 44 */
        "line-length = 100\n";                                            /* 45 */

static sw_project *load(const char *text)
{
	sw_project *p = NULL;
	int err = sw_project_load_buffer(&p, text, strlen(text), "pyproject.toml", NULL);
	if (err != 0)
		fail_msg("load failed: %d %s", err, sw_error_last());
	return p;
}

/* A string of the view has this text and position. */
static void assert_str(const sw_project_str *s, const char *text, unsigned line, unsigned col)
{
	assert_non_null(s->str);
	assert_string_equal(s->str, text);
	assert_int_equal(s->len, strlen(text));
	assert_non_null(s->node);
	if (s->line != line || s->col != col)
		fail_msg("'%s' at %u:%u, expected %u:%u", text, s->line, s->col, line, col);
}

static void scalars(void **state)
{
	sw_project *p = load(full_doc);
	const sw_project_meta *m = sw_project_meta_get(p);
	(void)state;
	assert_true(sw_project_editable(p));
	assert_non_null(sw_project_doc(p));
	assert_int_equal(sw_project_syntax_error(p, NULL, NULL, NULL), 0);
	assert_true(m->present);
	assert_str(&m->name, "Demo.Pkg", 7, 8);
	assert_string_equal(m->normalized_name, "demo-pkg");
	assert_str(&m->version, "1.2.0", 8, 11);
	assert_str(&m->description, "Says hello", 9, 15);
	assert_str(&m->requires_python, ">=3.9", 11, 19);
	assert_int_equal(m->license.kind, SW_LICENSE_SPDX);
	assert_str(&m->license.value, "mit OR Apache-2.0", 12, 11);
	assert_string_equal(m->license.canonical, "MIT OR Apache-2.0");
	assert_null(sw_project_stamp(p));
	assert_string_equal(sw_project_path(p), "pyproject.toml");
	assert_null(sw_project_root(p));
	sw_project_free(p);
}

static void readme_forms(void **state)
{
	static const struct {
		const char *doc;
		enum sw_project_readme_kind kind;
		const char *file, *text, *content_type, *mime;
	} cases[] = {
	        {"[project]\nreadme = {file = \"README.rst\", content-type = \"text/x-rst; "
	         "charset=UTF-8\"}\n",
	         SW_README_FILE, "README.rst", NULL, "text/x-rst; charset=UTF-8", "text/x-rst"},
	        {"[project]\nreadme = \"README.md\"\n", SW_README_FILE, "README.md", NULL, NULL,
	         "text/markdown"},
	        {"[project]\nreadme = \"docs/Intro.RST\"\n", SW_README_FILE, "docs/Intro.RST", NULL,
	         NULL, "text/x-rst"},
	        {"[project]\nreadme = \"README.txt\"\n", SW_README_FILE, "README.txt", NULL, NULL,
	         "text/plain"},
	        {"[project]\nreadme = \"README\"\n", SW_README_FILE, "README", NULL, NULL, NULL},
	        {"[project]\nreadme = {text = \"Hi\", content-type = \"Text/Markdown; "
	         "variant=GFM\"}\n",
	         SW_README_TEXT, NULL, "Hi", "Text/Markdown; variant=GFM", "text/markdown"},
	        {"[project]\nreadme = {text = \"Hi\", content-type = \"text/html\"}\n",
	         SW_README_TEXT, NULL, "Hi", "text/html", NULL},
	        {"[project]\nreadme = {text = \"Hi\", file = \"R.md\"}\n", SW_README_NONE, "R.md",
	         "Hi", NULL, NULL},
	        {"[project]\nreadme = 3\n", SW_README_NONE, NULL, NULL, NULL, NULL},
	        {"[project]\n", SW_README_NONE, NULL, NULL, NULL, NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sw_project *p = load(cases[i].doc);
		const sw_project_readme *r = &sw_project_meta_get(p)->readme;
		if (r->kind != cases[i].kind)
			fail_msg("case %zu: kind %d", i, r->kind);
		if (cases[i].file)
			assert_string_equal(r->file.str, cases[i].file);
		else
			assert_null(r->file.str);
		if (cases[i].text)
			assert_string_equal(r->text.str, cases[i].text);
		else
			assert_null(r->text.str);
		if (cases[i].content_type)
			assert_string_equal(r->content_type.str, cases[i].content_type);
		else
			assert_null(r->content_type.str);
		if (cases[i].mime)
			assert_string_equal(r->mime, cases[i].mime);
		else
			assert_null(r->mime);
		sw_project_free(p);
	}
}

static void license_forms(void **state)
{
	static const struct {
		const char *doc;
		enum sw_project_license_kind kind;
		const char *value, *canonical;
	} cases[] = {
	        {"[project]\nlicense = \"Apache-2.0 WITH LLVM-exception\"\n", SW_LICENSE_SPDX,
	         "Apache-2.0 WITH LLVM-exception", "Apache-2.0 WITH LLVM-exception"},
	        {"[project]\nlicense = \"gpl-3.0-or-later\"\n", SW_LICENSE_SPDX, "gpl-3.0-or-later",
	         "GPL-3.0-or-later"},
	        {"[project]\nlicense = \"Not A License\"\n", SW_LICENSE_SPDX, "Not A License",
	         NULL},
	        {"[project]\nlicense = {file = \"LICENSE\"}\n", SW_LICENSE_FILE, "LICENSE", NULL},
	        {"[project]\nlicense = {text = \"MIT License\"}\n", SW_LICENSE_TEXT, "MIT License",
	         NULL},
	        {"[project]\nlicense = {text = \"a\", file = \"b\"}\n", SW_LICENSE_NONE, NULL,
	         NULL},
	        {"[project]\nlicense = [\"MIT\"]\n", SW_LICENSE_NONE, NULL, NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sw_project *p = load(cases[i].doc);
		const sw_project_license *l = &sw_project_meta_get(p)->license;
		if (l->kind != cases[i].kind)
			fail_msg("case %zu: kind %d", i, l->kind);
		if (cases[i].value)
			assert_string_equal(l->value.str, cases[i].value);
		else
			assert_null(l->value.str);
		if (cases[i].canonical)
			assert_string_equal(l->canonical, cases[i].canonical);
		else
			assert_null(l->canonical);
		assert_non_null(l->node);
		sw_project_free(p);
	}
}

static void arrays(void **state)
{
	sw_project *p = load(full_doc);
	const sw_project_meta *m = sw_project_meta_get(p);
	(void)state;
	assert_int_equal(m->license_files.count, 2);
	assert_str(&m->license_files.items[0], "LICEN[CS]E*", 13, 18);
	assert_str(&m->license_files.items[1], "LICENSES/*", 13, 33);
	assert_int_equal(m->keywords.count, 2);
	assert_str(&m->keywords.items[1], "demo", 16, 22);
	assert_int_equal(m->classifiers.count, 1);
	assert_str(&m->classifiers.items[0], "Programming Language :: Python :: 3", 17, 16);
	assert_int_equal(m->dynamic.count, 1);
	assert_str(&m->dynamic.items[0], "entry-points", 19, 12);
	assert_true(sw_project_is_dynamic(p, SW_PF_ENTRY_POINTS));
	assert_false(sw_project_is_dynamic(p, SW_PF_VERSION));
	assert_int_equal(m->import_names.count, 2);
	assert_str(&m->import_names.items[1], "_demo; private", 20, 29);
	assert_int_equal(m->import_namespaces.count, 1);
	assert_str(&m->import_namespaces.items[0], "demo", 21, 22);
	sw_project_free(p);
}

static void people(void **state)
{
	sw_project *p = load(full_doc);
	const sw_project_meta *m = sw_project_meta_get(p);
	(void)state;
	assert_int_equal(m->authors.count, 2);
	assert_str(&m->authors.items[0].name, "Jane Doe", 14, 20);
	assert_str(&m->authors.items[0].email, "jane@example.org", 14, 40);
	assert_int_equal(m->authors.items[0].line, 14);
	assert_int_equal(m->authors.items[0].col, 12);
	assert_null(m->authors.items[1].name.str);
	assert_null(m->authors.items[1].name.node);
	assert_str(&m->authors.items[1].email, "x@y.org", 14, 70);
	assert_int_equal(m->maintainers.count, 1);
	assert_str(&m->maintainers.items[0].name, "Solo", 15, 24);
	assert_null(m->maintainers.items[0].email.str);
	sw_project_free(p);
}

static void tables(void **state)
{
	sw_project *p = load(full_doc);
	const sw_project_meta *m = sw_project_meta_get(p);
	const sw_project_ep_group *g;
	(void)state;
	assert_int_equal(m->urls.count, 2);
	assert_str(&m->urls.items[0].key, "Source", 24, 1);
	assert_str(&m->urls.items[0].value, "https://github.com/x/demo", 24, 10);
	assert_str(&m->urls.items[1].key, "Issue Tracker", 25, 1);
	assert_str(&m->urls.items[1].value, "https://github.com/x/demo/issues", 25, 19);
	assert_int_equal(m->scripts.count, 1);
	assert_str(&m->scripts.items[0].key, "demo", 28, 1);
	assert_str(&m->scripts.items[0].value, "demo_pkg.cli:main", 28, 8);
	assert_int_equal(m->gui_scripts.count, 1);
	assert_str(&m->gui_scripts.items[0].value, "demo_pkg.gui:run", 31, 12);
	assert_int_equal(m->entry_points.count, 1);
	g = &m->entry_points.items[0];
	assert_str(&g->name, "demo.plugins", 33, 23);
	assert_int_equal(g->entries.count, 1);
	assert_str(&g->entries.items[0].key, "one", 34, 1);
	assert_str(&g->entries.items[0].value, "demo_pkg.plugins:one", 34, 7);
	sw_project_free(p);
}

static void dependencies(void **state)
{
	sw_project *p = load(full_doc);
	const sw_project_meta *m = sw_project_meta_get(p);
	const sw_project_extras *x = &m->optional_dependencies;
	(void)state;
	assert_int_equal(m->dependencies.count, 3);
	assert_str(&m->dependencies.items[0].text, "anyio>=4", 18, 17);
	assert_non_null(m->dependencies.items[0].req);
	assert_string_equal(sw_requirement_name(m->dependencies.items[0].req), "anyio");
	assert_non_null(sw_requirement_marker(m->dependencies.items[1].req));
	assert_str(&m->dependencies.items[2].text, "bad req !", 18, 66);
	assert_null(m->dependencies.items[2].req);
	assert_int_equal(x->count, 2);
	assert_str(&x->items[0].name, "Test", 37, 1);
	assert_string_equal(x->items[0].normalized, "test");
	assert_int_equal(x->items[0].deps.count, 2);
	assert_str(&x->items[0].deps.items[1].text, "coverage[toml]", 37, 22);
	assert_true(sw_requirement_has_extra(x->items[0].deps.items[1].req, "toml"));
	assert_str(&x->items[1].name, "cli", 38, 1);
	assert_int_equal(x->items[1].deps.count, 0);
	assert_non_null(x->items[1].deps.node);
	sw_project_free(p);
}

static void build_system(void **state)
{
	sw_project *p = load(full_doc);
	const sw_project_build *b = sw_project_build_get(p);
	(void)state;
	assert_true(b->present);
	assert_int_equal(b->requires.count, 2);
	assert_str(&b->requires.items[0].text, "hatchling>=1.26", 2, 13);
	assert_non_null(b->requires.items[1].req);
	assert_str(&b->backend, "hatchling.build", 3, 17);
	assert_int_equal(b->backend_path.count, 1);
	assert_str(&b->backend_path.items[0], "_backend", 4, 17);
	sw_project_free(p);
}

static void fields_and_tool(void **state)
{
	sw_project *p = load(full_doc);
	const sw_toml_node *tool = sw_project_tool(p), *ll;
	enum sw_project_field f;
	int64_t v;
	(void)state;
	for (int i = 0; i < SW_PF_COUNT; i++) {
		const char *name = sw_project_field_name((enum sw_project_field)i);
		assert_non_null(name);
		assert_int_equal(sw_project_field_lookup(&f, name, strlen(name)), 0);
		assert_int_equal(f, i);
		/* Every key is in full_doc except entry-points' neighbours: all. */
		assert_non_null(sw_project_field_node(p, (enum sw_project_field)i));
	}
	assert_null(sw_project_field_name(SW_PF_COUNT));
	assert_int_equal(sw_project_field_lookup(&f, "requires_python", 15), SW_ENOTFOUND);
	assert_string_equal(sw_project_field_name(SW_PF_GUI_SCRIPTS), "gui-scripts");
	assert_non_null(tool);
	ll = sw_toml_find(sw_toml_find(tool, "ruff", 4), "line-length", 11);
	assert_non_null(ll);
	assert_int_equal(sw_toml_int(ll, &v), 0);
	assert_int_equal(v, 100);
	sw_project_free(p);
}

static void wrong_types_left_out(void **state)
{
	static const char doc[] = "[project]\n"
	                          "name = 3\n"
	                          "keywords = [\"a\", 1, \"b\"]\n"
	                          "authors = [\"Jane\", {name = \"Joe\"}]\n"
	                          "urls = {a = \"https://a.org\", b = 2}\n"
	                          "dependencies = \"requests\"\n";
	sw_project *p = load(doc);
	const sw_project_meta *m = sw_project_meta_get(p);
	(void)state;
	assert_null(m->name.str);
	assert_non_null(m->name.node);
	assert_int_equal(m->name.line, 2);
	assert_int_equal(m->name.col, 8);
	assert_null(m->normalized_name);
	assert_int_equal(m->keywords.count, 2);
	assert_string_equal(m->keywords.items[1].str, "b");
	assert_int_equal(m->authors.count, 1);
	assert_string_equal(m->authors.items[0].name.str, "Joe");
	assert_int_equal(m->urls.count, 1);
	assert_int_equal(m->dependencies.count, 0);
	assert_non_null(m->dependencies.node);
	assert_null(m->version.node);
	sw_project_free(p);
}

static void no_project_table(void **state)
{
	sw_project *p = load("[tool.black]\nline-length = 88\n");
	(void)state;
	assert_false(sw_project_meta_get(p)->present);
	assert_null(sw_project_meta_get(p)->node);
	assert_false(sw_project_build_get(p)->present);
	assert_int_equal(sw_project_group_count(p), 0);
	assert_non_null(sw_project_tool(p));
	sw_project_free(p);
	p = load("");
	assert_true(sw_project_editable(p));
	assert_false(sw_project_meta_get(p)->present);
	sw_project_free(p);
}

static void not_toml(void **state)
{
	static const char doc[] = "[project]\nname = \"x\"\nversion = 1.2.3\n";
	sw_project *p = load(doc);
	const char *msg = NULL, *text;
	unsigned line = 0, col = 0;
	size_t len;
	(void)state;
	assert_false(sw_project_editable(p));
	assert_null(sw_project_doc(p));
	assert_int_equal(sw_project_syntax_error(p, &msg, &line, &col), 1);
	assert_int_equal(line, 3);
	assert_int_equal(col, 14); /* where the TOML parser points */
	assert_non_null(strstr(msg, "pyproject.toml:3:14:"));
	text = sw_project_text(p, &len);
	assert_int_equal(len, strlen(doc));
	assert_memory_equal(text, doc, len);
	assert_false(sw_project_meta_get(p)->present);
	sw_project_free(p);
}

/* The test data folder. */
static const char *data_dir(void)
{
	const char *d = getenv("SW_TEST_DATA");
	if (!d)
		fail_msg("SW_TEST_DATA is not set");
	return d;
}

static void load_from_disk(void **state)
{
	char path[4096];
	sw_project *p = NULL;
	(void)state;
	snprintf(path, sizeof(path), "%s/project/tree", data_dir());
	assert_int_equal(sw_project_load(&p, path), 0);
	assert_string_equal(sw_project_root(p), path);
	assert_non_null(strstr(sw_project_path(p), "project/tree/pyproject.toml"));
	assert_non_null(sw_project_stamp(p));
	assert_true(sw_project_stamp(p)->exists);
	assert_string_equal(sw_project_meta_get(p)->name.str, "tree-demo");
	sw_project_free(p);
	snprintf(path, sizeof(path), "%s/project/tree/pyproject.toml", data_dir());
	assert_int_equal(sw_project_load(&p, path), 0);
	assert_string_equal(sw_project_path(p), path);
	assert_int_equal(strlen(sw_project_root(p)), strlen(path) - strlen("/pyproject.toml"));
	sw_project_free(p);
	snprintf(path, sizeof(path), "%s/project/no-such-dir", data_dir());
	assert_int_equal(sw_project_load(&p, path), SW_ENOTFOUND);
	assert_null(p);
	assert_non_null(strstr(sw_error_last(), "no-such-dir"));
	assert_int_equal(sw_project_load(&p, ""), SW_EINVAL);
}

static void readme_and_license_files(void **state)
{
	char path[4096], *text = NULL, **files = NULL;
	size_t len = 0, n = 0;
	sw_project *p = NULL;
	(void)state;
	snprintf(path, sizeof(path), "%s/project/tree", data_dir());
	assert_int_equal(sw_project_load(&p, path), 0);
	assert_int_equal(sw_project_readme_read(&text, &len, p), 0);
	assert_int_equal(len, strlen("# Tree demo\n\nA project on disk for the tests.\n"));
	assert_memory_equal(text, "# Tree demo\n", 12);
	sw_free(text);
	assert_int_equal(sw_project_license_files_match(&files, &n, p), 0);
	/* The three patterns of tree/pyproject.toml match these four files. */
	assert_int_equal(n, 4);
	assert_string_equal(files[0], "LICENSE");
	assert_string_equal(files[1], "LICENSES/Apache-2.0.txt");
	assert_string_equal(files[2], "LICENSES/MIT.txt");
	assert_string_equal(files[3], "src/tree_demo/NOTICE");
	sw_project_paths_free(files, n);
	sw_project_free(p);

	p = load("[project]\nreadme = {text = \"inline\", content-type = \"text/plain\"}\n");
	assert_int_equal(sw_project_readme_read(&text, &len, p), 0);
	assert_string_equal(text, "inline");
	sw_free(text);
	assert_int_equal(sw_project_license_files_match(&files, &n, p), SW_EINVAL);
	sw_project_free(p);
	p = load("[project]\nreadme = \"README.md\"\n");
	assert_int_equal(sw_project_readme_read(&text, &len, p), SW_EINVAL);
	sw_project_free(p);
	p = load("[project]\n");
	assert_int_equal(sw_project_readme_read(&text, &len, p), SW_ENOTFOUND);
	sw_project_free(p);
}

/* ---- dependency groups ------------------------------------------------- */

/* Expands `group` and compares the requirement texts with `want` ("|"-joined). */
static void expect_expansion(const sw_project *p, const char *group, const char *want)
{
	const sw_project_group_item **items = NULL;
	size_t n = 0;
	char got[1024] = "";
	int err = sw_project_group_expand(&items, &n, p, group);
	if (err != 0)
		fail_msg("expand %s: %d %s", group, err, sw_error_last());
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(items[i]->kind, SW_GROUP_REQUIREMENT);
		if (i)
			strncat(got, "|", sizeof(got) - strlen(got) - 1);
		strncat(got, items[i]->text.str, sizeof(got) - strlen(got) - 1);
	}
	sw_free(items);
	assert_string_equal(got, want);
}

static void groups_view(void **state)
{
	sw_project *p = load(full_doc);
	const sw_project_group *g;
	(void)state;
	assert_int_equal(sw_project_group_count(p), 2);
	g = sw_project_group_at(p, 1);
	assert_str(&g->name, "Test_All", 42, 1);
	assert_string_equal(g->normalized, "test-all");
	assert_int_equal(g->count, 3);
	assert_int_equal(g->items[0].kind, SW_GROUP_REQUIREMENT);
	assert_int_equal(g->items[1].kind, SW_GROUP_INCLUDE);
	assert_str(&g->items[1].text, "LINT", 42, 40);
	assert_ptr_equal(sw_project_group_find(p, "test.all", 8), g);
	assert_ptr_equal(sw_project_group_find(p, "TEST-ALL", 8), g);
	assert_null(sw_project_group_find(p, "docs", 4));
	assert_null(sw_project_group_at(p, 2));
	expect_expansion(p, "test-all", "pytest|ruff|mypy");
	expect_expansion(p, "lint", "ruff");
	sw_project_free(p);
}

static void groups_expansion(void **state)
{
	/* PEP 735's examples: includes expand in place, nothing is
	 * de-duplicated, includes of includes expand too. */
	static const char doc[] = "[dependency-groups]\n"
	                          "group-a = [\"foo\"]\n"
	                          "group-b = [\"foo>1.0\"]\n"
	                          "group-c = [\"foo<1.0\"]\n"
	                          "all = [\"foo\", {include-group = \"group-a\"}, "
	                          "{include-group = \"group-b\"}, {include-group = \"group-c\"}]\n"
	                          "top = [\"c\", {include-group = \"all\"}, \"d\"]\n"
	                          "empty = []\n"
	                          "only = [{include-group = \"empty\"}]\n";
	sw_project *p = load(doc);
	(void)state;
	expect_expansion(p, "all", "foo|foo|foo>1.0|foo<1.0");
	expect_expansion(p, "top", "c|foo|foo|foo>1.0|foo<1.0|d");
	expect_expansion(p, "Group_A", "foo");
	expect_expansion(p, "only", "");
	sw_project_free(p);
}

static void groups_errors(void **state)
{
	static const struct {
		const char *doc, *group;
		int err;
		const char *msg;
	} cases[] = {
	        {"[dependency-groups]\na = [{include-group = \"b\"}]\nb = [{include-group = "
	         "\"a\"}]\n",
	         "a", SW_EPARSE,
	         "pyproject.toml:3:23: dependency group 'a' includes itself: a -> b -> a"},
	        {"[dependency-groups]\nself = [\"x\", {include-group = \"Self\"}]\n", "self",
	         SW_EPARSE, "includes itself: self -> self"},
	        {"[dependency-groups]\na = [{include-group = \"nope\"}]\n", "a", SW_ENOTFOUND,
	         "pyproject.toml:2:23: no dependency group named 'nope'"},
	        {"[dependency-groups]\na = [\"x\"]\n", "b", SW_ENOTFOUND,
	         "no dependency group named 'b'"},
	        {"[dependency-groups]\na = [\"not valid !\"]\n", "a", SW_EPARSE,
	         "pyproject.toml:2:6: 'not valid !' is not a valid requirement"},
	        {"[dependency-groups]\na = [{set-phasers-to = \"stun\"}]\nb = [\"ok\"]\n", "a",
	         SW_EPARSE, "pyproject.toml:2:6: an item of a dependency group"},
	        {"[dependency-groups]\na = \"x\"\n", "a", SW_EPARSE, "is not an array"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sw_project *p = load(cases[i].doc);
		const sw_project_group_item **items = (const sw_project_group_item **)1;
		size_t n = 5;
		int err = sw_project_group_expand(&items, &n, p, cases[i].group);
		if (err != cases[i].err || !strstr(sw_error_last(), cases[i].msg))
			fail_msg("case %zu: %d '%s'", i, err, sw_error_last());
		assert_null(items);
		assert_int_equal(n, 0);
		sw_project_free(p);
	}
	/* The valid group of a file with an invalid one still expands. */
	{
		sw_project *p = load(cases[5].doc);
		expect_expansion(p, "b", "ok");
		sw_project_free(p);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(scalars),          cmocka_unit_test(readme_forms),
	        cmocka_unit_test(license_forms),    cmocka_unit_test(arrays),
	        cmocka_unit_test(people),           cmocka_unit_test(tables),
	        cmocka_unit_test(dependencies),     cmocka_unit_test(build_system),
	        cmocka_unit_test(fields_and_tool),  cmocka_unit_test(wrong_types_left_out),
	        cmocka_unit_test(no_project_table), cmocka_unit_test(not_toml),
	        cmocka_unit_test(load_from_disk),   cmocka_unit_test(readme_and_license_files),
	        cmocka_unit_test(groups_view),      cmocka_unit_test(groups_expansion),
	        cmocka_unit_test(groups_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
