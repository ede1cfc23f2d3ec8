/*
 * ui/app.c — the workbench's loop and frame: start-up checks (a TTY, the
 * project folder), the poll() loop over the terminal and the self-pipe, key
 * and mouse dispatch (modal layer, screen bindings, global bindings, the
 * screen's own keys), and the frame drawn once per turn: the tab strip, the
 * screen, the log pane, the status line and the key bar generated from the
 * binding tables. Below 80x24 only a "terminal too small" notice shows.
 */
#include <errno.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "app.h"

#define MIN_ROWS       24
#define MIN_COLS       80
#define LOG_ROWS       8
#define IDLE_W         7 /* columns the test mode's idle marker takes */
#define DOUBLE_MS      400
#define DOUBLE_MS_TEST 3000 /* test mode: tmux and sanitizers may be slow */

/* Where the tabs and key bar items were drawn, for mouse clicks. */
static struct {
	int x0[16], x1[16];
} tab_hits;
static struct {
	int x0[32], x1[32], key[32];
	size_t n;
} bar_hits;

static int act_help(struct ui_app *app, void *state);
static int act_prompt(struct ui_app *app, void *state);
static int act_quit(struct ui_app *app, void *state);
static int act_log(struct ui_app *app, void *state);
static int act_next(struct ui_app *app, void *state);
static int act_prev(struct ui_app *app, void *state);
static int act_redraw(struct ui_app *app, void *state);

/* Keys that work on every screen. */
const struct ui_binding ui_global_bindings[] = {
        {UI_K(KEY_F(1)), '?', "F1", "Help", "show every key of this screen", act_help, NULL},
        {':', 0, ":", "Command", "run a slipway command, output in a pager", act_prompt, NULL},
        {'\t', 0, "Tab", NULL, "next screen (or 1-6 to jump)", act_next, NULL},
        {UI_K(KEY_BTAB), 0, "S-Tab", NULL, "previous screen", act_prev, NULL},
        {'L', 0, "L", "Log", "show or hide the log pane", act_log, NULL},
        {UI_CTRL('l'), 0, "^L", NULL, "redraw the screen", act_redraw, NULL},
        {'q', UI_K(KEY_F(10)), "q", "Quit", "leave slipway", act_quit, NULL},
};
const size_t ui_nglobal = sizeof ui_global_bindings / sizeof ui_global_bindings[0];
#define NGLOBAL ui_nglobal

void ui_status(struct ui_app *app, enum ui_style style, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(app->status, sizeof app->status, fmt, ap);
	va_end(ap);
	for (char *p = app->status; *p; p++)
		if (*p == '\n')
			*p = ' ';
	app->status_style = style;
	app->dirty = 1;
}

struct ui_rect ui_content_rect(const struct ui_app *app)
{
	struct ui_rect r = {1, 0, app->rows - 3, app->cols};
	if (app->show_log)
		r.h -= LOG_ROWS;
	return r;
}

void ui_switch(struct ui_app *app, size_t index)
{
	const struct ui_screen *s;
	if (index >= ui_nscreens)
		return;
	s = ui_screens[index];
	if (!app->states[index] && s->init && s->init(app, &app->states[index]) < 0) {
		ui_status(app, UI_S_ERROR, "cannot open %s", s->name);
		return;
	}
	app->current = index;
	if (s->layout)
		s->layout(app, app->states[index], ui_content_rect(app));
	app->dirty = 1;
}

int ui_modal_push(struct ui_app *app, const struct ui_modal_ops *ops, void *state)
{
	if (app->nmodals == UI_MAX_MODALS) {
		ops->free(state);
		return -1;
	}
	app->modals[app->nmodals].ops = ops;
	app->modals[app->nmodals].state = state;
	app->nmodals++;
	app->dirty = 1;
	return 0;
}

void ui_modal_pop(struct ui_app *app)
{
	if (!app->nmodals)
		return;
	app->nmodals--;
	app->modals[app->nmodals].ops->free(app->modals[app->nmodals].state);
	app->dirty = 1;
}

static int act_help(struct ui_app *app, void *state)
{
	(void)state;
	ui_help(app);
	return UI_DIRTY;
}

static int on_command(struct ui_app *app, void *ctx, const char *text)
{
	(void)ctx;
	ui_run_command_line(app, text);
	return UI_DIRTY;
}

static int act_prompt(struct ui_app *app, void *state)
{
	(void)state;
	ui_prompt(app, "slipway ", "", &app->commands, on_command, NULL);
	return UI_DIRTY;
}

static int act_quit(struct ui_app *app, void *state)
{
	(void)app;
	(void)state;
	return UI_QUIT;
}

static int act_log(struct ui_app *app, void *state)
{
	const struct ui_screen *s = ui_screens[app->current];
	(void)state;
	app->show_log = !app->show_log;
	if (s->layout)
		s->layout(app, app->states[app->current], ui_content_rect(app));
	return UI_DIRTY;
}

static int act_next(struct ui_app *app, void *state)
{
	(void)state;
	ui_switch(app, (app->current + 1) % ui_nscreens);
	return UI_DIRTY;
}

static int act_prev(struct ui_app *app, void *state)
{
	(void)state;
	ui_switch(app, (app->current + ui_nscreens - 1) % ui_nscreens);
	return UI_DIRTY;
}

static int act_redraw(struct ui_app *app, void *state)
{
	(void)app;
	(void)state;
	clearok(curscr, TRUE);
	return UI_DIRTY;
}

/* Runs the binding of `key` in `table`, or says why it is disabled. */
static int run_binding(struct ui_app *app, const struct ui_binding *table, size_t n, void *state,
                       int key)
{
	for (size_t i = 0; i < n; i++) {
		const struct ui_binding *b = &table[i];
		const char *why;
		if (b->key != key && (!b->key2 || b->key2 != key))
			continue;
		if (b->disabled && (why = b->disabled(app, state))) {
			ui_status(app, UI_S_WARNING, "%s: %s", b->label ? b->label : b->help, why);
			return UI_HANDLED | UI_DIRTY;
		}
		return UI_HANDLED | b->action(app, state);
	}
	return UI_IGNORED;
}

/* Dispatches one key: modal, screen bindings, globals, the screen. */
static int handle_key(struct ui_app *app, int key)
{
	const struct ui_screen *s = ui_screens[app->current];
	void *st = app->states[app->current];
	int r;
	if (app->rows < MIN_ROWS || app->cols < MIN_COLS)
		return key == 'q' ? UI_QUIT : UI_IGNORED;
	if (app->nmodals) {
		void *ms = app->modals[app->nmodals - 1].state;
		return app->modals[app->nmodals - 1].ops->key(app, ms, key);
	}
	if (app->status[0]) {
		app->status[0] = '\0';
		app->dirty = 1;
	}
	if ((r = run_binding(app, s->bindings, s->nbindings, st, key)))
		return r;
	if ((r = run_binding(app, ui_global_bindings, NGLOBAL, NULL, key)))
		return r;
	if (key >= '1' && key < '1' + (int)ui_nscreens) {
		ui_switch(app, (size_t)(key - '1'));
		return UI_DIRTY;
	}
	return s->key ? s->key(app, st, key) : UI_IGNORED;
}

/* What a mouse event is: a wheel step, a click (the button's release:
 * curses may fold a press into the release that follows it at once), or a
 * second click on the same cell within DOUBLE_MS (curses' own detection
 * would delay every click). Presses and other buttons are -1. */
static int mouse_kind(const struct ui_app *app, const MEVENT *ev)
{
	static struct timespec last;
	static int last_x = -1, last_y = -1;
	struct timespec now;
	long ms;
	if (ev->bstate & BUTTON4_PRESSED)
		return UI_MOUSE_WHEEL_UP;
	if (ev->bstate & BUTTON5_PRESSED)
		return UI_MOUSE_WHEEL_DOWN;
	if (!(ev->bstate & (BUTTON1_RELEASED | BUTTON1_CLICKED)))
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = (now.tv_sec - last.tv_sec) * 1000 + (now.tv_nsec - last.tv_nsec) / 1000000;
	if (ev->x == last_x && ev->y == last_y &&
	    ms < (app->test_mode ? DOUBLE_MS_TEST : DOUBLE_MS)) {
		last_x = last_y = -1;
		return UI_MOUSE_DOUBLE;
	}
	last = now;
	last_x = ev->x;
	last_y = ev->y;
	return UI_MOUSE_CLICK;
}

/* Maps a curses mouse event to tabs, the key bar, or the screen. */
static int handle_mouse(struct ui_app *app)
{
	MEVENT ev;
	struct ui_rect r = ui_content_rect(app);
	const struct ui_screen *s = ui_screens[app->current];
	int what;
	if (getmouse(&ev) != OK || app->nmodals || (what = mouse_kind(app, &ev)) < 0)
		return UI_IGNORED;
	if (what != UI_MOUSE_WHEEL_UP && what != UI_MOUSE_WHEEL_DOWN && ev.y == 0) {
		for (size_t i = 0; i < ui_nscreens && i < 16; i++)
			if (ev.x >= tab_hits.x0[i] && ev.x < tab_hits.x1[i])
				ui_switch(app, i);
		return UI_DIRTY;
	}
	if (what == UI_MOUSE_CLICK && ev.y == app->rows - 1) {
		for (size_t i = 0; i < bar_hits.n; i++)
			if (ev.x >= bar_hits.x0[i] && ev.x < bar_hits.x1[i])
				return handle_key(app, bar_hits.key[i]);
		return UI_IGNORED;
	}
	if (ev.y >= r.y && ev.y < r.y + r.h && s->mouse)
		return s->mouse(app, app->states[app->current], ev.y - r.y, ev.x - r.x,
		                (enum ui_mouse)what);
	return UI_IGNORED;
}

/* The top row: the program, the tabs, the project. */
static void draw_tabs(struct ui_app *app)
{
	int x = 0;
	char label[64];
	ui_fill(0, 0, app->cols, UI_S_TAB);
	x += ui_text(0, x, app->cols, " slipway ", UI_S_TITLE);
	for (size_t i = 0; i < ui_nscreens && i < 16; i++) {
		enum ui_style st = i == app->current ? UI_S_TAB_ACTIVE : UI_S_TAB;
		snprintf(label, sizeof label, " %zu %s ", i + 1, ui_screens[i]->name);
		tab_hits.x0[i] = x;
		x += ui_text(0, x, app->cols - x, label, st);
		tab_hits.x1[i] = x;
	}
	if (app->display) {
		int w = (int)ui_utf8_width(app->display, strlen(app->display)) + 2;
		if (app->cols - w > x + 1)
			ui_text(0, app->cols - w, w - 1, app->display, UI_S_TAB);
	}
}

/* One key bar item; returns the new x. */
static int bar_item(struct ui_app *app, int x, const struct ui_binding *b, const void *st)
{
	int disabled = b->disabled && b->disabled(app, st);
	int need = (int)(strlen(b->keyname) + ui_utf8_width(b->label, strlen(b->label))) + 1;
	int end = app->cols - (app->test_mode ? IDLE_W : 0);
	if (x + need > end)
		return end;
	if (bar_hits.n < 32) {
		bar_hits.x0[bar_hits.n] = x;
		bar_hits.x1[bar_hits.n] = x + need;
		bar_hits.key[bar_hits.n++] = b->key;
	}
	x += ui_text(app->rows - 1, x, app->cols - x, b->keyname,
	             disabled ? UI_S_KEY_DISABLED : UI_S_KEY);
	x += ui_text(app->rows - 1, x, app->cols - x, b->label,
	             disabled ? UI_S_DIM : UI_S_KEYLABEL);
	return x + 1;
}

/* The bottom row, generated from the bindings that have a label. */
static void draw_keybar(struct ui_app *app)
{
	const struct ui_screen *s = ui_screens[app->current];
	const void *st = app->states[app->current];
	int x = 0;
	bar_hits.n = 0;
	ui_fill(app->rows - 1, 0, app->cols, UI_S_NORMAL);
	if (app->nmodals)
		return;
	for (size_t i = 0; i < s->nbindings; i++)
		if (s->bindings[i].label)
			x = bar_item(app, x, &s->bindings[i], st);
	for (size_t i = 0; i < NGLOBAL; i++)
		if (ui_global_bindings[i].label)
			x = bar_item(app, x, &ui_global_bindings[i], NULL);
}

/* The status line: a message. */
static void draw_status(struct ui_app *app)
{
	int y = app->rows - 2;
	ui_fill(y, 0, app->cols, UI_S_STATUS);
	ui_text(y, 1, app->cols - 2, app->status, app->status_style);
}

/* Test mode: the marker the tmux tests wait on, drawn last, bottom right,
 * in every frame (the loop draws only right before it waits). */
static void draw_idle(struct ui_app *app)
{
	int x = app->cols - IDLE_W + 1;
	ui_fill(app->rows - 1, x - 1, IDLE_W, UI_S_NORMAL);
	ui_text(app->rows - 1, x, 2, ui_glyph(app, UI_G_IDLE), UI_S_OK);
	ui_text(app->rows - 1, x + 2, 4, "idle", UI_S_DIM);
}

/* The log pane: the newest lines that fit. */
static void draw_log(struct ui_app *app)
{
	struct ui_rect c = ui_content_rect(app);
	int y0 = c.y + c.h;
	size_t shown = LOG_ROWS - 1, first;
	attrset(ui_attr(UI_S_BORDER));
	mvhline(y0, 0, ACS_HLINE, app->cols);
	attrset(0);
	ui_text(y0, 2, app->cols - 4, " Log (L hides it) ", UI_S_LABEL);
	if (!app->log.count) {
		ui_text(y0 + 1, 2, app->cols - 4, "Nothing logged yet.", UI_S_DIM);
		return;
	}
	first = app->log.count > shown ? app->log.count - shown : 0;
	for (size_t i = first; i < app->log.count; i++)
		ui_text(y0 + 1 + (int)(i - first), 1, app->cols - 2,
		        app->log.lines[(app->log.start + i) % UI_LOG_LINES], UI_S_NORMAL);
}

static void draw_too_small(struct ui_app *app)
{
	char line[128];
	int y = app->rows / 2 - 2;
	snprintf(line, sizeof line, "The terminal is %dx%d.", app->cols, app->rows);
	ui_text(y < 0 ? 0 : y, 1, app->cols - 2, "Terminal too small", UI_S_ERROR);
	ui_text(y + 1, 1, app->cols - 2, line, UI_S_NORMAL);
	snprintf(line, sizeof line, "Slipway needs at least %dx%d: enlarge the window.", MIN_COLS,
	         MIN_ROWS);
	ui_text(y + 2, 1, app->cols - 2, line, UI_S_NORMAL);
	ui_text(y + 3, 1, app->cols - 2, "Press q to quit.", UI_S_DIM);
}

/* One frame: everything is drawn, then one doupdate(). */
static void draw(struct ui_app *app)
{
	const struct ui_screen *s = ui_screens[app->current];
	erase();
	if (app->rows < MIN_ROWS || app->cols < MIN_COLS) {
		draw_too_small(app);
	} else {
		draw_tabs(app);
		if (s->draw)
			s->draw(app, app->states[app->current], ui_content_rect(app));
		if (app->show_log)
			draw_log(app);
		draw_status(app);
		draw_keybar(app);
		for (size_t i = 0; i < app->nmodals; i++)
			app->modals[i].ops->draw(app, app->modals[i].state);
	}
	if (app->test_mode)
		draw_idle(app);
	wnoutrefresh(stdscr);
	doupdate();
	app->dirty = 0;
}

/* Asks the terminal for its size after SIGWINCH and re-lays out. */
static void handle_resize(struct ui_app *app)
{
	struct winsize ws;
	const struct ui_screen *s = ui_screens[app->current];
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	getmaxyx(stdscr, app->rows, app->cols);
	if (s->layout)
		s->layout(app, app->states[app->current], ui_content_rect(app));
	clearok(curscr, TRUE);
	app->dirty = 1;
}

/* Reads every pending key; returns the UI_* bits. */
static int read_keys(struct ui_app *app)
{
	wint_t wc;
	int r = 0, got;
	while ((got = get_wch(&wc)) != ERR) {
		int key = got == KEY_CODE_YES ? UI_K((int)wc) : (int)wc;
		if (key == UI_K(KEY_RESIZE)) {
			handle_resize(app);
			continue;
		}
		r |= key == UI_K(KEY_MOUSE) ? handle_mouse(app) : handle_key(app, key);
		if (r & UI_QUIT)
			break;
	}
	return r;
}

/* Hands one posted event to the log pane or to every open screen. */
static void dispatch_event(struct ui_app *app, struct ui_event *ev)
{
	if (ev->type == UI_EV_LOG) {
		ui_log_push(&app->log, ev->data);
		ev->data = NULL;
		if (app->show_log)
			app->dirty = 1;
	} else {
		for (size_t i = 0; i < ui_nscreens; i++)
			if (app->states[i] && ui_screens[i]->event &&
			    ui_screens[i]->event(app, app->states[i], ev))
				app->dirty = 1;
	}
	ui_event_done(ev);
}

/* The loop: draw if dirty, wait on the terminal and the pipe, dispatch. */
static void run_loop(struct ui_app *app)
{
	struct pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {ui_event_fd(), POLLIN, 0}};
	int r;
	while (!app->quit) {
		if (app->dirty)
			draw(app);
		if (poll(fds, 2, -1) < 0 && errno != EINTR)
			break;
		if (fds[1].revents & POLLIN) {
			struct ui_event ev;
			if (ui_wake_drain())
				handle_resize(app);
			while (ui_event_take(&ev))
				dispatch_event(app, &ev);
		}
		r = read_keys(app);
		if (r & UI_QUIT)
			app->quit = 1;
		if (r & (UI_DIRTY | UI_HANDLED))
			app->dirty = 1;
	}
}

/* Chooses the project folder: `path` itself or the folder of a file. */
static int enter_project(struct ui_app *app, const char *path)
{
	struct stat st;
	char buf[PATH_MAX];
	const char *base;
	snprintf(buf, sizeof buf, "%s", path);
	if (stat(buf, &st) < 0)
		goto fail;
	if (!S_ISDIR(st.st_mode)) {
		char *slash = strrchr(buf, '/');
		if (!slash)
			snprintf(buf, sizeof buf, ".");
		else if (slash == buf)
			buf[1] = '\0';
		else
			*slash = '\0';
	}
	if (chdir(buf) < 0 || !getcwd(buf, sizeof buf) || !(app->dir = ui_strdup(buf)))
		goto fail;
	base = strrchr(app->dir, '/');
	app->display = ui_strdup(base && base[1] ? base + 1 : app->dir);
	return app->display ? 0 : -1;
fail:
	fprintf(stderr, "slipway: cannot open %s: %s\n", path, strerror(errno));
	return -1;
}

/* The screen to start on: Project when there is a pyproject.toml. */
static size_t first_screen(void)
{
	struct stat st;
	if (stat("pyproject.toml", &st) == 0)
		for (size_t i = 0; i < ui_nscreens; i++)
			if (strcmp(ui_screens[i]->name, "Project") == 0)
				return i;
	return 0;
}

int sw_ui_main(const char *path, sw_ui_command_fn run_command)
{
	struct ui_app app;
	const char *test = getenv("SLIPWAY_TEST");
	int code = 1;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs("slipway: the workbench needs a terminal (stdin and stdout are not one).\n"
		      "For scripts and pipes, use the commands: 'slipway help' lists them.\n",
		      stderr);
		return 1;
	}
	memset(&app, 0, sizeof app);
	app.run_command = run_command;
	app.test_mode = test && strcmp(test, "1") == 0;
	setlocale(LC_ALL, "");
	app.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (enter_project(&app, path ? path : ".") < 0)
		goto done;
	if (!(app.states = ui_calloc(ui_nscreens, sizeof(void *))))
		goto done;
	ui_log_install(app.test_mode);
	if (ui_term_start(&app) < 0) {
		ui_term_stop();
		fprintf(stderr,
		        "slipway: cannot start the terminal UI for TERM=%s; 'slipway help' lists "
		        "the commands, which need no terminal\n",
		        getenv("TERM") ? getenv("TERM") : "(unset)");
		goto done;
	}
	ui_switch(&app, first_screen());
	app.dirty = 1;
	run_loop(&app);
	code = 0;
	while (app.nmodals)
		ui_modal_pop(&app);
	for (size_t i = 0; i < ui_nscreens; i++)
		if (app.states[i] && ui_screens[i]->free)
			ui_screens[i]->free(app.states[i]);
	ui_term_stop();
done:
	ui_log_free(&app.log);
	ui_history_free(&app.commands);
	ui_free(app.states);
	ui_free(app.dir);
	ui_free(app.display);
	return code;
}
