/*
 * project/edit.c — the editing session: opening pyproject.toml, the
 * transaction every edit runs in (work on a copy of the document, re-load
 * and re-validate the result, refuse it when it has more errors than the
 * text before, keep the old text for undo), undo/redo, and the atomic save
 * that refuses a file changed on disk since it was read.
 */
#include <string.h>
#include <sys/stat.h>

#include "project/edit_int.h"
#include "slipway/project.h"

#define DEFAULT_NAME "pyproject.toml"

/* Largest refusal message listing the new diagnostics. */
#define MSG_MAX ((size_t)16 * 1024)

/* Counts the validation errors of `text`; with `diags` non-NULL also hands
 * out the list and the project its strings are borrowed from (`proj`). */
static int count_errors(size_t *errors, sw_project_diags **diags, sw_project **proj,
                        const sw_project_editor *ed, const char *text, size_t len)
{
	sw_project_check_opts opts = SW_PROJECT_CHECK_OPTS_INIT;
	sw_project *p = NULL;
	sw_project_diags *d = NULL;
	int err;
	if ((err = sw_project_load_buffer(&p, text, len, ed->name, ed->root)) < 0)
		goto done;
	opts.trove_extra = ed->trove_extra;
	if ((err = sw_project_validate(&d, p, &opts)) < 0)
		goto done;
	*errors = sw_project_diags_count_severity(d, SW_SEV_ERROR);
	if (diags) {
		*diags = d;
		*proj = p;
		d = NULL;
		p = NULL;
	}
done:
	sw_project_diags_free(d);
	sw_project_free(p);
	return err;
}

/* Takes `text` as the editor's current text: a document, or the broken
 * text and its syntax error. */
static int take_text(sw_project_editor *ed, const char *text, size_t len)
{
	int err = sw_toml_parse(&ed->doc, text, len, ed->name);
	if (err == SW_EPARSE) {
		if (!(ed->syntax_msg = sw_strdup(sw_error_last())) ||
		    !(ed->broken = sw_strndup(text, len)))
			return sw_error_set(SW_ENOMEM, "out of memory");
		ed->broken_len = len;
		return 0;
	}
	return err;
}

/* Fills a new editor from text; path/stamp are set by the caller. */
static int editor_new(sw_project_editor **out, const char *text, size_t len, const char *name,
                      const char *root)
{
	sw_project_editor *ed = sw_calloc(1, sizeof(*ed));
	int err = SW_ENOMEM;
	*out = NULL;
	if (!ed)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if (!(ed->name = sw_strdup(name ? name : DEFAULT_NAME)) ||
	    (root && !(ed->root = sw_strdup(root))) || !(ed->saved = sw_strndup(text, len))) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	ed->saved_len = len;
	if ((err = take_text(ed, text, len)) < 0)
		goto done;
	if ((err = count_errors(&ed->errors, NULL, NULL, ed, text, len)) < 0)
		goto done;
	*out = ed;
	ed = NULL;
done:
	sw_project_editor_free(ed);
	return err;
}

int sw_project_editor_open_buffer(sw_project_editor **out, const char *text, size_t len,
                                  const char *name, const char *root)
{
	if (!out || (!text && len))
		return sw_error_set(SW_EINVAL, "no text given");
	return editor_new(out, text ? text : "", len, name, root);
}

/* Works out the file and the root from a file or directory path. */
static int locate(sw_buf *file, sw_buf *root, const char *path)
{
	struct stat st;
	const char *slash = strrchr(path, '/');
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		sw_buf_puts(root, path);
		sw_buf_puts(file, path);
		sw_buf_puts(file, "/" DEFAULT_NAME);
	} else {
		sw_buf_puts(file, path);
		if (slash)
			sw_buf_put(root, path, (size_t)(slash - path) + (slash == path));
		else
			sw_buf_putc(root, '.');
	}
	return sw_buf_error(file) ? sw_buf_error(file) : sw_buf_error(root);
}

int sw_project_editor_open(sw_project_editor **out, const char *path)
{
	sw_buf file, root;
	char *text = NULL;
	size_t len = 0;
	sw_file_stamp stamp;
	int err;
	if (!out || !path)
		return sw_error_set(SW_EINVAL, "no path given");
	*out = NULL;
	sw_buf_init(&file, 8192);
	sw_buf_init(&root, 8192);
	if ((err = locate(&file, &root, path)) < 0) {
		err = sw_error_set(err, "path too long or out of memory");
		goto done;
	}
	if ((err = sw_file_read(&text, &len, &stamp, sw_buf_cstr(&file), SW_TOML_MAX_SIZE)) < 0)
		goto done;
	if ((err = editor_new(out, text, len, sw_buf_cstr(&file), sw_buf_cstr(&root))) < 0)
		goto done;
	(*out)->path = sw_buf_detach(&file, NULL);
	if (!(*out)->path) {
		sw_project_editor_free(*out);
		*out = NULL;
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	(*out)->stamp = stamp;
	(*out)->has_stamp = 1;
done:
	sw_free(text);
	sw_buf_free(&file);
	sw_buf_free(&root);
	return err;
}

/* Frees the texts of a stack. */
static void stack_clear(struct ed_snap *stack, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		sw_free(stack[i].text);
	*n = 0;
}

void sw_project_editor_free(sw_project_editor *ed)
{
	if (!ed)
		return;
	stack_clear(ed->undo, &ed->nundo);
	stack_clear(ed->redo, &ed->nredo);
	sw_toml_free(ed->doc);
	sw_free(ed->broken);
	sw_free(ed->syntax_msg);
	sw_free(ed->saved);
	sw_free(ed->path);
	sw_free(ed->name);
	sw_free(ed->root);
	sw_free(ed);
}

const char *sw_project_editor_text(const sw_project_editor *ed, size_t *len)
{
	if (!ed->doc) {
		if (len)
			*len = ed->broken_len;
		return ed->broken;
	}
	return sw_toml_text(ed->doc, len);
}

const char *sw_project_editor_saved_text(const sw_project_editor *ed, size_t *len)
{
	if (len)
		*len = ed->saved_len;
	return ed->saved;
}

int sw_project_editor_dirty(const sw_project_editor *ed)
{
	size_t len;
	const char *text = sw_project_editor_text(ed, &len);
	return len != ed->saved_len || memcmp(text, ed->saved, len) != 0;
}

const char *sw_project_editor_path(const sw_project_editor *ed)
{
	return ed->path;
}

size_t sw_project_editor_undo_depth(const sw_project_editor *ed)
{
	return ed->nundo;
}

size_t sw_project_editor_redo_depth(const sw_project_editor *ed)
{
	return ed->nredo;
}

int ed_begin(sw_project_editor *ed, sw_toml_doc **work)
{
	size_t len;
	const char *text;
	*work = NULL;
	if (!ed->doc)
		return sw_error_set(SW_EPARSE, "%s (no edit is made until the file is valid TOML)",
		                    ed->syntax_msg);
	text = sw_toml_text(ed->doc, &len);
	return sw_toml_parse(work, text, len, ed->name);
}

/* Pushes a text on a bounded stack (the oldest is dropped when full). The
 * text is taken over. */
static void stack_push(struct ed_snap *stack, size_t *n, char *text, size_t len)
{
	if (*n == SW_PROJECT_UNDO_MAX) {
		sw_free(stack[0].text);
		memmove(stack, stack + 1, (SW_PROJECT_UNDO_MAX - 1) * sizeof(*stack));
		(*n)--;
	}
	stack[*n].text = text;
	stack[(*n)++].len = len;
}

/* Whether a diagnostic of `after` is absent from `before` (same code and
 * message). */
static int is_new(const sw_project_diag *d, const sw_project_diags *before)
{
	size_t n = sw_project_diags_count(before);
	for (size_t i = 0; i < n; i++) {
		const sw_project_diag *b = sw_project_diags_at(before, i);
		if (b->severity == d->severity && strcmp(b->code, d->code) == 0 &&
		    strcmp(b->message, d->message) == 0)
			return 0;
	}
	return 1;
}

/* Sets the refusal of an edit that adds errors, listing the new ones. */
static int refuse(const sw_project_editor *ed, const sw_project_diags *after)
{
	sw_project_diags *before = NULL;
	sw_project *bp = NULL;
	size_t n = sw_project_diags_count(after), errors = 0;
	const char *text;
	size_t len;
	sw_buf msg;
	int err;
	text = sw_toml_text(ed->doc, &len);
	if ((err = count_errors(&errors, &before, &bp, ed, text, len)) < 0)
		return err;
	sw_buf_init(&msg, MSG_MAX);
	sw_buf_puts(&msg, "edit refused: it would make the file invalid");
	/* the errors that are new; if each one was there before (the same
	 * error once more), all of them */
	for (int all = 0, listed = 0; all < 2 && !listed; all++) {
		for (size_t i = 0; i < n; i++) {
			const sw_project_diag *d = sw_project_diags_at(after, i);
			if (d->severity != SW_SEV_ERROR || (!all && !is_new(d, before)))
				continue;
			sw_buf_printf(&msg, "\n  %s:%u:%u: error[%s]: %s", d->file, d->line, d->col,
			              d->code, d->message);
			listed = 1;
		}
	}
	err = sw_buf_error(&msg) == SW_ENOMEM ? SW_ENOMEM : SW_EINVAL;
	if (err == SW_ENOMEM)
		sw_error_set(SW_ENOMEM, "out of memory");
	else
		sw_error_set(SW_EINVAL, "%s", sw_buf_cstr(&msg));
	sw_buf_free(&msg);
	sw_project_diags_free(before);
	sw_project_free(bp);
	return err;
}

int ed_finish(sw_project_editor *ed, sw_toml_doc *work, int err)
{
	sw_project_diags *after = NULL;
	sw_project *ap = NULL;
	size_t len, old_len, errors = 0;
	const char *text, *old;
	char *snap = NULL;
	if (err < 0)
		goto done;
	text = sw_toml_text(work, &len);
	old = sw_toml_text(ed->doc, &old_len);
	if (len == old_len && memcmp(text, old, len) == 0)
		goto done; /* nothing changed: no undo step */
	if ((err = count_errors(&errors, &after, &ap, ed, text, len)) < 0)
		goto done;
	if (errors > ed->errors) {
		err = refuse(ed, after);
		goto done;
	}
	if (!(snap = sw_strndup(old, old_len))) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	stack_push(ed->undo, &ed->nundo, snap, old_len);
	stack_clear(ed->redo, &ed->nredo);
	sw_toml_free(ed->doc);
	ed->doc = work;
	ed->errors = errors;
	work = NULL;
done:
	sw_project_diags_free(after);
	sw_project_free(ap);
	sw_toml_free(work);
	return err;
}

/* Moves one step from stack `from` to the current text, pushing the
 * current text on `to`. */
static int step(sw_project_editor *ed, struct ed_snap *from, size_t *nfrom, struct ed_snap *to,
                size_t *nto, const char *what)
{
	sw_toml_doc *doc = NULL;
	struct ed_snap *s;
	size_t errors = 0, len;
	const char *text;
	char *cur = NULL;
	int err;
	if (!*nfrom)
		return sw_error_set(SW_ENOTFOUND, "nothing to %s", what);
	s = &from[*nfrom - 1];
	if ((err = sw_toml_parse(&doc, s->text, s->len, ed->name)) < 0)
		goto done;
	if ((err = count_errors(&errors, NULL, NULL, ed, s->text, s->len)) < 0)
		goto done;
	text = sw_toml_text(ed->doc, &len);
	if (!(cur = sw_strndup(text, len))) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	stack_push(to, nto, cur, len);
	sw_free(s->text);
	(*nfrom)--;
	sw_toml_free(ed->doc);
	ed->doc = doc;
	ed->errors = errors;
	doc = NULL;
done:
	sw_toml_free(doc);
	return err;
}

int sw_project_editor_undo(sw_project_editor *ed)
{
	return step(ed, ed->undo, &ed->nundo, ed->redo, &ed->nredo, "undo");
}

int sw_project_editor_redo(sw_project_editor *ed)
{
	return step(ed, ed->redo, &ed->nredo, ed->undo, &ed->nundo, "redo");
}

int sw_project_editor_save(sw_project_editor *ed)
{
	size_t len;
	const char *text = sw_project_editor_text(ed, &len);
	char *copy;
	int err;
	if (!ed->path)
		return sw_error_set(SW_EINVAL, "%s was not read from a file; it cannot be saved",
		                    ed->name);
	if (!(copy = sw_strndup(text, len)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	err = sw_file_write_atomic(ed->path, text, len, ed->has_stamp ? &ed->stamp : NULL);
	if (err == SW_ECONFLICT)
		sw_error_set(
		        SW_ECONFLICT,
		        "%s changed on disk since slipway read it; nothing was written. Reload "
		        "the file and make the edit again",
		        ed->path);
	if (err < 0) {
		sw_free(copy);
		return err;
	}
	sw_free(ed->saved);
	ed->saved = copy;
	ed->saved_len = len;
	return 0;
}

int sw_project_editor_set_trove_extra(sw_project_editor *ed, const struct sw_trove_list *list)
{
	size_t len;
	const char *text;
	if (!ed)
		return sw_error_set(SW_EINVAL, "no editor given");
	ed->trove_extra = list;
	if (!ed->doc)
		return 0;
	text = sw_toml_text(ed->doc, &len);
	return count_errors(&ed->errors, NULL, NULL, ed, text, len);
}
