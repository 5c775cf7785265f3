// SPDX-License-Identifier: GPL-2.0
/*
 * Workload set-up for the traffic generators, done the way a VFIO user
 * process does it: create and boot the machine, map user memory, open
 * the container(s) and groups, attach, set the IOMMU type, then v1
 * ENABLE or v2 preregistration + a DDW of the chosen IO page size and
 * levels, and (except for nic-strict) map every device buffer once. The
 * ioctls go through tcesim/vfio_user.h (argument structs in the process's
 * scratch page). Driver cycles spent here are recorded.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tcesim/sim_errf.h"
#include "kc/host.h"
#include "tcesim/vfio_user.h"
#include "traffic_internal.h"

/* The driver cost model of the compat layer (docs/driver-cost.md). */
uint64_t traffic_cost_now(void)
{
	return kc_cost_total();
}

unsigned traffic_cost_mhz(void)
{
	return kc_cost_cpu_mhz();
}

/* a non-negative rc (a count, a success) still reports -EINVAL */
#define fail(err, errlen, rc, ...) \
	sim_errf(err, errlen, (rc) < 0 ? (rc) : -EINVAL, __VA_ARGS__)

/* The process's scratch page; set-up steps also describe failures. */
static struct vfio_user vfio_ctx(char *err, size_t errlen)
{
	struct vfio_user u = {
		.scratch = TRAFFIC_SCRATCH_UA, .err = err, .errlen = errlen,
	};

	return u;
}

long traffic_vfio_map(struct traffic_run *r, int cfd, uint64_t ua,
		      uint64_t iova, uint64_t size)
{
	struct vfio_user u = vfio_ctx(NULL, 0);
	uint64_t c0 = traffic_cost_now();
	long ret = vfio_user_map(&u, cfd, ua, iova, size);

	r->map_cycles += traffic_cost_now() - c0;
	r->map_ioctls++;
	if (!ret)
		r->map_pages += size >> r->io_shift;
	return ret;
}

long traffic_vfio_unmap(struct traffic_run *r, int cfd, uint64_t iova,
			uint64_t size)
{
	struct vfio_user u = vfio_ctx(NULL, 0);
	uint64_t c0 = traffic_cost_now();
	long ret = vfio_user_unmap(&u, cfd, iova, size);

	r->unmap_cycles += traffic_cost_now() - c0;
	r->unmap_ioctls++;
	if (!ret)
		r->unmap_pages += size >> r->io_shift;
	return ret;
}

static uint64_t align_up(uint64_t v, uint64_t a)
{
	return (v + a - 1) & ~(a - 1);
}

static uint64_t pow2_at_least(uint64_t v)
{
	uint64_t p = 1;

	while (p < v && p < (1ull << 62))
		p <<= 1;
	return p;
}

static void machine_cfg(const struct traffic_opts *o, struct machine_config *mc)
{
	machine_config_default(mc);
	mc->page_shift = o->host_page_shift;
	mc->nr_phbs = o->phbs;
	mc->nr_devs = o->pes;
	for (unsigned i = 0; i < o->pes; i++) {
		mc->devs[i].phb = i % o->phbs;
		mc->devs[i].bdfn = (uint16_t)((i / o->phbs + 1) << 8);
	}
	mc->memlock_bytes = mc->ram_bytes;	/* limits are not studied here */
	tcesim_config_to_phb3(&o->hw, &mc->phb3);
	mc->timing = o->timing;
	mc->phb3_hooks = o->phb3_hooks;
	mc->phb3_hooks_ctx = o->phb3_hooks_ctx;
	tcesim_config_to_timing(&o->hw, &mc->timing_params);
	tcesim_config_to_link(&o->hw, &mc->link_params, &mc->link);
}

static const char *size_text(uint64_t v, char *buf, size_t len)
{
	static const char sfx[] = "KMGTPE";
	int i = -1;

	while (v >= 1024 && !(v & 1023) && i < 5) {
		v >>= 10;
		i++;
	}
	if (i < 0)
		snprintf(buf, len, "%llu", (unsigned long long)v);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long)v, sfx[i]);
	return buf;
}

static int open_container(struct traffic_run *r, unsigned first,
			  unsigned count, char *err, size_t errlen)
{
	const struct traffic_opts *o = &r->o;
	struct vfio_user u = vfio_ctx(err, errlen);
	char a[24], b[24];
	int rc;
	int cfd = vfio_user_open_container(&u);

	if (cfd < 0)
		return cfd;
	r->cfds[r->ncfd++] = cfd;
	for (unsigned i = first; i < first + count; i++) {
		struct traffic_devstate *d = &r->dev[i];
		int id = machine_group_of(r->m, d->phb, d->rid);

		if (id < 0)
			return fail(err, errlen, id,
				    "device %u (phb %u rid 0x%04x): no IOMMU group",
				    i, d->phb, d->rid);
		d->group_fd = vfio_user_attach_group(&u, cfd, id);
		if (d->group_fd < 0)
			return d->group_fd;
		d->cfd = cfd;
	}
	rc = vfio_user_set_iommu(&u, cfd, o->iommu);
	if (rc)
		return rc;

	uint64_t start, wsize;
	uint64_t need = (uint64_t)count * r->dev[first].bytes;
	if (o->iommu == 1) {
		rc = vfio_user_enable(&u, cfd);
		if (!rc)
			rc = vfio_user_dma32_window(&u, cfd, &start, &wsize);
		if (rc)
			return rc;
		if (need > wsize)
			return fail(err, errlen, -ENOSPC,
				    "v1: %s of buffers do not fit the %s default window",
				    size_text(need, a, sizeof(a)),
				    size_text(wsize, b, sizeof(b)));
	} else {
		for (unsigned i = first; i < first + count; i++) {
			uint64_t c0 = traffic_cost_now();
			rc = vfio_user_register(&u, cfd, r->dev[i].ua,
						r->dev[i].mem_bytes);
			r->reg_cycles += traffic_cost_now() - c0;
			if (rc)
				return rc;
			r->reg_pages += r->dev[i].mem_bytes >> o->host_page_shift;
		}
		wsize = o->window_bytes ? o->window_bytes : pow2_at_least(need);
		/* The firmware takes tables of 512 TCEs (4 KiB) or more. */
		if (!o->window_bytes && wsize < (512ull << r->io_shift))
			wsize = 512ull << r->io_shift;
		if (need > wsize)
			return fail(err, errlen, -ENOSPC,
				    "window=%s cannot hold %s of buffers",
				    size_text(wsize, a, sizeof(a)),
				    size_text(need, b, sizeof(b)));
		rc = vfio_user_create_window(&u, cfd, r->io_shift, wsize,
					     r->levels, &start);
		if (rc) {
			/* the host page decides which IO pages can work */
			size_t n = err ? strlen(err) : 0;

			if (n < errlen)
				snprintf(err + n, errlen - n, " (host page %s)",
					 size_text(1ull << o->host_page_shift,
						   a, sizeof(a)));
			return rc;
		}
	}
	r->window_bytes = wsize;
	for (unsigned i = first; i < first + count; i++)
		r->dev[i].iova = start + (uint64_t)(i - first) * r->dev[i].bytes;
	return 0;
}

/* The machine of the run: created, booted, the driver cost parameters
 * set, the process's ioctl scratch page mapped. */
static int boot_machine(struct traffic_run *r, struct machine_config *mc,
			char *err, size_t errlen)
{
	const struct traffic_opts *o = &r->o;
	struct kc_cost_params cost;	/* the [driver] section */
	char merr[256] = "";
	int rc;

	machine_cfg(o, mc);
	tcesim_config_to_cost(&o->hw, &cost);
	if (kc_cost_set_params(&cost))
		return fail(err, errlen, -EINVAL, "bad [driver] cost parameters");
	r->io_shift = o->iommu == 1 ? 12 : o->io_page_shift;
	r->levels = o->iommu == 1 ? 1 : o->levels;
	r->m = machine_create(mc, merr, sizeof(merr));
	if (!r->m)
		return fail(err, errlen, -EINVAL, "machine: %s", merr);
	rc = machine_boot(r->m, merr, sizeof(merr));
	if (rc)
		return fail(err, errlen, rc, "boot: %s", merr);
	r->pid = kc_proc_current();
	return 0;
}

/* Buffers: whole IO pages, backed by hugetlb pages when the IO page is
   larger than the host page (the driver's containment rule). One per
   device, 256 MiB apart. */
static int map_buffers(struct traffic_run *r, const struct machine_config *mc,
		       char *err, size_t errlen)
{
	const struct traffic_opts *o = &r->o;
	uint64_t io_page = 1ull << r->io_shift;
	uint64_t host_page = 1ull << o->host_page_shift;
	bool huge = io_page > host_page;
	uint64_t bytes;

	if (o->kind == TRAFFIC_NIC_STRICT || o->kind == TRAFFIC_NIC_POOL) {
		r->slot_bytes = align_up(o->pkt_bytes, TRAFFIC_SLOT_ALIGN);
		bytes = (uint64_t)o->ring * r->slot_bytes;
	} else {
		bytes = o->region_bytes;
	}
	uint64_t unit = io_page > host_page ? io_page : host_page;
	bytes = align_up(bytes, unit);
	uint64_t mem = bytes;
	if (r->slot_bytes && align_up(o->region_bytes, unit) > mem)
		mem = align_up(o->region_bytes, unit);
	r->nslots = r->slot_bytes ? bytes / r->slot_bytes : 0;
	if (r->nslots > o->ring)
		r->nslots = o->ring;
	uint64_t stride = align_up(mem, 1ull << 28);
	r->ndev = o->pes;
	for (unsigned i = 0; i < r->ndev; i++) {
		struct traffic_devstate *d = &r->dev[i];
		char a[24];

		d->phb = mc->devs[i].phb;
		d->rid = mc->devs[i].bdfn;
		d->group_fd = -1;
		d->cfd = -1;
		d->ua = TRAFFIC_UA_BASE + i * stride;
		d->bytes = bytes;
		d->mem_bytes = mem;
		int rc = kc_mmap(d->ua, mem, huge ? r->io_shift : 0, true, huge);
		if (rc)
			return fail(err, errlen, rc, "mmap %s%s for device %u: %s",
				    size_text(mem, a, sizeof(a)),
				    huge ? " (hugetlb)" : "", i, strerror(-rc));
	}
	return 0;
}

/* Every buffer mapped whole (all but nic-strict, which maps per packet). */
static int map_all(struct traffic_run *r, char *err, size_t errlen)
{
	for (unsigned i = 0; i < r->ndev; i++) {
		struct traffic_devstate *d = &r->dev[i];
		long ret = traffic_vfio_map(r, d->cfd, d->ua, d->iova, d->bytes);
		if (ret)
			return fail(err, errlen, (int)ret,
				    "VFIO_IOMMU_MAP_DMA (device %u, %llu bytes at iova 0x%llx): %s",
				    i, (unsigned long long)d->bytes,
				    (unsigned long long)d->iova,
				    strerror((int)-ret));
		d->mapped = true;
	}
	return 0;
}

int traffic_setup(struct traffic_run *r, char *err, size_t errlen)
{
	const struct traffic_opts *o = &r->o;
	struct machine_config mc;
	int rc;

	rc = boot_machine(r, &mc, err, errlen);
	if (rc)
		return rc;
	uint64_t c0 = traffic_cost_now();	/* after boot: the process's share */
	rc = kc_mmap(TRAFFIC_SCRATCH_UA, TRAFFIC_SCRATCH_SIZE, 0, true, false);
	if (rc)
		return fail(err, errlen, rc, "scratch mmap: %s", strerror(-rc));
	rc = map_buffers(r, &mc, err, errlen);
	if (rc)
		return rc;
	if (o->shared_container) {
		rc = open_container(r, 0, r->ndev, err, errlen);
	} else {
		for (unsigned i = 0; !rc && i < r->ndev; i++)
			rc = open_container(r, i, 1, err, errlen);
	}
	if (!rc && o->kind != TRAFFIC_NIC_STRICT)
		rc = map_all(r, err, errlen);
	if (rc)
		return rc;
	r->setup_cycles = traffic_cost_now() - c0;
	return 0;
}

void traffic_teardown(struct traffic_run *r)
{
	if (!r->m)
		return;
	for (unsigned i = 0; i < r->ndev; i++)
		if (r->dev[i].group_fd >= 0)
			kc_close(r->dev[i].group_fd);
	for (unsigned i = 0; i < r->ncfd; i++)
		kc_close(r->cfds[i]);
	machine_destroy(r->m);
	r->m = NULL;
}
