// SPDX-License-Identifier: GPL-2.0
/*
 * Compact binary trace encoding (docs/trace-format.md, "Binary traces")
 * and loading a trace file of either kind, told apart by the magic.
 *
 *   file   = "TCESIMTB" u8:version op*
 *   op     = u8:verb varint:line u8:nkv kv*
 *   kv     = u8:key u8:flags varint:num [varint:len byte*len]
 *   flags  = bit 0 negative, bit 1 string follows, bit 2 bytes follow
 *   varint = LEB128 (7 bits per byte, low first, bit 7 = more)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/sim_io.h"
#include "trace_internal.h"

static void put_varint(FILE *f, uint64_t v)
{
	do {
		uint8_t b = v & 0x7f;
		v >>= 7;
		fputc(b | (v ? 0x80 : 0), f);
	} while (v);
}

/* Is w (len bytes) one of "a|b|c"? */
static bool bin_in_choices(const char *choices, const char *w, size_t len)
{
	const char *c = choices;

	while (*c) {
		size_t n = strcspn(c, "|");

		if (n == len && !memcmp(c, w, n))
			return true;
		c += n + (c[n] == '|');
	}
	return false;
}

/*
 * A decoded value must be one the text language can express, so that a
 * binary trace means the same as its text form (tcesim convert): strings
 * without control characters (tab allowed) and with no number attached,
 * words from the key's choices, errno 0..4095, PHB:RID in range (a range
 * of RIDs only on `device`), and a
 * negative number no smaller than -2^63.
 */
static bool bin_value_ok(const struct trace_kv *kv)
{
	enum trace_vtype ty = trace_key_type(kv->key);
	const char *choices = trace_key_choices(kv->key);

	if (kv->str || kv->bytes) {
		if (kv->num || kv->neg)
			return false;
		if (kv->str) {
			for (const char *c = kv->str; *c; c++)
				if ((unsigned char)*c < 0x20 && *c != '\t')
					return false;
			if (choices && !bin_in_choices(choices, kv->str,
						       strlen(kv->str)))
				return false;
		}
		return true;
	}
	if (ty == TT_ERRNO)
		return !kv->neg && kv->num <= 4095;
	if (ty == TT_DEV)	/* the verb's part: read_kv */
		return !kv->neg && kv->num < (1ull << 40);
	return !kv->neg || kv->num <= (1ull << 63);
}

int trace_write_binary(const struct trace *t, FILE *f)
{
	fwrite(TRACE_MAGIC_BIN, 1, 8, f);
	fputc(TRACE_VERSION, f);
	for (size_t i = 0; i < t->nops; i++) {
		const struct trace_op *op = &t->ops[i];
		fputc(op->verb, f);
		put_varint(f, op->line);
		fputc((int)op->nkv, f);
		for (uint32_t j = 0; j < op->nkv; j++) {
			const struct trace_kv *kv = &op->kv[j];
			fputc(kv->key, f);
			fputc((kv->neg ? 1 : 0) | (kv->str ? 2 : 0) |
			      (kv->bytes ? 4 : 0), f);
			put_varint(f, kv->num);
			if (kv->str) {
				size_t n = strlen(kv->str);
				put_varint(f, n);
				fwrite(kv->str, 1, n, f);
			} else if (kv->bytes) {
				put_varint(f, kv->len);
				fwrite(kv->bytes, 1, kv->len, f);
			}
		}
	}
	return ferror(f) ? -1 : 0;
}

struct reader {
	const uint8_t *p, *end, *start;
	struct trace_error *err;
	const char *name;
};

static int bfail(struct reader *r, const char *msg)
{
	snprintf(r->err->file, sizeof(r->err->file), "%s", r->name);
	r->err->line = 0;
	snprintf(r->err->msg, sizeof(r->err->msg), "binary trace, byte %zu: %s",
		 (size_t)(r->p - r->start), msg);
	return -1;
}

static int get_u8(struct reader *r, uint8_t *v)
{
	if (r->p >= r->end)
		return bfail(r, "truncated");
	*v = *r->p++;
	return 0;
}

static int get_varint(struct reader *r, uint64_t *v)
{
	uint64_t x = 0;

	for (unsigned sh = 0;; sh += 7) {
		uint8_t b;
		if (get_u8(r, &b))
			return -1;
		if (sh == 63 && (b & 0x7e))
			return bfail(r, "varint overflows 64 bits");
		x |= (uint64_t)(b & 0x7f) << sh;
		if (!(b & 0x80))
			break;
		if (sh >= 63)
			return bfail(r, "varint too long");
	}
	*v = x;
	return 0;
}

/* The length-prefixed string (flag 2) or bytes (flag 4) of kv. */
static int read_payload(struct reader *r, struct trace *out,
			struct trace_kv *kv, uint8_t fl)
{
	uint64_t n;

	if (get_varint(r, &n))
		return -1;
	if (n > (uint64_t)(r->end - r->p))
		return bfail(r, "truncated string");
	if (fl & 2) {
		if (memchr(r->p, 0, n))
			return bfail(r, "NUL in string");
		kv->str = trace_arena_strndup(out, (const char *)r->p, n);
		if (!kv->str)
			return bfail(r, "out of memory");
	} else {
		uint8_t *b = trace_arena_alloc(out, n ? n : 1);
		if (!b)
			return bfail(r, "out of memory");
		memcpy(b, r->p, n);
		kv->bytes = b;
		kv->len = n;
	}
	r->p += n;
	return 0;
}

/* Flags fl (1 negative, 2 string, 4 bytes) fit key's value type. */
static bool flags_fit(enum trace_key key, uint8_t fl)
{
	enum trace_vtype ty = trace_key_type(key);
	bool want_str = ty == TT_STR;
	bool want_bytes = ty == TT_BYTES;

	return !((want_str && !(fl & 2)) ||
		 (want_bytes && !(fl & 4)) ||
		 ((fl & 2) && !(want_str || ty == TT_WORD)) ||
		 ((fl & 4) && !want_bytes));
}

/* One key=value of op: key id, flags, number, optional payload. */
static int read_kv(struct reader *r, struct trace *out, struct trace_op *op)
{
	/* op->nkv: the slot after the keys read */
	struct trace_kv *kv = trace_op_new_kv(out, op);
	uint8_t key, fl;

	if (!kv)
		return bfail(r, "out of memory");
	memset(kv, 0, sizeof(*kv));
	if (get_u8(r, &key) || get_u8(r, &fl) || get_varint(r, &kv->num))
		return -1;
	if (key >= TK_COUNT || !trace_verb_accepts(op->verb, key) ||
	    trace_op_get(op, key) || (fl & ~7) || (fl & 6) == 6)
		return bfail(r, "bad key");
	kv->key = key;
	kv->neg = fl & 1;
	if (!flags_fit(key, fl))
		return bfail(r, "value does not match the key's type");
	if ((fl & 6) && read_payload(r, out, kv, fl))
		return -1;
	if (!bin_value_ok(kv) ||
	    (trace_key_type(key) == TT_DEV && !trace_dev_ok(op->verb, kv->num)))
		return bfail(r, "value not expressible in the text language");
	op->nkv++;
	return 0;
}

/* One operation: verb id, line, key count, the keys. */
static int read_op(struct reader *r, struct trace *out)
{
	uint8_t verb, nkv;
	uint64_t line;

	if (get_u8(r, &verb) || get_varint(r, &line) || get_u8(r, &nkv))
		return -1;
	if (verb >= TV_COUNT)
		return bfail(r, "unknown verb id");
	if (nkv > TRACE_OP_KV_MAX || line > UINT32_MAX)
		return bfail(r, "bad operation header");
	struct trace_op *op = trace_add_op(out, verb, (uint32_t)line);
	if (!op)
		return bfail(r, "out of memory");
	for (unsigned i = 0; i < nkv; i++)
		if (read_kv(r, out, op))
			return -1;
	return 0;
}

int trace_parse_binary(const char *name, const uint8_t *buf, size_t len,
		       struct trace *out, struct trace_error *err)
{
	struct reader r = { buf, buf + len, buf, err, name ? name : "<trace>" };

	memset(err, 0, sizeof(*err));
	trace_init(out, r.name);
	if (len < 9 || memcmp(buf, TRACE_MAGIC_BIN, 8))
		return bfail(&r, "bad magic (expected " TRACE_MAGIC_BIN ")");
	if (buf[8] != TRACE_VERSION) {
		r.p = buf + 8;
		return bfail(&r, "unsupported binary trace version");
	}
	r.p = buf + 9;
	while (r.p < r.end)
		if (read_op(&r, out)) {
			trace_free(out);
			return -1;
		}
	return 0;
}

int trace_load_file(const char *path, struct trace *out,
		    struct trace_error *err)
{
	const char *name = sim_io_name(path, false);
	char *buf;
	size_t len;
	int ret;

	memset(err, 0, sizeof(*err));
	trace_init(out, name);
	/* "-" is stdin; a directory or a read error is an input error. */
	if (sim_read_all(path, &buf, &len, err->msg, sizeof(err->msg))) {
		size_t n = strlen(name);

		/* err->msg starts with "NAME: "; the file goes in err->file. */
		if (!strncmp(err->msg, name, n) && err->msg[n] == ':')
			memmove(err->msg, err->msg + n + 2,
				strlen(err->msg + n + 2) + 1);
		snprintf(err->file, sizeof(err->file), "%s", name);
		return -1;
	}
	if (len >= 8 && !memcmp(buf, TRACE_MAGIC_BIN, 8))
		ret = trace_parse_binary(name, (const uint8_t *)buf, len, out, err);
	else
		ret = trace_parse_buffer(name, buf, len, out, err);
	free(buf);
	/* The trace keeps the name pointer: callers keep path alive. */
	return ret;
}
