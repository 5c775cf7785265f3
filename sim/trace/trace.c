// SPDX-License-Identifier: GPL-2.0
/*
 * Trace container: the arena that owns a trace's strings, the schema
 * lookups built from trace_schema.h, building operations in code, errno
 * names, and the canonical text writer.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "trace_internal.h"

/* ---- arena ---------------------------------------------------------- */

struct trace_arena {
	struct trace_arena *next;
	size_t used, cap;
	unsigned char data[];
};

static void *arena_alloc(struct trace *t, size_t n)
{
	struct trace_arena *a = t->arena;

	n = (n + 7) & ~(size_t)7;
	if (!a || a->cap - a->used < n) {
		size_t cap = n > 60000 ? n : 60000;
		struct trace_arena *b = malloc(sizeof(*b) + cap);

		if (!b)
			return NULL;
		b->next = a;
		b->used = 0;
		b->cap = cap;
		t->arena = b;
		a = b;
	}
	void *p = a->data + a->used;
	a->used += n;
	return p;
}

void trace_init(struct trace *t, const char *name)
{
	memset(t, 0, sizeof(*t));
	t->name = name ? name : "<trace>";
}

void trace_free(struct trace *t)
{
	struct trace_arena *a = t->arena;

	while (a) {
		struct trace_arena *n = a->next;
		free(a);
		a = n;
	}
	free(t->ops);
	t->ops = NULL;
	t->nops = t->cap = 0;
	t->arena = NULL;
}

/* ---- schema --------------------------------------------------------- */

struct key_spec {
	const char *name;
	enum trace_vtype type;
	char fmt;		/* 'D', 'H' or 'S' */
	const char *choices;
};

static const struct key_spec key_specs[TK_COUNT] = {
#define TRACE_X_KEY(id, nm, ty, fm, ch) [TK_##id] = { nm, TT_##ty, #fm[0], ch },
	TRACE_KEYS(TRACE_X_KEY)
#undef TRACE_X_KEY
};

struct verb_spec {
	const char *name;
	const char *pos;
	const char *keys;
};

static const struct verb_spec verb_specs[TV_COUNT] = {
#define TRACE_X_VERB(id, nm, ps, ks) [TV_##id] = { nm, ps, ks },
	TRACE_VERBS(TRACE_X_VERB)
#undef TRACE_X_VERB
};

_Static_assert(TK_COUNT <= 128, "key masks hold 128 keys");

static uint64_t verb_mask[TV_COUNT][2];
static int verb_pos[TV_COUNT];

static void mask_add_list(enum trace_verb v, const char *list)
{
	const char *p = list;

	while (*p) {
		while (*p == ' ')
			p++;
		const char *s = p;
		while (*p && *p != ' ')
			p++;
		if (p == s)
			break;
		int k = trace_key_lookup(s, (size_t)(p - s));
		/* The tables are static: a typo is a programming error. */
		if (k < 0) {
			fprintf(stderr, "trace_schema.h: unknown key '%.*s'\n",
				(int)(p - s), s);
			abort();
		}
		verb_mask[v][k / 64] |= 1ull << (k % 64);
	}
}

/* Built when the program (or library) is loaded, before any thread can
   parse: the tables are read-only afterwards. */
static void __attribute__((constructor)) schema_build(void)
{
	for (int v = 0; v < TV_COUNT; v++) {
		mask_add_list(v, verb_specs[v].keys);
		mask_add_list(v, TRACE_COMMON_KEYS);
		verb_pos[v] = verb_specs[v].pos ?
			trace_key_lookup(verb_specs[v].pos,
					 strlen(verb_specs[v].pos)) : -1;
	}
}


const char *trace_key_name(enum trace_key k)
{
	return k < TK_COUNT ? key_specs[k].name : "?";
}

enum trace_vtype trace_key_type(enum trace_key k)
{
	return key_specs[k].type;
}

const char *trace_key_choices(enum trace_key k)
{
	return key_specs[k].choices;
}

const char *trace_verb_name(enum trace_verb v)
{
	return v < TV_COUNT ? verb_specs[v].name : "?";
}

/* name[0..len) equals the NUL-terminated s (first byte checked first:
   these run for every key of every line) */
static bool name_is(const char *s, const char *name, size_t len)
{
	return len && s[0] == name[0] && !strncmp(s, name, len) && !s[len];
}

int trace_key_lookup(const char *name, size_t len)
{
	for (int k = 0; k < TK_COUNT; k++)
		if (name_is(key_specs[k].name, name, len))
			return k;
	return -1;
}

int trace_verb_lookup(const char *name, size_t len)
{
	for (int v = 0; v < TV_COUNT; v++)
		if (name_is(verb_specs[v].name, name, len))
			return v;
	return -1;
}

bool trace_verb_accepts(enum trace_verb v, enum trace_key k)
{
	if (v >= TV_COUNT || k >= TK_COUNT)
		return false;
	return verb_mask[v][k / 64] & (1ull << (k % 64));
}

int trace_verb_positional(enum trace_verb v)
{
	return verb_pos[v];
}

const char *trace_verb_keys(enum trace_verb v)
{
	return verb_specs[v].keys;
}

/* ---- errno names ---------------------------------------------------- */

static const struct {
	const char *name;
	int val;
} errnos[] = {
	{ "EPERM", EPERM }, { "ENOENT", ENOENT }, { "ESRCH", ESRCH },
	{ "EINTR", EINTR }, { "EIO", EIO }, { "ENXIO", ENXIO },
	{ "E2BIG", E2BIG }, { "EBADF", EBADF }, { "EAGAIN", EAGAIN },
	{ "ENOMEM", ENOMEM }, { "EACCES", EACCES }, { "EFAULT", EFAULT },
	{ "EBUSY", EBUSY }, { "EEXIST", EEXIST }, { "ENODEV", ENODEV },
	{ "EINVAL", EINVAL }, { "EMFILE", EMFILE }, { "ENOTTY", ENOTTY },
	{ "ENOSPC", ENOSPC }, { "ERANGE", ERANGE }, { "ENOSYS", ENOSYS },
	{ "EBADFD", EBADFD }, { "EOPNOTSUPP", EOPNOTSUPP },
	{ "ETIMEDOUT", ETIMEDOUT }, { "EOVERFLOW", EOVERFLOW },
};

int trace_errno_lookup(const char *name, size_t len)
{
	if ((len == 2 && !memcmp(name, "OK", 2)) ||
	    (len == 1 && name[0] == '0'))
		return 0;
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (strlen(errnos[i].name) == len &&
		    !memcmp(errnos[i].name, name, len))
			return errnos[i].val;
	return -1;
}

const char *trace_errno_name(int e)
{
	if (e == 0)
		return "OK";
	for (size_t i = 0; i < sizeof(errnos) / sizeof(errnos[0]); i++)
		if (errnos[i].val == e)
			return errnos[i].name;
	return NULL;
}

bool trace_dev_ok(enum trace_verb v, uint64_t num)
{
	uint64_t extra = num >> 24;

	if (extra && v != TV_DEVICE)
		return false;
	return extra <= 0xffff && (num & 0xffff) + extra <= 0xffff;
}

void trace_error_format(const struct trace_error *err, char *buf, size_t len)
{
	if (err->line)
		snprintf(buf, len, "%s:%u:%u: error: %s", err->file, err->line,
			 err->col, err->msg);
	else
		snprintf(buf, len, "%s: error: %s", err->file, err->msg);
}

/* ---- building ------------------------------------------------------- */


struct trace_op *trace_add_op(struct trace *t, enum trace_verb verb,
			      uint32_t line)
{
	if (t->nops == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct trace_op *n = realloc(t->ops, cap * sizeof(*n));

		if (!n)
			return NULL;
		t->ops = n;
		t->cap = cap;
	}
	struct trace_op *op = &t->ops[t->nops];
	op->verb = verb;
	op->line = line;
	op->nkv = 0;
	op->kv = arena_alloc(t, TRACE_OP_KV_FIRST * sizeof(*op->kv));
	if (!op->kv)
		return NULL;
	t->nops++;
	return op;
}

/*
 * The slot for op's next key (op->nkv is not advanced), or NULL when the
 * operation is full or out of memory. An operation's key array holds
 * TRACE_OP_KV_FIRST keys, then doubles when nkv reaches a power of two
 * (the old array stays in the arena): a million-line trace costs the
 * keys it has, not TRACE_OP_KV_MAX slots per line.
 */
struct trace_kv *trace_op_new_kv(struct trace *t, struct trace_op *op)
{
	uint32_t n = op->nkv;

	if (n >= TRACE_OP_KV_MAX)
		return NULL;
	if (n >= TRACE_OP_KV_FIRST && !(n & (n - 1))) {
		struct trace_kv *kv = arena_alloc(t, 2 * n * sizeof(*kv));

		if (!kv)
			return NULL;
		memcpy(kv, op->kv, n * sizeof(*kv));
		op->kv = kv;
	}
	return &op->kv[n];
}

struct trace_op *trace_copy_op(struct trace *t, const struct trace_op *src,
			       unsigned extra_kv)
{
	struct trace_op *op = trace_add_op(t, src->verb, src->line);

	(void)extra_kv;
	if (!op)
		return NULL;
	for (uint32_t i = 0; i < src->nkv && i < TRACE_OP_KV_MAX; i++) {
		const struct trace_kv *kv = &src->kv[i];

		if (!trace_op_new_kv(t, op))
			return NULL;
		op->kv[op->nkv] = *kv;
		if (kv->str) {
			char *s = arena_alloc(t, strlen(kv->str) + 1);
			if (!s)
				return NULL;
			strcpy(s, kv->str);
			op->kv[op->nkv].str = s;
		}
		if (kv->bytes) {
			uint8_t *b = arena_alloc(t, kv->len ? kv->len : 1);
			if (!b)
				return NULL;
			memcpy(b, kv->bytes, kv->len);
			op->kv[op->nkv].bytes = b;
		}
		op->nkv++;
	}
	return op;
}

static struct trace_kv *op_slot(struct trace *t, struct trace_op *op,
				 enum trace_key k)
{
	for (uint32_t i = 0; i < op->nkv; i++)
		if (op->kv[i].key == k)
			return &op->kv[i];
	struct trace_kv *kv = trace_op_new_kv(t, op);
	if (!kv)
		return NULL;
	op->nkv++;
	memset(kv, 0, sizeof(*kv));
	kv->key = k;
	return kv;
}

int trace_op_unum(struct trace *t, struct trace_op *op, enum trace_key k,
		  uint64_t v)
{
	struct trace_kv *kv = op_slot(t, op, k);

	if (!kv)
		return -1;
	kv->num = v;
	kv->neg = false;
	kv->str = NULL;
	return 0;
}

int trace_op_num(struct trace *t, struct trace_op *op, enum trace_key k,
		 int64_t v)
{
	if (trace_op_unum(t, op, k, v < 0 ? -(uint64_t)v : (uint64_t)v))
		return -1;
	op_slot(t, op, k)->neg = v < 0;
	return 0;
}

int trace_op_str(struct trace *t, struct trace_op *op, enum trace_key k,
		 const char *s)
{
	struct trace_kv *kv = op_slot(t, op, k);
	char *c = arena_alloc(t, strlen(s) + 1);

	if (!kv || !c)
		return -1;
	strcpy(c, s);
	kv->str = c;
	return 0;
}

int trace_op_bytes(struct trace *t, struct trace_op *op, enum trace_key k,
		   const void *b, size_t len)
{
	struct trace_kv *kv = op_slot(t, op, k);
	uint8_t *c = arena_alloc(t, len ? len : 1);

	if (!kv || !c)
		return -1;
	memcpy(c, b, len);
	kv->bytes = c;
	kv->len = len;
	return 0;
}

/* Used by the parser: arena storage for a string of len bytes. */
char *trace_arena_strndup(struct trace *t, const char *s, size_t len)
{
	char *c = arena_alloc(t, len + 1);

	if (!c)
		return NULL;
	memcpy(c, s, len);
	c[len] = 0;
	return c;
}

void *trace_arena_alloc(struct trace *t, size_t n)
{
	return arena_alloc(t, n);
}

const struct trace_kv *trace_op_get(const struct trace_op *op,
				    enum trace_key k)
{
	for (uint32_t i = 0; i < op->nkv; i++)
		if (op->kv[i].key == k)
			return &op->kv[i];
	return NULL;
}

/* ---- text writer ---------------------------------------------------- */

static void write_num(FILE *f, char fmt, bool neg, uint64_t v)
{
	static const char sfx[] = "KMGT";

	if (neg) {
		fprintf(f, "-%" PRIu64, v);
		return;
	}
	if (fmt == 'S' && v) {
		int s = -1;
		while (s < 3 && !(v & ((1ull << (10 * (s + 2))) - 1)))
			s++;
		if (s >= 0) {
			fprintf(f, "%" PRIu64 "%c", v >> (10 * (s + 1)), sfx[s]);
			return;
		}
	}
	if (fmt == 'D' || v < 10)
		fprintf(f, "%" PRIu64, v);
	else
		fprintf(f, "0x%" PRIx64, v);
}

static bool needs_quotes(const char *s)
{
	if (!*s)
		return true;
	for (; *s; s++)
		if (*s == ' ' || *s == '\t' || *s == '"' || *s == '#' ||
		    *s == '=' || *s == '\\' ||
		    /* bare words are printable ASCII only (trace_parse.c) */
		    (unsigned char)*s < 0x20 || (unsigned char)*s >= 0x7f)
			return true;
	return false;
}

/* A string, quoted when bare text would not read back the same. */
static void write_str(const char *str, bool word, FILE *f)
{
	/* A bare word starting like a number would read back as one. */
	bool numeric = word && ((*str >= '0' && *str <= '9') ||
				*str == '-' || *str == '+');

	if (needs_quotes(str) || numeric) {
		fputc('"', f);
		for (const char *s = str; *s; s++) {
			if (*s == '"' || *s == '\\')
				fputc('\\', f);
			fputc(*s, f);
		}
		fputc('"', f);
	} else {
		fputs(str, f);
	}
}

static void write_kv_value(const struct trace_kv *kv, FILE *f)
{
	const struct key_spec *ks = &key_specs[kv->key];

	switch (ks->type) {
	case TT_NUM:
		write_num(f, ks->fmt, kv->neg, kv->num);
		break;
	case TT_WORD:
		if (kv->str)
			write_str(kv->str, true, f);
		else
			write_num(f, ks->fmt, kv->neg, kv->num);
		break;
	case TT_STR:
		write_str(kv->str, false, f);
		break;
	case TT_BYTES:
		if (!kv->len)
			fputs("\"\"", f);
		for (size_t i = 0; i < kv->len; i++)
			fprintf(f, "%02x", kv->bytes[i]);
		break;
	case TT_ERRNO: {
		const char *n = trace_errno_name((int)kv->num);
		if (n)
			fputs(n, f);
		else
			fprintf(f, "%" PRIu64, kv->num);
		break;
	}
	case TT_DEV:
		fprintf(f, "%u:0x%04x", trace_dev_phb(kv->num),
			trace_dev_rid(kv->num));
		if (kv->num >> 24)
			fprintf(f, "-0x%04x", trace_dev_last(kv->num));
		break;
	}
}

static void write_kv(const struct trace_kv *kv, FILE *f)
{
	fprintf(f, "%s=", key_specs[kv->key].name);
	write_kv_value(kv, f);
}

void trace_write_op(const struct trace_op *op, FILE *f)
{
	int pos = trace_verb_positional(op->verb);

	if (op->verb == TV_NOTE) {
		const struct trace_kv *n = trace_op_get(op, TK_NAME);
		fprintf(f, "# %s", n && n->str ? n->str : "");
		return;
	}
	fputs(verb_specs[op->verb].name, f);
	/* The positional key first, without its name, when it is a string. */
	const struct trace_kv *p = pos >= 0 ? trace_op_get(op, pos) : NULL;
	if (p && key_specs[pos].type == TT_STR && p->str) {
		fputc(' ', f);
		write_kv_value(p, f);
	} else {
		p = NULL;
	}
	for (uint32_t i = 0; i < op->nkv; i++) {
		if (&op->kv[i] == p)
			continue;
		fputc(' ', f);
		write_kv(&op->kv[i], f);
	}
}

int trace_write_text(const struct trace *t, FILE *f)
{
	fprintf(f, "%s %d\n", TRACE_MAGIC_TEXT, TRACE_VERSION);
	for (size_t i = 0; i < t->nops; i++) {
		trace_write_op(&t->ops[i], f);
		fputc('\n', f);
	}
	return ferror(f) ? -1 : 0;
}
