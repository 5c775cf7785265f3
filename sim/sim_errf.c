// SPDX-License-Identifier: GPL-2.0
/*
 * sim_errf(): the one formatter behind "-errno plus a message" errors
 * of the workload APIs (traffic, sweeps, the VFIO user helpers).
 */
#include <stdarg.h>
#include <stdio.h>

#include "tcesim/sim_errf.h"

int sim_errf(char *err, size_t errlen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return rc;
}
