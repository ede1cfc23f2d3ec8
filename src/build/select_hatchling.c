/*
 * build/select_hatchling.c — hatchling 1.27's file selection (builders/
 * config.py, plugin/interface.py, sdist.py, wheel.py): for each target,
 * the include/exclude/packages/only-include/sources/force-include keys of
 * [tool.hatch.build.targets.<t>] or else [tool.hatch.build]; the global
 * excludes (*.py[cdo], /dist) and the .gitignore found from the root
 * upwards; hatchling's always-skipped folders; the sdist's forced files
 * (pyproject.toml, hatch_build.py, the .gitignore, readme, license files);
 * and the wheel's default package discovery, with hatchling's advice when
 * it finds nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "build/hatch_int.h"
#include "util/util.h"

/* The path as hatchling ships it: the first matching `sources` rewrite. */
static char *dist_path(const struct hconf *c, const char *rel)
{
	for (size_t i = 0; i < c->sources.count; i++) {
		const char *s = c->sources.src[i], *d = c->sources.dst[i];
		size_t sl = strlen(s), dl = strlen(d);
		if (sl != 0 && strncmp(rel, s, sl) != 0)
			continue;
		char *out = sw_malloc(dl + strlen(rel + sl) + 1);
		if (out != NULL) {
			memcpy(out, d, dl);
			memcpy(out + dl, rel + sl, strlen(rel + sl) + 1);
		}
		return out;
	}
	return sw_strdup(rel);
}

static int is_reserved(const struct hconf *c, const char *path)
{
	for (size_t i = 0; i < c->nreserved; i++)
		if (strcmp(c->reserved[i], path) == 0)
			return 1;
	return 0;
}

/* hatchling's include_path(): exclusion, inclusion and only-packages. */
static int path_included(const struct hconf *c, const char *rel, int explicit)
{
	if (c->exclude_all)
		return 0;
	if (c->only_packages) {
		const char *slash = strrchr(rel, '/');
		char init[4096];
		int n = snprintf(init, sizeof(init), "%.*s%s__init__.py",
		                 slash ? (int)(slash - rel) : 0, rel, slash ? "/" : "");
		if (n < 0 || (size_t)n >= sizeof(init) || !bp_is_file(c->bp, init))
			return 0;
	}
	if (bp_ignore_match(c->exclude, rel, 0))
		return 0;
	return explicit || c->include == NULL || bp_ignore_match(c->include, rel, 0);
}

/* A walk over the tree or one selected folder. */
struct hwalk {
	struct hconf *c;
	const char *src; /* the folder walked ("" for the project) */
	const char *dst; /* the path it stands for in selection */
	int mode;        /* 0 project files, 1 explicit (only-include), 2 forced */
};

/* The selection path of a walked file: dst + what follows src. */
static char *walk_rel(const struct hwalk *w, const char *rel)
{
	size_t sl = strlen(w->src);
	const char *tail = rel + sl + (sl > 0);
	sw_buf b;
	sw_buf_init(&b, 64 * 1024);
	sw_buf_printf(&b, "%s%s%s", w->dst, w->dst[0] ? "/" : "", tail);
	if (sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		return NULL;
	}
	return sw_buf_detach(&b, NULL);
}

/* Decides whether to enter a folder. */
static int visit_dir(const struct hwalk *w, const char *rel, const char *name)
{
	if (hatch_dir_excluded(name))
		return 0;
	if (w->mode != 0)
		return 1;
	if (is_reserved(w->c, rel))
		return 0;
	return !(w->c->skip_excluded_dirs && bp_ignore_match(w->c->exclude, rel, 1));
}

static int visit(void *ctx, const char *rel, int is_dir)
{
	const struct hwalk *w = ctx;
	const char *slash = strrchr(rel, '/');
	const char *name = slash ? slash + 1 : rel;
	if (is_dir)
		return visit_dir(w, rel, name);
	if (strcmp(name, ".DS_Store") == 0)
		return 0;
	char *sel = walk_rel(w, rel);
	char *dist = sel ? dist_path(w->c, sel) : NULL;
	int err = 0;
	if (sel == NULL || dist == NULL)
		err = sw_error_set(SW_ENOMEM, "out of memory");
	else if (!is_reserved(w->c, dist) && (w->mode == 2 || path_included(w->c, sel, w->mode)))
		err = bp_add_file(w->c->bp, (unsigned)w->c->target, dist, rel);
	sw_free(sel);
	sw_free(dist);
	return err;
}

/* Adds one mapped path: a file directly, a folder by walking it. */
static int add_mapped(struct hconf *c, const char *src, const char *dst, int mode)
{
	if (bp_is_file(c->bp, src)) {
		char *dist = dist_path(c, dst);
		int err = dist ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
		if (err == 0 && (mode == 2 || !is_reserved(c, dist)))
			err = bp_add_file(c->bp, (unsigned)c->target, dist, src);
		sw_free(dist);
		return err;
	}
	if (!bp_is_dir(c->bp, src))
		return sw_error_set(SW_ENOTFOUND, "hatchling: %s '%s' not found in the project",
		                    mode == 2 ? "force-include" : "package or only-include path",
		                    src);
	struct hwalk w = {c, src, dst, mode};
	return bp_walk(c->bp, src, visit, &w);
}

/* The name hatchling looks for: runs of characters other than word
 * characters and '.' replaced by '_' (normalize_file_name_component). */
static char *file_name_component(const char *name)
{
	sw_buf b;
	sw_buf_init(&b, 4096);
	for (const char *p = name; *p;) {
		unsigned char ch = (unsigned char)*p;
		if (ch >= 0x80 || ch == '_' || ch == '.' || (ch >= '0' && ch <= '9') ||
		    ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z')) {
			sw_buf_putc(&b, *p++);
			continue;
		}
		sw_buf_putc(&b, '_');
		while (*p &&
		       !(((unsigned char)*p >= 0x80) || *p == '_' || *p == '.' ||
		         (*p >= '0' && *p <= '9') || ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
			p++;
	}
	if (sw_buf_error(&b) < 0 || b.ptr == NULL) {
		sw_buf_free(&b);
		return NULL;
	}
	return sw_buf_detach(&b, NULL);
}

/* Returns 1 if rel/name/__init__.py exists ("" rel: the root). */
static int has_package(struct bp *bp, const char *rel, const char *name)
{
	char path[4096];
	int n = snprintf(path, sizeof(path), "%s%s%s/__init__.py", rel, rel[0] ? "/" : "", name);
	return n > 0 && (size_t)n < sizeof(path) && bp_is_file(bp, path);
}

/* hatchling's glob('*' '/<name>/__init__.py'): the one top folder holding
 * the package, as a new string; NULL if none or several. */
struct ns_find {
	struct bp *bp;
	const char *name;
	char *found;
	int count;
};

static int ns_visit(void *ctx, const char *rel, int is_dir)
{
	struct ns_find *f = ctx;
	if (!is_dir || rel[0] == '.' || !has_package(f->bp, rel, f->name))
		return 0;
	if (f->count++ == 0 && (f->found = sw_strdup(rel)) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	return 0;
}

/* Adds the one discovered package or module, hatchling's way. */
static int discover_one(struct hconf *c, const char *n, int *done)
{
	struct bp *bp = c->bp;
	sw_buf b;
	int err = 0;
	sw_buf_init(&b, 64 * 1024);
	*done = 1;
	if (has_package(bp, "", n))
		err = hatch_hmap_add(&c->only, n, n);
	else if (has_package(bp, "src", n) && sw_buf_printf(&b, "src/%s", n) == 0)
		err = hatch_hmap_add(&c->only, b.ptr, b.ptr);
	else if (sw_buf_printf(&b, "%s.py", n) == 0 && bp_is_file(bp, b.ptr))
		err = hatch_hmap_add(&c->only, b.ptr, b.ptr);
	else {
		struct ns_find f = {bp, n, NULL, 0};
		err = bp_walk(bp, "", ns_visit, &f);
		if (err == 0 && f.count == 1)
			err = hatch_hmap_add(&c->only, f.found, f.found);
		else
			*done = 0;
		sw_free(f.found);
	}
	if (err == 0 && sw_buf_error(&b) < 0)
		err = sw_error_set(SW_ENOMEM, "out of memory");
	sw_buf_free(&b);
	return err;
}

/* The wheel's default file selection (WheelBuilderConfig
 * .default_file_selection_options): the package or module named after the
 * project, or hatchling's refusal. */
static int discover(struct hconf *c)
{
	char *names[2] = {file_name_component(c->bp->plan->name),
	                  file_name_component(c->bp->meta->normalized_name
	                                              ? c->bp->meta->normalized_name
	                                              : c->bp->plan->name)};
	int err = 0, done = 0;
	if (names[0] == NULL || names[1] == NULL)
		err = sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; err == 0 && !done && i < 2; i++)
		err = discover_one(c, names[i], &done);
	if (err == 0 && done) {
		/* a package's folder is a package of the selection too */
		const char *p = c->only.src[0];
		size_t l = strlen(p);
		if (l < 3 || strcmp(p + l - 3, ".py") != 0) {
			c->packages = sw_calloc(1, sizeof(char *));
			if (c->packages == NULL || (c->packages[0] = sw_strdup(p)) == NULL)
				err = sw_error_set(SW_ENOMEM, "out of memory");
			else
				c->npackages = 1;
		}
		if (err == 0)
			err = bp_note(c->bp, "wheel: found %s by hatchling's default discovery", p);
	} else if (err == 0 && c->force.count > 0) {
		c->exclude_all = 1;
	} else if (err == 0) {
		const char *a = strcmp(names[0], names[1]) < 0 ? names[0] : names[1];
		const char *z = a == names[0] ? names[1] : names[0];
		err = sw_error_set(SW_ENOTFOUND,
		                   "hatchling: unable to determine which files to ship inside the "
		                   "wheel: no folder matches the project's name (%s%s%s) at the "
		                   "root or under src/, nor a module %s.py; define one in "
		                   "[tool.hatch.build.targets.wheel], e.g. packages = [\"src/%s\"]",
		                   a, strcmp(a, z) ? " or " : "", strcmp(a, z) ? z : "", names[1],
		                   names[1]);
	}
	sw_free(names[0]);
	sw_free(names[1]);
	return err;
}

/* The .gitignore hatchling uses: the first one from the root upwards,
 * stopping at a folder that holds .git. Sets *text (new, or NULL) and
 * *inside (1 if it is the root's own). */
static int locate_vcs(struct bp *bp, char **text, size_t *len, int *inside)
{
	sw_buf dir;
	int err = 0;
	*text = NULL;
	*len = 0;
	*inside = 1;
	sw_buf_init(&dir, 64 * 1024);
	if (sw_buf_puts(&dir, bp->plan->root) < 0)
		err = sw_error_set(SW_ENOMEM, "out of memory");
	while (err == 0 && dir.ptr != NULL) {
		size_t mark = dir.len;
		sw_buf_puts(&dir, "/.gitignore");
		if (sw_buf_error(&dir) < 0) {
			err = sw_error_set(SW_ENOMEM, "out of memory");
			break;
		}
		err = sw_file_read(text, len, NULL, dir.ptr, (size_t)4 * 1024 * 1024);
		if (err == 0 || err != SW_ENOTFOUND)
			break;
		err = 0;
		dir.len = mark;
		sw_buf_puts(&dir, "/.git");
		int has_git = access(dir.ptr, F_OK) == 0;
		dir.len = mark;
		dir.ptr[mark] = '\0';
		char *slash = strrchr(dir.ptr, '/');
		if (has_git || slash == NULL || mark == 0)
			break;
		dir.len = (size_t)(slash - dir.ptr);
		dir.ptr[dir.len] = '\0';
		*inside = 0;
		if (dir.len == 0)
			break; /* the file-system root: hatchling looks there too */
	}
	sw_buf_free(&dir);
	return err;
}

static void conf_free(struct hconf *c)
{
	bp_ignore_free(c->include);
	bp_ignore_free(c->exclude);
	hatch_str_list_free(c->packages, c->npackages);
	hatch_str_list_free(c->reserved, c->nreserved);
	hatch_hmap_free(&c->sources);
	hatch_hmap_free(&c->only);
	hatch_hmap_free(&c->force);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sdist's forced files (SdistBuilder.get_default_build_data). */
static int sdist_defaults(struct hconf *c, int vcs_inside)
{
	struct bp *bp = c->bp;
	static const char *const fixed[] = {"pyproject.toml", "hatch_build.py"};
	const char *lf;
	int err = 0;
	for (size_t i = 0; err == 0 && i < SW_ARRAY_LEN(fixed); i++)
		if (bp_is_file(bp, fixed[i]))
			err = hatch_hmap_add(&c->force, fixed[i], fixed[i]);
	if (err == 0 && c->vcs_text != NULL && vcs_inside)
		err = hatch_hmap_add(&c->force, ".gitignore", ".gitignore");
	if (err == 0 && bp->meta->readme.kind == SW_README_FILE) {
		char *rd = NULL;
		if ((err = hatch_normpath(&rd, bp->meta->readme.file.str)) == 0)
			err = hatch_hmap_add(&c->force, rd, rd);
		sw_free(rd);
	}
	for (size_t i = 0;
	     err == 0 && (lf = sw_metadata_value(bp->plan->metadata, SW_MD_LICENSE_FILE, i)); i++)
		err = hatch_hmap_add(&c->force, lf, lf);
	return err;
}

/* Marks the paths that forced files take (config.set_build_data()). */
static int load_reserved(struct hconf *c)
{
	size_t n = c->force.count + 1;
	if ((c->reserved = sw_calloc(n, sizeof(char *))) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < c->force.count; i++) {
		if ((c->reserved[i] = dist_path(c, c->force.src[i])) == NULL)
			return sw_error_set(SW_ENOMEM, "out of memory");
		c->nreserved++;
	}
	if (c->target == BP_SDIST && c->vcs_text != NULL && !bp_is_file(c->bp, ".gitignore")) {
		if ((c->reserved[c->nreserved] = sw_strdup(".gitignore")) == NULL)
			return sw_error_set(SW_ENOMEM, "out of memory");
		c->nreserved++;
	}
	return 0;
}

/* Reads the selection keys into *c, the wheel's defaults included. */
static int conf_load(struct hconf *c, int vcs_inside)
{
	char **include = NULL, **only = NULL;
	size_t ninclude = 0, nonly = 0;
	int err;
	c->build = hatch_build_table(c->bp);
	c->tcfg = hatch_target_table(c->bp, c->name);
	c->skip_excluded_dirs = hatch_hbool(c, "skip-excluded-dirs");
	c->only_packages = hatch_hbool(c, "only-packages");
	if ((err = hatch_hlist(c, "packages", 1, &c->packages, &c->npackages)) < 0 ||
	    (err = hatch_hlist(c, "include", 0, &include, &ninclude)) < 0 ||
	    (err = hatch_hlist(c, "only-include", 1, &only, &nonly)) < 0 ||
	    (err = hatch_load_force(c)) < 0)
		goto done;
	if (c->npackages > 1)
		qsort(c->packages, c->npackages, sizeof(char *), cmp_str);
	if (c->target == BP_WHEEL && ninclude == 0 && c->npackages == 0 && nonly == 0) {
		err = discover(c);
	} else {
		char **list = nonly ? only : c->packages;
		size_t n = nonly ? nonly : c->npackages;
		for (size_t i = 0; err == 0 && i < n; i++)
			err = list[i][0]
			              ? hatch_hmap_add(&c->only, list[i], list[i])
			              : sw_error_set(SW_EINVAL, "hatchling: only-include and "
			                                        "packages paths must not be '.'");
		hatch_map_sort(&c->only, 0);
	}
	if (err == 0 && c->target == BP_SDIST)
		err = sdist_defaults(c, vcs_inside);
	if (err == 0 && (err = hatch_load_sources(c)) == 0 && (err = load_reserved(c)) == 0)
		err = hatch_load_specs(c, include, ninclude);
done:
	hatch_str_list_free(include, ninclude);
	hatch_str_list_free(only, nonly);
	return err;
}

/* Selects one target's files. */
static int select_target(struct hconf *c)
{
	int err = 0;
	if (c->only.count > 0) {
		for (size_t i = 0; err == 0 && i < c->only.count; i++)
			err = add_mapped(c, c->only.src[i], c->only.dst[i], 1);
	} else if (!c->exclude_all) {
		struct hwalk w = {c, "", "", 0};
		err = bp_walk(c->bp, "", visit, &w);
	}
	for (size_t i = 0; err == 0 && i < c->force.count; i++)
		err = add_mapped(c, c->force.src[i], c->force.dst[i], 2);
	if (err == 0 && c->target == BP_SDIST && c->vcs_text != NULL &&
	    !bp_is_file(c->bp, ".gitignore"))
		err = bp_add_data(c->bp, BP_SDIST, ".gitignore", c->vcs_text, c->vcs_len);
	return err;
}

/* hatchling drops the .gitignore's patterns when they match the project
 * folder itself (its absolute path without the leading '/'). */
static int vcs_matches_root(struct bp *bp, const char *text, size_t len, int *off)
{
	bp_ignore *ig = NULL;
	int err = bp_ignore_new(&ig);
	if (err == 0)
		err = bp_ignore_add_text(ig, "", text, len);
	*off = err == 0 && bp_ignore_match(ig, bp->plan->root + 1, 0);
	bp_ignore_free(ig);
	return err;
}

int bp_rules_hatchling(struct bp *bp)
{
	static const struct {
		enum bp_target target;
		const char *name;
	} targets[] = {{BP_SDIST, "sdist"}, {BP_WHEEL, "wheel"}};
	char *vcs = NULL;
	size_t vcs_len = 0;
	int inside = 1, off = 0, err;
	if ((err = hatch_check_supported(bp)) < 0 || (err = hatch_adjust_metadata(bp)) < 0 ||
	    (err = locate_vcs(bp, &vcs, &vcs_len, &inside)) < 0)
		goto done;
	if (vcs != NULL && (err = vcs_matches_root(bp, vcs, vcs_len, &off)) < 0)
		goto done;
	if (vcs != NULL && (err = bp_note(bp,
	                                  off ? "the .gitignore ignores the project itself: "
	                                        "hatchling uses none of its patterns"
	                                      : "excluding what %s.gitignore ignores",
	                                  inside ? "" : "a parent folder's ")) < 0)
		goto done;
	for (size_t i = 0; err == 0 && i < SW_ARRAY_LEN(targets); i++) {
		if ((targets[i].target == BP_SDIST && !bp->opts->want_sdist) ||
		    (targets[i].target == BP_WHEEL && !bp->opts->want_wheel))
			continue;
		struct hconf c = {.bp = bp, .target = targets[i].target, .name = targets[i].name};
		c.vcs_text = vcs;
		c.vcs_len = vcs_len;
		c.vcs_off = off;
		if ((err = conf_load(&c, inside)) == 0)
			err = select_target(&c);
		conf_free(&c);
	}
done:
	sw_free(vcs);
	return err;
}
