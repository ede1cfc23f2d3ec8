/*
 * unit/test_artifact_fixtures.h — small wheels and sdists written by the
 * artifact tests themselves: a raw zip writer (so a test can put exactly
 * the bytes PyPI refuses into a file: data descriptors, comments, trailing
 * data, duplicate names, other compression methods, Unix modes), a RECORD
 * generator (SHA-256 via OpenSSL directly, not the code under test), and
 * a tarball writer on libarchive. Everything goes under a fresh temporary
 * folder removed at the end of each test.
 */
#ifndef SW_TEST_ARTIFACT_FIXTURES_H
#define SW_TEST_ARTIFACT_FIXTURES_H

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* Every helper is static: a test uses only some of them. */
#define FX_FN static __attribute__((unused))

/* A fresh temporary folder (static buffer) and its removal. */
static char fx_dir[64];

FX_FN const char *fx_tmpdir(void)
{
	snprintf(fx_dir, sizeof(fx_dir), "/tmp/sw-art-test-XXXXXX");
	if (!mkdtemp(fx_dir))
		abort();
	return fx_dir;
}

/* Removes a path and, for a folder, everything below it (no symlink is
 * followed). */
FX_FN void fx_rm(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	if (lstat(path, &st) != 0)
		return;
	if (S_ISDIR(st.st_mode) && (d = opendir(path)) != NULL) {
		while ((e = readdir(d)) != NULL) {
			char sub[1024];
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			fx_rm(sub);
		}
		closedir(d);
		rmdir(path);
		return;
	}
	unlink(path);
}

FX_FN void fx_cleanup(void)
{
	if (fx_dir[0])
		fx_rm(fx_dir);
	fx_dir[0] = '\0';
}

/* fx_dir + "/" + name, in a static rotating buffer. */
FX_FN const char *fx_path(const char *name)
{
	static char bufs[4][512];
	static int k;
	k = (k + 1) % 4;
	snprintf(bufs[k], sizeof(bufs[k]), "%s/%s", fx_dir, name);
	return bufs[k];
}

/* One zip member. data NULL and name ending in '/' is a folder. */
struct zent {
	const char *name;
	const char *data;
	size_t len;        /* 0: strlen(data) */
	int method;        /* 0 stored, 8 deflated, other ids written as given (stored bytes) */
	unsigned flags;    /* extra general purpose bits (8: data descriptor) */
	unsigned mode;     /* Unix mode, 0: 0100644 (040755 for folders) */
	const char *local; /* a different name for the local header, or NULL */
};

/* Whole-archive oddities. */
struct zspec {
	const char *prefix;  /* bytes before the first member */
	const char *comment; /* archive comment */
	const char *trailer; /* bytes after the end record */
};

FX_FN void put16(FILE *f, unsigned v)
{
	fputc((int)(v & 0xFF), f);
	fputc((int)((v >> 8) & 0xFF), f);
}

FX_FN void put32(FILE *f, uint32_t v)
{
	put16(f, v & 0xFFFF);
	put16(f, v >> 16);
}

/* Raw deflate of a buffer into a new allocation. */
FX_FN unsigned char *deflate_raw(const char *data, size_t len, size_t *out_len)
{
	z_stream z;
	size_t cap = compressBound((uLong)len) + 64;
	unsigned char *out = malloc(cap);
	memset(&z, 0, sizeof(z));
	if (!out || deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	z.next_in = (unsigned char *)(uintptr_t)data;
	z.avail_in = (uInt)len;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	*out_len = z.total_out;
	deflateEnd(&z);
	return out;
}

/* Writes a zip archive exactly as described. */
FX_FN void zip_write(const char *path, const struct zent *e, size_t n, const struct zspec *spec)
{
	FILE *f = fopen(path, "wb");
	uint32_t *offsets = calloc(n + 1, sizeof(*offsets)),
	         *csizes = calloc(n + 1, sizeof(*csizes));
	long cd_start, cd_end;
	if (!f || !offsets || !csizes)
		abort();
	if (spec && spec->prefix)
		fputs(spec->prefix, f);
	for (size_t i = 0; i < n; i++) {
		const char *data = e[i].data ? e[i].data : "";
		size_t len = e[i].len ? e[i].len : strlen(data), clen = len;
		uint32_t crc = (uint32_t)crc32(0, (const unsigned char *)data, (uInt)len);
		const char *lname = e[i].local ? e[i].local : e[i].name;
		unsigned char *packed = NULL;
		int dd = (e[i].flags & 8) != 0;
		if (e[i].method == 8)
			packed = deflate_raw(data, len, &clen);
		offsets[i] = (uint32_t)ftell(f);
		csizes[i] = (uint32_t)clen;
		put32(f, 0x04034b50);
		put16(f, 20);
		put16(f, e[i].flags);
		put16(f, (unsigned)e[i].method);
		put16(f, 0);
		put16(f, 0x21);
		put32(f, dd ? 0 : crc);
		put32(f, dd ? 0 : (uint32_t)clen);
		put32(f, dd ? 0 : (uint32_t)len);
		put16(f, (unsigned)strlen(lname));
		put16(f, 0);
		fputs(lname, f);
		fwrite(packed ? (const void *)packed : data, 1, clen, f);
		if (dd) {
			put32(f, 0x08074b50);
			put32(f, crc);
			put32(f, (uint32_t)clen);
			put32(f, (uint32_t)len);
		}
		free(packed);
	}
	cd_start = ftell(f);
	for (size_t i = 0; i < n; i++) {
		const char *data = e[i].data ? e[i].data : "";
		size_t len = e[i].len ? e[i].len : strlen(data);
		size_t nl = strlen(e[i].name);
		unsigned mode = e[i].mode ? e[i].mode
		                          : (nl && e[i].name[nl - 1] == '/' ? 040755u : 0100644u);
		put32(f, 0x02014b50);
		put16(f, (3u << 8) | 20);
		put16(f, 20);
		put16(f, e[i].flags);
		put16(f, (unsigned)e[i].method);
		put16(f, 0);
		put16(f, 0x21);
		put32(f, (uint32_t)crc32(0, (const unsigned char *)data, (uInt)len));
		put32(f, csizes[i]);
		put32(f, (uint32_t)len);
		put16(f, (unsigned)nl);
		put16(f, 0);
		put16(f, 0);
		put16(f, 0);
		put16(f, 0);
		put32(f, (uint32_t)mode << 16);
		put32(f, offsets[i]);
		fputs(e[i].name, f);
	}
	cd_end = ftell(f);
	put32(f, 0x06054b50);
	put16(f, 0);
	put16(f, 0);
	put16(f, (unsigned)n);
	put16(f, (unsigned)n);
	put32(f, (uint32_t)(cd_end - cd_start));
	put32(f, (uint32_t)cd_start);
	put16(f, spec && spec->comment ? (unsigned)strlen(spec->comment) : 0);
	if (spec && spec->comment)
		fputs(spec->comment, f);
	if (spec && spec->trailer)
		fputs(spec->trailer, f);
	fclose(f);
	free(offsets);
	free(csizes);
}

/* The RECORD hash "sha256=<urlsafe b64, no padding>" of bytes. */
FX_FN void record_hash(char *out, const char *data, size_t len)
{
	static const char b64[] =
	        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	unsigned char d[32];
	unsigned int dl = 0;
	size_t o = 0;
	if (!EVP_Digest(data, len, d, &dl, EVP_sha256(), NULL))
		abort();
	o += (size_t)sprintf(out, "sha256=");
	for (size_t i = 0; i < 32; i += 3) {
		uint32_t v = (uint32_t)d[i] << 16 | (i + 1 < 32 ? (uint32_t)d[i + 1] << 8 : 0) |
		             (i + 2 < 32 ? d[i + 2] : 0);
		out[o++] = b64[(v >> 18) & 63];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = b64[(v >> 6) & 63];
		if (i + 2 < 32)
			out[o++] = b64[v & 63];
	}
	out[o] = '\0';
}

/* Appends a RECORD listing every entry of e (folders left out) plus
 * "<record>,," to buf (of size cap). */
FX_FN void record_text(char *buf, size_t cap, const struct zent *e, size_t n, const char *record)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		const char *data = e[i].data ? e[i].data : "";
		size_t len = e[i].len ? e[i].len : strlen(data);
		char h[64];
		if (e[i].name[strlen(e[i].name) - 1] == '/')
			continue;
		record_hash(h, data, len);
		o += (size_t)snprintf(buf + o, cap - o, "%s,%s,%zu\n", e[i].name, h, len);
	}
	snprintf(buf + o, cap - o, "%s,,\n", record);
}

/* A tarball member. */
struct tent {
	const char *name;
	const char *data; /* file contents */
	int type;         /* 'f' file, 'd' folder, 'l' symlink, 'h' hard link, 'c' char device */
	const char *link; /* link target */
};

/* Writes a gzip'd pax tarball. */
FX_FN void tar_write(const char *path, const struct tent *t, size_t n)
{
	struct archive *a = archive_write_new();
	archive_write_add_filter_gzip(a);
	archive_write_set_format_pax_restricted(a);
	if (archive_write_open_filename(a, path) != ARCHIVE_OK)
		abort();
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		size_t len = t[i].data ? strlen(t[i].data) : 0;
		archive_entry_set_pathname(e, t[i].name);
		archive_entry_set_mtime(e, 315532800, 0);
		switch (t[i].type) {
		case 'd':
			archive_entry_set_filetype(e, AE_IFDIR);
			archive_entry_set_perm(e, 0755);
			break;
		case 'l':
			archive_entry_set_filetype(e, AE_IFLNK);
			archive_entry_set_symlink(e, t[i].link);
			archive_entry_set_perm(e, 0777);
			break;
		case 'h':
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, t[i].link);
			archive_entry_set_perm(e, 0644);
			break;
		case 'c':
			archive_entry_set_filetype(e, AE_IFCHR);
			archive_entry_set_perm(e, 0644);
			break;
		default:
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_perm(e, 0644);
			archive_entry_set_size(e, (la_int64_t)len);
		}
		archive_write_header(a, e);
		if (len)
			archive_write_data(a, t[i].data, len);
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
}

#endif
