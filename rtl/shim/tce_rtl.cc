// SPDX-License-Identifier: GPL-2.0
//
// The C API of tcesim/rtl.h over the verilated tce_fetch_unit: drives the
// clock and reset, the configuration inputs (from the C parameter
// structures), one command port per cycle, the memory read channel (served
// by a C callback with a fixed latency) and collects responses. Tracing
// writes an FST file. This is the project's only C++ besides the
// verilated model itself.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <new>

#include "Vtce_fetch_unit.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

extern "C" {
#include "tcesim/rtl.h"
}

namespace {

constexpr unsigned kDataWords = 16;  // 512-bit memory data

struct MemResp {
	uint64_t due;
	uint8_t id;
	bool err;
	uint8_t data[64];
};

enum class Cmd { None, Req, Reg, Stop };

}  // namespace

struct tce_rtl {
	std::unique_ptr<VerilatedContext> ctx;
	std::unique_ptr<Vtce_fetch_unit> top;
#if VM_TRACE
	std::unique_ptr<VerilatedFstC> fst;
#endif
	uint64_t trace_time = 0;
	uint64_t ram_bytes = 0;
	struct phb3_params pp;
	struct timing_params tp;
	bool use_defaults = false;

	Cmd cmd = Cmd::None;
	uint64_t cmd_at = 0;	// arrival stamp of the waiting command
	struct tce_rtl_req req;
	uint32_t reg_off = 0;
	uint64_t reg_val = 0;
	uint16_t stop_pe = 0;
	bool stop_set = false;

	tce_rtl_mem_fn mem_fn = nullptr;
	void *mem_ctx = nullptr;
	uint64_t latency = 1;
	std::deque<MemResp> mem_q;	// by due cycle (constant latency)
	std::deque<struct tce_rtl_resp> resp_q;
	uint32_t errors = 0;
};

namespace {

void drive_config(struct tce_rtl *r)
{
	Vtce_fetch_unit *t = r->top.get();
	const struct phb3_params &p = r->pp;
	const struct timing_params &tp = r->tp;

	t->cfg_default_i = r->use_defaults;
	t->cfg_num_pes_i = p.num_pes;
	t->cfg_rtc_entries_i = p.rtc_entries;
	t->cfg_oow_policy_i = p.oow_policy == PHB3_OOW_ALIAS;
	t->cfg_bypass_bounds_check_i = p.bypass_bounds_check;
	t->cfg_entries_i = p.tce_cache.entries;
	t->cfg_ways_i = p.tce_cache.ways;
	t->cfg_policy_i = p.tce_cache.policy;
	t->cfg_seed_i = p.tce_cache.seed;
	t->cfg_issue_interval_i = (uint32_t)tp.issue_interval;
	t->cfg_lat_rtc_hit_i = (uint32_t)tp.lat_rtc_hit;
	t->cfg_lat_hit_i = (uint32_t)tp.lat_hit;
	t->cfg_line_bytes_i = tp.line_bytes != 0;
	t->cfg_prefetch_next_i = tp.prefetch_next != 0;
	t->cfg_cache_indirect_i = tp.cache_indirect != 0;
	t->cfg_indirect_entries_i = (uint32_t)tp.indirect_entries;
	t->cfg_max_outstanding_fetches_i = (uint32_t)tp.max_outstanding_fetches;
	t->cfg_lat_walk_level_i = (uint32_t)tp.lat_walk_level;
	t->cfg_lat_mem_read_i = (uint32_t)tp.lat_mem_read;
	t->cfg_mem_bytes_per_cycle_i = (uint32_t)tp.mem_bytes_per_cycle;
	t->cfg_lat_kill_all_i = (uint32_t)tp.lat_kill_all;
	t->cfg_lat_kill_pe_i = (uint32_t)tp.lat_kill_pe;
	t->cfg_lat_kill_one_i = (uint32_t)tp.lat_kill_one;
	t->cfg_kill_inflight_i = tp.kill_inflight != 0;
	t->ram_bytes_i = r->ram_bytes;
}

void clear_inputs(Vtce_fetch_unit *t)
{
	t->req_valid_i = 0;
	t->reg_valid_i = 0;
	t->pe_stop_valid_i = 0;
	t->mem_resp_valid_i = 0;
	t->mem_req_ready_i = 1;
	t->resp_ready_i = 1;
	t->warp_i = 0;
	t->hold_i = 0;
}

// Present the waiting command (if any) on its port; false when there is none.
bool drive_cmd(Vtce_fetch_unit *t, const struct tce_rtl *r)
{
	switch (r->cmd) {
	case Cmd::Req:
		t->req_valid_i = 1;
		t->req_tag_i = r->req.tag;
		t->req_rid_i = r->req.rid;
		t->req_addr_i = r->req.addr;
		t->req_len_i = r->req.len;
		t->req_write_i = r->req.write;
		break;
	case Cmd::Reg:
		t->reg_valid_i = 1;
		t->reg_addr_i = r->reg_off;
		t->reg_data_i = r->reg_val;
		break;
	case Cmd::Stop:
		t->pe_stop_valid_i = 1;
		t->pe_stop_pe_i = (uint8_t)r->stop_pe;
		t->pe_stop_set_i = r->stop_set;
		break;
	case Cmd::None:
		return false;
	}
	return true;
}

// The command is gone once its port's handshake happened in this edge.
void take_handshake(const Vtce_fetch_unit *t, struct tce_rtl *r)
{
	if ((t->req_valid_i && t->req_ready_o) || (t->reg_valid_i && t->reg_ready_o) ||
	    (t->pe_stop_valid_i && t->pe_stop_ready_o))
		r->cmd = Cmd::None;
}

// Waveform time: two steps per cycle (falling edge at 2c, rising edge at
// 2c + 1), so a warp shows as a jump in time.
void dump(struct tce_rtl *r, uint64_t time)
{
#if VM_TRACE
	if (r->fst && time >= r->trace_time) {
		r->fst->dump(time);
		r->trace_time = time + 1;
	}
#else
	(void)r;
	(void)time;
#endif
}

// Bits [lo, lo + w) of a wide Verilator value (w <= 32).
uint32_t bits(const uint32_t *words, unsigned lo, unsigned w)
{
	uint64_t v = words[lo / 32];

	if (lo / 32 + 1 < 6)	/* cnt_t: 6 words */
		v |= (uint64_t)words[lo / 32 + 1] << 32;
	v >>= lo % 32;
	return (uint32_t)(v & ((1ull << w) - 1));
}

void collect_response(struct tce_rtl *r)
{
	Vtce_fetch_unit *t = r->top.get();
	struct tce_rtl_resp o;
	const uint32_t *c = t->resp_cnt_o.data();	// cnt_t, 178 bits

	memset(&o, 0, sizeof(o));
	o.tag = t->resp_tag_o;
	o.status = (enum sim_dma_status)t->resp_status_o;
	o.reason = (enum sim_fault_reason)t->resp_reason_o;
	o.pe = t->resp_pe_o;
	o.pa = t->resp_pa_o;
	o.fault_addr = t->resp_fault_addr_o;
	o.accept = t->resp_accept_o;
	o.done = t->resp_done_o;
	// tce_pkg::cnt_t, first field in the most significant bits
	o.cnt.rtc_miss = bits(c, 0, 1);
	o.cnt.rtc_hit = bits(c, 1, 1);
	o.cnt.mem_reads = (uint16_t)bits(c, 2, 16);
	o.cnt.line_fills = (uint16_t)bits(c, 18, 16);
	o.cnt.indirect_hits = (uint16_t)bits(c, 34, 16);
	o.cnt.prefetch_no_tag = (uint16_t)bits(c, 50, 16);
	o.cnt.prefetches = (uint16_t)bits(c, 66, 16);
	o.cnt.stalls = (uint16_t)bits(c, 82, 16);
	o.cnt.bypass = (uint16_t)bits(c, 98, 16);
	o.cnt.misses = (uint16_t)bits(c, 114, 16);
	o.cnt.merges = (uint16_t)bits(c, 130, 16);
	o.cnt.hits = (uint16_t)bits(c, 146, 16);
	o.cnt.pages = (uint16_t)bits(c, 162, 16);
	r->resp_q.push_back(o);
}

void issue_read(struct tce_rtl *r, uint64_t cycle)
{
	Vtce_fetch_unit *t = r->top.get();
	struct tce_rtl_read rd;
	MemResp m;

	memset(&rd, 0, sizeof(rd));
	rd.cycle = cycle;
	rd.src = t->mem_req_src_o;
	rd.job = t->mem_req_id_o;
	rd.level = t->mem_req_level_o;
	rd.page = t->mem_req_page_o;
	rd.prefetch = t->mem_req_pf_o;
	rd.rtt = t->mem_req_size_o == 2;
	rd.pa = t->mem_req_addr_o;
	rd.size = t->mem_req_size_o;
	memset(&m, 0, sizeof(m));
	m.due = cycle + r->latency;
	m.id = t->mem_req_id_o;
	m.err = !r->mem_fn || rd.size > sizeof(m.data) ||
		r->mem_fn(r->mem_ctx, &rd, m.data) != 0;
	r->mem_q.push_back(m);
}

void one_cycle(struct tce_rtl *r, uint64_t warp_to)
{
	Vtce_fetch_unit *t = r->top.get();
	uint64_t cycle = t->cycle_o;

	clear_inputs(t);
	t->cmd_at_i = r->cmd_at == TCE_RTL_NEXT ? cycle + 1 : r->cmd_at;
	if (warp_to > cycle + 1) {
		t->warp_i = 1;
		t->warp_to_i = warp_to;
	}
	drive_cmd(t, r);
	if (!r->mem_q.empty() && r->mem_q.front().due <= cycle) {
		const MemResp &m = r->mem_q.front();

		t->mem_resp_valid_i = 1;
		t->mem_resp_id_i = m.id;
		t->mem_resp_err_i = m.err;
		for (unsigned w = 0; w < kDataWords; w++)
			t->mem_resp_data_i[w] = (uint32_t)m.data[4 * w] |
				(uint32_t)m.data[4 * w + 1] << 8 |
				(uint32_t)m.data[4 * w + 2] << 16 |
				(uint32_t)m.data[4 * w + 3] << 24;
		r->mem_q.pop_front();
	}
	t->clk_i = 0;
	t->eval();
	dump(r, 2 * cycle);
	// handshakes of this cycle
	take_handshake(t, r);
	if (t->mem_req_valid_o)
		issue_read(r, cycle);
	if (t->resp_valid_o)
		collect_response(r);
	t->clk_i = 1;
	t->eval();
	dump(r, 2 * cycle + 1);
	r->errors |= t->err_o;
}

// A held edge: the waiting command is handed over, no cycle passes (no
// memory traffic, no response, no waveform sample).
void hold_edge(struct tce_rtl *r)
{
	Vtce_fetch_unit *t = r->top.get();

	clear_inputs(t);
	t->hold_i = 1;
	if (!drive_cmd(t, r))
		return;
	t->cmd_at_i = r->cmd_at;
	t->clk_i = 0;
	t->eval();
	take_handshake(t, r);
	t->clk_i = 1;
	t->eval();
	t->hold_i = 0;
}

bool cmd_room(struct tce_rtl *r)
{
	return r->cmd == Cmd::None && r->top->cmd_room_o;
}

// A command set up for the next cycle (at == TCE_RTL_NEXT) waits for
// one_cycle; one with an arrival stamp is handed over now, in a held edge.
int hand_over(struct tce_rtl *r, Cmd c, uint64_t at)
{
	r->cmd = c;
	r->cmd_at = at;
	if (at == TCE_RTL_NEXT)
		return 0;
	hold_edge(r);
	if (r->cmd != Cmd::None) {	// not taken (cannot happen with room)
		r->cmd = Cmd::None;
		return -EAGAIN;
	}
	return 0;
}

// Nothing queued here or in the unit, no read or response in flight:
// the clock may jump.
bool quiet(const struct tce_rtl *r)
{
	return r->cmd == Cmd::None && r->mem_q.empty() && r->resp_q.empty() &&
	       r->top->idle_o && !r->top->resp_valid_o;
}

}  // namespace

extern "C" {

struct tce_rtl *tce_rtl_new(const struct phb3_params *pp,
			    const struct timing_params *tp, uint64_t ram_bytes,
			    char *err, size_t errlen)
{
	struct phb3_params dpp;
	struct timing_params dtp;
	uint64_t occ, horizon;
	bool defaults = !pp && !tp;

	phb3_params_default(&dpp);
	timing_params_default(&dtp);
	pp = pp ? pp : &dpp;
	tp = tp ? tp : &dtp;
	if (timing_params_check(tp) || tce_cache_params_check(&pp->tce_cache)) {
		snprintf(err, errlen, "rtl: invalid timing or cache parameters");
		return NULL;
	}
	if (pp->tce_cache.entries > TCE_RTL_CACHE_MAX ||
	    pp->rtc_entries > TCE_RTL_RTC_MAX || !pp->rtc_entries ||
	    (tp->cache_indirect && tp->indirect_entries > TCE_RTL_CACHE_MAX) ||
	    !pp->num_pes || pp->num_pes > PHB3_MAX_PES) {
		snprintf(err, errlen,
			 "rtl: the twin holds at most %u TCE/indirect cache and %u RTT cache entries",
			 TCE_RTL_CACHE_MAX, TCE_RTL_RTC_MAX);
		return NULL;
	}
	// every booked read lies within 5 walk levels plus the queue of all
	// reads in flight: that must fit the calendar
	occ = ((tp->line_bytes ? 64 : 8) + tp->mem_bytes_per_cycle - 1) /
	      tp->mem_bytes_per_cycle;
	horizon = 5 * (tp->lat_mem_read + tp->lat_walk_level) +
		  occ * (tp->max_outstanding_fetches * 7 + 8) + 64;
	if (horizon >= TCE_RTL_CAL_CYCLES) {
		snprintf(err, errlen,
			 "rtl: lat_mem_read %llu is too long for the twin's %u-cycle memory calendar",
			 (unsigned long long)tp->lat_mem_read, TCE_RTL_CAL_CYCLES);
		return NULL;
	}
	auto *r = new (std::nothrow) tce_rtl;
	if (!r) {
		snprintf(err, errlen, "rtl: out of memory");
		return NULL;
	}
	r->pp = *pp;
	r->tp = *tp;
	r->use_defaults = defaults;
	r->ram_bytes = ram_bytes;
	r->latency = tp->lat_mem_read;
	r->ctx.reset(new (std::nothrow) VerilatedContext);
	if (!r->ctx) {
		delete r;
		snprintf(err, errlen, "rtl: out of memory");
		return NULL;
	}
	// deterministic reset values (no random initial state)
	const char *argv[] = {"tcesim-rtl", "+verilator+rand+reset+0"};
	r->ctx->commandArgs(2, argv);
#if VM_TRACE
	r->ctx->traceEverOn(true);
#endif
	r->top.reset(new (std::nothrow) Vtce_fetch_unit(r->ctx.get(), "tce"));
	if (!r->top) {
		delete r;
		snprintf(err, errlen, "rtl: out of memory");
		return NULL;
	}
	tce_rtl_reset(r);
	return r;
}

void tce_rtl_free(struct tce_rtl *r)
{
	if (!r)
		return;
	tce_rtl_trace(r, NULL);
	r->top->final();
	delete r;
}

void tce_rtl_reset(struct tce_rtl *r)
{
	Vtce_fetch_unit *t = r->top.get();

	drive_config(r);
	clear_inputs(t);
	t->rst_ni = 0;
	t->clk_i = 0;
	t->eval();
	t->clk_i = 1;
	t->eval();
	t->clk_i = 0;
	t->eval();
	t->rst_ni = 1;
	t->eval();
	r->cmd = Cmd::None;
	r->mem_q.clear();
	r->resp_q.clear();
	r->errors = 0;
}

void tce_rtl_step(struct tce_rtl *r, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		one_cycle(r, 0);
}

void tce_rtl_run_to(struct tce_rtl *r, uint64_t cycle)
{
	while (r->top->cycle_o < cycle) {
		// idle: skip the idle cycles in one (the warp cycle itself
		// counts as the first of them)
		bool warp = cycle - r->top->cycle_o > 2 && quiet(r);

		one_cycle(r, warp ? cycle : 0);
	}
}

uint64_t tce_rtl_cycle(const struct tce_rtl *r)
{
	return r->top->cycle_o;
}

bool tce_rtl_can_push(struct tce_rtl *r)
{
	return cmd_room(r);
}

int tce_rtl_push_at(struct tce_rtl *r, const struct tce_rtl_req *q,
		    uint64_t at)
{
	if (!q)
		return -EINVAL;
	if (!cmd_room(r))
		return -EAGAIN;
	r->req = *q;
	return hand_over(r, Cmd::Req, at);
}

int tce_rtl_push(struct tce_rtl *r, const struct tce_rtl_req *q)
{
	return tce_rtl_push_at(r, q, TCE_RTL_NEXT);
}

int tce_rtl_write_reg_at(struct tce_rtl *r, uint32_t off, uint64_t val,
			 uint64_t at)
{
	if (off >= 0x1000 || (off & 7))
		return -EINVAL;
	if (!cmd_room(r))
		return -EAGAIN;
	r->reg_off = off;
	r->reg_val = val;
	return hand_over(r, Cmd::Reg, at);
}

int tce_rtl_write_reg(struct tce_rtl *r, uint32_t off, uint64_t val)
{
	return tce_rtl_write_reg_at(r, off, val, TCE_RTL_NEXT);
}

int tce_rtl_pe_stop_at(struct tce_rtl *r, uint16_t pe, bool stopped,
		       uint64_t at)
{
	if (pe >= PHB3_MAX_PES)
		return -EINVAL;
	if (!cmd_room(r))
		return -EAGAIN;
	r->stop_pe = pe;
	r->stop_set = stopped;
	return hand_over(r, Cmd::Stop, at);
}

int tce_rtl_pe_stop(struct tce_rtl *r, uint16_t pe, bool stopped)
{
	return tce_rtl_pe_stop_at(r, pe, stopped, TCE_RTL_NEXT);
}

bool tce_rtl_pop(struct tce_rtl *r, struct tce_rtl_resp *out)
{
	if (r->resp_q.empty())
		return false;
	*out = r->resp_q.front();
	r->resp_q.pop_front();
	return true;
}

void tce_rtl_serve_memory(struct tce_rtl *r, tce_rtl_mem_fn fn, void *ctx,
			  uint64_t latency)
{
	r->mem_fn = fn;
	r->mem_ctx = ctx;
	r->latency = latency ? latency : 1;
}

bool tce_rtl_idle(const struct tce_rtl *r)
{
	return quiet(r);
}

uint32_t tce_rtl_errors(const struct tce_rtl *r)
{
	return r->errors;
}

int tce_rtl_trace(struct tce_rtl *r, const char *fst_path)
{
#if VM_TRACE
	if (r->fst) {
		r->fst->close();
		r->fst.reset();
	}
	if (!fst_path)
		return 0;
	r->fst.reset(new (std::nothrow) VerilatedFstC);
	if (!r->fst)
		return -ENOMEM;
	r->top->trace(r->fst.get(), 99);
	r->fst->open(fst_path);
	if (!r->fst->isOpen()) {
		r->fst.reset();
		return -EIO;
	}
	return 0;
#else
	return fst_path ? -ENOTSUP : 0;
#endif
}

}  // extern "C"
