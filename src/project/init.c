/*
 * project/init.c — `slipway init` in the core: works out the project and
 * package names, builds the text of every file of a new project
 * (pyproject.toml for the chosen backend, README.md, .gitignore, the
 * package and one test) in memory, checks that none of them exists, and
 * only then writes them, each created exclusively.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "project/edit_int.h"
#include "slipway/pep508.h"
#include "slipway/project.h"

#define FILES_MAX 6
#define TEXT_MAX  ((size_t)1024 * 1024)

/* What [build-system] says for each backend: the lowest release with
 * PEP 639 license expressions (hatchling 1.27, flit_core 3.12, setuptools
 * 77), and for uv_build the current minor series, bounded as uv itself
 * writes it (its configuration may change between minors). */
struct backend {
	const char *name;
	const char *requires;
	const char *build_backend;
};

static const struct backend backends[] = {
        [SW_INIT_HATCHLING] = {"hatchling", "hatchling>=1.27", "hatchling.build"},
        [SW_INIT_FLIT_CORE] = {"flit_core", "flit_core>=3.12,<4", "flit_core.buildapi"},
        [SW_INIT_SETUPTOOLS] = {"setuptools", "setuptools>=77", "setuptools.build_meta"},
        [SW_INIT_UV_BUILD] = {"uv_build", "uv_build>=0.12,<0.13", "uv_build"},
};

int sw_init_backend_lookup(enum sw_init_backend *out, const char *name)
{
	for (size_t i = 0; name && i < SW_ARRAY_LEN(backends); i++) {
		if (strcmp(backends[i].name, name) == 0) {
			*out = (enum sw_init_backend)i;
			return 0;
		}
	}
	return sw_error_set(SW_ENOTFOUND,
	                    "unknown backend '%s' (hatchling, flit_core, setuptools, uv_build)",
	                    name ? name : "");
}

static int is_alnum(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int sw_init_name_from_dir(char **out, const char *dirname)
{
	sw_buf b;
	int pending = 0;
	*out = NULL;
	sw_buf_init(&b, 4096);
	for (const char *p = dirname; p && *p; p++) {
		if (!is_alnum(*p)) {
			pending = b.len > 0;
			continue;
		}
		if (pending)
			sw_buf_putc(&b, '-');
		pending = 0;
		sw_buf_putc(&b, (char)(*p >= 'A' && *p <= 'Z' ? *p + ('a' - 'A') : *p));
	}
	if (sw_buf_error(&b)) {
		sw_buf_free(&b);
		return sw_error_set(SW_ENOMEM, "out of memory or name too long");
	}
	if (!b.len || (b.ptr[0] >= '0' && b.ptr[0] <= '9')) {
		sw_buf_free(&b);
		return sw_error_set(SW_EINVAL,
		                    "cannot make a project name from the folder name '%s': give "
		                    "one with --name",
		                    dirname ? dirname : "");
	}
	*out = sw_buf_detach(&b, NULL);
	return 0;
}

/* The values that go into the files. */
struct plan {
	char *name;  /* project name */
	char *pkg;   /* import package */
	char *canon; /* canonical license expression, or NULL */
	char *author_name, *author_email;
	const char *description;
	const sw_init_opts *opts;
	char *paths[FILES_MAX];
	sw_buf texts[FILES_MAX];
	size_t nfiles;
};

static void plan_free(struct plan *p)
{
	sw_free(p->name);
	sw_free(p->pkg);
	sw_free(p->canon);
	sw_free(p->author_name);
	sw_free(p->author_email);
	for (size_t i = 0; i < p->nfiles; i++) {
		sw_free(p->paths[i]);
		sw_buf_free(&p->texts[i]);
	}
}

/* The folder's own name (resolving "." and ".."). */
static int dir_basename(char **out, const char *dir)
{
	char real[PATH_MAX];
	const char *base, *end;
	if (realpath(dir, real))
		dir = real;
	end = dir + strlen(dir);
	while (end > dir + 1 && end[-1] == '/')
		end--;
	base = end;
	while (base > dir && base[-1] != '/')
		base--;
	if (!(*out = sw_strndup(base, (size_t)(end - base))))
		return sw_error_set(SW_ENOMEM, "out of memory");
	return 0;
}

/* Works out the project name and the package name. */
static int plan_names(struct plan *p, const char *dir)
{
	char *base = NULL;
	sw_buf norm;
	int err = 0;
	if (p->opts->name) {
		if (!sw_name_is_valid(p->opts->name, strlen(p->opts->name)))
			return sw_error_set(SW_EINVAL, "'%s' is not a valid project name",
			                    p->opts->name);
		if (!(p->name = sw_strdup(p->opts->name)))
			return sw_error_set(SW_ENOMEM, "out of memory");
	} else if ((err = dir_basename(&base, dir)) < 0 ||
	           (err = sw_init_name_from_dir(&p->name, base)) < 0) {
		sw_free(base);
		return err;
	}
	sw_free(base);
	sw_buf_init(&norm, 4096);
	if ((err = sw_name_normalize(&norm, p->name, strlen(p->name))) < 0) {
		sw_buf_free(&norm);
		return sw_error_set(err, "out of memory");
	}
	for (size_t i = 0; i < norm.len; i++)
		if (norm.ptr[i] == '-')
			norm.ptr[i] = '_';
	p->pkg = sw_buf_detach(&norm, NULL);
	if (!p->pkg)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if (p->pkg[0] >= '0' && p->pkg[0] <= '9')
		return sw_error_set(SW_EINVAL,
		                    "the package name '%s' would start with a digit, which Python "
		                    "cannot import: choose another --name",
		                    p->pkg);
	return 0;
}

/* Checks the license and the author. */
static int plan_options(struct plan *p)
{
	const sw_init_opts *o = p->opts;
	int err;
	p->description = o->description ? o->description : "Add a short description here.";
	if (ed_has_control(p->description))
		return sw_error_set(SW_EINVAL, "the description must be one line");
	if (o->author && (err = sw_person_parse(&p->author_name, &p->author_email, o->author)) < 0)
		return err;
	if (o->license) {
		sw_buf c;
		sw_buf_init(&c, 4096);
		err = sw_spdx_canonicalize(&c, o->license, strlen(o->license), NULL);
		if (err == SW_EPARSE)
			err = ed_rewrap(SW_EINVAL, "--license: ", NULL, "");
		if (err >= 0 && !(p->canon = sw_buf_detach(&c, NULL)))
			err = sw_error_set(SW_ENOMEM, "out of memory");
		sw_buf_free(&c);
		if (err < 0)
			return err;
	}
	return 0;
}

/* Starts a new file of the plan; returns its buffer or NULL. */
static sw_buf *plan_file(struct plan *p, const char *a, const char *b, const char *c)
{
	sw_buf path;
	sw_buf_init(&path, 4096);
	sw_buf_puts(&path, a);
	sw_buf_puts(&path, b);
	sw_buf_puts(&path, c);
	if (!(p->paths[p->nfiles] = sw_buf_detach(&path, NULL))) {
		sw_buf_free(&path);
		return NULL;
	}
	sw_buf_init(&p->texts[p->nfiles], TEXT_MAX);
	return &p->texts[p->nfiles++];
}

/* key = "string" line. */
static void put_kv(sw_buf *b, const char *key, const char *value)
{
	sw_buf_printf(b, "%s = ", key);
	sw_toml_write_string(b, value, strlen(value));
	sw_buf_putc(b, '\n');
}

static void write_pyproject(sw_buf *b, const struct plan *p)
{
	const struct backend *be = &backends[p->opts->backend];
	sw_buf_puts(b, "[build-system]\nrequires = [");
	sw_toml_write_string(b, be->requires, strlen(be->requires));
	sw_buf_puts(b, "]\n");
	put_kv(b, "build-backend", be->build_backend);
	sw_buf_puts(b, "\n[project]\n");
	put_kv(b, "name", p->name);
	put_kv(b, "version", "0.1.0");
	put_kv(b, "description", p->description);
	put_kv(b, "readme", "README.md");
	put_kv(b, "requires-python", ">=3.9");
	if (p->canon)
		put_kv(b, "license", p->canon);
	if (p->author_name || p->author_email) {
		sw_buf_puts(b, "authors = [{");
		if (p->author_name) {
			sw_buf_puts(b, "name = ");
			sw_toml_write_string(b, p->author_name, strlen(p->author_name));
		}
		if (p->author_email) {
			sw_buf_puts(b, p->author_name ? ", email = " : "email = ");
			sw_toml_write_string(b, p->author_email, strlen(p->author_email));
		}
		sw_buf_puts(b, "}]\n");
	}
	sw_buf_puts(b, "classifiers = [\n    \"Programming Language :: Python :: 3\",\n]\n");
	sw_buf_puts(b, "dependencies = []\n");
	if (p->opts->backend == SW_INIT_FLIT_CORE)
		sw_buf_printf(b, "\n[tool.flit.module]\nname = \"%s\"\n", p->pkg);
	if (p->opts->backend == SW_INIT_UV_BUILD && p->opts->flat)
		sw_buf_puts(b, "\n[tool.uv.build-backend]\nmodule-root = \"\"\n");
}

/* 1 if the description can go into a Python docstring as it is. */
static int docstring_safe(const char *s)
{
	return !strpbrk(s, "\"\\");
}

/* Builds every file's text. */
static int plan_files(struct plan *p)
{
	const char *top = p->opts->flat ? "" : "src/";
	sw_buf *b;
	int err = 0;
	if (!(b = plan_file(p, "pyproject.toml", "", "")))
		goto nomem;
	write_pyproject(b, p);
	if (!(b = plan_file(p, "README.md", "", "")))
		goto nomem;
	sw_buf_printf(b, "# %s\n\n%s\n\n## Install\n\n```\npip install %s\n```\n\n", p->name,
	              p->description, p->name);
	sw_buf_printf(b, "## Develop\n\n```\npython -m venv .venv\n. .venv/bin/activate\n"
	                 "pip install -e . pytest\npytest\n```\n");
	if (!(b = plan_file(p, ".gitignore", "", "")))
		goto nomem;
	sw_buf_puts(b, ".venv/\ndist/\nbuild/\n.env\n__pycache__/\n*.egg-info/\n");
	if (!(b = plan_file(p, top, p->pkg, "/__init__.py")))
		goto nomem;
	sw_buf_printf(b, "\"\"\"%s\"\"\"\n",
	              docstring_safe(p->description) ? p->description : "The package.");
	if (!(b = plan_file(p, "tests/test_", p->pkg, ".py")))
		goto nomem;
	sw_buf_printf(b, "import %s\n\n\ndef test_import():\n    assert %s.__doc__\n", p->pkg,
	              p->pkg);
	for (size_t i = 0; i < p->nfiles; i++)
		if ((err = sw_buf_error(&p->texts[i])) < 0)
			return sw_error_set(err, "out of memory");
	return 0;
nomem:
	return sw_error_set(SW_ENOMEM, "out of memory");
}

/* Joins dir and a relative path. */
static int join(sw_buf *out, const char *dir, const char *rel)
{
	sw_buf_clear(out);
	sw_buf_puts(out, dir);
	sw_buf_putc(out, '/');
	sw_buf_puts(out, rel);
	return sw_buf_error(out) ? sw_error_set(SW_ENOMEM, "path too long") : 0;
}

/* Refuses when any file of the plan exists (or `dir` is not a folder). */
static int check_free(const struct plan *p, const char *dir, sw_buf *path)
{
	struct stat st;
	int err;
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return sw_error_set(SW_EEXISTS, "%s exists and is not a folder", dir);
	for (size_t i = 0; i < p->nfiles; i++) {
		if ((err = join(path, dir, p->paths[i])) < 0)
			return err;
		if (lstat(path->ptr, &st) == 0)
			return sw_error_set(
			        SW_EEXISTS,
			        "%s already exists; slipway init never overwrites a file "
			        "(nothing was written)",
			        path->ptr);
	}
	return 0;
}

/* Creates every folder on the way to `path` (its last segment excluded). */
static int make_parents(char *path)
{
	for (char *s = strchr(path + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		int bad = mkdir(path, 0777) < 0 && errno != EEXIST;
		*s = '/';
		if (bad)
			return sw_error_set(SW_EIO, "cannot create the folder for %s: %s", path,
			                    strerror(errno));
	}
	return 0;
}

/* Writes one new file (never replacing one). */
static int write_new(const char *path, const sw_buf *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	size_t off = 0;
	if (fd < 0)
		return sw_error_set(errno == EEXIST ? SW_EEXISTS : SW_EIO, "cannot create %s: %s",
		                    path, strerror(errno));
	while (off < text->len) {
		ssize_t n = write(fd, text->ptr + off, text->len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return sw_error_set(SW_EIO, "cannot write %s: %s", path, strerror(errno));
		}
		off += (size_t)n;
	}
	if (close(fd) < 0)
		return sw_error_set(SW_EIO, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

/* Writes the files (creating `dir` and the folders on the way); lists them
 * in `created`. */
static int plan_write(const struct plan *p, const char *dir, sw_buf *path, sw_buf *created)
{
	int err;
	for (size_t i = 0; i < p->nfiles; i++) {
		if ((err = join(path, dir, p->paths[i])) < 0 ||
		    (err = make_parents(path->ptr)) < 0 ||
		    (err = write_new(path->ptr, &p->texts[i])) < 0)
			return err;
		sw_buf_printf(created, "%s\n", p->paths[i]);
	}
	return 0;
}

int sw_project_init(char **created, const char *dir, const sw_init_opts *opts)
{
	struct plan p;
	sw_buf path, list;
	int err;
	if (created)
		*created = NULL;
	if (!dir || !opts || opts->version != SW_INIT_OPTS_VERSION ||
	    (size_t)opts->backend >= SW_ARRAY_LEN(backends))
		return sw_error_set(SW_EINVAL, "bad arguments to init");
	memset(&p, 0, sizeof(p));
	p.opts = opts;
	sw_buf_init(&path, PATH_MAX);
	sw_buf_init(&list, 4096);
	if ((err = plan_names(&p, dir)) < 0 || (err = plan_options(&p)) < 0 ||
	    (err = plan_files(&p)) < 0 || (err = check_free(&p, dir, &path)) < 0 ||
	    (err = plan_write(&p, dir, &path, &list)) < 0)
		goto done;
	if (sw_buf_error(&list)) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if (created && !(*created = sw_buf_detach(&list, NULL)))
		err = sw_error_set(SW_ENOMEM, "out of memory");
done:
	plan_free(&p);
	sw_buf_free(&path);
	sw_buf_free(&list);
	return err;
}
