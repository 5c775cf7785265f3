// SPDX-License-Identifier: GPL-2.0
//
// tce_cmdq: the entrance of the unit's one in-order command queue. The
// request port, the register port (through tce_regs) and the PE-stop port
// each hand over one command per handshake, at most one per cycle (PE stop
// first, then register, then request), while the queue (held by tce_sched,
// its only reader) has room. A command handed over in cycle c can be acted
// on from cycle c + 1. Each command carries its arrival cycle at_i (the
// cycle it reached the PHB, stamped by the link or MMIO side: the C
// model's "now" for it); handed over ahead of it, it waits in the queue
// until then.
module tce_cmdq
  import tce_pkg::*;
(
  input  cyc_t  at_i,
  input  logic  room_i,
  // request port
  input  logic  req_valid_i,
  output logic  req_ready_o,
  input  cmd_t  req_i,
  // register commands (from tce_regs)
  input  logic  reg_valid_i,
  output logic  reg_ready_o,
  input  cmd_t  reg_i,
  // error-logic port
  input  logic  stop_valid_i,
  output logic  stop_ready_o,
  input  cmd_t  stop_i,
  // into the queue
  output logic  push_o,
  output cmd_t  cmd_o
);

  assign stop_ready_o = room_i;
  assign reg_ready_o = room_i && !stop_valid_i;
  assign req_ready_o = room_i && !stop_valid_i && !reg_valid_i;

  always_comb begin
    cmd_o = '0;
    push_o = 1'b1;
    if (stop_valid_i && stop_ready_o) cmd_o = stop_i;
    else if (reg_valid_i && reg_ready_o) cmd_o = reg_i;
    else if (req_valid_i && req_ready_o) cmd_o = req_i;
    else push_o = 1'b0;
    cmd_o.push = at_i;
  end

endmodule
