// SPDX-License-Identifier: GPL-2.0
/*
 * sim_badinput: malformed traces and configs never crash, hang or leak,
 * and always name where they went wrong. Complements sim_trace_parse and
 * sim_config (which pin the exact message of each lexical error) with
 * volume and with the real `tcesim` binary:
 *   - text traces cut at every byte: an error is always on the last line
 *     of the prefix (counted here, independently);
 *   - overlong lines, NUL bytes, numbers beyond 2^64, deep nesting of
 *     quotes, thousands of random token soups and random byte strings
 *     (fixed seeds), mutated binary traces;
 *   - random .ini files and --set assignments;
 *   - `tcesim replay` / `convert` / `config` on bad files and bad
 *     operations: exit 2 and "file:line:col: error:" on stderr (or exit 1
 *     for a failed expectation), never a signal.
 * Run under ASan+UBSan in the second pass of `make test`.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tcesim/config.h"
#include "tcesim/trace.h"

#define HDR "tcesim-trace 1\n"

static struct trace T;
static struct trace_error E;
static uint64_t rng_state;

static uint32_t rnd(void)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (uint32_t)(rng_state >> 33);
}

/* Parse; on error the message must carry a position. Returns 0/-1. */
static int parse_checked(const char *name, const char *buf, size_t len)
{
	int rc = trace_parse_buffer(name, buf, len, &T, &E);

	if (rc == 0) {
		trace_free(&T);
		return 0;
	}
	ck_assert_int_eq(rc, -1);
	ck_assert_str_eq(E.file, name);
	ck_assert_uint_ge(E.line, 1);
	ck_assert_uint_ge(E.col, 1);
	ck_assert_msg(E.msg[0] != 0, "error without a message");
	/* Nothing was left allocated in the trace on error. */
	ck_assert_uint_eq(T.nops, 0);
	return -1;
}

static unsigned lines_in(const char *s, size_t len)
{
	unsigned n = 1;

	for (size_t i = 0; i < len; i++)
		if (s[i] == '\n' && i + 1 < len)
			n++;
	return n;
}

static const char good[] = HDR
	"# a bit of everything\n"
	"machine platform=phb3 phbs=1 ram=64G page_size=64K memlock=16G cap_ipc_lock=0\n"
	"group g0 dev=0:0x0100\n"
	"boot\n"
	"proc_create vmm\n"
	"mmap ua=0x10000000000 size=1G page_size=64K prot=rw\n"
	"container_open c0\n"
	"group_attach g0 container=c0\n"
	"set_iommu c0 type=v2\n"
	"register c0 ua=0x10000000000 size=1G\n"
	"create_window c0 page_shift=16 size=1T levels=2 expect.start=0x800000000000000\n"
	"map c0 ua=0x10000000000 iova=0x800000000000000 size=64K dir=rw\n"
	"dma dev=0:0x0100 addr=0x800000000000010 len=8 dir=read expect.status=ok\n"
	"uwrite ua=0x10000000000 data=deadbeef\n"
	"echo \"done \\\"quoted\\\" \\\\ here\"\n"
	"map c0 ua=0x10000000000 iova=0 size=4K dir=rw expect.errno=EINVAL\n";

CK_TEST("parsers", trace_truncated_at_every_byte)
{
	size_t len = sizeof(good) - 1;

	ck_assert_int_eq(parse_checked("g.trace", good, len), 0);
	for (size_t cut = 0; cut < len; cut++) {
		if (parse_checked("cut.trace", good, cut) == 0)
			continue;
		/* The error is on the line being cut (or line 1 when the
		 * header itself is incomplete). */
		ck_assert_msg(E.line == lines_in(good, cut) || E.line == 1,
			      "cut %zu: error on line %u, prefix has %u lines",
			      cut, E.line, lines_in(good, cut));
	}
}
END_TEST

CK_TEST("parsers", trace_overlong_lines)
{
	size_t n = 1u << 20;
	char *buf = malloc(n + 64);
	size_t hl = strlen(HDR);

	ck_assert_ptr_nonnull(buf);
	/* 1 MiB quoted string: parses (no line limit in the language). */
	memcpy(buf, HDR "echo \"", hl + 6);
	memset(buf + hl + 6, 'a', n);
	memcpy(buf + hl + 6 + n, "\"\n", 2);
	ck_assert_int_eq(parse_checked("long.trace", buf, hl + 6 + n + 2), 0);
	/* 1 MiB of digits: does not fit in 64 bits, error on line 2. */
	memcpy(buf, HDR "boot kernel=", hl + 12);
	memset(buf + hl + 12, '9', n);
	ck_assert_int_eq(parse_checked("long.trace", buf, hl + 12 + n), -1);
	ck_assert_uint_eq(E.line, 2);
	ck_assert_uint_eq(E.col, 13);
	ck_assert_ptr_nonnull(strstr(E.msg, "does not fit in 64 bits"));
	/* 1 MiB key name: unknown key, error at its column. */
	memcpy(buf, HDR "boot ", hl + 5);
	memset(buf + hl + 5, 'k', n);
	memcpy(buf + hl + 5 + n, "=1\n", 3);
	ck_assert_int_eq(parse_checked("long.trace", buf, hl + 5 + n + 3), -1);
	ck_assert_uint_eq(E.line, 2);
	ck_assert_uint_eq(E.col, 6);
	/* The message quotes a bounded excerpt, never the whole line. */
	ck_assert_uint_lt(strlen(E.msg), 200);
	/* 100k lines of only comments, then garbage on the last one. */
	size_t off = hl;
	memcpy(buf, HDR, hl);
	while (off + 4 < n) {
		memcpy(buf + off, "#x\n", 3);
		off += 3;
	}
	memcpy(buf + off, "%\n", 2);
	ck_assert_int_eq(parse_checked("many.trace", buf, off + 2), -1);
	ck_assert_uint_eq(E.line, lines_in(buf, off + 2));
	free(buf);
}
END_TEST

/* NUL bytes anywhere in a line: an error on that line, never a cut. */
CK_TEST("parsers", trace_nul_bytes)
{
	static const char line[] = "map c0 ua=0x1000 iova=0x2000 size=4K dir=rw";
	char buf[128];
	size_t hl = strlen(HDR), ll = strlen(line);

	for (size_t i = 0; i < ll; i++) {
		memcpy(buf, HDR, hl);
		memcpy(buf + hl, line, ll);
		buf[hl + ll] = '\n';
		buf[hl + i] = 0;
		ck_assert_int_eq(parse_checked("nul.trace", buf, hl + ll + 1), -1);
		ck_assert_uint_eq(E.line, 2);
		ck_assert_uint_le(E.col, i + 1);
	}
	/* A NUL in the header. */
	ck_assert_int_eq(parse_checked("nul.trace", "tcesim-trace\0001\n", 15), -1);
	ck_assert_uint_eq(E.line, 1);
}
END_TEST

/* Numbers at and beyond every limit. */
CK_TEST("parsers", trace_number_limits)
{
	static const struct {
		const char *v;
		int ok;
	} cases[] = {
		{ "18446744073709551615", 0 }, { "18446744073709551616", -1 },
		{ "0xffffffffffffffff", 0 }, { "0x1ffffffffffffffff", -1 },
		{ "0x0000000000000000000000001", 0 },
		{ "15E", -1 }, { "16777215T", 0 }, { "16777216T", -1 },
		{ "-9223372036854775808", 0 }, { "-", -1 }, { "--1", -1 },
		{ "1K1", -1 }, { "0x", -1 }, { "0xg", -1 }, { "1.5", -1 },
		{ "99999999999999999999999999999999999999", -1 },
	};
	char buf[128];

	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int n = snprintf(buf, sizeof(buf), HDR "mmap ua=0 size=%s\n",
				 cases[i].v);
		ck_assert_msg(parse_checked("num.trace", buf, (size_t)n) ==
			      cases[i].ok, "size=%s", cases[i].v);
		if (cases[i].ok)
			ck_assert_uint_eq(E.line, 2);
	}
}
END_TEST

/* Token soup: verbs, keys, values and junk glued at random. */
static const char *const tokens[] = {
	"boot", "map", "unmap", "mmap", "dma", "echo", "machine", "group",
	"container_open", "create_window", "opal", "reg_write", "expect",
	"note", "ioctl", "uwrite", "c0", "g0", " ", " ", " ", "\t", "\n",
	"\n", "\r\n", "=", "==", "\"", "\\", "#", "ua", "size", "iova",
	"dev", "data", "expect.errno", "expect.status", "platform", "type",
	"0", "1", "-1", "0x", "0xffffffffffffffff", "99999999999999999999",
	"64K", "1T", "16777216T", "0:0x100", "256:1", "deadbeef", "abc",
	"EINVAL", "OK", "v2", "phb3", "\x01", "\x7f", "\xff", "\xc3\xa9",
	"tcesim-trace 1\n", "tcesim-trace 2\n",
};

CK_TEST("parsers", trace_random_token_soup)
{
	char buf[512];

	rng_state = 0x5eed0001;
	for (unsigned n = 0; n < 3000; n++) {
		size_t len = 0;

		if (rnd() % 4)
			len = (size_t)snprintf(buf, sizeof(buf), HDR);
		while (len < sizeof(buf) - 32 && rnd() % 40) {
			const char *tk = tokens[rnd() % (sizeof(tokens) /
							 sizeof(tokens[0]))];
			size_t tl = strlen(tk);

			memcpy(buf + len, tk, tl);
			len += tl;
		}
		parse_checked("soup.trace", buf, len);
	}
}
END_TEST

CK_TEST("parsers", trace_random_bytes)
{
	uint8_t buf[300];

	rng_state = 0x5eed0002;
	for (unsigned n = 0; n < 3000; n++) {
		size_t len = rnd() % sizeof(buf);

		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)rnd();
		if (n % 2)
			memcpy(buf, HDR, len < 15 ? len : 15);
		parse_checked("bytes.trace", (const char *)buf, len);
		if (trace_parse_binary("bytes.bin", buf, len, &T, &E) == 0)
			trace_free(&T);
		else
			ck_assert_msg(E.msg[0], "binary error without message");
	}
}
END_TEST

/* A valid binary trace with random bytes changed, cut or inserted. */
CK_TEST("parsers", trace_binary_mutations)
{
	char *bin = NULL;
	size_t blen = 0;
	uint8_t buf[4096];
	FILE *f;

	ck_assert_int_eq(trace_parse_buffer("g", good, sizeof(good) - 1, &T, &E), 0);
	f = open_memstream(&bin, &blen);
	ck_assert_int_eq(trace_write_binary(&T, f), 0);
	fclose(f);
	trace_free(&T);
	ck_assert_uint_lt(blen, sizeof(buf) - 16);

	rng_state = 0x5eed0003;
	for (unsigned n = 0; n < 3000; n++) {
		size_t len = blen;

		memcpy(buf, bin, blen);
		for (unsigned k = rnd() % 4 + 1; k; k--) {
			size_t at = 9 + rnd() % (len - 9);

			switch (rnd() % 4) {
			case 0: buf[at] = (uint8_t)rnd(); break;
			case 1: buf[at] ^= (uint8_t)(1u << (rnd() % 8)); break;
			case 2: buf[at] = 0xff; break;
			default: len = at; break;
			}
			if (len <= 9)
				break;
		}
		if (trace_parse_binary("mut.bin", buf, len, &T, &E) == 0)
			trace_free(&T);
		else
			ck_assert_msg(E.msg[0], "binary error without message");
	}
	free(bin);
}
END_TEST

/* Config: random files from a config-shaped alphabet and random --set. */
CK_TEST("parsers", config_random_files_and_sets)
{
	static const char *const ctok[] = {
		"[phb]", "[tce_cache]", "[walker]", "[memory]", "[kill]",
		"[stats]", "[", "]", "[bogus]", "entries", "ways", "lat_hit",
		"clock_mhz", "policy", "lru", "fifo", "true", "maybe", " = ",
		"=", "\n", "\n", "; c", "# c", " ", "-1", "0", "64",
		"99999999999999999999999", "0x10", "1e3", "\x01", "\xff",
		"tce_cache.entries", ".",
	};
	struct tcesim_config c;
	char buf[400], err[512];

	rng_state = 0x5eed0004;
	for (unsigned n = 0; n < 3000; n++) {
		size_t len = 0;

		while (len < sizeof(buf) - 40 && rnd() % 30) {
			const char *tk = ctok[rnd() % (sizeof(ctok) /
						       sizeof(ctok[0]))];
			size_t tl = strlen(tk);

			memcpy(buf + len, tk, tl);
			len += tl;
		}
		tcesim_config_default(&c);
		err[0] = 0;
		if (tcesim_config_parse(&c, "r.ini", buf, len, err,
					sizeof(err)))
			ck_assert_msg(!strncmp(err, "r.ini:", 6), "%s", err);
		buf[len < 80 ? len : 80] = 0;
		err[0] = 0;
		if (tcesim_config_set(&c, buf, err, sizeof(err)))
			ck_assert_msg(!strncmp(err, "--set: ", 7), "%s", err);
	}
}
END_TEST

/* ---- the real binary ------------------------------------------------- */

#ifndef TCESIM_BIN
#error "TCESIM_BIN (path of the tcesim executable) must be defined"
#endif

static char tmpdir[64];

static void cli_setup(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/tcesim-badinput-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
}

static void cli_teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", tmpdir);
}

/* Writes len bytes to tmpdir/name and returns the path (static buffer). */
static const char *put_file(const char *name, const void *data, size_t len)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	fclose(f);
	return path;
}

/* Runs "tcesim ARGS" (a shell fragment); returns the exit status (128 +
 * signal when killed) and stderr+stdout in out. */
static int run_cli(const char *args, char *out, size_t outlen)
{
	char cmd[1024];
	FILE *p;
	size_t n;
	int st;

	snprintf(cmd, sizeof(cmd), "cd '%s' && '%s' %s 2>&1", tmpdir,
		 TCESIM_BIN, args);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(out, 1, outlen - 1, p);
	out[n] = 0;
	while (fgetc(p) != EOF)
		;
	st = pclose(p);
	ck_assert_int_ne(st, -1);
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	/* The shell reports a killed child as 128 + signal too. */
	return WEXITSTATUS(st);
}

#define M "machine platform=phb3 ram=1G\n"
#define P "proc_create vmm\n"
#define V2 "group g0 dev=0:0x0100\nboot\n" P "container_open c0\n" \
	"group_open g0\ngroup_attach g0 container=c0\nset_iommu c0 type=v2\n"

/* Trace bodies (after the header line) that must stop with exit 2 and
 * this "file:line:col". */
static const struct {
	const char *text;
	const char *where;	/* expected "t.trace:L:C: error: " prefix */
	const char *what;	/* a substring of the message */
} bad_ops[] = {
	{ M "container_open c0\n", "t.trace:3:1:", "needs a booted machine" },
	{ M "boot\nboot\n", "t.trace:4:1:", "already booted" },
	{ M "boot\n" M, "t.trace:4:1:", "must come before" },
	{ M "boot\n" P "map c9 ua=0 iova=0 size=64K\n", "t.trace:5:5:", "'c9'" },
	{ M "boot\ngroup_open g5\n", "t.trace:4:12:", "no group named 'g5'" },
	{ "machine ram=0\nboot\n", "t.trace:3:1:", "ram" },
	{ "machine phbs=0\nboot\n", "t.trace:2:9:", "phbs" },
	{ "machine page_size=8K\nboot\n", "t.trace:2:9:", "page_size" },
	/* Set-up errors at the line that caused them, not at `boot`. */
	{ M "device dev=5:0x100\nboot\n", "t.trace:3:8:", "no PHB 5" },
	{ M "group g0 dev=1:0x100\nboot\n", "t.trace:3:10:", "no PHB 1" },
	{ "group g0 dev=1:0x100\nmachine phbs=2\nboot\n", "t.trace:2:10:",
	  "set phbs= on the 'machine' line first" },
	{ M "machine phbs=2\nboot\n", "t.trace:3:1:", "second 'machine' line (the first is line 2)" },
	{ M "group g0 dev=0:0x100\ngroup g0 dev=0:0x200\nboot\n", "t.trace:4:7:",
	  "second group named 'g0' (the first is line 3)" },
	{ M "boot\n" P "container_open c0\ncontainer_open c0\n", "t.trace:6:16:",
	  "'c0' already names an open container" },
	{ M "boot\nexpect\n", "t.trace:4:1:", "'expect' checks nothing" },
	{ M "boot\nexpect phb=0 pe=1\n", "t.trace:4:1:", "'expect' checks nothing" },
	{ M "boot\nexpect stat=clock.cycles\n", "t.trace:4:8:", "needs value=" },
	{ M "boot\nexpect value=1\n", "t.trace:4:8:", "needs stat=" },
	{ M "group g0 dev=0:0x100\nboot\ndma dev=0:0x100 addr=0 len=4 dir=read expect.fault=permision\n",
	  "t.trace:5:52:", "expected one of none|unsupported_addr" },
	{ "model tce_cache_entries=0\nboot\n", "t.trace:3:1:", "TCE cache" },
	{ M "boot\n" P "mmap ua=0x10000000 size=64K\nuread ua=0x10000000 len=1T\n",
	  "t.trace:6:21:", "limited" },
	{ M "boot\n" P "mmap ua=0x10000000 size=64K\nuwrite ua=0x10000000 fill=0 len=1T\n",
	  "t.trace:6:29:", "limited" },
	{ M "boot kernel=0\npread pa=0 len=1T\n", "t.trace:4:12:", "limited" },
	{ M "device dev=0:0x100\nboot\ndma dev=0:0x100 addr=0 len=0 dir=read\n",
	  "t.trace:5:24:", "len" },
	{ M "device dev=0:0x100\nboot\ndma dev=0:0x100 addr=0 len=0xffffffffff dir=read\n",
	  "t.trace:5:24:", "len" },
	{ M "boot\nexpect stat=nosuch value=1\n", "t.trace:4:8:", "nosuch" },
	{ M "boot\nproc_switch nobody\n", "t.trace:4:13:", "nobody" },
	{ M "boot\n" P "container_open c0\nclose c0\nclose c0\n", "t.trace:7:7:",
	  "not an open" },
	{ M "boot kernel=0\nopal set_pe phb=9 pe=1 bdfn=0x100 bcmp=7 dcmp=1 fcmp=1 action=map\n",
	  "t.trace:4:13:", "phb=9" },
	{ M "boot kernel=0\nreg_write phb=0 reg=0xffffffff value=1\n",
	  "t.trace:4:17:", "register offset" },
	{ M "boot kernel=0\nreg_write phb=0 reg=NOPE value=1\n", "t.trace:4:17:",
	  "unknown register" },
	/* Negative where unsigned. */
	{ M "boot\n" P "mmap ua=0x10000000 size=-64K\n", "t.trace:5:20:",
	  "size must not be negative" },
	{ "machine memlock=-1\nboot\n", "t.trace:2:9:", "memlock must not be negative" },
	{ M "boot kernel=0\npwrite pa=-8 be64=1\n", "t.trace:4:8:", "pa must not" },
	{ M V2 "create_window c0 page_shift=-12 size=1G levels=1\n",
	  "t.trace:10:18:", "page_shift must not" },
	{ M V2 "map c0 ua=0 iova=-1 size=64K dir=rw\n", "t.trace:10:13:",
	  "iova must not" },
	/* Lexical errors through the binary. */
	{ "!bogus\n", "t.trace:1:1:", "header" },
	{ M "boot kernel=18446744073709551616\n", "t.trace:3:13:", "64 bits" },
	{ M "frobnicate x=1\n", "t.trace:3:1:", "unknown verb" },
	{ M "boot kernel=1 kernel=1\n", "t.trace:3:15:", "duplicate key" },
	{ M "boot kernel\n", "t.trace:3:6:", "key=value" },
	{ M "echo \"abc\n", "t.trace:3:6:", "unterminated" },
	{ M "boot \x01\n", "t.trace:3:6:", "\\x01" },
	{ "!tcesim-trace 1\nmachine ram=1G\nboot kern", "t.trace:3:6:",
	  "expected key=value" },
};

CK_LOOP_TEST("cli", cli_replay_bad_operations, 0,
	     (int)(sizeof(bad_ops) / sizeof(bad_ops[0])))
{
	char out[4096], want[64];
	char text[512];
	/* '!': the case brings its own header (or none). */
	const char *body = bad_ops[_i].text;
	int n = body[0] == '!' ? snprintf(text, sizeof(text), "%s", body + 1)
			       : snprintf(text, sizeof(text), HDR "%s", body);

	put_file("t.trace", text, (size_t)n);
	ck_assert_int_eq(run_cli("replay --check --quiet t.trace", out,
				 sizeof(out)), 2);
	snprintf(want, sizeof(want), "%s error: ", bad_ops[_i].where);
	ck_assert_msg(strstr(out, want) && strstr(out, bad_ops[_i].what),
		      "case %d: want '%s' and '%s' in:\n%s", _i, want,
		      bad_ops[_i].what, out);
}
END_TEST

/* Files and arguments that are not traces at all. */
CK_TEST("cli", cli_bad_files_and_arguments)
{
	char out[4096];
	uint8_t junk[2048];

	put_file("empty.trace", "", 0);
	ck_assert_int_eq(run_cli("replay empty.trace", out, sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(out, "empty.trace:1:1: error:"));

	ck_assert_int_eq(run_cli("replay nosuch.trace", out, sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(out, "nosuch.trace"));

	ck_assert_int_eq(run_cli("replay .", out, sizeof(out)), 2);

	rng_state = 0x5eed0005;
	for (size_t i = 0; i < sizeof(junk); i++)
		junk[i] = (uint8_t)rnd();
	put_file("junk.trace", junk, sizeof(junk));
	ck_assert_int_eq(run_cli("replay junk.trace", out, sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(out, "junk.trace:1:1: error:"));

	/* Binary magic, then garbage: an error naming the byte offset. */
	memcpy(junk, "TCESIMTB\x01", 9);
	put_file("junk.bin", junk, sizeof(junk));
	ck_assert_int_eq(run_cli("replay junk.bin", out, sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(out, "junk.bin"));
	ck_assert_ptr_nonnull(strstr(out, "byte"));
	ck_assert_int_eq(run_cli("convert junk.bin out.trace", out,
				 sizeof(out)), 2);

	/* A binary trace cut short. */
	put_file("cut.bin", "TCESIMTB\x01\x05", 10);
	ck_assert_int_eq(run_cli("replay cut.bin", out, sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(out, "truncated"));

	ck_assert_int_eq(run_cli("frobnicate", out, sizeof(out)), 2);
	ck_assert_int_eq(run_cli("replay", out, sizeof(out)), 2);
	ck_assert_int_eq(run_cli("replay --bogus t.trace", out, sizeof(out)), 2);
	ck_assert_int_eq(run_cli("replay --json", out, sizeof(out)), 2);
}
END_TEST

/* Bad .ini files through --config, bad --set: file:line, exit 2. */
CK_TEST("cli", cli_bad_config)
{
	static const char tr[] = HDR M "boot kernel=0\n";
	char out[4096];
	char big[3000];

	put_file("t.trace", tr, sizeof(tr) - 1);
	static const struct {
		const char *file, *text;
		size_t len;		/* text bytes (NULs included) */
		const char *want;	/* in the output */
	} bad[] = {
		{ "a.ini", "[phb]\nfoo = 1\n", 14, "a.ini:2: unknown key 'foo'" },
		{ "b.ini", "[tce_cache]\nentries = 99999999999999999999999\n", 43,
		  "b.ini:2:" },
		{ "c.ini", "[tce_cache]\nentries = -1\n", 25, "c.ini:2:" },
		{ "d.ini", "[phb]\nclock_mhz = 5\nclock_mhz = 6\n", 34,
		  "d.ini:3: duplicate key" },
		{ "e.ini", "[phb]\nclock\0_mhz = 5\n", 21, "e.ini:2: binary data" },
		{ "g.ini", "[bogus]\n", 8, "g.ini:1: unknown section" },
	};
	char cmd[64];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put_file(bad[i].file, bad[i].text, bad[i].len);
		snprintf(cmd, sizeof(cmd), "replay --config %s t.trace",
			 bad[i].file);
		ck_assert_int_eq(run_cli(cmd, out, sizeof(out)), 2);
		ck_assert_msg(strstr(out, bad[i].want), "%s: no '%s' in: %s",
			      bad[i].file, bad[i].want, out);
	}

	memset(big, 'a', sizeof(big));
	put_file("f.ini", big, sizeof(big));
	ck_assert_int_eq(run_cli("replay --config f.ini t.trace", out,
				 sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(out, "f.ini:1: line longer than"));

	ck_assert_int_eq(run_cli("replay --config nosuch.ini t.trace", out,
				 sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(out, "nosuch.ini"));

	ck_assert_int_eq(run_cli("replay --set nokey=1 t.trace", out,
				 sizeof(out)), 2);
	ck_assert_ptr_nonnull(strstr(out, "unknown key 'nokey'"));
	ck_assert_int_eq(run_cli("replay --set lat_hit=x t.trace", out,
				 sizeof(out)), 2);
	ck_assert_int_eq(run_cli("replay --set lat_hit t.trace", out,
				 sizeof(out)), 2);
}
END_TEST

CK_CASE("parsers", 60, NULL, NULL);
CK_CASE("cli", 120, cli_setup, cli_teardown);
CK_SUITE("sim_badinput");
