/*
 * cli/cmd_version.c — `slipway version` (placeholder: being written).
 */
#include "cli.h"

static int version_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return sw_cli_error("version: not implemented yet");
}

const struct sw_cli_command sw_cmd_version = {
        .name = "version",
        .summary = "(not implemented yet)",
        .usage = "version",
        .help = "",
        .exec = version_exec,
};
