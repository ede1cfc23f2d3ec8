/*
 * build/plan.c — the common steps of planning a native build: find the
 * declared backend, check the name and the version (a dynamic one computed
 * by the backend's rules), make the core metadata, let the backend's rules
 * select the files, then add what every backend adds the same way (PKG-INFO
 * and pyproject.toml in the sdist; METADATA, WHEEL, entry_points.txt and
 * licenses/ in the .dist-info) and sort and de-duplicate both lists.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "build/build_int.h"
#include "slipway/pep440.h"
#include "util/util.h"

/* One backend the native builder knows. */
struct backend_info {
	const char *entry; /* the build-backend string */
	enum sw_build_backend backend;
	int (*rules)(struct bp *bp);
	int (*version)(struct bp *bp, char **out); /* dynamic version, or NULL */
};

static const struct backend_info backends[] = {
        {"hatchling.build", SW_BACKEND_HATCHLING, bp_rules_hatchling, bp_version_hatchling},
        {"flit_core.buildapi", SW_BACKEND_FLIT_CORE, bp_rules_flit_core, bp_version_flit_core},
        {"setuptools.build_meta", SW_BACKEND_SETUPTOOLS, bp_rules_setuptools,
         bp_version_setuptools},
        {"setuptools.build_meta:__legacy__", SW_BACKEND_SETUPTOOLS, bp_rules_setuptools,
         bp_version_setuptools},
        {"uv_build", SW_BACKEND_UV_BUILD, bp_rules_uv_build, NULL},
};

static const char *const backend_names[] = {
        [SW_BACKEND_UNKNOWN] = "unknown",     [SW_BACKEND_HATCHLING] = "hatchling",
        [SW_BACKEND_FLIT_CORE] = "flit_core", [SW_BACKEND_SETUPTOOLS] = "setuptools",
        [SW_BACKEND_UV_BUILD] = "uv_build",
};

const char *sw_build_backend_name(enum sw_build_backend backend)
{
	if ((int)backend < 0 || (size_t)backend >= SW_ARRAY_LEN(backend_names))
		return "unknown";
	return backend_names[backend];
}

/* The table entry of a build-backend string, or NULL. */
static const struct backend_info *backend_find(const char *entry)
{
	for (size_t i = 0; entry != NULL && i < SW_ARRAY_LEN(backends); i++)
		if (strcmp(backends[i].entry, entry) == 0)
			return &backends[i];
	return NULL;
}

enum sw_build_backend sw_build_backend_lookup(const char *build_backend)
{
	const struct backend_info *b = backend_find(build_backend);
	return b ? b->backend : SW_BACKEND_UNKNOWN;
}

static void members_free(sw_build_members *list)
{
	for (size_t i = 0; i < list->count; i++) {
		sw_free(list->items[i].path);
		sw_free(list->items[i].source);
		sw_free(list->items[i].data);
	}
	sw_free(list->items);
	list->items = NULL;
	list->count = 0;
}

void sw_build_plan_free(sw_build_plan *plan)
{
	if (plan == NULL)
		return;
	sw_free(plan->root);
	sw_free(plan->name);
	sw_free(plan->dist_name);
	sw_free(plan->version);
	sw_free(plan->wheel_tag);
	sw_free(plan->sdist_filename);
	sw_free(plan->wheel_filename);
	sw_free(plan->dist_info);
	sw_metadata_free(plan->metadata);
	members_free(&plan->sdist);
	members_free(&plan->wheel);
	for (size_t i = 0; i < plan->note_count; i++)
		sw_free(plan->notes[i]);
	sw_free(plan->notes);
	sw_free(plan);
}

/* Formats a new string; NULL when out of memory. */
static char *str_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *str_printf(const char *fmt, ...)
{
	sw_buf b;
	va_list ap;
	sw_buf_init(&b, 64 * 1024);
	va_start(ap, fmt);
	sw_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		return NULL;
	}
	return sw_buf_detach(&b, NULL);
}

/* Finds the backend and refuses what the native builder cannot take. */
static int check_backend(const struct backend_info **out, const sw_project *project)
{
	const sw_project_build *bs = sw_project_build_get(project);
	if (!sw_project_editable(project))
		return sw_error_set(SW_EINVAL, "%s: not valid TOML (run `slipway check`)",
		                    sw_project_path(project));
	if (bs == NULL || !bs->present || bs->backend.str == NULL)
		return sw_error_set(SW_EUNSUPPORTED,
		                    "%s: no [build-system] build-backend (setuptools' legacy "
		                    "default); build it with `slipway build --pep517`",
		                    sw_project_path(project));
	*out = backend_find(bs->backend.str);
	if (*out == NULL)
		return sw_error_set(SW_EUNSUPPORTED,
		                    "%s: build-backend '%s' is not one the native builder knows "
		                    "(hatchling, flit_core, setuptools, uv_build); build it with "
		                    "`slipway build --pep517`",
		                    sw_project_path(project), bs->backend.str);
	if (bs->backend_path.count > 0)
		return sw_error_set(SW_EUNSUPPORTED,
		                    "%s: [build-system] backend-path names an in-tree backend; "
		                    "build it with `slipway build --pep517`",
		                    sw_project_path(project));
	const sw_project_meta *meta = sw_project_meta_get(project);
	if (meta == NULL || !meta->present)
		return sw_error_set(SW_EUNSUPPORTED,
		                    "%s: no [project] table (metadata kept in the backend's own "
		                    "configuration); build it with `slipway build --pep517`",
		                    sw_project_path(project));
	return 0;
}

/* Sets the root, the name and the file-name form of the name. */
static int plan_names(struct bp *bp)
{
	sw_build_plan *plan = bp->plan;
	const char *root = sw_project_root(bp->project);
	const sw_project_str *name = &bp->meta->name;
	sw_buf b;
	if (root == NULL)
		return sw_error_set(SW_EINVAL, "the project has no folder (loaded from memory)");
	if ((plan->root = realpath(root, NULL)) == NULL)
		return sw_error_set(SW_EIO, "%s: %s", root, strerror(errno));
	/* realpath() allocates with malloc: move it under our allocator */
	char *copy = sw_strdup(plan->root);
	free(plan->root);
	plan->root = copy;
	if (copy == NULL || (bp->root_real = sw_strdup(copy)) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if (name->str == NULL || sw_project_is_dynamic(bp->project, SW_PF_NAME))
		return sw_error_set(SW_EINVAL, "%s: project.name must be a static string",
		                    sw_project_path(bp->project));
	if (!sw_name_is_valid(name->str, name->len))
		return sw_error_set_at(SW_EINVAL, sw_project_path(bp->project), name->line,
		                       name->col,
		                       "project.name '%s' is not a valid name (letters, digits, "
		                       "and . _ - inside)",
		                       name->str);
	sw_buf_init(&b, 4096);
	sw_name_normalize(&b, name->str, name->len);
	if (sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < b.len; i++)
		if (b.ptr[i] == '-')
			b.ptr[i] = '_';
	plan->dist_name = sw_buf_detach(&b, NULL);
	plan->name = sw_strndup(name->str, name->len);
	if (plan->dist_name == NULL || plan->name == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	return 0;
}

/* Computes the version (static, or the backend's dynamic one), checks it
 * is PEP 440, and makes the core metadata with it. */
static int plan_metadata(struct bp *bp, const struct backend_info *info)
{
	sw_metadata_opts mopts = SW_METADATA_OPTS_INIT;
	sw_version *v = NULL;
	char *dyn = NULL;
	const char *text = bp->meta->version.str;
	int err = 0;
	if (sw_project_is_dynamic(bp->project, SW_PF_VERSION)) {
		if (info->version == NULL)
			return bp_unsupported(bp, "a dynamic version");
		if ((err = info->version(bp, &dyn)) < 0)
			goto done;
		text = mopts.version = dyn;
	}
	if (text == NULL) {
		err = sw_error_set(SW_EINVAL, "%s: project.version is missing",
		                   sw_project_path(bp->project));
		goto done;
	}
	if ((err = sw_version_parse(&v, text, strlen(text))) < 0) {
		if (err != SW_ENOMEM)
			err = sw_error_set(SW_EINVAL, "%s: version '%s' is not a PEP 440 version",
			                   sw_project_path(bp->project), text);
		goto done;
	}
	if ((bp->plan->version = sw_strdup(sw_version_str(v))) == NULL) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	err = sw_metadata_from_project(&bp->plan->metadata, bp->project, &mopts);
done:
	sw_version_free(v);
	sw_free(dyn);
	return err;
}

/* Adds PKG-INFO to the sdist and METADATA to the wheel. */
static int add_metadata_files(struct bp *bp)
{
	sw_buf b;
	int err;
	sw_buf_init(&b, SW_METADATA_MAX_LEN);
	if ((err = sw_metadata_emit(&b, bp->plan->metadata)) < 0)
		goto done;
	if ((err = bp_add_data(bp, BP_SDIST, "PKG-INFO", b.ptr, b.len)) < 0)
		goto done;
	char *path = str_printf("%s/METADATA", bp->plan->dist_info);
	if (path == NULL) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	err = bp_add_data(bp, BP_WHEEL, path, b.ptr, b.len);
	sw_free(path);
done:
	sw_buf_free(&b);
	return err;
}

/* Appends one "Tag:" line per tag of a compressed tag set, sorted. */
static void put_tags(sw_buf *b, const char *tag)
{
	const char *d1 = strchr(tag, '-');
	const char *d2 = d1 ? strchr(d1 + 1, '-') : NULL;
	if (d2 == NULL) {
		sw_buf_printf(b, "Tag: %s\n", tag);
		return;
	}
	/* the python part is the only one compressed here (pure wheels) */
	for (const char *p = tag; p < d1;) {
		size_t n = strcspn(p, ".-");
		sw_buf_printf(b, "Tag: %.*s%s\n", (int)n, p, d1);
		p += n + (p[n] == '.');
	}
}

/* Adds WHEEL and entry_points.txt to the wheel's .dist-info. */
static int add_wheel_files(struct bp *bp)
{
	const sw_project_meta *m = bp->meta;
	sw_buf b;
	int err = 0;
	sw_buf_init(&b, SW_BUF_MAX_DEFAULT);
	sw_buf_printf(&b, "Wheel-Version: 1.0\nGenerator: slipway %s\nRoot-Is-Purelib: true\n",
	              sw_libslipway_version());
	put_tags(&b, bp->plan->wheel_tag);
	char *path = str_printf("%s/WHEEL", bp->plan->dist_info);
	if (path == NULL || sw_buf_error(&b) < 0) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if ((err = bp_add_data(bp, BP_WHEEL, path, b.ptr, b.len)) < 0)
		goto done;
	sw_buf_clear(&b);
	const struct {
		const char *group;
		const sw_project_pairs *pairs;
	} fixed[] = {{"console_scripts", &m->scripts}, {"gui_scripts", &m->gui_scripts}};
	for (size_t g = 0; g < SW_ARRAY_LEN(fixed) + m->entry_points.count; g++) {
		const sw_project_pairs *pairs =
		        g < 2 ? fixed[g].pairs : &m->entry_points.items[g - 2].entries;
		if (pairs->count == 0)
			continue;
		sw_buf_printf(&b, "%s[%s]\n", b.len ? "\n" : "",
		              g < 2 ? fixed[g].group : m->entry_points.items[g - 2].name.str);
		for (size_t i = 0; i < pairs->count; i++)
			sw_buf_printf(&b, "%s = %s\n", pairs->items[i].key.str,
			              pairs->items[i].value.str);
	}
	if (sw_buf_error(&b) < 0) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if (b.len > 0) {
		sw_free(path);
		if ((path = str_printf("%s/entry_points.txt", bp->plan->dist_info)) == NULL) {
			err = sw_error_set(SW_ENOMEM, "out of memory");
			goto done;
		}
		err = bp_add_data(bp, BP_WHEEL, path, b.ptr, b.len);
	}
done:
	sw_free(path);
	sw_buf_free(&b);
	return err;
}

/* Adds each License-File to the wheel's .dist-info/licenses/ and to the
 * sdist. */
static int add_licenses(struct bp *bp)
{
	const sw_metadata *md = bp->plan->metadata;
	const char *lf;
	for (size_t i = 0; (lf = sw_metadata_value(md, SW_MD_LICENSE_FILE, i)) != NULL; i++) {
		char *path = str_printf("%s/licenses/%s", bp->plan->dist_info, lf);
		if (path == NULL)
			return sw_error_set(SW_ENOMEM, "out of memory");
		int err = bp_add_file(bp, BP_WHEEL, path, lf);
		if (err == 0)
			err = bp_add_file(bp, BP_SDIST, lf, lf);
		sw_free(path);
		if (err < 0)
			return err;
	}
	return 0;
}

static int cmp_members(const void *a, const void *b)
{
	return strcmp(((const sw_build_member *)a)->path, ((const sw_build_member *)b)->path);
}

/* Returns 1 if two members with the same path have the same content. */
static int same_content(const sw_build_member *a, const sw_build_member *b)
{
	if (a->source && b->source)
		return strcmp(a->source, b->source) == 0;
	if (a->data && b->data)
		return a->data_len == b->data_len && memcmp(a->data, b->data, a->data_len) == 0;
	return 0;
}

/* Sorts a list by path and drops repeated members; two different
 * contents for one path are an error. */
static int sort_dedupe(sw_build_members *list, const char *what)
{
	size_t w = 0;
	if (list->count > 1)
		qsort(list->items, list->count, sizeof(*list->items), cmp_members);
	for (size_t i = 0; i < list->count; i++) {
		sw_build_member *m = &list->items[i];
		if (w > 0 && strcmp(list->items[w - 1].path, m->path) == 0) {
			if (!same_content(&list->items[w - 1], m))
				return sw_error_set(SW_EINVAL,
				                    "%s: '%s' would be added twice (from %s "
				                    "and from %s)",
				                    what, m->path,
				                    list->items[w - 1].source
				                            ? list->items[w - 1].source
				                            : "generated content",
				                    m->source ? m->source : "generated content");
			sw_free(m->path);
			sw_free(m->source);
			sw_free(m->data);
			continue;
		}
		list->items[w++] = *m;
	}
	list->count = w;
	return 0;
}

/* The steps after the rules: names of the files, common members, order. */
static int plan_finish(struct bp *bp)
{
	sw_build_plan *plan = bp->plan;
	int err = 0;
	plan->sdist_filename = str_printf("%s-%s.tar.gz", plan->dist_name, plan->version);
	plan->wheel_filename =
	        str_printf("%s-%s-%s.whl", plan->dist_name, plan->version, plan->wheel_tag);
	if (plan->sdist_filename == NULL || plan->wheel_filename == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((err = add_metadata_files(bp)) < 0 || (err = add_licenses(bp)) < 0)
		return err;
	if ((err = bp_add_file(bp, BP_SDIST, "pyproject.toml", "pyproject.toml")) < 0)
		return err;
	if ((err = add_wheel_files(bp)) < 0)
		return err;
	if (!bp->opts->want_sdist)
		members_free(&plan->sdist);
	if (!bp->opts->want_wheel)
		members_free(&plan->wheel);
	if ((err = sort_dedupe(&plan->sdist, "sdist")) < 0)
		return err;
	return sort_dedupe(&plan->wheel, "wheel");
}

int sw_build_plan_make(sw_build_plan **out, const sw_project *project,
                       const sw_build_plan_opts *opts)
{
	static const sw_build_plan_opts defaults = SW_BUILD_PLAN_OPTS_INIT;
	const struct backend_info *info = NULL;
	struct bp bp = {0};
	int err;
	*out = NULL;
	if (opts == NULL)
		opts = &defaults;
	if (opts->struct_version != SW_BUILD_PLAN_OPTS_VERSION)
		return sw_error_set(SW_EINVAL, "unknown sw_build_plan_opts version %u",
		                    opts->struct_version);
	if ((err = check_backend(&info, project)) < 0)
		return err;
	if ((bp.plan = sw_calloc(1, sizeof(*bp.plan))) == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	bp.project = project;
	bp.meta = sw_project_meta_get(project);
	bp.opts = opts;
	bp.plan->backend = info->backend;
	if ((err = plan_names(&bp)) < 0 || (err = plan_metadata(&bp, info)) < 0)
		goto done;
	bp.plan->dist_info = str_printf("%s-%s.dist-info", bp.plan->dist_name, bp.plan->version);
	bp.plan->wheel_tag = sw_strdup("py3-none-any");
	if (bp.plan->dist_info == NULL || bp.plan->wheel_tag == NULL) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if ((err = info->rules(&bp)) < 0 || (err = plan_finish(&bp)) < 0)
		goto done;
	*out = bp.plan;
	bp.plan = NULL;
done:
	sw_build_plan_free(bp.plan);
	sw_free(bp.import_name);
	sw_free(bp.root_real);
	sw_free(bp.dir_ok);
	return err;
}
