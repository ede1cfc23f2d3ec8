/*
 * bench/bench_toml.c — parses each TOML file given, in process, for about a
 * second, and prints "<file> <seconds per parse>" per file: the slipway side
 * of the comparison with tomllib (bench/run prints the ratio).
 */
#include "bench_util.h"
#include "slipway/toml.h"

/* Seconds per sw_toml_parse() of `text`, averaged over at least a second. */
static double per_parse(const char *text, size_t len, const char *name)
{
	double start, elapsed;
	long runs = 0;
	for (;;) {
		sw_toml_doc *doc = NULL;
		if (runs == 0)
			start = bench_now();
		if (sw_toml_parse(&doc, text, len, name) != 0) {
			fprintf(stderr, "bench: %s\n", sw_error_last());
			exit(1);
		}
		sw_toml_free(doc);
		runs++;
		elapsed = bench_now() - start;
		if (elapsed >= 1.0 && runs >= 5)
			return elapsed / (double)runs;
	}
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		size_t len = 0;
		char *text = bench_read(argv[i], &len);
		printf("%s %.9f\n", argv[i], per_parse(text, len, argv[i]));
		sw_free(text);
	}
	return 0;
}
