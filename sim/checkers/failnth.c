// SPDX-License-Identifier: GPL-2.0
/*
 * fail-nth sweep driver: replays one trace in-process many times through
 * replay hooks. The BOOTED hook takes the kernel baseline and arms
 * kc_fail_nth (boot itself is never failed: the sweep is about the
 * runtime paths a process reaches); OP_DONE notices the operation during
 * which the failure was injected and what it returned; TEARDOWN disarms,
 * closes every fd of every process and compares the kernel counters with
 * the baseline; after the replay the kc_shutdown snapshot is compared
 * with the one of the unfailed run.
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcesim/failnth.h"
#include "tcesim/invariants.h"
#include "kc/host.h"
#include "tcesim/replay.h"

#define MAX_PIDS 64
#define MAX_FD 256

static const unsigned kind_mask[FAILNTH_NKINDS] = {
	[FAILNTH_KMALLOC] = KC_FAIL_KMALLOC,
	[FAILNTH_PAGES] = KC_FAIL_PAGES,
	[FAILNTH_PIN] = KC_FAIL_PIN,
};

static const char *const kind_names[FAILNTH_NKINDS] = {
	"kmalloc", "pages", "pin",
};

const char *failnth_kind_name(enum failnth_kind k)
{
	return k < FAILNTH_NKINDS ? kind_names[k] : "?";
}

int failnth_kinds_parse(const char *s)
{
	if (!strcmp(s, "all"))
		return FAILNTH_ALL;
	for (int k = 0; k < FAILNTH_NKINDS; k++)
		if (!strcmp(s, kind_names[k]))
			return 1 << k;
	return -1;
}

static uint64_t sites(const struct kc_counters *c, enum failnth_kind k)
{
	return k == FAILNTH_KMALLOC ? c->fail_sites_kmalloc :
	       k == FAILNTH_PAGES ? c->fail_sites_pages : c->fail_sites_pin;
}

/* Points [first, last] reached during one operation (counting run). */
struct op_span {
	uint64_t first, last;
};

/* What one run saw. */
struct run {
	enum failnth_kind kind;
	uint64_t nth;		/* 0: counting run, nothing armed */
	bool booted;
	struct kc_counters base;	/* right after boot */
	struct kc_counters prev;	/* after the previous op */
	uint64_t sites;		/* sites passed between boot and teardown */
	int pids[MAX_PIDS];
	unsigned npids;
	/* the injected failure */
	bool injected, pending;
	unsigned line;		/* trace line of the op that hit it */
	int verb;
	bool in_syscall;
	int64_t ret;
	/* teardown findings */
	char problem[384];
	bool leak, lost, warn;
	/* chained hooks: the invariant checker, the caller's */
	struct invariants *inv;
	const struct replay_hooks *extra;
	char hook_msg[512];
	/* counting run: the span of points of each operation */
	struct op_span *spans;
	size_t nspans, cap;
};

static void add_pid(struct run *r, int pid)
{
	for (unsigned i = 0; i < r->npids; i++)
		if (r->pids[i] == pid)
			return;
	if (pid > 0 && r->npids < MAX_PIDS)
		r->pids[r->npids++] = pid;
}

static void note(struct run *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void note(struct run *r, const char *fmt, ...)
{
	size_t n = strlen(r->problem);
	va_list ap;

	if (n + 2 >= sizeof(r->problem))
		return;
	if (n)
		r->problem[n++] = ';', r->problem[n++] = ' ', r->problem[n] = 0;
	va_start(ap, fmt);
	vsnprintf(r->problem + n, sizeof(r->problem) - n, fmt, ap);
	va_end(ap);
}

/* Compare one live counter with its baseline. */
static void cmp(struct run *r, const char *what, uint64_t now, uint64_t base)
{
	if (now > base) {
		r->leak = true;
		note(r, "%s %" PRIu64 " > %" PRIu64, what, now, base);
	} else if (now < base) {
		r->lost = true;
	}
}

static void teardown(struct run *r)
{
	struct kc_counters c;
	int cur = kc_proc_current();

	r->pending = kc_fail_nth_pending();
	kc_fail_nth(0, 0);
	kc_get_counters(&c);
	r->sites = sites(&c, r->kind) - sites(&r->base, r->kind);
	/* Every process closes every fd it still holds. */
	for (unsigned i = 0; i < r->npids; i++) {
		if (kc_proc_switch(r->pids[i]))
			continue;
		for (int fd = 0; fd < MAX_FD; fd++)
			kc_close(fd);
	}
	kc_get_counters(&c);
	cmp(r, "kmalloc_live", c.kmalloc_live, r->base.kmalloc_live);
	cmp(r, "kmalloc_bytes", c.kmalloc_live_bytes, r->base.kmalloc_live_bytes);
	cmp(r, "pages_live", c.pages_live, r->base.pages_live);
	cmp(r, "page_bytes", c.page_bytes_live, r->base.page_bytes_live);
	cmp(r, "files_open", c.files_open, r->base.files_open);
	if (c.pinned_pages) {
		r->leak = true;
		note(r, "pinned_pages %" PRIu64, c.pinned_pages);
	}
	for (unsigned i = 0; i < r->npids; i++) {
		int64_t lv = kc_proc_locked_vm(r->pids[i]);
		if (lv > 0) {
			r->leak = true;
			note(r, "locked_vm %" PRId64 " (pid %d)", lv, r->pids[i]);
		}
	}
	if (c.warn_count) {
		r->warn = true;
		note(r, "%" PRIu64 " WARN(s)", c.warn_count);
	}
	if (cur > 0)
		kc_proc_switch(cur);
}

static int own_hook(struct run *r, enum replay_event ev,
		    const struct trace_op *op, char *msg, size_t msglen);

/* The chained hooks; the first failure is kept in r->hook_msg. */
static int chained(struct run *r, enum replay_event ev,
		   const struct trace_op *op, struct machine *m, char *msg,
		   size_t msglen)
{
	int rc = 0;

	if (r->inv)
		rc = invariants_event(r->inv, ev, op, m, msg, msglen);
	if (!rc && r->extra && r->extra->event)
		rc = r->extra->event(r->extra->ctx, ev, op, m, msg, msglen);
	if (rc && !r->hook_msg[0])
		snprintf(r->hook_msg, sizeof(r->hook_msg), "%s",
			 msg[0] ? msg : "hook failed");
	return rc;
}

static int hook(void *ctx, enum replay_event ev, const struct trace_op *op,
		struct machine *m, char *msg, size_t msglen)
{
	struct run *r = ctx;
	int rc;

	if (ev == REPLAY_EV_TEARDOWN) {
		rc = chained(r, ev, op, m, msg, msglen);
		own_hook(r, ev, op, msg, msglen);
		return rc;
	}
	rc = own_hook(r, ev, op, msg, msglen);
	return rc ? rc : chained(r, ev, op, m, msg, msglen);
}

static int own_hook(struct run *r, enum replay_event ev,
		    const struct trace_op *op, char *msg, size_t msglen)
{
	struct kc_counters c;

	switch (ev) {
	case REPLAY_EV_BOOTED:
		kc_get_counters(&r->base);
		r->prev = r->base;
		r->booted = true;
		add_pid(r, kc_proc_current());
		if (r->nth)
			kc_fail_nth(kind_mask[r->kind], r->nth);
		return 0;
	case REPLAY_EV_OP_DONE:
		if (!r->booted)
			return 0;
		if (op->verb == TV_PROC_CREATE || op->verb == TV_PROC_FORK)
			add_pid(r, kc_proc_current());
		kc_get_counters(&c);
		if (!r->nth && sites(&c, r->kind) != sites(&r->prev, r->kind)) {
			if (r->nspans == r->cap) {
				size_t cap = r->cap ? 2 * r->cap : 64;
				struct op_span *n = realloc(r->spans, cap * sizeof(*n));
				if (!n) {
					snprintf(msg, msglen, "out of memory");
					return -1;
				}
				r->spans = n;
				r->cap = cap;
			}
			r->spans[r->nspans++] = (struct op_span){
				sites(&r->prev, r->kind) - sites(&r->base, r->kind) + 1,
				sites(&c, r->kind) - sites(&r->base, r->kind) };
		}
		if (c.fail_injected != r->prev.fail_injected && !r->injected) {
			r->injected = true;
			r->line = op->line;
			r->verb = op->verb;
			r->in_syscall = c.syscalls != r->prev.syscalls;
			r->ret = c.last_syscall_ret;
		}
		r->prev = c;
		return 0;
	case REPLAY_EV_TEARDOWN:
		if (r->booted)
			teardown(r);
		return 0;
	}
	return 0;
}

/* After kc_shutdown: compare its snapshot with the unfailed run's. */
static void after_exit(struct run *r, const struct kc_counters *e0)
{
	struct kc_counters e;

	kc_last_exit_counters(&e);
	cmp(r, "exit kmalloc_live", e.kmalloc_live, e0->kmalloc_live);
	cmp(r, "exit kmalloc_bytes", e.kmalloc_live_bytes, e0->kmalloc_live_bytes);
	cmp(r, "exit pages_live", e.pages_live, e0->pages_live);
	cmp(r, "exit files_open", e.files_open, e0->files_open);
	cmp(r, "exit iommu_groups", e.iommu_groups_live, e0->iommu_groups_live);
	cmp(r, "exit ioremaps", e.ioremaps_live, e0->ioremaps_live);
	if (e.pinned_pages) {
		r->leak = true;
		note(r, "exit pinned_pages %" PRIu64, e.pinned_pages);
	}
	if (e.warn_count && !r->warn) {
		r->warn = true;
		note(r, "%" PRIu64 " WARN(s) by shutdown", e.warn_count);
	}
}

/* Where a crash happened (printed by the signal handler). During runs
 * the replay's own messages (about ops that lost their fd: expected) go
 * to /dev/null through replay_opts.err; fd 2 is untouched, so sanitizer
 * reports and this message still reach the terminal. */
static volatile sig_atomic_t crash_set;
static char crash_where[160];

static void on_crash(int sig)
{
	if (crash_set) {
		ssize_t n = (ssize_t)strlen(crash_where);
		if (write(2, crash_where, (size_t)n) < 0)
			n = 0;
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

static int run_once(const struct trace *t, struct run *r, FILE *devnull,
		    const struct failnth_opts *fo)
{
	struct replay_hooks h = { .ctx = r, .event = hook };
	struct replay_opts o = {
		.quiet = true, .out = devnull, .err = devnull, .hooks = &h,
		.no_report = true,
	};
	int rc;

	r->extra = fo->extra;
	if (fo->invariants && !(r->inv = invariants_create()))
		return 2;
	rc = replay_trace(t, &o);
	invariants_destroy(r->inv);
	r->inv = NULL;
	return rc;
}

static bool sampled(const struct failnth_opts *o, const struct run *r0,
		    uint64_t k, uint64_t n)
{
	if (o->per_op) {
		for (size_t i = 0; i < r0->nspans; i++) {
			const struct op_span *s = &r0->spans[i];
			if (k < s->first || k > s->last)
				continue;
			if (k - s->first >= o->per_op && s->last - k >= o->per_op)
				return false;
			break;
		}
	}
	if (o->sample <= 1 || k <= 10 || k + 10 > n)
		return true;
	return k % o->sample == 0;
}

static const char *verb_name(int v)
{
	return v >= 0 && v < TV_COUNT ? trace_verb_name((enum trace_verb)v) : "?";
}

/* Counts run r in f; true when it shows a problem of the code under
 * test (not reported, or reported where nothing could fail). */
static bool classify(struct failnth_figures *f, const struct run *r)
{
	bool bad = false;

	f->runs++;
	if (!r->injected) {
		f->not_reached++;
	} else if (!r->in_syscall) {
		f->outside++;
		bad = true;
	} else if (r->ret < 0 && r->ret >= -4095) {
		f->clean_errno++;
	} else if (r->verb == TV_CLOSE) {
		f->release++;
	} else {
		f->absorbed++;
		bad = true;
	}
	if (r->lost)
		f->lost++;
	if (r->leak)
		f->leaks++;
	if (r->warn)
		f->warns++;
	if (r->hook_msg[0])
		f->other++;
	return bad;
}

/* One finding line: where the failure was injected and what went wrong. */
static void report_run(FILE *out, const struct trace *t, int k, uint64_t nth,
		       const struct run *r, bool bad)
{
	fprintf(out, "%s: %s k=%" PRIu64 ": ", t->name, kind_names[k], nth);
	if (r->injected)
		fprintf(out, "line %u %s returned %" PRId64 "%s%s",
			r->line, verb_name(r->verb), r->ret,
			r->in_syscall ? "" : " (no syscall)",
			bad ? " (failure not reported)" : "");
	if (r->problem[0])
		fprintf(out, "%s%s", r->injected ? "; " : "", r->problem);
	if (r->hook_msg[0])
		fprintf(out, "; %s", r->hook_msg);
	fputc('\n', out);
}

/* The run with the nth site of kind k failing; true if it had a problem
 * (its finding printed while fewer than maxf were). */
static bool run_nth(const struct trace *t, const struct failnth_opts *o,
		    int k, uint64_t nth, uint64_t n, FILE *devnull,
		    const struct kc_counters *e0, struct failnth_figures *f,
		    unsigned *shown)
{
	unsigned maxf = o->max_findings ? o->max_findings : 20;
	FILE *out = o->out ? o->out : stdout;
	struct run r;

	memset(&r, 0, sizeof(r));
	r.kind = (enum failnth_kind)k;
	r.nth = nth;
	snprintf(crash_where, sizeof(crash_where),
		 "\nfailnth: crashed in %s, %s k=%" PRIu64 "\n",
		 t->name, kind_names[k], nth);
	crash_set = 1;
	if (o->progress)
		fprintf(stderr, "\r%s %s %" PRIu64 "/%" PRIu64 "   ",
			t->name, kind_names[k], nth, n);
	run_once(t, &r, devnull, o);
	crash_set = 0;
	if (!r.leak)
		after_exit(&r, e0);
	bool bad = classify(f, &r);
	bool problem = bad || r.leak || r.warn || r.hook_msg[0];
	if (problem && (*shown)++ < maxf)
		report_run(out, t, k, nth, &r, bad);
	return problem;
}

/* The unfailed run, then every (sampled) injection point of kind k.
 * Returns 0, 1 (a problem) or 2 (the trace does not replay). */
static int sweep_kind(const struct trace *t, const struct failnth_opts *o,
		      int k, struct failnth_result *res, FILE *devnull)
{
	FILE *out = o->out ? o->out : stdout;
	struct failnth_figures *f = &res->k[k];
	struct kc_counters e0;
	struct run r0;
	unsigned shown = 0;
	int status = 0;

	memset(&r0, 0, sizeof(r0));
	r0.kind = (enum failnth_kind)k;
	int rc = run_once(t, &r0, devnull, o);
	if (rc == 2 || !r0.booted) {
		fprintf(out, "%s: the trace does not replay without failures (exit %d)\n",
			t->name, rc);
		free(r0.spans);
		return 2;
	}
	kc_last_exit_counters(&e0);
	if (k == 0 || !res->baseline_ok)
		res->baseline_ok = !r0.leak && !r0.warn;
	if (r0.leak || r0.warn || r0.hook_msg[0]) {
		fprintf(out, "%s: the unfailed run is not clean: %s%s\n",
			t->name, r0.problem, r0.hook_msg);
		res->baseline_ok = false;
		status = 1;
	}
	f->points = r0.sites;
	uint64_t n = o->max && o->max < f->points ? o->max : f->points;
	for (uint64_t nth = 1; nth <= n; nth++)
		if (sampled(o, &r0, nth, n) &&
		    run_nth(t, o, k, nth, n, devnull, &e0, f, &shown))
			status = 1;
	if (o->progress && n)
		fputc('\n', stderr);
	free(r0.spans);
	return status;
}

void failnth_figures_add(struct failnth_figures *s,
			 const struct failnth_figures *f)
{
	s->points += f->points;
	s->runs += f->runs;
	s->clean_errno += f->clean_errno;
	s->release += f->release;
	s->absorbed += f->absorbed;
	s->outside += f->outside;
	s->not_reached += f->not_reached;
	s->lost += f->lost;
	s->leaks += f->leaks;
	s->warns += f->warns;
	s->other += f->other;
}

int failnth_sweep(const struct trace *t, const struct failnth_opts *o,
		  struct failnth_result *res)
{
	FILE *devnull = fopen("/dev/null", "w");
	int status = 0;

	memset(res, 0, sizeof(*res));
	if (!devnull)
		return 2;
	signal(SIGABRT, on_crash);
	signal(SIGSEGV, on_crash);
	for (int k = 0; k < FAILNTH_NKINDS; k++) {
		if (!(o->kinds & (1u << k)))
			continue;
		int rc = sweep_kind(t, o, k, res, devnull);
		if (rc == 2) {
			fclose(devnull);
			return 2;
		}
		if (rc)
			status = 1;
	}
	for (int k = 0; k < FAILNTH_NKINDS; k++)
		failnth_figures_add(&res->total, &res->k[k]);
	signal(SIGABRT, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
	fclose(devnull);
	return status;
}

static void fig_text(const char *name, const struct failnth_figures *f,
		     FILE *out)
{
	fprintf(out, "  %-8s %6" PRIu64 " %6" PRIu64 " %6" PRIu64 " %7" PRIu64
		" %8" PRIu64 " %7" PRIu64 " %7" PRIu64 " %5" PRIu64 " %5" PRIu64
		" %5" PRIu64 "\n",
		name, f->points, f->runs, f->clean_errno, f->release, f->absorbed,
		f->outside, f->not_reached, f->lost, f->leaks, f->warns);
}

void failnth_print_summary(const struct trace *t,
			   const struct failnth_result *res, FILE *out)
{
	fprintf(out, "== fail-nth: %s ==\n", t->name);
	fprintf(out, "  %-8s %6s %6s %6s %7s %8s %7s %7s %5s %5s %5s\n", "kind",
		"points", "runs", "errno", "release", "absorbed", "outside",
		"unreach", "lost", "leaks", "warns");
	for (int k = 0; k < FAILNTH_NKINDS; k++)
		if (res->k[k].points || res->k[k].runs)
			fig_text(kind_names[k], &res->k[k], out);
	fig_text("total", &res->total, out);
}

static void fig_json(const struct failnth_figures *f, FILE *out)
{
	fprintf(out, "{ \"points\": %" PRIu64 ", \"runs\": %" PRIu64
		", \"clean_errno\": %" PRIu64 ", \"release\": %" PRIu64
		", \"absorbed\": %" PRIu64 ", \"outside\": %" PRIu64
		", \"not_reached\": %" PRIu64 ", \"lost\": %" PRIu64
		", \"leaks\": %" PRIu64 ", \"warns\": %" PRIu64
		", \"other\": %" PRIu64 " }",
		f->points, f->runs, f->clean_errno, f->release, f->absorbed,
		f->outside, f->not_reached, f->lost, f->leaks, f->warns,
		f->other);
}

void failnth_print_json(const struct trace *t,
			const struct failnth_result *res, FILE *out)
{
	fprintf(out, "{\n  \"trace\": \"%s\",\n  \"baseline_clean\": %s,\n",
		t->name, res->baseline_ok ? "true" : "false");
	for (int k = 0; k < FAILNTH_NKINDS; k++) {
		fprintf(out, "  \"%s\": ", kind_names[k]);
		fig_json(&res->k[k], out);
		fputs(",\n", out);
	}
	fputs("  \"total\": ", out);
	fig_json(&res->total, out);
	fputs("\n}\n", out);
}
