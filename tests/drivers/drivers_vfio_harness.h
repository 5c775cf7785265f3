/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared fixture for the VFIO / preregistration / seed tests: boots a
 * simulated machine, opens containers and groups through the simulated
 * syscalls, passes ioctl structures through simulated user memory (as a
 * real process would) and snapshots the kernel counters so every test can
 * check that closing everything returns them to where they were.
 *
 * Header-only (static functions) so each test binary stays independent.
 */
#ifndef DRIVERS_VFIO_HARNESS_H
#define DRIVERS_VFIO_HARNESS_H

#include <check.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <linux/vfio.h>

#include "kc/host.h"
#include "tcesim/dma.h"
#include "tcesim/machine.h"
#include "tcesim/vfio_user.h"

/*
 * Ioctl numbers and IOMMU types from the uapi header <linux/vfio.h> (the
 * ABI, not the driver's headers), in the generic encoding; VT_IO_PPC is
 * the same ioctl as a ppc64 process encodes it (tcesim/vfio_user.h).
 */
#define VT_IO(nr)		_IO(VFIO_TYPE, (nr))
#define VT_IO_PPC(nr)		VFIO_USER_PPC64(VT_IO(nr))

#define VT_GET_API_VERSION	VFIO_GET_API_VERSION
#define VT_CHECK_EXTENSION	VFIO_CHECK_EXTENSION
#define VT_SET_IOMMU		VFIO_SET_IOMMU
#define VT_GROUP_GET_STATUS	VFIO_GROUP_GET_STATUS
#define VT_GROUP_SET_CONTAINER	VFIO_GROUP_SET_CONTAINER
#define VT_GROUP_UNSET_CONTAINER VFIO_GROUP_UNSET_CONTAINER
#define VT_GET_INFO		VFIO_IOMMU_SPAPR_TCE_GET_INFO
#define VT_MAP_DMA		VFIO_IOMMU_MAP_DMA
#define VT_UNMAP_DMA		VFIO_IOMMU_UNMAP_DMA
#define VT_ENABLE		VFIO_IOMMU_ENABLE
#define VT_DISABLE		VFIO_IOMMU_DISABLE
#define VT_REGISTER		VFIO_IOMMU_SPAPR_REGISTER_MEMORY
#define VT_UNREGISTER		VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY
#define VT_CREATE		VFIO_IOMMU_SPAPR_TCE_CREATE
#define VT_REMOVE		VFIO_IOMMU_SPAPR_TCE_REMOVE
#define VT_EEH_PE_OP		VFIO_EEH_PE_OP

#define VT_V1			VFIO_SPAPR_TCE_IOMMU
#define VT_V2			VFIO_SPAPR_TCE_v2_IOMMU

#define VT_KB			(1ULL << 10)
#define VT_MB			(1ULL << 20)
#define VT_GB			(1ULL << 30)

/* User addresses used by the tests (simulated process address space). */
#define VT_UA_SCRATCH		0x10000000ULL	/* ioctl arguments */
#define VT_UA_MEM		0x40000000ULL	/* DMA memory */
#define VT_UA_MEM2		0x80000000ULL
#define VT_UA_HUGE		0x100000000ULL	/* 16 MiB aligned */

#define VT_MAX_GROUPS		4

/* What must come back after every container close. */
struct vt_snap {
	int64_t locked_vm;		/* pages, current process */
	uint64_t pinned_pages;		/* all pins in the kernel */
	uint64_t kmalloc_live;
	uint64_t pages_live;
	uint64_t files_open;
};

static inline void vt_snapshot(struct vt_snap *s)
{
	struct kc_counters c;

	kc_get_counters(&c);
	s->locked_vm = kc_proc_locked_vm(kc_proc_current());
	s->pinned_pages = c.pinned_pages;
	s->kmalloc_live = c.kmalloc_live;
	s->pages_live = c.pages_live;
	s->files_open = c.files_open;
}

struct vt {
	struct machine *m;
	unsigned nr_devs;
	uint16_t bdfn[VT_MAX_GROUPS];
	int group_id[VT_MAX_GROUPS];
	int pid;
	unsigned page_shift;
	struct vt_snap before;
};

/* Memory in the simulated process; writable unless ro. */
static inline void vt_mmap(uint64_t ua, uint64_t size, bool ro, bool huge)
{
	int ret = kc_mmap(ua, size, huge ? 24 : 0, !ro, huge);

	ck_assert_msg(ret == 0, "kc_mmap(%#llx, %#llx) = %d",
		      (unsigned long long)ua, (unsigned long long)size, ret);
}

static inline void vt_boot_cfg(struct vt *t, enum machine_platform p,
			       unsigned nr_devs, uint64_t memlock,
			       unsigned page_shift, unsigned nr_phbs)
{
	struct machine_config cfg;
	char err[256] = "";
	unsigned i;

	memset(t, 0, sizeof(*t));
	machine_config_default(&cfg);
	cfg.platform = p;
	cfg.page_shift = page_shift;
	cfg.ram_bytes = 4 * VT_GB;
	cfg.memlock_bytes = memlock;
	cfg.cap_ipc_lock = false;
	cfg.nr_phbs = nr_phbs;
	cfg.nr_devs = nr_devs;
	for (i = 0; i < nr_devs; i++) {
		/* P5IOC2: one PE per PHB, so one device per PHB. */
		cfg.devs[i].phb = nr_phbs > 1 ? i : 0;
		cfg.devs[i].bdfn = nr_phbs > 1 ? 0x0100 :
				   (uint16_t)((1 + i) << 8);
	}
	t->m = machine_create(&cfg, err, sizeof(err));
	ck_assert_msg(t->m != NULL, "machine_create: %s", err);
	ck_assert_msg(machine_boot(t->m, err, sizeof(err)) == 0,
		      "machine_boot: %s", err);
	t->nr_devs = nr_devs;
	t->page_shift = page_shift;
	for (i = 0; i < nr_devs; i++) {
		t->bdfn[i] = cfg.devs[i].bdfn;
		t->group_id[i] = machine_group_of(t->m, cfg.devs[i].phb,
						  cfg.devs[i].bdfn);
		ck_assert_int_ge(t->group_id[i], 0);
	}
	t->pid = kc_proc_current();
	ck_assert_int_gt(t->pid, 0);
	vt_mmap(VT_UA_SCRATCH, 1ULL << page_shift, false, false);
	vt_snapshot(&t->before);
}

/* PHB3 with nr_devs devices (one PE and group each), 64 KiB pages. */
static inline void vt_boot(struct vt *t, unsigned nr_devs, uint64_t memlock)
{
	vt_boot_cfg(t, MACHINE_PHB3, nr_devs, memlock, 16, 1);
}

/* P5IOC2: one PHB (one group) per device. */
static inline void vt_boot_p5ioc2(struct vt *t, unsigned nr_devs)
{
	vt_boot_cfg(t, MACHINE_P5IOC2, nr_devs, 8 * VT_GB, 16, nr_devs);
}

static inline void vt_shutdown(struct vt *t)
{
	ck_assert_int_eq(kc_warn_count(), 0);
	machine_destroy(t->m);
	t->m = NULL;
}

/* Counters of the test process and the kernel heap. */
static inline int64_t vt_locked_vm(void)
{
	return kc_proc_locked_vm(kc_proc_current());
}

static inline int64_t vt_pinned(void)
{
	struct kc_counters c;

	kc_get_counters(&c);
	return (int64_t)c.pinned_pages;
}

/* Pages pinned since t booted. */
static inline int64_t vt_new_pins(const struct vt *t)
{
	return vt_pinned() - (int64_t)t->before.pinned_pages;
}

/* Everything back to the snapshot taken after boot. */
static inline void vt_assert_clean(struct vt *t)
{
	struct vt_snap now;

	vt_snapshot(&now);
	ck_assert_int_eq(now.locked_vm, t->before.locked_vm);
	ck_assert_uint_eq(now.pinned_pages, t->before.pinned_pages);
	ck_assert_uint_eq(now.kmalloc_live, t->before.kmalloc_live);
	ck_assert_uint_eq(now.pages_live, t->before.pages_live);
	ck_assert_uint_eq(now.files_open, t->before.files_open);
}

/* locked_vm and pins back (files may still be open). */
static inline void vt_assert_released(struct vt *t)
{
	struct vt_snap now;

	vt_snapshot(&now);
	ck_assert_int_eq(now.locked_vm, t->before.locked_vm);
	ck_assert_uint_eq(now.pinned_pages, t->before.pinned_pages);
}

/* Physical address behind ua and the pin count of its frame. */
static inline uint64_t vt_user_pa(uint64_t ua)
{
	uint64_t pa = 0;

	ck_assert_int_eq(kc_user_to_phys(ua, &pa), 0);
	return pa;
}

static inline int vt_pincount(uint64_t ua)
{
	return kc_page_pincount(vt_user_pa(ua));
}

static inline void vt_write(uint64_t ua, const void *buf, size_t len)
{
	ck_assert_int_eq(kc_user_write(ua, buf, len), 0);
}

static inline void vt_read(uint64_t ua, void *buf, size_t len)
{
	ck_assert_int_eq(kc_user_read(ua, buf, len), 0);
}

/* ioctl with an in/out structure passed through user memory. */
static inline long vt_ioctl_in(int fd, unsigned cmd, const void *in,
			       size_t len, void *out)
{
	long ret;

	vt_write(VT_UA_SCRATCH, in, len);
	ret = kc_ioctl(fd, cmd, VT_UA_SCRATCH);
	if (out)
		vt_read(VT_UA_SCRATCH, out, len);
	return ret;
}

/*
 * A uapi struct arg (argsz then flags, both u32) refused by cmd on fd
 * with -EINVAL as it is (its flags bad), and again with flags 0 and
 * argsz short_argsz (one byte short of the fields cmd needs).
 */
static inline void vt_bad_header(int fd, unsigned cmd, void *arg, size_t len,
				 uint32_t short_argsz)
{
	const uint32_t zero = 0;

	ck_assert_int_eq(vt_ioctl_in(fd, cmd, arg, len, NULL), -EINVAL);
	memcpy((char *)arg + 4, &zero, 4);
	memcpy(arg, &short_argsz, 4);
	ck_assert_int_eq(vt_ioctl_in(fd, cmd, arg, len, NULL), -EINVAL);
}

static inline int vt_open_container(void)
{
	int fd = kc_open("/dev/vfio/vfio");

	ck_assert_int_ge(fd, 0);
	return fd;
}

static inline int vt_open_group(struct vt *t, unsigned i)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/dev/vfio/%d", t->group_id[i]);
	fd = kc_open(path);
	ck_assert_msg(fd >= 0, "open %s: %d", path, fd);
	return fd;
}

static inline long vt_set_container(int group, int container)
{
	int32_t fd = container;

	return vt_ioctl_in(group, VT_GROUP_SET_CONTAINER, &fd, sizeof(fd),
			   NULL);
}

/* Container with groups 0..n-1 attached and the IOMMU type set. */
static inline int vt_setup(struct vt *t, unsigned n, int type, int *groups)
{
	int c = vt_open_container();
	unsigned i;

	for (i = 0; i < n; i++) {
		groups[i] = vt_open_group(t, i);
		ck_assert_int_eq(vt_set_container(groups[i], c), 0);
	}
	ck_assert_int_eq(kc_ioctl(c, VT_SET_IOMMU, type), 0);
	return c;
}

/*
 * The usual session: one device on a PHB3 (64 KiB pages, 4 GiB memlock),
 * its group attached to a new container of IOMMU type; the container fd.
 */
static inline int vt_start(struct vt *t, int type, int *group)
{
	vt_boot(t, 1, 4 * VT_GB);
	return vt_setup(t, 1, type, group);
}

static inline void vt_close_all(int c, int *groups, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		ck_assert_int_eq(kc_close(groups[i]), 0);
	ck_assert_int_eq(kc_close(c), 0);
}

/* Close everything, check it all came back, shut the machine down. */
static inline void vt_finish(struct vt *t, int c, int *groups, unsigned n)
{
	vt_close_all(c, groups, n);
	vt_assert_clean(t);
	vt_shutdown(t);
}

static inline long vt_map(int c, uint64_t vaddr, uint64_t iova,
			  uint64_t size, uint32_t flags)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m), .flags = flags,
		.vaddr = vaddr, .iova = iova, .size = size,
	};

	return vt_ioctl_in(c, VT_MAP_DMA, &m, sizeof(m), NULL);
}

static inline long vt_unmap(int c, uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_unmap u = {
		.argsz = sizeof(u), .iova = iova, .size = size,
	};

	return vt_ioctl_in(c, VT_UNMAP_DMA, &u, sizeof(u), NULL);
}

static inline long vt_register(int c, uint64_t vaddr, uint64_t size)
{
	struct vfio_iommu_spapr_register_memory r = {
		.argsz = sizeof(r), .vaddr = vaddr, .size = size,
	};

	return vt_ioctl_in(c, VT_REGISTER, &r, sizeof(r), NULL);
}

/* size bytes mapped at ua (hugetlb pages or not), then preregistered. */
static inline void vt_mmap_registered(int c, uint64_t ua, uint64_t size,
				      bool huge)
{
	vt_mmap(ua, size, false, huge);
	ck_assert_int_eq(vt_register(c, ua, size), 0);
}

static inline long vt_unregister(int c, uint64_t vaddr, uint64_t size)
{
	struct vfio_iommu_spapr_register_memory r = {
		.argsz = sizeof(r), .vaddr = vaddr, .size = size,
	};

	return vt_ioctl_in(c, VT_UNREGISTER, &r, sizeof(r), NULL);
}

static inline long vt_create(int c, uint32_t page_shift, uint64_t size,
			     uint32_t levels, uint64_t *start)
{
	struct vfio_iommu_spapr_tce_create cr;
	long ret;

	memset(&cr, 0, sizeof(cr));
	cr.argsz = sizeof(cr);
	cr.page_shift = page_shift;
	cr.window_size = size;
	cr.levels = levels;
	cr.start_addr = 0xdeadbeefULL;
	ret = vt_ioctl_in(c, VT_CREATE, &cr, sizeof(cr), &cr);
	if (start)
		*start = cr.start_addr;
	return ret;
}

static inline long vt_remove(int c, uint64_t start)
{
	struct vfio_iommu_spapr_tce_remove r = {
		.argsz = sizeof(r), .start_addr = start,
	};

	return vt_ioctl_in(c, VT_REMOVE, &r, sizeof(r), NULL);
}

/* Device DMA of len bytes at bus address addr by device i. */
static inline struct sim_dma_result vt_dma(struct vt *t, unsigned i,
					   uint64_t addr, void *buf,
					   uint32_t len, enum sim_dma_dir dir)
{
	struct sim_dma_req req = {
		.rid = t->bdfn[i], .addr = addr, .len = len, .dir = dir,
	};
	struct sim_dma_result res;

	memset(&res, 0, sizeof(res));
	ck_assert_int_eq(machine_dma(t->m, 0, &req, buf, &res), 0);
	return res;
}

#endif /* DRIVERS_VFIO_HARNESS_H */
