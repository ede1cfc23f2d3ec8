/*
 * cli/cmd_inspect.c — `slipway inspect FILE`: what a wheel or sdist holds —
 * its name parts, a metadata summary, the member tree with sizes,
 * compression and modes, and the findings of every check — as text or one
 * JSON object; `--member PATH` writes one member's bytes to stdout.
 * Exit 0 when the file could be read (findings or not), 1 when it could
 * not, 2 for a wrong command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "slipway/artifact.h"
#include "slipway/trove.h"

struct opts {
	int json;
	const char *path;
	const char *member;
};

static void json_str(sw_buf *out, const char *s)
{
	if (s)
		sw_buf_put_json_string(out, s, strlen(s));
	else
		sw_buf_puts(out, "null");
}

/* Writes a buffer to stdout and frees it; 0 or the buffer's error. */
static int flush(sw_buf *out)
{
	int err = sw_buf_error(out);
	if (!err)
		fwrite(sw_buf_cstr(out), 1, out->len, stdout);
	sw_buf_free(out);
	return err;
}

/* --member: the bytes of one member to stdout. */
static int write_chunk(void *ud, const void *data, size_t len)
{
	(void)ud;
	return fwrite(data, 1, len, stdout) == len ? 0 : SW_EIO;
}

static int print_member(sw_artifact *a, const char *name)
{
	size_t i;
	if (sw_artifact_member_find(&i, a, name) < 0)
		return sw_cli_core_error();
	if (sw_artifact_member_read(a, i, write_chunk, NULL) < 0)
		return sw_cli_core_error();
	return fflush(stdout) == 0 ? SW_EXIT_OK : sw_cli_error("cannot write to stdout");
}

/* The member as one JSON object. */
static void json_member(sw_buf *out, const sw_artifact_member *m)
{
	sw_buf_puts(out, "{\"name\":");
	json_str(out, m->name);
	sw_buf_printf(out,
	              ",\"type\":\"%s\",\"size\":%llu,\"compressed_size\":%llu,"
	              "\"compression\":\"%s\",\"mode\":\"%o\",\"link_target\":",
	              sw_member_type_name(m->type), (unsigned long long)m->size,
	              (unsigned long long)m->compressed_size, sw_compression_name(m->compression),
	              m->mode);
	json_str(out, m->link_target);
	sw_buf_putc(out, '}');
}

/* The file name's parts and WHEEL as JSON members of the object. */
static void json_names(sw_buf *out, const sw_artifact *a)
{
	const sw_artifact_name *n = sw_artifact_filename(a);
	const sw_wheel_info *w = sw_artifact_wheel_info(a);
	sw_buf_puts(out, ",\"filename\":");
	if (n) {
		sw_buf_puts(out, "{\"name\":");
		json_str(out, n->name);
		sw_buf_puts(out, ",\"version\":");
		json_str(out, n->version);
		sw_buf_puts(out, ",\"build\":");
		json_str(out, n->build);
		sw_buf_puts(out, ",\"python\":");
		json_str(out, n->python);
		sw_buf_puts(out, ",\"abi\":");
		json_str(out, n->abi);
		sw_buf_puts(out, ",\"platform\":");
		json_str(out, n->platform);
		sw_buf_putc(out, '}');
	} else {
		sw_buf_puts(out, "null");
	}
	sw_buf_puts(out, ",\"dist_info\":");
	json_str(out, sw_artifact_dist_info(a));
	sw_buf_puts(out, ",\"wheel\":");
	if (!w) {
		sw_buf_puts(out, "null");
		return;
	}
	sw_buf_puts(out, "{\"wheel_version\":");
	json_str(out, w->wheel_version);
	sw_buf_puts(out, ",\"generator\":");
	json_str(out, w->generator);
	sw_buf_puts(out, ",\"root_is_purelib\":");
	json_str(out, w->root_is_purelib);
	sw_buf_puts(out, ",\"tags\":[");
	for (size_t i = 0; i < w->tag_count; i++) {
		if (i)
			sw_buf_putc(out, ',');
		json_str(out, w->tags[i]);
	}
	sw_buf_puts(out, "]}");
}

/* The whole report as one JSON object. */
static void json_report(sw_buf *out, const sw_artifact *a, const sw_findings *f)
{
	const sw_metadata *md = sw_artifact_metadata(a);
	sw_buf_puts(out, "{\"path\":");
	json_str(out, sw_artifact_path(a));
	sw_buf_printf(out, ",\"kind\":\"%s\",\"size\":%llu",
	              sw_artifact_kind_name(sw_artifact_kind(a)),
	              (unsigned long long)sw_artifact_file_size(a));
	json_names(out, a);
	sw_buf_puts(out, ",\"metadata\":");
	if (md)
		sw_metadata_to_json(out, md);
	else
		sw_buf_puts(out, "null");
	sw_buf_puts(out, ",\"entry_points\":[");
	for (size_t i = 0; i < sw_artifact_entry_point_count(a); i++) {
		const sw_entry_point *e = sw_artifact_entry_point_at(a, i);
		sw_buf_puts(out, i ? ",{\"group\":" : "{\"group\":");
		json_str(out, e->group);
		sw_buf_puts(out, ",\"name\":");
		json_str(out, e->name);
		sw_buf_puts(out, ",\"value\":");
		json_str(out, e->value);
		sw_buf_putc(out, '}');
	}
	sw_buf_puts(out, "],\"members\":[");
	for (size_t i = 0; i < sw_artifact_member_count(a); i++) {
		if (i)
			sw_buf_putc(out, ',');
		json_member(out, sw_artifact_member_at(a, i));
	}
	sw_buf_puts(out, "],\"findings\":");
	sw_findings_to_json(out, f);
	sw_buf_printf(out, ",\"errors\":%zu,\"warnings\":%zu}\n",
	              sw_findings_count_severity(f, SW_SEV_ERROR),
	              sw_findings_count_severity(f, SW_SEV_WARNING));
}

static int cmp_member(const void *x, const void *y)
{
	const sw_artifact_member *p = *(const sw_artifact_member *const *)x;
	const sw_artifact_member *q = *(const sw_artifact_member *const *)y;
	return strcmp(p->name, q->name);
}

/* How many leading folder components two paths share. */
static size_t common_dirs(const char *a, const char *b)
{
	size_t n = 0;
	for (;;) {
		size_t la = strcspn(a, "/"), lb = strcspn(b, "/");
		if (!a[la] || !b[lb] || la != lb || strncmp(a, b, la) != 0)
			return n;
		n++;
		a += la + 1;
		b += lb + 1;
	}
}

/* One line of the tree: columns, then the name indented by depth. */
static void tree_line(sw_buf *out, const sw_artifact_member *m, size_t depth, const char *label,
                      size_t len)
{
	if (m)
		sw_buf_printf(out, "%10llu %10llu  %-9s %6o  ", (unsigned long long)m->size,
		              (unsigned long long)m->compressed_size,
		              sw_compression_name(m->compression), m->mode);
	else
		sw_buf_printf(out, "%10s %10s  %-9s %6s  ", "", "", "", "");
	sw_buf_printf(out, "%*s%.*s", (int)(2 * depth), "", (int)len, label);
	if (m && m->link_target)
		sw_buf_printf(out, " -> %s", m->link_target);
	sw_buf_putc(out, '\n');
}

/* The member tree: folders once, then their files, indented. */
static int text_tree(sw_buf *out, const sw_artifact *a)
{
	size_t n = sw_artifact_member_count(a);
	const sw_artifact_member **order = calloc(n ? n : 1, sizeof(*order));
	const char *prev = "";
	if (!order)
		return SW_ENOMEM;
	for (size_t i = 0; i < n; i++)
		order[i] = sw_artifact_member_at(a, i);
	qsort(order, n, sizeof(*order), cmp_member);
	sw_buf_printf(out, "%10s %10s  %-9s %6s  %s\n", "size", "stored", "method", "mode", "name");
	for (size_t i = 0; i < n; i++) {
		const char *name = order[i]->name, *p = name;
		size_t shared = common_dirs(prev, name), depth = 0;
		for (;;) {
			size_t len = strcspn(p, "/");
			if (!p[len] || !p[len + 1])
				break;
			if (depth >= shared)
				tree_line(out, NULL, depth, p, len + 1);
			depth++;
			p += len + 1;
		}
		tree_line(out, order[i], depth, p, strlen(p));
		prev = name;
	}
	free(order);
	return 0;
}

/* Metadata summary: the fields a maintainer checks first. */
static void text_metadata(sw_buf *out, const sw_artifact *a)
{
	static const enum sw_md_field shown[] = {SW_MD_METADATA_VERSION,
	                                         SW_MD_NAME,
	                                         SW_MD_VERSION,
	                                         SW_MD_SUMMARY,
	                                         SW_MD_REQUIRES_PYTHON,
	                                         SW_MD_LICENSE_EXPRESSION,
	                                         SW_MD_DESCRIPTION_CONTENT_TYPE};
	const sw_metadata *md = sw_artifact_metadata(a);
	if (!md) {
		sw_buf_printf(out, "metadata: unreadable (%s)\n", sw_artifact_metadata_error(a));
		return;
	}
	for (size_t i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		const char *v = sw_metadata_get(md, shown[i]);
		if (v)
			sw_buf_printf(out, "  %-24s %s\n", sw_md_field_name(shown[i]), v);
	}
	sw_buf_printf(out, "  %-24s %zu\n", "Requires-Dist",
	              sw_metadata_count(md, SW_MD_REQUIRES_DIST));
	sw_buf_printf(out, "  %-24s %zu\n", "Classifier", sw_metadata_count(md, SW_MD_CLASSIFIER));
	sw_buf_printf(out, "  %-24s %zu\n", "License-File",
	              sw_metadata_count(md, SW_MD_LICENSE_FILE));
}

/* The findings as text: "severity[code] member:line: message" + hint. */
static void text_findings(sw_buf *out, const sw_findings *f)
{
	size_t n = sw_findings_count(f);
	for (size_t i = 0; i < n; i++) {
		const sw_finding *x = sw_findings_at(f, i);
		sw_buf_printf(out, "%s[%s]%s ", sw_severity_name(x->severity), x->code,
		              x->ignored ? " (ignored)" : "");
		if (x->member && x->line)
			sw_buf_printf(out, "%s:%u: ", x->member, x->line);
		else if (x->member)
			sw_buf_printf(out, "%s: ", x->member);
		sw_buf_printf(out, "%s\n", x->message);
		if (x->hint[0])
			sw_buf_printf(out, "  hint: %s\n", x->hint);
	}
	sw_buf_printf(out, "%zu errors, %zu warnings\n",
	              sw_findings_count_severity(f, SW_SEV_ERROR),
	              sw_findings_count_severity(f, SW_SEV_WARNING));
}

static int text_report(sw_buf *out, const sw_artifact *a, const sw_findings *f)
{
	const sw_artifact_name *n = sw_artifact_filename(a);
	sw_buf_printf(out, "%s: %s, %llu bytes, %zu members\n", sw_artifact_path(a),
	              sw_artifact_kind_name(sw_artifact_kind(a)),
	              (unsigned long long)sw_artifact_file_size(a), sw_artifact_member_count(a));
	if (n && n->python)
		sw_buf_printf(out, "name %s, version %s, tags %s-%s-%s%s%s\n", n->name, n->version,
		              n->python, n->abi, n->platform, n->build ? ", build " : "",
		              n->build ? n->build : "");
	else if (n)
		sw_buf_printf(out, "name %s, version %s\n", n->name, n->version);
	sw_buf_puts(out, "\nmetadata:\n");
	text_metadata(out, a);
	sw_buf_puts(out, "\nmembers:\n");
	if (text_tree(out, a) < 0)
		return SW_ENOMEM;
	sw_buf_puts(out, "\nfindings:\n");
	text_findings(out, f);
	return 0;
}

/* Opens, checks and reports one artifact. */
static int inspect_file(const struct opts *o)
{
	sw_artifact_check_opts copts = SW_ARTIFACT_CHECK_OPTS_INIT;
	sw_artifact *a = NULL;
	sw_findings *f = NULL;
	sw_trove_list cache;
	sw_buf out;
	int rc = SW_EXIT_OK, have = 0;
	if (sw_artifact_open(&a, o->path, NULL) < 0)
		return sw_cli_core_error();
	if (o->member) {
		rc = print_member(a, o->member);
		sw_artifact_free(a);
		return rc;
	}
	if ((have = sw_cli_trove_cache_load(&cache) == 1))
		copts.trove_extra = &cache;
	sw_buf_init(&out, SW_BUF_MAX_DEFAULT);
	if (sw_findings_new(&f) < 0 || sw_artifact_check(f, a, &copts) < 0)
		rc = sw_cli_core_error();
	else if (o->json)
		json_report(&out, a, f);
	else if (text_report(&out, a, f) < 0)
		rc = sw_cli_error("out of memory");
	if (flush(&out) < 0)
		rc = sw_cli_error("out of memory");
	if (have)
		sw_trove_list_free(&cache);
	sw_findings_free(f);
	sw_artifact_free(a);
	return rc;
}

static int inspect_exec(int argc, char **argv)
{
	struct opts o = {0};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--json") == 0)
			o.json = 1;
		else if (strcmp(a, "--member") == 0 && i + 1 < argc)
			o.member = argv[++i];
		else if (a[0] == '-' && a[1])
			return sw_cli_usage_error(&sw_cmd_inspect, "unknown option '%s'", a);
		else if (o.path)
			return sw_cli_usage_error(&sw_cmd_inspect, "expected one FILE");
		else
			o.path = a;
	}
	if (!o.path)
		return sw_cli_usage_error(&sw_cmd_inspect, "expected a wheel or sdist FILE");
	return inspect_file(&o);
}

const struct sw_cli_command sw_cmd_inspect = {
        .name = "inspect",
        .summary = "Show what a wheel or sdist holds, and what is wrong with it",
        .usage = "inspect [--json] [--member PATH] FILE",
        .help = "Opens FILE (a .whl, an sdist .tar.gz, or a legacy .zip sdist) without\n"
                "extracting it and prints its name parts, a summary of its metadata, the\n"
                "tree of its members (size, stored size, compression, mode) and the\n"
                "findings of every check `slipway check` runs on artifacts.\n\n"
                "Options:\n"
                "  --json         one JSON object: path, kind, size, filename, dist_info,\n"
                "                 wheel, metadata, entry_points, members, findings,\n"
                "                 errors, warnings\n"
                "  --member PATH  write the bytes of one member to standard output\n\n"
                "Exit status: 0 when FILE could be read (whatever the findings), 1 when\n"
                "it could not, 2 for a wrong command line.\n",
        .exec = inspect_exec,
};
