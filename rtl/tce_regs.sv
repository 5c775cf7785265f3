// SPDX-License-Identifier: GPL-2.0
//
// tce_regs: the register write port. It decodes the 64-bit writes the
// fetch unit cares about into commands for the in-order command queue
// (offsets, write masks, reset values and IODA table sizes come from
// model/include/tcesim/phb3_regs.def and phb3_ioda.def through the
// generated tce_cfg_pkg):
//   PHB3_CONFIG 0x160, RTT_BAR 0x168 (stored bits only), RTC_INVALIDATE
//   0x208, TCE_KILL 0x210, and IODA_DATA0 0x228 writes that reach the TVT
//   or PESTA/PESTB.
// IODA_ADDR 0x220 lives here: TSEL and TADR pick the table entry a DATA0
// write reaches; with AUTOINC, TADR advances after each DATA0 write and
// wraps at the selected table's size (an unassigned TSEL does not
// advance), as the C register file does. Writes
// to other offsets are accepted and ignored (the C model stores them; the
// fetch unit never reads them).
module tce_regs
  import tce_pkg::*, tce_cfg_pkg::*;
(
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        valid_i,
  output logic        ready_o,
  input  logic [11:0] addr_i,
  input  logic [63:0] data_i,
  // command to the queue
  output logic        cmd_valid_o,
  input  logic        cmd_ready_i,
  output cmd_t        cmd_o
);

  logic [63:0] ioda_addr_q;
  logic [4:0]  tsel;
  logic [8:0]  tadr;
  logic [9:0]  tsize;

  assign tsel = ioda_addr_q[52:48];  // IBM 11..15
  assign tadr = ioda_addr_q[8:0];    // IBM 55..63

  // entries of the IODA table tsel selects (AUTOINC wraps there; 0: an
  // unassigned selector, which does not advance)
  assign tsize = ioda_entries(tsel);

  always_comb begin
    cmd_o = '0;
    cmd_valid_o = 1'b0;
    cmd_o.val = data_i;
    unique case (addr_i)
      RegPhb3Config: begin
        cmd_valid_o = valid_i;
        cmd_o.kind = CmdConfig;
        cmd_o.val = data_i & Phb3ConfigWmask;
      end
      RegRttBar: begin
        cmd_valid_o = valid_i;
        cmd_o.kind = CmdRttBar;
        cmd_o.val = data_i & RttBarWmask;
      end
      RegRtcInvalidate: begin
        cmd_valid_o = valid_i;
        cmd_o.kind = CmdRtcInv;
      end
      RegTceKill: begin
        cmd_valid_o = valid_i;
        cmd_o.kind = CmdKill;
      end
      RegIodaData0: begin
        cmd_valid_o = valid_i && (tsel == TselTvt || tsel == TselPesta || tsel == TselPestb) &&
                      10'(tadr) < tsize;
        cmd_o.kind = CmdTable;
        cmd_o.len = {18'd0, tsel, tadr};
      end
      default: ;
    endcase
  end

  assign ready_o = !cmd_valid_o || cmd_ready_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin : p_ioda_addr
    if (!rst_ni) begin
      ioda_addr_q <= IodaAddrReset;
    end else if (valid_i && ready_o) begin
      if (addr_i == RegIodaAddr) begin
        ioda_addr_q <= (ioda_addr_q & ~IodaAddrWmask) | (data_i & IodaAddrWmask);
      end else if (addr_i == RegIodaData0 && ioda_addr_q[63] && tsize != '0) begin
        ioda_addr_q[8:0] <= 9'((10'(tadr) + 10'd1) % tsize);
      end
    end
  end

endmodule
