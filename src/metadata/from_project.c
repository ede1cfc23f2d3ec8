/*
 * metadata/from_project.c — the [project] table of pyproject.toml as core
 * metadata (SPECS.md §6.3-6.4): one mapping step per group of keys, run in
 * table order, each reading the project's typed view and setting fields of
 * the record. Problems the mapping cannot get past (a value that is not
 * valid, a file that cannot be read) stop it with SW_EINVAL at the value's
 * file:line:col; judging a project is the validator's job.
 */
#include <stdio.h>
#include <string.h>

#include "metadata/md_int.h"
#include "slipway/pep440.h"
#include "util/util.h"

/* Largest license file read for a legacy license = {file = ...}. */
#define LICENSE_FILE_MAX ((size_t)16 * 1024 * 1024)

struct ctx {
	sw_metadata *md;
	const sw_project *project;
	const sw_project_meta *meta;
	const sw_metadata_opts *opts;
	sw_buf buf;
};

/* Fails at the position of a value of pyproject.toml. */
static int fail_at(const struct ctx *c, const sw_project_str *where, const char *what,
                   const char *why)
{
	char reason[512];
	snprintf(reason, sizeof(reason), "%s", why); /* `why` may be sw_error_last() */
	return sw_error_set_at(SW_EINVAL, sw_project_path(c->project), where->line, where->col,
	                       "project.%s: %s", what, reason);
}

/* Sets or adds `field` from the scratch buffer; a NUL inside or a value the
 * record refuses is an error at `where`. */
static int put(struct ctx *c, enum sw_md_field field, const sw_project_str *where, const char *what)
{
	int err;
	if ((err = sw_buf_error(&c->buf)) < 0)
		return sw_error_set(err, "out of memory");
	if (memchr(sw_buf_cstr(&c->buf), '\0', c->buf.len))
		return fail_at(c, where, what, "the value holds a NUL character");
	err = sw_md_field_is_multi(field) ? sw_metadata_add(c->md, field, sw_buf_cstr(&c->buf))
	                                  : sw_metadata_set(c->md, field, sw_buf_cstr(&c->buf));
	if (err == SW_EINVAL || err == SW_EEXISTS)
		return fail_at(c, where, what, sw_error_last());
	return err;
}

/* Puts a string of the view as it is. */
static int put_str(struct ctx *c, enum sw_md_field field, const sw_project_str *s, const char *what)
{
	sw_buf_clear(&c->buf);
	sw_buf_put(&c->buf, s->str, s->len);
	return put(c, field, s, what);
}

/* Text read the way Python's text mode does it: CRLF and CR become LF. */
static void universal_newlines(sw_buf *buf, const char *text, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\r') {
			sw_buf_putc(buf, '\n');
			if (i + 1 < len && text[i + 1] == '\n')
				i++;
		} else {
			sw_buf_putc(buf, text[i]);
		}
	}
}

static int map_name(struct ctx *c)
{
	if (sw_project_is_dynamic(c->project, SW_PF_NAME))
		return fail_at(c, &c->meta->name, "name", "the name cannot be dynamic");
	if (!c->meta->name.str)
		return sw_error_set(SW_EINVAL, "%s: [project] has no name",
		                    sw_project_path(c->project));
	return put_str(c, SW_MD_NAME, &c->meta->name, "name");
}

/* Version: the static one, or the caller's for a dynamic one; normalised. */
static int map_version(struct ctx *c)
{
	const sw_project_str *v = &c->meta->version;
	int dynamic = sw_project_is_dynamic(c->project, SW_PF_VERSION);
	const char *text = dynamic ? c->opts->version : v->str;
	size_t len = dynamic ? (text ? strlen(text) : 0) : v->len;
	sw_version *parsed = NULL;
	int err;
	if (dynamic && v->str)
		return fail_at(c, v, "version", "the version is both static and dynamic");
	if (!text)
		return sw_error_set(SW_EINVAL, "%s: %s", sw_project_path(c->project),
		                    dynamic ? "the version is dynamic: the computed version must "
		                              "be given"
		                            : "[project] has no version");
	if ((err = sw_version_parse(&parsed, text, len)) == SW_ENOMEM)
		return err;
	if (err < 0)
		return v->str ? fail_at(c, v, "version", sw_error_last())
		              : sw_error_set(SW_EINVAL, "%s", sw_error_last());
	sw_buf_clear(&c->buf);
	sw_buf_puts(&c->buf, sw_version_str(parsed));
	sw_version_free(parsed);
	return put(c, SW_MD_VERSION, v, "version");
}

/* Summary: one line; leading blanks dropped (readers drop them too). */
static int map_description(struct ctx *c)
{
	const sw_project_str *d = &c->meta->description;
	size_t skip = 0;
	if (!d->str)
		return 0;
	if (memchr(d->str, '\n', d->len) || memchr(d->str, '\r', d->len))
		return fail_at(c, d, "description", "the summary must be one line");
	while (skip < d->len && (d->str[skip] == ' ' || d->str[skip] == '\t'))
		skip++;
	if (skip == d->len)
		return 0; /* an empty summary is left out, as hatchling does */
	sw_buf_clear(&c->buf);
	sw_buf_put(&c->buf, d->str + skip, d->len - skip);
	return put(c, SW_MD_SUMMARY, d, "description");
}

/* Description and Description-Content-Type from the readme. */
static int map_readme(struct ctx *c)
{
	const sw_project_readme *r = &c->meta->readme;
	const sw_project_str *where = r->kind == SW_README_TEXT ? &r->text : &r->file;
	sw_project_str type = r->content_type;
	char *text = NULL;
	size_t len = 0;
	int err;
	if (r->kind == SW_README_NONE)
		return 0;
	if (!type.str && !r->mime)
		return fail_at(c, where, "readme",
		               "unknown readme type: use a .md, .rst or .txt file, or give "
		               "content-type");
	if ((err = sw_project_readme_read(&text, &len, c->project)) < 0)
		return err == SW_ENOMEM ? err : fail_at(c, where, "readme", sw_error_last());
	sw_buf_clear(&c->buf);
	universal_newlines(&c->buf, text, len);
	sw_free(text);
	if (c->buf.len == 0 && !sw_buf_error(&c->buf))
		return 0; /* an empty readme: no description, no content type */
	if ((err = put(c, SW_MD_DESCRIPTION, where, "readme")) < 0)
		return err;
	if (!type.str) {
		type = *where;
		type.str = r->mime;
		type.len = strlen(r->mime);
	}
	return put_str(c, SW_MD_DESCRIPTION_CONTENT_TYPE, &type, "readme.content-type");
}

static int map_requires_python(struct ctx *c)
{
	const sw_project_str *rp = &c->meta->requires_python;
	sw_specset *set = NULL;
	int err;
	if (!rp->str)
		return 0;
	if ((err = sw_specset_parse(&set, rp->str, rp->len)) < 0)
		return err == SW_ENOMEM ? err : fail_at(c, rp, "requires-python", sw_error_last());
	sw_buf_clear(&c->buf);
	sw_specset_format(&c->buf, set);
	sw_specset_free(set);
	return put(c, SW_MD_REQUIRES_PYTHON, rp, "requires-python");
}

/* A license text as License: newlines normalised, trailing ones dropped. */
static int put_license_text(struct ctx *c, const char *text, size_t len,
                            const sw_project_str *where)
{
	size_t skip = 0;
	while (skip < len && (text[skip] == ' ' || text[skip] == '\t'))
		skip++;
	sw_buf_clear(&c->buf);
	universal_newlines(&c->buf, text + skip, len - skip);
	while (c->buf.len && c->buf.ptr[c->buf.len - 1] == '\n')
		c->buf.ptr[--c->buf.len] = '\0';
	return put(c, SW_MD_LICENSE, where, "license");
}

/* A legacy license = {file = ...}: its text as License, its path as a
 * License-File. */
static int map_license_file(struct ctx *c, const sw_project_str *path)
{
	sw_buf full;
	char *text = NULL;
	size_t len = 0;
	int err;
	const char *root = sw_project_root(c->project);
	if (!root)
		return fail_at(c, path, "license.file", "no project folder to read it from");
	sw_buf_init(&full, 8192);
	sw_buf_printf(&full, "%s/%.*s", root, (int)path->len, path->str);
	err = sw_buf_error(&full)
	              ? sw_error_set(SW_ENOMEM, "out of memory")
	              : sw_file_read(&text, &len, NULL, sw_buf_cstr(&full), LICENSE_FILE_MAX);
	sw_buf_free(&full);
	if (err < 0)
		return err == SW_ENOMEM ? err : fail_at(c, path, "license.file", sw_error_last());
	err = put_license_text(c, text, len, path);
	sw_free(text);
	if (err < 0)
		return err;
	return put_str(c, SW_MD_LICENSE_FILE, path, "license.file");
}

/* License-Expression, or the legacy License; License-File from the globs. */
static int map_license(struct ctx *c)
{
	const sw_project_license *l = &c->meta->license;
	char **paths = NULL;
	size_t count = 0;
	int err = 0;
	if (l->kind != SW_LICENSE_NONE && l->kind != SW_LICENSE_SPDX && c->meta->license_files.node)
		return fail_at(c, &l->value, "license",
		               "a license table cannot be used together with license-files");
	if (l->kind == SW_LICENSE_SPDX) {
		if (!l->canonical)
			return fail_at(c, &l->value, "license",
			               "not a valid SPDX license expression");
		sw_buf_clear(&c->buf);
		sw_buf_puts(&c->buf, l->canonical);
		err = put(c, SW_MD_LICENSE_EXPRESSION, &l->value, "license");
	} else if (l->kind == SW_LICENSE_TEXT) {
		err = put_license_text(c, l->value.str, l->value.len, &l->value);
	} else if (l->kind == SW_LICENSE_FILE) {
		err = map_license_file(c, &l->value);
	}
	if (err < 0 || !c->meta->license_files.count)
		return err;
	if ((err = sw_project_license_files_match(&paths, &count, c->project)) < 0)
		return err == SW_ENOMEM ? err : sw_error_set(SW_EINVAL, "%s", sw_error_last());
	for (size_t i = 0; i < count && err == 0; i++) {
		sw_buf_clear(&c->buf);
		sw_buf_puts(&c->buf, paths[i]);
		err = put(c, SW_MD_LICENSE_FILE, &c->meta->license_files.items[0], "license-files");
	}
	sw_project_paths_free(paths, count);
	return err;
}

/* Author/Author-email or Maintainer/Maintainer-email. */
static int map_people(struct ctx *c, const sw_project_people *people, enum sw_md_field names,
                      enum sw_md_field emails, const char *what)
{
	sw_buf with_email;
	sw_project_str where = {.line = 0};
	int err;
	if (!people->count)
		return 0;
	where.line = people->items[0].line;
	where.col = people->items[0].col;
	sw_buf_init(&with_email, SW_METADATA_MAX_LEN);
	sw_buf_clear(&c->buf);
	err = md_people_format(&c->buf, &with_email, people);
	if (err == 0 && c->buf.len)
		err = put(c, names, &where, what);
	if (err == 0 && with_email.len) {
		sw_buf_clear(&c->buf);
		sw_buf_put(&c->buf, with_email.ptr, with_email.len);
		err = put(c, emails, &where, what);
	}
	sw_buf_free(&with_email);
	if (err == SW_ENOMEM || err == SW_ETOOBIG)
		return sw_error_set(err, "out of memory");
	return err;
}

static int map_authors(struct ctx *c)
{
	int err = map_people(c, &c->meta->authors, SW_MD_AUTHOR, SW_MD_AUTHOR_EMAIL, "authors");
	if (err < 0)
		return err;
	return map_people(c, &c->meta->maintainers, SW_MD_MAINTAINER, SW_MD_MAINTAINER_EMAIL,
	                  "maintainers");
}

/* Keywords joined with ",". */
static int map_keywords(struct ctx *c)
{
	const sw_project_strs *k = &c->meta->keywords;
	if (!k->count)
		return 0;
	sw_buf_clear(&c->buf);
	for (size_t i = 0; i < k->count; i++) {
		if (i)
			sw_buf_putc(&c->buf, ',');
		sw_buf_put(&c->buf, k->items[i].str, k->items[i].len);
	}
	return put(c, SW_MD_KEYWORDS, &k->items[0], "keywords");
}

/* Each string of an array as one value of a multi-use field. */
static int put_each(struct ctx *c, const sw_project_strs *list, enum sw_md_field field,
                    const char *what)
{
	int err = 0;
	for (size_t i = 0; i < list->count && err == 0; i++)
		err = put_str(c, field, &list->items[i], what);
	return err;
}

static int map_lists(struct ctx *c)
{
	int err;
	if ((err = put_each(c, &c->meta->classifiers, SW_MD_CLASSIFIER, "classifiers")) < 0 ||
	    (err = put_each(c, &c->meta->import_names, SW_MD_IMPORT_NAME, "import-names")) < 0)
		return err;
	return put_each(c, &c->meta->import_namespaces, SW_MD_IMPORT_NAMESPACE,
	                "import-namespaces");
}

/* Project-URL "label, url", in the order of [project.urls]. */
static int map_urls(struct ctx *c)
{
	const sw_project_pairs *urls = &c->meta->urls;
	int err = 0;
	for (size_t i = 0; i < urls->count && err == 0; i++) {
		sw_buf_clear(&c->buf);
		sw_buf_put(&c->buf, urls->items[i].key.str, urls->items[i].key.len);
		sw_buf_puts(&c->buf, ", ");
		sw_buf_put(&c->buf, urls->items[i].value.str, urls->items[i].value.len);
		err = put(c, SW_MD_PROJECT_URL, &urls->items[i].key, "urls");
	}
	return err;
}

/* Requires-Dist for each requirement of a list, with `extra` if given. */
static int put_deps(struct ctx *c, const sw_project_deps *deps, const char *extra, const char *what)
{
	int err = 0;
	for (size_t i = 0; i < deps->count && err == 0; i++) {
		const sw_project_dep *d = &deps->items[i];
		if (!d->req)
			return fail_at(c, &d->text, what, "not a valid PEP 508 requirement");
		sw_buf_clear(&c->buf);
		if ((err = sw_metadata_format_requirement(&c->buf, d->req, extra)) < 0)
			return err;
		err = put(c, SW_MD_REQUIRES_DIST, &d->text, what);
	}
	return err;
}

/* dependencies, then each extra: Provides-Extra (normalised) and its
 * requirements with `extra == '<name>'`. */
static int map_dependencies(struct ctx *c)
{
	const sw_project_extras *extras = &c->meta->optional_dependencies;
	int err = put_deps(c, &c->meta->dependencies, NULL, "dependencies");
	for (size_t i = 0; i < extras->count && err == 0; i++) {
		const sw_project_extra *e = &extras->items[i];
		for (size_t j = 0; j < i; j++)
			if (strcmp(extras->items[j].normalized, e->normalized) == 0)
				return fail_at(c, &e->name, "optional-dependencies",
				               "two extras have the same normalised name");
		sw_buf_clear(&c->buf);
		sw_buf_puts(&c->buf, e->normalized);
		if ((err = put(c, SW_MD_PROVIDES_EXTRA, &e->name, "optional-dependencies")) < 0)
			return err;
		err = put_deps(c, &e->deps, e->normalized, "optional-dependencies");
	}
	return err;
}

/* The core metadata fields each [project] key may fill (PEP 643/808). */
static const struct {
	enum sw_project_field key;
	enum sw_md_field fields[2];
	int count;
} dynamic_fields[] = {
        {SW_PF_DESCRIPTION, {SW_MD_SUMMARY}, 1},
        {SW_PF_README, {SW_MD_DESCRIPTION, SW_MD_DESCRIPTION_CONTENT_TYPE}, 2},
        {SW_PF_REQUIRES_PYTHON, {SW_MD_REQUIRES_PYTHON}, 1},
        {SW_PF_LICENSE, {SW_MD_LICENSE, SW_MD_LICENSE_EXPRESSION}, 2},
        {SW_PF_LICENSE_FILES, {SW_MD_LICENSE_FILE}, 1},
        {SW_PF_AUTHORS, {SW_MD_AUTHOR, SW_MD_AUTHOR_EMAIL}, 2},
        {SW_PF_MAINTAINERS, {SW_MD_MAINTAINER, SW_MD_MAINTAINER_EMAIL}, 2},
        {SW_PF_KEYWORDS, {SW_MD_KEYWORDS}, 1},
        {SW_PF_CLASSIFIERS, {SW_MD_CLASSIFIER}, 1},
        {SW_PF_URLS, {SW_MD_PROJECT_URL}, 1},
        {SW_PF_DEPENDENCIES, {SW_MD_REQUIRES_DIST}, 1},
        {SW_PF_OPTIONAL_DEPENDENCIES, {SW_MD_REQUIRES_DIST, SW_MD_PROVIDES_EXTRA}, 2},
        {SW_PF_IMPORT_NAMES, {SW_MD_IMPORT_NAME}, 1},
        {SW_PF_IMPORT_NAMESPACES, {SW_MD_IMPORT_NAMESPACE}, 1},
};

/* Adds a Dynamic value unless it is there already. */
static int add_dynamic(struct ctx *c, enum sw_md_field field, const sw_project_str *where)
{
	for (size_t i = 0; i < sw_metadata_count(c->md, SW_MD_DYNAMIC); i++)
		if (strcmp(sw_metadata_value(c->md, SW_MD_DYNAMIC, i), sw_md_field_name(field)) ==
		    0)
			return 0;
	sw_buf_clear(&c->buf);
	sw_buf_puts(&c->buf, sw_md_field_name(field));
	return put(c, SW_MD_DYNAMIC, where, "dynamic");
}

/* Dynamic: the fields of each dynamic key, in the order of `dynamic`
 * (version is computed and never Dynamic; scripts are not metadata). */
static int map_dynamic(struct ctx *c)
{
	const sw_project_strs *dyn = &c->meta->dynamic;
	int err = 0;
	for (size_t i = 0; i < dyn->count && err == 0; i++) {
		enum sw_project_field key;
		if (sw_project_field_lookup(&key, dyn->items[i].str, dyn->items[i].len) < 0)
			return fail_at(c, &dyn->items[i], "dynamic", "not a [project] key");
		for (size_t t = 0; t < SW_ARRAY_LEN(dynamic_fields); t++)
			for (int f = 0; dynamic_fields[t].key == key &&
			                f < dynamic_fields[t].count && err == 0;
			     f++)
				err = add_dynamic(c, dynamic_fields[t].fields[f], &dyn->items[i]);
	}
	return err;
}

/* The mapping steps, in order. */
static int (*const steps[])(struct ctx *) = {
        map_name,    map_version,  map_description, map_readme, map_requires_python, map_license,
        map_authors, map_keywords, map_lists,       map_urls,   map_dependencies,    map_dynamic,
};

int sw_metadata_from_project(sw_metadata **out, const sw_project *project,
                             const sw_metadata_opts *opts)
{
	static const sw_metadata_opts defaults = SW_METADATA_OPTS_INIT;
	struct ctx c = {.project = project, .meta = sw_project_meta_get(project)};
	int err = 0;
	*out = NULL;
	c.opts = opts ? opts : &defaults;
	if (c.opts->struct_version != SW_METADATA_OPTS_VERSION)
		return sw_error_set(SW_EINVAL, "unknown sw_metadata_opts version %u",
		                    c.opts->struct_version);
	if (!sw_project_editable(project) || !c.meta->present)
		return sw_error_set(SW_EINVAL, "%s: %s", sw_project_path(project),
		                    sw_project_editable(project) ? "there is no [project] table"
		                                                 : "the file is not valid TOML");
	if ((err = sw_metadata_new(&c.md)) < 0)
		return err;
	sw_buf_init(&c.buf, SW_METADATA_MAX_LEN);
	for (size_t i = 0; i < SW_ARRAY_LEN(steps) && err == 0; i++)
		err = steps[i](&c);
	if (err == 0)
		err = sw_metadata_set(c.md, SW_MD_METADATA_VERSION,
		                      sw_metadata_required_version(c.md));
	sw_buf_free(&c.buf);
	if (err < 0) {
		sw_metadata_free(c.md);
		return err;
	}
	*out = c.md;
	return 0;
}
