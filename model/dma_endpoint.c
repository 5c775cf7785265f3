// SPDX-License-Identifier: GPL-2.0
/*
 * DMA test endpoint: splits transfers into PCIe-legal requests, sends them
 * to a host bridge's DMA target and turns each outcome into one status.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/dma_endpoint.h"

#define EP_4K 4096ull
#define EP_PATTERN_CHUNK 65536ull

void dma_ep_init(struct dma_ep *ep, uint16_t rid,
		 const struct sim_dma_target *target)
{
	memset(ep, 0, sizeof(*ep));
	ep->rid = rid;
	if (target)
		ep->target = *target;
	ep->max_payload = DMA_EP_MAX_PAYLOAD_DEFAULT;
}

static enum dma_ep_status finish(struct dma_ep *ep, struct dma_ep_result *r,
				 struct dma_ep_result *out,
				 enum dma_ep_status st)
{
	r->status = st;
	switch (st) {
	case DMA_EP_OK:
		ep->cnt.transfers_ok++;
		break;
	case DMA_EP_ERR_BAD_ARG:
	case DMA_EP_ERR_NO_TARGET:
		ep->cnt.bad_args++;
		break;
	case DMA_EP_ERR_TARGET:
	case DMA_EP_ERR_NOMEM:
		ep->cnt.target_errors++;
		break;
	case DMA_EP_ERR_FAULT:
		ep->cnt.faults++;
		break;
	case DMA_EP_ERR_FROZEN:
		ep->cnt.frozen++;
		break;
	case DMA_EP_ERR_MSI:
		ep->cnt.msi++;
		break;
	case DMA_EP_ERR_MISMATCH:
		ep->cnt.mismatches++;
		break;
	case DMA_EP_STATUS_MAX:
		break;
	}
	if (out)
		*out = *r;
	return st;
}

/*
 * Send [addr, addr + len) as PCIe-legal requests (max_payload, never
 * across 4 KiB); the outcome in *r, not counted (the caller finishes).
 */
static enum dma_ep_status send(struct dma_ep *ep, enum sim_dma_dir dir,
			       uint64_t addr, void *buf, uint64_t len,
			       struct dma_ep_result *r)
{
	uint8_t *b = buf;
	uint64_t a = addr, end = addr + len;

	memset(r, 0, sizeof(*r));
	if (!ep->target.dma)
		return DMA_EP_ERR_NO_TARGET;
	if (!len || !buf || end < addr || !ep->max_payload ||
	    ep->max_payload > EP_4K)
		return DMA_EP_ERR_BAD_ARG;
	while (a < end) {
		uint64_t to4k = (a | (EP_4K - 1)) + 1 - a;
		uint64_t n = end - a;
		struct sim_dma_req req;
		int rc;

		if (n > to4k)
			n = to4k;
		if (n > ep->max_payload)
			n = ep->max_payload;
		req = (struct sim_dma_req){ .rid = ep->rid, .addr = a,
					    .len = (uint32_t)n, .dir = dir };
		ep->cnt.requests++;
		rc = ep->target.dma(ep->target.opaque, &req, b, &r->dma);
		if (rc) {
			r->target_errno = rc;
			return DMA_EP_ERR_TARGET;
		}
		switch (r->dma.status) {
		case SIM_DMA_OK:
			break;
		case SIM_DMA_MSI:
			return DMA_EP_ERR_MSI;
		case SIM_DMA_FROZEN:
			return DMA_EP_ERR_FROZEN;
		case SIM_DMA_FAULT:
		default:
			return DMA_EP_ERR_FAULT;
		}
		if (dir == SIM_DMA_WRITE)
			ep->cnt.bytes_written += n;
		else
			ep->cnt.bytes_read += n;
		r->bytes_done += n;
		a += n;
		b += n;
	}
	return DMA_EP_OK;
}

static enum dma_ep_status transfer(struct dma_ep *ep, enum sim_dma_dir dir,
				   uint64_t addr, void *buf, uint64_t len,
				   struct dma_ep_result *out)
{
	struct dma_ep_result r;

	return finish(ep, &r, out, send(ep, dir, addr, buf, len, &r));
}

enum dma_ep_status dma_ep_write(struct dma_ep *ep, uint64_t addr,
				const void *buf, uint64_t len,
				struct dma_ep_result *res)
{
	/* The bridge only reads buf for a write. */
	return transfer(ep, SIM_DMA_WRITE, addr, (void *)buf, len, res);
}

enum dma_ep_status dma_ep_read(struct dma_ep *ep, uint64_t addr, void *buf,
			       uint64_t len, struct dma_ep_result *res)
{
	return transfer(ep, SIM_DMA_READ, addr, buf, len, res);
}

uint8_t dma_ep_pattern_byte(uint64_t seed, uint64_t i)
{
	/* splitmix64 of (seed, i / 8), one byte per position. */
	uint64_t z = seed * 0x9E3779B97F4A7C15ull + (i >> 3) + 1;

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	z ^= z >> 31;
	return (uint8_t)(z >> (8 * (i & 7)));
}

/*
 * A pattern transfer, in chunks so any length works in bounded memory:
 * each chunk is filled before a write, or compared after a read; the
 * whole call is one outcome (the first failing chunk's, its bytes_done
 * counting the chunks before it).
 */
static enum dma_ep_status pattern(struct dma_ep *ep, enum sim_dma_dir dir,
				  uint64_t addr, uint64_t len, uint64_t seed,
				  struct dma_ep_result *res)
{
	enum dma_ep_status st = DMA_EP_OK;
	struct dma_ep_result r, part;
	uint64_t off = 0, i;
	uint8_t *b;

	memset(&r, 0, sizeof(r));
	if (!len || addr + len < addr)
		return finish(ep, &r, res, DMA_EP_ERR_BAD_ARG);
	b = malloc(len < EP_PATTERN_CHUNK ? len : EP_PATTERN_CHUNK);
	if (!b)
		return finish(ep, &r, res, DMA_EP_ERR_NOMEM);
	while (off < len && st == DMA_EP_OK) {
		uint64_t n = len - off < EP_PATTERN_CHUNK ? len - off
							  : EP_PATTERN_CHUNK;

		if (dir == SIM_DMA_WRITE)
			for (i = 0; i < n; i++)
				b[i] = dma_ep_pattern_byte(seed, off + i);
		st = send(ep, dir, addr + off, b, n, &part);
		if (st != DMA_EP_OK) {
			part.bytes_done += off;
			r = part;
			break;
		}
		r.dma = part.dma;
		for (i = 0; dir == SIM_DMA_READ && i < n; i++) {
			if (b[i] != dma_ep_pattern_byte(seed, off + i)) {
				r.mismatch_offset = off + i;
				st = DMA_EP_ERR_MISMATCH;
				break;
			}
		}
		off += n;
	}
	free(b);
	if (st == DMA_EP_OK || st == DMA_EP_ERR_MISMATCH)
		r.bytes_done = st == DMA_EP_OK ? len : off;
	return finish(ep, &r, res, st);
}

enum dma_ep_status dma_ep_write_pattern(struct dma_ep *ep, uint64_t addr,
					uint64_t len, uint64_t seed,
					struct dma_ep_result *res)
{
	return pattern(ep, SIM_DMA_WRITE, addr, len, seed, res);
}

enum dma_ep_status dma_ep_check_pattern(struct dma_ep *ep, uint64_t addr,
					uint64_t len, uint64_t seed,
					struct dma_ep_result *res)
{
	return pattern(ep, SIM_DMA_READ, addr, len, seed, res);
}

const char *dma_ep_status_name(enum dma_ep_status s)
{
	static const char *const names[DMA_EP_STATUS_MAX] = {
		[DMA_EP_OK] = "ok",
		[DMA_EP_ERR_BAD_ARG] = "bad-argument",
		[DMA_EP_ERR_NO_TARGET] = "no-target",
		[DMA_EP_ERR_TARGET] = "target-error",
		[DMA_EP_ERR_FAULT] = "fault",
		[DMA_EP_ERR_FROZEN] = "frozen",
		[DMA_EP_ERR_MSI] = "msi",
		[DMA_EP_ERR_MISMATCH] = "mismatch",
		[DMA_EP_ERR_NOMEM] = "no-memory",
	};

	if ((unsigned)s >= DMA_EP_STATUS_MAX)
		return "invalid";
	return names[s];
}
