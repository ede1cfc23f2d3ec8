/*
 * artifact/findings.c — the findings list every artifact check appends to:
 * code, severity, member, line, message and hint, copied into the list,
 * bounded by SW_FINDINGS_MAX, with the user's ignore patterns and a JSON
 * form for `--json` output.
 */
#include <stdarg.h>
#include <string.h>

#include "slipway/artifact.h"
#include "util/util.h"

struct sw_findings {
	sw_finding *items;
	size_t count, cap;
	size_t dropped;
};

int sw_findings_new(sw_findings **out)
{
	*out = sw_calloc(1, sizeof(**out));
	return *out ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
}

/* Frees the strings one finding owns. */
static void finding_clear(sw_finding *f)
{
	sw_free((void *)f->code);
	sw_free((void *)f->member);
	sw_free((void *)f->message);
	sw_free((void *)f->hint);
}

void sw_findings_free(sw_findings *findings)
{
	if (!findings)
		return;
	for (size_t i = 0; i < findings->count; i++)
		finding_clear(&findings->items[i]);
	sw_free(findings->items);
	sw_free(findings);
}

/* Makes room for one more finding. */
static int reserve(sw_findings *fs)
{
	size_t cap;
	sw_finding *items;
	if (fs->count < fs->cap)
		return 0;
	cap = fs->cap ? fs->cap * 2 : 16;
	items = sw_realloc(fs->items, cap * sizeof(*items));
	if (!items)
		return sw_error_set(SW_ENOMEM, "out of memory");
	fs->items = items;
	fs->cap = cap;
	return 0;
}

int sw_findings_add(sw_findings *findings, const char *code, enum sw_severity severity,
                    const char *member, unsigned line, const char *hint, const char *fmt, ...)
{
	sw_finding f = {.severity = severity, .line = line};
	sw_buf msg;
	va_list ap;
	int err;
	if (findings->count >= SW_FINDINGS_MAX) {
		findings->dropped++;
		return 0;
	}
	if ((err = reserve(findings)) < 0)
		return err;
	sw_buf_init(&msg, SW_BUF_MAX_DEFAULT);
	va_start(ap, fmt);
	sw_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	f.message = sw_buf_error(&msg) ? NULL : sw_strdup(sw_buf_cstr(&msg));
	sw_buf_free(&msg);
	f.code = sw_strdup(code);
	f.member = member ? sw_strdup(member) : NULL;
	f.hint = sw_strdup(hint ? hint : "");
	if (!f.message || !f.code || (member && !f.member) || !f.hint) {
		finding_clear(&f);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	findings->items[findings->count++] = f;
	return 0;
}

size_t sw_findings_count(const sw_findings *findings)
{
	return findings->count;
}

const sw_finding *sw_findings_at(const sw_findings *findings, size_t i)
{
	return i < findings->count ? &findings->items[i] : NULL;
}

size_t sw_findings_count_severity(const sw_findings *findings, enum sw_severity severity)
{
	size_t n = 0;
	for (size_t i = 0; i < findings->count; i++)
		n += !findings->items[i].ignored && findings->items[i].severity == severity;
	return n;
}

size_t sw_findings_dropped(const sw_findings *findings)
{
	return findings->dropped;
}

int sw_findings_has(const sw_findings *findings, const char *code, const char *member)
{
	for (size_t i = 0; i < findings->count; i++) {
		const sw_finding *f = &findings->items[i];
		if (strcmp(f->code, code) != 0)
			continue;
		if (!member || (f->member && strcmp(f->member, member) == 0))
			return 1;
	}
	return 0;
}

/* Whether one "CODE" or "CODE:MEMBER" pattern matches a finding. */
static int pattern_matches(const char *pattern, const sw_finding *f)
{
	const char *colon = strchr(pattern, ':');
	size_t n = colon ? (size_t)(colon - pattern) : strlen(pattern);
	if (strlen(f->code) != n || strncmp(pattern, f->code, n) != 0)
		return 0;
	return !colon || (f->member && strcmp(colon + 1, f->member) == 0);
}

void sw_findings_ignore(sw_findings *findings, const char *const *patterns, size_t count)
{
	for (size_t i = 0; i < findings->count; i++)
		for (size_t k = 0; k < count; k++)
			if (patterns[k] && pattern_matches(patterns[k], &findings->items[i]))
				findings->items[i].ignored = 1;
}

static void json_str(sw_buf *out, const char *s)
{
	sw_buf_put_json_string(out, s, strlen(s));
}

int sw_findings_to_json(sw_buf *out, const sw_findings *findings)
{
	sw_buf_putc(out, '[');
	for (size_t i = 0; i < findings->count; i++) {
		const sw_finding *f = &findings->items[i];
		sw_buf_puts(out, i ? ",{\"code\":" : "{\"code\":");
		json_str(out, f->code);
		sw_buf_printf(out,
		              ",\"severity\":\"%s\",\"member\":", sw_severity_name(f->severity));
		if (f->member)
			json_str(out, f->member);
		else
			sw_buf_puts(out, "null");
		sw_buf_printf(out, ",\"line\":%u,\"message\":", f->line);
		json_str(out, f->message);
		sw_buf_puts(out, ",\"hint\":");
		json_str(out, f->hint);
		sw_buf_printf(out, ",\"ignored\":%s}", f->ignored ? "true" : "false");
	}
	sw_buf_putc(out, ']');
	return sw_buf_error(out);
}
