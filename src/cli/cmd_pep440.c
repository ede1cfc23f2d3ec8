/*
 * cli/cmd_pep440.c — placeholder until the pep440 command lands.
 */
#include "cli.h"

static int pep440_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return sw_cli_error("pep440: not implemented yet");
}

const struct sw_cli_command sw_cmd_pep440 = {
	.name = "pep440",
	.summary = "(not implemented yet)",
	.usage = "pep440",
	.help = "",
	.exec = pep440_exec,
};
