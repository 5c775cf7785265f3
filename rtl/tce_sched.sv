// SPDX-License-Identifier: GPL-2.0
//
// tce_sched: the fetch unit's front end and lookup stage. In program order
// (the command queue) it admits requests (address decode, RTT cache, RTE
// read on a miss), resolves their PE (freeze check: PESTB DMA stopped),
// selects and decodes the TVE per IO page (bypass bounds, out-of-window
// policy), looks pages up in the TCE cache, merges them into fetches in
// flight or starts walks on free fetch tags (indirect-entry cache skip,
// memory read slots booked on the calendar, 64-byte line fills, next-page
// prefetch), applies register commands (TVT/PESTB through IODA, RTT_BAR,
// PHB3_CONFIG, RTC invalidate, TCE kill all/PE/one in drain or drop mode).
//
// Timing follows the C model (docs/rtl.md): every resource is a "free at
// cycle" register (next_accept, next_slot, tag busy-until, calendar slots)
// and each event happens at the cycle the C model gives it, or later when
// the data it needs has not arrived (the C model is not causal there).
//
// Why one process: the C model updates the RTT cache, TCE cache, indirect
// cache, fetch tags and memory path atomically per IO page (a lookup, its
// line fill, the prefetch's lookup and fill, the tag claims and the read
// bookings see each other's effects in a fixed order), so the structures
// touched by one lookup are private arrays of one clocked process updated
// in that order. Nothing outside this process reads them: the walker and
// the completion unit only see registered outputs (slot_o, job_o, rtt_o,
// ev_o).
//
// Files: this one (ports, state, events, the process: admission, RTT
// cache, register commands, TVE per page, outputs); tce_sched_res.svh
// (caches, fetch tags, memory calendar, job free list) and
// tce_sched_lookup.svh (page lookup, TCE kill), both included in the
// module's scope because they update the process's private arrays.
module tce_sched
  import tce_pkg::*;
(
  input  logic            clk_i,
  input  logic            rst_ni,
  input  cfg_t            cfg_i,
  input  logic [63:0]     ram_bytes_i,
  input  cyc_t            now_i,
  // the clock is held this cycle: only the command queue takes a command
  input  logic            hold_i,
  // command queue: one command in per cycle, while there is room
  input  logic            cmd_push_i,
  input  cmd_t            cmd_i,
  output logic            cmd_room_o,
  // walker: fetch jobs, the RTT read, the read starting in the next cycle
  output job_t            job_o [2],
  output rtt_t            rtt_o,
  output own_t            slot_o,
  input  logic            rtt_valid_i,
  input  logic [15:0]     rtt_rte_i,
  input  logic            rtt_err_i,
  input  logic            lvl_valid_i,
  input  logic [JobW-1:0] lvl_job_i,
  input  logic [2:0]      lvl_level_i,
  input  logic [63:0]     lvl_entry_i,
  input  logic            lvl_ok_i,
  input  cmp_t            cmp_i,
  input  logic [3:0]      free_valid_i,
  input  logic [JobW-1:0] free_job_i [4],
  // completion unit
  output ev_t             ev_o [EvMax],
  input  logic            rel_valid_i,
  input  logic [ReqW-1:0] rel_slot_i,
  // status
  output logic            idle_o,
  output logic [7:0]      err_o
);

  localparam int unsigned CmdDepth = 1 << CmdW;

  // ---- error flags (sticky) ----
  localparam int unsigned ErrHorizon = 0;  // a booking beyond the calendar
  localparam int unsigned ErrJobs = 1;     // no walker job slot free
  localparam int unsigned ErrSlots = 2;    // admission waited for a request slot
  localparam int unsigned ErrEvents = 3;   // more events in a cycle than ev_o holds

  localparam int unsigned NCache = 2 * CacheMax;  // TCE cache, then indirect cache

  typedef enum logic [1:0] {FsIdle, FsResolve, FsPages} fs_e;

  // ---- derived configuration ----
  logic [31:0] c_n [2];      // entries
  logic [31:0] c_ways [2];   // ways per set
  logic [31:0] c_sets [2];
  logic [1:0]  c_pol [2];
  logic [31:0] occ_line, occ_rtt, ntags, nrtc;

  always_comb begin
    c_n[0] = 32'(cfg_i.entries);
    c_ways[0] = cfg_i.ways == '0 ? 32'(cfg_i.entries) : 32'(cfg_i.ways);
    c_sets[0] = c_n[0] / c_ways[0];
    c_pol[0] = cfg_i.policy;
    c_n[1] = 32'(cfg_i.indirect_entries);
    c_ways[1] = c_n[1];
    c_sets[1] = 32'd1;
    c_pol[1] = 2'd0;
    occ_line = ((cfg_i.line_bytes ? 32'd64 : 32'd8) + 32'(cfg_i.mem_bytes_per_cycle) - 32'd1) /
               32'(cfg_i.mem_bytes_per_cycle);
    occ_rtt = (32'd2 + 32'(cfg_i.mem_bytes_per_cycle) - 32'd1) / 32'(cfg_i.mem_bytes_per_cycle);
    ntags = 32'(cfg_i.max_outstanding_fetches);
    nrtc = 32'(cfg_i.rtc_entries);
  end

  /* verilator lint_off BLKSEQ */
  // Private state of the process below (see the header: updated in C
  // order within a cycle, hence blocking assignments; read by nothing
  // else).

  // registers and on-chip IODA tables
  logic [63:0] tvt [512];
  logic        pestb [256];
  logic [63:0] rtt_bar;
  logic        msi32_en;          // PHB3_CONFIG bit 8 (IBM)

  // RTT cache
  logic        rtc_valid [RtcMax];
  logic [15:0] rtc_rid [RtcMax];
  logic [15:0] rtc_rte [RtcMax];
  logic        rtc_bad [RtcMax];    // RTE unreadable (read error or RTT off)
  logic [63:0] rtc_used [RtcMax];
  logic [63:0] rtc_tick;
  int          rtc_fill;            // entry waiting for the RTT read, or -1

  // TCE cache [0, CacheMax) and indirect-entry cache [CacheMax, 2 CacheMax)
  logic            ce_valid [NCache];
  logic            ce_pend [NCache];  // data still being fetched by ce_owner
  logic            ce_live [NCache];  // ce_owner has not finished yet
  logic            ce_err [NCache];   // fetched line could not be read
  logic [JobW-1:0] ce_owner [NCache];
  logic [2:0]      ce_olvl [NCache];  // indirect: level of the owner's read
  logic [7:0]      ce_pe [NCache];
  logic [2:0]      ce_win [NCache];   // window (indirect: window | level << 1)
  logic [7:0]      ce_ps [NCache];
  logic [7:0]      ce_wsh [NCache];
  logic [63:0]     ce_page [NCache];
  logic [63:0]     ce_data [NCache];
  logic [63:0]     ce_age [NCache];
  logic [63:0]     ce_tick [2];
  logic [63:0]     rng;

  // fetch tags (the C model's struct tag + busy)
  cyc_t            tg_busy [TagsMax];
  logic [63:0]     tg_line [TagsMax];
  logic [7:0]      tg_pe [TagsMax];
  logic            tg_win [TagsMax];
  logic [7:0]      tg_ps [TagsMax];
  logic            tg_drop [TagsMax];
  logic [JobW-1:0] tg_job [TagsMax];
  cyc_t            tags_until;

  // memory read path calendar: one bit per cycle, owner at a read's start
  logic cal_busy [CalBits];
  own_t cal_own [CalBits];

  // free lists
  logic [JobW-1:0] jfree [JobsMax];
  int unsigned     jf_head, jf_cnt;
  logic [ReqW-1:0] rfree [ReqSlots];
  int unsigned     rf_head, rf_cnt;

  // timestamps
  cyc_t next_accept, next_slot, cnow;

  // the command queue
  cmd_t         cq [CmdDepth];
  logic [CmdW:0] rd_ptr, wr_ptr;

  // front end
  fs_e          fs;
  logic [15:0]  r_tag;
  cyc_t         r_accept;
  logic [63:0]  r_addr;
  logic [31:0]  r_len;
  logic         r_dir;
  logic [ReqW-1:0] r_slot;
  cyc_t         r_ready;
  logic         r_rte_known, r_rtt_off, r_rte_bad;
  logic [15:0]  r_rte;
  logic [63:0]  r_cur;
  logic [31:0]  r_left, r_idx;
  cnt_t         r_cnt;

  logic [7:0]   err_q;

  // ---- one cycle's outputs, assembled by the process ----
  job_t jobs_n [2];
  rtt_t rtt_n;
  ev_t  ev_n [EvMax];
  int unsigned nev, njob;

  // ---------------------------------------------------------------------
  // caches, fetch tags, memory calendar, job free list

  `include "tce_sched_res.svh"

  // ---------------------------------------------------------------------
  // events to the completion unit

  function automatic void emit(ev_t e);
    if (nev >= EvMax) begin
      err_q[ErrEvents] = 1'b1;
      return;
    end
    ev_n[nev] = e;
    ev_n[nev].valid = 1'b1;
    nev = nev + 1;
  endfunction

  // A page event of the current request at r_cur, every other field zero.
  function automatic ev_t page_ev();
    ev_t e;
    e = '0;
    e.kind = EvPage;
    e.slot = r_slot;
    e.tag = r_tag;
    e.accept = r_accept;
    e.idx = r_idx;
    e.addr = r_cur;
    return e;
  endfunction

  function automatic void emit_end(status_e st, fault_e r, logic [15:0] pe,
                                   logic [63:0] faddr);
    ev_t e;
    e = '0;
    e.kind = EvEnd;
    e.slot = r_slot;
    e.tag = r_tag;
    e.accept = r_accept;
    e.t = r_ready;
    e.status = st;
    e.reason = r;
    e.pe = pe;
    e.addr = faddr;
    e.cnt = r_cnt;
    emit(e);
  endfunction

  function automatic logic [15:0] inc16(logic [15:0] v, logic [15:0] d);
    logic [16:0] s;
    s = 17'(v) + 17'(d);
    return s[16] ? 16'hFFFF : s[15:0];
  endfunction

  // ---------------------------------------------------------------------
  // page lookup and TCE kill

  `include "tce_sched_lookup.svh"

  // ---------------------------------------------------------------------

  always_ff @(posedge clk_i or negedge rst_ni) begin : p_sched
    automatic cyc_t a, s, st;
    automatic cmd_t c;
    automatic int unsigned k, ncmd, victim;
    automatic int idx;
    automatic logic progress, stop, admitted, msi, unsup, last_ov;
    automatic logic [63:0] last, room, off;
    automatic logic [31:0] clen;
    automatic tve_t t;
    automatic win_t tw;
    automatic logic win;
    automatic ev_t e;
    automatic own_t o;
    automatic logic [7:0] shift;
    if (!rst_ni) begin
      for (int unsigned i = 0; i < 512; i++) tvt[i] = '0;
      for (int unsigned i = 0; i < 256; i++) pestb[i] = 1'b0;
      rtt_bar = tce_cfg_pkg::RttBarReset;
      msi32_en = tce_cfg_pkg::Phb3ConfigReset[55];
      for (int unsigned i = 0; i < RtcMax; i++) begin
        rtc_valid[i] = 1'b0;
        rtc_rid[i] = '0;
        rtc_rte[i] = '0;
        rtc_bad[i] = 1'b0;
        rtc_used[i] = '0;
      end
      rtc_tick = '0;
      rtc_fill = -1;
      for (int unsigned i = 0; i < NCache; i++) begin
        ce_valid[i] = 1'b0;
        ce_pend[i] = 1'b0;
        ce_live[i] = 1'b0;
        ce_err[i] = 1'b0;
        ce_owner[i] = '0;
        ce_olvl[i] = '0;
        ce_pe[i] = '0;
        ce_win[i] = '0;
        ce_ps[i] = '0;
        ce_wsh[i] = '0;
        ce_page[i] = '0;
        ce_data[i] = '0;
        ce_age[i] = '0;
      end
      ce_tick[0] = '0;
      ce_tick[1] = '0;
      rng = '0;  // seeded in the first cycle out of reset
      for (int unsigned i = 0; i < TagsMax; i++) begin
        tg_busy[i] = '0;
        tg_line[i] = '0;
        tg_pe[i] = '0;
        tg_win[i] = 1'b0;
        tg_ps[i] = '0;
        tg_drop[i] = 1'b0;
        tg_job[i] = '0;
      end
      tags_until = '0;
      for (int unsigned i = 0; i < CalBits; i++) begin
        cal_busy[i] = 1'b0;
        cal_own[i] = '0;
      end
      for (int unsigned i = 0; i < JobsMax; i++) jfree[i] = JobW'(i);
      jf_head = 0;
      jf_cnt = JobsMax;
      for (int unsigned i = 0; i < ReqSlots; i++) rfree[i] = ReqW'(i);
      rf_head = 0;
      rf_cnt = ReqSlots;
      next_accept = '0;
      next_slot = '0;
      cnow = '0;
      fs = FsIdle;
      rd_ptr = '0;
      wr_ptr = '0;
      r_tag = '0;
      r_accept = '0;
      r_addr = '0;
      r_len = '0;
      r_dir = 1'b0;
      r_slot = '0;
      r_ready = '0;
      r_rte_known = 1'b0;
      r_rtt_off = 1'b0;
      r_rte_bad = 1'b0;
      r_rte = '0;
      r_cur = '0;
      r_left = '0;
      r_idx = '0;
      r_cnt = '0;
      err_q = '0;
      cmd_room_o <= 1'b1;
      job_o <= '{default: '0};
      rtt_o <= '0;
      slot_o <= '0;
      ev_o <= '{default: '0};
      idle_o <= 1'b1;
      err_o <= '0;
    end else if (hold_i) begin
      // a command handed over while the clock is held: it joins the
      // queue, nothing else moves
      if (cmd_push_i) begin
        cq[CmdW'(wr_ptr)] = cmd_i;
        wr_ptr = wr_ptr + 1'b1;
        idle_o <= 1'b0;
      end
      cmd_room_o <= (wr_ptr - rd_ptr) < (CmdW + 1)'(CmdDepth);
    end else begin
      // the configuration is taken in reset: seed from it now (xorshift
      // must not start at 0)
      if (rng == '0) rng = cfg_i.seed != '0 ? cfg_i.seed : 64'h9E37_79B9_7F4A_7C15;
      nev = 0;
      njob = 0;
      // (only the valid bits: the rest is written before it is read)
      for (int unsigned i = 0; i < EvMax; i++) ev_n[i].valid = 1'b0;
      jobs_n[0].valid = 1'b0;
      jobs_n[1].valid = 1'b0;
      rtt_n.valid = 1'b0;

      // ---- 1. what the walker and the completion unit report ----
      if (cmp_i.valid) begin
        for (int unsigned i = 0; i < NCache; i++) begin
          if (!ce_valid[i] || !ce_live[i] || ce_owner[i] != cmp_i.job) continue;
          ce_live[i] = 1'b0;
          if (cmp_i.fault != FrNone) begin
            // a walk that faults fills nothing (TCE cache, indirect cache)
            ce_valid[i] = 1'b0;
          end else if (i < CacheMax) begin
            ce_data[i] = line_word(cmp_i.line,
                                   cfg_i.line_bytes ? ce_page[i][2:0] : 3'd0);
            ce_err[i] = cmp_i.err;
            ce_pend[i] = 1'b0;
          end
        end
      end
      for (int unsigned i = 0; i < 4; i++) begin
        if (free_valid_i[i]) job_release(free_job_i[i]);
      end
      if (lvl_valid_i) begin
        for (int unsigned i = CacheMax; i < NCache; i++) begin
          if (ce_valid[i] && ce_live[i] && ce_pend[i] && ce_owner[i] == lvl_job_i &&
              ce_olvl[i] == lvl_level_i) begin
            if (lvl_ok_i) begin
              ce_data[i] = lvl_entry_i;
              ce_pend[i] = 1'b0;
            end else begin
              ce_valid[i] = 1'b0;
            end
          end
        end
      end
      if (rtt_valid_i) begin
        if (rtc_fill >= 0) begin
          rtc_rte[rtc_fill] = rtt_rte_i;
          rtc_bad[rtc_fill] = rtt_err_i || r_rtt_off;
          rtc_fill = -1;
        end
        r_rte = rtt_rte_i;
        r_rte_bad = rtt_err_i;
        r_rte_known = 1'b1;
      end
      if (rel_valid_i) begin
        rfree[(rf_head + rf_cnt) % ReqSlots] = rel_slot_i;
        rf_cnt = rf_cnt + 1;
      end

      // ---- 2. events in program order, as many as are due now ----
      ncmd = int'(32'((CmdW + 1)'(wr_ptr - rd_ptr)));
      k = 0;
      admitted = 1'b0;
      for (int it = 0; it < int'(CmdDepth) + 4; it++) begin
        progress = 1'b0;
        unique case (fs)
          FsIdle: begin
            c = cq[CmdW'(rd_ptr + (CmdW + 1)'(k))];
            // a request may end at once (one event): keep room for two
            if (k < ncmd && (c.kind != CmdReq || nev + 2 <= EvMax)) begin
              unique case (c.kind)
                CmdReq: begin
                  a = max_cyc(max_cyc(cnow, c.push), next_accept);
                  if (next_slot > 64'(cfg_i.lat_rtc_hit)) begin
                    a = max_cyc(a, next_slot - 64'(cfg_i.lat_rtc_hit));
                  end
                  if (now_i >= a && !admitted) begin
                    if (rf_cnt == 0) begin
                      err_q[ErrSlots] = 1'b1;
                    end else begin
                      a = now_i;
                      r_tag = c.tag;
                      r_addr = c.val;
                      r_len = c.len;
                      r_dir = c.dir;
                      r_slot = rfree[rf_head];
                      rf_head = (rf_head + 1) % ReqSlots;
                      rf_cnt = rf_cnt - 1;
                      r_cnt = '0;
                      r_rte_known = 1'b0;
                      r_rtt_off = 1'b0;
                      r_rte_bad = 1'b0;
                      r_accept = a;
                      last = c.val + 64'(c.len) - 64'd1;
                      last_ov = last < c.val;
                      msi = (msi32_en && (c.val & ~64'hFFFF) == 64'hFFFF_0000) ||
                            c.val[63:60] == 4'd1;
                      unsup = c.val[63:60] != 4'd0 || last[63:60] != 4'd0 || last_ov ||
                              c.len == '0;
                      if (msi) begin
                        // not timed by the C model: no slot, no clock
                        cnow = max_cyc(cnow, c.push);
                        r_ready = a;
                        emit_end(StMsi, FrNone, NoPe, '0);
                      end else if (unsup) begin
                        cnow = a;
                        next_accept = a + 64'(cfg_i.issue_interval);
                        r_ready = a;
                        emit_end(StFault, FrUnsupportedAddr, NoPe, c.val);
                        admitted = 1'b1;
                      end else begin
                        cnow = a;
                        next_accept = a + 64'(cfg_i.issue_interval);
                        admitted = 1'b1;
                        // RTT cache (fully associative, LRU)
                        rtc_tick = rtc_tick + 64'd1;
                        idx = -1;
                        victim = 0;
                        for (int unsigned i = 0; i < RtcMax; i++) begin
                          if (i >= nrtc) break;
                          if (rtc_valid[i] && rtc_rid[i] == c.rid) begin
                            idx = int'(i);
                            break;
                          end
                          if (!rtc_valid[i] ? rtc_valid[victim] :
                              (rtc_valid[victim] && rtc_used[i] < rtc_used[victim])) begin
                            victim = i;
                          end
                        end
                        r_rtt_off = !rtt_bar[63];
                        if (idx >= 0) begin
                          rtc_used[idx] = rtc_tick;
                          r_cnt.rtc_hit = 1'b1;
                          r_rte = rtc_rte[idx];
                          r_rte_bad = rtc_bad[idx];
                          r_rte_known = 1'b1;
                          r_ready = a + 64'(cfg_i.lat_rtc_hit);
                        end else begin
                          r_cnt.rtc_miss = 1'b1;
                          r_cnt.mem_reads = 16'd1;
                          rtc_valid[victim] = 1'b1;
                          rtc_rid[victim] = c.rid;
                          rtc_used[victim] = rtc_tick;
                          rtc_rte[victim] = '0;
                          rtc_bad[victim] = 1'b1;
                          rtc_fill = int'(victim);
                          o = '0;
                          o.valid = 1'b1;
                          o.rtt = 1'b1;
                          st = cal_book(max_cyc(a + 64'(cfg_i.lat_rtc_hit), now_i + 64'd1),
                                        occ_rtt, o);
                          r_ready = st + 64'(cfg_i.lat_mem_read);
                          if (r_rtt_off) begin
                            // RTT disabled: the C timing model still charges
                            // the read; nothing is fetched
                            rtc_fill = -1;
                            r_rte_known = 1'b1;
                          end
                          rtt_n.valid = 1'b1;
                          rtt_n.phantom = r_rtt_off;
                          rtt_n.addr = (rtt_bar & 64'h0003_FFFF_FFFE_0000) + {47'd0, c.rid, 1'b0};
                          rtt_n.src = c.tag;
                        end
                        fs = FsResolve;
                      end
                      k = k + 1;
                      progress = 1'b1;
                    end
                  end
                end
                CmdTable: begin
                  cnow = max_cyc(cnow, c.push);
                  if (c.len[13:9] == TselTvt) tvt[c.len[8:0]] = c.val;
                  else if (c.len[13:9] == TselPestb) pestb[c.len[7:0]] = c.val[63];
                  k = k + 1;
                  progress = 1'b1;
                end
                CmdRttBar: begin
                  cnow = max_cyc(cnow, c.push);
                  rtt_bar = c.val;
                  k = k + 1;
                  progress = 1'b1;
                end
                CmdConfig: begin
                  cnow = max_cyc(cnow, c.push);
                  msi32_en = c.val[55];
                  k = k + 1;
                  progress = 1'b1;
                end
                CmdRtcInv: begin
                  cnow = max_cyc(cnow, c.push);
                  for (int unsigned i = 0; i < RtcMax; i++) begin
                    if (i >= nrtc) break;
                    if (c.val[63] || rtc_rid[i] == c.val[47:32]) begin
                      rtc_valid[i] = 1'b0;
                      if (rtc_fill == int'(i)) rtc_fill = -1;
                    end
                  end
                  k = k + 1;
                  progress = 1'b1;
                end
                CmdKill: begin
                  cnow = max_cyc(cnow, c.push);
                  do_kill(c.val[63:61], c.val[59:12], c.val[7:0]);
                  k = k + 1;
                  progress = 1'b1;
                end
                CmdPeStop: begin
                  cnow = max_cyc(cnow, c.push);
                  pestb[c.rid[7:0]] = c.tag[0];
                  k = k + 1;
                  progress = 1'b1;
                end
                default: begin
                  k = k + 1;
                  progress = 1'b1;
                end
              endcase
            end
          end

          FsResolve: begin
            if (r_rte_known && now_i >= r_ready) begin
              r_ready = max_cyc(r_ready, now_i);
              if (r_rtt_off) begin
                emit_end(StFault, FrInvalidPe, NoPe, r_addr);
                fs = FsIdle;
              end else if (r_rte_bad) begin
                emit_end(StFault, FrTableMemory, NoPe, r_addr);
                fs = FsIdle;
              end else if (r_rte >= 16'(cfg_i.num_pes)) begin
                emit_end(StFault, FrInvalidPe, NoPe, r_addr);
                fs = FsIdle;
              end else if (pestb[r_rte[7:0]]) begin
                emit_end(StFrozen, FrNone, r_rte, '0);
                fs = FsIdle;
              end else begin
                r_cur = r_addr;
                r_left = r_len;
                r_idx = '0;
                fs = FsPages;
              end
              progress = 1'b1;
            end
          end

          default: begin  // FsPages
            win = r_cur[59];
            t = tve_decode(tvt[{r_rte[7:0], win}]);
            off = {5'd0, r_cur[58:0]};
            if (!t.valid) begin
              // no lookup: the request ends here
              e = page_ev();
              e.reason = FrInvalidTve;
              emit(e);
              emit_end(StOk, FrNone, r_rte, '0);
              fs = FsIdle;
              progress = 1'b1;
            end else if (!t.bypass && t.win_shift < 8'd59 && (off >> t.win_shift) != 64'd0 &&
                         !cfg_i.oow_policy) begin
              e = page_ev();
              e.reason = FrOutOfWindow;
              emit(e);
              emit_end(StOk, FrNone, r_rte, '0);
              fs = FsIdle;
              progress = 1'b1;
            end else begin
              s = max_cyc(r_ready, next_slot);
              if (now_i >= s) begin
                s = now_i;
                if (!t.bypass && t.win_shift < 8'd59) off = off & low_mask(t.win_shift);
                shift = t.bypass ? 8'd24 : t.ps;
                room = (64'd1 << shift) - (r_cur & low_mask(shift));
                clen = 64'(r_left) < room ? r_left : room[31:0];
                if (t.bypass) begin
                  next_slot = s + 64'(cfg_i.issue_interval);
                  r_cnt.pages = inc16(r_cnt.pages, 16'd1);
                  r_cnt.bypass = inc16(r_cnt.bypass, 16'd1);
                  e = page_ev();
                  e.t = s + 64'(cfg_i.lat_hit);
                  e.pa = {14'd0, r_cur[49:0]};
                  if (cfg_i.bypass_bounds_check && (off < t.start || off >= t.stop)) begin
                    e.reason = FrOutOfWindow;
                  end else if (e.pa + 64'(clen) > ram_bytes_i) begin
                    e.reason = FrTargetMemory;
                  end
                  stop = e.reason != FrNone;
                end else begin
                  tw = '{levels: t.levels, ts: t.ts, ps: t.ps, win_shift: t.win_shift,
                         tbl: t.tbl};
                  e = page_lookup(s, tw, win, off, clen, stop);
                end
                emit(e);
                r_cur = r_cur + 64'(clen);
                r_left = r_left - clen;
                r_idx = r_idx + 32'd1;
                if (stop || r_left == '0) begin
                  emit_end(StOk, FrNone, r_rte, '0);
                  fs = FsIdle;
                end
                progress = 1'b1;
              end
            end
          end
        endcase
        if (!progress) break;
      end
      rd_ptr = rd_ptr + (CmdW + 1)'(k);
      // this cycle's command joins the queue (acted on from the next cycle)
      if (cmd_push_i) begin
        cq[CmdW'(wr_ptr)] = cmd_i;
        wr_ptr = wr_ptr + 1'b1;
      end

      // ---- 3. the calendar slot of this cycle is past ----
      cal_busy[CalW'(now_i)] = 1'b0;
      cal_own[CalW'(now_i)] = '0;

      // ---- registered outputs ----
      cmd_room_o <= (wr_ptr - rd_ptr) < (CmdW + 1)'(CmdDepth);
      job_o <= jobs_n;
      if (njob > 2) err_q[ErrJobs] = 1'b1;
      rtt_o <= rtt_n;
      slot_o <= cal_own[CalW'(now_i + 64'd1)];
      ev_o <= ev_n;
      idle_o <= fs == FsIdle && wr_ptr == rd_ptr && nev == 0 && njob == 0 && !rtt_n.valid;
      err_o <= err_q;
    end
  end
  /* verilator lint_on BLKSEQ */

endmodule
