/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private to lib/: what the opaque handles of tcesim/tcesim.h hold, and
 * the helpers the API files share (error messages, entering a machine's
 * kernel). Nothing here is installed.
 */
#ifndef TCESIM_LIB_API_INTERNAL_H
#define TCESIM_LIB_API_INTERNAL_H

#include <stdarg.h>

#include "kc/host.h"
#include "tcesim/config.h"
#include "tcesim/machine.h"
#include "tcesim/tcesim.h"

struct tcesim_setup {
	struct machine_config mc;	/* shape, memory, MMIO route */
	struct tcesim_config cfg;	/* the model's .ini parameters */
};

struct tcesim_machine;

/* What the PHB observer callbacks get back: the machine and the PHB. */
struct api_phb_ctx {
	struct tcesim_machine *tm;
	unsigned phb;
};

struct tcesim_machine {
	struct machine *m;
	bool owned;			/* false: a replay's machine */
	struct machine_config mc;	/* what it was made from (reset) */
	struct kc_cost_params cost;	/* mc.cost points here */
	bool have_cost;
	/* tcesim_set_events */
	struct tcesim_events ev;
	void *ev_ctx;
	bool ev_on;
	/* tcesim_set_latency_source */
	tcesim_latency_fn lat_fn;
	void *lat_ctx;
	struct api_phb_ctx phbs[MACHINE_MAX_PHBS];
};

/* Record the message of a failing call (this thread) and return rc. */
int api_fail(int rc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The machine's kernel for the calls between them (api_kernel.c). */
int api_enter(struct tcesim_machine *tm);
void api_leave(struct tcesim_machine *tm);

/* Wrap a machine (api_machine.c); owned ones are destroyed with it. */
struct tcesim_machine *api_wrap(struct machine *m, bool owned);
void api_unwrap(struct tcesim_machine *tm);
/* The machine_config of a setup (NULL: defaults), model parameters
 * applied; cost is filled when the setup sets [driver] values. */
void api_machine_config(const tcesim_setup *s, struct machine_config *mc,
			struct kc_cost_params *cost, bool *have_cost);

#endif /* TCESIM_LIB_API_INTERNAL_H */
