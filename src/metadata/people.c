/*
 * metadata/people.c — authors and maintainers as core metadata: names
 * without an e-mail go to Author/Maintainer, joined with ", "; entries with
 * an e-mail go to Author-email/Maintainer-email as RFC 822 addresses,
 * "Name <email>" or just "email", joined with ", ". A name holding one of
 * the specials ()<>@,:;."[] or a backslash is quoted, with '\' and '"'
 * escaped,
 * as Python's email.headerregistry.Address does (what hatchling, flit and
 * setuptools use).
 */
#include <string.h>

#include "metadata/md_int.h"
#include "util/util.h"

/* Appends a display name, quoted if it holds an RFC 822 special. */
static void put_display_name(sw_buf *out, const char *name, size_t len)
{
	static const char specials[] = "()<>@,:;.\\\"[]";
	int quote = 0;
	for (size_t i = 0; i < len && !quote; i++)
		quote = name[i] && strchr(specials, name[i]) != NULL;
	if (!quote) {
		sw_buf_put(out, name, len);
		return;
	}
	sw_buf_putc(out, '"');
	for (size_t i = 0; i < len; i++) {
		if (name[i] == '\\' || name[i] == '"')
			sw_buf_putc(out, '\\');
		sw_buf_putc(out, name[i]);
	}
	sw_buf_putc(out, '"');
}

int md_people_format(sw_buf *names, sw_buf *emails, const sw_project_people *people)
{
	for (size_t i = 0; i < people->count; i++) {
		const sw_project_person *p = &people->items[i];
		if (p->email.str) {
			if (emails->len)
				sw_buf_puts(emails, ", ");
			if (p->name.str && p->name.len) {
				put_display_name(emails, p->name.str, p->name.len);
				sw_buf_puts(emails, " <");
				sw_buf_put(emails, p->email.str, p->email.len);
				sw_buf_putc(emails, '>');
			} else {
				sw_buf_put(emails, p->email.str, p->email.len);
			}
		} else if (p->name.str) {
			if (names->len)
				sw_buf_puts(names, ", ");
			sw_buf_put(names, p->name.str, p->name.len);
		}
	}
	if (sw_buf_error(names) < 0)
		return sw_buf_error(names);
	return sw_buf_error(emails);
}
