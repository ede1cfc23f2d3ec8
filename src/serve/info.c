/*
 * serve/info.c — what the pages say about one file: its sha256, size,
 * upload time, requires-python, yanked state and the sha256 of its core
 * metadata. Uploaded files carry these in a JSON sidecar written at upload
 * time; files dropped into the folder get them computed on first use (file
 * digest, metadata read from the archive) and cached in the index entry.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "serve/serve_int.h"
#include "slipway/metadata.h"

#define SV_SIDECAR_MAX (1024 * 1024)

/* Formats seconds + microseconds as ISO 8601 UTC ("...Z"). */
void sv_iso_time(char *out, size_t size, int64_t sec, long usec)
{
	struct tm tm;
	time_t t = (time_t)sec;
	char base[32];
	gmtime_r(&t, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	if (usec)
		snprintf(out, size, "%s.%06ldZ", base, usec);
	else
		snprintf(out, size, "%sZ", base);
}

/* Copies a 64-digit lowercase hex string from JSON, or leaves dst empty. */
static void get_hex(char *dst, json_t *v)
{
	const char *s = json_string_value(v);
	dst[0] = '\0';
	if (!s || strlen(s) != 64 || strspn(s, "0123456789abcdef") != 64)
		return;
	memcpy(dst, s, 65);
}

/* Reads ROOT/<project>/<file>.slipway.json; 1 if it was used. */
static int load_sidecar(struct sv_file *f)
{
	char *text = NULL, *path = NULL;
	size_t len;
	json_t *root = NULL;
	int used = 0;
	sw_buf p;
	sw_buf_init(&p, 8192);
	sw_buf_printf(&p, "%s.slipway.json", f->path);
	if (!(path = sw_buf_detach(&p, NULL)) ||
	    sw_file_read(&text, &len, NULL, path, SV_SIDECAR_MAX) < 0)
		goto done;
	if (!(root = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL)) || !json_is_object(root))
		goto done;
	json_t *size = json_object_get(root, "size");
	json_t *yanked = json_object_get(root, "yanked");
	json_t *rp = json_object_get(root, "requires-python");
	get_hex(f->sha256, json_object_get(root, "sha256"));
	if (!f->sha256[0] || !json_is_integer(size) || json_integer_value(size) != f->stamp.size)
		goto done;
	get_hex(f->meta_sha256, json_object_get(root, "metadata-sha256"));
	if (json_is_string(rp) && !(f->requires_python = sw_strdup(json_string_value(rp))))
		goto done;
	if (json_is_string(yanked) || json_is_true(yanked)) {
		const char *why = json_is_string(yanked) ? json_string_value(yanked) : "";
		if (!(f->yanked = sw_strdup(why)))
			goto done;
	}
	json_int_t t = json_integer_value(json_object_get(root, "upload-time-us"));
	if (t > 0) {
		f->upload_time = (int64_t)(t / 1000000);
		f->upload_usec = (long)(t % 1000000);
	}
	used = 1;
done:
	json_decref(root);
	sw_free(text);
	sw_free(path);
	sw_error_clear();
	return used;
}

/* Requires-Python of a metadata text into *out (NULL if none or if the
 * text does not parse); SW_ENOMEM only. */
static int requires_python_of(char **out, const char *text, size_t len)
{
	sw_metadata *md = NULL;
	int err = sw_metadata_parse(&md, text, len, NULL);
	*out = NULL;
	if (err == 0) {
		const char *v = sw_metadata_get(md, SW_MD_REQUIRES_PYTHON);
		if (v && v[0] && !(*out = sw_strdup(v)))
			err = SW_ENOMEM;
	}
	sw_metadata_free(md);
	if (err != SW_ENOMEM)
		err = 0;
	sw_error_clear();
	return err;
}

/* Fills what the sidecar did not: metadata hash, requires-python. A file
 * that cannot be read as a distribution simply has no metadata. */
static int load_metadata(struct sv_file *f, int have_sidecar)
{
	struct sv_distname dn;
	sw_buf text;
	unsigned char digest[32];
	int err = 0;
	sw_buf_init(&text, SW_BUF_MAX_DEFAULT);
	if (sv_distname_parse(&dn, f->filename) < 0)
		goto done;
	if (have_sidecar) {
		f->meta = f->kind == SV_WHEEL && f->meta_sha256[0];
		goto done;
	}
	if ((err = sv_dist_metadata(&text, f->path, f->filename, &dn)) < 0) {
		err = err == SW_ENOMEM ? err : 0;
		goto done;
	}
	if (f->kind == SV_WHEEL) {
		if ((err = sw_hash_bytes(digest, SW_HASH_SHA256, text.ptr, text.len)) < 0)
			goto done;
		sw_hex_encode(f->meta_sha256, digest, 32);
		f->meta = 1;
	}
	err = requires_python_of(&f->requires_python, text.ptr, text.len);
done:
	sw_buf_free(&text);
	if (!err)
		sw_error_clear();
	return err;
}

int sv_index_file_info(struct sv_file *f)
{
	unsigned char digest[32];
	int sidecar;
	if (f->info_loaded)
		return 0;
	f->upload_time = f->stamp.mtime_sec;
	f->upload_usec = (long)(f->stamp.mtime_nsec / 1000);
	sidecar = load_sidecar(f);
	if (!sidecar) {
		sw_free(f->requires_python);
		sw_free(f->yanked);
		f->requires_python = f->yanked = NULL;
		int err = sw_hash_file(digest, NULL, SW_HASH_SHA256, f->path);
		if (err < 0)
			return err;
		sw_hex_encode(f->sha256, digest, 32);
	}
	int err = load_metadata(f, sidecar);
	if (err < 0)
		return err;
	f->info_loaded = 1;
	return 0;
}
