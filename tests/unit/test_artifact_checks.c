/*
 * unit/test_artifact_checks.c — one small wheel or sdist per finding: each
 * case changes one thing of a clean artifact (a RECORD row, a zip header
 * field, a metadata field, the file name, a tar member) and expects the
 * finding code the rule in SPECS.md §1.5, §4 and §5 calls for, with the
 * severity it must have; the clean artifacts have no such finding.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "test_artifact_fixtures.h"

#include "slipway/artifact.h"

#define MD_HEAD    "Metadata-Version: 2.4\nName: demo-pkg\nVersion: 1.0\n"
#define MD_GOOD    MD_HEAD "Summary: A demo\nLicense-Expression: MIT\n"
#define WHEEL_GOOD "Wheel-Version: 1.0\nGenerator: t\nRoot-Is-Purelib: true\nTag: py3-none-any\n"

/* One wheel case: what differs from the clean wheel, and the finding. */
struct wcase {
	const char *what;
	const char *file;     /* file name; default demo_pkg-1.0-py3-none-any.whl */
	const char *dist;     /* .dist-info folder; default demo_pkg-1.0.dist-info */
	const char *metadata; /* default MD_GOOD */
	const char *wheel;    /* WHEEL text; default WHEEL_GOOD; "-" leaves it out */
	const char *eps;      /* entry_points.txt, or NULL */
	const char *x_row;    /* replaces demo_pkg/x.py's RECORD row ("DUP": twice) */
	const char *rec_row;  /* replaces the RECORD row of RECORD */
	int no_record;        /* leave RECORD out */
	const char *x_data;   /* x.py's bytes after RECORD was written */
	unsigned x_flags;     /* general purpose bits of x.py */
	int x_method;         /* compression of x.py (0 stored by default) */
	const char *x_local;  /* local header name of x.py */
	const char *extra;    /* another member name (not in RECORD) */
	struct zspec spec;
	const char *code;
	enum sw_severity severity;
};

/* Replaces the line starting with `prefix` in text (in place, cap bytes). */
static void replace_line(char *text, size_t cap, const char *prefix, const char *with)
{
	char *line = strstr(text, prefix), *end, tail[8192], orig[1024];
	if (!line)
		fail_msg("no line %s", prefix);
	end = strchr(line, '\n') + 1;
	snprintf(orig, sizeof(orig), "%.*s", (int)(end - line), line);
	snprintf(tail, sizeof(tail), "%s", end);
	if (strcmp(with, "DUP") == 0)
		snprintf(line, cap - (size_t)(line - text), "%s%s%s", orig, orig, tail);
	else
		snprintf(line, cap - (size_t)(line - text), "%s%s%s", with, with[0] ? "\n" : "",
		         tail);
}

/* Writes the case's wheel; returns its path. */
static const char *make_wheel(const struct wcase *c)
{
	static char record[8192], md[4096], wh[4096], ep[4096], rec[512], name[3][512];
	const char *dist = c->dist ? c->dist : "demo_pkg-1.0.dist-info";
	const char *path = fx_path(c->file ? c->file : "demo_pkg-1.0-py3-none-any.whl");
	struct zent e[8];
	size_t n = 0;
	snprintf(md, sizeof(md), "%s", c->metadata ? c->metadata : MD_GOOD);
	snprintf(wh, sizeof(wh), "%s", c->wheel ? c->wheel : WHEEL_GOOD);
	snprintf(ep, sizeof(ep), "%s", c->eps ? c->eps : "");
	memset(e, 0, sizeof(e));
	e[n++] = (struct zent){.name = "demo_pkg/__init__.py", .data = "x = 1\n", .method = 8};
	e[n++] = (struct zent){.name = "demo_pkg/x.py",
	                       .data = "class X: pass\n",
	                       .method = c->x_method,
	                       .flags = c->x_flags,
	                       .local = c->x_local};
	snprintf(name[0], sizeof(name[0]), "%s/METADATA", dist);
	e[n++] = (struct zent){.name = name[0], .data = md, .method = 8};
	if (strcmp(wh, "-") != 0) {
		snprintf(name[1], sizeof(name[1]), "%s/WHEEL", dist);
		e[n++] = (struct zent){.name = name[1], .data = wh, .method = 8};
	}
	if (c->eps) {
		snprintf(name[2], sizeof(name[2]), "%s/entry_points.txt", dist);
		e[n++] = (struct zent){.name = name[2], .data = ep, .method = 8};
	}
	snprintf(rec, sizeof(rec), "%s/RECORD", dist);
	record_text(record, sizeof(record), e, n, rec);
	if (c->x_row)
		replace_line(record, sizeof(record), "demo_pkg/x.py,", c->x_row);
	if (c->rec_row)
		replace_line(record, sizeof(record), rec, c->rec_row);
	if (c->x_data)
		e[1].data = c->x_data;
	if (c->extra)
		e[n++] = (struct zent){.name = c->extra, .data = "extra\n"};
	if (!c->no_record)
		e[n++] = (struct zent){.name = rec, .data = record, .method = 8};
	zip_write(path, e, n, &c->spec);
	return path;
}

/* RECORD workers for check_file(): 0 (automatic: the calling thread for
 * these small wheels) or 2 (the worker pool). */
static unsigned g_threads;

/* Runs every check on a file; the findings are the caller's. */
static sw_findings *check_file(const char *path)
{
	sw_artifact *a = NULL;
	sw_findings *f = NULL;
	sw_artifact_check_opts o = SW_ARTIFACT_CHECK_OPTS_INIT;
	int64_t day;
	assert_int_equal(sw_project_date_parse(&day, sw_project_trove_date()), 0);
	o.today = day; /* the shipped lists are fresh: unknown entries are errors */
	o.no_readme = 1;
	o.no_secrets = 1;
	o.threads = g_threads;
	assert_int_equal(sw_findings_new(&f), 0);
	if (sw_artifact_open(&a, path, NULL) != 0)
		fail_msg("%s: %s", path, sw_error_last());
	assert_int_equal(sw_artifact_check(f, a, &o), 0);
	sw_artifact_free(a);
	return f;
}

/* Prints the findings (for a failing case). */
static void dump(const sw_findings *f)
{
	for (size_t i = 0; i < sw_findings_count(f); i++)
		print_message("  %s %s\n", sw_findings_at(f, i)->code,
		              sw_findings_at(f, i)->message);
}

/* The severity of the first finding with that code, or -1. */
static int severity_of(const sw_findings *f, const char *code)
{
	for (size_t i = 0; i < sw_findings_count(f); i++)
		if (strcmp(sw_findings_at(f, i)->code, code) == 0)
			return (int)sw_findings_at(f, i)->severity;
	return -1;
}

/* No error of this module's families (A, Z, R, P, T). */
static void assert_clean(const sw_findings *f)
{
	for (size_t i = 0; i < sw_findings_count(f); i++) {
		const sw_finding *x = sw_findings_at(f, i);
		if (x->severity == SW_SEV_ERROR && strchr("AZRPT", x->code[0])) {
			dump(f);
			fail_msg("unexpected %s: %s", x->code, x->message);
		}
	}
}

#define LONG40 "0123456789012345678901234567890123456789"
#define LONG520                                                                                    \
	LONG40 LONG40 LONG40 LONG40 LONG40 LONG40 LONG40 LONG40 LONG40 LONG40 LONG40 LONG40 LONG40

static const struct wcase wheel_cases[] = {
        /* RECORD (SPECS.md §4.4) */
        {.what = "hash mismatch", .x_data = "class Y: pass\n", .code = "R003"},
        {.what = "size mismatch",
         .x_row = "demo_pkg/x.py,sha256=_DG-_G9mIIoSBaLeRnGX3_YkLLZSEws9uKeCPZ7GDkU,15",
         .code = "R004"},
        {.what = "missing row", .x_row = "", .code = "R002"},
        {.what = "extra row",
         .x_row = "DUP",
         .extra = NULL,
         .code = "R009",
         .severity = SW_SEV_WARNING},
        {.what = "row for a missing file",
         .x_row = "demo_pkg/x.py,sha256=_DG-_G9mIIoSBaLeRnGX3_YkLLZSEws9uKeCPZ7GDkU,14\ndemo_pkg/"
                  "gone.py,sha256=AAAA,1",
         .code = "R005"},
        {.what = "RECORD missing", .no_record = 1, .code = "R001"},
        {.what = "RECORD row with a hash",
         .rec_row = "demo_pkg-1.0.dist-info/RECORD,sha256=AAAA,10",
         .code = "R006"},
        {.what = "two fields", .x_row = "demo_pkg/x.py,sha256=AAAA", .code = "R007"},
        {.what = "weak hash", .x_row = "demo_pkg/x.py,md5=AAAA,14", .code = "R008"},
        {.what = "row without hash", .x_row = "demo_pkg/x.py,,14", .code = "R010"},
        {.what = "unlisted member", .extra = "demo_pkg/stray.py", .code = "R002"},
        /* zip structure (§4.7) */
        {.what = "data descriptor", .x_flags = 8, .code = "Z001"},
        {.what = "duplicate name", .extra = "demo_pkg/x.py", .code = "Z002"},
        {.what = "bzip2", .x_method = 12, .code = "Z003"},
        {.what = "archive comment", .spec = {.comment = "hello"}, .code = "Z004"},
        {.what = "trailing data", .spec = {.trailer = "junk"}, .code = "Z005"},
        {.what = "prepended data", .spec = {.prefix = "#!/bin/sh\n"}, .code = "Z005"},
        {.what = "local name differs", .x_local = "demo_pkg/y.py", .code = "Z006"},
        {.what = "control char in name", .extra = "demo_pkg/a\x01.py", .code = "Z007"},
        {.what = "non-ASCII without flag",
         .extra = "demo_pkg/caf\xc3\xa9.py",
         .code = "Z008",
         .severity = SW_SEV_WARNING},
        /* names (§1.5 items 13-14, §4.1-4.2) */
        {.what = "bad version in name",
         .file = "demo_pkg-one-py3-none-any.whl",
         .dist = "demo_pkg-one.dist-info",
         .code = "P001"},
        {.what = "double underscore",
         .file = "demo__pkg-1.0-py3-none-any.whl",
         .dist = "demo__pkg-1.0.dist-info",
         .code = "P001"},
        {.what = "unparsable name",
         .file = "demo_pkg-1.0-py3-any.whl",
         .dist = "demo_pkg-1.0.dist-info",
         .code = "P001"},
        {.what = "name not normalised",
         .file = "Demo_Pkg-1.0-py3-none-any.whl",
         .dist = "Demo_Pkg-1.0.dist-info",
         .code = "P002"},
        {.what = "other project",
         .metadata = "Metadata-Version: 2.4\nName: other\nVersion: 1.0\n",
         .code = "P003"},
        {.what = "other version",
         .metadata = "Metadata-Version: 2.4\nName: demo-pkg\nVersion: 2.0\n",
         .code = "P004"},
        {.what = "dist-info spelled otherwise", .dist = "demo_pkg-1.0.0.dist-info", .code = "P005"},
        {.what = "no WHEEL", .wheel = "-", .code = "P021"},
        {.what = "Wheel-Version 2",
         .wheel = "Wheel-Version: 2.0\nTag: py3-none-any\n",
         .code = "P022"},
        {.what = "linux platform tag",
         .file = "demo_pkg-1.0-cp311-cp311-linux_x86_64.whl",
         .wheel = "Wheel-Version: 1.0\nTag: cp311-cp311-linux_x86_64\n",
         .code = "P023"},
        {.what = "WHEEL tags differ",
         .wheel = "Wheel-Version: 1.0\nTag: py2-none-any\n",
         .code = "P025",
         .severity = SW_SEV_WARNING},
        {.what = "entry point name",
         .eps = "[console_scripts]\nbad name = demo_pkg:main\n",
         .code = "P020"},
        {.what = "entry points syntax", .eps = "[console_scripts]\njust text\n", .code = "P020"},
        /* metadata (§1.5 item 3) */
        {.what = "Metadata-Version 2.6",
         .metadata = "Metadata-Version: 2.6\nName: demo-pkg\nVersion: 1.0\n",
         .code = "P008"},
        {.what = "field too new",
         .metadata =
                 "Metadata-Version: 1.2\nName: demo-pkg\nVersion: 1.0\nLicense-Expression: MIT\n",
         .code = "P009"},
        {.what = "local version",
         .file = "demo_pkg-1.0+local-py3-none-any.whl",
         .dist = "demo_pkg-1.0+local.dist-info",
         .metadata = "Metadata-Version: 2.4\nName: demo-pkg\nVersion: 1.0+local\n",
         .code = "P010"},
        {.what = "long summary", .metadata = MD_HEAD "Summary: " LONG520 "\n", .code = "P011"},
        {.what = "unknown classifier",
         .metadata = MD_HEAD "Classifier: Made Up :: Thing\n",
         .code = "P012"},
        {.what = "private classifier",
         .metadata = MD_HEAD "Classifier: Private :: Do Not Upload\n",
         .code = "P012"},
        {.what = "bad SPDX", .metadata = MD_HEAD "License-Expression: MIT OR\n", .code = "P014"},
        {.what = "unknown SPDX id",
         .metadata = MD_HEAD "License-Expression: Not-A-License\n",
         .code = "P014"},
        {.what = "License and expression",
         .metadata = MD_HEAD "License: MIT\nLicense-Expression: MIT\n",
         .code = "P015"},
        {.what = "License-File missing",
         .metadata = MD_HEAD "License-File: LICENSE\n",
         .code = "P016"},
        {.what = "License-File path",
         .metadata = MD_HEAD "License-File: ../LICENSE\n",
         .code = "P017"},
        {.what = "direct URL",
         .metadata = MD_HEAD "Requires-Dist: foo @ https://example.com/foo.whl\n",
         .code = "P018"},
        {.what = "bad requirement", .metadata = MD_HEAD "Requires-Dist: foo >= \n", .code = "P018"},
        {.what = "content type",
         .metadata = MD_HEAD "Description-Content-Type: text/html\n",
         .code = "P019"},
        {.what = "charset",
         .metadata = MD_HEAD "Description-Content-Type: text/plain; charset=latin-1\n",
         .code = "P019"},
        {.what = "bad name",
         .metadata = "Metadata-Version: 2.4\nName: -demo-pkg\nVersion: 1.0\n",
         .code = "P028"},
        {.what = "dynamic name", .metadata = MD_HEAD "Dynamic: Name\n", .code = "P029"},
        {.what = "URL label",
         .metadata = MD_HEAD "Project-URL: " LONG40 ", https://x.org\n",
         .code = "P030"},
        {.what = "Requires-Python", .metadata = MD_HEAD "Requires-Python: >=3.x\n", .code = "P033"},
};

/* Runs one case; 1 if the expected finding is missing. */
static int wheel_case(const struct wcase *c)
{
	sw_findings *f;
	int sev, failed = 0;
	fx_tmpdir();
	f = check_file(make_wheel(c));
	sev = severity_of(f, c->code);
	if (sev != (int)c->severity) {
		print_message("case '%s' (threads %u): wanted %s (%s), got %d\n", c->what,
		              g_threads, c->code, sw_severity_name(c->severity), sev);
		dump(f);
		failed = 1;
	}
	sw_findings_free(f);
	fx_cleanup();
	return failed;
}

static void wheel_findings(void **state)
{
	int failed = 0;
	(void)state;
	for (size_t i = 0; i < 2 * sizeof(wheel_cases) / sizeof(wheel_cases[0]); i++) {
		g_threads = i % 2 ? 2 : 0;
		failed += wheel_case(&wheel_cases[i / 2]);
	}
	g_threads = 0;
	assert_int_equal(failed, 0);
}

static void clean_wheel(void **state)
{
	static const struct wcase clean = {.what = "clean",
	                                   .eps = "[console_scripts]\ndemo = demo_pkg:main\n"};
	sw_findings *f;
	(void)state;
	fx_tmpdir();
	f = check_file(make_wheel(&clean));
	assert_clean(f);
	assert_int_equal(sw_findings_count_severity(f, SW_SEV_WARNING), 0);
	sw_findings_free(f);
	fx_cleanup();
}

/* ---- sdists (§5) ---- */

#define PKG_INFO  "Metadata-Version: 2.4\nName: demo-pkg\nVersion: 1.0\n"
#define PYPROJECT "[project]\nname = \"demo-pkg\"\nversion = \"1.0\"\n"

struct scase {
	const char *what;
	const char *file; /* default demo_pkg-1.0.tar.gz */
	struct tent t[5];
	const char *code;
	enum sw_severity severity;
};

static const struct scase sdist_cases[] = {
        {"PKG-INFO missing",
         NULL,
         {{"demo_pkg-1.0/pyproject.toml", PYPROJECT, 'f', NULL}},
         "P006",
         SW_SEV_ERROR},
        {"two top folders",
         NULL,
         {{"demo_pkg-1.0/PKG-INFO", PKG_INFO, 'f', NULL}, {"other/x", "x", 'f', NULL}},
         "T001",
         SW_SEV_ERROR},
        {"file at the top",
         NULL,
         {{"demo_pkg-1.0/PKG-INFO", PKG_INFO, 'f', NULL}, {"setup.py", "x", 'f', NULL}},
         "T001",
         SW_SEV_ERROR},
        {"no pyproject",
         NULL,
         {{"demo_pkg-1.0/PKG-INFO", PKG_INFO, 'f', NULL}},
         "T003",
         SW_SEV_WARNING},
        {"top folder differs",
         NULL,
         {{"demo-pkg-1.0/PKG-INFO", PKG_INFO, 'f', NULL},
          {"demo-pkg-1.0/pyproject.toml", PYPROJECT, 'f', NULL}},
         "T004",
         SW_SEV_WARNING},
        {"old PKG-INFO",
         NULL,
         {{"demo_pkg-1.0/PKG-INFO", "Metadata-Version: 2.1\nName: demo-pkg\nVersion: 1.0\n", 'f',
           NULL},
          {"demo_pkg-1.0/pyproject.toml", PYPROJECT, 'f', NULL}},
         "T005",
         SW_SEV_WARNING},
        {"not PEP 625",
         "demo-pkg-1.0.tar.gz",
         {{"demo-pkg-1.0/PKG-INFO", PKG_INFO, 'f', NULL}},
         "P024",
         SW_SEV_ERROR},
        {"unnormalised version",
         "demo_pkg-1.0-post1.tar.gz",
         {{"demo_pkg-1.0-post1/PKG-INFO",
           "Metadata-Version: 2.4\nName: demo-pkg\nVersion: 1.0-post1\n", 'f', NULL}},
         "P024",
         SW_SEV_ERROR},
        {"dot-dot",
         NULL,
         {{"demo_pkg-1.0/PKG-INFO", PKG_INFO, 'f', NULL}, {"demo_pkg-1.0/../evil", "x", 'f', NULL}},
         "A002",
         SW_SEV_ERROR},
        {"absolute",
         NULL,
         {{"demo_pkg-1.0/PKG-INFO", PKG_INFO, 'f', NULL}, {"/etc/evil", "x", 'f', NULL}},
         "A002",
         SW_SEV_ERROR},
        {"symlink out",
         NULL,
         {{"demo_pkg-1.0/PKG-INFO", PKG_INFO, 'f', NULL},
          {"demo_pkg-1.0/l", NULL, 'l', "../../etc/passwd"}},
         "A003",
         SW_SEV_ERROR},
        {"absolute symlink",
         NULL,
         {{"demo_pkg-1.0/PKG-INFO", PKG_INFO, 'f', NULL},
          {"demo_pkg-1.0/l", NULL, 'l', "/etc/passwd"}},
         "A003",
         SW_SEV_ERROR},
        {"hard link out",
         NULL,
         {{"demo_pkg-1.0/PKG-INFO", PKG_INFO, 'f', NULL},
          {"demo_pkg-1.0/h", NULL, 'h', "etc/passwd"}},
         "A003",
         SW_SEV_ERROR},
        {"device",
         NULL,
         {{"demo_pkg-1.0/PKG-INFO", PKG_INFO, 'f', NULL}, {"demo_pkg-1.0/dev", NULL, 'c', NULL}},
         "A004",
         SW_SEV_ERROR},
};

static size_t tent_count(const struct tent *t, size_t max)
{
	size_t n = 0;
	while (n < max && t[n].name)
		n++;
	return n;
}

static void sdist_findings(void **state)
{
	int failed = 0;
	(void)state;
	for (size_t i = 0; i < sizeof(sdist_cases) / sizeof(sdist_cases[0]); i++) {
		const struct scase *c = &sdist_cases[i];
		const char *path;
		sw_findings *f;
		int sev;
		fx_tmpdir();
		path = fx_path(c->file ? c->file : "demo_pkg-1.0.tar.gz");
		tar_write(path, c->t, tent_count(c->t, 5));
		f = check_file(path);
		sev = severity_of(f, c->code);
		if (sev != (int)c->severity) {
			print_message("case '%s': wanted %s (%s), got %d\n", c->what, c->code,
			              sw_severity_name(c->severity), sev);
			dump(f);
			failed++;
		}
		sw_findings_free(f);
		fx_cleanup();
	}
	assert_int_equal(failed, 0);
}

static void clean_sdist(void **state)
{
	struct tent t[] = {{"demo_pkg-1.0/", NULL, 'd', NULL},
	                   {"demo_pkg-1.0/PKG-INFO", PKG_INFO "License-File: LICENSE\n", 'f', NULL},
	                   {"demo_pkg-1.0/LICENSE", "MIT\n", 'f', NULL},
	                   {"demo_pkg-1.0/pyproject.toml", PYPROJECT, 'f', NULL},
	                   {"demo_pkg-1.0/link", NULL, 'l', "LICENSE"},
	                   {"demo_pkg-1.0/hard", NULL, 'h', "demo_pkg-1.0/LICENSE"}};
	sw_findings *f;
	(void)state;
	fx_tmpdir();
	tar_write(fx_path("demo_pkg-1.0.tar.gz"), t, 6);
	f = check_file(fx_path("demo_pkg-1.0.tar.gz"));
	assert_clean(f);
	assert_false(sw_findings_has(f, "T003", NULL));
	sw_findings_free(f);
	fx_cleanup();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(clean_wheel),
	        cmocka_unit_test(wheel_findings),
	        cmocka_unit_test(clean_sdist),
	        cmocka_unit_test(sdist_findings),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
