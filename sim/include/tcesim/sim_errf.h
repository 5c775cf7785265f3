/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Error messages for the simulator's C APIs that report failures as
 * "return -errno, message in a caller's buffer" (machine set-up, traffic,
 * sweeps): one formatter instead of a copy per file.
 */
#ifndef TCESIM_SIM_ERRF_H
#define TCESIM_SIM_ERRF_H

#include <stddef.h>

/* Formats into err (errlen bytes; err may be NULL) and returns rc. */
int sim_errf(char *err, size_t errlen, int rc, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif /* TCESIM_SIM_ERRF_H */
