/*
 * project/arena.c — the arena that owns a project's typed view and a
 * diagnostic list: many small zeroed allocations carved from blocks,
 * freed together. Large requests get a block of their own.
 */
#include <stdalign.h>
#include <string.h>

#include "project/project_int.h"

#define BLOCK_SIZE 8192

struct pj_block {
	struct pj_block *next;
	size_t used, size;
	alignas(max_align_t) unsigned char data[];
};

/* Rounds up to the alignment every allocation keeps. */
static size_t round_up(size_t n)
{
	size_t a = alignof(max_align_t);
	return (n + a - 1) / a * a;
}

void *pj_alloc(struct pj_arena *arena, size_t size)
{
	struct pj_block *b = arena->head;
	size_t need = round_up(size ? size : 1);
	void *mem;
	if (need < size)
		return NULL;
	if (!b || b->size - b->used < need) {
		size_t cap = need > BLOCK_SIZE / 2 ? need : BLOCK_SIZE;
		if (cap > SIZE_MAX - sizeof(*b))
			return NULL;
		b = sw_malloc(sizeof(*b) + cap);
		if (!b)
			return NULL;
		b->used = 0;
		b->size = cap;
		if (arena->head && need > BLOCK_SIZE / 2) {
			/* Keep filling the current block: put the big one behind it. */
			b->next = arena->head->next;
			arena->head->next = b;
		} else {
			b->next = arena->head;
			arena->head = b;
		}
	}
	mem = b->data + b->used;
	b->used += need;
	memset(mem, 0, need);
	return mem;
}

char *pj_strndup(struct pj_arena *arena, const char *str, size_t len)
{
	char *s;
	if (len == SIZE_MAX)
		return NULL;
	s = pj_alloc(arena, len + 1);
	if (!s)
		return NULL;
	if (len)
		memcpy(s, str, len);
	s[len] = '\0';
	return s;
}

void pj_arena_free(struct pj_arena *arena)
{
	struct pj_block *b = arena->head;
	while (b) {
		struct pj_block *next = b->next;
		sw_free(b);
		b = next;
	}
	arena->head = NULL;
}
