/*
 * unit/test_build_support.h — small helpers of the build unit tests:
 * making a project tree in a fresh temporary folder from a table, loading
 * it and planning it, and removing it again. Header-only (static), so
 * each test_build*.c stays its own executable.
 */
#ifndef SW_TEST_BUILD_SUPPORT_H
#define SW_TEST_BUILD_SUPPORT_H

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "slipway/build.h"
#include "slipway/project.h"

/* One file of a tree: path, content (NULL: a symlink to `link`), mode. */
struct tfile {
	const char *path;
	const char *content;
	unsigned mode; /* 0: 0644 */
	const char *link;
};

/* Creates the folders leading to `path`. */
static inline void tb_mkdirs(const char *path)
{
	char buf[4096];
	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			mkdir(buf, 0755);
			*p = '/';
		}
}

/* Makes a fresh folder with the files of `files` (ended by a NULL path);
 * returns it (static storage, valid until the next call). */
static inline const char *tb_tree(const struct tfile *files)
{
	static char dir[64];
	snprintf(dir, sizeof(dir), "/tmp/sw-build-test-XXXXXX");
	if (mkdtemp(dir) == NULL)
		abort();
	for (const struct tfile *f = files; f->path != NULL; f++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, f->path);
		tb_mkdirs(path);
		if (f->content == NULL) {
			if (symlink(f->link, path) < 0)
				abort();
			continue;
		}
		FILE *fp = fopen(path, "wb");
		if (fp == NULL)
			abort();
		fputs(f->content, fp);
		fclose(fp);
		chmod(path, f->mode ? f->mode : 0644);
	}
	return dir;
}

/* Removes a folder tree (files, symlinks, folders). */
static inline void tb_rmtree(const char *dir)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		unlink(dir);
		return;
	}
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char path[4096];
		struct stat st;
		int w = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (w < 0 || (size_t)w >= sizeof(path))
			continue;
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
			tb_rmtree(path);
		else
			unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

/* Loads and plans a tree; returns the plan's error code. */
static inline int tb_plan(sw_build_plan **plan, const char *dir)
{
	sw_project *p = NULL;
	*plan = NULL;
	int err = sw_project_load(&p, dir);
	if (err == 0)
		err = sw_build_plan_make(plan, p, NULL);
	sw_project_free(p);
	return err;
}

/* Counts the entries of a folder (-1 if it does not exist). */
static inline int tb_count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	int n = 0;
	if (d == NULL)
		return -1;
	for (struct dirent *e; (e = readdir(d)) != NULL;)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

#endif
