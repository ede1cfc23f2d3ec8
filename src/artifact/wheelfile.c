/*
 * artifact/wheelfile.c — the two small text formats of a wheel's
 * .dist-info besides METADATA and RECORD: WHEEL ("Key: value" lines,
 * SPECS.md §4.3) and entry_points.txt (an INI file with '=' only and
 * case-sensitive keys, §4.5). An invalid entry_points.txt is kept as a
 * message with its line for the PyPI check.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "artifact/art_int.h"

/* Trims spaces and tabs from both ends of [*s, *s + *n). */
static void trim(const char **s, size_t *n)
{
	while (*n && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*n)--;
	}
	while (*n && ((*s)[*n - 1] == ' ' || (*s)[*n - 1] == '\t' || (*s)[*n - 1] == '\r'))
		(*n)--;
}

/* Appends a tag to a->tags. */
static int add_tag(sw_artifact *a, const char *v, size_t n)
{
	char **tags = sw_realloc(a->tags, (a->wheel.tag_count + 1) * sizeof(*tags));
	if (!tags)
		return sw_error_set(SW_ENOMEM, "out of memory");
	a->tags = tags;
	if (!(tags[a->wheel.tag_count] = sw_strndup(v, n)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	a->wheel.tag_count++;
	a->wheel.tags = (const char *const *)a->tags;
	return 0;
}

/* Stores one "Key: value" line of WHEEL. */
static int wheel_line(sw_artifact *a, const char *key, size_t klen, const char *v, size_t n)
{
	static const char *const keys[] = {"Wheel-Version", "Generator", "Root-Is-Purelib",
	                                   "Build"};
	const char **fields[] = {&a->wheel.wheel_version, &a->wheel.generator,
	                         &a->wheel.root_is_purelib, &a->wheel.build};
	if (klen == 3 && strncasecmp(key, "Tag", 3) == 0)
		return add_tag(a, v, n);
	for (size_t k = 0; k < SW_ARRAY_LEN(keys); k++) {
		if (strlen(keys[k]) != klen || strncasecmp(key, keys[k], klen) != 0 ||
		    a->wheel_fields[k])
			continue;
		if (!(a->wheel_fields[k] = sw_strndup(v, n)))
			return sw_error_set(SW_ENOMEM, "out of memory");
		*fields[k] = a->wheel_fields[k];
	}
	return 0;
}

int art_parse_wheel(sw_artifact *a, const char *text, size_t len)
{
	size_t i = 0;
	a->has_wheel = 1;
	while (i < len) {
		const char *line = text + i, *nl = memchr(line, '\n', len - i), *colon;
		size_t n = nl ? (size_t)(nl - line) : len - i, klen, vlen;
		int err;
		i += n + 1;
		if (!(colon = memchr(line, ':', n)))
			continue;
		klen = (size_t)(colon - line);
		vlen = n - klen - 1;
		colon++;
		trim(&colon, &vlen);
		trim(&line, &klen);
		if ((err = wheel_line(a, line, klen, colon, vlen)) < 0)
			return err;
	}
	return 0;
}

/* Records why entry_points.txt is invalid (the first problem only). */
static int ep_invalid(sw_artifact *a, unsigned line, const char *why)
{
	char msg[256];
	if (a->ep_error)
		return 0;
	snprintf(msg, sizeof(msg), "entry_points.txt:%u: %s", line, why);
	a->ep_error = sw_strdup(msg);
	return a->ep_error ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
}

/* Appends one entry point. */
static int ep_add(sw_artifact *a, const char *group, const char *k, size_t kn, const char *v,
                  size_t vn, unsigned line)
{
	sw_entry_point *eps = sw_realloc(a->eps, (a->ep_count + 1) * sizeof(*eps));
	sw_entry_point *e;
	if (!eps)
		return sw_error_set(SW_ENOMEM, "out of memory");
	a->eps = eps;
	e = &eps[a->ep_count];
	e->group = sw_strdup(group);
	e->name = sw_strndup(k, kn);
	e->value = sw_strndup(v, vn);
	e->line = line;
	a->ep_count++;
	if (!e->group || !e->name || !e->value)
		return sw_error_set(SW_ENOMEM, "out of memory");
	return 0;
}

/* Handles one line of entry_points.txt; `group` is the current section. */
static int ep_line(sw_artifact *a, char **group, const char *s, size_t n, unsigned line)
{
	const char *eq;
	size_t kn;
	if (n && s[0] == '[') {
		const char *end = memchr(s, ']', n);
		if (!end)
			return ep_invalid(a, line, "a section header without ']'");
		sw_free(*group);
		*group = sw_strndup(s + 1, (size_t)(end - s - 1));
		return *group ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
	}
	if (!*group)
		return ep_invalid(a, line, "an entry before the first [section]");
	if (!(eq = memchr(s, '=', n)))
		return ep_invalid(a, line, "a line that is not 'name = object.reference'");
	kn = (size_t)(eq - s);
	n -= kn + 1;
	eq++;
	trim(&s, &kn);
	trim(&eq, &n);
	if (!kn)
		return ep_invalid(a, line, "an entry without a name");
	return ep_add(a, *group, s, kn, eq, n, line);
}

int art_parse_entry_points(sw_artifact *a, const char *text, size_t len)
{
	char *group = NULL;
	unsigned line = 0;
	int err = 0;
	for (size_t i = 0; i < len;) {
		size_t k = sw_utf8_seq_len(text, len, i);
		if (!k)
			return ep_invalid(a, 1, "not valid UTF-8");
		i += k;
	}
	for (size_t i = 0; i < len && !err;) {
		const char *s = text + i, *nl = memchr(s, '\n', len - i);
		size_t n = nl ? (size_t)(nl - s) : len - i;
		i += n + 1;
		line++;
		trim(&s, &n);
		if (!n || s[0] == '#' || s[0] == ';')
			continue;
		err = ep_line(a, &group, s, n, line);
	}
	sw_free(group);
	return err;
}
