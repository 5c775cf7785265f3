// SPDX-License-Identifier: GPL-2.0
//
// tce_sched_res.svh: operations on the lookup stage's resources, included
// inside module tce_sched (tce_sched.sv): the TCE and indirect-entry
// caches (find, LRU lookup, victim, fill, kill), the fetch tags (in
// flight, free, claim), the memory read path calendar (booking) and the
// walker job free list. They read and update the private arrays of the
// module's one clocked process, in the C model's order within a cycle
// (tce_sched.sv explains why), so they live in its scope rather than in a
// package or a submodule. Not a compilation unit of its own: not listed in
// tce_fetch_unit.f.

  // ---------------------------------------------------------------------
  // cache helpers (c: 0 = TCE cache, 1 = indirect cache)

  function automatic int unsigned ce_set(logic c, logic [63:0] page);
    return c_sets[c] == 32'd1 ? 0 : int'(page % 64'(c_sets[c]));
  endfunction

  function automatic int ce_find(logic c, logic [7:0] pe, logic [2:0] win,
                                 logic [7:0] ps, logic [63:0] page);
    int unsigned base;
    base = (c ? CacheMax : 0) + ce_set(c, page) * c_ways[c];
    for (int unsigned w = 0; w < CacheMax; w++) begin
      if (w >= c_ways[c]) break;
      if (ce_valid[base + w] && ce_page[base + w] == page && ce_pe[base + w] == pe &&
          ce_win[base + w] == win && ce_ps[base + w] == ps) begin
        return int'(base + w);
      end
    end
    return -1;
  endfunction

  // tce_cache_lookup(): the tick advances, a hit refreshes LRU
  function automatic int ce_lookup(logic c, logic [7:0] pe, logic [2:0] win,
                                   logic [7:0] ps, logic [63:0] page);
    int i;
    ce_tick[c] = ce_tick[c] + 64'd1;
    i = ce_find(c, pe, win, ps, page);
    if (i >= 0 && c_pol[c] == 2'd0) ce_age[i] = ce_tick[c];
    return i;
  endfunction

  function automatic logic [63:0] xorshift(logic [63:0] x0);
    logic [63:0] x;
    x = x0;
    x = x ^ (x << 13);
    x = x ^ (x >> 7);
    x = x ^ (x << 17);
    return x;
  endfunction

  // The way a fill of `set` takes: the first free way, else by policy.
  function automatic int unsigned ce_victim(logic c, int unsigned set);
    int unsigned base, best;
    base = (c ? CacheMax : 0) + set * c_ways[c];
    for (int unsigned w = 0; w < CacheMax; w++) begin
      if (w >= c_ways[c]) break;
      if (!ce_valid[base + w]) return base + w;
    end
    if (c_pol[c] == 2'd2) begin
      rng = xorshift(rng);
      return base + int'(rng % 64'(c_ways[c]));
    end
    best = base;
    for (int unsigned w = 1; w < CacheMax; w++) begin
      if (w >= c_ways[c]) break;
      if (ce_age[base + w] < ce_age[best]) best = base + w;
    end
    return best;
  endfunction

  // tce_cache_fill(): insert or refresh; the data comes later from `owner`
  function automatic void ce_fill(logic c, logic [7:0] pe, logic [2:0] win,
                                  logic [7:0] ps, logic [7:0] wsh, logic [63:0] page,
                                  logic [JobW-1:0] owner, logic [2:0] olvl);
    int i;
    ce_tick[c] = ce_tick[c] + 64'd1;
    i = ce_find(c, pe, win, ps, page);
    if (i < 0) begin
      i = int'(ce_victim(c, ce_set(c, page)));
      ce_valid[i] = 1'b1;
      ce_pe[i] = pe;
      ce_win[i] = win;
      ce_ps[i] = ps;
      ce_page[i] = page;
      ce_data[i] = '0;
      ce_age[i] = ce_tick[c];
    end else if (c_pol[c] == 2'd0) begin
      ce_age[i] = ce_tick[c];
    end
    ce_wsh[i] = wsh;
    ce_pend[i] = 1'b1;
    ce_live[i] = 1'b1;
    ce_err[i] = 1'b0;
    ce_owner[i] = owner;
    ce_olvl[i] = olvl;
  endfunction

  function automatic void ce_kill(logic c, logic [1:0] kind, logic [7:0] pe,
                                  logic win, logic [63:0] off);
    int unsigned base;
    base = c ? CacheMax : 0;
    for (int unsigned i = 0; i < CacheMax; i++) begin
      if (i >= c_n[c]) break;
      if (!ce_valid[base + i]) continue;
      unique case (kind)
        2'd0: ce_valid[base + i] = 1'b0;
        2'd1: if (ce_pe[base + i] == pe) ce_valid[base + i] = 1'b0;
        default: begin
          if (ce_pe[base + i] == pe && ce_win[base + i][0] == win &&
              ((off & low_mask(ce_wsh[base + i])) >> ce_ps[base + i]) == ce_page[base + i]) begin
            ce_valid[base + i] = 1'b0;
          end
        end
      endcase
    end
  endfunction

  // ---------------------------------------------------------------------
  // fetch tags

  function automatic int tag_inflight(logic [7:0] pe, logic win, logic [7:0] ps,
                                      logic [63:0] line, cyc_t at);
    if (at >= tags_until) return -1;
    for (int unsigned i = 0; i < TagsMax; i++) begin
      if (i >= ntags) break;
      if (tg_busy[i] > at && !tg_drop[i] && tg_pe[i] == pe && tg_win[i] == win &&
          tg_ps[i] == ps && tg_line[i] == line) begin
        return int'(i);
      end
    end
    return -1;
  endfunction

  // A tag free at `at` (the first), else -1 with the earliest to free.
  function automatic int tag_free(cyc_t at, output cyc_t earliest, output int first);
    earliest = '1;
    first = 0;
    for (int unsigned i = 0; i < TagsMax; i++) begin
      if (i >= ntags) break;
      if (tg_busy[i] <= at) return int'(i);
      if (tg_busy[i] < earliest) begin
        earliest = tg_busy[i];
        first = int'(i);
      end
    end
    return -1;
  endfunction

  function automatic void tag_claim(logic [5:0] g, logic [7:0] pe, logic win, logic [7:0] ps,
                                    logic [63:0] line, cyc_t done, logic [JobW-1:0] job);
    tg_busy[g] = done;
    if (done > tags_until) tags_until = done;
    tg_pe[g] = pe;
    tg_win[g] = win;
    tg_ps[g] = ps;
    tg_line[g] = line;
    tg_drop[g] = 1'b0;
    tg_job[g] = job;
  endfunction

  // ---------------------------------------------------------------------
  // memory read path: a read of `occ` cycles takes the first free run of
  // the calendar at or after `at` (the C model's interval booking)

  function automatic cyc_t cal_book(cyc_t at, int unsigned occ, own_t o);
    cyc_t c;
    logic ok;
    c = at;
    for (int unsigned k = 0; k < CalBits; k++) begin
      ok = 1'b1;
      for (int unsigned j = 0; j < 64; j++) begin
        if (j >= occ) break;
        if (cal_busy[CalW'(c + 64'(j))]) begin
          ok = 1'b0;
          break;
        end
      end
      if (ok) break;
      c = c + 64'd1;
    end
    if (c + 64'(occ) - now_i > 64'(CalBits)) err_q[ErrHorizon] = 1'b1;
    for (int unsigned j = 0; j < 64; j++) begin
      if (j >= occ) break;
      cal_busy[CalW'(c + 64'(j))] = 1'b1;
    end
    cal_own[CalW'(c)] = o;
    return c;
  endfunction

  // ---------------------------------------------------------------------
  // free lists

  function automatic logic [JobW-1:0] job_alloc();
    logic [JobW-1:0] j;
    if (jf_cnt == 0) begin
      err_q[ErrJobs] = 1'b1;
      return '0;
    end
    j = jfree[jf_head];
    jf_head = (jf_head + 1) % JobsMax;
    jf_cnt = jf_cnt - 1;
    return j;
  endfunction

  function automatic void job_release(logic [JobW-1:0] j);
    jfree[(jf_head + jf_cnt) % JobsMax] = j;
    jf_cnt = jf_cnt + 1;
  endfunction
