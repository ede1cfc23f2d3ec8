/*
 * index/trove.c — trove classifier lists as text: parsing with a check of
 * every line (so a garbage download is refused before it replaces the
 * cache), the cache file's header with its date, writing the cache text,
 * and lookup by binary search in the sorted items.
 */
#include <stdlib.h>
#include <string.h>

#include "slipway/fs.h"
#include "slipway/http.h"
#include "slipway/project.h"
#include "slipway/trove.h"
#include "util/util.h"

#define HEADER "# slipway trove classifiers fetched "

/* Whether one line (without its newline) looks like a classifier. */
static int plausible(const char *s, size_t len)
{
	size_t segments = 1, seg_len = 0;
	if (len == 0 || len > SW_TROVE_MAX_LEN || s[0] == ' ' || s[len - 1] == ' ')
		return 0;
	for (size_t i = 0; i < len;) {
		size_t n = sw_utf8_seq_len(s, len, i);
		if (n == 0 || (n == 1 && ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)))
			return 0;
		if (len - i >= 4 && memcmp(s + i, " :: ", 4) == 0) {
			if (seg_len == 0)
				return 0;
			segments++, seg_len = 0, i += 4;
			continue;
		}
		if (s[i] == ':' && len - i >= 2 && s[i + 1] == ':')
			return 0;
		seg_len++, i += n;
	}
	return segments >= 2 && seg_len > 0;
}

/* Takes the date of a cache header line, if it is one. */
static void header_date(sw_trove_list *out, const char *s, size_t len)
{
	size_t hl = sizeof(HEADER) - 1;
	char date[11];
	int64_t days;
	if (len < hl + 10 || memcmp(s, HEADER, hl) != 0)
		return;
	memcpy(date, s + hl, 10);
	date[10] = '\0';
	if (sw_project_date_parse(&days, date) == 0)
		memcpy(out->date, date, 11);
	else
		sw_error_clear();
}

static int cmp_items(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends one classifier, growing the array by doubling. */
static int push(sw_trove_list *out, size_t *cap, const char *s, size_t len)
{
	char *copy;
	if (out->count == *cap) {
		size_t ncap = *cap ? *cap * 2 : 256;
		char **items = sw_realloc(out->items, ncap * sizeof(*items));
		if (!items)
			return sw_error_set(SW_ENOMEM, "out of memory");
		out->items = items, *cap = ncap;
	}
	if (!(copy = sw_strndup(s, len)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	out->items[out->count++] = copy;
	return 0;
}

/* Sorts the items and drops repeats. */
static void sort_unique(sw_trove_list *l)
{
	size_t w = 0;
	if (l->count)
		qsort(l->items, l->count, sizeof(*l->items), cmp_items);
	for (size_t r = 0; r < l->count; r++) {
		if (w && strcmp(l->items[w - 1], l->items[r]) == 0)
			sw_free(l->items[r]);
		else
			l->items[w++] = l->items[r];
	}
	l->count = w;
}

/* Parses the lines of `text` into `out` (already zeroed). */
static int parse_lines(sw_trove_list *out, const char *text, size_t len)
{
	size_t cap = 0, line = 0;
	for (size_t pos = 0; pos < len;) {
		const char *nl = memchr(text + pos, '\n', len - pos);
		size_t end = nl ? (size_t)(nl - text) : len, n = end - pos;
		const char *s = text + pos;
		int err;
		line++;
		pos = nl ? end + 1 : len;
		if (n && s[n - 1] == '\r')
			n--;
		if (n && s[0] == '#') {
			if (line == 1)
				header_date(out, s, n);
			continue;
		}
		if (n == 0)
			continue;
		if (!plausible(s, n))
			return sw_error_set(SW_EPARSE, "line %zu is not a trove classifier", line);
		if (out->count >= SW_TROVE_MAX_COUNT)
			return sw_error_set(SW_ETOOBIG, "more than %d classifiers",
			                    SW_TROVE_MAX_COUNT);
		if ((err = push(out, &cap, s, n)) < 0)
			return err;
	}
	return 0;
}

int sw_trove_list_parse(sw_trove_list *out, const char *text, size_t len, size_t min_count)
{
	sw_trove_list l;
	int err;
	memset(&l, 0, sizeof(l));
	if (!out || (!text && len))
		return sw_error_set(SW_EINVAL, "no list");
	memset(out, 0, sizeof(*out));
	if ((err = parse_lines(&l, text, len)) < 0)
		goto done;
	sort_unique(&l);
	if (l.count < min_count)
		err = sw_error_set(SW_EPARSE, "only %zu classifiers, expected at least %zu",
		                   l.count, min_count);
done:
	if (err < 0)
		sw_trove_list_free(&l);
	else
		*out = l;
	return err;
}

int sw_trove_list_load(sw_trove_list *out, const char *path)
{
	char *text = NULL, *why = NULL;
	size_t len = 0;
	int err;
	if (out)
		memset(out, 0, sizeof(*out));
	if (!out || !path)
		return sw_error_set(SW_EINVAL, "no list or path");
	if ((err = sw_file_read(&text, &len, NULL, path, SW_TROVE_FILE_MAX)) < 0)
		goto done;
	if ((err = sw_trove_list_parse(out, text, len, 1)) < 0) {
		/* the message is rewritten with the path: copy it first */
		why = sw_strdup(sw_error_last());
		err = why ? sw_error_set(err, "%s: %s", path, why)
		          : sw_error_set(SW_ENOMEM, "out of memory");
	}
done:
	sw_free(why);
	sw_free(text);
	return err;
}

int sw_trove_list_format(sw_buf *out, const sw_trove_list *list, const char *date, const char *url)
{
	sw_buf_puts(out, HEADER);
	sw_buf_puts(out, date);
	sw_buf_puts(out, " from ");
	sw_http_url_redact(out, url);
	sw_buf_putc(out, '\n');
	for (size_t i = 0; i < list->count; i++) {
		sw_buf_puts(out, list->items[i]);
		sw_buf_putc(out, '\n');
	}
	return sw_buf_error(out);
}

int sw_trove_list_contains(const sw_trove_list *list, const char *s, size_t len)
{
	size_t lo = 0, hi = list ? list->count : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *z = list->items[mid];
		size_t zlen = strlen(z);
		int c = memcmp(s, z, len < zlen ? len : zlen);
		if (c == 0)
			c = len < zlen ? -1 : len > zlen;
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

void sw_trove_list_free(sw_trove_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++)
		sw_free(list->items[i]);
	sw_free(list->items);
	memset(list, 0, sizeof(*list));
}
