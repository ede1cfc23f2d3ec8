/*
 * project/groups.c — [dependency-groups] (PEP 735): loading each group's
 * items (requirement strings and {include-group = "..."} tables), finding a
 * group by its normalised name, and expanding a group with its includes in
 * place, recursively, detecting cycles.
 */
#include <stdlib.h>
#include <string.h>

#include "project/project_int.h"

/* Deepest chain of includes followed, and most items an expansion may
 * produce (includes can multiply: a group including another twice). */
#define MAX_DEPTH 256
#define MAX_ITEMS ((size_t)1 << 20)

/* Fills one item from an array entry. */
static int load_item(sw_project *p, sw_project_group_item *item, const sw_toml_node *node)
{
	const sw_toml_node *inc;
	int err;
	item->node = node;
	item->kind = SW_GROUP_INVALID;
	if (sw_toml_type(node) == SW_TOML_STRING) {
		item->kind = SW_GROUP_REQUIREMENT;
		if ((err = pj_str(p, &item->text, node)) < 0)
			return err;
		return pj_requirement(p, &item->req, &item->text);
	}
	sw_toml_value_pos(p->doc, node, &item->text.line, &item->text.col);
	if (sw_toml_type(node) != SW_TOML_TABLE || sw_toml_count(node) != 1)
		return 0;
	inc = sw_toml_find(node, "include-group", 13);
	if (!inc || sw_toml_type(inc) != SW_TOML_STRING)
		return 0;
	item->kind = SW_GROUP_INCLUDE;
	return pj_str(p, &item->text, inc);
}

/* Fills one group from its key and array. */
static int load_group(sw_project *p, sw_project_group *g, const sw_toml_node *node, sw_buf *norm)
{
	sw_project_group_item *items;
	const char *key;
	size_t klen, n = 0;
	int err;
	g->node = node;
	key = sw_toml_key(node, &klen);
	g->name.node = node;
	if (sw_toml_key_pos(p->doc, node, &g->name.line, &g->name.col) < 0)
		sw_toml_value_pos(p->doc, node, &g->name.line, &g->name.col);
	g->name.str = pj_strndup(&p->arena, key, klen);
	g->name.len = klen;
	sw_buf_clear(norm);
	sw_name_normalize(norm, key, klen);
	if (!g->name.str || sw_buf_error(norm) ||
	    !(g->normalized = pj_strndup(&p->arena, sw_buf_cstr(norm), norm->len)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	if (sw_toml_type(node) != SW_TOML_ARRAY || !sw_toml_count(node))
		return 0;
	if (!(items = pj_alloc(&p->arena, sw_toml_count(node) * sizeof(*items))))
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (const sw_toml_node *it = sw_toml_first(node); it; it = sw_toml_next(it))
		if ((err = load_item(p, &items[n++], it)) < 0)
			return err;
	g->items = items;
	g->count = n;
	return 0;
}

/* Sorts the normalised names for pj_group_index(). */
static int index_groups(sw_project *p)
{
	p->group_keys = pj_alloc(&p->arena, p->ngroups * sizeof(*p->group_keys));
	if (!p->group_keys)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < p->ngroups; i++)
		p->group_keys[i] = (struct pj_name){p->groups[i].normalized,
		                                    strlen(p->groups[i].normalized), i};
	qsort(p->group_keys, p->ngroups, sizeof(*p->group_keys), pj_name_cmp);
	return 0;
}

int pj_load_groups(sw_project *p, const sw_toml_node *table)
{
	sw_buf norm;
	size_t n = 0;
	int err = 0;
	if (!table || sw_toml_type(table) != SW_TOML_TABLE || !sw_toml_count(table))
		return 0;
	p->groups = pj_alloc(&p->arena, sw_toml_count(table) * sizeof(*p->groups));
	if (!p->groups)
		return sw_error_set(SW_ENOMEM, "out of memory");
	sw_buf_init(&norm, SW_BUF_MAX_DEFAULT);
	for (const sw_toml_node *it = sw_toml_first(table); it && !err; it = sw_toml_next(it))
		err = load_group(p, &p->groups[n++], it, &norm);
	sw_buf_free(&norm);
	p->ngroups = n;
	return err < 0 ? err : index_groups(p);
}

size_t sw_project_group_count(const sw_project *p)
{
	return p->ngroups;
}

const sw_project_group *sw_project_group_at(const sw_project *p, size_t i)
{
	return i < p->ngroups ? &p->groups[i] : NULL;
}

long pj_group_index(const sw_project *p, const char *name, size_t len)
{
	sw_buf norm;
	struct pj_name key;
	size_t lo = 0, hi = p->ngroups;
	sw_buf_init(&norm, SW_BUF_MAX_DEFAULT);
	if (sw_name_normalize(&norm, name, len) < 0) {
		sw_buf_free(&norm);
		return SW_ENOMEM;
	}
	key = (struct pj_name){sw_buf_cstr(&norm), norm.len, 0};
	/* The leftmost key not below (name, 0): the first group of that name. */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (pj_name_cmp(&p->group_keys[mid], &key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < p->ngroups && p->group_keys[lo].len == key.len &&
	    memcmp(p->group_keys[lo].s, key.s, key.len) == 0)
		hi = p->group_keys[lo].index;
	else
		hi = SIZE_MAX;
	sw_buf_free(&norm);
	return hi == SIZE_MAX ? SW_ENOTFOUND : (long)hi;
}

const sw_project_group *sw_project_group_find(const sw_project *p, const char *name, size_t len)
{
	long i = pj_group_index(p, name, len);
	return i < 0 ? NULL : &p->groups[i];
}

/* The state of one expansion. */
struct expand {
	const sw_project *p;
	const sw_project_group_item **items;
	size_t count, cap;
	size_t path[MAX_DEPTH];
	size_t depth;
	size_t visits; /* groups entered: bounds the work of includes of empty groups */
};

/* Sets the error for a cycle: the chain from the repeated group on. */
static int cycle_error(struct expand *e, size_t start, size_t g, const sw_project_str *at)
{
	sw_buf chain;
	int err;
	sw_buf_init(&chain, 4096);
	for (size_t i = start; i < e->depth; i++)
		sw_buf_printf(&chain, "%s -> ", e->p->groups[e->path[i]].name.str);
	sw_buf_puts(&chain, e->p->groups[g].name.str);
	err = sw_error_set_at(SW_EPARSE, e->p->path, at->line, at->col,
	                      "dependency group '%s' includes itself: %s", e->p->groups[g].name.str,
	                      sw_buf_cstr(&chain));
	sw_buf_free(&chain);
	return err;
}

static int push(struct expand *e, const sw_project_group_item *item)
{
	if (e->count == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 16;
		const sw_project_group_item **items;
		if (e->count >= MAX_ITEMS)
			return sw_error_set(SW_ETOOBIG,
			                    "dependency group expands to over %zu items",
			                    MAX_ITEMS);
		items = sw_realloc(e->items, cap * sizeof(*items));
		if (!items)
			return sw_error_set(SW_ENOMEM, "out of memory");
		e->items = items;
		e->cap = cap;
	}
	e->items[e->count++] = item;
	return 0;
}

static int expand_group(struct expand *e, size_t g);

/* Appends one item, or the expansion of the group it includes. */
static int expand_item(struct expand *e, const sw_project_group_item *it)
{
	const char *path = e->p->path;
	long target;
	switch (it->kind) {
	case SW_GROUP_REQUIREMENT:
		if (!it->req)
			return sw_error_set_at(SW_EPARSE, path, it->text.line, it->text.col,
			                       "'%s' is not a valid requirement", it->text.str);
		return push(e, it);
	case SW_GROUP_INCLUDE:
		target = pj_group_index(e->p, it->text.str, it->text.len);
		if (target == SW_ENOMEM)
			return sw_error_set(SW_ENOMEM, "out of memory");
		if (target < 0)
			return sw_error_set_at(SW_ENOTFOUND, path, it->text.line, it->text.col,
			                       "no dependency group named '%s'", it->text.str);
		for (size_t i = 0; i < e->depth; i++)
			if (e->path[i] == (size_t)target)
				return cycle_error(e, i, (size_t)target, &it->text);
		return expand_group(e, (size_t)target);
	default:
		return sw_error_set_at(SW_EPARSE, path, it->text.line, it->text.col,
		                       "an item of a dependency group must be a requirement "
		                       "string or {include-group = \"name\"}");
	}
}

static int expand_group(struct expand *e, size_t g)
{
	const sw_project_group *grp = &e->p->groups[g];
	int err = 0;
	if (++e->visits > MAX_ITEMS)
		return sw_error_set(SW_ETOOBIG, "dependency group expands to over %zu includes",
		                    MAX_ITEMS);
	if (e->depth == MAX_DEPTH)
		return sw_error_set_at(SW_ETOOBIG, e->p->path, grp->name.line, grp->name.col,
		                       "dependency group includes nest deeper than %d", MAX_DEPTH);
	if (sw_toml_type(grp->node) != SW_TOML_ARRAY)
		return sw_error_set_at(SW_EPARSE, e->p->path, grp->name.line, grp->name.col,
		                       "dependency group '%s' is not an array", grp->name.str);
	e->path[e->depth++] = g;
	for (size_t i = 0; i < grp->count && !err; i++)
		err = expand_item(e, &grp->items[i]);
	e->depth--;
	return err;
}

int sw_project_group_expand(const sw_project_group_item ***items, size_t *count,
                            const sw_project *p, const char *name)
{
	struct expand e = {.p = p};
	long g;
	int err;
	*items = NULL;
	*count = 0;
	if (!name)
		return sw_error_set(SW_EINVAL, "no group name given");
	g = pj_group_index(p, name, strlen(name));
	if (g == SW_ENOMEM)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if (g < 0)
		return sw_error_set(SW_ENOTFOUND, "no dependency group named '%s'", name);
	if ((err = expand_group(&e, (size_t)g)) < 0) {
		sw_free(e.items);
		return err;
	}
	if (!e.items && !(e.items = sw_malloc(sizeof(*e.items))))
		return sw_error_set(SW_ENOMEM, "out of memory");
	*items = e.items;
	*count = e.count;
	return 0;
}
