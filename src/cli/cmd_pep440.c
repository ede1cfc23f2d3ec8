/*
 * cli/cmd_pep440.c — `slipway pep440`: normalise and sort PEP 440 versions,
 * and check them against a specifier set. Inputs come from the arguments,
 * and from stdin (one per line) where an argument is "-", so that many
 * versions need one process; --pairs reads SPEC<TAB>VERSION lines so that
 * many different specifiers do too.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cli.h"
#include "slipway/common.h"
#include "slipway/pep440.h"

/* Longest canonical specifier printed (a set is at most SW_PEP440_MAX_LEN). */
#define SPEC_TEXT_MAX (2 * SW_PEP440_MAX_LEN)

struct pep440_opts {
	int sort, filter, pairs, pre, no_pre;
	const char *spec;
};

/* One parsed input kept for --sort and --filter; `index` keeps the order. */
struct kept_item {
	sw_version *version;
	size_t index;
};

struct pep440_run {
	const struct pep440_opts *opts;
	enum sw_prerelease_policy policy;
	sw_specset *set;
	int failed; /* an input was invalid */
	struct kept_item *items;
	size_t count, cap;
};

typedef int (*input_fn)(struct pep440_run *run, const char *text, size_t len);

/* Feeds each line of stdin to `fn` (without its "\n" or "\r\n"). */
static int for_each_line(struct pep440_run *run, input_fn fn)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;
	while (rc == 0 && (n = getline(&line, &cap, stdin)) >= 0) {
		size_t len = (size_t)n;
		if (len && line[len - 1] == '\n')
			len--;
		if (len && line[len - 1] == '\r')
			len--;
		rc = fn(run, line, len);
	}
	free(line);
	return rc;
}

/* Calls `fn` on every input: each argument, or each stdin line for "-". */
static int for_each_input(int argc, char **argv, struct pep440_run *run, input_fn fn)
{
	for (int i = 0; i < argc; i++) {
		int rc = strcmp(argv[i], "-") == 0 ? for_each_line(run, fn)
		                                   : fn(run, argv[i], strlen(argv[i]));
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* Parses one version; on a bad one reports it (stdout or stderr) and
 * returns 1, on out-of-memory returns -1. */
static int parse_or_report(struct pep440_run *run, const char *text, size_t len, int to_stderr,
                           sw_version **out)
{
	int err = sw_version_parse(out, text, len);
	if (err == 0)
		return 0;
	if (err == SW_ENOMEM) {
		sw_cli_core_error();
		return -1;
	}
	run->failed = 1;
	if (to_stderr)
		fprintf(stderr, "slipway: pep440: %s\n", sw_error_last());
	else
		printf("error: %s\n", sw_error_last());
	return 1;
}

/* Keeps a parsed version for --sort / --filter. */
static int keep(struct pep440_run *run, sw_version *v)
{
	if (run->count == run->cap) {
		size_t cap = run->cap ? run->cap * 2 : 256;
		struct kept_item *grown = realloc(run->items, cap * sizeof(*grown));
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

/* Prints the normal form of one version, or keeps it for --sort. */
static int normalise_one(struct pep440_run *run, const char *text, size_t len)
{
	sw_version *v;
	int rc = parse_or_report(run, text, len, run->opts->sort, &v);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	if (run->opts->sort)
		return keep(run, v);
	puts(sw_version_str(v));
	sw_version_free(v);
	return 0;
}

/* Keeps one version for --filter (bad ones go to stderr). */
static int collect_one(struct pep440_run *run, const char *text, size_t len)
{
	sw_version *v;
	int rc = parse_or_report(run, text, len, 1, &v);
	if (rc != 0)
		return rc < 0 ? -1 : 0;
	return keep(run, v);
}

/* The answer for one version: "yes", "no" or "no (why)". */
static const char *answer(const struct pep440_run *run, const sw_specset *set, const sw_version *v)
{
	const char *why;
	if (sw_specset_contains(set, v, run->policy, &why))
		return "yes";
	if (!why)
		return "no";
	return run->policy == SW_PRE_DENY ? "no (pre-release; --no-pre given)"
	                                  : "no (pre-release; pass --pre to allow)";
}

/* `--spec SPEC VERSION`: prints "VERSION yes|no". */
static int check_one(struct pep440_run *run, const char *text, size_t len)
{
	sw_version *v;
	int err = sw_version_parse(&v, text, len);
	if (err == SW_ENOMEM) {
		sw_cli_core_error();
		return -1;
	}
	fwrite(text, 1, len, stdout);
	if (err < 0) {
		run->failed = 1;
		printf(" error: %s\n", sw_error_last());
		return 0;
	}
	printf(" %s\n", answer(run, run->set, v));
	sw_version_free(v);
	return 0;
}

/* Parses a specifier set and formats its canonical text into `text`. */
static int parse_spec(const char *spec, size_t len, sw_specset **set, sw_buf *text)
{
	int err = sw_specset_parse(set, spec, len);
	if (err < 0)
		return err;
	sw_buf_clear(text);
	if ((err = sw_specset_format(text, *set)) < 0) {
		sw_specset_free(*set);
		*set = NULL;
	}
	return err;
}

/* `--pairs`: one "SPEC<TAB>VERSION" line -> "CANONICAL<TAB>VERSION<TAB>yes|no". */
static int check_pair(struct pep440_run *run, const char *line, size_t len)
{
	const char *tab = NULL;
	sw_specset *set = NULL;
	sw_version *v = NULL;
	sw_buf canon;
	int err;
	for (size_t i = 0; i < len; i++)
		if (line[i] == '\t')
			tab = line + i;
	if (!tab) {
		run->failed = 1;
		puts("error: expected SPEC<TAB>VERSION");
		return 0;
	}
	sw_buf_init(&canon, SPEC_TEXT_MAX);
	err = parse_spec(line, (size_t)(tab - line), &set, &canon);
	if (err == 0)
		err = sw_version_parse(&v, tab + 1, len - (size_t)(tab - line) - 1);
	if (err == SW_ENOMEM) {
		sw_cli_core_error();
	} else if (err < 0) {
		run->failed = 1;
		printf("error: %s\n", sw_error_last());
	} else {
		fwrite(sw_buf_cstr(&canon), 1, canon.len, stdout);
		putchar('\t');
		fwrite(tab + 1, 1, len - (size_t)(tab - line) - 1, stdout);
		printf("\t%s\n", answer(run, set, v));
	}
	sw_version_free(v);
	sw_specset_free(set);
	sw_buf_free(&canon);
	return err == SW_ENOMEM ? -1 : 0;
}

static int compare_items(const void *a, const void *b)
{
	const struct kept_item *x = a, *y = b;
	int c = sw_version_compare(x->version, y->version);
	if (c)
		return c;
	return (x->index > y->index) - (x->index < y->index);
}

/* Prints the kept versions: sorted (normal forms) or filtered (as given). */
static int print_kept(struct pep440_run *run)
{
	unsigned char *flags;
	const sw_version **list;
	if (run->opts->sort) {
		qsort(run->items, run->count, sizeof(*run->items), compare_items);
		for (size_t i = 0; i < run->count; i++)
			puts(sw_version_str(run->items[i].version));
		return 0;
	}
	flags = malloc(run->count + 1);
	list = malloc((run->count + 1) * sizeof(*list));
	if (!flags || !list) {
		free(flags);
		free(list);
		sw_cli_error("pep440: out of memory");
		return -1;
	}
	for (size_t i = 0; i < run->count; i++)
		list[i] = run->items[i].version;
	sw_specset_filter(run->set, list, run->count, run->policy, flags);
	for (size_t i = 0; i < run->count; i++)
		if (flags[i])
			puts(sw_version_original(list[i]));
	free(flags);
	free(list);
	return 0;
}

/* Runs the mode chosen by the options over the inputs. */
static int run_mode(struct pep440_run *run, int argc, char **argv)
{
	const struct pep440_opts *o = run->opts;
	sw_buf canon;
	int rc;
	if (o->pairs)
		return for_each_line(run, check_pair);
	if (!o->spec)
		rc = for_each_input(argc, argv, run, normalise_one);
	else if (o->filter)
		rc = for_each_input(argc, argv, run, collect_one);
	else if (argc > 0)
		rc = for_each_input(argc, argv, run, check_one);
	else {
		/* --spec alone: print its canonical form. */
		sw_buf_init(&canon, SPEC_TEXT_MAX);
		rc = sw_specset_format(&canon, run->set) < 0 ? -1 : 0;
		if (rc == 0) {
			fwrite(sw_buf_cstr(&canon), 1, canon.len, stdout);
			putchar('\n');
		}
		sw_buf_free(&canon);
	}
	if (rc == 0 && (o->sort || o->filter))
		rc = print_kept(run);
	return rc;
}

/* Sets up the run (parses --spec) and executes it. */
static int run_pep440(const struct pep440_opts *o, int argc, char **argv)
{
	struct pep440_run run = {.opts = o, .policy = SW_PRE_DEFAULT};
	int rc = 0;
	if (o->pre)
		run.policy = SW_PRE_ALLOW;
	else if (o->no_pre)
		run.policy = SW_PRE_DENY;
	if (o->spec && sw_specset_parse(&run.set, o->spec, strlen(o->spec)) < 0)
		return sw_cli_error("pep440: %s", sw_error_last());
	if (run_mode(&run, argc, argv) < 0)
		rc = SW_EXIT_ERROR;
	for (size_t i = 0; i < run.count; i++)
		sw_version_free(run.items[i].version);
	free(run.items);
	sw_specset_free(run.set);
	if (fflush(stdout) != 0)
		rc = sw_cli_error("pep440: cannot write the output");
	return rc ? rc : run.failed ? SW_EXIT_ERROR : SW_EXIT_OK;
}

/* Checks that the options make one coherent mode; NULL if they do. */
static const char *check_options(const struct pep440_opts *o, int inputs)
{
	if (o->pre && o->no_pre)
		return "--pre and --no-pre exclude each other";
	if (o->pairs && (o->spec || o->sort || o->filter))
		return "--pairs takes no --spec, --sort or --filter";
	if (o->pairs && inputs)
		return "--pairs reads standard input and takes no VERSION";
	if (!o->spec && !o->pairs && (o->pre || o->no_pre || o->filter))
		return "--pre, --no-pre and --filter need --spec";
	if (o->sort && o->spec)
		return "--sort cannot be combined with --spec";
	if (!o->spec && !o->pairs && !inputs)
		return "no VERSION given";
	if (o->filter && !inputs)
		return "--filter needs VERSION arguments or '-'";
	return NULL;
}

/* Reads one option; returns 1 if it took the next argument, -1 if unknown. */
static int parse_option(struct pep440_opts *o, const char *opt, const char *next)
{
	const struct {
		const char *name;
		int *flag;
	} flags[] = {
	        {"--sort", &o->sort}, {"--filter", &o->filter}, {"--pairs", &o->pairs},
	        {"--pre", &o->pre},   {"--no-pre", &o->no_pre},
	};
	for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		if (strcmp(opt, flags[i].name) == 0) {
			*flags[i].flag = 1;
			return 0;
		}
	}
	if (strncmp(opt, "--spec=", 7) == 0) {
		o->spec = opt + 7;
		return 0;
	}
	if (strcmp(opt, "--spec") == 0 && next) {
		o->spec = next;
		return 1;
	}
	return -1;
}

static int pep440_exec(int argc, char **argv)
{
	struct pep440_opts o = {0};
	const char *bad;
	int inputs = 0, only_inputs = 0;
	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i];
		int took;
		if (only_inputs || arg[0] != '-' || strcmp(arg, "-") == 0) {
			argv[1 + inputs++] = argv[i];
			continue;
		}
		if (strcmp(arg, "--") == 0) {
			only_inputs = 1;
			continue;
		}
		if (strcmp(arg, "-h") == 0 || strcmp(arg, "--help") == 0) {
			sw_cli_print_help(stdout, &sw_cmd_pep440);
			return SW_EXIT_OK;
		}
		took = parse_option(&o, arg, i + 1 < argc ? argv[i + 1] : NULL);
		if (took < 0)
			return sw_cli_usage_error(&sw_cmd_pep440, "unknown option '%s'", arg);
		i += took;
	}
	if ((bad = check_options(&o, inputs)) != NULL)
		return sw_cli_usage_error(&sw_cmd_pep440, "%s", bad);
	return run_pep440(&o, inputs, argv + 1);
}

const struct sw_cli_command sw_cmd_pep440 = {
        .name = "pep440",
        .summary = "Normalise, sort and match PEP 440 versions",
        .usage = "pep440 [--sort] VERSION...\n"
                 "       slipway pep440 --spec SPEC [--pre|--no-pre] [--filter] [VERSION...]\n"
                 "       slipway pep440 --pairs [--pre|--no-pre] < SPEC<TAB>VERSION lines",
        .help = "Versions and specifiers follow PEP 440 exactly as the 'packaging' library\n"
                "(25.0) reads them. A VERSION of '-' reads versions from standard input,\n"
                "one per line.\n"
                "\n"
                "With only VERSIONs, prints the normalised form of each, one line per\n"
                "input ('V1.0-1' gives '1.0.post1'), or 'error: <reason>'.\n"
                "\n"
                "  --sort         print the valid versions in ascending order instead\n"
                "                 (equal ones keep their input order); invalid ones are\n"
                "                 reported on standard error\n"
                "  --spec SPEC    a specifier set such as '>=1.4,!=1.5.*,<2'. Prints\n"
                "                 'VERSION yes' or 'VERSION no' for each VERSION, or the\n"
                "                 set's canonical form when no VERSION is given\n"
                "  --pre          let pre-releases (a, b, rc, dev) match. By default they\n"
                "                 match only if a clause names one, e.g. '>=2.0b1'; an\n"
                "                 excluded one prints 'no (pre-release; pass --pre to allow)'\n"
                "  --no-pre       never let pre-releases match\n"
                "  --filter       print only the VERSIONs the set keeps, as given, like\n"
                "                 packaging's SpecifierSet.filter(); an empty SPEC keeps\n"
                "                 the final releases, or the pre-releases if there is none\n"
                "  --pairs        read 'SPEC<TAB>VERSION' lines from standard input (split\n"
                "                 at the last tab) and print 'CANONICAL<TAB>VERSION<TAB>\n"
                "                 yes|no' for each, or 'error: <reason>'\n"
                "\n"
                "Examples:\n"
                "  slipway pep440 --sort 1.10 1.9 1.0rc1 1!0.1\n"
                "  slipway pep440 --spec '~=1.4.2' 1.4.9 1.5.0\n"
                "  printf '1.0\\n2.0b1\\n2.1\\n' | slipway pep440 --spec '>=2' --filter -\n"
                "\n"
                "Exit status: 0 if every input was valid (whatever the answers), 1 if a\n"
                "VERSION or the SPEC was invalid, 2 for a wrong command line.\n",
        .exec = pep440_exec,
};
