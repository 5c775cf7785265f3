// SPDX-License-Identifier: GPL-2.0
/*
 * examples/systemc: a SystemC TLM-2.0 platform around tcesim_sc::phb3.
 *
 *   cpu_port ---mmio---> phb3 ---mem---> memory (512 MiB, 300 ns)
 *   dma_engine ---dma--> phb3      phb3.eeh ---> eeh signal
 *
 * A software thread plays the processor: it boots tcesim's driver stack
 * (whose page allocator hands out the TLM memory: its TCE tables live
 * there), opens a VFIO container, preregisters 4 MiB of its process,
 * creates a DDW (64 KiB pages, 2 levels) and maps the buffer, all through
 * ioctls whose register accesses (TCE kills) go through the mmio socket.
 * The device then reads and writes the buffer through the PHB, and with
 * DMI; an unmap kills the TCE and revokes the DMI; a DMA to the unmapped
 * page faults and freezes the PE, which raises the EEH line; the
 * processor clears it with VFIO EEH calls and the device goes on.
 *
 * Build: make (pkg-config tcesim-systemc systemc tlm). Run: ./platform
 */
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <string>

#include <linux/vfio.h>

#include "modules.h"

using namespace sc_core;

#define UA 0x10000000000ull	/* the buffer in the process */
#define BUF (4u << 20)
#define RID 0x0100
#define PHB0_REGS 0x3fffe40000000ull	/* the machine's PHB 0 registers */

static bool ok = true;

#define CHECK(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			std::printf("platform: FAILED: " __VA_ARGS__);	\
			std::printf(" (%s)\n", tcesim_errmsg());	\
			ok = false;					\
			return;						\
		}							\
	} while (0)

SC_MODULE(software) {
	tcesim_sc::phb3 &phb;
	example::dma_engine &dev;
	example::memory &mem;
	sc_signal<bool> &eeh;

	SC_HAS_PROCESS(software);
	software(sc_module_name n, tcesim_sc::phb3 &p, example::dma_engine &d,
		 example::memory &m, sc_signal<bool> &e)
		: sc_module(n), phb(p), dev(d), mem(m), eeh(e)
	{
		SC_THREAD(run);
	}

	void run()
	{
		tcesim_machine *m = phb.machine();
		sc_time delay = SC_ZERO_TIME;
		char path[32];
		std::uint64_t pattern[8], got[8], v;
		std::uint64_t tables = mem.accesses;

		/* the cpu_port sends PHB 0's register block at offset 0 */
		tcesim_phb_info pi{};
		CHECK(!tcesim_get_phb_info(m, 0, &pi) && pi.regs == PHB0_REGS,
		      "PHB 0 registers");
		/* the processor: boot, a process, VFIO v2 */
		CHECK(!tcesim_boot(m), "boot");
		int group = tcesim_group_of(m, 0, RID);
		CHECK(group >= 0, "group");
		CHECK(!tcesim_mmap(m, UA, BUF, 0, true, false), "mmap");
		int cfd = tcesim_open(m, "/dev/vfio/vfio");
		std::snprintf(path, sizeof(path), "/dev/vfio/%d", group);
		int gfd = tcesim_open(m, path);
		CHECK(cfd >= 0 && gfd >= 0, "open");
		vfio_iommu_spapr_register_memory reg{};
		reg.argsz = sizeof(reg);
		reg.vaddr = UA;
		reg.size = BUF;
		vfio_iommu_spapr_tce_create cr{};
		cr.argsz = sizeof(cr);
		cr.page_shift = 16;
		cr.window_size = 1ull << 32;
		cr.levels = 2;
		CHECK(!tcesim_ioctl_arg(m, gfd, VFIO_GROUP_SET_CONTAINER, &cfd,
					sizeof(cfd)) &&
		      !tcesim_ioctl(m, cfd, VFIO_SET_IOMMU,
				    VFIO_SPAPR_TCE_v2_IOMMU) &&
		      !tcesim_ioctl_arg(m, cfd, VFIO_IOMMU_SPAPR_REGISTER_MEMORY,
					&reg, sizeof(reg)) &&
		      !tcesim_ioctl_arg(m, cfd, VFIO_IOMMU_SPAPR_TCE_CREATE,
					&cr, sizeof(cr)), "VFIO set-up");
		vfio_iommu_type1_dma_map map{};
		map.argsz = sizeof(map);
		map.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
		map.vaddr = UA;
		map.iova = cr.start_addr;
		map.size = BUF;
		CHECK(!tcesim_ioctl_arg(m, cfd, VFIO_IOMMU_MAP_DMA, &map,
					sizeof(map)), "map");
		/* the processor spent time on all that: the TCE kills of the
		   mapping are behind us when the device starts */
		wait(10, SC_US);
		std::printf("driver: DDW at bus 0x%" PRIx64 ", 4 MiB of process memory mapped (64 KiB TCEs, 2 levels)\n",
			    static_cast<std::uint64_t>(cr.start_addr));

		/* the process fills its buffer; the device reads it */
		for (unsigned i = 0; i < 8; i++)
			pattern[i] = 0x1000000000000000ull * (i + 1) + i;
		CHECK(!tcesim_user_write(m, UA + 0x100, pattern, sizeof(pattern)),
		      "user write");
		dev.use_dmi = true;
		CHECK(dev.access(false, cr.start_addr + 0x100, got, sizeof(got),
				 delay) && !std::memcmp(got, pattern, sizeof(got)),
		      "device read");
		std::printf("device: read 64 bytes at bus 0x%" PRIx64 " -> pa 0x%" PRIx64 ", PE %u, %" PRIu64 " cycles, annotated %s\n",
			    static_cast<std::uint64_t>(cr.start_addr + 0x100),
			    dev.last.result.pa, dev.last.result.pe,
			    dev.last.result.cycles, delay.to_string().c_str());
		std::printf("memory: %" PRIu64 " b_transports by the PHB so far (RTT and TCE table reads of the TLM memory, data)\n",
			    mem.accesses - tables);
		/* the device writes; the process sees it */
		v = 0xfeedfacecafebeefull;
		CHECK(dev.access(true, cr.start_addr + 0x10008, &v, 8, delay),
		      "device write");
		std::uint64_t back = 0;
		CHECK(!tcesim_user_read(m, UA + 0x10008, &back, 8) && back == v,
		      "read back");
		std::printf("device: wrote 0x%" PRIx64 ", the process reads it back\n",
			    back);
		/* DMI: granted for the first page (its TCE is cached) */
		CHECK(dev.has_dmi(), "DMI");
		CHECK(dev.access(false, cr.start_addr + 0x100, got, 8, delay) &&
		      dev.last_via_dmi, "DMI read");
		std::printf("device: DMI for bus [0x%" PRIx64 ", 0x%" PRIx64 "] (one IO page)\n",
			    static_cast<std::uint64_t>(dev.dmi().get_start_address()),
			    static_cast<std::uint64_t>(dev.dmi().get_end_address()));

		/* unmap the first page: the TCE kill revokes the DMI */
		vfio_iommu_type1_dma_unmap um{};
		um.argsz = sizeof(um);
		um.iova = cr.start_addr;
		um.size = 0x10000;
		CHECK(!tcesim_ioctl_arg(m, cfd, VFIO_IOMMU_UNMAP_DMA, &um,
					sizeof(um)) && !dev.has_dmi(),
		      "unmap revokes DMI");
		std::printf("driver: unmapped the first page; the kill revoked the device's DMI (%" PRIu64 " invalidation)\n",
			    dev.invalidations);

		/* a DMA to it faults: PE frozen, EEH line up */
		CHECK(!dev.access(false, cr.start_addr + 0x100, got, 8, delay) &&
		      dev.status == tlm::TLM_ADDRESS_ERROR_RESPONSE, "fault");
		wait(SC_ZERO_TIME);
		CHECK(eeh.read(), "EEH line");
		std::printf("device: DMA to the unmapped page: %s (%s), EEH line up\n",
			    tcesim_dma_status_name(dev.last.result.status),
			    tcesim_fault_name(dev.last.result.fault));
		CHECK(!dev.access(false, cr.start_addr + 0x10000, got, 8, delay) &&
		      dev.status == tcesim_sc::frozen_response, "frozen");

		/* the processor recovers the PE through VFIO EEH */
		vfio_eeh_pe_op op{};
		op.argsz = sizeof(op);
		op.op = VFIO_EEH_PE_GET_STATE;
		long state = tcesim_ioctl_arg(m, cfd, VFIO_EEH_PE_OP, &op,
					      sizeof(op));
		op.op = VFIO_EEH_PE_UNFREEZE_IO;
		CHECK(!tcesim_ioctl_arg(m, cfd, VFIO_EEH_PE_OP, &op, sizeof(op)),
		      "unfreeze io");
		op.op = VFIO_EEH_PE_UNFREEZE_DMA;
		CHECK(!tcesim_ioctl_arg(m, cfd, VFIO_EEH_PE_OP, &op, sizeof(op)),
		      "unfreeze dma");
		wait(SC_ZERO_TIME);
		CHECK(!eeh.read(), "EEH line down");
		std::printf("driver: EEH state %ld, unfrozen: EEH line down\n",
			    state);
		CHECK(dev.access(false, cr.start_addr + 0x10008, got, 8, delay) &&
		      got[0] == v, "device again");
		std::printf("device: reads 0x%" PRIx64 " again\n", got[0]);

		um.iova = cr.start_addr + 0x10000;
		um.size = BUF - 0x10000;
		CHECK(!tcesim_ioctl_arg(m, cfd, VFIO_IOMMU_UNMAP_DMA, &um,
					sizeof(um)) &&
		      !tcesim_close(m, gfd) && !tcesim_close(m, cfd), "teardown");
		double hits = 0, misses = 0, clk = 0;
		tcesim_stat(m, "phb3.0.tce_cache.hits", &hits);
		tcesim_stat(m, "phb3.0.tce_cache.misses", &misses);
		tcesim_stat(m, "clock.cycles", &clk);
		std::printf("phb3: %" PRIu64 " DMAs, TCE cache %.0f hits %.0f misses, %" PRIu64 " table reads timed by the memory, %" PRIu64 " DMI grants; clock %.0f cycles\n",
			    phb.stats().dmas, hits, misses, phb.stats().table_reads,
			    phb.stats().dmi_granted, clk);
		std::printf("platform: done (simulated time %s)\n",
			    (sc_time_stamp() + delay).to_string().c_str());
	}
};

int sc_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	/* 150 PHB cycles of 2 ns: what the timing model assumes by default */
	example::memory mem("memory", 512u << 20, sc_time(300, SC_NS));
	example::cpu_port cpu("cpu", PHB0_REGS);
	tcesim_sc::phb3::options o;

	o.ini = "[machine]\n"
		"ram = 512M\n"
		"devices = 0:0x0100\n"
		"memlock = 64M\n"
		"mode = timing\n";
	o.memory_zeroed = true;	/* example::memory is an anonymous mapping */
	o.cpu_mmio = [&cpu](std::uint64_t pa, unsigned size, bool write,
			    std::uint64_t *val) {
		return cpu.access(pa, size, write, val);
	};
	tcesim_sc::phb3 phb("phb3", o);
	example::dma_engine dev("dev", RID);
	sc_signal<bool> eeh("eeh");
	software sw("software", phb, dev, mem, eeh);

	cpu.socket.bind(phb.mmio);
	dev.socket.bind(phb.dma);
	phb.mem.bind(mem.socket);
	phb.eeh(eeh);
	sc_start();
	return ok ? 0 : 1;
}
