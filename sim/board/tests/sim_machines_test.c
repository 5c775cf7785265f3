// SPDX-License-Identifier: GPL-2.0
/*
 * sim_machines: several machines alive at once, each with its own
 * simulated kernel (kernel instances, kc/host.h).
 *
 * - Two booted machines with different kernel page sizes, each with a
 *   process, a VFIO container, a v2 window and a mapping, driven in
 *   alternation: each keeps its own processes, fds, groups and PAGE_SIZE,
 *   and a device DMA on each lands in that machine's own buffer.
 * - Destroying one leaves the other working; a third made meanwhile
 *   starts from a fresh kernel (no process, no file of the others).
 * - A machine whose memory has no host pointer has no driver stack:
 *   boot refuses with -EOPNOTSUPP; the hardware still works.
 * - Processor-side MMIO routed through an embedder callback reaches the
 *   model only through machine_phb_mmio_*.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vfio.h>

#include "emb_mem.h"
#include "kc/host.h"
#include "tcesim/machine.h"
#include "tcesim/opal.h"
#include "tcesim/vfio_user.h"

#define GiB (1ull << 30)
#define UA 0x10000000000ull
#define BDFN 0x0100

struct rig {
	struct machine *m;
	struct vfio_user u;
	char err[256];
	int pid, cfd, gfd;
	uint64_t iova;
};

/* Machine, boot, a process with 1 MiB of memory, a v2 window mapping it. */
static void rig_up(struct rig *r, unsigned page_shift)
{
	struct machine_config c;
	int group;

	memset(r, 0, sizeof(*r));
	machine_config_default(&c);
	c.ram_bytes = 1 * GiB;
	c.page_shift = page_shift;
	c.memlock_bytes = 64ull << 20;
	c.nr_devs = 1;
	c.devs[0].bdfn = BDFN;
	r->m = machine_create(&c, r->err, sizeof(r->err));
	ck_assert_msg(r->m != NULL, "%s", r->err);
	ck_assert_int_eq(machine_boot(r->m, r->err, sizeof(r->err)), 0);
	group = machine_group_of(r->m, 0, BDFN);
	ck_assert_int_ge(group, 0);
	ck_assert_int_eq(machine_kernel_enter(r->m), 0);
	r->pid = kc_proc_current();
	ck_assert_int_gt(r->pid, 0);
	ck_assert_int_eq(kc_mmap(UA, 1 << 20, 0, true, false), 0);
	ck_assert_int_eq(kc_mmap(UA + (1 << 20), 1 << 16, 0, true, false), 0);
	r->u.scratch = UA + (1 << 20);
	r->u.err = r->err;
	r->u.errlen = sizeof(r->err);
	r->cfd = vfio_user_open_container(&r->u);
	ck_assert_int_ge(r->cfd, 0);
	r->gfd = vfio_user_attach_group(&r->u, r->cfd, group);
	ck_assert_int_ge(r->gfd, 0);
	ck_assert_int_eq(vfio_user_set_iommu(&r->u, r->cfd, 2), 0);
	ck_assert_int_eq(vfio_user_register(&r->u, r->cfd, UA, 1 << 20), 0);
	ck_assert_int_eq(vfio_user_create_window(&r->u, r->cfd, page_shift,
						 1ull << 32, 1, &r->iova), 0);
	ck_assert_int_eq(vfio_user_map(&r->u, r->cfd, UA, r->iova, 1 << 20), 0);
	machine_kernel_leave(r->m);
}

/* A device write of 8 bytes at bus offset off, read back by the process. */
static uint64_t dma_roundtrip(struct rig *r, uint64_t off, uint64_t val)
{
	struct sim_dma_req req = { .rid = BDFN, .addr = r->iova + off,
				   .len = 8, .dir = SIM_DMA_WRITE };
	struct sim_dma_result res;
	uint64_t back = 0;

	ck_assert_int_eq(machine_dma(r->m, 0, &req, &val, &res), 0);
	ck_assert_int_eq(res.status, SIM_DMA_OK);
	ck_assert_int_eq(machine_kernel_enter(r->m), 0);
	ck_assert_int_eq(kc_user_read(UA + off, &back, 8), 0);
	machine_kernel_leave(r->m);
	return back;
}

CK_CASE("kernels", 60, NULL, NULL);

CK_TEST("kernels", two_kernels_side_by_side)
{
	struct rig a, b;
	struct kc_counters ca, cb;

	rig_up(&a, 16);
	rig_up(&b, 12);
	/* each kernel kept its own page size and files */
	ck_assert_int_eq(machine_kernel_enter(a.m), 0);
	ck_assert_uint_eq(kc_get_page_shift(), 16);
	kc_get_counters(&ca);
	machine_kernel_leave(a.m);
	ck_assert_int_eq(machine_kernel_enter(b.m), 0);
	ck_assert_uint_eq(kc_get_page_shift(), 12);
	kc_get_counters(&cb);
	machine_kernel_leave(b.m);
	ck_assert_uint_eq(ca.files_open, 2);
	ck_assert_uint_eq(cb.files_open, 2);
	ck_assert_uint_eq(ca.iommu_groups_live, 1);
	/* alternate DMAs: each lands in its own machine's buffer */
	for (unsigned i = 0; i < 8; i++) {
		ck_assert_uint_eq(dma_roundtrip(&a, i * 4096, 0xA000 + i),
				  0xA000 + i);
		ck_assert_uint_eq(dma_roundtrip(&b, i * 4096, 0xB000 + i),
				  0xB000 + i);
	}
	/* a's process memory never saw b's values */
	ck_assert_uint_eq(dma_roundtrip(&a, 0, 0xA0), 0xA0);
	machine_destroy(a.m);
	/* b goes on alone */
	ck_assert_uint_eq(dma_roundtrip(&b, 8, 0xB8), 0xB8);
	ck_assert_int_eq(machine_kernel_enter(b.m), 0);
	ck_assert_int_eq(vfio_user_unmap(&b.u, b.cfd, b.iova, 1 << 20), 0);
	ck_assert_int_eq(kc_close(b.gfd), 0);
	ck_assert_int_eq(kc_close(b.cfd), 0);
	machine_kernel_leave(b.m);
	machine_destroy(b.m);
}
END_TEST

CK_TEST("kernels", a_new_kernel_starts_fresh)
{
	struct rig a;
	struct machine_config c;
	struct machine *n;
	struct kc_counters cn;
	char err[256];

	rig_up(&a, 16);
	machine_config_default(&c);
	c.ram_bytes = 1 * GiB;
	n = machine_create(&c, err, sizeof(err));
	ck_assert_msg(n != NULL, "%s", err);
	ck_assert_int_eq(machine_kernel_enter(n), 0);
	ck_assert_int_eq(kc_proc_current(), 0);		/* not booted */
	kc_get_counters(&cn);
	ck_assert_uint_eq(cn.files_open, 0);
	ck_assert_int_eq(kc_open("/dev/vfio/vfio"), -ESRCH);	/* no process */
	machine_kernel_leave(n);
	ck_assert_int_eq(machine_boot(n, err, sizeof(err)), 0);
	/* a's container is still open in a's kernel */
	ck_assert_int_eq(machine_kernel_enter(a.m), 0);
	kc_get_counters(&cn);
	ck_assert_uint_eq(cn.files_open, 2);
	machine_kernel_leave(a.m);
	machine_destroy(n);
	machine_destroy(a.m);
}
END_TEST

CK_TEST("kernels", entering_another_kernel_inside_one_is_refused)
{
	struct rig a, b;

	rig_up(&a, 16);
	rig_up(&b, 16);
	ck_assert_int_eq(machine_kernel_enter(a.m), 0);
	ck_assert_int_eq(machine_kernel_enter(a.m), 0);	/* nests */
	ck_assert_int_eq(machine_kernel_enter(b.m), -EDEADLK);
	machine_kernel_leave(a.m);
	machine_kernel_leave(a.m);
	ck_assert_int_eq(machine_kernel_enter(b.m), 0);
	machine_kernel_leave(b.m);
	machine_destroy(a.m);
	machine_destroy(b.m);
}
END_TEST

/* ---- memory an embedder provides ---- */

/* A 256 MiB machine whose memory is e's, through the callbacks;
   direct: also one host-pointer region over all of it, with the PHB's
   accesses through the callbacks too. */
static void emb_config(struct machine_config *c, struct emb *e, bool direct)
{
	e->bytes = calloc(1, 256u << 20);
	ck_assert_ptr_nonnull(e->bytes);
	machine_config_default(c);
	c->ram_bytes = 256u << 20;
	c->mem_backend = (struct sim_mem_backend){ emb_read, emb_write, e,
						   false };
	if (direct) {
		c->mem_regions[0] = (struct sim_mem_region){ 0, 256u << 20,
							     e->bytes };
		c->mem_nregions = 1;
		c->mem_phb_backend = true;
	}
}

CK_CASE("embedder", 0, NULL, NULL);

CK_TEST("embedder", callback_memory_has_no_driver_stack)
{
	struct emb e = { 0 };
	struct machine_config c;
	struct machine *m;
	char err[256];
	uint64_t v;

	emb_config(&c, &e, false);
	m = machine_create(&c, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	ck_assert(!machine_has_kernel(m));
	ck_assert_int_eq(machine_boot(m, err, sizeof(err)), -EOPNOTSUPP);
	ck_assert_int_eq(machine_kernel_enter(m), -EOPNOTSUPP);
	/* the firmware set the PHB up in the embedder's memory: the RTT
	   (every RID on the reserved PE 255, big-endian) is there */
	ck_assert_int_eq(machine_phb_mmio_read(m, 0, 0x168 /* RTT_BAR */, 8,
					       &v), 0);
	v &= 0xffffffffff000ull;
	ck_assert_uint_ne(v, 0);
	ck_assert_uint_eq(e.bytes[v + 2 * BDFN + 1], 0xff);
	machine_destroy(m);
	free(e.bytes);
}
END_TEST

CK_TEST("embedder", phb_accesses_can_all_go_to_the_callbacks)
{
	struct emb e = { 0 };
	struct machine_config c;
	struct machine *m;
	struct sim_dma_req req = { .rid = BDFN, .addr = 0x1000, .len = 8,
				   .dir = SIM_DMA_READ };
	struct sim_dma_result res;
	uint64_t buf;
	char err[256];

	emb_config(&c, &e, true);
	m = machine_create(&c, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	ck_assert(machine_has_kernel(m));
	ck_assert_ptr_ne(machine_dev_mem(m), machine_mem(m));
	/* the RTT read of this DMA (PE 255, no window: a fault) went to
	   the read callback, though a host pointer covers all RAM */
	ck_assert_int_eq(machine_dma(m, 0, &req, &buf, &res), 0);
	ck_assert_int_eq(res.status, SIM_DMA_FAULT);
	ck_assert_uint_ge(e.reads, 1);
	machine_destroy(m);
	free(e.bytes);
}
END_TEST

CK_TEST("embedder", phb_data_can_stay_direct)
{
	struct emb e = { 0 };
	struct machine_config c;
	struct machine *m;
	struct sim_dma_req req = { .rid = BDFN, .addr = (1ull << 59) + 0x2000,
				   .len = 8, .dir = SIM_DMA_READ };
	struct sim_dma_result res;
	uint64_t v = 0, want = 0x0102030405060708ull;
	unsigned long reads;
	char err[256];

	emb_config(&c, &e, true);
	c.mem_phb_data_direct = true;
	m = machine_create(&c, err, sizeof(err));
	ck_assert_msg(m != NULL, "%s", err);
	/* PE 1 <- BDFN, bypass window 1 from bus 1 << 59 */
	ck_assert_int_eq(opal_pci_set_pe(machine_firmware(m), 0, 1, BDFN,
					 OPAL_PCI_BUS_ALL,
					 OPAL_COMPARE_RID_DEVICE_NUMBER,
					 OPAL_COMPARE_RID_FUNCTION_NUMBER,
					 OPAL_MAP_PE), OPAL_SUCCESS);
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(machine_firmware(m),
							 0, 1, 3, 1ull << 59,
							 1ull << 28),
			 OPAL_SUCCESS);
	memcpy(e.bytes + 0x2000, &want, 8);
	reads = e.reads;
	ck_assert_int_eq(machine_dma(m, 0, &req, &v, &res), 0);
	ck_assert_int_eq(res.status, SIM_DMA_OK);
	ck_assert_uint_eq(res.pa, 0x2000);
	ck_assert_uint_eq(v, want);
	/* the RTT read went to the callback, the data did not */
	ck_assert_uint_eq(e.reads, reads + 1);
	machine_destroy(m);
	free(e.bytes);
}
END_TEST

/* ---- processor-side MMIO through the embedder ---- */

struct route {
	struct machine *m;
	unsigned writes, reads;
	uint64_t last_pa;
};

static int route_access(void *ctx, uint64_t pa, unsigned size, bool write,
			uint64_t *val)
{
	struct route *r = ctx;
	uint64_t base = machine_phb_regs(r->m, 0);

	r->last_pa = pa;
	if (write) {
		r->writes++;
		return machine_phb_mmio_write(r->m, 0, pa - base, size, *val);
	}
	r->reads++;
	return machine_phb_mmio_read(r->m, 0, pa - base, size, val);
}

CK_TEST("embedder", routed_mmio_goes_through_the_embedder)
{
	struct route rt = { 0 };
	struct machine_config c;
	char err[256];
	struct opal *fw;
	struct sim_dma_req req = { .rid = BDFN, .addr = (1ull << 59) + 0x1000,
				   .len = 8, .dir = SIM_DMA_READ };
	struct sim_dma_result res;
	uint64_t v;

	machine_config_default(&c);
	c.ram_bytes = 1 * GiB;
	c.mmio_route = (struct machine_mmio_route){ route_access, &rt };
	rt.m = machine_create(&c, err, sizeof(err));
	ck_assert_msg(rt.m != NULL, "%s", err);
	/* the firmware's init went straight to the model */
	ck_assert_uint_eq(rt.writes + rt.reads, 0);
	/* firmware calls at run time take the route */
	fw = machine_firmware(rt.m);
	ck_assert_int_eq(opal_pci_set_pe(fw, 0, 1, BDFN, OPAL_PCI_BUS_ALL,
					 OPAL_COMPARE_RID_DEVICE_NUMBER,
					 OPAL_COMPARE_RID_FUNCTION_NUMBER,
					 OPAL_MAP_PE), OPAL_SUCCESS);
	ck_assert_int_eq(opal_pci_map_pe_dma_window_real(fw, 0, 1, 3,
							 1ull << 59, 1ull << 30),
			 OPAL_SUCCESS);
	ck_assert_uint_gt(rt.writes, 0);
	ck_assert_uint_ge(rt.last_pa, machine_phb_regs(rt.m, 0));
	ck_assert_uint_lt(rt.last_pa, machine_phb_regs(rt.m, 0) +
			  machine_phb_regs_bytes(rt.m, 0));
	/* and reached the model: the bypass window translates */
	ck_assert_int_eq(machine_dma(rt.m, 0, &req, &v, &res), 0);
	ck_assert_int_eq(res.status, SIM_DMA_OK);
	ck_assert_uint_eq(res.pe, 1);
	ck_assert_uint_eq(res.pa, 0x1000);
	ck_assert_int_eq(machine_phb_mmio_read(rt.m, 0, 0x1000, 8, &v),
			 -EINVAL);	/* past the register block */
	machine_destroy(rt.m);
}
END_TEST

CK_SUITE("sim_machines");
