/*
 * toml/json.c — showing a parsed document: the tagged JSON of the toml-test
 * suite (every leaf as {"type": ..., "value": ...}), and the TOML source
 * lines that define a node, for `slipway toml get`.
 */
#include <inttypes.h>
#include <string.h>

#include "toml_int.h"

/* Appends a date-time's text with 'T' and 'Z' in upper case. */
static void json_datetime(sw_buf *out, const char *s, size_t len)
{
	char buf[64];
	size_t n = len < sizeof(buf) ? len : sizeof(buf) - 1;
	memcpy(buf, s, n);
	for (size_t i = 0; i < n; i++) {
		if (i == 10 && (buf[i] == 't' || buf[i] == ' '))
			buf[i] = 'T';
		if (buf[i] == 'z')
			buf[i] = 'Z';
	}
	if (len == n) {
		sw_buf_put_json_string(out, buf, n);
		return;
	}
	/* Long fractions: the first 63 bytes are fixed up, the rest are digits. */
	sw_buf_putc(out, '"');
	sw_buf_put(out, buf, n);
	sw_buf_put(out, s + n, len - n);
	sw_buf_putc(out, '"');
}

/* Appends the "value" text of a scalar. */
static void json_scalar(sw_buf *out, const sw_toml_node *n, const char *text)
{
	char buf[48];
	switch (n->type) {
	case SW_TOML_STRING:
		sw_buf_put_json_string(out, n->v.s.ptr, n->v.s.len);
		break;
	case SW_TOML_INTEGER:
		sw_buf_printf(out, "\"%" PRId64 "\"", n->v.i);
		break;
	case SW_TOML_FLOAT:
		format_double(buf, n->v.f, 1);
		sw_buf_printf(out, "\"%s\"", buf);
		break;
	case SW_TOML_BOOL:
		sw_buf_puts(out, n->v.b ? "\"true\"" : "\"false\"");
		break;
	default:
		json_datetime(out, text + n->start, n->end - n->start);
		break;
	}
}

/* Appends a node and its children (depth is bounded by the parser). */
static void json_node(sw_buf *out, const sw_toml_node *n, const char *text)
{
	const sw_toml_node *c;
	if (n->type == SW_TOML_TABLE) {
		sw_buf_putc(out, '{');
		for (c = n->first; c; c = c->next) {
			sw_buf_put_json_string(out, c->key, c->key_len);
			sw_buf_put(out, ": ", 2);
			json_node(out, c, text);
			if (c->next)
				sw_buf_put(out, ", ", 2);
		}
		sw_buf_putc(out, '}');
	} else if (n->type == SW_TOML_ARRAY) {
		sw_buf_putc(out, '[');
		for (c = n->first; c; c = c->next) {
			json_node(out, c, text);
			if (c->next)
				sw_buf_put(out, ", ", 2);
		}
		sw_buf_putc(out, ']');
	} else {
		sw_buf_printf(out, "{\"type\": \"%s\", \"value\": ",
		              sw_toml_type_name((enum sw_toml_type)n->type));
		json_scalar(out, n, text);
		sw_buf_putc(out, '}');
	}
}

int sw_toml_to_json(const sw_toml_node *node, sw_buf *out)
{
	json_node(out, node, node_state(node)->text);
	return sw_buf_error(out);
}

/* Whether `n` is `anc` or below it. */
static int is_under(const sw_toml_node *n, const sw_toml_node *anc)
{
	for (; n; n = n->parent)
		if (n == anc)
			return 1;
	return 0;
}

int sw_toml_node_text(const sw_toml_doc *doc, const sw_toml_node *node, sw_buf *out)
{
	const struct tstate *st = &doc->st;
	if ((node->type != SW_TOML_TABLE && node->type != SW_TOML_ARRAY) ||
	    node->style == SW_TOML_STYLE_INLINE)
		return sw_buf_put(out, st->text + node->start, node->end - node->start);
	for (uint32_t i = 0; i < st->nstmts; i++) {
		const struct stmt *s = &st->stmts[i];
		uint32_t from, to;
		if (!is_under(s->node, node))
			continue;
		from = st->lines[line_start_of(st, s->start)];
		to = line_start_of(st, s->end) + 1;
		to = to < st->nlines ? st->lines[to] : st->len;
		sw_buf_put(out, st->text + from, to - from);
		if (to == st->len && to > from && st->text[to - 1] != '\n')
			sw_buf_putc(out, '\n');
	}
	return sw_buf_error(out);
}
