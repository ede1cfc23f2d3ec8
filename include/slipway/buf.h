/*
 * slipway/buf.h — a growable byte buffer with a mandatory maximum size.
 *
 * The buffer is always NUL-terminated once anything was written. Errors are
 * sticky: after an allocation failure or an overflow of the maximum, every
 * later append is a no-op and sw_buf_error() returns the first error, so a
 * run of appends can be checked once at the end.
 *
 * A zero-initialised struct is not usable: call sw_buf_init() first.
 */
#ifndef SLIPWAY_BUF_H
#define SLIPWAY_BUF_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sw_buf {
	char *ptr;  /* contents, NUL-terminated; NULL until the first append */
	size_t len; /* bytes used, not counting the terminating NUL */
	size_t cap; /* bytes allocated */
	size_t max; /* most bytes the buffer may ever hold (len <= max) */
	int error;  /* 0, or the first SW_ENOMEM / SW_ETOOBIG seen */
} sw_buf;

/* Limits that callers commonly use as the maximum. */
#define SW_BUF_MAX_DEFAULT ((size_t)64 * 1024 * 1024)

/* Prepares an empty buffer that may grow to at most `max` bytes. */
void sw_buf_init(sw_buf *buf, size_t max);

/* Frees the contents and leaves the buffer empty and reusable. */
void sw_buf_free(sw_buf *buf);

/* Empties the buffer, keeping its allocation and clearing its error. */
void sw_buf_clear(sw_buf *buf);

/* Appends `len` bytes. Returns 0 or the sticky error. */
int sw_buf_put(sw_buf *buf, const void *data, size_t len);

/* Appends a NUL-terminated string. */
int sw_buf_puts(sw_buf *buf, const char *str);

/* Appends one byte. */
int sw_buf_putc(sw_buf *buf, char c);

/* Appends printf-formatted text. */
int sw_buf_printf(sw_buf *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int sw_buf_vprintf(sw_buf *buf, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Appends `len` bytes of `str` as a JSON string literal, quotes included:
 * '"', '\\', newline and tab get their short escapes, other control
 * characters and DEL become \u00XX, valid UTF-8 is copied as is, and each
 * byte that is not part of valid UTF-8 becomes \ufffd. */
int sw_buf_put_json_string(sw_buf *buf, const char *str, size_t len);

/* Makes room for `extra` more bytes without changing len. */
int sw_buf_grow(sw_buf *buf, size_t extra);

/* Returns the sticky error (0 if none). */
int sw_buf_error(const sw_buf *buf);

/* Returns the contents as a string: never NULL (an empty buffer gives ""). */
const char *sw_buf_cstr(const sw_buf *buf);

/* Hands the contents to the caller (free with sw_free) and empties the
 * buffer. Returns NULL on a sticky error; an empty buffer gives "". */
char *sw_buf_detach(sw_buf *buf, size_t *len_out);

/* Frees memory that the core allocated and handed to the caller. */
void sw_free(void *ptr);

#ifdef __cplusplus
}
#endif
#endif
