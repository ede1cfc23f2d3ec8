/*
 * bump/sites.c — the list of version sites of a project: loads
 * pyproject.toml, adds the static project.version, asks backends.c for
 * the dynamic source of truth and the package's literals, then decides
 * whether the sites agree and what, if anything, stops a bump.
 */
#include <stdarg.h>
#include <string.h>
#include <sys/stat.h>

#include "bump/sites_int.h"
#include "slipway/pep440.h"
#include "util/util.h"

static const char *const origin_names[] = {
        [SW_SITE_PROJECT_VERSION] = "project.version",
        [SW_SITE_HATCH_PATH] = "tool.hatch.version.path",
        [SW_SITE_SETUPTOOLS_ATTR] = "tool.setuptools.dynamic.version.attr",
        [SW_SITE_SETUPTOOLS_FILE] = "tool.setuptools.dynamic.version.file",
        [SW_SITE_FLIT_MODULE] = "flit module __version__",
        [SW_SITE_PACKAGE] = "package",
        [SW_SITE_UV_LOCK] = "uv.lock package version",
};

const char *sw_site_origin_name(enum sw_site_origin origin)
{
	return (unsigned)origin < SW_ARRAY_LEN(origin_names) ? origin_names[origin] : NULL;
}

/* "dir/path" in a new string, or NULL when out of memory. */
static char *join_path(const char *dir, const char *path)
{
	sw_buf b;
	sw_buf_init(&b, 8192);
	sw_buf_printf(&b, "%s/%s", dir, path);
	return sw_buf_detach(&b, NULL);
}

int sites_file_load(size_t *index, sw_version_sites *s, const char *path)
{
	struct site_file *f;
	struct stat st;
	int err;
	for (size_t i = 0; i < s->nfiles; i++) {
		if (strcmp(s->files[i].path, path) == 0) {
			*index = i;
			return 0;
		}
	}
	if (s->nfiles == SW_BUMP_FILES_MAX)
		return sw_error_set(SW_ETOOBIG, "too many version files");
	f = &s->files[s->nfiles];
	memset(f, 0, sizeof(*f));
	if (!(f->path = sw_strdup(path)) || !(f->abs = join_path(s->dir, path))) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if (stat(f->abs, &st) != 0 || !S_ISREG(st.st_mode)) {
		err = SW_ENOTFOUND;
		goto done;
	}
	if ((err = sw_file_read(&f->text, &f->len, &f->stamp, f->abs, SW_BUMP_FILE_MAX)) < 0)
		goto done;
	f->readonly = (st.st_mode & S_IWUSR) == 0;
	f->symlink = lstat(f->abs, &st) == 0 && S_ISLNK(st.st_mode);
	*index = s->nfiles++;
done:
	if (err < 0) {
		sw_free(f->path);
		sw_free(f->abs);
		memset(f, 0, sizeof(*f));
	}
	return err;
}

int sites_add(sw_version_sites *s, enum sw_site_origin origin, size_t file, const char *name,
              size_t offset, size_t len, const char *value, int truth)
{
	struct site_rec *r;
	const struct site_file *f = &s->files[file];
	for (size_t i = 0; i < s->nsites; i++) {
		const sw_version_site *o = &s->sites[i].pub;
		if (s->sites[i].file == file && offset < o->offset + o->len + !o->len &&
		    o->offset < offset + len + !len)
			return 0; /* the same characters (or overlapping ones) */
	}
	if (s->nsites == SW_BUMP_SITES_MAX)
		return sw_error_set(SW_ETOOBIG, "too many version sites");
	r = &s->sites[s->nsites];
	memset(r, 0, sizeof(*r));
	r->file = file;
	r->pub.origin = origin;
	r->pub.path = f->path;
	r->pub.name = name;
	r->pub.offset = offset;
	r->pub.len = len;
	r->pub.truth = truth;
	r->pub.value = value ? sw_strdup(value) : sw_strndup(f->text + offset, len);
	if (!r->pub.value)
		return sw_error_set(SW_ENOMEM, "out of memory");
	sw_text_line_col(f->text, offset, &r->pub.line, &r->pub.col);
	if (f->readonly)
		r->pub.why_not_writable = "the file is read-only";
	else if (f->symlink)
		r->pub.why_not_writable = "the file is a symbolic link (writing would replace the "
		                          "link by a file)";
	s->nsites++;
	return 0;
}

void sites_note(sw_version_sites *s, const char *fmt, ...)
{
	va_list ap;
	if (s->notes.len)
		sw_buf_putc(&s->notes, '\n');
	va_start(ap, fmt);
	sw_buf_vprintf(&s->notes, fmt, ap);
	va_end(ap);
}

const char *sites_copy(sw_version_sites *s, const char *str, size_t len)
{
	struct str_copy *c;
	if (memchr(str, '\0', len))
		return NULL;
	if (!(c = sw_malloc(sizeof(*c) + len + 1))) {
		s->oom = 1;
		return NULL;
	}
	memcpy(c->str, str, len);
	c->str[len] = '\0';
	c->next = s->strs;
	s->strs = c;
	return c->str;
}

const sw_toml_node *sites_toml_node(sw_version_sites *s, const char *path)
{
	const sw_toml_node *node = NULL;
	const sw_toml_doc *doc = sw_project_doc(s->project);
	int err = doc ? sw_toml_get_path(&node, sw_toml_root(doc), path) : SW_ENOTFOUND;
	if (err == SW_ENOMEM)
		s->oom = 1;
	return err < 0 ? NULL : node;
}

const char *sites_toml_str(sw_version_sites *s, const char *path)
{
	const sw_toml_node *node = sites_toml_node(s, path);
	const char *str;
	size_t len;
	if (!node || sw_toml_string(node, &str, &len) < 0)
		return NULL;
	return sites_copy(s, str, len);
}

size_t sites_offset_of(const char *text, size_t len, unsigned line, unsigned col)
{
	size_t i = 0;
	for (unsigned l = 1; l < line && i < len; i++)
		if (text[i] == '\n')
			l++;
	for (unsigned c = 1; c < col && i < len; c++)
		for (i++; i < len && ((unsigned char)text[i] & 0xC0) == 0x80;)
			i++;
	return i;
}

/* The static [project] version: a site covering the string's characters
 * between its delimiters. */
static int add_static(sw_version_sites *s, size_t file)
{
	const sw_project_meta *m = sw_project_meta_get(s->project);
	const struct site_file *f = &s->files[file];
	size_t off, src_len, delim;
	const char *src;
	if (!m->version.node)
		return 0;
	if (!m->version.str) {
		sites_note(s, "%s:%u:%u: project.version is not a string", f->path, m->version.line,
		           m->version.col);
		return 0;
	}
	src = sw_toml_source(m->version.node, &src_len);
	off = sites_offset_of(f->text, f->len, m->version.line, m->version.col);
	delim = src_len >= 6 && (memcmp(src, "\"\"\"", 3) == 0 || memcmp(src, "'''", 3) == 0) ? 3
	                                                                                      : 1;
	if (src_len < 2 * delim || off + src_len > f->len)
		return sw_error_set(SW_EPARSE, "%s: cannot locate project.version", f->path);
	return sites_add(s, SW_SITE_PROJECT_VERSION, file, "version", off + delim,
	                 src_len - 2 * delim, m->version.str, 1);
}

/* Loads pyproject.toml and finds the truth: static, or the backend's. */
static int load_project(sw_version_sites *s)
{
	const char *msg = NULL;
	size_t file;
	int err;
	if ((err = sw_project_load(&s->project, s->dir)) < 0)
		return err;
	if (sw_project_syntax_error(s->project, &msg, NULL, NULL))
		return sw_error_set(SW_EPARSE, "%s", msg);
	if ((err = sites_file_load(&file, s, "pyproject.toml")) < 0)
		return err == SW_ENOTFOUND
		               ? sw_error_set(err, "%s/pyproject.toml: not found", s->dir)
		               : err;
	if (sw_project_is_dynamic(s->project, SW_PF_VERSION)) {
		if (sw_project_meta_get(s->project)->version.node)
			sites_note(s, "pyproject.toml: version is both set and listed in "
			              "project.dynamic; remove one of them");
		return sites_find_dynamic(s);
	}
	if (!sw_project_meta_get(s->project)->version.node)
		sites_note(s, "pyproject.toml has no project.version and does not list "
		              "\"version\" in project.dynamic");
	return add_static(s, file);
}

int sw_version_sites_find(sw_version_sites **out, const char *dir)
{
	sw_version_sites *s;
	int err;
	*out = NULL;
	if (!dir)
		return sw_error_set(SW_EINVAL, "no project folder given");
	if (!(s = sw_calloc(1, sizeof(*s))))
		return sw_error_set(SW_ENOMEM, "out of memory");
	sw_buf_init(&s->notes, 64 * 1024);
	sw_buf_init(&s->problem, 256 * 1024);
	if (!(s->dir = sw_strdup(dir))) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if ((err = load_project(s)) < 0)
		goto done;
	if ((err = sites_find_package(s)) < 0 || (err = sites_find_lock(s)) < 0)
		goto done;
	err = sites_finish(s);
done:
	if (err < 0)
		sw_version_sites_free(s);
	else
		*out = s;
	return err;
}

void sw_version_sites_free(sw_version_sites *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nsites; i++)
		sw_free((char *)s->sites[i].pub.value);
	for (size_t i = 0; i < s->nfiles; i++) {
		sw_free(s->files[i].path);
		sw_free(s->files[i].abs);
		sw_free(s->files[i].text);
	}
	while (s->strs) {
		struct str_copy *next = s->strs->next;
		sw_free(s->strs);
		s->strs = next;
	}
	sw_project_free(s->project);
	sw_buf_free(&s->notes);
	sw_buf_free(&s->problem);
	sw_free(s->dir);
	sw_free(s);
}

size_t sw_version_sites_count(const sw_version_sites *s)
{
	return s ? s->nsites : 0;
}

const sw_version_site *sw_version_sites_at(const sw_version_sites *s, size_t i)
{
	return s && i < s->nsites ? &s->sites[i].pub : NULL;
}

const char *sw_version_sites_project_name(const sw_version_sites *s)
{
	return s ? sw_project_meta_get(s->project)->name.str : NULL;
}

const char *sw_version_sites_current(const sw_version_sites *s)
{
	for (size_t i = 0; s && i < s->nsites; i++)
		if (s->sites[i].pub.truth)
			return s->sites[i].pub.value;
	return NULL;
}

int sw_version_sites_agree(const sw_version_sites *s)
{
	return s ? s->agree : 0;
}

const char *sw_version_sites_vcs(const sw_version_sites *s)
{
	return s ? s->vcs : NULL;
}

const char *sw_version_sites_problem(const sw_version_sites *s)
{
	return s && s->problem.len ? sw_buf_cstr(&s->problem) : NULL;
}
