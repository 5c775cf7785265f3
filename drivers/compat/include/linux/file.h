/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: DUPLICATES the fd-table API over the current simulated
 * process's descriptor table.
 */
#ifndef _KC_LINUX_FILE_H
#define _KC_LINUX_FILE_H

#include <linux/types.h>
#include <linux/fs.h>

struct fd {
	struct file *file;
};

/* Reference to the file behind fd in current, or NULL. */
struct file *fget(unsigned int fd);
void fput(struct file *f);

static inline struct fd fdget(unsigned int fd)
{
	struct fd f = { fget(fd) };

	return f;
}

static inline void fdput(struct fd f)
{
	if (f.file)
		fput(f.file);
}

#define fd_file(f)	((f).file)
#define fd_empty(f)	(!(f).file)

/* Reserve the lowest free descriptor of current, or -EMFILE. */
int get_unused_fd_flags(unsigned int flags);
void put_unused_fd(unsigned int fd);
/* Install f (consuming its reference) at a reserved descriptor. */
void fd_install(unsigned int fd, struct file *f);

#define O_RDONLY	00
#define O_WRONLY	01
#define O_RDWR		02
#define O_CLOEXEC	02000000

#endif /* _KC_LINUX_FILE_H */
