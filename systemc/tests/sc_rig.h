/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The test platform of systemc/tests: the example's memory, DMA engine
 * and processor port (examples/systemc/modules.h) around a
 * tcesim_sc::phb3, and a way to run a test body in a SystemC thread.
 * SystemC elaborates once per process: each test runs in its own
 * process (CK_FORK=yes for these tests).
 */
#ifndef TCESIM_SC_RIG_H
#define TCESIM_SC_RIG_H

#include <functional>
#include <memory>
#include <string>

#include "modules.h"

namespace rig {

constexpr std::uint16_t RID = 0x0100;
constexpr std::uint64_t PHB0_REGS = 0x3fffe40000000ull;

struct body : sc_core::sc_module {
	std::function<void()> fn;

	SC_HAS_PROCESS(body);
	body(sc_core::sc_module_name n, std::function<void()> f)
		: sc_core::sc_module(n), fn(std::move(f))
	{
		SC_THREAD(run);
	}
	void run() { fn(); }
};

struct platform {
	example::memory mem;
	example::cpu_port cpu;
	tcesim_sc::phb3 phb;
	example::dma_engine dev;
	sc_core::sc_signal<bool> eeh;

	static tcesim_sc::phb3::options opts(const std::string &ini,
					     example::cpu_port &cpu,
					     bool route, bool create,
					     bool data_dmi)
	{
		tcesim_sc::phb3::options o;

		o.ini = ini;
		o.create_machine = create;
		o.data_dmi = data_dmi;
		o.memory_zeroed = true;	/* an anonymous mapping */
		if (route)
			o.cpu_mmio = [&cpu](std::uint64_t pa, unsigned size,
					    bool write, std::uint64_t *val) {
				return cpu.access(pa, size, write, val);
			};
		return o;
	}

	platform(const std::string &ini, std::uint64_t ram,
		 sc_core::sc_time latency, bool route = false,
		 bool create = true, bool data_dmi = true)
		: mem("mem", ram, latency), cpu("cpu", PHB0_REGS),
		  phb("phb3", opts(ini, cpu, route, create, data_dmi)),
		  dev("dev", RID), eeh("eeh")
	{
		cpu.socket.bind(phb.mmio);
		dev.socket.bind(phb.dma);
		phb.mem.bind(mem.socket);
		phb.eeh(eeh);
	}

	/* Run fn in a simulation thread to the end of the simulation. */
	void run(std::function<void()> fn)
	{
		body b("body", std::move(fn));

		sc_core::sc_start();
	}
};

} /* namespace rig */

/* libsystemc's main() wants one; the Check runner's main() is used. */
int sc_main(int argc, char **argv);

#endif /* TCESIM_SC_RIG_H */
