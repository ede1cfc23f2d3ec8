/*
 * artifact/art_int.h — the artifact module's internals: the sw_artifact
 * struct shared by the zip and tar readers, the loaders of the small
 * metadata members, and the checks.
 */
#ifndef SW_ARTIFACT_ART_INT_H
#define SW_ARTIFACT_ART_INT_H

#include <stddef.h>
#include <stdint.h>

#include "slipway/artifact.h"
#include "util/util.h"

/* Largest small member (WHEEL, RECORD, entry_points.txt, pyproject.toml)
 * read into memory at open. */
#define ART_SMALL_MAX ((size_t)64 * 1024 * 1024)
/* Longest link target kept. */
#define ART_LINK_MAX 4096

struct sw_artifact {
	enum sw_artifact_kind kind;
	char *path;
	uint64_t file_size;
	sw_artifact_name name;
	int name_ok;
	sw_artifact_open_opts limits;

	sw_artifact_member *members;
	size_t count, cap;
	size_t *sorted; /* member indexes sorted by name, for lookups */
	void *zip;      /* zip_t * of a zip archive, else NULL */

	char *dist_info;
	size_t dist_info_dirs; /* wheel: how many top-level *.dist-info folders */
	size_t top_dirs;       /* sdist: how many distinct top-level names */
	char *md_text;
	size_t md_len;
	sw_metadata *md;
	char *md_error;

	int has_wheel;
	sw_wheel_info wheel;
	char *wheel_fields[4]; /* the strings of wheel, owned */
	char **tags;

	sw_entry_point *eps;
	size_t ep_count;
	char *ep_error; /* why entry_points.txt is invalid (with its line), or NULL */
	int has_eps;

	int has_record;
	sw_record_row *record;
	size_t record_count;
	char *record_error; /* why RECORD could not be read/parsed, or NULL */

	char *wheel_error; /* why WHEEL could not be read, or NULL */
	char *pyproject;   /* sdist: <top>/pyproject.toml, or NULL */
	size_t pyproject_len;
};

/* ---- readers (zipread.c, tarread.c) ---- */

/* Appends a member (name copied; link target copied when not NULL). */
int art_member_push(sw_artifact *a, const sw_artifact_member *m);
/* Applies the limits to the member list; SW_ETOOBIG with the message. */
int art_check_limits(const sw_artifact *a);

int art_zip_open(sw_artifact *a);
void art_zip_close(sw_artifact *a);
int art_zip_read(const sw_artifact *a, size_t i, sw_artifact_read_fn fn, void *ud);
int art_zip_visit(const sw_artifact *a, const sw_artifact_visitor *v);

int art_tar_open(sw_artifact *a);
int art_tar_read(const sw_artifact *a, size_t i, sw_artifact_read_fn fn, void *ud);
int art_tar_visit(const sw_artifact *a, const sw_artifact_visitor *v);

/* ---- the small members (meta.c) ---- */

/* Finds the metadata folder and loads METADATA/PKG-INFO, WHEEL,
 * entry_points.txt, RECORD and pyproject.toml (problems with them are
 * kept for the checks, not returned). */
int art_load_meta(sw_artifact *a);
/* Parses WHEEL text into a->wheel. */
int art_parse_wheel(sw_artifact *a, const char *text, size_t len);
/* Parses entry_points.txt text into a->eps. */
int art_parse_entry_points(sw_artifact *a, const char *text, size_t len);

/* ---- helpers ---- */

/* 1 if member i is unsafe to extract (its code in *code, the reason in
 * sw_error_last()), else 0. */
int art_member_problem(const sw_artifact *a, size_t i, const char **code);

/* 1 if s ends with suffix. */
int art_ends_with(const char *s, const char *suffix);
/* Whether member i is the RECORD of the wheel (or a signature of it). */
int art_is_record_name(const sw_artifact *a, const char *name);

#endif
