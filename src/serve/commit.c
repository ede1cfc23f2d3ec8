/*
 * serve/commit.c — putting a validated upload into place, crash-safely:
 * under one commit lock, compare with what the index already has (PyPI's
 * duplicate rules), write the .metadata and .slipway.json sidecars
 * atomically, then rename the fsync'd temporary file into
 * ROOT/<project>/<file> and fsync the folder. A crash at any point leaves
 * either no visible file or a complete one; a sidecar without its file is
 * never listed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "serve/serve_int.h"
#include "slipway/pep440.h"

/* fsyncs a folder. */
static int sync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int rc = fd >= 0 && fsync(fd) == 0 ? 0 : -1;
	if (fd >= 0)
		close(fd);
	return rc;
}

/* What the index holds for this project: 1 identical file, 0 nothing,
 * -1 a conflict (result set), under the index lock. */
static int compare_existing(struct sv_upload *up, const struct sv_distname *dn)
{
	struct sv_index *idx = &up->srv->index;
	sw_version *v = NULL;
	int found = 0;
	const char *version = NULL;
	if (sw_version_parse(&v, dn->version, strlen(dn->version)) == 0)
		version = sw_version_str(v);
	pthread_mutex_lock(&idx->lock);
	idx->dirty = 1;
	struct sv_project *p =
	        sv_index_refresh(idx) == 0 ? sv_index_project(idx, dn->project) : NULL;
	for (size_t i = 0; p && i < p->nfiles && found == 0; i++) {
		struct sv_file *f = p->files[i];
		int same_name = strcmp(f->filename, up->filename) == 0;
		if (!same_name && dn->kind != SV_WHEEL && f->kind != SV_WHEEL && version &&
		    strcmp(f->version, version) == 0) {
			found = -2;
			break;
		}
		if (!same_name && f->stamp.size != (int64_t)up->size)
			continue;
		if (sv_index_file_info(f) < 0)
			continue;
		int same_content = strcmp(f->sha256, up->hex[0]) == 0;
		if (same_name && same_content)
			found = 1;
		else if (same_name || same_content)
			found = -1;
	}
	pthread_mutex_unlock(&idx->lock);
	sw_version_free(v);
	sw_error_clear();
	if (found == -2)
		sv_fail(up, 400, "Only one sdist may be uploaded per release.");
	else if (found < 0)
		sv_fail(up, 400,
		        "File already exists ('%s', with blake2_256 hash '%s'). See "
		        "https://pypi.org/help/#file-name-reuse for more information.",
		        up->filename, up->hex[2]);
	return found;
}

/* The JSON sidecar of an upload. */
static int sidecar_text(sw_buf *out, const struct sv_upload *up, const char *meta_sha256,
                        const char *requires_python, const struct timeval *now)
{
	sw_buf_puts(out, "{\"filename\":");
	sw_buf_put_json_string(out, up->filename, strlen(up->filename));
	sw_buf_printf(out, ",\"size\":%llu,\"sha256\":\"%s\",\"md5\":\"%s\",\"blake2_256\":\"%s\"",
	              up->size, up->hex[0], up->hex[1], up->hex[2]);
	sw_buf_printf(out, ",\"upload-time-us\":%lld",
	              (long long)now->tv_sec * 1000000LL + (long long)now->tv_usec);
	if (meta_sha256)
		sw_buf_printf(out, ",\"metadata-sha256\":\"%s\"", meta_sha256);
	sw_buf_puts(out, ",\"requires-python\":");
	if (requires_python)
		sw_buf_put_json_string(out, requires_python, strlen(requires_python));
	else
		sw_buf_puts(out, "null");
	sw_buf_puts(out, ",\"yanked\":false}\n");
	return sw_buf_error(out);
}

/* Writes ROOT/<project>/<file><suffix> atomically. */
static int write_beside(const char *target, const char *suffix, const char *data, size_t len)
{
	sw_buf p;
	int err;
	sw_buf_init(&p, 8192);
	sw_buf_printf(&p, "%s%s", target, suffix);
	err = sw_buf_error(&p);
	if (!err)
		err = sw_file_write_atomic(p.ptr, data, len, NULL);
	sw_buf_free(&p);
	return err;
}

/* Sidecars, rename, fsync; the result says how it went. */
static void store(struct sv_upload *up, const char *dir, const char *target, const sw_buf *metadata,
                  const char *requires_python)
{
	char meta_hex[65];
	unsigned char digest[32];
	struct timeval now;
	sw_buf json;
	sw_buf_init(&json, 1024 * 1024);
	gettimeofday(&now, NULL);
	if (mkdir(dir, 0755) == 0)
		sync_dir(up->srv->index.root);
	else if (errno != EEXIST)
		goto io_error;
	if (metadata) {
		if (sw_hash_bytes(digest, SW_HASH_SHA256, metadata->ptr, metadata->len) < 0)
			goto io_error;
		sw_hex_encode(meta_hex, digest, 32);
		if (write_beside(target, ".metadata", metadata->ptr, metadata->len) < 0)
			goto io_error;
	}
	if (sidecar_text(&json, up, metadata ? meta_hex : NULL, requires_python, &now) < 0 ||
	    write_beside(target, ".slipway.json", json.ptr, json.len) < 0)
		goto io_error;
	if (rename(up->tmp_path, target) != 0 || sync_dir(dir) != 0)
		goto io_error;
	sw_free(up->tmp_path);
	up->tmp_path = NULL;
	up->result.status = 200;
	goto done;
io_error:
	sv_fail(up, 500, "Could not store the upload: %s",
	        sw_error_last()[0] ? sw_error_last() : strerror(errno));
done:
	sw_buf_free(&json);
}

void sv_commit(struct sv_upload *up, const struct sv_distname *dn, const sw_buf *metadata,
               const char *requires_python)
{
	sw_buf dir, target;
	sw_buf_init(&dir, 8192);
	sw_buf_init(&target, 8192);
	sw_buf_printf(&dir, "%s/%s", up->srv->index.root, dn->project);
	sw_buf_printf(&target, "%s/%s", sw_buf_cstr(&dir), up->filename);
	if (sw_buf_error(&dir) || sw_buf_error(&target)) {
		sv_fail(up, 500, "out of memory");
		goto done;
	}
	pthread_mutex_lock(&up->srv->commit_lock);
	int found = compare_existing(up, dn);
	if (found == 1)
		up->result.status = 200; /* identical re-upload: accepted, nothing stored */
	else if (found == 0)
		store(up, dir.ptr, target.ptr, metadata, requires_python);
	pthread_mutex_lock(&up->srv->index.lock);
	up->srv->index.dirty = 1;
	pthread_mutex_unlock(&up->srv->index.lock);
	pthread_mutex_unlock(&up->srv->commit_lock);
done:
	sw_buf_free(&dir);
	sw_buf_free(&target);
}
