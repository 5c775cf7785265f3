// SPDX-License-Identifier: GPL-2.0
//
// tce_sched_lookup.svh: the lookup stage's two big steps, included inside
// module tce_sched (tce_sched.sv): the lookup of one translated IO page
// (hit, merge into a fetch in flight, or miss: tag, indirect-cache skip,
// walk reads booked on the calendar, fills, next-page prefetch) and the
// TCE kill. Like tce_sched_res.svh (the operations they use) they update
// the private arrays of the module's one clocked process, in the C model's
// order, so they live in its scope. Not a compilation unit of its own: not
// listed in tce_fetch_unit.f.

  // ---------------------------------------------------------------------
  // A translated IO page (the C model's timing_page), looked up at s.
  // Returns the page event; sets stop when the page's fault is known now.

  typedef struct packed {
    logic [3:0]  levels;
    logic [7:0]  ts;
    logic [7:0]  ps;
    logic [7:0]  win_shift;
    logic [63:0] tbl;
  } win_t;

  function automatic ev_t page_lookup(cyc_t s, win_t t, logic win, logic [63:0] off,
                                      logic [31:0] clen, output logic stop);
    ev_t e;
    cyc_t lookup_done, start, earliest, at, leaf_at, done, st;
    int hit, g, first_g, g2, ih;
    logic [63:0] page, np, lim, first_page;
    logic [7:0] pe, sh;
    logic [3:0] first, levels;
    logic [2:0] lsh;
    logic [JobW-1:0] job, job2;
    own_t o;
    job_t jb;
    fault_e r;
    logic [63:0] pa;
    logic pf;

    stop = 1'b0;
    pe = r_rte[7:0];
    lsh = cfg_i.line_bytes ? 3'd3 : 3'd0;
    e = page_ev();
    e.dir = r_dir;
    e.clen = clen;
    e.ps = t.ps;
    lookup_done = s + 64'(cfg_i.lat_hit);
    page = off >> t.ps;
    e.word = cfg_i.line_bytes ? page[2:0] : 3'd0;
    next_slot = s + 64'(cfg_i.issue_interval);
    r_cnt.pages = inc16(r_cnt.pages, 16'd1);

    // the lookup (refreshes LRU), then hit under miss
    hit = ce_lookup(1'b0, pe, {2'b00, win}, t.ps, page);
    g = tag_inflight(pe, win, t.ps, page >> lsh, s);
    if (g >= 0) begin
      r_cnt.merges = inc16(r_cnt.merges, 16'd1);
      e.wait_job = 1'b1;
      e.job = tg_job[g];
      e.t = lookup_done;
      return e;
    end
    if (hit >= 0) begin
      r_cnt.hits = inc16(r_cnt.hits, 16'd1);
      if (ce_pend[hit]) begin
        // hit on a line still being fetched by a cancelled fetch: the data
        // is not there yet (the C model completes it at once)
        e.wait_job = 1'b1;
        e.job = ce_owner[hit];
        e.t = lookup_done;
        return e;
      end
      e.t = lookup_done;
      r = ce_err[hit] ? FrTableMemory : leaf_check(ce_data[hit][1:0], r_dir);
      pa = (ce_data[hit] & ~low_mask(t.ps)) | (off & low_mask(t.ps));
      if (r == FrNone && (pa + 64'(clen) > ram_bytes_i || pa + 64'(clen) < pa)) begin
        r = FrTargetMemory;
      end
      e.reason = r;
      e.pa = pa;
      stop = r != FrNone;
      return e;
    end

    // miss: a tag (stall until one frees), then the walk
    r_cnt.misses = inc16(r_cnt.misses, 16'd1);
    g = tag_free(lookup_done, earliest, first_g);
    start = lookup_done;
    if (g < 0) begin
      r_cnt.stalls = inc16(r_cnt.stalls, 16'd1);
      start = earliest;
      g = first_g;
      if (start > next_slot) next_slot = start;
    end
    levels = t.levels;
    job = job_alloc();

    // indirect cache: the deepest cached non-leaf entry
    first = 4'd0;
    ih = -1;
    if (cfg_i.cache_indirect && levels >= 4'd2) begin
      for (int l = 3; l >= 0; l--) begin
        if (l > int'(levels) - 2) continue;
        sh = t.ps + t.ts * 8'(int'(levels) - 1 - l);
        ih = ce_lookup(1'b1, pe, {2'(l), win}, sh, sh >= 8'd64 ? 64'd0 : off >> sh);
        if (ih >= 0) begin
          first = 4'(l + 1);
          break;
        end
      end
    end
    r_cnt.ind_hits = inc16(r_cnt.ind_hits, 16'(first));

    // one read per level, each lat_mem_read + lat_walk_level
    at = start;
    leaf_at = start;
    for (int l = 0; l < int'(MaxLevels); l++) begin
      if (l < int'(first)) continue;
      if (l >= int'(levels)) break;
      leaf_at = at;
      o = '0;
      o.valid = 1'b1;
      o.job = job;
      o.level = 3'(l);
      st = cal_book(at, occ_line, o);
      r_cnt.mem_reads = inc16(r_cnt.mem_reads, 16'd1);
      at = st + 64'(cfg_i.lat_mem_read) + 64'(cfg_i.lat_walk_level);
    end
    done = at;
    tag_claim(6'(g), pe, win, t.ps, page >> lsh, done, job);

    jb = '0;
    jb.valid = 1'b1;
    jb.id = job;
    jb.src = r_tag;
    jb.pidx = r_idx;
    jb.levels = levels;
    jb.first = first;
    jb.ts = t.ts;
    jb.ps = t.ps;
    jb.offset = off;
    jb.line64 = cfg_i.line_bytes;
    jb.done = done;
    if (first == 4'd0) begin
      jb.base = t.tbl;
      jb.base_ok = 1'b1;
    end else if (!ce_pend[ih]) begin
      jb.base = ce_data[ih] & ~64'hFFF;
      jb.base_ok = 1'b1;
    end else begin
      jb.base_job = ce_owner[ih];
      jb.base_lvl = ce_olvl[ih];
    end
    if (njob < 2) jobs_n[njob] = jb;
    njob = njob + 1;

    // fill: the page and, for 64-byte lines, its mates inside the window
    lim = t.win_shift > t.ps ? (64'd1 << (t.win_shift - t.ps)) : 64'd1;
    ce_fill(1'b0, pe, {2'b00, win}, t.ps, t.win_shift, page, job, 3'd0);
    first_page = page & ~((64'd1 << lsh) - 64'd1);
    for (int unsigned k = 0; k < 8; k++) begin
      if (k >= (32'd1 << lsh)) break;
      if (first_page + 64'(k) == page || first_page + 64'(k) >= lim) continue;
      ce_fill(1'b0, pe, {2'b00, win}, t.ps, t.win_shift, first_page + 64'(k), job, 3'd0);
      r_cnt.line_fills = inc16(r_cnt.line_fills, 16'd1);
    end
    if (cfg_i.cache_indirect) begin
      for (int l = 0; l < 4; l++) begin
        if (l < int'(first)) continue;
        if (l + 1 >= int'(levels)) break;
        sh = t.ps + t.ts * 8'(int'(levels) - 1 - l);
        ce_fill(1'b1, pe, {2'(l), win}, sh, t.win_shift, sh >= 8'd64 ? 64'd0 : off >> sh,
                job, 3'(l));
      end
    end

    // next-page prefetch, on its own tag, issued with the leaf read
    // (the lookup refreshes LRU: call it only when the C model does;
    // conditions are not relied on to short-circuit a call)
    np = page + 64'd1;
    pf = 1'b0;
    if (cfg_i.prefetch_next && np < lim && (np & low_mask(t.ts)) != 64'd0 &&
        (np >> lsh) != (page >> lsh)) begin
      if (tag_inflight(pe, win, t.ps, np >> lsh, leaf_at) < 0) begin
        pf = ce_lookup(1'b0, pe, {2'b00, win}, t.ps, np) < 0;
      end
    end
    if (pf) begin
      g2 = tag_free(leaf_at, earliest, first_g);
      if (g2 < 0) begin
        r_cnt.pf_no_tag = inc16(r_cnt.pf_no_tag, 16'd1);
      end else begin
        job2 = job_alloc();
        o = '0;
        o.valid = 1'b1;
        o.job = job2;
        o.level = 3'(levels - 4'd1);
        st = cal_book(leaf_at, occ_line, o);
        r_cnt.mem_reads = inc16(r_cnt.mem_reads, 16'd1);
        done = st + 64'(cfg_i.lat_mem_read) + 64'(cfg_i.lat_walk_level);
        tag_claim(6'(g2), pe, win, t.ps, np >> lsh, done, job2);
        jb.id = job2;
        jb.prefetch = 1'b1;
        jb.first = levels - 4'd1;
        jb.offset = np << t.ps;
        jb.done = done;
        // the leaf table base: the demand's own (one level left to read,
        // jb.base* unchanged), else what the demand reads above the leaf
        if (levels - first != 4'd1) begin
          jb.base_ok = 1'b0;
          jb.base_job = job;
          jb.base_lvl = 3'(levels - 4'd2);
        end
        if (njob < 2) jobs_n[njob] = jb;
        njob = njob + 1;
        ce_fill(1'b0, pe, {2'b00, win}, t.ps, t.win_shift, np, job2, 3'd0);
        first_page = np & ~((64'd1 << lsh) - 64'd1);
        for (int unsigned k = 0; k < 8; k++) begin
          if (k >= (32'd1 << lsh)) break;
          if (first_page + 64'(k) == np || first_page + 64'(k) >= lim) continue;
          ce_fill(1'b0, pe, {2'b00, win}, t.ps, t.win_shift, first_page + 64'(k), job2, 3'd0);
          r_cnt.line_fills = inc16(r_cnt.line_fills, 16'd1);
        end
        r_cnt.prefetches = inc16(r_cnt.prefetches, 16'd1);
      end
    end

    e.wait_job = 1'b1;
    e.job = job;
    e.t = lookup_done;
    return e;
  endfunction

  // ---------------------------------------------------------------------
  // TCE kill (the C model's kill()): the lookup pipeline is blocked
  // lat_kill_<kind> cycles from max(now, next_slot), after the fetches in
  // flight in drain mode; in drop mode the fetches it covers take no
  // more merges.

  // op: IBM bits 0..2 (all, PE, one page); addr: bus address bits 59..12
  // (IBM 4..51); pe: IBM 56..63.
  function automatic void do_kill(logic [2:0] op, logic [47:0] kaddr, logic [7:0] kpe);
    logic [1:0] kind;
    logic [7:0] pe;
    logic [59:0] addr;
    logic [63:0] off;
    logic win;
    logic [2:0] lsh;
    cyc_t start, lat;
    logic covered;
    if (op[2]) kind = 2'd0;
    else if (op[1]) kind = 2'd1;
    else if (op[0]) kind = 2'd2;
    else return;  // no operation bit
    pe = kpe;
    addr = {kaddr, 12'd0};
    win = addr[59];
    off = {5'd0, addr[58:0]};
    lsh = cfg_i.line_bytes ? 3'd3 : 3'd0;
    lat = kind == 2'd0 ? 64'(cfg_i.lat_kill_all) :
          kind == 2'd1 ? 64'(cfg_i.lat_kill_pe) : 64'(cfg_i.lat_kill_one);
    start = max_cyc(cnow, next_slot);
    for (int unsigned i = 0; i < TagsMax; i++) begin
      if (i >= ntags) break;
      if (tg_busy[i] <= start || tg_drop[i]) continue;
      covered = kind == 2'd0 ||
                (tg_pe[i] == pe && (kind == 2'd1 ||
                 (tg_win[i] == win && ((off >> tg_ps[i]) >> lsh) == tg_line[i])));
      if (covered && cfg_i.kill_inflight) tg_drop[i] = 1'b1;
    end
    if (!cfg_i.kill_inflight) begin
      for (int unsigned i = 0; i < TagsMax; i++) begin
        if (i >= ntags) break;
        start = max_cyc(start, tg_busy[i]);
      end
    end
    next_slot = start + lat;
    ce_kill(1'b0, kind, pe, win, off);
    if (kind != 2'd2) ce_kill(1'b1, kind, pe, win, off);
  endfunction
