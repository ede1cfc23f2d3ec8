/*
 * artifact/open.c — opening an artifact: the kind from the file name, the
 * member list from the zip or tar reader with the limits applied, the
 * small metadata members; and the accessors and read dispatch that do not
 * depend on the archive format.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "artifact/art_int.h"

const char *sw_artifact_kind_name(enum sw_artifact_kind kind)
{
	static const char *const names[] = {"wheel", "sdist", "sdist (zip)"};
	return (unsigned)kind < SW_ARRAY_LEN(names) ? names[kind] : "?";
}

const char *sw_member_type_name(enum sw_member_type type)
{
	static const char *const names[] = {"file", "dir", "symlink", "hardlink", "other"};
	return (unsigned)type < SW_ARRAY_LEN(names) ? names[type] : "?";
}

const char *sw_compression_name(int method)
{
	static const struct {
		int id;
		const char *name;
	} table[] = {{0, "stored"}, {8, "deflated"}, {9, "deflate64"}, {12, "bzip2"},
	             {14, "lzma"},  {93, "zstd"},    {95, "xz"},       {-1, "tar"}};
	static _Thread_local char other[32];
	for (size_t i = 0; i < SW_ARRAY_LEN(table); i++)
		if (table[i].id == method)
			return table[i].name;
	snprintf(other, sizeof(other), "method %d", method);
	return other;
}

int art_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && strcmp(s + n - k, suffix) == 0;
}

int art_member_push(sw_artifact *a, const sw_artifact_member *m)
{
	sw_artifact_member copy = *m;
	if (a->count == a->cap) {
		size_t cap = a->cap ? a->cap * 2 : 64;
		sw_artifact_member *items = sw_realloc(a->members, cap * sizeof(*items));
		if (!items)
			return sw_error_set(SW_ENOMEM, "out of memory");
		a->members = items;
		a->cap = cap;
	}
	copy.name = sw_strdup(m->name);
	copy.link_target = m->link_target ? sw_strdup(m->link_target) : NULL;
	if (!copy.name || (m->link_target && !copy.link_target)) {
		sw_free((void *)copy.name);
		sw_free((void *)copy.link_target);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	a->members[a->count++] = copy;
	return 0;
}

/* The member limits: count, total size, per-member ratio (zip). */
int art_check_limits(const sw_artifact *a)
{
	const sw_artifact_open_opts *l = &a->limits;
	uint64_t total = 0;
	if (a->count > l->max_members)
		return sw_error_set(SW_ETOOBIG, "%s: %zu members, more than the limit of %zu",
		                    a->path, a->count, l->max_members);
	for (size_t i = 0; i < a->count; i++) {
		const sw_artifact_member *m = &a->members[i];
		total += m->size;
		if (total > l->max_total_size || total < m->size)
			return sw_error_set(SW_ETOOBIG,
			                    "%s: members hold more than the limit of %llu bytes "
			                    "uncompressed (at '%s')",
			                    a->path, (unsigned long long)l->max_total_size,
			                    m->name);
		if (m->compression == SW_COMPRESSION_TAR || m->size <= l->ratio_min_size)
			continue;
		if (m->size / (m->compressed_size ? m->compressed_size : 1) >= l->max_ratio)
			return sw_error_set(SW_ETOOBIG,
			                    "%s: member '%s' expands %llu bytes into %llu, more "
			                    "than the limit ratio of %u:1 (a zip bomb?)",
			                    a->path, m->name,
			                    (unsigned long long)m->compressed_size,
			                    (unsigned long long)m->size, l->max_ratio);
	}
	if (a->kind == SW_ARTIFACT_SDIST && total > l->ratio_min_size &&
	    total / (a->file_size ? a->file_size : 1) >= l->max_ratio)
		return sw_error_set(SW_ETOOBIG,
		                    "%s: %llu compressed bytes expand into %llu, more than the "
		                    "limit ratio of %u:1 (a tar bomb?)",
		                    a->path, (unsigned long long)a->file_size,
		                    (unsigned long long)total, l->max_ratio);
	return 0;
}

/* The kind from the file name's suffix. */
static int kind_of(enum sw_artifact_kind *kind, const char *path)
{
	static const struct {
		const char *suffix;
		enum sw_artifact_kind kind;
	} table[] = {{".whl", SW_ARTIFACT_WHEEL},     {".zip", SW_ARTIFACT_SDIST_ZIP},
	             {".tar.gz", SW_ARTIFACT_SDIST},  {".tgz", SW_ARTIFACT_SDIST},
	             {".tar.bz2", SW_ARTIFACT_SDIST}, {".tar.xz", SW_ARTIFACT_SDIST},
	             {".tar", SW_ARTIFACT_SDIST}};
	for (size_t i = 0; i < SW_ARRAY_LEN(table); i++)
		if (art_ends_with(path, table[i].suffix)) {
			*kind = table[i].kind;
			return 0;
		}
	return sw_error_set(SW_EUNSUPPORTED,
	                    "%s: not a wheel (.whl) or sdist (.tar.gz, .zip) file name", path);
}

/* Orders members by name (then by position) for lookups. */
static int cmp_member(const void *x, const void *y)
{
	const sw_artifact_member *p = *(const sw_artifact_member *const *)x;
	const sw_artifact_member *q = *(const sw_artifact_member *const *)y;
	int c = strcmp(p->name, q->name);
	return c ? c : (p > q) - (p < q);
}

/* Builds the index of member positions sorted by name. */
static int build_index(sw_artifact *a)
{
	const sw_artifact_member **order = sw_malloc((a->count ? a->count : 1) * sizeof(*order));
	int err = 0;
	a->sorted = sw_malloc((a->count ? a->count : 1) * sizeof(size_t));
	if (!order || !a->sorted) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < a->count; i++)
		order[i] = &a->members[i];
	qsort(order, a->count, sizeof(*order), cmp_member);
	for (size_t i = 0; i < a->count; i++)
		a->sorted[i] = (size_t)(order[i] - a->members);
done:
	sw_free(order);
	return err;
}

/* Fills unset limits with the defaults. */
static void set_limits(sw_artifact_open_opts *l, const sw_artifact_open_opts *opts)
{
	sw_artifact_open_opts def = SW_ARTIFACT_OPEN_OPTS_INIT;
	*l = def;
	if (!opts)
		return;
	if (opts->max_members)
		l->max_members = opts->max_members;
	if (opts->max_total_size)
		l->max_total_size = opts->max_total_size;
	if (opts->ratio_min_size)
		l->ratio_min_size = opts->ratio_min_size;
	if (opts->max_ratio)
		l->max_ratio = opts->max_ratio;
}

int sw_artifact_open(sw_artifact **out, const char *path, const sw_artifact_open_opts *opts)
{
	sw_artifact *a = NULL;
	struct stat st;
	int err;
	*out = NULL;
	if (!path || (opts && opts->version != SW_ARTIFACT_OPEN_OPTS_VERSION))
		return sw_error_set(SW_EINVAL, "sw_artifact_open: bad arguments");
	if (!(a = sw_calloc(1, sizeof(*a))))
		return sw_error_set(SW_ENOMEM, "out of memory");
	set_limits(&a->limits, opts);
	if ((err = kind_of(&a->kind, path)) < 0)
		goto done;
	if (!(a->path = sw_strdup(path))) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if (stat(path, &st) != 0) {
		err = sw_error_set(errno == ENOENT ? SW_ENOTFOUND : SW_EIO, "%s: %s", path,
		                   strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		err = sw_error_set(SW_EIO, "%s: not a regular file", path);
		goto done;
	}
	a->file_size = (uint64_t)st.st_size;
	err = sw_artifact_name_parse(&a->name, path);
	if (err == SW_ENOMEM)
		goto done;
	a->name_ok = err == 0;
	err = a->kind == SW_ARTIFACT_SDIST ? art_tar_open(a) : art_zip_open(a);
	if (err < 0 || (err = art_check_limits(a)) < 0 || (err = build_index(a)) < 0 ||
	    (err = art_load_meta(a)) < 0)
		goto done;
	*out = a;
	a = NULL;
done:
	sw_artifact_free(a);
	return err;
}

void sw_artifact_free(sw_artifact *a)
{
	if (!a)
		return;
	art_zip_close(a);
	for (size_t i = 0; i < a->count; i++) {
		sw_free((void *)a->members[i].name);
		sw_free((void *)a->members[i].link_target);
	}
	sw_free(a->members);
	sw_free(a->sorted);
	sw_free(a->path);
	sw_artifact_name_free(&a->name);
	sw_free(a->dist_info);
	sw_free(a->md_text);
	sw_metadata_free(a->md);
	sw_free(a->md_error);
	for (size_t i = 0; i < SW_ARRAY_LEN(a->wheel_fields); i++)
		sw_free(a->wheel_fields[i]);
	for (size_t i = 0; i < a->wheel.tag_count; i++)
		sw_free(a->tags[i]);
	sw_free(a->tags);
	for (size_t i = 0; i < a->ep_count; i++) {
		sw_free((void *)a->eps[i].group);
		sw_free((void *)a->eps[i].name);
		sw_free((void *)a->eps[i].value);
	}
	sw_free(a->eps);
	sw_free(a->ep_error);
	sw_free(a->wheel_error);
	sw_record_rows_free(a->record, a->record_count);
	sw_free(a->record_error);
	sw_free(a->pyproject);
	sw_free(a);
}

enum sw_artifact_kind sw_artifact_kind(const sw_artifact *a)
{
	return a->kind;
}

const char *sw_artifact_path(const sw_artifact *a)
{
	return a->path;
}

uint64_t sw_artifact_file_size(const sw_artifact *a)
{
	return a->file_size;
}

const sw_artifact_name *sw_artifact_filename(const sw_artifact *a)
{
	return a->name_ok ? &a->name : NULL;
}

size_t sw_artifact_member_count(const sw_artifact *a)
{
	return a->count;
}

const sw_artifact_member *sw_artifact_member_at(const sw_artifact *a, size_t i)
{
	return i < a->count ? &a->members[i] : NULL;
}

/* Binary search of the sorted index for an exact name. */
static int find_exact(size_t *index, const sw_artifact *a, const char *name)
{
	size_t lo = 0, hi = a->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(a->members[a->sorted[mid]].name, name);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < a->count && strcmp(a->members[a->sorted[lo]].name, name) == 0) {
		*index = a->sorted[lo];
		return 0;
	}
	return SW_ENOTFOUND;
}

int sw_artifact_member_find(size_t *index, const sw_artifact *a, const char *name)
{
	char alt[4096];
	size_t n = strlen(name);
	if (find_exact(index, a, name) == 0)
		return 0;
	if (n && n + 1 < sizeof(alt)) {
		memcpy(alt, name, n + 1);
		if (name[n - 1] == '/')
			alt[n - 1] = '\0';
		else {
			alt[n] = '/';
			alt[n + 1] = '\0';
		}
		if (find_exact(index, a, alt) == 0 && a->members[*index].type == SW_MEMBER_DIR)
			return 0;
	}
	return sw_error_set(SW_ENOTFOUND, "%s: no member '%s'", a->path, name);
}

int sw_artifact_member_read(const sw_artifact *a, size_t i, sw_artifact_read_fn fn, void *ud)
{
	if (i >= a->count || !fn)
		return sw_error_set(SW_EINVAL, "sw_artifact_member_read: bad arguments");
	if (a->members[i].type != SW_MEMBER_FILE)
		return 0;
	return a->kind == SW_ARTIFACT_SDIST ? art_tar_read(a, i, fn, ud)
	                                    : art_zip_read(a, i, fn, ud);
}

/* Collects bytes into a bounded buffer. */
static int collect(void *ud, const void *data, size_t len)
{
	return sw_buf_put(ud, data, len);
}

int sw_artifact_member_read_all(char **out, size_t *len, const sw_artifact *a, size_t i, size_t max)
{
	sw_buf buf;
	int err;
	*out = NULL;
	if (len)
		*len = 0;
	if (i < a->count && a->members[i].size > max)
		return sw_error_set(SW_ETOOBIG, "%s: member '%s' is larger than %zu bytes", a->path,
		                    a->members[i].name, max);
	sw_buf_init(&buf, max);
	if ((err = sw_artifact_member_read(a, i, collect, &buf)) < 0)
		goto done;
	if (!(*out = sw_buf_detach(&buf, len)))
		err = sw_error_set(SW_ENOMEM, "out of memory");
done:
	sw_buf_free(&buf);
	return err;
}

int sw_artifact_visit(const sw_artifact *a, const sw_artifact_visitor *v)
{
	if (!v || !v->data)
		return sw_error_set(SW_EINVAL, "sw_artifact_visit: bad arguments");
	return a->kind == SW_ARTIFACT_SDIST ? art_tar_visit(a, v) : art_zip_visit(a, v);
}

const char *sw_artifact_dist_info(const sw_artifact *a)
{
	return a->dist_info;
}

const char *sw_artifact_metadata_text(const sw_artifact *a, size_t *len)
{
	if (len)
		*len = a->md_text ? a->md_len : 0;
	return a->md_text;
}

const sw_metadata *sw_artifact_metadata(const sw_artifact *a)
{
	return a->md;
}

const char *sw_artifact_metadata_error(const sw_artifact *a)
{
	return a->md_error ? a->md_error : "";
}

const sw_wheel_info *sw_artifact_wheel_info(const sw_artifact *a)
{
	return a->has_wheel ? &a->wheel : NULL;
}

size_t sw_artifact_entry_point_count(const sw_artifact *a)
{
	return a->ep_count;
}

const sw_entry_point *sw_artifact_entry_point_at(const sw_artifact *a, size_t i)
{
	return i < a->ep_count ? &a->eps[i] : NULL;
}

int sw_artifact_has_record(const sw_artifact *a)
{
	return a->has_record;
}

size_t sw_artifact_record_count(const sw_artifact *a)
{
	return a->record_count;
}

const sw_record_row *sw_artifact_record_at(const sw_artifact *a, size_t i)
{
	return i < a->record_count ? &a->record[i] : NULL;
}
