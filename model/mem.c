// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated physical memory and its buddy page allocator.
 *
 * RAM is one anonymous MAP_NORESERVE reservation of ram_bytes: the host
 * kernel backs a page on first write, reads of untouched pages see its
 * shared zero page, and MADV_DONTNEED drops a freed block's pages again.
 *
 * The allocator is a binary buddy system over [reserved_low, ram_bytes).
 * Block records sit in a hash table keyed by block address, so freeing
 * finds its buddy in O(1); free blocks are also on a per-order list.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "tcesim/mem.h"
#include "tcesim/state.h"

#define MIN_ORDER SIM_FRAME_SHIFT
#define MAX_ORDER SIM_PHYS_BITS

struct blk {
	uint64_t pa;
	uint8_t order;
	uint8_t is_free;
	struct blk *hnext;          /* hash chain */
	struct blk *prev, *next;    /* free list of its order (free only) */
};

struct sim_mem {
	uint64_t ram_bytes;
	uint8_t *base;              /* host address of physical 0 */

	struct blk **htab;          /* block records by address */
	size_t hsize;               /* buckets, a power of two */
	size_t hcount;
	struct blk *free_list[MAX_ORDER + 1];
	uint64_t fail_countdown;    /* fail the nth allocation; 0 = off */

	struct sim_mem_stats st;
};

/* ---- access ------------------------------------------------------------- */

bool sim_mem_in_ram(const struct sim_mem *m, uint64_t pa, uint64_t len)
{
	return pa < m->ram_bytes && len <= m->ram_bytes - pa;
}

uint64_t sim_mem_ram_bytes(const struct sim_mem *m)
{
	return m->ram_bytes;
}

uint8_t *sim_mem_host_ptr(struct sim_mem *m, uint64_t pa)
{
	return pa < m->ram_bytes ? m->base + pa : NULL;
}

int sim_mem_host_to_pa(const struct sim_mem *m, const void *p, uint64_t *pa)
{
	uintptr_t off = (uintptr_t)p - (uintptr_t)m->base;

	if ((uintptr_t)p < (uintptr_t)m->base || off >= m->ram_bytes)
		return -EFAULT;
	*pa = off;
	return 0;
}

uint64_t sim_mem_resident_bytes(const struct sim_mem *m)
{
	const uint64_t chunk = 1ull << 30;
	long psz = sysconf(_SC_PAGESIZE);
	unsigned char *vec = malloc(chunk / (uint64_t)psz);
	uint64_t off, total = 0;

	if (!vec)
		return 0;
	for (off = 0; off < m->ram_bytes; off += chunk) {
		uint64_t len = m->ram_bytes - off < chunk ? m->ram_bytes - off
							    : chunk;
		uint64_t i, n = (len + (uint64_t)psz - 1) / (uint64_t)psz;

		if (mincore(m->base + off, len, vec))
			break;
		for (i = 0; i < n; i++)
			total += (vec[i] & 1) ? (uint64_t)psz : 0;
	}
	free(vec);
	return total;
}

static uint64_t host_page(void)
{
	long psz = sysconf(_SC_PAGESIZE);

	return psz > 0 ? (uint64_t)psz : SIM_FRAME_SIZE;
}

int sim_mem_zero(struct sim_mem *m, uint64_t pa, uint64_t len)
{
	uint64_t psz = host_page(), lo, hi;

	if (!sim_mem_in_ram(m, pa, len)) {
		m->st.faults++;
		return -EFAULT;
	}
	m->st.writes++;
	/* Whole host pages inside the range go back to the host. */
	lo = (pa + psz - 1) & ~(psz - 1);
	hi = (pa + len) & ~(psz - 1);
	if (lo < hi && !madvise(m->base + lo, hi - lo, MADV_DONTNEED)) {
		memset(m->base + pa, 0, lo - pa);
		memset(m->base + hi, 0, pa + len - hi);
	} else {
		memset(m->base + pa, 0, len);
	}
	return 0;
}

int sim_mem_prefault(struct sim_mem *m, uint64_t pa, uint64_t len)
{
	uint64_t psz = host_page(), lo;

	if (!sim_mem_in_ram(m, pa, len))
		return -EFAULT;
	if (!len)
		return 0;
	lo = pa & ~(psz - 1);
#ifdef MADV_POPULATE_WRITE
	(void)madvise(m->base + lo, pa + len - lo, MADV_POPULATE_WRITE);
#else
	(void)lo;
#endif
	return 0;
}

int sim_mem_foreach_resident(const struct sim_mem *m,
			     int (*fn)(void *arg, uint64_t pa, uint64_t len),
			     void *arg)
{
	const uint64_t chunk = 1ull << 30;
	uint64_t psz = host_page(), off, run = 0, run_len = 0;
	unsigned char *vec = malloc(chunk / psz);
	int rc = 0;

	if (!vec)
		return -ENOMEM;
	for (off = 0; off < m->ram_bytes && !rc; off += chunk) {
		uint64_t len = m->ram_bytes - off < chunk ? m->ram_bytes - off
							    : chunk;
		uint64_t i, n = (len + psz - 1) / psz;

		if (mincore(m->base + off, len, vec)) {
			rc = -errno;
			break;
		}
		for (i = 0; i < n && !rc; i++) {
			uint64_t pa = off + i * psz;

			if (vec[i] & 1) {
				if (!run_len)
					run = pa;
				run_len = pa + psz - run;
			} else if (run_len) {
				rc = fn(arg, run, run_len);
				run_len = 0;
			}
		}
	}
	if (!rc && run_len) {
		/* The last host page may reach past installed RAM. */
		if (run + run_len > m->ram_bytes)
			run_len = m->ram_bytes - run;
		rc = fn(arg, run, run_len);
	}
	free(vec);
	return rc;
}

int sim_mem_read(struct sim_mem *m, uint64_t pa, void *buf, size_t len)
{
	if (!sim_mem_in_ram(m, pa, len)) {
		m->st.faults++;
		return -EFAULT;
	}
	m->st.reads++;
	memcpy(buf, m->base + pa, len);
	return 0;
}

int sim_mem_write(struct sim_mem *m, uint64_t pa, const void *buf, size_t len)
{
	if (!sim_mem_in_ram(m, pa, len)) {
		m->st.faults++;
		return -EFAULT;
	}
	m->st.writes++;
	memcpy(m->base + pa, buf, len);
	return 0;
}

int sim_mem_fill(struct sim_mem *m, uint64_t pa, int byte, uint64_t len)
{
	if (!sim_mem_in_ram(m, pa, len)) {
		m->st.faults++;
		return -EFAULT;
	}
	m->st.writes++;
	memset(m->base + pa, byte, len);
	return 0;
}

int sim_mem_read_be64(struct sim_mem *m, uint64_t pa, uint64_t *val)
{
	uint64_t v;

	if (!sim_mem_in_ram(m, pa, 8)) {
		m->st.faults++;
		return -EFAULT;
	}
	m->st.reads++;
	memcpy(&v, m->base + pa, 8);
	*val = __builtin_bswap64(v);
	return 0;
}

int sim_mem_write_be64(struct sim_mem *m, uint64_t pa, uint64_t val)
{
	val = __builtin_bswap64(val);
	return sim_mem_write(m, pa, &val, 8);
}

int sim_mem_read_be16(struct sim_mem *m, uint64_t pa, uint16_t *val)
{
	uint8_t b[2];
	int rc = sim_mem_read(m, pa, b, 2);

	if (!rc)
		*val = (uint16_t)(b[0] << 8 | b[1]);
	return rc;
}

int sim_mem_write_be16(struct sim_mem *m, uint64_t pa, uint16_t val)
{
	uint8_t b[2] = { val >> 8, val & 0xff };

	return sim_mem_write(m, pa, b, 2);
}

/* ---- block records ------------------------------------------------------ */

static size_t hslot(const struct sim_mem *m, uint64_t pa)
{
	uint64_t h = (pa >> SIM_FRAME_SHIFT) * 0x9E3779B97F4A7C15ull;

	return (size_t)(h >> 20) & (m->hsize - 1);
}

static struct blk *blk_find(struct sim_mem *m, uint64_t pa)
{
	struct blk *b;

	for (b = m->htab[hslot(m, pa)]; b; b = b->hnext)
		if (b->pa == pa)
			return b;
	return NULL;
}

static int blk_grow(struct sim_mem *m)
{
	size_t i, nsize = m->hsize * 2;
	struct blk **nt = calloc(nsize, sizeof(*nt));
	struct blk **old = m->htab;
	size_t osize = m->hsize;

	if (!nt)
		return -ENOMEM;
	m->htab = nt;
	m->hsize = nsize;
	for (i = 0; i < osize; i++) {
		struct blk *b = old[i], *n;

		for (; b; b = n) {
			size_t s = hslot(m, b->pa);

			n = b->hnext;
			b->hnext = nt[s];
			nt[s] = b;
		}
	}
	free(old);
	return 0;
}

static struct blk *blk_add(struct sim_mem *m, uint64_t pa, unsigned order)
{
	struct blk *b;
	size_t s;

	if (m->hcount >= m->hsize * 2 && blk_grow(m))
		return NULL;
	b = calloc(1, sizeof(*b));
	if (!b)
		return NULL;
	b->pa = pa;
	b->order = (uint8_t)order;
	s = hslot(m, pa);
	b->hnext = m->htab[s];
	m->htab[s] = b;
	m->hcount++;
	return b;
}

static void blk_del(struct sim_mem *m, struct blk *b)
{
	struct blk **pp = &m->htab[hslot(m, b->pa)];

	while (*pp != b)
		pp = &(*pp)->hnext;
	*pp = b->hnext;
	m->hcount--;
	free(b);
}

static void free_push(struct sim_mem *m, struct blk *b)
{
	b->is_free = 1;
	b->prev = NULL;
	b->next = m->free_list[b->order];
	if (b->next)
		b->next->prev = b;
	m->free_list[b->order] = b;
}

static void free_unlink(struct sim_mem *m, struct blk *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		m->free_list[b->order] = b->next;
	if (b->next)
		b->next->prev = b->prev;
	b->is_free = 0;
}

/* Add [pa, end) to the free lists as maximal aligned blocks. */
static int seed_free(struct sim_mem *m, uint64_t pa, uint64_t end)
{
	while (pa < end) {
		unsigned order = MAX_ORDER;
		struct blk *b;

		while (order > MIN_ORDER &&
		       ((pa & ((1ull << order) - 1)) ||
			pa + (1ull << order) > end))
			order--;
		b = blk_add(m, pa, order);
		if (!b)
			return -ENOMEM;
		free_push(m, b);
		pa += 1ull << order;
	}
	return 0;
}

struct sim_mem *sim_mem_create(uint64_t ram_bytes, uint64_t reserved_low)
{
	struct sim_mem *m;

	if (!ram_bytes || (ram_bytes & (SIM_FRAME_SIZE - 1)) ||
	    ram_bytes > SIM_RAM_MAX || reserved_low > ram_bytes)
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->ram_bytes = ram_bytes;
	m->base = mmap(NULL, ram_bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->base == MAP_FAILED) {
		m->base = NULL;
		goto fail;
	}
	m->hsize = 256;
	m->htab = calloc(m->hsize, sizeof(*m->htab));
	if (!m->htab)
		goto fail;
	reserved_low = (reserved_low + SIM_FRAME_SIZE - 1) &
		       ~(SIM_FRAME_SIZE - 1);
	if (seed_free(m, reserved_low, ram_bytes))
		goto fail;
	return m;
fail:
	sim_mem_destroy(m);
	return NULL;
}

void sim_mem_destroy(struct sim_mem *m)
{
	size_t i;

	if (!m)
		return;
	if (m->base)
		munmap(m->base, m->ram_bytes);
	for (i = 0; m->htab && i < m->hsize; i++) {
		struct blk *b = m->htab[i], *n;

		for (; b; b = n) {
			n = b->hnext;
			free(b);
		}
	}
	free(m->htab);
	free(m);
}

static unsigned order_for(uint64_t size)
{
	unsigned order = MIN_ORDER;

	while (order < MAX_ORDER && (1ull << order) < size)
		order++;
	return order;
}

int sim_mem_alloc(struct sim_mem *m, uint64_t size, uint64_t align,
		  uint64_t *pa)
{
	unsigned want, o;
	struct blk *b;

	if (!size || size > (1ull << MAX_ORDER) || (align & (align - 1)) ||
	    align > (1ull << MAX_ORDER))
		return -EINVAL;
	if (m->fail_countdown && --m->fail_countdown == 0) {
		m->st.alloc_failures++;
		return -ENOMEM;
	}
	want = order_for(size);
	if (align > (1ull << want))
		want = order_for(align);
	for (o = want; o <= MAX_ORDER && !m->free_list[o]; o++)
		;
	if (o > MAX_ORDER) {
		m->st.alloc_failures++;
		return -ENOMEM;
	}
	b = m->free_list[o];
	free_unlink(m, b);
	while (o > want) {
		struct blk *upper;

		o--;
		upper = blk_add(m, b->pa + (1ull << o), o);
		if (!upper) {
			/* Undo: put the remainder back whole. */
			b->order = (uint8_t)(o + 1);
			free_push(m, b);
			m->st.alloc_failures++;
			return -ENOMEM;
		}
		free_push(m, upper);
		b->order = (uint8_t)o;
	}
	m->st.alloc_calls++;
	m->st.alloc_bytes += 1ull << want;
	if (m->st.alloc_bytes > m->st.alloc_bytes_peak)
		m->st.alloc_bytes_peak = m->st.alloc_bytes;
	*pa = b->pa;
	return 0;
}

int sim_mem_free(struct sim_mem *m, uint64_t pa)
{
	struct blk *b = blk_find(m, pa);
	unsigned order;

	if (!b || b->is_free)
		return -EINVAL;
	order = b->order;
	m->st.free_calls++;
	m->st.alloc_bytes -= 1ull << order;
	madvise(m->base + pa, 1ull << order, MADV_DONTNEED);
	blk_del(m, b);

	/* Coalesce with free buddies. */
	while (order < MAX_ORDER) {
		uint64_t buddy_pa = pa ^ (1ull << order);
		struct blk *buddy = blk_find(m, buddy_pa);

		if (!buddy || !buddy->is_free || buddy->order != order)
			break;
		free_unlink(m, buddy);
		blk_del(m, buddy);
		pa &= ~(1ull << order);
		order++;
	}
	b = blk_add(m, pa, order);
	if (!b)
		return -ENOMEM; /* host OOM: the block is lost, not reused */
	free_push(m, b);
	return 0;
}

uint64_t sim_mem_block_size(struct sim_mem *m, uint64_t pa)
{
	struct blk *b = blk_find(m, pa);

	return (b && !b->is_free) ? 1ull << b->order : 0;
}

void sim_mem_fail_nth(struct sim_mem *m, uint64_t nth)
{
	m->fail_countdown = nth;
}

void sim_mem_get_stats(const struct sim_mem *m, struct sim_mem_stats *st)
{
	*st = m->st;
}

/* ---- checkpoint state ---------------------------------------------------- */

#define MEM_STATE_VERSION 1
#define NORDERS (MAX_ORDER - MIN_ORDER + 1)

/* One block as saved: address, order, free or not. */
struct blk_rec {
	uint64_t pa;
	uint8_t order;
	uint8_t is_free;
};

static int rec_cmp(const void *a, const void *b)
{
	const struct blk_rec *x = a, *y = b;

	return x->pa < y->pa ? -1 : x->pa > y->pa;
}

int sim_mem_state_save(const struct sim_mem *m, struct sim_state_out *o)
{
	struct blk_rec *v = malloc((m->hcount ? m->hcount : 1) * sizeof(*v));
	size_t i, n = 0;
	unsigned order;

	if (!v)
		return -ENOMEM;
	for (i = 0; i < m->hsize; i++)
		for (struct blk *b = m->htab[i]; b; b = b->hnext)
			if (!b->is_free && n < m->hcount)
				v[n++] = (struct blk_rec){ b->pa, b->order, 0 };
	qsort(v, n, sizeof(*v), rec_cmp);
	sim_state_put_header(o, MEM_STATE_VERSION, 0);
	sim_state_put_u64(o, m->ram_bytes);
	sim_state_put_counters(o, &m->st, SIM_STATE_WORDS(m->st));
	sim_state_put_u64(o, m->fail_countdown);
	sim_state_put_u32(o, (uint32_t)n);
	for (i = 0; i < n; i++) {
		sim_state_put_u64(o, v[i].pa);
		sim_state_put_u8(o, v[i].order);
	}
	free(v);
	/* each free list from its head: the order allocations take them */
	for (order = MIN_ORDER; order <= MAX_ORDER; order++) {
		uint32_t cnt = 0;
		const struct blk *b;

		for (b = m->free_list[order]; b; b = b->next)
			cnt++;
		sim_state_put_u32(o, cnt);
		for (b = m->free_list[order]; b; b = b->next)
			sim_state_put_u64(o, b->pa);
	}
	return sim_state_out_status(o);
}

/* The parsed payload, before it replaces anything. */
struct mem_image {
	struct sim_mem_stats st;
	uint64_t fail_countdown;
	struct blk_rec *v;	/* allocated blocks, then free lists in order */
	size_t n, nalloc;
	uint32_t nfree[NORDERS];
};

static int parse_state(const struct sim_mem *m, struct sim_state_in *in,
		       struct mem_image *im, char *err, size_t errlen)
{
	const char *what = "memory";
	uint64_t ram, total = 0;
	uint32_t nalloc;
	struct blk_rec *sorted;
	unsigned order;
	size_t i;
	int rc = sim_state_get_header(in, what, MEM_STATE_VERSION, NULL, err,
				      errlen);

	if (rc)
		return rc;
	ram = sim_state_get_u64(in);
	if (!in->short_read && ram != m->ram_bytes)
		return sim_state_fail(err, errlen,
				      "%s: the checkpoint has %llu bytes of RAM, this machine %llu (ram)",
				      what, (unsigned long long)ram,
				      (unsigned long long)m->ram_bytes);
	rc = sim_state_get_counters(in, what, &im->st, SIM_STATE_WORDS(im->st),
				    err, errlen);
	if (rc)
		return rc;
	im->fail_countdown = sim_state_get_u64(in);
	nalloc = sim_state_get_u32(in);
	if (!sim_state_room(in, nalloc, 9))
		return sim_state_fail(err, errlen,
				      "%s: %u allocated blocks do not fit the payload",
				      what, nalloc);
	/* the whole payload bounds the block count: 8 bytes per free one */
	total = nalloc + sim_state_left(in) / 8;
	im->v = malloc((total ? total : 1) * sizeof(*im->v));
	if (!im->v)
		return -ENOMEM;
	for (i = 0; i < nalloc; i++) {
		im->v[i].pa = sim_state_get_u64(in);
		im->v[i].order = sim_state_get_u8(in);
		im->v[i].is_free = 0;
	}
	im->nalloc = im->n = nalloc;
	for (order = MIN_ORDER; order <= MAX_ORDER; order++) {
		uint32_t cnt = sim_state_get_u32(in);

		if (!sim_state_room(in, cnt, 8) || im->n + cnt > total)
			return sim_state_fail(err, errlen,
					      "%s: free list of order %u (%u blocks) does not fit the payload",
					      what, order, cnt);
		im->nfree[order - MIN_ORDER] = cnt;
		for (i = 0; i < cnt; i++)
			im->v[im->n++] = (struct blk_rec){
				sim_state_get_u64(in), (uint8_t)order, 1 };
	}
	rc = sim_state_end(in, what, err, errlen);
	if (rc)
		return rc;
	/* every block: a valid order, aligned, inside RAM, no overlaps */
	for (i = 0; i < im->n; i++) {
		const struct blk_rec *b = &im->v[i];

		if (b->order < MIN_ORDER || b->order > MAX_ORDER ||
		    (b->pa & ((1ull << b->order) - 1)) ||
		    !sim_mem_in_ram(m, b->pa, 1ull << b->order))
			return sim_state_fail(err, errlen,
					      "%s: block %#llx of order %u is not an aligned block inside RAM",
					      what, (unsigned long long)b->pa,
					      b->order);
	}
	sorted = malloc((im->n ? im->n : 1) * sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	memcpy(sorted, im->v, im->n * sizeof(*sorted));
	qsort(sorted, im->n, sizeof(*sorted), rec_cmp);
	for (i = 1; i < im->n; i++)
		if (sorted[i - 1].pa + (1ull << sorted[i - 1].order) >
		    sorted[i].pa) {
			rc = sim_state_fail(err, errlen,
					    "%s: blocks %#llx and %#llx overlap",
					    what,
					    (unsigned long long)sorted[i - 1].pa,
					    (unsigned long long)sorted[i].pa);
			break;
		}
	free(sorted);
	return rc;
}

/* Block records of im in a new table; the old ones are freed. */
static int rebuild(struct sim_mem *m, const struct mem_image *im)
{
	struct sim_mem nm = { .ram_bytes = m->ram_bytes, .base = m->base };
	struct blk *tail[MAX_ORDER + 1] = { NULL };
	size_t i;

	nm.hsize = 256;
	while (nm.hsize * 2 < im->n)
		nm.hsize *= 2;
	nm.htab = calloc(nm.hsize, sizeof(*nm.htab));
	if (!nm.htab)
		return -ENOMEM;
	for (i = 0; i < im->n; i++) {
		struct blk *b = blk_add(&nm, im->v[i].pa, im->v[i].order);

		if (!b) {
			for (i = 0; i < nm.hsize; i++)
				for (struct blk *x = nm.htab[i], *y; x; x = y) {
					y = x->hnext;
					free(x);
				}
			free(nm.htab);
			return -ENOMEM;
		}
		if (!im->v[i].is_free)
			continue;
		/* append: the saved order of the list is kept */
		b->is_free = 1;
		b->next = NULL;
		b->prev = tail[b->order];
		if (tail[b->order])
			tail[b->order]->next = b;
		else
			nm.free_list[b->order] = b;
		tail[b->order] = b;
	}
	for (i = 0; i < m->hsize; i++)
		for (struct blk *x = m->htab[i], *y; x; x = y) {
			y = x->hnext;
			free(x);
		}
	free(m->htab);
	m->htab = nm.htab;
	m->hsize = nm.hsize;
	m->hcount = nm.hcount;
	memcpy(m->free_list, nm.free_list, sizeof(m->free_list));
	return 0;
}

int sim_mem_state_restore(struct sim_mem *m, struct sim_state_in *in,
			  bool commit, char *err, size_t errlen)
{
	struct mem_image im;
	int rc;

	memset(&im, 0, sizeof(im));
	rc = parse_state(m, in, &im, err, errlen);
	if (!rc && commit) {
		rc = rebuild(m, &im);
		if (!rc) {
			m->st = im.st;
			m->fail_countdown = im.fail_countdown;
		} else {
			sim_state_fail(err, errlen,
				       "memory: out of host memory rebuilding the allocator");
		}
	}
	free(im.v);
	return rc;
}
