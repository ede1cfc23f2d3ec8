/*
 * slipway/diff.h — what changed between two artifacts (e.g. the last
 * release and the new build): members added, removed or changed (size,
 * SHA-256), core metadata fields changed, and dependency changes
 * (Requires-Dist entries added, removed, or with a new specifier).
 *
 * Members are matched by name, with the parts that carry the version
 * neutralised so two releases line up: a wheel's "{name}-{version}.dist-info/"
 * and ".data/" folders are compared as "{dist-info}/" and "{data}/", an
 * sdist's top folder as "{top}/". Names in the diff are written that way.
 *
 * Dependencies are matched by normalised project name (PEP 503) plus the
 * environment marker, so `foo; python_version<"3.8"` and `foo; python_version
 * >= "3.8"` are two entries; a change of specifier or extras is "changed".
 *
 * Ownership: a diff returned through **out is the caller's
 * (sw_diff_free()); everything reached through it is borrowed from it.
 * Errors: SW_ENOMEM; a member that cannot be read gives the artifact
 * module's error (SW_EPARSE, SW_EIO) naming it.
 */
#ifndef SLIPWAY_DIFF_H
#define SLIPWAY_DIFF_H

#include <stddef.h>
#include <stdint.h>

#include "slipway/artifact.h"
#include "slipway/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

enum sw_diff_change { SW_DIFF_ADDED = 0, SW_DIFF_REMOVED = 1, SW_DIFF_CHANGED = 2 };

/* "added", "removed", "changed". */
const char *sw_diff_change_name(enum sw_diff_change change);

/* A member that differs. Sizes and digests of the side where it is
 * missing are 0 and "". */
typedef struct sw_diff_member {
	const char *name; /* neutralised name, see above */
	enum sw_diff_change change;
	uint64_t old_size, new_size;
	char old_sha256[65], new_sha256[65]; /* lower-case hex */
} sw_diff_member;

/* A metadata field that differs. Multi-use fields (Classifier,
 * Project-URL, ...) are compared as sets; their values are joined with
 * '\n', sorted. NULL means the field is absent on that side. */
typedef struct sw_diff_field {
	const char *field; /* e.g. "Version", "Classifier", "Description" */
	const char *old_value, *new_value;
} sw_diff_field;

/* A dependency (Requires-Dist) that differs. */
typedef struct sw_diff_dep {
	const char *name;   /* normalised project name */
	const char *marker; /* normalised marker text, "" if none */
	enum sw_diff_change change;
	const char *old_req, *new_req; /* the entries as written; NULL on the missing side */
} sw_diff_dep;

typedef struct sw_diff sw_diff;

/* Compares two opened artifacts (of any kinds). `threads` as for
 * sw_artifact_hash_members(). */
int sw_diff_artifacts(sw_diff **out, const sw_artifact *old_a, const sw_artifact *new_a,
                      unsigned threads);
void sw_diff_free(sw_diff *diff);

/* Members that differ, sorted by name; and how many are the same. */
size_t sw_diff_member_count(const sw_diff *diff);
const sw_diff_member *sw_diff_member_at(const sw_diff *diff, size_t i);
size_t sw_diff_unchanged_count(const sw_diff *diff);

/* Metadata fields that differ, in the metadata's field order. */
size_t sw_diff_field_count(const sw_diff *diff);
const sw_diff_field *sw_diff_field_at(const sw_diff *diff, size_t i);

/* Dependencies that differ, sorted by name then marker. */
size_t sw_diff_dep_count(const sw_diff *diff);
const sw_diff_dep *sw_diff_dep_at(const sw_diff *diff, size_t i);

/* 1 if the two artifacts are the same in every compared respect. */
int sw_diff_is_empty(const sw_diff *diff);

/* Appends the diff as one JSON object:
 * {"members": [{"name", "change", "old_size", "new_size", "old_sha256",
 * "new_sha256"}], "unchanged_members": N, "metadata": [{"field", "old",
 * "new"}] (null for an absent side), "dependencies": [{"name", "marker",
 * "change", "old", "new"}]}. Returns the buffer's error. */
int sw_diff_to_json(sw_buf *out, const sw_diff *diff);

#ifdef __cplusplus
}
#endif
#endif
