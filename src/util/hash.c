/*
 * util/hash.c — streaming digests over OpenSSL EVP (SHA-256, MD5) and
 * libsodium's generic hash (BLAKE2b with a 32-byte output), with hex and
 * urlsafe base64 encoders for the forms RECORD files and indexes use.
 *
 * SHA-256 has two engines giving the same digest. OpenSSL's is ~5x faster
 * (SHA-NI) but its first use in a process costs about a millisecond
 * (configuration, providers); libsodium's needs no start-up. Small inputs
 * (sw_hash_new_sized) use libsodium until OpenSSL has been started anyway.
 */
#include <errno.h>
#include <stdatomic.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <sodium.h>
#include <string.h>
#include <unistd.h>

#include "slipway/hash.h"
#include "util/util.h"

#define FILE_BLOCK (256 * 1024)
/* Below this many bytes, SHA-256 does not start OpenSSL for its own sake. */
#define SMALL_INPUT ((unsigned long long)1 << 20)

struct sw_hash {
	enum sw_hash_algo algo;
	int finished;
	EVP_MD_CTX *evp;                /* SHA-256 (large inputs) and MD5 */
	crypto_generichash_state blake; /* BLAKE2b-256 */
	crypto_hash_sha256_state sha;   /* SHA-256 of small inputs */
	int use_sha;
};

/* Set once any OpenSSL digest has been started in this process. */
static atomic_int evp_started;

static const struct {
	const char *name;
	size_t size;
} algos[] = {
        [SW_HASH_SHA256] = {"sha256", 32},
        [SW_HASH_MD5] = {"md5", 16},
        [SW_HASH_BLAKE2B_256] = {"blake2b_256", 32},
};

static int algo_ok(enum sw_hash_algo algo)
{
	return (unsigned)algo < SW_ARRAY_LEN(algos);
}

size_t sw_hash_size(enum sw_hash_algo algo)
{
	return algo_ok(algo) ? algos[algo].size : 0;
}

const char *sw_hash_name(enum sw_hash_algo algo)
{
	return algo_ok(algo) ? algos[algo].name : "unknown";
}

int sw_hash_new(sw_hash **out, enum sw_hash_algo algo)
{
	return sw_hash_new_sized(out, algo, ~0ULL);
}

int sw_hash_new_sized(sw_hash **out, enum sw_hash_algo algo, unsigned long long expected)
{
	*out = NULL;
	if (!algo_ok(algo))
		return sw_error_set(SW_EINVAL, "unknown hash algorithm %d", (int)algo);
	sw_hash *h = sw_calloc(1, sizeof(*h));
	if (!h)
		return sw_error_set(SW_ENOMEM, "out of memory starting a digest");
	h->algo = algo;
	if (algo == SW_HASH_BLAKE2B_256) {
		crypto_generichash_init(&h->blake, NULL, 0, 32);
	} else if (algo == SW_HASH_SHA256 && expected < SMALL_INPUT && !atomic_load(&evp_started)) {
		h->use_sha = 1;
		crypto_hash_sha256_init(&h->sha);
	} else {
		atomic_store(&evp_started, 1);
		h->evp = EVP_MD_CTX_new();
		if (!h->evp ||
		    !EVP_DigestInit_ex(h->evp, algo == SW_HASH_MD5 ? EVP_md5() : EVP_sha256(),
		                       NULL)) {
			sw_hash_free(h);
			return sw_error_set(SW_ENOMEM, "could not start a %s digest",
			                    algos[algo].name);
		}
	}
	*out = h;
	return 0;
}

int sw_hash_update(sw_hash *h, const void *data, size_t len)
{
	if (h->finished)
		return sw_error_set(SW_EINVAL, "digest already finished");
	if (!len)
		return 0;
	if (h->algo == SW_HASH_BLAKE2B_256)
		crypto_generichash_update(&h->blake, data, len);
	else if (h->use_sha)
		crypto_hash_sha256_update(&h->sha, data, len);
	else if (!EVP_DigestUpdate(h->evp, data, len))
		return sw_error_set(SW_EINVAL, "digest update failed");
	return 0;
}

int sw_hash_final(sw_hash *h, unsigned char *digest)
{
	if (h->finished)
		return sw_error_set(SW_EINVAL, "digest already finished");
	h->finished = 1;
	if (h->algo == SW_HASH_BLAKE2B_256) {
		crypto_generichash_final(&h->blake, digest, 32);
		return 0;
	}
	if (h->use_sha) {
		crypto_hash_sha256_final(&h->sha, digest);
		return 0;
	}
	unsigned int n = 0;
	if (!EVP_DigestFinal_ex(h->evp, digest, &n))
		return sw_error_set(SW_EINVAL, "digest finish failed");
	return 0;
}

void sw_hash_free(sw_hash *h)
{
	if (!h)
		return;
	EVP_MD_CTX_free(h->evp);
	sodium_memzero(&h->blake, sizeof(h->blake));
	sw_free(h);
}

int sw_hash_bytes(unsigned char *digest, enum sw_hash_algo algo, const void *data, size_t len)
{
	sw_hash *h = NULL;
	int err = sw_hash_new(&h, algo);
	if (err == 0 && (err = sw_hash_update(h, data, len)) == 0)
		err = sw_hash_final(h, digest);
	sw_hash_free(h);
	return err;
}

/* Reads the open file `fd` block by block into the digest. */
static int hash_fd(sw_hash *h, unsigned long long *total, int fd, const char *path)
{
	unsigned char *block = sw_malloc(FILE_BLOCK);
	int err = 0;
	if (!block)
		return sw_error_set(SW_ENOMEM, "out of memory reading %s", path);
	for (;;) {
		ssize_t n = read(fd, block, FILE_BLOCK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			err = sw_error_set(SW_EIO, "%s: cannot read: %s", path, strerror(errno));
			break;
		}
		if (n == 0)
			break;
		*total += (unsigned long long)n;
		if ((err = sw_hash_update(h, block, (size_t)n)) < 0)
			break;
	}
	sw_free(block);
	return err;
}

int sw_hash_file(unsigned char *digest, unsigned long long *size_out, enum sw_hash_algo algo,
                 const char *path)
{
	sw_hash *h = NULL;
	unsigned long long total = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return sw_error_set(SW_EIO, "%s: cannot open: %s", path, strerror(errno));
	int err = sw_hash_new(&h, algo);
	if (err == 0 && (err = hash_fd(h, &total, fd, path)) == 0)
		err = sw_hash_final(h, digest);
	if (err == 0 && size_out)
		*size_out = total;
	sw_hash_free(h);
	close(fd);
	return err;
}

void sw_hex_encode(char *out, const unsigned char *bytes, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[2 * len] = '\0';
}

void sw_b64url_encode(char *out, const unsigned char *bytes, size_t len)
{
	static const char abc[] =
	        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
	size_t o = 0, i = 0;
	for (; i + 2 < len; i += 3) {
		unsigned v = (unsigned)bytes[i] << 16 | (unsigned)bytes[i + 1] << 8 | bytes[i + 2];
		out[o++] = abc[v >> 18 & 63];
		out[o++] = abc[v >> 12 & 63];
		out[o++] = abc[v >> 6 & 63];
		out[o++] = abc[v & 63];
	}
	if (len - i == 1) {
		unsigned v = (unsigned)bytes[i] << 16;
		out[o++] = abc[v >> 18 & 63];
		out[o++] = abc[v >> 12 & 63];
	} else if (len - i == 2) {
		unsigned v = (unsigned)bytes[i] << 16 | (unsigned)bytes[i + 1] << 8;
		out[o++] = abc[v >> 18 & 63];
		out[o++] = abc[v >> 12 & 63];
		out[o++] = abc[v >> 6 & 63];
	}
	out[o] = '\0';
}
