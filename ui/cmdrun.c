/*
 * ui/cmdrun.c — the `:` prompt's command runner: a CLI command runs
 * in-process on the UI thread with stdout and stderr redirected to a
 * temporary file (and stdin from /dev/null), so it never writes to the
 * curses screen; its output then shows in a pager.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"

/* Most output kept from one command. */
#define CAPTURE_MAX ((size_t)4 * 1024 * 1024)

/* Reads back what the command wrote (at most CAPTURE_MAX bytes). */
static int read_back(char **out, size_t *len, int fd)
{
	off_t size = lseek(fd, 0, SEEK_END);
	size_t n, got = 0;
	if (size < 0 || lseek(fd, 0, SEEK_SET) < 0)
		return -1;
	n = (size_t)size > CAPTURE_MAX ? CAPTURE_MAX : (size_t)size;
	if (!(*out = ui_malloc(n + 1)))
		return -1;
	while (got < n) {
		ssize_t r = read(fd, *out + got, n - got);
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	(*out)[got] = '\0';
	*len = got;
	return 0;
}

int ui_capture_command(char **out, size_t *len, int *code, sw_ui_command_fn run, int argc,
                       char **argv)
{
	char path[] = "/tmp/slipway-ui-XXXXXX";
	int fd = mkstemp(path), saved[3] = {-1, -1, -1}, null = -1, err = -1;
	*out = NULL;
	*len = 0;
	if (fd < 0)
		return -1;
	unlink(path);
	fflush(stdout);
	fflush(stderr);
	null = open("/dev/null", O_RDONLY);
	for (int i = 0; i < 3; i++)
		if ((saved[i] = dup(i)) < 0)
			goto done;
	if (null < 0 || dup2(null, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		goto done;
	*code = run(argc, argv);
	fflush(stdout);
	fflush(stderr);
	err = 0;
done:
	for (int i = 0; i < 3; i++)
		if (saved[i] >= 0) {
			dup2(saved[i], i);
			close(saved[i]);
		}
	clearerr(stdin);
	if (err == 0)
		err = read_back(out, len, fd);
	close(fd);
	if (null >= 0)
		close(null);
	return err;
}

void ui_run_command_line(struct ui_app *app, const char *line)
{
	char **argv = NULL, **args, *out = NULL, title[256];
	int argc = 0, code = 0, rc = ui_split_args(&argv, &argc, line);
	size_t len = 0;
	if (rc == -1) {
		ui_status(app, UI_S_ERROR, "unclosed quote in the command");
		return;
	}
	if (rc < 0) {
		ui_status(app, UI_S_ERROR, "out of memory");
		return;
	}
	args = argv;
	if (argc && strcmp(args[0], "slipway") == 0)
		args++, argc--;
	if (argc == 0) {
		ui_argv_free(argv);
		return;
	}
	if (ui_capture_command(&out, &len, &code, app->run_command, argc, args) < 0) {
		ui_status(app, UI_S_ERROR, "cannot capture the command's output: %s",
		          strerror(errno));
	} else if (code == -1) {
		ui_status(app, UI_S_ERROR, "'%s' is not a slipway command (try :help)", args[0]);
	} else {
		snprintf(title, sizeof title, "slipway %s  (exit %d)", line, code);
		ui_log("ran: slipway %s (exit %d)", line, code);
		ui_pager(app, title, len ? out : "(no output)\n", len ? len : 12, 0, NULL, NULL,
		         NULL);
		ui_post(UI_EV_FILES_CHANGED, NULL, NULL);
	}
	ui_free(out);
	ui_argv_free(argv);
}
