/*
 * build/members.c — adding members to the plan under construction: files
 * of the tree (checked to be regular, readable and inside the root) and
 * generated content; the notes and the refusal message the backends' rules
 * use; small file-system questions about the tree; the [tool.*] lookup;
 * and the strict scan of `__version__ = "..."` assignments.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/build_int.h"
#include "util/util.h"

/* Largest Python file the version scan reads. */
#define BP_SCAN_MAX ((size_t)4 * 1024 * 1024)

/* Joins the root and a relative path into a new string. */
static char *root_join(const struct bp *bp, const char *rel)
{
	sw_buf b;
	sw_buf_init(&b, 64 * 1024);
	sw_buf_puts(&b, bp->plan->root);
	if (rel[0] != '\0') {
		sw_buf_putc(&b, '/');
		sw_buf_puts(&b, rel);
	}
	if (sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		return NULL;
	}
	return sw_buf_detach(&b, NULL);
}

/* Returns 1 if the resolved path `real` is the real root or below it. */
static int inside_root(const struct bp *bp, const char *real)
{
	size_t n = strlen(bp->root_real);
	if (strncmp(real, bp->root_real, n) != 0)
		return 0;
	return real[n] == '\0' || real[n] == '/' || (n == 1 && bp->root_real[0] == '/');
}

/* Appends one member to a list, growing it by doubling. */
static int members_push(sw_build_members *list, sw_build_member *m)
{
	size_t n = list->count;
	if (n == 0 || (n & (n - 1)) == 0) {
		size_t cap = n == 0 ? 16 : n * 2;
		sw_build_member *items = sw_realloc(list->items, cap * sizeof(*items));
		if (items == NULL)
			return sw_error_set(SW_ENOMEM, "out of memory");
		list->items = items;
	}
	list->items[n] = *m;
	list->count = n + 1;
	return 0;
}

/* Frees the strings of one member. */
static void member_clear(sw_build_member *m)
{
	sw_free(m->path);
	sw_free(m->source);
	sw_free(m->data);
	memset(m, 0, sizeof(*m));
}

/* Adds a copy of `m` (its strings duplicated) to each target asked for. */
static int add_member(struct bp *bp, unsigned targets, const sw_build_member *m)
{
	static const enum bp_target order[] = {BP_SDIST, BP_WHEEL};
	for (size_t i = 0; i < SW_ARRAY_LEN(order); i++) {
		if (!(targets & (unsigned)order[i]))
			continue;
		sw_build_member copy = {0};
		copy.path = sw_strdup(m->path);
		copy.source = m->source ? sw_strdup(m->source) : NULL;
		copy.data = m->data ? sw_strndup(m->data, m->data_len) : NULL;
		copy.data_len = m->data_len;
		copy.executable = m->executable;
		sw_build_members *list = order[i] == BP_SDIST ? &bp->plan->sdist : &bp->plan->wheel;
		if (copy.path == NULL || (m->source && copy.source == NULL) ||
		    (m->data && copy.data == NULL) || members_push(list, &copy) < 0) {
			member_clear(&copy);
			return sw_error_set(SW_ENOMEM, "out of memory");
		}
	}
	return 0;
}

/* Checks an archive path: relative, '/'-separated, no empty, "." or ".."
 * segment, no control characters. */
static int archive_path_ok(const char *path)
{
	if (path[0] == '\0' || path[0] == '/')
		return 0;
	for (const char *seg = path; *seg != '\0';) {
		size_t n = strcspn(seg, "/");
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return 0;
		seg += n;
		if (*seg == '/')
			seg++;
		if (*seg == '\0' && seg[-1] == '/')
			return 0;
	}
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			return 0;
	return 1;
}

/* Checks that `real` (from realpath(), malloc'd; NULL on failure) is
 * inside the root; frees it. */
static int check_real(struct bp *bp, char *real, const char *what)
{
	int err = 0;
	if (real == NULL)
		err = sw_error_set(SW_EIO, "%s: %s", what, strerror(errno));
	else if (!inside_root(bp, real))
		err = sw_error_set(SW_EIO, "%s: a symlink pointing outside the project (to %s)",
		                   what, real);
	free(real); /* realpath() allocates with malloc */
	return err;
}

/* Checks that the folder of a source resolves inside the root, once per
 * run of sources in the same folder. */
static int check_dir(struct bp *bp, const char *source)
{
	const char *slash = strrchr(source, '/');
	size_t dl = slash ? (size_t)(slash - source) : 0;
	if (dl == 0 ||
	    (bp->dir_ok && strlen(bp->dir_ok) == dl && memcmp(bp->dir_ok, source, dl) == 0))
		return 0;
	char *dir = sw_strndup(source, dl), *full = dir ? root_join(bp, dir) : NULL;
	int err = full ? check_real(bp, realpath(full, NULL), dir)
	               : sw_error_set(SW_ENOMEM, "out of memory");
	sw_free(full);
	sw_free(bp->dir_ok);
	bp->dir_ok = err == 0 ? dir : NULL;
	if (err < 0)
		sw_free(dir);
	return err;
}

/* Checks that a source below the root is a readable regular file inside
 * the root; sets *executable from its mode. */
static int check_source(struct bp *bp, const char *source, int *executable)
{
	int err = 0;
	char *full = root_join(bp, source);
	struct stat st;
	if (full == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((err = check_dir(bp, source)) < 0)
		goto done;
	if (lstat(full, &st) < 0) {
		err = sw_error_set(SW_EIO, "%s: %s", source, strerror(errno));
		goto done;
	}
	if (S_ISLNK(st.st_mode) &&
	    ((err = check_real(bp, realpath(full, NULL), source)) < 0 || stat(full, &st) < 0)) {
		err = err < 0 ? err : sw_error_set(SW_EIO, "%s: %s", source, strerror(errno));
		goto done;
	}
	if (!S_ISREG(st.st_mode)) {
		err = sw_error_set(SW_EIO, "%s: not a regular file", source);
		goto done;
	}
	if (access(full, R_OK) < 0) {
		err = sw_error_set(SW_EIO, "%s: cannot be read: %s", source, strerror(errno));
		goto done;
	}
	*executable = (st.st_mode & S_IXUSR) != 0;
done:
	sw_free(full);
	return err;
}

int bp_add_file(struct bp *bp, unsigned targets, const char *archive_path, const char *source)
{
	if (!archive_path_ok(archive_path))
		return sw_error_set(SW_EINVAL, "'%s': not a valid name inside an archive",
		                    archive_path);
	if (!archive_path_ok(source))
		return sw_error_set(SW_EINVAL, "'%s': not a path inside the project", source);
	sw_build_member m = {0};
	int err = check_source(bp, source, &m.executable);
	if (err < 0)
		return err;
	m.path = (char *)archive_path;
	m.source = (char *)source;
	return add_member(bp, targets, &m);
}

int bp_add_data(struct bp *bp, unsigned targets, const char *archive_path, const char *data,
                size_t len)
{
	if (!archive_path_ok(archive_path))
		return sw_error_set(SW_EINVAL, "'%s': not a valid name inside an archive",
		                    archive_path);
	sw_build_member m = {0};
	m.path = (char *)archive_path;
	m.data = (char *)(data ? data : "");
	m.data_len = len;
	return add_member(bp, targets, &m);
}

int bp_has(const struct bp *bp, enum bp_target target, const char *archive_path)
{
	const sw_build_members *list = target == BP_SDIST ? &bp->plan->sdist : &bp->plan->wheel;
	for (size_t i = 0; i < list->count; i++)
		if (strcmp(list->items[i].path, archive_path) == 0)
			return 1;
	return 0;
}

int bp_note(struct bp *bp, const char *fmt, ...)
{
	sw_build_plan *plan = bp->plan;
	sw_buf b;
	va_list ap;
	sw_buf_init(&b, 64 * 1024);
	va_start(ap, fmt);
	sw_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	char **notes = NULL;
	if (sw_buf_error(&b) < 0 ||
	    (notes = sw_realloc(plan->notes, (plan->note_count + 1) * sizeof(*notes))) == NULL) {
		sw_buf_free(&b);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	plan->notes = notes;
	plan->notes[plan->note_count++] = sw_buf_detach(&b, NULL);
	return 0;
}

int bp_unsupported(struct bp *bp, const char *fmt, ...)
{
	sw_buf b;
	va_list ap;
	sw_buf_init(&b, 64 * 1024);
	va_start(ap, fmt);
	sw_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	sw_error_set(SW_EUNSUPPORTED, "%s: %s; build it with `slipway build --pep517`",
	             sw_build_backend_name(bp->plan->backend), sw_buf_cstr(&b));
	sw_buf_free(&b);
	return SW_EUNSUPPORTED;
}

/* stat()s a path below the root; returns 1 and fills *st on success.
 * Allocates nothing (a path longer than PATH_MAX cannot exist). */
static int stat_rel(const struct bp *bp, const char *rel, struct stat *st)
{
	char full[4096];
	int n = snprintf(full, sizeof(full), "%s%s%s", bp->plan->root, rel[0] ? "/" : "", rel);
	return n > 0 && (size_t)n < sizeof(full) && stat(full, st) == 0;
}

int bp_is_dir(const struct bp *bp, const char *rel)
{
	struct stat st;
	return stat_rel(bp, rel, &st) && S_ISDIR(st.st_mode);
}

int bp_is_file(const struct bp *bp, const char *rel)
{
	struct stat st;
	return stat_rel(bp, rel, &st) && S_ISREG(st.st_mode);
}

const sw_toml_node *bp_tool(const struct bp *bp, const char *name)
{
	const sw_toml_node *tool = sw_project_tool(bp->project);
	if (tool == NULL || sw_toml_type(tool) != SW_TOML_TABLE)
		return NULL;
	const sw_toml_node *t = sw_toml_find(tool, name, strlen(name));
	return t != NULL && sw_toml_type(t) == SW_TOML_TABLE ? t : NULL;
}

/* Parses `var = "literal"` at the start of `line` (len bytes). Returns 1
 * with the literal's bounds, 0 when the line does not assign `var`, -1
 * when it assigns something that is not a plain literal. */
static int scan_line(const char *line, size_t len, const char *var, size_t *start, size_t *end)
{
	size_t vn = strlen(var), i = vn;
	if (len < vn || memcmp(line, var, vn) != 0)
		return 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i >= len || line[i] != '=' || (i + 1 < len && line[i + 1] == '='))
		return 0;
	for (i++; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	if (i >= len || (line[i] != '"' && line[i] != '\''))
		return -1;
	char q = line[i];
	size_t s = ++i;
	while (i < len && line[i] != q && line[i] != '\\')
		i++;
	if (i >= len || line[i] != q || i == s)
		return -1;
	*start = s;
	*end = i;
	for (i++; i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'); i++)
		;
	return i == len || line[i] == '#' ? 1 : -1;
}

int bp_scan_assignment(struct bp *bp, const char *rel, const char *var, char **out)
{
	char *full = root_join(bp, rel), *text = NULL;
	size_t len = 0;
	int err = 0;
	*out = NULL;
	if (full == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((err = sw_file_read(&text, &len, NULL, full, BP_SCAN_MAX)) < 0)
		goto done;
	err = sw_error_set(SW_ENOTFOUND, "%s: no `%s = \"...\"` line", rel, var);
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - (text + pos)) : len - pos, s = 0, e = 0;
		int r = scan_line(text + pos, n, var, &s, &e);
		if (r < 0) {
			err = bp_unsupported(bp, "%s: `%s` is not assigned a plain string literal",
			                     rel, var);
			goto done;
		}
		if (r > 0) {
			*out = sw_strndup(text + pos + s, e - s);
			err = *out ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
			goto done;
		}
		pos += n + 1;
	}
done:
	sw_free(text);
	sw_free(full);
	return err;
}
