/*
 * fuzz/fuzz_toml_parse.c — the TOML parser on arbitrary bytes. A rejected
 * input must come with a one-line "name:line:col: reason" message. An
 * accepted one must emit back byte for byte, parse again, convert to JSON,
 * and answer every query consistently: each table entry is found again by
 * its key, and every key and value has a position inside the text.
 * Any violation aborts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "slipway/toml.h"

/* Checks one node and its children; returns how many nodes were seen. */
static size_t check_node(const sw_toml_doc *doc, const sw_toml_node *node, unsigned nlines)
{
	size_t seen = 1, count = 0;
	unsigned line, col;
	sw_toml_value_pos(doc, node, &line, &col);
	if (line < 1 || line > nlines || col < 1)
		abort();
	if (sw_toml_key_pos(doc, node, &line, &col) == 0 && (line < 1 || line > nlines))
		abort();
	for (const sw_toml_node *c = sw_toml_first(node); c; c = sw_toml_next(c)) {
		size_t klen;
		const char *key = sw_toml_key(c, &klen);
		if (sw_toml_parent(c) != node)
			abort();
		if (sw_toml_type(node) == SW_TOML_TABLE && sw_toml_find(node, key, klen) != c)
			abort();
		seen += check_node(doc, c, nlines);
		count++;
	}
	if (count != sw_toml_count(node))
		abort();
	return seen;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sw_toml_doc *doc, *again;
	const char *text, *msg;
	size_t len;
	unsigned nlines = 1;
	sw_buf out;
	int err = sw_toml_parse(&doc, (const char *)data, size, "fuzz");
	if (err < 0) {
		msg = sw_error_last();
		if (doc != NULL || (err != SW_EPARSE && err != SW_ETOOBIG) || strchr(msg, '\n'))
			abort();
		if (err == SW_EPARSE && strncmp(msg, "fuzz:", 5) != 0)
			abort();
		return 0;
	}
	text = sw_toml_text(doc, &len);
	if (len != size || (size && memcmp(text, data, size) != 0))
		abort();
	for (size_t i = 0; i < len; i++)
		nlines += text[i] == '\n';
	sw_buf_init(&out, (size_t)1 << 28);
	if (sw_toml_emit(doc, &out) < 0 || out.len != size ||
	    (size && memcmp(sw_buf_cstr(&out), data, size) != 0))
		abort();
	if (sw_toml_parse(&again, text, len, "again") < 0)
		abort();
	sw_buf_clear(&out);
	if (sw_toml_to_json(sw_toml_root(doc), &out) < 0)
		abort();
	sw_buf_clear(&out);
	if (sw_toml_node_text(doc, sw_toml_root(doc), &out) < 0)
		abort();
	if (check_node(doc, sw_toml_root(doc), nlines) !=
	    check_node(again, sw_toml_root(again), nlines))
		abort();
	sw_buf_free(&out);
	sw_toml_free(again);
	sw_toml_free(doc);
	return 0;
}
