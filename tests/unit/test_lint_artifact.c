/*
 * unit/test_lint_artifact.c — the lint entry points of slipway/artifact.h
 * on real archives written here (libzip): a wheel with bytecode, a stray
 * top-level file, a fake token and a broken rst README gets W001, W003,
 * W009, S005 and M010 as findings with their members; overriding the
 * token's fingerprint keeps the finding but marks it ignored; a clean
 * wheel gets none. The token is generated at run time. An sdist written
 * with libarchive is compared with `git ls-files` of a repository made
 * here: a tracked file left out is D010, an untracked one let in is D011.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <cmocka.h>
#include <zip.h>

#include "slipway/artifact.h"

static char dir[64], path[128];
static char token_line[128];
static char body[37];

static void write_zip(const char *files[][2])
{
	int errp;
	zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &errp);
	assert_non_null(z);
	for (size_t i = 0; files[i][0]; i++) {
		zip_source_t *src = zip_source_buffer(z, files[i][1], strlen(files[i][1]), 0);
		assert_non_null(src);
		assert_true(zip_file_add(z, files[i][0], src, ZIP_FL_ENC_UTF_8) >= 0);
	}
	assert_int_equal(zip_close(z), 0);
}

static int setup(void **state)
{
	const char *alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sw-test-lintart-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, sizeof(path), "%s/demo-1.0-py3-none-any.whl", dir);
	for (int i = 0; i < 36; i++)
		body[i] = alnum[(i * 37 + 11) % 62];
	body[36] = 0;
	snprintf(token_line, sizeof(token_line), "TOKEN = \"ghp_%s\"\n", body);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	rmdir(dir);
	return 0;
}

/* Runs the three lint entry points on the wheel at `path`. */
static sw_findings *lint(const char *const *ignore, size_t ignore_count)
{
	sw_artifact *a;
	sw_findings *f;
	sw_artifact_check_opts o = SW_ARTIFACT_CHECK_OPTS_INIT;
	o.ignore = ignore;
	o.ignore_count = ignore_count;
	assert_int_equal(sw_artifact_open(&a, path, NULL), 0);
	assert_int_equal(sw_findings_new(&f), 0);
	assert_int_equal(sw_artifact_lint_contents(f, a, &o), 0);
	assert_int_equal(sw_artifact_scan_secrets(f, a, &o), 0);
	assert_int_equal(sw_artifact_check_readme(f, a, &o), 0);
	sw_artifact_free(a);
	return f;
}

static void bad_wheel(void **state)
{
	const char *files[][2] = {
	        {"demo/__init__.py", token_line},
	        {"demo/__pycache__/x.cpython-311.pyc", "\x01\x02"},
	        {"notes.txt", "hello"},
	        {"demo-1.0.dist-info/METADATA",
	         "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"
	         "Description-Content-Type: text/x-rst\n\nHello *world\n"},
	        {"demo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\n"},
	        {"demo-1.0.dist-info/RECORD", ""},
	        {NULL, NULL},
	};
	static const struct {
		const char *code, *member;
		enum sw_severity sev;
	} want[] = {
	        {"W001", "demo/__pycache__/x.cpython-311.pyc", SW_SEV_WARNING},
	        {"W003", "notes.txt", SW_SEV_WARNING},
	        {"W009", NULL, SW_SEV_WARNING},
	        {"S005", "demo/__init__.py", SW_SEV_ERROR},
	        {"M010", "demo-1.0.dist-info/METADATA", SW_SEV_ERROR},
	};
	const char *fp, *ignore[1];
	char fingerprint[128];
	sw_findings *f;
	(void)state;
	write_zip(files);
	f = lint(NULL, 0);
	assert_int_equal(sw_findings_count(f), 5);
	for (size_t i = 0; i < 5; i++) {
		const sw_finding *x = sw_findings_at(f, i);
		assert_string_equal(x->code, want[i].code);
		assert_int_equal(x->severity, want[i].sev);
		if (want[i].member)
			assert_string_equal(x->member, want[i].member);
		assert_int_equal(x->ignored, 0);
	}
	/* the secret finding names its fingerprint, never the token */
	fp = strstr(sw_findings_at(f, 3)->message, "(fingerprint ");
	assert_non_null(fp);
	assert_null(strstr(sw_findings_at(f, 3)->message, body + 4));
	snprintf(fingerprint, sizeof(fingerprint), "%s", fp + 13);
	fingerprint[strlen(fingerprint) - 1] = 0; /* the closing ')' */
	assert_int_equal(strncmp(fingerprint, "S005:demo/__init__.py:1:", 24), 0);
	assert_int_equal(sw_findings_at(f, 3)->line, 1);
	sw_findings_free(f);

	ignore[0] = fingerprint;
	f = lint(ignore, 1);
	assert_int_equal(sw_findings_count(f), 5);
	assert_string_equal(sw_findings_at(f, 3)->code, "S005");
	assert_int_equal(sw_findings_at(f, 3)->ignored, 1);
	assert_int_equal(sw_findings_count_severity(f, SW_SEV_ERROR), 1); /* M010 only */
	sw_findings_free(f);
}

static void clean_wheel(void **state)
{
	const char *files[][2] = {
	        {"demo/__init__.py", "token = get_token()\n"},
	        {"demo-1.0.dist-info/METADATA",
	         "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n"
	         "Description-Content-Type: text/markdown\n\n# Demo\n"},
	        {"demo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\n"},
	        {"demo-1.0.dist-info/RECORD", ""},
	        {NULL, NULL},
	};
	sw_findings *f;
	(void)state;
	write_zip(files);
	f = lint(NULL, 0);
	for (size_t i = 0; i < sw_findings_count(f); i++)
		print_message("unexpected %s: %s\n", sw_findings_at(f, i)->code,
		              sw_findings_at(f, i)->message);
	assert_int_equal(sw_findings_count(f), 0);
	sw_findings_free(f);
}

/* Writes a .tar.gz with the given files (no folders). */
static void write_tar(const char *tar_path, const char *files[][2])
{
	struct archive *w = archive_write_new();
	struct archive_entry *e = archive_entry_new();
	assert_int_equal(archive_write_set_format_pax_restricted(w), ARCHIVE_OK);
	assert_int_equal(archive_write_add_filter_gzip(w), ARCHIVE_OK);
	assert_int_equal(archive_write_open_filename(w, tar_path), ARCHIVE_OK);
	for (size_t i = 0; files[i][0]; i++) {
		size_t len = strlen(files[i][1]);
		archive_entry_clear(e);
		archive_entry_set_pathname(e, files[i][0]);
		archive_entry_set_filetype(e, AE_IFREG);
		archive_entry_set_perm(e, 0644);
		archive_entry_set_size(e, (la_int64_t)len);
		assert_int_equal(archive_write_header(w, e), ARCHIVE_OK);
		assert_int_equal(archive_write_data(w, files[i][1], len), (la_ssize_t)len);
	}
	archive_entry_free(e);
	assert_int_equal(archive_write_close(w), ARCHIVE_OK);
	archive_write_free(w);
}

/* Writes `text` to dir/name (one level of folder created). */
static void put_file(const char *root, const char *name, const char *text)
{
	char p[256], sub[256];
	const char *slash = strchr(name, '/');
	FILE *f;
	if (slash) {
		snprintf(sub, sizeof(sub), "%s/%.*s", root, (int)(slash - name), name);
		mkdir(sub, 0755);
	}
	snprintf(p, sizeof(p), "%s/%s", root, name);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void sdist_against_git(void **state)
{
	const char *files[][2] = {
	        {"demo-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n\n"},
	        {"demo-1.0/pyproject.toml", "[project]\nname = \"demo\"\n"},
	        {"demo-1.0/demo/__init__.py", "x = 1\n"},
	        {"demo-1.0/demo/local_notes.py", "y = 2\n"},
	        {NULL, NULL},
	};
	char proj[128], tar_path[192], cmd[512];
	sw_artifact *a;
	sw_findings *f;
	sw_artifact_check_opts o = SW_ARTIFACT_CHECK_OPTS_INIT;
	(void)state;
	snprintf(proj, sizeof(proj), "%s/proj", dir);
	snprintf(tar_path, sizeof(tar_path), "%s/demo-1.0.tar.gz", dir);
	assert_int_equal(mkdir(proj, 0755), 0);
	put_file(proj, "pyproject.toml", "[project]\nname = \"demo\"\n");
	put_file(proj, "demo/__init__.py", "x = 1\n");
	put_file(proj, "tests/test_demo.py", "def test(): pass\n");
	snprintf(cmd, sizeof(cmd),
	         "cd '%s' && git init -q && git add pyproject.toml demo/__init__.py "
	         "tests/test_demo.py && git -c user.name=t -c user.email=t@t commit -qm x",
	         proj);
	assert_int_equal(system(cmd), 0);
	write_tar(tar_path, files);
	assert_int_equal(sw_artifact_open(&a, tar_path, NULL), 0);
	assert_int_equal(sw_findings_new(&f), 0);
	o.project_dir = proj;
	assert_int_equal(sw_artifact_lint_contents(f, a, &o), 0);
	assert_int_equal(sw_findings_count(f), 2);
	assert_string_equal(sw_findings_at(f, 0)->code, "D010");
	assert_string_equal(sw_findings_at(f, 0)->member, "tests/test_demo.py");
	assert_int_equal(sw_findings_at(f, 0)->severity, SW_SEV_INFO);
	assert_string_equal(sw_findings_at(f, 1)->code, "D011");
	assert_string_equal(sw_findings_at(f, 1)->member, "demo-1.0/demo/local_notes.py");
	sw_findings_free(f);
	/* not a git checkout: nothing to compare */
	assert_int_equal(sw_findings_new(&f), 0);
	o.project_dir = "/";
	assert_int_equal(sw_artifact_lint_contents(f, a, &o), 0);
	assert_int_equal(sw_findings_count(f), 0);
	sw_findings_free(f);
	sw_artifact_free(a);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' '%s'", proj, tar_path);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(bad_wheel),
	        cmocka_unit_test(clean_wheel),
	        cmocka_unit_test(sdist_against_git),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
