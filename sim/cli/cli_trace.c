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
#include "tcesim/sim_io.h"

/* `import qemu LOG -o TRACE [options]`: 0 or an exit code (printed). */
static int import_args(int argc, char **argv, struct import_qemu_opts *io,
		       const char **in, const char **out)
{
	if (argc < 1 || strcmp(argv[0], "qemu"))
		return cli_usage_error("import", "the only source is 'qemu' (got '%s')",
				       argc ? argv[0] : "nothing");
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has = i + 1 < argc;

		if ((!strcmp(a, "-o") || !strcmp(a, "--ua-base") ||
		     !strcmp(a, "--guest-ram")) && !has)
			return cli_usage_error("import", "option '%s' needs a value", a);
		if (!strcmp(a, "-o")) {
			*out = argv[++i];
		} else if (!strcmp(a, "--ua-base")) {
			if (cli_parse_size(argv[++i], &io->ua_base))
				return cli_usage_error("import", "--ua-base '%s': expected an address (e.g. 0x7f0000000000)", argv[i]);
		} else if (!strcmp(a, "--guest-ram")) {
			if (cli_parse_size(argv[++i], &io->guest_ram) ||
			    !io->guest_ram || io->guest_ram % (64 << 10))
				return cli_usage_error("import", "--guest-ram '%s': expected a size that is a non-zero multiple of 64K (the host page), e.g. 4G", argv[i]);
		} else if (!strcmp(a, "--infer-indirect")) {
			io->infer_indirect = true;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("import", "unknown option '%s'", a);
		} else if (!*in) {
			*in = a;
		} else {
			return cli_usage_error("import", "unexpected argument '%s' (one LOG)", a);
		}
	}
	if (!*in)
		return cli_usage_error("import", "missing %s (a file, or '-' for standard input)", "LOG");
	if (!*out)
		return cli_usage_error("import", "missing %s", "-o TRACE");
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

/* Writes t as text (binary: as binary) to o and closes it; 0 or exit
 * code 2 (printed). */
static int write_trace(const struct trace *t, struct sim_out *o, bool binary)
{
	char err[512];
	int r = binary ? trace_write_binary(t, o->f) : trace_write_text(t, o->f);

	if (sim_out_close(o, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", CLI_PROG, err);
		return REPLAY_INPUT_ERROR;
	}
	if (r) {
		fprintf(stderr, "%s: %s: the trace could not be written\n",
			CLI_PROG, sim_io_name(o->path, true));
		return REPLAY_INPUT_ERROR;
	}
	return 0;
}

int cli_import(int argc, char **argv)
{
	struct import_qemu_opts io;
	struct import_qemu_stats st;
	struct trace_error e;
	struct sim_out o;
	struct trace t;
	const char *in = NULL, *out = NULL;
	char *buf, err[512];
	size_t len;

	import_qemu_opts_default(&io);
	int r = import_args(argc, argv, &io, &in, &out);
	if (r)
		return r;
	if (sim_out_open(&o, out, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", CLI_PROG, err);
		return REPLAY_INPUT_ERROR;
	}
	if (sim_read_all(in, &buf, &len, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", CLI_PROG, err);
		sim_out_abandon(&o);
		return REPLAY_INPUT_ERROR;
	}
	in = sim_io_name(in, false);
	r = import_qemu(in, buf, len, &io, &t, &st, &e);
	free(buf);
	if (r) {
		char msg[512];
		trace_error_format(&e, msg, sizeof(msg));
		fprintf(stderr, "%s\n", msg);
		sim_out_abandon(&o);
		return REPLAY_INPUT_ERROR;
	}
	r = write_trace(&t, &o, false);
	import_summary(in, &st);
	trace_free(&t);
	return r;
}

int cli_convert(int argc, char **argv)
{
	const char *in = NULL, *out = NULL, *to = NULL;
	struct sim_out o;
	char err[512];
	struct trace t;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--to")) {
			if (i + 1 >= argc)
				return cli_usage_error("convert", "option '%s' needs text or binary", argv[i]);
			to = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error("convert", "unknown option '%s'", argv[i]);
		} else if (!in) {
			in = argv[i];
		} else if (!out) {
			out = argv[i];
		} else {
			return cli_usage_error("convert", "unexpected argument '%s' (IN and OUT only)", argv[i]);
		}
	}
	if (!in || !out)
		return cli_usage_error("convert", "missing %s", in ? "OUT" : "IN and OUT");
	if (to && strcmp(to, "text") && strcmp(to, "binary"))
		return cli_usage_error("convert", "--to must be text or binary, not '%s'", to);
	if (sim_out_open(&o, out, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", CLI_PROG, err);
		return REPLAY_INPUT_ERROR;
	}
	/* Read here (not trace_load_file) to know the input's kind: the
	   output is the other kind unless --to says. */
	char *buf;
	size_t len;
	struct trace_error e;
	if (sim_read_all(in, &buf, &len, err, sizeof(err))) {
		fprintf(stderr, "%s: %s\n", CLI_PROG, err);
		sim_out_abandon(&o);
		return REPLAY_INPUT_ERROR;
	}
	bool in_bin = len >= 8 && !memcmp(buf, TRACE_MAGIC_BIN, 8);
	const char *name = sim_io_name(in, false);
	int r = in_bin ? trace_parse_binary(name, (const uint8_t *)buf, len, &t, &e)
		       : trace_parse_buffer(name, buf, len, &t, &e);
	free(buf);
	if (r) {
		trace_error_format(&e, err, sizeof(err));
		fprintf(stderr, "%s\n", err);
		sim_out_abandon(&o);
		return REPLAY_INPUT_ERROR;
	}
	r = write_trace(&t, &o, to ? !strcmp(to, "binary") : !in_bin);
	trace_free(&t);
	return r;
}
