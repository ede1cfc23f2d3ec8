/*
 * metadata/emit.c — writes a record as METADATA/PKG-INFO text: the known
 * fields in table order, each value of a multi-use field on its own line,
 * multi-line values folded onto continuation lines indented by the name's
 * length + 2 (as uv and packaging's writer do), the unknown headers, then
 * the description as the message body after one blank line.
 */
#include <string.h>

#include "metadata/md_int.h"
#include "util/util.h"

/* Writes one header, folding the value at each "\n". */
static void put_header(sw_buf *out, const char *name, const char *value)
{
	size_t indent = strlen(name) + 2;
	const char *line = value;
	sw_buf_puts(out, name);
	sw_buf_putc(out, ':');
	for (;;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		if (line == value) {
			if (len)
				sw_buf_putc(out, ' ');
		} else {
			for (size_t i = 0; i < indent; i++)
				sw_buf_putc(out, ' ');
		}
		sw_buf_put(out, line, len);
		sw_buf_putc(out, '\n');
		if (!nl)
			break;
		line = nl + 1;
	}
}

int sw_metadata_emit(sw_buf *out, const sw_metadata *md)
{
	const char *body = sw_metadata_get(md, SW_MD_DESCRIPTION);
	int err;
	if (!md->field[SW_MD_NAME].n || !md->field[SW_MD_VERSION].n)
		return sw_error_set(SW_EINVAL, "cannot write core metadata without a %s",
		                    md->field[SW_MD_NAME].n ? "Version" : "Name");
	if (!md->field[SW_MD_METADATA_VERSION].n)
		put_header(out, md_fields[SW_MD_METADATA_VERSION].name,
		           sw_metadata_required_version(md));
	for (int f = 0; f < SW_MD_FIELD_COUNT; f++) {
		if (f == SW_MD_DESCRIPTION)
			continue;
		for (size_t i = 0; i < md->field[f].n; i++)
			put_header(out, md_fields[f].name, md->field[f].v[i]);
	}
	for (size_t i = 0; i < md->n_unknown; i++)
		put_header(out, md->unknown[i].name, md->unknown[i].value);
	if (body) {
		sw_buf_putc(out, '\n');
		sw_buf_puts(out, body);
	}
	if ((err = sw_buf_error(out)) < 0)
		return sw_error_set(err, "%s while writing core metadata",
		                    err == SW_ENOMEM ? "out of memory" : "output too big");
	return 0;
}
