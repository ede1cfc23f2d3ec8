/*
 * serve/auth.c — who may upload: HTTP Basic credentials checked against a
 * users file of Argon2id hashes (libsodium crypto_pwhash_str) or against a
 * single token (user "__token__", also as "Bearer"/"token" schemes, as
 * PyPI accepts), compared in constant time. A successful Argon2id check is
 * remembered as a keyed BLAKE2b digest of the credentials, so repeated
 * uploads do not pay 64 MiB and tens of milliseconds each; secrets are never
 * stored in clear nor logged.
 */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "serve/serve_int.h"

#define SV_USERS_MAX (1024 * 1024)
#define SV_CRED_MAX  4096

struct sv_user {
	char *name;
	char *hash;
	unsigned char cached[32]; /* keyed digest of the last verified credentials */
	int has_cache;
};

struct sv_auth {
	struct sv_user *users;
	size_t nusers;
	char *users_file; /* re-read when its stamp changes */
	sw_file_stamp stamp;
	unsigned char token_digest[32];
	int has_token;
	unsigned char key[32];
	pthread_mutex_t lock;
};

/* Keyed digest of "user\0password". */
static void cred_digest(unsigned char *out, const unsigned char *key, const char *user,
                        const char *pass, size_t plen)
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, key, 32, 32);
	crypto_generichash_update(&st, (const unsigned char *)user, strlen(user) + 1);
	crypto_generichash_update(&st, (const unsigned char *)pass, plen);
	crypto_generichash_final(&st, out, 32);
}

static int name_is_valid(const char *name, size_t n)
{
	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-",
		            name[i]))
			return 0;
	return 1;
}

/* Calls fn for each "name:hash" line; SW_EPARSE names the bad line. */
static int each_user(const char *path, const char *text, size_t len,
                     int (*fn)(void *ctx, const char *name, size_t nlen, const char *hash,
                               size_t hlen),
                     void *ctx)
{
	unsigned line = 0;
	for (size_t i = 0; i < len;) {
		const char *s = text + i, *nl = memchr(s, '\n', len - i);
		size_t n = nl ? (size_t)(nl - s) : len - i;
		i += n + 1;
		line++;
		while (n && (s[n - 1] == '\r' || s[n - 1] == ' '))
			n--;
		if (n == 0 || s[0] == '#')
			continue;
		const char *colon = memchr(s, ':', n);
		if (!colon || !name_is_valid(s, (size_t)(colon - s)) || colon + 1 == s + n)
			return sw_error_set_at(
			        SW_EPARSE, path, line, 1,
			        "expected 'name:hash' (see slipway serve --add-user)");
		int err = fn(ctx, s, (size_t)(colon - s), colon + 1, (size_t)(s + n - colon - 1));
		if (err < 0)
			return err;
	}
	return 0;
}

static int add_user(void *ctx, const char *name, size_t nlen, const char *hash, size_t hlen)
{
	struct sv_auth *a = ctx;
	struct sv_user *u = sw_realloc(a->users, (a->nusers + 1) * sizeof(*u));
	if (!u)
		return sw_error_set(SW_ENOMEM, "out of memory");
	a->users = u;
	u = &a->users[a->nusers];
	memset(u, 0, sizeof(*u));
	u->name = sw_strndup(name, nlen);
	u->hash = sw_strndup(hash, hlen);
	a->nusers++;
	if (!u->name || !u->hash)
		return sw_error_set(SW_ENOMEM, "out of memory");
	return 0;
}

int sv_auth_new(struct sv_auth **out, const char *users_file, const char *token)
{
	char *text = NULL;
	size_t len = 0;
	int err = 0;
	struct sv_auth *a = sw_calloc(1, sizeof(*a));
	*out = NULL;
	if (!a)
		return sw_error_set(SW_ENOMEM, "out of memory");
	pthread_mutex_init(&a->lock, NULL);
	if (sodium_init() < 0) {
		err = sw_error_set(SW_EINVAL, "libsodium could not be initialised");
		goto done;
	}
	randombytes_buf(a->key, sizeof(a->key));
	if (token) {
		cred_digest(a->token_digest, a->key, "__token__", token, strlen(token));
		a->has_token = 1;
	}
	if (users_file) {
		if (!(a->users_file = sw_strdup(users_file))) {
			err = sw_error_set(SW_ENOMEM, "out of memory");
			goto done;
		}
		if ((err = sw_file_read(&text, &len, &a->stamp, users_file, SV_USERS_MAX)) < 0)
			goto done;
		if ((err = each_user(users_file, text, len, add_user, a)) < 0)
			goto done;
	}
	*out = a;
	a = NULL;
done:
	sw_free(text);
	sv_auth_free(a);
	return err;
}

static void users_free(struct sv_user *users, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sw_free(users[i].name);
		sw_free(users[i].hash);
	}
	sw_free(users);
}

void sv_auth_free(struct sv_auth *a)
{
	if (!a)
		return;
	users_free(a->users, a->nusers);
	sw_free(a->users_file);
	pthread_mutex_destroy(&a->lock);
	sodium_memzero(a, sizeof(*a));
	sw_free(a);
}

/* Re-reads the users file if it changed on disk (lock held), so users
 * added with --add-user can upload without a restart. A file that cannot be
 * read or parsed keeps the users loaded before. */
static void reload_users(struct sv_auth *a)
{
	struct sv_auth fresh = {0};
	sw_file_stamp now;
	char *text = NULL;
	size_t len = 0;
	if (!a->users_file || sw_file_stamp_get(&now, a->users_file) < 0 ||
	    sw_file_stamp_equal(&now, &a->stamp))
		goto done;
	if (sw_file_read(&text, &len, &now, a->users_file, SV_USERS_MAX) < 0 ||
	    each_user(a->users_file, text, len, add_user, &fresh) < 0) {
		sw_log(SW_LOG_WARN, "users file not reloaded: %s", sw_error_last());
		users_free(fresh.users, fresh.nusers);
		goto done;
	}
	users_free(a->users, a->nusers);
	a->users = fresh.users;
	a->nusers = fresh.nusers;
	a->stamp = now;
done:
	sw_free(text);
	sw_error_clear();
}

/* Checks a user's password against the users file (with the cache). The
 * Argon2id check runs without the lock. */
static int check_user(struct sv_auth *a, const char *user, const char *pass, size_t plen)
{
	unsigned char d[32];
	char *hash = NULL;
	int ok = 0;
	cred_digest(d, a->key, user, pass, plen);
	pthread_mutex_lock(&a->lock);
	reload_users(a);
	for (size_t i = 0; i < a->nusers && !hash && !ok; i++) {
		struct sv_user *u = &a->users[i];
		if (strcmp(u->name, user) != 0)
			continue;
		ok = u->has_cache && sodium_memcmp(u->cached, d, 32) == 0;
		if (!ok)
			hash = sw_strdup(u->hash);
	}
	pthread_mutex_unlock(&a->lock);
	if (ok || !hash)
		return ok;
	ok = crypto_pwhash_str_verify(hash, pass, plen) == 0;
	pthread_mutex_lock(&a->lock);
	for (size_t i = 0; ok && i < a->nusers; i++) {
		struct sv_user *u = &a->users[i];
		if (strcmp(u->name, user) == 0 && strcmp(u->hash, hash) == 0) {
			memcpy(u->cached, d, 32);
			u->has_cache = 1;
		}
	}
	pthread_mutex_unlock(&a->lock);
	sw_free(hash);
	return ok;
}

/* Compares a token with the configured one in constant time. */
static int check_token(struct sv_auth *a, const char *token, size_t len)
{
	unsigned char d[32];
	if (!a->has_token)
		return 0;
	cred_digest(d, a->key, "__token__", token, len);
	return sodium_memcmp(d, a->token_digest, 32) == 0;
}

int sv_auth_check(struct sv_auth *a, const char *authorization)
{
	unsigned char raw[SV_CRED_MAX + 1];
	size_t rawlen = 0;
	int result = 0;
	if (!authorization || !a)
		return -1;
	while (*authorization == ' ')
		authorization++;
	if (strncasecmp(authorization, "Bearer ", 7) == 0 ||
	    strncasecmp(authorization, "token ", 6) == 0) {
		const char *t = strchr(authorization, ' ') + 1;
		return check_token(a, t, strlen(t));
	}
	if (strncasecmp(authorization, "Basic ", 6) != 0)
		return -1;
	const char *b64 = authorization + 6;
	if (strlen(b64) > SV_CRED_MAX ||
	    sodium_base642bin(raw, SV_CRED_MAX, b64, strlen(b64), " ", &rawlen, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0)
		return 0;
	raw[rawlen] = '\0';
	char *colon = memchr(raw, ':', rawlen);
	if (!colon || memchr(raw, '\0', rawlen))
		goto done;
	*colon = '\0';
	const char *user = (const char *)raw, *pass = colon + 1;
	size_t plen = rawlen - (size_t)(colon + 1 - (char *)raw);
	if (strcmp(user, "__token__") == 0)
		result = check_token(a, pass, plen);
	else
		result = check_user(a, user, pass, plen);
done:
	sodium_memzero(raw, sizeof(raw));
	return result;
}

/* Appends every line but `name`'s to the new file text. */
struct rewrite {
	sw_buf *out;
	const char *name;
};

static int keep_other(void *ctx, const char *name, size_t nlen, const char *hash, size_t hlen)
{
	struct rewrite *r = ctx;
	if (strlen(r->name) == nlen && memcmp(r->name, name, nlen) == 0)
		return 0;
	sw_buf_put(r->out, name, nlen);
	sw_buf_putc(r->out, ':');
	sw_buf_put(r->out, hash, hlen);
	return sw_buf_putc(r->out, '\n');
}

int sw_serve_user_add(const char *path, const char *name, const char *password)
{
	char hash[crypto_pwhash_STRBYTES];
	char *text = NULL;
	size_t len = 0;
	sw_buf out;
	int err = 0;
	sw_buf_init(&out, SV_USERS_MAX);
	if (!name_is_valid(name, strlen(name)))
		return sw_error_set(SW_EINVAL,
		                    "invalid user name '%s': use 1-64 of A-Z a-z 0-9 . _ -", name);
	if (!password[0])
		return sw_error_set(SW_EINVAL, "empty password");
	if (sodium_init() < 0)
		return sw_error_set(SW_EINVAL, "libsodium could not be initialised");
	if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
	                      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return sw_error_set(SW_ENOMEM, "out of memory while hashing the password");
	int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return sw_error_set(SW_EIO, "%s: cannot create: %s", path, strerror(errno));
	close(fd);
	if ((err = sw_file_read(&text, &len, NULL, path, SV_USERS_MAX)) < 0)
		goto done;
	struct rewrite r = {&out, name};
	if ((err = each_user(path, text, len, keep_other, &r)) < 0)
		goto done;
	sw_buf_printf(&out, "%s:%s\n", name, hash);
	if ((err = sw_buf_error(&out)) < 0)
		goto done;
	err = sw_file_write_atomic(path, out.ptr, out.len, NULL);
done:
	sodium_memzero(hash, sizeof(hash));
	sw_buf_free(&out);
	sw_free(text);
	return err;
}
