/*
 * cli/main.c — entry point of the `slipway` binary: global options, then
 * dispatch to a subcommand from the command table; with no command, or a
 * path instead of one, the workbench (ui/) opens.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "slipway/common.h"
#include "slipway/log.h"
#include "ui.h"

/* Prints core log messages to stderr (enabled by -v). */
static void log_to_stderr(enum sw_log_level level, const char *message, void *userdata)
{
	(void)userdata;
	fprintf(stderr, "slipway: %s: %s\n", sw_log_level_name(level), message);
}

/* Runs one command line for the workbench's `:` prompt; -1 if unknown. */
static int run_for_ui(int argc, char **argv)
{
	const struct sw_cli_command *cmd = sw_cli_find(argv[0]);
	return cmd ? cmd->exec(argc, argv) : -1;
}

int main(int argc, char **argv)
{
	const struct sw_cli_command *cmd;
	int verbose = 0, i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *opt = argv[i];
		if (strcmp(opt, "--version") == 0 || strcmp(opt, "-V") == 0) {
			printf("slipway %s\n", sw_libslipway_version());
			return SW_EXIT_OK;
		} else if (strcmp(opt, "--help") == 0 || strcmp(opt, "-h") == 0) {
			sw_cli_print_overview(stdout);
			return SW_EXIT_OK;
		} else if (strcmp(opt, "-v") == 0 || strcmp(opt, "--verbose") == 0) {
			verbose++;
		} else {
			fprintf(stderr, "slipway: unknown option '%s'\n", opt);
			fputs("Try 'slipway --help'.\n", stderr);
			return SW_EXIT_USAGE;
		}
	}
	if (verbose)
		sw_log_set(log_to_stderr, verbose > 1 ? SW_LOG_DEBUG : SW_LOG_INFO, NULL);
	if (i >= argc)
		return sw_ui_main(NULL, run_for_ui);
	cmd = sw_cli_find(argv[i]);
	if (!cmd && i + 1 == argc && access(argv[i], F_OK) == 0)
		return sw_ui_main(argv[i], run_for_ui);
	if (!cmd) {
		fprintf(stderr, "slipway: '%s' is not a slipway command\n", argv[i]);
		fputs("Try 'slipway help' for the list of commands.\n", stderr);
		return SW_EXIT_USAGE;
	}
	return cmd->exec(argc - i, argv + i);
}
