// SPDX-License-Identifier: GPL-2.0
/*
 * Trace replay engine: one function per verb, each doing what a real
 * process, device or firmware caller would do (ioctl with structs in user
 * memory, device DMA through the PHB, OPAL calls, register accesses), then
 * comparing the outcome with the operation's expect.* keys, printing it
 * and optionally recording it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kc/host.h"
#include "replay.h"
#include "tcesim/clock.h"
#include "tcesim/config.h"
#include "tcesim/machine.h"
#include "tcesim/mem.h"
#include "tcesim/mmio.h"
#include "tcesim/opal.h"

#define MAX_NAMES 64
#define SCRATCH_UA 0x7fff00000000ull	/* per-process ioctl argument page */
#define SCRATCH_SIZE 0x10000ull
#define PPC_IO(nr) (0x20003B00ul | (nr))

/* PHB3 register names, from the model's one register list. */
static const struct {
	const char *name;
	uint64_t off;
} phb3_regs[] = {
#define PHB3_REG(name, off, reset, wmask, desc) { #name, off },
#include "tcesim/phb3_regs.def"
#undef PHB3_REG
};

struct name_slot {
	char name[32];
	int val;		/* fd, pid, or device (phb << 16 | rid) */
};

struct mapping {
	uint64_t pa, ua, len;	/* one physically contiguous page */
};

struct proc {
	char name[32];
	int pid;
	bool scratch;		/* scratch page mapped */
	struct mapping *maps;
	size_t nmaps, cap;
};

struct replay {
	const struct trace *t;
	const struct replay_opts *o;
	struct machine_config cfg;
	struct machine *m;
	bool booted;
	struct name_slot groups[MAX_NAMES], fds[MAX_NAMES];
	unsigned ngroups, nfds;
	struct proc procs[MAX_NAMES];
	unsigned nprocs, cur;
	uint64_t opal_scratch;
	struct trace rec;
	/* counters for the report */
	uint64_t ops, dmas, dma_faults, dma_frozen, mismatches, ioctl_errors;
	/* the operation being executed */
	const struct trace_op *op;
	struct trace_op *rop;	/* its recorded copy, or NULL */
	char res[512];		/* result text */
	size_t rlen;
	int status;		/* REPLAY_* of this op */
	/* epoch reports (timing mode) */
	FILE *epoch_f;
	bool epoch_json;
	unsigned epochs_written;
};

/* ---- messages ----------------------------------------------------------- */

static void res_add(struct replay *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void res_add(struct replay *r, const char *fmt, ...)
{
	va_list ap;

	if (r->rlen >= sizeof(r->res))
		return;
	va_start(ap, fmt);
	int n = vsnprintf(r->res + r->rlen, sizeof(r->res) - r->rlen, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->rlen += (size_t)n;
}

/* Where input errors and warnings go (replay_opts.err, default stderr). */
static FILE *errf(const struct replay *r)
{
	return r->o->err ? r->o->err : stderr;
}

static int input_error(struct replay *r, enum trace_key k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int input_error(struct replay *r, enum trace_key k, const char *fmt, ...)
{
	const struct trace_kv *kv = (int)k >= 0 ? trace_op_get(r->op, k) : NULL;
	va_list ap;

	fprintf(errf(r), "%s:%u:%u: error: ", r->t->name, r->op->line,
		kv && kv->col ? kv->col : 1);
	va_start(ap, fmt);
	vfprintf(errf(r), fmt, ap);
	va_end(ap);
	fputc('\n', errf(r));
	r->status = REPLAY_INPUT_ERROR;
	return -1;
}

static const struct trace_kv *need(struct replay *r, enum trace_key k)
{
	const struct trace_kv *kv = trace_op_get(r->op, k);

	if (!kv)
		input_error(r, -1, "'%s' needs %s=", trace_verb_name(r->op->verb),
			    trace_key_name(k));
	return kv;
}

static uint64_t opt(struct replay *r, enum trace_key k, uint64_t def)
{
	const struct trace_kv *kv = trace_op_get(r->op, k);
	return kv ? kv->num : def;
}

/* Compare an actual value with expect key k (if present); record it. */
static void expect_num(struct replay *r, enum trace_key k, int64_t actual)
{
	const struct trace_kv *kv = trace_op_get(r->op, k);

	if (r->rop)
		trace_op_num(&r->rec, r->rop, k, actual);
	if (!kv || trace_kv_int(kv) == actual)
		return;
	r->mismatches++;
	fprintf(r->o->out, "%s:%u: expectation failed: %s=%" PRId64
		" (0x%" PRIx64 "), got %" PRId64 " (0x%" PRIx64 ")\n",
		r->t->name, r->op->line, trace_key_name(k), trace_kv_int(kv),
		kv->num, actual, (uint64_t)actual);
	if (r->o->check && r->status == REPLAY_OK)
		r->status = REPLAY_MISMATCH;
}

static void expect_str(struct replay *r, enum trace_key k, const char *actual)
{
	const struct trace_kv *kv = trace_op_get(r->op, k);

	if (r->rop)
		trace_op_str(&r->rec, r->rop, k, actual);
	if (!kv || (kv->str && !strcmp(kv->str, actual)))
		return;
	r->mismatches++;
	fprintf(r->o->out, "%s:%u: expectation failed: %s=%s, got %s\n",
		r->t->name, r->op->line, trace_key_name(k),
		kv->str ? kv->str : "?", actual);
	if (r->o->check && r->status == REPLAY_OK)
		r->status = REPLAY_MISMATCH;
}

static void expect_bytes(struct replay *r, const uint8_t *buf, size_t len)
{
	const struct trace_kv *d = trace_op_get(r->op, TK_X_DATA);
	const struct trace_kv *f = trace_op_get(r->op, TK_X_FILL);
	bool ok = true;
	size_t at = 0;

	if (r->rop && !f)
		trace_op_bytes(&r->rec, r->rop, TK_X_DATA, buf, len);
	if (d) {
		if (d->len != len)
			ok = false;
		for (at = 0; ok && at < len; at++)
			if (d->bytes[at] != buf[at])
				ok = false;
	}
	if (f)
		for (at = 0; ok && at < len; at++)
			if (buf[at] != (uint8_t)f->num)
				ok = false;
	if (ok)
		return;
	r->mismatches++;
	fprintf(r->o->out, "%s:%u: expectation failed: data differs at byte %zu (got 0x%02x)\n",
		r->t->name, r->op->line, at ? at - 1 : 0,
		len ? buf[at ? at - 1 : 0] : 0);
	if (r->o->check && r->status == REPLAY_OK)
		r->status = REPLAY_MISMATCH;
}

/* The outcome of a call returning 0/-errno or a value. */
static void expect_ret(struct replay *r, long ret)
{
	int e = ret < 0 ? (int)-ret : 0;
	const char *n = trace_errno_name(e);

	if (ret < 0) {
		r->ioctl_errors++;
		res_add(r, " -> %s", n ? n : "?");
		if (!n)
			res_add(r, "(%d)", e);
	} else {
		res_add(r, " -> OK");
		if (ret > 0)
			res_add(r, " ret=%ld", ret);
	}
	expect_num(r, TK_X_ERRNO, e);
	if (ret >= 0 && (trace_op_get(r->op, TK_X_RET) || ret > 0))
		expect_num(r, TK_X_RET, ret);
	else if (ret < 0 && trace_op_get(r->op, TK_X_RET))
		expect_num(r, TK_X_RET, ret);
}

/* ---- names -------------------------------------------------------------- */

static struct name_slot *slot_find(struct name_slot *v, unsigned n,
				   const char *name)
{
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(v[i].name, name))
			return &v[i];
	return NULL;
}

static struct name_slot *slot_set(struct replay *r, struct name_slot *v,
				  unsigned *n, const char *name, int val)
{
	struct name_slot *s = slot_find(v, *n, name);

	if (!s) {
		if (*n >= MAX_NAMES || strlen(name) >= sizeof(s->name)) {
			input_error(r, TK_NAME, "too many names or name too long: '%s'", name);
			return NULL;
		}
		s = &v[(*n)++];
		snprintf(s->name, sizeof(s->name), "%s", name);
	}
	s->val = val;
	return s;
}

static int fd_of(struct replay *r, enum trace_key k)
{
	const struct trace_kv *kv = need(r, k);
	if (!kv)
		return -1;
	struct name_slot *s = slot_find(r->fds, r->nfds, kv->str);
	if (!s) {
		input_error(r, k, "'%s' is not an open container or group", kv->str);
		return -1;
	}
	return s->val;
}

static struct proc *cur_proc(struct replay *r)
{
	return r->nprocs ? &r->procs[r->cur] : NULL;
}

/* ---- user memory -------------------------------------------------------- */

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

static int scratch(struct replay *r, uint64_t *ua)
{
	struct proc *p = cur_proc(r);

	if (!p)
		return input_error(r, -1, "no current process (use proc_create)");
	if (!p->scratch) {
		int e = kc_mmap(SCRATCH_UA, SCRATCH_SIZE, 0, true, false);
		if (e)
			return input_error(r, -1, "cannot map the ioctl scratch page: %s",
					   strerror(-e));
		p->scratch = true;
	}
	*ua = SCRATCH_UA;
	return 0;
}

/* ---- machine ------------------------------------------------------------ */

static int need_machine(struct replay *r)
{
	if (!r->m)
		return input_error(r, -1, "'%s' needs a booted machine (add 'boot' first)",
				   trace_verb_name(r->op->verb));
	return 0;
}

static int add_device(struct replay *r, uint64_t dev)
{
	struct machine_config *c = &r->cfg;

	for (unsigned i = 0; i < c->nr_devs; i++)
		if (c->devs[i].phb == (dev >> 16) && c->devs[i].bdfn == (dev & 0xffff))
			return 0;
	if (c->nr_devs >= MACHINE_MAX_DEVS)
		return input_error(r, TK_DEV, "too many devices (at most %d)", MACHINE_MAX_DEVS);
	c->devs[c->nr_devs].phb = (unsigned)(dev >> 16);
	c->devs[c->nr_devs++].bdfn = (uint16_t)dev;
	return 0;
}

static int do_config(struct replay *r)
{
	const struct trace_op *op = r->op;
	struct machine_config *c = &r->cfg;
	const struct trace_kv *kv;

	if (r->m)
		return input_error(r, -1, "'%s' must come before 'boot'",
				   trace_verb_name(op->verb));
	switch (op->verb) {
	case TV_MACHINE:
		if ((kv = trace_op_get(op, TK_PLATFORM)))
			c->platform = strcmp(kv->str, "p5ioc2") ? MACHINE_PHB3 : MACHINE_P5IOC2;
		c->nr_phbs = (unsigned)opt(r, TK_PHBS, c->nr_phbs);
		c->ram_bytes = opt(r, TK_RAM, c->ram_bytes);
		if ((kv = trace_op_get(op, TK_PAGE_SIZE))) {
			if (kv->num != 4096 && kv->num != 65536)
				return input_error(r, TK_PAGE_SIZE, "page_size must be 4K or 64K");
			c->page_shift = kv->num == 4096 ? 12 : 16;
		}
		c->memlock_bytes = opt(r, TK_MEMLOCK, c->memlock_bytes);
		c->cap_ipc_lock = opt(r, TK_CAP_IPC_LOCK, c->cap_ipc_lock);
		if (c->nr_phbs < 1 || c->nr_phbs > MACHINE_MAX_PHBS)
			return input_error(r, TK_PHBS, "phbs must be 1..%d", MACHINE_MAX_PHBS);
		return 0;
	case TV_MODEL:
		if ((kv = trace_op_get(op, TK_OOW_POLICY)) &&
		    phb3_oow_policy_parse(kv->str, &c->phb3.oow_policy))
			return input_error(r, TK_OOW_POLICY, "oow_policy must be fault or alias");
		c->phb3.bypass_bounds_check = opt(r, TK_BYPASS_BOUNDS_CHECK,
						  c->phb3.bypass_bounds_check);
		c->phb3.tce_cache.entries = (unsigned)opt(r, TK_TCE_CACHE_ENTRIES,
							  c->phb3.tce_cache.entries);
		c->phb3.tce_cache.ways = (unsigned)opt(r, TK_TCE_CACHE_WAYS,
						       c->phb3.tce_cache.ways);
		return 0;
	case TV_DEVICE:
		if (!(kv = need(r, TK_DEV)))
			return -1;
		return add_device(r, kv->num);
	case TV_GROUP:
		if (!(kv = need(r, TK_DEV)) || add_device(r, kv->num) ||
		    !need(r, TK_NAME))
			return -1;
		return slot_set(r, r->groups, &r->ngroups,
				trace_op_get(op, TK_NAME)->str, (int)kv->num) ? 0 : -1;
	}
	return 0;
}

/* One periodic report, in the final report's format (tcesim/stats.h). */
static void epoch_write(struct replay *r, long epoch)
{
	FILE *f = r->epoch_f;

	if (!f || !r->m)
		return;
	if (!r->epoch_json) {
		sim_stats_print_csv(machine_stats(r->m), f, epoch,
				    r->epochs_written == 0);
	} else {
		fprintf(f, "%s  {\"epoch\": %ld, \"cycle\": %" PRIu64
			", \"stats\": ", r->epochs_written ? ",\n" : "[\n",
			epoch, sim_clock_now(machine_clock(r->m)));
		sim_stats_print_json(machine_stats(r->m), f, 4);
		fputs("}", f);
	}
	r->epochs_written++;
}

static void epoch_report(void *ctx, long epoch)
{
	epoch_write(ctx, epoch);
}

static int do_boot(struct replay *r)
{
	char err[256] = "";

	if (r->m)
		return input_error(r, -1, "the machine is already booted");
	r->m = machine_create(&r->cfg, err, sizeof(err));
	if (!r->m)
		return input_error(r, -1, "machine_create failed: %s", err);
	if (opt(r, TK_KERNEL, 1)) {
		int e = machine_boot(r->m, err, sizeof(err));
		if (e)
			return input_error(r, -1, "machine_boot failed (%s): %s",
					   strerror(-e), err);
		r->booted = true;
		res_add(r, " -> booted");
	} else {
		res_add(r, " -> hardware and firmware only");
	}
	if (sim_mem_alloc(machine_mem(r->m), 4096, 4096, &r->opal_scratch))
		return input_error(r, -1, "cannot allocate the OPAL scratch page");
	if (r->epoch_f)
		sim_clock_set_epoch(machine_clock(r->m),
				    r->cfg.timing_params.epoch_cycles,
				    epoch_report, r);
	return 0;
}

static int need_kernel(struct replay *r)
{
	if (need_machine(r))
		return -1;
	if (!r->booted)
		return input_error(r, -1, "'%s' needs the kernel (boot kernel=1)",
				   trace_verb_name(r->op->verb));
	return 0;
}

/* ---- processes and memory ----------------------------------------------- */

static int do_proc(struct replay *r)
{
	const struct trace_kv *n = need(r, TK_NAME);
	int pid;

	if (!n || need_kernel(r))
		return -1;
	if (r->op->verb == TV_PROC_SWITCH) {
		for (unsigned i = 0; i < r->nprocs; i++)
			if (!strcmp(r->procs[i].name, n->str)) {
				r->cur = i;
				expect_ret(r, kc_proc_switch(r->procs[i].pid));
				return 0;
			}
		return input_error(r, TK_NAME, "no process named '%s'", n->str);
	}
	if (r->nprocs >= MAX_NAMES || strlen(n->str) >= sizeof(r->procs[0].name))
		return input_error(r, TK_NAME, "too many processes or name too long");
	if (r->op->verb == TV_PROC_FORK) {
		const struct trace_kv *p = trace_op_get(r->op, TK_PARENT);
		struct proc *parent = cur_proc(r);
		if (p) {
			parent = NULL;
			for (unsigned i = 0; i < r->nprocs; i++)
				if (!strcmp(r->procs[i].name, p->str))
					parent = &r->procs[i];
		}
		if (!parent)
			return input_error(r, TK_PARENT, "no parent process");
		pid = kc_proc_fork(parent->pid);
	} else {
		pid = kc_proc_create(n->str);
	}
	if (pid <= 0) {
		expect_ret(r, pid);
		return 0;
	}
	struct proc *pr = &r->procs[r->nprocs];
	memset(pr, 0, sizeof(*pr));
	snprintf(pr->name, sizeof(pr->name), "%s", n->str);
	pr->pid = pid;
	r->cur = r->nprocs++;
	kc_proc_switch(pid);
	if (r->op->verb == TV_PROC_CREATE) {
		kc_proc_set_memlock(pid, opt(r, TK_MEMLOCK, r->cfg.memlock_bytes));
		kc_proc_set_cap_ipc_lock(pid, opt(r, TK_CAP_IPC_LOCK, r->cfg.cap_ipc_lock));
	}
	res_add(r, " -> pid %d", pid);
	expect_ret(r, 0);
	return 0;
}

static int do_setrlimit(struct replay *r)
{
	struct proc *p = cur_proc(r);

	if (!p)
		return input_error(r, -1, "no current process");
	if (trace_op_get(r->op, TK_MEMLOCK))
		kc_proc_set_memlock(p->pid, opt(r, TK_MEMLOCK, 0));
	if (trace_op_get(r->op, TK_CAP_IPC_LOCK))
		kc_proc_set_cap_ipc_lock(p->pid, opt(r, TK_CAP_IPC_LOCK, 0));
	expect_ret(r, 0);
	return 0;
}

static int do_mmap(struct replay *r)
{
	const struct trace_kv *ua = need(r, TK_UA), *sz = need(r, TK_SIZE);
	const struct trace_kv *prot = trace_op_get(r->op, TK_PROT);
	uint64_t pg = opt(r, TK_PAGE_SIZE, 1ull << kc_get_page_shift());
	bool huge = opt(r, TK_HUGETLB, pg > (1ull << kc_get_page_shift()));

	if (!ua || !sz || need_kernel(r) || !cur_proc(r))
		return cur_proc(r) ? -1 : input_error(r, -1, "no current process");
	if (!pg || (pg & (pg - 1)))
		return input_error(r, TK_PAGE_SIZE, "page_size must be a power of two");
	unsigned shift = (unsigned)__builtin_ctzll(pg);
	int e = kc_mmap(ua->num, sz->num, shift, !prot || !strcmp(prot->str, "rw"),
			huge);
	if (!e && note_mapping(cur_proc(r), ua->num, sz->num, pg))
		return input_error(r, -1, "out of memory");
	expect_ret(r, e);
	return 0;
}

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
		const struct trace_kv *l = need(r, TK_LEN);
		if (!l)
			return -1;
		if (l->num > (1ull << 30))
			return input_error(r, TK_LEN, "len is limited to 1G");
		*len = l->num;
		*buf = malloc(*len ? *len : 1);
		if (*buf)
			memset(*buf, (int)f->num, *len);
	} else {
		return input_error(r, -1, "'%s' needs data= or fill= with len=",
				   trace_verb_name(r->op->verb));
	}
	return *buf ? 0 : input_error(r, -1, "out of memory");
}

static int do_user_rw(struct replay *r)
{
	const struct trace_kv *ua = need(r, TK_UA);
	uint8_t *buf = NULL;
	size_t len;

	if (!ua || need_kernel(r))
		return -1;
	if (r->op->verb == TV_UWRITE) {
		if (fill_buf(r, &buf, &len))
			return -1;
		expect_ret(r, kc_user_write(ua->num, buf, len));
	} else {
		const struct trace_kv *l = need(r, TK_LEN);
		if (!l)
			return -1;
		if (l->num > (1ull << 30))
			return input_error(r, TK_LEN, "len is limited to 1G");
		len = l->num;
		buf = calloc(1, len ? len : 1);
		if (!buf)
			return input_error(r, -1, "out of memory");
		int e = kc_user_read(ua->num, buf, len);
		expect_ret(r, e);
		if (!e)
			expect_bytes(r, buf, len);
	}
	free(buf);
	return 0;
}

/* ---- ioctls ------------------------------------------------------------- */

static void put32(uint8_t *b, size_t off, uint32_t v)
{
	memcpy(b + off, &v, 4);
}

static void put64(uint8_t *b, size_t off, uint64_t v)
{
	memcpy(b + off, &v, 8);
}

static uint32_t get32(const uint8_t *b, size_t off)
{
	uint32_t v;
	memcpy(&v, b + off, 4);
	return v;
}

static uint64_t get64(const uint8_t *b, size_t off)
{
	uint64_t v;
	memcpy(&v, b + off, 8);
	return v;
}

/* ioctl with a struct of size bytes in user memory; reads it back. */
static long ioctl_struct(struct replay *r, int fd, unsigned nr, uint8_t *st,
			 size_t size)
{
	uint64_t ua;

	if (scratch(r, &ua))
		return -1;
	put32(st, 0, (uint32_t)opt(r, TK_ARGSZ, size));
	if (trace_op_get(r->op, TK_FLAGS))
		put32(st, 4, (uint32_t)opt(r, TK_FLAGS, 0));
	if (kc_user_write(ua, st, size))
		return input_error(r, -1, "scratch write failed");
	long ret = kc_ioctl(fd, opt(r, TK_CMD, PPC_IO(nr)), ua);
	kc_user_read(ua, st, size);
	return ret;
}

static int do_ioctl(struct replay *r)
{
	const struct trace_op *op = r->op;
	uint8_t st[64];
	long ret;
	int fd;

	if (need_kernel(r))
		return -1;
	memset(st, 0, sizeof(st));
	switch (op->verb) {
	case TV_CONTAINER_OPEN: {
		const struct trace_kv *n = need(r, TK_NAME);
		if (!n)
			return -1;
		fd = kc_open("/dev/vfio/vfio");
		if (fd >= 0 && !slot_set(r, r->fds, &r->nfds, n->str, fd))
			return -1;
		res_add(r, fd >= 0 ? " -> fd %d" : "", fd);
		expect_ret(r, fd < 0 ? fd : 0);
		return 0;
	}
	case TV_GROUP_OPEN: {
		const struct trace_kv *n = need(r, TK_NAME);
		if (!n)
			return -1;
		struct name_slot *g = slot_find(r->groups, r->ngroups, n->str);
		if (!g)
			return input_error(r, TK_NAME, "no group named '%s' (declare it with 'group %s dev=P:RID')",
					   n->str, n->str);
		int id = machine_group_of(r->m, (unsigned)g->val >> 16,
					  (uint16_t)g->val);
		if (id < 0) {
			expect_ret(r, id);
			return 0;
		}
		char path[64];
		snprintf(path, sizeof(path), "/dev/vfio/%d", id);
		fd = kc_open(path);
		if (fd >= 0 && !slot_set(r, r->fds, &r->nfds, n->str, fd))
			return -1;
		res_add(r, " %s", path);
		expect_num(r, TK_X_GROUP, id);
		expect_ret(r, fd < 0 ? fd : 0);
		return 0;
	}
	case TV_CLOSE: {
		const struct trace_kv *n = need(r, TK_NAME);
		if ((fd = fd_of(r, TK_NAME)) < 0)
			return -1;
		ret = kc_close(fd);
		struct name_slot *s = slot_find(r->fds, r->nfds, n->str);
		*s = r->fds[--r->nfds];
		expect_ret(r, ret);
		return 0;
	}
	case TV_GET_API_VERSION:
	case TV_CHECK_EXTENSION:
	case TV_SET_IOMMU:
	case TV_ENABLE:
	case TV_DISABLE: {
		static const unsigned nrs[] = {
			[TV_GET_API_VERSION] = 100, [TV_CHECK_EXTENSION] = 101,
			[TV_SET_IOMMU] = 102, [TV_ENABLE] = 115, [TV_DISABLE] = 116,
		};
		unsigned long arg = 0;
		if ((fd = fd_of(r, TK_CONTAINER)) < 0)
			return -1;
		if (op->verb == TV_CHECK_EXTENSION)
			arg = opt(r, TK_EXT, 0);
		if (op->verb == TV_SET_IOMMU) {
			const struct trace_kv *t = need(r, TK_TYPE);
			if (!t)
				return -1;
			arg = t->str ? (!strcmp(t->str, "v1") ? 2 : !strcmp(t->str, "v2") ? 7 : 0)
				     : t->num;
			if (t->str && !arg)
				return input_error(r, TK_TYPE, "type must be v1, v2 or a number");
		}
		ret = kc_ioctl(fd, opt(r, TK_CMD, PPC_IO(nrs[op->verb])), arg);
		expect_ret(r, ret);
		return 0;
	}
	case TV_GROUP_STATUS:
		if ((fd = fd_of(r, TK_NAME)) < 0)
			return -1;
		ret = ioctl_struct(r, fd, 103, st, 8);
		expect_ret(r, ret);
		if (!ret) {
			res_add(r, " flags=%u", get32(st, 4));
			expect_num(r, TK_X_FLAGS, get32(st, 4));
		}
		return 0;
	case TV_GROUP_ATTACH: {
		uint64_t ua;
		int cfd;
		if ((fd = fd_of(r, TK_NAME)) < 0 || (cfd = fd_of(r, TK_CONTAINER)) < 0 ||
		    scratch(r, &ua))
			return -1;
		int32_t v = cfd;
		kc_user_write(ua, &v, 4);
		expect_ret(r, kc_ioctl(fd, opt(r, TK_CMD, PPC_IO(104)), ua));
		return 0;
	}
	case TV_GROUP_DETACH:
		if ((fd = fd_of(r, TK_NAME)) < 0)
			return -1;
		expect_ret(r, kc_ioctl(fd, opt(r, TK_CMD, PPC_IO(105)), 0));
		return 0;
	case TV_GET_INFO:
		if ((fd = fd_of(r, TK_CONTAINER)) < 0)
			return -1;
		ret = ioctl_struct(r, fd, 112, st, 32);
		expect_ret(r, ret);
		if (!ret) {
			res_add(r, " flags=%u dma32=0x%x+0x%x pgsizes=0x%" PRIx64 " windows=%u levels=%u",
				get32(st, 4), get32(st, 8), get32(st, 12), get64(st, 16),
				get32(st, 24), get32(st, 28));
			expect_num(r, TK_X_FLAGS, get32(st, 4));
			expect_num(r, TK_X_START, get32(st, 8));
			expect_num(r, TK_X_SIZE, get32(st, 12));
			expect_num(r, TK_X_PGSIZES, (int64_t)get64(st, 16));
			expect_num(r, TK_X_WINDOWS, get32(st, 24));
			expect_num(r, TK_X_LEVELS, get32(st, 28));
		}
		return 0;
	case TV_REGISTER:
	case TV_UNREGISTER:
		if ((fd = fd_of(r, TK_CONTAINER)) < 0)
			return -1;
		put64(st, 8, opt(r, TK_UA, 0));
		put64(st, 16, opt(r, TK_SIZE, 0));
		expect_ret(r, ioctl_struct(r, fd, op->verb == TV_REGISTER ? 117 : 118,
					   st, 24));
		return 0;
	case TV_CREATE_WINDOW:
		if ((fd = fd_of(r, TK_CONTAINER)) < 0)
			return -1;
		put32(st, 8, (uint32_t)opt(r, TK_PAGE_SHIFT, 0));
		put64(st, 16, opt(r, TK_SIZE, 0));
		put32(st, 24, (uint32_t)opt(r, TK_LEVELS, 0));
		ret = ioctl_struct(r, fd, 119, st, 40);
		expect_ret(r, ret);
		if (!ret) {
			res_add(r, " start=0x%" PRIx64, get64(st, 32));
			expect_num(r, TK_X_START, (int64_t)get64(st, 32));
		}
		return 0;
	case TV_REMOVE_WINDOW:
		if ((fd = fd_of(r, TK_CONTAINER)) < 0)
			return -1;
		put64(st, 8, opt(r, TK_START, 0));
		expect_ret(r, ioctl_struct(r, fd, 120, st, 16));
		return 0;
	case TV_MAP: {
		const struct trace_kv *d = trace_op_get(op, TK_DIR);
		uint32_t fl = 3;
		if ((fd = fd_of(r, TK_CONTAINER)) < 0)
			return -1;
		if (d)
			fl = !strcmp(d->str, "r") || !strcmp(d->str, "read") ? 1 :
			     !strcmp(d->str, "w") || !strcmp(d->str, "write") ? 2 :
			     !strcmp(d->str, "none") ? 0 : 3;
		put32(st, 4, fl);
		put64(st, 8, opt(r, TK_UA, 0));
		put64(st, 16, opt(r, TK_IOVA, 0));
		put64(st, 24, opt(r, TK_SIZE, 0));
		expect_ret(r, ioctl_struct(r, fd, 113, st, 32));
		return 0;
	}
	case TV_UNMAP:
		if ((fd = fd_of(r, TK_CONTAINER)) < 0)
			return -1;
		put64(st, 8, opt(r, TK_IOVA, 0));
		put64(st, 16, opt(r, TK_SIZE, 0));
		expect_ret(r, ioctl_struct(r, fd, 114, st, 24));
		return 0;
	case TV_EEH_PE_OP: {
		static const char *const ops[] = {
			"disable", "enable", "unfreeze_io", "unfreeze_dma",
			"get_state", "reset_deactivate", "reset_hot",
			"reset_fundamental", "configure", "inject_err",
		};
		const struct trace_kv *o = need(r, TK_OP);
		uint32_t opn = 0;
		if (!o || (fd = fd_of(r, TK_CONTAINER)) < 0)
			return -1;
		if (o->str) {
			for (opn = 0; opn < 10 && strcmp(ops[opn], o->str); opn++)
				;
		} else {
			opn = (uint32_t)o->num;
		}
		put32(st, 8, opn);
		put32(st, 16, (uint32_t)opt(r, TK_ERR_TYPE, 0));
		put32(st, 20, (uint32_t)opt(r, TK_FUNC, 0));
		put64(st, 24, opt(r, TK_ADDR, 0));
		put64(st, 32, opt(r, TK_MASK, 0));
		ret = ioctl_struct(r, fd, 121, st, 40);
		if (opn == 4 && ret >= 0) {
			res_add(r, " -> state %ld", ret);
			expect_num(r, TK_X_STATE, ret);
			expect_num(r, TK_X_ERRNO, 0);
			return 0;
		}
		expect_ret(r, ret);
		return 0;
	}
	case TV_IOCTL: {
		const struct trace_kv *c = need(r, TK_CMD), *d = trace_op_get(op, TK_DATA);
		uint64_t ua;
		if (!c || (fd = fd_of(r, TK_NAME)) < 0 || scratch(r, &ua))
			return -1;
		if (d && d->len > SCRATCH_SIZE)
			return input_error(r, TK_DATA, "data is limited to 64K");
		if (d)
			kc_user_write(ua, d->bytes, d->len);
		expect_ret(r, kc_ioctl(fd, c->num, d ? ua : opt(r, TK_ARGSZ, 0)));
		return 0;
	}
	}
	return input_error(r, -1, "internal: verb not handled");
}

/* ---- DMA, memory, firmware, registers ------------------------------------ */

static int do_dma(struct replay *r)
{
	const struct trace_kv *dev = need(r, TK_DEV), *addr = need(r, TK_ADDR);
	const struct trace_kv *dir = trace_op_get(r->op, TK_DIR);
	struct sim_dma_req req;
	struct sim_dma_result res;
	uint8_t *buf = NULL;
	size_t len;

	if (!dev || !addr || need_machine(r))
		return -1;
	bool wr = dir && (!strcmp(dir->str, "write") || !strcmp(dir->str, "w"));
	if (wr) {
		if (fill_buf(r, &buf, &len))
			return -1;
	} else {
		len = opt(r, TK_LEN, 8);
		if (len == 0 || len > (1u << 24))
			return input_error(r, TK_LEN, "len must be 1..16M");
		buf = calloc(1, len);
		if (!buf)
			return input_error(r, -1, "out of memory");
	}
	if (len == 0 || len > (1u << 24)) {
		free(buf);
		return input_error(r, TK_DATA, "DMA length must be 1..16M");
	}
	req.rid = (uint16_t)dev->num;
	req.addr = addr->num;
	req.len = (uint32_t)len;
	req.dir = wr ? SIM_DMA_WRITE : SIM_DMA_READ;
	memset(&res, 0, sizeof(res));
	int e = machine_dma(r->m, (unsigned)(dev->num >> 16), &req, buf, &res);
	r->dmas++;
	if (e) {
		free(buf);
		return input_error(r, -1, "machine_dma refused the request: %s", strerror(-e));
	}
	static const char *const st[] = { "ok", "msi", "fault", "frozen" };
	const char *s = res.status <= SIM_DMA_FROZEN ? st[res.status] : "?";
	res_add(r, " -> %s", s);
	expect_str(r, TK_X_STATUS, s);
	if (res.status == SIM_DMA_FAULT) {
		r->dma_faults++;
		res_add(r, " %s pe=%u at 0x%" PRIx64, sim_fault_reason_name(res.reason),
			res.pe, res.fault_addr);
		expect_str(r, TK_X_FAULT, sim_fault_reason_name(res.reason));
	}
	if (res.status == SIM_DMA_FROZEN)
		r->dma_frozen++;
	if (res.pe != 0xffff)
		expect_num(r, TK_X_PE, res.pe);
	if (res.status == SIM_DMA_OK) {
		uint64_t ua = 0;
		res_add(r, " pa=0x%" PRIx64, res.pa);
		expect_num(r, TK_X_PA, (int64_t)res.pa);
		if (ua_of_pa(cur_proc(r), res.pa, &ua)) {
			res_add(r, " ua=0x%" PRIx64, ua);
			expect_num(r, TK_X_UA, (int64_t)ua);
		} else {
			res_add(r, " ua=none");
			expect_num(r, TK_X_UA, -1);
		}
		res_add(r, "%s", res.cache_hit ? " hit" : " miss");
		if (!wr)
			expect_bytes(r, buf, len);
	}
	free(buf);
	return 0;
}

static int do_pmem(struct replay *r)
{
	const struct trace_kv *pa = need(r, TK_PA);
	struct sim_mem *mem;
	uint8_t *buf = NULL;
	size_t len;

	if (!pa || need_machine(r))
		return -1;
	mem = machine_mem(r->m);
	if (r->op->verb == TV_PWRITE) {
		const struct trace_kv *w = trace_op_get(r->op, TK_BE64);
		if (w) {
			expect_ret(r, sim_mem_write_be64(mem, pa->num, w->num));
			return 0;
		}
		if (fill_buf(r, &buf, &len))
			return -1;
		expect_ret(r, sim_mem_write(mem, pa->num, buf, len));
		free(buf);
		return 0;
	}
	const struct trace_kv *l = trace_op_get(r->op, TK_LEN);
	if (!l) {
		uint64_t v = 0;
		int e = sim_mem_read_be64(mem, pa->num, &v);
		expect_ret(r, e);
		if (!e) {
			res_add(r, " value=0x%" PRIx64, v);
			expect_num(r, TK_X_VALUE, (int64_t)v);
		}
		return 0;
	}
	if (l->num > (1ull << 30))
		return input_error(r, TK_LEN, "len is limited to 1G");
	len = l->num;
	buf = calloc(1, len ? len : 1);
	if (!buf)
		return input_error(r, -1, "out of memory");
	int e = sim_mem_read(mem, pa->num, buf, len);
	expect_ret(r, e);
	if (!e)
		expect_bytes(r, buf, len);
	free(buf);
	return 0;
}

static uint64_t word(struct replay *r, enum trace_key k, const char *const *w,
		     const uint64_t *v, unsigned n, uint64_t def)
{
	const struct trace_kv *kv = trace_op_get(r->op, k);

	if (!kv)
		return def;
	if (!kv->str)
		return kv->num;
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(kv->str, w[i]))
			return v[i];
	return def;
}

static int do_opal(struct replay *r)
{
	const struct trace_kv *n = need(r, TK_NAME);
	struct opal *fw;
	int64_t rc;

	if (!n || need_machine(r))
		return -1;
	fw = machine_firmware(r->m);
	unsigned phbi = (unsigned)opt(r, TK_PHB, 0);
	if (phbi >= r->cfg.nr_phbs)
		return input_error(r, TK_PHB, "phb=%u but the machine has %u", phbi,
				   r->cfg.nr_phbs);
	uint64_t phb = machine_phb_opal_id(r->m, phbi);
	uint64_t pe = opt(r, TK_PE, 0);
	static const char *const tok_w[] = { "mmio", "dma", "all" };
	static const uint64_t tok_v[] = { 1, 2, 3 };
	uint64_t token = word(r, TK_TOKEN, tok_w, tok_v, 3, 3);
	const char *c = n->str;

	if (!strcmp(c, "set_pe")) {
		static const char *const aw[] = { "unmap", "map" };
		static const uint64_t av[] = { 0, 1 };
		rc = opal_pci_set_pe(fw, phb, pe, opt(r, TK_BDFN, 0), opt(r, TK_BCMP, 7),
				     opt(r, TK_DCMP, 1), opt(r, TK_FCMP, 1),
				     word(r, TK_ACTION, aw, av, 2, 1));
	} else if (!strcmp(c, "map_pe_dma_window")) {
		rc = opal_pci_map_pe_dma_window(fw, phb, pe, opt(r, TK_WINDOW, pe * 2),
						opt(r, TK_LEVELS, 1), opt(r, TK_TABLE, 0),
						opt(r, TK_TABLE_SIZE, 0),
						opt(r, TK_PAGE_SIZE, 4096));
	} else if (!strcmp(c, "map_pe_dma_window_real")) {
		rc = opal_pci_map_pe_dma_window_real(fw, phb, pe, opt(r, TK_WINDOW, pe * 2),
						     opt(r, TK_START, 0), opt(r, TK_SIZE, 0));
	} else if (!strcmp(c, "eeh_freeze_status")) {
		sim_mem_fill(machine_mem(r->m), r->opal_scratch, 0, 16);
		rc = opal_pci_eeh_freeze_status(fw, phb, pe, r->opal_scratch,
						r->opal_scratch + 8, 0);
		uint8_t state = 0;
		sim_mem_read(machine_mem(r->m), r->opal_scratch, &state, 1);
		res_add(r, " state=%u", state);
		expect_num(r, TK_X_STATE, state);
	} else if (!strcmp(c, "eeh_freeze_clear")) {
		rc = opal_pci_eeh_freeze_clear(fw, phb, pe, token);
	} else if (!strcmp(c, "eeh_freeze_set")) {
		rc = opal_pci_eeh_freeze_set(fw, phb, pe, token);
	} else if (!strcmp(c, "set_peltv")) {
		static const char *const sw[] = { "remove", "add" };
		static const uint64_t sv[] = { 0, 1 };
		rc = opal_pci_set_peltv(fw, phb, opt(r, TK_PARENT_PE, 0),
					opt(r, TK_CHILD_PE, 0),
					word(r, TK_ACTION, sw, sv, 2, 1));
	} else if (!strcmp(c, "set_hub_tce_memory")) {
		rc = opal_pci_set_hub_tce_memory(fw, opt(r, TK_HUB, 0), opt(r, TK_ADDR, 0),
						 opt(r, TK_SIZE, 0));
	} else if (!strcmp(c, "set_phb_tce_memory")) {
		rc = opal_pci_set_phb_tce_memory(fw, phb, opt(r, TK_ADDR, 0),
						 opt(r, TK_SIZE, 0));
	} else if (!strcmp(c, "pci_reset")) {
		static const char *const sw[] = { "phb_complete", "pci_link", "phb_error",
						  "pci_hot", "pci_fundamental", "ioda_table" };
		static const uint64_t sv[] = { 1, 2, 3, 4, 5, 6 };
		rc = opal_pci_reset(fw, phb, word(r, TK_SCOPE, sw, sv, 6, 6),
				    opt(r, TK_ASSERT, 0));
	} else if (!strcmp(c, "tce_kill")) {
		static const char *const kw[] = { "pages", "pe", "all" };
		static const uint64_t kv[] = { 0, 1, 2 };
		rc = opal_pci_tce_kill(fw, phb, word(r, TK_TYPE, kw, kv, 3, 2), pe,
				       opt(r, TK_TCE_SIZE, 4096), opt(r, TK_ADDR, 0),
				       opt(r, TK_NPAGES, 1));
	} else {
		return input_error(r, TK_NAME, "unknown OPAL call '%s' (see docs/trace-format.md)", c);
	}
	static const char *const names[] = { "success", "parameter", "busy", "?", "?",
					     "?", "hardware", "unsupported" };
	res_add(r, " -> %s", rc <= 0 && rc >= -7 ? names[-rc] : "?");
	const struct trace_kv *x = trace_op_get(r->op, TK_X_OPAL);
	int64_t want = 0;
	if (x && x->str) {
		for (int i = 0; i < 8; i++)
			if (!strcmp(names[i], x->str))
				want = -i;
		if (want != rc) {
			r->mismatches++;
			fprintf(r->o->out, "%s:%u: expectation failed: expect.opal=%s, got %" PRId64 "\n",
				r->t->name, r->op->line, x->str, rc);
			if (r->o->check && r->status == REPLAY_OK)
				r->status = REPLAY_MISMATCH;
		}
		if (r->rop)
			trace_op_num(&r->rec, r->rop, TK_X_OPAL, rc);
	} else {
		expect_num(r, TK_X_OPAL, rc);
	}
	return 0;
}

static int do_reg(struct replay *r)
{
	const struct trace_kv *reg = need(r, TK_REG);
	uint64_t off, v = 0;

	if (!reg || need_machine(r))
		return -1;
	unsigned phb = (unsigned)opt(r, TK_PHB, 0);
	if (phb >= r->cfg.nr_phbs)
		return input_error(r, TK_PHB, "phb=%u but the machine has %u", phb,
				   r->cfg.nr_phbs);
	if (reg->str) {
		size_t i, n = sizeof(phb3_regs) / sizeof(phb3_regs[0]);
		for (i = 0; i < n && strcmp(phb3_regs[i].name, reg->str); i++)
			;
		if (i == n)
			return input_error(r, TK_REG, "unknown register '%s' (names from model/phb3_regs.def, or an offset)",
					   reg->str);
		off = phb3_regs[i].off;
	} else {
		off = reg->num;
	}
	if (off & 7 || off >= 0x1000)
		return input_error(r, TK_REG, "register offset must be 8-byte aligned, < 0x1000");
	uint64_t pa = machine_phb_regs(r->m, phb) + off;
	if (r->op->verb == TV_REG_WRITE) {
		const struct trace_kv *val = need(r, TK_VALUE);
		if (!val)
			return -1;
		expect_ret(r, sim_mmio_write(machine_bus(r->m), pa, 8, val->num));
		return 0;
	}
	int e = sim_mmio_read(machine_bus(r->m), pa, 8, &v);
	expect_ret(r, e);
	res_add(r, " value=0x%" PRIx64, v);
	expect_num(r, TK_X_VALUE, (int64_t)v);
	return 0;
}

static int do_expect(struct replay *r)
{
	const struct trace_op *op = r->op;
	struct kc_counters c;

	if (need_machine(r))
		return -1;
	if (r->booted) {
		kc_get_counters(&c);
		struct proc *p = cur_proc(r);
		if (trace_op_get(op, TK_LOCKED_VM)) {
			if (!p)
				return input_error(r, TK_LOCKED_VM, "no current process");
			int64_t lv = kc_proc_locked_vm(p->pid);
			res_add(r, " locked_vm=%" PRId64, lv);
			expect_num(r, TK_LOCKED_VM, lv);
		}
		if (trace_op_get(op, TK_PINNED)) {
			res_add(r, " pinned=%" PRIu64, c.pinned_pages);
			expect_num(r, TK_PINNED, (int64_t)c.pinned_pages);
		}
		if (trace_op_get(op, TK_WARNS)) {
			res_add(r, " warns=%" PRIu64, c.warn_count);
			expect_num(r, TK_WARNS, (int64_t)c.warn_count);
		}
	} else if (trace_op_get(op, TK_LOCKED_VM) || trace_op_get(op, TK_PINNED) ||
		   trace_op_get(op, TK_WARNS)) {
		return input_error(r, -1, "locked_vm/pinned/warns need the kernel (boot kernel=1)");
	}
	const struct trace_kv *s = trace_op_get(op, TK_STAT);
	if (s) {
		const struct sim_stat *st = sim_stats_find(machine_stats(r->m), s->str);
		if (!st)
			return input_error(r, TK_STAT, "no statistic named '%s'", s->str);
		int64_t v = (int64_t)sim_stat_value(st);
		res_add(r, " %s=%" PRId64, s->str, v);
		expect_num(r, TK_VALUE, v);
	}
	if (trace_op_get(op, TK_FROZEN)) {
		unsigned phbi = (unsigned)opt(r, TK_PHB, 0);
		if (phbi >= r->cfg.nr_phbs)
			return input_error(r, TK_PHB, "no such PHB");
		sim_mem_fill(machine_mem(r->m), r->opal_scratch, 0, 16);
		opal_pci_eeh_freeze_status(machine_firmware(r->m),
					   machine_phb_opal_id(r->m, phbi),
					   opt(r, TK_PE, 0), r->opal_scratch,
					   r->opal_scratch + 8, 0);
		uint8_t state = 0;
		sim_mem_read(machine_mem(r->m), r->opal_scratch, &state, 1);
		res_add(r, " frozen=%u", state);
		expect_num(r, TK_FROZEN, state);
	}
	return 0;
}

/* ---- driver ------------------------------------------------------------- */

/*
 * Inputs are addresses, sizes, counts and ids: a leading '-' is an input
 * error, not a silently dropped sign. Expectations (expect.* keys and the
 * `expect` verb) compare signed values and may be negative.
 */
static int check_no_negative(struct replay *r)
{
	for (uint32_t i = 0; i < r->op->nkv; i++) {
		const struct trace_kv *kv = &r->op->kv[i];
		const char *name = trace_key_name(kv->key);

		if (kv->neg && r->op->verb != TV_EXPECT &&
		    strncmp(name, "expect.", 7))
			return input_error(r, kv->key, "%s must not be negative",
					   name);
	}
	return 0;
}

static int exec_op(struct replay *r)
{
	if (check_no_negative(r))
		return -1;
	switch (r->op->verb) {
	case TV_MACHINE:
	case TV_MODEL:
	case TV_DEVICE:
	case TV_GROUP:
		return do_config(r);
	case TV_BOOT:
		return do_boot(r);
	case TV_PROC_CREATE:
	case TV_PROC_FORK:
	case TV_PROC_SWITCH:
		return do_proc(r);
	case TV_SETRLIMIT:
		return do_setrlimit(r);
	case TV_MMAP:
		return do_mmap(r);
	case TV_UWRITE:
	case TV_UREAD:
		return do_user_rw(r);
	case TV_DMA:
		return do_dma(r);
	case TV_PWRITE:
	case TV_PREAD:
		return do_pmem(r);
	case TV_OPAL:
		return do_opal(r);
	case TV_REG_WRITE:
	case TV_REG_READ:
		return do_reg(r);
	case TV_EXPECT:
		return do_expect(r);
	case TV_ECHO: {
		const struct trace_kv *n = trace_op_get(r->op, TK_NAME);
		if (!r->o->quiet)
			fprintf(r->o->out, "  -- %s\n", n ? n->str : "");
		return 0;
	}
	case TV_NOTE:
		return 0;
	default:
		return do_ioctl(r);
	}
}

/* Calls the tool's hook, if any; a non-zero return fails the replay. */
static int hook(struct replay *r, enum replay_event ev, const struct trace_op *op)
{
	char msg[512] = "";

	if (!r->o->hooks || !r->o->hooks->event)
		return 0;
	if (!r->o->hooks->event(r->o->hooks->ctx, ev, op, r->m, msg, sizeof(msg)))
		return 0;
	fprintf(r->o->out, "%s%s\n", op ? "" : "at the end: ", msg[0] ? msg : "hook failed");
	r->mismatches++;
	return REPLAY_MISMATCH;
}

static double stat_of(struct replay *r, const char *pfx, const char *name)
{
	char full[256];
	const struct sim_stat *st;

	snprintf(full, sizeof(full), "%s.%s", pfx, name);
	st = sim_stats_find(machine_stats(r->m), full);
	return st ? sim_stat_value(st) : 0.0;
}

/* The timing figures of each timing core, readable (text report). */
static void timing_summary(struct replay *r, FILE *f)
{
	const struct fetch_timing *prev = NULL;

	for (unsigned i = 0; i < r->cfg.nr_phbs; i++) {
		const struct fetch_timing *t = machine_timing(r->m, i);
		const struct fetch_timing_stats *st;
		char pfx[40];

		if (!t || t == prev)
			continue;
		prev = t;
		st = fetch_timing_get_stats(t);
		if (r->cfg.platform == MACHINE_P5IOC2)
			snprintf(pfx, sizeof(pfx), "p5ioc2.timing");
		else
			snprintf(pfx, sizeof(pfx), "phb3.%u.timing", i);
		uint64_t lk = st->translations - st->bypass;
		fprintf(f, "\n== timing: %s (%" PRIu64 " MHz) ==\n", pfx,
			fetch_timing_get_params(t)->clock_mhz);
		fprintf(f, "requests          %" PRIu64 " (%" PRIu64 " bytes)\n",
			st->requests, st->bytes);
		fprintf(f, "translations      %" PRIu64 " (%" PRIu64 " bypass): %" PRIu64
			" hits, %" PRIu64 " merged, %" PRIu64 " misses; hit rate %.2f%%\n",
			st->translations, st->bypass, st->hits, st->merges,
			st->misses, lk ? 100.0 * (double)st->hits / (double)lk : 0.0);
		fprintf(f, "walks by depth    1:%" PRIu64 " 2:%" PRIu64 " 3:%" PRIu64
			" 4:%" PRIu64 " 5:%" PRIu64 " (%" PRIu64 " memory reads)\n",
			st->walks[1], st->walks[2], st->walks[3], st->walks[4],
			st->walks[5], st->mem_reads);
		static const struct {
			const char *label, *name;
		} lat[] = { { "walk latency     ", "walk_latency" },
			    { "xlate latency    ", "xlate_latency" } };
		for (unsigned k = 0; k < 2; k++) {
			char n[4][40];
			static const char *const q[] = { "p50", "p90", "p99", "max" };
			fprintf(f, "%s", lat[k].label);
			for (unsigned j = 0; j < 4; j++) {
				snprintf(n[j], sizeof(n[j]), "%s.%s", lat[k].name, q[j]);
				fprintf(f, " %s %.0f", q[j], stat_of(r, pfx, n[j]));
			}
			fprintf(f, " cycles (");
			for (unsigned j = 0; j < 4; j++) {
				char ns[200];
				snprintf(ns, sizeof(ns), "%s_ns", n[j]);
				fprintf(f, "%s%.1f", j ? " " : "", stat_of(r, pfx, ns));
			}
			fprintf(f, " ns)\n");
		}
		fprintf(f, "throughput        %.4g translations/s, %.4g GB/s over %.1f ns\n",
			stat_of(r, pfx, "translations_per_s"), stat_of(r, pfx, "gbps"),
			stat_of(r, pfx, "elapsed_ns"));
		fprintf(f, "fetch tags        %" PRIu64 " stall cycles (%" PRIu64
			" stalls), occupancy %.3f, max %" PRIu64 "\n",
			st->stall_cycles, st->stalls, stat_of(r, pfx, "tag_occupancy"),
			st->tag_max);
		fprintf(f, "kills             all %" PRIu64 ", pe %" PRIu64 ", one %" PRIu64
			"; %.2f pages per kill; %" PRIu64 " cycles blocked, %" PRIu64
			" draining\n", st->kills[0], st->kills[1], st->kills[2],
			stat_of(r, pfx, "pages_per_kill"), st->kill_cycles,
			st->kill_drain_cycles);
	}
	if (r->cfg.timing)
		fprintf(f, "clock             %" PRIu64 " cycles (%.1f ns)\n",
			sim_clock_now(machine_clock(r->m)),
			sim_clock_cycles_to_ns(machine_clock(r->m),
					       sim_clock_now(machine_clock(r->m))));
}

static void report(struct replay *r, FILE *f, bool json)
{
	struct kc_counters c;
	int64_t lv = -1;

	memset(&c, 0, sizeof(c));
	if (r->booted) {
		kc_get_counters(&c);
		if (cur_proc(r))
			lv = kc_proc_locked_vm(cur_proc(r)->pid);
	}
	if (json) {
		fprintf(f, "{\n  \"trace\": \"%s\",\n  \"operations\": %" PRIu64
			",\n  \"mismatches\": %" PRIu64 ",\n  \"ioctl_errors\": %" PRIu64
			",\n  \"dma\": %" PRIu64 ",\n  \"dma_faults\": %" PRIu64
			",\n  \"dma_frozen\": %" PRIu64 ",\n  \"locked_vm_pages\": %" PRId64
			",\n  \"pinned_pages\": %" PRIu64 ",\n  \"kernel_page_bytes\": %" PRIu64
			",\n  \"warns\": %" PRIu64 ",\n  \"opal_calls\": %" PRIu64
			",\n  \"mmio_reads\": %" PRIu64 ",\n  \"mmio_writes\": %" PRIu64
			",\n  \"mode\": \"%s\",\n  \"stats\": ",
			r->t->name, r->ops, r->mismatches, r->ioctl_errors, r->dmas,
			r->dma_faults, r->dma_frozen, lv, c.pinned_pages,
			c.page_bytes_live, c.warn_count, c.opal_calls,
			c.mmio_reads, c.mmio_writes,
			r->cfg.timing ? "timing" : "functional");
		if (r->m)
			sim_stats_print_json(machine_stats(r->m), f, 2);
		else
			fputs("{}", f);
		if (r->booted) {
			fputs(",\n  \"driver_cost\": ", f);
			kc_cost_print_json(f, 2);
		}
		fputs("\n}\n", f);
		return;
	}
	fprintf(f, "\n== report ==\n");
	fprintf(f, "operations        %" PRIu64 "\n", r->ops);
	fprintf(f, "failed ioctls     %" PRIu64 "\n", r->ioctl_errors);
	fprintf(f, "expectations      %" PRIu64 " failed\n", r->mismatches);
	fprintf(f, "device DMAs       %" PRIu64 " (%" PRIu64 " faults, %" PRIu64 " refused: frozen)\n",
		r->dmas, r->dma_faults, r->dma_frozen);
	if (r->booted) {
		fprintf(f, "locked_vm         %" PRId64 " pages (current process)\n", lv);
		fprintf(f, "pinned pages      %" PRIu64 "\n", c.pinned_pages);
		fprintf(f, "kernel page bytes %" PRIu64 " (TCE tables and other kernel pages)\n",
			c.page_bytes_live);
		fprintf(f, "kernel WARNs      %" PRIu64 "\n", c.warn_count);
		fprintf(f, "firmware calls    %" PRIu64 " (OPAL, from the driver)\n",
			c.opal_calls);
		fprintf(f, "driver MMIO       %" PRIu64 " reads, %" PRIu64 " writes\n",
			c.mmio_reads, c.mmio_writes);
	}
	if (r->m)
		timing_summary(r, f);
	if (r->m) {
		fprintf(f, "\n== statistics ==\n");
		sim_stats_print_text(machine_stats(r->m), f);
	}
	if (r->booted)
		kc_cost_print_text(f);
}

int replay_trace(const struct trace *t, const struct replay_opts *o)
{
	struct replay *r = calloc(1, sizeof(*r));
	int status = REPLAY_OK;

	if (!r)
		return REPLAY_INPUT_ERROR;
	r->t = t;
	r->o = o;
	machine_config_default(&r->cfg);
	if (o->config) {
		struct kc_cost_params cost;

		tcesim_config_to_phb3(o->config, &r->cfg.phb3);
		tcesim_config_to_timing(o->config, &r->cfg.timing_params);
		tcesim_config_to_cost(o->config, &cost);
		kc_cost_set_params(&cost);
	}
	r->cfg.timing = o->timing;
	if (o->epoch_path) {
		const char *dot = strrchr(o->epoch_path, '.');

		if (!o->timing || !r->cfg.timing_params.epoch_cycles) {
			fprintf(errf(r), "%s: epoch reports need timing mode and stats.epoch_cycles > 0\n",
				o->epoch_path);
			free(r);
			return REPLAY_INPUT_ERROR;
		}
		r->epoch_f = fopen(o->epoch_path, "w");
		if (!r->epoch_f) {
			fprintf(errf(r), "%s: cannot create: %s\n", o->epoch_path,
				strerror(errno));
			free(r);
			return REPLAY_INPUT_ERROR;
		}
		r->epoch_json = dot && !strcmp(dot, ".json");
	}
	trace_init(&r->rec, "record");
	if (o->title && !o->quiet)
		fprintf(o->out, "== tcesim: %s ==\n", o->title);
	for (size_t i = 0; i < t->nops; i++) {
		r->op = &t->ops[i];
		r->rop = NULL;
		r->rlen = 0;
		r->res[0] = 0;
		r->status = REPLAY_OK;
		if (o->record_path && r->op->verb != TV_NOTE) {
			r->rop = trace_copy_op(&r->rec, r->op, 8);
		}
		uint64_t cost0 = r->booted ? kc_cost_total() : 0;
		int e = exec_op(r);
		r->ops++;
		/* Timing mode: the CPU time the driver spent in this operation
		   (cost model, CPU cycles) passes on the machine clock, so DMAs
		   and kills after it happen later, as on a real machine. */
		if (r->cfg.timing && r->m && r->booted && kc_cost_total() > cost0)
			sim_clock_add_cpu(machine_clock(r->m), kc_cost_total() - cost0,
					  kc_cost_cpu_mhz());
		if (!e && r->op->verb == TV_BOOT && r->m && !r->status)
			r->status = hook(r, REPLAY_EV_BOOTED, r->op);
		if (!r->status) {
			int h = hook(r, REPLAY_EV_OP_DONE, r->op);
			if (h)
				r->status = h;
		}
		if (!o->quiet && r->op->verb != TV_ECHO && r->op->verb != TV_NOTE) {
			fprintf(o->out, "%5u ", r->op->line);
			trace_write_op(r->op, o->out);
			fprintf(o->out, "%s\n", r->res);
		}
		if (o->progress && !(r->ops & 0xffff))
			fprintf(stderr, "\r%zu/%zu operations", i + 1, t->nops);
		if (e || r->status != REPLAY_OK) {
			status = e ? REPLAY_INPUT_ERROR : r->status;
			break;
		}
	}
	if (o->progress && t->nops > 0xffff)
		fputc('\n', stderr);
	if (status != REPLAY_INPUT_ERROR || r->booted) {
		int h = hook(r, REPLAY_EV_TEARDOWN, NULL);
		if (h && status == REPLAY_OK)
			status = h;
	}
	if (!o->no_report && (status != REPLAY_INPUT_ERROR || r->ops)) {
		if (!o->quiet || status == REPLAY_OK)
			report(r, o->out, false);
	}
	if (o->json_path) {
		FILE *f = fopen(o->json_path, "w");
		if (f) {
			report(r, f, true);
			fclose(f);
		} else {
			fprintf(errf(r), "%s: cannot create\n", o->json_path);
			status = status ? status : REPLAY_INPUT_ERROR;
		}
	}
	if (r->epoch_f) {
		epoch_write(r, -1);	/* the final state */
		if (r->epoch_json)
			fputs(r->epochs_written ? "\n]\n" : "[]\n", r->epoch_f);
		if (fclose(r->epoch_f)) {
			fprintf(errf(r), "%s: write error\n", o->epoch_path);
			status = status ? status : REPLAY_INPUT_ERROR;
		}
		r->epoch_f = NULL;
	}
	if (o->csv_path) {
		FILE *f = fopen(o->csv_path, "w");
		if (f) {
			if (r->m)
				sim_stats_print_csv(machine_stats(r->m), f, -1, 1);
			else
				fputs("epoch,name,value,unit\n", f);
			fclose(f);
		} else {
			fprintf(errf(r), "%s: cannot create\n", o->csv_path);
			status = status ? status : REPLAY_INPUT_ERROR;
		}
	}
	if (o->record_path) {
		FILE *f = fopen(o->record_path, "w");
		if (f) {
			trace_write_text(&r->rec, f);
			fclose(f);
		} else {
			fprintf(errf(r), "%s: cannot create\n", o->record_path);
			status = status ? status : REPLAY_INPUT_ERROR;
		}
	}
	if (r->m)
		machine_destroy(r->m);
	for (unsigned i = 0; i < r->nprocs; i++)
		free(r->procs[i].maps);
	trace_free(&r->rec);
	free(r);
	return status;
}
