/*
 * project/validate_license.c — the checks of the license (an SPDX
 * expression, or the deprecated {file}/{text} table), license-files
 * patterns and what they match, and classifiers against the shipped trove
 * list (and an extra list, the cache, when the caller passes one). Entries missing from a list are
 * errors while the list is fresh and warnings once it is older than SW_PROJECT_LIST_FRESH_DAYS.
 */
#include <string.h>
#include <strings.h>

#include "project/data/lists.h"
#include "slipway/trove.h"
#include "project/project_int.h"

/* Suggestions for unknown classifiers compare long strings: only the first
 * few unknown ones get one. */
#define CLASSIFIER_SUGGESTIONS 10

/* Compares (s, len) with a C string bytewise. */
static int cmp_n(const char *s, size_t len, const char *z)
{
	size_t zlen = strlen(z);
	int c = memcmp(s, z, len < zlen ? len : zlen);
	if (c)
		return c;
	return len < zlen ? -1 : len > zlen;
}

int sw_trove_is_known(const char *s, size_t len)
{
	size_t lo = 0, hi = pj_trove_classifiers_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = cmp_n(s, len, pj_trove_classifiers[mid]);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

size_t sw_trove_count(void)
{
	return pj_trove_classifiers_count;
}

const char *sw_trove_at(size_t i)
{
	return i < pj_trove_classifiers_count ? pj_trove_classifiers[i] : NULL;
}

static const struct pj_trove_deprecated *trove_deprecated(const char *s, size_t len)
{
	for (size_t i = 0; i < pj_trove_deprecated_count; i++)
		if (cmp_n(s, len, pj_trove_deprecated[i].name) == 0)
			return &pj_trove_deprecated[i];
	return NULL;
}

static const char *classifier_at(const void *ctx, size_t i)
{
	(void)ctx;
	return pj_trove_classifiers[i];
}

static const char *license_at(const void *ctx, size_t i)
{
	(void)ctx;
	return pj_spdx_licenses[i].id;
}

static const char *exception_at(const void *ctx, size_t i)
{
	(void)ctx;
	return pj_spdx_exceptions[i].id;
}

static int is_license_classifier(const sw_project_str *s)
{
	return s->len >= 10 && memcmp(s->str, "License ::", 10) == 0;
}

/* Reports an id missing from the SPDX list. */
static void unknown_id(struct pj_check *c, const sw_project_str *s, const sw_spdx_error *why)
{
	const char *tok = s->str + why->offset, *sugg;
	int exc = why->problem == SW_SPDX_UNKNOWN_EXCEPTION;
	sw_buf what;
	sw_buf_init(&what, 4096);
	sw_buf_printf(&what, "%s '%.*s'", exc ? "license exception" : "license id", (int)why->len,
	              tok);
	if (exc)
		sugg = pj_suggest(tok, why->len, NULL, pj_spdx_exceptions_count, exception_at);
	else
		sugg = pj_suggest(tok, why->len, NULL, pj_spdx_licenses_count, license_at);
	sw_buf_clear(&c->tmp);
	if (sw_buf_error(&what) == SW_ENOMEM)
		c->err = SW_ENOMEM;
	else if (pj_list_fresh(pj_spdx_date, c->today)) {
		pj_diag(c, R_LICENSE_UNKNOWN, s->line, s->col, sw_buf_cstr(&what), NULL, sugg);
	} else {
		sw_buf_printf(&c->tmp, "SPDX list %s of %s", pj_spdx_version, pj_spdx_date);
		pj_diag(c, R_LICENSE_UNKNOWN_STALE, s->line, s->col, sw_buf_cstr(&what),
		        sw_buf_cstr(&c->tmp), sugg);
	}
	sw_buf_free(&what);
}

/* Reports the deprecated ids of a valid canonical expression. */
static void deprecated_ids(struct pj_check *c, const sw_project_str *s, const char *canon)
{
	const char *p = canon;
	while (*p) {
		size_t n = strcspn(p, " ()");
		int dep = 0;
		if (n && sw_spdx_license_id(p, n, &dep) && dep) {
			sw_buf_clear(&c->tmp);
			sw_buf_put(&c->tmp, p, n);
			pj_diag_str(c, R_LICENSE_DEPRECATED_ID, s, sw_buf_cstr(&c->tmp), NULL);
		}
		p += n ? n : 1;
	}
}

static void check_expression(struct pj_check *c, const sw_project_str *s)
{
	sw_spdx_error why;
	sw_buf canon;
	int err;
	sw_buf_init(&canon, SW_BUF_MAX_DEFAULT);
	err = sw_spdx_canonicalize(&canon, s->str, s->len, &why);
	if (err == SW_EPARSE) {
		if (why.problem == SW_SPDX_UNKNOWN_LICENSE ||
		    why.problem == SW_SPDX_UNKNOWN_EXCEPTION)
			unknown_id(c, s, &why);
		else
			pj_diag_str(c, R_LICENSE_INVALID, s, s->str, sw_error_last());
		sw_error_clear();
	} else if (err < 0) {
		c->err = SW_ENOMEM;
	} else {
		if (canon.len != s->len || memcmp(canon.ptr, s->str, s->len) != 0)
			pj_diag_str(c, R_LICENSE_NOT_CANONICAL, s, s->str, sw_buf_cstr(&canon));
		deprecated_ids(c, s, sw_buf_cstr(&canon));
	}
	sw_buf_free(&canon);
}

static int has_license_classifier(const sw_project_meta *m)
{
	for (size_t i = 0; i < m->classifiers.count; i++)
		if (is_license_classifier(&m->classifiers.items[i]))
			return 1;
	return 0;
}

/* The legacy table form. */
static void check_table(struct pj_check *c, const sw_project_license *l)
{
	const sw_toml_node *file = sw_toml_find(l->node, "file", 4),
	                   *text = sw_toml_find(l->node, "text", 4);
	pj_diag_at(c, R_LICENSE_LEGACY, l->node, NULL, NULL);
	if (file && text)
		pj_diag_at(c, R_LICENSE_TABLE_INVALID, l->node, "has both 'file' and 'text'", NULL);
	else if (!file && !text)
		pj_diag_at(c, R_LICENSE_TABLE_INVALID, l->node, "has neither 'file' nor 'text'",
		           NULL);
	if (l->kind == SW_LICENSE_FILE)
		pj_check_license_file(c, &l->value);
}

static int found_one(void *ctx, const char *rel)
{
	(void)ctx;
	(void)rel;
	return 1;
}

static void check_license_files(struct pj_check *c)
{
	const sw_project_meta *m = &c->p->meta;
	if (!m->license_files.node)
		return;
	if (m->license.node && sw_toml_type(m->license.node) == SW_TOML_TABLE)
		pj_diag_key(c, R_LICENSE_FILES_WITH_TABLE, m->license_files.node, NULL, NULL, NULL);
	for (size_t i = 0; i < m->license_files.count && !c->err; i++) {
		const sw_project_str *s = &m->license_files.items[i];
		const char *why = memchr(s->str, '\0', s->len) ? "it holds a NUL character"
		                                               : pj_glob_invalid(s->str, s->len);
		int found;
		if (why) {
			pj_diag_str(c, R_LICENSE_FILES_INVALID, s, s->str, why);
			continue;
		}
		if (!c->fs)
			continue;
		found = pj_glob_walk(c->p->root, s->str, s->len, found_one, NULL);
		if (found == SW_ENOMEM)
			c->err = SW_ENOMEM;
		else if (found == 0)
			pj_diag_str(c, R_LICENSE_FILES_NO_MATCH, s, s->str, NULL);
		sw_error_clear();
	}
}

void pj_check_license(struct pj_check *c)
{
	const sw_project_meta *m = &c->p->meta;
	const sw_project_license *l = &m->license;
	if (!m->present)
		return;
	if (!l->node) {
		if (!sw_project_is_dynamic(c->p, SW_PF_LICENSE) && !has_license_classifier(m))
			pj_diag_at(c, R_LICENSE_MISSING, NULL, NULL, NULL);
	} else if (l->kind == SW_LICENSE_SPDX) {
		check_expression(c, &l->value);
	} else if (sw_toml_type(l->node) == SW_TOML_TABLE) {
		check_table(c, l);
	}
	check_license_files(c);
}

/* ---- classifiers ----------------------------------------------------------- */

/* Whether two strings differ only in their digits and dots, as "Python ::
 * 3.15" and "Python :: 3.1" do: then the suggestion would be wrong. */
static int same_but_numbers(const char *a, size_t alen, const char *b)
{
	size_t i = 0;
	for (;;) {
		while (i < alen && ((a[i] >= '0' && a[i] <= '9') || a[i] == '.'))
			i++;
		while ((*b >= '0' && *b <= '9') || *b == '.')
			b++;
		if (i == alen || !*b)
			return i == alen && !*b;
		if (a[i++] != *b++)
			return 0;
	}
}

static void unknown_classifier(struct pj_check *c, const sw_project_str *s, size_t *suggested)
{
	const char *sugg = NULL;
	if ((*suggested)++ < CLASSIFIER_SUGGESTIONS)
		sugg = pj_suggest(s->str, s->len, NULL, pj_trove_classifiers_count, classifier_at);
	if (sugg && same_but_numbers(s->str, s->len, sugg))
		sugg = NULL;
	if (pj_list_fresh(pj_trove_date, c->today) ||
	    (c->trove_extra && pj_list_fresh(c->trove_extra->date, c->today))) {
		pj_diag(c, R_CLASSIFIER_UNKNOWN, s->line, s->col, s->str, NULL, sugg);
	} else {
		sw_buf_clear(&c->tmp);
		sw_buf_printf(&c->tmp, "trove-classifiers %s of %s", pj_trove_version,
		              pj_trove_date);
		if (c->trove_extra && c->trove_extra->date[0])
			sw_buf_printf(&c->tmp, ", cache of %s", c->trove_extra->date);
		pj_diag(c, R_CLASSIFIER_UNKNOWN_STALE, s->line, s->col, s->str,
		        sw_buf_cstr(&c->tmp), sugg);
	}
}

void pj_check_classifiers(struct pj_check *c)
{
	const sw_project_meta *m = &c->p->meta;
	size_t suggested = 0;
	for (size_t i = 0; i < m->classifiers.count; i++) {
		const sw_project_str *s = &m->classifiers.items[i];
		const struct pj_trove_deprecated *dep;
		if (s->len >= 10 && strncasecmp(s->str, "private ::", 10) == 0) {
			pj_diag_str(c, R_CLASSIFIER_PRIVATE, s, s->str, NULL);
			continue;
		}
		if (is_license_classifier(s))
			pj_diag_str(c,
			            m->license.kind == SW_LICENSE_SPDX
			                    ? R_CLASSIFIER_LICENSE_WITH_EXPR
			                    : R_CLASSIFIER_LICENSE_DEPRECATED,
			            s, s->str, NULL);
		if (sw_trove_is_known(s->str, s->len) ||
		    sw_trove_list_contains(c->trove_extra, s->str, s->len))
			continue;
		if ((dep = trove_deprecated(s->str, s->len)) != NULL) {
			sw_buf_clear(&c->tmp);
			if (dep->replacement)
				sw_buf_printf(&c->tmp, "; use '%s' instead", dep->replacement);
			pj_diag_str(c, R_CLASSIFIER_DEPRECATED, s, s->str, sw_buf_cstr(&c->tmp));
			continue;
		}
		unknown_classifier(c, s, &suggested);
	}
}
