/*
 * artifact/record_check.c — the RECORD check of a wheel (SPECS.md §4.4):
 * every member listed once with its sha256 and size, no rows for files the
 * wheel lacks, RECORD's own row (and RECORD.jws/.p7s) without hash and
 * size, hashes in urlsafe base64 without padding. Where `wheel unpack`
 * (python3-wheel 0.46) refuses a wheel, a finding here is an error too;
 * sizes and extra rows, which it does not check but installers do, are
 * errors as well.
 *
 * Codes: R001 RECORD missing, R002 member not in RECORD, R003 hash
 * mismatch, R004 size mismatch, R005 row for a missing file, R006 RECORD's
 * own row has a hash or size, R007 malformed row, R008 weak or unknown
 * hash algorithm, R009 path listed twice, R010 row without a hash, R011
 * signature file (deprecated), R012 RECORD unreadable, R013 hash algorithm
 * not verified, R014 row with a hash but no size, R015 size not a number;
 * A001 member unreadable.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "artifact/art_int.h"
#include "slipway/hash.h"

#define HINT_REBUILD "Rebuild the wheel with your build backend instead of editing it by hand."

/* The state of one check run. */
struct rc {
	sw_findings *f;
	const sw_artifact *a;
	const char *record;         /* "<dist-info>/RECORD" */
	const sw_record_row **rows; /* sorted by path */
	unsigned char *digests;
	uint64_t *sizes;
	int *errors;
};

static int cmp_row(const void *x, const void *y)
{
	const sw_record_row *p = *(const sw_record_row *const *)x;
	const sw_record_row *q = *(const sw_record_row *const *)y;
	int c = strcmp(p->path, q->path);
	return c ? c : (p->line > q->line) - (p->line < q->line);
}

/* The first row for a path, or NULL. */
static const sw_record_row *row_for(const struct rc *c, const char *path)
{
	size_t lo = 0, hi = c->a->record_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(c->rows[mid]->path, path) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->a->record_count && strcmp(c->rows[lo]->path, path) == 0 ? c->rows[lo] : NULL;
}

int art_is_record_name(const sw_artifact *a, const char *name)
{
	size_t n;
	if (!a->dist_info)
		return 0;
	n = strlen(a->dist_info);
	if (strncmp(name, a->dist_info, n) != 0 || name[n] != '/')
		return 0;
	name += n + 1;
	return !strcmp(name, "RECORD") || !strcmp(name, "RECORD.jws") ||
	       !strcmp(name, "RECORD.p7s");
}

/* Checks a row's own shape: 3 fields, hash "algo=value", decimal size. */
static int row_shape(struct rc *c, const sw_record_row *r)
{
	const char *eq;
	if (r->field_count != 3)
		return sw_findings_add(c->f, "R007", SW_SEV_ERROR, c->record, r->line, HINT_REBUILD,
		                       "RECORD row has %zu fields, not 3 (path,hash,size)",
		                       r->field_count);
	if (art_is_record_name(c->a, r->path)) {
		if (r->hash[0] || r->size[0])
			return sw_findings_add(c->f, "R006", SW_SEV_ERROR, c->record, r->line,
			                       "Write the row as '<dist-info>/RECORD,,'.",
			                       "the row for %s must have an empty hash and size",
			                       r->path);
		return 0;
	}
	if (r->size[0] && strspn(r->size, "0123456789") != strlen(r->size))
		return sw_findings_add(c->f, "R015", SW_SEV_ERROR, c->record, r->line, HINT_REBUILD,
		                       "size '%s' of %s is not a number", r->size, r->path);
	if (!r->hash[0])
		return 0;
	if (!(eq = strchr(r->hash, '=')) || eq == r->hash || strchr(eq + 1, '='))
		return sw_findings_add(
		        c->f, "R007", SW_SEV_ERROR, c->record, r->line, HINT_REBUILD,
		        "hash '%s' of %s is not 'sha256=<urlsafe base64, no padding>'", r->hash,
		        r->path);
	if (!r->size[0])
		return sw_findings_add(c->f, "R014", SW_SEV_WARNING, c->record, r->line,
		                       HINT_REBUILD, "the row of %s has a hash but no size",
		                       r->path);
	return 0;
}

/* Whether a hash name is one of hashlib's strong algorithms besides
 * sha256 (accepted by installers, not verified here). */
static int strong_algo(const char *name, size_t n)
{
	static const char *const names[] = {"sha224",   "sha384",     "sha512",    "sha3_224",
	                                    "sha3_256", "sha3_384",   "sha3_512",  "blake2b",
	                                    "blake2s",  "sha512_224", "sha512_256"};
	for (size_t k = 0; k < SW_ARRAY_LEN(names); k++)
		if (strlen(names[k]) == n && strncasecmp(name, names[k], n) == 0)
			return 1;
	return 0;
}

/* Compares a member's digest and size with its row. */
static int compare(struct rc *c, size_t i, const sw_record_row *r)
{
	const char *name = c->a->members[i].name, *eq;
	char b64[SW_HASH_B64_SIZE];
	size_t n;
	int err;
	if (r->field_count != 3 || !(eq = strchr(r->hash, '=')))
		return 0;
	if ((size_t)(eq - r->hash) != 6 || strncmp(r->hash, "sha256", 6) != 0) {
		static const char *const weak[] = {"md5", "sha1"};
		for (size_t k = 0; k < SW_ARRAY_LEN(weak); k++)
			if (strlen(weak[k]) == (size_t)(eq - r->hash) &&
			    strncasecmp(r->hash, weak[k], strlen(weak[k])) == 0)
				return sw_findings_add(c->f, "R008", SW_SEV_ERROR, c->record,
				                       r->line, HINT_REBUILD,
				                       "%s uses the weak hash %s, which PEP 427 "
				                       "forbids",
				                       name, weak[k]);
		if (!strong_algo(r->hash, (size_t)(eq - r->hash)))
			return sw_findings_add(c->f, "R008", SW_SEV_ERROR, c->record, r->line,
			                       HINT_REBUILD,
			                       "%s: unsupported hash algorithm '%.*s'", name,
			                       (int)(eq - r->hash), r->hash);
		return sw_findings_add(c->f, "R013", SW_SEV_WARNING, c->record, r->line,
		                       "Use sha256, the hash every tool checks.",
		                       "%s: hash algorithm '%.*s' not verified (slipway checks "
		                       "sha256)",
		                       name, (int)(eq - r->hash), r->hash);
	}
	sw_b64url_encode(b64, c->digests + 32 * i, 32);
	n = strlen(eq + 1);
	if (n != strlen(b64) || strncmp(eq + 1, b64, n) != 0)
		if ((err = sw_findings_add(c->f, "R003", SW_SEV_ERROR, name, 0, HINT_REBUILD,
		                           "sha256 of %s is %s, RECORD (line %u) says %s", name,
		                           b64, r->line, eq + 1)) < 0)
			return err;
	if (r->size[0] && strspn(r->size, "0123456789") == strlen(r->size) &&
	    strtoull(r->size, NULL, 10) != c->sizes[i])
		return sw_findings_add(c->f, "R004", SW_SEV_ERROR, name, 0, HINT_REBUILD,
		                       "%s has %llu bytes, RECORD (line %u) says %s", name,
		                       (unsigned long long)c->sizes[i], r->line, r->size);
	return 0;
}

static int discard(void *ud, const void *data, size_t len)
{
	(void)ud;
	(void)data;
	(void)len;
	return 0;
}

/* Checks one member against RECORD. */
static int check_member(struct rc *c, size_t i)
{
	const sw_artifact_member *m = &c->a->members[i];
	const sw_record_row *r;
	if (m->type == SW_MEMBER_DIR)
		return 0;
	if (c->errors[i]) {
		int err = sw_artifact_member_read(c->a, i, discard, NULL);
		if (err == SW_ENOMEM)
			return err;
		return sw_findings_add(c->f, "A001", SW_SEV_ERROR, m->name, 0,
		                       "The archive is damaged: rebuild it.", "cannot read %s: %s",
		                       m->name, err ? sw_error_last() : "damaged data");
	}
	if (art_is_record_name(c->a, m->name)) {
		if (strcmp(m->name, c->record) == 0)
			return 0;
		return sw_findings_add(c->f, "R011", SW_SEV_WARNING, m->name, 0,
		                       "Remove it: wheel signatures are deprecated.",
		                       "%s is a deprecated wheel signature file", m->name);
	}
	if (!(r = row_for(c, m->name)))
		return sw_findings_add(c->f, "R002", SW_SEV_ERROR, m->name, 0, HINT_REBUILD,
		                       "%s is not listed in RECORD (installers refuse the wheel)",
		                       m->name);
	if (r->field_count == 3 && !r->hash[0])
		return sw_findings_add(c->f, "R010", SW_SEV_ERROR, m->name, 0, HINT_REBUILD,
		                       "the RECORD row of %s (line %u) has no hash", m->name,
		                       r->line);
	return compare(c, i, r);
}

/* Checks the rows: shape, duplicates, files that are not in the wheel. */
static int check_rows(struct rc *c)
{
	const sw_artifact *a = c->a;
	int err = 0;
	for (size_t k = 0; k < a->record_count && !err; k++) {
		const sw_record_row *r = &a->record[k];
		size_t index;
		if (!r->field_count) {
			err = sw_findings_add(c->f, "R007", SW_SEV_ERROR, c->record, r->line,
			                      HINT_REBUILD, "empty RECORD row");
			continue;
		}
		if ((err = row_shape(c, r)) < 0)
			break;
		if (sw_artifact_member_find(&index, a, r->path) != 0)
			err = sw_findings_add(
			        c->f, "R005", SW_SEV_ERROR, c->record, r->line, HINT_REBUILD,
			        "RECORD lists %s, which is not in the wheel", r->path);
	}
	for (size_t k = 1; k < a->record_count && !err; k++)
		if (strcmp(c->rows[k]->path, c->rows[k - 1]->path) == 0 && c->rows[k]->path[0])
			err = sw_findings_add(
			        c->f, "R009", SW_SEV_WARNING, c->record, c->rows[k]->line,
			        HINT_REBUILD, "RECORD lists %s twice (lines %u and %u)",
			        c->rows[k]->path, c->rows[k - 1]->line, c->rows[k]->line);
	sw_error_clear();
	return err;
}

/* R001 / R012: RECORD missing or unreadable. 1 if the check stops here. */
static int record_present(struct rc *c)
{
	const sw_artifact *a = c->a;
	int err;
	if (!a->has_record) {
		err = sw_findings_add(c->f, "R001", SW_SEV_ERROR, c->record, 0,
		                      "Build the wheel with a PEP 517 backend: it writes RECORD.",
		                      "the wheel has no %s (PyPI refuses it)", c->record);
		return err < 0 ? err : 1;
	}
	if (a->record_error) {
		err = sw_findings_add(c->f, "R012", SW_SEV_ERROR, c->record, 0, HINT_REBUILD,
		                      "RECORD cannot be read: %s", a->record_error);
		return err < 0 ? err : 1;
	}
	return 0;
}

/* The RECORD path: from the .dist-info folder, else from the file name. */
static int record_path(char *out, size_t size, const sw_artifact *a)
{
	const sw_artifact_name *n = sw_artifact_filename(a);
	int len;
	if (a->dist_info)
		len = snprintf(out, size, "%s/RECORD", a->dist_info);
	else if (n)
		len = snprintf(out, size, "%s-%s.dist-info/RECORD", n->name, n->version);
	else
		len = snprintf(out, size, "*.dist-info/RECORD");
	return len < 0 || (size_t)len >= size ? SW_ETOOBIG : 0;
}

int sw_artifact_check_record(sw_findings *findings, const sw_artifact *a,
                             const sw_artifact_check_opts *opts)
{
	char record[4096];
	struct rc c = {findings, a, record, NULL, NULL, NULL, NULL};
	int err;
	if (a->kind != SW_ARTIFACT_WHEEL)
		return 0;
	if (record_path(record, sizeof(record), a) < 0)
		return 0;
	if ((err = record_present(&c)) != 0)
		return err < 0 ? err : 0;
	c.rows = sw_malloc((a->record_count ? a->record_count : 1) * sizeof(*c.rows));
	c.digests = sw_malloc(32 * (a->count ? a->count : 1));
	c.sizes = sw_malloc(sizeof(*c.sizes) * (a->count ? a->count : 1));
	c.errors = sw_malloc(sizeof(*c.errors) * (a->count ? a->count : 1));
	if (!c.rows || !c.digests || !c.sizes || !c.errors) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t k = 0; k < a->record_count; k++)
		c.rows[k] = &a->record[k];
	qsort(c.rows, a->record_count, sizeof(*c.rows), cmp_row);
	if ((err = sw_artifact_hash_members(a, c.digests, c.sizes, c.errors,
	                                    opts ? opts->threads : 0)) < 0)
		goto done;
	for (size_t i = 0; i < a->count && !err; i++)
		err = check_member(&c, i);
	if (!err)
		err = check_rows(&c);
done:
	sw_free(c.rows);
	sw_free(c.digests);
	sw_free(c.sizes);
	sw_free(c.errors);
	return err;
}
