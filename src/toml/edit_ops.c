/*
 * toml/edit_ops.c — the public edits besides set: removing a key or table,
 * inserting and removing array items, creating a [table] or a new
 * [[array of tables]] entry. Each finds its node, adds splices through the
 * section and list helpers, and applies them.
 */
#include <string.h>

#include "toml_int.h"

/* Finds the node at a key path, with the message of a missing key. */
static int find_node(const sw_toml_doc *doc, const char *const *keys, size_t n,
                     const sw_toml_node **out)
{
	if (!doc || !keys || n == 0)
		return sw_error_set(SW_EINVAL, "no key given");
	*out = sw_toml_get(doc->st.root, keys, n);
	if (!*out)
		return sw_error_set(SW_ENOTFOUND, "no key %s", path_text(keys, n));
	return 0;
}

/* Adds the splices removing `node` from the inline table `owner`. */
static int remove_inline(struct editor *e, const sw_toml_node *owner, const sw_toml_node *node)
{
	const sw_toml_node **kvs;
	unsigned char *del;
	size_t n;
	int err = inline_kvs(owner, &kvs, &n);
	if (err < 0)
		return err;
	if ((del = sw_calloc(n + 1, 1)) == NULL) {
		sw_free(kvs);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < n; i++)
		del[i] = (unsigned char)node_under(kvs[i], node);
	err = list_remove(e, kvs, n, del, owner->start, owner->end - 1);
	sw_free(del);
	sw_free(kvs);
	return err;
}

int sw_toml_remove(sw_toml_doc *doc, const char *const *keys, size_t n)
{
	const sw_toml_node *node, *owner;
	struct editor e;
	int err;
	if ((err = find_node(doc, keys, n, &node)) < 0)
		return err;
	ed_init(&e, doc);
	owner = inline_owner(node->parent);
	err = owner ? remove_inline(&e, owner, node) : remove_node(&e, node);
	if (err == 0)
		err = ed_apply(&e);
	ed_free(&e);
	return err;
}

/* Finds the array value at a key path. */
static int find_array(const sw_toml_doc *doc, const char *const *keys, size_t n,
                      const sw_toml_node **out, int aot_ok)
{
	int err = find_node(doc, keys, n, out);
	if (err < 0)
		return err;
	if ((*out)->type != SW_TOML_ARRAY)
		return sw_error_set(SW_ETYPE, "%s is %s, not an array", path_text(keys, n),
		                    node_what(*out));
	if ((*out)->style == SW_TOML_STYLE_AOT && !aot_ok)
		return sw_error_set(SW_ETYPE, "%s is an array of tables: add a [[table]] instead",
		                    path_text(keys, n));
	return 0;
}

int sw_toml_array_insert(sw_toml_doc *doc, const char *const *keys, size_t n, size_t index,
                         const char *value, size_t len)
{
	const sw_toml_node *arr;
	struct editor e;
	const char *v;
	size_t vlen;
	int err;
	if ((err = find_array(doc, keys, n, &arr, 0)) < 0)
		return err;
	if (index > arr->count)
		return sw_error_set(SW_EINVAL, "%s has %u items: cannot insert at %zu",
		                    path_text(keys, n), arr->count, index);
	if ((err = value_check(value, len, &v, &vlen)) < 0)
		return err;
	ed_init(&e, doc);
	if ((err = array_insert_at(&e, arr, index, v, vlen)) == 0)
		err = ed_apply(&e);
	ed_free(&e);
	return err;
}

int sw_toml_array_append(sw_toml_doc *doc, const char *const *keys, size_t n, const char *value,
                         size_t len)
{
	const sw_toml_node *arr;
	int err = find_array(doc, keys, n, &arr, 0);
	if (err < 0)
		return err;
	return sw_toml_array_insert(doc, keys, n, arr->count, value, len);
}

int sw_toml_array_remove(sw_toml_doc *doc, const char *const *keys, size_t n, size_t index)
{
	const sw_toml_node *arr;
	struct editor e;
	int err;
	if ((err = find_array(doc, keys, n, &arr, 1)) < 0)
		return err;
	if (index >= arr->count)
		return sw_error_set(SW_ENOTFOUND, "%s has %u items: no item %zu",
		                    path_text(keys, n), arr->count, index);
	ed_init(&e, doc);
	if (arr->style == SW_TOML_STYLE_AOT)
		err = remove_node(&e, sw_toml_at(arr, index));
	else
		err = array_remove_at(&e, arr, index);
	if (err == 0)
		err = ed_apply(&e);
	ed_free(&e);
	return err;
}

/* Checks that a new header may go below `t` (keys[0..found) of a path). */
static int header_parent_ok(const sw_toml_node **t, const char *const *keys, size_t n, size_t found)
{
	if ((*t)->type == SW_TOML_ARRAY && (*t)->style == SW_TOML_STYLE_AOT)
		*t = (*t)->v.c.last;
	if ((*t)->type != SW_TOML_TABLE)
		return sw_error_set(SW_ETYPE, "cannot add [%s]: %s is %s", path_text(keys, n),
		                    path_text(keys, found), node_what(*t));
	if (inline_owner(*t))
		return sw_error_set(SW_ETYPE, "cannot add [%s]: %s is inside an inline table",
		                    path_text(keys, n), path_text(keys, found));
	return 0;
}

/* Creates [keys] (aot = 0) or appends [[keys]] (aot = 1). */
static int add_header(sw_toml_doc *doc, const char *const *keys, size_t n, int aot)
{
	const sw_toml_node *t;
	struct editor e;
	size_t found;
	int err;
	if (!doc || !keys || n == 0)
		return sw_error_set(SW_EINVAL, "no key given");
	t = path_walk(doc->st.root, keys, n, &found);
	if (found == n && aot && !(t->type == SW_TOML_ARRAY && t->style == SW_TOML_STYLE_AOT))
		return sw_error_set(SW_ETYPE, "%s is %s, not an array of tables",
		                    path_text(keys, n), node_what(t));
	if (found == n && !aot && !(t->type == SW_TOML_TABLE && t->style == SW_TOML_STYLE_IMPLICIT))
		return sw_error_set(SW_EEXISTS, "%s already exists (as %s)", path_text(keys, n),
		                    node_what(t));
	if (found < n && (err = header_parent_ok(&t, keys, n, found)) < 0)
		return err;
	ed_init(&e, doc);
	if ((err = add_table(&e, t, keys, n, aot, NULL, 0)) == 0)
		err = ed_apply(&e);
	ed_free(&e);
	return err;
}

int sw_toml_table_add(sw_toml_doc *doc, const char *const *keys, size_t n)
{
	return add_header(doc, keys, n, 0);
}

int sw_toml_aot_append(sw_toml_doc *doc, const char *const *keys, size_t n)
{
	return add_header(doc, keys, n, 1);
}
