/*
 * cli/cli.h — the command table of the `slipway` command line.
 *
 * Each subcommand lives in its own cmd_<name>.c and exports one
 * `const struct sw_cli_command`. The table in commands.c lists them; `help`,
 * usage errors and the dispatcher in main.c are generated from it. The CLI
 * uses only the public API in include/slipway/.
 */
#ifndef SW_CLI_H
#define SW_CLI_H

#include <stdio.h>

/* Exit codes of every command. */
enum {
	SW_EXIT_OK = 0,    /* success (for queries: the answer is "yes"/valid) */
	SW_EXIT_ERROR = 1, /* the operation failed or an input was invalid */
	SW_EXIT_USAGE = 2  /* the command line itself was wrong */
};

struct sw_cli_command {
	const char *name;    /* as typed after `slipway` */
	const char *summary; /* one line for the command list */
	const char *usage;   /* synopsis, e.g. "toml get FILE KEY.PATH" */
	const char *help;    /* full help text shown by `slipway help NAME` */
	/* Runs the command. argv[0] is the command name. Returns an exit code. */
	int (*exec)(int argc, char **argv);
};

/* The table, terminated by a NULL entry. */
extern const struct sw_cli_command *const sw_cli_commands[];

/* Finds a command by name, or NULL. */
const struct sw_cli_command *sw_cli_find(const char *name);

/* Prints "slipway: <cmd>: <message>" and the command's usage to stderr and
 * returns SW_EXIT_USAGE. */
int sw_cli_usage_error(const struct sw_cli_command *cmd, const char *fmt, ...)
        __attribute__((format(printf, 2, 3)));

/* Prints "slipway: <message>" to stderr; returns SW_EXIT_ERROR. */
int sw_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the last core error (sw_error_last()) prefixed with "slipway: ";
 * returns SW_EXIT_ERROR. */
int sw_cli_core_error(void);

/* Prints the overview of every command to `out`. */
void sw_cli_print_overview(FILE *out);

/* Prints a command's full help to `out`. */
void sw_cli_print_help(FILE *out, const struct sw_cli_command *cmd);

/* The commands (one file each). */
extern const struct sw_cli_command sw_cmd_help;
extern const struct sw_cli_command sw_cmd_toml;
extern const struct sw_cli_command sw_cmd_pep440;
extern const struct sw_cli_command sw_cmd_pep508;
extern const struct sw_cli_command sw_cmd_check;
extern const struct sw_cli_command sw_cmd_metadata;
extern const struct sw_cli_command sw_cmd_project;
extern const struct sw_cli_command sw_cmd_init;
extern const struct sw_cli_command sw_cmd_classifiers;
extern const struct sw_cli_command sw_cmd_build;
extern const struct sw_cli_command sw_cmd_inspect;
extern const struct sw_cli_command sw_cmd_diff;
extern const struct sw_cli_command sw_cmd_serve;
extern const struct sw_cli_command sw_cmd_version;

struct sw_trove_list;
/* Loads the trove cache (${XDG_CACHE_HOME:-$HOME/.cache}/slipway/
 * classifiers.txt) into `out`: 1 if loaded, 0 if there is none (or no
 * usable cache folder), -1 after printing why it cannot be read. */
int sw_cli_trove_cache_load(struct sw_trove_list *out);

#endif
