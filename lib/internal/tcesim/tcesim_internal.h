/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Beside the API, for the tcesim CLI only (it compiles the API objects
 * in): neither installed nor exported by the shared library.
 */
#ifndef TCESIM_LIB_TCESIM_INTERNAL_H
#define TCESIM_LIB_TCESIM_INTERNAL_H

#include "tcesim/tcesim.h"

struct machine_phb3_hooks;

/*
 * The machines made from s (tcesim_replay_file, tcesim_new) get h and
 * ctx as their machine_config.phb3_hooks (tcesim/machine.h): told of
 * every PHB3 they create, before the firmware touches it, and destroy
 * (the RTL twin of --rtl). h NULL: none (the default).
 */
void api_setup_phb3_hooks(tcesim_setup *s,
			  const struct machine_phb3_hooks *h, void *ctx);

#endif /* TCESIM_LIB_TCESIM_INTERNAL_H */
