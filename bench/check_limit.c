/*
 * bench/check_limit.c WHEEL [RUNS] — the one-core limit of verifying a
 * wheel: for every member, read its raw deflate stream (libzip,
 * ZIP_FL_COMPRESSED), inflate it with zlib and SHA-256 the result
 * (OpenSSL), on one thread, nothing else. Prints the best time of RUNS
 * (default 3) in seconds and the bytes inflated. Built by check_bench.sh.
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <zip.h>
#include <zlib.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Inflates and hashes one member; returns the bytes produced. */
static unsigned long long one(zip_t *z, zip_uint64_t i, unsigned char *in, unsigned char *out)
{
	zip_file_t *f = zip_fopen_index(z, i, ZIP_FL_COMPRESSED);
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char digest[32];
	unsigned long long total = 0;
	z_stream s = {0};
	zip_int64_t n;
	int rc = Z_OK;
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	inflateInit2(&s, -15);
	while (rc != Z_STREAM_END && (n = zip_fread(f, in, 65536)) > 0) {
		s.next_in = in;
		s.avail_in = (uInt)n;
		do {
			s.next_out = out;
			s.avail_out = 65536;
			rc = inflate(&s, Z_NO_FLUSH);
			EVP_DigestUpdate(md, out, 65536 - s.avail_out);
			total += 65536 - s.avail_out;
		} while (s.avail_out == 0 && rc == Z_OK);
	}
	EVP_DigestFinal_ex(md, digest, NULL);
	inflateEnd(&s);
	EVP_MD_CTX_free(md);
	zip_fclose(f);
	return total;
}

int main(int argc, char **argv)
{
	static unsigned char in[65536], out[65536];
	int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 3, err = 0;
	double best = 1e9;
	unsigned long long bytes = 0;
	if (argc < 2)
		return 2;
	for (int r = 0; r < runs; r++) {
		double t0 = now();
		zip_t *z = zip_open(argv[1], ZIP_RDONLY, &err);
		if (!z)
			return 1;
		bytes = 0;
		for (zip_int64_t i = 0; i < zip_get_num_entries(z, 0); i++)
			bytes += one(z, (zip_uint64_t)i, in, out);
		zip_discard(z);
		if (now() - t0 < best)
			best = now() - t0;
	}
	printf("%.6f %llu\n", best, bytes);
	return 0;
}
