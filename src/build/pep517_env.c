/*
 * build/pep517_env.c — where the PEP 517 frontend's builds happen: finding
 * the interpreter, the private temporary directory (always removed), the
 * isolated venv and the pip installs into it (with pip's failures turned
 * into errors that say whether the index was unreachable), and moving a
 * finished artifact into the output folder under a temporary name.
 */
#define _GNU_SOURCE /* nftw */

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/pep517_int.h"
#include "slipway/hash.h"
#include "util/util.h"

/* Python modules whose Debian package is not "python3-<module>". */
static const struct {
	const char *module;
	const char *package;
} debian_packages[] = {
        {"flit_core", "flit"},
        {"poetry", "python3-poetry-core"},
        {"pdm", "python3-pdm-backend"},
        {"mesonpy", "python3-mesonpy"},
        {"scikit_build_core", "python3-scikit-build-core"},
};

void pep_debian_package(sw_buf *b, const char *module)
{
	for (size_t i = 0; i < SW_ARRAY_LEN(debian_packages); i++) {
		if (strcmp(module, debian_packages[i].module) == 0) {
			sw_buf_puts(b, debian_packages[i].package);
			return;
		}
	}
	sw_buf_puts(b, "python3-");
	for (const char *c = module; *c; c++)
		sw_buf_putc(b, *c == '_' ? '-' : *c);
}

/* "<a>/<b>" as a new string. */
static char *join(const char *a, const char *b)
{
	size_t n = strlen(a) + strlen(b) + 2;
	char *s = sw_malloc(n);
	if (s)
		snprintf(s, n, "%s/%s", a, b);
	return s;
}

char *pep_tmp_path(const struct pep *p, const char *name)
{
	return join(p->tmp, name);
}

/* Replaces a relative path by its absolute form (the hooks run in the
 * project directory), keeping symlinks: a venv's python must stay one. */
static int make_absolute(char **path)
{
	char cwd[4096], *abs;
	if ((*path)[0] == '/')
		return 0;
	if (!getcwd(cwd, sizeof cwd))
		return sw_error_set(SW_EIO, "cannot get the current directory: %s",
		                    strerror(errno));
	if (!(abs = join(cwd, *path)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	sw_free(*path);
	*path = abs;
	return 0;
}

int pep_find_python(struct pep *p)
{
	const char *env = getenv("SLIPWAY_PYTHON");
	const char *name = p->opts->python ? p->opts->python : env && *env ? env : "python3";
	const char *argv[] = {NULL, "-c", "import sys; sys.exit(sys.version_info < (3, 7))", NULL};
	char why[512], how[64];
	sw_proc_result res;
	int err;
	if ((err = sw_proc_which(&p->python, name, NULL)) < 0) {
		if (err != SW_ENOTFOUND)
			return err;
		snprintf(why, sizeof why, "%s", sw_error_last());
		return sw_error_set(SW_ENOTFOUND,
		                    "no Python interpreter: %s; install python3 or pass "
		                    "--python (or set SLIPWAY_PYTHON)",
		                    why);
	}
	if ((err = make_absolute(&p->python)) < 0)
		return err;
	argv[0] = p->python;
	if ((err = pep_run(p, argv, NULL, &res)) < 0)
		return err;
	if (!res.exited || res.exit_code != 0)
		return sw_error_set(SW_ESUBPROCESS,
		                    "%s does not run as Python 3.7 or later (%s); "
		                    "install python3 or pass --python",
		                    p->python, sw_proc_result_describe(&res, how, sizeof how));
	return 0;
}

int pep_tmp_make(struct pep *p)
{
	const char *base = getenv("TMPDIR");
	char path[4096];
	int err;
	if (!base || !*base)
		base = "/tmp";
	if ((size_t)snprintf(path, sizeof path, "%s/slipway-pep517-XXXXXX", base) >= sizeof path)
		return sw_error_set(SW_EIO, "TMPDIR is too long");
	if (!mkdtemp(path))
		return sw_error_set(SW_EIO, "cannot create a temporary directory in %s: %s", base,
		                    strerror(errno));
	p->tmp = sw_strdup(path);
	err = p->tmp ? make_absolute(&p->tmp) : sw_error_set(SW_ENOMEM, "out of memory");
	if (err < 0) {
		rmdir(path);
		sw_free(p->tmp);
		p->tmp = NULL;
	}
	return err;
}

/* nftw callback: removes one entry (children come first). */
static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

/* Removes a tree (errors are ignored: this is cleanup). */
static void remove_tree(const char *path)
{
	nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

void pep_tmp_remove(struct pep *p)
{
	if (p->tmp)
		remove_tree(p->tmp);
}

/* 1 if any of the last lines contains `needle`. */
static int tail_has(const struct pep *p, const char *needle)
{
	for (size_t i = 0; i < PEP_TAIL_LINES; i++) {
		if (p->tail[i] && strstr(p->tail[i], needle))
			return 1;
	}
	return 0;
}

/* Makes the venv without pip; the interpreter's own pip installs into it. */
static int venv_without_pip(struct pep *p, const char *dir)
{
	const char *argv[] = {p->python, "-m", "venv", "--without-pip", dir, NULL};
	const char *pip[] = {p->python, "-m", "pip", "--version", NULL};
	sw_proc_result res;
	int err;
	sw_log(SW_LOG_INFO,
	       "%s has no ensurepip: making the venv without pip, to install into it with %s -m "
	       "pip (install python3-venv to get ensurepip)",
	       p->python, p->python);
	remove_tree(dir);
	if ((err = pep_run(p, argv, NULL, &res)) < 0)
		return err;
	if (!res.exited || res.exit_code)
		return sw_error_set(SW_ESUBPROCESS, "%s cannot create a venv in %s", p->python,
		                    dir);
	if ((err = pep_run(p, pip, NULL, &res)) < 0)
		return err;
	if (!res.exited || res.exit_code)
		return sw_error_set(
		        SW_ESUBPROCESS,
		        "%s has neither ensurepip nor pip, so an isolated build cannot "
		        "install its requirements: install python3-venv (or python3-pip), "
		        "or build with --no-isolation",
		        p->python);
	p->pip_outside = 1;
	return 0;
}

int pep_venv_create(struct pep *p)
{
	char *dir = pep_tmp_path(p, "env"), how[64];
	sw_proc_result res;
	sw_buf b;
	int err = 0;
	if (!dir)
		return sw_error_set(SW_ENOMEM, "out of memory");
	sw_log(SW_LOG_INFO, "creating an isolated environment with %s", p->python);
	pep_tail_clear(p);
	{
		const char *argv[] = {p->python, "-m", "venv", dir, NULL};
		if ((err = pep_run(p, argv, NULL, &res)) < 0)
			goto done;
	}
	if (!res.exited || res.exit_code) {
		if (tail_has(p, "ensurepip")) {
			err = venv_without_pip(p, dir);
		} else {
			sw_buf_init(&b, 64 * 1024);
			sw_buf_printf(&b, "%s -m venv failed (%s):", p->python,
			              sw_proc_result_describe(&res, how, sizeof how));
			pep_tail_format(p, &b, 8);
			err = sw_error_set(SW_ESUBPROCESS, "%s", sw_buf_cstr(&b));
			sw_buf_free(&b);
		}
		if (err < 0)
			goto done;
	}
	p->run_python = join(dir, "bin/python");
	if (!p->run_python)
		err = sw_error_set(SW_ENOMEM, "out of memory");
done:
	sw_free(dir);
	return err;
}

/* What pip prints when it cannot reach an index. */
static const char *const network_signs[] = {
        "Failed to establish a new connection",
        "NewConnectionError",
        "Connection refused",
        "Name or service not known",
        "Temporary failure in name resolution",
        "Network is unreachable",
        "ConnectTimeoutError",
        "Read timed out",
        "SSLError",
        "ProxyError",
        "Could not fetch URL",
};

/* The line of the tail that shows a network failure, or NULL; `reason`
 * points at the most telling part of it. */
static const char *network_failure(const struct pep *p, const char **reason)
{
	static const char key[] = "Failed to establish a new connection: ";
	for (size_t k = 0; k < PEP_TAIL_LINES; k++) {
		const char *line = p->tail[(p->tail_next + k) % PEP_TAIL_LINES];
		for (size_t i = 0; line && i < SW_ARRAY_LEN(network_signs); i++) {
			const char *at;
			if (!strstr(line, network_signs[i]))
				continue;
			at = strstr(line, key);
			*reason = at ? at + sizeof key - 1 : line;
			return line;
		}
	}
	return NULL;
}

/* Builds pip's command line: interpreter, install, index options, reqs. */
static const char **pip_argv(const struct pep *p, const char *const *reqs, size_t count)
{
	const sw_pep517_opts *o = p->opts;
	static const char *const def_index[] = {SW_PEP517_DEFAULT_INDEX, NULL};
	const char *const *idx = o->index_urls ? o->index_urls : def_index;
	size_t n = 0, k = 0, ni = 0, nf = 0;
	const char **argv;
	while (idx[ni])
		ni++;
	while (o->find_links && o->find_links[nf])
		nf++;
	n = 12 + 2 * ni + 2 * nf + count;
	if (!(argv = sw_malloc(n * sizeof *argv)))
		return NULL;
	argv[k++] = p->pip_outside ? p->python : p->run_python;
	argv[k++] = "-m";
	argv[k++] = "pip";
	if (p->pip_outside) {
		argv[k++] = "--python";
		argv[k++] = p->run_python;
	}
	argv[k++] = "install";
	argv[k++] = "--disable-pip-version-check";
	argv[k++] = "--no-input";
	if (o->no_index)
		argv[k++] = "--no-index";
	for (size_t i = 0; !o->no_index && i < ni; i++) {
		argv[k++] = i ? "--extra-index-url" : "--index-url";
		argv[k++] = idx[i];
	}
	for (size_t i = 0; i < nf; i++) {
		argv[k++] = "--find-links";
		argv[k++] = o->find_links[i];
	}
	for (size_t i = 0; i < count; i++)
		argv[k++] = reqs[i];
	argv[k] = NULL;
	return argv;
}

/* The error for a failed pip run, from its last lines. */
static int pip_failure(const struct pep *p, const char *why, const sw_proc_result *res)
{
	const char *reason = NULL, *line = network_failure(p, &reason);
	const char *index = p->opts->index_urls && p->opts->index_urls[0] ? p->opts->index_urls[0]
	                                                                  : SW_PEP517_DEFAULT_INDEX;
	char how[64];
	sw_buf b;
	int code = line ? SW_ENETWORK : SW_ESUBPROCESS;
	sw_buf_init(&b, 64 * 1024);
	if (line) {
		sw_buf_printf(&b, "cannot reach the package index %s to install %s: %.*s", index,
		              why, (int)strcspn(reason, "'\""), reason);
	} else {
		sw_buf_printf(&b, "pip could not install %s (%s):", why,
		              sw_proc_result_describe(res, how, sizeof how));
		for (size_t k = 0; k < PEP_TAIL_LINES; k++) {
			const char *l = p->tail[(p->tail_next + k) % PEP_TAIL_LINES];
			if (l && strncmp(l, "ERROR:", 6) == 0)
				sw_buf_printf(&b, "\n  %s", l);
		}
	}
	sw_buf_puts(&b, "\nuse --find-links DIR for an offline wheelhouse, or build with "
	                "--no-isolation");
	code = sw_error_set(code, "%s", sw_buf_cstr(&b));
	sw_buf_free(&b);
	return code;
}

int pep_pip_install(struct pep *p, const char *const *reqs, size_t count, const char *why)
{
	const char **argv;
	sw_proc_result res;
	int err;
	if (!count)
		return 0;
	if (!(argv = pip_argv(p, reqs, count)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	sw_log(SW_LOG_INFO, "installing %s with pip", why);
	pep_tail_clear(p);
	err = pep_run(p, argv, NULL, &res);
	if (err == SW_ECANCELLED)
		err = sw_error_set(err, "cancelled while installing %s", why);
	if (err == 0 && (!res.exited || res.exit_code))
		err = pip_failure(p, why, &res);
	sw_free(argv);
	return err;
}

/* Creates a folder and its parents (like mkdir -p). */
static int make_dirs(const char *path)
{
	char buf[4096];
	size_t len = strlen(path);
	if (len >= sizeof buf)
		return sw_error_set(SW_EIO, "%s: path too long", path);
	memcpy(buf, path, len + 1);
	for (size_t i = 1; i <= len; i++) {
		if (buf[i] != '/' && buf[i] != '\0')
			continue;
		buf[i] = '\0';
		if (mkdir(buf, 0777) < 0 && errno != EEXIST)
			return sw_error_set(SW_EIO, "cannot create %s: %s", buf, strerror(errno));
		buf[i] = i == len ? '\0' : '/';
	}
	return 0;
}

/* Copies `src` into the open descriptor `fd` and syncs it. */
static int copy_into(int fd, const char *src, const char *dst)
{
	char chunk[65536];
	int in = open(src, O_RDONLY | O_CLOEXEC), err = 0;
	ssize_t n;
	if (in < 0)
		return sw_error_set(SW_EIO, "%s: %s", src, strerror(errno));
	while ((n = read(in, chunk, sizeof chunk)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || write(fd, chunk, (size_t)n) != n) {
			err = sw_error_set(SW_EIO, "cannot copy %s to %s: %s", src, dst,
			                   strerror(errno));
			break;
		}
	}
	if (!err && fsync(fd) < 0)
		err = sw_error_set(SW_EIO, "%s: %s", dst, strerror(errno));
	close(in);
	return err;
}

/* Puts `src` at `tmp` (rename on the same file system, else a copy). */
static int place_temp(const char *src, const char *tmp, int fd)
{
	if (rename(src, tmp) == 0)
		return 0;
	if (errno != EXDEV)
		return sw_error_set(SW_EIO, "cannot move %s to %s: %s", src, tmp, strerror(errno));
	return copy_into(fd, src, tmp);
}

int pep_move_artifact(sw_build_artifact *art, const char *src, const char *outdir, const char *name)
{
	char *final = join(outdir, name), tmp[4096];
	unsigned char digest[SW_HASH_MAX_SIZE];
	int fd = -1, err;
	if (!final)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((err = make_dirs(outdir)) < 0)
		goto done;
	snprintf(tmp, sizeof tmp, "%s/.%s.slipway-XXXXXX", outdir, name);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0) {
		err = sw_error_set(SW_EIO, "cannot create a file in %s: %s", outdir,
		                   strerror(errno));
		goto done;
	}
	if ((err = place_temp(src, tmp, fd)) < 0 || chmod(tmp, 0644) < 0 ||
	    rename(tmp, final) < 0) {
		err = err < 0 ? err : sw_error_set(SW_EIO, "%s: %s", final, strerror(errno));
		unlink(tmp);
		goto done;
	}
	if ((err = sw_hash_file(digest, &art->size, SW_HASH_SHA256, final)) < 0) {
		unlink(final);
		goto done;
	}
	sw_hex_encode(art->sha256, digest, 32);
	art->path = final;
	final = NULL;
done:
	if (fd >= 0)
		close(fd);
	sw_free(final);
	return err;
}
