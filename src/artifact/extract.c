/*
 * artifact/extract.c — safe extraction (PEP 706 "data" filter semantics,
 * SPECS.md §5.4): every member is vetted before anything is written, paths
 * are walked component by component with O_NOFOLLOW below the target
 * folder so nothing is ever written through a symlink, links are created
 * only when they stay inside, special files never, and modes are reduced
 * to 0644/0755.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "artifact/art_int.h"

struct ex {
	const sw_artifact *a;
	int root;
	unsigned char *skip; /* per member: 1 = left out */
	int fd;              /* the file being written, or -1 */
	size_t skipped;
};

static int io_error(const char *what, const char *name)
{
	return sw_error_set(SW_EIO, "cannot extract '%s': %s: %s", name, what, strerror(errno));
}

/* Opens (creating as needed) the folder holding `name`'s last component;
 * *base points at that component in `name`. With `whole`, `name` itself is
 * a folder to create and open. Returns the fd or an error. */
static int open_parent(int root, const char *name, int whole, const char **base)
{
	int fd = dup(root);
	const char *p = name;
	char comp[256];
	if (fd < 0)
		return io_error("dup", name);
	for (;;) {
		size_t n = strcspn(p, "/");
		int next;
		if (!p[n] && !whole) {
			*base = p;
			return fd;
		}
		if (n >= sizeof(comp)) {
			close(fd);
			return sw_error_set(SW_EIO, "cannot extract '%s': name too long", name);
		}
		memcpy(comp, p, n);
		comp[n] = '\0';
		if (n && strcmp(comp, ".") != 0) {
			if (mkdirat(fd, comp, 0755) != 0 && errno != EEXIST) {
				close(fd);
				return io_error("mkdir", name);
			}
			next = openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			close(fd);
			if (next < 0)
				return io_error("open folder (a symlink in the path?)", name);
			fd = next;
		}
		if (!p[n]) {
			*base = p + n;
			return fd;
		}
		p += n + 1;
	}
}

/* Creates a symlink or hard link member. */
static int make_link(struct ex *x, const sw_artifact_member *m)
{
	const char *base, *tbase;
	int dir = open_parent(x->root, m->name, 0, &base), tdir, rc;
	if (dir < 0)
		return dir;
	if (m->type == SW_MEMBER_SYMLINK) {
		rc = symlinkat(m->link_target, dir, base);
	} else {
		if ((tdir = open_parent(x->root, m->link_target, 0, &tbase)) < 0) {
			close(dir);
			return tdir;
		}
		rc = linkat(tdir, tbase, dir, base, 0);
		close(tdir);
	}
	close(dir);
	return rc != 0 ? io_error("link", m->name) : 0;
}

/* Starts a member: folders and links are made here, files opened. */
static int ex_begin(void *ud, size_t i, const sw_artifact_member *m)
{
	struct ex *x = ud;
	const char *base;
	int dir, err;
	mode_t mode = (m->mode & 0100) ? 0755 : 0644;
	if (x->skip[i])
		return 0;
	if (m->type == SW_MEMBER_DIR) {
		dir = open_parent(x->root, m->name, 1, &base);
		return dir < 0 ? dir : (close(dir), 0);
	}
	if (m->type != SW_MEMBER_FILE)
		return (err = make_link(x, m)) < 0 ? err : 0;
	if ((dir = open_parent(x->root, m->name, 0, &base)) < 0)
		return dir;
	x->fd = openat(dir, base, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, mode);
	close(dir);
	if (x->fd < 0)
		return io_error("create", m->name);
	if (fchmod(x->fd, mode) != 0)
		return io_error("chmod", m->name);
	if (m->size == 0) { /* no data will come: close now */
		close(x->fd);
		x->fd = -1;
	}
	return m->size ? 1 : 0;
}

static int ex_data(void *ud, size_t i, const void *data, size_t len)
{
	struct ex *x = ud;
	const char *p = data;
	while (len) {
		ssize_t n = write(x->fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return io_error("write", x->a->members[i].name);
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int ex_end(void *ud, size_t i)
{
	struct ex *x = ud;
	int rc = close(x->fd);
	x->fd = -1;
	return rc != 0 ? io_error("close", x->a->members[i].name) : 0;
}

/* Vets every member; SW_EREFUSED for the first unsafe one unless skipping. */
static int vet(struct ex *x, int skip_unsafe)
{
	for (size_t i = 0; i < x->a->count; i++) {
		const char *code;
		char why[1024];
		if (!art_member_problem(x->a, i, &code))
			continue;
		snprintf(why, sizeof(why), "%s", sw_error_last());
		if (!skip_unsafe)
			return sw_error_set(SW_EREFUSED, "%s: refusing to extract: %s", x->a->path,
			                    why);
		x->skip[i] = 1;
		x->skipped++;
	}
	return 0;
}

int sw_artifact_extract(const sw_artifact *a, const char *dest_dir,
                        const sw_artifact_extract_opts *opts, size_t *skipped)
{
	struct ex x = {a, -1, NULL, -1, 0};
	sw_artifact_visitor v = {ex_begin, ex_data, ex_end, &x};
	int err;
	if (skipped)
		*skipped = 0;
	if (!dest_dir || (opts && opts->version != SW_ARTIFACT_EXTRACT_OPTS_VERSION))
		return sw_error_set(SW_EINVAL, "sw_artifact_extract: bad arguments");
	if (!(x.skip = sw_calloc(a->count ? a->count : 1, 1)))
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((err = vet(&x, opts && opts->skip_unsafe)) < 0)
		goto done;
	if (mkdir(dest_dir, 0755) != 0 && errno != EEXIST) {
		err = io_error("mkdir", dest_dir);
		goto done;
	}
	if ((x.root = open(dest_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		err = io_error("open", dest_dir);
		goto done;
	}
	err = sw_artifact_visit(a, &v);
	if (skipped)
		*skipped = x.skipped;
done:
	if (x.fd >= 0)
		close(x.fd);
	if (x.root >= 0)
		close(x.root);
	sw_free(x.skip);
	return err;
}
