/*
 * build/pep517_int.h — the PEP 517 frontend's internals, shared by
 * pep517.c (the public entry points and their steps), pep517_run.c
 * (running Python: streamed lines, hook calls through JSON files) and
 * pep517_env.c (the interpreter, the temporary directory, the isolated
 * venv and pip, moving artifacts into place).
 */
#ifndef SW_BUILD_PEP517_INT_H
#define SW_BUILD_PEP517_INT_H

#include <jansson.h>

#include "slipway/pep517.h"
#include "slipway/proc.h"

/* How many of the last output lines are kept for error messages. */
#define PEP_TAIL_LINES 24

/* One frontend run. */
struct pep {
	const sw_pep517_opts *opts;
	const sw_project *project;
	const char *root;      /* the project root (borrowed) */
	char *src_dir;         /* where the hooks run: the unpacked sdist, or
	                          NULL for the project root */
	char *backend;         /* "module:object" */
	const char **requires; /* build-system.requires (strings borrowed) */
	size_t requires_count;
	const char **backend_path; /* borrowed; NULL-terminated, or NULL */
	char *python;              /* the base interpreter, resolved */
	char *run_python;          /* what runs the hooks (the venv's in isolation) */
	char *tmp;                 /* the temporary directory */
	const char **env_set;      /* PYTHONUNBUFFERED=1, PATH with the venv's bin
	                              (isolated), opts->env (NULL-terminated) */
	char *env_path;            /* the PATH entry of env_set, or NULL */
	const char *const *env_unset;
	int pip_outside;            /* 1: the venv has no pip; the base pip installs into it */
	char *tail[PEP_TAIL_LINES]; /* the last lines printed, a ring */
	size_t tail_next;
	int hook_seq;
};

/* ---- pep517_run.c ------------------------------------------------------- */

/* Runs argv with the run's environment in `cwd` (NULL: the project root),
 * streaming every line to sw_log, opts->on_line and the tail. Returns
 * sw_proc_run()'s error; `res` says how the child ended. */
int pep_run(struct pep *p, const char *const *argv, const char *cwd, sw_proc_result *res);

/* Appends the last `n` lines of the tail (oldest first), each indented,
 * to `b`. */
void pep_tail_format(const struct pep *p, sw_buf *b, size_t n);

/* Forgets the tail. */
void pep_tail_clear(struct pep *p);

/* Calls one hook with keyword arguments `kwargs` (a new reference that
 * this function consumes). On success `*value` is a new reference to what
 * the hook returned. Errors: see pep517.h; the message names the hook. */
int pep_hook(json_t **value, struct pep *p, const char *hook, json_t *kwargs);

/* The config_settings of the options as a JSON object (repeated keys as
 * lists), or JSON null when there are none. NULL when out of memory. */
json_t *pep_config_settings(const sw_pep517_opts *opts);

/* ---- pep517_env.c ------------------------------------------------------- */

/* Finds the interpreter (opts->python, $SLIPWAY_PYTHON, python3 on PATH)
 * into p->python and checks that it runs. Errors: SW_ENOTFOUND with
 * "install python3 or pass --python", SW_ESUBPROCESS. */
int pep_find_python(struct pep *p);

/* Makes p->tmp: a new private directory under $TMPDIR (or /tmp). */
int pep_tmp_make(struct pep *p);

/* Removes p->tmp and everything below it (errors are ignored). */
void pep_tmp_remove(struct pep *p);

/* "<p->tmp>/<name>" as a new string, or NULL when out of memory. */
char *pep_tmp_path(const struct pep *p, const char *name);

/* Creates the isolated venv and sets p->run_python to its interpreter. */
int pep_venv_create(struct pep *p);

/* pip-installs requirements into the venv from the configured index.
 * Errors: SW_ENETWORK (unreachable index), SW_ESUBPROCESS (pip failed),
 * SW_ECANCELLED. */
int pep_pip_install(struct pep *p, const char *const *reqs, size_t count, const char *why);

/* Moves a file built in the temporary directory into `outdir` (created if
 * missing) through a temporary name and a rename, and fills `art` (path,
 * size, sha256). */
int pep_move_artifact(sw_build_artifact *art, const char *src, const char *outdir,
                      const char *name);

/* The Debian package that ships the Python module `module` (e.g. "flit"
 * for flit_core, else "python3-<module>" with '_' as '-'), into `b`. */
void pep_debian_package(sw_buf *b, const char *module);

#endif
