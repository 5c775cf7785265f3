// SPDX-License-Identifier: GPL-2.0
/*
 * compat HARNESS: user memory of the current simulated process, for the
 * workload side of kc/host.h: kc_mmap/kc_munmap/kc_mprotect (what mmap,
 * munmap and mprotect would do, with frames allocated at once) and
 * kc_user_read/kc_user_write/kc_user_to_phys (the process touching its
 * memory, /proc/self/pagemap). Not kernel code; the VMAs it builds are
 * what the kernel shims in kc_mm.c (find_vma, uaccess, pinning) see.
 */
#include <linux/mm.h>
#include <linux/sched.h>
#include "kc_internal.h"

static struct mm_struct *kc_cur_mm(void)
{
	return kc.cur ? kc.cur->task.mm : NULL;
}

int kc_mmap(uint64_t ua, uint64_t size, unsigned page_shift, bool writable,
	    bool hugetlb)
{
	struct mm_struct *mm = kc_cur_mm();
	struct vm_area_struct *vma, *pos;
	unsigned long npages, nblocks, step, i;
	unsigned int order;
	struct page **blocks;

	if (!kc.initialised)
		return -EINVAL;
	if (!mm)
		return -ESRCH;
	if (hugetlb) {
		if (!page_shift)
			page_shift = KC_DEFAULT_HUGE_SHIFT;
		if (page_shift <= PAGE_SHIFT || page_shift > 34)
			return -EINVAL;
	} else {
		if (page_shift && page_shift != PAGE_SHIFT)
			return -EINVAL;
		page_shift = PAGE_SHIFT;
	}
	if (!size || (ua | size) & ((1ULL << page_shift) - 1) ||
	    ua + size < ua || ua + size > (1ULL << 56) || ua == 0)
		return -EINVAL;
	vma = find_vma(mm, (unsigned long)ua);
	if (vma && vma->vm_start < ua + size)
		return -EEXIST;

	order = page_shift - PAGE_SHIFT;
	npages = (unsigned long)(size >> PAGE_SHIFT);
	step = 1UL << order;
	nblocks = npages / step;
	blocks = kc_zalloc(nblocks * sizeof(*blocks));
	for (i = 0; i < nblocks; i++) {
		blocks[i] = kc_user_frames_alloc(order, mm->kc_pid);
		if (!blocks[i]) {
			while (i--)
				kc_page_unref(blocks[i]);
			kc_free(blocks);
			return -ENOMEM;
		}
	}

	vma = kc_zalloc(sizeof(*vma));
	vma->vm_start = (unsigned long)ua;
	vma->vm_end = (unsigned long)(ua + size);
	vma->vm_flags = VM_READ | (writable ? VM_WRITE : 0) |
			(hugetlb ? VM_HUGETLB : 0);
	vma->vm_mm = mm;
	vma->kc_page_shift = page_shift;
	vma->kc_pages = kc_zalloc(npages * sizeof(*vma->kc_pages));
	/* Hand blocks out in descending physical order: not contiguous. */
	for (i = 0; i < nblocks; i++) {
		struct page *head = blocks[nblocks - 1 - i];
		unsigned long j;

		for (j = 0; j < step; j++)
			vma->kc_pages[i * step + j] =
				pfn_to_page(page_to_pfn(head) + j);
	}
	kc_free(blocks);

	list_for_each_entry(pos, &mm->kc_vmas, kc_node)
		if (pos->vm_start > vma->vm_start)
			break;
	list_add_tail(&vma->kc_node, &pos->kc_node);
	return 0;
}

/* The mapping that is exactly [ua, ua + size) in the current process. */
static int kc_whole_vma(uint64_t ua, uint64_t size,
			struct vm_area_struct **pvma)
{
	struct mm_struct *mm = kc_cur_mm();
	struct vm_area_struct *vma;

	if (!mm)
		return -ESRCH;
	vma = kc_vma_at(mm, (unsigned long)ua);
	if (!vma || vma->vm_start != ua || vma->vm_end - vma->vm_start != size)
		return -EINVAL;
	*pvma = vma;
	return 0;
}

int kc_munmap(uint64_t ua, uint64_t size)
{
	struct vm_area_struct *vma;
	int ret = kc_whole_vma(ua, size, &vma);

	if (ret)
		return ret;
	kc_vma_free(vma);
	return 0;
}

int kc_mprotect(uint64_t ua, uint64_t size, bool writable)
{
	struct vm_area_struct *vma;
	int ret = kc_whole_vma(ua, size, &vma);

	if (ret)
		return ret;
	if (writable)
		vma->vm_flags |= VM_WRITE;
	else
		vma->vm_flags &= ~VM_WRITE;
	return 0;
}

int kc_user_write(uint64_t ua, const void *buf, size_t len)
{
	struct mm_struct *mm = kc_cur_mm();

	if (!mm)
		return -ESRCH;
	return kc_user_copy(mm, (unsigned long)ua, (void *)buf, len, true) ?
	       -EFAULT : 0;
}

int kc_user_read(uint64_t ua, void *buf, size_t len)
{
	struct mm_struct *mm = kc_cur_mm();

	if (!mm)
		return -ESRCH;
	return kc_user_copy(mm, (unsigned long)ua, buf, len, false) ?
	       -EFAULT : 0;
}

int kc_user_to_phys(uint64_t ua, uint64_t *pa)
{
	struct mm_struct *mm = kc_cur_mm();
	struct vm_area_struct *vma;

	if (!mm)
		return -ESRCH;
	vma = kc_vma_at(mm, (unsigned long)ua);
	if (!vma)
		return -EFAULT;
	*pa = page_to_phys(kc_vma_page(vma, (unsigned long)ua)) +
	      (ua & ~PAGE_MASK);
	return 0;
}
