// SPDX-License-Identifier: GPL-2.0
/*
 * compat files: device nodes (misc devices and cdevs), struct file with
 * fget/fput, per-process descriptor tables, anonymous-inode files, and
 * the userspace syscalls kc_open/kc_close/kc_ioctl.
 */
#include <string.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/miscdevice.h>
#include <linux/cdev.h>
#include <linux/anon_inodes.h>
#include <linux/device.h>
#include <linux/err.h>
#include "kc_internal.h"

struct kc_node {
	struct list_head node;
	char path[96];			/* without the leading "/dev/" */
	const struct file_operations *fops;
	struct miscdevice *misc;
	struct cdev *cdev;
	dev_t devt;
};

/* A file and its private inode (nodes may go while files stay open). */
struct kc_file {
	struct file file;
	struct inode inode;
	struct list_head node;		/* kc_files */
};

static LIST_HEAD(kc_nodes);
static LIST_HEAD(kc_files);
static unsigned int kc_next_misc_minor = 64;
static unsigned int kc_next_chr_major = 240;
static struct file kc_fd_reserved;	/* marks get_unused_fd_flags slots */

static struct kc_node *kc_node_find(const char *path)
{
	struct kc_node *n;

	list_for_each_entry(n, &kc_nodes, node)
		if (!strcmp(n->path, path))
			return n;
	return NULL;
}

static int kc_node_add(const char *path, const struct file_operations *fops,
		       struct miscdevice *misc, struct cdev *cdev, dev_t devt,
		       struct kc_node **out)
{
	struct kc_node *n;

	if (!path || !*path || strlen(path) >= sizeof(n->path))
		return -EINVAL;
	if (kc_node_find(path))
		return -EBUSY;
	if (kc_should_fail(KC_FAIL_KMALLOC))
		return -ENOMEM;
	n = kc_zalloc(sizeof(*n));
	strcpy(n->path, path);
	n->fops = fops;
	n->misc = misc;
	n->cdev = cdev;
	n->devt = devt;
	list_add_tail(&n->node, &kc_nodes);
	if (out)
		*out = n;
	return 0;
}

static void kc_node_del(struct kc_node *n)
{
	list_del(&n->node);
	kc_free(n);
}

int misc_register(struct miscdevice *misc)
{
	const char *path = misc->nodename ? misc->nodename : misc->name;
	int rc;

	if (misc->minor == MISC_DYNAMIC_MINOR)
		misc->minor = (int)kc_next_misc_minor++;
	rc = kc_node_add(path, misc->fops, misc, NULL, MKDEV(10, misc->minor),
			 NULL);
	return rc;
}

void misc_deregister(struct miscdevice *misc)
{
	struct kc_node *n;

	list_for_each_entry(n, &kc_nodes, node)
		if (n->misc == misc) {
			kc_node_del(n);
			return;
		}
	WARN_ON(1);	/* not registered */
}

void cdev_init(struct cdev *cdev, const struct file_operations *fops)
{
	memset(cdev, 0, sizeof(*cdev));
	cdev->ops = fops;
}

int cdev_device_add(struct cdev *cdev, struct device *dev)
{
	struct kc_node *n;
	int rc;

	if (cdev->kc_node)
		return -EBUSY;
	cdev->dev = dev->devt;
	rc = kc_node_add(dev_name(dev), cdev->ops, NULL, cdev, dev->devt, &n);
	if (!rc)
		cdev->kc_node = n;
	return rc;
}

void cdev_device_del(struct cdev *cdev, struct device *dev)
{
	if (WARN_ON(!cdev->kc_node))
		return;
	kc_node_del(cdev->kc_node);
	cdev->kc_node = NULL;
}

int alloc_chrdev_region(dev_t *dev, unsigned int baseminor,
			unsigned int count, const char *name)
{
	*dev = MKDEV(kc_next_chr_major++, baseminor);
	return 0;
}

void unregister_chrdev_region(dev_t from, unsigned int count)
{
}

/* --- struct file ----------------------------------------------------- */

static struct file *kc_file_new(const struct file_operations *fops,
				const char *name)
{
	struct kc_file *kf = kc_zalloc(sizeof(*kf));

	kf->file.f_op = fops;
	kf->file.f_inode = &kf->inode;
	kf->file.f_mode = FMODE_READ | FMODE_WRITE;
	kf->file.kc_count = 1;
	kf->file.kc_name = name;
	list_add_tail(&kf->node, &kc_files);
	kc.cnt.files_open++;
	return &kf->file;
}

static void kc_file_free(struct file *f)
{
	struct kc_file *kf = container_of(f, struct kc_file, file);

	list_del(&kf->node);
	kc.cnt.files_open--;
	kc_free(kf);
}

struct file *get_file(struct file *f)
{
	f->kc_count++;
	return f;
}

void fput(struct file *f)
{
	if (WARN_ON(f->kc_count <= 0))
		return;
	if (--f->kc_count)
		return;
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	kc_file_free(f);
}

loff_t noop_llseek(struct file *f, loff_t off, int whence)
{
	return 0;
}

int nonseekable_open(struct inode *inode, struct file *f)
{
	return 0;
}

int stream_open(struct inode *inode, struct file *f)
{
	return 0;
}

/* --- descriptor tables (current process) ------------------------------ */

static int kc_fd_alloc(struct kc_proc *p)
{
	struct file **fds;
	int nfds, fd;

	fds = kc_proc_fdtable(p, &nfds);
	for (fd = KC_FD_FIRST; fd < nfds; fd++)
		if (!fds[fd])
			return fd;
	if (kc_proc_fd_grow(p, nfds + 1))
		return -EMFILE;
	return fd;
}

int get_unused_fd_flags(unsigned int flags)
{
	struct file **fds;
	int nfds, fd;

	if (!kc.cur)
		return -EBADF;
	fd = kc_fd_alloc(kc.cur);
	if (fd < 0)
		return fd;
	fds = kc_proc_fdtable(kc.cur, &nfds);
	fds[fd] = &kc_fd_reserved;
	return fd;
}

void put_unused_fd(unsigned int fd)
{
	struct file **fds;
	int nfds;

	if (!kc.cur)
		return;
	fds = kc_proc_fdtable(kc.cur, &nfds);
	if (!WARN_ON((int)fd >= nfds || fds[fd] != &kc_fd_reserved))
		fds[fd] = NULL;
}

void fd_install(unsigned int fd, struct file *f)
{
	struct file **fds;
	int nfds;

	BUG_ON(!kc.cur);
	fds = kc_proc_fdtable(kc.cur, &nfds);
	BUG_ON((int)fd >= nfds || fds[fd] != &kc_fd_reserved);
	fds[fd] = f;
}

struct file *fget(unsigned int fd)
{
	struct file **fds;
	int nfds;

	if (!kc.cur)
		return NULL;
	fds = kc_proc_fdtable(kc.cur, &nfds);
	if ((int)fd < 0 || (int)fd >= nfds || !fds[fd] ||
	    fds[fd] == &kc_fd_reserved)
		return NULL;
	return get_file(fds[fd]);
}

void kc_fs_close_all(struct kc_proc *p)
{
	struct file **fds;
	int nfds, fd;

	fds = kc_proc_fdtable(p, &nfds);
	for (fd = 0; fd < nfds; fd++) {
		struct file *f = fds[fd];

		fds[fd] = NULL;
		if (f && f != &kc_fd_reserved)
			fput(f);
	}
}

struct file *anon_inode_getfile(const char *name,
				const struct file_operations *fops,
				void *priv, int flags)
{
	struct file *f;

	if (kc_should_fail(KC_FAIL_KMALLOC))
		return ERR_PTR(-ENOMEM);
	f = kc_file_new(fops, name);
	f->private_data = priv;
	f->f_flags = (unsigned int)flags;
	return f;
}

int anon_inode_getfd(const char *name, const struct file_operations *fops,
		     void *priv, int flags)
{
	struct file *f;
	int fd = get_unused_fd_flags((unsigned int)flags);

	if (fd < 0)
		return fd;
	f = anon_inode_getfile(name, fops, priv, flags);
	if (IS_ERR(f)) {
		put_unused_fd((unsigned int)fd);
		return (int)PTR_ERR(f);
	}
	fd_install((unsigned int)fd, f);
	return fd;
}

/* --- syscalls -------------------------------------------------------- */

static int kc_open_file(const char *path)
{
	struct kc_node *n;
	struct file *f;
	int fd, rc;

	if (!kc.initialised || !path)
		return -EINVAL;
	if (!kc.cur)
		return -ESRCH;
	if (strncmp(path, "/dev/", 5))
		return -ENOENT;
	n = kc_node_find(path + 5);
	if (!n)
		return -ENOENT;
	fd = get_unused_fd_flags(O_RDWR);
	if (fd < 0)
		return fd;
	f = kc_file_new(n->fops, n->path);
	f->f_inode->i_rdev = n->devt;
	f->f_inode->i_cdev = n->cdev;
	if (n->misc)
		f->private_data = n->misc;
	if (f->f_op && f->f_op->open) {
		rc = f->f_op->open(f->f_inode, f);
		if (rc) {
			kc_file_free(f);
			put_unused_fd((unsigned int)fd);
			return rc;
		}
	}
	fd_install((unsigned int)fd, f);
	return fd;
}

static int kc_close_fd(int fd)
{
	struct file **fds, *f;
	int nfds;

	if (!kc.cur)
		return -ESRCH;
	fds = kc_proc_fdtable(kc.cur, &nfds);
	if (fd < 0 || fd >= nfds || !fds[fd] || fds[fd] == &kc_fd_reserved)
		return -EBADF;
	f = fds[fd];
	fds[fd] = NULL;
	fput(f);
	return 0;
}

/*
 * The file behind from_pid's fd also becomes a file of to_pid (like an fd
 * inherited across fork() or passed over a UNIX socket): one more
 * reference, new fd number in to_pid.
 */
int kc_proc_share_fd(int from_pid, int fd, int to_pid)
{
	struct kc_proc *from, *to;
	struct file **fds, *f;
	int nfds, nfd;

	if (!kc.initialised)
		return -EINVAL;
	from = kc_proc_find(from_pid);
	to = kc_proc_find(to_pid);
	if (!from || !to)
		return -ESRCH;
	fds = kc_proc_fdtable(from, &nfds);
	if (fd < 0 || fd >= nfds || !fds[fd] || fds[fd] == &kc_fd_reserved)
		return -EBADF;
	f = fds[fd];
	nfd = kc_fd_alloc(to);
	if (nfd < 0)
		return nfd;
	fds = kc_proc_fdtable(to, &nfds);
	fds[nfd] = get_file(f);
	return nfd;
}

unsigned long kc_ioctl_normalise(unsigned long cmd)
{
	/*
	 * powerpc _IO(): direction NONE is 1 in a 3-bit field at bit 29 and
	 * the size is 0. The generic _IO() has 0 there.
	 */
	if (cmd <= 0xffffffffUL && (cmd >> 29) == 1 &&
	    ((cmd >> 16) & 0x1fff) == 0)
		return cmd & 0xffffUL;
	return cmd;
}

static long kc_ioctl_file(int fd, unsigned long cmd, unsigned long arg)
{
	struct file *f;
	unsigned int cost;
	long rc;

	if (!kc.cur)
		return -ESRCH;
	kc.cnt.ioctls++;
	cmd = kc_ioctl_normalise(cmd);
	cost = kc_cost_enter_ioctl(cmd);
	f = fd < 0 ? NULL : fget((unsigned int)fd);
	if (!f) {
		kc_cost_leave(cost);
		return -EBADF;
	}
	if (cmd > 0xffffffffUL || !f->f_op || !f->f_op->unlocked_ioctl)
		rc = -ENOTTY;
	else
		rc = f->f_op->unlocked_ioctl(f, (unsigned int)cmd, arg);
	fput(f);
	kc_cost_leave(cost);
	return rc;
}

/* The syscall entry points: the work above, then the counters. */
int kc_open(const char *path)
{
	unsigned int cost = kc_cost_enter_open();
	int rc = kc_open_file(path);

	kc_cost_leave(cost);
	kc_syscall_done(rc);
	return rc;
}

int kc_close(int fd)
{
	unsigned int cost = kc_cost_enter_close();
	int rc = kc_close_fd(fd);

	kc_cost_leave(cost);
	kc_syscall_done(rc);
	return rc;
}

long kc_ioctl(int fd, unsigned long cmd, unsigned long arg)
{
	long rc = kc_ioctl_file(fd, cmd, arg);

	kc_syscall_done(rc);
	return rc;
}

void kc_fs_teardown(void)
{
	/* Files a leaked kernel object still references: no release. */
	while (!list_empty(&kc_files))
		kc_file_free(&list_first_entry(&kc_files, struct kc_file,
					       node)->file);
	while (!list_empty(&kc_nodes))
		kc_node_del(list_first_entry(&kc_nodes, struct kc_node, node));
	kc_next_misc_minor = 64;
	kc_next_chr_major = 240;
}
