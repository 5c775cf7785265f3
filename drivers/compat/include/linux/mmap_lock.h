/* SPDX-License-Identifier: GPL-2.0 */
/* compat: DUPLICATES the mmap_lock wrappers on struct mm_struct. */
#ifndef _KC_LINUX_MMAP_LOCK_H
#define _KC_LINUX_MMAP_LOCK_H

#include <linux/rwsem.h>
#include <linux/mm_types.h>

static inline void mmap_read_lock(struct mm_struct *mm)
{
	down_read(&mm->mmap_lock);
}

static inline void mmap_read_unlock(struct mm_struct *mm)
{
	up_read(&mm->mmap_lock);
}

static inline void mmap_write_lock(struct mm_struct *mm)
{
	down_write(&mm->mmap_lock);
}

static inline void mmap_write_unlock(struct mm_struct *mm)
{
	up_write(&mm->mmap_lock);
}

#endif /* _KC_LINUX_MMAP_LOCK_H */
