// SPDX-License-Identifier: GPL-2.0
//
// tce_walker: executes the fetch jobs the scheduler starts. A job is one
// fetch tag's walk: table reads of levels first..levels-1 (8-byte entries
// or 64-byte lines), or the single leaf read of a next-page prefetch. The
// scheduler books every read's start cycle on its calendar when the walk
// starts (slot_i names the read that starts in this cycle); the walker
// puts it on the memory read channel with the table base the level above
// returned, checks each returned entry (an indirect entry needs R or W; a
// read outside RAM is TABLE_MEMORY) and reports, in the cycle it happens:
//   - rtt_*: the RTE of the request being admitted (the 2-byte RTT read);
//   - lvl_*: a non-leaf entry (indirect-entry cache fill);
//   - cmp_o: a job done at its booked completion cycle, with its leaf line;
//   - free_*: job slots the scheduler may reuse.
// A walk that faults above the leaf keeps its booked slots and completion
// cycle (the C model charges the whole walk) and issues no further reads.
//
// A job may take its first table base from another job's read (a prefetch
// from its demand walk's level above the leaf; a walk that skipped levels
// through an indirect entry still being fetched): it reads the source's
// stored entry, and the source's slot stays pinned until it has.
//
// With memory answering in exactly lat_mem_read cycles every read finds
// its table base in time. With any other latency the unit stays correct:
// a read whose base is not back yet is issued late, in a cycle no booked
// read uses, and a job whose leaf is late completes lat_walk_level after
// it arrives.
module tce_walker
  import tce_pkg::*;
(
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic [19:0]     lat_walk_level_i,
  input  cyc_t            now_i,
  input  logic            hold_i,   // the clock is held: nothing moves
  // from the scheduler (registered there)
  input  job_t            job_i [2],
  input  rtt_t            rtt_i,
  input  own_t            slot_i,
  // memory read request
  output logic            mem_req_valid_o,
  input  logic            mem_req_ready_i,
  output logic [JobW-1:0] mem_req_id_o,
  output logic [63:0]     mem_req_addr_o,
  output logic [6:0]      mem_req_size_o,
  output logic [15:0]     mem_req_src_o,
  output logic [2:0]      mem_req_level_o,
  output logic [31:0]     mem_req_page_o,
  output logic            mem_req_pf_o,
  // memory read response (any order, any latency)
  input  logic            mem_resp_valid_i,
  input  logic [JobW-1:0] mem_resp_id_i,
  input  logic [511:0]    mem_resp_data_i,
  input  logic            mem_resp_err_i,
  // to the scheduler / completion unit (this cycle)
  output logic            rtt_valid_o,
  output logic [15:0]     rtt_rte_o,
  output logic            rtt_err_o,
  output logic            lvl_valid_o,
  output logic [JobW-1:0] lvl_job_o,
  output logic [2:0]      lvl_level_o,
  output logic [63:0]     lvl_entry_o,
  output logic            lvl_ok_o,
  output cmp_t            cmp_o,
  output logic [3:0]      free_valid_o,
  output logic [JobW-1:0] free_job_o [4],
  output logic            idle_o,
  output logic [7:0]      err_o
);

  localparam logic [JobW-1:0] RttId = JobW'(JobsMax);
  localparam int unsigned LateDepth = 16;

  // ---- job state ----
  logic [JobsMax-1:0] j_active;   // between creation and completion
  logic [JobsMax-1:0] j_zombie;   // completed, still a table-base source
  logic [JobsMax-1:0] j_late;     // a read missed its slot
  logic [JobsMax-1:0] j_dep;      // first base comes from another job
  logic [JobsMax-1:0] j_base_ok;
  logic [JobsMax-1:0] j_leaf_ok;
  logic [JobsMax-1:0] j_wait;     // completion due, leaf not back
  logic               j_prefetch [JobsMax];
  logic               j_line64 [JobsMax];
  logic               j_err [JobsMax];
  logic [15:0]        j_src [JobsMax];
  logic [31:0]        j_pidx [JobsMax];
  logic [3:0]         j_levels [JobsMax];
  logic [3:0]         j_next [JobsMax];   // level being read / whose base j_base is
  logic [7:0]         j_ts [JobsMax];
  logic [7:0]         j_ps [JobsMax];
  logic [63:0]        j_off [JobsMax];
  logic [63:0]        j_base [JobsMax];
  logic [JobW-1:0]    j_dep_job [JobsMax];
  logic [2:0]         j_dep_lvl [JobsMax];
  logic [2:0]         j_late_lvl [JobsMax];
  logic [2:0]         j_rd_word [JobsMax];
  fault_e             j_fault [JobsMax];
  logic [511:0]       j_leaf [JobsMax];
  logic [7:0]         j_pins [JobsMax];   // jobs still to read a base from here
  logic [63:0]        j_ent [JobsMax * 4];  // non-leaf entries read, by level
  logic [JobsMax*4-1:0] j_ent_ok;

  // ---- shared state ----
  logic [CalBits-1:0] d_valid;            // completion ring: job done at cycle
  logic [JobW-1:0]    d_job [CalBits];
  logic               r_phantom;          // the RTT read booked last
  logic [63:0]        r_addr;
  logic [15:0]        r_src;
  logic [JobW-1:0]    late_q [LateDepth]; // jobs done late (ring from late_h)
  cyc_t               late_t [LateDepth];
  logic [3:0]         late_h;
  logic [4:0]         late_n;
  logic [7:0]         err_q;

  // ---- this cycle's response ----
  logic            resp_job, resp_leaf, resp_ok;
  logic [JobW-1:0] rj;
  logic [63:0]     resp_entry;

  always_comb begin
    rj = mem_resp_id_i;
    resp_job = mem_resp_valid_i && 32'(rj) < JobsMax && j_active[rj];
    resp_entry = line_word(mem_resp_data_i, resp_job ? j_rd_word[rj] : 3'd0);
    resp_leaf = resp_job && j_next[rj] == j_levels[rj] - 4'd1;
    resp_ok = !mem_resp_err_i && resp_entry[1:0] != 2'b00;
    rtt_valid_o = mem_resp_valid_i && rj == RttId;
    rtt_rte_o = {mem_resp_data_i[7:0], mem_resp_data_i[15:8]};
    rtt_err_o = mem_resp_err_i;
    lvl_valid_o = resp_job && !resp_leaf;
    lvl_job_o = rj;
    lvl_level_o = 3'(j_next[rj]);
    lvl_entry_o = resp_entry;
    lvl_ok_o = resp_ok;
  end

  // ---- the read of this cycle ----
  typedef struct packed {
    logic            go;       // a read is put on the channel
    logic            missing;  // its table base is not known yet: issue late
    logic            dep_done; // a dependent job took its base (unpin)
    logic            dep_fault;// ... or learnt its source faulted
    fault_e          fault;
    logic [JobW-1:0] id;
    logic [2:0]      lvl;
    logic [63:0]     addr;
    logic [6:0]      size;
    logic [15:0]     src;
    logic [31:0]     pidx;
    logic            pf;
    logic [2:0]      word;
  } rd_t;

  // Table index of level `lvl` for window offset `off`.
  function automatic logic [63:0] lvl_index(logic [63:0] off, logic [7:0] ps, logic [7:0] ts,
                                            logic [3:0] levels, logic [2:0] lvl);
    logic [8:0] sh;
    logic [4:0] below;  // levels under lvl
    below = {1'b0, levels} - 5'd1 - {2'b00, lvl};
    sh = 9'(ps) + 9'(ts) * {4'd0, below};
    return (sh >= 9'd64 ? 64'd0 : (off >> sh)) & low_mask(ts);
  endfunction

  // Where job j's base for level lvl stands now: 1 known (base), 0 not yet;
  // fault set when it will never come.
  function automatic logic base_of(logic [JobW-1:0] j, logic [2:0] lvl, output logic [63:0] base,
                                   output fault_e fault);
    logic [JobW-1:0] s;
    logic [2:0] sl;
    base = j_base[j];
    fault = FrNone;
    if (j_dep[j]) begin
      s = j_dep_job[j];
      sl = j_dep_lvl[j];
      if (j_ent_ok[{s, sl[1:0]}]) begin
        base = j_ent[{s, sl[1:0]}] & ~64'hFFF;
        return 1'b1;
      end
      if (resp_job && rj == s && j_next[s] == 4'(sl)) begin
        base = resp_entry & ~64'hFFF;
        fault = resp_ok ? FrNone : (mem_resp_err_i ? FrTableMemory : FrInvalidIndirect);
        return resp_ok;
      end
      if (j_fault[s] != FrNone) begin
        fault = j_fault[s];
        return 1'b0;
      end
      return 1'b0;
    end
    if (j_base_ok[j] && j_next[j] == 4'(lvl)) return 1'b1;
    // the level above arrives this very cycle (lat_walk_level = 0)
    if (resp_job && rj == j && lvl != 3'd0 && j_next[j] == 4'(lvl) - 4'd1) begin
      base = resp_entry & ~64'hFFF;
      return resp_ok;
    end
    return 1'b0;
  endfunction

  // A table read of level lvl at entry address ea (before line alignment).
  function automatic rd_t table_read(logic [JobW-1:0] id, logic [2:0] lvl, logic [63:0] ea,
                                     logic line64, logic [15:0] src, logic [31:0] pidx,
                                     logic pf);
    rd_t r;
    r = '0;
    r.go = 1'b1;
    r.id = id;
    r.lvl = lvl;
    r.addr = line64 ? (ea & ~64'h3F) : ea;
    r.size = line64 ? 7'd64 : 7'd8;
    r.src = src;
    r.pidx = pidx;
    r.pf = pf;
    r.word = line64 ? ea[5:3] : 3'd0;
    return r;
  endfunction

  function automatic rd_t job_read(logic [JobW-1:0] j, logic [2:0] lvl, logic [63:0] base);
    rd_t r;
    r = table_read(j, lvl,
                   base | (lvl_index(j_off[j], j_ps[j], j_ts[j], j_levels[j], lvl) << 3),
                   j_line64[j], j_src[j], j_pidx[j], j_prefetch[j]);
    r.dep_done = j_dep[j];
    return r;
  endfunction

  // The first read of a job created this cycle (booked one cycle after its
  // lookup when lat_hit is 1): from the creation record; without its table
  // base yet (it comes from another job's read) the read is missing. The
  // record's scheduling fields (valid, id, first, base_job/lvl, done) are
  // the scheduler's and the caller's: unused here on purpose.
  /* verilator lint_off UNUSEDSIGNAL */
  function automatic rd_t new_read(logic [JobW-1:0] id, job_t jb, logic [2:0] lvl);
    rd_t r;
    if (jb.base_ok) begin
      r = table_read(id, lvl,
                     jb.base | (lvl_index(jb.offset, jb.ps, jb.ts, jb.levels, lvl) << 3),
                     jb.line64, jb.src, jb.pidx, jb.prefetch);
    end else begin
      r = '0;
      r.missing = 1'b1;
      r.id = id;
      r.lvl = lvl;
    end
    return r;
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  rd_t rd;
  always_comb begin
    logic [JobW-1:0] j, lj;
    logic [63:0] base;
    fault_e f;
    logic found;
    rd = '0;
    j = slot_i.job;
    lj = '0;
    base = '0;
    f = FrNone;
    found = 1'b0;
    if (slot_i.valid && slot_i.rtt) begin
      rd.id = RttId;
      if (!(rtt_i.valid ? rtt_i.phantom : r_phantom)) begin
        rd.go = 1'b1;
        rd.addr = rtt_i.valid ? rtt_i.addr : r_addr;
        rd.size = 7'd2;
        rd.src = rtt_i.valid ? rtt_i.src : r_src;
      end
    end else if (slot_i.valid && job_i[0].valid && job_i[0].id == j) begin
      rd = new_read(j, job_i[0], slot_i.level);
    end else if (slot_i.valid && job_i[1].valid && job_i[1].id == j) begin
      rd = new_read(j, job_i[1], slot_i.level);
    end else if (slot_i.valid && j_active[j] && j_fault[j] == FrNone) begin
      if (base_of(j, slot_i.level, base, f)) begin
        rd = job_read(j, slot_i.level, base);
      end else if (f != FrNone) begin
        rd.id = j;
        rd.dep_fault = 1'b1;
        rd.fault = f;
      end else begin
        rd.missing = 1'b1;
        rd.id = j;
        rd.lvl = slot_i.level;
      end
    end
    // a cycle without a booked read: the first job whose late read can go
    if (!slot_i.valid && j_late != '0) begin
      for (int unsigned i = 0; i < JobsMax; i++) begin
        if (j_late[i] && j_fault[i] == FrNone &&
            base_of(JobW'(i), j_late_lvl[i], base, f)) begin
          lj = JobW'(i);
          found = 1'b1;
          break;
        end
      end
      if (found) begin
        void'(base_of(lj, j_late_lvl[lj], base, f));
        rd = job_read(lj, j_late_lvl[lj], base);
      end
    end
  end

  assign mem_req_valid_o = rd.go;
  assign mem_req_id_o = rd.id;
  assign mem_req_addr_o = rd.addr;
  assign mem_req_size_o = rd.size;
  assign mem_req_src_o = rd.src;
  assign mem_req_level_o = rd.lvl;
  assign mem_req_page_o = rd.pidx;
  assign mem_req_pf_o = rd.pf;

  // ---- this cycle's completion: the booked cycle, or later for a late leaf ----
  logic [JobW-1:0] cj;
  logic            c_ring, c_late, c_ready;

  always_comb begin
    c_ring = d_valid[CalW'(now_i)];
    cj = c_ring ? d_job[CalW'(now_i)] : late_q[late_h];
    c_late = !c_ring && late_n != '0 && late_t[late_h] <= now_i;
    // done: faulted, leaf in, or the leaf arriving now without walk latency
    c_ready = j_fault[cj] != FrNone || j_leaf_ok[cj] ||
              (resp_job && rj == cj && resp_leaf && lat_walk_level_i == '0);
    cmp_o = '0;
    if ((c_ring && c_ready) || c_late) begin
      cmp_o.valid = 1'b1;
      cmp_o.job = cj;
      cmp_o.fault = j_fault[cj];
      cmp_o.err = j_err[cj];
      cmp_o.line = j_leaf[cj];
      if (!j_leaf_ok[cj] && j_fault[cj] == FrNone) begin
        cmp_o.line = mem_resp_data_i;
        if (mem_resp_err_i) begin
          if (j_prefetch[cj]) cmp_o.err = 1'b1;
          else cmp_o.fault = FrTableMemory;
        end
      end
    end
  end

  // ---- pins: jobs reading their first base from another job ----
  // A created dependent pins its source; a dependent that took (or can
  // never take) its base, or completes, unpins it; a completed source is
  // freed at zero pins. Up to four pin events a cycle: two creations, the
  // read of this cycle, a completion.
  logic [JobW-1:0] pin_src [4];
  logic [7:0]      pin_new [4];
  logic [3:0]      pin_en;
  logic            cmp_unpin;

  always_comb begin
    for (int unsigned k = 0; k < 4; k++) begin
      pin_src[k] = '0;
      pin_new[k] = '0;
      pin_en[k] = 1'b0;
    end
    for (int unsigned k = 0; k < 2; k++) begin
      if (job_i[k].valid && !job_i[k].base_ok) begin
        pin_src[k] = job_i[k].base_job;
        pin_en[k] = 1'b1;
      end
    end
    if (((rd.go && mem_req_ready_i && rd.dep_done) || rd.dep_fault) && j_dep[rd.id]) begin
      pin_src[2] = j_dep_job[rd.id];
      pin_en[2] = 1'b1;
    end
    cmp_unpin = cmp_o.valid && j_dep[cj] && !(pin_en[2] && rd.id == cj);
    if (cmp_unpin) begin
      pin_src[3] = j_dep_job[cj];
      pin_en[3] = 1'b1;
    end
    // the new count of each source touched (repeated sources agree)
    for (int unsigned k = 0; k < 4; k++) begin
      pin_new[k] = j_pins[pin_src[k]];
      for (int unsigned m = 0; m < 4; m++) begin
        if (pin_en[m] && pin_src[m] == pin_src[k]) begin
          pin_new[k] = m < 2 ? pin_new[k] + 8'd1 : pin_new[k] - 8'd1;
        end
      end
    end
  end

  // Pins of job j after this cycle's pin events.
  function automatic logic [7:0] pins_after(logic [JobW-1:0] j);
    for (int unsigned k = 0; k < 4; k++) begin
      if (pin_en[k] && pin_src[k] == j) return pin_new[k];
    end
    return j_pins[j];
  endfunction

  always_ff @(posedge clk_i or negedge rst_ni) begin : p_walk
    automatic logic [4:0] ln;
    automatic logic [3:0] tail;
    automatic logic [2:0] nf;
    automatic logic [JobW-1:0] j;
    if (!rst_ni) begin
      j_active <= '0;
      j_zombie <= '0;
      j_late <= '0;
      j_dep <= '0;
      j_base_ok <= '0;
      j_leaf_ok <= '0;
      j_wait <= '0;
      j_ent_ok <= '0;
      d_valid <= '0;
      r_phantom <= 1'b0;
      r_addr <= '0;
      r_src <= '0;
      late_n <= '0;
      late_h <= '0;
      err_q <= '0;
      free_valid_o <= '0;
      free_job_o <= '{default: '0};
    end else if (!hold_i) begin
      nf = 3'd0;

      // ---- the RTT read and new jobs ----
      if (rtt_i.valid) begin
        r_phantom <= rtt_i.phantom;
        r_addr <= rtt_i.addr;
        r_src <= rtt_i.src;
      end
      for (int unsigned k = 0; k < 2; k++) begin
        if (job_i[k].valid) begin
          j = job_i[k].id;
          j_active[j] <= 1'b1;
          j_zombie[j] <= 1'b0;
          j_late[j] <= 1'b0;
          j_wait[j] <= 1'b0;
          j_leaf_ok[j] <= 1'b0;
          j_dep[j] <= !job_i[k].base_ok;
          j_base_ok[j] <= job_i[k].base_ok;
          j_prefetch[j] <= job_i[k].prefetch;
          j_line64[j] <= job_i[k].line64;
          j_err[j] <= 1'b0;
          j_src[j] <= job_i[k].src;
          j_pidx[j] <= job_i[k].pidx;
          j_levels[j] <= job_i[k].levels;
          j_next[j] <= job_i[k].first;
          j_ts[j] <= job_i[k].ts;
          j_ps[j] <= job_i[k].ps;
          j_off[j] <= job_i[k].offset;
          j_base[j] <= job_i[k].base;
          j_dep_job[j] <= job_i[k].base_job;
          j_dep_lvl[j] <= job_i[k].base_lvl;
          j_fault[j] <= FrNone;
          j_pins[j] <= '0;
          for (int unsigned l = 0; l < 4; l++) j_ent_ok[{j, 2'(l)}] <= 1'b0;
          if (job_i[k].done - now_i >= 64'(CalBits)) err_q[0] <= 1'b1;
          d_valid[CalW'(job_i[k].done)] <= 1'b1;
          d_job[CalW'(job_i[k].done)] <= j;
        end
      end
      for (int unsigned k = 0; k < 4; k++) begin
        if (pin_en[k]) j_pins[pin_src[k]] <= pin_new[k];
      end

      // ---- the read of this cycle ----
      if (rd.go && mem_req_ready_i && rd.id != RttId) begin
        j_rd_word[rd.id] <= rd.word;
        j_base_ok[rd.id] <= 1'b0;
        j_late[rd.id] <= 1'b0;
        j_dep[rd.id] <= 1'b0;
      end else if (rd.dep_fault) begin
        j_fault[rd.id] <= rd.fault;
        j_dep[rd.id] <= 1'b0;
      end else if ((rd.missing || (rd.go && !mem_req_ready_i)) && rd.id != RttId &&
                   !j_late[rd.id]) begin
        j_late[rd.id] <= 1'b1;
        j_late_lvl[rd.id] <= rd.lvl;
      end
      // a source with no pins left, completed earlier, is free now
      if (pin_en[2] && pin_new[2] == '0 && j_zombie[pin_src[2]]) begin
        j_zombie[pin_src[2]] <= 1'b0;
        free_job_o[nf[1:0]] <= pin_src[2];
        nf = nf + 3'd1;
      end
      if (pin_en[3] && pin_new[3] == '0 && j_zombie[pin_src[3]] &&
          !(pin_en[2] && pin_src[2] == pin_src[3])) begin
        j_zombie[pin_src[3]] <= 1'b0;
        free_job_o[nf[1:0]] <= pin_src[3];
        nf = nf + 3'd1;
      end

      // ---- a response ----
      if (resp_job) begin
        if (!resp_leaf) begin
          j_ent[{rj, j_next[rj][1:0]}] <= resp_entry;
          j_ent_ok[{rj, j_next[rj][1:0]}] <= resp_ok;
        end
        if (mem_resp_err_i || (!resp_leaf && !resp_ok)) begin
          if (j_prefetch[rj] && resp_leaf) begin
            j_err[rj] <= 1'b1;
            j_leaf_ok[rj] <= 1'b1;
            j_leaf[rj] <= mem_resp_data_i;
          end else begin
            j_fault[rj] <= mem_resp_err_i ? FrTableMemory : FrInvalidIndirect;
          end
        end else if (resp_leaf) begin
          j_leaf_ok[rj] <= 1'b1;
          j_leaf[rj] <= mem_resp_data_i;
        end else begin
          j_base[rj] <= resp_entry & ~64'hFFF;
          j_base_ok[rj] <= 1'b1;
          j_next[rj] <= j_next[rj] + 4'd1;
        end
      end

      // ---- completion ----
      if (c_ring) d_valid[CalW'(now_i)] <= 1'b0;
      if (c_ring && !c_ready) begin
        j_wait[cj] <= 1'b1;
        err_q[2] <= 1'b1;  // memory slower than lat_mem_read: timing is off
      end
      if (cmp_o.valid) begin
        j_active[cj] <= 1'b0;
        j_late[cj] <= 1'b0;
        j_wait[cj] <= 1'b0;
        j_dep[cj] <= 1'b0;
        if (pins_after(cj) == '0) begin
          free_job_o[nf[1:0]] <= cj;
          nf = nf + 3'd1;
        end else begin
          j_zombie[cj] <= 1'b1;
        end
      end
      free_valid_o <= 4'((5'd1 << nf) - 5'd1);

      // ---- late completions, lat_walk_level after a late leaf ----
      ln = late_n;
      if (c_late) begin
        late_h <= late_h + 4'd1;
        ln = ln - 5'd1;
      end
      if (resp_job && j_wait[rj] && (resp_leaf || !resp_ok)) begin
        if (ln < 5'(LateDepth)) begin
          tail = late_h + ln[3:0] + (c_late ? 4'd1 : 4'd0);
          late_q[tail] <= rj;
          late_t[tail] <= now_i + 64'(lat_walk_level_i);
          ln = ln + 5'd1;
        end else begin
          err_q[1] <= 1'b1;
        end
        j_wait[rj] <= 1'b0;
      end
      late_n <= ln;
    end
  end

  assign idle_o = j_active == '0 && late_n == '0 && j_late == '0;
  assign err_o = err_q;

endmodule
