/*
 * ui/mem.c — the workbench's allocations. ui/ may not use the core's
 * private allocator, so its own go through these four functions, which a
 * test can make fail after N calls to prove every failure is handled.
 */
#include <stdlib.h>

#include "app.h"

static long fail_after = -1;

/* 1 when this allocation must fail (test hook armed and used up). */
static int must_fail(void)
{
	if (fail_after < 0)
		return 0;
	if (fail_after == 0)
		return 1;
	fail_after--;
	return 0;
}

void ui_mem_fail_after(long n)
{
	fail_after = n;
}

void *ui_malloc(size_t size)
{
	return must_fail() ? NULL : malloc(size ? size : 1);
}

void *ui_calloc(size_t n, size_t size)
{
	return must_fail() ? NULL : calloc(n ? n : 1, size ? size : 1);
}

void *ui_realloc(void *p, size_t size)
{
	return must_fail() ? NULL : realloc(p, size ? size : 1);
}

void ui_free(void *p)
{
	free(p);
}
