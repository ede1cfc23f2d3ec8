/*
 * build/pep517.c — the PEP 517 frontend's entry points (slipway/pep517.h).
 * A run reads [build-system], finds the interpreter, makes a private
 * temporary directory holding the hook runner, the hooks' control files,
 * the isolated venv and the backend's output, prepares the environment
 * (venv + build requirements, or the interpreter as is), calls the hooks
 * in PEP 517's order, and only at the end moves the artifacts into the
 * output folder, so a failed or cancelled build leaves nothing there.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/pep517_int.h"
#include "slipway/fs.h"
#include "util/util.h"

/* The hook runner's source, embedded at build time (pep517_hooks.cmake). */
extern const unsigned char sw_pep517_hooks_runner[];
extern const size_t sw_pep517_hooks_runner_len;

/* PEP 517/518 defaults for a project that declares no backend. */
#define LEGACY_BACKEND "setuptools.build_meta:__legacy__"
static const char *const legacy_requires[] = {"setuptools>=40.8.0"};

/* Variables removed from the hooks' environment in isolation. */
static const char *const isolated_unset[] = {"PYTHONPATH", "PYTHONHOME", NULL};

/* The largest METADATA file read back from a backend. */
#define PEP_METADATA_MAX ((size_t)16 * 1024 * 1024)

void sw_pep517_result_clear(sw_pep517_result *result)
{
	if (!result)
		return;
	sw_free(result->sdist.path);
	sw_free(result->wheel.path);
	sw_free(result->backend);
	sw_free(result->python);
	*result = (sw_pep517_result){0};
}

/* Reads [build-system]: requires, build-backend (or the legacy default),
 * backend-path. */
static int read_build_system(struct pep *p)
{
	const sw_project_build *bs = sw_project_build_get(p->project);
	size_t nreq = bs && bs->present ? bs->requires.count : SW_ARRAY_LEN(legacy_requires);
	size_t npath = bs && bs->present ? bs->backend_path.count : 0;
	if (bs && bs->present && !bs->requires.node)
		return sw_error_set(SW_EINVAL,
		                    "%s: [build-system] has no `requires` (PEP 518 "
		                    "makes it mandatory)",
		                    sw_project_path(p->project));
	p->backend =
	        sw_strdup(bs && bs->present && bs->backend.str ? bs->backend.str : LEGACY_BACKEND);
	p->requires = sw_calloc(nreq + 1, sizeof *p->requires);
	if (!p->backend || !p->requires)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < nreq; i++) {
		const char *r =
		        bs && bs->present ? bs->requires.items[i].text.str : legacy_requires[i];
		if (r)
		p->requires[p->requires_count++] = r;
	}
	if (npath) {
		if (!(p->backend_path = sw_calloc(npath + 1, sizeof *p->backend_path)))
			return sw_error_set(SW_ENOMEM, "out of memory");
		for (size_t i = 0; i < npath; i++)
			p->backend_path[i] = bs->backend_path.items[i].str;
	}
	return 0;
}

/* The hooks' environment: the caller's additions and unbuffered output. */
static int make_env(struct pep *p)
{
	size_t n = 0, k = 0;
	while (p->opts->env && p->opts->env[n])
		n++;
	if (!(p->env_set = sw_calloc(n + 3, sizeof *p->env_set)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	p->env_set[k++] = "PYTHONUNBUFFERED=1";
	for (size_t i = 0; i < n; i++)
		p->env_set[k++] = p->opts->env[i];
	p->env_unset = p->opts->isolation ? isolated_unset : NULL;
	return 0;
}

/* Puts the venv's bin first on the hooks' PATH (scripts of build
 * requirements must be found), ahead of the caller's additions. */
static int add_venv_path(struct pep *p)
{
	const char *old = getenv("PATH");
	sw_buf b;
	size_t n = 0;
	sw_buf_init(&b, 64 * 1024);
	sw_buf_printf(&b, "PATH=%s/env/bin%s%s", p->tmp, old && *old ? ":" : "", old ? old : "");
	if (!(p->env_path = sw_buf_detach(&b, NULL)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	while (p->env_set[n])
		n++;
	memmove(p->env_set + 2, p->env_set + 1, n * sizeof *p->env_set);
	p->env_set[1] = p->env_path;
	return 0;
}

/* Makes the temporary directory's layout and writes the hook runner. */
static int make_workspace(struct pep *p)
{
	static const char *const dirs[] = {"ctl", "out", "meta"};
	char *path = NULL;
	int err;
	if ((err = pep_tmp_make(p)) < 0)
		return err;
	for (size_t i = 0; i < SW_ARRAY_LEN(dirs); i++) {
		if (!(path = pep_tmp_path(p, dirs[i])))
			return sw_error_set(SW_ENOMEM, "out of memory");
		err = mkdir(path, 0700) < 0 ? sw_error_set(SW_EIO, "%s: %s", path, strerror(errno))
		                            : 0;
		sw_free(path);
		if (err < 0)
			return err;
	}
	if (!(path = pep_tmp_path(p, "hooks_runner.py")))
		return sw_error_set(SW_ENOMEM, "out of memory");
	err = sw_file_write_atomic(path, sw_pep517_hooks_runner, sw_pep517_hooks_runner_len, NULL);
	sw_free(path);
	return err;
}

/* Everything a run needs before the first hook. */
static int setup(struct pep *p, const sw_project *project, const sw_pep517_opts *opts)
{
	int err;
	memset(p, 0, sizeof *p);
	p->opts = opts;
	p->project = project;
	if (!opts || opts->struct_version != SW_PEP517_OPTS_VERSION || !project)
		return sw_error_set(SW_EINVAL, "sw_pep517: no project or bad options version");
	if (!(p->root = sw_project_root(project)) || !sw_project_editable(project))
		return sw_error_set(SW_EINVAL,
		                    "%s: needs a project directory with a valid "
		                    "pyproject.toml",
		                    sw_project_path(project));
	if ((err = read_build_system(p)) < 0 || (err = make_env(p)) < 0 ||
	    (err = pep_find_python(p)) < 0 || (err = make_workspace(p)) < 0)
		return err;
	sw_log(SW_LOG_INFO, "PEP 517 build of %s with %s (%s, %s)", p->root, p->backend, p->python,
	       opts->isolation ? "isolated" : "no isolation");
	if (!opts->isolation) {
		p->run_python = sw_strdup(p->python);
		return p->run_python ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
	}
	if ((err = pep_venv_create(p)) < 0 || (err = add_venv_path(p)) < 0)
		return err;
	return pep_pip_install(p, p->requires, p->requires_count, "build-system.requires");
}

/* Frees the run and removes its temporary directory. */
static void teardown(struct pep *p)
{
	pep_tmp_remove(p);
	pep_tail_clear(p);
	sw_free(p->tmp);
	sw_free(p->backend);
	sw_free(p->requires);
	sw_free(p->backend_path);
	sw_free(p->python);
	sw_free(p->run_python);
	sw_free(p->env_set);
	sw_free(p->env_path);
	sw_free(p->src_dir);
}

/* get_requires_for_build_<what>; in isolation, installs what it returns. */
static int get_requires(struct pep *p, const char *what)
{
	char hook[64], why[64];
	json_t *list = NULL, *item;
	const char **reqs = NULL;
	size_t i, n;
	int err;
	snprintf(hook, sizeof hook, "get_requires_for_build_%s", what);
	if ((err = pep_hook(&list, p, hook,
	                    json_pack("{s:o}", "config_settings", pep_config_settings(p->opts)))) <
	    0)
		return err;
	if (!json_is_array(list)) {
		err = sw_error_set(SW_ESUBPROCESS, "%s of %s did not return a list", hook,
		                   p->backend);
		goto done;
	}
	n = json_array_size(list);
	if (!(reqs = sw_calloc(n + 1, sizeof *reqs))) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	json_array_foreach(list, i, item)
	{
		if (!(reqs[i] = json_string_value(item))) {
			err = sw_error_set(SW_ESUBPROCESS, "%s of %s returned a non-string", hook,
			                   p->backend);
			goto done;
		}
		sw_log(SW_LOG_INFO, "%s needs %s", hook, reqs[i]);
	}
	snprintf(why, sizeof why, "the requirements for building the %s", what);
	if (p->opts->isolation)
		err = pep_pip_install(p, reqs, n, why);
done:
	sw_free(reqs);
	json_decref(list);
	return err;
}

/* The file name a build hook returned, checked to exist in `dir`. */
static int built_file(char **out, struct pep *p, const char *hook, json_t *value, const char *dir)
{
	const char *name = json_string_value(value);
	char path[4096];
	struct stat st;
	*out = NULL;
	if (!name || !*name || strchr(name, '/') || strcmp(name, "..") == 0)
		return sw_error_set(SW_ESUBPROCESS,
		                    "build backend %s produced no file: %s returned "
		                    "no plain file name",
		                    p->backend, hook);
	snprintf(path, sizeof path, "%s/%s", dir, name);
	if (stat(path, &st) < 0)
		return sw_error_set(SW_ESUBPROCESS,
		                    "build backend %s produced no file: %s returned "
		                    "%s but wrote no such file",
		                    p->backend, hook, name);
	*out = sw_strdup(name);
	return *out ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
}

/* Runs get_requires and the build hook of one target into tmp/out. */
static int build_one(char **name, struct pep *p, const char *what)
{
	char hook[64], *dir = pep_tmp_path(p, "out");
	json_t *kwargs, *value = NULL;
	int err;
	*name = NULL;
	if (!dir)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((err = get_requires(p, what)) < 0)
		goto done;
	snprintf(hook, sizeof hook, "build_%s", what);
	kwargs = json_pack("{s:s, s:o}",
	                   strcmp(what, "wheel") == 0 ? "wheel_directory" : "sdist_directory", dir,
	                   "config_settings", pep_config_settings(p->opts));
	if ((err = pep_hook(&value, p, hook, kwargs)) < 0)
		goto done;
	err = built_file(name, p, hook, value, dir);
done:
	json_decref(value);
	sw_free(dir);
	return err;
}

/* Unpacks the built sdist into tmp/src; the wheel's hooks then run there. */
static int unpack_sdist(struct pep *p, const char *name)
{
	char rel[4200];
	char *sdist, *target;
	json_t *value = NULL;
	int err;
	snprintf(rel, sizeof rel, "out/%s", name);
	sdist = pep_tmp_path(p, rel);
	target = pep_tmp_path(p, "src");
	if (!sdist || !target) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	sw_log(SW_LOG_INFO, "building the wheel from the sdist %s", name);
	if ((err = pep_hook(&value, p, "_unpack_sdist",
	                    json_pack("{s:s, s:s}", "sdist", sdist, "target", target))) < 0)
		goto done;
	if (!json_string_value(value)) {
		err = sw_error_set(SW_ESUBPROCESS, "unpacking %s gave no folder", name);
		goto done;
	}
	if (!(p->src_dir = sw_strdup(json_string_value(value))))
		err = sw_error_set(SW_ENOMEM, "out of memory");
done:
	json_decref(value);
	sw_free(sdist);
	sw_free(target);
	return err;
}

/* Moves the built files into the output folder and fills the result; on
 * failure, what was already moved is removed again. */
static int deliver(sw_pep517_result *res, struct pep *p, char *const names[2])
{
	sw_build_artifact *arts[2] = {&res->sdist, &res->wheel};
	char outdir[4096], rel[4200], *src;
	int err = 0;
	if (p->opts->outdir)
		snprintf(outdir, sizeof outdir, "%s", p->opts->outdir);
	else
		snprintf(outdir, sizeof outdir, "%s/dist", p->root);
	res->backend = sw_strdup(p->backend);
	res->python = sw_strdup(p->python);
	if (!res->backend || !res->python)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (int i = 0; i < 2 && !err; i++) {
		if (!names[i])
			continue;
		snprintf(rel, sizeof rel, "out/%s", names[i]);
		if (!(src = pep_tmp_path(p, rel))) {
			err = sw_error_set(SW_ENOMEM, "out of memory");
			break;
		}
		err = pep_move_artifact(arts[i], src, outdir, names[i]);
		sw_free(src);
	}
	for (int i = 0; i < 2 && err < 0; i++) {
		if (arts[i]->path)
			unlink(arts[i]->path);
	}
	return err;
}

int sw_pep517_build(sw_pep517_result *out, const sw_project *project, const sw_pep517_opts *opts)
{
	static const char *const what[2] = {"sdist", "wheel"};
	static const unsigned bits[2] = {SW_PEP517_SDIST, SW_PEP517_WHEEL};
	sw_pep517_result scratch = {0}, *res = out ? out : &scratch;
	char *names[2] = {NULL, NULL};
	struct pep p;
	int err;
	*res = (sw_pep517_result){0};
	if ((err = setup(&p, project, opts)) < 0)
		goto done;
	if (!(opts->targets & (SW_PEP517_SDIST | SW_PEP517_WHEEL))) {
		err = sw_error_set(SW_EINVAL,
		                   "sw_pep517_build: no target (sdist or wheel) asked for");
		goto done;
	}
	for (int i = 0; i < 2; i++) {
		if ((opts->targets & bits[i]) && (err = build_one(&names[i], &p, what[i])) < 0)
			goto done;
		if (i == 0 && names[0] && (opts->targets & SW_PEP517_WHEEL) &&
		    opts->wheel_from_sdist && (err = unpack_sdist(&p, names[0])) < 0)
			goto done;
	}
	err = deliver(res, &p, names);
done:
	if (err < 0 || !out)
		sw_pep517_result_clear(res);
	teardown(&p);
	sw_free(names[0]);
	sw_free(names[1]);
	return err;
}

/* Reads <dir>/<dist-info>/METADATA. */
static int read_metadata(char **out, size_t *len, struct pep *p, const char *dir, const char *info)
{
	char path[4096];
	int err;
	snprintf(path, sizeof path, "%s/%s/METADATA", dir, info);
	err = sw_file_read(out, len, NULL, path, PEP_METADATA_MAX);
	if (err == SW_ENOTFOUND)
		return sw_error_set(SW_ESUBPROCESS,
		                    "build backend %s produced no file: %s/METADATA "
		                    "is missing",
		                    p->backend, info);
	return err;
}

int sw_pep517_metadata(char **out, size_t *len, const sw_project *project,
                       const sw_pep517_opts *opts)
{
	json_t *value = NULL;
	char *dir = NULL, *info = NULL;
	struct pep p;
	int err;
	*out = NULL;
	if (len)
		*len = 0;
	if ((err = setup(&p, project, opts)) < 0 || (err = get_requires(&p, "wheel")) < 0)
		goto done;
	if (!(dir = pep_tmp_path(&p, "meta"))) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if ((err = pep_hook(&value, &p, "prepare_metadata_for_build_wheel",
	                    json_pack("{s:s, s:o}", "metadata_directory", dir, "config_settings",
	                              pep_config_settings(opts)))) < 0 ||
	    (err = built_file(&info, &p, "prepare_metadata_for_build_wheel", value, dir)) < 0)
		goto done;
	err = read_metadata(out, len, &p, dir, info);
done:
	json_decref(value);
	sw_free(dir);
	sw_free(info);
	teardown(&p);
	return err;
}
