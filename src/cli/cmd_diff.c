/*
 * cli/cmd_diff.c — `slipway diff OLD NEW [--json]`: what changed between
 * two wheels or sdists (e.g. the last release and the new build): members
 * added, removed and changed, metadata fields, and dependencies.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "slipway/diff.h"

static const char change_mark[] = {'+', '-', '~'};

/* Prints a metadata field's change; long or multi-line values in short. */
static void print_field(const sw_diff_field *f)
{
	const char *o = f->old_value, *n = f->new_value;
	int long_value = (o && (strlen(o) > 60 || strchr(o, '\n'))) ||
	                 (n && (strlen(n) > 60 || strchr(n, '\n')));
	if (long_value) {
		printf("  %s: changed (%zu -> %zu characters)\n", f->field, o ? strlen(o) : 0,
		       n ? strlen(n) : 0);
		return;
	}
	printf("  %s: %s -> %s\n", f->field, o ? o : "(absent)", n ? n : "(absent)");
}

/* Prints the diff as text. */
static void print_text(const sw_diff *d)
{
	size_t counts[3] = {0};
	for (size_t i = 0; i < sw_diff_member_count(d); i++)
		counts[sw_diff_member_at(d, i)->change]++;
	printf("members: %zu added, %zu removed, %zu changed, %zu unchanged\n", counts[0],
	       counts[1], counts[2], sw_diff_unchanged_count(d));
	for (size_t i = 0; i < sw_diff_member_count(d); i++) {
		const sw_diff_member *m = sw_diff_member_at(d, i);
		if (m->change == SW_DIFF_CHANGED)
			printf("  ~ %s: %llu -> %llu bytes, sha256 %.12s -> %.12s\n", m->name,
			       (unsigned long long)m->old_size, (unsigned long long)m->new_size,
			       m->old_sha256, m->new_sha256);
		else
			printf("  %c %s (%llu bytes)\n", change_mark[m->change], m->name,
			       (unsigned long long)(m->change == SW_DIFF_ADDED ? m->new_size
			                                                       : m->old_size));
	}
	printf("metadata: %zu field%s changed\n", sw_diff_field_count(d),
	       sw_diff_field_count(d) == 1 ? "" : "s");
	for (size_t i = 0; i < sw_diff_field_count(d); i++)
		print_field(sw_diff_field_at(d, i));
	printf("dependencies: %zu change%s\n", sw_diff_dep_count(d),
	       sw_diff_dep_count(d) == 1 ? "" : "s");
	for (size_t i = 0; i < sw_diff_dep_count(d); i++) {
		const sw_diff_dep *x = sw_diff_dep_at(d, i);
		if (x->change == SW_DIFF_CHANGED)
			printf("  ~ %s -> %s\n", x->old_req, x->new_req);
		else
			printf("  %c %s\n", change_mark[x->change],
			       x->change == SW_DIFF_ADDED ? x->new_req : x->old_req);
	}
}

static int diff_exec(int argc, char **argv)
{
	const char *paths[2] = {NULL, NULL};
	sw_artifact *a = NULL, *b = NULL;
	sw_diff *d = NULL;
	int json = 0, npaths = 0, rc = SW_EXIT_OK;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (argv[i][0] == '-' && argv[i][1])
			return sw_cli_usage_error(&sw_cmd_diff, "unknown option '%s'", argv[i]);
		else if (npaths == 2)
			return sw_cli_usage_error(&sw_cmd_diff, "expected exactly two files");
		else
			paths[npaths++] = argv[i];
	}
	if (npaths != 2)
		return sw_cli_usage_error(&sw_cmd_diff, "expected exactly two files");
	if (sw_artifact_open(&a, paths[0], NULL) < 0 || sw_artifact_open(&b, paths[1], NULL) < 0 ||
	    sw_diff_artifacts(&d, a, b, 0) < 0) {
		rc = sw_cli_core_error();
		goto done;
	}
	if (json) {
		sw_buf out;
		sw_buf_init(&out, SW_BUF_MAX_DEFAULT);
		if (sw_diff_to_json(&out, d) < 0) {
			sw_buf_free(&out);
			rc = sw_cli_error("diff: the JSON output is too large");
			goto done;
		}
		printf("%s\n", sw_buf_cstr(&out));
		sw_buf_free(&out);
	} else {
		print_text(d);
	}
done:
	sw_diff_free(d);
	sw_artifact_free(a);
	sw_artifact_free(b);
	return rc;
}

const struct sw_cli_command sw_cmd_diff = {
        .name = "diff",
        .summary = "Show what changed between two wheels or sdists",
        .usage = "diff [--json] OLD NEW",
        .help = "Compares two built distributions (wheels or sdists, e.g. the last\n"
                "release and the new build) and prints:\n"
                "  members       added (+), removed (-) and changed (~: size, sha256);\n"
                "                version-bearing folders are written {dist-info}/,\n"
                "                {data}/ (wheels) and {top}/ (sdists) so releases line up\n"
                "  metadata      every core metadata field whose value differs\n"
                "  dependencies  Requires-Dist entries added, removed, or with a new\n"
                "                specifier (matched by name and environment marker)\n"
                "\n"
                "Options:\n"
                "  --json   print one JSON object {members, unchanged_members, metadata,\n"
                "           dependencies}\n"
                "\n"
                "Exit status: 0 when both files could be read and compared (whether or\n"
                "not they differ), 1 when one could not be read, 2 for usage errors.\n",
        .exec = diff_exec,
};
