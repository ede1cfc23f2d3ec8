/*
 * slipway/pep517.h — the PEP 517 frontend: build a project through its
 * declared backend, run in a Python subprocess, the way `python -m build`
 * does.
 *
 * [build-system] is read through the project model: `requires`,
 * `build-backend` (absent: "setuptools.build_meta:__legacy__"; with the
 * whole table absent, requires is ["setuptools>=40.8.0"], as PEP 517/518
 * and `python -m build` say) and `backend-path`. Each hook runs in a fresh
 * child process (a small hook-runner script embedded in slipway) whose
 * working directory is the project root, or the unpacked sdist when the
 * wheel is built from it; results come back through a JSON file in a
 * temporary directory. Hooks the backend lacks fall back as PEP 517 says
 * (get_requires_* → [], prepare_metadata_for_build_wheel → build a wheel and
 * take its .dist-info).
 *
 * The interpreter: opts->python, else $SLIPWAY_PYTHON (when set and not
 * empty), else `python3` found on PATH. The CLI's --python sets
 * opts->python.
 *
 * Isolation (the default, like `python -m build`): a venv is created in a
 * temporary directory (`python -m venv`; when the interpreter has no
 * ensurepip, the venv is made --without-pip and the interpreter's own pip
 * installs into it with `pip --python`), build-system.requires is
 * installed into it with pip from the configured index, then what
 * get_requires_for_build_{sdist,wheel} returns; the hooks run in the venv
 * with PYTHONPATH and PYTHONHOME removed. Without isolation the hooks run
 * in the interpreter as is (its installed backend; PYTHONPATH passed
 * through) and nothing is installed.
 *
 * Every line the backend (and pip) prints goes to sw_log() at info level
 * and to opts->on_line as it arrives. The children run in their own
 * process group, so a cancel stops pip's and the backend's own children
 * too; the terminal's Ctrl-C does not reach them: a CLI should turn
 * SIGINT into opts->cancel. Artifacts are built into the
 * temporary directory and moved into opts->outdir under a temporary name
 * then renamed, so a failed or cancelled build leaves nothing in outdir.
 * The temporary directory is always removed.
 *
 * Errors (each message says which and what to do):
 *   SW_ENOTFOUND   no interpreter ("install python3 or pass --python");
 *                  the backend is not importable ("hatchling is not
 *                  installed for /usr/bin/python3: install
 *                  python3-hatchling or build with isolation"); a
 *                  backend-path entry is missing
 *   SW_ENETWORK    pip could not reach the index (pip's own reason, plus
 *                  "use --find-links DIR for an offline wheelhouse")
 *   SW_ESUBPROCESS a hook raised (the last lines of its traceback), pip
 *                  failed for another reason, venv creation failed, the
 *                  backend produced no file
 *   SW_EUNSUPPORTED the backend does not support building an sdist
 *                  (build_sdist raised UnsupportedOperation)
 *   SW_EINVAL      bad options, a backend-path outside the project, an
 *                  invalid [build-system]
 *   SW_ECANCELLED  opts->cancel asked to stop (the child was stopped)
 *   SW_EIO, SW_ENOMEM
 */
#ifndef SLIPWAY_PEP517_H
#define SLIPWAY_PEP517_H

#include <stddef.h>

#include "slipway/build.h"
#include "slipway/project.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which artifacts to build (a bit set). */
enum sw_pep517_target { SW_PEP517_SDIST = 1, SW_PEP517_WHEEL = 2 };

/* The default index of isolated builds. */
#define SW_PEP517_DEFAULT_INDEX "https://pypi.org/simple/"

/* One --config-setting KEY=VALUE. A key given more than once becomes a
 * list of its values (as `python -m build` does). */
typedef struct sw_pep517_setting {
	const char *key;
	const char *value;
} sw_pep517_setting;

/* Receives one line of output of the backend or pip (no newline; `line` is
 * borrowed for the call). `is_stderr` says which stream. */
typedef void (*sw_pep517_line_fn)(void *userdata, int is_stderr, const char *line);

/* Asked regularly while a subprocess runs: non-zero cancels. */
typedef int (*sw_pep517_cancel_fn)(void *userdata);

#define SW_PEP517_OPTS_VERSION 1

typedef struct sw_pep517_opts {
	unsigned struct_version; /* SW_PEP517_OPTS_VERSION */
	const char *python;      /* NULL: $SLIPWAY_PYTHON, else python3 on PATH */
	int isolation;           /* 1: venv + pip install (default); 0: as is */
	/* Isolated installs: the index URLs (NULL-terminated; NULL means
	 * SW_PEP517_DEFAULT_INDEX): the first is pip's --index-url, the others
	 * --extra-index-url. find_links: NULL-terminated folders or URLs for
	 * pip's --find-links (an offline wheelhouse), or NULL. no_index: 1
	 * passes --no-index (only find_links is used). */
	const char *const *index_urls;
	const char *const *find_links;
	int no_index;
	const char *outdir; /* where artifacts go; NULL: "<project root>/dist";
	                       created if missing */
	unsigned targets;   /* SW_PEP517_SDIST | SW_PEP517_WHEEL */
	const sw_pep517_setting *config_settings;
	size_t config_settings_count;
	/* Extra "NAME=VALUE" environment for every subprocess (NULL-terminated,
	 * or NULL), e.g. PYTHONPATH for a non-isolated build; applied after
	 * isolation removed PYTHONPATH/PYTHONHOME, so it wins. */
	const char *const *env;
	sw_pep517_line_fn on_line;  /* or NULL */
	sw_pep517_cancel_fn cancel; /* or NULL */
	void *userdata;             /* for on_line and cancel */
	/* 1 (default): when both targets are asked for, the wheel is built
	 * from the sdist, unpacked (as `python -m build` does by default, so
	 * a file missing from the sdist shows up); 0: both from the source
	 * tree (as `python -m build --sdist --wheel`). */
	int wheel_from_sdist;
} sw_pep517_opts;

#define SW_PEP517_OPTS_INIT                                                                        \
	{                                                                                          \
		SW_PEP517_OPTS_VERSION, NULL, 1, NULL, NULL, 0, NULL,                              \
		        SW_PEP517_SDIST | SW_PEP517_WHEEL, NULL, 0, NULL, NULL, NULL, NULL, 1      \
	}

/* What a build produced. An artifact not asked for has path NULL. */
typedef struct sw_pep517_result {
	sw_build_artifact sdist;
	sw_build_artifact wheel;
	char *backend; /* the backend used, e.g. "hatchling.build" */
	char *python;  /* the interpreter that ran it (the resolved path) */
} sw_pep517_result;

/* Frees what a result holds and zeroes it (the struct itself is the
 * caller's). Safe on a zeroed result. */
void sw_pep517_result_clear(sw_pep517_result *result);

/* Builds the targets of opts->targets (both by default): the sdist from
 * the project directory, the wheel from the unpacked sdist (or from the
 * project directory: see wheel_from_sdist, and when only the wheel is
 * asked for), and moves them into the outdir. `out` may be NULL;
 * on failure it is left cleared. Errors: see above. */
int sw_pep517_build(sw_pep517_result *out, const sw_project *project, const sw_pep517_opts *opts);

/* Asks the backend for the wheel's core metadata without building the
 * wheel when it can (prepare_metadata_for_build_wheel; otherwise a wheel
 * is built in the temporary directory and its METADATA read). `*out` is
 * the METADATA file's bytes, NUL-terminated (free with sw_free); `len` may
 * be NULL. opts->targets and opts->outdir are ignored; nothing is written
 * outside the temporary directory. Errors: see above. */
int sw_pep517_metadata(char **out, size_t *len, const sw_project *project,
                       const sw_pep517_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
