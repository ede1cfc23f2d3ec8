/*
 * ui/project_screen.h — the Project screen's state, shared by its drawing
 * and keys (screen_project.c) and its edit actions (project_actions.c).
 */
#ifndef SW_UI_PROJECT_SCREEN_H
#define SW_UI_PROJECT_SCREEN_H

#include <stdint.h>

#include "app.h"
#include "project_rows.h"
#include "slipway/project.h"
#include "slipway/project_edit.h"
#include "slipway/trove.h"

struct pscreen {
	sw_project_editor *ed; /* NULL when there is no pyproject.toml */
	sw_project *proj;      /* the editor's current text, loaded */
	sw_project_diags *diags;
	struct ui_prows rows;
	struct ui_trows trows;
	size_t sel, top, ttop;
	int raw; /* the raw TOML view is shown */
	struct ui_rect area;
	sw_trove_list extra; /* the refreshed classifier cache, if any */
	int64_t today;       /* validation's day (fixed in test mode) */
	char *root;          /* the project folder */
	char why[512];       /* why there is no editor */
	size_t edit_row;     /* the row an open prompt edits */
};

/* Re-reads the editor's text into the model and rebuilds the rows. */
int pscreen_refresh(struct ui_app *app, struct pscreen *st);
/* Opens (or re-opens) pyproject.toml from disk. */
int pscreen_open(struct ui_app *app, struct pscreen *st);
/* The selected row, or NULL. */
const struct ui_prow *pscreen_selected(const struct pscreen *st);

/* project_actions.c: the bindings' actions. */
int pact_edit(struct ui_app *app, void *state);
int pact_add(struct ui_app *app, void *state);
int pact_remove(struct ui_app *app, void *state);
int pact_undo(struct ui_app *app, void *state);
int pact_redo(struct ui_app *app, void *state);
int pact_save(struct ui_app *app, void *state);
int pact_reload(struct ui_app *app, void *state);
const char *pwhy_edit(const struct ui_app *app, const void *state);
const char *pwhy_add(const struct ui_app *app, const void *state);
const char *pwhy_remove(const struct ui_app *app, const void *state);
const char *pwhy_undo(const struct ui_app *app, const void *state);
const char *pwhy_redo(const struct ui_app *app, const void *state);
const char *pwhy_save(const struct ui_app *app, const void *state);
const char *pwhy_reload(const struct ui_app *app, const void *state);

/* picker.c: the classifier picker; `done` gets the chosen classifier. */
typedef int (*ui_pick_fn)(struct ui_app *app, void *ctx, const char *choice);
int ui_classifier_picker(struct ui_app *app, const sw_trove_list *extra, ui_pick_fn done,
                         void *ctx);

#endif
