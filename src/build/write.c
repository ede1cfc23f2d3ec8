/*
 * build/write.c — the output side shared by the sdist and wheel writers:
 * a temporary file in the output folder that is renamed into place only
 * when the archive is complete (so an interrupted build leaves nothing
 * under the final name), the reproducible member timestamp, and progress
 * reporting with cancellation; and writing the sdist and the wheel at once
 * on two threads, with progress summed over both and the worker's error
 * carried back to the calling thread.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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

/* ---- both at once -------------------------------------------------------- */

/* Room for an error message carried between threads. */
#define BW_MSG_MAX 1024

/* What the two writers share; every field is guarded by `lock`. */
struct bw_both {
	pthread_mutex_t lock;
	const sw_build_write_opts *user;
	unsigned long long done[2], total[2];
	int stop;             /* set by a cancel or a failure: the other stops too */
	int err;              /* the first error, 0 while none */
	char msg[BW_MSG_MAX]; /* and its message */
};

/* One writer: which archive, its options, its result. */
struct bw_side {
	struct bw_both *both;
	const sw_build_plan *plan;
	int idx; /* 0 sdist, 1 wheel */
	sw_build_write_opts opts;
	sw_build_artifact *out;
	int err;
};

/* Progress of one side: sums both under the lock, asks the user's callback. */
static int both_progress(unsigned long long done, unsigned long long total, void *ud)
{
	struct bw_side *side = ud;
	struct bw_both *b = side->both;
	int stop;
	pthread_mutex_lock(&b->lock);
	b->done[side->idx] = done;
	b->total[side->idx] = total;
	if (!b->stop && b->user->progress != NULL &&
	    b->user->progress(b->done[0] + b->done[1], b->total[0] + b->total[1],
	                      b->user->userdata) != 0)
		b->stop = 1;
	stop = b->stop;
	pthread_mutex_unlock(&b->lock);
	return stop;
}

/* Records a side's failure (the first one's message wins) and stops both. */
static void both_fail(struct bw_side *side)
{
	struct bw_both *b = side->both;
	pthread_mutex_lock(&b->lock);
	if (b->err == 0) {
		b->err = side->err;
		snprintf(b->msg, sizeof(b->msg), "%s", sw_error_last());
	}
	b->stop = 1;
	pthread_mutex_unlock(&b->lock);
}

/* Writes one side's archive; a failure stops the other side. */
static void both_run(struct bw_side *side)
{
	side->err = side->idx == 0 ? sw_build_write_sdist(side->out, side->plan, &side->opts)
	                           : sw_build_write_wheel(side->out, side->plan, &side->opts);
	if (side->err < 0)
		both_fail(side);
}

/* The second thread's entry: the sdist. */
static void *both_thread(void *arg)
{
	both_run(arg);
	return NULL;
}

/* Removes a written artifact and forgets it. */
static void both_unwrite(sw_build_artifact *art)
{
	if (art->path != NULL)
		unlink(art->path);
	sw_build_artifact_clear(art);
}

int sw_build_write_both(sw_build_artifact *sdist_out, sw_build_artifact *wheel_out,
                        const sw_build_plan *plan, const sw_build_write_opts *opts)
{
	struct bw_both b;
	struct bw_side side[2];
	pthread_t tid;
	memset(&b, 0, sizeof(b));
	memset(sdist_out, 0, sizeof(*sdist_out));
	memset(wheel_out, 0, sizeof(*wheel_out));
	if (pthread_mutex_init(&b.lock, NULL) != 0)
		return sw_error_set(SW_ENOMEM, "cannot create a mutex");
	b.user = opts;
	for (int i = 0; i < 2; i++) {
		side[i] = (struct bw_side){&b, plan, i, *opts, i == 0 ? sdist_out : wheel_out, 0};
		side[i].opts.progress = both_progress;
		side[i].opts.userdata = &side[i];
	}
	int threaded = pthread_create(&tid, NULL, both_thread, &side[0]) == 0;
	if (!threaded)
		both_run(&side[0]);
	both_run(&side[1]);
	if (threaded)
		pthread_join(tid, NULL);
	pthread_mutex_destroy(&b.lock);
	if (b.err == 0)
		return 0;
	both_unwrite(sdist_out);
	both_unwrite(wheel_out);
	return sw_error_set(b.err, "%s", b.msg);
}
