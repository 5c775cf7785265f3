// SPDX-License-Identifier: GPL-2.0
//
// tce_cmdq: the unit's one in-order command queue. The request port, the
// register port (through tce_regs) and the PE-stop port each push one
// command per handshake, at most one per cycle (PE stop first, then
// register, then request). A command handed over in cycle c can be acted
// on from cycle c + 1: it is stamped c + 1, its arrival (the C model's
// "now" for it). The scheduler reads the first
// CmdLook commands from its own read pointer and advances it by the number
// it consumed.
module tce_cmdq
  import tce_pkg::*;
(
  input  logic          clk_i,
  input  logic          rst_ni,
  input  cyc_t          now_i,
  // request port
  input  logic          req_valid_i,
  output logic          req_ready_o,
  input  cmd_t          req_i,
  // register commands (from tce_regs)
  input  logic          reg_valid_i,
  output logic          reg_ready_o,
  input  cmd_t          reg_i,
  // error-logic port
  input  logic          stop_valid_i,
  output logic          stop_ready_o,
  input  cmd_t          stop_i,
  // to the scheduler
  input  logic [CmdW:0] rd_ptr_i,
  output logic [CmdW:0] count_o,
  output cmd_t          cmd_o [CmdLook]
);

  localparam int unsigned Depth = 1 << CmdW;

  cmd_t          q [Depth];
  logic [CmdW:0] wr_ptr;
  logic          room;

  assign count_o = wr_ptr - rd_ptr_i;
  assign room = count_o < (CmdW + 1)'(Depth);
  assign stop_ready_o = room;
  assign reg_ready_o = room && !stop_valid_i;
  assign req_ready_o = room && !stop_valid_i && !reg_valid_i;

  always_comb begin
    for (int unsigned k = 0; k < CmdLook; k++) begin
      cmd_o[k] = q[CmdW'(rd_ptr_i + (CmdW + 1)'(k))];
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin : p_push
    cmd_t c;
    if (!rst_ni) begin
      wr_ptr <= '0;  // entries are written before they are read
    end else begin
      c = '0;
      if (stop_valid_i && stop_ready_o) c = stop_i;
      else if (reg_valid_i && reg_ready_o) c = reg_i;
      else if (req_valid_i && req_ready_o) c = req_i;
      if ((stop_valid_i && stop_ready_o) || (reg_valid_i && reg_ready_o) ||
          (req_valid_i && req_ready_o)) begin
        c.push = now_i + 64'd1;
        q[CmdW'(wr_ptr)] <= c;
        wr_ptr <= wr_ptr + 1'b1;
      end
    end
  end

endmodule
