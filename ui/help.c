/*
 * ui/help.c — the help overlay, generated from the binding tables: the
 * current screen's keys (each with why it is unavailable right now, if it
 * is), then the keys that work everywhere. Shown in the pager.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "slipway/buf.h"

/* Appends one table's lines: "  key[/key2]  help  (unavailable: why)". */
static void add_table(sw_buf *out, struct ui_app *app, const struct ui_binding *t, size_t n,
                      const void *state)
{
	for (size_t i = 0; i < n; i++) {
		const char *why = t[i].disabled ? t[i].disabled(app, state) : NULL;
		char keys[32];
		if (t[i].key2 > ' ' && t[i].key2 < 0x7f) /* a second printable key */
			snprintf(keys, sizeof keys, "%s, %c", t[i].keyname, t[i].key2);
		else
			snprintf(keys, sizeof keys, "%s", t[i].keyname);
		sw_buf_printf(out, "  %-9s %s\n", keys, t[i].help);
		if (why)
			sw_buf_printf(out, "            not now: %s\n", why);
	}
}

int ui_help(struct ui_app *app)
{
	const struct ui_screen *s = ui_screens[app->current];
	const void *st = app->states[app->current];
	sw_buf out;
	char title[96];
	int rc;
	sw_buf_init(&out, 1 << 20);
	sw_buf_printf(&out, "%s: %s\n\n", s->name, s->about);
	if (s->nbindings) {
		sw_buf_puts(&out, "Keys of this screen\n");
		add_table(&out, app, s->bindings, s->nbindings, st);
		sw_buf_putc(&out, '\n');
	}
	sw_buf_puts(&out, "Everywhere\n");
	add_table(&out, app, ui_global_bindings, ui_nglobal, NULL);
	sw_buf_puts(&out, "  1-6       jump to a screen (or click its tab)\n"
	                  "  mouse     click a tab, a row or a key; the wheel scrolls\n");
	snprintf(title, sizeof title, "Help: %s", s->name);
	if (sw_buf_error(&out)) {
		sw_buf_free(&out);
		ui_status(app, UI_S_ERROR, "out of memory");
		return -1;
	}
	rc = ui_pager(app, title, out.ptr, out.len, 0, NULL, NULL, NULL);
	sw_buf_free(&out);
	return rc;
}
