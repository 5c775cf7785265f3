// SPDX-License-Identifier: GPL-2.0
/*
 * Options of a traffic run: the workload keys (one table: name, default,
 * meaning), their parsers (sizes, rates, booleans), forwarding of every
 * other key to the .ini configuration, and the cross-checks.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/sim_errf.h"
#include "tcesim/machine.h"
#include "tcesim/traffic.h"

static const char *const kind_names[TRAFFIC_KIND_COUNT] = {
	[TRAFFIC_STREAM] = "stream",
	[TRAFFIC_NIC_STRICT] = "nic-strict",
	[TRAFFIC_NIC_POOL] = "nic-pool",
	[TRAFFIC_SCATTER] = "scatter",
};

/* The workload keys: name, default text, meaning. */
static const struct {
	const char *name, *def, *meaning;
} keys[] = {
	{ "workload", "scatter", "stream | nic-strict | nic-pool | scatter" },
	{ "iommu", "v2", "v1 (ENABLE, default 32-bit window, 4K IO pages) | v2 (prereg + DDW)" },
	{ "io_page", "4K", "v2 DDW IO page size: 4K | 64K | 16M | 256M" },
	{ "levels", "1", "v2 DDW table levels, 1..5 (the driver refuses what the window cannot use)" },
	{ "window", "0", "v2 DDW size, power of two; 0 = smallest that holds every buffer" },
	{ "host_page", "64K", "host kernel page size: 4K | 64K" },
	{ "pes", "1", "devices, each on its own bus, PE and IOMMU group (1..32)" },
	{ "phbs", "1", "host bridges; device i sits on PHB i % phbs (1..8)" },
	{ "shared", "0", "1: every group in one container (v2 only)" },
	{ "region", "16M", "per-device buffer / working set; NIC: guest RAM holding the ring (registered whole)" },
	{ "tlp", "256", "bytes per DMA request (TLP payload), 1..64K" },
	{ "pkt", "1500", "NIC packet bytes (a run of TLPs)" },
	{ "ring", "256", "NIC ring entries" },
	{ "rate", "0", "offered load per device, bytes/s (2.5G = 2.5e9); 0 = back to back" },
	{ "seed", "1", "PRNG seed of the scatter generator" },
	{ "dir", "auto", "read | write (device view); auto: write for NIC, read otherwise" },
	{ "timing", "1", "cycle-approximate timing on (1) or functional only (0)" },
	{ "batch", "64", "requests handed to the machine per call, 1..4096 (1: one at a time; same results, faster when translations miss)" },
};

const char *traffic_kind_name(enum traffic_kind k)
{
	return (unsigned)k < TRAFFIC_KIND_COUNT ? kind_names[k] : "?";
}

int traffic_kind_parse(const char *s, enum traffic_kind *k)
{
	for (unsigned i = 0; i < TRAFFIC_KIND_COUNT; i++)
		if (!strcmp(s, kind_names[i])) {
			*k = (enum traffic_kind)i;
			return 0;
		}
	return -EINVAL;
}

void traffic_opts_default(struct traffic_opts *o)
{
	memset(o, 0, sizeof(*o));
	tcesim_config_default(&o->hw);
	o->timing = true;
	o->kind = TRAFFIC_SCATTER;
	o->iommu = 2;
	o->io_page_shift = 12;
	o->levels = 1;
	o->host_page_shift = 16;
	o->pes = 1;
	o->phbs = 1;
	o->region_bytes = 16ull << 20;
	o->tlp_bytes = 256;
	o->pkt_bytes = 1500;
	o->ring = 256;
	o->seed = 1;
	o->dir = SIM_DMA_READ;
	o->batch = 64;
}

#define fail(err, errlen, ...) sim_errf(err, errlen, -EINVAL, __VA_ARGS__)

int traffic_parse_size(const char *s, uint64_t *v)
{
	char *end;
	unsigned shift = 0;

	/* strtoull would skip white space and accept a sign */
	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	unsigned long long n = strtoull(s, &end, 0);
	if (errno || end == s)
		return -EINVAL;
	switch (*end) {
	case 0: break;
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	default: return -EINVAL;
	}
	if (*end && strcmp(end, "B") && strcmp(end, "iB"))
		return -EINVAL;
	if (shift && n > (UINT64_MAX >> shift))
		return -EINVAL;
	*v = (uint64_t)n << shift;
	return 0;
}

int traffic_parse_rate(const char *s, double *rate)
{
	char *end;
	double mul = 1;

	if (!s || !*s)
		return -EINVAL;
	if (!strcmp(s, "max")) {
		*rate = 0;
		return 0;
	}
	errno = 0;
	double v = strtod(s, &end);
	if (errno || end == s || !isfinite(v) || v < 0)
		return -EINVAL;
	switch (*end) {
	case 0: break;
	case 'k': case 'K': mul = 1e3; end++; break;
	case 'm': case 'M': mul = 1e6; end++; break;
	case 'g': case 'G': mul = 1e9; end++; break;
	case 't': case 'T': mul = 1e12; end++; break;
	default: return -EINVAL;
	}
	if (*end && strcmp(end, "B") && strcmp(end, "B/s"))
		return -EINVAL;
	*rate = v * mul;
	return 0;
}

static int parse_bool(const char *s, bool *b)
{
	static const char *const t[] = { "1", "true", "yes", "on" };
	static const char *const f[] = { "0", "false", "no", "off" };

	for (unsigned i = 0; i < 4; i++) {
		if (!strcmp(s, t[i])) {
			*b = true;
			return 0;
		}
		if (!strcmp(s, f[i])) {
			*b = false;
			return 0;
		}
	}
	return -EINVAL;
}

static int parse_range(const char *key, const char *s, uint64_t min,
		       uint64_t max, uint64_t *v, char *err, size_t errlen)
{
	if (traffic_parse_size(s, v) || *v < min || *v > max)
		return fail(err, errlen,
			    "%s=%s: expected a number in [%llu, %llu]", key, s,
			    (unsigned long long)min, (unsigned long long)max);
	return 0;
}

bool traffic_is_workload_key(const char *key)
{
	for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(key, keys[i].name))
			return true;
	return false;
}

void traffic_print_keys(FILE *f)
{
	fprintf(f, "workload keys (default, meaning):\n");
	for (unsigned i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		fprintf(f, "  %-10s %-8s %s\n", keys[i].name, keys[i].def,
			keys[i].meaning);
	fprintf(f, "any configuration key is accepted too (tcesim config --help-params), e.g.\n"
		"  entries, ways, policy, max_outstanding_fetches, lat_mem_read, line_bytes\n");
}

/* ---- one setter per workload key: 0 or -EINVAL with err ---- */

#define SETTER(name) static int name(struct traffic_opts *o, const char *key, \
				     const char *value, char *err, size_t errlen)

SETTER(set_workload)
{
	(void)key;
	if (traffic_kind_parse(value, &o->kind))
		return fail(err, errlen,
			    "workload=%s: expected stream, nic-strict, nic-pool or scatter",
			    value);
	return 0;
}

SETTER(set_iommu)
{
	(void)key;
	if (!strcmp(value, "v1") || !strcmp(value, "1"))
		o->iommu = 1;
	else if (!strcmp(value, "v2") || !strcmp(value, "2"))
		o->iommu = 2;
	else
		return fail(err, errlen, "iommu=%s: expected v1 or v2", value);
	return 0;
}

SETTER(set_io_page)
{
	uint64_t v;

	(void)key;
	if (traffic_parse_size(value, &v) ||
	    (v != 1ull << 12 && v != 1ull << 16 && v != 1ull << 24 &&
	     v != 1ull << 28))
		return fail(err, errlen, "io_page=%s: expected 4K, 64K, 16M or 256M",
			    value);
	o->io_page_shift = (unsigned)__builtin_ctzll(v);
	return 0;
}

SETTER(set_host_page)
{
	uint64_t v;

	(void)key;
	if (traffic_parse_size(value, &v) || (v != 1ull << 12 && v != 1ull << 16))
		return fail(err, errlen, "host_page=%s: expected 4K or 64K", value);
	o->host_page_shift = (unsigned)__builtin_ctzll(v);
	return 0;
}

SETTER(set_window)
{
	uint64_t v;

	(void)key;
	if (traffic_parse_size(value, &v) || (v & (v - 1)))
		return fail(err, errlen,
			    "window=%s: expected 0 or a power of two (e.g. 4G)",
			    value);
	o->window_bytes = v;
	return 0;
}

SETTER(set_levels)
{
	uint64_t v;

	if (parse_range(key, value, 1, 5, &v, err, errlen))
		return -EINVAL;
	o->levels = (unsigned)v;
	return 0;
}

SETTER(set_pes)
{
	uint64_t v;

	if (parse_range(key, value, 1, TRAFFIC_MAX_DEVS, &v, err, errlen))
		return -EINVAL;
	o->pes = (unsigned)v;
	return 0;
}

SETTER(set_phbs)
{
	uint64_t v;

	if (parse_range(key, value, 1, MACHINE_MAX_PHBS, &v, err, errlen))
		return -EINVAL;
	o->phbs = (unsigned)v;
	return 0;
}

/* shared=, timing=: 0 or 1 */
SETTER(set_flag)
{
	bool b;

	if (parse_bool(value, &b))
		return fail(err, errlen, "%s=%s: expected 0 or 1", key, value);
	if (key[0] == 's')
		o->shared_container = b;
	else
		o->timing = b;
	return 0;
}

SETTER(set_region)
{
	uint64_t v;

	if (parse_range(key, value, 4096, 1ull << 36, &v, err, errlen))
		return -EINVAL;
	o->region_bytes = v;
	return 0;
}

SETTER(set_tlp)
{
	uint64_t v;

	if (parse_range(key, value, 1, TRAFFIC_TLP_MAX, &v, err, errlen))
		return -EINVAL;
	o->tlp_bytes = (uint32_t)v;
	return 0;
}

SETTER(set_pkt)
{
	uint64_t v;

	if (parse_range(key, value, 1, 65536, &v, err, errlen))
		return -EINVAL;
	o->pkt_bytes = (uint32_t)v;
	return 0;
}

SETTER(set_ring)
{
	uint64_t v;

	if (parse_range(key, value, 1, 65536, &v, err, errlen))
		return -EINVAL;
	o->ring = (unsigned)v;
	return 0;
}

SETTER(set_batch)
{
	uint64_t v;

	if (parse_range(key, value, 1, 4096, &v, err, errlen))
		return -EINVAL;
	o->batch = (unsigned)v;
	return 0;
}

SETTER(set_rate)
{
	(void)key;
	if (traffic_parse_rate(value, &o->rate))
		return fail(err, errlen,
			    "rate=%s: expected bytes/s such as 2.5G, 800M, or 0/max for back to back",
			    value);
	return 0;
}

SETTER(set_seed)
{
	(void)key;
	if (traffic_parse_size(value, &o->seed))
		return fail(err, errlen, "seed=%s: expected a number", value);
	return 0;
}

SETTER(set_dir)
{
	(void)key;
	if (!strcmp(value, "auto")) {
		o->dir_set = false;
		return 0;
	}
	if (!strcmp(value, "read") || !strcmp(value, "r"))
		o->dir = SIM_DMA_READ;
	else if (!strcmp(value, "write") || !strcmp(value, "w"))
		o->dir = SIM_DMA_WRITE;
	else
		return fail(err, errlen, "dir=%s: expected read, write or auto",
			    value);
	o->dir_set = true;
	return 0;
}

static const struct {
	const char *name;
	int (*set)(struct traffic_opts *o, const char *key, const char *value,
		   char *err, size_t errlen);
} setters[] = {
	{ "workload", set_workload }, { "kind", set_workload },
	{ "iommu", set_iommu }, { "io_page", set_io_page },
	{ "host_page", set_host_page }, { "levels", set_levels },
	{ "window", set_window }, { "pes", set_pes }, { "phbs", set_phbs },
	{ "shared", set_flag }, { "timing", set_flag },
	{ "region", set_region }, { "tlp", set_tlp }, { "pkt", set_pkt },
	{ "ring", set_ring }, { "rate", set_rate }, { "seed", set_seed },
	{ "dir", set_dir }, { "batch", set_batch },
};

int traffic_opts_set(struct traffic_opts *o, const char *key,
		     const char *value, char *err, size_t errlen)
{
	if (!key || !*key || !value)
		return fail(err, errlen, "empty key or value");
	for (size_t i = 0; i < sizeof(setters) / sizeof(setters[0]); i++)
		if (!strcmp(key, setters[i].name))
			return setters[i].set(o, key, value, err, errlen);
	/* Anything else must be a configuration key. */
	if (tcesim_config_find(key) < 0)
		return fail(err, errlen,
			    "unknown key '%s' (workload keys: 'tcesim traffic --keys'; configuration keys: 'tcesim config --help-params')",
			    key);
	char a[256];
	if ((size_t)snprintf(a, sizeof(a), "%s=%s", key, value) >= sizeof(a))
		return fail(err, errlen, "%s: value too long", key);
	return tcesim_config_set(&o->hw, a, err, errlen) ? -EINVAL : 0;
}

int traffic_opts_assign(struct traffic_opts *o, const char *assignment,
			char *err, size_t errlen)
{
	const char *eq = assignment ? strchr(assignment, '=') : NULL;
	char key[64];

	if (!eq || eq == assignment)
		return fail(err, errlen, "'%s': expected key=value",
			    assignment ? assignment : "");
	if ((size_t)(eq - assignment) >= sizeof(key))
		return fail(err, errlen, "'%s': key too long", assignment);
	memcpy(key, assignment, (size_t)(eq - assignment));
	key[eq - assignment] = 0;
	return traffic_opts_set(o, key, eq + 1, err, errlen);
}

int traffic_opts_check(const struct traffic_opts *o, char *err,
		       size_t errlen)
{
	if (o->iommu == 1 && o->shared_container && o->pes > 1)
		return fail(err, errlen,
			    "shared=1 needs iommu=v2 (a v1 container takes one group)");
	if (o->phbs > o->pes)
		return fail(err, errlen,
			    "phbs=%u but only %u device(s): every PHB needs one (pes >= phbs)",
			    o->phbs, o->pes);
	if (o->kind == TRAFFIC_NIC_STRICT || o->kind == TRAFFIC_NIC_POOL) {
		if (o->pkt_bytes > o->ring * 65536ull)
			return fail(err, errlen, "pkt larger than the ring");
	} else if (o->region_bytes < o->tlp_bytes) {
		return fail(err, errlen, "region (%llu) smaller than one TLP (%u)",
			    (unsigned long long)o->region_bytes, o->tlp_bytes);
	}
	return tcesim_config_validate(&o->hw, err, errlen) ? -EINVAL : 0;
}
