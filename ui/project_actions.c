/*
 * ui/project_actions.c — what the Project screen's keys do: open and
 * refresh the model, edit through the core's editor (which refuses an edit
 * that adds an error; the refusal is shown with its reasons), undo/redo,
 * save after showing the diff (a conflict with a change on disk is
 * explained, never overwritten) and reload. Each action has a
 * `pwhy_*` function saying why it cannot run now.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "project_screen.h"

int pscreen_refresh(struct ui_app *app, struct pscreen *st)
{
	sw_project_check_opts opts = SW_PROJECT_CHECK_OPTS_INIT;
	const char *text;
	size_t len, old_sel = st->sel;
	sw_project_free(st->proj);
	sw_project_diags_free(st->diags);
	ui_prows_free(&st->rows);
	ui_trows_free(&st->trows);
	st->proj = NULL;
	st->diags = NULL;
	if (!st->ed)
		return 0;
	text = sw_project_editor_text(st->ed, &len);
	opts.today = st->today;
	opts.trove_extra = st->extra.count ? &st->extra : NULL;
	if (sw_project_load_buffer(&st->proj, text, len, "pyproject.toml", st->root) < 0 ||
	    sw_project_validate(&st->diags, st->proj, &opts) < 0 ||
	    ui_prows_build(&st->rows, st->proj, st->diags) < 0 ||
	    ui_trows_build(&st->trows, text, len, st->diags) < 0) {
		ui_status(app, UI_S_ERROR, "cannot check pyproject.toml: %s", sw_error_last());
		return -1;
	}
	st->sel = old_sel < st->rows.count ? old_sel : 0;
	if (st->rows.count && !ui_prow_selectable(&st->rows.rows[st->sel]))
		st->sel = ui_prows_step(&st->rows, st->sel, -1);
	return 0;
}

int pscreen_open(struct ui_app *app, struct pscreen *st)
{
	sw_project_editor *ed = NULL;
	int rc = sw_project_editor_open(&ed, "pyproject.toml");
	if (rc < 0) {
		snprintf(st->why, sizeof st->why,
		         rc == SW_ENOTFOUND ? "There is no pyproject.toml in this folder yet."
		                            : "pyproject.toml cannot be read: %s",
		         sw_error_last());
		return -1;
	}
	sw_project_editor_free(st->ed);
	st->ed = ed;
	if (st->extra.count)
		sw_project_editor_set_trove_extra(ed, &st->extra);
	st->why[0] = '\0';
	return pscreen_refresh(app, st);
}

/* Reports the outcome of an edit: refresh, or show why it was refused. */
static int finish(struct ui_app *app, struct pscreen *st, int rc, const char *what)
{
	if (rc < 0) {
		if (rc == SW_EINVAL || rc == SW_EPARSE || rc == SW_EEXISTS || rc == SW_ENOTFOUND)
			ui_message(app, "Edit refused", sw_error_last(), UI_S_ERROR);
		else
			ui_status(app, UI_S_ERROR, "%s failed: %s", what, sw_error_last());
		return UI_DIRTY;
	}
	pscreen_refresh(app, st);
	ui_status(app, UI_S_OK, "%s. Not saved yet: s shows the diff and saves, u undoes.", what);
	return UI_DIRTY;
}

/* Splits "A: B" at the first ": " (or ':'); NULL when there is none. */
static char *split_pair(char *text)
{
	char *c = strstr(text, ": ");
	if (!c)
		c = strchr(text, ':');
	if (!c)
		return NULL;
	*c++ = '\0';
	while (*c == ' ')
		c++;
	return c;
}

/* Adds `text` to the list field `f`. */
static int add_to(struct ui_app *app, struct pscreen *st, size_t f, char *text)
{
	const char *key = ui_pfields[f].key;
	char *name = NULL, *email = NULL, *rest;
	int rc;
	switch (ui_pfields[f].kind) {
	case UI_PK_DEPS:
		return finish(app, st, sw_project_dep_add(st->ed, text, NULL, NULL),
		              "Dependency set");
	case UI_PK_EXTRAS:
		if (!(rest = split_pair(text)))
			break;
		return finish(app, st, sw_project_dep_add(st->ed, rest, text, NULL), "Extra set");
	case UI_PK_GROUPS:
		if (!(rest = split_pair(text)))
			break;
		return finish(app, st, sw_project_dep_add(st->ed, rest, NULL, text),
		              "Group entry set");
	case UI_PK_URLS:
		if (!(rest = split_pair(text)))
			break;
		return finish(app, st, sw_project_entry_set(st->ed, key, text, rest), "URL set");
	case UI_PK_PEOPLE:
		if ((rc = sw_person_parse(&name, &email, text)) == 0)
			rc = sw_project_person_add(st->ed, key, name, email);
		sw_free(name);
		sw_free(email);
		return finish(app, st, rc, "Author added");
	case UI_PK_LIST:
		return finish(app, st, sw_project_list_add(st->ed, key, text), "Added");
	default:
		return UI_DIRTY;
	}
	ui_message(app, "Edit refused", ui_pfields[f].hint, UI_S_ERROR);
	return UI_DIRTY;
}

static int on_add(struct ui_app *app, void *ctx, const char *text)
{
	struct pscreen *st = ctx;
	char *copy;
	int r;
	if (!*text || st->edit_row >= st->rows.count)
		return UI_DIRTY;
	if (!(copy = ui_strdup(text)))
		return UI_DIRTY;
	r = add_to(app, st, st->rows.rows[st->edit_row].field, copy);
	ui_free(copy);
	return r;
}

static int on_pick(struct ui_app *app, void *ctx, const char *choice)
{
	struct pscreen *st = ctx;
	return finish(app, st, sw_project_list_add(st->ed, "classifiers", choice),
	              "Classifier added");
}

static int on_set(struct ui_app *app, void *ctx, const char *text)
{
	struct pscreen *st = ctx;
	const char *key;
	if (st->edit_row >= st->rows.count)
		return UI_DIRTY;
	key = ui_pfields[st->rows.rows[st->edit_row].field].key;
	if (!*text)
		return finish(app, st, sw_project_unset(st->ed, key), "Field removed");
	return finish(app, st, sw_project_set_string(st->ed, key, text), "Field set");
}

/* Opens the prompt that adds to the selected row's field. */
static int open_add(struct ui_app *app, struct pscreen *st, const char *initial)
{
	const struct ui_prow *r = pscreen_selected(st);
	char label[96];
	if (strcmp(ui_pfields[r->field].key, "classifiers") == 0 && !initial) {
		ui_classifier_picker(app, &st->extra, on_pick, st);
		return UI_DIRTY;
	}
	st->edit_row = st->sel;
	snprintf(label, sizeof label, "%s (%s): ", ui_pfields[r->field].key,
	         ui_pfields[r->field].hint);
	ui_prompt(app, label, initial, NULL, on_add, st);
	return UI_DIRTY;
}

int pact_edit(struct ui_app *app, void *state)
{
	struct pscreen *st = state;
	const struct ui_prow *r = pscreen_selected(st);
	char label[96];
	if (r->kind == UI_PROW_ITEM)
		return open_add(app, st, r->value);
	if (ui_pfields[r->field].kind != UI_PK_STRING)
		return open_add(app, st, NULL);
	st->edit_row = st->sel;
	snprintf(label, sizeof label, "%s (%s; empty removes it): ", ui_pfields[r->field].key,
	         ui_pfields[r->field].hint);
	ui_prompt(app, label, r->absent ? "" : r->value, NULL, on_set, st);
	return UI_DIRTY;
}

int pact_add(struct ui_app *app, void *state)
{
	return open_add(app, state, NULL);
}

int pact_remove(struct ui_app *app, void *state)
{
	struct pscreen *st = state;
	const struct ui_prow *r = pscreen_selected(st);
	const char *key = ui_pfields[r->field].key;
	switch (ui_pfields[r->field].kind) {
	case UI_PK_STRING:
		return finish(app, st, sw_project_unset(st->ed, key), "Field removed");
	case UI_PK_DEPS:
		return finish(app, st, sw_project_dep_remove(st->ed, r->key, NULL, NULL),
		              "Dependency removed");
	case UI_PK_EXTRAS:
		return finish(app, st, sw_project_dep_remove(st->ed, r->key, r->extra, NULL),
		              "Dependency removed");
	case UI_PK_GROUPS:
		return finish(app, st, sw_project_dep_remove(st->ed, r->key, NULL, r->extra),
		              "Group entry removed");
	case UI_PK_URLS:
		return finish(app, st, sw_project_entry_remove(st->ed, key, r->key), "URL removed");
	case UI_PK_PEOPLE:
		return finish(app, st, sw_project_person_remove(st->ed, key, r->key),
		              "Author removed");
	case UI_PK_LIST:
		return finish(app, st, sw_project_list_remove(st->ed, key, r->key), "Removed");
	default:
		return UI_DIRTY;
	}
}

int pact_undo(struct ui_app *app, void *state)
{
	struct pscreen *st = state;
	if (sw_project_editor_undo(st->ed) == 0) {
		pscreen_refresh(app, st);
		ui_status(app, UI_S_INFO, "Undone.");
	}
	return UI_DIRTY;
}

int pact_redo(struct ui_app *app, void *state)
{
	struct pscreen *st = state;
	if (sw_project_editor_redo(st->ed) == 0) {
		pscreen_refresh(app, st);
		ui_status(app, UI_S_INFO, "Redone.");
	}
	return UI_DIRTY;
}

static const char conflict_text[] =
        "pyproject.toml was changed by another program after slipway read it, so nothing "
        "was written: saving now would overwrite that change.\n\n"
        "Your edits are still here (u undoes them one by one). To see the file as it is "
        "on disk now, press R: that reloads it and drops your unsaved edits, which you can "
        "then make again.\n\n";

/* Writes the file after the diff was confirmed. */
static int do_save(struct ui_app *app, void *ctx)
{
	struct pscreen *st = ctx;
	int rc = sw_project_editor_save(st->ed);
	char text[sizeof conflict_text + 512];
	if (rc == SW_ECONFLICT) {
		snprintf(text, sizeof text, "%s%s", conflict_text, sw_error_last());
		ui_log("not saved: pyproject.toml changed on disk since it was read");
		ui_message(app, "Not saved: the file changed on disk", text, UI_S_NORMAL);
	} else if (rc < 0) {
		ui_message(app, "Not saved", sw_error_last(), UI_S_ERROR);
	} else {
		ui_log("saved pyproject.toml");
		ui_status(app, UI_S_OK, "Saved pyproject.toml.");
	}
	return UI_DIRTY;
}

int pact_save(struct ui_app *app, void *state)
{
	struct pscreen *st = state;
	size_t old_len, new_len;
	const char *old = sw_project_editor_saved_text(st->ed, &old_len);
	const char *cur = sw_project_editor_text(st->ed, &new_len);
	sw_buf diff;
	sw_buf_init(&diff, SW_BUF_MAX_DEFAULT);
	if (sw_text_diff(&diff, "pyproject.toml", old, old_len, cur, new_len) < 0) {
		ui_status(app, UI_S_ERROR, "cannot make the diff: %s", sw_error_last());
	} else {
		ui_pager(app, "Save pyproject.toml? These lines change:", diff.ptr, diff.len, 1,
		         "write the file", do_save, st);
	}
	sw_buf_free(&diff);
	return UI_DIRTY;
}

static int do_reload(struct ui_app *app, void *ctx)
{
	struct pscreen *st = ctx;
	if (pscreen_open(app, st) < 0) {
		ui_status(app, UI_S_ERROR, "%s", st->why);
		return UI_DIRTY;
	}
	ui_log("reloaded pyproject.toml from disk");
	ui_status(app, UI_S_INFO, "Reloaded pyproject.toml from disk.");
	return UI_DIRTY;
}

int pact_reload(struct ui_app *app, void *state)
{
	struct pscreen *st = state;
	size_t old_len, new_len;
	const char *old, *cur;
	sw_buf diff;
	if (!st->ed || !sw_project_editor_dirty(st->ed))
		return do_reload(app, st);
	old = sw_project_editor_saved_text(st->ed, &old_len);
	cur = sw_project_editor_text(st->ed, &new_len);
	sw_buf_init(&diff, SW_BUF_MAX_DEFAULT);
	if (sw_text_diff(&diff, "pyproject.toml", old, old_len, cur, new_len) == 0)
		ui_pager(app, "Reload and drop these unsaved edits?", diff.ptr, diff.len, 1,
		         "reload, dropping them", do_reload, st);
	sw_buf_free(&diff);
	return UI_DIRTY;
}

/* ---- why an action cannot run now ----------------------------------------- */

/* Common reasons: no file, a file that is not TOML, the raw view. */
static const char *why_common(const struct pscreen *st)
{
	if (!st->ed)
		return st->why;
	if (st->proj && !sw_project_editable(st->proj))
		return "pyproject.toml is not valid TOML: fix it in an editor, then R reloads it";
	if (st->raw)
		return "this is the TOML view: t goes back to the form";
	if (!pscreen_selected(st))
		return "nothing is selected";
	return NULL;
}

const char *pwhy_edit(const struct ui_app *app, const void *state)
{
	const struct pscreen *st = state;
	const char *why = why_common(st);
	(void)app;
	if (why)
		return why;
	if (ui_pfields[pscreen_selected(st)->field].kind == UI_PK_OTHER)
		return "these checks concern no field of the form: t shows them in the TOML";
	if (pscreen_selected(st)->kind == UI_PROW_ITEM && !pscreen_selected(st)->key)
		return "an include or an empty group: edit it in the TOML file";
	if (pscreen_selected(st)->kind == UI_PROW_ITEM &&
	    (ui_pfields[pscreen_selected(st)->field].kind == UI_PK_LIST ||
	     ui_pfields[pscreen_selected(st)->field].kind == UI_PK_PEOPLE))
		return "remove this entry (d) and add another (a)";
	return NULL;
}

const char *pwhy_add(const struct ui_app *app, const void *state)
{
	const struct pscreen *st = state;
	const char *why = why_common(st);
	(void)app;
	if (why)
		return why;
	if (ui_pfields[pscreen_selected(st)->field].kind == UI_PK_STRING)
		return "this field holds one value: Enter changes it";
	if (ui_pfields[pscreen_selected(st)->field].kind == UI_PK_OTHER)
		return "select a list field (dependencies, classifiers, ...)";
	return NULL;
}

const char *pwhy_remove(const struct ui_app *app, const void *state)
{
	const struct pscreen *st = state;
	const char *why = why_common(st);
	const struct ui_prow *r;
	(void)app;
	if (why)
		return why;
	r = pscreen_selected(st);
	if (ui_pfields[r->field].kind == UI_PK_OTHER)
		return "these checks concern no field of the form";
	if (r->kind == UI_PROW_FIELD && ui_pfields[r->field].kind != UI_PK_STRING)
		return "select one of its entries to remove it";
	if (r->kind == UI_PROW_FIELD && r->absent)
		return "this field is not set";
	if (r->kind == UI_PROW_ITEM && !r->key)
		return "an include or an empty group: edit it in the TOML file";
	return NULL;
}

const char *pwhy_undo(const struct ui_app *app, const void *state)
{
	const struct pscreen *st = state;
	(void)app;
	if (!st->ed)
		return st->why;
	return sw_project_editor_undo_depth(st->ed) ? NULL : "there is nothing to undo";
}

const char *pwhy_redo(const struct ui_app *app, const void *state)
{
	const struct pscreen *st = state;
	(void)app;
	if (!st->ed)
		return st->why;
	return sw_project_editor_redo_depth(st->ed) ? NULL : "there is nothing to redo";
}

const char *pwhy_save(const struct ui_app *app, const void *state)
{
	const struct pscreen *st = state;
	(void)app;
	if (!st->ed)
		return st->why;
	return sw_project_editor_dirty(st->ed) ? NULL : "there are no unsaved edits";
}

const char *pwhy_reload(const struct ui_app *app, const void *state)
{
	(void)app;
	(void)state;
	return NULL;
}
