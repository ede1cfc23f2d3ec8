/*
 * util/alloc.c — all core allocations pass through one set of hooks so the
 * failing-allocator tests can make any of them fail.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"

static struct sw_allocator hooks = {malloc, realloc, free};

void sw_allocator_set(const struct sw_allocator *allocator)
{
	hooks.malloc_fn = allocator && allocator->malloc_fn ? allocator->malloc_fn : malloc;
	hooks.realloc_fn = allocator && allocator->realloc_fn ? allocator->realloc_fn : realloc;
	hooks.free_fn = allocator && allocator->free_fn ? allocator->free_fn : free;
}

void *sw_malloc(size_t size)
{
	return hooks.malloc_fn(size ? size : 1);
}

void *sw_calloc(size_t count, size_t size)
{
	void *ptr;
	if (size && count > (size_t)-1 / size)
		return NULL;
	ptr = sw_malloc(count * size);
	if (ptr)
		memset(ptr, 0, count * size);
	return ptr;
}

void *sw_realloc(void *ptr, size_t size)
{
	return hooks.realloc_fn(ptr, size ? size : 1);
}

void sw_free(void *ptr)
{
	if (ptr)
		hooks.free_fn(ptr);
}

char *sw_strndup(const char *str, size_t len)
{
	char *copy = sw_malloc(len + 1);
	if (!copy)
		return NULL;
	if (len)
		memcpy(copy, str, len);
	copy[len] = '\0';
	return copy;
}

char *sw_strdup(const char *str)
{
	return sw_strndup(str, strlen(str));
}
