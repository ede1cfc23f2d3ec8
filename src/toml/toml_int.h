/*
 * toml/toml_int.h — the toml module's internal structures: the parsed state
 * of a document (its text, an arena of nodes, a key index, the list of
 * top-level statements, a line index) and the parser's helpers shared by
 * the scanner, the value parsers, the queries and the editor.
 */
#ifndef SW_TOML_INT_H
#define SW_TOML_INT_H

#include <stdint.h>

#include "slipway/toml.h"
#include "util/util.h"

/* Tables with up to this many entries are searched linearly and are not
 * in the key index (cheaper than hashing); bigger ones are indexed. */
#define LINEAR_MAX 8
/* "No offset". */
#define TNONE UINT32_MAX
/* Bytes of NUL padding after a parsed text, so the scanner may look a few
 * bytes ahead without bound checks (a NUL always stops a token). */
#define TPAD 8

/* Node flags. */
enum {
	NF_KV = 1,       /* the value of a key/value statement */
	NF_TOPLEVEL = 2, /* that statement is a line of a section (not inline) */
	NF_QUOTED = 4    /* the key segment naming the node was quoted */
};

struct sw_toml_node {
	uint8_t type;  /* enum sw_toml_type */
	uint8_t style; /* enum sw_toml_style */
	uint16_t flags;
	uint32_t depth; /* 0 for the root */
	uint32_t count; /* entries or items */
	uint32_t key_len;
	sw_toml_node *parent, *first, *next;
	const char *key;             /* decoded; borrowed from the text or the arena */
	uint32_t key_start, key_end; /* the key segment naming the node, or TNONE */
	/* Value span: scalars and inline values: their bytes; header tables:
	 * the header "[a.b]"; implicit and dotted tables: the key segment;
	 * arrays of tables: the first header; the root: the whole text. */
	uint32_t start, end;
	uint32_t stmt; /* key/value leaves: start of the statement's key;
	                * dotted tables: the same for the statement making them;
	                * header tables and [[items]]: index of their header in
	                * tstate.stmts */
	union {
		uint32_t section; /* dotted tables: the section (or inline table) that made them */
		uint32_t comma;   /* items of arrays and inline tables: the ',' after, or TNONE */
	};
	union {
		int64_t i;
		double f;
		int b;
		struct {
			const char *ptr;
			size_t len;
		} s;
		struct {
			sw_toml_node *last; /* tables and arrays: the last child */
			struct tstate *st;  /* the root: its state */
		} c;
	} v;
};

/* A top-level statement: a key/value line or a table header. */
enum { ST_KV = 0, ST_TABLE = 1, ST_AOT = 2 };
struct stmt {
	uint32_t kind;
	uint32_t start, end; /* key start .. value end, or '[' .. after ']' */
	sw_toml_node *node;  /* the value, or the table the header opens */
};

struct arena_chunk;
struct arena {
	struct arena_chunk *head;
	size_t next_size;
};

struct htab_slot {
	uint32_t hash;
	sw_toml_node *node;
};
struct htab {
	struct htab_slot *slots;
	size_t cap, used;
};

/* Everything a parse produces. */
struct tstate {
	char *text; /* len bytes + TPAD NULs */
	uint32_t len;
	struct arena arena;
	struct htab ht;
	sw_toml_node *root;
	struct stmt *stmts;
	uint32_t nstmts, capstmts;
	uint32_t *lines; /* offset of the start of each line */
	uint32_t nlines;
	int crlf; /* the first newline of the text is CRLF */
};

struct sw_toml_doc {
	char *name;
	struct tstate st;
};

/* ---- arena.c ------------------------------------------------------------ */
void arena_init(struct arena *a, size_t first_size);
void *arena_alloc(struct arena *a, size_t size); /* zeroed, 8-aligned; NULL on ENOMEM */
void arena_free(struct arena *a);
void htab_free(struct htab *h);
uint32_t key_hash(const sw_toml_node *parent, const char *key, size_t len);
sw_toml_node *htab_find(const struct htab *h, const sw_toml_node *parent, const char *key,
                        size_t len, uint32_t hash);
int htab_insert(struct htab *h, sw_toml_node *node, uint32_t hash);

/* ---- parse.c ------------------------------------------------------------ */
/* Parses `len` bytes into `st` (zeroed by the caller; freed with
 * tstate_free() on success and on failure). In value mode the text must be
 * exactly one value (surrounding spaces allowed), stored as the root's only
 * entry under the empty key. */
int tstate_parse(struct tstate *st, const char *text, size_t len, const char *name, int value_mode);
void tstate_free(struct tstate *st);

/* ---- parser internals (scan.c, scalar.c, parse.c) ------------------------ */
struct keyseg {
	const char *key;
	uint32_t len;
	uint32_t start, end;
	int quoted;
};

struct parser {
	const char *base; /* text */
	const char *end;  /* text + len; NUL-padded beyond */
	const char *name;
	struct tstate *st;
	sw_toml_node *cur; /* the table key/values go into */
	uint32_t section;  /* id of the current section or inline table */
	uint32_t nsections;
	struct keyseg segs[SW_TOML_MAX_DEPTH + 1];
};

/* Sets an SW_EPARSE error located at `at` and returns SW_EPARSE. */
int perr(const struct parser *P, const char *at, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* Same with another code (SW_ETOOBIG, SW_ENOMEM). */
int perr_code(const struct parser *P, int code, const char *at, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));
/* Line and code-point column of offset `off` in `text`, by scanning. */
void text_pos(const char *text, size_t off, unsigned *line, unsigned *col);

/* Skips spaces and tabs. */
static inline const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}
/* Consumes a comment at '#', up to (not including) its newline. */
int scan_comment(const struct parser *P, const char **pp);
/* Consumes LF or CRLF at *pp; a bare CR is an error. */
int scan_newline(const struct parser *P, const char **pp);
/* Skips whitespace, newlines and comments (inside arrays). */
int skip_trivia(const struct parser *P, const char **pp);
/* Scans a quoted string at *pp (a quote). `ml_ok`: multi-line allowed.
 * The decoded bytes are borrowed from the text or allocated in the arena. */
int scan_string(const struct parser *P, const char **pp, int ml_ok, const char **str, size_t *len);
/* Scans one key segment (bare or quoted) into `seg`. */
int scan_key_segment(const struct parser *P, const char **pp, struct keyseg *seg);
/* Length of the valid UTF-8 sequence at p, or 0. */
size_t utf8_len(const unsigned char *p);
/* Whether `c` is allowed in a bare key. */
int is_bare_char(unsigned char c);

/* Reads a possibly dotted key (spaces around dots) into P->segs. */
int parse_key(struct parser *P, const char **pp, size_t *n);
/* Scans a number, boolean or date-time value at *pp into `n` (its type and
 * value; not its span). */
int scan_scalar(const struct parser *P, const char **pp, sw_toml_node *n);
/* Parses a date-time text known to be valid. */
void datetime_fields(const char *p, const char *end, sw_toml_datetime_fields *dt);
/* Converts decimal float text (underscores skipped) to a double whatever
 * the locale; `scratch` must hold len + 8 bytes. */
double text_to_double(const char *s, size_t len, char *scratch);

/* ---- write.c ------------------------------------------------------------ */
/* Formats a double as the shortest text that reads back to it ("inf",
 * "-inf", "nan" for the specials); with `toml` set, always as a TOML float
 * (".0" added to integral values). `buf` holds at least 48 bytes. */
void format_double(char *buf, double v, int toml);

/* ---- query.c ------------------------------------------------------------ */
/* The parsed state a node belongs to. */
struct tstate *node_state(const sw_toml_node *node);
/* The table's entry `key`, through the index of the table's state. */
sw_toml_node *node_find(const sw_toml_node *table, const char *key, size_t len);
/* Index (0-based) of the line holding offset `off`. */
uint32_t line_start_of(const struct tstate *st, uint32_t off);

/* ---- the editor (splice.c) ---------------------------------------------- */
/* One replacement of bytes [start, end) of the old text. Its new bytes are
 * editor.text[off .. next splice's off) (the last one: to the end). */
struct splice {
	uint32_t start, end;
	size_t off, len; /* len: set when applied */
};

/* An edit in progress: splices against the current text, then re-parse. */
struct editor {
	sw_toml_doc *doc;
	const struct tstate *st;
	const char *t; /* the current text */
	uint32_t len;
	sw_buf text; /* replacement bytes of every splice, in order */
	struct splice *sp;
	size_t n, cap;
	int err; /* sticky allocation error */
};

void ed_init(struct editor *e, sw_toml_doc *doc);
void ed_free(struct editor *e);
/* Starts the replacement of [start, end): the bytes the caller appends to
 * e->text next are its new content. */
void ed_at(struct editor *e, uint32_t start, uint32_t end);
/* Appends to the current replacement. */
void ed_puts(struct editor *e, const char *s);
void ed_put(struct editor *e, const char *s, size_t len);
/* Applies the splices, re-parses and swaps the result into the document;
 * on failure the document is unchanged. */
int ed_apply(struct editor *e);
/* The document's newline: "\r\n" if its first newline is CRLF. */
const char *ed_nl(const struct editor *e);
/* Offset of the start of the line holding `off`. */
uint32_t ed_line_begin(const struct editor *e, uint32_t off);
/* From `off`, skips spaces and a comment: the offset of the newline (or
 * of the end of the text). */
uint32_t ed_trail(const struct editor *e, uint32_t off);
/* At a newline (or the end): the offset after it. */
uint32_t ed_next_line(const struct editor *e, uint32_t off);
/* Whether the line starting at `ls` is blank (spaces only). */
int ed_blank(const struct editor *e, uint32_t ls);
/* Whether the line starting at `ls` holds only a comment. */
int ed_comment_line(const struct editor *e, uint32_t ls);
/* The start of the comment lines directly above the line at `ls` (no blank
 * line between), not going above `floor`. */
uint32_t ed_attached(const struct editor *e, uint32_t ls, uint32_t floor);
/* Checks value text for an edit (exactly one TOML value); returns its span
 * without surrounding whitespace. */
int value_check(const char *text, size_t len, const char **vs, size_t *vlen);
/* "a.b.\"c d\"" for messages (static buffer). */
const char *path_text(const char *const *keys, size_t n);

/* ---- edit_table.c ------------------------------------------------------- */
/* Where a kv line for `table` (root, header table or [[item]]) goes, and
 * the last key/value statement of its section (NULL if none). */
uint32_t section_insert_at(const struct editor *e, const sw_toml_node *table,
                           const struct stmt **last_kv);
/* Adds splices creating the header table keys[0..n), with `kv` (may be
 * empty) as its first line; `aot` makes it a [[header]]. `deepest` is the
 * deepest existing node on the path (the table itself if it exists only
 * implicitly: the header then goes before its first sub-table). */
int add_table(struct editor *e, const sw_toml_node *deepest, const char *const *keys, size_t n,
              int aot, const char *kv, size_t kvlen);
/* Adds splices removing `node` (a table, an array of tables or a value) and
 * everything defined under it. */
int remove_node(struct editor *e, const sw_toml_node *node);
/* Whether `n` is `anc` or below it. */
int node_under(const sw_toml_node *n, const sw_toml_node *anc);

/* ---- edit.c ------------------------------------------------------------- */
/* Follows keys from the root as far as they exist (an array of tables
 * stands for its last table); *found tells how many keys were found and
 * the node of keys[0..*found) is returned. */
const sw_toml_node *path_walk(const sw_toml_node *root, const char *const *keys, size_t n,
                              size_t *found);
/* The inline table `t` is in (or is), or NULL. */
const sw_toml_node *inline_owner(const sw_toml_node *t);
/* "a table", "an array of tables", "string"... for messages. */
const char *node_what(const sw_toml_node *t);

/* ---- edit_list.c -------------------------------------------------------- */
/* The key/value statements of an inline table, in source order (their
 * leaves; dotted keys give several leaves). *out is sw_malloc'd. */
int inline_kvs(const sw_toml_node *tab, const sw_toml_node ***out, size_t *n);
/* Adds the splices removing items `del` (flags per item) of a comma list:
 * the items of an inline array or the statements of an inline table. */
int list_remove(struct editor *e, const sw_toml_node *const *items, size_t n,
                const unsigned char *del, uint32_t open, uint32_t close);
/* Inserts "key = value" text into an inline table. */
int inline_insert(struct editor *e, const sw_toml_node *tab, const char *kv, size_t len);
/* Adds the splices inserting value text before item `index` of an array
 * value (index == count appends), or removing item `index`. */
int array_insert_at(struct editor *e, const sw_toml_node *arr, size_t index, const char *v,
                    size_t vlen);
int array_remove_at(struct editor *e, const sw_toml_node *arr, size_t index);

#endif
