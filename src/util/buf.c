/*
 * util/buf.c — growable byte buffer with a hard maximum and sticky errors.
 */
#include <stdio.h>
#include <string.h>

#include "util.h"

void sw_buf_init(sw_buf *buf, size_t max)
{
	buf->ptr = NULL;
	buf->len = 0;
	buf->cap = 0;
	buf->max = max;
	buf->error = 0;
}

void sw_buf_free(sw_buf *buf)
{
	sw_free(buf->ptr);
	buf->ptr = NULL;
	buf->len = 0;
	buf->cap = 0;
	buf->error = 0;
}

void sw_buf_clear(sw_buf *buf)
{
	buf->len = 0;
	buf->error = 0;
	if (buf->ptr)
		buf->ptr[0] = '\0';
}

int sw_buf_error(const sw_buf *buf)
{
	return buf->error;
}

int sw_buf_grow(sw_buf *buf, size_t extra)
{
	size_t need, cap;
	char *ptr;
	if (buf->error)
		return buf->error;
	if (extra > buf->max - buf->len) {
		buf->error = SW_ETOOBIG;
		return sw_error_set(SW_ETOOBIG, "output larger than %zu bytes", buf->max);
	}
	need = buf->len + extra + 1;
	if (need <= buf->cap)
		return 0;
	cap = buf->cap ? buf->cap : 64;
	while (cap < need)
		cap = cap > ((size_t)-1) / 2 ? need : cap * 2;
	ptr = sw_realloc(buf->ptr, cap);
	if (!ptr) {
		buf->error = SW_ENOMEM;
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	buf->ptr = ptr;
	buf->cap = cap;
	return 0;
}

int sw_buf_put(sw_buf *buf, const void *data, size_t len)
{
	int err = sw_buf_grow(buf, len);
	if (err)
		return err;
	if (len)
		memcpy(buf->ptr + buf->len, data, len);
	buf->len += len;
	buf->ptr[buf->len] = '\0';
	return 0;
}

int sw_buf_puts(sw_buf *buf, const char *str)
{
	return sw_buf_put(buf, str, strlen(str));
}

int sw_buf_putc(sw_buf *buf, char c)
{
	return sw_buf_put(buf, &c, 1);
}

int sw_buf_vprintf(sw_buf *buf, const char *fmt, va_list ap)
{
	va_list copy;
	int n;
	int err;
	if (buf->error)
		return buf->error;
	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return sw_error_set(SW_EINVAL, "bad format string");
	if ((err = sw_buf_grow(buf, (size_t)n)) != 0)
		return err;
	vsnprintf(buf->ptr + buf->len, (size_t)n + 1, fmt, ap);
	buf->len += (size_t)n;
	return 0;
}

int sw_buf_printf(sw_buf *buf, const char *fmt, ...)
{
	va_list ap;
	int err;
	va_start(ap, fmt);
	err = sw_buf_vprintf(buf, fmt, ap);
	va_end(ap);
	return err;
}

const char *sw_buf_cstr(const sw_buf *buf)
{
	return buf->ptr ? buf->ptr : "";
}

char *sw_buf_detach(sw_buf *buf, size_t *len_out)
{
	char *ptr;
	if (buf->error)
		return NULL;
	if (!buf->ptr && sw_buf_grow(buf, 0))
		return NULL;
	buf->ptr[buf->len] = '\0';
	ptr = buf->ptr;
	if (len_out)
		*len_out = buf->len;
	buf->ptr = NULL;
	buf->len = 0;
	buf->cap = 0;
	return ptr;
}
