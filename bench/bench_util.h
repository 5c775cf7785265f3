/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every benchmark here needs, whatever it measures: CPU time of the
 * calling thread, the median of repeated runs, and a fixed-seed
 * xorshift64 stream (the same requests in every run). Header-only
 * (static functions).
 */
#ifndef BENCH_UTIL_H
#define BENCH_UTIL_H

#include <stdint.h>
#include <stdlib.h>
#include <time.h>

/* CPU time of this thread, in seconds. */
static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Median of n values (sorts v). */
static inline double median(double *v, unsigned n)
{
	qsort(v, n, sizeof(v[0]), cmp_double);
	return v[n / 2];
}

/* xorshift64 from a fixed seed. */
static uint64_t bench_rng = 88172645463325252ull;
static inline uint64_t rnd(void)
{
	bench_rng ^= bench_rng << 13;
	bench_rng ^= bench_rng >> 7;
	bench_rng ^= bench_rng << 17;
	return bench_rng;
}

#endif /* BENCH_UTIL_H */
