/*
 * build/hatch_conf.c — reading hatchling's selection keys for one target
 * (builders/config.py): each key from [tool.hatch.build.targets.<t>] or
 * else [tool.hatch.build]; `sources` rewrites, `force-include` and
 * `only-include` maps sorted as normalize_inclusion_map() sorts them, and
 * the exclude and include pattern sets (global excludes, the .gitignore,
 * the keys' patterns, packages as "/pkg/").
 */
#include <stdio.h>
#include <string.h>

#include "build/hatch_int.h"
#include "util/util.h"

void hatch_hmap_free(struct hmap *m)
{
	hatch_str_list_free(m->src, m->count);
	hatch_str_list_free(m->dst, m->count);
	memset(m, 0, sizeof(*m));
}

/* Appends a pair (copied) to a map. */
int hatch_hmap_add(struct hmap *m, const char *src, const char *dst)
{
	char **s = sw_realloc(m->src, (m->count + 1) * sizeof(*s));
	if (s != NULL)
		m->src = s;
	char **d = s ? sw_realloc(m->dst, (m->count + 1) * sizeof(*d)) : NULL;
	if (d != NULL)
		m->dst = d;
	if (s == NULL || d == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	s[m->count] = sw_strdup(src);
	d[m->count] = sw_strdup(dst);
	m->count++;
	return s[m->count - 1] && d[m->count - 1] ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
}

/* The value of a selection key: the target's if it has the key, else the
 * build table's. */
static const sw_toml_node *hkey(const struct hconf *c, const char *k)
{
	const sw_toml_node *n = c->tcfg ? sw_toml_find(c->tcfg, k, strlen(k)) : NULL;
	if (n == NULL && c->build != NULL)
		n = sw_toml_find(c->build, k, strlen(k));
	return n;
}

/* A boolean selection key (default 0). */
int hatch_hbool(const struct hconf *c, const char *k)
{
	int v = 0;
	const sw_toml_node *n = hkey(c, k);
	return n != NULL && sw_toml_bool(n, &v) == 0 && v;
}

/* A string list of a selection key, as '/'-normalised relative paths when
 * `paths` is set. */
int hatch_hlist(const struct hconf *c, const char *k, int paths, char ***out, size_t *n)
{
	char where[96];
	snprintf(where, sizeof(where), "tool.hatch.build%s%s.%s", c->tcfg ? ".targets." : "",
	         c->tcfg ? c->name : "", k);
	int err = hatch_str_list(out, n, hkey(c, k), where);
	for (size_t i = 0; err == 0 && paths && i < *n; i++) {
		char *norm = NULL;
		if ((err = hatch_normpath(&norm, (*out)[i])) == 0) {
			sw_free((*out)[i]);
			(*out)[i] = norm;
		}
	}
	return err;
}

/* Compares two map entries as normalize_inclusion_map() sorts them: by
 * the target's depth, the target, then the source. */
static int map_before(const struct hmap *m, size_t a, size_t b)
{
	size_t da = 0, db = 0;
	for (const char *p = m->dst[a]; *p; p++)
		da += *p == '/';
	for (const char *p = m->dst[b]; *p; p++)
		db += *p == '/';
	if (da != db)
		return da < db;
	int c = strcmp(m->dst[a], m->dst[b]);
	return c != 0 ? c < 0 : strcmp(m->src[a], m->src[b]) < 0;
}

/* Sorts a map in place (insertion sort: these maps are short). */
void hatch_map_sort(struct hmap *m, int by_source)
{
	for (size_t i = 1; i < m->count; i++)
		for (size_t j = i; j > 0; j--) {
			int before = by_source ? strcmp(m->src[j], m->src[j - 1]) < 0
			                       : map_before(m, j, j - 1);
			if (!before)
				break;
			char *t = m->src[j];
			m->src[j] = m->src[j - 1];
			m->src[j - 1] = t;
			t = m->dst[j];
			m->dst[j] = m->dst[j - 1];
			m->dst[j - 1] = t;
		}
}

/* Normalises `path` and appends '/' unless it is empty: a folder key. */
static int dir_key(char **out, const char *path)
{
	char *n = NULL;
	int err = hatch_normpath(&n, path);
	if (err < 0)
		return err;
	size_t len = strlen(n);
	*out = sw_realloc(n, len + 2);
	if (*out == NULL) {
		sw_free(n);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	if (len > 0)
		memcpy(*out + len, "/", 2);
	return 0;
}

/* Adds a (normalised) pair to the sources map. */
static int source_add(struct hconf *c, const char *from, const char *to)
{
	char *k = NULL, *v = NULL;
	int err = from[0] ? dir_key(&k, from) : ((k = sw_strdup("")) ? 0 : SW_ENOMEM);
	if (err == 0)
		err = dir_key(&v, to);
	if (err == 0)
		err = hatch_hmap_add(&c->sources, k, v);
	sw_free(k);
	sw_free(v);
	return err == SW_ENOMEM ? sw_error_set(SW_ENOMEM, "out of memory") : err;
}

/* Reads `sources` (a list of prefixes to strip, or a table of rewrites)
 * and adds the parents of `packages`. */
int hatch_load_sources(struct hconf *c)
{
	const sw_toml_node *n = hkey(c, "sources");
	int err = 0;
	if (n != NULL && sw_toml_type(n) == SW_TOML_TABLE) {
		for (const sw_toml_node *e = sw_toml_first(n); e && err == 0; e = sw_toml_next(e)) {
			size_t kl = 0, vl = 0;
			const char *k = sw_toml_key(e, &kl), *v = NULL;
			char *kk = sw_strndup(k, kl);
			if (kk == NULL)
				return sw_error_set(SW_ENOMEM, "out of memory");
			if (sw_toml_string(e, &v, &vl) < 0)
				err = sw_error_set(SW_EINVAL,
				                   "hatchling: sources: '%s' must map to a "
				                   "string",
				                   kk);
			else {
				char *vv = sw_strndup(v, vl);
				err = vv ? source_add(c, kk, vv)
				         : sw_error_set(SW_ENOMEM, "out of memory");
				sw_free(vv);
			}
			sw_free(kk);
		}
	} else if (n != NULL) {
		char **list = NULL;
		size_t count = 0;
		err = hatch_hlist(c, "sources", 0, &list, &count);
		for (size_t i = 0; err == 0 && i < count; i++)
			err = source_add(c, list[i], "");
		hatch_str_list_free(list, count);
	}
	for (size_t i = 0; err == 0 && i < c->npackages; i++) {
		const char *slash = strrchr(c->packages[i], '/');
		int have = 0;
		char *parent =
		        slash ? sw_strndup(c->packages[i], (size_t)(slash - c->packages[i])) : NULL;
		if (slash == NULL)
			continue;
		if (parent == NULL)
			return sw_error_set(SW_ENOMEM, "out of memory");
		size_t pl = strlen(c->packages[i]);
		for (size_t j = 0; j < c->sources.count; j++)
			have |= strncmp(c->sources.src[j], c->packages[i], pl) == 0 &&
			        strcmp(c->sources.src[j] + pl, "/") == 0;
		for (size_t j = 0; j < c->sources.count && !have; j++) {
			/* an existing rewrite of the parent becomes '' (a dict update) */
			if (strncmp(c->sources.src[j], parent, strlen(parent)) != 0 ||
			    strcmp(c->sources.src[j] + strlen(parent), "/") != 0)
				continue;
			char *empty = sw_strdup("");
			if (empty == NULL)
				err = sw_error_set(SW_ENOMEM, "out of memory");
			else {
				sw_free(c->sources.dst[j]);
				c->sources.dst[j] = empty;
			}
			have = 1;
		}
		if (!have)
			err = source_add(c, parent, "");
		sw_free(parent);
	}
	hatch_map_sort(&c->sources, 1);
	return err;
}

/* Reads force-include (source → target, relative to the root). */
int hatch_load_force(struct hconf *c)
{
	const sw_toml_node *n = hkey(c, "force-include");
	int err = 0;
	if (n == NULL)
		return 0;
	if (sw_toml_type(n) != SW_TOML_TABLE)
		return sw_error_set(SW_EINVAL, "hatchling: force-include must be a table");
	for (const sw_toml_node *e = sw_toml_first(n); e && err == 0; e = sw_toml_next(e)) {
		size_t kl = 0, vl = 0;
		const char *k = sw_toml_key(e, &kl), *v = NULL;
		char *src = NULL, *dst = NULL, *raw = sw_strndup(k, kl);
		if (raw == NULL)
			return sw_error_set(SW_ENOMEM, "out of memory");
		if (raw[0] == '/' || raw[0] == '~')
			err = bp_unsupported(c->bp, "force-include of '%s', outside the project",
			                     raw);
		else if (sw_toml_string(e, &v, &vl) < 0 || vl == 0)
			err = sw_error_set(SW_EINVAL, "hatchling: force-include '%s' needs a path",
			                   raw);
		else if ((err = hatch_normpath(&src, raw)) == SW_EINVAL)
			err = bp_unsupported(c->bp, "force-include of '%s', outside the project",
			                     raw);
		char *vv = err == 0 ? sw_strndup(v, vl) : NULL;
		if (err == 0 && vv == NULL)
			err = sw_error_set(SW_ENOMEM, "out of memory");
		if (err == 0 && (err = hatch_normpath(&dst, vv)) == 0)
			err = hatch_hmap_add(&c->force, src, dst);
		sw_free(vv);
		sw_free(raw);
		sw_free(src);
		sw_free(dst);
	}
	hatch_map_sort(&c->force, 0);
	return err;
}

/* Builds a pattern set from a list of lines; NULL-safe on an empty list. */
static int spec_add_lines(bp_ignore *ig, char **lines, size_t n)
{
	int err = 0;
	for (size_t i = 0; err == 0 && i < n; i++)
		err = bp_ignore_add(ig, lines[i]);
	return err;
}

/* Builds the exclude and include pattern sets. */
int hatch_load_specs(struct hconf *c, char **include, size_t ninclude)
{
	char **exclude = NULL;
	size_t nexclude = 0;
	int err;
	if ((err = bp_ignore_new(&c->exclude)) < 0)
		return err;
	if ((err = bp_ignore_add(c->exclude, "*.py[cdo]")) < 0 ||
	    (err = bp_ignore_add(c->exclude, "/dist")) < 0)
		return err;
	if (c->vcs_text != NULL && !c->vcs_off && !hatch_hbool(c, "ignore-vcs") &&
	    (err = bp_ignore_add_text(c->exclude, "", c->vcs_text, c->vcs_len)) < 0)
		return err;
	if ((err = hatch_hlist(c, "exclude", 0, &exclude, &nexclude)) == 0)
		err = spec_add_lines(c->exclude, exclude, nexclude);
	hatch_str_list_free(exclude, nexclude);
	if (err < 0 || (ninclude == 0 && c->npackages == 0))
		return err;
	if ((err = bp_ignore_new(&c->include)) < 0 ||
	    (err = spec_add_lines(c->include, include, ninclude)) < 0)
		return err;
	for (size_t i = 0; err == 0 && i < c->npackages; i++) {
		sw_buf b;
		sw_buf_init(&b, 64 * 1024);
		sw_buf_printf(&b, "/%s/", c->packages[i]);
		err = b.ptr ? bp_ignore_add(c->include, b.ptr)
		            : sw_error_set(SW_ENOMEM, "out of memory");
		sw_buf_free(&b);
	}
	return err;
}
