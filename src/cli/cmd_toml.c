/*
 * cli/cmd_toml.c — placeholder until the toml command lands.
 */
#include "cli.h"

static int toml_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return sw_cli_error("toml: not implemented yet");
}

const struct sw_cli_command sw_cmd_toml = {
	.name = "toml",
	.summary = "(not implemented yet)",
	.usage = "toml",
	.help = "",
	.exec = toml_exec,
};
