/*
 * tests/ui/test_ui_rows.c — the workbench's pure parts: UTF-8 widths, the
 * `:` prompt's word splitting, the picker's search, and the Project
 * screen's view model (which row each diagnostic lands under, the raw TOML
 * rows, selection and scrolling). Expected rows are written by hand from
 * the test file and the diagnostic codes of the rule table.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "project_rows.h"

/* ---- text ------------------------------------------------------------------ */

static void test_widths(void **state)
{
	static const struct {
		const char *s;
		size_t width;
	} cases[] = {
	        {"", 0},
	        {"abc", 3},
	        {"h\xc3\xa9llo", 5},             /* héllo */
	        {"\xe6\x97\xa5\xe6\x9c\xac", 4}, /* 日本: two wide characters */
	        {"a\xff"
	         "b",
	         3}, /* an invalid byte counts one */
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		assert_int_equal(ui_utf8_width(cases[i].s, strlen(cases[i].s)), cases[i].width);
}

static void test_fit(void **state)
{
	const char *s = "\xe6\x97\xa5\xe6\x9c\xac"
	                "ab"; /* 日本ab */
	size_t used;
	(void)state;
	assert_int_equal(ui_utf8_fit(s, strlen(s), 3, &used), 3); /* 日 only: 本 needs 2 more */
	assert_int_equal(used, 2);
	assert_int_equal(ui_utf8_fit(s, strlen(s), 5, &used), 7);
	assert_int_equal(used, 5);
	assert_int_equal(ui_utf8_fit(s, strlen(s), 0, &used), 0);
	assert_int_equal(ui_utf8_prev(s, 6), 3);
	assert_int_equal(ui_utf8_next(s, strlen(s), 0), 3);
	assert_int_equal(ui_utf8_next(s, strlen(s), 6), 1);
}

static void test_split_args(void **state)
{
	static const struct {
		const char *line;
		int rc, argc;
		const char *words[5];
	} cases[] = {
	        {"pep440 normalize 1.0", 0, 3, {"pep440", "normalize", "1.0"}},
	        {"  project set description \"two words\" ",
	         0,
	         4,
	         {"project", "set", "description", "two words"}},
	        {"a 'b c' d\\ e", 0, 3, {"a", "b c", "d e"}},
	        {"x'y'\"z\"", 0, 1, {"xyz"}},
	        {"'it''s'", 0, 1, {"its"}},
	        {"", 0, 0, {NULL}},
	        {"   ", 0, 0, {NULL}},
	        {"check 'unclosed", -1, 0, {NULL}},
	};
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char **argv = NULL;
		int argc = -1;
		assert_int_equal(ui_split_args(&argv, &argc, cases[i].line), cases[i].rc);
		assert_int_equal(argc, cases[i].argc);
		for (int k = 0; k < cases[i].argc; k++)
			assert_string_equal(argv[k], cases[i].words[k]);
		if (cases[i].rc == 0)
			assert_null(argv[argc]);
		ui_argv_free(argv);
	}
}

static void test_match_and_filter(void **state)
{
	static const char *const items[] = {
	        "Development Status :: 4 - Beta",
	        "Programming Language :: Python :: 3",
	        "Programming Language :: Rust",
	        "Topic :: Software Development :: Build Tools",
	};
	static const struct {
		const char *query;
		size_t n;
		size_t idx[4];
	} cases[] = {
	        {"", 4, {0, 1, 2, 3}},  {"python", 1, {1}},      {"PROGRAMMING", 2, {1, 2}},
	        {"develop", 2, {0, 3}}, {"build tools", 1, {3}}, {"python rust", 0, {0}},
	        {"  rust  ", 1, {2}},
	};
	size_t idx[4];
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n = ui_filter(idx, 4, items, 4, cases[i].query);
		assert_int_equal(n, cases[i].n);
		for (size_t k = 0; k < n; k++)
			assert_int_equal(idx[k], cases[i].idx[k]);
	}
	assert_int_equal(ui_filter(idx, 1, items, 4, ""), 1); /* capped */
	assert_int_equal(ui_line_count("a\nb", 3), 2);
	assert_int_equal(ui_line_count("a\nb\n", 4), 2);
	assert_int_equal(ui_line_count("", 0), 0);
}

/* ---- the Project form ------------------------------------------------------ */

static const char demo[] = "[build-system]\n"
                           "requires = [\"hatchling\"]\n"
                           "build-backend = \"hatchling.build\"\n"
                           "\n"
                           "[project]\n"
                           "name = \"demo\"\n"
                           "version = \"1.0+local\"\n"
                           "requires-python = \">=3.9\"\n"
                           "license = \"MIT\"\n"
                           "readme = \"README.md\"\n"
                           "authors = [{name = \"Ada\", email = \"ada@example.org\"}]\n"
                           "classifiers = [\"Programming Language :: Python :: 3\"]\n"
                           "dependencies = [\"requests==2.31\", \"click>=8\"]\n"
                           "colour = \"blue\"\n"
                           "\n"
                           "[project.optional-dependencies]\n"
                           "test = [\"pytest>=8\"]\n"
                           "\n"
                           "[project.urls]\n"
                           "Homepage = \"https://example.org\"\n";

struct want_row {
	enum ui_prow_kind kind;
	const char *field;
	const char *value; /* DIAG rows: the code */
	const char *key;
	int severity;
};

#define F(f, v, sev)                                                                               \
	{                                                                                          \
		UI_PROW_FIELD, f, v, NULL, sev                                                     \
	}
#define I(f, v, k, sev)                                                                            \
	{                                                                                          \
		UI_PROW_ITEM, f, v, k, sev                                                         \
	}
#define D(f, code, sev)                                                                            \
	{                                                                                          \
		UI_PROW_DIAG, f, code, NULL, sev                                                   \
	}
#define E SW_SEV_ERROR
#define W SW_SEV_WARNING

/* Each diagnostic under the row it concerns: version.local under version,
 * description.missing under the absent description, requirement.pinned
 * (at 13:17) under the requests entry, the unknown key in "other checks". */
static const struct want_row want[] = {
        F("name", "demo", -1),
        F("version", "1.0+local", W),
        D("version", "project.version.local", W),
        F("description", "(not set)", W),
        D("description", "project.description.missing", W),
        F("requires-python", ">=3.9", -1),
        F("license", "MIT", -1),
        F("readme", "README.md", -1),
        F("authors", "1 entry", -1),
        I("authors", "Ada <ada@example.org>", "Ada", -1),
        F("keywords", "(not set)", -1),
        F("classifiers", "1 entry", -1),
        I("classifiers", "Programming Language :: Python :: 3",
          "Programming Language :: Python :: 3", -1),
        F("dependencies", "2 entries", -1),
        I("dependencies", "requests==2.31", "requests", W),
        D("dependencies", "requirement.pinned", W),
        I("dependencies", "click>=8", "click", -1),
        F("optional-dependencies", "1 entry", -1),
        I("optional-dependencies", "test: pytest>=8", "pytest", -1),
        F("dependency-groups", "(not set)", -1),
        F("urls", "1 entry", -1),
        I("urls", "Homepage: https://example.org", "Homepage", -1),
        F("other checks", "", E),
        D("other checks", "project.key.unknown", E),
};

/* Loads text and builds its rows with a fixed day (lists fresh). */
static void build(struct ui_prows *rows, sw_project **p, sw_project_diags **d, const char *text)
{
	sw_project_check_opts opts = SW_PROJECT_CHECK_OPTS_INIT;
	assert_int_equal(sw_project_date_parse(&opts.today, sw_project_trove_date()), 0);
	assert_int_equal(sw_project_load_buffer(p, text, strlen(text), "pyproject.toml", NULL), 0);
	assert_int_equal(sw_project_validate(d, *p, &opts), 0);
	assert_int_equal(ui_prows_build(rows, *p, *d), 0);
}

static void test_form_rows(void **state)
{
	struct ui_prows rows;
	sw_project *p = NULL;
	sw_project_diags *d = NULL;
	(void)state;
	build(&rows, &p, &d, demo);
	assert_int_equal(rows.count, sizeof want / sizeof want[0]);
	for (size_t i = 0; i < rows.count; i++) {
		const struct ui_prow *r = &rows.rows[i];
		assert_int_equal(r->kind, want[i].kind);
		assert_string_equal(ui_pfields[r->field].key, want[i].field);
		assert_string_equal(r->kind == UI_PROW_DIAG ? r->extra : r->value, want[i].value);
		if (want[i].key)
			assert_string_equal(r->key, want[i].key);
		assert_int_equal(r->severity, want[i].severity);
	}
	assert_int_equal(rows.errors, 1);
	assert_int_equal(rows.warnings, 3);
	assert_string_equal(rows.rows[18].extra, "test");
	assert_true(rows.rows[3].absent);
	assert_false(rows.rows[0].absent);
	ui_prows_free(&rows);
	sw_project_diags_free(d);
	sw_project_free(p);
}

/* Dependency groups: requirements, includes (not removable: no key), a
 * diagnostic at an include's value (12:26) under that entry; a readme
 * table shown as written; a file-level warning in "other checks". */
static const char groups[] = "[project]\n"
                             "name = \"g\"\n"
                             "version = \"1.0\"\n"
                             "description = \"x\"\n"
                             "requires-python = \">=3.9\"\n"
                             "license = \"MIT\"\n"
                             "readme = {text = \"hi\", content-type = \"text/plain\"}\n"
                             "\n"
                             "[dependency-groups]\n"
                             "test = [\"pytest>=8\", {include-group = \"lint\"}]\n"
                             "lint = [\"ruff\"]\n"
                             "docs = [{include-group = \"nope\"}]\n";

static const struct want_row want_groups[] = {
        F("name", "g", -1),
        F("version", "1.0", -1),
        F("description", "x", -1),
        F("requires-python", ">=3.9", -1),
        F("license", "MIT", -1),
        F("readme", "{text = \"hi\", content-type = \"text/plain\"}", -1),
        F("authors", "(not set)", -1),
        F("keywords", "(not set)", -1),
        F("classifiers", "(not set)", -1),
        F("dependencies", "(not set)", -1),
        F("optional-dependencies", "(not set)", -1),
        F("dependency-groups", "4 entries", -1),
        I("dependency-groups", "test: pytest>=8", "pytest", -1),
        I("dependency-groups", "test: (includes lint)", NULL, -1),
        I("dependency-groups", "lint: ruff", "ruff", -1),
        I("dependency-groups", "docs: (includes nope)", NULL, E),
        D("dependency-groups", "dependency-groups.include.unknown", E),
        F("urls", "(not set)", -1),
        F("other checks", "", W),
        D("other checks", "build-system.missing", W),
};

static void test_form_groups(void **state)
{
	struct ui_prows rows;
	sw_project *p = NULL;
	sw_project_diags *d = NULL;
	(void)state;
	build(&rows, &p, &d, groups);
	assert_int_equal(rows.count, sizeof want_groups / sizeof want_groups[0]);
	for (size_t i = 0; i < rows.count; i++) {
		const struct ui_prow *r = &rows.rows[i];
		assert_int_equal(r->kind, want_groups[i].kind);
		assert_string_equal(ui_pfields[r->field].key, want_groups[i].field);
		assert_string_equal(r->kind == UI_PROW_DIAG ? r->extra : r->value,
		                    want_groups[i].value);
		if (r->kind == UI_PROW_ITEM && !want_groups[i].key)
			assert_null(r->key);
		else if (want_groups[i].key)
			assert_string_equal(r->key, want_groups[i].key);
		assert_int_equal(r->severity, want_groups[i].severity);
	}
	assert_string_equal(rows.rows[12].extra, "test");
	assert_string_equal(rows.rows[15].extra, "docs");
	ui_prows_free(&rows);
	sw_project_diags_free(d);
	sw_project_free(p);
}

/* A file that is not TOML shows only its syntax error. */
static void test_form_not_toml(void **state)
{
	struct ui_prows rows;
	sw_project *p = NULL;
	sw_project_diags *d = NULL;
	(void)state;
	build(&rows, &p, &d, "[project]\nname = \"x\"\nversion = \n");
	assert_int_equal(rows.count, 2);
	assert_int_equal(rows.rows[0].kind, UI_PROW_FIELD);
	assert_string_equal(ui_pfields[rows.rows[0].field].key, "other checks");
	assert_int_equal(rows.rows[1].kind, UI_PROW_DIAG);
	assert_string_equal(rows.rows[1].extra, "toml.syntax");
	assert_int_equal(rows.rows[1].line, 3);
	ui_prows_free(&rows);
	sw_project_diags_free(d);
	sw_project_free(p);
}

/* Selection skips diagnostics; scrolling keeps the selection in view. */
static void test_step_and_scroll(void **state)
{
	struct ui_prows rows;
	sw_project *p = NULL;
	sw_project_diags *d = NULL;
	(void)state;
	build(&rows, &p, &d, demo);
	assert_int_equal(ui_prows_step(&rows, 1, 1), 3); /* over the version's diagnostic */
	assert_int_equal(ui_prows_step(&rows, 3, -1), 1);
	assert_int_equal(ui_prows_step(&rows, 0, -1), 0);  /* nothing above */
	assert_int_equal(ui_prows_step(&rows, 22, 1), 22); /* the last selectable row */
	assert_int_equal(ui_scroll_to(0, 5, 10), 0);
	assert_int_equal(ui_scroll_to(0, 10, 10), 1);
	assert_int_equal(ui_scroll_to(8, 3, 10), 3);
	assert_int_equal(ui_scroll_to(4, 13, 10), 4);
	ui_prows_free(&rows);
	sw_project_diags_free(d);
	sw_project_free(p);
}

/* The raw view: every line, its diagnostics right after it. */
static void test_toml_rows(void **state)
{
	struct ui_trows t;
	sw_project *p = NULL;
	sw_project_diags *d = NULL;
	struct ui_prows rows;
	(void)state;
	build(&rows, &p, &d, demo);
	assert_int_equal(ui_trows_build(&t, demo, strlen(demo), d), 0);
	/* 20 lines and 4 diagnostics */
	assert_int_equal(t.count, 24);
	assert_int_equal(t.rows[4].line, 5); /* [project], which has description.missing */
	assert_int_equal(t.rows[4].severity, W);
	assert_int_equal(t.rows[5].line, 0);
	assert_non_null(strstr(t.rows[5].text, "project.description.missing"));
	assert_non_null(strstr(t.rows[5].text, "5:1"));
	assert_int_equal(t.rows[6].line, 6);
	assert_int_equal(t.rows[6].severity, -1);
	assert_string_equal(t.rows[6].text, "name = \"demo\"");
	assert_int_equal(t.rows[16].line, 14);
	assert_int_equal(t.rows[16].severity, E);
	assert_non_null(strstr(t.rows[17].text, "project.key.unknown"));
	assert_int_equal(t.rows[23].line, 20);
	ui_trows_free(&t);
	ui_prows_free(&rows);
	sw_project_diags_free(d);
	sw_project_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_widths),        cmocka_unit_test(test_fit),
	        cmocka_unit_test(test_split_args),    cmocka_unit_test(test_match_and_filter),
	        cmocka_unit_test(test_form_rows),     cmocka_unit_test(test_form_groups),
	        cmocka_unit_test(test_form_not_toml), cmocka_unit_test(test_step_and_scroll),
	        cmocka_unit_test(test_toml_rows),
	};
	if (!setlocale(LC_ALL, "C.UTF-8"))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
