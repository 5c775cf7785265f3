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

#include "bench_util.h"
#include "kc/host.h"
#include "tcesim/machine.h"
#include "tcesim/vfio_user.h"

#define MiB (1ull << 20)
#define GiB (1ull << 30)
#define UA_SCRATCH 0x10000000ull
#define UA_BUF 0x40000000ull
#define RIG_RAM (4 * GiB)
#define RIG_MEMLOCK (2 * GiB)
#define RIG_BDFN 0x0100

static inline void die(const char *what, long rc)
{
	fprintf(stderr, "bench: %s failed (%ld)\n", what, rc);
	exit(1);
}

/* Container types for rig_up: the sPAPR TCE IOMMU version. */
#define B_V1			1
#define B_V2			2

/* The process's scratch page for ioctl arguments; failures unreported. */
static const struct vfio_user rig_user = { .scratch = UA_SCRATCH };

static inline long map(int c, uint64_t ua, uint64_t iova, uint64_t size)
{
	return vfio_user_map(&rig_user, c, ua, iova, size);
}

static inline long unmap(int c, uint64_t iova, uint64_t size)
{
	return vfio_user_unmap(&rig_user, c, iova, size);
}

struct rig {
	struct machine *m;
	int c, g;
	uint64_t iova;		/* window start */
	unsigned io_shift;	/* IOMMU page shift */
};

/* Exits with err's message when a set-up step failed. */
static inline void rig_check(int rc, const char *err)
{
	if (rc < 0) {
		fprintf(stderr, "bench: %s\n", err);
		exit(1);
	}
}

/* Machine, process, buffer of buf_bytes at UA_BUF, container of type. */
static inline void rig_up(struct rig *r, int type, uint64_t buf_bytes)
{
	struct machine_config cfg;
	char err[256] = "";
	struct vfio_user u = {
		.scratch = UA_SCRATCH, .err = err, .errlen = sizeof(err),
	};

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
	r->c = vfio_user_open_container(&u);
	rig_check(r->c, err);
	r->g = vfio_user_attach_group(&u, r->c,
				      machine_group_of(r->m, 0, RIG_BDFN));
	rig_check(r->g, err);
	rig_check(vfio_user_set_iommu(&u, r->c, (unsigned)type), err);
	if (type == B_V2) {
		rig_check(vfio_user_register(&u, r->c, UA_BUF, buf_bytes), err);
		rig_check(vfio_user_create_window(&u, r->c, 16, 1 * GiB, 1,
						  &r->iova), err);
		r->io_shift = 16;
	} else {
		rig_check(vfio_user_enable(&u, r->c), err);
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
