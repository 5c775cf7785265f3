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
		t->mb_head = 0;
	mb = t->mb + t->mb_head;
	n = t->mb_n;
	/* first interval ending after at */
	lo = 0;
	hi = n;
	while (lo < hi) {
		unsigned mid = (lo + hi) / 2;

		if (mb[mid].e <= at)
			lo = mid + 1;
		else
			hi = mid;
	}
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
			memmove(mb + i, mb + i + 1, (n - i - 1) * sizeof(*mb));
			n--;
		}
	} else if (i < n && mb[i].s == start + occ) {
		mb[i].s = start;
	} else if (n < t->mb_cap) {
		if (t->mb_head + n == t->mb_cap) {	/* compact to the front */
			memmove(t->mb, mb, n * sizeof(*mb));
			t->mb_head = 0;
			mb = t->mb;
		}
		memmove(mb + i + 1, mb + i, (n - i) * sizeof(*mb));
		mb[i].s = start;
		mb[i].e = start + occ;
		n++;
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
	t->mb_n = n;
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
