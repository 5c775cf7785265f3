// SPDX-License-Identifier: GPL-2.0
/*
 * The sweep point runner (sweep_internal.h): every point of a grid (or
 * of one shard) run as a traffic workload, or as a replay of the trace
 * given with --trace (sweep_trace.c), either one after the other in
 * this process (--jobs 1) or by N worker processes (--jobs N) fed one
 * point at a time through pipes, so a slow point never leaves a worker
 * idle. Each point builds its own machine, so its row does not depend on
 * which process ran it or what ran before; rows are written in point
 * order, so the output is the same bytes for any number of jobs. A
 * worker that dies (a crash in the simulator) fails only the point it
 * was running: its row says so and a new worker takes over.
 *
 * Progress on stderr: a bar (points done/total, failures, elapsed, ETA)
 * when stderr is a terminal, else one line per point.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sweep_internal.h"
#include "tcesim/sim_errf.h"

#define MAX_JOBS 256

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

unsigned sweep_default_jobs(void)
{
	cpu_set_t set;
	long n = 0;

	if (!sched_getaffinity(0, sizeof(set), &set))
		n = CPU_COUNT(&set);
	if (n <= 0)
		n = sysconf(_SC_NPROCESSORS_ONLN);
	if (n <= 0)
		n = 1;
	return n > MAX_JOBS ? MAX_JOBS : (unsigned)n;
}

uint64_t sweep_shard_points(const struct sweep_run_opts *o)
{
	uint64_t total = sweep_grid_points(o->g);

	return total / o->shard_n + (o->shard_i < total % o->shard_n);
}

/* ---- one point ---------------------------------------------------------------- */

/* A finished point: its CSV row and what progress shows of it. */
struct result {
	uint64_t point;
	int rc;
	double hit, gbps, secs;
	uint64_t p99;
	char *row;		/* malloc'd CSV row, newline included */
	char err[512];
};

/* The workload of a point with options to: a traffic run of
 * o->requests DMAs, or (--trace) the trace replayed. 0 or -errno with a
 * message. */
static int run_workload(const struct sweep_run_opts *o,
			const struct traffic_opts *to, struct traffic_result *x,
			char *err, size_t errlen)
{
	struct traffic_run *r;
	int rc;

	if (o->trace)
		return sweep_trace_point(o->trace, to, o->load, x, err, errlen);
	r = traffic_create(to, err, errlen);
	if (!r)
		return -EINVAL;
	rc = traffic_step(r, o->requests, err, errlen);
	if (!rc)
		traffic_get_result(r, x);
	traffic_destroy(r);
	return rc;
}

/* Runs point p; 0 (res filled, the point may have failed: res->rc) or
 * -ENOMEM. */
static int run_point(const struct sweep_run_opts *o, uint64_t p,
		     struct result *res)
{
	struct traffic_opts to = *o->base;
	struct traffic_result x;
	double t0 = now_s();
	size_t len = 0;

	memset(res, 0, sizeof(*res));
	memset(&x, 0, sizeof(x));
	res->point = p;
	int rc = sweep_apply_point(o->g, p, &to, res->err, sizeof(res->err));
	if (!rc)
		rc = run_workload(o, &to, &x, res->err, sizeof(res->err));
	if (rc)
		memset(&x, 0, sizeof(x));
	res->rc = rc;
	res->hit = x.hit_rate;
	res->gbps = x.gbytes_per_s;
	res->p99 = x.walk_p99;
	FILE *m = open_memstream(&res->row, &len);
	if (!m)
		return -ENOMEM;
	sweep_csv_row(m, o->g, p, rc ? NULL : &x, rc ? res->err : NULL);
	if (fclose(m)) {
		free(res->row);
		res->row = NULL;
		return -ENOMEM;
	}
	res->secs = now_s() - t0;
	return 0;
}

/* ---- progress ------------------------------------------------------------------ */

struct progress {
	const struct sweep_run_opts *o;
	uint64_t done, mine, failed;
	double t0;
	bool drawn;		/* a bar is on the terminal's last line */
};

static void hms(char *buf, size_t len, double s)
{
	unsigned long t = s < 0 ? 0 : (unsigned long)(s + 0.5);

	if (t >= 3600)
		snprintf(buf, len, "%lu:%02lu:%02lu", t / 3600, t / 60 % 60, t % 60);
	else
		snprintf(buf, len, "%lu:%02lu", t / 60, t % 60);
}

/* "[#####-----] done/total points, F failed, elapsed 0:12, ETA 0:27". */
static void draw_bar(struct progress *pg)
{
	const unsigned width = 30;
	unsigned fill = pg->mine ? (unsigned)(width * pg->done / pg->mine) : width;
	double el = now_s() - pg->t0;
	char e[32], eta[32] = "--:--";
	char bar[64];

	for (unsigned i = 0; i < width; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[width] = 0;
	hms(e, sizeof(e), el);
	if (pg->done)
		hms(eta, sizeof(eta),
		    el / (double)pg->done * (double)(pg->mine - pg->done));
	fprintf(stderr, "\r[%s] %" PRIu64 "/%" PRIu64 " points", bar, pg->done,
		pg->mine);
	if (pg->failed)
		fprintf(stderr, ", %" PRIu64 " failed", pg->failed);
	fprintf(stderr, ", elapsed %s, ETA %s\033[K", e, eta);
	fflush(stderr);
	pg->drawn = true;
}

/* "[done/mine] point p key=value...: result (time)". */
static void point_line(const struct progress *pg, const struct result *r)
{
	const struct sweep_grid *g = pg->o->g;

	fprintf(stderr, "[%" PRIu64 "/%" PRIu64 "] point %" PRIu64, pg->done,
		pg->mine, r->point);
	for (unsigned a = 0; a < g->naxes; a++)
		fprintf(stderr, " %s=%s", g->ax[a].key,
			sweep_point_value(g, r->point, a));
	if (r->rc)
		fprintf(stderr, ": error: %s", r->err);
	else
		fprintf(stderr, ": hit %.3f, %.2f GB/s, miss p99 %" PRIu64
			" cyc", r->hit, r->gbps, r->p99);
	fprintf(stderr, " (%.2f s, %.0f s so far)\n", r->secs,
		now_s() - pg->t0);
}

/* A point finished: counted, and shown (failures also above the bar). */
static void progress_point(struct progress *pg, const struct result *r)
{
	pg->done++;
	pg->failed += r->rc != 0;
	if (pg->o->quiet)
		return;
	if (!pg->o->bar) {
		point_line(pg, r);
		return;
	}
	if (r->rc) {
		fputs("\r\033[K", stderr);
		point_line(pg, r);
	}
	draw_bar(pg);
}

static void progress_end(struct progress *pg)
{
	if (pg->drawn) {
		draw_bar(pg);
		fputc('\n', stderr);
	}
}

/* ---- rows in point order --------------------------------------------------------- */

struct rows {
	char **row;		/* by position in the shard */
	uint64_t n, next;	/* next position to write */
	FILE *out, *copy;
};

/* Keeps r's row and writes every row that is now in order. */
static void rows_put(struct rows *w, const struct sweep_run_opts *o,
		     struct result *r)
{
	uint64_t k = (r->point - o->shard_i) / o->shard_n;

	w->row[k] = r->row;
	r->row = NULL;
	while (w->next < w->n && w->row[w->next]) {
		fputs(w->row[w->next], w->out);
		fflush(w->out);
		if (w->copy)
			fputs(w->row[w->next], w->copy);
		free(w->row[w->next]);
		w->row[w->next++] = NULL;
	}
}

/* ---- in this process ------------------------------------------------------------ */

static int run_inline(const struct sweep_run_opts *o, struct rows *w,
		      struct progress *pg, char *err, size_t errlen)
{
	uint64_t total = sweep_grid_points(o->g);

	for (uint64_t p = o->shard_i; p < total; p += o->shard_n) {
		struct result r;

		if (run_point(o, p, &r))
			return sim_errf(err, errlen, -ENOMEM, "point %" PRIu64
					": out of memory", p);
		progress_point(pg, &r);
		rows_put(w, o, &r);
	}
	return 0;
}

/* ---- worker processes ----------------------------------------------------------- */

/* What a worker sends back per point, then row and err bytes. */
struct wire {
	uint64_t point, p99;
	int32_t rc;
	uint32_t rowlen, errlen;
	double hit, gbps, secs;
};

/*
 * All len bytes through write(2) (out) or read(2), retrying short
 * transfers and EINTR; 0, or -1 on an error or an end of file first.
 */
static int transfer_full(int fd, char *p, size_t len, int out)
{
	while (len) {
		ssize_t n = out ? write(fd, p, len) : read(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

static int write_full(int fd, const void *buf, size_t len)
{
	return transfer_full(fd, (char *)buf, len, 1);
}

/* len bytes, or -1 (error or end of file before them). */
static int read_full(int fd, void *buf, size_t len)
{
	return transfer_full(fd, buf, len, 0);
}

struct worker {
	pid_t pid;
	int cmd, res;		/* parent's ends: points out, results in */
	bool busy;
	uint64_t point;
};

/* The worker's life: a point in, its result out, until end of file. */
static void __attribute__((noreturn)) worker_main(const struct sweep_run_opts *o,
						  int cmd, int res)
{
	/* Testing aid: a worker killed at this point, as by a crash (the
	   recovery is tested; docs/whatif.md). */
	const char *kill_at = getenv("TCESIM_SWEEP_KILL_POINT");
	uint64_t p;

	signal(SIGPIPE, SIG_DFL);
	while (!read_full(cmd, &p, sizeof(p))) {
		struct result r;
		struct wire h;

		if (kill_at && *kill_at && strtoull(kill_at, NULL, 10) == p)
			raise(SIGKILL);
		if (run_point(o, p, &r))
			_exit(4);
		memset(&h, 0, sizeof(h));
		h.point = p;
		h.rc = r.rc;
		h.rowlen = (uint32_t)strlen(r.row);
		h.errlen = r.rc ? (uint32_t)strlen(r.err) : 0;
		h.hit = r.hit;
		h.gbps = r.gbps;
		h.secs = r.secs;
		h.p99 = r.p99;
		if (write_full(res, &h, sizeof(h)) ||
		    write_full(res, r.row, h.rowlen) ||
		    write_full(res, r.err, h.errlen))
			_exit(5);
		free(r.row);
	}
	_exit(0);
}

static int spawn(const struct sweep_run_opts *o, struct worker *ws,
		 unsigned n, unsigned i, char *err, size_t errlen)
{
	int c[2], r[2];

	if (pipe(c))
		return sim_errf(err, errlen, -errno, "pipe: %s", strerror(errno));
	if (pipe(r)) {
		int e = errno;
		close(c[0]);
		close(c[1]);
		return sim_errf(err, errlen, -e, "pipe: %s", strerror(e));
	}
	fflush(NULL);	/* nothing buffered is written twice */
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(c[0]);
		close(c[1]);
		close(r[0]);
		close(r[1]);
		return sim_errf(err, errlen, -e, "fork: %s", strerror(e));
	}
	if (!pid) {
		/* Only this worker's ends stay open here: another worker's
		   command pipe held open would never see its end of file. */
		for (unsigned k = 0; k < n; k++)
			if (k != i && ws[k].pid > 0) {
				close(ws[k].cmd);
				close(ws[k].res);
			}
		close(c[1]);
		close(r[0]);
		worker_main(o, c[0], r[1]);
	}
	close(c[0]);
	close(r[1]);
	ws[i] = (struct worker){ .pid = pid, .cmd = c[1], .res = r[0] };
	return 0;
}

/* Waits for a worker that is gone; what became of it, in words. */
static void reap(struct worker *w, char *why, size_t len)
{
	int st = 0;

	close(w->cmd);
	close(w->res);
	while (waitpid(w->pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(st))
		snprintf(why, len, "was killed by signal %d (%s)", WTERMSIG(st),
			 strsignal(WTERMSIG(st)));
	else
		snprintf(why, len, "exited with status %d",
			 WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	w->pid = -1;
	w->busy = false;
}

/* The result of worker w (readable): 0, or -1 when it died (then r is
 * the failed point's row). */
static int receive(const struct sweep_run_opts *o, struct worker *w,
		   struct result *r)
{
	struct wire h;
	char why[128];

	memset(r, 0, sizeof(*r));
	r->point = w->point;
	if (!read_full(w->res, &h, sizeof(h)) && h.point == w->point &&
	    h.rowlen < (1u << 24) && h.errlen < sizeof(r->err)) {
		r->row = malloc(h.rowlen + 1);
		if (r->row && !read_full(w->res, r->row, h.rowlen) &&
		    !read_full(w->res, r->err, h.errlen)) {
			r->row[h.rowlen] = 0;
			r->err[h.errlen] = 0;
			r->rc = h.rc;
			r->hit = h.hit;
			r->gbps = h.gbps;
			r->secs = h.secs;
			r->p99 = h.p99;
			w->busy = false;
			return 0;
		}
		free(r->row);
		r->row = NULL;
	}
	reap(w, why, sizeof(why));
	snprintf(r->err, sizeof(r->err),
		 "the worker process running this point %s", why);
	r->rc = -EIO;
	size_t len = 0;
	FILE *m = open_memstream(&r->row, &len);
	if (m) {
		sweep_csv_row(m, o->g, w->point, NULL, r->err);
		if (fclose(m)) {
			free(r->row);
			r->row = NULL;
		}
	}
	return -1;
}

static int send_point(struct worker *w, uint64_t p)
{
	w->point = p;
	w->busy = true;
	return write_full(w->cmd, &p, sizeof(p));
}

static int run_pool(const struct sweep_run_opts *o, unsigned jobs,
		    struct rows *w, struct progress *pg, char *err,
		    size_t errlen)
{
	uint64_t total = sweep_grid_points(o->g), next = o->shard_i;
	struct worker ws[MAX_JOBS];
	struct pollfd pfd[MAX_JOBS];
	int rc = 0;

	for (unsigned i = 0; i < jobs; i++)
		ws[i].pid = -1;
	for (unsigned i = 0; i < jobs && !rc; i++)
		rc = spawn(o, ws, jobs, i, err, errlen);
	while (!rc && pg->done < pg->mine) {
		unsigned np = 0, idx[MAX_JOBS];

		for (unsigned i = 0; i < jobs; i++) {
			if (ws[i].pid < 0 && next < total &&
			    (rc = spawn(o, ws, jobs, i, err, errlen)))
				break;
			if (ws[i].pid > 0 && !ws[i].busy && next < total) {
				/* a worker gone before its point arrives
				   shows up as end of file below */
				send_point(&ws[i], next);
				next += o->shard_n;
			}
			if (ws[i].pid > 0 && ws[i].busy) {
				pfd[np] = (struct pollfd){ .fd = ws[i].res,
							   .events = POLLIN };
				idx[np++] = i;
			}
		}
		if (rc || !np)
			break;
		int n = poll(pfd, np, o->bar && !o->quiet ? 1000 : -1);
		if (n < 0 && errno != EINTR) {
			rc = sim_errf(err, errlen, -errno, "poll: %s",
				      strerror(errno));
			break;
		}
		if (n <= 0) {
			if (o->bar && !o->quiet)
				draw_bar(pg);	/* elapsed time goes on */
			continue;
		}
		for (unsigned k = 0; k < np; k++) {
			struct result r;

			if (!(pfd[k].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			receive(o, &ws[idx[k]], &r);
			if (!r.row) {
				rc = sim_errf(err, errlen, -ENOMEM,
					      "out of memory");
				break;
			}
			progress_point(pg, &r);
			rows_put(w, o, &r);
		}
	}
	for (unsigned i = 0; i < jobs; i++)
		if (ws[i].pid > 0) {
			char why[128];

			reap(&ws[i], why, sizeof(why));	/* end of file: exits */
		}
	if (!rc && pg->done < pg->mine)
		rc = sim_errf(err, errlen, -EIO, "%" PRIu64 " point(s) not run",
			      pg->mine - pg->done);
	return rc;
}

int sweep_run_points(const struct sweep_run_opts *o, FILE *out, FILE *copy,
		     uint64_t *failed, char *err, size_t errlen)
{
	struct progress pg = { .o = o, .t0 = now_s() };
	struct rows w = { .out = out, .copy = copy };
	unsigned jobs = o->jobs ? o->jobs : 1;
	int rc;

	pg.mine = sweep_shard_points(o);
	w.n = pg.mine;
	w.row = calloc(w.n ? w.n : 1, sizeof(*w.row));
	if (!w.row)
		return sim_errf(err, errlen, -ENOMEM, "out of memory");
	if (jobs > pg.mine)
		jobs = pg.mine ? (unsigned)pg.mine : 1;
	if (jobs > MAX_JOBS)
		jobs = MAX_JOBS;
	if (o->bar && !o->quiet)
		draw_bar(&pg);
	if (jobs == 1) {
		rc = run_inline(o, &w, &pg, err, errlen);
	} else {
		/* A worker that dies must not kill the sweep with SIGPIPE. */
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);
		rc = run_pool(o, jobs, &w, &pg, err, errlen);
		signal(SIGPIPE, old);
	}
	if (!o->quiet)
		progress_end(&pg);
	for (uint64_t k = 0; k < w.n; k++)
		free(w.row[k]);
	free(w.row);
	*failed = pg.failed;
	return rc;
}
