/*
 * project/edit_ops.c — edits of [project] fields and of dependency arrays:
 * typed setters with their input checks (one table of fields), unset, and
 * adding, changing and removing a requirement in dependencies, an extra or
 * a dependency group.
 */
#include <string.h>

#include "project/edit_int.h"
#include "slipway/pep440.h"
#include "slipway/pep508.h"
#include "slipway/project.h"
#include "slipway/trove.h"

/* Checks a value of a string field; may write a canonical form to `canon`
 * (left empty to keep the value as given). */
typedef int (*check_fn)(sw_buf *canon, const char *value);

static int check_name(sw_buf *canon, const char *v)
{
	(void)canon;
	if (!sw_name_is_valid(v, strlen(v)))
		return sw_error_set(SW_EINVAL,
		                    "'%s' is not a valid project name (ASCII letters, digits, '.', "
		                    "'_' and '-', starting and ending with a letter or digit)",
		                    v);
	return 0;
}

static int check_version(sw_buf *canon, const char *v)
{
	sw_version *ver = NULL;
	int err = sw_version_parse(&ver, v, strlen(v));
	(void)canon;
	sw_version_free(ver);
	if (err == SW_ENOMEM)
		return err;
	return err < 0 ? sw_error_set(SW_EINVAL, "'%s' is not a PEP 440 version", v) : 0;
}

static int check_line(sw_buf *canon, const char *v)
{
	(void)canon;
	if (ed_has_control(v))
		return sw_error_set(SW_EINVAL, "the value must be one line without control "
		                               "characters");
	return 0;
}

static int check_path(sw_buf *canon, const char *v)
{
	if (!*v)
		return sw_error_set(SW_EINVAL, "the path is empty");
	return check_line(canon, v);
}

static int check_python(sw_buf *canon, const char *v)
{
	sw_specset *set = NULL;
	int err = sw_specset_parse(&set, v, strlen(v));
	(void)canon;
	sw_specset_free(set);
	if (err == SW_ENOMEM)
		return err;
	return err < 0 ? sw_error_set(SW_EINVAL, "'%s' is not a PEP 440 version specifier", v) : 0;
}

static int check_license(sw_buf *canon, const char *v)
{
	int err = sw_spdx_canonicalize(canon, v, strlen(v), NULL);
	if (err == SW_EPARSE)
		return ed_rewrap(SW_EINVAL, "", NULL, "");
	return err;
}

/* What a [project] field holds, for the typed setters. */
enum field_kind { K_STRING, K_STRINGS, K_OTHER };

struct field_rule {
	const char *name;
	enum field_kind kind;
	check_fn check;
};

static const struct field_rule fields[] = {
        {.name = "name", .kind = K_STRING, .check = check_name},
        {.name = "version", .kind = K_STRING, .check = check_version},
        {.name = "description", .kind = K_STRING, .check = check_line},
        {.name = "readme", .kind = K_STRING, .check = check_path},
        {.name = "requires-python", .kind = K_STRING, .check = check_python},
        {.name = "license", .kind = K_STRING, .check = check_license},
        {.name = "keywords", .kind = K_STRINGS, .check = check_line},
        {.name = "classifiers", .kind = K_STRINGS, .check = NULL},
        {.name = "license-files", .kind = K_STRINGS, .check = check_path},
        {.name = "dynamic", .kind = K_STRINGS, .check = check_line},
        {.name = "import-names", .kind = K_STRINGS, .check = check_line},
        {.name = "import-namespaces", .kind = K_STRINGS, .check = check_line},
};

/* The rule of a field with that kind; SW_EINVAL with a message otherwise. */
static int field_find(const struct field_rule **out, const char *field, enum field_kind kind)
{
	enum sw_project_field f;
	if (!field || sw_project_field_lookup(&f, field, strlen(field)) < 0)
		return sw_error_set(SW_EINVAL, "'%s' is not a [project] field", field ? field : "");
	for (size_t i = 0; i < SW_ARRAY_LEN(fields); i++) {
		if (strcmp(fields[i].name, field) == 0 && fields[i].kind == kind) {
			*out = &fields[i];
			return 0;
		}
	}
	return sw_error_set(SW_EINVAL, "[project] %s is not %s", field,
	                    kind == K_STRING ? "a string" : "an array of strings");
}

int ed_check_classifier(const sw_project_editor *ed, const char *v)
{
	size_t len = strlen(v);
	if (strncmp(v, "Private ::", 10) == 0 || sw_trove_is_known(v, len) ||
	    (ed->trove_extra && sw_trove_list_contains(ed->trove_extra, v, len)))
		return 0;
	return sw_error_set(SW_EINVAL,
	                    "'%s' is not a known trove classifier (shipped list of %s%s); check "
	                    "the spelling at https://pypi.org/classifiers/, or run 'slipway "
	                    "classifiers --refresh' if it is new",
	                    v, sw_project_trove_date(), ed->trove_extra ? " and the cache" : "");
}

/* Sets project.<field> to TOML text, replacing a [project.<field>] table. */
static int set_text(sw_project_editor *ed, const char *field, const char *text, size_t len)
{
	const char *keys[] = {"project", field};
	const sw_toml_node *old;
	sw_toml_doc *work;
	int err = ed_begin(ed, &work);
	if (err < 0)
		return err;
	old = ed_get(work, keys, 2);
	if (old && sw_toml_type(old) == SW_TOML_TABLE && sw_toml_style(old) != SW_TOML_STYLE_INLINE)
		err = sw_toml_remove(work, keys, 2);
	if (err >= 0)
		err = sw_toml_set(work, keys, 2, text, len);
	return ed_finish(ed, work, err);
}

int sw_project_set_string(sw_project_editor *ed, const char *field, const char *value)
{
	const struct field_rule *rule;
	sw_buf canon, text;
	int err;
	if (!ed || !value)
		return sw_error_set(SW_EINVAL, "no value given");
	if ((err = field_find(&rule, field, K_STRING)) < 0)
		return err;
	sw_buf_init(&canon, SW_BUF_MAX_DEFAULT);
	if ((err = rule->check(&canon, value)) < 0)
		goto done;
	if ((err = ed_quote(&text, canon.len ? canon.ptr : value)) < 0) {
		sw_buf_free(&text);
		err = sw_error_set(err, "out of memory");
		goto done;
	}
	err = set_text(ed, field, text.ptr, text.len);
	sw_buf_free(&text);
done:
	sw_buf_free(&canon);
	return err;
}

int sw_project_set_strings(sw_project_editor *ed, const char *field, const char *const *items,
                           size_t count)
{
	const struct field_rule *rule;
	sw_buf text, dummy;
	int err;
	if (!ed || (!items && count))
		return sw_error_set(SW_EINVAL, "no items given");
	if ((err = field_find(&rule, field, K_STRINGS)) < 0)
		return err;
	sw_buf_init(&text, SW_BUF_MAX_DEFAULT);
	sw_buf_init(&dummy, 16);
	sw_buf_putc(&text, '[');
	for (size_t i = 0; i < count; i++) {
		err = rule->check ? rule->check(&dummy, items[i])
		                  : ed_check_classifier(ed, items[i]);
		if (err < 0)
			goto done;
		if (i)
			sw_buf_puts(&text, ", ");
		sw_toml_write_string(&text, items[i], strlen(items[i]));
	}
	sw_buf_putc(&text, ']');
	if ((err = sw_buf_error(&text)) < 0) {
		err = sw_error_set(err, "out of memory");
		goto done;
	}
	err = set_text(ed, field, text.ptr, text.len);
done:
	sw_buf_free(&text);
	sw_buf_free(&dummy);
	return err;
}

int sw_project_set_value(sw_project_editor *ed, const char *field, const char *toml_value)
{
	enum sw_project_field f;
	if (!ed || !toml_value)
		return sw_error_set(SW_EINVAL, "no value given");
	if (!field || sw_project_field_lookup(&f, field, strlen(field)) < 0)
		return sw_error_set(SW_EINVAL, "'%s' is not a [project] field", field ? field : "");
	return set_text(ed, field, toml_value, strlen(toml_value));
}

/* 1 if `type` is a readme media type PyPI renders, with parameters. */
static int readme_type_ok(const char *type)
{
	static const char *const types[] = {"text/markdown", "text/x-rst", "text/plain"};
	for (size_t i = 0; i < SW_ARRAY_LEN(types); i++) {
		size_t n = strlen(types[i]);
		if (ed_casecmp(type, strcspn(type, ";"), types[i], n) == 0)
			return !ed_has_control(type);
	}
	return 0;
}

int sw_project_set_readme(sw_project_editor *ed, const char *file, const char *content_type)
{
	sw_buf text;
	int err;
	if (!ed || !file)
		return sw_error_set(SW_EINVAL, "no readme given");
	if (!content_type)
		return sw_project_set_string(ed, "readme", file);
	if ((err = check_path(NULL, file)) < 0)
		return err;
	if (!readme_type_ok(content_type))
		return sw_error_set(SW_EINVAL,
		                    "'%s' is not a readme content type (text/markdown, text/x-rst, "
		                    "text/plain)",
		                    content_type);
	sw_buf_init(&text, SW_BUF_MAX_DEFAULT);
	sw_buf_puts(&text, "{file = ");
	sw_toml_write_string(&text, file, strlen(file));
	sw_buf_puts(&text, ", content-type = ");
	sw_toml_write_string(&text, content_type, strlen(content_type));
	sw_buf_putc(&text, '}');
	if ((err = sw_buf_error(&text)) < 0)
		err = sw_error_set(err, "out of memory");
	else
		err = set_text(ed, "readme", text.ptr, text.len);
	sw_buf_free(&text);
	return err;
}

int sw_project_unset(sw_project_editor *ed, const char *field)
{
	enum sw_project_field f;
	const char *keys[] = {"project", field};
	sw_toml_doc *work;
	int err;
	if (!ed || !field || sw_project_field_lookup(&f, field, strlen(field)) < 0)
		return sw_error_set(SW_EINVAL, "'%s' is not a [project] field", field ? field : "");
	if ((err = ed_begin(ed, &work)) < 0)
		return err;
	if (!ed_get(work, keys, 2))
		err = sw_error_set(SW_ENOTFOUND, "[project] has no %s", field);
	else
		err = sw_toml_remove(work, keys, 2);
	return ed_finish(ed, work, err);
}

/* ---- dependencies -------------------------------------------------------- */

/* The key path of a dependency array: keys[] gets 2 or 3 segments; an
 * existing extra or group is named as written (a copy in *owned). */
static int dep_keys(const char **keys, size_t *n, char **owned, const sw_toml_doc *doc,
                    const char *extra, const char *group)
{
	const char *name = extra ? extra : group;
	const sw_toml_node *table, *it;
	*owned = NULL;
	if (extra && group)
		return sw_error_set(SW_EINVAL, "give an extra or a group, not both");
	if (!name) {
		keys[0] = "project";
		keys[1] = "dependencies";
		*n = 2;
		return 0;
	}
	if (!sw_name_is_valid(name, strlen(name)))
		return sw_error_set(SW_EINVAL, "'%s' is not a valid %s name", name,
		                    extra ? "extra" : "dependency group");
	keys[0] = extra ? "project" : "dependency-groups";
	keys[1] = extra ? "optional-dependencies" : name;
	keys[2] = name;
	*n = extra ? 3 : 2;
	table = ed_get(doc, keys, *n - 1);
	for (it = table ? sw_toml_first(table) : NULL; it; it = sw_toml_next(it)) {
		size_t klen;
		const char *k = sw_toml_key(it, &klen);
		if (k && sw_name_equal(k, klen, name, strlen(name))) {
			if (!(*owned = sw_strndup(k, klen)))
				return sw_error_set(SW_ENOMEM, "out of memory");
			keys[*n - 1] = *owned;
			break;
		}
	}
	return 0;
}

/* The index of the item whose requirement name normalises to `norm`, or
 * the count when none does. */
static int dep_index(size_t *index, const sw_toml_node *arr, const char *norm)
{
	sw_buf key;
	size_t i = 0;
	int err = 0;
	const sw_toml_node *it;
	sw_buf_init(&key, SW_PEP508_MAX_LEN);
	for (it = sw_toml_first(arr); it; it = sw_toml_next(it), i++) {
		if ((err = ed_item_key(&key, it, 1)) < 0)
			break;
		if (key.len && strcmp(key.ptr, norm) == 0)
			break;
	}
	*index = i;
	sw_buf_free(&key);
	return err < 0 ? sw_error_set(err, "out of memory") : 0;
}

/* Replaces the source bytes of `item` with `value`: the document is parsed
 * again from the spliced text. */
static int splice(sw_toml_doc **doc, const sw_toml_node *item, const char *value, size_t vlen,
                  const char *name)
{
	size_t len, slen;
	const char *text = sw_toml_text(*doc, &len), *src = sw_toml_source(item, &slen);
	size_t off = (size_t)(src - text);
	sw_toml_doc *nd = NULL;
	sw_buf out;
	int err;
	sw_buf_init(&out, SW_TOML_MAX_SIZE);
	sw_buf_put(&out, text, off);
	sw_buf_put(&out, value, vlen);
	sw_buf_put(&out, text + off + slen, len - off - slen);
	if ((err = sw_buf_error(&out)) < 0)
		err = sw_error_set(err, "out of memory or file too big");
	else if ((err = sw_toml_parse(&nd, out.ptr, out.len, name)) >= 0) {
		sw_toml_free(*doc);
		*doc = nd;
	}
	sw_buf_free(&out);
	return err;
}

/* Parses a requirement for an edit and gives its normalised name. */
static int req_name(sw_buf *norm, const char *requirement)
{
	sw_requirement *req = NULL;
	int err = sw_requirement_parse(&req, requirement, strlen(requirement));
	if (err == SW_ENOMEM)
		return err;
	if (err < 0)
		return ed_rewrap(SW_EINVAL, "'", requirement, "' is not a valid requirement: ");
	sw_buf_init(norm, SW_PEP508_MAX_LEN);
	err = sw_name_normalize(norm, sw_requirement_name(req), strlen(sw_requirement_name(req)));
	sw_requirement_free(req);
	return err < 0 ? sw_error_set(err, "out of memory") : 0;
}

/* Adds or changes one requirement in the array at keys (on `work`). */
static int dep_put(sw_toml_doc **work, const char *const *keys, size_t n, const char *norm,
                   const sw_buf *value, const char *name)
{
	const sw_toml_node *arr = ed_get(*work, keys, n);
	size_t index = 0;
	int err;
	if (arr && sw_toml_type(arr) == SW_TOML_ARRAY) {
		if ((err = dep_index(&index, arr, norm)) < 0)
			return err;
		if (index < sw_toml_count(arr))
			return splice(work, sw_toml_at(arr, index), value->ptr, value->len, name);
	}
	return ed_array_add_sorted(*work, keys, n, value->ptr, value->len, norm, 1);
}

int sw_project_dep_add(sw_project_editor *ed, const char *requirement, const char *extra,
                       const char *group)
{
	const char *keys[3];
	size_t n;
	char *owned = NULL;
	sw_buf norm = {0}, value = {0};
	sw_toml_doc *work = NULL;
	int err;
	if (!ed || !requirement)
		return sw_error_set(SW_EINVAL, "no requirement given");
	if ((err = req_name(&norm, requirement)) < 0)
		goto done;
	if ((err = ed_quote(&value, requirement)) < 0) {
		err = sw_error_set(err, "out of memory");
		goto done;
	}
	if ((err = ed_begin(ed, &work)) < 0)
		goto done;
	err = dep_keys(keys, &n, &owned, work, extra, group);
	if (err >= 0)
		err = dep_put(&work, keys, n, norm.ptr, &value, ed->name);
	err = ed_finish(ed, work, err);
done:
	sw_free(owned);
	sw_buf_free(&norm);
	sw_buf_free(&value);
	return err;
}

int sw_project_dep_remove(sw_project_editor *ed, const char *name, const char *extra,
                          const char *group)
{
	const char *keys[3];
	const sw_toml_node *arr;
	size_t n, index = 0;
	char *owned = NULL;
	sw_buf norm;
	sw_toml_doc *work = NULL;
	int err;
	if (!ed || !name)
		return sw_error_set(SW_EINVAL, "no name given");
	sw_buf_init(&norm, SW_PEP508_MAX_LEN);
	if ((err = sw_name_normalize(&norm, name, strlen(name))) < 0 || !norm.len) {
		err = sw_error_set(err < 0 ? err : SW_EINVAL, "bad name '%s'", name);
		goto done;
	}
	if ((err = ed_begin(ed, &work)) < 0)
		goto done;
	if ((err = dep_keys(keys, &n, &owned, work, extra, group)) < 0)
		goto finish;
	arr = ed_get(work, keys, n);
	if (arr && sw_toml_type(arr) == SW_TOML_ARRAY &&
	    (err = dep_index(&index, arr, norm.ptr)) < 0)
		goto finish;
	if (!arr || sw_toml_type(arr) != SW_TOML_ARRAY || index == sw_toml_count(arr))
		err = sw_error_set(SW_ENOTFOUND, "no requirement named '%s' in %s%s%s", name,
		                   extra   ? "extra "
		                   : group ? "group "
		                           : "dependencies",
		                   extra   ? extra
		                   : group ? group
		                           : "",
		                   "");
	else
		err = sw_toml_array_remove(work, keys, n, index);
finish:
	err = ed_finish(ed, work, err);
done:
	sw_free(owned);
	sw_buf_free(&norm);
	return err;
}
