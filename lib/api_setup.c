// SPDX-License-Identifier: GPL-2.0
/*
 * tcesim_setup: the configuration a machine is made from. The model's
 * .ini parameters go to the simulator's own parser (sim/board/config.c,
 * one table for every parameter); the [machine] section (the machine's
 * shape, which traces give on their `machine` line) is read here, line
 * by line, and blanked out of the text the model parser sees, so its
 * file:line messages keep their line numbers.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "tcesim/config.h"
#include "tcesim/machine.h"
#include "tcesim/tcesim_internal.h"

#define trim(s) tcesim_config_trim(s)	/* blanks the ini syntax ignores */

#define INI_MAX (1 << 20)

tcesim_setup *tcesim_setup_new(void)
{
	tcesim_setup *s = calloc(1, sizeof(*s));

	if (!s) {
		api_fail(-ENOMEM, "out of memory");
		return NULL;
	}
	machine_config_default(&s->mc);
	tcesim_config_default(&s->cfg);
	return s;
}

void tcesim_setup_free(tcesim_setup *s)
{
	free(s);
}

void api_setup_phb3_hooks(tcesim_setup *s,
			  const struct machine_phb3_hooks *h, void *ctx)
{
	s->mc.phb3_hooks = h;
	s->mc.phb3_hooks_ctx = ctx;
}

/* ---- the [machine] keys ---- */

/* "123", "0x10", "64K", "16M", "1G", "2T" -> bytes; -1 if not a size. */
static int parse_size(const char *v, uint64_t *out)
{
	unsigned long long n;
	char *end;
	unsigned sh = 0;

	if (!isdigit((unsigned char)v[0]))
		return -1;
	errno = 0;
	n = strtoull(v, &end, 0);
	if (errno)
		return -1;
	switch (toupper((unsigned char)*end)) {
	case 'K': sh = 10; end++; break;
	case 'M': sh = 20; end++; break;
	case 'G': sh = 30; end++; break;
	case 'T': sh = 40; end++; break;
	default: break;
	}
	if (*end || (sh && n > (UINT64_MAX >> sh)))
		return -1;
	*out = (uint64_t)n << sh;
	return 0;
}

/* "PHB:BDFN" items separated by spaces or commas. */
static int parse_devices(struct machine_config *mc, const char *v,
			 char *why, size_t whylen)
{
	const char *p = v;

	mc->nr_devs = 0;
	while (*p) {
		unsigned long phb, bdfn;
		char *end;

		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (!*p)
			break;
		if (!isdigit((unsigned char)*p))
			goto bad;
		phb = strtoul(p, &end, 0);
		if (*end != ':' || !isdigit((unsigned char)end[1]))
			goto bad;
		bdfn = strtoul(end + 1, &end, 0);
		if ((*end && *end != ' ' && *end != ',' && *end != '\t') ||
		    phb >= MACHINE_MAX_PHBS || bdfn > 0xffff)
			goto bad;
		if (mc->nr_devs >= MACHINE_MAX_DEVS) {
			snprintf(why, whylen, "machine.devices: at most %d devices",
				 MACHINE_MAX_DEVS);
			return -1;
		}
		mc->devs[mc->nr_devs].phb = (unsigned)phb;
		mc->devs[mc->nr_devs++].bdfn = (uint16_t)bdfn;
		p = end;
	}
	return 0;
bad:
	snprintf(why, whylen,
		 "machine.devices: expected PHB:BDFN items (e.g. 0:0x0100), got '%s'",
		 v);
	return -1;
}

static int parse_bool(const char *v, bool *out)
{
	if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes") ||
	    !strcmp(v, "on"))
		*out = true;
	else if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no") ||
		 !strcmp(v, "off"))
		*out = false;
	else
		return -1;
	return 0;
}

/* key (without "machine.") = value into mc; NULL, or what was wrong. */
static const char *machine_key(struct machine_config *mc, const char *key,
			       const char *v, char *why, size_t whylen)
{
	uint64_t n;

	if (!strcmp(key, "platform")) {
		if (!strcmp(v, "phb3"))
			mc->platform = MACHINE_PHB3;
		else if (!strcmp(v, "p5ioc2"))
			mc->platform = MACHINE_P5IOC2;
		else
			goto bad_word;
	} else if (!strcmp(key, "ram")) {
		if (parse_size(v, &n))
			goto bad_size;
		mc->ram_bytes = n;
	} else if (!strcmp(key, "phbs")) {
		if (parse_size(v, &n) || !n || n > MACHINE_MAX_PHBS) {
			snprintf(why, whylen, "machine.phbs: expected 1..%d, got '%s'",
				 MACHINE_MAX_PHBS, v);
			return why;
		}
		mc->nr_phbs = (unsigned)n;
	} else if (!strcmp(key, "page_size")) {
		if (parse_size(v, &n) || (n != 4096 && n != 65536)) {
			snprintf(why, whylen, "machine.page_size: expected 4K or 64K, got '%s'",
				 v);
			return why;
		}
		mc->page_shift = n == 4096 ? 12 : 16;
	} else if (!strcmp(key, "memlock")) {
		if (parse_size(v, &n))
			goto bad_size;
		mc->memlock_bytes = n;
	} else if (!strcmp(key, "cap_ipc_lock")) {
		if (parse_bool(v, &mc->cap_ipc_lock))
			goto bad_word;
	} else if (!strcmp(key, "mode")) {
		if (!strcmp(v, "functional"))
			mc->timing = false;
		else if (!strcmp(v, "timing"))
			mc->timing = true;
		else
			goto bad_word;
	} else if (!strcmp(key, "devices")) {
		if (parse_devices(mc, v, why, whylen))
			return why;
	} else {
		snprintf(why, whylen,
			 "unknown key '%s' in [machine] (expected platform, ram, phbs, page_size, memlock, cap_ipc_lock, mode or devices)",
			 key);
		return why;
	}
	return NULL;
bad_size:
	snprintf(why, whylen,
		 "machine.%s: expected a size in bytes (K/M/G/T suffixes), got '%s'",
		 key, v);
	return why;
bad_word:
	snprintf(why, whylen, "machine.%s: unexpected value '%s' (%s)", key, v,
		 !strcmp(key, "platform") ? "phb3 or p5ioc2" :
		 !strcmp(key, "mode") ? "functional or timing" :
		 "true/false, yes/no, on/off, 1/0");
	return why;
}

/*
 * Reads the [machine] lines of text into mc and blanks them (and their
 * header) in text, which is a writable copy. 0, or -EINVAL with the
 * message recorded.
 */
static int take_machine_section(struct machine_config *mc, const char *name,
				char *text, size_t len)
{
	size_t pos = 0;
	unsigned ln = 0;
	bool in = false;

	while (pos < len) {
		size_t n = 0;
		char line[1024], *s, *eq, *cut, why[256];
		const char *bad;

		ln++;
		while (pos + n < len && text[pos + n] != '\n')
			n++;
		if (n >= sizeof(line)) {
			/* the model parser reports long lines, unless ours */
			if (in)
				return api_fail(-EINVAL, "%s:%u: line longer than %zu bytes",
						name, ln, sizeof(line) - 1);
			pos += n + 1;
			continue;
		}
		memcpy(line, text + pos, n);
		line[n] = 0;
		s = trim(line);
		if (*s == '[') {
			char *close = strchr(s, ']');

			if (close) {
				*close = 0;
				in = !strcmp(trim(s + 1), "machine");
				if (in)
					memset(text + pos, ' ', n);
			} else {
				in = false;
			}
		} else if (in) {
			memset(text + pos, ' ', n);
			if (*s && *s != ';' && *s != '#') {
				for (size_t i = 0; i < n; i++)
					if ((unsigned char)line[i] < 0x20 &&
					    line[i] != '\t' && line[i] != '\r')
						return api_fail(-EINVAL,
							"%s:%u: binary data: expected text",
							name, ln);
				eq = strchr(s, '=');
				if (!eq)
					return api_fail(-EINVAL,
						"%s:%u: expected 'key = value' or '[section]', got '%.40s'",
						name, ln, s);
				*eq = 0;
				cut = strpbrk(eq + 1, ";#");
				if (cut)
					*cut = 0;
				bad = machine_key(mc, trim(s), trim(eq + 1), why,
						  sizeof(why));
				if (bad)
					return api_fail(-EINVAL, "%s:%u: %s", name,
							ln, bad);
			}
		}
		pos += n + 1;
	}
	return 0;
}

int tcesim_setup_ini(tcesim_setup *s, const char *name, const char *text,
		     size_t len)
{
	struct machine_config mc;
	struct tcesim_config cfg;
	char err[512], *copy;
	int rc;

	if (!s || (!text && len))
		return api_fail(-EINVAL, "tcesim_setup_ini: NULL argument");
	if (!name)
		name = "<config>";
	if (len > INI_MAX)
		return api_fail(-EINVAL, "%s: larger than %d bytes: expected a small .ini",
				name, INI_MAX);
	copy = malloc(len + 1);
	if (!copy)
		return api_fail(-ENOMEM, "out of memory");
	if (len)
		memcpy(copy, text, len);
	copy[len] = 0;
	mc = s->mc;
	cfg = s->cfg;
	rc = take_machine_section(&mc, name, copy, len);
	if (!rc && tcesim_config_parse(&cfg, name, copy, len, err, sizeof(err)))
		rc = api_fail(-EINVAL, "%s", err);
	free(copy);
	if (rc)
		return rc;
	s->mc = mc;
	s->cfg = cfg;
	return 0;
}

int tcesim_setup_ini_file(tcesim_setup *s, const char *path)
{
	FILE *f;
	char *buf;
	size_t n;
	int rc;

	if (!s || !path)
		return api_fail(-EINVAL, "tcesim_setup_ini_file: NULL argument");
	f = fopen(path, "rb");
	if (!f) {
		rc = -errno;
		return api_fail(rc, "%s: cannot open: %s", path, strerror(-rc));
	}
	buf = malloc(INI_MAX + 1);
	if (!buf) {
		fclose(f);
		return api_fail(-ENOMEM, "out of memory");
	}
	n = fread(buf, 1, INI_MAX + 1, f);
	if (ferror(f))
		rc = api_fail(-EIO, "%s: read error", path);
	else
		rc = tcesim_setup_ini(s, path, buf, n);
	fclose(f);
	free(buf);
	return rc;
}

int tcesim_setup_set(tcesim_setup *s, const char *kv)
{
	char err[512], key[64], why[256];
	const char *eq, *bad;
	size_t klen;

	if (!s || !kv)
		return api_fail(-EINVAL, "tcesim_setup_set: NULL argument");
	eq = strchr(kv, '=');
	klen = eq ? (size_t)(eq - kv) : 0;
	if (eq && klen > 8 && klen < sizeof(key) && !strncmp(kv, "machine.", 8)) {
		struct machine_config mc = s->mc;

		memcpy(key, kv + 8, klen - 8);
		key[klen - 8] = 0;
		bad = machine_key(&mc, key, eq + 1, why, sizeof(why));
		if (bad)
			return api_fail(-EINVAL, "%s", bad);
		s->mc = mc;
		return 0;
	}
	if (tcesim_config_set(&s->cfg, kv, err, sizeof(err)))
		return api_fail(-EINVAL, "%s", err);
	return 0;
}

int tcesim_setup_get(const tcesim_setup *s, const char *key, uint64_t *value)
{
	const struct machine_config *mc;

	if (!s || !key || !value)
		return api_fail(-EINVAL, "tcesim_setup_get: NULL argument");
	mc = &s->mc;
	if (!strncmp(key, "machine.", 8)) {
		const char *k = key + 8;

		if (!strcmp(k, "platform"))
			*value = mc->platform == MACHINE_P5IOC2;
		else if (!strcmp(k, "ram"))
			*value = mc->ram_bytes;
		else if (!strcmp(k, "phbs"))
			*value = mc->nr_phbs;
		else if (!strcmp(k, "page_size"))
			*value = 1ull << mc->page_shift;
		else if (!strcmp(k, "memlock"))
			*value = mc->memlock_bytes;
		else if (!strcmp(k, "cap_ipc_lock"))
			*value = mc->cap_ipc_lock;
		else if (!strcmp(k, "mode"))
			*value = mc->timing;
		else if (!strcmp(k, "devices"))
			*value = mc->nr_devs;
		else
			return api_fail(-ENOENT, "no key '%s'", key);
		return 0;
	}
	if (tcesim_config_get(&s->cfg, key, value))
		return api_fail(-ENOENT, "no key '%s'", key);
	return 0;
}

int tcesim_setup_memory(tcesim_setup *s, const struct tcesim_memory *mem)
{
	struct machine_config *mc;
	unsigned i;

	if (!s)
		return api_fail(-EINVAL, "tcesim_setup_memory: NULL setup");
	mc = &s->mc;
	if (!mem) {
		memset(&mc->mem_backend, 0, sizeof(mc->mem_backend));
		mc->mem_nregions = 0;
		mc->mem_phb_backend = false;
		mc->mem_phb_data_direct = false;
		return 0;
	}
	if (mem->nregions > TCESIM_MEM_MAX_REGIONS ||
	    (mem->nregions && !mem->regions))
		return api_fail(-EINVAL, "memory: at most %d regions, and regions needs a pointer",
				TCESIM_MEM_MAX_REGIONS);
	if (!mem->read && !mem->write && !mem->nregions)
		return api_fail(-EINVAL, "memory: no callback and no region");
	if (mem->flags & ~(TCESIM_MEM_PHB_CALLBACKS | TCESIM_MEM_ZEROED |
			   TCESIM_MEM_PHB_DATA_DIRECT))
		return api_fail(-EINVAL, "memory: unknown flags %#x", mem->flags);
	if ((mem->flags & TCESIM_MEM_PHB_CALLBACKS) &&
	    (!mem->read || !mem->write))
		return api_fail(-EINVAL,
				"memory: TCESIM_MEM_PHB_CALLBACKS needs both callbacks");
	for (i = 0; i < mem->nregions; i++)
		if (!mem->regions[i].host || !mem->regions[i].len)
			return api_fail(-EINVAL, "memory: region %u has no host pointer or no length",
					i);
	mc->mem_backend = (struct sim_mem_backend){
		mem->read, mem->write, mem->ctx,
		(mem->flags & TCESIM_MEM_ZEROED) != 0 };
	for (i = 0; i < mem->nregions; i++)
		mc->mem_regions[i] = (struct sim_mem_region){
			mem->regions[i].pa, mem->regions[i].len,
			mem->regions[i].host };
	mc->mem_nregions = mem->nregions;
	mc->mem_phb_backend = mem->flags & TCESIM_MEM_PHB_CALLBACKS;
	mc->mem_phb_data_direct = mem->flags & TCESIM_MEM_PHB_DATA_DIRECT;
	return 0;
}

int tcesim_setup_mmio_route(tcesim_setup *s, tcesim_mmio_fn fn, void *ctx)
{
	if (!s)
		return api_fail(-EINVAL, "tcesim_setup_mmio_route: NULL setup");
	s->mc.mmio_route = (struct machine_mmio_route){ fn, fn ? ctx : NULL };
	return 0;
}

void api_machine_config(const tcesim_setup *s, struct machine_config *mc,
			struct kc_cost_params *cost, bool *have_cost)
{
	struct tcesim_config def;
	const struct tcesim_config *c = &def;

	if (s) {
		*mc = s->mc;
		c = &s->cfg;
	} else {
		machine_config_default(mc);
		tcesim_config_default(&def);
	}
	tcesim_config_to_phb3(c, &mc->phb3);
	tcesim_config_to_timing(c, &mc->timing_params);
	tcesim_config_to_cost(c, cost);
	*have_cost = true;
	mc->cost = NULL;
}
