/*
 * util/proc.c — child processes for the core (slipway/proc.h). The child is
 * started with posix_spawn (no shell) on close-on-exec pipes; one poll()
 * loop feeds its stdin, reads stdout and stderr into bounded buffers and a
 * line callback, watches for its exit through a pidfd (or a short tick
 * where pidfds are unavailable), asks the cancel hook, enforces the
 * timeout, and escalates SIGTERM to SIGKILL when stopping. SIGPIPE is
 * blocked in the calling thread while the run lasts and a SIGPIPE it
 * raised is consumed before the mask is restored.
 */
#define _GNU_SOURCE /* pipe2, posix_spawn_file_actions_addchdir_np */

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "slipway/proc.h"
#include "util/util.h"

extern char **environ;

#define TICK_MS        50
#define READ_CHUNK     65536
#define READS_PER_TURN 16

/* One output stream of the child. */
struct stream {
	int fd; /* -1 once closed */
	enum sw_proc_stream id;
	sw_buf *cap;
	int *truncated;
	char *line; /* max_line + 1 bytes, or NULL without on_line */
	size_t line_len;
};

/* The state of one run. */
struct run {
	const sw_proc_opts *o;
	sw_proc_result *res;
	pid_t pid;
	int pidfd;
	int in_fd;
	size_t in_off;
	struct stream s[2];
	size_t max_line;
	int reaped;
	int stopping;    /* 0, or 1 once SIGTERM was sent */
	int want_stop;   /* set by on_line / an internal error */
	int err;         /* an internal error (SW_ENOMEM) that stops the run */
	long long start; /* ms, monotonic */
	long long kill_at;
};

/* Milliseconds of the monotonic clock. */
static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* 1 if the "NAME=VALUE" entry `entry` has the name `name` (which may itself
 * be "NAME" or "NAME=VALUE"). */
static int env_name_is(const char *entry, const char *name)
{
	size_t n = strcspn(name, "=");
	return strncmp(entry, name, n) == 0 && entry[n] == '=';
}

/* 1 if `entry` is named by any item of the NULL-terminated list. */
static int env_listed(const char *entry, const char *const *list)
{
	for (size_t i = 0; list && list[i]; i++) {
		if (env_name_is(entry, list[i]))
			return 1;
	}
	return 0;
}

/* Builds the child's environment (pointers borrowed from environ and opts). */
static int env_build(char ***out, const sw_proc_opts *o)
{
	size_t n = 0, k = 0, extra = 0;
	char **env;
	while (environ && environ[n])
		n++;
	while (o->env_set && o->env_set[extra])
		extra++;
	env = sw_malloc((n + extra + 1) * sizeof *env);
	if (!env)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		if (!env_listed(environ[i], o->env_unset) && !env_listed(environ[i], o->env_set))
			env[k++] = environ[i];
	}
	for (size_t i = 0; i < extra; i++) {
		if (strchr(o->env_set[i], '='))
			env[k++] = (char *)(uintptr_t)o->env_set[i];
	}
	env[k] = NULL;
	*out = env;
	return 0;
}

/* The value of PATH in an environment, or NULL. */
static const char *env_path(char **env)
{
	for (size_t i = 0; env[i]; i++) {
		if (strncmp(env[i], "PATH=", 5) == 0)
			return env[i] + 5;
	}
	return NULL;
}

/* 1 if `path` is an executable regular file. */
static int is_executable(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

int sw_proc_which(char **out, const char *name, const char *path)
{
	sw_buf b;
	const char *p;
	int err = SW_ENOTFOUND;
	*out = NULL;
	if (!name || !*name)
		return sw_error_set(SW_EINVAL, "no program name");
	if (strchr(name, '/')) {
		if (!is_executable(name))
			return sw_error_set(SW_ENOTFOUND, "%s: no such executable file", name);
		*out = sw_strdup(name);
		return *out ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
	}
	if (!path)
		path = getenv("PATH");
	if (!path)
		path = "/usr/bin:/bin";
	sw_buf_init(&b, 8192);
	for (p = path;; p++) {
		size_t n = strcspn(p, ":");
		sw_buf_clear(&b);
		sw_buf_put(&b, n ? p : ".", n ? n : 1);
		sw_buf_putc(&b, '/');
		sw_buf_puts(&b, name);
		if (sw_buf_error(&b) == SW_ENOMEM) {
			err = sw_error_set(SW_ENOMEM, "out of memory");
			goto done;
		}
		if (!sw_buf_error(&b) && is_executable(b.ptr)) {
			*out = sw_buf_detach(&b, NULL);
			err = *out ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
			goto done;
		}
		p += n;
		if (!*p)
			break;
	}
	err = sw_error_set(SW_ENOTFOUND, "%s: command not found on PATH=%s", name, path);
done:
	sw_buf_free(&b);
	return err;
}

/* Resolves argv[0] for the spawn, relative names against opts->cwd. */
static int resolve_program(char **out, const char *name, char **env, const char *cwd)
{
	sw_buf b;
	int err;
	if (!strchr(name, '/') || name[0] == '/' || !cwd)
		return sw_proc_which(out, name, env_path(env));
	sw_buf_init(&b, 8192);
	sw_buf_puts(&b, cwd);
	sw_buf_putc(&b, '/');
	sw_buf_puts(&b, name);
	if ((err = sw_buf_error(&b)) < 0) {
		sw_buf_free(&b);
		return sw_error_set(err, "%s: path too long or out of memory", name);
	}
	err = sw_proc_which(out, b.ptr, NULL);
	sw_buf_free(&b);
	return err;
}

/* Fills the spawn attributes: signal defaults, empty mask, process group. */
static int spawn_attr(posix_spawnattr_t *attr, int new_group)
{
	static const int defaults[] = {SIGPIPE, SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGCHLD};
	sigset_t def, mask;
	short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
	sigemptyset(&def);
	sigemptyset(&mask);
	for (size_t i = 0; i < SW_ARRAY_LEN(defaults); i++)
		sigaddset(&def, defaults[i]);
	if (new_group)
		flags |= POSIX_SPAWN_SETPGROUP;
	if (posix_spawnattr_setsigdefault(attr, &def) || posix_spawnattr_setsigmask(attr, &mask) ||
	    posix_spawnattr_setpgroup(attr, 0) || posix_spawnattr_setflags(attr, flags))
		return -1;
	return 0;
}

/* The child's file actions: chdir, stdin, stdout and stderr. Returns 0
 * or an errno value. */
static int file_actions(posix_spawn_file_actions_t *fa, const sw_proc_opts *o, int io[3][2])
{
	int rc = o->cwd ? posix_spawn_file_actions_addchdir_np(fa, o->cwd) : 0;
	if (!rc)
		rc = io[0][0] >= 0
		             ? posix_spawn_file_actions_adddup2(fa, io[0][0], 0)
		             : posix_spawn_file_actions_addopen(fa, 0, "/dev/null", O_RDONLY, 0);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(fa, io[1][1], 1);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(fa, io[2][1], 2);
	return rc;
}

/* Keeps the parent's ends of the pipes (non-blocking) and closes the
 * child's. */
static void keep_parent_ends(struct run *r, int io[3][2])
{
	for (int i = 0; i < 3; i++) {
		int child = io[i][i == 0 ? 0 : 1], parent = io[i][i == 0 ? 1 : 0];
		if (child >= 0)
			close(child);
		if (parent >= 0)
			fcntl(parent, F_SETFL, fcntl(parent, F_GETFL) | O_NONBLOCK);
	}
	r->in_fd = io[0][1];
	r->s[0].fd = io[1][0];
	r->s[1].fd = io[2][0];
}

/* Opens the pipes and spawns the child; the parent keeps the read ends of
 * stdout/stderr and the write end of stdin, all non-blocking. */
static int spawn_child(struct run *r, const char *prog, const char *const *argv, char **env)
{
	int io[3][2] = {{-1, -1}, {-1, -1}, {-1, -1}};
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int err = 0, rc;
	if ((r->o->stdin_data && pipe2(io[0], O_CLOEXEC)) || pipe2(io[1], O_CLOEXEC) ||
	    pipe2(io[2], O_CLOEXEC)) {
		err = sw_error_set(SW_ESUBPROCESS, "cannot create pipes: %s", strerror(errno));
		for (int i = 0; i < 6; i++) {
			if (io[i / 2][i % 2] >= 0)
				close(io[i / 2][i % 2]);
		}
		return err;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawnattr_init(&attr);
	rc = file_actions(&fa, r->o, io);
	if (!rc)
		rc = spawn_attr(&attr, r->o->new_group) ? ENOMEM : 0;
	if (!rc)
		rc = posix_spawn(&r->pid, prog, &fa, &attr, (char *const *)(uintptr_t)argv, env);
	if (rc) {
		err = sw_error_set(rc == ENOMEM ? SW_ENOMEM : SW_ESUBPROCESS,
		                   "cannot run %s%s%s: %s", prog, r->o->cwd ? " in " : "",
		                   r->o->cwd ? r->o->cwd : "", strerror(rc));
		r->pid = -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	keep_parent_ends(r, io);
	return err;
}

/* Hands the assembled line of a stream to on_line. */
static void line_emit(struct run *r, struct stream *s)
{
	s->line[s->line_len] = '\0';
	if (r->o->on_line(r->o->userdata, s->id, s->line, s->line_len))
		r->want_stop = 1;
	s->line_len = 0;
}

/* Feeds bytes read from a stream to the capture buffer and on_line. */
static void stream_feed(struct run *r, struct stream *s, const char *data, size_t n)
{
	if (s->cap) {
		size_t room = s->cap->max - s->cap->len;
		if (n > room)
			*s->truncated = 1;
		if (sw_buf_put(s->cap, data, n < room ? n : room) == SW_ENOMEM) {
			r->err = SW_ENOMEM;
			return;
		}
	}
	if (!s->line)
		return;
	for (size_t i = 0; i < n; i++) {
		if (data[i] == '\n') {
			line_emit(r, s);
			continue;
		}
		s->line[s->line_len++] = data[i];
		if (s->line_len == r->max_line)
			line_emit(r, s);
	}
}

/* Reads what a stream has (a bounded amount per turn, so a child that
 * writes without pause cannot starve cancel and timeout); closes it at EOF
 * or on an error. */
static void stream_read(struct run *r, struct stream *s, char *chunk)
{
	for (int reads = 0; reads < READS_PER_TURN;) {
		ssize_t n = read(s->fd, chunk, READ_CHUNK);
		if (n > 0) {
			stream_feed(r, s, chunk, (size_t)n);
			if (n < READ_CHUNK)
				return;
			reads++;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		close(s->fd);
		s->fd = -1;
		if (s->line && s->line_len)
			line_emit(r, s);
		return;
	}
}

/* Writes more of stdin; closes it when done or when the child closed it. */
static void stdin_write(struct run *r)
{
	const sw_proc_opts *o = r->o;
	while (r->in_off < o->stdin_len) {
		ssize_t n = write(r->in_fd, o->stdin_data + r->in_off, o->stdin_len - r->in_off);
		if (n > 0) {
			r->in_off += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		break; /* EPIPE: the child does not read */
	}
	close(r->in_fd);
	r->in_fd = -1;
}

/* Reaps the child if it has exited (without waiting). */
static void child_poll(struct run *r)
{
	int status;
	pid_t p;
	if (r->reaped)
		return;
	do
		p = waitpid(r->pid, &status, WNOHANG);
	while (p < 0 && errno == EINTR);
	if (p == r->pid || (p < 0 && errno == ECHILD)) {
		r->reaped = 1;
		if (p == r->pid && WIFEXITED(status)) {
			r->res->exited = 1;
			r->res->exit_code = WEXITSTATUS(status);
		} else if (p == r->pid && WIFSIGNALED(status)) {
			r->res->signaled = 1;
			r->res->term_signal = WTERMSIG(status);
		}
	}
}

/* Sends a signal to the child (its group with new_group) while unreaped. */
static void child_signal(struct run *r, int sig)
{
	if (r->reaped)
		return;
	if (r->o->new_group)
		kill(-r->pid, sig);
	else
		kill(r->pid, sig);
}

/* Decides whether to start stopping the child, or to escalate to SIGKILL. */
static void check_stop(struct run *r, long long now)
{
	const sw_proc_opts *o = r->o;
	if (!r->stopping) {
		if (r->err)
			r->want_stop = 1;
		else if (o->timeout_ms && now - r->start >= (long long)o->timeout_ms)
			r->res->timed_out = 1;
		else if (!r->want_stop && o->cancel && o->cancel(o->userdata))
			r->want_stop = 1;
		if (r->want_stop || r->res->timed_out) {
			r->res->cancelled = !r->res->timed_out && !r->err;
			r->stopping = 1;
			r->kill_at = now + (o->grace_ms ? o->grace_ms : SW_PROC_GRACE_MS_DEFAULT);
			child_signal(r, r->err ? SIGKILL : SIGTERM);
		}
	} else if (now >= r->kill_at) {
		child_signal(r, SIGKILL);
		r->kill_at = now + 60000;
	}
}

/* The poll timeout for this turn. */
static int poll_timeout(const struct run *r, long long now)
{
	long long t = -1;
	if (r->o->cancel || (!r->reaped && r->pidfd < 0) || r->stopping)
		t = TICK_MS;
	if (r->o->timeout_ms && !r->stopping) {
		long long left = r->start + r->o->timeout_ms - now;
		if (left < 0)
			left = 0;
		if (t < 0 || left < t)
			t = left;
	}
	if (r->stopping && !r->reaped && r->kill_at - now < t)
		t = r->kill_at > now ? r->kill_at - now : 0;
	return (int)t;
}

/* One turn of the loop: poll, then read, write, reap. */
static int loop_turn(struct run *r, char *chunk)
{
	struct pollfd pf[4];
	struct stream *who[4] = {NULL, NULL, NULL, NULL};
	nfds_t n = 0;
	int rc;
	for (int i = 0; i < 2; i++) {
		if (r->s[i].fd >= 0) {
			who[n] = &r->s[i];
			pf[n++] = (struct pollfd){.fd = r->s[i].fd, .events = POLLIN};
		}
	}
	if (r->in_fd >= 0)
		pf[n++] = (struct pollfd){.fd = r->in_fd, .events = POLLOUT};
	if (r->pidfd >= 0 && !r->reaped)
		pf[n++] = (struct pollfd){.fd = r->pidfd, .events = POLLIN};
	rc = poll(pf, n, poll_timeout(r, now_ms()));
	if (rc < 0 && errno != EINTR)
		return sw_error_set(SW_ESUBPROCESS, "poll: %s", strerror(errno));
	for (nfds_t i = 0; rc > 0 && i < n; i++) {
		if (!pf[i].revents)
			continue;
		if (who[i])
			stream_read(r, who[i], chunk);
		else if (pf[i].fd == r->in_fd)
			stdin_write(r);
	}
	child_poll(r);
	check_stop(r, now_ms());
	return 0;
}

/* Runs the loop until the child is reaped and its pipes are closed (or,
 * when stopping, until it is reaped: grandchildren may hold the pipes). */
static int run_loop(struct run *r)
{
	char *chunk = sw_malloc(READ_CHUNK);
	int err = 0;
	if (!chunk)
		return sw_error_set(SW_ENOMEM, "out of memory");
	while (!r->reaped || r->s[0].fd >= 0 || r->s[1].fd >= 0) {
		if (r->reaped && r->stopping) {
			for (int i = 0; i < 2; i++) {
				if (r->s[i].fd >= 0)
					stream_read(r, &r->s[i], chunk);
			}
			break;
		}
		if ((err = loop_turn(r, chunk)) < 0)
			break;
	}
	sw_free(chunk);
	return err;
}

/* Stops and reaps a child the loop gave up on. */
static void child_kill_reap(struct run *r)
{
	int status;
	if (r->pid <= 0 || r->reaped)
		return;
	child_signal(r, SIGKILL);
	while (waitpid(r->pid, &status, 0) < 0 && errno == EINTR)
		;
	r->reaped = 1;
}

/* Closes every descriptor and frees the line buffers. */
static void run_close(struct run *r)
{
	for (int i = 0; i < 2; i++) {
		if (r->s[i].fd >= 0)
			close(r->s[i].fd);
		sw_free(r->s[i].line);
	}
	if (r->in_fd >= 0)
		close(r->in_fd);
	if (r->pidfd >= 0)
		close(r->pidfd);
}

/* Prepares the run's state (line buffers, stream wiring). */
static int run_init(struct run *r, sw_proc_result *res, const sw_proc_opts *o)
{
	memset(r, 0, sizeof *r);
	r->o = o;
	r->res = res;
	r->pid = -1;
	r->pidfd = r->in_fd = r->s[0].fd = r->s[1].fd = -1;
	r->max_line = o->max_line ? o->max_line : SW_PROC_MAX_LINE_DEFAULT;
	r->s[0] = (struct stream){-1, SW_PROC_STDOUT, o->out_buf, &res->out_truncated, NULL, 0};
	r->s[1] = (struct stream){-1, SW_PROC_STDERR, o->err_buf, &res->err_truncated, NULL, 0};
	for (int i = 0; o->on_line && i < 2; i++) {
		r->s[i].line = sw_malloc(r->max_line + 1);
		if (!r->s[i].line)
			return sw_error_set(SW_ENOMEM, "out of memory");
	}
	return 0;
}

/* Blocks SIGPIPE in this thread; remembers whether one was pending. */
static void sigpipe_block(sigset_t *old, int *was_pending)
{
	sigset_t set, pending;
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigpending(&pending);
	*was_pending = sigismember(&pending, SIGPIPE) == 1;
	pthread_sigmask(SIG_BLOCK, &set, old);
}

/* Consumes a SIGPIPE the run raised, then restores the signal mask. */
static void sigpipe_restore(const sigset_t *old, int was_pending)
{
	sigset_t set, pending;
	struct timespec zero = {0, 0};
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigpending(&pending);
	if (!was_pending && sigismember(&pending, SIGPIPE) == 1) {
		while (sigtimedwait(&set, NULL, &zero) < 0 && errno == EINTR)
			;
	}
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* The error the run ends with, from how it ended. */
static int run_verdict(const struct run *r, const char *prog)
{
	if (r->err)
		return sw_error_set(r->err, "out of memory while reading the output of %s", prog);
	if (r->res->timed_out)
		return sw_error_set(SW_ESUBPROCESS, "%s: timed out after %u ms and was stopped",
		                    prog, r->o->timeout_ms);
	if (r->res->cancelled)
		return sw_error_set(SW_ECANCELLED, "%s: cancelled", prog);
	return 0;
}

int sw_proc_run(sw_proc_result *out, const char *const *argv, const sw_proc_opts *opts)
{
	static const sw_proc_opts defaults = SW_PROC_OPTS_INIT;
	const sw_proc_opts *o = opts ? opts : &defaults;
	sw_proc_result scratch, *res = out ? out : &scratch;
	char **env = NULL, *prog = NULL;
	struct run r;
	sigset_t oldmask;
	int err, was_pending;
	memset(res, 0, sizeof *res);
	if (!argv || !argv[0] || o->struct_version != SW_PROC_OPTS_VERSION)
		return sw_error_set(SW_EINVAL, "sw_proc_run: no program or bad options version");
	sigpipe_block(&oldmask, &was_pending);
	if ((err = run_init(&r, res, o)) < 0 || (err = env_build(&env, o)) < 0 ||
	    (err = resolve_program(&prog, argv[0], env, o->cwd)) < 0 ||
	    (err = spawn_child(&r, prog, argv, env)) < 0)
		goto done;
	res->pid = (long)r.pid;
	r.start = now_ms();
#ifdef SYS_pidfd_open
	r.pidfd = (int)syscall(SYS_pidfd_open, r.pid, 0);
#endif
	if (o->stdin_data && r.in_fd >= 0)
		stdin_write(&r);
	if ((err = run_loop(&r)) < 0)
		goto done;
	err = run_verdict(&r, argv[0]);
done:
	child_kill_reap(&r);
	run_close(&r);
	sigpipe_restore(&oldmask, was_pending);
	sw_free(env);
	sw_free(prog);
	return err;
}

/* Short names of the signals a child commonly dies of. */
static const struct {
	int sig;
	const char *name;
} signal_names[] = {
        {SIGHUP, "SIGHUP"},   {SIGINT, "SIGINT"},   {SIGQUIT, "SIGQUIT"}, {SIGILL, "SIGILL"},
        {SIGABRT, "SIGABRT"}, {SIGBUS, "SIGBUS"},   {SIGFPE, "SIGFPE"},   {SIGKILL, "SIGKILL"},
        {SIGSEGV, "SIGSEGV"}, {SIGPIPE, "SIGPIPE"}, {SIGALRM, "SIGALRM"}, {SIGTERM, "SIGTERM"},
};

const char *sw_proc_result_describe(const sw_proc_result *res, char *buf, size_t size)
{
	const char *name = "?";
	if (!buf || !size)
		return buf;
	if (res->timed_out)
		snprintf(buf, size, "timed out");
	else if (res->cancelled)
		snprintf(buf, size, "cancelled");
	else if (res->exited)
		snprintf(buf, size, "exited with status %d", res->exit_code);
	else if (res->signaled) {
		for (size_t i = 0; i < SW_ARRAY_LEN(signal_names); i++) {
			if (signal_names[i].sig == res->term_signal)
				name = signal_names[i].name;
		}
		snprintf(buf, size, "killed by signal %d (%s)", res->term_signal, name);
	} else
		snprintf(buf, size, "did not run");
	return buf;
}
