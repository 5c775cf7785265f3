// SPDX-License-Identifier: GPL-2.0
/*
 * VFIO sPAPR TCE v1 on PHB3 and P5IOC2: GET_INFO, ENABLE/DISABLE
 * accounting, MAP/UNMAP argument checks and pinning (kernel ABI edge
 * cases 6-9, 16-19, 22-24, 32).
 */
#include "check_auto.h"
#include "drivers_vfio_harness.h"

static struct vt t;
static int g, c;

#define PG	(1ULL << 16)		/* host page (64 KiB) */
#define WIN32	(2 * VT_GB)		/* PHB3 default window */

static void setup(void)
{
	c = vt_start(&t, VT_V1, &g);
	vt_mmap(VT_UA_MEM, 16 * PG, false, false);
	vt_mmap(VT_UA_MEM2, 4 * PG, true, false);
}

static void teardown(void)
{
	vt_finish(&t, c, &g, 1);
}

CK_TEST("phb3", get_info_argsz)
{
	struct vfio_iommu_spapr_tce_info info;

	/* Edge case 6. */
	memset(&info, 0xa5, sizeof(info));
	info.argsz = 15;
	ck_assert_int_eq(vt_ioctl_in(c, VT_GET_INFO, &info, sizeof(info),
				     NULL), -EINVAL);
	memset(&info, 0xa5, sizeof(info));
	info.argsz = 16;
	ck_assert_int_eq(vt_ioctl_in(c, VT_GET_INFO, &info, sizeof(info),
				     &info), 0);
	ck_assert_uint_eq(info.flags, 0);
	ck_assert_uint_eq(info.dma32_window_start, 0);
	ck_assert_uint_eq(info.dma32_window_size, 0x80000000u);
	/* Bytes past 16 untouched. */
	ck_assert_uint_eq(info.ddw.levels, 0xa5a5a5a5u);
	/* v1 never reports DDW. */
	info.argsz = 32;
	ck_assert_int_eq(vt_ioctl_in(c, VT_GET_INFO, &info, sizeof(info),
				     &info), 0);
	ck_assert_uint_eq(info.flags, 0);
	ck_assert_uint_eq(info.ddw.levels, 0);
	ck_assert_uint_eq(info.ddw.pgsizes, 0);
}
END_TEST

CK_TEST("phb3", map_before_enable)
{
	/* Edge case 7. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, PG, 3), -EPERM);
	ck_assert_int_eq(vt_unmap(c, 0, PG), -EPERM);
}
END_TEST

CK_TEST("phb3", enable_twice_disable_twice)
{
	/* Edge case 8. */
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), -EBUSY);
	ck_assert_int_eq(kc_ioctl(c, VT_DISABLE, 0), 0);
	ck_assert_int_eq(kc_ioctl(c, VT_DISABLE, 0), 0);
}
END_TEST

CK_TEST("phb3", v2_ioctls_on_v1)
{
	/* Edge case 8. */
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, PG), -ENOTTY);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, PG), -ENOTTY);
	ck_assert_int_eq(vt_create(c, 16, VT_GB, 1, NULL), -ENOTTY);
	ck_assert_int_eq(vt_remove(c, 0), -ENOTTY);
}
END_TEST

CK_TEST("phb3", enable_charges_window_and_disable_refunds)
{
	int64_t before = vt_locked_vm();

	/* Edge case 9, second half. */
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	ck_assert_int_eq(vt_locked_vm() - before, WIN32 / PG);
	ck_assert_int_eq(kc_ioctl(c, VT_DISABLE, 0), 0);
	ck_assert_int_eq(vt_locked_vm(), before);
}
END_TEST

CK_TEST("phb3", map_flags_and_alignment)
{
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	/* Edge case 16. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, PG, 0), -EINVAL);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, PG, 4), -EINVAL);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, PG, 7), -EINVAL);
	{
		struct vfio_iommu_type1_dma_unmap u = {
			.argsz = sizeof(u), .flags = 1, .iova = 0, .size = PG,
		};
		vt_bad_header(c, VT_UNMAP_DMA, &u, sizeof(u), 23);
	}
	{
		struct vfio_iommu_type1_dma_map m = {
			.argsz = 31, .flags = 3, .vaddr = VT_UA_MEM,
			.iova = 0, .size = PG,
		};
		ck_assert_int_eq(vt_ioctl_in(c, VT_MAP_DMA, &m, sizeof(m),
					     NULL), -EINVAL);
	}
	ck_assert_int_eq(kc_ioctl(c, VT_MAP_DMA, 0x1234), -EFAULT);
	/* Edge case 18: misaligned iova inside the window. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x800, 0x1000, 3), -EINVAL);
	/* vaddr or size not aligned to the 4K IOMMU page. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + 0x800, 0, 0x1000, 3), -EINVAL);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, 0x800, 3), -EINVAL);
	ck_assert_int_eq(vt_unmap(c, 0, 0x800), -EINVAL);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages);
}
END_TEST

CK_TEST("phb3", map_outside_and_past_window)
{
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	/* Edge case 19: iova in no window, and a map running past the end. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, WIN32, 0x1000, 3), -ENXIO);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 1ULL << 59, 0x1000, 3), -ENXIO);
	ck_assert_int_eq(vt_unmap(c, WIN32 + 0x1000, 0x1000), -ENXIO);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, WIN32 - 0x1000, 0x2000, 3),
			 -EINVAL);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, WIN32 - 0x1000, 0x1000, 3), 0);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages + 1);
}
END_TEST

CK_TEST("phb3", map_pins_unmap_unpins)
{
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	/* 2 host pages = 32 IOMMU pages, one pin per IOMMU page. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x100000, 2 * PG, 3), 0);
	ck_assert_int_eq(vt_new_pins(&t), 2 * PG / 0x1000);
	/* Edge case 24: unmapping what was never mapped is fine. */
	ck_assert_int_eq(vt_unmap(c, 0x800000, 4 * PG), 0);
	ck_assert_int_eq(vt_unmap(c, 0x100000, 2 * PG), 0);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages);
}
END_TEST

CK_TEST("phb3", remap_unpins_old_page)
{
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	/* Edge case 22 (v1): remap of a mapped iova succeeds silently. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x10000, 0x1000, 3), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + PG, 0x10000, 0x1000, 3), 0);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages + 1);
	ck_assert_int_eq(vt_pincount(VT_UA_MEM), 0);
	ck_assert_int_eq(vt_pincount(VT_UA_MEM + PG), 1);
	ck_assert_int_eq(vt_unmap(c, 0x10000, 0x1000), 0);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages);
}
END_TEST

CK_TEST("phb3", read_only_memory_map_fails)
{
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	/* Edge case 23: even a device-read-only map pins for write. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM2, 0, 0x1000, 1), -EFAULT);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM2, 0, 0x1000, 3), -EFAULT);
	/* Unmapped user memory likewise. */
	ck_assert_int_eq(vt_map(c, 0x7000000, 0, 0x1000, 3), -EFAULT);
	/* Failure in the middle rolls the call back. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + 15 * PG, 0, 2 * PG, 3),
			 -EFAULT);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages);
}
END_TEST

CK_TEST("phb3", close_with_live_mappings)
{
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	/* Edge case 32: teardown() checks pins and locked_vm are back. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, 16 * PG, 3), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x40000000, 4 * PG, 1), 0);
}
END_TEST

CK_TEST("phb3", forked_child_eperm)
{
	int parent = kc_proc_current();
	int child, cc;

	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	child = kc_proc_fork(parent);
	ck_assert_int_gt(child, 0);
	/* The child inherits the container fd, as across fork(). */
	cc = kc_proc_share_fd(parent, c, child);
	ck_assert_int_ge(cc, 0);
	ck_assert_int_eq(kc_proc_switch(child), 0);
	/* Edge case 30: every ioctl but CHECK_EXTENSION. */
	ck_assert_int_eq(kc_ioctl(cc, VT_CHECK_EXTENSION, VT_V1), 1);
	ck_assert_int_eq(kc_ioctl(cc, VT_DISABLE, 0), -EPERM);
	ck_assert_int_eq(kc_ioctl(cc, VT_ENABLE, 0), -EPERM);
	ck_assert_int_eq(kc_ioctl(cc, VT_GET_INFO, VT_UA_SCRATCH), -EPERM);
	ck_assert_int_eq(kc_ioctl(cc, VT_UNMAP_DMA, VT_UA_SCRATCH), -EPERM);
	ck_assert_int_eq(kc_proc_switch(parent), 0);
	ck_assert_int_eq(kc_proc_exit(child), 0);
	ck_assert_int_eq(kc_ioctl(c, VT_DISABLE, 0), 0);
}
END_TEST

/* --- separate fixtures --------------------------------------------- */

CK_TEST("own_machine", enable_over_memlock)
{
	struct vt s;
	int sg, sc;
	int64_t before;

	/* Edge case 9: memlock below the window, no CAP_IPC_LOCK. */
	vt_boot(&s, 1, VT_GB);
	sc = vt_setup(&s, 1, VT_V1, &sg);
	before = vt_locked_vm();
	ck_assert_int_eq(kc_ioctl(sc, VT_ENABLE, 0), -ENOMEM);
	ck_assert_int_eq(vt_locked_vm(), before);
	ck_assert_int_eq(vt_map(sc, VT_UA_SCRATCH, 0, 0x1000, 3), -EPERM);
	vt_close_all(sc, &sg, 1);
	vt_assert_clean(&s);
	vt_shutdown(&s);
}
END_TEST

CK_TEST("own_machine", enable_no_group_enodev)
{
	struct vt s;
	int sg, sc;

	vt_boot(&s, 1, 4 * VT_GB);
	sc = vt_setup(&s, 1, VT_V1, &sg);
	/* The backend is released with the last group: EINVAL from core. */
	ck_assert_int_eq(kc_ioctl(sg, VT_GROUP_UNSET_CONTAINER, 0), 0);
	ck_assert_int_eq(kc_ioctl(sc, VT_ENABLE, 0), -EINVAL);
	vt_close_all(sc, &sg, 1);
	vt_assert_clean(&s);
	vt_shutdown(&s);
}
END_TEST

CK_TEST("own_machine", p5ioc2_v1_map_unmap)
{
	struct vt s;
	struct vfio_iommu_spapr_tce_info info = { .argsz = sizeof(info) };
	int sg, sc;
	int64_t before;

	vt_boot_p5ioc2(&s, 1);
	sc = vt_setup(&s, 1, VT_V1, &sg);
	vt_mmap(VT_UA_MEM, 4 * PG, false, false);
	ck_assert_int_eq(vt_ioctl_in(sc, VT_GET_INFO, &info, sizeof(info),
				     &info), 0);
	ck_assert_uint_eq(info.flags, 0);
	ck_assert_uint_eq(info.dma32_window_start, 0);
	ck_assert_uint_gt(info.dma32_window_size, 0);
	before = vt_locked_vm();
	/* Edge cases 7 and 8 on P5IOC2. */
	ck_assert_int_eq(vt_map(sc, VT_UA_MEM, 0x2000, 0x1000, 3), -EPERM);
	ck_assert_int_eq(vt_register(sc, VT_UA_MEM, PG), -ENOTTY);
	ck_assert_int_eq(vt_create(sc, 12, VT_GB, 1, NULL), -ENOTTY);
	ck_assert_int_eq(kc_ioctl(sc, VT_ENABLE, 0), 0);
	ck_assert_int_eq(kc_ioctl(sc, VT_ENABLE, 0), -EBUSY);
	ck_assert_int_eq(vt_locked_vm() - before,
			 info.dma32_window_size / PG);
	/* Edge cases 16 and 18. */
	ck_assert_int_eq(vt_map(sc, VT_UA_MEM, 0x2000, 0x1000, 4), -EINVAL);
	ck_assert_int_eq(vt_map(sc, VT_UA_MEM, 0x2800, 0x1000, 3), -EINVAL);
	ck_assert_int_eq(vt_map(sc, VT_UA_MEM, 0x2000, 2 * 0x1000, 3), 0);
	ck_assert_int_eq(vt_pinned() - (int64_t)s.before.pinned_pages, 2);
	ck_assert_int_eq(vt_map(sc, VT_UA_MEM, info.dma32_window_size,
				0x1000, 3), -ENXIO);
	ck_assert_int_eq(vt_unmap(sc, 0x2000, 0x1000), 0);
	ck_assert_int_eq(vt_pinned() - (int64_t)s.before.pinned_pages, 1);
	/* Close with one mapping live. */
	vt_close_all(sc, &sg, 1);
	vt_assert_clean(&s);
	vt_shutdown(&s);
}
END_TEST

CK_CASE("phb3", 30, setup, teardown);
CK_CASE("own_machine", 30, NULL, NULL);
CK_SUITE("drivers_vfio_v1");
