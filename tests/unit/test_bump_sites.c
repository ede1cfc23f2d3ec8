/*
 * unit/test_bump_sites.c — finding and writing version sites. The sample
 * projects in tests/data/bump/ (one per backend: static hatchling with a
 * package __version__, hatchling path, setuptools attr, setuptools file,
 * flit, uv_build static with its uv.lock; setuptools and flit modules
 * that import the version from a sibling module) are copied to a temporary folder; the test checks
 * every site's file:line:col and value against what the files say (read
 * by hand), bumps, and compares every file byte for byte with the
 * original where exactly the version's characters at that line:col were
 * replaced. Then the refusals (sites that disagree, a version that is not
 * PEP 440, a dynamic version slipway cannot write, a VCS version, a
 * read-only file, a file changed on disk before planning and during the
 * write) each leave every file as it was. Also the strict Python scanner,
 * hatchling's pattern (expected values from Python's re with hatchling's
 * DEFAULT_PATTERN), the index page reader and an allocation sweep.
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

#include <cmocka.h>

#include "support/failing_alloc.h"

#include "bump/bump_int.h"
#include "slipway/bump.h"

/* ---- helpers ------------------------------------------------------------ */

static char *read_all(const char *dir, const char *rel)
{
	char path[4096];
	FILE *f;
	long n;
	char *buf;
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void write_all(const char *dir, const char *rel, const char *text)
{
	char path[4096];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, rel);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* Copies tests/data/bump/<name> to a new temporary folder. */
static char *copy_sample(const char *name)
{
	const char *data = getenv("SW_TEST_DATA");
	char cmd[8192], *dir = malloc(64);
	assert_non_null(data);
	assert_non_null(dir);
	snprintf(dir, 64, "/tmp/sw-bump-XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(cmd, sizeof(cmd), "cp -R '%s/bump/%s/.' '%s/'", data, name, dir);
	assert_int_equal(system(cmd), 0);
	return dir;
}

static void remove_dir(char *dir)
{
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "chmod -R u+w '%s' && rm -rf '%s'", dir, dir);
	assert_int_equal(system(cmd), 0);
	free(dir);
}

/* Byte offset of line:col in ASCII text. */
static size_t offset_at(const char *text, unsigned line, unsigned col)
{
	size_t i = 0;
	for (unsigned l = 1; l < line; i++)
		if (text[i] == '\n')
			l++;
	return i + col - 1;
}

/* One expected site. */
struct want_site {
	const char *path;
	unsigned line, col;
	const char *value;
	int truth;
};

struct sample {
	const char *name;
	const char *current;
	struct want_site sites[3];
	const char *step; /* a bump kind, or "=VERSION" for --set */
	const char *new_version;
	const char *other_files[3]; /* files that must not change */
};

static const struct sample samples[] = {
        {"static",
         "1.2.3",
         {{"pyproject.toml", 7, 12, "1.2.3", 1}, {"src/static_pkg/__init__.py", 6, 21, "1.2.3", 0}},
         "patch",
         "1.2.4",
         {NULL}},
        {"hatch_path",
         "2.0.0rc1",
         {{"src/hatch_path/__about__.py", 2, 17, "2.0.0rc1", 1}},
         "patch",
         "2.0.1",
         {"pyproject.toml", "src/hatch_path/__init__.py"}},
        {"setuptools_attr",
         "0.4.0.dev2",
         {{"src/st_attr/_version.py", 2, 16, "0.4.0.dev2", 1},
          {"src/st_attr/_version.py", 3, 12, "0.4.0.dev2", 0}},
         "minor",
         "0.5.0",
         {"pyproject.toml", "src/st_attr/__init__.py"}},
        {"setuptools_file",
         "3.1",
         {{"VERSION", 1, 1, "3.1", 1}},
         "major",
         "4.0",
         {"pyproject.toml", "st_file/__init__.py"}},
        {"flit",
         "1!0.9.post1",
         {{"flit_mod/__init__.py", 3, 16, "1!0.9.post1", 1}},
         "post",
         "1!0.9.post2",
         {"pyproject.toml"}},
        {"setuptools_import",
         "2024.1.15",
         {{"src/st_imp/_version.py", 1, 16, "2024.1.15", 1}},
         "minor",
         "2024.2.0",
         {"pyproject.toml", "src/st_imp/__init__.py"}},
        {"flit_import",
         "0.0.1rc2",
         {{"fl_imp/meta.py", 2, 16, "0.0.1rc2", 1}},
         "rc",
         "0.0.1rc3",
         {"pyproject.toml", "fl_imp/__init__.py"}},
        {"uv_static",
         "0.1.0",
         {{"pyproject.toml", 3, 12, "0.1.0", 1},
          {"src/uv_static/__init__.py", 1, 16, "0.1.0", 0},
          {"uv.lock", 13, 12, "0.1.0", 0}},
         "=V0.2.0-beta1",
         "0.2.0b1",
         {NULL}},
};

static void check_sites(const sw_version_sites *s, const struct sample *sm)
{
	size_t n = 0;
	while (n < 3 && sm->sites[n].path)
		n++;
	assert_int_equal(sw_version_sites_count(s), n);
	for (size_t i = 0; i < n; i++) {
		const sw_version_site *v = sw_version_sites_at(s, i);
		assert_string_equal(v->path, sm->sites[i].path);
		assert_int_equal(v->line, sm->sites[i].line);
		assert_int_equal(v->col, sm->sites[i].col);
		assert_string_equal(v->value, sm->sites[i].value);
		assert_int_equal(v->truth, sm->sites[i].truth);
		assert_int_equal(v->agrees, 1);
		assert_null(v->why_not_writable);
	}
	assert_string_equal(sw_version_sites_current(s), sm->current);
	assert_int_equal(sw_version_sites_agree(s), 1);
	assert_null(sw_version_sites_problem(s));
	assert_null(sw_version_sites_vcs(s));
}

/* The file as it must be: the original with each expected site's value
 * replaced at its line:col (last first). */
static char *expected_text(const char *orig, const struct sample *sm, const char *path)
{
	size_t len = strlen(orig), nl = strlen(sm->new_version);
	char *out = malloc(len + 3 * nl + 1);
	assert_non_null(out);
	memcpy(out, orig, len + 1);
	for (int i = 2; i >= 0; i--) {
		const struct want_site *w = &sm->sites[i];
		size_t off, vl;
		if (!w->path || strcmp(w->path, path) != 0)
			continue;
		off = offset_at(orig, w->line, w->col);
		vl = strlen(w->value);
		assert_memory_equal(out + off, w->value, vl);
		memmove(out + off + nl, out + off + vl, strlen(out + off + vl) + 1);
		memcpy(out + off, sm->new_version, nl);
	}
	return out;
}

static char *new_version_for(const sw_version_sites *s, const struct sample *sm)
{
	char *nv = NULL;
	sw_bump_step st;
	if (sm->step[0] == '=') {
		assert_int_equal(sw_bump_set(&nv, sw_version_sites_current(s), sm->step + 1, 0), 0);
	} else {
		assert_int_equal(sw_bump_step_parse(&st, sm->step), 0);
		assert_int_equal(sw_bump_apply(&nv, sw_version_sites_current(s), &st, 1, 0), 0);
	}
	assert_string_equal(nv, sm->new_version);
	return nv;
}

/* ---- the samples -------------------------------------------------------- */

static void run_sample(const struct sample *sm)
{
	char *dir = copy_sample(sm->name), *orig[3], *others[3] = {NULL, NULL, NULL}, *nv;
	sw_version_sites *s = NULL;
	sw_bump_plan *plan = NULL;
	sw_buf diff;
	for (int i = 0; i < 3; i++) {
		orig[i] = sm->sites[i].path ? read_all(dir, sm->sites[i].path) : NULL;
		if (sm->other_files[i])
			others[i] = read_all(dir, sm->other_files[i]);
	}
	if (sw_version_sites_find(&s, dir) != 0)
		fail_msg("%s: %s", sm->name, sw_error_last());
	check_sites(s, sm);
	nv = new_version_for(s, sm);
	assert_int_equal(sw_bump_plan_make(&plan, s, nv), 0);
	sw_buf_init(&diff, 1 << 20);
	assert_int_equal(sw_bump_plan_diff(&diff, plan), 0);
	assert_non_null(strstr(sw_buf_cstr(&diff), nv));
	assert_int_equal(sw_bump_plan_write(plan), 0);
	for (int i = 0; i < 3; i++) {
		char *now, *want;
		if (!sm->sites[i].path)
			continue;
		now = read_all(dir, sm->sites[i].path);
		want = expected_text(orig[i], sm, sm->sites[i].path);
		assert_string_equal(now, want);
		free(now);
		free(want);
	}
	for (int i = 0; i < 3; i++) {
		char *now;
		if (!others[i])
			continue;
		now = read_all(dir, sm->other_files[i]);
		assert_string_equal(now, others[i]);
		free(now);
		free(others[i]);
	}
	for (int i = 0; i < 3; i++)
		free(orig[i]);
	sw_buf_free(&diff);
	sw_free(nv);
	sw_bump_plan_free(plan);
	sw_version_sites_free(s);
	remove_dir(dir);
}

static void test_samples(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++)
		run_sample(&samples[i]);
}

/* ---- refusals ------------------------------------------------------------ */

/* Finds the sites of a sample; checks the problem names `needles`. */
static sw_version_sites *find_with_problem(const char *dir, const char *const *needles)
{
	sw_version_sites *s = NULL;
	const char *p;
	assert_int_equal(sw_version_sites_find(&s, dir), 0);
	p = sw_version_sites_problem(s);
	assert_non_null(p);
	for (size_t i = 0; needles[i]; i++)
		if (!strstr(p, needles[i]))
			fail_msg("problem lacks '%s': %s", needles[i], p);
	return s;
}

static void refused(const char *sample, const char *const *needles, const char *file)
{
	char *dir = copy_sample(sample), *before = read_all(dir, file), *after;
	sw_version_sites *s = find_with_problem(dir, needles);
	sw_bump_plan *plan = NULL;
	assert_int_equal(sw_bump_plan_make(&plan, s, "9.9.9"), SW_EREFUSED);
	assert_null(plan);
	assert_non_null(strstr(sw_error_last(), "nothing was written"));
	after = read_all(dir, file);
	assert_string_equal(before, after);
	free(before);
	free(after);
	sw_version_sites_free(s);
	remove_dir(dir);
}

static void test_refusals(void **state)
{
	static const char *const disagree[] = {"disagree", "pyproject.toml:7:12",
	                                       "src/disagree/__init__.py:1:16", "0.9.0", NULL};
	static const char *const pep440[] = {"pyproject.toml:3:12", "'banana'",
	                                     "not a PEP 440 version", NULL};
	static const char *const code[] = {"source = \"code\"", NULL};
	static const char *const vcs[] = {"setuptools-scm", "--tag", NULL};
	sw_version_sites *s = NULL;
	char *dir;
	(void)state;
	refused("disagree", disagree, "src/disagree/__init__.py");
	refused("not_pep440", pep440, "pyproject.toml");
	refused("hatch_code", code, "pyproject.toml");
	refused("vcs", vcs, "pyproject.toml");
	dir = copy_sample("vcs");
	assert_int_equal(sw_version_sites_find(&s, dir), 0);
	assert_string_equal(sw_version_sites_vcs(s), "setuptools-scm");
	assert_null(sw_version_sites_current(s));
	sw_version_sites_free(s);
	remove_dir(dir);
}

/* Each way of declaring a VCS-derived version is recognised. */
static void test_vcs_kinds(void **state)
{
	static const struct {
		const char *toml, *vcs;
	} kinds[] = {
	        {"[build-system]\nrequires = [\"setuptools\", \"setuptools_scm[toml]>=8\"]\n"
	         "build-backend = \"setuptools.build_meta\"\n",
	         "setuptools-scm"},
	        {"[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
	         "[tool.hatch.version]\nsource = \"vcs\"\n",
	         "hatch-vcs"},
	        {"[build-system]\nrequires = [\"hatchling\", \"Hatch-VCS\"]\n"
	         "build-backend = \"hatchling.build\"\n",
	         "hatch-vcs"},
	        {"[build-system]\nrequires = [\"setuptools\"]\n"
	         "build-backend = \"setuptools.build_meta\"\n[tool.versioningit]\n",
	         "versioningit"},
	        {"[build-system]\nrequires = [\"pdm-backend\"]\nbuild-backend = \"pdm.backend\"\n"
	         "[tool.pdm.version]\nsource = \"scm\"\n",
	         "pdm-scm"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		char *dir = copy_sample("vcs"), text[1024];
		sw_version_sites *s = NULL;
		snprintf(text, sizeof(text), "%s[project]\nname = \"v\"\ndynamic = [\"version\"]\n",
		         kinds[i].toml);
		write_all(dir, "pyproject.toml", text);
		assert_int_equal(sw_version_sites_find(&s, dir), 0);
		if (!sw_version_sites_vcs(s) || strcmp(sw_version_sites_vcs(s), kinds[i].vcs) != 0)
			fail_msg("case %zu: vcs %s, wanted %s", i, sw_version_sites_vcs(s),
			         kinds[i].vcs);
		sw_version_sites_free(s);
		remove_dir(dir);
	}
}

static void test_read_only(void **state)
{
	static const char *const ro[] = {"src/static_pkg/__init__.py", "read-only", "chmod u+w",
	                                 NULL};
	char *dir = copy_sample("static"), *before = read_all(dir, "pyproject.toml"), *after;
	char path[4096];
	sw_version_sites *s;
	sw_bump_plan *plan = NULL;
	(void)state;
	snprintf(path, sizeof(path), "%s/src/static_pkg/__init__.py", dir);
	assert_int_equal(chmod(path, 0444), 0);
	s = find_with_problem(dir, ro);
	assert_int_equal(sw_bump_plan_make(&plan, s, "1.2.4"), SW_EREFUSED);
	assert_null(plan);
	after = read_all(dir, "pyproject.toml");
	assert_string_equal(before, after);
	free(before);
	free(after);
	sw_version_sites_free(s);
	remove_dir(dir);
}

/* A stale uv.lock entry is no disagreement; it is brought up to date, and
 * only the project's own entry changes. */
static void test_stale_lock(void **state)
{
	char *dir = copy_sample("uv_static"), *lock = read_all(dir, "uv.lock"), *p, *now;
	sw_version_sites *s = NULL;
	sw_bump_plan *plan = NULL;
	const sw_version_site *v;
	(void)state;
	p = strstr(lock, "version = \"0.1.0\"");
	assert_non_null(p);
	memcpy(p, "version = \"0.0.9\"", 17);
	write_all(dir, "uv.lock", lock);
	assert_int_equal(sw_version_sites_find(&s, dir), 0);
	assert_null(sw_version_sites_problem(s));
	assert_int_equal(sw_version_sites_agree(s), 1);
	v = sw_version_sites_at(s, 2);
	assert_string_equal(v->path, "uv.lock");
	assert_string_equal(v->value, "0.0.9");
	assert_int_equal(v->follows, 1);
	assert_int_equal(v->agrees, 0);
	assert_int_equal(sw_bump_plan_make(&plan, s, "0.1.1"), 0);
	assert_int_equal(sw_bump_plan_write(plan), 0);
	memcpy(p, "version = \"0.1.1\"", 17);
	now = read_all(dir, "uv.lock");
	assert_string_equal(now, lock);
	free(now);
	free(lock);
	sw_bump_plan_free(plan);
	sw_version_sites_free(s);
	remove_dir(dir);
}

/* A linked version file is not replaced by a file behind the user's back. */
static void test_symlink(void **state)
{
	static const char *const link[] = {"symbolic link", "src/hatch_path/__about__.py", NULL};
	char *dir = copy_sample("hatch_path"), from[4096], to[4096];
	sw_version_sites *s;
	sw_bump_plan *plan = NULL;
	(void)state;
	snprintf(from, sizeof(from), "%s/src/hatch_path/__about__.py", dir);
	snprintf(to, sizeof(to), "%s/about.real", dir);
	assert_int_equal(rename(from, to), 0);
	assert_int_equal(symlink("../../about.real", from), 0);
	s = find_with_problem(dir, link);
	assert_int_equal(sw_bump_plan_make(&plan, s, "2.0.1"), SW_EREFUSED);
	sw_version_sites_free(s);
	remove_dir(dir);
}

/* A file changed between discovery and planning, and during the write. */
static void test_conflicts(void **state)
{
	char *dir = copy_sample("static"), *py = read_all(dir, "pyproject.toml"), *now;
	sw_version_sites *s = NULL;
	sw_bump_plan *plan = NULL;
	(void)state;
	assert_int_equal(sw_version_sites_find(&s, dir), 0);
	write_all(dir, "pyproject.toml", "[project]\nname = \"x\"\nversion = \"5\"\n# edited\n");
	assert_int_equal(sw_bump_plan_make(&plan, s, "1.2.4"), SW_ECONFLICT);
	assert_non_null(strstr(sw_error_last(), "changed on disk"));
	write_all(dir, "pyproject.toml", py);
	sw_version_sites_free(s);
	/* planned, then the second file changes: the first is put back */
	assert_int_equal(sw_version_sites_find(&s, dir), 0);
	assert_int_equal(sw_bump_plan_make(&plan, s, "1.2.4"), 0);
	write_all(dir, "src/static_pkg/__init__.py", "__version__ = \"7\"  # someone else\n");
	assert_int_equal(sw_bump_plan_write(plan), SW_ECONFLICT);
	now = read_all(dir, "pyproject.toml");
	assert_string_equal(now, py);
	free(now);
	now = read_all(dir, "src/static_pkg/__init__.py");
	assert_string_equal(now, "__version__ = \"7\"  # someone else\n");
	free(now);
	free(py);
	sw_bump_plan_free(plan);
	sw_version_sites_free(s);
	remove_dir(dir);
}

/* ---- the scanners -------------------------------------------------------- */

struct scan_vec {
	const char *text;
	size_t count;
	const char *value; /* of the first match */
	unsigned line, col;
};

static const struct scan_vec scans[] = {
        {"__version__ = \"1.0\"\n", 1, "1.0", 1, 16},
        {"__version__: str = '2.0'  # c\n", 1, "2.0", 1, 21},
        {"VERSION: Final[str] = \"3\"", 1, "3", 1, 24},
        {"  __version__ = \"1\"\n", 0, NULL, 0, 0},
        {"__version__ = f\"1\"\n", 0, NULL, 0, 0},
        {"__version__ = \"1\" + x\n", 0, NULL, 0, 0},
        {"__version__ = \"1\\n\"\n", 0, NULL, 0, 0},
        {"\"\"\"\n__version__ = \"1\"\n\"\"\"\n", 0, NULL, 0, 0},
        {"x = (1,\n__version__ = \"1\")\n", 0, NULL, 0, 0},
        {"x = 1 \\\n__version__ = \"1\"\n", 0, NULL, 0, 0},
        {"__version__ == \"1\"\n", 0, NULL, 0, 0},
        {"__version__ = \"\"\n", 0, NULL, 0, 0},
        {"# __version__ = \"1\"\n__version__ = \"2\"\n", 1, "2", 2, 16},
        {"s = '''x\n'''\nVERSION = \"4\"\r\n", 1, "4", 3, 12},
        {"\xEF\xBB\xBF__version__ = \"5\"\n", 1, "5", 1, 17},
        {"__version___x = \"1\"\n", 0, NULL, 0, 0},
        {"__version__ = \"1\"; x = 2\n", 0, NULL, 0, 0},
        {"d = {\n'a': 1}\n__version__ = \"6\"\n", 1, "6", 3, 16},
        {"__version__ = 'it''s'\n", 0, NULL, 0, 0},
        {"__version__ = \"1\"\nVERSION = '1'\n", 2, "1", 1, 16},
        {"s = 'unterminated\n__version__ = \"7\"\n", 1, "7", 2, 16},
};

static void test_pyscan(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(scans) / sizeof(scans[0]); i++) {
		struct sw_pyassign a[4];
		const struct scan_vec *v = &scans[i];
		size_t n = sw_pyscan(a, 4, NULL, v->text, strlen(v->text));
		if (n != v->count)
			fail_msg("vector %zu: %zu matches, wanted %zu", i, n, v->count);
		if (!n)
			continue;
		assert_int_equal(a[0].len, strlen(v->value));
		assert_memory_equal(v->text + a[0].offset, v->value, a[0].len);
		assert_int_equal(a[0].line, v->line);
		assert_int_equal(a[0].col, v->col);
	}
}

/* Expected spans: Python's re.search(hatchling's DEFAULT_PATTERN, text,
 * flags=re.MULTILINE).span('version'); -1 for no match. */
static const struct {
	const char *text;
	long start, end;
} hatch[] = {
        {"__version__ = \"1.0\"\n", 15, 18},
        {"x = 1\nVERSION=\"v2\"\n", 16, 17},
        {"version = 'V3.0'  # c\n", 12, 15},
        {"__VERSION__ =  \"a\"b\"\n", 16, 17},
        {"  __version__ = \"1\"\n", -1, -1},
        {"__version__ = \"v\"\n", 15, 16},
        {"__version__ = \"\"1.0\"\n", 15, 19},
        {"__version__: str = \"1.0\"\n", -1, -1},
        {"__version__ = \"1.0\n\"\n", -1, -1},
        {"VERSION = \"1\" + \"2\"\n", 11, 12},
        {"__version__\t= \"1.0\"\n", -1, -1},
        {"__version__ = \"1.0\r\n", -1, -1},
        {"VERSION = 'x'\n__version__ = '2'\n", 11, 12},
};

static void test_hatch_pattern(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(hatch) / sizeof(hatch[0]); i++) {
		size_t off = 0, len = 0;
		int found = sw_hatch_pattern_find(&off, &len, hatch[i].text, strlen(hatch[i].text));
		if (found != (hatch[i].start >= 0))
			fail_msg("vector %zu: found %d", i, found);
		if (found) {
			assert_int_equal(off, hatch[i].start);
			assert_int_equal(off + len, hatch[i].end);
		}
	}
}

static void test_index_page(void **state)
{
	static const char json[] =
	        "{\"meta\": {\"api-version\": \"1.1\"}, \"name\": \"demo\", \"files\": ["
	        "{\"filename\": \"demo-1.0.tar.gz\"}, {\"filename\": "
	        "\"demo-1.1-py3-none-any.whl\"}],"
	        " \"versions\": [\"1.0\", \"1.1\"]}";
	static const char files_only[] =
	        " {\"files\": [{\"filename\": \"Demo_Pkg-2.0-py3-none-any.whl\"}]}";
	static const char html[] =
	        "<!DOCTYPE html><html><body><h1>Links for demo</h1>\n"
	        "<a href=\"../../f/demo-1.0.tar.gz#sha256=00\">demo-1.0.tar.gz</a>"
	        "<br/>\n<a href=\"x\" data-yanked=\"\">other-3.0.tar.gz</a>\n"
	        "</body></html>\n";
	(void)state;
	assert_int_equal(sw_index_page_has_version(json, strlen(json), "demo", "1.0.0"), 1);
	assert_int_equal(sw_index_page_has_version(json, strlen(json), "demo", "1.2"), 0);
	assert_int_equal(
	        sw_index_page_has_version(files_only, strlen(files_only), "demo-pkg", "2.0"), 1);
	assert_int_equal(
	        sw_index_page_has_version(files_only, strlen(files_only), "demo-pkg", "2.0.1"), 0);
	assert_int_equal(sw_index_page_has_version(html, strlen(html), "demo", "1.0"), 1);
	assert_int_equal(sw_index_page_has_version(html, strlen(html), "demo", "3.0"), 0);
	assert_int_equal(sw_index_page_has_version(html, strlen(html), "other", "3.0"), 1);
	assert_int_equal(sw_index_page_has_version("{", 1, "demo", "1.0"), SW_EPARSE);
}

/* Nothing listens on port 1: a network error naming the project's page. */
static void test_index_unreachable(void **state)
{
	int exists = -1;
	(void)state;
	assert_int_equal(
	        sw_bump_index_check(&exists, "http://127.0.0.1:1/simple", "Demo_Pkg", "1.0"),
	        SW_ENETWORK);
	assert_int_equal(exists, 0);
	assert_non_null(strstr(sw_error_last(), "could not check the index: "));
	assert_non_null(strstr(sw_error_last(), "http://127.0.0.1:1/simple/demo-pkg/"));
}

static void test_tag_name(void **state)
{
	char *t = NULL;
	(void)state;
	assert_int_equal(sw_bump_tag_name(&t, NULL, "1.2.3rc1"), 0);
	assert_string_equal(t, "v1.2.3rc1");
	sw_free(t);
	assert_int_equal(sw_bump_tag_name(&t, "release/{version}-{version}", "1!2.0"), 0);
	assert_string_equal(t, "release/1!2.0-1!2.0");
	sw_free(t);
	assert_int_equal(sw_bump_tag_name(&t, "v {version}", "1.0"), SW_EINVAL);
	assert_int_equal(sw_bump_tag_name(&t, "-{version}", "1.0"), SW_EINVAL);
	assert_int_equal(sw_bump_tag_name(&t, "{version}..x", "1.0"), SW_EINVAL);
	assert_int_equal(sw_bump_tag_name(&t, "{version}.lock", "1.0"), SW_EINVAL);
	assert_int_equal(sw_bump_tag_name(&t, "x~{version}", "1.0"), SW_EINVAL);
}

/* Discovery, planning and the diff under allocation failure. */
static void test_alloc_sweep(void **state)
{
	static const char *const names[] = {"static", "setuptools_attr", "hatch_path", "uv_static",
	                                    "setuptools_import"};
	(void)state;
	for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++) {
		char *dir = copy_sample(names[k]);
		for (long n = 1;; n++) {
			sw_version_sites *s = NULL;
			sw_bump_plan *plan = NULL;
			sw_buf diff;
			int e;
			sw_buf_init(&diff, 1 << 20);
			fa_arm(n, 0);
			e = sw_version_sites_find(&s, dir);
			if (e == 0)
				e = sw_bump_plan_make(&plan, s, "9.0");
			if (e == 0)
				e = sw_bump_plan_diff(&diff, plan);
			fa_disarm();
			if (e != 0 && e != SW_ENOMEM)
				fail_msg("%s n=%ld: %d %s", names[k], n, e, sw_error_last());
			sw_buf_free(&diff);
			sw_bump_plan_free(plan);
			sw_version_sites_free(s);
			if (e == 0 && !fa_failed())
				break;
		}
		remove_dir(dir);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_samples),           cmocka_unit_test(test_refusals),
	        cmocka_unit_test(test_read_only),         cmocka_unit_test(test_stale_lock),
	        cmocka_unit_test(test_vcs_kinds),         cmocka_unit_test(test_symlink),
	        cmocka_unit_test(test_conflicts),         cmocka_unit_test(test_pyscan),
	        cmocka_unit_test(test_hatch_pattern),     cmocka_unit_test(test_index_page),
	        cmocka_unit_test(test_index_unreachable), cmocka_unit_test(test_tag_name),
	        cmocka_unit_test(test_alloc_sweep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
