// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's TCE tables as the log shows them, built in pass 1, so that
 * pass 2 knows where each device translation (spapr_iommu_xlate) got its
 * TCE. QEMU logs every hcall, but H_PUT_TCE_INDIRECT only with its last
 * entry: the other entries of the call are set without a trace. A
 * translation that went through such an entry shows the entry's value
 * (page and permission, the TCE itself), so the importer can set it where
 * the guest did, inside that indirect call. A translation through an
 * entry that no event of the log set at all (set before the log began)
 * establishes the entry just before that DMA. docs/trace-format.md
 * ("Importing QEMU logs") states the rule.
 *
 * Entries are kept in a hash table keyed by (LIOBN, bus address >> page
 * shift); only entries some event set are stored, so the cost follows
 * the log, not the window size.
 */
#include <stdlib.h>
#include <string.h>

#include "import_qemu_internal.h"

/* Who set an entry: a logged event, or entry `entry` of the indirect
 * call at log line `line` (its value not logged). */
struct sh_ent {
	struct sh_ent *next;
	uint32_t liobn;
	uint64_t idx;
	unsigned line;		/* 0: a logged value */
	unsigned entry;
};

#define SH_BUCKETS 4096u

struct shadow {
	struct sh_ent *bucket[SH_BUCKETS];
	struct imp_evidence *ev;	/* for indirect entries */
	size_t nev, capev;
	struct imp_evidence *pre;	/* before a DMA (entry never set) */
	size_t npre, cappre;
	size_t cur_pre;			/* pass 2 cursor into pre */
};

static unsigned sh_hash(uint32_t liobn, uint64_t idx)
{
	uint64_t h = (idx ^ ((uint64_t)liobn << 40)) * 0x9e3779b97f4a7c15ull;

	return (unsigned)(h >> 52) % SH_BUCKETS;
}

static struct sh_ent **sh_slot(struct shadow *s, uint32_t liobn, uint64_t idx)
{
	struct sh_ent **pp = &s->bucket[sh_hash(liobn, idx)];

	while (*pp && ((*pp)->liobn != liobn || (*pp)->idx != idx))
		pp = &(*pp)->next;
	return pp;
}

int imp_shadow_init(struct imp *im)
{
	im->sh = calloc(1, sizeof(*im->sh));
	return im->sh ? 0 : -1;
}

void imp_shadow_free(struct imp *im)
{
	struct shadow *s = im->sh;

	if (!s)
		return;
	for (unsigned i = 0; i < SH_BUCKETS; i++) {
		struct sh_ent *e = s->bucket[i];
		while (e) {
			struct sh_ent *n = e->next;
			free(e);
			e = n;
		}
	}
	free(s->ev);
	free(s->pre);
	free(s);
	im->sh = NULL;
}

/* Entry (liobn, idx) set by line/entry (line 0: a logged value), or
 * cleared. */
static void sh_set(struct imp *im, uint32_t liobn, uint64_t idx,
		   bool set, unsigned line, unsigned entry)
{
	struct shadow *s = im->sh;
	struct sh_ent **pp = sh_slot(s, liobn, idx), *e = *pp;

	if (!set) {
		if (e) {
			*pp = e->next;
			free(e);
		}
		return;
	}
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e) {
			im->oom = true;
			return;
		}
		e->liobn = liobn;
		e->idx = idx;
		*pp = e;
	}
	e->line = line;
	e->entry = entry;
}

void imp_shadow_logged(struct imp *im, uint32_t liobn, uint64_t idx, bool set)
{
	sh_set(im, liobn, idx, set, 0, 0);
}

void imp_shadow_indirect(struct imp *im, uint32_t liobn, uint64_t idx,
			 unsigned line, unsigned entry)
{
	sh_set(im, liobn, idx, true, line, entry);
}

void imp_shadow_drop(struct imp *im, uint32_t liobn)
{
	struct shadow *s = im->sh;

	for (unsigned i = 0; i < SH_BUCKETS; i++) {
		struct sh_ent **pp = &s->bucket[i];
		while (*pp) {
			struct sh_ent *e = *pp;
			if (e->liobn == liobn) {
				*pp = e->next;
				free(e);
			} else {
				pp = &e->next;
			}
		}
	}
}

static int ev_push(struct imp *im, struct imp_evidence **a, size_t *n,
		   size_t *cap, const struct imp_evidence *v)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 64;
		struct imp_evidence *p = realloc(*a, c * sizeof(*p));
		if (!p) {
			im->oom = true;
			return -1;
		}
		*a = p;
		*cap = c;
	}
	(*a)[(*n)++] = *v;
	return 0;
}

void imp_shadow_xlate(struct imp *im, uint32_t liobn, uint64_t idx,
		      unsigned xlate_line, uint64_t bus, uint64_t tce,
		      unsigned shift)
{
	struct shadow *s = im->sh;
	struct sh_ent *e = *sh_slot(s, liobn, idx);
	struct imp_evidence v = { 0, 0, bus, tce, shift };

	if (e && !e->line)
		return;	/* a logged value: the DMA checks it */
	if (e) {
		/* an unlogged indirect entry: set it in that call */
		v.line = e->line;
		v.entry = e->entry;
		if (!ev_push(im, &s->ev, &s->nev, &s->capev, &v))
			e->line = 0;	/* known from now on */
		return;
	}
	/* no event of the log set it: it was set before the log */
	v.line = xlate_line;
	if (!ev_push(im, &s->pre, &s->npre, &s->cappre, &v))
		sh_set(im, liobn, idx, true, 0, 0);
}

static int ev_cmp(const void *a, const void *b)
{
	const struct imp_evidence *x = a, *y = b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->entry != y->entry)
		return x->entry < y->entry ? -1 : 1;
	return 0;
}

void imp_shadow_finish(struct imp *im)
{
	struct shadow *s = im->sh;

	/* by indirect call, then entry (pre is in line order already) */
	if (s->nev)
		qsort(s->ev, s->nev, sizeof(*s->ev), ev_cmp);
	s->cur_pre = 0;
}

size_t imp_shadow_evidence(struct imp *im, unsigned line,
			   const struct imp_evidence **first)
{
	struct shadow *s = im->sh;
	size_t lo = 0, hi = s->nev, n = 0;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (s->ev[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = s->ev + lo;
	while (lo + n < s->nev && s->ev[lo + n].line == line)
		n++;
	return n;
}

const struct imp_evidence *imp_shadow_premap(struct imp *im,
					     unsigned xlate_line)
{
	struct shadow *s = im->sh;

	while (s->cur_pre < s->npre && s->pre[s->cur_pre].line < xlate_line)
		s->cur_pre++;
	if (s->cur_pre < s->npre && s->pre[s->cur_pre].line == xlate_line)
		return &s->pre[s->cur_pre];
	return NULL;
}

size_t imp_shadow_count(const struct imp *im, bool pre)
{
	return pre ? im->sh->npre : im->sh->nev;
}
