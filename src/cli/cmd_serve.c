/*
 * cli/cmd_serve.c — `slipway serve`: run the local package index on a
 * folder until SIGINT/SIGTERM, printing its URLs and the pip/twine commands
 * that use them, and the request log on stderr; or, with --add-user, add a
 * user to a users file with a password read without echo from the terminal
 * (or from stdin with --password-stdin).
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli.h"
#include "slipway/log.h"
#include "slipway/serve.h"

struct serve_args {
	sw_serve_opts opts;
	const char *add_user;
	const char *yank, *unyank, *reason;
	int password_stdin;
	int quiet;
	int port_given;
};

/* Prints log lines (the request log) to stderr. */
static void log_to_stderr(enum sw_log_level level, const char *message, void *userdata)
{
	(void)userdata;
	if (level <= SW_LOG_WARN)
		fprintf(stderr, "slipway: %s: %s\n", sw_log_level_name(level), message);
	else
		fprintf(stderr, "%s\n", message);
}

/* Parses "123", "10K", "100M", "2G" (binary multiples). */
static int parse_size(unsigned long long *out, const char *text)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(text, &end, 10);
	unsigned long long mult = 1;
	if (end == text || errno)
		return -1;
	if (*end == 'K' || *end == 'k')
		mult = 1024ULL;
	else if (*end == 'M' || *end == 'm')
		mult = 1024ULL * 1024;
	else if (*end == 'G' || *end == 'g')
		mult = 1024ULL * 1024 * 1024;
	else if (*end)
		return -1;
	if (*end && end[1] && strcmp(end + 1, "B") != 0 && strcmp(end + 1, "iB") != 0)
		return -1;
	if (v == 0 || v > ~0ULL / mult)
		return -1;
	*out = v * mult;
	return 0;
}

/* Reads one line (the password) from a stream, without its newline. */
static int read_line(char *buf, size_t size, FILE *in)
{
	if (!fgets(buf, (int)size, in))
		return -1;
	size_t n = strlen(buf);
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	return 0;
}

/* Asks for the password on the terminal with echo off. */
static int prompt_password(char *buf, size_t size, const char *prompt)
{
	struct termios old, quiet;
	FILE *tty = fopen("/dev/tty", "r+");
	int rc;
	if (!tty)
		return -1;
	fputs(prompt, tty);
	fflush(tty);
	tcgetattr(fileno(tty), &old);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	rc = read_line(buf, size, tty);
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	return rc;
}

static int add_user(const struct serve_args *a)
{
	char pw[1024], again[1024];
	int rc;
	if (!a->opts.users_file)
		return sw_cli_usage_error(&sw_cmd_serve, "--add-user needs --users FILE");
	if (a->password_stdin) {
		if (read_line(pw, sizeof(pw), stdin) < 0)
			return sw_cli_error("serve: no password on stdin");
	} else {
		if (!isatty(STDIN_FILENO) || prompt_password(pw, sizeof(pw), "Password: ") < 0 ||
		    prompt_password(again, sizeof(again), "Password (again): ") < 0)
			return sw_cli_error("serve: no terminal to read the password from; use "
			                    "--password-stdin");
		if (strcmp(pw, again) != 0)
			return sw_cli_error("serve: the passwords differ");
	}
	rc = sw_serve_user_add(a->opts.users_file, a->add_user, pw);
	memset(pw, 0, sizeof(pw));
	memset(again, 0, sizeof(again));
	if (rc < 0)
		return sw_cli_core_error();
	printf("Added user '%s' to %s\n", a->add_user, a->opts.users_file);
	return SW_EXIT_OK;
}

/* --yank FILE [--reason TEXT] / --unyank FILE. */
static int yank(const struct serve_args *a)
{
	const char *file = a->yank ? a->yank : a->unyank;
	if (a->yank && a->unyank)
		return sw_cli_usage_error(&sw_cmd_serve, "--yank and --unyank together");
	if (sw_serve_yank(a->opts.root, file, a->yank ? (a->reason ? a->reason : "") : NULL) < 0)
		return sw_cli_core_error();
	printf("%s %s\n", a->yank ? "Yanked" : "Un-yanked", file);
	return SW_EXIT_OK;
}

/* Takes the value of an option that needs one. */
static const char *value(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

static int parse_args(struct serve_args *a, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i], *v = NULL;
		if (!strcmp(o, "--read-only"))
			a->opts.read_only = 1;
		else if (!strcmp(o, "--allow-anonymous-upload"))
			a->opts.allow_anonymous = 1;
		else if (!strcmp(o, "--password-stdin"))
			a->password_stdin = 1;
		else if (!strcmp(o, "-q") || !strcmp(o, "--quiet"))
			a->quiet = 1;
		else if (!(v = value(argc, argv, &i)))
			return sw_cli_usage_error(&sw_cmd_serve,
			                          "unknown option or missing value: %s", o);
		else if (!strcmp(o, "--root"))
			a->opts.root = v;
		else if (!strcmp(o, "--host"))
			a->opts.host = v;
		else if (!strcmp(o, "--users"))
			a->opts.users_file = v;
		else if (!strcmp(o, "--token"))
			a->opts.token = v;
		else if (!strcmp(o, "--add-user"))
			a->add_user = v;
		else if (!strcmp(o, "--yank"))
			a->yank = v;
		else if (!strcmp(o, "--unyank"))
			a->unyank = v;
		else if (!strcmp(o, "--reason"))
			a->reason = v;
		else if (!strcmp(o, "--port")) {
			char *end;
			unsigned long p = strtoul(v, &end, 10);
			if (*end || end == v || p > 65535)
				return sw_cli_usage_error(&sw_cmd_serve, "invalid port '%s'", v);
			a->opts.port = (unsigned)p;
			a->port_given = 1;
		} else if (!strcmp(o, "--threads")) {
			char *end;
			unsigned long t = strtoul(v, &end, 10);
			if (*end || t == 0 || t > 256)
				return sw_cli_usage_error(&sw_cmd_serve,
				                          "invalid thread count '%s'", v);
			a->opts.threads = (unsigned)t;
		} else if (!strcmp(o, "--max-upload")) {
			if (parse_size(&a->opts.max_upload, v) < 0)
				return sw_cli_usage_error(&sw_cmd_serve, "invalid size '%s'", v);
		} else
			return sw_cli_usage_error(&sw_cmd_serve, "unknown option: %s", o);
	}
	return SW_EXIT_OK;
}

/* Prints where the index is and how to use it. */
static void print_banner(const struct serve_args *a, unsigned port)
{
	const char *host = a->opts.host ? a->opts.host : "127.0.0.1";
	const char *user = a->opts.token ? "__token__" : "USER";
	printf("Serving %s\n", a->opts.root);
	printf("  index:  http://%s:%u/simple/\n", host, port);
	printf("  upload: http://%s:%u/legacy/\n", host, port);
	printf("\n  pip install --index-url http://%s:%u/simple/ NAME\n", host, port);
	printf("  twine upload --repository-url http://%s:%u/legacy/ -u %s dist/*\n", host, port,
	       user);
	printf("  slipway publish --repository-url http://%s:%u/legacy/ dist/*\n", host, port);
	if (a->opts.read_only)
		printf("\nRead-only: uploads are refused.\n");
	else if (!a->opts.users_file && !a->opts.token && !a->opts.allow_anonymous)
		printf("\nNo --users, --token or --allow-anonymous-upload: uploads are refused.\n");
	printf("Press Ctrl-C to stop.\n");
	fflush(stdout);
}

static int serve_exec(int argc, char **argv)
{
	struct serve_args a = {.opts = SW_SERVE_OPTS_INIT};
	sw_server *server = NULL;
	sigset_t set;
	int sig = 0, rc = parse_args(&a, argc, argv);
	if (rc != SW_EXIT_OK)
		return rc;
	if (a.add_user)
		return add_user(&a);
	if (!a.opts.root)
		a.opts.root = "packages";
	if (a.yank || a.unyank)
		return yank(&a);
	if (!a.opts.token && getenv("SLIPWAY_SERVE_TOKEN") && getenv("SLIPWAY_SERVE_TOKEN")[0])
		a.opts.token = getenv("SLIPWAY_SERVE_TOKEN");
	if (!a.port_given)
		a.opts.port = 3141;
	sw_log_set(log_to_stderr, a.quiet ? SW_LOG_WARN : SW_LOG_INFO, NULL);
	signal(SIGPIPE, SIG_IGN);
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL); /* the server's threads inherit the mask */
	if (sw_serve_start(&server, &a.opts) < 0)
		return sw_cli_core_error();
	print_banner(&a, sw_serve_port(server));
	sigwait(&set, &sig);
	fprintf(stderr, "slipway: serve: stopping (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	sw_serve_stop(server);
	return SW_EXIT_OK;
}

const struct sw_cli_command sw_cmd_serve = {
        .name = "serve",
        .summary = "Run a local package index (Simple API + uploads) on a folder",
        .usage = "serve [--root DIR] [--host ADDR] [--port N] [--read-only]\n"
                 "                     [--users FILE | --token TOKEN] [--allow-anonymous-upload]\n"
                 "                     [--max-upload SIZE] [--threads N] [-q]\n"
                 "       slipway serve --add-user NAME --users FILE [--password-stdin]\n"
                 "       slipway serve [--root DIR] --yank FILE [--reason TEXT] | --unyank FILE",
        .help = "Serves DIR (default ./packages) as a Python package index that pip,\n"
                "uv and twine use as they use PyPI:\n"
                "  GET  /simple/            project list (PEP 503 HTML, PEP 691 JSON)\n"
                "  GET  /simple/NAME/       files, hashes, requires-python, yanked,\n"
                "                           PEP 658 metadata, PEP 700 fields\n"
                "  POST /legacy/            uploads (PyPI's legacy upload API)\n"
                "Wheels and sdists already in DIR (or one folder below) are served as\n"
                "they are; files added while it runs appear without a restart.\n\n"
                "Options:\n"
                "  --root DIR        the folder served and uploaded to\n"
                "  --host ADDR       address to bind (default 127.0.0.1)\n"
                "  --port N          port (default 3141; 0 picks a free one)\n"
                "  --read-only       refuse uploads (405)\n"
                "  --users FILE      users allowed to upload (name:argon2id-hash lines)\n"
                "  --token TOKEN     allow uploads as user __token__ with this password\n"
                "                    (or set SLIPWAY_SERVE_TOKEN)\n"
                "  --allow-anonymous-upload  accept uploads without credentials\n"
                "  --max-upload SIZE largest file accepted, e.g. 100M (default 1G; 413)\n"
                "  --threads N       worker threads (default 4)\n"
                "  -q, --quiet       no request log\n"
                "  --add-user NAME   add NAME to --users FILE and exit; the password is\n"
                "                    read without echo, or from stdin with --password-stdin\n"
                "  --yank FILE       mark a served file as yanked (PEP 592), with\n"
                "                    --reason TEXT; --unyank FILE undoes it\n\n"
                "Stops cleanly on SIGINT or SIGTERM. Exit codes: 0 stopped, 1 could not\n"
                "start, 2 usage.\n",
        .exec = serve_exec,
};
