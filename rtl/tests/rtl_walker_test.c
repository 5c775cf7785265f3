// SPDX-License-Identifier: GPL-2.0
/*
 * rtl_walker: the twin's cycles, worked out by hand from the configured
 * latencies (distinct values so a wrong sum cannot match): a cold walk of
 * 1..5 levels with its RTT read, a repeat hit, fetch-tag exhaustion (the
 * lookup pipeline stalls until the first tag frees), the memory read
 * path's bandwidth, memory slower or faster than lat_mem_read (results
 * stay right; slower memory is flagged), and the FST waveform.
 */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <unistd.h>

#include "check_auto.h"
#include "rtl_rig.h"

#define L_RTC 1
#define L_HIT 2
#define L_MEM 100
#define L_WALK 3
#define RID 0x21
#define PE 4

static struct timing_params tp;
static struct rig g;
static uint64_t root;

/*
 * The rig with the latencies above, tags fetch tags, a memory read path of
 * bytes_per_cycle and memory answering after latency (0: lat_mem_read);
 * PE's window of levels levels maps pages 0..15 to 0x800000 + page * 4K.
 */
static void setup_path(unsigned tags, unsigned levels, uint64_t latency,
		       unsigned bytes_per_cycle)
{
	unsigned i;

	timing_params_default(&tp);
	tp.lat_rtc_hit = L_RTC;
	tp.lat_hit = L_HIT;
	tp.lat_mem_read = L_MEM;
	tp.lat_walk_level = L_WALK;
	tp.mem_bytes_per_cycle = bytes_per_cycle;
	tp.max_outstanding_fetches = tags;
	rig_init(&g, NULL, &tp, latency);
	rig_rte(&g, RID, PE);
	root = rig_window(&g, PE, 0, levels, 9, 12);
	for (i = 0; i < 16; i++)
		ck_assert_int_eq(rig_map(&g, root, levels, 9, i,
					 (0x800000ull + i * 0x1000) | 3), 0);
}

/* an 8-byte read holds the memory read path 1 cycle */
static void setup(unsigned tags, unsigned levels, uint64_t latency)
{
	setup_path(tags, levels, latency, 8);
}

CK_LOOP_TEST("timing", walker_cold_walk_levels, 0, 5)
{
	unsigned levels = 1 + (unsigned)_i;
	struct tce_rtl_resp o;
	uint64_t a;

	setup(32, levels, 0);
	a = rig_send(&g, RID, 3 * 4096 + 16, 8, false);
	o = rig_wait(&g, 0);
	ck_assert_int_eq(o.status, SIM_DMA_OK);
	ck_assert_uint_eq(o.pa, 0x803010);
	ck_assert_uint_eq(o.accept, a);
	/* RTT cache miss: its read, then lookup, then one read per level */
	ck_assert_uint_eq(o.done, a + L_RTC + L_MEM + L_HIT + levels * (L_MEM + L_WALK));
	rig_drain(&g);
	/* a repeat: RTT cache and TCE cache hits */
	a = rig_send(&g, RID, 3 * 4096 + 24, 8, false);
	o = rig_wait(&g, 1);
	ck_assert_uint_eq(o.accept, a);
	ck_assert_uint_eq(o.done, a + L_RTC + L_HIT);
	ck_assert_uint_eq(o.cnt.hits, 1);
	rig_fini(&g);
}
END_TEST

CK_TEST("timing", walker_tags_exhausted_stall)
{
	struct tce_rtl_resp o[4];
	uint64_t a;
	unsigned i;

	setup(2, 1, 0);
	rig_dma(&g, RID, 15 * 4096, 8, false);	/* warm the RTT cache */
	rig_drain(&g);
	a = rig_send(&g, RID, 1 * 4096, 8, false);
	rig_send(&g, RID, 2 * 4096, 8, false);
	rig_send(&g, RID, 3 * 4096, 8, false);
	rig_send(&g, RID, 1 * 4096 + 8, 8, false);
	for (i = 0; i < 4; i++)
		o[i] = rig_wait(&g, (uint16_t)(1 + i));
	/* miss on tag 0: lookup a+1..a+3, read at a+3 */
	ck_assert_uint_eq(o[0].accept, a);
	ck_assert_uint_eq(o[0].done, a + 3 + L_MEM + L_WALK);
	/* miss on tag 1, one cycle behind */
	ck_assert_uint_eq(o[1].accept, a + 1);
	ck_assert_uint_eq(o[1].done, a + 4 + L_MEM + L_WALK);
	/* no tag at its lookup (a+5): stalls until tag 0 frees */
	ck_assert_uint_eq(o[2].accept, a + 2);
	ck_assert_uint_eq(o[2].cnt.stalls, 1);
	ck_assert_uint_eq(o[2].done, a + 3 + L_MEM + L_WALK + L_MEM + L_WALK);
	/* the pipeline waited with it: the hit behind enters as tag 0 frees */
	ck_assert_uint_eq(o[3].accept, a + 3 + L_MEM + L_WALK - L_RTC);
	ck_assert_uint_eq(o[3].done, a + 3 + L_MEM + L_WALK + L_HIT);
	ck_assert_uint_eq(o[3].cnt.hits, 1);
	rig_fini(&g);
}
END_TEST

CK_TEST("timing", walker_memory_bandwidth)
{
	struct tce_rtl_resp o1, o2;
	uint64_t a;

	setup_path(32, 1, 0, 4);	/* an 8-byte read holds it 2 cycles */
	rig_dma(&g, RID, 9 * 4096, 8, false);
	rig_drain(&g);
	a = rig_send(&g, RID, 1 * 4096, 8, false);
	rig_send(&g, RID, 2 * 4096, 8, false);
	o1 = rig_wait(&g, 1);
	o2 = rig_wait(&g, 2);
	ck_assert_uint_eq(o1.done, a + 3 + L_MEM + L_WALK);	/* path a+3..a+4 */
	ck_assert_uint_eq(o2.done, a + 5 + L_MEM + L_WALK);	/* waits for it */
	rig_fini(&g);
}
END_TEST

CK_TEST("timing", walker_memory_latency_other_than_configured)
{
	struct tce_rtl_resp o;
	uint64_t a;

	/* slower memory: right answer, later, flagged */
	setup(32, 3, L_MEM + 60);
	a = rig_send(&g, RID, 5 * 4096 + 1, 8, true);
	o = rig_wait(&g, 0);
	ck_assert_int_eq(o.status, SIM_DMA_OK);
	ck_assert_uint_eq(o.pa, 0x805001);
	ck_assert_uint_gt(o.done, a + L_RTC + L_MEM + L_HIT + 3 * (L_MEM + L_WALK));
	ck_assert(tce_rtl_errors(g.r) & TCE_RTL_ERR_SLOW_MEM);
	rig_fini(&g);
	/* faster memory: the schedule is kept */
	setup(32, 3, L_MEM - 40);
	a = rig_send(&g, RID, 5 * 4096 + 1, 8, true);
	o = rig_wait(&g, 0);
	ck_assert_uint_eq(o.pa, 0x805001);
	ck_assert_uint_eq(o.done, a + L_RTC + L_MEM + L_HIT + 3 * (L_MEM + L_WALK));
	ck_assert_uint_eq(tce_rtl_errors(g.r), 0);
	rig_fini(&g);
}
END_TEST

CK_TEST("timing", walker_waveform)
{
	char path[] = "/tmp/rtl_walker_XXXXXX.fst";
	int fd = mkstemps(path, 4);
	FILE *f;
	long size;
	char head[2];

	ck_assert_int_ge(fd, 0);
	close(fd);
	setup(32, 2, 0);
	ck_assert_int_eq(tce_rtl_trace(g.r, path), 0);
	ck_assert_int_eq(rig_dma(&g, RID, 4096, 8, false).status, SIM_DMA_OK);
	ck_assert_int_eq(tce_rtl_trace(g.r, NULL), 0);
	f = fopen(path, "rb");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fread(head, 1, 1, f), 1);
	ck_assert_int_eq(head[0], 0);	/* FST header block */
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fclose(f);
	ck_assert_int_gt(size, 1000);
	unlink(path);
	ck_assert_int_eq(tce_rtl_trace(g.r, "/nonexistent/dir/x.fst"), -EIO);
	rig_fini(&g);
}
END_TEST

CK_CASE("timing", 0, NULL, NULL);
CK_SUITE("rtl_walker");
