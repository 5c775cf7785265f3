// SPDX-License-Identifier: GPL-2.0
/*
 * bench_systemc: translations/s through tcesim_sc::phb3's dma socket
 * against the same requests made by direct library calls (tcesim_dma),
 * measured in the same run. Target: the socket within 2x of the direct
 * calls.
 *
 * Both sides: PE 5 with a one-level window of 32 pages of 4 KiB mapped by
 * firmware calls, 8-byte device reads cycling over the 32 pages (every
 * lookup a TCE cache hit after the first pass), functional and timing
 * mode. The socket side adds what a platform pays: a generic payload
 * with the rid_extension per request, b_transport into the module, the
 * data b_transport to the TLM memory (the platform's memory, example::
 * memory; the direct side uses the built-in memory), the annotation.
 * Thread CPU time, medians of 5 runs of N requests each.
 * Output: a table on stdout and JSON at argv[1].
 */
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "modules.h"

using namespace sc_core;

namespace {

constexpr unsigned N = 200000, RUNS = 5, PAGES = 32, PE = 5;
constexpr std::uint16_t RID = 0x0100;

double now_s()
{
	timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

double median(std::vector<double> v)
{
	std::sort(v.begin(), v.end());
	return v[v.size() / 2];
}

void die(const char *what)
{
	std::fprintf(stderr, "bench_systemc: %s: %s\n", what, tcesim_errmsg());
	std::exit(1);
}

/* PE 5 <- RID, one-level window over PAGES pages. */
void window(tcesim_machine *m)
{
	std::uint64_t table, data;
	std::int64_t r1 = 1, r2 = 1;
	const std::uint64_t set_pe[] = { 0, PE, RID, TCESIM_OPAL_PCI_BUS_ALL,
					 TCESIM_OPAL_COMPARE_RID_DEVICE,
					 TCESIM_OPAL_COMPARE_RID_FUNCTION,
					 TCESIM_OPAL_MAP_PE };

	if (tcesim_mem_alloc(m, 4096, 4096, &table) ||
	    tcesim_mem_alloc(m, PAGES * 4096ull, 0, &data))
		die("memory");
	for (unsigned i = 0; i < PAGES; i++) {
		std::uint64_t tce = __builtin_bswap64((data + i * 4096ull) | 3);

		if (tcesim_mem_write(m, table + 8 * i, &tce, 8))
			die("table");
	}
	const std::uint64_t map[] = { 0, PE, PE * 2, 1, table, 4096, 4096 };
	if (tcesim_opal_call(m, TCESIM_OPAL_PCI_SET_PE, set_pe, 7, &r1) ||
	    tcesim_opal_call(m, TCESIM_OPAL_PCI_MAP_PE_DMA_WINDOW, map, 7, &r2) ||
	    r1 || r2)
		die("window");
}

std::string ini(bool timing)
{
	return std::string("[machine]\nram = 256M\nmode = ") +
	       (timing ? "timing\n" : "functional\n");
}

/* Direct library calls: N requests, translations/s. */
double direct(bool timing)
{
	tcesim_setup *s = tcesim_setup_new();
	const std::string text = ini(timing);
	std::vector<double> rate;

	if (!s || tcesim_setup_ini(s, "bench", text.data(), text.size()))
		die("setup");
	tcesim_machine *m = tcesim_create(s);
	if (!m)
		die("create");
	window(m);
	for (unsigned r = 0; r < RUNS; r++) {
		tcesim_dma_req req{};
		tcesim_dma_result res{};
		std::uint64_t v;
		double t0 = now_s();

		req.rid = RID;
		req.len = 8;
		req.dir = TCESIM_DMA_READ;
		req.arrival = TCESIM_ASAP;
		for (unsigned i = 0; i < N; i++) {
			req.addr = (i % PAGES) * 4096ull + 8 * (i % 8);
			if (tcesim_dma(m, 0, &req, &v, &res) ||
			    res.status != TCESIM_DMA_OK)
				die("dma");
		}
		rate.push_back(N / (now_s() - t0));
	}
	tcesim_destroy(m);
	tcesim_setup_free(s);
	return median(rate);
}

struct socket_side : sc_module {
	example::memory mem;
	example::cpu_port cpu;	/* every socket is bound (SystemC) */
	tcesim_sc::phb3 phb;
	example::dma_engine dev;
	sc_signal<bool> eeh;
	bool timing;
	std::vector<double> rate;

	static tcesim_sc::phb3::options opts(bool timing)
	{
		tcesim_sc::phb3::options o;

		o.ini = ini(timing);
		o.memory_zeroed = true;
		return o;
	}

	SC_HAS_PROCESS(socket_side);
	socket_side(sc_module_name n, bool t)
		: sc_module(n), mem("mem", 256u << 20, sc_time(300, SC_NS)),
		  cpu("cpu", 0x3fffe40000000ull), phb("phb3", opts(t)), dev("dev", RID), eeh("eeh"), timing(t)
	{
		cpu.socket.bind(phb.mmio);
		dev.socket.bind(phb.dma);
		phb.mem.bind(mem.socket);
		phb.eeh(eeh);
		SC_THREAD(run);
	}

	void run()
	{
		window(phb.machine());
		for (unsigned r = 0; r < RUNS; r++) {
			sc_time delay = SC_ZERO_TIME;
			std::uint64_t v;
			double t0 = now_s();

			for (unsigned i = 0; i < N; i++) {
				/* local time stays near the clock: the
				   annotation is real work, not a counter */
				if (!dev.access(false, (i % PAGES) * 4096ull +
						8 * (i % 8), &v, 8, delay))
					die("socket dma");
			}
			rate.push_back(N / (now_s() - t0));
			wait(delay);
		}
	}
};

} /* namespace */

extern "C" int sc_main(int argc, char **argv)
{
	const char *out = argc > 1 ? argv[1] : "results.json";
	double d_f = direct(false), d_t = direct(true);
	socket_side sf("functional", false), st("timing", true);

	sc_start();
	double s_f = median(sf.rate), s_t = median(st.rate);

	std::printf("%-44s %12s %12s %8s\n", "benchmark (translations/s, hits)",
		    "socket", "direct", "ratio");
	std::printf("%-44s %12.3g %12.3g %8.2f\n",
		    "systemc.dma functional", s_f, d_f, d_f / s_f);
	std::printf("%-44s %12.3g %12.3g %8.2f\n", "systemc.dma timing", s_t,
		    d_t, d_t / s_t);
	std::printf("(target: ratio <= 2: %s)\n",
		    d_f / s_f <= 2 && d_t / s_t <= 2 ? "met" : "NOT met");
	FILE *f = std::fopen(out, "w");
	if (!f)
		return 1;
	std::fprintf(f, "{\n  \"note\": \"medians of %u runs of %u 8-byte reads over %u cached pages, one core, thread CPU time; socket = b_transport through tcesim_sc::phb3 (+ the data b_transport to a TLM memory); direct = tcesim_dma; ratio = direct / socket, target <= 2\",\n",
		     RUNS, N, PAGES);
	std::fprintf(f, "  \"functional\": {\"socket_per_s\": %.0f, \"direct_per_s\": %.0f, \"ratio\": %.3f},\n",
		     s_f, d_f, d_f / s_f);
	std::fprintf(f, "  \"timing\": {\"socket_per_s\": %.0f, \"direct_per_s\": %.0f, \"ratio\": %.3f}\n}\n",
		     s_t, d_t, d_t / s_t);
	return std::fclose(f) ? 1 : 0;
}
