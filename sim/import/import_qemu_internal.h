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
#define MAX_PHBS 8
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
	unsigned nregs;		/* preregistered regions seen in the log */
	uint64_t reg_va[MAX_WINDOWS], reg_size[MAX_WINDOWS];
	uint64_t ua_base;
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

/* ---- the events (import_qemu_events.c) ---- */

/* Pass 1: learn from a line what the log contains. */
void imp_survey_event(struct imp *im, const struct line *l);
/* Pass 2: the operations of a line; counts it in the statistics. */
void imp_convert_event(struct imp *im, const struct line *l);

#endif /* TCESIM_IMPORT_QEMU_INTERNAL_H */
