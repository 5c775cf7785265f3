/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Simulator configuration: DRAMsim3-style .ini files
 *   [section]
 *   key = value ; unit: meaning
 * and --set overrides ("key=value" or "section.key=value"). Every
 * parameter (functional PHB3 and TCE cache geometry, every timing
 * parameter of tcesim/fetch_timing.h, the PCIe link of tcesim/pcie_link.h
 * and its switch, the driver cost model) is declared once in a typed
 * table (name, section, type, unit, default, min, max, meaning,
 * provenance); the same table drives parsing, help text, the default
 * .ini and the docs table.
 * Errors never abort: they return -EINVAL with "file:line: what was
 * expected" in err.
 */
#ifndef TCESIM_CONFIG_H
#define TCESIM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tcesim/pcie_link.h"
#include "tcesim/phb3.h"
#include "tcesim/timing.h"

#define TCESIM_CONFIG_MAX 64	/* table rows (checked at build time) */
#define TCESIM_CONFIG_FILE_MAX (1 << 20) /* largest .ini accepted */

struct tcesim_config_param {
	const char *section;
	const char *name;
	enum sim_param_type type;
	uint64_t def, min, max;
	const char *choices;	/* ENUM: "a|b|c" */
	const char *unit;
	const char *provenance;	/* reference | gem5 | inference */
	const char *meaning;
};

struct tcesim_config {
	uint64_t v[TCESIM_CONFIG_MAX];	/* by table index */
	unsigned line[TCESIM_CONFIG_MAX]; /* where set (0: default/--set) */
	char source[256];		/* last file loaded */
};

/* The table, and its size. */
const struct tcesim_config_param *tcesim_config_params(unsigned *n);
/* Index of "key" or "section.key", or -1. */
int tcesim_config_find(const char *key);
/* s without the blanks the file syntax ignores around names and values
   (leading space/tab, trailing space/tab/CR), cut in place. */
char *tcesim_config_trim(char *s);

void tcesim_config_default(struct tcesim_config *c);
/* Parse text (len bytes; NULs are garbage) named name in messages. */
int tcesim_config_parse(struct tcesim_config *c, const char *name,
			const char *text, size_t len, char *err, size_t errlen);
int tcesim_config_load(struct tcesim_config *c, const char *path,
		       char *err, size_t errlen);
/* One override, "key=value" or "section.key=value"; a refused one
   (bad value, failed cross-check) leaves c unchanged. */
int tcesim_config_set(struct tcesim_config *c, const char *assignment,
		      char *err, size_t errlen);
/* Cross-parameter checks (cache geometry). 0 or -EINVAL with a message. */
int tcesim_config_validate(const struct tcesim_config *c, char *err,
			   size_t errlen);
/* 0 and *v, or -ENOENT. ENUM values are choice indexes. */
int tcesim_config_get(const struct tcesim_config *c, const char *key,
		      uint64_t *v);

void tcesim_config_to_phb3(const struct tcesim_config *c,
			   struct phb3_params *p);
void tcesim_config_to_timing(const struct tcesim_config *c,
			     struct timing_params *t);
/* The [link] section (and the link rows of [phb]); *enabled (may be
   NULL) = link.enabled. */
void tcesim_config_to_link(const struct tcesim_config *c,
			   struct pcie_link_params *p, bool *enabled);
/* The [driver] section, for kc_cost_set_params() (kc/host.h). */
struct kc_cost_params;
void tcesim_config_to_cost(const struct tcesim_config *c,
			   struct kc_cost_params *p);

/* Help table (section, key, default, range, unit, meaning). */
void tcesim_config_print_help(FILE *f);
/* A complete .ini of c's values, every line commented with its unit. */
void tcesim_config_print_ini(const struct tcesim_config *c, FILE *f);
/* Markdown table for docs/timing-model.md. */
void tcesim_config_print_markdown(FILE *f);

#endif /* TCESIM_CONFIG_H */
