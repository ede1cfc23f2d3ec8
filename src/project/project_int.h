/*
 * project/project_int.h — the project module's internal structures: an
 * arena that owns the typed view, the project itself, the validation
 * context with its rule identifiers, and the helpers shared by the loader,
 * the validators, the SPDX parser and the glob matcher.
 */
#ifndef SW_PROJECT_INT_H
#define SW_PROJECT_INT_H

#include <stdint.h>

#include "slipway/project.h"
#include "util/util.h"

/* ---- arena (arena.c) ---------------------------------------------------- */

struct pj_block;

/* Allocations freed all at once. */
struct pj_arena {
	struct pj_block *head;
};

/* Zeroed, max-aligned memory; NULL when out of memory. */
void *pj_alloc(struct pj_arena *arena, size_t size);
/* A NUL-terminated copy of `len` bytes. */
char *pj_strndup(struct pj_arena *arena, const char *str, size_t len);
void pj_arena_free(struct pj_arena *arena);

/* ---- the project --------------------------------------------------------- */

/* A name (not NUL-terminated) and where it came from. */
struct pj_name {
	const char *s;
	size_t len;
	size_t index;
};

/* A parsed requirement owned by the project. */
struct pj_req_link {
	sw_requirement *req;
	struct pj_req_link *next;
};

struct sw_project {
	struct pj_arena arena;
	char *path; /* the file's name in diagnostics */
	char *root; /* project directory, or NULL */
	char *text; /* a copy of the text when it is not TOML, else NULL */
	size_t text_len;
	sw_toml_doc *doc; /* NULL when the text is not TOML */
	sw_file_stamp stamp;
	int has_stamp;
	char *syntax_msg;          /* the TOML error when doc is NULL */
	const char *syntax_reason; /* the same without "file:line:col: " */
	unsigned syntax_line, syntax_col;
	sw_project_meta meta;
	sw_project_build build;
	sw_project_group *groups;
	size_t ngroups;
	struct pj_name *group_keys;      /* normalised group names, sorted, for lookups */
	const sw_toml_node *groups_node; /* [dependency-groups], any type */
	const sw_toml_node *tool;
	const sw_toml_node *fields[SW_PF_COUNT];
	uint32_t dynamic_mask; /* bit f: field f is listed in dynamic */
	struct pj_req_link *reqs;
};

/* Fills the typed view from p->doc (load_view.c). */
int pj_load_view(sw_project *p);
/* Fills p->groups from the [dependency-groups] node (groups.c). */
int pj_load_groups(sw_project *p, const sw_toml_node *table);
/* Index of the group whose normalised name is that of `name` (the first
 * such group), SW_ENOTFOUND if none, SW_ENOMEM. */
long pj_group_index(const sw_project *p, const char *name, size_t len);

/* Fills `out` from a node (NULL: absent). Copies strings into the arena. */
int pj_str(sw_project *p, sw_project_str *out, const sw_toml_node *node);
/* Parses a requirement string and keeps it for sw_project_free(); sets
 * *req to NULL if the text is not a valid requirement. */
int pj_requirement(sw_project *p, const sw_requirement **req, const sw_project_str *text);

/* ---- validation context (diag.c) ---------------------------------------- */

/* The rules, one per entry of the table in diag.c. */
enum pj_rule {
	R_TOML_SYNTAX,
	R_TOML_TABLE_UNKNOWN,
	R_VALUE_TYPE,
	R_BUILD_MISSING,
	R_BUILD_REQUIRES_MISSING,
	R_BUILD_BACKEND_MISSING,
	R_BUILD_BACKEND_INVALID,
	R_BUILD_BACKEND_PATH_INVALID,
	R_BUILD_KEY_UNKNOWN,
	R_REQ_INVALID,
	R_REQ_PINNED,
	R_REQ_DIRECT_URL,
	R_PROJECT_MISSING,
	R_PROJECT_KEY_UNKNOWN,
	R_NAME_MISSING,
	R_NAME_INVALID,
	R_NAME_DYNAMIC,
	R_VERSION_MISSING,
	R_VERSION_INVALID,
	R_VERSION_NOT_NORMALIZED,
	R_VERSION_ZERO,
	R_VERSION_LOCAL,
	R_DYNAMIC_STATIC,
	R_DYNAMIC_UNKNOWN,
	R_DESCRIPTION_MISSING,
	R_DESCRIPTION_MULTILINE,
	R_README_MISSING,
	R_README_UNKNOWN_TYPE,
	R_README_NOT_FOUND,
	R_README_FILE_AND_TEXT,
	R_README_NO_SOURCE,
	R_README_CT_MISSING,
	R_README_CT_INVALID,
	R_README_KEY_UNKNOWN,
	R_PYTHON_MISSING,
	R_PYTHON_INVALID,
	R_PYTHON_UPPER_BOUND,
	R_LICENSE_MISSING,
	R_LICENSE_INVALID,
	R_LICENSE_UNKNOWN,
	R_LICENSE_UNKNOWN_STALE,
	R_LICENSE_NOT_CANONICAL,
	R_LICENSE_DEPRECATED_ID,
	R_LICENSE_LEGACY,
	R_LICENSE_TABLE_INVALID,
	R_LICENSE_FILE_NOT_FOUND,
	R_LICENSE_FILES_WITH_TABLE,
	R_LICENSE_FILES_INVALID,
	R_LICENSE_FILES_NO_MATCH,
	R_PERSON_EMPTY,
	R_PERSON_KEY_UNKNOWN,
	R_PERSON_EMAIL_INVALID,
	R_PERSON_NAME_COMMA,
	R_CLASSIFIER_UNKNOWN,
	R_CLASSIFIER_UNKNOWN_STALE,
	R_CLASSIFIER_DEPRECATED,
	R_CLASSIFIER_LICENSE_WITH_EXPR,
	R_CLASSIFIER_LICENSE_DEPRECATED,
	R_CLASSIFIER_PRIVATE,
	R_URL_INVALID,
	R_URL_NO_SCHEME,
	R_URL_LABEL_TOO_LONG,
	R_EP_NAME_INVALID,
	R_EP_REFERENCE_INVALID,
	R_EP_GROUP_INVALID,
	R_EP_GROUP_RESERVED,
	R_EXTRA_INVALID,
	R_EXTRA_DUPLICATE,
	R_IMPORT_NAME_INVALID,
	R_IMPORT_NAME_DUPLICATE,
	R_GROUP_NAME_INVALID,
	R_GROUP_NAME_DUPLICATE,
	R_GROUP_INCLUDE_UNKNOWN,
	R_GROUP_INCLUDE_CYCLE,
	R_GROUP_ITEM_INVALID,
	R_LAYOUT_SETUP_PY,
	R_LAYOUT_SRC_NO_PACKAGE,
	R_COUNT
};

/* What one validation run needs. */
struct pj_check {
	const sw_project *p;
	sw_project_diags *diags;
	int64_t today;                           /* days since 1970-01-01 */
	const struct sw_trove_list *trove_extra; /* or NULL */
	int fs;     /* file checks enabled (there is a root and no no_fs) */
	int err;    /* first allocation failure; later diagnostics are dropped */
	sw_buf tmp; /* scratch for callers */
};

/* Adds a diagnostic of `rule` at line:col. {1} and {2} in the rule's
 * message and hint become a1 and a2 (NULL: ""), shown with control
 * characters escaped and cut after 200 bytes; `suggest`, if not NULL, adds
 * "did you mean '...'?" to the message. */
void pj_diag(struct pj_check *c, enum pj_rule rule, unsigned line, unsigned col, const char *a1,
             const char *a2, const char *suggest);
/* The same at the value of `node` (or at the [project] table / 1:1 when
 * node is NULL), or at the key naming it. */
void pj_diag_at(struct pj_check *c, enum pj_rule rule, const sw_toml_node *node, const char *a1,
                const char *a2);
void pj_diag_key(struct pj_check *c, enum pj_rule rule, const sw_toml_node *node, const char *a1,
                 const char *a2, const char *suggest);
/* The same at a string of the view. */
void pj_diag_str(struct pj_check *c, enum pj_rule rule, const sw_project_str *s, const char *a1,
                 const char *a2);

/* Creates an empty list / sorts it into file order. */
int pj_diags_new(sw_project_diags **out);
int pj_diags_sort(sw_project_diags *diags);

/* The validators, in the order they run (validate*.c). */
void pj_check_toplevel(struct pj_check *c);
/* Reports a legacy license file that does not exist. */
void pj_check_license_file(struct pj_check *c, const sw_project_str *path);
/* Reports `node` (a value.type error) unless it has `type`; 1 if it has. */
int pj_want(struct pj_check *c, const sw_toml_node *node, enum sw_toml_type type);
/* Reports a string that is not a valid requirement. */
void pj_check_requirement(struct pj_check *c, const sw_project_str *text);
/* Reports the strings of `deps` that are not valid requirements. */
void pj_check_requirements(struct pj_check *c, const sw_project_deps *deps);
void pj_check_build(struct pj_check *c);
void pj_check_types(struct pj_check *c);
void pj_check_identity(struct pj_check *c);
void pj_check_readme(struct pj_check *c);
void pj_check_license(struct pj_check *c);
void pj_check_classifiers(struct pj_check *c);
void pj_check_people(struct pj_check *c);
void pj_check_deps(struct pj_check *c);
void pj_check_entry_points(struct pj_check *c);
void pj_check_urls(struct pj_check *c);
void pj_check_import_names(struct pj_check *c);
void pj_check_groups(struct pj_check *c);
void pj_check_layout(struct pj_check *c);

/* ---- shared helpers (util.c) -------------------------------------------- */

/* The closest of `count` candidates to `word` (at most a third of its
 * length in edits away, case-insensitively), or NULL. `get` returns the
 * i-th candidate. */
const char *pj_suggest(const char *word, size_t len, const void *ctx, size_t count,
                       const char *(*get)(const void *ctx, size_t i));
/* Like pj_suggest() over a NULL-terminated array of strings. */
const char *pj_suggest_in(const char *word, size_t len, const char *const *words);

/* Sorts `names` by text, then index (O(n log n)), and calls fn(ctx, i,
 * first) for every name equal to an earlier one, `first` being the index of
 * the earliest. The array is reordered. */
void pj_duplicates(struct pj_name *names, size_t n, void (*fn)(void *ctx, size_t i, size_t first),
                   void *ctx);
/* Orders two names by their bytes, then by index (for qsort). */
int pj_name_cmp(const void *a, const void *b);

/* Days since 1970-01-01 of the date y-m-d (proleptic Gregorian). */
int64_t pj_days_from_civil(int64_t y, unsigned m, unsigned d);
/* Today (UTC) in days since 1970-01-01. */
int64_t pj_today(void);
/* Whether a list dated `date` ("YYYY-MM-DD") is fresh on day `today`. */
int pj_list_fresh(const char *date, int64_t today);

/* "a string", "an array", ... for a TOML type. */
const char *pj_type_phrase(enum sw_toml_type type);
/* A readable path of a node below the root, e.g. "project.authors[1].name",
 * written to `out` (cleared first). */
int pj_node_path(sw_buf *out, const sw_toml_node *node);

/* Whether `s` is a Python identifier as str.isidentifier() says for ASCII
 * (non-ASCII letters are accepted as identifier characters). */
int pj_is_identifier(const char *s, size_t len);
/* Whether `s` is identifiers joined by single dots. */
int pj_is_dotted_identifier(const char *s, size_t len);

/* Joins `root` and a relative path into `out` (cleared first). */
int pj_path_join(sw_buf *out, const char *root, const char *rel, size_t len);
/* 1 if the path names an existing regular file / directory. */
int pj_is_file(const char *path);
int pj_is_dir(const char *path);

/* ---- globs (glob.c) ------------------------------------------------------ */

/* Checks a license-files pattern against the glob-patterns specification.
 * Returns NULL if valid, else a static reason. */
const char *pj_glob_invalid(const char *pattern, size_t len);
/* Calls `fn` for each file under `root` that `pattern` (valid) matches,
 * with its relative path; stops early when fn returns non-zero (that value
 * is returned). Walks at most PJ_GLOB_MAX_ENTRIES directory entries. */
#define PJ_GLOB_MAX_ENTRIES 100000
int pj_glob_walk(const char *root, const char *pattern, size_t len,
                 int (*fn)(void *ctx, const char *rel), void *ctx);

#endif
