// SPDX-License-Identifier: GPL-2.0
/*
 * QEMU log importer: reads the lines of a QEMU "log" trace backend file,
 * recognises the sPAPR TCE, VFIO sPAPR and PHB3 MMIO events, and emits the
 * equivalent tcesim operations. Two passes: the first learns what the log
 * contains (event kinds, guest RAM extent, page sizes, PHB bases), the
 * second emits the machine set-up and then one group of operations per
 * event, in log order. The events themselves, one table row each, are in
 * import_qemu_events.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "import_qemu_internal.h"

/* ---- lines and their arguments ------------------------------------------ */

/* First occurrence of needle (n bytes) in hay (len bytes), or NULL. */
const char *imp_find_sub(const char *hay, size_t len, const char *needle,
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

bool imp_ev_is(const struct line *l, const char *name)
{
	size_t n = strlen(name);
	return (size_t)(l->eve - l->ev) == n && !memcmp(l->ev, name, n);
}

/* Find "key" followed by '=' or ' ' in the arguments; parse the number. */
bool imp_arg_num(const struct line *l, const char *key, uint64_t *v)
{
	size_t kl = strlen(key);
	const char *p = l->args;

	while (p < l->end) {
		const char *h = imp_find_sub(p, (size_t)(l->end - p), key, kl);
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
bool imp_arg_quoted(const struct line *l, const char *key, char *buf,
		    size_t len)
{
	size_t kl = strlen(key);
	const char *h = imp_find_sub(l->args, (size_t)(l->end - l->args), key, kl);

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

/* ---- emitting ----------------------------------------------------------- */

struct trace_op *imp_op(struct imp *im, enum trace_verb v)
{
	return trace_add_op(im->t, v, 0);
}

void imp_note(struct imp *im, const char *fmt, ...)
{
	char buf[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	struct trace_op *o = imp_op(im, TV_NOTE);
	if (o)
		trace_op_str(im->t, o, TK_NAME, buf);
}

void imp_kv_c0(struct imp *im, struct trace_op *o)
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

struct window *imp_win_find(struct imp *im, uint32_t liobn)
{
	for (int i = 0; i < MAX_WINDOWS; i++)
		if (im->win[i].used && im->win[i].liobn == liobn)
			return &im->win[i];
	return NULL;
}

struct window *imp_win_add(struct imp *im, uint32_t liobn, uint64_t start,
			   unsigned shift)
{
	struct window *w = imp_win_find(im, liobn);

	for (int i = 0; !w && i < MAX_WINDOWS; i++)
		if (!im->win[i].used)
			w = &im->win[i];
	if (w)
		*w = (struct window){ liobn, start, shift, true };
	return w;
}

unsigned imp_log2u(uint64_t v)
{
	unsigned s = 0;
	while (v > 1) {
		v >>= 1;
		s++;
	}
	return s;
}

void imp_emit_map(struct imp *im, uint64_t iova, uint64_t gpa,
		  uint64_t size, uint64_t perm)
{
	struct trace_op *o = imp_op(im, TV_MAP);
	if (!o)
		return;
	imp_kv_c0(im, o);
	trace_op_unum(im->t, o, TK_UA, im->ua_base + gpa);
	trace_op_unum(im->t, o, TK_IOVA, iova);
	trace_op_unum(im->t, o, TK_SIZE, size);
	trace_op_str(im->t, o, TK_DIR, dir_of(perm));
}

void imp_emit_unmap(struct imp *im, uint64_t iova, uint64_t size)
{
	struct trace_op *o = imp_op(im, TV_UNMAP);
	if (!o)
		return;
	imp_kv_c0(im, o);
	trace_op_unum(im->t, o, TK_IOVA, iova);
	trace_op_unum(im->t, o, TK_SIZE, size);
}

void imp_emit_errno_expect(struct imp *im, struct trace_op *o, uint64_t ret)
{
	int64_t r = (int64_t)ret;
	trace_op_unum(im->t, o, TK_X_ERRNO, r < 0 ? (uint64_t)-r : 0);
}

void imp_emit_create(struct imp *im, unsigned shift, uint64_t size,
		     unsigned levels, uint64_t start)
{
	struct trace_op *o = imp_op(im, TV_CREATE_WINDOW);
	if (!o)
		return;
	imp_kv_c0(im, o);
	trace_op_unum(im->t, o, TK_PAGE_SHIFT, shift);
	trace_op_unum(im->t, o, TK_SIZE, size);
	trace_op_unum(im->t, o, TK_LEVELS, levels);
	trace_op_unum(im->t, o, TK_X_START, start);
}

void imp_emit_remove(struct imp *im, uint64_t start)
{
	struct trace_op *o = imp_op(im, TV_REMOVE_WINDOW);
	if (!o)
		return;
	imp_kv_c0(im, o);
	trace_op_unum(im->t, o, TK_START, start);
}

/* A log of PHB3 register traffic only: a machine without a kernel. */
static void preamble_mmio(struct imp *im)
{
	struct trace_op *o;

	imp_note(im, "PHB3 register traffic: a machine without a kernel, PHBs in order of first access");
	for (unsigned i = 0; i < im->nphbs; i++)
		imp_note(im, "phb=%u was MMIO base 0x%" PRIx64, i, im->phb_base[i]);
	o = imp_op(im, TV_MACHINE);
	trace_op_str(im->t, o, TK_PLATFORM, "phb3");
	trace_op_unum(im->t, o, TK_PHBS, im->nphbs);
	/* cabled devices: their PHB's link trains (PCIE_DLP_TRAIN_CTL) */
	for (unsigned i = 0; i < im->ncfg_devs; i++) {
		const struct cfg_dev *d = &im->cfg_dev[i];

		imp_note(im, "log line %u: a device at %u:0x%04x answered a config read",
			 d->line, d->phb, d->rid);
		o = imp_op(im, TV_DEVICE);
		trace_op_unum(im->t, o, TK_DEV, (uint64_t)d->phb << 16 | d->rid);
	}
	if (im->cfg_devs_dropped)
		imp_note(im, "%u more devices answered config reads (at most %u declared)",
			 im->cfg_devs_dropped, MAX_CFG_DEVS);
	o = imp_op(im, TV_BOOT);
	trace_op_unum(im->t, o, TK_KERNEL, 0);
}

/* Guest memory in the VMM process (hugetlb when the log has 16M pages). */
static void emit_guest_mmap(struct imp *im, uint64_t ua, uint64_t size)
{
	struct trace_op *o = imp_op(im, TV_MMAP);

	trace_op_unum(im->t, o, TK_UA, ua);
	trace_op_unum(im->t, o, TK_SIZE, size);
	trace_op_unum(im->t, o, TK_PAGE_SIZE,
		      im->huge_pages ? 16ull << 20 : 64ull << 10);
	trace_op_str(im->t, o, TK_PROT, "rw");
	if (im->huge_pages)
		trace_op_unum(im->t, o, TK_HUGETLB, 1);
}

/* Guest RAM bytes: given, or the power of two above what the log used. */
static uint64_t guest_ram(const struct imp *im)
{
	uint64_t ram = im->o->guest_ram;

	if (!ram) {
		ram = 256ull << 20;
		while (ram < im->ram_top)
			ram <<= 1;
	}
	return ram;
}

/* The machine, the VMM process and its v2 container with the group. */
static void preamble_vmm(struct imp *im)
{
	struct trace *t = im->t;
	struct trace_op *o;
	uint64_t ram = guest_ram(im), host = 64ull << 30;

	while (host < 2 * ram)
		host <<= 1;
	imp_note(im, "a VMM process with a v2 container; guest RAM at user address 0x%" PRIx64,
		 im->ua_base);
	o = imp_op(im, TV_MACHINE);
	trace_op_str(t, o, TK_PLATFORM, "phb3");
	trace_op_unum(t, o, TK_PHBS, 1);
	trace_op_unum(t, o, TK_RAM, host);
	o = imp_op(im, TV_GROUP);
	trace_op_str(t, o, TK_NAME, "g0");
	trace_op_unum(t, o, TK_DEV, im->o->rid);
	imp_op(im, TV_BOOT);
	o = imp_op(im, TV_PROC_CREATE);
	trace_op_str(t, o, TK_NAME, "vmm");
	trace_op_unum(t, o, TK_CAP_IPC_LOCK, 1);
	for (unsigned i = 0; i < im->nregs; i++)
		emit_guest_mmap(im, im->reg_va[i], im->reg_size[i]);
	if (!im->has_vfio_prereg)
		emit_guest_mmap(im, im->ua_base, ram);
	o = imp_op(im, TV_CONTAINER_OPEN);
	trace_op_str(t, o, TK_NAME, "c0");
	o = imp_op(im, TV_GROUP_OPEN);
	trace_op_str(t, o, TK_NAME, "g0");
	o = imp_op(im, TV_GROUP_ATTACH);
	trace_op_str(t, o, TK_NAME, "g0");
	trace_op_str(t, o, TK_CONTAINER, "c0");
	o = imp_op(im, TV_SET_IOMMU);
	imp_kv_c0(im, o);
	trace_op_str(t, o, TK_TYPE, "v2");
	if (!im->has_vfio_prereg) {
		o = imp_op(im, TV_REGISTER);
		imp_kv_c0(im, o);
		trace_op_unum(t, o, TK_UA, im->ua_base);
		trace_op_unum(t, o, TK_SIZE, ram);
	}
	if (!im->has_vfio_window) {
		/* QEMU's default: 1 GiB; more if the log used more of it */
		uint64_t size = 1ull << 30;

		while (size < im->def_win_top)
			size <<= 1;
		imp_note(im, "the guest's default window: LIOBN 0x%x, bus 0, %" PRIu64 " GiB of 4 KiB pages",
			 DEFAULT_LIOBN, size >> 30);
		imp_emit_remove(im, 0);
		imp_emit_create(im, 12, size, 1, 0);
	}
}

/* What comes before the first event's operations. */
static void preamble(struct imp *im, const char *name)
{
	const char *base = strrchr(name, '/');

	imp_note(im, "imported from %s by tcesim import qemu", base ? base + 1 : name);
	if (im->has_mmio && !im->has_pseries && !im->has_vfio_prereg &&
	    !im->has_vfio_window)
		preamble_mmio(im);
	else
		preamble_vmm(im);
}

void import_qemu_opts_default(struct import_qemu_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->rid = 0x0100;
}

static void fail(struct trace_error *err, const char *name, const char *fmt,
		 ...) __attribute__((format(printf, 3, 4)));

static void fail(struct trace_error *err, const char *name, const char *fmt,
		 ...)
{
	va_list ap;

	snprintf(err->file, sizeof(err->file), "%s", name);
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
}

/*
 * The user address of guest address 0 (docs/trace-format.md, "Importing
 * QEMU logs"). With VFIO preregistration events, guest RAM is the first
 * region the VMM registered. Otherwise --ua-base, or by default where a
 * VMM's mmap of guest RAM lands: high in the user address space, below
 * replay's ioctl scratch page, aligned to the largest page size. 0, or
 * -1 with err filled when a given --ua-base cannot be used.
 */
static int choose_ua_base(struct imp *im, const char *name,
			  struct trace_error *err)
{
	uint64_t ram = guest_ram(im);
	uint64_t align = im->huge_pages ? 16ull << 20 : 64ull << 10;
	uint64_t ua = im->o->ua_base;

	if (!ua && im->nregs) {
		im->ua_base = im->reg_va[0];
		return 0;
	}
	if (!ua) {
		ua = IMPORT_QEMU_UA_BASE;
		if (ram > IMPORT_QEMU_SCRATCH_UA - IMPORT_QEMU_UA_BASE)
			ua = IMPORT_QEMU_UA_BASE_LARGE;
	}
	if (ua & (align - 1)) {
		fail(err, name, "--ua-base 0x%" PRIx64 ": expected a multiple of %s (the guest RAM's page size)",
		     ua, im->huge_pages ? "16 MiB" : "64 KiB");
		return -1;
	}
	if (ram > IMPORT_QEMU_UA_LIMIT || ua > IMPORT_QEMU_UA_LIMIT - ram) {
		fail(err, name, "--ua-base 0x%" PRIx64 ": guest RAM of 0x%" PRIx64 " bytes would end past the user address limit 0x%llx",
		     ua, ram, IMPORT_QEMU_UA_LIMIT);
		return -1;
	}
	if (ua < IMPORT_QEMU_SCRATCH_UA + IMPORT_QEMU_SCRATCH_SIZE &&
	    ua + ram > IMPORT_QEMU_SCRATCH_UA) {
		fail(err, name, "--ua-base 0x%" PRIx64 ": guest RAM [0x%" PRIx64 ", 0x%" PRIx64 ") covers replay's ioctl scratch page at 0x%llx",
		     ua, ua, ua + ram, IMPORT_QEMU_SCRATCH_UA);
		return -1;
	}
	im->ua_base = ua;
	return 0;
}

/* Notes at the end: what the log left unknown. */
static void closing_notes(struct imp *im)
{
	struct import_qemu_stats *st = im->st;
	size_t pre = imp_shadow_count(im, true);

	if (im->indirect_calls)
		imp_note(im, "H_PUT_TCE_INDIRECT calls: %u; entries not logged: %u; set from device translations: %u",
			 im->indirect_calls, im->indirect_unlogged,
			 im->indirect_established);
	if (pre)
		imp_note(im, "%zu TCEs set before the log began, known from device translations",
			 pre);
	for (unsigned i = 0; i < st->n_unknown_names; i++)
		imp_note(im, "unknown event %s: %u line(s) skipped",
			 st->unknown_names[i].name, st->unknown_names[i].count);
}

/* One pass over the log's lines. */
static void read_lines(struct imp *im, const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	unsigned no = 0;
	struct line l;

	memset(im->win, 0, sizeof(im->win));
	imp_win_add(im, DEFAULT_LIOBN, 0, 12);
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
		if (im->pass == 0) {
			imp_survey_event(im, &l);
			continue;
		}
		im->st->events++;
		imp_convert_event(im, &l);
	}
	im->st->lines = no;
}

int import_qemu(const char *name, const char *buf, size_t len,
		const struct import_qemu_opts *o, struct trace *out,
		struct import_qemu_stats *st, struct trace_error *err)
{
	struct imp im = { .o = o, .t = out, .st = st };

	memset(st, 0, sizeof(*st));
	memset(err, 0, sizeof(*err));
	trace_init(out, name);
	if (imp_shadow_init(&im)) {
		fail(err, name, "out of memory");
		return -1;
	}
	read_lines(&im, buf, len);
	imp_shadow_finish(&im);
	if (choose_ua_base(&im, name, err))
		goto err;
	im.pass = 1;
	preamble(&im, name);
	read_lines(&im, buf, len);
	closing_notes(&im);
	if (im.oom) {
		fail(err, name, "out of memory");
		goto err;
	}
	if (!st->events) {
		fail(err, name, "no QEMU trace events found (expected lines like 'PID@SEC.USEC:spapr_iommu_pci_put liobn=...')");
		goto err;
	}
	imp_shadow_free(&im);
	return 0;
err:
	imp_shadow_free(&im);
	trace_free(out);
	return -1;
}
