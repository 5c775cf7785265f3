// SPDX-License-Identifier: GPL-2.0
//
// tce_fetch_unit: the PHB3 (IODA2) TCE fetch unit twin, top level.
//
//   req ----\                        /-> walker --- mem_req -->
//   reg -> regs -> cmdq -> sched ---<            <-- mem_resp --
//   pe_stop -/             |         \-> complete --> resp
//                          +-- RTT cache, TVT/PESTB, TCE cache,
//                              indirect cache, fetch tags, memory calendar
//
// Channels (valid/ready; a transfer happens in a cycle where both are 1):
//   req      DMA request in: tag, RID, bus address, length, direction.
//   resp     result out: tag, status, fault reason, PE, PA, fault address,
//            accept and completion cycles, per-request counters.
//   mem_req  memory read out: id (fetch job, or the RTT read), physical
//            address, size (2, 8 or 64 bytes); src/level for tracing.
//   mem_resp memory data in (any order): id, 64 bytes (byte 0 at [7:0]),
//            error (address outside RAM).
//   reg      64-bit register write: offset in the PHB's 4 KiB space.
//   pe_stop  the PHB error logic setting/clearing a PE's PESTB DMA-stopped
//            bit (the fetch unit only checks it).
//   cmd_at   the arrival cycle of the command handed over in this cycle
//            (whichever port): the cycle it reached the PHB, stamped by the
//            link / MMIO side. A command handed over ahead of its arrival
//            waits for it; one handed over late is taken at once, with its
//            arrival as "now" (docs/rtl.md, "Commands and time").
//   hold     simulation only: the clock is held for this edge; a command
//            handed over joins the queue and nothing else moves (commands
//            that reached the PHB in the same cycle are handed over in
//            held edges, no clock cycle each).
//   warp     simulation only: with the unit idle (nothing queued, in
//            flight or booked), jump the clock to warp_to (a later cycle),
//            skipping idle cycles in one step.
// Configuration: one input per C configuration key (tce_cfg_pkg), taken
// while in reset and held; cfg_default_i selects the C defaults instead.
// cmd_room_o: a command handed over next cycle will be taken.
// Everything is documented in docs/rtl.md.
module tce_fetch_unit
  import tce_pkg::*;
(
  input  logic            clk_i,
  input  logic            rst_ni,
  // configuration
  input  logic            cfg_default_i,
  input  logic [8:0]      cfg_num_pes_i,
  input  logic [16:0]     cfg_rtc_entries_i,
  input  logic            cfg_oow_policy_i,
  input  logic            cfg_bypass_bounds_check_i,
  input  logic [16:0]     cfg_entries_i,
  input  logic [16:0]     cfg_ways_i,
  input  logic [1:0]      cfg_policy_i,
  input  logic [63:0]     cfg_seed_i,
  input  logic [10:0]     cfg_issue_interval_i,
  input  logic [19:0]     cfg_lat_rtc_hit_i,
  input  logic [19:0]     cfg_lat_hit_i,
  input  logic            cfg_line_bytes_i,
  input  logic            cfg_prefetch_next_i,
  input  logic            cfg_cache_indirect_i,
  input  logic [16:0]     cfg_indirect_entries_i,
  input  logic [6:0]      cfg_max_outstanding_fetches_i,
  input  logic [19:0]     cfg_lat_walk_level_i,
  input  logic [26:0]     cfg_lat_mem_read_i,
  input  logic [12:0]     cfg_mem_bytes_per_cycle_i,
  input  logic [26:0]     cfg_lat_kill_all_i,
  input  logic [26:0]     cfg_lat_kill_pe_i,
  input  logic [26:0]     cfg_lat_kill_one_i,
  input  logic            cfg_kill_inflight_i,
  input  logic [63:0]     ram_bytes_i,
  // request
  input  logic            req_valid_i,
  output logic            req_ready_o,
  input  logic [15:0]     req_tag_i,
  input  logic [15:0]     req_rid_i,
  input  logic [63:0]     req_addr_i,
  input  logic [31:0]     req_len_i,
  input  logic            req_write_i,
  // response
  output logic            resp_valid_o,
  input  logic            resp_ready_i,
  output logic [15:0]     resp_tag_o,
  output logic [1:0]      resp_status_o,
  output logic [3:0]      resp_reason_o,
  output logic [15:0]     resp_pe_o,
  output logic [63:0]     resp_pa_o,
  output logic [63:0]     resp_fault_addr_o,
  output logic [63:0]     resp_accept_o,
  output logic [63:0]     resp_done_o,
  output cnt_t            resp_cnt_o,
  // memory reads
  output logic            mem_req_valid_o,
  input  logic            mem_req_ready_i,
  output logic [JobW-1:0] mem_req_id_o,
  output logic [63:0]     mem_req_addr_o,
  output logic [6:0]      mem_req_size_o,
  output logic [15:0]     mem_req_src_o,
  output logic [2:0]      mem_req_level_o,
  output logic [31:0]     mem_req_page_o,
  output logic            mem_req_pf_o,
  input  logic            mem_resp_valid_i,
  input  logic [JobW-1:0] mem_resp_id_i,
  input  logic [511:0]    mem_resp_data_i,
  input  logic            mem_resp_err_i,
  // register writes
  input  logic            reg_valid_i,
  output logic            reg_ready_o,
  input  logic [11:0]     reg_addr_i,
  input  logic [63:0]     reg_data_i,
  // PE stop (error logic)
  input  logic            pe_stop_valid_i,
  output logic            pe_stop_ready_o,
  input  logic [7:0]      pe_stop_pe_i,
  input  logic            pe_stop_set_i,
  // arrival stamp of the command handed over this cycle (any port)
  input  logic [63:0]     cmd_at_i,
  // hold the clock this cycle: a command is handed over in no time
  input  logic            hold_i,
  // simulation: jump the clock to warp_to_i (only while idle)
  input  logic            warp_i,
  input  logic [63:0]     warp_to_i,
  // status
  output logic [63:0]     cycle_o,
  output logic            cmd_room_o,
  output logic            idle_o,
  output logic [23:0]     err_o
);

  cfg_t cfg_in, cfg;
  cyc_t now_q;

  always_comb begin
    if (cfg_default_i) begin
      cfg_in = tce_cfg_pkg::CfgDefault;
    end else begin
      cfg_in = '{
        num_pes: cfg_num_pes_i,
        rtc_entries: cfg_rtc_entries_i,
        oow_policy: cfg_oow_policy_i,
        bypass_bounds_check: cfg_bypass_bounds_check_i,
        entries: cfg_entries_i,
        ways: cfg_ways_i,
        policy: cfg_policy_i,
        seed: cfg_seed_i,
        issue_interval: cfg_issue_interval_i,
        lat_rtc_hit: cfg_lat_rtc_hit_i,
        lat_hit: cfg_lat_hit_i,
        line_bytes: cfg_line_bytes_i,
        prefetch_next: cfg_prefetch_next_i,
        cache_indirect: cfg_cache_indirect_i,
        indirect_entries: cfg_indirect_entries_i,
        max_outstanding_fetches: cfg_max_outstanding_fetches_i,
        lat_walk_level: cfg_lat_walk_level_i,
        lat_mem_read: cfg_lat_mem_read_i,
        mem_bytes_per_cycle: cfg_mem_bytes_per_cycle_i,
        lat_kill_all: cfg_lat_kill_all_i,
        lat_kill_pe: cfg_lat_kill_pe_i,
        lat_kill_one: cfg_lat_kill_one_i,
        kill_inflight: cfg_kill_inflight_i
      };
    end
  end

  // the configuration is taken while in reset and held
  always_ff @(posedge clk_i or negedge rst_ni) begin : p_cfg
    if (!rst_ni) cfg <= cfg_in;
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin : p_cycle
    if (!rst_ni) now_q <= '0;
    else if (hold_i) now_q <= now_q;
    else if (warp_i && idle_o && warp_to_i > now_q) now_q <= warp_to_i;
    else now_q <= now_q + 64'd1;
  end
  assign cycle_o = now_q;

  // ---- command queue entrance ----
  cmd_t req_cmd, reg_cmd, stop_cmd, cmd_in;
  logic reg_cmd_valid, reg_cmd_ready, cmd_push, cmd_room;

  always_comb begin
    req_cmd = '0;
    req_cmd.kind = CmdReq;
    req_cmd.val = req_addr_i;
    req_cmd.len = req_len_i;
    req_cmd.rid = req_rid_i;
    req_cmd.tag = req_tag_i;
    req_cmd.dir = req_write_i;
    stop_cmd = '0;
    stop_cmd.kind = CmdPeStop;
    stop_cmd.rid = {8'd0, pe_stop_pe_i};
    stop_cmd.tag = {15'd0, pe_stop_set_i};
  end

  tce_regs u_regs (
    .clk_i,
    .rst_ni,
    .valid_i     (reg_valid_i),
    .ready_o     (reg_ready_o),
    .addr_i      (reg_addr_i),
    .data_i      (reg_data_i),
    .cmd_valid_o (reg_cmd_valid),
    .cmd_ready_i (reg_cmd_ready),
    .cmd_o       (reg_cmd)
  );

  tce_cmdq u_cmdq (
    .at_i         (cmd_at_i),
    .room_i       (cmd_room),
    .req_valid_i,
    .req_ready_o,
    .req_i        (req_cmd),
    .reg_valid_i  (reg_cmd_valid),
    .reg_ready_o  (reg_cmd_ready),
    .reg_i        (reg_cmd),
    .stop_valid_i (pe_stop_valid_i),
    .stop_ready_o (pe_stop_ready_o),
    .stop_i       (stop_cmd),
    .push_o       (cmd_push),
    .cmd_o        (cmd_in)
  );

  // ---- scheduler, walker, completion ----
  job_t jobs [2];
  rtt_t rtt;
  own_t slot;
  logic rtt_valid, rtt_err, lvl_valid, lvl_ok, rel_valid;
  logic [15:0] rtt_rte;
  logic [JobW-1:0] lvl_job;
  logic [2:0] lvl_level;
  logic [63:0] lvl_entry;
  logic [ReqW-1:0] rel_slot;
  cmp_t cmp;
  logic [3:0] free_valid;
  logic [JobW-1:0] free_job [4];
  ev_t evs [EvMax];
  logic sched_idle, walk_idle, comp_idle;
  logic [7:0] sched_err, walk_err, comp_err;
  status_e resp_status;
  fault_e resp_reason;

  tce_sched u_sched (
    .clk_i,
    .rst_ni,
    .cfg_i        (cfg),
    .ram_bytes_i,
    .now_i        (now_q),
    .hold_i,
    .cmd_push_i   (cmd_push),
    .cmd_i        (cmd_in),
    .cmd_room_o   (cmd_room),
    .job_o        (jobs),
    .rtt_o        (rtt),
    .slot_o       (slot),
    .rtt_valid_i  (rtt_valid),
    .rtt_rte_i    (rtt_rte),
    .rtt_err_i    (rtt_err),
    .lvl_valid_i  (lvl_valid),
    .lvl_job_i    (lvl_job),
    .lvl_level_i  (lvl_level),
    .lvl_entry_i  (lvl_entry),
    .lvl_ok_i     (lvl_ok),
    .cmp_i        (cmp),
    .free_valid_i (free_valid),
    .free_job_i   (free_job),
    .ev_o         (evs),
    .rel_valid_i  (rel_valid),
    .rel_slot_i   (rel_slot),
    .idle_o       (sched_idle),
    .err_o        (sched_err)
  );

  tce_walker u_walker (
    .clk_i,
    .rst_ni,
    .lat_walk_level_i (cfg.lat_walk_level),
    .now_i        (now_q),
    .hold_i,
    .job_i        (jobs),
    .rtt_i        (rtt),
    .slot_i       (slot),
    .mem_req_valid_o,
    .mem_req_ready_i,
    .mem_req_id_o,
    .mem_req_addr_o,
    .mem_req_size_o,
    .mem_req_src_o,
    .mem_req_level_o,
    .mem_req_page_o,
    .mem_req_pf_o,
    .mem_resp_valid_i,
    .mem_resp_id_i,
    .mem_resp_data_i,
    .mem_resp_err_i,
    .rtt_valid_o  (rtt_valid),
    .rtt_rte_o    (rtt_rte),
    .rtt_err_o    (rtt_err),
    .lvl_valid_o  (lvl_valid),
    .lvl_job_o    (lvl_job),
    .lvl_level_o  (lvl_level),
    .lvl_entry_o  (lvl_entry),
    .lvl_ok_o     (lvl_ok),
    .cmp_o        (cmp),
    .free_valid_o (free_valid),
    .free_job_o   (free_job),
    .idle_o       (walk_idle),
    .err_o        (walk_err)
  );

  tce_complete u_complete (
    .clk_i,
    .rst_ni,
    .ram_bytes_i,
    .now_i             (now_q),
    .hold_i,
    .ev_i              (evs),
    .cmp_i             (cmp),
    .rel_valid_o       (rel_valid),
    .rel_slot_o        (rel_slot),
    .resp_valid_o,
    .resp_ready_i,
    .resp_tag_o,
    .resp_status_o     (resp_status),
    .resp_reason_o     (resp_reason),
    .resp_pe_o,
    .resp_pa_o,
    .resp_fault_addr_o,
    .resp_accept_o,
    .resp_done_o,
    .resp_cnt_o,
    .idle_o            (comp_idle),
    .err_o             (comp_err)
  );

  assign resp_status_o = resp_status;
  assign resp_reason_o = resp_reason;
  assign idle_o = sched_idle && walk_idle && comp_idle;
  assign cmd_room_o = cmd_room;
  assign err_o = {comp_err, walk_err, sched_err};

endmodule
