// SPDX-License-Identifier: GPL-2.0
/*
 * compat_locked_vm: account_locked_vm against RLIMIT_MEMLOCK in PAGE_SIZE
 * units, the CAP_IPC_LOCK bypass, -ENOMEM without change, un-accounting,
 * and both page sizes.
 */
#include "check_auto.h"
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/capability.h>
#include "kc_test_machine.h"

static int pid;

static void setup64(void)
{
	kt_setup_shift(16);
	pid = kc_proc_create("lock");
}

static void teardown(void)
{
	kt_teardown();
}

CK_TEST("compat_locked_vm_64k", account_up_to_the_limit_then_enomem_without_change)
{
	/* 1 MiB of memlock = 16 pages of 64 KiB. */
	ck_assert_int_eq(kc_proc_set_memlock(pid, 1ull << 20), 0);
	ck_assert_int_eq(account_locked_vm(current->mm, 10, true), 0);
	ck_assert_int_eq(account_locked_vm(current->mm, 6, true), 0);
	ck_assert_int_eq(kc_proc_locked_vm(pid), 16);
	ck_assert_int_eq(account_locked_vm(current->mm, 1, true), -ENOMEM);
	ck_assert_int_eq(kc_proc_locked_vm(pid), 16);
	ck_assert_int_eq(account_locked_vm(current->mm, 16, false), 0);
	ck_assert_int_eq(kc_proc_locked_vm(pid), 0);
	ck_assert_uint_eq(kc_warn_count(), 0);
}
END_TEST

CK_TEST("compat_locked_vm_64k", cap_ipc_lock_bypasses_the_limit)
{
	ck_assert_int_eq(kc_proc_set_memlock(pid, 0), 0);
	ck_assert(!capable(CAP_IPC_LOCK));
	ck_assert_int_eq(account_locked_vm(current->mm, 1, true), -ENOMEM);
	ck_assert_int_eq(kc_proc_set_cap_ipc_lock(pid, true), 0);
	ck_assert(capable(CAP_IPC_LOCK));
	/* 2 GiB window at 64 KiB pages, as v1 ENABLE charges. */
	ck_assert_int_eq(account_locked_vm(current->mm, 32768, true), 0);
	ck_assert_int_eq(kc_proc_locked_vm(pid), 32768);
	ck_assert_int_eq(account_locked_vm(current->mm, 32768, false), 0);
}
END_TEST

CK_TEST("compat_locked_vm_64k", default_memlock_is_8m)
{
	/* 8 MiB / 64 KiB = 128 pages. */
	ck_assert_int_eq(account_locked_vm(current->mm, 128, true), 0);
	ck_assert_int_eq(account_locked_vm(current->mm, 1, true), -ENOMEM);
	ck_assert_int_eq(account_locked_vm(current->mm, 128, false), 0);
}
END_TEST

CK_TEST("compat_locked_vm_64k", zero_pages_or_no_mm_is_a_noop)
{
	ck_assert_int_eq(account_locked_vm(current->mm, 0, true), 0);
	ck_assert_int_eq(account_locked_vm(NULL, 5, true), 0);
	ck_assert_int_eq(kc_proc_locked_vm(pid), 0);
}
END_TEST

CK_TEST("compat_locked_vm_64k", unaccount_more_than_locked_warns_and_clamps)
{
	ck_assert_int_eq(account_locked_vm(current->mm, 3, true), 0);
	ck_assert_int_eq(account_locked_vm(current->mm, 5, false), 0);
	ck_assert_int_eq(kc_proc_locked_vm(pid), 0);
	ck_assert_uint_eq(kc_warn_count(), 1);
}
END_TEST

CK_TEST("compat_locked_vm_64k", locked_vm_is_per_mm_and_survives_exit_as_final_value)
{
	int other = kc_proc_fork(pid);

	ck_assert_int_eq(account_locked_vm(current->mm, 4, true), 0);
	ck_assert_int_eq(kc_proc_locked_vm(other), 0);
	ck_assert_int_eq(kc_proc_exit(pid), 0);
	ck_assert_int_eq(kc_proc_locked_vm(pid), 4);
	ck_assert_int_eq(kc_proc_locked_vm(12345), -ESRCH);
}
END_TEST

static void setup4(void)
{
	kt_setup_shift(12);
	pid = kc_proc_create("lock4k");
}

CK_TEST("compat_locked_vm_4k", limit_is_in_4k_pages_when_page_shift_is_12)
{
	ck_assert_uint_eq(PAGE_SIZE, 4096);
	ck_assert_int_eq(kc_proc_set_memlock(pid, 1ull << 20), 0);
	ck_assert_int_eq(account_locked_vm(current->mm, 256, true), 0);
	ck_assert_int_eq(account_locked_vm(current->mm, 1, true), -ENOMEM);
	ck_assert_int_eq(account_locked_vm(current->mm, 256, false), 0);
}
END_TEST

CK_CASE("compat_locked_vm_64k", 0, setup64, teardown);
CK_CASE("compat_locked_vm_4k", 0, setup4, teardown);
CK_SUITE("compat_locked_vm");
