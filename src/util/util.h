/*
 * util/util.h — the core's internal helpers: allocation through the hooks,
 * setting the thread's last error, logging. Modules in src/ include this;
 * src/cli/ and ui/ must not (they use include/slipway/ only).
 */
#ifndef SW_UTIL_UTIL_H
#define SW_UTIL_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#include "slipway/buf.h"
#include "slipway/common.h"
#include "slipway/log.h"

#define SW_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation through the installed hooks. sw_malloc(0) returns a unique
 * pointer; sw_realloc() keeps the old block on failure. */
void *sw_malloc(size_t size);
void *sw_calloc(size_t count, size_t size);
void *sw_realloc(void *ptr, size_t size);
/* sw_free() is public: see slipway/buf.h. */

/* Duplicates `len` bytes into a new NUL-terminated string. */
char *sw_strndup(const char *str, size_t len);
char *sw_strdup(const char *str);

/* Length of the valid UTF-8 sequence starting at str[i] (1 for ASCII), or
 * 0 if the bytes there are not valid UTF-8 (overlong forms, surrogates and
 * code points past U+10FFFF are invalid). Requires i < len. */
size_t sw_utf8_seq_len(const char *str, size_t len, size_t i);

/* Sets the thread's last error and returns `code`, so callers can write
 * `return sw_error_set(SW_EPARSE, "...")`. */
int sw_error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sw_error_setv(int code, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Sets an error located in a file: "path:line:col: message". Lines and
 * columns are 1-based; col counts characters (UTF-8 code points). */
int sw_error_set_at(int code, const char *path, unsigned line, unsigned col, const char *fmt, ...)
        __attribute__((format(printf, 5, 6)));

/* Sends a message to the installed log callback, if its level is wanted. */
void sw_log(enum sw_log_level level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
