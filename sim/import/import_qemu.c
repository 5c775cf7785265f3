// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU log importer: reads the lines of a QEMU "log" trace backend file,
 * recognises the sPAPR TCE, VFIO sPAPR and PHB3 MMIO events, and emits the
 * equivalent tcesim operations. Two passes: the first learns what the log
 * contains (event kinds, guest RAM extent, page sizes, PHB bases), the
 * second emits the machine set-up and then one group of operations per
 * event, in log order.
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/import_qemu.h"

#define LIOBN_PCI 0x80000000u
#define DEFAULT_LIOBN 0x80000000u
#define MAX_WINDOWS 16
#define MAX_PHBS 8

struct window {
	uint32_t liobn;
	uint64_t start;
	unsigned shift;
	bool used;
};

struct line {
	const char *ev, *eve;	/* event name */
	const char *args, *end;	/* rest of the line */
	unsigned no;
};

struct imp {
	const struct import_qemu_opts *o;
	struct trace *t;
	struct import_qemu_stats *st;
	struct window win[MAX_WINDOWS];
	uint64_t phb_base[MAX_PHBS];
	unsigned nphbs;
	/* first-pass facts */
	bool has_pseries, has_vfio_prereg, has_vfio_window, has_mmio;
	bool huge_pages;
	uint64_t ram_top;
	unsigned nregs;		/* preregistered regions seen in the log */
	uint64_t reg_va[MAX_WINDOWS], reg_size[MAX_WINDOWS];
	uint64_t ua_base;
};

/* ---- line splitting --------------------------------------------------- */

/* First occurrence of needle (n bytes) in hay (len bytes), or NULL. */
static const char *find_sub(const char *hay, size_t len, const char *needle,
			    size_t n)
{
	for (size_t i = 0; n && i + n <= len; i++)
		if (hay[i] == needle[0] && !memcmp(hay + i, needle, n))
			return hay + i;
	return NULL;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Split "PID@SEC.USEC:event args" or "event args"; false if not an event. */
static bool split_line(const char *s, const char *e, struct line *l)
{
	const char *p = s;

	while (p < e && is_digit(*p))
		p++;
	if (p > s && p < e && *p == '@') {
		p++;
		while (p < e && (is_digit(*p) || *p == '.'))
			p++;
		if (p >= e || *p != ':')
			return false;
		p++;
	} else {
		p = s;
	}
	l->ev = p;
	while (p < e && ((*p >= 'a' && *p <= 'z') || is_digit(*p) || *p == '_'))
		p++;
	l->eve = p;
	if (l->eve == l->ev || (p < e && *p != ' '))
		return false;
	/* Event names have an underscore (vfio_..., spapr_...). */
	if (!memchr(l->ev, '_', (size_t)(l->eve - l->ev)))
		return false;
	l->args = p;
	l->end = e;
	return true;
}

static bool ev_is(const struct line *l, const char *name)
{
	size_t n = strlen(name);
	return (size_t)(l->eve - l->ev) == n && !memcmp(l->ev, name, n);
}

/* Find "key" followed by '=' or ' ' in the arguments; parse the number. */
static bool arg_num(const struct line *l, const char *key, uint64_t *v)
{
	size_t kl = strlen(key);
	const char *p = l->args;

	while (p < l->end) {
		const char *h = find_sub(p, (size_t)(l->end - p), key, kl);
		if (!h)
			return false;
		bool word_start = h == l->args || h[-1] == ' ' || h[-1] == ',';
		const char *q = h + kl;
		if (word_start && q < l->end && (*q == '=' || *q == ' ')) {
			q++;
			bool neg = false;
			if (q < l->end && *q == '-') {
				neg = true;
				q++;
			}
			char buf[32];
			size_t n = 0;
			while (q < l->end && n < sizeof(buf) - 1 &&
			       (is_digit(*q) || (*q >= 'a' && *q <= 'f') ||
				(*q >= 'A' && *q <= 'F') || *q == 'x'))
				buf[n++] = *q++;
			buf[n] = 0;
			if (!n)
				return false;
			char *endp;
			errno = 0;
			uint64_t x = strtoull(buf, &endp, 0);
			if (*endp || errno)
				return false;
			*v = neg ? -x : x;
			return true;
		}
		p = h + 1;
	}
	return false;
}

/* Quoted name at "name 'xxx'": copies into buf. */
static bool arg_quoted(const struct line *l, const char *key, char *buf,
		       size_t len)
{
	size_t kl = strlen(key);
	const char *h = find_sub(l->args, (size_t)(l->end - l->args), key, kl);

	if (!h || h + kl + 1 >= l->end || h[kl] != ' ' || h[kl + 1] != '\'')
		return false;
	const char *s = h + kl + 2;
	const char *q = memchr(s, '\'', (size_t)(l->end - s));
	if (!q || (size_t)(q - s) >= len)
		return false;
	memcpy(buf, s, (size_t)(q - s));
	buf[q - s] = 0;
	return true;
}

/* "liobn=L ADDR -> PAGE perm=P mask=M" */
static bool parse_xlate(const struct line *l, uint64_t *liobn, uint64_t *addr,
			uint64_t *page, uint64_t *perm, uint64_t *mask)
{
	const char *arrow = find_sub(l->args, (size_t)(l->end - l->args), " -> ", 4);
	char *endp;

	if (!arrow || !arg_num(l, "liobn", liobn) || !arg_num(l, "perm", perm) ||
	    !arg_num(l, "mask", mask))
		return false;
	const char *a = arrow;
	while (a > l->args && a[-1] != ' ')
		a--;
	char buf[40];
	size_t n = (size_t)(arrow - a);
	if (n == 0 || n >= sizeof(buf))
		return false;
	memcpy(buf, a, n);
	buf[n] = 0;
	*addr = strtoull(buf, &endp, 0);
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
	*page = strtoull(buf, &endp, 0);
	return !*endp;
}

/* "iommu map @ 0xA - 0xB" */
static bool parse_map_notify(const struct line *l, bool *map, uint64_t *a,
			     uint64_t *b)
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
	*map = !strcmp(op, "map");
	if (!*map && strcmp(op, "unmap"))
		return false;
	*a = x;
	*b = y;
	return true;
}

/* ---- emitting ----------------------------------------------------------- */

static struct trace_op *op(struct imp *im, enum trace_verb v)
{
	return trace_add_op(im->t, v, 0);
}

static void note(struct imp *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct imp *im, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	struct trace_op *o = op(im, TV_NOTE);
	if (o)
		trace_op_str(im->t, o, TK_NAME, buf);
}

static void kv_c0(struct imp *im, struct trace_op *o)
{
	trace_op_str(im->t, o, TK_CONTAINER, "c0");
}

static const char *dir_of(uint64_t perm)
{
	switch (perm & 3) {
	case 1: return "r";
	case 2: return "w";
	default: return "rw";
	}
}

static struct window *win_find(struct imp *im, uint32_t liobn)
{
	for (int i = 0; i < MAX_WINDOWS; i++)
		if (im->win[i].used && im->win[i].liobn == liobn)
			return &im->win[i];
	return NULL;
}

static struct window *win_add(struct imp *im, uint32_t liobn, uint64_t start,
			      unsigned shift)
{
	struct window *w = win_find(im, liobn);

	for (int i = 0; !w && i < MAX_WINDOWS; i++)
		if (!im->win[i].used)
			w = &im->win[i];
	if (w)
		*w = (struct window){ liobn, start, shift, true };
	return w;
}

static unsigned log2u(uint64_t v)
{
	unsigned s = 0;
	while (v > 1) {
		v >>= 1;
		s++;
	}
	return s;
}

static void emit_map(struct imp *im, uint64_t iova, uint64_t gpa,
		     uint64_t size, uint64_t perm)
{
	struct trace_op *o = op(im, TV_MAP);
	if (!o)
		return;
	kv_c0(im, o);
	trace_op_unum(im->t, o, TK_UA, im->ua_base + gpa);
	trace_op_unum(im->t, o, TK_IOVA, iova);
	trace_op_unum(im->t, o, TK_SIZE, size);
	trace_op_str(im->t, o, TK_DIR, dir_of(perm));
}

static void emit_unmap(struct imp *im, uint64_t iova, uint64_t size)
{
	struct trace_op *o = op(im, TV_UNMAP);
	if (!o)
		return;
	kv_c0(im, o);
	trace_op_unum(im->t, o, TK_IOVA, iova);
	trace_op_unum(im->t, o, TK_SIZE, size);
}

static void emit_errno_expect(struct imp *im, struct trace_op *o, uint64_t ret)
{
	int64_t r = (int64_t)ret;
	trace_op_unum(im->t, o, TK_X_ERRNO, r < 0 ? (uint64_t)-r : 0);
}

/* QEMU's first guess of levels: ceil(bits / (host page shift + 8)). */
static unsigned levels_for(uint64_t size, unsigned shift)
{
	unsigned bits = log2u(size) > shift ? log2u(size) - shift : 1;
	unsigned per = 16 + 8;
	unsigned l = (bits + per - 1) / per;
	return l ? l : 1;
}

static void emit_create(struct imp *im, unsigned shift, uint64_t size,
			unsigned levels, uint64_t start)
{
	struct trace_op *o = op(im, TV_CREATE_WINDOW);
	if (!o)
		return;
	kv_c0(im, o);
	trace_op_unum(im->t, o, TK_PAGE_SHIFT, shift);
	trace_op_unum(im->t, o, TK_SIZE, size);
	trace_op_unum(im->t, o, TK_LEVELS, levels);
	trace_op_unum(im->t, o, TK_X_START, start);
}

static void emit_remove(struct imp *im, uint64_t start)
{
	struct trace_op *o = op(im, TV_REMOVE_WINDOW);
	if (!o)
		return;
	kv_c0(im, o);
	trace_op_unum(im->t, o, TK_START, start);
}

/* ---- pass 1 -------------------------------------------------------------- */

static bool is_pseries_hcall(const struct line *l)
{
	static const char *const evs[] = {
		"spapr_iommu_pci_put", "spapr_iommu_pci_indirect",
		"spapr_iommu_pci_stuff", "spapr_iommu_xlate",
	};
	for (size_t i = 0; i < sizeof(evs) / sizeof(evs[0]); i++)
		if (ev_is(l, evs[i]))
			return true;
	return false;
}

static void survey(struct imp *im, const struct line *l)
{
	uint64_t v, ps, sz;
	char name[32];

	if (is_pseries_hcall(l) || ev_is(l, "spapr_iommu_ddw_create"))
		im->has_pseries = true;
	uint64_t r;
	if (ev_is(l, "vfio_prereg_register") && arg_num(l, "va", &v) &&
	    arg_num(l, "size", &sz) && arg_num(l, "ret", &r) && r == 0) {
		im->has_vfio_prereg = true;
		if (im->nregs < MAX_WINDOWS) {
			im->reg_va[im->nregs] = v;
			im->reg_size[im->nregs++] = sz;
		}
	}
	if (ev_is(l, "spapr_iommu_xlate")) {
		uint64_t li, a, pg, perm, mask;
		if (parse_xlate(l, &li, &a, &pg, &perm, &mask) &&
		    (pg & ~mask) + mask + 1 > im->ram_top)
			im->ram_top = (pg & ~mask) + mask + 1;
	}
	if (ev_is(l, "vfio_spapr_create_window")) {
		im->has_vfio_window = true;
		if (arg_num(l, "pageshift", &v) && v >= 24)
			im->huge_pages = true;
	}
	if (ev_is(l, "spapr_iommu_ddw_create") && arg_num(l, "size", &ps) &&
	    ps >= (1u << 24))
		im->huge_pages = true;
	if (ev_is(l, "spapr_iommu_pci_put") && arg_num(l, "tce", &v) &&
	    v + 0x1000 > im->ram_top)
		im->ram_top = (v & ~0xfffull) + 0x1000;
	if (ev_is(l, "spapr_iommu_pci_indirect") && arg_num(l, "tceN", &v) &&
	    arg_num(l, "iobaN", &sz) && v + 0x1000 > im->ram_top)
		im->ram_top = (v & ~0xfffull) + 0x1000;
	if ((ev_is(l, "memory_region_ops_write") ||
	     ev_is(l, "memory_region_ops_read")) &&
	    arg_quoted(l, "name", name, sizeof(name)) &&
	    !strcmp(name, "phb3-regs") && arg_num(l, "addr", &v)) {
		im->has_mmio = true;
		uint64_t base = v & ~0xfffull;
		unsigned i;
		for (i = 0; i < im->nphbs; i++)
			if (im->phb_base[i] == base)
				break;
		if (i == im->nphbs && im->nphbs < MAX_PHBS)
			im->phb_base[im->nphbs++] = base;
	}
}

/* ---- pass 2 -------------------------------------------------------------- */

static int phb_index(struct imp *im, uint64_t addr)
{
	for (unsigned i = 0; i < im->nphbs; i++)
		if (im->phb_base[i] == (addr & ~0xfffull))
			return (int)i;
	return -1;
}

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

/* A pseries hcall event on a PCI LIOBN: its window, or NULL (noted). */
static struct window *hcall_window(struct imp *im, const struct line *l,
				   uint64_t liobn, bool *skip)
{
	*skip = false;
	if (!(liobn & LIOBN_PCI)) {
		im->st->ignored++;	/* VIO: not a VFIO container */
		*skip = true;
		return NULL;
	}
	struct window *w = win_find(im, (uint32_t)liobn);
	if (!w) {
		note(im, "log line %u: LIOBN 0x%" PRIx64 " has no known window; event skipped",
		     l->no, liobn);
		im->st->noted++;
		*skip = true;
	}
	return w;
}

static void convert(struct imp *im, const struct line *l)
{
	struct import_qemu_stats *st = im->st;
	uint64_t liobn, ioba, tce, ret, npages, v, a, b, c, d;
	struct window *w;
	bool skip;
	char name[32];

	if (ev_is(l, "spapr_iommu_put") || ev_is(l, "spapr_iommu_get") ||
	    ev_is(l, "spapr_iommu_indirect") || ev_is(l, "spapr_iommu_stuff") ||
	    ev_is(l, "spapr_iommu_pci_get")) {
		st->ignored++;	/* VIO LIOBNs / reads: nothing for the host */
		return;
	}
	if (ev_is(l, "spapr_iommu_pci_put")) {
		if (!arg_num(l, "liobn", &liobn) || !arg_num(l, "ioba", &ioba) ||
		    !arg_num(l, "tce", &tce) || !arg_num(l, "ret", &ret))
			goto malformed;
		w = hcall_window(im, l, liobn, &skip);
		if (skip)
			return;
		if (ret) {
			note(im, "log line %u: H_PUT_TCE failed in the guest (ret=%" PRId64 "): no host operation",
			     l->no, (int64_t)ret);
			st->noted++;
			return;
		}
		uint64_t ps = 1ull << w->shift;
		if (tce & 3)
			emit_map(im, ioba, tce & ~(ps - 1), ps, tce);
		else
			emit_unmap(im, ioba, ps);
		st->converted++;
		return;
	}
	if (ev_is(l, "spapr_iommu_pci_stuff")) {
		if (!arg_num(l, "liobn", &liobn) || !arg_num(l, "ioba", &ioba) ||
		    !arg_num(l, "tcevalue", &tce) || !arg_num(l, "npages", &npages) ||
		    !arg_num(l, "ret", &ret))
			goto malformed;
		w = hcall_window(im, l, liobn, &skip);
		if (skip)
			return;
		uint64_t ps = 1ull << w->shift;
		if (ret || npages == 0 || npages > (1u << 20) ||
		    ioba < npages * ps) {
			note(im, "log line %u: H_STUFF_TCE ret=%" PRId64 " npages=%" PRIu64 ": extent unknown, no host operation",
			     l->no, (int64_t)ret, npages);
			st->noted++;
			return;
		}
		/* The logged ioba is the END of the range. */
		uint64_t start = ioba - npages * ps;
		if (tce & 3) {
			for (uint64_t i = 0; i < npages; i++)
				emit_map(im, start + i * ps, tce & ~(ps - 1), ps, tce);
		} else {
			emit_unmap(im, start, npages * ps);
		}
		st->converted++;
		return;
	}
	if (ev_is(l, "spapr_iommu_pci_indirect")) {
		if (!arg_num(l, "liobn", &liobn) || !arg_num(l, "ioba", &ioba) ||
		    !arg_num(l, "iobaN", &npages) || !arg_num(l, "tceN", &tce) ||
		    !arg_num(l, "ret", &ret))
			goto malformed;
		w = hcall_window(im, l, liobn, &skip);
		if (skip)
			return;
		uint64_t ps = 1ull << w->shift;
		uint64_t last = ioba + npages * ps;
		if (ret) {
			note(im, "log line %u: H_PUT_TCE_INDIRECT failed (ret=%" PRId64 ") at entry %" PRIu64 ": no host operation",
			     l->no, (int64_t)ret, npages);
			st->noted++;
			return;
		}
		if (im->o->infer_indirect && (tce & 3) &&
		    (tce & ~(ps - 1)) >= npages * ps) {
			note(im, "log line %u: H_PUT_TCE_INDIRECT of %" PRIu64 " entries, assumed consecutive pages",
			     l->no, npages + 1);
			emit_map(im, ioba, (tce & ~(ps - 1)) - npages * ps,
				 (npages + 1) * ps, tce);
		} else {
			note(im, "log line %u: H_PUT_TCE_INDIRECT of %" PRIu64 " entries at 0x%" PRIx64 ": only the last is logged",
			     l->no, npages + 1, ioba);
			if (tce & 3)
				emit_map(im, last, tce & ~(ps - 1), ps, tce);
			else
				emit_unmap(im, last, ps);
		}
		st->converted++;
		return;
	}
	if (ev_is(l, "spapr_iommu_xlate")) {
		if (!parse_xlate(l, &liobn, &a, &b, &c, &d))
			goto malformed;
		w = hcall_window(im, l, liobn, &skip);
		if (skip)
			return;
		struct trace_op *o = op(im, TV_DMA);
		if (!o)
			return;
		trace_op_unum(im->t, o, TK_DEV, im->o->rid);
		trace_op_unum(im->t, o, TK_ADDR, w->start + a);
		trace_op_unum(im->t, o, TK_LEN, 1);
		trace_op_str(im->t, o, TK_DIR, (c & 1) ? "read" : "write");
		if (c & 3) {
			trace_op_str(im->t, o, TK_X_STATUS, "ok");
			trace_op_unum(im->t, o, TK_X_UA,
				      im->ua_base + (b & ~d) + (a & d));
		} else {
			trace_op_str(im->t, o, TK_X_STATUS, "fault");
		}
		st->converted++;
		return;
	}
	if (ev_is(l, "spapr_iommu_new_table") || ev_is(l, "spapr_iommu_ddw_query")) {
		note(im, "log line %u: %.*s", l->no, (int)(l->end - l->ev), l->ev);
		st->noted++;
		return;
	}
	if (ev_is(l, "spapr_iommu_ddw_create")) {
		if (!arg_num(l, "size", &a) || !arg_num(l, "requested", &b) ||
		    !arg_num(l, "addr", &c) || !arg_num(l, "liobn", &liobn))
			goto malformed;
		/* "start addr=BUS": the second addr= on the line. */
		const char *sa = find_sub(l->args, (size_t)(l->end - l->args),
					"start addr=", 11);
		if (!sa)
			goto malformed;
		struct line tmp = *l;
		tmp.args = sa + 6;
		if (!arg_num(&tmp, "addr", &c) || !a || (a & (a - 1)))
			goto malformed;
		win_add(im, (uint32_t)liobn, c, log2u(a));
		if (im->has_vfio_window) {
			note(im, "log line %u: DDW 0x%" PRIx64 " created (the VFIO events carry the container side)",
			     l->no, liobn);
			st->noted++;
			return;
		}
		emit_create(im, log2u(a), b, levels_for(b, log2u(a)), c);
		st->converted++;
		return;
	}
	if (ev_is(l, "spapr_iommu_ddw_remove")) {
		if (!arg_num(l, "liobn", &liobn))
			goto malformed;
		w = win_find(im, (uint32_t)liobn);
		if (!w) {
			note(im, "log line %u: remove of unknown LIOBN 0x%" PRIx64,
			     l->no, liobn);
			st->noted++;
			return;
		}
		w->used = false;
		if (!im->has_vfio_window)
			emit_remove(im, w->start);
		st->converted++;
		return;
	}
	if (ev_is(l, "spapr_iommu_ddw_reset")) {
		note(im, "log line %u: DDW reset", l->no);
		for (int i = 0; i < MAX_WINDOWS; i++) {
			if (im->win[i].used && im->win[i].liobn != DEFAULT_LIOBN) {
				im->win[i].used = false;
				if (!im->has_vfio_window)
					emit_remove(im, im->win[i].start);
			}
		}
		st->noted++;
		return;
	}
	if (ev_is(l, "vfio_prereg_register") || ev_is(l, "vfio_prereg_unregister")) {
		if (!arg_num(l, "va", &a) || !arg_num(l, "size", &b) ||
		    !arg_num(l, "ret", &ret))
			goto malformed;
		struct trace_op *o = op(im, ev_is(l, "vfio_prereg_register") ?
				       TV_REGISTER : TV_UNREGISTER);
		if (!o)
			return;
		kv_c0(im, o);
		trace_op_unum(im->t, o, TK_UA, a);
		trace_op_unum(im->t, o, TK_SIZE, b);
		emit_errno_expect(im, o, ret);
		st->converted++;
		return;
	}
	if (ev_is(l, "vfio_spapr_create_window")) {
		if (!arg_num(l, "pageshift", &a) || !arg_num(l, "levels", &b) ||
		    !arg_num(l, "winsize", &c) || !arg_num(l, "offset", &d))
			goto malformed;
		emit_create(im, (unsigned)a, c, (unsigned)b, d);
		st->converted++;
		return;
	}
	if (ev_is(l, "vfio_spapr_remove_window")) {
		if (!arg_num(l, "offset", &a))
			goto malformed;
		emit_remove(im, a);
		st->converted++;
		return;
	}
	if (ev_is(l, "vfio_iommu_map_notify")) {
		bool map;
		if (!parse_map_notify(l, &map, &a, &b) || b < a)
			goto malformed;
		if (im->has_pseries) {
			st->ignored++;	/* the hcall event already did it */
			return;
		}
		if (map) {
			note(im, "log line %u: map 0x%" PRIx64 "..0x%" PRIx64 ": the user address is not in the log",
			     l->no, a, b);
			st->noted++;
		} else {
			emit_unmap(im, a, b - a + 1);
			st->converted++;
		}
		return;
	}
	if (ev_is(l, "memory_region_ops_write") || ev_is(l, "memory_region_ops_read")) {
		if (!arg_quoted(l, "name", name, sizeof(name)))
			goto malformed;
		if (strcmp(name, "phb3-regs")) {
			st->ignored++;
			return;
		}
		if (!arg_num(l, "addr", &a) || !arg_num(l, "value", &v) ||
		    !arg_num(l, "size", &b))
			goto malformed;
		int phb = phb_index(im, a);
		if (phb < 0 || b != 8) {
			note(im, "log line %u: PHB3 access of size %" PRIu64 " or beyond %d PHBs skipped",
			     l->no, b, MAX_PHBS);
			st->noted++;
			return;
		}
		bool wr = ev_is(l, "memory_region_ops_write");
		struct trace_op *o = op(im, wr ? TV_REG_WRITE : TV_REG_READ);
		if (!o)
			return;
		trace_op_unum(im->t, o, TK_PHB, (unsigned)phb);
		trace_op_unum(im->t, o, TK_REG, a & 0xfff);
		trace_op_unum(im->t, o, wr ? TK_VALUE : TK_X_VALUE, v);
		st->converted++;
		return;
	}
	unknown(im, l);
	return;
malformed:
	st->malformed++;
	note(im, "log line %u: malformed %.*s event skipped", l->no,
	     (int)(l->eve - l->ev), l->ev);
}

static void preamble(struct imp *im, const char *name)
{
	struct trace *t = im->t;
	struct trace_op *o;

	const char *base = strrchr(name, '/');
	note(im, "imported from %s by tcesim import qemu", base ? base + 1 : name);
	if (im->has_mmio && !im->has_pseries && !im->has_vfio_prereg &&
	    !im->has_vfio_window) {
		note(im, "PHB3 register traffic: a machine without a kernel, PHBs in order of first access");
		for (unsigned i = 0; i < im->nphbs; i++)
			note(im, "phb=%u was MMIO base 0x%" PRIx64, i, im->phb_base[i]);
		o = op(im, TV_MACHINE);
		trace_op_str(t, o, TK_PLATFORM, "phb3");
		trace_op_unum(t, o, TK_PHBS, im->nphbs);
		o = op(im, TV_BOOT);
		trace_op_unum(t, o, TK_KERNEL, 0);
		return;
	}
	uint64_t ram = im->o->guest_ram;
	if (!ram) {
		ram = 256ull << 20;
		while (ram < im->ram_top)
			ram <<= 1;
	}
	uint64_t host = 64ull << 30;
	while (host < 2 * ram)
		host <<= 1;
	note(im, "a VMM process with a v2 container; guest RAM at user address 0x%" PRIx64,
	     im->ua_base);
	o = op(im, TV_MACHINE);
	trace_op_str(t, o, TK_PLATFORM, "phb3");
	trace_op_unum(t, o, TK_PHBS, 1);
	trace_op_unum(t, o, TK_RAM, host);
	o = op(im, TV_GROUP);
	trace_op_str(t, o, TK_NAME, "g0");
	trace_op_unum(t, o, TK_DEV, im->o->rid);
	op(im, TV_BOOT);
	o = op(im, TV_PROC_CREATE);
	trace_op_str(t, o, TK_NAME, "vmm");
	trace_op_unum(t, o, TK_CAP_IPC_LOCK, 1);
	for (unsigned i = 0; i < im->nregs; i++) {
		o = op(im, TV_MMAP);
		trace_op_unum(t, o, TK_UA, im->reg_va[i]);
		trace_op_unum(t, o, TK_SIZE, im->reg_size[i]);
		trace_op_unum(t, o, TK_PAGE_SIZE, im->huge_pages ? 16ull << 20 : 64ull << 10);
		trace_op_str(t, o, TK_PROT, "rw");
		if (im->huge_pages)
			trace_op_unum(t, o, TK_HUGETLB, 1);
	}
	if (!im->has_vfio_prereg) {
		o = op(im, TV_MMAP);
		trace_op_unum(t, o, TK_UA, im->ua_base);
		trace_op_unum(t, o, TK_SIZE, ram);
		trace_op_unum(t, o, TK_PAGE_SIZE, im->huge_pages ? 16ull << 20 : 64ull << 10);
		trace_op_str(t, o, TK_PROT, "rw");
		if (im->huge_pages)
			trace_op_unum(t, o, TK_HUGETLB, 1);
	}
	o = op(im, TV_CONTAINER_OPEN);
	trace_op_str(t, o, TK_NAME, "c0");
	o = op(im, TV_GROUP_OPEN);
	trace_op_str(t, o, TK_NAME, "g0");
	o = op(im, TV_GROUP_ATTACH);
	trace_op_str(t, o, TK_NAME, "g0");
	trace_op_str(t, o, TK_CONTAINER, "c0");
	o = op(im, TV_SET_IOMMU);
	kv_c0(im, o);
	trace_op_str(t, o, TK_TYPE, "v2");
	if (!im->has_vfio_prereg) {
		o = op(im, TV_REGISTER);
		kv_c0(im, o);
		trace_op_unum(t, o, TK_UA, im->ua_base);
		trace_op_unum(t, o, TK_SIZE, ram);
	}
	if (!im->has_vfio_window) {
		note(im, "the guest's default window: LIOBN 0x%x, bus 0, 1 GiB of 4 KiB pages",
		     DEFAULT_LIOBN);
		emit_remove(im, 0);
		emit_create(im, 12, 1ull << 30, 1, 0);
	}
}

void import_qemu_opts_default(struct import_qemu_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->rid = 0x0100;
}

int import_qemu(const char *name, const char *buf, size_t len,
		const struct import_qemu_opts *o, struct trace *out,
		struct import_qemu_stats *st, struct trace_error *err)
{
	struct imp im = { .o = o, .t = out, .st = st };
	struct line l;

	memset(st, 0, sizeof(*st));
	memset(err, 0, sizeof(*err));
	trace_init(out, name);
	for (int pass = 0; pass < 2; pass++) {
		const char *p = buf, *end = buf + len;
		unsigned no = 0;
		if (pass == 1) {
			im.ua_base = o->ua_base;
			/* With VFIO prereg events, guest RAM (at guest
			 * address 0) is the first registered region. */
			if (!im.ua_base && im.nregs)
				im.ua_base = im.reg_va[0];
			preamble(&im, name);
			win_add(&im, DEFAULT_LIOBN, 0, 12);
		}
		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *le = nl ? nl : end;
			const char *ls = p;
			p = nl ? nl + 1 : end;
			no++;
			if (le > ls && le[-1] == '\r')
				le--;
			if (!split_line(ls, le, &l))
				continue;
			l.no = no;
			if (pass == 0) {
				survey(&im, &l);
				continue;
			}
			st->events++;
			convert(&im, &l);
		}
		st->lines = no;
	}
	if (st->n_unknown_names) {
		for (unsigned i = 0; i < st->n_unknown_names; i++)
			note(&im, "unknown event %s: %u line(s) skipped",
			     st->unknown_names[i].name, st->unknown_names[i].count);
	}
	if (!st->events) {
		snprintf(err->file, sizeof(err->file), "%s", name);
		snprintf(err->msg, sizeof(err->msg),
			 "no QEMU trace events found (expected lines like 'PID@SEC.USEC:spapr_iommu_pci_put liobn=...')");
		trace_free(out);
		return -1;
	}
	return 0;
}
