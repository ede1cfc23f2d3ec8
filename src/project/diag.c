/*
 * project/diag.c — the table of every diagnostic the project validator can
 * report (code, severity, message template, fix hint), and the list the
 * validator fills: adding an occurrence with its position and details,
 * sorting into file order, and the public accessors.
 *
 * Codes are "<area>.<subject>[.<problem>]" and never change meaning. In
 * messages and hints, {1} and {2} stand for the details of one occurrence.
 */
#include <stdlib.h>
#include <string.h>

#include "project/project_int.h"

#define E SW_SEV_ERROR
#define W SW_SEV_WARNING
#define I SW_SEV_INFO

/* clang-format off */
static const sw_project_rule rules[R_COUNT] = {
[R_TOML_SYNTAX] = {"toml.syntax", E, "this file is not valid TOML: {1}",
	"Fix the TOML at this position. Slipway shows the file but will not edit it until it parses."},
[R_TOML_TABLE_UNKNOWN] = {"toml.table.unknown", E, "unknown top-level table '{1}'",
	"pyproject.toml defines only [build-system], [project], [dependency-groups] and [tool]; settings of a tool go under [tool.<name>]."},
[R_VALUE_TYPE] = {"value.type", E, "{1} must be {2}",
	"Change the value to the type the pyproject.toml specification gives for this key."},
[R_BUILD_MISSING] = {"build-system.missing", W, "there is no [build-system] table, so pip and build fall back to the legacy setuptools backend",
	"Say which backend builds the project, e.g. [build-system] requires = [\"hatchling\"] and build-backend = \"hatchling.build\"."},
[R_BUILD_REQUIRES_MISSING] = {"build-system.requires.missing", E, "[build-system] has no 'requires' key",
	"List what the build needs, e.g. requires = [\"hatchling\"]."},
[R_BUILD_BACKEND_MISSING] = {"build-system.build-backend.missing", W, "[build-system] names no build-backend, so frontends run setup.py through setuptools' legacy backend",
	"Add build-backend, e.g. build-backend = \"hatchling.build\" or \"setuptools.build_meta\"."},
[R_BUILD_BACKEND_INVALID] = {"build-system.build-backend.invalid", E, "'{1}' is not a valid build backend reference",
	"Write it as module.path or module.path:object, e.g. \"setuptools.build_meta\"."},
[R_BUILD_BACKEND_PATH_INVALID] = {"build-system.backend-path.invalid", E, "backend-path entry '{1}' is not inside the project",
	"backend-path entries are relative paths inside the project folder, e.g. \"_build_backend\"."},
[R_BUILD_KEY_UNKNOWN] = {"build-system.key.unknown", E, "unknown key '{1}' in [build-system]",
	"[build-system] takes only requires, build-backend and backend-path; backend settings go under [tool.<backend>]."},
[R_REQ_INVALID] = {"requirement.invalid", E, "'{1}' is not a valid requirement: {2}",
	"Write a PEP 508 requirement: a name, optional [extras], optional version specifiers and an optional '; marker', e.g. \"requests>=2.31\"."},
[R_REQ_PINNED] = {"requirement.pinned", W, "'{1}' pins one exact version, so any other package that needs {2} must want that very version",
	"Give a range such as \"{2}>=X.Y\" and leave exact pins to lock files and applications."},
[R_REQ_DIRECT_URL] = {"requirement.direct-url", W, "'{1}' points at a URL, and PyPI refuses uploads whose dependencies do",
	"Depend on a released version, e.g. \"{2}>=1.0\"; keep URLs for applications and lock files."},
[R_PROJECT_MISSING] = {"project.missing", I, "there is no [project] table, so the build backend must provide all the metadata",
	"If your backend supports it, describe the project in [project]: name, version, description, ..."},
[R_PROJECT_KEY_UNKNOWN] = {"project.key.unknown", E, "unknown key '{1}' in [project]",
	"[project] takes only the keys of the pyproject.toml specification; settings of a tool go under [tool.<name>]."},
[R_NAME_MISSING] = {"project.name.missing", E, "[project] has no name",
	"Add name = \"your-project\": the name must be written in the file, it cannot be dynamic."},
[R_NAME_INVALID] = {"project.name.invalid", E, "'{1}' is not a valid project name",
	"Use ASCII letters, digits, '.', '_' and '-', starting and ending with a letter or digit, e.g. \"my-project\"."},
[R_NAME_DYNAMIC] = {"project.name.dynamic", E, "'name' cannot be listed in dynamic",
	"Remove \"name\" from dynamic and write name = \"...\" in [project]."},
[R_VERSION_MISSING] = {"project.version.missing", E, "[project] has no version, and 'version' is not listed in dynamic",
	"Add version = \"0.1.0\", or list \"version\" in dynamic if your backend computes it."},
[R_VERSION_INVALID] = {"project.version.invalid", E, "'{1}' is not a valid version: {2}",
	"Use a PEP 440 version such as 1.0, 1.0.1, 2.0rc1 or 1.0.post1."},
[R_VERSION_NOT_NORMALIZED] = {"project.version.not-normalized", I, "version '{1}' is normally written '{2}'",
	"Write '{2}': PyPI and installers show the normalized form."},
[R_VERSION_ZERO] = {"project.version.zero", W, "version 0.0.0 sorts below every release and looks like a placeholder",
	"Start from a real version such as 0.1.0."},
[R_VERSION_LOCAL] = {"project.version.local", W, "version '{1}' has a local label, and PyPI refuses uploads of local versions",
	"Drop the '+...' part before publishing: local labels are for builds that never leave your machine."},
[R_DYNAMIC_STATIC] = {"project.dynamic.static", E, "'{1}' is listed in dynamic but also has a value in [project]",
	"Remove the value or remove \"{1}\" from dynamic: a key is either written here or computed by the backend."},
[R_DYNAMIC_UNKNOWN] = {"project.dynamic.unknown", E, "'{1}' in dynamic is not a key of [project] that can be dynamic",
	"dynamic lists the [project] keys your backend fills in, e.g. \"version\"."},
[R_DESCRIPTION_MISSING] = {"project.description.missing", W, "the project has no description",
	"Add description = \"one line that says what the project does\"; PyPI shows it under the name."},
[R_DESCRIPTION_MULTILINE] = {"project.description.multiline", W, "the description has more than one line",
	"Keep description to one line (it becomes the Summary); longer text belongs in the README."},
[R_README_MISSING] = {"project.readme.missing", W, "the project has no readme",
	"Add readme = \"README.md\": PyPI shows it as the project page."},
[R_README_UNKNOWN_TYPE] = {"project.readme.unknown-type", E, "cannot tell the format of readme '{1}' from its name",
	"Use a .md, .rst or .txt file, or a table: readme = {file = \"{1}\", content-type = \"text/markdown\"}."},
[R_README_NOT_FOUND] = {"project.readme.not-found", E, "readme file '{1}' does not exist",
	"Create the file or fix the path; it is relative to the folder of pyproject.toml."},
[R_README_FILE_AND_TEXT] = {"project.readme.file-and-text", E, "the readme table has both 'file' and 'text'",
	"Keep one of them."},
[R_README_NO_SOURCE] = {"project.readme.no-source", E, "the readme table has neither 'file' nor 'text'",
	"Add file = \"README.md\" or text = \"...\"."},
[R_README_CT_MISSING] = {"project.readme.content-type.missing", E, "the readme table has no 'content-type'",
	"Add content-type = \"text/markdown\" (or \"text/x-rst\", \"text/plain\")."},
[R_README_CT_INVALID] = {"project.readme.content-type.invalid", E, "readme content-type '{1}' is not supported",
	"PyPI renders \"text/markdown\", \"text/x-rst\" and \"text/plain\"."},
[R_README_KEY_UNKNOWN] = {"project.readme.key.unknown", W, "unknown key '{1}' in the readme table",
	"The readme table takes file or text, and content-type."},
[R_PYTHON_MISSING] = {"project.requires-python.missing", W, "the project does not say which Python versions it supports",
	"Add requires-python = \">=3.9\" (the oldest Python you test on), so installers skip this release on older Pythons."},
[R_PYTHON_INVALID] = {"project.requires-python.invalid", E, "'{1}' is not a valid version specifier: {2}",
	"Write specifiers such as \">=3.9\" or \">=3.9, !=3.9.1\"."},
[R_PYTHON_UPPER_BOUND] = {"project.requires-python.upper-bound", W, "requires-python '{1}' has an upper bound ({2})",
	"Caps like <4 make resolvers fail or fall back to old releases instead of helping; give only a lower bound, e.g. \">=3.9\"."},
[R_LICENSE_MISSING] = {"project.license.missing", W, "the project does not say its license",
	"Add license = \"MIT\" (an SPDX expression) and license-files = [\"LICENSE\"]."},
[R_LICENSE_INVALID] = {"project.license.invalid", E, "'{1}' is not a valid SPDX license expression: {2}",
	"Join SPDX license ids with AND, OR and parentheses, e.g. \"MIT\" or \"Apache-2.0 OR MIT\"; see https://spdx.org/licenses/."},
[R_LICENSE_UNKNOWN] = {"project.license.unknown", E, "{1} is not on the SPDX list",
	"Use an id from https://spdx.org/licenses/, or LicenseRef-<name> for a license that has none."},
[R_LICENSE_UNKNOWN_STALE] = {"project.license.unknown-stale", W, "{1} is not on slipway's SPDX list, which is more than 30 days old ({2})",
	"Check the id on https://spdx.org/licenses/: a newer list may have it, and PyPI checks with its own copy."},
[R_LICENSE_NOT_CANONICAL] = {"project.license.not-canonical", I, "license expression '{1}' is normally written '{2}'",
	"Write '{2}': that is how it appears in the metadata."},
[R_LICENSE_DEPRECATED_ID] = {"project.license.deprecated-id", W, "'{1}' is a deprecated SPDX license id",
	"Use its current id, e.g. GPL-3.0-only or GPL-3.0-or-later instead of GPL-3.0."},
[R_LICENSE_LEGACY] = {"project.license.legacy", W, "license is a table, a form deprecated by PEP 639",
	"Write license = \"<SPDX expression>\" and list your license files in license-files."},
[R_LICENSE_TABLE_INVALID] = {"project.license.table-invalid", E, "the license table {1}",
	"Write license = \"<SPDX expression>\", or the legacy {file = \"LICENSE\"} or {text = \"...\"}."},
[R_LICENSE_FILE_NOT_FOUND] = {"project.license.file-not-found", E, "license file '{1}' does not exist",
	"Create the file or fix the path; it is relative to the folder of pyproject.toml."},
[R_LICENSE_FILES_WITH_TABLE] = {"project.license-files.with-table", E, "license-files cannot be used with a license table",
	"Write license as an SPDX expression string, e.g. license = \"MIT\"."},
[R_LICENSE_FILES_INVALID] = {"project.license-files.invalid", E, "'{1}' is not a valid license-files pattern: {2}",
	"Patterns are relative paths with '/', made of letters, digits, spaces, '.', '-', '_' and the wildcards * ? ** [...], without '..'."},
[R_LICENSE_FILES_NO_MATCH] = {"project.license-files.no-match", E, "license-files pattern '{1}' matches no file",
	"Fix the pattern or add the file; an empty list means no license files."},
[R_PERSON_EMPTY] = {"project.person.empty", E, "an entry of {1} has neither a name nor an email",
	"Write {name = \"Your Name\", email = \"you@example.org\"} (either key may be left out, not both)."},
[R_PERSON_KEY_UNKNOWN] = {"project.person.key.unknown", E, "unknown key '{1}' in an entry of {2}",
	"Entries of authors and maintainers take only name and email."},
[R_PERSON_EMAIL_INVALID] = {"project.person.email.invalid", E, "'{1}' is not a valid email address",
	"Write an address like you@example.org, without the name or angle brackets."},
[R_PERSON_NAME_COMMA] = {"project.person.name.comma", E, "name '{1}' contains a comma",
	"Names are joined with commas in the metadata; write one person per entry."},
[R_CLASSIFIER_UNKNOWN] = {"project.classifiers.unknown", E, "'{1}' is not a trove classifier",
	"Pick classifiers from https://pypi.org/classifiers/; PyPI refuses unknown ones."},
[R_CLASSIFIER_UNKNOWN_STALE] = {"project.classifiers.unknown-stale", W, "'{1}' is not on slipway's classifier list, which is more than 30 days old ({2})",
	"Run `slipway classifiers --refresh` to fetch PyPI's current list, or check https://pypi.org/classifiers/; PyPI refuses unknown classifiers."},
[R_CLASSIFIER_DEPRECATED] = {"project.classifiers.deprecated", E, "classifier '{1}' is deprecated{2}",
	"Remove it or replace it; PyPI refuses deprecated classifiers."},
[R_CLASSIFIER_LICENSE_WITH_EXPR] = {"project.classifiers.license-with-expression", E, "'{1}' is a License classifier, but license is an SPDX expression",
	"Remove the License :: classifiers: the license expression replaces them (PEP 639)."},
[R_CLASSIFIER_LICENSE_DEPRECATED] = {"project.classifiers.license-deprecated", W, "License classifiers such as '{1}' are deprecated",
	"Write license = \"<SPDX expression>\" and remove the License :: classifiers."},
[R_CLASSIFIER_PRIVATE] = {"project.classifiers.private", I, "'{1}' is a Private classifier: PyPI will refuse to upload this project",
	"That is what it is for; remove it when you want to publish."},
[R_URL_INVALID] = {"project.urls.invalid", E, "'{1}' is not a valid URL",
	"Write a full URL, e.g. https://github.com/you/project."},
[R_URL_NO_SCHEME] = {"project.urls.no-scheme", W, "URL '{1}' has no scheme",
	"Write it in full, e.g. https://{1}."},
[R_URL_LABEL_TOO_LONG] = {"project.urls.label-too-long", E, "URL label '{1}' is longer than 32 characters",
	"Shorten the label: PyPI refuses longer ones."},
[R_EP_NAME_INVALID] = {"project.entry-points.name.invalid", E, "'{1}' is not a valid entry point name",
	"Use letters, digits, '.', '-' and '_', e.g. \"my-tool\"."},
[R_EP_REFERENCE_INVALID] = {"project.entry-points.reference.invalid", E, "'{1}' is not a valid object reference",
	"Write module.path:function, e.g. \"my_project.cli:main\"."},
[R_EP_GROUP_INVALID] = {"project.entry-points.group.invalid", E, "'{1}' is not a valid entry point group name",
	"Group names are dotted Python identifiers, e.g. \"pytest11\" or \"my_app.plugins\"."},
[R_EP_GROUP_RESERVED] = {"project.entry-points.group.reserved", E, "[project.entry-points.{1}] is not allowed",
	"Use [project.{2}] instead."},
[R_EXTRA_INVALID] = {"project.optional-dependencies.name.invalid", E, "'{1}' is not a valid extra name",
	"Use letters, digits, '.', '_' and '-', starting and ending with a letter or digit, e.g. \"test\"."},
[R_EXTRA_DUPLICATE] = {"project.optional-dependencies.name.duplicate", E, "extra '{1}' is the same as '{2}' once normalized",
	"Extras are compared lowercased with '-', '_' and '.' alike: merge the two."},
[R_IMPORT_NAME_INVALID] = {"project.import-names.invalid", E, "'{1}' is not a valid import name",
	"Write a dotted Python identifier, optionally followed by \"; private\", e.g. \"my_project\"."},
[R_IMPORT_NAME_DUPLICATE] = {"project.import-names.duplicate", E, "import name '{1}' is listed more than once",
	"List each name once, in import-names or in import-namespaces."},
[R_GROUP_NAME_INVALID] = {"dependency-groups.name.invalid", E, "'{1}' is not a valid dependency group name",
	"Use letters, digits, '.', '_' and '-', starting and ending with a letter or digit, e.g. \"test\"."},
[R_GROUP_NAME_DUPLICATE] = {"dependency-groups.name.duplicate", E, "dependency group '{1}' is the same as '{2}' once normalized",
	"Group names are compared lowercased with '-', '_' and '.' alike: merge the two."},
[R_GROUP_INCLUDE_UNKNOWN] = {"dependency-groups.include.unknown", E, "there is no dependency group '{1}' to include",
	"Include one of the groups defined in [dependency-groups], or define it."},
[R_GROUP_INCLUDE_CYCLE] = {"dependency-groups.include.cycle", E, "dependency group '{1}' includes itself: {2}",
	"Break the cycle: a group may not include a group that includes it."},
[R_GROUP_ITEM_INVALID] = {"dependency-groups.item.invalid", E, "an item of dependency group '{1}' is neither a requirement nor an include",
	"Items are requirement strings or {include-group = \"name\"} tables with that one key."},
[R_LAYOUT_SETUP_PY] = {"layout.setup-py", W, "setup.py sits beside a static [project] table",
	"With [project], setup.py is needed only for build steps like C extensions; if it only repeats the metadata, delete it."},
[R_LAYOUT_SRC_NO_PACKAGE] = {"layout.src.no-package", W, "src/ holds no package for '{1}' (expected src/{2}/)",
	"Name the package folder {2}, or list the real import names in import-names."},
};
/* clang-format on */

#undef E
#undef W
#undef I

struct sw_project_diags {
	struct pj_arena arena;
	sw_project_diag *items;
	size_t count, cap;
};

/* Most diagnostics kept: hostile input cannot grow the list without end. */
#define DIAG_MAX SW_PROJECT_DIAGS_MAX

size_t sw_project_rule_count(void)
{
	return R_COUNT;
}

const sw_project_rule *sw_project_rule_at(size_t i)
{
	return i < R_COUNT ? &rules[i] : NULL;
}

const sw_project_rule *sw_project_rule_find(const char *code)
{
	for (size_t i = 0; code && i < R_COUNT; i++)
		if (strcmp(rules[i].code, code) == 0)
			return &rules[i];
	return NULL;
}

const char *sw_severity_name(enum sw_severity severity)
{
	static const char *const names[] = {"error", "warning", "info"};
	return (unsigned)severity < SW_ARRAY_LEN(names) ? names[severity] : "?";
}

int pj_diags_new(sw_project_diags **out)
{
	*out = sw_calloc(1, sizeof(**out));
	return *out ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
}

void sw_project_diags_free(sw_project_diags *d)
{
	if (!d)
		return;
	pj_arena_free(&d->arena);
	sw_free(d->items);
	sw_free(d);
}

size_t sw_project_diags_count(const sw_project_diags *d)
{
	return d->count;
}

const sw_project_diag *sw_project_diags_at(const sw_project_diags *d, size_t i)
{
	return i < d->count ? &d->items[i] : NULL;
}

size_t sw_project_diags_count_severity(const sw_project_diags *d, enum sw_severity severity)
{
	size_t n = 0;
	for (size_t i = 0; i < d->count; i++)
		n += d->items[i].severity == severity;
	return n;
}

/* Appends a detail for a message: control characters escaped, cut after
 * 200 bytes (at a character boundary). */
static void put_detail(sw_buf *out, const char *s)
{
	size_t n = 0;
	for (; s && *s; s++, n++) {
		unsigned char c = (unsigned char)*s;
		if (n >= 200 && (c & 0xC0) != 0x80) {
			sw_buf_puts(out, "...");
			return;
		}
		if (c == '\n')
			sw_buf_puts(out, "\\n");
		else if (c == '\t')
			sw_buf_puts(out, "\\t");
		else if (c < 0x20 || c == 0x7F)
			sw_buf_printf(out, "\\x%02x", c);
		else
			sw_buf_putc(out, (char)c);
	}
}

/* Expands a template with {1} and {2}. */
static void expand(sw_buf *out, const char *tmpl, const char *a1, const char *a2)
{
	for (const char *t = tmpl; *t; t++) {
		if (t[0] == '{' && (t[1] == '1' || t[1] == '2') && t[2] == '}') {
			put_detail(out, t[1] == '1' ? a1 : a2);
			t += 2;
		} else {
			sw_buf_putc(out, *t);
		}
	}
}

/* Makes room for one more diagnostic. */
static int grow(sw_project_diags *d)
{
	size_t cap = d->cap ? d->cap * 2 : 16;
	sw_project_diag *items;
	if (d->count < d->cap)
		return 0;
	if (!(items = sw_realloc(d->items, cap * sizeof(*items))))
		return SW_ENOMEM;
	d->items = items;
	d->cap = cap;
	return 0;
}

void pj_diag(struct pj_check *c, enum pj_rule rule, unsigned line, unsigned col, const char *a1,
             const char *a2, const char *suggest)
{
	const sw_project_rule *r = &rules[rule];
	sw_project_diags *d = c->diags;
	sw_project_diag *diag;
	sw_buf msg, hint;
	if (sw_buf_error(&c->tmp) == SW_ENOMEM)
		c->err = SW_ENOMEM; /* the caller's details are incomplete */
	if (c->err || d->count >= DIAG_MAX)
		return;
	sw_buf_init(&msg, 8192);
	sw_buf_init(&hint, 8192);
	expand(&msg, r->message, a1, a2);
	if (suggest) {
		sw_buf_puts(&msg, " (did you mean '");
		put_detail(&msg, suggest);
		sw_buf_puts(&msg, "'?)");
	}
	expand(&hint, r->hint, a1, a2);
	if (sw_buf_error(&msg) == SW_ENOMEM || sw_buf_error(&hint) == SW_ENOMEM || grow(d) < 0) {
		c->err = SW_ENOMEM;
		goto done;
	}
	diag = &d->items[d->count];
	diag->code = r->code;
	diag->severity = r->severity;
	diag->file = c->p->path;
	diag->line = line ? line : 1;
	diag->col = col ? col : 1;
	diag->message = pj_strndup(&d->arena, sw_buf_cstr(&msg), msg.len);
	diag->hint = pj_strndup(&d->arena, sw_buf_cstr(&hint), hint.len);
	if (!diag->message || !diag->hint) {
		c->err = SW_ENOMEM;
		goto done;
	}
	d->count++;
done:
	sw_buf_free(&msg);
	sw_buf_free(&hint);
}

/* The position of a node's value, or of [project] / the file start. */
static void node_pos(struct pj_check *c, const sw_toml_node *node, unsigned *line, unsigned *col)
{
	*line = *col = 1;
	if (!node)
		node = c->p->meta.node;
	if (node && c->p->doc)
		sw_toml_value_pos(c->p->doc, node, line, col);
}

void pj_diag_at(struct pj_check *c, enum pj_rule rule, const sw_toml_node *node, const char *a1,
                const char *a2)
{
	unsigned line, col;
	node_pos(c, node, &line, &col);
	pj_diag(c, rule, line, col, a1, a2, NULL);
}

void pj_diag_key(struct pj_check *c, enum pj_rule rule, const sw_toml_node *node, const char *a1,
                 const char *a2, const char *suggest)
{
	unsigned line, col;
	if (!node || sw_toml_key_pos(c->p->doc, node, &line, &col) < 0)
		node_pos(c, node, &line, &col);
	pj_diag(c, rule, line, col, a1, a2, suggest);
}

void pj_diag_str(struct pj_check *c, enum pj_rule rule, const sw_project_str *s, const char *a1,
                 const char *a2)
{
	if (s->line)
		pj_diag(c, rule, s->line, s->col, a1, a2, NULL);
	else
		pj_diag_at(c, rule, s->node, a1, a2);
}

/* A diagnostic's sort key: position, then insertion order. */
struct sort_key {
	unsigned line, col;
	size_t index;
};

static int compare(const void *a, const void *b)
{
	const struct sort_key *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

int pj_diags_sort(sw_project_diags *d)
{
	struct sort_key *keys;
	sw_project_diag *sorted;
	if (d->count < 2)
		return 0;
	keys = sw_malloc(d->count * sizeof(*keys));
	sorted = sw_malloc(d->count * sizeof(*sorted));
	if (!keys || !sorted) {
		sw_free(keys);
		sw_free(sorted);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	for (size_t k = 0; k < d->count; k++)
		keys[k] = (struct sort_key){d->items[k].line, d->items[k].col, k};
	qsort(keys, d->count, sizeof(*keys), compare);
	for (size_t k = 0; k < d->count; k++)
		sorted[k] = d->items[keys[k].index];
	memcpy(d->items, sorted, d->count * sizeof(*sorted));
	sw_free(keys);
	sw_free(sorted);
	return 0;
}
