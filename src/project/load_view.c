/*
 * project/load_view.c — the typed view of a parsed pyproject.toml: the
 * top-level tables, [build-system] and every [project] key turned into the
 * structs of slipway/project.h. Values of a wrong type are left out of the
 * view (their node stays reachable for validation, which reports them);
 * strings are copied into the project's arena with their positions.
 */
#include <string.h>
#include <strings.h>

#include "project/project_int.h"

static const char *const field_names[SW_PF_COUNT] = {
        [SW_PF_NAME] = "name",
        [SW_PF_VERSION] = "version",
        [SW_PF_DESCRIPTION] = "description",
        [SW_PF_README] = "readme",
        [SW_PF_REQUIRES_PYTHON] = "requires-python",
        [SW_PF_LICENSE] = "license",
        [SW_PF_LICENSE_FILES] = "license-files",
        [SW_PF_AUTHORS] = "authors",
        [SW_PF_MAINTAINERS] = "maintainers",
        [SW_PF_KEYWORDS] = "keywords",
        [SW_PF_CLASSIFIERS] = "classifiers",
        [SW_PF_URLS] = "urls",
        [SW_PF_SCRIPTS] = "scripts",
        [SW_PF_GUI_SCRIPTS] = "gui-scripts",
        [SW_PF_ENTRY_POINTS] = "entry-points",
        [SW_PF_DEPENDENCIES] = "dependencies",
        [SW_PF_OPTIONAL_DEPENDENCIES] = "optional-dependencies",
        [SW_PF_DYNAMIC] = "dynamic",
        [SW_PF_IMPORT_NAMES] = "import-names",
        [SW_PF_IMPORT_NAMESPACES] = "import-namespaces",
};

const char *sw_project_field_name(enum sw_project_field field)
{
	return (unsigned)field < SW_PF_COUNT ? field_names[field] : NULL;
}

int sw_project_field_lookup(enum sw_project_field *out, const char *key, size_t len)
{
	for (int f = 0; f < SW_PF_COUNT; f++)
		if (strlen(field_names[f]) == len && memcmp(field_names[f], key, len) == 0) {
			*out = (enum sw_project_field)f;
			return 0;
		}
	return SW_ENOTFOUND;
}

static int oom(void)
{
	return sw_error_set(SW_ENOMEM, "out of memory");
}

int pj_str(sw_project *p, sw_project_str *out, const sw_toml_node *node)
{
	const char *s;
	size_t len;
	memset(out, 0, sizeof(*out));
	if (!node)
		return 0;
	out->node = node;
	sw_toml_value_pos(p->doc, node, &out->line, &out->col);
	if (sw_toml_string(node, &s, &len) < 0)
		return 0;
	out->str = pj_strndup(&p->arena, s, len);
	out->len = len;
	return out->str ? 0 : oom();
}

/* The string key naming a table entry, with the key's position. */
static int key_str(sw_project *p, sw_project_str *out, const sw_toml_node *node)
{
	const char *k = sw_toml_key(node, &out->len);
	out->node = node;
	if (sw_toml_key_pos(p->doc, node, &out->line, &out->col) < 0)
		sw_toml_value_pos(p->doc, node, &out->line, &out->col);
	out->str = pj_strndup(&p->arena, k ? k : "", k ? out->len : 0);
	return out->str ? 0 : oom();
}

/* Counts the items of an array that have `type`. */
static size_t count_type(const sw_toml_node *arr, enum sw_toml_type type)
{
	size_t n = 0;
	for (const sw_toml_node *it = sw_toml_first(arr); it; it = sw_toml_next(it))
		n += sw_toml_type(it) == type;
	return n;
}

/* An array of strings. */
static int load_strs(sw_project *p, sw_project_strs *out, const sw_toml_node *node)
{
	sw_project_str *items;
	size_t n = 0;
	int err;
	out->node = node;
	if (!node || sw_toml_type(node) != SW_TOML_ARRAY)
		return 0;
	out->count = count_type(node, SW_TOML_STRING);
	if (!out->count)
		return 0;
	if (!(items = pj_alloc(&p->arena, out->count * sizeof(*items))))
		return oom();
	for (const sw_toml_node *it = sw_toml_first(node); it; it = sw_toml_next(it))
		if (sw_toml_type(it) == SW_TOML_STRING && (err = pj_str(p, &items[n++], it)) < 0)
			return err;
	out->items = items;
	return 0;
}

/* An array of requirement strings. */
static int load_deps(sw_project *p, sw_project_deps *out, const sw_toml_node *node)
{
	sw_project_strs strs = {0};
	sw_project_dep *items;
	int err;
	out->node = node;
	if ((err = load_strs(p, &strs, node)) < 0 || !strs.count)
		return err;
	if (!(items = pj_alloc(&p->arena, strs.count * sizeof(*items))))
		return oom();
	for (size_t i = 0; i < strs.count; i++) {
		items[i].text = strs.items[i];
		if ((err = pj_requirement(p, &items[i].req, &items[i].text)) < 0)
			return err;
	}
	out->items = items;
	out->count = strs.count;
	return 0;
}

/* A table of key = "string" entries. */
static int load_pairs(sw_project *p, sw_project_pairs *out, const sw_toml_node *node)
{
	sw_project_pair *items;
	size_t n = 0;
	int err;
	out->node = node;
	if (!node || sw_toml_type(node) != SW_TOML_TABLE)
		return 0;
	for (const sw_toml_node *it = sw_toml_first(node); it; it = sw_toml_next(it))
		n += sw_toml_type(it) == SW_TOML_STRING;
	if (!n)
		return 0;
	if (!(items = pj_alloc(&p->arena, n * sizeof(*items))))
		return oom();
	out->items = items;
	for (const sw_toml_node *it = sw_toml_first(node); it; it = sw_toml_next(it)) {
		if (sw_toml_type(it) != SW_TOML_STRING)
			continue;
		if ((err = key_str(p, &items[out->count].key, it)) < 0 ||
		    (err = pj_str(p, &items[out->count].value, it)) < 0)
			return err;
		out->count++;
	}
	return 0;
}

/* authors / maintainers: an array of tables with name and email. */
static int load_people(sw_project *p, sw_project_people *out, const sw_toml_node *node)
{
	sw_project_person *items;
	int err;
	out->node = node;
	if (!node || sw_toml_type(node) != SW_TOML_ARRAY)
		return 0;
	out->count = count_type(node, SW_TOML_TABLE);
	if (!out->count)
		return 0;
	if (!(items = pj_alloc(&p->arena, out->count * sizeof(*items))))
		return oom();
	out->items = items;
	for (const sw_toml_node *it = sw_toml_first(node); it; it = sw_toml_next(it)) {
		if (sw_toml_type(it) != SW_TOML_TABLE)
			continue;
		items->node = it;
		sw_toml_value_pos(p->doc, it, &items->line, &items->col);
		if ((err = pj_str(p, &items->name, sw_toml_find(it, "name", 4))) < 0 ||
		    (err = pj_str(p, &items->email, sw_toml_find(it, "email", 5))) < 0)
			return err;
		items++;
	}
	return 0;
}

/* entry-points: a table of tables of strings. */
static int load_ep_groups(sw_project *p, sw_project_ep_groups *out, const sw_toml_node *node)
{
	sw_project_ep_group *items;
	int err;
	out->node = node;
	if (!node || sw_toml_type(node) != SW_TOML_TABLE)
		return 0;
	for (const sw_toml_node *it = sw_toml_first(node); it; it = sw_toml_next(it))
		out->count += sw_toml_type(it) == SW_TOML_TABLE;
	if (!out->count)
		return 0;
	if (!(items = pj_alloc(&p->arena, out->count * sizeof(*items))))
		return oom();
	out->items = items;
	for (const sw_toml_node *it = sw_toml_first(node); it; it = sw_toml_next(it)) {
		if (sw_toml_type(it) != SW_TOML_TABLE)
			continue;
		if ((err = key_str(p, &items->name, it)) < 0 ||
		    (err = load_pairs(p, &items->entries, it)) < 0)
			return err;
		items++;
	}
	return 0;
}

/* optional-dependencies: a table of arrays of requirements. */
static int load_extras(sw_project *p, sw_project_extras *out, const sw_toml_node *node)
{
	sw_project_extra *items;
	sw_buf norm;
	int err = 0;
	out->node = node;
	if (!node || sw_toml_type(node) != SW_TOML_TABLE || !sw_toml_count(node))
		return 0;
	if (!(items = pj_alloc(&p->arena, sw_toml_count(node) * sizeof(*items))))
		return oom();
	out->items = items;
	sw_buf_init(&norm, SW_BUF_MAX_DEFAULT);
	for (const sw_toml_node *it = sw_toml_first(node); it; it = sw_toml_next(it)) {
		sw_project_extra *x = &items[out->count++];
		if ((err = key_str(p, &x->name, it)) < 0 || (err = load_deps(p, &x->deps, it)) < 0)
			break;
		sw_buf_clear(&norm);
		if (sw_name_normalize(&norm, x->name.str, x->name.len) < 0 ||
		    !(x->normalized = pj_strndup(&p->arena, sw_buf_cstr(&norm), norm.len))) {
			err = oom();
			break;
		}
	}
	sw_buf_free(&norm);
	return err;
}

/* The media type a readme path's suffix means, or NULL. */
static const char *mime_of_path(const char *path, size_t len)
{
	static const struct {
		const char *suffix;
		const char *mime;
	} types[] = {{".md", "text/markdown"}, {".rst", "text/x-rst"}, {".txt", "text/plain"}};
	for (size_t i = 0; i < SW_ARRAY_LEN(types); i++) {
		size_t n = strlen(types[i].suffix);
		if (len > n && strncasecmp(path + len - n, types[i].suffix, n) == 0)
			return types[i].mime;
	}
	return NULL;
}

/* The supported media type of a content-type value (parameters dropped). */
static const char *mime_of_content_type(const char *ct, size_t len)
{
	static const char *const types[] = {"text/markdown", "text/x-rst", "text/plain"};
	size_t n = 0;
	while (n < len && ct[n] != ';')
		n++;
	while (n && (ct[n - 1] == ' ' || ct[n - 1] == '\t'))
		n--;
	for (size_t i = 0; i < SW_ARRAY_LEN(types); i++)
		if (strlen(types[i]) == n && strncasecmp(ct, types[i], n) == 0)
			return types[i];
	return NULL;
}

static int load_readme(sw_project *p, sw_project_readme *r, const sw_toml_node *node)
{
	const sw_toml_node *file, *text;
	int err;
	r->node = node;
	if (!node)
		return 0;
	if (sw_toml_type(node) == SW_TOML_STRING) {
		r->kind = SW_README_FILE;
		if ((err = pj_str(p, &r->file, node)) < 0)
			return err;
		r->mime = mime_of_path(r->file.str, r->file.len);
		return 0;
	}
	if (sw_toml_type(node) != SW_TOML_TABLE)
		return 0;
	file = sw_toml_find(node, "file", 4);
	text = sw_toml_find(node, "text", 4);
	if ((err = pj_str(p, &r->file, file)) < 0 || (err = pj_str(p, &r->text, text)) < 0 ||
	    (err = pj_str(p, &r->content_type, sw_toml_find(node, "content-type", 12))) < 0)
		return err;
	if (r->file.str && !text)
		r->kind = SW_README_FILE;
	else if (r->text.str && !file)
		r->kind = SW_README_TEXT;
	if (r->content_type.str)
		r->mime = mime_of_content_type(r->content_type.str, r->content_type.len);
	return 0;
}

static int load_license(sw_project *p, sw_project_license *l, const sw_toml_node *node)
{
	const sw_toml_node *file, *text;
	sw_buf canon;
	int err;
	l->node = node;
	if (!node)
		return 0;
	if (sw_toml_type(node) == SW_TOML_STRING) {
		l->kind = SW_LICENSE_SPDX;
		if ((err = pj_str(p, &l->value, node)) < 0)
			return err;
		sw_buf_init(&canon, SW_BUF_MAX_DEFAULT);
		err = sw_spdx_canonicalize(&canon, l->value.str, l->value.len, NULL);
		if (err == 0 &&
		    !(l->canonical = pj_strndup(&p->arena, sw_buf_cstr(&canon), canon.len)))
			err = oom();
		sw_buf_free(&canon);
		if (err == SW_EPARSE)
			sw_error_clear();
		return err == SW_EPARSE ? 0 : err;
	}
	if (sw_toml_type(node) != SW_TOML_TABLE)
		return 0;
	file = sw_toml_find(node, "file", 4);
	text = sw_toml_find(node, "text", 4);
	if (file && !text && sw_toml_type(file) == SW_TOML_STRING) {
		l->kind = SW_LICENSE_FILE;
		return pj_str(p, &l->value, file);
	}
	if (text && !file && sw_toml_type(text) == SW_TOML_STRING) {
		l->kind = SW_LICENSE_TEXT;
		return pj_str(p, &l->value, text);
	}
	return 0;
}

/* The bits of the fields listed in dynamic. */
static uint32_t dynamic_bits(const sw_project_strs *dyn)
{
	uint32_t mask = 0;
	enum sw_project_field f;
	for (size_t i = 0; i < dyn->count; i++)
		if (sw_project_field_lookup(&f, dyn->items[i].str, dyn->items[i].len) == 0)
			mask |= 1u << f;
	return mask;
}

/* The name and its normalised form. */
static int load_name(sw_project *p, sw_project_meta *m)
{
	sw_buf norm;
	int err;
	if ((err = pj_str(p, &m->name, p->fields[SW_PF_NAME])) < 0 || !m->name.str)
		return err;
	sw_buf_init(&norm, SW_BUF_MAX_DEFAULT);
	err = sw_name_normalize(&norm, m->name.str, m->name.len);
	if (!err && !(m->normalized_name = pj_strndup(&p->arena, sw_buf_cstr(&norm), norm.len)))
		err = oom();
	sw_buf_free(&norm);
	return err < 0 ? oom() : 0;
}

/* Every [project] key into p->meta. */
static int load_meta(sw_project *p)
{
	sw_project_meta *m = &p->meta;
	const sw_toml_node *const *f = p->fields;
	int err;
	for (int i = 0; i < SW_PF_COUNT; i++)
		p->fields[i] = sw_toml_find(m->node, field_names[i], strlen(field_names[i]));
	if ((err = load_name(p, m)) < 0 || (err = pj_str(p, &m->version, f[SW_PF_VERSION])) < 0 ||
	    (err = pj_str(p, &m->description, f[SW_PF_DESCRIPTION])) < 0 ||
	    (err = load_readme(p, &m->readme, f[SW_PF_README])) < 0 ||
	    (err = pj_str(p, &m->requires_python, f[SW_PF_REQUIRES_PYTHON])) < 0 ||
	    (err = load_license(p, &m->license, f[SW_PF_LICENSE])) < 0 ||
	    (err = load_strs(p, &m->license_files, f[SW_PF_LICENSE_FILES])) < 0 ||
	    (err = load_people(p, &m->authors, f[SW_PF_AUTHORS])) < 0 ||
	    (err = load_people(p, &m->maintainers, f[SW_PF_MAINTAINERS])) < 0 ||
	    (err = load_strs(p, &m->keywords, f[SW_PF_KEYWORDS])) < 0 ||
	    (err = load_strs(p, &m->classifiers, f[SW_PF_CLASSIFIERS])) < 0 ||
	    (err = load_pairs(p, &m->urls, f[SW_PF_URLS])) < 0 ||
	    (err = load_pairs(p, &m->scripts, f[SW_PF_SCRIPTS])) < 0 ||
	    (err = load_pairs(p, &m->gui_scripts, f[SW_PF_GUI_SCRIPTS])) < 0 ||
	    (err = load_ep_groups(p, &m->entry_points, f[SW_PF_ENTRY_POINTS])) < 0 ||
	    (err = load_deps(p, &m->dependencies, f[SW_PF_DEPENDENCIES])) < 0 ||
	    (err = load_extras(p, &m->optional_dependencies, f[SW_PF_OPTIONAL_DEPENDENCIES])) < 0 ||
	    (err = load_strs(p, &m->dynamic, f[SW_PF_DYNAMIC])) < 0 ||
	    (err = load_strs(p, &m->import_names, f[SW_PF_IMPORT_NAMES])) < 0 ||
	    (err = load_strs(p, &m->import_namespaces, f[SW_PF_IMPORT_NAMESPACES])) < 0)
		return err;
	p->dynamic_mask = dynamic_bits(&m->dynamic);
	return 0;
}

static int load_build(sw_project *p, const sw_toml_node *node)
{
	sw_project_build *b = &p->build;
	int err;
	b->node = node;
	if (!node || sw_toml_type(node) != SW_TOML_TABLE)
		return 0;
	b->present = 1;
	if ((err = load_deps(p, &b->requires, sw_toml_find(node, "requires", 8))) < 0 ||
	    (err = pj_str(p, &b->backend, sw_toml_find(node, "build-backend", 13))) < 0)
		return err;
	return load_strs(p, &b->backend_path, sw_toml_find(node, "backend-path", 12));
}

int pj_load_view(sw_project *p)
{
	const sw_toml_node *root = sw_toml_root(p->doc), *project;
	int err;
	p->tool = sw_toml_find(root, "tool", 4);
	p->groups_node = sw_toml_find(root, "dependency-groups", 17);
	project = sw_toml_find(root, "project", 7);
	if ((err = load_build(p, sw_toml_find(root, "build-system", 12))) < 0)
		return err;
	if (project && sw_toml_type(project) == SW_TOML_TABLE) {
		p->meta.present = 1;
		p->meta.node = project;
		if ((err = load_meta(p)) < 0)
			return err;
	}
	return pj_load_groups(p, p->groups_node);
}
