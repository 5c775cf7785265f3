// SPDX-License-Identifier: GPL-2.0
/*
 * Simulated physical memory: access and life cycle (the buddy allocator
 * is mem_alloc.c, its checkpoint state mem_state.c).
 *
 * RAM is one anonymous MAP_NORESERVE reservation of ram_bytes: the host
 * kernel backs a page on first write, reads of untouched pages see its
 * shared zero page, and MADV_DONTNEED drops a freed block's pages again.
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

#include "mem_internal.h"

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
int mem_backed_fill(struct sim_mem *m, uint64_t pa, int byte, uint64_t len)
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
void mem_backed_clear(struct sim_mem *m, uint64_t pa, uint64_t len)
{
	uint64_t psz = host_page();
	uint8_t *h = fast_ptr(m, pa, len);
	uintptr_t lo, hi;

	if (!h)
		h = region_ptr(m, pa, len);
	if (!h) {
		(void)mem_backed_fill(m, pa, 0, len);
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
		return mem_backed_fill(m, pa, 0, len);
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
		rc = mem_backed_fill(m, pa, byte, len);
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

/* ---- life cycle --------------------------------------------------------- */

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
	if (mem_alloc_init(m, reserved_low))
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
	if (mem_alloc_init(m, reserved_low))
		goto fail;
	return m;
fail:
	sim_mem_destroy(m);
	return NULL;
}

void sim_mem_destroy(struct sim_mem *m)
{
	if (!m)
		return;
	if (m->map)
		munmap(m->map, m->ram_bytes);
	mem_blk_free_all(m->htab, m->hsize);
	free(m);
}
