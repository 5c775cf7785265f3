// SPDX-License-Identifier: GPL-2.0
/*
 * compat page frames: one struct page per PAGE_SIZE frame of simulated
 * RAM (made in chunks on first use), the kernel page allocator on top of
 * sim_mem_alloc, user frames for kc_mmap, and __pa/__va.
 */
#include <string.h>
#include <linux/mm.h>
#include <linux/gfp.h>
#include <asm/page.h>
#include <tcesim/mem.h>
#include "kc_internal.h"

#define KC_CHUNK_PAGES	4096UL
#define KC_PG_BLOCK	0x100UL	/* first frame of an allocated block */

static struct page **kc_chunks;
static unsigned long kc_nchunks;
static unsigned long kc_max_pfn;	/* frames of installed RAM */

int kc_page_init(void)
{
	kc_max_pfn = (unsigned long)(sim_mem_ram_bytes(kc.host.mem) >> PAGE_SHIFT);
	kc_nchunks = (kc_max_pfn + KC_CHUNK_PAGES - 1) / KC_CHUNK_PAGES;
	kc_chunks = kc_zalloc(kc_nchunks * sizeof(*kc_chunks));
	return 0;
}

static void kc_page_reset(struct page *p)
{
	unsigned long pfn = p->kc_pfn;

	memset(p, 0, sizeof(*p));
	p->kc_pfn = pfn;
	p->head = p;
}

bool pfn_valid(unsigned long pfn)
{
	return pfn < kc_max_pfn;
}

struct page *pfn_to_page(unsigned long pfn)
{
	unsigned long c = pfn / KC_CHUNK_PAGES, i;

	if (!pfn_valid(pfn))
		kc_bug(__FILE__, __LINE__, __func__, "pfn outside simulated RAM");
	if (!kc_chunks[c]) {
		struct page *pages = kc_zalloc(KC_CHUNK_PAGES * sizeof(*pages));

		for (i = 0; i < KC_CHUNK_PAGES; i++) {
			pages[i].kc_pfn = c * KC_CHUNK_PAGES + i;
			pages[i].head = &pages[i];
		}
		kc_chunks[c] = pages;
	}
	return &kc_chunks[c][pfn % KC_CHUNK_PAGES];
}

unsigned long page_to_pfn(const struct page *page)
{
	return page->kc_pfn;
}

phys_addr_t kc_virt_to_phys(const volatile void *p)
{
	uint64_t pa;

	if (sim_mem_host_to_pa(kc.host.mem, (const void *)p, &pa))
		kc_bug(__FILE__, __LINE__, __func__,
		       "__pa() of an address outside simulated RAM (kmalloc memory has no physical address here)");
	return pa;
}

void *kc_phys_to_virt(phys_addr_t pa)
{
	void *p = sim_mem_host_ptr(kc.host.mem, pa);

	if (!p)
		kc_bug(__FILE__, __LINE__, __func__,
		       "__va() of a physical address outside RAM");
	return p;
}

bool virt_addr_valid(const volatile void *p)
{
	uint64_t pa;

	return sim_mem_host_to_pa(kc.host.mem, (const void *)p, &pa) == 0;
}

struct page *virt_to_page(const volatile void *p)
{
	return pfn_to_page((unsigned long)(kc_virt_to_phys(p) >> PAGE_SHIFT));
}

void *page_address(const struct page *page)
{
	return kc_phys_to_virt(page_to_phys(page));
}

/* Mark the 1 << order frames at head as one block of this kind. */
static void kc_block_mark(struct page *head, unsigned int order,
			  unsigned int kind, bool compound, int owner)
{
	unsigned long i, n = 1UL << order;

	kc_page_reset(head);
	head->flags |= KC_PG_BLOCK;
	head->kc_kind = kind;
	head->order = order;
	head->owner_pid = owner;
	atomic_set(&head->_refcount, 1);
	if (compound && order)
		head->flags |= KC_PG_HEAD;
	for (i = 1; i < n; i++) {
		struct page *t = pfn_to_page(head->kc_pfn + i);

		kc_page_reset(t);
		t->kc_kind = kind;
		t->owner_pid = owner;
		if (compound) {
			t->flags |= KC_PG_TAIL;
			t->head = head;
		}
	}
}

static void kc_block_release(struct page *head)
{
	unsigned long i, n = 1UL << head->order;
	unsigned long bytes = PAGE_SIZE << head->order;
	unsigned int kind = head->kc_kind;
	uint64_t pa = page_to_phys(head);

	for (i = 1; i < n; i++)
		kc_page_reset(pfn_to_page(head->kc_pfn + i));
	kc_page_reset(head);
	if (sim_mem_free(kc.host.mem, pa))
		kc_bug(__FILE__, __LINE__, __func__, "sim_mem_free refused a block");
	if (kind == KC_PAGE_KERNEL) {
		kc.cnt.pages_live--;
		kc.cnt.page_bytes_live -= bytes;
	} else {
		kc.cnt.user_pages_live -= n;
	}
}

struct page *alloc_pages_node(int nid, gfp_t gfp, unsigned int order)
{
	uint64_t pa;
	struct page *page;

	if (kc_should_fail(KC_FAIL_PAGES))
		return NULL;
	if (order > 30)
		return NULL;
	if (sim_mem_alloc(kc.host.mem, (uint64_t)PAGE_SIZE << order, 0, &pa))
		return NULL;
	page = pfn_to_page((unsigned long)(pa >> PAGE_SHIFT));
	kc_block_mark(page, order, KC_PAGE_KERNEL, (gfp & __GFP_COMP) != 0, 0);
	kc.cnt.pages_live++;
	kc.cnt.page_bytes_live += PAGE_SIZE << order;
	kc_cost_charge(KC_COST_EV_TABLE_PAGE, 1ULL << order);
	return page;
}

struct page *alloc_pages(gfp_t gfp, unsigned int order)
{
	return alloc_pages_node(NUMA_NO_NODE, gfp, order);
}

void __free_pages(struct page *page, unsigned int order)
{
	if (!page)
		return;
	if (page->kc_kind != KC_PAGE_KERNEL || !(page->flags & KC_PG_BLOCK) ||
	    page->order != order || !atomic_read(&page->_refcount))
		kc_bug(__FILE__, __LINE__, __func__,
		       "freeing pages that are not a live allocation of this order");
	kc_page_unref(page);
}

unsigned long __get_free_pages(gfp_t gfp, unsigned int order)
{
	struct page *page = alloc_pages(gfp, order);

	return page ? (unsigned long)page_address(page) : 0;
}

unsigned long get_zeroed_page(gfp_t gfp)
{
	return __get_free_pages(gfp | __GFP_ZERO, 0);
}

void free_pages(unsigned long addr, unsigned int order)
{
	if (addr)
		__free_pages(virt_to_page((void *)addr), order);
}

/* User frames: one block of 1 << order frames, compound when order > 0. */
struct page *kc_user_frames_alloc(unsigned int order, int owner_pid)
{
	uint64_t pa;
	struct page *page;

	if (sim_mem_alloc(kc.host.mem, (uint64_t)PAGE_SIZE << order, 0, &pa))
		return NULL;
	page = pfn_to_page((unsigned long)(pa >> PAGE_SHIFT));
	kc_block_mark(page, order, KC_PAGE_USER, order > 0, owner_pid);
	if (order)
		page->flags |= KC_PG_HUGE;
	kc.cnt.user_pages_live += 1UL << order;
	return page;
}

/* Drop one reference on the block containing page; free it at zero. */
void kc_page_unref(struct page *page)
{
	struct page *head = compound_head(page);

	if (!(head->flags & KC_PG_BLOCK) || atomic_read(&head->_refcount) <= 0)
		kc_bug(__FILE__, __LINE__, __func__, "reference drop on a free page");
	if (atomic_dec_and_test(&head->_refcount))
		kc_block_release(head);
}

void get_page(struct page *page)
{
	struct page *head = compound_head(page);

	BUG_ON(head->kc_kind == KC_PAGE_FREE);
	atomic_inc(&head->_refcount);
}

void put_page(struct page *page)
{
	if (page->gupcount > 0) {
		page->gupcount--;
		kc.cnt.pinned_pages--;
		kc_proc_pinned_add(page->owner_pid, -1);
	}
	kc_page_unref(page);
}

phys_addr_t memory_hotplug_max(void)
{
	return sim_mem_ram_bytes(kc.host.mem);
}

unsigned long totalram_pages(void)
{
	return kc_max_pfn;
}

int kc_page_pincount(uint64_t pa)
{
	if (!kc.initialised || !pfn_valid((unsigned long)(pa >> PAGE_SHIFT)))
		return -EINVAL;
	return pfn_to_page((unsigned long)(pa >> PAGE_SHIFT))->pincount;
}

bool kc_page_dirty(uint64_t pa)
{
	if (!kc.initialised || !pfn_valid((unsigned long)(pa >> PAGE_SHIFT)))
		return false;
	return PageDirty(pfn_to_page((unsigned long)(pa >> PAGE_SHIFT)));
}

/* Free every block still allocated (kernel leaks, frames pinned at exit). */
void kc_page_teardown(void)
{
	unsigned long c, i;

	for (c = 0; c < kc_nchunks; c++) {
		if (!kc_chunks[c])
			continue;
		for (i = 0; i < KC_CHUNK_PAGES; i++) {
			struct page *p = &kc_chunks[c][i];

			if (p->flags & KC_PG_BLOCK)
				kc_block_release(p);
		}
	}
	for (c = 0; c < kc_nchunks; c++)
		kc_free(kc_chunks[c]);
	kc_free(kc_chunks);
	kc_chunks = NULL;
	kc_nchunks = 0;
	kc_max_pfn = 0;
}
