// SPDX-License-Identifier: GPL-2.0
/*
 * `replay --rtl` / `run --rtl` / `traffic --rtl` (and --rtl-trace
 * FILE.fst): the RTL twin of
 * the PHB3 fetch unit in lockstep with every PHB3 of the replayed machine
 * (tcesim/rtl_lockstep.h). The machine tells us of each PHB3 as soon as
 * it exists, before the firmware touches it (machine_config.phb3_hooks):
 * a twin attaches to it then, and finishes when the PHB is destroyed.
 * After the replay the mismatches (on the error stream) and the line
 * "rtl lockstep: N requests, M mismatches" end the report. Built without
 * Verilator, --rtl is refused.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tcesim/machine.h"
#include "tcesim/traffic.h"

#ifdef TCESIM_HAVE_RTL
#include "tcesim/rtl_lockstep.h"
#endif

struct cli_rtl {
	const char *fst;		/* --rtl-trace, or NULL */
	unsigned nls;			/* PHBs seen: ls[0 .. nls - 1] */
#ifdef TCESIM_HAVE_RTL
	struct rtl_lockstep *ls[MACHINE_MAX_PHBS];
#endif
};

bool cli_rtl_available(void)
{
#ifdef TCESIM_HAVE_RTL
	return true;
#else
	return false;
#endif
}

#ifdef TCESIM_HAVE_RTL

/* FILE.fst for PHB 0, FILE-phbN.fst (before the last dot) for PHB N. */
static int trace_path(const char *fst, unsigned phb, char *buf, size_t len)
{
	const char *dot = strrchr(fst, '.');
	const char *slash = strrchr(fst, '/');
	int n;

	if (phb == 0)
		n = snprintf(buf, len, "%s", fst);
	else if (dot && (!slash || dot > slash))
		n = snprintf(buf, len, "%.*s-phb%u%s", (int)(dot - fst), fst,
			     phb, dot);
	else
		n = snprintf(buf, len, "%s-phb%u", fst, phb);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

static int created(void *ctx, unsigned phb, struct phb3 *p,
		   struct phb3_timed *pt, struct sim_mem *mem,
		   const struct timing_params *tp, char *err, size_t errlen)
{
	struct cli_rtl *c = ctx;
	struct rtl_lockstep_opts o = { .cycles = true };
	const char *corrupt = getenv("TCESIM_RTL_CORRUPT_READ");
	char path[4096];

	if (phb >= MACHINE_MAX_PHBS)
		return -EINVAL;
	/* the checker's self-test (docs/rtl.md): corrupt the twin's n-th
	   table read */
	if (corrupt) {
		uint64_t n;

		if (cli_parse_size(corrupt, &n) || n > UINT32_MAX) {
			snprintf(err, errlen,
				 "TCESIM_RTL_CORRUPT_READ: '%s' is not a read number",
				 corrupt);
			return -EINVAL;
		}
		o.corrupt_read = (unsigned)n;
	}
	/* functional mode: the lockstep times requests with its own C
	   timing model on the machine's parameters */
	c->ls[phb] = rtl_lockstep_attach(p, mem, pt, pt ? NULL : tp, &o, err,
					 errlen);
	if (!c->ls[phb])
		return -EINVAL;
	if (phb + 1 > c->nls)
		c->nls = phb + 1;
	if (c->fst && (trace_path(c->fst, phb, path, sizeof(path)) ||
		       rtl_lockstep_trace(c->ls[phb], path))) {
		snprintf(err, errlen, "--rtl-trace: cannot write '%s'", c->fst);
		return -EIO;
	}
	return 0;
}

static void destroying(void *ctx, unsigned phb, struct phb3 *p)
{
	struct cli_rtl *c = ctx;

	(void)p;
	if (phb < MACHINE_MAX_PHBS)
		rtl_lockstep_finish(c->ls[phb]);
}

static const struct machine_phb3_hooks hooks = {
	.created = created,
	.destroying = destroying,
};

#endif /* TCESIM_HAVE_RTL */

struct cli_rtl *cli_rtl_create(const char *fst,
			       const struct machine_phb3_hooks **h, void **ctx)
{
	struct cli_rtl *c;

	if (!cli_rtl_available())
		return NULL;
	c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	c->fst = fst;
#ifdef TCESIM_HAVE_RTL
	*h = &hooks;
	*ctx = c;
#else
	(void)h;
	(void)ctx;
#endif
	return c;
}

/* ---- tcesim traffic --rtl ---- */

static void *traffic_create_rtl(const char *fst, struct traffic_opts *o)
{
	return cli_rtl_create(fst, &o->phb3_hooks, &o->phb3_hooks_ctx);
}

static uint64_t traffic_report_rtl(void *ctx, FILE *out, FILE *err)
{
	return cli_rtl_report(ctx, out, err);
}

static void traffic_destroy_rtl(void *ctx)
{
	cli_rtl_free(ctx);
}

static const struct traffic_rtl traffic_rtl = {
	.create = traffic_create_rtl,
	.report = traffic_report_rtl,
	.destroy = traffic_destroy_rtl,
};

int cli_traffic(int argc, char **argv)
{
	return traffic_cli_run(argc, argv,
			       cli_rtl_available() ? &traffic_rtl : NULL);
}

uint64_t cli_rtl_report(struct cli_rtl *c, FILE *f, FILE *err)
{
	uint64_t req = 0, mis = 0;

#ifdef TCESIM_HAVE_RTL
	for (unsigned i = 0; i < c->nls; i++) {
		char pf[32];

		if (!c->ls[i])
			continue;
		snprintf(pf, sizeof(pf), "phb3.%u: ", i);
		rtl_lockstep_print_mismatches(c->ls[i], err,
					      c->nls > 1 ? pf : NULL);
		req += rtl_lockstep_requests(c->ls[i]);
		mis += rtl_lockstep_mismatches(c->ls[i]);
	}
#else
	(void)err;
#endif
	fprintf(f, "rtl lockstep: %" PRIu64 " requests, %" PRIu64 " mismatches\n",
		req, mis);
	return mis;
}

void cli_rtl_free(struct cli_rtl *c)
{
	if (!c)
		return;
#ifdef TCESIM_HAVE_RTL
	/* the machine is gone: every twin finished and detached then */
	for (unsigned i = 0; i < c->nls; i++)
		rtl_lockstep_free(c->ls[i]);
#endif
	free(c);
}
