/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the two importer files and private to them: the importer
 * state, one log line, argument parsing and the trace emitters
 * (import_qemu.c), and the per-event passes (import_qemu_events.c).
 */
#ifndef TCESIM_IMPORT_QEMU_INTERNAL_H
#define TCESIM_IMPORT_QEMU_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "tcesim/import_qemu.h"

#define LIOBN_PCI 0x80000000u
#define DEFAULT_LIOBN 0x80000000u
#define MAX_WINDOWS 16
#define MAX_PHBS 16
#define MAX_CFG_DEVS 64	/* devices found by config reads, at most */

/* A DMA window the log created (pseries LIOBN -> bus address, page). */
struct window {
	uint32_t liobn;
	uint64_t start;
	unsigned shift;
	bool used;
};

/* One event line: "PID@SEC.USEC:event args" or "event args". */
struct line {
	const char *ev, *eve;	/* event name */
	const char *args, *end;	/* rest of the line */
	unsigned no;
};

/* A TCE the log shows only through a device translation: bus address,
 * value (page | permission), window page shift; line is the indirect
 * call that set it (entry: its position) or, for an entry no event set,
 * the translation's own line. */
struct imp_evidence {
	unsigned line, entry;
	uint64_t bus, tce;
	unsigned shift;
};

struct shadow;

struct imp {
	const struct import_qemu_opts *o;
	struct trace *t;
	struct import_qemu_stats *st;
	struct window win[MAX_WINDOWS];
	uint64_t phb_base[MAX_PHBS];
	unsigned nphbs;
	/* powernv: the last PCI config address of each PHB, and the
	   devices below its root port that answered a config read */
	uint64_t cfg_addr[MAX_PHBS];
	struct cfg_dev {
		unsigned phb, line;
		uint16_t rid;
	} cfg_dev[MAX_CFG_DEVS];
	unsigned ncfg_devs, cfg_devs_dropped;
	/* first-pass facts */
	bool has_pseries, has_vfio_prereg, has_vfio_window, has_mmio;
	bool huge_pages;
	uint64_t ram_top;
	uint64_t def_win_top;	/* highest bus address used in LIOBN
				   0x80000000, + 1 */
	unsigned nregs;		/* preregistered regions seen in the log */
	uint64_t reg_va[MAX_WINDOWS], reg_size[MAX_WINDOWS];
	uint64_t ua_base;
	struct shadow *sh;	/* the guest's TCE tables (pass 1) */
	bool oom;		/* out of memory: the import fails */
	unsigned pass;		/* 0: survey, 1: convert */
	unsigned indirect_calls, indirect_unlogged, indirect_established;
};

/* ---- arguments of a line (import_qemu.c) ---- */

/* First occurrence of needle (n bytes) in hay (len bytes), or NULL. */
const char *imp_find_sub(const char *hay, size_t len, const char *needle,
			 size_t n);
/* The line's event is name. */
bool imp_ev_is(const struct line *l, const char *name);
/* The number after "key=" or "key " in the arguments. */
bool imp_arg_num(const struct line *l, const char *key, uint64_t *v);
/* The quoted name of "key 'xxx'", copied into buf. */
bool imp_arg_quoted(const struct line *l, const char *key, char *buf,
		    size_t len);

/* ---- the trace being written (import_qemu.c) ---- */

/* A new operation at the end of the trace (NULL: out of memory). */
struct trace_op *imp_op(struct imp *im, enum trace_verb v);
/* A `note` line. */
void imp_note(struct imp *im, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void imp_emit_map(struct imp *im, uint64_t iova, uint64_t gpa, uint64_t size,
		  uint64_t perm);
void imp_emit_unmap(struct imp *im, uint64_t iova, uint64_t size);
void imp_emit_create(struct imp *im, unsigned shift, uint64_t size,
		     unsigned levels, uint64_t start);
void imp_emit_remove(struct imp *im, uint64_t start);
/* expect.errno= of a VFIO event's ret= (0 or -errno). */
void imp_emit_errno_expect(struct imp *im, struct trace_op *o, uint64_t ret);
/* `container=c0`, the one container of an imported trace. */
void imp_kv_c0(struct imp *im, struct trace_op *o);

struct window *imp_win_find(struct imp *im, uint32_t liobn);
struct window *imp_win_add(struct imp *im, uint32_t liobn, uint64_t start,
			   unsigned shift);
unsigned imp_log2u(uint64_t v);

/* ---- the guest's TCE tables (import_qemu_shadow.c) ---- */

int imp_shadow_init(struct imp *im);
void imp_shadow_free(struct imp *im);
/* Pass 1: entry idx (bus address >> page shift) of liobn set by a logged
 * value (set) or cleared; set by entry `entry` of the indirect call at
 * log line `line` (value not logged). */
void imp_shadow_logged(struct imp *im, uint32_t liobn, uint64_t idx, bool set);
void imp_shadow_indirect(struct imp *im, uint32_t liobn, uint64_t idx,
			 unsigned line, unsigned entry);
/* Pass 1: every entry of liobn cleared (its window went away). */
void imp_shadow_drop(struct imp *im, uint32_t liobn);
/* Pass 1: a device translation at xlate_line through entry idx gave tce
 * (page | permission) at bus address bus (page aligned). */
void imp_shadow_xlate(struct imp *im, uint32_t liobn, uint64_t idx,
		      unsigned xlate_line, uint64_t bus, uint64_t tce,
		      unsigned shift);
/* End of pass 1. */
void imp_shadow_finish(struct imp *im);
/* Pass 2: the entries the indirect call at line is known to have set
 * (sorted by entry); their count. */
size_t imp_shadow_evidence(struct imp *im, unsigned line,
			   const struct imp_evidence **first);
/* Pass 2, in line order: the entry to set before the DMA of the
 * translation at xlate_line (never set in the log), or NULL. */
const struct imp_evidence *imp_shadow_premap(struct imp *im,
					     unsigned xlate_line);
/* Evidence kept: for indirect entries, or before DMAs (pre). */
size_t imp_shadow_count(const struct imp *im, bool pre);

/* ---- the events (import_qemu_events.c) ---- */

/* Pass 1: learn from a line what the log contains. */
void imp_survey_event(struct imp *im, const struct line *l);
/* Pass 2: the operations of a line; counts it in the statistics. */
void imp_convert_event(struct imp *im, const struct line *l);

#endif /* TCESIM_IMPORT_QEMU_INTERNAL_H */
