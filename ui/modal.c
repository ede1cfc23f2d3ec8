/*
 * ui/modal.c — the modal layers: a one-line prompt (UTF-8 editing), a
 * pager (command output, diffs, help; optionally asking to confirm), and a
 * message box. Each is a struct of callbacks pushed on the app's modal
 * stack; while one is up it takes every key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "app.h"

#define PROMPT_MAX 4096

/* ---- prompt ------------------------------------------------------------- */

struct prompt {
	char label[64];
	char text[PROMPT_MAX];
	size_t len, cursor;
	struct ui_history *history;
	size_t recalled; /* index in the history; count: the line being typed */
	ui_prompt_fn done;
	void *ctx;
};

void ui_history_add(struct ui_history *h, const char *line)
{
	char *copy;
	if (!*line || (h->count && strcmp(h->items[h->count - 1], line) == 0))
		return;
	if (!(copy = ui_strdup(line)))
		return;
	if (h->count == UI_HISTORY) {
		ui_free(h->items[0]);
		memmove(h->items, h->items + 1, sizeof(char *) * (UI_HISTORY - 1));
		h->count--;
	}
	h->items[h->count++] = copy;
}

void ui_history_free(struct ui_history *h)
{
	for (size_t i = 0; i < h->count; i++)
		ui_free(h->items[i]);
	h->count = 0;
}

/* Up/Down: shows an older or newer line of the history. */
static int prompt_recall(struct prompt *p, int key)
{
	struct ui_history *h = p->history;
	if (!h || (key != UI_K(KEY_UP) && key != UI_K(KEY_DOWN)))
		return 0;
	if (key == UI_K(KEY_UP) && p->recalled > 0)
		p->recalled--;
	else if (key == UI_K(KEY_DOWN) && p->recalled < h->count)
		p->recalled++;
	snprintf(p->text, sizeof p->text, "%s",
	         p->recalled < h->count ? h->items[p->recalled] : "");
	p->len = p->cursor = strlen(p->text);
	return 1;
}

/* The prompt replaces the status line; the cursor is a reversed cell. */
static void prompt_draw(struct ui_app *app, void *state)
{
	struct prompt *p = state;
	int y = app->rows - 2, x, w;
	size_t start = 0, used;
	ui_fill(y, 0, app->cols, UI_S_NORMAL);
	x = ui_text(y, 0, app->cols, p->label, UI_S_LABEL);
	w = app->cols - x - 1;
	while (ui_utf8_width(p->text + start, p->cursor - start) >= (size_t)w)
		start += ui_utf8_next(p->text, p->len, start);
	x += ui_textn(y, x, w, p->text + start, p->cursor - start, UI_S_NORMAL);
	if (p->cursor < p->len) {
		size_t n = ui_utf8_next(p->text, p->len, p->cursor);
		int cw = ui_textn(y, x, app->cols - x, p->text + p->cursor, n, UI_S_SELECTED);
		ui_utf8_fit(p->text + p->cursor + n, p->len - p->cursor - n,
		            (size_t)(app->cols - x - cw), &used);
		ui_textn(y, x + cw, app->cols - x - cw, p->text + p->cursor + n,
		         p->len - p->cursor - n, UI_S_NORMAL);
	} else {
		ui_text(y, x, 1, " ", UI_S_SELECTED);
	}
	ui_fill(app->rows - 1, 0, app->cols, UI_S_NORMAL);
	ui_text(app->rows - 1, 0, app->cols, "Enter", UI_S_KEY);
	ui_text(app->rows - 1, 5, app->cols, "OK ", UI_S_KEYLABEL);
	ui_text(app->rows - 1, 8, app->cols, "Esc", UI_S_KEY);
	ui_text(app->rows - 1, 11, app->cols, "Cancel ", UI_S_KEYLABEL);
	ui_text(app->rows - 1, 18, app->cols, "^U", UI_S_KEY);
	ui_text(app->rows - 1, 20, app->cols, "Clear", UI_S_KEYLABEL);
}

/* Inserts a typed character at the cursor, as UTF-8. */
static void prompt_insert(struct prompt *p, int key)
{
	char mb[8];
	mbstate_t st;
	size_t n;
	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)key, &st);
	if (n == (size_t)-1 || p->len + n >= PROMPT_MAX)
		return;
	memmove(p->text + p->cursor + n, p->text + p->cursor, p->len - p->cursor + 1);
	memcpy(p->text + p->cursor, mb, n);
	p->len += n;
	p->cursor += n;
}

/* Editing keys; returns 1 when the key was one of them. */
static int prompt_edit(struct prompt *p, int key)
{
	size_t n;
	if (key == UI_K(KEY_BACKSPACE) || key == 127 || key == 8) {
		n = ui_utf8_prev(p->text, p->cursor);
		memmove(p->text + p->cursor - n, p->text + p->cursor, p->len - p->cursor + 1);
		p->cursor -= n;
		p->len -= n;
	} else if (key == UI_K(KEY_DC) || key == UI_CTRL('d')) {
		n = ui_utf8_next(p->text, p->len, p->cursor);
		memmove(p->text + p->cursor, p->text + p->cursor + n, p->len - p->cursor - n + 1);
		p->len -= n;
	} else if (key == UI_K(KEY_LEFT) || key == UI_CTRL('b')) {
		p->cursor -= ui_utf8_prev(p->text, p->cursor);
	} else if (key == UI_K(KEY_RIGHT) || key == UI_CTRL('f')) {
		p->cursor += ui_utf8_next(p->text, p->len, p->cursor);
	} else if (key == UI_K(KEY_HOME) || key == UI_CTRL('a')) {
		p->cursor = 0;
	} else if (key == UI_K(KEY_END) || key == UI_CTRL('e')) {
		p->cursor = p->len;
	} else if (key == UI_CTRL('u')) {
		p->len = p->cursor = 0;
		p->text[0] = '\0';
	} else if (!(key & UI_FKEY) && key >= 0x20 && key != 0x7f) {
		prompt_insert(p, key);
	} else {
		return 0;
	}
	return 1;
}

static int prompt_key(struct ui_app *app, void *state, int key)
{
	struct prompt *p = state;
	if (key == UI_ESC) {
		ui_modal_pop(app);
		return UI_DIRTY;
	}
	if (key == '\r' || key == '\n' || key == UI_K(KEY_ENTER)) {
		ui_prompt_fn done = p->done;
		void *ctx = p->ctx;
		char *text = ui_strdup(p->text);
		int r;
		if (p->history)
			ui_history_add(p->history, p->text);
		ui_modal_pop(app);
		if (!text) {
			ui_status(app, UI_S_ERROR, "out of memory");
			return UI_DIRTY;
		}
		r = done(app, ctx, text);
		ui_free(text);
		return r | UI_DIRTY;
	}
	if (!prompt_recall(p, key))
		prompt_edit(p, key);
	return UI_DIRTY;
}

static const struct ui_modal_ops prompt_ops = {prompt_draw, prompt_key, ui_free};

int ui_prompt(struct ui_app *app, const char *label, const char *initial,
              struct ui_history *history, ui_prompt_fn done, void *ctx)
{
	struct prompt *p = ui_calloc(1, sizeof *p);
	if (!p) {
		ui_status(app, UI_S_ERROR, "out of memory");
		return -1;
	}
	snprintf(p->label, sizeof p->label, "%s", label);
	snprintf(p->text, sizeof p->text, "%s", initial ? initial : "");
	p->len = p->cursor = strlen(p->text);
	p->history = history;
	p->recalled = history ? history->count : 0;
	p->done = done;
	p->ctx = ctx;
	return ui_modal_push(app, &prompt_ops, p);
}

/* ---- pager ------------------------------------------------------------- */

/* One screen row of the pager: a piece of a line, wrapped to the width. */
struct pager_row {
	size_t at, n;
	enum ui_style style;
};

struct pager {
	char title[256];
	char *text;
	size_t len;
	struct pager_row *rows;
	size_t nrows, top;
	int width; /* what the rows were wrapped to */
	int diff;
	const char *confirm_label;
	ui_confirm_fn confirm;
	void *ctx;
};

static void pager_free(void *state)
{
	struct pager *p = state;
	ui_free(p->text);
	ui_free(p->rows);
	ui_free(p);
}

/* The style of a diff line. */
static enum ui_style diff_style(const char *line, size_t n)
{
	if (n >= 3 && (strncmp(line, "+++", 3) == 0 || strncmp(line, "---", 3) == 0))
		return UI_S_LABEL;
	if (n && line[0] == '+')
		return UI_S_DIFF_ADD;
	if (n && line[0] == '-')
		return UI_S_DIFF_DEL;
	if (n >= 2 && strncmp(line, "@@", 2) == 0)
		return UI_S_DIFF_HUNK;
	return UI_S_NORMAL;
}

/* Appends one row; -1 out of memory. */
static int pager_push(struct pager_row **rows, size_t *n, size_t *cap, struct pager_row row)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct pager_row *grown = ui_realloc(*rows, c * sizeof *grown);
		if (!grown)
			return -1;
		*rows = grown;
		*cap = c;
	}
	(*rows)[(*n)++] = row;
	return 0;
}

/* Wraps the text to `width` columns (once per width). */
static void pager_layout(struct pager *p, int width)
{
	struct pager_row *rows = NULL;
	size_t n = 0, cap = 0, at = 0;
	if (width == p->width || width < 1)
		return;
	while (at < p->len) {
		size_t end = at, piece;
		enum ui_style style;
		while (end < p->len && p->text[end] != '\n')
			end++;
		style = p->diff ? diff_style(p->text + at, end - at) : UI_S_NORMAL;
		do {
			piece = ui_utf8_fit(p->text + at, end - at, (size_t)width, NULL);
			if (!piece && at < end)
				piece = ui_utf8_next(p->text, end, at);
			if (pager_push(&rows, &n, &cap, (struct pager_row){at, piece, style}) < 0) {
				ui_free(rows);
				return;
			}
			at += piece;
		} while (at < end);
		at = end + 1;
	}
	ui_free(p->rows);
	p->rows = rows;
	p->nrows = n;
	p->width = width;
	if (p->top >= n)
		p->top = n ? n - 1 : 0;
}

/* Rows of text inside the pager's box. */
static int pager_rows(const struct ui_app *app)
{
	return app->rows - 4;
}

static void pager_draw(struct ui_app *app, void *state)
{
	struct pager *p = state;
	struct ui_rect r = {1, 0, app->rows - 2, app->cols};
	char hint[160];
	ui_box(r, p->title);
	pager_layout(p, r.w - 4);
	for (int i = 0; i < pager_rows(app) && p->top + (size_t)i < p->nrows; i++) {
		const struct pager_row *row = &p->rows[p->top + (size_t)i];
		ui_textn(r.y + 1 + i, 2, r.w - 4, p->text + row->at, row->n, row->style);
	}
	ui_fill(app->rows - 1, 0, app->cols, UI_S_NORMAL);
	if (p->confirm)
		snprintf(hint, sizeof hint, "y %s   n/Esc cancel   arrows/PgUp/PgDn scroll",
		         p->confirm_label);
	else
		snprintf(hint, sizeof hint,
		         "q/Esc close   arrows/PgUp/PgDn scroll   row %zu of %zu",
		         p->nrows ? p->top + 1 : 0, p->nrows);
	ui_text(app->rows - 1, 1, app->cols - 2, hint, UI_S_LABEL);
}

/* Moves the view by `delta` rows, clamped. */
static void pager_scroll(struct ui_app *app, struct pager *p, long delta)
{
	long max = (long)p->nrows - pager_rows(app);
	long top = (long)p->top + delta;
	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	p->top = (size_t)top;
}

static int pager_key(struct ui_app *app, void *state, int key)
{
	struct pager *p = state;
	long page = pager_rows(app) - 1;
	if (p->confirm && key == 'y') {
		ui_confirm_fn fn = p->confirm;
		void *ctx = p->ctx;
		ui_modal_pop(app);
		return fn(app, ctx) | UI_DIRTY;
	}
	if (key == UI_ESC || key == 'q' || (p->confirm && key == 'n') ||
	    (!p->confirm && (key == '\r' || key == UI_K(KEY_ENTER)))) {
		int asked = p->confirm != NULL;
		ui_modal_pop(app);
		if (asked)
			ui_status(app, UI_S_INFO, "Cancelled: nothing was written.");
		return UI_DIRTY;
	}
	if (key == UI_K(KEY_DOWN) || key == 'j')
		pager_scroll(app, p, 1);
	else if (key == UI_K(KEY_UP) || key == 'k')
		pager_scroll(app, p, -1);
	else if (key == UI_K(KEY_NPAGE) || key == ' ')
		pager_scroll(app, p, page);
	else if (key == UI_K(KEY_PPAGE))
		pager_scroll(app, p, -page);
	else if (key == UI_K(KEY_HOME) || key == 'g')
		p->top = 0;
	else if (key == UI_K(KEY_END) || key == 'G')
		pager_scroll(app, p, (long)p->nrows);
	return UI_DIRTY;
}

static const struct ui_modal_ops pager_ops = {pager_draw, pager_key, pager_free};

int ui_pager(struct ui_app *app, const char *title, const char *text, size_t len, int diff,
             const char *confirm_label, ui_confirm_fn confirm, void *ctx)
{
	struct pager *p = ui_calloc(1, sizeof *p);
	if (!p || !(p->text = ui_strndup(text, len))) {
		ui_free(p);
		ui_status(app, UI_S_ERROR, "out of memory");
		return -1;
	}
	p->len = len;
	snprintf(p->title, sizeof p->title, "%s", title);
	p->diff = diff;
	p->confirm_label = confirm_label;
	p->confirm = confirm;
	p->ctx = ctx;
	return ui_modal_push(app, &pager_ops, p);
}

/* ---- message box --------------------------------------------------------- */

struct message {
	char title[128];
	char *text;
	enum ui_style style;
};

static void message_free(void *state)
{
	struct message *m = state;
	ui_free(m->text);
	ui_free(m);
}

/* Wraps text into lines of `cols` columns; draws them when `draw`.
 * Returns the number of lines. */
static int wrap_text(const char *s, int cols, int y, int x, int draw, enum ui_style style)
{
	int n = 0;
	while (*s) {
		size_t len = strcspn(s, "\n"), fit = ui_utf8_fit(s, len, (size_t)cols, NULL);
		if (fit < len) {
			size_t cut = fit;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			fit = cut ? cut : (fit ? fit : 1);
		}
		if (draw)
			ui_textn(y + n, x, cols, s, fit, style);
		n++;
		s += fit;
		while (*s == ' ')
			s++;
		if (*s == '\n' && fit == len)
			s++;
	}
	return n;
}

static void message_draw(struct ui_app *app, void *state)
{
	struct message *m = state;
	int w = app->cols - 8 < 86 ? app->cols - 8 : 86;
	int lines = wrap_text(m->text, w - 4, 0, 0, 0, m->style);
	struct ui_rect r = ui_centered(app, lines + 4, w);
	ui_box(r, m->title);
	wrap_text(m->text, r.w - 4, r.y + 1, r.x + 2, 1, m->style);
	ui_text(r.y + r.h - 2, r.x + 2, r.w - 4, "Press any key to close.", UI_S_DIM);
}

static int message_key(struct ui_app *app, void *state, int key)
{
	(void)state;
	(void)key;
	ui_modal_pop(app);
	return UI_DIRTY;
}

static const struct ui_modal_ops message_ops = {message_draw, message_key, message_free};

int ui_message(struct ui_app *app, const char *title, const char *text, enum ui_style style)
{
	struct message *m = ui_calloc(1, sizeof *m);
	if (!m || !(m->text = ui_strdup(text))) {
		ui_free(m);
		ui_status(app, UI_S_ERROR, "out of memory");
		return -1;
	}
	snprintf(m->title, sizeof m->title, "%s", title);
	m->style = style;
	return ui_modal_push(app, &message_ops, m);
}
