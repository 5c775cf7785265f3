// SPDX-License-Identifier: GPL-2.0
/*
 * The driver stack through the API: boot, processes, user memory and the
 * system calls of the current process. Each call enters the machine's
 * kernel instance (kc/host.h) for its duration: that installs this
 * machine's kernel and holds the process-wide kernel lock, so machines
 * driven from different threads never run kernel code at once.
 */
#include <errno.h>
#include <string.h>

#include "api_internal.h"

#define SCRATCH_BYTES 0x10000ull	/* one page of either PAGE_SIZE */

int api_enter(struct tcesim_machine *tm)
{
	int rc;

	if (!tm)
		return api_fail(-EINVAL, "NULL machine");
	rc = machine_kernel_enter(tm->m);
	if (rc == -EOPNOTSUPP)
		return api_fail(rc, "no driver stack: the memory gives no host pointer for all RAM from 32 MiB up");
	if (rc)
		return api_fail(rc, "cannot enter this machine's kernel from inside another machine's kernel call");
	return 0;
}

void api_leave(struct tcesim_machine *tm)
{
	machine_kernel_leave(tm->m);
}

/* A call that returns the kernel's value: message when negative. */
static long kret(long rc, const char *what)
{
	if (rc < 0)
		api_fail((int)rc, "%s: %s", what, strerror((int)-rc));
	return rc;
}

#define KCALL(tm, what, expr)				\
	({						\
		long __rc = api_enter(tm);		\
		if (!__rc) {				\
			__rc = (expr);			\
			api_leave(tm);			\
			__rc = kret(__rc, what);	\
		}					\
		__rc;					\
	})

int tcesim_boot(tcesim_machine *tm)
{
	char err[512] = "";
	int rc;

	if (!tm)
		return api_fail(-EINVAL, "tcesim_boot: NULL machine");
	rc = machine_boot(tm->m, err, sizeof(err));
	if (rc)
		return api_fail(rc, "tcesim_boot: %s", err);
	return 0;
}

int tcesim_group_of(tcesim_machine *tm, unsigned phb, uint16_t bdfn)
{
	int rc;

	if (!tm)
		return api_fail(-EINVAL, "tcesim_group_of: NULL machine");
	rc = machine_group_of(tm->m, phb, bdfn);
	if (rc < 0)
		return api_fail(rc, "no IOMMU group for device %u:%04x (booted? declared in machine.devices?)",
				phb, bdfn);
	return rc;
}

int tcesim_proc_create(tcesim_machine *tm, const char *comm)
{
	if (!comm)
		return api_fail(-EINVAL, "tcesim_proc_create: NULL name");
	return (int)KCALL(tm, "proc_create", kc_proc_create(comm));
}

int tcesim_proc_fork(tcesim_machine *tm, int parent)
{
	return (int)KCALL(tm, "proc_fork", kc_proc_fork(parent));
}

int tcesim_proc_switch(tcesim_machine *tm, int pid)
{
	return (int)KCALL(tm, "proc_switch", kc_proc_switch(pid));
}

int tcesim_proc_current(tcesim_machine *tm)
{
	return (int)KCALL(tm, "proc_current", kc_proc_current());
}

int tcesim_proc_exit(tcesim_machine *tm, int pid)
{
	return (int)KCALL(tm, "proc_exit", kc_proc_exit(pid));
}

int tcesim_proc_set_memlock(tcesim_machine *tm, int pid, uint64_t bytes)
{
	return (int)KCALL(tm, "proc_set_memlock", kc_proc_set_memlock(pid, bytes));
}

int tcesim_proc_set_cap_ipc_lock(tcesim_machine *tm, int pid, bool on)
{
	return (int)KCALL(tm, "proc_set_cap_ipc_lock",
			  kc_proc_set_cap_ipc_lock(pid, on));
}

int64_t tcesim_proc_locked_vm(tcesim_machine *tm, int pid)
{
	return KCALL(tm, "proc_locked_vm", kc_proc_locked_vm(pid));
}

int tcesim_mmap(tcesim_machine *tm, uint64_t ua, uint64_t size,
		unsigned page_shift, bool writable, bool hugetlb)
{
	return (int)KCALL(tm, "mmap",
			  kc_mmap(ua, size, page_shift, writable, hugetlb));
}

int tcesim_munmap(tcesim_machine *tm, uint64_t ua, uint64_t size)
{
	return (int)KCALL(tm, "munmap", kc_munmap(ua, size));
}

int tcesim_user_write(tcesim_machine *tm, uint64_t ua, const void *buf,
		      size_t len)
{
	if (!buf && len)
		return api_fail(-EINVAL, "tcesim_user_write: NULL buffer");
	return (int)KCALL(tm, "user_write", kc_user_write(ua, buf, len));
}

int tcesim_user_read(tcesim_machine *tm, uint64_t ua, void *buf, size_t len)
{
	if (!buf && len)
		return api_fail(-EINVAL, "tcesim_user_read: NULL buffer");
	return (int)KCALL(tm, "user_read", kc_user_read(ua, buf, len));
}

int tcesim_user_to_phys(tcesim_machine *tm, uint64_t ua, uint64_t *pa)
{
	if (!pa)
		return api_fail(-EINVAL, "tcesim_user_to_phys: NULL argument");
	return (int)KCALL(tm, "user_to_phys", kc_user_to_phys(ua, pa));
}

int tcesim_open(tcesim_machine *tm, const char *path)
{
	if (!path)
		return api_fail(-EINVAL, "tcesim_open: NULL path");
	return (int)KCALL(tm, path, kc_open(path));
}

int tcesim_close(tcesim_machine *tm, int fd)
{
	return (int)KCALL(tm, "close", kc_close(fd));
}

long tcesim_ioctl(tcesim_machine *tm, int fd, unsigned long cmd,
		  uint64_t arg_ua)
{
	return KCALL(tm, "ioctl", kc_ioctl(fd, cmd, (unsigned long)arg_ua));
}

/* Inside the kernel: the ioctl with arg copied through the scratch page
   of the current process (mapped on first use). */
static long ioctl_via_scratch(int fd, unsigned long cmd, void *arg,
			      size_t len)
{
	uint64_t pa;
	long rc;

	if (kc_user_to_phys(TCESIM_SCRATCH_UA, &pa)) {
		rc = kc_mmap(TCESIM_SCRATCH_UA, SCRATCH_BYTES, 0, true, false);
		if (rc)
			return rc;
	}
	if (len && kc_user_write(TCESIM_SCRATCH_UA, arg, len))
		return -EFAULT;
	rc = kc_ioctl(fd, cmd, (unsigned long)TCESIM_SCRATCH_UA);
	if (len && kc_user_read(TCESIM_SCRATCH_UA, arg, len))
		return -EFAULT;
	return rc;
}

long tcesim_ioctl_arg(tcesim_machine *tm, int fd, unsigned long cmd,
		      void *arg, size_t len)
{
	if ((!arg && len) || len > SCRATCH_BYTES)
		return api_fail(-EINVAL, "tcesim_ioctl_arg: argument of %zu bytes (at most %llu)",
				len, (unsigned long long)SCRATCH_BYTES);
	return KCALL(tm, "ioctl", ioctl_via_scratch(fd, cmd, arg, len));
}

int tcesim_debugfs_read(tcesim_machine *tm, const char *path, char *buf,
			size_t len)
{
	if (!path)
		return api_fail(-EINVAL, "tcesim_debugfs_read: NULL path");
	return (int)KCALL(tm, path, kc_debugfs_read(path, buf, len));
}
