/*
 * ui/picker.c — the classifier picker: a search field over the trove list
 * (the shipped one plus the refreshed cache), the matching entries below
 * it; typing filters (every word must occur), arrows move, Enter picks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "project_screen.h"

struct picker {
	const char **items; /* the shipped list, then the cache's new entries */
	size_t count;
	size_t *idx; /* the matches */
	size_t nmatch, sel, top;
	char query[256];
	size_t qlen;
	ui_pick_fn done;
	void *ctx;
};

static void picker_free(void *state)
{
	struct picker *p = state;
	ui_free(p->items);
	ui_free(p->idx);
	ui_free(p);
}

static void refilter(struct picker *p)
{
	p->nmatch = ui_filter(p->idx, p->count, p->items, p->count, p->query);
	p->sel = p->top = 0;
}

static void picker_draw(struct ui_app *app, void *state)
{
	struct picker *p = state;
	struct ui_rect r = {1, 0, app->rows - 2, app->cols};
	char line[128];
	size_t h = (size_t)(r.h - 4);
	ui_box(r, "Add a classifier");
	ui_text(r.y + 1, 2, 8, "Search: ", UI_S_LABEL);
	ui_text(r.y + 1, 10 + ui_text(r.y + 1, 10, r.w - 12, p->query, UI_S_NORMAL), 1, " ",
	        UI_S_SELECTED);
	snprintf(line, sizeof line, "%zu of %zu", p->nmatch, p->count);
	ui_text(r.y + 1, r.w - 2 - (int)strlen(line), (int)strlen(line), line, UI_S_DIM);
	p->top = ui_scroll_to(p->top, p->sel, h);
	for (size_t i = 0; i < h && p->top + i < p->nmatch; i++) {
		int y = r.y + 3 + (int)i;
		int selected = p->top + i == p->sel;
		if (selected)
			ui_fill(y, 1, r.w - 2, UI_S_SELECTED);
		ui_text(y, 2, r.w - 4, p->items[p->idx[p->top + i]],
		        selected ? UI_S_SELECTED : UI_S_NORMAL);
	}
	if (!p->nmatch)
		ui_text(r.y + 3, 2, r.w - 4, "No classifier has all these words.", UI_S_DIM);
	ui_fill(app->rows - 1, 0, app->cols, UI_S_NORMAL);
	ui_text(app->rows - 1, 1, app->cols - 2,
	        "type to search   arrows move   Enter adds   Esc cancels", UI_S_LABEL);
}

/* Typing edits the query; returns 1 when the key did. */
static int picker_type(struct picker *p, int key)
{
	char mb[8];
	mbstate_t st;
	size_t n;
	if (key == UI_K(KEY_BACKSPACE) || key == 127 || key == 8) {
		p->qlen -= ui_utf8_prev(p->query, p->qlen);
		p->query[p->qlen] = '\0';
		return 1;
	}
	if ((key & UI_FKEY) || key < 0x20 || key == 0x7f)
		return 0;
	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)key, &st);
	if (n == (size_t)-1 || p->qlen + n >= sizeof p->query)
		return 1;
	memcpy(p->query + p->qlen, mb, n);
	p->qlen += n;
	p->query[p->qlen] = '\0';
	return 1;
}

static int picker_key(struct ui_app *app, void *state, int key)
{
	struct picker *p = state;
	if (key == UI_ESC) {
		ui_modal_pop(app);
		return UI_DIRTY;
	}
	if ((key == '\r' || key == UI_K(KEY_ENTER)) && p->nmatch) {
		char *choice = ui_strdup(p->items[p->idx[p->sel]]);
		ui_pick_fn done = p->done;
		void *ctx = p->ctx;
		int r = UI_DIRTY;
		ui_modal_pop(app);
		if (choice)
			r |= done(app, ctx, choice);
		ui_free(choice);
		return r;
	}
	if (key == UI_K(KEY_DOWN) && p->sel + 1 < p->nmatch)
		p->sel++;
	else if (key == UI_K(KEY_UP) && p->sel > 0)
		p->sel--;
	else if (key == UI_K(KEY_NPAGE))
		p->sel = p->sel + 10 < p->nmatch ? p->sel + 10 : (p->nmatch ? p->nmatch - 1 : 0);
	else if (key == UI_K(KEY_PPAGE))
		p->sel = p->sel > 10 ? p->sel - 10 : 0;
	else if (picker_type(p, key))
		refilter(p);
	return UI_DIRTY;
}

static const struct ui_modal_ops picker_ops = {picker_draw, picker_key, picker_free};

int ui_classifier_picker(struct ui_app *app, const sw_trove_list *extra, ui_pick_fn done, void *ctx)
{
	size_t n = sw_trove_count() + (extra ? extra->count : 0);
	struct picker *p = ui_calloc(1, sizeof *p);
	if (!p || !(p->items = ui_calloc(n ? n : 1, sizeof(char *))) ||
	    !(p->idx = ui_calloc(n ? n : 1, sizeof(size_t)))) {
		if (p)
			ui_free(p->items);
		ui_free(p);
		ui_status(app, UI_S_ERROR, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < sw_trove_count(); i++)
		p->items[p->count++] = sw_trove_at(i);
	for (size_t i = 0; extra && i < extra->count; i++)
		if (!sw_trove_is_known(extra->items[i], strlen(extra->items[i])))
			p->items[p->count++] = extra->items[i];
	p->done = done;
	p->ctx = ctx;
	refilter(p);
	return ui_modal_push(app, &picker_ops, p);
}
