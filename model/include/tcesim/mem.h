/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Simulated host physical memory, shared by every layer (driver, firmware,
 * hardware model). Physical addresses are SIM_PHYS_BITS (50) wide; installed
 * RAM is [0, ram_bytes) and the rest of the space is MMIO (see mmio.h).
 *
 * RAM is one host virtual reservation (MAP_NORESERVE), so the host kernel
 * backs a page only once it is written: cost is proportional to pages
 * touched, unwritten RAM reads as zero, and __va() in the driver's compat
 * layer is simply host_base + pa. Installed RAM is limited by the host's
 * user address space (SIM_RAM_MAX, 32 TiB). Any access outside RAM fails
 * with -EFAULT and touches nothing. Multi-byte accessors named _be are big-endian in
 * memory, as TCEs, RTT entries and PEST entries are on POWER.
 *
 * A physical page allocator hands out naturally aligned power-of-two blocks
 * (buddy system) for TCE tables, RTT/PEST/PELT-V tables and the host pages
 * that back user memory. Freed blocks are dropped (MADV_DONTNEED), so they
 * read as zero again and return their host memory.
 *
 * Memory provided by an embedder (sim_mem_create_backed): the bytes live
 * in the platform's memory, reached through read/write callbacks, and
 * optionally through host pointers per region (a region with a pointer is
 * accessed directly, the rest through the callbacks). The allocator works
 * the same (its bookkeeping is ours, the bytes theirs) and zeroes a block
 * when it hands it out (or, for memory that starts zeroed, when it is
 * freed). The built-in RAM is the special case of one
 * region with a pointer covering all RAM and no callbacks, and takes the
 * same fast path as before.
 */
#ifndef TCESIM_MEM_H
#define TCESIM_MEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SIM_FRAME_SHIFT 12
#define SIM_FRAME_SIZE (1ull << SIM_FRAME_SHIFT)
#define SIM_PHYS_BITS 50 /* physical address width (RAM + MMIO) */
#define SIM_RAM_MAX (1ull << 45) /* largest installed RAM */

struct sim_mem;

struct sim_mem_stats {
	uint64_t reads;           /* accessor calls that read */
	uint64_t writes;          /* accessor calls that wrote */
	uint64_t faults;          /* accesses refused (outside RAM) */
	uint64_t alloc_calls;     /* successful sim_mem_alloc() calls */
	uint64_t free_calls;      /* sim_mem_free() calls */
	uint64_t alloc_bytes;     /* bytes allocated now (block sizes) */
	uint64_t alloc_bytes_peak;/* high-water mark of alloc_bytes */
	uint64_t alloc_failures;  /* sim_mem_alloc() returning -ENOMEM */
};

/*
 * Create memory with ram_bytes installed (a multiple of 4 KiB, at most
 * SIM_RAM_MAX). reserved_low bytes at address 0 are never handed out by
 * the allocator (firmware's own area); pass 0 for none. NULL on bad
 * arguments or when the host is out of memory.
 */
struct sim_mem *sim_mem_create(uint64_t ram_bytes, uint64_t reserved_low);

/*
 * Memory an embedder provides. read/write move len >= 1 bytes at pa (the
 * whole range inside RAM) and return 0 or -errno (the access then fails
 * with that error); ctx is passed back. Either may be NULL when regions
 * with host pointers cover every address that is accessed.
 */
struct sim_mem_backend {
	int (*read)(void *ctx, uint64_t pa, void *buf, size_t len);
	int (*write)(void *ctx, uint64_t pa, const void *buf, size_t len);
	void *ctx;
	/* RAM reads as zero when the memory is created, and the regions
	   are private anonymous memory (mmap MAP_PRIVATE|MAP_ANONYMOUS,
	   malloc, calloc): the allocator then clears blocks when they are
	   freed (MADV_DONTNEED on the regions' whole pages, writes for the
	   rest) instead of when handed out, so memory never used is never
	   touched (as with the built-in RAM). */
	bool zeroed;
};

/* [pa, pa + len) of RAM is also reachable at host (len bytes). */
struct sim_mem_region {
	uint64_t pa;
	uint64_t len;
	void *host;
};

#define SIM_MEM_MAX_REGIONS 16

/*
 * Memory of ram_bytes (as sim_mem_create) whose bytes the embedder
 * provides: be (may be NULL: regions only) and up to SIM_MEM_MAX_REGIONS
 * non-overlapping regions with host pointers inside RAM. An access that
 * lies inside one region uses its pointer; any other goes to the
 * callbacks (-EFAULT when the needed callback is NULL). Nothing is
 * copied: be->ctx and the regions must outlive the memory. NULL on bad
 * arguments or out of memory.
 */
struct sim_mem *sim_mem_create_backed(uint64_t ram_bytes,
				      uint64_t reserved_low,
				      const struct sim_mem_backend *be,
				      const struct sim_mem_region *regions,
				      unsigned nregions);
/* True for memory from sim_mem_create_backed. */
bool sim_mem_is_backed(const struct sim_mem *m);
/* True when every byte of [pa, pa + len) has a host pointer (one region,
   or the built-in RAM): sim_mem_host_ptr works for all of it. */
bool sim_mem_host_covers(const struct sim_mem *m, uint64_t pa, uint64_t len);
void sim_mem_destroy(struct sim_mem *m);

uint64_t sim_mem_ram_bytes(const struct sim_mem *m);
bool sim_mem_in_ram(const struct sim_mem *m, uint64_t pa, uint64_t len);

/* Bulk access; 0 or -EFAULT (any byte outside RAM: nothing is accessed),
   or the embedder callback's -errno. */
int sim_mem_read(struct sim_mem *m, uint64_t pa, void *buf, size_t len);
int sim_mem_write(struct sim_mem *m, uint64_t pa, const void *buf, size_t len);
int sim_mem_fill(struct sim_mem *m, uint64_t pa, int byte, uint64_t len);

/* Big-endian words; pa need not be aligned. 0 or -EFAULT. */
int sim_mem_read_be64(struct sim_mem *m, uint64_t pa, uint64_t *val);
int sim_mem_write_be64(struct sim_mem *m, uint64_t pa, uint64_t val);
int sim_mem_read_be16(struct sim_mem *m, uint64_t pa, uint16_t *val);
int sim_mem_write_be16(struct sim_mem *m, uint64_t pa, uint16_t val);

/*
 * Host pointer for physical address pa (RAM is host-contiguous), or NULL
 * when pa is outside RAM (or, for embedder memory, outside every region
 * with a host pointer; the pointer is then good to that region's end).
 * Valid until the memory is destroyed. This is how the driver's __va()
 * and the model's fast paths reach memory.
 */
uint8_t *sim_mem_host_ptr(struct sim_mem *m, uint64_t pa);
/* Inverse of sim_mem_host_ptr: 0 and *pa, or -EFAULT if p is not in RAM. */
int sim_mem_host_to_pa(const struct sim_mem *m, const void *p, uint64_t *pa);
/* Host bytes now resident for RAM (pages really backed), from mincore(). */
uint64_t sim_mem_resident_bytes(const struct sim_mem *m);

/*
 * Bulk RAM for image loading and checkpoints (sim/images).
 * sim_mem_zero: [pa, pa+len) reads as zero afterwards; whole host pages
 * in it are given back to the host (MADV_DONTNEED) instead of being
 * written, so zeroing a large range costs no memory. 0 or -EFAULT.
 * sim_mem_prefault: back [pa, pa+len) with host pages in one call before
 * a large copy into it (faster than a fault per page); a hint: failures
 * are ignored. 0 or -EFAULT (outside RAM).
 * sim_mem_foreach_resident: calls fn(arg, pa, len) for each maximal run
 * of RAM the host backs now, in address order (host-page granules; a run
 * was written, or read: a read of an untouched page maps the host's zero
 * page, so a run may hold zeros only). A non-zero return of fn stops the
 * walk and is returned; otherwise 0, or -ENOMEM / -errno of mincore().
 * Embedder memory: sim_mem_zero writes zeros, sim_mem_prefault does
 * nothing, sim_mem_foreach_resident returns -EOPNOTSUPP and
 * sim_mem_resident_bytes 0 (residency is the embedder's business).
 */
int sim_mem_zero(struct sim_mem *m, uint64_t pa, uint64_t len);
int sim_mem_prefault(struct sim_mem *m, uint64_t pa, uint64_t len);
int sim_mem_foreach_resident(const struct sim_mem *m,
			     int (*fn)(void *arg, uint64_t pa, uint64_t len),
			     void *arg);

/*
 * Allocate a naturally aligned block of at least size bytes (rounded up to
 * a power of two, at least 4 KiB) whose start is also aligned to align
 * (a power of two, or 0). The block reads as zero. 0 and *pa, or -EINVAL
 * (bad size/align) or -ENOMEM.
 */
int sim_mem_alloc(struct sim_mem *m, uint64_t size, uint64_t align,
		  uint64_t *pa);
/* Free a block returned by sim_mem_alloc (same pa); -EINVAL if it is not one. */
int sim_mem_free(struct sim_mem *m, uint64_t pa);
/* Size of the allocated block at pa, or 0 if pa does not start one. */
uint64_t sim_mem_block_size(struct sim_mem *m, uint64_t pa);

/* Fail the nth next allocation (1 = the next one); 0 disables. */
void sim_mem_fail_nth(struct sim_mem *m, uint64_t nth);

void sim_mem_get_stats(const struct sim_mem *m, struct sim_mem_stats *st);

/*
 * Checkpoint state (tcesim/state.h; layout in docs/images.md, note MEM):
 * the allocator (every block, allocated or free, and each free list in
 * its order, so later allocations return the same addresses) and the
 * counters; not RAM contents. Restore requires the same ram_bytes and
 * rebuilds the block records; it fails naming the problem and changes
 * nothing when the payload does not fit this memory.
 */
struct sim_state_out;
struct sim_state_in;
int sim_mem_state_save(const struct sim_mem *m, struct sim_state_out *o);
int sim_mem_state_restore(struct sim_mem *m, struct sim_state_in *in,
			  bool commit, char *err, size_t errlen);

#endif /* TCESIM_MEM_H */
