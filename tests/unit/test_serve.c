/*
 * unit/test_serve.c — the serve module's pure parts against hand-derived
 * expectations: the multipart/form-data parser (RFC 7578/2046 bodies as
 * requests and curl send them, fed whole and split at every offset, and
 * malformed bodies), Accept negotiation (PEP 691 q-values, `format`),
 * distribution filename parsing (SPECS.md §4.1, §5.1), the Simple API
 * pages of a hand-built index (PEP 503/691/700 text written from the
 * specifications), users-file authentication, and an allocation sweep.
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

#include "serve/multipart.h"
#include "serve/serve_int.h"
#include "support/failing_alloc.h"

/* ---- multipart ---------------------------------------------------------- */

/* Records callbacks as text: "[name|filename|type]data;" per part. */
static int rec_begin(void *ctx, const struct sv_mp_part *p)
{
	sw_buf *b = ctx;
	return sw_buf_printf(b, "[%s|%s|%s]", p->name, p->filename ? p->filename : "-",
	                     p->content_type ? p->content_type : "-");
}

static int rec_data(void *ctx, const char *data, size_t len)
{
	return sw_buf_put(ctx, data, len);
}

static int rec_end(void *ctx)
{
	return sw_buf_putc(ctx, ';');
}

static const struct sv_mp_callbacks rec_cb = {rec_begin, rec_data, rec_end};

static const struct {
	const char *ctype;
	const char *body;
	const char *expect; /* NULL: SW_EPARSE from feed or finish */
} mp_vectors[] = {
        /* requests' encoding: CRLF, quoted names, a file part with a type */
        {"multipart/form-data; boundary=b0undary",
         "--b0undary\r\nContent-Disposition: form-data; name=\":action\"\r\n\r\nfile_upload\r\n"
         "--b0undary\r\nContent-Disposition: form-data; name=\"content\"; "
         "filename=\"a-1.0.tar.gz\"\r\nContent-Type: application/octet-stream\r\n\r\n"
         "\x1f\x8b\r\n--b0und\r\n\r\n--b0undary--\r\n",
         "[:action|-|-]file_upload;[content|a-1.0.tar.gz|application/octet-stream]"
         "\x1f\x8b\r\n--b0und\r\n;"},
        /* preamble and epilogue are ignored; quoted boundary; empty value */
        {"multipart/form-data; boundary=\"x y\"",
         "preamble\r\n--x y\r\ncontent-disposition: form-data; name=a\r\n\r\n\r\n--x y--"
         "epilogue",
         "[a|-|-];"},
        /* a repeated field; transport padding after the delimiter */
        {"Multipart/Form-Data;boundary=B",
         "--B  \r\nContent-Disposition: form-data; name=\"c\"\r\n\r\n1\r\n--B\r\n"
         "Content-Disposition: form-data; name=\"c\"\r\n\r\n2\r\n--B--\r\n",
         "[c|-|-]1;[c|-|-]2;"},
        /* escaped quote in a filename */
        {"multipart/form-data; boundary=q",
         "--q\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a\\\"b\"\r\n\r\nx\r\n"
         "--q--",
         "[f|a\"b|-]x;"},
        /* other backslashes stay (HTML5 clients do not escape them) */
        {"multipart/form-data; boundary=q",
         "--q\r\nContent-Disposition: form-data; name=\"f\"; filename=\"..\\x\\\\y\"\r\n\r\n"
         "\r\n--q--",
         "[f|..\\x\\y|-];"},
        /* no closing delimiter */
        {"multipart/form-data; boundary=b",
         "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nx", NULL},
        /* a part without Content-Disposition */
        {"multipart/form-data; boundary=b", "--b\r\nContent-Type: text/plain\r\n\r\nx\r\n--b--",
         NULL},
        /* a part without a name */
        {"multipart/form-data; boundary=b",
         "--b\r\nContent-Disposition: form-data; filename=\"x\"\r\n\r\nx\r\n--b--", NULL},
        /* not form-data */
        {"multipart/form-data; boundary=b",
         "--b\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--b--", NULL},
        /* garbage after the delimiter */
        {"multipart/form-data; boundary=b", "--bX\r\n", NULL},
        /* no delimiter at all */
        {"multipart/form-data; boundary=b", "just some bytes", NULL},
        /* a header line without a colon */
        {"multipart/form-data; boundary=b", "--b\r\nnonsense\r\n\r\nx\r\n--b--", NULL},
};

/* Parses a body fed in chunks of `chunk` bytes (0: whole). */
static int mp_run(sw_buf *out, const char *ctype, const char *body, size_t chunk)
{
	sv_mp *mp = NULL;
	size_t n = strlen(body);
	int err = sv_mp_new(&mp, ctype, &rec_cb, out);
	if (err)
		return err;
	for (size_t i = 0; i < n && !err; i += chunk ? chunk : n) {
		size_t k = chunk && n - i > chunk ? chunk : n - i;
		err = sv_mp_feed(mp, body + i, k);
	}
	if (!err)
		err = sv_mp_finish(mp);
	sv_mp_free(mp);
	return err;
}

static void multipart_vectors(void **state)
{
	(void)state;
	for (size_t v = 0; v < SW_ARRAY_LEN(mp_vectors); v++) {
		size_t n = strlen(mp_vectors[v].body);
		for (size_t chunk = 0; chunk <= n; chunk++) {
			sw_buf out;
			sw_buf_init(&out, 1 << 20);
			int err = mp_run(&out, mp_vectors[v].ctype, mp_vectors[v].body, chunk);
			if (mp_vectors[v].expect) {
				if (err || strcmp(sw_buf_cstr(&out), mp_vectors[v].expect) != 0)
					fail_msg("vector %zu chunk %zu: err %d, got '%s'", v, chunk,
					         err, sw_buf_cstr(&out));
			} else if (err != SW_EPARSE) {
				fail_msg("vector %zu chunk %zu: expected SW_EPARSE, got %d", v,
				         chunk, err);
			}
			sw_buf_free(&out);
		}
	}
}

static void multipart_bad_content_type(void **state)
{
	static const char *const bad[] = {
	        "text/plain", "multipart/form-data",
	        "multipart/form-data; boundary=", "multipart/form-datax; boundary=a",
	        "multipart/form-data; boundary="
	        "12345678901234567890123456789012345678901234567890123456789012345678901"};
	(void)state;
	for (size_t i = 0; i < SW_ARRAY_LEN(bad); i++) {
		sv_mp *mp = NULL;
		assert_int_equal(sv_mp_new(&mp, bad[i], &rec_cb, NULL), SW_EPARSE);
		assert_null(mp);
	}
}

/* A large body passes through with bounded buffering. */
static void multipart_large_part(void **state)
{
	static const char head[] = "--zz\r\nContent-Disposition: form-data; name=\"content\"; "
	                           "filename=\"f\"\r\n\r\n";
	char block[4096];
	sv_mp *mp = NULL;
	sw_buf out;
	(void)state;
	memset(block, 'a', sizeof(block));
	sw_buf_init(&out, 8 << 20);
	assert_int_equal(sv_mp_new(&mp, "multipart/form-data; boundary=zz", &rec_cb, &out), 0);
	assert_int_equal(sv_mp_feed(mp, head, strlen(head)), 0);
	for (int i = 0; i < 1024; i++)
		assert_int_equal(sv_mp_feed(mp, block, sizeof(block)), 0);
	assert_int_equal(sv_mp_feed(mp, "\r\n--zz--\r\n", 10), 0);
	assert_int_equal(sv_mp_finish(mp), 0);
	assert_int_equal(out.len, strlen("[content|f|-]") + 4096 * 1024 + 1);
	sv_mp_free(mp);
	sw_buf_free(&out);
}

/* Every allocation failure is reported, never a crash or a leak. */
static void multipart_alloc_sweep(void **state)
{
	const struct sv_mp_callbacks none = {NULL, NULL, NULL};
	(void)state;
	for (long n = 1; n < 100; n++) {
		sv_mp *mp = NULL;
		fa_arm(n, 0);
		int err = sv_mp_new(&mp, mp_vectors[0].ctype, &none, NULL);
		if (!err)
			err = sv_mp_feed(mp, mp_vectors[0].body, strlen(mp_vectors[0].body));
		if (!err)
			err = sv_mp_finish(mp);
		int failed = fa_failed();
		fa_disarm();
		sv_mp_free(mp);
		if (!failed) {
			assert_int_equal(err, 0);
			return;
		}
		assert_true(err == SW_ENOMEM || err == SW_EPARSE);
	}
	fail_msg("sweep did not finish");
}

/* ---- negotiation -------------------------------------------------------- */

static void negotiation(void **state)
{
	static const struct {
		const char *accept, *format;
		int ok;
		enum sv_format fmt;
		const char *ctype;
	} v[] = {
	        {NULL, NULL, 1, SV_FMT_HTML, "text/html; charset=utf-8"},
	        {"*/*", NULL, 1, SV_FMT_HTML, "text/html; charset=utf-8"},
	        /* pip 25's header */
	        {"application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, "
	         "text/html; q=0.01",
	         NULL, 1, SV_FMT_JSON, "application/vnd.pypi.simple.v1+json"},
	        {"application/vnd.pypi.simple.v1+json;q=0.2, application/vnd.pypi.simple.v1+html",
	         NULL, 1, SV_FMT_HTML, "application/vnd.pypi.simple.v1+html"},
	        {"application/vnd.pypi.simple.latest+json", NULL, 1, SV_FMT_JSON,
	         "application/vnd.pypi.simple.v1+json"},
	        {"Application/VND.pypi.simple.v1+JSON", NULL, 1, SV_FMT_JSON,
	         "application/vnd.pypi.simple.v1+json"},
	        {"application/*", NULL, 1, SV_FMT_HTML, "application/vnd.pypi.simple.v1+html"},
	        {"text/html;q=0, application/vnd.pypi.simple.v1+json;q=0.5", NULL, 1, SV_FMT_JSON,
	         "application/vnd.pypi.simple.v1+json"},
	        {"*/*;q=0.1, text/html;q=0", NULL, 1, SV_FMT_HTML,
	         "application/vnd.pypi.simple.v1+html"},
	        {"application/json", NULL, 0, SV_FMT_HTML, NULL},
	        {"image/png, text/plain", NULL, 0, SV_FMT_HTML, NULL},
	        {"text/html;q=0", NULL, 0, SV_FMT_HTML, NULL},
	        {"text/html", "application/vnd.pypi.simple.v1+json", 1, SV_FMT_JSON,
	         "application/vnd.pypi.simple.v1+json"},
	        {NULL, "text/html", 1, SV_FMT_HTML, "text/html; charset=utf-8"},
	        {NULL, "application/json", 0, SV_FMT_HTML, NULL},
	};
	(void)state;
	for (size_t i = 0; i < SW_ARRAY_LEN(v); i++) {
		enum sv_format fmt = SV_FMT_HTML;
		const char *ct = NULL;
		int rc = sv_negotiate(&fmt, &ct, v[i].accept, v[i].format);
		if (!v[i].ok) {
			if (rc != SW_ENOTFOUND)
				fail_msg("case %zu: expected 406", i);
			continue;
		}
		if (rc != 0 || fmt != v[i].fmt || strcmp(ct, v[i].ctype) != 0)
			fail_msg("case %zu: rc %d fmt %d type %s", i, rc, fmt, ct ? ct : "-");
	}
}

/* ---- filenames ---------------------------------------------------------- */

static void distnames(void **state)
{
	static const struct {
		const char *file;
		int ok;
		enum sv_kind kind;
		const char *name, *project, *version, *build, *python;
	} v[] = {
	        {"foo_bar-1.0-py3-none-any.whl", 1, SV_WHEEL, "foo_bar", "foo-bar", "1.0", "",
	         "py3"},
	        {"Foo.Bar-2.0rc1-1abc-py2.py3-none-any.whl", 1, SV_WHEEL, "Foo.Bar", "foo-bar",
	         "2.0rc1", "1abc", "py2.py3"},
	        {"foo-1.0-x-py3-none-any.whl", 0, SV_WHEEL, "", "", "", "", ""},
	        {"foo-1.0-py3-none.whl", 0, SV_WHEEL, "", "", "", "", ""},
	        {"foo--py3-none-any.whl", 0, SV_WHEEL, "", "", "", "", ""},
	        {"foo_bar-1.0.tar.gz", 1, SV_SDIST, "foo_bar", "foo-bar", "1.0", "", ""},
	        {"foo-bar-1.0.tar.gz", 1, SV_SDIST, "foo-bar", "foo-bar", "1.0", "", ""},
	        {"legacy-0.1.zip", 1, SV_SDIST_ZIP, "legacy", "legacy", "0.1", "", ""},
	        {"nodash.tar.gz", 0, SV_SDIST, "", "", "", "", ""},
	        {"foo-1.0.tar.bz2", 0, SV_SDIST, "", "", "", "", ""},
	        {".whl", 0, SV_WHEEL, "", "", "", "", ""},
	};
	(void)state;
	for (size_t i = 0; i < SW_ARRAY_LEN(v); i++) {
		struct sv_distname dn;
		int rc = sv_distname_parse(&dn, v[i].file);
		if (!v[i].ok) {
			if (rc != SW_EPARSE)
				fail_msg("%s: expected SW_EPARSE", v[i].file);
			continue;
		}
		assert_int_equal(rc, 0);
		assert_int_equal(dn.kind, v[i].kind);
		assert_string_equal(dn.name, v[i].name);
		assert_string_equal(dn.project, v[i].project);
		assert_string_equal(dn.version, v[i].version);
		assert_string_equal(dn.build, v[i].build);
		assert_string_equal(dn.python, v[i].python);
	}
	assert_true(sv_filename_is_safe("a-1.0.tar.gz"));
	assert_false(sv_filename_is_safe("../a-1.0.tar.gz"));
	assert_false(sv_filename_is_safe("a\\b.whl"));
	assert_false(sv_filename_is_safe(".hidden.whl"));
	assert_false(sv_filename_is_safe("a\x7f.whl"));
	assert_false(sv_filename_is_safe(""));
}

/* ---- pages -------------------------------------------------------------- */

static void pages(void **state)
{
	struct sv_file f1 = {.filename = "a_b-1.0-py3-none-any.whl",
	                     .version = "1.0",
	                     .info_loaded = 1,
	                     .meta = 1,
	                     .sha256 = "11",
	                     .meta_sha256 = "22",
	                     .requires_python = ">=3.8,<4",
	                     .upload_time = 1705510392,
	                     .upload_usec = 779164};
	struct sv_file f2 = {.filename = "a_b-0.9.tar.gz",
	                     .version = "0.9",
	                     .info_loaded = 1,
	                     .sha256 = "33",
	                     .yanked = "broken <b>",
	                     .upload_time = 0};
	struct sv_file *files[] = {&f2, &f1};
	struct sv_project p = {.name = "a-b", .files = files, .nfiles = 2};
	struct sv_file l1 = {.filename = "x-2004d.tar.gz", .version = "2004d"};
	struct sv_file l2 = {.filename = "x-2004d.zip", .version = "2004d"};
	struct sv_file l3 = {.filename = "x-1.0-py3-none-any.whl", .version = "1.0"};
	struct sv_file l4 = {.filename = "x-0.9.tar.gz", .version = "0.9"};
	struct sv_file *legacy_files[] = {&l1, &l2, &l3, &l4};
	struct sv_project legacy = {.name = "x", .files = legacy_files, .nfiles = 4};
	struct sv_index idx = {.projects = &p, .nprojects = 1};
	sw_buf b;
	(void)state;
	f1.stamp.size = 1337;
	f2.stamp.size = 7;
	sw_buf_init(&b, 1 << 20);
	assert_int_equal(sv_render_project(&b, &p, SV_FMT_JSON), 0);
	assert_string_equal(
	        sw_buf_cstr(&b),
	        "{\"meta\":{\"api-version\":\"1.1\"},\"name\":\"a-b\",\"versions\":[\"0.9\",\"1."
	        "0\"],"
	        "\"files\":[{\"filename\":\"a_b-0.9.tar.gz\",\"url\":\"/files/a-b/a_b-0.9.tar.gz\","
	        "\"hashes\":{\"sha256\":\"33\"},\"requires-python\":null,\"core-metadata\":false,"
	        "\"dist-info-metadata\":false,\"gpg-sig\":false,\"yanked\":\"broken <b>\","
	        "\"size\":7,\"upload-time\":\"1970-01-01T00:00:00Z\"},"
	        "{\"filename\":\"a_b-1.0-py3-none-any.whl\",\"url\":\"/files/a-b/"
	        "a_b-1.0-py3-none-any.whl\",\"hashes\":{\"sha256\":\"11\"},\"requires-python\":"
	        "\">=3.8,<4\",\"core-metadata\":{\"sha256\":\"22\"},\"dist-info-metadata\":"
	        "{\"sha256\":\"22\"},\"gpg-sig\":false,\"yanked\":false,\"size\":1337,"
	        "\"upload-time\":\"2024-01-17T16:53:12.779164Z\"}]}");
	sw_buf_clear(&b);
	assert_int_equal(sv_render_project(&b, &p, SV_FMT_HTML), 0);
	assert_non_null(strstr(sw_buf_cstr(&b),
	                       "<a href=\"/files/a-b/a_b-0.9.tar.gz#sha256=33\" "
	                       "data-yanked=\"broken &lt;b&gt;\">a_b-0.9.tar.gz</a><br>\n"));
	assert_non_null(strstr(sw_buf_cstr(&b),
	                       "<a href=\"/files/a-b/a_b-1.0-py3-none-any.whl#sha256=11\" "
	                       "data-requires-python=\"&gt;=3.8,&lt;4\" "
	                       "data-dist-info-metadata=\"sha256=22\" "
	                       "data-core-metadata=\"sha256=22\">a_b-1.0-py3-none-any.whl</a>"));
	assert_non_null(
	        strstr(sw_buf_cstr(&b), "<meta name=\"pypi:repository-version\" content=\"1.1\">"));
	sw_buf_clear(&b);
	assert_int_equal(sv_render_root(&b, &idx, SV_FMT_JSON), 0);
	assert_string_equal(sw_buf_cstr(&b), "{\"meta\":{\"api-version\":\"1.1\"},\"projects\":"
	                                     "[{\"name\":\"a-b\"}]}");
	sw_buf_clear(&b);
	assert_int_equal(sv_render_root(&b, &idx, SV_FMT_HTML), 0);
	assert_non_null(strstr(sw_buf_cstr(&b), "<a href=\"/simple/a-b/\">a-b</a>"));
	/* PEP 700: non-PEP 440 versions are listed too, after the others */
	for (size_t i = 0; i < 4; i++)
		legacy_files[i]->info_loaded = 1;
	sw_buf_clear(&b);
	assert_int_equal(sv_render_project(&b, &legacy, SV_FMT_JSON), 0);
	assert_non_null(strstr(sw_buf_cstr(&b), "\"versions\":[\"0.9\",\"1.0\",\"2004d\"],"));
	sw_buf_clear(&b);
	assert_int_equal(sv_url_encode(&b, "a b/%~"), 0);
	assert_string_equal(sw_buf_cstr(&b), "a%20b%2F%25~");
	sw_buf_free(&b);
}

/* Rendering and page caching report every allocation failure. */
static void pages_alloc_sweep(void **state)
{
	struct sv_file f1 = {.filename = "a-1.0-py3-none-any.whl",
	                     .version = "1.0",
	                     .info_loaded = 1,
	                     .sha256 = "11",
	                     .requires_python = ">=3"};
	struct sv_file f2 = {.filename = "a-2.0.tar.gz", .version = "2.0", .info_loaded = 1};
	struct sv_file *files[] = {&f1, &f2};
	struct sv_project p = {.name = "a", .files = files, .nfiles = 2};
	(void)state;
	for (long n = 1; n < 200; n++) {
		sw_buf b;
		struct sv_page *page = NULL, *gz = NULL;
		sw_buf_init(&b, 1 << 20);
		fa_arm(n, 0);
		int err = sv_render_project(&b, &p, SV_FMT_JSON);
		if (!err && !(page = sv_page_from_buf(&b)))
			err = SW_ENOMEM;
		if (!err && !(gz = sv_page_gzip(page)))
			err = SW_ENOMEM;
		int failed = fa_failed();
		fa_disarm();
		sv_page_unref(page);
		sv_page_unref(gz);
		sw_buf_free(&b);
		if (!failed) {
			assert_int_equal(err, 0);
			return;
		}
		assert_int_equal(err, SW_ENOMEM);
	}
	fail_msg("sweep did not finish");
}

/* ---- authentication ----------------------------------------------------- */

static void users_and_tokens(void **state)
{
	char dir[] = "/tmp/sw-serve-auth-XXXXXX", path[64];
	struct sv_auth *a = NULL;
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/users", dir);
	assert_int_equal(sw_serve_user_add(path, "alice", "pa:ss word"), 0);
	assert_int_equal(sw_serve_user_add(path, "bob", "b"), 0);
	assert_int_equal(sw_serve_user_add(path, "alice", "new"), 0); /* replaces */
	assert_int_equal(sw_serve_user_add(path, "bad name", "x"), SW_EINVAL);
	assert_int_equal(sw_serve_user_add(path, "carol", ""), SW_EINVAL);
	assert_int_equal(sv_auth_new(&a, path, "tok-1"), 0);
	/* base64 of "alice:new", "alice:pa:ss word", "bob:b", "__token__:tok-1",
	 * "__token__:tok-2", "bob" */
	assert_int_equal(sv_auth_check(a, "Basic YWxpY2U6bmV3"), 1);
	assert_int_equal(sv_auth_check(a, "Basic YWxpY2U6bmV3"), 1); /* cached */
	assert_int_equal(sv_auth_check(a, "Basic YWxpY2U6cGE6c3Mgd29yZA=="), 0);
	assert_int_equal(sv_auth_check(a, "Basic Ym9iOmI="), 1);
	assert_int_equal(sv_auth_check(a, "basic X190b2tlbl9fOnRvay0x"), 1);
	assert_int_equal(sv_auth_check(a, "Basic X190b2tlbl9fOnRvay0y"), 0);
	assert_int_equal(sv_auth_check(a, "Bearer tok-1"), 1);
	assert_int_equal(sv_auth_check(a, "token tok-2"), 0);
	assert_int_equal(sv_auth_check(a, "Basic Ym9i"), 0);
	assert_int_equal(sv_auth_check(a, "Basic !!!"), 0);
	assert_int_equal(sv_auth_check(a, "Digest x"), -1);
	assert_int_equal(sv_auth_check(a, NULL), -1);
	/* users added while the server runs are seen without a restart */
	assert_int_equal(sv_auth_check(a, "Basic Y2Fyb2w6Yw=="), 0);
	assert_int_equal(sw_serve_user_add(path, "carol", "c"), 0);
	assert_int_equal(sv_auth_check(a, "Basic Y2Fyb2w6Yw=="), 1);
	assert_int_equal(sv_auth_check(a, "Basic YWxpY2U6bmV3"), 1);
	sv_auth_free(a);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(multipart_vectors),
	        cmocka_unit_test(multipart_bad_content_type),
	        cmocka_unit_test(multipart_large_part),
	        cmocka_unit_test(multipart_alloc_sweep),
	        cmocka_unit_test(negotiation),
	        cmocka_unit_test(distnames),
	        cmocka_unit_test(pages),
	        cmocka_unit_test(pages_alloc_sweep),
	        cmocka_unit_test(users_and_tokens),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
