/*
 * cli/cmd_init.c — `slipway init`: creates a new project (pyproject.toml,
 * README.md, .gitignore, the package and a test) without asking questions,
 * through sw_project_init(), which never overwrites a file.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "slipway/buf.h"
#include "slipway/common.h"
#include "slipway/project_edit.h"

/* The value options of init and where each goes. */
static const char **slot(sw_init_opts *o, const char **backend, const char *arg)
{
	if (strcmp(arg, "--name") == 0)
		return &o->name;
	if (strcmp(arg, "--description") == 0)
		return &o->description;
	if (strcmp(arg, "--author") == 0)
		return &o->author;
	if (strcmp(arg, "--license") == 0)
		return &o->license;
	if (strcmp(arg, "--backend") == 0)
		return backend;
	return NULL;
}

static int init_exec(int argc, char **argv)
{
	sw_init_opts o = SW_INIT_OPTS_INIT;
	const char *dir = NULL, *backend = NULL, **s;
	char *created = NULL;
	for (int i = 1; i < argc; i++) {
		if ((s = slot(&o, &backend, argv[i]))) {
			if (i + 1 >= argc)
				return sw_cli_usage_error(&sw_cmd_init, "%s needs a value",
				                          argv[i]);
			*s = argv[++i];
		} else if (strcmp(argv[i], "--flat") == 0) {
			o.flat = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return sw_cli_usage_error(&sw_cmd_init, "unknown option %s", argv[i]);
		} else if (dir) {
			return sw_cli_usage_error(&sw_cmd_init, "only one DIR");
		} else {
			dir = argv[i];
		}
	}
	if (backend && sw_init_backend_lookup(&o.backend, backend) < 0)
		return sw_cli_usage_error(&sw_cmd_init, "%s", sw_error_last());
	if (sw_project_init(&created, dir ? dir : ".", &o) < 0)
		return sw_cli_core_error();
	printf("created in %s:\n", dir ? dir : ".");
	for (char *line = created, *nl; line && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		if (!nl)
			break;
		printf("  %.*s\n", (int)(nl - line), line);
	}
	printf("next: edit the description in pyproject.toml, then `slipway check --project`\n");
	sw_free(created);
	return SW_EXIT_OK;
}

const struct sw_cli_command sw_cmd_init = {
        .name = "init",
        .summary = "Create a new Python project without questions",
        .usage = "init [DIR] [--name NAME] [--description TEXT] [--author \"Name <email>\"] "
                 "[--license EXPR] [--backend hatchling|flit_core|setuptools|uv_build] [--flat]",
        .help = "Creates in DIR (default: the current folder; created if missing):\n"
                "  pyproject.toml    [build-system] for the backend and [project] with\n"
                "                    name, version 0.1.0, description, readme,\n"
                "                    requires-python >=3.9, license, authors, classifiers\n"
                "  README.md         a short start\n"
                "  .gitignore        .venv/, dist/, build/, .env, __pycache__/, *.egg-info/\n"
                "  src/PKG/__init__.py  the package (PKG/__init__.py with --flat)\n"
                "  tests/test_PKG.py one test\n"
                "\n"
                "Options:\n"
                "  --name NAME          project name (default: the folder's name, made a\n"
                "                       valid name); the package is its normalised form\n"
                "                       with '-' as '_'\n"
                "  --description TEXT   one line for the summary\n"
                "  --author TEXT        \"Name <email>\", \"Name\" or an email\n"
                "  --license EXPR       an SPDX license expression, e.g. MIT\n"
                "  --backend NAME       hatchling (default), flit_core, setuptools, uv_build\n"
                "  --flat               the package at the top, not under src/\n"
                "\n"
                "Nothing is overwritten: if any of these files exists, nothing is written.\n"
                "Without --license, `slipway check --project` warns that the license is\n"
                "missing. Exit status: 0 created, 1 refused or failed, 2 bad command line.\n",
        .exec = init_exec,
};
