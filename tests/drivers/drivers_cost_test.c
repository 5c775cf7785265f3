// SPDX-License-Identifier: GPL-2.0
/*
 * The driver cost model (kc/host.h kc_cost_*): with every price set to a
 * distinct power of two, each VFIO ioctl must be charged exactly the
 * events the driver performs (pins, unpins, TCE exchanges, kill writes,
 * locked_vm updates, table pages, argument copies, OPAL calls), counted
 * here from what the ioctl is known to do; the per-syscall breakdown must
 * add up to the total. Also runs the seeds' guest-like workload through
 * v1 and v2 and prints the comparison table (docs/driver-cost.md).
 */
#include <inttypes.h>
#include <stdlib.h>

#include "check_auto.h"
#include "drivers_vfio_harness.h"

#define PAGE64K		0x10000ULL
#define IOPAGE4K	0x1000ULL
/* The lazy default window: 4 KiB IOMMU pages over tce32_size = 2 GiB. */
#define DEF_WINDOW	(2 * VT_GB)

/* Distinct powers of two, 6 bits apart. */
static void set_pow2_params(struct kc_cost_params *p)
{
	memset(p, 0, sizeof(*p));
	p->cpu_mhz = 4096;
	p->pin_page = 1ULL << 0;
	p->unpin_page = 1ULL << 6;
	p->tce_xchg = 1ULL << 12;
	p->kill_write = 1ULL << 18;
	p->locked_vm_update = 1ULL << 24;
	p->table_page = 1ULL << 30;
	p->opal_call = 1ULL << 36;
	p->copy_user = 1ULL << 42;
	p->ioctl_entry = 1ULL << 48;
	ck_assert_int_eq(kc_cost_set_params(p), 0);
}

/* What the test expects one syscall to have charged. */
struct expect {
	uint64_t ioctl, copy, pin, unpin, xchg, kill, locked_vm, table_page,
		 opal;
};

static uint64_t expect_cycles(const struct kc_cost_params *p,
			      const struct expect *e)
{
	return e->ioctl * p->ioctl_entry + e->copy * p->copy_user +
	       e->pin * p->pin_page + e->unpin * p->unpin_page +
	       e->xchg * p->tce_xchg + e->kill * p->kill_write +
	       e->locked_vm * p->locked_vm_update +
	       e->table_page * p->table_page + e->opal * p->opal_call;
}

static void assert_row(const char *name, uint64_t calls,
		       const struct kc_cost_params *p, const struct expect *e)
{
	struct kc_cost_row r;

	ck_assert_int_eq(kc_cost_row_by_name(name, &r), 0);
	ck_assert_str_eq(r.name, name);
	ck_assert_uint_eq(r.calls, calls);
	ck_assert_uint_eq(r.events[KC_COST_EV_IOCTL], e->ioctl);
	ck_assert_uint_eq(r.events[KC_COST_EV_COPY_USER], e->copy);
	ck_assert_uint_eq(r.events[KC_COST_EV_PIN], e->pin);
	ck_assert_uint_eq(r.events[KC_COST_EV_UNPIN], e->unpin);
	ck_assert_uint_eq(r.events[KC_COST_EV_XCHG], e->xchg);
	ck_assert_uint_eq(r.events[KC_COST_EV_KILL], e->kill);
	ck_assert_uint_eq(r.events[KC_COST_EV_LOCKED_VM], e->locked_vm);
	ck_assert_uint_eq(r.events[KC_COST_EV_TABLE_PAGE], e->table_page);
	ck_assert_uint_eq(r.events[KC_COST_EV_OPAL], e->opal);
	ck_assert_uint_eq(r.cycles, expect_cycles(p, e));
}

/* Boot, a container of the given type with one group, params set. */
static int setup(struct vt *t, int type, int *g, struct kc_cost_params *p)
{
	int c;

	vt_boot(t, 1, 8 * VT_GB);
	c = vt_setup(t, 1, type, g);
	set_pow2_params(p);
	return c;
}

/* A map/unmap elsewhere so the lazy default window exists. */
static void warm_up(int c, int type)
{
	vt_mmap(VT_UA_MEM2, PAGE64K, false, false);
	if (type == VT_V2)
		ck_assert_int_eq(vt_register(c, VT_UA_MEM2, PAGE64K), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM2, 0x7ff00000, IOPAGE4K, 3), 0);
	ck_assert_int_eq(vt_unmap(c, 0x7ff00000, IOPAGE4K), 0);
}

static void teardown(struct vt *t, int c, int g)
{
	vt_close_all(c, &g, 1);
	vt_assert_clean(t);
	vt_shutdown(t);
}

CK_TEST("cost", set_params_rejects_bad_input)
{
	struct kc_cost_params p, q, d;

	kc_cost_default_params(&d);
	ck_assert_int_eq(kc_cost_set_params(&d), 0);
	p = d;
	p.cpu_mhz = 0;
	ck_assert_int_eq(kc_cost_set_params(&p), -EINVAL);
	ck_assert_int_eq(kc_cost_set_params(NULL), -EINVAL);
	kc_cost_get_params(&q);
	ck_assert_mem_eq(&q, &d, sizeof(q));
	p = d;
	p.cpu_mhz = 1234;
	p.pin_page = 77;
	ck_assert_int_eq(kc_cost_set_params(&p), 0);
	ck_assert_uint_eq(kc_cost_cpu_mhz(), 1234);
	kc_cost_get_params(&q);
	ck_assert_uint_eq(q.pin_page, 77);
	ck_assert_int_eq(kc_cost_set_params(&d), 0);
}
END_TEST

CK_TEST("cost", rows_reject_bad_input)
{
	struct kc_cost_row r;

	ck_assert_int_eq(kc_cost_row(kc_cost_nrows(), &r), -EINVAL);
	ck_assert_int_eq(kc_cost_row(0, NULL), -EINVAL);
	ck_assert_int_eq(kc_cost_row_by_name("NO_SUCH_IOCTL", &r), -ENOENT);
	ck_assert_int_eq(kc_cost_row_by_name(NULL, &r), -ENOENT);
	ck_assert_ptr_null(kc_cost_event_name(KC_COST_EV_NR));
	ck_assert_str_eq(kc_cost_event_name(KC_COST_EV_PIN), "pin");
	ck_assert_uint_eq(kc_cost_event_count(KC_COST_EV_NR), 0);
	ck_assert_uint_eq(kc_cost_event_cycles(KC_COST_EV_NR), 0);
}
END_TEST

CK_TEST("cost", map_v1_charges_pin_xchg_kill_per_page)
{
	struct kc_cost_params p;
	struct vt t;
	int g, c;
	const uint64_t n = 16;
	struct expect e = { .ioctl = 1, .copy = 1 };

	c = setup(&t, VT_V1, &g, &p);
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	warm_up(c, VT_V1);
	vt_mmap(VT_UA_MEM, n * IOPAGE4K, false, false);
	kc_cost_reset();
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x100000, n * IOPAGE4K, 3), 0);
	/* One pin per IOMMU page (4K pages of a 64K host page pin it 16
	 * times), one exchange and one kill write per TCE, one PE. */
	e.pin = n;
	e.xchg = n;
	e.kill = n;
	assert_row("MAP_DMA", 1, &p, &e);
	ck_assert_uint_eq(kc_cost_total(), expect_cycles(&p, &e));
	ck_assert_uint_eq(kc_cost_event_count(KC_COST_EV_PIN), n);
	ck_assert_uint_eq(kc_cost_event_cycles(KC_COST_EV_XCHG),
			  n * p.tce_xchg);
	ck_assert_int_eq(vt_unmap(c, 0x100000, n * IOPAGE4K), 0);
	teardown(&t, c, g);
}
END_TEST

CK_TEST("cost", map_v1_p5ioc2_has_no_kill)
{
	struct kc_cost_params p;
	struct vt t;
	int g, c;
	const uint64_t n = 16;
	/* The hub snoops its TCE memory: no kill register, no MMIO write;
	 * the platform's table is borrowed, so no window is created. */
	struct expect e = { .ioctl = 1, .copy = 1, .pin = n, .xchg = n };

	vt_boot_p5ioc2(&t, 1);
	c = vt_setup(&t, 1, VT_V1, &g);
	set_pow2_params(&p);
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	vt_mmap(VT_UA_MEM, PAGE64K, false, false);
	kc_cost_reset();
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x100000, n * IOPAGE4K, 3), 0);
	assert_row("MAP_DMA", 1, &p, &e);
	ck_assert_uint_eq(kc_cost_total(), expect_cycles(&p, &e));
	ck_assert_int_eq(vt_unmap(c, 0x100000, n * IOPAGE4K), 0);
	teardown(&t, c, g);
}
END_TEST

CK_TEST("cost", first_map_creates_default_window)
{
	struct kc_cost_params p;
	struct vt t;
	int g, c;
	struct kc_cost_row r;
	/* 2 GiB / 4 KiB TCEs * 8 bytes, one level; twice (userspace view). */
	const uint64_t table_pages = 2 * (DEF_WINDOW / IOPAGE4K * 8) / PAGE64K;
	struct expect e = { .ioctl = 1, .copy = 1, .pin = 1, .xchg = 1,
			    .kill = 1 + 1, .locked_vm = 1,
			    .table_page = table_pages, .opal = 1 };

	c = setup(&t, VT_V1, &g, &p);
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	vt_mmap(VT_UA_MEM, PAGE64K, false, false);
	kc_cost_reset();
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, IOPAGE4K, 3), 0);
	/* The window: charge the table, allocate it, one OPAL call to set
	 * the TVE and one PE kill; then the page: pin, xchg, kill. */
	assert_row("MAP_DMA", 1, &p, &e);
	ck_assert_int_eq(kc_cost_row_by_name("MAP_DMA", &r), 0);
	ck_assert_int_eq(r.locked_vm_pages, (int64_t)table_pages);
	ck_assert_int_eq(vt_unmap(c, 0, IOPAGE4K), 0);
	teardown(&t, c, g);
}
END_TEST

CK_TEST("cost", map_v2_charges_no_pins)
{
	struct kc_cost_params p;
	struct vt t;
	int g, c;
	const uint64_t n = 32;
	struct expect e = { .ioctl = 1, .copy = 1 };

	c = setup(&t, VT_V2, &g, &p);
	vt_mmap_registered(c, VT_UA_MEM, n * IOPAGE4K, false);
	warm_up(c, VT_V2);
	kc_cost_reset();
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x100000, n * IOPAGE4K, 3), 0);
	/* Preregistered: only the table is touched. */
	e.xchg = n;
	e.kill = n;
	assert_row("MAP_DMA", 1, &p, &e);
	ck_assert_uint_eq(kc_cost_event_count(KC_COST_EV_PIN), 0);
	ck_assert_uint_eq(kc_cost_event_count(KC_COST_EV_LOCKED_VM), 0);
	ck_assert_int_eq(vt_unmap(c, 0x100000, n * IOPAGE4K), 0);
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, n * IOPAGE4K), 0);
	teardown(&t, c, g);
}
END_TEST

CK_TEST("cost", register_v2_pins_once)
{
	struct kc_cost_params p;
	struct vt t;
	int g, c, i;
	struct kc_cost_row r;
	const uint64_t host_pages = 8;
	const uint64_t size = host_pages * PAGE64K;
	struct expect e = { .ioctl = 1, .copy = 1, .pin = host_pages,
			    .locked_vm = 1 };

	c = setup(&t, VT_V2, &g, &p);
	vt_mmap(VT_UA_MEM, size, false, false);
	kc_cost_reset();
	ck_assert_int_eq(vt_register(c, VT_UA_MEM, size), 0);
	/* One pin per host page and one locked_vm charge of all of them. */
	assert_row("REGISTER_MEMORY", 1, &p, &e);
	ck_assert_int_eq(kc_cost_row_by_name("REGISTER_MEMORY", &r), 0);
	ck_assert_int_eq(r.locked_vm_pages, (int64_t)host_pages);
	/* Mapping it three times over pins nothing more. */
	for (i = 0; i < 3; i++) {
		ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x100000, size, 3), 0);
		ck_assert_int_eq(vt_unmap(c, 0x100000, size), 0);
	}
	ck_assert_uint_eq(kc_cost_event_count(KC_COST_EV_PIN), host_pages);
	ck_assert_uint_eq(kc_cost_event_count(KC_COST_EV_UNPIN), 0);
	kc_cost_reset();
	ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, size), 0);
	e.pin = 0;
	e.unpin = host_pages;
	assert_row("UNREGISTER_MEMORY", 1, &p, &e);
	ck_assert_int_eq(kc_cost_row_by_name("UNREGISTER_MEMORY", &r), 0);
	ck_assert_int_eq(r.locked_vm_pages, -(int64_t)host_pages);
	teardown(&t, c, g);
}
END_TEST

/* UNMAP of n mapped TCEs: xchg + kill each; unpins only in v1. */
static void unmap_case(int type)
{
	struct kc_cost_params p;
	struct vt t;
	int g, c;
	const uint64_t n = 8;
	struct expect e = { .ioctl = 1, .copy = 1, .xchg = n, .kill = n };

	c = setup(&t, type, &g, &p);
	vt_mmap(VT_UA_MEM, PAGE64K, false, false);
	if (type == VT_V1)
		ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	else
		ck_assert_int_eq(vt_register(c, VT_UA_MEM, PAGE64K), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x100000, n * IOPAGE4K, 3), 0);
	kc_cost_reset();
	ck_assert_int_eq(vt_unmap(c, 0x100000, n * IOPAGE4K), 0);
	e.unpin = type == VT_V1 ? n : 0;
	assert_row("UNMAP_DMA", 1, &p, &e);
	/* Unmapping again finds no entries: no exchange, no kill. */
	kc_cost_reset();
	ck_assert_int_eq(vt_unmap(c, 0x100000, n * IOPAGE4K), 0);
	e.xchg = e.kill = e.unpin = 0;
	assert_row("UNMAP_DMA", 1, &p, &e);
	if (type == VT_V2)
		ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, PAGE64K), 0);
	teardown(&t, c, g);
}

CK_TEST("cost", unmap_v1_unpins)
{
	unmap_case(VT_V1);
}
END_TEST

CK_TEST("cost", unmap_v2_does_not_unpin)
{
	unmap_case(VT_V2);
}
END_TEST

CK_TEST("cost", enable_v1_charges_whole_window)
{
	struct kc_cost_params p;
	struct vt t;
	int g, c;
	struct kc_cost_row r;
	/* ENABLE takes no argument: entry + one locked_vm update. */
	struct expect e = { .ioctl = 1, .locked_vm = 1 };

	c = setup(&t, VT_V1, &g, &p);
	kc_cost_reset();
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	assert_row("ENABLE", 1, &p, &e);
	ck_assert_int_eq(kc_cost_row_by_name("ENABLE", &r), 0);
	/* The whole 32-bit window in 64 KiB pages, nothing mapped. */
	ck_assert_int_eq(r.locked_vm_pages, (int64_t)(DEF_WINDOW / PAGE64K));
	ck_assert_uint_eq(kc_cost_event_count(KC_COST_EV_PIN), 0);
	kc_cost_reset();
	ck_assert_int_eq(kc_ioctl(c, VT_DISABLE, 0), 0);
	assert_row("DISABLE", 1, &p, &e);
	ck_assert_int_eq(kc_cost_row_by_name("DISABLE", &r), 0);
	ck_assert_int_eq(r.locked_vm_pages, -(int64_t)(DEF_WINDOW / PAGE64K));
	teardown(&t, c, g);
}
END_TEST

/* Every row priced by its own events, rows and events sum to total. */
static void assert_breakdown_consistent(const struct kc_cost_params *p)
{
	uint64_t rows = 0, evs = 0, per_event[KC_COST_EV_NR] = { 0 };
	unsigned i, e;

	for (i = 0; i < kc_cost_nrows(); i++) {
		struct kc_cost_row r;
		struct expect x;

		ck_assert_int_eq(kc_cost_row(i, &r), 0);
		x.ioctl = r.events[KC_COST_EV_IOCTL];
		x.copy = r.events[KC_COST_EV_COPY_USER];
		x.pin = r.events[KC_COST_EV_PIN];
		x.unpin = r.events[KC_COST_EV_UNPIN];
		x.xchg = r.events[KC_COST_EV_XCHG];
		x.kill = r.events[KC_COST_EV_KILL];
		x.locked_vm = r.events[KC_COST_EV_LOCKED_VM];
		x.table_page = r.events[KC_COST_EV_TABLE_PAGE];
		x.opal = r.events[KC_COST_EV_OPAL];
		ck_assert_uint_eq(r.cycles, expect_cycles(p, &x));
		for (e = 0; e < KC_COST_EV_NR; e++)
			per_event[e] += r.events[e];
		rows += r.cycles;
	}
	for (e = 0; e < KC_COST_EV_NR; e++) {
		ck_assert_uint_eq(per_event[e],
				  kc_cost_event_count((enum kc_cost_event)e));
		evs += kc_cost_event_cycles((enum kc_cost_event)e);
	}
	ck_assert_uint_eq(rows, kc_cost_total());
	ck_assert_uint_eq(evs, kc_cost_total());
}

CK_TEST("cost", breakdown_sums_to_total)
{
	struct kc_cost_params p;
	struct vt t;
	int g, c, g2, c2;
	struct kc_cost_row r;
	char buf[16384];
	FILE *f;

	vt_boot(&t, 2, 8 * VT_GB);
	set_pow2_params(&p);
	kc_cost_reset();
	c = vt_setup(&t, 1, VT_V1, &g);
	vt_mmap(VT_UA_MEM, 4 * PAGE64K, false, false);
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0x100000, 4 * PAGE64K, 3), 0);
	/* v2 in a second group, with a dynamic window. */
	c2 = vt_open_container();
	g2 = vt_open_group(&t, 1);
	ck_assert_int_eq(vt_set_container(g2, c2), 0);
	ck_assert_int_eq(kc_ioctl(c2, VT_SET_IOMMU, VT_V2), 0);
	ck_assert_int_eq(vt_register(c2, VT_UA_MEM, 4 * PAGE64K), 0);
	{
		uint64_t start = 0;

		ck_assert_int_eq(vt_create(c2, 16, VT_GB, 1, &start), 0);
		ck_assert_int_eq(vt_map(c2, VT_UA_MEM, start, 4 * PAGE64K, 3),
				 0);
	}
	ck_assert_int_eq(kc_ioctl(c, 0x3B00 | 99, 0), -ENOTTY);
	/* Closing releases everything: charged to "close". */
	vt_close_all(c2, &g2, 1);
	vt_close_all(c, &g, 1);
	vt_assert_clean(&t);
	ck_assert_int_eq(kc_cost_row_by_name("close", &r), 0);
	ck_assert_uint_eq(r.calls, 4);
	ck_assert_uint_gt(r.events[KC_COST_EV_UNPIN], 0);
	ck_assert_int_lt(r.locked_vm_pages, 0);
	ck_assert_int_eq(kc_cost_row_by_name("ioctl(other)", &r), 0);
	ck_assert_uint_eq(r.calls, 1);
	ck_assert_int_eq(kc_cost_row_by_name("open", &r), 0);
	ck_assert_uint_eq(r.calls, 4);
	assert_breakdown_consistent(&p);
	/* The printers show the rows. */
	f = fmemopen(buf, sizeof(buf), "w");
	ck_assert_ptr_nonnull(f);
	kc_cost_print_text(f);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "TCE_CREATE"));
	ck_assert_ptr_nonnull(strstr(buf, "REGISTER_MEMORY"));
	f = fmemopen(buf, sizeof(buf), "w");
	ck_assert_ptr_nonnull(f);
	kc_cost_print_json(f, 2);
	fclose(f);
	ck_assert_ptr_nonnull(strstr(buf, "\"MAP_DMA\": {\"calls\": 2"));
	ck_assert_ptr_nonnull(strstr(buf, "\"total_cycles\""));
	vt_shutdown(&t);
	/* Kept after shutdown, zeroed by reset. */
	ck_assert_uint_gt(kc_cost_total(), 0);
	kc_cost_reset();
	ck_assert_uint_eq(kc_cost_total(), 0);
}
END_TEST

/* --- the seeds' comparison: v1 vs v2 on a guest-like workload ---------- */

#define GUEST_RAM	VT_GB
#define STREAM_PAGES	4096

enum { PH_MAP_ALL, PH_UNMAP_ALL, PH_STREAM_MAP, PH_STREAM_UNMAP, PH_NR };

struct phase {
	uint64_t pages;		/* IOMMU pages mapped or unmapped */
	uint64_t cycles;
	uint64_t pins, unpins;
};

struct run {
	const char *name;
	uint64_t setup_cycles;	/* ENABLE, or REGISTER (+ CREATE) */
	uint64_t setup_pins;
	int64_t locked_vm_peak;	/* pages, after setup and the first map */
	struct phase ph[PH_NR];
};

static void phase_take(struct phase *ph, uint64_t pages, uint64_t c0,
		       uint64_t p0, uint64_t u0)
{
	ph->pages = pages;
	ph->cycles = kc_cost_total() - c0;
	ph->pins = kc_cost_event_count(KC_COST_EV_PIN) - p0;
	ph->unpins = kc_cost_event_count(KC_COST_EV_UNPIN) - u0;
}

#define SNAP() (c0 = kc_cost_total(), \
		p0 = kc_cost_event_count(KC_COST_EV_PIN), \
		u0 = kc_cost_event_count(KC_COST_EV_UNPIN))

/*
 * One run: 1 GiB of guest RAM (64 KiB pages), mapped at bus address 0 in
 * one MAP_DMA, unmapped in one UNMAP_DMA, then 4096 IOMMU pages mapped
 * and unmapped one ioctl each (a strict guest driver). v1 and "v2" use
 * the default 32-bit window (4 KiB TCEs); "v2+DDW" creates a 64 KiB-page
 * window over the guest RAM first.
 */
static void run_workload(struct run *out, int type, bool ddw)
{
	struct kc_cost_params d;
	struct vt t;
	int g, c;
	uint64_t c0, p0, u0, iopage, base = 0, i;
	int64_t lv0;

	memset(out, 0, sizeof(*out));
	out->name = type == VT_V1 ? "v1" : ddw ? "v2+DDW" : "v2";
	vt_boot(&t, 1, 16 * VT_GB);
	kc_cost_default_params(&d);
	ck_assert_int_eq(kc_cost_set_params(&d), 0);
	c = vt_setup(&t, 1, type, &g);
	vt_mmap(VT_UA_MEM, GUEST_RAM, false, false);
	lv0 = vt_locked_vm();
	iopage = ddw ? PAGE64K : IOPAGE4K;

	SNAP();
	if (type == VT_V1) {
		ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	} else {
		ck_assert_int_eq(vt_register(c, VT_UA_MEM, GUEST_RAM), 0);
		if (ddw)
			ck_assert_int_eq(vt_create(c, 16, GUEST_RAM, 1, &base),
					 0);
	}
	out->setup_cycles = kc_cost_total() - c0;
	out->setup_pins = kc_cost_event_count(KC_COST_EV_PIN) - p0;

	SNAP();
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, base, GUEST_RAM, 3), 0);
	phase_take(&out->ph[PH_MAP_ALL], GUEST_RAM / iopage, c0, p0, u0);
	out->locked_vm_peak = vt_locked_vm() - lv0;
	SNAP();
	ck_assert_int_eq(vt_unmap(c, base, GUEST_RAM), 0);
	phase_take(&out->ph[PH_UNMAP_ALL], GUEST_RAM / iopage, c0, p0, u0);

	for (i = 0; i < STREAM_PAGES; i++) {
		uint64_t m0, mp0, mu0;

		m0 = kc_cost_total();
		mp0 = kc_cost_event_count(KC_COST_EV_PIN);
		mu0 = kc_cost_event_count(KC_COST_EV_UNPIN);
		ck_assert_int_eq(vt_map(c, VT_UA_MEM + i * iopage,
					base + i * iopage, iopage, 3), 0);
		out->ph[PH_STREAM_MAP].cycles += kc_cost_total() - m0;
		out->ph[PH_STREAM_MAP].pins +=
			kc_cost_event_count(KC_COST_EV_PIN) - mp0;
		out->ph[PH_STREAM_MAP].unpins +=
			kc_cost_event_count(KC_COST_EV_UNPIN) - mu0;
		m0 = kc_cost_total();
		mp0 = kc_cost_event_count(KC_COST_EV_PIN);
		mu0 = kc_cost_event_count(KC_COST_EV_UNPIN);
		ck_assert_int_eq(vt_unmap(c, base + i * iopage, iopage), 0);
		out->ph[PH_STREAM_UNMAP].cycles += kc_cost_total() - m0;
		out->ph[PH_STREAM_UNMAP].pins +=
			kc_cost_event_count(KC_COST_EV_PIN) - mp0;
		out->ph[PH_STREAM_UNMAP].unpins +=
			kc_cost_event_count(KC_COST_EV_UNPIN) - mu0;
	}
	out->ph[PH_STREAM_MAP].pages = STREAM_PAGES;
	out->ph[PH_STREAM_UNMAP].pages = STREAM_PAGES;
	if (type == VT_V2)
		ck_assert_int_eq(vt_unregister(c, VT_UA_MEM, GUEST_RAM), 0);
	vt_finish(&t, c, &g, 1);
}

static double per_page_ns(const struct phase *ph, unsigned mhz)
{
	return ph->pages ? (double)ph->cycles * 1000.0 / mhz /
			   (double)ph->pages : 0;
}

static void print_runs(FILE *f, const struct run *r, unsigned n,
		       unsigned mhz)
{
	static const char *const ph_names[PH_NR] = {
		"map all (1 MAP_DMA)", "unmap all (1 UNMAP_DMA)",
		"stream map (1 page/ioctl)", "stream unmap (1 page/ioctl)",
	};
	unsigned i, k;

	fprintf(f, "\nv1 vs v2, 1 GiB guest RAM in 64 KiB pages, CPU %u MHz\n",
		mhz);
	fprintf(f, "%-8s %-28s %8s %12s %10s %10s %10s\n", "iommu", "phase",
		"pages", "cycles/page", "ns/page", "pins", "unpins");
	for (i = 0; i < n; i++) {
		fprintf(f, "%-8s %-28s %8s %12" PRIu64 " %10s %10" PRIu64
			" %10s  locked_vm %" PRId64 " pages (%" PRId64
			" MiB)\n", r[i].name, "setup (ENABLE/REGISTER)", "",
			r[i].setup_cycles, "", r[i].setup_pins, "",
			r[i].locked_vm_peak,
			r[i].locked_vm_peak * (int64_t)PAGE64K >> 20);
		for (k = 0; k < PH_NR; k++) {
			const struct phase *ph = &r[i].ph[k];

			fprintf(f, "%-8s %-28s %8" PRIu64 " %12.1f %10.1f %10"
				PRIu64 " %10" PRIu64 "\n", r[i].name,
				ph_names[k], ph->pages,
				(double)ph->cycles / (double)ph->pages,
				per_page_ns(ph, mhz), ph->pins, ph->unpins);
		}
	}
}

CK_TEST("cost", v1_vs_v2_guest_workload)
{
	struct run r[3];
	struct kc_cost_params d;
	const char *csv = getenv("DRIVERS_COST_CSV");
	const uint64_t tces = GUEST_RAM / IOPAGE4K;
	unsigned i, k;

	run_workload(&r[0], VT_V1, false);
	run_workload(&r[1], VT_V2, false);
	run_workload(&r[2], VT_V2, true);
	kc_cost_default_params(&d);
	print_runs(stdout, r, 3, (unsigned)d.cpu_mhz);
	if (csv) {
		FILE *f = fopen(csv, "w");

		ck_assert_ptr_nonnull(f);
		fprintf(f, "iommu,phase,pages,cycles,pins,unpins,locked_vm_pages\n");
		for (i = 0; i < 3; i++)
			for (k = 0; k < PH_NR; k++)
				fprintf(f, "%s,%u,%" PRIu64 ",%" PRIu64 ",%" PRIu64
					",%" PRIu64 ",%" PRId64 "\n", r[i].name,
					k, r[i].ph[k].pages, r[i].ph[k].cycles,
					r[i].ph[k].pins, r[i].ph[k].unpins,
					r[i].locked_vm_peak);
		fclose(f);
	}

	/* v1 pins on every map (one pin per 4 KiB TCE) and unpins on every
	 * unmap; v2 pins once at registration (one per 64 KiB page). */
	ck_assert_uint_eq(r[0].setup_pins, 0);
	ck_assert_uint_eq(r[0].ph[PH_MAP_ALL].pins, tces);
	ck_assert_uint_eq(r[0].ph[PH_UNMAP_ALL].unpins, tces);
	ck_assert_uint_eq(r[0].ph[PH_STREAM_MAP].pins, STREAM_PAGES);
	ck_assert_uint_eq(r[0].ph[PH_STREAM_UNMAP].unpins, STREAM_PAGES);
	for (i = 1; i < 3; i++) {
		ck_assert_uint_eq(r[i].setup_pins, GUEST_RAM / PAGE64K);
		for (k = 0; k < PH_NR; k++) {
			ck_assert_uint_eq(r[i].ph[k].pins, 0);
			ck_assert_uint_eq(r[i].ph[k].unpins, 0);
		}
	}
	/* v1 charges the whole 2 GiB window (+ the table), v2 the guest RAM
	 * (+ the table): 4 MiB x2 for the 4K default window, 128 KiB x2 ->
	 * 4 pages for the 1 GiB / 64K DDW. */
	ck_assert_int_eq(r[0].locked_vm_peak,
			 (int64_t)(DEF_WINDOW / PAGE64K +
				   2 * (DEF_WINDOW / IOPAGE4K * 8) / PAGE64K));
	ck_assert_int_eq(r[1].locked_vm_peak,
			 (int64_t)(GUEST_RAM / PAGE64K +
				   2 * (DEF_WINDOW / IOPAGE4K * 8) / PAGE64K));
	/* CREATE also builds the pending default window first. */
	ck_assert_int_eq(r[2].locked_vm_peak,
			 (int64_t)(GUEST_RAM / PAGE64K +
				   2 * (DEF_WINDOW / IOPAGE4K * 8) / PAGE64K +
				   2 * (GUEST_RAM / PAGE64K * 8) / PAGE64K));
	/* With the default prices, every v2 map/unmap costs less per page. */
	for (k = 0; k < PH_NR; k++)
		ck_assert_uint_lt(r[1].ph[k].cycles, r[0].ph[k].cycles);
}
END_TEST

CK_CASE("cost", 120, NULL, NULL);
CK_SUITE("drivers_cost");
