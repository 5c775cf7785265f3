// SPDX-License-Identifier: GPL-2.0
//
// tce_walker: executes the fetch jobs the scheduler starts, one engine per
// job slot. A job is one fetch tag's walk: table reads of levels
// first..levels-1 (8-byte entries or 64-byte lines), or the single leaf
// read of a next-page prefetch. The scheduler books every read's start
// cycle on its calendar when the walk starts (slot_i names the read that
// starts in this cycle); the walker puts it on the memory read channel with
// the table base the previous level returned, checks each returned entry
// (an indirect entry needs R or W; a read outside RAM is TABLE_MEMORY) and
// reports, in the cycle it happens:
//   - rtt_*: the RTE of the request being admitted (the 2-byte RTT read);
//   - lvl_*: a non-leaf entry (indirect-entry cache fill);
//   - cmp_o: a job done at its booked completion cycle, with its leaf line.
// A walk that faults above the leaf keeps its booked slots and completion
// cycle (the C model charges the whole walk) and issues no further reads.
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
  output logic            idle_o,
  output logic [7:0]      err_o
);

  localparam logic [JobW-1:0] RttId = JobW'(JobsMax);
  localparam int unsigned LateDepth = 16;

  // ---- per-job state, gathered from the engines below ----
  logic [JobsMax-1:0] j_wait, j_active, j_late, j_base_ok, j_leaf_ok, j_prefetch, j_line64;
  logic [15:0]        j_src [JobsMax];
  logic [3:0]         j_levels [JobsMax];
  logic [3:0]         j_next [JobsMax];   // level j_base is the base of
  logic [7:0]         j_ts [JobsMax];
  logic [7:0]         j_ps [JobsMax];
  logic [63:0]        j_off [JobsMax];
  logic [63:0]        j_base [JobsMax];
  logic [2:0]         j_late_lvl [JobsMax];
  logic [2:0]         j_rd_word [JobsMax];
  fault_e             j_fault [JobsMax];
  logic               j_err [JobsMax];
  logic [511:0]       j_leaf [JobsMax];

  // ---- shared state ----
  logic [CalBits-1:0] d_valid;            // completion ring: a job done at cycle
  logic [JobW-1:0]    d_job [CalBits];
  logic               r_phantom;          // the RTT read booked last
  logic [63:0]        r_addr;
  logic [15:0]        r_src;
  logic [JobW-1:0]    late_q [LateDepth]; // jobs done late, in data order
  cyc_t               late_t [LateDepth];
  logic [4:0]         late_n;
  logic [7:0]         err_q;

  // ---- the read of this cycle ----
  typedef struct packed {
    logic            go;       // a read is put on the channel
    logic            missing;  // its table base is not known yet: issue late
    logic [JobW-1:0] id;
    logic [2:0]      lvl;
    logic [63:0]     addr;
    logic [6:0]      size;
    logic [15:0]     src;
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

  function automatic rd_t job_read(logic [JobW-1:0] j, logic [2:0] lvl, logic [63:0] base,
                                   logic [63:0] off, logic [7:0] ps, logic [7:0] ts,
                                   logic [3:0] levels, logic line64, logic [15:0] src);
    rd_t r;
    logic [63:0] ea;
    r = '0;
    ea = base | (lvl_index(off, ps, ts, levels, lvl) << 3);
    r.go = 1'b1;
    r.id = j;
    r.lvl = lvl;
    r.addr = line64 ? (ea & ~64'h3F) : ea;
    r.size = line64 ? 7'd64 : 7'd8;
    r.src = src;
    r.word = line64 ? ea[5:3] : 3'd0;
    return r;
  endfunction

  rd_t rd;
  always_comb begin
    logic [JobW-1:0] j;
    logic [63:0] e;
    int unsigned f;
    rd = '0;
    j = slot_i.job;
    e = '0;
    f = 0;
    for (int unsigned k = 0; k < 2; k++) begin
      if (f == 0 && job_i[k].valid && job_i[k].id == j) f = k + 1;
    end
    if (slot_i.valid && slot_i.rtt) begin
      rd.id = RttId;
      if (!(rtt_i.valid ? rtt_i.phantom : r_phantom)) begin
        rd.go = 1'b1;
        rd.addr = rtt_i.valid ? rtt_i.addr : r_addr;
        rd.size = 7'd2;
        rd.src = rtt_i.valid ? rtt_i.src : r_src;
      end
    end else if (slot_i.valid && f != 0) begin
      // a job created this cycle: its first read may start now
      if (job_i[f - 1].base_ok) begin
        rd = job_read(j, slot_i.level, job_i[f - 1].base, job_i[f - 1].offset,
                      job_i[f - 1].ps, job_i[f - 1].ts, job_i[f - 1].levels,
                      job_i[f - 1].line64, job_i[f - 1].src);
      end else begin
        rd.missing = 1'b1;
        rd.id = j;
        rd.lvl = slot_i.level;
      end
    end else if (slot_i.valid && j_fault[j] == FrNone) begin
      if (j_base_ok[j] && j_next[j] == 4'(slot_i.level)) begin
        rd = job_read(j, slot_i.level, j_base[j], j_off[j], j_ps[j], j_ts[j], j_levels[j],
                      j_line64[j], j_src[j]);
      end else if (mem_resp_valid_i && mem_resp_id_i == j && !mem_resp_err_i &&
                   slot_i.level != 3'd0 && j_next[j] == 4'(slot_i.level) - 4'd1) begin
        // the level above arrives this very cycle (lat_walk_level = 0)
        e = line_word(mem_resp_data_i, j_rd_word[j]);
        if (e[1:0] != 2'b00) begin
          rd = job_read(j, slot_i.level, e & ~64'hFFF, j_off[j], j_ps[j], j_ts[j],
                        j_levels[j], j_line64[j], j_src[j]);
        end
      end else begin
        rd.missing = 1'b1;
        rd.id = j;
        rd.lvl = slot_i.level;
      end
    end
    // a cycle without a booked read: the first job whose late read can go
    if (!slot_i.valid && j_late != '0) begin
      for (int unsigned i = 0; i < JobsMax; i++) begin
        if (j_late[i] && j_fault[i] == FrNone && j_base_ok[i] &&
            j_next[i] == 4'(j_late_lvl[i])) begin
          rd = job_read(JobW'(i), j_late_lvl[i], j_base[i], j_off[i], j_ps[i], j_ts[i],
                        j_levels[i], j_line64[i], j_src[i]);
          break;
        end
      end
    end
  end

  assign mem_req_valid_o = rd.go;
  assign mem_req_id_o = rd.id;
  assign mem_req_addr_o = rd.addr;
  assign mem_req_size_o = rd.size;
  assign mem_req_src_o = rd.src;
  assign mem_req_level_o = rd.lvl;

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

  // ---- this cycle's completion: the booked cycle, or later for a late leaf ----
  logic [JobW-1:0] cj;
  logic            c_ring, c_late, c_ready;

  always_comb begin
    c_ring = d_valid[CalW'(now_i)];
    cj = c_ring ? d_job[CalW'(now_i)] : late_q[0];
    c_late = !c_ring && late_n != '0 && late_t[0] <= now_i;
    // done: faulted, leaf in, or the leaf arriving now without walk latency
    c_ready = j_fault[cj] != FrNone || j_leaf_ok[cj] ||
              (mem_resp_valid_i && rj == cj && j_next[cj] == j_levels[cj] - 4'd1 &&
               lat_walk_level_i == '0);
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

  // ---- one engine per job slot ----
  for (genvar g = 0; g < JobsMax; g++) begin : g_job
    localparam logic [JobW-1:0] Id = JobW'(g);
    logic            active_q, prefetch_q, line64_q, base_ok_q, dep_q, err_q1;
    logic            leaf_ok_q, late_q1, wait_done_q;
    logic [15:0]     src_q;
    logic [3:0]      levels_q, next_q;
    logic [7:0]      ts_q, ps_q;
    logic [63:0]     off_q, base_q;
    logic [JobW-1:0] dep_job_q;
    logic [2:0]      dep_lvl_q, late_lvl_q, rd_word_q;
    fault_e          fault_q;
    logic [511:0]    leaf_q;
    logic            mine_new, mine_rd, mine_resp, mine_dep, mine_cmp;
    logic            k;

    always_comb begin
      k = job_i[1].valid && job_i[1].id == Id;
      mine_new = job_i[k].valid && job_i[k].id == Id;
      mine_rd = rd.id == Id && rd.go && mem_req_ready_i && !slot_i.rtt;
      mine_resp = resp_job && rj == Id;
      // the job this one takes its table base from answers now
      mine_dep = mem_resp_valid_i && resp_job && !resp_leaf &&
                 (mine_new ? !job_i[k].base_ok && job_i[k].base_job == rj &&
                             (!resp_ok || job_i[k].base_lvl == 3'(j_next[rj]))
                           : active_q && dep_q && dep_job_q == rj &&
                             (!resp_ok || dep_lvl_q == 3'(j_next[rj])));
      mine_cmp = cmp_o.valid && cmp_o.job == Id;
    end

    always_ff @(posedge clk_i or negedge rst_ni) begin : p_job
      if (!rst_ni) begin
        active_q <= 1'b0;
        late_q1 <= 1'b0;
        base_ok_q <= 1'b0;
        leaf_ok_q <= 1'b0;
        dep_q <= 1'b0;
        fault_q <= FrNone;
        wait_done_q <= 1'b0;
      end else begin
        if (mine_new) begin
          active_q <= 1'b1;
          prefetch_q <= job_i[k].prefetch;
          src_q <= job_i[k].src;
          levels_q <= job_i[k].levels;
          ts_q <= job_i[k].ts;
          ps_q <= job_i[k].ps;
          off_q <= job_i[k].offset;
          line64_q <= job_i[k].line64;
          next_q <= job_i[k].first;
          base_q <= job_i[k].base;
          base_ok_q <= job_i[k].base_ok;
          dep_q <= !job_i[k].base_ok;
          dep_job_q <= job_i[k].base_job;
          dep_lvl_q <= job_i[k].base_lvl;
          fault_q <= FrNone;
          err_q1 <= 1'b0;
          leaf_ok_q <= 1'b0;
          late_q1 <= 1'b0;
          wait_done_q <= 1'b0;
        end
        if (mine_dep) begin
          dep_q <= 1'b0;
          if (!resp_ok) fault_q <= mem_resp_err_i ? FrTableMemory : FrInvalidIndirect;
          else begin
            base_q <= resp_entry & ~64'hFFF;
            base_ok_q <= 1'b1;
          end
        end
        if (mine_rd) begin
          rd_word_q <= rd.word;
          base_ok_q <= 1'b0;
          late_q1 <= 1'b0;
        end else if (rd.id == Id && !slot_i.rtt && (rd.missing || (rd.go && !mem_req_ready_i)) &&
                     !late_q1) begin
          late_q1 <= 1'b1;
          late_lvl_q <= rd.lvl;
        end
        if (mine_resp) begin
          if (!resp_ok && !(resp_leaf && !mem_resp_err_i)) begin
            if (prefetch_q && resp_leaf) begin
              err_q1 <= 1'b1;
              leaf_ok_q <= 1'b1;
              leaf_q <= mem_resp_data_i;
            end else begin
              fault_q <= mem_resp_err_i ? FrTableMemory : FrInvalidIndirect;
            end
          end else if (resp_leaf) begin
            leaf_ok_q <= 1'b1;
            leaf_q <= mem_resp_data_i;
          end else begin
            base_q <= resp_entry & ~64'hFFF;
            base_ok_q <= 1'b1;
            next_q <= next_q + 4'd1;
          end
          if (wait_done_q) wait_done_q <= 1'b0;
        end
        if (c_ring && !c_ready && cj == Id) wait_done_q <= 1'b1;
        if (mine_cmp) begin
          active_q <= 1'b0;
          late_q1 <= 1'b0;
          dep_q <= 1'b0;
        end
      end
    end

    assign j_active[g] = active_q;
    assign j_late[g] = late_q1;
    assign j_base_ok[g] = base_ok_q;
    assign j_leaf_ok[g] = leaf_ok_q;
    assign j_prefetch[g] = prefetch_q;
    assign j_line64[g] = line64_q;
    assign j_src[g] = src_q;
    assign j_levels[g] = levels_q;
    assign j_next[g] = next_q;
    assign j_ts[g] = ts_q;
    assign j_ps[g] = ps_q;
    assign j_off[g] = off_q;
    assign j_base[g] = base_q;
    assign j_late_lvl[g] = late_lvl_q;
    assign j_rd_word[g] = rd_word_q;
    assign j_fault[g] = fault_q;
    assign j_err[g] = err_q1;
    assign j_leaf[g] = leaf_q;
    assign j_wait[g] = wait_done_q;
  end

  // ---- shared registers ----
  always_ff @(posedge clk_i or negedge rst_ni) begin : p_shared
    automatic logic [4:0] ln;
    if (!rst_ni) begin
      d_valid <= '0;
      r_phantom <= 1'b0;
      r_addr <= '0;
      r_src <= '0;
      late_n <= '0;
      err_q <= '0;
    end else begin
      if (rtt_i.valid) begin
        r_phantom <= rtt_i.phantom;
        r_addr <= rtt_i.addr;
        r_src <= rtt_i.src;
      end
      for (int unsigned k = 0; k < 2; k++) begin
        if (job_i[k].valid) begin
          if (job_i[k].done - now_i >= 64'(CalBits)) err_q[0] <= 1'b1;
          d_valid[CalW'(job_i[k].done)] <= 1'b1;
          d_job[CalW'(job_i[k].done)] <= job_i[k].id;
        end
      end
      if (c_ring) d_valid[CalW'(now_i)] <= 1'b0;
      if (c_ring && !c_ready) err_q[2] <= 1'b1;  // memory slower than lat_mem_read
      ln = late_n;
      if (c_late) begin
        for (int unsigned i = 0; i < LateDepth - 1; i++) begin
          late_q[i] <= late_q[i + 1];
          late_t[i] <= late_t[i + 1];
        end
        ln = ln - 5'd1;
      end
      // a late leaf arrived: complete lat_walk_level later
      if (resp_job && j_wait[rj] && (resp_leaf || !resp_ok)) begin
        if (ln < 5'(LateDepth)) begin
          late_q[ln[3:0]] <= rj;
          late_t[ln[3:0]] <= now_i + 64'(lat_walk_level_i);
          ln = ln + 5'd1;
        end else begin
          err_q[1] <= 1'b1;
        end
      end
      late_n <= ln;
    end
  end

  assign idle_o = late_n == '0 && j_late == '0;
  assign err_o = err_q;

endmodule
