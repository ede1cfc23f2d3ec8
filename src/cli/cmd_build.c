/*
 * cli/cmd_build.c — `slipway build` (placeholder: being written).
 */
#include "cli.h"

static int build_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return sw_cli_error("build: not implemented yet");
}

const struct sw_cli_command sw_cmd_build = {
        .name = "build",
        .summary = "(not implemented yet)",
        .usage = "build",
        .help = "",
        .exec = build_exec,
};
