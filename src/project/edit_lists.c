/*
 * project/edit_lists.c — edits of the list-like [project] fields: keywords
 * and classifiers (add/remove one string), urls, scripts and gui-scripts
 * (set/remove one entry), authors and maintainers (add/remove one
 * {name, email} table), and parsing "Name <email>".
 */
#include <string.h>

#include "project/edit_int.h"

/* Which fields each family of operations accepts. */
static const char *const list_fields[] = {"keywords", "classifiers"};
static const char *const entry_fields[] = {"urls", "scripts", "gui-scripts"};
static const char *const people_fields[] = {"authors", "maintainers"};

/* SW_EINVAL unless `field` is one of `names`. */
static int field_in(const char *field, const char *const *names, size_t n, const char *what)
{
	for (size_t i = 0; field && i < n; i++)
		if (strcmp(field, names[i]) == 0)
			return 0;
	return sw_error_set(SW_EINVAL, "'%s' is not one of the %s fields", field ? field : "",
	                    what);
}

/* The index of the string item equal to `value`, or the count. */
static size_t find_string(const sw_toml_node *arr, const char *value)
{
	size_t i = 0, len;
	const char *s;
	const sw_toml_node *it;
	for (it = sw_toml_first(arr); it; it = sw_toml_next(it), i++)
		if (sw_toml_string(it, &s, &len) == 0 && len == strlen(value) &&
		    memcmp(s, value, len) == 0)
			break;
	return i;
}

int sw_project_list_add(sw_project_editor *ed, const char *field, const char *value)
{
	const char *keys[] = {"project", field};
	const sw_toml_node *arr;
	sw_toml_doc *work = NULL;
	sw_buf text = {0};
	int err;
	if (!ed || !value)
		return sw_error_set(SW_EINVAL, "no value given");
	if ((err = field_in(field, list_fields, SW_ARRAY_LEN(list_fields), "list")) < 0)
		return err;
	if (strcmp(field, "classifiers") == 0 ? (err = ed_check_classifier(ed, value)) < 0
	                                      : (err = ed_has_control(value) || !*value) != 0)
		return err < 0 ? err : sw_error_set(SW_EINVAL, "a keyword is one non-empty line");
	if ((err = ed_quote(&text, value)) < 0) {
		err = sw_error_set(err, "out of memory");
		goto done;
	}
	if ((err = ed_begin(ed, &work)) < 0)
		goto done;
	arr = ed_get(work, keys, 2);
	if (arr && sw_toml_type(arr) == SW_TOML_ARRAY &&
	    find_string(arr, value) < sw_toml_count(arr))
		err = sw_error_set(SW_EEXISTS, "'%s' is already in %s", value, field);
	else
		err = ed_array_add_sorted(work, keys, 2, text.ptr, text.len, value, 0);
	err = ed_finish(ed, work, err);
done:
	sw_buf_free(&text);
	return err;
}

int sw_project_list_remove(sw_project_editor *ed, const char *field, const char *value)
{
	const char *keys[] = {"project", field};
	const sw_toml_node *arr;
	sw_toml_doc *work = NULL;
	size_t index = 0;
	int err;
	if (!ed || !value)
		return sw_error_set(SW_EINVAL, "no value given");
	if ((err = field_in(field, list_fields, SW_ARRAY_LEN(list_fields), "list")) < 0)
		return err;
	if ((err = ed_begin(ed, &work)) < 0)
		return err;
	arr = ed_get(work, keys, 2);
	if (arr && sw_toml_type(arr) == SW_TOML_ARRAY)
		index = find_string(arr, value);
	if (!arr || sw_toml_type(arr) != SW_TOML_ARRAY || index == sw_toml_count(arr))
		err = sw_error_set(SW_ENOTFOUND, "'%s' is not in %s", value, field);
	else
		err = sw_toml_array_remove(work, keys, 2, index);
	return ed_finish(ed, work, err);
}

/* Checks an entry: a URL with a scheme, or an entry point "module:object". */
static int check_entry(const char *field, const char *key, const char *value)
{
	const char *colon = strchr(value, ':');
	if (!*key || ed_has_control(key) || ed_has_control(value))
		return sw_error_set(SW_EINVAL, "the name and the value must be non-empty lines");
	if (strcmp(field, "urls") == 0) {
		if (!colon || colon == value || strncmp(colon, "://", 3) != 0)
			return sw_error_set(SW_EINVAL,
			                    "'%s' is not a URL with a scheme (https://...)", value);
		return 0;
	}
	for (const char *p = key; *p; p++)
		if (!(strchr("._-", *p) || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z')))
			return sw_error_set(SW_EINVAL, "'%s' is not a valid script name", key);
	if (!colon || colon == value || !colon[1] || strchr(colon + 1, ':') || strchr(value, ' '))
		return sw_error_set(SW_EINVAL, "'%s' is not an entry point (module:function)",
		                    value);
	return 0;
}

int sw_project_entry_set(sw_project_editor *ed, const char *field, const char *key,
                         const char *value)
{
	const char *keys[] = {"project", field, key};
	sw_toml_doc *work = NULL;
	sw_buf text = {0};
	int err;
	if (!ed || !key || !value)
		return sw_error_set(SW_EINVAL, "no entry given");
	if ((err = field_in(field, entry_fields, SW_ARRAY_LEN(entry_fields), "table")) < 0 ||
	    (err = check_entry(field, key, value)) < 0)
		return err;
	if ((err = ed_quote(&text, value)) < 0) {
		err = sw_error_set(err, "out of memory");
		goto done;
	}
	if ((err = ed_begin(ed, &work)) < 0)
		goto done;
	err = ed_finish(ed, work, sw_toml_set(work, keys, 3, text.ptr, text.len));
done:
	sw_buf_free(&text);
	return err;
}

int sw_project_entry_remove(sw_project_editor *ed, const char *field, const char *key)
{
	const char *keys[] = {"project", field, key};
	sw_toml_doc *work = NULL;
	int err;
	if (!ed || !key)
		return sw_error_set(SW_EINVAL, "no entry given");
	if ((err = field_in(field, entry_fields, SW_ARRAY_LEN(entry_fields), "table")) < 0)
		return err;
	if ((err = ed_begin(ed, &work)) < 0)
		return err;
	if (!ed_get(work, keys, 3))
		err = sw_error_set(SW_ENOTFOUND, "[project.%s] has no entry '%s'", field, key);
	else
		err = sw_toml_remove(work, keys, 3);
	return ed_finish(ed, work, err);
}

/* ---- people --------------------------------------------------------------- */

/* 1 if the inline table `t` has key `k` with string value `v`. */
static int has_string(const sw_toml_node *t, const char *k, const char *v)
{
	const sw_toml_node *n = sw_toml_find(t, k, strlen(k));
	const char *s;
	size_t len;
	if (!n || sw_toml_string(n, &s, &len) < 0)
		return v == NULL;
	return v && len == strlen(v) && memcmp(s, v, len) == 0;
}

/* Builds {name = "...", email = "..."}. */
static int person_text(sw_buf *out, const char *name, const char *email)
{
	sw_buf_init(out, SW_BUF_MAX_DEFAULT);
	sw_buf_putc(out, '{');
	if (name) {
		sw_buf_puts(out, "name = ");
		sw_toml_write_string(out, name, strlen(name));
	}
	if (email) {
		sw_buf_puts(out, name ? ", email = " : "email = ");
		sw_toml_write_string(out, email, strlen(email));
	}
	sw_buf_putc(out, '}');
	return sw_buf_error(out) < 0 ? sw_error_set(SW_ENOMEM, "out of memory") : 0;
}

/* Checks a person's parts as sw_person_parse() does. */
static int check_person(const char *name, const char *email)
{
	if (!name && !email)
		return sw_error_set(SW_EINVAL, "give a name or an email");
	if (name && (!*name || ed_has_control(name) || strpbrk(name, ",<>")))
		return sw_error_set(SW_EINVAL,
		                    "'%s' is not a usable name (one line, without ',', "
		                    "'<' or '>')",
		                    name);
	if (email) {
		const char *at = strchr(email, '@');
		if (!at || at == email || !at[1] || strchr(at + 1, '@') ||
		    strpbrk(email, " \t<>,") || ed_has_control(email))
			return sw_error_set(SW_EINVAL, "'%s' is not an email address", email);
	}
	return 0;
}

int sw_project_person_add(sw_project_editor *ed, const char *field, const char *name,
                          const char *email)
{
	const char *keys[] = {"project", field};
	const sw_toml_node *arr, *it;
	sw_toml_doc *work = NULL;
	sw_buf text = {0};
	int err;
	if (!ed)
		return sw_error_set(SW_EINVAL, "no editor");
	if ((err = field_in(field, people_fields, SW_ARRAY_LEN(people_fields), "people")) < 0 ||
	    (err = check_person(name, email)) < 0 || (err = person_text(&text, name, email)) < 0)
		goto done;
	if ((err = ed_begin(ed, &work)) < 0)
		goto done;
	arr = ed_get(work, keys, 2);
	for (it = arr ? sw_toml_first(arr) : NULL; it; it = sw_toml_next(it))
		if (has_string(it, "name", name) && has_string(it, "email", email))
			break;
	if (it)
		err = sw_error_set(SW_EEXISTS, "that person is already in %s", field);
	else
		err = ed_array_add_sorted(work, keys, 2, text.ptr, text.len, "", 0);
	err = ed_finish(ed, work, err);
done:
	sw_buf_free(&text);
	return err;
}

int sw_project_person_remove(sw_project_editor *ed, const char *field, const char *who)
{
	const char *keys[] = {"project", field};
	const sw_toml_node *arr, *it;
	sw_toml_doc *work = NULL;
	size_t i = 0;
	int err;
	if (!ed || !who)
		return sw_error_set(SW_EINVAL, "no person given");
	if ((err = field_in(field, people_fields, SW_ARRAY_LEN(people_fields), "people")) < 0)
		return err;
	if ((err = ed_begin(ed, &work)) < 0)
		return err;
	arr = ed_get(work, keys, 2);
	for (it = arr ? sw_toml_first(arr) : NULL; it; it = sw_toml_next(it), i++)
		if (has_string(it, "name", who) || has_string(it, "email", who))
			break;
	if (!it)
		err = sw_error_set(SW_ENOTFOUND, "no one named '%s' in %s", who, field);
	else
		err = sw_toml_array_remove(work, keys, 2, i);
	return ed_finish(ed, work, err);
}

/* Trims ASCII spaces from both ends of [s, s+len) into a new string, or
 * NULL when nothing is left. */
static int trimmed(char **out, const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len && !(*out = sw_strndup(s, len)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	return 0;
}

int sw_person_parse(char **name, char **email, const char *text)
{
	const char *lt = text ? strchr(text, '<') : NULL, *gt = lt ? strchr(lt, '>') : NULL;
	int err;
	*name = *email = NULL;
	if (!text)
		return sw_error_set(SW_EINVAL, "no person given");
	if (lt && (!gt || gt[1 + strspn(gt + 1, " \t")]))
		return sw_error_set(SW_EINVAL, "'%s' is not \"Name <email>\"", text);
	if (lt)
		err = trimmed(name, text, (size_t)(lt - text)) < 0
		              ? SW_ENOMEM
		              : trimmed(email, lt + 1, (size_t)(gt - lt - 1));
	else if (strchr(text, '@'))
		err = trimmed(email, text, strlen(text));
	else
		err = trimmed(name, text, strlen(text));
	if (err >= 0)
		err = check_person(*name, *email);
	if (err < 0) {
		sw_free(*name);
		sw_free(*email);
		*name = *email = NULL;
	}
	return err;
}
