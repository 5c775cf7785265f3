/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The observers a producer (PHB3, P5IOC2) keeps, and the calls that hand
 * them an event (see tcesim/xlate_observer.h). Producers test
 * xlate_watched() first, so nothing is built when no one listens; the
 * DMA path tests xlate_watched_dma(), so observers of register writes
 * only (kills, e.g. a platform revoking DMI) cost DMA nothing.
 */
#ifndef TCESIM_MODEL_XLATE_OBSERVERS_H
#define TCESIM_MODEL_XLATE_OBSERVERS_H

#include "tcesim/xlate_observer.h"

struct xlate_observers {
	unsigned n;
	unsigned ndma;		/* of them, with a DMA-path callback */
	struct xlate_observer o[XLATE_MAX_OBSERVERS];
};

/* 0; -EINVAL (no ops), -EEXIST (already attached), -ENOSPC (full). */
int xlate_observers_add(struct xlate_observers *s,
			const struct xlate_observer *o);
/* 0 or -ENOENT. Later observers keep their order. */
int xlate_observers_remove(struct xlate_observers *s,
			   const struct xlate_observer *o);

static inline bool xlate_watched(const struct xlate_observers *s)
{
	return __builtin_expect(s->n != 0, 0);
}

/* Some observer wants the events of DMA requests (req_begin,
   rtt_lookup, page, req_end). */
static inline bool xlate_watched_dma(const struct xlate_observers *s)
{
	return __builtin_expect(s->ndma != 0, 0);
}

/* Call every observer's callback cb with event ev. */
#define XLATE_EMIT(s, cb, ev) \
	do { \
		unsigned xe_i_; \
		for (xe_i_ = 0; xe_i_ < (s)->n; xe_i_++) \
			if ((s)->o[xe_i_].ops->cb) \
				(s)->o[xe_i_].ops->cb((s)->o[xe_i_].ctx, \
						      (ev)); \
	} while (0)

#endif /* TCESIM_MODEL_XLATE_OBSERVERS_H */
