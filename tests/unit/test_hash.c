/*
 * unit/test_hash.c — digests against published test vectors (FIPS 180-2
 * for SHA-256, RFC 1321 for MD5, RFC 7693 / the BLAKE2 reference outputs
 * for BLAKE2b-256), streaming equals one-shot, file hashing, and the hex
 * and urlsafe base64 encoders against RFC 4648 vectors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "slipway/hash.h"
#include "util/util.h"

static const struct {
	enum sw_hash_algo algo;
	const char *input;
	const char *hex;
} vectors[] = {
        {SW_HASH_SHA256, "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {SW_HASH_SHA256, "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {SW_HASH_SHA256, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {SW_HASH_MD5, "", "d41d8cd98f00b204e9800998ecf8427e"},
        {SW_HASH_MD5, "abc", "900150983cd24fb0d6963f7d28e17f72"},
        {SW_HASH_MD5, "message digest", "f96b697d7cb7938d525a2f31aaf161d0"},
        {SW_HASH_BLAKE2B_256, "",
         "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8"},
        {SW_HASH_BLAKE2B_256, "abc",
         "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"},
};

static void one_shot_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < SW_ARRAY_LEN(vectors); i++) {
		unsigned char d[SW_HASH_MAX_SIZE];
		char hex[SW_HASH_HEX_SIZE];
		assert_int_equal(sw_hash_bytes(d, vectors[i].algo, vectors[i].input,
		                               strlen(vectors[i].input)),
		                 0);
		sw_hex_encode(hex, d, sw_hash_size(vectors[i].algo));
		assert_string_equal(hex, vectors[i].hex);
	}
}

/* Feeding a byte at a time gives the same digest as one call. */
static void streaming_equals_one_shot(void **state)
{
	(void)state;
	for (size_t i = 0; i < SW_ARRAY_LEN(vectors); i++) {
		unsigned char d[SW_HASH_MAX_SIZE];
		char hex[SW_HASH_HEX_SIZE];
		sw_hash *h = NULL;
		const char *in = vectors[i].input;
		assert_int_equal(sw_hash_new(&h, vectors[i].algo), 0);
		for (size_t j = 0; in[j]; j++)
			assert_int_equal(sw_hash_update(h, in + j, 1), 0);
		assert_int_equal(sw_hash_final(h, d), 0);
		assert_int_equal(sw_hash_update(h, "x", 1), SW_EINVAL);
		sw_hash_free(h);
		sw_hex_encode(hex, d, sw_hash_size(vectors[i].algo));
		assert_string_equal(hex, vectors[i].hex);
	}
}

/* Either engine behind the size hint gives the same digests. */
static void size_hint_keeps_digests(void **state)
{
	static const unsigned long long hints[] = {0, 100, 1ULL << 40, ~0ULL};
	(void)state;
	for (size_t k = 0; k < SW_ARRAY_LEN(hints); k++)
		for (size_t i = 0; i < SW_ARRAY_LEN(vectors); i++) {
			unsigned char d[SW_HASH_MAX_SIZE];
			char hex[SW_HASH_HEX_SIZE];
			sw_hash *h = NULL;
			const char *in = vectors[i].input;
			assert_int_equal(sw_hash_new_sized(&h, vectors[i].algo, hints[k]), 0);
			assert_int_equal(sw_hash_update(h, in, strlen(in)), 0);
			assert_int_equal(sw_hash_final(h, d), 0);
			sw_hash_free(h);
			sw_hex_encode(hex, d, sw_hash_size(vectors[i].algo));
			assert_string_equal(hex, vectors[i].hex);
		}
}

/* A million 'a's (FIPS 180-2 vector 3) through a file, read in blocks. */
static void file_digest_and_size(void **state)
{
	(void)state;
	char path[] = "/tmp/sw_test_hash_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	char block[1000];
	memset(block, 'a', sizeof(block));
	for (int i = 0; i < 1000; i++)
		assert_int_equal(write(fd, block, sizeof(block)), (ssize_t)sizeof(block));
	close(fd);
	unsigned char d[SW_HASH_MAX_SIZE];
	char hex[SW_HASH_HEX_SIZE];
	unsigned long long size = 0;
	assert_int_equal(sw_hash_file(d, &size, SW_HASH_SHA256, path), 0);
	sw_hex_encode(hex, d, 32);
	assert_string_equal(hex,
	                    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	assert_int_equal(size, 1000000);
	unlink(path);
	assert_int_equal(sw_hash_file(d, &size, SW_HASH_SHA256, path), SW_EIO);
	assert_non_null(strstr(sw_error_last(), path));
}

static void b64url_vectors(void **state)
{
	static const struct {
		const char *in, *out;
	} v[] = {{"", ""},
	         {"f", "Zg"},
	         {"fo", "Zm8"},
	         {"foo", "Zm9v"},
	         {"foob", "Zm9vYg"},
	         {"fooba", "Zm9vYmE"},
	         {"foobar", "Zm9vYmFy"},
	         {"\xfb\xff", "-_8"},
	         {"\xff\xfe\xfd", "__79"}};
	char out[64];
	(void)state;
	for (size_t i = 0; i < SW_ARRAY_LEN(v); i++) {
		sw_b64url_encode(out, (const unsigned char *)v[i].in, strlen(v[i].in));
		assert_string_equal(out, v[i].out);
	}
	/* The RECORD form of the empty file's sha256, as pip writes it. */
	unsigned char d[32];
	assert_int_equal(sw_hash_bytes(d, SW_HASH_SHA256, "", 0), 0);
	sw_b64url_encode(out, d, 32);
	assert_string_equal(out, "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
	assert_string_equal(sw_hash_name(SW_HASH_BLAKE2B_256), "blake2b_256");
	assert_int_equal(sw_hash_size(SW_HASH_MD5), 16);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        /* First: small hints use libsodium only until OpenSSL starts. */
	        cmocka_unit_test(size_hint_keeps_digests),
	        cmocka_unit_test(one_shot_vectors),
	        cmocka_unit_test(streaming_equals_one_shot),
	        cmocka_unit_test(file_digest_and_size),
	        cmocka_unit_test(b64url_vectors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
