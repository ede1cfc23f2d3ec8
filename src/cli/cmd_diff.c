/*
 * cli/cmd_diff.c — `slipway diff` (placeholder: being written).
 */
#include "cli.h"

static int diff_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return sw_cli_error("diff: not implemented yet");
}

const struct sw_cli_command sw_cmd_diff = {
        .name = "diff",
        .summary = "(not implemented yet)",
        .usage = "diff",
        .help = "",
        .exec = diff_exec,
};
