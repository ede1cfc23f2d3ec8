/*
 * ui/jobs.c — long work off the curses thread: a job is one worker thread
 * running a function that reports through the event queue and polls a
 * cancel flag; its end is itself an event, so the UI thread joins it
 * without ever blocking on it while it runs.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

#include "app.h"

struct ui_job {
	pthread_t thread;
	ui_job_fn fn;
	void *arg;
	int done_type;
	int result;
	atomic_int cancelled;
};

/* The thread: runs the function, then posts the end. */
static void *job_main(void *p)
{
	struct ui_job *job = p;
	job->result = job->fn(job, job->arg);
	ui_post(job->done_type, job, NULL);
	return NULL;
}

int ui_job_start(struct ui_job **out, ui_job_fn fn, void *arg, int done_type)
{
	struct ui_job *job = ui_calloc(1, sizeof *job);
	*out = NULL;
	if (!job)
		return -1;
	job->fn = fn;
	job->arg = arg;
	job->done_type = done_type;
	atomic_init(&job->cancelled, 0);
	if (pthread_create(&job->thread, NULL, job_main, job) != 0) {
		ui_free(job);
		return -1;
	}
	*out = job;
	return 0;
}

void ui_job_cancel(struct ui_job *job)
{
	atomic_store(&job->cancelled, 1);
}

int ui_job_cancelled(const struct ui_job *job)
{
	return atomic_load(&((struct ui_job *)job)->cancelled);
}

int ui_job_join(struct ui_job *job)
{
	int result;
	pthread_join(job->thread, NULL);
	result = job->result;
	ui_free(job);
	return result;
}
