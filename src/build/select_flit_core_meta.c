/*
 * build/select_flit_core_meta.c — the core metadata as flit_core 3.12 writes
 * it (common.py Metadata, config.py read_pep621_metadata): the module
 * docstring's first line as a dynamic Summary, License-File from
 * license-files or from flit's default globs (COPYING*, LICEN[CS]E*), no
 * License text for a license table, Project-URL sorted by label,
 * Provides-Extra sorted, Requires-Dist spelled as flit spells them
 * (the dependencies as written with normalised extras, then each extra's
 * requirements with `; extra == "x"` and the marker in parentheses), and
 * no Dynamic field.
 */
#include <stdlib.h>
#include <string.h>

#include "build/select_flit_core.h"
#include "util/util.h"

/* The file whose docstring flit reads: __init__.py or the module file. */
char *flit_module_file(const struct flit_module *m)
{
	return m->is_package ? sel_join(m->path, "__init__.py") : sw_strdup(m->path);
}

/* Replaces a multi-use field's values by a list. */
static int md_replace(sw_metadata *md, enum sw_md_field field, const sel_strs *values)
{
	sw_metadata_clear(md, field);
	for (size_t i = 0; i < values->count; i++) {
		int err = sw_metadata_add(md, field, values->items[i]);
		if (err < 0)
			return err;
	}
	return 0;
}

/* Copies a multi-use field's values into a list. */
static int md_values(const sw_metadata *md, enum sw_md_field field, sel_strs *out)
{
	size_t n = sw_metadata_count(md, field);
	for (size_t i = 0; i < n; i++) {
		int err = sel_strs_add(out, sw_metadata_value(md, field, i));
		if (err < 0)
			return err;
	}
	return 0;
}

/* Orders Project-URL values by label, then URL, as flit's sorted(). */
static int cmp_url(const void *a, const void *b)
{
	const char *la, *ua, *lb, *ub;
	size_t lal, ual, lbl, ubl;
	sw_md_project_url_split(*(char *const *)a, &la, &lal, &ua, &ual);
	sw_md_project_url_split(*(char *const *)b, &lb, &lbl, &ub, &ubl);
	int c = memcmp(la, lb, lal < lbl ? lal : lbl);
	if (c == 0 && lal != lbl)
		return lal < lbl ? -1 : 1;
	if (c == 0)
		c = memcmp(ua, ub, ual < ubl ? ual : ubl);
	if (c == 0 && ual != ubl)
		return ual < ubl ? -1 : 1;
	return c;
}

/* The license files flit lists: license-files' globs when the key is
 * given (as the common metadata has them), else its default globs; plus
 * the file of a license table. Sorted, each once. */
static int flit_license_files(struct bp *bp, sel_strs *out)
{
	static const char *const defaults[] = {"COPYING*", "LICEN[CS]E*"};
	sw_metadata *md = bp->plan->metadata;
	int err = md_values(md, SW_MD_LICENSE_FILE, out);
	if (err < 0 || bp->meta->license_files.node != NULL)
		goto sort;
	for (size_t i = 0; i < SW_ARRAY_LEN(defaults) && err == 0; i++)
		err = sel_pathglob_files(bp, defaults[i], out);
sort:
	sel_strs_sort_unique(out);
	return err;
}

/* Appends a requirement as flit writes it (_normalise_requires_dist):
 * the text as written, the names in its first [...] normalised (PEP 503)
 * and joined with ", ", every [...] group replaced by that. */
static int flit_put_req(sw_buf *b, const char *req, size_t len)
{
	const char *open = memchr(req, '[', len);
	const char *close = open ? memchr(open, ']', len - (size_t)(open - req)) : NULL;
	if (close == NULL)
		return sw_buf_put(b, req, len);
	sw_buf norm;
	sw_buf_init(&norm, len * 2 + 16);
	for (const char *p = open + 1;;) {
		const char *end = memchr(p, ',', (size_t)(close - p));
		end = end ? end : close;
		const char *s = p, *e = end;
		while (s < e && (*s == ' ' || *s == '\t'))
			s++;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		if (p != open + 1)
			sw_buf_puts(&norm, ", ");
		sw_name_normalize(&norm, s, (size_t)(e - s));
		if (end == close)
			break;
		p = end + 1;
	}
	for (size_t i = 0; i < len; i++) {
		if (req[i] != '[') {
			sw_buf_putc(b, req[i]);
			continue;
		}
		const char *c = memchr(req + i, ']', len - i);
		if (c == NULL) {
			sw_buf_put(b, req + i, len - i);
			break;
		}
		sw_buf_putc(b, '[');
		sw_buf_put(b, sw_buf_cstr(&norm), norm.len);
		sw_buf_putc(b, ']');
		i = (size_t)(c - req);
	}
	int err = sw_buf_error(&norm);
	sw_buf_free(&norm);
	return err;
}

/* Orders extras by their normalised name. */
static int cmp_extra(const void *a, const void *b)
{
	const sw_project_extra *x = *(const sw_project_extra *const *)a;
	const sw_project_extra *y = *(const sw_project_extra *const *)b;
	return strcmp(x->normalized ? x->normalized : "", y->normalized ? y->normalized : "");
}

/* Requires-Dist as flit writes them: the dependencies as written, then
 * for each extra (sorted) `req ; extra == "x"` or, with a marker,
 * `name ; extra == "x" and (marker)`. */
static int flit_requires(struct bp *bp)
{
	const sw_project_meta *m = bp->meta;
	size_t n = m->optional_dependencies.count;
	const sw_project_extra **extras = sw_calloc(n ? n : 1, sizeof(*extras));
	sel_strs reqs = {0};
	sw_buf b;
	int err = 0;
	if (extras == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		extras[i] = &m->optional_dependencies.items[i];
	qsort(extras, n, sizeof(*extras), cmp_extra);
	sw_buf_init(&b, SW_PEP508_MAX_LEN * 4);
	for (size_t e = 0; e <= n && err == 0; e++) {
		const sw_project_deps *deps = e == 0 ? &m->dependencies : &extras[e - 1]->deps;
		for (size_t i = 0; i < deps->count && err == 0; i++) {
			const sw_project_str *t = &deps->items[i].text;
			const char *semi = memchr(t->str, ';', t->len);
			sw_buf_clear(&b);
			int perr = 0;
			if (e == 0) {
				perr = flit_put_req(&b, t->str, t->len);
			} else {
				perr = flit_put_req(&b, t->str,
				                    semi ? (size_t)(semi - t->str) : t->len);
				sw_buf_printf(&b, " ; extra == \"%s\"", extras[e - 1]->normalized);
				if (semi)
					sw_buf_printf(&b, " and (%.*s)",
					              (int)(t->len - (size_t)(semi + 1 - t->str)),
					              semi + 1);
			}
			err = perr < 0 || sw_buf_error(&b) < 0
			              ? sw_error_set(SW_ENOMEM, "out of memory")
			              : sel_strs_add(&reqs, sw_buf_cstr(&b));
		}
	}
	if (err == 0)
		err = md_replace(bp->plan->metadata, SW_MD_REQUIRES_DIST, &reqs);
	sw_buf_free(&b);
	sel_strs_free(&reqs);
	sw_free(extras);
	return err;
}

/* Makes the core metadata what flit writes (see the file's comment). */
int flit_metadata(struct bp *bp, const struct flit_module *m, sel_strs *licenses)
{
	sw_metadata *md = bp->plan->metadata;
	sel_strs urls = {0}, extras = {0};
	char *file = NULL, *summary = NULL;
	int err = 0;
	if (sw_project_is_dynamic(bp->project, SW_PF_DESCRIPTION)) {
		if ((file = flit_module_file(m)) == NULL)
			return SW_ENOMEM;
		if ((err = sel_py_docstring_summary(bp, file, &summary)) < 0)
			goto done;
		if (summary == NULL || summary[0] == '\0') {
			err = sw_error_set(SW_EINVAL,
			                   "flit_core: cannot package module without docstring, or "
			                   "empty docstring; add a docstring to %s",
			                   file);
			goto done;
		}
		if ((err = sw_metadata_set(md, SW_MD_SUMMARY, summary)) < 0)
			goto done;
	}
	if ((err = flit_license_files(bp, licenses)) < 0 ||
	    (err = md_replace(md, SW_MD_LICENSE_FILE, licenses)) < 0)
		goto done;
	if (bp->meta->license.kind == SW_LICENSE_FILE || bp->meta->license.kind == SW_LICENSE_TEXT)
		sw_metadata_clear(md, SW_MD_LICENSE);
	if ((err = md_values(md, SW_MD_PROJECT_URL, &urls)) < 0 ||
	    (err = md_values(md, SW_MD_PROVIDES_EXTRA, &extras)) < 0)
		goto done;
	if (urls.count > 1)
		qsort(urls.items, urls.count, sizeof(*urls.items), cmp_url);
	sel_strs_sort_unique(&extras);
	if ((err = md_replace(md, SW_MD_PROJECT_URL, &urls)) < 0 ||
	    (err = md_replace(md, SW_MD_PROVIDES_EXTRA, &extras)) < 0)
		goto done;
	if (bp->meta->requires_python.str != NULL &&
	    (err = sw_metadata_set(md, SW_MD_REQUIRES_PYTHON, bp->meta->requires_python.str)) < 0)
		goto done; /* flit writes it as given */
	sw_metadata_clear(md, SW_MD_DYNAMIC);
	if ((err = sw_metadata_set(md, SW_MD_METADATA_VERSION, "2.4")) == 0)
		err = flit_requires(bp);
done:
	sel_strs_free(&urls);
	sel_strs_free(&extras);
	sw_free(file);
	sw_free(summary);
	return err;
}
