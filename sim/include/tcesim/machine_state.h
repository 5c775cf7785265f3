/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The machine's hardware state as parts (checkpoints, docs/images.md):
 * one byte payload per component instance, each produced by that
 * component's own save (tcesim/state.h) and tagged with a note type.
 * sim/images writes the parts as ELF notes (owner "TCESIM") next to RAM
 * and hands them back here on load. Nothing here knows ELF.
 *
 * What is saved: the configuration (checked on load), the clock, the
 * memory allocator, the firmware's bookkeeping, every PHB3 (registers,
 * IODA tables, RTT and TCE caches, counters) or the P5IOC2 hub, and in
 * timing mode every timing core, exactly (no drain). RAM itself is the
 * caller's (the ELF's PT_LOAD segments). Driver (kernel) state is not:
 * a machine whose kernel is booted cannot be saved, nor restored into.
 */
#ifndef TCESIM_MACHINE_STATE_H
#define TCESIM_MACHINE_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct machine;

/*
 * Note types, in the range of tcesim's notes (IMAGE_NT_BASE + n of
 * tcesim/image.h; + 1 is the image ID note). The unit (PHB index, hub)
 * is in each payload's header.
 */
#define MACHINE_NT_BASE 0x54430000u
#define MACHINE_NT_CONFIG (MACHINE_NT_BASE + 0x02)	/* checked, not restored */
#define MACHINE_NT_CLOCK (MACHINE_NT_BASE + 0x03)
#define MACHINE_NT_MEM (MACHINE_NT_BASE + 0x04)
#define MACHINE_NT_FIRMWARE (MACHINE_NT_BASE + 0x05)
#define MACHINE_NT_STATS (MACHINE_NT_BASE + 0x06)	/* report order */
#define MACHINE_NT_PHB3 (MACHINE_NT_BASE + 0x10)	/* one per PHB */
#define MACHINE_NT_P5IOC2 (MACHINE_NT_BASE + 0x20)
#define MACHINE_NT_TIMING (MACHINE_NT_BASE + 0x30)	/* one per timing core */
#define MACHINE_NT_REPLAY (MACHINE_NT_BASE + 0x40)	/* trace replay's own */

struct machine_state_part {
	uint32_t type;		/* MACHINE_NT_* */
	const uint8_t *buf;
	size_t len;
};

/* The parts of a saved machine (own their buffers). */
struct machine_state {
	struct machine_state_part *v;
	size_t n;
};

/*
 * Every part, in restore order (configuration first). 0, or -EBUSY (the
 * kernel is booted: "... only boot kernel=0 machines can be saved") or
 * -ENOMEM, with a message.
 */
int machine_state_save(struct machine *m, struct machine_state *s,
		       char *err, size_t errlen);
void machine_state_free(struct machine_state *s);

/*
 * Restore from parts (any order; types outside MACHINE_NT_CONFIG ..
 * MACHINE_NT_TIMING are the caller's and must not be passed). commit
 * false: check everything, change nothing; true: check again, then apply
 * (after the caller placed RAM). A mismatch is -EINVAL naming the
 * parameter ("ram", "phbs", "tce_cache.entries", ...). remark (may be
 * NULL) gets a note for the user when timing state was dropped (a timing
 * checkpoint into a functional machine) or warmed from the functional
 * caches (the other way), else "".
 */
int machine_state_restore(struct machine *m,
			  const struct machine_state_part *parts, size_t n,
			  bool commit, char *err, size_t errlen,
			  char *remark, size_t remlen);

/* A one-line (or few-line) summary of a part (tcesim elf info); a
 * malformed payload prints "malformed" and returns -EINVAL. */
int machine_state_describe(uint32_t type, const void *buf, size_t len,
			   FILE *out);
/* "config", "clock", ... or NULL for a type that is not the machine's. */
const char *machine_state_type_name(uint32_t type);

#endif /* TCESIM_MACHINE_STATE_H */
