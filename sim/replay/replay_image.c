// SPDX-License-Identifier: GPL-2.0
/*
 * ELF images and checkpoints in a replay (docs/images.md): the verbs
 * `load path=FILE [addr=paddr|vaddr|auto]` and `dump path=FILE` (paths
 * relative to the trace's folder), the options --load (right after
 * `boot`) and --dump-at N|end, and the replay's own checkpoint note: the
 * report's counters and the firmware scratch page, so that a run resumed
 * from a checkpoint reports what the uncut run does.
 *
 * REPLAY note payload (big-endian): u32 version (1), u32 unit (0), u64
 * operations, DMAs, DMA faults, DMAs refused (frozen), failed
 * expectations, failed ioctls, u64 physical address of the OPAL scratch
 * page.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "replay_internal.h"
#include "tcesim/checkpoint.h"
#include "tcesim/machine_state.h"
#include "tcesim/mem.h"
#include "tcesim/state.h"

#define REPLAY_STATE_VERSION 1

/* ---- the replay's note ------------------------------------------------------ */

static int save_note(struct replay *r, struct sim_state_out *o)
{
	sim_state_put_header(o, REPLAY_STATE_VERSION, 0);
	sim_state_put_u64(o, r->ops);
	sim_state_put_u64(o, r->dmas);
	sim_state_put_u64(o, r->dma_faults);
	sim_state_put_u64(o, r->dma_frozen);
	sim_state_put_u64(o, r->mismatches);
	sim_state_put_u64(o, r->ioctl_errors);
	sim_state_put_u64(o, r->opal_scratch);
	return sim_state_out_status(o);
}

static int on_note(void *arg, uint32_t type, const void *buf, size_t len,
		   bool commit, char *err, size_t errlen)
{
	struct replay *r = arg;
	struct sim_state_in in;
	uint64_t v[7];
	unsigned i;
	int rc;

	if (type != MACHINE_NT_REPLAY)
		return -ENOENT;
	sim_state_in_init(&in, buf, len);
	rc = sim_state_get_header(&in, "replay", REPLAY_STATE_VERSION, NULL,
				  err, errlen);
	if (rc)
		return rc;
	for (i = 0; i < 7; i++)
		v[i] = sim_state_get_u64(&in);
	rc = sim_state_end(&in, "replay", err, errlen);
	if (rc)
		return rc;
	if ((v[6] & 7) || !sim_mem_in_ram(machine_mem(r->m), v[6], 16))
		return sim_state_fail(err, errlen,
				      "replay: scratch page %#" PRIx64 " is not in RAM",
				      v[6]);
	if (!commit)
		return 0;
	/* --load runs inside `boot`, which the engine counts next: that
	   boot stands for the checkpoint's own, already counted */
	r->ops = v[0] && r->op->verb == TV_BOOT ? v[0] - 1 : v[0];
	r->dmas = v[1];
	r->dma_faults = v[2];
	r->dma_frozen = v[3];
	r->mismatches = v[4];
	r->ioctl_errors = v[5];
	r->opal_scratch = v[6];
	r->ckpt_replay_note = true;
	return 0;
}

/* ---- load and dump ------------------------------------------------------------ */

/* path relative to the trace's folder (absolute paths as they are). */
static void trace_relative(struct replay *r, const char *path, char *out,
			   size_t len)
{
	const char *dir = r->o->trace_dir, *slash;
	int n = 0;

	if (path[0] == '/') {
		snprintf(out, len, "%s", path);
		return;
	}
	if (dir) {
		n = snprintf(out, len, "%s/", dir);
	} else if ((slash = strrchr(r->t->name, '/'))) {
		n = snprintf(out, len, "%.*s/", (int)(slash - r->t->name),
			     r->t->name);
	}
	if (n < 0 || (size_t)n >= len)
		n = 0;
	snprintf(out + n, len - (size_t)n, "%s", path);
}

/* Load path into the machine; key is the trace key the error points at
   (-1: the operation). 0, or -1 after an input error. */
static int do_load(struct replay *r, const char *path, enum image_addr addr,
		   int key)
{
	struct checkpoint_load_opts lo = { .addr = addr, .on_note = on_note,
					   .arg = r };
	struct checkpoint_load_result res;
	char err[600];
	int rc;

	r->ckpt_replay_note = false;
	rc = checkpoint_load(r->m, path, &lo, &res, err, sizeof(err));
	if (rc)
		return replay_input_error(r, key, "load: %s", err);
	if (res.restored && r->cfg.phb3_hooks)
		return replay_input_error(r, key,
					  "load: %s is a checkpoint: it restores the PHBs' registers and caches, which the RTL twin (--rtl) cannot follow; replay it without --rtl",
					  path);
	if (res.restored && !r->ckpt_replay_note &&
	    sim_mem_alloc(machine_mem(r->m), 4096, 4096, &r->opal_scratch))
		return replay_input_error(r, key,
					  "load: %s: no room for the OPAL scratch page",
					  path);
	replay_result(r, " -> %s %s: %" PRIu64 " segments, %" PRIu64 " bytes",
		      res.restored ? "restored" : "loaded", path,
		      res.load.segments, res.load.file_bytes);
	if (res.remark[0])
		replay_result(r, " (%s)", res.remark);
	return 0;
}

static int do_dump(struct replay *r, const char *path, int key)
{
	struct image_note note = { .name = IMAGE_NOTE_NAME,
				   .type = MACHINE_NT_REPLAY };
	struct image_write_result wr;
	struct sim_state_out o;
	char err[600];
	int rc;

	if (!r->m)
		return replay_input_error(r, key,
					  "dump: no machine yet (dump after 'boot')");
	sim_state_out_init(&o);
	rc = save_note(r, &o);
	note.desc = o.buf;
	note.size = o.len;
	if (!rc)
		rc = checkpoint_write(r->m, path, &note, 1, &wr, err,
				      sizeof(err));
	else
		snprintf(err, sizeof(err), "%s: out of memory", path);
	sim_state_out_free(&o);
	if (rc)
		return replay_input_error(r, key, "dump: %s", err);
	return 0;
}

int replay_verb_load(struct replay *r)
{
	static const struct replay_word addr[] = {
		{ "auto", IMAGE_ADDR_AUTO }, { "paddr", IMAGE_ADDR_PADDR },
		{ "vaddr", IMAGE_ADDR_VADDR },
	};
	const struct trace_kv *p = replay_required_key(r, TK_PATH);
	const struct trace_kv *a = trace_op_get(r->op, TK_ADDR);
	char path[PATH_MAX];

	if (!p || replay_need_machine(r))
		return -1;
	if (a && !a->str)
		return replay_input_error(r, TK_ADDR,
					  "load: addr= is paddr, vaddr or auto");
	trace_relative(r, p->str, path, sizeof(path));
	return do_load(r, path,
		       (enum image_addr)replay_key_word(r, TK_ADDR, addr, 3,
							IMAGE_ADDR_AUTO),
		       TK_PATH);
}

int replay_verb_dump(struct replay *r)
{
	const struct trace_kv *p = replay_required_key(r, TK_PATH);
	char path[PATH_MAX];

	if (!p || replay_need_machine(r))
		return -1;
	trace_relative(r, p->str, path, sizeof(path));
	if (do_dump(r, path, TK_PATH))
		return -1;
	replay_result(r, " -> written");
	return 0;
}

int replay_load_option(struct replay *r)
{
	if (!r->o->load_path)
		return 0;
	r->load_done = true;
	return do_load(r, r->o->load_path, IMAGE_ADDR_AUTO, -1);
}

int replay_dump_option(struct replay *r, size_t i, bool end)
{
	const struct replay_opts *o = r->o;

	if (end && o->load_path && !r->load_done) {
		fprintf(replay_errf(r), "%s: error: --load %s: the trace has no 'boot' to load it after\n",
			r->t->name, o->load_path);
		r->status = REPLAY_INPUT_ERROR;
		return -1;
	}
	if (!o->dump_path || (end ? o->dump_at != 0 : o->dump_at != i + 1))
		return 0;
	if (!r->m || !r->op) {
		fprintf(replay_errf(r), "%s: error: --dump-at: no machine (dump after 'boot')\n",
			r->t->name);
		r->status = REPLAY_INPUT_ERROR;
		return -1;
	}
	if (do_dump(r, o->dump_path, -1))
		return -1;
	r->dump_written = true;
	if (!o->quiet)
		fprintf(o->out, "  -- checkpoint %s written after operation %zu\n",
			o->dump_path, end ? r->t->nops : i + 1);
	return 0;
}

/* "T: error: --dump-at ...: what" on the error stream; -1. */
static int dump_error(struct replay *r, const char *what, const char *arg)
{
	const struct replay_opts *o = r->o;
	FILE *f = replay_errf(r);

	fprintf(f, "%s: error: --dump-at ", r->t->name);
	if (o->dump_at)
		fprintf(f, "%" PRIu64, o->dump_at);
	else
		fputs("end", f);
	fprintf(f, " %s: ", o->dump_path);
	fprintf(f, what, arg);
	fputc('\n', f);
	return -1;
}

int replay_dump_prepare(struct replay *r)
{
	const struct replay_opts *o = r->o;
	const struct trace *t = r->t;
	const struct trace_op *boot = NULL;
	const struct trace_kv *k;
	size_t b = 0;
	struct stat st;
	int fd;

	if (!o->dump_path)
		return 0;
	if (o->dump_at > t->nops) {
		fprintf(replay_errf(r), "%s: error: --dump-at %" PRIu64 ": the trace has %zu operations\n",
			t->name, o->dump_at, t->nops);
		return -1;
	}
	for (b = 0; b < t->nops && !boot; b++)
		if (t->ops[b].verb == TV_BOOT)
			boot = &t->ops[b];
	/* b: the boot's 1-based position */
	if (!boot || (o->dump_at && o->dump_at < b)) {
		fprintf(replay_errf(r), "%s: error: --dump-at: no machine (dump after 'boot')\n",
			t->name);
		return -1;
	}
	k = trace_op_get(boot, TK_KERNEL);
	if (!k || k->str || k->num) {
		char line[16];

		snprintf(line, sizeof(line), "%u", boot->line);
		return dump_error(r, "the trace boots the kernel (its boot at line %s has no kernel=0): the driver stack's state is not in a checkpoint, only machines booted with kernel=0 can be saved",
				  line);
	}
	if (sim_io_is_std(o->dump_path))
		return dump_error(r, "%sa checkpoint is written at file offsets: give a file, not standard output",
				  "");
	if (!stat(o->dump_path, &st) && !S_ISREG(st.st_mode))
		return dump_error(r, "%snot a regular file (a checkpoint is written at file offsets)",
				  "");
	fd = open(o->dump_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd >= 0) {
		r->dump_created = true;
	} else if (errno == EEXIST) {
		fd = open(o->dump_path, O_WRONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return dump_error(r, "cannot create: %s", strerror(errno));
	close(fd);
	return 0;
}

void replay_dump_finish(struct replay *r)
{
	if (r->dump_created && !r->dump_written)
		unlink(r->o->dump_path);
	r->dump_created = false;
}
