/*
 * metadata/record.c — the core metadata record: the table of known fields
 * (name, single or multi-use, the version that added it), and the record's
 * builders and accessors. Every value is checked when it is stored, so any
 * record can be emitted and read back unchanged.
 */
#include <string.h>

#include "metadata/md_int.h"
#include "util/util.h"

const struct md_field_info md_fields[SW_MD_FIELD_COUNT] = {
        [SW_MD_METADATA_VERSION] = {"Metadata-Version", "metadata-version", 0, 10},
        [SW_MD_NAME] = {"Name", "name", 0, 10},
        [SW_MD_VERSION] = {"Version", "version", 0, 10},
        [SW_MD_PLATFORM] = {"Platform", "platform", 1, 10},
        [SW_MD_SUPPORTED_PLATFORM] = {"Supported-Platform", "supported-platform", 1, 11},
        [SW_MD_SUMMARY] = {"Summary", "summary", 0, 10},
        [SW_MD_KEYWORDS] = {"Keywords", "keywords", 0, 10},
        [SW_MD_HOME_PAGE] = {"Home-page", "home-page", 0, 10},
        [SW_MD_DOWNLOAD_URL] = {"Download-URL", "download-url", 0, 11},
        [SW_MD_AUTHOR] = {"Author", "author", 0, 10},
        [SW_MD_AUTHOR_EMAIL] = {"Author-email", "author-email", 0, 10},
        [SW_MD_LICENSE] = {"License", "license", 0, 10},
        [SW_MD_LICENSE_EXPRESSION] = {"License-Expression", "license-expression", 0, 24},
        [SW_MD_LICENSE_FILE] = {"License-File", "license-file", 1, 24},
        [SW_MD_CLASSIFIER] = {"Classifier", "classifier", 1, 11},
        [SW_MD_REQUIRES_DIST] = {"Requires-Dist", "requires-dist", 1, 12},
        [SW_MD_PROVIDES_DIST] = {"Provides-Dist", "provides-dist", 1, 12},
        [SW_MD_OBSOLETES_DIST] = {"Obsoletes-Dist", "obsoletes-dist", 1, 12},
        [SW_MD_REQUIRES] = {"Requires", "requires", 1, 11},
        [SW_MD_PROVIDES] = {"Provides", "provides", 1, 11},
        [SW_MD_OBSOLETES] = {"Obsoletes", "obsoletes", 1, 11},
        [SW_MD_MAINTAINER] = {"Maintainer", "maintainer", 0, 12},
        [SW_MD_MAINTAINER_EMAIL] = {"Maintainer-email", "maintainer-email", 0, 12},
        [SW_MD_REQUIRES_PYTHON] = {"Requires-Python", "requires-python", 0, 12},
        [SW_MD_REQUIRES_EXTERNAL] = {"Requires-External", "requires-external", 1, 12},
        [SW_MD_PROJECT_URL] = {"Project-URL", "project-url", 1, 12},
        [SW_MD_PROVIDES_EXTRA] = {"Provides-Extra", "provides-extra", 1, 21},
        [SW_MD_IMPORT_NAME] = {"Import-Name", "import-name", 1, 25},
        [SW_MD_IMPORT_NAMESPACE] = {"Import-Namespace", "import-namespace", 1, 25},
        [SW_MD_DESCRIPTION_CONTENT_TYPE] = {"Description-Content-Type", "description-content-type",
                                            0, 21},
        [SW_MD_DYNAMIC] = {"Dynamic", "dynamic", 1, 22},
        [SW_MD_DESCRIPTION] = {"Description", "description", 0, 10},
};

static const char *const since_names[] = {"1.0", "1.1", "1.2", "2.1", "2.2", "2.3", "2.4", "2.5"};
static const int since_values[] = {10, 11, 12, 21, 22, 23, 24, 25};

static int field_ok(enum sw_md_field field)
{
	return (int)field >= 0 && field < SW_MD_FIELD_COUNT;
}

const char *sw_md_field_name(enum sw_md_field field)
{
	return field_ok(field) ? md_fields[field].name : NULL;
}

int sw_md_field_is_multi(enum sw_md_field field)
{
	return field_ok(field) && md_fields[field].multi;
}

const char *sw_md_field_since(enum sw_md_field field)
{
	for (size_t i = 0; field_ok(field) && i < SW_ARRAY_LEN(since_values); i++)
		if (since_values[i] == md_fields[field].since)
			return since_names[i];
	return NULL;
}

/* ASCII-only case-insensitive comparison of `len` bytes with a C string. */
static int name_equal_ci(const char *a, size_t len, const char *b)
{
	size_t i;
	for (i = 0; i < len && b[i]; i++) {
		char x = a[i], y = b[i];
		if (x >= 'A' && x <= 'Z')
			x = (char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return i == len && b[i] == '\0';
}

int sw_md_field_lookup(enum sw_md_field *out, const char *name, size_t len)
{
	for (int f = 0; f < SW_MD_FIELD_COUNT; f++) {
		if (name_equal_ci(name, len, md_fields[f].name)) {
			*out = (enum sw_md_field)f;
			return 0;
		}
	}
	return SW_ENOTFOUND;
}

int sw_metadata_new(sw_metadata **out)
{
	*out = sw_calloc(1, sizeof(**out));
	if (!*out)
		return sw_error_set(SW_ENOMEM, "out of memory");
	return 0;
}

static void list_free(struct md_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		sw_free(list->v[i]);
	sw_free(list->v);
	list->v = NULL;
	list->n = list->cap = 0;
}

void sw_metadata_free(sw_metadata *md)
{
	if (!md)
		return;
	for (int f = 0; f < SW_MD_FIELD_COUNT; f++)
		list_free(&md->field[f]);
	for (size_t i = 0; i < md->n_unknown; i++) {
		sw_free(md->unknown[i].name);
		sw_free(md->unknown[i].value);
	}
	sw_free(md->unknown);
	sw_free(md);
}

/* Makes room for one more pointer in `*v` (element size `size`). */
static int reserve(void **v, size_t *cap, size_t n, size_t size)
{
	size_t want;
	void *grown;
	if (n < *cap)
		return 0;
	want = *cap ? *cap * 2 : 4;
	grown = sw_realloc(*v, want * size);
	if (!grown)
		return sw_error_set(SW_ENOMEM, "out of memory");
	*v = grown;
	*cap = want;
	return 0;
}

int md_list_push(struct md_list *list, const char *value, size_t len)
{
	char *copy;
	void *v = list->v;
	int err = reserve(&v, &list->cap, list->n, sizeof(char *));
	list->v = v;
	if (err < 0)
		return err;
	if (!(copy = sw_strndup(value, len)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	list->v[list->n++] = copy;
	return 0;
}

void sw_metadata_clear(sw_metadata *md, enum sw_md_field field)
{
	if (field_ok(field))
		list_free(&md->field[field]);
}

int sw_metadata_set(sw_metadata *md, enum sw_md_field field, const char *value)
{
	struct md_list fresh = {0};
	int err;
	if (!field_ok(field) || md_fields[field].multi)
		return sw_error_set(SW_EINVAL, "%s is not a single-use field",
		                    field_ok(field) ? md_fields[field].name : "?");
	if (!value || (field == SW_MD_DESCRIPTION && !value[0])) {
		list_free(&md->field[field]);
		return 0;
	}
	if ((err = md_check_value(md_fields[field].name, value, strlen(value),
	                          field == SW_MD_DESCRIPTION)) < 0)
		return err;
	if ((err = md_list_push(&fresh, value, strlen(value))) < 0) {
		list_free(&fresh);
		return err;
	}
	list_free(&md->field[field]);
	md->field[field] = fresh;
	return 0;
}

/* The stripped label of a Project-URL value. */
static void url_label(const char *value, const char **label, size_t *len)
{
	const char *url;
	size_t url_len;
	sw_md_project_url_split(value, label, len, &url, &url_len);
}

int md_project_url_label_used(const sw_metadata *md, const char *value)
{
	const struct md_list *urls = &md->field[SW_MD_PROJECT_URL];
	const char *label, *other;
	size_t len, other_len;
	url_label(value, &label, &len);
	for (size_t i = 0; i < urls->n; i++) {
		url_label(urls->v[i], &other, &other_len);
		if (other_len == len && memcmp(other, label, len) == 0)
			return 1;
	}
	return 0;
}

int sw_metadata_add(sw_metadata *md, enum sw_md_field field, const char *value)
{
	int err;
	if (!field_ok(field) || !md_fields[field].multi)
		return sw_error_set(SW_EINVAL, "%s is not a multi-use field",
		                    field_ok(field) ? md_fields[field].name : "?");
	if (!value)
		return sw_error_set(SW_EINVAL, "no value given for %s", md_fields[field].name);
	if ((err = md_check_value(md_fields[field].name, value, strlen(value), 0)) < 0)
		return err;
	if (field == SW_MD_PROJECT_URL && md_project_url_label_used(md, value))
		return sw_error_set(SW_EEXISTS, "Project-URL '%s': the label is already used",
		                    value);
	return md_list_push(&md->field[field], value, strlen(value));
}

int sw_metadata_add_project_url(sw_metadata *md, const char *label, const char *url)
{
	size_t llen = strlen(label), ulen = strlen(url);
	const char *s = label, *u = url;
	size_t slen = llen, sulen = ulen;
	sw_buf both;
	int err;
	md_strip(&s, &slen);
	md_strip(&u, &sulen);
	if (!llen || strchr(label, ',') || slen != llen || sulen != ulen)
		return sw_error_set(SW_EINVAL,
		                    "Project-URL label '%s': must be non-empty, without commas "
		                    "and without surrounding whitespace",
		                    label);
	sw_buf_init(&both, SW_METADATA_MAX_LEN);
	sw_buf_printf(&both, "%s, %s", label, url);
	if ((err = sw_buf_error(&both)) < 0)
		err = sw_error_set(err, "out of memory");
	else
		err = sw_metadata_add(md, SW_MD_PROJECT_URL, sw_buf_cstr(&both));
	sw_buf_free(&both);
	return err;
}

const char *sw_metadata_get(const sw_metadata *md, enum sw_md_field field)
{
	return sw_metadata_value(md, field, 0);
}

size_t sw_metadata_count(const sw_metadata *md, enum sw_md_field field)
{
	return field_ok(field) ? md->field[field].n : 0;
}

const char *sw_metadata_value(const sw_metadata *md, enum sw_md_field field, size_t i)
{
	if (!field_ok(field) || i >= md->field[field].n)
		return NULL;
	return md->field[field].v[i];
}

void sw_md_project_url_split(const char *value, const char **label, size_t *label_len,
                             const char **url, size_t *url_len)
{
	const char *comma = strchr(value, ',');
	*label = value;
	*label_len = comma ? (size_t)(comma - value) : strlen(value);
	*url = comma ? comma + 1 : value + *label_len;
	*url_len = strlen(*url);
	md_strip(label, label_len);
	md_strip(url, url_len);
}

/* Appends an unknown header; name and value are already checked. */
static int add_unknown(sw_metadata *md, const char *name, const char *value)
{
	void *v = md->unknown;
	struct md_unknown u = {NULL, NULL};
	int err = reserve(&v, &md->cap_unknown, md->n_unknown, sizeof(*md->unknown));
	md->unknown = v;
	if (err < 0)
		return err;
	u.name = sw_strdup(name);
	u.value = sw_strdup(value);
	if (!u.name || !u.value) {
		sw_free(u.name);
		sw_free(u.value);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	md->unknown[md->n_unknown++] = u;
	return 0;
}

int sw_metadata_add_header(sw_metadata *md, const char *name, const char *value)
{
	enum sw_md_field field;
	int err;
	if (!md_name_is_valid(name, strlen(name)))
		return sw_error_set(SW_EINVAL, "invalid header name '%s'", name);
	if (sw_md_field_lookup(&field, name, strlen(name)) == 0) {
		if (md_fields[field].multi)
			return sw_metadata_add(md, field, value);
		if (md->field[field].n)
			return sw_error_set(SW_EEXISTS,
			                    "%s is a single-use field and is already set",
			                    md_fields[field].name);
		return sw_metadata_set(md, field, value);
	}
	if ((err = md_check_value(name, value, strlen(value), 0)) < 0)
		return err;
	return add_unknown(md, name, value);
}

size_t sw_metadata_unknown_count(const sw_metadata *md)
{
	return md->n_unknown;
}

const char *sw_metadata_unknown_name(const sw_metadata *md, size_t i)
{
	return i < md->n_unknown ? md->unknown[i].name : NULL;
}

const char *sw_metadata_unknown_value(const sw_metadata *md, size_t i)
{
	return i < md->n_unknown ? md->unknown[i].value : NULL;
}

static int list_equal(const struct md_list *a, const struct md_list *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->v[i], b->v[i]) != 0)
			return 0;
	return 1;
}

int sw_metadata_equal(const sw_metadata *a, const sw_metadata *b)
{
	for (int f = 0; f < SW_MD_FIELD_COUNT; f++)
		if (!list_equal(&a->field[f], &b->field[f]))
			return 0;
	if (a->n_unknown != b->n_unknown)
		return 0;
	for (size_t i = 0; i < a->n_unknown; i++)
		if (strcmp(a->unknown[i].name, b->unknown[i].name) != 0 ||
		    strcmp(a->unknown[i].value, b->unknown[i].value) != 0)
			return 0;
	return 1;
}

const char *sw_metadata_required_version(const sw_metadata *md)
{
	int need = 23;
	for (int f = 0; f < SW_MD_FIELD_COUNT; f++)
		if (md->field[f].n && md_fields[f].since > need)
			need = md_fields[f].since;
	return need == 25 ? "2.5" : need == 24 ? "2.4" : "2.3";
}
