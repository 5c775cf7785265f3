/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES initcalls. Each *_initcall(fn) registers fn from a
 * constructor; kc_boot() runs them by level, in link order within a level
 * (drivers/CMakeLists.txt orders the sources like the kernel Makefiles).
 * compat's PCI scan runs after the subsys level. module_exit functions
 * run in reverse at kc_shutdown().
 */
#ifndef _KC_LINUX_INIT_H
#define _KC_LINUX_INIT_H

#include <linux/compiler.h>

#define __init
#define __exit
#define __initdata
#define __initconst
#define __exitdata
#define __ref
#define __refdata

enum {
	KC_INITCALL_EARLY = 0,
	KC_INITCALL_CORE = 1,
	KC_INITCALL_POSTCORE = 2,
	KC_INITCALL_ARCH = 3,
	KC_INITCALL_SUBSYS = 4,
	KC_INITCALL_FS = 5,
	KC_INITCALL_DEVICE = 6,
	KC_INITCALL_LATE = 7,
	KC_INITCALL_LEVELS = 8,
};

typedef int (*initcall_t)(void);
typedef void (*exitcall_t)(void);

void kc_register_initcall(initcall_t fn, int level, const char *name);
void kc_register_exitcall(exitcall_t fn, const char *name);

#define __kc_define_initcall(fn, level)					\
	static void __attribute__((constructor))			\
	__kc_initcall_##fn##_##level(void)				\
	{								\
		kc_register_initcall(fn, level, #fn);			\
	}

#define early_initcall(fn)	__kc_define_initcall(fn, 0)
#define core_initcall(fn)	__kc_define_initcall(fn, 1)
#define postcore_initcall(fn)	__kc_define_initcall(fn, 2)
#define arch_initcall(fn)	__kc_define_initcall(fn, 3)
#define subsys_initcall(fn)	__kc_define_initcall(fn, 4)
#define fs_initcall(fn)		__kc_define_initcall(fn, 5)
#define device_initcall(fn)	__kc_define_initcall(fn, 6)
#define late_initcall(fn)	__kc_define_initcall(fn, 7)
#define machine_subsys_initcall(mach, fn)	subsys_initcall(fn)
#define machine_arch_initcall(mach, fn)		arch_initcall(fn)
#define machine_device_initcall(mach, fn)	device_initcall(fn)

#define module_init(fn)		device_initcall(fn)
#define module_exit(fn)							\
	static void __attribute__((constructor))			\
	__kc_exitcall_##fn(void)					\
	{								\
		kc_register_exitcall(fn, #fn);				\
	}

#endif /* _KC_LINUX_INIT_H */
