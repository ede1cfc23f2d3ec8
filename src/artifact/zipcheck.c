/*
 * artifact/zipcheck.c — the zip structure rules PyPI enforces ("ZIP archive
 * not accepted", SPECS.md §4.6-4.7), read from the file's raw bytes since
 * libzip hides them: the end of central directory record (no comment, no
 * trailing or prepended data, one disk, a 44-byte ZIP64 record), every
 * central directory entry (no data descriptor flag, stored or deflated,
 * no comment, valid UTF-8 names without control characters, the UTF-8 flag
 * for non-ASCII names, no repeated ZIP64 or Unicode-path extra fields, no
 * encryption), its local header (same name, method and sizes), unique
 * names, and the decompression bomb rule (over 64 MiB and a ratio above 50).
 *
 * Codes: Z001 data descriptor, Z002 duplicate name, Z003 compression
 * method, Z004 comment, Z005 data before or after the archive, Z006 local
 * header disagrees, Z007 bad name bytes, Z008 non-ASCII name without the
 * UTF-8 flag, Z009 compression ratio, Z010 encrypted, Z011 multi-disk or
 * malformed end records, Z012 repeated extra field; A001 unreadable.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "artifact/art_int.h"

#define HINT_ZIP "Rebuild the wheel with a current build backend; do not repack it by hand."
#define EOCD_MAX (22 + 65535)

/* One central directory entry, as far as the checks need it. */
struct cd_entry {
	char *name;
	size_t name_len;
	unsigned flags, method;
	uint64_t csize, usize, offset;
};

struct zc {
	sw_findings *f;
	const sw_artifact *a;
	int fd;
	uint64_t size;
	struct cd_entry *e;
	size_t count;
	uint64_t cd_offset, cd_size, cd_end; /* cd_end: where the end records start */
};

static unsigned le16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t le64(const unsigned char *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* Reads exactly n bytes at off; 0, or 1 when the file is too short. */
static int read_at(struct zc *z, void *buf, size_t n, uint64_t off)
{
	size_t got = 0;
	if (off > z->size || n > z->size - off)
		return 1;
	while (got < n) {
		ssize_t r = pread(z->fd, (char *)buf + got, n - got, (off_t)(off + got));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return 1;
		got += (size_t)r;
	}
	return 0;
}

static int add(struct zc *z, const char *code, const char *member, const char *msg,
               const char *detail)
{
	return sw_findings_add(z->f, code, SW_SEV_ERROR, member, 0, HINT_ZIP,
	                       "ZIP archive not accepted: %s%s", msg, detail ? detail : "");
}

/* Reads the ZIP64 end record through its locator just before the EOCD. */
static int zip64_end(struct zc *z, uint64_t eocd)
{
	unsigned char loc[20], rec[56];
	uint64_t off;
	if (eocd < 20 || read_at(z, loc, 20, eocd - 20) || le32(loc) != 0x07064b50)
		return add(z, "Z011", NULL, "ZIP64 end record locator missing", NULL);
	off = le64(loc + 8);
	if (le32(loc + 4) != 0 || le32(loc + 16) > 1)
		return add(z, "Z011", NULL, "multi-disk archives are not supported", NULL);
	if (read_at(z, rec, 56, off) || le32(rec) != 0x06064b50)
		return add(z, "Z011", NULL, "ZIP64 end record missing", NULL);
	if (le64(rec + 4) != 44)
		return add(z, "Z011", NULL, "the ZIP64 end record must be 44 bytes", NULL);
	if (off + 56 != eocd - 20)
		return add(z, "Z005", NULL, "data between the end records", NULL);
	z->cd_size = le64(rec + 40);
	z->cd_offset = le64(rec + 48);
	z->cd_end = off;
	z->count = (size_t)le64(rec + 32);
	return 0;
}

/* Finds the end of central directory record; 1 if the check stops. */
static int find_eocd(struct zc *z)
{
	unsigned char *tail;
	size_t n = z->size < EOCD_MAX ? (size_t)z->size : EOCD_MAX;
	uint64_t base = z->size - n, eocd = 0;
	int found = 0, err = 0;
	if (!(tail = sw_malloc(n ? n : 1)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	if (n >= 22 && !read_at(z, tail, n, base))
		for (size_t i = n - 22 + 1; i-- > 0 && !found;)
			if (le32(tail + i) == 0x06054b50) {
				found = 1;
				eocd = base + i;
			}
	if (!found) {
		sw_free(tail);
		err = add(z, "A001", NULL,
		          "no end of central directory record (not a zip, or truncated)", NULL);
		return err < 0 ? err : 1;
	}
	{
		const unsigned char *r = tail + (eocd - base);
		unsigned comment = le16(r + 20);
		z->count = le16(r + 10);
		z->cd_size = le32(r + 12);
		z->cd_offset = le32(r + 16);
		z->cd_end = eocd;
		if (le16(r + 4) || le16(r + 6) || le16(r + 8) != le16(r + 10))
			err = add(z, "Z011", NULL, "multi-disk archives are not supported", NULL);
		if (!err && comment)
			err = add(z, "Z004", NULL, "the archive has a comment", NULL);
		if (!err && eocd + 22 + comment != z->size)
			err = add(z, "Z005", NULL, "data after the end of the archive", NULL);
		if (!err &&
		    (z->count == 0xFFFF || z->cd_size == 0xFFFFFFFF || z->cd_offset == 0xFFFFFFFF))
			err = zip64_end(z, eocd);
	}
	sw_free(tail);
	return err;
}

/* Checks the extra fields of an entry; fills ZIP64 sizes. */
static int check_extra(struct zc *z, struct cd_entry *e, const unsigned char *x, size_t n)
{
	int z64 = 0, upath = 0;
	for (size_t i = 0; i + 4 <= n;) {
		unsigned id = le16(x + i), len = le16(x + i + 2);
		const unsigned char *d = x + i + 4;
		if (i + 4 + len > n)
			break;
		if (id == 0x0001) {
			size_t k = 0;
			z64++;
			if (e->usize == 0xFFFFFFFF && k + 8 <= len)
				e->usize = le64(d + k), k += 8;
			if (e->csize == 0xFFFFFFFF && k + 8 <= len)
				e->csize = le64(d + k), k += 8;
			if (e->offset == 0xFFFFFFFF && k + 8 <= len)
				e->offset = le64(d + k);
		}
		upath += id == 0x7075;
		i += 4 + len;
	}
	if (z64 > 1 || upath > 1)
		return add(z, "Z012", e->name, "repeated ZIP64 or Unicode path extra field in ",
		           e->name);
	return 0;
}

/* Checks the name bytes: UTF-8, no control characters, the UTF-8 flag. */
static int check_name(struct zc *z, const struct cd_entry *e)
{
	int ascii = 1;
	for (size_t i = 0; i < e->name_len;) {
		unsigned char ch = (unsigned char)e->name[i];
		size_t k = sw_utf8_seq_len(e->name, e->name_len, i);
		if (ch < 0x20 || ch == 0x7F || !k)
			return add(z, "Z007", e->name, "invalid characters in the member name ",
			           e->name);
		ascii &= ch < 0x80;
		i += k;
	}
	if (!ascii && !(e->flags & 0x800))
		return sw_findings_add(z->f, "Z008", SW_SEV_WARNING, e->name, 0, HINT_ZIP,
		                       "the non-ASCII name %s lacks the UTF-8 flag (bit 11)",
		                       e->name);
	return 0;
}

/* The per-entry rules of the central directory record at p. */
static int check_entry(struct zc *z, struct cd_entry *e, const unsigned char *p)
{
	unsigned nlen = le16(p + 28), xlen = le16(p + 30), clen = le16(p + 32);
	int err;
	e->flags = le16(p + 8);
	e->method = le16(p + 10);
	e->csize = le32(p + 20);
	e->usize = le32(p + 24);
	e->offset = le32(p + 42);
	e->name_len = nlen;
	if (!(e->name = sw_strndup((const char *)p + 46, nlen)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((err = check_extra(z, e, p + 46 + nlen, xlen)) < 0 || (err = check_name(z, e)) < 0)
		return err;
	if (e->flags & 1)
		return add(z, "Z010", e->name, "encrypted member ", e->name);
	if (e->flags & 8)
		return add(z, "Z001", e->name, "data descriptor (general purpose bit 3) used by ",
		           e->name);
	if (e->method != 0 && e->method != 8)
		return add(z, "Z003", e->name, "compression must be stored or deflated, not ",
		           sw_compression_name((int)e->method));
	if (clen)
		return add(z, "Z004", e->name, "comment on the member ", e->name);
	return 0;
}

/* Reads the central directory and checks each entry; 1 if it stops. */
static int read_cd(struct zc *z)
{
	unsigned char *cd;
	size_t pos = 0, i = 0;
	int err = 0;
	if (z->cd_size > (uint64_t)256 * 1024 * 1024 || z->count > z->a->limits.max_members ||
	    z->cd_offset > z->cd_end || z->cd_size > z->cd_end - z->cd_offset)
		return add(z, "Z011", NULL,
		           "the end record does not describe the central directory", NULL) < 0
		               ? SW_ENOMEM
		               : 1;
	if (z->cd_offset + z->cd_size != z->cd_end && (err = add(z, "Z005", NULL,
	                                                         "data between the central "
	                                                         "directory and the end record",
	                                                         NULL)) < 0)
		return err;
	if (!(cd = sw_malloc((size_t)z->cd_size + 1)) ||
	    !(z->e = sw_calloc(z->count ? z->count : 1, sizeof(*z->e)))) {
		sw_free(cd);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	if (read_at(z, cd, (size_t)z->cd_size, z->cd_offset)) {
		sw_free(cd);
		err = add(z, "A001", NULL, "the central directory is truncated", NULL);
		return err < 0 ? err : 1;
	}
	for (; !err && i < z->count; i++) {
		if (pos + 46 > z->cd_size || le32(cd + pos) != 0x02014b50) {
			err = add(z, "Z011", NULL,
			          "the central directory holds fewer entries than "
			          "its end record says",
			          NULL);
			break;
		}
		{
			size_t len = 46 + le16(cd + pos + 28) + le16(cd + pos + 30) +
			             le16(cd + pos + 32);
			if (pos + len > z->cd_size) {
				err = add(z, "Z011", NULL, "a central directory entry is truncated",
				          NULL);
				break;
			}
			err = check_entry(z, &z->e[i], cd + pos);
			pos += len;
		}
	}
	z->count = i;
	if (!err && pos != z->cd_size)
		err = add(z, "Z005", NULL, "extra bytes in the central directory", NULL);
	sw_free(cd);
	return err;
}

/* Compares an entry's local header with its central directory entry. */
static int check_local(struct zc *z, const struct cd_entry *e)
{
	unsigned char h[30];
	char name[65536];
	unsigned nlen, flags;
	if (read_at(z, h, 30, e->offset) || le32(h) != 0x04034b50)
		return add(z, "Z006", e->name, "no local header for ", e->name);
	nlen = le16(h + 26);
	flags = le16(h + 6);
	if (nlen != e->name_len || read_at(z, name, nlen, e->offset + 30) ||
	    memcmp(name, e->name, nlen) != 0)
		return add(z, "Z006", e->name, "the local header names another file than ",
		           e->name);
	if (le16(h + 8) != e->method)
		return add(z, "Z006", e->name, "the local header's method differs for ", e->name);
	if (flags & 8)
		return add(z, "Z001", e->name, "data descriptor (general purpose bit 3) used by ",
		           e->name);
	if (le32(h + 18) != 0xFFFFFFFF && le32(h + 22) != 0xFFFFFFFF &&
	    (le32(h + 18) != e->csize || le32(h + 22) != e->usize))
		return add(z, "Z006", e->name, "the local header's sizes differ for ", e->name);
	return 0;
}

static int cmp_entry(const void *x, const void *y)
{
	const struct cd_entry *p = x, *q = y;
	size_t n = p->name_len < q->name_len ? p->name_len : q->name_len;
	int c = memcmp(p->name, q->name, n);
	return c ? c : (p->name_len > q->name_len) - (p->name_len < q->name_len);
}

/* Local headers, prepended data, the bomb rule, duplicate names. */
static int check_entries(struct zc *z)
{
	uint64_t min_off = UINT64_MAX, total = 0;
	int err = 0;
	for (size_t i = 0; i < z->count && !err; i++) {
		err = check_local(z, &z->e[i]);
		min_off = z->e[i].offset < min_off ? z->e[i].offset : min_off;
		total += z->e[i].usize;
	}
	if (!err && z->count && min_off != 0)
		err = add(z, "Z005", NULL, "data before the first member", NULL);
	if (!err && total > (uint64_t)64 * 1024 * 1024 && total / (z->size ? z->size : 1) > 50)
		err = add(z, "Z009", NULL, "File exceeds compression ratio of 50", NULL);
	qsort(z->e, z->count, sizeof(*z->e), cmp_entry);
	for (size_t i = 1; i < z->count && !err; i++)
		if (cmp_entry(&z->e[i - 1], &z->e[i]) == 0)
			err = add(z, "Z002", z->e[i].name, "duplicate member ", z->e[i].name);
	return err;
}

int sw_artifact_check_zip(sw_findings *findings, const sw_artifact *a,
                          const sw_artifact_check_opts *opts)
{
	struct zc z = {findings, a, -1, a->file_size, NULL, 0, 0, 0, 0};
	int err;
	(void)opts;
	if (a->kind == SW_ARTIFACT_SDIST)
		return 0;
	if ((z.fd = open(a->path, O_RDONLY | O_CLOEXEC)) < 0)
		return sw_error_set(SW_EIO, "%s: %s", a->path, strerror(errno));
	if ((err = find_eocd(&z)) == 0 && (err = read_cd(&z)) == 0)
		err = check_entries(&z);
	for (size_t i = 0; z.e && i < z.count; i++)
		sw_free(z.e[i].name);
	sw_free(z.e);
	close(z.fd);
	return err < 0 ? err : 0;
}
