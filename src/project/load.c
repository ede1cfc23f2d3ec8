/*
 * project/load.c — loading pyproject.toml: finding the file (a path to it or
 * to its directory), reading it, parsing it through the TOML module, and
 * keeping text that is not TOML for display with the parser's position.
 * Also the project's simple accessors and its destructor.
 */
#include <string.h>
#include <sys/stat.h>

#include "project/project_int.h"

#define DEFAULT_NAME "pyproject.toml"

/* Reads "line:col: " right after `prefix` at the start of `msg`; returns
 * what follows (all of msg if the form does not match). */
static const char *parse_position(const char *msg, const char *prefix, unsigned *line,
                                  unsigned *col)
{
	size_t plen = strlen(prefix);
	unsigned v[2] = {0, 0};
	const char *s = msg;
	*line = 1;
	*col = 1;
	if (strncmp(s, prefix, plen) != 0 || s[plen] != ':')
		return msg;
	s += plen + 1;
	for (int k = 0; k < 2; k++) {
		if (*s < '0' || *s > '9')
			return msg;
		while (*s >= '0' && *s <= '9') {
			if (v[k] < 100000000u)
				v[k] = v[k] * 10u + (unsigned)(*s - '0');
			s++;
		}
		if (*s++ != ':')
			return msg;
	}
	if (v[0] && v[1]) {
		*line = v[0];
		*col = v[1];
	}
	return *s == ' ' ? s + 1 : s;
}

/* Parses the text; text that is not TOML is kept with its error. */
static int load_text(sw_project *p, const char *text, size_t len)
{
	int err = sw_toml_parse(&p->doc, text, len, p->path);
	if (err == SW_EPARSE || (err == SW_ETOOBIG && len <= SW_TOML_MAX_SIZE)) {
		p->doc = NULL;
		p->syntax_msg = pj_strndup(&p->arena, sw_error_last(), strlen(sw_error_last()));
		p->text = pj_strndup(&p->arena, text, len);
		if (!p->syntax_msg || !p->text)
			return sw_error_set(SW_ENOMEM, "out of memory");
		p->text_len = len;
		p->syntax_reason =
		        parse_position(p->syntax_msg, p->path, &p->syntax_line, &p->syntax_col);
		sw_error_clear();
		return 0;
	}
	if (err < 0)
		return err;
	return pj_load_view(p);
}

/* A new empty project named `name` with root `root` (either may be NULL). */
static int project_new(sw_project **out, const char *name, size_t name_len, const char *root)
{
	sw_project *p = sw_calloc(1, sizeof(*p));
	if (!p)
		return sw_error_set(SW_ENOMEM, "out of memory");
	p->path = pj_strndup(&p->arena, name, name_len);
	if (root)
		p->root = pj_strndup(&p->arena, root, strlen(root));
	if (!p->path || (root && !p->root)) {
		sw_project_free(p);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	*out = p;
	return 0;
}

int sw_project_load_buffer(sw_project **out, const char *text, size_t len, const char *name,
                           const char *root)
{
	sw_project *p = NULL;
	int err;
	*out = NULL;
	if (!text && len)
		return sw_error_set(SW_EINVAL, "no text given");
	if (!name)
		name = DEFAULT_NAME;
	if ((err = project_new(&p, name, strlen(name), root)) < 0)
		return err;
	if ((err = load_text(p, text ? text : "", len)) < 0)
		goto done;
	*out = p;
	p = NULL;
done:
	sw_project_free(p);
	return err;
}

/* Works out the file to read and the root from a file or directory path. */
static int locate(sw_buf *file, sw_buf *root, const char *path)
{
	struct stat st;
	const char *slash;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		size_t n = strlen(path);
		sw_buf_puts(root, path);
		if (strcmp(path, ".") != 0 && strcmp(path, "./") != 0) {
			sw_buf_put(file, path, n);
			if (n && path[n - 1] != '/')
				sw_buf_putc(file, '/');
		}
		sw_buf_puts(file, DEFAULT_NAME);
	} else {
		sw_buf_puts(file, path);
		slash = strrchr(path, '/');
		if (!slash)
			sw_buf_puts(root, ".");
		else if (slash == path)
			sw_buf_puts(root, "/");
		else
			sw_buf_put(root, path, (size_t)(slash - path));
	}
	if (sw_buf_error(file) == SW_ENOMEM || sw_buf_error(root) == SW_ENOMEM)
		return sw_error_set(SW_ENOMEM, "out of memory");
	if (sw_buf_error(file) || sw_buf_error(root))
		return sw_error_set(SW_ETOOBIG, "path too long");
	return 0;
}

int sw_project_load(sw_project **out, const char *path)
{
	sw_buf file, root;
	sw_project *p = NULL;
	sw_file_stamp stamp;
	char *text = NULL;
	size_t len = 0;
	int err;
	*out = NULL;
	if (!path || !*path)
		return sw_error_set(SW_EINVAL, "no path given");
	sw_buf_init(&file, 4096 + 64);
	sw_buf_init(&root, 4096 + 64);
	if ((err = locate(&file, &root, path)) < 0)
		goto done;
	if ((err = sw_file_stamp_get(&stamp, sw_buf_cstr(&file))) < 0)
		goto done;
	if (!stamp.exists) {
		err = sw_error_set(SW_ENOTFOUND, "%s: no such file", sw_buf_cstr(&file));
		goto done;
	}
	err = sw_file_read(&text, &len, &stamp, sw_buf_cstr(&file), SW_TOML_MAX_SIZE);
	if (err < 0)
		goto done;
	if ((err = project_new(&p, file.ptr, file.len, sw_buf_cstr(&root))) < 0)
		goto done;
	p->stamp = stamp;
	p->has_stamp = 1;
	if ((err = load_text(p, text, len)) < 0)
		goto done;
	*out = p;
	p = NULL;
done:
	sw_free(text);
	sw_project_free(p);
	sw_buf_free(&file);
	sw_buf_free(&root);
	return err;
}

void sw_project_free(sw_project *p)
{
	struct pj_req_link *r;
	if (!p)
		return;
	for (r = p->reqs; r; r = r->next)
		sw_requirement_free(r->req);
	sw_toml_free(p->doc);
	pj_arena_free(&p->arena);
	sw_free(p);
}

int pj_requirement(sw_project *p, const sw_requirement **req, const sw_project_str *text)
{
	sw_requirement *r = NULL;
	struct pj_req_link *link;
	int err;
	*req = NULL;
	if (!text->str)
		return 0;
	err = sw_requirement_parse(&r, text->str, text->len);
	if (err == SW_ENOMEM)
		return err;
	if (err < 0) {
		sw_error_clear();
		return 0;
	}
	link = pj_alloc(&p->arena, sizeof(*link));
	if (!link) {
		sw_requirement_free(r);
		return sw_error_set(SW_ENOMEM, "out of memory");
	}
	link->req = r;
	link->next = p->reqs;
	p->reqs = link;
	*req = r;
	return 0;
}

const char *sw_project_path(const sw_project *p)
{
	return p->path;
}

const char *sw_project_root(const sw_project *p)
{
	return p->root;
}

int sw_project_editable(const sw_project *p)
{
	return p->doc != NULL;
}

const sw_toml_doc *sw_project_doc(const sw_project *p)
{
	return p->doc;
}

const char *sw_project_text(const sw_project *p, size_t *len)
{
	if (p->doc)
		return sw_toml_text(p->doc, len);
	if (len)
		*len = p->text_len;
	return p->text;
}

const sw_file_stamp *sw_project_stamp(const sw_project *p)
{
	return p->has_stamp ? &p->stamp : NULL;
}

int sw_project_syntax_error(const sw_project *p, const char **message, unsigned *line,
                            unsigned *col)
{
	if (p->doc)
		return 0;
	if (message)
		*message = p->syntax_msg;
	if (line)
		*line = p->syntax_line;
	if (col)
		*col = p->syntax_col;
	return 1;
}

const sw_project_meta *sw_project_meta_get(const sw_project *p)
{
	return &p->meta;
}

const sw_project_build *sw_project_build_get(const sw_project *p)
{
	return &p->build;
}

const sw_toml_node *sw_project_field_node(const sw_project *p, enum sw_project_field field)
{
	return (unsigned)field < SW_PF_COUNT ? p->fields[field] : NULL;
}

int sw_project_is_dynamic(const sw_project *p, enum sw_project_field field)
{
	return (unsigned)field < SW_PF_COUNT && (p->dynamic_mask >> field & 1u);
}

const sw_toml_node *sw_project_tool(const sw_project *p)
{
	return p->tool;
}
