/*
 * metadata/json.c — a JSON view of a record, for `--json` output and the
 * differential tests: one key per field that is set (lowercase header
 * name), strings for single-use fields, arrays for multi-use ones, and the
 * unknown headers as [name, value] pairs.
 */
#include <string.h>

#include "metadata/md_int.h"
#include "util/util.h"

/* Appends a JSON string; the record's text is valid UTF-8. */
static void json_string(sw_buf *out, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	sw_buf_putc(out, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			sw_buf_putc(out, '\\');
			sw_buf_putc(out, (char)c);
		} else if (c == '\n') {
			sw_buf_puts(out, "\\n");
		} else if (c < 0x20 || c == 0x7F) {
			char esc[7] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0};
			sw_buf_puts(out, esc);
		} else {
			sw_buf_putc(out, (char)c);
		}
	}
	sw_buf_putc(out, '"');
}

int sw_metadata_to_json(sw_buf *out, const sw_metadata *md)
{
	const char *sep = "";
	sw_buf_putc(out, '{');
	for (int f = 0; f < SW_MD_FIELD_COUNT; f++) {
		const struct md_list *list = &md->field[f];
		if (!list->n)
			continue;
		sw_buf_printf(out, "%s\"%s\":", sep, md_fields[f].lower);
		sep = ",";
		if (!md_fields[f].multi) {
			json_string(out, list->v[0]);
			continue;
		}
		sw_buf_putc(out, '[');
		for (size_t i = 0; i < list->n; i++) {
			if (i)
				sw_buf_putc(out, ',');
			json_string(out, list->v[i]);
		}
		sw_buf_putc(out, ']');
	}
	sw_buf_printf(out, "%s\"unknown\":[", sep);
	for (size_t i = 0; i < md->n_unknown; i++) {
		sw_buf_puts(out, i ? ",[" : "[");
		json_string(out, md->unknown[i].name);
		sw_buf_putc(out, ',');
		json_string(out, md->unknown[i].value);
		sw_buf_putc(out, ']');
	}
	sw_buf_puts(out, "]}");
	return sw_buf_error(out);
}
