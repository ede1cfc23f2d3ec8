/*
 * util/json.c — writing JSON string literals, shared by every module and
 * command that prints JSON, and the UTF-8 sequence check they rely on.
 */
#include "util.h"

size_t sw_utf8_seq_len(const char *str, size_t len, size_t i)
{
	unsigned char c = (unsigned char)str[i];
	size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	unsigned long cp;
	if (n == 1)
		return c < 0x80 ? 1 : 0;
	if (c > 0xF4 || n > len - i)
		return 0;
	cp = c & (0x7Fu >> n);
	for (size_t k = 1; k < n; k++) {
		unsigned char d = (unsigned char)str[i + k];
		if ((d & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (d & 0x3Fu);
	}
	if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return n;
}

int sw_buf_put_json_string(sw_buf *buf, const char *str, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	size_t run = 0, i = 0;
	sw_buf_putc(buf, '"');
	while (i < len) {
		unsigned char c = (unsigned char)str[i];
		char esc[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
		size_t n = c >= 0x80 ? sw_utf8_seq_len(str, len, i) : 1;
		if (n > 1 || (n == 1 && c >= 0x20 && c != '"' && c != '\\' && c != 0x7F)) {
			i += n;
			continue;
		}
		sw_buf_put(buf, str + run, i - run);
		if (n == 0)
			sw_buf_put(buf, "\\ufffd", 6);
		else if (c == '"' || c == '\\')
			sw_buf_put(buf, (char[]){'\\', (char)c}, 2);
		else if (c == '\n')
			sw_buf_put(buf, "\\n", 2);
		else if (c == '\t')
			sw_buf_put(buf, "\\t", 2);
		else
			sw_buf_put(buf, esc, 6);
		run = ++i;
	}
	sw_buf_put(buf, str + run, len - run);
	return sw_buf_putc(buf, '"');
}
