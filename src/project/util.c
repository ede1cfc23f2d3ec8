/*
 * project/util.c — small helpers shared by the project module: "did you
 * mean" suggestions by edit distance, calendar dates for the freshness of
 * the shipped lists, readable names of TOML types and node paths, Python
 * identifier checks, and file-system probes relative to the project root.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "project/data/lists.h"
#include "project/project_int.h"

#define SUGGEST_MAX 128 /* longest word compared for suggestions */

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Case-insensitive Levenshtein distance of two short strings. */
static size_t distance(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t row[SUGGEST_MAX + 1];
	for (size_t j = 0; j <= blen; j++)
		row[j] = j;
	for (size_t i = 1; i <= alen; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= blen; j++) {
			size_t up = row[j];
			size_t cost =
			        lower((unsigned char)a[i - 1]) != lower((unsigned char)b[j - 1]);
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[blen];
}

const char *pj_suggest(const char *word, size_t len, const void *ctx, size_t count,
                       const char *(*get)(const void *ctx, size_t i))
{
	const char *best = NULL;
	size_t best_d = len / 3 + 1;
	if (len == 0 || len > SUGGEST_MAX)
		return NULL;
	for (size_t i = 0; i < count; i++) {
		const char *cand = get(ctx, i);
		size_t clen = strlen(cand), d;
		if (clen > SUGGEST_MAX || (clen > len ? clen - len : len - clen) >= best_d)
			continue;
		d = distance(word, len, cand, clen);
		if (d < best_d) {
			best = cand;
			best_d = d;
		}
	}
	return best;
}

static const char *get_word(const void *ctx, size_t i)
{
	return ((const char *const *)ctx)[i];
}

const char *pj_suggest_in(const char *word, size_t len, const char *const *words)
{
	size_t n = 0;
	while (words[n])
		n++;
	return pj_suggest(word, len, words, n, get_word);
}

int pj_name_cmp(const void *a, const void *b)
{
	const struct pj_name *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->s, y->s, n);
	if (c)
		return c;
	if (x->len != y->len)
		return x->len < y->len ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

void pj_duplicates(struct pj_name *names, size_t n, void (*fn)(void *ctx, size_t i, size_t first),
                   void *ctx)
{
	size_t run = 0;
	if (n > 1)
		qsort(names, n, sizeof(*names), pj_name_cmp);
	for (size_t i = 1; i < n; i++) {
		if (names[i].len != names[run].len ||
		    memcmp(names[i].s, names[run].s, names[i].len) != 0)
			run = i;
		else
			fn(ctx, names[i].index, names[run].index);
	}
}

/* Howard Hinnant's days_from_civil. */
int64_t pj_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (int64_t)(m > 2 ? m - 3 : m + 9) + 2) / 5 + (int64_t)d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int64_t pj_today(void)
{
	time_t now = time(NULL);
	return (int64_t)now / 86400;
}

/* Reads n digits at s. */
static int digits(const char *s, int n, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10u + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

int sw_project_date_parse(int64_t *days, const char *text)
{
	static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	unsigned y, m, d;
	if (!text || strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
	    digits(text, 4, &y) < 0 || digits(text + 5, 2, &m) < 0 || digits(text + 8, 2, &d) < 0)
		return sw_error_set(SW_EPARSE, "'%s' is not a date of the form YYYY-MM-DD",
		                    text ? text : "");
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
		return sw_error_set(SW_EPARSE, "'%s' is not a valid date", text);
	*days = pj_days_from_civil(y, m, d);
	return 0;
}

int pj_list_fresh(const char *date, int64_t today)
{
	int64_t day = 0;
	if (sw_project_date_parse(&day, date) < 0) {
		sw_error_clear();
		return 0;
	}
	return today - day <= SW_PROJECT_LIST_FRESH_DAYS;
}

const char *sw_project_trove_date(void)
{
	return pj_trove_date;
}

const char *sw_project_trove_version(void)
{
	return pj_trove_version;
}

const char *sw_project_spdx_date(void)
{
	return pj_spdx_date;
}

const char *sw_project_spdx_version(void)
{
	return pj_spdx_version;
}

const char *pj_type_phrase(enum sw_toml_type type)
{
	static const char *const phrases[] = {
	        [SW_TOML_TABLE] = "a table",        [SW_TOML_ARRAY] = "an array",
	        [SW_TOML_STRING] = "a string",      [SW_TOML_INTEGER] = "an integer",
	        [SW_TOML_FLOAT] = "a float",        [SW_TOML_BOOL] = "a boolean",
	        [SW_TOML_DATETIME] = "a date-time", [SW_TOML_DATETIME_LOCAL] = "a date-time",
	        [SW_TOML_DATE_LOCAL] = "a date",    [SW_TOML_TIME_LOCAL] = "a time",
	};
	return (unsigned)type < SW_ARRAY_LEN(phrases) && phrases[type] ? phrases[type] : "a value";
}

/* Whether a key can be shown without quotes. */
static int bare_key(const char *k, size_t len)
{
	if (!len)
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)k[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* Appends the segment naming `node` in its parent. */
static void put_segment(sw_buf *out, const sw_toml_node *node)
{
	const sw_toml_node *parent = sw_toml_parent(node);
	size_t len, i = 0;
	const char *k;
	if (sw_toml_type(parent) == SW_TOML_ARRAY) {
		for (const sw_toml_node *it = sw_toml_first(parent); it && it != node;
		     it = sw_toml_next(it))
			i++;
		sw_buf_printf(out, "[%zu]", i);
		return;
	}
	k = sw_toml_key(node, &len);
	if (out->len)
		sw_buf_putc(out, '.');
	if (k && bare_key(k, len))
		sw_buf_put(out, k, len);
	else
		sw_toml_write_string(out, k ? k : "", k ? len : 0);
}

int pj_node_path(sw_buf *out, const sw_toml_node *node)
{
	const sw_toml_node *chain[64];
	size_t n = 0;
	sw_buf_clear(out);
	for (const sw_toml_node *it = node; it && sw_toml_parent(it) && n < SW_ARRAY_LEN(chain);
	     it = sw_toml_parent(it))
		chain[n++] = it;
	while (n)
		put_segment(out, chain[--n]);
	return sw_buf_error(out);
}

int pj_is_identifier(const char *s, size_t len)
{
	if (!len || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c >= 0x80))
			return 0;
	}
	return 1;
}

int pj_is_dotted_identifier(const char *s, size_t len)
{
	size_t start = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && s[i] != '.')
			continue;
		if (!pj_is_identifier(s + start, i - start))
			return 0;
		start = i + 1;
	}
	return 1;
}

int pj_path_join(sw_buf *out, const char *root, const char *rel, size_t len)
{
	sw_buf_clear(out);
	sw_buf_puts(out, root);
	if (out->len && out->ptr[out->len - 1] != '/')
		sw_buf_putc(out, '/');
	sw_buf_put(out, rel, len);
	return sw_buf_error(out);
}

int pj_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int pj_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}
