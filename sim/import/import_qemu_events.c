// SPDX-License-Identifier: GPL-2.0
/*
 * The QEMU events the importer knows, one row each (events[] below): the
 * numeric arguments it needs, what pass 1 learns from it (survey) and
 * the trace operations pass 2 makes of it (convert). What each event
 * becomes is documented in docs/trace-format.md ("Importing QEMU logs").
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_qemu_internal.h"

#define MAX_ARGS 5

/* What pass 2 made of an event line (import_qemu_stats). */
enum outcome {
	CONVERTED,	/* operations emitted */
	NOTED,		/* a note only */
	IGNORED,	/* nothing for the host */
	MALFORMED,	/* arguments did not parse (noted) */
	NOTHING,	/* out of memory: no operation, not counted */
};

struct event {
	const char *name;
	/* key=value (or "key value") numbers it needs, into a[0..] */
	const char *args[MAX_ARGS];
	unsigned flags;
	/* arguments in another form: fill a[], false when malformed */
	bool (*parse)(const struct line *l, uint64_t *a);
	/* pass 1 (may be NULL); a[] parsed, w: the window of an EV_HCALL
	 * event on a known PCI LIOBN, else NULL */
	void (*survey)(struct imp *im, const struct line *l, const uint64_t *a,
		       struct window *w);
	/* pass 2; NULL: ignored. w: the window of an EV_HCALL event. */
	enum outcome (*convert)(struct imp *im, const struct line *l,
				const uint64_t *a, struct window *w);
};

#define EV_PSERIES 1u	/* seen in a log: it comes from a pseries guest */
#define EV_HCALL 2u	/* a pseries hcall: a[0] is its LIOBN (hcall_window) */

/* ---- argument forms -------------------------------------------------------- */

/* "liobn=L ADDR -> PAGE perm=P mask=M": a = liobn, addr, page, perm, mask */
static bool parse_xlate(const struct line *l, uint64_t *a)
{
	const char *arrow = imp_find_sub(l->args, (size_t)(l->end - l->args),
					 " -> ", 4);
	char *endp;

	if (!arrow || !imp_arg_num(l, "liobn", &a[0]) ||
	    !imp_arg_num(l, "perm", &a[3]) || !imp_arg_num(l, "mask", &a[4]))
		return false;
	const char *s = arrow;
	while (s > l->args && s[-1] != ' ')
		s--;
	char buf[40];
	size_t n = (size_t)(arrow - s);
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, s, n);
	buf[n] = 0;
	a[1] = strtoull(buf, &endp, 0);
	if (*endp)
		return false;
	const char *p = arrow + 4, *q = p;
	while (q < l->end && *q != ' ')
		q++;
	n = (size_t)(q - p);
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, p, n);
	buf[n] = 0;
	a[2] = strtoull(buf, &endp, 0);
	return !*endp;
}

/* "iommu map @ 0xA - 0xB" (or unmap): a = map?, A, B with B >= A */
static bool parse_map_notify(const struct line *l, uint64_t *a)
{
	char op[8];
	unsigned long long x, y;
	char buf[160];
	size_t n = (size_t)(l->end - l->args);

	if (n >= sizeof(buf))
		return false;
	memcpy(buf, l->args, n);
	buf[n] = 0;
	if (sscanf(buf, " iommu %7s @ %llx - %llx", op, &x, &y) != 3)
		return false;
	a[0] = !strcmp(op, "map");
	if (!a[0] && strcmp(op, "unmap"))
		return false;
	a[1] = x;
	a[2] = y;
	return a[2] >= a[1];
}

/* ---- pass 1 ----------------------------------------------------------------- */

static void ram_seen(struct imp *im, uint64_t end)
{
	if (end > im->ram_top)
		im->ram_top = end;
}

/* Bus addresses below end used in window w. */
static void bus_seen(struct imp *im, const struct window *w, uint64_t end)
{
	if (w->liobn == DEFAULT_LIOBN && end > im->def_win_top)
		im->def_win_top = end;
}

/* a = liobn, ioba, tce, ret */
static void survey_pci_put(struct imp *im, const struct line *l,
			   const uint64_t *a, struct window *w)
{
	(void)l;
	if (a[3])
		return;	/* failed: the TCE may not even be guest memory */
	ram_seen(im, (a[2] & ~0xfffull) + 0x1000);
	if (!w)
		return;
	bus_seen(im, w, a[1] + (1ull << w->shift));
	imp_shadow_logged(im, w->liobn, a[1] >> w->shift, a[2] & 3);
}

/* The range of a successful H_STUFF_TCE (its logged ioba is the END);
 * false when the extent is unknown. */
static bool stuff_range(const uint64_t *a, const struct window *w,
			uint64_t *start)
{
	uint64_t ioba = a[1], npages = a[3], ret = a[4];
	uint64_t ps = 1ull << w->shift;

	if (ret || npages == 0 || npages > (1u << 20) || ioba < npages * ps)
		return false;
	*start = ioba - npages * ps;
	return true;
}

/* a = liobn, ioba, tcevalue, npages, ret */
static void survey_pci_stuff(struct imp *im, const struct line *l,
			     const uint64_t *a, struct window *w)
{
	uint64_t start;

	(void)l;
	if (!w || !stuff_range(a, w, &start))
		return;
	bus_seen(im, w, a[1]);
	for (uint64_t i = 0; i < a[3]; i++)
		imp_shadow_logged(im, w->liobn, (start >> w->shift) + i,
				  a[2] & 3);
}

/* --infer-indirect applies: the last entry maps a page at least iobaN
 * pages into guest memory. */
static bool indirect_inferred(const struct imp *im, const uint64_t *a,
			      const struct window *w)
{
	uint64_t ps = 1ull << w->shift;

	return im->o->infer_indirect && !a[4] && (a[3] & 3) &&
	       (a[3] & ~(ps - 1)) >= a[2] * ps;
}

/* a = liobn, ioba, iobaN (index of the last entry processed), tceN, ret.
 * Entries before iobaN were set without a trace; entry iobaN is logged
 * (on failure: it is the one that failed). */
static void survey_pci_indirect(struct imp *im, const struct line *l,
				const uint64_t *a, struct window *w)
{
	uint64_t first, n = a[2];

	if (!a[4])	/* on failure tceN is the entry that failed */
		ram_seen(im, (a[3] & ~0xfffull) + 0x1000);
	if (!w || n >= (1u << 20))
		return;
	first = a[1] >> w->shift;
	bus_seen(im, w, (first + n + 1) << w->shift);
	if (indirect_inferred(im, a, w)) {
		for (uint64_t i = 0; i <= n; i++)
			imp_shadow_logged(im, w->liobn, first + i, true);
		return;
	}
	for (uint64_t i = 0; i < n; i++)
		imp_shadow_indirect(im, w->liobn, first + i, l->no,
				    (unsigned)i);
	if (!a[4])
		imp_shadow_logged(im, w->liobn, first + n, a[3] & 3);
}

/* a = liobn, addr (window-relative), page, perm, mask */
static void survey_xlate(struct imp *im, const struct line *l,
			 const uint64_t *a, struct window *w)
{
	uint64_t ps, bus;

	/* the end of the translated page */
	ram_seen(im, (a[2] & ~a[4]) + a[4] + 1);
	if (!w || !(a[3] & 3))
		return;
	ps = 1ull << w->shift;
	bus = w->start + a[1];
	bus_seen(im, w, (bus | (ps - 1)) + 1);
	imp_shadow_xlate(im, w->liobn, bus >> w->shift, l->no, bus & ~(ps - 1),
			 (a[2] & ~(ps - 1)) | (a[3] & 3), w->shift);
}

/* "start addr=BUS" of a ddw_create line */
static bool ddw_start(const struct line *l, uint64_t *start)
{
	const char *sa = imp_find_sub(l->args, (size_t)(l->end - l->args),
				      "start addr=", 11);
	struct line tmp = *l;

	if (!sa)
		return false;
	tmp.args = sa + 6;
	return imp_arg_num(&tmp, "addr", start);
}

/* a = size (page size), requested, addr, liobn */
static void survey_ddw_create(struct imp *im, const struct line *l,
			      const uint64_t *a, struct window *w)
{
	uint64_t start;

	(void)w;
	if (a[0] >= (1u << 24))
		im->huge_pages = true;
	if (ddw_start(l, &start) && a[0] && !(a[0] & (a[0] - 1)))
		imp_win_add(im, (uint32_t)a[3], start, imp_log2u(a[0]));
}

/* A window goes away: its entries with it. */
static void window_gone(struct imp *im, struct window *w)
{
	imp_shadow_drop(im, w->liobn);
	w->used = false;
}

/* a = liobn */
static void survey_ddw_remove(struct imp *im, const struct line *l,
			      const uint64_t *a, struct window *w)
{
	(void)l, (void)w;
	w = imp_win_find(im, (uint32_t)a[0]);
	if (w)
		window_gone(im, w);
}

static void survey_ddw_reset(struct imp *im, const struct line *l,
			     const uint64_t *a, struct window *w)
{
	(void)l, (void)a, (void)w;
	for (int i = 0; i < MAX_WINDOWS; i++)
		if (im->win[i].used && im->win[i].liobn != DEFAULT_LIOBN)
			window_gone(im, &im->win[i]);
}

/* a = va, size, ret */
static void survey_prereg(struct imp *im, const struct line *l,
			  const uint64_t *a, struct window *w)
{
	(void)l, (void)w;
	if (a[2] != 0)
		return;
	im->has_vfio_prereg = true;
	if (im->nregs < MAX_WINDOWS) {
		im->reg_va[im->nregs] = a[0];
		im->reg_size[im->nregs++] = a[1];
	}
}

/* a = pageshift, levels, winsize, offset */
static void survey_create_window(struct imp *im, const struct line *l,
				 const uint64_t *a, struct window *w)
{
	(void)l, (void)w;
	im->has_vfio_window = true;
	if (a[0] >= 24)
		im->huge_pages = true;
}

/* The PHB3 register blocks, in order of first access: the PHB's index. */
static int survey_phb(struct imp *im, uint64_t addr)
{
	uint64_t base = addr & ~0xfffull;
	unsigned i;

	for (i = 0; i < im->nphbs; i++)
		if (im->phb_base[i] == base)
			return (int)i;
	if (im->nphbs == MAX_PHBS)
		return -1;
	im->phb_base[im->nphbs] = base;
	return (int)im->nphbs++;
}

/* PHB3 CONFIG_ADDRESS / CONFIG_DATA offsets and CONFIG_ADDRESS fields. */
#define PHB3_CFG_DATA 0x130
#define PHB3_CFG_ADDR 0x140
#define CFG_ENABLE(a) ((a) >> 63)
#define CFG_RID(a) ((uint16_t)((a) >> 44))	/* bus, dev, fn: bits 4..19 */
#define CFG_REG(a) (((a) >> 32) & 0xfff)	/* bits 20..31 */

/*
 * A config read of a function's vendor ID (config offset 0) below the
 * root port (bus > 0) that did not return all-ones: a device is cabled
 * to that PHB. The replay declares it, so that the PHB's link trains.
 */
static void survey_cfg_read(struct imp *im, const struct line *l, int phb,
			    uint64_t off, uint64_t size, uint64_t value)
{
	uint64_t a = im->cfg_addr[phb];
	uint16_t rid = CFG_RID(a);
	unsigned i;

	if (!CFG_ENABLE(a) || CFG_REG(a) || (off & 3) || !(rid >> 8) ||
	    size > 4 || value == (1ull << (8 * size)) - 1)
		return;
	for (i = 0; i < im->ncfg_devs; i++)
		if (im->cfg_dev[i].phb == (unsigned)phb &&
		    im->cfg_dev[i].rid == rid)
			return;
	if (im->ncfg_devs == MAX_CFG_DEVS) {
		im->cfg_devs_dropped++;
		return;
	}
	im->cfg_dev[im->ncfg_devs++] = (struct cfg_dev){
		.phb = (unsigned)phb, .line = l->no, .rid = rid };
}

static void survey_mmio(struct imp *im, const struct line *l,
			const uint64_t *a, struct window *w)
{
	uint64_t addr, value, size, off;
	char name[32];
	int phb;

	(void)a, (void)w;
	if (!imp_arg_quoted(l, "name", name, sizeof(name)) ||
	    strcmp(name, "phb3-regs") || !imp_arg_num(l, "addr", &addr))
		return;
	im->has_mmio = true;
	phb = survey_phb(im, addr);
	if (phb < 0 || !imp_arg_num(l, "value", &value) ||
	    !imp_arg_num(l, "size", &size))
		return;
	off = addr & 0xfff;
	if (imp_ev_is(l, "memory_region_ops_write")) {
		if (off == PHB3_CFG_ADDR && size == 8)
			im->cfg_addr[phb] = value;
	} else if (off >= PHB3_CFG_DATA && off < PHB3_CFG_DATA + 8) {
		survey_cfg_read(im, l, phb, off - PHB3_CFG_DATA, size, value);
	}
}

/* ---- pass 2: pseries hcalls ----------------------------------------------------- */

/* a = liobn, ioba, tce, ret */
static enum outcome conv_pci_put(struct imp *im, const struct line *l,
				 const uint64_t *a, struct window *w)
{
	uint64_t ioba = a[1], tce = a[2], ret = a[3];

	if (ret) {
		imp_note(im, "log line %u: H_PUT_TCE failed in the guest (ret=%" PRId64 "): no host operation",
			 l->no, (int64_t)ret);
		return NOTED;
	}
	uint64_t ps = 1ull << w->shift;
	if (tce & 3)
		imp_emit_map(im, ioba, tce & ~(ps - 1), ps, tce);
	else
		imp_emit_unmap(im, ioba, ps);
	return CONVERTED;
}

/* a = liobn, ioba, tcevalue, npages, ret */
static enum outcome conv_pci_stuff(struct imp *im, const struct line *l,
				   const uint64_t *a, struct window *w)
{
	uint64_t tce = a[2], npages = a[3], start;
	uint64_t ps = 1ull << w->shift;

	if (!stuff_range(a, w, &start)) {
		imp_note(im, "log line %u: H_STUFF_TCE ret=%" PRId64 " npages=%" PRIu64 ": extent unknown, no host operation",
			 l->no, (int64_t)a[4], npages);
		return NOTED;
	}
	if (tce & 3) {
		for (uint64_t i = 0; i < npages; i++)
			imp_emit_map(im, start + i * ps, tce & ~(ps - 1), ps, tce);
	} else {
		imp_emit_unmap(im, start, npages * ps);
	}
	return CONVERTED;
}

/* Map the entries of the indirect call at line l that device
 * translations showed (the log does not have them otherwise). */
static void indirect_evidence(struct imp *im, const struct imp_evidence *ev,
			      size_t n)
{
	for (size_t i = 0; i < n; i++)
		imp_emit_map(im, ev[i].bus, ev[i].tce & ~((1ull << ev[i].shift) - 1),
			     1ull << ev[i].shift, ev[i].tce);
}

/* a = liobn, ioba, iobaN (index of the last entry processed), tceN, ret */
static enum outcome conv_pci_indirect(struct imp *im, const struct line *l,
				      const uint64_t *a, struct window *w)
{
	uint64_t ioba = a[1], n = a[2], tce = a[3], ret = a[4];
	uint64_t ps = 1ull << w->shift;
	uint64_t last = ioba + n * ps;
	const struct imp_evidence *ev;
	size_t known;

	if (n >= (1u << 20)) {
		imp_note(im, "log line %u: H_PUT_TCE_INDIRECT with iobaN=%" PRIu64 ": no host operation",
			 l->no, n);
		return NOTED;
	}
	if (indirect_inferred(im, a, w)) {
		imp_note(im, "log line %u: H_PUT_TCE_INDIRECT of %" PRIu64 " entries, assumed consecutive pages",
			 l->no, n + 1);
		imp_emit_map(im, ioba, (tce & ~(ps - 1)) - n * ps,
			     (n + 1) * ps, tce);
		return CONVERTED;
	}
	known = imp_shadow_evidence(im, l->no, &ev);
	im->indirect_calls++;
	im->indirect_unlogged += (unsigned)n;
	im->indirect_established += (unsigned)known;
	if (ret) {
		imp_note(im, "log line %u: H_PUT_TCE_INDIRECT failed (ret=%" PRId64 ") at entry %" PRIu64 "; the %" PRIu64 " entries before it were set, not logged; %zu known from device translations",
			 l->no, (int64_t)ret, n, n, known);
		indirect_evidence(im, ev, known);
		return known ? CONVERTED : NOTED;
	}
	imp_note(im, "log line %u: H_PUT_TCE_INDIRECT of %" PRIu64 " entries at 0x%" PRIx64 ": the last is logged, %zu more known from device translations",
		 l->no, n + 1, ioba, known);
	indirect_evidence(im, ev, known);
	if (tce & 3)
		imp_emit_map(im, last, tce & ~(ps - 1), ps, tce);
	else
		imp_emit_unmap(im, last, ps);
	return CONVERTED;
}

/* After a DMA the log shows failing: QEMU's pseries PHB has no freeze,
 * so the PE is unfrozen for the rest of the log to replay. */
static void emit_unfreeze(struct imp *im)
{
	static const char *const ops[] = { "unfreeze_io", "unfreeze_dma" };

	for (int i = 0; i < 2; i++) {
		struct trace_op *o = imp_op(im, TV_EEH_PE_OP);
		if (!o)
			return;
		imp_kv_c0(im, o);
		trace_op_str(im->t, o, TK_OP, ops[i]);
	}
}

/* a = liobn, addr, page, perm, mask: a device access and its result */
static enum outcome conv_xlate(struct imp *im, const struct line *l,
			       const uint64_t *a, struct window *w)
{
	uint64_t addr = a[1], page = a[2], perm = a[3], mask = a[4];
	const struct imp_evidence *pre = imp_shadow_premap(im, l->no);
	struct trace_op *o;

	if (pre) {
		imp_note(im, "log line %u: no event of the log set the TCE at 0x%" PRIx64 " (set before the log began): set from this translation",
			 l->no, pre->bus);
		imp_emit_map(im, pre->bus, pre->tce & ~((1ull << pre->shift) - 1),
			     1ull << pre->shift, pre->tce);
	}
	o = imp_op(im, TV_DMA);
	if (!o)
		return NOTHING;
	trace_op_unum(im->t, o, TK_DEV, im->o->rid);
	trace_op_unum(im->t, o, TK_ADDR, w->start + addr);
	trace_op_unum(im->t, o, TK_LEN, 1);
	trace_op_str(im->t, o, TK_DIR, (perm & 1) ? "read" : "write");
	if (perm & 3) {
		trace_op_str(im->t, o, TK_X_STATUS, "ok");
		trace_op_unum(im->t, o, TK_X_UA,
			      im->ua_base + (page & ~mask) + (addr & mask));
	} else {
		trace_op_str(im->t, o, TK_X_STATUS, "fault");
		emit_unfreeze(im);
	}
	return CONVERTED;
}

/* ---- pass 2: pseries DDW ---------------------------------------------------------- */

static enum outcome conv_note_line(struct imp *im, const struct line *l,
				   const uint64_t *a, struct window *w)
{
	(void)a, (void)w;
	imp_note(im, "log line %u: %.*s", l->no, (int)(l->end - l->ev), l->ev);
	return NOTED;
}

/* QEMU's first guess of levels: ceil(bits / (host page shift + 8)). */
static unsigned levels_for(uint64_t size, unsigned shift)
{
	unsigned bits = imp_log2u(size) > shift ? imp_log2u(size) - shift : 1;
	unsigned per = 16 + 8;
	unsigned l = (bits + per - 1) / per;
	return l ? l : 1;
}

/* a = size (page size), requested (window size), addr, liobn; the bus
 * address is the second addr= of the line ("start addr=BUS"). */
static enum outcome conv_ddw_create(struct imp *im, const struct line *l,
				    const uint64_t *a, struct window *w)
{
	uint64_t ps = a[0], size = a[1], liobn = a[3], start;

	(void)w;
	if (!ddw_start(l, &start) || !ps || (ps & (ps - 1)))
		return MALFORMED;
	imp_win_add(im, (uint32_t)liobn, start, imp_log2u(ps));
	if (im->has_vfio_window) {
		imp_note(im, "log line %u: DDW 0x%" PRIx64 " created (the VFIO events carry the container side)",
			 l->no, liobn);
		return NOTED;
	}
	imp_emit_create(im, imp_log2u(ps), size, levels_for(size, imp_log2u(ps)),
			start);
	return CONVERTED;
}

/* a = liobn */
static enum outcome conv_ddw_remove(struct imp *im, const struct line *l,
				    const uint64_t *a, struct window *w)
{
	w = imp_win_find(im, (uint32_t)a[0]);
	if (!w) {
		imp_note(im, "log line %u: remove of unknown LIOBN 0x%" PRIx64,
			 l->no, a[0]);
		return NOTED;
	}
	w->used = false;
	if (!im->has_vfio_window)
		imp_emit_remove(im, w->start);
	return CONVERTED;
}

static enum outcome conv_ddw_reset(struct imp *im, const struct line *l,
				   const uint64_t *a, struct window *w)
{
	(void)a, (void)w;
	imp_note(im, "log line %u: DDW reset", l->no);
	for (int i = 0; i < MAX_WINDOWS; i++) {
		if (im->win[i].used && im->win[i].liobn != DEFAULT_LIOBN) {
			im->win[i].used = false;
			if (!im->has_vfio_window)
				imp_emit_remove(im, im->win[i].start);
		}
	}
	return NOTED;
}

/* ---- pass 2: VFIO ---------------------------------------------------------------- */

/* a = va, size, ret */
static enum outcome prereg(struct imp *im, enum trace_verb verb,
			   const uint64_t *a)
{
	struct trace_op *o = imp_op(im, verb);

	if (!o)
		return NOTHING;
	imp_kv_c0(im, o);
	trace_op_unum(im->t, o, TK_UA, a[0]);
	trace_op_unum(im->t, o, TK_SIZE, a[1]);
	imp_emit_errno_expect(im, o, a[2]);
	return CONVERTED;
}

static enum outcome conv_register(struct imp *im, const struct line *l,
				  const uint64_t *a, struct window *w)
{
	(void)l, (void)w;
	return prereg(im, TV_REGISTER, a);
}

static enum outcome conv_unregister(struct imp *im, const struct line *l,
				    const uint64_t *a, struct window *w)
{
	(void)l, (void)w;
	return prereg(im, TV_UNREGISTER, a);
}

/* a = pageshift, levels, winsize, offset */
static enum outcome conv_create_window(struct imp *im, const struct line *l,
				       const uint64_t *a, struct window *w)
{
	(void)l, (void)w;
	imp_emit_create(im, (unsigned)a[0], a[2], (unsigned)a[1], a[3]);
	return CONVERTED;
}

/* a = offset */
static enum outcome conv_remove_window(struct imp *im, const struct line *l,
				       const uint64_t *a, struct window *w)
{
	(void)l, (void)w;
	imp_emit_remove(im, a[0]);
	return CONVERTED;
}

/* a = map?, first, last */
static enum outcome conv_map_notify(struct imp *im, const struct line *l,
				    const uint64_t *a, struct window *w)
{
	(void)w;
	if (im->has_pseries)
		return IGNORED;	/* the hcall event already did it */
	if (a[0]) {
		imp_note(im, "log line %u: map 0x%" PRIx64 "..0x%" PRIx64 ": the user address is not in the log",
			 l->no, a[1], a[2]);
		return NOTED;
	}
	imp_emit_unmap(im, a[1], a[2] - a[1] + 1);
	return CONVERTED;
}

/* ---- pass 2: PHB3 MMIO ------------------------------------------------------------ */

static int phb_index(struct imp *im, uint64_t addr)
{
	for (unsigned i = 0; i < im->nphbs; i++)
		if (im->phb_base[i] == (addr & ~0xfffull))
			return (int)i;
	return -1;
}

/* An access to a 'phb3-regs' region: a register read or write. */
static enum outcome mmio(struct imp *im, const struct line *l, bool wr)
{
	uint64_t addr, value, size;
	char name[32];

	if (!imp_arg_quoted(l, "name", name, sizeof(name)))
		return MALFORMED;
	if (strcmp(name, "phb3-regs"))
		return IGNORED;
	if (!imp_arg_num(l, "addr", &addr) || !imp_arg_num(l, "value", &value) ||
	    !imp_arg_num(l, "size", &size))
		return MALFORMED;
	int phb = phb_index(im, addr);
	if (phb < 0 || size != 8) {
		imp_note(im, "log line %u: PHB3 access of size %" PRIu64 " or beyond %d PHBs skipped",
			 l->no, size, MAX_PHBS);
		return NOTED;
	}
	struct trace_op *o = imp_op(im, wr ? TV_REG_WRITE : TV_REG_READ);
	if (!o)
		return NOTHING;
	trace_op_unum(im->t, o, TK_PHB, (unsigned)phb);
	trace_op_unum(im->t, o, TK_REG, addr & 0xfff);
	trace_op_unum(im->t, o, wr ? TK_VALUE : TK_X_VALUE, value);
	return CONVERTED;
}

static enum outcome conv_mmio_write(struct imp *im, const struct line *l,
				    const uint64_t *a, struct window *w)
{
	(void)a, (void)w;
	return mmio(im, l, true);
}

static enum outcome conv_mmio_read(struct imp *im, const struct line *l,
				   const uint64_t *a, struct window *w)
{
	(void)a, (void)w;
	return mmio(im, l, false);
}

/* ---- the table --------------------------------------------------------------------- */

static const struct event events[] = {
	/* sPAPR VIO LIOBNs and TCE reads: nothing for a VFIO host */
	{ "spapr_iommu_put", { NULL }, 0, NULL, NULL, NULL },
	{ "spapr_iommu_get", { NULL }, 0, NULL, NULL, NULL },
	{ "spapr_iommu_indirect", { NULL }, 0, NULL, NULL, NULL },
	{ "spapr_iommu_stuff", { NULL }, 0, NULL, NULL, NULL },
	{ "spapr_iommu_pci_get", { NULL }, 0, NULL, NULL, NULL },
	/* pseries hcalls on PCI LIOBNs */
	{ "spapr_iommu_pci_put", { "liobn", "ioba", "tce", "ret" },
	  EV_PSERIES | EV_HCALL, NULL, survey_pci_put, conv_pci_put },
	{ "spapr_iommu_pci_stuff", { "liobn", "ioba", "tcevalue", "npages", "ret" },
	  EV_PSERIES | EV_HCALL, NULL, survey_pci_stuff, conv_pci_stuff },
	{ "spapr_iommu_pci_indirect", { "liobn", "ioba", "iobaN", "tceN", "ret" },
	  EV_PSERIES | EV_HCALL, NULL, survey_pci_indirect, conv_pci_indirect },
	{ "spapr_iommu_xlate", { NULL },
	  EV_PSERIES | EV_HCALL, parse_xlate, survey_xlate, conv_xlate },
	/* pseries dynamic DMA windows */
	{ "spapr_iommu_new_table", { NULL }, 0, NULL, NULL, conv_note_line },
	{ "spapr_iommu_ddw_query", { NULL }, 0, NULL, NULL, conv_note_line },
	{ "spapr_iommu_ddw_create", { "size", "requested", "addr", "liobn" },
	  EV_PSERIES, NULL, survey_ddw_create, conv_ddw_create },
	{ "spapr_iommu_ddw_remove", { "liobn" }, 0, NULL, survey_ddw_remove,
	  conv_ddw_remove },
	{ "spapr_iommu_ddw_reset", { NULL }, 0, NULL, survey_ddw_reset,
	  conv_ddw_reset },
	/* VFIO sPAPR (the VMM's side) */
	{ "vfio_prereg_register", { "va", "size", "ret" },
	  0, NULL, survey_prereg, conv_register },
	{ "vfio_prereg_unregister", { "va", "size", "ret" },
	  0, NULL, NULL, conv_unregister },
	{ "vfio_spapr_create_window", { "pageshift", "levels", "winsize", "offset" },
	  0, NULL, survey_create_window, conv_create_window },
	{ "vfio_spapr_remove_window", { "offset" },
	  0, NULL, NULL, conv_remove_window },
	{ "vfio_iommu_map_notify", { NULL },
	  0, parse_map_notify, NULL, conv_map_notify },
	/* powernv PHB3 register accesses */
	{ "memory_region_ops_write", { NULL }, 0, NULL, survey_mmio, conv_mmio_write },
	{ "memory_region_ops_read", { NULL }, 0, NULL, survey_mmio, conv_mmio_read },
};

static const struct event *event_of(const struct line *l)
{
	for (size_t i = 0; i < sizeof(events) / sizeof(events[0]); i++)
		if (imp_ev_is(l, events[i].name))
			return &events[i];
	return NULL;
}

/* The event's arguments into a[]; false when one is missing or bad. */
static bool event_args(const struct event *e, const struct line *l,
		       uint64_t *a)
{
	if (e->parse)
		return e->parse(l, a);
	for (unsigned i = 0; i < MAX_ARGS && e->args[i]; i++)
		if (!imp_arg_num(l, e->args[i], &a[i]))
			return false;
	return true;
}

/* A pseries hcall on a PCI LIOBN: its window. NULL with *out set when
 * the event is skipped (VIO LIOBN: ignored; unknown window: noted). */
static struct window *hcall_window(struct imp *im, const struct line *l,
				   uint64_t liobn, enum outcome *out)
{
	if (!(liobn & LIOBN_PCI)) {
		*out = IGNORED;	/* VIO: not a VFIO container */
		return NULL;
	}
	struct window *w = imp_win_find(im, (uint32_t)liobn);
	if (!w) {
		imp_note(im, "log line %u: LIOBN 0x%" PRIx64 " has no known window; event skipped",
			 l->no, liobn);
		*out = NOTED;
	}
	return w;
}

/* An event name the importer does not know: counted, by name. */
static void unknown(struct imp *im, const struct line *l)
{
	struct import_qemu_stats *st = im->st;
	size_t n = (size_t)(l->eve - l->ev);

	st->unknown++;
	if (n >= sizeof(st->unknown_names[0].name))
		n = sizeof(st->unknown_names[0].name) - 1;
	for (unsigned i = 0; i < st->n_unknown_names; i++)
		if (strlen(st->unknown_names[i].name) == n &&
		    !memcmp(st->unknown_names[i].name, l->ev, n)) {
			st->unknown_names[i].count++;
			return;
		}
	if (st->n_unknown_names < IMPORT_QEMU_MAX_UNKNOWN) {
		memcpy(st->unknown_names[st->n_unknown_names].name, l->ev, n);
		st->unknown_names[st->n_unknown_names].name[n] = 0;
		st->unknown_names[st->n_unknown_names++].count = 1;
	}
}

void imp_survey_event(struct imp *im, const struct line *l)
{
	const struct event *e = event_of(l);
	uint64_t a[MAX_ARGS] = { 0 };
	struct window *w = NULL;

	if (!e)
		return;
	if (e->flags & EV_PSERIES)
		im->has_pseries = true;
	if (!e->survey || !event_args(e, l, a))
		return;	/* pass 2 notes a malformed line */
	if ((e->flags & EV_HCALL) && (a[0] & LIOBN_PCI))
		w = imp_win_find(im, (uint32_t)a[0]);
	e->survey(im, l, a, w);
}

void imp_convert_event(struct imp *im, const struct line *l)
{
	const struct event *e = event_of(l);
	struct import_qemu_stats *st = im->st;
	uint64_t a[MAX_ARGS] = { 0 };
	struct window *w = NULL;
	enum outcome out;

	if (!e) {
		unknown(im, l);
		return;
	}
	if (!event_args(e, l, a))
		out = MALFORMED;
	else if ((e->flags & EV_HCALL) && !(w = hcall_window(im, l, a[0], &out)))
		;	/* skipped: out says why */
	else
		out = e->convert ? e->convert(im, l, a, w) : IGNORED;
	switch (out) {
	case CONVERTED:
		st->converted++;
		break;
	case NOTED:
		st->noted++;
		break;
	case IGNORED:
		st->ignored++;
		break;
	case MALFORMED:
		st->malformed++;
		imp_note(im, "log line %u: malformed %.*s event skipped", l->no,
			 (int)(l->eve - l->ev), l->ev);
		break;
	case NOTHING:
		break;
	}
}
