/*
 * unit/test_diff.c — sw_diff on two wheels written here with libzip: the
 * members added, removed and changed (with the SHA-256 values of the
 * contents, from sha256sum), the version-bearing folders lined up, the
 * metadata fields and the dependency changes expected from the texts, the
 * JSON form, and the allocation failures.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <zip.h>

#include "slipway/diff.h"
#include "support/failing_alloc.h"

static const char *old_files[][2] = {
        {"foo/__init__.py", "a"},
        {"foo/old.py", "x"},
        {"foo-1.0.data/scripts/run", "r"},
        {"foo-1.0.dist-info/METADATA",
         "Metadata-Version: 2.1\nName: foo\nVersion: 1.0\nSummary: A\nClassifier: X\n"
         "Requires-Dist: requests>=2\nRequires-Dist: six\n"
         "Requires-Dist: click>=7; python_version<\"3.8\"\n\n"},
        {"foo-1.0.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\n"},
        {"foo-1.0.dist-info/RECORD", ""},
        {NULL, NULL},
};

static const char *new_files[][2] = {
        {"foo/__init__.py", "b"},
        {"foo/new.py", "y"},
        {"foo-1.1.data/scripts/run", "r"},
        {"foo-1.1.dist-info/METADATA",
         "Metadata-Version: 2.1\nName: foo\nVersion: 1.1\nSummary: B\nClassifier: Y\n"
         "Classifier: X\nRequires-Dist: requests>=2.1\n"
         "Requires-Dist: click>=8 ; python_version < \"3.8\"\nRequires-Dist: Attrs\n\n"},
        {"foo-1.1.dist-info/WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\n"},
        {"foo-1.1.dist-info/RECORD", ""},
        {NULL, NULL},
};

static char dir[64];
static char old_path[128], new_path[128];

static void write_zip(const char *path, const char *files[][2])
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
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/sw-test-diff-XXXXXX");
	if (!mkdtemp(dir))
		return -1;
	snprintf(old_path, sizeof(old_path), "%s/foo-1.0-py3-none-any.whl", dir);
	snprintf(new_path, sizeof(new_path), "%s/foo-1.1-py3-none-any.whl", dir);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(old_path);
	unlink(new_path);
	rmdir(dir);
	return 0;
}

static void wheels(void **state)
{
	static const struct {
		const char *name;
		enum sw_diff_change change;
		const char *old_sha, *new_sha;
	} members[] = {
	        {"foo/__init__.py", SW_DIFF_CHANGED,
	         "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb",
	         "3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d"},
	        {"foo/new.py", SW_DIFF_ADDED, "",
	         "a1fce4363854ff888cff4b8e7875d600c2682390412a8cf79b37d0b11148b0fa"},
	        {"foo/old.py", SW_DIFF_REMOVED,
	         "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", ""},
	        {"{dist-info}/METADATA", SW_DIFF_CHANGED, NULL, NULL},
	};
	static const struct {
		const char *field, *old_value, *new_value;
	} fields[] = {
	        {"Version", "1.0", "1.1"},
	        {"Summary", "A", "B"},
	        {"Classifier", "X", "X\nY"},
	};
	static const struct {
		const char *name;
		enum sw_diff_change change;
		const char *old_req, *new_req;
	} deps[] = {
	        {"attrs", SW_DIFF_ADDED, NULL, "Attrs"},
	        {"click", SW_DIFF_CHANGED, "click>=7; python_version<\"3.8\"",
	         "click>=8 ; python_version < \"3.8\""},
	        {"requests", SW_DIFF_CHANGED, "requests>=2", "requests>=2.1"},
	        {"six", SW_DIFF_REMOVED, "six", NULL},
	};
	sw_artifact *a, *b;
	sw_diff *d;
	(void)state;
	write_zip(old_path, old_files);
	write_zip(new_path, new_files);
	assert_int_equal(sw_artifact_open(&a, old_path, NULL), 0);
	assert_int_equal(sw_artifact_open(&b, new_path, NULL), 0);
	assert_int_equal(sw_diff_artifacts(&d, a, b, 1), 0);
	assert_int_equal(sw_diff_member_count(d), 4);
	assert_int_equal(sw_diff_unchanged_count(d), 3);
	for (size_t i = 0; i < 4; i++) {
		const sw_diff_member *m = sw_diff_member_at(d, i);
		assert_string_equal(m->name, members[i].name);
		assert_int_equal(m->change, members[i].change);
		if (members[i].old_sha)
			assert_string_equal(m->old_sha256, members[i].old_sha);
		if (members[i].new_sha)
			assert_string_equal(m->new_sha256, members[i].new_sha);
	}
	assert_int_equal(sw_diff_field_count(d), 3);
	for (size_t i = 0; i < 3; i++) {
		const sw_diff_field *f = sw_diff_field_at(d, i);
		assert_string_equal(f->field, fields[i].field);
		assert_string_equal(f->old_value, fields[i].old_value);
		assert_string_equal(f->new_value, fields[i].new_value);
	}
	assert_int_equal(sw_diff_dep_count(d), 4);
	for (size_t i = 0; i < 4; i++) {
		const sw_diff_dep *x = sw_diff_dep_at(d, i);
		assert_string_equal(x->name, deps[i].name);
		assert_int_equal(x->change, deps[i].change);
		if (deps[i].old_req)
			assert_string_equal(x->old_req, deps[i].old_req);
		else
			assert_null(x->old_req);
		if (deps[i].new_req)
			assert_string_equal(x->new_req, deps[i].new_req);
		else
			assert_null(x->new_req);
	}
	assert_string_equal(sw_diff_dep_at(d, 1)->marker, "python_version<\"3.8\"");
	assert_int_equal(sw_diff_is_empty(d), 0);
	sw_diff_free(d);
	/* an artifact against itself: nothing */
	assert_int_equal(sw_diff_artifacts(&d, a, a, 0), 0);
	assert_int_equal(sw_diff_is_empty(d), 1);
	assert_int_equal(sw_diff_unchanged_count(d), 6);
	sw_diff_free(d);
	sw_artifact_free(a);
	sw_artifact_free(b);
}

static void json(void **state)
{
	sw_artifact *a, *b;
	sw_diff *d;
	sw_buf out;
	(void)state;
	write_zip(old_path, old_files);
	write_zip(new_path, new_files);
	assert_int_equal(sw_artifact_open(&a, old_path, NULL), 0);
	assert_int_equal(sw_artifact_open(&b, new_path, NULL), 0);
	assert_int_equal(sw_diff_artifacts(&d, a, b, 0), 0);
	sw_buf_init(&out, 1 << 20);
	assert_int_equal(sw_diff_to_json(&out, d), 0);
	assert_non_null(strstr(sw_buf_cstr(&out),
	                       "{\"name\":\"foo/new.py\",\"change\":\"added\",\"old_size\":0,"
	                       "\"new_size\":1,\"old_sha256\":\"\",\"new_sha256\":\"a1fce436"));
	assert_non_null(strstr(sw_buf_cstr(&out), "\"unchanged_members\":3,"));
	assert_non_null(strstr(sw_buf_cstr(&out),
	                       "{\"field\":\"Classifier\",\"old\":\"X\",\"new\":\"X\\nY\"}"));
	assert_non_null(strstr(sw_buf_cstr(&out),
	                       "{\"name\":\"six\",\"marker\":\"\",\"change\":\"removed\","
	                       "\"old\":\"six\",\"new\":null}"));
	sw_buf_free(&out);
	sw_diff_free(d);
	sw_artifact_free(a);
	sw_artifact_free(b);
}

static void allocation_sweep(void **state)
{
	sw_artifact *a, *b;
	(void)state;
	write_zip(old_path, old_files);
	write_zip(new_path, new_files);
	assert_int_equal(sw_artifact_open(&a, old_path, NULL), 0);
	assert_int_equal(sw_artifact_open(&b, new_path, NULL), 0);
	for (long n = 1;; n++) {
		sw_diff *d = NULL;
		int err;
		fa_arm(n, 0);
		err = sw_diff_artifacts(&d, a, b, 1);
		fa_disarm();
		sw_diff_free(d);
		if (!fa_failed()) {
			assert_int_equal(err, 0);
			break;
		}
		assert_int_equal(err, SW_ENOMEM);
	}
	sw_artifact_free(a);
	sw_artifact_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(wheels),
	        cmocka_unit_test(json),
	        cmocka_unit_test(allocation_sweep),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
