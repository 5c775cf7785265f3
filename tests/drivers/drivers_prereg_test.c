// SPDX-License-Identifier: GPL-2.0
/*
 * Memory preregistration through the v2 container: argument checks,
 * overlap and duplicate rules, pinning failures and memlock, unregister
 * rules, sharing between two containers of one process (kernel ABI edge
 * cases 11-15).
 */
#include "check_auto.h"
#include "drivers_vfio_harness.h"

static struct vt t;
static int g, c;

#define PG	(1ULL << 16)

static void setup_mem(uint64_t memlock)
{
	vt_boot(&t, 2, memlock);
	c = vt_setup(&t, 1, VT_V2, &g);
	vt_mmap(VT_UA_MEM, 16 * PG, false, false);
	vt_mmap(VT_UA_MEM2, 4 * PG, true, false);
}

static void setup(void)
{
	setup_mem(4 * VT_GB);
}

static void teardown(void)
{
	vt_finish(&t, c, &g, 1);
}

CK_TEST("phb3", register_bad_args)
{
	struct vfio_iommu_spapr_register_memory r = {
		.argsz = sizeof(r), .flags = 1, .vaddr = VT_UA_MEM, .size = PG,
	};
	int64_t before = vt_locked_vm();

	/* Edge case 11. */
	ck_assert_int_eq(vt_register(c, VT_UA_MEM + 0x1000, PG), -EINVAL);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, PG + 0x1000), -EINVAL);
	ck_assert_int_eq(vt_register(c, 0xffffffffffff0000ULL, 2 * PG),
			 -EINVAL);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 0), -EINVAL);
	vt_bad_header(c, VT_REGISTER, &r, sizeof(r), 23);
	ck_assert_int_eq(kc_ioctl(c, VT_REGISTER, 0x1234), -EFAULT);
	ck_assert_int_eq(vt_locked_vm(), before);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages);
}
END_TEST

CK_TEST("phb3", register_overlap_and_duplicate)
{
	int64_t before = vt_locked_vm();

	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), 0);
	ck_assert_int_eq(vt_locked_vm() - before, 4);
	ck_assert_int_eq(vt_new_pins(&t), 4);
	/* Edge case 12. */
	ck_assert_int_eq(vt_register(c, VT_UA_MEM + PG, 4 * PG), -EINVAL);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 2 * PG), -EINVAL);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), -EBUSY);
	ck_assert_int_eq(vt_locked_vm() - before, 4);
	ck_assert_int_eq(vt_new_pins(&t), 4);
	/* Adjacent is fine. */
	ck_assert_int_eq(vt_register(c, VT_UA_MEM + 4 * PG, 4 * PG), 0);
	ck_assert_int_eq(vt_locked_vm() - before, 8);
}
END_TEST

CK_TEST("phb3", register_unmapped_or_readonly)
{
	int64_t before = vt_locked_vm();

	/* Edge case 13. */
	ck_assert_int_eq(vt_register(c, VT_UA_MEM2, 4 * PG), -EFAULT);
	ck_assert_int_eq(vt_register(c, 0x7000000, PG), -EFAULT);
	/* Partly mapped: pins taken so far are dropped again. */
	ck_assert_int_eq(vt_register(c, VT_UA_MEM + 12 * PG, 8 * PG), -EFAULT);
	ck_assert_int_eq(vt_locked_vm(), before);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages);
}
END_TEST

CK_TEST("phb3", register_over_memlock)
{
	int64_t before;

	vt_close_all(c, &g, 1);
	vt_shutdown(&t);
	/* 512 KiB of memlock = 8 pages of 64 KiB. */
	setup_mem(512 * VT_KB);
	before = vt_locked_vm();
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 16 * PG), -ENOMEM);
	ck_assert_int_eq(vt_locked_vm(), before);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 8 * PG), 0);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM + 8 * PG, PG), -ENOMEM);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 8 * PG), 0);
	ck_assert_int_eq(vt_locked_vm(), before);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages);
}
END_TEST

CK_TEST("phb3", unregister_rules)
{
	/* Edge case 14: UNREGISTER before the container knows an mm. */
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 4 * PG), -EPERM);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), 0);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 2 * PG), -ENOENT);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM + PG, 4 * PG), -ENOENT);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM + 0x1000, 4 * PG),
			 -EINVAL);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 4 * PG), 0);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 4 * PG), -ENOENT);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages);
}
END_TEST

CK_TEST("phb3", unregister_while_mapped)
{
	int64_t before = vt_locked_vm();

	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, PG, 3), 0);
	/* Edge case 15, reimplementation choice: EBUSY, registration kept. */
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 4 * PG), -EBUSY);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + PG, 0x10000, PG, 3), 0);
	ck_assert_int_eq(vt_new_pins(&t), 4);
	ck_assert_int_eq(vt_unmap(c, 0, 2 * PG), 0);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 4 * PG), 0);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages);
	/* Only the default window's table remains charged. */
	ck_assert_int_eq(vt_locked_vm() - before, 2 * 4 * VT_MB / PG);
}
END_TEST

CK_TEST("phb3", two_containers_share_region)
{
	int g2, c2 = vt_open_container();
	int64_t before = vt_locked_vm();

	g2 = vt_open_group(&t, 1);
	ck_assert_int_eq(vt_set_container(g2, c2), 0);
	ck_assert_int_eq(kc_ioctl(c2, VT_SET_IOMMU, VT_V2), 0);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), 0);
	/* Same process: the region is shared, charged and pinned once. */
	ck_assert_int_eq(vt_register(c2, VT_UA_MEM, 4 * PG), 0);
	ck_assert_int_eq(vt_locked_vm() - before, 4);
	ck_assert_int_eq(vt_new_pins(&t), 4);
	/* One container leaving keeps the region for the other. */
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 4 * PG), 0);
	ck_assert_int_eq(vt_new_pins(&t), 4);
	ck_assert_int_eq(vt_map(c2, VT_UA_MEM, 0, PG, 3), 0);
	/* MAP looks in the whole process, as the kernel does. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + PG, 0, PG, 3), 0);
	/* c2 goes: the region lives on while c's TCE points into it. */
	vt_close_all(c2, &g2, 1);
	ck_assert_int_eq(vt_new_pins(&t), 4);
	ck_assert_int_eq(vt_locked_vm() - before, 4 + 2 * 4 * VT_MB / PG);
	/* ... but takes no new mappings. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, PG, PG, 3), -EINVAL);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), -EINVAL);
	/* Its last TCE gone, it is freed. */
	ck_assert_int_eq(vt_unmap(c, 0, PG), 0);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * PG), 0);
}
END_TEST

CK_TEST("phb3", release_puts_registered_regions)
{
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 8 * PG), 0);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM + 8 * PG, 8 * PG), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, 16 * PG, 3), 0);
	/* teardown() closes with live mappings and checks everything. */
}
END_TEST

CK_CASE("phb3", 30, setup, teardown);
CK_SUITE("drivers_prereg");
