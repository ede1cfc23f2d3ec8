/*
 * slipway/readme.h — the long description (README) as PyPI shows it: what
 * a Description-Content-Type value means, and an HTML preview.
 *
 * PyPI accepts three content types (SPECS.md §1.5, §6.2): text/plain,
 * text/x-rst and text/markdown, with an optional charset parameter whose
 * only legal value is UTF-8 and, for markdown, variant=GFM (the default) or
 * variant=CommonMark. A missing content type means reStructuredText.
 * Markdown is rendered by cmark-gfm, the library PyPI's readme_renderer
 * uses. The checks themselves (findings M001-M012) run as part of
 * sw_artifact_check() (slipway/artifact.h).
 */
#ifndef SLIPWAY_README_H
#define SLIPWAY_README_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum sw_readme_format {
	SW_README_RST = 0,      /* text/x-rst, and what a missing content type means */
	SW_README_MARKDOWN = 1, /* text/markdown (variant GFM or CommonMark) */
	SW_README_PLAIN = 2     /* text/plain */
};

/* What a Description-Content-Type value says. */
typedef struct sw_readme_type {
	enum sw_readme_format format; /* how PyPI / twine would render it */
	int commonmark;               /* markdown variant=CommonMark (no GFM extensions) */
	int missing;                  /* no value: rendered as rst, PyPI warns */
	int valid;                    /* 0 if PyPI would reject the value */
} sw_readme_type;

/* Reads a Description-Content-Type value (NULL or "" when absent). Never
 * fails: an unknown type is format SW_README_RST (as twine treats it) with
 * valid = 0; a charset other than UTF-8 or an unknown markdown variant
 * also gives valid = 0. */
void sw_readme_type_parse(sw_readme_type *out, const char *value);

/* Renders a README to an HTML fragment for a preview: markdown through
 * cmark-gfm (with the GFM extensions table, strikethrough, autolink,
 * tagfilter and tasklist unless variant=CommonMark), in cmark's safe mode
 * (raw HTML and javascript: links are left out, where PyPI instead keeps an
 * allow-list of tags); reStructuredText (also a missing content type)
 * through readme_renderer or docutils run by /usr/bin/python3, as PyPI
 * renders it, or, when that is unavailable or the text does not render,
 * as escaped <pre> text like plain text. `content_type` may be NULL. *out is NUL-terminated and the
 * caller's (sw_free); *out_len (may be NULL) gets its length.
 * Errors: SW_ENOMEM; SW_ETOOBIG when the HTML would exceed `max` bytes. */
int sw_readme_render_html(char **out, size_t *out_len, const char *content_type, const char *text,
                          size_t len, size_t max);

#ifdef __cplusplus
}
#endif
#endif
