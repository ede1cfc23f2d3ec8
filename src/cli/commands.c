/*
 * cli/commands.c — the table of subcommands and the shared error printers.
 */
#include <stdarg.h>
#include <string.h>

#include "cli.h"
#include "slipway/common.h"

const struct sw_cli_command *const sw_cli_commands[] = {
        &sw_cmd_help,    &sw_cmd_toml,    &sw_cmd_pep440, &sw_cmd_pep508,      &sw_cmd_metadata,
        &sw_cmd_check,   &sw_cmd_project, &sw_cmd_init,   &sw_cmd_classifiers, &sw_cmd_build,
        &sw_cmd_inspect, &sw_cmd_diff,    &sw_cmd_serve,  &sw_cmd_version,     NULL,
};

const struct sw_cli_command *sw_cli_find(const char *name)
{
	for (size_t i = 0; sw_cli_commands[i]; i++)
		if (strcmp(sw_cli_commands[i]->name, name) == 0)
			return sw_cli_commands[i];
	return NULL;
}

int sw_cli_usage_error(const struct sw_cli_command *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "slipway: %s: ", cmd->name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: slipway %s\nTry 'slipway help %s' for more.\n", cmd->usage,
	        cmd->name);
	return SW_EXIT_USAGE;
}

int sw_cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("slipway: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return SW_EXIT_ERROR;
}

int sw_cli_core_error(void)
{
	return sw_cli_error("%s", sw_error_last());
}

void sw_cli_print_help(FILE *out, const struct sw_cli_command *cmd)
{
	fprintf(out, "usage: slipway %s\n\n%s\n", cmd->usage, cmd->summary);
	if (cmd->help && cmd->help[0])
		fprintf(out, "\n%s", cmd->help);
}
