// SPDX-License-Identifier: GPL-2.0
/*
 * Timing core: the memory read path, fixed latency, bandwidth as
 * occupancy.
 *
 * A read of n bytes occupies the path for ceil(n / mem_bytes_per_cycle)
 * cycles, starting at the first free gap at or after the cycle it is
 * issued. Reads are booked out of time order (a walk books its level-2
 * read one memory latency after its level-1 read, before the next
 * request's level-1 read is booked), so the path keeps every booked
 * interval rather than one "free at" cycle: a later-booked read may use
 * an earlier gap. Intervals that ended before the clock are dropped; no
 * read is issued before the clock.
 */
#include <string.h>

#include "fetch_timing_internal.h"

/* Room on both sides of the live window: the array holds 3 x mb_cap. */
#define MB_SPAN(t) (3 * (t)->mb_cap)

/* Open a slot at live index i (0..n) by moving the shorter side of the
   window; returns the live window's (possibly new) start. */
static struct ft_mem_busy *mb_open(struct fetch_timing *t, unsigned i)
{
	struct ft_mem_busy *mb;
	unsigned n = t->mb_n;

	if ((i < n - i && t->mb_head == 0) ||
	    (i >= n - i && t->mb_head + n == MB_SPAN(t))) {
		/* no room on the cheap side: recentre the window */
		memmove(t->mb + t->mb_cap, t->mb + t->mb_head,
			n * sizeof(*t->mb));
		t->mb_head = t->mb_cap;
	}
	mb = t->mb + t->mb_head;
	if (i < n - i) {		/* move [0, i) one to the left */
		memmove(mb - 1, mb, i * sizeof(*mb));
		t->mb_head--;
		mb--;
	} else {			/* move [i, n) one to the right */
		memmove(mb + i + 1, mb + i, (n - i) * sizeof(*mb));
	}
	t->mb_n = n + 1;
	return mb;
}

/* Close the slot at live index i by moving the shorter side. */
static struct ft_mem_busy *mb_close(struct fetch_timing *t, unsigned i)
{
	struct ft_mem_busy *mb = t->mb + t->mb_head;
	unsigned n = t->mb_n;

	if (i < n - 1 - i) {		/* move [0, i) one to the right */
		memmove(mb + 1, mb, i * sizeof(*mb));
		t->mb_head++;
		mb++;
	} else {			/* move (i, n) one to the left */
		memmove(mb + i, mb + i + 1, (n - i - 1) * sizeof(*mb));
	}
	t->mb_n = n - 1;
	return mb;
}

static uint64_t mem_book(struct fetch_timing *t, uint64_t at, uint64_t occ)
{
	struct ft_mem_busy *mb;
	unsigned n, lo, hi, i;
	uint64_t start = at;

	/* drop the intervals that ended before the clock (from the front,
	   without moving the rest) */
	while (t->mb_n && t->mb[t->mb_head].e <= t->now) {
		t->mb_head++;
		t->mb_n--;
	}
	if (!t->mb_n)
		t->mb_head = t->mb_cap;
	mb = t->mb + t->mb_head;
	n = t->mb_n;
	/* first interval ending after at (branch-free halving: the ends
	   are sorted) */
	lo = 0;
	for (hi = n; hi > 1; hi -= hi / 2)
		lo = mb[lo + hi / 2 - 1].e <= at ? lo + hi / 2 : lo;
	if (hi == 1 && lo < n && mb[lo].e <= at)
		lo++;
	for (i = lo; i < n; i++) {
		if (mb[i].s >= start + occ)
			break;		/* fits in the gap before interval i */
		if (mb[i].e > start)
			start = mb[i].e;
	}
	if (i > 0 && mb[i - 1].e == start) {
		mb[i - 1].e = start + occ;
		if (i < n && mb[i].s == mb[i - 1].e) {
			mb[i - 1].e = mb[i].e;
			mb_close(t, i);
		}
	} else if (i < n && mb[i].s == start + occ) {
		mb[i].s = start;
	} else if (n < t->mb_cap) {
		mb = mb_open(t, i);
		mb[i].s = start;
		mb[i].e = start + occ;
	} else {
		/* List full: reads cancelled by drop-mode kills keep their
		   booking, so more than tags x levels can be pending. Queue
		   this read after everything booked (no overlap; slightly
		   pessimistic) and count it. */
		if (start < mb[n - 1].e)
			start = mb[n - 1].e;
		mb[n - 1].e = start + occ;
		t->st.mem_book_overflows++;
	}
	return start;
}

uint64_t ft_mem_read(struct fetch_timing *t, uint64_t at, unsigned bytes,
		     uint64_t lat)
{
	uint64_t bw = t->params.mem_bytes_per_cycle;
	uint64_t start = mem_book(t, at, (bytes + bw - 1) / bw);

	t->st.mem_queue_cycles += start - at;
	t->st.mem_reads++;
	t->st.mem_bytes += bytes;
	return start + (lat == FETCH_TIMING_LAT_DEFAULT ?
			t->params.lat_mem_read : lat);
}
