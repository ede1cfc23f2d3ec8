/*
 * cli/cmd_pep508.c — placeholder until the pep508 command lands.
 */
#include "cli.h"

static int pep508_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return sw_cli_error("pep508: not implemented yet");
}

const struct sw_cli_command sw_cmd_pep508 = {
	.name = "pep508",
	.summary = "(not implemented yet)",
	.usage = "pep508",
	.help = "",
	.exec = pep508_exec,
};
