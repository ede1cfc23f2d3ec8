/*
 * project/files.c — the files a project names, for the consumers that build
 * metadata and archives: the readme's text, and the files the
 * license-files globs match below the project root (sorted, each once).
 */
#include <stdlib.h>
#include <string.h>

#include "project/project_int.h"

/* Largest readme read. */
#define README_MAX ((size_t)64 * 1024 * 1024)

int sw_project_readme_read(char **out, size_t *len, const sw_project *p)
{
	const sw_project_readme *r = &p->meta.readme;
	sw_buf path;
	int err;
	*out = NULL;
	if (len)
		*len = 0;
	if (r->kind == SW_README_TEXT) {
		if (!(*out = sw_strndup(r->text.str, r->text.len)))
			return sw_error_set(SW_ENOMEM, "out of memory");
		if (len)
			*len = r->text.len;
		return 0;
	}
	if (r->kind != SW_README_FILE)
		return sw_error_set(SW_ENOTFOUND, "the project has no readme");
	if (!p->root)
		return sw_error_set(SW_EINVAL, "the project has no folder to read the readme from");
	sw_buf_init(&path, 8192);
	if ((err = pj_path_join(&path, p->root, r->file.str, r->file.len)) < 0)
		err = sw_error_set(err, "readme path too long");
	else
		err = sw_file_read(out, len, NULL, sw_buf_cstr(&path), README_MAX);
	sw_buf_free(&path);
	return err;
}

/* The matches collected so far. */
struct matches {
	char **paths;
	size_t count, cap;
};

static int collect(void *ctx, const char *rel)
{
	struct matches *m = ctx;
	char *copy;
	if (m->count == m->cap) {
		size_t cap = m->cap ? m->cap * 2 : 8;
		char **paths = sw_realloc(m->paths, cap * sizeof(*paths));
		if (!paths)
			return SW_ENOMEM;
		m->paths = paths;
		m->cap = cap;
	}
	if (!(copy = sw_strdup(rel)))
		return SW_ENOMEM;
	m->paths[m->count++] = copy;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void sw_project_paths_free(char **paths, size_t count)
{
	for (size_t i = 0; paths && i < count; i++)
		sw_free(paths[i]);
	sw_free(paths);
}

/* Sorts and drops duplicates. */
static void sort_unique(struct matches *m)
{
	size_t n = 0;
	if (m->count)
		qsort(m->paths, m->count, sizeof(*m->paths), by_name);
	for (size_t i = 0; i < m->count; i++) {
		if (n && strcmp(m->paths[n - 1], m->paths[i]) == 0)
			sw_free(m->paths[i]);
		else
			m->paths[n++] = m->paths[i];
	}
	m->count = n;
}

int sw_project_license_files_match(char ***paths, size_t *count, const sw_project *p)
{
	const sw_project_strs *pats = &p->meta.license_files;
	struct matches m = {0};
	int err = 0;
	*paths = NULL;
	*count = 0;
	if (!p->root)
		return sw_error_set(SW_EINVAL,
		                    "the project has no folder to match license files in");
	for (size_t i = 0; i < pats->count && !err; i++) {
		const sw_project_str *s = &pats->items[i];
		const char *why = pj_glob_invalid(s->str, s->len);
		if (why || memchr(s->str, '\0', s->len))
			err = sw_error_set_at(SW_EPARSE, p->path, s->line, s->col,
			                      "'%s' is not a valid license-files pattern: %s",
			                      s->str, why ? why : "it holds a NUL character");
		else if ((err = pj_glob_walk(p->root, s->str, s->len, collect, &m)) == SW_ENOMEM)
			err = sw_error_set(SW_ENOMEM, "out of memory");
	}
	if (err < 0) {
		sw_project_paths_free(m.paths, m.count);
		return err;
	}
	sort_unique(&m);
	if (!m.paths && !(m.paths = sw_malloc(sizeof(*m.paths))))
		return sw_error_set(SW_ENOMEM, "out of memory");
	*paths = m.paths;
	*count = m.count;
	return 0;
}
