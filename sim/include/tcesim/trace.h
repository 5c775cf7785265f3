/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Traces in memory: a list of operations (verb + typed key=value pairs),
 * with the text parser, the text writer and the compact binary codec.
 * The language itself is documented in docs/trace-format.md and declared
 * in trace_schema.h.
 *
 * All strings and byte strings of a trace live in the trace's own arena;
 * trace_free() releases everything. No function here aborts on bad input:
 * every error comes back as a message naming file:line:column.
 */
#ifndef TCESIM_TRACE_H
#define TCESIM_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcesim/trace_schema.h"

#define TRACE_VERSION 1
#define TRACE_MAGIC_TEXT "tcesim-trace"
#define TRACE_MAGIC_BIN "TCESIMTB"	/* 8 bytes, binary traces */

enum trace_key {
#define TRACE_X_KEY(id, name, type, fmt, choices) TK_##id,
	TRACE_KEYS(TRACE_X_KEY)
#undef TRACE_X_KEY
	TK_COUNT
};

enum trace_verb {
#define TRACE_X_VERB(id, name, pos, keys) TV_##id,
	TRACE_VERBS(TRACE_X_VERB)
#undef TRACE_X_VERB
	TV_COUNT
};

enum trace_vtype { TT_NUM, TT_STR, TT_WORD, TT_BYTES, TT_ERRNO, TT_DEV };

/* One key=value. A WORD key holds either a number (str == NULL) or a word. */
struct trace_kv {
	uint8_t key;		/* enum trace_key */
	bool neg;		/* number was written with a leading '-' */
	uint32_t col;		/* column of the key (1-based), 0 if built */
	uint64_t num;		/* magnitude of a number; DEV: see below */
	const char *str;	/* STR, or a WORD given as a word */
	const uint8_t *bytes;	/* BYTES */
	size_t len;		/* length of bytes */
};

struct trace_op {
	uint8_t verb;		/* enum trace_verb */
	uint32_t line;		/* source line (1-based), 0 if built */
	uint32_t nkv;
	struct trace_kv *kv;
};

struct trace_arena;

struct trace {
	const char *name;	/* file name used in messages */
	struct trace_op *ops;
	size_t nops, cap;
	struct trace_arena *arena;
};

struct trace_error {
	char file[128];
	unsigned line, col;	/* 1-based; 0 when not tied to a position */
	char msg[256];		/* "expected ..., got ..." */
};

/* Formats "file:line:col: error: msg" into buf. */
void trace_error_format(const struct trace_error *err, char *buf, size_t len);

void trace_init(struct trace *t, const char *name);
void trace_free(struct trace *t);

/*
 * Parse a text trace (len bytes, need not be NUL-terminated). Returns 0,
 * or -1 with err filled (the trace is then freed and empty). This is the
 * entry point the fuzzer drives.
 */
int trace_parse_buffer(const char *name, const char *buf, size_t len,
		       struct trace *out, struct trace_error *err);
/* Load a file, text or binary (detected by magic). 0 or -1 with err. */
int trace_load_file(const char *path, struct trace *out,
		    struct trace_error *err);

/* Text writer: the version header, then one line per operation. */
int trace_write_text(const struct trace *t, FILE *f);
/* Write one operation (no newline). */
void trace_write_op(const struct trace_op *op, FILE *f);

/* Binary codec (format in docs/trace-format.md). 0 or -1 with err. */
int trace_write_binary(const struct trace *t, FILE *f);
int trace_parse_binary(const char *name, const uint8_t *buf, size_t len,
		       struct trace *out, struct trace_error *err);

/* Building traces in code (importer, recorder). NULL on out of memory. */
struct trace_op *trace_add_op(struct trace *t, enum trace_verb verb,
			      uint32_t line);
struct trace_op *trace_copy_op(struct trace *t, const struct trace_op *src,
			       unsigned extra_kv);
int trace_op_num(struct trace *t, struct trace_op *op, enum trace_key k,
		 int64_t v);
int trace_op_unum(struct trace *t, struct trace_op *op, enum trace_key k,
		  uint64_t v);
int trace_op_str(struct trace *t, struct trace_op *op, enum trace_key k,
		 const char *s);
int trace_op_bytes(struct trace *t, struct trace_op *op, enum trace_key k,
		   const void *b, size_t len);

/* Schema lookups. */
const char *trace_key_name(enum trace_key k);
enum trace_vtype trace_key_type(enum trace_key k);
const char *trace_verb_name(enum trace_verb v);
int trace_key_lookup(const char *name, size_t len);	/* -1 if unknown */
int trace_verb_lookup(const char *name, size_t len);	/* -1 if unknown */
bool trace_verb_accepts(enum trace_verb v, enum trace_key k);

/* Key access on an operation: the kv, or NULL when absent. */
const struct trace_kv *trace_op_get(const struct trace_op *op,
				    enum trace_key k);
/* Signed value of a number (-num when neg). */
static inline int64_t trace_kv_int(const struct trace_kv *kv)
{
	return kv->neg ? -(int64_t)kv->num : (int64_t)kv->num;
}

/*
 * DEV values (`dev=P:RID`, and for `device` a range `dev=P:FIRST-LAST`):
 * num = (LAST - FIRST) << 24 | P << 16 | FIRST. Only `device` takes a
 * range (the parsers refuse it elsewhere), so for every other verb num is
 * P << 16 | RID.
 */
#define TRACE_DEV_PHB_MAX 255
static inline unsigned trace_dev_phb(uint64_t num)
{
	return (unsigned)(num >> 16) & 0xff;
}
static inline uint16_t trace_dev_rid(uint64_t num)
{
	return (uint16_t)num;
}
static inline uint16_t trace_dev_last(uint64_t num)
{
	return (uint16_t)((num & 0xffff) + (num >> 24));
}
/* num is a DEV value verb v accepts. */
bool trace_dev_ok(enum trace_verb v, uint64_t num);

/* errno names: "EINVAL" -> 22; -1 if unknown. Name of 22 -> "EINVAL". */
int trace_errno_lookup(const char *name, size_t len);
const char *trace_errno_name(int e);

#endif /* TCESIM_TRACE_H */
