/*
 * artifact/check.c — sw_artifact_check(): every check of an artifact in
 * one call, in a fixed order (archive safety and sdist layout, zip
 * structure, RECORD, PyPI rules, then the lints, README and secrets of
 * lint_*.c, readme*.c and secrets*.c), and the user's ignore list applied
 * last.
 */
#include "artifact/art_int.h"

typedef int (*check_fn)(sw_findings *, const sw_artifact *, const sw_artifact_check_opts *);

/* Whether a check of the table is skipped by the options. */
enum skip { RUN_ALWAYS, SKIP_README, SKIP_SECRETS };

static const struct {
	check_fn fn;
	enum skip skip;
} checks[] = {
        {sw_artifact_check_sdist, RUN_ALWAYS},    {sw_artifact_check_zip, RUN_ALWAYS},
        {sw_artifact_check_record, RUN_ALWAYS},   {sw_artifact_check_pypi, RUN_ALWAYS},
        {sw_artifact_lint_contents, RUN_ALWAYS},  {sw_artifact_check_readme, SKIP_README},
        {sw_artifact_scan_secrets, SKIP_SECRETS},
};

int sw_artifact_check(sw_findings *findings, const sw_artifact *artifact,
                      const sw_artifact_check_opts *opts)
{
	sw_artifact_check_opts def = SW_ARTIFACT_CHECK_OPTS_INIT;
	int err = 0;
	if (!findings || !artifact || (opts && opts->version != SW_ARTIFACT_CHECK_OPTS_VERSION))
		return sw_error_set(SW_EINVAL, "sw_artifact_check: bad arguments");
	if (!opts)
		opts = &def;
	for (size_t i = 0; i < SW_ARRAY_LEN(checks) && !err; i++) {
		if ((checks[i].skip == SKIP_README && opts->no_readme) ||
		    (checks[i].skip == SKIP_SECRETS && opts->no_secrets))
			continue;
		err = checks[i].fn(findings, artifact, opts);
	}
	if (!err && opts->ignore)
		sw_findings_ignore(findings, opts->ignore, opts->ignore_count);
	return err;
}
