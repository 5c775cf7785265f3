// SPDX-License-Identifier: GPL-2.0
/*
 * embed-c: libtcesim from a C program, without the driver stack.
 *
 * The platform's memory is a plain array here: the machine reaches it
 * through read/write callbacks (so every table read and every DMA
 * transfer of the PHB is seen, and counted) and, for the firmware, a
 * host pointer. Then, as a platform's firmware would:
 *   1. put requester 0x0100 in PE 5 (OPAL_PCI_SET_PE),
 *   2. write a one-level TCE table into memory: 8 pages of 4 KiB, the
 *      last read-only,
 *   3. point PE 5's first DMA window at it (OPAL_PCI_MAP_PE_DMA_WINDOW),
 * and as a device would: DMA writes and reads through the window, one
 * to a read-only page (a permission fault that freezes the PE), one
 * refused while frozen, and the freeze cleared by firmware calls.
 * Prints each result and the statistics.
 *
 * Build: make (uses only `pkg-config --cflags --libs tcesim`).
 * Usage: embed [--timing]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tcesim/tcesim.h>

#define RAM (256u << 20)
#define RID 0x0100
#define PE 5
#define PAGES 8

struct platform_memory {
	unsigned char *bytes;
	unsigned long reads, writes;
};

static int mem_read(void *ctx, uint64_t pa, void *buf, size_t len)
{
	struct platform_memory *pm = ctx;

	pm->reads++;
	memcpy(buf, pm->bytes + pa, len);
	return 0;
}

static int mem_write(void *ctx, uint64_t pa, const void *buf, size_t len)
{
	struct platform_memory *pm = ctx;

	pm->writes++;
	memcpy(pm->bytes + pa, buf, len);
	return 0;
}

static int die(const char *what)
{
	fprintf(stderr, "embed: %s: %s\n", what, tcesim_errmsg());
	return 1;
}

static int64_t opal(tcesim_machine *m, uint64_t token, const uint64_t *args,
		    unsigned nargs)
{
	int64_t ret;

	if (tcesim_opal_call(m, token, args, nargs, &ret))
		return -1000;
	return ret;
}

static void show(const char *what, const struct tcesim_dma_result *r)
{
	printf("%-28s %-6s pe=%u", what, tcesim_dma_status_name(r->status),
	       r->pe);
	if (r->status == TCESIM_DMA_OK)
		printf(" pa=0x%llx %s cycles=%llu", (unsigned long long)r->pa,
		       r->cache_hit ? "hit " : "miss", (unsigned long long)r->cycles);
	if (r->status == TCESIM_DMA_FAULT)
		printf(" fault=%s at 0x%llx", tcesim_fault_name(r->fault),
		       (unsigned long long)r->fault_addr);
	printf("\n");
}

int main(int argc, char **argv)
{
	struct platform_memory pm = { .bytes = calloc(1, RAM) };
	const struct tcesim_mem_region all = { 0, RAM, pm.bytes };
	const struct tcesim_memory mem = {
		.read = mem_read, .write = mem_write, .ctx = &pm,
		.regions = &all, .nregions = 1,
		/* the PHB's own accesses always through the callbacks */
		.flags = TCESIM_MEM_PHB_CALLBACKS,
	};
	static const char ini[] =
		"[machine]\n"
		"ram = 256M\n"
		"[tce_cache]\n"
		"entries = 64\n";
	struct tcesim_dma_req req = { .rid = RID, .len = 8,
				      .arrival = TCESIM_ASAP };
	struct tcesim_dma_result res;
	tcesim_setup *s;
	tcesim_machine *m;
	uint64_t table, data, val, state_pa;
	unsigned char state;
	char *json;
	int n, i;

	if (!pm.bytes)
		return 1;
	printf("libtcesim %s (API %u)\n", tcesim_version(), tcesim_api_version());
	s = tcesim_setup_new();
	if (!s || tcesim_setup_ini(s, "embed.ini", ini, sizeof(ini) - 1) ||
	    tcesim_setup_memory(s, &mem) ||
	    (argc > 1 && !strcmp(argv[1], "--timing") &&
	     tcesim_setup_set(s, "machine.mode=timing")))
		return die("setup");
	m = tcesim_create(s);
	tcesim_setup_free(s);
	if (!m)
		return die("create");

	/* 1. RID 0x0100 (bus 1, device 0, function 0) -> PE 5 */
	const uint64_t set_pe[] = { 0, PE, RID, TCESIM_OPAL_PCI_BUS_ALL,
				    TCESIM_OPAL_COMPARE_RID_DEVICE,
				    TCESIM_OPAL_COMPARE_RID_FUNCTION,
				    TCESIM_OPAL_MAP_PE };
	if (opal(m, TCESIM_OPAL_PCI_SET_PE, set_pe, 7) != TCESIM_OPAL_SUCCESS)
		return die("OPAL_PCI_SET_PE");

	/* 2. a 4 KiB table (512 TCEs, big-endian) and 8 data pages */
	if (tcesim_mem_alloc(m, 4096, 4096, &table) ||
	    tcesim_mem_alloc(m, PAGES * 4096, 0, &data))
		return die("memory");
	for (i = 0; i < PAGES; i++) {
		uint64_t perm = i == PAGES - 1 ? TCESIM_TCE_READ
					       : TCESIM_TCE_READ | TCESIM_TCE_WRITE;
		uint64_t tce = __builtin_bswap64((data + i * 4096ull) | perm);

		if (tcesim_mem_write(m, table + 8 * i, &tce, 8))
			return die("TCE table");
	}
	printf("TCE table at 0x%llx, data pages at 0x%llx\n",
	       (unsigned long long)table, (unsigned long long)data);

	/* 3. PE 5, window 0 (id PE * 2): 1 level, 4 KiB table, 4 KiB pages */
	const uint64_t map[] = { 0, PE, PE * 2, 1, table, 4096, 4096 };
	if (opal(m, TCESIM_OPAL_PCI_MAP_PE_DMA_WINDOW, map, 7) !=
	    TCESIM_OPAL_SUCCESS)
		return die("OPAL_PCI_MAP_PE_DMA_WINDOW");

	/* the device */
	val = 0x0123456789abcdefull;
	req.addr = 0x2010;
	req.dir = TCESIM_DMA_WRITE;
	if (tcesim_dma(m, 0, &req, &val, &res))
		return die("dma");
	show("write bus 0x2010", &res);
	val = 0;
	req.dir = TCESIM_DMA_READ;
	if (tcesim_dma(m, 0, &req, &val, &res))
		return die("dma");
	show("read  bus 0x2010", &res);
	printf("%-28s 0x%016llx\n", "  data read back", (unsigned long long)val);
	req.addr = (PAGES - 1) * 4096;
	req.dir = TCESIM_DMA_WRITE;
	if (tcesim_dma(m, 0, &req, &val, &res))
		return die("dma");
	show("write read-only page", &res);
	req.addr = 0;
	req.dir = TCESIM_DMA_READ;
	if (tcesim_dma(m, 0, &req, &val, &res))
		return die("dma");
	show("read  after the fault", &res);

	/* EEH: status, clear, and the device works again */
	if (tcesim_mem_alloc(m, 4096, 0, &state_pa))
		return die("memory");
	const uint64_t status[] = { 0, PE, state_pa, state_pa + 8, 0 };
	const uint64_t clear[] = { 0, PE, TCESIM_OPAL_EEH_ACTION_FREEZE_ALL };
	if (opal(m, TCESIM_OPAL_PCI_EEH_FREEZE_STATUS, status, 5) ||
	    tcesim_mem_read(m, state_pa, &state, 1))
		return die("EEH status");
	printf("%-28s state %u (3: MMIO and DMA frozen)\n", "EEH freeze status",
	       state);
	if (opal(m, TCESIM_OPAL_PCI_EEH_FREEZE_CLEAR, clear, 3))
		return die("EEH clear");
	if (tcesim_dma(m, 0, &req, &val, &res))
		return die("dma");
	show("read  after EEH clear", &res);

	printf("platform memory: %lu reads, %lu writes through the callbacks\n",
	       pm.reads, pm.writes);
	n = tcesim_stats_json(m, NULL, 0);
	json = n > 0 ? malloc((size_t)n + 1) : NULL;
	if (!json || tcesim_stats_json(m, json, (size_t)n + 1) != n)
		return die("statistics");
	printf("statistics: %s", json);
	free(json);
	tcesim_destroy(m);
	free(pm.bytes);
	return 0;
}
