// SPDX-License-Identifier: GPL-2.0
/*
 * tcesim_checkpoint and tcesim_load_image: a machine's checkpoint written
 * as an ELF core and any ELF loaded back (sim/images, docs/images.md),
 * as `tcesim replay --dump-at` and `--load` do.
 */
#include <errno.h>

#include "api_internal.h"
#include "tcesim/checkpoint.h"

int tcesim_checkpoint(tcesim_machine *tm, const char *path)
{
	char err[600] = "";
	int rc;

	if (!tm || !path)
		return api_fail(-EINVAL, "tcesim_checkpoint: NULL argument");
	rc = checkpoint_write(tm->m, path, NULL, 0, NULL, err, sizeof(err));
	if (rc)
		return api_fail(rc, "tcesim_checkpoint: %s", err);
	return 0;
}

int tcesim_load_image(tcesim_machine *tm, const char *path)
{
	struct checkpoint_load_result r;
	char err[600] = "";
	int rc;

	if (!tm || !path)
		return api_fail(-EINVAL, "tcesim_load_image: NULL argument");
	rc = checkpoint_load(tm->m, path, NULL, &r, err, sizeof(err));
	if (rc)
		return api_fail(rc, "tcesim_load_image: %s", err);
	return r.restored ? 1 : 0;
}
