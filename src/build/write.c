/*
 * build/write.c — the output side shared by the sdist and wheel writers:
 * a temporary file in the output folder that is renamed into place only
 * when the archive is complete (so an interrupted build leaves nothing
 * under the final name), the reproducible member timestamp, and progress
 * reporting with cancellation.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build/write_int.h"
#include "slipway/hash.h"
#include "util/util.h"

/* hatchling's default when SOURCE_DATE_EPOCH is not set: 2020-02-02. */
#define BW_DEFAULT_MTIME 1580601600LL

long long bw_mtime(const sw_build_write_opts *opts, long long floor)
{
	long long t = opts->mtime;
	if (t < 0) {
		const char *env = getenv("SOURCE_DATE_EPOCH");
		t = BW_DEFAULT_MTIME;
		if (env != NULL && *env != '\0') {
			long long v = 0;
			const char *p = env;
			for (; *p >= '0' && *p <= '9' && v < 100000000000LL; p++)
				v = v * 10 + (*p - '0');
			if (*p == '\0')
				t = v;
		}
	}
	return t < floor ? floor : t;
}

void sw_build_artifact_clear(sw_build_artifact *artifact)
{
	if (artifact == NULL)
		return;
	sw_free(artifact->path);
	memset(artifact, 0, sizeof(*artifact));
}

/* Creates a folder and its missing parents. */
static int make_dirs(const char *dir)
{
	char *copy = sw_strdup(dir);
	int err = 0;
	if (copy == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (char *p = copy + 1;; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		char c = *p;
		*p = '\0';
		if (mkdir(copy, 0755) < 0 && errno != EEXIST) {
			err = sw_error_set(SW_EIO, "%s: cannot create the folder: %s", copy,
			                   strerror(errno));
			break;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	struct stat st;
	if (err == 0 && (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)))
		err = sw_error_set(SW_EIO, "%s: not a folder", dir);
	sw_free(copy);
	return err;
}

/* Joins a folder and a name, with a prefix before the name. */
static char *join3(const char *dir, const char *prefix, const char *name, const char *suffix)
{
	sw_buf b;
	sw_buf_init(&b, 64 * 1024);
	sw_buf_printf(&b, "%s/%s%s%s", dir, prefix, name, suffix);
	if (sw_buf_error(&b) < 0) {
		sw_buf_free(&b);
		return NULL;
	}
	return sw_buf_detach(&b, NULL);
}

int bw_out_open(struct bw_out *out, const char *outdir, const char *filename)
{
	int err;
	memset(out, 0, sizeof(*out));
	out->fd = -1;
	if (outdir == NULL || *outdir == '\0')
		outdir = ".";
	if ((err = make_dirs(outdir)) < 0)
		return err;
	out->final_path = join3(outdir, "", filename, "");
	out->tmp_path = join3(outdir, ".", filename, ".XXXXXX");
	if (out->final_path == NULL || out->tmp_path == NULL) {
		bw_out_discard(out);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	out->fd = mkstemp(out->tmp_path);
	if (out->fd < 0) {
		err = sw_error_set(SW_EIO, "%s: cannot create a file there: %s", outdir,
		                   strerror(errno));
		sw_free(out->tmp_path);
		out->tmp_path = NULL;
		bw_out_discard(out);
		return err;
	}
	return 0;
}

int bw_out_commit(struct bw_out *out, sw_build_artifact *art)
{
	unsigned char digest[SW_HASH_MAX_SIZE];
	unsigned long long size = 0;
	int err = 0;
	if (out->fd >= 0) {
		if (fsync(out->fd) < 0 || close(out->fd) < 0) {
			out->fd = -1;
			return sw_error_set(SW_EIO, "%s: %s", out->tmp_path, strerror(errno));
		}
		out->fd = -1;
	}
	if (chmod(out->tmp_path, 0644) < 0)
		return sw_error_set(SW_EIO, "%s: %s", out->tmp_path, strerror(errno));
	if ((err = sw_hash_file(digest, &size, SW_HASH_SHA256, out->tmp_path)) < 0)
		return err;
	if (rename(out->tmp_path, out->final_path) < 0)
		return sw_error_set(SW_EIO, "%s: cannot rename into place: %s", out->final_path,
		                    strerror(errno));
	sw_free(out->tmp_path);
	out->tmp_path = NULL;
	if (art != NULL) {
		memset(art, 0, sizeof(*art));
		art->path = out->final_path;
		out->final_path = NULL;
		art->size = size;
		sw_hex_encode(art->sha256, digest, sw_hash_size(SW_HASH_SHA256));
	}
	return 0;
}

void bw_out_discard(struct bw_out *out)
{
	if (out->fd >= 0)
		close(out->fd);
	out->fd = -1;
	if (out->tmp_path != NULL)
		unlink(out->tmp_path);
	sw_free(out->tmp_path);
	sw_free(out->final_path);
	out->tmp_path = out->final_path = NULL;
}

char *bw_source_path(const sw_build_plan *plan, const char *source)
{
	return join3(plan->root, "", source, "");
}

int bw_progress_init(struct bw_progress *p, const sw_build_plan *plan, const sw_build_members *list,
                     const sw_build_write_opts *opts)
{
	memset(p, 0, sizeof(*p));
	p->opts = opts;
	if (opts->progress == NULL)
		return 0;
	for (size_t i = 0; i < list->count; i++) {
		const sw_build_member *m = &list->items[i];
		if (m->source == NULL) {
			p->total += m->data_len;
			continue;
		}
		char *path = bw_source_path(plan, m->source);
		struct stat st;
		if (path == NULL)
			return sw_error_set(SW_ENOMEM, "out of memory");
		if (stat(path, &st) == 0)
			p->total += (unsigned long long)st.st_size;
		sw_free(path);
	}
	return 0;
}

int bw_progress_add(struct bw_progress *p, size_t n)
{
	p->done += n;
	if (p->opts->progress == NULL)
		return 0;
	if (p->opts->progress(p->done, p->total, p->opts->userdata) != 0) {
		p->cancelled = 1;
		return sw_error_set(SW_ECANCELLED, "the build was cancelled");
	}
	return 0;
}
