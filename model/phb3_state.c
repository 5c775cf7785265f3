// SPDX-License-Identifier: GPL-2.0
/*
 * PHB3 checkpoint state (tcesim/phb3.h, tcesim/state.h). Payload, all
 * big-endian (docs/images.md, note PHB3):
 *
 *   u32 version (1), u32 unit (PHB index)
 *   u32 num_pes
 *   u32 nregs, then nregs x { u32 offset, u64 value }: every row of
 *       phb3_regs.def, in its order
 *   u32 ntables, then per table { u32 tsel, u32 entries, entries x u64 }:
 *       every IODA table the model keeps, by selector (phb3_ioda_storage)
 *   u32 n, n x u64: the counters (PHB3_STATS, PHB3_FAULT_STATS)
 *   u32 len + RTT cache payload (rtt_cache_state_save)
 *   u32 len + TCE cache payload (tce_cache_state_save)
 *
 * Registers and tables the payload does not name keep their reset value
 * (a checkpoint written before a register was modelled still loads).
 */
#include <errno.h>
#include <string.h>

#include "phb3_internal.h"
#include "tcesim/state.h"

#define PHB3_STATE_VERSION 1

int phb3_state_save(struct phb3 *p, struct sim_state_out *o)
{
	unsigned i, tsel, size, n = 0;
	size_t at;
	int rc;

	sim_state_put_header(o, PHB3_STATE_VERSION, p->index);
	sim_state_put_u32(o, p->params.num_pes);
	sim_state_put_u32(o, phb3_reg_count);
	for (i = 0; i < phb3_reg_count; i++) {
		sim_state_put_u32(o, phb3_reg_table[i].offset);
		sim_state_put_u64(o, phb3_reg(p, phb3_reg_table[i].offset));
	}
	for (tsel = 0; tsel < PHB3_IODA_TSELS; tsel++)
		n += phb3_ioda_storage(p, tsel, &size) != NULL;
	sim_state_put_u32(o, n);
	for (tsel = 0; tsel < PHB3_IODA_TSELS; tsel++) {
		const uint64_t *t = phb3_ioda_storage(p, tsel, &size);

		if (!t)
			continue;
		sim_state_put_u32(o, tsel);
		sim_state_put_u32(o, size);
		for (i = 0; i < size; i++)
			sim_state_put_u64(o, t[i]);
	}
	sim_state_put_counters(o, &p->st, SIM_STATE_WORDS(p->st));
	at = sim_state_blob_begin(o);
	rc = rtt_cache_state_save(p->rtc, o);
	sim_state_blob_end(o, at);
	at = sim_state_blob_begin(o);
	rc = rc ?: tce_cache_state_save(p->tc, o);
	sim_state_blob_end(o, at);
	return rc ?: sim_state_out_status(o);
}

/* Registers: each offset a row of phb3_regs.def; applied on commit. */
static int restore_regs(struct phb3 *p, struct sim_state_in *in, bool commit,
			char *err, size_t errlen)
{
	uint32_t n = sim_state_get_u32(in), i;

	if (!sim_state_room(in, n, 12))
		return sim_state_fail(err, errlen,
				      "registers: %u registers do not fit the payload",
				      n);
	for (i = 0; i < n; i++) {
		uint32_t off = sim_state_get_u32(in);
		uint64_t v = sim_state_get_u64(in);

		if (!phb3_reg_find(off))
			return sim_state_fail(err, errlen,
					      "registers: offset %#x is not a register this tcesim models",
					      off);
		if (commit)
			p->regs[off / 8] = v;
	}
	return 0;
}

/* IODA tables: each a table this model keeps, of the same size. */
static int restore_tables(struct phb3 *p, struct sim_state_in *in,
			  bool commit, char *err, size_t errlen)
{
	uint32_t n = sim_state_get_u32(in), k, seen = 0;

	if (!sim_state_room(in, n, 8))
		return sim_state_fail(err, errlen,
				      "IODA tables: %u tables do not fit the payload",
				      n);
	for (k = 0; k < n; k++) {
		uint32_t tsel = sim_state_get_u32(in);
		uint32_t entries = sim_state_get_u32(in), i;
		unsigned size = 0;
		uint64_t *t = tsel < PHB3_IODA_TSELS ?
			      phb3_ioda_storage(p, tsel, &size) : NULL;

		if (in->short_read)
			break;
		if (!t)
			return sim_state_fail(err, errlen,
					      "IODA table %u: not a table this tcesim keeps",
					      tsel);
		if (seen & (1u << tsel))
			return sim_state_fail(err, errlen,
					      "IODA table %u: given twice", tsel);
		seen |= 1u << tsel;
		if (entries != size)
			return sim_state_fail(err, errlen,
					      "IODA table %u: %u entries in the checkpoint, %u in this tcesim",
					      tsel, entries, size);
		if (!sim_state_room(in, entries, 8))
			break;
		for (i = 0; i < entries; i++) {
			uint64_t v = sim_state_get_u64(in);

			if (commit)
				t[i] = v;
		}
	}
	return in->short_read ? sim_state_fail(err, errlen,
					       "IODA tables: truncated") : 0;
}

/* The whole payload, applied only when commit (after the reset). */
static int parse(struct phb3 *p, struct sim_state_in *in, bool commit,
		 char *err, size_t errlen)
{
	struct phb3_stats st;
	struct sim_state_in sub;
	uint32_t pes;
	int rc;

	pes = sim_state_get_u32(in);
	if (!in->short_read && pes != p->params.num_pes)
		return sim_state_fail(err, errlen,
				      "%u PEs in the checkpoint, %u in this machine (num_pes)",
				      pes, p->params.num_pes);
	rc = restore_regs(p, in, commit, err, errlen);
	rc = rc ?: restore_tables(p, in, commit, err, errlen);
	rc = rc ?: sim_state_get_counters(in, "PHB3", &st,
					  SIM_STATE_WORDS(st), err, errlen);
	if (rc)
		return rc;
	if (!sim_state_get_blob(in, &sub))
		return sim_state_fail(err, errlen, "RTT cache: truncated");
	rc = rtt_cache_state_restore(p->rtc, &sub, commit, err, errlen);
	if (rc)
		return rc;
	if (!sim_state_get_blob(in, &sub))
		return sim_state_fail(err, errlen, "TCE cache: truncated");
	rc = tce_cache_state_restore(p->tc, &sub, commit, err, errlen);
	if (rc)
		return rc;
	rc = sim_state_end(in, "PHB3", err, errlen);
	if (!rc && commit)
		p->st = st;
	return rc;
}

int phb3_state_restore(struct phb3 *p, struct sim_state_in *in, bool commit,
		       char *err, size_t errlen)
{
	size_t start;
	int rc = sim_state_get_header(in, "PHB3", PHB3_STATE_VERSION, NULL,
				      err, errlen);

	if (rc)
		return rc;
	start = in->off;
	rc = parse(p, in, false, err, errlen);
	if (rc || !commit)
		return rc;
	/* everything fits: reset, then apply (what the payload does not
	   name keeps its reset value) */
	phb3_regs_reset(p);
	in->off = start;
	rc = parse(p, in, true, err, errlen);
	phb3_ioda_sync(p);
	return rc;
}

int phb3_state_describe(const void *buf, size_t len, FILE *out)
{
	struct sim_state_in in, sub;
	uint32_t n, k, unit;

	sim_state_in_init(&in, buf, len);
	if (sim_state_get_header(&in, "PHB3", PHB3_STATE_VERSION, &unit,
				 NULL, 0))
		return -EINVAL;
	fprintf(out, "phb3.%u: %u PEs", unit, sim_state_get_u32(&in));
	n = sim_state_get_u32(&in);
	if (!sim_state_room(&in, n, 12))
		return -EINVAL;
	fprintf(out, ", %u registers:", n);
	for (k = 0; k < n; k++) {
		uint32_t off = sim_state_get_u32(&in);
		uint64_t v = sim_state_get_u64(&in);
		const struct phb3_reg_desc *r = phb3_reg_find(off);

		if (v)
			fprintf(out, " %s=%#llx", r ? r->name : "?",
				(unsigned long long)v);
	}
	n = sim_state_get_u32(&in);
	if (!sim_state_room(&in, n, 8))
		return -EINVAL;
	fprintf(out, "\n      IODA tables:");
	for (k = 0; k < n; k++) {
		uint32_t tsel = sim_state_get_u32(&in);
		uint32_t entries = sim_state_get_u32(&in), i, nz = 0;

		if (!sim_state_room(&in, entries, 8))
			return -EINVAL;
		for (i = 0; i < entries; i++)
			nz += sim_state_get_u64(&in) != 0;
		fprintf(out, " tsel %u: %u entries (%u set)%s", tsel, entries,
			nz, k + 1 < n ? ";" : "");
	}
	n = sim_state_get_u32(&in);
	if (!sim_state_room(&in, n, 8))
		return -EINVAL;
	in.off += (size_t)n * 8;
	if (!sim_state_get_blob(&in, &sub))
		return -EINVAL;
	if (!sim_state_get_blob(&in, &sub))
		return -EINVAL;
	fprintf(out, "\n      ");
	if (tce_cache_state_describe(sub.p, sub.len, out))
		return -EINVAL;
	fputc('\n', out);
	return in.short_read ? -EINVAL : 0;
}
