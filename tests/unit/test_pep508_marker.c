/*
 * unit/test_pep508_marker.c — PEP 508 markers on their own: parsing and
 * printing (str(Marker(...))), evaluation against two fixed environments,
 * and environments themselves. Expected values come from packaging 25.0
 * (Marker(...), str(), evaluate(environment)); where packaging raises,
 * the expected code is the matching SW_E* (KeyError -> SW_ENOTFOUND,
 * InvalidVersion -> SW_EPARSE, UndefinedComparison -> SW_ETYPE).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/utsname.h>

#include <cmocka.h>

#include "slipway/pep508.h"
#include "util/util.h"

/* input, str(Marker(input)) or NULL if packaging refuses it */
static const struct {
	const char *input, *canonical;
} format_vectors[] = {
        {"os_name==\"a\"", "os_name == \"a\""},
        {" os_name == \"a\" ", "os_name == \"a\""},
        {"(os_name==\"a\")", "os_name == \"a\""},
        {"((os_name == \"a\" or os_name == \"b\")) and python_version > \"3\"",
         "os_name == \"a\" or os_name == \"b\" and python_version > \"3\""},
        {"os_name == \"a\" and (os_name == \"b\" or (extra == \"X_y\"))",
         "os_name == \"a\" and (os_name == \"b\" or extra == \"X_y\")"},
        {"extra==\"X_y\" and os_name==\"a\"", "extra == \"x-y\" and os_name == \"a\""},
        {"\"X_y\"==extra", "\"x-y\" == extra"},
        {"os.name=='a' or sys.platform=='b' or platform.machine=='c' or platform.version=='d'",
         "os_name == \"a\" or sys_platform == \"b\" or platform_machine == \"c\" or "
         "platform_version == \"d\""},
        {"python_implementation=='x' and platform.python_implementation == 'y'",
         "platform_python_implementation == \"x\" and platform_python_implementation == \"y\""},
        {"'a'in os_name", "\"a\" in os_name"},
        {"os_name not in'a'", "os_name not in \"a\""},
        {"os_name   not   in 'a'", "os_name not in \"a\""},
        {"extra==extra", "extra == \"extra\""},
        {"(extra==os_name)", "extra == os_name"},
        {"python_version=='3.8'\n", "python_version == \"3.8\""},
        {"os_name=='a'and(os_name=='b'or os_name=='c')and os_name=='d'",
         "os_name == \"a\" and (os_name == \"b\" or os_name == \"c\") and os_name == \"d\""},
        {"(((os_name=='a')))", "os_name == \"a\""},
        {"(os_name=='a' and os_name=='b')", "os_name == \"a\" and os_name == \"b\""},
        {"os_name == ''", "os_name == \"\""},
        {"", NULL},
        {"os_name == 'a' or", NULL},
        {"os_name == 'a' os_name", NULL},
        {"'3.4' < python_version < '3.9'", NULL},
        {"python_version", NULL},
        {"os_name == 'a'\n\n", NULL},
        {"os_name == \"a\\\"", NULL},
        {"os_name not'a'", NULL},
};

static void markers_print_like_packaging(void **state)
{
	(void)state;
	for (size_t i = 0; i < SW_ARRAY_LEN(format_vectors); i++) {
		const char *in = format_vectors[i].input;
		sw_marker *m = NULL;
		sw_buf b;
		int err = sw_marker_parse(&m, in, strlen(in));
		if (!format_vectors[i].canonical) {
			if (err != SW_EPARSE)
				fail_msg("'%s' gave %d, expected SW_EPARSE", in, err);
			assert_null(m);
			continue;
		}
		if (err)
			fail_msg("'%s': %s", in, sw_error_last());
		sw_buf_init(&b, 4096);
		assert_int_equal(sw_marker_format(&b, m), 0);
		assert_string_equal(sw_buf_cstr(&b), format_vectors[i].canonical);
		sw_buf_free(&b);
		sw_marker_free(m);
	}
}

/* The fixed environments: index 0 and 1 of the vectors' expectations. */
static const char *const env_values[2][12] = {
        {"cpython", "3.11.2", "posix", "x86_64", "CPython", "6.1.0-21-amd64", "Linux",
         "#1 SMP PREEMPT_DYNAMIC Debian 6.1.90-1", "3.11.2", "3.11", "linux", ""},
        {"pypy", "7.3.13", "nt", "AMD64", "PyPy", "10", "Windows", "10.0.19045", "3.13.0+", "3.13",
         "win32", "Test_Extra"},
};

static void fill_env(sw_marker_env *env, int which)
{
	sw_marker_env_clear(env);
	for (int v = 0; v <= SW_MV_EXTRA; v++)
		env->value[v] = env_values[which][v];
}

/* marker, result in environment 0, result in environment 1 */
static const struct {
	const char *marker;
	int expect[2];
} eval_vectors[] = {
        {"python_version >= \"3.8\"", {1, 1}},
        {"python_version < \"3.8\"", {0, 0}},
        {"python_version == \"3.11\"", {1, 0}},
        {"python_version == \"3.11.0\"", {1, 0}},
        {"python_version != \"3.11\"", {0, 1}},
        {"python_version > \"3.11\"", {0, 1}},
        {"python_version ~= \"3.9\"", {1, 1}},
        {"python_version == \"3.*\"", {1, 1}},
        {"python_version == \"3.1*\"", {0, 0}},
        {"python_version < \"=3.11\"", {1, 0}},
        {"python_version in \"3.11\"", {1, 0}},
        {"python_version in \"3.1\"", {0, 0}},
        {"python_version not in \"2.7 3.6\"", {1, 1}},
        {"\"3.8\" <= python_version", {1, 1}},
        {"\"3.12\" < python_version", {0, 1}},
        {"python_full_version >= \"3.11.1\"", {1, 1}},
        {"python_full_version == \"3.13.0+local\"", {0, 1}},
        {"python_full_version < \"3.13\"", {1, 0}},
        {"python_full_version >= \"3.13.0rc1\"", {0, 1}},
        {"implementation_version >= \"3.11\"", {1, 1}},
        {"implementation_version === \"3.11.2\"", {1, 0}},
        {"python_version === \"3.11\"", {1, 0}},
        {"python_version === \"3,11\"", {0, 0}},
        {"os_name == \"posix\"", {1, 0}},
        {"os_name != \"nt\"", {1, 0}},
        {"os.name == \"nt\"", {0, 1}},
        {"os_name < \"q\"", {1, 1}},
        {"os_name >= \"posix\"", {1, 0}},
        {"os_name > \"posix\"", {0, 0}},
        {"os_name in \"posix nt\"", {1, 1}},
        {"os_name not in \"xposixy\"", {0, 1}},
        {"\"os\" in os_name", {1, 0}},
        {"os_name ~= \"posix\"", {SW_ETYPE, SW_ETYPE}},
        {"os_name === \"posix\"", {SW_EPARSE, SW_EPARSE}},
        {"sys_platform == \"linux\" or sys_platform == \"win32\"", {1, 1}},
        {"sys_platform == \"linux\" and platform_machine == \"x86_64\"", {1, 0}},
        {"platform_machine == \"AMD64\"", {0, 1}},
        {"platform_system == \"Windows\"", {0, 1}},
        {"platform_release >= \"6\"", {SW_EPARSE, 1}},
        {"platform_release == \"10\"", {SW_EPARSE, 1}},
        {"platform_version == \"1.0\"", {SW_EPARSE, 0}},
        {"platform_python_implementation == \"CPython\"", {1, 0}},
        {"python_implementation == \"PyPy\"", {0, 1}},
        {"implementation_name == \"cpython\"", {1, 0}},
        {"platform.machine in \"x86_64 AMD64\"", {1, 1}},
        {"extra == \"test-extra\"", {0, 1}},
        {"extra == \"Test.Extra\"", {0, 1}},
        {"extra == \"TEST__EXTRA\"", {0, 1}},
        {"extra != \"test_extra\"", {1, 0}},
        {"\"test-extra\" == extra", {0, 1}},
        {"extra == \"security\"", {0, 0}},
        {"extra == \"\"", {1, 0}},
        {"extra == \"1.0\"", {SW_EPARSE, SW_EPARSE}},
        {"extra in \"test-extra-2\"", {1, 1}},
        {"os_name == \"posix\" and python_version >= \"3.8\" or extra == \"test-extra\"", {1, 1}},
        {"os_name == \"nt\" and (python_version >= \"3.8\" or extra == \"test-extra\")", {0, 1}},
        {"(os_name == \"nt\" or os_name == \"posix\") and (python_version < \"3\")", {0, 0}},
        {"os_name == \"posix\" or os_name == \"nt\" and python_version < \"3\"", {1, 0}},
        {"os_name == \"posix\" or extras == \"x\"", {SW_ENOTFOUND, SW_ENOTFOUND}},
        {"dependency_groups == \"dev\"", {SW_ENOTFOUND, SW_ENOTFOUND}},
        {"\"posix\" == \"posix\"", {SW_ENOTFOUND, SW_ENOTFOUND}},
        {"\"a\" == \"b\"", {SW_ENOTFOUND, SW_ENOTFOUND}},
        {"\"3.8\" == \"python_version\"", {0, 0}},
        {"python_version == os_name", {0, 0}},
        {"os_name == os_name", {0, 0}},
        {"os_name == \"\"", {0, 0}},
        {"platform_version >= \"10\"", {SW_EPARSE, 1}},
        {"platform_release < \"7\"", {SW_EPARSE, 0}},
};

static void markers_evaluate_like_packaging(void **state)
{
	(void)state;
	for (int e = 0; e < 2; e++) {
		sw_marker_env env;
		fill_env(&env, e);
		for (size_t i = 0; i < SW_ARRAY_LEN(eval_vectors); i++) {
			const char *in = eval_vectors[i].marker;
			sw_marker *m = NULL;
			int holds = -1, err;
			if (sw_marker_parse(&m, in, strlen(in)) != 0)
				fail_msg("'%s': %s", in, sw_error_last());
			err = sw_marker_evaluate(&holds, m, &env);
			if ((err < 0 ? err : holds) != eval_vectors[i].expect[e])
				fail_msg("'%s' in environment %d: got %d (%s), expected %d", in, e,
				         err < 0 ? err : holds, err < 0 ? sw_error_last() : "",
				         eval_vectors[i].expect[e]);
			sw_marker_free(m);
		}
	}
}

static void markers_report_undefined_names(void **state)
{
	sw_marker_env env;
	sw_marker *m = NULL;
	const char *in = "python_version >= '3' and extras == 'x'";
	int holds = 7;
	(void)state;
	fill_env(&env, 0);
	assert_int_equal(sw_marker_parse(&m, in, strlen(in)), 0);
	assert_int_equal(sw_marker_evaluate(&holds, m, &env), SW_ENOTFOUND);
	assert_string_equal(sw_error_last(), "undefined environment name 'extras'");
	assert_int_equal(holds, 7);
	env.value[SW_MV_PYTHON_VERSION] = NULL;
	assert_int_equal(sw_marker_evaluate(&holds, m, &env), SW_ENOTFOUND);
	assert_string_equal(sw_error_last(), "undefined environment name 'python_version'");
	sw_marker_free(m);
}

static void environments_default_and_set(void **state)
{
	sw_marker_env env;
	struct utsname u;
	(void)state;
	assert_int_equal(uname(&u), 0);
	sw_marker_env_default(&env);
	assert_string_equal(env.value[SW_MV_PLATFORM_SYSTEM], u.sysname);
	assert_string_equal(env.value[SW_MV_PLATFORM_MACHINE], u.machine);
	assert_string_equal(env.value[SW_MV_PLATFORM_RELEASE], u.release);
	assert_string_equal(env.value[SW_MV_OS_NAME], "posix");
	assert_string_equal(env.value[SW_MV_PYTHON_VERSION], "3.11");
	assert_string_equal(env.value[SW_MV_PYTHON_FULL_VERSION], "3.11.0");
	assert_string_equal(env.value[SW_MV_IMPLEMENTATION_NAME], "cpython");
	assert_string_equal(env.value[SW_MV_EXTRA], "");
	assert_null(env.value[SW_MV_EXTRAS]);
	assert_null(env.value[SW_MV_DEPENDENCY_GROUPS]);
#ifdef __linux__
	assert_string_equal(env.value[SW_MV_SYS_PLATFORM], "linux");
#endif
	assert_int_equal(sw_marker_env_set(&env, "python_version", "3.8"), 0);
	assert_string_equal(env.value[SW_MV_PYTHON_VERSION], "3.8");
	assert_int_equal(sw_marker_env_set(&env, "os.name", "nt"), SW_ENOTFOUND);
	assert_string_equal(sw_marker_var_name(SW_MV_PLATFORM_PYTHON_IMPLEMENTATION),
	                    "platform_python_implementation");
	assert_string_equal(sw_marker_var_name(SW_MV_COUNT), "");
	sw_marker_env_clear(&env);
	for (int v = 0; v < SW_MV_COUNT; v++)
		assert_null(env.value[v]);
}

/* Quoted strings decode as ast.literal_eval() does. */
static const struct {
	const char *quoted, *value;
} string_vectors[] = {
        {"'abc'", "abc"},
        {"\"\\x41\\u00e9\\U0001F600\"", "A\xC3\xA9\xF0\x9F\x98\x80"},
        {"'\\101\\7\\777'", "A\a\xC7\xBF"},
        {"'\\a\\b\\f\\n\\r\\t\\v\\\\\\\"'", "\a\b\f\n\r\t\v\\\""},
        {"\"\\'\"", "'"},
        {"'a\\db\\8'", "a\\db\\8"},
        {"'a\\\nb'", "ab"},
        {"'a\\\r\nb'", "ab"},
        {"'a\\\rb'", "ab"},
        {"'\xC3\xA9\\\xC3\xA9'", "\xC3\xA9\\\xC3\xA9"},
        {"'\\x4'", NULL},
        {"'\\u12'", NULL},
        {"'\\U00110000'", NULL},
        {"'a\\'", NULL},
        {"'a\nb'", NULL},
        {"'a\rb'", NULL},
        {"'\\N{DIGIT ONE}'", NULL},
        {"'\\0'", NULL},
        {"'\\ud800'", NULL},
};

static void strings_decode_like_python(void **state)
{
	(void)state;
	for (size_t i = 0; i < SW_ARRAY_LEN(string_vectors); i++) {
		sw_marker *m = NULL;
		sw_buf in, out;
		sw_buf_init(&in, 256);
		sw_buf_init(&out, 256);
		sw_buf_puts(&in, "os_name == ");
		sw_buf_puts(&in, string_vectors[i].quoted);
		if (!string_vectors[i].value) {
			assert_int_equal(sw_marker_parse(&m, in.ptr, in.len), SW_EPARSE);
		} else {
			if (sw_marker_parse(&m, in.ptr, in.len) != 0)
				fail_msg("%s: %s", in.ptr, sw_error_last());
			sw_marker_format(&out, m);
			assert_true(out.len > 12);
			assert_memory_equal(out.ptr + 12, string_vectors[i].value,
			                    strlen(string_vectors[i].value));
			assert_int_equal(out.len, 13 + strlen(string_vectors[i].value));
		}
		sw_marker_free(m);
		sw_buf_free(&in);
		sw_buf_free(&out);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(markers_print_like_packaging),
	        cmocka_unit_test(markers_evaluate_like_packaging),
	        cmocka_unit_test(markers_report_undefined_names),
	        cmocka_unit_test(environments_default_and_set),
	        cmocka_unit_test(strings_decode_like_python),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
