// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: feeds arbitrary bytes to the text and binary trace
 * parsers. A trace that parses is written back as text and as binary;
 * both must parse again to the same operations (verb, keys, values,
 * strings, bytes). Any parse error must carry a position. Built with
 * -DTCESIM_FUZZ=ON under clang; fuzz_regress_trace replays the corpus.
 */
#include <stdlib.h>
#include <string.h>

#include "tcesim/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_kv(const struct trace_kv *a, const struct trace_kv *b)
{
	if (!b || a->num != b->num || a->neg != b->neg || a->len != b->len ||
	    !a->str != !b->str)
		abort();
	if (a->str && strcmp(a->str, b->str))
		abort();
	if (a->len && memcmp(a->bytes, b->bytes, a->len))
		abort();
}

/*
 * u must hold the same operations as t (keys in any order). The text
 * writer prints `note` operations as comments (docs/trace-format.md), so
 * a text round trip drops them.
 */
static void same_trace(const struct trace *t, const struct trace *u,
		       bool binary)
{
	size_t j = 0;

	for (size_t i = 0; i < t->nops; i++) {
		const struct trace_op *a = &t->ops[i], *b;

		if (!binary && a->verb == TV_NOTE)
			continue;
		if (j >= u->nops)
			abort();
		b = &u->ops[j++];
		if (a->verb != b->verb || a->nkv != b->nkv)
			abort();
		for (uint32_t k = 0; k < a->nkv; k++)
			same_kv(&a->kv[k], trace_op_get(b, a->kv[k].key));
	}
	if (j != u->nops)
		abort();
}

static void round_trip(const struct trace *t, bool binary)
{
	struct trace u;
	struct trace_error err;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (!f)
		return;
	if (binary)
		rc = trace_write_binary(t, f);
	else
		rc = trace_write_text(t, f);
	fclose(f);
	if (rc)
		abort();	/* the writer refused a parsed trace */
	if (binary)
		rc = trace_parse_binary("fuzz2", (const uint8_t *)buf, len, &u,
					&err);
	else
		rc = trace_parse_buffer("fuzz2", buf, len, &u, &err);
	if (rc)
		abort();	/* the writer produced bad output */
	same_trace(t, &u, binary);
	trace_free(&u);
	free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace t;
	struct trace_error err;

	if (trace_parse_buffer("fuzz", (const char *)data, size, &t, &err) == 0) {
		round_trip(&t, false);
		round_trip(&t, true);
		trace_free(&t);
	} else if (err.line == 0) {
		abort();	/* a text error always has a line */
	}
	if (trace_parse_binary("fuzzb", data, size, &t, &err) == 0) {
		round_trip(&t, false);
		trace_free(&t);
	}
	return 0;
}
