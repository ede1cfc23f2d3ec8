/*
 * fuzz/fuzz_specifier.c — PEP 440 specifier sets: parse any bytes; when
 * valid, format, parse the formatted text again and format it again: the
 * two texts must be identical, and contains() on a few versions (fixed
 * ones and ones taken from the clauses) must give the same answers for
 * both sets under every pre-release policy. A one-clause set must also
 * agree with sw_specifier_check(), and filter() must agree with contains()
 * for a non-empty set.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slipway/pep440.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_CANDIDATES 16

static const char *const fixed[] = {
        "1.0", "1.0a1", "2.0.post1", "1.0+local", "1!2", "0.9.dev3", "1.4.5rc1", "3",
};

/* Collects the candidate versions: the fixed ones, then each clause's
 * version (without a wildcard) when it parses. Returns how many. */
static size_t candidates(const sw_specset *set, sw_version **out)
{
	size_t n = 0;
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		if (sw_version_parse(&out[n], fixed[i], strlen(fixed[i])) == 0)
			n++;
	for (size_t i = 0; i < sw_specset_count(set) && n < MAX_CANDIDATES; i++) {
		const char *text = sw_specset_version(set, i);
		size_t len = strlen(text);
		if (len >= 2 && strcmp(text + len - 2, ".*") == 0)
			len -= 2;
		if (sw_version_parse(&out[n], text, len) == 0)
			n++;
	}
	return n;
}

static void format_or_abort(sw_buf *out, const sw_specset *set)
{
	if (sw_specset_format(out, set) != 0)
		abort();
}

/* Checks that both sets answer alike, and that filter() and the single
 * clause check agree with contains(). `text_len` is the length of a's
 * canonical text (it tells whether a clause holds a NUL). */
static void check_answers(const sw_specset *a, const sw_specset *b, size_t text_len)
{
	static const enum sw_prerelease_policy policies[] = {SW_PRE_DEFAULT, SW_PRE_ALLOW,
	                                                     SW_PRE_DENY};
	sw_version *v[MAX_CANDIDATES];
	unsigned char keep[MAX_CANDIDATES];
	size_t n = candidates(a, v);
	for (size_t p = 0; p < 3; p++) {
		sw_specset_filter(a, (const sw_version *const *)v, n, policies[p], keep);
		for (size_t i = 0; i < n; i++) {
			const char *why = NULL;
			int yes = sw_specset_contains(a, v[i], policies[p], &why);
			if (yes != sw_specset_contains(b, v[i], policies[p], NULL))
				abort();
			if (yes && why)
				abort();
			if (sw_specset_count(a) > 0 && keep[i] != yes)
				abort();
		}
	}
	if (sw_specset_count(a) == 1 &&
	    strlen(sw_specset_version(a, 0)) + strlen(sw_specset_op(a, 0)) == text_len) {
		for (size_t i = 0; i < n; i++) {
			int r = sw_specifier_check(sw_specset_op(a, 0), sw_specset_version(a, 0),
			                           sw_version_original(v[i]));
			if (r < 0 && r != SW_EPARSE)
				abort();
			if (r >= 0 && r != sw_specset_contains(a, v[i], SW_PRE_ALLOW, NULL))
				abort();
		}
	}
	for (size_t i = 0; i < n; i++)
		sw_version_free(v[i]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sw_specset *set = NULL, *again = NULL;
	sw_buf first, second;
	if (sw_specset_parse(&set, (const char *)data, size) != 0)
		return 0;
	sw_buf_init(&first, 4 * SW_PEP440_MAX_LEN);
	sw_buf_init(&second, 4 * SW_PEP440_MAX_LEN);
	format_or_abort(&first, set);
	if (first.len > SW_PEP440_MAX_LEN || first.len > size)
		abort(); /* the canonical text is never longer than the input */
	if (sw_specset_parse(&again, sw_buf_cstr(&first), first.len) != 0)
		abort();
	format_or_abort(&second, again);
	if (first.len != second.len || memcmp(sw_buf_cstr(&first), sw_buf_cstr(&second), first.len))
		abort();
	if (sw_specset_count(set) != sw_specset_count(again) ||
	    sw_specset_names_prerelease(set) != sw_specset_names_prerelease(again))
		abort();
	check_answers(set, again, first.len);
	sw_specset_free(again);
	sw_specset_free(set);
	sw_buf_free(&first);
	sw_buf_free(&second);
	return 0;
}
