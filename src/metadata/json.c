/*
 * metadata/json.c — a JSON view of a record, for `--json` output and the
 * differential tests: one key per field that is set (lowercase header
 * name), strings for single-use fields, arrays for multi-use ones, and the
 * unknown headers as [name, value] pairs.
 */
#include <string.h>

#include "metadata/md_int.h"
#include "util/util.h"

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
			sw_buf_put_json_string(out, list->v[0], strlen(list->v[0]));
			continue;
		}
		sw_buf_putc(out, '[');
		for (size_t i = 0; i < list->n; i++) {
			if (i)
				sw_buf_putc(out, ',');
			sw_buf_put_json_string(out, list->v[i], strlen(list->v[i]));
		}
		sw_buf_putc(out, ']');
	}
	sw_buf_printf(out, "%s\"unknown\":[", sep);
	for (size_t i = 0; i < md->n_unknown; i++) {
		sw_buf_puts(out, i ? ",[" : "[");
		sw_buf_put_json_string(out, md->unknown[i].name, strlen(md->unknown[i].name));
		sw_buf_putc(out, ',');
		sw_buf_put_json_string(out, md->unknown[i].value, strlen(md->unknown[i].value));
		sw_buf_putc(out, ']');
	}
	sw_buf_puts(out, "]}");
	return sw_buf_error(out);
}
