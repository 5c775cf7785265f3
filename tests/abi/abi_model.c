// SPDX-License-Identifier: GPL-2.0
/*
 * Reference model of the VFIO sPAPR TCE v1/v2 ABI (see abi_model.h).
 * Every rule here comes from the ABI description and docs/driver.md;
 * the comments name the rule, the code is a plain state machine.
 */
#include "abi_model.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- TCE map: window-relative index -> (ua, perm, region) ---------- */

static uint64_t mix(uint64_t k)
{
	k ^= k >> 31;
	k *= 0x9E3779B97F4A7C15ULL;
	k ^= k >> 29;
	return k;
}

static void tces_free(struct abi_tces *t)
{
	free(t->key);
	free(t->ua);
	free(t->perm);
	free(t->reg);
	memset(t, 0, sizeof(*t));
}

static size_t tces_slot(const struct abi_tces *t, uint64_t idx)
{
	size_t i = mix(idx) & (t->cap - 1);

	while (t->key[i] && t->key[i] != idx + 1)
		i = (i + 1) & (t->cap - 1);
	return i;
}

static void tces_grow(struct abi_tces *t)
{
	struct abi_tces n;
	size_t i, j;

	n.cap = t->cap ? t->cap * 2 : 64;
	n.n = t->n;
	n.key = calloc(n.cap, sizeof(*n.key));
	n.ua = calloc(n.cap, sizeof(*n.ua));
	n.perm = calloc(n.cap, sizeof(*n.perm));
	n.reg = calloc(n.cap, sizeof(*n.reg));
	if (!n.key || !n.ua || !n.perm || !n.reg)
		abort();
	for (i = 0; i < t->cap; i++) {
		if (!t->key[i])
			continue;
		j = tces_slot(&n, t->key[i] - 1);
		n.key[j] = t->key[i];
		n.ua[j] = t->ua[i];
		n.perm[j] = t->perm[i];
		n.reg[j] = t->reg[i];
	}
	tces_free(t);
	*t = n;
}

static bool tces_get(const struct abi_tces *t, uint64_t idx, size_t *slot)
{
	size_t i;

	if (!t->cap)
		return false;
	i = tces_slot(t, idx);
	if (slot)
		*slot = i;
	return t->key[i] != 0;
}

static void tces_put(struct abi_tces *t, uint64_t idx, uint64_t ua,
		     uint8_t perm, int16_t reg)
{
	size_t i;

	if ((t->n + 1) * 2 > t->cap)
		tces_grow(t);
	i = tces_slot(t, idx);
	if (!t->key[i])
		t->n++;
	t->key[i] = idx + 1;
	t->ua[i] = ua;
	t->perm[i] = perm;
	t->reg[i] = reg;
}

/* Removes slot i (linear probing: shift the following cluster back). */
static void tces_del_slot(struct abi_tces *t, size_t i)
{
	size_t j = i, h;

	t->key[i] = 0;
	t->n--;
	for (;;) {
		j = (j + 1) & (t->cap - 1);
		if (!t->key[j])
			return;
		h = mix(t->key[j] - 1) & (t->cap - 1);
		/* Entry at j may move to i if its home is not in (i, j]. */
		if ((j > i && (h <= i || h > j)) ||
		    (j < i && (h <= i && h > j))) {
			t->key[i] = t->key[j];
			t->ua[i] = t->ua[j];
			t->perm[i] = t->perm[j];
			t->reg[i] = t->reg[j];
			t->key[j] = 0;
			i = j;
		}
	}
}

/* ---- helpers -------------------------------------------------------- */

static unsigned ilog2_u64(uint64_t v)
{
	unsigned r = 0;

	while (v >>= 1)
		r++;
	return r;
}

static bool is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

static const struct abi_area *area_of(const struct abi_model *m,
				      uint64_t ua)
{
	unsigned i;

	for (i = 0; i < m->nr_area; i++)
		if (ua >= m->area[i].ua && ua - m->area[i].ua < m->area[i].size)
			return &m->area[i];
	return NULL;
}

static unsigned backing_shift(const struct abi_model *m,
			      const struct abi_area *a)
{
	return a->huge ? 24 : m->page_shift;
}

static int charge(struct abi_model *m, uint64_t pages)
{
	if (m->locked_vm + pages > m->memlock_pages)
		return -ENOMEM;
	m->locked_vm += pages;
	return 0;
}

static void uncharge(struct abi_model *m, uint64_t pages)
{
	m->locked_vm -= pages;
}

static void region_free(struct abi_model *m, struct abi_region *r)
{
	m->pinned -= r->entries;
	uncharge(m, r->entries);
	r->live = false;
}

/* One TCE pointing into region ri goes away (never below 1). */
static void region_unref(struct abi_model *m, int ri)
{
	struct abi_region *r = &m->reg[ri];

	if (r->mapped > 1)
		r->mapped--;
	/* An orphan (no container holds it) dies with its last TCE. */
	if (r->live && !r->holders && r->mapped == 1)
		region_free(m, r);
}

/* Drops the entry in slot i of window w of a container of type t. */
static void tce_drop(struct abi_model *m, enum abi_type t,
		     struct abi_window *w, size_t i)
{
	if (t == ABI_V1)
		m->pinned--;
	else
		region_unref(m, w->tces.reg[i]);
	tces_del_slot(&w->tces, i);
}

static void window_destroy(struct abi_model *m, enum abi_type t,
			   struct abi_window *w)
{
	size_t i;

	/* Deleting shifts entries back, so rescan the slot after a drop. */
	for (i = 0; i < w->tces.cap; i++)
		while (w->tces.key[i])
			tce_drop(m, t, w, i);
	tces_free(&w->tces);
	uncharge(m, w->charge);
	memset(w, 0, sizeof(*w));
}

uint64_t abi_model_table_bytes(unsigned page_shift, unsigned shift,
			       uint64_t size, unsigned levels)
{
	unsigned es, per, ls, bits, l;
	uint64_t n, total;

	if (!levels || levels > ABI_MAX_LEVELS || shift < 12 || shift >= 60)
		return 0;
	if (!is_pow2(size) || size < (1ULL << shift))
		return 0;
	es = ilog2_u64(size) - shift;
	per = (es + levels - 1) / levels;
	ls = per + 3 > page_shift ? per + 3 : page_shift;
	bits = ls - 3;
	if (bits * levels + shift >= ABI_BITS_LIMIT)
		return 0;
	/* Leaf blocks a full window needs, then each level above. */
	n = es > bits ? 1ULL << (es - bits) : 1;
	total = n;
	for (l = 1; l < levels; l++) {
		n = n > (1ULL << bits) ? n >> bits : 1;
		total += n;
	}
	return (total << ls) * 2;	/* hardware table + userspace view */
}

static int window_create(struct abi_model *m, struct abi_container *c,
			 unsigned shift, uint64_t size, unsigned levels,
			 uint64_t *start)
{
	uint64_t bytes, pages;
	unsigned slot;
	int ret;

	if (c->win[0].live && c->win[1].live)
		return -ENOSPC;
	if (shift >= 64 || !((ABI_PGSIZES >> shift) & 1))
		return -EINVAL;
	if (!levels || levels > ABI_MAX_LEVELS || !is_pow2(size))
		return -EINVAL;
	bytes = abi_model_table_bytes(m->page_shift, shift, size, levels);
	if (!bytes)
		return -EINVAL;
	pages = bytes >> m->page_shift;
	ret = charge(m, pages);
	if (ret)
		return ret;
	/*
	 * A table is never smaller than one host page of TCEs (tables are
	 * allocated in pages), so OPAL, which refuses tables under 4 KiB,
	 * always accepts it, and the window covers every TCE of that page:
	 * larger than asked when the window has fewer IOMMU pages.
	 */
	if ((size >> shift) < ((1ULL << m->page_shift) >> 3))
		size = ((1ULL << m->page_shift) >> 3) << shift;
	slot = c->win[0].live ? 1 : 0;
	memset(&c->win[slot], 0, sizeof(c->win[slot]));
	c->win[slot].live = true;
	c->win[slot].shift = shift;
	c->win[slot].levels = levels;
	c->win[slot].size = size;
	c->win[slot].start = slot ? ABI_WIN1_START : 0;
	c->win[slot].charge = pages;
	*start = c->win[slot].start;
	return 0;
}

/* The lazy default window: 4K pages over the dma32 range, 1 level. */
static int default_window(struct abi_model *m, struct abi_container *c)
{
	uint64_t start;
	int ret;

	if (!c->def_pending)
		return 0;
	ret = window_create(m, c, 12, ABI_TCE32_SIZE, 1, &start);
	if (!ret)
		c->def_pending = false;
	return ret;
}

static struct abi_window *window_of(struct abi_container *c, uint64_t bus)
{
	unsigned i;

	for (i = 0; i < 2; i++) {
		struct abi_window *w = &c->win[i];

		if (w->live && bus >= w->start && bus - w->start < w->size)
			return w;
	}
	return NULL;
}

static unsigned popcount(unsigned v)
{
	unsigned n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* The last group left: give back everything the backend held. */
static void container_release(struct abi_model *m, int ci)
{
	struct abi_container *c = &m->c[ci];
	unsigned i;

	for (i = 0; i < 2; i++)
		if (c->win[i].live)
			window_destroy(m, c->type, &c->win[i]);
	for (i = 0; i < ABI_NREG; i++) {
		struct abi_region *r = &m->reg[i];

		if (!r->live || !(r->holders & (1u << ci)))
			continue;
		r->holders &= ~(1u << ci);
		if (!r->holders && r->mapped == 1)
			region_free(m, r);
		/* else: still held, or an orphan other TCEs point into */
	}
	if (c->enabled)
		uncharge(m, c->enable_charge);
	memset(c->win, 0, sizeof(c->win));
	c->type = ABI_NONE;
	c->enabled = c->mm_bound = c->def_pending = false;
	c->enable_charge = 0;
}

/* A live region no container has dropped (orphans are invisible). */
static bool region_visible(const struct abi_region *r)
{
	return r->live && r->holders;
}

/* ---- ioctls ----------------------------------------------------------- */

static long op_set_iommu(struct abi_model *m, struct abi_container *c,
			 uint64_t type)
{
	if (!c->groups || c->type != ABI_NONE)
		return -EINVAL;
	/* EEH (5) is answered positively but the backend refuses it. */
	if (type == 5)
		return -EINVAL;
	if (type != ABI_V1 && type != ABI_V2)
		return -ENODEV;
	if (type == ABI_V1 && popcount(c->groups) > 1)
		return -EBUSY;
	c->type = (enum abi_type)type;
	c->def_pending = true;		/* IODA2 groups: lazy default */
	return 0;
}

static long op_get_info(const struct abi_op *op, struct abi_container *c,
			struct abi_expect *e)
{
	if (op->badptr)
		return -EFAULT;
	if (op->argsz < 16)
		return -EINVAL;
	e->info_len = op->argsz >= 32 ? 32 : 16;
	e->dma32_start = 0;
	e->dma32_size = (uint32_t)ABI_TCE32_SIZE;
	if (c->type == ABI_V2) {
		e->info_flags = 1;
		e->pgsizes = ABI_PGSIZES;
		e->max_windows = 2;
		e->levels = ABI_MAX_LEVELS;
	}
	return 0;
}

static long op_enable(struct abi_model *m, struct abi_container *c)
{
	long ret;

	if (c->type == ABI_V2)
		return -ENOTTY;
	if (c->enabled)
		return -EBUSY;
	c->mm_bound = true;
	ret = charge(m, ABI_TCE32_SIZE >> m->page_shift);
	if (ret)
		return ret;
	c->enable_charge = ABI_TCE32_SIZE >> m->page_shift;
	c->enabled = true;
	return 0;
}

static long op_disable(struct abi_model *m, struct abi_container *c)
{
	if (c->type == ABI_V2)
		return -ENOTTY;
	if (c->enabled) {
		uncharge(m, c->enable_charge);
		c->enable_charge = 0;
		c->enabled = false;
	}
	return 0;
}

/* Range checks common to MAP and UNMAP once the window is known. */
static long range_check(const struct abi_window *w, uint64_t iova,
			uint64_t size, uint64_t *idx, uint64_t *npages)
{
	uint64_t mask = (1ULL << w->shift) - 1;

	if (size & mask)
		return -EINVAL;
	if (iova & mask)
		return -EINVAL;
	*idx = (iova - w->start) >> w->shift;
	*npages = size >> w->shift;
	if (*npages > (w->size >> w->shift) - *idx)
		return -EINVAL;
	return 0;
}

static int region_find(const struct abi_model *m, uint64_t ua, uint64_t len)
{
	unsigned i;

	for (i = 0; i < ABI_NREG; i++) {
		const struct abi_region *r = &m->reg[i];
		uint64_t rsize = r->entries << m->page_shift;

		if (region_visible(r) && ua >= r->ua && ua - r->ua < rsize &&
		    len <= rsize - (ua - r->ua))
			return (int)i;
	}
	return -1;
}

/* Builds one entry; returns 0 or -errno (nothing changed on error). */
static long build_one(struct abi_model *m, struct abi_container *c,
		      struct abi_window *w, uint64_t idx, uint64_t ua,
		      uint8_t perm)
{
	uint64_t pgsz = 1ULL << w->shift;
	const struct abi_area *a;
	size_t slot;
	int ri = -1;

	if (c->type == ABI_V1) {
		/* Pin the host page for write. */
		a = area_of(m, ua);
		if (!a || !a->writable)
			return -EFAULT;
		if (backing_shift(m, a) < w->shift)
			return -EPERM;
	} else {
		ri = region_find(m, ua, pgsz);
		if (ri < 0)
			return -EINVAL;
		a = area_of(m, ua);
		if (!a || backing_shift(m, a) < w->shift)
			return -EPERM;
		if (m->reg[ri].pageshift < w->shift)
			return -EINVAL;
		m->reg[ri].mapped++;
	}
	if (c->type == ABI_V1)
		m->pinned++;
	if (tces_get(&w->tces, idx, &slot)) {
		/* Replaced entry: unpin, or drop its region reference. */
		if (c->type == ABI_V1)
			m->pinned--;
		else
			region_unref(m, w->tces.reg[slot]);
	}
	tces_put(&w->tces, idx, ua, perm, (int16_t)ri);
	return 0;
}

static void clear_range(struct abi_model *m, struct abi_container *c,
			struct abi_window *w, uint64_t idx, uint64_t n)
{
	uint64_t k;
	size_t slot;

	if (n > w->tces.n * 4 + 64) {
		/* Sparse map, huge range: collect the keys, then drop. */
		uint64_t *keys = malloc((w->tces.n + 1) * sizeof(*keys));
		size_t nk = 0, j;

		if (!keys)
			abort();
		for (slot = 0; slot < w->tces.cap; slot++)
			if (w->tces.key[slot] &&
			    w->tces.key[slot] - 1 >= idx &&
			    w->tces.key[slot] - 1 - idx < n)
				keys[nk++] = w->tces.key[slot] - 1;
		for (j = 0; j < nk; j++)
			if (tces_get(&w->tces, keys[j], &slot))
				tce_drop(m, c->type, w, slot);
		free(keys);
		return;
	}
	for (k = 0; k < n; k++)
		if (tces_get(&w->tces, idx + k, &slot))
			tce_drop(m, c->type, w, slot);
}

static long op_map(struct abi_model *m, const struct abi_op *op,
		   struct abi_container *c)
{
	struct abi_window *w;
	uint64_t idx, n, k;
	uint8_t perm;
	long ret;

	if (!c->enabled)
		return -EPERM;
	if (op->badptr)
		return -EFAULT;
	if (op->argsz < 32 || (op->flags & ~3u))
		return -EINVAL;
	ret = default_window(m, c);
	if (ret)
		return ret;
	w = window_of(c, op->b);
	if (!w)
		return -ENXIO;
	if (op->a & ((1ULL << w->shift) - 1))
		return -EINVAL;
	if (!(op->flags & 3))
		return -EINVAL;
	ret = range_check(w, op->b, op->c, &idx, &n);
	if (ret)
		return ret;
	perm = (op->flags & 2) ? 3 : 1;		/* write implies read */
	for (k = 0; k < n; k++) {
		ret = build_one(m, c, w, idx + k, op->a + (k << w->shift),
				perm);
		if (ret) {
			clear_range(m, c, w, idx, k);	/* roll back */
			return ret;
		}
	}
	return 0;
}

static long op_unmap(struct abi_model *m, const struct abi_op *op,
		     struct abi_container *c)
{
	struct abi_window *w;
	uint64_t idx, n;
	long ret;

	if (!c->enabled)
		return -EPERM;
	if (op->badptr)
		return -EFAULT;
	if (op->argsz < 24 || op->flags)
		return -EINVAL;
	ret = default_window(m, c);
	if (ret)
		return ret;
	w = window_of(c, op->b);
	if (!w)
		return -ENXIO;
	ret = range_check(w, op->b, op->c, &idx, &n);
	if (ret)
		return ret;
	clear_range(m, c, w, idx, n);
	return 0;
}

/*
 * REGISTER also refuses size 0 and a wrap; UNREGISTER checks only the
 * alignment (kernel-abi.md 2.2), so a zero or wrapping range is simply
 * not found (ENOENT).
 */
static long reg_args(const struct abi_model *m, const struct abi_op *op,
		     bool reg)
{
	uint64_t pmask = (1ULL << m->page_shift) - 1;

	if (op->badptr)
		return -EFAULT;
	if (op->argsz < 24 || op->flags)
		return -EINVAL;
	if ((op->a & pmask) || (op->c & pmask))
		return -EINVAL;
	if (reg && (!op->c || op->a + op->c < op->a))
		return -EINVAL;
	return 0;
}

static long op_register(struct abi_model *m, const struct abi_op *op,
			int ci)
{
	struct abi_container *c = &m->c[ci];
	uint64_t entries = op->c >> m->page_shift, k, ua, end;
	unsigned i, ps;
	long ret;
	int free_slot = -1;

	if (c->type == ABI_V1)
		return -ENOTTY;
	c->mm_bound = true;
	ret = reg_args(m, op, true);
	if (ret)
		return ret;
	for (i = 0; i < ABI_NREG; i++) {
		struct abi_region *r = &m->reg[i];

		if (region_visible(r) && r->ua == op->a &&
		    r->entries == entries) {
			if (r->holders & (1u << ci))
				return -EBUSY;
			r->holders |= 1u << ci;
			c->enabled = true;
			return 0;
		}
	}
	ret = charge(m, entries);
	if (ret)
		return ret;
	ps = 63;
	for (k = 0; k < entries; k++) {
		const struct abi_area *a;

		ua = op->a + (k << m->page_shift);
		a = area_of(m, ua);
		if (!a || !a->writable) {
			uncharge(m, entries);
			return -EFAULT;
		}
		if (backing_shift(m, a) < ps)
			ps = backing_shift(m, a);
	}
	end = op->a + op->c;
	for (i = 0; i < ABI_NREG; i++) {
		struct abi_region *r = &m->reg[i];
		uint64_t rend = r->ua + (r->entries << m->page_shift);

		/* An orphan still pins its memory: it overlaps too. */
		if (r->live && op->a < rend && r->ua < end) {
			uncharge(m, entries);
			return -EINVAL;
		}
		if (!r->live && free_slot < 0)
			free_slot = (int)i;
	}
	if (free_slot < 0)
		abort();	/* the generator keeps well below ABI_NREG */
	i = (unsigned)__builtin_ctzll(op->a | op->c);
	if (i < ps)
		ps = i;
	m->reg[free_slot] = (struct abi_region){
		.live = true, .ua = op->a, .entries = entries,
		.holders = 1u << ci, .mapped = 1, .pageshift = ps,
	};
	m->pinned += entries;
	c->enabled = true;
	return 0;
}

static long op_unregister(struct abi_model *m, const struct abi_op *op,
			  int ci)
{
	struct abi_container *c = &m->c[ci];
	uint64_t entries = op->c >> m->page_shift;
	unsigned i;
	long ret;

	if (c->type == ABI_V1)
		return -ENOTTY;
	if (!c->mm_bound)
		return -EPERM;
	ret = reg_args(m, op, false);
	if (ret)
		return ret;
	for (i = 0; i < ABI_NREG; i++) {
		struct abi_region *r = &m->reg[i];

		if (!region_visible(r) || r->ua != op->a ||
		    r->entries != entries)
			continue;
		if (!(r->holders & (1u << ci)))
			return -ENOENT;
		if (popcount(r->holders) > 1) {
			r->holders &= ~(1u << ci);
			return 0;
		}
		if (r->mapped > 1)
			return -EBUSY;		/* v4.2: kept */
		region_free(m, r);
		return 0;
	}
	return -ENOENT;
}

static long op_create(struct abi_model *m, const struct abi_op *op,
		      struct abi_container *c, struct abi_expect *e)
{
	uint64_t start;
	long ret;

	if (c->type == ABI_V1)
		return -ENOTTY;
	c->mm_bound = true;
	if (op->badptr)
		return -EFAULT;
	if (op->argsz < 40 || op->flags)
		return -EINVAL;
	ret = default_window(m, c);
	if (ret)
		return ret;
	ret = window_create(m, c, op->shift, op->c, op->levels, &start);
	if (!ret)
		e->start_addr = start;
	return ret;
}

static long op_remove(struct abi_model *m, const struct abi_op *op,
		      struct abi_container *c)
{
	struct abi_window *w;

	if (c->type == ABI_V1)
		return -ENOTTY;
	c->mm_bound = true;
	if (op->badptr)
		return -EFAULT;
	if (op->argsz < 16 || op->flags)
		return -EINVAL;
	if (c->def_pending && !op->b) {
		c->def_pending = false;
		return 0;
	}
	w = window_of(c, op->b);
	if (!w)
		return -EINVAL;
	window_destroy(m, c->type, w);
	return 0;
}

static long op_set_container(struct abi_model *m, const struct abi_op *op)
{
	struct abi_container *c;

	if (op->ctr == -2)
		return -EBADF;
	if (m->group_ctr[op->grp] >= 0)
		return -EINVAL;
	if (op->ctr < 0)
		return -EINVAL;
	c = &m->c[op->ctr];
	/* With a backend set, its attach runs now (v1: one group). */
	if (c->type == ABI_V1)
		return -EBUSY;
	c->groups |= 1u << op->grp;
	m->group_ctr[op->grp] = op->ctr;
	return 0;
}

static long op_unset_container(struct abi_model *m, const struct abi_op *op)
{
	int ci = m->group_ctr[op->grp];
	struct abi_container *c;

	if (ci < 0)
		return -EINVAL;
	c = &m->c[ci];
	c->groups &= ~(1u << op->grp);
	m->group_ctr[op->grp] = -1;
	if (!c->groups && c->type != ABI_NONE)
		container_release(m, ci);
	return 0;
}

static void op_probe(struct abi_model *m, const struct abi_op *op,
		     struct abi_expect *e)
{
	int ci = m->group_ctr[op->grp];
	uint64_t ua;
	unsigned perm;

	e->probe = ABI_PROBE_SKIP;
	if (ci < 0 || m->c[ci].type == ABI_NONE)
		return;
	e->probe = ABI_PROBE_FAULT;
	if (!abi_model_lookup(m, ci, op->b, &ua, &perm))
		return;
	if (op->a && !(perm & 2))
		return;
	e->probe = ABI_PROBE_OK;
	e->probe_ua = ua;
}

void abi_model_apply(struct abi_model *m, const struct abi_op *op,
		     struct abi_expect *e)
{
	struct abi_container *c = &m->c[op->ctr >= 0 ? op->ctr : 0];

	memset(e, 0, sizeof(*e));
	switch (op->kind) {
	case ABI_OP_CHECK_EXT:
		e->ret = (op->a == 2 || op->a == 5 || op->a == 7) ? 1 : 0;
		return;
	case ABI_OP_SET_IOMMU:
		e->ret = op_set_iommu(m, c, op->a);
		return;
	case ABI_OP_SET_CONTAINER:
		e->ret = op_set_container(m, op);
		return;
	case ABI_OP_UNSET_CONTAINER:
		e->ret = op_unset_container(m, op);
		return;
	case ABI_OP_PROBE:
		op_probe(m, op, e);
		return;
	default:
		break;
	}
	/* Every backend ioctl needs a backend. */
	if (c->type == ABI_NONE) {
		e->ret = -EINVAL;
		return;
	}
	/* Once bound to an mm, another process gets EPERM. */
	if (op->foreign && c->mm_bound) {
		e->ret = -EPERM;
		return;
	}
	switch (op->kind) {
	case ABI_OP_GET_INFO:
		e->ret = op_get_info(op, c, e);
		break;
	case ABI_OP_ENABLE:
		e->ret = op_enable(m, c);
		break;
	case ABI_OP_DISABLE:
		e->ret = op_disable(m, c);
		break;
	case ABI_OP_MAP:
		e->ret = c->type == ABI_V1 || c->type == ABI_V2 ?
			 op_map(m, op, c) : -EINVAL;
		break;
	case ABI_OP_UNMAP:
		e->ret = op_unmap(m, op, c);
		break;
	case ABI_OP_REGISTER:
		e->ret = op_register(m, op, op->ctr);
		break;
	case ABI_OP_UNREGISTER:
		e->ret = op_unregister(m, op, op->ctr);
		break;
	case ABI_OP_CREATE:
		e->ret = op_create(m, op, c, e);
		break;
	case ABI_OP_REMOVE:
		e->ret = op_remove(m, op, c);
		break;
	default:
		e->ret = -ENOTTY;
		break;
	}
}

/* ---- setup and queries ------------------------------------------------ */

void abi_model_init(struct abi_model *m, unsigned page_shift,
		    uint64_t memlock_bytes)
{
	unsigned i;

	memset(m, 0, sizeof(*m));
	m->page_shift = page_shift;
	m->memlock_pages = memlock_bytes >> page_shift;
	for (i = 0; i < ABI_NG; i++)
		m->group_ctr[i] = -1;
}

void abi_model_free(struct abi_model *m)
{
	unsigned i, j;

	for (i = 0; i < ABI_NC; i++)
		for (j = 0; j < 2; j++)
			tces_free(&m->c[i].win[j].tces);
}

void abi_model_add_area(struct abi_model *m, uint64_t ua, uint64_t size,
			bool writable, bool huge)
{
	if (m->nr_area >= ABI_NAREA)
		abort();
	m->area[m->nr_area++] = (struct abi_area){
		.ua = ua, .size = size, .writable = writable, .huge = huge,
	};
}

bool abi_model_lookup(const struct abi_model *m, int ctr, uint64_t bus,
		      uint64_t *ua, unsigned *perm)
{
	struct abi_container *c = (struct abi_container *)&m->c[ctr];
	struct abi_window *w = window_of(c, bus);
	uint64_t mask;
	size_t slot;

	if (!w)
		return false;
	mask = (1ULL << w->shift) - 1;
	if (!tces_get(&w->tces, (bus - w->start) >> w->shift, &slot))
		return false;
	*ua = w->tces.ua[slot] + (bus & mask);
	*perm = w->tces.perm[slot];
	return true;
}

bool abi_model_pick_mapped(const struct abi_model *m, int ctr, uint64_t r,
			   uint64_t *bus, uint64_t *ua, unsigned *perm,
			   unsigned *shift)
{
	const struct abi_container *c = &m->c[ctr];
	const struct abi_window *w;
	uint64_t total = c->win[0].tces.n + c->win[1].tces.n;
	size_t i;

	if (!total)
		return false;
	r %= total;
	w = &c->win[0];
	if (r >= w->tces.n)
		w = &c->win[1];
	/* Start at a pseudo-random slot, take the next occupied one. */
	i = (size_t)(mix(r) & (w->tces.cap - 1));
	while (!w->tces.key[i])
		i = (i + 1) & (w->tces.cap - 1);
	*bus = w->start + ((w->tces.key[i] - 1) << w->shift);
	*ua = w->tces.ua[i];
	*perm = w->tces.perm[i];
	*shift = w->shift;
	return true;
}

static const char *const op_names[ABI_OP_NR] = {
	[ABI_OP_CHECK_EXT] = "CHECK_EXTENSION",
	[ABI_OP_SET_IOMMU] = "SET_IOMMU",
	[ABI_OP_GET_INFO] = "GET_INFO",
	[ABI_OP_ENABLE] = "ENABLE",
	[ABI_OP_DISABLE] = "DISABLE",
	[ABI_OP_MAP] = "MAP_DMA",
	[ABI_OP_UNMAP] = "UNMAP_DMA",
	[ABI_OP_REGISTER] = "REGISTER_MEMORY",
	[ABI_OP_UNREGISTER] = "UNREGISTER_MEMORY",
	[ABI_OP_CREATE] = "CREATE_WINDOW",
	[ABI_OP_REMOVE] = "REMOVE_WINDOW",
	[ABI_OP_SET_CONTAINER] = "GROUP_SET_CONTAINER",
	[ABI_OP_UNSET_CONTAINER] = "GROUP_UNSET_CONTAINER",
	[ABI_OP_PROBE] = "DMA_PROBE",
};

const char *abi_op_name(enum abi_op_kind k)
{
	return k < ABI_OP_NR ? op_names[k] : "?";
}

int abi_op_format(const struct abi_op *op, char *buf, size_t len)
{
	const char *bp = op->badptr ? " badptr" :
			 op->foreign ? " from-child" : "";

	switch (op->kind) {
	case ABI_OP_SET_CONTAINER:
	case ABI_OP_UNSET_CONTAINER:
		return snprintf(buf, len, "%s g%d c%d", abi_op_name(op->kind),
				op->grp, op->ctr);
	case ABI_OP_PROBE:
		return snprintf(buf, len, "%s g%d bus=%#llx %s",
				abi_op_name(op->kind), op->grp,
				(unsigned long long)op->b,
				op->a ? "write" : "read");
	case ABI_OP_CREATE:
		return snprintf(buf, len,
				"%s c%d argsz=%u flags=%#x shift=%u size=%#llx levels=%u%s",
				abi_op_name(op->kind), op->ctr, op->argsz,
				op->flags, op->shift,
				(unsigned long long)op->c, op->levels, bp);
	default:
		return snprintf(buf, len,
				"%s c%d argsz=%u flags=%#x a=%#llx b=%#llx c=%#llx%s",
				abi_op_name(op->kind), op->ctr, op->argsz,
				op->flags, (unsigned long long)op->a,
				(unsigned long long)op->b,
				(unsigned long long)op->c, bp);
	}
}
