/*
 * slipway/hash.h — message digests and their text encodings.
 *
 * SHA-256 and MD5 come from OpenSSL's libcrypto (EVP), BLAKE2b-256 from
 * libsodium (Debian 12's OpenSSL has only BLAKE2b-512, and BLAKE2b-256 is
 * not a truncation of it). These are the digests of wheel RECORD files
 * (sha256, urlsafe base64 without padding), the Simple API (hex sha256) and
 * the upload API (md5_digest, sha256_digest, blake2_256_digest, all hex).
 *
 * A sw_hash is a streaming context: create, update any number of times,
 * finish once, free. It is not shared between threads.
 */
#ifndef SLIPWAY_HASH_H
#define SLIPWAY_HASH_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum sw_hash_algo { SW_HASH_SHA256 = 0, SW_HASH_MD5 = 1, SW_HASH_BLAKE2B_256 = 2 };

/* The largest digest any algorithm produces, in bytes. */
#define SW_HASH_MAX_SIZE 32
/* Room for a hex digest of SW_HASH_MAX_SIZE bytes and its NUL. */
#define SW_HASH_HEX_SIZE (2 * SW_HASH_MAX_SIZE + 1)
/* Room for an urlsafe base64 digest (no padding) and its NUL. */
#define SW_HASH_B64_SIZE 44

typedef struct sw_hash sw_hash;

/* Returns the digest size of an algorithm in bytes (32 or 16). */
size_t sw_hash_size(enum sw_hash_algo algo);

/* Returns the algorithm's name as wheel RECORD and the Simple API write it:
 * "sha256", "md5", "blake2b_256". */
const char *sw_hash_name(enum sw_hash_algo algo);

/* Starts a digest. Errors: SW_ENOMEM, SW_EINVAL (unknown algorithm). */
int sw_hash_new(sw_hash **out, enum sw_hash_algo algo);

/* Starts a digest of an input expected to be about `expected` bytes long.
 * The digest is the same whatever the size; the hint only picks the engine:
 * for small SHA-256 inputs, one that costs nothing to start (see hash.c).
 * sw_hash_new() is this with an unknown (large) size. */
int sw_hash_new_sized(sw_hash **out, enum sw_hash_algo algo, unsigned long long expected);

/* Feeds bytes. Errors: SW_EINVAL after sw_hash_final(). */
int sw_hash_update(sw_hash *hash, const void *data, size_t len);

/* Finishes the digest into `digest` (at least sw_hash_size() bytes). The
 * context can then only be freed. */
int sw_hash_final(sw_hash *hash, unsigned char *digest);

/* Frees a context (NULL is allowed). */
void sw_hash_free(sw_hash *hash);

/* Digest of a buffer in one call. */
int sw_hash_bytes(unsigned char *digest, enum sw_hash_algo algo, const void *data, size_t len);

/* Digest of a file's bytes, read in fixed-size blocks (never the whole file
 * in memory); its size goes to *size_out when that is not NULL.
 * Errors: SW_EIO (with the path and the system's reason), SW_ENOMEM. */
int sw_hash_file(unsigned char *digest, unsigned long long *size_out, enum sw_hash_algo algo,
                 const char *path);

/* Lower-case hex of `len` bytes into `out` (2 * len + 1 bytes). */
void sw_hex_encode(char *out, const unsigned char *bytes, size_t len);

/* URL-safe base64 without '=' padding (RFC 4648 §5), as wheel RECORD files
 * use; `out` needs 4 * ceil(len / 3) + 1 bytes (SW_HASH_B64_SIZE for a
 * digest). */
void sw_b64url_encode(char *out, const unsigned char *bytes, size_t len);

#ifdef __cplusplus
}
#endif
#endif
