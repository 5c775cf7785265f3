/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libtcesim: the tcesim machine (POWER8 PHB3 IODA2 or POWER7 P5IOC2 DMA
 * translation, OPAL-style firmware, and optionally the kernel-style VFIO
 * sPAPR TCE driver stack) as a C library for virtual platforms, test
 * benches and tools. The one header of the API (it includes
 * tcesim/tcesim_version.h and tcesim/tcesim_opal.h). Guide:
 * docs/embedding.md.
 *
 * Model:
 *   tcesim_setup    a configuration being built: the .ini parameters of
 *                   the model (the [phb] [tce_cache] [walker] [memory]
 *                   [kill] [stats] [driver] sections of `tcesim config`)
 *                   plus a [machine] section (below), memory the embedder
 *                   provides, and where processor-side MMIO goes.
 *   tcesim_machine  a machine made from a setup: host bridges, firmware,
 *                   memory, a clock, statistics, and (when booted) the
 *                   driver stack with simulated processes.
 *
 * Errors: every call that can fail returns 0 (or a value >= 0) on
 * success and a negative errno value on failure, with a message for
 * tcesim_errmsg(). Calls returning a pointer return NULL on failure.
 * Bad input never aborts or exits the process.
 *
 * Threads: a machine is used by one thread at a time (the caller
 * serialises); different machines may be used by different threads at
 * once. Calls that run driver-stack code (tcesim_boot, processes, user
 * memory, open/ioctl/close, tcesim_replay_file, create/destroy/reset)
 * take one process-wide lock, so they serialise across machines; DMA,
 * register accesses, firmware calls, memory and statistics do not.
 * Callbacks (memory, MMIO route, events, latency) run on the thread that
 * made the call causing them; they must not call back into the same
 * machine except as documented (the MMIO route calls tcesim_mmio_*).
 *
 * Versioning: TCESIM_API_VERSION counts incompatible changes of this
 * header (a function removed or changed, a struct or enum changed) and
 * is the shared library's SONAME number (libtcesim.so.0 for API 0).
 * Additions (new functions, new constants, new setup keys) keep it and
 * raise TCESIM_VERSION_MINOR. tcesim_api_version() tells which API the
 * loaded library implements. Details: docs/embedding.md.
 */
#ifndef TCESIM_TCESIM_H
#define TCESIM_TCESIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcesim/tcesim_version.h"
#include "tcesim/tcesim_opal.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Each API function is declared on one line that starts with this
   macro, its type and its name (libtcesim.so's export list is read from
   those lines; lib_symbols refuses any other use of the macro). */
#if defined(__GNUC__)
#define TCESIM_API __attribute__((visibility("default")))
#else
#define TCESIM_API
#endif

/* ---- version and errors ----------------------------------------------- */

/* TCESIM_API_VERSION of the library loaded. */
TCESIM_API unsigned tcesim_api_version(void);
/* "MAJOR.MINOR.PATCH" of the library loaded. */
TCESIM_API const char *tcesim_version(void);
/* The message of the latest call that failed in this thread ("" if
 * none); valid until this thread's next failing call. */
TCESIM_API const char *tcesim_errmsg(void);

typedef struct tcesim_setup tcesim_setup;
typedef struct tcesim_machine tcesim_machine;

/* ---- configuration ------------------------------------------------------ */
/*
 * The [machine] section (also as "machine.KEY=VALUE" pairs):
 *   platform     = phb3 | p5ioc2          (phb3)
 *   ram          = bytes, K/M/G/T suffixes (64G; a multiple of 16M,
 *                  256M .. 32T)
 *   phbs         = host bridges            (1; PHB3 1..8, P5IOC2 1..8)
 *   page_size    = 4K | 64K                (64K: the kernel's PAGE_SIZE)
 *   memlock      = RLIMIT_MEMLOCK of the first process (8M)
 *   cap_ipc_lock = 0 | 1                   (0)
 *   mode         = functional | timing     (functional)
 *   devices      = PHB:BDFN list, e.g. "0:0x0100 0:0x0200" (none): the
 *                  PCI devices the driver stack finds (IOMMU groups).
 *                  Any RID may do DMA; devices matter only to the driver.
 * Every other key is a model parameter: `tcesim config --help-params`.
 */

/* A setup with every default. NULL: out of memory. */
TCESIM_API tcesim_setup *tcesim_setup_new(void);
TCESIM_API void tcesim_setup_free(tcesim_setup *s);
/* Parse .ini text (len bytes; name appears in messages as name:line). All
 * or nothing: on error nothing of it is applied. -EINVAL. */
TCESIM_API int tcesim_setup_ini(tcesim_setup *s, const char *name,
				const char *text, size_t len);
/* The same from a file. -EINVAL, -ENOENT/-EACCES/... (cannot open). */
TCESIM_API int tcesim_setup_ini_file(tcesim_setup *s, const char *path);
/* One "key=value" or "section.key=value" override. -EINVAL. */
TCESIM_API int tcesim_setup_set(tcesim_setup *s, const char *key_value);
/* The value of a key (enums as their index: platform 0 phb3, 1 p5ioc2;
 * mode 0 functional, 1 timing; page_size in bytes). -ENOENT. */
TCESIM_API int tcesim_setup_get(const tcesim_setup *s, const char *key,
				uint64_t *value);

/*
 * Memory the embedder provides instead of the built-in sparse RAM (which
 * reads as zero until written and costs only what is touched).
 *
 * read/write move len >= 1 bytes at physical address pa, the whole
 * range inside RAM, and return 0 or a negative errno (the access then
 * fails: a table read that fails is a table_memory fault, a DMA data
 * transfer that fails a target_memory fault). ctx is passed back.
 * regions (copied; nregions <= TCESIM_MEM_MAX_REGIONS) give host
 * pointers for parts of RAM: an access inside one region uses its
 * pointer; anything else goes to the callbacks.
 *
 * The page allocator (firmware tables, the driver's TCE tables, the
 * frames behind simulated processes) hands out RAM from 32 MiB up and
 * zeroes each block through these. The driver stack needs host
 * pointers for all of [32 MiB, ram): without them the machine has
 * hardware and firmware only and tcesim_boot() fails with -EOPNOTSUPP.
 *
 * TCESIM_MEM_ZEROED: all of RAM reads as zero when the machine is made
 * and the regions are private anonymous memory (mmap MAP_PRIVATE |
 * MAP_ANONYMOUS, malloc, calloc): blocks are then cleared when freed
 * (their whole host pages given back with madvise(MADV_DONTNEED), the
 * rest written) rather than when handed out, so memory never used is
 * never touched (a guest-sized mapping costs nothing until used, as with
 * the built-in memory). Without it every block is cleared when handed
 * out.
 *
 * TCESIM_MEM_PHB_CALLBACKS: every access of the host bridges (RTT and
 * TCE table reads, PEST writes, DMA data) goes to the callbacks even
 * where a region has a pointer, so the embedder sees and may time each
 * of them; the firmware and the driver still use the pointers.
 * TCESIM_MEM_PHB_DATA_DIRECT (with it, PHB3): the DMA data still uses
 * the pointers where they cover it; only the table reads (RTT, TCE,
 * PELT-V) and PEST writes go to the callbacks.
 */
#define TCESIM_MEM_MAX_REGIONS 16
#define TCESIM_MEM_PHB_CALLBACKS 0x1u
#define TCESIM_MEM_ZEROED 0x2u
#define TCESIM_MEM_PHB_DATA_DIRECT 0x4u

struct tcesim_mem_region {
	uint64_t pa;		/* first physical address */
	uint64_t len;		/* bytes */
	void *host;		/* where they are in this process */
};

struct tcesim_memory {
	int (*read)(void *ctx, uint64_t pa, void *buf, size_t len);
	int (*write)(void *ctx, uint64_t pa, const void *buf, size_t len);
	void *ctx;
	const struct tcesim_mem_region *regions;
	unsigned nregions;
	unsigned flags;		/* TCESIM_MEM_* */
};

/* NULL: back to the built-in memory. -EINVAL. */
TCESIM_API int tcesim_setup_memory(tcesim_setup *s,
				   const struct tcesim_memory *mem);

/*
 * Processor-side MMIO (the firmware's and the driver's register
 * accesses to the PHB3 register windows) handed to fn instead of going
 * straight to the model: pa is the physical address, size 1/2/4/8; for a
 * write *val is the value, for a read fn stores it. fn routes it (e.g.
 * through a platform interconnect) and reaches the model with
 * tcesim_mmio_read/_write; returns 0 or a negative errno. The
 * firmware's initialisation inside tcesim_create goes straight to the
 * model; every later access takes the route. PHB3 only. fn NULL: off.
 */
typedef int (*tcesim_mmio_fn)(void *ctx, uint64_t pa, unsigned size,
			      bool is_write, uint64_t *val);
TCESIM_API int tcesim_setup_mmio_route(tcesim_setup *s, tcesim_mmio_fn fn,
				       void *ctx);

/* ---- machines ------------------------------------------------------------- */

/* A machine from s (NULL: every default). NULL on error (tcesim_errmsg). */
TCESIM_API tcesim_machine *tcesim_create(const tcesim_setup *s);
/* Shuts the driver stack down and frees everything; NULL is ignored. */
TCESIM_API void tcesim_destroy(tcesim_machine *m);
/* Back to the state tcesim_create gave: hardware, firmware, clock,
 * statistics and driver stack rebuilt (not booted); the built-in memory
 * reads as zero again, embedder memory is left as it is. -errno (the
 * machine is then unusable: destroy it). */
TCESIM_API int tcesim_reset(tcesim_machine *m);

#define TCESIM_PLATFORM_PHB3 0
#define TCESIM_PLATFORM_P5IOC2 1

struct tcesim_info {
	unsigned platform;	/* TCESIM_PLATFORM_* */
	unsigned nr_phbs;
	uint64_t ram_bytes;
	unsigned page_shift;	/* the driver's PAGE_SHIFT */
	bool timing;		/* timing mode */
	uint64_t clock_mhz;	/* PHB clock of the machine clock */
	bool driver_stack;	/* the memory allows tcesim_boot */
	bool booted;
};
TCESIM_API int tcesim_get_info(const tcesim_machine *m,
				struct tcesim_info *out);

struct tcesim_phb_info {
	uint64_t regs;		/* physical address of its register block */
	uint64_t regs_bytes;	/* its size */
	uint64_t opal_id;	/* PHB id of the firmware calls */
};
/* -ENODEV (no such PHB). */
TCESIM_API int tcesim_get_phb_info(const tcesim_machine *m, unsigned phb,
				   struct tcesim_phb_info *out);

/* ---- registers ------------------------------------------------------------ */
/*
 * A register access of PHB phb at offset into its register block,
 * straight to the model (PHB3: 8-byte aligned 8-byte accesses; others
 * are ignored by the model, reads give 0). In timing mode a write is
 * timed at the machine clock (TCE kills block the lookup pipeline).
 * -ENODEV, -EINVAL (outside the block).
 */
TCESIM_API int tcesim_mmio_read(tcesim_machine *m, unsigned phb,
				uint64_t offset, unsigned size,
				uint64_t *val);
TCESIM_API int tcesim_mmio_write(tcesim_machine *m, unsigned phb,
				 uint64_t offset, unsigned size,
				 uint64_t val);
/* A PHB3 register's stored value without any side effect (a debugger's
 * read). -ENODEV, -EINVAL, -EOPNOTSUPP (P5IOC2). */
TCESIM_API int tcesim_mmio_peek(tcesim_machine *m, unsigned phb,
				uint64_t offset, uint64_t *val);

/* ---- device DMA ----------------------------------------------------------- */

enum tcesim_dma_dir {
	TCESIM_DMA_READ = 0,	/* the device reads host memory */
	TCESIM_DMA_WRITE = 1,	/* the device writes host memory */
};

enum tcesim_dma_status {
	TCESIM_DMA_OK = 0,	/* translated, data moved */
	TCESIM_DMA_MSI,		/* decoded as an MSI: no memory access */
	TCESIM_DMA_FAULT,	/* translation fault: nothing moved, PE frozen */
	TCESIM_DMA_FROZEN,	/* the PE was frozen: refused */
};

enum tcesim_fault {
	TCESIM_FAULT_NONE = 0,
	TCESIM_FAULT_UNSUPPORTED_ADDR,	/* not a DMA address region */
	TCESIM_FAULT_INVALID_PE,	/* RTT off, or no PE for the RID */
	TCESIM_FAULT_INVALID_TVE,	/* window not set up */
	TCESIM_FAULT_OUT_OF_WINDOW,
	TCESIM_FAULT_INVALID_INDIRECT,	/* a non-leaf TCE without R/W */
	TCESIM_FAULT_INVALID_LEAF,	/* the leaf TCE has neither R nor W */
	TCESIM_FAULT_PERMISSION,	/* R missing for a read, W for a write */
	TCESIM_FAULT_TABLE_MEMORY,	/* a table read failed */
	TCESIM_FAULT_TARGET_MEMORY,	/* the translated address failed */
};

/* arrival: as soon as the PHB accepts the request (back to back). */
#define TCESIM_ASAP UINT64_MAX

struct tcesim_dma_req {
	uint16_t rid;		/* requester ID: bus << 8 | dev << 3 | fn */
	uint64_t addr;		/* PCI bus address */
	uint32_t len;		/* bytes, >= 1 */
	unsigned dir;		/* enum tcesim_dma_dir */
	uint64_t arrival;	/* PHB cycle, or TCESIM_ASAP */
};

struct tcesim_dma_result {
	unsigned status;	/* enum tcesim_dma_status */
	unsigned fault;		/* enum tcesim_fault (FAULT only) */
	uint16_t pe;		/* PE of the RID, 0xffff if none */
	uint64_t pa;		/* physical address of the first byte */
	uint64_t fault_addr;	/* bus address that faulted */
	uint32_t bytes_done;
	bool cache_hit;		/* the first page hit the TCE cache */
	unsigned walk_levels;	/* table levels read for the first page */
	/* machine clock, PHB cycles (timing mode; functional: all equal) */
	uint64_t arrival;	/* when it arrived (an arrival before the
				   clock is taken as the clock) */
	uint64_t done;		/* when its translation completed */
	uint64_t cycles;	/* done - arrival */
};

/*
 * One device DMA through PHB phb: data holds len bytes to write, or
 * receives len bytes read. The machine clock moves to the arrival first
 * (then to the cycle the PHB accepted the request). Returns 0 when the
 * request was processed (its outcome, a fault included, is in *res);
 * -ENODEV, -EINVAL (len 0, bad direction, NULL).
 */
TCESIM_API int tcesim_dma(tcesim_machine *m, unsigned phb,
			  const struct tcesim_dma_req *req, void *data,
			  struct tcesim_dma_result *res);
/* "ok", "msi", "fault", "frozen"; "?" if unknown. */
TCESIM_API const char *tcesim_dma_status_name(unsigned status);
/* "invalid_leaf", ... (the names the statistics use); "none"; "?". */
TCESIM_API const char *tcesim_fault_name(unsigned fault);

/* ---- looking without touching (PHB3) -------------------------------------- */

/* Translate addr for rid as a DMA would, from the tables in memory (no
 * cache, no counter, no freeze). */
struct tcesim_probe_result {
	unsigned fault;		/* TCESIM_FAULT_NONE: translated */
	uint16_t pe;		/* 0xffff: none */
	uint64_t pa;
	uint64_t tce;		/* the leaf (0 for a bypass window) */
	unsigned page_shift;
};
TCESIM_API int tcesim_probe(tcesim_machine *m, unsigned phb, uint16_t rid,
			    uint64_t addr, unsigned dir,
			    struct tcesim_probe_result *out);

/* What the TCE cache holds for addr in PE pe's window (a DMA on that IO
 * page would use it without a table read). -ENOENT: nothing cached (or
 * no translated window there). */
struct tcesim_cached_tce {
	uint64_t tce;
	uint64_t pa;		/* of addr */
	uint64_t page_addr;	/* bus address of the IO page */
	unsigned page_shift;
	bool read, write;	/* the TCE's permissions */
};
TCESIM_API int tcesim_tce_cached(tcesim_machine *m, unsigned phb,
				 unsigned pe, uint64_t addr,
				 struct tcesim_cached_tce *out);
/* 1 frozen, 0 not; pe TCESIM_ANY_PE: the number of PEs frozen. */
#define TCESIM_ANY_PE (~0u)
TCESIM_API int tcesim_pe_frozen(tcesim_machine *m, unsigned phb,
				unsigned pe);

/* ---- events and memory timing (for platform models) ---------------------- */

enum tcesim_kill_kind {
	TCESIM_KILL_ALL = 0,	/* every cached TCE */
	TCESIM_KILL_PE,		/* every TCE of one PE */
	TCESIM_KILL_ONE,	/* the TCE of one IO page */
};

/*
 * What a PHB3 did on a register write, reported before the write returns
 * (so before the write "completes" for whoever made it). Any callback may
 * be NULL. tce_kill: kind, pe (PE and ONE), and for ONE the bus address
 * inside the IO page killed (window bit 59 included). reg_write: every
 * write the PHB accepted, after its tce_kill / rtt_invalidate. dma: the
 * outcome of every device DMA (after the translation, before
 * tcesim_dma returns).
 */
struct tcesim_events {
	void (*tce_kill)(void *ctx, unsigned phb, unsigned kind, uint16_t pe,
			 uint64_t bus_addr);
	void (*rtt_invalidate)(void *ctx, unsigned phb, bool all,
			       uint16_t rid);
	void (*reg_write)(void *ctx, unsigned phb, uint64_t offset,
			  uint64_t value);
	void (*dma)(void *ctx, unsigned phb, const struct tcesim_dma_req *req,
		    const struct tcesim_dma_result *res);
};
/* ev NULL: none. Replaces the previous set. -EOPNOTSUPP (P5IOC2). */
TCESIM_API int tcesim_set_events(tcesim_machine *m,
				 const struct tcesim_events *ev, void *ctx);

/*
 * Timing mode, PHB3: the latency in PHB cycles of each RTT and TCE table
 * read the PHB made (pa, bytes) comes from fn instead of the
 * memory.lat_mem_read parameter (e.g. what a platform memory annotated
 * for that read when TCESIM_MEM_PHB_CALLBACKS sent it there); fn returns
 * TCESIM_LAT_DEFAULT to keep lat_mem_read. Called after the read, during
 * the request. fn NULL: off. -EOPNOTSUPP (functional mode, P5IOC2).
 */
#define TCESIM_LAT_DEFAULT UINT64_MAX
typedef uint64_t (*tcesim_latency_fn)(void *ctx, unsigned phb, uint64_t pa,
				      unsigned bytes);
TCESIM_API int tcesim_set_latency_source(tcesim_machine *m,
					 tcesim_latency_fn fn, void *ctx);

/* ---- firmware and memory ---------------------------------------------- */

/* An OPAL call (tcesim/tcesim_opal.h): pointer arguments are physical
 * addresses; *ret gets the OPAL return code. 0, -EINVAL. */
TCESIM_API int tcesim_opal_call(tcesim_machine *m, uint64_t token,
				const uint64_t *args, unsigned nargs,
				int64_t *ret);
/* Physical memory as the processor sees it. -EFAULT (outside RAM) or the
 * memory callback's error. */
TCESIM_API int tcesim_mem_read(tcesim_machine *m, uint64_t pa, void *buf,
			       size_t len);
TCESIM_API int tcesim_mem_write(tcesim_machine *m, uint64_t pa,
				const void *buf, size_t len);
/* A zeroed, naturally aligned block of at least size bytes (power of
 * two >= 4 KiB), aligned to align too (0 or a power of two), from the
 * machine's page allocator (the driver stack's too). -ENOMEM, -EINVAL. */
TCESIM_API int tcesim_mem_alloc(tcesim_machine *m, uint64_t size,
				uint64_t align, uint64_t *pa);
TCESIM_API int tcesim_mem_free(tcesim_machine *m, uint64_t pa);

/* ---- ELF images and checkpoints (docs/images.md) ---------------------- */
/*
 * tcesim_checkpoint writes the machine's RAM and hardware state (every
 * PHB register and IODA table, the caches in replacement order, firmware
 * bookkeeping, timing cores, clock, the statistics' order) to path as an
 * ELF64 core file (readelf and gdb read it; `tcesim elf info` decodes it).
 * tcesim_load_image loads path into the machine: a tcesim checkpoint
 * restores all of it (into a machine of the same configuration: any
 * mismatch is named and nothing changes) and returns 1; any other ELF
 * places its PT_LOAD segments in memory (at p_paddr, or p_vaddr in a
 * file whose p_paddr are all 0) and returns 0. Not for machines with a
 * booted driver stack (-EBUSY: a checkpoint holds no kernel state) nor,
 * for checkpoints, machines on embedder memory (-EOPNOTSUPP: the
 * platform owns that RAM; an ELF's segments do load into it). -errno
 * with tcesim_errmsg() naming the file and what was wrong.
 */
TCESIM_API int tcesim_checkpoint(tcesim_machine *m, const char *path);
TCESIM_API int tcesim_load_image(tcesim_machine *m, const char *path);

/* ---- the driver stack ------------------------------------------------- */
/*
 * tcesim_boot runs the kernel's initcalls (PHB probe, PCI scan, PE
 * set-up, VFIO) and creates the first process ("tcesim", current, with
 * the setup's memlock and cap_ipc_lock). The rest act in the current
 * process, as its system calls: paths are /dev/vfio/vfio and
 * /dev/vfio/<group>; ioctl arguments are user addresses of the current
 * process (<linux/vfio.h> structs, as a ppc64 process passes them; both
 * the ppc64 and the generic ioctl numbers are accepted). Each returns
 * what the kernel returns (>= 0, or -errno).
 */
TCESIM_API int tcesim_boot(tcesim_machine *m);
/* IOMMU group of PCI device bdfn (/dev/vfio/<group>). -ENODEV. */
TCESIM_API int tcesim_group_of(tcesim_machine *m, unsigned phb,
			       uint16_t bdfn);
/* A new process (pid); it becomes current if none is. */
TCESIM_API int tcesim_proc_create(tcesim_machine *m, const char *comm);
TCESIM_API int tcesim_proc_fork(tcesim_machine *m, int parent_pid);
TCESIM_API int tcesim_proc_switch(tcesim_machine *m, int pid);
/* The current pid, 0 if none, or -errno. */
TCESIM_API int tcesim_proc_current(tcesim_machine *m);
TCESIM_API int tcesim_proc_exit(tcesim_machine *m, int pid);
TCESIM_API int tcesim_proc_set_memlock(tcesim_machine *m, int pid,
				       uint64_t bytes);
TCESIM_API int tcesim_proc_set_cap_ipc_lock(tcesim_machine *m, int pid,
					    bool on);
/* mm->locked_vm of the process, in pages. */
TCESIM_API int64_t tcesim_proc_locked_vm(tcesim_machine *m, int pid);
/* Map [ua, ua + size) with frames from the page allocator (page_shift 0:
 * PAGE_SIZE; hugetlb: compound pages of 1 << page_shift, 0 = 16 MiB). */
TCESIM_API int tcesim_mmap(tcesim_machine *m, uint64_t ua, uint64_t size,
			   unsigned page_shift, bool writable, bool hugetlb);
TCESIM_API int tcesim_munmap(tcesim_machine *m, uint64_t ua, uint64_t size);
TCESIM_API int tcesim_user_write(tcesim_machine *m, uint64_t ua,
				 const void *buf, size_t len);
TCESIM_API int tcesim_user_read(tcesim_machine *m, uint64_t ua, void *buf,
				size_t len);
/* The physical address behind ua (like /proc/self/pagemap). */
TCESIM_API int tcesim_user_to_phys(tcesim_machine *m, uint64_t ua,
				   uint64_t *pa);
TCESIM_API int tcesim_open(tcesim_machine *m, const char *path);
TCESIM_API int tcesim_close(tcesim_machine *m, int fd);
TCESIM_API long tcesim_ioctl(tcesim_machine *m, int fd, unsigned long cmd,
			     uint64_t arg_ua);
/*
 * The same with the argument in this process: len bytes of arg are
 * copied to a scratch page of the current process, the ioctl gets its
 * address, and the bytes are copied back (the struct's argsz is the
 * caller's). The scratch page is mapped at TCESIM_SCRATCH_UA on first
 * use (keep that range free). arg may be NULL with len 0.
 */
#define TCESIM_SCRATCH_UA 0x7ffffff00000ull
TCESIM_API long tcesim_ioctl_arg(tcesim_machine *m, int fd,
				 unsigned long cmd, void *arg, size_t len);
/* A debugfs file of the kernel (e.g. "iommu/<table>/weight") as text. */
TCESIM_API int tcesim_debugfs_read(tcesim_machine *m, const char *path,
				   char *buf, size_t len);

/* ---- clock and statistics -------------------------------------------- */

/* The machine clock, in PHB cycles at tcesim_get_info().clock_mhz. */
TCESIM_API uint64_t tcesim_clock_now(const tcesim_machine *m);
/* Move it forward to cycle (never back: an earlier cycle is ignored). */
TCESIM_API void tcesim_clock_advance(tcesim_machine *m, uint64_t cycle);

/* Every statistic as one JSON object {"name": value, ...} (what `tcesim
 * replay --json` reports under "stats"), NUL-terminated in buf as far as
 * it fits; returns its full length (buf may be NULL with len 0), -errno. */
TCESIM_API int tcesim_stats_json(tcesim_machine *m, char *buf, size_t len);
/* One statistic by name ("phb3.0.tce_cache.hits", "clock.cycles", ...).
 * -ENOENT. */
TCESIM_API int tcesim_stat(tcesim_machine *m, const char *name,
			   double *value);

/* ---- traces ------------------------------------------------------------ */
/*
 * Replay a trace file (docs/trace-format.md) as `tcesim replay` does: the
 * trace builds its own machine (its `machine`/`model`/`device` lines over
 * setup), runs its operations and prints per-operation lines and a final
 * report. The hooks let a platform take part: on_machine gets the
 * machine once created (before boot: MMIO routes need it), dma replaces
 * tcesim_dma for the trace's device DMA (e.g. sending it through a
 * platform's bus). The machine handle is valid until the replay ends.
 * Returns 0 (every expectation held), 1 (an expectation failed, or an
 * operation failed with an errno the trace does not expect, unless
 * tolerant), 2 (bad trace or set-up, an output not written, printed on
 * err), or -errno.
 */
struct tcesim_replay_opts {
	const tcesim_setup *setup;	/* model parameters, mode, memory,
					   MMIO route; NULL: defaults */
	bool check;			/* stop at the first failed expectation */
	bool tolerant;			/* an unexpected errno is counted and
					   noted, not a failed expectation */
	bool quiet;			/* no per-operation lines */
	bool invariants;		/* check isolation invariants after
					   every operation */
	bool progress;			/* k/N on stderr every 2^16 operations */
	FILE *out;			/* lines and report (NULL: stdout) */
	FILE *err;			/* input errors (NULL: stderr) */
	const char *title;		/* header line, or NULL */
	const char *name;		/* the trace's name in messages
					   (NULL: its path) */
	const char *json_path;		/* final report as JSON, or NULL */
	const char *record_path;	/* operations with results, or NULL */
	const char *csv_path;		/* final report as CSV, or NULL */
	const char *epoch_path;		/* periodic reports (timing), or NULL */
	/* ELF images and checkpoints (docs/images.md), or NULL: load_path
	   is loaded right after the trace's boot (a tcesim checkpoint
	   restores the machine, another ELF places memory); dump_path gets
	   the machine's checkpoint after operation dump_at (1, 2, ...; 0:
	   after the last). The trace's load/dump verbs resolve against the
	   trace file's folder. Machines with a booted driver stack
	   (kernel=1) cannot be checkpointed. */
	const char *load_path;
	const char *dump_path;
	uint64_t dump_at;
	void *ctx;
	void (*on_machine)(void *ctx, tcesim_machine *m);
	int (*dma)(void *ctx, tcesim_machine *m, unsigned phb,
		   const struct tcesim_dma_req *req, void *data,
		   struct tcesim_dma_result *res);
};
TCESIM_API int tcesim_replay_file(const char *path,
				  const struct tcesim_replay_opts *o);

#ifdef __cplusplus
}
#endif

#endif /* TCESIM_TCESIM_H */
