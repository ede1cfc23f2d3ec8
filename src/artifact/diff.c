/*
 * artifact/diff.c — the difference between two artifacts: member lists
 * merged by neutralised name (version-bearing folders replaced by
 * placeholders) and compared by size and SHA-256, metadata fields compared
 * one by one (multi-use ones as sorted sets), and Requires-Dist entries
 * matched by normalised name and marker. The result owns copies of every
 * string it shows.
 */
#include <stdlib.h>
#include <string.h>

#include "slipway/diff.h"
#include "slipway/hash.h"
#include "util/util.h"

#define JOIN_MAX ((size_t)16 * 1024 * 1024)

struct sw_diff {
	sw_diff_member *members;
	size_t member_count, unchanged;
	sw_diff_field *fields;
	size_t field_count;
	sw_diff_dep *deps;
	size_t dep_count;
	char **strings; /* every string the diff owns */
	size_t string_count, string_cap;
};

/* A member by its neutralised name. */
struct entry {
	const char *name;
	size_t i; /* member index */
};

/* One artifact's members, neutralised and sorted. */
struct side {
	const sw_artifact *a;
	unsigned char *digests;
	uint64_t *sizes;
	char **names; /* per member; NULL for directories */
	struct entry *order;
	size_t n;     /* members in `order` (files and links, no directories) */
	size_t total; /* members of the artifact; `names` has this many */
};

static const char *const change_names[] = {"added", "removed", "changed"};

const char *sw_diff_change_name(enum sw_diff_change change)
{
	return (unsigned)change < SW_ARRAY_LEN(change_names) ? change_names[change] : "?";
}

/* Copies `len` bytes into a string the diff owns; NULL on failure. */
static const char *keep(sw_diff *d, const char *s, size_t len)
{
	char *copy;
	if (d->string_count == d->string_cap) {
		size_t cap = d->string_cap ? 2 * d->string_cap : 64;
		char **grown = sw_realloc(d->strings, cap * sizeof(*grown));
		if (!grown)
			return NULL;
		d->strings = grown;
		d->string_cap = cap;
	}
	if (!(copy = sw_strndup(s, len)))
		return NULL;
	d->strings[d->string_count++] = copy;
	return copy;
}

/* Makes room for item number `count` in an array grown by doubling from
 * 8 (so it is full exactly when count is 8, 16, 32, ...). */
static int grow(void **items, size_t count, size_t size)
{
	void *p;
	if (count != 0 && (count < 8 || (count & (count - 1)) != 0))
		return 0;
	p = sw_realloc(*items, (count ? 2 * count : 8) * size);
	if (!p)
		return sw_error_set(SW_ENOMEM, "out of memory");
	*items = p;
	return 0;
}

/* The member name with its version-bearing folder replaced. */
static int neutral_name(char **out, const sw_artifact *a, const char *name)
{
	const char *dir = sw_artifact_dist_info(a);
	size_t dlen = dir ? strlen(dir) : 0;
	sw_buf b;
	sw_buf_init(&b, 1 << 16);
	if (dir && sw_artifact_kind(a) == SW_ARTIFACT_WHEEL && strncmp(name, dir, dlen) == 0 &&
	    name[dlen] == '/') {
		sw_buf_printf(&b, "{dist-info}%s", name + dlen);
	} else if (dir && sw_artifact_kind(a) == SW_ARTIFACT_WHEEL && dlen > 10 &&
	           strncmp(name, dir, dlen - 10) == 0 &&
	           strncmp(name + dlen - 10, ".data/", 6) == 0) {
		sw_buf_printf(&b, "{data}%s", name + dlen - 10 + 5);
	} else if (dir && sw_artifact_kind(a) != SW_ARTIFACT_WHEEL &&
	           strncmp(name, dir, dlen) == 0 && name[dlen] == '/') {
		sw_buf_printf(&b, "{top}%s", name + dlen);
	} else {
		sw_buf_puts(&b, name);
	}
	if (sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	*out = sw_buf_detach(&b, NULL);
	return *out ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int cmp_entry(const void *x, const void *y)
{
	return strcmp(((const struct entry *)x)->name, ((const struct entry *)y)->name);
}

static void side_free(struct side *s)
{
	for (size_t i = 0; s->names && i < s->total; i++)
		sw_free(s->names[i]);
	sw_free(s->names);
	sw_free(s->order);
	sw_free(s->digests);
	sw_free(s->sizes);
}

/* Hashes and sorts one artifact's file members. */
static int side_load(struct side *s, const sw_artifact *a, unsigned threads)
{
	size_t total = sw_artifact_member_count(a);
	int err;
	s->a = a;
	s->total = total;
	s->digests = sw_calloc(total + 1, 32);
	s->sizes = sw_calloc(total + 1, sizeof(*s->sizes));
	s->names = sw_calloc(total + 1, sizeof(*s->names));
	s->order = sw_calloc(total + 1, sizeof(*s->order));
	if (!s->digests || !s->sizes || !s->names || !s->order)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((err = sw_artifact_hash_members(a, s->digests, s->sizes, NULL, threads)) < 0)
		return err;
	for (size_t i = 0; i < total; i++) {
		const sw_artifact_member *m = sw_artifact_member_at(a, i);
		if (m->type == SW_MEMBER_DIR)
			continue;
		if ((err = neutral_name(&s->names[i], a, m->name)) < 0)
			return err;
		s->order[s->n].name = s->names[i];
		s->order[s->n++].i = i;
	}
	qsort(s->order, s->n, sizeof(*s->order), cmp_entry);
	return 0;
}

/* Records one member change. */
static int add_member(sw_diff *d, enum sw_diff_change change, const struct side *o, size_t oi,
                      const struct side *n, size_t ni)
{
	sw_diff_member *m;
	int err;
	if ((err = grow((void **)&d->members, d->member_count, sizeof(*m))) < 0)
		return err;
	m = &d->members[d->member_count];
	memset(m, 0, sizeof(*m));
	m->change = change;
	if (o) {
		m->old_size = o->sizes[oi];
		sw_hex_encode(m->old_sha256, o->digests + 32 * oi, 32);
	}
	if (n) {
		m->new_size = n->sizes[ni];
		sw_hex_encode(m->new_sha256, n->digests + 32 * ni, 32);
	}
	m->name = o ? o->names[oi] : n->names[ni];
	if (!(m->name = keep(d, m->name, strlen(m->name))))
		return sw_error_set(SW_ENOMEM, "out of memory");
	d->member_count++;
	return 0;
}

/* Merges the two sorted member lists. */
static int diff_members(sw_diff *d, const struct side *o, const struct side *n)
{
	size_t i = 0, j = 0;
	int err = 0;
	while ((i < o->n || j < n->n) && err == 0) {
		size_t oi = i < o->n ? o->order[i].i : 0, ni = j < n->n ? n->order[j].i : 0;
		int c = i == o->n ? 1 : j == n->n ? -1 : strcmp(o->names[oi], n->names[ni]);
		if (c < 0) {
			err = add_member(d, SW_DIFF_REMOVED, o, oi, NULL, 0);
			i++;
		} else if (c > 0) {
			err = add_member(d, SW_DIFF_ADDED, NULL, 0, n, ni);
			j++;
		} else {
			if (o->sizes[oi] != n->sizes[ni] ||
			    memcmp(o->digests + 32 * oi, n->digests + 32 * ni, 32) != 0)
				err = add_member(d, SW_DIFF_CHANGED, o, oi, n, ni);
			else
				d->unchanged++;
			i++;
			j++;
		}
	}
	return err;
}

/* A field's value as compared: the single value, or the multi-use
 * values sorted and joined with '\n'; NULL when absent. */
static int field_value(char **out, const sw_metadata *md, enum sw_md_field f)
{
	size_t n = md ? sw_metadata_count(md, f) : 0;
	const char **v;
	sw_buf b;
	*out = NULL;
	if (n == 0)
		return 0;
	if (!sw_md_field_is_multi(f)) {
		const char *one = sw_metadata_get(md, f);
		*out = one ? sw_strdup(one) : NULL;
		return one && !*out ? sw_error_set(SW_ENOMEM, "out of memory") : 0;
	}
	if (!(v = sw_calloc(n, sizeof(*v))))
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		v[i] = sw_metadata_value(md, f, i);
	qsort(v, n, sizeof(*v), cmp_str);
	sw_buf_init(&b, JOIN_MAX);
	for (size_t i = 0; i < n; i++) {
		sw_buf_puts(&b, i ? "\n" : "");
		sw_buf_puts(&b, v[i]);
	}
	sw_free(v);
	if (sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	*out = sw_buf_detach(&b, NULL);
	return 0;
}

/* Records a field whose values differ. */
static int add_field(sw_diff *d, enum sw_md_field f, const char *ov, const char *nv)
{
	sw_diff_field *x;
	int err;
	if ((err = grow((void **)&d->fields, d->field_count, sizeof(*x))) < 0)
		return err;
	x = &d->fields[d->field_count];
	x->field = sw_md_field_name(f);
	x->old_value = ov ? keep(d, ov, strlen(ov)) : NULL;
	x->new_value = nv ? keep(d, nv, strlen(nv)) : NULL;
	if ((ov && !x->old_value) || (nv && !x->new_value))
		return sw_error_set(SW_ENOMEM, "out of memory");
	d->field_count++;
	return 0;
}

/* Compares every field except Requires-Dist (see diff_deps). */
static int diff_fields(sw_diff *d, const sw_metadata *om, const sw_metadata *nm)
{
	int err = 0;
	for (int f = 0; f < SW_MD_FIELD_COUNT && err == 0; f++) {
		char *ov = NULL, *nv = NULL;
		if (f == SW_MD_REQUIRES_DIST)
			continue;
		if ((err = field_value(&ov, om, (enum sw_md_field)f)) == 0 &&
		    (err = field_value(&nv, nm, (enum sw_md_field)f)) == 0 &&
		    (!ov != !nv || (ov && strcmp(ov, nv) != 0)))
			err = add_field(d, (enum sw_md_field)f, ov, nv);
		sw_free(ov);
		sw_free(nv);
	}
	return err;
}

/* One Requires-Dist entry, split for matching. */
struct dep {
	const char *req; /* as written */
	char *name;      /* normalised */
	char *marker;    /* without whitespace, "" if none */
	char *spec;      /* the part before ';' without whitespace */
};

/* Copies s[0..len) without whitespace (and lower-cases/normalises a name:
 * runs of '-', '_', '.' become one '-'). */
static char *squeeze(const char *s, size_t len, int as_name)
{
	char *out = sw_malloc(len + 1);
	size_t k = 0;
	if (!out)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (c == ' ' || c == '\t')
			continue;
		if (as_name && (c == '-' || c == '_' || c == '.')) {
			if (k == 0 || out[k - 1] != '-')
				out[k++] = '-';
			continue;
		}
		out[k++] = as_name && c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
	}
	out[k] = 0;
	return out;
}

static int dep_split(struct dep *d, const char *req)
{
	const char *semi = strchr(req, ';');
	size_t before = semi ? (size_t)(semi - req) : strlen(req), nlen = 0;
	while (req[nlen] == ' ')
		nlen++;
	while (nlen < before &&
	       (strchr("-_.", req[nlen]) || (req[nlen] >= '0' && req[nlen] <= '9') ||
	        (req[nlen] >= 'a' && req[nlen] <= 'z') || (req[nlen] >= 'A' && req[nlen] <= 'Z')))
		nlen++;
	d->req = req;
	d->name = squeeze(req, nlen, 1);
	d->spec = squeeze(req, before, 0);
	d->marker = semi ? squeeze(semi + 1, strlen(semi + 1), 0) : squeeze("", 0, 0);
	return d->name && d->spec && d->marker ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
}

static int cmp_dep(const void *x, const void *y)
{
	const struct dep *a = x, *b = y;
	int c = strcmp(a->name, b->name);
	return c ? c : strcmp(a->marker, b->marker);
}

static void deps_free(struct dep *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		sw_free(v[i].name);
		sw_free(v[i].marker);
		sw_free(v[i].spec);
	}
	sw_free(v);
}

/* The Requires-Dist entries of one side, split and sorted. */
static int deps_load(struct dep **out, size_t *count, const sw_metadata *md)
{
	size_t n = md ? sw_metadata_count(md, SW_MD_REQUIRES_DIST) : 0;
	int err = 0;
	*count = 0;
	if (!(*out = sw_calloc(n + 1, sizeof(**out))))
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < n && err == 0; i++, (*count)++)
		err = dep_split(&(*out)[i], sw_metadata_value(md, SW_MD_REQUIRES_DIST, i));
	if (err == 0)
		qsort(*out, *count, sizeof(**out), cmp_dep);
	return err;
}

/* Records one dependency change. */
static int add_dep(sw_diff *d, enum sw_diff_change change, const struct dep *o, const struct dep *n)
{
	const struct dep *any = o ? o : n;
	sw_diff_dep *x;
	int err;
	if ((err = grow((void **)&d->deps, d->dep_count, sizeof(*x))) < 0)
		return err;
	x = &d->deps[d->dep_count];
	x->change = change;
	x->name = keep(d, any->name, strlen(any->name));
	x->marker = keep(d, any->marker, strlen(any->marker));
	x->old_req = o ? keep(d, o->req, strlen(o->req)) : NULL;
	x->new_req = n ? keep(d, n->req, strlen(n->req)) : NULL;
	if (!x->name || !x->marker || (o && !x->old_req) || (n && !x->new_req))
		return sw_error_set(SW_ENOMEM, "out of memory");
	d->dep_count++;
	return 0;
}

/* Merges the two sorted dependency lists. */
static int diff_deps(sw_diff *d, const sw_metadata *om, const sw_metadata *nm)
{
	struct dep *o = NULL, *n = NULL;
	size_t on = 0, nn = 0, i = 0, j = 0;
	int err;
	if ((err = deps_load(&o, &on, om)) < 0 || (err = deps_load(&n, &nn, nm)) < 0)
		goto done;
	while ((i < on || j < nn) && err == 0) {
		int c = i == on ? 1 : j == nn ? -1 : cmp_dep(&o[i], &n[j]);
		if (c < 0)
			err = add_dep(d, SW_DIFF_REMOVED, &o[i++], NULL);
		else if (c > 0)
			err = add_dep(d, SW_DIFF_ADDED, NULL, &n[j++]);
		else if (strcmp(o[i].spec, n[j].spec) != 0)
			err = add_dep(d, SW_DIFF_CHANGED, &o[i++], &n[j++]);
		else
			i++, j++;
	}
done:
	deps_free(o, on);
	deps_free(n, nn);
	return err;
}

int sw_diff_artifacts(sw_diff **out, const sw_artifact *old_a, const sw_artifact *new_a,
                      unsigned threads)
{
	struct side o = {0}, n = {0};
	sw_diff *d = sw_calloc(1, sizeof(*d));
	int err;
	*out = NULL;
	if (!d)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((err = side_load(&o, old_a, threads)) < 0 || (err = side_load(&n, new_a, threads)) < 0)
		goto done;
	if ((err = diff_members(d, &o, &n)) < 0)
		goto done;
	if ((err = diff_fields(d, sw_artifact_metadata(old_a), sw_artifact_metadata(new_a))) < 0)
		goto done;
	err = diff_deps(d, sw_artifact_metadata(old_a), sw_artifact_metadata(new_a));
done:
	side_free(&o);
	side_free(&n);
	if (err < 0)
		sw_diff_free(d);
	else
		*out = d;
	return err;
}

void sw_diff_free(sw_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->string_count; i++)
		sw_free(d->strings[i]);
	sw_free(d->strings);
	sw_free(d->members);
	sw_free(d->fields);
	sw_free(d->deps);
	sw_free(d);
}

size_t sw_diff_member_count(const sw_diff *d)
{
	return d->member_count;
}

const sw_diff_member *sw_diff_member_at(const sw_diff *d, size_t i)
{
	return i < d->member_count ? &d->members[i] : NULL;
}

size_t sw_diff_unchanged_count(const sw_diff *d)
{
	return d->unchanged;
}

size_t sw_diff_field_count(const sw_diff *d)
{
	return d->field_count;
}

const sw_diff_field *sw_diff_field_at(const sw_diff *d, size_t i)
{
	return i < d->field_count ? &d->fields[i] : NULL;
}

size_t sw_diff_dep_count(const sw_diff *d)
{
	return d->dep_count;
}

const sw_diff_dep *sw_diff_dep_at(const sw_diff *d, size_t i)
{
	return i < d->dep_count ? &d->deps[i] : NULL;
}

int sw_diff_is_empty(const sw_diff *d)
{
	return d->member_count == 0 && d->field_count == 0 && d->dep_count == 0;
}

/* Appends a JSON string, or null. */
static void json_str(sw_buf *b, const char *s)
{
	if (s)
		sw_buf_put_json_string(b, s, strlen(s));
	else
		sw_buf_puts(b, "null");
}

int sw_diff_to_json(sw_buf *b, const sw_diff *d)
{
	sw_buf_puts(b, "{\"members\":[");
	for (size_t i = 0; i < d->member_count; i++) {
		const sw_diff_member *m = &d->members[i];
		sw_buf_puts(b, i ? ",{\"name\":" : "{\"name\":");
		json_str(b, m->name);
		sw_buf_printf(b,
		              ",\"change\":\"%s\",\"old_size\":%llu,\"new_size\":%llu,"
		              "\"old_sha256\":\"%s\",\"new_sha256\":\"%s\"}",
		              sw_diff_change_name(m->change), (unsigned long long)m->old_size,
		              (unsigned long long)m->new_size, m->old_sha256, m->new_sha256);
	}
	sw_buf_printf(b, "],\"unchanged_members\":%zu,\"metadata\":[", d->unchanged);
	for (size_t i = 0; i < d->field_count; i++) {
		sw_buf_puts(b, i ? ",{\"field\":" : "{\"field\":");
		json_str(b, d->fields[i].field);
		sw_buf_puts(b, ",\"old\":");
		json_str(b, d->fields[i].old_value);
		sw_buf_puts(b, ",\"new\":");
		json_str(b, d->fields[i].new_value);
		sw_buf_putc(b, '}');
	}
	sw_buf_puts(b, "],\"dependencies\":[");
	for (size_t i = 0; i < d->dep_count; i++) {
		const sw_diff_dep *x = &d->deps[i];
		sw_buf_puts(b, i ? ",{\"name\":" : "{\"name\":");
		json_str(b, x->name);
		sw_buf_puts(b, ",\"marker\":");
		json_str(b, x->marker);
		sw_buf_printf(b, ",\"change\":\"%s\",\"old\":", sw_diff_change_name(x->change));
		json_str(b, x->old_req);
		sw_buf_puts(b, ",\"new\":");
		json_str(b, x->new_req);
		sw_buf_putc(b, '}');
	}
	return sw_buf_puts(b, "]}");
}
