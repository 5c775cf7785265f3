// SPDX-License-Identifier: GPL-2.0
/*
 * The sweep grid: parsing "key=v1,v2,..." axes (each value checked
 * against its key at once), enumerating points (first axis slowest),
 * applying a point to traffic options, and --shard i/n.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/sim_errf.h"
#include "tcesim/sweep.h"

#define fail(err, errlen, ...) sim_errf(err, errlen, -EINVAL, __VA_ARGS__)

void sweep_grid_init(struct sweep_grid *g)
{
	memset(g, 0, sizeof(*g));
}

/* Same parameter? ("entries" and "tce_cache.entries" are one key.) */
static bool same_key(const char *a, const char *b)
{
	if (!strcmp(a, b))
		return true;
	if (traffic_is_workload_key(a) || traffic_is_workload_key(b))
		return false;
	int ia = tcesim_config_find(a), ib = tcesim_config_find(b);
	return ia >= 0 && ia == ib;
}

int sweep_grid_add(struct sweep_grid *g, const char *spec, char *err,
		   size_t errlen)
{
	const char *eq = spec ? strchr(spec, '=') : NULL;
	struct traffic_opts probe;
	char msg[256];

	if (!eq || eq == spec)
		return fail(err, errlen,
			    "--grid '%s': expected key=v1,v2,... (e.g. entries=16,64,256)",
			    spec ? spec : "");
	if (g->naxes >= SWEEP_MAX_AXES)
		return fail(err, errlen, "--grid '%s': at most %d axes", spec,
			    SWEEP_MAX_AXES);
	struct sweep_axis *ax = &g->ax[g->naxes];
	size_t klen = (size_t)(eq - spec);
	if (klen >= sizeof(ax->key))
		return fail(err, errlen, "--grid '%s': key too long", spec);
	memset(ax, 0, sizeof(*ax));
	memcpy(ax->key, spec, klen);
	if (!traffic_is_workload_key(ax->key) &&
	    tcesim_config_find(ax->key) < 0)
		return fail(err, errlen,
			    "--grid '%s': unknown key '%s' (see 'tcesim traffic --keys' and 'tcesim config --help-params')",
			    spec, ax->key);
	for (unsigned a = 0; a < g->naxes; a++)
		if (same_key(g->ax[a].key, ax->key))
			return fail(err, errlen,
				    "--grid '%s': key '%s' already has an axis (%s)",
				    spec, ax->key, g->ax[a].key);
	const char *p = eq + 1;
	for (;;) {
		const char *c = strchr(p, ',');
		size_t len = c ? (size_t)(c - p) : strlen(p);
		if (!len)
			return fail(err, errlen,
				    "--grid '%s': empty value (value %u of '%s')",
				    spec, ax->n + 1, ax->key);
		if (ax->n >= SWEEP_MAX_VALUES)
			return fail(err, errlen,
				    "--grid '%s': at most %d values per axis",
				    spec, SWEEP_MAX_VALUES);
		if (len >= SWEEP_VALUE_MAX)
			return fail(err, errlen, "--grid '%s': value too long",
				    spec);
		memcpy(ax->val[ax->n], p, len);
		ax->val[ax->n][len] = 0;
		if (strchr(ax->val[ax->n], '"'))
			return fail(err, errlen,
				    "--grid '%s': quotes are not allowed in values",
				    spec);
		for (unsigned v = 0; v < ax->n; v++)
			if (!strcmp(ax->val[v], ax->val[ax->n]))
				return fail(err, errlen,
					    "--grid '%s': value '%s' given twice",
					    spec, ax->val[v]);
		traffic_opts_default(&probe);
		if (traffic_opts_set(&probe, ax->key, ax->val[ax->n], msg,
				     sizeof(msg)))
			return fail(err, errlen, "--grid '%s': %s", spec, msg);
		ax->n++;
		if (!c)
			break;
		p = c + 1;
	}
	uint64_t pts = sweep_grid_points(g) * ax->n;
	if (pts > SWEEP_MAX_POINTS)
		return fail(err, errlen,
			    "--grid '%s': the grid would have %llu points (at most %d)",
			    spec, (unsigned long long)pts, SWEEP_MAX_POINTS);
	g->naxes++;
	return 0;
}

uint64_t sweep_grid_points(const struct sweep_grid *g)
{
	uint64_t n = 1;

	for (unsigned a = 0; a < g->naxes; a++)
		n *= g->ax[a].n;
	return n;
}

const char *sweep_point_value(const struct sweep_grid *g, uint64_t idx,
			      unsigned a)
{
	uint64_t inner = 1;

	if (a >= g->naxes)
		return NULL;
	for (unsigned b = a + 1; b < g->naxes; b++)
		inner *= g->ax[b].n;
	return g->ax[a].val[(idx / inner) % g->ax[a].n];
}

int sweep_apply_point(const struct sweep_grid *g, uint64_t idx,
		      struct traffic_opts *o, char *err, size_t errlen)
{
	if (idx >= sweep_grid_points(g))
		return fail(err, errlen, "point %llu outside the grid",
			    (unsigned long long)idx);
	for (unsigned a = 0; a < g->naxes; a++)
		if (traffic_opts_set(o, g->ax[a].key,
				     sweep_point_value(g, idx, a), err, errlen))
			return -EINVAL;
	return 0;
}

int sweep_parse_shard(const char *s, unsigned *i, unsigned *n, char *err,
		      size_t errlen)
{
	char *end;
	unsigned long a, b;

	if (!s || *s < '0' || *s > '9')
		goto bad;
	a = strtoul(s, &end, 10);
	if (*end != '/' || end[1] < '0' || end[1] > '9')
		goto bad;
	b = strtoul(end + 1, &end, 10);
	if (*end || !b || a >= b || b > 1000000)
		goto bad;
	*i = (unsigned)a;
	*n = (unsigned)b;
	return 0;
bad:
	return fail(err, errlen,
		    "--shard '%s': expected i/n with 0 <= i < n (e.g. 0/4; Slurm: $SLURM_ARRAY_TASK_ID/$SLURM_ARRAY_TASK_COUNT)",
		    s ? s : "");
}
