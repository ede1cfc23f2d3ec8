/*
 * unit/test_bump_plan.c — the bump arithmetic (slipway/bump.h) against
 * uv's documented behaviour. The expected values come from uv's own
 * documentation and tests of `uv version --bump` (the VersionBump help
 * texts and the mdtest file "Version Basics": 1.10.31 patch -> 1.10.32,
 * 9!2.3.4a5.post6.dev7+deadbeef6 beta -> 9!2.3.4b1+deadbeef6, --bump alpha
 * --bump dev refused, 2.3.4 alpha "didn't increase", ...) and from the
 * rules of crates/uv-pep440 Version::bump applied by hand to every kind
 * of start version: final, pre, post, dev, epochs, local labels, short
 * and long releases, numbers beyond 64 bits, non-normal spellings. Then
 * --set, `next` for the picker, step parsing, and an allocation sweep.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "support/failing_alloc.h"

#include "slipway/bump.h"

#define MAXS 3

struct vec {
	const char *start;
	const char *steps[MAXS]; /* "kind" or "kind=N" */
	const char *want;        /* the result, or NULL for a refusal */
	int err;                 /* the refusal's code */
};

static const struct vec vecs[] = {
        /* uv's mdtest "Version Basics" */
        {"1.10.31", {"patch"}, "1.10.32", 0},
        {"1.10.31", {"patch=40"}, "1.10.40", 0},
        {"1.2.3", {"minor=10"}, "1.10.0", 0},
        {"1.10.31", {"minor"}, "1.11.0", 0},
        {"1.10.31", {"major"}, "2.0.0", 0},
        {"2.3.4", {"major=7"}, "7.0.0", 0},
        {"9!2.3.4a5.post6.dev7+deadbeef6", {"alpha"}, "9!2.3.4a6+deadbeef6", 0},
        {"9!2.3.4a5.post6.dev7+deadbeef6", {"beta"}, "9!2.3.4b1+deadbeef6", 0},
        {"1.2.3b4", {"beta=42"}, "1.2.3b42", 0},
        {"9!2.3.4a5.post6.dev7+deadbeef6", {"rc"}, "9!2.3.4rc1+deadbeef6", 0},
        {"9!2.3.4a5.post6.dev7+deadbeef6", {"post"}, "9!2.3.4a5.post7+deadbeef6", 0},
        {"9!2.3.4a5.post6.dev7+deadbeef6", {"dev"}, "9!2.3.4a5.post6.dev8+deadbeef6", 0},
        {"9!2.3.4a5.post6.dev7+deadbeef6", {"stable"}, "9!2.3.4+deadbeef6", 0},
        {"0.0.12", {"patch=11"}, NULL, SW_EREFUSED},
        {"0.1.0.dev4", {"dev=42"}, "0.1.0.dev42", 0},
        {"1.2.3", {"beta=5", "patch"}, "1.2.4b5", 0},
        {"1.2.3.post4.dev9", {"post=10"}, "1.2.3.post10", 0},
        {"2.3.4.post6", {"stable"}, NULL, SW_EREFUSED},
        {"2.3.4", {"major", "major"}, NULL, SW_EINVAL},
        {"2.3.4", {"alpha", "alpha"}, NULL, SW_EINVAL},
        {"2.3.4", {"major", "alpha"}, "3.0.0a1", 0},
        {"2.3.4", {"alpha", "dev"}, NULL, SW_EINVAL},
        {"2.3.4", {"major", "dev"}, "3.0.0.dev1", 0},
        {"2.3.4", {"major", "post"}, NULL, SW_EINVAL},
        {"2.3.4", {"stable", "major"}, NULL, SW_EINVAL},
        {"0.1", {"patch"}, "0.1.1", 0},
        {"0.1", {"minor"}, "0.2", 0},
        {"0.1", {"major"}, "1.0", 0},
        {"1.10.31.dev10", {"major"}, "2.0.0", 0},
        {"1.10.31.post10", {"major"}, "2.0.0", 0},
        {"2.3.4b5", {"alpha"}, NULL, SW_EREFUSED},
        {"2.3.4", {"alpha"}, NULL, SW_EREFUSED},
        {"0.0.1", {"patch", "dev=66463664"}, "0.0.2.dev66463664", 0},
        /* uv's VersionBump help texts */
        {"1.2.3", {"major"}, "2.0.0", 0},
        {"1.2.3", {"minor"}, "1.3.0", 0},
        {"1.2.3", {"patch"}, "1.2.4", 0},
        {"1.2.3b4.post5.dev6", {"stable"}, "1.2.3", 0},
        {"1.2.3a4", {"alpha"}, "1.2.3a5", 0},
        {"1.2.3b4", {"beta"}, "1.2.3b5", 0},
        {"1.2.3rc4", {"rc"}, "1.2.3rc5", 0},
        {"1.2.3", {"major", "beta"}, "2.0.0b1", 0},
        {"1.2.3", {"major", "rc"}, "2.0.0rc1", 0},
        {"1.2.3.post5", {"post"}, "1.2.3.post6", 0},
        /* the rules by hand: final starts */
        {"1.2.3", {"beta", "minor"}, "1.3.0b1", 0},
        {"1.2.3", {"post"}, "1.2.3.post1", 0},
        {"1.2.3", {"dev"}, NULL, SW_EREFUSED},
        {"1.2.3", {"patch", "dev"}, "1.2.4.dev1", 0},
        {"1.2.3", {"stable"}, NULL, SW_EREFUSED},
        {"1.2.3.4", {"minor"}, "1.3.0.0", 0},
        {"1.9", {"minor"}, "1.10", 0},
        {"1", {"patch"}, "1.0.1", 0},
        {"1", {"minor"}, "1.1", 0},
        {"0", {"major"}, "1", 0},
        {"99999999999999999999", {"major"}, "100000000000000000000", 0},
        {"1.18446744073709551615", {"minor"}, "1.18446744073709551616", 0},
        /* pre-release starts */
        {"1.2.3a1", {"patch"}, "1.2.4", 0},
        {"1.2.3a1", {"stable"}, "1.2.3", 0},
        {"1.2.3a1", {"beta"}, "1.2.3b1", 0},
        {"1.2.3b2", {"rc"}, "1.2.3rc1", 0},
        {"1.2.3rc1", {"beta"}, NULL, SW_EREFUSED},
        {"1.2.3a1", {"post"}, "1.2.3a1.post1", 0},
        {"1.2.3a1", {"dev"}, "1.2.3a1.dev1", SW_EREFUSED},
        {"1.2.3rc9", {"rc"}, "1.2.3rc10", 0},
        {"1.2.3rc1", {"minor", "alpha"}, "1.3.0a1", 0},
        /* post-release starts */
        {"1.2.3.post1", {"patch"}, "1.2.4", 0},
        {"1.2.3.post1", {"alpha"}, NULL, SW_EREFUSED},
        {"1.2.3.post1", {"patch", "rc"}, "1.2.4rc1", 0},
        {"1.2.3.post1.dev2", {"post"}, "1.2.3.post2", 0},
        {"1.2.3.post1.dev2", {"dev"}, "1.2.3.post1.dev3", 0},
        {"1.2.3.post1.dev2", {"stable"}, "1.2.3", SW_EREFUSED},
        /* dev-release starts */
        {"1.2.3.dev1", {"dev"}, "1.2.3.dev2", 0},
        {"1.2.3.dev1", {"stable"}, "1.2.3", 0},
        {"1.2.3.dev1", {"alpha"}, "1.2.3a1", 0},
        {"1.2.3.dev1", {"post"}, "1.2.3.post1", 0},
        {"1.2.3a4.dev6", {"dev"}, "1.2.3a4.dev7", 0},
        {"1.2.3a4.dev6", {"alpha"}, "1.2.3a5", 0},
        {"1.2.3a4.dev6", {"stable"}, "1.2.3", 0},
        {"1.2.3a4.dev6", {"patch"}, "1.2.4", 0},
        /* epochs */
        {"1!1.0", {"major"}, "1!2.0", 0},
        {"2!0.9.post1", {"post"}, "2!0.9.post2", 0},
        {"0!1.0", {"minor"}, "1.1", 0},
        {"1!1.0rc1", {"stable"}, "1!1.0", 0},
        /* local labels are kept */
        {"1.0+abc.5", {"major"}, "2.0+abc.5", 0},
        {"1.0a1+local", {"alpha"}, "1.0a2+local", 0},
        {"1.0+ubuntu.1", {"post"}, "1.0.post1+ubuntu.1", 0},
        /* other spellings are read, the result is normal */
        {"v1.0-ALPHA", {"alpha"}, "1.0a1", 0},
        {"1.0.post", {"post"}, "1.0.post1", 0},
        {"1.0-1", {"post"}, "1.0.post2", 0},
        {"1.0c1", {"rc"}, "1.0rc2", 0},
        {" 1.0.0-preview.2 ", {"rc"}, "1.0.0rc3", 0},
        {"007.010", {"minor"}, "7.11", 0},
        {"1.2.3", {"minor=007"}, "1.7.0", 0},
        /* not PEP 440 */
        {"banana", {"patch"}, NULL, SW_EPARSE},
        {"1.0", {NULL}, NULL, SW_EINVAL},
};

static int parse_steps(sw_bump_step *steps, const struct vec *v)
{
	int n = 0;
	for (; n < MAXS && v->steps[n]; n++)
		assert_int_equal(sw_bump_step_parse(&steps[n], v->steps[n]), 0);
	return n;
}

static void test_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vecs) / sizeof(vecs[0]); i++) {
		const struct vec *v = &vecs[i];
		sw_bump_step steps[MAXS];
		int n = parse_steps(steps, v);
		char *out = NULL;
		int err = sw_bump_apply(&out, v->start, steps, (size_t)n, 0);
		if (v->err) {
			if (err != v->err)
				fail_msg("%s %s: got %d (%s), wanted %d", v->start,
				         v->steps[0] ? v->steps[0] : "-", err,
				         out ? out : sw_error_last(), v->err);
			assert_null(out);
		} else {
			if (err != 0)
				fail_msg("%s %s: %s", v->start, v->steps[0], sw_error_last());
			assert_string_equal(out, v->want);
		}
		sw_free(out);
		/* with allow_downgrade, a refused-for-order bump gives its value */
		if (v->err == SW_EREFUSED && v->want) {
			assert_int_equal(sw_bump_apply(&out, v->start, steps, (size_t)n, 1), 0);
			assert_string_equal(out, v->want);
			sw_free(out);
		}
	}
}

/* uv's hints for a pre-release or dev step on a final version. */
static void test_messages(void **state)
{
	sw_bump_step st;
	char *out = NULL;
	(void)state;
	assert_int_equal(sw_bump_step_parse(&st, "alpha"), 0);
	assert_int_equal(sw_bump_apply(&out, "2.3.4", &st, 1, 0), SW_EREFUSED);
	assert_non_null(strstr(sw_error_last(), "2.3.4 => 2.3.4a1 didn't increase the version"));
	assert_non_null(strstr(sw_error_last(), "--bump minor --bump beta"));
	assert_int_equal(sw_bump_step_parse(&st, "dev"), 0);
	assert_int_equal(sw_bump_apply(&out, "2.3.4", &st, 1, 0), SW_EREFUSED);
	assert_non_null(strstr(sw_error_last(), "dev release"));
}

static void test_step_parse(void **state)
{
	sw_bump_step st;
	(void)state;
	assert_int_equal(sw_bump_step_parse(&st, "rc=3"), 0);
	assert_int_equal(st.kind, SW_BUMP_RC);
	assert_string_equal(st.value, "3");
	assert_int_equal(sw_bump_step_parse(&st, "stable=1"), SW_EINVAL);
	assert_int_equal(sw_bump_step_parse(&st, "dev=foo"), SW_EINVAL);
	assert_int_equal(sw_bump_step_parse(&st, "patch="), SW_EINVAL);
	assert_int_equal(sw_bump_step_parse(&st, "micro"), SW_EINVAL);
	assert_int_equal(sw_bump_step_parse(&st, ""), SW_EINVAL);
	for (int k = 0; k < SW_BUMP_KIND_COUNT; k++) {
		assert_int_equal(sw_bump_step_parse(&st, sw_bump_kind_name((enum sw_bump_kind)k)),
		                 0);
		assert_int_equal(st.kind, k);
		assert_null(st.value);
	}
	assert_null(sw_bump_kind_name(SW_BUMP_KIND_COUNT));
}

static void test_set(void **state)
{
	char *out = NULL;
	(void)state;
	assert_int_equal(sw_bump_set(&out, "1.2.3", "V2.0-RC1", 0), 0);
	assert_string_equal(out, "2.0rc1");
	sw_free(out);
	assert_int_equal(sw_bump_set(&out, "1.2.3", "1.2.3.0", 0), SW_EREFUSED);
	assert_null(out);
	assert_int_equal(sw_bump_set(&out, "1.2.3", "1.2", 0), SW_EREFUSED);
	assert_int_equal(sw_bump_set(&out, "1.2.3", "1.2", 1), 0);
	assert_string_equal(out, "1.2");
	sw_free(out);
	assert_int_equal(sw_bump_set(&out, "1.2.3", "1.2.3+local", 0), 0);
	assert_string_equal(out, "1.2.3+local");
	sw_free(out);
	assert_int_equal(sw_bump_set(&out, "1.2.3", "one", 0), SW_EPARSE);
	assert_int_equal(sw_bump_set(&out, "x", "1.0", 0), SW_EPARSE);
}

static void test_next(void **state)
{
	static const char *const want[SW_BUMP_KIND_COUNT] = {
	        "2.0.0",   "1.3.0",    "1.2.4",         "1.2.3",       "1.2.3a2",
	        "1.2.3b1", "1.2.3rc1", "1.2.3a1.post1", "1.2.3a1.dev1"};
	static const int inc[SW_BUMP_KIND_COUNT] = {1, 1, 1, 1, 1, 1, 1, 1, 0};
	sw_bump_choice c[SW_BUMP_KIND_COUNT];
	(void)state;
	assert_int_equal(sw_bump_next(c, "1.2.3a1"), 0);
	for (int k = 0; k < SW_BUMP_KIND_COUNT; k++) {
		assert_int_equal(c[k].kind, k);
		assert_string_equal(c[k].version, want[k]);
		assert_int_equal(c[k].increases, inc[k]);
	}
	sw_bump_choices_free(c);
	assert_int_equal(sw_bump_next(c, "not a version"), SW_EPARSE);
}

/* Every allocation failure of apply and next is SW_ENOMEM, without leaks. */
static void test_alloc_sweep(void **state)
{
	sw_bump_step steps[2] = {{SW_BUMP_MINOR, NULL}, {SW_BUMP_BETA, NULL}};
	(void)state;
	for (int keep = 0; keep < 2; keep++) {
		for (long n = 1;; n++) {
			sw_bump_choice c[SW_BUMP_KIND_COUNT];
			char *out = NULL;
			int e1, e2;
			fa_arm(n, keep);
			e1 = sw_bump_apply(&out, "9!1.2.3rc4.post5.dev6+x.y", steps, 2, 0);
			e2 = sw_bump_next(c, "1.0");
			fa_disarm();
			assert_true(e1 == 0 || e1 == SW_ENOMEM);
			assert_true(e2 == 0 || e2 == SW_ENOMEM);
			if (e1 == 0)
				assert_string_equal(out, "9!1.3.0b1+x.y");
			sw_free(out);
			if (e2 == 0)
				sw_bump_choices_free(c);
			if (e1 == 0 && e2 == 0)
				break;
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_vectors),    cmocka_unit_test(test_messages),
	        cmocka_unit_test(test_step_parse), cmocka_unit_test(test_set),
	        cmocka_unit_test(test_next),       cmocka_unit_test(test_alloc_sweep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
