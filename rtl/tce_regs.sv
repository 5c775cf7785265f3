// SPDX-License-Identifier: GPL-2.0
//
// tce_regs: the register write port. It decodes the 64-bit writes the
// fetch unit cares about (offsets and fields as model/phb3_regs.def) into
// commands for the in-order command queue:
//   PHB3_CONFIG 0x160, RTT_BAR 0x168 (stored bits only), RTC_INVALIDATE
//   0x208, TCE_KILL 0x210, and IODA_DATA0 0x228 writes that reach the TVT
//   or PESTA/PESTB.
// IODA_ADDR 0x220 lives here: TSEL and TADR pick the table entry a DATA0
// write reaches; with AUTOINC, TADR advances after each DATA0 write and
// wraps at the selected table's size (the C model's table sizes). Writes
// to other offsets are accepted and ignored (the C model stores them; the
// fetch unit never reads them).
module tce_regs
  import tce_pkg::*;
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

  localparam logic [11:0] RegConfig = 12'h160;
  localparam logic [11:0] RegRttBar = 12'h168;
  localparam logic [11:0] RegRtcInv = 12'h208;
  localparam logic [11:0] RegKill = 12'h210;
  localparam logic [11:0] RegIodaAddr = 12'h220;
  localparam logic [11:0] RegIodaData = 12'h228;
  localparam logic [63:0] IodaAddrMask = 64'h801F_0000_0000_01FF;
  localparam logic [63:0] RttBarMask = 64'h8003_FFFF_FFFE_0000;

  logic [63:0] ioda_addr_q;
  logic [4:0]  tsel;
  logic [8:0]  tadr;
  logic [9:0]  tsize;

  assign tsel = ioda_addr_q[52:48];  // IBM 11..15
  assign tadr = ioda_addr_q[8:0];    // IBM 55..63

  // entries of the IODA table tsel selects (AUTOINC wraps there)
  always_comb begin
    unique case (tsel)
      5'd1, 5'd2, 5'd6: tsize = 10'd8;     // LIST, LXIVT, MRT
      5'd3, 5'd4: tsize = 10'd32;          // IVC_CAM, RBA
      5'd5, 5'd10, 5'd11: tsize = 10'd64;  // RCAM, TCAM, TDR
      5'd16: tsize = 10'd16;               // M64BT
      5'd17: tsize = 10'd256;              // M32DT
      5'd7, 5'd8: tsize = 10'd256;         // PESTA, PESTB
      5'd9: tsize = 10'd512;               // TVT
      5'd20: tsize = 10'd4;                // PEEV
      default: tsize = 10'd512;
    endcase
  end

  always_comb begin
    cmd_o = '0;
    cmd_valid_o = 1'b0;
    cmd_o.val = data_i;
    unique case (addr_i)
      RegConfig: begin
        cmd_valid_o = valid_i;
        cmd_o.kind = CmdConfig;
      end
      RegRttBar: begin
        cmd_valid_o = valid_i;
        cmd_o.kind = CmdRttBar;
        cmd_o.val = data_i & RttBarMask;
      end
      RegRtcInv: begin
        cmd_valid_o = valid_i;
        cmd_o.kind = CmdRtcInv;
      end
      RegKill: begin
        cmd_valid_o = valid_i;
        cmd_o.kind = CmdKill;
      end
      RegIodaData: begin
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
      ioda_addr_q <= '0;
    end else if (valid_i && ready_o) begin
      if (addr_i == RegIodaAddr) begin
        ioda_addr_q <= (ioda_addr_q & ~IodaAddrMask) | (data_i & IodaAddrMask);
      end else if (addr_i == RegIodaData && ioda_addr_q[63]) begin
        ioda_addr_q[8:0] <= 9'((10'(tadr) + 10'd1) % tsize);
      end
    end
  end

endmodule
