/*
 * artifact/lint_artifact.c — the content lints, the secret scan and the
 * README check run on an opened artifact (the entry points declared in
 * slipway/artifact.h): members and their digests go to the wheel or sdist
 * lints, every member's bytes stream through the secret scanner in one
 * pass, the metadata's description goes to the README check, and `git
 * ls-files` of the project folder (when given) to the sdist drift check.
 * Each hit becomes a finding.
 */
#include <string.h>

#include "artifact/lint_int.h"
#include "slipway/artifact.h"
#include "slipway/proc.h"
#include "util/util.h"

#define GIT_OUT_MAX ((size_t)64 * 1024 * 1024)

/* Where hits go: the findings list, and the user's overrides. */
struct sink {
	sw_findings *findings;
	const sw_artifact_check_opts *opts;
	const char *member; /* default member for hits that name none */
};

static const enum sw_severity severity_of[] = {
        [SW_LINT_INFO] = SW_SEV_INFO,
        [SW_LINT_WARNING] = SW_SEV_WARNING,
        [SW_LINT_ERROR] = SW_SEV_ERROR,
};

/* 1 if the user overrode this fingerprint (listed in opts->ignore). */
static int overridden(const sw_artifact_check_opts *opts, const char *fingerprint)
{
	for (size_t i = 0; opts && fingerprint && i < opts->ignore_count; i++)
		if (opts->ignore[i] && strcmp(opts->ignore[i], fingerprint) == 0)
			return 1;
	return 0;
}

/* Turns a hit into a finding. */
static int to_finding(void *ctx, const sw_lint_hit *hit)
{
	struct sink *s = ctx;
	const char *member = hit->member ? hit->member : s->member;
	size_t before = sw_findings_count(s->findings);
	int err;
	if (hit->fingerprint)
		err = sw_findings_add(s->findings, hit->code, severity_of[hit->severity], member,
		                      hit->line, hit->hint, "%s (fingerprint %s)", hit->message,
		                      hit->fingerprint);
	else
		err = sw_findings_add(s->findings, hit->code, severity_of[hit->severity], member,
		                      hit->line, hit->hint, "%s", hit->message);
	if (err < 0)
		return err;
	if (overridden(s->opts, hit->fingerprint) && sw_findings_count(s->findings) > before) {
		/* the list is ours to change: sw_findings_at() hands out const
		 * only so readers cannot */
		sw_finding *f = (sw_finding *)sw_findings_at(s->findings, before);
		f->ignored = 1;
	}
	return 0;
}

/* ---- secrets ---- */

struct scan {
	struct sink sink;
	const sw_artifact *artifact;
	sw_secret_scanner *sc;
};

static int scan_begin(void *ud, size_t index, const sw_artifact_member *m)
{
	struct scan *s = ud;
	int err;
	(void)index;
	if (m->type != SW_MEMBER_FILE)
		return 0;
	if ((err = sw_secrets_check_name(m->name, to_finding, &s->sink)) < 0)
		return err;
	sw_secret_scanner_free(s->sc);
	s->sc = NULL;
	if ((err = sw_secret_scanner_new(&s->sc, m->name, to_finding, &s->sink)) < 0)
		return err;
	return 1;
}

static int scan_data(void *ud, size_t index, const void *data, size_t len)
{
	struct scan *s = ud;
	(void)index;
	return s->sc ? sw_secret_scanner_feed(s->sc, data, len) : 0;
}

static int scan_end(void *ud, size_t index)
{
	struct scan *s = ud;
	int err = s->sc ? sw_secret_scanner_finish(s->sc) : 0;
	(void)index;
	sw_secret_scanner_free(s->sc);
	s->sc = NULL;
	return err;
}

int sw_artifact_scan_secrets(sw_findings *findings, const sw_artifact *artifact,
                             const sw_artifact_check_opts *opts)
{
	struct scan s = {.sink = {findings, opts, NULL}, .artifact = artifact};
	sw_artifact_visitor v = {scan_begin, scan_data, scan_end, &s};
	int err = sw_artifact_visit(artifact, &v);
	sw_secret_scanner_free(s.sc);
	/* a member that cannot be read back is the archive checks' finding */
	if (err == SW_EPARSE) {
		sw_log(SW_LOG_DEBUG, "secret scan stopped: %s", sw_error_last());
		err = 0;
	}
	return err;
}

/* ---- README ---- */

int sw_artifact_check_readme(sw_findings *findings, const sw_artifact *artifact,
                             const sw_artifact_check_opts *opts)
{
	const sw_metadata *md = sw_artifact_metadata(artifact);
	const char *dir = sw_artifact_dist_info(artifact), *text;
	struct sink s = {findings, opts, NULL};
	sw_buf member;
	int err;
	if (!md)
		return 0; /* the PyPI checks report unreadable metadata */
	sw_buf_init(&member, 4096);
	if (dir)
		sw_buf_printf(&member, "%s/%s", dir,
		              sw_artifact_kind(artifact) == SW_ARTIFACT_WHEEL ? "METADATA"
		                                                              : "PKG-INFO");
	if ((err = sw_buf_error(&member)) < 0)
		goto done;
	s.member = dir ? sw_buf_cstr(&member) : NULL;
	text = sw_metadata_get(md, SW_MD_DESCRIPTION);
	err = sw_readme_check_text(sw_metadata_get(md, SW_MD_DESCRIPTION_CONTENT_TYPE), text,
	                           text ? strlen(text) : 0, sw_readme_rst_check_docutils, NULL,
	                           to_finding, &s);
done:
	sw_buf_free(&member);
	return err;
}

/* ---- contents ---- */

/* The member list as the lints see it (digests only when `digests`). */
static int lint_members(sw_lint_member **out, const sw_artifact *a, const unsigned char *digests)
{
	size_t n = sw_artifact_member_count(a);
	sw_lint_member *m = sw_calloc(n + 1, sizeof(*m));
	*out = m;
	if (!m)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const sw_artifact_member *am = sw_artifact_member_at(a, i);
		m[i].path = am->name;
		m[i].size = am->size;
		m[i].is_dir = am->type == SW_MEMBER_DIR;
		m[i].sha256 = digests && am->type == SW_MEMBER_FILE ? digests + 32 * i : NULL;
	}
	return 0;
}

static int lint_wheel(struct sink *s, const sw_artifact *a, const sw_artifact_check_opts *opts)
{
	size_t n = sw_artifact_member_count(a);
	unsigned char *digests = sw_calloc(n + 1, 32);
	int *errors = sw_calloc(n + 1, sizeof(int));
	uint64_t *sizes = sw_calloc(n + 1, sizeof(uint64_t));
	sw_lint_member *m = NULL;
	int err;
	if (!digests || !errors || !sizes) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if ((err = sw_artifact_hash_members(a, digests, sizes, errors, opts ? opts->threads : 0)) <
	    0)
		goto done;
	if ((err = lint_members(&m, a, digests)) < 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (errors[i] < 0)
			m[i].sha256 = NULL; /* unreadable: the archive checks say so */
	err = sw_lint_wheel_members(m, n, NULL, to_finding, s);
done:
	sw_free(digests);
	sw_free(errors);
	sw_free(sizes);
	sw_free(m);
	return err;
}

/* Splits `git ls-files -z` output into paths (pointing into `text`). */
static int split_nul(const char ***out, size_t *count, char *text, size_t len)
{
	size_t n = 0, k = 0;
	for (size_t i = 0; i < len; i++)
		n += text[i] == 0;
	*out = sw_calloc(n + 1, sizeof(**out));
	if (!*out)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < len && k < n; i += strlen(text + i) + 1)
		(*out)[k++] = text + i;
	*count = k;
	return 0;
}

/* The sdist against `git ls-files` in opts->project_dir, when it is a
 * git checkout (anything else: nothing to compare, no finding). */
static int lint_vs_git(struct sink *s, const sw_artifact *a, const sw_lint_member *m, size_t n,
                       const char *project_dir)
{
	static const char *const argv[] = {"git", "ls-files", "-z", NULL};
	sw_proc_opts po = SW_PROC_OPTS_INIT;
	sw_proc_result res;
	const char **tracked = NULL;
	const char *top = sw_artifact_dist_info(a);
	size_t count = 0;
	sw_buf out;
	int err;
	if (!top)
		return 0;
	sw_buf_init(&out, GIT_OUT_MAX);
	po.cwd = project_dir;
	po.out_buf = &out;
	err = sw_proc_run(&res, argv, &po);
	if (err == SW_ENOTFOUND || err == SW_ESUBPROCESS ||
	    (err == 0 && (!res.exited || res.exit_code != 0 || res.out_truncated))) {
		sw_log(SW_LOG_DEBUG, "no git ls-files in %s: sdist not compared", project_dir);
		err = 0;
		goto done;
	}
	if (err < 0 || (err = sw_buf_error(&out)) < 0 || out.len == 0)
		goto done;
	if ((err = split_nul(&tracked, &count, out.ptr, out.len)) < 0)
		goto done;
	err = sw_lint_sdist_vs_git(m, n, top, tracked, count, to_finding, s);
done:
	sw_free(tracked);
	sw_buf_free(&out);
	return err;
}

int sw_artifact_lint_contents(sw_findings *findings, const sw_artifact *artifact,
                              const sw_artifact_check_opts *opts)
{
	struct sink s = {findings, opts, NULL};
	size_t n = sw_artifact_member_count(artifact);
	sw_lint_member *m = NULL;
	int err;
	if (sw_artifact_kind(artifact) == SW_ARTIFACT_WHEEL)
		return lint_wheel(&s, artifact, opts);
	if ((err = lint_members(&m, artifact, NULL)) < 0)
		goto done;
	if ((err = sw_lint_sdist_members(m, n, to_finding, &s)) < 0)
		goto done;
	if (opts && opts->project_dir)
		err = lint_vs_git(&s, artifact, m, n, opts->project_dir);
done:
	sw_free(m);
	return err;
}
