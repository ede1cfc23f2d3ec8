/*
 * ui/screen_project.c — the Project screen: a form over [project] of
 * pyproject.toml with the diagnostics of sw_project_validate() under the
 * field or entry they concern, and a raw TOML view with the diagnostics
 * marked by line. Edits go through the core's editor (project_actions.c);
 * the rows come from the pure view model (project_rows.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "project_screen.h"
#include "screens.h"

#define LABEL_W 24

/* Toggles the raw TOML view. */
static int act_raw(struct ui_app *app, void *state)
{
	struct pscreen *st = state;
	(void)app;
	st->raw = !st->raw;
	return UI_DIRTY;
}

static const char *why_raw(const struct ui_app *app, const void *state)
{
	const struct pscreen *st = state;
	(void)app;
	return st->ed ? NULL : st->why;
}

static const struct ui_binding bindings[] = {
        {'\r', UI_K(KEY_ENTER), "Enter", "Edit",
         "edit the selected field or entry (a list field: add to it)", pact_edit, pwhy_edit},
        {'a', 0, "a", "Add", "add an entry to the selected list (classifiers: pick from a list)",
         pact_add, pwhy_add},
        {'d', UI_K(KEY_DC), "d", "Remove", "remove the selected entry, or unset the field",
         pact_remove, pwhy_remove},
        {'u', 0, "u", "Undo", "undo the last edit", pact_undo, pwhy_undo},
        {'U', UI_CTRL('r'), "U", "Redo", "redo what was undone (also ^R)", pact_redo, pwhy_redo},
        {'s', UI_CTRL('s'), "s", "Save", "show the diff, then write pyproject.toml (also ^S)",
         pact_save, pwhy_save},
        {'t', 0, "t", "TOML", "switch between the form and the raw TOML with its diagnostics",
         act_raw, why_raw},
        {'R', 0, "R", NULL, "reload pyproject.toml from disk (drops unsaved edits)", pact_reload,
         pwhy_reload},
};

const struct ui_prow *pscreen_selected(const struct pscreen *st)
{
	if (st->raw || st->sel >= st->rows.count)
		return NULL;
	return &st->rows.rows[st->sel];
}

static int project_init(struct ui_app *app, void **state)
{
	struct pscreen *st = ui_calloc(1, sizeof *st);
	if (!st || !(st->root = ui_strdup(app->dir))) {
		ui_free(st);
		return -1;
	}
	if (app->test_mode)
		sw_project_date_parse(&st->today, sw_project_trove_date());
	if (!app->test_mode) {
		const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
		char path[1024];
		if (xdg && *xdg)
			snprintf(path, sizeof path, "%s/slipway/classifiers.txt", xdg);
		else
			snprintf(path, sizeof path, "%s/.cache/slipway/classifiers.txt",
			         home ? home : ".");
		if (sw_trove_list_load(&st->extra, path) < 0)
			memset(&st->extra, 0, sizeof st->extra);
	}
	*state = st;
	pscreen_open(app, st);
	return 0;
}

static void project_free(void *state)
{
	struct pscreen *st = state;
	sw_project_editor_free(st->ed);
	sw_project_free(st->proj);
	sw_project_diags_free(st->diags);
	ui_prows_free(&st->rows);
	ui_trows_free(&st->trows);
	sw_trove_list_free(&st->extra);
	ui_free(st->root);
	ui_free(st);
}

static void project_layout(struct ui_app *app, void *state, struct ui_rect area)
{
	struct pscreen *st = state;
	(void)app;
	st->area = area;
}

/* Rows of the list (the area less the header and the hint line). */
static size_t list_height(const struct pscreen *st)
{
	return st->area.h > 4 ? (size_t)(st->area.h - 4) : 1;
}

/* The header: file, unsaved marker, counts, undo depth. */
static void draw_header(struct ui_app *app, struct pscreen *st)
{
	struct ui_rect a = st->area;
	char text[256];
	int x = a.x + 1;
	x += ui_text(a.y, x, a.w - 2, "pyproject.toml", UI_S_LABEL);
	if (!st->ed) {
		ui_text(a.y, x + 2, a.w - x - 2, "(none)", UI_S_DIM);
		return;
	}
	if (sw_project_editor_dirty(st->ed)) {
		snprintf(text, sizeof text, "  %s unsaved", ui_glyph(app, UI_G_DIRTY));
		x += ui_text(a.y, x, a.w - x, text, UI_S_WARNING);
	}
	snprintf(text, sizeof text, "  %zu error%s, %zu warning%s, %zu note%s", st->rows.errors,
	         st->rows.errors == 1 ? "" : "s", st->rows.warnings,
	         st->rows.warnings == 1 ? "" : "s", st->rows.infos, st->rows.infos == 1 ? "" : "s");
	x += ui_text(a.y, x, a.w - x, text,
	             st->rows.errors     ? UI_S_ERROR
	             : st->rows.warnings ? UI_S_WARNING
	                                 : UI_S_OK);
	snprintf(text, sizeof text, "%s view  undo %zu  redo %zu", st->raw ? "TOML" : "form",
	         sw_project_editor_undo_depth(st->ed), sw_project_editor_redo_depth(st->ed));
	ui_text(a.y, a.x + a.w - 1 - (int)strlen(text), (int)strlen(text), text, UI_S_DIM);
	attrset(ui_attr(UI_S_BORDER));
	mvhline(a.y + 1, a.x, ACS_HLINE, a.w);
	attrset(0);
}

static enum ui_style sev_style(int sev)
{
	return sev == SW_SEV_ERROR ? UI_S_ERROR : sev == SW_SEV_WARNING ? UI_S_WARNING : UI_S_INFO;
}

static const char *sev_glyph(const struct ui_app *app, int sev)
{
	if (sev < 0)
		return " ";
	return ui_glyph(app, sev == SW_SEV_ERROR     ? UI_G_ERROR
	                     : sev == SW_SEV_WARNING ? UI_G_WARNING
	                                             : UI_G_INFO);
}

/* One form row at screen row y. */
static void draw_prow(struct ui_app *app, const struct ui_prow *r, int y, int selected,
                      struct ui_rect a)
{
	int x = a.x + 1, w = a.w - 2;
	enum ui_style base = selected ? UI_S_SELECTED : UI_S_NORMAL;
	if (selected)
		ui_fill(y, a.x, a.w, UI_S_SELECTED);
	if (r->kind == UI_PROW_DIAG) {
		int used = ui_text(y, x + 4, w - 4, sev_glyph(app, r->severity),
		                   sev_style(r->severity));
		used += ui_text(y, x + 5 + used, w - 5 - used, r->value, sev_style(r->severity));
		if (r->key && r->key[0] && used + 12 < w - 5) {
			ui_text(y, x + 5 + used, w - 5 - used, " - ", UI_S_DIM);
			ui_text(y, x + 8 + used, w - 8 - used, r->key, UI_S_DIM);
		}
		return;
	}
	ui_text(y, x, 2, sev_glyph(app, r->severity),
	        selected           ? base
	        : r->severity >= 0 ? sev_style(r->severity)
	                           : UI_S_NORMAL);
	if (r->kind == UI_PROW_FIELD) {
		ui_text(y, x + 2, LABEL_W - 2, ui_pfields[r->field].key,
		        selected ? base : UI_S_LABEL);
		ui_text(y, x + LABEL_W, w - LABEL_W, r->value,
		        selected    ? base
		        : r->absent ? UI_S_DIM
		                    : UI_S_NORMAL);
	} else {
		ui_text(y, x + 4, 2, ui_glyph(app, UI_G_ARROW), selected ? base : UI_S_DIM);
		ui_text(y, x + 6, w - 6, r->value, base);
	}
}

static void draw_form(struct ui_app *app, struct pscreen *st)
{
	struct ui_rect a = st->area;
	size_t h = list_height(st);
	const struct ui_prow *sel = pscreen_selected(st);
	char hint[256];
	st->top = ui_scroll_to(st->top, st->sel, h);
	for (size_t i = 0; i < h && st->top + i < st->rows.count; i++)
		draw_prow(app, &st->rows.rows[st->top + i], a.y + 2 + (int)i,
		          st->top + i == st->sel, a);
	if (sel && ui_pfields[sel->field].kind != UI_PK_OTHER) {
		snprintf(hint, sizeof hint, "%s: %s", ui_pfields[sel->field].key,
		         ui_pfields[sel->field].hint);
		ui_text(a.y + a.h - 1, a.x + 1, a.w - 2, hint, UI_S_DIM);
	}
}

static void draw_raw(struct ui_app *app, struct pscreen *st)
{
	struct ui_rect a = st->area;
	size_t h = (size_t)(a.h - 2);
	char num[16];
	if (st->ttop + h > st->trows.count)
		st->ttop = st->trows.count > h ? st->trows.count - h : 0;
	for (size_t i = 0; i < h && st->ttop + i < st->trows.count; i++) {
		const struct ui_trow *r = &st->trows.rows[st->ttop + i];
		int y = a.y + 2 + (int)i;
		if (r->line) {
			snprintf(num, sizeof num, "%4u", r->line);
			ui_text(y, a.x, 5, num, UI_S_DIM);
			ui_text(y, a.x + 5, 2, sev_glyph(app, r->severity),
			        r->severity >= 0 ? sev_style(r->severity) : UI_S_NORMAL);
			ui_text(y, a.x + 7, a.w - 8, r->text, UI_S_NORMAL);
		} else {
			ui_text(y, a.x + 7, a.w - 8, r->text, sev_style(r->severity));
		}
	}
}

static void project_draw(struct ui_app *app, void *state, struct ui_rect area)
{
	struct pscreen *st = state;
	st->area = area;
	draw_header(app, st);
	if (!st->ed) {
		ui_text(area.y + 3, area.x + 2, area.w - 4, st->why, UI_S_NORMAL);
		ui_text(area.y + 5, area.x + 2, area.w - 4,
		        "To start a project here, press : and type: init", UI_S_DIM);
		return;
	}
	if (st->raw)
		draw_raw(app, st);
	else
		draw_form(app, st);
}

/* Moves the selection (form) or the view (raw) by `delta` rows. */
static void move_by(struct pscreen *st, long delta)
{
	if (st->raw) {
		long t = (long)st->ttop + delta;
		st->ttop = t < 0 ? 0 : (size_t)t;
		return;
	}
	for (long i = 0; i < (delta < 0 ? -delta : delta); i++)
		st->sel = ui_prows_step(&st->rows, st->sel, delta < 0 ? -1 : 1);
}

static int project_key(struct ui_app *app, void *state, int key)
{
	struct pscreen *st = state;
	long page = (long)list_height(st) - 1;
	(void)app;
	if (key == UI_K(KEY_DOWN) || key == 'j')
		move_by(st, 1);
	else if (key == UI_K(KEY_UP) || key == 'k')
		move_by(st, -1);
	else if (key == UI_K(KEY_NPAGE))
		move_by(st, page);
	else if (key == UI_K(KEY_PPAGE))
		move_by(st, -page);
	else if (key == UI_K(KEY_HOME) || key == 'g')
		move_by(st, -(long)st->rows.count - (long)st->trows.count);
	else if (key == UI_K(KEY_END) || key == 'G')
		move_by(st, (long)st->rows.count + (long)st->trows.count);
	else
		return UI_IGNORED;
	return UI_HANDLED | UI_DIRTY;
}

static int project_mouse(struct ui_app *app, void *state, int y, int x, enum ui_mouse what)
{
	struct pscreen *st = state;
	(void)x;
	if (what == UI_MOUSE_WHEEL_UP || what == UI_MOUSE_WHEEL_DOWN) {
		move_by(st, what == UI_MOUSE_WHEEL_UP ? -3 : 3);
		return UI_DIRTY;
	}
	if (!st->raw && y >= 2 && st->top + (size_t)(y - 2) < st->rows.count) {
		size_t i = st->top + (size_t)(y - 2);
		if (ui_prow_selectable(&st->rows.rows[i]))
			st->sel = i;
		if (what == UI_MOUSE_DOUBLE && !pwhy_edit(app, st))
			return pact_edit(app, st);
	}
	return UI_DIRTY;
}

/* After a `:` command: pick up a new or changed pyproject.toml. */
static int project_event(struct ui_app *app, void *state, const struct ui_event *ev)
{
	struct pscreen *st = state;
	char *disk = NULL;
	size_t len = 0, saved_len = 0;
	const char *saved;
	int changed;
	if (ev->type != UI_EV_FILES_CHANGED)
		return 0;
	if (!st->ed)
		return pscreen_open(app, st) == 0;
	if (sw_file_read(&disk, &len, NULL, "pyproject.toml", SW_TOML_MAX_SIZE) < 0)
		return 0;
	saved = sw_project_editor_saved_text(st->ed, &saved_len);
	changed = len != saved_len || memcmp(disk, saved, len) != 0;
	sw_free(disk);
	if (!changed)
		return 0;
	if (sw_project_editor_dirty(st->ed)) {
		ui_status(app, UI_S_WARNING,
		          "pyproject.toml changed on disk; you have unsaved edits (R reloads and "
		          "drops them)");
		return 1;
	}
	pscreen_open(app, st);
	ui_status(app, UI_S_INFO, "pyproject.toml changed on disk: reloaded.");
	return 1;
}

const struct ui_screen ui_screen_project = {
        .name = "Project",
        .about = "pyproject.toml's [project] table as a form, checked as you edit",
        .init = project_init,
        .free = project_free,
        .layout = project_layout,
        .draw = project_draw,
        .key = project_key,
        .event = project_event,
        .mouse = project_mouse,
        .bindings = bindings,
        .nbindings = sizeof bindings / sizeof bindings[0],
};
