/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fail-nth sweeps over a trace: replay it once counting the kernel
 * allocations and page pins it makes after boot, then once per injection
 * point k with the k-th one failing, and check every run: the operation
 * that hit the failure returned a clean negative errno, nothing WARNed or
 * crashed, and after every fd is closed (and again after kernel shutdown)
 * no allocation, pin or locked_vm page is left. docs/reliability-failnth.md.
 */
#ifndef TCESIM_FAILNTH_H
#define TCESIM_FAILNTH_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "tcesim/replay.h"
#include "tcesim/trace.h"

enum failnth_kind {
	FAILNTH_KMALLOC,	/* kmalloc/vmalloc family, files, ioremap */
	FAILNTH_PAGES,		/* kernel page allocator */
	FAILNTH_PIN,		/* one page of pin_user_pages */
	FAILNTH_NKINDS,
};

#define FAILNTH_ALL ((1u << FAILNTH_NKINDS) - 1)

struct failnth_opts {
	unsigned kinds;		/* bit (1 << enum failnth_kind) per class */
	uint64_t max;		/* at most this many k per class (0: all) */
	unsigned sample;	/* >1: every sample-th k plus the first and
				   last ten (fast sanitizer runs) */
	unsigned per_op;	/* >0: in each operation only its first and
				   last per_op points (a long pin of n pages
				   fails the same way at page 20 and 21) */
	bool progress;		/* k/N on stderr */
	bool invariants;	/* also run the invariant checker in every run */
	const struct replay_hooks *extra; /* a further hook chained in every
				   run (after fail-nth's own bookkeeping; at
				   teardown before fds are closed), or NULL */
	FILE *out;		/* findings and the summary (NULL: stdout) */
	unsigned max_findings;	/* problem lines printed per class (0: 20) */
};

struct failnth_figures {
	uint64_t points;	/* injection points (sites reached once) */
	uint64_t runs;		/* runs made (sampled points) */
	uint64_t clean_errno;	/* the failing op returned -errno */
	uint64_t release;	/* failure inside close(): release returns
				   nothing, so it is absorbed by design */
	uint64_t absorbed;	/* another op succeeded despite the failure */
	uint64_t outside;	/* injected outside any syscall */
	uint64_t not_reached;	/* the run ended before the k-th site */
	uint64_t lost;		/* kernel state below the baseline after
				   closing (a default window not restored) */
	uint64_t leaks;		/* runs leaving allocations/pins/locked_vm */
	uint64_t warns;		/* runs with WARNs */
	uint64_t other;		/* runs failing otherwise (an invariant or
				   the extra hook failed) */
};

struct failnth_result {
	struct failnth_figures k[FAILNTH_NKINDS];
	struct failnth_figures total;
	bool baseline_ok;	/* the unfailed run was clean itself */
};

const char *failnth_kind_name(enum failnth_kind k);
/* "kmalloc", "pages", "pin", "all" -> bits; -1 if unknown. */
int failnth_kinds_parse(const char *s);

/* 0 when every run was clean (no leak, WARN, absorbed or outside
 * failure, hook error), 1 when some was not, 2 when the trace cannot be
 * replayed at all (input error in the unfailed run). */
int failnth_sweep(const struct trace *t, const struct failnth_opts *o,
		  struct failnth_result *res);

/* s += f, field by field. */
void failnth_figures_add(struct failnth_figures *s,
			 const struct failnth_figures *f);

void failnth_print_summary(const struct trace *t,
			   const struct failnth_result *res, FILE *f);
void failnth_print_json(const struct trace *t,
			const struct failnth_result *res, FILE *f);

/* `tcesim failnth TRACE... [--kind K] [--max N] [--sample S] [--json F]
 * [--progress]` (failnth_cli.c); returns the exit code. */
int cli_failnth(int argc, char **argv);
/* Its help text (`tcesim failnth --help`, the manual page). */
void failnth_cli_help(FILE *f);

#endif /* TCESIM_FAILNTH_H */
