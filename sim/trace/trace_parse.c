// SPDX-License-Identifier: GPL-2.0
/*
 * Text trace lexer and parser: bytes in, struct trace out, or one error
 * naming file:line:column and what was expected. It never reads past len,
 * never aborts and never leaks, whatever the input (it is fuzzed).
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "trace_internal.h"

struct lexer {
	const char *name;
	const char *p, *end;	/* current line [p, end) */
	const char *line_start;
	unsigned line;
	struct trace_error *err;
};

static int fail(struct lexer *lx, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct lexer *lx, const char *at, const char *fmt, ...)
{
	va_list ap;

	snprintf(lx->err->file, sizeof(lx->err->file), "%s", lx->name);
	lx->err->line = lx->line;
	lx->err->col = (unsigned)(at - lx->line_start) + 1;
	va_start(ap, fmt);
	vsnprintf(lx->err->msg, sizeof(lx->err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* Printable excerpt of [s, e) for messages: at most 24 bytes, quoted. */
static const char *excerpt(const char *s, const char *e, char *buf, size_t n)
{
	size_t len = (size_t)(e - s), o = 0;

	if (len == 0)
		return "end of line";
	buf[o++] = '\'';
	for (size_t i = 0; i < len && i < 24 && o + 5 < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f)
			buf[o++] = (char)c;
		else
			o += (size_t)snprintf(buf + o, n - o, "\\x%02x", c);
	}
	if (len > 24 && o + 4 < n) {
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '\'';
	buf[o] = 0;
	return buf;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t';
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static void skip_space(struct lexer *lx)
{
	while (lx->p < lx->end && is_space(*lx->p))
		lx->p++;
}

static bool at_eol(struct lexer *lx)
{
	return lx->p >= lx->end || *lx->p == '#';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Number: [-](0x hex | decimal)[K|M|G|T]. 0 with *v and *neg, or -1 with
 * the error set at the offending character.
 */
static int parse_number(struct lexer *lx, const char *s, const char *e,
			uint64_t *v, bool *neg)
{
	const char *p = s;
	uint64_t x = 0;
	char buf[64];

	*neg = false;
	if (p < e && *p == '-') {
		*neg = true;
		p++;
	}
	if (p >= e)
		return fail(lx, p, "expected a number, got %s",
			    excerpt(s, e, buf, sizeof(buf)));
	if (e - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		const char *d = p;
		while (p < e && hexval(*p) >= 0) {
			if (x >> 60)
				return fail(lx, s, "number %s does not fit in 64 bits",
					    excerpt(s, e, buf, sizeof(buf)));
			x = x << 4 | (uint64_t)hexval(*p++);
		}
		if (p == d)
			return fail(lx, p, "expected hex digits after 0x");
	} else {
		if (*p < '0' || *p > '9')
			return fail(lx, p, "expected a number, got %s",
				    excerpt(s, e, buf, sizeof(buf)));
		while (p < e && *p >= '0' && *p <= '9') {
			uint64_t d = (uint64_t)(*p - '0');
			if (x > (UINT64_MAX - d) / 10)
				return fail(lx, s, "number %s does not fit in 64 bits",
					    excerpt(s, e, buf, sizeof(buf)));
			x = x * 10 + d;
			p++;
		}
	}
	if (p < e) {
		unsigned sh;
		switch (*p) {
		case 'K': case 'k': sh = 10; break;
		case 'M': case 'm': sh = 20; break;
		case 'G': case 'g': sh = 30; break;
		case 'T': case 't': sh = 40; break;
		default:
			return fail(lx, p, "expected a digit or a K/M/G/T suffix, got %s",
				    excerpt(p, e, buf, sizeof(buf)));
		}
		if (x >> (64 - sh))
			return fail(lx, s, "number %s does not fit in 64 bits",
				    excerpt(s, e, buf, sizeof(buf)));
		x <<= sh;
		p++;
		if (p < e)
			return fail(lx, p, "unexpected %s after the size suffix",
				    excerpt(p, e, buf, sizeof(buf)));
	}
	if (*neg && x > (1ull << 63))
		return fail(lx, s, "number %s does not fit in 64 bits",
			    excerpt(s, e, buf, sizeof(buf)));
	*v = x;
	return 0;
}

static bool looks_numeric(const char *s, const char *e)
{
	if (s < e && *s == '-')
		s++;
	return s < e && *s >= '0' && *s <= '9';
}

static bool in_choices(const char *choices, const char *s, size_t len)
{
	const char *p = choices;

	while (*p) {
		const char *q = strchr(p, '|');
		size_t n = q ? (size_t)(q - p) : strlen(p);
		if (n == len && !memcmp(p, s, len))
			return true;
		if (!q)
			break;
		p = q + 1;
	}
	return false;
}

/*
 * Scan one value starting at lx->p: a quoted string (unescaped into the
 * arena) or a bare run up to whitespace or '#'. Sets [*s, *e) to the raw
 * bare text, or *str to the unescaped quoted text.
 */
static int scan_value(struct lexer *lx, struct trace *t, const char **s,
		      const char **e, char **quoted)
{
	*quoted = NULL;
	if (lx->p < lx->end && *lx->p == '"') {
		const char *q = lx->p + 1;
		const char *open = lx->p;
		size_t n = 0;
		/* First pass: length and termination. */
		const char *r = q;
		while (r < lx->end && *r != '"') {
			if (*r == '\\') {
				r++;
				if (r >= lx->end)
					break;
			}
			if ((unsigned char)*r < 0x20 && *r != '\t')
				return fail(lx, r, "control character in a quoted string");
			r++;
			n++;
		}
		if (r >= lx->end)
			return fail(lx, open, "unterminated quoted string (expected a closing '\"')");
		char *out = trace_arena_alloc(t, n + 1);
		if (!out)
			return fail(lx, open, "out of memory");
		size_t o = 0;
		for (const char *c = q; c < r; c++) {
			if (*c == '\\')
				c++;
			out[o++] = *c;
		}
		out[o] = 0;
		*quoted = out;
		*s = open;
		lx->p = r + 1;
		*e = lx->p;
		if (lx->p < lx->end && !is_space(*lx->p) && *lx->p != '#')
			return fail(lx, lx->p, "expected a space after the quoted string");
		return 0;
	}
	*s = lx->p;
	while (lx->p < lx->end && !is_space(*lx->p) && *lx->p != '#') {
		unsigned char c = (unsigned char)*lx->p;
		if (c < 0x20 || c >= 0x7f || c == '"' || c == '=')
			return fail(lx, lx->p, "unexpected character %s in a value",
				    excerpt(lx->p, lx->p + 1, (char[16]){0}, 16));
		lx->p++;
	}
	*e = lx->p;
	if (*s == *e)
		return fail(lx, *s, "expected a value after '='");
	return 0;
}

/* STR, or WORD given as a word: one of the key's choices, if it has some. */
static int value_word(struct lexer *lx, struct trace *t, struct trace_kv *kv,
		      const char *s, const char *e, char *quoted)
{
	enum trace_key k = kv->key;
	const char *choices = trace_key_choices(k);
	const char *w = quoted ? quoted : s;
	size_t len = quoted ? strlen(quoted) : (size_t)(e - s);
	char buf[64];

	if (choices && !in_choices(choices, w, len))
		return fail(lx, s, "%s: expected one of %s%s, got %s",
			    trace_key_name(k), choices,
			    trace_key_type(k) == TT_WORD ? " or a number" : "",
			    excerpt(w, w + len, buf, sizeof(buf)));
	kv->str = quoted ? quoted : trace_arena_strndup(t, s, len);
	if (!kv->str)
		return fail(lx, s, "out of memory");
	return 0;
}

/* BYTES: hex digits, two per byte, optional 0x; "" for no bytes. */
static int value_bytes(struct lexer *lx, struct trace *t, struct trace_kv *kv,
		       const char *s, const char *e, char *quoted)
{
	enum trace_key k = kv->key;

	if (quoted) {
		if (*quoted)
			return fail(lx, s, "%s: expected hex bytes, got a quoted string",
				    trace_key_name(k));
		kv->bytes = (const uint8_t *)quoted;
		kv->len = 0;
		return 0;
	}
	const char *p = s;
	if (e - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	if ((e - p) % 2 || p == e)
		return fail(lx, s, "%s: expected an even number of hex digits (two per byte)",
			    trace_key_name(k));
	size_t n = (size_t)(e - p) / 2;
	uint8_t *b = trace_arena_alloc(t, n);
	if (!b)
		return fail(lx, s, "out of memory");
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(p[2 * i]), lo = hexval(p[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return fail(lx, p + 2 * i + (hi < 0 ? 0 : 1),
				    "%s: expected a hex digit", trace_key_name(k));
		b[i] = (uint8_t)(hi << 4 | lo);
	}
	kv->bytes = b;
	kv->len = n;
	return 0;
}

/* ERRNO: a name (EINVAL, OK) or a number 0..4095. */
static int value_errno(struct lexer *lx, struct trace_kv *kv, const char *s,
		       const char *e, char *quoted)
{
	enum trace_key k = kv->key;
	char buf[64];

	if (quoted)
		return fail(lx, s, "%s: expected an errno name, got a quoted string",
			    trace_key_name(k));
	if (looks_numeric(s, e)) {
		if (parse_number(lx, s, e, &kv->num, &kv->neg))
			return -1;
		if (kv->neg || kv->num > 4095)
			return fail(lx, s, "%s: errno numbers are 0..4095",
				    trace_key_name(k));
		return 0;
	}
	int v = trace_errno_lookup(s, (size_t)(e - s));
	if (v < 0)
		return fail(lx, s, "%s: unknown errno name %s (expected e.g. EINVAL, EPERM, OK)",
			    trace_key_name(k), excerpt(s, e, buf, sizeof(buf)));
	kv->num = (uint64_t)v;
	return 0;
}

/* DEV: PHB:RID or PHB:FIRST-LAST (trace.h: trace_dev_*). */
static int value_dev(struct lexer *lx, struct trace_kv *kv, const char *s,
		     const char *e, char *quoted)
{
	enum trace_key k = kv->key;
	const char *c = quoted ? NULL : memchr(s, ':', (size_t)(e - s));
	const char *dash;
	uint64_t phb, rid, last;
	bool n1, n2, n3 = false;

	if (!c)
		return fail(lx, s, "%s: expected PHB:RID (e.g. 0:0x0100) or PHB:FIRST-LAST",
			    trace_key_name(k));
	/* a '-' after the first character of the RID: a range */
	dash = c + 2 < e ? memchr(c + 2, '-', (size_t)(e - c - 2)) : NULL;
	if (parse_number(lx, s, c, &phb, &n1) ||
	    parse_number(lx, c + 1, dash ? dash : e, &rid, &n2))
		return -1;
	if (n1 || phb > TRACE_DEV_PHB_MAX)
		return fail(lx, s, "%s: PHB index must be 0..%d", trace_key_name(k),
			    TRACE_DEV_PHB_MAX);
	if (n2 || rid > 0xffff)
		return fail(lx, c + 1, "%s: RID must be 0..0xffff", trace_key_name(k));
	last = rid;
	if (dash) {
		if (parse_number(lx, dash + 1, e, &last, &n3))
			return -1;
		if (n3 || last > 0xffff || last < rid)
			return fail(lx, dash + 1, "%s: the last RID of a range must be 0x%04x..0xffff",
				    trace_key_name(k), (unsigned)rid);
	}
	kv->num = (last - rid) << 24 | phb << 16 | rid;
	return 0;
}

/* The scanned value text [s, e) (or the quoted string) as kv's type. */
static int parse_value(struct lexer *lx, struct trace *t,
		       struct trace_kv *kv, const char *s, const char *e,
		       char *quoted)
{
	enum trace_key k = kv->key;

	switch (trace_key_type(k)) {
	case TT_NUM:
		if (quoted)
			return fail(lx, s, "%s: expected a number, got a quoted string",
				    trace_key_name(k));
		return parse_number(lx, s, e, &kv->num, &kv->neg);
	case TT_WORD:
		if (!quoted && looks_numeric(s, e))
			return parse_number(lx, s, e, &kv->num, &kv->neg);
		return value_word(lx, t, kv, s, e, quoted);
	case TT_STR:
		return value_word(lx, t, kv, s, e, quoted);
	case TT_BYTES:
		return value_bytes(lx, t, kv, s, e, quoted);
	case TT_ERRNO:
		return value_errno(lx, kv, s, e, quoted);
	case TT_DEV:
		return value_dev(lx, kv, s, e, quoted);
	}
	return fail(lx, s, "internal: bad key type");
}

/*
 * The key of the value at lx->p: "key=" (checked against the verb), or
 * the verb's positional key for a first bare word. kv->key set; 0 or -1.
 */
static int parse_key(struct lexer *lx, const struct trace_op *op, int pos,
		     bool first, struct trace_kv *kv)
{
	enum trace_verb verb = op->verb;
	const char *ks = lx->p;
	char buf[64];

	while (lx->p < lx->end && is_word_char(*lx->p))
		lx->p++;
	const char *ke = lx->p;

	if (lx->p < lx->end && *lx->p == '=') {
		if (ke == ks)
			return fail(lx, ks, "expected a key before '='");
		int k = trace_key_lookup(ks, (size_t)(ke - ks));
		if (k < 0)
			return fail(lx, ks, "unknown key %s for '%s' (accepted: %s)",
				    excerpt(ks, ke, buf, sizeof(buf)),
				    trace_verb_name(verb), trace_verb_keys(verb));
		if (!trace_verb_accepts(verb, k))
			return fail(lx, ks, "key '%s' is not accepted by '%s' (accepted: %s)",
				    trace_key_name(k), trace_verb_name(verb),
				    trace_verb_keys(verb));
		if (trace_op_get(op, k))
			return fail(lx, ks, "duplicate key '%s'", trace_key_name(k));
		kv->key = (uint8_t)k;
		lx->p++;
		return 0;
	}
	if (first && pos >= 0) {
		/* A bare word: the positional key. */
		lx->p = ks;
		kv->key = (uint8_t)pos;
		return 0;
	}
	if (ke > ks && (lx->p >= lx->end || is_space(*lx->p) || *lx->p == '#'))
		return fail(lx, ks, "expected key=value, got %s",
			    excerpt(ks, ke, buf, sizeof(buf)));
	const char *bad = lx->p < lx->end ? lx->p : ks;
	return fail(lx, bad, "expected key=value, got %s",
		    excerpt(bad, bad + 1 <= lx->end ? bad + 1 : bad, buf,
			    sizeof(buf)));
}

static int parse_op(struct lexer *lx, struct trace *t)
{
	char buf[64];
	const char *vs = lx->p;

	while (lx->p < lx->end && is_word_char(*lx->p))
		lx->p++;
	if (lx->p == vs)
		return fail(lx, vs, "expected a verb, got %s",
			    excerpt(vs, lx->end, buf, sizeof(buf)));
	int verb = trace_verb_lookup(vs, (size_t)(lx->p - vs));
	if (verb < 0)
		return fail(lx, vs, "unknown verb %s (see docs/trace-format.md)",
			    excerpt(vs, lx->p, buf, sizeof(buf)));
	if (lx->p < lx->end && !is_space(*lx->p) && *lx->p != '#')
		return fail(lx, lx->p, "expected a space after the verb, got %s",
			    excerpt(lx->p, lx->p + 1, buf, sizeof(buf)));

	struct trace_op *op = trace_add_op(t, verb, lx->line);
	if (!op)
		return fail(lx, vs, "out of memory");
	int pos = trace_verb_positional(verb);
	bool first = true;

	for (;;) {
		struct trace_kv kv;

		skip_space(lx);
		if (at_eol(lx))
			break;
		const char *ks = lx->p;
		memset(&kv, 0, sizeof(kv));
		kv.col = (uint32_t)(ks - lx->line_start) + 1;
		if (parse_key(lx, op, pos, first, &kv))
			return -1;
		first = false;
		const char *s = NULL, *e = NULL;
		char *quoted;
		if (scan_value(lx, t, &s, &e, &quoted))
			return -1;
		if (parse_value(lx, t, &kv, s, e, quoted))
			return -1;
		if (trace_key_type(kv.key) == TT_DEV &&
		    !trace_dev_ok((enum trace_verb)verb, kv.num))
			return fail(lx, s, "%s: a range of RIDs is only accepted by 'device' (here one RID: PHB:RID)",
				    trace_key_name(kv.key));
		if (op->nkv >= TRACE_OP_KV_MAX)
			return fail(lx, ks, "too many keys on one line (at most %d)",
				    TRACE_OP_KV_MAX);
		if (!trace_op_new_kv(t, op))
			return fail(lx, ks, "out of memory");
		op->kv[op->nkv++] = kv;
	}
	return 0;
}

static int parse_header(struct lexer *lx)
{
	size_t ml = strlen(TRACE_MAGIC_TEXT);
	char buf[64];

	if ((size_t)(lx->end - lx->p) < ml || memcmp(lx->p, TRACE_MAGIC_TEXT, ml))
		return fail(lx, lx->p, "expected the header '%s %d', got %s",
			    TRACE_MAGIC_TEXT, TRACE_VERSION,
			    excerpt(lx->p, lx->end, buf, sizeof(buf)));
	lx->p += ml;
	if (lx->p >= lx->end || !is_space(*lx->p))
		return fail(lx, lx->p, "expected a space and a version number after '%s'",
			    TRACE_MAGIC_TEXT);
	skip_space(lx);
	const char *s = lx->p;
	while (lx->p < lx->end && !is_space(*lx->p) && *lx->p != '#')
		lx->p++;
	uint64_t v;
	bool neg;
	if (parse_number(lx, s, lx->p, &v, &neg))
		return -1;
	if (neg || v != TRACE_VERSION)
		return fail(lx, s, "unsupported trace version %s (this tcesim reads version %d)",
			    excerpt(s, lx->p, buf, sizeof(buf)), TRACE_VERSION);
	skip_space(lx);
	if (!at_eol(lx))
		return fail(lx, lx->p, "unexpected %s after the version",
			    excerpt(lx->p, lx->end, buf, sizeof(buf)));
	return 0;
}

int trace_parse_buffer(const char *name, const char *buf, size_t len,
		       struct trace *out, struct trace_error *err)
{
	struct lexer lx = { .name = name ? name : "<trace>", .err = err };
	const char *p = buf, *end = buf + len;
	bool header = false;

	memset(err, 0, sizeof(*err));
	trace_init(out, lx.name);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		if (lx.line == UINT32_MAX - 1) {
			fail(&lx, p, "too many lines");
			goto fail;
		}
		lx.line++;
		lx.line_start = p;
		lx.p = p;
		lx.end = le;
		if (lx.end > lx.p && lx.end[-1] == '\r')
			lx.end--;
		p = nl ? nl + 1 : end;

		skip_space(&lx);
		if (at_eol(&lx))
			continue;
		if (!header) {
			if (parse_header(&lx))
				goto fail;
			header = true;
			continue;
		}
		if (parse_op(&lx, out))
			goto fail;
	}
	if (!header) {
		snprintf(err->file, sizeof(err->file), "%s", lx.name);
		err->line = lx.line ? lx.line : 1;
		err->col = 1;
		snprintf(err->msg, sizeof(err->msg),
			 "expected the header '%s %d', got end of file",
			 TRACE_MAGIC_TEXT, TRACE_VERSION);
		goto fail;
	}
	return 0;
fail:
	trace_free(out);
	return -1;
}
