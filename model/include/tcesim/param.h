/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parameter tables. Each component declares its parameters once, next to
 * its parameter struct, as an X-macro of rows
 *   X(section, name, type, default, min, max, choices, unit, provenance,
 *     meaning)
 * (tcesim/phb3.h PHB3_PARAMS, tcesim/tce_cache.h TCE_CACHE_PARAMS,
 * tcesim/fetch_timing.h TCESIM_TIMING_PARAMS, tcesim/pcie_link.h
 * TCESIM_LINK_PARAMS). name is the struct field;
 * provenance is "reference" (hardware reference), "gem5" (gem5 SMMUv3
 * default) or "inference" (our choice, see docs). The component derives
 * its defaults and range checks from the rows; the simulator's .ini
 * configuration (sim/board/config.c) lists the same rows.
 */
#ifndef TCESIM_PARAM_H
#define TCESIM_PARAM_H

#include <stdbool.h>
#include <stdint.h>

enum sim_param_type {
	SIM_PARAM_U64 = 0,	/* unsigned integer in [min, max] */
	SIM_PARAM_BOOL,		/* 0/1, true/false, yes/no, on/off */
	SIM_PARAM_ENUM,		/* one of the '|'-separated choices; stored
				   as the choice's index */
};

/* v in [mn, mx] (a function, so unsigned rows with min 0 compile clean). */
static inline bool sim_param_in_range(uint64_t v, uint64_t mn, uint64_t mx)
{
	return v >= mn && v <= mx;
}

#endif /* TCESIM_PARAM_H */
