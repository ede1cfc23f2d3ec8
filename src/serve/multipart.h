/*
 * serve/multipart.h — a bounded streaming parser for multipart/form-data
 * (RFC 7578 over RFC 2046), as upload clients send it.
 *
 * Bytes are fed in chunks of any size; the parser calls back at the start
 * of each part (with its name, filename and content type), for each run of
 * the part's body bytes, and at its end. It holds at most one window of
 * SV_MP_WINDOW bytes plus the boundary: a body of any length is never held
 * in memory. A non-zero return from a callback stops the parse and is
 * returned by sv_mp_feed().
 */
#ifndef SW_SERVE_MULTIPART_H
#define SW_SERVE_MULTIPART_H

#include <stddef.h>

/* Bytes buffered at most (a part's header block must fit in it). */
#define SV_MP_WINDOW (64 * 1024)
/* Most parts accepted in one body. */
#define SV_MP_MAX_PARTS 4096

typedef struct sv_mp sv_mp;

struct sv_mp_part {
	const char *name;         /* the form field name (never NULL) */
	const char *filename;     /* filename parameter, or NULL */
	const char *content_type; /* the part's Content-Type, or NULL */
};

struct sv_mp_callbacks {
	int (*part_begin)(void *ctx, const struct sv_mp_part *part);
	int (*part_data)(void *ctx, const char *data, size_t len);
	int (*part_end)(void *ctx);
};

/* Reads the boundary from a Content-Type header value and prepares a
 * parser. SW_EPARSE (with a message) if the type is not multipart/form-data
 * or has no valid boundary; SW_ENOMEM. */
int sv_mp_new(sv_mp **out, const char *content_type, const struct sv_mp_callbacks *cb, void *ctx);

/* Feeds `len` bytes. Returns 0, SW_EPARSE (malformed body, message set), or
 * a callback's non-zero return. After an error the parser refuses input. */
int sv_mp_feed(sv_mp *mp, const char *data, size_t len);

/* Declares the end of the body: SW_EPARSE unless the closing boundary was
 * seen. */
int sv_mp_finish(sv_mp *mp);

void sv_mp_free(sv_mp *mp);

#endif
