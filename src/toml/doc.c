/*
 * toml/doc.c — the life of a document: parse from memory or load from a
 * file, free, and give back its text (the emitted form is the text itself,
 * which is what makes the document lossless).
 */
#include <string.h>

#include "slipway/fs.h"
#include "toml_int.h"

int sw_toml_parse(sw_toml_doc **out, const char *text, size_t len, const char *name)
{
	sw_toml_doc *doc;
	int err;
	*out = NULL;
	if (!text && len)
		return sw_error_set(SW_EINVAL, "sw_toml_parse: NULL text");
	if ((doc = sw_calloc(1, sizeof(*doc))) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((doc->name = sw_strdup(name ? name : "<input>")) == NULL) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if ((err = tstate_parse(&doc->st, text ? text : "", len, doc->name, 0)) < 0)
		goto done;
	*out = doc;
	doc = NULL;
done:
	sw_toml_free(doc);
	return err;
}

int sw_toml_load(sw_toml_doc **out, sw_file_stamp *stamp, const char *path)
{
	char *text = NULL;
	size_t len = 0;
	int err;
	*out = NULL;
	if ((err = sw_file_read(&text, &len, stamp, path, SW_TOML_MAX_SIZE)) < 0)
		return err;
	err = sw_toml_parse(out, text, len, path);
	sw_free(text);
	return err;
}

void sw_toml_free(sw_toml_doc *doc)
{
	if (!doc)
		return;
	tstate_free(&doc->st);
	sw_free(doc->name);
	sw_free(doc);
}

const char *sw_toml_text(const sw_toml_doc *doc, size_t *len)
{
	if (len)
		*len = doc->st.len;
	return doc->st.text;
}

int sw_toml_emit(const sw_toml_doc *doc, sw_buf *out)
{
	return sw_buf_put(out, doc->st.text, doc->st.len);
}

const sw_toml_node *sw_toml_root(const sw_toml_doc *doc)
{
	return doc->st.root;
}
