/*
 * serve/dist.c — the one place the server looks inside a distribution: it
 * opens the file with the artifact module (slipway/artifact.h) and returns
 * the core metadata text, after the checks PyPI makes before it accepts a
 * file (SPECS.md §1.5 items 12 and 16): a wheel must be a zip holding
 * <name>-<version>.dist-info/{WHEEL,METADATA,RECORD} named with the
 * filename's components verbatim, an sdist must hold <top>/PKG-INFO.
 */
#include <stdio.h>
#include <string.h>

#include "serve/serve_int.h"
#include "slipway/artifact.h"

/* Largest metadata file served or accepted. */
#define SV_METADATA_MAX ((size_t)16 * 1024 * 1024)

/* Fails unless member `name` exists in the artifact. */
static int need_member(const sw_artifact *art, const char *name, const char *what)
{
	size_t index;
	if (sw_artifact_member_find(&index, art, name) == 0)
		return 0;
	return sw_error_set(SW_EPARSE, "%s%s", what, name);
}

/* Wheel checks: WHEEL, METADATA and RECORD where the filename says. */
static int check_wheel(const sw_artifact *art, const struct sv_distname *dn, const char *file)
{
	char path[3 * SV_NAME_MAX];
	char what[SV_NAME_MAX + 96];
	int err;
	snprintf(path, sizeof(path), "%s-%s.dist-info/WHEEL", dn->name, dn->version);
	if ((err = need_member(art, path, "Invalid distribution file. WHEEL not found at ")) < 0)
		return err;
	snprintf(path, sizeof(path), "%s-%s.dist-info/METADATA", dn->name, dn->version);
	snprintf(what, sizeof(what),
	         "Wheel '%s' does not contain the required METADATA file: ", file);
	if ((err = need_member(art, path, what)) < 0)
		return err;
	snprintf(path, sizeof(path), "%s-%s.dist-info/RECORD", dn->name, dn->version);
	snprintf(what, sizeof(what),
	         "Wheel '%s' does not contain the required RECORD file: ", file);
	return need_member(art, path, what);
}

int sv_dist_metadata(sw_buf *out, const char *path, const char *file, const struct sv_distname *dn)
{
	sw_artifact *art = NULL;
	const char *text;
	size_t len = 0;
	int err = sw_artifact_open(&art, path, NULL);
	if (err == SW_ENOMEM || err == SW_EIO)
		goto done;
	if (err < 0) {
		err = sw_error_set(SW_EPARSE, "Invalid distribution file. %s",
		                   dn->kind == SV_SDIST ? "File is not a tar.gz archive"
		                                        : "File is not a zipfile");
		goto done;
	}
	if (dn->kind == SV_WHEEL && (err = check_wheel(art, dn, file)) < 0)
		goto done;
	text = sw_artifact_metadata_text(art, &len);
	if (!text) {
		const char *top = sw_artifact_dist_info(art);
		err = sw_error_set(SW_EPARSE,
		                   "Invalid distribution file. PKG-INFO not found at %s/PKG-INFO",
		                   top ? top : "<top>");
		goto done;
	}
	if (len > SV_METADATA_MAX) {
		err = sw_error_set(SW_ETOOBIG, "Invalid distribution file. Metadata too large");
		goto done;
	}
	err = sw_buf_put(out, text, len);
done:
	sw_artifact_free(art);
	return err;
}
