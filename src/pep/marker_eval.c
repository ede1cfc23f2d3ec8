/*
 * pep/marker_eval.c — marker environments and evaluation, with packaging
 * 25.0's rules (markers.py: _evaluate_markers, _eval_op, _normalize). Where
 * SPECS.md §8.5 describes the standard differently, this follows what
 * packaging 25.0 actually does:
 *  - every comparison, whatever the variable, is first tried as the
 *    specifier OP+VALUE (so `os_name == "1.0"` compares versions); if that
 *    specifier is valid but the variable's value is not a version, the
 *    evaluation fails (InvalidVersion), no string fallback;
 *  - otherwise Python string operators: <, <=, >, >= are lexicographic,
 *    `in` is substring containment, even for version variables;
 *  - `~=` and `===` between strings fail (UndefinedComparison) rather than
 *    meaning `==`;
 *  - all comparisons are evaluated (no short circuit), so one failing
 *    comparison fails the marker even if the rest decides it.
 */
#include <string.h>
#include <sys/utsname.h>

#include "pep/marker_int.h"
#include "pep/pep508_int.h"
#include "util/util.h"

static const char *const var_names[SW_MV_COUNT] = {
        [SW_MV_IMPLEMENTATION_NAME] = "implementation_name",
        [SW_MV_IMPLEMENTATION_VERSION] = "implementation_version",
        [SW_MV_OS_NAME] = "os_name",
        [SW_MV_PLATFORM_MACHINE] = "platform_machine",
        [SW_MV_PLATFORM_PYTHON_IMPLEMENTATION] = "platform_python_implementation",
        [SW_MV_PLATFORM_RELEASE] = "platform_release",
        [SW_MV_PLATFORM_SYSTEM] = "platform_system",
        [SW_MV_PLATFORM_VERSION] = "platform_version",
        [SW_MV_PYTHON_FULL_VERSION] = "python_full_version",
        [SW_MV_PYTHON_VERSION] = "python_version",
        [SW_MV_SYS_PLATFORM] = "sys_platform",
        [SW_MV_EXTRA] = "extra",
        [SW_MV_EXTRAS] = "extras",
        [SW_MV_DEPENDENCY_GROUPS] = "dependency_groups",
};

/* What sw_marker_env_default() cannot learn without running Python. */
static const struct {
	enum sw_marker_var var;
	const char *value;
} fixed_defaults[] = {
        {SW_MV_IMPLEMENTATION_NAME, "cpython"},
        {SW_MV_IMPLEMENTATION_VERSION, "3.11.0"},
        {SW_MV_OS_NAME, "posix"},
        {SW_MV_PLATFORM_PYTHON_IMPLEMENTATION, "CPython"},
        {SW_MV_PYTHON_FULL_VERSION, "3.11.0"},
        {SW_MV_PYTHON_VERSION, "3.11"},
        {SW_MV_EXTRA, ""},
};

/* Results of a string comparison for strcmp() <0, ==0, >0, by operator. */
static const unsigned char string_cmp[][3] = {
        [MK_EQ] = {0, 1, 0}, [MK_NE] = {1, 0, 1}, [MK_LE] = {1, 1, 0},
        [MK_GE] = {0, 1, 1}, [MK_LT] = {1, 0, 0}, [MK_GT] = {0, 0, 1},
};

const char *sw_marker_var_name(enum sw_marker_var var)
{
	return (unsigned)var < SW_MV_COUNT ? var_names[var] : "";
}

void sw_marker_env_clear(sw_marker_env *env)
{
	memset(env, 0, sizeof(*env));
}

/* Copies `src` into a fixed field, truncating, and returns the field. */
static const char *store(sw_marker_env *env, size_t slot, const char *src)
{
	size_t n = strnlen(src, SW_MARKER_ENV_FIELD_MAX - 1);
	memcpy(env->own[slot], src, n);
	env->own[slot][n] = '\0';
	return env->own[slot];
}

/* sys.platform as CPython derives it from the build system's uname. */
static const char *sys_platform(sw_marker_env *env, const struct utsname *u)
{
#if defined(__linux__)
	(void)u;
	return store(env, 4, "linux");
#elif defined(__APPLE__)
	(void)u;
	return store(env, 4, "darwin");
#else
	char *p = env->own[4];
	size_t n = 0;
	for (const char *s = u->sysname; *s && n + 1 < SW_MARKER_ENV_FIELD_MAX; s++)
		p[n++] = (*s >= 'A' && *s <= 'Z') ? (char)(*s - 'A' + 'a') : *s;
	for (const char *s = u->release; *s && *s != '.' && n + 1 < SW_MARKER_ENV_FIELD_MAX; s++)
		p[n++] = *s;
	p[n] = '\0';
	return p;
#endif
}

void sw_marker_env_default(sw_marker_env *env)
{
	struct utsname u;
	sw_marker_env_clear(env);
	for (size_t i = 0; i < SW_ARRAY_LEN(fixed_defaults); i++)
		env->value[fixed_defaults[i].var] = fixed_defaults[i].value;
	if (uname(&u) != 0)
		memset(&u, 0, sizeof(u));
	env->value[SW_MV_PLATFORM_MACHINE] = store(env, 0, u.machine);
	env->value[SW_MV_PLATFORM_RELEASE] = store(env, 1, u.release);
	env->value[SW_MV_PLATFORM_SYSTEM] = store(env, 2, u.sysname);
	env->value[SW_MV_PLATFORM_VERSION] = store(env, 3, u.version);
	env->value[SW_MV_SYS_PLATFORM] = sys_platform(env, &u);
}

int sw_marker_env_set(sw_marker_env *env, const char *name, const char *value)
{
	for (size_t i = 0; i < SW_MV_COUNT; i++) {
		if (strcmp(var_names[i], name) == 0) {
			env->value[i] = value;
			return 0;
		}
	}
	return sw_error_set(SW_ENOTFOUND, "'%s' is not a marker variable", name);
}

/* Appends the environment's value for `key` (as packaging's dict lookup,
 * with _repair_python_full_version's "+" -> "+local"). */
static int put_env_value(sw_buf *out, const sw_marker_env *env, const char *key)
{
	for (size_t i = 0; i < SW_MV_COUNT; i++) {
		const char *v = env->value[i];
		if (strcmp(var_names[i], key) != 0)
			continue;
		if (!v)
			break;
		sw_buf_puts(out, v);
		if (i == SW_MV_PYTHON_FULL_VERSION && out->len && out->ptr[out->len - 1] == '+')
			sw_buf_puts(out, "local");
		return sw_buf_error(out);
	}
	return sw_error_set(SW_ENOTFOUND, "undefined environment name '%s'", key);
}

/* Replaces the contents of `b` by their PEP 685 normalised form. */
static int normalize_in_place(sw_buf *b, sw_buf *tmp)
{
	int err;
	sw_buf_clear(tmp);
	if ((err = sw_name_normalize(tmp, sw_buf_cstr(b), b->len)) < 0)
		return err;
	sw_buf_clear(b);
	return sw_buf_put(b, sw_buf_cstr(tmp), tmp->len);
}

/* Scratch space of one evaluation. */
struct eval {
	const sw_marker_env *env;
	sw_buf lhs, rhs, spec, tmp;
};

/* Compares lhs and rhs under `op` as packaging's _eval_op() does. */
static int eval_op(struct eval *ev, enum mk_op op, int *holds)
{
	const char *lhs = sw_buf_cstr(&ev->lhs), *rhs = sw_buf_cstr(&ev->rhs);
	size_t op_off, op_len, ver_off, ver_len;
	char op_text[4] = {0};
	int r, err;
	sw_buf_clear(&ev->spec);
	sw_buf_puts(&ev->spec, mk_op_name(op));
	if ((err = sw_buf_put(&ev->spec, rhs, ev->rhs.len)) < 0)
		return err;
	if (pep_spec_match(ev->spec.ptr, ev->spec.len, &op_off, &op_len, &ver_off, &ver_len)) {
		memcpy(op_text, ev->spec.ptr + op_off, op_len);
		ev->spec.ptr[ver_off + ver_len] = '\0';
		r = sw_specifier_check(op_text, ev->spec.ptr + ver_off, lhs);
		if (r == SW_EPARSE && strncmp(sw_error_last(), "invalid version", 15) == 0)
			return sw_error_set(SW_EPARSE, "invalid version '%s' (in %s \"%s\")", lhs,
			                    op_text, ev->spec.ptr + ver_off);
		if (r < 0)
			return r;
		*holds = r != 0;
		return 0;
	}
	if (op == MK_IN || op == MK_NOT_IN) {
		*holds = (strstr(rhs, lhs) != NULL) == (op == MK_IN);
		return 0;
	}
	if (op == MK_COMPATIBLE || op == MK_ARBITRARY)
		return sw_error_set(SW_ETYPE, "undefined comparison '%s' between '%s' and '%s'",
		                    mk_op_name(op), lhs, rhs);
	r = strcmp(lhs, rhs);
	*holds = string_cmp[op][r < 0 ? 0 : r == 0 ? 1 : 2];
	return 0;
}

/* One comparison: find which side is the environment's, look it up,
 * normalise `extra`, compare. */
static int eval_cmp(struct eval *ev, const struct mk_node *node, int *holds)
{
	const struct mk_term *l = &node->lhs, *r = &node->rhs;
	const char *key;
	int err;
	sw_buf_clear(&ev->lhs);
	sw_buf_clear(&ev->rhs);
	if (l->var) {
		key = l->var;
		err = put_env_value(&ev->lhs, ev->env, key);
		sw_buf_puts(&ev->rhs, r->var ? r->var : r->value);
	} else {
		key = r->var ? r->var : r->value;
		sw_buf_puts(&ev->lhs, l->value);
		err = put_env_value(&ev->rhs, ev->env, key);
	}
	if (err < 0 || (err = sw_buf_error(&ev->lhs)) < 0 || (err = sw_buf_error(&ev->rhs)) < 0)
		return err;
	if (strcmp(key, "extra") == 0) {
		if ((err = normalize_in_place(&ev->lhs, &ev->tmp)) < 0 ||
		    (err = normalize_in_place(&ev->rhs, &ev->tmp)) < 0)
			return err;
	}
	return eval_op(ev, node->op, holds);
}

/* any(all(group) for group in groups split at "or"), evaluating all. */
static int eval_node(struct eval *ev, const struct mk_node *node, int *holds)
{
	int any = 0, all = 1, r = 0, err;
	if (node->kind == MK_CMP)
		return eval_cmp(ev, node, holds);
	for (size_t i = 0; i < node->count; i++) {
		if (i > 0 && node->is_or[i]) {
			any |= all;
			all = 1;
		}
		if ((err = eval_node(ev, node->child[i], &r)) < 0)
			return err;
		all &= r;
	}
	*holds = any | all;
	return 0;
}

int sw_marker_evaluate(int *holds, const sw_marker *marker, const sw_marker_env *env)
{
	struct eval ev;
	int err, r = 0;
	ev.env = env;
	sw_buf_init(&ev.lhs, SW_BUF_MAX_DEFAULT);
	sw_buf_init(&ev.rhs, SW_BUF_MAX_DEFAULT);
	sw_buf_init(&ev.spec, SW_BUF_MAX_DEFAULT);
	sw_buf_init(&ev.tmp, SW_BUF_MAX_DEFAULT);
	err = eval_node(&ev, marker->root, &r);
	if (err == 0)
		*holds = r;
	sw_buf_free(&ev.lhs);
	sw_buf_free(&ev.rhs);
	sw_buf_free(&ev.spec);
	sw_buf_free(&ev.tmp);
	return err;
}
