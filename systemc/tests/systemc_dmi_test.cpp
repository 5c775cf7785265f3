// SPDX-License-Identifier: GPL-2.0
/*
 * systemc_dmi: the DMI contract of tcesim_sc::phb3 and its responses.
 *
 * PE 5 (RID 0x0100) gets a one-level window of 4 KiB pages by firmware
 * calls; the test writes the TCE table into the TLM memory. Then, for
 * each kill kind (one page, the PE, all), written through the mmio
 * socket: a device holding a DMI pointer for a page has it invalidated
 * by the time the kill's b_transport returns, and after the TCE is
 * cleared and killed, the device's next access goes to the PHB and
 * faults: it cannot reach the page any more. A kill of another page or
 * of another PE leaves the pointer alone. DMI is refused for a page
 * whose TCE is not cached, for a write through a read-only TCE, for a
 * frozen PE. Faults answer TLM_ADDRESS_ERROR_RESPONSE and raise the EEH
 * line, a frozen PE answers frozen_response, and firmware clears both.
 */
#include "sc_rig.h"
/* after the C++ headers: check.h defines fail() and friends as macros */
#include "check_auto.h"

using namespace sc_core;

int sc_main(int, char **)
{
	return 0;
}

namespace {

constexpr unsigned PE = 5;
constexpr std::uint64_t KILL = 0x210;
const char INI[] = "[machine]\nram = 256M\n";

struct win {
	std::uint64_t table, data;
};

std::int64_t opal(tcesim_machine *m, std::uint64_t token,
		  const std::uint64_t *a, unsigned n)
{
	std::int64_t ret = 99;

	ck_assert_int_eq(tcesim_opal_call(m, token, a, n, &ret), 0);
	return ret;
}

void set_tce(tcesim_machine *m, const win &w, unsigned i, std::uint64_t perm)
{
	std::uint64_t tce = perm ? __builtin_bswap64((w.data + i * 4096ull) | perm)
				 : 0;

	ck_assert_int_eq(tcesim_mem_write(m, w.table + 8 * i, &tce, 8), 0);
}

/* PE pe <- RID rid, window 0: 8 pages, page 7 read-only. */
win window(tcesim_machine *m, unsigned pe, std::uint16_t rid)
{
	win w;
	const std::uint64_t set_pe[] = { 0, pe, rid, TCESIM_OPAL_PCI_BUS_ALL,
					 TCESIM_OPAL_COMPARE_RID_DEVICE,
					 TCESIM_OPAL_COMPARE_RID_FUNCTION,
					 TCESIM_OPAL_MAP_PE };

	ck_assert_int_eq(tcesim_mem_alloc(m, 4096, 4096, &w.table), 0);
	ck_assert_int_eq(tcesim_mem_alloc(m, 8 * 4096, 0, &w.data), 0);
	for (unsigned i = 0; i < 8; i++)
		set_tce(m, w, i, i == 7 ? TCESIM_TCE_READ
					: TCESIM_TCE_READ | TCESIM_TCE_WRITE);
	ck_assert_int_eq(opal(m, TCESIM_OPAL_PCI_SET_PE, set_pe, 7),
			 TCESIM_OPAL_SUCCESS);
	const std::uint64_t map[] = { 0, pe, pe * 2, 1, w.table, 4096, 4096 };
	ck_assert_int_eq(opal(m, TCESIM_OPAL_PCI_MAP_PE_DMA_WINDOW, map, 7),
			 TCESIM_OPAL_SUCCESS);
	return w;
}

/* A kill written on the mmio socket, as the processor would. */
void kill(rig::platform &p, std::uint64_t value)
{
	std::uint64_t v = value;

	ck_assert_int_eq(p.cpu.access(rig::PHB0_REGS + KILL, 8, true, &v), 0);
}

/* The device reads page `page` and gets DMI for it. */
void grant(rig::platform &p, const win &w, unsigned page)
{
	sc_time d = SC_ZERO_TIME;
	std::uint64_t v = 0;

	ck_assert(p.dev.access(false, page * 4096ull + 8, &v, 8, d));
	ck_assert(p.dev.request_dmi(page * 4096ull, false));
	ck_assert_uint_eq(p.dev.dmi().get_start_address(), page * 4096ull);
	ck_assert_uint_eq(p.dev.dmi().get_end_address(), page * 4096ull + 4095);
	/* the pointer is the page's memory */
	ck_assert_ptr_eq(p.dev.dmi().get_dmi_ptr(),
			 p.mem.host(w.data + page * 4096ull));
	ck_assert(p.dev.dmi().is_read_write_allowed());
}

/* After its TCE is cleared and killed, the page is out of reach. */
void unreachable(rig::platform &p, const win &w, unsigned page,
		 std::uint64_t kill_value)
{
	sc_time d = SC_ZERO_TIME;
	std::uint64_t v = 0;
	const std::uint64_t inval = p.dev.invalidations;

	set_tce(p.phb.machine(), w, page, 0);
	kill(p, kill_value);
	/* invalidated before the kill's write returned */
	ck_assert_uint_gt(p.dev.invalidations, inval);
	ck_assert(!p.dev.has_dmi());
	ck_assert(!p.dev.access(false, page * 4096ull + 8, &v, 8, d));
	ck_assert(!p.dev.last_via_dmi);
	ck_assert_int_eq(p.dev.status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
	ck_assert_uint_eq(p.dev.last.result.fault, TCESIM_FAULT_INVALID_LEAF);
}

/* Thaw PE pe through firmware. */
void thaw(tcesim_machine *m, unsigned pe)
{
	const std::uint64_t clear[] = { 0, pe, TCESIM_OPAL_EEH_ACTION_FREEZE_ALL };

	ck_assert_int_eq(opal(m, TCESIM_OPAL_PCI_EEH_FREEZE_CLEAR, clear, 3),
			 TCESIM_OPAL_SUCCESS);
}

} /* namespace */

CK_ALONE_TEST(kill_one_revokes_its_page_only, 120)
{
	rig::platform p(INI, 256u << 20, sc_time(300, SC_NS));

	p.run([&] {
		win w = window(p.phb.machine(), PE, rig::RID);

		grant(p, w, 1);
		/* another page of the PE, the same page of another PE */
		kill(p, 1ull << 61 | 2 * 4096ull | PE);
		kill(p, 1ull << 61 | 1 * 4096ull | (PE + 1));
		ck_assert(p.dev.has_dmi());
		ck_assert_uint_eq(p.dev.invalidations, 0);
		unreachable(p, w, 1, 1ull << 61 | 1 * 4096ull | PE);
		ck_assert_uint_eq(p.phb.dmi_grants(), 0);
	});
}
END_TEST

CK_ALONE_TEST(kill_pe_revokes_the_pe, 120)
{
	rig::platform p(INI, 256u << 20, sc_time(300, SC_NS));

	p.run([&] {
		win w = window(p.phb.machine(), PE, rig::RID);

		grant(p, w, 3);
		kill(p, 1ull << 62 | (PE + 1));		/* another PE */
		ck_assert(p.dev.has_dmi());
		unreachable(p, w, 3, 1ull << 62 | PE);
	});
}
END_TEST

CK_ALONE_TEST(kill_all_revokes_everything, 120)
{
	rig::platform p(INI, 256u << 20, sc_time(300, SC_NS));

	p.run([&] {
		win w = window(p.phb.machine(), PE, rig::RID);

		grant(p, w, 4);
		unreachable(p, w, 4, 1ull << 63);
	});
}
END_TEST

CK_ALONE_TEST(dmi_only_for_cached_valid_pages_of_live_pes, 120)
{
	rig::platform p(INI, 256u << 20, sc_time(300, SC_NS));

	p.run([&] {
		tcesim_machine *m = p.phb.machine();
		win w = window(m, PE, rig::RID);
		sc_time d = SC_ZERO_TIME;
		std::uint64_t v = 0;

		/* never accessed: no TCE cached */
		ck_assert(!p.dev.request_dmi(2 * 4096, false));
		/* page 7 is read-only: read DMI yes, write DMI no */
		ck_assert(p.dev.access(false, 7 * 4096, &v, 8, d));
		ck_assert(!p.dev.request_dmi(7 * 4096, true));
		ck_assert(p.dev.request_dmi(7 * 4096, false));
		ck_assert(p.dev.dmi().is_read_allowed() &&
			  !p.dev.dmi().is_write_allowed());
		/* a fault freezes the PE: the grant goes, no new one */
		set_tce(m, w, 6, 0);
		ck_assert(!p.dev.access(false, 6 * 4096, &v, 8, d));
		ck_assert_int_eq(p.dev.status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
		ck_assert(!p.dev.has_dmi());
		ck_assert(!p.dev.request_dmi(7 * 4096, false));
		ck_assert_uint_ge(p.phb.stats().dmi_refused, 3);
	});
}
END_TEST

CK_ALONE_TEST(fault_raises_eeh_and_firmware_clears_it, 120)
{
	rig::platform p(INI, 256u << 20, sc_time(300, SC_NS));

	p.run([&] {
		tcesim_machine *m = p.phb.machine();
		win w = window(m, PE, rig::RID);
		sc_time d = SC_ZERO_TIME;
		std::uint64_t v = 0;

		ck_assert(!p.eeh.read());
		set_tce(m, w, 0, 0);
		ck_assert(!p.dev.access(true, 0x10, &v, 8, d));
		ck_assert_int_eq(p.dev.status, tlm::TLM_ADDRESS_ERROR_RESPONSE);
		ck_assert_uint_eq(p.dev.last.result.status, TCESIM_DMA_FAULT);
		ck_assert_uint_eq(p.dev.last.result.pe, PE);
		wait(SC_ZERO_TIME);
		ck_assert(p.eeh.read());
		/* frozen: refused, with its own response */
		ck_assert(!p.dev.access(false, 0x1010, &v, 8, d));
		ck_assert_int_eq(p.dev.status, tcesim_sc::frozen_response);
		ck_assert_uint_eq(p.dev.last.result.status, TCESIM_DMA_FROZEN);
		thaw(m, PE);
		wait(SC_ZERO_TIME);
		ck_assert(!p.eeh.read());
		ck_assert(p.dev.access(false, 0x1010, &v, 8, d));
	});
}
END_TEST

CK_ALONE_TEST(debug_transports_touch_nothing, 120)
{
	rig::platform p(INI, 256u << 20, sc_time(300, SC_NS));

	p.run([&] {
		tcesim_machine *m = p.phb.machine();
		win w = window(m, PE, rig::RID);
		tlm::tlm_generic_payload gp;
		tcesim_sc::rid_extension ext(rig::RID);
		unsigned char buf[8];
		std::uint64_t pattern = 0x1122334455667788ull;
		double req = -1;

		std::memcpy(p.mem.host(w.data + 0x2000), &pattern, 8);
		gp.set_command(tlm::TLM_READ_COMMAND);
		gp.set_address(0x2000);
		gp.set_data_ptr(buf);
		gp.set_data_length(8);
		gp.set_extension(&ext);
		ck_assert_uint_eq(p.dev.socket->transport_dbg(gp), 8);
		gp.clear_extension(&ext);
		ck_assert_mem_eq(buf, &pattern, 8);
		ck_assert_int_eq(tcesim_stat(m, "phb3.0.requests", &req), 0);
		ck_assert(req == 0.0);
		ck_assert_uint_eq(p.mem.accesses, 0);
		/* a register read through the mmio socket's debug port */
		tlm::tlm_generic_payload rg;
		unsigned char r[8];

		rg.set_command(tlm::TLM_READ_COMMAND);
		rg.set_address(0x168);	/* RTT BAR */
		rg.set_data_ptr(r);
		rg.set_data_length(8);
		ck_assert_uint_eq(p.cpu.socket->transport_dbg(rg), 8);
		ck_assert(r[0] & 0x80);	/* enabled */
	});
}
END_TEST

/* one case per test (CK_ALONE_TEST): SystemC elaborates once per
   process, and CTest runs each case in its own (CK_RUN_CASE) */
CK_SUITE("systemc_dmi");
