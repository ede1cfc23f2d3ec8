/*
 * artifact/hashing.c — SHA-256 and size of every member, the heavy part of
 * the RECORD check. Zip members are spread over worker threads, each with
 * its own libzip handle on the file (libzip handles are not thread-safe);
 * a deflated member of moderate size is read raw and inflated in one call
 * by libdeflate when it is available (2-3x zlib), others stream through
 * libzip. Tarballs are hashed in one sequential pass.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <zip.h>
#ifdef SW_HAVE_LIBDEFLATE
#include <libdeflate.h>
#endif

#include "artifact/art_int.h"
#include "slipway/hash.h"

/* Members up to this size are inflated whole (per worker: this much plus
 * the compressed bytes), larger ones stream. */
#define WHOLE_MAX   ((uint64_t)16 * 1024 * 1024)
#define MAX_WORKERS 16
/* Below this many uncompressed bytes, a zip is hashed without workers. */
#define SMALL_TOTAL ((uint64_t)8 * 1024 * 1024)

struct job {
	const sw_artifact *a;
	unsigned char *digests;
	uint64_t *sizes;
	int *errors;
	atomic_size_t next;
	atomic_int failed; /* first hard error (SW_ENOMEM), stops everyone */
};

/* A sw_artifact_read_fn feeding a digest and counting bytes. */
struct sink {
	sw_hash *h;
	uint64_t n;
};

static int sink_data(void *ud, const void *data, size_t len)
{
	struct sink *s = ud;
	s->n += len;
	return sw_hash_update(s->h, data, len);
}

/* Hashes a member by streaming it through the given read function;
 * `expected` is what the whole pass will hash (sw_hash_new_sized). */
static int hash_stream(unsigned char *digest, uint64_t *size, const sw_artifact *a, size_t i,
                       uint64_t expected)
{
	struct sink s = {NULL, 0};
	int err;
	if ((err = sw_hash_new_sized(&s.h, SW_HASH_SHA256, expected)) < 0)
		return err;
	err = a->kind == SW_ARTIFACT_SDIST ? sw_artifact_member_read(a, i, sink_data, &s)
	                                   : art_zip_read(a, i, sink_data, &s);
	if (!err)
		err = sw_hash_final(s.h, digest);
	sw_hash_free(s.h);
	*size = s.n;
	return err;
}

#ifdef SW_HAVE_LIBDEFLATE
/* Per-worker buffers for whole-member inflation. */
struct whole {
	struct libdeflate_decompressor *d;
	unsigned char *in, *out;
	size_t in_cap, out_cap;
};

/* Grows a buffer to at least n bytes. */
static int grow(unsigned char **p, size_t *cap, size_t n)
{
	unsigned char *q;
	if (n <= *cap)
		return 0;
	if (!(q = sw_realloc(*p, n)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	*p = q;
	*cap = n;
	return 0;
}

/* Reads member i's raw deflate stream and inflates it in one call; 1 if it
 * was done this way, 0 to fall back to streaming, or an error. */
static int hash_whole(unsigned char *digest, uint64_t *size, const sw_artifact *a, zip_t *z,
                      size_t i, struct whole *w)
{
	const sw_artifact_member *m = &a->members[i];
	size_t got = 0, actual = 0;
	zip_file_t *f;
	zip_int64_t n;
	if (m->compression != SW_COMPRESSION_DEFLATED || m->size > WHOLE_MAX ||
	    m->compressed_size > WHOLE_MAX || !w->d)
		return 0;
	if (grow(&w->in, &w->in_cap, (size_t)m->compressed_size + 1) < 0 ||
	    grow(&w->out, &w->out_cap, (size_t)m->size + 1) < 0)
		return SW_ENOMEM;
	if (!(f = zip_fopen_index(z, i, ZIP_FL_COMPRESSED)))
		return 0;
	while (got < m->compressed_size &&
	       (n = zip_fread(f, w->in + got, (zip_uint64_t)(m->compressed_size - got))) > 0)
		got += (size_t)n;
	zip_fclose(f);
	if (got != m->compressed_size ||
	    libdeflate_deflate_decompress(w->d, w->in, got, w->out, (size_t)m->size, &actual) !=
	            LIBDEFLATE_SUCCESS ||
	    actual != m->size || libdeflate_crc32(0, w->out, actual) != m->crc32)
		return 0; /* let the streaming reader name the problem */
	*size = actual;
	return sw_hash_bytes(digest, SW_HASH_SHA256, w->out, actual) < 0 ? SW_ENOMEM : 1;
}
#endif

/* One worker: its own zip handle, members taken from the shared counter. */
static void *worker(void *arg)
{
	struct job *j = arg;
	sw_artifact view;
	int zerr;
	zip_t *z = zip_open(j->a->path, ZIP_RDONLY, &zerr);
#ifdef SW_HAVE_LIBDEFLATE
	struct whole w = {libdeflate_alloc_decompressor(), NULL, NULL, 0, 0};
#endif
	if (!z) {
		atomic_store(&j->failed, SW_EIO);
		return NULL;
	}
	view = *j->a; /* same members, our own handle */
	view.zip = z;
	for (;;) {
		size_t i = atomic_fetch_add(&j->next, 1);
		int err = 0;
		if (i >= view.count || atomic_load(&j->failed))
			break;
		if (view.members[i].type != SW_MEMBER_FILE &&
		    view.members[i].type != SW_MEMBER_SYMLINK)
			continue; /* a zip symlink's data is its target, listed in RECORD */
#ifdef SW_HAVE_LIBDEFLATE
		err = hash_whole(j->digests + 32 * i, &j->sizes[i], &view, z, i, &w);
#endif
		if (err == 0)
			err = hash_stream(j->digests + 32 * i, &j->sizes[i], &view, i, UINT64_MAX);
		if (err == SW_ENOMEM)
			atomic_store(&j->failed, SW_ENOMEM);
		else if (err < 0 && j->errors)
			j->errors[i] = err;
		else if (err < 0)
			atomic_store(&j->failed, err);
	}
#ifdef SW_HAVE_LIBDEFLATE
	libdeflate_free_decompressor(w.d);
	sw_free(w.in);
	sw_free(w.out);
#endif
	zip_discard(z);
	return NULL;
}

/* Hashes a zip's members on `threads` workers. */
static int hash_zip(struct job *j, unsigned threads)
{
	pthread_t tid[MAX_WORKERS];
	unsigned started = 0;
	int err;
	if (threads > MAX_WORKERS)
		threads = MAX_WORKERS;
	for (; started < threads; started++)
		if (pthread_create(&tid[started], NULL, worker, j) != 0)
			break;
	if (!started)
		worker(j);
	for (unsigned t = 0; t < started; t++)
		pthread_join(tid[t], NULL);
	err = atomic_load(&j->failed);
	if (err == SW_ENOMEM)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if (err == SW_EIO)
		return sw_error_set(SW_EIO, "%s: cannot open the file again", j->a->path);
	if (err < 0)
		return sw_error_set(err, "%s: a member cannot be read", j->a->path);
	return 0;
}

/* Total uncompressed bytes of the members. */
static uint64_t total_size(const sw_artifact *a)
{
	uint64_t n = 0;
	for (size_t i = 0; i < a->count; i++)
		n += a->members[i].size;
	return n;
}

/* A small zip is hashed on the calling thread with the artifact's own
 * handle: starting workers and reopening the file would cost more than
 * the hashing (sw_hash_new_sized also spares small members OpenSSL's
 * start-up). */
static int hash_here(struct job *j)
{
	const sw_artifact *a = j->a;
	uint64_t expected = total_size(a);
	for (size_t i = 0; i < a->count; i++) {
		int err;
		if (a->members[i].type != SW_MEMBER_FILE && a->members[i].type != SW_MEMBER_SYMLINK)
			continue;
		err = hash_stream(j->digests + 32 * i, &j->sizes[i], a, i, expected);
		if (err == SW_ENOMEM || (err < 0 && !j->errors))
			return err;
		if (err < 0)
			j->errors[i] = err;
	}
	return 0;
}

/* Sequential pass over a tarball. */
struct tar_ctx {
	struct job *j;
	sw_hash *h;
};

static int tar_begin(void *ud, size_t i, const sw_artifact_member *m)
{
	struct tar_ctx *c = ud;
	(void)i;
	if (m->type != SW_MEMBER_FILE)
		return 0;
	sw_hash_free(c->h);
	c->h = NULL;
	return sw_hash_new(&c->h, SW_HASH_SHA256) < 0 ? SW_ENOMEM : 1;
}

static int tar_data(void *ud, size_t i, const void *data, size_t len)
{
	struct tar_ctx *c = ud;
	c->j->sizes[i] += len;
	return sw_hash_update(c->h, data, len);
}

static int tar_end(void *ud, size_t i)
{
	struct tar_ctx *c = ud;
	return sw_hash_final(c->h, c->j->digests + 32 * i);
}

int sw_artifact_hash_members(const sw_artifact *a, unsigned char *digests, uint64_t *sizes,
                             int *errors, unsigned threads)
{
	struct job j = {.a = a, .digests = digests, .sizes = sizes, .errors = errors};
	atomic_init(&j.next, 0);
	atomic_init(&j.failed, 0);
	memset(digests, 0, 32 * a->count);
	memset(sizes, 0, sizeof(*sizes) * a->count);
	if (errors)
		memset(errors, 0, sizeof(*errors) * a->count);
	if (a->kind != SW_ARTIFACT_SDIST && (threads || total_size(a) >= SMALL_TOTAL))
		return hash_zip(&j, threads ? threads : 2);
	if (a->kind != SW_ARTIFACT_SDIST)
		return hash_here(&j);
	{
		struct tar_ctx c = {&j, NULL};
		sw_artifact_visitor v = {tar_begin, tar_data, tar_end, &c};
		int err = sw_artifact_visit(a, &v);
		sw_hash_free(c.h);
		return err;
	}
}
