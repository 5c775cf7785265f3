// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware's own bookkeeping as checkpoint bytes (tcesim/opal.h).
 * Payload, big-endian:
 *
 *   u32 version (1), u32 unit (0)
 *   u32 nphbs, then per PHB record (registry order):
 *       u64 id, u32 type, u64 regs, u64 rtt, u64 peltv, u64 pest,
 *       u8 err_pending, u64 hub id (~0: none), u32 ca, u32 index
 *   u32 nhubs, then per hub: u64 id, u64 regs, u64 tce_base, u64 tce_size
 *
 * Everything but err_pending and the hubs' TCE memory is fixed when the
 * machine is built: restore checks that it matches.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "opal-internal.h"

#define FW_STATE_VERSION 1
#define PHB_REC_BYTES 61	/* 8+4+8+8+8+8+1+8+4+4 */
#define HUB_REC_BYTES 32

struct enc {
	uint8_t *p;
	size_t len;
};

static void put(struct enc *e, uint64_t v, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++)
		e->p[e->len + i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	e->len += n;
}

struct dec {
	const uint8_t *p;
	size_t len, off;
	bool short_read;
};

static uint64_t get(struct dec *d, unsigned n)
{
	uint64_t v = 0;
	unsigned i;

	if (d->short_read || n > d->len - d->off) {
		d->short_read = true;
		return 0;
	}
	for (i = 0; i < n; i++)
		v = v << 8 | d->p[d->off + i];
	d->off += n;
	return v;
}

int opal_state_save(const struct opal *fw, uint8_t **buf, size_t *len)
{
	const struct opal_phb *p;
	const struct opal_hub *h;
	uint32_t np = 0, nh = 0;
	struct enc e = { 0 };

	for (p = fw->phbs; p; p = p->next)
		np++;
	for (h = fw->hubs; h; h = h->next)
		nh++;
	e.p = malloc(16 + (size_t)np * PHB_REC_BYTES + (size_t)nh * HUB_REC_BYTES);
	if (!e.p)
		return -ENOMEM;
	put(&e, FW_STATE_VERSION, 4);
	put(&e, 0, 4);
	put(&e, np, 4);
	for (p = fw->phbs; p; p = p->next) {
		put(&e, p->id, 8);
		put(&e, (uint32_t)p->type, 4);
		put(&e, p->regs, 8);
		put(&e, p->rtt, 8);
		put(&e, p->peltv, 8);
		put(&e, p->pest, 8);
		put(&e, p->err_pending, 1);
		put(&e, p->hub ? p->hub->id : ~0ull, 8);
		put(&e, p->ca, 4);
		put(&e, p->index, 4);
	}
	put(&e, nh, 4);
	for (h = fw->hubs; h; h = h->next) {
		put(&e, h->id, 8);
		put(&e, h->regs, 8);
		put(&e, h->tce_base, 8);
		put(&e, h->tce_size, 8);
	}
	*buf = e.p;
	*len = e.len;
	return 0;
}

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* One PHB record against this firmware's; err_pending into *pending. */
static int check_phb(const struct opal_phb *p, struct dec *d, bool *pending,
		     char *err, size_t errlen)
{
	uint64_t id = get(d, 8), type = get(d, 4), regs = get(d, 8);
	uint64_t rtt = get(d, 8), peltv = get(d, 8), pest = get(d, 8);
	uint64_t ep = get(d, 1), hub = get(d, 8), ca = get(d, 4);
	uint64_t index = get(d, 4);

	if (d->short_read)
		return fail(err, errlen, "firmware: truncated payload");
	if (!p || id != p->id || type != (uint64_t)p->type || regs != p->regs)
		return fail(err, errlen,
			    "firmware: PHB %llu (type %llu, registers %#llx) in the checkpoint is not this machine's (phbs)",
			    (unsigned long long)id, (unsigned long long)type,
			    (unsigned long long)regs);
	if (rtt != p->rtt || peltv != p->peltv || pest != p->pest)
		return fail(err, errlen,
			    "firmware: PHB %llu tables at %#llx/%#llx/%#llx in the checkpoint, %#llx/%#llx/%#llx in this machine",
			    (unsigned long long)id, (unsigned long long)rtt,
			    (unsigned long long)peltv, (unsigned long long)pest,
			    (unsigned long long)p->rtt,
			    (unsigned long long)p->peltv,
			    (unsigned long long)p->pest);
	if (hub != (p->hub ? p->hub->id : ~0ull) || ca != p->ca ||
	    index != p->index || ep > 1)
		return fail(err, errlen,
			    "firmware: PHB %llu position (hub %llu, Calgary %llu, index %llu) differs",
			    (unsigned long long)id, (unsigned long long)hub,
			    (unsigned long long)ca, (unsigned long long)index);
	*pending = ep;
	return 0;
}

int opal_state_restore(struct opal *fw, const void *buf, size_t len,
		       bool commit, char *err, size_t errlen)
{
	struct dec d = { .p = buf, .len = buf ? len : 0 };
	struct opal_phb *p;
	struct opal_hub *h;
	uint64_t v, n;
	size_t start;
	int pass, rc;

	v = get(&d, 4);
	get(&d, 4);
	if (d.short_read)
		return fail(err, errlen, "firmware: payload shorter than its header");
	if (v != FW_STATE_VERSION)
		return fail(err, errlen,
			    "firmware: layout version %llu, this tcesim reads version %u",
			    (unsigned long long)v, FW_STATE_VERSION);
	start = d.off;
	/* pass 0 checks everything; pass 1 (commit) applies */
	for (pass = 0; pass < (commit ? 2 : 1); pass++) {
		d.off = start;
		n = get(&d, 4);
		for (p = fw->phbs; p && n; p = p->next, n--) {
			bool pending = false;

			rc = check_phb(p, &d, &pending, err, errlen);
			if (rc)
				return rc;
			if (pass)
				p->err_pending = pending;
		}
		if (p || n)
			return fail(err, errlen,
				    "firmware: the checkpoint has a different number of PHBs (phbs)");
		n = get(&d, 4);
		for (h = fw->hubs; h && n; h = h->next, n--) {
			uint64_t id = get(&d, 8), regs = get(&d, 8);
			uint64_t base = get(&d, 8), size = get(&d, 8);

			if (d.short_read)
				return fail(err, errlen, "firmware: truncated payload");
			if (id != h->id || regs != h->regs)
				return fail(err, errlen,
					    "firmware: hub %llu at %#llx in the checkpoint is not this machine's (platform)",
					    (unsigned long long)id,
					    (unsigned long long)regs);
			if (pass) {
				h->tce_base = base;
				h->tce_size = size;
			}
		}
		if (h || n)
			return fail(err, errlen,
				    "firmware: the checkpoint has a different number of I/O hubs (platform)");
		if (d.short_read || d.off != d.len)
			return fail(err, errlen,
				    "firmware: payload of %zu bytes is truncated or too long",
				    d.len);
	}
	return 0;
}
