// SPDX-License-Identifier: GPL-2.0
/* model_mem: sparse memory accessors and the buddy page allocator. */
#include "check_main.h"
#include <errno.h>
#include <stdlib.h>

#include "tcesim/mem.h"

#define GiB (1ull << 30)

START_TEST(mem_unwritten_reads_zero)
{
	struct sim_mem *m = sim_mem_create(64 * GiB, 0);
	uint64_t v = 1;

	ck_assert_ptr_nonnull(m);
	ck_assert_int_eq(sim_mem_read_be64(m, 40 * GiB, &v), 0);
	ck_assert_uint_eq(v, 0);
	sim_mem_destroy(m);
}
END_TEST

START_TEST(mem_be64_layout_is_big_endian)
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

START_TEST(mem_outside_ram_is_efault)
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

START_TEST(mem_create_rejects_bad_sizes)
{
	ck_assert_ptr_null(sim_mem_create(0, 0));
	ck_assert_ptr_null(sim_mem_create(4097, 0));
	ck_assert_ptr_null(sim_mem_create(SIM_RAM_MAX * 2, 0));
	ck_assert_ptr_null(sim_mem_create(GiB, 2 * GiB));
}
END_TEST

START_TEST(alloc_is_aligned_zeroed_and_reusable)
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

START_TEST(alloc_exhaustion_and_coalescing)
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

START_TEST(alloc_fail_nth)
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

START_TEST(sparse_cost_follows_pages_touched)
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

Suite *check_suite(void)
{
	Suite *s = suite_create("model_mem");
	TCase *c = tcase_create("core");
	TCase *a = tcase_create("alloc");

	tcase_add_test(c, mem_unwritten_reads_zero);
	tcase_add_test(c, mem_be64_layout_is_big_endian);
	tcase_add_test(c, mem_outside_ram_is_efault);
	tcase_add_test(c, mem_create_rejects_bad_sizes);
	tcase_add_test(c, sparse_cost_follows_pages_touched);
	tcase_add_test(a, alloc_is_aligned_zeroed_and_reusable);
	tcase_add_test(a, alloc_exhaustion_and_coalescing);
	tcase_add_test(a, alloc_fail_nth);
	suite_add_tcase(s, c);
	suite_add_tcase(s, a);
	return s;
}
