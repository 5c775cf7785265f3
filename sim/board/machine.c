// SPDX-License-Identifier: GPL-2.0
/*
 * The machine: builds simulated RAM, the MMIO bus, the host bridge models,
 * the firmware and the device tree, then boots the kernel-style driver
 * stack on the compat layer. It wires layers together and never reaches
 * across them: the driver sees the hardware only through the device tree,
 * OPAL calls and MMIO; the firmware only through MMIO and memory.
 *
 * Physical memory map (choices, see docs/hardware-model.md "Machine"):
 *   [0, 32 MiB)                  reserved (firmware and kernel image)
 *   [32 MiB, ram_bytes)          RAM handed out by the page allocator
 *   0x3fffe40000000 + i*1 MiB    PHB3 i register space (4 KiB), the
 *                                address QEMU's powernv8 machine uses
 *   0x3ffe000000000              P5IOC2 hub window (2 MiB)
 *
 * Timing mode (cfg.timing): each PHB3 is observed by a phb3_timed (its DMA
 * target stamps arrivals) with its own PCIe link unless cfg.link is off,
 * the P5IOC2 hub by one p5ioc2_timed (no link); the machine clock drives
 * them all (docs/timing-model.md).
 *
 * Each machine owns a kernel instance (kc/host.h): every call here that
 * runs kernel code enters it. Memory is the built-in RAM or an
 * embedder's (cfg.mem_*); processor-side MMIO may be routed through the
 * embedder (cfg.mmio_route), which comes back through
 * machine_phb_mmio_read/_write.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kc/host.h"
#include "tcesim/machine.h"
#include "tcesim/mem.h"
#include "tcesim/mmio.h"
#include "tcesim/opal.h"
#include "tcesim/p5ioc2.h"
#include "tcesim/phb3.h"
#include "machine_internal.h"

#define RESERVED_LOW		(32ull << 20)
#define PHB3_REGS_BASE		0x3fffe40000000ull
#define PHB3_REGS_STRIDE	0x100000ull
#define P5IOC2_HUB_BASE		0x3ffe000000000ull
#define P5IOC2_HUB_ID		0x1000ull


static void set_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!err || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

void machine_config_default(struct machine_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->platform = MACHINE_PHB3;
	cfg->ram_bytes = 64ull << 30;
	cfg->page_shift = 16;
	cfg->nr_phbs = 1;
	cfg->memlock_bytes = KC_DEFAULT_MEMLOCK;
	cfg->cap_ipc_lock = false;
	phb3_params_default(&cfg->phb3);
	cfg->timing = false;
	timing_params_default(&cfg->timing_params);
	cfg->link = true;
	pcie_link_params_default(&cfg->link_params);
}

static int check_config(const struct machine_config *c, char *err,
			size_t errlen)
{
	const struct phb3_params *pp = &c->phb3;
	unsigned i, j;

	if (c->platform != MACHINE_PHB3 && c->platform != MACHINE_P5IOC2) {
		set_err(err, errlen, "unknown platform %d", (int)c->platform);
		return -EINVAL;
	}
	if (c->ram_bytes < (256ull << 20) || c->ram_bytes > SIM_RAM_MAX ||
	    (c->ram_bytes & ((1ull << 24) - 1))) {
		set_err(err, errlen,
			"ram %#llx: expected a multiple of 16 MiB in [256 MiB, 32 TiB]",
			(unsigned long long)c->ram_bytes);
		return -EINVAL;
	}
	if (c->page_shift != 12 && c->page_shift != 16) {
		set_err(err, errlen, "page_shift %u: expected 12 or 16",
			c->page_shift);
		return -EINVAL;
	}
	if (!c->nr_phbs || c->nr_phbs > MACHINE_MAX_PHBS ||
	    (c->platform == MACHINE_P5IOC2 && c->nr_phbs > P5IOC2_NUM_PHBS)) {
		set_err(err, errlen, "phbs %u: expected 1..%u", c->nr_phbs,
			c->platform == MACHINE_P5IOC2 ? P5IOC2_NUM_PHBS
						      : MACHINE_MAX_PHBS);
		return -EINVAL;
	}
	if (c->nr_devs > MACHINE_MAX_DEVS) {
		set_err(err, errlen,
			"%u device entries: at most %u (declare consecutive RIDs as one range)",
			c->nr_devs, MACHINE_MAX_DEVS);
		return -EINVAL;
	}
	for (i = 0; i < c->nr_devs; i++) {
		const struct machine_dev *d = &c->devs[i];

		if (d->phb >= c->nr_phbs) {
			set_err(err, errlen, "device %04x on phb %u: only %u phbs",
				d->bdfn, d->phb, c->nr_phbs);
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			const struct machine_dev *o = &c->devs[j];

			if (o->phb == d->phb && o->bdfn <= machine_dev_last(d) &&
			    d->bdfn <= machine_dev_last(o)) {
				set_err(err, errlen,
					"device %04x declared twice on phb %u",
					d->bdfn > o->bdfn ? d->bdfn : o->bdfn,
					d->phb);
				return -EINVAL;
			}
		}
	}
	if (pp->oow_policy != PHB3_OOW_FAULT &&
	    pp->oow_policy != PHB3_OOW_ALIAS) {
		set_err(err, errlen, "oow_policy %d: expected fault or alias",
			(int)pp->oow_policy);
		return -EINVAL;
	}
	if (tce_cache_params_check(&pp->tce_cache)) {
		set_err(err, errlen,
			"TCE cache %u entries, %u ways, policy %d: expected 1..65536 entries, ways dividing them",
			pp->tce_cache.entries, pp->tce_cache.ways,
			(int)pp->tce_cache.policy);
		return -EINVAL;
	}
	if (!pp->rtc_entries || pp->rtc_entries > 65536 || !pp->num_pes ||
	    pp->num_pes > PHB3_MAX_PES) {
		set_err(err, errlen,
			"rtc_entries %u / num_pes %u: expected 1..65536 / 1..%u",
			pp->rtc_entries, pp->num_pes, PHB3_MAX_PES);
		return -EINVAL;
	}
	if (timing_params_check(&c->timing_params)) {
		set_err(err, errlen,
			"timing parameters out of range (see tcesim config --help-params)");
		return -EINVAL;
	}
	if (c->timing && c->link && c->platform == MACHINE_PHB3 &&
	    pcie_link_params_problem(&c->link_params)) {
		set_err(err, errlen, "%s",
			pcie_link_params_problem(&c->link_params));
		return -EINVAL;
	}
	return 0;
}

static int64_t machine_opal_call(void *ctx, uint64_t token,
				 const uint64_t *args, unsigned nargs)
{
	return opal_call(ctx, token, args, nargs);
}

/* ---- timing mode: register accesses see the machine clock ---- */

static int port_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
	struct timed_port *tp = opaque;

	return phb3_mmio_ops.read(tp->m->phb3[tp->phb], off, size, val);
}

static int port_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	struct timed_port *tp = opaque;
	struct phb3_timed *pt = tp->m->timed[tp->phb];

	phb3_timed_advance(pt, sim_clock_now(&tp->m->clock));
	return phb3_mmio_ops.write(tp->m->phb3[tp->phb], off, size, val);
}

static const struct sim_mmio_ops timed_port_ops = {
	.read = port_read,
	.write = port_write,
};

/* ---- processor-side MMIO routed through the embedder ---- */

/* Until machine_create returns (the firmware's init of the bridges) the
   accesses go straight to the model: the embedder has no machine yet. */
static int route_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
	struct timed_port *tp = opaque;
	const struct machine_mmio_route *r = &tp->m->cfg.mmio_route;

	if (!tp->m->route_on)
		return machine_phb_mmio_read(tp->m, tp->phb, off, size, val);
	return r->access(r->ctx, tp->base + off, size, false, val);
}

static int route_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	struct timed_port *tp = opaque;
	const struct machine_mmio_route *r = &tp->m->cfg.mmio_route;

	if (!tp->m->route_on)
		return machine_phb_mmio_write(tp->m, tp->phb, off, size, val);
	return r->access(r->ctx, tp->base + off, size, true, &val);
}

static const struct sim_mmio_ops route_ops = {
	.read = route_read,
	.write = route_write,
};

/* Window i of the bus: the route when there is one, else the model. */
static int map_window(struct machine *m, unsigned i, uint64_t base,
		      uint64_t size, const struct sim_mmio_ops *ops,
		      void *opaque, const char *name)
{
	if (!m->cfg.mmio_route.access)
		return sim_mmio_map(&m->bus, base, size, ops, opaque, name);
	m->route_ports[i] = (struct timed_port){ .m = m, .phb = i,
						 .base = base };
	return sim_mmio_map(&m->bus, base, size, &route_ops,
			    &m->route_ports[i], name);
}

static int build_phb3(struct machine *m, char *err, size_t errlen)
{
	const struct phb3_params *pp = &m->cfg.phb3;
	const struct phb3_params p = *pp;
	unsigned i, d;
	int rc;

	for (i = 0; i < m->cfg.nr_phbs; i++) {
		m->regs[i] = PHB3_REGS_BASE + i * PHB3_REGS_STRIDE;
		m->opal_id[i] = i;
		snprintf(m->names[i], sizeof(m->names[i]), "phb3.%u", i);
		m->phb3[i] = phb3_create(m->dev_mem, &p, i);
		if (!m->phb3[i]) {
			set_err(err, errlen,
				"phb3 %u: bad model parameters (cache %u entries, %u ways)",
				i, p.tce_cache.entries, p.tce_cache.ways);
			return -EINVAL;
		}
		if (m->cfg.mem_phb_data_direct && m->dev_mem != m->mem)
			phb3_set_data_mem(m->phb3[i], m->mem);
		if (m->cfg.timing) {
			m->timed[i] = phb3_timed_create(m->phb3[i],
					&m->cfg.timing_params,
					m->cfg.link ? &m->cfg.link_params : NULL);
			if (!m->timed[i]) {
				set_err(err, errlen,
					"phb3 %u: cannot create the timing model", i);
				return -EINVAL;
			}
			m->ports[i] = (struct timed_port){ .m = m, .phb = i };
		}
		if (m->cfg.phb3_hooks && m->cfg.phb3_hooks->created) {
			char why[200] = "";

			rc = m->cfg.phb3_hooks->created(m->cfg.phb3_hooks_ctx, i,
							m->phb3[i], m->timed[i],
							m->dev_mem,
							&m->cfg.timing_params,
							why, sizeof(why));
			if (rc) {
				set_err(err, errlen, "phb3 %u: %s", i, why);
				m->hooked[i] = true;
				return -EINVAL;
			}
			m->hooked[i] = true;
		}
		if (m->cfg.timing) {
			rc = map_window(m, i, m->regs[i], PHB3_REGS_BYTES,
					&timed_port_ops, &m->ports[i],
					"phb3-regs");
		} else {
			rc = map_window(m, i, m->regs[i], PHB3_REGS_BYTES,
					&phb3_mmio_ops, m->phb3[i], "phb3-regs");
		}
		/* a declared device is cabled below the root port */
		for (d = 0; d < m->cfg.nr_devs; d++)
			if (m->cfg.devs[d].phb == i)
				phb3_set_link_partner(m->phb3[i], true);
		if (!rc)
			rc = opal_add_phb3(m->fw, m->opal_id[i], m->regs[i]);
		if (!rc)
			rc = phb3_register_stats(m->phb3[i], &m->stats,
						 m->names[i]);
		if (!rc && m->timed[i]) {
			char pfx[40];

			snprintf(pfx, sizeof(pfx), "%s.timing", m->names[i]);
			rc = fetch_timing_register_stats(
				phb3_timed_timing(m->timed[i]), &m->stats, pfx);
		}
		if (!rc && m->timed[i] && phb3_timed_link(m->timed[i])) {
			char pfx[40];

			snprintf(pfx, sizeof(pfx), "%s.link", m->names[i]);
			rc = pcie_link_register_stats(
				phb3_timed_link(m->timed[i]), &m->stats, pfx);
		}
		if (rc) {
			set_err(err, errlen, "phb3 %u: set-up failed (%d)", i, rc);
			return rc;
		}
	}
	return 0;
}

static int build_p5ioc2(struct machine *m, char *err, size_t errlen)
{
	struct p5ioc2_params p;
	unsigned i;
	int rc;

	p5ioc2_params_default(&p);
	m->hub = p5ioc2_create(m->dev_mem, &p, 0);
	if (!m->hub) {
		set_err(err, errlen, "p5ioc2: cannot create the hub model");
		return -ENOMEM;
	}
	rc = sim_mmio_map(&m->bus, P5IOC2_HUB_BASE, P5IOC2_MMIO_SIZE,
			  &p5ioc2_mmio_ops, m->hub, "p5ioc2-hub");
	if (!rc)
		rc = opal_add_p5ioc2_hub(m->fw, P5IOC2_HUB_ID, P5IOC2_HUB_BASE);
	if (!rc)
		rc = p5ioc2_register_stats(m->hub, &m->stats, "p5ioc2");
	if (!rc && m->cfg.timing) {
		m->hub_timed = p5ioc2_timed_create(m->hub, p.tce_cache_entries,
						   &m->cfg.timing_params);
		rc = m->hub_timed ?
		     fetch_timing_register_stats(p5ioc2_timed_timing(m->hub_timed),
						 &m->stats, "p5ioc2.timing") :
		     -ENOMEM;
	}
	if (rc) {
		set_err(err, errlen, "p5ioc2 hub: set-up failed (%d)", rc);
		return rc;
	}
	/* PCIe PHBs first (Calgary 1), then the PCI-X ones (Calgary 0). */
	for (i = 0; i < m->cfg.nr_phbs; i++) {
		unsigned ca = i < P5IOC2_PHBS_PER_CA ? 1 : 0;
		unsigned idx = i % P5IOC2_PHBS_PER_CA;

		m->hub_phb[i] = ca * P5IOC2_PHBS_PER_CA + idx;
		m->regs[i] = P5IOC2_HUB_BASE + P5IOC2_PHB_OFFSET(ca, idx);
		m->opal_id[i] = i;
		rc = opal_add_p5ioc2_phb(m->fw, P5IOC2_HUB_ID, m->opal_id[i],
					 ca, idx, m->regs[i]);
		if (rc) {
			set_err(err, errlen, "p5ioc2 phb %u: set-up failed (%d)",
				i, rc);
			return rc;
		}
	}
	return 0;
}

/* Device-tree node of one PCI device: "reg" phys.hi = bus << 16 | devfn << 8. */
static int dt_add_dev(struct kc_dt_node *phbn, uint16_t bdfn)
{
	uint32_t reg[5] = { (uint32_t)bdfn << 8, 0, 0, 0, 0 };
	struct kc_dt_node *d;
	char name[24];

	snprintf(name, sizeof(name), "pci@%04x", bdfn);
	d = kc_dt_add_node(phbn, name);
	if (!d)
		return -ENOMEM;
	return kc_dt_set_u32s(d, "reg", reg, 5);
}

static int dt_add_phb(struct machine *m, struct kc_dt_node *parent,
		      unsigned i)
{
	static const uint32_t ioda2_sizes[] = { 12, 16, 24, 28 };
	static const uint32_t p5_sizes[] = { 12 };
	bool ioda2 = m->cfg.platform == MACHINE_PHB3;
	const char *compat = ioda2 ? "ibm,ioda2-phb" : "ibm,p5ioc2-pciex";
	uint64_t reg[2] = { m->regs[i], ioda2 ? PHB3_REGS_BYTES
					      : P5IOC2_PHB_REGS_SIZE };
	uint32_t npes = ioda2 ? PHB3_MAX_PES : 1;
	struct kc_dt_node *n;
	char name[32];
	unsigned d;
	int rc;

	snprintf(name, sizeof(name), "pciex@%llx", (unsigned long long)reg[0]);
	n = kc_dt_add_node(parent, name);
	if (!n)
		return -ENOMEM;
	rc = kc_dt_set_string(n, "compatible", compat);
	rc = rc ?: kc_dt_set_u64s(n, "ibm,opal-phbid", &m->opal_id[i], 1);
	rc = rc ?: kc_dt_set_u64s(n, "reg", reg, 2);
	rc = rc ?: kc_dt_set_u32s(n, "ibm,opal-num-pes", &npes, 1);
	if (ioda2) {
		uint64_t kill = m->regs[i] + 0x210;

		rc = rc ?: kc_dt_set_u64s(n, "ibm,opal-tce-kill", &kill, 1);
		rc = rc ?: kc_dt_set_u32s(n, "ibm,supported-tce-sizes",
					  ioda2_sizes, 4);
	} else {
		rc = rc ?: kc_dt_set_u32s(n, "ibm,supported-tce-sizes",
					  p5_sizes, 1);
	}
	/* one node per declared RID, none for the others */
	for (d = 0; !rc && d < m->cfg.nr_devs; d++) {
		const struct machine_dev *dev = &m->cfg.devs[d];
		unsigned rid;

		if (dev->phb != i)
			continue;
		for (rid = dev->bdfn; !rc && rid <= machine_dev_last(dev); rid++)
			rc = dt_add_dev(n, (uint16_t)rid);
	}
	return rc;
}

static int build_dt(struct machine *m)
{
	struct kc_dt_node *parent = kc_dt_root();
	unsigned i;
	int rc;

	if (m->cfg.platform == MACHINE_P5IOC2) {
		uint64_t hub_id = P5IOC2_HUB_ID;

		parent = kc_dt_add_node(parent, "io-hub@3ffe000000000");
		if (!parent)
			return -ENOMEM;
		rc = kc_dt_set_string(parent, "compatible", "ibm,p5ioc2");
		rc = rc ?: kc_dt_set_u64s(parent, "ibm,opal-hubid", &hub_id, 1);
		if (rc)
			return rc;
	}
	for (i = 0; i < m->cfg.nr_phbs; i++) {
		rc = dt_add_phb(m, parent, i);
		if (rc)
			return rc;
	}
	return 0;
}

static bool backed(const struct machine_config *c)
{
	return c->mem_backend.read || c->mem_backend.write || c->mem_nregions;
}

static int make_memory(struct machine *m, char *err, size_t errlen)
{
	const struct machine_config *c = &m->cfg;

	if (!backed(c)) {
		m->mem = sim_mem_create(c->ram_bytes, RESERVED_LOW);
		if (!m->mem) {
			set_err(err, errlen,
				"cannot reserve %llu bytes of simulated RAM",
				(unsigned long long)c->ram_bytes);
			return -ENOMEM;
		}
		m->dev_mem = m->mem;
		return 0;
	}
	m->mem = sim_mem_create_backed(c->ram_bytes, RESERVED_LOW,
				       &c->mem_backend, c->mem_regions,
				       c->mem_nregions);
	if (!m->mem) {
		set_err(err, errlen,
			"memory: regions must lie inside RAM, not overlap, have host pointers (at most %u), and without regions read and write callbacks are needed",
			SIM_MEM_MAX_REGIONS);
		return -EINVAL;
	}
	if (!c->mem_phb_backend) {
		m->dev_mem = m->mem;
		return 0;
	}
	if (!c->mem_backend.read || !c->mem_backend.write) {
		set_err(err, errlen,
			"memory: the host bridges' accesses go to the callbacks, so both read and write are needed");
		return -EINVAL;
	}
	/* the bridges' own view: the same bytes, callbacks only, no
	   allocator (nothing to hand out: reserved up to the end) */
	m->dev_mem = sim_mem_create_backed(c->ram_bytes, c->ram_bytes,
					   &c->mem_backend, NULL, 0);
	if (!m->dev_mem) {
		set_err(err, errlen, "out of memory");
		return -ENOMEM;
	}
	return 0;
}

/* The simulated kernel: its instance, kc_init, the cost parameters, the
   device tree; entered for the duration. */
static int start_kernel(struct machine *m, char *err, size_t errlen)
{
	struct kc_config kcfg;
	struct kc_host host;
	int rc;

	m->kinst = kc_instance_create();
	if (!m->kinst) {
		set_err(err, errlen, kc_instance_supported() ?
			"out of memory (kernel instance)" :
			"another machine's kernel is alive and this build keeps one kernel at a time");
		return -EBUSY;
	}
	/* RAM the kernel hands out must be reachable through __va() */
	m->kernel = sim_mem_host_covers(m->mem, RESERVED_LOW,
					m->cfg.ram_bytes - RESERVED_LOW);
	if (!m->kernel)
		return 0;
	rc = kc_instance_enter(m->kinst);
	if (rc) {
		set_err(err, errlen,
			"cannot enter the new kernel from inside another machine's kernel call");
		return rc;
	}
	host = (struct kc_host){ .mem = m->mem, .bus = &m->bus,
				 .opal_call = machine_opal_call,
				 .opal_ctx = m->fw };
	kc_config_default(&kcfg);
	kcfg.page_shift = m->cfg.page_shift;
	kcfg.memlock_default = m->cfg.memlock_bytes;
	rc = kc_init(&host, &kcfg);
	if (rc) {
		set_err(err, errlen, "kernel compat init failed (%d)", rc);
		goto out;
	}
	m->kc_up = true;
	if (m->cfg.cost) {
		rc = kc_cost_set_params(m->cfg.cost);
		if (rc) {
			set_err(err, errlen, "bad driver cost parameters");
			goto out;
		}
	}
	rc = build_dt(m);
	if (rc)
		set_err(err, errlen, "device tree build failed (%d)", rc);
out:
	kc_instance_leave(m->kinst);
	return rc;
}

struct machine *machine_create(const struct machine_config *cfg, char *err,
			       size_t errlen)
{
	struct machine *m;
	int rc;

	if (check_config(cfg, err, errlen))
		return NULL;
	if (cfg->mmio_route.access && cfg->platform != MACHINE_PHB3) {
		set_err(err, errlen,
			"MMIO routing through the embedder: PHB3 machines only");
		return NULL;
	}
	m = calloc(1, sizeof(*m));
	if (!m) {
		set_err(err, errlen, "out of memory");
		return NULL;
	}
	m->cfg = *cfg;
	m->cfg.cost = NULL;	/* read here only */
	sim_mmio_init(&m->bus);
	sim_stats_init(&m->stats);
	sim_clock_init(&m->clock, cfg->timing_params.clock_mhz);
	if (sim_stats_add_u64(&m->stats, "clock.cycles",
			      "machine clock (PHB cycles)", "cycles",
			      &m->clock.now)) {
		set_err(err, errlen, "out of memory");
		goto fail;
	}
	if (make_memory(m, err, errlen))
		goto fail;
	m->fw = opal_create(m->mem, &m->bus);
	if (!m->fw) {
		set_err(err, errlen, "out of memory (firmware)");
		goto fail;
	}
	rc = cfg->platform == MACHINE_PHB3 ? build_phb3(m, err, errlen)
					   : build_p5ioc2(m, err, errlen);
	if (rc)
		goto fail;
	m->cfg.cost = cfg->cost;
	rc = start_kernel(m, err, errlen);
	m->cfg.cost = NULL;
	if (rc)
		goto fail;
	m->route_on = m->cfg.mmio_route.access != NULL;
	return m;
fail:
	machine_destroy(m);
	return NULL;
}

int machine_boot(struct machine *m, char *err, size_t errlen)
{
	int rc, pid;

	if (m->booted) {
		set_err(err, errlen, "machine already booted");
		return -EBUSY;
	}
	if (!m->kernel) {
		set_err(err, errlen,
			"no driver stack: the memory has no host pointer for all RAM from 32 MiB up");
		return -EOPNOTSUPP;
	}
	rc = kc_instance_enter(m->kinst);
	if (rc) {
		set_err(err, errlen,
			"cannot boot from inside another machine's kernel call");
		return rc;
	}
	rc = kc_boot();
	if (rc) {
		set_err(err, errlen, "kernel boot failed (%d)", rc);
		goto out;
	}
	m->booted = true;
	pid = kc_proc_create("tcesim");
	if (pid < 0) {
		set_err(err, errlen, "cannot create the first process (%d)", pid);
		rc = pid;
		goto out;
	}
	rc = kc_proc_set_memlock(pid, m->cfg.memlock_bytes);
	rc = rc ?: kc_proc_set_cap_ipc_lock(pid, m->cfg.cap_ipc_lock);
	if (rc)
		set_err(err, errlen, "cannot set process limits (%d)", rc);
out:
	kc_instance_leave(m->kinst);
	return rc;
}

void machine_destroy(struct machine *m)
{
	unsigned i;

	if (!m)
		return;
	if (m->kc_up && !kc_instance_enter(m->kinst)) {
		kc_shutdown(NULL);
		kc_instance_leave(m->kinst);
	}
	kc_instance_destroy(m->kinst);
	sim_stats_free(&m->stats);
	opal_destroy(m->fw);
	for (i = 0; i < MACHINE_MAX_PHBS; i++) {
		if (m->hooked[i] && m->cfg.phb3_hooks->destroying)
			m->cfg.phb3_hooks->destroying(m->cfg.phb3_hooks_ctx, i,
						      m->phb3[i]);
		phb3_timed_destroy(m->timed[i]);
		phb3_destroy(m->phb3[i]);
	}
	p5ioc2_timed_destroy(m->hub_timed);
	p5ioc2_destroy(m->hub);
	if (m->dev_mem != m->mem)
		sim_mem_destroy(m->dev_mem);
	sim_mem_destroy(m->mem);
	free(m);
}

bool machine_has_kernel(const struct machine *m)
{
	return m->kernel;
}

bool machine_booted(const struct machine *m)
{
	return m->booted;
}

int machine_kernel_enter(struct machine *m)
{
	if (!m->kernel)
		return -EOPNOTSUPP;
	return kc_instance_enter(m->kinst);
}

void machine_kernel_leave(struct machine *m)
{
	if (m->kernel)
		kc_instance_leave(m->kinst);
}

const struct machine_config *machine_config(const struct machine *m)
{
	return &m->cfg;
}

struct sim_mem *machine_mem(struct machine *m)
{
	return m->mem;
}

struct sim_mem *machine_dev_mem(struct machine *m)
{
	return m->dev_mem;
}

struct sim_mmio_bus *machine_bus(struct machine *m)
{
	return &m->bus;
}

struct opal *machine_firmware(struct machine *m)
{
	return m->fw;
}

struct phb3 *machine_phb3(struct machine *m, unsigned phb)
{
	return phb < MACHINE_MAX_PHBS ? m->phb3[phb] : NULL;
}

struct p5ioc2 *machine_p5ioc2(struct machine *m, unsigned phb)
{
	return phb < m->cfg.nr_phbs ? m->hub : NULL;
}

uint64_t machine_phb_regs(struct machine *m, unsigned phb)
{
	return phb < m->cfg.nr_phbs ? m->regs[phb] : 0;
}

uint64_t machine_phb_opal_id(struct machine *m, unsigned phb)
{
	return phb < m->cfg.nr_phbs ? m->opal_id[phb] : ~0ull;
}

struct sim_stats *machine_stats(struct machine *m)
{
	return &m->stats;
}

int machine_dma(struct machine *m, unsigned phb, const struct sim_dma_req *req,
		void *buf, struct sim_dma_result *res)
{
	return machine_dma_at(m, phb, TIMING_ASAP, req, buf, res, NULL);
}

int machine_dma_at(struct machine *m, unsigned phb, uint64_t arrival,
		   const struct sim_dma_req *req, void *buf,
		   struct sim_dma_result *res, uint64_t *done)
{
	struct sim_dma_target tg;
	struct fetch_timing *t;
	bool p3 = m->cfg.platform == MACHINE_PHB3;
	uint64_t fin;
	int rc;

	if (phb >= m->cfg.nr_phbs)
		return -ENODEV;
	if (arrival != TIMING_ASAP)
		sim_clock_advance_to(&m->clock, arrival);
	if (!m->cfg.timing) {
		tg = p3 ? phb3_dma_target(m->phb3[phb])
			: p5ioc2_dma_target(m->hub, m->hub_phb[phb]);
		rc = tg.dma(tg.opaque, req, buf, res);
		if (done)
			*done = sim_clock_now(&m->clock);
		return rc;
	}
	t = machine_timing(m, phb);
	if (p3)
		phb3_timed_advance(m->timed[phb], sim_clock_now(&m->clock));
	else
		fetch_timing_advance(t, sim_clock_now(&m->clock));
	if (p3) {
		phb3_timed_set_arrival(m->timed[phb], arrival);
		tg = phb3_timed_dma_target(m->timed[phb]);
	} else {
		p5ioc2_timed_set_arrival(m->hub_timed, arrival);
		tg = p5ioc2_timed_dma_target(m->hub_timed, m->hub_phb[phb]);
	}
	rc = tg.dma(tg.opaque, req, buf, res);
	/* a request the wrapper did not time leaves no arrival behind */
	if (p3)
		phb3_timed_set_arrival(m->timed[phb], TIMING_ASAP);
	else
		p5ioc2_timed_set_arrival(m->hub_timed, TIMING_ASAP);
	if (rc || res->status == SIM_DMA_MSI) {
		fin = sim_clock_now(&m->clock);
	} else {
		fin = p3 ? phb3_timed_last_completion(m->timed[phb])
			 : p5ioc2_timed_last_completion(m->hub_timed);
		/* the clock moves to the cycle the request was accepted */
		sim_clock_advance_to(&m->clock,
				     p3 ? phb3_timed_last_accepted(m->timed[phb])
					: fetch_timing_now(t));
	}
	if (done)
		*done = fin;
	return rc;
}

int machine_dma_batch(struct machine *m, unsigned phb,
		      struct phb3_dma_op *ops, unsigned n, uint64_t *done)
{
	uint64_t clock;
	unsigned i;

	if (phb >= m->cfg.nr_phbs)
		return -ENODEV;
	if (!m->cfg.timing || m->cfg.platform != MACHINE_PHB3 ||
	    (m->clock.epoch_cycles && m->clock.epoch_fn)) {
		/* epochs fire between requests: one at a time */
		for (i = 0; i < n; i++)
			ops[i].rc = machine_dma_at(m, phb, ops[i].arrival,
						   &ops[i].req, ops[i].buf,
						   &ops[i].res,
						   done ? &done[i] : NULL);
		return 0;
	}
	clock = sim_clock_now(&m->clock);
	phb3_timed_dma_batch(m->timed[phb], ops, n, &clock, done);
	sim_clock_advance_to(&m->clock, clock);
	return 0;
}

struct fetch_timing *machine_timing(struct machine *m, unsigned phb)
{
	if (!m->cfg.timing || phb >= m->cfg.nr_phbs)
		return NULL;
	if (m->cfg.platform == MACHINE_PHB3)
		return m->timed[phb] ? phb3_timed_timing(m->timed[phb]) : NULL;
	return m->hub_timed ? p5ioc2_timed_timing(m->hub_timed) : NULL;
}

struct phb3_timed *machine_phb3_timed(struct machine *m, unsigned phb)
{
	return phb < m->cfg.nr_phbs ? m->timed[phb] : NULL;
}

struct pcie_link *machine_link(struct machine *m, unsigned phb)
{
	if (!m->cfg.timing || phb >= m->cfg.nr_phbs ||
	    m->cfg.platform != MACHINE_PHB3 || !m->timed[phb])
		return NULL;
	return phb3_timed_link(m->timed[phb]);
}

struct sim_clock *machine_clock(struct machine *m)
{
	return &m->clock;
}

int machine_group_of(struct machine *m, unsigned phb, uint16_t bdfn)
{
	int rc;

	if (phb >= m->cfg.nr_phbs || !m->booted)
		return -ENODEV;
	rc = kc_instance_enter(m->kinst);
	if (rc)
		return rc;
	rc = kc_sysfs_iommu_group(m->opal_id[phb], bdfn);
	kc_instance_leave(m->kinst);
	return rc;
}

/*
 * The model's register window of PHB phb: ops, opaque and the model address
 * of register offset off, which must hold an access of size bytes.
 */
static int phb_window(struct machine *m, unsigned phb, uint64_t off,
		      unsigned size, const struct sim_mmio_ops **ops,
		      void **opaque, uint64_t *addr)
{
	uint64_t base, bytes;

	if (phb >= m->cfg.nr_phbs)
		return -ENODEV;
	if (m->cfg.platform == MACHINE_PHB3) {
		*ops = m->timed[phb] ? &timed_port_ops : &phb3_mmio_ops;
		*opaque = m->timed[phb] ? (void *)&m->ports[phb]
					: (void *)m->phb3[phb];
		base = 0;
		bytes = PHB3_REGS_BYTES;
	} else {
		*ops = &p5ioc2_mmio_ops;
		*opaque = m->hub;
		base = m->regs[phb] - P5IOC2_HUB_BASE;
		bytes = P5IOC2_PHB_REGS_SIZE;
	}
	if (off >= bytes || size > bytes - off)
		return -EINVAL;
	*addr = base + off;
	return 0;
}

int machine_phb_mmio_read(struct machine *m, unsigned phb, uint64_t off,
			  unsigned size, uint64_t *val)
{
	const struct sim_mmio_ops *ops;
	void *opaque;
	uint64_t addr;
	int rc = phb_window(m, phb, off, size, &ops, &opaque, &addr);

	return rc ? rc : ops->read(opaque, addr, size, val);
}

int machine_phb_mmio_write(struct machine *m, unsigned phb, uint64_t off,
			   unsigned size, uint64_t val)
{
	const struct sim_mmio_ops *ops;
	void *opaque;
	uint64_t addr;
	int rc = phb_window(m, phb, off, size, &ops, &opaque, &addr);

	return rc ? rc : ops->write(opaque, addr, size, val);
}

uint64_t machine_phb_regs_bytes(struct machine *m, unsigned phb)
{
	if (phb >= m->cfg.nr_phbs)
		return 0;
	return m->cfg.platform == MACHINE_PHB3 ? PHB3_REGS_BYTES
					       : P5IOC2_PHB_REGS_SIZE;
}
