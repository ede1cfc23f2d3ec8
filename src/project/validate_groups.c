/*
 * project/validate_groups.c — the checks of [dependency-groups] (names,
 * duplicates after normalisation, items, unknown includes, include cycles
 * found by one depth-first search over all groups) and of the project's
 * folder: a setup.py beside a static [project], and a src/ layout whose
 * package does not match the project name.
 */
#include <string.h>

#include "project/project_int.h"

/* The group an include names; -1 if none (or out of memory, recorded). */
static long include_target(struct pj_check *c, const sw_project_group_item *it)
{
	long t = pj_group_index(c->p, it->text.str, it->text.len);
	if (t == SW_ENOMEM)
		c->err = SW_ENOMEM;
	return t < 0 ? -1 : t;
}

static void check_items(struct pj_check *c, const sw_project_group *g)
{
	for (size_t i = 0; i < g->count; i++) {
		const sw_project_group_item *it = &g->items[i];
		if (it->kind == SW_GROUP_INVALID)
			pj_diag(c, R_GROUP_ITEM_INVALID, it->text.line, it->text.col, g->name.str,
			        NULL, NULL);
		else if (it->kind == SW_GROUP_REQUIREMENT && !it->req)
			pj_check_requirement(c, &it->text);
		else if (it->kind == SW_GROUP_INCLUDE && include_target(c, it) < 0 && !c->err)
			pj_diag_str(c, R_GROUP_INCLUDE_UNKNOWN, &it->text, it->text.str, NULL);
	}
}

/* The search state: colour of each group and the current path. */
struct dfs {
	unsigned char *colour; /* 0 unseen, 1 on the path, 2 done */
	size_t *group, *item;  /* the path: group and next item to follow */
	size_t *pos;           /* where a group on the path is in it */
	size_t depth;
};

/* Groups shown at each end of a long cycle in a message. */
#define CYCLE_SHOWN 8

/* Reports the cycle closed by the include `it` back to group `target`. */
static void report_cycle(struct pj_check *c, const struct dfs *d, size_t target,
                         const sw_project_group_item *it)
{
	const sw_project *p = c->p;
	sw_buf_clear(&c->tmp);
	for (size_t k = d->pos[target]; k < d->depth; k++) {
		if (k == d->pos[target] + CYCLE_SHOWN && d->depth - k > CYCLE_SHOWN) {
			sw_buf_puts(&c->tmp, "... -> ");
			k = d->depth - CYCLE_SHOWN;
		}
		sw_buf_printf(&c->tmp, "%s -> ", p->groups[d->group[k]].name.str);
	}
	sw_buf_puts(&c->tmp, p->groups[target].name.str);
	pj_diag_str(c, R_GROUP_INCLUDE_CYCLE, &it->text, p->groups[target].name.str,
	            sw_buf_cstr(&c->tmp));
}

/* Follows includes from group `start`, reporting every include that leads
 * back onto the current path. */
static void search(struct pj_check *c, struct dfs *d, size_t start)
{
	const sw_project *p = c->p;
	d->depth = 0;
	d->pos[start] = 0;
	d->group[d->depth] = start;
	d->item[d->depth++] = 0;
	d->colour[start] = 1;
	while (d->depth) {
		size_t g = d->group[d->depth - 1], i = d->item[d->depth - 1]++;
		const sw_project_group_item *it;
		long t;
		if (i >= p->groups[g].count) {
			d->colour[g] = 2;
			d->depth--;
			continue;
		}
		it = &p->groups[g].items[i];
		if (it->kind != SW_GROUP_INCLUDE || (t = include_target(c, it)) < 0)
			continue;
		if (d->colour[t] == 1) {
			report_cycle(c, d, (size_t)t, it);
		} else if (d->colour[t] == 0) {
			d->colour[t] = 1;
			d->pos[t] = d->depth;
			d->group[d->depth] = (size_t)t;
			d->item[d->depth++] = 0;
		}
	}
}

static void check_cycles(struct pj_check *c)
{
	size_t n = c->p->ngroups;
	struct dfs d = {0};
	d.colour = sw_calloc(n, 1);
	d.group = sw_malloc(n * sizeof(size_t));
	d.item = sw_malloc(n * sizeof(size_t));
	d.pos = sw_malloc(n * sizeof(size_t));
	if (!d.colour || !d.group || !d.item || !d.pos)
		c->err = SW_ENOMEM;
	for (size_t g = 0; g < n && !c->err; g++)
		if (!d.colour[g])
			search(c, &d, g);
	sw_free(d.colour);
	sw_free(d.group);
	sw_free(d.item);
	sw_free(d.pos);
}

static void report_group_duplicate(void *ctx, size_t i, size_t first)
{
	struct pj_check *c = ctx;
	const sw_project_group *g = c->p->groups;
	pj_diag_str(c, R_GROUP_NAME_DUPLICATE, &g[i].name, g[i].name.str, g[first].name.str);
}

/* Names that are the same once normalised (among valid names). */
static void check_duplicates(struct pj_check *c)
{
	const sw_project *p = c->p;
	struct pj_name *names = sw_malloc(p->ngroups * sizeof(*names));
	size_t n = 0;
	if (!names) {
		c->err = SW_ENOMEM;
		return;
	}
	for (size_t i = 0; i < p->ngroups; i++)
		if (sw_name_is_valid(p->groups[i].name.str, p->groups[i].name.len))
			names[n++] = (struct pj_name){p->groups[i].normalized,
			                              strlen(p->groups[i].normalized), i};
	pj_duplicates(names, n, report_group_duplicate, c);
	sw_free(names);
}

void pj_check_groups(struct pj_check *c)
{
	const sw_project *p = c->p;
	for (size_t i = 0; i < p->ngroups; i++) {
		const sw_project_group *g = &p->groups[i];
		if (!sw_name_is_valid(g->name.str, g->name.len))
			pj_diag_str(c, R_GROUP_NAME_INVALID, &g->name, g->name.str, NULL);
		if (pj_want(c, g->node, SW_TOML_ARRAY))
			check_items(c, g);
	}
	if (p->ngroups) {
		check_duplicates(c);
		check_cycles(c);
	}
}

/* ---- the project's folder ---------------------------------------------------- */

/* Joins the root and `rel` into `path`; 0, or -1 to skip the check (an
 * allocation failure is recorded). */
static int join(struct pj_check *c, sw_buf *path, const char *rel, size_t len)
{
	int err = pj_path_join(path, c->p->root, rel, len);
	if (err == SW_ENOMEM)
		c->err = SW_ENOMEM;
	return err < 0 ? -1 : 0;
}

/* Whether src/ has a package or module called `name`. */
static int has_package(struct pj_check *c, sw_buf *path, const char *name, size_t len)
{
	int found;
	if (join(c, path, "src/", 4) < 0)
		return 1;
	sw_buf_put(path, name, len);
	found = pj_is_dir(sw_buf_cstr(path));
	sw_buf_puts(path, ".py");
	if (sw_buf_error(path) == SW_ENOMEM) {
		c->err = SW_ENOMEM;
		return 1;
	}
	return found || pj_is_file(sw_buf_cstr(path));
}

/* Whether an import name of the project is a package or module in src/. */
static int import_name_found(struct pj_check *c, sw_buf *path)
{
	const sw_project_strs *names = &c->p->meta.import_names;
	for (size_t i = 0; i < names->count; i++) {
		const sw_project_str *s = &names->items[i];
		size_t n = strcspn(s->str, ".; ");
		if (n && has_package(c, path, s->str, n))
			return 1;
	}
	return 0;
}

static void check_src(struct pj_check *c, sw_buf *path)
{
	const sw_project_meta *m = &c->p->meta;
	char *pkg;
	if (!m->name.str || !sw_name_is_valid(m->name.str, m->name.len))
		return;
	if (join(c, path, "src", 3) < 0 || !pj_is_dir(sw_buf_cstr(path)))
		return;
	pkg = sw_strdup(m->normalized_name);
	if (!pkg) {
		c->err = SW_ENOMEM;
		return;
	}
	for (char *q = pkg; *q; q++)
		if (*q == '-')
			*q = '_';
	if (!has_package(c, path, pkg, strlen(pkg)) && !import_name_found(c, path))
		pj_diag_str(c, R_LAYOUT_SRC_NO_PACKAGE, &m->name, m->name.str, pkg);
	sw_free(pkg);
}

void pj_check_layout(struct pj_check *c)
{
	sw_buf path;
	if (!c->fs || !c->p->meta.present)
		return;
	sw_buf_init(&path, 8192);
	if (join(c, &path, "setup.py", 8) == 0 && pj_is_file(sw_buf_cstr(&path)))
		pj_diag_at(c, R_LAYOUT_SETUP_PY, c->p->meta.node, NULL, NULL);
	if (!c->err)
		check_src(c, &path);
	sw_buf_free(&path);
}
