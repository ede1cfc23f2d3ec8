/*
 * unit/test_proc.c — child processes (slipway/proc.h), driven by /bin/sh
 * snippets: captured output, lines (split, flushed, interleaved in order),
 * exit codes and signals, cancel (with SIGKILL after the grace period),
 * timeout, bounded capture of large output, stdin, a missing executable,
 * environment and working directory, descriptors, and a worker thread.
 *
 * Run as `test_proc pep517 [options] PROJECT_DIR` it is instead the driver
 * of the PEP 517 frontend (slipway/pep517.h) that tests/oracle/
 * test_pep517.py runs, so the frontend is tested through its API on a
 * worker thread, as the UI uses it (see pep517_driver below).
 */
#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmocka.h>

#include "slipway/pep517.h"
#include "support/failing_alloc.h"
#include "slipway/proc.h"
#include "util/util.h"

/* Lines received by the callback, "1:" / "2:" + text, joined by '\n'. */
struct lines {
	sw_buf all;
	const char *fifo; /* when set, each line is acknowledged through it */
	const char *stop; /* cancel once this line arrived */
	int seen_stop;
	int cancel_calls;
};

static int on_line(void *ud, enum sw_proc_stream stream, const char *line, size_t len)
{
	struct lines *l = ud;
	assert_int_equal(strlen(line), len);
	sw_buf_printf(&l->all, "%d:%s\n", (int)stream, line);
	if (l->stop && strcmp(line, l->stop) == 0)
		l->seen_stop = 1;
	if (l->fifo) {
		int fd = open(l->fifo, O_WRONLY);
		assert_true(fd >= 0);
		assert_int_equal(write(fd, "\n", 1), 1);
		close(fd);
	}
	return 0;
}

static int on_cancel(void *ud)
{
	struct lines *l = ud;
	l->cancel_calls++;
	return l->seen_stop;
}

/* Runs `sh -c script` with the given options. */
static int run_sh(sw_proc_result *res, const char *script, sw_proc_opts *o)
{
	const char *argv[] = {"/bin/sh", "-c", script, NULL};
	return sw_proc_run(res, argv, o);
}

static void captures_both_streams(void **state)
{
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	sw_proc_result res;
	sw_buf out, err;
	(void)state;
	sw_buf_init(&out, 1024);
	sw_buf_init(&err, 1024);
	o.out_buf = &out;
	o.err_buf = &err;
	assert_int_equal(run_sh(&res, "printf 'a\\nb'; printf 'err\\n' >&2", &o), 0);
	assert_string_equal(sw_buf_cstr(&out), "a\nb");
	assert_string_equal(sw_buf_cstr(&err), "err\n");
	assert_int_equal(res.exited, 1);
	assert_int_equal(res.exit_code, 0);
	assert_int_equal(res.signaled, 0);
	assert_true(res.pid > 0);
	sw_buf_free(&out);
	sw_buf_free(&err);
}

static const struct {
	const char *script;
	int exited, code, signaled, sig;
	const char *describe;
} status_vectors[] = {
        {"exit 0", 1, 0, 0, 0, "exited with status 0"},
        {"exit 3", 1, 3, 0, 0, "exited with status 3"},
        {"exit 255", 1, 255, 0, 0, "exited with status 255"},
        {"kill -9 $$", 0, 0, 1, 9, "killed by signal 9 (SIGKILL)"},
        {"kill -TERM $$", 0, 0, 1, 15, "killed by signal 15 (SIGTERM)"},
        {"kill -SEGV $$", 0, 0, 1, 11, "killed by signal 11 (SIGSEGV)"},
};

static void reports_exit_status_and_signal(void **state)
{
	(void)state;
	for (size_t i = 0; i < SW_ARRAY_LEN(status_vectors); i++) {
		sw_proc_result res;
		char text[64];
		assert_int_equal(run_sh(&res, status_vectors[i].script, NULL), 0);
		assert_int_equal(res.exited, status_vectors[i].exited);
		assert_int_equal(res.exit_code, status_vectors[i].code);
		assert_int_equal(res.signaled, status_vectors[i].signaled);
		assert_int_equal(res.term_signal, status_vectors[i].sig);
		assert_string_equal(sw_proc_result_describe(&res, text, sizeof text),
		                    status_vectors[i].describe);
	}
}

static void delivers_lines_split_and_flushed(void **state)
{
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	struct lines l = {0};
	(void)state;
	sw_buf_init(&l.all, 4096);
	o.on_line = on_line;
	o.userdata = &l;
	o.max_line = 4;
	assert_int_equal(run_sh(NULL, "printf 'one\\n\\nabcdefghij\\r\\nlast'", &o), 0);
	assert_string_equal(sw_buf_cstr(&l.all), "1:one\n1:\n1:abcd\n1:efgh\n1:ij\r\n1:last\n");
	sw_buf_free(&l.all);
}

static void interleaves_streams_in_order(void **state)
{
	char dir[] = "/tmp/sw_proc_XXXXXX";
	char fifo[64], script[512];
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	struct lines l = {0};
	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof fifo, "%s/ack", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	/* The child waits for the parent to acknowledge each line, so the
	 * order the parent sees is the order the child wrote. (A read that
	 * opened the FIFO while the previous acknowledgement's writer was
	 * still closing gets EOF: it is retried.) */
	snprintf(script, sizeof script,
	         "ack() { until read x < %s; do :; done; }; "
	         "for i in 1 2 3; do echo out$i; ack; echo err$i >&2; ack; done",
	         fifo);
	sw_buf_init(&l.all, 4096);
	l.fifo = fifo;
	o.on_line = on_line;
	o.userdata = &l;
	assert_int_equal(run_sh(NULL, script, &o), 0);
	assert_string_equal(sw_buf_cstr(&l.all),
	                    "1:out1\n2:err1\n1:out2\n2:err2\n1:out3\n2:err3\n");
	sw_buf_free(&l.all);
	unlink(fifo);
	rmdir(dir);
}

static void cancel_stops_with_sigterm(void **state)
{
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	sw_proc_result res;
	struct lines l = {0};
	(void)state;
	sw_buf_init(&l.all, 4096);
	l.stop = "ready";
	o.on_line = on_line;
	o.cancel = on_cancel;
	o.userdata = &l;
	assert_int_equal(run_sh(&res, "echo ready; exec sleep 30", &o), SW_ECANCELLED);
	assert_int_equal(res.cancelled, 1);
	assert_int_equal(res.signaled, 1);
	assert_int_equal(res.term_signal, SIGTERM);
	assert_true(l.cancel_calls > 0);
	assert_non_null(strstr(sw_error_last(), "cancelled"));
	sw_buf_free(&l.all);
}

static void cancel_escalates_to_sigkill(void **state)
{
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	sw_proc_result res;
	struct lines l = {0};
	(void)state;
	sw_buf_init(&l.all, 4096);
	l.stop = "ready";
	o.on_line = on_line;
	o.cancel = on_cancel;
	o.userdata = &l;
	o.grace_ms = 200;
	o.new_group = 1;
	assert_int_equal(run_sh(&res, "trap '' TERM; echo ready; while :; do :; done", &o),
	                 SW_ECANCELLED);
	assert_int_equal(res.signaled, 1);
	assert_int_equal(res.term_signal, SIGKILL);
	sw_buf_free(&l.all);
}

static int stop_on_line(void *ud, enum sw_proc_stream stream, const char *line, size_t len)
{
	(void)ud;
	(void)stream;
	(void)len;
	return strcmp(line, "stop") == 0;
}

static void line_callback_can_cancel(void **state)
{
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	sw_proc_result res;
	(void)state;
	o.on_line = stop_on_line;
	assert_int_equal(run_sh(&res, "echo go; echo stop; exec sleep 30", &o), SW_ECANCELLED);
	assert_int_equal(res.cancelled, 1);
}

static void timeout_stops_the_child(void **state)
{
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	sw_proc_result res;
	char text[64];
	(void)state;
	o.timeout_ms = 200;
	assert_int_equal(run_sh(&res, "exec sleep 30", &o), SW_ESUBPROCESS);
	assert_int_equal(res.timed_out, 1);
	assert_int_equal(res.cancelled, 0);
	assert_int_equal(res.term_signal, SIGTERM);
	assert_non_null(strstr(sw_error_last(), "timed out"));
	assert_string_equal(sw_proc_result_describe(&res, text, sizeof text), "timed out");
}

/* A child that writes without pause still times out (reading does not
 * starve the clock). */
static void endless_output_still_times_out(void **state)
{
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	sw_proc_result res;
	sw_buf out;
	(void)state;
	sw_buf_init(&out, 1000);
	o.out_buf = &out;
	o.timeout_ms = 300;
	assert_int_equal(run_sh(&res, "exec yes", &o), SW_ESUBPROCESS);
	assert_int_equal(res.timed_out, 1);
	assert_int_equal(res.out_truncated, 1);
	assert_int_equal(out.len, 1000);
	sw_buf_free(&out);
}

static void large_output_is_bounded(void **state)
{
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	sw_proc_result res;
	sw_buf out;
	struct lines l = {0};
	(void)state;
	sw_buf_init(&out, 1000);
	sw_buf_init(&l.all, 64 * 1024 * 1024);
	o.out_buf = &out;
	o.on_line = on_line;
	o.userdata = &l;
	o.max_line = 100000;
	/* 2 MB of 'x' as 20 lines of 100000 bytes, then "end". */
	assert_int_equal(run_sh(&res, "head -c 2000000 /dev/zero | tr '\\0' x; echo; echo end", &o),
	                 0);
	assert_int_equal(res.exited, 1);
	assert_int_equal(res.exit_code, 0);
	assert_int_equal(out.len, 1000);
	assert_int_equal(sw_buf_error(&out), 0);
	assert_int_equal(res.out_truncated, 1);
	assert_int_equal(res.err_truncated, 0);
	assert_int_equal(l.all.len, 20 * (100000 + 3) + 3 + 6);
	assert_string_equal(l.all.ptr + l.all.len - 6, "1:end\n");
	sw_buf_free(&out);
	sw_buf_free(&l.all);
}

static void feeds_stdin(void **state)
{
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	sw_proc_result res;
	sw_buf out;
	const size_t big = 4 * 1024 * 1024;
	char *data = malloc(big);
	(void)state;
	assert_non_null(data);
	memset(data, 'y', big);
	sw_buf_init(&out, 1024);
	o.out_buf = &out;
	/* No stdin: /dev/null. */
	assert_int_equal(run_sh(&res, "cat; echo .", &o), 0);
	assert_string_equal(sw_buf_cstr(&out), ".\n");
	sw_buf_clear(&out);
	o.stdin_data = "xyz";
	o.stdin_len = 3;
	assert_int_equal(run_sh(&res, "cat", &o), 0);
	assert_string_equal(sw_buf_cstr(&out), "xyz");
	/* The child reads 10 bytes and exits: writing the rest gets EPIPE,
	 * and the parent survives (no SIGPIPE). */
	sw_buf_clear(&out);
	o.stdin_data = data;
	o.stdin_len = big;
	assert_int_equal(run_sh(&res, "head -c 10", &o), 0);
	assert_string_equal(sw_buf_cstr(&out), "yyyyyyyyyy");
	assert_int_equal(res.exit_code, 0);
	sw_buf_free(&out);
	/* Both pipes full at once (4 MB in, 4 MB out): no deadlock. */
	sw_buf_init(&out, 2 * big);
	o.out_buf = &out;
	assert_int_equal(run_sh(&res, "cat", &o), 0);
	assert_int_equal(out.len, big);
	assert_memory_equal(out.ptr, data, big);
	sw_buf_free(&out);
	free(data);
}

static void missing_executable_is_named(void **state)
{
	const char *argv[] = {"no-such-program-sw", "x", NULL};
	const char *abs_argv[] = {"/nonexistent/prog", NULL};
	const char *env[] = {"PATH=/nonexistent/a:/nonexistent/b", NULL};
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	(void)state;
	o.env_set = env;
	assert_int_equal(sw_proc_run(NULL, argv, &o), SW_ENOTFOUND);
	assert_string_equal(sw_error_last(), "no-such-program-sw: command not found on "
	                                     "PATH=/nonexistent/a:/nonexistent/b");
	assert_int_equal(sw_proc_run(NULL, abs_argv, NULL), SW_ENOTFOUND);
	assert_non_null(strstr(sw_error_last(), "/nonexistent/prog"));
	/* A directory on PATH is not an executable. */
	assert_int_equal(sw_proc_run(NULL, (const char *[]){"tmp", NULL},
	                             &(sw_proc_opts){.struct_version = SW_PROC_OPTS_VERSION,
	                                             .env_set = (const char *[]){"PATH=/", NULL}}),
	                 SW_ENOTFOUND);
}

static void which_searches_path(void **state)
{
	char *found = NULL;
	(void)state;
	assert_int_equal(sw_proc_which(&found, "sh", "/nonexistent:/bin"), 0);
	assert_string_equal(found, "/bin/sh");
	sw_free(found);
	assert_int_equal(sw_proc_which(&found, "sh", "/nonexistent"), SW_ENOTFOUND);
	assert_null(found);
	assert_int_equal(sw_proc_which(&found, "", NULL), SW_EINVAL);
}

static void sets_environment_and_cwd(void **state)
{
	const char *set[] = {"SW_PROC_T=hello world", "SW_PROC_KEEP=new", NULL};
	const char *unset[] = {"SW_PROC_GONE", NULL};
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	sw_buf out;
	(void)state;
	setenv("SW_PROC_GONE", "1", 1);
	setenv("SW_PROC_KEEP", "old", 1);
	sw_buf_init(&out, 1024);
	o.out_buf = &out;
	o.env_set = set;
	o.env_unset = unset;
	o.cwd = "/usr";
	assert_int_equal(run_sh(NULL,
	                        "printf '%s|%s|%s|' \"$SW_PROC_T\" \"${SW_PROC_GONE-unset}\" "
	                        "\"$SW_PROC_KEEP\"; env | grep -c '^SW_PROC_KEEP='; pwd",
	                        &o),
	                 0);
	assert_string_equal(sw_buf_cstr(&out), "hello world|unset|new|1\n/usr\n");
	/* A relative program path is taken relative to cwd. */
	sw_buf_clear(&out);
	o.cwd = "/bin";
	assert_int_equal(sw_proc_run(NULL, (const char *[]){"./sh", "-c", "echo rel", NULL}, &o),
	                 0);
	assert_string_equal(sw_buf_cstr(&out), "rel\n");
	/* A missing cwd is an error naming it. */
	o.cwd = "/nonexistent-dir";
	assert_int_equal(run_sh(NULL, "true", &o), SW_ESUBPROCESS);
	assert_non_null(strstr(sw_error_last(), "/nonexistent-dir"));
	sw_buf_free(&out);
	unsetenv("SW_PROC_GONE");
	unsetenv("SW_PROC_KEEP");
}

/* The number of open descriptors of this process; `inheritable` gets a
 * mark for each one without FD_CLOEXEC (a child inherits those). */
static int count_fds(char inheritable[1024])
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d))) {
		int fd = (int)strtol(e->d_name, NULL, 10);
		n++;
		if (e->d_name[0] != '.' && fd < 1024 && fd != dirfd(d))
			inheritable[fd] = !(fcntl(fd, F_GETFD) & FD_CLOEXEC);
	}
	closedir(d);
	return n;
}

static void leaks_no_descriptors(void **state)
{
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	sw_buf out;
	char inheritable[1024] = {0}, after[1024] = {0};
	int before = count_fds(inheritable), extra = 0;
	(void)state;
	sw_buf_init(&out, 4096);
	o.out_buf = &out;
	o.stdin_data = "x";
	o.stdin_len = 1;
	/* The child sees 0, 1, 2, what this process had without FD_CLOEXEC
	 * before the run, and the one descriptor ls itself opens. */
	assert_int_equal(run_sh(NULL, "exec ls /proc/self/fd", &o), 0);
	for (const char *p = sw_buf_cstr(&out); *p; p = strchr(p, '\n') + 1) {
		int fd = (int)strtol(p, NULL, 10);
		if (fd > 2 && (fd >= 1024 || !inheritable[fd]))
			extra++;
	}
	assert_int_equal(extra, 1);
	assert_int_equal(count_fds(after), before);
	sw_buf_free(&out);
}

static void *worker(void *arg)
{
	sw_buf *out = arg;
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	o.out_buf = out;
	return (void *)(intptr_t)run_sh(NULL, "echo from-thread", &o);
}

static void runs_from_a_worker_thread(void **state)
{
	pthread_t t;
	void *rc;
	sw_buf out;
	(void)state;
	sw_buf_init(&out, 1024);
	assert_int_equal(pthread_create(&t, NULL, worker, &out), 0);
	assert_int_equal(pthread_join(t, &rc), 0);
	assert_int_equal((intptr_t)rc, 0);
	assert_string_equal(sw_buf_cstr(&out), "from-thread\n");
	sw_buf_free(&out);
}

static volatile sig_atomic_t alarms;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

/* A signal arriving every millisecond (no SA_RESTART) interrupts poll,
 * read, write and waitpid: the run must go on as if nothing happened. */
static void survives_interrupting_signals(void **state)
{
	struct sigaction sa, old;
	struct itimerval on = {{0, 1000}, {0, 1000}}, off = {{0, 0}, {0, 0}};
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	sw_proc_result res;
	sw_buf out;
	struct lines l = {0};
	char expect[4096] = "input\n";
	(void)state;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGALRM, &sa, &old), 0);
	sw_buf_init(&out, 1 << 20);
	sw_buf_init(&l.all, 1 << 20);
	o.out_buf = &out;
	o.on_line = on_line;
	o.userdata = &l;
	o.stdin_data = "input\n";
	o.stdin_len = 6;
	alarms = 0;
	assert_int_equal(setitimer(ITIMER_REAL, &on, NULL), 0);
	assert_int_equal(run_sh(&res,
	                        "read x; echo \"$x\"; i=0; while [ $i -lt 100 ]; do "
	                        "echo line$i; i=$((i+1)); done; sleep 0.2",
	                        &o),
	                 0);
	setitimer(ITIMER_REAL, &off, NULL);
	sigaction(SIGALRM, &old, NULL);
	assert_true(alarms > 10);
	assert_int_equal(res.exited, 1);
	assert_int_equal(res.exit_code, 0);
	for (int i = 0; i < 100; i++)
		snprintf(expect + strlen(expect), sizeof expect - strlen(expect), "line%d\n", i);
	assert_string_equal(sw_buf_cstr(&out), expect);
	sw_buf_free(&out);
	sw_buf_free(&l.all);
}

static int ignore_line(void *ud, enum sw_proc_stream stream, const char *line, size_t len)
{
	(void)ud;
	(void)stream;
	(void)line;
	(void)len;
	return 0;
}

/* Every allocation failure is SW_ENOMEM, with the child stopped and
 * reaped and nothing leaked (ASan checks the leaks). */
static void allocation_failures_are_reported(void **state)
{
	const char *set[] = {"SW_PROC_T=1", NULL};
	long n;
	(void)state;
	for (n = 1; n < 1000; n++) {
		sw_proc_opts o = SW_PROC_OPTS_INIT;
		sw_buf out, err;
		int rc;
		sw_buf_init(&out, 1 << 20);
		sw_buf_init(&err, 1 << 20);
		o.out_buf = &out;
		o.err_buf = &err;
		o.on_line = ignore_line;
		o.env_set = set;
		fa_arm(n, 0);
		rc = sw_proc_run(NULL, (const char *[]){"sh", "-c", "echo out; echo err >&2", NULL},
		                 &o);
		fa_disarm();
		sw_buf_free(&out);
		sw_buf_free(&err);
		if (!fa_failed()) {
			assert_int_equal(rc, 0);
			break;
		}
		assert_int_equal(rc, SW_ENOMEM);
	}
	assert_true(n > 3 && n < 1000);
}

/* 1 if a folder is empty (or missing). */
static int dir_is_empty(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;
	if (!d)
		return 1;
	while ((e = readdir(d)))
		empty &= e->d_name[0] == '.' && (!e->d_name[1] || !strcmp(e->d_name, ".."));
	closedir(d);
	return empty;
}

/* Removes the files of a folder. */
static void clear_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char file[4500];
	if (!d)
		return;
	while ((e = readdir(d))) {
		snprintf(file, sizeof file, "%s/%s", path, e->d_name);
		if (e->d_name[0] != '.')
			unlink(file);
	}
	closedir(d);
}

/* The PEP 517 frontend under the failing allocator: every failure is
 * SW_ENOMEM (or harmless: a log line not kept), the temporary folder is
 * removed and nothing reaches the output folder unless it succeeded. */
static void pep517_allocation_failures_are_reported(void **state)
{
	char tmp[] = "/tmp/sw_pep517_sweep_XXXXXX", project[4096], work[4200], out[4200];
	sw_pep517_opts o = SW_PEP517_OPTS_INIT;
	sw_project *p = NULL;
	const char *data = getenv("SW_TEST_DATA");
	long n;
	(void)state;
	assert_non_null(data);
	assert_non_null(mkdtemp(tmp));
	snprintf(project, sizeof project, "%s/pep517/custom", data);
	snprintf(work, sizeof work, "%s/tmp", tmp);
	snprintf(out, sizeof out, "%s/out", tmp);
	assert_int_equal(mkdir(work, 0700), 0);
	setenv("TMPDIR", work, 1);
	assert_int_equal(sw_project_load(&p, project), 0);
	o.isolation = 0;
	o.python = "/usr/bin/python3";
	o.outdir = out;
	for (n = 1; n < 5000; n++) {
		sw_pep517_result res;
		int rc;
		fa_arm(n, 0);
		rc = sw_pep517_build(&res, p, &o);
		fa_disarm();
		assert_true(dir_is_empty(work));
		if (!fa_failed()) {
			assert_int_equal(rc, 0);
			assert_non_null(res.wheel.path);
			sw_pep517_result_clear(&res);
			break;
		}
		if (rc == 0)
			sw_pep517_result_clear(&res);
		else
			assert_int_equal(rc, SW_ENOMEM);
		if (rc != 0)
			assert_true(dir_is_empty(out));
		clear_dir(out);
	}
	assert_true(n > 10 && n < 5000);
	unsetenv("TMPDIR");
	sw_project_free(p);
	clear_dir(out);
	rmdir(out);
	rmdir(work);
	rmdir(tmp);
}

static void rejects_bad_arguments(void **state)
{
	const char *empty[] = {NULL};
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	(void)state;
	assert_int_equal(sw_proc_run(NULL, empty, NULL), SW_EINVAL);
	assert_int_equal(sw_proc_run(NULL, NULL, NULL), SW_EINVAL);
	o.struct_version = 99;
	assert_int_equal(run_sh(NULL, "true", &o), SW_EINVAL);
}

/* ---- the PEP 517 driver ------------------------------------------------ */

/* What the driver was asked to do. */
struct driver {
	sw_pep517_opts opts;
	const char *project;
	const char *cancel_on; /* cancel once a line contains this */
	int cancel_now;
	int metadata;
	const char *index[8], *links[8], *env[8];
	sw_pep517_setting settings[8];
	size_t n_index, n_links, n_env;
	sw_project *loaded;
	int rc;
};

/* Prints each streamed line as "line:<stream>:<text>" (1 = stderr). */
static void driver_line(void *ud, int is_stderr, const char *line)
{
	struct driver *d = ud;
	printf("line:%d:%s\n", is_stderr, line);
	fflush(stdout);
	if (d->cancel_on && strstr(line, d->cancel_on))
		d->cancel_now = 1;
}

static int driver_cancel(void *ud)
{
	return ((struct driver *)ud)->cancel_now;
}

/* Prints each log message as "log:<level>:<text>". */
static void driver_log(enum sw_log_level level, const char *message, void *ud)
{
	(void)ud;
	printf("log:%s:%s\n", sw_log_level_name(level), message);
	fflush(stdout);
}

/* Prints a JSON string literal. */
static void print_json_str(const char *s)
{
	sw_buf b;
	sw_buf_init(&b, 1 << 20);
	sw_buf_put_json_string(&b, s ? s : "", s ? strlen(s) : 0);
	fputs(sw_buf_cstr(&b), stdout);
	sw_buf_free(&b);
}

/* Runs the build (or metadata query) and prints the outcome as one line:
 * "result:{...}" or "error:<code>:<message>" (the message JSON-quoted). */
static void *driver_run(void *arg)
{
	struct driver *d = arg;
	sw_pep517_result res;
	char *meta = NULL;
	int err = sw_project_load(&d->loaded, d->project);
	if (!err && d->metadata)
		err = sw_pep517_metadata(&meta, NULL, d->loaded, &d->opts);
	else if (!err)
		err = sw_pep517_build(&res, d->loaded, &d->opts);
	if (err < 0) {
		printf("error:%s:", sw_error_name(err));
		print_json_str(sw_error_last());
		printf("\n");
	} else if (d->metadata) {
		printf("metadata:");
		print_json_str(meta);
		printf("\n");
	} else {
		printf("result:{\"sdist\":");
		print_json_str(res.sdist.path);
		printf(",\"sdist_sha256\":\"%s\",\"sdist_size\":%llu,\"wheel\":",
		       res.sdist.path ? res.sdist.sha256 : "", res.sdist.size);
		print_json_str(res.wheel.path);
		printf(",\"wheel_sha256\":\"%s\",\"wheel_size\":%llu,\"backend\":",
		       res.wheel.path ? res.wheel.sha256 : "", res.wheel.size);
		print_json_str(res.backend);
		printf(",\"python\":");
		print_json_str(res.python);
		printf("}\n");
		sw_pep517_result_clear(&res);
	}
	sw_free(meta);
	sw_project_free(d->loaded);
	d->rc = err < 0 ? 1 : 0;
	return NULL;
}

/* Adds one value to a small NULL-terminated list of the driver. */
static int driver_push(const char **list, size_t *n, const char *value)
{
	if (*n + 1 >= 8)
		return -1;
	list[(*n)++] = value;
	list[*n] = NULL;
	return 0;
}

/* The driver's flags without a value. */
static int driver_flag(struct driver *d, const char *a)
{
	if (strcmp(a, "--no-isolation") == 0)
		d->opts.isolation = 0;
	else if (strcmp(a, "--no-index") == 0)
		d->opts.no_index = 1;
	else if (strcmp(a, "--sdist") == 0)
		d->opts.targets = SW_PEP517_SDIST;
	else if (strcmp(a, "--wheel") == 0)
		d->opts.targets = SW_PEP517_WHEEL;
	else if (strcmp(a, "--metadata") == 0)
		d->metadata = 1;
	else if (strcmp(a, "--from-source") == 0)
		d->opts.wheel_from_sdist = 0;
	else
		return 0;
	return 1;
}

/* Parses one option of the driver; returns how many arguments it used. */
static int driver_option(struct driver *d, int argc, char **argv, int i)
{
	const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
	if (driver_flag(d, a))
		return 1;
	if (!v)
		return -1;
	if (strcmp(a, "--python") == 0)
		d->opts.python = v;
	else if (strcmp(a, "--outdir") == 0)
		d->opts.outdir = v;
	else if (strcmp(a, "--cancel-on") == 0)
		d->cancel_on = v;
	else if (strcmp(a, "--index-url") == 0)
		return driver_push(d->index, &d->n_index, v) < 0 ? -1 : 2;
	else if (strcmp(a, "--find-links") == 0)
		return driver_push(d->links, &d->n_links, v) < 0 ? -1 : 2;
	else if (strcmp(a, "--env") == 0)
		return driver_push(d->env, &d->n_env, v) < 0 ? -1 : 2;
	else if (strcmp(a, "--config-setting") == 0 && strchr(v, '=') &&
	         d->opts.config_settings_count < 8) {
		sw_pep517_setting *s = &d->settings[d->opts.config_settings_count++];
		s->key = sw_strndup(v, (size_t)(strchr(v, '=') - v));
		s->value = strchr(v, '=') + 1;
	} else
		return -1;
	return 2;
}

/* `test_proc pep517 [options] PROJECT_DIR`: runs the frontend on a worker
 * thread and prints what happened. */
static int pep517_driver(int argc, char **argv)
{
	static struct driver d = {.opts = SW_PEP517_OPTS_INIT};
	pthread_t t;
	int i = 2;
	while (i < argc - 1) {
		int used = driver_option(&d, argc, argv, i);
		if (used < 0) {
			fprintf(stderr, "test_proc pep517: bad option %s\n", argv[i]);
			return 2;
		}
		i += used;
	}
	if (i != argc - 1)
		return 2;
	d.project = argv[i];
	d.opts.index_urls = d.n_index ? d.index : NULL;
	d.opts.find_links = d.n_links ? d.links : NULL;
	d.opts.env = d.n_env ? d.env : NULL;
	d.opts.config_settings = d.settings;
	d.opts.on_line = driver_line;
	d.opts.cancel = driver_cancel;
	d.opts.userdata = &d;
	sw_log_set(driver_log, SW_LOG_INFO, NULL);
	if (pthread_create(&t, NULL, driver_run, &d) || pthread_join(t, NULL))
		return 1;
	for (size_t k = 0; k < d.opts.config_settings_count; k++)
		sw_free((void *)(uintptr_t)d.settings[k].key);
	return d.rc;
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "pep517") == 0)
		return pep517_driver(argc, argv);
	{
		const struct CMUnitTest tests[] = {
		        cmocka_unit_test(captures_both_streams),
		        cmocka_unit_test(reports_exit_status_and_signal),
		        cmocka_unit_test(delivers_lines_split_and_flushed),
		        cmocka_unit_test(interleaves_streams_in_order),
		        cmocka_unit_test(cancel_stops_with_sigterm),
		        cmocka_unit_test(cancel_escalates_to_sigkill),
		        cmocka_unit_test(line_callback_can_cancel),
		        cmocka_unit_test(timeout_stops_the_child),
		        cmocka_unit_test(large_output_is_bounded),
		        cmocka_unit_test(endless_output_still_times_out),
		        cmocka_unit_test(feeds_stdin),
		        cmocka_unit_test(missing_executable_is_named),
		        cmocka_unit_test(which_searches_path),
		        cmocka_unit_test(sets_environment_and_cwd),
		        cmocka_unit_test(leaks_no_descriptors),
		        cmocka_unit_test(runs_from_a_worker_thread),
		        cmocka_unit_test(survives_interrupting_signals),
		        cmocka_unit_test(allocation_failures_are_reported),
		        cmocka_unit_test(pep517_allocation_failures_are_reported),
		        cmocka_unit_test(rejects_bad_arguments),
		};
		return cmocka_run_group_tests(tests, NULL, NULL);
	}
}
