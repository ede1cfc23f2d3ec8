/*
 * cli/cmd_toml.c — `slipway toml`: read and edit TOML files from scripts.
 * Subcommands get, set, emit and to-json, each a small function over the
 * public toml API; set saves atomically and refuses a file changed on disk.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "slipway/buf.h"
#include "slipway/common.h"
#include "slipway/fs.h"
#include "slipway/toml.h"

/* Largest output built in memory (a whole document as JSON). */
#define OUT_MAX ((size_t)256 * 1024 * 1024)

/* Prints the last core error: parse errors as "file:line:col: reason". */
static int core_error(void)
{
	if (sw_error_last_code() == SW_EPARSE) {
		fprintf(stderr, "%s\n", sw_error_last());
		return SW_EXIT_ERROR;
	}
	return sw_cli_core_error();
}

/* Writes a buffer to stdout and reports a failed write. */
static int print_buf(const sw_buf *buf, int newline)
{
	if (fwrite(sw_buf_cstr(buf), 1, buf->len, stdout) != buf->len ||
	    (newline && putchar('\n') == EOF) || fflush(stdout) != 0)
		return sw_cli_error("toml: cannot write the output");
	return SW_EXIT_OK;
}

/* Loads FILE; prints the error and returns an exit code on failure. */
static int load(sw_toml_doc **doc, sw_file_stamp *stamp, const char *path)
{
	if (sw_toml_load(doc, stamp, path) < 0)
		return core_error();
	return SW_EXIT_OK;
}

/* toml emit FILE */
static int toml_emit(char **argv)
{
	sw_toml_doc *doc;
	size_t len;
	const char *text;
	int rc = load(&doc, NULL, argv[0]);
	if (rc)
		return rc;
	text = sw_toml_text(doc, &len);
	if (fwrite(text, 1, len, stdout) != len || fflush(stdout) != 0)
		rc = sw_cli_error("toml: cannot write the output");
	sw_toml_free(doc);
	return rc;
}

/* toml to-json FILE */
static int toml_to_json(char **argv)
{
	sw_toml_doc *doc;
	sw_buf out;
	int rc = load(&doc, NULL, argv[0]);
	if (rc)
		return rc;
	sw_buf_init(&out, OUT_MAX);
	if (sw_toml_to_json(sw_toml_root(doc), &out) < 0)
		rc = sw_cli_core_error();
	else
		rc = print_buf(&out, 1);
	sw_buf_free(&out);
	sw_toml_free(doc);
	return rc;
}

/* Appends what `get` shows for a node. */
static int show_node(sw_buf *out, const sw_toml_doc *doc, const sw_toml_node *node)
{
	const char *s;
	size_t len;
	if (sw_toml_type(node) == SW_TOML_STRING) {
		sw_toml_string(node, &s, &len);
		sw_buf_put(out, s, len);
		return sw_buf_putc(out, '\n');
	}
	if ((s = sw_toml_source(node, &len)) != NULL) {
		sw_buf_put(out, s, len);
		return sw_buf_putc(out, '\n');
	}
	return sw_toml_node_text(doc, node, out);
}

/* toml get FILE KEY.PATH */
static int toml_get(char **argv)
{
	sw_toml_doc *doc;
	const sw_toml_node *node;
	sw_buf out;
	int rc = load(&doc, NULL, argv[0]), err;
	if (rc)
		return rc;
	sw_buf_init(&out, OUT_MAX);
	err = sw_toml_get_path(&node, sw_toml_root(doc), argv[1]);
	if (err == SW_ENOTFOUND)
		rc = sw_cli_error("toml: %s: no key %s", argv[0], argv[1]);
	else if (err < 0)
		rc = sw_cli_usage_error(&sw_cmd_toml, "bad key path: %s", sw_error_last());
	else if (show_node(&out, doc, node) < 0)
		rc = sw_cli_core_error();
	else
		rc = print_buf(&out, 0);
	sw_buf_free(&out);
	sw_toml_free(doc);
	return rc;
}

/* toml set FILE KEY.PATH VALUE */
static int toml_set(char **argv)
{
	sw_toml_doc *doc;
	sw_file_stamp stamp;
	char **keys = NULL;
	size_t n, len;
	const char *text;
	int rc = load(&doc, &stamp, argv[0]);
	if (rc)
		return rc;
	if (sw_toml_path_parse(&keys, &n, argv[1], strlen(argv[1])) < 0)
		rc = sw_cli_usage_error(&sw_cmd_toml, "bad key path: %s", sw_error_last());
	else if (sw_toml_set(doc, (const char *const *)keys, n, argv[2], strlen(argv[2])) < 0)
		rc = core_error();
	else if ((text = sw_toml_text(doc, &len)) != NULL &&
	         sw_file_write_atomic(argv[0], text, len, &stamp) < 0)
		rc = sw_cli_core_error();
	sw_free(keys);
	sw_toml_free(doc);
	return rc;
}

static const struct toml_sub {
	const char *name;
	int nargs;
	int (*run)(char **argv);
} subs[] = {
        {"get", 2, toml_get},
        {"set", 3, toml_set},
        {"emit", 1, toml_emit},
        {"to-json", 1, toml_to_json},
};

static int toml_exec(int argc, char **argv)
{
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		sw_cli_print_help(stdout, &sw_cmd_toml);
		return SW_EXIT_OK;
	}
	if (argc < 2)
		return sw_cli_usage_error(&sw_cmd_toml, "missing subcommand");
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		if (strcmp(argv[1], subs[i].name) != 0)
			continue;
		if (argc - 2 != subs[i].nargs)
			return sw_cli_usage_error(&sw_cmd_toml, "%s takes %d argument%s",
			                          subs[i].name, subs[i].nargs,
			                          subs[i].nargs > 1 ? "s" : "");
		return subs[i].run(argv + 2);
	}
	return sw_cli_usage_error(&sw_cmd_toml, "unknown subcommand '%s'", argv[1]);
}

const struct sw_cli_command sw_cmd_toml = {
        .name = "toml",
        .summary = "Read, edit and convert TOML files, keeping their layout",
        .usage = "toml get FILE KEY.PATH | set FILE KEY.PATH VALUE | emit FILE | to-json FILE",
        .help = "Subcommands:\n"
                "  get FILE KEY.PATH\n"
                "      Prints the value at KEY.PATH (TOML key syntax: a.b.\"c.d\"). Strings\n"
                "      are printed decoded, other values as written in the file, tables\n"
                "      and arrays of tables as the source lines that define them.\n"
                "  set FILE KEY.PATH VALUE\n"
                "      Sets KEY.PATH to VALUE, given as TOML value text: '\"1.2.3\"',\n"
                "      '[\"a\", \"b\"]', '{x = 1}', 42, true. An existing value keeps its key,\n"
                "      spacing and comment; a missing key is added in the style of its\n"
                "      neighbours, with any missing [table]. Only the bytes that must\n"
                "      change do. The file is replaced atomically, and not at all if it\n"
                "      changed on disk since it was read.\n"
                "  emit FILE\n"
                "      Prints the document as slipway holds it: byte for byte the input.\n"
                "  to-json FILE\n"
                "      Prints the document as the tagged JSON of the toml-test suite:\n"
                "      every value as {\"type\": ..., \"value\": ...}.\n"
                "\n"
                "FILE must be TOML 1.0 (at most 16 MiB, nesting at most 256 deep). An\n"
                "invalid file is reported on stderr as FILE:LINE:COL: reason.\n"
                "\n"
                "Exit status: 0 on success; 1 if the file cannot be read, is not valid\n"
                "TOML, or the key is missing; 2 for a wrong command line.\n",
        .exec = toml_exec,
};
