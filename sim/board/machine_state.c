// SPDX-License-Identifier: GPL-2.0
/*
 * The machine's hardware state as parts (tcesim/machine_state.h): which
 * component instance goes in which part, and the two parts that are the
 * machine's own, the configuration and the clock. Every other payload is
 * made and read back by its component (model/, firmware/).
 *
 * CONFIG payload (big-endian): u32 version (1), u32 unit (0), u32
 * platform (0 PHB3, 1 P5IOC2), u32 phbs, u64 ram bytes, u32 page shift,
 * u8 timing, u8 kernel booted (always 0), u32 length + the parameters as
 * text ("section.key=value" lines, numbers; for reading, not restored).
 * CLOCK payload: u32 version (1), u32 unit (0), u64 cycle, u64 IEEE-754
 * bits of the carried fraction of a cycle, u64 clock MHz.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "machine_internal.h"
#include "tcesim/machine_state.h"
#include "tcesim/mem.h"
#include "tcesim/opal.h"
#include "tcesim/state.h"

#define CONFIG_VERSION 1
#define CLOCK_VERSION 1

static int set_err(char *err, size_t len, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return rc;
}

/* ---- the machine's own parts -------------------------------------------- */

static void config_text(const struct machine_config *c, char *buf,
			size_t len)
{
	size_t at = 0;

#define ROW(sec, name, v) \
	if (at < len) \
		at += (size_t)snprintf(buf + at, len - at, "%s.%s=%" PRIu64 "\n", \
				       sec, name, (uint64_t)(v))
	ROW("machine", "platform", c->platform);
	ROW("machine", "phbs", c->nr_phbs);
	ROW("machine", "ram", c->ram_bytes);
	ROW("machine", "page_shift", c->page_shift);
	ROW("machine", "timing", c->timing);
#define PHB_ROW(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	ROW(sec, #name, c->phb3.name);
	PHB3_PARAMS(PHB_ROW)
#undef PHB_ROW
#define TC_ROW(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	ROW(sec, #name, c->phb3.tce_cache.name);
	TCE_CACHE_PARAMS(TC_ROW)
#undef TC_ROW
#define T_ROW(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	ROW(sec, #name, c->timing_params.name);
	TCESIM_TIMING_PARAMS(T_ROW)
#undef T_ROW
#undef ROW
}

static int save_config(struct machine *m, struct sim_state_out *o)
{
	char text[4096];

	config_text(&m->cfg, text, sizeof(text));
	sim_state_put_header(o, CONFIG_VERSION, 0);
	sim_state_put_u32(o, (uint32_t)m->cfg.platform);
	sim_state_put_u32(o, m->cfg.nr_phbs);
	sim_state_put_u64(o, m->cfg.ram_bytes);
	sim_state_put_u32(o, m->cfg.page_shift);
	sim_state_put_u8(o, m->cfg.timing);
	sim_state_put_u8(o, m->booted);
	sim_state_put_u32(o, (uint32_t)strlen(text));
	sim_state_put_bytes(o, text, strlen(text));
	return sim_state_out_status(o);
}

static const char *platform_name(uint32_t p)
{
	return p == MACHINE_PHB3 ? "phb3" : p == MACHINE_P5IOC2 ? "p5ioc2" : "?";
}

/* The configuration against this machine; *timing = checkpoint's mode. */
static int check_config(struct machine *m, const struct machine_state_part *p,
			bool *timing, char *err, size_t errlen)
{
	struct sim_state_in in;
	uint32_t platform, phbs, len;
	uint64_t ram;
	uint8_t kernel;
	int rc;

	sim_state_in_init(&in, p->buf, p->len);
	rc = sim_state_get_header(&in, "configuration", CONFIG_VERSION, NULL,
				  err, errlen);
	if (rc)
		return rc;
	platform = sim_state_get_u32(&in);
	phbs = sim_state_get_u32(&in);
	ram = sim_state_get_u64(&in);
	sim_state_get_u32(&in);
	*timing = sim_state_get_u8(&in);
	kernel = sim_state_get_u8(&in);
	len = sim_state_get_u32(&in);
	if (!sim_state_room(&in, len, 1))
		return sim_state_fail(err, errlen, "configuration: truncated payload");
	in.off += len;
	rc = sim_state_end(&in, "configuration", err, errlen);
	if (rc)
		return rc;
	if (platform != (uint32_t)m->cfg.platform)
		return sim_state_fail(err, errlen,
				      "the checkpoint is of a %s machine, this one is %s (platform)",
				      platform_name(platform),
				      platform_name(m->cfg.platform));
	if (phbs != m->cfg.nr_phbs)
		return sim_state_fail(err, errlen,
				      "the checkpoint has %u PHBs, this machine %u (phbs)",
				      phbs, m->cfg.nr_phbs);
	if (ram != m->cfg.ram_bytes)
		return sim_state_fail(err, errlen,
				      "the checkpoint has %" PRIu64 " MiB of RAM, this machine %" PRIu64 " MiB (ram)",
				      ram >> 20, m->cfg.ram_bytes >> 20);
	if (kernel)
		return sim_state_fail(err, errlen,
				      "the checkpoint was written with the kernel booted (not supported)");
	return 0;
}

static int save_clock(struct machine *m, struct sim_state_out *o)
{
	sim_state_put_header(o, CLOCK_VERSION, 0);
	sim_state_put_u64(o, m->clock.now);
	sim_state_put_double(o, m->clock.frac);
	sim_state_put_u64(o, m->clock.mhz);
	return sim_state_out_status(o);
}

static int restore_clock(struct machine *m, struct sim_state_in *in,
			 bool commit, char *err, size_t errlen)
{
	uint64_t now;
	double frac;
	int rc = sim_state_get_header(in, "clock", CLOCK_VERSION, NULL, err,
				      errlen);

	if (rc)
		return rc;
	now = sim_state_get_u64(in);
	frac = sim_state_get_double(in);
	sim_state_get_u64(in);	/* MHz: this machine's may differ (what-if) */
	rc = sim_state_end(in, "clock", err, errlen);
	if (!rc && !(frac >= 0 && frac < 1))
		rc = sim_state_fail(err, errlen, "clock: fraction %g not in [0, 1)",
				    frac);
	if (rc || !commit)
		return rc;
	m->clock.now = now;
	m->clock.frac = frac;
	/* epochs already past are not reported again */
	if (m->clock.epoch_cycles)
		m->clock.epoch_next = (long)(now / m->clock.epoch_cycles);
	return 0;
}

/*
 * STATS payload: the order in which per-PE timing counters were
 * registered across every timing core (a report lists counters in
 * registration order): u32 version (1), u32 unit (0), u32 n, then n x
 * { u32 timing unit, u16 PE }.
 */
#define STATS_VERSION 1

/* Timing unit and PE of a per-PE counter's name, or false. */
static bool pe_stat_name(const struct machine *m, const char *name,
			 unsigned *unit, unsigned *pe)
{
	int end = 0;

	*unit = 0;
	if (m->cfg.platform == MACHINE_PHB3)
		sscanf(name, "phb3.%u.timing.pe%u.lookups%n", unit, pe, &end);
	else
		sscanf(name, "p5ioc2.timing.pe%u.lookups%n", pe, &end);
	return end > 0 && !name[end];
}

static int save_stats_order(struct machine *m, struct sim_state_out *o)
{
	unsigned unit, pe;
	uint32_t n = 0;
	size_t i;

	for (i = 0; i < m->stats.n; i++)
		n += pe_stat_name(m, m->stats.v[i].name, &unit, &pe);
	sim_state_put_header(o, STATS_VERSION, 0);
	sim_state_put_u32(o, n);
	for (i = 0; i < m->stats.n; i++)
		if (pe_stat_name(m, m->stats.v[i].name, &unit, &pe)) {
			sim_state_put_u32(o, unit);
			sim_state_put_u16(o, (uint16_t)pe);
		}
	return sim_state_out_status(o);
}

static int restore_stats_order(struct machine *m, struct sim_state_in *in,
			       bool commit, char *err, size_t errlen)
{
	uint32_t n, i;
	size_t start;
	int rc = sim_state_get_header(in, "statistics order", STATS_VERSION,
				      NULL, err, errlen);

	if (rc)
		return rc;
	n = sim_state_get_u32(in);
	if (!sim_state_room(in, n, 6))
		return sim_state_fail(err, errlen,
				      "statistics order: %u entries do not fit", n);
	start = in->off;
	for (i = 0; i < n; i++) {
		uint32_t unit = sim_state_get_u32(in);
		uint16_t pe = sim_state_get_u16(in);

		if (unit >= m->cfg.nr_phbs || pe >= FETCH_TIMING_MAX_PES)
			return sim_state_fail(err, errlen,
					      "statistics order: timing unit %u, PE %u",
					      unit, pe);
	}
	rc = sim_state_end(in, "statistics order", err, errlen);
	if (rc || !commit)
		return rc;
	in->off = start;
	for (i = 0; i < n; i++) {
		uint32_t unit = sim_state_get_u32(in);
		uint16_t pe = sim_state_get_u16(in);
		struct fetch_timing *t = machine_timing(m, unit);

		if (t)
			fetch_timing_register_pe(t, pe);
	}
	for (i = 0; i < m->cfg.nr_phbs; i++)
		if (machine_timing(m, i))
			fetch_timing_register_pending(machine_timing(m, i));
	return 0;
}

/* ---- saving -------------------------------------------------------------------- */

static int add_part(struct machine_state *s, uint32_t type,
		    struct sim_state_out *o, int rc)
{
	struct machine_state_part *v;

	if (!rc)
		rc = sim_state_out_status(o);
	if (rc) {
		sim_state_out_free(o);
		return rc;
	}
	v = realloc(s->v, (s->n + 1) * sizeof(*v));
	if (!v) {
		sim_state_out_free(o);
		return -ENOMEM;
	}
	s->v = v;
	s->v[s->n++] = (struct machine_state_part){ type, o->buf, o->len };
	return 0;
}

int machine_state_save(struct machine *m, struct machine_state *s,
		       char *err, size_t errlen)
{
	struct sim_state_out o;
	uint8_t *fw;
	size_t fwlen;
	unsigned i;
	int rc;

	memset(s, 0, sizeof(*s));
	if (m->booted)
		return set_err(err, errlen, -EBUSY,
			       "the kernel (driver stack) is booted: its state is not in a checkpoint, only machines booted with kernel=0 can be saved");
	if (sim_mem_is_backed(m->mem))
		return set_err(err, errlen, -EOPNOTSUPP,
			       "the machine's memory is the embedder's: a checkpoint holds all RAM, which the platform owns");
#define PART(type, call) \
	do { \
		sim_state_out_init(&o); \
		rc = add_part(s, type, &o, call); \
		if (rc) \
			goto fail; \
	} while (0)
	PART(MACHINE_NT_CONFIG, save_config(m, &o));
	PART(MACHINE_NT_CLOCK, save_clock(m, &o));
	PART(MACHINE_NT_STATS, save_stats_order(m, &o));
	PART(MACHINE_NT_MEM, sim_mem_state_save(m->mem, &o));
	rc = opal_state_save(m->fw, &fw, &fwlen);
	if (!rc) {
		o = (struct sim_state_out){ .buf = fw, .len = fwlen,
					    .cap = fwlen };
		rc = add_part(s, MACHINE_NT_FIRMWARE, &o, 0);
	}
	if (rc)
		goto fail;
	for (i = 0; i < m->cfg.nr_phbs && m->phb3[i]; i++)
		PART(MACHINE_NT_PHB3, phb3_state_save(m->phb3[i], &o));
	if (m->hub)
		PART(MACHINE_NT_P5IOC2, p5ioc2_state_save(m->hub, &o));
	for (i = 0; i < m->cfg.nr_phbs; i++)
		if (m->timed[i])
			PART(MACHINE_NT_TIMING,
			     phb3_timed_state_save(m->timed[i], i, &o));
	if (m->hub_timed)
		PART(MACHINE_NT_TIMING,
		     p5ioc2_timed_state_save(m->hub_timed, 0, &o));
#undef PART
	return 0;
fail:
	machine_state_free(s);
	return set_err(err, errlen, rc, "cannot save the machine state: %s",
		       strerror(-rc));
}

void machine_state_free(struct machine_state *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free((void *)s->v[i].buf);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* ---- restoring ------------------------------------------------------------------ */

const char *machine_state_type_name(uint32_t type)
{
	switch (type) {
	case MACHINE_NT_CONFIG: return "config";
	case MACHINE_NT_CLOCK: return "clock";
	case MACHINE_NT_MEM: return "memory";
	case MACHINE_NT_FIRMWARE: return "firmware";
	case MACHINE_NT_STATS: return "statistics order";
	case MACHINE_NT_PHB3: return "phb3";
	case MACHINE_NT_P5IOC2: return "p5ioc2";
	case MACHINE_NT_TIMING: return "timing";
	case MACHINE_NT_REPLAY: return "replay";
	}
	return NULL;
}

/* Unit of a payload (bytes 4..7 of every header). */
static uint32_t unit_of(const struct machine_state_part *p)
{
	struct sim_state_in in;

	sim_state_in_init(&in, p->buf, p->len);
	sim_state_get_u32(&in);
	return sim_state_get_u32(&in);
}

/* The parts by role, every one present once and for this machine. */
struct parts {
	const struct machine_state_part *config, *clock, *mem, *fw, *hub;
	const struct machine_state_part *stats;
	const struct machine_state_part *phb[MACHINE_MAX_PHBS];
	const struct machine_state_part *timing[MACHINE_MAX_PHBS];
};

static int sort_parts(struct machine *m, const struct machine_state_part *v,
		      size_t n, struct parts *ps, bool *ckpt_timing, char *err,
		      size_t errlen)
{
	const struct machine_state_part **slot;
	bool p3 = m->cfg.platform == MACHINE_PHB3;
	char why[400] = "";
	size_t i;
	int rc;

	memset(ps, 0, sizeof(*ps));
	for (i = 0; i < n; i++) {
		const char *name = machine_state_type_name(v[i].type);
		uint32_t unit;

		if (!name || v[i].type == MACHINE_NT_REPLAY)
			return set_err(err, errlen, -EINVAL,
				       "note type %#x is not machine state (written by a newer tcesim?)",
				       v[i].type);
		if (v[i].len < 8)
			return set_err(err, errlen, -EINVAL,
				       "%s: payload of %zu bytes is shorter than its header",
				       name, v[i].len);
		unit = unit_of(&v[i]);
		switch (v[i].type) {
		case MACHINE_NT_CONFIG: slot = &ps->config; break;
		case MACHINE_NT_CLOCK: slot = &ps->clock; break;
		case MACHINE_NT_MEM: slot = &ps->mem; break;
		case MACHINE_NT_FIRMWARE: slot = &ps->fw; break;
		case MACHINE_NT_STATS: slot = &ps->stats; break;
		case MACHINE_NT_P5IOC2: slot = &ps->hub; break;
		case MACHINE_NT_PHB3:
		case MACHINE_NT_TIMING:
			if (unit >= MACHINE_MAX_PHBS)
				return set_err(err, errlen, -EINVAL,
					       "%s state of unit %u: no such unit in any machine",
					       name, unit);
			slot = v[i].type == MACHINE_NT_PHB3 ? &ps->phb[unit]
							    : &ps->timing[unit];
			break;
		default:
			slot = NULL;
			break;
		}
		if (!slot || *slot)
			return set_err(err, errlen, -EINVAL,
				       "%s state (unit %u) given twice", name,
				       unit);
		*slot = &v[i];
	}
	if (!ps->config)
		return set_err(err, errlen, -EINVAL,
			       "no machine configuration in the checkpoint");
	/* the configuration first: its mismatch is the one to report */
	rc = check_config(m, ps->config, ckpt_timing, why, sizeof(why));
	if (rc)
		return set_err(err, errlen, rc, "%s", why);
	if (!ps->clock || !ps->mem || !ps->fw || !ps->stats)
		return set_err(err, errlen, -EINVAL,
			       "the checkpoint lacks the %s state",
			       !ps->clock ? "clock" : !ps->mem ? "memory" :
			       !ps->fw ? "firmware" : "statistics order");
	if (!p3 && !ps->hub)
		return set_err(err, errlen, -EINVAL,
			       "the checkpoint lacks the P5IOC2 state");
	if (p3 && ps->hub)
		return set_err(err, errlen, -EINVAL,
			       "P5IOC2 state in a checkpoint of a PHB3 machine");
	for (i = 0; i < MACHINE_MAX_PHBS; i++) {
		if (p3 && i < m->cfg.nr_phbs && !ps->phb[i])
			return set_err(err, errlen, -EINVAL,
				       "the checkpoint lacks the state of phb3.%zu",
				       i);
		if ((ps->phb[i] && (!p3 || i >= m->cfg.nr_phbs)) ||
		    (ps->timing[i] && (p3 ? i >= m->cfg.nr_phbs : i > 0)))
			return set_err(err, errlen, -EINVAL,
				       "state of unit %zu, which this machine does not have (phbs)",
				       i);
	}
	return 0;
}

/* A component payload checked (commit false) or applied. */
static int one(const struct machine_state_part *p, const char *who,
	       int (*fn)(void *obj, struct sim_state_in *in, bool commit,
			 char *err, size_t errlen),
	       void *obj, bool commit, char *err, size_t errlen)
{
	struct sim_state_in in;
	char why[400] = "";
	int rc;

	sim_state_in_init(&in, p->buf, p->len);
	rc = fn(obj, &in, commit, why, sizeof(why));
	if (rc)
		return set_err(err, errlen, rc, "%s: %s", who,
			       why[0] ? why : strerror(-rc));
	return 0;
}

static int r_mem(void *o, struct sim_state_in *in, bool c, char *e, size_t l)
{
	return sim_mem_state_restore(o, in, c, e, l);
}

static int r_phb3(void *o, struct sim_state_in *in, bool c, char *e, size_t l)
{
	return phb3_state_restore(o, in, c, e, l);
}

static int r_hub(void *o, struct sim_state_in *in, bool c, char *e, size_t l)
{
	return p5ioc2_state_restore(o, in, c, e, l);
}

static int r_timed(void *o, struct sim_state_in *in, bool c, char *e, size_t l)
{
	return phb3_timed_state_restore(o, in, c, e, l);
}

static int r_hub_timed(void *o, struct sim_state_in *in, bool c, char *e,
		       size_t l)
{
	return p5ioc2_timed_state_restore(o, in, c, e, l);
}

static int r_clock(void *o, struct sim_state_in *in, bool c, char *e, size_t l)
{
	return restore_clock(o, in, c, e, l);
}

static int r_stats(void *o, struct sim_state_in *in, bool c, char *e, size_t l)
{
	return restore_stats_order(o, in, c, e, l);
}

/* Every part, checked or applied, in order. */
static int each_part(struct machine *m, const struct parts *ps, bool commit,
		     char *err, size_t errlen)
{
	char who[32];
	unsigned i;
	int rc;

	rc = one(ps->mem, "memory", r_mem, m->mem, commit, err, errlen);
	if (!rc) {
		char why[400] = "";

		rc = opal_state_restore(m->fw, ps->fw->buf, ps->fw->len,
					commit, why, sizeof(why));
		if (rc)
			return set_err(err, errlen, rc, "%s", why);
	}
	rc = rc ?: one(ps->clock, "clock", r_clock, m, commit, err, errlen);
	for (i = 0; !rc && i < m->cfg.nr_phbs && m->phb3[i]; i++) {
		snprintf(who, sizeof(who), "phb3.%u", i);
		rc = one(ps->phb[i], who, r_phb3, m->phb3[i], commit, err,
			 errlen);
	}
	if (!rc && m->hub)
		rc = one(ps->hub, "p5ioc2", r_hub, m->hub, commit, err, errlen);
	for (i = 0; !rc && i < m->cfg.nr_phbs; i++) {
		if (!m->timed[i] || !ps->timing[i])
			continue;
		snprintf(who, sizeof(who), "phb3.%u.timing", i);
		rc = one(ps->timing[i], who, r_timed, m->timed[i], commit, err,
			 errlen);
	}
	if (!rc && m->hub_timed && ps->timing[0])
		rc = one(ps->timing[0], "p5ioc2.timing", r_hub_timed,
			 m->hub_timed, commit, err, errlen);
	/* after the timing cores: registers their per-PE counters */
	if (!rc)
		rc = one(ps->stats, "statistics", r_stats, m, commit, err,
			 errlen);
	return rc;
}

/* Timing state present on one side only: what happens, for the user. */
static void timing_remark(struct machine *m, const struct parts *ps,
			  bool ckpt_timing, bool commit, char *remark,
			  size_t remlen)
{
	unsigned i;

	if (!m->cfg.timing && ckpt_timing) {
		set_err(remark, remlen, 0,
			"the checkpoint's timing state is not used (functional mode)");
		return;
	}
	if (!m->cfg.timing || ckpt_timing)
		return;
	set_err(remark, remlen, 0,
		"a functional checkpoint: the timing cores start idle at the restored clock, their TCE tag copies warmed from the TCE caches, their counters at zero");
	for (i = 0; commit && i < m->cfg.nr_phbs; i++)
		if (m->timed[i] && !ps->timing[i])
			phb3_timed_warm(m->timed[i]);
}

int machine_state_restore(struct machine *m,
			  const struct machine_state_part *parts, size_t n,
			  bool commit, char *err, size_t errlen,
			  char *remark, size_t remlen)
{
	struct parts ps;
	bool ckpt_timing = false;
	int rc;

	if (remark && remlen)
		remark[0] = 0;
	if (m->booted)
		return set_err(err, errlen, -EBUSY,
			       "the kernel (driver stack) is booted: a checkpoint can only be loaded into a machine booted with kernel=0");
	if (sim_mem_is_backed(m->mem))
		return set_err(err, errlen, -EOPNOTSUPP,
			       "the machine's memory is the embedder's: a checkpoint restores all RAM, which the platform owns");
	rc = sort_parts(m, parts, n, &ps, &ckpt_timing, err, errlen);
	rc = rc ?: each_part(m, &ps, false, err, errlen);
	if (rc || !commit) {
		if (!rc)
			timing_remark(m, &ps, ckpt_timing, false, remark,
				      remlen);
		return rc;
	}
	rc = each_part(m, &ps, true, err, errlen);
	if (rc) {
		char why[400];

		snprintf(why, sizeof(why), "%s", err ? err : "");
		return set_err(err, errlen, rc,
			       "restore failed after the checks (the machine is partly restored): %s",
			       why);
	}
	timing_remark(m, &ps, ckpt_timing, true, remark, remlen);
	return 0;
}

/* ---- describing ----------------------------------------------------------------- */

static int describe_config(const void *buf, size_t len, FILE *out)
{
	struct sim_state_in in;
	uint32_t platform, phbs, shift, tlen;
	uint64_t ram;
	uint8_t timing, kernel;

	sim_state_in_init(&in, buf, len);
	if (sim_state_get_header(&in, "", CONFIG_VERSION, NULL, NULL, 0))
		return -EINVAL;
	platform = sim_state_get_u32(&in);
	phbs = sim_state_get_u32(&in);
	ram = sim_state_get_u64(&in);
	shift = sim_state_get_u32(&in);
	timing = sim_state_get_u8(&in);
	kernel = sim_state_get_u8(&in);
	tlen = sim_state_get_u32(&in);
	if (!sim_state_room(&in, tlen, 1))
		return -EINVAL;
	fprintf(out, "config: %s machine, %u PHB(s), %" PRIu64 " MiB RAM, page shift %u, %s mode%s\n",
		platform_name(platform), phbs, ram >> 20, shift,
		timing ? "timing" : "functional",
		kernel ? ", kernel booted" : "");
	fprintf(out, "      parameters: ");
	for (uint32_t i = 0; i < tlen; i++) {
		char c = (char)in.p[in.off + i];

		fputc(c == '\n' ? ' ' : (c >= 32 && c < 127 ? c : '?'), out);
	}
	fputc('\n', out);
	return 0;
}

static int describe_clock(const void *buf, size_t len, FILE *out)
{
	struct sim_state_in in;
	uint64_t now, mhz;

	sim_state_in_init(&in, buf, len);
	if (sim_state_get_header(&in, "", CLOCK_VERSION, NULL, NULL, 0))
		return -EINVAL;
	now = sim_state_get_u64(&in);
	sim_state_get_double(&in);
	mhz = sim_state_get_u64(&in);
	if (in.short_read)
		return -EINVAL;
	fprintf(out, "clock: cycle %" PRIu64 " at %" PRIu64 " MHz\n", now, mhz);
	return 0;
}

static int describe_mem(const void *buf, size_t len, FILE *out)
{
	struct sim_state_in in;
	struct sim_mem_stats st;
	uint64_t ram;
	uint32_t nalloc;

	sim_state_in_init(&in, buf, len);
	if (sim_state_get_header(&in, "", 1, NULL, NULL, 0))
		return -EINVAL;
	ram = sim_state_get_u64(&in);
	if (sim_state_get_counters(&in, "", &st, SIM_STATE_WORDS(st), NULL, 0))
		return -EINVAL;
	sim_state_get_u64(&in);
	nalloc = sim_state_get_u32(&in);
	if (in.short_read)
		return -EINVAL;
	fprintf(out, "memory: %" PRIu64 " MiB, %u blocks allocated (%" PRIu64
		" bytes)\n", ram >> 20, nalloc, st.alloc_bytes);
	return 0;
}

static int describe_firmware(const void *buf, size_t len, FILE *out)
{
	struct sim_state_in in;
	uint32_t n, i;

	sim_state_in_init(&in, buf, len);
	if (sim_state_get_header(&in, "", 1, NULL, NULL, 0))
		return -EINVAL;
	n = sim_state_get_u32(&in);
	if (!sim_state_room(&in, n, 61))
		return -EINVAL;
	fprintf(out, "firmware: %u PHB(s)", n);
	for (i = 0; i < n; i++) {
		uint64_t id = sim_state_get_u64(&in);
		uint32_t type = sim_state_get_u32(&in);
		uint64_t regs = sim_state_get_u64(&in);
		uint64_t rtt = sim_state_get_u64(&in);

		sim_state_get_u64(&in);
		sim_state_get_u64(&in);
		uint8_t ep = sim_state_get_u8(&in);

		sim_state_get_u64(&in);
		sim_state_get_u32(&in);
		sim_state_get_u32(&in);
		fprintf(out, "; %" PRIu64 ": %s at %#" PRIx64, id,
			type ? "P5IOC2" : "PHB3", regs);
		if (rtt)
			fprintf(out, ", RTT %#" PRIx64, rtt);
		if (ep)
			fprintf(out, ", error pending");
	}
	fputc('\n', out);
	return in.short_read ? -EINVAL : 0;
}

static int describe_stats(const void *buf, size_t len, FILE *out)
{
	struct sim_state_in in;
	uint32_t n;

	sim_state_in_init(&in, buf, len);
	if (sim_state_get_header(&in, "", STATS_VERSION, NULL, NULL, 0))
		return -EINVAL;
	n = sim_state_get_u32(&in);
	if (in.short_read)
		return -EINVAL;
	fprintf(out, "statistics order: %u per-PE timing counter sets\n", n);
	return 0;
}

int machine_state_describe(uint32_t type, const void *buf, size_t len,
			   FILE *out)
{
	int rc;

	switch (type) {
	case MACHINE_NT_CONFIG: rc = describe_config(buf, len, out); break;
	case MACHINE_NT_CLOCK: rc = describe_clock(buf, len, out); break;
	case MACHINE_NT_MEM: rc = describe_mem(buf, len, out); break;
	case MACHINE_NT_PHB3: rc = phb3_state_describe(buf, len, out); break;
	case MACHINE_NT_P5IOC2: rc = p5ioc2_state_describe(buf, len, out); break;
	case MACHINE_NT_TIMING: rc = timing_state_describe(buf, len, out); break;
	case MACHINE_NT_FIRMWARE: rc = describe_firmware(buf, len, out); break;
	case MACHINE_NT_STATS: rc = describe_stats(buf, len, out); break;
	default:
		rc = -EINVAL;
		break;
	}
	if (rc)
		fprintf(out, "malformed %s payload\n",
			machine_state_type_name(type) ?: "machine");
	return rc;
}
