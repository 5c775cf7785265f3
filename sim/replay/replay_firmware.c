// SPDX-License-Identifier: GPL-2.0
/*
 * Replay verbs below the kernel: OPAL calls as the firmware's callers
 * make them, PHB register accesses over MMIO, and `expect` (kernel
 * counters, statistics, a PE's freeze state read through OPAL).
 */
#include <inttypes.h>
#include <string.h>

#include "kc/host.h"
#include "replay_internal.h"
#include "tcesim/mem.h"
#include "tcesim/mmio.h"
#include "tcesim/opal.h"

/* PHB3 register names, from the model's one register list. */
static const struct {
	const char *name;
	uint64_t off;
} phb3_regs[] = {
#define PHB3_REG(name, off, reset, wmask, kind, src, desc) { #name, off },
#include "tcesim/phb3_regs.def"
#undef PHB3_REG
};

/* ---- OPAL calls ------------------------------------------------------------------ */

/* What every OPAL call of the `opal` verb gets. */
struct opal_call {
	struct replay *r;
	struct opal *fw;
	uint64_t phb, pe, token;
};

/* The PE's freeze state through OPAL, read back from the scratch page. */
static uint8_t freeze_state(struct replay *r, uint64_t phb, uint64_t pe,
			    int64_t *rc)
{
	uint8_t state = 0;
	int64_t ret;

	sim_mem_fill(machine_mem(r->m), r->opal_scratch, 0, 16);
	ret = opal_pci_eeh_freeze_status(machine_firmware(r->m), phb, pe,
					 r->opal_scratch, r->opal_scratch + 8, 0);
	if (rc)
		*rc = ret;
	sim_mem_read(machine_mem(r->m), r->opal_scratch, &state, 1);
	return state;
}

static int64_t call_set_pe(const struct opal_call *c)
{
	static const struct replay_word action[] = { { "unmap", 0 }, { "map", 1 } };
	struct replay *r = c->r;

	return opal_pci_set_pe(c->fw, c->phb, c->pe, replay_key_num(r, TK_BDFN, 0),
			       replay_key_num(r, TK_BCMP, 7),
			       replay_key_num(r, TK_DCMP, 1),
			       replay_key_num(r, TK_FCMP, 1),
			       replay_key_word(r, TK_ACTION, action, 2, 1));
}

static int64_t call_map_window(const struct opal_call *c)
{
	struct replay *r = c->r;

	return opal_pci_map_pe_dma_window(c->fw, c->phb, c->pe,
					  replay_key_num(r, TK_WINDOW, c->pe * 2),
					  replay_key_num(r, TK_LEVELS, 1),
					  replay_key_num(r, TK_TABLE, 0),
					  replay_key_num(r, TK_TABLE_SIZE, 0),
					  replay_key_num(r, TK_PAGE_SIZE, 4096));
}

static int64_t call_map_window_real(const struct opal_call *c)
{
	struct replay *r = c->r;

	return opal_pci_map_pe_dma_window_real(c->fw, c->phb, c->pe,
					       replay_key_num(r, TK_WINDOW, c->pe * 2),
					       replay_key_num(r, TK_START, 0),
					       replay_key_num(r, TK_SIZE, 0));
}

static int64_t call_freeze_status(const struct opal_call *c)
{
	int64_t rc;
	uint8_t state = freeze_state(c->r, c->phb, c->pe, &rc);

	replay_result(c->r, " state=%u", state);
	replay_expect_num(c->r, TK_X_STATE, state);
	return rc;
}

static int64_t call_freeze_clear(const struct opal_call *c)
{
	return opal_pci_eeh_freeze_clear(c->fw, c->phb, c->pe, c->token);
}

static int64_t call_freeze_set(const struct opal_call *c)
{
	return opal_pci_eeh_freeze_set(c->fw, c->phb, c->pe, c->token);
}

static int64_t call_set_peltv(const struct opal_call *c)
{
	static const struct replay_word action[] = { { "remove", 0 }, { "add", 1 } };
	struct replay *r = c->r;

	return opal_pci_set_peltv(c->fw, c->phb, replay_key_num(r, TK_PARENT_PE, 0),
				  replay_key_num(r, TK_CHILD_PE, 0),
				  replay_key_word(r, TK_ACTION, action, 2, 1));
}

static int64_t call_hub_tce_memory(const struct opal_call *c)
{
	struct replay *r = c->r;

	return opal_pci_set_hub_tce_memory(c->fw, replay_key_num(r, TK_HUB, 0),
					   replay_key_num(r, TK_ADDR, 0),
					   replay_key_num(r, TK_SIZE, 0));
}

static int64_t call_phb_tce_memory(const struct opal_call *c)
{
	struct replay *r = c->r;

	return opal_pci_set_phb_tce_memory(c->fw, c->phb,
					   replay_key_num(r, TK_ADDR, 0),
					   replay_key_num(r, TK_SIZE, 0));
}

static int64_t call_pci_reset(const struct opal_call *c)
{
	static const struct replay_word scope[] = {
		{ "phb_complete", 1 }, { "pci_link", 2 }, { "phb_error", 3 },
		{ "pci_hot", 4 }, { "pci_fundamental", 5 }, { "ioda_table", 6 },
	};
	struct replay *r = c->r;

	return opal_pci_reset(c->fw, c->phb,
			      replay_key_word(r, TK_SCOPE, scope, 6, 6),
			      replay_key_num(r, TK_ASSERT, 0));
}

static int64_t call_tce_kill(const struct opal_call *c)
{
	static const struct replay_word type[] = {
		{ "pages", 0 }, { "pe", 1 }, { "all", 2 },
	};
	struct replay *r = c->r;

	return opal_pci_tce_kill(c->fw, c->phb,
				 replay_key_word(r, TK_TYPE, type, 3, 2), c->pe,
				 replay_key_num(r, TK_TCE_SIZE, 4096),
				 replay_key_num(r, TK_ADDR, 0),
				 replay_key_num(r, TK_NPAGES, 1));
}

/* The OPAL calls a trace can make (docs/trace-format.md). */
static const struct {
	const char *name;
	int64_t (*call)(const struct opal_call *c);
} opal_calls[] = {
	{ "set_pe", call_set_pe },
	{ "map_pe_dma_window", call_map_window },
	{ "map_pe_dma_window_real", call_map_window_real },
	{ "eeh_freeze_status", call_freeze_status },
	{ "eeh_freeze_clear", call_freeze_clear },
	{ "eeh_freeze_set", call_freeze_set },
	{ "set_peltv", call_set_peltv },
	{ "set_hub_tce_memory", call_hub_tce_memory },
	{ "set_phb_tce_memory", call_phb_tce_memory },
	{ "pci_reset", call_pci_reset },
	{ "tce_kill", call_tce_kill },
};

/* OPAL return codes 0..-7 by name (expect.opal=). */
static const char *const opal_rc_names[] = {
	"success", "parameter", "busy", "?", "?", "?", "hardware", "unsupported",
};

/* expect.opal= by name, or by number. */
static void expect_opal_rc(struct replay *r, int64_t rc)
{
	const struct trace_kv *x = trace_op_get(r->op, TK_X_OPAL);
	int64_t want = 0;

	if (!x || !x->str) {
		replay_expect_num(r, TK_X_OPAL, rc);
		return;
	}
	for (int i = 0; i < 8; i++)
		if (!strcmp(opal_rc_names[i], x->str))
			want = -i;
	if (want != rc) {
		fprintf(r->o->out, "%s:%u: expectation failed: expect.opal=%s, got %" PRId64 "\n",
			r->t->name, r->op->line, x->str, rc);
		replay_mismatch(r);
	}
	if (r->rop)
		trace_op_num(&r->rec, r->rop, TK_X_OPAL, rc);
}

int replay_verb_opal(struct replay *r)
{
	static const struct replay_word token[] = {
		{ "mmio", 1 }, { "dma", 2 }, { "all", 3 },
	};
	const struct trace_kv *n = replay_required_key(r, TK_NAME);
	struct opal_call c = { .r = r };
	size_t i;

	if (!n || replay_need_machine(r))
		return -1;
	c.fw = machine_firmware(r->m);
	unsigned phbi = (unsigned)replay_key_num(r, TK_PHB, 0);
	if (phbi >= r->cfg.nr_phbs)
		return replay_input_error(r, TK_PHB, "phb=%u but the machine has %u",
					  phbi, r->cfg.nr_phbs);
	c.phb = machine_phb_opal_id(r->m, phbi);
	c.pe = replay_key_num(r, TK_PE, 0);
	c.token = replay_key_word(r, TK_TOKEN, token, 3, 3);
	for (i = 0; i < sizeof(opal_calls) / sizeof(opal_calls[0]); i++)
		if (!strcmp(n->str, opal_calls[i].name))
			break;
	if (i == sizeof(opal_calls) / sizeof(opal_calls[0]))
		return replay_input_error(r, TK_NAME, "unknown OPAL call '%s' (see docs/trace-format.md)",
					  n->str);
	int64_t rc = opal_calls[i].call(&c);
	replay_result(r, " -> %s", rc <= 0 && rc >= -7 ? opal_rc_names[-rc] : "?");
	expect_opal_rc(r, rc);
	return 0;
}

/* ---- registers ------------------------------------------------------------------ */

/* reg= as a PHB3 register name or an offset; 0 or -1 (input error). */
static int reg_offset(struct replay *r, const struct trace_kv *reg, uint64_t *off)
{
	if (reg->str) {
		size_t i, n = sizeof(phb3_regs) / sizeof(phb3_regs[0]);
		for (i = 0; i < n && strcmp(phb3_regs[i].name, reg->str); i++)
			;
		if (i == n)
			return replay_input_error(r, TK_REG, "unknown register '%s' (names of model/include/tcesim/phb3_regs.def, or an offset)",
						  reg->str);
		*off = phb3_regs[i].off;
	} else {
		*off = reg->num;
	}
	if (*off & 7 || *off >= 0x1000)
		return replay_input_error(r, TK_REG, "register offset must be 8-byte aligned, < 0x1000");
	return 0;
}

int replay_verb_reg(struct replay *r)
{
	const struct trace_kv *reg = replay_required_key(r, TK_REG);
	uint64_t off = 0, v = 0;

	if (!reg || replay_need_machine(r))
		return -1;
	unsigned phb = (unsigned)replay_key_num(r, TK_PHB, 0);
	if (phb >= r->cfg.nr_phbs)
		return replay_input_error(r, TK_PHB, "phb=%u but the machine has %u",
					  phb, r->cfg.nr_phbs);
	if (reg_offset(r, reg, &off))
		return -1;
	uint64_t pa = machine_phb_regs(r->m, phb) + off;
	if (r->op->verb == TV_REG_WRITE) {
		const struct trace_kv *val = replay_required_key(r, TK_VALUE);
		if (!val)
			return -1;
		replay_expect_ret(r, sim_mmio_write(machine_bus(r->m), pa, 8, val->num));
		return 0;
	}
	int e = sim_mmio_read(machine_bus(r->m), pa, 8, &v);
	replay_expect_ret(r, e);
	replay_result(r, " value=0x%" PRIx64, v);
	replay_expect_num(r, TK_X_VALUE, (int64_t)v);
	return 0;
}

/* ---- expect ------------------------------------------------------------------------ */

/* locked_vm= pinned= warns= (need the kernel). */
static int expect_kernel(struct replay *r)
{
	const struct trace_op *op = r->op;
	struct kc_counters c;

	if (!r->booted) {
		if (trace_op_get(op, TK_LOCKED_VM) || trace_op_get(op, TK_PINNED) ||
		    trace_op_get(op, TK_WARNS))
			return replay_input_error(r, -1, "locked_vm/pinned/warns need the kernel (boot kernel=1)");
		return 0;
	}
	kc_get_counters(&c);
	struct proc *p = replay_cur_proc(r);
	if (trace_op_get(op, TK_LOCKED_VM)) {
		if (!p)
			return replay_input_error(r, TK_LOCKED_VM, "no current process");
		int64_t lv = kc_proc_locked_vm(p->pid);
		replay_result(r, " locked_vm=%" PRId64, lv);
		replay_expect_num(r, TK_LOCKED_VM, lv);
	}
	if (trace_op_get(op, TK_PINNED)) {
		replay_result(r, " pinned=%" PRIu64, c.pinned_pages);
		replay_expect_num(r, TK_PINNED, (int64_t)c.pinned_pages);
	}
	if (trace_op_get(op, TK_WARNS)) {
		replay_result(r, " warns=%" PRIu64, c.warn_count);
		replay_expect_num(r, TK_WARNS, (int64_t)c.warn_count);
	}
	return 0;
}

int replay_verb_expect(struct replay *r)
{
	const struct trace_op *op = r->op;

	if (trace_op_get(op, TK_STAT) && !trace_op_get(op, TK_VALUE))
		return replay_input_error(r, TK_STAT, "'expect stat=' needs value=");
	if (!trace_op_get(op, TK_STAT) && trace_op_get(op, TK_VALUE))
		return replay_input_error(r, TK_VALUE, "'expect value=' needs stat=NAME");
	if (!trace_op_get(op, TK_LOCKED_VM) && !trace_op_get(op, TK_PINNED) &&
	    !trace_op_get(op, TK_WARNS) && !trace_op_get(op, TK_FROZEN) &&
	    !trace_op_get(op, TK_VALUE))
		return replay_input_error(r, -1, "'expect' checks nothing: give locked_vm=, pinned=, warns=, stat=NAME value=N or phb= pe= frozen=");
	if (replay_need_machine(r) || expect_kernel(r))
		return -1;
	const struct trace_kv *s = trace_op_get(op, TK_STAT);
	if (s) {
		const struct sim_stat *st = sim_stats_find(machine_stats(r->m), s->str);
		if (!st)
			return replay_input_error(r, TK_STAT, "no statistic named '%s'", s->str);
		int64_t v = (int64_t)sim_stat_value(st);
		replay_result(r, " %s=%" PRId64, s->str, v);
		replay_expect_num(r, TK_VALUE, v);
	}
	if (trace_op_get(op, TK_FROZEN)) {
		unsigned phbi = (unsigned)replay_key_num(r, TK_PHB, 0);
		if (phbi >= r->cfg.nr_phbs)
			return replay_input_error(r, TK_PHB, "no such PHB");
		uint8_t state = freeze_state(r, machine_phb_opal_id(r->m, phbi),
					     replay_key_num(r, TK_PE, 0), NULL);
		replay_result(r, " frozen=%u", state);
		replay_expect_num(r, TK_FROZEN, state);
	}
	return 0;
}
