/*
 * unit/test_artifact.c — reading artifacts: file names split as
 * packaging's parse_wheel_filename() and PEP 625 do, RECORD read as
 * Python's csv.reader reads it, wheels and sdists opened with their
 * members, metadata, WHEEL, entry points and RECORD; the limits (a zip bomb
 * made here, member counts), truncated archives, and the findings list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_artifact_fixtures.h"

#include "slipway/artifact.h"

#define METADATA                                                                                   \
	"Metadata-Version: 2.4\nName: demo-pkg\nVersion: 1.0\nSummary: A demo\n"                   \
	"License-Expression: MIT\n"
#define WHEEL "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
#define EPS   "[console_scripts]\ndemo = demo_pkg:main\n\n[demo.plugins]\nx = demo_pkg.x:X\n"

static int setup(void **state)
{
	(void)state;
	fx_tmpdir();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	fx_cleanup();
	return 0;
}

/* Writes demo_pkg-1.0-py3-none-any.whl; returns its path. */
static const char *good_wheel(void)
{
	static char record[8192];
	const char *path = fx_path("demo_pkg-1.0-py3-none-any.whl");
	struct zent e[] = {
	        {.name = "demo_pkg/", .method = 0},
	        {.name = "demo_pkg/__init__.py", .data = "def main():\n    pass\n", .method = 8},
	        {.name = "demo_pkg/x.py", .data = "class X: pass\n", .method = 0},
	        {.name = "demo_pkg-1.0.dist-info/METADATA", .data = METADATA, .method = 8},
	        {.name = "demo_pkg-1.0.dist-info/WHEEL", .data = WHEEL, .method = 8},
	        {.name = "demo_pkg-1.0.dist-info/entry_points.txt", .data = EPS, .method = 8},
	        {.name = "demo_pkg-1.0.dist-info/RECORD", .data = record, .method = 8},
	};
	record_text(record, sizeof(record), e, 6, "demo_pkg-1.0.dist-info/RECORD");
	zip_write(path, e, 7, NULL);
	return path;
}

/* ---- file names ---- */

static void wheel_names(void **state)
{
	static const struct {
		const char *file;
		int ok;
		const char *name, *version, *build, *py, *abi, *plat;
	} v[] = {
	        {"foo_bar-1.2.0-py3-none-any.whl", 1, "foo_bar", "1.2.0", NULL, "py3", "none",
	         "any"},
	        {"dist/Foo.Bar-1.0-1abc-cp311-cp311-manylinux_2_17_x86_64.whl", 1, "Foo.Bar", "1.0",
	         "1abc", "cp311", "cp311", "manylinux_2_17_x86_64"},
	        {"a-1-py2.py3-none-any.whl", 1, "a", "1", NULL, "py2.py3", "none", "any"},
	        {"a-1-x-py3-none-any.whl", 0, NULL, NULL, NULL, NULL, NULL, NULL}, /* build tag */
	        {"a-1-none-any.whl", 0, NULL, NULL, NULL, NULL, NULL, NULL},       /* 3 dashes */
	        {"a-1-2-3-py3-none-any.whl", 0, NULL, NULL, NULL, NULL, NULL, NULL},
	        {"a--py3-none-any.whl", 0, NULL, NULL, NULL, NULL, NULL, NULL},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sw_artifact_name n;
		int err = sw_artifact_name_parse(&n, v[i].file);
		assert_int_equal(err == 0, v[i].ok);
		if (v[i].ok) {
			assert_int_equal(n.kind, SW_ARTIFACT_WHEEL);
			assert_string_equal(n.name, v[i].name);
			assert_string_equal(n.version, v[i].version);
			if (v[i].build)
				assert_string_equal(n.build, v[i].build);
			else
				assert_null(n.build);
			assert_string_equal(n.python, v[i].py);
			assert_string_equal(n.abi, v[i].abi);
			assert_string_equal(n.platform, v[i].plat);
		} else {
			assert_int_equal(err, SW_EPARSE);
		}
		sw_artifact_name_free(&n);
	}
}

static void sdist_names(void **state)
{
	sw_artifact_name n;
	(void)state;
	assert_int_equal(sw_artifact_name_parse(&n, "foo_bar-1.0.post1.tar.gz"), 0);
	assert_int_equal(n.kind, SW_ARTIFACT_SDIST);
	assert_string_equal(n.name, "foo_bar");
	assert_string_equal(n.version, "1.0.post1");
	assert_string_equal(n.suffix, ".tar.gz");
	sw_artifact_name_free(&n);
	/* legacy: split on the last '-' */
	assert_int_equal(sw_artifact_name_parse(&n, "foo-bar-2.0.zip"), 0);
	assert_int_equal(n.kind, SW_ARTIFACT_SDIST_ZIP);
	assert_string_equal(n.name, "foo-bar");
	assert_string_equal(n.version, "2.0");
	sw_artifact_name_free(&n);
	assert_int_equal(sw_artifact_name_parse(&n, "nodash.tar.gz"), SW_EPARSE);
	sw_artifact_name_free(&n);
	assert_int_equal(sw_artifact_name_parse(&n, "foo-1.0.rpm"), SW_EUNSUPPORTED);
	sw_artifact_name_free(&n);
}

/* ---- RECORD as csv.reader reads it (rows checked by hand against
 * Python 3: list(csv.reader(io.StringIO(text, newline="")))) ---- */

static void record_csv(void **state)
{
	static const struct {
		const char *text;
		size_t rows;
		const char *path0, *hash0, *size0;
		size_t fields0;
	} v[] = {
	        {"a.py,sha256=x,3\n", 1, "a.py", "sha256=x", "3", 3},
	        {"a.py,sha256=x,3\r\nb,,\r\n", 2, "a.py", "sha256=x", "3", 3},
	        {"\"a,b.py\",sha256=x,3\n", 1, "a,b.py", "sha256=x", "3", 3},
	        {"\"say \"\"hi\"\".py\",h,1\n", 1, "say \"hi\".py", "h", "1", 3},
	        {"\"two\nlines\",h,1\n", 1, "two\nlines", "h", "1", 3},
	        {"a\"b,h,1\n", 1, "a\"b", "h", "1", 3},
	        {"\"ab\"cd,h,1\n", 1, "abcd", "h", "1", 3},
	        {"a,b\n", 1, "a", "b", NULL, 2},
	        {"a,b,c,d\n", 1, "a", "b", "c", 4},
	        {"\n", 1, "", NULL, NULL, 0},
	        {"a,b,c", 1, "a", "b", "c", 3},
	        {"", 0, NULL, NULL, NULL, 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		sw_record_row *rows = NULL;
		size_t n = 0;
		assert_int_equal(sw_record_parse(&rows, &n, v[i].text, strlen(v[i].text)), 0);
		assert_int_equal(n, v[i].rows);
		if (n) {
			assert_string_equal(rows[0].path, v[i].path0);
			if (v[i].hash0)
				assert_string_equal(rows[0].hash, v[i].hash0);
			if (v[i].size0)
				assert_string_equal(rows[0].size, v[i].size0);
			assert_int_equal(rows[0].field_count, v[i].fields0);
			assert_int_equal(rows[0].line, 1);
		}
		sw_record_rows_free(rows, n);
	}
	{
		sw_record_row *rows = NULL;
		size_t n = 0;
		assert_int_equal(sw_record_parse(&rows, &n, "a,b,c\n\"open,x\n", 14), SW_EPARSE);
		assert_null(rows);
	}
}

/* ---- opening ---- */

static void open_wheel(void **state)
{
	sw_artifact *a = NULL;
	const sw_wheel_info *w;
	size_t i;
	(void)state;
	assert_int_equal(sw_artifact_open(&a, good_wheel(), NULL), 0);
	assert_int_equal(sw_artifact_kind(a), SW_ARTIFACT_WHEEL);
	assert_int_equal(sw_artifact_member_count(a), 7);
	assert_string_equal(sw_artifact_dist_info(a), "demo_pkg-1.0.dist-info");
	assert_non_null(sw_artifact_metadata(a));
	assert_string_equal(sw_metadata_get(sw_artifact_metadata(a), SW_MD_NAME), "demo-pkg");
	w = sw_artifact_wheel_info(a);
	assert_non_null(w);
	assert_string_equal(w->wheel_version, "1.0");
	assert_string_equal(w->root_is_purelib, "true");
	assert_int_equal(w->tag_count, 1);
	assert_string_equal(w->tags[0], "py3-none-any");
	assert_int_equal(sw_artifact_entry_point_count(a), 2);
	assert_string_equal(sw_artifact_entry_point_at(a, 0)->group, "console_scripts");
	assert_string_equal(sw_artifact_entry_point_at(a, 0)->name, "demo");
	assert_string_equal(sw_artifact_entry_point_at(a, 0)->value, "demo_pkg:main");
	assert_string_equal(sw_artifact_entry_point_at(a, 1)->group, "demo.plugins");
	assert_int_equal(sw_artifact_record_count(a), 6); /* 5 files + RECORD */
	assert_int_equal(sw_artifact_member_find(&i, a, "demo_pkg/x.py"), 0);
	assert_int_equal(i, 2);
	assert_int_equal(sw_artifact_member_at(a, i)->compression, SW_COMPRESSION_STORED);
	assert_int_equal(sw_artifact_member_at(a, 1)->compression, SW_COMPRESSION_DEFLATED);
	assert_int_equal(sw_artifact_member_at(a, 0)->type, SW_MEMBER_DIR);
	assert_int_equal(sw_artifact_member_find(&i, a, "demo_pkg"), 0);
	assert_int_equal(i, 0);
	assert_int_equal(sw_artifact_member_find(&i, a, "nope"), SW_ENOTFOUND);
	{
		char *text = NULL;
		size_t len = 0;
		assert_int_equal(sw_artifact_member_read_all(&text, &len, a, 1, 1024), 0);
		assert_string_equal(text, "def main():\n    pass\n");
		assert_int_equal(len, 21);
		sw_free(text);
		assert_int_equal(sw_artifact_member_read_all(&text, &len, a, 1, 10), SW_ETOOBIG);
	}
	sw_artifact_free(a);
}

/* A clean wheel has no error finding of this module's families. */
static void good_wheel_is_clean(void **state)
{
	sw_artifact *a = NULL;
	sw_findings *f = NULL;
	sw_artifact_check_opts o = SW_ARTIFACT_CHECK_OPTS_INIT;
	(void)state;
	o.no_readme = 1;
	assert_int_equal(sw_artifact_open(&a, good_wheel(), NULL), 0);
	assert_int_equal(sw_findings_new(&f), 0);
	assert_int_equal(sw_artifact_check(f, a, &o), 0);
	for (size_t i = 0; i < sw_findings_count(f); i++)
		if (sw_findings_at(f, i)->severity == SW_SEV_ERROR &&
		    strchr("AZRPT", sw_findings_at(f, i)->code[0]))
			fail_msg("unexpected %s: %s", sw_findings_at(f, i)->code,
			         sw_findings_at(f, i)->message);
	sw_findings_free(f);
	sw_artifact_free(a);
}

static void open_sdist(void **state)
{
	const char *path = fx_path("demo_pkg-1.0.tar.gz");
	struct tent t[] = {
	        {"demo_pkg-1.0/", NULL, 'd', NULL},
	        {"demo_pkg-1.0/PKG-INFO", METADATA, 'f', NULL},
	        {"demo_pkg-1.0/pyproject.toml", "[project]\nname = \"demo-pkg\"\n", 'f', NULL},
	        {"demo_pkg-1.0/src/demo_pkg/__init__.py", "x = 1\n", 'f', NULL},
	};
	sw_artifact *a = NULL;
	char *text = NULL;
	size_t len;
	(void)state;
	tar_write(path, t, 4);
	assert_int_equal(sw_artifact_open(&a, path, NULL), 0);
	assert_int_equal(sw_artifact_kind(a), SW_ARTIFACT_SDIST);
	assert_int_equal(sw_artifact_member_count(a), 4);
	assert_string_equal(sw_artifact_dist_info(a), "demo_pkg-1.0");
	assert_non_null(sw_artifact_metadata(a));
	assert_int_equal(sw_artifact_member_at(a, 3)->compression, SW_COMPRESSION_TAR);
	assert_int_equal(sw_artifact_member_read_all(&text, &len, a, 3, 100), 0);
	assert_string_equal(text, "x = 1\n");
	sw_free(text);
	sw_artifact_free(a);
}

/* ---- limits and damage ---- */

/* A 2 MiB member of zeros deflates about 1000:1, over the 200:1 limit. */
static void zip_bomb_refused(void **state)
{
	const char *path = fx_path("bomb-1.0-py3-none-any.whl");
	size_t n = (size_t)2 << 20;
	char *zeros = calloc(1, n + 1);
	struct zent e[] = {{.name = "bomb/zeros.bin", .data = zeros, .len = n, .method = 8}};
	sw_artifact *a = NULL;
	sw_artifact_open_opts o = SW_ARTIFACT_OPEN_OPTS_INIT;
	(void)state;
	memset(zeros, 'a', n); /* compressible, printable: strlen works */
	zip_write(path, e, 1, NULL);
	assert_int_equal(sw_artifact_open(&a, path, NULL), SW_ETOOBIG);
	assert_non_null(strstr(sw_error_last(), "zeros.bin"));
	assert_non_null(strstr(sw_error_last(), "ratio"));
	assert_null(a);
	o.max_ratio = 5000; /* a higher limit lets it through */
	assert_int_equal(sw_artifact_open(&a, path, &o), 0);
	sw_artifact_free(a);
	o = (sw_artifact_open_opts)SW_ARTIFACT_OPEN_OPTS_INIT;
	o.max_ratio = 5000;
	o.max_total_size = 1 << 20; /* and a total of 1 MiB stops it again */
	assert_int_equal(sw_artifact_open(&a, path, &o), SW_ETOOBIG);
	free(zeros);
}

static void member_count_limit(void **state)
{
	sw_artifact *a = NULL;
	sw_artifact_open_opts o = SW_ARTIFACT_OPEN_OPTS_INIT;
	const char *sdist = fx_path("many-1.0.tar.gz");
	struct tent t[] = {{"many-1.0/a", "1", 'f', NULL},
	                   {"many-1.0/b", "2", 'f', NULL},
	                   {"many-1.0/c", "3", 'f', NULL}};
	(void)state;
	o.max_members = 3;
	assert_int_equal(sw_artifact_open(&a, good_wheel(), &o), SW_ETOOBIG);
	assert_non_null(strstr(sw_error_last(), "limit of 3"));
	o.max_members = 2;
	tar_write(sdist, t, 3);
	assert_int_equal(sw_artifact_open(&a, sdist, &o), SW_ETOOBIG);
	o.max_members = 3;
	assert_int_equal(sw_artifact_open(&a, sdist, &o), 0);
	sw_artifact_free(a);
}

/* Copies the first `keep` bytes of src to dst. */
static void truncate_copy(const char *src, const char *dst, long keep)
{
	FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
	for (long i = 0; i < keep; i++) {
		int c = fgetc(in);
		if (c == EOF)
			break;
		fputc(c, out);
	}
	fclose(in);
	fclose(out);
}

/* Every prefix of a wheel and of an sdist either fails to open with a
 * clear error or opens (and checks) without a crash. */
static void truncated_archives(void **state)
{
	const char *whl = good_wheel(), *cut = fx_path("cut-1.0-py3-none-any.whl");
	const char *sd = fx_path("cut-1.0.tar.gz"), *sdcut = fx_path("cut2-1.0.tar.gz");
	struct tent t[] = {{"cut-1.0/PKG-INFO", METADATA, 'f', NULL},
	                   {"cut-1.0/pyproject.toml", "[project]\n", 'f', NULL}};
	FILE *f;
	long size;
	(void)state;
	tar_write(sd, t, 2);
	for (int k = 0; k < 2; k++) {
		const char *src = k ? sd : whl, *dst = k ? sdcut : cut;
		f = fopen(src, "rb");
		fseek(f, 0, SEEK_END);
		size = ftell(f);
		fclose(f);
		for (long keep = 0; keep < size; keep += 7) {
			sw_artifact *a = NULL;
			sw_findings *fs = NULL;
			int err;
			truncate_copy(src, dst, keep);
			err = sw_artifact_open(&a, dst, NULL);
			if (err) {
				assert_true(err == SW_EPARSE || err == SW_ETOOBIG);
				assert_true(strlen(sw_error_last()) > 0);
				continue;
			}
			assert_int_equal(sw_findings_new(&fs), 0);
			assert_int_equal(sw_artifact_check(fs, a, NULL), 0);
			sw_findings_free(fs);
			sw_artifact_free(a);
		}
	}
}

/* A member whose stored bytes were damaged is an A001 finding. */
static void damaged_member(void **state)
{
	const char *path = good_wheel();
	sw_artifact *a = NULL;
	sw_findings *f = NULL;
	FILE *fp = fopen(path, "r+b");
	(void)state;
	/* the first member's data starts after its 30-byte header and name */
	fseek(fp, 30 + (long)strlen("demo_pkg/"), SEEK_SET);
	fseek(fp, 30 + (long)strlen("demo_pkg/__init__.py") + 2, SEEK_CUR);
	fputc('Z', fp);
	fclose(fp);
	assert_int_equal(sw_artifact_open(&a, path, NULL), 0);
	assert_int_equal(sw_findings_new(&f), 0);
	assert_int_equal(sw_artifact_check_record(f, a, NULL), 0);
	assert_true(sw_findings_has(f, "A001", "demo_pkg/__init__.py") ||
	            sw_findings_has(f, "R003", "demo_pkg/__init__.py"));
	sw_findings_free(f);
	sw_artifact_free(a);
}

/* ---- the findings list ---- */

static void findings_list(void **state)
{
	sw_findings *f = NULL;
	const char *ignore[] = {"S001:a/.env", "W002"};
	sw_buf out;
	(void)state;
	assert_int_equal(sw_findings_new(&f), 0);
	assert_int_equal(
	        sw_findings_add(f, "S001", SW_SEV_ERROR, "a/.env", 3, "remove it", "secret %d", 1),
	        0);
	assert_int_equal(sw_findings_add(f, "S001", SW_SEV_ERROR, "b/.env", 0, NULL, "secret 2"),
	                 0);
	assert_int_equal(sw_findings_add(f, "W002", SW_SEV_WARNING, NULL, 0, NULL, "dup"), 0);
	assert_int_equal(sw_findings_count(f), 3);
	assert_string_equal(sw_findings_at(f, 0)->message, "secret 1");
	assert_string_equal(sw_findings_at(f, 1)->hint, "");
	assert_int_equal(sw_findings_count_severity(f, SW_SEV_ERROR), 2);
	sw_findings_ignore(f, ignore, 2);
	assert_int_equal(sw_findings_count_severity(f, SW_SEV_ERROR), 1);
	assert_int_equal(sw_findings_count_severity(f, SW_SEV_WARNING), 0);
	assert_true(sw_findings_has(f, "S001", "b/.env"));
	assert_false(sw_findings_has(f, "S002", NULL));
	sw_buf_init(&out, 1 << 20);
	assert_int_equal(sw_findings_to_json(&out, f), 0);
	assert_string_equal(sw_buf_cstr(&out),
	                    "[{\"code\":\"S001\",\"severity\":\"error\",\"member\":\"a/.env\","
	                    "\"line\":3,\"message\":\"secret 1\",\"hint\":\"remove it\","
	                    "\"ignored\":true},{\"code\":\"S001\",\"severity\":\"error\","
	                    "\"member\":\"b/.env\",\"line\":0,\"message\":\"secret 2\","
	                    "\"hint\":\"\",\"ignored\":false},{\"code\":\"W002\",\"severity\":"
	                    "\"warning\",\"member\":null,\"line\":0,\"message\":\"dup\","
	                    "\"hint\":\"\",\"ignored\":true}]");
	sw_buf_free(&out);
	for (int i = 0; i < SW_FINDINGS_MAX + 5; i++)
		assert_int_equal(sw_findings_add(f, "X001", SW_SEV_INFO, NULL, 0, NULL, "x"), 0);
	assert_int_equal(sw_findings_count(f), SW_FINDINGS_MAX);
	assert_int_equal(sw_findings_dropped(f), 8);
	sw_findings_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(wheel_names),
	        cmocka_unit_test(sdist_names),
	        cmocka_unit_test(record_csv),
	        cmocka_unit_test_setup_teardown(open_wheel, setup, teardown),
	        cmocka_unit_test_setup_teardown(good_wheel_is_clean, setup, teardown),
	        cmocka_unit_test_setup_teardown(open_sdist, setup, teardown),
	        cmocka_unit_test_setup_teardown(zip_bomb_refused, setup, teardown),
	        cmocka_unit_test_setup_teardown(member_count_limit, setup, teardown),
	        cmocka_unit_test_setup_teardown(truncated_archives, setup, teardown),
	        cmocka_unit_test_setup_teardown(damaged_member, setup, teardown),
	        cmocka_unit_test(findings_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
