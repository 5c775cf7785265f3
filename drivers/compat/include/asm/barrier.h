/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES barriers as compiler+CPU fences. Every MMIO access
 * is already performed in program order on the simulated bus.
 */
#ifndef _KC_ASM_BARRIER_H
#define _KC_ASM_BARRIER_H

#define mb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define rmb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define wmb()		__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define iowmb()		wmb()
#define smp_mb()	mb()
#define smp_rmb()	rmb()
#define smp_wmb()	wmb()
#define dma_wmb()	wmb()
#define dma_rmb()	rmb()

#endif /* _KC_ASM_BARRIER_H */
