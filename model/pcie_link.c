// SPDX-License-Identifier: GPL-2.0
/*
 * The PCIe link and the PHB's DMA path to memory as a timeline (API and
 * the model in tcesim/pcie_link.h; formulas in docs/pcie-link.md).
 *
 * Resources and their order:
 *   device tags -> PHB credits -> upstream wire (FIFO)
 *   -> at the PHB, after the translation: memory path (writes drain,
 *      reads fetch) -> device completion credits -> downstream wire.
 * The memory path and the downstream wire serve work in the order it
 * becomes ready, not in call order: a request whose translation ends late
 * leaves an idle gap that later, faster requests fill ("backfill").
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "pcie_link_internal.h"

/* ---- parameters ---- */

void pcie_link_params_default(struct pcie_link_params *p)
{
#define PCIE_LINK_DEF(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	p->name = (def);
	TCESIM_LINK_PARAMS(PCIE_LINK_DEF)
#undef PCIE_LINK_DEF
}

static bool pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* Completion payload size: MPS, or one RCB. */
static uint64_t cpl_bytes(const struct pcie_link_params *p)
{
	return p->cpl_split == PCIE_LINK_CPL_RCB ? p->rcb : p->mps;
}

const char *pcie_link_params_problem(const struct pcie_link_params *p)
{
	if (!p)
		return "no link parameters";
#define PCIE_LINK_RANGE(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	if (!sim_param_in_range(p->name, (mn), (mx))) \
		return sec "." #name " must be in " #mn ".." #mx;
	TCESIM_LINK_PARAMS(PCIE_LINK_RANGE)
#undef PCIE_LINK_RANGE
	if (!pow2(p->width))
		return "link.width must be 1, 2, 4, 8, 16 or 32";
	if (!pow2(p->mps))
		return "link.mps must be 128, 256, 512, 1024, 2048 or 4096";
	if (!pow2(p->mrrs))
		return "link.mrrs must be 128, 256, 512, 1024, 2048 or 4096";
	if (p->rcb != 64 && p->rcb != 128)
		return "link.rcb must be 64 or 128";
	if (p->pd_credits && p->pd_credits < p->mps / 16)
		return "link.pd_credits must be 0 (infinite) or hold one MPS-sized write (mps / 16)";
	if (p->cpld_credits && p->cpld_credits < cpl_bytes(p) / 16)
		return "link.cpld_credits must be 0 (infinite) or hold one completion (mps or rcb / 16)";
	return NULL;
}

int pcie_link_params_check(const struct pcie_link_params *p)
{
	return pcie_link_params_problem(p) ? -EINVAL : 0;
}

/*
 * Symbols between two ACK DLLPs (and two UpdateFC DLLPs) by generation
 * (1, 2, 3 and up), width (x1 .. x32) and MPS (128 .. 4096): the PCIe
 * Base Specification's Ack transmission latency limits, as the pcie-bench
 * model tabulates them (Gen4 and Gen5 use the Gen3 values there too).
 */
static const uint16_t ack_table[3][6][6] = {
	{ /* Gen1 */
		{ 237, 416, 559, 1071, 2095, 4143 },
		{ 128, 217, 289, 545, 1057, 2081 },
		{ 73, 118, 154, 282, 538, 1050 },
		{ 67, 107, 86, 150, 278, 534 },
		{ 48, 72, 86, 150, 278, 534 },
		{ 33, 45, 52, 84, 148, 276 },
	},
	{ /* Gen2 */
		{ 288, 467, 610, 1122, 2146, 4194 },
		{ 179, 268, 340, 596, 1108, 2132 },
		{ 124, 169, 205, 333, 589, 1101 },
		{ 118, 158, 137, 201, 329, 585 },
		{ 99, 123, 137, 201, 329, 585 },
		{ 84, 96, 103, 135, 199, 237 },
	},
	{ /* Gen3, Gen4, Gen5 */
		{ 333, 512, 655, 1167, 2191, 4239 },
		{ 224, 313, 385, 641, 1153, 2177 },
		{ 169, 214, 250, 378, 634, 1146 },
		{ 163, 203, 182, 246, 374, 630 },
		{ 144, 168, 182, 246, 374, 630 },
		{ 129, 141, 148, 180, 244, 372 },
	},
};

static unsigned log2u(uint64_t v)
{
	unsigned n = 0;

	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

unsigned pcie_link_ack_limit(const struct pcie_link_params *p)
{
	if (pcie_link_params_problem(p))
		return 0;
	return ack_table[p->gen >= 3 ? 2 : p->gen - 1][log2u(p->width)]
			[log2u(p->mps) - 7];
}

/* Transfers per second in MT/s, and the line code num/den. */
static uint64_t gen_mts(uint64_t gen)
{
	static const uint64_t mts[6] = { 0, 2500, 5000, 8000, 16000, 32000 };

	return mts[gen];
}

static void encoding(uint64_t gen, uint64_t *num, uint64_t *den)
{
	*num = gen <= 2 ? 8 : 128;
	*den = gen <= 2 ? 10 : 130;
}

double pcie_link_raw_gbps(const struct pcie_link_params *p)
{
	uint64_t en, ed;

	if (pcie_link_params_problem(p))
		return 0.0;
	encoding(p->gen, &en, &ed);
	return (double)gen_mts(p->gen) * 1e-3 * (double)en / (double)ed *
	       (double)p->width;
}

/*
 * Share of the wire left for TLPs: 1 - 8/A - 8/A - 4/1538 with A the ACK
 * (= UpdateFC) interval, i.e. (1534 A - 24608) / (1538 A).
 */
#define SKIP_INTERVAL 1538
#define SKIP_BYTES 4
#define DLLP_BYTES 8
static uint64_t tlp_share_num(uint64_t a)
{
	return (SKIP_INTERVAL - SKIP_BYTES) * a -
	       2 * DLLP_BYTES * SKIP_INTERVAL;
}

double pcie_link_tlp_gbps(const struct pcie_link_params *p)
{
	uint64_t a = pcie_link_ack_limit(p);

	if (!a)
		return 0.0;
	return pcie_link_raw_gbps(p) * (double)tlp_share_num(a) /
	       (double)(SKIP_INTERVAL * a);
}

/* ---- exact times: cycles + rem / den ---- */

static inline uint64_t rt_ceil(struct rtime x)
{
	return x.t + (x.rem != 0);
}

static inline void rt_add(struct rtime *x, struct cost c, uint64_t den)
{
	x->t += c.q;
	x->rem += c.r;
	if (x->rem >= den) {
		x->rem -= den;
		x->t++;
	}
}

/* x is free at cycle t or earlier */
static inline bool rt_free_by(struct rtime x, uint64_t t)
{
	return t > x.t || (t == x.t && !x.rem);
}

static uint64_t gcd(uint64_t a, uint64_t b)
{
	while (b) {
		uint64_t t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* ---- a serial resource that fills idle gaps (memory path, downstream) ---- */

/* Forget gaps no future work can use (they end by the horizon). */
static void gaps_prune(struct book *b, uint64_t horizon)
{
	while (b->n && b->g[b->h].e <= horizon) {
		b->h++;
		b->n--;
	}
	if (!b->n)
		b->h = 0;
}

/* Make room for one more gap at the end of the window. */
static void gaps_room(struct book *b, uint64_t horizon, uint64_t *drops)
{
	if (b->n == GAPS) {
		gaps_prune(b, horizon);
		if (b->n == GAPS) {
			b->h++;		/* drop the oldest */
			b->n--;
			(*drops)++;
		}
	}
	if (b->h + b->n == 2 * GAPS) {
		memmove(b->g, b->g + b->h, b->n * sizeof(b->g[0]));
		b->h = 0;
	}
}

/*
 * Take c of the resource, starting no earlier than ready: in the first
 * idle gap that holds it (whole cycles), else at the tail. *start is the
 * (whole) cycle it starts, *filled whether it went into a gap; returns
 * the exact end.
 */
static struct rtime book_take(struct book *b, uint64_t ready, struct cost c,
			      uint64_t horizon, uint64_t *start, bool *filled,
			      uint64_t *drops)
{
	struct rtime e;
	unsigned i;

	rt_add(&b->busy, c, b->den);
	*filled = false;
	if (rt_free_by(b->tail, ready)) {
		uint64_t tc = rt_ceil(b->tail);

		if (ready > tc) {
			gaps_room(b, horizon, drops);
			b->g[b->h + b->n++] = (struct gap){ tc, ready };
		}
		*start = ready;
		b->tail.t = ready + c.q;
		b->tail.rem = c.r;
		return b->tail;
	}
	if (b->n) {
		uint64_t need = c.q + (c.r != 0);

		gaps_prune(b, horizon);
		/* gaps ending before ready + need cannot hold it: start at
		   the first that does not (work is mostly recent: a short
		   walk back from the newest gap) */
		i = b->h + b->n;
		while (i > b->h && b->g[i - 1].e >= ready + need)
			i--;
		for (; i < b->h + b->n; i++) {
			struct gap *g = &b->g[i];
			uint64_t s = g->s > ready ? g->s : ready;

			if (s >= g->e || g->e - s < need)
				continue;
			*start = s;
			*filled = true;
			e.t = s + c.q;
			e.rem = c.r;
			if (s == g->s && s + need == g->e) {
				memmove(g, g + 1, (b->h + b->n - i - 1) *
						  sizeof(*g));
				b->n--;
			} else if (s == g->s) {
				g->s = s + need;
			} else if (s + need == g->e) {
				g->e = s;
			} else {
				/* split: [g->s, s) and [s + need, g->e) */
				struct gap right = { s + need, g->e };
				unsigned k = i - b->h;

				g->e = s;
				gaps_room(b, horizon, drops);
				/* the window may have moved: find g again */
				k = k + 1 > b->n ? b->n : k + 1;
				while (k > 0 && b->g[b->h + k - 1].s > right.s)
					k--;
				memmove(b->g + b->h + k + 1, b->g + b->h + k,
					(b->n - k) * sizeof(b->g[0]));
				b->g[b->h + k] = right;
				b->n++;
			}
			return e;
		}
	}
	*start = rt_ceil(b->tail);
	rt_add(&b->tail, c, b->den);
	return b->tail;
}

/*
 * ---- credits ----
 * Taken when a TLP is sent, back at the sender at their release cycle
 * (the receiver freed the buffer, plus the UpdateFC's flight), in any
 * order. Records are kept in a ring sorted by release (they come nearly
 * in order: inserted by a short walk back from the end), so the earliest
 * is at the head.
 */

static int cpool_init(struct cpool *p, uint64_t h, uint64_t d)
{
	memset(p, 0, sizeof(*p));
	p->inf_h = !h;
	p->inf_d = !d;
	p->on = h || d;
	p->free_h = h;
	p->free_d = d;
	if (!p->on)
		return 0;
	/* every record holds >= 1 of a finite header class, else >= 1 data */
	p->cap = (unsigned)(h ? h : d);
	p->r = calloc(p->cap, sizeof(*p->r));
	return p->r ? 0 : -ENOMEM;
}

/* Earliest cycle >= t at which h header and d data credits are free;
   takes them. */
static uint64_t cpool_take(struct cpool *p, uint32_t h, uint32_t d,
			   uint64_t t)
{
	if (!p->on)
		return t;
	if (p->inf_h)
		h = 0;
	if (p->inf_d)
		d = 0;
	while (p->n) {
		struct crec *c = &p->r[p->head];

		if (c->rel > t) {
			if (p->free_h >= h && p->free_d >= d)
				break;
			t = c->rel;
		}
		p->free_h += c->h;
		p->free_d += c->d;
		p->head = p->head + 1 == p->cap ? 0 : p->head + 1;
		p->n--;
	}
	p->free_h -= h;
	p->free_d -= d;
	return t;
}

static void cpool_give(struct cpool *p, uint64_t rel, uint32_t h, uint32_t d)
{
	unsigned i, k;

	if (!p->on)
		return;
	if (p->inf_h)
		h = 0;
	if (p->inf_d)
		d = 0;
	if (!h && !d)
		return;
	k = p->n++;
	i = p->head + k >= p->cap ? p->head + k - p->cap : p->head + k;
	while (k) {
		unsigned prev = i ? i - 1 : p->cap - 1;

		if (p->r[prev].rel <= rel)
			break;
		p->r[i] = p->r[prev];
		i = prev;
		k--;
	}
	p->r[i] = (struct crec){ rel, h, d };
}

/* ---- the link ---- */

const struct pcie_link_params *pcie_link_get_params(const struct pcie_link *l)
{
	return &l->p;
}

const struct pcie_link_stats *pcie_link_get_stats(const struct pcie_link *l)
{
	return &l->st;
}

static struct cost *cost_table(unsigned dws, uint64_t over, uint64_t num,
			       uint64_t den)
{
	struct cost *c = calloc(dws + 1, sizeof(*c));
	unsigned i;

	if (!c)
		return NULL;
	for (i = 0; i <= dws; i++) {
		uint64_t w = (over + 4ull * i) * num;

		c[i].q = w / den;
		c[i].r = w % den;
	}
	return c;
}

void pcie_link_destroy(struct pcie_link *l)
{
	if (!l)
		return;
	free(l->c_mwr);
	free(l->c_cpl);
	free(l->c_mem);
	free(l->posted.r);
	free(l->nonposted.r);
	free(l->cpl.r);
	free(l->tag);
	free(l);
}

struct pcie_link *pcie_link_create(const struct pcie_link_params *p,
				   uint64_t clock_mhz)
{
	struct pcie_link *l;
	uint64_t en, ed, a, num, den, g, dig, mem_dws;

	if (pcie_link_params_problem(p) || !clock_mhz || clock_mhz > 100000)
		return NULL;
	l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->p = *p;
	l->clock_mhz = clock_mhz;
	l->cpl_bytes = cpl_bytes(p);

	/*
	 * cycles per wire byte = clock x 8 / raw rate / TLP share
	 *   = clock_MHz x 8 x ed x 1538 A / (MT/s x en x lanes x (1534 A - 24608))
	 * (< 2^50 each for every valid parameter set; a TLP of <= 4124
	 * bytes times num stays below 2^63).
	 */
	encoding(p->gen, &en, &ed);
	a = pcie_link_ack_limit(p);
	num = clock_mhz * 8 * ed * SKIP_INTERVAL * a;
	den = gen_mts(p->gen) * en * p->width * tlp_share_num(a);
	g = gcd(num, den);
	num /= g;
	den /= g;
	l->den = den;
	dig = p->ecrc ? 4 : 0;
	/* framing (STP/sequence/LCRC/END) 8 + header (+ digest) */
	l->w_mwr = (unsigned)(8 + (p->addr64 ? 16 : 12) + dig);
	l->w_mrd = l->w_mwr;
	l->w_cpl = (unsigned)(8 + 12 + dig);
	l->c_mwr = cost_table((unsigned)(p->mps / 4), l->w_mwr, num, den);
	l->c_cpl = cost_table((unsigned)(l->cpl_bytes / 4), l->w_cpl, num, den);
	l->c_mrd.q = l->w_mrd * num / den;
	l->c_mrd.r = l->w_mrd * num % den;
	mem_dws = (p->mps > p->mrrs ? p->mps : p->mrrs) / 4;
	l->c_mem = cost_table((unsigned)mem_dws, 0, 1, p->dma_bytes_per_cycle);
	l->down.den = den;
	l->mem.den = p->dma_bytes_per_cycle;
	l->ntag = 0;
	l->tag = calloc(p->read_tags, sizeof(*l->tag));
	if (!l->c_mwr || !l->c_cpl || !l->c_mem || !l->tag ||
	    cpool_init(&l->posted, p->ph_credits, p->pd_credits) ||
	    cpool_init(&l->nonposted, p->nph_credits, 0) ||
	    cpool_init(&l->cpl, p->cplh_credits, p->cpld_credits)) {
		pcie_link_destroy(l);
		return NULL;
	}
	l->st.first_ready = UINT64_MAX;
	return l;
}

/*
 * ---- device tags: release cycles in a ring kept sorted ----
 * Releases come nearly in order (completions leave in order unless one
 * fills a gap), so a release is inserted by a short walk back from the
 * end and the earliest is always at the head.
 */

/* Earliest cycle >= t with a free tag; takes it. */
static uint64_t tag_take(struct pcie_link *l, uint64_t t)
{
	uint64_t top;

	if (l->ntag < l->p.read_tags)
		return t;
	top = l->tag[l->tag_h];
	l->tag_h = l->tag_h + 1 == l->p.read_tags ? 0 : l->tag_h + 1;
	l->ntag--;
	return top > t ? top : t;
}

static void tag_give(struct pcie_link *l, uint64_t rel)
{
	unsigned cap = (unsigned)l->p.read_tags, k = l->ntag++;
	unsigned i = l->tag_h + k >= cap ? l->tag_h + k - cap : l->tag_h + k;

	while (k) {
		unsigned prev = i ? i - 1 : cap - 1;

		if (l->tag[prev] <= rel)
			break;
		l->tag[i] = l->tag[prev];
		i = prev;
		k--;
	}
	l->tag[i] = rel;
}

/* ---- the steps of a request ---- */

static inline uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static inline uint32_t dws_of(uint32_t len)
{
	return (len + 3) / 4;
}

/*
 * Send one upstream TLP of a request: a write of len bytes, or a read
 * request for len bytes. Returns the cycle it is in the PHB.
 */
static uint64_t send_up(struct pcie_link *l, uint32_t len)
{
	struct pcie_link_dir_stats *ds = &l->st.up;
	uint64_t t = l->ready, u = rt_ceil(l->up), t2, arr;
	struct cost c;

	if (l->op == PCIE_LINK_READ) {
		t2 = tag_take(l, t);
		if (t2 > max64(t, u)) {
			l->st.tag_stalls++;
			l->st.tag_stall_cycles += t2 - max64(t, u);
		}
		t = max64(t, t2);
		t2 = cpool_take(&l->nonposted, 1, 0, t);
		c = l->c_mrd;
		ds->tlp_bytes += l->w_mrd;
		l->st.read_requests++;
	} else {
		uint32_t dw = dws_of(len);

		t2 = cpool_take(&l->posted, 1, (dw + 3) / 4, t);
		c = l->c_mwr[dw];
		ds->tlp_bytes += l->w_mwr + 4ull * dw;
		ds->payload_bytes += len;
	}
	if (t2 > max64(t, u)) {
		ds->credit_stalls++;
		ds->credit_stall_cycles += t2 - max64(t, u);
	}
	t = max64(t, t2);
	if (rt_free_by(l->up, t)) {
		l->cur_sent = t;
		l->up.t = t + c.q;
		l->up.rem = c.r;
	} else {
		l->cur_sent = u;
		ds->queue_cycles += u - t;
		rt_add(&l->up, c, l->den);
	}
	rt_add(&l->up_busy, c, l->den);
	ds->busy_cycles = l->up_busy.t;
	ds->tlps++;
	arr = rt_ceil(l->up) + l->p.lat_flight;
	l->horizon = arr;
	l->cur_len = len;
	l->cur_arr = arr;
	l->left -= len;
	return arr;
}

/* The memory path: bytes ready at cycle r; returns the cycle they are
   through. */
static uint64_t mem_move(struct pcie_link *l, uint64_t r, uint32_t len)
{
	uint64_t start;
	bool filled;
	struct rtime e = book_take(&l->mem, r, l->c_mem[dws_of(len)],
				   l->horizon, &start, &filled,
				   &l->st.gap_drops);

	l->st.mem_queue_cycles += start - r;
	l->st.mem_busy_cycles = l->mem.busy.t;
	return rt_ceil(e);
}

/* The current write TLP at the PHB; returns the cycle its data is in
   the memory path. */
static uint64_t do_write(struct pcie_link *l, uint64_t xlate)
{
	uint64_t r = max64(max64(l->cur_arr, xlate), l->wr_last), e;
	uint32_t dw = dws_of(l->cur_len);

	if (xlate > l->cur_arr)
		l->st.xlate_wait_cycles += xlate - l->cur_arr;
	e = mem_move(l, r, l->cur_len);
	l->wr_last = e;
	/* the buffer is free; the UpdateFC reaches the device a flight later */
	cpool_give(&l->posted, e + l->p.lat_flight, 1, (dw + 3) / 4);
	return e;
}

/* The current read request at the PHB; returns the cycle its last
   completion is in the device. */
static uint64_t do_read(struct pcie_link *l, uint64_t xlate)
{
	struct pcie_link_dir_stats *ds = &l->st.down;
	uint64_t issue = max64(max64(l->cur_arr, xlate), l->wr_last);
	uint64_t ready, last = 0;
	uint32_t left = l->cur_len;

	if (xlate > l->cur_arr)
		l->st.xlate_wait_cycles += xlate - l->cur_arr;
	cpool_give(&l->nonposted, issue + l->p.lat_flight, 1, 0);
	ready = mem_move(l, issue + l->p.lat_dma_read, l->cur_len);
	while (left) {
		uint32_t len = left < l->cpl_bytes ? left : (uint32_t)l->cpl_bytes;
		uint32_t dw = dws_of(len);
		uint64_t t = cpool_take(&l->cpl, 1, (dw + 3) / 4, ready);
		uint64_t start, arr;
		bool filled;
		struct rtime e;

		if (t > ready) {
			ds->credit_stalls++;
			ds->credit_stall_cycles += t - ready;
		}
		e = book_take(&l->down, t, l->c_cpl[dw], l->horizon, &start,
			      &filled, &l->st.gap_drops);
		ds->queue_cycles += start - t;
		ds->backfills += filled;
		ds->tlps++;
		ds->payload_bytes += len;
		ds->tlp_bytes += l->w_cpl + 4ull * dw;
		arr = rt_ceil(e) + l->p.lat_flight;
		/* the device takes it at once; its UpdateFC flies back */
		cpool_give(&l->cpl, arr + l->p.lat_flight, 1, (dw + 3) / 4);
		last = max64(last, arr);
		left -= len;
	}
	ds->busy_cycles = l->down.busy.t;
	tag_give(l, last);
	l->st.read_rtt_cycles += last - l->cur_sent;
	l->st.tag_busy_cycles += last - l->cur_sent;
	return last;
}

static uint32_t tlp_len(const struct pcie_link *l)
{
	uint64_t max = l->op == PCIE_LINK_READ ? l->p.mrrs : l->p.mps;

	return (uint32_t)(l->left < max ? l->left : max);
}

uint64_t pcie_link_begin(struct pcie_link *l, enum pcie_link_op op,
			 uint64_t bytes, uint64_t ready)
{
	if (!l)
		return PCIE_LINK_ERROR;
	if (l->active || (op != PCIE_LINK_WRITE && op != PCIE_LINK_READ) ||
	    !bytes || bytes > PCIE_LINK_MAX_BYTES) {
		l->st.errors++;
		return PCIE_LINK_ERROR;
	}
	l->active = true;
	l->op = op;
	l->bytes = bytes;
	l->left = bytes;
	l->ready = ready;
	if (ready < l->st.first_ready)
		l->st.first_ready = ready;
	if (op == PCIE_LINK_READ) {
		l->st.reads++;
		l->st.read_bytes += bytes;
	} else {
		l->st.writes++;
		l->st.write_bytes += bytes;
	}
	l->res.up_first = send_up(l, tlp_len(l));
	l->res.sent_first = l->cur_sent;
	return l->res.up_first;
}

uint64_t pcie_link_end(struct pcie_link *l, uint64_t xlate_done,
		       struct pcie_link_result *res)
{
	uint64_t done = 0;

	if (!l)
		return PCIE_LINK_ERROR;
	if (!l->active) {
		l->st.errors++;
		return PCIE_LINK_ERROR;
	}
	if (xlate_done < l->res.up_first)
		xlate_done = l->res.up_first;
	for (;;) {
		uint64_t d = l->op == PCIE_LINK_READ ? do_read(l, xlate_done) :
						      do_write(l, xlate_done);

		done = max64(done, d);
		l->res.up_last = l->cur_arr;
		if (!l->left)
			break;
		send_up(l, tlp_len(l));
	}
	l->active = false;
	l->res.done = done;
	if (done > l->st.last_done)
		l->st.last_done = done;
	if (res) {	/* field by field: no wide load of what was just stored */
		res->sent_first = l->res.sent_first;
		res->up_first = l->res.up_first;
		res->up_last = l->res.up_last;
		res->done = done;
	}
	return done;
}

uint64_t pcie_link_submit(struct pcie_link *l, enum pcie_link_op op,
			  uint64_t bytes, uint64_t ready)
{
	uint64_t a = pcie_link_begin(l, op, bytes, ready);

	if (a == PCIE_LINK_ERROR)
		return a;
	return pcie_link_end(l, a, NULL);
}

/* ---- statistics ---- */

static uint64_t span(const struct pcie_link *l)
{
	return l->st.last_done > l->st.first_ready &&
	       l->st.first_ready != UINT64_MAX ?
	       l->st.last_done - l->st.first_ready : 0;
}

static double span_ns(const struct pcie_link *l)
{
	return (double)span(l) * 1e3 / (double)l->clock_mhz;
}

static double ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : 0.0;
}

static double per_ns(const struct pcie_link *l, uint64_t v)
{
	double ns = span_ns(l);

	return ns > 0 ? (double)v / ns : 0.0;
}

#define L(c) ((const struct pcie_link *)(c))
static double f_elapsed_ns(const void *c) { return span_ns(L(c)); }
static double f_up_util(const void *c)
{
	return ratio(L(c)->st.up.busy_cycles, span(L(c)));
}
static double f_down_util(const void *c)
{
	return ratio(L(c)->st.down.busy_cycles, span(L(c)));
}
static double f_mem_util(const void *c)
{
	return ratio(L(c)->st.mem_busy_cycles, span(L(c)));
}
/* bytes per ns = GB/s */
static double f_gbps(const void *c)
{
	return per_ns(L(c), L(c)->st.write_bytes + L(c)->st.read_bytes);
}
static double f_up_gbps(const void *c)
{
	return per_ns(L(c), L(c)->st.up.payload_bytes);
}
static double f_down_gbps(const void *c)
{
	return per_ns(L(c), L(c)->st.down.payload_bytes);
}
static double f_up_tlps(const void *c)
{
	return per_ns(L(c), L(c)->st.up.tlps) * 1e9;
}
static double f_down_tlps(const void *c)
{
	return per_ns(L(c), L(c)->st.down.tlps) * 1e9;
}
static double f_rtt(const void *c)
{
	return ratio(L(c)->st.read_rtt_cycles, L(c)->st.read_requests);
}
static double f_rtt_ns(const void *c)
{
	return f_rtt(c) * 1e3 / (double)L(c)->clock_mhz;
}
static double f_tag_occ(const void *c)
{
	return ratio(L(c)->st.tag_busy_cycles, span(L(c)));
}
static double f_raw(const void *c) { return pcie_link_raw_gbps(&L(c)->p); }
static double f_tlp(const void *c) { return pcie_link_tlp_gbps(&L(c)->p); }
#undef L

int pcie_link_register_stats(struct pcie_link *l, struct sim_stats *s,
			     const char *prefix)
{
	const struct pcie_link_stats *st = &l->st;
	const struct {
		const char *name;
		const uint64_t *v;
		const char *unit;
		const char *desc;
	} u[] = {
		{ "writes", &st->writes, "count", "DMA write requests" },
		{ "reads", &st->reads, "count", "DMA read requests" },
		{ "write_bytes", &st->write_bytes, "bytes", "bytes written by the device" },
		{ "read_bytes", &st->read_bytes, "bytes", "bytes read by the device" },
		{ "up.tlps", &st->up.tlps, "count", "upstream TLPs (writes and read requests)" },
		{ "up.payload_bytes", &st->up.payload_bytes, "bytes", "upstream payload (write data)" },
		{ "up.tlp_bytes", &st->up.tlp_bytes, "bytes", "upstream TLP bytes: payload + headers + framing" },
		{ "up.busy_cycles", &st->up.busy_cycles, "cycles", "upstream wire time taken (DLLP/SKIP share included)" },
		{ "up.queue_cycles", &st->up.queue_cycles, "cycles", "upstream TLPs waited for the wire" },
		{ "up.credit_stalls", &st->up.credit_stalls, "count", "upstream TLPs that waited for PHB credits" },
		{ "up.credit_stall_cycles", &st->up.credit_stall_cycles, "cycles", "cycles they waited" },
		{ "down.tlps", &st->down.tlps, "count", "downstream TLPs (completions)" },
		{ "down.payload_bytes", &st->down.payload_bytes, "bytes", "downstream payload (read data)" },
		{ "down.tlp_bytes", &st->down.tlp_bytes, "bytes", "downstream TLP bytes: payload + headers + framing" },
		{ "down.busy_cycles", &st->down.busy_cycles, "cycles", "downstream wire time taken (DLLP/SKIP share included)" },
		{ "down.queue_cycles", &st->down.queue_cycles, "cycles", "completions waited for the wire" },
		{ "down.credit_stalls", &st->down.credit_stalls, "count", "completions that waited for device credits" },
		{ "down.credit_stall_cycles", &st->down.credit_stall_cycles, "cycles", "cycles they waited" },
		{ "down.backfills", &st->down.backfills, "count", "completions sent in an idle gap left by a slower request" },
		{ "read_requests", &st->read_requests, "count", "read request TLPs (one tag each)" },
		{ "tag_stalls", &st->tag_stalls, "count", "read requests that waited for a device tag" },
		{ "tag_stall_cycles", &st->tag_stall_cycles, "cycles", "cycles they waited" },
		{ "tag_busy_cycles", &st->tag_busy_cycles, "cycles", "sum of tag hold times" },
		{ "read_rtt_cycles", &st->read_rtt_cycles, "cycles", "sum of read round trips (request sent to last completion in)" },
		{ "xlate_wait_cycles", &st->xlate_wait_cycles, "cycles", "TLPs at the PHB waited for their translation" },
		{ "mem.busy_cycles", &st->mem_busy_cycles, "cycles", "PHB memory path time taken" },
		{ "mem.queue_cycles", &st->mem_queue_cycles, "cycles", "DMA data waited for the memory path" },
		{ "gap_drops", &st->gap_drops, "count", "idle gaps forgotten (gap list full)" },
		{ "errors", &st->errors, "count", "requests refused (bad size, begin/end misuse)" },
		{ "cycles", &st->last_done, "cycles", "clock at the last completion" },
	};
	const struct sim_stat_formula_row f[] = {
		{ "elapsed_ns", f_elapsed_ns, "ns", "first ready to last completion" },
		{ "gbps", f_gbps, "GB/s", "payload bytes (both directions) per simulated second" },
		{ "up.gbps", f_up_gbps, "GB/s", "upstream payload per simulated second" },
		{ "down.gbps", f_down_gbps, "GB/s", "downstream payload per simulated second" },
		{ "up.tlps_per_s", f_up_tlps, "1/s", "upstream TLPs per simulated second" },
		{ "down.tlps_per_s", f_down_tlps, "1/s", "downstream TLPs per simulated second" },
		{ "up.utilisation", f_up_util, "ratio", "upstream wire busy / elapsed" },
		{ "down.utilisation", f_down_util, "ratio", "downstream wire busy / elapsed" },
		{ "mem.utilisation", f_mem_util, "ratio", "memory path busy / elapsed" },
		{ "read_rtt_mean", f_rtt, "cycles", "mean read round trip" },
		{ "read_rtt_mean_ns", f_rtt_ns, "ns", "mean read round trip" },
		{ "tag_occupancy", f_tag_occ, "tags", "mean device tags in use" },
		{ "raw_gbit_per_s", f_raw, "Gb/s", "raw rate per direction (GT/s x encoding x lanes)" },
		{ "tlp_gbit_per_s", f_tlp, "Gb/s", "rate left for TLPs after DLLPs and SKIPs" },
	};
	char name[256];
	unsigned i;
	int rc;

	for (i = 0; i < sizeof(u) / sizeof(u[0]); i++) {
		if ((size_t)snprintf(name, sizeof(name), "%s.%s", prefix,
				     u[i].name) >= sizeof(name))
			return -ENAMETOOLONG;
		rc = sim_stats_add_u64(s, name, u[i].desc, u[i].unit, u[i].v);
		if (rc)
			return rc;
	}
	return sim_stats_add_formula_rows(s, prefix, f, sizeof(f) / sizeof(f[0]),
					  l);
}
