/*
 * toml/arena.c — memory for a parsed document: an arena that hands out
 * nodes and decoded strings from a few large chunks (freed all at once),
 * and an open-addressing index from (table, key) to the entry, so key
 * lookups and duplicate checks cost O(1) whatever the table's size.
 */
#include <string.h>

#include "toml_int.h"

#define ARENA_MAX_CHUNK ((size_t)16 << 20)

struct arena_chunk {
	struct arena_chunk *next;
	size_t used, size;
	max_align_t data[];
};

void arena_init(struct arena *a, size_t first_size)
{
	a->head = NULL;
	a->next_size = first_size < 1024 ? 1024 : first_size;
	if (a->next_size > ARENA_MAX_CHUNK)
		a->next_size = ARENA_MAX_CHUNK;
}

void *arena_alloc(struct arena *a, size_t size)
{
	struct arena_chunk *c = a->head;
	void *p;
	size = (size + 7) & ~(size_t)7;
	if (!c || c->size - c->used < size) {
		size_t want = a->next_size > size ? a->next_size : size;
		c = sw_malloc(sizeof(*c) + want);
		if (!c)
			return NULL;
		c->next = a->head;
		c->used = 0;
		c->size = want;
		a->head = c;
		if (a->next_size < ARENA_MAX_CHUNK)
			a->next_size *= 2;
	}
	p = (char *)c->data + c->used;
	c->used += size;
	memset(p, 0, size);
	return p;
}

void arena_free(struct arena *a)
{
	struct arena_chunk *c = a->head;
	while (c) {
		struct arena_chunk *next = c->next;
		sw_free(c);
		c = next;
	}
	a->head = NULL;
}

/* FNV-1a over the key, seeded with the parent's address. */
uint32_t key_hash(const sw_toml_node *parent, const char *key, size_t len)
{
	uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uintptr_t)parent;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)key[i];
		h *= 1099511628211ULL;
	}
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 32;
	return (uint32_t)h ? (uint32_t)h : 1u; /* 0 marks an empty slot */
}

static int slot_matches(const struct htab_slot *s, const sw_toml_node *parent, const char *key,
                        size_t len, uint32_t hash)
{
	const sw_toml_node *n = s->node;
	return s->hash == hash && n->parent == parent && n->key_len == len &&
	       memcmp(n->key, key, len) == 0;
}

sw_toml_node *htab_find(const struct htab *h, const sw_toml_node *parent, const char *key,
                        size_t len, uint32_t hash)
{
	size_t mask, i;
	if (!h->cap)
		return NULL;
	mask = h->cap - 1;
	for (i = hash & mask; h->slots[i].hash; i = (i + 1) & mask)
		if (slot_matches(&h->slots[i], parent, key, len, hash))
			return h->slots[i].node;
	return NULL;
}

/* Doubles the table (or creates it) and re-inserts every entry. */
static int htab_grow(struct htab *h)
{
	size_t cap = h->cap ? h->cap * 2 : 64, mask = cap - 1;
	struct htab_slot *slots = sw_calloc(cap, sizeof(*slots));
	if (!slots)
		return SW_ENOMEM;
	for (size_t i = 0; i < h->cap; i++) {
		size_t j;
		if (!h->slots[i].hash)
			continue;
		for (j = h->slots[i].hash & mask; slots[j].hash; j = (j + 1) & mask)
			;
		slots[j] = h->slots[i];
	}
	sw_free(h->slots);
	h->slots = slots;
	h->cap = cap;
	return 0;
}

int htab_insert(struct htab *h, sw_toml_node *node, uint32_t hash)
{
	size_t mask, i;
	if ((h->used + 1) * 2 > h->cap && htab_grow(h) < 0)
		return SW_ENOMEM;
	mask = h->cap - 1;
	for (i = hash & mask; h->slots[i].hash; i = (i + 1) & mask)
		;
	h->slots[i].hash = hash;
	h->slots[i].node = node;
	h->used++;
	return 0;
}

void htab_free(struct htab *h)
{
	sw_free(h->slots);
	h->slots = NULL;
	h->cap = h->used = 0;
}
