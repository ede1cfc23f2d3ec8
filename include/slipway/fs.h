/*
 * slipway/fs.h — reading whole files with a size limit, atomic writes, and
 * detecting that a file changed on disk since it was read.
 */
#ifndef SLIPWAY_FS_H
#define SLIPWAY_FS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What identifies one version of a file on disk. Two stamps that differ
 * mean the file was changed, replaced or removed in between. */
typedef struct sw_file_stamp {
	int exists; /* 0 if the file did not exist */
	uint64_t dev;
	uint64_t ino;
	int64_t size;
	int64_t mtime_sec;
	int64_t mtime_nsec;
} sw_file_stamp;

/* Fills `stamp` for `path`. A missing file gives exists = 0 and returns 0;
 * other failures return SW_EIO. */
int sw_file_stamp_get(sw_file_stamp *stamp, const char *path);

/* Returns 1 if two stamps describe the same file version, else 0. */
int sw_file_stamp_equal(const sw_file_stamp *a, const sw_file_stamp *b);

/* Reads the whole file into a new NUL-terminated allocation (free with
 * sw_free). Refuses files larger than `max` bytes with SW_ETOOBIG.
 * `stamp` may be NULL; if given it receives the stamp of what was read. */
int sw_file_read(char **out, size_t *len_out, sw_file_stamp *stamp, const char *path, size_t max);

/* Writes `len` bytes to `path` atomically: a temporary file in the same
 * folder, fsync, rename over the target, fsync of the folder. Keeps the
 * permissions of an existing target (0644 for a new one).
 *
 * If `expected` is not NULL the write is refused with SW_ECONFLICT when the
 * file on disk no longer matches it (changed, created or removed since it was
 * read). On success and if `expected` is not NULL it is updated to the stamp
 * of the new file. On failure the target is untouched. */
int sw_file_write_atomic(const char *path, const void *data, size_t len, sw_file_stamp *expected);

#ifdef __cplusplus
}
#endif
#endif
