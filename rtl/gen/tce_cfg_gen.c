// SPDX-License-Identifier: GPL-2.0
/*
 * tce_cfg_gen: print rtl/tce_cfg_pkg.sv, the twin's configuration type and
 * defaults, from the C configuration table (sim/board/config.c, whose
 * timing rows are the TCESIM_TIMING_PARAMS X-macro of
 * tcesim/fetch_timing.h). One
 * struct field per key of the sections the fetch unit uses, named like the
 * key, as wide as the key's maximum; one localparam per key holding the C
 * default. From the PHB3 register lists (tcesim/phb3_regs.def,
 * tcesim/phb3_ioda.def): the offset, write mask and reset value of each
 * register the unit decodes, and the entries of each IODA table (the
 * IODA_ADDR auto-increment wraps there). The committed file is checked
 * against this output by the
 * rtl_cfg test; regenerate with `make -C build rtl-cfg-pkg` or
 *   build/rtl/tce_cfg_gen > rtl/tce_cfg_pkg.sv
 * Usage: tce_cfg_gen [OUT]  (default stdout). Exit 1 on a write error.
 */
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "tcesim/config.h"
#include "tcesim/pcie_link.h"

/* The registers the fetch unit decodes (rtl/tce_regs.sv). */
static const char *const unit_regs[] = {
	"PHB3_CONFIG", "RTT_BAR", "RTC_INVALIDATE", "TCE_KILL", "IODA_ADDR",
	"IODA_DATA0",
};

struct reg_row {
	const char *name;
	uint64_t off, reset, wmask;
};

static const struct reg_row reg_rows[] = {
#define PHB3_REG(name, off, reset, wmask, kind, src, desc) \
	{ #name, off, reset, wmask },
#include "tcesim/phb3_regs.def"
#undef PHB3_REG
};

struct ioda_row {
	const char *name;
	unsigned tsel, entries;
};

static const struct ioda_row ioda_rows[] = {
#define PHB3_IODA(name, tsel, entries, wmask, kind, src, desc) \
	{ #name, tsel, entries },
#include "tcesim/phb3_ioda.def"
#undef PHB3_IODA
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))


/* Keys that only change C reports (no hardware behind them), and the
   PCIe link's (tcesim/pcie_link.h, some in section phb: the DMA data's
   path to memory), which is not part of the fetch unit. */
static int skipped(const struct tcesim_config_param *p)
{
	static const char *const sections[] = {
		"phb", "tce_cache", "walker", "memory", "kill",
	};
#define LINK_KEY(sec, name, ty, def, mn, mx, ch, unit, prov, mean) \
	{ sec, #name },
	static const struct { const char *sec, *name; } link_keys[] = {
		TCESIM_LINK_PARAMS(LINK_KEY)
	};
#undef LINK_KEY
	unsigned i;

	if (!strcmp(p->name, "clock_mhz"))
		return 1;
	for (i = 0; i < ARRAY_LEN(link_keys); i++)
		if (!strcmp(p->section, link_keys[i].sec) &&
		    !strcmp(p->name, link_keys[i].name))
			return 1;
	for (i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		if (!strcmp(p->section, sections[i]))
			return 0;
	return 1;
}

static unsigned width(const struct tcesim_config_param *p)
{
	uint64_t top = p->max;
	unsigned w = 0;

	if (p->type == SIM_PARAM_BOOL)
		return 1;
	if (p->type == SIM_PARAM_ENUM) {
		const char *c;

		top = 0;
		for (c = p->choices; c && *c; c++)
			top += *c == '|';
	}
	while (w < 64 && (top >> w))
		w++;
	return w ? w : 1;
}

/* issue_interval -> IssueInterval */
static void camel(const char *s, char *out, size_t n)
{
	size_t o = 0;
	int up = 1;

	for (; *s && o + 1 < n; s++) {
		if (*s == '_') {
			up = 1;
			continue;
		}
		out[o++] = up ? (char)toupper((unsigned char)*s) : *s;
		up = 0;
	}
	out[o] = '\0';
}

/* PHB3_CONFIG -> Phb3Config */
static void reg_camel(const char *s, char *out, size_t n)
{
	char low[64];
	size_t i;

	for (i = 0; s[i] && i + 1 < sizeof(low); i++)
		low[i] = (char)tolower((unsigned char)s[i]);
	low[i] = '\0';
	camel(low, out, n);
}

/* Register constants: localparam Reg<Name> (offset) and, for registers
   that store bits, <Name>Wmask and <Name>Reset; the IODA table sizes as a function of TSEL. */
static int print_regs(FILE *f)
{
	unsigned i, j;
	char name[64];

	fprintf(f, "\n  // ---- PHB3 registers the unit decodes (tcesim/phb3_regs.def) ----\n");
	for (i = 0; i < ARRAY_LEN(unit_regs); i++) {
		for (j = 0; j < ARRAY_LEN(reg_rows); j++)
			if (!strcmp(reg_rows[j].name, unit_regs[i]))
				break;
		if (j == ARRAY_LEN(reg_rows)) {
			fprintf(stderr, "tce_cfg_gen: register %s is not in phb3_regs.def\n",
				unit_regs[i]);
			return -1;
		}
		reg_camel(reg_rows[j].name, name, sizeof(name));
		fprintf(f, "  localparam logic [11:0] Reg%s = 12'h%03" PRIx64 ";\n",
			name, reg_rows[j].off);
		if (!reg_rows[j].wmask)
			continue;	/* an action port: nothing stored */
		fprintf(f, "  localparam logic [63:0] %sWmask = 64'h%016" PRIx64 ";\n",
			name, reg_rows[j].wmask);
		fprintf(f, "  localparam logic [63:0] %sReset = 64'h%016" PRIx64 ";\n",
			name, reg_rows[j].reset);
	}
	fprintf(f, "\n  // ---- IODA tables (tcesim/phb3_ioda.def): entries by TSEL, 0 for an\n"
		"  // unassigned selector (IODA_ADDR does not advance) ----\n"
		"  function automatic logic [9:0] ioda_entries(logic [4:0] tsel);\n"
		"    unique case (tsel)\n");
	for (i = 0; i < ARRAY_LEN(ioda_rows); i++)
		fprintf(f, "      5'd%u: return 10'd%u;  // %s\n", ioda_rows[i].tsel,
			ioda_rows[i].entries, ioda_rows[i].name);
	fprintf(f, "      default: return 10'd0;\n    endcase\n  endfunction\n");
	return 0;
}

static void type_of(unsigned w, char *out, size_t n)
{
	if (w == 1)
		snprintf(out, n, "logic");
	else
		snprintf(out, n, "logic [%u:0]", w - 1);
}

int main(int argc, char **argv)
{
	const struct tcesim_config_param *t;
	FILE *f = stdout;
	unsigned n, i, last = 0;
	char name[64], ty[32];

	if (argc > 2) {
		fprintf(stderr, "usage: tce_cfg_gen [OUT]\n");
		return 2;
	}
	if (argc == 2 && !(f = fopen(argv[1], "w"))) {
		perror(argv[1]);
		return 1;
	}
	t = tcesim_config_params(&n);
	for (i = 0; i < n; i++)
		if (!skipped(&t[i]))
			last = i;

	fprintf(f, "// SPDX-License-Identifier: GPL-2.0\n"
		"//\n"
		"// GENERATED by rtl/gen/tce_cfg_gen.c from the C configuration table\n"
		"// (sim/board/config.c; timing rows: TCESIM_TIMING_PARAMS in\n"
		"// model/include/tcesim/fetch_timing.h) and the PHB3 register lists\n"
		"// (model/include/tcesim/phb3_regs.def, phb3_ioda.def). Do not edit:\n"
		"// the rtl_cfg test fails when this file differs from the generator's\n"
		"// output.\n"
		"//\n"
		"// cfg_t has one field per configuration key of the fetch unit, named\n"
		"// like the key and as wide as its largest value (enums: choice index);\n"
		"// each localparam is that key's C default. Then the offset, write mask\n"
		"// and reset value of each register the unit decodes, and the size of\n"
		"// each IODA table.\n"
		"package tce_cfg_pkg;\n\n"
		"  typedef struct packed {\n");
	for (i = 0; i < n; i++) {
		if (skipped(&t[i]))
			continue;
		type_of(width(&t[i]), ty, sizeof(ty));
		fprintf(f, "    %-14s %s;  // %s.%s [%s]%s%s\n", ty, t[i].name,
			t[i].section, t[i].name, t[i].unit,
			t[i].choices ? " " : "",
			t[i].choices ? t[i].choices : "");
	}
	fprintf(f, "  } cfg_t;\n\n");
	for (i = 0; i < n; i++) {
		unsigned w;

		if (skipped(&t[i]))
			continue;
		w = width(&t[i]);
		camel(t[i].name, name, sizeof(name));
		type_of(w, ty, sizeof(ty));
		fprintf(f, "  // %s\n  localparam %s %s = %u'd%" PRIu64 ";\n",
			t[i].meaning, ty, name, w, t[i].def);
	}
	fprintf(f, "\n  localparam cfg_t CfgDefault = '{\n");
	for (i = 0; i < n; i++) {
		if (skipped(&t[i]))
			continue;
		camel(t[i].name, name, sizeof(name));
		fprintf(f, "    %s: %s%s\n", t[i].name, name,
			i == last ? "" : ",");
	}
	fprintf(f, "  };\n");
	if (print_regs(f))
		return 1;
	fprintf(f, "\nendpackage\n");
	if (fflush(f) || ferror(f) || (f != stdout && fclose(f))) {
		perror(argc == 2 ? argv[1] : "stdout");
		return 1;
	}
	return 0;
}
