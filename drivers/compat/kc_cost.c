// SPDX-License-Identifier: GPL-2.0
/*
 * compat driver cost model: charges CPU cycles for what the driver does
 * (see KC_COST_PARAMS in kc/host.h and docs/driver-cost.md), called from
 * the shim points (kc_ioctl, pinning, locked_vm, page allocator,
 * uaccess, OPAL) and at the two named points the powernv TCE code fires
 * (<asm/trace.h>: a TCE exchange, a TCE kill write), and keeps a
 * per-syscall breakdown and per-event totals.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <asm/trace.h>
#include <uapi/linux/vfio.h>
#include "kc_internal.h"

/* The rows of the breakdown: X(ENUM, "name"). */
#define KC_COST_BUCKETS(X)						\
	X(GET_API_VERSION, "GET_API_VERSION")				\
	X(CHECK_EXTENSION, "CHECK_EXTENSION")				\
	X(SET_IOMMU, "SET_IOMMU")					\
	X(GROUP_GET_STATUS, "GROUP_GET_STATUS")				\
	X(GROUP_SET_CONTAINER, "GROUP_SET_CONTAINER")			\
	X(GROUP_UNSET_CONTAINER, "GROUP_UNSET_CONTAINER")		\
	X(GET_INFO, "GET_INFO")						\
	X(MAP_DMA, "MAP_DMA")						\
	X(UNMAP_DMA, "UNMAP_DMA")					\
	X(ENABLE, "ENABLE")						\
	X(DISABLE, "DISABLE")						\
	X(REGISTER_MEMORY, "REGISTER_MEMORY")				\
	X(UNREGISTER_MEMORY, "UNREGISTER_MEMORY")			\
	X(TCE_CREATE, "TCE_CREATE")					\
	X(TCE_REMOVE, "TCE_REMOVE")					\
	X(EEH_PE_OP, "EEH_PE_OP")					\
	X(IOCTL_OTHER, "ioctl(other)")					\
	X(OPEN, "open")							\
	X(CLOSE, "close")						\
	X(EXIT, "exit")							\
	X(KERNEL, "kernel")

enum {
#define KC_B_(e, s) KC_B_##e,
	KC_COST_BUCKETS(KC_B_)
#undef KC_B_
	KC_B_NR
};

static const char *const kc_bucket_names[KC_B_NR] = {
#define KC_B_(e, s) s,
	KC_COST_BUCKETS(KC_B_)
#undef KC_B_
};

static const char *const kc_event_names[KC_COST_EV_NR] = {
#define KC_E_(e, s, p) s,
	KC_COST_EVENTS(KC_E_)
#undef KC_E_
};

struct kc_bucket {
	uint64_t calls, cycles;
	uint64_t events[KC_COST_EV_NR];
	int64_t locked_vm_pages;
};

static struct kc_cost_params kc_params = {
#define KC_P_(n, d, mn, mx, u, m, p) .n = (d),
	KC_COST_PARAMS(KC_P_)
#undef KC_P_
};

static struct {
	unsigned int cur;		/* bucket being charged */
	uint64_t total;
	uint64_t ev_count[KC_COST_EV_NR];
	uint64_t ev_cycles[KC_COST_EV_NR];
	struct kc_bucket b[KC_B_NR];
} kc_cost = { .cur = KC_B_KERNEL };

void kc_cost_default_params(struct kc_cost_params *p)
{
	const struct kc_cost_params def = {
#define KC_P_(n, d, mn, mx, u, m, pr) .n = (d),
		KC_COST_PARAMS(KC_P_)
#undef KC_P_
	};

	*p = def;
}

/*
 * Only cpu_mhz must be non-zero (it divides). The KC_COST_PARAMS bounds
 * are enforced where users type prices (.ini, --set); programs may use
 * any price, e.g. the tests' far-apart powers of two.
 */
int kc_cost_set_params(const struct kc_cost_params *p)
{
	if (!p || !p->cpu_mhz)
		return -EINVAL;
	kc_params = *p;
	return 0;
}

void kc_cost_get_params(struct kc_cost_params *p)
{
	*p = kc_params;
}

void kc_cost_reset(void)
{
	memset(&kc_cost, 0, sizeof(kc_cost));
	kc_cost.cur = KC_B_KERNEL;
}

uint64_t kc_cost_total(void)
{
	return kc_cost.total;
}

unsigned kc_cost_cpu_mhz(void)
{
	return (unsigned)kc_params.cpu_mhz;
}

static uint64_t kc_cost_price(enum kc_cost_event ev)
{
	switch (ev) {
#define KC_E_(e, s, p) case KC_COST_EV_##e: return kc_params.p;
	KC_COST_EVENTS(KC_E_)
#undef KC_E_
	default:
		return 0;
	}
}

void kc_cost_charge(enum kc_cost_event ev, uint64_t n)
{
	struct kc_bucket *b = &kc_cost.b[kc_cost.cur];
	uint64_t cyc;

	if ((unsigned int)ev >= KC_COST_EV_NR || !n)
		return;
	cyc = n * kc_cost_price(ev);
	kc_cost.total += cyc;
	kc_cost.ev_count[ev] += n;
	kc_cost.ev_cycles[ev] += cyc;
	b->events[ev] += n;
	b->cycles += cyc;
}

void kc_cost_locked_vm(int64_t pages)
{
	kc_cost_charge(KC_COST_EV_LOCKED_VM, 1);
	kc_cost.b[kc_cost.cur].locked_vm_pages += pages;
}

/* The named points of <asm/trace.h>: a TCE update, a TCE kill. */
void trace_tce_xchg(unsigned long index, u64 tce)
{
	(void)index;
	(void)tce;
	kc_cost_charge(KC_COST_EV_XCHG, 1);
}

void trace_tce_kill(u64 val)
{
	(void)val;
	kc_cost_charge(KC_COST_EV_KILL, 1);
}

static unsigned int kc_cost_ioctl_bucket(unsigned long cmd)
{
	switch (cmd) {
	case VFIO_GET_API_VERSION: return KC_B_GET_API_VERSION;
	case VFIO_CHECK_EXTENSION: return KC_B_CHECK_EXTENSION;
	case VFIO_SET_IOMMU: return KC_B_SET_IOMMU;
	case VFIO_GROUP_GET_STATUS: return KC_B_GROUP_GET_STATUS;
	case VFIO_GROUP_SET_CONTAINER: return KC_B_GROUP_SET_CONTAINER;
	case VFIO_GROUP_UNSET_CONTAINER: return KC_B_GROUP_UNSET_CONTAINER;
	case VFIO_IOMMU_SPAPR_TCE_GET_INFO: return KC_B_GET_INFO;
	case VFIO_IOMMU_MAP_DMA: return KC_B_MAP_DMA;
	case VFIO_IOMMU_UNMAP_DMA: return KC_B_UNMAP_DMA;
	case VFIO_IOMMU_ENABLE: return KC_B_ENABLE;
	case VFIO_IOMMU_DISABLE: return KC_B_DISABLE;
	case VFIO_IOMMU_SPAPR_REGISTER_MEMORY: return KC_B_REGISTER_MEMORY;
	case VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY:
		return KC_B_UNREGISTER_MEMORY;
	case VFIO_IOMMU_SPAPR_TCE_CREATE: return KC_B_TCE_CREATE;
	case VFIO_IOMMU_SPAPR_TCE_REMOVE: return KC_B_TCE_REMOVE;
	case VFIO_EEH_PE_OP: return KC_B_EEH_PE_OP;
	default: return KC_B_IOCTL_OTHER;
	}
}

static unsigned int kc_cost_enter(unsigned int bucket)
{
	unsigned int prev = kc_cost.cur;

	kc_cost.cur = bucket;
	kc_cost.b[bucket].calls++;
	return prev;
}

unsigned int kc_cost_enter_ioctl(unsigned long cmd)
{
	unsigned int prev = kc_cost_enter(kc_cost_ioctl_bucket(cmd));

	kc_cost_charge(KC_COST_EV_IOCTL, 1);
	return prev;
}

unsigned int kc_cost_enter_open(void)
{
	return kc_cost_enter(KC_B_OPEN);
}

unsigned int kc_cost_enter_close(void)
{
	return kc_cost_enter(KC_B_CLOSE);
}

unsigned int kc_cost_enter_exit(void)
{
	return kc_cost_enter(KC_B_EXIT);
}

void kc_cost_leave(unsigned int prev)
{
	kc_cost.cur = prev < KC_B_NR ? prev : KC_B_KERNEL;
}

uint64_t kc_cost_event_count(enum kc_cost_event ev)
{
	return (unsigned int)ev < KC_COST_EV_NR ? kc_cost.ev_count[ev] : 0;
}

uint64_t kc_cost_event_cycles(enum kc_cost_event ev)
{
	return (unsigned int)ev < KC_COST_EV_NR ? kc_cost.ev_cycles[ev] : 0;
}

const char *kc_cost_event_name(enum kc_cost_event ev)
{
	return (unsigned int)ev < KC_COST_EV_NR ? kc_event_names[ev] : NULL;
}

unsigned kc_cost_nrows(void)
{
	return KC_B_NR;
}

int kc_cost_row(unsigned i, struct kc_cost_row *row)
{
	const struct kc_bucket *b;

	if (i >= KC_B_NR || !row)
		return -EINVAL;
	b = &kc_cost.b[i];
	row->name = kc_bucket_names[i];
	row->calls = b->calls;
	row->cycles = b->cycles;
	memcpy(row->events, b->events, sizeof(row->events));
	row->locked_vm_pages = b->locked_vm_pages;
	return 0;
}

int kc_cost_row_by_name(const char *name, struct kc_cost_row *row)
{
	unsigned int i;

	if (!name)
		return -ENOENT;
	for (i = 0; i < KC_B_NR; i++)
		if (!strcmp(name, kc_bucket_names[i]))
			return kc_cost_row(i, row);
	return -ENOENT;
}

/* Cycles to nanoseconds at the configured clock (rounded down). */
static uint64_t kc_cost_ns(uint64_t cycles)
{
	return cycles * 1000 / kc_params.cpu_mhz;
}

void kc_cost_print_text(FILE *f)
{
	unsigned int i, e;

	fprintf(f, "\n== driver cost (CPU cycles at %" PRIu64 " MHz) ==\n",
		kc_params.cpu_mhz);
	fprintf(f, "%-22s %8s %14s %12s", "syscall", "calls", "cycles",
		"ns");
	for (e = 0; e < KC_COST_EV_NR; e++)
		if (e != KC_COST_EV_IOCTL)
			fprintf(f, " %10s", kc_event_names[e]);
	fprintf(f, " %10s\n", "lvm_pages");
	for (i = 0; i < KC_B_NR; i++) {
		const struct kc_bucket *b = &kc_cost.b[i];

		if (!b->calls && !b->cycles)
			continue;
		fprintf(f, "%-22s %8" PRIu64 " %14" PRIu64 " %12" PRIu64,
			kc_bucket_names[i], b->calls, b->cycles,
			kc_cost_ns(b->cycles));
		for (e = 0; e < KC_COST_EV_NR; e++)
			if (e != KC_COST_EV_IOCTL)
				fprintf(f, " %10" PRIu64, b->events[e]);
		fprintf(f, " %+10" PRId64 "\n", b->locked_vm_pages);
	}
	fprintf(f, "%-22s %8s %14" PRIu64 " %12" PRIu64 "\n", "total", "",
		kc_cost.total, kc_cost_ns(kc_cost.total));
	fprintf(f, "by event:");
	for (e = 0; e < KC_COST_EV_NR; e++)
		fprintf(f, " %s %" PRIu64 " (%" PRIu64 " cycles)%s",
			kc_event_names[e], kc_cost.ev_count[e],
			kc_cost.ev_cycles[e], e + 1 < KC_COST_EV_NR ? "," : "");
	fputc('\n', f);
}

void kc_cost_print_json(FILE *f, unsigned indent)
{
	unsigned int i, e;
	bool first = true;

	fprintf(f, "{\n%*s\"cpu_mhz\": %" PRIu64 ",\n", indent + 2, "",
		kc_params.cpu_mhz);
	fprintf(f, "%*s\"total_cycles\": %" PRIu64 ",\n", indent + 2, "",
		kc_cost.total);
	fprintf(f, "%*s\"total_ns\": %" PRIu64 ",\n", indent + 2, "",
		kc_cost_ns(kc_cost.total));
	fprintf(f, "%*s\"params\": {", indent + 2, "");
#define KC_P_(n, d, mn, mx, u, m, p) \
	fprintf(f, "%s\"%s\": %" PRIu64, first ? "" : ", ", #n, \
		kc_params.n); first = false;
	KC_COST_PARAMS(KC_P_)
#undef KC_P_
	fprintf(f, "},\n%*s\"events\": {", indent + 2, "");
	for (e = 0; e < KC_COST_EV_NR; e++)
		fprintf(f, "%s\"%s\": {\"count\": %" PRIu64
			", \"cycles\": %" PRIu64 "}", e ? ", " : "",
			kc_event_names[e], kc_cost.ev_count[e],
			kc_cost.ev_cycles[e]);
	fprintf(f, "},\n%*s\"syscalls\": {", indent + 2, "");
	first = true;
	for (i = 0; i < KC_B_NR; i++) {
		const struct kc_bucket *b = &kc_cost.b[i];

		if (!b->calls && !b->cycles)
			continue;
		fprintf(f, "%s\n%*s\"%s\": {\"calls\": %" PRIu64
			", \"cycles\": %" PRIu64, first ? "" : ",",
			indent + 4, "", kc_bucket_names[i], b->calls,
			b->cycles);
		for (e = 0; e < KC_COST_EV_NR; e++)
			if (e != KC_COST_EV_IOCTL)
				fprintf(f, ", \"%s\": %" PRIu64,
					kc_event_names[e], b->events[e]);
		fprintf(f, ", \"locked_vm_pages\": %" PRId64 "}",
			b->locked_vm_pages);
		first = false;
	}
	fprintf(f, "%s%*s}\n%*s}", first ? "" : "\n", first ? 0 : indent + 2,
		"", indent, "");
}
