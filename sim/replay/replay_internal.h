/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the replay files and private to them: the replay state, the
 * per-operation result and expectation helpers (replay_engine.c), the
 * verbs (replay_verbs.c: machine, processes, memory, device DMA;
 * replay_vfio.c: the VFIO ioctls; replay_firmware.c: OPAL, registers,
 * expect) and the reports (replay_report.c).
 */
#ifndef TCESIM_REPLAY_INTERNAL_H
#define TCESIM_REPLAY_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "kc/host.h"
#include "tcesim/machine.h"
#include "tcesim/replay.h"
#include "tcesim/sim_io.h"
#include "tcesim/trace.h"

#define REPLAY_MAX_NAMES 64

/* A trace name (group, container/group fd) and what it stands for. */
struct name_slot {
	char name[32];
	int val;		/* fd, or device (phb << 16 | rid) */
	unsigned line;		/* the trace line that named it */
};

struct mapping {
	uint64_t pa, ua, len;	/* one physically contiguous page */
};

/* A simulated process the trace created. */
struct proc {
	char name[32];
	int pid;
	bool scratch;		/* ioctl argument page mapped */
	struct mapping *maps;	/* its pages, sorted by pa (DMA pa -> ua) */
	size_t nmaps, cap;
};

struct replay {
	const struct trace *t;
	const struct replay_opts *o;
	struct machine_config cfg;
	struct kc_cost_params cost;	/* cfg.cost points here (--config) */
	struct machine *m;
	bool booted;
	unsigned machine_line;	/* the `machine` line, 0 before it */
	struct name_slot groups[REPLAY_MAX_NAMES], fds[REPLAY_MAX_NAMES];
	unsigned ngroups, nfds;
	struct proc procs[REPLAY_MAX_NAMES];
	unsigned nprocs, cur;
	uint64_t opal_scratch;
	struct trace rec;
	/* counters for the report */
	uint64_t ops, dmas, dma_faults, dma_frozen, mismatches, ioctl_errors;
	uint64_t unexpected;	/* errnos the trace did not expect */
	/* the operation being executed */
	const struct trace_op *op;
	struct trace_op *rop;	/* its recorded copy, or NULL */
	char res[512];		/* result text */
	size_t rlen;
	int status;		/* REPLAY_* of this op */
	/* output files, opened before the first operation */
	struct sim_out json_out, csv_out, rec_out, epoch_out;
	bool ckpt_replay_note;	/* the last checkpoint loaded had one */
	bool load_done;		/* --load happened (at boot) */
	bool dump_created;	/* --dump-at's FILE made before the run */
	bool dump_written;	/* ... and the checkpoint written into it */
	/* epoch reports (timing mode) */
	bool epoch_json;
	unsigned epochs_written;
};

/* ---- the operation's result and expectations (replay_engine.c) ---- */

/* Appends to the result text printed after the operation. */
void replay_result(struct replay *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Where input errors and warnings go (replay_opts.err, default stderr). */
FILE *replay_errf(const struct replay *r);
/* "file:line:col: error: ..." at key k (-1: the operation); returns -1. */
int replay_input_error(struct replay *r, int k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Key k of the operation, or NULL after an input error naming it. */
const struct trace_kv *replay_required_key(struct replay *r,
					   enum trace_key k);
/* The number of key k, or def when the operation does not set it. */
static inline uint64_t replay_key_num(struct replay *r, enum trace_key k,
				      uint64_t def)
{
	const struct trace_kv *kv = trace_op_get(r->op, k);

	return kv ? kv->num : def;
}

/* A trace word and the value it stands for. */
struct replay_word {
	const char *word;
	uint64_t value;
};
/* Key k as a number, or the value of its word in words (n entries);
 * def when absent or not listed. */
uint64_t replay_key_word(struct replay *r, enum trace_key k,
			 const struct replay_word *words, unsigned n,
			 uint64_t def);

/* Compare with expect key k, if the operation has it; record actual. */
void replay_expect_num(struct replay *r, enum trace_key k, int64_t actual);
void replay_expect_str(struct replay *r, enum trace_key k,
		       const char *actual);
/* expect.data= / expect.fill= against buf. */
void replay_expect_bytes(struct replay *r, const uint8_t *buf, size_t len);
/* The outcome of a call returning 0/-errno or a value. */
void replay_expect_ret(struct replay *r, long ret);
/* A failed expectation (already printed). */
void replay_mismatch(struct replay *r);

/* ---- state shared by the verbs (replay_verbs.c) ---- */

struct name_slot *replay_slot_find(struct name_slot *v, unsigned n,
				   const char *name);
struct name_slot *replay_slot_set(struct replay *r, struct name_slot *v,
				  unsigned *n, const char *name, int val);
struct proc *replay_cur_proc(struct replay *r);
/* User address of the current process's ioctl argument page (mapped on
 * first use); 0 or -1 after an input error. */
int replay_scratch(struct replay *r, uint64_t *ua);
int replay_need_machine(struct replay *r);
int replay_need_kernel(struct replay *r);

/* ---- verbs: 0, or -1 after an input error ---- */

int replay_verb_config(struct replay *r);	/* machine model device group */
int replay_verb_boot(struct replay *r);
int replay_verb_proc(struct replay *r);		/* proc_create/fork/switch */
int replay_verb_setrlimit(struct replay *r);
int replay_verb_mmap(struct replay *r);
int replay_verb_user_rw(struct replay *r);	/* uwrite uread */
int replay_verb_dma(struct replay *r);
int replay_verb_pmem(struct replay *r);		/* pwrite pread */
/* replay_firmware.c */
int replay_verb_opal(struct replay *r);
int replay_verb_reg(struct replay *r);		/* reg_write reg_read */
int replay_verb_expect(struct replay *r);
/* Every VFIO verb, container_open ... ioctl, close (replay_vfio.c). */
int replay_verb_vfio(struct replay *r);

/* ---- ELF images and checkpoints (replay_image.c) ---- */

int replay_verb_load(struct replay *r);
int replay_verb_dump(struct replay *r);
/* --load, from the boot verb once the machine exists: 0 or -1 (error
 * printed at the boot line). */
int replay_load_option(struct replay *r);
/* --dump-at: after operation i (0-based) or at the end (end true); 0 or
 * -1 (error printed). */
int replay_dump_option(struct replay *r, size_t i, bool end);
/* --dump-at, before anything runs: N within the trace and after its
 * `boot`, a boot with kernel=0, FILE not '-', a regular file, created if
 * absent (a path that cannot be created fails here, not after the run).
 * 0 or -1 (error printed). */
int replay_dump_prepare(struct replay *r);
/* After the run: FILE, if replay_dump_prepare created it and no
 * checkpoint was written into it, is removed again. */
void replay_dump_finish(struct replay *r);

/* ---- reports (replay_report.c) ---- */

/* The final report: text (with the timing summary) or JSON. */
void replay_report(struct replay *r, FILE *f, bool json);
/* Opens the --json, --csv, --record and epoch files before the run;
 * REPLAY_OK, or REPLAY_INPUT_ERROR (printed) with none left open. */
int replay_files_open(struct replay *r);
/* Starts the periodic reports on the machine clock (after boot). */
void replay_epoch_start(struct replay *r);
/* After the run: the --json file, the epoch file's final state, the
 * --csv and --record files, each closed and checked. Returns status, or
 * REPLAY_INPUT_ERROR (printed) when a write failed. */
int replay_write_files(struct replay *r, int status);

#endif /* TCESIM_REPLAY_INTERNAL_H */
