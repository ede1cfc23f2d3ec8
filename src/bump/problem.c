/*
 * bump/problem.c — once every site is known: which ones agree with the
 * source of truth, and the one message that says why a bump cannot go
 * ahead (VCS-derived version, no truth, a truth that is not PEP 440, a
 * site that cannot be written, sites that disagree), listing the sites
 * and what to do.
 */
#include <string.h>

#include "bump/sites_int.h"
#include "slipway/pep440.h"
#include "util/util.h"

/* Whether two version texts are equal as PEP 440 versions (as strings
 * when either is not a version). */
static int same_version(int *same, const char *a, const char *b)
{
	sw_version *va = NULL, *vb = NULL;
	int err = sw_version_parse(&va, a, strlen(a));
	if (err == 0)
		err = sw_version_parse(&vb, b, strlen(b));
	if (err != SW_ENOMEM)
		*same = err == 0 ? sw_version_compare(va, vb) == 0 : strcmp(a, b) == 0;
	sw_version_free(va);
	sw_version_free(vb);
	return err == SW_ENOMEM ? err : 0;
}

/* One line per site for messages and `slipway version`. */
static void list_sites(sw_buf *b, const sw_version_sites *s)
{
	for (size_t i = 0; i < s->nsites; i++) {
		const sw_version_site *v = &s->sites[i].pub;
		sw_buf_printf(b, "\n  %s:%u:%u  %s = %s  (%s)", v->path, v->line, v->col, v->name,
		              v->value,
		              v->why_not_writable ? v->why_not_writable
		              : v->truth          ? "source of truth"
		              : v->agrees         ? "agrees"
		              : v->follows        ? "stale, rewritten with the others"
		                                  : "differs");
	}
}

/* The version is a git tag: nothing to write, a tag to make. */
static void problem_vcs(sw_version_sites *s)
{
	sw_buf_printf(&s->problem,
	              "the version is derived from git tags by %s: no file holds it, so there "
	              "is nothing to write. Create the release's tag instead: slipway version "
	              "--tag --bump KIND (from the latest tag) or --tag --set VERSION",
	              s->vcs);
}

/* No source of truth: why (the notes), and any literals seen. */
static void problem_no_truth(sw_version_sites *s)
{
	sw_buf_puts(&s->problem, "no version to bump: ");
	sw_buf_puts(&s->problem, s->notes.len ? sw_buf_cstr(&s->notes) : "no version found");
	if (s->nsites) {
		sw_buf_puts(&s->problem, "\nversion literals found:");
		list_sites(&s->problem, s);
	}
}

/* The first site that cannot be written, or NULL. */
static const sw_version_site *unwritable(const sw_version_sites *s)
{
	for (size_t i = 0; i < s->nsites; i++)
		if (s->sites[i].pub.why_not_writable)
			return &s->sites[i].pub;
	return NULL;
}

/* Sets `agrees` on every site; returns SW_ENOMEM or 0. */
static int compare_all(sw_version_sites *s, const sw_version_site *truth)
{
	int err, same;
	s->agree = 1;
	for (size_t i = 0; i < s->nsites; i++) {
		sw_version_site *v = &s->sites[i].pub;
		if ((err = same_version(&same, v->value, truth->value)) < 0)
			return sw_error_set(err, "out of memory");
		v->agrees = same;
		s->agree &= same || v->follows;
	}
	return 0;
}

int sites_finish(sw_version_sites *s)
{
	const sw_version_site *truth = NULL, *bad;
	sw_version *tv = NULL;
	int err;
	if (s->oom)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < s->nsites && !truth; i++)
		if (s->sites[i].pub.truth)
			truth = &s->sites[i].pub;
	if (s->vcs) {
		problem_vcs(s);
	} else if (!truth) {
		problem_no_truth(s);
	} else if ((err = compare_all(s, truth)) < 0) {
		return err;
	} else if ((err = sw_version_parse(&tv, truth->value, strlen(truth->value))) < 0) {
		if (err == SW_ENOMEM)
			return err;
		sw_buf_printf(&s->problem,
		              "%s:%u:%u: the current version '%s' is not a PEP 440 version (%s); "
		              "fix it by hand first (e.g. 1.0.0), then bump",
		              truth->path, truth->line, truth->col, truth->value, sw_error_last());
	} else if ((bad = unwritable(s)) != NULL) {
		if (strstr(bad->why_not_writable, "read-only"))
			sw_buf_printf(&s->problem,
			              "%s: %s; slipway writes every site or none. Make it writable "
			              "(chmod u+w %s) and run again. The sites:",
			              bad->path, bad->why_not_writable, bad->path);
		else
			sw_buf_printf(&s->problem,
			              "%s: %s; slipway writes every site or none. Put the file "
			              "itself in place of the link, or edit the versions by hand. "
			              "The sites:",
			              bad->path, bad->why_not_writable);
		list_sites(&s->problem, s);
	} else if (!s->agree) {
		sw_buf_printf(&s->problem,
		              "the version sites disagree; edit the ones that differ to %s (the "
		              "source of truth, which the build uses) and run again:",
		              truth->value);
		list_sites(&s->problem, s);
	}
	sw_version_free(tv);
	sw_error_clear();
	if (sw_buf_error(&s->problem) || sw_buf_error(&s->notes))
		return sw_error_set(SW_ENOMEM, "out of memory");
	return 0;
}
