/*
 * project/validate.c — the validation driver, and the checks of the file's
 * shape: the top-level tables, [build-system], and the TOML type of every
 * [project] key (one table says what each key holds). The checks of what
 * the values mean live in the other validate_*.c files.
 */
#include <string.h>

#include "project/project_int.h"

/* ---- types -------------------------------------------------------------- */

/* Reports a value.type error at `node`: "<path> must be <what>, not <type>". */
static void type_error(struct pj_check *c, const sw_toml_node *node, const char *what)
{
	sw_buf path;
	sw_buf_init(&path, 4096);
	pj_node_path(&path, node);
	sw_buf_clear(&c->tmp);
	sw_buf_printf(&c->tmp, "%s, not %s", what, pj_type_phrase(sw_toml_type(node)));
	if (sw_buf_error(&path) == SW_ENOMEM)
		c->err = SW_ENOMEM;
	else
		pj_diag_at(c, R_VALUE_TYPE, node, sw_buf_cstr(&path), sw_buf_cstr(&c->tmp));
	sw_buf_free(&path);
}

int pj_want(struct pj_check *c, const sw_toml_node *node, enum sw_toml_type type)
{
	if (!node)
		return 0;
	if (sw_toml_type(node) == type)
		return 1;
	type_error(c, node, pj_type_phrase(type));
	return 0;
}

/* An array whose items all have `type`. */
static int want_items(struct pj_check *c, const sw_toml_node *node, enum sw_toml_type type)
{
	int ok;
	if (!pj_want(c, node, SW_TOML_ARRAY))
		return 0;
	ok = 1;
	for (const sw_toml_node *it = sw_toml_first(node); it; it = sw_toml_next(it))
		ok &= pj_want(c, it, type);
	return ok;
}

/* A table whose values all have `type`. */
static int want_values(struct pj_check *c, const sw_toml_node *node, enum sw_toml_type type)
{
	int ok;
	if (!pj_want(c, node, SW_TOML_TABLE))
		return 0;
	ok = 1;
	for (const sw_toml_node *it = sw_toml_first(node); it; it = sw_toml_next(it))
		ok &= pj_want(c, it, type);
	return ok;
}

/* The value of `key` in `table`, if any, must have `type`. */
static void want_key(struct pj_check *c, const sw_toml_node *table, const char *key,
                     enum sw_toml_type type)
{
	pj_want(c, sw_toml_find(table, key, strlen(key)), type);
}

/* What a [project] key holds. */
enum shape { S_STRING, S_STRINGS, S_STRING_OR_TABLE, S_PEOPLE, S_STRING_TABLE, S_EP, S_EXTRAS };

static const enum shape shapes[SW_PF_COUNT] = {
        [SW_PF_NAME] = S_STRING,
        [SW_PF_VERSION] = S_STRING,
        [SW_PF_DESCRIPTION] = S_STRING,
        [SW_PF_README] = S_STRING_OR_TABLE,
        [SW_PF_REQUIRES_PYTHON] = S_STRING,
        [SW_PF_LICENSE] = S_STRING_OR_TABLE,
        [SW_PF_LICENSE_FILES] = S_STRINGS,
        [SW_PF_AUTHORS] = S_PEOPLE,
        [SW_PF_MAINTAINERS] = S_PEOPLE,
        [SW_PF_KEYWORDS] = S_STRINGS,
        [SW_PF_CLASSIFIERS] = S_STRINGS,
        [SW_PF_URLS] = S_STRING_TABLE,
        [SW_PF_SCRIPTS] = S_STRING_TABLE,
        [SW_PF_GUI_SCRIPTS] = S_STRING_TABLE,
        [SW_PF_ENTRY_POINTS] = S_EP,
        [SW_PF_DEPENDENCIES] = S_STRINGS,
        [SW_PF_OPTIONAL_DEPENDENCIES] = S_EXTRAS,
        [SW_PF_DYNAMIC] = S_STRINGS,
        [SW_PF_IMPORT_NAMES] = S_STRINGS,
        [SW_PF_IMPORT_NAMESPACES] = S_STRINGS,
};

/* A string, or a table of string values (readme, license). */
static void want_string_or_table(struct pj_check *c, const sw_toml_node *node)
{
	enum sw_toml_type t = sw_toml_type(node);
	if (t == SW_TOML_TABLE) {
		for (const sw_toml_node *it = sw_toml_first(node); it; it = sw_toml_next(it))
			pj_want(c, it, SW_TOML_STRING);
		return;
	}
	if (t != SW_TOML_STRING)
		type_error(c, node, "a string or a table");
}

/* Checks one key's value against its shape. */
static void check_shape(struct pj_check *c, enum shape shape, const sw_toml_node *node)
{
	switch (shape) {
	case S_STRING:
		pj_want(c, node, SW_TOML_STRING);
		break;
	case S_STRINGS:
		want_items(c, node, SW_TOML_STRING);
		break;
	case S_STRING_OR_TABLE:
		want_string_or_table(c, node);
		break;
	case S_PEOPLE:
		if (want_items(c, node, SW_TOML_TABLE))
			for (const sw_toml_node *it = sw_toml_first(node); it;
			     it = sw_toml_next(it)) {
				want_key(c, it, "name", SW_TOML_STRING);
				want_key(c, it, "email", SW_TOML_STRING);
			}
		break;
	case S_STRING_TABLE:
		want_values(c, node, SW_TOML_STRING);
		break;
	case S_EP:
		if (want_values(c, node, SW_TOML_TABLE))
			for (const sw_toml_node *it = sw_toml_first(node); it;
			     it = sw_toml_next(it))
				want_values(c, it, SW_TOML_STRING);
		break;
	case S_EXTRAS:
		if (want_values(c, node, SW_TOML_ARRAY))
			for (const sw_toml_node *it = sw_toml_first(node); it;
			     it = sw_toml_next(it))
				want_items(c, it, SW_TOML_STRING);
		break;
	}
}

void pj_check_types(struct pj_check *c)
{
	for (int f = 0; f < SW_PF_COUNT; f++)
		if (c->p->fields[f])
			check_shape(c, shapes[f], c->p->fields[f]);
}

/* ---- top level ---------------------------------------------------------- */

static const char *const top_tables[] = {"build-system", "project", "dependency-groups", "tool",
                                         NULL};

void pj_check_toplevel(struct pj_check *c)
{
	const sw_toml_node *root = sw_toml_root(c->p->doc);
	for (const sw_toml_node *it = sw_toml_first(root); it; it = sw_toml_next(it)) {
		size_t len;
		const char *key = sw_toml_key(it, &len);
		int known = 0;
		for (size_t i = 0; top_tables[i]; i++)
			known |= strlen(top_tables[i]) == len &&
			         memcmp(top_tables[i], key, len) == 0;
		if (known) {
			pj_want(c, it, SW_TOML_TABLE);
			continue;
		}
		sw_buf_clear(&c->tmp);
		sw_buf_put(&c->tmp, key, len);
		pj_diag_key(c, R_TOML_TABLE_UNKNOWN, it, sw_buf_cstr(&c->tmp), NULL,
		            pj_suggest_in(key, len, top_tables));
	}
	if (!c->p->meta.present && sw_toml_find(root, "project", 7) == NULL)
		pj_diag(c, R_PROJECT_MISSING, 1, 1, NULL, NULL, NULL);
}

/* ---- [build-system] ------------------------------------------------------ */

/* module.path or module.path:object.path, segments being identifiers
 * (spaces around them allowed, as packaging tools strip them). */
static int backend_ok(const char *s, size_t len)
{
	const char *colon = memchr(s, ':', len);
	size_t mlen = colon ? (size_t)(colon - s) : len;
	size_t start = 0;
	if (!mlen)
		return 0;
	for (size_t i = 0; i <= len; i++) {
		const char *seg;
		size_t n;
		if (i < len && s[i] != '.' && s[i] != ':')
			continue;
		if (i < len && s[i] == ':' && i != mlen)
			return 0;
		seg = s + start;
		n = i - start;
		while (n && (*seg == ' ' || *seg == '\t'))
			seg++, n--;
		while (n && (seg[n - 1] == ' ' || seg[n - 1] == '\t'))
			n--;
		if (!pj_is_identifier(seg, n))
			return 0;
		start = i + 1;
	}
	return 1;
}

/* Whether a backend-path entry stays inside the project folder. */
static int inside_tree(const char *s, size_t len)
{
	long depth = 0;
	size_t start = 0;
	if (!len || s[0] == '/' || s[0] == '\\' || (len > 1 && s[1] == ':'))
		return 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '/' && s[i] != '\\')
			continue;
		if (i - start == 2 && s[start] == '.' && s[start + 1] == '.')
			depth--;
		else if (i > start && !(i - start == 1 && s[start] == '.'))
			depth++;
		if (depth < 0)
			return 0;
		start = i + 1;
	}
	return 1;
}

static const char *const build_keys[] = {"requires", "build-backend", "backend-path", NULL};

void pj_check_requirement(struct pj_check *c, const sw_project_str *text)
{
	sw_requirement *r = NULL;
	int err = sw_requirement_parse(&r, text->str, text->len);
	sw_requirement_free(r);
	if (err == SW_ENOMEM)
		c->err = err;
	else if (err < 0)
		pj_diag_str(c, R_REQ_INVALID, text, text->str, sw_error_last());
	sw_error_clear();
}

void pj_check_requirements(struct pj_check *c, const sw_project_deps *deps)
{
	for (size_t i = 0; i < deps->count; i++)
		if (!deps->items[i].req)
			pj_check_requirement(c, &deps->items[i].text);
}

void pj_check_build(struct pj_check *c)
{
	const sw_project_build *b = &c->p->build;
	const sw_toml_node *req;
	if (!b->node) {
		if (c->p->meta.present)
			pj_diag(c, R_BUILD_MISSING, 1, 1, NULL, NULL, NULL);
		return;
	}
	if (!b->present)
		return; /* not a table: reported with the top level */
	for (const sw_toml_node *it = sw_toml_first(b->node); it; it = sw_toml_next(it)) {
		size_t len;
		const char *key = sw_toml_key(it, &len);
		int known = 0;
		for (size_t i = 0; build_keys[i]; i++)
			known |= strlen(build_keys[i]) == len &&
			         memcmp(build_keys[i], key, len) == 0;
		if (known)
			continue;
		sw_buf_clear(&c->tmp);
		sw_buf_put(&c->tmp, key, len);
		pj_diag_key(c, R_BUILD_KEY_UNKNOWN, it, sw_buf_cstr(&c->tmp), NULL,
		            pj_suggest_in(key, len, build_keys));
	}
	req = sw_toml_find(b->node, "requires", 8);
	if (!req)
		pj_diag_at(c, R_BUILD_REQUIRES_MISSING, b->node, NULL, NULL);
	else if (want_items(c, req, SW_TOML_STRING))
		pj_check_requirements(c, &b->requires);
	if (b->backend.node && pj_want(c, b->backend.node, SW_TOML_STRING) &&
	    !backend_ok(b->backend.str, b->backend.len))
		pj_diag_str(c, R_BUILD_BACKEND_INVALID, &b->backend, b->backend.str, NULL);
	else if (!b->backend.node && req)
		pj_diag_at(c, R_BUILD_BACKEND_MISSING, b->node, NULL, NULL);
	if (b->backend_path.node && want_items(c, b->backend_path.node, SW_TOML_STRING))
		for (size_t i = 0; i < b->backend_path.count; i++) {
			const sw_project_str *s = &b->backend_path.items[i];
			if (!inside_tree(s->str, s->len))
				pj_diag_str(c, R_BUILD_BACKEND_PATH_INVALID, s, s->str, NULL);
		}
}

/* ---- the driver ---------------------------------------------------------- */

/* The checks of a parsed file, in order. */
static void (*const checks[])(struct pj_check *c) = {
        pj_check_toplevel, pj_check_build,        pj_check_types,       pj_check_identity,
        pj_check_readme,   pj_check_license,      pj_check_classifiers, pj_check_people,
        pj_check_deps,     pj_check_entry_points, pj_check_urls,        pj_check_import_names,
        pj_check_groups,   pj_check_layout,
};

int sw_project_validate(sw_project_diags **out, const sw_project *p,
                        const sw_project_check_opts *opts)
{
	sw_project_check_opts defaults = SW_PROJECT_CHECK_OPTS_INIT;
	struct pj_check c = {.p = p};
	int err;
	*out = NULL;
	if (!opts)
		opts = &defaults;
	if (!p || opts->version != SW_PROJECT_CHECK_OPTS_VERSION)
		return sw_error_set(SW_EINVAL, "unknown options version");
	if ((err = pj_diags_new(&c.diags)) < 0)
		return err;
	c.today = opts->today ? opts->today : pj_today();
	c.fs = p->root && !opts->no_fs;
	c.trove_extra = opts->trove_extra;
	sw_buf_init(&c.tmp, SW_BUF_MAX_DEFAULT);
	if (!p->doc)
		pj_diag(&c, R_TOML_SYNTAX, p->syntax_line, p->syntax_col, p->syntax_reason, NULL,
		        NULL);
	else
		for (size_t i = 0; i < SW_ARRAY_LEN(checks) && !c.err; i++)
			checks[i](&c);
	sw_buf_free(&c.tmp);
	err = c.err ? sw_error_set(c.err, "out of memory") : pj_diags_sort(c.diags);
	if (err < 0) {
		sw_project_diags_free(c.diags);
		return err;
	}
	*out = c.diags;
	return 0;
}
