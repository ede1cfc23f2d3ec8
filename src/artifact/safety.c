/*
 * artifact/safety.c — member names and links that must never be trusted
 * (SPECS.md §4.7, §5.2-5.4): absolute paths, ".." components, empty names,
 * links leaving the archive's tree, hard links to anything but an earlier
 * regular member, devices and other special files; and the sdist layout
 * rules (single top folder named like the file, PKG-INFO of metadata 2.2 or
 * later, pyproject.toml).
 *
 * Codes: A002 unsafe member name, A003 link pointing outside or to a
 * non-member, A004 special file; T001 not a single top-level folder, T003
 * pyproject.toml missing, T004 top folder named unlike the file, T005
 * PKG-INFO older than Metadata-Version 2.2.
 */
#include <stdio.h>
#include <string.h>

#include "artifact/art_int.h"

int sw_artifact_name_is_safe(const char *name)
{
	const char *p = name;
	if (!name[0])
		return sw_error_set(SW_EREFUSED, "empty member name");
	if (name[0] == '/' || name[0] == '\\' ||
	    (((name[0] | 0x20) >= 'a' && (name[0] | 0x20) <= 'z') && name[1] == ':'))
		return sw_error_set(SW_EREFUSED, "'%s': absolute path", name);
	while (*p) {
		size_t n = strcspn(p, "/\\");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			return sw_error_set(SW_EREFUSED, "'%s': '..' leaves the target folder",
			                    name);
		p += n + (p[n] != '\0');
	}
	return 0;
}

/* Whether a symlink target, taken relative to the member's folder, stays
 * inside the tree (lexically). */
static int link_inside(const char *member, const char *target)
{
	long depth = 0;
	const char *p;
	if (!target[0] || target[0] == '/' || target[0] == '\\')
		return 0;
	for (p = member; *p; p++)
		depth += *p == '/' && p[1] != '\0';
	for (p = target; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 2 && p[0] == '.' && p[1] == '.')
			depth--;
		else if (n && !(n == 1 && p[0] == '.'))
			depth++;
		if (depth < 0)
			return 0;
		p += n + (p[n] != '\0');
	}
	return 1;
}

/* 1 if `target` names a regular member before index i. */
static int earlier_file(const sw_artifact *a, size_t i, const char *target)
{
	size_t k;
	return sw_artifact_member_find(&k, a, target) == 0 && k < i &&
	       a->members[k].type == SW_MEMBER_FILE;
}

int art_member_problem(const sw_artifact *a, size_t i, const char **code)
{
	const sw_artifact_member *m = &a->members[i];
	*code = "A002";
	if (sw_artifact_name_is_safe(m->name) < 0)
		return 1;
	*code = m->type == SW_MEMBER_OTHER ? "A004" : "A003";
	if (m->type == SW_MEMBER_OTHER)
		sw_error_set(SW_EREFUSED, "'%s': a device, FIFO, socket or sparse file", m->name);
	else if (m->type == SW_MEMBER_SYMLINK && !link_inside(m->name, m->link_target))
		sw_error_set(SW_EREFUSED, "'%s': symlink to '%s' leaves the target folder", m->name,
		             m->link_target);
	else if (m->type == SW_MEMBER_HARDLINK && (sw_artifact_name_is_safe(m->link_target) < 0 ||
	                                           !earlier_file(a, i, m->link_target)))
		sw_error_set(SW_EREFUSED,
		             "'%s': hard link to '%s', which is not an earlier file of the archive",
		             m->name, m->link_target);
	else
		return 0;
	return 1;
}

/* A002-A004 for every member. */
static int check_members(sw_findings *f, const sw_artifact *a)
{
	int err = 0;
	for (size_t i = 0; i < a->count && !err; i++) {
		const char *code;
		if (art_member_problem(a, i, &code))
			err = sw_findings_add(f, code, SW_SEV_ERROR, a->members[i].name, 0,
			                      "Rebuild from a clean checkout; installers and PyPI "
			                      "refuse such members.",
			                      "unsafe member: %s", sw_error_last());
	}
	sw_error_clear();
	return err;
}

/* T001/T003/T004/T005: the sdist's layout. */
static int check_layout(sw_findings *f, const sw_artifact *a)
{
	const sw_artifact_name *n = sw_artifact_filename(a);
	const char *mv = a->md ? sw_metadata_get(a->md, SW_MD_METADATA_VERSION) : NULL;
	char want[1024];
	int err = 0;
	if (!a->dist_info)
		return sw_findings_add(f, "T001", SW_SEV_ERROR, NULL, 0,
		                       "Build the sdist with a PEP 517 backend.",
		                       "Incorrect number of top-level directories in sdist "
		                       "(everything must be inside one {name}-{version}/ folder)");
	if (n &&
	    (size_t)snprintf(want, sizeof(want), "%s-%s", n->name, n->version) < sizeof(want) &&
	    strcmp(want, a->dist_info) != 0)
		err = sw_findings_add(f, "T004", SW_SEV_WARNING, a->dist_info, 0,
		                      "Rebuild: the top folder should be named like the file.",
		                      "the top folder is '%s', the file name says '%s'",
		                      a->dist_info, want);
	if (!err && !a->pyproject)
		err = sw_findings_add(f, "T003", SW_SEV_WARNING, NULL, 0,
		                      "Add a pyproject.toml so that the sdist can be rebuilt.",
		                      "the sdist has no %s/pyproject.toml", a->dist_info);
	if (!err && mv && (mv[0] < '2' || (mv[0] == '2' && mv[1] == '.' && mv[2] < '2' && !mv[3])))
		err = sw_findings_add(f, "T005", SW_SEV_WARNING, NULL, 0,
		                      "Rebuild with a current backend (PKG-INFO 2.2 or later).",
		                      "PKG-INFO has Metadata-Version %s; sdists need 2.2 or later "
		                      "for their metadata to be trusted",
		                      mv);
	return err;
}

int sw_artifact_check_sdist(sw_findings *findings, const sw_artifact *a,
                            const sw_artifact_check_opts *opts)
{
	int err;
	(void)opts;
	if ((err = check_members(findings, a)) < 0 || a->kind == SW_ARTIFACT_WHEEL)
		return err;
	return check_layout(findings, a);
}
