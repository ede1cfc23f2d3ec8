/*
 * bump/plan.c — the arithmetic of version bumps with uv's semantics (see
 * slipway/bump.h): a version's normalised form is split into spans of its
 * components, the steps are checked and sorted, each one rewrites the
 * spans (incremented numbers go to a scratch area, numbers have no size
 * limit), and the result is printed back and compared with the start.
 */
#include <string.h>

#include "slipway/bump.h"
#include "slipway/pep440.h"
#include "util/util.h"

struct span {
	const char *p;
	size_t n;
};

/* A version in normal form, as spans. Pre kinds: 0 none, 1 a, 2 b, 3 rc. */
struct bver {
	struct span epoch; /* n == 0: none */
	struct span *rel;
	size_t nrel;
	int pre;
	struct span pre_n;
	int has_post, has_dev;
	struct span post_n, dev_n;
	struct span local; /* without '+'; n == 0: none */
	char *scratch;     /* incremented numbers */
	size_t used, cap;
};

static const char *const kind_names[SW_BUMP_KIND_COUNT] = {
        "major", "minor", "patch", "stable", "alpha", "beta", "rc", "post", "dev",
};

static const char *const pre_names[] = {"", "a", "b", "rc"};

const char *sw_bump_kind_name(enum sw_bump_kind kind)
{
	return (unsigned)kind < SW_BUMP_KIND_COUNT ? kind_names[kind] : NULL;
}

static int is_digits(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int sw_bump_step_parse(sw_bump_step *out, const char *text)
{
	const char *eq = strchr(text, '=');
	size_t n = eq ? (size_t)(eq - text) : strlen(text);
	for (size_t k = 0; k < SW_BUMP_KIND_COUNT; k++) {
		if (strlen(kind_names[k]) != n || memcmp(kind_names[k], text, n) != 0)
			continue;
		out->kind = (enum sw_bump_kind)k;
		out->value = eq ? eq + 1 : NULL;
		if (eq && k == SW_BUMP_STABLE)
			return sw_error_set(SW_EINVAL, "--bump stable does not accept a value");
		if (eq && !is_digits(eq + 1, strlen(eq + 1)))
			return sw_error_set(SW_EINVAL, "invalid number '%s' for --bump %s", eq + 1,
			                    kind_names[k]);
		return 0;
	}
	return sw_error_set(SW_EINVAL,
	                    "unknown bump '%s' (major, minor, patch, stable, alpha, beta, rc, "
	                    "post, dev, optionally KIND=N)",
	                    text);
}

/* Reads digits at *pos into a span; 0 if there are none. */
static int take_num(struct span *out, const char *s, size_t *pos)
{
	size_t start = *pos;
	while (s[*pos] >= '0' && s[*pos] <= '9')
		(*pos)++;
	out->p = s + start;
	out->n = *pos - start;
	return out->n > 0;
}

static int take_word(const char *s, size_t *pos, const char *word)
{
	size_t n = strlen(word);
	if (strncmp(s + *pos, word, n) != 0)
		return 0;
	*pos += n;
	return 1;
}

/* Splits the normal form `s` (release spans go to v->rel, sized by the
 * caller). Returns 0, or -1 when `s` is not in the ASCII normal form. */
static int split_normal(struct bver *v, const char *s)
{
	size_t pos = 0;
	struct span num;
	if (!take_num(&num, s, &pos))
		return -1;
	if (s[pos] == '!') {
		v->epoch = num;
		pos++;
		if (!take_num(&num, s, &pos))
			return -1;
	}
	v->rel[v->nrel++] = num;
	while (s[pos] == '.' && s[pos + 1] >= '0' && s[pos + 1] <= '9') {
		pos++;
		take_num(&v->rel[v->nrel++], s, &pos);
	}
	for (int k = 3; k >= 1 && !v->pre; k--)
		if (take_word(s, &pos, pre_names[k]))
			v->pre = take_num(&v->pre_n, s, &pos) ? k : -1;
	if (v->pre < 0)
		return -1;
	if (take_word(s, &pos, ".post") && !(v->has_post = take_num(&v->post_n, s, &pos)))
		return -1;
	if (take_word(s, &pos, ".dev") && !(v->has_dev = take_num(&v->dev_n, s, &pos)))
		return -1;
	if (s[pos] == '+') {
		v->local.p = s + pos + 1;
		v->local.n = strlen(s + pos + 1);
		for (size_t i = 0; i < v->local.n; i++) {
			char c = v->local.p[i];
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'))
				return -1;
		}
		pos += 1 + v->local.n;
	}
	return s[pos] == '\0' ? 0 : -1;
}

/* The number one more than `num` (a missing number counts as 0), written
 * to the scratch area. */
static struct span increment(struct bver *v, struct span num)
{
	static const char zero[] = "0";
	struct span out;
	size_t n;
	char *d = v->scratch + v->used;
	if (!num.n)
		num.p = zero, num.n = 1;
	n = num.n;
	memcpy(d + 1, num.p, n);
	d[0] = '0';
	for (size_t i = n + 1; i-- > 0;) {
		if (d[i] != '9') {
			d[i]++;
			break;
		}
		d[i] = '0';
	}
	out.p = d[0] == '0' ? d + 1 : d;
	out.n = d[0] == '0' ? n : n + 1;
	v->used += n + 1;
	return out;
}

/* An explicit number without its leading zeros, or `num` incremented. */
static struct span next_num(struct bver *v, struct span num, const char *value)
{
	struct span out;
	if (!value)
		return increment(v, num);
	while (value[0] == '0' && value[1])
		value++;
	out.p = value;
	out.n = strlen(value);
	return out;
}

static void clear_below_pre(struct bver *v)
{
	v->has_post = 0;
	v->has_dev = 0;
}

/* One step of Version::bump. */
static void apply_step(struct bver *v, const sw_bump_step *st)
{
	static const struct span zero = {"0", 1};
	size_t idx;
	switch (st->kind) {
	case SW_BUMP_MAJOR:
	case SW_BUMP_MINOR:
	case SW_BUMP_PATCH:
		idx = (size_t)st->kind;
		v->pre = 0;
		clear_below_pre(v);
		for (size_t i = v->nrel; i <= idx; i++)
			v->rel[i] = zero;
		if (v->nrel <= idx)
			v->nrel = idx + 1;
		v->rel[idx] = next_num(v, v->rel[idx], st->value);
		for (size_t i = idx + 1; i < v->nrel; i++)
			v->rel[i] = zero;
		break;
	case SW_BUMP_STABLE:
		v->pre = 0;
		clear_below_pre(v);
		break;
	case SW_BUMP_ALPHA:
	case SW_BUMP_BETA:
	case SW_BUMP_RC: {
		int kind = (int)st->kind - (int)SW_BUMP_ALPHA + 1;
		struct span none = {NULL, 0};
		clear_below_pre(v);
		v->pre_n = next_num(v, v->pre == kind ? v->pre_n : none, st->value);
		v->pre = kind;
		break;
	}
	case SW_BUMP_POST:
		v->has_dev = 0;
		v->post_n =
		        next_num(v, v->has_post ? v->post_n : (struct span){NULL, 0}, st->value);
		v->has_post = 1;
		break;
	default:
		v->dev_n = next_num(v, v->has_dev ? v->dev_n : (struct span){NULL, 0}, st->value);
		v->has_dev = 1;
		break;
	}
}

/* Prints the spans back in normal form. */
static int print_bver(char **out, const struct bver *v)
{
	sw_buf b;
	sw_buf_init(&b, 4 * SW_PEP440_MAX_LEN);
	if (v->epoch.n && !(v->epoch.n == 1 && v->epoch.p[0] == '0'))
		sw_buf_printf(&b, "%.*s!", (int)v->epoch.n, v->epoch.p);
	for (size_t i = 0; i < v->nrel; i++)
		sw_buf_printf(&b, "%s%.*s", i ? "." : "", (int)v->rel[i].n, v->rel[i].p);
	if (v->pre > 0)
		sw_buf_printf(&b, "%s%.*s", pre_names[v->pre], (int)v->pre_n.n, v->pre_n.p);
	if (v->has_post)
		sw_buf_printf(&b, ".post%.*s", (int)v->post_n.n, v->post_n.p);
	if (v->has_dev)
		sw_buf_printf(&b, ".dev%.*s", (int)v->dev_n.n, v->dev_n.p);
	if (v->local.n)
		sw_buf_printf(&b, "+%.*s", (int)v->local.n, v->local.p);
	*out = sw_buf_detach(&b, NULL);
	sw_buf_free(&b);
	return *out ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
}

/* The uv command's refusals of step combinations. */
static int check_steps(const sw_bump_step *steps, size_t count)
{
	size_t release = 0, pre = 0, lone = 0;
	const char *lone_name = NULL;
	if (!count)
		return sw_error_set(SW_EINVAL, "no bump step given");
	for (size_t i = 0; i < count; i++) {
		enum sw_bump_kind k = steps[i].kind;
		if ((unsigned)k >= SW_BUMP_KIND_COUNT)
			return sw_error_set(SW_EINVAL, "unknown bump kind %d", (int)k);
		if (steps[i].value &&
		    (k == SW_BUMP_STABLE || !is_digits(steps[i].value, strlen(steps[i].value))))
			return sw_error_set(SW_EINVAL, "invalid value for --bump %s",
			                    kind_names[k]);
		release += k <= SW_BUMP_PATCH;
		pre += k >= SW_BUMP_ALPHA && k != SW_BUMP_POST;
		if (k == SW_BUMP_STABLE || k == SW_BUMP_POST)
			lone++, lone_name = kind_names[k];
	}
	if (lone && count > 1)
		return sw_error_set(SW_EINVAL, "--bump %s cannot be combined with another --bump",
		                    lone_name);
	if (release > 1)
		return sw_error_set(SW_EINVAL,
		                    "only one of major, minor, patch can be given to --bump");
	if (pre > 1)
		return sw_error_set(SW_EINVAL,
		                    "only one of alpha, beta, rc, dev can be given to --bump");
	return 0;
}

/* Refuses `nv` unless it is greater than `old` (or allowed), with uv's
 * hints. */
static int check_increase(const sw_version *old, const sw_version *nv, int allow_downgrade,
                          int bumped)
{
	const char *hint = bumped ? "give the exact version with --set, and --allow-downgrade "
	                            "if it is meant to be lower"
	                          : "pass --allow-downgrade to write it anyway";
	if (allow_downgrade || sw_version_compare(nv, old) > 0)
		return 0;
	if (bumped && !sw_version_is_prerelease(old) && sw_version_is_prerelease(nv) &&
	    !sw_version_is_devrelease(nv))
		hint = "a pre-release of the same release is older: add a release step, e.g. "
		       "--bump minor --bump beta";
	else if (bumped && sw_version_is_devrelease(nv) && !sw_version_is_devrelease(old))
		hint = "a dev release of the same version is older: add another step, e.g. "
		       "--bump patch --bump dev";
	return sw_error_set(SW_EREFUSED, "%s => %s didn't increase the version; %s",
	                    sw_version_str(old), sw_version_str(nv), hint);
}

/* Sorts the steps by kind (stable insertion sort: at most a few). */
static void sort_steps(sw_bump_step *steps, size_t count)
{
	for (size_t i = 1; i < count; i++)
		for (size_t j = i; j > 0 && steps[j].kind < steps[j - 1].kind; j--) {
			sw_bump_step t = steps[j];
			steps[j] = steps[j - 1];
			steps[j - 1] = t;
		}
}

/* Computes the bumped normal form of `old` without checking the order. */
static int bump_raw(char **out, const sw_version *old, const sw_bump_step *steps, size_t count)
{
	const char *s = sw_version_str(old);
	size_t len = strlen(s);
	struct bver v;
	sw_bump_step *sorted = NULL;
	void *mem = NULL;
	int err = 0;
	memset(&v, 0, sizeof(v));
	*out = NULL;
	/* release spans (+3 for growth) and scratch for one increment per step */
	mem = sw_malloc((len + 4) * sizeof(struct span) + (count + 1) * (len + 2) +
	                count * sizeof(*sorted) + 1);
	if (!mem)
		return sw_error_set(SW_ENOMEM, "out of memory");
	v.rel = mem;
	sorted = (sw_bump_step *)(v.rel + len + 4);
	v.scratch = (char *)(sorted + count);
	v.cap = (count + 1) * (len + 2);
	if (split_normal(&v, s) < 0) {
		err = sw_error_set(SW_EUNSUPPORTED,
		                   "cannot bump '%s': its normal form is not ASCII", s);
		goto done;
	}
	memcpy(sorted, steps, count * sizeof(*sorted));
	sort_steps(sorted, count);
	for (size_t i = 0; i < count; i++)
		apply_step(&v, &sorted[i]);
	err = print_bver(out, &v);
done:
	sw_free(mem);
	return err;
}

int sw_bump_apply(char **out, const char *current, const sw_bump_step *steps, size_t count,
                  int allow_downgrade)
{
	sw_version *old = NULL, *nv = NULL;
	char *text = NULL;
	int err;
	*out = NULL;
	if (!current || (count && !steps))
		return sw_error_set(SW_EINVAL, "no version or steps given");
	if ((err = check_steps(steps, count)) < 0)
		return err;
	if ((err = sw_version_parse(&old, current, strlen(current))) < 0)
		goto done;
	if ((err = bump_raw(&text, old, steps, count)) < 0)
		goto done;
	if ((err = sw_version_parse(&nv, text, strlen(text))) < 0)
		goto done;
	if ((err = check_increase(old, nv, allow_downgrade, 1)) < 0)
		goto done;
	*out = text;
	text = NULL;
done:
	sw_free(text);
	sw_version_free(old);
	sw_version_free(nv);
	return err;
}

int sw_bump_set(char **out, const char *current, const char *new_version, int allow_downgrade)
{
	sw_version *old = NULL, *nv = NULL;
	int err;
	*out = NULL;
	if (!current || !new_version)
		return sw_error_set(SW_EINVAL, "no version given");
	if ((err = sw_version_parse(&old, current, strlen(current))) < 0)
		goto done;
	if ((err = sw_version_parse(&nv, new_version, strlen(new_version))) < 0)
		goto done;
	if ((err = check_increase(old, nv, allow_downgrade, 0)) < 0)
		goto done;
	if (!(*out = sw_strdup(sw_version_str(nv))))
		err = sw_error_set(SW_ENOMEM, "out of memory");
done:
	sw_version_free(old);
	sw_version_free(nv);
	return err;
}

void sw_bump_choices_free(sw_bump_choice choices[SW_BUMP_KIND_COUNT])
{
	for (size_t k = 0; k < SW_BUMP_KIND_COUNT; k++) {
		sw_free(choices[k].version);
		choices[k].version = NULL;
	}
}

int sw_bump_next(sw_bump_choice out[SW_BUMP_KIND_COUNT], const char *current)
{
	sw_version *old = NULL, *nv = NULL;
	int err;
	memset(out, 0, SW_BUMP_KIND_COUNT * sizeof(*out));
	if (!current)
		return sw_error_set(SW_EINVAL, "no version given");
	if ((err = sw_version_parse(&old, current, strlen(current))) < 0)
		return err;
	for (size_t k = 0; k < SW_BUMP_KIND_COUNT; k++) {
		sw_bump_step st = {(enum sw_bump_kind)k, NULL};
		out[k].kind = st.kind;
		if ((err = bump_raw(&out[k].version, old, &st, 1)) < 0)
			goto done;
		if ((err = sw_version_parse(&nv, out[k].version, strlen(out[k].version))) < 0)
			goto done;
		out[k].increases = sw_version_compare(nv, old) > 0;
		sw_version_free(nv);
		nv = NULL;
	}
done:
	if (err < 0)
		sw_bump_choices_free(out);
	sw_version_free(old);
	sw_version_free(nv);
	return err;
}
