/*
 * cli/cmd_metadata.c — `slipway metadata`: `parse [--json] FILE...` reads
 * METADATA/PKG-INFO files and prints each one back in slipway's canonical
 * form, or as one JSON object per line (the fields, or the error);
 * `build [--json] [--version V] [PATH]` prints the core metadata of a
 * project's pyproject.toml. For people and for the differential tests.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "slipway/buf.h"
#include "slipway/common.h"
#include "slipway/fs.h"
#include "slipway/metadata.h"
#include "slipway/project.h"

/* Appends a JSON string of plain ASCII-or-UTF-8 text (an error message). */
static void json_text(sw_buf *out, const char *s)
{
	sw_buf_putc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			sw_buf_putc(out, '\\');
		if (c < 0x20)
			sw_buf_printf(out, "\\u%04x", c);
		else
			sw_buf_putc(out, (char)c);
	}
	sw_buf_putc(out, '"');
}

/* Reads and parses one file into `out` as text or JSON; returns 0 or the
 * error code (the message is in `out` for JSON, in sw_error_last()). */
static int parse_one(sw_buf *out, const char *path, int json)
{
	sw_metadata *md = NULL;
	char *text = NULL;
	size_t len;
	int err = sw_file_read(&text, &len, NULL, path, SW_METADATA_MAX_LEN + 1);
	if (err == 0)
		err = sw_metadata_parse(&md, text, len, path);
	if (err == 0)
		err = json ? sw_metadata_to_json(out, md) : sw_metadata_emit(out, md);
	if (err < 0 && json) {
		sw_buf_puts(out, "{\"error\":");
		json_text(out, sw_error_last());
		sw_buf_putc(out, '}');
	}
	if (json)
		sw_buf_putc(out, '\n');
	sw_metadata_free(md);
	sw_free(text);
	return err;
}

static int metadata_parse(int argc, char **argv)
{
	int json = 0, failed = 0, first = 1;
	if (first < argc && strcmp(argv[first], "--json") == 0)
		json = 1, first++;
	if (first >= argc)
		return sw_cli_usage_error(&sw_cmd_metadata, "parse: expected a FILE");
	for (int i = first; i < argc; i++) {
		sw_buf out;
		int err;
		sw_buf_init(&out, SW_BUF_MAX_DEFAULT);
		err = parse_one(&out, argv[i], json);
		if (err < 0 && !json)
			fprintf(stderr, "slipway: %s\n", sw_error_last());
		if (err < 0)
			failed = 1;
		if (out.len && (fwrite(out.ptr, 1, out.len, stdout) != out.len || fflush(stdout))) {
			sw_buf_free(&out);
			return sw_cli_error("metadata: cannot write the output");
		}
		sw_buf_free(&out);
	}
	return failed ? SW_EXIT_ERROR : SW_EXIT_OK;
}

/* Prints the metadata of the project at `path` as text or JSON. */
static int build_one(const char *path, const sw_metadata_opts *opts, int json)
{
	sw_project *project = NULL;
	sw_metadata *md = NULL;
	sw_buf out;
	int err, rc = SW_EXIT_OK;
	sw_buf_init(&out, SW_BUF_MAX_DEFAULT);
	err = sw_project_load(&project, path);
	if (err == 0)
		err = sw_metadata_from_project(&md, project, opts);
	if (err == 0)
		err = json ? sw_metadata_to_json(&out, md) : sw_metadata_emit(&out, md);
	if (err < 0)
		rc = sw_cli_core_error();
	else if (fwrite(out.ptr, 1, out.len, stdout) != out.len || (json && putchar('\n') == EOF) ||
	         fflush(stdout) != 0)
		rc = sw_cli_error("metadata: cannot write the output");
	sw_buf_free(&out);
	sw_metadata_free(md);
	sw_project_free(project);
	return rc;
}

static int metadata_build(int argc, char **argv)
{
	sw_metadata_opts opts = SW_METADATA_OPTS_INIT;
	const char *path = ".";
	int json = 0, have_path = 0;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0) {
			json = 1;
		} else if (strcmp(argv[i], "--version") == 0 && i + 1 < argc) {
			opts.version = argv[++i];
		} else if (argv[i][0] == '-' || have_path) {
			return sw_cli_usage_error(&sw_cmd_metadata, "build: unexpected '%s'",
			                          argv[i]);
		} else {
			path = argv[i];
			have_path = 1;
		}
	}
	return build_one(path, &opts, json);
}

static int metadata_exec(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "parse") == 0)
		return metadata_parse(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "build") == 0)
		return metadata_build(argc - 1, argv + 1);
	return sw_cli_usage_error(&sw_cmd_metadata, "expected the subcommand 'parse' or 'build'");
}

const struct sw_cli_command sw_cmd_metadata = {
        .name = "metadata",
        .summary = "Read core metadata, or make it from pyproject.toml",
        .usage = "metadata parse [--json] FILE... | metadata build [--json] [--version V] [PATH]",
        .help = "parse [--json] FILE...\n"
                "    Reads each FILE as core metadata (the email-header format of\n"
                "    METADATA and PKG-INFO) and prints it back in slipway's canonical\n"
                "    form: fields in a fixed order, multi-line values folded, the\n"
                "    description as the body. With --json, prints one JSON object per\n"
                "    FILE on its own line: lowercase field names mapped to a string or\n"
                "    a list of strings, \"unknown\" for headers slipway does not know,\n"
                "    or {\"error\": MESSAGE} if the file could not be read.\n\n"
                "build [--json] [--version V] [PATH]\n"
                "    Prints the core metadata (METADATA/PKG-INFO) of the project in\n"
                "    PATH (a folder or its pyproject.toml; default: the current\n"
                "    folder), made from its [project] table. --version gives the\n"
                "    version when [project] lists it in dynamic. --json prints the\n"
                "    fields as JSON instead.\n\n"
                "Exit status: 0 on success; 1 if a FILE could not be read or the\n"
                "project's metadata could not be made; 2 for usage errors.\n",
        .exec = metadata_exec,
};
