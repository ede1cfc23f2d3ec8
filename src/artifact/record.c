/*
 * artifact/record.c — RECORD as Python's csv.reader reads it (SPECS.md
 * §4.4): ',' between fields, '"' quoting with "" for a quote, rows ending
 * at LF, CRLF or CR outside quotes; a field's text after its closing quote
 * is kept (csv's non-strict mode); an empty line is a row of no fields.
 */
#include <string.h>

#include "artifact/art_int.h"

/* The row being read: up to three fields kept, all counted. */
struct row_state {
	sw_buf field;
	char *kept[3];
	size_t fields;
	unsigned line;
};

/* Ends the current field. */
static int end_field(struct row_state *r)
{
	int err = sw_buf_error(&r->field);
	if (err)
		return err;
	if (r->fields < 3 && !(r->kept[r->fields] = sw_strdup(sw_buf_cstr(&r->field))))
		return sw_error_set(SW_ENOMEM, "out of memory");
	r->fields++;
	sw_buf_clear(&r->field);
	return 0;
}

/* Appends the finished row to the array. */
static int end_row(sw_record_row **rows, size_t *count, size_t *cap, struct row_state *r)
{
	sw_record_row row = {0};
	if (*count == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		sw_record_row *items = sw_realloc(*rows, c * sizeof(*items));
		if (!items)
			return sw_error_set(SW_ENOMEM, "out of memory");
		*rows = items;
		*cap = c;
	}
	row.path = r->kept[0] ? r->kept[0] : sw_strdup("");
	row.hash = r->kept[1];
	row.size = r->kept[2];
	row.field_count = r->fields;
	row.line = r->line;
	memset(r->kept, 0, sizeof(r->kept));
	r->fields = 0;
	if (!row.path) {
		sw_free((void *)row.hash);
		sw_free((void *)row.size);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	(*rows)[(*count)++] = row;
	return 0;
}

/* Reads a quoted field starting after its opening quote; *i ends after
 * the closing quote. */
static int quoted(struct row_state *r, const char *t, size_t len, size_t *i, unsigned *line)
{
	for (size_t k = *i; k < len; k++) {
		if (t[k] == '"' && k + 1 < len && t[k + 1] == '"') {
			sw_buf_putc(&r->field, '"');
			k++;
		} else if (t[k] == '"') {
			*i = k + 1;
			return 0;
		} else {
			*line += t[k] == '\n';
			sw_buf_putc(&r->field, t[k]);
		}
	}
	return sw_error_set(SW_EPARSE, "RECORD:%u: unexpected end of data in a quoted field",
	                    r->line);
}

int sw_record_parse(sw_record_row **rows, size_t *count, const char *text, size_t len)
{
	struct row_state r = {.line = 1};
	size_t cap = 0, i = 0;
	unsigned line = 1;
	int err = 0, in_row = 0;
	*rows = NULL;
	*count = 0;
	sw_buf_init(&r.field, ART_SMALL_MAX);
	while (i < len && !err) {
		char c = text[i];
		if (c == '\r' || c == '\n') {
			i += (c == '\r' && i + 1 < len && text[i + 1] == '\n') ? 2 : 1;
			if (in_row && (err = end_field(&r)) < 0)
				break;
			err = end_row(rows, count, &cap, &r);
			in_row = 0;
			r.line = ++line;
			continue;
		}
		in_row = 1;
		if (c == ',') {
			err = end_field(&r);
			i++;
		} else if (c == '"' && r.field.len == 0) {
			i++;
			err = quoted(&r, text, len, &i, &line);
		} else {
			sw_buf_putc(&r.field, c);
			i++;
		}
	}
	if (!err && in_row && (err = end_field(&r)) == 0)
		err = end_row(rows, count, &cap, &r);
	if (!err)
		err = sw_buf_error(&r.field);
	for (size_t k = 0; k < 3; k++)
		sw_free(r.kept[k]);
	sw_buf_free(&r.field);
	if (err < 0) {
		sw_record_rows_free(*rows, *count);
		*rows = NULL;
		*count = 0;
	}
	return err;
}

void sw_record_rows_free(sw_record_row *rows, size_t count)
{
	for (size_t i = 0; i < count; i++) {
		sw_free((void *)rows[i].path);
		sw_free((void *)rows[i].hash);
		sw_free((void *)rows[i].size);
	}
	sw_free(rows);
}
