/*
 * fuzz/fuzz_version.c — PEP 440 versions: parse any bytes; when valid, the
 * normal form must parse again, compare equal and normalise to itself, the
 * public form must be its prefix, and comparing with versions derived from
 * the input must be antisymmetric and agree with equality of the keys.
 *
 * packaging's own quirk is exempt from the round trip: a U+0130 spelling
 * normalises to "i" + U+0307, which does not parse again, and a "poſt"
 * letter prints as "post" but sorts after it (see include/slipway/pep440.h).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slipway/pep440.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int sign(int c)
{
	return (c > 0) - (c < 0);
}

/* Whether the input uses a spelling whose normal form does not round-trip
 * in packaging either (U+0130 or U+017F). */
static int has_quirk(const uint8_t *data, size_t size)
{
	for (size_t i = 0; i + 1 < size; i++)
		if ((data[i] == 0xC4 && data[i + 1] == 0xB0) ||
		    (data[i] == 0xC5 && data[i + 1] == 0xBF))
			return 1;
	return 0;
}

/* The normal form parses again to an equal version with the same forms. */
static void check_round_trip(const sw_version *v)
{
	const char *normal = sw_version_str(v), *pub = sw_version_public(v);
	sw_version *again = NULL;
	if (strncmp(normal, pub, strlen(pub)) != 0)
		abort();
	if (strlen(normal) > SW_PEP440_MAX_LEN)
		return; /* "1.0r" grows into "1.0.post0": may pass the limit */
	if (sw_version_parse(&again, normal, strlen(normal)) != 0)
		abort();
	if (sw_version_compare(v, again) != 0 || sw_version_compare(again, v) != 0)
		abort();
	if (strcmp(sw_version_str(again), normal) != 0 ||
	    strcmp(sw_version_public(again), pub) != 0)
		abort();
	if (sw_version_is_prerelease(again) != sw_version_is_prerelease(v) ||
	    sw_version_has_local(again) != sw_version_has_local(v))
		abort();
	sw_version_free(again);
}

/* Compares v with `text` (when it is a version) both ways. */
static void check_against(const sw_version *v, const char *text, size_t len)
{
	sw_version *w = NULL;
	int ab, ba;
	if (sw_version_parse(&w, text, len) != 0)
		return;
	ab = sw_version_compare(v, w);
	ba = sw_version_compare(w, v);
	if (sign(ab) != -sign(ba))
		abort();
	/* The same normal form means the same version. */
	if (strcmp(sw_version_str(v), sw_version_str(w)) == 0 && ab != 0)
		abort();
	sw_version_free(w);
}

/* Versions derived from the input: halves, and the normal form with a
 * suffix that must sort after or before it. */
static void check_derived(const sw_version *v, const uint8_t *data, size_t size)
{
	const char *normal = sw_version_str(v);
	size_t n = strlen(normal);
	char *buf = malloc(n + 16);
	sw_version *w = NULL;
	if (!buf)
		abort();
	check_against(v, (const char *)data, size / 2);
	check_against(v, (const char *)data + size / 2, size - size / 2);
	memcpy(buf, normal, n);
	memcpy(buf + n, ".1", 3);
	check_against(v, buf, n + 2);
	/* Adding a local label to a public version always sorts after it. */
	if (!sw_version_has_local(v) && n + 2 <= SW_PEP440_MAX_LEN) {
		memcpy(buf + n, "+a", 3);
		if (sw_version_parse(&w, buf, n + 2) != 0 || sw_version_compare(v, w) >= 0 ||
		    sw_version_compare(w, v) <= 0)
			abort();
		sw_version_free(w);
	}
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sw_version *v = NULL;
	if (sw_version_parse(&v, (const char *)data, size) != 0)
		return 0;
	if (sw_version_compare(v, v) != 0)
		abort();
	if (sw_version_is_devrelease(v) && !sw_version_is_prerelease(v))
		abort();
	if (!has_quirk(data, size)) {
		check_round_trip(v);
		check_derived(v, data, size);
	}
	sw_version_free(v);
	return 0;
}
