// SPDX-License-Identifier: GPL-2.0
/*
 * Differential property test of the VFIO sPAPR TCE ABI: a seeded PRNG
 * generates random, biased operation sequences on two containers and
 * three IODA2 groups of a simulated PHB3 machine; each operation runs on
 * the real stack (simulated syscalls into the kernel-style driver) and
 * on the reference model (abi_model.c). After every operation the return
 * value, the structures written back, locked_vm, the pinned page count
 * and WARN count must agree; DMA probes check that a mapped bus address
 * reaches the expected page and data and that an unmapped one faults
 * (the frozen PE is thawed through EEH_PE_OP). A mismatch prints the
 * seed, the operation number, expected vs actual and a shrunk repro.
 *
 * TCESIM_ABI_OPS scales the total number of operations (default 120000,
 * split over the seeds); TCESIM_ABI_SEED runs one seed only.
 */
#include "check_auto.h"
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "abi_model.h"
#include "kc/host.h"
#include "tcesim/dma.h"
#include "tcesim/machine.h"

/* Ioctl numbers from the ABI: _IO(';', 100 + k). */
#define IO(nr)			(0x3B00u | (nr))
#define IOC_CHECK_EXTENSION	IO(101)
#define IOC_SET_IOMMU		IO(102)
#define IOC_SET_CONTAINER	IO(104)
#define IOC_UNSET_CONTAINER	IO(105)
#define IOC_GET_INFO		IO(112)
#define IOC_MAP			IO(113)
#define IOC_UNMAP		IO(114)
#define IOC_ENABLE		IO(115)
#define IOC_DISABLE		IO(116)
#define IOC_REGISTER		IO(117)
#define IOC_UNREGISTER		IO(118)
#define IOC_CREATE		IO(119)
#define IOC_REMOVE		IO(120)
#define IOC_EEH_PE_OP		IO(121)

#define EEH_UNFREEZE_IO		2
#define EEH_UNFREEZE_DMA	3
#define EEH_GET_STATE		4

#define MB			(1ULL << 20)
#define GB			(1ULL << 30)
#define PG			(1ULL << 16)	/* host page */

/* The process's memory: what the model is told about. */
#define UA_SCRATCH		0x10000000ULL	/* ioctl arguments */
#define UA_BAD			0x20000000ULL	/* never mapped */
#define UA_NORM			0x40000000ULL	/* 64 pages */
#define NORM_SIZE		(64 * PG)
#define UA_RO			0x48000000ULL	/* read-only, 8 pages */
#define RO_SIZE			(8 * PG)
#define UA_NORM2		0x60000000ULL	/* 32 MiB of small pages */
#define NORM2_SIZE		(32 * MB)
#define UA_HUGE			0x100000000ULL	/* 32 MiB hugetlb */
#define HUGE_SIZE		(32 * MB)

#define MAX_EPOCH_OPS		4000
#define SHRINK_BUDGET		400

/* ---- PRNG (xorshift64*) ------------------------------------------------ */

static uint64_t rng_next(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 0x2545F4914F6CDD1DULL;
}

static uint64_t rnd(uint64_t *s, uint64_t n)
{
	return n ? rng_next(s) % n : 0;
}

/* ---- one epoch: a booted machine and its model --------------------------- */

struct epoch_cfg {
	uint64_t memlock;
	unsigned page_shift;	/* host PAGE_SHIFT: 16 or 12 */
	bool cap;		/* CAP_IPC_LOCK: no memlock limit */
};

struct env {
	struct machine *m;
	uint16_t bdfn[ABI_NG];
	int group_id[ABI_NG];
	int cfd[ABI_NC], gfd[ABI_NG];
	int pid, child;
	int child_cfd[ABI_NC];	/* the containers as seen by the child */
	int64_t locked0, pinned0;
	uint64_t kmalloc0, pages0, files0;
	struct abi_model model;
	uint64_t probes_ok, probes_fault;
};

static struct {
	uint64_t ops, epochs, probes_ok, probes_fault, mismatches;
	uint64_t ret_hist[8];	/* 0, >0, EINVAL, EPERM, ENXIO, EFAULT,
				 * ENOMEM, other errno */
	uint64_t kind_ops[ABI_OP_NR], kind_ok[ABI_OP_NR];
} stats;

static char msg[8192];

static int failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int failf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return -1;
}

static int env_boot(struct env *e, const struct epoch_cfg *cfg)
{
	struct machine_config mc;
	struct kc_counters kc;
	char err[256] = "";
	unsigned i;
	int fd;

	memset(e, 0, sizeof(*e));
	machine_config_default(&mc);
	mc.platform = MACHINE_PHB3;
	mc.page_shift = cfg->page_shift;
	mc.ram_bytes = 4 * GB;
	mc.memlock_bytes = cfg->memlock;
	mc.cap_ipc_lock = cfg->cap;
	mc.nr_phbs = 1;
	mc.nr_devs = ABI_NG;
	for (i = 0; i < ABI_NG; i++) {
		mc.devs[i].phb = 0;
		mc.devs[i].bdfn = (uint16_t)((1 + i) << 8);
		e->bdfn[i] = mc.devs[i].bdfn;
	}
	e->m = machine_create(&mc, err, sizeof(err));
	if (!e->m)
		return failf("machine_create: %s", err);
	if (machine_boot(e->m, err, sizeof(err)))
		return failf("machine_boot: %s", err);
	e->pid = kc_proc_current();
	/* A forked child that will get the container fds. */
	e->child = kc_proc_fork(e->pid);
	if (e->child <= 0 || kc_proc_switch(e->child) ||
	    kc_mmap(UA_SCRATCH, PG, 0, true, false) ||
	    kc_proc_switch(e->pid))
		return failf("child process setup failed");
	if (kc_mmap(UA_SCRATCH, PG, 0, true, false) ||
	    kc_mmap(UA_NORM, NORM_SIZE, 0, true, false) ||
	    kc_mmap(UA_RO, RO_SIZE, 0, false, false) ||
	    kc_mmap(UA_NORM2, NORM2_SIZE, 0, true, false) ||
	    kc_mmap(UA_HUGE, HUGE_SIZE, 24, true, true))
		return failf("kc_mmap failed");
	abi_model_init(&e->model, cfg->page_shift,
		       cfg->cap ? UINT64_MAX : cfg->memlock);
	abi_model_add_area(&e->model, UA_SCRATCH, PG, true, false);
	abi_model_add_area(&e->model, UA_NORM, NORM_SIZE, true, false);
	abi_model_add_area(&e->model, UA_RO, RO_SIZE, false, false);
	abi_model_add_area(&e->model, UA_NORM2, NORM2_SIZE, true, false);
	abi_model_add_area(&e->model, UA_HUGE, HUGE_SIZE, true, true);
	e->locked0 = kc_proc_locked_vm(e->pid);
	kc_get_counters(&kc);
	e->pinned0 = (int64_t)kc.pinned_pages;
	e->kmalloc0 = kc.kmalloc_live;
	e->pages0 = kc.pages_live;
	e->files0 = kc.files_open;
	for (i = 0; i < ABI_NC; i++) {
		fd = kc_open("/dev/vfio/vfio");
		if (fd < 0)
			return failf("open container: %d", fd);
		e->cfd[i] = fd;
		e->child_cfd[i] = kc_proc_share_fd(e->pid, fd, e->child);
		if (e->child_cfd[i] < 0)
			return failf("share fd: %d", e->child_cfd[i]);
	}
	for (i = 0; i < ABI_NG; i++) {
		char path[64];

		e->group_id[i] = machine_group_of(e->m, 0, e->bdfn[i]);
		snprintf(path, sizeof(path), "/dev/vfio/%d", e->group_id[i]);
		fd = kc_open(path);
		if (fd < 0)
			return failf("open %s: %d", path, fd);
		e->gfd[i] = fd;
	}
	return 0;
}

static void env_destroy(struct env *e)
{
	abi_model_free(&e->model);
	if (e->m)
		machine_destroy(e->m);
	e->m = NULL;
}

/* Closes every fd and checks that everything came back. */
static int env_close(struct env *e)
{
	struct kc_counters kc;
	struct abi_op op = { .kind = ABI_OP_UNSET_CONTAINER };
	struct abi_expect x;
	unsigned i;

	for (i = 0; i < ABI_NG; i++) {
		op.grp = (int)i;
		abi_model_apply(&e->model, &op, &x);
		if (kc_close(e->gfd[i]))
			return failf("close group %u", i);
	}
	for (i = 0; i < ABI_NC; i++)
		if (kc_close(e->cfd[i]))
			return failf("close container %u", i);
	kc_proc_switch(e->child);
	for (i = 0; i < ABI_NC; i++)
		if (kc_close(e->child_cfd[i]))
			return failf("close child's container %u", i);
	kc_proc_switch(e->pid);
	kc_get_counters(&kc);
	if (e->model.locked_vm || e->model.pinned)
		return failf("model not empty after close: locked_vm %" PRIu64
			    " pinned %" PRIu64, e->model.locked_vm,
			    e->model.pinned);
	if (kc_proc_locked_vm(e->pid) != e->locked0 ||
	    (int64_t)kc.pinned_pages != e->pinned0 ||
	    kc.kmalloc_live != e->kmalloc0 || kc.pages_live != e->pages0 ||
	    kc.files_open != e->files0)
		return failf("leak after close: locked_vm %" PRId64 " (was %"
			    PRId64 "), pinned %" PRIu64 " (was %" PRId64
			    "), kmalloc_live %" PRIu64 " (was %" PRIu64
			    "), pages_live %" PRIu64 " (was %" PRIu64 ")",
			    kc_proc_locked_vm(e->pid), e->locked0,
			    kc.pinned_pages, e->pinned0, kc.kmalloc_live,
			    e->kmalloc0, kc.pages_live, e->pages0);
	if (kc_warn_count())
		return failf("WARN during the epoch");
	return 0;
}

/* ---- running one operation on the real stack --------------------------- */

static void put32(uint8_t *b, unsigned off, uint32_t v)
{
	memcpy(b + off, &v, 4);
}

static void put64(uint8_t *b, unsigned off, uint64_t v)
{
	memcpy(b + off, &v, 8);
}

static uint32_t get32(const uint8_t *b, unsigned off)
{
	uint32_t v;

	memcpy(&v, b + off, 4);
	return v;
}

static uint64_t get64(const uint8_t *b, unsigned off)
{
	uint64_t v;

	memcpy(&v, b + off, 8);
	return v;
}

#define SENTINEL	0x5a

static long ioctl_buf(struct env *e, int fd, unsigned cmd,
		      const struct abi_op *op, uint8_t *buf)
{
	if (kc_user_write(UA_SCRATCH, buf, 64))
		return -9999;
	return kc_ioctl(fd, cmd, op->badptr ? UA_BAD : UA_SCRATCH);
}

/* ioctl_buf of a uapi struct: argsz and flags (offsets 0 and 4) from op,
 * the rest already in buf. */
static long ioctl_argsz(struct env *e, int fd, unsigned cmd,
			const struct abi_op *op, uint8_t *buf)
{
	put32(buf, 0, op->argsz);
	put32(buf, 4, op->flags);
	return ioctl_buf(e, fd, cmd, op, buf);
}

static int container_of_group(const struct env *e, int g)
{
	return e->model.group_ctr[g];
}

static long eeh_op(struct env *e, int fd, uint32_t op)
{
	uint8_t b[64];

	memset(b, 0, sizeof(b));
	put32(b, 0, 12);
	put32(b, 8, op);
	kc_user_write(UA_SCRATCH, b, sizeof(b));
	return kc_ioctl(fd, IOC_EEH_PE_OP, UA_SCRATCH);
}

static int do_probe(struct env *e, const struct abi_op *op,
		    const struct abi_expect *x, char *act, size_t alen)
{
	struct sim_dma_req req = {
		.rid = e->bdfn[op->grp], .addr = op->b, .len = 8,
		.dir = op->a ? SIM_DMA_WRITE : SIM_DMA_READ,
	};
	struct sim_dma_result res;
	uint64_t data, pa = 0, want;
	int ci, fd;
	long st;

	if (x->probe == ABI_PROBE_SKIP)
		return 0;
	data = 0x1122334455667788ULL ^ op->b;
	memset(&res, 0, sizeof(res));
	if (machine_dma(e->m, 0, &req, &data, &res))
		return snprintf(act, alen, "machine_dma failed"), -1;
	if (x->probe == ABI_PROBE_OK) {
		if (res.status != SIM_DMA_OK)
			return snprintf(act, alen, "status %s (%s)",
					sim_dma_status_name(res.status),
					sim_fault_reason_name(res.reason)), -1;
		if (kc_user_to_phys(x->probe_ua, &pa) || res.pa != pa)
			return snprintf(act, alen, "pa %#" PRIx64
					" want %#" PRIx64 " (ua %#" PRIx64 ")",
					res.pa, pa, x->probe_ua), -1;
		if (kc_user_read(x->probe_ua, &want, 8))
			return snprintf(act, alen, "user read"), -1;
		if (want != data)
			return snprintf(act, alen, "data %#" PRIx64 " vs "
					"memory %#" PRIx64, data, want), -1;
		e->probes_ok++;
		return 0;
	}
	/* A fault: the PE freezes; thaw it through the container. */
	if (res.status != SIM_DMA_FAULT)
		return snprintf(act, alen, "status %s, pa %#" PRIx64,
				sim_dma_status_name(res.status), res.pa), -1;
	ci = container_of_group(e, op->grp);
	fd = e->cfd[ci];
	st = eeh_op(e, fd, EEH_GET_STATE);
	if (st != 2 && st != 4)
		return snprintf(act, alen, "EEH state %ld after fault", st), -1;
	if (eeh_op(e, fd, EEH_UNFREEZE_IO) || eeh_op(e, fd, EEH_UNFREEZE_DMA))
		return snprintf(act, alen, "EEH unfreeze failed"), -1;
	st = eeh_op(e, fd, EEH_GET_STATE);
	if (st != 0)
		return snprintf(act, alen, "EEH state %ld after thaw", st), -1;
	e->probes_fault++;
	return 0;
}

static void count_ret(long r)
{
	unsigned k;

	if (r == 0)
		k = 0;
	else if (r > 0)
		k = 1;
	else if (r == -EINVAL)
		k = 2;
	else if (r == -EPERM)
		k = 3;
	else if (r == -ENXIO)
		k = 4;
	else if (r == -EFAULT)
		k = 5;
	else if (r == -ENOMEM)
		k = 6;
	else
		k = 7;
	stats.ret_hist[k]++;
}

/*
 * Runs op on the stack and compares with the model. Returns 0, or -1
 * with "expected vs actual" in act.
 */
static int run_op(struct env *e, const struct abi_op *op, char *act,
		  size_t alen)
{
	struct abi_expect x;
	uint8_t b[64], out[64];
	struct kc_counters kc;
	int cfd = op->ctr >= 0 ? e->cfd[op->ctr] : -1;
	long r = 0;
	int64_t lv;

	abi_model_apply(&e->model, op, &x);
	memset(b, SENTINEL, sizeof(b));
	if (op->foreign) {
		kc_proc_switch(e->child);
		cfd = e->child_cfd[op->ctr];
	}
	switch (op->kind) {
	case ABI_OP_CHECK_EXT:
		r = kc_ioctl(cfd, IOC_CHECK_EXTENSION, op->a);
		break;
	case ABI_OP_SET_IOMMU:
		r = kc_ioctl(cfd, IOC_SET_IOMMU, op->a);
		break;
	case ABI_OP_ENABLE:
		r = kc_ioctl(cfd, IOC_ENABLE, 0);
		break;
	case ABI_OP_DISABLE:
		r = kc_ioctl(cfd, IOC_DISABLE, 0);
		break;
	case ABI_OP_GET_INFO:
		r = ioctl_argsz(e, cfd, IOC_GET_INFO, op, b);
		break;
	case ABI_OP_MAP:
		put64(b, 8, op->a);
		put64(b, 16, op->b);
		put64(b, 24, op->c);
		r = ioctl_argsz(e, cfd, IOC_MAP, op, b);
		break;
	case ABI_OP_UNMAP:
		put64(b, 8, op->b);
		put64(b, 16, op->c);
		r = ioctl_argsz(e, cfd, IOC_UNMAP, op, b);
		break;
	case ABI_OP_REGISTER:
	case ABI_OP_UNREGISTER:
		put64(b, 8, op->a);
		put64(b, 16, op->c);
		r = ioctl_argsz(e, cfd, op->kind == ABI_OP_REGISTER ?
				IOC_REGISTER : IOC_UNREGISTER, op, b);
		break;
	case ABI_OP_CREATE:
		put32(b, 8, op->shift);
		put32(b, 12, 0);
		put64(b, 16, op->c);
		put32(b, 24, op->levels);
		put32(b, 28, 0);
		put64(b, 32, 0xdeadbeefcafeULL);
		r = ioctl_argsz(e, cfd, IOC_CREATE, op, b);
		break;
	case ABI_OP_REMOVE:
		put64(b, 8, op->b);
		r = ioctl_argsz(e, cfd, IOC_REMOVE, op, b);
		break;
	case ABI_OP_SET_CONTAINER: {
		int32_t fd = op->ctr >= 0 ? e->cfd[op->ctr] :
			     op->ctr == -1 ? e->gfd[op->grp] : 777;

		memcpy(b, &fd, 4);
		r = ioctl_buf(e, e->gfd[op->grp], IOC_SET_CONTAINER, op, b);
		break;
	}
	case ABI_OP_UNSET_CONTAINER:
		r = kc_ioctl(e->gfd[op->grp], IOC_UNSET_CONTAINER, 0);
		break;
	case ABI_OP_PROBE:
		if (do_probe(e, op, &x, act, alen))
			return -1;
		break;
	default:
		break;
	}
	if (kc_user_read(UA_SCRATCH, out, sizeof(out)))
		return snprintf(act, alen, "scratch unreadable"), -1;
	if (op->foreign)
		kc_proc_switch(e->pid);
	count_ret(r);
	stats.kind_ops[op->kind]++;
	if (op->kind == ABI_OP_PROBE ? x.probe == ABI_PROBE_OK : r == 0)
		stats.kind_ok[op->kind]++;
	if (r != x.ret)
		return snprintf(act, alen, "returned %ld, model %ld", r,
				x.ret), -1;
	if (op->kind == ABI_OP_GET_INFO && !op->badptr) {
		uint8_t want[64];

		memcpy(want, b, sizeof(want));
		if (!x.ret) {
			put32(want, 4, x.info_flags);
			put32(want, 8, x.dma32_start);
			put32(want, 12, x.dma32_size);
			if (x.info_len >= 32) {
				put64(want, 16, x.pgsizes);
				put32(want, 24, x.max_windows);
				put32(want, 28, x.levels);
			}
		}
		if (memcmp(want, out, 40))
			return snprintf(act, alen, "GET_INFO wrote flags %#x "
					"dma32 %#x+%#x pgsizes %#" PRIx64
					" win %u levels %u (model flags %#x "
					"dma32 %#x+%#x pgsizes %#" PRIx64
					" win %u levels %u, %u bytes)",
					get32(out, 4), get32(out, 8),
					get32(out, 12), get64(out, 16),
					get32(out, 24), get32(out, 28),
					get32(want, 4), get32(want, 8),
					get32(want, 12), get64(want, 16),
					get32(want, 24), get32(want, 28),
					x.info_len), -1;
	}
	if (op->kind == ABI_OP_CREATE && !op->badptr) {
		uint64_t want = x.ret ? 0xdeadbeefcafeULL : x.start_addr;

		if (get64(out, 32) != want)
			return snprintf(act, alen, "start_addr %#" PRIx64
					", model %#" PRIx64, get64(out, 32),
					want), -1;
	}
	lv = kc_proc_locked_vm(e->pid);
	if (lv - e->locked0 != (int64_t)e->model.locked_vm)
		return snprintf(act, alen, "locked_vm %+" PRId64
				" pages, model %" PRIu64, lv - e->locked0,
				e->model.locked_vm), -1;
	kc_get_counters(&kc);
	if ((int64_t)kc.pinned_pages - e->pinned0 !=
	    (int64_t)e->model.pinned)
		return snprintf(act, alen, "pinned %+" PRId64 ", model %"
				PRIu64, (int64_t)kc.pinned_pages - e->pinned0,
				e->model.pinned), -1;
	if (kc.warn_count)
		return snprintf(act, alen, "WARN_ON hit (%" PRIu64 ")",
				kc.warn_count), -1;
	return 0;
}

/* ---- generator ------------------------------------------------------------ */

static uint32_t wild_argsz(uint64_t *s, uint32_t good)
{
	static const uint32_t bad[] = { 0, 4, 8, 12, 15, 16, 23, 24, 31,
					32, 39, 40, 64, 4096 };

	if (rnd(s, 100) < 4)
		return bad[rnd(s, sizeof(bad) / sizeof(bad[0]))];
	return good;
}

static uint32_t wild_flags(uint64_t *s, uint32_t good)
{
	if (rnd(s, 100) < 3)
		return (uint32_t)(1u << rnd(s, 32));
	return good;
}

static int visible_regions(const struct abi_model *m, int *idx)
{
	int n = 0, i;

	for (i = 0; i < ABI_NREG; i++)
		if (m->reg[i].live && m->reg[i].holders)
			idx[n++] = i;
	return n;
}

/* A user address for the IOMMU page size 1 << shift. */
static uint64_t gen_vaddr(uint64_t *s, const struct abi_model *m,
			  unsigned shift, bool v2)
{
	uint64_t pgsz = 1ULL << shift, r = rnd(s, 100);
	int idx[ABI_NREG], n;

	if (v2 && r < 75) {
		n = visible_regions(m, idx);
		if (n) {
			const struct abi_region *g = &m->reg[idx[rnd(s, n)]];
			uint64_t base = (g->ua + pgsz - 1) & ~(pgsz - 1);
			uint64_t end = g->ua + (g->entries << m->page_shift);

			if (base < end)
				return base + (rnd(s, (end - base) / pgsz + 1)
					       << shift);
		}
	}
	r = rnd(s, 100);
	if (r < 55)
		return UA_NORM + rnd(s, NORM_SIZE / pgsz + 1) * pgsz;
	if (r < 70)
		return UA_HUGE + rnd(s, HUGE_SIZE / pgsz + 1) * pgsz;
	if (r < 82)
		return UA_NORM2 + rnd(s, NORM2_SIZE / pgsz + 1) * pgsz;
	if (r < 88)
		return UA_RO + rnd(s, RO_SIZE / 4096) * 4096;
	if (r < 94)
		return UA_BAD + rnd(s, 16) * 4096;
	return UA_NORM + 0x800 + rnd(s, 16) * 4096;	/* misaligned */
}

struct gwin {
	uint64_t start, size;
	unsigned shift;
};

/* Windows MAP/UNMAP may hit (the pending default counts). */
static int gen_windows(const struct abi_container *c, struct gwin *w)
{
	int n = 0, i;

	for (i = 0; i < 2; i++)
		if (c->win[i].live)
			w[n++] = (struct gwin){ c->win[i].start,
						c->win[i].size,
						c->win[i].shift };
	if (c->def_pending)
		w[n++] = (struct gwin){ 0, ABI_TCE32_SIZE, 12 };
	return n;
}

static void gen_iova(uint64_t *s, const struct abi_container *c,
		     uint64_t *iova, uint64_t *size, unsigned *shift)
{
	struct gwin w[3];
	int n = gen_windows(c, w);
	uint64_t entries, np, idx, r = rnd(s, 100);
	struct gwin *g;

	np = rnd(s, 100) < 90 ? 1 + rnd(s, 8) :
	     rnd(s, 2) ? 0 : 32 + rnd(s, 600);
	if (!n) {
		*shift = 12;
		*iova = rnd(s, 2) ? rnd(s, 64) << 12 :
			ABI_WIN1_START + (rnd(s, 64) << 16);
		*size = np << 12;
		return;
	}
	g = &w[rnd(s, n)];
	*shift = g->shift;
	entries = g->size >> g->shift;
	if (r < 75)
		idx = rnd(s, entries < 48 ? entries : 48);
	else if (r < 88)
		idx = entries - 1 - rnd(s, entries < 4 ? entries : 4);
	else
		idx = rnd(s, entries);
	*iova = g->start + (idx << g->shift);
	r = rnd(s, 100);
	if (r < 3)
		*iova += 0x1000 * (1 + rnd(s, 3));	/* misaligned */
	else if (r < 6)
		*iova = g->start + g->size + (rnd(s, 4) << g->shift);
	*size = np << g->shift;
	if (rnd(s, 100) < 3)
		*size += 0x1000;
}

static int attached_group(uint64_t *s, const struct abi_model *m, int ci)
{
	int g[ABI_NG], n = 0, i;

	for (i = 0; i < ABI_NG; i++)
		if (m->group_ctr[i] == ci)
			g[n++] = i;
	return n ? g[rnd(s, n)] : -1;
}

static void gen_probe(uint64_t *s, const struct abi_model *m, int ci,
		      struct abi_op *op)
{
	uint64_t bus, ua;
	unsigned perm, shift;
	int g = attached_group(s, m, ci);

	op->kind = ABI_OP_PROBE;
	op->grp = g >= 0 ? g : (int)rnd(s, ABI_NG);
	if (rnd(s, 100) < 80 &&
	    abi_model_pick_mapped(m, ci, rng_next(s), &bus, &ua, &perm,
				  &shift)) {
		op->b = bus + (rnd(s, (1ULL << shift) / 8) * 8);
		op->a = (perm & 2) ? rnd(s, 2) : rnd(s, 10) == 0;
	} else {
		struct gwin w[3];
		int n = gen_windows(&m->c[ci], w);

		if (n) {
			struct gwin *gw = &w[rnd(s, n)];
			uint64_t ent = gw->size >> gw->shift;

			op->b = gw->start +
				(rnd(s, ent < 64 ? ent : 64) << gw->shift);
		} else {
			op->b = rnd(s, 64) << 12;
		}
		op->a = rnd(s, 2);
	}
	/* Stay clear of the MSI decode (0xFFFF0000, and bit 60). */
	if ((op->b & ~0xFFFFULL) == 0xFFFF0000ULL)
		op->b = 0x8000;
}

static void gen_register(uint64_t *s, const struct abi_model *m,
			 struct abi_op *op)
{
	static const uint64_t fixed[][2] = {
		{ UA_HUGE, 16 * MB }, { UA_HUGE, 32 * MB },
		{ UA_HUGE + 16 * MB, 16 * MB }, { UA_HUGE + PG, 4 * PG },
		{ UA_NORM2, 16 * MB }, { UA_NORM2, 32 * MB },
		{ UA_NORM2 + 16 * MB, 16 * MB }, { UA_RO, 2 * PG },
		{ UA_NORM + 60 * PG, 8 * PG }, { UA_BAD, PG },
		{ 0xFFFFFFFFFFFF0000ULL, 2 * PG }, { UA_NORM, 0 },
		{ UA_NORM + 0x1000, PG }, { UA_NORM, PG + 0x1000 },
	};
	uint64_t r = rnd(s, 100), hp = 1ULL << m->page_shift;

	op->argsz = wild_argsz(s, 24);
	op->flags = wild_flags(s, 0);
	if (r < 75) {
		op->a = UA_NORM + rnd(s, NORM_SIZE / hp - 8) * hp;
		op->c = (1 + rnd(s, 8)) * hp;
	} else {
		r = rnd(s, sizeof(fixed) / sizeof(fixed[0]));
		op->a = fixed[r][0];
		op->c = fixed[r][1];
	}
}

static void gen_create(uint64_t *s, struct abi_op *op)
{
	static const uint32_t bad_shift[] = { 0, 11, 13, 20, 31, 60, 64, 200 };
	static const uint32_t lv[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2,
				       2, 2, 3, 3, 4, 5 };
	uint64_t r = rnd(s, 100);
	unsigned es, total;

	op->argsz = wild_argsz(s, 40);
	op->flags = wild_flags(s, 0);
	if (r < 40)
		op->shift = 16;
	else if (r < 65)
		op->shift = 12;
	else if (r < 80)
		op->shift = 24;
	else if (r < 88)
		op->shift = 28;
	else
		op->shift = bad_shift[rnd(s, 8)];
	op->levels = rnd(s, 100) < 5 ? (uint32_t)(rnd(s, 2) ? 0 :
						  6 + rnd(s, 100)) :
		     lv[rnd(s, sizeof(lv) / sizeof(lv[0]))];
	es = op->levels == 1 ? (rnd(s, 100) < 5 ? (unsigned)rnd(s, 9) :
				9 + (unsigned)rnd(s, 12)) :
			       9 + (unsigned)rnd(s, 26);
	total = (op->shift < 40 ? op->shift : 16) + es;
	op->c = total < 64 ? 1ULL << total : 1ULL << 63;
	r = rnd(s, 100);
	if (r < 4)
		op->c += op->c >> 1;		/* not a power of two */
	else if (r < 6)
		op->c = 0;
}

/* One operation biased by the model state of a random container. */
static void gen_op(uint64_t *s, const struct abi_model *m, struct abi_op *op)
{
	int ci = (int)rnd(s, ABI_NC);
	const struct abi_container *c = &m->c[ci];
	uint64_t r = rnd(s, 1000);
	int g, n, idx[ABI_NREG];
	unsigned shift;

	memset(op, 0, sizeof(*op));
	op->ctr = ci;
	op->badptr = rnd(s, 200) == 0;
	if (c->type == ABI_NONE && r < 850) {
		g = (int)rnd(s, ABI_NG);
		if (r < 450 && m->group_ctr[g] < 0) {
			op->kind = ABI_OP_SET_CONTAINER;
			op->grp = g;
			op->badptr = false;
			return;
		}
		op->kind = ABI_OP_SET_IOMMU;
		r = rnd(s, 100);
		op->a = r < 45 ? ABI_V1 : r < 92 ? ABI_V2 :
			(uint64_t[]){ 0, 1, 3, 5, 99 }[rnd(s, 5)];
		return;
	}
	r = rnd(s, 1000);
	if (c->type == ABI_V1 && !c->enabled && r < 150) {
		op->kind = ABI_OP_ENABLE;
		return;
	}
	if (c->type == ABI_V2) {
		n = visible_regions(m, idx);
		if (n < 2 && r < 150) {
			op->kind = ABI_OP_REGISTER;
			gen_register(s, m, op);
			return;
		}
	}
	r = rnd(s, 1000);
	if (r < 300) {
		op->kind = ABI_OP_MAP;
		op->argsz = wild_argsz(s, 32);
		r = rnd(s, 100);
		op->flags = r < 45 ? 3 : r < 70 ? 1 : r < 95 ? 2 :
			    (uint32_t[]){ 0, 4, 7, 16 }[rnd(s, 4)];
		gen_iova(s, c, &op->b, &op->c, &shift);
		op->a = gen_vaddr(s, m, shift, c->type == ABI_V2);
	} else if (r < 420) {
		uint64_t ua, bus;
		unsigned perm;

		op->kind = ABI_OP_UNMAP;
		op->argsz = wild_argsz(s, 24);
		op->flags = wild_flags(s, 0);
		if (rnd(s, 100) < 55 &&
		    abi_model_pick_mapped(m, ci, rng_next(s), &bus, &ua,
					  &perm, &shift)) {
			op->b = bus;
			op->c = (1 + rnd(s, 4)) << shift;
		} else {
			gen_iova(s, c, &op->b, &op->c, &shift);
			if (rnd(s, 100) < 3) {
				op->b = 0;	/* whole default window */
				op->c = ABI_TCE32_SIZE;
			}
		}
	} else if (r < 650) {
		gen_probe(s, m, ci, op);
		op->badptr = false;
	} else if (r < 740) {
		op->kind = ABI_OP_REGISTER;
		gen_register(s, m, op);
		n = visible_regions(m, idx);
		if (n > 30)
			op->kind = ABI_OP_UNREGISTER;
	} else if (r < 800) {
		op->kind = ABI_OP_UNREGISTER;
		n = visible_regions(m, idx);
		if (n && rnd(s, 100) < 75) {
			const struct abi_region *g2 = &m->reg[idx[rnd(s, n)]];

			op->argsz = wild_argsz(s, 24);
			op->flags = wild_flags(s, 0);
			op->a = g2->ua;
			op->c = g2->entries << m->page_shift;
		} else {
			gen_register(s, m, op);
		}
	} else if (r < 860) {
		op->kind = ABI_OP_CREATE;
		gen_create(s, op);
	} else if (r < 895) {
		op->kind = ABI_OP_REMOVE;
		op->argsz = wild_argsz(s, 16);
		op->flags = wild_flags(s, 0);
		r = rnd(s, 100);
		if (r < 60 && (c->win[0].live || c->win[1].live)) {
			const struct abi_window *w =
				&c->win[c->win[0].live ? (c->win[1].live ?
							  rnd(s, 2) : 0) : 1];

			op->b = w->start + (rnd(s, 2) ? 0 : rnd(s, w->size));
		} else if (r < 80) {
			op->b = 0;
		} else {
			op->b = rnd(s, 2) ? ABI_WIN1_START : rng_next(s);
		}
	} else if (r < 920) {
		op->kind = ABI_OP_GET_INFO;
		op->argsz = rnd(s, 100) < 70 ? 32 :
			    (uint32_t[]){ 0, 8, 15, 16, 20, 31, 40, 1000 }
			    [rnd(s, 8)];
		op->flags = rnd(s, 10) ? 0 : (uint32_t)rng_next(s);
	} else if (r < 935) {
		op->kind = ABI_OP_CHECK_EXT;
		op->a = rnd(s, 10);
	} else if (r < 950) {
		op->kind = c->type == ABI_V1 && rnd(s, 3) ? ABI_OP_DISABLE :
			   ABI_OP_ENABLE;
	} else if (r < 985) {
		op->kind = ABI_OP_SET_CONTAINER;
		op->grp = (int)rnd(s, ABI_NG);
		op->badptr = false;
		r = rnd(s, 100);
		if (r < 5)
			op->ctr = -1;
		else if (r < 8)
			op->ctr = -2;
	} else if (r < 993) {
		op->kind = ABI_OP_UNSET_CONTAINER;
		g = attached_group(s, m, ci);
		op->grp = g >= 0 ? g : (int)rnd(s, ABI_NG);
	} else {
		op->kind = ABI_OP_SET_IOMMU;
		op->a = rnd(s, 2) ? ABI_V1 : ABI_V2;
	}
	/* Now and then the forked child tries the same call. */
	if ((op->kind == ABI_OP_GET_INFO || op->kind == ABI_OP_CHECK_EXT ||
	     op->kind == ABI_OP_MAP || op->kind == ABI_OP_UNMAP) &&
	    rnd(s, 100) < 5)
		op->foreign = true;
}

/* ---- epochs, replay and shrinking ---------------------------------------- */

/* End of an epoch: every TCE the model holds must translate as expected. */
static int sweep_mapped(struct env *e)
{
	char act[1024];
	unsigned ci, w, g;
	size_t i;

	for (ci = 0; ci < ABI_NC; ci++) {
		const struct abi_container *c = &e->model.c[ci];

		if (c->type == ABI_NONE)
			continue;
		for (g = 0; g < ABI_NG; g++)
			if (e->model.group_ctr[g] == (int)ci)
				break;
		if (g == ABI_NG)
			continue;
		for (w = 0; w < 2; w++) {
			const struct abi_window *win = &c->win[w];

			for (i = 0; i < win->tces.cap; i++) {
				struct abi_op op = {
					.kind = ABI_OP_PROBE, .ctr = (int)ci,
					.grp = (int)g,
				};

				if (!win->tces.key[i])
					continue;
				op.b = win->start +
				       ((win->tces.key[i] - 1) << win->shift);
				if ((op.b & ~0xFFFFULL) == 0xFFFF0000ULL)
					continue;	/* MSI */
				if (run_op(e, &op, act, sizeof(act)))
					return failf("final sweep: bus %#"
						     PRIx64 ": %s", op.b,
						     act);
			}
		}
	}
	return 0;
}

/*
 * Runs one epoch: generated (s != NULL, ops[] filled) or replayed (s
 * NULL). Returns -1 on success, the index of the first mismatching op,
 * or n for a failure at close (leak). msg holds the reason.
 */
static long run_epoch(const struct epoch_cfg *cfg, uint64_t *s,
		      struct abi_op *ops, size_t n)
{
	struct env e;
	char act[1024];
	size_t i;
	long bad = -1;

	msg[0] = 0;
	if (env_boot(&e, cfg)) {
		env_destroy(&e);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (s)
			gen_op(s, &e.model, &ops[i]);
		if (run_op(&e, &ops[i], act, sizeof(act))) {
			char opbuf[256];

			abi_op_format(&ops[i], opbuf, sizeof(opbuf));
			failf("op %zu: %s: %s", i, opbuf, act);
			bad = (long)i;
			break;
		}
	}
	if (bad < 0 && sweep_mapped(&e))
		bad = (long)n;
	if (bad < 0 && env_close(&e))
		bad = (long)n;
	if (s) {
		stats.ops += n;
		stats.epochs++;
		stats.probes_ok += e.probes_ok;
		stats.probes_fault += e.probes_fault;
	}
	env_destroy(&e);
	return bad;
}

/* Greedy chunk removal while the sequence still fails. */
static size_t shrink(const struct epoch_cfg *cfg, struct abi_op *ops,
		     size_t n)
{
	struct abi_op *tmp = malloc(n * sizeof(*tmp));
	size_t chunk, i, budget = SHRINK_BUDGET, m;
	long r;

	if (!tmp)
		return n;
	for (chunk = n / 2; chunk >= 1 && budget; chunk /= 2) {
		for (i = 0; i + chunk <= n && budget; ) {
			m = 0;
			memcpy(tmp, ops, i * sizeof(*tmp));
			m = i;
			memcpy(tmp + m, ops + i + chunk,
			       (n - i - chunk) * sizeof(*tmp));
			m += n - i - chunk;
			budget--;
			r = run_epoch(cfg, NULL, tmp, m);
			if (r >= 0) {
				/* Still fails: keep the shorter prefix. */
				n = (size_t)r < m ? (size_t)r + 1 : m;
				memcpy(ops, tmp, n * sizeof(*ops));
			} else {
				i += chunk;
			}
		}
	}
	free(tmp);
	return n;
}

static void report(uint64_t seed, unsigned epoch, const struct epoch_cfg *cfg,
		   struct abi_op *ops, size_t n, long bad)
{
	char first[8192], line[256];
	size_t i, k;

	snprintf(first, sizeof(first), "%s", msg);
	stats.mismatches++;
	fprintf(stderr, "abi_diff MISMATCH seed %" PRIu64 " epoch %u "
		"(PAGE_SHIFT %u, memlock %" PRIu64 " MiB%s): %s\n", seed,
		epoch, cfg->page_shift, cfg->memlock >> 20,
		cfg->cap ? ", CAP_IPC_LOCK" : "", first);
	k = shrink(cfg, ops, bad < (long)n ? (size_t)bad + 1 : n);
	run_epoch(cfg, NULL, ops, k);
	fprintf(stderr, "minimal repro (%zu ops, fresh machine as above; "
		"last result: %s):\n", k, msg);
	for (i = 0; i < k; i++) {
		abi_op_format(&ops[i], line, sizeof(line));
		fprintf(stderr, "  %3zu %s\n", i, line);
	}
	ck_abort_msg("seed %" PRIu64 " epoch %u: %s", seed, epoch, first);
}

static uint64_t env_u64(const char *name, uint64_t def)
{
	const char *v = getenv(name);

	return v && *v ? strtoull(v, NULL, 0) : def;
}

#define NR_SEEDS	4
static const uint64_t seeds[NR_SEEDS] = {
	0x7ce5eed1ULL, 0x2015d0c5ULL, 0xabad1deaULL, 0x5ca1ab1eULL,
};

static void run_seed(uint64_t seed, uint64_t total)
{
	static const uint64_t memlocks[] = {
		2 * GB + 64 * MB, 2 * GB + 64 * MB, 4 * GB + 256 * MB,
		64 * MB, 16 * MB,
	};
	struct abi_op *ops = calloc(MAX_EPOCH_OPS, sizeof(*ops));
	uint64_t s = seed * 0x9E3779B97F4A7C15ULL + 1, done = 0;
	unsigned epoch = 0;
	struct epoch_cfg cfg;
	size_t n;
	long bad;

	ck_assert_ptr_nonnull(ops);
	while (done < total) {
		cfg.memlock = memlocks[rnd(&s, sizeof(memlocks) /
					      sizeof(memlocks[0]))];
		cfg.page_shift = rnd(&s, 4) ? 16 : 12;
		cfg.cap = rnd(&s, 8) == 0;
		n = 200 + rnd(&s, MAX_EPOCH_OPS - 200);
		if (n > total - done)
			n = total - done;
		bad = run_epoch(&cfg, &s, ops, n);
		if (bad >= 0)
			report(seed, epoch, &cfg, ops, n, bad);
		done += n;
		epoch++;
	}
	free(ops);
}

static uint64_t per_seed(void)
{
	return env_u64("TCESIM_ABI_OPS", 120000) / NR_SEEDS;
}

/* One seed (TCESIM_ABI_SEED) when given, else NR_SEEDS of them. */
CK_LOOP_TEST("differential", random_sequences_match_model, 0,
	     env_u64("TCESIM_ABI_SEED", 0) ? 1 : NR_SEEDS)
{
	uint64_t one = env_u64("TCESIM_ABI_SEED", 0);
	struct timespec t0, t1;
	unsigned k;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (one)
		run_seed(one, per_seed() * NR_SEEDS);
	else
		run_seed(seeds[_i], per_seed());
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("abi_diff seed %#" PRIx64 ": %" PRIu64 " ops in %" PRIu64
	       " epochs, probes %" PRIu64 " ok / %" PRIu64 " fault, "
	       "%.2f s; results 0:%" PRIu64 " >0:%" PRIu64 " EINVAL:%"
	       PRIu64 " EPERM:%" PRIu64 " ENXIO:%" PRIu64 " EFAULT:%" PRIu64
	       " ENOMEM:%" PRIu64 " other:%" PRIu64 "\n",
	       one ? one : seeds[_i], stats.ops, stats.epochs,
	       stats.probes_ok, stats.probes_fault,
	       (double)(t1.tv_sec - t0.tv_sec) +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e9,
	       stats.ret_hist[0], stats.ret_hist[1], stats.ret_hist[2],
	       stats.ret_hist[3], stats.ret_hist[4], stats.ret_hist[5],
	       stats.ret_hist[6], stats.ret_hist[7]);
	for (k = 0; k < ABI_OP_NR; k++)
		printf("  %-22s %7" PRIu64 " ops, %7" PRIu64 " succeeded\n",
		       abi_op_name((enum abi_op_kind)k), stats.kind_ops[k],
		       stats.kind_ok[k]);
	fflush(stdout);
	memset(&stats, 0, sizeof(stats));
}
END_TEST

/* The model's own arithmetic against the worked examples of the ABI. */
CK_TEST("differential", model_table_sizes_match_reference_examples)
{
	/* 2 GiB of 4K pages, 1 level: one 4 MiB table, doubled. */
	ck_assert_uint_eq(abi_model_table_bytes(16, 12, 2 * GB, 1), 8 * MB);
	/* 2 levels of 64 KiB blocks: 64 leaves + 1 top. */
	ck_assert_uint_eq(abi_model_table_bytes(16, 12, 2 * GB, 2),
			  65 * PG * 2);
	/* Bits limit 55: 4K/4 levels, 64K/3 levels, 16M/3 levels. */
	ck_assert_uint_eq(abi_model_table_bytes(16, 12, 2 * GB, 4), 0);
	ck_assert_uint_eq(abi_model_table_bytes(16, 16, 1ULL << 40, 3), 0);
	ck_assert_uint_eq(abi_model_table_bytes(16, 24, 1ULL << 40, 3), 0);
	/* Not a power of two, smaller than a page. */
	ck_assert_uint_eq(abi_model_table_bytes(16, 16, 3 * GB, 1), 0);
	ck_assert_uint_eq(abi_model_table_bytes(16, 16, 4096, 1), 0);
}
END_TEST

CK_CASE("differential", 120, NULL, NULL);
CK_SUITE("abi_diff");
