/*
 * ui/project_rows.c — the Project screen's view model: the form's field
 * table, and the pure functions that turn a project and its diagnostics
 * into rows. Each diagnostic goes under what it concerns: the list item at
 * its position, else the field its code names ("project.<key>..."), else
 * the field whose lines hold it, else the "other checks" group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "project_rows.h"

const struct ui_pfield ui_pfields[] = {
        {"name", UI_PK_STRING, "a project name, e.g. my-package"},
        {"version", UI_PK_STRING, "a PEP 440 version, e.g. 0.1.0"},
        {"description", UI_PK_STRING, "one line saying what the package does"},
        {"requires-python", UI_PK_STRING, "version specifiers, e.g. >=3.9"},
        {"license", UI_PK_STRING, "an SPDX license expression, e.g. MIT"},
        {"readme", UI_PK_STRING, "the README's path, e.g. README.md"},
        {"authors", UI_PK_PEOPLE, "Name <email>, a name, or an email"},
        {"keywords", UI_PK_LIST, "one keyword"},
        {"classifiers", UI_PK_LIST, "a trove classifier"},
        {"dependencies", UI_PK_DEPS, "a PEP 508 requirement, e.g. requests>=2.31"},
        {"optional-dependencies", UI_PK_EXTRAS, "EXTRA: REQUIREMENT, e.g. test: pytest>=8"},
        {"dependency-groups", UI_PK_GROUPS, "GROUP: REQUIREMENT, e.g. dev: ruff>=0.6"},
        {"urls", UI_PK_URLS, "LABEL: URL, e.g. Homepage: https://example.org"},
        {"other checks", UI_PK_OTHER, ""},
};
const size_t ui_npfields = sizeof ui_pfields / sizeof ui_pfields[0];

/* A row that diagnostics can be attached to, with its position. */
struct anchor {
	struct ui_prow row;
	unsigned col;
	unsigned end; /* fields: the last line of their value */
};

struct builder {
	struct anchor *a;
	size_t n, cap;
	const sw_project *project;
	int oom;
};

/* Adds an anchor row (strings copied); returns its index or SIZE_MAX. */
static size_t add_anchor(struct builder *b, enum ui_prow_kind kind, size_t field, const char *value,
                         const char *key, const char *extra, unsigned line, unsigned col)
{
	struct anchor *x;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 32;
		struct anchor *grown = ui_realloc(b->a, cap * sizeof *grown);
		if (!grown)
			goto oom;
		b->a = grown;
		b->cap = cap;
	}
	x = &b->a[b->n];
	memset(x, 0, sizeof *x);
	x->row.kind = kind;
	x->row.field = field;
	x->row.severity = -1;
	x->row.line = line;
	x->col = col;
	x->end = line;
	x->row.value = ui_strdup(value ? value : "");
	x->row.key = key ? ui_strdup(key) : NULL;
	x->row.extra = extra ? ui_strdup(extra) : NULL;
	if (!x->row.value || (key && !x->row.key) || (extra && !x->row.extra)) {
		ui_free(x->row.value);
		ui_free(x->row.key);
		ui_free(x->row.extra);
		goto oom;
	}
	return b->n++;
oom:
	b->oom = 1;
	return SIZE_MAX;
}

/* Widens a field's line range to hold `line`. */
static void extend(struct builder *b, size_t field_anchor, unsigned line)
{
	if (field_anchor != SIZE_MAX && line > b->a[field_anchor].end)
		b->a[field_anchor].end = line;
}

/* The string shown for a string field, or NULL to show the raw value. */
static const sw_project_str *string_of(const sw_project_meta *m, const char *key)
{
	if (strcmp(key, "name") == 0)
		return &m->name;
	if (strcmp(key, "version") == 0)
		return &m->version;
	if (strcmp(key, "description") == 0)
		return &m->description;
	if (strcmp(key, "requires-python") == 0)
		return &m->requires_python;
	if (strcmp(key, "license") == 0 && m->license.kind == SW_LICENSE_SPDX)
		return &m->license.value;
	if (strcmp(key, "readme") == 0 && m->readme.file.str && m->readme.node &&
	    sw_toml_type(m->readme.node) == SW_TOML_STRING)
		return &m->readme.file;
	return NULL;
}

/* Adds the row of a field; returns its anchor index. */
static size_t add_field(struct builder *b, size_t f, const sw_toml_node *node, size_t items)
{
	const sw_project_meta *m = sw_project_meta_get(b->project);
	const sw_toml_doc *doc = sw_project_doc(b->project);
	const sw_project_str *s = string_of(m, ui_pfields[f].key);
	unsigned line = 0, col = 0;
	char text[64];
	const char *value = "(not set)";
	size_t len = 0, at;
	const char *src = node ? sw_toml_source(node, &len) : NULL;
	char *raw = NULL;
	if (node && doc && sw_toml_key_pos(doc, node, &line, &col) < 0)
		sw_toml_value_pos(doc, node, &line, &col);
	if (node && ui_pfields[f].kind == UI_PK_STRING) {
		value = s && s->str ? s->str : (src && (raw = ui_strndup(src, len)) ? raw : "?");
	} else if (node) {
		snprintf(text, sizeof text, "%zu %s", items, items == 1 ? "entry" : "entries");
		value = items ? text : "(empty)";
	}
	at = add_anchor(b, UI_PROW_FIELD, f, value, NULL, NULL, line, col);
	ui_free(raw);
	if (at != SIZE_MAX) {
		b->a[at].row.absent = node == NULL;
		extend(b, at, line + (unsigned)ui_line_count(src ? src : "", len) - (len ? 1 : 0));
	}
	return at;
}

/* Adds an item row under field anchor `fa`. */
static void add_item(struct builder *b, size_t fa, const char *value, const char *key,
                     const char *extra, unsigned line, unsigned col)
{
	if (fa == SIZE_MAX)
		return;
	add_anchor(b, UI_PROW_ITEM, b->a[fa].row.field, value, key, extra, line, col);
	extend(b, fa, line);
}

static void add_strs(struct builder *b, size_t f, const sw_project_strs *l)
{
	size_t fa = add_field(b, f, l->node, l->count);
	for (size_t i = 0; i < l->count; i++)
		add_item(b, fa, l->items[i].str, l->items[i].str, NULL, l->items[i].line,
		         l->items[i].col);
}

/* The name a dependency is removed by. */
static const char *dep_key(const sw_project_dep *d)
{
	return d->req ? sw_requirement_name(d->req) : d->text.str;
}

static void add_deps(struct builder *b, size_t f, const sw_project_deps *l)
{
	size_t fa = add_field(b, f, l->node, l->count);
	for (size_t i = 0; i < l->count; i++)
		add_item(b, fa, l->items[i].text.str, dep_key(&l->items[i]), NULL,
		         l->items[i].text.line, l->items[i].text.col);
}

static void add_extras(struct builder *b, size_t f, const sw_project_extras *l)
{
	size_t total = 0, fa;
	char buf[512];
	for (size_t i = 0; i < l->count; i++)
		total += l->items[i].deps.count ? l->items[i].deps.count : 1;
	fa = add_field(b, f, l->node, total);
	for (size_t i = 0; i < l->count; i++) {
		const sw_project_extra *e = &l->items[i];
		if (!e->deps.count) {
			snprintf(buf, sizeof buf, "%s: (empty)", e->name.str);
			add_item(b, fa, buf, NULL, e->name.str, e->name.line, e->name.col);
		}
		for (size_t k = 0; k < e->deps.count; k++) {
			const sw_project_dep *d = &e->deps.items[k];
			snprintf(buf, sizeof buf, "%s: %s", e->name.str, d->text.str);
			add_item(b, fa, buf, dep_key(d), e->name.str, d->text.line, d->text.col);
		}
	}
}

/* [dependency-groups]: one row per item, "group: requirement". */
static void add_groups(struct builder *b, size_t f)
{
	const sw_toml_doc *doc = sw_project_doc(b->project);
	const sw_toml_node *node =
	        doc ? sw_toml_find(sw_toml_root(doc), ui_pfields[f].key, strlen(ui_pfields[f].key))
	            : NULL;
	size_t n = sw_project_group_count(b->project), total = 0, fa;
	char buf[512];
	for (size_t i = 0; i < n; i++)
		total += sw_project_group_at(b->project, i)->count;
	fa = add_field(b, f, node, total);
	for (size_t i = 0; i < n; i++) {
		const sw_project_group *g = sw_project_group_at(b->project, i);
		if (!g->count) {
			snprintf(buf, sizeof buf, "%s: (empty)", g->name.str);
			add_item(b, fa, buf, NULL, g->name.str, g->name.line, g->name.col);
		}
		for (size_t k = 0; k < g->count; k++) {
			const sw_project_group_item *it = &g->items[k];
			const char *key = it->kind != SW_GROUP_REQUIREMENT ? NULL
			                  : it->req ? sw_requirement_name(it->req)
			                            : it->text.str;
			snprintf(buf, sizeof buf,
			         it->kind == SW_GROUP_INCLUDE ? "%s: (includes %s)" : "%s: %s",
			         g->name.str, it->text.str ? it->text.str : "?");
			add_item(b, fa, buf, key, g->name.str, it->text.line, it->text.col);
		}
	}
}

static void add_people(struct builder *b, size_t f, const sw_project_people *l)
{
	size_t fa = add_field(b, f, l->node, l->count);
	char buf[512];
	for (size_t i = 0; i < l->count; i++) {
		const sw_project_person *p = &l->items[i];
		if (p->name.str && p->email.str)
			snprintf(buf, sizeof buf, "%s <%s>", p->name.str, p->email.str);
		else
			snprintf(buf, sizeof buf, "%s", p->name.str ? p->name.str : p->email.str);
		add_item(b, fa, buf, p->name.str ? p->name.str : p->email.str, NULL, p->line,
		         p->col);
	}
}

static void add_urls(struct builder *b, size_t f, const sw_project_pairs *l)
{
	size_t fa = add_field(b, f, l->node, l->count);
	char buf[1024];
	for (size_t i = 0; i < l->count; i++) {
		const sw_project_pair *p = &l->items[i];
		snprintf(buf, sizeof buf, "%s: %s", p->key.str, p->value.str);
		add_item(b, fa, buf, p->key.str, NULL, p->key.line, p->key.col);
	}
}

/* Adds every field of the form, in table order. */
static void add_fields(struct builder *b)
{
	const sw_project_meta *m = sw_project_meta_get(b->project);
	for (size_t f = 0; f < ui_npfields; f++) {
		const char *key = ui_pfields[f].key;
		enum sw_project_field pf;
		const sw_toml_node *node = NULL;
		if (ui_pfields[f].kind == UI_PK_OTHER) {
			add_anchor(b, UI_PROW_FIELD, f, "", NULL, NULL, 0, 0);
			continue;
		}
		if (sw_project_field_lookup(&pf, key, strlen(key)) == 0)
			node = sw_project_field_node(b->project, pf);
		if (strcmp(key, "authors") == 0)
			add_people(b, f, &m->authors);
		else if (strcmp(key, "keywords") == 0)
			add_strs(b, f, &m->keywords);
		else if (strcmp(key, "classifiers") == 0)
			add_strs(b, f, &m->classifiers);
		else if (strcmp(key, "dependencies") == 0)
			add_deps(b, f, &m->dependencies);
		else if (strcmp(key, "optional-dependencies") == 0)
			add_extras(b, f, &m->optional_dependencies);
		else if (strcmp(key, "urls") == 0)
			add_urls(b, f, &m->urls);
		else if (ui_pfields[f].kind == UI_PK_GROUPS)
			add_groups(b, f);
		else
			add_field(b, f, node, 0);
	}
}

/* The field a code names ("project.<key>[.…]", "dependency-groups.…"),
 * or SIZE_MAX. */
static size_t field_of_code(const char *code)
{
	const char *seg = code;
	size_t n;
	if (strncmp(code, "project.", 8) == 0)
		seg = code + 8;
	else if (strncmp(code, "dependency-groups.", 18) != 0)
		return SIZE_MAX;
	n = strcspn(seg, ".");
	for (size_t f = 0; f < ui_npfields; f++)
		if (ui_pfields[f].kind != UI_PK_OTHER && strlen(ui_pfields[f].key) == n &&
		    strncmp(ui_pfields[f].key, seg, n) == 0)
			return f;
	return SIZE_MAX;
}

/* The item on the diagnostic's line (of field f, or any when SIZE_MAX)
 * that starts last at or before its column. */
static size_t item_at(const struct builder *b, const sw_project_diag *d, size_t f)
{
	size_t best = SIZE_MAX;
	for (size_t i = 0; i < b->n; i++) {
		const struct anchor *x = &b->a[i];
		if (x->row.kind != UI_PROW_ITEM || x->row.line != d->line || x->col > d->col)
			continue;
		if (f != SIZE_MAX && x->row.field != f)
			continue;
		if (best == SIZE_MAX || x->col >= b->a[best].col)
			best = i;
	}
	return best;
}

/* The anchor a diagnostic belongs to (see the file comment). */
static size_t owner_of(const struct builder *b, const sw_project_diag *d)
{
	size_t f = field_of_code(d->code), i;
	if ((i = item_at(b, d, f)) != SIZE_MAX)
		return i;
	for (i = 0; i < b->n; i++)
		if (b->a[i].row.kind == UI_PROW_FIELD && f != SIZE_MAX && b->a[i].row.field == f)
			return i;
	for (i = 0; i < b->n; i++)
		if (b->a[i].row.kind == UI_PROW_FIELD && b->a[i].row.line && d->line &&
		    d->line >= b->a[i].row.line && d->line <= b->a[i].end)
			return i;
	return b->n - 1; /* "other checks" is last */
}

/* Appends a row to the output list (takes the strings). */
static int push_row(struct ui_prows *out, const struct ui_prow *row)
{
	if (out->count == out->cap) {
		size_t cap = out->cap ? out->cap * 2 : 64;
		struct ui_prow *grown = ui_realloc(out->rows, cap * sizeof *grown);
		if (!grown)
			return -1;
		out->rows = grown;
		out->cap = cap;
	}
	out->rows[out->count++] = *row;
	return 0;
}

/* Emits each anchor followed by its diagnostics. */
static int emit(struct ui_prows *out, struct builder *b, const sw_project_diags *diags,
                const size_t *owner, size_t nd)
{
	for (size_t i = 0; i < b->n; i++) {
		struct ui_prow row = b->a[i].row;
		size_t owned = 0;
		for (size_t k = 0; k < nd; k++)
			owned += owner[k] == i;
		if (!owned && ui_pfields[row.field].kind == UI_PK_OTHER)
			continue;
		for (size_t k = 0; k < nd; k++)
			if (owner[k] == i) {
				int sev = (int)sw_project_diags_at(diags, k)->severity;
				if (row.severity < 0 || sev < row.severity)
					row.severity = sev;
			}
		memset(&b->a[i].row, 0, sizeof row);
		if (push_row(out, &row) < 0) {
			ui_free(row.value), ui_free(row.key), ui_free(row.extra);
			return -1;
		}
		for (size_t k = 0; k < nd; k++) {
			const sw_project_diag *d = sw_project_diags_at(diags, k);
			struct ui_prow dr = {UI_PROW_DIAG, row.field,        NULL, NULL,
			                     NULL,         (int)d->severity, 0,    d->line};
			if (owner[k] != i)
				continue;
			dr.value = ui_strdup(d->message);
			dr.key = ui_strdup(d->hint ? d->hint : "");
			dr.extra = ui_strdup(d->code);
			if (!dr.value || !dr.key || !dr.extra || push_row(out, &dr) < 0) {
				ui_free(dr.value), ui_free(dr.key), ui_free(dr.extra);
				return -1;
			}
		}
	}
	return 0;
}

int ui_prows_build(struct ui_prows *out, const sw_project *project, const sw_project_diags *diags)
{
	struct builder b = {NULL, 0, 0, project, 0};
	size_t nd = diags ? sw_project_diags_count(diags) : 0, *owner = NULL;
	int err = -1;
	memset(out, 0, sizeof *out);
	if (sw_project_editable(project))
		add_fields(&b);
	else
		add_anchor(&b, UI_PROW_FIELD, ui_npfields - 1, "", NULL, NULL, 0, 0);
	if (b.oom || !(owner = ui_calloc(nd ? nd : 1, sizeof *owner)))
		goto done;
	for (size_t k = 0; k < nd; k++) {
		const sw_project_diag *d = sw_project_diags_at(diags, k);
		owner[k] = owner_of(&b, d);
		out->errors += d->severity == SW_SEV_ERROR;
		out->warnings += d->severity == SW_SEV_WARNING;
		out->infos += d->severity == SW_SEV_INFO;
	}
	err = emit(out, &b, diags, owner, nd);
done:
	for (size_t i = 0; i < b.n; i++)
		ui_free(b.a[i].row.value), ui_free(b.a[i].row.key), ui_free(b.a[i].row.extra);
	ui_free(b.a);
	ui_free(owner);
	if (err < 0)
		ui_prows_free(out);
	return err;
}

void ui_prows_free(struct ui_prows *rows)
{
	for (size_t i = 0; i < rows->count; i++) {
		ui_free(rows->rows[i].value);
		ui_free(rows->rows[i].key);
		ui_free(rows->rows[i].extra);
	}
	ui_free(rows->rows);
	memset(rows, 0, sizeof *rows);
}

int ui_prow_selectable(const struct ui_prow *row)
{
	return row->kind != UI_PROW_DIAG;
}

size_t ui_prows_step(const struct ui_prows *rows, size_t from, int dir)
{
	size_t i = from;
	while (dir > 0 ? i + 1 < rows->count : i > 0) {
		i = dir > 0 ? i + 1 : i - 1;
		if (ui_prow_selectable(&rows->rows[i]))
			return i;
	}
	return from;
}

size_t ui_scroll_to(size_t top, size_t sel, size_t height)
{
	if (height == 0)
		return sel;
	if (sel < top)
		return sel;
	if (sel >= top + height)
		return sel - height + 1;
	return top;
}
