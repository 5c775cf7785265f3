// SPDX-License-Identifier: GPL-2.0
/*
 * `tcesim import qemu LOG -o TRACE` (QEMU log -> trace) and
 * `tcesim convert IN OUT` (text <-> binary trace).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "tcesim/import_qemu.h"

/* `import qemu LOG -o TRACE [options]`: 0 or an exit code (printed). */
static int import_args(int argc, char **argv, struct import_qemu_opts *io,
		       const char **in, const char **out)
{
	if (argc < 1 || strcmp(argv[0], "qemu"))
		return cli_usage_error("import: the only source is 'qemu' (got '%s')",
				       argc ? argv[0] : "");
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			*out = argv[++i];
		} else if (!strcmp(argv[i], "--ua-base") && i + 1 < argc) {
			if (cli_parse_size(argv[++i], &io->ua_base))
				return cli_usage_error("import: bad --ua-base '%s'", argv[i]);
		} else if (!strcmp(argv[i], "--guest-ram") && i + 1 < argc) {
			if (cli_parse_size(argv[++i], &io->guest_ram))
				return cli_usage_error("import: bad --guest-ram '%s'", argv[i]);
		} else if (!strcmp(argv[i], "--infer-indirect")) {
			io->infer_indirect = true;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("import: unknown or incomplete option '%s'", argv[i]);
		} else if (!*in) {
			*in = argv[i];
		} else {
			return cli_usage_error("import: unexpected argument '%s'", argv[i]);
		}
	}
	if (!*in || !*out)
		return cli_usage_error("import: usage: import qemu LOG -o TRACE%s", "");
	return 0;
}

/* The whole log file in a new buffer; -1 (printed) if it cannot be
 * opened. */
static int read_log(const char *in, char **buf, size_t *len)
{
	FILE *f = fopen(in, "rb");

	if (!f) {
		fprintf(stderr, "%s: cannot open: %s\n", in, strerror(errno));
		return -1;
	}
	*buf = NULL;
	*len = 0;
	FILE *m = open_memstream(buf, len);
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		fwrite(chunk, 1, n, m);
	fclose(f);
	fclose(m);
	return 0;
}

/* "LOG: N lines, ..." and the unknown event names, on stderr. */
static void import_summary(const char *in, const struct import_qemu_stats *st)
{
	fprintf(stderr,
		"%s: %u lines, %u events: %u converted, %u as comments, %u ignored, %u malformed, %u unknown\n",
		in, st->lines, st->events, st->converted, st->noted, st->ignored,
		st->malformed, st->unknown);
	for (unsigned i = 0; i < st->n_unknown_names; i++)
		fprintf(stderr, "  unknown event %s: %u\n",
			st->unknown_names[i].name, st->unknown_names[i].count);
}

int cli_import(int argc, char **argv)
{
	struct import_qemu_opts io;
	struct import_qemu_stats st;
	struct trace_error e;
	struct trace t;
	const char *in = NULL, *out = NULL;
	char *buf;
	size_t len;

	import_qemu_opts_default(&io);
	int r = import_args(argc, argv, &io, &in, &out);
	if (r)
		return r;
	if (read_log(in, &buf, &len))
		return REPLAY_INPUT_ERROR;
	r = import_qemu(in, buf, len, &io, &t, &st, &e);
	free(buf);
	if (r) {
		char msg[512];
		trace_error_format(&e, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
		return REPLAY_INPUT_ERROR;
	}
	FILE *o = strcmp(out, "-") ? fopen(out, "w") : stdout;
	if (!o) {
		fprintf(stderr, "%s: cannot create: %s\n", out, strerror(errno));
		trace_free(&t);
		return REPLAY_INPUT_ERROR;
	}
	trace_write_text(&t, o);
	if (o != stdout)
		fclose(o);
	import_summary(in, &st);
	trace_free(&t);
	return 0;
}

int cli_convert(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *to = NULL;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--to") && i + 1 < argc)
			to = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("convert: unknown option '%s'", argv[i]);
		else if (!in)
			in = argv[i];
		else if (!out)
			out = argv[i];
		else
			return cli_usage_error("convert: unexpected argument '%s'", argv[i]);
	}
	if (!in || !out)
		return cli_usage_error("convert: usage: convert IN OUT [--to text|binary]%s", "");
	if (to && strcmp(to, "text") && strcmp(to, "binary"))
		return cli_usage_error("convert: --to must be text or binary, not '%s'", to);
	FILE *f = fopen(in, "rb");
	char magic[8] = { 0 };
	if (f) {
		if (fread(magic, 1, 8, f) != 8)
			memset(magic, 0, sizeof(magic));
		fclose(f);
	}
	bool in_bin = !memcmp(magic, TRACE_MAGIC_BIN, 8);
	bool out_bin = to ? !strcmp(to, "binary") : !in_bin;
	struct trace t;
	if (cli_load_trace(in, &t))
		return REPLAY_INPUT_ERROR;
	FILE *o = fopen(out, "wb");
	if (!o) {
		fprintf(stderr, "%s: cannot create: %s\n", out, strerror(errno));
		trace_free(&t);
		return REPLAY_INPUT_ERROR;
	}
	int r = out_bin ? trace_write_binary(&t, o) : trace_write_text(&t, o);
	if (fclose(o) || r) {
		fprintf(stderr, "%s: write error\n", out);
		r = -1;
	}
	trace_free(&t);
	return r ? REPLAY_INPUT_ERROR : 0;
}

