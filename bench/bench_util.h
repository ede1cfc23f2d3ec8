/*
 * bench/bench_util.h — a monotonic clock and whole-file reading for the
 * benchmark programs (which, unlike the core, may print and exit).
 */
#ifndef SW_BENCH_UTIL_H
#define SW_BENCH_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "slipway/buf.h"
#include "slipway/common.h"
#include "slipway/fs.h"

/* Seconds on a monotonic clock. */
static inline double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads a whole file or exits with a message. */
static inline char *bench_read(const char *path, size_t *len)
{
	char *data = NULL;
	if (sw_file_read(&data, len, NULL, path, (size_t)1 << 30) != 0) {
		fprintf(stderr, "bench: %s\n", sw_error_last());
		exit(1);
	}
	return data;
}

#endif
