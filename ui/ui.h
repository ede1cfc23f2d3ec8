/*
 * ui/ui.h — the entry point of the workbench, for the `slipway` executable.
 *
 * `slipway` with no command, or `slipway PATH`, opens the full-screen
 * workbench on a project. The UI runs CLI commands typed at its `:` prompt
 * through the runner main.c hands it, so ui/ does not depend on src/cli/.
 */
#ifndef SW_UI_H
#define SW_UI_H

/* Runs one command line (argv[0] is the command name, as after `slipway`)
 * and returns its exit code; it prints to stdout/stderr, which the UI
 * captures. Returns -1 when argv[0] is not a command. */
typedef int (*sw_ui_command_fn)(int argc, char **argv);

/* Opens the workbench on `path` (a project folder or its pyproject.toml;
 * NULL: the current folder). Refuses (message on stderr, exit code 1) when
 * stdin or stdout is not a terminal. Returns the process exit code. */
int sw_ui_main(const char *path, sw_ui_command_fn run_command);

#endif
