/*
 * metadata/reqfmt.c — the Requires-Dist form of a requirement, as SPECS.md
 * §6.2's example writes it (uv's style): "name[extras]specifiers @ url ;
 * marker", the specifiers and extras in packaging's canonical order, marker
 * values in single quotes, and for an optional dependency `extra == 'x'`
 * and-ed onto the marker, parenthesised when the marker holds an `or`.
 */
#include <string.h>

#include "metadata/md_int.h"
#include "slipway/pep508.h"
#include "util/util.h"

/* Writes the marker `text` with its double-quoted values in single quotes,
 * when that reads back as the same marker; otherwise as it is. */
static int put_marker(sw_buf *out, const char *text, size_t len)
{
	sw_buf single, again;
	sw_marker *check = NULL;
	int err, same = 0;
	sw_buf_init(&single, SW_PEP508_MAX_LEN * 2);
	sw_buf_init(&again, SW_PEP508_MAX_LEN * 2);
	for (size_t i = 0; i < len; i++)
		sw_buf_putc(&single, text[i] == '"' ? '\'' : text[i]);
	if ((err = sw_buf_error(&single)) < 0)
		goto done;
	err = sw_marker_parse(&check, single.ptr, single.len);
	if (err == SW_ENOMEM)
		goto done;
	if (err == 0 && (err = sw_marker_format(&again, check)) < 0)
		goto done;
	same = err == 0 && again.len == len && memcmp(again.ptr, text, len) == 0;
	err = sw_buf_put(out, same ? single.ptr : text, len);
done:
	sw_marker_free(check);
	sw_buf_free(&single);
	sw_buf_free(&again);
	return err;
}

/* Returns 1 if the marker text has an `or` outside quoted values. */
static int has_or(const char *text, size_t len)
{
	char quote = 0;
	for (size_t i = 0; i < len; i++) {
		if (quote) {
			quote = text[i] == quote ? 0 : quote;
		} else if (text[i] == '"' || text[i] == '\'') {
			quote = text[i];
		} else if (i + 4 <= len && memcmp(text + i, " or ", 4) == 0) {
			return 1;
		}
	}
	return 0;
}

int sw_metadata_format_requirement(sw_buf *out, const sw_requirement *req, const char *extra)
{
	const sw_marker *marker = sw_requirement_marker(req);
	sw_buf mk;
	size_t n = sw_requirement_extra_count(req);
	int err;
	sw_buf_init(&mk, SW_PEP508_MAX_LEN * 2);
	sw_buf_puts(out, sw_requirement_name(req));
	for (size_t i = 0; i < n; i++) {
		sw_buf_putc(out, i ? ',' : '[');
		sw_buf_puts(out, sw_requirement_extra(req, i));
	}
	if (n)
		sw_buf_putc(out, ']');
	sw_specset_format(out, sw_requirement_specifier(req));
	if (sw_requirement_url(req)) {
		sw_buf_puts(out, " @ ");
		sw_buf_puts(out, sw_requirement_url(req));
	}
	if (marker || extra)
		sw_buf_puts(out, " ; ");
	if (marker && (err = sw_marker_format(&mk, marker)) < 0)
		goto done;
	if (marker && extra && has_or(mk.ptr, mk.len))
		sw_buf_putc(out, '(');
	if (marker && (err = put_marker(out, mk.ptr, mk.len)) < 0)
		goto done;
	if (marker && extra && has_or(mk.ptr, mk.len))
		sw_buf_putc(out, ')');
	if (extra) {
		sw_buf_puts(out, marker ? " and extra == '" : "extra == '");
		sw_buf_puts(out, extra);
		sw_buf_putc(out, '\'');
	}
	err = sw_buf_error(out);
done:
	sw_buf_free(&mk);
	if (err < 0 && err != SW_EPARSE)
		return sw_error_set(err,
		                    err == SW_ENOMEM ? "out of memory" : "requirement too long");
	return err;
}
