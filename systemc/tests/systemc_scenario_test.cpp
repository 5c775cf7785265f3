// SPDX-License-Identifier: GPL-2.0
/*
 * systemc_scenario: the SystemC platform reproduces the CLI's default
 * scenario, and its annotated delays are the C timing model's cycles.
 *
 * The platform: a 64 GiB TLM memory (the scenario's RAM), tcesim_sc::phb3
 * with no machine of its own, the processor's MMIO routed through the
 * cpu port to the mmio socket, the device's DMA through the dma socket.
 * scenarios/default/default.trace is replayed with the library's replay
 * (the same code as `tcesim run`), from a setup the module prepared
 * (memory through its mem socket, MMIO through the platform): the
 * driver's TCE tables live in the TLM memory, every register access
 * crosses the mmio socket, every `dma` line is a b_transport of the DMA
 * engine.
 *
 * - Functional and timing mode: the per-operation output (every PA,
 *   status, fault, PE) and the final JSON report (every statistic) are
 *   byte for byte those of the plain library replay (in timing mode
 *   given the same arrival cycles: the device issues each DMA at the
 *   simulated time the trace gets to it).
 * - Delays: each DMA of the SystemC run (arriving at the machine clock
 *   in simulated time) annotates exactly (completion - arrival) x 2 ns
 *   plus the memory's delay for the data, where completion is what the
 *   C timing model gives for the same request at the same arrival in a
 *   replay without SystemC whose lat_mem_read is the TLM memory's
 *   latency: 300 ns = 150 cycles (the default), then 400 ns = 200 cycles,
 *   with the data by the memory's DMI and by b_transports; and 400 ns
 *   does change the delays against lat_mem_read 150 (the memory's delay
 *   really feeds the model).
 */
#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include <string>
#include <vector>

#include "sc_rig.h"
#include "check_auto.h"

using namespace sc_core;

extern "C" int sc_main(int, char **)
{
	return 0;
}

namespace {

const char *scenario()
{
	return TCESIM_SCENARIOS_SRC "/default/default.trace";
}

std::string slurp(FILE *f)
{
	std::string s;
	char buf[4096];
	size_t n;

	rewind(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		s.append(buf, n);
	return s;
}

std::string slurp_path(const std::string &p)
{
	FILE *f = fopen(p.c_str(), "rb");
	std::string s;

	ck_assert_msg(f != nullptr, "cannot open %s", p.c_str());
	s = slurp(f);
	fclose(f);
	return s;
}

std::string tmp(const char *what)
{
	char name[] = "/tmp/tcesim-sc-XXXXXX";
	int fd = mkstemp(name);

	ck_assert_int_ge(fd, 0);
	close(fd);
	return std::string(name) + "." + what;
}

tcesim_setup *setup_of(bool timing, unsigned lat_mem_read)
{
	tcesim_setup *s = tcesim_setup_new();

	ck_assert_ptr_nonnull(s);
	if (timing)
		ck_assert_int_eq(tcesim_setup_set(s, "machine.mode=timing"), 0);
	if (lat_mem_read)
		ck_assert_int_eq(tcesim_setup_set(s, ("memory.lat_mem_read=" +
						      std::to_string(lat_mem_read)).c_str()), 0);
	return s;
}

/* One DMA as the SystemC run saw it. */
struct seen {
	std::uint64_t arrival;	/* PHB cycle it was issued at */
	sc_time delay;		/* what the PHB annotated */
	sc_time data;		/* of which the memory's, for the data */
	tcesim_dma_result res;
};

/* The default scenario, checked, report and errors to out, JSON to
   json: the options of both runs. */
tcesim_replay_opts replay_opts(tcesim_setup *s, FILE *out, const char *json)
{
	tcesim_replay_opts o{};

	o.setup = s;
	o.check = true;
	o.out = out;
	o.err = out;
	o.json_path = json;
	o.name = "default";
	return o;
}

/* ---- the plain library replay ---- */

struct plain_ctx {
	const std::vector<seen> *arrivals;	/* NULL: ASAP */
	std::vector<tcesim_dma_result> got;
};

int plain_dma(void *ctx, tcesim_machine *m, unsigned phb,
	      const tcesim_dma_req *req, void *data, tcesim_dma_result *res)
{
	plain_ctx *c = static_cast<plain_ctx *>(ctx);
	tcesim_dma_req r = *req;
	int rc;

	if (c->arrivals) {
		ck_assert_uint_lt(c->got.size(), c->arrivals->size());
		r.arrival = (*c->arrivals)[c->got.size()].arrival;
	}
	rc = tcesim_dma(m, phb, &r, data, res);
	c->got.push_back(*res);
	return rc;
}

std::string plain(bool timing, unsigned lat, const char *json,
		  plain_ctx *pc = nullptr)
{
	tcesim_setup *s = setup_of(timing, lat);
	FILE *out = tmpfile();
	tcesim_replay_opts o = replay_opts(s, out, json);

	if (pc) {
		o.ctx = pc;
		o.dma = plain_dma;
	}
	ck_assert_int_eq(tcesim_replay_file(scenario(), &o), 0);
	std::string text = slurp(out);
	fclose(out);
	tcesim_setup_free(s);
	return text;
}

/* ---- the same through the SystemC platform ---- */

struct sc_ctx {
	rig::platform *p;
	std::vector<seen> dmas;
};

void sc_machine(void *ctx, tcesim_machine *m)
{
	static_cast<sc_ctx *>(ctx)->p->phb.attach(m);
}

int sc_dma(void *ctx, tcesim_machine *m, unsigned phb,
	   const tcesim_dma_req *req, void *data, tcesim_dma_result *res)
{
	sc_ctx *c = static_cast<sc_ctx *>(ctx);
	rig::platform &p = *c->p;
	const sc_time period = p.phb.clock_period();
	const sc_time clock = period * static_cast<double>(tcesim_clock_now(m));
	sc_time delay = SC_ZERO_TIME;
	seen s{};

	/* the device issues it when the machine has got there */
	if (clock > sc_time_stamp())
		wait(clock - sc_time_stamp());
	s.arrival = sc_time_stamp().value() / period.value();
	p.dev.phb = phb;
	p.dev.access(req->dir == TCESIM_DMA_WRITE, req->addr, data, req->len,
		     delay);
	ck_assert(p.dev.last.done);
	s.delay = delay;
	s.data = p.dev.last.data_delay;
	s.res = p.dev.last.result;
	*res = s.res;
	c->dmas.push_back(s);
	return 0;
}

std::string systemc(rig::platform &p, bool timing, const char *json,
		    std::vector<seen> *dmas)
{
	std::string text;

	p.run([&] {
		tcesim_setup *s = setup_of(timing, 0);
		FILE *out = tmpfile();
		sc_ctx c{ &p, {} };
		tcesim_replay_opts o = replay_opts(s, out, json);

		ck_assert_int_eq(p.phb.prepare(s), 0);
		o.ctx = &c;
		o.on_machine = sc_machine;
		o.dma = sc_dma;
		ck_assert_int_eq(tcesim_replay_file(scenario(), &o), 0);
		p.phb.detach();
		text = slurp(out);
		fclose(out);
		tcesim_setup_free(s);
		if (dmas)
			*dmas = c.dmas;
	});
	return text;
}

const char INI[] = "";	/* the defaults: 64 GiB, PHB3 (the trace's) */
constexpr std::uint64_t RAM = 64ull << 30;

/* In timing mode the device issues each DMA at a simulated time (the
   machine clock when the trace gets to it); the library replay gets the
   same arrivals, so it replays the same requests (its own default is
   "as soon as the PHB accepts", which pipelines back-to-back DMAs). */
void same_results(bool timing)
{
	const std::string ja = tmp("a.json"), jb = tmp("b.json");
	rig::platform p(INI, RAM, sc_time(300, SC_NS), true, false);
	std::vector<seen> dmas;
	std::string b = systemc(p, timing, jb.c_str(), &dmas);
	plain_ctx pc{ timing ? &dmas : nullptr, {} };
	std::string a = plain(timing, 0, ja.c_str(), &pc);

	if (a != b) {
		FILE *fa = fopen("/tmp/tcesim-sc-library.out", "w");
		FILE *fb = fopen("/tmp/tcesim-sc-systemc.out", "w");

		fputs(a.c_str(), fa);
		fputs(b.c_str(), fb);
		fclose(fa);
		fclose(fb);
	}
	ck_assert_msg(a == b, "per-operation output differs: diff /tmp/tcesim-sc-library.out /tmp/tcesim-sc-systemc.out");
	ck_assert(a.find("-> fault invalid_leaf") != std::string::npos);
	ck_assert(a.find("-> frozen") != std::string::npos);
	ck_assert(slurp_path(ja) == slurp_path(jb));
	ck_assert(slurp_path(ja).find("\"phb3.0.tce_cache.misses\"") !=
		  std::string::npos);
	/* it really went through the platform */
	ck_assert_uint_eq(p.phb.stats().dmas, 5);
	ck_assert_uint_gt(p.cpu.accesses, 10);
	ck_assert_uint_gt(p.mem.accesses, 5);
	remove(ja.c_str());
	remove(jb.c_str());
}

void delays_are_model_cycles(sc_time mem_latency, unsigned lat_cycles,
			     bool data_dmi = true)
{
	rig::platform p(INI, RAM, mem_latency, true, false, data_dmi);
	std::vector<seen> dmas;
	const sc_time period(2, SC_NS);	/* 500 MHz */

	systemc(p, true, nullptr, &dmas);
	ck_assert_uint_eq(dmas.size(), 5);
	ck_assert_uint_gt(p.phb.stats().table_reads, 0);
	plain_ctx pc{ &dmas, {} };
	plain(true, lat_cycles, nullptr, &pc);
	ck_assert_uint_eq(pc.got.size(), dmas.size());
	for (size_t i = 0; i < dmas.size(); i++) {
		const seen &s = dmas[i];
		const tcesim_dma_result &c = pc.got[i];

		ck_assert_uint_eq(s.res.status, c.status);
		ck_assert_uint_eq(s.res.pa, c.pa);
		ck_assert_uint_eq(s.res.done, c.done);
		/* a translated request: its data cost the memory latency */
		if (s.res.status == TCESIM_DMA_OK)
			ck_assert(s.data == mem_latency);
		ck_assert_msg(s.delay == period * static_cast<double>(c.done -
								      s.arrival) +
					 s.data,
			      "DMA %zu: annotated %s, model %llu cycles from %llu + data %s",
			      i, s.delay.to_string().c_str(),
			      (unsigned long long)(c.done - s.arrival),
			      (unsigned long long)s.arrival,
			      s.data.to_string().c_str());
	}
	/* the first DMA missed everything: a cycle count with table reads */
	ck_assert_uint_gt(pc.got[0].cycles, 2 * lat_cycles);
}

} /* namespace */

CK_ALONE_TEST(functional_results_are_the_cli_s, 120)
{
	same_results(false);
}
END_TEST

CK_ALONE_TEST(timing_results_are_the_cli_s, 120)
{
	same_results(true);
}
END_TEST

CK_ALONE_TEST(delays_with_the_default_memory_latency, 120)
{
	delays_are_model_cycles(sc_time(300, SC_NS), 150);
}
END_TEST

CK_ALONE_TEST(delays_follow_the_memory_s_latency, 120)
{
	delays_are_model_cycles(sc_time(400, SC_NS), 200);
}
END_TEST

CK_ALONE_TEST(delays_with_data_by_b_transport, 120)
{
	delays_are_model_cycles(sc_time(400, SC_NS), 200, false);
}
END_TEST

CK_ALONE_TEST(memory_latency_changes_the_delays, 120)
{
	rig::platform p(INI, RAM, sc_time(400, SC_NS), true, false);
	std::vector<seen> dmas;
	plain_ctx pc{ nullptr, {} };

	systemc(p, true, nullptr, &dmas);
	pc.arrivals = &dmas;
	plain(true, 150, nullptr, &pc);
	/* the first DMA walked the tables: 200-cycle reads, not 150 */
	ck_assert_uint_gt(dmas[0].res.done, pc.got[0].done);
}
END_TEST

/* one case per test (CK_ALONE_TEST): SystemC elaborates once per
   process, and CTest runs each case in its own (CK_RUN_CASE) */
CK_SUITE("systemc_scenario");
