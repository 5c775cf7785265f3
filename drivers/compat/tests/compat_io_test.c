// SPDX-License-Identifier: GPL-2.0
/*
 * compat_io: MMIO accessors reach the simulated bus with the right value
 * for each endianness, and accesses outside ioremap() are refused. The
 * driver cost model charges TCE kills and TCE updates only at their named
 * points (<asm/trace.h>), never for a plain MMIO write or xchg().
 */
#include "check_auto.h"
#include <linux/kernel.h>
#include <linux/atomic.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <asm/io.h>
#include <asm/trace.h>
#include "kc_test_machine.h"

static void setup(void) { kt_setup(); }
static void teardown(void) { kt_teardown(); }

CK_TEST("compat_io", out_be64_puts_the_value_on_the_bus)
{
	void __iomem *r = ioremap(KT_MMIO_BASE, KT_MMIO_SIZE);

	ck_assert_ptr_nonnull(r);
	out_be64(r + 0x210, 0x8000000000000000ull);
	ck_assert_uint_eq(kt.last_off, 0x210);
	ck_assert_uint_eq(kt.last_size, 8);
	ck_assert_uint_eq(kt.last_val, 0x8000000000000000ull);
	kt.reg_read_value = 0x0102030405060708ull;
	ck_assert_uint_eq(in_be64(r + 8), 0x0102030405060708ull);
	iounmap(r);
}
END_TEST

CK_TEST("compat_io", readq_writeq_are_little_endian_on_the_be_bus)
{
	void __iomem *r = ioremap(KT_MMIO_BASE, KT_MMIO_SIZE);

	writeq(0x0102030405060708ull, r);
	ck_assert_uint_eq(kt.last_val, 0x0807060504030201ull);
	kt.reg_read_value = 0x0102030405060708ull;
	ck_assert_uint_eq(readq(r), 0x0807060504030201ull);
	writel(0x11223344u, r + 4);
	ck_assert_uint_eq(kt.last_size, 4);
	ck_assert_uint_eq(kt.last_val, 0x44332211u);
	kt.reg_read_value = 0xaabbccddu;
	ck_assert_uint_eq(readl(r), 0xddccbbaau);
	ck_assert_uint_eq(in_be32(r), 0xaabbccddu);
	iounmap(r);
}
END_TEST

CK_TEST("compat_io", raw_writeq_of_cpu_to_be64_writes_the_value)
{
	void __iomem *r = ioremap(KT_MMIO_BASE, KT_MMIO_SIZE);

	__raw_writeq(cpu_to_be64(0x4000000000000005ull), r + 0x210);
	ck_assert_uint_eq(kt.last_val, 0x4000000000000005ull);
	__raw_writeq_be(0x2000000000000001ull, r + 0x210);
	ck_assert_uint_eq(kt.last_val, 0x2000000000000001ull);
	__raw_rm_writeq_be(0x2000000000000002ull, r + 0x210);
	ck_assert_uint_eq(kt.last_val, 0x2000000000000002ull);
	iounmap(r);
}
END_TEST

CK_TEST("compat_io", access_outside_ioremap_warns_and_reads_ones)
{
	void __iomem *r = ioremap(KT_MMIO_BASE, 0x100);
	struct kc_counters c;

	kt.reg_read_value = 0;
	ck_assert_uint_eq(in_be64(r + 0x100), ~0ull);
	out_be64(r + 0x1f8 + 0x10, 1);
	ck_assert_uint_eq(kt.nwrites, 0);
	ck_assert_uint_eq(kt.nreads, 0);
	ck_assert_uint_eq(kc_warn_count(), 2);
	iounmap(r);
	ck_assert_uint_eq(in_be64(r), ~0ull);	/* after iounmap */
	ck_assert_uint_eq(kc_warn_count(), 3);
	kc_get_counters(&c);
	ck_assert_uint_eq(c.ioremaps_live, 0);
}
END_TEST

CK_TEST("compat_io", unmapped_bus_address_reads_all_ones)
{
	void __iomem *r = ioremap(KT_MMIO_BASE + KT_MMIO_SIZE, 0x1000);
	struct kc_counters c;

	ck_assert_uint_eq(in_be64(r), ~0ull);
	ck_assert_uint_eq(readl(r), 0xffffffffu);
	kc_get_counters(&c);
	ck_assert_uint_eq(c.mmio_reads, 2);
	ck_assert_uint_eq(kc_warn_count(), 0);
	iounmap(r);
}
END_TEST

CK_TEST("compat_io", only_the_named_points_are_charged_as_kill_and_xchg)
{
	void __iomem *r = ioremap(KT_MMIO_BASE, KT_MMIO_SIZE);
	unsigned long va = __get_free_page(GFP_KERNEL);
	u64 *tce = (u64 *)va;
	struct kc_cost_params p;

	ck_assert_ptr_nonnull(r);
	ck_assert(va != 0);
	kc_cost_default_params(&p);
	p.kill_write = 1000;
	p.tce_xchg = 7;
	ck_assert_int_eq(kc_cost_set_params(&p), 0);
	kc_cost_reset();

	/* The primitives alone: an MMIO write, an xchg() on simulated RAM. */
	out_be64(r + 0x210, 0x8000000000000000ull);
	writeq(1, r + 8);
	ck_assert_uint_eq(xchg(tce, 5ull), 0);
	ck_assert_uint_eq(kt.nwrites, 2);
	ck_assert_uint_eq(kc_cost_event_count(KC_COST_EV_KILL), 0);
	ck_assert_uint_eq(kc_cost_event_count(KC_COST_EV_XCHG), 0);
	ck_assert_uint_eq(kc_cost_total(), 0);

	/* The named points: two kill writes, three TCE updates. */
	trace_tce_kill(0x8000000000000000ull);
	trace_tce_kill(0x4000000000000001ull);
	trace_tce_xchg(1, 0x1003);
	trace_tce_xchg(2, 0x2003);
	trace_tce_xchg(3, 0);
	ck_assert_uint_eq(kc_cost_event_count(KC_COST_EV_KILL), 2);
	ck_assert_uint_eq(kc_cost_event_cycles(KC_COST_EV_KILL), 2000);
	ck_assert_uint_eq(kc_cost_event_count(KC_COST_EV_XCHG), 3);
	ck_assert_uint_eq(kc_cost_event_cycles(KC_COST_EV_XCHG), 21);
	ck_assert_uint_eq(kc_cost_total(), 2021);

	free_page(va);
	iounmap(r);
	kc_cost_default_params(&p);
	ck_assert_int_eq(kc_cost_set_params(&p), 0);
}
END_TEST

CK_CASE("compat_io", 0, setup, teardown);
CK_SUITE("compat_io");
