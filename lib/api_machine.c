// SPDX-License-Identifier: GPL-2.0
/*
 * tcesim_machine: create/destroy/reset, errors and version, registers,
 * device DMA, the side-effect-free looks, events and memory timing,
 * firmware calls, memory, clock and statistics. Every call maps onto the
 * machine of sim/board (tcesim/machine.h) and the model's own ports;
 * the driver stack's calls are in api_kernel.c, traces in api_replay.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "tcesim/clock.h"
#include "tcesim/dma.h"
#include "tcesim/opal.h"
#include "tcesim/phb3.h"
#include "tcesim/phb3_debug.h"
#include "tcesim/stats.h"
#include "tcesim/timing.h"

/* The public enums and constants are the model's and the firmware's. */
_Static_assert((int)TCESIM_DMA_READ == (int)SIM_DMA_READ && (int)TCESIM_DMA_WRITE == (int)SIM_DMA_WRITE,
	       "dma directions");
_Static_assert((int)TCESIM_DMA_OK == (int)SIM_DMA_OK && (int)TCESIM_DMA_MSI == (int)SIM_DMA_MSI &&
	       (int)TCESIM_DMA_FAULT == (int)SIM_DMA_FAULT &&
	       (int)TCESIM_DMA_FROZEN == (int)SIM_DMA_FROZEN, "dma statuses");
_Static_assert((int)TCESIM_FAULT_UNSUPPORTED_ADDR == (int)SIM_FAULT_UNSUPPORTED_ADDR &&
	       (int)TCESIM_FAULT_INVALID_PE == (int)SIM_FAULT_INVALID_PE &&
	       (int)TCESIM_FAULT_INVALID_TVE == (int)SIM_FAULT_INVALID_TVE &&
	       (int)TCESIM_FAULT_OUT_OF_WINDOW == (int)SIM_FAULT_OUT_OF_WINDOW &&
	       (int)TCESIM_FAULT_INVALID_INDIRECT == (int)SIM_FAULT_INVALID_INDIRECT &&
	       (int)TCESIM_FAULT_INVALID_LEAF == (int)SIM_FAULT_INVALID_LEAF &&
	       (int)TCESIM_FAULT_PERMISSION == (int)SIM_FAULT_PERMISSION &&
	       (int)TCESIM_FAULT_TABLE_MEMORY == (int)SIM_FAULT_TABLE_MEMORY &&
	       (int)TCESIM_FAULT_TARGET_MEMORY == (int)SIM_FAULT_TARGET_MEMORY &&
	       (int)SIM_FAULT_MAX == (int)TCESIM_FAULT_TARGET_MEMORY + 1, "faults");
_Static_assert((int)TCESIM_KILL_ALL == (int)XLATE_KILL_ALL && (int)TCESIM_KILL_PE == (int)XLATE_KILL_PE &&
	       (int)TCESIM_KILL_ONE == (int)XLATE_KILL_ONE, "kill kinds");
_Static_assert(TCESIM_ASAP == TIMING_ASAP, "asap");
_Static_assert(TCESIM_LAT_DEFAULT == FETCH_TIMING_LAT_DEFAULT, "latency");
_Static_assert(TCESIM_MEM_MAX_REGIONS == SIM_MEM_MAX_REGIONS, "regions");
_Static_assert(TCESIM_OPAL_PCI_SET_HUB_TCE_MEMORY == OPAL_PCI_SET_HUB_TCE_MEMORY &&
	       TCESIM_OPAL_PCI_SET_PHB_TCE_MEMORY == OPAL_PCI_SET_PHB_TCE_MEMORY &&
	       TCESIM_OPAL_PCI_EEH_FREEZE_STATUS == OPAL_PCI_EEH_FREEZE_STATUS &&
	       TCESIM_OPAL_PCI_EEH_FREEZE_CLEAR == OPAL_PCI_EEH_FREEZE_CLEAR &&
	       TCESIM_OPAL_PCI_SET_PE == OPAL_PCI_SET_PE &&
	       TCESIM_OPAL_PCI_SET_PELTV == OPAL_PCI_SET_PELTV &&
	       TCESIM_OPAL_PCI_MAP_PE_DMA_WINDOW == OPAL_PCI_MAP_PE_DMA_WINDOW &&
	       TCESIM_OPAL_PCI_MAP_PE_DMA_WINDOW_REAL == OPAL_PCI_MAP_PE_DMA_WINDOW_REAL &&
	       TCESIM_OPAL_PCI_RESET == OPAL_PCI_RESET &&
	       TCESIM_OPAL_PCI_EEH_FREEZE_SET == OPAL_PCI_EEH_FREEZE_SET &&
	       TCESIM_OPAL_PCI_TCE_KILL == OPAL_PCI_TCE_KILL, "opal tokens");
_Static_assert(TCESIM_OPAL_SUCCESS == OPAL_SUCCESS &&
	       TCESIM_OPAL_PARAMETER == OPAL_PARAMETER &&
	       TCESIM_OPAL_BUSY == OPAL_BUSY &&
	       TCESIM_OPAL_HARDWARE == OPAL_HARDWARE &&
	       TCESIM_OPAL_UNSUPPORTED == OPAL_UNSUPPORTED, "opal return codes");
_Static_assert(TCESIM_OPAL_EEH_STOPPED_DMA_FREEZE == OPAL_EEH_STOPPED_DMA_FREEZE &&
	       TCESIM_OPAL_EEH_STOPPED_MMIO_DMA_FREEZE == OPAL_EEH_STOPPED_MMIO_DMA_FREEZE &&
	       TCESIM_OPAL_EEH_ACTION_FREEZE_ALL == OPAL_EEH_ACTION_CLEAR_FREEZE_ALL &&
	       TCESIM_OPAL_EEH_ACTION_FREEZE_ALL == OPAL_EEH_ACTION_SET_FREEZE_ALL &&
	       TCESIM_OPAL_PCI_BUS_ALL == OPAL_PCI_BUS_ALL &&
	       TCESIM_OPAL_COMPARE_RID_DEVICE == OPAL_COMPARE_RID_DEVICE_NUMBER &&
	       TCESIM_OPAL_COMPARE_RID_FUNCTION == OPAL_COMPARE_RID_FUNCTION_NUMBER &&
	       TCESIM_OPAL_MAP_PE == OPAL_MAP_PE &&
	       TCESIM_OPAL_ADD_PE_TO_DOMAIN == OPAL_ADD_PE_TO_DOMAIN &&
	       TCESIM_OPAL_RESET_PCI_IODA_TABLE == OPAL_RESET_PCI_IODA_TABLE &&
	       TCESIM_OPAL_ASSERT_RESET == OPAL_ASSERT_RESET, "opal values");

/* ---- version and errors ---- */

static __thread char api_err[512];

int api_fail(int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(api_err, sizeof(api_err), fmt, ap);
	va_end(ap);
	return rc;
}

const char *tcesim_errmsg(void)
{
	return api_err;
}

unsigned tcesim_api_version(void)
{
	return TCESIM_API_VERSION;
}

const char *tcesim_version(void)
{
	return TCESIM_VERSION_STRING;
}

/* ---- life cycle ---- */

struct tcesim_machine *api_wrap(struct machine *m, bool owned)
{
	struct tcesim_machine *tm = calloc(1, sizeof(*tm));
	unsigned i;

	if (!tm)
		return NULL;
	tm->m = m;
	tm->owned = owned;
	for (i = 0; i < MACHINE_MAX_PHBS; i++)
		tm->phbs[i] = (struct api_phb_ctx){ tm, i };
	return tm;
}

/* A replay's machine is gone with its observers when this runs. */
void api_unwrap(struct tcesim_machine *tm)
{
	free(tm);
}

tcesim_machine *tcesim_create(const tcesim_setup *s)
{
	struct tcesim_machine *tm = api_wrap(NULL, true);
	char err[512] = "";

	if (!tm) {
		api_fail(-ENOMEM, "out of memory");
		return NULL;
	}
	api_machine_config(s, &tm->mc, &tm->cost, &tm->have_cost);
	tm->mc.cost = tm->have_cost ? &tm->cost : NULL;
	tm->m = machine_create(&tm->mc, err, sizeof(err));
	tm->mc.cost = NULL;
	if (!tm->m) {
		api_fail(-EINVAL, "%s", err);
		free(tm);
		return NULL;
	}
	return tm;
}

void tcesim_destroy(tcesim_machine *tm)
{
	if (!tm)
		return;
	if (tm->owned)
		machine_destroy(tm->m);
	free(tm);
}

static int events_attach(struct tcesim_machine *tm);

int tcesim_reset(tcesim_machine *tm)
{
	char err[512] = "";
	tcesim_latency_fn lat = tm ? tm->lat_fn : NULL;

	if (!tm || !tm->owned)
		return api_fail(-EINVAL, "tcesim_reset: not a machine of tcesim_create");
	machine_destroy(tm->m);
	tm->mc.cost = tm->have_cost ? &tm->cost : NULL;
	tm->m = machine_create(&tm->mc, err, sizeof(err));
	tm->mc.cost = NULL;
	if (!tm->m)
		return api_fail(-EINVAL, "tcesim_reset: %s", err);
	if (tm->ev_on && events_attach(tm))
		return api_fail(-ENOMEM, "tcesim_reset: cannot attach the events");
	tm->lat_fn = NULL;
	if (lat)
		return tcesim_set_latency_source(tm, lat, tm->lat_ctx);
	return 0;
}

int tcesim_get_info(const tcesim_machine *tm, struct tcesim_info *out)
{
	const struct machine_config *c;

	if (!tm || !out)
		return api_fail(-EINVAL, "tcesim_get_info: NULL argument");
	c = machine_config(tm->m);
	memset(out, 0, sizeof(*out));
	out->platform = c->platform == MACHINE_P5IOC2 ? TCESIM_PLATFORM_P5IOC2
						      : TCESIM_PLATFORM_PHB3;
	out->nr_phbs = c->nr_phbs;
	out->ram_bytes = c->ram_bytes;
	out->page_shift = c->page_shift;
	out->timing = c->timing;
	out->clock_mhz = c->timing_params.clock_mhz;
	out->driver_stack = machine_has_kernel(tm->m);
	out->booted = machine_booted(tm->m);
	return 0;
}

int tcesim_get_phb_info(const tcesim_machine *tm, unsigned phb,
		    struct tcesim_phb_info *out)
{
	if (!tm || !out)
		return api_fail(-EINVAL, "tcesim_get_phb_info: NULL argument");
	if (phb >= machine_config(tm->m)->nr_phbs)
		return api_fail(-ENODEV, "no PHB %u", phb);
	out->regs = machine_phb_regs(tm->m, phb);
	out->regs_bytes = machine_phb_regs_bytes(tm->m, phb);
	out->opal_id = machine_phb_opal_id(tm->m, phb);
	return 0;
}

/* ---- registers ---- */

static struct phb3 *phb3_of(tcesim_machine *tm, unsigned phb, const char *what,
			    int *rc)
{
	struct phb3 *p;

	if (!tm) {
		*rc = api_fail(-EINVAL, "%s: NULL machine", what);
		return NULL;
	}
	if (phb >= machine_config(tm->m)->nr_phbs) {
		*rc = api_fail(-ENODEV, "%s: no PHB %u", what, phb);
		return NULL;
	}
	p = machine_phb3(tm->m, phb);
	if (!p)
		*rc = api_fail(-EOPNOTSUPP, "%s: PHB3 machines only", what);
	return p;
}

int tcesim_mmio_read(tcesim_machine *tm, unsigned phb, uint64_t off,
		     unsigned size, uint64_t *val)
{
	int rc;

	if (!tm || !val)
		return api_fail(-EINVAL, "tcesim_mmio_read: NULL argument");
	rc = machine_phb_mmio_read(tm->m, phb, off, size, val);
	if (rc)
		return api_fail(rc, "register read of PHB %u at %#llx (%u bytes): %s",
				phb, (unsigned long long)off, size, strerror(-rc));
	return 0;
}

int tcesim_mmio_write(tcesim_machine *tm, unsigned phb, uint64_t off,
		      unsigned size, uint64_t val)
{
	int rc;

	if (!tm)
		return api_fail(-EINVAL, "tcesim_mmio_write: NULL machine");
	rc = machine_phb_mmio_write(tm->m, phb, off, size, val);
	if (rc)
		return api_fail(rc, "register write of PHB %u at %#llx (%u bytes): %s",
				phb, (unsigned long long)off, size, strerror(-rc));
	return 0;
}

int tcesim_mmio_peek(tcesim_machine *tm, unsigned phb, uint64_t off,
		     uint64_t *val)
{
	int rc = 0;
	struct phb3 *p = phb3_of(tm, phb, "tcesim_mmio_peek", &rc);

	if (!p)
		return rc;
	if (!val || phb3_debug_reg(p, off, val))
		return api_fail(-EINVAL, "tcesim_mmio_peek: offset %#llx is not an 8-byte register of the block",
				(unsigned long long)off);
	return 0;
}

/* ---- device DMA ---- */

int tcesim_dma(tcesim_machine *tm, unsigned phb,
	       const struct tcesim_dma_req *req, void *data,
	       struct tcesim_dma_result *res)
{
	struct sim_dma_req r;
	struct sim_dma_result sr;
	struct sim_clock *clk;
	uint64_t before, done = 0;
	int rc;

	if (!tm || !req || !data || !res)
		return api_fail(-EINVAL, "tcesim_dma: NULL argument");
	if (!req->len || req->dir > TCESIM_DMA_WRITE)
		return api_fail(-EINVAL, "tcesim_dma: len %u, dir %u: expected len >= 1 and dir read (0) or write (1)",
				req->len, req->dir);
	if (phb >= machine_config(tm->m)->nr_phbs)
		return api_fail(-ENODEV, "tcesim_dma: no PHB %u", phb);
	r = (struct sim_dma_req){ .rid = req->rid, .addr = req->addr,
				  .len = req->len,
				  .dir = (enum sim_dma_dir)req->dir };
	clk = machine_clock(tm->m);
	before = sim_clock_now(clk);
	memset(&sr, 0, sizeof(sr));
	rc = machine_dma_at(tm->m, phb, req->arrival, &r, data, &sr, &done);
	if (rc)
		return api_fail(rc, "tcesim_dma: refused (%s)", strerror(-rc));
	memset(res, 0, sizeof(*res));
	res->status = sr.status;
	res->fault = sr.reason;
	res->pe = sr.pe;
	res->pa = sr.pa;
	res->fault_addr = sr.fault_addr;
	res->bytes_done = sr.bytes_done;
	res->cache_hit = sr.cache_hit;
	res->walk_levels = sr.walk_levels;
	if (req->arrival == TCESIM_ASAP)
		res->arrival = sim_clock_now(clk);	/* accepted then */
	else
		res->arrival = req->arrival > before ? req->arrival : before;
	res->done = done > res->arrival ? done : res->arrival;
	res->cycles = res->done - res->arrival;
	if (tm->ev_on && tm->ev.dma)
		tm->ev.dma(tm->ev_ctx, phb, req, res);
	return 0;
}

const char *tcesim_dma_status_name(unsigned status)
{
	return status <= TCESIM_DMA_FROZEN ?
	       sim_dma_status_name((enum sim_dma_status)status) : "?";
}

const char *tcesim_fault_name(unsigned fault)
{
	if (fault == TCESIM_FAULT_NONE)
		return "none";
	return fault < SIM_FAULT_MAX ?
	       sim_fault_reason_name((enum sim_fault_reason)fault) : "?";
}

/* ---- looking without touching ---- */

int tcesim_probe(tcesim_machine *tm, unsigned phb, uint16_t rid,
		 uint64_t addr, unsigned dir, struct tcesim_probe_result *out)
{
	int rc = 0;
	struct phb3 *p = phb3_of(tm, phb, "tcesim_probe", &rc);
	struct phb3_probe pr;

	if (!p)
		return rc;
	if (!out || dir > TCESIM_DMA_WRITE)
		return api_fail(-EINVAL, "tcesim_probe: bad argument");
	if (phb3_debug_probe(p, rid, addr, (enum sim_dma_dir)dir, &pr))
		return api_fail(-EINVAL, "tcesim_probe: bad argument");
	out->fault = pr.reason;
	out->pe = (uint16_t)pr.pe;
	out->pa = pr.pa;
	out->tce = pr.tce;
	out->page_shift = pr.page_shift;
	return 0;
}

int tcesim_tce_cached(tcesim_machine *tm, unsigned phb, unsigned pe,
		      uint64_t addr, struct tcesim_cached_tce *out)
{
	int rc = 0;
	struct phb3 *p = phb3_of(tm, phb, "tcesim_tce_cached", &rc);
	struct phb3_cached_tce ct;

	if (!p)
		return rc;
	if (!out)
		return api_fail(-EINVAL, "tcesim_tce_cached: NULL argument");
	rc = phb3_debug_cached_tce(p, pe, addr, &ct);
	if (rc == -EINVAL)
		return api_fail(rc, "tcesim_tce_cached: PE %u, address %#llx: no such PE or not a DMA address",
				pe, (unsigned long long)addr);
	if (rc)
		return api_fail(rc, "no TCE cached for PE %u at %#llx", pe,
				(unsigned long long)addr);
	out->tce = ct.tce;
	out->pa = ct.pa;
	out->page_addr = ct.page_addr;
	out->page_shift = ct.page_shift;
	out->read = ct.tce & TCESIM_TCE_READ;
	out->write = ct.tce & TCESIM_TCE_WRITE;
	return 0;
}

int tcesim_pe_frozen(tcesim_machine *tm, unsigned phb, unsigned pe)
{
	int rc = 0;
	struct phb3 *p = phb3_of(tm, phb, "tcesim_pe_frozen", &rc);

	if (!p)
		return rc;
	if (pe == TCESIM_ANY_PE)
		return (int)phb3_debug_frozen_pes(p);
	if (pe >= phb3_get_params(p)->num_pes)
		return api_fail(-EINVAL, "tcesim_pe_frozen: no PE %u", pe);
	return phb3_debug_pe_frozen(p, pe);
}

/* ---- events: a translation observer on every PHB3 ---- */

static void on_kill(void *ctx, const struct xlate_tce_kill *k)
{
	struct api_phb_ctx *pc = ctx;
	struct tcesim_machine *tm = pc->tm;

	if (tm->ev.tce_kill)
		tm->ev.tce_kill(tm->ev_ctx, pc->phb, k->kind, k->pe,
				(uint64_t)k->window << 59 | k->offset);
}

static void on_rtt_inval(void *ctx, const struct xlate_rtt_invalidate *ev)
{
	struct api_phb_ctx *pc = ctx;
	struct tcesim_machine *tm = pc->tm;

	if (tm->ev.rtt_invalidate)
		tm->ev.rtt_invalidate(tm->ev_ctx, pc->phb, ev->all, ev->rid);
}

static void on_write(void *ctx, const struct xlate_mmio_write *ev)
{
	struct api_phb_ctx *pc = ctx;
	struct tcesim_machine *tm = pc->tm;

	if (tm->ev.reg_write)
		tm->ev.reg_write(tm->ev_ctx, pc->phb, ev->offset, ev->value);
}

static const struct xlate_observer_ops api_obs_ops = {
	.tce_kill = on_kill,
	.rtt_invalidate = on_rtt_inval,
	.mmio_write = on_write,
};

static int events_attach(struct tcesim_machine *tm)
{
	unsigned i, n = machine_config(tm->m)->nr_phbs;

	for (i = 0; i < n; i++) {
		struct xlate_observer o = { &api_obs_ops, &tm->phbs[i] };
		struct phb3 *p = machine_phb3(tm->m, i);
		int rc = phb3_observer_add(p, &o);

		if (rc && rc != -EEXIST)
			return rc;
	}
	return 0;
}

static void events_detach(struct tcesim_machine *tm)
{
	unsigned i, n = machine_config(tm->m)->nr_phbs;

	for (i = 0; i < n && machine_phb3(tm->m, 0); i++) {
		struct xlate_observer o = { &api_obs_ops, &tm->phbs[i] };

		phb3_observer_remove(machine_phb3(tm->m, i), &o);
	}
}

int tcesim_set_events(tcesim_machine *tm, const struct tcesim_events *ev,
		      void *ctx)
{
	int rc;

	if (!tm)
		return api_fail(-EINVAL, "tcesim_set_events: NULL machine");
	if (!machine_phb3(tm->m, 0))
		return api_fail(-EOPNOTSUPP, "tcesim_set_events: PHB3 machines only");
	if (!ev) {
		events_detach(tm);
		tm->ev_on = false;
		memset(&tm->ev, 0, sizeof(tm->ev));
		return 0;
	}
	tm->ev = *ev;
	tm->ev_ctx = ctx;
	rc = events_attach(tm);
	if (rc) {
		events_detach(tm);
		tm->ev_on = false;
		return api_fail(rc, "tcesim_set_events: no room for another observer");
	}
	tm->ev_on = true;
	return 0;
}

/* ---- memory latency from outside ---- */

static uint64_t lat_trampoline(void *ctx, uint64_t pa, unsigned bytes)
{
	struct api_phb_ctx *pc = ctx;

	return pc->tm->lat_fn(pc->tm->lat_ctx, pc->phb, pa, bytes);
}

int tcesim_set_latency_source(tcesim_machine *tm, tcesim_latency_fn fn,
			      void *ctx)
{
	unsigned i, n;

	if (!tm)
		return api_fail(-EINVAL, "tcesim_set_latency_source: NULL machine");
	n = machine_config(tm->m)->nr_phbs;
	if (fn && !machine_phb3_timed(tm->m, 0))
		return api_fail(-EOPNOTSUPP,
				"tcesim_set_latency_source: PHB3 machines in timing mode only");
	tm->lat_fn = fn;
	tm->lat_ctx = ctx;
	for (i = 0; i < n; i++) {
		struct phb3_timed *pt = machine_phb3_timed(tm->m, i);

		if (pt)
			phb3_timed_set_latency_source(pt, fn ? lat_trampoline
							     : NULL,
						      fn ? &tm->phbs[i] : NULL);
	}
	return 0;
}

/* ---- firmware and memory ---- */

int tcesim_opal_call(tcesim_machine *tm, uint64_t token, const uint64_t *args,
		     unsigned nargs, int64_t *ret)
{
	if (!tm || !ret || (nargs && !args))
		return api_fail(-EINVAL, "tcesim_opal_call: NULL argument");
	*ret = opal_call(machine_firmware(tm->m), token, args, nargs);
	return 0;
}

int tcesim_mem_read(tcesim_machine *tm, uint64_t pa, void *buf, size_t len)
{
	int rc;

	if (!tm || (!buf && len))
		return api_fail(-EINVAL, "tcesim_mem_read: NULL argument");
	rc = sim_mem_read(machine_mem(tm->m), pa, buf, len);
	if (rc)
		return api_fail(rc, "memory read of %zu bytes at %#llx: %s", len,
				(unsigned long long)pa, strerror(-rc));
	return 0;
}

int tcesim_mem_write(tcesim_machine *tm, uint64_t pa, const void *buf,
		     size_t len)
{
	int rc;

	if (!tm || (!buf && len))
		return api_fail(-EINVAL, "tcesim_mem_write: NULL argument");
	rc = sim_mem_write(machine_mem(tm->m), pa, buf, len);
	if (rc)
		return api_fail(rc, "memory write of %zu bytes at %#llx: %s", len,
				(unsigned long long)pa, strerror(-rc));
	return 0;
}

int tcesim_mem_alloc(tcesim_machine *tm, uint64_t size, uint64_t align,
		     uint64_t *pa)
{
	int rc;

	if (!tm || !pa)
		return api_fail(-EINVAL, "tcesim_mem_alloc: NULL argument");
	rc = sim_mem_alloc(machine_mem(tm->m), size, align, pa);
	if (rc)
		return api_fail(rc, "cannot allocate %#llx bytes aligned to %#llx: %s",
				(unsigned long long)size,
				(unsigned long long)align, strerror(-rc));
	return 0;
}

int tcesim_mem_free(tcesim_machine *tm, uint64_t pa)
{
	if (!tm)
		return api_fail(-EINVAL, "tcesim_mem_free: NULL machine");
	if (sim_mem_free(machine_mem(tm->m), pa))
		return api_fail(-EINVAL, "%#llx does not start an allocated block",
				(unsigned long long)pa);
	return 0;
}

/* ---- clock and statistics ---- */

uint64_t tcesim_clock_now(const tcesim_machine *tm)
{
	return tm ? sim_clock_now(machine_clock(tm->m)) : 0;
}

void tcesim_clock_advance(tcesim_machine *tm, uint64_t cycle)
{
	if (tm)
		sim_clock_advance_to(machine_clock(tm->m), cycle);
}

int tcesim_stats_json(tcesim_machine *tm, char *buf, size_t len)
{
	char *text = NULL;
	size_t n = 0;
	FILE *f;

	if (!tm || (!buf && len))
		return api_fail(-EINVAL, "tcesim_stats_json: NULL argument");
	f = open_memstream(&text, &n);
	if (!f)
		return api_fail(-ENOMEM, "out of memory");
	sim_stats_print_json(machine_stats(tm->m), f, 0);
	fputc('\n', f);
	if (fclose(f)) {
		free(text);
		return api_fail(-ENOMEM, "out of memory");
	}
	if (n > (size_t)INT32_MAX) {
		free(text);
		return api_fail(-EOVERFLOW, "statistics too large");
	}
	if (len) {
		size_t c = n < len - 1 ? n : len - 1;

		memcpy(buf, text, c);
		buf[c] = 0;
	}
	free(text);
	return (int)n;
}

int tcesim_stat(tcesim_machine *tm, const char *name, double *value)
{
	const struct sim_stat *st;

	if (!tm || !name || !value)
		return api_fail(-EINVAL, "tcesim_stat: NULL argument");
	st = sim_stats_find(machine_stats(tm->m), name);
	if (!st)
		return api_fail(-ENOENT, "no statistic '%s'", name);
	*value = sim_stat_value(st);
	return 0;
}
