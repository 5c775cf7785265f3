// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the VFIO ioctl surface (syzkaller-style): the input
 * bytes choose a machine (PHB3 or P5IOC2, 64K or 4K pages, one or two
 * devices, RLIMIT_MEMLOCK), then a sequence of operations on the booted
 * simulated kernel: open/close of containers and groups, ioctls with a
 * command from the VFIO set (generic and ppc64 encodings) or a junk
 * number, random argsz/flags/fields or raw bytes in simulated user memory,
 * mmap/munmap/mprotect of random sizes, preregistration, windows, maps,
 * device DMA through machine_dma at random addresses and lengths, group
 * attach/detach, fork and fd sharing between processes.
 *
 * After each input every fd is closed, every process exits but the first,
 * every mapping is dropped, and the kernel counters must be back where
 * they were right after boot: live kmallocs and pages, pins, user frames,
 * open files, locked_vm, and no WARN. Anything else is a crash (abort).
 *
 * One machine is booted per input (a few hundred microseconds at 1 GiB of
 * RAM), so every input is reproducible on its own.
 *
 * The input format is a byte stream read front to back; reading past the
 * end gives zeros (so every prefix of an input is itself an input).
 * Byte 0: machine; bytes 1-2: memlock; then operations, each an opcode
 * byte and its arguments (see the op_* functions).
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vfio.h>

#include "kc/host.h"
#include "tcesim/dma.h"
#include "tcesim/machine.h"
#include "tcesim/vfio_user.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define UA_SCRATCH	0x10000000ull	/* ioctl arguments, one host page */
#define UA_REGION(i)	(0x40000000ull + (uint64_t)(i) * 0x40000000ull)
#define NR_REGIONS	4
#define NR_SLOTS	8
#define NR_PROCS	3
#define NR_STARTS	4
#define MAX_OPS		64
#define DMA_MAX		(256u << 10)
#define MAX_MAP_BYTES	(64ull << 20)	/* per mmap */

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t in_u8(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint32_t in_u32(struct in *in)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++)
		v |= (uint32_t)in_u8(in) << (8 * i);
	return v;
}

static uint64_t in_u64(struct in *in)
{
	uint64_t lo = in_u32(in);

	return lo | (uint64_t)in_u32(in) << 32;
}

enum slot_kind { SLOT_NONE, SLOT_CONTAINER, SLOT_GROUP };

struct slot {
	enum slot_kind kind;
	int fd;
	int pid;		/* the process whose fd table holds fd */
};

struct region {
	bool mapped;
	int pid;
	uint64_t size;
	unsigned shift;		/* page shift of the mapping */
};

struct fz {
	struct machine *m;
	unsigned page_shift;
	bool p5ioc2;
	unsigned ndev;
	uint16_t bdfn[2];
	unsigned phb[2];
	int group[2];
	int pids[NR_PROCS];
	unsigned npids;
	struct slot slot[NR_SLOTS];
	struct region reg[NR_REGIONS];
	uint64_t starts[NR_STARTS];	/* window starts seen (iova bases) */
	struct kc_counters base;
	int64_t base_locked;
	uint8_t dma_buf[DMA_MAX];
};

static struct fz F;
static int verbose = -1;	/* FUZZ_IOCTL_VERBOSE=1: log every step */

#define LOG(...) do { if (verbose > 0) fprintf(stderr, __VA_ARGS__); } while (0)

static void die(const char *what)
{
	struct kc_counters c;

	kc_get_counters(&c);
	fprintf(stderr,
		"fuzz_ioctl: %s\n"
		"  kmalloc_live %llu (boot %llu), pages_live %llu (%llu), "
		"pinned %llu (%llu), user_pages %llu (%llu), files %llu (%llu), "
		"groups %llu (%llu), warns %llu, locked_vm %lld (%lld)\n",
		what,
		(unsigned long long)c.kmalloc_live,
		(unsigned long long)F.base.kmalloc_live,
		(unsigned long long)c.pages_live,
		(unsigned long long)F.base.pages_live,
		(unsigned long long)c.pinned_pages,
		(unsigned long long)F.base.pinned_pages,
		(unsigned long long)c.user_pages_live,
		(unsigned long long)F.base.user_pages_live,
		(unsigned long long)c.files_open,
		(unsigned long long)F.base.files_open,
		(unsigned long long)c.iommu_groups_live,
		(unsigned long long)F.base.iommu_groups_live,
		(unsigned long long)c.warn_count,
		(long long)kc_proc_locked_vm(F.pids[0]),
		(long long)F.base_locked);
	abort();
}

/* --- value pickers: interesting values more often than random ones --- */

static uint64_t pick_region_ua(struct in *in)
{
	unsigned r = in_u8(in) % NR_REGIONS;

	return UA_REGION(r) + ((uint64_t)(in_u8(in) % 4) << F.page_shift);
}

static uint64_t pick_size(struct in *in)
{
	uint8_t b = in_u8(in);
	uint64_t k = (uint64_t)in_u8(in) + 1;

	switch (b % 10) {
	case 0: return 0;
	case 1: return k << 12;
	case 2: return k << 16;
	case 3: return k << 24;
	case 4: return 1ull << (k % 64);
	case 5: return in_u64(in);
	case 6: return F.reg[k % NR_REGIONS].size;
	case 7: return 0 - (k << 12);
	case 8: return (k << F.page_shift) + (b >> 4);
	default: return 1ull << F.page_shift;
	}
}

static uint64_t pick_iova(struct in *in)
{
	uint8_t b = in_u8(in);
	uint64_t base = F.starts[(b >> 4) % NR_STARTS];
	uint64_t k = in_u8(in);

	switch (b % 6) {
	case 0: return base;
	case 1: return base + (k << 12);
	case 2: return base + (k << 16);
	case 3: return base + (k << 24);
	case 4: return in_u64(in);
	default: return base + (k << F.page_shift) - 1;
	}
}

static uint64_t pick_ua(struct in *in)
{
	uint8_t b = in_u8(in);

	switch (b % 5) {
	case 0: return in_u64(in);
	case 1: return UA_SCRATCH;
	case 2: return pick_region_ua(in) + (in_u8(in) & 0xf);
	default: return pick_region_ua(in);
	}
}

static uint32_t pick_argsz(struct in *in, uint32_t want)
{
	uint8_t b = in_u8(in);

	switch (b % 8) {
	case 0: return 0;
	case 1: return want - 1;
	case 2: return want + 8;
	case 3: return in_u32(in);
	case 4: return 8;
	default: return want;
	}
}

static uint32_t pick_flags(struct in *in)
{
	uint8_t b = in_u8(in);

	switch (b % 6) {
	case 0: return 1;
	case 1: return 2;
	case 2: return 3;
	case 3: return in_u32(in);
	default: return 0;
	}
}

/* --- processes, slots ------------------------------------------------ */

static void switch_to(int pid)
{
	if (kc_proc_current() != pid && kc_proc_switch(pid))
		die("kc_proc_switch failed");
}

static void slot_close(unsigned i)
{
	struct slot *s = &F.slot[i];
	int cur = kc_proc_current();

	if (s->kind == SLOT_NONE)
		return;
	switch_to(s->pid);
	if (kc_close(s->fd))
		die("close of an open fd failed");
	switch_to(cur);
	s->kind = SLOT_NONE;
}

/* The fd number a slot holds in the current process, or a bogus one. */
static int slot_fd(struct in *in)
{
	uint8_t b = in_u8(in);
	struct slot *s = &F.slot[b % NR_SLOTS];

	if (b >= 0xf0)
		return (int)(b & 0xf) - 4;	/* -4..11: closed/bad fds */
	return s->kind == SLOT_NONE ? 100 : s->fd;
}

static void slot_store(unsigned i, int fd, enum slot_kind kind)
{
	LOG("open slot %u (%s) -> fd %d\n", i,
	    kind == SLOT_CONTAINER ? "container" : "group", fd);
	slot_close(i);
	if (fd < 0)
		return;
	F.slot[i].kind = kind;
	F.slot[i].fd = fd;
	F.slot[i].pid = kc_proc_current();
}

/* --- user memory ----------------------------------------------------- */

static void scratch_write(uint64_t off, const void *buf, size_t len)
{
	/* May fail (the scratch page can be unmapped or read-only). */
	(void)kc_user_write(UA_SCRATCH + off, buf, len);
}

static void op_mmap(struct in *in)
{
	uint8_t b = in_u8(in);
	unsigned r = b % NR_REGIONS;
	struct region *g = &F.reg[r];
	bool huge = (b >> 2) % 8 == 0;
	bool ro = (b >> 5) % 8 == 0;
	unsigned shift = huge ? 24 : F.page_shift;
	uint64_t pages = (uint64_t)in_u8(in) % (huge ? 4 : 64) + 1;
	uint64_t size = pages << shift;
	int ret;

	if (size > MAX_MAP_BYTES)
		size = MAX_MAP_BYTES;
	if (g->mapped)
		return;
	ret = kc_mmap(UA_REGION(r), size, huge ? 24 : 0, !ro, huge);
	LOG("mmap %#llx size %#llx%s%s -> %d\n",
	    (unsigned long long)UA_REGION(r), (unsigned long long)size,
	    huge ? " huge" : "", ro ? " ro" : "", ret);
	if (ret == 0) {
		g->mapped = true;
		g->pid = kc_proc_current();
		g->size = size;
		g->shift = shift;
	}
}

static void op_munmap(struct in *in)
{
	uint8_t b = in_u8(in);
	struct region *g = &F.reg[b % NR_REGIONS];
	int cur = kc_proc_current();

	if (!g->mapped)
		return;
	if (b & 0x80) {
		/* A partial munmap must be refused. */
		if (g->pid == cur && g->size > (1ull << g->shift) &&
		    kc_munmap(UA_REGION(b % NR_REGIONS), 1ull << g->shift) == 0)
			die("partial munmap succeeded");
		return;
	}
	switch_to(g->pid);
	if (kc_munmap(UA_REGION(b % NR_REGIONS), g->size))
		die("munmap of a whole mapping failed");
	switch_to(cur);
	g->mapped = false;
}

static void op_mprotect(struct in *in)
{
	uint8_t b = in_u8(in);
	struct region *g = &F.reg[b % NR_REGIONS];

	if (g->mapped && g->pid == kc_proc_current())
		(void)kc_mprotect(UA_REGION(b % NR_REGIONS), g->size, b & 0x80);
	else if (b & 0x40)
		(void)kc_mprotect(UA_SCRATCH, 1ull << F.page_shift, b & 0x80);
}

static void op_uwrite(struct in *in)
{
	uint8_t buf[64];
	uint64_t ua = pick_ua(in);
	unsigned len = in_u8(in) % sizeof(buf);

	for (unsigned i = 0; i < len; i++)
		buf[i] = in_u8(in);
	(void)kc_user_write(ua, buf, len);
}

/* --- ioctls ----------------------------------------------------------- */

/* The ioctl's number within the VFIO type (the low byte of cmd). */
#define NR(cmd)		((uint32_t)(cmd) & 0xffu)

static const uint32_t cmds[] = {
	VFIO_GET_API_VERSION, VFIO_CHECK_EXTENSION, VFIO_SET_IOMMU,
	VFIO_GROUP_GET_STATUS, VFIO_GROUP_SET_CONTAINER,
	VFIO_GROUP_UNSET_CONTAINER, VFIO_GROUP_GET_DEVICE_FD,
	VFIO_DEVICE_GET_INFO, VFIO_IOMMU_SPAPR_TCE_GET_INFO,
	VFIO_IOMMU_MAP_DMA, VFIO_IOMMU_UNMAP_DMA, VFIO_IOMMU_ENABLE,
	VFIO_IOMMU_DISABLE, VFIO_IOMMU_SPAPR_REGISTER_MEMORY,
	VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY, VFIO_IOMMU_SPAPR_TCE_CREATE,
	VFIO_IOMMU_SPAPR_TCE_REMOVE, VFIO_EEH_PE_OP,
	VFIO_USER_PPC64(VFIO_IOMMU_SPAPR_TCE_GET_INFO),
	VFIO_USER_PPC64(VFIO_IOMMU_MAP_DMA),
	VFIO_USER_PPC64(VFIO_IOMMU_SPAPR_REGISTER_MEMORY),
	VFIO_USER_PPC64(VFIO_IOMMU_SPAPR_TCE_CREATE),
	VFIO_USER_PPC64(VFIO_EEH_PE_OP),
	0x3B00u, 0xC0183B71u, 0x3BFFu, 0x5401u,	/* junk */
};

static uint32_t pick_cmd(struct in *in)
{
	uint8_t b = in_u8(in);

	if (b == 0xff)
		return in_u32(in);
	return cmds[b % (sizeof(cmds) / sizeof(cmds[0]))];
}

static void put32(uint8_t *s, unsigned off, uint32_t v)
{
	memcpy(s + off, &v, 4);
}

/*
 * Build the <linux/vfio.h> argument struct of ioctl number nr with
 * fuzzed fields (in input order) into s (zeroed by the caller; argsz and
 * flags are set afterwards), and return its size.
 */
static uint32_t build_struct(struct in *in, uint32_t nr, uint8_t *s)
{
	switch (nr) {
	case NR(VFIO_GROUP_GET_STATUS):
		return sizeof(struct vfio_group_status);
	case NR(VFIO_IOMMU_SPAPR_TCE_GET_INFO):
		return sizeof(struct vfio_iommu_spapr_tce_info);
	case NR(VFIO_IOMMU_MAP_DMA): {
		struct vfio_iommu_type1_dma_map m = { .argsz = 0 };

		m.vaddr = pick_ua(in);
		m.iova = pick_iova(in);
		m.size = pick_size(in);
		memcpy(s, &m, sizeof(m));
		return sizeof(m);
	}
	case NR(VFIO_IOMMU_UNMAP_DMA): {
		struct vfio_iommu_type1_dma_unmap um = { .argsz = 0 };

		um.iova = pick_iova(in);
		um.size = pick_size(in);
		memcpy(s, &um, sizeof(um));
		return sizeof(um);
	}
	case NR(VFIO_IOMMU_SPAPR_REGISTER_MEMORY):
	case NR(VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY): {
		struct vfio_iommu_spapr_register_memory reg = { .argsz = 0 };

		reg.vaddr = pick_ua(in);
		reg.size = pick_size(in);
		memcpy(s, &reg, sizeof(reg));
		return sizeof(reg);
	}
	case NR(VFIO_IOMMU_SPAPR_TCE_CREATE): {
		static const uint8_t shifts[] = { 12, 16, 24, 0, 13, 34, 63 };
		struct vfio_iommu_spapr_tce_create cr = { .argsz = 0 };
		uint8_t b = in_u8(in);

		cr.page_shift = b & 0x80 ? in_u32(in) : shifts[b % 7];
		cr.__resv1 = (b & 0x40) ? in_u32(in) : 0;
		cr.window_size = pick_size(in);
		cr.levels = in_u8(in) % 8;
		cr.__resv2 = 0;
		cr.start_addr = in_u64(in);
		memcpy(s, &cr, sizeof(cr));
		return sizeof(cr);
	}
	case NR(VFIO_IOMMU_SPAPR_TCE_REMOVE): {
		struct vfio_iommu_spapr_tce_remove rm = { .argsz = 0 };

		rm.start_addr = pick_iova(in);
		memcpy(s, &rm, sizeof(rm));
		return sizeof(rm);
	}
	case NR(VFIO_EEH_PE_OP): {
		struct vfio_eeh_pe_op eeh = { .argsz = 0 };

		eeh.op = in_u8(in) % 12;
		eeh.err.type = in_u8(in) % 8;
		eeh.err.func = in_u8(in) % 8;
		eeh.err.addr = pick_iova(in);
		eeh.err.mask = in_u64(in);
		memcpy(s, &eeh, sizeof(eeh));
		return sizeof(eeh);
	}
	default: {
		uint32_t sz = in_u8(in) % 48;

		for (uint32_t i = 8; i < sz; i++)
			s[i] = in_u8(in);
		return sz;
	}
	}
}

/* Remember window starts returned by CREATE and GET_INFO. */
static void learn(uint32_t nr, long ret, uint64_t off)
{
	union {
		struct vfio_iommu_spapr_tce_create cr;
		struct vfio_iommu_spapr_tce_info info;
	} u;

	if (ret != 0 || kc_user_read(UA_SCRATCH + off, &u, sizeof(u)))
		return;
	if (nr == NR(VFIO_IOMMU_SPAPR_TCE_CREATE))
		F.starts[2 + (u.cr.start_addr >> 59 & 1)] = u.cr.start_addr;
	else if (nr == NR(VFIO_IOMMU_SPAPR_TCE_GET_INFO))
		F.starts[1] = u.info.dma32_window_start;
}

static void op_ioctl(struct in *in)
{
	uint8_t b = in_u8(in);
	int fd = slot_fd(in);
	uint32_t cmd = pick_cmd(in);
	uint32_t nr = NR(kc_ioctl_normalise(cmd));
	uint8_t s[64];
	uint64_t off = 0;
	unsigned long arg;
	long ret;

	memset(s, 0, sizeof(s));
	switch (b % 8) {
	case 0:			/* integer argument */
		arg = b & 0x80 ? in_u64(in) : in_u8(in) % 10;
		break;
	case 1: {		/* raw bytes */
		unsigned len = in_u8(in) % sizeof(s);

		for (unsigned i = 0; i < len; i++)
			s[i] = in_u8(in);
		scratch_write(0, s, len);
		arg = UA_SCRATCH;
		break;
	}
	case 2:			/* structure running off the scratch page */
		off = (1ull << F.page_shift) - (in_u8(in) % 40);
		/* fall through */
	default: {
		uint32_t sz = build_struct(in, nr, s);
		uint32_t len = sz;

		put32(s, 0, pick_argsz(in, sz));	/* argsz */
		put32(s, 4, pick_flags(in));		/* flags */
		if (off + len > (1ull << F.page_shift))
			len = (uint32_t)((1ull << F.page_shift) - off);
		scratch_write(off, s, len);
		arg = (unsigned long)(UA_SCRATCH + off);
		break;
	}
	}
	ret = kc_ioctl(fd, cmd, arg);
	LOG("ioctl fd=%d cmd=%#x arg=%#lx -> %ld\n", fd, cmd, arg, ret);
	if (off == 0)
		learn(nr, ret, 0);
}

/* A ioctl with a well-formed structure (argsz = its size): the deep
 * paths. */
static long ioctl_struct(int fd, uint32_t cmd, void *s, uint32_t sz)
{
	long ret;

	memcpy(s, &sz, sizeof(sz));	/* argsz */
	scratch_write(0, s, sz);
	ret = kc_ioctl(fd, cmd, UA_SCRATCH);
	LOG("ioctl fd=%d nr=%u (struct %u bytes) -> %ld\n", fd, NR(cmd), sz,
	    ret);
	learn(NR(cmd), ret, 0);
	return ret;
}

static void op_register(struct in *in)
{
	struct vfio_iommu_spapr_register_memory reg = { .argsz = 0 };
	uint8_t b = in_u8(in);
	struct region *g = &F.reg[b % NR_REGIONS];
	int fd = slot_fd(in);
	uint64_t size = g->size;

	if (b & 0x10)
		size = (uint64_t)(in_u8(in) % 4 + 1) << F.page_shift;
	reg.vaddr = UA_REGION(b % NR_REGIONS);
	reg.size = size;
	(void)ioctl_struct(fd, b & 0x80 ? VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY :
			   VFIO_IOMMU_SPAPR_REGISTER_MEMORY, &reg, sizeof(reg));
}

static void op_create(struct in *in)
{
	static const uint8_t shifts[] = { 12, 16, 24 };
	struct vfio_iommu_spapr_tce_create cr = { .argsz = 0 };
	uint8_t b = in_u8(in);
	int fd = slot_fd(in);

	cr.page_shift = shifts[(b & 3) % 3];
	cr.window_size = 1ull << (20 + in_u8(in) % 24);
	cr.levels = ((b >> 2) & 7) % 5 + 1;
	if (ioctl_struct(fd, VFIO_IOMMU_SPAPR_TCE_CREATE, &cr, sizeof(cr)) &&
	    (b & 0x80)) {
		/* Make room: remove a known window. */
		struct vfio_iommu_spapr_tce_remove rm = { .argsz = 0 };

		rm.start_addr = F.starts[(b >> 5) & 3];
		(void)ioctl_struct(fd, VFIO_IOMMU_SPAPR_TCE_REMOVE, &rm,
				   sizeof(rm));
	}
}

static void op_map(struct in *in)
{
	struct vfio_iommu_type1_dma_map m = { .argsz = 0 };
	uint8_t b = in_u8(in);
	struct region *g = &F.reg[b % NR_REGIONS];
	int fd = slot_fd(in);
	uint64_t pg = 1ull << (b & 0x40 ? 12 : F.page_shift);
	uint64_t n = in_u8(in) % 8 + 1;
	uint64_t size = (b & 0x20) && g->size ? g->size : n * pg;
	uint64_t iova = F.starts[(b >> 2) % NR_STARTS] +
			(uint64_t)in_u8(in) * pg;

	m.flags = b & 0x80 ? VFIO_DMA_MAP_FLAG_WRITE :
		  VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	m.vaddr = UA_REGION(b % NR_REGIONS);
	m.iova = iova;
	m.size = size;
	if (in_u8(in) & 1) {
		(void)ioctl_struct(fd, VFIO_IOMMU_MAP_DMA, &m, sizeof(m));
	} else {
		struct vfio_iommu_type1_dma_unmap um = { .argsz = 0 };

		um.iova = iova;
		um.size = size;
		(void)ioctl_struct(fd, VFIO_IOMMU_UNMAP_DMA, &um, sizeof(um));
	}
}

static void op_set_container(struct in *in)
{
	uint8_t b = in_u8(in);
	int grp = slot_fd(in);
	int32_t c = slot_fd(in);
	long ret;

	if (b & 1) {
		ret = kc_ioctl(grp, VFIO_GROUP_UNSET_CONTAINER, 0);
	} else {
		scratch_write(0, &c, sizeof(c));
		ret = kc_ioctl(grp, VFIO_GROUP_SET_CONTAINER, UA_SCRATCH);
	}
	LOG("%s group fd %d container fd %d -> %ld\n",
	    b & 1 ? "unset_container" : "set_container", grp, c, ret);
}

static void op_set_iommu(struct in *in)
{
	/* v1, v2, then types the sPAPR backend must refuse */
	static const unsigned long types[] = {
		VFIO_SPAPR_TCE_IOMMU, VFIO_SPAPR_TCE_v2_IOMMU,
		VFIO_TYPE1_IOMMU, VFIO_TYPE1v2_IOMMU, 0, 8, 9,
	};
	uint8_t b = in_u8(in);
	int fd = slot_fd(in);

	unsigned long type = types[(b & 7) % 7];
	long ret = kc_ioctl(fd, VFIO_SET_IOMMU, type);

	LOG("set_iommu fd %d type %lu -> %ld\n", fd, type, ret);
	if (b & 0x80) {
		ret = kc_ioctl(fd, b & 0x40 ? VFIO_IOMMU_DISABLE :
			       VFIO_IOMMU_ENABLE, 0);
		LOG("%s fd %d -> %ld\n", b & 0x40 ? "disable" : "enable", fd,
		    ret);
	}
}

/* --- files, processes -------------------------------------------------- */

static void op_open(struct in *in)
{
	uint8_t b = in_u8(in);
	unsigned i = b % NR_SLOTS;
	char path[32];
	int fd;

	switch ((b >> 3) % 8) {
	case 0: case 1: case 2:
		slot_store(i, kc_open("/dev/vfio/vfio"), SLOT_CONTAINER);
		break;
	case 7:
		snprintf(path, sizeof(path), "/dev/vfio/%u", in_u8(in));
		fd = kc_open(path);
		slot_store(i, fd, SLOT_GROUP);
		break;
	default:
		snprintf(path, sizeof(path), "/dev/vfio/%d",
			 F.group[(b >> 6) % F.ndev]);
		slot_store(i, kc_open(path), SLOT_GROUP);
		break;
	}
}

static void op_close(struct in *in)
{
	uint8_t b = in_u8(in);

	if (b & 0x80) {
		/* Closing a bad fd is -EBADF, never a crash. */
		if (kc_close(200 + (b & 0x7f)) != -9)
			die("close of a bad fd did not return -EBADF");
		return;
	}
	slot_close(b % NR_SLOTS);
}

static void op_proc(struct in *in)
{
	uint8_t b = in_u8(in);
	int pid;

	switch (b % 4) {
	case 0:				/* fork */
		if (F.npids < NR_PROCS) {
			pid = kc_proc_fork(kc_proc_current());
			if (pid <= 0)
				die("fork failed");
			F.pids[F.npids++] = pid;
		}
		break;
	case 1:				/* switch */
		switch_to(F.pids[(b >> 2) % F.npids]);
		break;
	case 2: {			/* share an fd with another process */
		struct slot *s = &F.slot[(b >> 2) % NR_SLOTS];
		unsigned j = in_u8(in);
		int to = F.pids[in_u8(in) % F.npids];
		int fd;

		if (s->kind == SLOT_NONE)
			break;
		fd = kc_proc_share_fd(s->pid, s->fd, to);
		if (fd >= 0) {
			j %= NR_SLOTS;
			if (&F.slot[j] == s)
				j = (j + 1) % NR_SLOTS;
			slot_close(j);
			F.slot[j].kind = s->kind;
			F.slot[j].fd = fd;
			F.slot[j].pid = to;
		}
		break;
	}
	default:			/* memlock of the current process */
		(void)kc_proc_set_memlock(kc_proc_current(),
					  (uint64_t)in_u8(in) << 20);
		break;
	}
}

/* --- device DMA ------------------------------------------------------- */

static void op_dma(struct in *in)
{
	uint8_t b = in_u8(in);
	unsigned d = b % F.ndev;
	struct sim_dma_req req;
	struct sim_dma_result res;
	int ret;

	memset(&req, 0, sizeof(req));
	memset(&res, 0, sizeof(res));
	req.rid = (b & 0x40) ? (uint16_t)in_u32(in) : F.bdfn[d];
	req.addr = pick_iova(in);
	switch (in_u8(in) % 4) {
	case 0: req.len = in_u8(in) + 1; break;
	case 1: req.len = (uint32_t)(in_u8(in) + 1) << 12; break;
	case 2: req.len = in_u32(in) % DMA_MAX + 1; break;
	default: req.len = 8; break;
	}
	if (req.len > DMA_MAX)
		req.len = DMA_MAX;
	req.dir = SIM_DMA_READ;
	ret = machine_dma(F.m, F.phb[d], &req, F.dma_buf, &res);
	LOG("dma read rid %#x addr %#llx len %u -> %s\n", req.rid,
	    (unsigned long long)req.addr, req.len,
	    sim_dma_status_name(res.status));
	if (ret)
		die("machine_dma refused a well-formed request");
	if (res.status == SIM_DMA_OK && res.bytes_done != req.len)
		die("DMA ok but not every byte transferred");
	if (!(b & 0x80))
		return;
	/*
	 * A device write. A device that VFIO does not own may write through
	 * the kernel's PHB3 bypass window anywhere in RAM, the kernel's own
	 * TCE tables included: that is the host trusting its device, not a
	 * bug. So a write goes only where the read of the same address did
	 * not reach memory (it faults or is refused the same way, or only
	 * the TCE's W bit lets it through, to a pinned page), or where it
	 * reached a pinned user page, clipped to that 4 KiB frame.
	 */
	if (res.status == SIM_DMA_OK) {
		uint32_t room = 4096 - (uint32_t)(res.pa & 4095);

		if (kc_page_pincount(res.pa) <= 0)
			return;
		if (req.len > room)
			req.len = room;
	}
	req.dir = SIM_DMA_WRITE;
	memset(F.dma_buf, b, req.len);
	memset(&res, 0, sizeof(res));
	ret = machine_dma(F.m, F.phb[d], &req, F.dma_buf, &res);
	LOG("dma write len %u -> %s\n", req.len,
	    sim_dma_status_name(res.status));
	if (ret)
		die("machine_dma refused a well-formed write");
}

/* --- one input ---------------------------------------------------------- */

static int boot(struct in *in)
{
	struct machine_config cfg;
	char err[256];
	uint8_t b = in_u8(in);
	uint16_t ml = (uint16_t)(in_u8(in) | in_u8(in) << 8);
	unsigned i;

	machine_config_default(&cfg);
	cfg.platform = (b & 3) == 3 ? MACHINE_P5IOC2 : MACHINE_PHB3;
	cfg.page_shift = (b & 4) ? 12 : 16;
	cfg.ram_bytes = 1ull << 30;
	cfg.memlock_bytes = ml ? (uint64_t)ml << 16 : 64ull << 20;
	cfg.cap_ipc_lock = (b & 8) != 0;
	F.ndev = (b & 16) ? 2 : 1;
	cfg.nr_phbs = cfg.platform == MACHINE_P5IOC2 ? F.ndev : 1;
	cfg.nr_devs = F.ndev;
	for (i = 0; i < F.ndev; i++) {
		cfg.devs[i].phb = cfg.nr_phbs > 1 ? i : 0;
		cfg.devs[i].bdfn = cfg.nr_phbs > 1 ? 0x0100
						   : (uint16_t)((1 + i) << 8);
		F.phb[i] = cfg.devs[i].phb;
		F.bdfn[i] = cfg.devs[i].bdfn;
	}
	F.page_shift = cfg.page_shift;
	F.p5ioc2 = cfg.platform == MACHINE_P5IOC2;
	F.m = machine_create(&cfg, err, sizeof(err));
	if (!F.m) {
		fprintf(stderr, "fuzz_ioctl: machine_create: %s\n", err);
		abort();
	}
	if (machine_boot(F.m, err, sizeof(err))) {
		fprintf(stderr, "fuzz_ioctl: machine_boot: %s\n", err);
		abort();
	}
	for (i = 0; i < F.ndev; i++) {
		F.group[i] = machine_group_of(F.m, F.phb[i], F.bdfn[i]);
		if (F.group[i] < 0)
			die("no IOMMU group after boot");
	}
	F.npids = 1;
	F.pids[0] = kc_proc_current();
	if (F.pids[0] <= 0)
		die("no process after boot");
	kc_get_counters(&F.base);
	F.base_locked = kc_proc_locked_vm(F.pids[0]);
	if (kc_mmap(UA_SCRATCH, 1ull << F.page_shift, 0, true, false))
		die("cannot map the scratch page");
	F.starts[0] = 0;
	F.starts[1] = 0;
	F.starts[2] = 1ull << 59;
	F.starts[3] = 1ull << 59;
	return 0;
}

/* Close everything; the counters must be back to their boot values. */
static void teardown(void)
{
	struct kc_counters c;
	unsigned i;

	for (i = 0; i < NR_SLOTS; i++)
		slot_close(i);
	for (i = 1; i < F.npids; i++)
		if (kc_proc_exit(F.pids[i]))
			die("kc_proc_exit failed");
	switch_to(F.pids[0]);
	for (i = 1; i < F.npids; i++)
		if (kc_proc_locked_vm(F.pids[i]) != 0)
			die("locked_vm of an exited process is not 0");
	for (i = 0; i < NR_REGIONS; i++) {
		struct region *g = &F.reg[i];

		if (g->mapped && g->pid == F.pids[0] &&
		    kc_munmap(UA_REGION(i), g->size))
			die("munmap at teardown failed");
		g->mapped = false;
	}
	if (kc_munmap(UA_SCRATCH, 1ull << F.page_shift))
		die("munmap of the scratch page failed");

	kc_get_counters(&c);
	if (c.warn_count)
		die("kernel WARN");
	if (c.kmalloc_live != F.base.kmalloc_live)
		die("leak: kmalloc");
	if (c.pages_live != F.base.pages_live)
		die("leak: kernel pages");
	if (c.pinned_pages != F.base.pinned_pages)
		die("leak: page pins");
	if (c.user_pages_live != F.base.user_pages_live)
		die("leak: user frames");
	if (c.files_open != F.base.files_open)
		die("leak: open files");
	if (c.iommu_groups_live != F.base.iommu_groups_live)
		die("leak: iommu groups");
	if (kc_proc_locked_vm(F.pids[0]) != F.base_locked)
		die("leak: locked_vm");
	machine_destroy(F.m);
	F.m = NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	unsigned nops = 0;

	if (verbose < 0)
		verbose = getenv("FUZZ_IOCTL_VERBOSE") != NULL;
	memset(&F.slot, 0, sizeof(F.slot));
	memset(&F.reg, 0, sizeof(F.reg));
	boot(&in);
	while (in.n && nops++ < MAX_OPS) {
		switch (in_u8(&in) % 16) {
		case 0: op_open(&in); break;
		case 1: op_close(&in); break;
		case 2: case 3: case 4: op_ioctl(&in); break;
		case 5: op_mmap(&in); break;
		case 6: op_munmap(&in); break;
		case 7: op_mprotect(&in); break;
		case 8: op_uwrite(&in); break;
		case 9: op_dma(&in); break;
		case 10: op_set_container(&in); break;
		case 11: op_set_iommu(&in); break;
		case 12: op_register(&in); break;
		case 13: op_create(&in); break;
		case 14: op_map(&in); break;
		default: op_proc(&in); break;
		}
		if (kc_warn_count())
			die("kernel WARN");
	}
	teardown();
	return 0;
}
