/*
 * cli/cmd_project.c — `slipway project`: edits of pyproject.toml from the
 * command line, one subcommand per editor operation (a table below). Each
 * opens the file, runs the operation (which refuses bad input and edits
 * that would make the file invalid), and saves atomically, or with
 * --dry-run prints the change as a unified diff and writes nothing.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "slipway/buf.h"
#include "slipway/common.h"
#include "slipway/project_edit.h"
#include "slipway/trove.h"

#define ARGS_MAX 64

/* The parsed command line. */
struct opts {
	const char *file, *extra, *group;
	int dry_run, toml, gui;
	const char *args[ARGS_MAX];
	int nargs;
};

typedef int (*op_fn)(sw_project_editor *ed, const struct opts *o);

/* Fields whose value is one string. */
static int is_string_field(const char *f)
{
	static const char *const names[] = {"name",   "version",         "description",
	                                    "readme", "requires-python", "license"};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(f, names[i]) == 0)
			return 1;
	return 0;
}

static int op_set(sw_project_editor *ed, const struct opts *o)
{
	if (o->toml)
		return o->nargs == 2 ? sw_project_set_value(ed, o->args[0], o->args[1]) : SW_EINVAL;
	if (is_string_field(o->args[0]))
		return o->nargs == 2 ? sw_project_set_string(ed, o->args[0], o->args[1])
		                     : SW_EINVAL;
	return sw_project_set_strings(ed, o->args[0], o->args + 1, (size_t)(o->nargs - 1));
}

static int op_unset(sw_project_editor *ed, const struct opts *o)
{
	return sw_project_unset(ed, o->args[0]);
}

static int op_add_dep(sw_project_editor *ed, const struct opts *o)
{
	int err = 0;
	for (int i = 0; i < o->nargs && err == 0; i++)
		err = sw_project_dep_add(ed, o->args[i], o->extra, o->group);
	return err;
}

static int op_remove_dep(sw_project_editor *ed, const struct opts *o)
{
	int err = 0;
	for (int i = 0; i < o->nargs && err == 0; i++)
		err = sw_project_dep_remove(ed, o->args[i], o->extra, o->group);
	return err;
}

static int op_add_classifier(sw_project_editor *ed, const struct opts *o)
{
	return sw_project_list_add(ed, "classifiers", o->args[0]);
}

static int op_remove_classifier(sw_project_editor *ed, const struct opts *o)
{
	return sw_project_list_remove(ed, "classifiers", o->args[0]);
}

static int op_add_keyword(sw_project_editor *ed, const struct opts *o)
{
	return sw_project_list_add(ed, "keywords", o->args[0]);
}

static int op_remove_keyword(sw_project_editor *ed, const struct opts *o)
{
	return sw_project_list_remove(ed, "keywords", o->args[0]);
}

static int op_add_url(sw_project_editor *ed, const struct opts *o)
{
	return sw_project_entry_set(ed, "urls", o->args[0], o->args[1]);
}

static int op_remove_url(sw_project_editor *ed, const struct opts *o)
{
	return sw_project_entry_remove(ed, "urls", o->args[0]);
}

static int op_add_script(sw_project_editor *ed, const struct opts *o)
{
	return sw_project_entry_set(ed, o->gui ? "gui-scripts" : "scripts", o->args[0], o->args[1]);
}

static int op_remove_script(sw_project_editor *ed, const struct opts *o)
{
	return sw_project_entry_remove(ed, o->gui ? "gui-scripts" : "scripts", o->args[0]);
}

/* Adds a person to authors or maintainers. */
static int add_person(sw_project_editor *ed, const char *field, const char *text)
{
	char *name = NULL, *email = NULL;
	int err = sw_person_parse(&name, &email, text);
	if (err == 0)
		err = sw_project_person_add(ed, field, name, email);
	sw_free(name);
	sw_free(email);
	return err;
}

static int op_add_author(sw_project_editor *ed, const struct opts *o)
{
	return add_person(ed, "authors", o->args[0]);
}

static int op_remove_author(sw_project_editor *ed, const struct opts *o)
{
	return sw_project_person_remove(ed, "authors", o->args[0]);
}

static int op_add_maintainer(sw_project_editor *ed, const struct opts *o)
{
	return add_person(ed, "maintainers", o->args[0]);
}

static int op_remove_maintainer(sw_project_editor *ed, const struct opts *o)
{
	return sw_project_person_remove(ed, "maintainers", o->args[0]);
}

/* One subcommand: its name, how many arguments (max -1: any number from
 * min), and the operation. */
struct subcommand {
	const char *name;
	int min, max;
	op_fn run;
};

static const struct subcommand subs[] = {
        {"set", 2, -1, op_set},
        {"unset", 1, 1, op_unset},
        {"add-dep", 1, -1, op_add_dep},
        {"remove-dep", 1, -1, op_remove_dep},
        {"add-classifier", 1, 1, op_add_classifier},
        {"remove-classifier", 1, 1, op_remove_classifier},
        {"add-keyword", 1, 1, op_add_keyword},
        {"remove-keyword", 1, 1, op_remove_keyword},
        {"add-url", 2, 2, op_add_url},
        {"remove-url", 1, 1, op_remove_url},
        {"add-script", 2, 2, op_add_script},
        {"remove-script", 1, 1, op_remove_script},
        {"add-author", 1, 1, op_add_author},
        {"remove-author", 1, 1, op_remove_author},
        {"add-maintainer", 1, 1, op_add_maintainer},
        {"remove-maintainer", 1, 1, op_remove_maintainer},
};

/* Parses options and arguments after the subcommand name. Returns 0 or a
 * usage message. */
static const char *parse(struct opts *o, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = strcmp(a, "--file") == 0    ? &o->file
		                    : strcmp(a, "--extra") == 0 ? &o->extra
		                    : strcmp(a, "--group") == 0 ? &o->group
		                                                : NULL;
		if (slot) {
			if (i + 1 >= argc)
				return "an option needs a value";
			*slot = argv[++i];
		} else if (strcmp(a, "--dry-run") == 0) {
			o->dry_run = 1;
		} else if (strcmp(a, "--toml") == 0) {
			o->toml = 1;
		} else if (strcmp(a, "--gui") == 0) {
			o->gui = 1;
		} else if (a[0] == '-' && a[1] == '-' && a[2]) {
			return "unknown option";
		} else if (o->nargs == ARGS_MAX) {
			return "too many arguments";
		} else {
			o->args[o->nargs++] = a;
		}
	}
	return o->extra && o->group ? "give --extra or --group, not both" : NULL;
}

/* Prints the change as a unified diff. */
static int print_diff(const sw_project_editor *ed)
{
	size_t len, slen;
	const char *text = sw_project_editor_text(ed, &len);
	const char *saved = sw_project_editor_saved_text(ed, &slen);
	sw_buf out;
	int rc = SW_EXIT_OK;
	sw_buf_init(&out, SW_BUF_MAX_DEFAULT);
	if (sw_text_diff(&out, "pyproject.toml", saved, slen, text, len) < 0)
		rc = sw_cli_core_error();
	else if (fwrite(sw_buf_cstr(&out), 1, out.len, stdout) != out.len || fflush(stdout))
		rc = sw_cli_error("project: cannot write the output");
	sw_buf_free(&out);
	return rc;
}

/* Opens the file, runs the operation, saves or shows the diff. */
static int run(const struct subcommand *sub, const struct opts *o)
{
	sw_project_editor *ed = NULL;
	sw_trove_list cache;
	int rc = SW_EXIT_OK, err, have_cache;
	if (sw_project_editor_open(&ed, o->file ? o->file : ".") < 0)
		return sw_cli_core_error();
	/* Classifiers fetched by `slipway classifiers --refresh` count too. */
	have_cache = sw_cli_trove_cache_load(&cache) == 1;
	err = have_cache ? sw_project_editor_set_trove_extra(ed, &cache) : 0;
	if (err == 0)
		err = sub->run(ed, o);
	if (err == SW_EINVAL && !sw_error_last()[0])
		rc = sw_cli_error("project %s: wrong number of values", sub->name);
	else if (err < 0)
		rc = sw_cli_core_error();
	else if (o->dry_run)
		rc = print_diff(ed);
	else if (!sw_project_editor_dirty(ed))
		fprintf(stderr, "slipway: %s: nothing to change\n", sw_project_editor_path(ed));
	else if (sw_project_editor_save(ed) < 0)
		rc = sw_cli_core_error();
	else
		printf("updated %s\n", sw_project_editor_path(ed));
	sw_project_editor_free(ed);
	if (have_cache)
		sw_trove_list_free(&cache);
	return rc;
}

static int project_exec(int argc, char **argv)
{
	struct opts o;
	const char *bad;
	memset(&o, 0, sizeof(o));
	if (argc < 2)
		return sw_cli_usage_error(&sw_cmd_project, "missing subcommand");
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		if ((bad = parse(&o, argc - 2, argv + 2)))
			return sw_cli_usage_error(&sw_cmd_project, "%s: %s", subs[i].name, bad);
		if (o.nargs < subs[i].min || (subs[i].max >= 0 && o.nargs > subs[i].max))
			return sw_cli_usage_error(&sw_cmd_project, "%s: wrong number of arguments",
			                          subs[i].name);
		sw_error_clear();
		return run(&subs[i], &o);
	}
	return sw_cli_usage_error(&sw_cmd_project, "unknown subcommand '%s'", argv[1]);
}

const struct sw_cli_command sw_cmd_project = {
        .name = "project",
        .summary = "Edit pyproject.toml safely: fields, dependencies, classifiers, URLs, people",
        .usage = "project SUBCOMMAND ARGS... [--file PATH] [--dry-run]",
        .help = "Subcommands:\n"
                "  set FIELD VALUE...        set a [project] field: a string field (name,\n"
                "                            version, description, readme, requires-python,\n"
                "                            license) takes one VALUE; keywords, classifiers,\n"
                "                            license-files, dynamic take the whole list\n"
                "  set --toml FIELD TOML     set any field to a TOML value, e.g.\n"
                "                            set --toml readme '{file = \"README.rst\"}'\n"
                "  unset FIELD               remove a [project] field\n"
                "  add-dep REQ...            add a requirement, or change the one with the\n"
                "                            same name in place\n"
                "  remove-dep NAME...        remove the requirement of that name\n"
                "      --extra X             ... in optional-dependencies.X (created if needed)\n"
                "      --group G             ... in [dependency-groups] G (created if needed)\n"
                "  add-classifier TEXT       add a trove classifier (checked against the list)\n"
                "  remove-classifier TEXT\n"
                "  add-keyword WORD, remove-keyword WORD\n"
                "  add-url LABEL URL         set [project.urls] LABEL\n"
                "  remove-url LABEL\n"
                "  add-script NAME MOD:FUNC  set [project.scripts] NAME (--gui: gui-scripts)\n"
                "  remove-script NAME\n"
                "  add-author \"Name <email>\", remove-author NAME-OR-EMAIL\n"
                "  add-maintainer \"Name <email>\", remove-maintainer NAME-OR-EMAIL\n"
                "\n"
                "Options:\n"
                "  --file PATH   the pyproject.toml, or its folder (default: .)\n"
                "  --dry-run     print the change as a unified diff; write nothing\n"
                "\n"
                "Only the bytes of the change are touched: comments, layout and the\n"
                "style of arrays (one line or one item a line, trailing comma) stay, and\n"
                "a sorted list stays sorted. An edit is refused when its input is invalid\n"
                "(e.g. not a PEP 508 requirement), when the file is not valid TOML, or\n"
                "when the result would have more errors than `slipway check --project`\n"
                "finds now. The file is replaced atomically, keeping its permissions; if\n"
                "it changed on disk while slipway worked, nothing is written.\n"
                "\n"
                "Exit status: 0 done, 1 refused or failed, 2 bad command line.\n",
        .exec = project_exec,
};
