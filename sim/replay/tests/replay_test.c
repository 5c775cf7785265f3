// SPDX-License-Identifier: GPL-2.0
/* Replaying text with hooks in tests (replay_test.h). */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "replay_test.h"

int replay_test_text(const char *text, const struct replay_opts *o)
{
	struct replay_opts opts = *o;
	struct trace t;
	struct trace_error e;
	FILE *null = NULL;
	int rc;

	if (!opts.out) {
		null = fopen("/dev/null", "w");
		ck_assert_ptr_nonnull(null);
		opts.out = null;
	}
	rc = trace_parse_buffer("t", text, strlen(text), &t, &e);
	ck_assert_msg(rc == 0, "trace does not parse: line %u: %s", e.line,
		      e.msg);
	rc = replay_trace(&t, &opts);
	trace_free(&t);
	if (null)
		fclose(null);
	return rc;
}

const char *replay_test_echo_tag(const struct trace_op *op)
{
	const struct trace_kv *kv;

	if (!op || op->verb != TV_ECHO)
		return NULL;
	kv = trace_op_get(op, TK_NAME);
	return kv && kv->str ? kv->str : "";
}

bool replay_test_echo(const struct trace_op *op, const char *tag)
{
	const char *t = replay_test_echo_tag(op);

	return t && (!tag || !strcmp(t, tag));
}
