/*
 * build/walk.c — the sorted walk of the project tree that every backend's
 * rules use to find files: each folder's entries sorted bytewise, a
 * callback deciding which folders to enter, symlinks followed only when
 * they stay inside the project, and no folder entered twice on one path
 * (a symlink loop ends there).
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build/build_int.h"
#include "util/util.h"

/* Deepest folder nesting the walk enters. */
#define WALK_MAX_DEPTH 128

/* A folder on the current path, to stop symlink loops. */
struct walk_frame {
	dev_t dev;
	ino_t ino;
};

struct walk {
	struct bp *bp;
	bp_visit_fn visit;
	void *ctx;
	struct walk_frame stack[WALK_MAX_DEPTH];
	size_t depth;
	sw_buf path; /* the absolute path being read */
};

/* Names are stored with their d_type in the first byte. */
static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

static void names_free(char **names, size_t count)
{
	for (size_t i = 0; i < count; i++)
		sw_free(names[i]);
	sw_free(names);
}

/* Reads the entry names of a folder (without "." and ".."), sorted,
 * each after one byte holding its d_type. */
static int read_names(char ***out, size_t *count, const char *dir, const char *rel)
{
	DIR *d = opendir(dir);
	char **names = NULL;
	size_t n = 0, cap = 0;
	int err = 0;
	if (d == NULL)
		return sw_error_set(SW_EIO, "%s: cannot be listed: %s", rel[0] ? rel : ".",
		                    strerror(errno));
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **grown = sw_realloc(names, cap * sizeof(*names));
			if (grown == NULL) {
				err = sw_error_set(SW_ENOMEM, "out of memory");
				goto done;
			}
			names = grown;
		}
		size_t len = strlen(e->d_name);
		if ((names[n] = sw_malloc(len + 2)) == NULL) {
			err = sw_error_set(SW_ENOMEM, "out of memory");
			goto done;
		}
		names[n][0] = (char)e->d_type;
		memcpy(names[n] + 1, e->d_name, len + 1);
		n++;
	}
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_names);
done:
	closedir(d);
	if (err < 0) {
		names_free(names, n);
		return err;
	}
	*out = names;
	*count = n;
	return 0;
}

/* Returns 1 if the resolved folder `full` is inside the real root. */
static int dir_inside(const struct walk *w, const char *full)
{
	char *real = realpath(full, NULL);
	if (real == NULL)
		return 0;
	size_t n = strlen(w->bp->root_real);
	int ok = strncmp(real, w->bp->root_real, n) == 0 &&
	         (real[n] == '\0' || real[n] == '/' || n == 1);
	free(real); /* realpath() allocates with malloc */
	return ok;
}

static int walk_dir(struct walk *w, const char *rel);

/* Visits one entry `name` of the folder `rel`. */
static int walk_entry(struct walk *w, const char *rel, const char *name, unsigned char type)
{
	size_t mark = w->path.len;
	int err = 0;
	char *child = NULL;
	struct stat lst = {0}, st = {0};
	sw_buf_putc(&w->path, '/');
	sw_buf_puts(&w->path, name);
	if (rel[0] != '\0')
		child = sw_malloc(strlen(rel) + strlen(name) + 2);
	else
		child = sw_strdup(name);
	if (sw_buf_error(&w->path) < 0 || child == NULL) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if (rel[0] != '\0') {
		size_t rn = strlen(rel), nn = strlen(name);
		memcpy(child, rel, rn);
		child[rn] = '/';
		memcpy(child + rn + 1, name, nn + 1);
	}
	/* d_type saves the stat() calls of plain files and folders */
	if (type == DT_REG || type == DT_DIR) {
		lst.st_mode = type == DT_REG ? S_IFREG : S_IFDIR;
	} else if (lstat(w->path.ptr, &lst) < 0) {
		err = sw_error_set(SW_EIO, "%s: %s", child, strerror(errno));
		goto done;
	}
	int is_dir = type == DT_DIR ||
	             (type != DT_REG && stat(w->path.ptr, &st) == 0 && S_ISDIR(st.st_mode));
	int r = w->visit(w->ctx, child, is_dir);
	if (r < 0) {
		err = r;
		goto done;
	}
	if (!is_dir || r != 1)
		goto done;
	if (type == DT_DIR && stat(w->path.ptr, &st) < 0) {
		err = sw_error_set(SW_EIO, "%s: %s", child, strerror(errno));
		goto done;
	}
	if (S_ISLNK(lst.st_mode) && !dir_inside(w, w->path.ptr)) {
		err = sw_error_set(SW_EIO, "%s: a symlink pointing outside the project", child);
		goto done;
	}
	for (size_t i = 0; i < w->depth; i++)
		if (w->stack[i].dev == st.st_dev && w->stack[i].ino == st.st_ino)
			goto done; /* a loop through a symlink */
	if (w->depth == WALK_MAX_DEPTH) {
		err = sw_error_set(SW_EIO, "%s: folders nested too deep", child);
		goto done;
	}
	w->stack[w->depth].dev = st.st_dev;
	w->stack[w->depth].ino = st.st_ino;
	w->depth++;
	err = walk_dir(w, child);
	w->depth--;
done:
	w->path.len = mark;
	if (w->path.ptr != NULL)
		w->path.ptr[mark] = '\0';
	sw_free(child);
	return err;
}

/* Visits the entries of the folder `rel` (its path is in w->path). */
static int walk_dir(struct walk *w, const char *rel)
{
	char **names = NULL;
	size_t count = 0;
	int err = read_names(&names, &count, w->path.ptr, rel);
	for (size_t i = 0; err == 0 && i < count; i++)
		err = walk_entry(w, rel, names[i] + 1, (unsigned char)names[i][0]);
	names_free(names, count);
	return err;
}

int bp_walk(struct bp *bp, const char *rel_dir, bp_visit_fn visit, void *ctx)
{
	struct walk *w = sw_calloc(1, sizeof(*w));
	struct stat st;
	int err = 0;
	if (w == NULL)
		return sw_error_set(SW_ENOMEM, "out of memory");
	w->bp = bp;
	w->visit = visit;
	w->ctx = ctx;
	sw_buf_init(&w->path, 64 * 1024);
	sw_buf_puts(&w->path, bp->plan->root);
	if (rel_dir[0] != '\0') {
		sw_buf_putc(&w->path, '/');
		sw_buf_puts(&w->path, rel_dir);
	}
	if (sw_buf_error(&w->path) < 0) {
		err = sw_error_set(SW_ENOMEM, "out of memory");
		goto done;
	}
	if (stat(w->path.ptr, &st) < 0 || !S_ISDIR(st.st_mode)) {
		err = sw_error_set(SW_ENOTFOUND, "%s: no such folder", rel_dir[0] ? rel_dir : ".");
		goto done;
	}
	if (!dir_inside(w, w->path.ptr)) {
		err = sw_error_set(SW_EIO, "%s: a symlink pointing outside the project", rel_dir);
		goto done;
	}
	w->stack[0].dev = st.st_dev;
	w->stack[0].ino = st.st_ino;
	w->depth = 1;
	err = walk_dir(w, rel_dir);
done:
	sw_buf_free(&w->path);
	sw_free(w);
	return err;
}
