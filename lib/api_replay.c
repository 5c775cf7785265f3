// SPDX-License-Identifier: GPL-2.0
/*
 * tcesim_replay_file: a trace replayed as `tcesim replay` does
 * (sim/replay), the setup as the machine's starting point, with the
 * embedder's hooks: the machine once created (wrapped in a handle that
 * does not own it) and the trace's device DMA. The whole replay holds the
 * kernel lock: replay drives the kernel directly, operation after
 * operation.
 */
#include <errno.h>
#include <string.h>

#include "api_internal.h"
#include "tcesim/invariants.h"
#include "tcesim/replay.h"
#include "tcesim/trace.h"

struct api_replay {
	const struct tcesim_replay_opts *o;
	struct invariants *inv;
	struct tcesim_machine *tm;	/* the trace's machine, wrapped */
	int wrap_err;
};

static int on_event(void *ctx, enum replay_event ev, const struct trace_op *op,
		    struct machine *m, char *msg, size_t msglen)
{
	struct api_replay *ar = ctx;

	if (ar->wrap_err && ev == REPLAY_EV_BOOTED) {
		snprintf(msg, msglen, "out of memory");
		return -1;
	}
	return ar->inv ? invariants_event(ar->inv, ev, op, m, msg, msglen) : 0;
}

static void on_created(void *ctx, struct machine *m)
{
	struct api_replay *ar = ctx;

	ar->tm = api_wrap(m, false);
	if (!ar->tm) {
		ar->wrap_err = -ENOMEM;
		return;
	}
	if (ar->o->on_machine)
		ar->o->on_machine(ar->o->ctx, ar->tm);
}

static int on_dma(void *ctx, struct machine *m, unsigned phb,
		  const struct sim_dma_req *req, void *buf,
		  struct sim_dma_result *res)
{
	struct api_replay *ar = ctx;
	struct tcesim_dma_req r = { .rid = req->rid, .addr = req->addr,
				    .len = req->len, .dir = req->dir,
				    .arrival = TCESIM_ASAP };
	struct tcesim_dma_result tr;
	int rc;

	if (!ar->tm || !ar->o->dma)
		return machine_dma(m, phb, req, buf, res);
	memset(&tr, 0, sizeof(tr));
	rc = ar->o->dma(ar->o->ctx, ar->tm, phb, &r, buf, &tr);
	if (rc)
		return rc;
	memset(res, 0, sizeof(*res));
	res->status = (enum sim_dma_status)tr.status;
	res->reason = (enum sim_fault_reason)tr.fault;
	res->pe = tr.pe;
	res->pa = tr.pa;
	res->fault_addr = tr.fault_addr;
	res->bytes_done = tr.bytes_done;
	res->walk_levels = (uint8_t)tr.walk_levels;
	res->cache_hit = tr.cache_hit;
	return 0;
}

int tcesim_replay_file(const char *path, const struct tcesim_replay_opts *o)
{
	static const struct tcesim_replay_opts none;
	struct api_replay ar = { .o = o ? o : &none };
	struct machine_config mc;
	struct replay_opts ro;
	struct replay_hooks h;
	struct trace_error te;
	struct trace t;
	char msg[512], dir[4096];
	bool have_cost;
	int rc;

	if (!path)
		return api_fail(-EINVAL, "tcesim_replay_file: NULL path");
	o = ar.o;
	if (trace_load_file(path, &t, &te)) {
		trace_error_format(&te, msg, sizeof(msg));
		fprintf(o->err ? o->err : stderr, "%s\n", msg);
		api_fail(-EINVAL, "%s", msg);
		return REPLAY_INPUT_ERROR;
	}
	if (o->name)
		t.name = o->name;
	if (o->invariants) {
		ar.inv = invariants_create();
		if (!ar.inv) {
			trace_free(&t);
			return api_fail(-ENOMEM, "out of memory");
		}
	}
	{
		struct kc_cost_params cost;

		api_machine_config(o->setup, &mc, &cost, &have_cost);
	}
	memset(&ro, 0, sizeof(ro));
	ro.check = o->check;
	ro.tolerant = o->tolerant;
	ro.quiet = o->quiet;
	ro.progress = o->progress;
	ro.out = o->out ? o->out : stdout;
	ro.err = o->err;
	ro.title = o->title;
	ro.json_path = o->json_path;
	ro.record_path = o->record_path;
	ro.csv_path = o->csv_path;
	ro.epoch_path = o->epoch_path;
	ro.load_path = o->load_path;
	ro.dump_path = o->dump_path;
	ro.dump_at = o->dump_at;
	if (o->name) {
		/* the trace's verbs resolve against its file's folder */
		const char *slash = strrchr(path, '/');

		if (slash) {
			snprintf(dir, sizeof(dir), "%.*s",
				 (int)(slash - path), path);
			ro.trace_dir = dir[0] ? dir : "/";
		}
	}
	ro.config = o->setup ? &o->setup->cfg : NULL;
	ro.timing = mc.timing;
	ro.machine = &mc;
	h = (struct replay_hooks){ .ctx = &ar, .event = on_event,
				   .created = on_created, .dma = on_dma };
	ro.hooks = &h;
	/* replay calls the kernel of its machine directly: hold the lock
	   for the whole run (other machines' kernel calls wait) */
	kc_kernel_lock();
	rc = replay_trace(&t, &ro);
	kc_kernel_unlock();
	api_unwrap(ar.tm);
	invariants_destroy(ar.inv);
	trace_free(&t);
	if (rc)
		api_fail(rc == REPLAY_MISMATCH ? -EDOM : -EINVAL,
			 rc == REPLAY_MISMATCH ? "%s: an expectation failed"
					       : "%s: bad trace or set-up (see the error output)",
			 path);
	return rc;
}
