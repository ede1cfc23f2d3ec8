/*
 * slipway/proc.h — running a child process: no shell, output captured into
 * bounded buffers and/or delivered line by line as it arrives, cancel and
 * timeout, the exit status or signal reported.
 *
 * sw_proc_run() spawns argv[0] (looked up on PATH when it has no '/'),
 * feeds its stdin from /dev/null or from a buffer, reads stdout and stderr
 * with poll() on both pipes until both are closed and the child has exited,
 * and reaps it. Every descriptor it opens is close-on-exec, so concurrent
 * spawns in other threads do not inherit them; SIGPIPE from writing the
 * child's stdin is blocked and consumed; EINTR is retried. It may be called
 * from any thread, provided nothing else in the process reaps children it
 * did not start (waitpid(-1, ...)) or sets SIGCHLD to SIG_IGN.
 *
 * The child starts with the default disposition for SIGPIPE, SIGINT,
 * SIGQUIT, SIGTERM, SIGHUP and SIGCHLD and an empty signal mask.
 *
 * A child that exits with a non-zero status, or is killed by a signal, is
 * NOT an error of sw_proc_run(): the status is in the result; see
 * sw_proc_result_describe() for a message.
 */
#ifndef SLIPWAY_PROC_H
#define SLIPWAY_PROC_H

#include <stddef.h>

#include "slipway/buf.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Which stream a line came from. */
enum sw_proc_stream { SW_PROC_STDOUT = 1, SW_PROC_STDERR = 2 };

/* Receives one line of output as it arrives, without its '\n' (a '\r'
 * before it is kept). `line` is NUL-terminated and borrowed for the call.
 * A line longer than opts->max_line bytes arrives in pieces of max_line
 * bytes; an unterminated last line is delivered when its stream closes.
 * Lines of one stream arrive in order; lines of the two streams arrive in
 * the order the parent reads them. A non-zero return cancels the run as
 * the cancel hook does. */
typedef int (*sw_proc_line_fn)(void *userdata, enum sw_proc_stream stream, const char *line,
                               size_t len);

/* Asked about every 50 ms and after every read: a non-zero return cancels
 * the run. */
typedef int (*sw_proc_cancel_fn)(void *userdata);

#define SW_PROC_OPTS_VERSION     1
#define SW_PROC_MAX_LINE_DEFAULT 4096
#define SW_PROC_GRACE_MS_DEFAULT 2000

typedef struct sw_proc_opts {
	unsigned struct_version; /* SW_PROC_OPTS_VERSION */
	const char *cwd;         /* working directory of the child, or NULL */
	/* Environment: the parent's, minus the names in env_unset, with the
	 * "NAME=VALUE" entries of env_set added (replacing a name already
	 * there). Both are NULL-terminated arrays, or NULL. PATH lookup of
	 * argv[0] uses PATH from the resulting environment. */
	const char *const *env_set;
	const char *const *env_unset;
	/* stdin: these bytes (then EOF), or /dev/null when stdin_data is NULL. */
	const char *stdin_data;
	size_t stdin_len;
	/* Captured output, or NULL to not capture. Appended to (initialised by
	 * the caller with its maximum). Capture stops at the buffer's maximum
	 * (the result says so; the buffer keeps no error); the stream is still
	 * read to the end, and lines still go to on_line. */
	sw_buf *out_buf;
	sw_buf *err_buf;
	sw_proc_line_fn on_line;  /* or NULL */
	size_t max_line;          /* 0: SW_PROC_MAX_LINE_DEFAULT */
	sw_proc_cancel_fn cancel; /* or NULL */
	void *userdata;           /* for on_line and cancel */
	unsigned timeout_ms;      /* 0: none; else the run ends like a cancel */
	unsigned grace_ms;        /* SIGTERM to SIGKILL; 0: SW_PROC_GRACE_MS_DEFAULT */
	/* 1: the child leads a new process group and cancel/timeout signal the
	 * whole group (so grandchildren stop too); the terminal's Ctrl-C then
	 * no longer reaches it, so the caller should turn SIGINT into a
	 * cancel. 0: the child stays in the caller's group. */
	int new_group;
} sw_proc_opts;

#define SW_PROC_OPTS_INIT                                                                          \
	{                                                                                          \
		SW_PROC_OPTS_VERSION, NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL, 0, NULL, NULL,  \
		        0, 0, 0                                                                    \
	}

/* How the child ended. */
typedef struct sw_proc_result {
	int exited;        /* 1: exited normally with exit_code */
	int exit_code;     /* 0-255 when exited */
	int signaled;      /* 1: killed by term_signal */
	int term_signal;   /* the signal number when signaled */
	int cancelled;     /* 1: stopped because of cancel or on_line */
	int timed_out;     /* 1: stopped because of timeout_ms */
	int out_truncated; /* 1: out_buf reached its maximum */
	int err_truncated; /* 1: err_buf reached its maximum */
	long pid;          /* the child's process id (for logs) */
} sw_proc_result;

/* Runs argv (a NULL-terminated array; argv[0] the program) and waits for it.
 * `out` may be NULL. On cancel the child gets SIGTERM, then SIGKILL after
 * the grace period, and is reaped before returning.
 * Errors: SW_EINVAL (no argv[0], bad opts), SW_ENOTFOUND (argv[0] does not
 * exist or is not executable: the message names it and the PATH searched),
 * SW_ESUBPROCESS (the child could not be started, or timed out — `out`
 * says which), SW_ECANCELLED (cancel or on_line asked to stop; the child
 * was stopped and reaped), SW_ENOMEM. */
int sw_proc_run(sw_proc_result *out, const char *const *argv, const sw_proc_opts *opts);

/* Finds `name` like the spawn does: a name with '/' is checked as is,
 * else each directory of `path` (PATH's syntax; NULL: the environment's
 * PATH) is tried. On success `*out` is the path (free with sw_free).
 * Errors: SW_ENOTFOUND (message names `name` and the PATH), SW_ENOMEM. */
int sw_proc_which(char **out, const char *name, const char *path);

/* Writes a short description of how the child ended into `buf` (always
 * NUL-terminated): "exited with status 2", "killed by signal 9 (SIGKILL)",
 * "cancelled", "timed out". Returns `buf`. */
const char *sw_proc_result_describe(const sw_proc_result *result, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
