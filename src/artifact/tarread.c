/*
 * artifact/tarread.c — the tarball reader (sdists) on libarchive: one pass
 * over the headers for the member list, and sequential passes for member
 * reads. Only tar formats are enabled (pax, ustar, GNU), behind any of
 * libarchive's compression filters; the bytes read are bounded by the
 * header sizes and by the limits applied to the list.
 */
#include <archive.h>
#include <archive_entry.h>
#include <string.h>
#include <sys/stat.h>

#include "artifact/art_int.h"

#define CHUNK 65536

/* Opens the file for one sequential pass. */
static int tar_begin(struct archive **out, const sw_artifact *a)
{
	struct archive *ar = archive_read_new();
	*out = NULL;
	if (!ar)
		return sw_error_set(SW_ENOMEM, "out of memory");
	archive_read_support_filter_all(ar);
	archive_read_support_format_tar(ar);
	archive_read_support_format_gnutar(ar);
	if (archive_read_open_filename(ar, a->path, CHUNK) != ARCHIVE_OK) {
		int err = sw_error_set(SW_EPARSE, "%s: not a readable tarball: %s", a->path,
		                       archive_error_string(ar) ? archive_error_string(ar) : "?");
		archive_read_free(ar);
		return err;
	}
	*out = ar;
	return 0;
}

/* The next header: 1 for an entry, 0 at the end, or an error. */
static int tar_next(struct archive *ar, struct archive_entry **entry, const char *path)
{
	int r = archive_read_next_header(ar, entry);
	if (r == ARCHIVE_EOF)
		return 0;
	if (r == ARCHIVE_OK || r == ARCHIVE_WARN)
		return 1;
	return sw_error_set(SW_EPARSE, "%s: damaged tarball: %s", path,
	                    archive_error_string(ar) ? archive_error_string(ar) : "?");
}

/* The member type of an entry. */
static enum sw_member_type type_of(struct archive_entry *e)
{
	if (archive_entry_hardlink(e))
		return SW_MEMBER_HARDLINK;
	if (archive_entry_sparse_count(e) > 0)
		return SW_MEMBER_OTHER;
	switch (archive_entry_filetype(e)) {
	case AE_IFREG:
		return SW_MEMBER_FILE;
	case AE_IFDIR:
		return SW_MEMBER_DIR;
	case AE_IFLNK:
		return SW_MEMBER_SYMLINK;
	default:
		return SW_MEMBER_OTHER;
	}
}

/* The entry's path: the raw one, else libarchive's UTF-8 form, else "". */
static const char *entry_name(struct archive_entry *e)
{
	const char *name = archive_entry_pathname(e);
	if (!name)
		name = archive_entry_pathname_utf8(e);
	return name ? name : "";
}

/* Adds one header to the list, within the limits. */
static int add_entry(sw_artifact *a, struct archive_entry *e, uint64_t *total)
{
	sw_artifact_member m = {0};
	m.name = entry_name(e);
	m.type = type_of(e);
	m.size = m.type == SW_MEMBER_FILE ? (uint64_t)archive_entry_size(e) : 0;
	m.compressed_size = m.size;
	m.compression = SW_COMPRESSION_TAR;
	m.mode = (unsigned)archive_entry_mode(e);
	m.mtime = (int64_t)archive_entry_mtime(e);
	if (m.type == SW_MEMBER_HARDLINK)
		m.link_target = archive_entry_hardlink(e);
	else if (m.type == SW_MEMBER_SYMLINK)
		m.link_target = archive_entry_symlink(e) ? archive_entry_symlink(e) : "";
	if (a->count >= a->limits.max_members)
		return sw_error_set(SW_ETOOBIG, "%s: more than the limit of %zu members", a->path,
		                    a->limits.max_members);
	*total += m.size;
	if (*total > a->limits.max_total_size)
		return sw_error_set(SW_ETOOBIG,
		                    "%s: members hold more than the limit of %llu bytes "
		                    "uncompressed (at '%s')",
		                    a->path, (unsigned long long)a->limits.max_total_size, m.name);
	return art_member_push(a, &m);
}

int art_tar_open(sw_artifact *a)
{
	struct archive *ar = NULL;
	struct archive_entry *e;
	uint64_t total = 0;
	int err, r;
	if ((err = tar_begin(&ar, a)) < 0)
		return err;
	while ((r = tar_next(ar, &e, a->path)) == 1)
		if ((err = add_entry(a, e, &total)) < 0)
			goto done;
	err = r < 0 ? r : 0;
done:
	archive_read_free(ar);
	return err;
}

/* Streams the data of the current entry (at most `size` bytes). */
static int tar_data(struct archive *ar, const sw_artifact *a, size_t i, sw_artifact_read_fn fn,
                    void *ud)
{
	const sw_artifact_member *m = &a->members[i];
	char buf[CHUNK];
	uint64_t total = 0;
	for (;;) {
		la_ssize_t n = archive_read_data(ar, buf, sizeof(buf));
		int err;
		if (n < 0)
			return sw_error_set(SW_EPARSE, "%s: %s: %s", a->path, m->name,
			                    archive_error_string(ar) ? archive_error_string(ar)
			                                             : "unreadable data");
		if (n == 0)
			break;
		total += (uint64_t)n;
		if (total > m->size)
			return sw_error_set(SW_EPARSE, "%s: %s: more data than declared", a->path,
			                    m->name);
		if ((err = fn(ud, buf, (size_t)n)) != 0)
			return err < 0 ? err : sw_error_set(SW_ECANCELLED, "cancelled");
	}
	if (total != m->size)
		return sw_error_set(SW_EPARSE, "%s: %s: %llu bytes instead of the %llu declared",
		                    a->path, m->name, (unsigned long long)total,
		                    (unsigned long long)m->size);
	return 0;
}

int art_tar_read(const sw_artifact *a, size_t i, sw_artifact_read_fn fn, void *ud)
{
	struct archive *ar = NULL;
	struct archive_entry *e;
	size_t k = 0;
	int err, r;
	if ((err = tar_begin(&ar, a)) < 0)
		return err;
	while ((r = tar_next(ar, &e, a->path)) == 1 && k < i)
		k++;
	if (r < 0)
		err = r;
	else if (r == 0)
		err = sw_error_set(SW_EPARSE, "%s: the tarball changed while it was read", a->path);
	else
		err = tar_data(ar, a, i, fn, ud);
	archive_read_free(ar);
	return err;
}

/* Adapts a visitor's data callback to one entry. */
struct visit_ctx {
	const sw_artifact_visitor *v;
	size_t index;
};

static int visit_data(void *ud, const void *data, size_t len)
{
	struct visit_ctx *c = ud;
	return c->v->data(c->v->userdata, c->index, data, len);
}

int art_tar_visit(const sw_artifact *a, const sw_artifact_visitor *v)
{
	struct archive *ar = NULL;
	struct archive_entry *e;
	int err, r;
	size_t i = 0;
	if ((err = tar_begin(&ar, a)) < 0)
		return err;
	for (; (r = tar_next(ar, &e, a->path)) == 1 && i < a->count; i++) {
		struct visit_ctx c = {v, i};
		int want = a->members[i].type == SW_MEMBER_FILE;
		if (v->begin && (want = v->begin(v->userdata, i, &a->members[i])) < 0) {
			err = want;
			goto done;
		}
		if (!want || a->members[i].type != SW_MEMBER_FILE)
			continue;
		if ((err = tar_data(ar, a, i, visit_data, &c)) < 0 ||
		    (v->end && (err = v->end(v->userdata, i)) < 0))
			goto done;
	}
	err = r < 0 ? r : 0;
done:
	archive_read_free(ar);
	return err;
}
