// SPDX-License-Identifier: GPL-2.0
/*
 * The traffic generators (stream, nic-strict, nic-pool, scatter) and the
 * loop that merges the devices' requests in arrival order, sends each
 * through machine_dma_at() as device DMA, charges the strict driver's
 * map/unmap cost to the device's CPU, and sums the outcome into a result
 * (functional hit counts, the timing model's statistics, driver cycles,
 * locked_vm). See tcesim/traffic.h for the models and units.
 */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "kc/host.h"
#include "tcesim/stats.h"
#include "traffic_internal.h"

uint64_t traffic_rand_next(uint64_t *state)
{
	/* splitmix64: a full-period 64-bit sequence from any seed */
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

/*
 * With PCIe links the devices start once the set-up's register writes
 * (the TCE kills of the maps, timed at cycle 0) are done: a device's
 * first request is ready at the device then, and the run's span starts
 * there. Without a link the fetch unit already accepts the first request
 * only after them (and that translation-only timeline is kept as it was).
 */
static void start_after_setup(struct traffic_run *r)
{
	uint64_t start = 0;

	for (unsigned p = 0; p < r->o.phbs; p++) {
		struct fetch_timing *t = machine_timing(r->m, p);

		if (t && machine_link(r->m, p) &&
		    fetch_timing_last_done(t) > start)
			start = fetch_timing_last_done(t);
	}
	if (!start)
		return;
	sim_clock_advance_to(machine_clock(r->m), start);
	for (unsigned i = 0; i < r->ndev; i++) {
		r->dev[i].next = (double)start;
		r->dev[i].cpu_free = start;
	}
}

struct traffic_run *traffic_create(const struct traffic_opts *o, char *err,
				   size_t errlen)
{
	struct traffic_run *r;
	uint64_t mhz = 500;

	if (traffic_opts_check(o, err, errlen))
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	r->o = *o;
	if (!o->dir_set)
		r->o.dir = (o->kind == TRAFFIC_NIC_STRICT ||
			    o->kind == TRAFFIC_NIC_POOL) ? SIM_DMA_WRITE
							 : SIM_DMA_READ;
	tcesim_config_get(&o->hw, "phb.clock_mhz", &mhz);
	r->clock_mhz = (double)mhz;
	r->cyc_per_byte = o->rate > 0 ? r->clock_mhz * 1e6 / o->rate : 0;
	r->costed = traffic_cost_mhz() != 0;
	r->phb_per_cpu = r->costed ? r->clock_mhz / traffic_cost_mhz() : 0;
	/* batch buffers: at most 4 MiB of them */
	r->batch = o->batch;
	if ((uint64_t)r->batch * o->tlp_bytes > (4u << 20))
		r->batch = (4u << 20) / o->tlp_bytes;
	if (r->batch > 1) {
		r->ops = calloc(r->batch, sizeof(*r->ops));
		r->bbuf = malloc((size_t)r->batch * o->tlp_bytes);
		r->bdev = calloc(r->batch, sizeof(*r->bdev));
		r->blast = calloc(r->batch, sizeof(*r->blast));
		if (!r->ops || !r->bbuf || !r->bdev || !r->blast) {
			snprintf(err, errlen, "out of memory");
			traffic_destroy(r);
			return NULL;
		}
	}
	if (traffic_setup(r, err, errlen)) {
		traffic_destroy(r);
		return NULL;
	}
	for (unsigned i = 0; i < r->ndev; i++)
		r->dev[i].rng = o->seed ^ (0x5851f42d4c957f2dull * (i + 1));
	start_after_setup(r);
	struct kc_counters kc;
	kc_get_counters(&kc);
	r->ioctls_base = kc.ioctls;
	for (unsigned i = 0; i < r->ndev; i++)
		r->dev[i].st.map_ioctls = r->dev[i].st.unmap_ioctls = 0;
	return r;
}

void traffic_destroy(struct traffic_run *r)
{
	if (!r)
		return;
	traffic_teardown(r);
	free(r->ops);
	free(r->bbuf);
	free(r->bdev);
	free(r->blast);
	free(r);
}

struct machine *traffic_machine(struct traffic_run *r)
{
	return r->m;
}

unsigned traffic_ndevs(const struct traffic_run *r)
{
	return r->ndev;
}

const struct traffic_dev_stats *traffic_dev(const struct traffic_run *r,
					    unsigned i)
{
	return i < r->ndev ? &r->dev[i].st : NULL;
}

/* The device whose next request comes first. */
static unsigned pick(struct traffic_run *r)
{
	unsigned best = 0;

	if (r->cyc_per_byte <= 0) {
		best = r->rr;
		r->rr = (r->rr + 1) % r->ndev;
		return best;
	}
	double bt = 0;
	for (unsigned i = 0; i < r->ndev; i++) {
		double t = r->dev[i].next;
		if ((double)r->dev[i].cpu_free > t)
			t = (double)r->dev[i].cpu_free;
		if (i == 0 || t < bt) {
			bt = t;
			best = i;
		}
	}
	return best;
}

static uint64_t to_phb(const struct traffic_run *r, uint64_t cpu_cycles)
{
	return (uint64_t)((double)cpu_cycles * r->phb_per_cpu + 0.5);
}

/* nic-strict: map the IO pages holding the packet about to arrive. */
static int strict_map(struct traffic_run *r, struct traffic_devstate *d,
		      uint64_t off, char *err, size_t errlen)
{
	uint64_t page = 1ull << r->io_shift;
	uint64_t lo = off & ~(page - 1);
	uint64_t hi = (off + r->o.pkt_bytes + page - 1) & ~(page - 1);
	uint64_t c0 = traffic_cost_now();

	long ret = traffic_vfio_map(r, d->cfd, d->ua + lo, d->iova + lo,
				    hi - lo);
	d->st.map_ioctls++;
	if (ret) {
		snprintf(err, errlen,
			 "nic-strict: VFIO_IOMMU_MAP_DMA of a packet buffer: %s",
			 strerror((int)-ret));
		return (int)ret;
	}
	d->map_iova = d->iova + lo;
	d->map_len = hi - lo;
	d->cpu_free += to_phb(r, traffic_cost_now() - c0);
	return 0;
}

static int strict_unmap(struct traffic_run *r, struct traffic_devstate *d,
			uint64_t done, char *err, size_t errlen)
{
	uint64_t c0 = traffic_cost_now();

	long ret = traffic_vfio_unmap(r, d->cfd, d->map_iova, d->map_len);
	d->st.unmap_ioctls++;
	if (ret) {
		snprintf(err, errlen,
			 "nic-strict: VFIO_IOMMU_UNMAP_DMA of a packet buffer: %s",
			 strerror((int)-ret));
		return (int)ret;
	}
	d->map_len = 0;
	if (done > d->cpu_free)
		d->cpu_free = done;
	d->cpu_free += to_phb(r, traffic_cost_now() - c0);
	return 0;
}

/* Next request of device d: offset in its buffer and length. */
static int next_request(struct traffic_run *r, struct traffic_devstate *d,
			uint64_t *off, uint32_t *len, bool *last_of_pkt,
			char *err, size_t errlen)
{
	uint32_t tlp = r->o.tlp_bytes;

	*last_of_pkt = false;
	switch (r->o.kind) {
	case TRAFFIC_STREAM:
		if (d->pos + tlp > d->bytes)
			d->pos = 0;
		*off = d->pos;
		*len = tlp;
		d->pos += tlp;
		return 0;
	case TRAFFIC_SCATTER: {
		uint64_t n = d->bytes / tlp;
		*off = (traffic_rand_next(&d->rng) % n) * tlp;
		*len = tlp;
		return 0;
	}
	case TRAFFIC_NIC_STRICT:
	case TRAFFIC_NIC_POOL:
		if (!d->pkt_left) {
			d->pkt_off = d->pos * r->slot_bytes;
			d->pkt_left = r->o.pkt_bytes;
			d->pos = (d->pos + 1) % r->nslots;
			if (r->o.kind == TRAFFIC_NIC_STRICT) {
				int rc = strict_map(r, d, d->pkt_off, err,
						    errlen);
				if (rc)
					return rc;
			}
		}
		*off = d->pkt_off;
		*len = d->pkt_left < tlp ? d->pkt_left : tlp;
		d->pkt_off += *len;
		d->pkt_left -= *len;
		*last_of_pkt = !d->pkt_left;
		return 0;
	default:
		snprintf(err, errlen, "unknown generator kind %d", r->o.kind);
		return -EINVAL;
	}
}

/* What a request did, into its device's counters. */
static void account(struct traffic_devstate *d, bool last,
		    const struct sim_dma_result *res)
{
	d->st.requests++;
	if (res->status == SIM_DMA_OK) {
		d->st.bytes += res->bytes_done;
		if (res->cache_hit)
			d->st.hits++;
		else
			d->st.misses++;
	} else {
		d->st.faults++;
	}
	if (last)
		d->st.packets++;
}

/* One request k of the step, one at a time. */
static int step_one(struct traffic_run *r, uint64_t k, char *err,
		    size_t errlen)
{
	struct traffic_devstate *d = &r->dev[pick(r)];
	struct sim_dma_req req;
	struct sim_dma_result res;
	uint64_t off, done = 0, arrival;
	uint32_t len;
	bool last;
	int rc = next_request(r, d, &off, &len, &last, err, errlen);

	if (rc)
		return rc;
	if (r->cyc_per_byte > 0)
		arrival = (uint64_t)d->next;
	else
		arrival = r->o.kind == TRAFFIC_NIC_STRICT ? 0 : TIMING_ASAP;
	if (r->o.kind == TRAFFIC_NIC_STRICT && d->cpu_free > arrival)
		arrival = d->cpu_free;
	req.rid = d->rid;
	req.addr = d->iova + off;
	req.len = len;
	req.dir = r->o.dir;
	memset(&res, 0, sizeof(res));
	if (req.dir == SIM_DMA_WRITE)
		memset(r->buf, (int)(k & 0xff), len);
	rc = machine_dma_at(r->m, d->phb, arrival, &req, r->buf, &res, &done);
	if (rc) {
		snprintf(err, errlen, "machine_dma_at refused a request: %s",
			 strerror(-rc));
		return rc;
	}
	account(d, last, &res);
	if (r->cyc_per_byte > 0)
		d->next += len * r->cyc_per_byte;
	if (last && r->o.kind == TRAFFIC_NIC_STRICT)
		return strict_unmap(r, d, done, err, errlen);
	return 0;
}

/*
 * Requests k, k + 1, .. (at most max) of the step as one machine batch:
 * the devices the generator picks, in the same order, as long as they sit
 * on one PHB (no request's arrival depends on an earlier one's completion
 * except nic-strict's, which never comes here). Returns how many.
 */
static int step_batch(struct traffic_run *r, uint64_t k, uint64_t max,
		      uint64_t *ran, char *err, size_t errlen)
{
	struct phb3_dma_op *ops = r->ops;
	unsigned n = 0, phb = 0, i;
	int rc;

	while (n < max && n < r->batch) {
		unsigned rr = r->rr, di = pick(r);
		struct traffic_devstate *d = &r->dev[di];
		struct phb3_dma_op *op = &ops[n];
		uint64_t off;
		uint32_t len;
		bool last;

		if (n && d->phb != phb) {
			r->rr = rr;	/* not picked after all */
			break;
		}
		phb = d->phb;
		rc = next_request(r, d, &off, &len, &last, err, errlen);
		if (rc)
			return rc;
		memset(op, 0, sizeof(*op));
		op->arrival = r->cyc_per_byte > 0 ? (uint64_t)d->next
						  : TIMING_ASAP;
		op->req.rid = d->rid;
		op->req.addr = d->iova + off;
		op->req.len = len;
		op->req.dir = r->o.dir;
		op->buf = r->bbuf + (size_t)n * r->o.tlp_bytes;
		if (op->req.dir == SIM_DMA_WRITE)
			memset(op->buf, (int)((k + n) & 0xff), len);
		r->bdev[n] = di;
		r->blast[n] = last;
		/* the next pick sees this one's next arrival */
		if (r->cyc_per_byte > 0)
			d->next += len * r->cyc_per_byte;
		n++;
	}
	rc = machine_dma_batch(r->m, phb, ops, n, NULL);
	for (i = 0; !rc && i < n; i++) {
		struct traffic_devstate *d = &r->dev[r->bdev[i]];

		if (ops[i].rc) {
			rc = ops[i].rc;
			break;
		}
		account(d, r->blast[i], &ops[i].res);
	}
	if (rc) {
		snprintf(err, errlen, "machine_dma_batch refused a request: %s",
			 strerror(-rc));
		return rc;
	}
	*ran = n;
	return 0;
}

int traffic_step(struct traffic_run *r, uint64_t n, char *err, size_t errlen)
{
	uint64_t k = 0, ran;
	int rc;

	while (k < n) {
		if (r->batch > 1 && r->o.kind != TRAFFIC_NIC_STRICT) {
			rc = step_batch(r, k, n - k, &ran, err, errlen);
			k += ran;
		} else {
			rc = step_one(r, k, err, errlen);
			k++;
		}
		if (rc)
			return rc;
	}
	return 0;
}

void traffic_result_worst(struct traffic_result *x,
			  const struct fetch_timing *t)
{
#define WORST(f, v) do { uint64_t _v = (v); if (_v > x->f) x->f = _v; } while (0)
	WORST(walk_p50, fetch_timing_walk_percentile(t, 0.5));
	WORST(walk_p99, fetch_timing_walk_percentile(t, 0.99));
	WORST(xlate_p50, fetch_timing_xlate_percentile(t, 0.5));
	WORST(xlate_p99, fetch_timing_xlate_percentile(t, 0.99));
#undef WORST
}

void traffic_get_result(const struct traffic_run *r, struct traffic_result *x)
{
	struct kc_counters kc;

	memset(x, 0, sizeof(*x));
	for (unsigned i = 0; i < r->ndev; i++) {
		const struct traffic_dev_stats *s = &r->dev[i].st;
		x->requests += s->requests;
		x->bytes += s->bytes;
		x->faults += s->faults;
		x->packets += s->packets;
		x->hits += s->hits;
		x->misses += s->misses;
	}
	if (x->hits + x->misses)
		x->hit_rate = (double)x->hits / (double)(x->hits + x->misses);

	uint64_t first = UINT64_MAX, last = 0, lookups = 0, hits = 0;
	uint64_t up_bytes = 0, down_bytes = 0, up_tlps = 0, down_tlps = 0;
	uint64_t up_busy = 0, down_busy = 0;
	for (unsigned p = 0; p < r->o.phbs; p++) {
		struct fetch_timing *t = machine_timing(r->m, p);
		struct pcie_link *l = machine_link(r->m, p);
		if (l) {
			const struct pcie_link_stats *ls = pcie_link_get_stats(l);
			x->link = true;
			up_bytes += ls->up.payload_bytes;
			down_bytes += ls->down.payload_bytes;
			up_tlps += ls->up.tlps;
			down_tlps += ls->down.tlps;
			if (ls->up.busy_cycles > up_busy)
				up_busy = ls->up.busy_cycles;
			if (ls->down.busy_cycles > down_busy)
				down_busy = ls->down.busy_cycles;
			x->link_credit_stall_cycles += ls->up.credit_stall_cycles +
						       ls->down.credit_stall_cycles;
			x->link_tag_stall_cycles += ls->tag_stall_cycles;
			x->link_xlate_wait_cycles += ls->xlate_wait_cycles;
			if (ls->writes + ls->reads) {
				if (ls->first_ready < first)
					first = ls->first_ready;
				if (ls->last_done > last)
					last = ls->last_done;
			}
		}
		if (!t)
			continue;
		const struct fetch_timing_stats *s = fetch_timing_get_stats(t);
		x->timed = true;
		x->translations += s->translations;
		lookups += s->hits + s->merges + s->misses;
		hits += s->hits + s->merges;
		x->fetches += s->misses;
		x->stall_cycles += s->stall_cycles;
		if (!s->requests)
			continue;
		if (s->first_arrival < first && !l)
			first = s->first_arrival;
		if (s->last_done > last)
			last = s->last_done;
		traffic_result_worst(x, t);
	}
	if (x->timed) {
		if (lookups)
			x->timing_hit_rate = (double)hits / (double)lookups;
		x->span_cycles = last > first ? last - first : 0;
		double ns_per_cycle = 1e3 / r->clock_mhz;
		x->walk_p50_ns = (double)x->walk_p50 * ns_per_cycle;
		x->walk_p99_ns = (double)x->walk_p99 * ns_per_cycle;
		if (x->span_cycles) {
			double secs = (double)x->span_cycles * ns_per_cycle * 1e-9;
			double span = (double)x->span_cycles;
			x->xlate_per_s = (double)x->translations / secs;
			x->gbytes_per_s = (double)x->bytes / secs / 1e9;
			x->link_up_gbytes_per_s = (double)up_bytes / secs / 1e9;
			x->link_down_gbytes_per_s = (double)down_bytes / secs / 1e9;
			x->link_up_tlps_per_s = (double)up_tlps / secs;
			x->link_down_tlps_per_s = (double)down_tlps / secs;
			x->link_up_util = (double)up_busy / span;
			x->link_down_util = (double)down_busy / span;
		}
	}
	x->costed = r->costed;
	x->cpu_mhz = traffic_cost_mhz();
	x->map_ioctls = r->map_ioctls;
	x->unmap_ioctls = r->unmap_ioctls;
	x->map_pages = r->map_pages;
	x->unmap_pages = r->unmap_pages;
	x->map_cycles = r->map_cycles;
	x->unmap_cycles = r->unmap_cycles;
	if (r->map_pages)
		x->map_cycles_per_page = (double)r->map_cycles / (double)r->map_pages;
	if (r->unmap_pages)
		x->unmap_cycles_per_page =
			(double)r->unmap_cycles / (double)r->unmap_pages;
	x->reg_pages = r->reg_pages;
	x->reg_cycles = r->reg_cycles;
	x->setup_cycles = r->setup_cycles;
	kc_get_counters(&kc);
	x->ioctls = kc.ioctls - r->ioctls_base;
	x->locked_vm = kc_proc_locked_vm(r->pid);
	x->pinned = kc_proc_pinned(r->pid);
	x->io_page_shift = r->io_shift;
	x->levels = r->levels;
	x->window_bytes = r->window_bytes;
}

void traffic_print_report(const struct traffic_run *r, FILE *f)
{
	struct traffic_result x;
	const struct traffic_opts *o = &r->o;

	traffic_get_result(r, &x);
	fprintf(f, "traffic: %s, %u device(s) on %u PHB(s), iommu v%u%s, IO page %llu, levels %u, window 0x%llx\n",
		traffic_kind_name(o->kind), r->ndev, o->phbs, o->iommu,
		o->shared_container ? " (one container)" : "",
		1ull << x.io_page_shift, x.levels,
		(unsigned long long)x.window_bytes);
	fprintf(f, "  requests %" PRIu64 ", bytes %" PRIu64 ", faults %" PRIu64
		", packets %" PRIu64 "\n", x.requests, x.bytes, x.faults,
		x.packets);
	fprintf(f, "  TCE cache (functional, first IO page): hits %" PRIu64
		", misses %" PRIu64 ", hit rate %.4f\n", x.hits, x.misses,
		x.hit_rate);
	if (x.timed) {
		fprintf(f, "  timing: %" PRIu64 " translations in %" PRIu64
			" cycles, %" PRIu64 " fetches, hit rate %.4f (hits and merges into in-flight fetches), stall cycles %" PRIu64 "\n",
			x.translations, x.span_cycles, x.fetches,
			x.timing_hit_rate, x.stall_cycles);
		fprintf(f, "  miss latency p50 %" PRIu64 " p99 %" PRIu64
			" cycles (%.1f / %.1f ns); request latency p50 %" PRIu64
			" p99 %" PRIu64 " cycles\n", x.walk_p50, x.walk_p99,
			x.walk_p50_ns, x.walk_p99_ns, x.xlate_p50, x.xlate_p99);
		fprintf(f, "  throughput %.3f M translations/s, %.3f GB/s%s\n",
			x.xlate_per_s / 1e6, x.gbytes_per_s,
			x.link ? " (through the PCIe link)" :
				 " (translation only: no PCIe link)");
		if (x.link)
			fprintf(f, "  link: up %.3f GB/s %.3f M TLPs/s utilisation %.3f, down %.3f GB/s %.3f M TLPs/s utilisation %.3f; stall cycles: credits %" PRIu64
				", tags %" PRIu64 ", waiting for translation %" PRIu64 "\n",
				x.link_up_gbytes_per_s, x.link_up_tlps_per_s / 1e6,
				x.link_up_util, x.link_down_gbytes_per_s,
				x.link_down_tlps_per_s / 1e6, x.link_down_util,
				x.link_credit_stall_cycles, x.link_tag_stall_cycles,
				x.link_xlate_wait_cycles);
	} else {
		fprintf(f, "  timing: off (functional mode; no latency or throughput)\n");
	}
	fprintf(f, "  driver: %" PRIu64 " map ioctls (%" PRIu64 " IO pages), %"
		PRIu64 " unmap ioctls (%" PRIu64 " IO pages), %" PRIu64
		" ioctls during the run\n", x.map_ioctls, x.map_pages,
		x.unmap_ioctls, x.unmap_pages, x.ioctls);
	if (x.costed)
		fprintf(f, "  driver cost (%u MHz CPU): map %.1f cycles/page, unmap %.1f cycles/page, register %" PRIu64
			" cycles for %" PRIu64 " pages, set-up %" PRIu64 " cycles\n",
			x.cpu_mhz, x.map_cycles_per_page, x.unmap_cycles_per_page,
			x.reg_cycles, x.reg_pages, x.setup_cycles);
	else
		fprintf(f, "  driver cost: no cost model linked\n");
	fprintf(f, "  locked_vm %" PRId64 " pages, pinned %" PRId64 " pages\n",
		x.locked_vm, x.pinned);
	for (unsigned i = 0; i < r->ndev && r->ndev > 1; i++) {
		const struct traffic_dev_stats *s = &r->dev[i].st;
		fprintf(f, "  dev %u (phb %u rid 0x%04x): requests %" PRIu64
			", hits %" PRIu64 ", misses %" PRIu64 ", faults %" PRIu64
			"\n", i, r->dev[i].phb, r->dev[i].rid, s->requests,
			s->hits, s->misses, s->faults);
	}
}

/* A double for JSON at full precision (sim_double_str), null when not
 * finite; rotating buffers, so one printf can take several. */
static const char *jnum(double v)
{
	static char buf[8][SIM_DOUBLE_STR];
	static unsigned k;
	char *b = buf[k++ % 8];

	return isfinite(v) ? sim_double_str(b, v) : "null";
}

void traffic_print_json(const struct traffic_run *r, FILE *f)
{
	struct traffic_result x;
	const struct traffic_opts *o = &r->o;

	traffic_get_result(r, &x);
	fprintf(f, "{\"workload\":\"%s\",\"pes\":%u,\"phbs\":%u,\"iommu\":\"v%u\","
		"\"io_page\":%llu,\"levels\":%u,\"window\":%llu,",
		traffic_kind_name(o->kind), r->ndev, o->phbs, o->iommu,
		1ull << x.io_page_shift, x.levels,
		(unsigned long long)x.window_bytes);
	fprintf(f, "\"requests\":%" PRIu64 ",\"bytes\":%" PRIu64 ",\"faults\":%"
		PRIu64 ",\"packets\":%" PRIu64 ",\"hits\":%" PRIu64
		",\"misses\":%" PRIu64 ",\"hit_rate\":%s,", x.requests, x.bytes,
		x.faults, x.packets, x.hits, x.misses, jnum(x.hit_rate));
	fprintf(f, "\"timed\":%s,\"translations\":%" PRIu64
		",\"fetches\":%" PRIu64 ",\"timing_hit_rate\":%s,\"walk_p50\":%" PRIu64 ",\"walk_p99\":%"
		PRIu64 ",\"xlate_p50\":%" PRIu64 ",\"xlate_p99\":%" PRIu64
		",\"stall_cycles\":%" PRIu64 ",\"span_cycles\":%" PRIu64
		",\"xlate_per_s\":%s,\"gbytes_per_s\":%s,",
		x.timed ? "true" : "false", x.translations, x.fetches,
		jnum(x.timing_hit_rate),
		x.walk_p50, x.walk_p99, x.xlate_p50, x.xlate_p99, x.stall_cycles,
		x.span_cycles, jnum(x.xlate_per_s), jnum(x.gbytes_per_s));
	fprintf(f, "\"link\":%s,\"link_up_gbytes_per_s\":%s,"
		"\"link_down_gbytes_per_s\":%s,\"link_up_tlps_per_s\":%s,"
		"\"link_down_tlps_per_s\":%s,\"link_up_util\":%s,"
		"\"link_down_util\":%s,\"link_credit_stall_cycles\":%" PRIu64
		",\"link_tag_stall_cycles\":%" PRIu64
		",\"link_xlate_wait_cycles\":%" PRIu64 ",",
		x.link ? "true" : "false", jnum(x.link_up_gbytes_per_s),
		jnum(x.link_down_gbytes_per_s), jnum(x.link_up_tlps_per_s),
		jnum(x.link_down_tlps_per_s), jnum(x.link_up_util),
		jnum(x.link_down_util),
		x.link_credit_stall_cycles, x.link_tag_stall_cycles,
		x.link_xlate_wait_cycles);
	fprintf(f, "\"costed\":%s,\"cpu_mhz\":%u,\"map_ioctls\":%" PRIu64
		",\"unmap_ioctls\":%" PRIu64 ",\"ioctls\":%" PRIu64
		",\"map_pages\":%" PRIu64 ",\"unmap_pages\":%" PRIu64
		",\"map_cycles_per_page\":%s,\"unmap_cycles_per_page\":%s,"
		"\"reg_cycles\":%" PRIu64 ",\"reg_pages\":%" PRIu64
		",\"setup_cycles\":%" PRIu64 ",\"locked_vm\":%" PRId64
		",\"pinned\":%" PRId64 "}\n",
		x.costed ? "true" : "false", x.cpu_mhz, x.map_ioctls,
		x.unmap_ioctls, x.ioctls, x.map_pages, x.unmap_pages,
		jnum(x.map_cycles_per_page), jnum(x.unmap_cycles_per_page), x.reg_cycles,
		x.reg_pages, x.setup_cycles, x.locked_vm, x.pinned);
}
