/*
 * toml/write.c — TOML spellings of C values: basic strings with exactly the
 * escapes they need, keys (bare when possible), integers, and floats as the
 * shortest decimal text that reads back to the same double, independent of
 * the process locale.
 */
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "toml_int.h"

/* Rewrites the locale's decimal point in buf as '.'. */
static void c_decimal_point(char *buf)
{
	const char *dp = localeconv()->decimal_point;
	size_t dpl = dp ? strlen(dp) : 0;
	char *at;
	if (dpl == 0 || strcmp(dp, ".") == 0 || (at = strstr(buf, dp)) == NULL)
		return;
	*at = '.';
	memmove(at + 1, at + dpl, strlen(at + dpl) + 1);
}

void format_double(char *buf, double v, int toml)
{
	char scratch[64];
	if (isnan(v)) {
		memcpy(buf, "nan", 4);
		return;
	}
	if (isinf(v)) {
		memcpy(buf, v < 0 ? "-inf" : "inf", v < 0 ? 5 : 4);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(buf, 40, "%.*g", prec, v);
		c_decimal_point(buf);
		if (text_to_double(buf, strlen(buf), scratch) == v)
			break;
	}
	if (toml && !strpbrk(buf, ".en"))
		memcpy(buf + strlen(buf), ".0", 3);
}

int sw_toml_write_float(sw_buf *out, double value)
{
	char buf[48];
	format_double(buf, value, 1);
	return sw_buf_puts(out, buf);
}

int sw_toml_write_int(sw_buf *out, int64_t value)
{
	return sw_buf_printf(out, "%" PRId64, value);
}

int sw_toml_write_string(sw_buf *out, const char *str, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	static const char *const named[0x20] = {
	        ['\b'] = "\\b", ['\t'] = "\\t", ['\n'] = "\\n", ['\f'] = "\\f", ['\r'] = "\\r",
	};
	const unsigned char *s = (const unsigned char *)str, *e = s + len;
	sw_buf_putc(out, '"');
	while (s < e) {
		const unsigned char *run = s;
		size_t n;
		while (s < e && *s >= 0x20 && *s < 0x7F && *s != '"' && *s != '\\')
			s++;
		sw_buf_put(out, run, (size_t)(s - run));
		if (s == e)
			break;
		if (*s == '"' || *s == '\\') {
			char esc[2] = {'\\', (char)*s++};
			sw_buf_put(out, esc, 2);
		} else if (*s < 0x20 && named[*s]) {
			sw_buf_puts(out, named[*s++]);
		} else if (*s < 0x80) {
			char esc[6] = {'\\', 'u', '0', '0', hex[*s >> 4], hex[*s & 15]};
			sw_buf_put(out, esc, 6);
			s++;
		} else {
			/* Check the sequence on a NUL-padded copy: never read past e. */
			unsigned char seq[8] = {0};
			size_t avail = (size_t)(e - s) < 4 ? (size_t)(e - s) : 4;
			memcpy(seq, s, avail);
			if ((n = utf8_len(seq)) == 0 || n > avail)
				return sw_error_set(SW_EINVAL, "string is not valid UTF-8");
			sw_buf_put(out, s, n);
			s += n;
		}
	}
	return sw_buf_putc(out, '"');
}

int sw_toml_write_key(sw_buf *out, const char *key, size_t len)
{
	size_t i = 0;
	while (i < len && is_bare_char((unsigned char)key[i]))
		i++;
	if (len > 0 && i == len)
		return sw_buf_put(out, key, len);
	return sw_toml_write_string(out, key, len);
}
