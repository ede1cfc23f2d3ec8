/*
 * serve/store.c — the in-memory index over the served folder. The root and
 * each of its sub-folders are listed again only when their stamp (mtime,
 * size, inode) changed, when they were modified too recently for the stamp
 * to be trusted (timestamps are coarse), or after an upload; a file whose
 * own stamp did not change keeps its cached digests. Files are grouped into
 * projects by the normalised name in their filename, so both uploaded files
 * (ROOT/<project>/) and a wheelhouse dropped anywhere one level deep are
 * served. All functions run with the index lock held.
 */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "serve/serve_int.h"
#include "slipway/pep440.h"

/* A folder modified less than this long ago is listed again next time. */
#define SV_RACY_NS 100000000LL
/* Most distribution files indexed (hostile folders cannot exhaust memory). */
#define SV_MAX_FILES 1000000

static void file_free(struct sv_file *f)
{
	if (!f)
		return;
	sw_free(f->filename);
	sw_free(f->path);
	sw_free(f->project);
	sw_free(f->version);
	sw_free(f->requires_python);
	sw_free(f->yanked);
	sw_free(f);
}

static void dir_clear(struct sv_dir *d)
{
	for (size_t i = 0; i < d->nfiles; i++)
		file_free(d->files[i]);
	sw_free(d->files);
	sw_free(d->path);
	memset(d, 0, sizeof(*d));
}

static void projects_clear(struct sv_index *idx)
{
	for (size_t i = 0; i < idx->nprojects; i++) {
		sw_free(idx->projects[i].files);
		for (int k = 0; k < 4; k++)
			sv_page_unref(idx->projects[i].page[k]);
	}
	sw_free(idx->projects);
	idx->projects = NULL;
	idx->nprojects = 0;
	for (int i = 0; i < 4; i++) {
		sv_page_unref(idx->root_page[i]);
		idx->root_page[i] = NULL;
	}
}

/* Watches a folder for entries appearing, disappearing or being finished. */
static int watch(struct sv_index *idx, const char *path)
{
	if (idx->inotify_fd < 0)
		return 0;
	return inotify_add_watch(idx->inotify_fd, path,
	                         IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO |
	                                 IN_CLOSE_WRITE | IN_ATTRIB | IN_DELETE_SELF |
	                                 IN_MOVE_SELF) < 0
	               ? -1
	               : 0;
}

/* Reads pending inotify events; 1 if anything changed (or may have). */
static int drain_events(struct sv_index *idx)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int changed = 0;
	for (;;) {
		ssize_t n = read(idx->inotify_fd, buf, sizeof(buf));
		if (n <= 0)
			return changed;
		changed = 1;
	}
}

int sv_index_init(struct sv_index *idx, const char *root)
{
	memset(idx, 0, sizeof(*idx));
	if (!(idx->root = sw_strdup(root)) || !(idx->top.path = sw_strdup(root))) {
		sw_free(idx->root);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	pthread_mutex_init(&idx->lock, NULL);
	idx->dirty = 1;
	/* without inotify (limits reached), every request compares stamps */
	idx->inotify_fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (idx->inotify_fd >= 0 && watch(idx, root) < 0) {
		close(idx->inotify_fd);
		idx->inotify_fd = -1;
	}
	return 0;
}

void sv_index_clear(struct sv_index *idx)
{
	projects_clear(idx);
	for (size_t i = 0; i < idx->ndirs; i++)
		dir_clear(&idx->dirs[i]);
	sw_free(idx->dirs);
	dir_clear(&idx->top);
	sw_free(idx->root);
	if (idx->inotify_fd >= 0)
		close(idx->inotify_fd);
	pthread_mutex_destroy(&idx->lock);
	memset(idx, 0, sizeof(*idx));
}

/* "dir/name" in a new string. */
static char *join(const char *dir, const char *name)
{
	sw_buf b;
	sw_buf_init(&b, 8192);
	sw_buf_printf(&b, "%s/%s", dir, name);
	return sw_buf_detach(&b, NULL);
}

/* Makes the index entry of a distribution file. */
static int file_new(struct sv_file **out, const char *dir, const char *name,
                    const sw_file_stamp *stamp)
{
	struct sv_distname dn;
	sw_version *v = NULL;
	struct sv_file *f;
	*out = NULL;
	if (!sv_filename_is_safe(name) || sv_distname_parse(&dn, name) < 0)
		return 0;
	if (!(f = sw_calloc(1, sizeof(*f))))
		return sw_error_set(SW_ENOMEM, "out of memory");
	f->kind = dn.kind;
	f->stamp = *stamp;
	f->filename = sw_strdup(name);
	f->path = join(dir, name);
	f->project = sw_strdup(dn.project);
	int rc = sw_version_parse(&v, dn.version, strlen(dn.version));
	if (rc == 0)
		f->version = sw_strdup(sw_version_str(v));
	else if (rc != SW_ENOMEM)
		f->version = sw_strdup(dn.version);
	sw_version_free(v);
	sw_error_clear();
	if (!f->filename || !f->path || !f->project || !f->version) {
		file_free(f);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	*out = f;
	return 0;
}

/* Takes the old entry for `name` if neither the file's stamp nor its
 * sidecar's changed. */
static struct sv_file *take_old(struct sv_dir *d, const char *name, const sw_file_stamp *st,
                                const sw_file_stamp *side)
{
	for (size_t i = 0; i < d->nfiles; i++) {
		struct sv_file *f = d->files[i];
		if (f && strcmp(f->filename, name) == 0 && sw_file_stamp_equal(&f->stamp, st) &&
		    sw_file_stamp_equal(&f->side_stamp, side)) {
			d->files[i] = NULL;
			return f;
		}
	}
	return NULL;
}

static void stamp_from(sw_file_stamp *s, const struct stat *st)
{
	s->exists = 1;
	s->dev = (uint64_t)st->st_dev;
	s->ino = (uint64_t)st->st_ino;
	s->size = (int64_t)st->st_size;
	s->mtime_sec = (int64_t)st->st_mtim.tv_sec;
	s->mtime_nsec = (int64_t)st->st_mtim.tv_nsec;
}

/* The stamp of <name>.slipway.json in a folder (exists = 0 if none). */
static void sidecar_stamp(sw_file_stamp *s, int dirfd, const char *name)
{
	char side[NAME_MAX + 32];
	struct stat st;
	memset(s, 0, sizeof(*s));
	if ((size_t)snprintf(side, sizeof(side), "%s.slipway.json", name) < sizeof(side) &&
	    fstatat(dirfd, side, &st, 0) == 0)
		stamp_from(s, &st);
}

/* Adds a pointer to a growable array. */
static int push(void ***arr, size_t *n, void *item)
{
	if (*n >= SV_MAX_FILES)
		return sw_error_set(SW_ETOOBIG, "more than %d files in the served folder",
		                    SV_MAX_FILES);
	if ((*n & (*n - 1)) == 0) {
		size_t cap = *n ? *n * 2 : 8;
		void **p = sw_realloc(*arr, cap * sizeof(*p));
		if (!p)
			return sw_error_set(SW_ENOMEM, "out of memory");
		*arr = p;
	}
	(*arr)[(*n)++] = item;
	return 0;
}

/* Lists a folder: its distribution files into d, and (for the root) the
 * names of its sub-folders into *subdirs. */
static int scan_dir(struct sv_dir *d, char ***subdirs, size_t *nsub)
{
	struct sv_file **files = NULL;
	size_t n = 0;
	int err = 0;
	struct dirent *e;
	DIR *dh = opendir(d->path);
	if (!dh)
		return 0; /* gone: it simply has no files */
	while ((e = readdir(dh)) != NULL) {
		struct stat st;
		sw_file_stamp stamp = {0}, side = {0};
		struct sv_file *f = NULL;
		if (e->d_name[0] == '.' || fstatat(dirfd(dh), e->d_name, &st, 0) != 0)
			continue;
		if (S_ISDIR(st.st_mode) && subdirs) {
			char *name = sw_strdup(e->d_name);
			if (!name || (err = push((void ***)subdirs, nsub, name)) < 0) {
				sw_free(name);
				err = err ? err : sw_error_set(SW_ENOMEM, "out of memory");
				goto done;
			}
			continue;
		}
		if (!S_ISREG(st.st_mode))
			continue;
		stamp_from(&stamp, &st);
		sidecar_stamp(&side, dirfd(dh), e->d_name);
		f = take_old(d, e->d_name, &stamp, &side);
		if (!f && (err = file_new(&f, d->path, e->d_name, &stamp)) < 0)
			goto done;
		if (f)
			f->side_stamp = side;
		if (f && (err = push((void ***)&files, &n, f)) < 0) {
			file_free(f);
			goto done;
		}
	}
	for (size_t i = 0; i < d->nfiles; i++)
		file_free(d->files[i]);
	sw_free(d->files);
	d->files = files;
	d->nfiles = n;
	files = NULL;
	n = 0;
done:
	for (size_t i = 0; i < n; i++)
		file_free(files[i]);
	sw_free(files);
	closedir(dh);
	return err;
}

static int64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Lists a folder again if it may have changed; *changed is set if so. */
static int refresh_dir(struct sv_dir *d, int force, char ***subdirs, size_t *nsub, int *changed)
{
	sw_file_stamp st;
	int err = sw_file_stamp_get(&st, d->path);
	if (err < 0)
		return err;
	if (!force && !d->racy && sw_file_stamp_equal(&st, &d->stamp))
		return 0;
	int64_t mtime = st.mtime_sec * 1000000000LL + st.mtime_nsec;
	if ((err = scan_dir(d, subdirs, nsub)) < 0)
		return err;
	d->stamp = st;
	d->racy = now_ns() - mtime < SV_RACY_NS;
	*changed = 1;
	return 0;
}

/* Rebuilds the list of sub-folders, keeping the entries that remain. */
static int update_dirs(struct sv_index *idx, char **names, size_t n)
{
	struct sv_dir *dirs = sw_calloc(n ? n : 1, sizeof(*dirs));
	if (!dirs)
		return sw_error_set(SW_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		char *path = join(idx->root, names[i]);
		if (!path) {
			for (size_t k = 0; k < i; k++)
				dir_clear(&dirs[k]);
			sw_free(dirs);
			return sw_error_set(SW_ENOMEM, "out of memory");
		}
		for (size_t j = 0; j < idx->ndirs; j++) {
			if (idx->dirs[j].path && strcmp(idx->dirs[j].path, path) == 0) {
				dirs[i] = idx->dirs[j];
				memset(&idx->dirs[j], 0, sizeof(idx->dirs[j]));
				break;
			}
		}
		sw_free(dirs[i].path);
		dirs[i].path = path;
	}
	for (size_t j = 0; j < idx->ndirs; j++)
		dir_clear(&idx->dirs[j]);
	sw_free(idx->dirs);
	idx->dirs = dirs;
	idx->ndirs = n;
	return 0;
}

static int cmp_file(const void *a, const void *b)
{
	const struct sv_file *x = *(struct sv_file *const *)a, *y = *(struct sv_file *const *)b;
	int c = strcmp(x->project, y->project);
	return c ? c : strcmp(x->filename, y->filename);
}

/* Adds a folder's files to a flat array. */
static int collect(struct sv_file ***all, size_t *n, const struct sv_dir *d)
{
	int err = 0;
	for (size_t i = 0; i < d->nfiles && !err; i++)
		err = push((void ***)all, n, d->files[i]);
	return err;
}

/* Groups every file into sorted projects (same filename twice: first wins). */
static int regroup(struct sv_index *idx)
{
	struct sv_file **all = NULL;
	size_t n = 0, np = 0;
	int err = collect(&all, &n, &idx->top);
	for (size_t i = 0; i < idx->ndirs && !err; i++)
		err = collect(&all, &n, &idx->dirs[i]);
	if (err)
		goto done;
	projects_clear(idx);
	if (n)
		qsort(all, n, sizeof(*all), cmp_file);
	if (!(idx->projects = sw_calloc(n ? n : 1, sizeof(*idx->projects)))) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		struct sv_project *p = np ? &idx->projects[np - 1] : NULL;
		if (!p || strcmp(p->name, all[i]->project) != 0) {
			p = &idx->projects[np++];
			p->name = all[i]->project;
		} else if (strcmp(p->files[p->nfiles - 1]->filename, all[i]->filename) == 0) {
			continue;
		}
		if ((err = push((void ***)&p->files, &p->nfiles, all[i])) < 0)
			break;
	}
	idx->nprojects = np;
done:
	sw_free(all);
	return err;
}

int sv_index_refresh(struct sv_index *idx)
{
	char **names = NULL;
	size_t nnames = 0;
	int changed = 0, force;
	if (idx->inotify_fd >= 0) {
		/* the fast path: one read() that finds no event */
		if (drain_events(idx))
			idx->dirty = 1;
		if (!idx->dirty)
			return 0;
	}
	force = idx->dirty;
	int err = refresh_dir(&idx->top, force, &names, &nnames, &changed);
	if (err < 0)
		goto done;
	if (changed && (err = update_dirs(idx, names, nnames)) < 0)
		goto done;
	for (size_t i = 0; i < idx->ndirs; i++) {
		if (force && watch(idx, idx->dirs[i].path) < 0) {
			/* out of watches: fall back to comparing stamps */
			close(idx->inotify_fd);
			idx->inotify_fd = -1;
		}
		if ((err = refresh_dir(&idx->dirs[i], force, NULL, NULL, &changed)) < 0)
			goto done;
	}
	if (changed && (err = regroup(idx)) < 0)
		goto done;
	idx->dirty = 0;
done:
	if (err < 0) {
		/* the projects may point at entries freed by a partial rescan */
		projects_clear(idx);
		idx->dirty = 1;
	}
	for (size_t i = 0; i < nnames; i++)
		sw_free(names[i]);
	sw_free(names);
	return err;
}

struct sv_project *sv_index_project(struct sv_index *idx, const char *name)
{
	size_t lo = 0, hi = idx->nprojects;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(idx->projects[mid].name, name);
		if (c == 0)
			return &idx->projects[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

struct sv_file *sv_project_file(struct sv_project *project, const char *filename)
{
	for (size_t i = 0; i < project->nfiles; i++)
		if (strcmp(project->files[i]->filename, filename) == 0)
			return project->files[i];
	return NULL;
}
