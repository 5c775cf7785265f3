// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: feeds arbitrary bytes to the text and binary trace
 * parsers; a successful parse is written back as text and must parse
 * again. Built with -DTCESIM_FUZZ=ON under clang.
 */
#include <stdlib.h>
#include <string.h>

#include "trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace t, u;
	struct trace_error err;

	if (trace_parse_buffer("fuzz", (const char *)data, size, &t, &err) == 0) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		if (f) {
			trace_write_text(&t, f);
			fclose(f);
			if (trace_parse_buffer("fuzz2", buf, len, &u, &err))
				abort();	/* the writer produced bad text */
			if (u.nops != t.nops)
				abort();
			trace_free(&u);
			free(buf);
		}
		trace_free(&t);
	}
	if (trace_parse_binary("fuzzb", data, size, &t, &err) == 0)
		trace_free(&t);
	return 0;
}
