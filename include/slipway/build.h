/*
 * slipway/build.h — building sdists and wheels.
 *
 * Two paths produce the same artifacts:
 *
 *  - The native builder (pure-Python projects whose [build-system] names
 *    hatchling, flit_core, setuptools configured in pyproject.toml only, or
 *    uv_build). It works in two steps that callers may also use apart:
 *      1. sw_build_plan_make(): the declared backend's rules decide which
 *         files go into the sdist and into the wheel, under which names,
 *         and the core metadata; nothing is written. A project outside the
 *         supported subset fails here with SW_EUNSUPPORTED and a message
 *         naming the reason (extension modules, build hooks, setup.py, a
 *         dynamic field that cannot be computed, ...).
 *      2. sw_build_write_sdist() / sw_build_write_wheel(): stream the plan
 *         into a reproducible archive (sorted entries, fixed owners, modes
 *         and mtime), written to a temporary name and renamed into place.
 *  - The PEP 517 frontend (slipway/pep517.h), which runs the declared
 *    backend's hooks in a Python subprocess.
 */
#ifndef SLIPWAY_BUILD_H
#define SLIPWAY_BUILD_H

#include <stddef.h>

#include "slipway/metadata.h"
#include "slipway/project.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the plan ----------------------------------------------------------- */

/* The backends the native builder knows. */
enum sw_build_backend {
	SW_BACKEND_UNKNOWN = 0,
	SW_BACKEND_HATCHLING,  /* hatchling.build */
	SW_BACKEND_FLIT_CORE,  /* flit_core.buildapi */
	SW_BACKEND_SETUPTOOLS, /* setuptools.build_meta (and __legacy__) */
	SW_BACKEND_UV_BUILD    /* uv_build */
};

/* Returns "hatchling", "flit_core", "setuptools", "uv_build" or "unknown". */
const char *sw_build_backend_name(enum sw_build_backend backend);

/* Finds the backend named by a `build-backend` string; SW_BACKEND_UNKNOWN
 * for anything else. */
enum sw_build_backend sw_build_backend_lookup(const char *build_backend);

/* One member of an archive. Exactly one of `source` and `data` is set:
 * `source` is a file below the project root (a path relative to it, '/'
 * separated) read while writing; `data`/`data_len` is content the plan
 * generated (PKG-INFO, METADATA, entry_points.txt, egg-info files, ...). */
typedef struct sw_build_member {
	char *path;   /* name inside the archive: relative, '/' separated;
	                 for the sdist without the "{name}-{version}/"
	                 prefix, which the writer adds */
	char *source; /* relative to the project root, or NULL */
	char *data;   /* generated content, or NULL */
	size_t data_len;
	int executable; /* 1: mode 0755, 0: mode 0644 */
} sw_build_member;

typedef struct sw_build_members {
	sw_build_member *items;
	size_t count;
} sw_build_members;

/* What the native builder will produce. Everything is owned by the plan.
 * Member lists are sorted by path (bytewise) and have no duplicates; the
 * wheel list holds the package files and the .dist-info files except
 * RECORD, which the writer computes while writing. */
typedef struct sw_build_plan {
	enum sw_build_backend backend;
	char *root;            /* the project root (absolute) */
	char *name;            /* the project name as written in [project] */
	char *dist_name;       /* normalised for file names: lower case, runs
	                          of -_. as '_' (PEP 625 / wheel spec) */
	char *version;         /* normalised PEP 440 version */
	char *wheel_tag;       /* e.g. "py3-none-any" */
	char *sdist_filename;  /* "{dist_name}-{version}.tar.gz" */
	char *wheel_filename;  /* "{dist_name}-{version}-{wheel_tag}.whl" */
	char *dist_info;       /* "{dist_name}-{version}.dist-info" */
	sw_metadata *metadata; /* METADATA of the wheel = PKG-INFO of the sdist */
	sw_build_members sdist;
	sw_build_members wheel;
	char **notes; /* human-readable notes on choices the backend
	                 rules made ("no .gitignore: all files ..."),
	                 for `build --list` and the UI */
	size_t note_count;
} sw_build_plan;

#define SW_BUILD_PLAN_OPTS_VERSION 1

typedef struct sw_build_plan_opts {
	unsigned struct_version; /* SW_BUILD_PLAN_OPTS_VERSION */
	int want_sdist;          /* plan the sdist */
	int want_wheel;          /* plan the wheel */
} sw_build_plan_opts;

#define SW_BUILD_PLAN_OPTS_INIT                                                                    \
	{                                                                                          \
		SW_BUILD_PLAN_OPTS_VERSION, 1, 1                                                   \
	}

/* Plans the native build of a loaded, valid project. Reads the file tree
 * below the project root but writes nothing.
 * Errors: SW_EUNSUPPORTED (outside the native subset; the message says why
 * and that `--pep517` builds it), SW_EINVAL (the project has validation
 * errors, a version that is not PEP 440, a name that does not normalise),
 * SW_ENOTFOUND (the package directory the rules look for is missing, with
 * where it looked), SW_EIO (a file cannot be read, a symlink points
 * outside the project), SW_ENOMEM. */
int sw_build_plan_make(sw_build_plan **out, const sw_project *project,
                       const sw_build_plan_opts *opts);

void sw_build_plan_free(sw_build_plan *plan);

/* ---- writing ------------------------------------------------------------ */

/* Progress of a long operation: `done` of `total` bytes; a non-zero return
 * cancels it with SW_ECANCELLED. */
typedef int (*sw_build_progress_fn)(unsigned long long done, unsigned long long total,
                                    void *userdata);

/* One artifact written. */
typedef struct sw_build_artifact {
	char *path; /* where it was written */
	unsigned long long size;
	char sha256[65]; /* hex */
} sw_build_artifact;

void sw_build_artifact_clear(sw_build_artifact *artifact);

#define SW_BUILD_WRITE_OPTS_VERSION 1

typedef struct sw_build_write_opts {
	unsigned struct_version; /* SW_BUILD_WRITE_OPTS_VERSION */
	const char *outdir;      /* created if missing */
	long long mtime;         /* member timestamps: -1 means SOURCE_DATE_EPOCH
	                            from the environment, else a fixed date */
	sw_build_progress_fn progress;
	void *userdata;
} sw_build_write_opts;

#define SW_BUILD_WRITE_OPTS_INIT                                                                   \
	{                                                                                          \
		SW_BUILD_WRITE_OPTS_VERSION, "dist", -1, NULL, NULL                                \
	}

/* Writes the planned sdist (gzip'd PAX tar, "{name}-{version}/" prefix) or
 * wheel (.dist-info last, RECORD hashed while writing) into opts->outdir,
 * through a temporary file renamed into place on success; an existing file
 * of the same name is replaced. Nothing is left behind on failure.
 * Errors: SW_EIO, SW_ENOMEM, SW_ECANCELLED. */
int sw_build_write_sdist(sw_build_artifact *out, const sw_build_plan *plan,
                         const sw_build_write_opts *opts);
int sw_build_write_wheel(sw_build_artifact *out, const sw_build_plan *plan,
                         const sw_build_write_opts *opts);

/* Writes both: the sdist on a second thread while the wheel is written on
 * the calling thread (the files are byte-identical to those written one
 * after the other). Returns 0, or the first error: its message is in the
 * caller's sw_error_last() whichever thread failed. If either fails (or the
 * progress callback cancels), the other is stopped at its next block and
 * neither artifact is left in opts->outdir; both outs are then zeroed.
 * The progress callback may be called from either thread (never from both
 * at once: calls are serialised by a mutex), with done/total summed over
 * the two archives; a non-zero return stops both. If a thread cannot be
 * started they are written one after the other.
 * Errors: as sw_build_write_sdist(). */
int sw_build_write_both(sw_build_artifact *sdist_out, sw_build_artifact *wheel_out,
                        const sw_build_plan *plan, const sw_build_write_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
