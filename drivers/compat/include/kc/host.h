/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one userspace-facing API of the compat layer, for sim/ and tests:
 * give the simulated kernel its machine (memory, MMIO bus, firmware entry),
 * build the device tree, boot, run simulated processes that mmap memory
 * and make syscalls (open/ioctl/close), read counters, inject failures,
 * read debugfs, and shut down. Plain C with libc types only; it never
 * exposes kernel headers. Every call returns 0/-errno (or a value >= 0) unless noted.
 *
 * Lifecycle: kc_init -> kc_dt_* -> kc_boot -> processes/syscalls ->
 * kc_shutdown. After kc_shutdown, kc_init may be called again. Several
 * kernels (one per machine) live side by side as kernel instances (see
 * "kernel instances" below); every call here acts on the one installed.
 */
#ifndef TCESIM_KC_HOST_H
#define TCESIM_KC_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sim_mem;
struct sim_mmio_bus;

/* Firmware entry point: OPAL token, arguments (pointers are simulated
 * physical addresses); returns an OPAL return code. */
typedef int64_t (*kc_opal_call_fn)(void *ctx, uint64_t token,
				   const uint64_t *args, unsigned nargs);

struct kc_host {
	struct sim_mem *mem;		/* simulated RAM (required) */
	struct sim_mmio_bus *bus;	/* MMIO bus (required) */
	kc_opal_call_fn opal_call;	/* firmware (NULL: OPAL calls fail) */
	void *opal_ctx;
};

struct kc_config {
	unsigned page_shift;		/* PAGE_SHIFT: 16 (default) or 12 */
	uint64_t memlock_default;	/* RLIMIT_MEMLOCK of new processes, bytes */
	int loglevel;			/* printk levels kept (default 4) */
	bool log_stderr;		/* echo kept messages to stderr */
};

#define KC_DEFAULT_PAGE_SHIFT		16
#define KC_DEFAULT_MEMLOCK		(8ull << 20)	/* 8 MiB, as Linux */
#define KC_DEFAULT_HUGE_SHIFT		24		/* 16 MiB hugetlb pages */

void kc_config_default(struct kc_config *cfg);
/* -EINVAL (bad host/config), -EBUSY (already initialised), -ENOMEM. */
int kc_init(const struct kc_host *host, const struct kc_config *cfg);
/* Runs every initcall by level (the PCI scan after the subsys level).
 * Returns 0, or the first initcall error (later ones still run). */
int kc_boot(void);

struct kc_counters {
	uint64_t kmalloc_live;		/* kmalloc/vmalloc allocations live */
	uint64_t kmalloc_live_bytes;
	uint64_t kmalloc_total;		/* successful allocations ever */
	uint64_t pages_live;		/* kernel page-allocator blocks live */
	uint64_t page_bytes_live;
	uint64_t user_pages_live;	/* frames backing user memory (incl.
					 * unmapped but still pinned) */
	uint64_t pinned_pages;		/* pin_user_pages pins + gup refs held */
	uint64_t files_open;		/* struct file objects live */
	uint64_t iommu_groups_live;
	uint64_t ioremaps_live;
	uint64_t warn_count;		/* WARN_ON hits */
	uint64_t ioctls;		/* kc_ioctl calls */
	uint64_t opal_calls;
	uint64_t mmio_reads, mmio_writes;
	uint64_t fail_injected;		/* failures injected by fail-nth */
	/* fail-nth sites passed, armed or not, per class (a sweep counts
	 * them in one run, then fails each in turn) */
	uint64_t fail_sites_kmalloc, fail_sites_pages, fail_sites_pin;
	uint64_t syscalls;		/* kc_open/kc_close/kc_ioctl calls */
	int64_t last_syscall_ret;	/* return value of the latest one */
};

void kc_get_counters(struct kc_counters *c);
uint64_t kc_warn_count(void);

/* Runs exit calls (reverse order), closes every process's files and exits
 * the processes, removes the PCI devices, then fills *at_exit (may be
 * NULL) with the counters at that point, frees everything and returns
 * to the uninitialised state. */
void kc_shutdown(struct kc_counters *at_exit);
/* The at_exit counters of the latest kc_shutdown, whoever called it
 * (zeroes before the first one). */
void kc_last_exit_counters(struct kc_counters *c);

/* --- kernel instances ---------------------------------------------- */
/*
 * Every global of the driver stack and of this layer is one kernel's
 * state. A kernel instance is one such state; the calls of this header
 * act on the instance installed. kc_instance_enter() takes the
 * process-wide kernel lock (recursive) and installs ki (saving the one
 * installed before); kc_instance_leave() releases the lock. So threads
 * may each drive their own machine's kernel; kernel code of different
 * instances never runs at once, and a thread inside one instance's call
 * may not enter another (-EDEADLK).
 *
 * The first instance, and any instance created while no other is alive,
 * takes over the state as it is (so settings made before it, like the
 * cost parameters, apply; a lone machine never copies anything). One
 * created while another is alive starts from the state the process had
 * before its first instance. An instance destroyed while installed
 * leaves its final state in place (kc_last_exit_counters reads it).
 */
struct kc_instance;

/* NULL: out of memory, or a second live instance in a build that does
 * not collect the kernel state (kc_instance_supported() false). */
struct kc_instance *kc_instance_create(void);
/* Its kernel must be shut down (kc_shutdown inside it) or never started. */
void kc_instance_destroy(struct kc_instance *ki);
/* 0, -EINVAL (NULL), -EDEADLK (this thread is inside another instance). */
int kc_instance_enter(struct kc_instance *ki);
void kc_instance_leave(struct kc_instance *ki);
/* The kernel lock alone, around a session of calls made without
 * entering each time (the instance they act on stays installed). */
void kc_kernel_lock(void);
void kc_kernel_unlock(void);
/* True when the build collected the kernel state into one section, so
 * several instances can be alive at once. */
bool kc_instance_supported(void);

/* --- device tree (before kc_boot) ---------------------------------- */
struct kc_dt_node;			/* a struct device_node */

struct kc_dt_node *kc_dt_root(void);
/* NULL on bad arguments or out of memory. */
struct kc_dt_node *kc_dt_add_node(struct kc_dt_node *parent,
				  const char *name);
/* Raw bytes (replaces a property of the same name). */
int kc_dt_set_prop(struct kc_dt_node *node, const char *name,
		   const void *value, size_t len);
/* "compatible"-style: strings joined with NULs. */
int kc_dt_set_strings(struct kc_dt_node *node, const char *name,
		      const char *const *strs, unsigned n);
int kc_dt_set_string(struct kc_dt_node *node, const char *name,
		     const char *s);
/* Cells stored big-endian. */
int kc_dt_set_u32s(struct kc_dt_node *node, const char *name,
		   const uint32_t *cells, unsigned n);
int kc_dt_set_u64s(struct kc_dt_node *node, const char *name,
		   const uint64_t *vals, unsigned n);

/* --- processes ------------------------------------------------------ */
/* New process with an empty address space; returns its pid (> 0). It
 * becomes current if there is none. */
int kc_proc_create(const char *comm);
/* New process inheriting rlimits, capabilities and comm from parent,
 * with a new empty mm and no files (shares nothing). Returns the pid. */
int kc_proc_fork(int parent_pid);
int kc_proc_switch(int pid);		/* -ESRCH */
int kc_proc_current(void);		/* pid, or 0 when none */
/* Closes its files and drops its mm; -ESRCH. */
int kc_proc_exit(int pid);
int kc_proc_set_memlock(int pid, uint64_t bytes);	/* RLIMIT_MEMLOCK */
int kc_proc_set_cap_ipc_lock(int pid, bool on);
/* mm->locked_vm in pages (after exit: the value when the mm was freed),
 * or -ESRCH. */
int64_t kc_proc_locked_vm(int pid);
/* Net pages charged through account_locked_vm to this process's live mm
 * (what locked_vm must equal unless something bypassed the accounting);
 * -ESRCH when it has no mm. */
int64_t kc_proc_locked_charged(int pid);
/* Test only: overwrite mm->locked_vm, bypassing the accounting (proves
 * that invariant checkers notice); -ESRCH. */
int kc_test_set_locked_vm(int pid, uint64_t pages);
/* Pins + gup references held on frames this process mapped. */
int64_t kc_proc_pinned(int pid);

/* --- user memory of the current process ------------------------------ */
/* Map [ua, ua + size) with frames allocated now from simulated RAM, each
 * separately and handed out in descending physical order (so pages are
 * not physically contiguous). hugetlb: compound pages of 1 << page_shift
 * bytes (0: 16 MiB), else page_shift must be 0 or PAGE_SHIFT. ua and size
 * aligned to the page size. Nothing is charged to locked_vm. -EINVAL,
 * -EEXIST (overlap), -ENOMEM, -ESRCH (no current process). */
int kc_mmap(uint64_t ua, uint64_t size, unsigned page_shift, bool writable,
	    bool hugetlb);
/* Whole mappings only (-EINVAL for a partial range). Pinned frames stay
 * allocated until unpinned. */
int kc_munmap(uint64_t ua, uint64_t size);
int kc_mprotect(uint64_t ua, uint64_t size, bool writable);
/* Workload access; -EFAULT on unmapped (or read-only for writes). */
int kc_user_write(uint64_t ua, const void *buf, size_t len);
int kc_user_read(uint64_t ua, void *buf, size_t len);
/* Physical address backing ua (like /proc/self/pagemap); -EFAULT. */
int kc_user_to_phys(uint64_t ua, uint64_t *pa);

/* Pin state of the frame containing physical address pa. */
int kc_page_pincount(uint64_t pa);
bool kc_page_dirty(uint64_t pa);

/* --- syscalls, in the current process ------------------------------- */
/* fd >= 0 or -errno (-ENOENT: no such node). */
int kc_open(const char *path);
int kc_close(int fd);			/* 0 or -EBADF */
/* The driver's return value, or -EBADF / -ENOTTY. Accepts ppc64
 * encodings of _IO() numbers (folded to the generic ones). */
long kc_ioctl(int fd, unsigned long cmd, unsigned long arg);
/* Give to_pid its own fd for the file behind from_pid's fd (as inherited
 * across fork() or passed over a socket); new fd, -ESRCH or -EBADF. */
int kc_proc_share_fd(int from_pid, int fd, int to_pid);
/* The ioctl number the driver sees for cmd (the folding rule above). */
unsigned long kc_ioctl_normalise(unsigned long cmd);

/* IOMMU group id of PCI device bdfn under the PHB with this OPAL id,
 * like reading /sys/bus/pci/devices/.../iommu_group; -ENODEV. */
int kc_sysfs_iommu_group(uint64_t phb_id, uint16_t bdfn);

/* --- debugfs (what userspace reads under /sys/kernel/debug) ---------- */
/* Paths are relative to the debugfs root ("iommu/tce_table00000000/weight";
 * a leading '/' is ignored). Nodes are what the driver created with
 * <linux/debugfs.h>; they are gone after kc_shutdown. */
/* Copy a file's text (NUL-terminated, "\n"-ended, as cat shows it) into
 * buf; its length, or -ENOENT, -EISDIR, -EINVAL (no buffer), -EOVERFLOW
 * (buf too small), or the getter's error. */
int kc_debugfs_read(const char *path, char *buf, size_t len);
/* The same, parsed as one number (decimal or 0x hex): 0, or as above. */
int kc_debugfs_read_u64(const char *path, uint64_t *val);
/* Names in directory dir ("" or "/" = the root), each ended by '\n', in
 * creation order; the number of entries, or -ENOENT, -ENOTDIR, -EINVAL,
 * -EOVERFLOW. */
int kc_debugfs_list(const char *dir, char *buf, size_t len);
/* Test only: while on, every debugfs creation fails with -ENOMEM (the
 * driver must carry on; kernel debugfs errors are ignored). Cleared by
 * kc_shutdown. */
void kc_debugfs_fail(bool on);

/* --- fault injection ------------------------------------------------ */
#define KC_FAIL_KMALLOC		0x1u	/* kmalloc/vmalloc family */
#define KC_FAIL_PAGES		0x2u	/* kernel page allocator */
#define KC_FAIL_PIN		0x4u	/* one page of pin/get_user_pages */

/* Fail the nth next event of the selected classes (1 = the next one);
 * nth 0 disarms. Once triggered it disarms itself. */
void kc_fail_nth(unsigned what, uint64_t nth);
/* True while armed and not yet triggered (a sweep is past the chain). */
bool kc_fail_nth_pending(void);

/* --- driver cost model (docs/driver-cost.md) ------------------------ */
/*
 * A CPU-cycle cost charged as the driver runs, at the compat shim points
 * the driver already goes through: kc_ioctl entry, pin_user_pages (per
 * page), unpin_user_page (per page), account_locked_vm (per call that
 * does the work, the -ENOMEM refusal included), the kernel page
 * allocator (per PAGE_SIZE page), copy_{from,to}_user (per call) and OPAL
 * calls (per call); and at two named points the powernv TCE code fires
 * (<asm/trace.h>): trace_tce_xchg (one TCE update) and trace_tce_kill
 * (one write to a PHB3 TCE kill register).
 *
 * Every parameter, once: X(name, default, min, max, unit, meaning,
 * provenance). Defaults are for a POWER8 core at ~3.5 GHz; all of them
 * are inference (no published per-operation measurement exists).
 */
#define KC_COST_PARAMS(X)						\
	X(cpu_mhz, 3500, 1, 100000, "MHz",				\
	  "CPU clock that converts driver cycles to time (POWER8 ~3.5 GHz)", \
	  "inference")							\
	X(ioctl_entry, 1400, 0, 100000000, "cycles",			\
	  "syscall entry/exit, fd lookup and VFIO dispatch, per ioctl",	\
	  "inference")							\
	X(copy_user, 140, 0, 100000000, "cycles",			\
	  "one copy_from_user/copy_to_user of an ioctl argument",	\
	  "inference")							\
	X(pin_page, 700, 0, 100000000, "cycles",			\
	  "pin one user page (page-table walk, refcount, LONGTERM check)", \
	  "inference")							\
	X(unpin_page, 350, 0, 100000000, "cycles",			\
	  "unpin one user page (refcount drop, dirty bit)",		\
	  "inference")							\
	X(tce_xchg, 140, 0, 100000000, "cycles",			\
	  "one TCE update: atomic exchange on a table line in RAM",	\
	  "inference")							\
	X(kill_write, 700, 0, 100000000, "cycles",			\
	  "one MMIO write (a TCE kill: sync + cache-inhibited store)",	\
	  "inference")							\
	X(locked_vm_update, 350, 0, 100000000, "cycles",		\
	  "one account_locked_vm call (mmap lock, rlimit check)",	\
	  "inference")							\
	X(table_page, 4600, 0, 100000000, "cycles",			\
	  "allocate and zero one kernel page (PAGE_SIZE) of TCE table",	\
	  "inference")							\
	X(opal_call, 2000, 0, 100000000, "cycles",			\
	  "one OPAL firmware call (entry/exit; firmware work not modelled)", \
	  "inference")

struct kc_cost_params {
#define KC_COST_FIELD_(n, d, mn, mx, u, m, p) uint64_t n;
	KC_COST_PARAMS(KC_COST_FIELD_)
#undef KC_COST_FIELD_
};

/* Event kinds: X(ENUM, "name", parameter that prices one event). */
#define KC_COST_EVENTS(X)						\
	X(IOCTL, "ioctl", ioctl_entry)					\
	X(COPY_USER, "copy_user", copy_user)				\
	X(PIN, "pin", pin_page)						\
	X(UNPIN, "unpin", unpin_page)					\
	X(XCHG, "xchg", tce_xchg)					\
	X(KILL, "kill", kill_write)					\
	X(LOCKED_VM, "locked_vm", locked_vm_update)			\
	X(TABLE_PAGE, "table_page", table_page)				\
	X(OPAL, "opal", opal_call)

enum kc_cost_event {
#define KC_COST_ENUM_(e, s, p) KC_COST_EV_##e,
	KC_COST_EVENTS(KC_COST_ENUM_)
#undef KC_COST_ENUM_
	KC_COST_EV_NR
};

/* One row of the per-syscall breakdown: a VFIO ioctl by name ("MAP_DMA",
 * "UNMAP_DMA", "ENABLE", "REGISTER_MEMORY", ... "ioctl(other)"), or
 * "open", "close", "exit" (process exit), "kernel" (outside any syscall:
 * boot, shutdown). */
struct kc_cost_row {
	const char *name;
	uint64_t calls;			/* syscalls of this kind */
	uint64_t cycles;		/* charged while they ran */
	uint64_t events[KC_COST_EV_NR];	/* events of each kind */
	int64_t locked_vm_pages;	/* net pages charged to locked_vm */
};

void kc_cost_default_params(struct kc_cost_params *p);
/* Parameters live for the whole host process (kc_init keeps them); set
 * them before or after kc_init. -EINVAL when cpu_mhz is 0. */
int kc_cost_set_params(const struct kc_cost_params *p);
void kc_cost_get_params(struct kc_cost_params *p);
/* Zero every cost counter (kc_init does it too; kc_shutdown keeps them
 * so a report can follow). */
void kc_cost_reset(void);
/* CPU cycles charged since kc_init or kc_cost_reset. */
uint64_t kc_cost_total(void);
unsigned kc_cost_cpu_mhz(void);
/* Events of one kind, and the cycles they cost, since the reset. */
uint64_t kc_cost_event_count(enum kc_cost_event ev);
uint64_t kc_cost_event_cycles(enum kc_cost_event ev);
const char *kc_cost_event_name(enum kc_cost_event ev);	/* NULL if bad */
/* Rows 0 .. kc_cost_nrows()-1 (fixed order; rows may be all zero). */
unsigned kc_cost_nrows(void);
int kc_cost_row(unsigned i, struct kc_cost_row *row);		/* -EINVAL */
int kc_cost_row_by_name(const char *name, struct kc_cost_row *row); /* -ENOENT */
/* The breakdown (rows with calls or cycles) and per-event totals, as a
 * text table or a JSON object (indent spaces before each inner line). */
void kc_cost_print_text(FILE *f);
void kc_cost_print_json(FILE *f, unsigned indent);

/* --- log ------------------------------------------------------------ */
void kc_set_loglevel(int level);
void kc_set_log_stderr(bool on);
/* Copies the kept log (NUL-terminated, oldest first); returns its length. */
size_t kc_log_read(char *buf, size_t len);
void kc_log_clear(void);

unsigned kc_get_page_shift(void);

#endif /* TCESIM_KC_HOST_H */
