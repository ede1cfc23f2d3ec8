/*
 * build/write_int.h — what the sdist and wheel writers share: the output
 * file (a temporary name in the output folder, renamed into place), the
 * member timestamp, progress over the plan's bytes, and reading a member's
 * source in blocks.
 */
#ifndef SW_BUILD_WRITE_INT_H
#define SW_BUILD_WRITE_INT_H

#include "slipway/build.h"

/* Bytes read from a source file at a time. */
#define BW_BLOCK ((size_t)256 * 1024)

/* The timestamp of members, from opts->mtime, else SOURCE_DATE_EPOCH, else
 * hatchling's fixed date (2020-02-02T00:00:00Z). Never below `floor`. */
long long bw_mtime(const sw_build_write_opts *opts, long long floor);

/* One output file on its way into the output folder. */
struct bw_out {
	char *final_path; /* outdir/filename */
	char *tmp_path;   /* outdir/.filename.XXXXXX, created empty */
	int fd;           /* open on tmp_path, or -1 */
};

/* Creates the output folder if needed and a temporary file in it. */
int bw_out_open(struct bw_out *out, const char *outdir, const char *filename);

/* Renames the finished temporary file into place and describes it in
 * `art` (path, size, sha256 of the file). Closes the descriptor. */
int bw_out_commit(struct bw_out *out, sw_build_artifact *art);

/* Removes the temporary file (if still there) and frees the paths. */
void bw_out_discard(struct bw_out *out);

/* Progress over a whole archive. */
struct bw_progress {
	const sw_build_write_opts *opts;
	unsigned long long done, total;
	int cancelled;
};

/* Sets `total` to the bytes of the members (sources stat()ed). */
int bw_progress_init(struct bw_progress *p, const sw_build_plan *plan, const sw_build_members *list,
                     const sw_build_write_opts *opts);

/* Counts `n` more bytes; SW_ECANCELLED (and p->cancelled) if the callback
 * asks to stop. */
int bw_progress_add(struct bw_progress *p, size_t n);

/* Joins the plan's root and a member's source into a new string. */
char *bw_source_path(const sw_build_plan *plan, const char *source);

#endif
