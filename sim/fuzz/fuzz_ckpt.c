// SPDX-License-Identifier: GPL-2.0
/*
 * The machines of fuzz_ckpt_restore and gen_ckpt_seeds (fuzz_ckpt.h):
 * built, programmed through the firmware and MMIO (windows, a table, DMAs
 * that hit, miss, evict and fault, kills), their state saved as the good
 * state every input starts from.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_ckpt.h"
#include "tcesim/mem.h"
#include "tcesim/mmio.h"
#include "tcesim/opal.h"
#include "tcesim/state.h"
#include "tcesim/timing.h"

static const uint32_t machine_types[] = {
	MACHINE_NT_CONFIG, MACHINE_NT_CLOCK, MACHINE_NT_STATS, MACHINE_NT_MEM,
	MACHINE_NT_FIRMWARE, MACHINE_NT_PHB3, MACHINE_NT_P5IOC2,
	MACHINE_NT_TIMING, MACHINE_NT_REPLAY, MACHINE_NT_BASE + 0x99,
};

uint32_t fuzz_ckpt_type(unsigned sel)
{
	if (sel >= FUZZ_CKPT_HUB)
		return sel & 1 ? MACHINE_NT_TIMING : MACHINE_NT_P5IOC2;
	return machine_types[sel % (sizeof(machine_types) /
				    sizeof(machine_types[0]))];
}

static unsigned sel_of(uint32_t type)
{
	unsigned i;

	for (i = 0; i < sizeof(machine_types) / sizeof(machine_types[0]); i++)
		if (machine_types[i] == type)
			return i;
	return 0;
}

static void dmas(struct machine *m, unsigned phb, unsigned n)
{
	uint8_t buf[64] = { 0x5a };
	unsigned k;

	for (k = 0; k < n; k++) {
		struct sim_dma_req req = {
			.rid = 0x0100, .addr = (uint64_t)(k * 5 % 24) << 12,
			.len = 40, .dir = k % 9 == 8 ? SIM_DMA_WRITE : SIM_DMA_READ,
		};
		struct sim_dma_result res;

		machine_dma(m, phb, &req, buf, &res);
	}
}

static struct machine *build_machine(void)
{
	struct machine_config c;
	struct machine *m;
	char err[400];
	unsigned phb, k;

	machine_config_default(&c);
	c.ram_bytes = 256ull << 20;
	c.nr_phbs = 2;
	c.timing = true;
	c.phb3.tce_cache.entries = 8;
	c.phb3.tce_cache.ways = 2;
	c.phb3.rtc_entries = 4;
	c.timing_params.line_bytes = 1;
	c.timing_params.prefetch_next = 1;
	c.timing_params.cache_indirect = 1;
	c.timing_params.indirect_entries = 4;
	c.timing_params.max_outstanding_fetches = 4;
	c.timing_params.mem_bytes_per_cycle = 2;
	m = machine_create(&c, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "fuzz_ckpt: %s\n", err);
		return NULL;
	}
	for (phb = 0; phb < 2; phb++) {
		struct opal *fw = machine_firmware(m);
		uint64_t id = machine_phb_opal_id(m, phb);
		uint64_t l1 = 0x4000000 + phb * 0x100000, l0 = l1 + 0x1000;

		opal_pci_set_pe(fw, id, 1, 0x0100, 7, 1, 1, 1);
		opal_pci_set_pe(fw, id, 2, 0x0200, 7, 1, 1, 1);
		opal_pci_map_pe_dma_window(fw, id, 1, 2, 2, l1, 0x1000, 4096);
		opal_pci_map_pe_dma_window_real(fw, id, 2, 5, 0x0800000000000000ull,
						1ull << 28);
		sim_mem_write_be64(machine_mem(m), l1, l0 | 3);
		for (k = 0; k < 24; k++)
			sim_mem_write_be64(machine_mem(m), l0 + 8 * k,
					   (0x6000000 + k * 0x1000) | (k == 20 ? 1 : 3));
		dmas(m, phb, 40);
		sim_mmio_write(machine_bus(m), machine_phb_regs(m, phb) + 0x210, 8,
			       0x2000000000003001ull);
		opal_pci_eeh_freeze_clear(fw, id, 1, 3);
		dmas(m, phb, 7);
	}
	return m;
}

static void hub_write(struct p5ioc2 *h, uint64_t off, unsigned size,
		      uint64_t v)
{
	p5ioc2_mmio_ops.write(h, off, size, v);
}

static int build_hub(struct fuzz_ckpt *f)
{
	struct p5ioc2_params p = { .tce_cache_entries = 4 };
	struct timing_params tp;
	struct sim_state_out o;
	unsigned phb, k;
	uint8_t buf[16];

	timing_params_default(&tp);
	f->hub_mem = sim_mem_create(64ull << 20, 0);
	f->hub = f->hub_mem ? p5ioc2_create(f->hub_mem, &p, 0) : NULL;
	/* the timing core is told "no cache" (it models none): both the
	   hub's cache lines and the timing state get fuzzed */
	f->hub_timed = f->hub ? p5ioc2_timed_create(f->hub, 0, &tp) : NULL;
	if (!f->hub_timed)
		return -1;
	for (phb = 0; phb < 2; phb++) {
		uint64_t table = 0x100000 + phb * 0x10000;

		hub_write(f->hub, P5IOC2_CA_OFFSET(1) + 0x580 + 8 * phb, 8,
			  table | (1ull << 3) | 0);
		hub_write(f->hub, P5IOC2_PHB_OFFSET(1, phb) + 0x160, 4,
			  (1u << 29) | (1u << 28));
		for (k = 0; k < 8; k++)
			sim_mem_write_be64(f->hub_mem, table + 8 * k,
					   (0x200000 + k * 0x1000) | 3);
		for (k = 0; k < 12; k++) {
			struct sim_dma_target t =
				p5ioc2_timed_dma_target(f->hub_timed, 4 + phb);
			struct sim_dma_req req = { .rid = 1, .addr = (k % 9) << 12,
						   .len = 16, .dir = SIM_DMA_READ };
			struct sim_dma_result res;

			t.dma(t.opaque, &req, buf, &res);
		}
	}
	for (k = 0; k < 2; k++) {
		sim_state_out_init(&o);
		if (k ? p5ioc2_timed_state_save(f->hub_timed, 0, &o)
		      : p5ioc2_state_save(f->hub, &o))
			return -1;
		f->hub_good[k] = o.buf;
		f->hub_good_len[k] = o.len;
	}
	return 0;
}

struct fuzz_ckpt *fuzz_ckpt_create(void)
{
	struct fuzz_ckpt *f = calloc(1, sizeof(*f));
	char err[400];

	if (!f)
		return NULL;
	f->m = build_machine();
	if (!f->m || machine_state_save(f->m, &f->good, err, sizeof(err)) ||
	    build_hub(f)) {
		fprintf(stderr, "fuzz_ckpt: cannot build the machines\n");
		return NULL;
	}
	return f;
}

void fuzz_ckpt_reset(struct fuzz_ckpt *f)
{
	struct sim_state_in in;
	char err[600];

	if (machine_state_restore(f->m, f->good.v, f->good.n, true, err,
				  sizeof(err), NULL, 0)) {
		fprintf(stderr, "fuzz_ckpt: good state refused: %s\n", err);
		abort();
	}
	sim_state_in_init(&in, f->hub_good[0], f->hub_good_len[0]);
	if (p5ioc2_state_restore(f->hub, &in, true, err, sizeof(err)))
		abort();
	sim_state_in_init(&in, f->hub_good[1], f->hub_good_len[1]);
	if (p5ioc2_timed_state_restore(f->hub_timed, &in, true, err,
				       sizeof(err)))
		abort();
}

static void put_part(FILE *out, unsigned sel, const uint8_t *b, size_t len)
{
	fputc((int)sel, out);
	fputc((int)(len >> 8), out);
	fputc((int)(len & 0xff), out);
	fwrite(b, 1, len, out);
}

int fuzz_ckpt_write_seed(const struct fuzz_ckpt *f, FILE *out, bool hub)
{
	size_t i;

	if (hub) {
		put_part(out, FUZZ_CKPT_HUB, f->hub_good[0], f->hub_good_len[0]);
		put_part(out, FUZZ_CKPT_HUB + 1, f->hub_good[1], f->hub_good_len[1]);
	} else {
		for (i = 0; i < f->good.n; i++) {
			if (f->good.v[i].len > 0xffff)
				return -1;
			put_part(out, sel_of(f->good.v[i].type), f->good.v[i].buf,
				 f->good.v[i].len);
		}
	}
	return ferror(out) ? -1 : 0;
}
