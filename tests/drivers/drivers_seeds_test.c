// SPDX-License-Identifier: GPL-2.0
/*
 * The claims of the 2015 sPAPR TCE v2 patch thread, as tests:
 * v1 accounts the whole 32-bit DMA window at ENABLE; v2 pins and charges
 * only preregistered memory and MAP/UNMAP only touch the TCE table; a
 * huge dynamic window adds only its table pages and pins nothing;
 * unregistering mapped memory is refused and keeps the registration.
 */
#include "check_auto.h"
#include "drivers_vfio_harness.h"

/*
 * Bytes a fully populated IODA2 table of this geometry takes, hardware
 * levels plus the same again for the userspace view (kernel reference
 * §4 and §2.5), computed here independently of the driver.
 */
static uint64_t ref_table_bytes(unsigned page_shift, uint64_t window,
				unsigned levels, unsigned host_shift)
{
	unsigned es = 0, per_level, lshift, l;
	uint64_t entries, level_entries, nodes, bytes = 0;

	while ((1ULL << es) < (window >> page_shift))
		es++;
	per_level = (es + levels - 1) / levels;
	lshift = per_level + 3 > host_shift ? per_level + 3 : host_shift;
	level_entries = 1ULL << (lshift - 3);
	entries = window >> page_shift;
	for (l = 0; l < levels; l++) {
		nodes = (entries + level_entries - 1) / level_entries;
		bytes += nodes << lshift;
		entries = nodes;
	}
	return 2 * bytes;
}

CK_TEST("claims", v1_enable_charges_whole_window_64k)
{
	struct vt t;
	int g, c;
	int64_t before;

	c = vt_start(&t, VT_V1, &g);
	before = vt_locked_vm();
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	/* 2 GiB in 64 KiB pages, whether or not anything is mapped. */
	ck_assert_int_eq(vt_locked_vm() - before, 32768);
	ck_assert_int_eq(vt_pinned(), (int64_t)t.before.pinned_pages);
	vt_finish(&t, c, &g, 1);
}
END_TEST

CK_TEST("claims", v1_enable_charges_whole_window_4k)
{
	struct vt t;
	int g, c;
	int64_t before;

	vt_boot_cfg(&t, MACHINE_PHB3, 1, 4 * VT_GB, 12, 1);
	c = vt_setup(&t, 1, VT_V1, &g);
	before = vt_locked_vm();
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	ck_assert_int_eq(vt_locked_vm() - before, 524288);
	vt_finish(&t, c, &g, 1);
}
END_TEST

CK_TEST("claims", v1_map_pins_per_request)
{
	struct vt t;
	int g, c;
	int64_t lv;

	c = vt_start(&t, VT_V1, &g);
	vt_mmap(VT_UA_MEM, 4 * 0x10000, false, false);
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	/* First MAP builds the default table; measure the next ones. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, 0x1000, 3), 0);
	lv = vt_locked_vm();
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x100000, 4 * 0x10000, 3), 0);
	/* v1: pinning happens on every map, locked_vm does not move. */
	ck_assert_int_eq(vt_new_pins(&t), 1 + 4 * 16);
	ck_assert_int_eq(vt_locked_vm(), lv);
	ck_assert_int_eq(vt_unmap(c, 0x100000, 4 * 0x10000), 0);
	ck_assert_int_eq(vt_new_pins(&t), 1);
	ck_assert_int_eq(vt_locked_vm(), lv);
	vt_finish(&t, c, &g, 1);
}
END_TEST

CK_TEST("claims", v2_register_charges_registered_memory_only)
{
	struct vt t;
	int g, c;
	int64_t before, lv, pins;

	c = vt_start(&t, VT_V2, &g);
	vt_mmap(VT_UA_MEM, 64 * 0x10000, false, false);
	before = vt_locked_vm();
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 64 * 0x10000), 0);
	ck_assert_int_eq(vt_locked_vm() - before, 64);
	ck_assert_int_eq(vt_new_pins(&t), 64);
	/* Build the default window (its table is charged) ... */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, 0x1000, 3), 0);
	ck_assert_int_eq(vt_locked_vm() - before, 64 + 2 * 4 * VT_MB / 0x10000);
	lv = vt_locked_vm();
	pins = vt_pinned();
	/* ... then MAP/UNMAP touch neither locked_vm nor pins. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x1000000, 64 * 0x10000, 3), 0);
	ck_assert_int_eq(vt_locked_vm(), lv);
	ck_assert_int_eq(vt_pinned(), pins);
	ck_assert_int_eq(vt_pincount(VT_UA_MEM + 0x10000), 1);
	ck_assert_int_eq(vt_unmap(c, 0, 0x2000000), 0);
	ck_assert_int_eq(vt_locked_vm(), lv);
	ck_assert_int_eq(vt_pinned(), pins);
	vt_finish(&t, c, &g, 1);
}
END_TEST

CK_TEST("claims", v2_huge_window_adds_only_table_pages)
{
	struct vt t;
	int g, c;
	int64_t lv, pins;
	uint64_t start;
	static const struct {
		unsigned shift;
		uint64_t size;
		unsigned levels;
	} w[] = {
		{ 16, 1ULL << 40, 2 },	/* 1 TiB of 64K pages */
		{ 24, 1ULL << 46, 2 },	/* 64 TiB of 16M pages */
	};
	unsigned i;

	for (i = 0; i < 2; i++) {
		vt_boot(&t, 1, 64 * VT_GB);
		c = vt_setup(&t, 1, VT_V2, &g);
		/* Cancel the default window so only the DDW is measured. */
		ck_assert_int_eq(vt_remove(c, 0), 0);
		lv = vt_locked_vm();
		pins = vt_pinned();
		ck_assert_int_eq(vt_create(c, w[i].shift, w[i].size,
					   w[i].levels, &start), 0);
		ck_assert_uint_eq(start, 0);
		ck_assert_int_eq(vt_locked_vm() - lv,
				 (int64_t)(ref_table_bytes(w[i].shift,
							   w[i].size,
							   w[i].levels, 16) >>
					   16));
		ck_assert_int_eq(vt_pinned(), pins);
		ck_assert_int_eq(vt_remove(c, start), 0);
		ck_assert_int_eq(vt_locked_vm(), lv);
		vt_finish(&t, c, &g, 1);
	}
}
END_TEST

CK_TEST("claims", v2_unregister_mapped_is_refused)
{
	struct vt t;
	int g, c;
	int64_t lv;

	c = vt_start(&t, VT_V2, &g);
	vt_mmap_registered(c, VT_UA_MEM, 4 * 0x10000, false);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, 0x10000, 3), 0);
	lv = vt_locked_vm();
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, 4 * 0x10000), -EBUSY);
	/* Still registered: charged, pinned, and usable for new maps. */
	ck_assert_int_eq(vt_locked_vm(), lv);
	ck_assert_int_eq(vt_new_pins(&t), 4);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + 0x10000, 0x10000, 0x10000, 3),
			 0);
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, 4 * 0x10000), -EBUSY);
	vt_finish(&t, c, &g, 1);
}
END_TEST

CK_CASE("claims", 30, NULL, NULL);
CK_SUITE("drivers_seeds");
