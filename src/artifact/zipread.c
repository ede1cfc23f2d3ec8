/*
 * artifact/zipread.c — the zip reader (wheels and legacy zip sdists) on
 * libzip: the member list from the central directory with sizes, methods
 * and Unix modes from the external attributes, symlink targets, and
 * streaming member reads that never return more than a member declares.
 */
#include <string.h>
#include <sys/stat.h>
#include <zip.h>

#include "artifact/art_int.h"

#define CHUNK 65536

/* libzip's message for an error code. */
static int zip_fail(int code, const char *path, const char *what, int zcode)
{
	zip_error_t e;
	int err;
	zip_error_init_with_code(&e, zcode);
	err = sw_error_set(code, "%s: %s: %s", path, what, zip_error_strerror(&e));
	zip_error_fini(&e);
	return err;
}

/* The member type from the Unix mode (0: none) and the name. */
static enum sw_member_type type_of(unsigned mode, const char *name)
{
	if (mode) {
		switch (mode & S_IFMT) {
		case S_IFREG:
			return name[0] && name[strlen(name) - 1] == '/' ? SW_MEMBER_DIR
			                                                : SW_MEMBER_FILE;
		case S_IFDIR:
			return SW_MEMBER_DIR;
		case S_IFLNK:
			return SW_MEMBER_SYMLINK;
		case 0:
			break;
		default:
			return SW_MEMBER_OTHER;
		}
	}
	return name[0] && name[strlen(name) - 1] == '/' ? SW_MEMBER_DIR : SW_MEMBER_FILE;
}

/* Reads one entry of the central directory into a member. */
static int stat_member(sw_artifact *a, zip_t *z, zip_uint64_t i)
{
	sw_artifact_member m = {0};
	zip_stat_t st;
	zip_uint8_t opsys = 0;
	zip_uint32_t attr = 0;
	zip_stat_init(&st);
	if (zip_stat_index(z, i, 0, &st) != 0 || !(st.valid & ZIP_STAT_NAME))
		return zip_fail(SW_EPARSE, a->path, "unreadable central directory entry",
		                zip_error_code_zip(zip_get_error(z)));
	if (zip_file_get_external_attributes(z, i, 0, &opsys, &attr) == 0 &&
	    opsys == ZIP_OPSYS_UNIX)
		m.mode = attr >> 16;
	m.name = st.name;
	m.size = st.size;
	m.compressed_size = st.comp_size;
	m.compression = st.comp_method;
	m.crc32 = st.crc;
	m.mtime = (int64_t)st.mtime;
	m.type = type_of(m.mode, st.name);
	if (m.type != SW_MEMBER_FILE)
		m.size = m.type == SW_MEMBER_DIR ? 0 : m.size;
	return art_member_push(a, &m);
}

/* Reads the targets of symlink members (their data is the target). */
static int read_links(sw_artifact *a)
{
	for (size_t i = 0; i < a->count; i++) {
		sw_artifact_member *m = &a->members[i];
		char *text = NULL;
		int err;
		if (m->type != SW_MEMBER_SYMLINK)
			continue;
		m->type = SW_MEMBER_FILE; /* read it as data */
		err = sw_artifact_member_read_all(&text, NULL, a, i, ART_LINK_MAX);
		m->type = SW_MEMBER_SYMLINK;
		if (err == SW_ENOMEM)
			return err;
		m->link_target = err == 0 ? text : sw_strdup("");
		if (!m->link_target)
			return sw_error_set(SW_ENOMEM, "out of memory");
	}
	return 0;
}

int art_zip_open(sw_artifact *a)
{
	int zerr = 0;
	zip_t *z = zip_open(a->path, ZIP_RDONLY, &zerr);
	zip_int64_t n;
	int err;
	if (!z)
		return zip_fail(SW_EPARSE, a->path, "not a readable zip archive", zerr);
	a->zip = z;
	n = zip_get_num_entries(z, 0);
	if (n < 0 || (zip_uint64_t)n > a->limits.max_members)
		return sw_error_set(SW_ETOOBIG, "%s: %lld members, more than the limit of %zu",
		                    a->path, (long long)n, a->limits.max_members);
	for (zip_int64_t i = 0; i < n; i++)
		if ((err = stat_member(a, z, (zip_uint64_t)i)) < 0)
			return err;
	return read_links(a);
}

void art_zip_close(sw_artifact *a)
{
	if (a->zip)
		zip_discard(a->zip);
	a->zip = NULL;
}

int art_zip_read(const sw_artifact *a, size_t i, sw_artifact_read_fn fn, void *ud)
{
	const sw_artifact_member *m = &a->members[i];
	zip_file_t *f = zip_fopen_index(a->zip, i, 0);
	char buf[CHUNK];
	uint64_t total = 0;
	int err = 0;
	if (!f)
		return zip_fail(SW_EPARSE, a->path, m->name,
		                zip_error_code_zip(zip_get_error(a->zip)));
	for (;;) {
		zip_int64_t n = zip_fread(f, buf, sizeof(buf));
		if (n < 0) {
			err = zip_fail(SW_EPARSE, a->path, m->name,
			               zip_error_code_zip(zip_file_get_error(f)));
			goto done;
		}
		if (n == 0)
			break;
		total += (uint64_t)n;
		if (total > m->size) {
			err = sw_error_set(SW_EPARSE,
			                   "%s: %s: more data than the %llu bytes declared",
			                   a->path, m->name, (unsigned long long)m->size);
			goto done;
		}
		if ((err = fn(ud, buf, (size_t)n)) != 0) {
			err = err < 0 ? err : sw_error_set(SW_ECANCELLED, "cancelled");
			goto done;
		}
	}
	if (total != m->size)
		err = sw_error_set(SW_EPARSE, "%s: %s: %llu bytes instead of the %llu declared",
		                   a->path, m->name, (unsigned long long)total,
		                   (unsigned long long)m->size);
done:
	zip_fclose(f);
	return err;
}

/* Adapts a visitor's data callback to one member's read. */
struct visit_ctx {
	const sw_artifact_visitor *v;
	size_t index;
};

static int visit_data(void *ud, const void *data, size_t len)
{
	struct visit_ctx *c = ud;
	return c->v->data(c->v->userdata, c->index, data, len);
}

int art_zip_visit(const sw_artifact *a, const sw_artifact_visitor *v)
{
	for (size_t i = 0; i < a->count; i++) {
		struct visit_ctx c = {v, i};
		int want = a->members[i].type == SW_MEMBER_FILE, err;
		if (v->begin && (want = v->begin(v->userdata, i, &a->members[i])) < 0)
			return want;
		if (!want || a->members[i].type != SW_MEMBER_FILE)
			continue;
		if ((err = art_zip_read(a, i, visit_data, &c)) < 0)
			return err;
		if (v->end && (err = v->end(v->userdata, i)) < 0)
			return err;
	}
	return 0;
}
