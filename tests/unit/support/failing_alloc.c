/*
 * unit/support/failing_alloc.c — the countdown allocator behind the
 * failing-allocator sweeps of the unit tests.
 */
#include <stdlib.h>

#include "failing_alloc.h"
#include "slipway/common.h"

static long countdown = -1; /* allocations left before failing; <0: never */
static int sticky;          /* keep failing once the first failure happened */
static int failed;

static int should_fail(void)
{
	if (countdown < 0)
		return 0;
	if (countdown == 0) {
		failed = 1;
		if (!sticky)
			countdown = -1;
		return 1;
	}
	countdown--;
	return 0;
}

static void *f_malloc(size_t n)
{
	return should_fail() ? NULL : malloc(n);
}

static void *f_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : realloc(p, n);
}

static const struct sw_allocator failing = {f_malloc, f_realloc, free};

void fa_arm(long n, int keep_failing)
{
	countdown = n - 1;
	sticky = keep_failing;
	failed = 0;
	sw_allocator_set(&failing);
}

void fa_disarm(void)
{
	sw_allocator_set(NULL);
	countdown = -1;
}

int fa_failed(void)
{
	return failed;
}
