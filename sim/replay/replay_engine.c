// SPDX-License-Identifier: GPL-2.0
/*
 * Trace replay engine (tcesim/replay.h): runs the operations in order,
 * each through its verb (replay_verbs.c, replay_vfio.c), compares the
 * outcome with the operation's expect.* keys, prints it, records it,
 * calls the tool's hooks, and at the end writes the reports
 * (replay_report.c).
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "kc/host.h"
#include "replay_internal.h"
#include "tcesim/clock.h"
#include "tcesim/config.h"

/* ---- the operation's result and expectations ------------------------------ */

void replay_result(struct replay *r, const char *fmt, ...)
{
	va_list ap;

	if (r->rlen >= sizeof(r->res))
		return;
	va_start(ap, fmt);
	int n = vsnprintf(r->res + r->rlen, sizeof(r->res) - r->rlen, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->rlen += (size_t)n;
}

FILE *replay_errf(const struct replay *r)
{
	return r->o->err ? r->o->err : stderr;
}

int replay_input_error(struct replay *r, int k, const char *fmt, ...)
{
	const struct trace_kv *kv = k >= 0 ? trace_op_get(r->op, k) : NULL;
	va_list ap;

	fprintf(replay_errf(r), "%s:%u:%u: error: ", r->t->name, r->op->line,
		kv && kv->col ? kv->col : 1);
	va_start(ap, fmt);
	vfprintf(replay_errf(r), fmt, ap);
	va_end(ap);
	fputc('\n', replay_errf(r));
	r->status = REPLAY_INPUT_ERROR;
	return -1;
}

const struct trace_kv *replay_required_key(struct replay *r,
					   enum trace_key k)
{
	const struct trace_kv *kv = trace_op_get(r->op, k);

	if (!kv)
		replay_input_error(r, -1, "'%s' needs %s=",
				   trace_verb_name(r->op->verb),
				   trace_key_name(k));
	return kv;
}

uint64_t replay_key_word(struct replay *r, enum trace_key k,
			 const struct replay_word *words, unsigned n,
			 uint64_t def)
{
	const struct trace_kv *kv = trace_op_get(r->op, k);

	if (!kv)
		return def;
	if (!kv->str)
		return kv->num;
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(kv->str, words[i].word))
			return words[i].value;
	return def;
}

void replay_mismatch(struct replay *r)
{
	r->mismatches++;
	if (r->o->check && r->status == REPLAY_OK)
		r->status = REPLAY_MISMATCH;
}

/* "file:line: expectation failed: ..." on the error stream. */
static void expect_failed(struct replay *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void expect_failed(struct replay *r, const char *fmt, ...)
{
	FILE *f = replay_errf(r);
	va_list ap;

	fprintf(f, "%s:%u: expectation failed: ", r->t->name, r->op->line);
	va_start(ap, fmt);
	vfprintf(f, fmt, ap);
	va_end(ap);
	fputc('\n', f);
	replay_mismatch(r);
}

void replay_expect_num(struct replay *r, enum trace_key k, int64_t actual)
{
	const struct trace_kv *kv = trace_op_get(r->op, k);

	if (r->rop)
		trace_op_num(&r->rec, r->rop, k, actual);
	if (!kv || trace_kv_int(kv) == actual)
		return;
	expect_failed(r, "%s=%" PRId64 " (0x%" PRIx64 "), got %" PRId64
		      " (0x%" PRIx64 ")", trace_key_name(k), trace_kv_int(kv),
		      kv->num, actual, (uint64_t)actual);
}

void replay_expect_str(struct replay *r, enum trace_key k,
		       const char *actual)
{
	const struct trace_kv *kv = trace_op_get(r->op, k);

	if (r->rop)
		trace_op_str(&r->rec, r->rop, k, actual);
	if (!kv || (kv->str && !strcmp(kv->str, actual)))
		return;
	expect_failed(r, "%s=%s, got %s", trace_key_name(k),
		      kv->str ? kv->str : "?", actual);
}

void replay_expect_bytes(struct replay *r, const uint8_t *buf, size_t len)
{
	const struct trace_kv *d = trace_op_get(r->op, TK_X_DATA);
	const struct trace_kv *f = trace_op_get(r->op, TK_X_FILL);
	bool ok = true;
	size_t at = 0;

	if (r->rop && !f)
		trace_op_bytes(&r->rec, r->rop, TK_X_DATA, buf, len);
	if (d) {
		if (d->len != len)
			ok = false;
		for (at = 0; ok && at < len; at++)
			if (d->bytes[at] != buf[at])
				ok = false;
	}
	if (f)
		for (at = 0; ok && at < len; at++)
			if (buf[at] != (uint8_t)f->num)
				ok = false;
	if (ok)
		return;
	expect_failed(r, "data differs at byte %zu (got 0x%02x)",
		      at ? at - 1 : 0, len ? buf[at ? at - 1 : 0] : 0);
}

/*
 * The operation failed with errno e and the trace did not say it would
 * (no expect.errno= or expect.ret=): a failed expectation, or with
 * --tolerant only counted and noted (docs/trace-format.md).
 */
static void unexpected_errno(struct replay *r, const char *name, int e)
{
	r->unexpected++;
	if (r->o->tolerant) {
		if (!r->o->quiet)
			fprintf(replay_errf(r), "%s:%u: note: %s failed with %s (tolerated: the trace does not expect it)\n",
				r->t->name, r->op->line,
				trace_verb_name(r->op->verb), name ? name : "?");
		return;
	}
	if (name)
		expect_failed(r, "%s failed with %s, which the trace does not expect (add expect.errno=%s, or replay with --tolerant)",
			      trace_verb_name(r->op->verb), name, name);
	else
		expect_failed(r, "%s failed with errno %d, which the trace does not expect (add expect.errno=%d, or replay with --tolerant)",
			      trace_verb_name(r->op->verb), e, e);
}

void replay_expect_ret(struct replay *r, long ret)
{
	int e = ret < 0 ? (int)-ret : 0;
	const char *n = trace_errno_name(e);

	if (ret < 0) {
		r->ioctl_errors++;
		replay_result(r, " -> %s", n ? n : "?");
		if (!n)
			replay_result(r, "(%d)", e);
		if (!trace_op_get(r->op, TK_X_ERRNO) &&
		    !trace_op_get(r->op, TK_X_RET))
			unexpected_errno(r, n, e);
	} else {
		replay_result(r, " -> OK");
		if (ret > 0)
			replay_result(r, " ret=%ld", ret);
	}
	replay_expect_num(r, TK_X_ERRNO, e);
	if (ret >= 0 && (trace_op_get(r->op, TK_X_RET) || ret > 0))
		replay_expect_num(r, TK_X_RET, ret);
	else if (ret < 0 && trace_op_get(r->op, TK_X_RET))
		replay_expect_num(r, TK_X_RET, ret);
}

/* ---- one operation ---------------------------------------------------------- */

/*
 * Inputs are addresses, sizes, counts and ids: a leading '-' is an input
 * error, not a silently dropped sign. Expectations (expect.* keys and the
 * `expect` verb) compare signed values and may be negative.
 */
static int check_no_negative(struct replay *r)
{
	for (uint32_t i = 0; i < r->op->nkv; i++) {
		const struct trace_kv *kv = &r->op->kv[i];
		const char *name = trace_key_name(kv->key);

		if (kv->neg && r->op->verb != TV_EXPECT &&
		    strncmp(name, "expect.", 7))
			return replay_input_error(r, kv->key,
						  "%s must not be negative",
						  name);
	}
	return 0;
}

static int verb_echo(struct replay *r)
{
	const struct trace_kv *n = trace_op_get(r->op, TK_NAME);

	if (!r->o->quiet)
		fprintf(r->o->out, "  -- %s\n", n ? n->str : "");
	return 0;
}

static int verb_note(struct replay *r)
{
	(void)r;
	return 0;
}

/* Every verb of the trace language (trace_schema.h) and who runs it. */
static int (*const verbs[TV_COUNT])(struct replay *r) = {
	[TV_MACHINE] = replay_verb_config,
	[TV_MODEL] = replay_verb_config,
	[TV_DEVICE] = replay_verb_config,
	[TV_GROUP] = replay_verb_config,
	[TV_BOOT] = replay_verb_boot,
	[TV_PROC_CREATE] = replay_verb_proc,
	[TV_PROC_FORK] = replay_verb_proc,
	[TV_PROC_SWITCH] = replay_verb_proc,
	[TV_SETRLIMIT] = replay_verb_setrlimit,
	[TV_MMAP] = replay_verb_mmap,
	[TV_UWRITE] = replay_verb_user_rw,
	[TV_UREAD] = replay_verb_user_rw,
	[TV_CONTAINER_OPEN] = replay_verb_vfio,
	[TV_GET_API_VERSION] = replay_verb_vfio,
	[TV_CHECK_EXTENSION] = replay_verb_vfio,
	[TV_SET_IOMMU] = replay_verb_vfio,
	[TV_GROUP_OPEN] = replay_verb_vfio,
	[TV_GROUP_STATUS] = replay_verb_vfio,
	[TV_GROUP_ATTACH] = replay_verb_vfio,
	[TV_GROUP_DETACH] = replay_verb_vfio,
	[TV_ENABLE] = replay_verb_vfio,
	[TV_DISABLE] = replay_verb_vfio,
	[TV_GET_INFO] = replay_verb_vfio,
	[TV_REGISTER] = replay_verb_vfio,
	[TV_UNREGISTER] = replay_verb_vfio,
	[TV_CREATE_WINDOW] = replay_verb_vfio,
	[TV_REMOVE_WINDOW] = replay_verb_vfio,
	[TV_MAP] = replay_verb_vfio,
	[TV_UNMAP] = replay_verb_vfio,
	[TV_EEH_PE_OP] = replay_verb_vfio,
	[TV_IOCTL] = replay_verb_vfio,
	[TV_CLOSE] = replay_verb_vfio,
	[TV_DMA] = replay_verb_dma,
	[TV_PWRITE] = replay_verb_pmem,
	[TV_PREAD] = replay_verb_pmem,
	[TV_OPAL] = replay_verb_opal,
	[TV_REG_WRITE] = replay_verb_reg,
	[TV_REG_READ] = replay_verb_reg,
	[TV_EXPECT] = replay_verb_expect,
	[TV_ECHO] = verb_echo,
	[TV_NOTE] = verb_note,
	[TV_LOAD] = replay_verb_load,
	[TV_DUMP] = replay_verb_dump,
};

static int exec_op(struct replay *r)
{
	const struct trace_kv *a = trace_op_get(r->op, TK_ADDR);

	if (check_no_negative(r))
		return -1;
	/* addr= is a word only for load (paddr|vaddr|auto) */
	if (a && a->str && r->op->verb != TV_LOAD)
		return replay_input_error(r, TK_ADDR, "addr must be a number, not '%s'",
					  a->str);
	if (r->op->verb >= TV_COUNT || !verbs[r->op->verb])
		return replay_input_error(r, -1, "internal: verb not handled");
	return verbs[r->op->verb](r);
}

/* Tells the tool's hook (if any) where replay is; a non-zero return
 * fails the replay with the hook's message. */
static int notify_hook(struct replay *r, enum replay_event ev,
		       const struct trace_op *op)
{
	char msg[512] = "";

	if (!r->o->hooks || !r->o->hooks->event)
		return 0;
	if (!r->o->hooks->event(r->o->hooks->ctx, ev, op, r->m, msg, sizeof(msg)))
		return 0;
	fprintf(replay_errf(r), "%s: %s%s\n", r->t->name,
		op ? "" : "at the end: ", msg[0] ? msg : "hook failed");
	r->mismatches++;
	return REPLAY_MISMATCH;
}

/* Runs operation i: executes, charges its driver time, calls the hooks,
 * prints it. 0, or the replay status that stops the run. */
static int run_op(struct replay *r, size_t i)
{
	const struct replay_opts *o = r->o;

	r->op = &r->t->ops[i];
	r->rop = NULL;
	r->rlen = 0;
	r->res[0] = 0;
	r->status = REPLAY_OK;
	if (o->record_path && r->op->verb != TV_NOTE)
		r->rop = trace_copy_op(&r->rec, r->op, 8);
	uint64_t cost0 = r->booted ? kc_cost_total() : 0;
	int e = exec_op(r);
	r->ops++;
	/* Timing mode: the CPU time the driver spent in this operation
	   (cost model, CPU cycles) passes on the machine clock, so DMAs
	   and kills after it happen later, as on a real machine. */
	if (r->cfg.timing && r->m && r->booted && kc_cost_total() > cost0)
		sim_clock_add_cpu(machine_clock(r->m), kc_cost_total() - cost0,
				  kc_cost_cpu_mhz());
	if (!e && r->op->verb == TV_BOOT && r->m && !r->status)
		r->status = notify_hook(r, REPLAY_EV_BOOTED, r->op);
	if (!r->status) {
		int h = notify_hook(r, REPLAY_EV_OP_DONE, r->op);
		if (h)
			r->status = h;
	}
	if (!o->quiet && r->op->verb != TV_ECHO && r->op->verb != TV_NOTE) {
		fprintf(o->out, "%5u ", r->op->line);
		trace_write_op(r->op, o->out);
		fprintf(o->out, "%s\n", r->res);
	}
	if (o->progress && !(r->ops & 0xffff))
		fprintf(stderr, "\r%zu/%zu operations", i + 1, r->t->nops);
	if (e || r->status != REPLAY_OK)
		return e ? REPLAY_INPUT_ERROR : r->status;
	return REPLAY_OK;
}

/* ---- the run ------------------------------------------------------------------ */

/* The machine configuration from the options (model parameters, mode). */
static void configure(struct replay *r)
{
	const struct replay_opts *o = r->o;

	if (o->machine)
		r->cfg = *o->machine;
	else
		machine_config_default(&r->cfg);
	if (o->config) {
		tcesim_config_to_phb3(o->config, &r->cfg.phb3);
		tcesim_config_to_timing(o->config, &r->cfg.timing_params);
		tcesim_config_to_link(o->config, &r->cfg.link_params,
				      &r->cfg.link);
		/* the machine's own kernel gets them (machine_create) */
		tcesim_config_to_cost(o->config, &r->cost);
		r->cfg.cost = &r->cost;
	}
	r->cfg.timing = o->timing;
}

static void replay_free(struct replay *r)
{
	if (r->m)
		machine_destroy(r->m);
	for (unsigned i = 0; i < r->nprocs; i++)
		free(r->procs[i].maps);
	trace_free(&r->rec);
	free(r);
}

/* One line on the error stream saying how the replay failed. */
static void summary(struct replay *r, int status)
{
	FILE *f = replay_errf(r);

	if (status == REPLAY_MISMATCH && r->unexpected && !r->o->tolerant)
		fprintf(f, "%s: %" PRIu64 " expectation(s) failed, %" PRIu64
			" of them operations failing with an errno the trace does not expect\n",
			r->t->name, r->mismatches, r->unexpected);
	else if (status == REPLAY_MISMATCH)
		fprintf(f, "%s: %" PRIu64 " expectation(s) failed\n",
			r->t->name, r->mismatches);
	if (r->unexpected && r->o->tolerant)
		fprintf(f, "%s: %" PRIu64 " operation(s) failed with an errno the trace does not expect (tolerated)\n",
			r->t->name, r->unexpected);
}

int replay_trace(const struct trace *t, const struct replay_opts *o)
{
	struct replay *r = calloc(1, sizeof(*r));
	int status = REPLAY_OK;

	if (!r)
		return REPLAY_INPUT_ERROR;
	r->t = t;
	r->o = o;
	configure(r);
	/* Every output file is opened before the first operation runs
	   (the checkpoint of --dump-at too, after its checks). */
	if (replay_dump_prepare(r)) {
		free(r);
		return REPLAY_INPUT_ERROR;
	}
	if (replay_files_open(r)) {
		replay_dump_finish(r);
		free(r);
		return REPLAY_INPUT_ERROR;
	}
	trace_init(&r->rec, "record");
	if (o->title && !o->quiet)
		fprintf(o->out, "== tcesim: %s ==\n", o->title);
	for (size_t i = 0; i < t->nops && status == REPLAY_OK; i++) {
		status = run_op(r, i);
		if (status == REPLAY_OK && replay_dump_option(r, i, false))
			status = REPLAY_INPUT_ERROR;
	}
	if (status == REPLAY_OK && replay_dump_option(r, 0, true))
		status = REPLAY_INPUT_ERROR;
	if (o->progress && t->nops > 0xffff)
		fputc('\n', stderr);
	if (status != REPLAY_INPUT_ERROR || r->booted) {
		int h = notify_hook(r, REPLAY_EV_TEARDOWN, NULL);
		if (h && status == REPLAY_OK)
			status = h;
	}
	/* Without --check the run goes on after a failed expectation; the
	   status says it failed all the same. */
	if (status == REPLAY_OK && r->mismatches)
		status = REPLAY_MISMATCH;
	if (!o->no_report && (status != REPLAY_INPUT_ERROR || r->ops))
		replay_report(r, o->out, false);
	if (!o->no_report)
		summary(r, status);
	status = replay_write_files(r, status);
	replay_dump_finish(r);
	replay_free(r);
	return status;
}
