// SPDX-License-Identifier: GPL-2.0
/*
 * End to end: ioctls through the driver stack, then device DMA through
 * the PHB3 / P5IOC2 models. Data must round-trip between the device and
 * exactly the user pages that were mapped; after UNMAP the same DMA must
 * fault and freeze the PE; tables are shared by all groups of a v2
 * container.
 */
#include "check_auto.h"
#include "drivers_vfio_harness.h"

#define PG	(1ULL << 16)

static void fill(uint8_t *b, size_t n, unsigned seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(seed * 131 + i * 7 + (i >> 8));
}

/* Device writes at iova land in user memory at ua and the reverse. */
static void roundtrip(struct vt *t, unsigned dev, uint64_t iova, uint64_t ua,
		      uint32_t len, unsigned seed)
{
	uint8_t out[4096], in[4096];
	struct sim_dma_result r;

	ck_assert_uint_le(len, sizeof(out));
	fill(out, len, seed);
	r = vt_dma(t, dev, iova, out, len, SIM_DMA_WRITE);
	ck_assert_msg(r.status == SIM_DMA_OK, "write status %d reason %d",
		      r.status, r.reason);
	ck_assert_uint_eq(r.bytes_done, len);
	ck_assert_uint_eq(r.pa, vt_user_pa(ua));
	memset(in, 0, sizeof(in));
	vt_read(ua, in, len);
	ck_assert_mem_eq(in, out, len);

	fill(out, len, seed + 1);
	vt_write(ua, out, len);
	memset(in, 0, sizeof(in));
	r = vt_dma(t, dev, iova, in, len, SIM_DMA_READ);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	ck_assert_mem_eq(in, out, len);
}

static void assert_faults(struct vt *t, unsigned dev, uint64_t iova)
{
	uint8_t buf[64];
	struct sim_dma_result r;

	memset(buf, 0x77, sizeof(buf));
	r = vt_dma(t, dev, iova, buf, sizeof(buf), SIM_DMA_WRITE);
	ck_assert(r.status == SIM_DMA_FAULT || r.status == SIM_DMA_FROZEN);
	ck_assert_uint_eq(r.bytes_done, 0);
	/* The PE stays frozen: even a mapped address is refused now. */
	r = vt_dma(t, dev, iova, buf, sizeof(buf), SIM_DMA_READ);
	ck_assert_int_eq(r.status, SIM_DMA_FROZEN);
}

CK_TEST("end_to_end", v1_dma_roundtrip_then_fault_after_unmap)
{
	struct vt t;
	int g, c;

	c = vt_start(&t, VT_V1, &g);
	vt_mmap(VT_UA_MEM, 4 * PG, false, false);
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + PG, 0x200000, 2 * PG, 3), 0);
	roundtrip(&t, 0, 0x200000, VT_UA_MEM + PG, 4096, 1);
	/* Inside the second host page, second 4K IOMMU page. */
	roundtrip(&t, 0, 0x200000 + PG + 0x1000, VT_UA_MEM + 2 * PG + 0x1000,
		  512, 2);
	ck_assert_int_eq(vt_unmap(c, 0x200000, 2 * PG), 0);
	assert_faults(&t, 0, 0x200000);
	vt_finish(&t, c, &g, 1);
}
END_TEST

CK_TEST("end_to_end", v1_read_only_map_blocks_device_writes)
{
	struct vt t;
	int g, c;
	uint8_t buf[128];
	struct sim_dma_result r;

	c = vt_start(&t, VT_V1, &g);
	vt_mmap(VT_UA_MEM, PG, false, false);
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	/* READ: the device may only read host memory. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x10000, 0x1000, 1), 0);
	r = vt_dma(&t, 0, 0x10000, buf, sizeof(buf), SIM_DMA_READ);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	r = vt_dma(&t, 0, 0x10000, buf, sizeof(buf), SIM_DMA_WRITE);
	ck_assert_int_ne(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.bytes_done, 0);
	vt_finish(&t, c, &g, 1);
}
END_TEST

CK_TEST("end_to_end", v2_dma_in_default_and_huge_windows)
{
	struct vt t;
	int g, c;
	uint64_t start;

	c = vt_start(&t, VT_V2, &g);
	vt_mmap_registered(c, VT_UA_MEM, 8 * PG, false);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x1000, 0x1000, 3), 0);
	roundtrip(&t, 0, 0x1000, VT_UA_MEM, 4096, 3);
	/* A sparse 1 TiB window of 64K pages, 2 levels, at 1 << 59. */
	ck_assert_int_eq(vt_create(c, 16, 1ULL << 40, 2, &start), 0);
	ck_assert_uint_eq(start, 1ULL << 59);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + 4 * PG,
				start + 0x12340000ULL * 16, 2 * PG, 3), 0);
	roundtrip(&t, 0, start + 0x12340000ULL * 16 + PG + 0x800,
		  VT_UA_MEM + 5 * PG + 0x800, 2048, 4);
	ck_assert_int_eq(vt_unmap(c, start + 0x12340000ULL * 16, 2 * PG), 0);
	assert_faults(&t, 0, start + 0x12340000ULL * 16);
	vt_finish(&t, c, &g, 1);
}
END_TEST

CK_TEST("end_to_end", v2_dma_16m_pages_over_hugetlb)
{
	struct vt t;
	int g, c;
	uint64_t start;

	c = vt_start(&t, VT_V2, &g);
	vt_mmap_registered(c, VT_UA_HUGE, 32 * VT_MB, true);
	ck_assert_int_eq(vt_create(c, 24, 64 * VT_GB, 1, &start), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_HUGE, start + 16 * VT_MB,
				32 * VT_MB, 3), 0);
	/* Deep inside the second 16 MiB page. */
	roundtrip(&t, 0, start + 32 * VT_MB + 0x9abc00,
		  VT_UA_HUGE + 16 * VT_MB + 0x9abc00, 1024, 5);
	vt_finish(&t, c, &g, 1);
}
END_TEST

CK_TEST("end_to_end", v2_two_groups_share_tables)
{
	struct vt t;
	int g[2], c;
	uint64_t start;

	vt_boot(&t, 2, 4 * VT_GB);
	c = vt_setup(&t, 2, VT_V2, g);
	vt_mmap_registered(c, VT_UA_MEM, 4 * PG, false);
	ck_assert_int_eq(vt_create(c, 16, 1ULL << 34, 1, &start), 0);
	/* One MAP per window serves both devices. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x3000, 0x1000, 3), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + PG, start + 7 * PG, PG, 3), 0);
	roundtrip(&t, 0, 0x3000, VT_UA_MEM, 256, 6);
	roundtrip(&t, 1, 0x3000, VT_UA_MEM, 256, 7);
	roundtrip(&t, 0, start + 7 * PG + 0x100, VT_UA_MEM + PG + 0x100, 256,
		  8);
	roundtrip(&t, 1, start + 7 * PG + 0x100, VT_UA_MEM + PG + 0x100, 256,
		  9);
	/* A group joining later gets the existing windows. */
	ck_assert_int_eq(kc_ioctl(g[1], VT_GROUP_UNSET_CONTAINER, 0), 0);
	ck_assert_int_eq(vt_set_container(g[1], c), 0);
	roundtrip(&t, 1, start + 7 * PG, VT_UA_MEM + PG, 256, 10);
	/* Unmap freezes both PEs on their next access. */
	ck_assert_int_eq(vt_unmap(c, 0x3000, 0x1000), 0);
	assert_faults(&t, 0, 0x3000);
	assert_faults(&t, 1, 0x3000);
	vt_finish(&t, c, g, 2);
}
END_TEST

CK_TEST("end_to_end", p5ioc2_v1_dma_and_second_group_refused)
{
	struct vt t;
	int g[2], c;
	uint8_t buf[256];
	struct sim_dma_result r;

	vt_boot_p5ioc2(&t, 2);
	c = vt_setup(&t, 1, VT_V1, g);
	g[1] = vt_open_group(&t, 1);
	ck_assert_int_eq(vt_set_container(g[1], c), -EBUSY);
	vt_mmap(VT_UA_MEM, 2 * PG, false, false);
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM + PG, 0x5000, 0x1000, 3), 0);
	roundtrip(&t, 0, 0x5000, VT_UA_MEM + PG, 256, 11);
	ck_assert_int_eq(vt_unmap(c, 0x5000, 0x1000), 0);
	r = vt_dma(&t, 0, 0x5000, buf, sizeof(buf), SIM_DMA_WRITE);
	ck_assert_int_ne(r.status, SIM_DMA_OK);
	ck_assert_uint_eq(r.bytes_done, 0);
	vt_finish(&t, c, g, 2);
}
END_TEST

static long eeh_op(int c, uint32_t op)
{
	struct vfio_eeh_pe_op o = { .argsz = 12, .op = op };

	return vt_ioctl_in(c, VT_EEH_PE_OP, &o, sizeof(o), NULL);
}

CK_TEST("end_to_end", eeh_state_after_dma_fault)
{
	struct vt t;
	int g, c;
	long eeh, st;
	uint8_t buf[64];
	struct sim_dma_result r;

	c = vt_start(&t, VT_V2, &g);
	vt_mmap_registered(c, VT_UA_MEM, PG, false);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x4000, 0x1000, 3), 0);
	eeh = kc_ioctl(c, VT_CHECK_EXTENSION, 5);
	ck_assert_int_eq(eeh, 1);
	ck_assert_int_eq(eeh_op(c, VFIO_EEH_PE_GET_STATE),
			 VFIO_EEH_PE_STATE_NORMAL);
	ck_assert_int_eq(eeh_op(c, VFIO_EEH_PE_ENABLE), 0);
	assert_faults(&t, 0, 0x8000);
	st = eeh_op(c, VFIO_EEH_PE_GET_STATE);
	ck_assert(st == VFIO_EEH_PE_STATE_STOPPED ||
		  st == VFIO_EEH_PE_STATE_STOPPED_DMA);
	/* Thawing MMIO alone leaves DMA stopped. */
	ck_assert_int_eq(eeh_op(c, VFIO_EEH_PE_UNFREEZE_IO), 0);
	r = vt_dma(&t, 0, 0x4000, buf, sizeof(buf), SIM_DMA_READ);
	ck_assert_int_eq(r.status, SIM_DMA_FROZEN);
	ck_assert_int_eq(eeh_op(c, VFIO_EEH_PE_UNFREEZE_DMA), 0);
	ck_assert_int_eq(eeh_op(c, VFIO_EEH_PE_GET_STATE),
			 VFIO_EEH_PE_STATE_NORMAL);
	r = vt_dma(&t, 0, 0x4000, buf, sizeof(buf), SIM_DMA_READ);
	ck_assert_int_eq(r.status, SIM_DMA_OK);
	/* Resets are not modelled. */
	ck_assert_int_eq(eeh_op(c, VFIO_EEH_PE_RESET_HOT), -ENODEV);
	vt_finish(&t, c, &g, 1);
}
END_TEST

CK_CASE("end_to_end", 30, NULL, NULL);
CK_SUITE("drivers_vfio_dma");
