/*
 * unit/test_artifact_alloc.c — the failing-allocator sweep of the artifact
 * module: opening, checking (one RECORD worker, so allocations happen one
 * at a time) and extracting the committed fixtures with allocation number
 * N failing, for every N until a run needs no more: each run must succeed
 * or fail with SW_ENOMEM, without a crash or a leak (ASan's leak check).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/failing_alloc.h"
#include "test_artifact_fixtures.h"

#include "slipway/artifact.h"

/* Open, check and extract one file; the first error, or 0. */
static int run(const char *path, const char *dest)
{
	sw_artifact_check_opts o = SW_ARTIFACT_CHECK_OPTS_INIT;
	sw_artifact *a = NULL;
	sw_findings *f = NULL;
	int err;
	o.threads = 1;
	o.no_readme = 1;
	o.no_secrets = 1;
	o.today = 20000;
	if ((err = sw_artifact_open(&a, path, NULL)) != 0)
		return err;
	if ((err = sw_findings_new(&f)) == 0 && (err = sw_artifact_check(f, a, &o)) == 0)
		err = sw_artifact_extract(a, dest, NULL, NULL);
	sw_findings_free(f);
	sw_artifact_free(a);
	return err;
}

static void sweep(const char *name)
{
	char path[1024];
	const char *data = getenv("SW_TEST_DATA");
	long n;
	assert_non_null(data);
	snprintf(path, sizeof(path), "%s/artifact/%s", data, name);
	fx_tmpdir();
	assert_int_equal(run(path, fx_path("ok")), 0); /* the fixture is fine */
	for (n = 1; n < 100000; n++) {
		int err;
		char dest[32];
		snprintf(dest, sizeof(dest), "out%ld", n);
		fa_arm(n, 0);
		err = run(path, fx_path(dest));
		fa_disarm();
		if (!fa_failed()) {
			assert_int_equal(err, 0);
			break;
		}
		if (err != 0 && err != SW_ENOMEM)
			fail_msg("allocation %ld: error %d: %s", n, err, sw_error_last());
	}
	assert_true(n > 10);
	fx_cleanup();
}

static void sweep_wheel(void **state)
{
	(void)state;
	sweep("good/demo_pkg-1.0-py3-none-any.whl");
	sweep("bad/demo_pkg-1.0-py3-none-any.whl");
}

static void sweep_sdist(void **state)
{
	(void)state;
	sweep("good/demo_pkg-1.0.tar.gz");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(sweep_wheel),
	        cmocka_unit_test(sweep_sdist),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
