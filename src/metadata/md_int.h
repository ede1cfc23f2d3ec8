/*
 * metadata/md_int.h — the metadata module's internals: the record's layout,
 * the field table, and the text checks that the record, the emitter and the
 * parser share.
 */
#ifndef SW_METADATA_MD_INT_H
#define SW_METADATA_MD_INT_H

#include <stddef.h>

#include "slipway/metadata.h"
#include "slipway/project.h"

/* One field of the table, indexed by enum sw_md_field. */
struct md_field_info {
	const char *name;  /* as the specification spells it */
	const char *lower; /* lowercase, for JSON keys */
	int multi;         /* may repeat */
	int since;         /* Metadata-Version that added it, times 10 (1.2 -> 12) */
};

extern const struct md_field_info md_fields[SW_MD_FIELD_COUNT];

/* A growable array of owned strings. */
struct md_list {
	char **v;
	size_t n, cap;
};

struct md_unknown {
	char *name;
	char *value;
};

struct sw_metadata {
	struct md_list field[SW_MD_FIELD_COUNT];
	struct md_unknown *unknown;
	size_t n_unknown, cap_unknown;
};

/* Length of the valid UTF-8 sequence starting at s[i] (1 for ASCII other
 * than NUL), or 0 if it is not valid UTF-8 or is a NUL byte. */
size_t md_utf8_len(const char *s, size_t len, size_t i);

/* If the character at s[i] (of `n` bytes) is a line boundary that readers
 * may split on other than "\n" (CR, VT, FF, FS, GS, RS, NEL, LS, PS),
 * returns its code point, else 0. */
unsigned long md_line_boundary(const char *s, size_t i, size_t n);

/* Checks a value for `field_name`: valid UTF-8, and unless `is_body`, no
 * line boundary other than "\n" and no leading space or tab. Returns 0 or
 * SW_EINVAL with a message naming the field and the reason. */
int md_check_value(const char *field_name, const char *value, size_t len, int is_body);

/* Returns 1 if `name` (len bytes) is a valid header name: one or more of
 * the bytes 0x21-0x7E except ':'. */
int md_name_is_valid(const char *name, size_t len);

/* Narrows s/len to drop leading and trailing whitespace as Python's
 * str.strip() does (Unicode whitespace; the text is valid UTF-8). */
void md_strip(const char **s, size_t *len);

/* 1-based line and column (in characters) of byte `off` of `text` (len
 * bytes), where lines end with LF, CRLF or CR. */
void md_locate(const char *text, size_t len, size_t off, unsigned *line, unsigned *col);

/* Appends a copy of `value` to a field without any check (the caller has
 * checked it). */
int md_list_push(struct md_list *list, const char *value, size_t len);

/* Returns 1 if the Project-URL label of `value` is already used in `md`. */
int md_project_url_label_used(const sw_metadata *md, const char *value);

/* Appends the Author/Maintainer text (names without an e-mail) to `names`
 * and the Author-email/Maintainer-email text to `emails` (people.c).
 * Returns 0 or a buffer's error. */
int md_people_format(sw_buf *names, sw_buf *emails, const sw_project_people *people);

#endif
