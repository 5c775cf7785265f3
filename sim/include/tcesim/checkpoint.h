/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Machine checkpoints as ELF files (docs/images.md): the machine's RAM as
 * PT_LOAD segments and its hardware state (tcesim/machine_state.h) as
 * TCESIM notes, written and read through tcesim/image.h. Loading any
 * other ELF places its memory only.
 *
 * Errors: a negative errno and a message starting with the file's name
 * ("ckpt.core: phb3.0: TCE cache: 64 entries in the checkpoint, 16 in
 * this machine (tce_cache.entries)"); on any error nothing was changed
 * (the one exception, an I/O error while copying RAM after every check,
 * says "RAM partly written").
 */
#ifndef TCESIM_CHECKPOINT_H
#define TCESIM_CHECKPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tcesim/image.h"

struct machine;

/*
 * Write m's RAM and hardware state to path (an ELF64 ET_CORE, see
 * image_write_core), with the caller's own TCESIM notes after the
 * machine's (extra may be NULL). -EBUSY when the kernel is booted: a
 * checkpoint holds no driver state.
 */
int checkpoint_write(struct machine *m, const char *path,
		     const struct image_note *extra, size_t nextra,
		     struct image_write_result *r, char *err, size_t errlen);

/*
 * The caller's TCESIM notes of a checkpoint (types that are not machine
 * state, e.g. MACHINE_NT_REPLAY): called once with commit false for each
 * before anything changes (a negative return aborts the load), then with
 * commit true after the machine was restored. -ENOENT: not a note the
 * caller knows (the load fails naming it).
 */
typedef int (*checkpoint_note_fn)(void *arg, uint32_t type, const void *buf,
				  size_t len, bool commit, char *err,
				  size_t errlen);

struct checkpoint_load_opts {
	enum image_addr addr;		/* other ELFs: where PT_LOADs go */
	checkpoint_note_fn on_note;	/* NULL: the replay note is ignored,
					   any other unknown note refused */
	void *arg;
};

struct checkpoint_load_result {
	bool restored;			/* a tcesim checkpoint: full state */
	struct image_load_result load;	/* what was placed in RAM */
	char remark[240];		/* for the user, or "" (e_machine,
					   timing state dropped/warmed) */
};

/*
 * Load path into m: a tcesim checkpoint restores RAM (all of it: RAM
 * outside its segments reads zero) and every note; any other ELF places
 * its PT_LOAD segments (tcesim/image.h rules) and nothing else.
 * o and r may be NULL.
 */
int checkpoint_load(struct machine *m, const char *path,
		    const struct checkpoint_load_opts *o,
		    struct checkpoint_load_result *r, char *err,
		    size_t errlen);

/* `tcesim elf info`: image_print with tcesim's notes decoded (a file, or
   an open image). */
int checkpoint_print(const char *path, FILE *out, char *err, size_t errlen);
int checkpoint_print_image(struct image *img, FILE *out, char *err,
			   size_t errlen);

#endif /* TCESIM_CHECKPOINT_H */
