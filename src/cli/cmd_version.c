/*
 * cli/cmd_version.c — `slipway version`: shows the project's version and
 * every place it is written; with --bump/--set computes the next one
 * (slipway/bump.h), shows old → new and a diff per file, writes every
 * file or none, then optionally commits and tags in git. --next lists
 * what each bump kind gives; --from VERSION does the arithmetic alone
 * (VERSION "-": one version per stdin line), for scripts and tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "cli.h"
#include "slipway/buf.h"
#include "slipway/bump.h"
#include "slipway/common.h"

#define MAX_STEPS 16

struct version_opts {
	const char *path, *set, *from, *index_url;
	sw_bump_step steps[MAX_STEPS];
	size_t nsteps;
	int next, dry_run, allow_downgrade, json, no_index;
	sw_bump_git_opts git;
};

/* What one run found and did, for the text and JSON reports. */
struct version_run {
	const struct version_opts *o;
	sw_version_sites *sites;
	const char *current;
	char *last_tag; /* a VCS project's current version, from its newest tag */
	char *new_version;
	sw_bump_plan *plan;
	int on_index; /* -1 unknown, 0, 1 */
	char *index_note;
	int written, committed, tagged;
	sw_buf diff;
};

/* Options that take a value, and where it goes. */
static const char **value_slot(struct version_opts *o, const char *arg)
{
	if (strcmp(arg, "--set") == 0)
		return &o->set;
	if (strcmp(arg, "--from") == 0)
		return &o->from;
	if (strcmp(arg, "--index-url") == 0)
		return &o->index_url;
	if (strcmp(arg, "--tag-format") == 0)
		return &o->git.tag_format;
	return NULL;
}

/* Flags, and the int each sets. */
static int *flag_slot(struct version_opts *o, const char *arg)
{
	static const char *const names[] = {"--next",        "--dry-run",       "--allow-downgrade",
	                                    "--json",        "--commit",        "--tag",
	                                    "--allow-dirty", "--no-index-check"};
	int *slots[] = {&o->next,       &o->dry_run, &o->allow_downgrade, &o->json,
	                &o->git.commit, &o->git.tag, &o->git.allow_dirty, &o->no_index};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(arg, names[i]) == 0)
			return slots[i];
	return NULL;
}

/* Fills `o`; returns an exit code for a bad command line, else -1. */
static int parse_args(struct version_opts *o, int argc, char **argv)
{
	const char **slot;
	int *flag;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--bump") == 0) {
			if (i + 1 >= argc)
				return sw_cli_usage_error(&sw_cmd_version, "--bump needs a kind");
			if (o->nsteps == MAX_STEPS)
				return sw_cli_usage_error(&sw_cmd_version, "too many --bump");
			if (sw_bump_step_parse(&o->steps[o->nsteps++], argv[++i]) < 0)
				return sw_cli_usage_error(&sw_cmd_version, "%s", sw_error_last());
		} else if ((slot = value_slot(o, argv[i])) != NULL) {
			if (i + 1 >= argc)
				return sw_cli_usage_error(&sw_cmd_version, "%s needs a value",
				                          argv[i]);
			*slot = argv[++i];
		} else if ((flag = flag_slot(o, argv[i])) != NULL) {
			*flag = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return sw_cli_usage_error(&sw_cmd_version, "unknown option %s", argv[i]);
		} else if (o->path) {
			return sw_cli_usage_error(&sw_cmd_version, "only one PATH");
		} else {
			o->path = argv[i];
		}
	}
	if (o->set && o->nsteps)
		return sw_cli_usage_error(&sw_cmd_version, "--set and --bump exclude each other");
	if (o->from && (o->path || o->git.commit || o->git.tag))
		return sw_cli_usage_error(
		        &sw_cmd_version,
		        "--from works without a project: no PATH, --commit, --tag");
	return -1;
}

/* The new version from `current`: --set, else the --bump steps. */
static int compute(char **out, const struct version_opts *o, const char *current)
{
	if (o->set)
		return sw_bump_set(out, current, o->set, o->allow_downgrade);
	return sw_bump_apply(out, current, o->steps, o->nsteps, o->allow_downgrade);
}

/* What each kind gives, as a table or as JSON. */
static void print_next(const char *current, const sw_bump_choice *c, int json)
{
	if (json) {
		sw_buf b;
		sw_buf_init(&b, 1 << 20);
		sw_buf_puts(&b, "{\"version\": ");
		sw_buf_put_json_string(&b, current, strlen(current));
		sw_buf_puts(&b, ", \"next\": [");
		for (size_t k = 0; k < SW_BUMP_KIND_COUNT; k++) {
			sw_buf_printf(&b, "%s{\"kind\": \"%s\", \"version\": ", k ? ", " : "",
			              sw_bump_kind_name(c[k].kind));
			sw_buf_put_json_string(&b, c[k].version, strlen(c[k].version));
			sw_buf_printf(&b, ", \"increases\": %s}",
			              c[k].increases ? "true" : "false");
		}
		sw_buf_puts(&b, "]}\n");
		fputs(sw_buf_cstr(&b), stdout);
		sw_buf_free(&b);
		return;
	}
	printf("current: %s\n", current);
	for (size_t k = 0; k < SW_BUMP_KIND_COUNT; k++)
		printf("  --bump %-7s %s%s\n", sw_bump_kind_name(c[k].kind), c[k].version,
		       c[k].increases ? "" : "  (not an increase)");
}

/* --next: sw_bump_next() for `current`. */
static int run_next(const char *current, int json)
{
	sw_bump_choice c[SW_BUMP_KIND_COUNT];
	if (sw_bump_next(c, current) < 0)
		return sw_cli_core_error();
	print_next(current, c, json);
	sw_bump_choices_free(c);
	return SW_EXIT_OK;
}

/* --from VERSION|-: arithmetic only; "-" reads one version per line and
 * prints one result (or "error: ...") per line. */
static int run_from(const struct version_opts *o)
{
	char *line = NULL, *nv = NULL;
	size_t cap = 0;
	ssize_t n;
	int failed = 0;
	if (o->next)
		return run_next(o->from, o->json);
	if (!o->set && !o->nsteps)
		return sw_cli_usage_error(&sw_cmd_version, "--from needs --bump, --set or --next");
	if (strcmp(o->from, "-") != 0) {
		if (compute(&nv, o, o->from) < 0)
			return sw_cli_core_error();
		printf("%s\n", nv);
		sw_free(nv);
		return SW_EXIT_OK;
	}
	while ((n = getline(&line, &cap, stdin)) >= 0) {
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (compute(&nv, o, line) < 0) {
			printf("error: %s\n", sw_error_last());
			failed = 1;
		} else {
			printf("%s\n", nv);
		}
		sw_free(nv);
		nv = NULL;
	}
	free(line);
	return failed ? SW_EXIT_ERROR : SW_EXIT_OK;
}

static void json_str(sw_buf *b, const char *s)
{
	if (s)
		sw_buf_put_json_string(b, s, strlen(s));
	else
		sw_buf_puts(b, "null");
}

static void json_sites(sw_buf *b, const sw_version_sites *s)
{
	sw_buf_puts(b, "[");
	for (size_t i = 0; i < sw_version_sites_count(s); i++) {
		const sw_version_site *v = sw_version_sites_at(s, i);
		sw_buf_printf(b, "%s{\"path\": ", i ? ", " : "");
		json_str(b, v->path);
		sw_buf_printf(b, ", \"line\": %u, \"col\": %u, \"name\": ", v->line, v->col);
		json_str(b, v->name);
		sw_buf_printf(b,
		              ", \"origin\": \"%s\", \"value\": ", sw_site_origin_name(v->origin));
		json_str(b, v->value);
		sw_buf_printf(b, ", \"truth\": %s, \"agrees\": %s, \"not_writable\": ",
		              v->truth ? "true" : "false", v->agrees ? "true" : "false");
		json_str(b, v->why_not_writable);
		sw_buf_puts(b, "}");
	}
	sw_buf_puts(b, "]");
}

static void print_json(const struct version_run *r)
{
	sw_buf b;
	sw_buf_init(&b, 16 << 20);
	sw_buf_puts(&b, "{\"name\": ");
	json_str(&b, sw_version_sites_project_name(r->sites));
	sw_buf_puts(&b, ", \"version\": ");
	json_str(&b, r->current);
	sw_buf_puts(&b, ", \"vcs\": ");
	json_str(&b, sw_version_sites_vcs(r->sites));
	sw_buf_printf(&b, ", \"agree\": %s, \"problem\": ",
	              sw_version_sites_agree(r->sites) ? "true" : "false");
	json_str(&b, sw_version_sites_problem(r->sites));
	sw_buf_puts(&b, ", \"sites\": ");
	json_sites(&b, r->sites);
	sw_buf_puts(&b, ", \"new_version\": ");
	json_str(&b, r->new_version);
	sw_buf_puts(&b, ", \"files\": [");
	for (size_t i = 0; i < sw_bump_plan_count(r->plan); i++) {
		sw_buf_puts(&b, i ? ", " : "");
		json_str(&b, sw_bump_plan_path(r->plan, i));
	}
	sw_buf_printf(&b,
	              "], \"dry_run\": %s, \"written\": %s, \"committed\": %s, "
	              "\"tagged\": %s, \"on_index\": %s, \"diff\": ",
	              r->o->dry_run ? "true" : "false", r->written ? "true" : "false",
	              r->committed ? "true" : "false", r->tagged ? "true" : "false",
	              r->on_index < 0 ? "null"
	              : r->on_index   ? "true"
	                              : "false");
	json_str(&b, r->o->dry_run ? sw_buf_cstr(&r->diff) : NULL);
	sw_buf_puts(&b, "}\n");
	fputs(sw_buf_cstr(&b), stdout);
	sw_buf_free(&b);
}

/* `slipway version` without an action: the version and its sites. */
static void print_sites(const struct version_run *r)
{
	const sw_version_sites *s = r->sites;
	const char *name = sw_version_sites_project_name(s), *problem;
	printf("%s %s\n", name ? name : "(no name)", r->current ? r->current : "(no version)");
	if (sw_version_sites_count(s))
		printf("sites:\n");
	for (size_t i = 0; i < sw_version_sites_count(s); i++) {
		const sw_version_site *v = sw_version_sites_at(s, i);
		printf("  %s:%u:%u  %s = %s  (%s%s%s)\n", v->path, v->line, v->col, v->name,
		       v->value,
		       v->truth     ? "source of truth, "
		       : v->agrees  ? "agrees, "
		       : v->follows ? "stale, will be rewritten, "
		                    : "DIFFERS, ",
		       sw_site_origin_name(v->origin), v->why_not_writable ? ", not writable" : "");
	}
	if ((problem = sw_version_sites_problem(s)) != NULL)
		printf("note: %s\n", problem);
}

/* The index check: a warning when the version is there, a quiet note
 * when it could not be asked. */
static void check_index(struct version_run *r)
{
	const char *name = sw_version_sites_project_name(r->sites);
	int exists = 0;
	if (r->o->no_index || !name)
		return;
	if (sw_bump_index_check(&exists, r->o->index_url, name, r->new_version) < 0) {
		r->index_note = strdup(sw_error_last());
		return;
	}
	r->on_index = exists;
}

static void print_result(const struct version_run *r)
{
	const char *name = sw_version_sites_project_name(r->sites);
	char *tag = NULL;
	if (r->o->json) {
		print_json(r);
		return;
	}
	printf("%s %s \xE2\x86\x92 %s\n", name ? name : "(no name)",
	       r->current ? r->current : "(none)", r->new_version);
	if (r->on_index == 1)
		printf("warning: %s %s is already on the index; uploading it again will be "
		       "refused\n",
		       name, r->new_version);
	else if (r->index_note)
		printf("note: %s\n", r->index_note);
	if (strchr(r->new_version, '+'))
		printf("warning: %s has a local version label (+...): PyPI and most indexes refuse "
		       "uploads of such versions\n",
		       r->new_version);
	if (r->o->dry_run) {
		fputs(sw_buf_cstr(&r->diff), stdout);
		printf("dry run: nothing was written%s\n",
		       r->o->git.commit || r->o->git.tag ? " or committed" : "");
		return;
	}
	for (size_t i = 0; i < sw_bump_plan_count(r->plan); i++)
		printf("wrote %s\n", sw_bump_plan_path(r->plan, i));
	if (r->committed)
		printf("committed %zu file(s)\n", sw_bump_plan_count(r->plan));
	if (r->tagged && sw_bump_tag_name(&tag, r->o->git.tag_format, r->new_version) == 0)
		printf("tagged %s\n", tag);
	sw_free(tag);
}

/* Git checks, the write, then commit and tag. */
static int apply(struct version_run *r)
{
	const char *dir = r->o->path ? r->o->path : ".";
	if ((r->o->git.commit || r->o->git.tag) &&
	    sw_bump_git_check(dir, &r->o->git, r->new_version) < 0)
		return -1;
	if (r->o->dry_run)
		return sw_bump_plan_diff(&r->diff, r->plan) < 0 ? -1 : 0;
	if (r->plan && sw_bump_plan_write(r->plan) < 0)
		return -1;
	r->written = r->plan != NULL;
	if ((r->o->git.commit || r->o->git.tag) &&
	    sw_bump_git(dir, &r->o->git, r->plan, r->current, r->new_version) < 0)
		return -1;
	r->committed = r->o->git.commit && r->plan;
	r->tagged = r->o->git.tag;
	return 0;
}

/* A VCS-derived version: the new version from the newest tag, for --tag
 * alone. */
static int vcs_version(struct version_run *r)
{
	const struct version_opts *o = r->o;
	int err;
	if (!o->git.tag || o->git.commit)
		return sw_cli_error("%s", sw_version_sites_problem(r->sites));
	err = sw_bump_git_last_version(&r->last_tag, o->path ? o->path : ".", o->git.tag_format);
	if (err < 0 && err != SW_ENOTFOUND)
		return sw_cli_core_error();
	if (!r->last_tag && !o->set)
		return sw_cli_error("%s; create the first one with --tag --set VERSION",
		                    sw_error_last());
	r->current = r->last_tag;
	if (compute(&r->new_version, o, r->last_tag ? r->last_tag : "0") < 0)
		return sw_cli_core_error();
	return -1;
}

/* A bump or --set on the project. */
static int run_bump(struct version_run *r)
{
	const struct version_opts *o = r->o;
	int rc;
	if (sw_version_sites_vcs(r->sites)) {
		if ((rc = vcs_version(r)) >= 0)
			return rc;
	} else {
		if (!r->current || sw_version_sites_problem(r->sites))
			return sw_cli_error("%s\nnothing was written",
			                    sw_version_sites_problem(r->sites));
		if (compute(&r->new_version, o, r->current) < 0)
			return sw_cli_core_error();
		if (sw_bump_plan_make(&r->plan, r->sites, r->new_version) < 0)
			return sw_cli_core_error();
	}
	check_index(r);
	if (apply(r) < 0)
		return sw_cli_core_error();
	print_result(r);
	return SW_EXIT_OK;
}

static int version_exec(int argc, char **argv)
{
	struct version_opts o;
	struct version_run r;
	int rc;
	memset(&o, 0, sizeof(o));
	memset(&r, 0, sizeof(r));
	o.git.version = SW_BUMP_GIT_OPTS_VERSION;
	if ((rc = parse_args(&o, argc, argv)) >= 0)
		return rc;
	if (o.from)
		return run_from(&o);
	r.o = &o;
	r.on_index = -1;
	sw_buf_init(&r.diff, 64 << 20);
	if (sw_version_sites_find(&r.sites, o.path ? o.path : ".") < 0)
		return sw_cli_core_error();
	r.current = sw_version_sites_current(r.sites);
	if (o.next)
		rc = r.current ? run_next(r.current, o.json)
		               : sw_cli_error("%s", sw_version_sites_problem(r.sites));
	else if (o.set || o.nsteps || o.git.tag || o.git.commit)
		rc = o.set || o.nsteps ? run_bump(&r)
		                       : sw_cli_usage_error(&sw_cmd_version,
		                                            "--commit/--tag need --bump or --set");
	else if (o.json)
		print_json(&r), rc = SW_EXIT_OK;
	else
		print_sites(&r), rc = SW_EXIT_OK;
	sw_bump_plan_free(r.plan);
	sw_version_sites_free(r.sites);
	sw_free(r.new_version);
	sw_free(r.last_tag);
	free(r.index_note);
	sw_buf_free(&r.diff);
	return rc;
}

const struct sw_cli_command sw_cmd_version = {
        .name = "version",
        .summary = "Show, bump and tag the project's version everywhere it is written",
        .usage = "version [PATH] [--bump KIND[=N]]... [--set VERSION] [--next] [--dry-run] "
                 "[--allow-downgrade] [--commit] [--tag] [--tag-format FMT] [--allow-dirty] "
                 "[--index-url URL] [--no-index-check] [--from VERSION|-] [--json]",
        .help = "Without options: the project's version and every place it is written\n"
                "(file:line:col), which one the build backend reads (the source of truth)\n"
                "and whether the others agree.\n"
                "\n"
                "  --bump KIND      major, minor, patch, stable, alpha, beta, rc, post, dev\n"
                "                   (KIND=N sets the number); repeatable, applied in that\n"
                "                   order: --bump minor --bump beta gives 1.3.0b1 from 1.2.3\n"
                "  --set VERSION    an explicit version (written in normal form)\n"
                "  --next           what each --bump KIND would give\n"
                "  --dry-run        show old -> new and a diff per file; write nothing\n"
                "  --allow-downgrade  accept a version that is not greater\n"
                "  --commit         git commit the changed files\n"
                "  --tag            git tag -a (v{version}; see --tag-format)\n"
                "  --tag-format F   the tag name, {version} replaced\n"
                "  --allow-dirty    do not refuse a work tree with uncommitted changes\n"
                "  --index-url URL  the Simple API to warn from (default PyPI)\n"
                "  --no-index-check do not ask the index\n"
                "  --from VERSION   arithmetic only, no project (\"-\": versions on stdin)\n"
                "  --json           machine-readable output\n"
                "\n"
                "Every site is written, or none: sites that disagree, a file that is\n"
                "read-only or changed on disk, or a dynamic version slipway cannot write\n"
                "stop the bump with the list of sites. Versions derived from git tags\n"
                "(setuptools-scm, hatch-vcs, versioningit) get a new tag only: --tag with\n"
                "--bump (from the newest matching tag) or --set.\n"
                "Exit status: 0 done, 1 refused or failed, 2 bad command line.\n",
        .exec = version_exec,
};
