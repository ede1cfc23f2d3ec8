/*
 * cli/cmd_pep508.c — `slipway pep508 [--env NAME=VALUE]... REQUIREMENT...`:
 * parses PEP 508 requirements and prints one JSON object per requirement
 * (its parts, its canonical form, and whether its marker holds in the
 * environment), for people and for the differential tests. `-` reads one
 * requirement per line from standard input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "slipway/common.h"
#include "slipway/pep508.h"

static void json_cstr(sw_buf *out, const char *s)
{
	sw_buf_put_json_string(out, s, strlen(s));
}

/* Appends `"key":` to the object being written. */
static void json_key(sw_buf *out, const char *key)
{
	sw_buf_printf(out, ",\"%s\":", key);
}

/* Appends the marker fields: its canonical text and whether it holds. */
static void write_marker(sw_buf *out, sw_buf *tmp, const sw_marker *marker,
                         const sw_marker_env *env)
{
	int holds = 0, err;
	json_key(out, "marker");
	if (!marker) {
		sw_buf_puts(out, "null");
		json_key(out, "marker_holds");
		sw_buf_puts(out, "null");
		return;
	}
	sw_buf_clear(tmp);
	sw_marker_format(tmp, marker);
	sw_buf_put_json_string(out, sw_buf_cstr(tmp), tmp->len);
	err = sw_marker_evaluate(&holds, marker, env);
	json_key(out, "marker_holds");
	sw_buf_puts(out, err < 0 ? "null" : holds ? "true" : "false");
	if (err < 0) {
		json_key(out, "marker_error");
		json_cstr(out, sw_error_last());
	}
}

/* Appends the fields of a parsed requirement. */
static void write_fields(sw_buf *out, const sw_requirement *req, const sw_marker_env *env)
{
	const char *name = sw_requirement_name(req);
	sw_buf tmp;
	sw_buf_init(&tmp, SW_BUF_MAX_DEFAULT);
	json_key(out, "name");
	json_cstr(out, name);
	json_key(out, "normalized_name");
	sw_name_normalize(&tmp, name, strlen(name));
	sw_buf_put_json_string(out, sw_buf_cstr(&tmp), tmp.len);
	json_key(out, "extras");
	sw_buf_putc(out, '[');
	for (size_t i = 0; i < sw_requirement_extra_count(req); i++) {
		if (i)
			sw_buf_putc(out, ',');
		json_cstr(out, sw_requirement_extra(req, i));
	}
	sw_buf_putc(out, ']');
	json_key(out, "specifier");
	sw_buf_clear(&tmp);
	sw_specset_format(&tmp, sw_requirement_specifier(req));
	sw_buf_put_json_string(out, sw_buf_cstr(&tmp), tmp.len);
	json_key(out, "url");
	if (sw_requirement_url(req))
		json_cstr(out, sw_requirement_url(req));
	else
		sw_buf_puts(out, "null");
	write_marker(out, &tmp, sw_requirement_marker(req), env);
	json_key(out, "canonical");
	sw_buf_clear(&tmp);
	sw_requirement_format(&tmp, req);
	sw_buf_put_json_string(out, sw_buf_cstr(&tmp), tmp.len);
	sw_buf_free(&tmp);
}

/* What the command was asked to parse. */
struct run {
	sw_marker_env env;
	int markers; /* --marker: the inputs are markers, not requirements */
};

/* Parses one input and appends its fields. Returns 1 if valid. */
static int parse_and_write(sw_buf *out, const char *text, size_t len, const struct run *run)
{
	sw_requirement *req = NULL;
	sw_marker *marker = NULL;
	sw_buf tmp;
	if (run->markers) {
		if (sw_marker_parse(&marker, text, len) < 0)
			return 0;
		sw_buf_init(&tmp, SW_BUF_MAX_DEFAULT);
		write_marker(out, &tmp, marker, &run->env);
		sw_buf_free(&tmp);
		sw_marker_free(marker);
		return 1;
	}
	if (sw_requirement_parse(&req, text, len) < 0)
		return 0;
	write_fields(out, req, &run->env);
	sw_requirement_free(req);
	return 1;
}

/* Parses one input and prints its JSON line. Returns 1 if valid. */
static int report(const char *text, size_t len, const struct run *run)
{
	sw_buf out;
	int ok;
	sw_buf_init(&out, SW_BUF_MAX_DEFAULT);
	sw_buf_puts(&out, "{\"input\":");
	sw_buf_put_json_string(&out, text, len);
	ok = parse_and_write(&out, text, len, run);
	if (!ok) {
		json_key(&out, "error");
		json_cstr(&out, sw_error_last());
	}
	sw_buf_puts(&out, "}\n");
	if (sw_buf_error(&out))
		fprintf(stderr, "slipway: pep508: %s\n", sw_error_name(sw_buf_error(&out)));
	else
		fwrite(out.ptr, 1, out.len, stdout);
	sw_buf_free(&out);
	return ok;
}

/* Reports every line of standard input. Returns the number of invalid
 * requirements, or -1 on a read error. */
static int report_stdin(const struct run *run)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int invalid = 0;
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		size_t len = (size_t)n;
		if (len && line[len - 1] == '\n')
			len--;
		invalid += !report(line, len, run);
	}
	free(line);
	return ferror(stdin) ? -1 : invalid;
}

/* Applies one --env NAME=VALUE (the value stays in argv). */
static int apply_env(sw_marker_env *env, char *assignment)
{
	char *eq = strchr(assignment, '=');
	if (!eq)
		return sw_cli_usage_error(&sw_cmd_pep508, "--env needs NAME=VALUE, got '%s'",
		                          assignment);
	*eq = '\0';
	if (strcmp(assignment, "extras") == 0 || strcmp(assignment, "dependency_groups") == 0 ||
	    sw_marker_env_set(env, assignment, eq + 1) < 0)
		return sw_cli_usage_error(&sw_cmd_pep508, "'%s' is not a marker variable",
		                          assignment);
	return SW_EXIT_OK;
}

static int pep508_exec(int argc, char **argv)
{
	struct run run = {.markers = 0};
	int i = 1, invalid = 0, any = 0, rc;
	sw_marker_env_default(&run.env);
	for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "--marker") == 0) {
			run.markers = 1;
			continue;
		}
		if (strcmp(argv[i], "--env") != 0)
			return sw_cli_usage_error(&sw_cmd_pep508, "unknown option '%s'", argv[i]);
		if (i + 1 >= argc)
			return sw_cli_usage_error(&sw_cmd_pep508, "--env needs NAME=VALUE");
		if ((rc = apply_env(&run.env, argv[++i])) != SW_EXIT_OK)
			return rc;
	}
	for (; i < argc; i++, any = 1) {
		if (strcmp(argv[i], "-") != 0) {
			invalid += !report(argv[i], strlen(argv[i]), &run);
			continue;
		}
		if ((rc = report_stdin(&run)) < 0)
			return sw_cli_error("pep508: cannot read standard input");
		invalid += rc;
	}
	if (!any)
		return sw_cli_usage_error(&sw_cmd_pep508, "expected at least one REQUIREMENT");
	fflush(stdout);
	return invalid ? SW_EXIT_ERROR : SW_EXIT_OK;
}

const struct sw_cli_command sw_cmd_pep508 = {
        .name = "pep508",
        .summary = "Parse PEP 508 requirements and evaluate their markers",
        .usage = "pep508 [--env NAME=VALUE]... [--marker] REQUIREMENT...",
        .help = "Prints one JSON object per REQUIREMENT, on one line:\n"
                "  {\"input\", \"name\", \"normalized_name\", \"extras\", \"specifier\",\n"
                "   \"url\", \"marker\", \"marker_holds\", \"canonical\"}\n"
                "or {\"input\", \"error\"} if it is not valid. \"canonical\" is the form\n"
                "packaging's str(Requirement(...)) prints. \"marker_holds\" is null when\n"
                "there is no marker, or when evaluating it fails (then \"marker_error\"\n"
                "says why, e.g. a version compared with a non-version).\n"
                "A REQUIREMENT of '-' reads one requirement per line from standard input.\n"
                "\n"
                "Options:\n"
                "  --marker          the arguments are markers: print {\"input\", \"marker\",\n"
                "                    \"marker_holds\"} as str(Marker(...)) and evaluate()\n"
                "  --env NAME=VALUE  set a marker variable (python_version, os_name,\n"
                "                    sys_platform, platform_machine, platform_system,\n"
                "                    platform_release, platform_version,\n"
                "                    platform_python_implementation, implementation_name,\n"
                "                    implementation_version, python_full_version, extra)\n"
                "\n"
                "Without --env, platform_* and sys_platform come from uname(), os_name is\n"
                "\"posix\", the interpreter is assumed to be CPython 3.11.0 (python_version\n"
                "\"3.11\", python_full_version and implementation_version \"3.11.0\") and\n"
                "extra is \"\" (no extra requested).\n"
                "\n"
                "Exit status: 0 all valid, 1 any invalid, 2 usage error.\n",
        .exec = pep508_exec,
};
