/*
 * build/select_setuptools_sdist.c — the sdist half of setuptools 78's rules
 * (command/sdist.py, command/egg_info.py, command/_requirestxt.py,
 * _entry_points.py, distutils' sdist.add_defaults): the manifest of files
 * setuptools includes without MANIFEST.in and without a VCS plugin, the
 * setup.cfg it writes into the sdist ([egg_info] tag_build/tag_date), and
 * the {name}.egg-info folder: PKG-INFO (the same text as the sdist's),
 * SOURCES.txt (the manifest plus the egg-info files, sorted by folder then
 * name, no final newline), dependency_links.txt, entry_points.txt and
 * requires.txt when not empty, top_level.txt, and zip-safe/not-zip-safe
 * when [tool.setuptools] zip-safe is set. The sdist has no folder entries
 * here (setuptools' tar has them; they carry no content).
 */
#include <stdlib.h>
#include <string.h>

#include "build/select_setuptools.h"
#include "slipway/metadata.h"
#include "util/util.h"

/* distutils' standard README names, the first found is taken. */
static const char *const st_readmes[] = {"README", "README.rst", "README.txt", "README.md"};

/* Optional defaults of distutils' sdist (globs). */
static const char *const st_optional[] = {"tests/test*.py", "test/test*.py"};

/* The text of setup.cfg that setuptools writes into every sdist. */
static const char st_setup_cfg[] = "[egg_info]\ntag_build = \ntag_date = 0\n\n";

/* Returns 1 if the manifest's pruning drops a path: build/, the VCS
 * folders anywhere, .tox/.nox/.venv at the root. */
static int st_pruned(const char *path)
{
	static const char *const vcs[] = {"RCS", "CVS", ".svn", ".bzr", ".hg", ".git", "_darcs"};
	static const char *const roots[] = {"build", ".tox", ".nox", ".venv"};
	for (size_t i = 0; i < SW_ARRAY_LEN(roots); i++) {
		size_t n = strlen(roots[i]);
		if (strncmp(path, roots[i], n) == 0 && path[n] == '/')
			return 1;
	}
	for (const char *p = path; p != NULL; p = strchr(p, '/') ? strchr(p, '/') + 1 : NULL)
		for (size_t i = 0; i < SW_ARRAY_LEN(vcs); i++) {
			size_t n = strlen(vcs[i]);
			if (strncmp(p, vcs[i], n) == 0 && p[n] == '/')
				return 1;
		}
	return 0;
}

/* Appends each item of a list that the pruning keeps. */
static int st_extend(sel_strs *out, const sel_strs *in)
{
	int err = 0;
	for (size_t i = 0; i < in->count && err == 0; i++)
		if (!st_pruned(in->items[i]))
			err = sel_strs_add(out, in->items[i]);
	return err;
}

int st_manifest(struct st *st, sel_strs *out)
{
	sel_strs found = {0};
	int err = 0;
	for (size_t i = 0; i < SW_ARRAY_LEN(st_readmes); i++)
		if (sel_is_file(st->bp, st_readmes[i])) {
			err = sel_strs_add(&found, st_readmes[i]);
			break;
		}
	for (size_t i = 0; i < SW_ARRAY_LEN(st_optional) && err == 0; i++)
		err = sel_pyglob(st->bp, "", st_optional[i], &found, NULL);
	if (err == 0 && sel_is_file(st->bp, "pyproject.toml"))
		err = sel_strs_add(&found, "pyproject.toml");
	if (err == 0)
		err = st_extend(&found, &st->sources);
	if (err == 0)
		err = st_extend(&found, &st->data);
	if (err == 0)
		err = st_extend(&found, &st->licenses);
	if (err == 0)
		err = st_extend(&found, &st->referenced);
	if (err == 0)
		err = st_extend(out, &found);
	sel_strs_sort_unique(out);
	sel_strs_free(&found);
	return err;
}

/* Orders paths as distutils' FileList.sort(): by (folder, name). */
static int st_cmp_split(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	const char *sx = strrchr(x, '/'), *sy = strrchr(y, '/');
	size_t dx = sx ? (size_t)(sx - x) : 0, dy = sy ? (size_t)(sy - y) : 0;
	int c = memcmp(x, y, dx < dy ? dx : dy);
	if (c != 0)
		return c;
	if (dx != dy)
		return dx < dy ? -1 : 1;
	return strcmp(sx ? sx + 1 : x, sy ? sy + 1 : y);
}

/* One egg-info file: its name and text. */
struct st_egg_file {
	const char *name;
	char *text;
};

/* entry_points.txt: groups sorted, "name = value" sorted, a blank line
 * between groups (_entry_points.render); "" when there are none. */
static char *st_entry_points(const struct bp *bp)
{
	const sw_project_meta *m = bp->meta;
	sel_strs lines = {0};
	sw_buf b;
	int err = 0;
	size_t groups = 2 + m->entry_points.count;
	for (size_t g = 0; g < groups && err == 0; g++) {
		const sw_project_pairs *p = g == 0   ? &m->scripts
		                            : g == 1 ? &m->gui_scripts
		                                     : &m->entry_points.items[g - 2].entries;
		const char *group = g == 0   ? "console_scripts"
		                    : g == 1 ? "gui_scripts"
		                             : m->entry_points.items[g - 2].name.str;
		for (size_t i = 0; i < p->count && err == 0; i++)
			err = sel_strs_addf(&lines, "%s\x01%s = %s", group, p->items[i].key.str,
			                    p->items[i].value.str);
	}
	sel_strs_sort_unique(&lines);
	sw_buf_init(&b, 16 * 1024 * 1024);
	for (size_t i = 0; i < lines.count && err == 0; i++) {
		const char *sep = strchr(lines.items[i], '\x01');
		size_t glen = (size_t)(sep - lines.items[i]);
		int first = i == 0 || strncmp(lines.items[i - 1], lines.items[i], glen + 1) != 0;
		if (first)
			sw_buf_printf(&b, "%s[%.*s]\n", i ? "\n\n" : "", (int)glen, lines.items[i]);
		else
			sw_buf_putc(&b, '\n');
		sw_buf_puts(&b, sep + 1);
	}
	if (lines.count > 0)
		sw_buf_putc(&b, '\n');
	sel_strs_free(&lines);
	if (err < 0 || sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		sw_error_set(SW_ENOMEM, "out of memory");
		return NULL;
	}
	return sw_buf_detach(&b, NULL);
}

/* str(Requirement) without its marker, and str(Marker) ("" for none). */
static int st_req_parts(const sw_requirement *req, sel_strs *out)
{
	sw_buf r, mk;
	const sw_marker *marker = sw_requirement_marker(req);
	sw_buf_init(&r, SW_PEP508_MAX_LEN * 4);
	sw_buf_init(&mk, SW_PEP508_MAX_LEN * 4);
	sw_requirement_format(&r, req);
	if (marker != NULL)
		sw_marker_format(&mk, marker);
	int err = sw_buf_error(&r) < 0 || sw_buf_error(&mk) < 0 ? SW_ENOMEM : 0;
	if (err == 0 && marker != NULL) {
		size_t cut = r.len - mk.len - 2; /* "; marker" */
		while (cut > 0 && r.ptr[cut - 1] == ' ')
			cut--;
		r.len = cut;
		r.ptr[cut] = '\0';
	}
	if (err == 0)
		err = sel_strs_add(out, sw_buf_cstr(&r));
	if (err == 0)
		err = sel_strs_add(out, sw_buf_cstr(&mk));
	sw_buf_free(&r);
	sw_buf_free(&mk);
	return err < 0 ? sw_error_set(SW_ENOMEM, "out of memory") : 0;
}

/* Files one requirement under its requires.txt section: `extra` (as
 * written; NULL for the dependencies), with ":marker" appended when the
 * requirement has one; a marker-less dependency has no section ("\x01"
 * sorts it first). */
static int st_req_entry(const sw_requirement *req, const char *extra, sel_strs *sections,
                        sel_strs *entries)
{
	sel_strs parts = {0};
	int err = st_req_parts(req, &parts);
	if (err < 0) {
		sel_strs_free(&parts);
		return err;
	}
	const char *line = parts.items[0], *marker = parts.items[1];
	sel_strs key = {0};
	if (extra == NULL && marker[0] == '\0')
		err = sel_strs_add(&key, "");
	else
		err = sel_strs_addf(&key, "%s%s%s", extra ? extra : "", marker[0] ? ":" : "",
		                    marker);
	if (err == 0 && key.items[0][0] != '\0')
		err = sel_strs_add(sections, key.items[0]);
	if (err == 0)
		err = sel_strs_addf(entries, "%s\x01%s", key.items[0], line);
	sel_strs_free(&key);
	sel_strs_free(&parts);
	return err;
}

/* requires.txt (_requirestxt.py): the marker-less dependencies sorted,
 * then each section sorted by name, "[extra]", "[extra:marker]" or
 * "[:marker]", with its requirements (markers dropped) sorted; "" when
 * there is nothing (no file). */
static char *st_requires(const struct bp *bp)
{
	const sw_project_meta *m = bp->meta;
	sel_strs sections = {0}, entries = {0};
	sw_buf b;
	int err = 0;
	for (size_t i = 0; i < m->dependencies.count && err == 0; i++)
		if (m->dependencies.items[i].req != NULL)
			err = st_req_entry(m->dependencies.items[i].req, NULL, &sections, &entries);
	for (size_t e = 0; e < m->optional_dependencies.count && err == 0; e++) {
		const sw_project_extra *x = &m->optional_dependencies.items[e];
		err = sel_strs_add(&sections, x->name.str);
		for (size_t i = 0; i < x->deps.count && err == 0; i++)
			if (x->deps.items[i].req != NULL)
				err = st_req_entry(x->deps.items[i].req, x->name.str, &sections,
				                   &entries);
	}
	sel_strs_sort_unique(&sections);
	sel_strs_sort_unique(&entries);
	sw_buf_init(&b, 16 * 1024 * 1024);
	for (size_t s = 0; s <= sections.count; s++) {
		const char *sec = s == 0 ? "" : sections.items[s - 1];
		size_t n = strlen(sec);
		if (s > 0)
			sw_buf_printf(&b, "\n[%s]\n", sec);
		for (size_t i = 0; i < entries.count; i++)
			if (strncmp(entries.items[i], sec, n) == 0 && entries.items[i][n] == '\x01')
				sw_buf_printf(&b, "%s\n", entries.items[i] + n + 1);
	}
	sel_strs_free(&sections);
	sel_strs_free(&entries);
	if (err < 0 || sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		sw_error_set(SW_ENOMEM, "out of memory");
		return NULL;
	}
	return sw_buf_detach(&b, NULL);
}

/* The metadata text, as plan.c writes PKG-INFO. */
static char *st_pkg_info(const struct bp *bp)
{
	sw_buf b;
	sw_buf_init(&b, SW_METADATA_MAX_LEN);
	if (sw_metadata_emit(&b, bp->plan->metadata) < 0) {
		sw_buf_free(&b);
		return NULL;
	}
	return sw_buf_detach(&b, NULL);
}

/* SOURCES.txt: the manifest and the egg-info files, FileList-sorted,
 * joined with newlines. */
static char *st_sources(const struct st *st, const sel_strs *manifest,
                        const struct st_egg_file *files, size_t n)
{
	sel_strs all = {0};
	sw_buf b;
	int err = 0;
	for (size_t i = 0; i < manifest->count && err == 0; i++)
		err = sel_strs_add(&all, manifest->items[i]);
	for (size_t i = 0; i < n && err == 0; i++)
		if (strcmp(files[i].name, "SOURCES.txt") == 0 || files[i].text[0] != '\0')
			err = sel_strs_addf(&all, "%s/%s", st->egg_info, files[i].name);
	sel_strs_sort_unique(&all);
	if (all.count > 1)
		qsort(all.items, all.count, sizeof(*all.items), st_cmp_split);
	sw_buf_init(&b, 64 * 1024 * 1024);
	for (size_t i = 0; i < all.count; i++)
		sw_buf_printf(&b, "%s%s", i ? "\n" : "", all.items[i]);
	sel_strs_free(&all);
	if (err < 0 || sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		sw_error_set(SW_ENOMEM, "out of memory");
		return NULL;
	}
	return sw_buf_detach(&b, NULL);
}

int st_sdist(struct st *st, const sel_strs *manifest)
{
	struct bp *bp = st->bp;
	struct st_egg_file files[] = {
	        {"PKG-INFO", st_pkg_info(bp)},
	        {"SOURCES.txt", sw_strdup("")},
	        {"dependency_links.txt", sw_strdup("\n")},
	        {"entry_points.txt", st_entry_points(bp)},
	        {"requires.txt", st_requires(bp)},
	        {"top_level.txt", st_top_level(st)},
	        {st->zip_safe == 1 ? "zip-safe" : "not-zip-safe",
	         sw_strdup(st->zip_safe < 0 ? "" : "\n")},
	};
	int err = 0;
	for (size_t i = 0; i < SW_ARRAY_LEN(files); i++)
		if (files[i].text == NULL)
			err = SW_ENOMEM;
	if (err == 0) {
		sw_free(files[1].text);
		files[1].text = NULL;
		if ((files[1].text = st_sources(st, manifest, files, SW_ARRAY_LEN(files))) == NULL)
			err = SW_ENOMEM;
	}
	for (size_t i = 0; i < manifest->count && err == 0; i++)
		err = bp_add_file(bp, BP_SDIST, manifest->items[i], manifest->items[i]);
	for (size_t i = 0; i < SW_ARRAY_LEN(files) && err == 0; i++) {
		if (files[i].text[0] == '\0' && strcmp(files[i].name, "SOURCES.txt") != 0)
			continue;
		sel_strs path = {0};
		if ((err = sel_strs_addf(&path, "%s/%s", st->egg_info, files[i].name)) == 0)
			err = bp_add_data(bp, BP_SDIST, path.items[0], files[i].text,
			                  strlen(files[i].text));
		sel_strs_free(&path);
	}
	if (err == 0)
		err = bp_add_data(bp, BP_SDIST, "setup.cfg", st_setup_cfg,
		                  sizeof(st_setup_cfg) - 1);
	for (size_t i = 0; i < SW_ARRAY_LEN(files); i++)
		sw_free(files[i].text);
	return err < 0 && err != SW_ENOMEM ? err : err < 0 ? sw_error_set(err, "out of memory") : 0;
}
