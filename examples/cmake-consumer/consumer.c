// SPDX-License-Identifier: GPL-2.0
/*
 * cmake-consumer: the smallest use of libtcesim from a CMake project.
 * A machine with the defaults, a bypass window for PE 1 set by firmware
 * calls, one device read through it. Prints the result; exit 0 when the
 * read translated as the window says.
 */
#include <stdio.h>

#include <tcesim/tcesim.h>

int main(void)
{
	tcesim_setup *s = tcesim_setup_new();
	tcesim_machine *m;
	const uint64_t set_pe[] = { 0, 1, 0x0200, TCESIM_OPAL_PCI_BUS_ALL,
				    TCESIM_OPAL_COMPARE_RID_DEVICE,
				    TCESIM_OPAL_COMPARE_RID_FUNCTION,
				    TCESIM_OPAL_MAP_PE };
	/* window 1 of PE 1 (id 3): bus 1 << 59 maps physical 0 onwards */
	const uint64_t bypass[] = { 0, 1, 3, 1ull << 59, 1ull << 30 };
	struct tcesim_dma_req req = { .rid = 0x0200,
				      .addr = (1ull << 59) + 0x123450,
				      .len = 8, .dir = TCESIM_DMA_READ,
				      .arrival = TCESIM_ASAP };
	struct tcesim_dma_result res;
	uint64_t data;
	int64_t r1, r2;

	if (!s || tcesim_setup_set(s, "machine.ram=1G"))
		goto fail;
	m = tcesim_create(s);
	tcesim_setup_free(s);
	if (!m || tcesim_opal_call(m, TCESIM_OPAL_PCI_SET_PE, set_pe, 7, &r1) ||
	    tcesim_opal_call(m, TCESIM_OPAL_PCI_MAP_PE_DMA_WINDOW_REAL, bypass,
			     5, &r2) ||
	    tcesim_dma(m, 0, &req, &data, &res))
		goto fail;
	printf("tcesim %s: opal %lld %lld, dma %s pe=%u pa=0x%llx\n",
	       tcesim_version(), (long long)r1, (long long)r2,
	       tcesim_dma_status_name(res.status), res.pe,
	       (unsigned long long)res.pa);
	tcesim_destroy(m);
	return res.status == TCESIM_DMA_OK && res.pa == 0x123450 ? 0 : 1;
fail:
	fprintf(stderr, "consumer: %s\n", tcesim_errmsg());
	return 1;
}
