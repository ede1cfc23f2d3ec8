/*
 * cli/cmd_check.c — `slipway check`: validates the project's pyproject.toml
 * and prints each diagnostic as "file:line:col: severity[code]: message"
 * with its fix hint, then a summary (or, with --json, one JSON array).
 * Also checks SPDX license expressions (--license) and lists the table of
 * diagnostic codes (--codes). Given wheels, sdists or a folder of them
 * (dist/), it runs every artifact check on each instead and prints the
 * findings the same way. Exit 1 when anything is an error.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "slipway/artifact.h"
#include "slipway/trove.h"
#include "slipway/project.h"

static void json_cstr(sw_buf *out, const char *s)
{
	sw_buf_put_json_string(out, s, strlen(s));
}

/* Writes a buffer to stdout; 0, or the buffer's error. */
static int flush(sw_buf *out)
{
	int err = sw_buf_error(out);
	if (!err)
		fwrite(sw_buf_cstr(out), 1, out->len, stdout);
	sw_buf_free(out);
	return err;
}

/* One diagnostic as a JSON object. */
static void json_diag(sw_buf *out, const sw_project_diag *d)
{
	sw_buf_puts(out, "{\"code\":");
	json_cstr(out, d->code);
	sw_buf_printf(out, ",\"severity\":\"%s\",\"file\":", sw_severity_name(d->severity));
	json_cstr(out, d->file);
	sw_buf_printf(out, ",\"line\":%u,\"col\":%u,\"message\":", d->line, d->col);
	json_cstr(out, d->message);
	sw_buf_puts(out, ",\"hint\":");
	json_cstr(out, d->hint);
	sw_buf_putc(out, '}');
}

/* One diagnostic as text: the location line and the hint below it. */
static void text_diag(sw_buf *out, const sw_project_diag *d)
{
	sw_buf_printf(out, "%s:%u:%u: %s[%s]: %s\n", d->file, d->line, d->col,
	              sw_severity_name(d->severity), d->code, d->message);
	sw_buf_printf(out, "  hint: %s\n", d->hint);
}

/* "1 error" / "2 errors". */
static void count(sw_buf *out, size_t n, const char *one, const char *many)
{
	sw_buf_printf(out, "%zu %s", n, n == 1 ? one : many);
}

static void summary(sw_buf *out, const sw_project *p, const sw_project_diags *diags)
{
	size_t e = sw_project_diags_count_severity(diags, SW_SEV_ERROR),
	       w = sw_project_diags_count_severity(diags, SW_SEV_WARNING),
	       i = sw_project_diags_count_severity(diags, SW_SEV_INFO);
	sw_buf_printf(out, "%s: ", sw_project_path(p));
	if (!e && !w && !i) {
		sw_buf_puts(out, "no problems found\n");
		return;
	}
	count(out, e, "error", "errors");
	sw_buf_puts(out, ", ");
	count(out, w, "warning", "warnings");
	sw_buf_puts(out, ", ");
	count(out, i, "note", "notes");
	sw_buf_putc(out, '\n');
}

/* What the command line asked for. */
struct opts {
	int json;
	const char *path;
	sw_project_check_opts check;
	sw_artifact_check_opts art;
	const char *ignore[64];
};

static int check_project(const struct opts *o)
{
	sw_project *p = NULL;
	sw_project_diags *diags = NULL;
	sw_buf out;
	size_t n;
	int rc;
	if (sw_project_load(&p, o->path) < 0)
		return sw_cli_core_error();
	if (sw_project_validate(&diags, p, &o->check) < 0) {
		sw_project_free(p);
		return sw_cli_core_error();
	}
	sw_buf_init(&out, SW_BUF_MAX_DEFAULT);
	n = sw_project_diags_count(diags);
	if (o->json)
		sw_buf_putc(&out, '[');
	for (size_t i = 0; i < n; i++) {
		if (o->json && i)
			sw_buf_putc(&out, ',');
		if (o->json)
			json_diag(&out, sw_project_diags_at(diags, i));
		else
			text_diag(&out, sw_project_diags_at(diags, i));
	}
	if (o->json)
		sw_buf_puts(&out, "]\n");
	else
		summary(&out, p, diags);
	rc = sw_project_diags_count_severity(diags, SW_SEV_ERROR) ? SW_EXIT_ERROR : SW_EXIT_OK;
	sw_project_diags_free(diags);
	sw_project_free(p);
	if (flush(&out) < 0)
		return sw_cli_error("out of memory");
	return rc;
}

/* Checks the project with the trove cache of `slipway classifiers
 * --refresh` as an extra list when there is one (an unreadable cache is
 * reported and ignored). */
static int check_with_cache(struct opts *o)
{
	sw_trove_list cache;
	int rc;
	if (sw_cli_trove_cache_load(&cache) == 1)
		o->check.trove_extra = &cache;
	rc = check_project(o);
	sw_trove_list_free(&cache);
	return rc;
}

/* Checks one license expression; appends a JSON line. Returns 1 if valid. */
static int license_line(sw_buf *out, const char *expr, size_t len)
{
	static const char *const problems[] = {
	        "",           "syntax", "unknown-license", "unknown-exception", "bad-licenseref",
	        "documentref"};
	sw_spdx_error why;
	sw_buf canon;
	int err;
	sw_buf_init(&canon, SW_BUF_MAX_DEFAULT);
	err = sw_spdx_canonicalize(&canon, expr, len, &why);
	sw_buf_puts(out, "{\"input\":");
	sw_buf_put_json_string(out, expr, len);
	if (err == 0) {
		sw_buf_puts(out, ",\"valid\":true,\"canonical\":");
		sw_buf_put_json_string(out, sw_buf_cstr(&canon), canon.len);
	} else {
		sw_buf_printf(out, ",\"valid\":false,\"problem\":\"%s\",\"error\":",
		              err == SW_EPARSE ? problems[why.problem] : "error");
		json_cstr(out, sw_error_last());
	}
	sw_buf_puts(out, "}\n");
	sw_buf_free(&canon);
	return err == 0;
}

/* --license EXPR...: each expression (or each line of stdin for "-"). */
static int check_licenses(int argc, char **argv)
{
	sw_buf out, line;
	int ok = 1, c;
	sw_buf_init(&out, SW_BUF_MAX_DEFAULT);
	sw_buf_init(&line, 1024 * 1024);
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-") != 0) {
			ok &= license_line(&out, argv[i], strlen(argv[i]));
			continue;
		}
		sw_buf_clear(&line);
		while ((c = getchar()) != EOF) {
			if (c != '\n') {
				sw_buf_putc(&line, (char)c);
				continue;
			}
			ok &= license_line(&out, sw_buf_cstr(&line), line.len);
			sw_buf_clear(&line);
		}
		if (line.len)
			ok &= license_line(&out, sw_buf_cstr(&line), line.len);
	}
	sw_buf_free(&line);
	if (flush(&out) < 0)
		return sw_cli_error("out of memory");
	return ok ? SW_EXIT_OK : SW_EXIT_ERROR;
}

/* --codes: the table of every diagnostic. */
static int list_codes(int json)
{
	sw_buf out;
	size_t n = sw_project_rule_count();
	sw_buf_init(&out, SW_BUF_MAX_DEFAULT);
	if (json)
		sw_buf_putc(&out, '[');
	for (size_t i = 0; i < n; i++) {
		const sw_project_rule *r = sw_project_rule_at(i);
		if (!json) {
			sw_buf_printf(&out, "%-45s %-7s %s\n", r->code,
			              sw_severity_name(r->severity), r->message);
			continue;
		}
		sw_buf_puts(&out, i ? ",{\"code\":" : "{\"code\":");
		json_cstr(&out, r->code);
		sw_buf_printf(&out,
		              ",\"severity\":\"%s\",\"message\":", sw_severity_name(r->severity));
		json_cstr(&out, r->message);
		sw_buf_puts(&out, ",\"hint\":");
		json_cstr(&out, r->hint);
		sw_buf_putc(&out, '}');
	}
	if (json)
		sw_buf_puts(&out, "]\n");
	if (flush(&out) < 0)
		return sw_cli_error("out of memory");
	return SW_EXIT_OK;
}

/* ---- artifacts ---- */

/* One finding as text, prefixed with the artifact's path. */
static void text_finding(sw_buf *out, const char *path, const sw_finding *x)
{
	sw_buf_printf(out, "%s: %s[%s]%s: ", path, sw_severity_name(x->severity), x->code,
	              x->ignored ? " (ignored)" : "");
	if (x->member && x->line)
		sw_buf_printf(out, "%s:%u: ", x->member, x->line);
	else if (x->member)
		sw_buf_printf(out, "%s: ", x->member);
	sw_buf_printf(out, "%s\n", x->message);
	if (x->hint[0])
		sw_buf_printf(out, "  hint: %s\n", x->hint);
}

/* Checks one artifact into `out`; 1 if it has errors or cannot be read. */
static int check_artifact(sw_buf *out, const struct opts *o, const char *path, int first)
{
	sw_artifact *a = NULL;
	sw_findings *f = NULL;
	int bad = 1;
	if (o->json)
		sw_buf_puts(out, first ? "{\"path\":" : ",{\"path\":");
	if (o->json)
		json_cstr(out, path);
	if (sw_artifact_open(&a, path, NULL) < 0 || sw_findings_new(&f) < 0 ||
	    sw_artifact_check(f, a, &o->art) < 0) {
		if (o->json) {
			sw_buf_puts(out, ",\"error\":");
			json_cstr(out, sw_error_last());
			sw_buf_putc(out, '}');
		} else {
			sw_buf_printf(out, "%s: cannot check: %s\n", path, sw_error_last());
		}
		goto done;
	}
	bad = sw_findings_count_severity(f, SW_SEV_ERROR) > 0;
	if (o->json) {
		sw_buf_printf(out, ",\"kind\":\"%s\",\"findings\":",
		              sw_artifact_kind_name(sw_artifact_kind(a)));
		sw_findings_to_json(out, f);
		sw_buf_printf(out, ",\"errors\":%zu,\"warnings\":%zu}",
		              sw_findings_count_severity(f, SW_SEV_ERROR),
		              sw_findings_count_severity(f, SW_SEV_WARNING));
		goto done;
	}
	for (size_t i = 0; i < sw_findings_count(f); i++)
		text_finding(out, path, sw_findings_at(f, i));
	sw_buf_printf(out, "%s: ", path);
	count(out, sw_findings_count_severity(f, SW_SEV_ERROR), "error", "errors");
	sw_buf_puts(out, ", ");
	count(out, sw_findings_count_severity(f, SW_SEV_WARNING), "warning", "warnings");
	sw_buf_putc(out, '\n');
done:
	sw_findings_free(f);
	sw_artifact_free(a);
	return bad;
}

/* Whether a file name is a distribution's (.whl, .tar.gz, .zip). */
static int is_dist_name(const char *name)
{
	static const char *const suffixes[] = {".whl", ".tar.gz", ".zip"};
	size_t n = strlen(name);
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++) {
		size_t k = strlen(suffixes[i]);
		if (n > k && strcmp(name + n - k, suffixes[i]) == 0)
			return 1;
	}
	return 0;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/* Every distribution file of a folder, sorted; -1 if unreadable. */
static int list_dists(char ***out, size_t *count, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0;
	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		char **grown;
		size_t len = strlen(dir) + strlen(e->d_name) + 2;
		if (!is_dist_name(e->d_name) || !(grown = realloc(names, (n + 1) * sizeof(*names))))
			continue;
		names = grown;
		if ((names[n] = malloc(len)) != NULL)
			snprintf(names[n++], len, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_str);
	*out = names;
	*count = n;
	return 0;
}

/* Checks each FILE, and every distribution file of each folder. */
static int check_artifacts(const struct opts *o, int argc, char **argv)
{
	sw_buf out;
	int bad = 0, first = 1;
	sw_buf_init(&out, SW_BUF_MAX_DEFAULT);
	if (o->json)
		sw_buf_putc(&out, '[');
	for (int i = 0; i < argc; i++) {
		struct stat st;
		char **names = NULL;
		size_t n = 0;
		if (stat(argv[i], &st) != 0 || !S_ISDIR(st.st_mode)) {
			bad |= check_artifact(&out, o, argv[i], first);
			first = 0;
			continue;
		}
		if (list_dists(&names, &n, argv[i]) < 0 || n == 0) {
			bad = 1;
			fprintf(stderr, "slipway: %s: no wheels or sdists found\n", argv[i]);
		}
		for (size_t k = 0; k < n; k++) {
			bad |= check_artifact(&out, o, names[k], first);
			first = 0;
			free(names[k]);
		}
		free(names);
	}
	if (o->json)
		sw_buf_puts(&out, "]\n");
	if (flush(&out) < 0)
		return sw_cli_error("out of memory");
	return bad ? SW_EXIT_ERROR : SW_EXIT_OK;
}

/* Checks artifacts with the trove cache as an extra list, as above. */
static int check_artifacts_with_cache(struct opts *o, int argc, char **argv)
{
	sw_trove_list cache;
	int have = sw_cli_trove_cache_load(&cache) == 1, rc;
	if (have)
		o->art.trove_extra = &cache;
	rc = check_artifacts(o, argc, argv);
	if (have)
		sw_trove_list_free(&cache);
	return rc;
}

/* A folder with a pyproject.toml, or without any distribution file (the
 * project check then says what is missing): a project. */
static int has_pyproject(const char *path)
{
	struct stat st;
	char file[4096], **names = NULL;
	size_t n = 0;
	if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	snprintf(file, sizeof(file), "%s/pyproject.toml", path);
	if (stat(file, &st) == 0)
		return 1;
	if (list_dists(&names, &n, path) < 0)
		return 1;
	for (size_t k = 0; k < n; k++)
		free(names[k]);
	free(names);
	return n == 0;
}

/* Whether PATH names a project (a folder or a .toml file). */
static int is_project_path(const char *path)
{
	size_t n = strlen(path);
	if (has_pyproject(path))
		return 1;
	return n >= 5 && strcmp(path + n - 5, ".toml") == 0;
}

static int check_exec(int argc, char **argv)
{
	struct opts o = {.path = ".",
	                 .check = SW_PROJECT_CHECK_OPTS_INIT,
	                 .art = SW_ARTIFACT_CHECK_OPTS_INIT};
	int i = 1, project = 0, codes = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--project") == 0)
			project = 1;
		else if (strcmp(a, "--json") == 0)
			o.json = 1;
		else if (strcmp(a, "--no-fs") == 0)
			o.check.no_fs = 1;
		else if (strcmp(a, "--codes") == 0)
			codes = 1;
		else if (strcmp(a, "--no-readme") == 0)
			o.art.no_readme = 1;
		else if (strcmp(a, "--no-secrets") == 0)
			o.art.no_secrets = 1;
		else if (strcmp(a, "--ignore") == 0 && i + 1 < argc) {
			if (o.art.ignore_count == sizeof(o.ignore) / sizeof(o.ignore[0]))
				return sw_cli_usage_error(&sw_cmd_check, "too many --ignore");
			o.ignore[o.art.ignore_count++] = argv[++i];
		} else if (strcmp(a, "--threads") == 0 && i + 1 < argc)
			o.art.threads = (unsigned)strtoul(argv[++i], NULL, 10);
		else if (strcmp(a, "--license") == 0)
			return i + 1 < argc ? check_licenses(argc - i - 1, argv + i + 1)
			                    : sw_cli_usage_error(&sw_cmd_check,
			                                         "--license needs an expression");
		else if (strcmp(a, "--today") == 0 && i + 1 < argc) {
			if (sw_project_date_parse(&o.check.today, argv[++i]) < 0)
				return sw_cli_usage_error(&sw_cmd_check, "%s", sw_error_last());
		} else if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else
			return sw_cli_usage_error(&sw_cmd_check, "unknown option '%s'", a);
	}
	if (codes)
		return list_codes(o.json);
	o.art.today = o.check.today;
	o.art.ignore = o.ignore;
	if (i == argc || project || (argc - i == 1 && is_project_path(argv[i]))) {
		if (argc - i > 1)
			return sw_cli_usage_error(&sw_cmd_check, "expected at most one PATH");
		if (i < argc)
			o.path = argv[i];
		return check_with_cache(&o);
	}
	for (int k = i; k < argc; k++) {
		struct stat st;
		if (stat(argv[k], &st) != 0)
			return sw_cli_usage_error(&sw_cmd_check, "'%s': no such file or folder",
			                          argv[k]);
	}
	return check_artifacts_with_cache(&o, argc - i, argv + i);
}

const struct sw_cli_command sw_cmd_check = {
        .name = "check",
        .summary = "Check pyproject.toml or built wheels and sdists; explain every problem",
        .usage = "check [--project] [--json] [--today YYYY-MM-DD] [--no-fs] [PATH]\n"
                 "       slipway check [--json] [--ignore CODE[:MEMBER]]... [--no-readme]\n"
                 "                     [--no-secrets] [--threads N] FILE|DIR...\n"
                 "       slipway check --license EXPRESSION... | -\n"
                 "       slipway check --codes [--json]",
        .help = "Validates the pyproject.toml of PATH (a project folder or the file itself;\n"
                "default: the current folder) against the pyproject.toml, PEP 508, PEP 440,\n"
                "PEP 639 and PEP 735 rules, and reports what learners often get wrong.\n"
                "Each problem is printed as\n"
                "  pyproject.toml:LINE:COL: SEVERITY[CODE]: message\n"
                "    hint: how to fix it\n"
                "followed by a summary. Severities are error, warning and info.\n\n"
                "Options:\n"
                "  --project        check the project (the default when PATH is a folder\n"
                "                   or a .toml file)\n"
                "  --json           print the diagnostics as one JSON array of objects\n"
                "                   {code, severity, file, line, col, message, hint}\n"
                "  --today DATE     the day of the check (YYYY-MM-DD): the shipped SPDX and\n"
                "                   classifier lists count as fresh for 30 days after their\n"
                "                   date; afterwards unknown entries are only warnings\n"
                "                   (the cache of `slipway classifiers --refresh` counts too)\n"
                "  --no-fs          skip the checks that look at files (readme, license\n"
                "                   files, setup.py, src/ layout)\n"
                "  --license EXPR   check SPDX license expressions instead ('-': one per line\n"
                "                   of standard input) and print one JSON object per line\n"
                "  --codes          list every diagnostic code with its severity\n\n"
                "Wheels and sdists: given FILEs (.whl, .tar.gz, .zip) or a folder without\n"
                "a pyproject.toml (such as dist/, whose every .whl, .tar.gz and .zip is\n"
                "checked), runs every artifact check: RECORD (R*), zip structure (Z*),\n"
                "archive safety (A*), what PyPI refuses (P*), sdist layout (T*), wheel\n"
                "and sdist contents (W*, D*), README rendering (M*) and secrets (S*).\n"
                "Each finding is printed as\n"
                "  FILE: SEVERITY[CODE]: MEMBER:LINE: message\n"
                "    hint: how to fix it\n"
                "  --ignore CODE[:MEMBER]  do not count that finding (repeatable)\n"
                "  --no-readme, --no-secrets  skip those checks\n"
                "  --threads N      RECORD verification workers (default 2)\n"
                "  --json           one JSON array: {path, kind, findings, errors,\n"
                "                   warnings} per file ({path, error} if unreadable)\n\n"
                "Exit status: 0 when nothing is an error, 1 when something is, 2 for a\n"
                "wrong command line.\n",
        .exec = check_exec,
};
