/*
 * build/pep517_run.c — running Python for the PEP 517 frontend. Every
 * subprocess goes through pep_run(), which streams each output line to the
 * log, to the caller's callback and to a ring of the last lines kept for
 * error messages. pep_hook() calls one backend hook through the embedded
 * hook runner: the request goes in a JSON file, the runner's answer comes
 * back in another, and a failure becomes an error that says what to do.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "build/pep517_int.h"
#include "slipway/fs.h"
#include "util/util.h"

/* The largest output.json accepted from the hook runner. */
#define PEP_OUTPUT_MAX ((size_t)16 * 1024 * 1024)

/* Remembers one line in the tail ring. */
static void tail_add(struct pep *p, const char *line, size_t len)
{
	char *copy = sw_strndup(line, len);
	if (!copy)
		return;
	sw_free(p->tail[p->tail_next]);
	p->tail[p->tail_next] = copy;
	p->tail_next = (p->tail_next + 1) % PEP_TAIL_LINES;
}

void pep_tail_clear(struct pep *p)
{
	for (size_t i = 0; i < PEP_TAIL_LINES; i++) {
		sw_free(p->tail[i]);
		p->tail[i] = NULL;
	}
	p->tail_next = 0;
}

void pep_tail_format(const struct pep *p, sw_buf *b, size_t n)
{
	size_t have = 0;
	for (size_t i = 0; i < PEP_TAIL_LINES; i++)
		have += p->tail[i] != NULL;
	if (n > have)
		n = have;
	for (size_t k = 0; k < n; k++) {
		size_t i = (p->tail_next + PEP_TAIL_LINES - n + k) % PEP_TAIL_LINES;
		sw_buf_printf(b, "\n  %s", p->tail[i]);
	}
}

/* sw_proc line callback: log it, hand it to the caller, keep it. */
static int on_proc_line(void *userdata, enum sw_proc_stream stream, const char *line, size_t len)
{
	struct pep *p = userdata;
	const sw_pep517_opts *o = p->opts;
	sw_log(SW_LOG_INFO, "%s", line);
	if (o->on_line)
		o->on_line(o->userdata, stream == SW_PROC_STDERR, line);
	tail_add(p, line, len);
	return 0;
}

/* sw_proc cancel hook: the caller's. */
static int on_proc_cancel(void *userdata)
{
	struct pep *p = userdata;
	return p->opts->cancel ? p->opts->cancel(p->opts->userdata) : 0;
}

int pep_run(struct pep *p, const char *const *argv, const char *cwd, sw_proc_result *res)
{
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	o.cwd = cwd ? cwd : p->root;
	o.env_set = p->env_set;
	o.env_unset = p->env_unset;
	o.on_line = on_proc_line;
	o.cancel = p->opts->cancel ? on_proc_cancel : NULL;
	o.userdata = p;
	o.new_group = 1;
	sw_log(SW_LOG_DEBUG, "running %s %s %s", argv[0], argv[1] ? argv[1] : "",
	       argv[1] && argv[2] ? argv[2] : "");
	return sw_proc_run(res, argv, &o);
}

json_t *pep_config_settings(const sw_pep517_opts *opts)
{
	json_t *cs;
	if (!opts->config_settings_count)
		return json_null();
	if (!(cs = json_object()))
		return NULL;
	for (size_t i = 0; i < opts->config_settings_count; i++) {
		const sw_pep517_setting *s = &opts->config_settings[i];
		json_t *old = json_object_get(cs, s->key), *val = json_string(s->value);
		int rc;
		if (!val)
			goto fail;
		if (!old) {
			rc = json_object_set_new(cs, s->key, val);
		} else if (json_is_array(old)) {
			rc = json_array_append_new(old, val);
		} else {
			json_t *list = json_pack("[OO]", old, val);
			json_decref(val);
			rc = list ? json_object_set_new(cs, s->key, list) : -1;
		}
		if (rc)
			goto fail;
	}
	return cs;
fail:
	json_decref(cs);
	return NULL;
}

/* Writes the hook request (backend, backend-path, kwargs) to input.json. */
static int write_request(struct pep *p, const char *ctl, json_t *kwargs)
{
	json_t *req = NULL, *bp = json_null();
	char *path = NULL;
	int err = 0;
	if (p->backend_path) {
		bp = json_array();
		for (size_t i = 0; bp && p->backend_path[i]; i++) {
			if (json_array_append_new(bp, json_string(p->backend_path[i])))
				json_decref(bp), bp = NULL;
		}
	}
	req = bp ? json_pack("{s:s, s:o, s:O}", "backend", p->backend, "backend_path", bp, "kwargs",
	                     kwargs)
	         : NULL;
	if (!req || !(path = sw_malloc(strlen(ctl) + 16))) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	snprintf(path, strlen(ctl) + 16, "%s/input.json", ctl);
	if (json_dump_file(req, path, JSON_COMPACT) != 0)
		err = sw_error_set(SW_EIO, "%s: cannot write the hook request", path);
done:
	json_decref(req);
	sw_free(path);
	return err;
}

/* The last `n` lines of a traceback text, indented, into `b`. */
static void traceback_tail(sw_buf *b, const char *tb, size_t n)
{
	size_t len = strlen(tb), lines = 0, start = len;
	while (len && tb[len - 1] == '\n')
		len--;
	start = len;
	while (start > 0 && lines < n) {
		start--;
		if (tb[start] == '\n' && ++lines == n) {
			start++;
			break;
		}
	}
	for (size_t i = start; i < len;) {
		size_t e = i;
		while (e < len && tb[e] != '\n')
			e++;
		sw_buf_printf(b, "\n  %.*s", (int)(e - i), tb + i);
		i = e + 1;
	}
}

/* Turns the runner's failure report into an error that says what to do. */
static int hook_failure(struct pep *p, const char *hook, json_t *out)
{
	const char *kind = json_string_value(json_object_get(out, "kind"));
	const char *msg = json_string_value(json_object_get(out, "message"));
	const char *module = json_string_value(json_object_get(out, "module"));
	const char *tb = json_string_value(json_object_get(out, "traceback"));
	sw_buf b;
	int code = SW_ESUBPROCESS;
	sw_buf_init(&b, 64 * 1024);
	kind = kind ? kind : "raised";
	msg = msg ? msg : "(no message)";
	if (strcmp(kind, "unavailable") == 0) {
		char top[128];
		snprintf(top, sizeof top, "%.*s", (int)strcspn(module ? module : p->backend, ".:"),
		         module ? module : p->backend);
		code = SW_ENOTFOUND;
		if (p->opts->isolation) {
			sw_buf_printf(
			        &b,
			        "%s (backend %s) cannot be imported in the build environment: %s",
			        top, p->backend, msg);
		} else {
			sw_buf_printf(&b, "%s is not installed for %s: install ", top, p->python);
			pep_debian_package(&b, top);
			sw_buf_printf(&b, " or build with isolation (backend %s: %s)", p->backend,
			              msg);
		}
	} else if (strcmp(kind, "invalid") == 0) {
		code = SW_EINVAL;
		sw_buf_printf(&b, "build backend %s: %s", p->backend, msg);
	} else if (strcmp(kind, "unsupported") == 0) {
		code = SW_EUNSUPPORTED;
		sw_buf_puts(&b, msg);
	} else if (strcmp(kind, "noresult") == 0) {
		sw_buf_printf(&b, "build backend %s produced no file: %s", p->backend, msg);
	} else {
		sw_buf_printf(&b, "build backend %s failed in %s: %s", p->backend, hook, msg);
		if (tb)
			traceback_tail(&b, tb, 12);
	}
	code = sw_buf_error(&b) == SW_ENOMEM ? SW_ENOMEM : code;
	code = sw_error_set(code, "%s", sw_buf_cstr(&b));
	sw_buf_free(&b);
	return code;
}

/* Reads output.json; a missing one means the runner died. */
static int read_answer(json_t **out, struct pep *p, const char *ctl, const char *hook,
                       const sw_proc_result *res)
{
	char path[4096], *text = NULL, how[64];
	size_t len = 0;
	sw_buf b;
	int err;
	snprintf(path, sizeof path, "%s/output.json", ctl);
	err = sw_file_read(&text, &len, NULL, path, PEP_OUTPUT_MAX);
	if (err == SW_ENOTFOUND || err == SW_EIO) {
		sw_buf_init(&b, 64 * 1024);
		sw_buf_printf(&b, "the %s hook of %s ended without a result (%s); its last output:",
		              hook, p->backend, sw_proc_result_describe(res, how, sizeof how));
		pep_tail_format(p, &b, 10);
		err = sw_error_set(SW_ESUBPROCESS, "%s", sw_buf_cstr(&b));
		sw_buf_free(&b);
		return err;
	}
	if (err < 0)
		return err;
	*out = json_loadb(text, len, 0, NULL);
	sw_free(text);
	if (!*out || !json_is_object(*out)) {
		json_decref(*out);
		*out = NULL;
		return sw_error_set(SW_ESUBPROCESS, "%s: the hook runner's answer is not JSON",
		                    path);
	}
	return 0;
}

int pep_hook(json_t **value, struct pep *p, const char *hook, json_t *kwargs)
{
	char *ctl = pep_tmp_path(p, "ctl"), *runner = pep_tmp_path(p, "hooks_runner.py");
	char outpath[4096];
	json_t *out = NULL;
	sw_proc_result res;
	int err;
	*value = NULL;
	if (!ctl || !runner || !kwargs) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	snprintf(outpath, sizeof outpath, "%s/output.json", ctl);
	if (unlink(outpath) < 0 && errno != ENOENT) {
		err = sw_error_set(SW_EIO, "%s: %s", outpath, strerror(errno));
		goto done;
	}
	if (hook[0] != '_')
		sw_log(SW_LOG_INFO, "calling %s of %s", hook, p->backend);
	if ((err = write_request(p, ctl, kwargs)) < 0)
		goto done;
	pep_tail_clear(p);
	{
		const char *argv[] = {p->run_python, runner, hook, ctl, NULL};
		if ((err = pep_run(p, argv, p->src_dir, &res)) == SW_ECANCELLED)
			err = sw_error_set(err, "cancelled in %s of %s", hook, p->backend);
		if (err < 0)
			goto done;
	}
	if ((err = read_answer(&out, p, ctl, hook, &res)) < 0)
		goto done;
	if (json_is_true(json_object_get(out, "ok")))
		*value = json_incref(json_object_get(out, "value"));
	else
		err = hook_failure(p, hook, out);
done:
	json_decref(kwargs);
	json_decref(out);
	sw_free(ctl);
	sw_free(runner);
	return err;
}
