/*
 * ui/project_rows.h — the Project screen's view model, with no curses:
 * pure functions that turn a loaded project and its diagnostics into
 * display rows (fields, list items, diagnostics under what they concern),
 * the raw TOML view's rows (source lines with their diagnostics), the
 * classifier picker's filtered list, and selection/scroll arithmetic.
 *
 * Ownership: a row list is the caller's, freed with its _free function;
 * every string in it is owned by the list.
 */
#ifndef SW_UI_PROJECT_ROWS_H
#define SW_UI_PROJECT_ROWS_H

#include <stddef.h>

#include "slipway/project.h"

/* How a field is edited. */
enum ui_pkind {
	UI_PK_STRING, /* one value: set / unset */
	UI_PK_LIST,   /* keywords, classifiers: add / remove items */
	UI_PK_DEPS,   /* dependencies: add (or change) / remove by name */
	UI_PK_EXTRAS, /* optional-dependencies: "extra: requirement" */
	UI_PK_GROUPS, /* [dependency-groups]: "group: requirement" */
	UI_PK_PEOPLE, /* authors: "Name <email>" */
	UI_PK_URLS,   /* urls: "Label: URL" */
	UI_PK_OTHER   /* the checks that concern no field of the form */
};

struct ui_pfield {
	const char *key; /* the [project] key */
	enum ui_pkind kind;
	const char *hint; /* what to type, shown in the prompt */
};

/* The form's fields, in order (the last is the "other checks" group). */
extern const struct ui_pfield ui_pfields[];
extern const size_t ui_npfields;

enum ui_prow_kind {
	UI_PROW_FIELD, /* a field: label and value */
	UI_PROW_ITEM,  /* an item of a list field */
	UI_PROW_DIAG   /* a diagnostic about the row above it (not selectable) */
};

struct ui_prow {
	enum ui_prow_kind kind;
	size_t field;  /* index into ui_pfields */
	char *value;   /* the text shown */
	char *key;     /* items: what removing needs (name, label, classifier...) */
	char *extra;   /* UI_PK_EXTRAS items: the extra's name */
	int severity;  /* DIAG: its sw_severity; FIELD/ITEM: worst of theirs, -1 none */
	int absent;    /* FIELD: the key is not in the file */
	unsigned line; /* where it is in the file (0: nowhere) */
};

struct ui_prows {
	struct ui_prow *rows;
	size_t count, cap;
	size_t errors, warnings, infos;
};

/* Builds the rows of `project` (which must be editable or not: a file
 * that is not TOML gives only the "other checks" group with its syntax
 * error). `diags` may be NULL. 0 or -1 (out of memory; *out is then
 * empty). */
int ui_prows_build(struct ui_prows *out, const sw_project *project, const sw_project_diags *diags);
void ui_prows_free(struct ui_prows *rows);

/* 1 if the row can be selected (fields and items). */
int ui_prow_selectable(const struct ui_prow *row);

/* The next selectable row from `from` in direction dir (+1/-1), or `from`
 * if there is none. */
size_t ui_prows_step(const struct ui_prows *rows, size_t from, int dir);

/* Keeps `sel` visible in a view of `height` rows: the new top. */
size_t ui_scroll_to(size_t top, size_t sel, size_t height);

/* ---- raw TOML view ------------------------------------------------------ */

struct ui_trow {
	unsigned line; /* 1-based source line; 0 for a diagnostic row */
	int severity;  /* worst diagnostic on that line, -1 none */
	char *text;    /* the line (without newline), or the diagnostic */
};

struct ui_trows {
	struct ui_trow *rows;
	size_t count, cap;
};

/* One row per source line, each followed by its diagnostics. */
int ui_trows_build(struct ui_trows *out, const char *text, size_t len,
                   const sw_project_diags *diags);
void ui_trows_free(struct ui_trows *rows);

/* ---- classifier picker -------------------------------------------------- */

/* Fills `idx` (room for `cap`) with the indices of `items` matching every
 * word of `query` (case-insensitive), in order; returns how many. */
size_t ui_filter(size_t *idx, size_t cap, const char *const *items, size_t count,
                 const char *query);

#endif
