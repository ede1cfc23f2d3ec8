/*
 * fuzz/fuzz_project.c — any bytes as a pyproject.toml, loaded from memory
 * without a project folder, then validated, with the typed view walked and
 * every dependency group expanded. Nothing may crash or leak, and:
 *  - text that is not TOML loads anyway, is not editable and validates to
 *    exactly one "toml.syntax" diagnostic;
 *  - every diagnostic has a code of the rule table with its severity, a
 *    position from 1:1 on, a message and a hint, and they come in order;
 *  - a license the view holds as canonical canonicalises to itself;
 *  - expanding a group yields only requirement items, or fails cleanly.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "slipway/project.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_diags(const sw_project *p, const sw_project_diags *d)
{
	unsigned line = 0, col = 0;
	size_t n = sw_project_diags_count(d);
	for (size_t i = 0; i < n; i++) {
		const sw_project_diag *x = sw_project_diags_at(d, i);
		const sw_project_rule *r = sw_project_rule_find(x->code);
		if (!r || r->severity != x->severity || !x->line || !x->col || !x->message[0] ||
		    !x->hint[0] || strcmp(x->file, sw_project_path(p)) != 0)
			abort();
		if (x->line < line || (x->line == line && x->col < col))
			abort();
		line = x->line;
		col = x->col;
	}
	if (!sw_project_editable(p) &&
	    (n != 1 || strcmp(sw_project_diags_at(d, 0)->code, "toml.syntax") != 0))
		abort();
}

/* The canonical form of a license expression is a fixed point. */
static void check_license(const sw_project_meta *m)
{
	sw_buf again;
	if (!m->license.canonical)
		return;
	sw_buf_init(&again, SW_BUF_MAX_DEFAULT);
	if (sw_spdx_canonicalize(&again, m->license.canonical, strlen(m->license.canonical),
	                         NULL) != 0 ||
	    strcmp(sw_buf_cstr(&again), m->license.canonical) != 0)
		abort();
	sw_buf_free(&again);
}

static void check_groups(const sw_project *p)
{
	for (size_t g = 0; g < sw_project_group_count(p); g++) {
		const sw_project_group *grp = sw_project_group_at(p, g);
		const sw_project_group_item **items = NULL;
		size_t n = 0;
		if (sw_project_group_find(p, grp->name.str, grp->name.len) == NULL)
			abort();
		if (sw_project_group_expand(&items, &n, p, grp->name.str) == 0) {
			for (size_t i = 0; i < n; i++)
				if (items[i]->kind != SW_GROUP_REQUIREMENT || !items[i]->req)
					abort();
		} else if (items || n) {
			abort();
		}
		sw_free(items);
	}
}

/* Reads every string of the view (ASan catches a bad pointer). */
static size_t touch(const sw_project_meta *m)
{
	size_t sum = m->name.len + m->version.len + m->description.len;
	for (size_t i = 0; i < m->dependencies.count; i++)
		sum += strlen(m->dependencies.items[i].text.str);
	for (size_t i = 0; i < m->authors.count; i++)
		sum += m->authors.items[i].name.len + m->authors.items[i].email.len;
	for (size_t i = 0; i < m->urls.count; i++)
		sum += strlen(m->urls.items[i].key.str) + strlen(m->urls.items[i].value.str);
	for (size_t i = 0; i < m->optional_dependencies.count; i++)
		sum += strlen(m->optional_dependencies.items[i].normalized);
	for (size_t i = 0; i < m->entry_points.count; i++)
		sum += m->entry_points.items[i].entries.count;
	for (size_t i = 0; i < m->classifiers.count; i++)
		sum += (size_t)sw_trove_is_known(m->classifiers.items[i].str,
		                                 m->classifiers.items[i].len);
	return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sw_project *p = NULL;
	sw_project_diags *d = NULL;
	sw_project_check_opts opts = SW_PROJECT_CHECK_OPTS_INIT;
	char *readme = NULL;
	size_t len = 0;
	if (sw_project_load_buffer(&p, (const char *)data, size, NULL, NULL) != 0)
		return 0;   /* only SW_ETOOBIG or SW_ENOMEM get here */
	opts.today = 20206; /* 2025-04-28: the lists are fresh */
	if (sw_project_validate(&d, p, &opts) != 0)
		abort();
	check_diags(p, d);
	check_license(sw_project_meta_get(p));
	check_groups(p);
	if (touch(sw_project_meta_get(p)) == SIZE_MAX)
		abort();
	if (sw_project_readme_read(&readme, &len, p) == 0 &&
	    sw_project_meta_get(p)->readme.kind != SW_README_TEXT)
		abort();
	sw_free(readme);
	sw_project_diags_free(d);
	sw_project_free(p);
	return 0;
}
