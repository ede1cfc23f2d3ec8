/*
 * project/validate_deps.c — the checks of the people and the dependencies
 * of [project]: authors/maintainers entries (keys, email addresses, names
 * without commas), dependencies and optional-dependencies (valid PEP 508,
 * exact pins, extra names and their collisions).
 */
#include <string.h>

#include "project/project_int.h"

/* The email rule of validate-pyproject (JSON Schema "idn-email"):
 * ^[^@]+@[^@]+\.[^@]+$ — one '@', something before it, and a dot with
 * something on both sides after it. */
static int email_ok(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);
	size_t dlen;
	if (!at || at == s || memchr(at + 1, '@', len - (size_t)(at - s) - 1))
		return 0;
	dlen = len - (size_t)(at - s) - 1;
	for (size_t i = 1; i + 1 < dlen; i++)
		if (at[1 + i] == '.')
			return 1;
	return 0;
}

static void check_person(struct pj_check *c, const sw_project_person *p, const char *list)
{
	for (const sw_toml_node *it = sw_toml_first(p->node); it; it = sw_toml_next(it)) {
		size_t len;
		const char *key = sw_toml_key(it, &len);
		if ((len == 4 && !memcmp(key, "name", 4)) || (len == 5 && !memcmp(key, "email", 5)))
			continue;
		sw_buf_clear(&c->tmp);
		sw_buf_put(&c->tmp, key, len);
		pj_diag_key(c, R_PERSON_KEY_UNKNOWN, it, sw_buf_cstr(&c->tmp), list, NULL);
	}
	if (!p->name.node && !p->email.node)
		pj_diag(c, R_PERSON_EMPTY, p->line, p->col, list, NULL, NULL);
	if (p->email.str && !email_ok(p->email.str, p->email.len))
		pj_diag_str(c, R_PERSON_EMAIL_INVALID, &p->email, p->email.str, NULL);
	if (p->name.str && memchr(p->name.str, ',', p->name.len))
		pj_diag_str(c, R_PERSON_NAME_COMMA, &p->name, p->name.str, NULL);
}

void pj_check_people(struct pj_check *c)
{
	const sw_project_meta *m = &c->p->meta;
	for (size_t i = 0; i < m->authors.count; i++)
		check_person(c, &m->authors.items[i], "authors");
	for (size_t i = 0; i < m->maintainers.count; i++)
		check_person(c, &m->maintainers.items[i], "maintainers");
}

/* The clause of a requirement that pins one version (== without a
 * wildcard, or ===), or -1. */
static long pin_clause(const sw_requirement *req)
{
	const sw_specset *set = sw_requirement_specifier(req);
	for (size_t i = 0; i < sw_specset_count(set); i++) {
		const char *op = sw_specset_op(set, i), *v = sw_specset_version(set, i);
		size_t vlen = strlen(v);
		if (strcmp(op, "===") == 0 ||
		    (strcmp(op, "==") == 0 && !(vlen >= 2 && strcmp(v + vlen - 2, ".*") == 0)))
			return (long)i;
	}
	return -1;
}

/* Validity and exact pins of a project's dependency list. */
static void check_dep_list(struct pj_check *c, const sw_project_deps *deps)
{
	pj_check_requirements(c, deps);
	for (size_t i = 0; i < deps->count; i++) {
		const sw_project_dep *d = &deps->items[i];
		if (!d->req)
			continue;
		if (sw_requirement_url(d->req))
			pj_diag_str(c, R_REQ_DIRECT_URL, &d->text, d->text.str,
			            sw_requirement_name(d->req));
		else if (pin_clause(d->req) >= 0)
			pj_diag_str(c, R_REQ_PINNED, &d->text, d->text.str,
			            sw_requirement_name(d->req));
	}
}

static void report_extra_duplicate(void *ctx, size_t i, size_t first)
{
	struct pj_check *c = ctx;
	const sw_project_extra *x = c->p->meta.optional_dependencies.items;
	pj_diag_str(c, R_EXTRA_DUPLICATE, &x[i].name, x[i].name.str, x[first].name.str);
}

void pj_check_deps(struct pj_check *c)
{
	const sw_project_extras *x = &c->p->meta.optional_dependencies;
	struct pj_name *names;
	size_t n = 0;
	check_dep_list(c, &c->p->meta.dependencies);
	if (!x->count)
		return;
	if (!(names = sw_malloc(x->count * sizeof(*names)))) {
		c->err = SW_ENOMEM;
		return;
	}
	for (size_t i = 0; i < x->count; i++) {
		const sw_project_extra *e = &x->items[i];
		if (!sw_name_is_valid(e->name.str, e->name.len))
			pj_diag_str(c, R_EXTRA_INVALID, &e->name, e->name.str, NULL);
		else
			names[n++] = (struct pj_name){e->normalized, strlen(e->normalized), i};
		check_dep_list(c, &e->deps);
	}
	pj_duplicates(names, n, report_extra_duplicate, c);
	sw_free(names);
}
