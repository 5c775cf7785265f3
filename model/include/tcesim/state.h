/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Component state as bytes, for checkpoints (docs/images.md). Each model
 * component has a save that appends its state to a struct sim_state_out
 * and a restore that reads it back from a struct sim_state_in; the
 * simulator wraps the bytes in ELF notes (sim/images). The model knows
 * nothing of ELF: it only produces and consumes these byte buffers.
 *
 * Layout rules, common to every component:
 *  - every field is big-endian, fixed width (u8, u16, u32, u64); no
 *    padding; a double is stored as the u64 of its IEEE-754 bits;
 *  - a component's payload starts with its header: u32 layout version,
 *    u32 unit (the instance: PHB index, hub number, 0);
 *  - a nested component (a PHB's TCE cache) is a blob: u32 length, then
 *    that component's own payload (with its own header);
 *  - a counter list (a component's statistics) is u32 count, then count
 *    u64 values in the component's X-macro order.
 *
 * Restore has two modes (commit false/true): both parse and validate the
 * whole payload (sizes, geometry, indexes, internal consistency) and fail
 * with -EINVAL and a message naming the mismatch before anything is
 * changed; only commit applies it. A payload is never trusted: no restore
 * may crash, loop or allocate without bound on any input.
 */
#ifndef TCESIM_STATE_H
#define TCESIM_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- writing ------------------------------------------------------------ */

struct sim_state_out {
	uint8_t *buf;
	size_t len, cap;
	bool oom;		/* an append failed: the buffer is incomplete */
};

void sim_state_out_init(struct sim_state_out *o);
void sim_state_out_free(struct sim_state_out *o);
/* 0, or -ENOMEM if any append failed. */
int sim_state_out_status(const struct sim_state_out *o);

void sim_state_put_u8(struct sim_state_out *o, uint8_t v);
void sim_state_put_u16(struct sim_state_out *o, uint16_t v);
void sim_state_put_u32(struct sim_state_out *o, uint32_t v);
void sim_state_put_u64(struct sim_state_out *o, uint64_t v);
void sim_state_put_double(struct sim_state_out *o, double v);
void sim_state_put_bytes(struct sim_state_out *o, const void *p, size_t n);
/* u32 n, then n host uint64_t read from words (a counter struct). */
void sim_state_put_counters(struct sim_state_out *o, const void *words,
			    size_t n);
/* The component header: u32 version, u32 unit. */
void sim_state_put_header(struct sim_state_out *o, uint32_t version,
			  uint32_t unit);
/* A nested payload: begin reserves its u32 length, end fills it in. */
size_t sim_state_blob_begin(struct sim_state_out *o);
void sim_state_blob_end(struct sim_state_out *o, size_t at);

/* ---- reading ------------------------------------------------------------ */

struct sim_state_in {
	const uint8_t *p;
	size_t len, off;
	bool short_read;	/* a get ran past the end (it returned 0) */
};

void sim_state_in_init(struct sim_state_in *in, const void *buf, size_t len);
uint8_t sim_state_get_u8(struct sim_state_in *in);
uint16_t sim_state_get_u16(struct sim_state_in *in);
uint32_t sim_state_get_u32(struct sim_state_in *in);
uint64_t sim_state_get_u64(struct sim_state_in *in);
double sim_state_get_double(struct sim_state_in *in);
void sim_state_get_bytes(struct sim_state_in *in, void *dst, size_t n);
/* Bytes left to read. */
size_t sim_state_left(const struct sim_state_in *in);
/* true if count elements of at least elem bytes each can still be read
   (guards a count before anything is allocated for it). */
bool sim_state_room(const struct sim_state_in *in, uint64_t count,
		    size_t elem);
/* A nested payload as its own reader; false (and short_read) if its
   length runs past the end. */
bool sim_state_get_blob(struct sim_state_in *in, struct sim_state_in *sub);

/*
 * Messages: restore functions report "what: problem" in err (what names
 * the component, e.g. "TCE cache"); the caller prefixes the instance.
 * sim_state_fail formats it and returns -EINVAL.
 */
int sim_state_fail(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The header: -EINVAL if truncated or of another layout version. */
int sim_state_get_header(struct sim_state_in *in, const char *what,
			 uint32_t version, uint32_t *unit, char *err,
			 size_t errlen);
/* u32 n then n u64 into words: -EINVAL unless n == count. */
int sim_state_get_counters(struct sim_state_in *in, const char *what,
			   void *words, size_t count, char *err,
			   size_t errlen);
/* After the last field: -EINVAL if a read ran short or bytes are left. */
int sim_state_end(const struct sim_state_in *in, const char *what,
		  char *err, size_t errlen);

/* Counters in a statistics struct made of uint64_t only. */
#define SIM_STATE_WORDS(s) (sizeof(s) / sizeof(uint64_t))

#endif /* TCESIM_STATE_H */
