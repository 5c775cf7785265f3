// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: checkpoint state restore (tcesim/machine_state.h and
 * every component's restore) on hostile payloads. An input is a list of
 * parts, each { u8 type selector, u16 length (big-endian), bytes }: the
 * state parts of a two-PHB timing machine (indirect cache, 64-byte
 * lines, prefetch), and of a standalone P5IOC2 hub with timing. Each
 * input starts from the same good state (restored first), then its parts
 * are restored with commit; a refused input must leave the state exactly
 * as it was (compared byte for byte), an accepted one must give a machine
 * that works: DMAs on every PHB, kills, RTC invalidations, allocations,
 * and saving it again. Nothing may crash, hang or leak. Seeds
 * (corpus/ckpt/) are the good states themselves, written by
 * gen_ckpt_seeds; fuzz_regress_ckpt replays them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_ckpt.h"
#include "tcesim/mem.h"
#include "tcesim/mmio.h"
#include "tcesim/state.h"
#include "tcesim/timing.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct fuzz_ckpt *F;

static uint8_t *saved(size_t *len)
{
	struct machine_state st;
	uint8_t *b = NULL;
	size_t i, n = 0;
	char err[400];

	if (machine_state_save(F->m, &st, err, sizeof(err)))
		abort();
	for (i = 0; i < st.n; i++) {
		b = realloc(b, n + st.v[i].len + 1);
		if (!b)
			abort();
		memcpy(b + n, st.v[i].buf, st.v[i].len);
		n += st.v[i].len;
	}
	machine_state_free(&st);
	*len = n;
	return b;
}

/* The hub's state as bytes (for the refused-changes-nothing check). */
static uint8_t *hub_saved(size_t *len)
{
	struct sim_state_out o;

	sim_state_out_init(&o);
	if (p5ioc2_state_save(F->hub, &o) ||
	    p5ioc2_timed_state_save(F->hub_timed, 0, &o))
		abort();
	*len = o.len;
	return o.buf;
}

static void use_machine(void)
{
	uint8_t buf[64];
	uint64_t pa;
	unsigned phb, k;

	for (phb = 0; phb < 2; phb++) {
		for (k = 0; k < 6; k++) {
			struct sim_dma_req req = {
				.rid = (uint16_t)(0x0100 * (k % 3)),
				.addr = (uint64_t)k << 12 | (k & 1 ? 0x0800000000000000ull : 0),
				.len = 48, .dir = k & 1 ? SIM_DMA_WRITE : SIM_DMA_READ,
			};
			struct sim_dma_result res;

			memset(buf, 0x6b, sizeof(buf));
			machine_dma(F->m, phb, &req, buf, &res);
		}
		sim_mmio_write(machine_bus(F->m), machine_phb_regs(F->m, phb) + 0x210,
			       8, 0x4000000000000001ull);
		sim_mmio_write(machine_bus(F->m), machine_phb_regs(F->m, phb) + 0x210,
			       8, 0x2000000000001001ull);
		sim_mmio_write(machine_bus(F->m), machine_phb_regs(F->m, phb) + 0x208,
			       8, 0x8000000000000000ull);
	}
	if (!sim_mem_alloc(machine_mem(F->m), 8192, 0, &pa))
		sim_mem_free(machine_mem(F->m), pa);
}

static void use_hub(void)
{
	uint8_t buf[32] = { 0 };
	unsigned phb;

	for (phb = 0; phb < 2; phb++) {
		struct sim_dma_target t = p5ioc2_timed_dma_target(F->hub_timed, phb);
		struct sim_dma_req req = { .rid = 0x100, .addr = 0x1000 + phb,
					   .len = 32, .dir = SIM_DMA_READ };
		struct sim_dma_result res;

		t.dma(t.opaque, &req, buf, &res);
	}
	p5ioc2_snoop_write(F->hub, 0, 1ull << 30);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct machine_state_part parts[FUZZ_CKPT_MAX_PARTS];
	struct sim_state_in in;
	size_t n = 0, off = 0, before_len, after_len;
	uint8_t *before, *after;
	bool hub = false;
	char err[600];
	int rc;

	if (!F && !(F = fuzz_ckpt_create()))
		abort();
	fuzz_ckpt_reset(F);
	while (off + 3 <= size && n < FUZZ_CKPT_MAX_PARTS) {
		unsigned sel = data[off];
		size_t len = (size_t)data[off + 1] << 8 | data[off + 2];

		off += 3;
		if (len > size - off)
			len = size - off;
		parts[n].type = fuzz_ckpt_type(sel);
		parts[n].buf = data + off;
		parts[n].len = len;
		hub |= sel >= FUZZ_CKPT_HUB;
		n++;
		off += len;
	}
	if (hub) {
		/* the hub's own notes, straight to its restores */
		for (size_t i = 0; i < n; i++) {
			before = hub_saved(&before_len);
			sim_state_in_init(&in, parts[i].buf, parts[i].len);
			if (parts[i].type == MACHINE_NT_P5IOC2)
				rc = p5ioc2_state_restore(F->hub, &in, true, err,
							  sizeof(err));
			else
				rc = p5ioc2_timed_state_restore(F->hub_timed, &in,
								true, err,
								sizeof(err));
			if (rc) {
				after = hub_saved(&after_len);
				if (after_len != before_len ||
				    memcmp(before, after, before_len))
					abort();	/* refused, yet changed */
				free(after);
			}
			free(before);
		}
		use_hub();
		return 0;
	}
	before = saved(&before_len);
	rc = machine_state_restore(F->m, parts, n, true, err, sizeof(err),
				   NULL, 0);
	if (rc) {
		after = saved(&after_len);
		if (after_len != before_len || memcmp(before, after, before_len))
			abort();	/* refused, yet changed */
		free(after);
	}
	free(before);
	use_machine();
	free(saved(&after_len));
	return 0;
}
