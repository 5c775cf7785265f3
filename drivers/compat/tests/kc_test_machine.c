// SPDX-License-Identifier: GPL-2.0
/* The compat tests' fake machine: RAM, one recording MMIO region, fake OPAL. */
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "kc_test_machine.h"

struct kt_machine kt;

static int kt_read(void *opaque, uint64_t off, unsigned size, uint64_t *val)
{
	kt.nreads++;
	kt.last_off = off;
	kt.last_size = size;
	*val = kt.reg_read_value;
	return 0;
}

static int kt_write(void *opaque, uint64_t off, unsigned size, uint64_t val)
{
	kt.nwrites++;
	kt.last_off = off;
	kt.last_size = size;
	kt.last_val = val;
	return 0;
}

static const struct sim_mmio_ops kt_ops = { kt_read, kt_write };

static int64_t kt_opal(void *ctx, uint64_t token, const uint64_t *args,
		       unsigned nargs)
{
	struct kt_machine *m = ctx;
	unsigned i;

	m->opal_ncalls++;
	m->opal_token = token;
	m->opal_nargs = nargs;
	for (i = 0; i < nargs && i < 8; i++)
		m->opal_args[i] = args[i];
	if (m->opal_hook)
		m->opal_hook(m);
	return m->opal_ret;
}

void kt_setup_shift(unsigned page_shift)
{
	struct kc_host host;
	struct kc_config cfg;

	memset(&kt, 0, sizeof(kt));
	kt.mem = sim_mem_create(KT_RAM_BYTES, 0);
	if (!kt.mem)
		abort();
	sim_mmio_init(&kt.bus);
	if (sim_mmio_map(&kt.bus, KT_MMIO_BASE, KT_MMIO_SIZE, &kt_ops, NULL,
			 "fake"))
		abort();
	host.mem = kt.mem;
	host.bus = &kt.bus;
	host.opal_call = kt_opal;
	host.opal_ctx = &kt;
	kc_config_default(&cfg);
	if (page_shift)
		cfg.page_shift = page_shift;
	if (kc_init(&host, &cfg)) {
		fprintf(stderr, "kc_init failed\n");
		abort();
	}
}

void kt_setup(void)
{
	kt_setup_shift(0);
}

void kt_teardown_counters(struct kc_counters *at_exit)
{
	kc_shutdown(at_exit);
	sim_mem_destroy(kt.mem);
	kt.mem = NULL;
}

void kt_teardown(void)
{
	kt_teardown_counters(NULL);
}
