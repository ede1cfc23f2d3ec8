/*
 * build/hatch_meta.c — Requires-Dist and Provides-Extra the way hatchling
 * 1.27 writes them (metadata/core.py, metadata/spec.py): each requirement
 * normalised (name and extras in PEP 503 form, specifier lower-cased),
 * printed as packaging's str(Requirement) with single quotes, the
 * dependencies sorted, the extras sorted by name with their requirements
 * sorted, and an extra's marker written as "name; (marker) and extra ==
 * 'x'".
 */
#include <stdlib.h>
#include <string.h>

#include "build/hatch_int.h"
#include "slipway/pep440.h"
#include "util/util.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the extras of a requirement, normalised, sorted, once each. */
static int put_extras(sw_buf *out, const sw_requirement *req)
{
	char *list[64];
	size_t n = 0;
	int err = 0;
	for (const char *e; n < SW_ARRAY_LEN(list) && (e = sw_requirement_extra(req, n)); n++) {
		sw_buf b;
		sw_buf_init(&b, 1024);
		sw_name_normalize(&b, e, strlen(e));
		if ((list[n] = sw_buf_detach(&b, NULL)) == NULL) {
			sw_buf_free(&b);
			err = sw_error_set(SW_ENOMEM, "out of memory");
			break;
		}
	}
	if (err == 0 && n > 0) {
		qsort(list, n, sizeof(char *), cmp_str);
		sw_buf_putc(out, '[');
		for (size_t i = 0; i < n; i++)
			if (i == 0 || strcmp(list[i], list[i - 1]) != 0)
				sw_buf_printf(out, "%s%s", i ? "," : "", list[i]);
		sw_buf_putc(out, ']');
	}
	for (size_t i = 0; i < n; i++)
		sw_free(list[i]);
	return err;
}

/* hatchling's format_dependency(normalize_requirement(req)). */
static int hatch_dep(sw_buf *out, const sw_requirement *req)
{
	const char *name = sw_requirement_name(req);
	size_t mark;
	int err;
	sw_name_normalize(out, name, strlen(name));
	if ((err = put_extras(out, req)) < 0)
		return err;
	mark = out->len;
	if (sw_requirement_specifier(req) != NULL)
		sw_specset_format(out, sw_requirement_specifier(req));
	for (size_t i = mark; out->ptr != NULL && i < out->len; i++)
		if (out->ptr[i] >= 'A' && out->ptr[i] <= 'Z')
			out->ptr[i] = (char)(out->ptr[i] - 'A' + 'a');
	if (sw_requirement_url(req) != NULL)
		sw_buf_printf(out, "@ %s%s", sw_requirement_url(req),
		              sw_requirement_marker(req) ? " " : "");
	if (sw_requirement_marker(req) != NULL) {
		sw_buf_puts(out, "; ");
		mark = out->len;
		sw_marker_format(out, sw_requirement_marker(req));
		for (size_t i = mark; out->ptr != NULL && i < out->len; i++)
			if (out->ptr[i] == '"')
				out->ptr[i] = '\'';
	}
	return sw_buf_error(out) < 0 ? sw_error_set(SW_ENOMEM, "out of memory") : 0;
}

/* A sorted, de-duplicated list of formatted requirements. */
struct deplist {
	char **items;
	size_t count;
};

static void deplist_free(struct deplist *d)
{
	hatch_str_list_free(d->items, d->count);
	d->items = NULL;
	d->count = 0;
}

/* Formats and sorts a list of dependencies; in an extra, a requirement
 * naming the project itself (hatchling inlines those) is refused. */
static int deplist_make(struct bp *bp, struct deplist *d, const sw_project_deps *deps, int extra)
{
	d->items = sw_calloc(deps->count ? deps->count : 1, sizeof(char *));
	if (d->items == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < deps->count; i++) {
		const sw_requirement *req = deps->items[i].req;
		sw_buf b;
		if (req == NULL)
			return sw_error_set(SW_EINVAL, "invalid requirement '%s'",
			                    deps->items[i].text.str);
		const char *rn = sw_requirement_name(req);
		if (extra && sw_name_equal(rn, strlen(rn), bp->plan->name, strlen(bp->plan->name)))
			return bp_unsupported(bp, "an extra that requires the project itself");
		sw_buf_init(&b, 1024 * 1024);
		int err = hatch_dep(&b, req);
		if (err < 0 || (d->items[d->count] = sw_buf_detach(&b, NULL)) == NULL) {
			sw_buf_free(&b);
			return err < 0 ? err : sw_error_set(SW_ENOMEM, "out of memory");
		}
		d->count++;
	}
	qsort(d->items, d->count, sizeof(char *), cmp_str);
	size_t w = 0;
	for (size_t i = 0; i < d->count; i++) {
		if (w > 0 && strcmp(d->items[w - 1], d->items[i]) == 0)
			sw_free(d->items[i]);
		else
			d->items[w++] = d->items[i];
	}
	d->count = w;
	return 0;
}

/* Adds one extra's Requires-Dist lines, hatchling's way. */
static int add_extra(sw_metadata *md, const char *option, const struct deplist *d)
{
	int err = sw_metadata_add(md, SW_MD_PROVIDES_EXTRA, option);
	for (size_t i = 0; err == 0 && i < d->count; i++) {
		const char *dep = d->items[i], *semi = strchr(dep, ';');
		sw_buf b;
		sw_buf_init(&b, 1024 * 1024);
		if (semi != NULL) {
			const char *m = semi + 1;
			while (*m == ' ')
				m++;
			sw_buf_printf(&b, "%.*s; (%s) and extra == '%s'", (int)(semi - dep), dep, m,
			              option);
		} else {
			sw_buf_printf(&b, "%s%s; extra == '%s'", dep, strstr(dep, "@ ") ? " " : "",
			              option);
		}
		err = sw_buf_error(&b) < 0 ? sw_error_set(SW_ENOMEM, "out of memory")
		                           : sw_metadata_add(md, SW_MD_REQUIRES_DIST, b.ptr);
		sw_buf_free(&b);
	}
	return err;
}

int hatch_requires_dist(struct bp *bp)
{
	const sw_project_extras *ex = &bp->meta->optional_dependencies;
	sw_metadata *md = bp->plan->metadata;
	struct deplist d = {0};
	size_t *order = NULL;
	int err;
	sw_metadata_clear(md, SW_MD_REQUIRES_DIST);
	sw_metadata_clear(md, SW_MD_PROVIDES_EXTRA);
	if ((err = deplist_make(bp, &d, &bp->meta->dependencies, 0)) < 0)
		goto done;
	for (size_t i = 0; err == 0 && i < d.count; i++)
		err = sw_metadata_add(md, SW_MD_REQUIRES_DIST, d.items[i]);
	deplist_free(&d);
	if (err < 0 || ex->count == 0 || (order = sw_calloc(ex->count, sizeof(*order))) == NULL) {
		err = err < 0 || ex->count == 0 ? err : sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < ex->count; i++) { /* sort the extras by name */
		size_t j = i;
		for (; j > 0 &&
		       strcmp(ex->items[order[j - 1]].normalized, ex->items[i].normalized) > 0;
		     j--)
			order[j] = order[j - 1];
		order[j] = i;
	}
	for (size_t k = 0; err == 0 && k < ex->count; k++) {
		const sw_project_extra *e = &ex->items[order[k]];
		if ((err = deplist_make(bp, &d, &e->deps, 1)) == 0)
			err = add_extra(md, e->normalized, &d);
		deplist_free(&d);
	}
done:
	deplist_free(&d);
	sw_free(order);
	return err;
}

/* Compares digit runs as integers. */
static int num_cmp(const char *a, size_t na, const char *b, size_t nb)
{
	while (na > 1 && *a == '0')
		a++, na--;
	while (nb > 1 && *b == '0')
		b++, nb--;
	if (na != nb)
		return na < nb ? -1 : 1;
	return memcmp(a, b, na);
}

/* The order of trove_classifiers.sorted_classifiers: text and numbers
 * alternate, numbers compared as integers ("3.9" before "3.10"). */
static int natural_cmp(const char *a, const char *b)
{
	static const char digits[] = "0123456789";
	for (;;) {
		size_t ta = strcspn(a, digits), tb = strcspn(b, digits);
		int c = memcmp(a, b, ta < tb ? ta : tb);
		if (c != 0 || ta != tb)
			return c != 0 ? c : (ta < tb ? -1 : 1);
		a += ta;
		b += tb;
		size_t da = strspn(a, digits), db = strspn(b, digits);
		if (da == 0 || db == 0) {
			if (da != db)
				return da < db ? -1 : 1;
			return 0; /* both at the end */
		}
		if ((c = num_cmp(a, da, b, db)) != 0)
			return c;
		a += da;
		b += db;
	}
}

static int cmp_natural(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;
	int px = strncmp(x, "Private ::", 10) == 0, py = strncmp(y, "Private ::", 10) == 0;
	if (px || py)
		return px && py ? 0 : (px ? -1 : 1);
	return natural_cmp(x, y);
}

/* Classifiers in trove order (unknown ones refused, as hatchling does)
 * and keywords sorted and unique. */
int hatch_sort_lists(struct bp *bp)
{
	sw_metadata *md = bp->plan->metadata;
	const sw_project_strs *cl = &bp->meta->classifiers, *kw = &bp->meta->keywords;
	char **list = sw_calloc(cl->count + kw->count + 1, sizeof(char *));
	size_t n = 0;
	int err = 0;
	if (list == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < cl->count; i++) {
		const char *c = cl->items[i].str;
		if (strncmp(c, "Private ::", 10) != 0 && !sw_trove_is_known(c, cl->items[i].len)) {
			err = sw_error_set(SW_EINVAL, "hatchling: unknown classifier '%s'", c);
			goto done;
		}
		list[n++] = (char *)c;
	}
	qsort(list, n, sizeof(char *), cmp_natural);
	sw_metadata_clear(md, SW_MD_CLASSIFIER);
	for (size_t i = 0; err == 0 && i < n; i++)
		if (i == 0 || strcmp(list[i], list[i - 1]) != 0)
			err = sw_metadata_add(md, SW_MD_CLASSIFIER, list[i]);
	if (err < 0 || kw->count == 0)
		goto done;
	for (size_t i = 0; i < kw->count; i++)
		list[i] = (char *)kw->items[i].str;
	qsort(list, kw->count, sizeof(char *), cmp_str);
	sw_buf b;
	sw_buf_init(&b, 1024 * 1024);
	for (size_t i = 0; i < kw->count; i++)
		if (i == 0 || strcmp(list[i], list[i - 1]) != 0)
			sw_buf_printf(&b, "%s%s", b.len ? "," : "", list[i]);
	err = sw_buf_error(&b) < 0 ? sw_error_set(SW_ENOMEM, "out of memory")
	                           : sw_metadata_set(md, SW_MD_KEYWORDS, b.ptr ? b.ptr : "");
	sw_buf_free(&b);
done:
	sw_free(list);
	return err;
}
