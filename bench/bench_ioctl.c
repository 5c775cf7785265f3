// SPDX-License-Identifier: GPL-2.0
/*
 * Page maps/s and unmaps/s through the ioctl path (run by bench/run.sh,
 * not a test). A simulated process maps and unmaps IOMMU pages with
 * VFIO_IOMMU_MAP_DMA / VFIO_IOMMU_UNMAP_DMA on a booted PHB3 machine,
 * the ioctl structures passed through simulated user memory as a real
 * process does:
 *   v2: sPAPR TCE v2 with the buffer preregistered once, mapped into a
 *       64K-page window created for it (QEMU's flow);
 *   v1: sPAPR TCE v1 into the default 32-bit window (4K IOMMU pages),
 *       pages pinned on map and unpinned on unmap.
 * Each in two shapes: one MAP_DMA/UNMAP_DMA of the whole buffer (per-page
 * cost of the driver), and one IOMMU page per ioctl (per-call cost).
 *
 * Baseline, measured in the same run: a bare C loop storing the same
 * number of big-endian TCEs (and zeroes for unmap) into a host array of
 * the same size. It is the work a map cannot avoid (one 8-byte table
 * store per IOMMU page), as the bare walk is for translations; everything
 * above it is the driver stack, firmware and model.
 *
 * Output: a table on stdout and a JSON object at argv[1].
 */
#include "bench_rig.h"

#define BUF_BYTES (256 * MiB)
#define RUNS 5

/* pages/s for map and unmap; per_call: one IOMMU page per ioctl. */
static void run_maps(struct rig *r, bool per_call, double *map_ps,
		     double *unmap_ps)
{
	uint64_t pg = 1ull << r->io_shift, n = BUF_BYTES / pg, i;
	double vm[RUNS], vu[RUNS], t0;
	long rc;
	int k;

	for (k = 0; k < RUNS; k++) {
		t0 = now_s();
		if (per_call) {
			for (i = 0; i < n; i++)
				if ((rc = map(r->c, UA_BUF + i * pg,
					      r->iova + i * pg, pg)))
					die("MAP_DMA", rc);
		} else if ((rc = map(r->c, UA_BUF, r->iova, BUF_BYTES))) {
			die("MAP_DMA", rc);
		}
		vm[k] = (double)n / (now_s() - t0);
		if (k == 0) {
			check_mapped(r, 0, true);
			check_mapped(r, n - 1, true);
		}
		t0 = now_s();
		if (per_call) {
			for (i = 0; i < n; i++)
				if ((rc = unmap(r->c, r->iova + i * pg, pg)))
					die("UNMAP_DMA", rc);
		} else if ((rc = unmap(r->c, r->iova, BUF_BYTES))) {
			die("UNMAP_DMA", rc);
		}
		vu[k] = (double)n / (now_s() - t0);
	}
	/* a fault freezes the PE: check unmapping last */
	check_mapped(r, n / 2, false);
	*map_ps = median(vm, RUNS);
	*unmap_ps = median(vu, RUNS);
}

/* Baseline: store n big-endian TCEs into a host table, then clear them. */
static void run_bare(uint64_t n, double *map_ps, double *unmap_ps)
{
	volatile uint64_t *tbl = calloc(n, sizeof(*tbl));
	double vm[RUNS], vu[RUNS], t0;
	uint64_t i;
	int k;

	if (!tbl)
		die("calloc", -1);
	for (k = 0; k < RUNS; k++) {
		t0 = now_s();
		for (i = 0; i < n; i++)
			tbl[i] = __builtin_bswap64((0x80000000ull + (i << 12)) |
						   3);
		vm[k] = (double)n / (now_s() - t0);
		t0 = now_s();
		for (i = 0; i < n; i++)
			tbl[i] = 0;
		vu[k] = (double)n / (now_s() - t0);
	}
	free((void *)tbl);
	*map_ps = median(vm, RUNS);
	*unmap_ps = median(vu, RUNS);
}

int main(int argc, char **argv)
{
	static const char *const names[4] = {
		"v2_prereg_bulk", "v2_prereg_per_page", "v1_bulk",
		"v1_per_page",
	};
	const char *out = argc > 1 ? argv[1] : "results_ioctl.json";
	double mp[4], up[4], bm[4], bu[4];
	uint64_t pages[4], kills[4];
	struct rig r;
	FILE *f;
	int i;

	for (i = 0; i < 4; i++) {
		rig_up(&r, i < 2 ? B_V2 : B_V1, BUF_BYTES);
		pages[i] = BUF_BYTES >> r.io_shift;
		run_maps(&r, i & 1, &mp[i], &up[i]);
		kills[i] = tce_cache_get_stats(phb3_tce_cache(
				machine_phb3(r.m, 0)))->kill_one;
		rig_down(&r);
		run_bare(pages[i], &bm[i], &bu[i]);
	}

	printf("%-40s %12s %12s %8s\n", "benchmark (IOMMU pages/s)", "value",
	       "baseline", "ratio");
	for (i = 0; i < 4; i++) {
		printf("ioctl.%-19s map   (%6llu pg) %12.3g %12.3g %8.1f\n",
		       names[i], (unsigned long long)pages[i], mp[i], bm[i],
		       bm[i] / mp[i]);
		printf("ioctl.%-19s unmap (%6llu pg) %12.3g %12.3g %8.1f\n",
		       names[i], (unsigned long long)pages[i], up[i], bu[i],
		       bu[i] / up[i]);
		printf("  (%.2f TCE kill-one MMIO writes per page mapped or unmapped)\n",
		       (double)kills[i] / (2.0 * RUNS * (double)pages[i]));
	}
	f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 1;
	}
	fprintf(f, "{\n  \"note\": \"IOMMU pages per second through VFIO_IOMMU_MAP_DMA/UNMAP_DMA (median of %d); baseline = bare C loop storing the same number of TCEs into a host array; slowdown = baseline / value\",\n",
		RUNS);
	for (i = 0; i < 4; i++)
		fprintf(f, "  \"%s\": {\"io_page_bytes\": %llu, \"pages\": %llu, \"map_per_s\": %.0f, \"unmap_per_s\": %.0f, \"bare_map_per_s\": %.0f, \"bare_unmap_per_s\": %.0f, \"map_slowdown\": %.1f, \"unmap_slowdown\": %.1f}%s\n",
			names[i], (unsigned long long)BUF_BYTES / pages[i],
			(unsigned long long)pages[i], mp[i], up[i], bm[i],
			bu[i], bm[i] / mp[i], bu[i] / up[i], i < 3 ? "," : "");
	fprintf(f, "}\n");
	fclose(f);
	return 0;
}
