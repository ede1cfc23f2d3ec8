/*
 * unit/test_build_write.c — the sdist and wheel writers, checked by
 * reopening what they wrote with libzip and libarchive: member names and
 * order (.dist-info last, RECORD final), modes, owners, timestamps
 * (opts->mtime, SOURCE_DATE_EPOCH, hatchling's default), deflate, no data
 * descriptors or extra fields in any local header, every RECORD row
 * recomputed from the member's bytes, the gzip header (mtime 0, no name),
 * two builds byte-identical, a cancelled write leaving nothing, and
 * sw_build_write_both(): the same bytes as one after the other, a cancel
 * or a failure (of either thread) leaving nothing, the message carried.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <locale.h>
#include <stdint.h>
#include <time.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>
#include <zip.h>

#include "slipway/hash.h"
#include "test_build_support.h"

static const struct tfile project[] = {
        {"pyproject.toml",
         "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
         "[project]\nname = \"Wr.Test\"\nversion = \"0.5\"\nrequires-python = \">=3.8\"\n"
         "[project.scripts]\nwr = \"wr_test:main\"\n",
         0, NULL},
        {"LICENSE", "MIT\n", 0, NULL},
        {"wr_test/__init__.py", "def main():\n    print('hi')\n", 0, NULL},
        {"wr_test/run.sh", "#!/bin/sh\necho run\n", 0755, NULL},
        {"wr_test/donn\xc3\xa9"
         "es.txt",
         "caf\xc3\xa9\n", 0, NULL},
        {"wr_test/a,b.txt", "comma\n", 0, NULL},
        {NULL, NULL, 0, NULL},
};

static const char *const wheel_order[] = {
        "wr_test/__init__.py",
        "wr_test/a,b.txt",
        "wr_test/donn\xc3\xa9"
        "es.txt",
        "wr_test/run.sh",
        "wr_test-0.5.dist-info/METADATA",
        "wr_test-0.5.dist-info/WHEEL",
        "wr_test-0.5.dist-info/entry_points.txt",
        "wr_test-0.5.dist-info/licenses/LICENSE",
        "wr_test-0.5.dist-info/RECORD",
        NULL,
};

struct fixture {
	char dir[64];
	sw_build_plan *plan;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	setenv("TZ", "UTC", 1);
	tzset();
	snprintf(f->dir, sizeof(f->dir), "%s", tb_tree(project));
	if (tb_plan(&f->plan, f->dir) != 0)
		return -1;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	sw_build_plan_free(f->plan);
	tb_rmtree(f->dir);
	free(f);
	return 0;
}

/* Writes both artifacts into dir/<sub> with a fixed mtime. */
static void write_both(struct fixture *f, const char *sub, long long mtime, sw_build_artifact *sd,
                       sw_build_artifact *wh)
{
	char out[256];
	sw_build_write_opts o = SW_BUILD_WRITE_OPTS_INIT;
	snprintf(out, sizeof(out), "%s/%s", f->dir, sub);
	o.outdir = out;
	o.mtime = mtime;
	assert_int_equal(sw_build_write_sdist(sd, f->plan, &o), 0);
	assert_int_equal(sw_build_write_wheel(wh, f->plan, &o), 0);
}

/* Reads a whole file. */
static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	assert_non_null(fp);
	fseek(fp, 0, SEEK_END);
	*len = (size_t)ftell(fp);
	fseek(fp, 0, SEEK_SET);
	unsigned char *buf = malloc(*len + 1);
	assert_int_equal(fread(buf, 1, *len, fp), *len);
	fclose(fp);
	return buf;
}

static unsigned rd16(const unsigned char *p)
{
	return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long rd32(const unsigned char *p)
{
	return rd16(p) | (unsigned long)rd16(p + 2) << 16;
}

/* Walks the local headers: no data descriptor bit, no extra field. */
static void check_local_headers(const char *path, size_t want)
{
	size_t len = 0, pos = 0, n = 0;
	unsigned char *z = slurp(path, &len);
	while (pos + 30 <= len && rd32(z + pos) == 0x04034b50) {
		unsigned flags = rd16(z + pos + 6), method = rd16(z + pos + 8);
		unsigned long csize = rd32(z + pos + 18);
		unsigned nlen = rd16(z + pos + 26), elen = rd16(z + pos + 28);
		assert_int_equal(flags & 0x0008, 0);
		assert_int_equal(method, 8);
		assert_int_equal(elen, 0);
		pos += 30 + nlen + elen + csize;
		n++;
	}
	assert_int_equal(rd32(z + pos), 0x02014b50); /* then the central directory */
	assert_int_equal(n, want);
	free(z);
}

/* Reads a member of an open zip. */
static char *zip_member(zip_t *za, zip_uint64_t i, size_t *len)
{
	zip_stat_t st;
	assert_int_equal(zip_stat_index(za, i, 0, &st), 0);
	zip_file_t *zf = zip_fopen_index(za, i, 0);
	assert_non_null(zf);
	char *buf = malloc(st.size + 1);
	assert_int_equal(zip_fread(zf, buf, st.size), (zip_int64_t)st.size);
	zip_fclose(zf);
	buf[st.size] = '\0';
	*len = st.size;
	return buf;
}

/* The RECORD row a member must have. */
static void record_row(char *out, size_t size, const char *name, const char *data, size_t len)
{
	unsigned char d[32];
	char b64[SW_HASH_B64_SIZE];
	assert_int_equal(sw_hash_bytes(d, SW_HASH_SHA256, data, len), 0);
	sw_b64url_encode(b64, d, 32);
	if (strchr(name, ','))
		snprintf(out, size, "\"%s\",sha256=%s,%zu\n", name, b64, len);
	else
		snprintf(out, size, "%s,sha256=%s,%zu\n", name, b64, len);
}

static void test_wheel_members(void **state)
{
	struct fixture *f = *state;
	sw_build_artifact sd = {0}, wh = {0};
	write_both(f, "out", 1700000000, &sd, &wh);
	int zerr = 0;
	zip_t *za = zip_open(wh.path, ZIP_RDONLY, &zerr);
	assert_non_null(za);
	size_t n = 0;
	while (wheel_order[n] != NULL)
		n++;
	assert_int_equal(zip_get_num_entries(za, 0), n);
	char expect[8192] = "", row[1024];
	for (size_t i = 0; i < n; i++) {
		zip_stat_t st;
		zip_uint8_t os = 0;
		zip_uint32_t attr = 0;
		assert_int_equal(zip_stat_index(za, i, 0, &st), 0);
		assert_string_equal(st.name, wheel_order[i]);
		assert_int_equal(st.mtime, 1700000000);
		assert_int_equal(st.comp_method, ZIP_CM_DEFLATE);
		assert_int_equal(zip_file_get_external_attributes(za, i, 0, &os, &attr), 0);
		assert_int_equal(os, ZIP_OPSYS_UNIX);
		assert_int_equal(attr >> 16, strstr(st.name, "run.sh") ? 0100755 : 0100644);
		size_t len = 0;
		char *data = zip_member(za, i, &len);
		if (i + 1 < n) {
			record_row(row, sizeof(row), st.name, data, len);
			strncat(expect, row, sizeof(expect) - strlen(expect) - 1);
		} else {
			strncat(expect, "wr_test-0.5.dist-info/RECORD,,\n",
			        sizeof(expect) - strlen(expect) - 1);
			assert_string_equal(data, expect);
		}
		if (strstr(st.name, "/WHEEL"))
			assert_non_null(strstr(data, "Root-Is-Purelib: true\nTag: py3-none-any\n"));
		free(data);
	}
	zip_close(za);
	check_local_headers(wh.path, n);
	assert_int_equal(strlen(wh.sha256), 64);
	sw_build_artifact_clear(&sd);
	sw_build_artifact_clear(&wh);
}

/* Checks every member of the sdist; returns the mtime they share. */
static long long check_sdist(const char *path)
{
	static const char *const order[] = {"LICENSE",
	                                    "PKG-INFO",
	                                    "pyproject.toml",
	                                    "wr_test/__init__.py",
	                                    "wr_test/a,b.txt",
	                                    "wr_test/donn\xc3\xa9"
	                                    "es.txt",
	                                    "wr_test/run.sh",
	                                    NULL};
	struct archive *ar = archive_read_new();
	struct archive_entry *e;
	long long mtime = -1;
	archive_read_support_filter_gzip(ar);
	archive_read_support_format_tar(ar);
	assert_int_equal(archive_read_open_filename(ar, path, 10240), ARCHIVE_OK);
	size_t i = 0;
	for (; archive_read_next_header(ar, &e) == ARCHIVE_OK; i++) {
		char want[256];
		assert_non_null(order[i]);
		snprintf(want, sizeof(want), "wr_test-0.5/%s", order[i]);
		assert_string_equal(archive_entry_pathname_utf8(e), want);
		assert_int_equal(archive_entry_filetype(e), AE_IFREG);
		assert_int_equal(archive_entry_perm(e), strstr(want, "run.sh") ? 0755 : 0644);
		assert_int_equal(archive_entry_uid(e), 0);
		assert_int_equal(archive_entry_gid(e), 0);
		const char *u = archive_entry_uname(e), *g = archive_entry_gname(e);
		assert_true(u == NULL || u[0] == '\0');
		assert_true(g == NULL || g[0] == '\0');
		assert_true(mtime < 0 || mtime == archive_entry_mtime(e));
		mtime = archive_entry_mtime(e);
		if (strcmp(order[i], "PKG-INFO") == 0) {
			char buf[64] = "";
			archive_read_data(ar, buf, 40);
			assert_memory_equal(buf, "Metadata-Version: 2.4\nName: Wr.Test\n", 36);
		}
	}
	assert_null(order[i]);
	archive_read_free(ar);
	size_t len = 0;
	unsigned char *gz = slurp(path, &len);
	assert_int_equal(gz[0], 0x1f);
	assert_int_equal(gz[3] & 0x08, 0); /* no file name */
	assert_int_equal(rd32(gz + 4), 0); /* no timestamp */
	free(gz);
	return mtime;
}

static void test_sdist_members_and_time(void **state)
{
	struct fixture *f = *state;
	sw_build_artifact sd = {0}, wh = {0};
	write_both(f, "fixed", 1700000000, &sd, &wh);
	assert_int_equal(check_sdist(sd.path), 1700000000);
	sw_build_artifact_clear(&sd);
	sw_build_artifact_clear(&wh);
	setenv("SOURCE_DATE_EPOCH", "1234567890", 1);
	write_both(f, "sde", -1, &sd, &wh);
	assert_int_equal(check_sdist(sd.path), 1234567890);
	sw_build_artifact_clear(&sd);
	sw_build_artifact_clear(&wh);
	unsetenv("SOURCE_DATE_EPOCH");
	write_both(f, "default", -1, &sd, &wh);
	assert_int_equal(check_sdist(sd.path), 1580601600); /* hatchling's default */
	sw_build_artifact_clear(&sd);
	sw_build_artifact_clear(&wh);
}

/* Returns 1 if two files have the same bytes. */
static int same_bytes(const char *a, const char *b)
{
	size_t la = 0, lb = 0;
	unsigned char *x = slurp(a, &la), *y = slurp(b, &lb);
	int same = la == lb && memcmp(x, y, la) == 0;
	free(x);
	free(y);
	return same;
}

static void test_reproducible(void **state)
{
	struct fixture *f = *state;
	sw_build_artifact s1 = {0}, w1 = {0}, s2 = {0}, w2 = {0};
	write_both(f, "one", -1, &s1, &w1);
	write_both(f, "two/deeper", -1, &s2, &w2);
	assert_true(same_bytes(s1.path, s2.path));
	assert_true(same_bytes(w1.path, w2.path));
	assert_string_equal(s1.sha256, s2.sha256);
	assert_string_equal(w1.sha256, w2.sha256);
	sw_build_artifact_clear(&s2);
	sw_build_artifact_clear(&w2);
	write_both(f, "one", -1, &s2, &w2); /* replaces the files in place */
	assert_string_equal(w1.sha256, w2.sha256);
	sw_build_artifact_clear(&s1);
	sw_build_artifact_clear(&w1);
	sw_build_artifact_clear(&s2);
	sw_build_artifact_clear(&w2);
}

static int cancel_at(unsigned long long done, unsigned long long total, void *ud)
{
	int *calls = ud;
	(void)done;
	(void)total;
	return ++*calls >= 2;
}

static void test_cancel_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	char out[256];
	int calls = 0;
	sw_build_artifact a = {0};
	sw_build_write_opts o = SW_BUILD_WRITE_OPTS_INIT;
	snprintf(out, sizeof(out), "%s/cancelled", f->dir);
	o.outdir = out;
	o.progress = cancel_at;
	o.userdata = &calls;
	assert_int_equal(sw_build_write_sdist(&a, f->plan, &o), SW_ECANCELLED);
	assert_null(a.path);
	calls = 0;
	assert_int_equal(sw_build_write_wheel(&a, f->plan, &o), SW_ECANCELLED);
	assert_null(a.path);
	assert_int_equal(tb_count_entries(out), 0);
}

static void test_unwritable_outdir(void **state)
{
	struct fixture *f = *state;
	char out[256];
	sw_build_artifact a = {0};
	sw_build_write_opts o = SW_BUILD_WRITE_OPTS_INIT;
	snprintf(out, sizeof(out), "%s/LICENSE/sub", f->dir); /* a file on the way */
	o.outdir = out;
	assert_int_equal(sw_build_write_sdist(&a, f->plan, &o), SW_EIO);
	assert_int_equal(sw_build_write_wheel(&a, f->plan, &o), SW_EIO);
	assert_non_null(strstr(sw_error_last(), "LICENSE"));
}

/* Compares two files byte for byte. */
static void assert_same_file(const char *a, const char *b)
{
	size_t la = 0, lb = 0;
	unsigned char *x = slurp(a, &la), *y = slurp(b, &lb);
	assert_int_equal(la, lb);
	assert_memory_equal(x, y, la);
	free(x);
	free(y);
}

/* Both at once on two threads: the same bytes as one after the other. */
static void test_both_identical(void **state)
{
	struct fixture *f = *state;
	char out[256];
	sw_build_artifact s1 = {0}, w1 = {0}, s2 = {0}, w2 = {0};
	sw_build_write_opts o = SW_BUILD_WRITE_OPTS_INIT;
	write_both(f, "seq", 1700000000LL, &s1, &w1);
	snprintf(out, sizeof(out), "%s/par", f->dir);
	o.outdir = out;
	o.mtime = 1700000000LL;
	assert_int_equal(sw_build_write_both(&s2, &w2, f->plan, &o), 0);
	assert_non_null(strstr(s2.path, "/par/wr_test-0.5.tar.gz"));
	assert_non_null(strstr(w2.path, "/par/wr_test-0.5-py3-none-any.whl"));
	assert_same_file(s1.path, s2.path);
	assert_same_file(w1.path, w2.path);
	assert_string_equal(s1.sha256, s2.sha256);
	assert_string_equal(w1.sha256, w2.sha256);
	assert_int_equal(s1.size, s2.size);
	assert_int_equal(tb_count_entries(out), 2);
	sw_build_artifact_clear(&s1);
	sw_build_artifact_clear(&w1);
	sw_build_artifact_clear(&s2);
	sw_build_artifact_clear(&w2);
}

/* Counts calls across both threads; asks to stop at the second. */
static int cancel_at_locked(unsigned long long done, unsigned long long total, void *ud)
{
	int *calls = ud;
	assert_true(done <= total);
	return ++*calls >= 2; /* calls are serialised by the writer's mutex */
}

/* A cancel from the callback stops both and leaves nothing. */
static void test_both_cancel(void **state)
{
	struct fixture *f = *state;
	char out[256];
	int calls = 0;
	sw_build_artifact s = {0}, w = {0};
	sw_build_write_opts o = SW_BUILD_WRITE_OPTS_INIT;
	snprintf(out, sizeof(out), "%s/both-cancelled", f->dir);
	o.outdir = out;
	o.progress = cancel_at_locked;
	o.userdata = &calls;
	assert_int_equal(sw_build_write_both(&s, &w, f->plan, &o), SW_ECANCELLED);
	assert_null(s.path);
	assert_null(w.path);
	assert_non_null(strstr(sw_error_last(), "cancelled"));
	assert_int_equal(tb_count_entries(out), 0);
}

/* A failing outdir: the worker's or the caller's message reaches the caller. */
static void test_both_unwritable(void **state)
{
	struct fixture *f = *state;
	char out[256];
	sw_build_artifact s = {0}, w = {0};
	sw_build_write_opts o = SW_BUILD_WRITE_OPTS_INIT;
	snprintf(out, sizeof(out), "%s/LICENSE/sub", f->dir);
	o.outdir = out;
	assert_int_equal(sw_build_write_both(&s, &w, f->plan, &o), SW_EIO);
	assert_int_equal(sw_error_last_code(), SW_EIO);
	assert_non_null(strstr(sw_error_last(), "LICENSE"));
	assert_null(s.path);
	assert_null(w.path);
}

/* Only the sdist fails (a folder holds its name): the worker thread's
 * message reaches the caller, and the finished wheel is removed. */
static void test_both_worker_fails(void **state)
{
	struct fixture *f = *state;
	char out[256], blocker[320];
	sw_build_artifact s = {0}, w = {0};
	sw_build_write_opts o = SW_BUILD_WRITE_OPTS_INIT;
	snprintf(out, sizeof(out), "%s/blocked", f->dir);
	snprintf(blocker, sizeof(blocker), "%s/wr_test-0.5.tar.gz/", out);
	tb_mkdirs(blocker);
	o.outdir = out;
	assert_int_equal(sw_build_write_both(&s, &w, f->plan, &o), SW_EIO);
	assert_non_null(strstr(sw_error_last(), "wr_test-0.5.tar.gz: cannot rename into place"));
	assert_null(s.path);
	assert_null(w.path);
	assert_int_equal(tb_count_entries(out), 1); /* only the folder */
}

int main(void)
{
	setlocale(LC_CTYPE, "C.UTF-8"); /* libarchive's reader decodes names with it */
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(test_wheel_members, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_sdist_members_and_time, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_reproducible, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_cancel_leaves_nothing, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_unwritable_outdir, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_both_identical, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_both_cancel, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_both_unwritable, setup, teardown),
	        cmocka_unit_test_setup_teardown(test_both_worker_fails, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
