// SPDX-License-Identifier: GPL-2.0
/* Attaching and detaching translation observers (xlate_observers.h). */
#include <errno.h>
#include <string.h>

#include "xlate_observers.h"

static int find(const struct xlate_observers *s,
		const struct xlate_observer *o)
{
	unsigned i;

	for (i = 0; i < s->n; i++)
		if (s->o[i].ops == o->ops && s->o[i].ctx == o->ctx)
			return (int)i;
	return -1;
}

static unsigned wants_dma(const struct xlate_observer *o)
{
	const struct xlate_observer_ops *ops = o->ops;

	return ops->req_begin || ops->rtt_lookup || ops->page || ops->req_end;
}

int xlate_observers_add(struct xlate_observers *s,
			const struct xlate_observer *o)
{
	if (!o || !o->ops)
		return -EINVAL;
	if (find(s, o) >= 0)
		return -EEXIST;
	if (s->n == XLATE_MAX_OBSERVERS)
		return -ENOSPC;
	s->o[s->n++] = *o;
	s->ndma += wants_dma(o);
	return 0;
}

int xlate_observers_remove(struct xlate_observers *s,
			   const struct xlate_observer *o)
{
	int i = o ? find(s, o) : -1;

	if (i < 0)
		return -ENOENT;
	s->ndma -= wants_dma(&s->o[i]);
	memmove(&s->o[i], &s->o[i + 1], (s->n - (unsigned)i - 1) *
		sizeof(s->o[0]));
	s->n--;
	return 0;
}
