/*
 * cli/cmd_pep440.c — `slipway pep440`: normalise and sort PEP 440 versions.
 * Inputs come from the arguments, and from stdin (one per line) where an
 * argument is "-", so that thousands of versions need one process.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cli.h"
#include "slipway/common.h"
#include "slipway/pep440.h"

/* One parsed input kept for --sort; `index` makes the sort stable. */
struct sorted_item {
	sw_version *version;
	size_t index;
};

struct pep440_run {
	int sort;
	int failed; /* an input was invalid */
	struct sorted_item *items;
	size_t count, cap;
};

/* Calls `fn` on every input: each argument, or each stdin line for "-". */
static int for_each_input(int argc, char **argv,
                          int (*fn)(struct pep440_run *, const char *, size_t),
                          struct pep440_run *run)
{
	for (int i = 0; i < argc; i++) {
		char *line = NULL;
		size_t cap = 0;
		ssize_t n;
		if (strcmp(argv[i], "-") != 0) {
			if (fn(run, argv[i], strlen(argv[i])) < 0)
				return -1;
			continue;
		}
		while ((n = getline(&line, &cap, stdin)) >= 0) {
			size_t len = (size_t)n;
			if (len && line[len - 1] == '\n')
				len--;
			if (len && line[len - 1] == '\r')
				len--;
			if (fn(run, line, len) < 0) {
				free(line);
				return -1;
			}
		}
		free(line);
	}
	return 0;
}

/* Prints the normal form of one version, or collects it for --sort. */
static int normalise_one(struct pep440_run *run, const char *text, size_t len)
{
	sw_version *v;
	int err = sw_version_parse(&v, text, len);
	if (err == SW_ENOMEM) {
		sw_cli_core_error();
		return -1;
	}
	if (err < 0) {
		run->failed = 1;
		if (run->sort)
			fprintf(stderr, "slipway: pep440: %s\n", sw_error_last());
		else
			printf("error: %s\n", sw_error_last());
		return 0;
	}
	if (!run->sort) {
		puts(sw_version_str(v));
		sw_version_free(v);
		return 0;
	}
	if (run->count == run->cap) {
		size_t cap = run->cap ? run->cap * 2 : 256;
		struct sorted_item *grown = realloc(run->items, cap * sizeof(*grown));
		if (!grown) {
			sw_version_free(v);
			sw_cli_error("pep440: out of memory");
			return -1;
		}
		run->items = grown;
		run->cap = cap;
	}
	run->items[run->count].version = v;
	run->items[run->count].index = run->count;
	run->count++;
	return 0;
}

static int compare_items(const void *a, const void *b)
{
	const struct sorted_item *x = a, *y = b;
	int c = sw_version_compare(x->version, y->version);
	if (c)
		return c;
	return (x->index > y->index) - (x->index < y->index);
}

/* `slipway pep440 [--sort] VERSION...` */
static int run_versions(int sort, int argc, char **argv)
{
	struct pep440_run run = {.sort = sort};
	int rc = SW_EXIT_OK;
	if (for_each_input(argc, argv, normalise_one, &run) < 0)
		rc = SW_EXIT_ERROR;
	if (rc == SW_EXIT_OK && sort) {
		qsort(run.items, run.count, sizeof(*run.items), compare_items);
		for (size_t i = 0; i < run.count; i++)
			puts(sw_version_str(run.items[i].version));
	}
	for (size_t i = 0; i < run.count; i++)
		sw_version_free(run.items[i].version);
	free(run.items);
	if (rc == SW_EXIT_OK && run.failed)
		rc = SW_EXIT_ERROR;
	return rc;
}

static int pep440_exec(int argc, char **argv)
{
	int sort = 0, i = 1;
	for (; i < argc; i++) {
		const char *opt = argv[i];
		if (strcmp(opt, "--") == 0) {
			i++;
			break;
		} else if (strcmp(opt, "-h") == 0 || strcmp(opt, "--help") == 0) {
			sw_cli_print_help(stdout, &sw_cmd_pep440);
			return SW_EXIT_OK;
		} else if (strcmp(opt, "--sort") == 0) {
			sort = 1;
		} else if (opt[0] == '-' && opt[1] != '\0') {
			return sw_cli_usage_error(&sw_cmd_pep440, "unknown option '%s'", opt);
		} else {
			break;
		}
	}
	if (i >= argc)
		return sw_cli_usage_error(&sw_cmd_pep440, "no VERSION given");
	return run_versions(sort, argc - i, argv + i);
}

const struct sw_cli_command sw_cmd_pep440 = {
        .name = "pep440",
        .summary = "Normalise and sort PEP 440 versions",
        .usage = "pep440 [--sort] VERSION...",
        .help = "Prints the normalised form of each VERSION, one line per input, or\n"
                "'error: <reason>' for a version that is not valid PEP 440. A VERSION of\n"
                "'-' reads versions from standard input, one per line.\n"
                "\n"
                "Options:\n"
                "  --sort    print the valid versions in ascending PEP 440 order (equal\n"
                "            versions keep their input order); report invalid ones on\n"
                "            standard error\n"
                "\n"
                "Exit status: 0 if every input was valid, 1 if any was not, 2 for a\n"
                "wrong command line.\n",
        .exec = pep440_exec,
};
