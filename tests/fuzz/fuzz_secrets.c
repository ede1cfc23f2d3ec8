/*
 * fuzz/fuzz_secrets.c — the secret scanner over any bytes: scanning the
 * input whole and in chunks (sizes taken from the input) must give the same
 * findings in the same order, each with a position inside the input and a
 * fingerprint of the documented form; the name rules take any member name.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "artifact/lint_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_KEEP 64

struct run {
	size_t n;
	char keys[MAX_KEEP][160];
	size_t size;
};

/* Records a hit's code, position and fingerprint; checks its shape. */
static int record(void *ctx, const sw_lint_hit *hit)
{
	struct run *r = ctx;
	if (!hit->code || !hit->message || !hit->fingerprint || hit->line == 0 || hit->col == 0)
		abort();
	if (strncmp(hit->fingerprint, hit->code, 4) != 0 || hit->line > r->size + 1)
		abort();
	if (r->n < MAX_KEEP) {
		size_t len = strlen(hit->fingerprint);
		if (len > 150)
			len = 150;
		memcpy(r->keys[r->n], hit->fingerprint, len);
		r->keys[r->n][len] = 0;
	}
	r->n++;
	return 0;
}

/* Checks a name rule's hit: no position, a fingerprint with line 0. */
static int record_name(void *ctx, const sw_lint_hit *hit)
{
	(void)ctx;
	if (!hit->code || !hit->message || !hit->fingerprint || hit->line != 0 ||
	    strncmp(hit->fingerprint, hit->code, 4) != 0 || !strstr(hit->fingerprint, ":0:"))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run whole, parts;
	sw_secret_scanner *sc;
	size_t step = size ? (size_t)data[0] % 97 + 1 : 1;
	memset(&whole, 0, sizeof(whole));
	memset(&parts, 0, sizeof(parts));
	whole.size = parts.size = size;
	if (sw_secrets_scan_buffer("pkg/.env", data, size, record, &whole) != 0)
		return 0;
	if (sw_secret_scanner_new(&sc, "pkg/.env", record, &parts) != 0)
		return 0;
	for (size_t at = 0; at < size; at += step)
		if (sw_secret_scanner_feed(sc, data + at, size - at < step ? size - at : step) != 0)
			abort();
	if (sw_secret_scanner_finish(sc) != 0)
		abort();
	sw_secret_scanner_free(sc);
	if (whole.n != parts.n)
		abort();
	for (size_t i = 0; i < whole.n && i < MAX_KEEP; i++)
		if (strcmp(whole.keys[i], parts.keys[i]) != 0)
			abort();
	if (size < 512) {
		char name[512];
		memcpy(name, data, size);
		name[size] = 0;
		if (sw_secrets_check_name(name, record_name, NULL) != 0)
			abort();
	}
	return 0;
}
