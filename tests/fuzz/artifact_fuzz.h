/*
 * fuzz/artifact_fuzz.h — what the wheel and sdist fuzz targets share: the
 * input is written to a file with the right suffix (the reader opens
 * paths), opened with small limits, and then everything that reads it
 * runs: every check of the artifact module, a pass over all members, the
 * safety vetting of every name, and the accessors. Any crash, sanitizer
 * report or abort() is a bug; refusing the input is fine.
 */
#ifndef SW_FUZZ_ARTIFACT_FUZZ_H
#define SW_FUZZ_ARTIFACT_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "slipway/artifact.h"

static int fz_sink(void *ud, size_t index, const void *data, size_t len)
{
	(void)index;
	(void)data;
	*(uint64_t *)ud += len;
	return 0;
}

/* Writes the input to a per-process file named like a distribution. */
static const char *fz_write(const uint8_t *data, size_t size, const char *name)
{
	static char path[256];
	FILE *f;
	snprintf(path, sizeof(path), "/tmp/sw-fuzz-%ld-%s", (long)getpid(), name);
	if (!(f = fopen(path, "wb")))
		abort();
	if (size && fwrite(data, 1, size, f) != size)
		abort();
	fclose(f);
	return path;
}

/* Opens and exercises the artifact; aborts on an inconsistent answer. */
static void fz_run(const char *path)
{
	sw_artifact_open_opts lim = SW_ARTIFACT_OPEN_OPTS_INIT;
	sw_artifact_check_opts co = SW_ARTIFACT_CHECK_OPTS_INIT;
	sw_artifact *a = NULL;
	sw_findings *f = NULL;
	sw_artifact_visitor v = {NULL, fz_sink, NULL, NULL};
	uint64_t total = 0;
	lim.max_members = 2000;
	lim.max_total_size = 8u << 20;
	lim.ratio_min_size = 64u << 10;
	co.no_readme = 1;
	co.no_secrets = 1;
	co.threads = 2;
	co.today = 20000;
	if (sw_artifact_open(&a, path, &lim) != 0) {
		if (!sw_error_last()[0])
			abort(); /* a refusal always says why */
		unlink(path);
		return;
	}
	v.userdata = &total;
	(void)sw_artifact_visit(a, &v);
	for (size_t i = 0; i < sw_artifact_member_count(a); i++) {
		const sw_artifact_member *m = sw_artifact_member_at(a, i);
		size_t k;
		(void)sw_artifact_name_is_safe(m->name);
		if (sw_artifact_member_find(&k, a, m->name) != 0)
			abort(); /* every member can be found by its name */
	}
	if (sw_findings_new(&f) != 0 || sw_artifact_check(f, a, &co) != 0)
		abort();
	sw_findings_free(f);
	sw_artifact_free(a);
	unlink(path);
}

#endif
