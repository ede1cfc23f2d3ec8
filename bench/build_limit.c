/*
 * bench/build_limit.c PROJECT [RUNS] — the one-core limit of building a
 * project's sdist and wheel: every file under PROJECT read in 64 KiB
 * blocks, SHA-256'd (OpenSSL) and raw-deflated at level 6 on its own
 * stream (as a wheel member), then all files deflated again as one gzip
 * stream (as an sdist), both outputs written to files in /tmp; nothing
 * else (no tar or zip headers, no file selection). Prints the best wall
 * time and the best CPU time of RUNS (default 3) in seconds, and the bytes
 * read per pass. Built by
 * build_bench.sh.
 */
#include <dirent.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

static unsigned char in[65536], out[65536];
static unsigned long long bytes;

/* CPU seconds (user + system) used so far. */
static double cpu(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Deflates what is in `s` (avail_in set) into `dst`. */
static void pump(z_stream *s, FILE *dst, int flush)
{
	do {
		s->next_out = out;
		s->avail_out = sizeof(out);
		deflate(s, flush);
		fwrite(out, 1, sizeof(out) - s->avail_out, dst);
	} while (s->avail_out == 0);
}

/* One file: hashed and deflated on its own stream (wheel), and fed to
 * the shared gzip stream (sdist). */
static void one(const char *path, FILE *whl, z_stream *gz, FILE *tgz)
{
	FILE *f = fopen(path, "rb");
	EVP_MD_CTX *md = EVP_MD_CTX_new();
	unsigned char digest[32];
	z_stream s = {0};
	size_t n;
	if (f == NULL)
		return;
	EVP_DigestInit_ex(md, EVP_sha256(), NULL);
	deflateInit2(&s, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY);
	while ((n = fread(in, 1, sizeof(in), f)) > 0) {
		bytes += n;
		EVP_DigestUpdate(md, in, n);
		s.next_in = in;
		s.avail_in = (uInt)n;
		pump(&s, whl, Z_NO_FLUSH);
		gz->next_in = in;
		gz->avail_in = (uInt)n;
		pump(gz, tgz, Z_NO_FLUSH);
	}
	pump(&s, whl, Z_FINISH);
	EVP_DigestFinal_ex(md, digest, NULL);
	deflateEnd(&s);
	EVP_MD_CTX_free(md);
	fclose(f);
}

static void walk(const char *dir, FILE *whl, z_stream *gz, FILE *tgz)
{
	DIR *d = opendir(dir);
	char path[4096];
	if (d == NULL)
		return;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		struct stat st;
		if (e->d_name[0] == '.' || strcmp(e->d_name, "dist") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			walk(path, whl, gz, tgz);
		else if (S_ISREG(st.st_mode))
			one(path, whl, gz, tgz);
	}
	closedir(d);
}

int main(int argc, char **argv)
{
	int runs = argc > 2 ? atoi(argv[2]) : 3;
	double best = 1e9, best_cpu = 1e9;
	if (argc < 2)
		return 2;
	for (int r = 0; r < runs; r++) {
		FILE *whl = fopen("/tmp/sw-build-limit.whl", "wb");
		FILE *tgz = fopen("/tmp/sw-build-limit.tar.gz", "wb");
		z_stream gz = {0};
		double t0 = now(), c0 = cpu();
		bytes = 0;
		deflateInit2(&gz, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
		walk(argv[1], whl, &gz, tgz);
		pump(&gz, tgz, Z_FINISH);
		deflateEnd(&gz);
		fclose(whl);
		fclose(tgz);
		double t = now() - t0, c = cpu() - c0;
		if (t < best)
			best = t;
		if (c < best_cpu)
			best_cpu = c;
	}
	unlink("/tmp/sw-build-limit.whl");
	unlink("/tmp/sw-build-limit.tar.gz");
	printf("%.6f %.6f %llu\n", best, best_cpu, bytes);
	return 0;
}
