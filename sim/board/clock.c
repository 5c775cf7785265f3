// SPDX-License-Identifier: GPL-2.0
/*
 * The simulation's event clock in PHB cycles (see tcesim/clock.h): moves
 * forward by cycles, ns or CPU cycles, carries sub-cycle fractions and
 * fires epoch callbacks.
 */
#include <math.h>
#include <string.h>

#include "tcesim/clock.h"

void sim_clock_init(struct sim_clock *c, uint64_t phb_mhz)
{
	memset(c, 0, sizeof(*c));
	c->mhz = phb_mhz ? phb_mhz : 1;
}

uint64_t sim_clock_now(const struct sim_clock *c)
{
	return c->now;
}

static void fire_epochs(struct sim_clock *c)
{
	long done;

	if (!c->epoch_cycles || !c->epoch_fn)
		return;
	done = (long)(c->now / c->epoch_cycles);	/* epochs completed */
	if (done > c->epoch_next) {
		c->epoch_next = done;
		c->epoch_fn(c->epoch_ctx, done - 1);
	}
}

uint64_t sim_clock_advance_to(struct sim_clock *c, uint64_t cycle)
{
	if (cycle > c->now) {
		c->now = cycle;
		c->frac = 0;
	}
	fire_epochs(c);
	return c->now;
}

uint64_t sim_clock_add_cycles(struct sim_clock *c, uint64_t cycles)
{
	uint64_t to = c->now + cycles;

	if (to < c->now)
		to = UINT64_MAX;
	c->now = to;
	fire_epochs(c);
	return c->now;
}

/* Add a (non-negative) number of cycles with a fraction. */
static uint64_t add_real(struct sim_clock *c, double cycles)
{
	double whole;

	if (!(cycles > 0))
		return c->now;
	cycles += c->frac;
	whole = floor(cycles);
	c->frac = cycles - whole;
	if (whole >= 1.8e19)
		return sim_clock_advance_to(c, UINT64_MAX);
	return sim_clock_add_cycles(c, (uint64_t)whole);
}

uint64_t sim_clock_add_ns(struct sim_clock *c, double ns)
{
	return add_real(c, ns * (double)c->mhz / 1000.0);
}

uint64_t sim_clock_add_cpu(struct sim_clock *c, uint64_t cpu_cycles,
			   uint64_t cpu_mhz)
{
	return add_real(c, (double)cpu_cycles * (double)c->mhz /
			   (double)(cpu_mhz ? cpu_mhz : 1));
}

double sim_clock_cycles_to_ns(const struct sim_clock *c, uint64_t cycles)
{
	return (double)cycles * 1000.0 / (double)c->mhz;
}

uint64_t sim_clock_ns_to_cycles(const struct sim_clock *c, double ns)
{
	double v = ns > 0 ? ceil(ns * (double)c->mhz / 1000.0 - 1e-9) : 0;

	return v >= 1.8e19 ? UINT64_MAX : (uint64_t)v;
}

uint64_t sim_clock_cpu_to_cycles(const struct sim_clock *c,
				 uint64_t cpu_cycles, uint64_t cpu_mhz)
{
	unsigned __int128 num = (unsigned __int128)cpu_cycles * c->mhz;
	uint64_t den = cpu_mhz ? cpu_mhz : 1;
	unsigned __int128 q = (num + den - 1) / den;

	return q > UINT64_MAX ? UINT64_MAX : (uint64_t)q;
}

void sim_clock_set_epoch(struct sim_clock *c, uint64_t period,
			 void (*fn)(void *ctx, long epoch), void *ctx)
{
	c->epoch_cycles = period;
	c->epoch_fn = fn;
	c->epoch_ctx = ctx;
	c->epoch_next = period ? (long)(c->now / period) : 0;
}
