/*
 * unit/test_build_rules_alloc.c — the failing-allocator sweep of the flit_core,
 * setuptools and uv_build rules: each backend's rules (and flit's dynamic
 * version) run on each sample with the Nth allocation failing, for every N
 * until a run sees no failure; each must return SW_ENOMEM (never another
 * error, a crash or a leak under ASan), and the run past the last allocation
 * must succeed. The plan the rules receive is prepared as plan.c prepares
 * it, outside the sweep, so only the rules' own allocations are swept.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "build/build_int.h"
#include "support/failing_alloc.h"
#include "test_build_support.h"
#include "util/util.h"

/* One sample: its rules, its names, whether flit computes its version. */
struct sample {
	const char *dir;
	int (*rules)(struct bp *bp);
	const char *dist_name, *version;
	int flit_version;
};

static const struct sample samples[] = {
        {"flit_src", bp_rules_flit_core, "flit_src_demo", "1.2.0", 1},
        {"flit_flat", bp_rules_flit_core, "flat_module_demo", "0.3.post1", 0},
        {"flit_extdata", bp_rules_flit_core, "flit_extdata", "2.0.0", 0},
        {"flit_ns", bp_rules_flit_core, "acme_flitpkg", "4.0.0b2", 1},
        {"setuptools_flat", bp_rules_setuptools, "st_flat_data", "1.0", 0},
        {"setuptools_extras", bp_rules_setuptools, "st_extras_demo", "1.0.0.post2", 0},
        {"setuptools_find", bp_rules_setuptools, "st_find", "0.0.1.dev3", 0},
        {"setuptools_explicit", bp_rules_setuptools, "st_explicit", "0.9.0rc1", 0},
        {"setuptools_module", bp_rules_setuptools, "st_single", "2024.1", 0},
        {"uv_flat", bp_rules_uv_build, "uv_flat", "2.0", 0},
        {"uv_src", bp_rules_uv_build, "uv_src_demo", "0.1.0", 0},
};

static const sw_build_plan_opts plan_opts = SW_BUILD_PLAN_OPTS_INIT;

/* Prepares the plan under construction as plan.c does before the rules. */
static void prepare(struct bp *bp, const sw_project *project, const struct sample *s)
{
	sw_metadata_opts mopts = SW_METADATA_OPTS_INIT;
	char dist_info[256];
	char *root = realpath(sw_project_root(project), NULL);
	assert_non_null(root);
	memset(bp, 0, sizeof(*bp));
	bp->project = project;
	bp->meta = sw_project_meta_get(project);
	bp->opts = &plan_opts;
	bp->plan = sw_calloc(1, sizeof(*bp->plan));
	assert_non_null(bp->plan);
	snprintf(dist_info, sizeof(dist_info), "%s-%s.dist-info", s->dist_name, s->version);
	bp->plan->root = sw_strdup(root);
	bp->root_real = sw_strdup(root);
	bp->plan->name = sw_strdup(bp->meta->name.str);
	bp->plan->dist_name = sw_strdup(s->dist_name);
	bp->plan->version = sw_strdup(s->version);
	bp->plan->dist_info = sw_strdup(dist_info);
	bp->plan->wheel_tag = sw_strdup("py3-none-any");
	free(root);
	mopts.version = s->version;
	assert_int_equal(sw_metadata_from_project(&bp->plan->metadata, project, &mopts), 0);
}

/* Frees what plan.c frees after the rules (keep in step with struct bp). */
static void release(struct bp *bp)
{
	sw_build_plan_free(bp->plan);
	sw_free(bp->import_name);
	sw_free(bp->root_real);
	sw_free(bp->dir_ok);
}

/* Runs one step with allocation n failing; returns its error code. */
static int run_step(const sw_project *project, const struct sample *s, long n, int version,
                    int *failed)
{
	struct bp bp;
	char *v = NULL;
	prepare(&bp, project, s);
	fa_arm(n, 0);
	int err = version ? bp_version_flit_core(&bp, &v) : s->rules(&bp);
	fa_disarm();
	*failed = fa_failed();
	sw_free(v);
	release(&bp);
	return err;
}

static void sweep(const struct sample *s, int version)
{
	char dir[4096];
	sw_project *project = NULL;
	const char *base = getenv("SW_TEST_DATA");
	snprintf(dir, sizeof(dir), "%s/build/%s", base ? base : "tests/data", s->dir);
	assert_int_equal(sw_project_load(&project, dir), 0);
	for (long n = 1;; n++) {
		int failed = 0;
		int err = run_step(project, s, n, version, &failed);
		if (!failed) {
			if (err != 0)
				fail_msg("%s: the run without a failure gave %d (%s)", s->dir, err,
				         sw_error_last());
			break;
		}
		if (err != SW_ENOMEM)
			fail_msg("%s%s: allocation %ld failed, the rules gave %d (%s)", s->dir,
			         version ? " (version)" : "", n, err, sw_error_last());
	}
	sw_project_free(project);
}

static void test_sweep(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		if (samples[i].flit_version)
			sweep(&samples[i], 1);
		sweep(&samples[i], 0);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_sweep),
	};
	(void)tb_count_entries; /* helpers of test_build_support.h not used here */
	(void)tb_tree;
	(void)tb_rmtree;
	(void)tb_plan;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
