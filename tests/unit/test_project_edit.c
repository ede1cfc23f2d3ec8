/*
 * unit/test_project_edit.c — the project editor: each operation compared
 * with the whole expected file (only the intended bytes change), array
 * style kept (one-line, multi-line, trailing comma, sorted insert),
 * refusals (invalid input, broken TOML, an edit adding an error), undo and
 * redo, the unified diff, and saving with conflict detection. Expected
 * texts are written by hand from the operation's definition in
 * slipway/project_edit.h and toml.h, never produced by the code.
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

#include "slipway/fs.h"
#include "slipway/project_edit.h"

#define HEAD "[project]\nname = \"demo\"\nversion = \"1.0\"\n"

static sw_project_editor *open_text(const char *text)
{
	sw_project_editor *ed = NULL;
	int err = sw_project_editor_open_buffer(&ed, text, strlen(text), NULL, NULL);
	if (err)
		fail_msg("open: %s", sw_error_last());
	return ed;
}

static void expect_text(const sw_project_editor *ed, const char *want)
{
	size_t len;
	const char *got = sw_project_editor_text(ed, &len);
	if (len != strlen(want) || memcmp(got, want, len) != 0)
		fail_msg("text differs:\n--- got ---\n%s--- want ---\n%s", got, want);
}

/* One operation on a text and the whole text wanted after it. */
enum op { DEP_ADD, DEP_REMOVE, LIST_ADD, LIST_REMOVE, ENTRY_SET, ENTRY_REMOVE, SET, UNSET };

struct vec {
	enum op op;
	const char *field, *a, *b, *extra, *group;
	const char *before, *after;
};

static const struct vec vecs[] = {
        /* multi-line sorted: sorted insert, trailing comma kept */
        {DEP_ADD, NULL, "click>=8", NULL, NULL, NULL,
         HEAD "dependencies = [\n    \"attrs\",\n    \"Requests>=2\",\n]\n",
         HEAD "dependencies = [\n    \"attrs\",\n    \"click>=8\",\n    \"Requests>=2\",\n]\n"},
        /* sorted, goes first */
        {DEP_ADD, NULL, "Aaa", NULL, NULL, NULL, HEAD "dependencies = [\"bbb\", \"ccc\"]\n",
         HEAD "dependencies = [\"Aaa\", \"bbb\", \"ccc\"]\n"},
        /* one-line unsorted: appended */
        {DEP_ADD, NULL, "click", NULL, NULL, NULL, HEAD "dependencies = [\"zzz\", \"aaa\"]\n",
         HEAD "dependencies = [\"zzz\", \"aaa\", \"click\"]\n"},
        /* change: same normalised name replaced in place, comment kept */
        {DEP_ADD, NULL, "requests[socks]>=2.32", NULL, NULL, NULL,
         HEAD "dependencies = [\n  \"attrs\",\n  \"Requests>=2\",  # http\n  \"zope\"\n]\n",
         HEAD "dependencies = [\n  \"attrs\",\n  \"requests[socks]>=2.32\",  # http\n  "
              "\"zope\"\n]\n"},
        /* missing array is created */
        {DEP_ADD, NULL, "attrs", NULL, NULL, NULL, HEAD, HEAD "dependencies = [\"attrs\"]\n"},
        /* existing extra matched by normalised name */
        {DEP_ADD, NULL, "pytest", NULL, "Test_Tools", NULL,
         HEAD "\n[project.optional-dependencies]\ntest-tools = [\"coverage\"]\n",
         HEAD "\n[project.optional-dependencies]\ntest-tools = [\"coverage\", \"pytest\"]\n"},
        /* new extra in an existing table */
        {DEP_ADD, NULL, "pytest", NULL, "test", NULL,
         HEAD "\n[project.optional-dependencies]\ndocs = [\"sphinx\"]\n",
         HEAD "\n[project.optional-dependencies]\ndocs = [\"sphinx\"]\ntest = [\"pytest\"]\n"},
        /* group */
        {DEP_ADD, NULL, "ruff", NULL, NULL, "dev",
         HEAD "\n[dependency-groups]\ndev = [\"pytest\", {include-group = \"x\"}]\n"
              "x = []\n",
         HEAD "\n[dependency-groups]\ndev = [\"pytest\", {include-group = \"x\"}, \"ruff\"]\n"
              "x = []\n"},
        {DEP_REMOVE, NULL, "REQUESTS", NULL, NULL, NULL,
         HEAD "dependencies = [\n    \"attrs\",\n    \"requests>=2\",  # c\n    \"zope\",\n]\n",
         HEAD "dependencies = [\n    \"attrs\",\n    \"zope\",\n]\n"},
        {DEP_REMOVE, NULL, "pytest", NULL, "test", NULL,
         HEAD "[project.optional-dependencies]\ntest = [\"pytest\", \"cov\"]\n",
         HEAD "[project.optional-dependencies]\ntest = [\"cov\"]\n"},
        {LIST_ADD, "classifiers", "Programming Language :: Python :: 3", NULL, NULL, NULL,
         HEAD "classifiers = [\n    \"Operating System :: OS Independent\",\n"
              "    \"Typing :: Typed\",\n]\n",
         HEAD "classifiers = [\n    \"Operating System :: OS Independent\",\n"
              "    \"Programming Language :: Python :: 3\",\n    \"Typing :: Typed\",\n]\n"},
        {LIST_ADD, "keywords", "cli", NULL, NULL, NULL, HEAD "keywords = [\"tool\"]\n",
         HEAD "keywords = [\"cli\", \"tool\"]\n"},
        {LIST_REMOVE, "keywords", "tool", NULL, NULL, NULL, HEAD "keywords = [\"cli\", \"tool\"]\n",
         HEAD "keywords = [\"cli\"]\n"},
        {ENTRY_SET, "urls", "Source", "https://example.org/src", NULL, NULL,
         HEAD "\n[project.urls]\nHomepage = \"https://example.org\"\n",
         HEAD "\n[project.urls]\nHomepage = \"https://example.org\"\n"
              "Source = \"https://example.org/src\"\n"},
        {ENTRY_SET, "scripts", "demo", "demo.cli:main", NULL, NULL, HEAD,
         HEAD "\n[project.scripts]\ndemo = \"demo.cli:main\"\n"},
        {ENTRY_REMOVE, "urls", "Homepage", NULL, NULL, NULL,
         HEAD "urls = {Homepage = \"https://a.org\", Docs = \"https://b.org\"}\n",
         HEAD "urls = {Docs = \"https://b.org\"}\n"},
        {SET, "description", "A demo.", NULL, NULL, NULL, HEAD "description = \"old\"  # keep\n",
         HEAD "description = \"A demo.\"  # keep\n"},
        {SET, "license", "mit or apache-2.0", NULL, NULL, NULL, HEAD,
         HEAD "license = \"MIT OR Apache-2.0\"\n"},
        {SET, "requires-python", ">=3.10", NULL, NULL, NULL, HEAD "[tool.x]\na = 1\n",
         HEAD "requires-python = \">=3.10\"\n[tool.x]\na = 1\n"},
        {UNSET, "description", NULL, NULL, NULL, NULL, HEAD "description = \"x\"\n# end\n",
         HEAD "# end\n"},
};

static int run(sw_project_editor *ed, const struct vec *v)
{
	switch (v->op) {
	case DEP_ADD:
		return sw_project_dep_add(ed, v->a, v->extra, v->group);
	case DEP_REMOVE:
		return sw_project_dep_remove(ed, v->a, v->extra, v->group);
	case LIST_ADD:
		return sw_project_list_add(ed, v->field, v->a);
	case LIST_REMOVE:
		return sw_project_list_remove(ed, v->field, v->a);
	case ENTRY_SET:
		return sw_project_entry_set(ed, v->field, v->a, v->b);
	case ENTRY_REMOVE:
		return sw_project_entry_remove(ed, v->field, v->a);
	case SET:
		return sw_project_set_string(ed, v->field, v->a);
	case UNSET:
		return sw_project_unset(ed, v->field);
	}
	return -1;
}

static void test_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		sw_project_editor *ed = open_text(vecs[i].before);
		int err = run(ed, &vecs[i]);
		if (err)
			fail_msg("vector %zu: %s", i, sw_error_last());
		expect_text(ed, vecs[i].after);
		/* undo gives back the text byte for byte, redo the edit */
		assert_int_equal(sw_project_editor_undo_depth(ed), 1);
		assert_int_equal(sw_project_editor_undo(ed), 0);
		expect_text(ed, vecs[i].before);
		assert_int_equal(sw_project_editor_redo(ed), 0);
		expect_text(ed, vecs[i].after);
		sw_project_editor_free(ed);
	}
}

/* Operations refused, with the code wanted; the text must not change. */
static const struct vec refusals[] = {
        {DEP_ADD, NULL, "requests >= ", NULL, NULL, NULL, HEAD, NULL},
        {DEP_ADD, NULL, "x", NULL, "bad extra!", NULL, HEAD, NULL},
        {DEP_REMOVE, NULL, "nothere", NULL, NULL, NULL, HEAD "dependencies = [\"a\"]\n", NULL},
        {LIST_ADD, "classifiers", "Not :: A :: Classifier", NULL, NULL, NULL, HEAD, NULL},
        {LIST_ADD, "keywords", "a", NULL, NULL, NULL, HEAD "keywords = [\"a\"]\n", NULL},
        {ENTRY_SET, "urls", "Home", "example.org", NULL, NULL, HEAD, NULL},
        {ENTRY_SET, "scripts", "x", "not an entry point", NULL, NULL, HEAD, NULL},
        {SET, "version", "1.0-not-pep440!", NULL, NULL, NULL, HEAD, NULL},
        {SET, "license", "MIT AND", NULL, NULL, NULL, HEAD, NULL},
        {SET, "name", "-bad-", NULL, NULL, NULL, HEAD, NULL},
        {SET, "keywords", "x", NULL, NULL, NULL, HEAD, NULL},
        {UNSET, "nosuchfield", NULL, NULL, NULL, NULL, HEAD, NULL},
        {UNSET, "description", NULL, NULL, NULL, NULL, HEAD, NULL},
        /* removing name adds an error (project.name.missing) */
        {UNSET, "name", NULL, NULL, NULL, NULL, HEAD, NULL},
        /* broken TOML: every edit refused */
        {DEP_ADD, NULL, "attrs", NULL, NULL, NULL, "[project\nname = 1\n", NULL},
        {SET, "description", "x", NULL, NULL, NULL, "[project]\nname = \n", NULL},
};

static const int refusal_codes[] = {
        SW_EINVAL,    SW_EINVAL, SW_ENOTFOUND, SW_EINVAL, SW_EEXISTS, SW_EINVAL,
        SW_EINVAL,    SW_EINVAL, SW_EINVAL,    SW_EINVAL, SW_EINVAL,  SW_EINVAL,
        SW_ENOTFOUND, SW_EINVAL, SW_EPARSE,    SW_EPARSE,
};

static void test_refusals(void **state)
{
	(void)state;
	assert_int_equal(sizeof(refusals) / sizeof(refusals[0]),
	                 sizeof(refusal_codes) / sizeof(refusal_codes[0]));
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		sw_project_editor *ed = open_text(refusals[i].before);
		int err = run(ed, &refusals[i]);
		if (err != refusal_codes[i])
			fail_msg("refusal %zu: got %d (%s), wanted %d", i, err, sw_error_last(),
			         refusal_codes[i]);
		assert_true(sw_error_last()[0] != '\0');
		expect_text(ed, refusals[i].before);
		assert_int_equal(sw_project_editor_undo_depth(ed), 0);
		assert_int_equal(sw_project_editor_dirty(ed), 0);
		sw_project_editor_free(ed);
	}
}

/* An edit that adds an error names it; the syntax error gives line:col. */
static void test_refusal_messages(void **state)
{
	sw_project_editor *ed = open_text(HEAD);
	(void)state;
	assert_int_equal(sw_project_set_value(ed, "version", "1"), SW_EINVAL);
	assert_non_null(strstr(sw_error_last(), "value.type"));
	assert_non_null(strstr(sw_error_last(), "pyproject.toml:3:"));
	expect_text(ed, HEAD);
	sw_project_editor_free(ed);
	ed = open_text("[project]\nname = \n");
	assert_int_equal(sw_project_dep_add(ed, "a", NULL, NULL), SW_EPARSE);
	assert_non_null(strstr(sw_error_last(), "pyproject.toml:2:8:"));
	sw_project_editor_free(ed);
	/* the same error once more: listed although an equal one was there */
	ed = open_text(HEAD "dependencies = [\"bad req!\"]\n");
	assert_int_equal(sw_project_set_value(ed, "dependencies", "[\"bad req!\", \"bad req!\"]"),
	                 SW_EINVAL);
	assert_non_null(strstr(sw_error_last(), "requirement.invalid"));
	sw_project_editor_free(ed);
	/* a file already invalid may still be edited if no error is added */
	ed = open_text(HEAD "dependencies = [\"bad req!\"]\n");
	assert_int_equal(sw_project_set_string(ed, "description", "d"), 0);
	sw_project_editor_free(ed);
}

static void test_undo_redo(void **state)
{
	sw_project_editor *ed = open_text(HEAD);
	(void)state;
	assert_int_equal(sw_project_editor_undo(ed), SW_ENOTFOUND);
	assert_int_equal(sw_project_dep_add(ed, "b", NULL, NULL), 0);
	assert_int_equal(sw_project_dep_add(ed, "a", NULL, NULL), 0);
	expect_text(ed, HEAD "dependencies = [\"a\", \"b\"]\n");
	assert_int_equal(sw_project_editor_undo(ed), 0);
	assert_int_equal(sw_project_editor_undo(ed), 0);
	expect_text(ed, HEAD);
	assert_int_equal(sw_project_editor_redo(ed), 0);
	expect_text(ed, HEAD "dependencies = [\"b\"]\n");
	/* a new edit clears redo */
	assert_int_equal(sw_project_dep_add(ed, "c", NULL, NULL), 0);
	assert_int_equal(sw_project_editor_redo_depth(ed), 0);
	assert_int_equal(sw_project_editor_redo(ed), SW_ENOTFOUND);
	expect_text(ed, HEAD "dependencies = [\"b\", \"c\"]\n");
	/* the stack is bounded */
	for (int i = 0; i < SW_PROJECT_UNDO_MAX + 5; i++) {
		char v[32];
		snprintf(v, sizeof(v), "%d.0", i + 2);
		assert_int_equal(sw_project_set_string(ed, "version", v), 0);
	}
	assert_int_equal(sw_project_editor_undo_depth(ed), SW_PROJECT_UNDO_MAX);
	sw_project_editor_free(ed);
}

static void test_readme(void **state)
{
	sw_project_editor *ed = open_text(HEAD "readme = \"README.md\"\n");
	(void)state;
	assert_int_equal(sw_project_set_readme(ed, "README.rst", "text/x-rst; charset=UTF-8"), 0);
	expect_text(ed, HEAD "readme = {file = \"README.rst\", content-type = \"text/x-rst; "
	                     "charset=UTF-8\"}\n");
	assert_int_equal(sw_project_set_readme(ed, "README.md", NULL), 0);
	expect_text(ed, HEAD "readme = \"README.md\"\n");
	assert_int_equal(sw_project_set_readme(ed, "README.md", "text/html"), SW_EINVAL);
	expect_text(ed, HEAD "readme = \"README.md\"\n");
	sw_project_editor_free(ed);
}

static void test_people(void **state)
{
	sw_project_editor *ed = open_text(HEAD);
	char *name, *email;
	(void)state;
	assert_int_equal(sw_person_parse(&name, &email, " Ada Lovelace <ada@example.org> "), 0);
	assert_string_equal(name, "Ada Lovelace");
	assert_string_equal(email, "ada@example.org");
	assert_int_equal(sw_project_person_add(ed, "authors", name, email), 0);
	sw_free(name);
	sw_free(email);
	assert_int_equal(sw_person_parse(&name, &email, "bob@example.org"), 0);
	assert_null(name);
	assert_int_equal(sw_project_person_add(ed, "authors", NULL, email), 0);
	sw_free(email);
	expect_text(ed, HEAD "authors = [{name = \"Ada Lovelace\", email = \"ada@example.org\"}, "
	                     "{email = \"bob@example.org\"}]\n");
	assert_int_equal(sw_project_person_add(ed, "authors", "Ada Lovelace", "ada@example.org"),
	                 SW_EEXISTS);
	assert_int_equal(sw_project_person_remove(ed, "authors", "Ada Lovelace"), 0);
	expect_text(ed, HEAD "authors = [{email = \"bob@example.org\"}]\n");
	assert_int_equal(sw_person_parse(&name, &email, "A, B <x@y>"), SW_EINVAL);
	assert_int_equal(sw_person_parse(&name, &email, "A <not-an-email>"), SW_EINVAL);
	assert_int_equal(sw_person_parse(&name, &email, "A <a@b> trailing"), SW_EINVAL);
	sw_project_editor_free(ed);
}

static void test_diff(void **state)
{
	sw_buf out;
	const char *a = "1\n2\n3\n4\n5\n6\n7\n8\n", *b = "1\n2\n3\n4\nfive\n6\n7\n8\n";
	(void)state;
	sw_buf_init(&out, 1 << 20);
	assert_int_equal(sw_text_diff(&out, "p.toml", a, strlen(a), b, strlen(b)), 0);
	assert_string_equal(sw_buf_cstr(&out), "--- a/p.toml\n+++ b/p.toml\n@@ -2,7 +2,7 @@\n"
	                                       " 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
	sw_buf_clear(&out);
	assert_int_equal(sw_text_diff(&out, "x", "a\n", 2, "a\nb\n", 4), 0);
	assert_string_equal(sw_buf_cstr(&out), "--- a/x\n+++ b/x\n@@ -1,1 +1,2 @@\n a\n+b\n");
	sw_buf_clear(&out);
	assert_int_equal(sw_text_diff(&out, "x", "a\n", 2, "a\n", 2), 0);
	assert_int_equal(out.len, 0);
	sw_buf_free(&out);
}

/* Writes `text` to a new temporary file; returns its path (static). */
static const char *temp_file(const char *text)
{
	static char path[64];
	FILE *f;
	int fd;
	snprintf(path, sizeof(path), "/tmp/sw-edit-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static char *read_all(const char *path)
{
	char *text = NULL;
	size_t len;
	assert_int_equal(sw_file_read(&text, &len, NULL, path, 1 << 20), 0);
	return text;
}

static void test_save_and_conflict(void **state)
{
	const char *path = temp_file(HEAD);
	sw_project_editor *ed = NULL;
	char *text;
	FILE *f;
	(void)state;
	assert_int_equal(sw_project_editor_open(&ed, path), 0);
	assert_int_equal(sw_project_dep_add(ed, "attrs", NULL, NULL), 0);
	assert_int_equal(sw_project_editor_dirty(ed), 1);
	assert_int_equal(sw_project_editor_save(ed), 0);
	assert_int_equal(sw_project_editor_dirty(ed), 0);
	text = read_all(path);
	assert_string_equal(text, HEAD "dependencies = [\"attrs\"]\n");
	sw_free(text);
	/* someone else changes the file: the save is refused, their text stays */
	assert_int_equal(sw_project_dep_add(ed, "click", NULL, NULL), 0);
	f = fopen(path, "w");
	fputs(HEAD "# theirs, and longer\n", f);
	fclose(f);
	assert_int_equal(sw_project_editor_save(ed), SW_ECONFLICT);
	assert_non_null(strstr(sw_error_last(), "changed on disk"));
	assert_non_null(strstr(sw_error_last(), "Reload"));
	text = read_all(path);
	assert_string_equal(text, HEAD "# theirs, and longer\n");
	sw_free(text);
	sw_project_editor_free(ed);
	unlink(path);
	/* a buffer cannot be saved */
	ed = open_text(HEAD);
	assert_int_equal(sw_project_editor_save(ed), SW_EINVAL);
	sw_project_editor_free(ed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_vectors),
	        cmocka_unit_test(test_refusals),
	        cmocka_unit_test(test_refusal_messages),
	        cmocka_unit_test(test_undo_redo),
	        cmocka_unit_test(test_readme),
	        cmocka_unit_test(test_people),
	        cmocka_unit_test(test_diff),
	        cmocka_unit_test(test_save_and_conflict),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
