/*
 * ui/events.c — the event queue between any thread and the curses thread,
 * and the log pane's lines. A worker (or the core's log callback, which may
 * run on a worker) posts an event: it goes into a bounded ring under a
 * mutex and one byte on the self-pipe wakes the loop, which takes the
 * events one by one on the UI thread and hands them to the screens.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app.h"
#include "slipway/log.h"

#define QUEUE_MAX 4096
#define LOG_MAX   (QUEUE_MAX / 2) /* log lines beyond this wait are dropped */

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct ui_event ring[QUEUE_MAX];
static size_t head, count, dropped;

size_t ui_events_dropped(void)
{
	size_t n;
	pthread_mutex_lock(&lock);
	n = dropped;
	pthread_mutex_unlock(&lock);
	return n;
}
static int log_test_mode;

int ui_post(int type, void *data, void (*free_data)(void *))
{
	int rc = 0;
	pthread_mutex_lock(&lock);
	if (count == QUEUE_MAX || (type == UI_EV_LOG && count >= LOG_MAX)) {
		dropped++;
		rc = -1;
	} else {
		struct ui_event *ev = &ring[(head + count++) % QUEUE_MAX];
		ev->type = type;
		ev->data = data;
		ev->free_data = free_data;
	}
	pthread_mutex_unlock(&lock);
	if (rc < 0 && free_data)
		free_data(data);
	ui_wake();
	return rc;
}

int ui_event_take(struct ui_event *ev)
{
	int got = 0;
	pthread_mutex_lock(&lock);
	if (count) {
		*ev = ring[head];
		head = (head + 1) % QUEUE_MAX;
		count--;
		got = 1;
	}
	pthread_mutex_unlock(&lock);
	return got;
}

void ui_event_done(struct ui_event *ev)
{
	if (ev->free_data && ev->data)
		ev->free_data(ev->data);
	ev->data = NULL;
}

void ui_events_clear(void)
{
	struct ui_event ev;
	while (ui_event_take(&ev))
		ui_event_done(&ev);
}

/* Posts one log line "HH:MM:SS level message" (00:00:00 in test mode). */
static void post_line(const char *level, const char *message)
{
	char line[1024], stamp[16] = "00:00:00";
	char *copy;
	if (!log_test_mode) {
		time_t now = time(NULL);
		struct tm tm;
		if (localtime_r(&now, &tm))
			strftime(stamp, sizeof stamp, "%H:%M:%S", &tm);
	}
	snprintf(line, sizeof line, "%s %-5s %s", stamp, level, message);
	if ((copy = ui_strdup(line)))
		ui_post(UI_EV_LOG, copy, ui_free);
}

/* The core's log callback: may run on any thread, so it only posts. */
static void log_to_queue(enum sw_log_level level, const char *message, void *userdata)
{
	(void)userdata;
	post_line(sw_log_level_name(level), message);
}

void ui_log(const char *fmt, ...)
{
	char message[900];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(message, sizeof message, fmt, ap);
	va_end(ap);
	post_line("ui", message);
}

void ui_log_install(int test_mode)
{
	log_test_mode = test_mode;
	sw_log_set(log_to_queue, SW_LOG_INFO, NULL);
}

void ui_log_push(struct ui_log *log, char *line)
{
	if (log->count == UI_LOG_LINES) {
		ui_free(log->lines[log->start]);
		log->lines[log->start] = line;
		log->start = (log->start + 1) % UI_LOG_LINES;
		return;
	}
	log->lines[(log->start + log->count) % UI_LOG_LINES] = line;
	log->count++;
}

void ui_log_free(struct ui_log *log)
{
	sw_log_set(NULL, SW_LOG_ERROR, NULL);
	for (size_t i = 0; i < log->count; i++)
		ui_free(log->lines[(log->start + i) % UI_LOG_LINES]);
	log->count = 0;
	ui_events_clear();
}
