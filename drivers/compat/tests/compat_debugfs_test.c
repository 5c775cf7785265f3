// SPDX-License-Identifier: GPL-2.0
/*
 * Suite compat_debugfs: the in-memory debugfs shim (linux/debugfs.h)
 * seen from both sides: what kernel code creates is what the host lists
 * and reads (kc_debugfs_list/_read), removal is recursive, errors come
 * back as ERR_PTR values that callers may ignore, and kc_shutdown frees
 * the tree.
 */
#include "check_auto.h"
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/debugfs.h>
#include <kc/host.h>
#include "kc_test_machine.h"

static void setup(void) { kt_setup(); }
static void teardown(void) { kt_teardown(); }

static u64 attr_value;
static int attr_get(void *data, u64 *val)
{
	*val = *(u64 *)data;
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(attr_fops, attr_get, NULL, "%llu\n");
DEFINE_DEBUGFS_ATTRIBUTE(attr_hex_fops, attr_get, NULL, "0x%llx\n");

CK_TEST("debugfs", created_files_read_like_userspace)
{
	unsigned long ul = 42;
	u64 x = 0x1234;
	char buf[64];
	uint64_t v;
	struct dentry *dir = debugfs_create_dir("iommu", NULL);

	ck_assert(!IS_ERR_OR_NULL(dir));
	attr_value = 7;
	debugfs_create_ulong("n", 0400, dir, &ul);
	debugfs_create_x64("x", 0400, dir, &x);
	ck_assert(!IS_ERR(debugfs_create_file_unsafe("w", 0400, dir, &attr_value,
						     &attr_fops)));
	ck_assert(!IS_ERR(debugfs_create_file_unsafe("h", 0400, dir, &attr_value,
						     &attr_hex_fops)));
	ck_assert_int_eq(kc_debugfs_read("iommu/n", buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "42\n");
	ul = 43;	/* reads see the live value */
	ck_assert_int_eq(kc_debugfs_read("/iommu/n", buf, sizeof(buf)), 3);
	ck_assert_str_eq(buf, "43\n");
	ck_assert_int_eq(kc_debugfs_read("iommu/x", buf, sizeof(buf)), 19);
	ck_assert_str_eq(buf, "0x0000000000001234\n");
	ck_assert_int_eq(kc_debugfs_read("iommu/w", buf, sizeof(buf)), 2);
	ck_assert_str_eq(buf, "7\n");
	ck_assert_int_eq(kc_debugfs_read("iommu/h", buf, sizeof(buf)), 4);
	ck_assert_str_eq(buf, "0x7\n");
	ck_assert_int_eq(kc_debugfs_read_u64("iommu/x", &v), 0);
	ck_assert_uint_eq(v, 0x1234);
	ck_assert_int_eq(kc_debugfs_list("iommu", buf, sizeof(buf)), 4);
	ck_assert_str_eq(buf, "n\nx\nw\nh\n");
	ck_assert_int_eq(kc_debugfs_list("", buf, sizeof(buf)), 1);
	ck_assert_str_eq(buf, "iommu\n");
}
END_TEST

CK_TEST("debugfs", bad_paths_and_buffers_are_refused)
{
	unsigned long ul = 1;
	char buf[4];
	struct dentry *dir = debugfs_create_dir("d", NULL);

	debugfs_create_ulong("big", 0400, dir, &ul);
	ul = 123456;
	ck_assert_int_eq(kc_debugfs_read("d/nothing", buf, sizeof(buf)), -ENOENT);
	ck_assert_int_eq(kc_debugfs_read("d", buf, sizeof(buf)), -EISDIR);
	ck_assert_int_eq(kc_debugfs_read("d/big", buf, sizeof(buf)), -EOVERFLOW);
	ck_assert_int_eq(kc_debugfs_read("d/big", NULL, 0), -EINVAL);
	ck_assert_int_eq(kc_debugfs_read("d/big/x", buf, sizeof(buf)), -ENOENT);
	ck_assert_int_eq(kc_debugfs_list("d/big", buf, sizeof(buf)), -ENOTDIR);
	ck_assert_int_eq(kc_debugfs_list("e", buf, sizeof(buf)), -ENOENT);
	ck_assert_int_eq(kc_debugfs_list("d", buf, sizeof(buf)), -EOVERFLOW);
	/* a second entry of the same name, a name with '/', bad fops */
	ck_assert_ptr_eq(debugfs_create_dir("d", NULL), ERR_PTR(-EEXIST));
	ck_assert_ptr_eq(debugfs_create_dir("a/b", NULL), ERR_PTR(-EINVAL));
	ck_assert_ptr_eq(debugfs_create_file_unsafe("f", 0400, dir, NULL, NULL),
			 ERR_PTR(-EINVAL));
}
END_TEST

CK_TEST("debugfs", removal_is_recursive_and_errors_are_ignorable)
{
	unsigned long ul = 1;
	char buf[64];
	struct dentry *top = debugfs_create_dir("top", NULL);
	struct dentry *sub = debugfs_create_dir("sub", top);

	debugfs_create_ulong("a", 0400, sub, &ul);
	debugfs_create_ulong("b", 0400, top, &ul);
	ck_assert_ptr_eq(debugfs_lookup("sub", top), sub);
	debugfs_lookup_and_remove("sub", top);
	ck_assert_ptr_null(debugfs_lookup("sub", top));
	ck_assert_int_eq(kc_debugfs_read("top/sub/a", buf, sizeof(buf)), -ENOENT);
	ck_assert_int_eq(kc_debugfs_list("top", buf, sizeof(buf)), 1);
	/* an ERR_PTR parent fails quietly; removing NULL/ERR_PTR is a no-op */
	ck_assert(IS_ERR(debugfs_create_dir("x", ERR_PTR(-ENOMEM))));
	debugfs_create_ulong("y", 0400, ERR_PTR(-ENOMEM), &ul);
	debugfs_remove(NULL);
	debugfs_remove_recursive(ERR_PTR(-ENOMEM));
	debugfs_lookup_and_remove("none", top);
	/* the failure switch */
	kc_debugfs_fail(true);
	ck_assert_ptr_eq(debugfs_create_dir("z", top), ERR_PTR(-ENOMEM));
	kc_debugfs_fail(false);
	ck_assert(!IS_ERR(debugfs_create_dir("z", top)));
	debugfs_remove_recursive(top);
	ck_assert_int_eq(kc_debugfs_list("", buf, sizeof(buf)), 0);
}
END_TEST

CK_TEST("debugfs", shutdown_frees_the_tree)
{
	unsigned long ul = 1;
	char buf[8];

	debugfs_create_ulong("left", 0400, debugfs_create_dir("over", NULL), &ul);
	kc_debugfs_fail(true);
	kt_teardown();
	kt_setup();
	ck_assert_int_eq(kc_debugfs_read("over/left", buf, sizeof(buf)), -ENOENT);
	/* the failure switch is cleared too */
	ck_assert(!IS_ERR(debugfs_create_dir("over", NULL)));
}
END_TEST

CK_CASE("debugfs", 0, setup, teardown);
CK_SUITE("compat_debugfs");
