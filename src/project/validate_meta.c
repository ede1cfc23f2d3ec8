/*
 * project/validate_meta.c — the checks of [project]'s identity and text:
 * unknown keys (with a suggestion for the usual mix-ups), name, version,
 * dynamic, description, requires-python, and the readme (its form, its
 * content type, and whether its file exists).
 */
#include <string.h>

#include "project/project_int.h"

/* Keys people write in [project] by habit from setup.py, Poetry or other
 * tools, and the key they mean. */
static const struct {
	const char *wrong, *right;
} aliases[] = {
        {"homepage", "urls"},
        {"home-page", "urls"},
        {"url", "urls"},
        {"repository", "urls"},
        {"documentation", "urls"},
        {"summary", "description"},
        {"long-description", "readme"},
        {"long_description", "readme"},
        {"python-requires", "requires-python"},
        {"python_requires", "requires-python"},
        {"install-requires", "dependencies"},
        {"install_requires", "dependencies"},
        {"requires", "dependencies"},
        {"extras-require", "optional-dependencies"},
        {"extras_require", "optional-dependencies"},
        {"extras", "optional-dependencies"},
        {"entry_points", "entry-points"},
        {"console_scripts", "scripts"},
        {"author", "authors"},
        {"maintainer", "maintainers"},
        {"author-email", "authors"},
        {"author_email", "authors"},
        {"license-file", "license-files"},
        {"license_files", "license-files"},
        {"classifier", "classifiers"},
};

static const char *field_at(const void *ctx, size_t i)
{
	(void)ctx;
	return sw_project_field_name((enum sw_project_field)i);
}

/* The key the user probably meant, or NULL. */
static const char *suggest_field(const char *key, size_t len)
{
	for (size_t i = 0; i < SW_ARRAY_LEN(aliases); i++)
		if (strlen(aliases[i].wrong) == len && memcmp(aliases[i].wrong, key, len) == 0)
			return aliases[i].right;
	return pj_suggest(key, len, NULL, SW_PF_COUNT, field_at);
}

static void check_keys(struct pj_check *c)
{
	const sw_toml_node *table = c->p->meta.node;
	enum sw_project_field f;
	for (const sw_toml_node *it = sw_toml_first(table); it; it = sw_toml_next(it)) {
		size_t len;
		const char *key = sw_toml_key(it, &len);
		if (sw_project_field_lookup(&f, key, len) == 0)
			continue;
		sw_buf_clear(&c->tmp);
		sw_buf_put(&c->tmp, key, len);
		pj_diag_key(c, R_PROJECT_KEY_UNKNOWN, it, sw_buf_cstr(&c->tmp), NULL,
		            suggest_field(key, len));
	}
}

static int dynamic(const struct pj_check *c, enum sw_project_field f)
{
	return sw_project_is_dynamic(c->p, f);
}

/* The reason part of a pep module message "invalid ... '<text>': reason". */
static const char *reason(void)
{
	const char *msg = sw_error_last(), *r = strstr(msg, "': ");
	return r ? r + 3 : msg;
}

static void check_version(struct pj_check *c)
{
	const sw_project_str *v = &c->p->meta.version;
	sw_version *ver = NULL, *zero = NULL;
	int err;
	if (!v->node) {
		if (!dynamic(c, SW_PF_VERSION))
			pj_diag_at(c, R_VERSION_MISSING, NULL, NULL, NULL);
		return;
	}
	if (!v->str)
		return;
	err = sw_version_parse(&ver, v->str, v->len);
	if (err == SW_ENOMEM) {
		c->err = err;
		return;
	}
	if (err < 0) {
		pj_diag_str(c, R_VERSION_INVALID, v, v->str, reason());
		sw_error_clear();
		return;
	}
	if (strcmp(sw_version_str(ver), v->str) != 0)
		pj_diag_str(c, R_VERSION_NOT_NORMALIZED, v, v->str, sw_version_str(ver));
	if (sw_version_has_local(ver))
		pj_diag_str(c, R_VERSION_LOCAL, v, v->str, NULL);
	if (sw_version_parse(&zero, "0", 1) < 0)
		c->err = SW_ENOMEM;
	else if (sw_version_compare(ver, zero) == 0 && !sw_version_is_prerelease(ver) &&
	         !sw_version_is_postrelease(ver))
		pj_diag_str(c, R_VERSION_ZERO, v, NULL, NULL);
	sw_version_free(zero);
	sw_version_free(ver);
}

static void check_name(struct pj_check *c)
{
	const sw_project_str *n = &c->p->meta.name;
	if (!n->node)
		pj_diag_at(c, R_NAME_MISSING, NULL, NULL, NULL);
	else if (n->str && !sw_name_is_valid(n->str, n->len))
		pj_diag_str(c, R_NAME_INVALID, n, n->str, NULL);
}

/* Each entry of dynamic: a key that may be dynamic, not also given. */
static void check_dynamic(struct pj_check *c)
{
	const sw_project_strs *d = &c->p->meta.dynamic;
	enum sw_project_field f;
	for (size_t i = 0; i < d->count; i++) {
		const sw_project_str *s = &d->items[i];
		if (sw_project_field_lookup(&f, s->str, s->len) < 0 || f == SW_PF_DYNAMIC) {
			unsigned line = s->line, col = s->col;
			pj_diag(c, R_DYNAMIC_UNKNOWN, line, col, s->str, NULL,
			        suggest_field(s->str, s->len));
		} else if (f == SW_PF_NAME) {
			pj_diag_str(c, R_NAME_DYNAMIC, s, NULL, NULL);
		} else if (c->p->fields[f]) {
			pj_diag_str(c, R_DYNAMIC_STATIC, s, s->str, NULL);
		}
	}
}

static void check_description(struct pj_check *c)
{
	const sw_project_str *d = &c->p->meta.description;
	if (!d->node && !dynamic(c, SW_PF_DESCRIPTION))
		pj_diag_at(c, R_DESCRIPTION_MISSING, NULL, NULL, NULL);
	else if (d->str && (memchr(d->str, '\n', d->len) || memchr(d->str, '\r', d->len)))
		pj_diag_str(c, R_DESCRIPTION_MULTILINE, d, NULL, NULL);
}

/* Operators that put an upper bound on the Python version. */
static int caps(const char *op)
{
	return strcmp(op, ">=") != 0 && strcmp(op, ">") != 0 && strcmp(op, "!=") != 0;
}

static void check_python(struct pj_check *c)
{
	const sw_project_str *r = &c->p->meta.requires_python;
	sw_specset *set = NULL;
	int err;
	if (!r->node) {
		if (!dynamic(c, SW_PF_REQUIRES_PYTHON))
			pj_diag_at(c, R_PYTHON_MISSING, NULL, NULL, NULL);
		return;
	}
	if (!r->str)
		return;
	err = sw_specset_parse(&set, r->str, r->len);
	if (err == SW_ENOMEM) {
		c->err = err;
		return;
	}
	if (err < 0) {
		pj_diag_str(c, R_PYTHON_INVALID, r, r->str, reason());
		sw_error_clear();
		return;
	}
	for (size_t i = 0; i < sw_specset_count(set); i++) {
		if (!caps(sw_specset_op(set, i)))
			continue;
		sw_buf_clear(&c->tmp);
		sw_buf_printf(&c->tmp, "%s%s", sw_specset_op(set, i), sw_specset_version(set, i));
		pj_diag_str(c, R_PYTHON_UPPER_BOUND, r, r->str, sw_buf_cstr(&c->tmp));
		break;
	}
	sw_specset_free(set);
}

void pj_check_identity(struct pj_check *c)
{
	if (!c->p->meta.present)
		return;
	check_keys(c);
	check_name(c);
	check_version(c);
	check_dynamic(c);
	check_description(c);
	check_python(c);
}

/* ---- readme ---------------------------------------------------------------- */

/* Reports a readme file that is not there. */
static void check_file_exists(struct pj_check *c, enum pj_rule rule, const sw_project_str *path)
{
	if (!c->fs || !path->str)
		return;
	if (pj_path_join(&c->tmp, c->p->root, path->str, path->len) < 0) {
		c->err = SW_ENOMEM;
		return;
	}
	if (!memchr(path->str, '\0', path->len) && !pj_is_file(sw_buf_cstr(&c->tmp)))
		pj_diag_str(c, rule, path, path->str, NULL);
}

void pj_check_license_file(struct pj_check *c, const sw_project_str *path)
{
	check_file_exists(c, R_LICENSE_FILE_NOT_FOUND, path);
}

static void check_readme_table(struct pj_check *c, const sw_project_readme *r)
{
	const sw_toml_node *file = sw_toml_find(r->node, "file", 4),
	                   *text = sw_toml_find(r->node, "text", 4);
	for (const sw_toml_node *it = sw_toml_first(r->node); it; it = sw_toml_next(it)) {
		size_t len;
		const char *key = sw_toml_key(it, &len);
		if ((len == 4 && (!memcmp(key, "file", 4) || !memcmp(key, "text", 4))) ||
		    (len == 12 && !memcmp(key, "content-type", 12)))
			continue;
		sw_buf_clear(&c->tmp);
		sw_buf_put(&c->tmp, key, len);
		pj_diag_key(c, R_README_KEY_UNKNOWN, it, sw_buf_cstr(&c->tmp), NULL, NULL);
	}
	if (file && text)
		pj_diag_at(c, R_README_FILE_AND_TEXT, r->node, NULL, NULL);
	else if (!file && !text)
		pj_diag_at(c, R_README_NO_SOURCE, r->node, NULL, NULL);
	if (!r->content_type.node)
		pj_diag_at(c, R_README_CT_MISSING, r->node, NULL, NULL);
	else if (r->content_type.str && !r->mime)
		pj_diag_str(c, R_README_CT_INVALID, &r->content_type, r->content_type.str, NULL);
	if (r->kind == SW_README_FILE)
		check_file_exists(c, R_README_NOT_FOUND, &r->file);
}

void pj_check_readme(struct pj_check *c)
{
	const sw_project_readme *r = &c->p->meta.readme;
	if (!c->p->meta.present)
		return;
	if (!r->node) {
		if (!dynamic(c, SW_PF_README))
			pj_diag_at(c, R_README_MISSING, NULL, NULL, NULL);
		return;
	}
	if (sw_toml_type(r->node) == SW_TOML_TABLE) {
		check_readme_table(c, r);
	} else if (r->kind == SW_README_FILE) {
		if (!r->mime)
			pj_diag_str(c, R_README_UNKNOWN_TYPE, &r->file, r->file.str, NULL);
		check_file_exists(c, R_README_NOT_FOUND, &r->file);
	}
}
