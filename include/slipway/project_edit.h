/*
 * slipway/project_edit.h — safe edits of pyproject.toml through the project
 * model, an undo stack, a unified diff of the changes, and `slipway init`.
 *
 * An editor owns the lossless TOML document of one pyproject.toml, the
 * stamp of the file it was read from, and the undo/redo stacks. Every edit
 * operation below:
 *   1. refuses (SW_EPARSE, message "file:line:col: reason") when the text
 *      is not valid TOML, so no edit is made until the file parses;
 *   2. validates its input (requirements with PEP 508, names, versions with
 *      PEP 440, SPDX expressions, classifiers against the trove lists)
 *      and refuses with SW_EINVAL and a message;
 *   3. changes only the bytes it must, through slipway/toml.h (arrays keep
 *      their one-line or multi-line style and trailing comma);
 *   4. re-loads and re-validates the new text: when it has more errors than
 *      before, the edit is rolled back and refused with SW_EINVAL, the new
 *      diagnostics in the message;
 *   5. pushes the previous text on the undo stack (and clears redo).
 * On any failure the text is unchanged. Edits happen in memory; nothing is
 * written until sw_project_editor_save().
 *
 * Saving writes atomically (temporary file, fsync, rename; permissions
 * kept) and refuses with SW_ECONFLICT when the file changed on disk since it
 * was loaded (or last saved): the message says to reload.
 *
 * Fields are named by their pyproject.toml key ("description",
 * "requires-python", ...). Dependencies go to [project].dependencies, to an
 * extra (extra != NULL: [project.optional-dependencies].<extra>, created if
 * needed; an existing extra is matched by normalised name), or to a
 * dependency group (group != NULL: [dependency-groups].<group>, likewise).
 * Giving both is SW_EINVAL.
 *
 * Ownership: an editor returned through `**out` is the caller's, freed with
 * sw_project_editor_free(). Strings returned as values are borrowed from the
 * editor and valid until its next edit, undo, redo, save or free.
 * Errors common to all: SW_ENOMEM, SW_EINVAL for bad arguments.
 */
#ifndef SLIPWAY_PROJECT_EDIT_H
#define SLIPWAY_PROJECT_EDIT_H

#include <stddef.h>

#include "slipway/buf.h"
#include "slipway/common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Most steps kept on the undo stack; older ones are dropped. */
#define SW_PROJECT_UNDO_MAX 100

typedef struct sw_project_editor sw_project_editor;

/* ---- sessions ----------------------------------------------------------- */

/* Opens `path`: a pyproject.toml file or a directory holding one (its
 * directory is the project root for validation). A file that is not valid
 * TOML opens (every edit is then refused). SW_ENOTFOUND, SW_EIO,
 * SW_ETOOBIG. */
int sw_project_editor_open(sw_project_editor **out, const char *path);

/* Opens text from memory: `name` names it in messages (NULL:
 * "pyproject.toml"), `root` is the project directory or NULL (validation
 * then skips file checks). Such an editor cannot be saved (SW_EINVAL). */
int sw_project_editor_open_buffer(sw_project_editor **out, const char *text, size_t len,
                                  const char *name, const char *root);

void sw_project_editor_free(sw_project_editor *ed);

struct sw_trove_list;
/* Lets the editor know the classifiers of a newer trove list (the cache of
 * `slipway classifiers --refresh`), in addition to the shipped one: adding
 * a classifier checks both, and validation after each edit uses both
 * (slipway/project.h, sw_project_check_opts.trove_extra). `list` is
 * borrowed and must outlive the editor; NULL forgets it. */
int sw_project_editor_set_trove_extra(sw_project_editor *ed, const struct sw_trove_list *list);

/* The current text, NUL-terminated. */
const char *sw_project_editor_text(const sw_project_editor *ed, size_t *len);

/* The text as loaded or last saved (what is on disk, as far as we know). */
const char *sw_project_editor_saved_text(const sw_project_editor *ed, size_t *len);

/* 1 if the current text differs from the saved text. */
int sw_project_editor_dirty(const sw_project_editor *ed);

/* The path written by save (NULL for a buffer). */
const char *sw_project_editor_path(const sw_project_editor *ed);

/* Writes the current text atomically. SW_ECONFLICT when the file changed on
 * disk since it was read; SW_EIO. */
int sw_project_editor_save(sw_project_editor *ed);

/* Goes one step back / forward. SW_ENOTFOUND when there is nothing to undo
 * or redo. */
int sw_project_editor_undo(sw_project_editor *ed);
int sw_project_editor_redo(sw_project_editor *ed);
size_t sw_project_editor_undo_depth(const sw_project_editor *ed);
size_t sw_project_editor_redo_depth(const sw_project_editor *ed);

/* Appends a unified diff ("--- a/NAME", "+++ b/NAME", one "@@" hunk per
 * change with three lines of context) from `old` to `new` to `out`. Nothing
 * is appended when the texts are equal. Returns the buffer's error. */
int sw_text_diff(sw_buf *out, const char *name, const char *old, size_t old_len, const char *new_,
                 size_t new_len);

/* ---- [project] fields --------------------------------------------------- */

/* Sets a string field: name (a valid project name), version (PEP 440),
 * description (one line), requires-python (PEP 440 specifiers), readme (a
 * path), license (an SPDX expression, written in canonical form). Other
 * fields are not strings: SW_EINVAL. */
int sw_project_set_string(sw_project_editor *ed, const char *field, const char *value);

/* Sets an array-of-strings field (keywords, classifiers, license-files,
 * dynamic, import-names, import-namespaces) to `items`. */
int sw_project_set_strings(sw_project_editor *ed, const char *field, const char *const *items,
                           size_t count);

/* Sets any [project] field to TOML value text, e.g. readme to
 * `{file = "README.rst", content-type = "text/x-rst"}`. SW_EPARSE if the
 * text is not one TOML value. */
int sw_project_set_value(sw_project_editor *ed, const char *field, const char *toml_value);

/* Sets readme: the path alone (readme = "README.md") when content_type is
 * NULL, else {file = "...", content-type = "..."}. The content type must be
 * text/markdown, text/x-rst or text/plain (parameters such as
 * "; charset=UTF-8" allowed). */
int sw_project_set_readme(sw_project_editor *ed, const char *file, const char *content_type);

/* Removes a [project] field. SW_ENOTFOUND if absent. */
int sw_project_unset(sw_project_editor *ed, const char *field);

/* ---- dependencies ------------------------------------------------------- */

/* Adds a requirement, or replaces in place the one with the same
 * normalised name ("change"). A new one goes in sorted position when the
 * array was sorted (case-insensitively by normalised name), else at the
 * end. `extra` or `group` may be NULL (see above). */
int sw_project_dep_add(sw_project_editor *ed, const char *requirement, const char *extra,
                       const char *group);

/* Removes the requirement whose normalised name is `name`. SW_ENOTFOUND if
 * there is none. Removing the last one leaves an empty array. */
int sw_project_dep_remove(sw_project_editor *ed, const char *name, const char *extra,
                          const char *group);

/* ---- lists, tables, people ---------------------------------------------- */

/* Adds to / removes from keywords or classifiers (sorted insert when the
 * list was sorted, case-insensitively). Adding an entry already there is
 * SW_EEXISTS; removing one that is not, SW_ENOTFOUND. Classifiers must be on
 * the shipped trove list, on the list given to
 * sw_project_editor_set_trove_extra(), or start with "Private ::". */
int sw_project_list_add(sw_project_editor *ed, const char *field, const char *value);
int sw_project_list_remove(sw_project_editor *ed, const char *field, const char *value);

/* Sets / removes one entry of urls (label -> URL with a scheme), scripts or
 * gui-scripts (name -> "module:object"). A missing table is created as a
 * [project.<field>] header table; removing the last entry leaves the
 * table, empty. SW_ENOTFOUND for removing an entry that is absent. */
int sw_project_entry_set(sw_project_editor *ed, const char *field, const char *key,
                         const char *value);
int sw_project_entry_remove(sw_project_editor *ed, const char *field, const char *key);

/* Appends {name = ..., email = ...} to authors or maintainers (either may be
 * NULL, not both). SW_EEXISTS for a person already listed (same name and
 * email). */
int sw_project_person_add(sw_project_editor *ed, const char *field, const char *name,
                          const char *email);

/* Removes the first entry of authors/maintainers whose name or email equals
 * `who`. SW_ENOTFOUND if none does. */
int sw_project_person_remove(sw_project_editor *ed, const char *field, const char *who);

/* Splits "Name <email>", "Name" or "<email>" / "email@host". *name and
 * *email are new strings (sw_free) or NULL. SW_EINVAL for an email that is
 * not one '@' between non-empty parts without spaces, or a name holding a
 * comma or angle bracket. */
int sw_person_parse(char **name, char **email, const char *text);

/* ---- init --------------------------------------------------------------- */

enum sw_init_backend {
	SW_INIT_HATCHLING = 0,
	SW_INIT_FLIT_CORE,
	SW_INIT_SETUPTOOLS,
	SW_INIT_UV_BUILD
};

/* The backend with that name ("hatchling", "flit_core", "setuptools",
 * "uv_build"). SW_ENOTFOUND for others. */
int sw_init_backend_lookup(enum sw_init_backend *out, const char *name);

#define SW_INIT_OPTS_VERSION 1

typedef struct sw_init_opts {
	unsigned version;        /* SW_INIT_OPTS_VERSION */
	const char *name;        /* NULL: from the folder's name */
	const char *description; /* NULL: a placeholder sentence */
	const char *author;      /* "Name <email>", or NULL for none */
	const char *license;     /* an SPDX expression, or NULL for none */
	enum sw_init_backend backend;
	int flat; /* non-zero: package at the top, not under src/ */
} sw_init_opts;

#define SW_INIT_OPTS_INIT                                                                          \
	{                                                                                          \
		SW_INIT_OPTS_VERSION, NULL, NULL, NULL, NULL, SW_INIT_HATCHLING, 0                 \
	}

/* Turns a folder name into a project name: runs of characters other than
 * ASCII letters and digits become one '-', leading and trailing ones go,
 * letters are lowercased. SW_EINVAL when nothing is left, or when the
 * import name (the name with '-' as '_') would start with a digit. *out is
 * a new string (sw_free). */
int sw_init_name_from_dir(char **out, const char *dirname);

/* Creates a new project in `dir` (created, with its parents, if missing;
 * an existing folder may hold other files): pyproject.toml, README.md, .gitignore, the
 * package (src/<pkg>/__init__.py, or <pkg>/__init__.py when flat) and
 * tests/test_<pkg>.py. Checks that none of these exists before writing
 * anything: SW_EEXISTS naming the first that does. SW_EINVAL for invalid
 * options (message says which); SW_EIO. `created` (may be NULL) receives
 * the written paths, relative to `dir`, one per line (sw_free). */
int sw_project_init(char **created, const char *dir, const sw_init_opts *opts);

#ifdef __cplusplus
}
#endif
#endif
