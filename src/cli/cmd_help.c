/*
 * cli/cmd_help.c — `slipway help [COMMAND]`: the command list or one
 * command's full help.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

/* Prints the overview: what slipway is and the list of commands. */
static void print_overview(FILE *out)
{
	fputs("usage: slipway [--version] [--help] <command> [<args>]\n\n"
	      "Slipway is a workbench for Python packaging: edit pyproject.toml,\n"
	      "build, inspect, check, publish and version a package.\n\n"
	      "Commands:\n",
	      out);
	int width = 0;
	for (size_t i = 0; sw_cli_commands[i]; i++) {
		int len = (int)strlen(sw_cli_commands[i]->name);
		width = len > width ? len : width;
	}
	for (size_t i = 0; sw_cli_commands[i]; i++)
		fprintf(out, "  %-*s  %s\n", width, sw_cli_commands[i]->name,
		        sw_cli_commands[i]->summary);
	fputs("\nRun 'slipway help <command>' for the details of one command.\n", out);
}

static int help_exec(int argc, char **argv)
{
	const struct sw_cli_command *cmd;
	if (argc < 2) {
		print_overview(stdout);
		return SW_EXIT_OK;
	}
	if (argc > 2)
		return sw_cli_usage_error(&sw_cmd_help, "expected one command name");
	cmd = sw_cli_find(argv[1]);
	if (!cmd) {
		fprintf(stderr, "slipway: help: no command named '%s'\n\n", argv[1]);
		print_overview(stderr);
		return SW_EXIT_USAGE;
	}
	sw_cli_print_help(stdout, cmd);
	return SW_EXIT_OK;
}

const struct sw_cli_command sw_cmd_help = {
        .name = "help",
        .summary = "Show the list of commands, or the help of one command",
        .usage = "help [COMMAND]",
        .help = "With no COMMAND, lists every command. With a COMMAND, shows its\n"
                "synopsis, options and exit codes.\n",
        .exec = help_exec,
};

/* Overview for `slipway --help`. */
void sw_cli_print_overview(FILE *out)
{
	print_overview(out);
}
