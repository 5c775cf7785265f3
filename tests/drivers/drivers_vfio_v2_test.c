// SPDX-License-Identifier: GPL-2.0
/*
 * VFIO sPAPR TCE v2 on PHB3: GET_INFO with DDW, MAP/UNMAP over
 * preregistered memory, dynamic windows (CREATE/REMOVE), the lazy default
 * window, mm binding and EEH argument checks (kernel ABI edge cases 6, 8,
 * 10, 16-22, 24-31).
 */
#include "check_auto.h"
#include "drivers_vfio_harness.h"

static struct vt t;
static int g, c;

#define PG	(1ULL << 16)		/* host page (64 KiB) */
#define WIN1	(1ULL << 59)		/* IODA2 window 1 bus address */

static void setup(void)
{
	c = vt_start(&t, VT_V2, &g);
	vt_mmap(VT_UA_MEM, 16 * PG, false, false);
}

static void teardown(void)
{
	vt_finish(&t, c, &g, 1);
}

CK_TEST("phb3", get_info_ddw)
{
	struct vfio_iommu_spapr_tce_info info;

	/* Edge case 6, argsz 32 on v2/IODA2. */
	memset(&info, 0, sizeof(info));
	info.argsz = 32;
	ck_assert_int_eq(vt_ioctl_in(c, VT_GET_INFO, &info, sizeof(info),
				     &info), 0);
	ck_assert_uint_eq(info.flags, 1);
	ck_assert_uint_eq(info.dma32_window_start, 0);
	ck_assert_uint_eq(info.dma32_window_size, 0x80000000u);
	ck_assert_uint_eq(info.ddw.max_dynamic_windows_supported, 2);
	ck_assert_uint_eq(info.ddw.levels, 5);
	/* 4K | 64K | 16M | 256M from the device tree. */
	ck_assert_uint_eq(info.ddw.pgsizes, 0x11011000ULL);
	/* argsz 16: the ddw part is not written. */
	memset(&info, 0x5a, sizeof(info));
	info.argsz = 16;
	ck_assert_int_eq(vt_ioctl_in(c, VT_GET_INFO, &info, sizeof(info),
				     &info), 0);
	ck_assert_uint_eq(info.ddw.levels, 0x5a5a5a5au);
}
END_TEST

CK_TEST("phb3", v1_ioctls_on_v2)
{
	/* Edge case 8. */
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), -ENOTTY);
	ck_assert_int_eq(kc_ioctl(c, VT_DISABLE, 0), -ENOTTY);
}
END_TEST

CK_TEST("phb3", map_needs_registration)
{
	/* Edge case 10. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, PG, 3), -EPERM);
	ck_assert_int_eq(vt_unmap(c, 0, PG), -EPERM);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, PG, 3), 0);
	ck_assert_int_eq(vt_unmap(c, 0, PG), 0);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 4 * PG), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, PG, 3), -EINVAL);
}
END_TEST

CK_TEST("phb3", map_flags)
{
	struct vfio_iommu_type1_dma_unmap u = {
		.argsz = sizeof(u), .flags = 2, .iova = 0, .size = PG,
	};

	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), 0);
	/* Edge case 16. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, PG, 0), -EINVAL);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, PG, 4), -EINVAL);
	ck_assert_int_eq(vt_ioctl_in(c, VT_UNMAP_DMA, &u, sizeof(u), NULL),
			 -EINVAL);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, PG, 1), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, PG, PG, 2), 0);
}
END_TEST

CK_TEST("phb3", map_4k_size_on_64k_window)
{
	uint64_t start;

	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), 0);
	ck_assert_int_eq(vt_create(c, 16, VT_GB, 1, &start), 0);
	ck_assert_uint_eq(start, WIN1);
	/* Edge case 17. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, WIN1, 0x1000, 3), -EINVAL);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + 0x1000, WIN1, PG, 3), -EINVAL);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, WIN1, PG, 3), 0);
}
END_TEST

CK_TEST("phb3", map_iova_checks)
{
	uint64_t start;

	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), 0);
	ck_assert_int_eq(vt_create(c, 16, VT_GB, 1, &start), 0);
	/* Edge case 18: misaligned iova inside a 64K window. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, WIN1 + 0x1000, PG, 3), -EINVAL);
	ck_assert_int_eq(vt_unmap(c, WIN1 + 0x1000, PG), -EINVAL);
	/* Edge case 19. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, WIN1 + VT_GB, PG, 3), -ENXIO);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 4 * VT_GB, 0x1000, 3), -ENXIO);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, WIN1 + VT_GB - PG, 2 * PG, 3),
			 -EINVAL);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, WIN1 + VT_GB - PG, PG, 3), 0);
}
END_TEST

CK_TEST("phb3", map_past_region_end)
{
	/* Edge case 20: the IOMMU page must lie inside one region. */
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 2 * PG), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + PG, 0, 2 * PG, 3), -EINVAL);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + 2 * PG, 0, 0x1000, 3),
			 -EINVAL);
	/* The rolled-back call left the region unreferenced. */
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 2 * PG), 0);
}
END_TEST

CK_TEST("phb3", map_16m_window_over_small_pages)
{
	uint64_t start;

	/* Edge case 21 (64 KiB pages under a 16 MiB TCE). */
	vt_mmap_registered(c, VT_UA_HUGE, 32 * VT_MB, false);
	ck_assert_int_eq(vt_create(c, 24, 64 * VT_GB, 1, &start), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_HUGE, start, 32 * VT_MB, 3), -EPERM);
	/* Nothing left referencing the region. */
	ck_assert_int_eq(vt_unregister(c, VT_UA_HUGE, 32 * VT_MB), 0);
}
END_TEST

CK_TEST("phb3", map_16m_window_over_hugetlb)
{
	uint64_t start;

	vt_mmap_registered(c, VT_UA_HUGE, 32 * VT_MB, true);
	ck_assert_int_eq(vt_create(c, 24, 64 * VT_GB, 1, &start), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_HUGE, start, 32 * VT_MB, 3), 0);
	ck_assert_int_eq(vt_unregister(c, VT_UA_HUGE, 32 * VT_MB), -EBUSY);
	ck_assert_int_eq(vt_unmap(c, start, 32 * VT_MB), 0);
	ck_assert_int_eq(vt_unregister(c, VT_UA_HUGE, 32 * VT_MB), 0);
}
END_TEST

CK_TEST("phb3", remap_drops_old_region_reference)
{
	/* Edge case 22 (v2). */
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 2 * PG), 0);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM + 4 * PG, 2 * PG), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x10000, PG, 3), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + 4 * PG, 0x10000, PG, 3), 0);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 2 * PG), 0);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM + 4 * PG, 2 * PG), -EBUSY);
	/* Edge case 24. */
	ck_assert_int_eq(vt_unmap(c, 0x100000, 4 * PG), 0);
	ck_assert_int_eq(vt_unmap(c, 0x10000, PG), 0);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM + 4 * PG, 2 * PG), 0);
}
END_TEST

CK_TEST("phb3", create_bad_args)
{
	struct vfio_iommu_spapr_tce_create cr;
	int64_t before = vt_locked_vm();

	/* Edge case 25. */
	ck_assert_int_eq(vt_create(c, 13, VT_GB, 1, NULL), -EINVAL);
	ck_assert_int_eq(vt_create(c, 16, VT_GB, 0, NULL), -EINVAL);
	ck_assert_int_eq(vt_create(c, 16, VT_GB, 6, NULL), -EINVAL);
	ck_assert_int_eq(vt_create(c, 16, 3 * VT_GB, 1, NULL), -EINVAL);
	memset(&cr, 0, sizeof(cr));
	cr.argsz = sizeof(cr);
	cr.flags = 1;
	cr.page_shift = 16;
	cr.window_size = VT_GB;
	cr.levels = 1;
	vt_bad_header(c, VT_CREATE, &cr, sizeof(cr), 39);
	ck_assert_int_eq(kc_ioctl(c, VT_CREATE, 0x1234), -EFAULT);
	/* Only the default window (built by the first CREATE) is charged. */
	ck_assert_int_eq(vt_locked_vm() - before, 2 * 4 * VT_MB / PG);
}
END_TEST

CK_TEST("phb3", create_slots)
{
	uint64_t start = 1;

	/* Edge case 26: default window takes slot 0, the user one slot 1. */
	ck_assert_int_eq(vt_create(c, 16, VT_GB, 1, &start), 0);
	ck_assert_uint_eq(start, 0x0800000000000000ULL);
	ck_assert_int_eq(vt_create(c, 16, VT_GB, 1, &start), -ENOSPC);
	ck_assert_int_eq(vt_remove(c, 0), 0);
	ck_assert_int_eq(vt_create(c, 16, VT_GB, 2, &start), 0);
	ck_assert_uint_eq(start, 0);
	ck_assert_int_eq(vt_create(c, 12, VT_GB, 1, &start), -ENOSPC);
}
END_TEST

CK_TEST("phb3", create_too_deep_refunds)
{
	int64_t base;

	/* Build the default window first so only the failed one counts. */
	ck_assert_int_eq(vt_remove(c, 0), 0);
	base = vt_locked_vm();
	/* Edge case 27: 4K pages, 4 levels exceed the index bits. */
	ck_assert_int_eq(vt_create(c, 12, 1ULL << 40, 4, NULL), -EINVAL);
	ck_assert_int_eq(vt_locked_vm(), base);
	/* 16M pages with 3 levels likewise. */
	ck_assert_int_eq(vt_create(c, 24, 1ULL << 40, 3, NULL), -EINVAL);
	ck_assert_int_eq(vt_locked_vm(), base);
}
END_TEST

CK_TEST("phb3", create_table_failure_refunds)
{
	int64_t base;
	uint64_t start;

	ck_assert_int_eq(vt_remove(c, 0), 0);
	base = vt_locked_vm();
	/* The table's memory cannot be allocated after the charge. */
	kc_fail_nth(KC_FAIL_PAGES, 1);
	ck_assert_int_eq(vt_create(c, 16, 1ULL << 40, 2, &start), -ENOMEM);
	ck_assert(!kc_fail_nth_pending());
	kc_fail_nth(KC_FAIL_PAGES, 0);
	/* Reimplementation choice: the charge is given back (ML leaks it). */
	ck_assert_int_eq(vt_locked_vm(), base);
	ck_assert_int_eq(vt_create(c, 16, 1ULL << 40, 2, &start), 0);
	ck_assert_uint_eq(start, 0);
	/* 2049 blocks of 64 KiB, twice (hardware + userspace view). */
	ck_assert_int_eq(vt_locked_vm() - base, 2 * 2049);
}
END_TEST

CK_TEST("phb3", remove_by_inner_address)
{
	uint64_t start;

	ck_assert_int_eq(vt_create(c, 16, VT_GB, 1, &start), 0);
	/* Edge case 28. */
	ck_assert_int_eq(vt_remove(c, WIN1 + VT_GB), -EINVAL);
	ck_assert_int_eq(vt_remove(c, 3 * VT_GB), -EINVAL);
	ck_assert_int_eq(vt_remove(c, WIN1 + 12345 * PG), 0);
	ck_assert_int_eq(vt_remove(c, WIN1), -EINVAL);
	ck_assert_int_eq(vt_remove(c, 0x1000), 0);
	ck_assert_int_eq(vt_remove(c, 0), -EINVAL);
}
END_TEST

CK_TEST("phb3", remove_pending_default)
{
	int64_t before = vt_locked_vm();

	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), 0);
	/* Edge case 29. */
	ck_assert_int_eq(vt_remove(c, 0), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, PG, 3), -ENXIO);
	ck_assert_int_eq(vt_locked_vm() - before, 4);
}
END_TEST

CK_TEST("phb3", remove_with_live_mappings)
{
	uint64_t start;

	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), 0);
	ck_assert_int_eq(vt_create(c, 16, VT_GB, 3, &start), -EINVAL);
	ck_assert_int_eq(vt_create(c, 16, 1ULL << 40, 2, &start), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, start + (1ULL << 39), 4 * PG, 3),
			 0);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 4 * PG), -EBUSY);
	/* REMOVE clears the TCEs: the region is free again. */
	ck_assert_int_eq(vt_remove(c, start), 0);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 4 * PG), 0);
}
END_TEST

CK_TEST("phb3", forked_child_eperm)
{
	int parent = kc_proc_current();
	int child, cc;

	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), 0);
	child = kc_proc_fork(parent);
	ck_assert_int_gt(child, 0);
	/* The child inherits the container fd, as across fork(). */
	cc = kc_proc_share_fd(parent, c, child);
	ck_assert_int_ge(cc, 0);
	ck_assert_int_eq(kc_proc_switch(child), 0);
	vt_mmap(VT_UA_SCRATCH, PG, false, false);
	vt_mmap(VT_UA_MEM, 4 * PG, false, false);
	/* Edge case 30. */
	ck_assert_int_eq(kc_ioctl(cc, VT_CHECK_EXTENSION, VT_V2), 1);
	ck_assert_int_eq(vt_register(cc, VT_UA_MEM, 4 * PG), -EPERM);
	ck_assert_int_eq(vt_unregister(cc, VT_UA_MEM, 4 * PG), -EPERM);
	ck_assert_int_eq(vt_map(cc, VT_UA_MEM, 0, PG, 3), -EPERM);
	ck_assert_int_eq(vt_unmap(cc, 0, PG), -EPERM);
	ck_assert_int_eq(vt_create(cc, 16, VT_GB, 1, NULL), -EPERM);
	ck_assert_int_eq(vt_remove(cc, 0), -EPERM);
	ck_assert_int_eq(kc_ioctl(cc, VT_GET_INFO, VT_UA_SCRATCH), -EPERM);
	ck_assert_int_eq(kc_ioctl(cc, VT_EEH_PE_OP, VT_UA_SCRATCH), -EPERM);
	ck_assert_int_eq(kc_proc_switch(parent), 0);
	ck_assert_int_eq(kc_proc_exit(child), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, PG, 3), 0);
}
END_TEST

CK_TEST("phb3", eeh_pe_op_arguments)
{
	struct vfio_eeh_pe_op op;

	/* Edge case 31. */
	memset(&op, 0, sizeof(op));
	op.argsz = 11;
	op.op = VFIO_EEH_PE_GET_STATE;
	ck_assert_int_eq(vt_ioctl_in(c, VT_EEH_PE_OP, &op, sizeof(op), NULL),
			 -EINVAL);
	op.argsz = 12;
	op.flags = 1;
	ck_assert_int_eq(vt_ioctl_in(c, VT_EEH_PE_OP, &op, sizeof(op), NULL),
			 -EINVAL);
	op.flags = 0;
	op.op = 99;
	ck_assert_int_eq(vt_ioctl_in(c, VT_EEH_PE_OP, &op, sizeof(op), NULL),
			 -EINVAL);
	op.op = VFIO_EEH_PE_INJECT_ERR;
	ck_assert_int_eq(vt_ioctl_in(c, VT_EEH_PE_OP, &op, sizeof(op), NULL),
			 -EINVAL);
	ck_assert_int_eq(kc_ioctl(c, VT_EEH_PE_OP, 0x1234), -EFAULT);
}
END_TEST

CK_CASE("phb3", 30, setup, teardown);
CK_SUITE("drivers_vfio_v2");
