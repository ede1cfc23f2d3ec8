/*
 * slipway/common.h — error codes, the last-error message, allocation hooks.
 *
 * Every fallible core function returns 0 on success or a negative SW_E*
 * code, and writes results through out parameters that come first. The
 * human-readable message for the most recent failure on this thread is in
 * sw_error_last(); where it applies it starts with "file:line:col: ".
 *
 * The core never prints and never exits.
 */
#ifndef SLIPWAY_COMMON_H
#define SLIPWAY_COMMON_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Error codes: 0 is success, every error is negative. */
enum sw_error_code {
	SW_OK = 0,
	SW_ENOMEM = -1,        /* an allocation failed */
	SW_EINVAL = -2,        /* a caller passed an invalid argument */
	SW_EPARSE = -3,        /* input text is not valid for its grammar */
	SW_EIO = -4,           /* a file or stream operation failed */
	SW_ETOOBIG = -5,       /* input or output exceeds a documented limit */
	SW_ENOTFOUND = -6,     /* the thing asked for does not exist */
	SW_ECONFLICT = -7,     /* a file changed on disk since it was loaded */
	SW_ECANCELLED = -8,    /* a progress callback asked to stop */
	SW_ETYPE = -9,         /* a value has the wrong type for the operation */
	SW_EEXISTS = -10,      /* the thing to create already exists */
	SW_EUNSUPPORTED = -11, /* valid, but outside what this path supports */
	SW_ENETWORK = -12,     /* a network operation failed */
	SW_EREFUSED = -13,     /* a server or a safety check refused the operation */
	SW_ESUBPROCESS = -14   /* a child process could not run or failed */
};

/* Returns the message of the last error set on this thread ("" if none).
 * The string is borrowed; it stays valid until the next failing call. */
const char *sw_error_last(void);

/* Returns the code of the last error set on this thread (SW_OK if none). */
int sw_error_last_code(void);

/* Clears the last error of this thread. */
void sw_error_clear(void);

/* Returns a short fixed name for an error code, e.g. "out of memory". */
const char *sw_error_name(int code);

/* Allocation hooks. All core allocations go through these, so a test can
 * inject failures. Passing NULL for any restores the C library's. */
struct sw_allocator {
	void *(*malloc_fn)(size_t size);
	void *(*realloc_fn)(void *ptr, size_t size);
	void (*free_fn)(void *ptr);
};
void sw_allocator_set(const struct sw_allocator *allocator);

/* Returns the version of libslipway, e.g. "0.1.0". */
const char *sw_libslipway_version(void);

#ifdef __cplusplus
}
#endif
#endif
