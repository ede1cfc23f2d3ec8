/*
 * artifact/lint_stubs.c — temporary stand-ins for the content lints, the
 * secret scan and the README check (declared in slipway/artifact.h), so
 * that sw_artifact_check() links before they land. Each one is deleted
 * from here by the engineer whose real implementation replaces it.
 */
#include "slipway/artifact.h"

/* Stand-in: no content lints yet. */
int sw_artifact_lint_contents(sw_findings *findings, const sw_artifact *artifact,
                              const sw_artifact_check_opts *opts)
{
	(void)findings;
	(void)artifact;
	(void)opts;
	return 0;
}

/* Stand-in: no secret scan yet. */
int sw_artifact_scan_secrets(sw_findings *findings, const sw_artifact *artifact,
                             const sw_artifact_check_opts *opts)
{
	(void)findings;
	(void)artifact;
	(void)opts;
	return 0;
}

/* Stand-in: no README check yet. */
int sw_artifact_check_readme(sw_findings *findings, const sw_artifact *artifact,
                             const sw_artifact_check_opts *opts)
{
	(void)findings;
	(void)artifact;
	(void)opts;
	return 0;
}
