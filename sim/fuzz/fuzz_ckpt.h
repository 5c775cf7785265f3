/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What fuzz_ckpt_restore and gen_ckpt_seeds share: the machines whose
 * state the fuzzer feeds (a two-PHB PHB3 timing machine with every
 * optional timing state on, and a standalone P5IOC2 hub with a TCE cache
 * and timing), their good state, and the input encoding: parts
 * { u8 selector, u16 length (big-endian), bytes }; selectors below
 * FUZZ_CKPT_HUB are machine parts, from FUZZ_CKPT_HUB on the hub's.
 */
#ifndef FUZZ_CKPT_H
#define FUZZ_CKPT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tcesim/machine.h"
#include "tcesim/machine_state.h"
#include "tcesim/p5ioc2.h"

#define FUZZ_CKPT_MAX_PARTS 32
#define FUZZ_CKPT_HUB 0x80

struct fuzz_ckpt {
	struct machine *m;
	struct machine_state good;
	struct sim_mem *hub_mem;
	struct p5ioc2 *hub;
	struct p5ioc2_timed *hub_timed;
	uint8_t *hub_good[2];	/* P5IOC2, TIMING payloads */
	size_t hub_good_len[2];
};

/* Build, program and save both; NULL on failure (message on stderr). */
struct fuzz_ckpt *fuzz_ckpt_create(void);
/* Back to the good state (aborts if that fails). */
void fuzz_ckpt_reset(struct fuzz_ckpt *f);
/* Note type of a selector. */
uint32_t fuzz_ckpt_type(unsigned sel);
/* The good state as an input (machine parts, or the hub's). */
int fuzz_ckpt_write_seed(const struct fuzz_ckpt *f, FILE *out, bool hub);

#endif /* FUZZ_CKPT_H */
