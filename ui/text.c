/*
 * ui/text.c — pure text helpers of the workbench: UTF-8 display widths and
 * clipping (through the C library's wcwidth in the current locale),
 * command-line splitting for the `:` prompt, line counting and the word
 * search of the pickers. Nothing here touches curses, so it is unit-tested.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "app.h"

char *ui_strndup(const char *s, size_t n)
{
	char *p = ui_malloc(n + 1);
	if (!p)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *ui_strdup(const char *s)
{
	return ui_strndup(s, strlen(s));
}

/* Decodes one character at s[0..len): its byte length and width. */
static size_t decode(const char *s, size_t len, size_t *width)
{
	mbstate_t st;
	wchar_t wc;
	size_t n;
	int w;
	memset(&st, 0, sizeof st);
	n = mbrtowc(&wc, s, len, &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
		*width = 1;
		return 1;
	}
	w = wcwidth(wc);
	*width = w < 0 ? 1 : (size_t)w;
	return n;
}

size_t ui_utf8_width(const char *s, size_t len)
{
	size_t i = 0, total = 0, w;
	while (i < len) {
		i += decode(s + i, len - i, &w);
		total += w;
	}
	return total;
}

size_t ui_utf8_fit(const char *s, size_t len, size_t cols, size_t *used)
{
	size_t i = 0, total = 0, w, n;
	while (i < len) {
		n = decode(s + i, len - i, &w);
		if (total + w > cols)
			break;
		total += w;
		i += n;
	}
	if (used)
		*used = total;
	return i;
}

size_t ui_utf8_prev(const char *s, size_t at)
{
	size_t n = 0;
	if (at == 0)
		return 0;
	do {
		n++;
	} while (n < at && n < 4 && ((unsigned char)s[at - n] & 0xC0) == 0x80);
	return n;
}

size_t ui_utf8_next(const char *s, size_t len, size_t at)
{
	size_t w;
	if (at >= len)
		return 0;
	return decode(s + at, len - at, &w);
}

void ui_argv_free(char **argv)
{
	if (!argv)
		return;
	for (size_t i = 0; argv[i]; i++)
		ui_free(argv[i]);
	ui_free(argv);
}

/* Appends one word to a NULL-terminated array. */
static int push_word(char ***argv, int *argc, const char *w, size_t n)
{
	char **grown = ui_realloc(*argv, sizeof(char *) * ((size_t)*argc + 2));
	if (!grown)
		return -2;
	*argv = grown;
	if (!(grown[*argc] = ui_strndup(w, n)))
		return -2;
	grown[++*argc] = NULL;
	return 0;
}

/* Reads one word starting at *p into `word` (as long as the line). */
static int read_word(const char **p, char *word, size_t *n)
{
	char quote = 0;
	const char *s = *p;
	*n = 0;
	for (; *s && (quote || !isspace((unsigned char)*s)); s++) {
		if (quote == '\'' && *s == '\'') {
			quote = 0;
		} else if (quote == '"' && *s == '"') {
			quote = 0;
		} else if (!quote && (*s == '\'' || *s == '"')) {
			quote = *s;
		} else if (*s == '\\' && quote != '\'' && s[1]) {
			word[(*n)++] = *++s;
		} else {
			word[(*n)++] = *s;
		}
	}
	*p = s;
	return quote ? -1 : 0;
}

int ui_split_args(char ***argv, int *argc, const char *line)
{
	int err = 0;
	size_t n;
	char *word = ui_malloc(strlen(line) + 1);
	*argv = NULL;
	*argc = 0;
	if (!word || !(*argv = ui_calloc(1, sizeof(char *)))) {
		err = -2;
		goto done;
	}
	while (*line) {
		while (isspace((unsigned char)*line))
			line++;
		if (!*line)
			break;
		if ((err = read_word(&line, word, &n)) < 0 ||
		    (err = push_word(argv, argc, word, n)) < 0)
			goto done;
	}
done:
	ui_free(word);
	if (err < 0) {
		ui_argv_free(*argv);
		*argv = NULL;
		*argc = 0;
	}
	return err;
}

size_t ui_line_count(const char *text, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		if (text[i] == '\n')
			n++;
	if (len > 0 && text[len - 1] != '\n')
		n++;
	return n;
}

/* 1 if `word` (n bytes) occurs in `s`, ignoring ASCII case. */
static int contains_ci(const char *s, const char *word, size_t n)
{
	size_t len = strlen(s);
	for (size_t i = 0; i + n <= len; i++) {
		size_t k = 0;
		while (k < n && tolower((unsigned char)s[i + k]) == tolower((unsigned char)word[k]))
			k++;
		if (k == n)
			return 1;
	}
	return 0;
}

int ui_match_words(const char *s, const char *query)
{
	while (*query) {
		size_t n = 0;
		while (*query == ' ')
			query++;
		while (query[n] && query[n] != ' ')
			n++;
		if (n && !contains_ci(s, query, n))
			return 0;
		query += n;
	}
	return 1;
}
