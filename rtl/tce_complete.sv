// SPDX-License-Identifier: GPL-2.0
//
// tce_complete: one record per request in flight. Pages whose result the
// scheduler knew at lookup (hits, bypass, refusals) are folded in at once;
// pages waiting for a fetch (misses, hits under miss) are queued on their
// job and resolved from the leaf line when the walker reports the job done
// (leaf check: INVALID_LEAF, PERMISSION; TABLE_MEMORY / INVALID_INDIRECT
// from the walk; TARGET_MEMORY against the installed RAM). The request's
// result is the C model's: a request-level outcome (MSI, frozen, decode or
// RTT faults), else the fault of the first faulting page, else OK with the
// first page's PA. Its completion cycle is the latest page completion (or
// the cycle the request was resolved, for a request without lookups).
// A finished request whose completion cycle has come waits in a FIFO for
// the response channel (one response a cycle; a fetch may complete many
// requests at once); one that finished ahead of its completion cycle (a
// hit, known at lookup, done lat_hit later) first waits in a short queue
// ordered by completion cycle.
//
// The records, waiter lists and release queue are private to the one
// clocked process below, which may update the same record several times in
// a cycle (blocking assignments, as in tce_sched; see there).
module tce_complete
  import tce_pkg::*;
(
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic [63:0]     ram_bytes_i,
  input  cyc_t            now_i,
  input  logic            hold_i,   // the clock is held: nothing moves
  input  ev_t             ev_i [EvMax],
  input  cmp_t            cmp_i,
  output logic            rel_valid_o,
  output logic [ReqW-1:0] rel_slot_o,
  // response channel
  output logic            resp_valid_o,
  input  logic            resp_ready_i,
  output logic [15:0]     resp_tag_o,
  output status_e         resp_status_o,
  output fault_e          resp_reason_o,
  output logic [15:0]     resp_pe_o,
  output logic [63:0]     resp_pa_o,
  output logic [63:0]     resp_fault_addr_o,
  output cyc_t            resp_accept_o,
  output cyc_t            resp_done_o,
  output cnt_t            resp_cnt_o,
  output logic            idle_o,
  output logic [7:0]      err_o
);

  localparam int unsigned RelDepth = 1 << RelW;
  localparam logic [31:0] NoPage = '1;

  /* verilator lint_off BLKSEQ */
  // request records
  logic        q_valid [ReqSlots];
  logic        q_end [ReqSlots];      // every page issued
  logic [15:0] q_tag [ReqSlots];
  cyc_t        q_accept [ReqSlots];
  cyc_t        q_done [ReqSlots];
  logic [31:0] q_out [ReqSlots];      // pages waiting for a fetch
  status_e     q_status [ReqSlots];   // request-level outcome (StOk: pages)
  fault_e      q_reason [ReqSlots];
  logic [15:0] q_pe [ReqSlots];
  logic [63:0] q_faddr [ReqSlots];
  logic [31:0] q_fpage [ReqSlots];    // first faulting page, or NoPage
  fault_e      q_freason [ReqSlots];
  logic [63:0] q_fpaddr [ReqSlots];
  logic [63:0] q_pa [ReqSlots];       // page 0
  cnt_t        q_cnt [ReqSlots];
  int unsigned n_live;

  // pages waiting for a fetch, a list per job
  logic [ReqW-1:0]  w_slot [WaitSlots];
  logic [31:0]      w_idx [WaitSlots];
  cyc_t             w_t [WaitSlots];     // lookup done
  logic [63:0]      w_addr [WaitSlots];
  logic             w_dir [WaitSlots];
  logic [31:0]      w_clen [WaitSlots];
  logic [7:0]       w_ps [WaitSlots];
  logic [2:0]       w_word [WaitSlots];
  logic [WaitW:0]   w_next [WaitSlots];  // WaitSlots = end of list
  logic [WaitW:0]   l_head [JobsMax];
  logic [WaitW:0]   l_tail [JobsMax];
  logic [WaitW-1:0] wfree [WaitSlots];
  int unsigned      wf_head, wf_cnt;

  // finished requests: due ones in a FIFO, early ones by completion cycle
  logic [ReqW-1:0] due_q [ReqSlots];
  int unsigned     due_h, due_n;
  logic [ReqW-1:0] rel_slot [RelDepth];
  cyc_t            rel_t [RelDepth];
  int unsigned     rel_n;

  logic [7:0] err_q;

  localparam logic [WaitW:0] ListEnd = (WaitW + 1)'(WaitSlots);

  // A request record as its first event opens it (valid), or as reset
  // leaves it (not valid).
  function automatic void open_record(logic [ReqW-1:0] q, logic valid, logic [15:0] tag,
                                      cyc_t accept, logic [15:0] pe);
    q_valid[q] = valid;
    q_end[q] = 1'b0;
    q_tag[q] = tag;
    q_accept[q] = accept;
    q_done[q] = accept;
    q_out[q] = '0;
    q_status[q] = StOk;
    q_reason[q] = FrNone;
    q_pe[q] = pe;
    q_faddr[q] = '0;
    q_fpage[q] = NoPage;
    q_freason[q] = FrNone;
    q_fpaddr[q] = '0;
    q_pa[q] = '0;
    q_cnt[q] = '0;
  endfunction

  function automatic void page_result(logic [ReqW-1:0] q, logic [31:0] idx, fault_e r,
                                      logic [63:0] addr, logic [63:0] pa, cyc_t done);
    q_done[q] = max_cyc(q_done[q], done);
    if (r != FrNone) begin
      if (idx < q_fpage[q]) begin
        q_fpage[q] = idx;
        q_freason[q] = r;
        q_fpaddr[q] = addr;
      end
    end else if (idx == '0) begin
      q_pa[q] = pa;
    end
  endfunction

  // Every page in: the request is finished; due now, or later.
  function automatic void finish(logic [ReqW-1:0] q);
    logic [RelW-1:0] at;
    if (!q_valid[q] || !q_end[q] || q_out[q] != '0) return;
    q_end[q] = 1'b0;  // queued once
    if (q_done[q] <= now_i) begin
      due_q[(due_h + due_n) % ReqSlots] = q;
      due_n = due_n + 1;
      return;
    end
    if (rel_n >= RelDepth - 1) begin
      err_q[1] = 1'b1;
      return;
    end
    // ordered by completion cycle (stable); usually the newest is last
    at = RelW'(rel_n);
    for (int unsigned i = RelDepth - 1; i > 0; i--) begin
      if (i > rel_n) continue;
      if (rel_t[i - 1] <= q_done[q]) break;
      rel_slot[i] = rel_slot[i - 1];
      rel_t[i] = rel_t[i - 1];
      at = RelW'(i - 1);
    end
    rel_slot[at] = q;
    rel_t[at] = q_done[q];
    rel_n = rel_n + 1;
  endfunction

  always_ff @(posedge clk_i or negedge rst_ni) begin : p_complete
    automatic ev_t e;
    automatic logic [ReqW-1:0] q;
    automatic logic [WaitW:0] w, nx;
    automatic logic [WaitW-1:0] wi;
    automatic logic [63:0] tce, pa;
    automatic fault_e r;
    if (!rst_ni) begin
      for (int unsigned i = 0; i < ReqSlots; i++) open_record(ReqW'(i), 1'b0, '0, '0, '0);
      n_live = 0;
      for (int unsigned i = 0; i < WaitSlots; i++) begin
        w_slot[i] = '0;
        w_idx[i] = '0;
        w_t[i] = '0;
        w_addr[i] = '0;
        w_dir[i] = 1'b0;
        w_clen[i] = '0;
        w_ps[i] = '0;
        w_word[i] = '0;
        w_next[i] = ListEnd;
        wfree[i] = WaitW'(i);
      end
      wf_head = 0;
      wf_cnt = WaitSlots;
      for (int unsigned i = 0; i < JobsMax; i++) begin
        l_head[i] = ListEnd;
        l_tail[i] = ListEnd;
      end
      for (int unsigned i = 0; i < RelDepth; i++) begin
        rel_slot[i] = '0;
        rel_t[i] = '0;
      end
      rel_n = 0;
      for (int unsigned i = 0; i < ReqSlots; i++) due_q[i] = '0;
      due_h = 0;
      due_n = 0;
      err_q = '0;
      rel_valid_o <= 1'b0;
      rel_slot_o <= '0;
      resp_valid_o <= 1'b0;
      resp_tag_o <= '0;
      resp_status_o <= StOk;
      resp_reason_o <= FrNone;
      resp_pe_o <= '0;
      resp_pa_o <= '0;
      resp_fault_addr_o <= '0;
      resp_accept_o <= '0;
      resp_done_o <= '0;
      resp_cnt_o <= '0;
      idle_o <= 1'b1;
      err_o <= '0;
    end else if (!hold_i) begin
      // ---- scheduler events, in order ----
      for (int unsigned k = 0; k < EvMax; k++) begin
        e = ev_i[k];
        if (!e.valid) continue;
        q = e.slot;
        if (!q_valid[q]) begin
          // the request's first event opens its record
          open_record(q, 1'b1, e.tag, e.accept, NoPe);
          n_live = n_live + 1;
        end
        unique case (e.kind)
          EvPage: begin
            if (!e.wait_job) begin
              page_result(q, e.idx, e.reason, e.addr, e.pa, e.t);
            end else if (wf_cnt == 0) begin
              err_q[0] = 1'b1;
            end else begin
              wi = wfree[wf_head];
              wf_head = (wf_head + 1) % WaitSlots;
              wf_cnt = wf_cnt - 1;
              w_slot[wi] = q;
              w_idx[wi] = e.idx;
              w_t[wi] = e.t;
              w_addr[wi] = e.addr;
              w_dir[wi] = e.dir;
              w_clen[wi] = e.clen;
              w_ps[wi] = e.ps;
              w_word[wi] = e.word;
              w_next[wi] = ListEnd;
              if (l_head[e.job] == ListEnd) l_head[e.job] = {1'b0, wi};
              else w_next[l_tail[e.job][WaitW-1:0]] = {1'b0, wi};
              l_tail[e.job] = {1'b0, wi};
              q_out[q] = q_out[q] + 32'd1;
            end
          end
          default: begin  // EvEnd
            q_end[q] = 1'b1;
            q_status[q] = e.status;
            q_reason[q] = e.reason;
            q_pe[q] = e.pe;
            q_faddr[q] = e.addr;
            q_cnt[q] = e.cnt;
            q_done[q] = max_cyc(q_done[q], e.t);
            finish(q);
          end
        endcase
      end

      // ---- a fetch finished: its waiting pages ----
      if (cmp_i.valid) begin
        w = l_head[cmp_i.job];
        for (int unsigned n = 0; n < WaitSlots; n++) begin
          if (w == ListEnd) break;
          wi = w[WaitW-1:0];
          q = w_slot[wi];
          tce = line_word(cmp_i.line, w_word[wi]);
          r = cmp_i.fault != FrNone ? cmp_i.fault :
              cmp_i.err ? FrTableMemory : leaf_check(tce[1:0], w_dir[wi]);
          pa = (tce & ~low_mask(w_ps[wi])) | (w_addr[wi] & low_mask(w_ps[wi]));
          if (r == FrNone && (pa + 64'(w_clen[wi]) > ram_bytes_i ||
                              pa + 64'(w_clen[wi]) < pa)) begin
            r = FrTargetMemory;
          end
          page_result(q, w_idx[wi], r, w_addr[wi], pa, max_cyc(w_t[wi], now_i));
          q_out[q] = q_out[q] - 32'd1;
          nx = w_next[wi];
          wfree[(wf_head + wf_cnt) % WaitSlots] = wi;
          wf_cnt = wf_cnt + 1;
          finish(q);
          w = nx;
        end
        l_head[cmp_i.job] = ListEnd;
        l_tail[cmp_i.job] = ListEnd;
      end

      // ---- the response channel ----
      rel_valid_o <= 1'b0;
      if (resp_valid_o && resp_ready_i) resp_valid_o <= 1'b0;
      // early requests whose cycle has come join the due FIFO
      while (rel_n != 0 && rel_t[0] <= now_i) begin
        due_q[(due_h + due_n) % ReqSlots] = rel_slot[0];
        due_n = due_n + 1;
        for (int unsigned i = 0; i + 1 < RelDepth; i++) begin
          if (i + 1 >= rel_n) break;
          rel_slot[i] = rel_slot[i + 1];
          rel_t[i] = rel_t[i + 1];
        end
        rel_n = rel_n - 1;
      end
      if ((!resp_valid_o || resp_ready_i) && due_n != 0) begin
        q = due_q[due_h];
        due_h = (due_h + 1) % ReqSlots;
        due_n = due_n - 1;
        resp_valid_o <= 1'b1;
        resp_tag_o <= q_tag[q];
        resp_accept_o <= q_accept[q];
        resp_done_o <= q_done[q];
        resp_cnt_o <= q_cnt[q];
        resp_pe_o <= q_pe[q];
        if (q_status[q] != StOk) begin
          resp_status_o <= q_status[q];
          resp_reason_o <= q_reason[q];
          resp_pa_o <= '0;
          resp_fault_addr_o <= q_faddr[q];
        end else if (q_fpage[q] != NoPage) begin
          resp_status_o <= StFault;
          resp_reason_o <= q_freason[q];
          resp_pa_o <= '0;
          resp_fault_addr_o <= q_fpaddr[q];
        end else begin
          resp_status_o <= StOk;
          resp_reason_o <= FrNone;
          resp_pa_o <= q_pa[q];
          resp_fault_addr_o <= '0;
        end
        q_valid[q] = 1'b0;
        n_live = n_live - 1;
        rel_valid_o <= 1'b1;
        rel_slot_o <= q;
      end
      idle_o <= n_live == 0;
      err_o <= err_q;
    end
  end
  /* verilator lint_on BLKSEQ */

endmodule
