// SPDX-License-Identifier: GPL-2.0
/*
 * sim_trace_parse: the trace parser accepts the documented syntax, rejects
 * everything else with file:line:column and what was expected, and the
 * text writer and binary codec round-trip every value.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/dma.h"
#include "tcesim/trace.h"
#include "trace_internal.h"

#define HDR "tcesim-trace 1\n"

static struct trace T;
static struct trace_error E;
static char msg[512];

static int parse(const char *s)
{
	int r = trace_parse_buffer("t.trace", s, strlen(s), &T, &E);
	if (r)
		trace_error_format(&E, msg, sizeof(msg));
	return r;
}

/* The full formatted error of a text that must fail. */
static const char *err_of(const char *s)
{
	ck_assert_int_eq(parse(s), -1);
	ck_assert_uint_eq(T.nops, 0);
	return msg;
}

static void teardown(void)
{
	trace_free(&T);
}

CK_TEST("core", parse_buffer_header_and_comments)
{
	ck_assert_int_eq(parse("# leading comment\n\n  \t\n" HDR
			       "# another\nboot   # trailing comment\n"), 0);
	ck_assert_uint_eq(T.nops, 1);
	ck_assert_int_eq(T.ops[0].verb, TV_BOOT);
	ck_assert_uint_eq(T.ops[0].line, 6);
}
END_TEST

CK_TEST("core", parse_buffer_numbers_and_suffixes)
{
	ck_assert_int_eq(parse(HDR "machine ram=64G memlock=0x10000 page_size=64K phbs=2\n"
			       "expect.errno_is_not_a_verb_here=1\n") == -1, 1);
	ck_assert_int_eq(parse(HDR "machine ram=64G memlock=0x10000 page_size=64k phbs=2\n"
			       "mmap ua=0x10000000 size=1T\n"
			       "expect locked_vm=18446744073709551615\n"
			       "opal set_pe phb=0 expect.ret=-1\n"), 0);
	ck_assert_uint_eq(T.nops, 4);
	const struct trace_op *m = &T.ops[0];
	ck_assert_uint_eq(trace_op_get(m, TK_RAM)->num, 64ull << 30);
	ck_assert_uint_eq(trace_op_get(m, TK_MEMLOCK)->num, 0x10000);
	ck_assert_uint_eq(trace_op_get(m, TK_PAGE_SIZE)->num, 65536);
	ck_assert_uint_eq(trace_op_get(m, TK_PHBS)->num, 2);
	ck_assert_uint_eq(trace_op_get(&T.ops[1], TK_SIZE)->num, 1ull << 40);
	ck_assert_uint_eq(trace_op_get(&T.ops[2], TK_LOCKED_VM)->num, UINT64_MAX);
	const struct trace_kv *r = trace_op_get(&T.ops[3], TK_X_RET);
	ck_assert(r->neg);
	ck_assert_int_eq(trace_kv_int(r), -1);
	ck_assert_str_eq(trace_op_get(&T.ops[3], TK_NAME)->str, "set_pe");
}
END_TEST

CK_TEST("core", parse_buffer_value_types)
{
	ck_assert_int_eq(parse(HDR
		"group g0 dev=1:0x0100\n"
		"set_iommu c0 type=v2\n"
		"set_iommu c0 type=7 expect.errno=ENODEV\n"
		"uwrite ua=0x1000 data=0xDEADbeef\n"
		"echo \"hello \\\"world\\\" # not a comment\"\n"
		"map c0 ua=0 iova=0 size=4K dir=rw expect.errno=0\n"
		"reg_write phb=0 reg=TCE_KILL value=0x8000000000000000\n"
		"reg_read phb=0 reg=0x210\n"), 0);
	ck_assert_uint_eq(T.nops, 8);
	ck_assert_str_eq(trace_op_get(&T.ops[0], TK_NAME)->str, "g0");
	ck_assert_uint_eq(trace_op_get(&T.ops[0], TK_DEV)->num, 1u << 16 | 0x100);
	ck_assert_str_eq(trace_op_get(&T.ops[1], TK_TYPE)->str, "v2");
	ck_assert_ptr_null(trace_op_get(&T.ops[2], TK_TYPE)->str);
	ck_assert_uint_eq(trace_op_get(&T.ops[2], TK_TYPE)->num, 7);
	ck_assert_uint_eq(trace_op_get(&T.ops[2], TK_X_ERRNO)->num, ENODEV);
	const struct trace_kv *d = trace_op_get(&T.ops[3], TK_DATA);
	ck_assert_uint_eq(d->len, 4);
	ck_assert_int_eq(memcmp(d->bytes, "\xde\xad\xbe\xef", 4), 0);
	ck_assert_str_eq(trace_op_get(&T.ops[4], TK_NAME)->str,
			 "hello \"world\" # not a comment");
	ck_assert_uint_eq(trace_op_get(&T.ops[5], TK_X_ERRNO)->num, 0);
	ck_assert_str_eq(trace_op_get(&T.ops[6], TK_REG)->str, "TCE_KILL");
	ck_assert_uint_eq(trace_op_get(&T.ops[7], TK_REG)->num, 0x210);
	ck_assert_uint_eq(trace_op_get(&T.ops[5], TK_CONTAINER)->col, 5);
}
END_TEST

CK_TEST("core", parse_buffer_crlf_and_no_final_newline)
{
	ck_assert_int_eq(parse("tcesim-trace 1\r\nboot kernel=0\r\nboot"), 0);
	ck_assert_uint_eq(T.nops, 2);
	ck_assert_uint_eq(trace_op_get(&T.ops[0], TK_KERNEL)->num, 0);
}
END_TEST

/* Every error message, with its exact position. */
static const struct {
	const char *text;
	const char *msg;
} bad[] = {
	{ "", "t.trace:1:1: error: expected the header 'tcesim-trace 1', got end of file" },
	{ "# only a comment\n", "t.trace:1:1: error: expected the header 'tcesim-trace 1', got end of file" },
	{ "boot\n", "t.trace:1:1: error: expected the header 'tcesim-trace 1', got 'boot'" },
	{ "tcesim-trace\n", "t.trace:1:13: error: expected a space and a version number after 'tcesim-trace'" },
	{ "tcesim-trace 2\n", "t.trace:1:14: error: unsupported trace version '2' (this tcesim reads version 1)" },
	{ "tcesim-trace 1 x\n", "t.trace:1:16: error: unexpected 'x' after the version" },
	{ HDR "frobnicate x=1\n", "t.trace:2:1: error: unknown verb 'frobnicate' (see docs/trace-format.md)" },
	{ HDR "=3\n", "t.trace:2:1: error: expected a verb, got '=3'" },
	{ HDR "boot! kernel=1\n", "t.trace:2:5: error: expected a space after the verb, got '!'" },
	{ HDR "boot bogus=1\n", "t.trace:2:6: error: unknown key 'bogus' for 'boot' (accepted: kernel)" },
	{ HDR "boot ram=1\n", "t.trace:2:6: error: key 'ram' is not accepted by 'boot' (accepted: kernel)" },
	{ HDR "boot kernel=1 kernel=0\n", "t.trace:2:15: error: duplicate key 'kernel'" },
	{ HDR "boot kernel\n", "t.trace:2:6: error: expected key=value, got 'kernel'" },
	{ HDR "boot kernel=\n", "t.trace:2:13: error: expected a value after '='" },
	{ HDR "boot kernel=x\n", "t.trace:2:13: error: expected a number, got 'x'" },
	{ HDR "boot kernel=0x\n", "t.trace:2:15: error: expected hex digits after 0x" },
	{ HDR "boot kernel=12Q\n", "t.trace:2:15: error: expected a digit or a K/M/G/T suffix, got 'Q'" },
	{ HDR "boot kernel=1KB\n", "t.trace:2:15: error: unexpected 'B' after the size suffix" },
	{ HDR "boot kernel=18446744073709551616\n", "t.trace:2:13: error: number '18446744073709551616' does not fit in 64 bits" },
	{ HDR "boot kernel=0x10000000000000000\n", "t.trace:2:13: error: number '0x10000000000000000' does not fit in 64 bits" },
	{ HDR "boot kernel=16777216T\n", "t.trace:2:13: error: number '16777216T' does not fit in 64 bits" },
	{ HDR "boot kernel=-9223372036854775809\n", "t.trace:2:13: error: number '-9223372036854775809' does not fit in 64 bits" },
	{ HDR "boot kernel=\"1\"\n", "t.trace:2:13: error: kernel: expected a number, got a quoted string" },
	{ HDR "machine platform=power9\n", "t.trace:2:18: error: platform: expected one of phb3|p5ioc2, got 'power9'" },
	{ HDR "set_iommu c0 type=v3\n", "t.trace:2:19: error: type: expected one of v1|v2|pages|pe|all or a number, got 'v3'" },
	{ HDR "echo \"abc\n", "t.trace:2:6: error: unterminated quoted string (expected a closing '\"')" },
	{ HDR "echo \"abc\"x\n", "t.trace:2:11: error: expected a space after the quoted string" },
	{ HDR "echo a b\n", "t.trace:2:8: error: expected key=value, got 'b'" },
	{ HDR "boot kernel=1=2\n", "t.trace:2:14: error: unexpected character '=' in a value" },
	{ HDR "uwrite data=abc\n", "t.trace:2:13: error: data: expected an even number of hex digits (two per byte)" },
	{ HDR "uwrite data=abzz\n", "t.trace:2:15: error: data: expected a hex digit" },
	{ HDR "map c0 expect.errno=EWHAT\n", "t.trace:2:21: error: expect.errno: unknown errno name 'EWHAT' (expected e.g. EINVAL, EPERM, OK)" },
	{ HDR "map c0 expect.errno=5000\n", "t.trace:2:21: error: expect.errno: errno numbers are 0..4095" },
	{ HDR "device dev=0x100\n", "t.trace:2:12: error: dev: expected PHB:RID (e.g. 0:0x0100) or PHB:FIRST-LAST" },
	{ HDR "device dev=0:0x0200-0x01ff\n", "t.trace:2:21: error: dev: the last RID of a range must be 0x0200..0xffff" },
	{ HDR "device dev=0:0x0200-0x10000\n", "t.trace:2:21: error: dev: the last RID of a range must be 0x0200..0xffff" },
	{ HDR "device dev=0:0x0200-\n", "t.trace:2:21: error: expected a number, got end of line" },
	{ HDR "dma dev=0:0x0100-0x0101 addr=0\n", "t.trace:2:9: error: dev: a range of RIDs is only accepted by 'device' (here one RID: PHB:RID)" },
	{ HDR "group g0 dev=0:0-1\n", "t.trace:2:14: error: dev: a range of RIDs is only accepted by 'device' (here one RID: PHB:RID)" },
	{ HDR "device dev=256:1\n", "t.trace:2:12: error: dev: PHB index must be 0..255" },
	{ HDR "device dev=0:0x10000\n", "t.trace:2:14: error: dev: RID must be 0..0xffff" },
	{ HDR "boot\nboot \x01\n", "t.trace:3:6: error: expected key=value, got '\\x01'" },
	{ HDR "boot kernel=1\x7f\n", "t.trace:2:14: error: unexpected character '\\x7f' in a value" },
};

CK_LOOP_TEST("errors", parse_buffer_error_messages, 0,
	     (int)(sizeof(bad) / sizeof(bad[0])))
{
	const char *got = err_of(bad[_i].text);
	ck_assert_msg(!strcmp(got, bad[_i].msg), "case %d:\n got  %s\n want %s",
		      _i, got, bad[_i].msg);
}
END_TEST

CK_TEST("errors", parse_buffer_error_fields)
{
	err_of(HDR "\n\nboot    zz=1\n");
	ck_assert_str_eq(E.file, "t.trace");
	ck_assert_uint_eq(E.line, 4);
	ck_assert_uint_eq(E.col, 9);
}
END_TEST

CK_TEST("errors", parse_buffer_binary_garbage_never_crashes)
{
	/* Every single-byte prefix/suffix and NULs inside lines. */
	static const char s[] = HDR "map c0 ua=0x1000 iova=0x2000 size=4K dir=rw\n";
	char buf[sizeof(s)];

	for (size_t i = 0; i + 1 < sizeof(s); i++) {
		for (int c = 0; c < 256; c += 17) {
			memcpy(buf, s, sizeof(s));
			buf[i] = (char)c;
			if (trace_parse_buffer("x", buf, sizeof(s) - 1, &T, &E) == 0)
				trace_free(&T);
			else
				ck_assert_uint_ne(E.line, 0);
		}
		if (trace_parse_buffer("x", s, i, &T, &E) == 0)
			trace_free(&T);
	}
}
END_TEST

static const char roundtrip_src[] = HDR
	"machine platform=phb3 phbs=1 ram=64G page_size=64K memlock=0x123 cap_ipc_lock=0\n"
	"device dev=0:0x0100\n"
	"device dev=15:0x0200-0x02ff\n"
	"device dev=1:0-0xffff\n"
	"group g0 dev=0:0x0100\n"
	"boot\n"
	"mmap ua=0x10000000 size=16M page_size=16M prot=rw hugetlb=1\n"
	"uwrite ua=0x10000000 data=00ff7f\n"
	"create_window c0 page_shift=24 size=1T levels=1 expect.start=0x800000000000000\n"
	"map c0 ua=0x10000000 iova=0x800000000000000 size=16M dir=rw expect.errno=EPERM\n"
	"eeh_pe_op c0 op=get_state expect.state=2\n"
	"eeh_pe_op c0 op=99 expect.errno=EINVAL\n"
	"dma dev=0:0x0100 addr=0x1000 len=8 dir=read expect.fault=permission expect.data=0102\n"
	"opal set_pe phb=0 pe=1 bdfn=0x100 bcmp=7 dcmp=1 fcmp=1 action=map expect.opal=success expect.ret=-1\n"
	"echo \"two words\"\n"
	"uwrite ua=0 data=\"\"\n";

/* roundtrip_src parsed into T and written by write: the bytes (*len). */
static char *written(int (*write)(const struct trace *, FILE *), size_t *len)
{
	char *buf = NULL;
	FILE *f;

	ck_assert_int_eq(parse(roundtrip_src), 0);
	f = open_memstream(&buf, len);
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(write(&T, f), 0);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

/*
 * u, read back, holds T's operations: text finds each value by its key
 * (with its bytes), binary keeps the keys' order and the source lines.
 */
static void assert_same_ops(const struct trace *u, bool binary)
{
	ck_assert_uint_eq(u->nops, T.nops);
	for (size_t i = 0; i < T.nops; i++) {
		ck_assert_int_eq(u->ops[i].verb, T.ops[i].verb);
		if (binary)
			ck_assert_uint_eq(u->ops[i].line, T.ops[i].line);
		ck_assert_uint_eq(u->ops[i].nkv, T.ops[i].nkv);
		for (uint32_t j = 0; j < T.ops[i].nkv; j++) {
			const struct trace_kv *a = &T.ops[i].kv[j];
			const struct trace_kv *b = binary ? &u->ops[i].kv[j] :
				trace_op_get(&u->ops[i], a->key);

			ck_assert_ptr_nonnull(b);
			ck_assert_uint_eq(a->num, b->num);
			ck_assert_int_eq(a->neg, b->neg);
			if (binary) {
				ck_assert_uint_eq(a->key, b->key);
				ck_assert_int_eq(!a->str, !b->str);
			}
			if (a->str)
				ck_assert_str_eq(a->str, b->str);
			if (binary)
				continue;
			ck_assert_uint_eq(a->len, b->len);
			if (a->len)
				ck_assert_int_eq(memcmp(a->bytes, b->bytes, a->len), 0);
		}
	}
}

CK_TEST("core", write_text_round_trip)
{
	struct trace u;
	size_t len = 0;
	char *buf = written(trace_write_text, &len);

	ck_assert_int_eq(trace_parse_buffer("rt", buf, len, &u, &E), 0);
	assert_same_ops(&u, false);
	/* Sizes print with their suffix, positional names bare. */
	ck_assert_ptr_nonnull(strstr(buf, "\nmachine platform=phb3 phbs=1 ram=64G page_size=64K memlock=0x123 cap_ipc_lock=0\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\ngroup g0 dev=0:0x0100\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\ndevice dev=15:0x0200-0x02ff\n"));
	ck_assert_ptr_nonnull(strstr(buf, "\ndevice dev=1:0x0000-0xffff\n"));
	ck_assert_ptr_nonnull(strstr(buf, "expect.errno=EPERM"));
	ck_assert_ptr_nonnull(strstr(buf, "echo \"two words\""));
	trace_free(&u);
	free(buf);
}
END_TEST

CK_TEST("core", write_binary_round_trip)
{
	struct trace u;
	size_t len = 0;
	char *buf = written(trace_write_binary, &len);

	ck_assert_int_eq(memcmp(buf, "TCESIMTB\x01", 9), 0);
	ck_assert_int_eq(trace_parse_binary("rt", (uint8_t *)buf, len, &u, &E), 0);
	assert_same_ops(&u, true);
	trace_free(&u);
	/* Every truncation is an error, never a crash. */
	for (size_t n = 0; n < len; n++) {
		if (trace_parse_binary("cut", (uint8_t *)buf, n, &u, &E) == 0)
			trace_free(&u);
	}
	ck_assert_int_eq(trace_parse_binary("cut", (uint8_t *)buf, 10, &u, &E), -1);
	ck_assert_ptr_nonnull(strstr(E.msg, "truncated"));
	free(buf);
}
END_TEST

/* A range of RIDs: its encoding, and only on `device` (binary too). */
CK_TEST("errors", dev_ranges)
{
	struct trace t, u;
	char *buf = NULL;
	size_t len = 0;

	ck_assert_int_eq(parse(HDR "device dev=3:0x0100-0x01ff\n"
				   "device dev=0:0xffff-0xffff\n"), 0);
	uint64_t v = trace_op_get(&T.ops[0], TK_DEV)->num;
	ck_assert_uint_eq(v, 0xffull << 24 | 3u << 16 | 0x100);
	ck_assert_uint_eq(trace_dev_phb(v), 3);
	ck_assert_uint_eq(trace_dev_rid(v), 0x100);
	ck_assert_uint_eq(trace_dev_last(v), 0x1ff);
	/* FIRST-FIRST is the one RID */
	ck_assert_uint_eq(trace_op_get(&T.ops[1], TK_DEV)->num, 0xffff);
	ck_assert(trace_dev_ok(TV_DEVICE, 0xffffull << 24));
	ck_assert(!trace_dev_ok(TV_DEVICE, 0xffffull << 24 | 1));
	ck_assert(!trace_dev_ok(TV_DMA, 1ull << 24));
	ck_assert(trace_dev_ok(TV_DMA, 0xffffff));

	/* a binary trace with a range on dma is refused */
	trace_init(&t, "built");
	struct trace_op *o = trace_add_op(&t, TV_DMA, 1);
	trace_op_unum(&t, o, TK_DEV, 1ull << 24 | 0x100);
	FILE *f = open_memstream(&buf, &len);
	ck_assert_int_eq(trace_write_binary(&t, f), 0);
	fclose(f);
	ck_assert_int_eq(trace_parse_binary("b", (uint8_t *)buf, len, &u, &E), -1);
	ck_assert_ptr_nonnull(strstr(E.msg, "not expressible"));
	trace_free(&t);
	free(buf);
}
END_TEST

CK_TEST("errors", parse_binary_bad_magic)
{
	struct trace u;

	ck_assert_int_eq(trace_parse_binary("b", (const uint8_t *)"TCESIMTX\x01", 9, &u, &E), -1);
	ck_assert_str_eq(E.msg, "binary trace, byte 0: bad magic (expected TCESIMTB)");
	ck_assert_int_eq(trace_parse_binary("b", (const uint8_t *)"TCESIMTB\x02", 9, &u, &E), -1);
	ck_assert_str_eq(E.msg, "binary trace, byte 8: unsupported binary trace version");
	/* verb id out of range */
	ck_assert_int_eq(trace_parse_binary("b", (const uint8_t *)"TCESIMTB\x01\xf0\x01\x00", 12, &u, &E), -1);
	ck_assert_ptr_nonnull(strstr(E.msg, "unknown verb id"));
}
END_TEST

CK_TEST("core", errno_lookup_names)
{
	ck_assert_int_eq(trace_errno_lookup("EINVAL", 6), EINVAL);
	ck_assert_int_eq(trace_errno_lookup("EBADFD", 6), EBADFD);
	ck_assert_int_eq(trace_errno_lookup("OK", 2), 0);
	ck_assert_int_eq(trace_errno_lookup("EFOO", 4), -1);
	ck_assert_str_eq(trace_errno_name(ENOTTY), "ENOTTY");
	ck_assert_ptr_null(trace_errno_name(4000));
}
END_TEST

/* expect.fault= takes exactly the model's fault reason names: each one
 * parses, a misspelt one is an input error naming the choices. */
CK_TEST("errors", fault_words_are_the_models)
{
	const char *choices = trace_key_choices(TK_X_FAULT);
	unsigned words = 1;
	char text[256];

	ck_assert_ptr_nonnull(choices);
	for (const char *p = choices; *p; p++)
		words += *p == '|';
	ck_assert_uint_eq(words, SIM_FAULT_MAX);
	for (int r = 0; r < SIM_FAULT_MAX; r++) {
		snprintf(text, sizeof(text), HDR "dma dev=0:0x100 addr=0 len=4 dir=read expect.fault=%s\n",
			 sim_fault_reason_name((enum sim_fault_reason)r));
		ck_assert_msg(parse(text) == 0, "%s", msg);
		trace_free(&T);
	}
	const char *m = err_of(HDR "dma dev=0:0x100 addr=0 len=4 dir=read expect.fault=permision\n");
	ck_assert_msg(strstr(m, "t.trace:2:52: error: expect.fault: expected one of") &&
		      strstr(m, "got 'permision'"), "%s", m);
}
END_TEST

CK_CASE("core", 0, NULL, teardown);
CK_CASE("errors", 0, NULL, teardown);
CK_SUITE("sim_trace_parse");
