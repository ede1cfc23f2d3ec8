/*
 * ui/term.c — the terminal and the wake-ups of the loop: curses start and
 * stop, signal handlers (SIGWINCH and fatal signals write to / restore
 * through a self-pipe), the event queue that workers post to (a mutex and
 * one byte on the pipe per post), and the log queue fed by the core's log
 * callback from any thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curses.h>

#include "app.h"
#include "slipway/log.h"

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/common_interface_defs.h>
#define SW_UI_SANITIZER 1
#endif

#define PIPE_WINCH 'W'

static int pipe_fds[2] = {-1, -1};
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned pending_events;
static char *pending_log[UI_LOG_LINES];
static size_t pending_count;
static int log_test_mode;
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
	if (!initscr())
		return -1;
	curses_on = 1;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
	                  BUTTON5_PRESSED,
	          NULL);
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

void ui_post(int type)
{
	char c = 'E';
	pthread_mutex_lock(&queue_lock);
	pending_events |= 1u << type;
	pthread_mutex_unlock(&queue_lock);
	if (pipe_fds[1] >= 0 && write(pipe_fds[1], &c, 1) < 0) {
		/* full pipe: the loop will wake anyway */
	}
}

unsigned ui_event_drain(int *resized)
{
	char buf[64];
	ssize_t n;
	unsigned events;
	*resized = 0;
	while ((n = read(pipe_fds[0], buf, sizeof buf)) > 0)
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == PIPE_WINCH)
				*resized = 1;
	pthread_mutex_lock(&queue_lock);
	events = pending_events;
	pending_events = 0;
	pthread_mutex_unlock(&queue_lock);
	return events;
}

/* The core's log callback: may run on any thread, so it only queues. */
static void log_to_queue(enum sw_log_level level, const char *message, void *userdata)
{
	char line[1024];
	char stamp[16] = "00:00:00";
	(void)userdata;
	if (!log_test_mode) {
		time_t now = time(NULL);
		struct tm tm;
		if (localtime_r(&now, &tm))
			strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
	}
	snprintf(line, sizeof line, "%s %-5s %s", stamp, sw_log_level_name(level), message);
	pthread_mutex_lock(&queue_lock);
	if (pending_count == UI_LOG_LINES) {
		free(pending_log[0]);
		memmove(pending_log, pending_log + 1, sizeof(char *) * (UI_LOG_LINES - 1));
		pending_count--;
	}
	if ((pending_log[pending_count] = ui_strdup(line)))
		pending_count++;
	pthread_mutex_unlock(&queue_lock);
	ui_post(UI_EV_LOG);
}

void ui_log_install(int test_mode)
{
	log_test_mode = test_mode;
	sw_log_set(log_to_queue, SW_LOG_INFO, NULL);
}

/* Appends one line to the ring, dropping the oldest when full. */
static void log_push(struct ui_log *log, char *line)
{
	if (log->count == UI_LOG_LINES) {
		free(log->lines[log->start]);
		log->lines[log->start] = line;
		log->start = (log->start + 1) % UI_LOG_LINES;
		return;
	}
	log->lines[(log->start + log->count) % UI_LOG_LINES] = line;
	log->count++;
}

void ui_log_collect(struct ui_app *app)
{
	pthread_mutex_lock(&queue_lock);
	for (size_t i = 0; i < pending_count; i++)
		log_push(&app->log, pending_log[i]);
	pending_count = 0;
	pthread_mutex_unlock(&queue_lock);
}

void ui_log_free(struct ui_log *log)
{
	for (size_t i = 0; i < log->count; i++)
		free(log->lines[(log->start + i) % UI_LOG_LINES]);
	log->count = 0;
	sw_log_set(NULL, SW_LOG_ERROR, NULL);
	pthread_mutex_lock(&queue_lock);
	for (size_t i = 0; i < pending_count; i++)
		free(pending_log[i]);
	pending_count = 0;
	pthread_mutex_unlock(&queue_lock);
}
