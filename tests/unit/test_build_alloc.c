/*
 * unit/test_build_alloc.c — the native builder under allocation failure.
 * For N = 1, 2, ... the allocator fails the Nth allocation (then, in a
 * second sweep, every allocation from the Nth on) while planning a
 * hatchling project (src layout, .gitignore, readme, license, scripts,
 * extras, force-include) and writing its sdist and wheel, until a run
 * succeeds. Each run must fail with SW_ENOMEM, or succeed without a
 * failure having happened (a swallowed failure could change the selected
 * files), leave no file in the output folder when it fails, and leak
 * nothing (AddressSanitizer checks at exit).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "support/failing_alloc.h"
#include "test_build_support.h"

static const struct tfile tree[] = {
        {"pyproject.toml",
         "[build-system]\nrequires = [\"hatchling\"]\nbuild-backend = \"hatchling.build\"\n"
         "[project]\nname = \"Alloc.Pkg\"\nversion = \"1.0\"\nreadme = \"README.md\"\n"
         "requires-python = \">=3.8\"\nlicense = \"MIT\"\nkeywords = [\"b\", \"a\"]\n"
         "dependencies = [\"requests>=2 ; python_version >= '3.8'\"]\n"
         "[project.optional-dependencies]\ncli = [\"click\"]\n"
         "[project.scripts]\nalloc = \"alloc_pkg:main\"\n"
         "[tool.hatch.build.targets.wheel.force-include]\n\"extra/d.json\" = \"alloc_pkg/d.json\"\n"
         "[tool.hatch.build.targets.wheel]\npackages = [\"src/alloc_pkg\"]\n",
         0, NULL},
        {"README.md", "# A\n", 0, NULL},
        {"LICENSE", "MIT\n", 0, NULL},
        {".gitignore", "*.log\n!keep.log\n", 0, NULL},
        {"x.log", "x\n", 0, NULL},
        {"extra/d.json", "{}\n", 0, NULL},
        {"src/alloc_pkg/__init__.py", "def main(): pass\n", 0, NULL},
        {"src/alloc_pkg/sub/__init__.py", "\n", 0, NULL},
        {NULL, NULL, 0, NULL},
};

struct ctx {
	const sw_project *project;
	char out[128];
};

/* Plans and writes both artifacts. */
static int plan_and_write(const struct ctx *c)
{
	sw_build_plan *plan = NULL;
	sw_build_artifact a = {0}, b = {0};
	sw_build_write_opts o = SW_BUILD_WRITE_OPTS_INIT;
	o.outdir = c->out;
	int err = sw_build_plan_make(&plan, c->project, NULL);
	if (err == 0)
		err = sw_build_write_sdist(&a, plan, &o);
	if (err == 0)
		err = sw_build_write_wheel(&b, plan, &o);
	sw_build_artifact_clear(&a);
	sw_build_artifact_clear(&b);
	sw_build_plan_free(plan);
	return err;
}

static void test_sweep(void **state)
{
	(void)state;
	const char *dir = tb_tree(tree);
	struct ctx c;
	sw_project *p = NULL;
	snprintf(c.out, sizeof(c.out), "%s/dist", dir);
	assert_int_equal(sw_project_load(&p, dir), 0);
	c.project = p;
	for (int keep = 0; keep <= 1; keep++) {
		long n = 1;
		for (;; n++) {
			tb_rmtree(c.out);
			fa_arm(n, keep);
			int err = plan_and_write(&c);
			fa_disarm();
			if (err == 0 && !fa_failed())
				break;
			if (err == 0)
				fail_msg("allocation %ld (keep %d): the failure was not reported",
				         n, keep);
			if (err != SW_ENOMEM)
				fail_msg("allocation %ld (keep %d): %d %s", n, keep, err,
				         sw_error_last());
			int left = tb_count_entries(c.out);
			if (left > 0 && err != 0) {
				/* the sdist may be complete when the wheel fails */
				char sd[256];
				snprintf(sd, sizeof(sd), "%s/alloc_pkg-1.0.tar.gz", c.out);
				if (left != 1 || access(sd, F_OK) != 0)
					fail_msg("allocation %ld: %d files left behind", n, left);
			}
		}
		assert_true(n > 20);
	}
	sw_project_free(p);
	tb_rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_sweep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
