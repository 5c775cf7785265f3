/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Traffic generators: device models that issue DMA through the PHB at a
 * chosen rate, and the workload set-up that gets a machine ready for them
 * (machine, boot, a process, user memory, VFIO groups and containers,
 * v1 ENABLE or v2 preregistration + DDW, and the IO mappings).
 *
 * Generator kinds (one per device; every device of a run has the same):
 *   stream      sequential TLPs over the device's mapped buffer, wrapping
 *   nic-strict  NIC receive ring whose driver maps each packet buffer with
 *               VFIO_IOMMU_MAP_DMA before the device writes it and unmaps
 *               it (TCE kill) after: 2 ioctls per packet
 *   nic-pool    the same ring with every buffer mapped once at set-up
 *   scatter     TLPs at uniformly random TLP-aligned offsets of the
 *               working set (seeded PRNG: runs are reproducible)
 * A NIC packet is pkt_bytes written as a run of TLPs of tlp_bytes; ring
 * slots are 2 KiB apart (pkt_bytes rounded up to 2 KiB).
 *
 * Rate: offered load per device in bytes per second (decimal: "2.5G" is
 * 2.5e9 B/s). A device's k-th request arrives at PHB cycle
 *   start + bytes issued before it * clock_mhz * 1e6 / rate,
 * so a request of b bytes is followed b / rate seconds later. Rate 0
 * means back to back: every request arrives as soon as the fetch unit
 * accepts it (TIMING_ASAP), devices taking turns round robin.
 *
 * Driver cost (nic-strict, and the set-up maps): the CPU cycles the
 * simulated kernel charges (kc_cost_total deltas) are converted to PHB
 * cycles with clock_mhz / kc_cost_cpu_mhz. Each device has its own CPU:
 * a packet's DMA cannot arrive before its map ioctl has returned, and the
 * unmap runs on that CPU once the packet's DMA is complete.
 *
 * Only one run exists at a time (one machine per process).
 */
#ifndef TCESIM_TRAFFIC_H
#define TCESIM_TRAFFIC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcesim/config.h"
#include "tcesim/dma.h"

#define TRAFFIC_MAX_DEVS 32
#define TRAFFIC_TLP_MAX 65536	/* largest DMA request, bytes */

enum traffic_kind {
	TRAFFIC_STREAM = 0,
	TRAFFIC_NIC_STRICT,
	TRAFFIC_NIC_POOL,
	TRAFFIC_SCATTER,
	TRAFFIC_KIND_COUNT
};

const char *traffic_kind_name(enum traffic_kind k);
/* 0, or -EINVAL for an unknown name. */
int traffic_kind_parse(const char *s, enum traffic_kind *k);

/* Everything a run needs: hardware/timing config plus the workload. */
struct machine_phb3_hooks;

struct traffic_opts {
	struct tcesim_config hw;  /* PHB3 + timing parameters (.ini keys) */
	bool timing;		/* cycle-approximate timing (default on) */
	enum traffic_kind kind;	/* workload= (default scatter) */
	unsigned iommu;		/* iommu= 1 (v1: ENABLE, default 32-bit
				   window, 4 KiB IO pages) or 2 (v2:
				   preregistration + one DDW); default 2 */
	unsigned io_page_shift;	/* io_page= v2 DDW IO page: 12/16/24/28 */
	unsigned levels;	/* levels= v2 DDW table levels 1..5 */
	uint64_t window_bytes;	/* window= v2 DDW size (0: smallest power
				   of two holding every device's buffer) */
	unsigned host_page_shift; /* host_page= 12 or 16 (default 16) */
	unsigned pes;		/* pes= devices, one PE each (default 1) */
	unsigned phbs;		/* phbs= PHBs; device i on PHB i % phbs */
	bool shared_container;	/* shared= all groups in one container
				   (v2 only); default: one per device */
	uint64_t region_bytes;	/* region= per-device buffer / working set
				   (default 16 MiB); NIC kinds: the user
				   memory ("guest RAM") holding the ring,
				   mmapped and v2-registered whole, while
				   only ring * slot is IO-mapped */
	uint32_t tlp_bytes;	/* tlp= bytes per DMA request (256) */
	uint32_t pkt_bytes;	/* pkt= NIC packet bytes (1500) */
	unsigned ring;		/* ring= NIC ring entries (256) */
	double rate;		/* rate= bytes/s per device; 0 = back to
				   back (default) */
	uint64_t seed;		/* seed= PRNG seed (default 1) */
	enum sim_dma_dir dir;	/* dir= read|write (default: write for
				   NIC, read otherwise) */
	bool dir_set;
	unsigned batch;		/* batch= requests per machine call
				   (machine_dma_batch), default 64; 1 = one
				   at a time; the results are the same */
	/* Given to the machine (machine_config.phb3_hooks; the RTL
	   lockstep of --rtl). NULL: none. */
	const struct machine_phb3_hooks *phb3_hooks;
	void *phb3_hooks_ctx;
};

void traffic_opts_default(struct traffic_opts *o);
/*
 * Set one key: a workload key above, or any configuration key of
 * tcesim/config.h ("entries", "tce_cache.ways", "lat_mem_read", ...).
 * 0, or -EINVAL with a message naming the key and what was expected.
 */
int traffic_opts_set(struct traffic_opts *o, const char *key,
		     const char *value, char *err, size_t errlen);
/* "key=value" form of traffic_opts_set. */
int traffic_opts_assign(struct traffic_opts *o, const char *assignment,
			char *err, size_t errlen);
/* Cross-checks (v1 + shared, pes, sizes). 0 or -EINVAL with a message. */
int traffic_opts_check(const struct traffic_opts *o, char *err,
		       size_t errlen);
/* True if key names a workload key (not a config key). */
bool traffic_is_workload_key(const char *key);
/* Print the workload keys with meaning and default. */
void traffic_print_keys(FILE *f);

/* What one device did. */
struct traffic_dev_stats {
	uint64_t requests, bytes, faults;
	uint64_t hits, misses;	/* functional TCE cache, first IO page */
	uint64_t packets;	/* NIC packets */
	uint64_t map_ioctls, unmap_ioctls;
};

/* The outcome of a run (sums over devices and PHBs). */
struct traffic_result {
	uint64_t requests, bytes, faults, packets;
	uint64_t hits, misses;	/* functional TCE cache, first IO page */
	double hit_rate;	/* hits / (hits + misses) */
	/* timing (0 in functional mode) */
	bool timed;
	uint64_t translations;	/* IO-page lookups */
	uint64_t fetches;	/* misses that started a table fetch */
	double timing_hit_rate;	/* tag copy: lookups that started no fetch
				   (hits + merges into in-flight fetches) /
				   lookups */
	uint64_t walk_p50, walk_p99;	/* miss latency, cycles (worst PHB) */
	uint64_t xlate_p50, xlate_p99;	/* request latency, cycles */
	double walk_p50_ns, walk_p99_ns;
	uint64_t stall_cycles, span_cycles;
	/* span: first request ready at the device (with a link) or at the
	   fetch unit (without) to the last completion (link: data into
	   memory, or the last completion in the device; else translated) */
	double xlate_per_s, gbytes_per_s;	/* over the span */
	/* PCIe links (timing mode, link.enabled; over every PHB's link):
	   payload GB/s and TLPs/s per direction over the span (up: writes
	   and read requests, down: read completions), utilisation (wire
	   busy / span) of the busiest link, stall cycles summed */
	bool link;
	double link_up_gbytes_per_s, link_down_gbytes_per_s;
	double link_up_tlps_per_s, link_down_tlps_per_s;
	double link_up_util, link_down_util;
	uint64_t link_credit_stall_cycles;	/* up and down */
	uint64_t link_tag_stall_cycles;	/* reads waiting for a device tag */
	uint64_t link_xlate_wait_cycles;	/* TLPs waiting for translation */
	/* driver (CPU cycles from the cost model; 0 without it) */
	bool costed;
	unsigned cpu_mhz;
	uint64_t map_ioctls, unmap_ioctls, ioctls;
	uint64_t map_pages, unmap_pages;	/* IO pages */
	uint64_t map_cycles, unmap_cycles;
	double map_cycles_per_page, unmap_cycles_per_page;
	uint64_t reg_pages, reg_cycles;	/* v2 preregistration (host pages) */
	uint64_t setup_cycles;	/* every driver cycle before the first DMA */
	int64_t locked_vm;	/* pages, at the end of the run */
	int64_t pinned;		/* pages pinned, at the end of the run */
	unsigned io_page_shift, levels;	/* what the run really used */
	uint64_t window_bytes;
};

struct traffic_run;

/*
 * Create the machine and set the workload up (everything up to the first
 * DMA). NULL with a message in err on error (bad option, ioctl refused:
 * the message names the ioctl and the errno).
 */
struct traffic_run *traffic_create(const struct traffic_opts *o, char *err,
				   size_t errlen);
/*
 * Issue n more DMA requests in total (over all devices, in arrival
 * order). 0, or -errno with a message (a failed ioctl of the strict
 * driver). Faults are counted, not errors.
 */
int traffic_step(struct traffic_run *r, uint64_t n, char *err,
		 size_t errlen);
void traffic_get_result(const struct traffic_run *r,
			struct traffic_result *res);
unsigned traffic_ndevs(const struct traffic_run *r);
const struct traffic_dev_stats *traffic_dev(const struct traffic_run *r,
					    unsigned i);
struct machine *traffic_machine(struct traffic_run *r);
/* Unmaps, closes, exits the process and destroys the machine. */
void traffic_destroy(struct traffic_run *r);

/* Human-readable report; JSON object of the result. */
void traffic_print_report(const struct traffic_run *r, FILE *f);
void traffic_print_json(const struct traffic_run *r, FILE *f);

/* Reproducible PRNG used by the scatter generator (splitmix64). */
uint64_t traffic_rand_next(uint64_t *state);

/* Parse a rate "2.5G", "800M", "0", "max": bytes/s; -EINVAL. */
int traffic_parse_rate(const char *s, double *rate);
/* Parse a size with binary suffix "64K", "16M", "1G"; -EINVAL. */
int traffic_parse_size(const char *s, uint64_t *v);

/* `tcesim traffic` (traffic_cli.c); returns the exit code. */
int traffic_cli_main(int argc, char **argv);
/*
 * --rtl / --rtl-trace FILE.fst of `tcesim traffic`, provided by the
 * command line (the RTL twin lives outside this library): create sets
 * o's phb3_hooks (NULL: out of memory); after the run, report prints
 * the mismatches on err and "rtl lockstep: N requests, M mismatches" on
 * out, returning M; destroy frees.
 */
struct traffic_rtl {
	void *(*create)(const char *fst, struct traffic_opts *o);
	uint64_t (*report)(void *ctx, FILE *out, FILE *err);
	void (*destroy)(void *ctx);
};
/* traffic_cli_main with --rtl available through rtl (NULL: refused). */
int traffic_cli_run(int argc, char **argv, const struct traffic_rtl *rtl);
/* Its help text (`tcesim traffic --help`, the manual page). */
void traffic_cli_help(FILE *f);

#endif /* TCESIM_TRAFFIC_H */
