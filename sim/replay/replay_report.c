// SPDX-License-Identifier: GPL-2.0
/*
 * Replay reports: the final report (text with a timing summary per
 * timing core in timing mode, or JSON), periodic epoch reports on the
 * machine clock (CSV or JSON), and the --json, --csv and --record files.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "kc/host.h"
#include "replay_internal.h"
#include "tcesim/clock.h"
#include "tcesim/sim_io.h"

/* ---- epoch reports ---------------------------------------------------------- */

/* One periodic report, in the final report's format (tcesim/stats.h). */
static void epoch_write(struct replay *r, long epoch)
{
	FILE *f = r->epoch_out.f;

	if (!f || !r->m)
		return;
	if (!r->epoch_json) {
		sim_stats_print_csv(machine_stats(r->m), f, epoch,
				    r->epochs_written == 0);
	} else {
		fprintf(f, "%s  {\"epoch\": %ld, \"cycle\": %" PRIu64
			", \"stats\": ", r->epochs_written ? ",\n" : "[\n",
			epoch, sim_clock_now(machine_clock(r->m)));
		sim_stats_print_json(machine_stats(r->m), f, 4);
		fputs("}", f);
	}
	r->epochs_written++;
}

static void epoch_report(void *ctx, long epoch)
{
	epoch_write(ctx, epoch);
}

void replay_epoch_start(struct replay *r)
{
	if (r->epoch_out.f)
		sim_clock_set_epoch(machine_clock(r->m),
				    r->cfg.timing_params.epoch_cycles,
				    epoch_report, r);
}

/* The final state (epoch -1) and the JSON array's end. */
static void epoch_finish(struct replay *r)
{
	if (!r->epoch_out.f)
		return;
	epoch_write(r, -1);
	if (r->epoch_json)
		fputs(r->epochs_written ? "\n]\n" : "[]\n", r->epoch_out.f);
}

/* ---- the timing summary ------------------------------------------------------ */

static double stat_of(struct replay *r, const char *pfx, const char *name)
{
	char full[256];
	const struct sim_stat *st;

	snprintf(full, sizeof(full), "%s.%s", pfx, name);
	st = sim_stats_find(machine_stats(r->m), full);
	return st ? sim_stat_value(st) : 0.0;
}

/* "label p50 A p90 B p99 C max D cycles (a b c d ns)" of one latency. */
static void latency_line(struct replay *r, FILE *f, const char *pfx,
			 const char *label, const char *name)
{
	static const char *const q[] = { "p50", "p90", "p99", "max" };
	char n[4][40];

	fprintf(f, "%s", label);
	for (unsigned j = 0; j < 4; j++) {
		snprintf(n[j], sizeof(n[j]), "%s.%s", name, q[j]);
		fprintf(f, " %s %.0f", q[j], stat_of(r, pfx, n[j]));
	}
	fprintf(f, " cycles (");
	for (unsigned j = 0; j < 4; j++) {
		char ns[200];
		snprintf(ns, sizeof(ns), "%s_ns", n[j]);
		fprintf(f, "%s%.1f", j ? " " : "", stat_of(r, pfx, ns));
	}
	fprintf(f, " ns)\n");
}

/* The figures of one timing core (statistics prefix pfx). */
static void timing_core_summary(struct replay *r, FILE *f,
				const struct fetch_timing *t, const char *pfx)
{
	const struct fetch_timing_stats *st = fetch_timing_get_stats(t);
	uint64_t lk = st->translations - st->bypass;

	fprintf(f, "\n== timing: %s (%" PRIu64 " MHz) ==\n", pfx,
		fetch_timing_get_params(t)->clock_mhz);
	fprintf(f, "requests          %" PRIu64 " (%" PRIu64 " bytes)\n",
		st->requests, st->bytes);
	fprintf(f, "translations      %" PRIu64 " (%" PRIu64 " bypass): %" PRIu64
		" hits, %" PRIu64 " merged, %" PRIu64 " misses; hit rate %.2f%%\n",
		st->translations, st->bypass, st->hits, st->merges,
		st->misses, lk ? 100.0 * (double)st->hits / (double)lk : 0.0);
	fprintf(f, "walks by depth    1:%" PRIu64 " 2:%" PRIu64 " 3:%" PRIu64
		" 4:%" PRIu64 " 5:%" PRIu64 " (%" PRIu64 " memory reads)\n",
		st->walks[1], st->walks[2], st->walks[3], st->walks[4],
		st->walks[5], st->mem_reads);
	latency_line(r, f, pfx, "walk latency     ", "walk_latency");
	latency_line(r, f, pfx, "xlate latency    ", "xlate_latency");
	fprintf(f, "throughput        %.4g translations/s, %.4g GB/s over %.1f ns\n",
		stat_of(r, pfx, "translations_per_s"), stat_of(r, pfx, "gbps"),
		stat_of(r, pfx, "elapsed_ns"));
	fprintf(f, "fetch tags        %" PRIu64 " stall cycles (%" PRIu64
		" stalls), occupancy %.3f, max %" PRIu64 "\n",
		st->stall_cycles, st->stalls, stat_of(r, pfx, "tag_occupancy"),
		st->tag_max);
	fprintf(f, "kills             all %" PRIu64 ", pe %" PRIu64 ", one %" PRIu64
		"; %.2f pages per kill; %" PRIu64 " cycles blocked, %" PRIu64
		" draining\n", st->kills[0], st->kills[1], st->kills[2],
		stat_of(r, pfx, "pages_per_kill"), st->kill_cycles,
		st->kill_drain_cycles);
}

/* The figures of PHB i's PCIe link, if it has one. */
static void link_summary(struct replay *r, FILE *f, unsigned i)
{
	struct pcie_link *l = machine_link(r->m, i);
	const struct pcie_link_params *p;
	const struct pcie_link_stats *st;
	char pfx[40];

	if (!l)
		return;
	p = pcie_link_get_params(l);
	st = pcie_link_get_stats(l);
	snprintf(pfx, sizeof(pfx), "phb3.%u.link", i);
	fprintf(f, "link              Gen%" PRIu64 " x%" PRIu64 ", MPS %" PRIu64
		": up %" PRIu64 " TLPs %.4g GB/s utilisation %.3f, down %" PRIu64
		" TLPs %.4g GB/s utilisation %.3f\n", p->gen, p->width, p->mps,
		st->up.tlps, stat_of(r, pfx, "up.gbps"),
		stat_of(r, pfx, "up.utilisation"), st->down.tlps,
		stat_of(r, pfx, "down.gbps"), stat_of(r, pfx, "down.utilisation"));
	fprintf(f, "link stalls       credits %" PRIu64 " up / %" PRIu64
		" down cycles, tags %" PRIu64 " cycles, waiting for translation %"
		PRIu64 " cycles; read round trip %.1f ns\n",
		st->up.credit_stall_cycles, st->down.credit_stall_cycles,
		st->tag_stall_cycles, st->xlate_wait_cycles,
		stat_of(r, pfx, "read_rtt_mean_ns"));
}

/* The timing figures of each timing core, readable (text report). */
static void timing_summary(struct replay *r, FILE *f)
{
	const struct fetch_timing *prev = NULL;

	for (unsigned i = 0; i < r->cfg.nr_phbs; i++) {
		const struct fetch_timing *t = machine_timing(r->m, i);
		char pfx[40];

		if (!t || t == prev)
			continue;
		prev = t;
		if (r->cfg.platform == MACHINE_P5IOC2)
			snprintf(pfx, sizeof(pfx), "p5ioc2.timing");
		else
			snprintf(pfx, sizeof(pfx), "phb3.%u.timing", i);
		timing_core_summary(r, f, t, pfx);
		link_summary(r, f, i);
	}
	if (r->cfg.timing)
		fprintf(f, "clock             %" PRIu64 " cycles (%.1f ns)\n",
			sim_clock_now(machine_clock(r->m)),
			sim_clock_cycles_to_ns(machine_clock(r->m),
					       sim_clock_now(machine_clock(r->m))));
}

/* ---- the final report ----------------------------------------------------------- */

static void report_json(struct replay *r, FILE *f,
			const struct kc_counters *c, int64_t lv)
{
	fputs("{\n  \"trace\": ", f);
	sim_json_str(f, r->t->name);
	fprintf(f, ",\n  \"operations\": %" PRIu64
		",\n  \"mismatches\": %" PRIu64 ",\n  \"ioctl_errors\": %" PRIu64
		",\n  \"unexpected_errors\": %" PRIu64 ",\n  \"tolerant\": %s"
		",\n  \"dma\": %" PRIu64 ",\n  \"dma_faults\": %" PRIu64
		",\n  \"dma_frozen\": %" PRIu64 ",\n  \"locked_vm_pages\": %" PRId64
		",\n  \"pinned_pages\": %" PRIu64 ",\n  \"kernel_page_bytes\": %" PRIu64
		",\n  \"warns\": %" PRIu64 ",\n  \"opal_calls\": %" PRIu64
		",\n  \"mmio_reads\": %" PRIu64 ",\n  \"mmio_writes\": %" PRIu64
		",\n  \"mode\": \"%s\",\n  \"stats\": ",
		r->ops, r->mismatches, r->ioctl_errors, r->unexpected, r->o->tolerant ? "true" : "false", r->dmas,
		r->dma_faults, r->dma_frozen, lv, c->pinned_pages,
		c->page_bytes_live, c->warn_count, c->opal_calls,
		c->mmio_reads, c->mmio_writes,
		r->cfg.timing ? "timing" : "functional");
	if (r->m)
		sim_stats_print_json(machine_stats(r->m), f, 2);
	else
		fputs("{}", f);
	if (r->booted) {
		fputs(",\n  \"driver_cost\": ", f);
		kc_cost_print_json(f, 2);
	}
	fputs("\n}\n", f);
}

static void report_text(struct replay *r, FILE *f,
			const struct kc_counters *c, int64_t lv)
{
	fprintf(f, "\n== report ==\n");
	fprintf(f, "operations        %" PRIu64 "\n", r->ops);
	fprintf(f, "failed ioctls     %" PRIu64 " (%" PRIu64 " unexpected: no expect.errno%s)\n",
		r->ioctl_errors, r->unexpected, r->o->tolerant ? ", tolerated" : "");
	fprintf(f, "expectations      %" PRIu64 " failed\n", r->mismatches);
	fprintf(f, "device DMAs       %" PRIu64 " (%" PRIu64 " faults, %" PRIu64 " refused: frozen)\n",
		r->dmas, r->dma_faults, r->dma_frozen);
	if (r->booted) {
		fprintf(f, "locked_vm         %" PRId64 " pages (current process)\n", lv);
		fprintf(f, "pinned pages      %" PRIu64 "\n", c->pinned_pages);
		fprintf(f, "kernel page bytes %" PRIu64 " (TCE tables and other kernel pages)\n",
			c->page_bytes_live);
		fprintf(f, "kernel WARNs      %" PRIu64 "\n", c->warn_count);
		fprintf(f, "firmware calls    %" PRIu64 " (OPAL, from the driver)\n",
			c->opal_calls);
		fprintf(f, "driver MMIO       %" PRIu64 " reads, %" PRIu64 " writes\n",
			c->mmio_reads, c->mmio_writes);
	}
	if (r->m)
		timing_summary(r, f);
	if (r->m) {
		fprintf(f, "\n== statistics ==\n");
		sim_stats_print_text(machine_stats(r->m), f);
	}
	if (r->booted)
		kc_cost_print_text(f);
}

void replay_report(struct replay *r, FILE *f, bool json)
{
	struct kc_counters c;
	int64_t lv = -1;

	memset(&c, 0, sizeof(c));
	if (r->booted) {
		kc_get_counters(&c);
		if (replay_cur_proc(r))
			lv = kc_proc_locked_vm(replay_cur_proc(r)->pid);
	}
	if (json)
		report_json(r, f, &c, lv);
	else
		report_text(r, f, &c, lv);
}

/* ---- report files ------------------------------------------------------------- */

static void write_csv(struct replay *r, FILE *f)
{
	if (r->m)
		sim_stats_print_csv(machine_stats(r->m), f, -1, 1);
	else
		fputs("epoch,name,value,unit\n", f);
}

/* The output files in the order they are opened and written. */
static struct sim_out *out_of(struct replay *r, unsigned i, const char **path)
{
	const struct replay_opts *o = r->o;

	switch (i) {
	case 0: *path = o->json_path; return &r->json_out;
	case 1: *path = o->epoch_path; return &r->epoch_out;
	case 2: *path = o->csv_path; return &r->csv_out;
	default: *path = o->record_path; return &r->rec_out;
	}
}

#define NR_OUTS 4

static void files_abandon(struct replay *r)
{
	const char *path;

	for (unsigned i = 0; i < NR_OUTS; i++)
		sim_out_abandon(out_of(r, i, &path));
}

int replay_files_open(struct replay *r)
{
	const char *path = r->o->epoch_path;
	char err[512];

	if (path && (!r->o->timing || !r->cfg.timing_params.epoch_cycles)) {
		fprintf(replay_errf(r), "%s: epoch reports need timing mode and stats.epoch_cycles > 0\n",
			path);
		return REPLAY_INPUT_ERROR;
	}
	if (path) {
		const char *dot = strrchr(path, '.');

		r->epoch_json = dot && !strcmp(dot, ".json");
	}
	for (unsigned i = 0; i < NR_OUTS; i++) {
		struct sim_out *so = out_of(r, i, &path);

		if (path && sim_out_open(so, path, err, sizeof(err))) {
			fprintf(replay_errf(r), "%s\n", err);
			files_abandon(r);
			return REPLAY_INPUT_ERROR;
		}
	}
	return REPLAY_OK;
}

int replay_write_files(struct replay *r, int status)
{
	const char *path;
	char err[512];

	if (r->json_out.f)
		replay_report(r, r->json_out.f, true);
	epoch_finish(r);
	if (r->csv_out.f)
		write_csv(r, r->csv_out.f);
	if (r->rec_out.f)
		trace_write_text(&r->rec, r->rec_out.f);
	for (unsigned i = 0; i < NR_OUTS; i++)
		if (sim_out_close(out_of(r, i, &path), err, sizeof(err))) {
			fprintf(replay_errf(r), "%s\n", err);
			status = REPLAY_INPUT_ERROR;
		}
	return status;
}
