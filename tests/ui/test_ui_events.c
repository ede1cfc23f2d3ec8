/*
 * tests/ui/test_ui_events.c — the workbench's event queue and jobs, without
 * a terminal: events posted from several threads all arrive, in order per
 * thread, with their data freed once; log lines beyond the queue's share
 * are dropped (and freed); a job reports, stops when cancelled, and its end
 * arrives as an event carrying the job.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "app.h"
#include "slipway/common.h"

#define THREADS    4
#define PER_THREAD 500
#define EV_TEST    (UI_EV_SCREEN + 1)
#define EV_DONE    (UI_EV_SCREEN + 2)
#define EV_TICK    (UI_EV_SCREEN + 3)

static pthread_mutex_t freed_lock = PTHREAD_MUTEX_INITIALIZER;
static int freed;

static void count_free(void *p)
{
	pthread_mutex_lock(&freed_lock);
	freed++;
	pthread_mutex_unlock(&freed_lock);
	free(p);
}

/* Posts PER_THREAD events whose data is (thread, sequence). */
static void *poster(void *arg)
{
	int t = (int)(intptr_t)arg;
	for (int i = 0; i < PER_THREAD; i++) {
		int *d = malloc(2 * sizeof(int));
		if (!d)
			return NULL;
		d[0] = t;
		d[1] = i;
		ui_post(EV_TEST, d, count_free);
	}
	return NULL;
}

static void test_many_threads(void **state)
{
	pthread_t th[THREADS];
	int next[THREADS] = {0};
	struct ui_event ev;
	int total = 0;
	(void)state;
	freed = 0;
	for (int t = 0; t < THREADS; t++)
		assert_int_equal(pthread_create(&th[t], NULL, poster, (void *)(intptr_t)t), 0);
	for (int t = 0; t < THREADS; t++)
		pthread_join(th[t], NULL);
	while (ui_event_take(&ev)) {
		int *d = ev.data;
		assert_int_equal(ev.type, EV_TEST);
		assert_int_equal(d[1], next[d[0]]); /* each thread's events in order */
		next[d[0]]++;
		total++;
		ui_event_done(&ev);
		assert_null(ev.data);
	}
	assert_int_equal(total, THREADS * PER_THREAD);
	assert_int_equal(freed, THREADS * PER_THREAD);
	assert_int_equal(ui_events_dropped(), 0);
}

/* Log lines are capped at half the queue; other events still fit. */
static void test_log_cap(void **state)
{
	struct ui_event ev;
	int logs = 0, others = 0;
	size_t before = ui_events_dropped();
	(void)state;
	freed = 0;
	for (int i = 0; i < 3000; i++)
		ui_post(UI_EV_LOG, malloc(8), count_free);
	assert_int_equal(ui_events_dropped() - before, 3000 - 2048);
	assert_int_equal(freed, 3000 - 2048); /* the dropped ones, at once */
	assert_int_equal(ui_post(EV_TEST, NULL, NULL), 0);
	while (ui_event_take(&ev)) {
		logs += ev.type == UI_EV_LOG;
		others += ev.type == EV_TEST;
		ui_event_done(&ev);
	}
	assert_int_equal(logs, 2048);
	assert_int_equal(others, 1);
	assert_int_equal(freed, 3000);
}

/* A job that ticks until it is cancelled. */
static int ticker(struct ui_job *job, void *arg)
{
	int *ticks = arg;
	while (!ui_job_cancelled(job)) {
		if (*ticks < 1000000)
			(*ticks)++;
		if (*ticks == 1)
			ui_post(EV_TICK, NULL, NULL);
	}
	return SW_ECANCELLED;
}

static void test_job_cancel(void **state)
{
	struct ui_job *job = NULL;
	struct ui_event ev;
	int ticks = 0, ticked = 0, done = 0;
	(void)state;
	assert_int_equal(ui_job_start(&job, ticker, &ticks, EV_DONE), 0);
	while (!done) {
		if (!ui_event_take(&ev))
			continue;
		if (ev.type == EV_TICK) {
			ticked = 1;
			assert_false(ui_job_cancelled(job));
			ui_job_cancel(job);
		} else if (ev.type == EV_DONE) {
			assert_ptr_equal(ev.data, job);
			done = 1;
		}
		ui_event_done(&ev);
	}
	assert_true(ticked);
	assert_int_equal(ui_job_join(job), SW_ECANCELLED);
	assert_true(ticks >= 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_many_threads),
	        cmocka_unit_test(test_log_cap),
	        cmocka_unit_test(test_job_cancel),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
