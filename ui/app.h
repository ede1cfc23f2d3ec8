/*
 * ui/app.h — the workbench's internals shared by its files: the app state,
 * screens and their key bindings (data), modal layers (prompt, pager,
 * message), the event queue fed by workers, and the drawing helpers.
 *
 * One thread owns curses. Handlers return a bitmask (UI_HANDLED, UI_DIRTY,
 * UI_QUIT) and never draw; the loop draws once per turn when something is
 * dirty and calls doupdate() once.
 */
#ifndef SW_UI_APP_H
#define SW_UI_APP_H

#include <stddef.h>

#include "ui.h"

/* What a handler did. */
enum { UI_IGNORED = 0, UI_HANDLED = 1, UI_DIRTY = 2, UI_QUIT = 4 };

/* Keys: characters are their code point; curses function keys are tagged. */
#define UI_FKEY    0x1000000
#define UI_K(k)    (UI_FKEY | (k))
#define UI_CTRL(c) ((c)&0x1f)
#define UI_ESC     27

/* Mouse actions passed to screens. */
enum ui_mouse { UI_MOUSE_CLICK, UI_MOUSE_DOUBLE, UI_MOUSE_WHEEL_UP, UI_MOUSE_WHEEL_DOWN };

/* Styles: indices into the theme table (draw.c). */
enum ui_style {
	UI_S_NORMAL,
	UI_S_TITLE,
	UI_S_TAB,
	UI_S_TAB_ACTIVE,
	UI_S_KEY,
	UI_S_KEYLABEL,
	UI_S_KEY_DISABLED,
	UI_S_STATUS,
	UI_S_SELECTED,
	UI_S_DIM,
	UI_S_LABEL,
	UI_S_ERROR,
	UI_S_WARNING,
	UI_S_INFO,
	UI_S_OK,
	UI_S_DIFF_ADD,
	UI_S_DIFF_DEL,
	UI_S_DIFF_HUNK,
	UI_S_BORDER,
	UI_S_COUNT
};

/* Glyphs with an ASCII fallback for terminals without UTF-8. */
enum ui_glyph {
	UI_G_ERROR,
	UI_G_WARNING,
	UI_G_INFO,
	UI_G_IDLE,
	UI_G_BAR,
	UI_G_DIRTY,
	UI_G_ARROW,
	UI_G_COUNT
};

struct ui_rect {
	int y, x, h, w;
};

struct ui_app;
struct ui_event;

/* One key binding: data from which the key bar and the help overlay are
 * generated. `disabled` says why the action cannot run now (NULL: it can). */
struct ui_binding {
	int key;
	int key2;            /* a second key for the same action, or 0 */
	const char *keyname; /* as shown, e.g. "Enter", "a", "^S" */
	const char *label;   /* one or two words for the key bar; NULL: help only */
	const char *help;    /* one line for the help overlay */
	int (*action)(struct ui_app *app, void *state);
	const char *(*disabled)(const struct ui_app *app, const void *state);
};

/* A screen: callbacks plus its binding table. Any callback may be NULL. */
struct ui_screen {
	const char *name;  /* the tab label */
	const char *about; /* one line, top of the help overlay */
	int (*init)(struct ui_app *app, void **state);
	void (*free)(void *state);
	void (*layout)(struct ui_app *app, void *state, struct ui_rect area);
	void (*draw)(struct ui_app *app, void *state, struct ui_rect area);
	/* Keys the bindings do not take (navigation). */
	int (*key)(struct ui_app *app, void *state, int key);
	/* An event from the queue (see enum ui_event_type); non-zero: redraw. */
	int (*event)(struct ui_app *app, void *state, const struct ui_event *ev);
	/* A mouse action at y,x relative to the screen's area. */
	int (*mouse)(struct ui_app *app, void *state, int y, int x, enum ui_mouse what);
	const struct ui_binding *bindings;
	size_t nbindings;
};

/* The registry (screens.c), in tab order. */
extern const struct ui_screen *const ui_screens[];
extern const size_t ui_nscreens;

/* A modal layer drawn over the screen, taking every key while it is up. */
struct ui_modal_ops {
	void (*draw)(struct ui_app *app, void *state);
	int (*key)(struct ui_app *app, void *state, int key);
	void (*free)(void *state);
};

/* Events posted to the UI thread. Screens may add their own types from
 * UI_EV_SCREEN on (e.g. a worker's progress). */
enum ui_event_type {
	UI_EV_LOG = 1,       /* data: one log line (char *), kept by the log pane */
	UI_EV_FILES_CHANGED, /* a command may have changed files of the project */
	UI_EV_SCREEN = 100
};

struct ui_event {
	int type;
	void *data; /* owned by the event until it is done */
	void (*free_data)(void *data);
};

#define UI_MAX_MODALS 4
#define UI_HISTORY    32

/* Lines entered at a prompt, oldest first. */
struct ui_history {
	char *items[UI_HISTORY];
	size_t count;
};
#define UI_LOG_LINES 500

struct ui_log {
	char *lines[UI_LOG_LINES];
	size_t start, count;
};

struct ui_app {
	size_t current; /* index of the shown screen */
	void **states;  /* one per screen, NULL until initialised */
	int rows, cols;
	int test_mode, color, utf8;
	int show_log;
	int quit;
	int dirty;
	struct {
		const struct ui_modal_ops *ops;
		void *state;
	} modals[UI_MAX_MODALS];
	size_t nmodals;
	char status[512];
	enum ui_style status_style;
	struct ui_log log;
	struct ui_history commands; /* of the `:` prompt */
	size_t log_scroll;
	char *dir;     /* the project folder (absolute) */
	char *display; /* its name as shown in the title */
	sw_ui_command_fn run_command;
};

/* ---- app.c ------------------------------------------------------------- */

/* The keys that work on every screen. */
extern const struct ui_binding ui_global_bindings[];
extern const size_t ui_nglobal;

/* Shows a one-line message in the status line. */
void ui_status(struct ui_app *app, enum ui_style style, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));
/* Switches to screen `index` (initialising it on first use). */
void ui_switch(struct ui_app *app, size_t index);
/* The rectangle screens draw in (between the tabs and the status line). */
struct ui_rect ui_content_rect(const struct ui_app *app);
/* Pushes a modal layer; on failure frees `state` with ops->free. */
int ui_modal_push(struct ui_app *app, const struct ui_modal_ops *ops, void *state);
/* Pops and frees the top modal layer. */
void ui_modal_pop(struct ui_app *app);
/* Runs a command line typed at the prompt; shows its output in a pager. */
void ui_run_command_line(struct ui_app *app, const char *line);

/* ---- term.c: terminal, signals, self-pipe ---------------------------------- */

int ui_term_start(struct ui_app *app);
void ui_term_stop(void);
/* The self-pipe's read end (poll it with stdin). */
int ui_event_fd(void);
/* Wakes the loop (any thread). */
void ui_wake(void);
/* Empties the pipe; returns 1 when SIGWINCH was among the wake-ups. */
int ui_wake_drain(void);

/* ---- events.c: the queue from any thread to the UI thread ------------------ */

/* Posts an event from any thread and wakes the loop; `data` is handed over
 * (freed with free_data once handled, or right away when the queue is
 * full: then -1). The queue holds 4096 events, log lines at most half. */
int ui_post(int type, void *data, void (*free_data)(void *));
/* How many events were dropped because the queue was full. */
size_t ui_events_dropped(void);
/* Takes the oldest event (UI thread): 1 if there was one. */
int ui_event_take(struct ui_event *ev);
/* Frees what an event still owns. */
void ui_event_done(struct ui_event *ev);
/* Drops every queued event. */
void ui_events_clear(void);
/* Adds a line of the workbench's own to the log pane (any thread). */
void ui_log(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Installs the core's log callback, which posts UI_EV_LOG events. */
void ui_log_install(int test_mode);
/* Appends a line to the log pane's ring (takes it). */
void ui_log_push(struct ui_log *log, char *line);
/* Removes the callback, frees the lines and the queued events. */
void ui_log_free(struct ui_log *log);

/* ---- jobs.c: long work on a worker thread ------------------------------------ */

/* A job runs fn(job, arg) on its own thread; it reports through ui_post()
 * and stops early when ui_job_cancelled() (pass that as the core's
 * progress callback: a non-zero return cancels with SW_ECANCELLED). When fn
 * returns, an event of type `done_type` is posted with data = the job and
 * no free function: the UI thread then calls ui_job_join(). */
struct ui_job;
typedef int (*ui_job_fn)(struct ui_job *job, void *arg);
int ui_job_start(struct ui_job **out, ui_job_fn fn, void *arg, int done_type);
/* Asks the job to stop (any thread). */
void ui_job_cancel(struct ui_job *job);
/* 1 once the job was asked to stop. */
int ui_job_cancelled(const struct ui_job *job);
/* Waits for the thread, frees the job, returns fn's result. */
int ui_job_join(struct ui_job *job);

/* ---- draw.c ------------------------------------------------------------ */

void ui_theme_init(int color);
/* The attributes of a style. */
int ui_attr(enum ui_style style);
const char *ui_glyph(const struct ui_app *app, enum ui_glyph g);
/* Draws UTF-8 text at y,x in at most w columns; returns the columns used. */
int ui_text(int y, int x, int w, const char *s, enum ui_style style);
int ui_textn(int y, int x, int w, const char *s, size_t len, enum ui_style style);
/* Fills a row segment with spaces in a style. */
void ui_fill(int y, int x, int w, enum ui_style style);
/* Draws a box with a title and clears its inside. */
void ui_box(struct ui_rect r, const char *title);
/* A rectangle of h x w centred in the terminal (clipped to it). */
struct ui_rect ui_centered(const struct ui_app *app, int h, int w);

/* ---- modal.c ----------------------------------------------------------- */

/* Called with the text entered at a prompt (not with Esc). Returns
 * UI_* bits; the prompt is already closed. */
typedef int (*ui_prompt_fn)(struct ui_app *app, void *ctx, const char *text);
/* Opens a one-line prompt with a label and an initial value; with a
 * history, Up/Down recall its lines and the entered line is added. */
int ui_prompt(struct ui_app *app, const char *label, const char *initial,
              struct ui_history *history, ui_prompt_fn done, void *ctx);
void ui_history_add(struct ui_history *h, const char *line);
void ui_history_free(struct ui_history *h);
/* Called when the user confirms a pager opened with a confirm label. */
typedef int (*ui_confirm_fn)(struct ui_app *app, void *ctx);
/* Opens a scrolling text viewer over `text` (copied). With `confirm`
 * non-NULL, 'y' calls it and Esc/'n' cancels; `diff` colours +/- lines. */
int ui_pager(struct ui_app *app, const char *title, const char *text, size_t len, int diff,
             const char *confirm_label, ui_confirm_fn confirm, void *ctx);
/* A message box (wrapped text); any key closes it. */
int ui_message(struct ui_app *app, const char *title, const char *text, enum ui_style style);
/* The help overlay of the current screen and the global keys. */
int ui_help(struct ui_app *app);

/* ---- text.c (pure) ------------------------------------------------------ */

/* Display columns of UTF-8 text (invalid bytes and controls count 1). */
size_t ui_utf8_width(const char *s, size_t len);
/* How many bytes of `s` fit in `cols` columns; *used gets their width. */
size_t ui_utf8_fit(const char *s, size_t len, size_t cols, size_t *used);
/* Byte length of the UTF-8 character before offset `at` (>= 1 if at > 0). */
size_t ui_utf8_prev(const char *s, size_t at);
/* Byte length of the UTF-8 character at `at` (>= 1 if s[at]). */
size_t ui_utf8_next(const char *s, size_t len, size_t at);
/* Splits a command line into words: whitespace separates, single and double
 * quotes group, backslash escapes outside single quotes. *argv is a new
 * NULL-terminated array of new strings (ui_argv_free). -1 for an unclosed
 * quote, -2 out of memory. */
int ui_split_args(char ***argv, int *argc, const char *line);
void ui_argv_free(char **argv);
/* Counts the lines of text (a last line without '\n' counts). */
size_t ui_line_count(const char *text, size_t len);
/* Case-insensitive (ASCII) search of every space-separated word of `query`
 * in `s`: 1 when all are found. An empty query matches. */
int ui_match_words(const char *s, const char *query);

/* ---- cmdrun.c ---------------------------------------------------------- */

/* Runs argv through the command runner with stdout and stderr captured
 * (stdin from /dev/null): *out is a new NUL-terminated string (ui_free()),
 * *code the exit code. -1 when capturing failed (errno-style message in
 * *out when possible). */
int ui_capture_command(char **out, size_t *len, int *code, sw_ui_command_fn run, int argc,
                       char **argv);

/* ---- mem.c: allocation (ui/ may not use the core's private allocator) --- */

void *ui_malloc(size_t size);
void *ui_calloc(size_t n, size_t size);
void *ui_realloc(void *p, size_t size);
void ui_free(void *p);
/* Test hook: the allocation after the next n fails, and every one after
 * it; -1 turns failures off. Not thread-safe: for single-threaded tests. */
void ui_mem_fail_after(long n);
/* text.c: copies through ui_malloc. */
char *ui_strdup(const char *s);
char *ui_strndup(const char *s, size_t n);

#endif
