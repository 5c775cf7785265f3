/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: DUPLICATES nothing: pulls in the system's installed
 * <linux/vfio.h> (linux-libc-dev) for the VFIO ioctl numbers and struct
 * layouts, on top of compat's <linux/types.h> and <linux/ioctl.h>.
 *
 * The installed header's include guard is VFIO_H, the same name the
 * kernel-internal <linux/vfio.h> uses; it is saved and restored around
 * the inclusion so either header can come first.
 */
#ifndef _KC_UAPI_LINUX_VFIO_H
#define _KC_UAPI_LINUX_VFIO_H

#include <linux/types.h>
#include <linux/ioctl.h>

#ifdef VFIO_H
#define __KC_VFIO_H_WAS_DEFINED
#undef VFIO_H
#endif

#include_next <linux/vfio.h>

#undef VFIO_H
#ifdef __KC_VFIO_H_WAS_DEFINED
#define VFIO_H
#undef __KC_VFIO_H_WAS_DEFINED
#endif

#endif /* _KC_UAPI_LINUX_VFIO_H */
