/*
 * project/edit_int.h — what the editor's operations share: the session
 * structure and the transaction every edit runs in (edit.c), plus small
 * helpers for key paths and TOML value text (edit_util.c).
 */
#ifndef SW_PROJECT_EDIT_INT_H
#define SW_PROJECT_EDIT_INT_H

#include "slipway/project_edit.h"
#include "slipway/toml.h"
#include "util/util.h"

/* One saved text of the undo or redo stack. */
struct ed_snap {
	char *text;
	size_t len;
};

struct sw_project_editor {
	char *path;       /* the file saved to, or NULL */
	char *name;       /* the name in messages */
	char *root;       /* the project directory, or NULL */
	sw_toml_doc *doc; /* NULL while the text is not TOML */
	char *broken;     /* the text when it is not TOML */
	size_t broken_len;
	char *syntax_msg; /* the TOML error, when broken */
	char *saved;      /* the text on disk as far as we know */
	size_t saved_len;
	sw_file_stamp stamp;
	int has_stamp;
	size_t errors;                           /* validation errors of the current text */
	const struct sw_trove_list *trove_extra; /* a newer trove list, or NULL */
	struct ed_snap undo[SW_PROJECT_UNDO_MAX];
	size_t nundo;
	struct ed_snap redo[SW_PROJECT_UNDO_MAX];
	size_t nredo;
};

/* Starts an edit: refuses a text that is not TOML, and gives a working copy
 * of the document to change. */
int ed_begin(sw_project_editor *ed, sw_toml_doc **work);

/* Ends an edit: with err < 0 drops the copy and returns err; otherwise
 * re-validates the copy, refuses it if it adds errors, else makes it
 * current and records the step for undo. Always consumes `work`. */
int ed_finish(sw_project_editor *ed, sw_toml_doc *work, int err);

/* Looks up the key path (NUL-terminated segments) from the root; NULL if
 * absent. */
const sw_toml_node *ed_get(const sw_toml_doc *doc, const char *const *keys, size_t n);

/* Appends `s` as a TOML basic string to a fresh buffer's contents. */
int ed_quote(sw_buf *out, const char *s);

/* Sets an error `code` whose message is `prefix`, `subject` (may be NULL),
 * `infix` and then the current error's message (copied first). */
int ed_rewrap(int code, const char *prefix, const char *subject, const char *infix);

/* 1 if `s` (NUL-terminated) holds a control character (newline included). */
int ed_has_control(const char *s);

/* Compares two strings case-insensitively (ASCII), like strcasecmp. */
int ed_casecmp(const char *a, size_t alen, const char *b, size_t blen);

/* Inserts `value` (TOML text) into the string array at `keys`: in sorted
 * position by `sort_key` when the items' keys (see ed_item_key) are sorted
 * case-insensitively, else at the end; creates the array if absent. */
int ed_array_add_sorted(sw_toml_doc *doc, const char *const *keys, size_t n, const char *value,
                        size_t value_len, const char *sort_key, int deps);

/* The sort key of an array item: the normalised requirement name for
 * dependency arrays (deps != 0), else the string itself; NULL (and *len 0)
 * for an item that has none. Copied into `out`. */
int ed_item_key(sw_buf *out, const sw_toml_node *item, int deps);

/* Checks one classifier: on the shipped list, or a Private one. */
int ed_check_classifier(const sw_project_editor *ed, const char *v);

#endif
