/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the ioctl and trace benchmarks: a booted one-PHB3 machine with
 * one device, a simulated process with a scratch page for ioctl arguments
 * and a 64K-page buffer, and a VFIO container (v2: buffer preregistered,
 * 64K-page window created; v1: enabled, default 32-bit window, 4K IOMMU
 * pages). Header-only (static functions); exits with a message on any
 * failure (a benchmark has nothing to recover).
 */
#ifndef BENCH_RIG_H
#define BENCH_RIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/vfio.h>

#include "kc/host.h"
#include "tcesim/machine.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define UA_SCRATCH 0x10000000ull
#define UA_BUF 0x40000000ull
#define RIG_RAM (4 * GiB)
#define RIG_MEMLOCK (2 * GiB)
#define RIG_BDFN 0x0100

static inline double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static inline void die(const char *what, long rc)
{
	fprintf(stderr, "bench: %s failed (%ld)\n", what, rc);
	exit(1);
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

/* Ioctl numbers from the ABI (VFIO_TYPE ';' = 0x3B, base 100). */
#define B_IO(nr)		(0x3B00u | (nr))
#define B_SET_IOMMU		B_IO(102)
#define B_GROUP_SET_CONTAINER	B_IO(104)
#define B_MAP_DMA		B_IO(113)
#define B_UNMAP_DMA		B_IO(114)
#define B_ENABLE		B_IO(115)
#define B_REGISTER		B_IO(117)
#define B_CREATE		B_IO(119)
#define B_V1			2
#define B_V2			7

static inline long ioctl_in(int fd, unsigned cmd, const void *in, size_t len,
		     void *out)
{
	long ret;

	if (kc_user_write(UA_SCRATCH, in, len))
		die("user write", -1);
	ret = kc_ioctl(fd, cmd, UA_SCRATCH);
	if (out && kc_user_read(UA_SCRATCH, out, len))
		die("user read", -1);
	return ret;
}

static inline long map(int c, uint64_t ua, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = ua, .iova = iova, .size = size,
	};

	return ioctl_in(c, B_MAP_DMA, &m, sizeof(m), NULL);
}

static inline long unmap(int c, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_unmap u = {
		.argsz = sizeof(u), .iova = iova, .size = size,
	};

	return ioctl_in(c, B_UNMAP_DMA, &u, sizeof(u), NULL);
}

struct rig {
	struct machine *m;
	int c, g;
	uint64_t iova;		/* window start */
	unsigned io_shift;	/* IOMMU page shift */
};

/* Machine, process, buffer of buf_bytes at UA_BUF, container of type. */
static inline void rig_up(struct rig *r, int type, uint64_t buf_bytes)
{
	struct machine_config cfg;
	char err[256] = "", path[64];
	int32_t fd;
	long rc;

	memset(r, 0, sizeof(*r));
	machine_config_default(&cfg);
	cfg.platform = MACHINE_PHB3;
	cfg.page_shift = 16;
	cfg.ram_bytes = RIG_RAM;
	cfg.memlock_bytes = RIG_MEMLOCK;
	cfg.cap_ipc_lock = true;
	cfg.nr_phbs = 1;
	cfg.nr_devs = 1;
	cfg.devs[0].phb = 0;
	cfg.devs[0].bdfn = RIG_BDFN;
	r->m = machine_create(&cfg, err, sizeof(err));
	if (!r->m || machine_boot(r->m, err, sizeof(err))) {
		fprintf(stderr, "bench: machine: %s\n", err);
		exit(1);
	}
	if (kc_mmap(UA_SCRATCH, 64 * 1024, 0, true, false) ||
	    kc_mmap(UA_BUF, buf_bytes, 0, true, false))
		die("kc_mmap", -1);
	r->c = kc_open("/dev/vfio/vfio");
	snprintf(path, sizeof(path), "/dev/vfio/%d",
		 machine_group_of(r->m, 0, RIG_BDFN));
	r->g = kc_open(path);
	if (r->c < 0 || r->g < 0)
		die("open", r->c < 0 ? r->c : r->g);
	fd = r->c;
	rc = ioctl_in(r->g, B_GROUP_SET_CONTAINER, &fd, sizeof(fd), NULL);
	if (rc)
		die("SET_CONTAINER", rc);
	rc = kc_ioctl(r->c, B_SET_IOMMU, (unsigned long)type);
	if (rc)
		die("SET_IOMMU", rc);
	if (type == B_V2) {
		struct vfio_iommu_spapr_register_memory reg = {
			.argsz = sizeof(reg), .vaddr = UA_BUF,
			.size = buf_bytes,
		};
		struct vfio_iommu_spapr_tce_create cr;

		rc = ioctl_in(r->c, B_REGISTER, &reg, sizeof(reg), NULL);
		if (rc)
			die("REGISTER_MEMORY", rc);
		memset(&cr, 0, sizeof(cr));
		cr.argsz = sizeof(cr);
		cr.page_shift = 16;
		cr.window_size = 1 * GiB;
		cr.levels = 1;
		rc = ioctl_in(r->c, B_CREATE, &cr, sizeof(cr), &cr);
		if (rc)
			die("TCE_CREATE", rc);
		r->iova = cr.start_addr;
		r->io_shift = 16;
	} else {
		rc = kc_ioctl(r->c, B_ENABLE, 0);
		if (rc)
			die("ENABLE", rc);
		r->iova = 0;		/* default 32-bit window */
		r->io_shift = 12;
	}
}

/* A device read through IOMMU page i must reach the buffer's page i. */
static inline void check_mapped(struct rig *r, uint64_t i, bool mapped)
{
	uint64_t pg = 1ull << r->io_shift, want = 0;
	struct sim_dma_req q = {
		.rid = RIG_BDFN, .addr = r->iova + i * pg + 8, .len = 8,
		.dir = SIM_DMA_READ,
	};
	struct sim_dma_result res;
	uint8_t buf[8];

	memset(&res, 0, sizeof(res));
	if (machine_dma(r->m, 0, &q, buf, &res) ||
	    kc_user_to_phys(UA_BUF + i * pg + 8, &want))
		die("check DMA", -1);
	if (mapped ? (res.status != SIM_DMA_OK || res.pa != want) :
		     res.status == SIM_DMA_OK) {
		fprintf(stderr, "bench: page %llu %s after %s\n",
			(unsigned long long)i, mapped ? "not mapped" : "mapped",
			mapped ? "MAP_DMA" : "UNMAP_DMA");
		exit(1);
	}
}

static inline void rig_down(struct rig *r)
{
	kc_close(r->g);
	kc_close(r->c);
	machine_destroy(r->m);
}

#endif /* BENCH_RIG_H */
