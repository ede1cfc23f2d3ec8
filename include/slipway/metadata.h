/*
 * slipway/metadata.h — core metadata (METADATA in wheels, PKG-INFO in
 * sdists): a record of every field, an emitter and a parser of the
 * email-header format. SPECS.md §6.1-6.2.
 *
 * The record (sw_metadata) holds, for each known field of enum sw_md_field,
 * its value (single-use fields) or its values in order (multi-use fields),
 * plus the headers it does not know, in the order they came. Values are
 * UTF-8 text. A value may span several lines ("\n" between them); the
 * emitter folds such a value onto continuation lines indented by the
 * header name's length + 2 spaces, and the parser undoes exactly that (see
 * "Continuation lines" below), so parse(emit(record)) equals the record.
 *
 * What a value may hold is checked when it is set, so emitting a record
 * cannot produce text that reads back differently. Refused with SW_EINVAL:
 *  - invalid UTF-8 (anywhere, the description included);
 *  - in a header value: a carriage return or any other line boundary a
 *    reader might split on (U+000B, U+000C, U+001C-U+001E, U+0085, U+2028,
 *    U+2029); "\n" is allowed and folded;
 *  - a header value that starts with a space or a tab (readers strip it).
 * The description is written verbatim as the message body, after one
 * blank line, so it may hold anything that is valid UTF-8.
 *
 * Parsing follows Python's email parser in the "compat32" policy, which is
 * what packaging.metadata.parse_email() (packaging 25.0) uses, with these
 * deliberate differences (all SW_EPARSE, with "path:line:col: reason"):
 *  - a line in the header block that is neither "Name: value" nor a
 *    continuation line is an error (Python silently starts the body there);
 *    so is a continuation line before the first header and an empty name;
 *  - a single-use field given twice, a Project-URL label given twice, and a
 *    Description header together with a non-empty body are errors
 *    (packaging moves those fields to its "unparsed" dictionary, which its
 *    validating Metadata.from_email() then rejects);
 *  - invalid UTF-8, a NUL byte, or a line boundary character of the list
 *    above inside a header value are errors (packaging keeps mojibake);
 *  - Metadata-Version, Name and Version are required, and Metadata-Version
 *    must be MAJOR.MINOR with MAJOR at most 2 (a newer major is refused, as
 *    the specification asks of consumers; a newer minor is accepted);
 *  - an empty Description header counts as no description.
 * Header names match case-insensitively. Lines end with LF, CRLF or a bare
 * CR, as in Python's email parser. The body is everything after the first
 * empty line, byte for byte; when it is not empty it is the description.
 *
 * Continuation lines: a header's value is its first line after the colon
 * (leading spaces and tabs dropped, as Python does) followed by each
 * continuation line (one starting with a space or a tab), joined with "\n",
 * each continuation line losing K leading space/tab characters, where K is
 * the smaller of (length of the header name + 2) and the least indentation
 * of the continuation lines that are not blank; a blank (whitespace-only)
 * continuation line loses up to K and so usually becomes empty. This
 * inverts slipway's and uv's folding exactly, and the "dedent" that
 * setuptools applies to the 8-space indentation of setuptools, flit and
 * hatchling. A Description header whose non-blank continuation lines all
 * start with spaces/tabs and a '|' (the legacy PEP 345 form, "7 spaces and
 * a pipe") loses everything up to and including the '|' instead.
 *
 * Ownership: a record returned through `**out` is the caller's and is freed
 * with sw_metadata_free(). Strings returned as values are borrowed from the
 * record and live until that field is changed or the record is freed.
 * Errors: SW_ENOMEM on allocation failure (the record is unchanged), and
 * those listed with each function.
 */
#ifndef SLIPWAY_METADATA_H
#define SLIPWAY_METADATA_H

#include <stddef.h>

#include "slipway/buf.h"
#include "slipway/common.h"
#include "slipway/pep508.h"
#include "slipway/project.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest METADATA/PKG-INFO text the parser accepts (SW_ETOOBIG). */
#define SW_METADATA_MAX_LEN ((size_t)32 * 1024 * 1024)
/* Most headers the parser accepts (SW_ETOOBIG). */
#define SW_METADATA_MAX_HEADERS 10000

/* The known fields, in the order the emitter writes them: the write order
 * of uv (SPECS.md §6.2), with the deprecated Requires, Provides and
 * Obsoletes after Obsoletes-Dist. Unknown headers follow Dynamic; the
 * description is the body. */
enum sw_md_field {
	SW_MD_METADATA_VERSION,
	SW_MD_NAME,
	SW_MD_VERSION,
	SW_MD_PLATFORM,           /* multi */
	SW_MD_SUPPORTED_PLATFORM, /* multi */
	SW_MD_SUMMARY,
	SW_MD_KEYWORDS, /* one comma-separated string */
	SW_MD_HOME_PAGE,
	SW_MD_DOWNLOAD_URL,
	SW_MD_AUTHOR,
	SW_MD_AUTHOR_EMAIL,
	SW_MD_LICENSE,
	SW_MD_LICENSE_EXPRESSION,
	SW_MD_LICENSE_FILE,   /* multi */
	SW_MD_CLASSIFIER,     /* multi */
	SW_MD_REQUIRES_DIST,  /* multi */
	SW_MD_PROVIDES_DIST,  /* multi */
	SW_MD_OBSOLETES_DIST, /* multi */
	SW_MD_REQUIRES,       /* multi, deprecated (1.1) */
	SW_MD_PROVIDES,       /* multi, deprecated (1.1) */
	SW_MD_OBSOLETES,      /* multi, deprecated (1.1) */
	SW_MD_MAINTAINER,
	SW_MD_MAINTAINER_EMAIL,
	SW_MD_REQUIRES_PYTHON,
	SW_MD_REQUIRES_EXTERNAL, /* multi */
	SW_MD_PROJECT_URL,       /* multi, "Label, URL" */
	SW_MD_PROVIDES_EXTRA,    /* multi */
	SW_MD_IMPORT_NAME,       /* multi */
	SW_MD_IMPORT_NAMESPACE,  /* multi */
	SW_MD_DESCRIPTION_CONTENT_TYPE,
	SW_MD_DYNAMIC, /* multi */
	SW_MD_DESCRIPTION,
	SW_MD_FIELD_COUNT
};

typedef struct sw_metadata sw_metadata;

/* ---- fields ------------------------------------------------------------ */

/* The field's name as the specification spells it, e.g. "Author-email",
 * "Home-page", "Project-URL". NULL for a value out of range. */
const char *sw_md_field_name(enum sw_md_field field);

/* Finds a known field by header name, case-insensitively. Returns 0, or
 * SW_ENOTFOUND for a name that is not a known field. */
int sw_md_field_lookup(enum sw_md_field *out, const char *name, size_t len);

/* Returns 1 if the field may appear more than once, else 0. */
int sw_md_field_is_multi(enum sw_md_field field);

/* The Metadata-Version that introduced the field, e.g. "1.2". */
const char *sw_md_field_since(enum sw_md_field field);

/* ---- the record -------------------------------------------------------- */

/* Creates an empty record. */
int sw_metadata_new(sw_metadata **out);

void sw_metadata_free(sw_metadata *md);

/* Sets a single-use field to a copy of `value`, replacing what it held;
 * NULL removes it. Setting SW_MD_DESCRIPTION to "" removes it too (an
 * empty body is no body). SW_EINVAL for a multi-use field or a value the
 * rules above refuse (the message names the field and the reason). */
int sw_metadata_set(sw_metadata *md, enum sw_md_field field, const char *value);

/* Appends a copy of `value` to a multi-use field. SW_EINVAL for a
 * single-use field or a refused value; for SW_MD_PROJECT_URL, SW_EEXISTS
 * when the label (the text before the first comma, stripped) is already
 * used, as packaging refuses duplicate labels. */
int sw_metadata_add(sw_metadata *md, enum sw_md_field field, const char *value);

/* Appends a Project-URL "label, url". SW_EINVAL if the label is empty or
 * holds a comma, or either part has surrounding whitespace; SW_EEXISTS for
 * a label already used. */
int sw_metadata_add_project_url(sw_metadata *md, const char *label, const char *url);

/* Removes every value of a field. */
void sw_metadata_clear(sw_metadata *md, enum sw_md_field field);

/* The value of a single-use field (or the first value of a multi-use
 * one), or NULL if it is not set. */
const char *sw_metadata_get(const sw_metadata *md, enum sw_md_field field);

/* How many values the field has (0 or 1 for single-use fields). */
size_t sw_metadata_count(const sw_metadata *md, enum sw_md_field field);

/* The i-th value of the field, or NULL if i >= the count. */
const char *sw_metadata_value(const sw_metadata *md, enum sw_md_field field, size_t i);

/* Splits a Project-URL value as packaging does: the label is the text
 * before the first comma and the URL the text after it, both stripped of
 * surrounding whitespace; without a comma the URL is empty. The pointers
 * point into `value`. */
void sw_md_project_url_split(const char *value, const char **label, size_t *label_len,
                             const char **url, size_t *url_len);

/* Adds a header by name, as the parser does: a known field (any case) is
 * set or appended; any other name is kept as an unknown header, after the
 * ones already there. The name must be 1 or more printable ASCII
 * characters other than ':' and space. SW_EINVAL for a bad name or value;
 * SW_EEXISTS if a single-use field is already set, or for a Project-URL
 * label already used. */
int sw_metadata_add_header(sw_metadata *md, const char *name, const char *value);

/* The unknown headers, in order: count, then name (as written) and value. */
size_t sw_metadata_unknown_count(const sw_metadata *md);
const char *sw_metadata_unknown_name(const sw_metadata *md, size_t i);
const char *sw_metadata_unknown_value(const sw_metadata *md, size_t i);

/* Returns 1 if the records hold the same values in the same order (known
 * fields compared field by field, unknown headers by exact name and
 * value), else 0. */
int sw_metadata_equal(const sw_metadata *a, const sw_metadata *b);

/* The lowest Metadata-Version that covers the fields used: "2.5" with
 * Import-Name or Import-Namespace, else "2.4" with License-Expression or
 * License-File, else "2.3" (SPECS.md: the lowest version that covers the
 * fields written, as uv does; hatchling 1.27, flit_core 3.12 and
 * setuptools 78 write "2.4" always). Static string. */
const char *sw_metadata_required_version(const sw_metadata *md);

/* ---- text -------------------------------------------------------------- */

/* Appends the METADATA/PKG-INFO text of the record to `out`: one
 * "Name: value" line per value in field order, multi-line values folded,
 * then the unknown headers, then, if there is a description, an empty line
 * and the description verbatim. Lines end with "\n". Metadata-Version is
 * the record's if set, else sw_metadata_required_version(). SW_EINVAL if
 * Name or Version is missing; the buffer's sticky error otherwise. */
int sw_metadata_emit(sw_buf *out, const sw_metadata *md);

/* Parses METADATA/PKG-INFO text (`len` bytes, need not be NUL-terminated)
 * into a new record. `path` names the input in error messages (NULL gives
 * "<input>"). SW_EPARSE as described above, SW_ETOOBIG for input over
 * SW_METADATA_MAX_LEN bytes or SW_METADATA_MAX_HEADERS headers. */
int sw_metadata_parse(sw_metadata **out, const char *text, size_t len, const char *path);

/* Appends a JSON object describing the record: for each field that is set,
 * in field order, its lowercase name ("metadata-version", "name",
 * "classifier", ...) mapped to a string (single-use) or an array of strings
 * (multi-use), the description included; then "unknown": an array of
 * [name, value] pairs (always present). Returns the buffer's error. */
int sw_metadata_to_json(sw_buf *out, const sw_metadata *md);

/* ---- from pyproject.toml ---------------------------------------------- */

#define SW_METADATA_OPTS_VERSION 1

/* Options of sw_metadata_from_project(). */
typedef struct sw_metadata_opts {
	unsigned struct_version; /* SW_METADATA_OPTS_VERSION */
	/* The version to write when [project] lists "version" in dynamic (the
	 * caller computed it); it is normalised like a static one. Ignored when
	 * the version is static. */
	const char *version;
} sw_metadata_opts;

#define SW_METADATA_OPTS_INIT                                                                      \
	{                                                                                          \
		SW_METADATA_OPTS_VERSION, NULL                                                     \
	}

/* Builds the core metadata of a project's [project] table (SPECS.md
 * §6.3-6.4), for METADATA and PKG-INFO alike:
 *   name              Name, as written (an error if dynamic);
 *   version           Version, normalised (PEP 440); a dynamic one comes
 *                     from opts->version (an error without it);
 *   description       Summary, without leading blanks; an error if it
 *                     holds a line break; left out if empty;
 *   readme            Description (the file's text, or the inline text,
 *                     with CRLF/CR turned into LF as Python's text mode
 *                     does) and Description-Content-Type (the table's
 *                     content-type as written, else text/markdown,
 *                     text/x-rst or text/plain from the suffix; an error
 *                     for another suffix); both left out for an empty text;
 *   requires-python   Requires-Python in packaging's canonical form;
 *   license           a string: License-Expression, canonical (an error if
 *                     not valid SPDX); {text}: License; {file}: License with
 *                     the file's text, and License-File with its path
 *                     (License text: CRLF/CR to LF, leading blanks and
 *                     trailing newlines dropped); a table together with
 *                     license-files is an error;
 *   license-files     License-File for each file the globs match below the
 *                     project folder, sorted (no default globs when the key
 *                     is absent, as uv_build; hatchling, flit and
 *                     setuptools add LICEN[CS]E* and COPYING* and more);
 *   authors,          Author / Maintainer: names without e-mail, joined
 *   maintainers       ", "; Author-email / Maintainer-email: "Name <email>"
 *                     or "email", joined ", ", names with RFC 822 specials
 *                     quoted as Python's email.headerregistry.Address does;
 *   keywords          Keywords, joined with "," in their order;
 *   classifiers       Classifier each; import-names / import-namespaces:
 *                     Import-Name / Import-Namespace each (Metadata 2.5);
 *   urls              Project-URL "label, url" in their order;
 *   dependencies      Requires-Dist each (sw_metadata_format_requirement);
 *   optional-         Provides-Extra with the PEP 685 normalised name (two
 *   dependencies      extras that normalise alike: an error), and
 *                     Requires-Dist for each requirement with the extra;
 *   dynamic           Dynamic: the fields each listed key may fill, in the
 *                     order of the list, each once (authors: Author and
 *                     Author-email; license: License and License-Expression;
 *                     readme: Description and Description-Content-Type;
 *                     optional-dependencies: Requires-Dist and
 *                     Provides-Extra; ...); "version" gives none (it is
 *                     computed), nor do the entry-point keys;
 *   scripts, gui-scripts, entry-points: not core metadata.
 * Metadata-Version is set to sw_metadata_required_version(). Values the
 * record refuses (a carriage return in a name, say) are errors too.
 * Errors: SW_EINVAL with "file:line:col: project.<key>: reason" (the
 * validator explains problems better: run it first); SW_ENOMEM. `opts`
 * may be NULL. */
int sw_metadata_from_project(sw_metadata **out, const sw_project *project,
                             const sw_metadata_opts *opts);

/* Appends the Requires-Dist form of a requirement, as SPECS.md §6.2's
 * example writes it: name as written, extras sorted as packaging prints
 * them, the specifier set in packaging's canonical form, " @ url", and
 * " ; " before the marker, whose values are in single quotes (double
 * quotes when a value holds a single quote). With `extra` (already
 * normalised) the marker becomes `extra == '<extra>'`, or `M and extra ==
 * '<extra>'`, with (M) in parentheses when it holds an `or`. E.g.
 * "colorama ; sys_platform == 'win32' and extra == 'cli'". Returns 0 or the
 * buffer's error. */
int sw_metadata_format_requirement(sw_buf *out, const sw_requirement *req, const char *extra);

#ifdef __cplusplus
}
#endif
#endif
