/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference model of the VFIO sPAPR TCE ABI (v1 and v2) as this project
 * chose it (docs/driver.md, the "tcesim" column of the v4.2-vs-mainline
 * tables): a few containers and groups of one process on one PHB3 with
 * IODA2 PEs. Written from the ABI description only; it shares no code
 * with the simulator or the driver. Pure C, no I/O.
 *
 * For each operation abi_model_apply() returns what the kernel should
 * return (0, a positive value or -errno) and updates the model state:
 * backend type, enabled flag, bound mm, the lazy default window, windows
 * (slot, page shift, size, levels, bus start) with their TCEs (bus page
 * -> user address, permission), preregistered regions (holders, mapped
 * count, page shift), locked_vm and pinned pages.
 */
#ifndef ABI_MODEL_H
#define ABI_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ABI_NC		2	/* containers */
#define ABI_NG		3	/* groups (one device / PE each) */
#define ABI_NREG	48	/* preregistered regions, live or orphaned */
#define ABI_NAREA	8	/* user memory areas */

/* Host facts the model is parameterised with (PHB3 / IODA2 defaults). */
#define ABI_TCE32_SIZE	0x80000000ULL	/* dma32 window: 2 GiB at 0 */
#define ABI_WIN1_START	(1ULL << 59)
#define ABI_PGSIZES	0x11011000ULL	/* 4K | 64K | 16M | 256M */
#define ABI_MAX_LEVELS	5
#define ABI_BITS_LIMIT	55

enum abi_op_kind {
	ABI_OP_CHECK_EXT,	/* a = extension id */
	ABI_OP_SET_IOMMU,	/* a = type */
	ABI_OP_GET_INFO,	/* argsz, flags */
	ABI_OP_ENABLE,
	ABI_OP_DISABLE,
	ABI_OP_MAP,		/* argsz, flags, a = vaddr, b = iova, c = size */
	ABI_OP_UNMAP,		/* argsz, flags, b = iova, c = size */
	ABI_OP_REGISTER,	/* argsz, flags, a = vaddr, c = size */
	ABI_OP_UNREGISTER,	/* argsz, flags, a = vaddr, c = size */
	ABI_OP_CREATE,		/* argsz, flags, shift, c = size, levels */
	ABI_OP_REMOVE,		/* argsz, flags, b = start address */
	ABI_OP_SET_CONTAINER,	/* grp; ctr, or -1: not a container fd,
				 * -2: a closed fd */
	ABI_OP_UNSET_CONTAINER,	/* grp */
	ABI_OP_PROBE,		/* grp, b = bus address, a = 1: device write */
	ABI_OP_NR
};

struct abi_op {
	enum abi_op_kind kind;
	int ctr;		/* container index */
	int grp;		/* group index (group ops, probes) */
	bool badptr;		/* argument pointer is unmapped */
	bool foreign;		/* issued by another process (forked child
				 * holding the container fd) */
	uint32_t argsz, flags;
	uint32_t shift, levels;	/* CREATE */
	uint64_t a, b, c;
};

/* What a probe should see. */
enum abi_probe {
	ABI_PROBE_OK,		/* translated to the page behind ua */
	ABI_PROBE_FAULT,	/* translation or permission fault */
	ABI_PROBE_SKIP,		/* the group's PE is not owned by a backend */
};

struct abi_expect {
	long ret;
	/* CREATE: start address; GET_INFO: the struct written back. */
	uint64_t start_addr;
	uint32_t info_len;	/* bytes written back, 0 if none */
	uint32_t info_flags;
	uint32_t dma32_start, dma32_size;
	uint64_t pgsizes;
	uint32_t max_windows, levels;
	/* PROBE */
	enum abi_probe probe;
	uint64_t probe_ua;	/* user address the bus address reaches */
};

/* One user memory area of the process (what the test mmap()ed). */
struct abi_area {
	uint64_t ua, size;
	bool writable;
	bool huge;		/* hugetlb, 16 MiB compound pages */
};

enum abi_type { ABI_NONE = 0, ABI_V1 = 2, ABI_V2 = 7 };

struct abi_tces {		/* open-addressed map: window index -> entry */
	uint64_t *key;		/* index + 1; 0 = empty */
	uint64_t *ua;
	uint8_t *perm;		/* 1 = R, 3 = R|W */
	int16_t *reg;		/* v2: region index the entry references */
	size_t cap, n;
};

struct abi_window {
	bool live;
	unsigned shift, levels;
	uint64_t size, start;
	uint64_t charge;	/* pages charged to locked_vm */
	struct abi_tces tces;
};

struct abi_region {
	bool live;
	uint64_t ua, entries;
	unsigned holders;	/* bit per container; 0 and live: orphan */
	uint64_t mapped;	/* 1 + TCEs pointing in */
	unsigned pageshift;
};

struct abi_container {
	enum abi_type type;
	unsigned groups;	/* bit per group attached (core level) */
	bool enabled, mm_bound, def_pending;
	uint64_t enable_charge;
	struct abi_window win[2];
};

struct abi_model {
	unsigned page_shift;	/* host PAGE_SHIFT */
	uint64_t memlock_pages;
	uint64_t locked_vm;	/* pages */
	uint64_t pinned;	/* page pins held */
	int group_ctr[ABI_NG];	/* -1: none */
	struct abi_container c[ABI_NC];
	struct abi_region reg[ABI_NREG];
	struct abi_area area[ABI_NAREA];
	unsigned nr_area;
};

void abi_model_init(struct abi_model *m, unsigned page_shift,
		    uint64_t memlock_bytes);
void abi_model_free(struct abi_model *m);
void abi_model_add_area(struct abi_model *m, uint64_t ua, uint64_t size,
			bool writable, bool huge);
/* Applies op; fills *e (return value and outputs). */
void abi_model_apply(struct abi_model *m, const struct abi_op *op,
		     struct abi_expect *e);
/* Bytes of a fully populated table (HW + view), 0 if invalid geometry. */
uint64_t abi_model_table_bytes(unsigned page_shift, unsigned shift,
			       uint64_t size, unsigned levels);
/* Picks the r-th (mod count) mapped TCE of container ctr's windows;
 * false if none. *bus is the bus address of the IOMMU page. */
bool abi_model_pick_mapped(const struct abi_model *m, int ctr, uint64_t r,
			   uint64_t *bus, uint64_t *ua, unsigned *perm,
			   unsigned *shift);
/* True if the window slot of container ctr holds a TCE at bus. */
bool abi_model_lookup(const struct abi_model *m, int ctr, uint64_t bus,
		      uint64_t *ua, unsigned *perm);
const char *abi_op_name(enum abi_op_kind k);
/* One line "MAP c0 argsz=32 flags=3 vaddr=... iova=... size=..." */
int abi_op_format(const struct abi_op *op, char *buf, size_t len);

#endif /* ABI_MODEL_H */
