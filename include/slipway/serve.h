/*
 * slipway/serve.h — the local package index server (`slipway serve`).
 *
 * One server serves one folder (the root) over HTTP with libmicrohttpd:
 *
 *   GET  /simple/                  project list (PEP 503 HTML / PEP 691 JSON)
 *   GET  /simple/<name>/           project page; non-normalised names get a
 *                                  301 to /simple/<normalised>/
 *   GET  /files/<project>/<file>   a distribution file
 *   GET  /files/<project>/<file>.metadata   its core metadata (PEP 658/714)
 *   POST /legacy/ and POST /       uploads (the legacy upload API, as PyPI)
 *
 * Pages are negotiated on Accept (q-values) or `?format=<type>`:
 * application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html
 * or text/html; 406 when none is acceptable. API version 1.1 (PEP 700).
 *
 * Layout of the root (what a restarted server reads back):
 *
 *   ROOT/<normalised-name>/<file>                 uploaded files
 *   ROOT/<normalised-name>/<file>.metadata        core metadata (wheels)
 *   ROOT/<normalised-name>/<file>.slipway.json    sidecar: {"sha256", "size",
 *                     "upload-time", "requires-python", "yanked"}; "yanked"
 *                     is false or a reason string (edit it by hand to yank)
 *   ROOT/<file>, ROOT/<any folder>/<file>         dropped-in files (a
 *                     wheelhouse): served as they are; digests and metadata
 *                     are computed on first use and cached in memory
 *   ROOT/.tmp/                                    uploads in progress; emptied
 *                     when a server starts
 *
 * Files added to the root while the server runs appear on the next request
 * (folders are re-read when their modification time changes).
 *
 * Users file (--users): one "name:hash" line per user, where hash is the
 * libsodium crypto_pwhash_str() string (Argon2id); lines starting with '#'
 * and empty lines are ignored. sw_serve_user_add() writes it; a running
 * server re-reads it when it changes.
 *
 * Uploads answer as PyPI does (SPECS.md §1.5-1.6): 200 (also for an
 * identical re-upload), 400 with PyPI's message for every validation
 * failure ("File already exists ('<file>', with blake2_256 hash '<hex>').
 * ..."), 401 with a Basic challenge when credentials are needed and none
 * were sent, 403 for wrong ones, 405 when read-only, 413 over max_upload.
 * The message is the body: HTML, or {"message", "code", "title"} JSON when
 * the client accepts application/json. (libmicrohttpd cannot set a custom
 * reason phrase, so unlike PyPI the status line keeps the standard one.)
 *
 * Pages are cached per index change, also gzip-encoded for clients that
 * send Accept-Encoding: gzip. Changes in the root are noticed through
 * inotify (or, without it, by comparing folder stamps on each request).
 *
 * Passwords and tokens never reach the log or an error message.
 */
#ifndef SLIPWAY_SERVE_H
#define SLIPWAY_SERVE_H

#include "slipway/common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sw_server sw_server;

/* Default upload limit (per file): 1 GiB. */
#define SW_SERVE_MAX_UPLOAD_DEFAULT (1024ULL * 1024 * 1024)

#define SW_SERVE_OPTS_VERSION 1

typedef struct sw_serve_opts {
	unsigned version;              /* SW_SERVE_OPTS_VERSION */
	const char *root;              /* the folder served (required; created if missing) */
	const char *host;              /* address to bind; NULL gives "127.0.0.1" */
	unsigned port;                 /* 0 binds a free port (see sw_serve_port()) */
	int read_only;                 /* refuse every upload (405) */
	const char *users_file;        /* users for HTTP Basic auth, or NULL */
	const char *token;             /* password of the user "__token__", or NULL */
	int allow_anonymous;           /* accept uploads without credentials */
	unsigned long long max_upload; /* largest file accepted; 0 = default */
	unsigned threads;              /* worker threads; 0 = 4 */
} sw_serve_opts;

#define SW_SERVE_OPTS_INIT                                                                         \
	{                                                                                          \
		SW_SERVE_OPTS_VERSION, NULL, NULL, 0, 0, NULL, NULL, 0, 0, 0                       \
	}

/* Starts a server in background threads and returns at once. Empties
 * ROOT/.tmp first. Each request is logged through sw_log() at SW_LOG_INFO as
 * "METHOD PATH STATUS", each upload as "upload FILE: STATUS MESSAGE".
 * Without users_file, token and allow_anonymous every upload is refused
 * (403). Errors: SW_EINVAL (bad options), SW_EIO (root not usable, users
 * file unreadable), SW_EPARSE (malformed users file), SW_ENETWORK (could not
 * resolve or bind), SW_ENOMEM. The caller owns the server: stop it with
 * sw_serve_stop(). */
int sw_serve_start(sw_server **out, const sw_serve_opts *opts);

/* The port the server listens on (useful after binding port 0). */
unsigned sw_serve_port(const sw_server *server);

/* Stops accepting, waits for requests in flight and frees the server.
 * Uploads not yet acknowledged are discarded. NULL is allowed. */
void sw_serve_stop(sw_server *server);

/* Adds or replaces user `name` in the users file `path` (created 0600 if
 * missing), storing an Argon2id hash of `password`; the file is rewritten
 * atomically. Names are 1-64 characters of [A-Za-z0-9._-].
 * Errors: SW_EINVAL (bad name, empty password), SW_EIO, SW_EPARSE (a
 * malformed line in an existing file), SW_ENOMEM. */
int sw_serve_user_add(const char *path, const char *name, const char *password);

/* Marks `filename` (served from ROOT/<project>/, ROOT/ or a folder below
 * ROOT) as yanked with `reason` ("" for none), or not yanked when `reason`
 * is NULL (PEP 592), by rewriting its sidecar atomically; a running server
 * shows the change on its next request. Errors: SW_EINVAL (not a
 * distribution filename), SW_ENOTFOUND, SW_EPARSE (a sidecar that is not a
 * JSON object), SW_EIO, SW_ENOMEM. */
int sw_serve_yank(const char *root, const char *filename, const char *reason);

#ifdef __cplusplus
}
#endif
#endif
