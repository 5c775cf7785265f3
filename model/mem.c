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
 *
 * Every accessor first tries the fast region, one host-contiguous range
 * (the built-in RAM, or the largest host region of embedder memory): a
 * bounds check and a memcpy. Anything else takes the out-of-line slow
 * path: outside RAM (-EFAULT), another host region, or the embedder's
 * callbacks.
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
	/* the fast region: [flo, flo + flen) is at host address base */
	uint8_t *base;
	uint64_t flo, flen;
	uint8_t *map;               /* built-in RAM (mmap), or NULL */
	bool backed;                /* embedder memory */
	struct sim_mem_backend be;
	struct sim_mem_region regs[SIM_MEM_MAX_REGIONS]; /* other host regions */
	unsigned nregs;

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

bool sim_mem_is_backed(const struct sim_mem *m)
{
	return m->backed;
}

/* Host address of [pa, pa + len) when the fast region holds all of it. */
static inline uint8_t *fast_ptr(const struct sim_mem *m, uint64_t pa,
				uint64_t len)
{
	uint64_t off = pa - m->flo;

	return off < m->flen && len <= m->flen - off ? m->base + off : NULL;
}

/* The same for the other host regions of embedder memory. */
static uint8_t *region_ptr(const struct sim_mem *m, uint64_t pa, uint64_t len)
{
	unsigned i;

	for (i = 0; i < m->nregs; i++) {
		const struct sim_mem_region *r = &m->regs[i];
		uint64_t off = pa - r->pa;

		if (off < r->len && len <= r->len - off)
			return (uint8_t *)r->host + off;
	}
	return NULL;
}

bool sim_mem_host_covers(const struct sim_mem *m, uint64_t pa, uint64_t len)
{
	if (!len)
		return sim_mem_host_ptr((struct sim_mem *)m, pa) != NULL;
	return fast_ptr(m, pa, len) || region_ptr(m, pa, len);
}

uint8_t *sim_mem_host_ptr(struct sim_mem *m, uint64_t pa)
{
	uint8_t *p = fast_ptr(m, pa, 1);

	return p ? p : region_ptr(m, pa, 1);
}

static int host_to_pa_in(uintptr_t p, uintptr_t host, uint64_t base,
			 uint64_t len, uint64_t *pa)
{
	if (p < host || p - host >= len)
		return -EFAULT;
	*pa = base + (p - host);
	return 0;
}

int sim_mem_host_to_pa(const struct sim_mem *m, const void *p, uint64_t *pa)
{
	unsigned i;

	if (m->flen && !host_to_pa_in((uintptr_t)p, (uintptr_t)m->base,
				      m->flo, m->flen, pa))
		return 0;
	for (i = 0; i < m->nregs; i++)
		if (!host_to_pa_in((uintptr_t)p, (uintptr_t)m->regs[i].host,
				   m->regs[i].pa, m->regs[i].len, pa))
			return 0;
	return -EFAULT;
}

/*
 * Everything the fast region does not hold: outside RAM, another host
 * region, or the embedder's callbacks. Out of line, so the fast path of
 * each accessor stays a bounds check and a memcpy.
 */
static __attribute__((noinline)) int slow_access(struct sim_mem *m,
						 uint64_t pa, void *buf,
						 size_t len, bool wr)
{
	uint8_t *h;
	int rc;

	if (!sim_mem_in_ram(m, pa, len)) {
		m->st.faults++;
		return -EFAULT;
	}
	h = region_ptr(m, pa, len);
	if (h) {
		if (wr)
			memcpy(h, buf, len);
		else
			memcpy(buf, h, len);
	} else if (len) {
		if (wr)
			rc = m->be.write ? m->be.write(m->be.ctx, pa, buf, len)
					 : -EFAULT;
		else
			rc = m->be.read ? m->be.read(m->be.ctx, pa, buf, len)
					: -EFAULT;
		if (rc) {
			m->st.faults++;
			return rc < 0 ? rc : -EIO;
		}
	}
	if (wr)
		m->st.writes++;
	else
		m->st.reads++;
	return 0;
}

uint64_t sim_mem_resident_bytes(const struct sim_mem *m)
{
	const uint64_t chunk = 1ull << 30;
	long psz = sysconf(_SC_PAGESIZE);
	unsigned char *vec;
	uint64_t off, total = 0;

	if (!m->map)
		return 0;
	vec = malloc(chunk / (uint64_t)psz);
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

/* Embedder memory: len bytes of value byte at pa, through the regions or
   the write callback, a bounded buffer at a time. */
static int backed_fill(struct sim_mem *m, uint64_t pa, int byte, uint64_t len)
{
	uint8_t buf[4096];
	uint8_t *h = region_ptr(m, pa, len);

	if (!h)
		h = fast_ptr(m, pa, len);
	if (h) {
		memset(h, byte, len);
		return 0;
	}
	memset(buf, byte, sizeof(buf));
	while (len) {
		size_t n = len < sizeof(buf) ? (size_t)len : sizeof(buf);
		uint8_t *p = fast_ptr(m, pa, n);
		int rc;

		if (!p)
			p = region_ptr(m, pa, n);
		if (p) {
			memset(p, byte, n);
		} else {
			rc = m->be.write ? m->be.write(m->be.ctx, pa, buf, n)
					 : -EFAULT;
			if (rc) {
				m->st.faults++;
				return rc < 0 ? rc : -EIO;
			}
		}
		pa += n;
		len -= n;
	}
	return 0;
}

/* Embedder memory that started zeroed, a freed block: reads as zero
   again. In a host region (private anonymous memory, the flag's
   promise) whole host pages go back with MADV_DONTNEED, touching
   nothing; the rest is written. Best effort: a memory refusing the
   writes is not the freeing caller's business. */
static void backed_clear(struct sim_mem *m, uint64_t pa, uint64_t len)
{
	uint64_t psz = host_page();
	uint8_t *h = fast_ptr(m, pa, len);
	uintptr_t lo, hi;

	if (!h)
		h = region_ptr(m, pa, len);
	if (!h) {
		(void)backed_fill(m, pa, 0, len);
		return;
	}
	lo = ((uintptr_t)h + psz - 1) & ~(uintptr_t)(psz - 1);
	hi = ((uintptr_t)h + len) & ~(uintptr_t)(psz - 1);
	if (lo < hi && !madvise((void *)lo, hi - lo, MADV_DONTNEED)) {
		memset(h, 0, lo - (uintptr_t)h);
		memset((void *)hi, 0, (uintptr_t)h + len - hi);
	} else {
		memset(h, 0, len);
	}
}

int sim_mem_zero(struct sim_mem *m, uint64_t pa, uint64_t len)
{
	uint64_t psz = host_page(), lo, hi;

	if (!sim_mem_in_ram(m, pa, len)) {
		m->st.faults++;
		return -EFAULT;
	}
	m->st.writes++;
	if (!m->map)
		return backed_fill(m, pa, 0, len);
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
	if (!len || !m->map)
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
	unsigned char *vec;
	int rc = 0;

	if (!m->map)
		return -EOPNOTSUPP;
	vec = malloc(chunk / psz);
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
	const uint8_t *h = fast_ptr(m, pa, len);

	if (!h)
		return slow_access(m, pa, buf, len, false);
	m->st.reads++;
	memcpy(buf, h, len);
	return 0;
}

int sim_mem_write(struct sim_mem *m, uint64_t pa, const void *buf, size_t len)
{
	uint8_t *h = fast_ptr(m, pa, len);

	if (!h)
		return slow_access(m, pa, (void *)buf, len, true);
	m->st.writes++;
	memcpy(h, buf, len);
	return 0;
}

int sim_mem_fill(struct sim_mem *m, uint64_t pa, int byte, uint64_t len)
{
	uint8_t *h = fast_ptr(m, pa, len);

	if (!h) {
		int rc;

		if (!sim_mem_in_ram(m, pa, len)) {
			m->st.faults++;
			return -EFAULT;
		}
		rc = backed_fill(m, pa, byte, len);
		if (!rc)
			m->st.writes++;
		return rc;
	}
	m->st.writes++;
	memset(h, byte, len);
	return 0;
}

int sim_mem_read_be64(struct sim_mem *m, uint64_t pa, uint64_t *val)
{
	const uint8_t *h = fast_ptr(m, pa, 8);
	uint64_t v;

	if (!h) {
		int rc = slow_access(m, pa, &v, 8, false);

		if (rc)
			return rc;
	} else {
		m->st.reads++;
		memcpy(&v, h, 8);
	}
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

/* The allocator and its block records over [reserved_low, ram_bytes). */
static int alloc_init(struct sim_mem *m, uint64_t reserved_low)
{
	m->hsize = 256;
	m->htab = calloc(m->hsize, sizeof(*m->htab));
	if (!m->htab)
		return -ENOMEM;
	reserved_low = (reserved_low + SIM_FRAME_SIZE - 1) &
		       ~(SIM_FRAME_SIZE - 1);
	return seed_free(m, reserved_low, m->ram_bytes);
}

static bool bad_size(uint64_t ram_bytes, uint64_t reserved_low)
{
	return !ram_bytes || (ram_bytes & (SIM_FRAME_SIZE - 1)) ||
	       ram_bytes > SIM_RAM_MAX || reserved_low > ram_bytes;
}

struct sim_mem *sim_mem_create(uint64_t ram_bytes, uint64_t reserved_low)
{
	struct sim_mem *m;

	if (bad_size(ram_bytes, reserved_low))
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->ram_bytes = ram_bytes;
	m->map = mmap(NULL, ram_bytes, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m->map == MAP_FAILED) {
		m->map = NULL;
		goto fail;
	}
	m->base = m->map;
	m->flo = 0;
	m->flen = ram_bytes;
	if (alloc_init(m, reserved_low))
		goto fail;
	return m;
fail:
	sim_mem_destroy(m);
	return NULL;
}

static bool regions_ok(uint64_t ram_bytes, const struct sim_mem_region *r,
		       unsigned n)
{
	unsigned i, j;

	if (n > SIM_MEM_MAX_REGIONS || (n && !r))
		return false;
	for (i = 0; i < n; i++) {
		if (!r[i].host || !r[i].len || r[i].pa >= ram_bytes ||
		    r[i].len > ram_bytes - r[i].pa)
			return false;
		for (j = 0; j < i; j++)
			if (r[i].pa < r[j].pa + r[j].len &&
			    r[j].pa < r[i].pa + r[i].len)
				return false;
	}
	return true;
}

struct sim_mem *sim_mem_create_backed(uint64_t ram_bytes,
				      uint64_t reserved_low,
				      const struct sim_mem_backend *be,
				      const struct sim_mem_region *regions,
				      unsigned nregions)
{
	struct sim_mem *m;
	unsigned i, big = 0;

	if (bad_size(ram_bytes, reserved_low) ||
	    !regions_ok(ram_bytes, regions, nregions) ||
	    (!nregions && (!be || (!be->read && !be->write))))
		return NULL;
	m = calloc(1, sizeof(*m));
	if (!m)
		return NULL;
	m->ram_bytes = ram_bytes;
	m->backed = true;
	if (be)
		m->be = *be;
	/* the largest region takes the fast path, the others the slow one */
	for (i = 1; i < nregions; i++)
		if (regions[i].len > regions[big].len)
			big = i;
	for (i = 0; i < nregions; i++) {
		if (i == big) {
			m->base = regions[i].host;
			m->flo = regions[i].pa;
			m->flen = regions[i].len;
		} else {
			m->regs[m->nregs++] = regions[i];
		}
	}
	if (alloc_init(m, reserved_low))
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
	if (m->map)
		munmap(m->map, m->ram_bytes);
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
	/* built-in RAM reads zero there already (fresh, or dropped when
	   freed), so does embedder memory that started zeroed (cleared when
	   freed); other embedder memory holds whatever it held */
	if (m->backed && !m->be.zeroed) {
		int rc = backed_fill(m, b->pa, 0, 1ull << want);

		if (rc) {
			sim_mem_free(m, b->pa);
			m->st.alloc_failures++;
			return rc;
		}
	}
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
	if (m->map)
		madvise(m->map + pa, 1ull << order, MADV_DONTNEED);
	else if (m->be.zeroed)
		backed_clear(m, pa, 1ull << order);
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
