/*
 * slipway/toml.h — a lossless TOML 1.0.0 document: parse, query, edit, emit.
 *
 * A document keeps its source text byte for byte. Parsing builds a read-only
 * tree over that text: every node knows where its key and its value are in
 * the source. Emitting an unedited document returns the input unchanged.
 *
 * Edits (sw_toml_set() and friends) compute the smallest change to the text
 * (replace a value's bytes, insert one line in the style of its neighbours,
 * remove a line with its trailing comment), apply it, and parse the result
 * again. If the result would not be valid TOML the edit is refused and the
 * document is left as it was. EVERY SUCCESSFUL EDIT INVALIDATES ALL NODE
 * POINTERS previously obtained from the document: look them up again.
 *
 * Ownership: a document returned through `**out` is owned by the caller and
 * freed with sw_toml_free(). Nodes and strings returned as values are
 * borrowed from the document and live until it is freed or edited.
 *
 * Errors: SW_EPARSE for text that is not TOML 1.0, with the message
 * "name:line:col: reason" (col counts UTF-8 code points, both 1-based);
 * SW_ETOOBIG for input over SW_TOML_MAX_SIZE or nesting deeper than
 * SW_TOML_MAX_DEPTH; SW_ENOMEM; and for queries and edits SW_ENOTFOUND,
 * SW_ETYPE (a node of the wrong type), SW_EEXISTS, SW_EINVAL.
 *
 * Not thread-safe per document; distinct documents may be used from
 * distinct threads. Number parsing and formatting do not depend on the
 * process locale.
 */
#ifndef SLIPWAY_TOML_H
#define SLIPWAY_TOML_H

#include <stddef.h>
#include <stdint.h>

#include "slipway/buf.h"
#include "slipway/common.h"
#include "slipway/fs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Largest document accepted, in bytes (larger: SW_ETOOBIG). */
#define SW_TOML_MAX_SIZE ((size_t)16 * 1024 * 1024)
/* Deepest nesting accepted: tables, arrays and inline tables below the
 * root, counting every dotted-key or header segment (deeper: SW_ETOOBIG). */
#define SW_TOML_MAX_DEPTH 256

typedef struct sw_toml_doc sw_toml_doc;
typedef struct sw_toml_node sw_toml_node;

/* Value types. The names of sw_toml_type_name() are those of toml-test. */
enum sw_toml_type {
	SW_TOML_TABLE = 1,
	SW_TOML_ARRAY,
	SW_TOML_STRING,
	SW_TOML_INTEGER,
	SW_TOML_FLOAT,
	SW_TOML_BOOL,
	SW_TOML_DATETIME,       /* offset date-time: 1979-05-27T07:32:00Z */
	SW_TOML_DATETIME_LOCAL, /* local date-time: 1979-05-27T07:32:00 */
	SW_TOML_DATE_LOCAL,     /* local date: 1979-05-27 */
	SW_TOML_TIME_LOCAL      /* local time: 07:32:00 */
};

/* How a node was written in the source. */
enum sw_toml_style {
	SW_TOML_STYLE_VALUE = 0, /* a scalar value (or an array item) */
	SW_TOML_STYLE_ROOT,      /* the document's root table */
	SW_TOML_STYLE_HEADER,    /* a table defined by [a.b] */
	SW_TOML_STYLE_IMPLICIT,  /* a table only named on the way, e.g. a in [a.b] */
	SW_TOML_STYLE_DOTTED,    /* a table made by dotted keys, e.g. a in a.b = 1 */
	SW_TOML_STYLE_INLINE,    /* an inline table {..} or an array value [..] */
	SW_TOML_STYLE_AOT,       /* an array of tables, made by [[a]] */
	SW_TOML_STYLE_AOT_ITEM   /* one [[a]] table of an array of tables */
};

/* The fields of a date-time value. Which are meaningful depends on the
 * type: dates have year..day, times hour..nanosecond, offset date-times
 * also offset_minutes (0 for "Z"). Fractions beyond nanoseconds are
 * truncated. */
typedef struct sw_toml_datetime_fields {
	int year, month, day;
	int hour, minute, second;
	uint32_t nanosecond;
	int offset_minutes; /* east of UTC, e.g. -420 for -07:00 */
} sw_toml_datetime_fields;

/* ---- documents ---------------------------------------------------------- */

/* Parses `len` bytes of TOML. `name` (may be NULL: "<input>") prefixes error
 * messages. The text is copied. Fails with SW_EPARSE, SW_ETOOBIG or
 * SW_ENOMEM; *out is then NULL. */
int sw_toml_parse(sw_toml_doc **out, const char *text, size_t len, const char *name);

/* Reads `path` (at most SW_TOML_MAX_SIZE bytes) and parses it, naming it
 * `path` in messages. `stamp` (may be NULL) receives the file's stamp for a
 * later sw_file_write_atomic(). Adds SW_EIO to sw_toml_parse()'s errors. */
int sw_toml_load(sw_toml_doc **out, sw_file_stamp *stamp, const char *path);

void sw_toml_free(sw_toml_doc *doc);

/* The document's current text (its emitted form) and length. Borrowed,
 * NUL-terminated, valid until the next edit. */
const char *sw_toml_text(const sw_toml_doc *doc, size_t *len);

/* Appends the document's text to `out`. */
int sw_toml_emit(const sw_toml_doc *doc, sw_buf *out);

/* The root table. */
const sw_toml_node *sw_toml_root(const sw_toml_doc *doc);

/* ---- nodes -------------------------------------------------------------- */

enum sw_toml_type sw_toml_type(const sw_toml_node *node);
enum sw_toml_style sw_toml_style(const sw_toml_node *node);

/* "table", "array", "string", "integer", "float", "bool", "datetime",
 * "datetime-local", "date-local", "time-local". */
const char *sw_toml_type_name(enum sw_toml_type type);

/* The containing table or array; NULL for the root. */
const sw_toml_node *sw_toml_parent(const sw_toml_node *node);

/* Number of entries of a table or items of an array; 0 for scalars. */
size_t sw_toml_count(const sw_toml_node *node);

/* Iteration in document order: the first entry of a table or item of an
 * array (NULL if empty or a scalar), and the one after `child`. */
const sw_toml_node *sw_toml_first(const sw_toml_node *node);
const sw_toml_node *sw_toml_next(const sw_toml_node *child);

/* Item `index` of an array or entry of a table (O(index)); NULL past the end. */
const sw_toml_node *sw_toml_at(const sw_toml_node *node, size_t index);

/* The decoded key naming `node` in its table, and its length (keys may
 * contain NUL). NULL for the root and for array items. */
const char *sw_toml_key(const sw_toml_node *node, size_t *len);

/* The entry `key` of `table`, or NULL (also when `table` is not a table). */
const sw_toml_node *sw_toml_find(const sw_toml_node *table, const char *key, size_t len);

/* Follows `n` keys from `table`; an array of tables on the way stands for its
 * last table, as in TOML headers. NULL if any key is missing. */
const sw_toml_node *sw_toml_get(const sw_toml_node *table, const char *const *keys, size_t n);

/* Like sw_toml_get() with a dotted path in TOML key syntax, e.g.
 * `tool.poetry."my.key"`. SW_EPARSE for a bad path, SW_ENOTFOUND if absent. */
int sw_toml_get_path(const sw_toml_node **out, const sw_toml_node *table, const char *path);

/* Splits a dotted path in TOML key syntax (bare, "basic" and 'literal'
 * segments, spaces around dots allowed) into decoded keys. *keys is one
 * allocation holding the array and the strings: free it with sw_free().
 * SW_EPARSE with a message for a bad path; SW_ETOOBIG past
 * SW_TOML_MAX_DEPTH segments. */
int sw_toml_path_parse(char ***keys, size_t *n, const char *text, size_t len);

/* Typed values. Each returns SW_ETYPE if the node has another type. */
int sw_toml_string(const sw_toml_node *node, const char **str, size_t *len); /* decoded */
int sw_toml_int(const sw_toml_node *node, int64_t *value);
int sw_toml_float(const sw_toml_node *node, double *value);
int sw_toml_bool(const sw_toml_node *node, int *value);
int sw_toml_datetime(const sw_toml_node *node,
                     sw_toml_datetime_fields *value); /* any date/time type */

/* The value's source bytes, e.g. `0x_ff`, `'''x'''`, `[1, 2]`, `{a = 1}`, or
 * a date-time's text. NULL for tables that are not inline and for arrays of
 * tables (their text is spread over the document: see sw_toml_node_text()). */
const char *sw_toml_source(const sw_toml_node *node, size_t *len);

/* Where the value starts in the source (for a table defined by a header:
 * its '['; for an implicit or dotted table: the key naming it). */
void sw_toml_value_pos(const sw_toml_doc *doc, const sw_toml_node *node, unsigned *line,
                       unsigned *col);

/* Where the key naming `node` starts (the last segment of a dotted key or
 * header; for a [[table]] of an array of tables, its header's last
 * segment). SW_ENOTFOUND for the root and for items of array values. */
int sw_toml_key_pos(const sw_toml_doc *doc, const sw_toml_node *node, unsigned *line,
                    unsigned *col);

/* ---- output ------------------------------------------------------------- */

/* Appends the tagged JSON of toml-test for `node`: every scalar becomes
 * {"type": "<type name>", "value": "<text>"}, tables JSON objects (document
 * order), arrays JSON arrays. Integers are decimal; floats "inf", "-inf",
 * "nan" or the shortest decimal that reads back to the same double;
 * date-times in RFC 3339 form with 'T' and 'Z' upper-case. */
int sw_toml_to_json(const sw_toml_node *node, sw_buf *out);

/* Appends the TOML source that defines `node`: a scalar or inline value's
 * own bytes; for other tables and arrays of tables, every source line that
 * defines them or their descendants (headers, key/value lines), in document
 * order. */
int sw_toml_node_text(const sw_toml_doc *doc, const sw_toml_node *node, sw_buf *out);

/* TOML spellings of C values, for building value text: a basic string with
 * every needed escape, a key (bare if possible, else quoted), an integer, a
 * float that reads back exactly (inf/nan as TOML spells them). */
int sw_toml_write_string(sw_buf *out, const char *str, size_t len);
int sw_toml_write_key(sw_buf *out, const char *key, size_t len);
int sw_toml_write_int(sw_buf *out, int64_t value);
int sw_toml_write_float(sw_buf *out, double value);

/* ---- edits -------------------------------------------------------------- */
/*
 * Keys are given as an array of `n` NUL-terminated segments. A value is TOML
 * value text (e.g. "\"1.2.3\"", "[\"a\", \"b\"]", "{x = 1}"), checked by the
 * parser: SW_EPARSE if it is not exactly one valid value. Every edit
 * re-parses the document; on any failure the document is unchanged.
 * Remember: a successful edit invalidates every node pointer.
 */

/* Sets the value at the key path. An existing value has its bytes replaced
 * (its key, spacing and trailing comment stay). A missing key is inserted
 * in the style of its neighbours: into its table's section, after the last
 * key of that table; missing tables on the way are created as [header]
 * tables at their natural place (inside an inline table, as dotted keys).
 * SW_ETYPE if the path names a table that is not inline, an array of
 * tables, or passes through a scalar or an array; SW_EINVAL for n == 0. */
int sw_toml_set(sw_toml_doc *doc, const char *const *keys, size_t n, const char *value, size_t len);

/* sw_toml_set() with the value built from a C value. */
int sw_toml_set_string(sw_toml_doc *doc, const char *const *keys, size_t n, const char *str,
                       size_t len);
int sw_toml_set_int(sw_toml_doc *doc, const char *const *keys, size_t n, int64_t value);
int sw_toml_set_float(sw_toml_doc *doc, const char *const *keys, size_t n, double value);
int sw_toml_set_bool(sw_toml_doc *doc, const char *const *keys, size_t n, int value);

/* Removes the key path and what it holds. A key/value goes with its line
 * and trailing comment (inside an inline table: with its comma). A table
 * goes with its header, body and the comment lines directly above the
 * header, and with every sub-table. SW_ENOTFOUND if absent. */
int sw_toml_remove(sw_toml_doc *doc, const char *const *keys, size_t n);

/* Inserts an item into the array at the key path before item `index`
 * (index == count appends), keeping the array's one-line or multi-line
 * style: item indent, separator and trailing comma. SW_ETYPE if the path
 * is not an array value, SW_EINVAL if index > count. */
int sw_toml_array_insert(sw_toml_doc *doc, const char *const *keys, size_t n, size_t index,
                         const char *value, size_t len);
int sw_toml_array_append(sw_toml_doc *doc, const char *const *keys, size_t n, const char *value,
                         size_t len);

/* Removes item `index` of the array at the key path (a multi-line item with
 * its line and comment). For an array of tables, removes that [[table]]
 * with its body. SW_ENOTFOUND if index >= count. */
int sw_toml_array_remove(sw_toml_doc *doc, const char *const *keys, size_t n, size_t index);

/* Creates an empty [a.b] table at its natural place: after the last table
 * sharing the longest prefix with it (e.g. [tool.foo] after [tool.bar]),
 * before its first sub-table if it has some, else at the end of the
 * document after one blank line. SW_EEXISTS if the table is already
 * defined (or is a value); SW_ETYPE if the path passes through a value. */
int sw_toml_table_add(sw_toml_doc *doc, const char *const *keys, size_t n);

/* Appends a new empty [[a.b]] table after the last one of the array of
 * tables (creating the array if the key is absent). SW_ETYPE if the key
 * holds anything but an array of tables. */
int sw_toml_aot_append(sw_toml_doc *doc, const char *const *keys, size_t n);

#ifdef __cplusplus
}
#endif
#endif
