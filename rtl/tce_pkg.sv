// SPDX-License-Identifier: GPL-2.0
//
// tce_pkg: types, structural limits and pure helper functions of the PHB3
// TCE fetch unit twin. Encodings (status, fault reasons, register bits)
// are the C model's (model/include/tcesim/dma.h, model/phb3_regs.h).
// Bit positions are given in IBM numbering in comments (bit 0 = MSB of a
// 64-bit word) next to their LSB-0 index.
package tce_pkg;

  // ---- structural limits of this twin (the C model allows more) ----
  localparam int unsigned CacheMax = 64;   // TCE cache / indirect cache entries
  localparam int unsigned RtcMax = 64;     // RTT cache entries
  localparam int unsigned TagsMax = 64;    // outstanding fetch tags (C: 1..64)
  localparam int unsigned JobsMax = 2 * TagsMax + 2;  // walker job slots
  localparam int unsigned JobW = 8;
  localparam int unsigned CalW = 12;       // memory calendar: 2^CalW cycles
  localparam int unsigned CalBits = 1 << CalW;
  localparam int unsigned ReqW = 10;       // request records in flight
  localparam int unsigned ReqSlots = 1 << ReqW;
  localparam int unsigned WaitW = 10;      // pages waiting for a fetch
  localparam int unsigned WaitSlots = 1 << WaitW;
  localparam int unsigned CmdW = 12;       // command queue depth 2^CmdW
  localparam int unsigned RelW = 6;        // completion (release) queue depth
  localparam int unsigned MaxLevels = 5;
  localparam int unsigned EvMax = 8;       // scheduler events per cycle

  typedef logic [63:0] cyc_t;              // absolute cycle number

  // ---- request results (tcesim/dma.h) ----
  typedef enum logic [1:0] {
    StOk     = 2'd0,
    StMsi    = 2'd1,
    StFault  = 2'd2,
    StFrozen = 2'd3
  } status_e;

  typedef enum logic [3:0] {
    FrNone            = 4'd0,
    FrUnsupportedAddr = 4'd1,
    FrInvalidPe       = 4'd2,
    FrInvalidTve      = 4'd3,
    FrOutOfWindow     = 4'd4,
    FrInvalidIndirect = 4'd5,
    FrInvalidLeaf     = 4'd6,
    FrPermission      = 4'd7,
    FrTableMemory     = 4'd8,
    FrTargetMemory    = 4'd9
  } fault_e;

  localparam logic [15:0] NoPe = 16'hFFFF;

  // ---- run-time configuration ----
  // cfg_t (one field per C configuration key) and its defaults are
  // generated from the C configuration table into tce_cfg_pkg.
  typedef tce_cfg_pkg::cfg_t cfg_t;

  // ---- commands: the request, register and PE-stop ports, in order ----
  typedef enum logic [2:0] {
    CmdReq    = 3'd0,  // a DMA request
    CmdTable  = 3'd1,  // IODA_DATA0 write reaching TVT/PESTA/PESTB
    CmdRttBar = 3'd2,  // PHB_RTT_BAR (stored value)
    CmdConfig = 3'd3,  // PHB_PHB3_CONFIG
    CmdRtcInv = 3'd4,  // PHB_RTC_INVALIDATE
    CmdKill   = 3'd5,  // PHB_TCE_KILL
    CmdPeStop = 3'd6   // error logic: set/clear a PE's PESTB DMA-stopped bit
  } cmd_e;

  typedef struct packed {
    cmd_e        kind;
    cyc_t        push;   // cycle the command entered the unit
    logic [63:0] val;    // request: bus address; others: register value
    logic [31:0] len;    // request: length; table: {tsel, tadr}
    logic [15:0] rid;    // request: RID; pe-stop: PE
    logic [15:0] tag;    // request: tag; pe-stop: bit 0 = stopped
    logic        dir;    // request: 1 = DMA write (device writes memory)
  } cmd_t;

  // IODA table selectors (PHB_IODA_ADDR.TSEL)
  localparam logic [4:0] TselPesta = 5'd7;
  localparam logic [4:0] TselPestb = 5'd8;
  localparam logic [4:0] TselTvt   = 5'd9;

  // ---- per-request counters (the C timing model's statistics, per request) ----
  typedef struct packed {
    logic [15:0] pages;       // IO-page lookups (bypass included)
    logic [15:0] hits;
    logic [15:0] merges;
    logic [15:0] misses;
    logic [15:0] bypass;
    logic [15:0] stalls;      // misses that waited for a tag
    logic [15:0] prefetches;
    logic [15:0] pf_no_tag;   // prefetches skipped for want of a tag
    logic [15:0] ind_hits;    // walk levels skipped by the indirect cache
    logic [15:0] line_fills;  // neighbour TCEs filled by 64-byte lines
    logic [15:0] mem_reads;   // table and RTT reads booked (faulting walks too)
    logic        rtc_hit;
    logic        rtc_miss;
  } cnt_t;

  // ---- memory calendar slot owner ----
  typedef struct packed {
    logic            valid;   // a read starts in this cycle
    logic            rtt;     // the RTT read of the request being admitted
    logic [JobW-1:0] job;
    logic [2:0]      level;
  } own_t;

  // ---- a fetch job handed from the scheduler to the walker ----
  typedef struct packed {
    logic            valid;
    logic [JobW-1:0] id;
    logic            prefetch;  // next-page prefetch: a failed read is kept
                                // as an erroneous TCE, not a fault
    logic [15:0]     src;       // request tag (read attribution)
    logic [31:0]     pidx;      // page index within the request (ditto)
    logic [3:0]      levels;    // levels of the window
    logic [3:0]      first;     // first level read (indirect cache skip)
    logic [7:0]      ts;
    logic [7:0]      ps;
    logic [63:0]     offset;    // window offset of the page fetched
    logic [63:0]     base;      // table base of level `first` (base_ok)
    logic            base_ok;   // else the base comes from base_job's data
    logic [JobW-1:0] base_job;  // ... read of level base_lvl
    logic [2:0]      base_lvl;
    logic            line64;    // 64-byte reads
    cyc_t            done;      // scheduled completion (tag free)
  } job_t;

  // ---- the RTT read of a request (one at a time) ----
  typedef struct packed {
    logic        valid;
    logic        phantom;   // RTT disabled: the slot is booked, nothing read
    logic [63:0] addr;
    logic [15:0] src;
  } rtt_t;

  // ---- scheduler -> completion events ----
  typedef enum logic {
    EvPage = 1'b0,   // one IO page looked up (or refused before lookup)
    EvEnd  = 1'b1    // every page of the request issued
  } ev_e;

  typedef struct packed {
    logic            valid;
    ev_e             kind;
    logic [ReqW-1:0] slot;
    logic [15:0]     tag;      // request tag
    cyc_t            accept;   // cycle the request was admitted
    cyc_t            t;        // page: done or lookup done; end: ready
    logic            wait_job; // page: result comes with job `job`
    logic [JobW-1:0] job;
    logic [31:0]     idx;      // page index within the request
    fault_e          reason;   // page: result; end: request-level fault
    status_e         status;   // end: StOk = the pages decide
    logic [15:0]     pe;       // end
    logic [63:0]     addr;     // page: chunk start address; end: fault address
    logic [63:0]     pa;       // page (immediate): translated address
    logic            dir;
    logic [31:0]     clen;     // page: chunk length
    logic [7:0]      ps;       // page: IO page shift (PA mask)
    logic [2:0]      word;     // page: TCE word within the fetched line
    cnt_t            cnt;      // end
  } ev_t;

  // ---- walker -> scheduler/completion: a fetch job finished ----
  typedef struct packed {
    logic            valid;
    logic [JobW-1:0] job;
    fault_e          fault;    // FrNone, FrInvalidIndirect or FrTableMemory
    logic            err;      // leaf read failed (prefetch/line: no fault)
    logic [511:0]    line;     // leaf line (8-byte reads: word 0)
  } cmp_t;

  // ---- TVE decode (hardware reference 1.4) ----
  typedef struct packed {
    logic        valid;      // enabled and well formed
    logic        bypass;     // IO_PSIZE == 0
    logic [3:0]  levels;     // 1..5 (raw NUM_LEVELS + 1, up to 8)
    logic [7:0]  ts;         // log2 entries per level (tts + 8)
    logic [7:0]  ps;         // log2 IO page (tps + 11)
    logic [7:0]  win_shift;  // log2 window size, at most 59
    logic [63:0] tbl;        // root table address
    logic [63:0] start;      // bypass window [start, end)
    logic [63:0] stop;
  } tve_t;

  // IBM bits 56..58 of a TVE are reserved: unused on purpose.
  /* verilator lint_off UNUSEDSIGNAL */
  function automatic tve_t tve_decode(logic [63:0] raw);
    tve_t t;
    logic [8:0] bits;
    t = '0;
    if (raw[4:0] == 5'd0) begin
      // bypass: start bits 47:24 in IBM 0..23, 49:48 in IBM 52..53;
      // end likewise in IBM 24..47 and 54..55; valid IBM 51
      t.bypass = 1'b1;
      t.start = {14'd0, raw[11:10], raw[63:40], 24'd0};
      t.stop = {14'd0, raw[9:8], raw[39:16], 24'd0};
      t.valid = raw[12];
    end else begin
      t.levels = {1'b0, raw[15:13]} + 4'd1;     // IBM 48..50
      t.ts = {3'd0, raw[12:8]} + 8'd8;          // IBM 51..55
      t.ps = {3'd0, raw[4:0]} + 8'd11;          // IBM 59..63
      t.tbl = {raw[63:16], 16'd0} >> 4;         // IBM 0..47, << 12
      bits = 9'(t.ts) * 9'(t.levels) + 9'(t.ps);
      t.win_shift = bits > 9'd59 ? 8'd59 : bits[7:0];
      t.valid = raw[12:8] != 5'd0 && t.levels <= 4'd5 &&
                (t.ps == 8'd12 || t.ps == 8'd16 || t.ps == 8'd24 || t.ps == 8'd28);
    end
    return t;
  endfunction
  /* verilator lint_on UNUSEDSIGNAL */

  // 2^n as a 64-bit mask of the low n bits (n >= 64: all ones)
  function automatic logic [63:0] low_mask(logic [7:0] n);
    return n >= 8'd64 ? '1 : ((64'd1 << n) - 64'd1);
  endfunction

  // Leaf check of a TCE's R (bit 0) and W (bit 1) (hardware reference 1.6).
  function automatic fault_e leaf_check(logic [1:0] rw, logic dir_write);
    if (rw == 2'b00) return FrInvalidLeaf;
    if (dir_write ? !rw[1] : !rw[0]) return FrPermission;
    return FrNone;
  endfunction

  // Big-endian 64-bit word `word` (0..7) of a 64-byte line, byte 0 at
  // line[7:0].
  function automatic logic [63:0] line_word(logic [511:0] line, logic [2:0] word);
    logic [63:0] w;
    logic [63:0] le;
    le = line[64 * int'(word) +: 64];
    for (int b = 0; b < 8; b++) w[8 * (7 - b) +: 8] = le[8 * b +: 8];
    return w;
  endfunction

  function automatic cyc_t max_cyc(cyc_t a, cyc_t b);
    return a > b ? a : b;
  endfunction

endpackage
