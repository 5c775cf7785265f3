// SPDX-License-Identifier: GPL-2.0
/*
 * Invariant checker (invariants.h): a replay hook that keeps its own
 * model of what the trace's successful syscalls did (containers, groups,
 * mappings, preregistered regions; results come from the compat syscall
 * counters) and after every operation compares it with the machine: TCE
 * tables walked through simulated memory from the TVT, side-effect-free
 * probes through the PHB3 debug port, pin counts and locked_vm from the
 * compat layer.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vfio.h>

#include "tcesim/invariants.h"
#include "kc/host.h"
#include "tcesim/machine.h"
#include "tcesim/mem.h"
#include "tcesim/phb3_debug.h"
#include "tcesim/trace.h"
#include "tcesim/vfio_user.h"

#define MAX_OBJS 64
#define NAME_LEN 32
#define TCE_READ 0x1ull	/* the device may read */
#define TCE_WRITE 0x2ull	/* the device may write */
#define TCE_RW (TCE_READ | TCE_WRITE)
#define TCE_ADDR_MASK 0x000ffffffffff000ull	/* RPN bits of a TCE */
#define PROBES_PER_WINDOW 16
#define SPAPR_V1 VFIO_SPAPR_TCE_IOMMU
#define SPAPR_V2 VFIO_SPAPR_TCE_v2_IOMMU

struct imap {
	uint64_t iova, size, ua;
	unsigned perm;		/* TCE bits: 1 device may read, 2 write */
};

struct iregion {
	uint64_t ua, size;
};

struct icontainer {
	char name[NAME_LEN];
	bool alive, fd_open;
	bool opaque;		/* a raw ioctl succeeded: mappings unknown */
	int pid;
	int type;		/* 0, SPAPR_V1 or SPAPR_V2 */
	bool enabled;
	struct imap *maps;
	size_t nmaps, mcap;
	struct iregion *regs;
	size_t nregs, rcap;
	bool oom;		/* bookkeeping lost an entry: no memory */
};

struct igroup {
	char name[NAME_LEN];
	uint64_t dev;		/* phb << 16 | rid */
	int container;		/* index, or -1 */
};

struct invariants {
	struct icontainer c[MAX_OBJS];
	unsigned nc;
	struct igroup g[MAX_OBJS];
	unsigned ng;
	int pids[MAX_OBJS];
	unsigned npids;
	bool booted;
	struct kc_counters prev;
	uint64_t ops, checks;
	/* the current check */
	char *msg;
	size_t msglen;
	bool failed;
};

/* ---- bookkeeping ------------------------------------------------------ */

static void fail(struct invariants *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void fail(struct invariants *v, const char *fmt, ...)
{
	va_list ap;

	if (v->failed)
		return;
	v->failed = true;
	va_start(ap, fmt);
	vsnprintf(v->msg, v->msglen, fmt, ap);
	va_end(ap);
}

static const char *str_of(const struct trace_op *op, enum trace_key k)
{
	const struct trace_kv *kv = trace_op_get(op, k);
	return kv && kv->str ? kv->str : NULL;
}

static uint64_t num_of(const struct trace_op *op, enum trace_key k,
		       uint64_t def)
{
	const struct trace_kv *kv = trace_op_get(op, k);
	return kv ? kv->num : def;
}

static int find_c(struct invariants *v, const char *name)
{
	for (unsigned i = 0; name && i < v->nc; i++)
		if (v->c[i].alive && !strcmp(v->c[i].name, name))
			return (int)i;
	return -1;
}

static int find_g(struct invariants *v, const char *name)
{
	for (unsigned i = 0; name && i < v->ng; i++)
		if (!strcmp(v->g[i].name, name))
			return (int)i;
	return -1;
}

static void add_pid(struct invariants *v, int pid)
{
	for (unsigned i = 0; i < v->npids; i++)
		if (v->pids[i] == pid)
			return;
	if (pid > 0 && v->npids < MAX_OBJS)
		v->pids[v->npids++] = pid;
}

static bool grow(void **p, size_t *cap, size_t n, size_t elem)
{
	if (n < *cap)
		return true;
	size_t c = *cap ? 2 * *cap : 16;
	void *q = realloc(*p, c * elem);
	if (!q)
		return false;
	*p = q;
	*cap = c;
	return true;
}

static void c_clear_maps(struct icontainer *c)
{
	c->nmaps = 0;
}

static void c_release(struct icontainer *c)
{
	free(c->maps);
	free(c->regs);
	memset(c, 0, sizeof(*c));
}

static unsigned groups_of(struct invariants *v, int ci)
{
	unsigned n = 0;

	for (unsigned i = 0; i < v->ng; i++)
		n += v->g[i].container == ci;
	return n;
}

/* The container lives while its fd is open or a group holds it. */
static void maybe_release(struct invariants *v, int ci)
{
	if (ci >= 0 && !v->c[ci].fd_open && !groups_of(v, ci))
		c_release(&v->c[ci]);
}

static void detach(struct invariants *v, struct igroup *g)
{
	int ci = g->container;

	g->container = -1;
	if (ci < 0)
		return;
	/* The last group leaving releases the IOMMU backend (VFIO core):
	 * tables, mappings and preregistered memory go, SET_IOMMU is needed
	 * again; the container itself lives on while its fd is open. */
	if (!groups_of(v, ci)) {
		struct icontainer *c = &v->c[ci];
		c_clear_maps(c);
		c->nregs = 0;
		c->type = 0;
		c->enabled = false;
		c->opaque = false;
	}
	maybe_release(v, ci);
}

/* Drop [iova, iova + size) from the mappings (splitting partial ones). */
static void unmap_range(struct icontainer *c, uint64_t iova, uint64_t size)
{
	uint64_t end = iova + size;

	for (size_t i = 0; i < c->nmaps; i++) {
		struct imap m = c->maps[i];
		uint64_t mend = m.iova + m.size;

		if (mend <= iova || m.iova >= end)
			continue;
		/* remove, then add back what lies outside */
		c->maps[i--] = c->maps[--c->nmaps];
		if (m.iova < iova) {
			if (grow((void **)&c->maps, &c->mcap, c->nmaps,
				 sizeof(*c->maps)))
				c->maps[c->nmaps++] = (struct imap){
					m.iova, iova - m.iova, m.ua, m.perm };
			else
				c->oom = true;
		}
		if (mend > end) {
			if (grow((void **)&c->maps, &c->mcap, c->nmaps,
				 sizeof(*c->maps)))
				c->maps[c->nmaps++] = (struct imap){
					end, mend - end, m.ua + (end - m.iova),
					m.perm };
			else
				c->oom = true;
		}
	}
}

/* The TCE permission bits a MAP with dir= must leave. */
static unsigned perm_of(const char *dir)
{
	uint32_t flags = vfio_user_dma_flags(dir);

	return (flags & VFIO_DMA_MAP_FLAG_READ ? TCE_READ : 0) |
	       (flags & VFIO_DMA_MAP_FLAG_WRITE ? TCE_WRITE : 0);
}

static void track_group(struct invariants *v, const struct trace_op *op)
{
	const char *n = str_of(op, TK_NAME);

	if (!n || find_g(v, n) >= 0 || v->ng >= MAX_OBJS)
		return;
	struct igroup *g = &v->g[v->ng++];
	snprintf(g->name, sizeof(g->name), "%s", n);
	g->dev = num_of(op, TK_DEV, 0);
	g->container = -1;
}

static void track_container_open(struct invariants *v, const char *name)
{
	struct icontainer *c;
	unsigned i;

	for (i = 0; i < v->nc && v->c[i].alive; i++)
		;
	if (i == MAX_OBJS)
		return;
	if (i == v->nc)
		v->nc++;
	c = &v->c[i];
	memset(c, 0, sizeof(*c));
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->alive = c->fd_open = true;
	c->pid = kc_proc_current();
	add_pid(v, c->pid);
}

/* `close NAME`: a container fd, else a group fd (detaches it). */
static void track_close(struct invariants *v, const char *name)
{
	int gi = find_g(v, name), ci = find_c(v, name);

	if (ci >= 0 && v->c[ci].fd_open) {
		v->c[ci].fd_open = false;
		maybe_release(v, ci);
	} else if (gi >= 0) {
		detach(v, &v->g[gi]);
	}
}

/*
 * Processes, containers and groups, from one operation and whether its
 * syscall succeeded (ok). Returns false for the other verbs.
 */
static bool track_objects(struct invariants *v, const struct trace_op *op,
			  bool ok)
{
	int ci = find_c(v, str_of(op, TK_CONTAINER));
	int gi = find_g(v, str_of(op, TK_NAME));

	switch (op->verb) {
	case TV_GROUP:
		track_group(v, op);
		return true;
	case TV_PROC_CREATE:
	case TV_PROC_FORK:
		add_pid(v, kc_proc_current());
		return true;
	case TV_CONTAINER_OPEN:
		if (ok && str_of(op, TK_NAME))
			track_container_open(v, str_of(op, TK_NAME));
		return true;
	case TV_CLOSE:
		if (ok)
			track_close(v, str_of(op, TK_NAME));
		return true;
	case TV_GROUP_ATTACH:
		if (ok && gi >= 0 && ci >= 0)
			v->g[gi].container = ci;
		return true;
	case TV_GROUP_DETACH:
		if (ok && gi >= 0)
			detach(v, &v->g[gi]);
		return true;
	default:
		return false;
	}
}

static void track_set_iommu(struct icontainer *c, const struct trace_op *op)
{
	const struct trace_kv *t = trace_op_get(op, TK_TYPE);

	if (t)
		c->type = t->str ? (int)vfio_user_iommu_type(t->str) : (int)t->num;
	/* other type numbers the driver accepts: 1, 3 as v1, the rest v2 */
	if (c->type != SPAPR_V1 && c->type != SPAPR_V2)
		c->type = c->type == 1 || c->type == 3 ? SPAPR_V1 : SPAPR_V2;
}

static void track_map(struct icontainer *c, const struct trace_op *op)
{
	/* a map over live entries replaces them */
	unmap_range(c, num_of(op, TK_IOVA, 0), num_of(op, TK_SIZE, 0));
	if (grow((void **)&c->maps, &c->mcap, c->nmaps, sizeof(*c->maps)))
		c->maps[c->nmaps++] = (struct imap){
			num_of(op, TK_IOVA, 0), num_of(op, TK_SIZE, 0),
			num_of(op, TK_UA, 0), perm_of(str_of(op, TK_DIR)) };
	else
		c->oom = true;
}

/* The IOMMU state of container c after a successful operation. */
static void track_iommu(struct icontainer *c, const struct trace_op *op)
{
	switch (op->verb) {
	case TV_SET_IOMMU:
		track_set_iommu(c, op);
		return;
	case TV_ENABLE:
		c->enabled = true;
		return;
	case TV_DISABLE:
		c->enabled = false;
		return;
	case TV_REGISTER:
		if (grow((void **)&c->regs, &c->rcap, c->nregs, sizeof(*c->regs)))
			c->regs[c->nregs++] = (struct iregion){ num_of(op, TK_UA, 0),
								num_of(op, TK_SIZE, 0) };
		else
			c->oom = true;
		return;
	case TV_UNREGISTER:
		for (size_t i = 0; i < c->nregs; i++)
			if (c->regs[i].ua == num_of(op, TK_UA, 0) &&
			    c->regs[i].size == num_of(op, TK_SIZE, 0)) {
				c->regs[i] = c->regs[--c->nregs];
				break;
			}
		return;
	case TV_MAP:
		track_map(c, op);
		return;
	case TV_UNMAP:
		unmap_range(c, num_of(op, TK_IOVA, 0), num_of(op, TK_SIZE, 0));
		return;
	case TV_REMOVE_WINDOW: {
		uint64_t w = num_of(op, TK_START, 0) >> 59;
		for (size_t i = 0; i < c->nmaps; i++)
			if ((c->maps[i].iova >> 59) == w)
				c->maps[i--] = c->maps[--c->nmaps];
		return;
	}
	default:
		return;
	}
}

/* Update the model from one operation and its syscall result. */
static void track_op(struct invariants *v, const struct trace_op *op,
		     bool called, int64_t ret)
{
	int ci = find_c(v, str_of(op, TK_CONTAINER));
	bool ok = called && ret >= 0;

	if (track_objects(v, op, ok) || ci < 0 || !ok)
		return;
	track_iommu(&v->c[ci], op);
}

/* The raw `ioctl` verb names a container or group by name=: after one
 * succeeds, the container's mappings are unknown. */
static void track_raw_ioctl(struct invariants *v, const struct trace_op *op,
			    bool called, int64_t ret)
{
	int ci = find_c(v, str_of(op, TK_NAME));

	if (op->verb == TV_IOCTL && called && ret >= 0 && ci >= 0)
		v->c[ci].opaque = true;
}

/* ---- checks ----------------------------------------------------------- */

struct wctx {
	struct invariants *v;
	struct machine *m;
	struct phb3 *p;
	unsigned phb, pe, w;
	uint16_t rid;
	struct phb3_debug_window win;
	struct icontainer *c;	/* owner, or NULL */
	int cur_pid;
	uint64_t valid;		/* valid TCEs seen */
	unsigned probes;
	uint64_t last_idx;
};

static bool in_region(const struct icontainer *c, uint64_t ua)
{
	for (size_t i = 0; i < c->nregs; i++)
		if (ua >= c->regs[i].ua && ua - c->regs[i].ua < c->regs[i].size)
			return true;
	return false;
}

static const struct imap *map_at(const struct icontainer *c, uint64_t iova)
{
	for (size_t i = 0; i < c->nmaps; i++)
		if (iova >= c->maps[i].iova && iova - c->maps[i].iova < c->maps[i].size)
			return &c->maps[i];
	return NULL;
}

static void leaf(struct wctx *x, uint64_t idx, uint64_t tce)
{
	struct invariants *v = x->v;
	uint64_t iova = ((uint64_t)x->w << 59) | (idx << x->win.ps);
	uint64_t pa = tce & TCE_ADDR_MASK & ~((1ull << x->win.ps) - 1);
	const struct imap *m;

	x->valid++;
	x->last_idx = idx;
	v->checks++;
	/* (b) the page is pinned */
	if (kc_page_pincount(pa) <= 0) {
		fail(v, "(b) pinned: PHB %u PE %u TCE for iova 0x%" PRIx64
		     " points at pa 0x%" PRIx64 ", which is not pinned",
		     x->phb, x->pe, iova, pa);
		return;
	}
	/* (a) it belongs to the owning container's mappings */
	if (!x->c) {
		fail(v, "(a) isolation: PHB %u PE %u has a valid TCE for iova 0x%"
		     PRIx64 " (pa 0x%" PRIx64 ") but no container owns its group",
		     x->phb, x->pe, iova, pa);
		return;
	}
	if (x->c->opaque)
		return;
	m = map_at(x->c, iova);
	if (!m) {
		fail(v, "(a) isolation: PHB %u PE %u reaches pa 0x%" PRIx64
		     " at iova 0x%" PRIx64 ", which container '%s' did not map",
		     x->phb, x->pe, pa, iova, x->c->name);
		return;
	}
	uint64_t ua = m->ua + (iova - m->iova), want;
	if (kc_proc_switch(x->c->pid) || kc_user_to_phys(ua, &want)) {
		fail(v, "(a) isolation: PHB %u PE %u iova 0x%" PRIx64
		     " maps ua 0x%" PRIx64 ", which pid %d no longer has mapped",
		     x->phb, x->pe, iova, ua, x->c->pid);
		return;
	}
	want &= ~((1ull << x->win.ps) - 1);
	if (pa != want || (tce & TCE_RW) != m->perm) {
		fail(v, "(a) isolation: PHB %u PE %u iova 0x%" PRIx64 " -> pa 0x%"
		     PRIx64 " perm %u, but ua 0x%" PRIx64 " is pa 0x%" PRIx64
		     " perm %u", x->phb, x->pe, iova, pa, (unsigned)(tce & TCE_RW),
		     ua, want, m->perm);
		return;
	}
	/* (b) v2: only preregistered memory */
	if (x->c->type == SPAPR_V2 && !in_region(x->c, ua)) {
		fail(v, "(b) preregistered: PHB %u PE %u iova 0x%" PRIx64
		     " maps ua 0x%" PRIx64 ", outside every registered region",
		     x->phb, x->pe, iova, ua);
		return;
	}
	/* (a) a DMA there lands on that page */
	if (x->probes < PROBES_PER_WINDOW) {
		struct phb3_probe pr;
		x->probes++;
		phb3_debug_probe(x->p, x->rid, iova, (tce & 1) ? SIM_DMA_READ
							      : SIM_DMA_WRITE, &pr);
		if (pr.reason != SIM_FAULT_NONE || pr.pa != pa)
			fail(v, "(a) isolation: probe of iova 0x%" PRIx64 " from rid 0x%x"
			     " gives %s pa 0x%" PRIx64 ", table says 0x%" PRIx64,
			     iova, x->rid, sim_fault_reason_name(pr.reason), pr.pa, pa);
	}
}

static int walk(struct wctx *x, struct sim_mem *mem, uint64_t table,
		unsigned level, uint64_t base)
{
	uint64_t n = 1ull << x->win.ts;
	uint64_t *buf = malloc(n * 8);

	if (!buf) {
		fail(x->v, "out of memory walking a TCE table");
		return -1;
	}
	if (sim_mem_read(mem, table, buf, n * 8)) {
		free(buf);
		fail(x->v, "(a) isolation: PHB %u PE %u window %u: table level %u"
		     " at 0x%" PRIx64 " is not in RAM", x->phb, x->pe, x->w,
		     level, table);
		return -1;
	}
	for (uint64_t i = 0; i < n && !x->v->failed; i++) {
		uint64_t e = __builtin_bswap64(buf[i]);	/* tables are BE */
		if (!(e & TCE_RW))
			continue;
		if (level + 1 < x->win.levels)
			walk(x, mem, e & TCE_ADDR_MASK, level + 1, (base << x->win.ts) | i);
		else
			leaf(x, (base << x->win.ts) | i, e);
	}
	free(buf);
	return 0;
}

static uint64_t expected_pages(const struct icontainer *c, unsigned w,
			       unsigned ps)
{
	uint64_t n = 0;

	for (size_t i = 0; i < c->nmaps; i++)
		if ((c->maps[i].iova >> 59) == w)
			n += (c->maps[i].size + (1ull << ps) - 1) >> ps;
	return n;
}

static void check_pe(struct invariants *v, struct machine *m, unsigned phb,
		     struct phb3 *p, unsigned pe, uint16_t rid,
		     struct icontainer *owner)
{
	for (unsigned w = 0; w < 2 && !v->failed; w++) {
		struct wctx x = { .v = v, .m = m, .p = p, .phb = phb, .pe = pe,
				  .w = w, .rid = rid, .c = owner };
		phb3_debug_window(p, pe, w, &x.win);
		if (!x.win.valid)
			continue;
		v->checks++;
		if (x.win.bypass) {
			if (owner)
				fail(v, "(a) isolation: PHB %u PE %u owned by container"
				     " '%s' has its bypass window %u enabled",
				     phb, pe, owner->name, w);
			continue;
		}
		if (walk(&x, machine_mem(m), x.win.table, 0, 0) || v->failed)
			return;
		/* (d) the tables hold exactly what was mapped */
		if (owner && !owner->opaque) {
			uint64_t want = expected_pages(owner, w, x.win.ps);
			if (want != x.valid)
				fail(v, "(d) counters: PHB %u PE %u window %u has %" PRIu64
				     " valid TCEs, but the trace's successful MAPs in"
				     " container '%s' leave %" PRIu64 " IO pages there",
				     phb, pe, w, x.valid, owner->name, want);
		}
		/* (a) past the last valid TCE and past the window: faults */
		struct phb3_probe pr;
		uint64_t top = x.win.win_shift < 59 ? 1ull << x.win.win_shift : 0;
		uint64_t next = x.valid ? (x.last_idx + 1) << x.win.ps : 0;
		if (!v->failed && next < top) {
			uint64_t a = ((uint64_t)w << 59) | next;
			phb3_debug_probe(p, rid, a, SIM_DMA_READ, &pr);
			v->checks++;
			if (pr.reason == SIM_FAULT_NONE)
				fail(v, "(a) isolation: unmapped iova 0x%" PRIx64 " of PE %u"
				     " translates to pa 0x%" PRIx64, a, pe, pr.pa);
		}
		if (!v->failed && top &&
		    phb3_get_params(p)->oow_policy == PHB3_OOW_FAULT) {
			uint64_t a = ((uint64_t)w << 59) | top;
			phb3_debug_probe(p, rid, a, SIM_DMA_READ, &pr);
			v->checks++;
			if (pr.reason == SIM_FAULT_NONE)
				fail(v, "(a) isolation: iova 0x%" PRIx64 " beyond the"
				     " window of PE %u translates to pa 0x%" PRIx64,
				     a, pe, pr.pa);
		}
	}
}

static void check_tables(struct invariants *v, struct machine *m)
{
	const struct machine_config *cfg = machine_config(m);
	bool seen[MACHINE_MAX_PHBS][PHB3_MAX_PES];

	memset(seen, 0, sizeof(seen));
	/* every declared RID (device entries may be ranges), each PE once */
	for (unsigned d = 0; d < cfg->nr_devs && !v->failed; d++) {
		unsigned phb = cfg->devs[d].phb, pe;
		unsigned last = machine_dev_last(&cfg->devs[d]);
		struct phb3 *p = machine_phb3(m, phb);

		for (unsigned rid = cfg->devs[d].bdfn; p && rid <= last &&
		     !v->failed; rid++) {
			struct icontainer *owner = NULL;

			if (phb3_debug_pe_of(p, (uint16_t)rid, &pe) ||
			    seen[phb][pe])
				continue;
			seen[phb][pe] = true;
			for (unsigned i = 0; i < v->ng; i++)
				if (v->g[i].dev == ((uint64_t)phb << 16 | rid) &&
				    v->g[i].container >= 0 &&
				    v->c[v->g[i].container].type)
					owner = &v->c[v->g[i].container];
			check_pe(v, m, phb, p, pe, (uint16_t)rid, owner);
		}
	}
}

/* ---- (d) through debugfs: the driver's own counters -------------------- */

/* The userspace owner of (phb, pe), from the tracked state, or NULL. */
static struct icontainer *owner_of(struct invariants *v, struct machine *m,
				   unsigned phb, unsigned pe)
{
	struct phb3 *p = machine_phb3(m, phb);

	for (unsigned i = 0; i < v->ng; i++) {
		const struct igroup *g = &v->g[i];
		unsigned gpe = 0;	/* P5IOC2: one PE per PHB */

		if ((unsigned)(g->dev >> 16) != phb || g->container < 0 ||
		    !v->c[g->container].type)
			continue;
		if (p && phb3_debug_pe_of(p, (uint16_t)g->dev, &gpe))
			continue;
		if (gpe == pe)
			return &v->c[g->container];
	}
	return NULL;
}

/* Entries the host allocator keeps for itself: entry 0 of a window at
 * bus address 0, and the reserved hole clipped to the table. Counted
 * here from the debugfs values, independently of the driver. */
static uint64_t reserved_entries(uint64_t off, uint64_t size, uint64_t rs,
				 uint64_t re)
{
	uint64_t lo = rs > off ? rs : off;
	uint64_t hi = re < off + size ? re : off + size;
	uint64_t n = hi > lo ? hi - lo : 0;

	if (off == 0 && size && !(lo == 0 && hi > 0))
		n++;		/* entry 0, unless the hole already has it */
	return n;
}

/* Valid TCEs of a PHB3 table below entry `size` (*count), and those past
 * it (*beyond); -1 when a level is not in RAM. */
static int count_walk(struct sim_mem *mem, const struct phb3_debug_window *w,
		      uint64_t table, unsigned level, uint64_t base,
		      uint64_t size, uint64_t *count, uint64_t *beyond)
{
	uint64_t n = 1ull << w->ts, be;

	for (uint64_t i = 0; i < n; i++) {
		if (sim_mem_read(mem, table + i * 8, &be, 8))
			return -1;
		uint64_t e = __builtin_bswap64(be);
		uint64_t idx = (base << w->ts) | i;
		if (!(e & TCE_RW))
			continue;
		if (level + 1 < w->levels) {
			if (count_walk(mem, w, e & TCE_ADDR_MASK, level + 1, idx,
				       size, count, beyond))
				return -1;
		} else if (idx < size) {
			(*count)++;
		} else {
			(*beyond)++;
		}
	}
	return 0;
}

enum { DF_WEIGHT, DF_INDEX, DF_OFFSET, DF_SIZE, DF_SHIFT, DF_RSTART, DF_REND,
       DF_NR };
static const char *const df_names[DF_NR] = {
	"weight", "it_index", "it_offset", "it_size", "it_page_shift",
	"it_reserved_start", "it_reserved_end",
};

static void check_debugfs_table(struct invariants *v, struct machine *m,
				const char *name)
{
	uint64_t f[DF_NR];
	char path[128];

	for (unsigned i = 0; i < DF_NR; i++) {
		int k = snprintf(path, sizeof(path), "iommu/%s/%s", name,
				 df_names[i]);
		/* A file debugfs could not create is not a driver fault. */
		if (k < 0 || (size_t)k >= sizeof(path) ||
		    kc_debugfs_read_u64(path, &f[i]))
			return;
	}
	v->checks++;
	unsigned phb = (unsigned)(f[DF_INDEX] >> 16);
	unsigned tve = (unsigned)(f[DF_INDEX] & 0xffff), pe = tve / 2, w = tve & 1;
	uint64_t size = f[DF_SIZE], weight = f[DF_WEIGHT];
	uint64_t rsv = reserved_entries(f[DF_OFFSET], size, f[DF_RSTART],
					f[DF_REND]);

	if (phb >= machine_config(m)->nr_phbs) {
		fail(v, "(d) counters: debugfs iommu/%s has LIOBN 0x%" PRIx64
		     ", but the machine has no PCI domain %u", name,
		     f[DF_INDEX], phb);
		return;
	}
	if (weight > size || weight < rsv) {
		fail(v, "(d) counters: debugfs iommu/%s/weight = %" PRIu64 ", outside"
		     " [%" PRIu64 " reserved, %" PRIu64 " entries]", name, weight,
		     rsv, size);
		return;
	}
	if (owner_of(v, m, phb, pe)) {
		/* Userspace owns the window: the host allocator must hold
		 * every entry, or host DMA could be handed a user IOVA. */
		if (weight != size)
			fail(v, "(d) counters: debugfs iommu/%s/weight = %" PRIu64
			     " but the table has %" PRIu64 " entries and PHB %u PE %u"
			     " is owned by userspace (host allocator not fully"
			     " claimed)", name, weight, size, phb, pe);
		return;
	}
	struct phb3 *p = machine_phb3(m, phb);
	struct phb3_debug_window win;
	if (!p)
		return;		/* P5IOC2: the TCEs are not walked */
	if (phb3_debug_window(p, pe, w, &win) || !win.valid || win.bypass ||
	    win.ps != f[DF_SHIFT] ||
	    f[DF_OFFSET] != (((uint64_t)w << 59) >> win.ps) ||
	    (win.win_shift < 64 && (size << win.ps) > (1ull << win.win_shift))) {
		fail(v, "(d) counters: debugfs iommu/%s (%" PRIu64 " entries of 2^%"
		     PRIu64 " at entry 0x%" PRIx64 ") does not match TVE %u of PHB"
		     " %u PE %u (%s, page 2^%u, window 2^%u)", name, size,
		     f[DF_SHIFT], f[DF_OFFSET], w, phb, pe,
		     !win.valid ? "invalid" : win.bypass ? "bypass" : "translated",
		     win.ps, win.win_shift);
		return;
	}
	uint64_t valid = 0, beyond = 0;
	if (count_walk(machine_mem(m), &win, win.table, 0, 0, size, &valid,
		       &beyond)) {
		fail(v, "(d) counters: table of debugfs iommu/%s (PHB %u PE %u"
		     " window %u) is not in RAM", name, phb, pe, w);
		return;
	}
	if (beyond)
		fail(v, "(d) counters: PHB %u PE %u window %u has %" PRIu64
		     " valid TCEs past it_size %" PRIu64 " of debugfs iommu/%s",
		     phb, pe, w, beyond, size, name);
	else if (weight - rsv != valid)
		fail(v, "(d) counters: debugfs iommu/%s/weight = %" PRIu64 " (%"
		     PRIu64 " reserved, so %" PRIu64 " host entries in use), but"
		     " PHB %u PE %u window %u holds %" PRIu64 " valid TCEs",
		     name, weight, rsv, weight - rsv, phb, pe, w, valid);
}

/* Every table the driver registered in debugfs (iommu/tce_table*). */
static void check_debugfs(struct invariants *v, struct machine *m)
{
	/* a machine of 16 PHBs x 255 PEs has thousands of tables */
	size_t len = 4096;
	char *list = NULL;
	int n = -EOVERFLOW;

	while (n == -EOVERFLOW && len <= (64u << 20)) {
		char *p = realloc(list, len *= 2);
		if (!p) {
			fail(v, "(d) counters: out of memory listing debugfs iommu/");
			free(list);
			return;
		}
		list = p;
		n = kc_debugfs_list("iommu", list, len);
	}
	if (n == -ENOENT) {
		free(list);
		return;		/* debugfs could not create it: ignored */
	}
	if (n < 0) {
		fail(v, "(d) counters: cannot list debugfs iommu/ (%d)", n);
		free(list);
		return;
	}
	for (char *name = list, *nl; *name && !v->failed; name = nl + 1) {
		nl = strchr(name, '\n');
		*nl = '\0';
		if (!strncmp(name, "tce_table", 9))
			check_debugfs_table(v, m, name);
	}
	free(list);
}

static void check_locked_vm(struct invariants *v, struct machine *m)
{
	unsigned shift = kc_get_page_shift();

	for (unsigned i = 0; i < v->npids && !v->failed; i++) {
		int pid = v->pids[i];
		int64_t lv = kc_proc_locked_vm(pid);
		int64_t ch = kc_proc_locked_charged(pid);
		uint64_t min = 0;

		if (ch < 0)
			continue;	/* no mm any more */
		v->checks++;
		if (lv != ch) {
			fail(v, "(c) locked_vm: pid %d has locked_vm %" PRId64
			     " pages but %" PRId64 " were charged", pid, lv, ch);
			return;
		}
		for (unsigned j = 0; j < v->nc; j++) {
			const struct icontainer *c = &v->c[j];
			if (!c->alive || c->pid != pid)
				continue;
			if (c->type == SPAPR_V2)
				for (size_t r = 0; r < c->nregs; r++)
					min += c->regs[r].size >> shift;
			if (c->type == SPAPR_V1 && c->enabled) {
				/* ENABLE charged the 32-bit window of the group */
				for (unsigned g = 0; g < v->ng; g++) {
					struct phb3 *p;
					struct phb3_debug_window win;
					unsigned pe;
					if (v->g[g].container != (int)j)
						continue;
					p = machine_phb3(m, (unsigned)(v->g[g].dev >> 16));
					if (p && !phb3_debug_pe_of(p, (uint16_t)v->g[g].dev, &pe) &&
					    !phb3_debug_window(p, pe, 0, &win) && win.valid &&
					    !win.bypass)
						min += (1ull << win.win_shift) >> shift;
					break;
				}
			}
		}
		if ((uint64_t)lv < min)
			fail(v, "(c) locked_vm: pid %d has locked_vm %" PRId64
			     " pages, less than the %" PRIu64 " its registered memory"
			     " and enabled v1 windows need", pid, lv, min);
	}
}

int invariants_event(void *ctx, enum replay_event ev, const struct trace_op *op,
		     struct machine *m, char *msg, size_t msglen)
{
	struct invariants *v = ctx;
	struct kc_counters c;

	v->msg = msg;
	v->msglen = msglen;
	v->failed = false;
	if (ev == REPLAY_EV_BOOTED) {
		v->booted = true;
		kc_get_counters(&v->prev);
		add_pid(v, kc_proc_current());
		return 0;
	}
	if (ev == REPLAY_EV_OP_DONE && op && !v->booted) {
		track_op(v, op, false, 0);	/* `group` lines before boot */
		return 0;
	}
	if (!v->booted || !m)
		return 0;
	if (ev == REPLAY_EV_OP_DONE) {
		kc_get_counters(&c);
		bool called = c.syscalls != v->prev.syscalls;
		v->prev = c;
		track_op(v, op, called, c.last_syscall_ret);
		track_raw_ioctl(v, op, called, c.last_syscall_ret);
	}
	for (size_t i = 0; i < MAX_OBJS && !v->failed; i++)
		if (v->c[i].oom)
			fail(v, "the checker ran out of memory for its own "
			     "bookkeeping (container %s)", v->c[i].name);
	int cur = kc_proc_current();
	v->ops++;
	check_debugfs(v, m);
	if (!v->failed)
		check_tables(v, m);
	if (!v->failed)
		check_locked_vm(v, m);
	if (cur > 0 && kc_proc_current() != cur)
		kc_proc_switch(cur);
	if (!v->failed)
		return 0;
	/* Prefix the op's line. */
	char tmp[512];
	snprintf(tmp, sizeof(tmp), "%s", msg);
	if (op)
		snprintf(msg, msglen, "line %u (%s): invariant violated: %s", op->line,
			 trace_verb_name((enum trace_verb)op->verb), tmp);
	else
		snprintf(msg, msglen, "invariant violated: %s", tmp);
	return 1;
}

struct invariants *invariants_create(void)
{
	return calloc(1, sizeof(struct invariants));
}

void invariants_destroy(struct invariants *v)
{
	if (!v)
		return;
	for (unsigned i = 0; i < v->nc; i++)
		c_release(&v->c[i]);
	free(v);
}

void invariants_hooks(struct invariants *v, struct replay_hooks *h)
{
	*h = (struct replay_hooks){ .ctx = v, .event = invariants_event };
}

uint64_t invariants_ops_checked(const struct invariants *v)
{
	return v->ops;
}

uint64_t invariants_checks(const struct invariants *v)
{
	return v->checks;
}
