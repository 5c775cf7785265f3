// SPDX-License-Identifier: GPL-2.0
/*
 * sim_import_qemu: QEMU log lines become the documented trace operations,
 * including the format's traps (stuff's END address, xlate offsets
 * relative to the window, indirect logging only its last entry, absolute
 * MMIO addresses), and unknown or malformed lines are counted, not fatal.
 */
#include "check_auto.h"
#include <stdlib.h>
#include <string.h>

#include "tcesim/import_qemu.h"

static char *out;

/* Import log and return the written trace text (freed in teardown). */
static const char *imp(const char *log, struct import_qemu_stats *st,
		       const struct import_qemu_opts *o)
{
	struct import_qemu_opts def;
	struct import_qemu_stats s;
	struct trace t;
	struct trace_error e;
	size_t len;

	if (!o) {
		import_qemu_opts_default(&def);
		o = &def;
	}
	ck_assert_int_eq(import_qemu("q.log", log, strlen(log), o, &t,
				     st ? st : &s, &e), 0);
	FILE *f = open_memstream(&out, &len);
	trace_write_text(&t, f);
	fclose(f);
	/* The output always parses back. */
	struct trace u;
	ck_assert_int_eq(trace_parse_buffer("back", out, len, &u, &e), 0);
	trace_free(&u);
	trace_free(&t);
	return out;
}

static void teardown(void)
{
	free(out);
	out = NULL;
}

#define HAS(s) ck_assert_msg(strstr(text, s), "missing: %s\n--- in:\n%s", s, text)
#define HASNT(s) ck_assert_msg(!strstr(text, s), "unexpected: %s\n--- in:\n%s", s, text)

CK_TEST("core", import_qemu_put_maps_and_zero_unmaps)
{
	const char *text = imp(
		"1@1.5:spapr_iommu_pci_put liobn=0x80000000 ioba=0x1000 tce=0x76543003 ret=0\n"
		"spapr_iommu_pci_put liobn=0x80000000 ioba=0x2000 tce=0x5001 ret=0\n"
		"spapr_iommu_pci_put liobn=0x80000000 ioba=0x3000 tce=0x6002 ret=0\n"
		"spapr_iommu_pci_put liobn=0x80000000 ioba=0x1000 tce=0x0 ret=0\n",
		NULL, NULL);
	HAS("\nmap c0 ua=0x7e0076543000 iova=0x1000 size=4K dir=rw\n");
	HAS("\nmap c0 ua=0x7e0000005000 iova=0x2000 size=4K dir=r\n");
	HAS("\nmap c0 ua=0x7e0000006000 iova=0x3000 size=4K dir=w\n");
	HAS("\nunmap c0 iova=0x1000 size=4K\n");
	/* VMM preamble: v2 container, RAM registered, default window. */
	HAS("\nset_iommu c0 type=v2\n");
	/* guest RAM at the default user address (126 TiB) */
	HAS("\nregister c0 ua=0x7e0000000000 size=");
	HAS("\ncreate_window c0 page_shift=12 size=1G levels=1 expect.start=0\n");
}
END_TEST

CK_TEST("core", import_qemu_stuff_ioba_is_end)
{
	const char *text = imp(
		"spapr_iommu_pci_stuff liobn=0x80000000 ioba=0x200000 tcevalue=0x0 npages=512 ret=0\n"
		"spapr_iommu_pci_stuff liobn=0x80000000 ioba=0x5000 tcevalue=0x0 npages=2 ret=0\n",
		NULL, NULL);
	HAS("\nunmap c0 iova=0 size=2M\n");
	HAS("\nunmap c0 iova=0x3000 size=8K\n");
}
END_TEST

CK_TEST("core", import_qemu_xlate_relative_to_window)
{
	const char *text = imp(
		"spapr_iommu_ddw_create buid=0x800000020000000 addr=0x0, page size=0x1000000, requested=0x100000000, start addr=0x800000000000000, liobn=0x80000001\n"
		"spapr_iommu_xlate liobn=0x80000001 0x2345678 -> 0x2000000 perm=3 mask=0xffffff\n"
		"spapr_iommu_xlate liobn=0x80000000 0x1234 -> 0x76543000 perm=2 mask=0xfff\n",
		NULL, NULL);
	HAS("\ncreate_window c0 page_shift=24 size=4G levels=1 expect.start=0x800000000000000\n");
	HAS("\ndma dev=0:0x0100 addr=0x800000002345678 len=1 dir=read expect.status=ok expect.ua=0x7e0002345678\n");
	HAS("\ndma dev=0:0x0100 addr=0x1234 len=1 dir=write expect.status=ok expect.ua=0x7e0076543234\n");
	/* 16M pages need hugetlb-backed guest RAM. */
	HAS("page_size=16M prot=rw hugetlb=1\n");
}
END_TEST

CK_TEST("core", import_qemu_indirect_last_entry_or_inferred)
{
	static const char log[] =
		"spapr_iommu_pci_indirect liobn=0x80000000 ioba=0x10000 tcelist=0x3f000000 iobaN=0x3 tceN=0x9003 ret=0\n";
	const char *text = imp(log, NULL, NULL);
	HAS("# log line 1: H_PUT_TCE_INDIRECT of 4 entries at 0x10000: the last is logged, 0 more known from device translations\n");
	HAS("\nmap c0 ua=0x7e0000009000 iova=0x13000 size=4K dir=rw\n");
	HAS("# H_PUT_TCE_INDIRECT calls: 1; entries not logged: 3; set from device translations: 0\n");
	free(out);
	struct import_qemu_opts o;
	import_qemu_opts_default(&o);
	o.infer_indirect = true;
	text = imp(log, NULL, &o);
	HAS("\nmap c0 ua=0x7e0000006000 iova=0x10000 size=16K dir=rw\n");
}
END_TEST

/*
 * The entries of an indirect call that devices later translate through
 * are set in that call, from the translation (page | perm is the TCE);
 * once set they are checked like any logged entry.
 */
CK_TEST("core", import_qemu_indirect_entries_from_translations)
{
	const char *text = imp(
		"spapr_iommu_pci_indirect liobn=0x80000000 ioba=0x10000 tcelist=0x3f000000 iobaN=0x3 tceN=0x9003 ret=0\n"
		"spapr_iommu_xlate liobn=0x80000000 0x11234 -> 0x44000 perm=1 mask=0xfff\n"
		"spapr_iommu_xlate liobn=0x80000000 0x11010 -> 0x44000 perm=1 mask=0xfff\n"
		"spapr_iommu_xlate liobn=0x80000000 0x12008 -> 0x55000 perm=3 mask=0xfff\n"
		"spapr_iommu_xlate liobn=0x80000000 0x13008 -> 0x9000 perm=3 mask=0xfff\n",
		NULL, NULL);
	/* entries 1 and 2, in the call, before its logged last entry */
	HAS("expect.start=0\n"
	    "# log line 1: H_PUT_TCE_INDIRECT of 4 entries at 0x10000: the last is logged, 2 more known from device translations\n"
	    "map c0 ua=0x7e0000044000 iova=0x11000 size=4K dir=r\n"
	    "map c0 ua=0x7e0000055000 iova=0x12000 size=4K dir=rw\n"
	    "map c0 ua=0x7e0000009000 iova=0x13000 size=4K dir=rw\n"
	    "dma dev=0:0x0100 addr=0x11234 len=1 dir=read expect.status=ok expect.ua=0x7e0000044234\n"
	    "dma dev=0:0x0100 addr=0x11010 len=1 dir=read expect.status=ok expect.ua=0x7e0000044010\n");
	HAS("# H_PUT_TCE_INDIRECT calls: 1; entries not logged: 3; set from device translations: 2\n");
	/* entry 0 was never translated: unknown, not mapped */
	HASNT("iova=0x10000 ");
}
END_TEST

/*
 * A translation through an entry no event set (before the log began)
 * sets it just before that DMA; one through an entry a later logged
 * event replaced, or a logged entry, adds nothing; a window that went
 * away takes its entries with it.
 */
CK_TEST("core", import_qemu_translation_without_a_logged_tce)
{
	const char *text = imp(
		"spapr_iommu_xlate liobn=0x80000000 0x5008 -> 0x77000 perm=2 mask=0xfff\n"
		"spapr_iommu_xlate liobn=0x80000000 0x5010 -> 0x77000 perm=2 mask=0xfff\n"
		"spapr_iommu_pci_indirect liobn=0x80000000 ioba=0x20000 tcelist=0x3f000000 iobaN=0x1 tceN=0x8001 ret=0\n"
		"spapr_iommu_pci_put liobn=0x80000000 ioba=0x20000 tce=0x6003 ret=0\n"
		"spapr_iommu_xlate liobn=0x80000000 0x20000 -> 0x6000 perm=3 mask=0xfff\n"
		"spapr_iommu_ddw_create buid=0x800000020000000 addr=0x0, page size=0x1000000, requested=0x40000000, start addr=0x800000000000000, liobn=0x80000001\n"
		"spapr_iommu_pci_put liobn=0x80000001 ioba=0x800000001000000 tce=0x3000003 ret=0\n"
		"spapr_iommu_ddw_remove liobn=0x80000001\n"
		"spapr_iommu_ddw_create buid=0x800000020000000 addr=0x0, page size=0x1000000, requested=0x40000000, start addr=0x800000000000000, liobn=0x80000001\n"
		"spapr_iommu_xlate liobn=0x80000001 0x1000010 -> 0x3000000 perm=3 mask=0xffffff\n",
		NULL, NULL);
	HAS("\n# log line 1: no event of the log set the TCE at 0x5000 (set before the log began): set from this translation\n"
	    "map c0 ua=0x7e0000077000 iova=0x5000 size=4K dir=w\n"
	    "dma dev=0:0x0100 addr=0x5008 len=1 dir=write expect.status=ok expect.ua=0x7e0000077008\n"
	    "dma dev=0:0x0100 addr=0x5010 len=1 dir=write");
	HAS("0 more known from device translations\n");
	HAS("\nmap c0 ua=0x7e0000006000 iova=0x20000 size=4K dir=rw\n"
	    "dma dev=0:0x0100 addr=0x20000 len=1 dir=read expect.status=ok expect.ua=0x7e0000006000\n");
	HAS("\n# log line 10: no event of the log set the TCE at 0x800000001000000 (set before the log began): set from this translation\n"
	    "map c0 ua=0x7e0003000000 iova=0x800000001000000 size=16M dir=rw\n"
	    "dma dev=0:0x0100 addr=0x800000001000010");
	HAS("# 2 TCEs set before the log began, known from device translations\n");
}
END_TEST

/* Only what the log says fails is expected to fail; the PE it froze is
 * unfrozen (QEMU's pseries PHB does not freeze) so the log goes on. */
CK_TEST("core", import_qemu_failed_translation_unfreezes)
{
	const char *text = imp(
		"spapr_iommu_xlate liobn=0x80000000 0x7000 -> 0x0 perm=0 mask=0xfff\n"
		"spapr_iommu_pci_put liobn=0x80000000 ioba=0x8000 tce=0x6003 ret=0\n"
		"spapr_iommu_xlate liobn=0x80000000 0x8000 -> 0x6000 perm=3 mask=0xfff\n",
		NULL, NULL);
	HAS("\ndma dev=0:0x0100 addr=0x7000 len=1 dir=write expect.status=fault\n"
	    "eeh_pe_op c0 op=unfreeze_io\n"
	    "eeh_pe_op c0 op=unfreeze_dma\n"
	    "map c0 ua=0x7e0000006000 iova=0x8000 size=4K dir=rw\n"
	    "dma dev=0:0x0100 addr=0x8000 len=1 dir=read expect.status=ok ");
	HASNT("before the log began");
}
END_TEST

/* A failed indirect call set the entries before the one that failed. */
CK_TEST("core", import_qemu_failed_indirect_keeps_earlier_entries)
{
	const char *text = imp(
		"spapr_iommu_pci_indirect liobn=0x80000000 ioba=0x30000 tcelist=0x3f000000 iobaN=0x2 tceN=0xffffffffff003 ret=-4\n"
		"spapr_iommu_xlate liobn=0x80000000 0x31000 -> 0xa000 perm=3 mask=0xfff\n"
		"spapr_iommu_xlate liobn=0x80000000 0x32000 -> 0xb000 perm=3 mask=0xfff\n",
		NULL, NULL);
	HAS("H_PUT_TCE_INDIRECT failed (ret=-4) at entry 2; the 2 entries before it were set, not logged; 1 known from device translations\n"
	    "map c0 ua=0x7e000000a000 iova=0x31000 size=4K dir=rw\n"
	    "dma ");
	/* entry 2 failed: a translation through it has no logged TCE */
	HAS("# log line 3: no event of the log set the TCE at 0x32000");
	HASNT("iova=0x32000 size=4K dir=rw\ndma dev=0:0x0100 addr=0x31000");
}
END_TEST

/* The default window is QEMU's 1 GiB, or what the log used of it. */
CK_TEST("core", import_qemu_default_window_covers_the_log)
{
	const char *text = imp(
		"spapr_iommu_pci_put liobn=0x80000000 ioba=0x3fff000 tce=0x5003 ret=0\n",
		NULL, NULL);
	HAS("\ncreate_window c0 page_shift=12 size=1G levels=1 expect.start=0\n");
	free(out);
	text = imp("spapr_iommu_pci_put liobn=0x80000000 ioba=0x40000000 tce=0x5003 ret=0\n",
		   NULL, NULL);
	HAS("# the guest's default window: LIOBN 0x80000000, bus 0, 2 GiB of 4 KiB pages\n");
	HAS("\ncreate_window c0 page_shift=12 size=2G levels=1 expect.start=0\n");
	free(out);
	text = imp("spapr_iommu_xlate liobn=0x80000000 0xfffff008 -> 0x5000 perm=3 mask=0xfff\n",
		   NULL, NULL);
	HAS("\ncreate_window c0 page_shift=12 size=4G levels=1 expect.start=0\n");
	free(out);
	/* a DDW's addresses are not the default window's */
	text = imp("spapr_iommu_ddw_create buid=0x800000020000000 addr=0x0, page size=0x1000000, requested=0x100000000, start addr=0x800000000000000, liobn=0x80000001\n"
		   "spapr_iommu_xlate liobn=0x80000001 0xff000000 -> 0x2000000 perm=3 mask=0xffffff\n",
		   NULL, NULL);
	HAS("\ncreate_window c0 page_shift=12 size=1G levels=1 expect.start=0\n");
}
END_TEST

/* Guest RAM's user address: the default, large RAM, bad values. */
CK_TEST("core", import_qemu_ua_base_rules)
{
	static const char log[] =
		"spapr_iommu_pci_put liobn=0x80000000 ioba=0x1000 tce=0x76543003 ret=0\n";
	static const char ddw[] =
		"spapr_iommu_ddw_create buid=0x800000020000000 addr=0x0, page size=0x1000000, requested=0x40000000, start addr=0x800000000000000, liobn=0x80000001\n";
	struct import_qemu_opts o;
	struct import_qemu_stats st;
	struct trace t;
	struct trace_error e;
	const char *text;

	import_qemu_opts_default(&o);
	ck_assert_uint_eq(o.ua_base, 0);
	/* 2 TiB - 4 GiB of guest RAM still fits below the scratch page */
	o.guest_ram = IMPORT_QEMU_SCRATCH_UA - IMPORT_QEMU_UA_BASE;
	text = imp(log, NULL, &o);
	HAS("\nregister c0 ua=0x7e0000000000 size=");
	free(out);
	/* 2 TiB does not: above it, at 128 TiB */
	o.guest_ram = 2ull << 40;
	text = imp(log, NULL, &o);
	HAS("\nmmap ua=0x800000000000 size=2T page_size=64K");
	free(out);
	out = NULL;
	o.guest_ram = 0;

	o.ua_base = 0x10000000000ull;
	text = imp(log, NULL, &o);
	HAS("\nmap c0 ua=0x10076543000 iova=0x1000");
	free(out);
	out = NULL;
	/* Refused bases: 64 KiB pages need 64 KiB alignment, 16 MiB hugetlb
	 * 16 MiB; guest RAM over replay's scratch page; past the user
	 * address limit. */
	const struct {
		uint64_t ua_base;
		const char *log, *msg;
	} bad[] = {
		{ 0x7e0000001000ull, log, "expected a multiple of 64 KiB" },
		{ 0x7e0000010000ull, ddw, "expected a multiple of 16 MiB" },
		{ 0x7ffef8000000ull, log, "scratch page at 0x7fff00000000" },
		{ 0xfffffff0000000ull, log, "user address limit" },
	};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		o.ua_base = bad[k].ua_base;
		ck_assert_int_eq(import_qemu("q.log", bad[k].log,
					     strlen(bad[k].log), &o, &t, &st,
					     &e), -1);
		ck_assert_msg(strstr(e.msg, bad[k].msg), "%s", e.msg);
	}
}
END_TEST

CK_TEST("core", import_qemu_mmio_offsets_and_phbs)
{
	struct import_qemu_stats st;
	const char *text = imp(
		"memory_region_ops_write cpu 0 mr 0x1 addr 0x3fffe40000210 value 0x20000000000100fd size 8 name 'phb3-regs'\n"
		"memory_region_ops_write cpu 0 mr 0x2 addr 0x3fffe40100210 value 0x8000000000000000 size 8 name 'phb3-regs'\n"
		"memory_region_ops_read cpu 0 mr 0x1 addr 0x3fffe40000228 value 0x200000101 size 8 name 'phb3-regs'\n"
		"memory_region_ops_write cpu 0 mr 0x3 addr 0x3fffe40000100 value 0x1 size 8 name 'xscom-pbcq-nest-0.0'\n",
		&st, NULL);
	HAS("\nmachine platform=phb3 phbs=2\nboot kernel=0\n");
	HAS("\nreg_write phb=0 reg=0x210 value=0x20000000000100fd\n");
	HAS("\nreg_write phb=1 reg=0x210 value=0x8000000000000000\n");
	HAS("\nreg_read phb=0 reg=0x228 expect.value=0x200000101\n");
	HASNT("xscom");
	ck_assert_uint_eq(st.converted, 3);
	ck_assert_uint_eq(st.ignored, 1);
}
END_TEST

/* A device answering a config read below a root port is declared (so its
   PHB's link trains in the replay); all-ones, the root port itself, other
   config offsets and a disabled config address declare nothing. */
CK_TEST("core", import_qemu_config_reads_declare_cabled_devices)
{
	struct import_qemu_stats st;
	const char *text = imp(
		/* PHB 0: root port (bus 0), then bus 1 dev 0 */
		"memory_region_ops_write cpu 0 mr 0x1 addr 0x3fffe40000140 value 0x8000000000ff0000 size 8 name 'phb3-regs'\n"
		"memory_region_ops_read cpu 0 mr 0x1 addr 0x3fffe40000130 value 0x1410dc03 size 4 name 'phb3-regs'\n"
		"memory_region_ops_write cpu 0 mr 0x1 addr 0x3fffe40000140 value 0x8010000000fe0000 size 8 name 'phb3-regs'\n"
		"memory_region_ops_read cpu 0 mr 0x1 addr 0x3fffe40000130 value 0x86800e10 size 4 name 'phb3-regs'\n"
		"memory_region_ops_read cpu 0 mr 0x1 addr 0x3fffe40000130 value 0x86800e10 size 4 name 'phb3-regs'\n"
		/* PHB 1: bus 1 dev 0 is empty; bus 2 dev 1 fn 2 answers at
		   offset 8 only (not a vendor ID read) */
		"memory_region_ops_write cpu 0 mr 0x2 addr 0x3fffe40100140 value 0x8010000000fe0000 size 8 name 'phb3-regs'\n"
		"memory_region_ops_read cpu 0 mr 0x2 addr 0x3fffe40100130 value 0xffffffff size 4 name 'phb3-regs'\n"
		"memory_region_ops_read cpu 0 mr 0x2 addr 0x3fffe40100132 value 0xffff size 2 name 'phb3-regs'\n"
		"memory_region_ops_write cpu 0 mr 0x2 addr 0x3fffe40100140 value 0x802a000800fe0000 size 8 name 'phb3-regs'\n"
		"memory_region_ops_read cpu 0 mr 0x2 addr 0x3fffe40100130 value 0x01000000 size 4 name 'phb3-regs'\n"
		/* PHB 2: config address disabled (bit 0 clear) */
		"memory_region_ops_write cpu 0 mr 0x3 addr 0x3fffe40200140 value 0x0010000000fe0000 size 8 name 'phb3-regs'\n"
		"memory_region_ops_read cpu 0 mr 0x3 addr 0x3fffe40200130 value 0x86800e10 size 4 name 'phb3-regs'\n"
		/* PHB 1 again: bus 3 dev 0 fn 1, 2-byte vendor ID read */
		"memory_region_ops_write cpu 0 mr 0x2 addr 0x3fffe40100140 value 0x8030100000fe0000 size 8 name 'phb3-regs'\n"
		"memory_region_ops_read cpu 0 mr 0x2 addr 0x3fffe40100130 value 0x361b size 2 name 'phb3-regs'\n",
		&st, NULL);
	HAS("\nmachine platform=phb3 phbs=3\n"
	    "# log line 4: a device at 0:0x0100 answered a config read\n"
	    "device dev=0:0x0100\n"
	    "# log line 14: a device at 1:0x0301 answered a config read\n"
	    "device dev=1:0x0301\n"
	    "boot kernel=0\n");
	HASNT("device dev=0:0x0000");
	HASNT("device dev=1:0x0100");
	HASNT("device dev=1:0x022a");
	HASNT("device dev=2:");
	/* the register traffic itself is unchanged: the 6 CONFIG_ADDRESS
	   writes; the sub-8-byte config reads stay comments */
	HAS("\nreg_write phb=0 reg=0x140 value=0x8000000000ff0000\n");
	ck_assert_uint_eq(st.converted, 6);
}
END_TEST

CK_TEST("core", import_qemu_vfio_events)
{
	const char *text = imp(
		"vfio_prereg_register va=0x7f0000000000 size=0x40000000 ret=0\n"
		"vfio_spapr_create_window pageshift=0x10 levels=2 winsize=0x10000000000 offset=0x800000000000000\n"
		"vfio_iommu_map_notify iommu unmap @ 0x1000 - 0x1fff\n"
		"vfio_spapr_remove_window offset=0x800000000000000\n"
		"vfio_prereg_register va=0x7f0000000001 size=0x10000 ret=-22\n",
		NULL, NULL);
	HAS("\nregister c0 ua=0x7f0000000000 size=1G expect.errno=OK\n");
	HAS("\ncreate_window c0 page_shift=16 size=1T levels=2 expect.start=0x800000000000000\n");
	HAS("\nunmap c0 iova=0x1000 size=4K\n");
	HAS("\nremove_window c0 start=0x800000000000000\n");
	HAS("expect.errno=EINVAL\n");
	HAS("\nmmap ua=0x7f0000000000 size=1G");
}
END_TEST

CK_TEST("core", import_qemu_unknown_and_malformed_counted)
{
	struct import_qemu_stats st;
	const char *text = imp(
		"garbage line without an event\n"
		"1@2.3:mystery_event a=1\n"
		"mystery_event a=2\n"
		"spapr_iommu_pci_put liobn=0x80000000 ioba=zz tce=0x1 ret=0\n"
		"spapr_iommu_put liobn=0x71000002 ioba=0x0 tce=0x1003 ret=0\n"
		"spapr_iommu_pci_put liobn=0x80000007 ioba=0x1000 tce=0x1003 ret=0\n"
		"spapr_iommu_pci_put liobn=0x80000000 ioba=0x40000000 tce=0x3 ret=-4\n",
		&st, NULL);
	ck_assert_uint_eq(st.unknown, 2);
	ck_assert_uint_eq(st.n_unknown_names, 1);
	ck_assert_str_eq(st.unknown_names[0].name, "mystery_event");
	ck_assert_uint_eq(st.malformed, 1);
	ck_assert_uint_eq(st.ignored, 1);
	ck_assert_uint_eq(st.converted, 0);
	HAS("# unknown event mystery_event: 2 line(s) skipped");
	HAS("# log line 4: malformed spapr_iommu_pci_put event skipped");
	HAS("LIOBN 0x80000007 has no known window");
	HAS("H_PUT_TCE failed in the guest (ret=-4)");
	HASNT("\nmap ");
}
END_TEST

CK_TEST("core", import_qemu_no_events_is_an_error)
{
	struct import_qemu_opts o;
	struct import_qemu_stats st;
	struct trace t;
	struct trace_error e;

	import_qemu_opts_default(&o);
	ck_assert_int_eq(import_qemu("q.log", "hello\n", 6, &o, &t, &st, &e), -1);
	ck_assert_ptr_nonnull(strstr(e.msg, "no QEMU trace events found"));
}
END_TEST

CK_CASE("core", 0, NULL, teardown);
CK_SUITE("sim_import_qemu");
