// SPDX-License-Identifier: GPL-2.0
/*
 * The .ini configuration (see tcesim/config.h): the one parameter table,
 * the line parser with file:line errors, --set overrides, conversion to
 * phb3_params, timing_params and pcie_link_params, and the
 * help/.ini/markdown printers.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/config.h"
#include "kc/host.h"

#define LINE_MAX_BYTES 1024

#define ROW(sec, nm, ty, d, mn, mx, ch, un, pr, me) \
	{ sec, #nm, ty, (uint64_t)(d), (uint64_t)(mn), (uint64_t)(mx), ch, \
	  un, pr, me },
/* [driver]: the driver cost model, declared in kc/host.h. */
#define DRIVER_ROW(nm, d, mn, mx, un, me, pr) \
	ROW("driver", nm, SIM_PARAM_U64, d, mn, mx, NULL, un, pr, me)
/* The model declares its rows next to its parameter structs: PHB3
   (tcesim/phb3.h), TCE cache (tcesim/tce_cache.h), timing
   (tcesim/fetch_timing.h), the link switch (tcesim/timing.h), the PCIe
   link (tcesim/pcie_link.h). */
static const struct tcesim_config_param table[] = {
	PHB3_PARAMS(ROW)
	TCE_CACHE_PARAMS(ROW)
	TCESIM_TIMING_PARAMS(ROW)
	PHB3_TIMED_PARAMS(ROW)
	TCESIM_LINK_PARAMS(ROW)
	KC_COST_PARAMS(DRIVER_ROW)
};
#undef ROW
#define NPARAMS (sizeof(table) / sizeof(table[0]))
_Static_assert(sizeof(table) / sizeof(table[0]) <= TCESIM_CONFIG_MAX,
	       "raise TCESIM_CONFIG_MAX");

/* Index of each parameter, for the converters. */
enum {
#define IDX(sec, nm, ty, d, mn, mx, ch, un, pr, me) P_##nm,
#define DRIVER_IDX(nm, d, mn, mx, un, me, pr) P_##nm,
	PHB3_PARAMS(IDX)
	TCE_CACHE_PARAMS(IDX)
	TCESIM_TIMING_PARAMS(IDX)
	PHB3_TIMED_PARAMS(IDX)
	TCESIM_LINK_PARAMS(IDX)
	KC_COST_PARAMS(DRIVER_IDX)
#undef IDX
};

void tcesim_config_to_cost(const struct tcesim_config *c,
			   struct kc_cost_params *p)
{
#define TO_COST(nm, d, mn, mx, un, me, pr) p->nm = c->v[P_##nm];
	KC_COST_PARAMS(TO_COST)
#undef TO_COST
}

const struct tcesim_config_param *tcesim_config_params(unsigned *n)
{
	if (n)
		*n = NPARAMS;
	return table;
}

static int find_in(const char *section, const char *name, size_t nlen)
{
	unsigned i;

	for (i = 0; i < NPARAMS; i++)
		if ((!section || !strcmp(section, table[i].section)) &&
		    strlen(table[i].name) == nlen &&
		    !strncmp(table[i].name, name, nlen))
			return (int)i;
	return -1;
}

int tcesim_config_find(const char *key)
{
	const char *dot = strchr(key, '.');
	char sec[32];

	if (!dot)
		return find_in(NULL, key, strlen(key));
	if ((size_t)(dot - key) >= sizeof(sec))
		return -1;
	memcpy(sec, key, (size_t)(dot - key));
	sec[dot - key] = 0;
	return find_in(sec, dot + 1, strlen(dot + 1));
}

void tcesim_config_default(struct tcesim_config *c)
{
	unsigned i;

	memset(c, 0, sizeof(*c));
	for (i = 0; i < NPARAMS; i++)
		c->v[i] = table[i].def;
}

static int fail(char *err, size_t errlen, const char *name, unsigned line,
		const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (err && errlen) {
		if (name && line)
			n = snprintf(err, errlen, "%s:%u: ", name, line);
		else if (name)
			n = snprintf(err, errlen, "%s: ", name);
		if (n < 0 || (size_t)n >= errlen)
			n = 0;
		va_start(ap, fmt);
		vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* Value text of parameter i -> *out; NULL, or what was expected. */
static const char *parse_value(unsigned i, const char *s, uint64_t *out,
			       char *why, size_t whylen)
{
	const struct tcesim_config_param *p = &table[i];
	unsigned long long v;
	const char *c;
	char *end;
	unsigned idx;

	if (!*s) {
		snprintf(why, whylen, "missing value for %s.%s", p->section,
			 p->name);
		return why;
	}
	switch (p->type) {
	case SIM_PARAM_U64:
		if (!isdigit((unsigned char)s[0])) {
			snprintf(why, whylen, "%s.%s: expected an unsigned integer (%s), got '%s'",
				 p->section, p->name, p->unit, s);
			return why;
		}
		errno = 0;
		v = strtoull(s, &end, 0);
		if (*end) {
			snprintf(why, whylen, "%s.%s: expected an unsigned integer (%s), got '%s'",
				 p->section, p->name, p->unit, s);
			return why;
		}
		if (errno == ERANGE || v < p->min || v > p->max) {
			snprintf(why, whylen, "%s.%s: %s is out of range [%" PRIu64 ", %" PRIu64 "] %s",
				 p->section, p->name, s, p->min, p->max, p->unit);
			return why;
		}
		*out = v;
		return NULL;
	case SIM_PARAM_BOOL:
		if (!strcmp(s, "1") || !strcmp(s, "true") || !strcmp(s, "yes") ||
		    !strcmp(s, "on")) {
			*out = 1;
			return NULL;
		}
		if (!strcmp(s, "0") || !strcmp(s, "false") || !strcmp(s, "no") ||
		    !strcmp(s, "off")) {
			*out = 0;
			return NULL;
		}
		snprintf(why, whylen, "%s.%s: expected a boolean (true/false, yes/no, on/off, 1/0), got '%s'",
			 p->section, p->name, s);
		return why;
	case SIM_PARAM_ENUM:
		for (c = p->choices, idx = 0; c; idx++) {
			const char *bar = strchr(c, '|');
			size_t n = bar ? (size_t)(bar - c) : strlen(c);

			if (strlen(s) == n && !strncmp(s, c, n)) {
				*out = idx;
				return NULL;
			}
			c = bar ? bar + 1 : NULL;
		}
		snprintf(why, whylen, "%s.%s: expected one of %s, got '%s'",
			 p->section, p->name, p->choices, s);
		return why;
	}
	snprintf(why, whylen, "internal: bad parameter type");
	return why;
}

char *tcesim_config_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = 0;
	return s;
}
#define trim(s) tcesim_config_trim(s)

static bool known_section(const char *s)
{
	unsigned i;

	for (i = 0; i < NPARAMS; i++)
		if (!strcmp(table[i].section, s))
			return true;
	return false;
}

/* "phb, tce_cache, ... or driver": the sections, in table order. */
static void section_list(char *buf, size_t len)
{
	const char *sec[NPARAMS];
	unsigned i, j, n = 0;
	size_t o = 0;

	for (i = 0; i < NPARAMS; i++) {
		for (j = 0; j < n && strcmp(sec[j], table[i].section); j++)
			;
		if (j == n)
			sec[n++] = table[i].section;
	}
	buf[0] = 0;
	for (i = 0; i < n && o < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s%s",
				      !i ? "" : i + 1 == n ? " or " : ", ",
				      sec[i]);
}

static int parse_line(struct tcesim_config *c, const char *name,
		      unsigned ln, char *line, char *section, size_t seclen,
		      char *err, size_t errlen)
{
	char why[256], *s = trim(line), *eq, *key, *val, *cut;
	int i;

	if (!*s || *s == ';' || *s == '#')
		return 0;
	if (*s == '[') {
		char *close = strchr(s, ']');

		if (!close)
			return fail(err, errlen, name, ln,
				    "unterminated section header '%s' (expected '[name]')", s);
		*close = 0;
		if (*trim(close + 1) && *trim(close + 1) != ';' &&
		    *trim(close + 1) != '#')
			return fail(err, errlen, name, ln,
				    "text after section header (expected a comment or end of line)");
		s = trim(s + 1);
		if (!known_section(s)) {
			char secs[256];

			section_list(secs, sizeof(secs));
			return fail(err, errlen, name, ln,
				    "unknown section [%s] (expected %s)", s,
				    secs);
		}
		snprintf(section, seclen, "%s", s);
		return 0;
	}
	eq = strchr(s, '=');
	if (!eq)
		return fail(err, errlen, name, ln,
			    "expected 'key = value' or '[section]', got '%.40s'", s);
	*eq = 0;
	key = trim(s);
	val = eq + 1;
	cut = strpbrk(val, ";#");
	if (cut)
		*cut = 0;
	val = trim(val);
	if (!*key)
		return fail(err, errlen, name, ln, "missing key before '='");
	if (!*section)
		return fail(err, errlen, name, ln,
			    "key '%s' outside any section (expected a [section] first)", key);
	i = find_in(section, key, strlen(key));
	if (i < 0)
		return fail(err, errlen, name, ln,
			    "unknown key '%s' in [%s]", key, section);
	if (c->line[i])
		return fail(err, errlen, name, ln,
			    "duplicate key %s.%s (first set at line %u)",
			    section, key, c->line[i]);
	if (parse_value((unsigned)i, val, &c->v[i], why, sizeof(why)))
		return fail(err, errlen, name, ln, "%s", why);
	c->line[i] = ln;
	return 0;
}

int tcesim_config_parse(struct tcesim_config *c, const char *name,
			const char *text, size_t len, char *err, size_t errlen)
{
	char line[LINE_MAX_BYTES + 2], section[32] = "";
	size_t pos = 0, n;
	unsigned ln = 0;

	if (!c || !text)
		return fail(err, errlen, name, 0, "no configuration text");
	if (!name)
		name = "<config>";
	snprintf(c->source, sizeof(c->source), "%s", name);
	memset(c->line, 0, sizeof(c->line));
	while (pos < len) {
		ln++;
		for (n = 0; pos + n < len && text[pos + n] != '\n'; n++) {
			unsigned char ch = (unsigned char)text[pos + n];

			if ((ch < 0x20 && ch != '\t' && ch != '\r') || ch == 0x7f)
				return fail(err, errlen, name, ln,
					    "binary data (byte 0x%02x at column %zu): expected text",
					    ch, n + 1);
		}
		if (n > LINE_MAX_BYTES)
			return fail(err, errlen, name, ln,
				    "line longer than %d bytes", LINE_MAX_BYTES);
		memcpy(line, text + pos, n);
		line[n] = 0;
		pos += n + 1;
		if (parse_line(c, name, ln, line, section, sizeof(section),
			       err, errlen))
			return -EINVAL;
	}
	return tcesim_config_validate(c, err, errlen);
}

int tcesim_config_load(struct tcesim_config *c, const char *path,
		       char *err, size_t errlen)
{
	FILE *f;
	char *buf;
	size_t n;
	int rc;

	if (!path)
		return fail(err, errlen, NULL, 0, "no configuration file name");
	f = fopen(path, "rb");
	if (!f)
		return fail(err, errlen, path, 0, "cannot open: %s",
			    strerror(errno));
	buf = malloc(TCESIM_CONFIG_FILE_MAX + 1);
	if (!buf) {
		fclose(f);
		return fail(err, errlen, path, 0, "out of memory");
	}
	errno = 0;
	n = fread(buf, 1, TCESIM_CONFIG_FILE_MAX + 1, f);
	if (ferror(f)) {
		rc = fail(err, errlen, path, 0, "cannot read: %s",
			  strerror(errno ? errno : EIO));
	} else if (n > TCESIM_CONFIG_FILE_MAX) {
		rc = fail(err, errlen, path, 0,
			  "file larger than %d bytes: expected a small .ini",
			  TCESIM_CONFIG_FILE_MAX);
	} else {
		rc = tcesim_config_parse(c, path, buf, n, err, errlen);
	}
	free(buf);
	fclose(f);
	return rc;
}

static int validate_as(const struct tcesim_config *c, const char *name,
		       bool from_file, char *err, size_t errlen);

int tcesim_config_set(struct tcesim_config *c, const char *assignment,
		      char *err, size_t errlen)
{
	char key[96], val[256], why[256];
	const char *eq;
	uint64_t v, old;
	unsigned old_line;
	int i;

	if (!c || !assignment)
		return fail(err, errlen, "--set", 0, "missing argument");
	eq = strchr(assignment, '=');
	if (!eq)
		return fail(err, errlen, "--set", 0,
			    "expected key=value, got '%.60s'", assignment);
	if ((size_t)(eq - assignment) >= sizeof(key) ||
	    strlen(eq + 1) >= sizeof(val))
		return fail(err, errlen, "--set", 0, "key or value too long");
	memcpy(key, assignment, (size_t)(eq - assignment));
	key[eq - assignment] = 0;
	snprintf(val, sizeof(val), "%s", eq + 1);
	i = tcesim_config_find(trim(key));
	if (i < 0)
		return fail(err, errlen, "--set", 0, "unknown key '%s'", key);
	if (parse_value((unsigned)i, trim(val), &v, why, sizeof(why)))
		return fail(err, errlen, "--set", 0, "%s", why);
	old = c->v[i];
	old_line = c->line[i];
	c->v[i] = v;
	c->line[i] = 0;
	if (validate_as(c, "--set", false, err, errlen)) {
		c->v[i] = old;		/* a refused --set changes nothing */
		c->line[i] = old_line;
		return -EINVAL;
	}
	return 0;
}

/* The line that set the key a problem message starts with ("link.mps
   must be ..."), 0 if none did. */
static unsigned problem_line(const struct tcesim_config *c, const char *msg)
{
	char key[64];
	size_t n = strcspn(msg, " ");
	int i;

	if (n >= sizeof(key))
		return 0;
	memcpy(key, msg, n);
	key[n] = 0;
	i = tcesim_config_find(key);
	return i < 0 ? 0 : c->line[i];
}

static int validate_as(const struct tcesim_config *c, const char *name,
		       bool from_file, char *err, size_t errlen)
{
	uint64_t e = c->v[P_entries], w = c->v[P_ways];
	struct pcie_link_params lp;
	const char *why;

	if (w && (w > e || e % w))
		return fail(err, errlen, name,
			    from_file ? c->line[P_ways] : 0,
			    "tce_cache.ways (%" PRIu64 ") must be 0 or divide tce_cache.entries (%" PRIu64 ")",
			    w, e);
	tcesim_config_to_link(c, &lp, NULL);
	why = pcie_link_params_problem(&lp);
	if (why)
		return fail(err, errlen, name,
			    from_file ? problem_line(c, why) : 0, "%s", why);
	return 0;
}

int tcesim_config_validate(const struct tcesim_config *c, char *err,
			   size_t errlen)
{
	return validate_as(c, c->source[0] ? c->source : "config", true,
			   err, errlen);
}

int tcesim_config_get(const struct tcesim_config *c, const char *key,
		      uint64_t *v)
{
	int i = tcesim_config_find(key);

	if (i < 0)
		return -ENOENT;
	*v = c->v[i];
	return 0;
}

void tcesim_config_to_phb3(const struct tcesim_config *c,
			   struct phb3_params *p)
{
	phb3_params_default(p);
#define TO_PHB3(sec, nm, ty, d, mn, mx, ch, un, pr, me) \
	p->nm = c->v[P_##nm];
#define TO_CACHE(sec, nm, ty, d, mn, mx, ch, un, pr, me) \
	p->tce_cache.nm = c->v[P_##nm];
	PHB3_PARAMS(TO_PHB3)
	TCE_CACHE_PARAMS(TO_CACHE)
#undef TO_CACHE
#undef TO_PHB3
}

void tcesim_config_to_timing(const struct tcesim_config *c,
			     struct timing_params *t)
{
#define CONV(sec, nm, ty, d, mn, mx, ch, un, pr, me) t->nm = c->v[P_##nm];
	TCESIM_TIMING_PARAMS(CONV)
#undef CONV
}

void tcesim_config_to_link(const struct tcesim_config *c,
			   struct pcie_link_params *p, bool *enabled)
{
#define CONV(sec, nm, ty, d, mn, mx, ch, un, pr, me) p->nm = c->v[P_##nm];
	TCESIM_LINK_PARAMS(CONV)
#undef CONV
	if (enabled)
		*enabled = c->v[P_enabled] != 0;
}

/* Value of row i as the .ini spells it. */
static void value_text(unsigned i, uint64_t v, char *buf, size_t len)
{
	const struct tcesim_config_param *p = &table[i];
	const char *c = p->choices;
	uint64_t k;

	if (p->type == SIM_PARAM_BOOL) {
		snprintf(buf, len, "%s", v ? "true" : "false");
		return;
	}
	if (p->type == SIM_PARAM_ENUM) {
		for (k = 0; c && k < v; k++) {
			c = strchr(c, '|');
			c = c ? c + 1 : NULL;
		}
		snprintf(buf, len, "%.*s", c ? (int)strcspn(c, "|") : 1,
			 c ? c : "?");
		return;
	}
	snprintf(buf, len, "%" PRIu64, v);
}

static void range_text(unsigned i, char *buf, size_t len)
{
	const struct tcesim_config_param *p = &table[i];

	if (p->type == SIM_PARAM_ENUM)
		snprintf(buf, len, "%s", p->choices);
	else if (p->type == SIM_PARAM_BOOL)
		snprintf(buf, len, "true|false");
	else
		snprintf(buf, len, "%" PRIu64 "..%" PRIu64, p->min, p->max);
}

/* Sections in order of first appearance; fn(i) for each row of each. */
static void by_section(void (*fn)(unsigned i, const char *sec, bool first,
				  void *ctx), void *ctx)
{
	unsigned i, j;

	for (i = 0; i < NPARAMS; i++) {
		bool seen = false, first = true;

		for (j = 0; j < i; j++)
			if (!strcmp(table[j].section, table[i].section))
				seen = true;
		if (seen)
			continue;
		for (j = i; j < NPARAMS; j++)
			if (!strcmp(table[j].section, table[i].section)) {
				fn(j, table[i].section, first, ctx);
				first = false;
			}
	}
}

static void help_row(unsigned i, const char *sec, bool first, void *ctx)
{
	FILE *f = ctx;
	char def[32], range[48];

	if (first)
		fprintf(f, "\n[%s]\n", sec);
	value_text(i, table[i].def, def, sizeof(def));
	range_text(i, range, sizeof(range));
	fprintf(f, "  %-24s %-8s %-24s %-12s %s (%s)\n", table[i].name, def,
		range, table[i].unit, table[i].meaning, table[i].provenance);
}

void tcesim_config_print_help(FILE *f)
{
	fprintf(f, "Configuration keys (.ini [section] key = value, or --set [section.]key=value):\n");
	fprintf(f, "  %-24s %-8s %-24s %-12s %s\n", "key", "default", "range",
		"unit", "meaning (provenance)");
	by_section(help_row, f);
}

struct ini_ctx {
	FILE *f;
	const struct tcesim_config *c;
};

static void ini_row(unsigned i, const char *sec, bool first, void *ctx)
{
	struct ini_ctx *x = ctx;
	char val[32], range[48], kv[80];

	if (first)
		fprintf(x->f, "\n[%s]\n", sec);
	value_text(i, x->c->v[i], val, sizeof(val));
	range_text(i, range, sizeof(range));
	snprintf(kv, sizeof(kv), "%s = %s", table[i].name, val);
	fprintf(x->f, "%-34s ; %s: %s [%s; %s]\n", kv, table[i].unit,
		table[i].meaning, range, table[i].provenance);
}

void tcesim_config_print_ini(const struct tcesim_config *c, FILE *f)
{
	struct ini_ctx x = { f, c };

	fprintf(f, "; tcesim configuration: PHB3 IODA2 TCE unit, functional and timing.\n"
		   "; Every line: key = value ; unit: meaning [range; provenance].\n"
		   "; Timing values are in PHB cycles unless the unit says otherwise.\n"
		   "; provenance: reference = hardware reference, gem5 = gem5 SMMUv3\n"
		   "; default, spec = PCIe Base Specification, inference = our\n"
		   "; documented choice (docs/timing-model.md, docs/pcie-link.md).\n");
	by_section(ini_row, &x);
}

static void md_row(unsigned i, const char *sec, bool first, void *ctx)
{
	char def[32], range[48];

	(void)first;
	value_text(i, table[i].def, def, sizeof(def));
	range_text(i, range, sizeof(range));
	fprintf(ctx, "| %s | %s | %s | %s | %s | %s | %s |\n", sec,
		table[i].name, def, range, table[i].unit, table[i].provenance,
		table[i].meaning);
}

void tcesim_config_print_markdown(FILE *f)
{
	fprintf(f, "| section | key | default | range | unit | provenance | meaning |\n"
		   "|---|---|---|---|---|---|---|\n");
	by_section(md_row, f);
}
