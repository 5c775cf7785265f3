/* SPDX-License-Identifier: GPL-2.0 */
/* compat: STUBS delays (simulated time belongs to sim/, not the driver). */
#ifndef _KC_LINUX_DELAY_H
#define _KC_LINUX_DELAY_H

#define udelay(us)	do { (void)(us); } while (0)
#define ndelay(ns)	do { (void)(ns); } while (0)
#define mdelay(ms)	do { (void)(ms); } while (0)
#define msleep(ms)	do { (void)(ms); } while (0)

#endif /* _KC_LINUX_DELAY_H */
