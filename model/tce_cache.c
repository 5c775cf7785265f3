// SPDX-License-Identifier: GPL-2.0
/*
 * TCE cache: tag store, replacement (LRU / FIFO / seeded random) and the
 * three kill kinds. No knowledge of registers or tables (see tce_cache.h).
 *
 * Speed: the entries stay in a set-major array (a way's position matters
 * to the RANDOM policy) with a chained hash on the tag on top, so a lookup
 * or fill finds its entry in O(1) instead of scanning the set.
 *
 * Replacement without scanning: each set keeps its valid entries on a list
 * ordered by "position" (the tick an entry was last placed, newest first);
 * every entry also has an age (the tick of its last use), age >= position.
 * A hit stores the age and nothing else. The victim of a full set is the
 * list's tail T if age(T) == position(T): every other entry Y then has
 * age(Y) >= position(Y) > position(T) = age(T), so T is exactly the least
 * recently used. Otherwise T was used since it was placed: it is moved to
 * its place for position = age(T) and the new tail is tried. FIFO never
 * updates ages on hits, so its tail is always the first filled.
 * A per-set count of valid ways and a lowest-possibly-free way index find
 * the first free way without rescanning the full part of the set.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/state.h"
#include "tcesim/tce_cache.h"

#define NIL (-1)

struct tce_cache_entry {
	struct tce_cache_key key;
	uint64_t tce;		/* leaf TCE as fetched */
	int32_t hnext;		/* hash chain */
	int32_t newer, older;	/* the set's list, by position */
	uint64_t pos;		/* tick when placed on the list */
	uint32_t set;		/* index of the entry's set (no division) */
	bool valid;
};

struct tce_set {
	unsigned nvalid;	/* valid ways */
	unsigned low_free;	/* every way below this one is valid */
	int32_t newest, oldest;	/* recency list ends, or NIL */
};

struct tce_cache {
	struct tce_cache_params p;
	unsigned sets, ways;
	unsigned hbits;		/* log2 of the hash bucket count */
	uint64_t tick;		/* advances on every lookup and fill */
	uint64_t rng;		/* xorshift64 state, RANDOM policy */
	struct tce_cache_stats st;
	int32_t *heads;		/* hash buckets: first entry index or NIL */
	/* the last lookup that missed, while nothing changed since: a fill
	   of that key right after need not search again */
	struct tce_cache_key missed;
	bool missed_valid;
	int32_t last;		/* entry of the last hit (a stream hits the
				   same page again and again), or NIL */
	uint64_t *age;		/* per entry: tick of its last use (LRU) or
				   of its fill (FIFO); compact for hits */
	struct tce_set *set;	/* per-set state */
	struct tce_cache_entry e[];	/* sets * ways, set-major */
};

void tce_cache_params_default(struct tce_cache_params *p)
{
#define DEF(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	p->name = (def);
	TCE_CACHE_PARAMS(DEF)
#undef DEF
}

int tce_cache_params_check(const struct tce_cache_params *p)
{
#define CHK(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	if (!sim_param_in_range((uint64_t)p->name, (mn), (mx))) \
		return -EINVAL;
	TCE_CACHE_PARAMS(CHK)
#undef CHK
	if (p->ways > p->entries || (p->ways && p->entries % p->ways))
		return -EINVAL;
	return 0;
}

static void reset_index(struct tce_cache *c)
{
	unsigned i;

	c->missed_valid = false;
	for (i = 0; i < (1u << c->hbits); i++)
		c->heads[i] = NIL;
	for (i = 0; i < c->sets; i++) {
		c->set[i].nvalid = 0;
		c->set[i].low_free = 0;
		c->set[i].newest = NIL;
		c->set[i].oldest = NIL;
	}
}

struct tce_cache *tce_cache_create(const struct tce_cache_params *p)
{
	struct tce_cache *c;
	unsigned i;

	if (tce_cache_params_check(p))
		return NULL;
	c = calloc(1, sizeof(*c) + p->entries * sizeof(c->e[0]));
	if (!c)
		return NULL;
	c->p = *p;
	c->ways = p->ways ? p->ways : p->entries;
	c->sets = p->entries / c->ways;
	/* about two buckets per entry */
	c->hbits = 1;
	while ((1u << c->hbits) < 2 * p->entries)
		c->hbits++;
	c->heads = malloc(sizeof(*c->heads) << c->hbits);
	c->set = malloc(sizeof(*c->set) * c->sets);
	c->age = calloc(p->entries, sizeof(*c->age));
	if (!c->heads || !c->set || !c->age) {
		tce_cache_destroy(c);
		return NULL;
	}
	for (i = 0; i < p->entries; i++) {
		c->e[i].hnext = NIL;
		c->e[i].set = i / c->ways;
	}
	reset_index(c);
	c->last = NIL;
	/* xorshift must not start at 0 */
	c->rng = p->seed ? p->seed : 0x9E3779B97F4A7C15ull;
	return c;
}

void tce_cache_destroy(struct tce_cache *c)
{
	if (!c)
		return;
	free(c->heads);
	free(c->set);
	free(c->age);
	free(c);
}

/*
 * a: a stored key; b: the probe, usually built just before with narrow
 * stores. b's small fields are read one by one (the empty asm keeps the
 * compiler from merging them into one wide load, which would stall on
 * store forwarding from those narrow stores).
 */
static inline bool key_eq(const struct tce_cache_key *a,
			  const struct tce_cache_key *b)
{
	uint16_t pe = b->pe, window = b->window;
	uint8_t ps = b->page_shift;

	__asm__("" : "+r"(pe), "+r"(window), "+r"(ps));
	return a->page == b->page && a->pe == pe && a->window == window &&
	       a->page_shift == ps;
}

/* Bucket of a tag (win_shift is not part of the tag). */
static unsigned bucket(const struct tce_cache *c, const struct tce_cache_key *k)
{
	uint64_t x = k->page ^ (uint64_t)k->pe << 40 ^
		     (uint64_t)k->window << 56 ^ (uint64_t)k->page_shift << 58;

	return (unsigned)((x * 0x9E3779B97F4A7C15ull) >> (64 - c->hbits));
}

static unsigned set_index(const struct tce_cache *c, uint64_t page)
{
	return c->sets == 1 ? 0 : (unsigned)(page % c->sets);
}

static int32_t find(const struct tce_cache *c, const struct tce_cache_key *k)
{
	int32_t i;

	for (i = c->heads[bucket(c, k)]; i != NIL; i = c->e[i].hnext)
		if (key_eq(&c->e[i].key, k))
			return i;
	return NIL;
}

static void hash_add(struct tce_cache *c, int32_t i)
{
	unsigned b = bucket(c, &c->e[i].key);

	c->e[i].hnext = c->heads[b];
	c->heads[b] = i;
}

static void hash_del(struct tce_cache *c, int32_t i)
{
	int32_t *pp = &c->heads[bucket(c, &c->e[i].key)];

	while (*pp != i)
		pp = &c->e[*pp].hnext;
	*pp = c->e[i].hnext;
	c->e[i].hnext = NIL;
}

static void list_unlink(struct tce_cache *c, struct tce_set *s, int32_t i)
{
	struct tce_cache_entry *e = &c->e[i];

	if (e->newer != NIL)
		c->e[e->newer].older = e->older;
	else
		s->newest = e->older;
	if (e->older != NIL)
		c->e[e->older].newer = e->newer;
	else
		s->oldest = e->newer;
}

/* Place i at the head (the newest position). */
static void list_push_newest(struct tce_cache *c, struct tce_set *s,
			     int32_t i)
{
	struct tce_cache_entry *e = &c->e[i];

	e->pos = c->tick;
	e->newer = NIL;
	e->older = s->newest;
	if (s->newest != NIL)
		c->e[s->newest].newer = i;
	else
		s->oldest = i;
	s->newest = i;
}

/* Move the tail entry t to its place for position = age(t). */
static void list_reposition(struct tce_cache *c, struct tce_set *s, int32_t t)
{
	struct tce_cache_entry *e = &c->e[t];
	int32_t n;

	list_unlink(c, s, t);
	e->pos = c->age[t];
	/* from the head, past every entry placed later than t's last use */
	for (n = s->newest; n != NIL && c->e[n].pos > e->pos; n = c->e[n].older)
		;
	/* insert t just newer than n (or as the oldest when n is NIL) */
	e->older = n;
	if (n != NIL) {
		e->newer = c->e[n].newer;
		c->e[n].newer = t;
	} else {
		e->newer = s->oldest;
		s->oldest = t;
	}
	if (e->newer != NIL)
		c->e[e->newer].older = t;
	else
		s->newest = t;
}

bool tce_cache_lookup(struct tce_cache *c, const struct tce_cache_key *k,
		      uint64_t *tce)
{
	int32_t i = c->last;

	/* a valid entry with the key is the only one (tags are unique) */
	if (i == NIL || !c->e[i].valid || !key_eq(&c->e[i].key, k))
		i = find(c, k);

	c->tick++;
	c->st.lookups++;
	if (i == NIL) {
		c->st.misses++;
		c->missed = *k;
		c->missed_valid = true;
		return false;
	}
	c->st.hits++;
	c->last = i;
	if (c->p.policy == TCE_CACHE_LRU)
		c->age[i] = c->tick;
	*tce = c->e[i].tce;
	return true;
}

bool tce_cache_peek(const struct tce_cache *c, const struct tce_cache_key *k,
		    uint64_t *tce)
{
	int32_t i = find(c, k);

	if (i == NIL)
		return false;
	*tce = c->e[i].tce;
	return true;
}

static uint64_t next_random(struct tce_cache *c)
{
	uint64_t x = c->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	c->rng = x;
	return x;
}

/* The way a fill of set si takes: the first free way, else by policy. */
static int32_t victim(struct tce_cache *c, unsigned si)
{
	struct tce_set *s = &c->set[si];
	unsigned base = si * c->ways, w;

	if (s->nvalid < c->ways) {
		for (w = s->low_free; c->e[base + w].valid; w++)
			;
		s->low_free = w + 1;
		return (int32_t)(base + w);
	}
	if (c->p.policy == TCE_CACHE_RANDOM)
		return (int32_t)(base + next_random(c) % c->ways);
	/* LRU: the least recently used; FIFO: the first filled */
	while (c->age[s->oldest] != c->e[s->oldest].pos)
		list_reposition(c, s, s->oldest);
	return s->oldest;
}

static void invalidate(struct tce_cache *c, int32_t i)
{
	c->missed_valid = false;
	unsigned si = c->e[i].set;
	struct tce_set *s = &c->set[si];
	unsigned w = (unsigned)i - si * c->ways;

	hash_del(c, i);
	list_unlink(c, s, i);
	c->e[i].valid = false;
	s->nvalid--;
	if (w < s->low_free)
		s->low_free = w;
}

void tce_cache_fill(struct tce_cache *c, const struct tce_cache_key *k,
		    uint64_t tce)
{
	int32_t i = c->missed_valid && key_eq(&c->missed, k) ? NIL : find(c, k);
	unsigned si;

	c->missed_valid = false;

	c->tick++;
	if (i == NIL) {
		si = set_index(c, k->page);
		i = victim(c, si);
		if (c->e[i].valid) {
			c->st.evictions++;
			invalidate(c, i);
			/* the set is full again once this way is refilled */
			c->set[si].low_free = c->ways;
		}
		c->st.insertions++;
		c->e[i].valid = true;
		c->e[i].key = *k;
		c->set[si].nvalid++;
		hash_add(c, i);
		c->age[i] = c->tick;
		list_push_newest(c, &c->set[si], i);
	} else {
		c->e[i].key = *k;	/* same tag; win_shift may differ */
		if (c->p.policy == TCE_CACHE_LRU)
			c->age[i] = c->tick;
	}
	c->e[i].tce = tce;
}

unsigned tce_cache_kill_all(struct tce_cache *c)
{
	unsigned i, n = 0;

	for (i = 0; i < c->p.entries; i++) {
		n += c->e[i].valid;
		c->e[i].valid = false;
		c->e[i].hnext = NIL;
	}
	reset_index(c);
	c->st.kill_all++;
	c->st.removed_all += n;
	return n;
}

unsigned tce_cache_kill_pe(struct tce_cache *c, uint16_t pe)
{
	unsigned i, n = 0;

	for (i = 0; i < c->p.entries; i++) {
		if (c->e[i].valid && c->e[i].key.pe == pe) {
			invalidate(c, (int32_t)i);
			n++;
		}
	}
	c->st.kill_pe++;
	c->st.removed_pe += n;
	return n;
}

unsigned tce_cache_kill_one(struct tce_cache *c, uint16_t pe,
			    uint16_t window, uint64_t offset)
{
	unsigned i, n = 0;

	for (i = 0; i < c->p.entries; i++) {
		struct tce_cache_entry *e = &c->e[i];
		uint64_t off = offset;

		if (!e->valid || e->key.pe != pe || e->key.window != window)
			continue;
		/* an aliased (out-of-window) kill address names the same
		   TCE as its in-window image, as the walk would */
		if (e->key.win_shift < 64)
			off &= (1ull << e->key.win_shift) - 1;
		if (e->key.page_shift < 64 &&
		    (off >> e->key.page_shift) == e->key.page) {
			invalidate(c, (int32_t)i);
			n++;
		}
	}
	c->st.kill_one++;
	c->st.removed_one += n;
	return n;
}

unsigned tce_cache_valid_entries(const struct tce_cache *c)
{
	unsigned i, n = 0;

	for (i = 0; i < c->p.entries; i++)
		n += c->e[i].valid;
	return n;
}

int tce_cache_register_stats(const struct tce_cache *c, struct sim_stats *s,
			     const char *prefix)
{
	const struct tce_cache_stats *sim_st_ = &c->st;
	const struct sim_stat_row rows[] = {
		TCE_CACHE_STATS(SIM_STAT_ROW, SIM_STAT_VROWS)
	};

	return sim_stats_add_rows(s, prefix, rows,
				  sizeof(rows) / sizeof(rows[0]));
}

const struct tce_cache_stats *tce_cache_get_stats(const struct tce_cache *c)
{
	return &c->st;
}

const struct tce_cache_params *tce_cache_get_params(const struct tce_cache *c)
{
	return &c->p;
}

/* ---- checkpoint state ---- */

#define TCE_STATE_VERSION 1

int tce_cache_state_save(const struct tce_cache *c, struct sim_state_out *o)
{
	unsigned si;

	sim_state_put_header(o, TCE_STATE_VERSION, 0);
	sim_state_put_u32(o, c->p.entries);
	sim_state_put_u32(o, c->ways);
	sim_state_put_u32(o, (uint32_t)c->p.policy);
	sim_state_put_u64(o, c->tick);
	sim_state_put_u64(o, c->rng);
	sim_state_put_counters(o, &c->st, SIM_STATE_WORDS(c->st));
	for (si = 0; si < c->sets; si++) {
		const struct tce_set *s = &c->set[si];
		uint32_t n = 0;
		int32_t i;

		for (i = s->newest; i != NIL; i = c->e[i].older)
			n++;
		sim_state_put_u32(o, n);
		for (i = s->newest; i != NIL; i = c->e[i].older) {
			const struct tce_cache_entry *e = &c->e[i];

			sim_state_put_u32(o, (uint32_t)i - si * c->ways);
			sim_state_put_u16(o, e->key.pe);
			sim_state_put_u16(o, e->key.window);
			sim_state_put_u8(o, e->key.page_shift);
			sim_state_put_u8(o, e->key.win_shift);
			sim_state_put_u64(o, e->key.page);
			sim_state_put_u64(o, e->tce);
			sim_state_put_u64(o, e->pos);
			sim_state_put_u64(o, c->age[i]);
		}
	}
	return sim_state_out_status(o);
}

#define TCE_STATE_ENTRY_BYTES 42

/* One set of the payload into the staging cache t: its entries appended
   oldest-last, each checked (way, set, tag, order of positions). */
static int restore_set(struct tce_cache *t, struct sim_state_in *in,
		       unsigned si, const char *what, char *err, size_t errlen)
{
	struct tce_set *s = &t->set[si];
	uint32_t n = sim_state_get_u32(in), k;
	uint64_t last_pos = UINT64_MAX;

	if (n > t->ways || !sim_state_room(in, n, TCE_STATE_ENTRY_BYTES))
		return sim_state_fail(err, errlen,
				      "%s: set %u: %u entries (ways %u) or truncated",
				      what, si, n, t->ways);
	for (k = 0; k < n; k++) {
		uint32_t way = sim_state_get_u32(in);
		struct tce_cache_key key = { 0 };
		struct tce_cache_entry *e;
		uint64_t tce, pos, age;
		int32_t i;

		key.pe = sim_state_get_u16(in);
		key.window = sim_state_get_u16(in);
		key.page_shift = sim_state_get_u8(in);
		key.win_shift = sim_state_get_u8(in);
		key.page = sim_state_get_u64(in);
		tce = sim_state_get_u64(in);
		pos = sim_state_get_u64(in);
		age = sim_state_get_u64(in);
		if (way >= t->ways || t->e[si * t->ways + way].valid)
			return sim_state_fail(err, errlen,
					      "%s: set %u: way %u out of range or given twice",
					      what, si, way);
		if (set_index(t, key.page) != si)
			return sim_state_fail(err, errlen,
					      "%s: set %u: page %#llx belongs to set %u",
					      what, si,
					      (unsigned long long)key.page,
					      set_index(t, key.page));
		if (find(t, &key) != NIL)
			return sim_state_fail(err, errlen,
					      "%s: set %u: tag (pe %u, window %u, page %#llx) given twice",
					      what, si, key.pe, key.window,
					      (unsigned long long)key.page);
		if (pos > last_pos || age < pos || age > t->tick)
			return sim_state_fail(err, errlen,
					      "%s: set %u: replacement order inconsistent (position %llu, age %llu, tick %llu)",
					      what, si, (unsigned long long)pos,
					      (unsigned long long)age,
					      (unsigned long long)t->tick);
		last_pos = pos;
		i = (int32_t)(si * t->ways + way);
		e = &t->e[i];
		e->valid = true;
		e->key = key;
		e->tce = tce;
		e->pos = pos;
		t->age[i] = age;
		hash_add(t, i);
		/* append at the oldest end: the list keeps the saved order */
		e->newer = s->oldest;
		e->older = NIL;
		if (s->oldest != NIL)
			t->e[s->oldest].older = i;
		else
			s->newest = i;
		s->oldest = i;
		s->nvalid++;
	}
	/* the first free way: every way below it is valid */
	while (s->low_free < t->ways && t->e[si * t->ways + s->low_free].valid)
		s->low_free++;
	return 0;
}

int tce_cache_state_restore(struct tce_cache *c, struct sim_state_in *in,
			    bool commit, char *err, size_t errlen)
{
	const char *what = "TCE cache";
	uint32_t entries, ways, policy;
	struct tce_cache *t;
	unsigned si;
	int rc = sim_state_get_header(in, what, TCE_STATE_VERSION, NULL, err,
				      errlen);

	if (rc)
		return rc;
	entries = sim_state_get_u32(in);
	ways = sim_state_get_u32(in);
	policy = sim_state_get_u32(in);
	if (in->short_read)
		return sim_state_end(in, what, err, errlen);
	if (entries != c->p.entries)
		return sim_state_fail(err, errlen,
				      "%s: %u entries in the checkpoint, %u in this machine (tce_cache.entries)",
				      what, entries, c->p.entries);
	if (ways != c->ways)
		return sim_state_fail(err, errlen,
				      "%s: %u ways in the checkpoint, %u in this machine (tce_cache.ways)",
				      what, ways, c->ways);
	if (policy != (uint32_t)c->p.policy)
		return sim_state_fail(err, errlen,
				      "%s: replacement policy %u in the checkpoint, %u in this machine (tce_cache.policy)",
				      what, policy, (unsigned)c->p.policy);
	t = tce_cache_create(&c->p);
	if (!t)
		return -ENOMEM;
	t->tick = sim_state_get_u64(in);
	t->rng = sim_state_get_u64(in);
	rc = sim_state_get_counters(in, what, &t->st, SIM_STATE_WORDS(t->st),
				    err, errlen);
	if (!rc && !t->rng)
		rc = sim_state_fail(err, errlen,
				    "%s: random generator state 0", what);
	for (si = 0; !rc && si < t->sets; si++)
		rc = restore_set(t, in, si, what, err, errlen);
	if (!rc)
		rc = sim_state_end(in, what, err, errlen);
	if (!rc && commit) {
		c->tick = t->tick;
		c->rng = t->rng;
		c->st = t->st;
		memcpy(c->e, t->e, c->p.entries * sizeof(c->e[0]));
		memcpy(c->age, t->age, c->p.entries * sizeof(c->age[0]));
		memcpy(c->heads, t->heads, sizeof(*c->heads) << c->hbits);
		memcpy(c->set, t->set, sizeof(*c->set) * c->sets);
		/* the lookup hints point at the old entries */
		c->missed_valid = false;
		c->last = NIL;
	}
	tce_cache_destroy(t);
	return rc;
}

int tce_cache_state_describe(const void *buf, size_t len, FILE *out)
{
	static const char *const pol[] = { "LRU", "FIFO", "random" };
	struct tce_cache_stats st;
	struct sim_state_in in;
	uint32_t entries, ways, policy, valid = 0, k, n;

	sim_state_in_init(&in, buf, len);
	if (sim_state_get_header(&in, "", TCE_STATE_VERSION, NULL, NULL, 0))
		return -EINVAL;
	entries = sim_state_get_u32(&in);
	ways = sim_state_get_u32(&in);
	policy = sim_state_get_u32(&in);
	sim_state_get_u64(&in);
	sim_state_get_u64(&in);
	if (!ways || ways > entries ||
	    sim_state_get_counters(&in, "", &st, SIM_STATE_WORDS(st), NULL, 0))
		return -EINVAL;
	for (k = 0; k < entries / ways && !in.short_read; k++) {
		n = sim_state_get_u32(&in);
		if (!sim_state_room(&in, n, TCE_STATE_ENTRY_BYTES))
			return -EINVAL;
		in.off += (size_t)n * TCE_STATE_ENTRY_BYTES;
		valid += n;
	}
	fprintf(out, "TCE cache: %u entries, %u ways, %s, %u valid, %llu of %llu lookups hit",
		entries, ways, policy < 3 ? pol[policy] : "?", valid,
		(unsigned long long)st.hits, (unsigned long long)st.lookups);
	return in.short_read ? -EINVAL : 0;
}
