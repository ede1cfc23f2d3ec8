/*
 * cli/cmd_serve.c — `slipway serve` (placeholder: being written).
 */
#include "cli.h"

static int serve_exec(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return sw_cli_error("serve: not implemented yet");
}

const struct sw_cli_command sw_cmd_serve = {
        .name = "serve",
        .summary = "(not implemented yet)",
        .usage = "serve",
        .help = "",
        .exec = serve_exec,
};
