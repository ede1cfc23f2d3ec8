/*
 * slipway/artifact.h — built distributions read back: wheels (.whl, via
 * libzip), sdists (.tar.gz and other tarballs via libarchive; legacy .zip
 * sdists via libzip), their members, metadata, WHEEL, entry points and
 * RECORD; the findings model of `slipway check`; safe extraction.
 * SPECS.md §1.5, §4, §5.
 *
 * Opening reads the member list (the zip central directory, or one pass
 * over the tar headers) and the few small members every check needs
 * (METADATA / PKG-INFO, WHEEL, entry_points.txt, RECORD, pyproject.toml).
 * Nothing is extracted to disk. A member's bytes are read on demand,
 * streamed through a callback; for a tarball, reading one member re-reads
 * the archive up to it, so a pass over many members should use
 * sw_artifact_visit(), which reads everything once in archive order.
 *
 * Limits (zip bomb defence, sw_artifact_open_opts): the member count, the
 * total uncompressed size and, for zip members larger than a threshold,
 * the ratio of uncompressed to compressed size are bounded. Going over a
 * limit is an open error (SW_ETOOBIG) whose message names the limit, the
 * value and the member. Reads never return more bytes than a member
 * declares. A truncated or corrupt archive is an open error (SW_EPARSE)
 * when not even the member list can be read; damage found later (a member
 * whose data cannot be inflated, a CRC mismatch) is a read error, which
 * sw_artifact_check() turns into a finding (A001).
 *
 * Thread safety: an sw_artifact is used by one thread at a time, reads
 * included (they move the archive handle). (The
 * RECORD check runs its own workers internally, each with its own handle
 * on the file.)
 *
 * Ownership: an artifact or findings list returned through `**out` is the
 * caller's, freed with sw_artifact_free() / sw_findings_free(). Pointers
 * returned by accessors (members, strings, the metadata record, rows) are
 * borrowed from the artifact and live until it is freed.
 *
 * Errors: SW_ENOMEM; SW_EIO (with the path and the system's reason);
 * SW_EPARSE for an archive that cannot be read; SW_ETOOBIG for a limit;
 * SW_EINVAL for bad arguments; SW_EUNSUPPORTED for a file name that is not
 * .whl, .zip or a tarball; others as listed with each function.
 */
#ifndef SLIPWAY_ARTIFACT_H
#define SLIPWAY_ARTIFACT_H

#include <stddef.h>
#include <stdint.h>

#include "slipway/common.h"
#include "slipway/metadata.h"
#include "slipway/project.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==== findings ========================================================== */

/*
 * A finding is one problem (or remark) about an artifact: a stable code, a
 * severity (enum sw_severity of slipway/project.h), the member concerned
 * (or NULL for the artifact as a whole), a line in that member (0 if none),
 * a message in plain words and a fix hint.
 *
 * Codes are one capital letter and three digits. The letter says which
 * family (and which source file / engineer) the check belongs to; numbers
 * are never reused for a different meaning once released:
 *
 *   A  archive: cannot open/read a member, truncated or corrupt (artifact/)
 *   Z  zip structure PyPI refuses: data descriptors, duplicates,
 *      compression methods, comments, trailing data (artifact/)
 *   R  RECORD: missing file, rows missing/extra, hash or size wrong (artifact/)
 *   P  PyPI upload rules: file name vs metadata, .dist-info name, metadata
 *      version and fields, classifiers, SPDX, License-File, local versions,
 *      PEP 625 sdist names, entry points (artifact/)
 *   T  sdist layout: single top folder, PKG-INFO, pyproject.toml (artifact/)
 *   W  wheel contents, numbered as check-wheel-contents' W001-W202 (lint_*.c)
 *   D  sdist contents: VCS folders, __pycache__, build outputs, git ls-files
 *      drift (lint_*.c)
 *   S  secrets: keys, tokens, .env, .pypirc, passwords (secrets*.c)
 *   M  README / long description rendering (readme*.c)
 *
 * The codes of each family are listed in the opening comment of the file
 * that produces them: A in safety.c, record_check.c and zipcheck.c; Z in
 * zipcheck.c; R in record_check.c; P in pypi_name.c and pypi_meta.c; T in
 * safety.c (all under src/artifact/). `member` names the member the
 * finding is about; `line` is a line of that member, so a RECORD row's
 * problem about another file names that file and puts the RECORD line in
 * the message.
 */
typedef struct sw_finding {
	const char *code; /* e.g. "R002" */
	enum sw_severity severity;
	const char *member;  /* member name, or NULL for the whole artifact */
	unsigned line;       /* 1-based line in the member, or 0 */
	const char *message; /* one sentence, no trailing newline */
	const char *hint;    /* how to fix it; "" if none */
	int ignored;         /* 1 when the user chose to ignore it (see ignore) */
} sw_finding;

typedef struct sw_findings sw_findings;

/* Most findings a list keeps; later ones are counted in
 * sw_findings_dropped() only, so hostile input cannot grow the list. */
#define SW_FINDINGS_MAX 10000

int sw_findings_new(sw_findings **out);
void sw_findings_free(sw_findings *findings);

/* Appends a finding. All strings are copied; `member` may be NULL and
 * `hint` may be NULL (stored as ""). The message is printf-formatted.
 * Returns 0 (also when the list is full: the finding is then only
 * counted) or SW_ENOMEM. */
int sw_findings_add(sw_findings *findings, const char *code, enum sw_severity severity,
                    const char *member, unsigned line, const char *hint, const char *fmt, ...)
        __attribute__((format(printf, 7, 8)));

size_t sw_findings_count(const sw_findings *findings);
/* The i-th finding (in the order added), or NULL out of range. */
const sw_finding *sw_findings_at(const sw_findings *findings, size_t i);
/* How many findings that are not ignored have this severity. */
size_t sw_findings_count_severity(const sw_findings *findings, enum sw_severity severity);
/* How many findings were refused because the list was full. */
size_t sw_findings_dropped(const sw_findings *findings);
/* 1 if a finding with this code (and this member, unless `member` is NULL)
 * is in the list, else 0. */
int sw_findings_has(const sw_findings *findings, const char *code, const char *member);

/* Marks as ignored every finding matched by one of the patterns: "CODE"
 * matches all findings with that code, "CODE:MEMBER" only that member's. */
void sw_findings_ignore(sw_findings *findings, const char *const *patterns, size_t count);

/* Appends the findings as a JSON array of objects {code, severity, member
 * (string or null), line, message, hint, ignored}. Returns the buffer's
 * error. */
int sw_findings_to_json(sw_buf *out, const sw_findings *findings);

/* ==== file names ========================================================= */

enum sw_artifact_kind {
	SW_ARTIFACT_WHEEL = 0,    /* .whl */
	SW_ARTIFACT_SDIST = 1,    /* .tar.gz (also .tgz, .tar.bz2, .tar.xz, .tar) */
	SW_ARTIFACT_SDIST_ZIP = 2 /* legacy .zip sdist */
};

/* "wheel", "sdist", "sdist (zip)". */
const char *sw_artifact_kind_name(enum sw_artifact_kind kind);

/*
 * The parts of a distribution file name. Wheels (SPECS.md §4.1):
 * {name}-{version}(-{build})?-{python}-{abi}-{platform}.whl, split from
 * the right as packaging's parse_wheel_filename() does; sdists
 * (§5.1): {name}-{version}.tar.gz split on the last '-'. Strings are the
 * parts as written (not normalised), NUL-terminated, owned by the struct.
 */
typedef struct sw_artifact_name {
	enum sw_artifact_kind kind;
	char *name;     /* distribution part, as written */
	char *version;  /* as written */
	char *build;    /* wheel build tag, or NULL */
	char *python;   /* wheel python tag(s), e.g. "py2.py3"; NULL for sdists */
	char *abi;      /* wheel abi tag(s); NULL for sdists */
	char *platform; /* wheel platform tag(s); NULL for sdists */
	char *suffix;   /* ".whl", ".tar.gz", ".zip", ... */
} sw_artifact_name;

/* Parses a file name (a path's directory part is ignored). SW_EUNSUPPORTED
 * for a suffix that is not a distribution's; SW_EPARSE with the reason for
 * a wheel name without 4 or 5 dashes, an empty part, a build tag not
 * starting with a digit, or an sdist name without a '-'. Free with
 * sw_artifact_name_free() (also after an error). */
int sw_artifact_name_parse(sw_artifact_name *out, const char *filename);
void sw_artifact_name_free(sw_artifact_name *name);

/* ==== opening ============================================================ */

#define SW_ARTIFACT_OPEN_OPTS_VERSION 1

typedef struct sw_artifact_open_opts {
	unsigned version;        /* SW_ARTIFACT_OPEN_OPTS_VERSION */
	size_t max_members;      /* default 100000 */
	uint64_t max_total_size; /* total uncompressed bytes; default 4 GiB */
	/* Zip members of more than ratio_min_size bytes may be at most
	 * max_ratio times their compressed size (a tarball: the whole archive
	 * against the file size). Defaults 1 MiB and 200. */
	uint64_t ratio_min_size;
	unsigned max_ratio;
} sw_artifact_open_opts;

#define SW_ARTIFACT_OPEN_OPTS_INIT                                                                 \
	{                                                                                          \
		SW_ARTIFACT_OPEN_OPTS_VERSION, 100000, (uint64_t)4 << 30, (uint64_t)1 << 20, 200   \
	}

typedef struct sw_artifact sw_artifact;

/* Opens a wheel or sdist; the kind comes from the file name's suffix.
 * `opts` may be NULL (defaults; zero fields also take the default). */
int sw_artifact_open(sw_artifact **out, const char *path, const sw_artifact_open_opts *opts);
void sw_artifact_free(sw_artifact *artifact);

enum sw_artifact_kind sw_artifact_kind(const sw_artifact *artifact);
/* The path given to sw_artifact_open(). */
const char *sw_artifact_path(const sw_artifact *artifact);
/* The file's size in bytes. */
uint64_t sw_artifact_file_size(const sw_artifact *artifact);
/* The parsed file name, or NULL when the name did not parse (the check
 * reports why: P001). */
const sw_artifact_name *sw_artifact_filename(const sw_artifact *artifact);

/* ==== members ============================================================ */

enum sw_member_type {
	SW_MEMBER_FILE = 0,
	SW_MEMBER_DIR = 1,
	SW_MEMBER_SYMLINK = 2,
	SW_MEMBER_HARDLINK = 3,
	SW_MEMBER_OTHER = 4 /* device, FIFO, socket, sparse file, ... */
};

/* "file", "dir", "symlink", "hardlink", "other". */
const char *sw_member_type_name(enum sw_member_type type);

/* Compression method numbers: the zip method id; tar members use
 * SW_COMPRESSION_TAR (the whole stream is compressed, not the member). */
#define SW_COMPRESSION_STORED   0
#define SW_COMPRESSION_DEFLATED 8
#define SW_COMPRESSION_TAR      (-1)

typedef struct sw_artifact_member {
	const char *name;         /* as stored (zip: may end with '/' for dirs) */
	uint64_t size;            /* uncompressed bytes (0 for dirs and tar links) */
	uint64_t compressed_size; /* zip: bytes stored; tar: same as size */
	int compression;          /* zip method id, or SW_COMPRESSION_TAR */
	unsigned mode;            /* st_mode bits incl. type; 0 if the zip has none */
	enum sw_member_type type; /* zip: from the mode, else '/' at the end = dir */
	const char *link_target;  /* symlink / hardlink target, else NULL */
	uint32_t crc32;           /* zip CRC-32; 0 for tar */
	unsigned zip_flags;       /* zip general purpose bits; 0 for tar */
	int64_t mtime;            /* seconds since the epoch */
} sw_artifact_member;

/* Returns a short name of a compression method: "stored", "deflated",
 * "bzip2", "lzma", "zstd", "xz", "tar" or "method N" (static, or a
 * thread-local buffer for unknown ids). */
const char *sw_compression_name(int method);

size_t sw_artifact_member_count(const sw_artifact *artifact);
/* The i-th member in archive order, or NULL out of range. */
const sw_artifact_member *sw_artifact_member_at(const sw_artifact *artifact, size_t i);
/* The index of the first member with exactly this name (a directory may
 * be given with or without its trailing '/'). SW_ENOTFOUND if none. */
int sw_artifact_member_find(size_t *index, const sw_artifact *artifact, const char *name);

/* Receives a member's bytes, chunk by chunk (len > 0). Return 0 to go on;
 * a negative SW_E* code stops the read with that code, any other value
 * stops it with SW_ECANCELLED. */
typedef int (*sw_artifact_read_fn)(void *userdata, const void *data, size_t len);

/* Streams member i's bytes to `fn` (nothing for dirs and links).
 * SW_EINVAL out of range; SW_EPARSE for data that cannot be read back
 * (truncated, bad deflate stream, CRC mismatch, more or fewer bytes than
 * declared) with the member's name in the message. */
int sw_artifact_member_read(const sw_artifact *artifact, size_t i, sw_artifact_read_fn fn,
                            void *userdata);

/* Reads member i whole into a new NUL-terminated buffer (sw_free()).
 * SW_ETOOBIG if it is larger than `max` bytes. */
int sw_artifact_member_read_all(char **out, size_t *len, const sw_artifact *artifact, size_t i,
                                size_t max);

/* One pass over all members in archive order (the efficient way to scan
 * many members of a tarball). For each member: begin() decides (1 read its
 * bytes, 0 skip it, <0 stop with that error; NULL reads every file),
 * data() gets the bytes as sw_artifact_read_fn does, end() follows the
 * last chunk of a member that was read (may be NULL; <0 stops). */
typedef struct sw_artifact_visitor {
	int (*begin)(void *userdata, size_t index, const sw_artifact_member *member);
	int (*data)(void *userdata, size_t index, const void *data, size_t len);
	int (*end)(void *userdata, size_t index);
	void *userdata;
} sw_artifact_visitor;

int sw_artifact_visit(const sw_artifact *artifact, const sw_artifact_visitor *visitor);

/* SHA-256 and size of every member's bytes, computed on `threads` workers
 * for zip archives (0: automatic, i.e. 2 workers when the members hold 8
 * MiB or more, else the calling thread), in one pass for tarballs. digests gets 32 bytes
 * per member (zeros for dirs and links), sizes the byte counts actually
 * read. A member that cannot be read gets errors[i] < 0 (when errors is
 * not NULL) instead of failing the call; without `errors` the first such
 * member fails it. */
int sw_artifact_hash_members(const sw_artifact *artifact, unsigned char *digests, uint64_t *sizes,
                             int *errors, unsigned threads);

/* ==== metadata and wheel files ========================================== */

/* The distribution's metadata folder: "name-1.0.dist-info" (wheel, the
 * single top-level *.dist-info; NULL if none or several) or the sdist's top
 * folder "name-1.0" (NULL if the members do not share one). No trailing
 * slash. */
const char *sw_artifact_dist_info(const sw_artifact *artifact);

/* The bytes of METADATA (wheel: <dist-info>/METADATA) or PKG-INFO (sdist:
 * <top>/PKG-INFO), or NULL when missing or unreadable. */
const char *sw_artifact_metadata_text(const sw_artifact *artifact, size_t *len);

/* The parsed metadata, or NULL when missing or not parsable; in that case
 * sw_artifact_metadata_error() says why (borrowed, "" when it parsed). */
const sw_metadata *sw_artifact_metadata(const sw_artifact *artifact);
const char *sw_artifact_metadata_error(const sw_artifact *artifact);

/* The WHEEL file's fields (NULL pointers for absent ones); NULL for an
 * sdist or a wheel without a readable WHEEL. */
typedef struct sw_wheel_info {
	const char *wheel_version;   /* Wheel-Version */
	const char *generator;       /* Generator */
	const char *root_is_purelib; /* Root-Is-Purelib, as written */
	const char *build;           /* Build */
	const char *const *tags;     /* every Tag line, in order */
	size_t tag_count;
} sw_wheel_info;

const sw_wheel_info *sw_artifact_wheel_info(const sw_artifact *artifact);

/* Entry points (<dist-info>/entry_points.txt of a wheel): one per
 * "name = value" line, in file order. */
typedef struct sw_entry_point {
	const char *group; /* section name */
	const char *name;  /* key, surrounding whitespace stripped */
	const char *value; /* object reference as written, stripped */
	unsigned line;
} sw_entry_point;

size_t sw_artifact_entry_point_count(const sw_artifact *artifact);
const sw_entry_point *sw_artifact_entry_point_at(const sw_artifact *artifact, size_t i);

/* RECORD rows (<dist-info>/RECORD, CSV as Python's csv.reader reads it):
 * fields as written; hash and size are "" when empty, NULL when the row
 * has fewer fields. */
typedef struct sw_record_row {
	const char *path;
	const char *hash; /* e.g. "sha256=47DEQpj8..." */
	const char *size; /* decimal text */
	size_t field_count;
	unsigned line;
} sw_record_row;

/* 1 if the wheel has a RECORD member (whether it parsed or not). */
int sw_artifact_has_record(const sw_artifact *artifact);
size_t sw_artifact_record_count(const sw_artifact *artifact);
const sw_record_row *sw_artifact_record_at(const sw_artifact *artifact, size_t i);

/* Parses RECORD text into rows as above (for tests and other modules).
 * Free the rows with sw_record_rows_free(). SW_EPARSE for an unterminated
 * quoted field (csv.reader's "unexpected end of data"), with the line. */
int sw_record_parse(sw_record_row **rows, size_t *count, const char *text, size_t len);
void sw_record_rows_free(sw_record_row *rows, size_t count);

/* ==== checks ============================================================= */

#define SW_ARTIFACT_CHECK_OPTS_VERSION 1

typedef struct sw_artifact_check_opts {
	unsigned version; /* SW_ARTIFACT_CHECK_OPTS_VERSION */
	/* As in sw_project_check_opts: the day of the check (days since
	 * 1970-01-01; 0 = today) and an extra trove list (may be NULL). */
	int64_t today;
	const struct sw_trove_list *trove_extra;
	unsigned threads; /* RECORD verification workers; 0 = automatic (see below) */
	/* The project folder the artifact was built from (for sdist vs `git
	 * ls-files`), or NULL. */
	const char *project_dir;
	/* Findings to ignore, as for sw_findings_ignore(). */
	const char *const *ignore;
	size_t ignore_count;
	int no_readme;  /* non-zero: skip README rendering (M*) */
	int no_secrets; /* non-zero: skip the secret scan (S*) */
} sw_artifact_check_opts;

#define SW_ARTIFACT_CHECK_OPTS_INIT                                                                \
	{                                                                                          \
		SW_ARTIFACT_CHECK_OPTS_VERSION, 0, NULL, 0, NULL, NULL, 0, 0, 0                    \
	}

/* Runs every check on the artifact and appends the findings: A, Z, R, P
 * and T here, then sw_artifact_lint_contents(), sw_artifact_check_readme()
 * (unless no_readme) and sw_artifact_scan_secrets() (unless no_secrets),
 * then applies opts->ignore. Problems of the artifact are findings, not
 * errors: the call fails only for SW_ENOMEM, SW_EINVAL (bad opts) or an
 * I/O error on the file. `opts` may be NULL. */
int sw_artifact_check(sw_findings *findings, const sw_artifact *artifact,
                      const sw_artifact_check_opts *opts);

/* The parts of sw_artifact_check(), callable alone. */
int sw_artifact_check_record(sw_findings *findings, const sw_artifact *artifact,
                             const sw_artifact_check_opts *opts);
int sw_artifact_check_pypi(sw_findings *findings, const sw_artifact *artifact,
                           const sw_artifact_check_opts *opts);
int sw_artifact_check_zip(sw_findings *findings, const sw_artifact *artifact,
                          const sw_artifact_check_opts *opts);
int sw_artifact_check_sdist(sw_findings *findings, const sw_artifact *artifact,
                            const sw_artifact_check_opts *opts);

/* Implemented by the lints (lint_*.c, secrets*.c, readme*.c): wheel and
 * sdist content lints (W*, D*), the secret scan (S*), README rendering
 * (M*). Each appends findings and returns 0, or an error as above. They
 * read members through the functions of this header (reading takes a
 * const artifact: it does not change what the accessors return). */
int sw_artifact_lint_contents(sw_findings *findings, const sw_artifact *artifact,
                              const sw_artifact_check_opts *opts);
int sw_artifact_scan_secrets(sw_findings *findings, const sw_artifact *artifact,
                             const sw_artifact_check_opts *opts);
int sw_artifact_check_readme(sw_findings *findings, const sw_artifact *artifact,
                             const sw_artifact_check_opts *opts);

/* ==== extraction ========================================================= */

#define SW_ARTIFACT_EXTRACT_OPTS_VERSION 1

typedef struct sw_artifact_extract_opts {
	unsigned version; /* SW_ARTIFACT_EXTRACT_OPTS_VERSION */
	/* Non-zero: skip unsafe members (recorded in the returned count)
	 * instead of refusing the whole extraction. */
	int skip_unsafe;
} sw_artifact_extract_opts;

#define SW_ARTIFACT_EXTRACT_OPTS_INIT                                                              \
	{                                                                                          \
		SW_ARTIFACT_EXTRACT_OPTS_VERSION, 0                                                \
	}

/* Extracts every member below `dest_dir` (created if missing), with the
 * rules of PEP 706's "data" filter (SPECS.md §5.4): refused are absolute
 * names, names with a ".." component, empty names, symlinks whose target
 * is absolute or leaves dest_dir, hard links to anything but an earlier
 * regular member, devices, FIFOs and other special files. Nothing is ever
 * written through a symlink. Files get 0644, or 0755 when the member's
 * owner-executable bit is set; setuid/setgid/sticky bits are dropped.
 * All members are checked before anything is written: without skip_unsafe
 * an unsafe member fails the call with SW_EREFUSED (message names the
 * member and the rule) and nothing is written. *skipped (may be NULL) gets
 * the number of members left out. SW_EIO for file system errors. */
int sw_artifact_extract(const sw_artifact *artifact, const char *dest_dir,
                        const sw_artifact_extract_opts *opts, size_t *skipped);

/* Whether a member name is safe to extract (the name rules above only):
 * 0, or SW_EREFUSED with the reason in the message. */
int sw_artifact_name_is_safe(const char *name);

#ifdef __cplusplus
}
#endif
#endif
