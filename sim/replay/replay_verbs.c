// SPDX-License-Identifier: GPL-2.0
/*
 * Replay verbs for the machine and its processes: machine set-up and
 * boot, processes and their memory, device DMA through the PHB, physical
 * memory. (VFIO: replay_vfio.c; firmware, registers, `expect`:
 * replay_firmware.c.) Each does what a real process or device would do,
 * then reports the outcome through the expectation helpers of
 * replay_engine.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "kc/host.h"
#include "replay_internal.h"
#include "tcesim/dma.h"
#include "tcesim/mem.h"

#define SCRATCH_UA 0x7fff00000000ull	/* per-process ioctl argument page */
#define SCRATCH_SIZE 0x10000ull
#define LEN_MAX (1ull << 30)		/* uwrite/uread/pwrite/pread data */
#define DMA_LEN_MAX (1u << 24)

/* ---- names and processes -------------------------------------------------- */

struct name_slot *replay_slot_find(struct name_slot *v, unsigned n,
				   const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

struct name_slot *replay_slot_set(struct replay *r, struct name_slot *v,
				  unsigned *n, const char *name, int val)
{
	struct name_slot *s = replay_slot_find(v, *n, name);

	if (!s) {
		if (*n >= REPLAY_MAX_NAMES || strlen(name) >= sizeof(s->name)) {
			replay_input_error(r, TK_NAME, "too many names or name too long: '%s'",
					   name);
			return NULL;
		}
		s = &v[(*n)++];
		snprintf(s->name, sizeof(s->name), "%s", name);
	}
	s->val = val;
	s->line = r->op->line;
	return s;
}

struct proc *replay_cur_proc(struct replay *r)
{
	return r->nprocs ? &r->procs[r->cur] : NULL;
}

/* The first process named name, or NULL. */
static struct proc *proc_named(struct replay *r, const char *name)
{
	for (unsigned i = 0; i < r->nprocs; i++)
		if (!strcmp(r->procs[i].name, name))
			return &r->procs[i];
	return NULL;
}

int replay_need_machine(struct replay *r)
{
	if (!r->m)
		return replay_input_error(r, -1, "'%s' needs a booted machine (add 'boot' first)",
					  trace_verb_name(r->op->verb));
	return 0;
}

int replay_need_kernel(struct replay *r)
{
	if (replay_need_machine(r))
		return -1;
	if (!r->booted)
		return replay_input_error(r, -1, "'%s' needs the kernel (boot kernel=1)",
					  trace_verb_name(r->op->verb));
	return 0;
}

/* ---- user memory ------------------------------------------------------------ */

static int map_cmp(const void *a, const void *b)
{
	const struct mapping *x = a, *y = b;
	return x->pa < y->pa ? -1 : x->pa > y->pa;
}

/* Record the physical pages of a new user mapping for DMA -> ua lookup. */
static int note_mapping(struct proc *p, uint64_t ua, uint64_t size,
			uint64_t pgsz)
{
	for (uint64_t off = 0; off < size; off += pgsz) {
		uint64_t pa;
		if (kc_user_to_phys(ua + off, &pa))
			continue;
		if (p->nmaps == p->cap) {
			size_t cap = p->cap ? p->cap * 2 : 256;
			struct mapping *n = realloc(p->maps, cap * sizeof(*n));
			if (!n)
				return -ENOMEM;
			p->maps = n;
			p->cap = cap;
		}
		p->maps[p->nmaps++] = (struct mapping){ pa & ~(pgsz - 1),
							ua + off, pgsz };
	}
	qsort(p->maps, p->nmaps, sizeof(*p->maps), map_cmp);
	return 0;
}

static bool ua_of_pa(struct proc *p, uint64_t pa, uint64_t *ua)
{
	size_t lo = 0, hi = p ? p->nmaps : 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		const struct mapping *m = &p->maps[mid];
		if (pa < m->pa)
			hi = mid;
		else if (pa >= m->pa + m->len)
			lo = mid + 1;
		else {
			*ua = m->ua + (pa - m->pa);
			return true;
		}
	}
	return false;
}

int replay_scratch(struct replay *r, uint64_t *ua)
{
	struct proc *p = replay_cur_proc(r);

	if (!p)
		return replay_input_error(r, -1, "no current process (use proc_create)");
	if (!p->scratch) {
		int e = kc_mmap(SCRATCH_UA, SCRATCH_SIZE, 0, true, false);
		if (e)
			return replay_input_error(r, -1, "cannot map the ioctl scratch page: %s",
						  strerror(-e));
		p->scratch = true;
	}
	*ua = SCRATCH_UA;
	return 0;
}

/* ---- machine set-up and boot ------------------------------------------------ */

/*
 * Declare the RIDs of dev (one RID, or a range from `device`). The kernel
 * scans devices in declaration order. RIDs already declared are
 * harmless (a `group` names a declared device); RIDs that continue the
 * last entry extend it, so declaring RIDs one by one in order costs one
 * entry; a range partly declared before is an input error.
 */
static int add_device(struct replay *r, uint64_t dev)
{
	struct machine_config *c = &r->cfg;
	unsigned phb = trace_dev_phb(dev);
	unsigned first = trace_dev_rid(dev), last = trace_dev_last(dev);
	struct machine_dev *d;

	if (phb >= c->nr_phbs)
		return replay_input_error(r, TK_DEV, "dev=%u:0x%04x: the machine has no PHB %u (phbs=%u; set phbs= on the 'machine' line first)",
					  phb, first, phb, c->nr_phbs);
	for (unsigned i = 0; i < c->nr_devs; i++) {
		d = &c->devs[i];
		if (d->phb != phb || first > machine_dev_last(d) ||
		    last < d->bdfn)
			continue;
		if (first >= d->bdfn && last <= machine_dev_last(d))
			return 0;
		return replay_input_error(r, TK_DEV,
					  "RIDs 0x%04x-0x%04x of PHB %u: partly declared before (0x%04x-0x%04x)",
					  first, last, phb, d->bdfn,
					  machine_dev_last(d));
	}
	d = c->nr_devs ? &c->devs[c->nr_devs - 1] : NULL;
	if (d && d->phb == phb && first == machine_dev_last(d) + 1u) {
		d->last = (uint16_t)last;
		return 0;
	}
	if (c->nr_devs >= MACHINE_MAX_DEVS)
		return replay_input_error(r, TK_DEV,
					  "too many device entries (at most %d): declare consecutive RIDs as one range, e.g. device dev=0:0x0100-0x01ff",
					  MACHINE_MAX_DEVS);
	d = &c->devs[c->nr_devs++];
	d->phb = phb;
	d->bdfn = (uint16_t)first;
	d->last = (uint16_t)last;
	return 0;
}

static int config_machine(struct replay *r)
{
	struct machine_config *c = &r->cfg;
	const struct trace_kv *kv;

	if (r->machine_line)
		return replay_input_error(r, -1, "a second 'machine' line (the first is line %u): give every machine key there",
					  r->machine_line);
	r->machine_line = r->op->line;

	if ((kv = trace_op_get(r->op, TK_PLATFORM)))
		c->platform = strcmp(kv->str, "p5ioc2") ? MACHINE_PHB3 : MACHINE_P5IOC2;
	c->nr_phbs = (unsigned)replay_key_num(r, TK_PHBS, c->nr_phbs);
	c->ram_bytes = replay_key_num(r, TK_RAM, c->ram_bytes);
	if ((kv = trace_op_get(r->op, TK_PAGE_SIZE))) {
		if (kv->num != 4096 && kv->num != 65536)
			return replay_input_error(r, TK_PAGE_SIZE, "page_size must be 4K or 64K");
		c->page_shift = kv->num == 4096 ? 12 : 16;
	}
	c->memlock_bytes = replay_key_num(r, TK_MEMLOCK, c->memlock_bytes);
	c->cap_ipc_lock = replay_key_num(r, TK_CAP_IPC_LOCK, c->cap_ipc_lock);
	if (c->nr_phbs < 1 || c->nr_phbs > MACHINE_MAX_PHBS)
		return replay_input_error(r, TK_PHBS, "phbs must be 1..%d", MACHINE_MAX_PHBS);
	for (unsigned i = 0; i < c->nr_devs; i++)
		if (c->devs[i].phb >= c->nr_phbs)
			return replay_input_error(r, TK_PHBS, "phbs=%u, but a device on PHB %u is declared above",
						  c->nr_phbs, c->devs[i].phb);
	return 0;
}

static int config_model(struct replay *r)
{
	struct phb3_params *p = &r->cfg.phb3;
	const struct trace_kv *kv = trace_op_get(r->op, TK_OOW_POLICY);

	if (kv && phb3_oow_policy_parse(kv->str, &p->oow_policy))
		return replay_input_error(r, TK_OOW_POLICY, "oow_policy must be fault or alias");
	p->bypass_bounds_check = replay_key_num(r, TK_BYPASS_BOUNDS_CHECK,
						p->bypass_bounds_check);
	p->tce_cache.entries = (unsigned)replay_key_num(r, TK_TCE_CACHE_ENTRIES,
							p->tce_cache.entries);
	p->tce_cache.ways = (unsigned)replay_key_num(r, TK_TCE_CACHE_WAYS,
						     p->tce_cache.ways);
	return 0;
}

int replay_verb_config(struct replay *r)
{
	const struct trace_kv *kv;

	if (r->m)
		return replay_input_error(r, -1, "'%s' must come before 'boot'",
					  trace_verb_name(r->op->verb));
	switch (r->op->verb) {
	case TV_MACHINE:
		return config_machine(r);
	case TV_MODEL:
		return config_model(r);
	case TV_DEVICE:
		if (!(kv = replay_required_key(r, TK_DEV)))
			return -1;
		return add_device(r, kv->num);
	case TV_GROUP:
		if (!(kv = replay_required_key(r, TK_DEV)) || add_device(r, kv->num) ||
		    !replay_required_key(r, TK_NAME))
			return -1;
		const struct name_slot *g = replay_slot_find(r->groups, r->ngroups,
					trace_op_get(r->op, TK_NAME)->str);
		if (g)
			return replay_input_error(r, TK_NAME, "a second group named '%s' (the first is line %u)",
						  g->name, g->line);
		return replay_slot_set(r, r->groups, &r->ngroups,
				       trace_op_get(r->op, TK_NAME)->str,
				       (int)kv->num) ? 0 : -1;
	}
	return 0;
}

int replay_verb_boot(struct replay *r)
{
	char err[256] = "";

	if (r->m)
		return replay_input_error(r, -1, "the machine is already booted");
	r->m = machine_create(&r->cfg, err, sizeof(err));
	if (!r->m)
		return replay_input_error(r, -1, "machine_create failed: %s", err);
	if (r->o->hooks && r->o->hooks->created)
		r->o->hooks->created(r->o->hooks->ctx, r->m);
	if (replay_key_num(r, TK_KERNEL, 1)) {
		int e = machine_boot(r->m, err, sizeof(err));
		if (e)
			return replay_input_error(r, -1, "machine_boot failed (%s): %s",
						  strerror(-e), err);
		r->booted = true;
		replay_result(r, " -> booted");
	} else {
		replay_result(r, " -> hardware and firmware only");
	}
	if (sim_mem_alloc(machine_mem(r->m), 4096, 4096, &r->opal_scratch))
		return replay_input_error(r, -1, "cannot allocate the OPAL scratch page");
	if (replay_load_option(r))
		return -1;
	replay_epoch_start(r);
	return 0;
}

/* ---- processes and memory --------------------------------------------------- */

static int proc_switch(struct replay *r, const char *name)
{
	struct proc *p = proc_named(r, name);

	if (!p)
		return replay_input_error(r, TK_NAME, "no process named '%s'", name);
	r->cur = (unsigned)(p - r->procs);
	replay_expect_ret(r, kc_proc_switch(p->pid));
	return 0;
}

/* proc_fork's parent: the current process, or the last one named
 * parent= (names need not be unique); NULL after an input error. */
static struct proc *fork_parent(struct replay *r)
{
	const struct trace_kv *p = trace_op_get(r->op, TK_PARENT);
	struct proc *parent = replay_cur_proc(r);

	if (p) {
		parent = NULL;
		for (unsigned i = 0; i < r->nprocs; i++)
			if (!strcmp(r->procs[i].name, p->str))
				parent = &r->procs[i];
	}
	if (!parent)
		replay_input_error(r, TK_PARENT, "no parent process");
	return parent;
}

int replay_verb_proc(struct replay *r)
{
	const struct trace_kv *n = replay_required_key(r, TK_NAME);
	int pid;

	if (!n || replay_need_kernel(r))
		return -1;
	if (r->op->verb == TV_PROC_SWITCH)
		return proc_switch(r, n->str);
	if (r->nprocs >= REPLAY_MAX_NAMES || strlen(n->str) >= sizeof(r->procs[0].name))
		return replay_input_error(r, TK_NAME, "too many processes or name too long");
	if (r->op->verb == TV_PROC_FORK) {
		struct proc *parent = fork_parent(r);
		if (!parent)
			return -1;
		pid = kc_proc_fork(parent->pid);
	} else {
		pid = kc_proc_create(n->str);
	}
	if (pid <= 0) {
		replay_expect_ret(r, pid);
		return 0;
	}
	struct proc *pr = &r->procs[r->nprocs];
	memset(pr, 0, sizeof(*pr));
	snprintf(pr->name, sizeof(pr->name), "%s", n->str);
	pr->pid = pid;
	r->cur = r->nprocs++;
	kc_proc_switch(pid);
	if (r->op->verb == TV_PROC_CREATE) {
		kc_proc_set_memlock(pid, replay_key_num(r, TK_MEMLOCK,
							r->cfg.memlock_bytes));
		kc_proc_set_cap_ipc_lock(pid, replay_key_num(r, TK_CAP_IPC_LOCK,
							     r->cfg.cap_ipc_lock));
	}
	replay_result(r, " -> pid %d", pid);
	replay_expect_ret(r, 0);
	return 0;
}

int replay_verb_setrlimit(struct replay *r)
{
	struct proc *p = replay_cur_proc(r);

	if (!p)
		return replay_input_error(r, -1, "no current process");
	if (trace_op_get(r->op, TK_MEMLOCK))
		kc_proc_set_memlock(p->pid, replay_key_num(r, TK_MEMLOCK, 0));
	if (trace_op_get(r->op, TK_CAP_IPC_LOCK))
		kc_proc_set_cap_ipc_lock(p->pid, replay_key_num(r, TK_CAP_IPC_LOCK, 0));
	replay_expect_ret(r, 0);
	return 0;
}

int replay_verb_mmap(struct replay *r)
{
	const struct trace_kv *ua = replay_required_key(r, TK_UA);
	const struct trace_kv *sz = replay_required_key(r, TK_SIZE);
	const struct trace_kv *prot = trace_op_get(r->op, TK_PROT);
	uint64_t pg = replay_key_num(r, TK_PAGE_SIZE, 1ull << kc_get_page_shift());
	bool huge = replay_key_num(r, TK_HUGETLB, pg > (1ull << kc_get_page_shift()));

	if (!ua || !sz || replay_need_kernel(r) || !replay_cur_proc(r))
		return replay_cur_proc(r) ? -1 :
		       replay_input_error(r, -1, "no current process");
	if (!pg || (pg & (pg - 1)))
		return replay_input_error(r, TK_PAGE_SIZE, "page_size must be a power of two");
	unsigned shift = (unsigned)__builtin_ctzll(pg);
	int e = kc_mmap(ua->num, sz->num, shift, !prot || !strcmp(prot->str, "rw"),
			huge);
	if (!e && note_mapping(replay_cur_proc(r), ua->num, sz->num, pg))
		return replay_input_error(r, -1, "out of memory");
	replay_expect_ret(r, e);
	return 0;
}

/* The bytes of data= or fill= with len=, in a new buffer. */
static int fill_buf(struct replay *r, uint8_t **buf, size_t *len)
{
	const struct trace_kv *d = trace_op_get(r->op, TK_DATA);
	const struct trace_kv *f = trace_op_get(r->op, TK_FILL);

	if (d) {
		*len = d->len;
		*buf = malloc(d->len ? d->len : 1);
		if (*buf)
			memcpy(*buf, d->bytes, d->len);
	} else if (f) {
		const struct trace_kv *l = replay_required_key(r, TK_LEN);
		if (!l)
			return -1;
		if (l->num > LEN_MAX)
			return replay_input_error(r, TK_LEN, "len is limited to 1G");
		*len = l->num;
		*buf = malloc(*len ? *len : 1);
		if (*buf)
			memset(*buf, (int)f->num, *len);
	} else {
		return replay_input_error(r, -1, "'%s' needs data= or fill= with len=",
					  trace_verb_name(r->op->verb));
	}
	return *buf ? 0 : replay_input_error(r, -1, "out of memory");
}

/* A zeroed buffer of len= bytes (at most 1G) to read into. */
static int read_buf(struct replay *r, const struct trace_kv *l, uint8_t **buf,
		    size_t *len)
{
	if (l->num > LEN_MAX)
		return replay_input_error(r, TK_LEN, "len is limited to 1G");
	*len = l->num;
	*buf = calloc(1, *len ? *len : 1);
	return *buf ? 0 : replay_input_error(r, -1, "out of memory");
}

int replay_verb_user_rw(struct replay *r)
{
	const struct trace_kv *ua = replay_required_key(r, TK_UA);
	uint8_t *buf = NULL;
	size_t len;

	if (!ua || replay_need_kernel(r))
		return -1;
	if (r->op->verb == TV_UWRITE) {
		if (fill_buf(r, &buf, &len))
			return -1;
		replay_expect_ret(r, kc_user_write(ua->num, buf, len));
	} else {
		const struct trace_kv *l = replay_required_key(r, TK_LEN);
		if (!l || read_buf(r, l, &buf, &len))
			return -1;
		int e = kc_user_read(ua->num, buf, len);
		replay_expect_ret(r, e);
		if (!e)
			replay_expect_bytes(r, buf, len);
	}
	free(buf);
	return 0;
}

/* ---- device DMA -------------------------------------------------------------- */

/* The buffer of a DMA: the data to write, or room for len= bytes read. */
static int dma_buf(struct replay *r, bool wr, uint8_t **buf, size_t *len)
{
	if (wr) {
		if (fill_buf(r, buf, len))
			return -1;
	} else {
		*len = replay_key_num(r, TK_LEN, 8);
		if (*len == 0 || *len > DMA_LEN_MAX)
			return replay_input_error(r, TK_LEN, "len must be 1..16M");
		*buf = calloc(1, *len);
		if (!*buf)
			return replay_input_error(r, -1, "out of memory");
	}
	if (*len == 0 || *len > DMA_LEN_MAX) {
		free(*buf);
		return replay_input_error(r, TK_DATA, "DMA length must be 1..16M");
	}
	return 0;
}

/* What a completed DMA did: where it landed, hit or miss, the data. */
static void dma_ok(struct replay *r, const struct sim_dma_result *res,
		   bool wr, const uint8_t *buf, size_t len)
{
	uint64_t ua = 0;

	replay_result(r, " pa=0x%" PRIx64, res->pa);
	replay_expect_num(r, TK_X_PA, (int64_t)res->pa);
	if (ua_of_pa(replay_cur_proc(r), res->pa, &ua)) {
		replay_result(r, " ua=0x%" PRIx64, ua);
		replay_expect_num(r, TK_X_UA, (int64_t)ua);
	} else {
		replay_result(r, " ua=none");
		replay_expect_num(r, TK_X_UA, -1);
	}
	replay_result(r, "%s", res->cache_hit ? " hit" : " miss");
	if (!wr)
		replay_expect_bytes(r, buf, len);
}

int replay_verb_dma(struct replay *r)
{
	const struct trace_kv *dev = replay_required_key(r, TK_DEV);
	const struct trace_kv *addr = replay_required_key(r, TK_ADDR);
	const struct trace_kv *dir = trace_op_get(r->op, TK_DIR);
	struct sim_dma_req req;
	struct sim_dma_result res;
	uint8_t *buf = NULL;
	size_t len;

	if (!dev || !addr || replay_need_machine(r))
		return -1;
	bool wr = dir && (!strcmp(dir->str, "write") || !strcmp(dir->str, "w"));
	if (dma_buf(r, wr, &buf, &len))
		return -1;
	req.rid = (uint16_t)dev->num;
	req.addr = addr->num;
	req.len = (uint32_t)len;
	req.dir = wr ? SIM_DMA_WRITE : SIM_DMA_READ;
	memset(&res, 0, sizeof(res));
	const struct replay_hooks *h = r->o->hooks;
	int e = h && h->dma ? h->dma(h->ctx, r->m, (unsigned)(dev->num >> 16),
				     &req, buf, &res)
			    : machine_dma(r->m, (unsigned)(dev->num >> 16), &req,
					  buf, &res);
	r->dmas++;
	if (e) {
		free(buf);
		return replay_input_error(r, -1, "machine_dma refused the request: %s",
					  strerror(-e));
	}
	const char *s = sim_dma_status_name(res.status);
	replay_result(r, " -> %s", s);
	replay_expect_str(r, TK_X_STATUS, s);
	if (res.status == SIM_DMA_FAULT) {
		r->dma_faults++;
		replay_result(r, " %s pe=%u at 0x%" PRIx64,
			      sim_fault_reason_name(res.reason), res.pe,
			      res.fault_addr);
		replay_expect_str(r, TK_X_FAULT, sim_fault_reason_name(res.reason));
	}
	if (res.status == SIM_DMA_FROZEN)
		r->dma_frozen++;
	if (res.pe != 0xffff)
		replay_expect_num(r, TK_X_PE, res.pe);
	if (res.status == SIM_DMA_OK)
		dma_ok(r, &res, wr, buf, len);
	free(buf);
	return 0;
}

/* ---- physical memory -------------------------------------------------------- */

static int pmem_write(struct replay *r, struct sim_mem *mem, uint64_t pa)
{
	const struct trace_kv *w = trace_op_get(r->op, TK_BE64);
	uint8_t *buf;
	size_t len;

	if (w) {
		replay_expect_ret(r, sim_mem_write_be64(mem, pa, w->num));
		return 0;
	}
	if (fill_buf(r, &buf, &len))
		return -1;
	replay_expect_ret(r, sim_mem_write(mem, pa, buf, len));
	free(buf);
	return 0;
}

int replay_verb_pmem(struct replay *r)
{
	const struct trace_kv *pa = replay_required_key(r, TK_PA);
	struct sim_mem *mem;
	uint8_t *buf = NULL;
	size_t len = 0;

	if (!pa || replay_need_machine(r))
		return -1;
	mem = machine_mem(r->m);
	if (r->op->verb == TV_PWRITE)
		return pmem_write(r, mem, pa->num);
	const struct trace_kv *l = trace_op_get(r->op, TK_LEN);
	if (!l) {
		uint64_t v = 0;
		int e = sim_mem_read_be64(mem, pa->num, &v);
		replay_expect_ret(r, e);
		if (!e) {
			replay_result(r, " value=0x%" PRIx64, v);
			replay_expect_num(r, TK_X_VALUE, (int64_t)v);
		}
		return 0;
	}
	if (read_buf(r, l, &buf, &len))
		return -1;
	int e = sim_mem_read(mem, pa->num, buf, len);
	replay_expect_ret(r, e);
	if (!e)
		replay_expect_bytes(r, buf, len);
	free(buf);
	return 0;
}
