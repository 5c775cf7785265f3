/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the trace files (trace.c, trace_parse.c,
 * trace_bin.c) and not part of the public trace API.
 */
#ifndef TCESIM_TRACE_INTERNAL_H
#define TCESIM_TRACE_INTERNAL_H

#include "tcesim/trace.h"

#define TRACE_OP_KV_MAX 32	/* keys on one operation */
#define TRACE_OP_KV_FIRST 4	/* key slots of a new operation */

/* Slot for op's next key (grows the array; nkv not advanced), or NULL. */
struct trace_kv *trace_op_new_kv(struct trace *t, struct trace_op *op);

char *trace_arena_strndup(struct trace *t, const char *s, size_t len);
void *trace_arena_alloc(struct trace *t, size_t n);
int trace_verb_positional(enum trace_verb v);	/* key id or -1 */
const char *trace_verb_keys(enum trace_verb v);	/* space-separated */
const char *trace_key_choices(enum trace_key k);	/* "a|b" or NULL */

#endif /* TCESIM_TRACE_INTERNAL_H */
