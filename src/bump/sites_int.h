/*
 * bump/sites_int.h — the site list's internals, shared by discovery
 * (sites.c, backends.c), the checks (problem.c) and writing (write.c).
 */
#ifndef SW_BUMP_SITES_INT_H
#define SW_BUMP_SITES_INT_H

#include <stddef.h>

#include "bump/bump_int.h"
#include "slipway/fs.h"
#include "slipway/project.h"

/* Largest Python or VERSION file read. */
#define SW_BUMP_FILE_MAX ((size_t)4 * 1024 * 1024)
/* Most files and sites one project may have. */
#define SW_BUMP_FILES_MAX 64
#define SW_BUMP_SITES_MAX 64

/* A file read for discovery: its text as read and its stamp. */
struct site_file {
	char *path; /* relative, as listed */
	char *abs;  /* dir + "/" + path */
	char *text;
	size_t len;
	sw_file_stamp stamp;
	int readonly; /* no write permission bit */
	int symlink;  /* a symbolic link (an atomic write would replace the link) */
};

struct site_rec {
	sw_version_site pub;
	size_t file; /* index into files */
};

/* A NUL-terminated copy of a TOML string, kept until the list is freed. */
struct str_copy {
	struct str_copy *next;
	char str[];
};

struct sw_version_sites {
	char *dir;
	sw_project *project;
	struct site_file files[SW_BUMP_FILES_MAX];
	size_t nfiles;
	struct site_rec sites[SW_BUMP_SITES_MAX];
	size_t nsites;
	const char *vcs;
	int agree;
	int oom;               /* an allocation of sites_toml_str() failed */
	struct str_copy *strs; /* strings handed out by sites_toml_str() */
	sw_buf notes;          /* why there is no truth (empty if there is one) */
	sw_buf problem;        /* sw_version_sites_problem()'s text */
};

/* Reads `path` (relative to the project folder) once; *index receives its
 * slot. SW_ENOTFOUND when it does not exist (no error message is set),
 * SW_EIO, SW_ETOOBIG, SW_ENOMEM. */
int sites_file_load(size_t *index, sw_version_sites *s, const char *path);

/* Adds a site of file `file` at bytes [offset, offset + len) (skipped when
 * they overlap a site already listed). `value` NULL: the bytes themselves. */
int sites_add(sw_version_sites *s, enum sw_site_origin origin, size_t file, const char *name,
              size_t offset, size_t len, const char *value, int truth);

/* Appends a note on why the version has no usable source of truth. */
void sites_note(sw_version_sites *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Finds the dynamic version's source of truth for the declared backend. */
int sites_find_dynamic(sw_version_sites *s);

/* Adds the __version__/VERSION literals of the package's usual files. */
int sites_find_package(sw_version_sites *s);

/* The string at a dotted path of pyproject.toml (a copy owned by the
 * list), or NULL when absent, not a string or holding a NUL byte. */
const char *sites_toml_str(sw_version_sites *s, const char *path);

/* The node at a dotted path of pyproject.toml, or NULL (s->oom set when
 * the lookup ran out of memory). */
const sw_toml_node *sites_toml_node(sw_version_sites *s, const char *path);

/* A NUL-terminated copy of `len` bytes owned by the list (NULL and s->oom
 * set when out of memory). */
const char *sites_copy(sw_version_sites *s, const char *str, size_t len);

/* Adds uv.lock's entry of the project itself, when there is one. */
int sites_find_lock(sw_version_sites *s);

/* Byte offset of line:col (col in code points) in `text`. */
size_t sites_offset_of(const char *text, size_t len, unsigned line, unsigned col);

/* Works out agreement and the problem text once every site is known. */
int sites_finish(sw_version_sites *s);

#endif
