// SPDX-License-Identifier: GPL-2.0
/*
 * Component state as big-endian bytes (tcesim/state.h): a growing output
 * buffer with sticky out-of-memory, and a bounds-checked reader with a
 * sticky short-read flag, so a save or restore is a straight list of
 * puts or gets checked once at the end.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/state.h"

/* ---- writing ------------------------------------------------------------ */

void sim_state_out_init(struct sim_state_out *o)
{
	memset(o, 0, sizeof(*o));
}

void sim_state_out_free(struct sim_state_out *o)
{
	free(o->buf);
	memset(o, 0, sizeof(*o));
}

int sim_state_out_status(const struct sim_state_out *o)
{
	return o->oom ? -ENOMEM : 0;
}

static uint8_t *room(struct sim_state_out *o, size_t n)
{
	size_t cap;
	uint8_t *b;

	if (o->oom)
		return NULL;
	if (n > SIZE_MAX / 2 - o->len) {
		o->oom = true;
		return NULL;
	}
	if (o->len + n > o->cap) {
		cap = o->cap ? o->cap : 256;
		while (cap < o->len + n)
			cap *= 2;
		b = realloc(o->buf, cap);
		if (!b) {
			o->oom = true;
			return NULL;
		}
		o->buf = b;
		o->cap = cap;
	}
	b = o->buf + o->len;
	o->len += n;
	return b;
}

static void put_be(struct sim_state_out *o, uint64_t v, unsigned n)
{
	uint8_t *b = room(o, n);
	unsigned i;

	if (!b)
		return;
	for (i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
}

void sim_state_put_u8(struct sim_state_out *o, uint8_t v)
{
	put_be(o, v, 1);
}

void sim_state_put_u16(struct sim_state_out *o, uint16_t v)
{
	put_be(o, v, 2);
}

void sim_state_put_u32(struct sim_state_out *o, uint32_t v)
{
	put_be(o, v, 4);
}

void sim_state_put_u64(struct sim_state_out *o, uint64_t v)
{
	put_be(o, v, 8);
}

void sim_state_put_double(struct sim_state_out *o, double v)
{
	uint64_t bits;

	memcpy(&bits, &v, sizeof(bits));
	put_be(o, bits, 8);
}

void sim_state_put_bytes(struct sim_state_out *o, const void *p, size_t n)
{
	uint8_t *b = room(o, n);

	if (b && n)
		memcpy(b, p, n);
}

void sim_state_put_counters(struct sim_state_out *o, const void *words,
			    size_t n)
{
	const uint8_t *w = words;
	uint64_t v;
	size_t i;

	sim_state_put_u32(o, (uint32_t)n);
	for (i = 0; i < n; i++) {
		memcpy(&v, w + i * sizeof(v), sizeof(v));
		sim_state_put_u64(o, v);
	}
}

void sim_state_put_header(struct sim_state_out *o, uint32_t version,
			  uint32_t unit)
{
	sim_state_put_u32(o, version);
	sim_state_put_u32(o, unit);
}

size_t sim_state_blob_begin(struct sim_state_out *o)
{
	size_t at = o->len;

	sim_state_put_u32(o, 0);
	return at;
}

void sim_state_blob_end(struct sim_state_out *o, size_t at)
{
	uint64_t n;
	unsigned i;

	if (o->oom || at + 4 > o->len)
		return;
	n = o->len - at - 4;
	if (n > UINT32_MAX) {
		o->oom = true;
		return;
	}
	for (i = 0; i < 4; i++)
		o->buf[at + i] = (uint8_t)(n >> (8 * (3 - i)));
}

/* ---- reading ------------------------------------------------------------ */

void sim_state_in_init(struct sim_state_in *in, const void *buf, size_t len)
{
	in->p = buf;
	in->len = buf ? len : 0;
	in->off = 0;
	in->short_read = false;
}

static const uint8_t *take(struct sim_state_in *in, size_t n)
{
	const uint8_t *b;

	if (in->short_read || n > in->len - in->off) {
		in->short_read = true;
		return NULL;
	}
	b = in->p + in->off;
	in->off += n;
	return b;
}

static uint64_t get_be(struct sim_state_in *in, unsigned n)
{
	const uint8_t *b = take(in, n);
	uint64_t v = 0;
	unsigned i;

	if (!b)
		return 0;
	for (i = 0; i < n; i++)
		v = v << 8 | b[i];
	return v;
}

uint8_t sim_state_get_u8(struct sim_state_in *in)
{
	return (uint8_t)get_be(in, 1);
}

uint16_t sim_state_get_u16(struct sim_state_in *in)
{
	return (uint16_t)get_be(in, 2);
}

uint32_t sim_state_get_u32(struct sim_state_in *in)
{
	return (uint32_t)get_be(in, 4);
}

uint64_t sim_state_get_u64(struct sim_state_in *in)
{
	return get_be(in, 8);
}

double sim_state_get_double(struct sim_state_in *in)
{
	uint64_t bits = get_be(in, 8);
	double v;

	memcpy(&v, &bits, sizeof(v));
	return v;
}

void sim_state_get_bytes(struct sim_state_in *in, void *dst, size_t n)
{
	const uint8_t *b = take(in, n);

	if (b && n)
		memcpy(dst, b, n);
	else if (n)
		memset(dst, 0, n);
}

size_t sim_state_left(const struct sim_state_in *in)
{
	return in->short_read ? 0 : in->len - in->off;
}

bool sim_state_room(const struct sim_state_in *in, uint64_t count,
		    size_t elem)
{
	return elem && count <= sim_state_left(in) / elem;
}

bool sim_state_get_blob(struct sim_state_in *in, struct sim_state_in *sub)
{
	uint32_t n = sim_state_get_u32(in);
	const uint8_t *b = take(in, n);

	sim_state_in_init(sub, b, b ? n : 0);
	if (!b)
		sub->short_read = true;
	return b != NULL;
}

int sim_state_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

int sim_state_get_header(struct sim_state_in *in, const char *what,
			 uint32_t version, uint32_t *unit, char *err,
			 size_t errlen)
{
	uint32_t v = sim_state_get_u32(in);
	uint32_t u = sim_state_get_u32(in);

	if (in->short_read)
		return sim_state_fail(err, errlen,
				      "%s: payload of %zu bytes is shorter than its header",
				      what, in->len);
	if (v != version)
		return sim_state_fail(err, errlen,
				      "%s: layout version %u, this tcesim reads version %u",
				      what, v, version);
	if (unit)
		*unit = u;
	return 0;
}

int sim_state_get_counters(struct sim_state_in *in, const char *what,
			   void *words, size_t count, char *err,
			   size_t errlen)
{
	uint8_t *w = words;
	uint32_t n = sim_state_get_u32(in);
	uint64_t v;
	size_t i;

	if (in->short_read)
		return sim_state_fail(err, errlen, "%s: truncated statistics",
				      what);
	if (n != count)
		return sim_state_fail(err, errlen,
				      "%s: %u statistics counters in the checkpoint, %zu in this tcesim",
				      what, n, count);
	if (!sim_state_room(in, n, 8))
		return sim_state_fail(err, errlen, "%s: truncated statistics",
				      what);
	for (i = 0; i < count; i++) {
		v = sim_state_get_u64(in);
		memcpy(w + i * sizeof(v), &v, sizeof(v));
	}
	return 0;
}

int sim_state_end(const struct sim_state_in *in, const char *what,
		  char *err, size_t errlen)
{
	if (in->short_read)
		return sim_state_fail(err, errlen,
				      "%s: payload of %zu bytes is truncated",
				      what, in->len);
	if (in->off != in->len)
		return sim_state_fail(err, errlen,
				      "%s: %zu bytes after the end of the layout",
				      what, in->len - in->off);
	return 0;
}
