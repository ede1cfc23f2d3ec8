/*
 * fuzz/fuzz_multipart.c — the upload multipart parser: the first input line
 * is the Content-Type, the rest the body, fed in chunks whose sizes come
 * from the input. Whatever the bytes, the parser must not crash, must keep
 * its callbacks balanced (begin, data, end), and must give the same events
 * when the same body is fed whole.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "serve/multipart.h"
#include "util/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct events {
	sw_buf log;
	int open; /* inside a part */
};

static int ev_begin(void *ctx, const struct sv_mp_part *p)
{
	struct events *e = ctx;
	if (e->open || !p->name)
		abort();
	e->open = 1;
	sw_buf_printf(&e->log, "[%s|%s|%s]", p->name, p->filename ? p->filename : "",
	              p->content_type ? p->content_type : "");
	return 0;
}

static int ev_data(void *ctx, const char *d, size_t n)
{
	struct events *e = ctx;
	if (!e->open || n == 0)
		abort();
	sw_buf_put(&e->log, d, n);
	return 0;
}

static int ev_end(void *ctx)
{
	struct events *e = ctx;
	if (!e->open)
		abort();
	e->open = 0;
	sw_buf_putc(&e->log, ';');
	return 0;
}

/* Parses body with chunk sizes taken from `sizes` (cycled); returns the
 * final status. */
static int run(struct events *e, const char *ctype, const char *body, size_t n,
               const uint8_t *sizes, size_t nsizes)
{
	static const struct sv_mp_callbacks cb = {ev_begin, ev_data, ev_end};
	sv_mp *mp = NULL;
	int err = sv_mp_new(&mp, ctype, &cb, e);
	for (size_t i = 0, k = 0; !err && i < n; k++) {
		size_t c = nsizes ? (size_t)sizes[k % nsizes] + 1 : n;
		c = c > n - i ? n - i : c;
		err = sv_mp_feed(mp, body + i, c);
		i += c;
	}
	if (!err)
		err = sv_mp_finish(mp);
	sv_mp_free(mp);
	return err;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	struct events a, b;
	if (!nl)
		return 0;
	char *ctype = sw_strndup((const char *)data, (size_t)(nl - data));
	const char *body = (const char *)nl + 1;
	size_t n = size - (size_t)(nl - data) - 1;
	if (!ctype)
		return 0;
	sw_buf_init(&a.log, 1 << 24);
	sw_buf_init(&b.log, 1 << 24);
	a.open = b.open = 0;
	int ra = run(&a, ctype, body, n, NULL, 0);
	int rb = run(&b, ctype, body, n, data, size < 16 ? size : 16);
	if (ra != rb ||
	    (ra == 0 && (a.open || strcmp(sw_buf_cstr(&a.log), sw_buf_cstr(&b.log)) != 0)))
		abort();
	sw_buf_free(&a.log);
	sw_buf_free(&b.log);
	sw_free(ctype);
	return 0;
}
