/*
 * artifact/meta.c — the small members every check needs, loaded at open:
 * the metadata folder (the wheel's single *.dist-info, the sdist's single
 * top folder), METADATA / PKG-INFO parsed by the metadata module, WHEEL,
 * entry_points.txt, RECORD and the sdist's pyproject.toml. Problems with
 * them are kept as messages for the checks, never open errors (except
 * running out of memory).
 */
#include <stdio.h>
#include <string.h>

#include "artifact/art_int.h"

enum { SLOT_MD, SLOT_WHEEL, SLOT_EPS, SLOT_RECORD, SLOT_PYPROJECT, SLOT_N };

/* The wanted members: index (or SIZE_MAX), bytes read, error message. */
struct slots {
	size_t index[SLOT_N];
	sw_buf buf[SLOT_N];
	char *error[SLOT_N];
	size_t cur;
};

/* Length of the first path component of a member name, and whether the
 * name goes deeper (has a '/' followed by something, or is "x/"). */
static size_t first_component(const char *name, int *deeper)
{
	const char *slash = strchr(name, '/');
	*deeper = slash != NULL;
	return slash ? (size_t)(slash - name) : strlen(name);
}

/* Sets *slot to a copy of [s, s+n) if it is new; counts distinct values. */
static int note_dir(char **slot, size_t *distinct, const char *s, size_t n)
{
	if (*slot && strlen(*slot) == n && strncmp(*slot, s, n) == 0)
		return 0;
	(*distinct)++;
	if (*slot)
		return 0;
	*slot = sw_strndup(s, n);
	return *slot ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
}

/* The wheel's *.dist-info folder, or the sdist's top folder; cleared when
 * it is not the only one. */
static int find_meta_dir(sw_artifact *a)
{
	for (size_t i = 0; i < a->count; i++) {
		int deeper, err = 0;
		const char *name = a->members[i].name;
		size_t n = first_component(name, &deeper);
		if (a->kind == SW_ARTIFACT_WHEEL) {
			if (deeper && n > 10 && strncmp(name + n - 10, ".dist-info", 10) == 0)
				err = note_dir(&a->dist_info, &a->dist_info_dirs, name, n);
		} else if (deeper || a->members[i].type == SW_MEMBER_DIR) {
			err = note_dir(&a->dist_info, &a->top_dirs, name, n);
		} else {
			a->top_dirs += 2; /* a file at the top: no single top folder */
		}
		if (err < 0)
			return err;
	}
	if (a->dist_info_dirs > 1 || a->top_dirs > 1 || (a->dist_info && !a->dist_info[0])) {
		sw_free(a->dist_info);
		a->dist_info = NULL;
	}
	return 0;
}

/* Finds "<dir>/<file>" and records its index in the slot. */
static int want(struct slots *s, int slot, const sw_artifact *a, const char *file)
{
	char path[4096];
	size_t index;
	if (!a->dist_info)
		return 0;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s", a->dist_info, file) >= sizeof(path))
		return 0;
	if (sw_artifact_member_find(&index, a, path) == 0 &&
	    a->members[index].type == SW_MEMBER_FILE)
		s->index[slot] = index;
	sw_error_clear();
	return 0;
}

static int slot_begin(void *ud, size_t index, const sw_artifact_member *m)
{
	struct slots *s = ud;
	(void)m;
	for (size_t k = 0; k < SLOT_N; k++)
		if (s->index[k] == index) {
			s->cur = k;
			return 1;
		}
	return 0;
}

static int slot_data(void *ud, size_t index, const void *data, size_t len)
{
	struct slots *s = ud;
	(void)index;
	return sw_buf_put(&s->buf[s->cur], data, len);
}

/* Appends read bytes to a buffer. */
static int buf_sink(void *ud, const void *data, size_t len)
{
	return sw_buf_put(ud, data, len);
}

/* Reads the wanted members: one by one from a zip, in one pass of a tar. */
static int read_slots(struct slots *s, const sw_artifact *a)
{
	sw_artifact_visitor v = {slot_begin, slot_data, NULL, s};
	int err = 0;
	if (a->kind == SW_ARTIFACT_SDIST)
		return sw_artifact_visit(a, &v);
	for (size_t k = 0; k < SLOT_N && !err; k++) {
		if (s->index[k] == SIZE_MAX)
			continue;
		s->cur = k;
		err = art_zip_read(a, s->index[k], buf_sink, &s->buf[k]);
		if (err < 0 && err != SW_ENOMEM) {
			if (!(s->error[k] = sw_strdup(sw_error_last())))
				return sw_error_set(SW_ENOMEM, "out of memory");
			err = 0;
		}
	}
	return err;
}

/* Takes a slot's bytes (NULL when missing or unreadable). */
static char *take(struct slots *s, int k, size_t *len)
{
	if (s->index[k] == SIZE_MAX || s->error[k] || sw_buf_error(&s->buf[k]))
		return NULL;
	return sw_buf_detach(&s->buf[k], len);
}

/* Parses the metadata bytes, keeping the parser's message on failure. */
static int load_metadata(sw_artifact *a, struct slots *s)
{
	int k = SLOT_MD, err;
	if (s->index[k] == SIZE_MAX)
		return 0;
	if (!(a->md_text = take(s, k, &a->md_len))) {
		const char *why = s->error[k] ? s->error[k] : "larger than the limit";
		a->md_error = sw_strdup(why);
		return a->md_error ? 0 : sw_error_set(SW_ENOMEM, "out of memory");
	}
	err = sw_metadata_parse(&a->md, a->md_text, a->md_len, a->members[s->index[k]].name);
	if (err == SW_ENOMEM)
		return err;
	if (err < 0 && !(a->md_error = sw_strdup(sw_error_last())))
		return sw_error_set(SW_ENOMEM, "out of memory");
	return 0;
}

/* Whether bytes are valid UTF-8. */
static int utf8_ok(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		size_t k = sw_utf8_seq_len(s, len, i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* Parses RECORD, WHEEL and entry_points.txt, keeping why they failed. */
static int load_wheel_files(sw_artifact *a, struct slots *s)
{
	size_t len = 0;
	char *text;
	int err = 0;
	if ((a->has_record = s->index[SLOT_RECORD] != SIZE_MAX)) {
		const char *why = NULL;
		text = take(s, SLOT_RECORD, &len);
		if (!text)
			why = s->error[SLOT_RECORD] ? s->error[SLOT_RECORD]
			                            : "larger than the limit";
		else if (!utf8_ok(text, len))
			why = "not valid UTF-8";
		else if ((err = sw_record_parse(&a->record, &a->record_count, text, len)) < 0)
			why = sw_error_last();
		sw_free(text);
		if (err == SW_ENOMEM || (why && !(a->record_error = sw_strdup(why))))
			return sw_error_set(SW_ENOMEM, "out of memory");
		err = 0;
	}
	if ((text = take(s, SLOT_WHEEL, &len)) != NULL) {
		err = art_parse_wheel(a, text, len);
		sw_free(text);
		if (err < 0)
			return err;
	} else if (s->error[SLOT_WHEEL] && !(a->wheel_error = sw_strdup(s->error[SLOT_WHEEL])))
		return sw_error_set(SW_ENOMEM, "out of memory");
	if ((a->has_eps = s->index[SLOT_EPS] != SIZE_MAX) && (text = take(s, SLOT_EPS, &len))) {
		err = art_parse_entry_points(a, text, len);
		sw_free(text);
	}
	return err;
}

int art_load_meta(sw_artifact *a)
{
	struct slots s;
	int err, wheel = a->kind == SW_ARTIFACT_WHEEL;
	memset(&s, 0, sizeof(s));
	for (size_t k = 0; k < SLOT_N; k++) {
		s.index[k] = SIZE_MAX;
		sw_buf_init(&s.buf[k], k == SLOT_MD ? SW_METADATA_MAX_LEN : ART_SMALL_MAX);
	}
	if ((err = find_meta_dir(a)) < 0)
		goto done;
	want(&s, SLOT_MD, a, wheel ? "METADATA" : "PKG-INFO");
	if (wheel) {
		want(&s, SLOT_WHEEL, a, "WHEEL");
		want(&s, SLOT_EPS, a, "entry_points.txt");
		want(&s, SLOT_RECORD, a, "RECORD");
	} else {
		want(&s, SLOT_PYPROJECT, a, "pyproject.toml");
	}
	if ((err = read_slots(&s, a)) < 0 || (err = load_metadata(a, &s)) < 0 ||
	    (wheel && (err = load_wheel_files(a, &s)) < 0))
		goto done;
	if (!wheel && s.index[SLOT_PYPROJECT] != SIZE_MAX)
		a->pyproject = take(&s, SLOT_PYPROJECT, &a->pyproject_len);
done:
	for (size_t k = 0; k < SLOT_N; k++) {
		sw_buf_free(&s.buf[k]);
		sw_free(s.error[k]);
	}
	return err;
}
