/*
 * serve/serve_int.h — what the files of the serve module share: parsed
 * distribution filenames, the in-memory index over the root folder, page
 * rendering and negotiation, the upload context and its validation.
 */
#ifndef SW_SERVE_INT_H
#define SW_SERVE_INT_H

#include <pthread.h>
#include <stdint.h>

#include "slipway/fs.h"
#include "slipway/hash.h"
#include "slipway/serve.h"
#include "util/util.h"

#define SV_NAME_MAX 256

/* ---- distribution filenames (distname.c) -------------------------------- */

enum sv_kind { SV_WHEEL = 0, SV_SDIST = 1, SV_SDIST_ZIP = 2 };

struct sv_distname {
	enum sv_kind kind;
	char name[SV_NAME_MAX];    /* the name part exactly as in the filename */
	char project[SV_NAME_MAX]; /* its normalised form (PEP 503) */
	char version[SV_NAME_MAX]; /* the version part as in the filename */
	char build[SV_NAME_MAX];   /* wheel build tag or "" */
	char python[SV_NAME_MAX];  /* wheel python tag(s), e.g. "py2.py3" */
	char abi[SV_NAME_MAX];
	char platform[SV_NAME_MAX];
};

/* Parses a wheel (name-ver[-build]-py-abi-plat.whl) or sdist (.tar.gz or
 * .zip, name and version split at the last '-') filename. SW_EPARSE with a
 * message when it is neither. */
int sv_distname_parse(struct sv_distname *out, const char *filename);

/* Returns 1 if a filename is safe to store: not empty, no '/', '\\', NUL,
 * control characters or DEL, not starting with '.'. */
int sv_filename_is_safe(const char *filename);

/* ---- core metadata of a distribution (dist.c) --------------------------- */

/* Reads the core metadata text of a distribution file: a wheel's
 * <name>-<version>.dist-info/METADATA (the filename's components verbatim)
 * after checking its WHEEL and RECORD exist, or an sdist's <top>/PKG-INFO.
 * `file` is its distribution filename (for messages; the path may be a
 * temporary file with the same suffix). At most 16 MiB. SW_EPARSE with
 * PyPI's wording when the file is not a valid distribution; SW_EIO;
 * SW_ENOMEM. */
int sv_dist_metadata(sw_buf *out, const char *path, const char *file, const struct sv_distname *dn);

/* ---- pages ------------------------------------------------------------- */

/* An immutable, reference-counted byte string (a rendered page). */
struct sv_page {
	int refs;
	size_t len;
	char etag[24]; /* quoted, from the page's content: "\"<16 hex>\"", gzip "-gz" */
	char data[];
};
struct sv_page *sv_page_from_buf(sw_buf *buf);
/* A gzip-compressed copy of a page (NULL if out of memory). */
struct sv_page *sv_page_gzip(const struct sv_page *page);
void sv_page_ref(struct sv_page *page);
void sv_page_unref(struct sv_page *page);

/* ---- the index over the root (store.c) ---------------------------------- */

struct sv_file {
	char *filename;
	char *path;    /* where it is on disk */
	char *project; /* normalised project name */
	char *version; /* normalised version (or as written if not PEP 440) */
	enum sv_kind kind;
	sw_file_stamp stamp;
	sw_file_stamp side_stamp; /* of <file>.slipway.json (exists = 0: none) */
	/* Filled on first use (sv_index_file_info), under the index lock. */
	int info_loaded;
	int meta;        /* 1 metadata available, 0 none */
	char sha256[65]; /* hex */
	char meta_sha256[65];
	char *requires_python; /* NULL if none */
	char *yanked;          /* NULL if not yanked, else the reason ("" for none) */
	int64_t upload_time;   /* seconds since the epoch */
	long upload_usec;
};

struct sv_project {
	char *name; /* normalised */
	struct sv_file **files;
	size_t nfiles;
	struct sv_page *page[4]; /* cached renderings: [format * 2 + gzipped] */
};

struct sv_dir {
	char *path;
	sw_file_stamp stamp;
	int racy; /* modified too recently to trust the stamp: re-read next time */
	struct sv_file **files;
	size_t nfiles;
};

struct sv_index {
	pthread_mutex_t lock;
	char *root;
	struct sv_dir top;   /* the root itself (dropped-in flat files) */
	struct sv_dir *dirs; /* its sub-folders */
	size_t ndirs;
	struct sv_project *projects; /* sorted by name */
	size_t nprojects;
	struct sv_page *root_page[4];
	int dirty;      /* re-read every folder on the next refresh */
	int inotify_fd; /* watches the root and its folders, or -1 */
};

int sv_index_init(struct sv_index *idx, const char *root);
void sv_index_clear(struct sv_index *idx);

/* Brings the index up to date with the disk; call with the lock held. */
int sv_index_refresh(struct sv_index *idx);

/* Finds a project by normalised name (lock held), or NULL. */
struct sv_project *sv_index_project(struct sv_index *idx, const char *name);

/* Finds a file of a project by filename (lock held), or NULL. */
struct sv_file *sv_project_file(struct sv_project *project, const char *filename);

/* Loads digests, metadata hash, requires-python, yanked and upload time of
 * a file (lock held). */
int sv_index_file_info(struct sv_file *file);

/* ---- rendering (render.c) ----------------------------------------------- */

enum sv_format { SV_FMT_HTML = 0, SV_FMT_JSON = 1 };

/* Chooses a format from an Accept header (NULL: HTML) or a `format` query
 * value (given: it overrides Accept). Returns 0 and sets *fmt and
 * *content_type (static), or SW_ENOTFOUND when nothing offered is acceptable. */
int sv_negotiate(enum sv_format *fmt, const char **content_type, const char *accept,
                 const char *format_param);

int sv_render_root(sw_buf *out, const struct sv_index *idx, enum sv_format fmt);
int sv_render_project(sw_buf *out, struct sv_project *project, enum sv_format fmt);

/* Formats seconds + microseconds as ISO 8601 UTC ("2024-01-17T16:53:12.779164Z";
 * no fraction when usec is 0). */
void sv_iso_time(char *out, size_t size, int64_t sec, long usec);

/* Appends `text` percent-encoded for a URL path segment. */
int sv_url_encode(sw_buf *out, const char *text);

/* ---- users and tokens (auth.c) ------------------------------------------ */

struct sv_auth;
int sv_auth_new(struct sv_auth **out, const char *users_file, const char *token);
void sv_auth_free(struct sv_auth *auth);
/* Checks an Authorization header value. Returns 1 (accepted), 0 (refused),
 * -1 (no usable credentials given). */
int sv_auth_check(struct sv_auth *auth, const char *authorization);

/* ---- uploads (upload.c, validate.c) -------------------------------------- */

struct sv_field {
	char *name;
	char *value;
	int was_file;
};

/* The outcome of an upload: an HTTP status and PyPI's message. */
struct sv_result {
	unsigned status;
	char message[1024];
};

struct sv_upload {
	struct sv_server_ctx *srv;
	void *mp; /* sv_mp */
	struct sv_field *fields;
	size_t nfields, fields_bytes;
	sw_buf cur;    /* value of the field being read */
	int cur_field; /* -1 none, 1 text field, 2 the file */
	int have_file;
	char *filename;
	char *file_ctype;
	int fd;
	char *tmp_path;
	unsigned long long size;
	sw_hash *hash[3];
	char hex[3][65]; /* sha256, md5, blake2b_256 of the upload */
	struct sv_result result;
	int failed; /* result is set: read and drop the rest of the body */
};

struct sv_server_ctx {
	struct sv_index index;
	pthread_mutex_t commit_lock;
	char *tmp_dir;
	unsigned long long max_upload;
	int read_only;
	int allow_anonymous;
	struct sv_auth *auth;
	unsigned long tmp_seq;
};

/* Sets the result (status and printf-style message) and marks it failed. */
void sv_fail(struct sv_upload *up, unsigned status, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

int sv_upload_begin(struct sv_upload *up, struct sv_server_ctx *srv, const char *content_type);
/* Feeds body bytes; failures end up in up->result. */
void sv_upload_feed(struct sv_upload *up, const char *data, size_t len);
/* At the end of the body: validates, stores, fills up->result. */
void sv_upload_finish(struct sv_upload *up);
/* Frees everything and removes a temporary file left over. */
void sv_upload_clear(struct sv_upload *up);

/* The value of a text field, or NULL if absent/empty (and not "UNKNOWN"). */
const char *sv_upload_field(const struct sv_upload *up, const char *name);

/* Validates the form and the file, then stores it (validate.c). */
void sv_upload_validate_and_store(struct sv_upload *up);

/* Stores a validated upload (commit.c): refuses a filename already used
 * with other content or the same content under another filename (400 "File
 * already exists"), accepts an identical re-upload (200), else writes the
 * sidecars, renames the temporary file into ROOT/<project>/ and fsyncs.
 * `metadata` is the wheel's METADATA (NULL for sdists). */
void sv_commit(struct sv_upload *up, const struct sv_distname *dn, const sw_buf *metadata,
               const char *requires_python);

#endif
