/*
 * serve/yank.c — sw_serve_yank(): marking a served file as yanked (PEP
 * 592) or not, by rewriting its .slipway.json sidecar atomically. A file
 * dropped into the folder gets a sidecar made from the same information the
 * index computes (digest, metadata hash, requires-python, mtime). A running
 * server sees the change on its next request.
 */
#include <dirent.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "serve/serve_int.h"

/* Finds ROOT/<project>/<file>, ROOT/<file> or ROOT/<any folder>/<file>. */
static int locate(sw_buf *path, const char *root, const char *file, const char *project)
{
	struct stat st;
	const char *tries[2] = {project, NULL};
	for (int i = 0; i < 2; i++) {
		sw_buf_clear(path);
		if (tries[i])
			sw_buf_printf(path, "%s/%s/%s", root, tries[i], file);
		else
			sw_buf_printf(path, "%s/%s", root, file);
		if (!sw_buf_error(path) && stat(path->ptr, &st) == 0 && S_ISREG(st.st_mode))
			return 0;
	}
	DIR *d = opendir(root);
	struct dirent *e;
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		sw_buf_clear(path);
		sw_buf_printf(path, "%s/%s/%s", root, e->d_name, file);
		if (!sw_buf_error(path) && stat(path->ptr, &st) == 0 && S_ISREG(st.st_mode)) {
			closedir(d);
			return 0;
		}
	}
	if (d)
		closedir(d);
	return sw_error_set(SW_ENOTFOUND, "'%s' is not served from %s", file, root);
}

/* Sets "yanked" in the JSON text of a sidecar (a new one from `f` when
 * `text` is NULL). */
static int sidecar_with_yank(sw_buf *out, const char *text, size_t len, const struct sv_file *f,
                             const char *reason)
{
	json_t *root = text ? json_loadb(text, len, 0, NULL) : json_object();
	int err = 0;
	if (!root || !json_is_object(root)) {
		json_decref(root);
		return sw_error_set(SW_EPARSE, "%s.slipway.json is not a JSON object", f->path);
	}
	if (!text) {
		json_object_set_new(root, "filename", json_string(f->filename));
		json_object_set_new(root, "size", json_integer((json_int_t)f->stamp.size));
		json_object_set_new(root, "sha256", json_string(f->sha256));
		json_object_set_new(
		        root, "upload-time-us",
		        json_integer((json_int_t)f->upload_time * 1000000 + f->upload_usec));
		if (f->meta)
			json_object_set_new(root, "metadata-sha256", json_string(f->meta_sha256));
		json_object_set_new(root, "requires-python",
		                    f->requires_python ? json_string(f->requires_python)
		                                       : json_null());
	}
	json_object_set_new(root, "yanked", reason ? json_string(reason) : json_false());
	char *dump = json_dumps(root, JSON_COMPACT);
	if (!dump || sw_buf_puts(out, dump) < 0 || sw_buf_putc(out, '\n') < 0)
		err = sw_error_set(SW_ENOMEM, "out of memory");
	free(dump);
	json_decref(root);
	return err;
}

int sw_serve_yank(const char *root, const char *filename, const char *reason)
{
	struct sv_distname dn;
	struct sv_file f = {0};
	sw_buf path, side, json;
	char *text = NULL;
	size_t len = 0;
	int err;
	sw_buf_init(&path, 8192);
	sw_buf_init(&side, 8192);
	sw_buf_init(&json, 1024 * 1024);
	if (!sv_filename_is_safe(filename) || sv_distname_parse(&dn, filename) < 0) {
		err = sw_error_set(SW_EINVAL, "'%s' is not a distribution filename", filename);
		goto done;
	}
	if ((err = locate(&path, root, filename, dn.project)) < 0)
		goto done;
	sw_buf_printf(&side, "%s.slipway.json", path.ptr);
	if ((err = sw_buf_error(&side)) < 0)
		goto done;
	err = sw_file_read(&text, &len, NULL, side.ptr, 1024 * 1024);
	if (err < 0) {
		/* no sidecar yet: make one from what the index would compute */
		f.filename = (char *)filename;
		f.path = path.ptr;
		f.kind = dn.kind;
		if ((err = sw_file_stamp_get(&f.stamp, path.ptr)) < 0 ||
		    (err = sv_index_file_info(&f)) < 0)
			goto done;
		sw_free(f.yanked);
		f.yanked = NULL;
	}
	if ((err = sidecar_with_yank(&json, text, len, &f, reason)) < 0)
		goto done;
	err = sw_file_write_atomic(side.ptr, json.ptr, json.len, NULL);
done:
	sw_free(f.requires_python);
	sw_free(f.yanked);
	sw_free(text);
	sw_buf_free(&path);
	sw_buf_free(&side);
	sw_buf_free(&json);
	return err;
}
