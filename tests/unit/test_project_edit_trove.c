/*
 * unit/test_project_edit_trove.c — the editor and a newer trove list (the
 * cache of `slipway classifiers --refresh`): a classifier that the shipped
 * list lacks is refused, with a hint to refresh, until the editor is given
 * a list that has it; then it is added like any other.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "slipway/project_edit.h"
#include "slipway/trove.h"

#define NEW_CLASSIFIER "Programming Language :: Python :: 3.99"

static const char doc[] = "[project]\n"
                          "name = \"demo\"\n"
                          "version = \"1.0\"\n"
                          "classifiers = [\n"
                          "    \"Programming Language :: Python :: 3\",\n"
                          "]\n";

static const char want[] = "[project]\n"
                           "name = \"demo\"\n"
                           "version = \"1.0\"\n"
                           "classifiers = [\n"
                           "    \"Programming Language :: Python :: 3\",\n"
                           "    \"" NEW_CLASSIFIER "\",\n"
                           "]\n";

static void shipped_list_refuses_new_classifier(void **state)
{
	sw_project_editor *ed = NULL;
	size_t len;
	(void)state;
	assert_int_equal(sw_project_editor_open_buffer(&ed, doc, strlen(doc), NULL, NULL), 0);
	assert_int_equal(sw_project_list_add(ed, "classifiers", NEW_CLASSIFIER), SW_EINVAL);
	assert_non_null(strstr(sw_error_last(), "slipway classifiers --refresh"));
	assert_string_equal(sw_project_editor_text(ed, &len), doc);
	sw_project_editor_free(ed);
}

static void newer_list_accepts_new_classifier(void **state)
{
	static const char list_text[] = "Programming Language :: Python :: 3\n" NEW_CLASSIFIER "\n";
	sw_project_editor *ed = NULL;
	sw_trove_list list;
	size_t len;
	(void)state;
	assert_int_equal(sw_trove_list_parse(&list, list_text, strlen(list_text), 1), 0);
	assert_int_equal(sw_project_editor_open_buffer(&ed, doc, strlen(doc), NULL, NULL), 0);
	assert_int_equal(sw_project_editor_set_trove_extra(ed, &list), 0);
	assert_int_equal(sw_project_list_add(ed, "classifiers", NEW_CLASSIFIER), 0);
	assert_string_equal(sw_project_editor_text(ed, &len), want);
	assert_int_equal(sw_project_list_add(ed, "classifiers", "Programming Langauge :: Python"),
	                 SW_EINVAL);
	assert_non_null(strstr(sw_error_last(), "and the cache"));
	assert_string_equal(sw_project_editor_text(ed, &len), want);
	sw_project_editor_free(ed);
	sw_trove_list_free(&list);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(shipped_list_refuses_new_classifier),
	        cmocka_unit_test(newer_list_accepts_new_classifier),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
