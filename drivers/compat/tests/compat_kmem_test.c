// SPDX-License-Identifier: GPL-2.0
/*
 * compat_kmem: the kernel heap (counters, poison, fail-nth), the page
 * allocator over simulated RAM, IDA storage, bitmaps, and what
 * kc_shutdown reports and frees.
 */
#include "check_auto.h"
#include <stdlib.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/idr.h>
#include <linux/bitmap.h>
#include <linux/byteorder.h>
#include "kc_test_machine.h"

static struct kc_counters c0, c1;

static void setup(void) { kt_setup(); kc_get_counters(&c0); }
static void teardown(void) { kt_teardown(); }

CK_TEST("compat_kmem", kmalloc_live_counters_follow_alloc_and_free)
{
	void *a = kmalloc(100, GFP_KERNEL), *b = kzalloc(28, GFP_KERNEL);

	ck_assert_ptr_nonnull(a);
	ck_assert_ptr_nonnull(b);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.kmalloc_live, c0.kmalloc_live + 2);
	ck_assert_uint_eq(c1.kmalloc_live_bytes, c0.kmalloc_live_bytes + 128);
	kfree(a);
	kvfree(b);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.kmalloc_live, c0.kmalloc_live);
	ck_assert_uint_eq(c1.kmalloc_live_bytes, c0.kmalloc_live_bytes);
	ck_assert_uint_eq(c1.kmalloc_total, c0.kmalloc_total + 2);
}
END_TEST

CK_TEST("compat_kmem", kmalloc_uninitialised_memory_is_poisoned)
{
	unsigned char *p = kmalloc(64, GFP_KERNEL), *z = kzalloc(64, GFP_KERNEL);
	unsigned char *v = vzalloc(64);
	int i;

	for (i = 0; i < 64; i++) {
		ck_assert_uint_eq(p[i], 0x5a);
		ck_assert_uint_eq(z[i], 0);
		ck_assert_uint_eq(v[i], 0);
	}
	kfree(p);
	kfree(z);
	vfree(v);
}
END_TEST

CK_TEST("compat_kmem", kmalloc_zero_size_gives_zero_size_ptr)
{
	void *p = kmalloc(0, GFP_KERNEL);

	ck_assert_ptr_eq(p, ZERO_SIZE_PTR);
	kfree(p);
	kfree(NULL);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.kmalloc_live, c0.kmalloc_live);
}
END_TEST

CK_TEST("compat_kmem", kmalloc_array_overflow_returns_null)
{
	ck_assert_ptr_null(kmalloc_array(SIZE_MAX / 4, 8, GFP_KERNEL));
	ck_assert_ptr_null(kcalloc(SIZE_MAX / 2, 3, GFP_KERNEL));
}
END_TEST

CK_TEST("compat_kmem", krealloc_keeps_contents)
{
	char *p = kmalloc(4, GFP_KERNEL);

	memcpy(p, "abcd", 4);
	p = krealloc(p, 4096, GFP_KERNEL);
	ck_assert_mem_eq(p, "abcd", 4);
	kfree(p);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.kmalloc_live, c0.kmalloc_live);
}
END_TEST

CK_TEST("compat_kmem", fail_nth_kmalloc_fails_exactly_the_kth)
{
	void *p[4];
	int i;

	kc_fail_nth(KC_FAIL_KMALLOC, 3);
	ck_assert(kc_fail_nth_pending());
	for (i = 0; i < 4; i++)
		p[i] = kmalloc(8, GFP_KERNEL);
	ck_assert_ptr_nonnull(p[0]);
	ck_assert_ptr_nonnull(p[1]);
	ck_assert_ptr_null(p[2]);
	ck_assert_ptr_nonnull(p[3]);
	ck_assert(!kc_fail_nth_pending());
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.fail_injected, c0.fail_injected + 1);
	for (i = 0; i < 4; i++)
		kfree(p[i]);
}
END_TEST

CK_TEST("compat_kmem", fail_nth_pages_leaves_kmalloc_alone)
{
	void *k;
	struct page *pg;

	kc_fail_nth(KC_FAIL_PAGES, 1);
	k = kmalloc(8, GFP_KERNEL);
	ck_assert_ptr_nonnull(k);
	ck_assert(kc_fail_nth_pending());
	pg = alloc_pages_node(0, GFP_KERNEL, 0);
	ck_assert_ptr_null(pg);
	ck_assert(!kc_fail_nth_pending());
	pg = alloc_pages_node(0, GFP_KERNEL, 0);
	ck_assert_ptr_nonnull(pg);
	__free_pages(pg, 0);
	kfree(k);
}
END_TEST

CK_TEST("compat_kmem", alloc_pages_are_simulated_ram_aligned_and_zero)
{
	struct page *pg = alloc_pages_node(NUMA_NO_NODE, GFP_KERNEL, 2);
	uint64_t pa, size = 4ull << kc_get_page_shift();
	struct sim_mem_stats st;
	unsigned char *va;
	uint64_t i;

	ck_assert_ptr_nonnull(pg);
	pa = page_to_phys(pg);
	ck_assert_uint_eq(pa % size, 0);
	va = page_address(pg);
	/* __va is a plain pointer into simulated RAM at pa. */
	ck_assert_ptr_eq(va, sim_mem_host_ptr(kt.mem, pa));
	ck_assert_uint_eq(__pa(va), pa);
	for (i = 0; i < size; i += 4093)
		ck_assert_uint_eq(va[i], 0);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.pages_live, c0.pages_live + 1);
	ck_assert_uint_eq(c1.page_bytes_live, c0.page_bytes_live + size);
	/* What the kernel writes is what the hardware reads. */
	*(__be64 *)va = cpu_to_be64(0x1122334455667788ull);
	sim_mem_read_be64(kt.mem, pa, &i);
	ck_assert_uint_eq(i, 0x1122334455667788ull);
	__free_pages(pg, 2);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.pages_live, c0.pages_live);
	sim_mem_get_stats(kt.mem, &st);
	ck_assert_uint_eq(st.alloc_bytes, 4096);	/* only the OPAL scratch */
}
END_TEST

CK_TEST("compat_kmem", get_free_pages_roundtrips_through_virt_to_page)
{
	unsigned long a = __get_free_pages(GFP_KERNEL, 0);

	ck_assert_uint_ne(a, 0);
	ck_assert_uint_eq(page_to_phys(virt_to_page((void *)a)), __pa(a));
	ck_assert_ptr_eq(__va(__pa(a)), (void *)a);
	free_pages(a, 0);
}
END_TEST

CK_TEST("compat_kmem", ida_reuses_lowest_and_frees_storage_when_empty)
{
	DEFINE_IDA(ida);

	ck_assert_int_eq(ida_alloc(&ida, GFP_KERNEL), 0);
	ck_assert_int_eq(ida_alloc(&ida, GFP_KERNEL), 1);
	ck_assert_int_eq(ida_alloc(&ida, GFP_KERNEL), 2);
	ida_free(&ida, 1);
	ck_assert_int_eq(ida_alloc(&ida, GFP_KERNEL), 1);
	ck_assert_int_eq(ida_alloc_max(&ida, 2, GFP_KERNEL), -ENOSPC);
	ida_free(&ida, 0);
	ida_free(&ida, 1);
	ida_free(&ida, 2);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.kmalloc_live, c0.kmalloc_live);
}
END_TEST

CK_TEST("compat_kmem", bitmap_find_next_zero_area_honours_alignment)
{
	unsigned long map[2] = { 0, 0 };

	bitmap_set(map, 0, 5);		/* 0..4 used */
	bitmap_set(map, 9, 1);		/* 9 used */
	/* 3 free bits aligned to 4: 4 is used, so 12. */
	ck_assert_uint_eq(bitmap_find_next_zero_area(map, 128, 0, 3, 3), 12);
	/* unaligned: 5..7 */
	ck_assert_uint_eq(bitmap_find_next_zero_area(map, 128, 0, 3, 0), 5);
	/* 5 free unaligned: 10..14 (5..8 too short) */
	ck_assert_uint_eq(bitmap_find_next_zero_area(map, 128, 0, 5, 0), 10);
	ck_assert_uint_gt(bitmap_find_next_zero_area(map, 12, 0, 5, 0), 12 - 5);
	ck_assert_uint_eq(find_next_bit(map, 128, 5), 9);
	ck_assert_uint_eq(find_next_zero_bit(map, 128, 0), 5);
	ck_assert_uint_eq(bitmap_weight(map, 128), 6);
	bitmap_clear(map, 0, 128);
	ck_assert(bitmap_empty(map, 128));
}
END_TEST

CK_TEST("compat_kmem", shutdown_reports_and_frees_leaks)
{
	struct kc_counters at_exit;
	struct sim_mem_stats st;

	ck_assert_ptr_nonnull(kmalloc(10, GFP_KERNEL));
	ck_assert_ptr_nonnull(alloc_pages(GFP_KERNEL, 1));
	kt_teardown_counters(&at_exit);
	ck_assert_uint_eq(at_exit.kmalloc_live, c0.kmalloc_live + 1);
	ck_assert_uint_eq(at_exit.pages_live, c0.pages_live + 1);
	/* A second machine starts clean. */
	kt_setup();
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.kmalloc_live, 0);
	ck_assert_uint_eq(c1.pages_live, 0);
	sim_mem_get_stats(kt.mem, &st);
	ck_assert_uint_eq(st.alloc_bytes, 4096);
}
END_TEST

CK_CASE("compat_kmem", 0, setup, teardown);
CK_SUITE("compat_kmem");
