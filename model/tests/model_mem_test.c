// SPDX-License-Identifier: GPL-2.0
/* model_mem: sparse memory accessors and the buddy page allocator. */
#include "check_auto.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "emb_mem.h"
#include "tcesim/mem.h"

#define GiB (1ull << 30)

CK_CASE("core", 0, NULL, NULL);

CK_TEST("core", mem_unwritten_reads_zero)
{
	struct sim_mem *m = sim_mem_create(64 * GiB, 0);
	uint64_t v = 1;

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(sim_mem_read_be64(m, 40 * GiB, &v), 0);
	ck_assert_uint_eq(v, 0);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("core", mem_be64_layout_is_big_endian)
{
	struct sim_mem *m = sim_mem_create(1 * GiB, 0);
	uint8_t b[8];
	uint64_t v;
	uint16_t h;

	ck_assert_int_eq(sim_mem_write_be64(m, 0x1000, 0x0102030405060708ull), 0);
	ck_assert_int_eq(sim_mem_read(m, 0x1000, b, 8), 0);
	ck_assert_uint_eq(b[0], 0x01);
	ck_assert_uint_eq(b[7], 0x08);
	/* unaligned, crossing a 4 KiB frame */
	ck_assert_int_eq(sim_mem_write_be64(m, 0x1ffc, 0xA1A2A3A4B1B2B3B4ull), 0);
	ck_assert_int_eq(sim_mem_read_be64(m, 0x1ffc, &v), 0);
	ck_assert_uint_eq(v, 0xA1A2A3A4B1B2B3B4ull);
	ck_assert_int_eq(sim_mem_write_be16(m, 0x3000, 0xBEEF), 0);
	ck_assert_int_eq(sim_mem_read(m, 0x3000, b, 2), 0);
	ck_assert_uint_eq(b[0], 0xBE);
	ck_assert_int_eq(sim_mem_read_be16(m, 0x3000, &h), 0);
	ck_assert_uint_eq(h, 0xBEEF);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("core", mem_outside_ram_is_efault)
{
	struct sim_mem *m = sim_mem_create(1 * GiB, 0);
	uint64_t v;
	uint8_t b[16];

	ck_assert_int_eq(sim_mem_read_be64(m, GiB, &v), -EFAULT);
	ck_assert_int_eq(sim_mem_read_be64(m, GiB - 4, &v), -EFAULT);
	ck_assert_int_eq(sim_mem_write(m, GiB - 8, b, 16), -EFAULT);
	ck_assert_int_eq(sim_mem_read(m, ~0ull - 3, b, 8), -EFAULT);
	ck_assert_ptr_null(sim_mem_host_ptr(m, GiB));
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("core", mem_create_rejects_bad_sizes)
{
	ck_assert_ptr_null(sim_mem_create(0, 0));
	ck_assert_ptr_null(sim_mem_create(4097, 0));
	ck_assert_ptr_null(sim_mem_create(SIM_RAM_MAX * 2, 0));
	ck_assert_ptr_null(sim_mem_create(GiB, 2 * GiB));
}
END_TEST

CK_CASE("alloc", 0, NULL, NULL);

CK_TEST("alloc", alloc_is_aligned_zeroed_and_reusable)
{
	struct sim_mem *m = sim_mem_create(1 * GiB, 1u << 20);
	uint64_t a, b, c, v;

	ck_assert_int_eq(sim_mem_alloc(m, 0x3000, 0, &a), 0);
	ck_assert_uint_eq(a & 0x3fff, 0);       /* rounded to 16 KiB */
	ck_assert_uint_ge(a, 1u << 20);          /* reserved area untouched */
	ck_assert_uint_eq(sim_mem_block_size(m, a), 0x4000);
	ck_assert_int_eq(sim_mem_write_be64(m, a + 8, 0x55), 0);
	ck_assert_int_eq(sim_mem_alloc(m, 0x1000, 1u << 24, &b), 0);
	ck_assert_uint_eq(b & ((1u << 24) - 1), 0);
	ck_assert_int_eq(sim_mem_free(m, a), 0);
	ck_assert_int_eq(sim_mem_free(m, a), -EINVAL); /* double free */
	ck_assert_int_eq(sim_mem_alloc(m, 0x4000, 0, &c), 0);
	ck_assert_int_eq(sim_mem_read_be64(m, c + 8, &v), 0);
	ck_assert_uint_eq(v, 0);                 /* freed memory reads zero */
	ck_assert_int_eq(sim_mem_free(m, b), 0);
	ck_assert_int_eq(sim_mem_free(m, c), 0);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("alloc", alloc_exhaustion_and_coalescing)
{
	struct sim_mem *m = sim_mem_create(1u << 20, 0);
	uint64_t pa[256], big;
	struct sim_mem_stats st;
	int i;

	for (i = 0; i < 256; i++)
		ck_assert_int_eq(sim_mem_alloc(m, 4096, 0, &pa[i]), 0);
	ck_assert_int_eq(sim_mem_alloc(m, 4096, 0, &big), -ENOMEM);
	for (i = 0; i < 256; i++)
		ck_assert_int_eq(sim_mem_free(m, pa[i]), 0);
	/* all buddies merged back: the whole MiB is one block again */
	ck_assert_int_eq(sim_mem_alloc(m, 1u << 20, 0, &big), 0);
	ck_assert_uint_eq(big, 0);
	sim_mem_get_stats(m, &st);
	ck_assert_uint_eq(st.alloc_bytes, 1u << 20);
	ck_assert_uint_eq(st.alloc_failures, 1);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("alloc", alloc_fail_nth)
{
	struct sim_mem *m = sim_mem_create(1u << 24, 0);
	uint64_t pa;

	sim_mem_fail_nth(m, 2);
	ck_assert_int_eq(sim_mem_alloc(m, 4096, 0, &pa), 0);
	ck_assert_int_eq(sim_mem_alloc(m, 4096, 0, &pa), -ENOMEM);
	ck_assert_int_eq(sim_mem_alloc(m, 4096, 0, &pa), 0);
	ck_assert_int_eq(sim_mem_alloc(m, 0, 0, &pa), -EINVAL);
	ck_assert_int_eq(sim_mem_alloc(m, 4096, 3, &pa), -EINVAL);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("core", sparse_cost_follows_pages_touched)
{
	/* 1 TiB installed; touching 3 pages costs about 3 pages. */
	struct sim_mem *m = sim_mem_create(1ull << 40, 0);
	uint64_t r;

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(sim_mem_write_be64(m, 0, 1), 0);
	ck_assert_int_eq(sim_mem_write_be64(m, 1ull << 39, 2), 0);
	ck_assert_int_eq(sim_mem_write_be64(m, (1ull << 40) - 8, 3), 0);
	r = sim_mem_resident_bytes(m);
	ck_assert_uint_ge(r, 3 * 4096);
	ck_assert_uint_le(r, 64 * 4096);
	sim_mem_destroy(m);
}
END_TEST

/* ---- memory an embedder provides ---- */

#define EMB_RAM (256ull << 20)

static struct sim_mem *emb_mem(struct emb *e, const struct sim_mem_region *r,
			       unsigned nr)
{
	const struct sim_mem_backend be = { emb_read, emb_write, e, false };

	memset(e, 0, sizeof(*e));
	e->bytes = malloc(EMB_RAM);
	ck_assert_ptr_nonnull(e->bytes);
	memset(e->bytes, 0xA5, EMB_RAM);	/* not zero: alloc must clear */
	return sim_mem_create_backed(EMB_RAM, 1u << 20, &be, r, nr);
}

CK_CASE("backed", 0, NULL, NULL);

CK_TEST("backed", backed_accesses_reach_the_callbacks)
{
	struct emb e;
	struct sim_mem *m = emb_mem(&e, NULL, 0);
	uint64_t v;

	ck_assert_ptr_nonnull(m);
	ck_assert(sim_mem_is_backed(m));
	ck_assert_int_eq(sim_mem_write_be64(m, 0x2000, 0x0102030405060708ull), 0);
	ck_assert_uint_eq(e.writes, 1);
	ck_assert_uint_eq(e.last_pa, 0x2000);
	ck_assert_uint_eq(e.last_len, 8);
	ck_assert_uint_eq(e.bytes[0x2000], 0x01);	/* big-endian, theirs */
	e.bytes[0x3000] = 0x11;
	e.bytes[0x3007] = 0x88;
	ck_assert_int_eq(sim_mem_read_be64(m, 0x3000, &v), 0);
	ck_assert_uint_eq(e.reads, 1);
	ck_assert_uint_eq(v >> 56, 0x11);
	ck_assert_uint_eq(v & 0xff, 0x88);
	/* no host pointer anywhere */
	ck_assert_ptr_null(sim_mem_host_ptr(m, 0x3000));
	ck_assert(!sim_mem_host_covers(m, 0, 4096));
	/* outside RAM: refused before any callback */
	ck_assert_int_eq(sim_mem_read_be64(m, EMB_RAM, &v), -EFAULT);
	ck_assert_uint_eq(e.reads, 1);
	sim_mem_destroy(m);
	free(e.bytes);
}
END_TEST

CK_TEST("backed", backed_callback_errors_are_returned)
{
	struct emb e;
	struct sim_mem *m = emb_mem(&e, NULL, 0);
	struct sim_mem_stats st;
	uint8_t b[16];

	e.refuse_lo = 0x5008;	/* an access covering this byte fails */
	e.refuse_hi = 0x5009;
	ck_assert_int_eq(sim_mem_read(m, 0x5000, b, 16), -EIO);
	ck_assert_int_eq(sim_mem_write(m, 0x5004, b, 8), -EIO);
	ck_assert_int_eq(sim_mem_read(m, 0x5010, b, 16), 0);
	sim_mem_get_stats(m, &st);
	ck_assert_uint_eq(st.faults, 2);
	ck_assert_uint_eq(st.reads, 1);
	sim_mem_destroy(m);
	free(e.bytes);
}
END_TEST

CK_TEST("backed", backed_regions_use_host_pointers)
{
	static uint8_t lo[1 << 16], hi[1 << 20];
	const struct sim_mem_region r[2] = {
		{ .pa = 0x10000, .len = sizeof(lo), .host = lo },
		{ .pa = 0x1000000, .len = sizeof(hi), .host = hi },
	};
	struct emb e;
	struct sim_mem *m = emb_mem(&e, r, 2);
	uint64_t v, pa;

	ck_assert_ptr_nonnull(m);
	/* both regions, the large (fast) one and the other */
	ck_assert_int_eq(sim_mem_write_be64(m, 0x10008, 7), 0);
	ck_assert_int_eq(sim_mem_write_be64(m, 0x1000010, 9), 0);
	ck_assert_uint_eq(lo[15], 7);
	ck_assert_uint_eq(hi[0x17], 9);
	ck_assert_uint_eq(e.writes, 0);
	ck_assert_ptr_eq(sim_mem_host_ptr(m, 0x10008), lo + 8);
	ck_assert_ptr_eq(sim_mem_host_ptr(m, 0x1000010), hi + 0x10);
	ck_assert_int_eq(sim_mem_host_to_pa(m, hi + 0x20, &pa), 0);
	ck_assert_uint_eq(pa, 0x1000020);
	ck_assert_int_eq(sim_mem_host_to_pa(m, lo + 3, &pa), 0);
	ck_assert_uint_eq(pa, 0x10003);
	ck_assert(sim_mem_host_covers(m, 0x1000000, sizeof(hi)));
	ck_assert(!sim_mem_host_covers(m, 0x1000000, sizeof(hi) + 1));
	/* straddling a region's end: the callbacks take the whole access */
	ck_assert_int_eq(sim_mem_read_be64(m, 0x10000 + sizeof(lo) - 4, &v), 0);
	ck_assert_uint_eq(e.reads, 1);
	ck_assert_uint_eq(e.last_pa, 0x10000 + sizeof(lo) - 4);
	sim_mem_destroy(m);
	free(e.bytes);
}
END_TEST

CK_TEST("backed", backed_alloc_zeroes_the_block)
{
	struct emb e;
	struct sim_mem *m = emb_mem(&e, NULL, 0);
	uint64_t pa, v = 1;

	ck_assert_int_eq(sim_mem_alloc(m, 0x3000, 0, &pa), 0);
	ck_assert_uint_ge(pa, 1u << 20);
	for (uint64_t i = 0; i < 0x4000; i++)
		ck_assert_uint_eq(e.bytes[pa + i], 0);
	ck_assert_uint_eq(e.bytes[pa + 0x4000], 0xA5);	/* only the block */
	ck_assert_int_eq(sim_mem_read_be64(m, pa + 0x3ff8, &v), 0);
	ck_assert_uint_eq(v, 0);
	/* a block the embedder cannot clear is not handed out */
	e.refuse_hi = UINT64_MAX;	/* every access fails */
	ck_assert_int_eq(sim_mem_alloc(m, 0x10000, 0x10000, &pa), -EIO);
	e.refuse_hi = 0;
	ck_assert_int_eq(sim_mem_alloc(m, 0x10000, 0x10000, &pa), 0);
	sim_mem_destroy(m);
	free(e.bytes);
}
END_TEST

CK_TEST("backed", backed_zeroed_clears_on_free)
{
	struct emb e;
	struct sim_mem_backend be = { emb_read, emb_write, &e, true };
	struct sim_mem *m;
	uint64_t pa, pa2;

	memset(&e, 0, sizeof(e));
	e.bytes = calloc(1, EMB_RAM);	/* starts zeroed */
	ck_assert_ptr_nonnull(e.bytes);
	m = sim_mem_create_backed(EMB_RAM, 1u << 20, &be, NULL, 0);
	ck_assert_ptr_nonnull(m);
	/* handing out touches nothing */
	ck_assert_int_eq(sim_mem_alloc(m, 1u << 20, 0, &pa), 0);
	ck_assert_uint_eq(e.writes, 0);
	memset(e.bytes + pa, 0x77, 1u << 20);	/* used */
	/* freeing clears it, so the next owner sees zeros */
	ck_assert_int_eq(sim_mem_free(m, pa), 0);
	ck_assert_uint_gt(e.writes, 0);
	ck_assert_int_eq(sim_mem_alloc(m, 1u << 20, 0, &pa2), 0);
	ck_assert_uint_eq(pa2, pa);
	for (uint64_t i = 0; i < (1u << 20); i += 4096)
		ck_assert_uint_eq(e.bytes[pa2 + i], 0);
	sim_mem_destroy(m);
	free(e.bytes);
}
END_TEST

CK_TEST("backed", backed_rejects_bad_regions)
{
	static uint8_t h[8192];
	const struct sim_mem_backend be = { emb_read, emb_write, NULL, false };
	const struct sim_mem_region past = { EMB_RAM - 4096, 8192, h };
	const struct sim_mem_region ov[2] = { { 0, 8192, h }, { 4096, 4096, h } };
	const struct sim_mem_region nul = { 0, 4096, NULL };

	ck_assert_ptr_null(sim_mem_create_backed(EMB_RAM, 0, &be, &past, 1));
	ck_assert_ptr_null(sim_mem_create_backed(EMB_RAM, 0, &be, ov, 2));
	ck_assert_ptr_null(sim_mem_create_backed(EMB_RAM, 0, &be, &nul, 1));
	/* neither callbacks nor regions: nothing to reach */
	ck_assert_ptr_null(sim_mem_create_backed(EMB_RAM, 0, NULL, NULL, 0));
	ck_assert_ptr_null(sim_mem_create_backed(4097, 0, &be, NULL, 0));
}
END_TEST

CK_SUITE("model_mem");
