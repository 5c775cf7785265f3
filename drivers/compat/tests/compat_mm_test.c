// SPDX-License-Identifier: GPL-2.0
/*
 * compat_mm: simulated processes and user memory: mmap backing, pinning
 * (counts, read-only, partial, after munmap), hugetlb compound pages,
 * user copies and their faults, fail-nth on pinning.
 */
#include "check_auto.h"
#include <linux/mm.h>
#include <linux/uaccess.h>
#include <linux/sched.h>
#include "kc_test_machine.h"

#define UA	0x10000000ull
static uint64_t pg;		/* PAGE_SIZE */
static int pid;
static struct kc_counters c0, c1;

static void setup(void)
{
	kt_setup();
	pg = 1ull << kc_get_page_shift();
	pid = kc_proc_create("test");
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(kc_proc_current(), pid);
	kc_get_counters(&c0);
}

static void teardown(void)
{
	kt_teardown();
}

CK_TEST("compat_mm", mmap_pages_are_backed_and_not_contiguous)
{
	uint64_t pa[4];
	int i;

	ck_assert_int_eq(kc_mmap(UA, 4 * pg, 0, true, false), 0);
	for (i = 0; i < 4; i++) {
		ck_assert_int_eq(kc_user_to_phys(UA + i * pg, &pa[i]), 0);
		ck_assert(sim_mem_in_ram(kt.mem, pa[i], pg));
		ck_assert_uint_eq(pa[i] % pg, 0);
	}
	for (i = 1; i < 4; i++)
		ck_assert_uint_ne(pa[i], pa[i - 1] + pg);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.user_pages_live, c0.user_pages_live + 4);
	ck_assert_int_eq(kc_proc_locked_vm(pid), 0);
	ck_assert_int_eq(kc_munmap(UA, 4 * pg), 0);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.user_pages_live, c0.user_pages_live);
}
END_TEST

CK_TEST("compat_mm", mmap_rejects_bad_ranges)
{
	ck_assert_int_eq(kc_mmap(UA + 1, pg, 0, true, false), -EINVAL);
	ck_assert_int_eq(kc_mmap(UA, pg + 1, 0, true, false), -EINVAL);
	ck_assert_int_eq(kc_mmap(UA, 0, 0, true, false), -EINVAL);
	ck_assert_int_eq(kc_mmap(UA, pg, 13, true, false), -EINVAL);
	ck_assert_int_eq(kc_mmap(UA, 2 * pg, 0, true, false), 0);
	ck_assert_int_eq(kc_mmap(UA + pg, pg, 0, true, false), -EEXIST);
	ck_assert_int_eq(kc_munmap(UA, pg), -EINVAL);	/* partial */
}
END_TEST

CK_TEST("compat_mm", user_write_lands_in_the_backing_frame)
{
	char buf[32] = "hello, simulated dma", out[32];
	uint64_t pa;

	ck_assert_int_eq(kc_mmap(UA, 2 * pg, 0, true, false), 0);
	/* Straddle the page boundary. */
	ck_assert_int_eq(kc_user_write(UA + pg - 8, buf, sizeof(buf)), 0);
	ck_assert_int_eq(kc_user_to_phys(UA + pg - 8, &pa), 0);
	ck_assert_int_eq(sim_mem_read(kt.mem, pa, out, 8), 0);
	ck_assert_mem_eq(out, buf, 8);
	ck_assert_int_eq(kc_user_to_phys(UA + pg, &pa), 0);
	ck_assert_int_eq(sim_mem_read(kt.mem, pa, out, 24), 0);
	ck_assert_mem_eq(out, buf + 8, 24);
	memset(out, 0, sizeof(out));
	ck_assert_int_eq(kc_user_read(UA + pg - 8, out, sizeof(out)), 0);
	ck_assert_mem_eq(out, buf, sizeof(buf));
}
END_TEST

CK_TEST("compat_mm", user_access_faults_on_unmapped_and_readonly)
{
	char b[8] = { 0 };

	ck_assert_int_eq(kc_user_write(UA, b, 8), -EFAULT);
	ck_assert_int_eq(kc_user_read(UA, b, 8), -EFAULT);
	ck_assert_int_eq(kc_mmap(UA, pg, 0, false, false), 0);
	ck_assert_int_eq(kc_user_read(UA, b, 8), 0);
	ck_assert_int_eq(kc_user_write(UA, b, 8), -EFAULT);
	ck_assert_int_eq(kc_mprotect(UA, pg, true), 0);
	ck_assert_int_eq(kc_user_write(UA, b, 8), 0);
}
END_TEST

CK_TEST("compat_mm", pin_user_pages_counts_pins_per_page_and_process)
{
	struct page *pages[3];
	uint64_t pa;
	int i;

	ck_assert_int_eq(kc_mmap(UA, 3 * pg, 0, true, false), 0);
	ck_assert_int_eq(pin_user_pages(UA, 3, FOLL_WRITE | FOLL_LONGTERM,
					pages), 3);
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(kc_user_to_phys(UA + i * pg, &pa), 0);
		ck_assert_uint_eq(page_to_phys(pages[i]), pa);
		ck_assert_int_eq(kc_page_pincount(pa), 1);
		ck_assert(page_maybe_dma_pinned(pages[i]));
	}
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.pinned_pages, c0.pinned_pages + 3);
	ck_assert_int_eq(kc_proc_pinned(pid), 3);
	ck_assert_int_eq(kc_proc_locked_vm(pid), 0);	/* GUP charges nothing */
	unpin_user_pages(pages, 3);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.pinned_pages, c0.pinned_pages);
	ck_assert_int_eq(kc_proc_pinned(pid), 0);
	ck_assert_int_eq(kc_page_pincount(pa), 0);
}
END_TEST

CK_TEST("compat_mm", pin_for_write_of_readonly_memory_is_efault)
{
	struct page *p[2];

	ck_assert_int_eq(kc_mmap(UA, 2 * pg, 0, false, false), 0);
	ck_assert_int_eq(pin_user_pages(UA, 2, FOLL_WRITE | FOLL_LONGTERM, p),
			 -EFAULT);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.pinned_pages, c0.pinned_pages);
	ck_assert_int_eq(pin_user_pages(UA, 2, FOLL_LONGTERM, p), 2);
	unpin_user_pages(p, 2);
}
END_TEST

CK_TEST("compat_mm", pin_past_the_mapping_returns_the_pinned_count)
{
	struct page *p[4];

	ck_assert_int_eq(kc_mmap(UA, 2 * pg, 0, true, false), 0);
	ck_assert_int_eq(pin_user_pages(UA, 4, FOLL_WRITE, p), 2);
	unpin_user_pages(p, 2);
	ck_assert_int_eq(pin_user_pages(UA + 8 * pg, 1, FOLL_WRITE, p), -EFAULT);
}
END_TEST

CK_TEST("compat_mm", pinned_frame_outlives_munmap)
{
	struct page *p;
	uint64_t pa, v = 0x5151515151515151ull, r = 0;

	ck_assert_int_eq(kc_mmap(UA, pg, 0, true, false), 0);
	ck_assert_int_eq(kc_user_write(UA, &v, 8), 0);
	ck_assert_int_eq(kc_user_to_phys(UA, &pa), 0);
	ck_assert_int_eq(pin_user_pages(UA, 1, FOLL_WRITE, &p), 1);
	ck_assert_int_eq(kc_munmap(UA, pg), 0);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.user_pages_live, c0.user_pages_live + 1);
	ck_assert_int_eq(sim_mem_read(kt.mem, pa, &r, 8), 0);
	ck_assert_uint_eq(r, v);
	unpin_user_page(p);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.user_pages_live, c0.user_pages_live);
}
END_TEST

CK_TEST("compat_mm", hugetlb_mapping_uses_16m_compound_pages)
{
	uint64_t huge = 16ull << 20, pa;
	struct page *p[2], *head;

	ck_assert_int_eq(kc_mmap(UA * 16, 2 * huge, 24, true, true), 0);
	ck_assert_int_eq(pin_user_pages(UA * 16 + huge + 3 * pg, 1,
					FOLL_WRITE | FOLL_LONGTERM, p), 1);
	head = compound_head(p[0]);
	ck_assert(PageHuge(p[0]));
	ck_assert(PageCompound(p[0]));
	ck_assert(PageTail(p[0]));
	ck_assert_uint_eq(page_to_phys(head) % huge, 0);
	ck_assert_uint_eq(page_to_phys(p[0]), page_to_phys(head) + 3 * pg);
	ck_assert_uint_eq(compound_order(head), 24 - kc_get_page_shift());
	ck_assert_uint_eq(page_shift(head), 24);
	ck_assert_int_eq(kc_user_to_phys(UA * 16 + huge + 3 * pg, &pa), 0);
	ck_assert_uint_eq(pa, page_to_phys(p[0]));
	unpin_user_page(p[0]);
	/* Base pages are not compound. */
	ck_assert_int_eq(kc_mmap(UA, pg, 0, true, false), 0);
	ck_assert_int_eq(pin_user_pages(UA, 1, 0, p), 1);
	ck_assert(!PageHuge(p[0]));
	ck_assert(!PageCompound(p[0]));
	ck_assert_uint_eq(page_shift(compound_head(p[0])), kc_get_page_shift());
	unpin_user_page(p[0]);
	ck_assert_int_eq(kc_mmap(UA * 64, huge / 2, 24, true, true), -EINVAL);
}
END_TEST

CK_TEST("compat_mm", copy_from_user_returns_bytes_not_copied_and_zero_fills)
{
	unsigned char dst[16];
	uint32_t x = 7;
	uint32_t __user *up = (uint32_t __user *)(uintptr_t)(UA + pg - 4);

	ck_assert_int_eq(kc_mmap(UA, pg, 0, true, false), 0);
	memset(dst, 0xee, sizeof(dst));
	ck_assert_uint_eq(copy_from_user(dst, (void __user *)(uintptr_t)(UA + pg - 8),
					 16), 8);
	ck_assert_uint_eq(dst[8], 0);
	ck_assert_uint_eq(dst[15], 0);
	ck_assert_uint_eq(copy_to_user((void __user *)(uintptr_t)(UA + pg - 8),
				       dst, 16), 8);
	ck_assert_int_eq(put_user(0xabcdu, up), 0);
	ck_assert_int_eq(get_user(x, up), 0);
	ck_assert_uint_eq(x, 0xabcd);
	ck_assert_int_eq(get_user(x, up + 1), -EFAULT);
	ck_assert_uint_eq(x, 0);
	ck_assert_int_eq(kc_mprotect(UA, pg, false), 0);
	ck_assert_int_eq(put_user(1u, up), -EFAULT);
}
END_TEST

CK_TEST("compat_mm", fail_nth_pin_stops_at_the_kth_page)
{
	struct page *p[4];

	ck_assert_int_eq(kc_mmap(UA, 4 * pg, 0, true, false), 0);
	kc_fail_nth(KC_FAIL_PIN, 2);
	ck_assert_int_eq(pin_user_pages(UA, 4, FOLL_WRITE, p), 1);
	unpin_user_pages(p, 1);
	kc_fail_nth(KC_FAIL_PIN, 1);
	ck_assert_int_eq(pin_user_pages(UA, 4, FOLL_WRITE, p), -ENOMEM);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.pinned_pages, c0.pinned_pages);
}
END_TEST

CK_TEST("compat_mm", unpin_dirty_marks_the_page)
{
	struct page *p;
	uint64_t pa;

	ck_assert_int_eq(kc_mmap(UA, pg, 0, true, false), 0);
	ck_assert_int_eq(kc_user_to_phys(UA, &pa), 0);
	ck_assert_int_eq(pin_user_pages(UA, 1, FOLL_WRITE, &p), 1);
	ck_assert(!kc_page_dirty(pa));
	unpin_user_pages_dirty_lock(&p, 1, true);
	ck_assert(kc_page_dirty(pa));
}
END_TEST

CK_TEST("compat_mm", fork_gets_an_empty_mm_and_current_follows_switch)
{
	int child;
	char b[4] = "abc";

	ck_assert_int_eq(kc_mmap(UA, pg, 0, true, false), 0);
	child = kc_proc_fork(pid);
	ck_assert_int_gt(child, pid);
	ck_assert_int_eq(kc_proc_switch(child), 0);
	ck_assert_int_eq(current->pid, child);
	ck_assert_ptr_nonnull(current->mm);
	ck_assert_int_eq(kc_user_write(UA, b, 4), -EFAULT);
	ck_assert_int_eq(kc_proc_switch(pid), 0);
	ck_assert_int_eq(kc_user_write(UA, b, 4), 0);
	ck_assert_int_eq(kc_proc_switch(9999), -ESRCH);
	ck_assert_int_eq(kc_proc_exit(child), 0);
	ck_assert_int_eq(kc_proc_switch(child), -ESRCH);
}
END_TEST

CK_TEST("compat_mm", exit_with_pins_keeps_frames_until_unpin)
{
	struct page *p;

	ck_assert_int_eq(kc_mmap(UA, pg, 0, true, false), 0);
	ck_assert_int_eq(pin_user_pages(UA, 1, FOLL_WRITE, &p), 1);
	ck_assert_int_eq(kc_proc_exit(pid), 0);
	ck_assert_int_eq(kc_proc_current(), 0);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.user_pages_live, c0.user_pages_live + 1);
	unpin_user_page(p);
	kc_get_counters(&c1);
	ck_assert_uint_eq(c1.user_pages_live, c0.user_pages_live);
	ck_assert_uint_eq(c1.warn_count, 0);
}
END_TEST

CK_CASE("compat_mm", 0, setup, teardown);
CK_SUITE("compat_mm");
