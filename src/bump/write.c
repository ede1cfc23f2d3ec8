/*
 * bump/write.c — turning a site list and a new version into the new text
 * of every file (pyproject.toml through the TOML editor, other files by
 * replacing exactly the version's bytes), showing it as a diff, and
 * writing it: one atomic write per file, refused when a file changed on
 * disk since it was read, with the files already written put back when a
 * later one fails.
 */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "bump/sites_int.h"
#include "slipway/pep440.h"
#include "slipway/project_edit.h"
#include "slipway/toml.h"
#include "util/util.h"

struct plan_file {
	size_t file; /* index into the sites' files */
	char *text;  /* new text */
	size_t len;
	sw_file_stamp stamp; /* of the file on disk, updated by writes */
};

struct sw_bump_plan {
	const sw_version_sites *sites;
	struct plan_file files[SW_BUMP_FILES_MAX];
	size_t n;
};

/* The new text of a non-TOML file: each site's bytes replaced, from the
 * last to the first so earlier offsets stay valid. */
static int splice_sites(struct plan_file *pf, const sw_version_sites *s, const char *nv)
{
	const struct site_file *f = &s->files[pf->file];
	size_t nvlen = strlen(nv), prev = f->len;
	sw_buf b, tail;
	int err;
	sw_buf_init(&b, SW_BUMP_FILE_MAX + 64 * nvlen);
	sw_buf_init(&tail, SW_BUMP_FILE_MAX + 64 * nvlen);
	for (size_t i = s->nsites; i-- > 0;) {
		const sw_version_site *v = &s->sites[i].pub;
		sw_buf tmp;
		if (s->sites[i].file != pf->file)
			continue;
		sw_buf_clear(&b);
		sw_buf_put(&b, nv, nvlen);
		sw_buf_put(&b, f->text + v->offset + v->len, prev - v->offset - v->len);
		sw_buf_put(&b, tail.ptr ? tail.ptr : "", tail.len);
		tmp = tail, tail = b, b = tmp;
		prev = v->offset;
	}
	sw_buf_clear(&b);
	sw_buf_put(&b, f->text, prev);
	sw_buf_put(&b, tail.ptr ? tail.ptr : "", tail.len);
	if ((err = sw_buf_error(&b)) < 0 || (err = sw_buf_error(&tail)) < 0) {
		err = sw_error_set(err, "out of memory");
		goto done;
	}
	pf->text = sw_buf_detach(&b, &pf->len);
	err = pf->text ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
done:
	sw_buf_free(&b);
	sw_buf_free(&tail);
	return err;
}

/* The new pyproject.toml: project.version set through the TOML editor,
 * in the string's own delimiters. */
static int edit_pyproject(struct plan_file *pf, const sw_version_site *v, const struct site_file *f,
                          const char *nv)
{
	static const char *const keys[] = {"project", "version"};
	sw_toml_doc *doc = NULL;
	sw_buf value;
	size_t delim = v->offset >= 3 && (memcmp(f->text + v->offset - 3, "\"\"\"", 3) == 0 ||
	                                  memcmp(f->text + v->offset - 3, "'''", 3) == 0)
	                       ? 3
	                       : 1;
	const char *text;
	size_t len;
	int err;
	sw_buf_init(&value, 2 * SW_PEP440_MAX_LEN);
	sw_buf_put(&value, f->text + v->offset - delim, delim);
	sw_buf_puts(&value, nv);
	sw_buf_put(&value, f->text + v->offset - delim, delim);
	if ((err = sw_buf_error(&value)) < 0) {
		err = sw_error_set(err, "out of memory or version too long");
		goto done;
	}
	if ((err = sw_toml_parse(&doc, f->text, f->len, f->path)) < 0)
		goto done;
	if ((err = sw_toml_set(doc, keys, 2, value.ptr, value.len)) < 0)
		goto done;
	text = sw_toml_text(doc, &len);
	if (!(pf->text = sw_strndup(text, len)))
		err = sw_error_set(SW_ENOMEM, "out of memory");
	pf->len = len;
done:
	sw_toml_free(doc);
	sw_buf_free(&value);
	return err;
}

/* Refuses a file that changed since discovery or lost its write bit. */
static int check_file(const struct site_file *f)
{
	sw_file_stamp now;
	struct stat st;
	if (sw_file_stamp_get(&now, f->abs) < 0)
		return SW_EIO;
	if (!sw_file_stamp_equal(&now, &f->stamp))
		return sw_error_set(SW_ECONFLICT,
		                    "%s changed on disk since it was read; run again to read it "
		                    "anew (nothing was written)",
		                    f->path);
	if (stat(f->abs, &st) != 0 || (st.st_mode & S_IWUSR) == 0)
		return sw_error_set(SW_EREFUSED,
		                    "%s is read-only; make it writable (chmod u+w %s) and run "
		                    "again (nothing was written)",
		                    f->path, f->path);
	return 0;
}

/* Adds the plan entry of one file holding sites. */
static int plan_file(sw_bump_plan *p, size_t file, const char *nv)
{
	const sw_version_sites *s = p->sites;
	struct plan_file *pf = &p->files[p->n];
	int err;
	for (size_t i = 0; i < p->n; i++)
		if (p->files[i].file == file)
			return 0;
	if ((err = check_file(&s->files[file])) < 0)
		return err;
	memset(pf, 0, sizeof(*pf));
	pf->file = file;
	pf->stamp = s->files[file].stamp;
	for (size_t i = 0; i < s->nsites; i++)
		if (s->sites[i].file == file && s->sites[i].pub.origin == SW_SITE_PROJECT_VERSION) {
			err = edit_pyproject(pf, &s->sites[i].pub, &s->files[file], nv);
			goto done;
		}
	err = splice_sites(pf, s, nv);
done:
	if (err == 0)
		p->n++;
	return err;
}

int sw_bump_plan_make(sw_bump_plan **out, const sw_version_sites *sites, const char *nv)
{
	sw_bump_plan *p;
	int err = 0;
	*out = NULL;
	if (!sites || !nv)
		return sw_error_set(SW_EINVAL, "no sites or version given");
	if (sw_version_sites_problem(sites))
		return sw_error_set(SW_EREFUSED, "%s\nnothing was written",
		                    sw_version_sites_problem(sites));
	if (strlen(nv) > SW_PEP440_MAX_LEN)
		return sw_error_set(SW_ETOOBIG, "version too long");
	if (!(p = sw_calloc(1, sizeof(*p))))
		return sw_error_set(SW_ENOMEM, "out of memory");
	p->sites = sites;
	for (size_t i = 0; i < sites->nsites && err == 0; i++)
		err = plan_file(p, sites->sites[i].file, nv);
	if (err < 0)
		sw_bump_plan_free(p);
	else
		*out = p;
	return err;
}

void sw_bump_plan_free(sw_bump_plan *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n; i++)
		sw_free(p->files[i].text);
	sw_free(p);
}

size_t sw_bump_plan_count(const sw_bump_plan *p)
{
	return p ? p->n : 0;
}

const char *sw_bump_plan_path(const sw_bump_plan *p, size_t i)
{
	return p && i < p->n ? p->sites->files[p->files[i].file].path : NULL;
}

int sw_bump_plan_diff(sw_buf *out, const sw_bump_plan *p)
{
	for (size_t i = 0; p && i < p->n; i++) {
		const struct site_file *f = &p->sites->files[p->files[i].file];
		sw_text_diff(out, f->path, f->text, f->len, p->files[i].text, p->files[i].len);
	}
	return sw_buf_error(out);
}

/* Puts back files [0, n) after a failed write; returns how many failed. */
static size_t roll_back(sw_bump_plan *p, size_t n)
{
	size_t failed = 0;
	for (size_t i = 0; i < n; i++) {
		const struct site_file *f = &p->sites->files[p->files[i].file];
		if (sw_file_write_atomic(f->abs, f->text, f->len, &p->files[i].stamp) < 0)
			failed++;
	}
	return failed;
}

int sw_bump_plan_write(sw_bump_plan *p)
{
	char msg[1024];
	int err = 0;
	size_t i;
	if (!p)
		return sw_error_set(SW_EINVAL, "no plan");
	for (i = 0; i < p->n; i++) {
		const struct site_file *f = &p->sites->files[p->files[i].file];
		if ((err = sw_file_write_atomic(f->abs, p->files[i].text, p->files[i].len,
		                                &p->files[i].stamp)) < 0)
			break;
	}
	if (err == 0)
		return 0;
	snprintf(msg, sizeof(msg), "%s", sw_error_last());
	if (i > 0 && roll_back(p, i) > 0)
		return sw_error_set(err,
		                    "%s; putting back the files already written failed too: "
		                    "check them with git diff",
		                    msg);
	return sw_error_set(err, "%s (nothing was changed)", msg);
}
