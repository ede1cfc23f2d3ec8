/*
 * ui/draw.c — the colour theme (one table), the glyphs (UTF-8 with ASCII
 * fallbacks) and the drawing helpers every screen uses: clipped UTF-8 text,
 * filled segments, boxes. With NO_COLOR set or a terminal without colours,
 * each style falls back to its monochrome attributes.
 */
#include <string.h>
#include <wchar.h>

#include <curses.h>

#include "app.h"

/* One style: colour pair (fg, bg; -1 is the terminal's default) and the
 * attributes with colour, and the attributes without. */
struct ui_theme_entry {
	short fg, bg;
	int attr;
	int mono;
};

static const struct ui_theme_entry theme[UI_S_COUNT] = {
        [UI_S_NORMAL] = {-1, -1, 0, 0},
        [UI_S_TITLE] = {COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD},
        [UI_S_TAB] = {COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE},
        [UI_S_TAB_ACTIVE] = {COLOR_BLACK, COLOR_CYAN, 0, A_BOLD | A_UNDERLINE},
        [UI_S_KEY] = {COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
        [UI_S_KEYLABEL] = {-1, -1, 0, 0},
        [UI_S_KEY_DISABLED] = {COLOR_BLACK, COLOR_WHITE, A_DIM, A_DIM},
        [UI_S_STATUS] = {-1, -1, 0, 0},
        [UI_S_SELECTED] = {COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE},
        [UI_S_DIM] = {-1, -1, A_DIM, A_DIM},
        [UI_S_LABEL] = {COLOR_CYAN, -1, A_BOLD, A_BOLD},
        [UI_S_ERROR] = {COLOR_RED, -1, A_BOLD, A_BOLD},
        [UI_S_WARNING] = {COLOR_YELLOW, -1, 0, A_UNDERLINE},
        [UI_S_INFO] = {COLOR_BLUE, -1, 0, 0},
        [UI_S_OK] = {COLOR_GREEN, -1, 0, 0},
        [UI_S_DIFF_ADD] = {COLOR_GREEN, -1, 0, A_BOLD},
        [UI_S_DIFF_DEL] = {COLOR_RED, -1, 0, A_DIM},
        [UI_S_DIFF_HUNK] = {COLOR_CYAN, -1, 0, A_UNDERLINE},
        [UI_S_BORDER] = {COLOR_CYAN, -1, 0, 0},
};

static int use_color;

/* The glyphs: UTF-8 and ASCII. */
static const char *const glyphs[UI_G_COUNT][2] = {
        [UI_G_ERROR] = {"\xe2\x9c\x97", "x"},   /* ✗ */
        [UI_G_WARNING] = {"\xe2\x9a\xa0", "!"}, /* ⚠ */
        [UI_G_INFO] = {"\xe2\x84\xb9", "i"},    /* ℹ */
        [UI_G_IDLE] = {"\xe2\x97\x8f", "*"},    /* ● */
        [UI_G_BAR] = {"\xe2\x94\x82", "|"},     /* │ */
        [UI_G_DIRTY] = {"\xe2\x97\x86", "+"},   /* ◆ */
        [UI_G_ARROW] = {"\xe2\x96\xb8", ">"},   /* ▸ */
};

void ui_theme_init(int color)
{
	use_color = color;
	if (!color)
		return;
	for (int i = 1; i < UI_S_COUNT; i++)
		init_pair((short)i, theme[i].fg, theme[i].bg);
}

int ui_attr(enum ui_style style)
{
	if (!use_color)
		return theme[style].mono;
	return (int)COLOR_PAIR((int)style) | theme[style].attr;
}

const char *ui_glyph(const struct ui_app *app, enum ui_glyph g)
{
	return glyphs[g][app->utf8 ? 0 : 1];
}

int ui_textn(int y, int x, int w, const char *s, size_t len, enum ui_style style)
{
	wchar_t buf[256];
	mbstate_t st;
	int col = 0;
	size_t i = 0;
	if (w <= 0)
		return 0;
	memset(&st, 0, sizeof st);
	attrset(ui_attr(style));
	move(y, x);
	while (i < len && col < w) {
		int n = 0;
		while (i < len && n < 255 && col < w) {
			wchar_t wc;
			size_t k = mbrtowc(&wc, s + i, len - i, &st);
			int cw;
			if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
				memset(&st, 0, sizeof st);
				wc = L'?';
				k = 1;
			}
			if (wc == L'\t' || wc < 0x20 || wc == 0x7f)
				wc = L' ';
			cw = wcwidth(wc);
			if (cw < 0)
				cw = 1, wc = L'?';
			if (col + cw > w)
				break;
			buf[n++] = wc;
			col += cw;
			i += k;
		}
		if (n == 0)
			break;
		addnwstr(buf, n);
		if (n < 255)
			break;
	}
	attrset(0);
	return col;
}

int ui_text(int y, int x, int w, const char *s, enum ui_style style)
{
	return ui_textn(y, x, w, s, strlen(s), style);
}

void ui_fill(int y, int x, int w, enum ui_style style)
{
	if (w <= 0)
		return;
	attrset(ui_attr(style));
	mvhline(y, x, ' ', w);
	attrset(0);
}

void ui_box(struct ui_rect r, const char *title)
{
	for (int i = 0; i < r.h; i++)
		ui_fill(r.y + i, r.x, r.w, UI_S_NORMAL);
	attrset(ui_attr(UI_S_BORDER));
	mvhline(r.y, r.x + 1, ACS_HLINE, r.w - 2);
	mvhline(r.y + r.h - 1, r.x + 1, ACS_HLINE, r.w - 2);
	mvvline(r.y + 1, r.x, ACS_VLINE, r.h - 2);
	mvvline(r.y + 1, r.x + r.w - 1, ACS_VLINE, r.h - 2);
	mvaddch(r.y, r.x, ACS_ULCORNER);
	mvaddch(r.y, r.x + r.w - 1, ACS_URCORNER);
	mvaddch(r.y + r.h - 1, r.x, ACS_LLCORNER);
	mvaddch(r.y + r.h - 1, r.x + r.w - 1, ACS_LRCORNER);
	attrset(0);
	if (title && *title) {
		int used = ui_text(r.y, r.x + 2, r.w - 4, " ", UI_S_LABEL);
		used += ui_text(r.y, r.x + 2 + used, r.w - 4 - used, title, UI_S_LABEL);
		ui_text(r.y, r.x + 2 + used, r.w - 4 - used, " ", UI_S_LABEL);
	}
}

struct ui_rect ui_centered(const struct ui_app *app, int h, int w)
{
	struct ui_rect r;
	r.h = h < app->rows - 2 ? h : app->rows - 2;
	r.w = w < app->cols - 2 ? w : app->cols - 2;
	r.y = (app->rows - r.h) / 2;
	r.x = (app->cols - r.w) / 2;
	return r;
}
