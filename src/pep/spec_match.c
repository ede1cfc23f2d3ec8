/*
 * pep/spec_match.c — whether a version satisfies a clause or a set, with
 * packaging 25.0's exact rules: the _compare_* operator methods, the
 * pre-release policy of SpecifierSet.contains() and filter(), and the
 * string-level prefix matching that ==V.* and ~= do through
 * _version_split() and _pad_version(). That prefix logic works on the raw
 * spec text, so its quirks are kept on purpose: "~=1.4.5c1" means
 * ">=1.4.5c1, ==1.4.5.*" (a "c1" item is not a suffix to packaging) and
 * "~=v1.4.5" matches nothing (the prefix "0!v1.4" is never equal).
 */
#include <string.h>

#include "pep440_int.h"
#include "util/util.h"

/* Walks the items of _version_split(s) without allocating. */
struct split_iter {
	const char *s;
	size_t len, pos, bang; /* bang: index of the last '!' or len */
	int stage;             /* 0: epoch next, 1: dotted items, 2: done */
	struct sw_item pending;
	int has_pending;
};

static void split_begin(struct split_iter *it, const char *s, size_t len)
{
	memset(it, 0, sizeof(*it));
	it->s = s;
	it->len = len;
	it->bang = len;
	for (size_t i = len; i > 0; i--) {
		if (s[i - 1] == '!') {
			it->bang = i - 1;
			break;
		}
	}
	it->pos = it->bang < len ? it->bang + 1 : 0;
}

/* Length of the leading ASCII digits of p[0..len). */
static size_t lead_digits(const char *p, size_t len)
{
	size_t n = 0;
	while (n < len && p[n] >= '0' && p[n] <= '9')
		n++;
	return n;
}

/* _prefix_regex: ^([0-9]+)((?:a|b|c|rc)[0-9]+)$ — returns the length of
 * the first group if `item` matches, else 0. */
static size_t prefix_regex(struct sw_item item)
{
	size_t d = lead_digits(item.p, item.len), l;
	if (d == 0 || d == item.len)
		return 0;
	if (item.len - d >= 2 && item.p[d] == 'r' && item.p[d + 1] == 'c')
		l = 2;
	else if (item.p[d] == 'a' || item.p[d] == 'b' || item.p[d] == 'c')
		l = 1;
	else
		return 0;
	if (d + l >= item.len || lead_digits(item.p + d + l, item.len - d - l) != item.len - d - l)
		return 0;
	return d;
}

static int split_next(struct split_iter *it, struct sw_item *out)
{
	size_t start;
	if (it->has_pending) {
		*out = it->pending;
		it->has_pending = 0;
		return 1;
	}
	if (it->stage == 0) {
		it->stage = 1;
		out->p = it->bang < it->len && it->bang > 0 ? it->s : "0";
		out->len = it->bang < it->len && it->bang > 0 ? it->bang : 1;
		return 1;
	}
	if (it->stage == 2)
		return 0;
	start = it->pos;
	while (it->pos < it->len && it->s[it->pos] != '.')
		it->pos++;
	out->p = it->s + start;
	out->len = it->pos - start;
	if (it->pos == it->len)
		it->stage = 2;
	else
		it->pos++;
	start = prefix_regex(*out);
	if (start) {
		it->pending.p = out->p + start;
		it->pending.len = out->len - start;
		it->has_pending = 1;
		out->len = start;
	}
	return 1;
}

/* str.isdigit() for the ASCII items the splits can hold. */
static int item_is_digits(struct sw_item item)
{
	return item.len > 0 && lead_digits(item.p, item.len) == item.len;
}

static int item_equal(struct sw_item a, struct sw_item b)
{
	return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

int sw_split_make(struct sw_split *split, const char *text, size_t len)
{
	struct split_iter it;
	struct sw_item item;
	size_t n = 0;
	memset(split, 0, sizeof(*split));
	split->text = sw_strndup(text, len);
	split_begin(&it, text, len);
	while (split_next(&it, &item))
		n++;
	split->items = sw_calloc(n, sizeof(*split->items));
	if (!split->text || !split->items) {
		sw_split_free(split);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	split_begin(&it, split->text, len);
	while (split_next(&it, &item)) {
		if (split->digits == split->count && item_is_digits(item))
			split->digits++;
		split->items[split->count++] = item;
	}
	return 0;
}

void sw_split_free(struct sw_split *split)
{
	sw_free(split->text);
	sw_free(split->items);
	memset(split, 0, sizeof(*split));
}

/* The wildcard branch of _compare_equal: pads the candidate's release with
 * zeros to the spec's length, cuts it to the spec's item count, and
 * compares item by item. `pub` is the candidate's normalised public form. */
static int prefix_match(const struct sw_split *spec, const char *pub)
{
	struct split_iter it;
	struct sw_item item, zero = {"0", 1};
	size_t lead = 0, len = strlen(pub);
	split_begin(&it, pub, len);
	while (split_next(&it, &item) && item_is_digits(item))
		lead++;
	split_begin(&it, pub, len);
	for (size_t k = 0; k < spec->count; k++) {
		if (k >= lead && k < spec->digits) {
			item = zero;
		} else if (!split_next(&it, &item)) {
			return 0;
		}
		if (!item_equal(item, spec->items[k]))
			return 0;
	}
	return 1;
}

/* _is_not_suffix(): the item does not start with dev, a, b, rc or post. */
static int is_not_suffix(struct sw_item item)
{
	static const char *const suffixes[] = {"dev", "a", "b", "rc", "post"};
	for (size_t i = 0; i < SW_ARRAY_LEN(suffixes); i++) {
		size_t n = strlen(suffixes[i]);
		if (item.len >= n && memcmp(item.p, suffixes[i], n) == 0)
			return 0;
	}
	return 1;
}

/* Builds the ~= prefix: _version_join(takewhile(_is_not_suffix,
 * _version_split(spec))[:-1]), canonicalised like _compare_equal does. */
static int compat_prefix(struct sw_clause *c)
{
	struct split_iter it;
	struct sw_item item;
	const char *spec = c->text + c->op_len;
	size_t spec_len = c->text_len - c->op_len, taken = 0;
	sw_buf joined;
	sw_version *canon = NULL;
	int err;
	split_begin(&it, spec, spec_len);
	while (split_next(&it, &item) && is_not_suffix(item))
		taken++;
	sw_buf_init(&joined, 3 * spec_len + 8);
	split_begin(&it, spec, spec_len);
	for (size_t i = 0; i + 1 < taken && split_next(&it, &item); i++) {
		if (i > 0)
			sw_buf_puts(&joined, i == 1 ? "!" : ".");
		sw_buf_put(&joined, item.p, item.len);
	}
	if (taken == 2)
		sw_buf_puts(&joined, "!");
	if ((err = sw_buf_error(&joined)) < 0) {
		err = sw_error_set(err, "out of memory");
		goto done;
	}
	err = sw_version_try_parse(&canon, sw_buf_cstr(&joined), joined.len);
	if (err == SW_ENOMEM)
		goto done;
	if (canon)
		err = sw_split_make(&c->prefix, sw_version_str(canon),
		                    strlen(sw_version_str(canon)));
	else
		err = sw_split_make(&c->prefix, sw_buf_cstr(&joined), joined.len);
done:
	sw_version_free(canon);
	sw_buf_free(&joined);
	return err;
}

/* str.lower() of === text, as far as it can matter: a normal form only
 * holds ASCII, U+0131, U+017F and U+0307, and the only other characters
 * that lower into those are U+212A (to 'k') and U+0130 (to "i\u0307"). */
static int arb_lower(struct sw_clause *c)
{
	const char *s = c->text + c->op_len;
	size_t len = c->text_len - c->op_len, o = 0;
	char *out = sw_malloc(len * 2 + 1);
	if (!out)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch >= 'A' && ch <= 'Z') {
			out[o++] = (char)(ch - 'A' + 'a');
		} else if (i + 2 < len && memcmp(s + i, "\xE2\x84\xAA", 3) == 0) {
			out[o++] = 'k';
			i += 2;
		} else if (i + 1 < len && memcmp(s + i, "\xC4\xB0", 2) == 0) {
			memcpy(out + o, "i\xCC\x87", 3);
			o += 3;
			i += 1;
		} else {
			out[o++] = (char)ch;
		}
	}
	out[o] = '\0';
	c->arb_lower = out;
	c->arb_len = o;
	return 0;
}

int sw_clause_prepare(struct sw_clause *c)
{
	if (c->op == SW_OP_ARB)
		return arb_lower(c);
	if (c->op == SW_OP_COMPAT)
		return compat_prefix(c);
	if (c->wildcard)
		return sw_split_make(&c->prefix, sw_version_str(c->version),
		                     strlen(sw_version_str(c->version)));
	return 0;
}

static int match_equal(const struct sw_clause *c, const sw_version *v)
{
	if (c->wildcard)
		return prefix_match(&c->prefix, sw_version_public(v));
	if (sw_version_has_local(c->version))
		return sw_version_compare(v, c->version) == 0;
	return sw_version_public_compare(v, c->version) == 0;
}

static int match_not_equal(const struct sw_clause *c, const sw_version *v)
{
	return !match_equal(c, v);
}

static int match_less_equal(const struct sw_clause *c, const sw_version *v)
{
	return sw_version_public_compare(v, c->version) <= 0;
}

static int match_greater_equal(const struct sw_clause *c, const sw_version *v)
{
	return sw_version_public_compare(v, c->version) >= 0;
}

static int match_compatible(const struct sw_clause *c, const sw_version *v)
{
	return match_greater_equal(c, v) && prefix_match(&c->prefix, sw_version_public(v));
}

/* <V also refuses pre-releases of V's own release unless V is one. */
static int match_less(const struct sw_clause *c, const sw_version *v)
{
	if (sw_version_compare(v, c->version) >= 0)
		return 0;
	if (!sw_version_is_prerelease(c->version) && sw_version_is_prerelease(v) &&
	    sw_version_base_equal(v, c->version))
		return 0;
	return 1;
}

/* >V also refuses post-releases (unless V is one) and locals of V. */
static int match_greater(const struct sw_clause *c, const sw_version *v)
{
	if (sw_version_compare(v, c->version) <= 0)
		return 0;
	if (!sw_version_is_postrelease(c->version) && sw_version_is_postrelease(v) &&
	    sw_version_base_equal(v, c->version))
		return 0;
	if (sw_version_has_local(v) && sw_version_base_equal(v, c->version))
		return 0;
	return 1;
}

/* === compares str(candidate).lower() with the spec text lowered. */
static int match_arbitrary(const struct sw_clause *c, const sw_version *v)
{
	return sw_version_str_equal(v, c->arb_lower, c->arb_len);
}

/* The operator methods, by enum sw_spec_op. */
static int (*const matchers[])(const struct sw_clause *, const sw_version *) = {
        [SW_OP_COMPAT] = match_compatible, [SW_OP_EQ] = match_equal,
        [SW_OP_NE] = match_not_equal,      [SW_OP_LE] = match_less_equal,
        [SW_OP_GE] = match_greater_equal,  [SW_OP_LT] = match_less,
        [SW_OP_GT] = match_greater,        [SW_OP_ARB] = match_arbitrary,
};

int sw_clause_match(const struct sw_clause *c, const sw_version *v)
{
	return matchers[c->op](c, v);
}

int sw_specset_contains(const sw_specset *set, const sw_version *version,
                        enum sw_prerelease_policy policy, const char **why)
{
	int allow = policy == SW_PRE_ALLOW ||
	            (policy == SW_PRE_DEFAULT && set->count > 0 && set->names_pre);
	if (why)
		*why = NULL;
	for (size_t i = 0; i < set->count; i++)
		if (!sw_clause_match(&set->clauses[i], version))
			return 0;
	if (!allow && sw_version_is_prerelease(version)) {
		if (why)
			*why = "pre-release";
		return 0;
	}
	return 1;
}

size_t sw_specset_filter(const sw_specset *set, const sw_version *const *versions, size_t count,
                         enum sw_prerelease_policy policy, unsigned char *keep)
{
	size_t kept = 0;
	int any_final = 0;
	if (set->count > 0) {
		for (size_t i = 0; i < count; i++) {
			keep[i] =
			        (unsigned char)sw_specset_contains(set, versions[i], policy, NULL);
			kept += keep[i];
		}
		return kept;
	}
	/* The empty set: finals only, unless there are none and the policy
	 * is the default, in which case the pre-releases are used. */
	for (size_t i = 0; i < count; i++)
		if (!sw_version_is_prerelease(versions[i]))
			any_final = 1;
	for (size_t i = 0; i < count; i++) {
		int pre = sw_version_is_prerelease(versions[i]);
		keep[i] = (unsigned char)(!pre || policy == SW_PRE_ALLOW ||
		                          (policy == SW_PRE_DEFAULT && !any_final));
		kept += keep[i];
	}
	return kept;
}

int sw_specifier_check(const char *op, const char *spec_version, const char *candidate)
{
	struct sw_clause clause;
	sw_version *v = NULL;
	size_t op_len, v_len;
	char *text;
	int err;
	if (!op || !spec_version || !candidate)
		return sw_error_set(SW_EINVAL, "sw_specifier_check: NULL argument");
	op_len = strlen(op);
	v_len = strlen(spec_version);
	if (op_len + v_len > SW_PEP440_MAX_LEN)
		return sw_error_set(SW_ETOOBIG, "specifier is longer than %d bytes",
		                    SW_PEP440_MAX_LEN);
	text = sw_malloc(op_len + v_len + 1);
	if (!text)
		return sw_error_set(SW_ENOMEM, "out of memory");
	memcpy(text, op, op_len);
	memcpy(text + op_len, spec_version, v_len + 1);
	err = sw_clause_parse(&clause, text, op_len + v_len);
	sw_free(text);
	if (err < 0)
		return err;
	err = sw_version_parse(&v, candidate, strlen(candidate));
	if (err == 0)
		err = sw_clause_match(&clause, v);
	sw_version_free(v);
	sw_clause_free(&clause);
	return err;
}
