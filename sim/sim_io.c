// SPDX-License-Identifier: GPL-2.0
/*
 * Checked input and output files (tcesim/sim_io.h): "-" for standard
 * input/output, directories refused, every write error reported with the
 * file's name and the reason.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tcesim/sim_errf.h"
#include "tcesim/sim_io.h"

/*
 * Output streams write through a sink that keeps the first write error:
 * stdio forgets errno once a failed flush is over (a row flushed to a
 * full disk early in a sweep), so the reason is taken from here.
 */
struct sim_sink {
	int fd;
	int err;		/* first write errno, 0 if none */
};

static ssize_t sink_write(void *cookie, const char *buf, size_t n)
{
	struct sim_sink *s = cookie;
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(s->fd, buf + done, n - done);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!s->err)
				s->err = w < 0 ? errno : EIO;
			return done ? (ssize_t)done : -1;
		}
		done += (size_t)w;
	}
	return (ssize_t)n;
}

/* The fd is closed by sim_out_close (which needs the sink after). */
static int sink_close(void *cookie)
{
	(void)cookie;
	return 0;
}

static FILE *sink_open(struct sim_sink *s)
{
	cookie_io_functions_t io = { .write = sink_write, .close = sink_close };

	return fopencookie(s, "w", io);
}

static struct sim_sink stdout_sink = { .fd = 1 };
static bool stdout_wrapped;

void sim_io_stdout_init(void)
{
	FILE *f;

	if (stdout_wrapped)
		return;
	fflush(stdout);
	f = sink_open(&stdout_sink);
	if (!f)
		return;
	/* a terminal sees each line as it is printed, as before */
	setvbuf(f, NULL, isatty(1) ? _IOLBF : _IOFBF, BUFSIZ);
	stdout = f;
	stdout_wrapped = true;
}

/* The first write error of f (one of ours, or stdout), or 0. */
static int first_error(FILE *f, const struct sim_sink *s)
{
	if (s && s->err)
		return s->err;
	if (f == stdout && stdout_wrapped && stdout_sink.err)
		return stdout_sink.err;
	return 0;
}

const char *sim_io_name(const char *path, bool out)
{
	if (sim_io_is_std(path))
		return out ? "stdout" : "stdin";
	return path ? path : "?";
}

int sim_out_open(struct sim_out *o, const char *path, char *err,
		 size_t errlen)
{
	struct stat st;
	int fd, e;

	memset(o, 0, sizeof(*o));
	o->path = path;
	if (sim_io_is_std(path)) {
		o->f = stdout;
		return 0;
	}
	if (!path || !*path)
		return sim_errf(err, errlen, -EINVAL,
				"empty output file name");
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return sim_errf(err, errlen, -EISDIR,
				"%s: cannot create: is a directory", path);
	o->created = stat(path, &st) != 0;
	o->sink = calloc(1, sizeof(*o->sink));
	if (!o->sink)
		return sim_errf(err, errlen, -ENOMEM, "%s: out of memory", path);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
	if (fd < 0) {
		e = errno;
		free(o->sink);
		o->sink = NULL;
		return sim_errf(err, errlen, -e, "%s: cannot create: %s", path,
				strerror(e));
	}
	o->sink->fd = fd;
	o->f = sink_open(o->sink);
	if (!o->f) {
		e = errno;
		close(fd);
		free(o->sink);
		o->sink = NULL;
		return sim_errf(err, errlen, -e, "%s: cannot create: %s", path,
				strerror(e));
	}
	return 0;
}

int sim_out_close(struct sim_out *o, char *err, size_t errlen)
{
	int e = 0;

	if (!o->f)
		return 0;
	bool failed_before = ferror(o->f);
	errno = 0;
	if (fflush(o->f))
		e = errno ? errno : EIO;
	if (first_error(o->f, o->sink))
		e = first_error(o->f, o->sink);
	else if (!e && failed_before)
		e = EIO;
	if (o->f != stdout)
		fclose(o->f);
	if (o->sink) {
		if (close(o->sink->fd) && !e)
			e = errno;
		free(o->sink);
		o->sink = NULL;
	}
	o->f = NULL;
	if (!e)
		return 0;
	return sim_errf(err, errlen, -e, "%s: write error: %s",
			sim_io_name(o->path, true), strerror(e));
}

void sim_out_abandon(struct sim_out *o)
{
	if (!o->f)
		return;
	if (o->f != stdout) {
		fclose(o->f);
		if (o->created)
			unlink(o->path);
	} else {
		fflush(stdout);
	}
	if (o->sink) {
		close(o->sink->fd);
		free(o->sink);
		o->sink = NULL;
	}
	o->f = NULL;
}

FILE *sim_in_open(const char *path, char *err, size_t errlen)
{
	struct stat st;
	FILE *f;

	if (sim_io_is_std(path))
		return stdin;
	if (!path || !*path) {
		sim_errf(err, errlen, -EINVAL, "empty input file name");
		return NULL;
	}
	f = fopen(path, "rb");
	if (!f) {
		sim_errf(err, errlen, -errno, "%s: cannot open: %s", path,
			 strerror(errno));
		return NULL;
	}
	if (!fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fclose(f);
		sim_errf(err, errlen, -EISDIR, "%s: is a directory", path);
		return NULL;
	}
	return f;
}

void sim_in_close(FILE *f)
{
	if (f && f != stdin)
		fclose(f);
}

int sim_read_all(const char *path, char **buf, size_t *len, char *err,
		 size_t errlen)
{
	FILE *f = sim_in_open(path, err, errlen);
	size_t cap = 1 << 16, n = 0;
	int rerr = 0;
	char *b;

	*buf = NULL;
	*len = 0;
	if (!f)
		return -EIO;
	b = malloc(cap);
	for (;;) {
		if (!b) {
			sim_in_close(f);
			return sim_errf(err, errlen, -ENOMEM, "%s: out of memory",
					sim_io_name(path, false));
		}
		errno = 0;
		size_t got = fread(b + n, 1, cap - n - 1, f);
		n += got;
		if (got == 0) {
			rerr = errno;
			break;
		}
		if (cap - n - 1 == 0) {
			char *nb = cap > SIZE_MAX / 2 ? NULL : realloc(b, cap * 2);
			if (!nb)
				free(b);
			b = nb;
			cap *= 2;
		}
	}
	if (ferror(f)) {
		int e = rerr ? rerr : EIO;

		free(b);
		sim_in_close(f);
		return sim_errf(err, errlen, -e, "%s: read error: %s",
				sim_io_name(path, false), strerror(e));
	}
	sim_in_close(f);
	b[n] = 0;
	*buf = b;
	*len = n;
	return 0;
}

int sim_stdout_check(char *err, size_t errlen)
{
	struct sim_out o = { .f = stdout, .path = "-" };

	return sim_out_close(&o, err, errlen);
}

void sim_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			fprintf(f, "\\%c", *s);
		else if ((unsigned char)*s < 0x20)
			fprintf(f, "\\u%04x", (unsigned char)*s);
		else
			fputc(*s, f);
	}
	fputc('"', f);
}
