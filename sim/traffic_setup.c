// SPDX-License-Identifier: GPL-2.0
/*
 * Workload set-up for the traffic generators, done the way a VFIO user
 * process does it: create and boot the machine, map user memory, open
 * the container(s) and groups, attach, set the IOMMU type, then v1
 * ENABLE or v2 preregistration + a DDW of the chosen IO page size and
 * levels, and (except for nic-strict) map every device buffer once. Every
 * ioctl argument is a struct written into simulated user memory, as a
 * real process would pass it. Driver cycles spent here are recorded.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tcesim/errmsg.h"
#include "kc/host.h"
#include "traffic_internal.h"

/* VFIO ioctl numbers (ppc64 _IO(';', 100 + n) encoding). */
#define VFIO_NR(nr) (0x20003B00ul | (nr))
#define NR_SET_CONTAINER	104
#define NR_SET_IOMMU		102
#define NR_GET_INFO		112
#define NR_MAP_DMA		113
#define NR_UNMAP_DMA		114
#define NR_ENABLE		115
#define NR_REGISTER		117
#define NR_CREATE		119
#define SPAPR_TCE_V1		2
#define SPAPR_TCE_V2		7

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

static void put32(uint8_t *b, size_t off, uint32_t v)
{
	memcpy(b + off, &v, 4);
}

static void put64(uint8_t *b, size_t off, uint64_t v)
{
	memcpy(b + off, &v, 8);
}

static uint32_t get32(const uint8_t *b, size_t off)
{
	uint32_t v;

	memcpy(&v, b + off, 4);
	return v;
}

static uint64_t get64(const uint8_t *b, size_t off)
{
	uint64_t v;

	memcpy(&v, b + off, 8);
	return v;
}

/* ioctl whose argument is the struct st (argsz first) in user memory. */
static long ioctl_struct(int fd, unsigned nr, uint8_t *st, size_t size)
{
	put32(st, 0, (uint32_t)size);
	if (kc_user_write(TRAFFIC_SCRATCH_UA, st, size))
		return -EFAULT;
	long ret = kc_ioctl(fd, VFIO_NR(nr), TRAFFIC_SCRATCH_UA);
	kc_user_read(TRAFFIC_SCRATCH_UA, st, size);
	return ret;
}

long traffic_vfio_map(struct traffic_run *r, int cfd, uint64_t ua,
		      uint64_t iova, uint64_t size)
{
	uint8_t st[32] = { 0 };
	uint64_t c0 = traffic_cost_now();

	put32(st, 4, 3);	/* READ | WRITE */
	put64(st, 8, ua);
	put64(st, 16, iova);
	put64(st, 24, size);
	long ret = ioctl_struct(cfd, NR_MAP_DMA, st, sizeof(st));
	r->map_cycles += traffic_cost_now() - c0;
	r->map_ioctls++;
	if (!ret)
		r->map_pages += size >> r->io_shift;
	return ret;
}

long traffic_vfio_unmap(struct traffic_run *r, int cfd, uint64_t iova,
			uint64_t size)
{
	uint8_t st[24] = { 0 };
	uint64_t c0 = traffic_cost_now();

	put64(st, 8, iova);
	put64(st, 16, size);
	long ret = ioctl_struct(cfd, NR_UNMAP_DMA, st, sizeof(st));
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
	tcesim_config_to_timing(&o->hw, &mc->timing_params);
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
	uint8_t st[40];
	char a[24], b[24];
	long ret;
	int cfd = kc_open("/dev/vfio/vfio");

	if (cfd < 0)
		return fail(err, errlen, cfd, "open /dev/vfio/vfio: %s",
			    strerror(-cfd));
	r->cfds[r->ncfd++] = cfd;
	for (unsigned i = first; i < first + count; i++) {
		struct traffic_devstate *d = &r->dev[i];
		int id = machine_group_of(r->m, d->phb, d->rid);
		char path[32];
		int32_t fdv = cfd;

		if (id < 0)
			return fail(err, errlen, id,
				    "device %u (phb %u rid 0x%04x): no IOMMU group",
				    i, d->phb, d->rid);
		snprintf(path, sizeof(path), "/dev/vfio/%d", id);
		d->group_fd = kc_open(path);
		if (d->group_fd < 0)
			return fail(err, errlen, d->group_fd, "open %s: %s",
				    path, strerror(-d->group_fd));
		d->cfd = cfd;
		if (kc_user_write(TRAFFIC_SCRATCH_UA, &fdv, 4))
			return fail(err, errlen, -EFAULT, "scratch write failed");
		ret = kc_ioctl(d->group_fd, VFIO_NR(NR_SET_CONTAINER),
			       TRAFFIC_SCRATCH_UA);
		if (ret)
			return fail(err, errlen, (int)ret,
				    "VFIO_GROUP_SET_CONTAINER (%s): %s", path,
				    strerror((int)-ret));
	}
	ret = kc_ioctl(cfd, VFIO_NR(NR_SET_IOMMU),
		       o->iommu == 1 ? SPAPR_TCE_V1 : SPAPR_TCE_V2);
	if (ret)
		return fail(err, errlen, (int)ret, "VFIO_SET_IOMMU (v%u): %s",
			    o->iommu, strerror((int)-ret));

	uint64_t start, wsize;
	uint64_t need = (uint64_t)count * r->dev[first].bytes;
	if (o->iommu == 1) {
		ret = kc_ioctl(cfd, VFIO_NR(NR_ENABLE), 0);
		if (ret)
			return fail(err, errlen, (int)ret,
				    "VFIO_IOMMU_ENABLE: %s", strerror((int)-ret));
		memset(st, 0, sizeof(st));
		ret = ioctl_struct(cfd, NR_GET_INFO, st, 32);
		if (ret)
			return fail(err, errlen, (int)ret,
				    "VFIO_IOMMU_SPAPR_TCE_GET_INFO: %s",
				    strerror((int)-ret));
		start = get32(st, 8);
		wsize = get32(st, 12);
		if (need > wsize)
			return fail(err, errlen, -ENOSPC,
				    "v1: %s of buffers do not fit the %s default window",
				    size_text(need, a, sizeof(a)),
				    size_text(wsize, b, sizeof(b)));
	} else {
		for (unsigned i = first; i < first + count; i++) {
			uint64_t c0 = traffic_cost_now();
			memset(st, 0, sizeof(st));
			put64(st, 8, r->dev[i].ua);
			put64(st, 16, r->dev[i].mem_bytes);
			ret = ioctl_struct(cfd, NR_REGISTER, st, 24);
			r->reg_cycles += traffic_cost_now() - c0;
			if (ret)
				return fail(err, errlen, (int)ret,
					    "VFIO_IOMMU_SPAPR_REGISTER_MEMORY (%s): %s",
					    size_text(r->dev[i].mem_bytes, a, sizeof(a)),
					    strerror((int)-ret));
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
		memset(st, 0, sizeof(st));
		put32(st, 8, r->io_shift);
		put64(st, 16, wsize);
		put32(st, 24, r->levels);
		ret = ioctl_struct(cfd, NR_CREATE, st, 40);
		if (ret)
			return fail(err, errlen, (int)ret,
				    "VFIO_IOMMU_SPAPR_TCE_CREATE (io_page %s, window %s, levels %u, host page %s): %s",
				    size_text(1ull << r->io_shift, a, sizeof(a)),
				    size_text(wsize, b, sizeof(b)), r->levels,
				    o->host_page_shift == 12 ? "4K" : "64K",
				    strerror((int)-ret));
		start = get64(st, 32);
	}
	r->window_bytes = wsize;
	for (unsigned i = first; i < first + count; i++)
		r->dev[i].iova = start + (uint64_t)(i - first) * r->dev[i].bytes;
	return 0;
}

int traffic_setup(struct traffic_run *r, char *err, size_t errlen)
{
	const struct traffic_opts *o = &r->o;
	struct machine_config mc;
	char merr[256] = "";
	int rc;

	machine_cfg(o, &mc);
	struct kc_cost_params cost;	/* the [driver] section */
	tcesim_config_to_cost(&o->hw, &cost);
	if (kc_cost_set_params(&cost))
		return fail(err, errlen, -EINVAL, "bad [driver] cost parameters");
	r->io_shift = o->iommu == 1 ? 12 : o->io_page_shift;
	r->levels = o->iommu == 1 ? 1 : o->levels;
	r->m = machine_create(&mc, merr, sizeof(merr));
	if (!r->m)
		return fail(err, errlen, -EINVAL, "machine: %s", merr);
	rc = machine_boot(r->m, merr, sizeof(merr));
	if (rc)
		return fail(err, errlen, rc, "boot: %s", merr);
	r->pid = kc_proc_current();
	uint64_t c0 = traffic_cost_now();	/* after boot: the process's share */
	rc = kc_mmap(TRAFFIC_SCRATCH_UA, TRAFFIC_SCRATCH_SIZE, 0, true, false);
	if (rc)
		return fail(err, errlen, rc, "scratch mmap: %s", strerror(-rc));

	/* Buffers: whole IO pages, backed by hugetlb pages when the IO page
	   is larger than the host page (the driver's containment rule). */
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

		d->phb = mc.devs[i].phb;
		d->rid = mc.devs[i].bdfn;
		d->group_fd = -1;
		d->cfd = -1;
		d->ua = TRAFFIC_UA_BASE + i * stride;
		d->bytes = bytes;
		d->mem_bytes = mem;
		rc = kc_mmap(d->ua, mem, huge ? r->io_shift : 0, true, huge);
		if (rc)
			return fail(err, errlen, rc, "mmap %s%s for device %u: %s",
				    size_text(mem, a, sizeof(a)),
				    huge ? " (hugetlb)" : "", i, strerror(-rc));
	}
	if (o->shared_container) {
		rc = open_container(r, 0, r->ndev, err, errlen);
	} else {
		rc = 0;
		for (unsigned i = 0; !rc && i < r->ndev; i++)
			rc = open_container(r, i, 1, err, errlen);
	}
	if (rc)
		return rc;
	if (o->kind != TRAFFIC_NIC_STRICT) {
		for (unsigned i = 0; i < r->ndev; i++) {
			struct traffic_devstate *d = &r->dev[i];
			long ret = traffic_vfio_map(r, d->cfd, d->ua, d->iova,
						    d->bytes);
			if (ret)
				return fail(err, errlen, (int)ret,
					    "VFIO_IOMMU_MAP_DMA (device %u, %llu bytes at iova 0x%llx): %s",
					    i, (unsigned long long)d->bytes,
					    (unsigned long long)d->iova,
					    strerror((int)-ret));
			d->mapped = true;
		}
	}
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
