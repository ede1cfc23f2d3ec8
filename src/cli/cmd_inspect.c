/*
 * cli/cmd_inspect.c — `slipway inspect` (placeholder: being written).
 */
#include "cli.h"

static int inspect_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return sw_cli_error("inspect: not implemented yet");
}

const struct sw_cli_command sw_cmd_inspect = {
        .name = "inspect",
        .summary = "(not implemented yet)",
        .usage = "inspect",
        .help = "",
        .exec = inspect_exec,
};
