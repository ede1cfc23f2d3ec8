/*
 * bump/git.c — the git side of a release bump, through the `git` command
 * (slipway/proc.h): checks before anything is written (a work tree, clean
 * unless allowed, the tag new), then a commit of exactly the bumped files
 * and an annotated tag. Tag names are checked with git's ref-name rules.
 */
#include <stdio.h>
#include <string.h>

#include "bump/sites_int.h"
#include "slipway/proc.h"
#include "util/util.h"

#define GIT_OUT_MAX ((size_t)256 * 1024)
#define GIT_ARGS    (SW_BUMP_FILES_MAX + 8)

/* Runs git in `dir` with `args` (NULL-terminated, without "git"); its
 * stdout goes to `out` (may be NULL). *code receives the exit status, -1
 * if it did not exit normally. Failing to run git is SW_ESUBPROCESS. */
static int run_git(int *code, sw_buf *out, sw_buf *err_out, const char *dir,
                   const char *const *args)
{
	static const char *const env[] = {"LC_ALL=C", "GIT_TERMINAL_PROMPT=0", NULL};
	const char *argv[GIT_ARGS + 1];
	sw_proc_opts o = SW_PROC_OPTS_INIT;
	sw_proc_result r;
	size_t n = 0;
	int err;
	argv[n++] = "git";
	while (*args && n < GIT_ARGS)
		argv[n++] = *args++;
	argv[n] = NULL;
	o.cwd = dir;
	o.env_set = env;
	o.out_buf = out;
	o.err_buf = err_out;
	o.timeout_ms = 120000;
	if ((err = sw_proc_run(&r, argv, &o)) < 0) {
		char why[1024]; /* the message is rewritten: copy it first */
		if (err == SW_ENOMEM)
			return err;
		snprintf(why, sizeof(why), "%s", sw_error_last());
		return sw_error_set(SW_ESUBPROCESS, "cannot run git: %s", why);
	}
	*code = r.exited ? r.exit_code : -1;
	return 0;
}

/* Runs git and turns a non-zero exit into SW_ESUBPROCESS with its stderr. */
static int git_ok(sw_buf *out, const char *dir, const char *what, const char *const *args)
{
	sw_buf err_buf;
	int code = 0, err;
	sw_buf_init(&err_buf, GIT_OUT_MAX);
	if ((err = run_git(&code, out, &err_buf, dir, args)) == 0 && code != 0) {
		size_t n = err_buf.len;
		while (n && (err_buf.ptr[n - 1] == '\n' || err_buf.ptr[n - 1] == '\r'))
			n--;
		err = sw_error_set(SW_ESUBPROCESS, "git %s failed: %.*s", what, (int)n,
		                   err_buf.ptr ? err_buf.ptr : "");
	}
	sw_buf_free(&err_buf);
	return err;
}

/* git check-ref-format's rules for one tag name. */
static const char *bad_tag(const char *t)
{
	size_t n = strlen(t);
	if (!n || t[0] == '-' || t[0] == '.' || t[n - 1] == '.' || t[n - 1] == '/' ||
	    strcmp(t, "@") == 0 || (n >= 5 && strcmp(t + n - 5, ".lock") == 0))
		return "it starts with '-' or '.', ends with '.', '/' or '.lock', or is empty";
	if (strstr(t, "..") || strstr(t, "@{") || strstr(t, "//") || strstr(t, "/."))
		return "it holds '..', '@{', '//' or '/.'";
	for (const char *p = t; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f || strchr(" ~^:?*[\\", *p))
			return "it holds a space, a control character or one of ~^:?*[\\";
	return NULL;
}

int sw_bump_tag_name(char **out, const char *format, const char *version)
{
	sw_buf b;
	const char *why, *p;
	*out = NULL;
	if (!version)
		return sw_error_set(SW_EINVAL, "no version given");
	if (!format)
		format = "v{version}";
	sw_buf_init(&b, 4096);
	for (p = format; *p;) {
		if (strncmp(p, "{version}", 9) == 0) {
			sw_buf_puts(&b, version);
			p += 9;
		} else {
			sw_buf_putc(&b, *p++);
		}
	}
	if (sw_buf_error(&b) || !b.ptr) {
		int e = b.ptr ? sw_buf_error(&b) : SW_EINVAL;
		sw_buf_free(&b);
		return sw_error_set(e, "cannot make a tag name from '%s'", format);
	}
	if ((why = bad_tag(b.ptr)) != NULL) {
		int e = sw_error_set(SW_EINVAL, "'%s' is not a valid git tag name: %s", b.ptr, why);
		sw_buf_free(&b);
		return e;
	}
	*out = sw_buf_detach(&b, NULL);
	sw_buf_free(&b);
	return *out ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
}

/* Refuses a tree with changes to tracked files (untracked ones are fine). */
static int check_clean(const char *dir)
{
	static const char *const args[] = {"status", "--porcelain", "--untracked-files=no", NULL};
	sw_buf out;
	int err;
	sw_buf_init(&out, GIT_OUT_MAX);
	if ((err = git_ok(&out, dir, "status", args)) == 0 && out.len)
		err = sw_error_set(SW_EREFUSED,
		                   "the git work tree has uncommitted changes:\n%.*s\ncommit or "
		                   "stash them first, or pass --allow-dirty (nothing was written)",
		                   (int)(out.len > 2000 ? 2000 : out.len - 1), out.ptr);
	sw_buf_free(&out);
	return err;
}

int sw_bump_git_check(const char *dir, const sw_bump_git_opts *opts, const char *nv)
{
	static const char *const inside[] = {"rev-parse", "--is-inside-work-tree", NULL};
	char *tag = NULL, ref[4200];
	sw_buf out;
	int err, code = 0;
	if (!dir || !opts || opts->version != SW_BUMP_GIT_OPTS_VERSION)
		return sw_error_set(SW_EINVAL, "bad git options");
	if (!opts->commit && !opts->tag)
		return 0;
	sw_buf_init(&out, GIT_OUT_MAX);
	if ((err = run_git(&code, &out, NULL, dir, inside)) < 0)
		goto done;
	if (code != 0 || !out.ptr || strncmp(out.ptr, "true", 4) != 0) {
		err = sw_error_set(SW_EREFUSED,
		                   "%s is not inside a git work tree; run git init "
		                   "first, or leave out --commit and --tag",
		                   dir);
		goto done;
	}
	if (!opts->allow_dirty && (err = check_clean(dir)) < 0)
		goto done;
	if (opts->tag) {
		const char *verify[] = {"rev-parse", "-q", "--verify", ref, NULL};
		if ((err = sw_bump_tag_name(&tag, opts->tag_format, nv)) < 0)
			goto done;
		snprintf(ref, sizeof(ref), "refs/tags/%s", tag);
		if ((err = run_git(&code, NULL, NULL, dir, verify)) < 0)
			goto done;
		if (code == 0)
			err = sw_error_set(SW_EREFUSED,
			                   "the tag %s already exists; choose another version or "
			                   "--tag-format (nothing was written)",
			                   tag);
	}
done:
	sw_free(tag);
	sw_buf_free(&out);
	return err;
}

/* `git add` then `git commit --only` of the plan's files. */
static int commit_files(const char *dir, const sw_bump_plan *plan, const char *msg)
{
	const char *add[GIT_ARGS] = {"add", "--"},
	           *commit[GIT_ARGS] = {"commit", "-q", "-m", msg, "--"};
	size_t n = sw_bump_plan_count(plan), na = 2, nc = 5;
	int err;
	if (!n)
		return 0;
	for (size_t i = 0; i < n && i < SW_BUMP_FILES_MAX; i++) {
		add[na++] = sw_bump_plan_path(plan, i);
		commit[nc++] = sw_bump_plan_path(plan, i);
	}
	add[na] = NULL;
	commit[nc] = NULL;
	if ((err = git_ok(NULL, dir, "add", add)) < 0)
		return err;
	return git_ok(NULL, dir, "commit", commit);
}

int sw_bump_git(const char *dir, const sw_bump_git_opts *opts, const sw_bump_plan *plan,
                const char *old_version, const char *nv)
{
	char msg[2 * 4096 + 64], tagmsg[4096 + 16];
	char *tag = NULL;
	int err = 0;
	if (!dir || !opts || !nv || opts->version != SW_BUMP_GIT_OPTS_VERSION)
		return sw_error_set(SW_EINVAL, "bad git options");
	snprintf(msg, sizeof(msg), "Bump version: %s \xE2\x86\x92 %s",
	         old_version ? old_version : "?", nv);
	if (opts->commit && plan && (err = commit_files(dir, plan, msg)) < 0)
		return err;
	if (opts->tag) {
		const char *args[] = {"tag", "-a", NULL, "-m", tagmsg, NULL};
		if ((err = sw_bump_tag_name(&tag, opts->tag_format, nv)) < 0)
			return err;
		snprintf(tagmsg, sizeof(tagmsg), "Version %s", nv);
		args[2] = tag;
		err = git_ok(NULL, dir, "tag", args);
		sw_free(tag);
	}
	return err;
}

/* The tag format split around its first {version}: "v" and "". */
static int format_parts(const char *format, size_t *pre, const char **post)
{
	const char *at = strstr(format, "{version}");
	if (!at)
		return sw_error_set(SW_EINVAL, "the tag format '%s' has no {version}", format);
	*pre = (size_t)(at - format);
	*post = at + 9;
	return 0;
}

int sw_bump_git_last_version(char **out, const char *dir, const char *tag_format)
{
	const char *fmt = tag_format ? tag_format : "v{version}", *post = "";
	char pattern[1024];
	const char *args[] = {"describe", "--tags", "--abbrev=0", "--match", pattern, NULL};
	sw_buf tag, errb;
	size_t pre = 0, n;
	int err, code = 0;
	*out = NULL;
	if (!dir)
		return sw_error_set(SW_EINVAL, "no folder given");
	if ((err = format_parts(fmt, &pre, &post)) < 0)
		return err;
	snprintf(pattern, sizeof(pattern), "%.*s*%s", (int)pre, fmt, post);
	sw_buf_init(&tag, 4096);
	sw_buf_init(&errb, GIT_OUT_MAX);
	if ((err = run_git(&code, &tag, &errb, dir, args)) < 0)
		goto done;
	n = tag.len;
	while (n && (tag.ptr[n - 1] == '\n' || tag.ptr[n - 1] == '\r'))
		n--;
	if (code != 0 || n < pre + strlen(post)) {
		err = sw_error_set(SW_ENOTFOUND, "no git tag matching %s found in %s", pattern,
		                   dir);
		goto done;
	}
	if (!(*out = sw_strndup(tag.ptr + pre, n - pre - strlen(post))))
		err = sw_error_set(SW_ENOMEM, "out of memory");
done:
	sw_buf_free(&tag);
	sw_buf_free(&errb);
	return err;
}
