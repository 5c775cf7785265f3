// SPDX-License-Identifier: GPL-2.0
/*
 * compat_fs: device nodes, open/ioctl/close dispatch in the current
 * process, ppc64 ioctl numbers, fget/fput lifetimes, anonymous-inode fds,
 * cdev group nodes, and files closed at process exit.
 */
#include "check_auto.h"
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/miscdevice.h>
#include <linux/cdev.h>
#include <linux/anon_inodes.h>
#include <linux/device.h>
#include <linux/uaccess.h>
#include "kc_test_machine.h"

static int opens, releases, open_ret;
static unsigned int last_cmd;
static unsigned long last_arg;
static void *open_private;
static struct file *last_fget;
static struct inode *open_inode;

static int t_open(struct inode *inode, struct file *f)
{
	opens++;
	open_private = f->private_data;
	open_inode = inode;
	return open_ret;
}

static int t_release(struct inode *inode, struct file *f)
{
	releases++;
	return 0;
}

static const struct file_operations anon_fops = {
	.release = t_release,
};

#define T_FGET		0x3B70
#define T_ANON		0x3B71

static long t_ioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	last_cmd = cmd;
	last_arg = arg;
	if (cmd == T_FGET) {
		int32_t fd;
		struct fd g;

		if (get_user(fd, (int32_t __user *)arg))
			return -EFAULT;
		g = fdget((unsigned int)fd);
		if (!fd_file(g))
			return -EBADF;
		last_fget = fd_file(g);
		fdput(g);
		return 0;
	}
	if (cmd == T_ANON)
		return anon_inode_getfd("[t-anon]", &anon_fops, f, O_CLOEXEC);
	return 42;
}

static const struct file_operations t_fops = {
	.open = t_open,
	.release = t_release,
	.unlocked_ioctl = t_ioctl,
};

static struct miscdevice t_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vfio",
	.nodename = "vfio/vfio",
	.fops = &t_fops,
};

static int pid;

static void setup(void)
{
	kt_setup();
	pid = kc_proc_create("fs");
	opens = releases = open_ret = 0;
	last_fget = NULL;
	t_misc.minor = MISC_DYNAMIC_MINOR;
	ck_assert_int_eq(misc_register(&t_misc), 0);
}

static void teardown(void)
{
	struct kc_counters c;

	kt_teardown_counters(&c);
	ck_assert_uint_eq(c.files_open, 0);
}

CK_TEST("compat_fs", open_ioctl_close_dispatch_to_fops)
{
	int fd = kc_open("/dev/vfio/vfio");

	ck_assert_int_ge(fd, 3);
	ck_assert_int_eq(opens, 1);
	ck_assert_ptr_eq(open_private, &t_misc);
	ck_assert_int_eq(kc_ioctl(fd, 0x3B64, 7), 42);
	ck_assert_uint_eq(last_cmd, 0x3B64);
	ck_assert_uint_eq(last_arg, 7);
	ck_assert_int_eq(kc_close(fd), 0);
	ck_assert_int_eq(releases, 1);
	ck_assert_int_eq(kc_close(fd), -EBADF);
	ck_assert_int_eq(kc_ioctl(fd, 0x3B64, 0), -EBADF);
	ck_assert_int_eq(kc_open("/dev/vfio/7"), -ENOENT);
	ck_assert_int_eq(kc_open("vfio/vfio"), -ENOENT);
	ck_assert_int_eq(misc_register(&t_misc), -EBUSY);
}
END_TEST

CK_TEST("compat_fs", ppc64_io_numbers_are_folded_to_generic)
{
	int fd = kc_open("/dev/vfio/vfio");

	ck_assert_int_eq(kc_ioctl(fd, 0x20003B66, 2), 42);
	ck_assert_uint_eq(last_cmd, 0x3B66);
	ck_assert_uint_eq(kc_ioctl_normalise(0x20003B79), 0x3B79);
	ck_assert_uint_eq(kc_ioctl_normalise(0x3B79), 0x3B79);
	/* Not an _IO(): left alone. */
	ck_assert_uint_eq(kc_ioctl_normalise(0x40083B00), 0x40083B00);
	ck_assert_uint_eq(kc_ioctl_normalise(0x20083B00), 0x20083B00);
	kc_close(fd);
}
END_TEST

CK_TEST("compat_fs", failed_open_leaves_no_fd_or_file)
{
	struct kc_counters c;

	open_ret = -EPERM;
	ck_assert_int_eq(kc_open("/dev/vfio/vfio"), -EPERM);
	ck_assert_int_eq(releases, 0);
	kc_get_counters(&c);
	ck_assert_uint_eq(c.files_open, 0);
	open_ret = 0;
	ck_assert_int_eq(kc_open("/dev/vfio/vfio"), 3);	/* fd 3 still free */
}
END_TEST

CK_TEST("compat_fs", fget_takes_a_reference_that_outlives_close)
{
	int a = kc_open("/dev/vfio/vfio"), b = kc_open("/dev/vfio/vfio");
	int32_t v = a;
	struct file *f;

	ck_assert_int_eq(kc_mmap(0x100000, 1ull << kc_get_page_shift(), 0,
				 true, false), 0);
	ck_assert_int_eq(kc_user_write(0x100000, &v, 4), 0);
	ck_assert_int_eq(kc_ioctl(b, T_FGET, 0x100000), 0);
	ck_assert_ptr_nonnull(last_fget);
	ck_assert_ptr_eq(last_fget->f_op, &t_fops);
	f = get_file(last_fget);
	ck_assert_int_eq(kc_close(a), 0);
	ck_assert_int_eq(releases, 0);		/* we still hold it */
	fput(f);
	ck_assert_int_eq(releases, 1);
	ck_assert_int_eq(kc_ioctl(b, T_FGET, 0x100000), -EBADF);
	ck_assert_int_eq(kc_ioctl(b, T_FGET, 0x900000), -EFAULT);
	kc_close(b);
}
END_TEST

CK_TEST("compat_fs", anon_inode_fd_is_installed_and_released_on_close)
{
	int fd = kc_open("/dev/vfio/vfio");
	long afd = kc_ioctl(fd, T_ANON, 0);

	ck_assert_int_gt(afd, fd);
	ck_assert_int_eq(kc_ioctl((int)afd, 1, 0), -ENOTTY);
	ck_assert_int_eq(kc_close((int)afd), 0);
	ck_assert_int_eq(releases, 1);
	kc_fail_nth(KC_FAIL_KMALLOC, 1);
	ck_assert_int_eq(kc_ioctl(fd, T_ANON, 0), -ENOMEM);
	kc_close(fd);
}
END_TEST

CK_TEST("compat_fs", fds_belong_to_their_process_and_close_at_exit)
{
	int fd = kc_open("/dev/vfio/vfio"), other = kc_proc_fork(pid);

	ck_assert_int_eq(kc_proc_switch(other), 0);
	ck_assert_int_eq(kc_ioctl(fd, 0x3B64, 0), -EBADF);
	ck_assert_int_eq(kc_proc_switch(pid), 0);
	ck_assert_int_eq(kc_proc_exit(pid), 0);
	ck_assert_int_eq(releases, 1);
	ck_assert_int_eq(kc_open("/dev/vfio/vfio"), -ESRCH);	/* no current */
}
END_TEST

struct t_group {
	struct cdev cdev;
	struct device dev;
};

CK_TEST("compat_fs", cdev_node_named_by_its_device_opens_with_i_cdev)
{
	struct t_group g;
	int fd;

	memset(&g, 0, sizeof(g));
	device_initialize(&g.dev);
	dev_set_name(&g.dev, "vfio/%d", 7);
	cdev_init(&g.cdev, &t_fops);
	ck_assert_int_eq(cdev_device_add(&g.cdev, &g.dev), 0);
	fd = kc_open("/dev/vfio/7");
	ck_assert_int_ge(fd, 3);
	ck_assert_ptr_eq(container_of(open_inode->i_cdev, struct t_group, cdev), &g);
	cdev_device_del(&g.cdev, &g.dev);
	ck_assert_int_eq(kc_open("/dev/vfio/7"), -ENOENT);
	ck_assert_int_eq(kc_ioctl(fd, 0x3B67, 0), 42);	/* still open */
	kc_close(fd);
}
END_TEST

CK_CASE("compat_fs", 0, setup, teardown);
CK_SUITE("compat_fs");
