/*
 * ui/term.c — the terminal and the wake-ups of the loop: curses start and
 * stop, the self-pipe the loop polls (SIGWINCH and posted events write one
 * byte to it), and the signal handlers: fatal signals restore the terminal,
 * then the action that was in place before runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "app.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define SW_UI_SANITIZER 1
#endif

#define PIPE_WINCH 'W'

static int pipe_fds[2] = {-1, -1};
static SCREEN *screen;
static volatile sig_atomic_t curses_on;

/* Fatal signals: the terminal is restored, then the previous action runs. */
static const int fatal_signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT,
                                    SIGTERM, SIGHUP, SIGINT, SIGQUIT};
#define NFATAL (sizeof fatal_signals / sizeof fatal_signals[0])
static struct sigaction old_actions[NFATAL];

/* Restores the terminal and re-raises with the action in place before us. */
static void on_fatal(int sig)
{
	if (curses_on) {
		curses_on = 0;
		endwin();
	}
	for (size_t i = 0; i < NFATAL; i++)
		if (fatal_signals[i] == sig)
			sigaction(sig, &old_actions[i], NULL);
	raise(sig);
}

#ifdef SW_UI_SANITIZER
/* A sanitizer report ends the process without a signal: restore first. */
static void on_sanitizer_death(void)
{
	if (curses_on) {
		curses_on = 0;
		endwin();
	}
}
#endif

/* SIGWINCH: wake the loop, which asks the terminal for its size. */
static void on_winch(int sig)
{
	int saved = errno;
	char c = PIPE_WINCH;
	(void)sig;
	if (write(pipe_fds[1], &c, 1) < 0) {
		/* the pipe is full: a wake-up is already pending */
	}
	errno = saved;
}

/* Installs the handlers (before initscr, so curses keeps its hands off). */
static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_winch;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGWINCH, &sa, NULL);
	sa.sa_handler = on_fatal;
	sa.sa_flags = 0;
	for (size_t i = 0; i < NFATAL; i++)
		sigaction(fatal_signals[i], &sa, &old_actions[i]);
}

int ui_term_start(struct ui_app *app)
{
	if (pipe(pipe_fds) < 0)
		return -1;
	for (int i = 0; i < 2; i++) {
		fcntl(pipe_fds[i], F_SETFL, fcntl(pipe_fds[i], F_GETFL) | O_NONBLOCK);
		fcntl(pipe_fds[i], F_SETFD, FD_CLOEXEC);
	}
	install_signals();
#ifdef SW_UI_SANITIZER
	__sanitizer_set_death_callback(on_sanitizer_death);
#endif
	if (!(screen = newterm(NULL, stdout, stdin)))
		return -1; /* unlike initscr(), this returns: e.g. TERM unknown */
	set_term(screen);
	curses_on = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(100);
	curs_set(0);
	mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	app->color = has_colors() && !getenv("NO_COLOR");
	if (app->color) {
		start_color();
		use_default_colors();
	}
	ui_theme_init(app->color);
	getmaxyx(stdscr, app->rows, app->cols);
	return 0;
}

void ui_term_stop(void)
{
	if (curses_on) {
		curses_on = 0;
		endwin();
	}
	if (screen)
		delscreen(screen);
	screen = NULL;
	for (size_t i = 0; i < NFATAL; i++)
		sigaction(fatal_signals[i], &old_actions[i], NULL);
	signal(SIGWINCH, SIG_DFL);
	for (int i = 0; i < 2; i++) {
		if (pipe_fds[i] >= 0)
			close(pipe_fds[i]);
		pipe_fds[i] = -1;
	}
}

int ui_event_fd(void)
{
	return pipe_fds[0];
}

void ui_wake(void)
{
	char c = 'E';
	if (pipe_fds[1] >= 0 && write(pipe_fds[1], &c, 1) < 0) {
		/* full pipe: the loop will wake anyway */
	}
}

int ui_wake_drain(void)
{
	char buf[64];
	ssize_t n;
	int resized = 0;
	while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0)
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == PIPE_WINCH)
				resized = 1;
	return resized;
}
