/*
 * bump/lock.c — uv.lock's copy of the project's own version: the
 * [[package]] entry whose name is the project's and whose source is the
 * project folder itself ({ editable = "." } or { virtual = "." }). uv
 * rewrites that entry when it locks; slipway rewrites it with the other
 * sites so `uv sync --locked` keeps working. A stale entry is no
 * disagreement: it is simply brought up to date.
 */
#include <string.h>

#include "bump/sites_int.h"
#include "slipway/pep508.h"
#include "util/util.h"

/* The string value of `key` in `table`, or NULL. */
static const char *str_of(const sw_toml_node *table, const char *key, size_t *len)
{
	const sw_toml_node *n = sw_toml_find(table, key, strlen(key));
	const char *str;
	if (!n || sw_toml_string(n, &str, len) < 0)
		return NULL;
	return str;
}

/* Whether a [[package]] entry is the project itself. */
static int is_project(const sw_toml_node *pkg, const char *name)
{
	const sw_toml_node *src = sw_toml_find(pkg, "source", 6);
	const char *n, *path;
	size_t nl, pl;
	if (!(n = str_of(pkg, "name", &nl)) || !sw_name_equal(n, nl, name, strlen(name)))
		return 0;
	if (!(path = str_of(src, "editable", &pl)) && !(path = str_of(src, "virtual", &pl)))
		return 0;
	return pl == 1 && path[0] == '.';
}

/* Adds the version of the project's entry as a following site. */
static int add_entry(sw_version_sites *s, size_t file, const sw_toml_doc *doc,
                     const sw_toml_node *pkg)
{
	const sw_toml_node *v = sw_toml_find(pkg, "version", 7);
	const struct site_file *f = &s->files[file];
	const char *src;
	size_t len, off, before = s->nsites;
	unsigned line, col;
	int err;
	if (!v || sw_toml_type(v) != SW_TOML_STRING || !(src = sw_toml_source(v, &len)) ||
	    len < 2 || src[0] == src[1])
		return 0; /* no version, or a form not worth the trouble ("""...""") */
	sw_toml_value_pos(doc, v, &line, &col);
	off = sites_offset_of(f->text, f->len, line, col);
	if (off + len > f->len || memcmp(f->text + off, src, len) != 0)
		return 0;
	if ((err = sites_add(s, SW_SITE_UV_LOCK, file, "version", off + 1, len - 2, NULL, 0)) < 0)
		return err;
	if (s->nsites > before)
		s->sites[before].pub.follows = 1;
	return 0;
}

int sites_find_lock(sw_version_sites *s)
{
	const char *name = sw_project_meta_get(s->project)->name.str;
	const sw_toml_node *pkgs;
	sw_toml_doc *doc = NULL;
	size_t file;
	int err;
	if (!name || (err = sites_file_load(&file, s, "uv.lock")) == SW_ENOTFOUND)
		return 0;
	if (err < 0)
		return err;
	if ((err = sw_toml_parse(&doc, s->files[file].text, s->files[file].len, "uv.lock")) < 0) {
		if (err == SW_ENOMEM)
			return err;
		sites_note(s, "uv.lock is not valid TOML; it is left alone (run uv lock)");
		return 0;
	}
	pkgs = sw_toml_find(sw_toml_root(doc), "package", 7);
	for (const sw_toml_node *p = sw_toml_first(pkgs); p && err == 0; p = sw_toml_next(p))
		if (is_project(p, name))
			err = add_entry(s, file, doc, p);
	sw_toml_free(doc);
	return err;
}
