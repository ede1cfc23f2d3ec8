/*
 * ui/toml_rows.c — pure view models of the Project screen's raw TOML view
 * (every source line, each followed by the diagnostics on it) and of the
 * classifier picker (the entries matching a search).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "project_rows.h"

/* Appends a row (takes `text`). */
static int push(struct ui_trows *out, unsigned line, int severity, char *text)
{
	if (!text)
		return -1;
	if (out->count == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 64;
		struct ui_trow *grown = ui_realloc(out->rows, cap * sizeof *grown);
		if (!grown) {
			ui_free(text);
			return -1;
		}
		out->rows = grown;
		out->cap = cap;
	}
	out->rows[out->count].line = line;
	out->rows[out->count].severity = severity;
	out->rows[out->count].text = text;
	out->count++;
	return 0;
}

/* Appends the diagnostics of `line` (0: those outside the text). */
static int push_diags(struct ui_trows *out, const sw_project_diags *diags, unsigned line,
                      unsigned nlines)
{
	size_t nd = diags ? sw_project_diags_count(diags) : 0;
	char buf[1024];
	for (size_t k = 0; k < nd; k++) {
		const sw_project_diag *d = sw_project_diags_at(diags, k);
		int outside = d->line == 0 || d->line > nlines;
		if (line ? d->line != line : !outside)
			continue;
		snprintf(buf, sizeof buf, "%s %u:%u %s [%s]", sw_severity_name(d->severity),
		         d->line, d->col, d->message, d->code);
		if (push(out, 0, (int)d->severity, ui_strdup(buf)) < 0)
			return -1;
	}
	return 0;
}

/* The worst severity on a line, -1 for none. */
static int worst_on(const sw_project_diags *diags, unsigned line)
{
	size_t nd = diags ? sw_project_diags_count(diags) : 0;
	int worst = -1;
	for (size_t k = 0; k < nd; k++) {
		const sw_project_diag *d = sw_project_diags_at(diags, k);
		if (d->line == line && (worst < 0 || (int)d->severity < worst))
			worst = (int)d->severity;
	}
	return worst;
}

int ui_trows_build(struct ui_trows *out, const char *text, size_t len,
                   const sw_project_diags *diags)
{
	unsigned nlines = (unsigned)ui_line_count(text, len), line = 0;
	size_t at = 0;
	memset(out, 0, sizeof *out);
	while (at < len) {
		size_t n = 0;
		while (at + n < len && text[at + n] != '\n')
			n++;
		line++;
		if (push(out, line, worst_on(diags, line), ui_strndup(text + at, n)) < 0 ||
		    push_diags(out, diags, line, nlines) < 0)
			goto oom;
		at += n + 1;
	}
	if (push_diags(out, diags, 0, nlines) < 0)
		goto oom;
	return 0;
oom:
	ui_trows_free(out);
	return -1;
}

void ui_trows_free(struct ui_trows *rows)
{
	for (size_t i = 0; i < rows->count; i++)
		ui_free(rows->rows[i].text);
	ui_free(rows->rows);
	memset(rows, 0, sizeof *rows);
}

size_t ui_filter(size_t *idx, size_t cap, const char *const *items, size_t count, const char *query)
{
	size_t n = 0;
	for (size_t i = 0; i < count && n < cap; i++)
		if (ui_match_words(items[i], query))
			idx[n++] = i;
	return n;
}
