/*
 * unit/test_secrets_corpus.c — the secret scanner's false-positive rate on
 * real code: every file of the system's Python packages
 * (/usr/lib/python3/dist-packages) and of the newest reference tools
 * ($SW_ORACLE_PREFIX/usr/lib/python3/dist-packages) is streamed through
 * the scanner and the name rules; the only findings allowed are those of
 * tests/data/lints/secrets_allow.txt ("CODE path-suffix" per line, each
 * with the reason in a comment). The walk must see thousands of files, so
 * an empty or missing tree fails instead of passing vacuously.
 */
#define _XOPEN_SOURCE 700
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ftw.h>

#include "artifact/lint_int.h"
#include "util/util.h"

#define MAX_ALLOW 64

static struct {
	char code[8];
	char suffix[256];
	int used;
} allow[MAX_ALLOW];
static size_t allow_count;
static size_t files_seen, unexpected;
static const char *current_path;

static void load_allow_list(void)
{
	char path[1024], line[512];
	const char *data = getenv("SW_TEST_DATA");
	FILE *f;
	assert_non_null(data);
	snprintf(path, sizeof(path), "%s/lints/secrets_allow.txt", data);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		if (line[0] == '#' || line[0] == 0)
			continue;
		assert_true(allow_count < MAX_ALLOW);
		assert_int_equal(sscanf(line, "%7s %255s", allow[allow_count].code,
		                        allow[allow_count].suffix),
		                 2);
		allow_count++;
	}
	fclose(f);
}

/* 1 if `path` ends with `suffix`. */
static int ends_with(const char *path, const char *suffix)
{
	size_t n = strlen(path), s = strlen(suffix);
	return s <= n && strcmp(path + n - s, suffix) == 0;
}

static int on_hit(void *ctx, const sw_lint_hit *hit)
{
	(void)ctx;
	for (size_t i = 0; i < allow_count; i++) {
		if (strcmp(allow[i].code, hit->code) == 0 &&
		    ends_with(current_path, allow[i].suffix)) {
			allow[i].used = 1;
			return 0;
		}
	}
	unexpected++;
	printf("unexpected %s in %s: %s\n", hit->code, current_path, hit->message);
	return 0;
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	sw_secret_scanner *sc = NULL;
	char chunk[65536];
	size_t n;
	FILE *f;
	(void)st;
	(void)ftw;
	if (type != FTW_F || strstr(path, "/__pycache__/"))
		return 0;
	current_path = path;
	assert_int_equal(sw_secrets_check_name(path, on_hit, NULL), 0);
	f = fopen(path, "rb");
	if (!f)
		return 0;
	files_seen++;
	assert_int_equal(sw_secret_scanner_new(&sc, path, on_hit, NULL), 0);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		assert_int_equal(sw_secret_scanner_feed(sc, chunk, n), 0);
	assert_int_equal(sw_secret_scanner_finish(sc), 0);
	sw_secret_scanner_free(sc);
	fclose(f);
	return 0;
}

static void clean_corpus(void **state)
{
	char prefix_site[1024];
	const char *prefix = getenv("SW_ORACLE_PREFIX");
	const char *home = getenv("HOME");
	(void)state;
	load_allow_list();
	if (prefix && *prefix)
		snprintf(prefix_site, sizeof(prefix_site), "%s/usr/lib/python3/dist-packages",
		         prefix);
	else
		snprintf(prefix_site, sizeof(prefix_site),
		         "%s/.cache/slipway/oracle/usr/lib/python3/dist-packages",
		         home ? home : "");
	assert_int_equal(nftw("/usr/lib/python3/dist-packages", visit, 16, FTW_PHYS), 0);
	assert_int_equal(nftw(prefix_site, visit, 16, FTW_PHYS), 0);
	printf("%zu files scanned, %zu unexpected findings\n", files_seen, unexpected);
	assert_true(files_seen > 2000);
	assert_int_equal(unexpected, 0);
	for (size_t i = 0; i < allow_count; i++)
		if (!allow[i].used)
			printf("note: allow-list entry %s %s matched nothing\n", allow[i].code,
			       allow[i].suffix);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(clean_corpus),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
