/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulation's one event clock, counted in PHB cycles.
 *
 * The machine owns one (machine_clock()); every PHB timing core is
 * advanced to it before it times a DMA or a register write, and
 * machine_dma_at() advances it to each request's arrival. Workload code
 * (traffic generators, the driver cost model) reads it and moves it
 * forward: in PHB cycles, in ns, or in CPU cycles of a cpu_mhz clock.
 * Time never goes backwards: an advance to the past is a no-op.
 *
 * Fractions of a PHB cycle (from ns or CPU-cycle charges) are carried,
 * not rounded away: a thousand charges of 0.4 cycles add 400 cycles.
 *
 * Epochs: with an epoch period set, fn(ctx, epoch) is called when the
 * clock first reaches or passes the end of epoch k (k = 0, 1, ...). If an
 * advance jumps over several epochs with nothing happening in between,
 * only the last one completed is reported (the statistics could not have
 * changed in the skipped ones).
 */
#ifndef TCESIM_CLOCK_H
#define TCESIM_CLOCK_H

#include <stdint.h>

struct sim_clock {
	uint64_t now;		/* PHB cycles */
	double frac;		/* fraction of a cycle carried, [0, 1) */
	uint64_t mhz;		/* PHB clock frequency */
	uint64_t epoch_cycles;	/* 0: no epochs */
	long epoch_next;	/* first epoch not yet reported */
	void (*epoch_fn)(void *ctx, long epoch);
	void *epoch_ctx;
};

/* A clock at cycle 0 ticking at phb_mhz (0 is taken as 1). */
void sim_clock_init(struct sim_clock *c, uint64_t phb_mhz);

/* Current cycle. */
uint64_t sim_clock_now(const struct sim_clock *c);
/* Move to cycle (never backwards); returns the current cycle. */
uint64_t sim_clock_advance_to(struct sim_clock *c, uint64_t cycle);
/* Move forward by cycles, by ns, or by CPU cycles at cpu_mhz (0 is taken
   as 1); each returns the current cycle. */
uint64_t sim_clock_add_cycles(struct sim_clock *c, uint64_t cycles);
uint64_t sim_clock_add_ns(struct sim_clock *c, double ns);
uint64_t sim_clock_add_cpu(struct sim_clock *c, uint64_t cpu_cycles,
			   uint64_t cpu_mhz);

/* Conversions (no side effect). */
double sim_clock_cycles_to_ns(const struct sim_clock *c, uint64_t cycles);
/* ns -> PHB cycles, rounded up. */
uint64_t sim_clock_ns_to_cycles(const struct sim_clock *c, double ns);
/* CPU cycles at cpu_mhz -> PHB cycles (exact ratio, rounded up). */
uint64_t sim_clock_cpu_to_cycles(const struct sim_clock *c,
				 uint64_t cpu_cycles, uint64_t cpu_mhz);

/* Epoch reports every period cycles (0: off); fn may be NULL. */
void sim_clock_set_epoch(struct sim_clock *c, uint64_t period,
			 void (*fn)(void *ctx, long epoch), void *ctx);

#endif /* TCESIM_CLOCK_H */
