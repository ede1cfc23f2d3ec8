/*
 * serve/validate.c — deciding on a received upload the way PyPI does
 * (SPECS.md §1.5, warehouse forklift): the action and protocol, the form
 * fields in warehouse's error priority (metadata_version, name, version,
 * then alphabetical), the file (name, extension, type, digests), the
 * filename against name and version, the archive and its metadata; with
 * PyPI's status codes and wording so clients that know PyPI's messages
 * (twine's "File already exists") behave the same.
 */
#include <stdio.h>
#include <string.h>

#include "serve/serve_int.h"
#include "slipway/metadata.h"
#include "slipway/pep440.h"
#include "slipway/pep508.h"

#define SEE_MD                                                                                     \
	" See https://packaging.python.org/specifications/core-metadata for more information."
#define NAME_RULE                                                                                  \
	"Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and "   \
	"'-'."

static const char *const metadata_versions[] = {"1.0", "1.1", "1.2", "2.1",
                                                "2.2", "2.3", "2.4", "2.5"};

/* Python's repr() of a string, as warehouse formats values (long values
 * shortened to their first and last 30 characters). */
static void py_repr(char *out, size_t size, const char *v)
{
	char tmp[80];
	sw_buf b;
	size_t n = strlen(v);
	if (n > 60) {
		snprintf(tmp, sizeof(tmp), "%.30s...%s", v, v + n - 30);
		v = tmp;
	}
	char q = strchr(v, '\'') && !strchr(v, '"') ? '"' : '\'';
	sw_buf_init(&b, size - 1);
	sw_buf_putc(&b, q);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p == '\\' || *p == (unsigned char)q)
			sw_buf_printf(&b, "\\%c", *p);
		else if (*p == '\n')
			sw_buf_puts(&b, "\\n");
		else if (*p == '\t')
			sw_buf_puts(&b, "\\t");
		else if (*p == '\r')
			sw_buf_puts(&b, "\\r");
		else if (*p < 0x20 || *p == 0x7f)
			sw_buf_printf(&b, "\\x%02x", *p);
		else
			sw_buf_putc(&b, (char)*p);
	}
	sw_buf_putc(&b, q);
	snprintf(out, size, "%s", sw_buf_cstr(&b));
	sw_buf_free(&b);
}

/* "'<value>' is an invalid value for <Field>. Error: <why> See ..." */
static void fail_field(struct sv_upload *up, const char *value, const char *field, const char *why)
{
	char r[200];
	py_repr(r, sizeof(r), value ? value : "");
	sv_fail(up, 400, "%s is an invalid value for %s. Error: %s" SEE_MD, r, field, why);
}

static int check_metadata_version(struct sv_upload *up, const char *v)
{
	char r[200];
	if (!v) {
		fail_field(up, v, "Metadata-Version", "This field is required.");
		return -1;
	}
	for (size_t i = 0; i < SW_ARRAY_LEN(metadata_versions); i++)
		if (strcmp(v, metadata_versions[i]) == 0)
			return 0;
	py_repr(r, sizeof(r), v);
	sv_fail(up, 400, "%s is not a valid metadata version." SEE_MD, r);
	return -1;
}

static int check_name(struct sv_upload *up, const char *v)
{
	if (!v)
		fail_field(up, v, "Name", "This field is required.");
	else if (!sw_name_is_valid(v, strlen(v)))
		fail_field(up, v, "Name", NAME_RULE);
	return up->failed ? -1 : 0;
}

static int check_version(struct sv_upload *up, const char *v)
{
	sw_version *ver = NULL;
	if (!v) {
		fail_field(up, v, "Version", "This field is required.");
		return -1;
	}
	if (strchr(" \t\r\n", v[0]) || strchr(" \t\r\n", v[strlen(v) - 1]))
		fail_field(up, v, "Version", "Can't have leading or trailing whitespace.");
	else if (sw_version_parse(&ver, v, strlen(v)) < 0)
		fail_field(up, v, "Version", NAME_RULE);
	else if (sw_version_has_local(ver))
		fail_field(up, v, "Version", "Can't use PEP 440 local versions.");
	sw_version_free(ver);
	sw_error_clear();
	return up->failed ? -1 : 0;
}

/* An optional hex digest of `len` characters. */
static int check_digest(struct sv_upload *up, const char *field, size_t len, const char *what)
{
	const char *v = sv_upload_field(up, field);
	if (v && (strlen(v) != len || strspn(v, "0123456789abcdefABCDEF") != len))
		sv_fail(up, 400,
		        "Invalid value for %s. Error: Use a valid, hex-encoded, %s message digest.",
		        field, what);
	return up->failed ? -1 : 0;
}

/* The UploadForm / MetadataForm checks, in warehouse's error order. */
static int check_form(struct sv_upload *up)
{
	const char *filetype = sv_upload_field(up, "filetype");
	const char *pyversion = sv_upload_field(up, "pyversion");
	if (check_metadata_version(up, sv_upload_field(up, "metadata_version")) < 0 ||
	    check_name(up, sv_upload_field(up, "name")) < 0 ||
	    check_version(up, sv_upload_field(up, "version")) < 0 ||
	    check_digest(up, "blake2_256_digest", 64, "BLAKE2") < 0)
		return -1;
	if (!filetype || (strcmp(filetype, "sdist") != 0 && strcmp(filetype, "bdist_wheel") != 0)) {
		sv_fail(up, 400, "Invalid value for filetype. Error: %s",
		        filetype ? "Use a known file type." : "This field is required.");
		return -1;
	}
	if (check_digest(up, "md5_digest", 32, "MD5") < 0)
		return -1;
	if (strcmp(filetype, "sdist") != 0 && !pyversion)
		sv_fail(up, 400,
		        "Invalid value for pyversion. Error: Python version is required for "
		        "binary distribution uploads.");
	else if (strcmp(filetype, "sdist") == 0 && pyversion && strcmp(pyversion, "source") != 0)
		sv_fail(up, 400,
		        "Invalid value for pyversion. Error: Use 'source' as Python version for an "
		        "sdist.");
	if (up->failed || check_digest(up, "sha256_digest", 64, "SHA256") < 0)
		return -1;
	if (!sv_upload_field(up, "md5_digest") && !sv_upload_field(up, "sha256_digest") &&
	    !sv_upload_field(up, "blake2_256_digest")) {
		sv_fail(up, 400, "Error: Include at least one message digest.");
		return -1;
	}
	return 0;
}

/* One Requires-Dist value: a PEP 508 requirement without a URL. */
static int check_requirement(struct sv_upload *up, const char *value)
{
	char r[200];
	sw_requirement *req = NULL;
	int err = sw_requirement_parse(&req, value, strlen(value));
	py_repr(r, sizeof(r), value);
	if (err == SW_ENOMEM)
		sv_fail(up, 500, "out of memory");
	else if (err < 0)
		sv_fail(up, 400, "%s is invalid for 'requires-dist'." SEE_MD, r);
	else if (sw_requirement_url(req))
		sv_fail(up, 400, "Can't have direct dependency: %s." SEE_MD, r);
	sw_requirement_free(req);
	sw_error_clear();
	return up->failed ? -1 : 0;
}

/* The metadata fields packaging validates (warehouse reports the first
 * failing field in alphabetical order). */
static int check_metadata_fields(struct sv_upload *up)
{
	char r[200];
	for (size_t i = 0; i < up->nfields; i++) {
		const struct sv_field *f = &up->fields[i];
		if (!f->was_file && f->value && f->value[0] &&
		    strcmp(f->name, "requires_dist") == 0 && check_requirement(up, f->value) < 0)
			return -1;
	}
	const char *rp = sv_upload_field(up, "requires_python");
	sw_specset *set = NULL;
	if (rp && sw_specset_parse(&set, rp, strlen(rp)) < 0) {
		py_repr(r, sizeof(r), rp);
		sv_fail(up, 400, "%s is invalid for 'requires-python'." SEE_MD, r);
	}
	sw_specset_free(set);
	sw_error_clear();
	const char *summary = sv_upload_field(up, "summary");
	if (!up->failed && summary && strchr(summary, '\n'))
		sv_fail(up, 400, "'summary' must be a single line." SEE_MD);
	return up->failed ? -1 : 0;
}

/* The action, protocol version and fields sent as files. */
static int check_request(struct sv_upload *up)
{
	const char *action = sv_upload_field(up, ":action");
	const char *proto = sv_upload_field(up, "protocol_version");
	if (action && (strcmp(action, "submit") == 0 || strcmp(action, "submit_pkg_info") == 0)) {
		sv_fail(up, 410,
		        "Project pre-registration is no longer required or supported, upload "
		        "your files instead.");
		return -1;
	}
	if (action && strcmp(action, "doc_upload") == 0) {
		sv_fail(up, 410,
		        "Uploading documentation is no longer supported, we recommend using "
		        "https://readthedocs.org/.");
		return -1;
	}
	if (!action || strcmp(action, "file_upload") != 0) {
		sv_fail(up, 400, "Invalid value for :action. Error: Use 'file_upload'.");
		return -1;
	}
	if (proto && strcmp(proto, "1") != 0) {
		sv_fail(up, 400, "Unknown protocol version.");
		return -1;
	}
	for (size_t i = 0; i < up->nfields; i++) {
		if (up->fields[i].was_file && strcmp(up->fields[i].name, "gpg_signature") != 0) {
			sv_fail(up, 400, "%s: Should not be a tuple.", up->fields[i].name);
			return -1;
		}
	}
	if (check_form(up) < 0)
		return -1;
	return check_metadata_fields(up);
}

/* Name, extension, type and digests of the file itself. */
static int check_file(struct sv_upload *up, struct sv_distname *dn)
{
	static const char *const algo_field[3] = {"sha256_digest", "md5_digest",
	                                          "blake2_256_digest"};
	const char *filetype = sv_upload_field(up, "filetype");
	const char *f = up->filename;
	if (!up->have_file || !f) {
		sv_fail(up, 400, "Upload payload does not have a file.");
		return -1;
	}
	size_t n = strlen(f);
	if (strchr(f, '/') || strchr(f, '\\')) {
		sv_fail(up, 400, "Cannot upload a file with '/' or '\\' in the name.");
		return -1;
	}
	for (const unsigned char *p = (const unsigned char *)f; *p; p++) {
		if (*p < 0x20 || *p == 0x7f) {
			sv_fail(up, 400,
			        "Cannot upload a file with non-printable characters (ordinals "
			        "0-31) or the DEL character (ordinal 127) in the name.");
			return -1;
		}
	}
	int wheel = strcmp(filetype, "bdist_wheel") == 0;
	if (!sv_filename_is_safe(f) || n < 5 ||
	    !(wheel ? strcmp(f + n - 4, ".whl") == 0
	            : n > 7 && strcmp(f + n - 7, ".tar.gz") == 0)) {
		sv_fail(up, 400,
		        "Invalid file extension: Use .tar.gz, .whl or .zip extension. See "
		        "https://www.python.org/dev/peps/pep-0527 and "
		        "https://peps.python.org/pep-0715/ for more information");
		return -1;
	}
	if (!up->file_ctype || !up->file_ctype[0] || strncmp(up->file_ctype, "image/", 6) == 0) {
		sv_fail(up, 400, "Invalid distribution file.");
		return -1;
	}
	for (int i = 0; i < 3; i++) {
		const char *sent = sv_upload_field(up, algo_field[i]);
		if (sent && strcasecmp(sent, up->hex[i]) != 0) {
			sv_fail(up, 400,
			        "The digest supplied does not match a digest calculated from "
			        "the uploaded file.");
			return -1;
		}
	}
	if (sv_distname_parse(dn, f) < 0) {
		sv_fail(up, 400, "Invalid wheel filename (wrong number of parts): '%s'", f);
		return -1;
	}
	return 0;
}

/* "foo-bar" -> "foo_bar" in place. */
static void underscore(char *s)
{
	for (; *s; s++)
		if (*s == '-')
			*s = '_';
}

/* The filename against the form's name and version (PEP 625, wheel names). */
static int check_filename_names(struct sv_upload *up, const struct sv_distname *dn,
                                const sw_version *v)
{
	char norm[SV_NAME_MAX], expected[3 * SV_NAME_MAX];
	const char *name = sv_upload_field(up, "name");
	const char *f = up->filename;
	sw_version *fv = NULL;
	if (sw_name_normalize_to(norm, sizeof(norm), NULL, name, strlen(name)) < 0) {
		sv_fail(up, 400, "'%s' is an invalid value for Name.", name);
		return -1;
	}
	underscore(norm);
	if (!sw_name_equal(dn->name, strlen(dn->name), name, strlen(name))) {
		sv_fail(up, 400, "Start filename for '%s' with '%s'.", name, norm);
		return -1;
	}
	if (dn->kind != SV_WHEEL) {
		snprintf(expected, sizeof(expected), "%s-%s.tar.gz", norm, sw_version_str(v));
		if (strcmp(f, expected) != 0)
			sv_fail(up, 400, "Filename '%s' is invalid, should be '%s'.", f, expected);
		return up->failed ? -1 : 0;
	}
	if (strcmp(dn->name, norm) != 0) {
		sv_fail(up, 400,
		        "Filename '%s' should contain the normalized project name '%s', not '%s'.",
		        f, norm, dn->name);
		return -1;
	}
	if (sw_version_parse(&fv, dn->version, strlen(dn->version)) < 0)
		sv_fail(up, 400, "Invalid wheel filename (invalid version): '%s'", f);
	else if (sw_version_compare(fv, v) != 0)
		sv_fail(up, 400, "Version in filename should be '%s' not '%s'.", sw_version_str(v),
		        dn->version);
	sw_version_free(fv);
	sw_error_clear();
	return up->failed ? -1 : 0;
}

/* The archive: readable, with metadata whose name and version match. */
static int check_archive(struct sv_upload *up, const struct sv_distname *dn, const sw_version *v,
                         sw_buf *text, char **requires_python)
{
	sw_metadata *md = NULL;
	sw_version *mv = NULL;
	const char *name = sv_upload_field(up, "name");
	if (sv_dist_metadata(text, up->tmp_path, up->filename, dn) < 0) {
		sv_fail(up, 400, "%s", sw_error_last());
		return -1;
	}
	if (sw_metadata_parse(&md, text->ptr, text->len, NULL) < 0) {
		sv_fail(up, 400, "Invalid distribution file. %s", sw_error_last());
		goto done;
	}
	const char *mname = sw_metadata_get(md, SW_MD_NAME);
	const char *mver = sw_metadata_get(md, SW_MD_VERSION);
	if (!mname || !sw_name_equal(mname, strlen(mname), name, strlen(name)))
		sv_fail(up, 400,
		        "Invalid distribution file. Its metadata names project '%s', not '%s'.",
		        mname ? mname : "", name);
	else if (!mver || sw_version_parse(&mv, mver, strlen(mver)) < 0 ||
	         sw_version_compare(mv, v) != 0)
		sv_fail(up, 400,
		        "Invalid distribution file. Its metadata has version '%s', not '%s'.",
		        mver ? mver : "", sw_version_str(v));
	const char *rp = sw_metadata_get(md, SW_MD_REQUIRES_PYTHON);
	if (!up->failed && rp && rp[0] && !(*requires_python = sw_strdup(rp)))
		sv_fail(up, 500, "out of memory");
done:
	sw_metadata_free(md);
	sw_version_free(mv);
	sw_error_clear();
	return up->failed ? -1 : 0;
}

void sv_upload_validate_and_store(struct sv_upload *up)
{
	struct sv_distname dn;
	sw_version *v = NULL;
	char *requires_python = NULL;
	sw_buf text;
	sw_buf_init(&text, (size_t)16 * 1024 * 1024);
	if (check_request(up) < 0 || check_file(up, &dn) < 0)
		goto done;
	const char *version = sv_upload_field(up, "version");
	if (sw_version_parse(&v, version, strlen(version)) < 0) {
		sv_fail(up, 400, "Invalid version.");
		goto done;
	}
	if (check_filename_names(up, &dn, v) < 0 ||
	    check_archive(up, &dn, v, &text, &requires_python) < 0)
		goto done;
	sv_commit(up, &dn, dn.kind == SV_WHEEL ? &text : NULL, requires_python);
done:
	sw_free(requires_python);
	sw_version_free(v);
	sw_buf_free(&text);
	sw_error_clear();
}
