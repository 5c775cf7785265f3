/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Checked input and output files of the tools: every report, table,
 * record and trace the CLI writes goes through sim_out, every file it
 * reads through sim_in_open / sim_read_all, so that "-" means standard
 * input/output everywhere, a directory is refused as "is a directory",
 * and a failed write (a full disk, /dev/full) is an error naming the file
 * and the reason instead of a truncated file and exit status 0.
 *
 * Messages are written into the caller's buffer (err, errlen) as
 * "NAME: what: reason", NAME being the path, or "stdout"/"stdin" for "-".
 */
#ifndef TCESIM_SIM_IO_H
#define TCESIM_SIM_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct sim_sink;

/* An output file opened before the work that fills it. */
struct sim_out {
	FILE *f;		/* NULL when not open */
	const char *path;	/* as given; "-" is standard output */
	bool created;		/* the file did not exist before */
	struct sim_sink *sink;	/* where its first write error is kept */
};

/*
 * Makes stdout keep its first write error (the reason is otherwise lost
 * when a flush fails early); the CLI calls it first thing.
 */
void sim_io_stdout_init(void);

/* True for "-" (standard input or output). */
static inline bool sim_io_is_std(const char *path)
{
	return path && path[0] == '-' && !path[1];
}

/* "stdout"/"stdin" for "-" (out says which), else path. */
const char *sim_io_name(const char *path, bool out);

/*
 * Opens path for writing ("-" = stdout), truncating it. 0, or -errno with "PATH: cannot create: REASON"
 * ("is a directory" for a directory).
 */
int sim_out_open(struct sim_out *o, const char *path, char *err,
		 size_t errlen);
/*
 * Flushes and, unless it is stdout, closes. 0, or -errno with "PATH:
 * write error: REASON" when any write to it failed (ferror) or the
 * flush/close fails (ENOSPC on a full disk). o->f is NULL afterwards.
 */
int sim_out_close(struct sim_out *o, char *err, size_t errlen);
/* Closes without checking and removes the file if this run created it
 * (an output abandoned because the input was bad). */
void sim_out_abandon(struct sim_out *o);

/*
 * Opens path for reading ("-" = stdin). NULL with "PATH: cannot open:
 * REASON" or "PATH: is a directory" in err.
 */
FILE *sim_in_open(const char *path, char *err, size_t errlen);
/* Closes what sim_in_open returned (stdin stays open). */
void sim_in_close(FILE *f);
/*
 * The whole of path ("-" = stdin) in a new NUL-terminated buffer (*len
 * bytes without the NUL). 0, or -errno with the message in err (open
 * and read errors, "is a directory").
 */
int sim_read_all(const char *path, char **buf, size_t *len, char *err,
		 size_t errlen);

/*
 * Standard output at exit: flushes it and reports a write that failed
 * ("stdout: write error: No space left on device"). 0 or -errno.
 */
int sim_stdout_check(char *err, size_t errlen);

/* s as a JSON string literal: in double quotes, '"' and '\' after a
   backslash, control characters as \u00XX (file names and table cells
   may hold any of them). */
void sim_json_str(FILE *f, const char *s);

#endif /* TCESIM_SIM_IO_H */
