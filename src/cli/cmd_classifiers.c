/*
 * cli/cmd_classifiers.c — `slipway classifiers`: lists the trove
 * classifiers slipway knows (the shipped list and the cache), or with
 * --refresh fetches PyPI's current list, checks it, and writes it to the
 * cache (${XDG_CACHE_HOME:-$HOME/.cache}/slipway/classifiers.txt) so that
 * `slipway check` knows classifiers newer than the shipped list.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "slipway/http.h"
#include "slipway/project.h"
#include "slipway/trove.h"

#define DEFAULT_URL "https://pypi.org/pypi?%3Aaction=list_classifiers"
#define URL_ENV     "SLIPWAY_CLASSIFIERS_URL"

struct opts {
	int refresh, json;
	const char *url, *pattern;
};

/* Appends the cache folder (…/slipway) to `out`; -1 without XDG_CACHE_HOME
 * (absolute) or HOME. */
static int cache_dir(sw_buf *out)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	if (xdg && xdg[0] == '/')
		sw_buf_puts(out, xdg);
	else if (home && home[0])
		sw_buf_printf(out, "%s/.cache", home);
	else
		return -1;
	sw_buf_puts(out, "/slipway");
	return sw_buf_error(out) ? -1 : 0;
}

static int cache_path(sw_buf *out)
{
	if (cache_dir(out) < 0)
		return -1;
	sw_buf_puts(out, "/classifiers.txt");
	return sw_buf_error(out) ? -1 : 0;
}

int sw_cli_trove_cache_load(struct sw_trove_list *out)
{
	sw_buf path;
	struct stat st;
	int rc = 0;
	memset(out, 0, sizeof(*out));
	sw_buf_init(&path, 8192);
	if (cache_path(&path) < 0 || stat(sw_buf_cstr(&path), &st) != 0)
		goto done;
	if (sw_trove_list_load(out, sw_buf_cstr(&path)) < 0) {
		sw_cli_error("ignoring the classifier cache: %s", sw_error_last());
		rc = -1;
	} else
		rc = 1;
done:
	sw_buf_free(&path);
	return rc;
}

/* Creates every missing folder of `path` (like mkdir -p). */
static int make_dirs(char *path)
{
	for (char *p = path + 1;; p++) {
		if (*p != '/' && *p)
			continue;
		char c = *p;
		*p = '\0';
		int bad = mkdir(path, 0755) != 0 && errno != EEXIST;
		*p = c;
		if (bad)
			return sw_cli_error("cannot create %s: %s", path, strerror(errno));
		if (!c)
			return 0;
	}
}

/* Today's UTC date as YYYY-MM-DD. */
static void today(char date[11])
{
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(date, 11, "%Y-%m-%d", &tm);
}

/* Writes the list to the cache file; prints why not. */
static int write_cache(const sw_trove_list *l, const char *url, const char *path)
{
	sw_buf dir, text;
	char date[11];
	int rc = SW_EXIT_ERROR;
	sw_buf_init(&dir, 8192);
	sw_buf_init(&text, SW_TROVE_FILE_MAX + 8192);
	today(date);
	if (cache_dir(&dir) < 0 || sw_trove_list_format(&text, l, date, url) < 0) {
		sw_cli_error("out of memory");
		goto done;
	}
	if (make_dirs(dir.ptr) != 0)
		goto done;
	if (sw_file_write_atomic(path, text.ptr, text.len, NULL) < 0)
		sw_cli_core_error();
	else
		rc = SW_EXIT_OK;
done:
	sw_buf_free(&dir);
	sw_buf_free(&text);
	return rc;
}

/* Fetches and checks the list; prints why it cannot. */
static int fetch(sw_trove_list *l, const char *url)
{
	sw_buf body;
	int rc = SW_EXIT_OK;
	sw_buf_init(&body, SW_TROVE_FILE_MAX);
	if (sw_http_get(&body, NULL, url, NULL) < 0) {
		sw_cli_core_error();
		rc = sw_cli_error("the shipped classifier list of %s stays in use",
		                  sw_project_trove_date());
	} else if (sw_trove_list_parse(l, body.ptr, body.len, SW_TROVE_MIN_DOWNLOAD) < 0) {
		sw_buf shown;
		sw_buf_init(&shown, 8192);
		sw_http_url_redact(&shown, url);
		rc = sw_cli_error("refusing the list from %s: %s; the cache is unchanged",
		                  sw_buf_cstr(&shown), sw_error_last());
		sw_buf_free(&shown);
	}
	sw_buf_free(&body);
	return rc;
}

static int refresh(const struct opts *o)
{
	sw_trove_list l;
	sw_buf path;
	size_t fresh = 0;
	int rc;
	memset(&l, 0, sizeof(l));
	sw_buf_init(&path, 8192);
	if (cache_path(&path) < 0) {
		rc = sw_cli_error("neither XDG_CACHE_HOME nor HOME is set: no cache folder");
		goto done;
	}
	if ((rc = fetch(&l, o->url)) != SW_EXIT_OK ||
	    (rc = write_cache(&l, o->url, sw_buf_cstr(&path))) != SW_EXIT_OK)
		goto done;
	for (size_t i = 0; i < l.count; i++)
		fresh += !sw_trove_is_known(l.items[i], strlen(l.items[i]));
	if (o->json)
		printf("{\"fetched\":%zu,\"new\":%zu,\"shipped_date\":\"%s\",\"path\":", l.count,
		       fresh, sw_project_trove_date());
	else
		printf("fetched %zu classifiers (%zu not in the shipped list of %s) into %s\n",
		       l.count, fresh, sw_project_trove_date(), sw_buf_cstr(&path));
	if (o->json) {
		sw_buf j;
		sw_buf_init(&j, 16384);
		sw_buf_put_json_string(&j, path.ptr, path.len);
		printf("%s}\n", sw_buf_cstr(&j));
		sw_buf_free(&j);
	}
done:
	sw_trove_list_free(&l);
	sw_buf_free(&path);
	return rc;
}

/* Whether `s` contains `pat`, ignoring ASCII case. */
static int contains_ci(const char *s, const char *pat)
{
	size_t n = strlen(pat);
	for (; *s; s++)
		if (strncasecmp(s, pat, n) == 0)
			return 1;
	return n == 0;
}

/* Prints one classifier if it matches the pattern; counts it. */
static void show(sw_buf *out, const char *s, const struct opts *o, size_t *n)
{
	if (o->pattern && !contains_ci(s, o->pattern))
		return;
	if (o->json) {
		sw_buf_puts(out, *n ? "," : "");
		sw_buf_put_json_string(out, s, strlen(s));
	} else {
		sw_buf_puts(out, s);
		sw_buf_putc(out, '\n');
	}
	(*n)++;
}

/* Merges the shipped list and the cache (both sorted) into `out`. */
static size_t merge(sw_buf *out, const sw_trove_list *cache, const struct opts *o)
{
	size_t i = 0, j = 0, n = 0, ns = sw_trove_count();
	while (i < ns || j < cache->count) {
		const char *a = i < ns ? sw_trove_at(i) : NULL;
		const char *b = j < cache->count ? cache->items[j] : NULL;
		int c = !a ? 1 : !b ? -1 : strcmp(a, b);
		show(out, c <= 0 ? a : b, o, &n);
		i += c <= 0, j += c >= 0;
	}
	return n;
}

static int list(const struct opts *o)
{
	sw_trove_list cache;
	sw_buf out;
	size_t n;
	int have = sw_cli_trove_cache_load(&cache) == 1, rc = SW_EXIT_OK;
	sw_buf_init(&out, SW_BUF_MAX_DEFAULT);
	sw_buf_puts(&out, o->json ? "{\"classifiers\":[" : "");
	n = merge(&out, &cache, o);
	if (o->json)
		sw_buf_printf(
		        &out, "],\"count\":%zu,\"shipped_date\":\"%s\",\"cache_date\":%s%s%s}\n", n,
		        sw_project_trove_date(), have ? "\"" : "",
		        have ? (cache.date[0] ? cache.date : "unknown") : "null", have ? "\"" : "");
	if (sw_buf_error(&out))
		rc = sw_cli_error("out of memory");
	else
		fwrite(out.ptr, 1, out.len, stdout);
	if (!o->json && rc == SW_EXIT_OK) {
		fprintf(stderr, "%zu classifiers from the shipped list of %s", n,
		        sw_project_trove_date());
		if (have)
			fprintf(stderr, " and the cache of %s (%zu entries)",
			        cache.date[0] ? cache.date : "unknown date", cache.count);
		fputc('\n', stderr);
	}
	sw_buf_free(&out);
	sw_trove_list_free(&cache);
	return rc;
}

static int classifiers_exec(int argc, char **argv)
{
	struct opts o = {0, 0, getenv(URL_ENV), NULL};
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--refresh") == 0)
			o.refresh = 1;
		else if (strcmp(a, "--json") == 0)
			o.json = 1;
		else if (strcmp(a, "--index-url") == 0 && i + 1 < argc)
			o.url = argv[++i];
		else if (strcmp(a, "--") == 0) {
			i++;
			break;
		} else
			return sw_cli_usage_error(&sw_cmd_classifiers, "unknown option '%s'", a);
	}
	if (argc - i > 1 || (o.refresh && argc - i > 0))
		return sw_cli_usage_error(&sw_cmd_classifiers, "expected at most one PATTERN, "
		                                               "and none with --refresh");
	if (i < argc)
		o.pattern = argv[i];
	if (!o.url || !o.url[0])
		o.url = DEFAULT_URL;
	return o.refresh ? refresh(&o) : list(&o);
}

const struct sw_cli_command sw_cmd_classifiers = {
        .name = "classifiers",
        .summary = "List the known trove classifiers, or fetch PyPI's current list",
        .usage = "classifiers [--refresh] [--index-url URL] [--json] [PATTERN]",
        .help = "Without --refresh, prints the trove classifiers slipway knows (the list\n"
                "shipped with slipway and the cached list, if any) that contain PATTERN\n"
                "(case-insensitive; default: all), one a line, and says which lists and\n"
                "dates were used.\n\n"
                "With --refresh, downloads PyPI's current list, checks that every line is\n"
                "a classifier and that there are at least 300, and writes it to\n"
                "${XDG_CACHE_HOME:-$HOME/.cache}/slipway/classifiers.txt. `slipway check`\n"
                "then knows classifiers newer than the shipped list. A failed download\n"
                "keeps the old cache.\n\n"
                "Options:\n"
                "  --refresh        fetch the list and cache it\n"
                "  --index-url URL  where to fetch it (default: $" URL_ENV " or\n"
                "                   " DEFAULT_URL ")\n"
                "  --json           print JSON\n\n"
                "Exit status: 0 on success, 1 when the fetch or the cache failed, 2 for a\n"
                "wrong command line.\n",
        .exec = classifiers_exec,
};
