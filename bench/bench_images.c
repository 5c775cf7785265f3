// SPDX-License-Identifier: GPL-2.0
/*
 * ELF image speed (run by bench/run.sh, not a test), on a sparse machine:
 * 64 GiB of RAM of which 1 GiB is written, in 256 runs of 4 MiB spread
 * over the whole RAM, filled with pseudo-random bytes.
 *   images.write: GB/s of RAM data through image_write_core (scan of the
 *     resident pages for non-zero granules, headers and notes through
 *     libelf, the runs with pwrite), against write() of the same 256 runs
 *     from the same RAM into a file: the copy no writer can skip.
 *   images.load: GB/s of file data through image_load_file into a fresh
 *     64 GiB machine (validation, then pread straight into RAM), against
 *     read() of the same file into a fresh buffer of its size: the copy
 *     (and first-touch of the destination) no loader can skip.
 * The file sits in BENCH_TMP (default /tmp) and is read from the page
 * cache. Medians of RUNS runs; CPU time of this thread (it includes the
 * kernel's copying for this thread; writeback by the kernel's threads is
 * not counted) and wall time.
 * Output: a table on stdout and JSON at argv[1].
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"
#include "tcesim/image.h"
#include "tcesim/mem.h"

#define GiB (1ull << 30)
#define MiB (1ull << 20)
#define RAM (64 * GiB)
#define RUN (4 * MiB)
#define NRUNS 256		/* 1 GiB */
#define STRIDE (RAM / NRUNS)
#define RUNS 3

struct t {
	double cpu, wall;
};

/* CPU and wall seconds of one phase, per run. */
struct phase {
	double cpu[RUNS], wall[RUNS];
};

/* Run r of phase p took from..to. */
static void took(struct phase *p, unsigned r, struct t from, struct t to)
{
	p->cpu[r] = to.cpu - from.cpu;
	p->wall[r] = to.wall - from.wall;
}

static struct t now(void)
{
	struct timespec c, w;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
	clock_gettime(CLOCK_MONOTONIC, &w);
	return (struct t){ c.tv_sec + c.tv_nsec * 1e-9,
			   w.tv_sec + w.tv_nsec * 1e-9 };
}

static void die(const char *what, const char *msg)
{
	fprintf(stderr, "bench_images: %s: %s\n", what, msg);
	exit(1);
}

static struct sim_mem *sparse_machine(void)
{
	struct sim_mem *m = sim_mem_create(RAM, 0);
	uint64_t x = 88172645463325252ull, i, k;

	if (!m)
		die("sim_mem_create", "out of memory");
	for (i = 0; i < NRUNS; i++) {
		uint64_t *p = (uint64_t *)sim_mem_host_ptr(m, i * STRIDE + STRIDE / 2);

		for (k = 0; k < RUN / 8; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			p[k] = x;
		}
	}
	return m;
}

/* Baseline: write() every run, back to back, into path. */
static void plain_write(struct sim_mem *m, const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	uint64_t i;

	if (fd < 0)
		die(path, "open");
	for (i = 0; i < NRUNS; i++) {
		const uint8_t *p = sim_mem_host_ptr(m, i * STRIDE + STRIDE / 2);
		uint64_t done = 0;

		while (done < RUN) {
			ssize_t n = write(fd, p + done, RUN - done);

			if (n <= 0)
				die(path, "write");
			done += (uint64_t)n;
		}
	}
	if (close(fd))
		die(path, "close");
}

/* Baseline: read() the whole file into a fresh buffer. */
static uint64_t plain_read(const char *path)
{
	int fd = open(path, O_RDONLY);
	off_t size = fd < 0 ? -1 : lseek(fd, 0, SEEK_END);
	uint8_t *buf;
	uint64_t done = 0;

	if (size <= 0)
		die(path, "open");
	buf = mmap(NULL, (size_t)size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		die(path, "mmap");
	while (done < (uint64_t)size) {
		ssize_t n = pread(fd, buf + done, (uint64_t)size - done,
				  (off_t)done);

		if (n <= 0)
			die(path, "read");
		done += (uint64_t)n;
	}
	close(fd);
	munmap(buf, (size_t)size);
	return done;
}

int main(int argc, char **argv)
{
	const char *tmp = getenv("BENCH_TMP") ? getenv("BENCH_TMP") : "/tmp";
	const char *json = argc > 1 ? argv[1] : "images.json";
	/* write, its plain-file baseline, load, its baseline */
	struct phase pw, pwb, pl, plb;
	struct image_write_result wr;
	struct image_load_result lr;
	char core[512], plain[512], err[512];
	struct sim_mem *m = sparse_machine();
	uint64_t data = (uint64_t)NRUNS * RUN, file = 0;
	unsigned r;
	FILE *f;

	snprintf(core, sizeof(core), "%s/bench_images.%d.core", tmp, (int)getpid());
	snprintf(plain, sizeof(plain), "%s/bench_images.%d.raw", tmp, (int)getpid());
	for (r = 0; r < RUNS; r++) {
		struct t a, b, c;
		struct sim_mem *fresh;

		a = now();
		plain_write(m, plain);
		b = now();
		if (image_write_core(m, core, NULL, 0, NULL, &wr, err, sizeof(err)))
			die("image_write_core", err);
		c = now();
		took(&pwb, r, a, b);
		took(&pw, r, b, c);
		if (wr.data_bytes != data || wr.segments != NRUNS)
			die("image_write_core", "unexpected runs");

		fresh = sim_mem_create(RAM, 0);
		if (!fresh)
			die("sim_mem_create", "out of memory");
		a = now();
		file = plain_read(core);
		b = now();
		if (image_load_file(fresh, core, NULL, &lr, err, sizeof(err)))
			die("image_load_file", err);
		c = now();
		took(&plb, r, a, b);
		took(&pl, r, b, c);
		if (lr.file_bytes != data ||
		    memcmp(sim_mem_host_ptr(fresh, STRIDE / 2),
			   sim_mem_host_ptr(m, STRIDE / 2), RUN))
			die("image_load_file", "data differs");
		sim_mem_destroy(fresh);
	}
	unlink(core);
	unlink(plain);

	{
		double w = data / median(pw.cpu, RUNS) / 1e9, wb = data / median(pwb.cpu, RUNS) / 1e9;
		double l = data / median(pl.cpu, RUNS) / 1e9, lb = file / median(plb.cpu, RUNS) / 1e9;
		double ww = data / median(pw.wall, RUNS) / 1e9, wbw = data / median(pwb.wall, RUNS) / 1e9;
		double lw = data / median(pl.wall, RUNS) / 1e9, lbw = file / median(plb.wall, RUNS) / 1e9;

		printf("%-8s %12s %12s %12s %12s %8s\n", "images", "GB/s cpu",
		       "base cpu", "GB/s wall", "base wall", "ratio");
		printf("%-8s %12.2f %12.2f %12.2f %12.2f %7.2fx\n", "write", w, wb,
		       ww, wbw, wb / w);
		printf("%-8s %12.2f %12.2f %12.2f %12.2f %7.2fx\n", "load", l, lb,
		       lw, lbw, lb / l);
		f = fopen(json, "w");
		if (!f)
			die(json, "open");
		fprintf(f, "{\n  \"note\": \"1 GiB of data in 256 runs of 4 MiB over 64 GiB of RAM; GB/s of data (median of %d), cpu = thread CPU time, wall = elapsed; write baseline = write() of the same runs to a file, load baseline = read() of the same file into a fresh buffer; slowdown = baseline / value\",\n",
			RUNS);
		fprintf(f, "  \"data_bytes\": %llu, \"file_bytes\": %llu,\n",
			(unsigned long long)data, (unsigned long long)file);
		fprintf(f, "  \"write\": {\"gbps_cpu\": %.3f, \"baseline_gbps_cpu\": %.3f, \"gbps_wall\": %.3f, \"baseline_gbps_wall\": %.3f, \"slowdown\": %.3f},\n",
			w, wb, ww, wbw, wb / w);
		fprintf(f, "  \"load\": {\"gbps_cpu\": %.3f, \"baseline_gbps_cpu\": %.3f, \"gbps_wall\": %.3f, \"baseline_gbps_wall\": %.3f, \"slowdown\": %.3f}\n}\n",
			l, lb, lw, lbw, lb / l);
		if (fclose(f))
			die(json, "write");
	}
	sim_mem_destroy(m);
	return 0;
}
