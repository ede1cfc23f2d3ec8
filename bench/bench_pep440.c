/*
 * bench/bench_pep440.c — parses every version of a file (one per line) and
 * sorts them, printing "parse <s> sort <s> total <s>": the slipway side of
 * the comparison with packaging (bench/run prints the ratio).
 */
#include <string.h>

#include "bench_util.h"
#include "slipway/pep440.h"

static int by_version(const void *a, const void *b)
{
	return sw_version_compare(*(sw_version *const *)a, *(sw_version *const *)b);
}

int main(int argc, char **argv)
{
	size_t len = 0, count = 0, cap = 1024;
	sw_version **versions = malloc(cap * sizeof(*versions));
	char *text, *line, *end;
	double start, parsed, sorted;
	if (argc != 2 || !versions) {
		fprintf(stderr, "usage: bench_pep440 FILE\n");
		return 2;
	}
	text = bench_read(argv[1], &len);
	start = bench_now();
	for (line = text; line < text + len; line = end + 1) {
		end = memchr(line, '\n', (size_t)(text + len - line));
		if (!end)
			end = text + len;
		if (end == line)
			continue;
		if (count == cap) {
			cap *= 2;
			versions = realloc(versions, cap * sizeof(*versions));
			if (!versions)
				return 1;
		}
		if (sw_version_parse(&versions[count], line, (size_t)(end - line)) != 0) {
			fprintf(stderr, "bench: %s\n", sw_error_last());
			return 1;
		}
		count++;
	}
	parsed = bench_now();
	qsort(versions, count, sizeof(*versions), by_version);
	sorted = bench_now();
	printf("slipway %zu versions parse %.6f sort %.6f total %.6f\n", count, parsed - start,
	       sorted - parsed, sorted - start);
	for (size_t i = 0; i < count; i++)
		sw_version_free(versions[i]);
	free(versions);
	sw_free(text);
	return 0;
}
