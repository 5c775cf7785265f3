// SPDX-License-Identifier: GPL-2.0
/*
 * compat: one simulated kernel per machine (HARNESS, not kernel code).
 *
 * The kernel-style code keeps its state in globals, as the kernel does
 * (list heads, the vfio core's tables, the compat layer's process table,
 * counters, fail-nth, debugfs, the log). The build collects every
 * writable global of the driver stack and of this layer into one ELF
 * section, tcesim_kstate (drivers/kstate.ld, applied by a relocatable
 * link of the whole stack into one object). A kernel instance is a saved
 * copy of that section: entering an instance installs its copy in the
 * section (saving the one installed before), under one process-wide
 * recursive lock, so several machines in several threads each run their
 * own kernel, one thread inside the kernel code at a time.
 *
 * Pointers into the section stay valid across a switch: every instance
 * lives at the same addresses while installed, and nothing reaches an
 * instance's state while another is installed (the lock and the rule
 * that a thread inside one instance's call never enters another).
 *
 * This file's own state must survive switches: it sits in its own
 * section (not matched by kstate.ld) or in thread-local storage.
 */
#define _GNU_SOURCE	/* PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "kc_internal.h"

/* Bounds of the collected state; undefined (NULL) in a build that did
   not collect it (then only one kernel may exist at a time). */
extern unsigned char __start_tcesim_kstate[] __attribute__((weak));
extern unsigned char __stop_tcesim_kstate[] __attribute__((weak));

struct kc_instance {
	unsigned char *save;	/* its state while not installed */
};

#define KC_KEEP __attribute__((section("tcesim_kinst")))

static pthread_mutex_t kc_klock KC_KEEP = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static struct kc_instance *kc_installed KC_KEEP;	/* owns the section */
static unsigned char *kc_template KC_KEEP;	/* the state before any kernel */
static unsigned long kc_instances KC_KEEP;	/* alive */

/* The instance this thread is running kernel code of, and how deep. */
static __thread struct kc_instance *kc_cur_inst;
static __thread unsigned int kc_cur_nest;

static size_t kstate_size(void)
{
	if (!__start_tcesim_kstate || !__stop_tcesim_kstate)
		return 0;
	return (size_t)(__stop_tcesim_kstate - __start_tcesim_kstate);
}

bool kc_instance_supported(void)
{
	return kstate_size() != 0;
}

/*
 * Byte copy that sanitizers do not check: the section holds the globals
 * with the red zones AddressSanitizer puts between them. volatile keeps
 * the compiler from turning the loop into a memcpy call (which would be
 * checked).
 */
__attribute__((no_sanitize("address")))
static void kstate_copy(unsigned char *dst, const unsigned char *src,
			size_t n)
{
	volatile uint64_t *d = (volatile uint64_t *)(void *)dst;
	const volatile uint64_t *s = (const volatile uint64_t *)(const void *)src;
	size_t i, words = n / 8;

	for (i = 0; i < words; i++)
		d[i] = s[i];
	for (i = words * 8; i < n; i++)
		((volatile unsigned char *)dst)[i] =
			((const volatile unsigned char *)src)[i];
}

struct kc_instance *kc_instance_create(void)
{
	struct kc_instance *ki = calloc(1, sizeof(*ki));
	size_t n = kstate_size();

	if (!ki)
		return NULL;
	pthread_mutex_lock(&kc_klock);
	if (!kc_instances) {
		/* Alone: take the section over as it is (what a single
		   machine always did: settings made before it, such as the
		   cost parameters, stay). The first time, keep a copy as the
		   template every later concurrent kernel starts from. */
		if (n && !kc_template) {
			kc_template = malloc(n);
			if (!kc_template)
				goto fail;
			kstate_copy(kc_template, __start_tcesim_kstate, n);
		}
		if (n) {
			ki->save = malloc(n);
			if (!ki->save)
				goto fail;
		}
		kc_installed = ki;
	} else {
		/* Another kernel exists: a fresh one from the template. */
		if (!n || !kc_template)
			goto fail;
		ki->save = malloc(n);
		if (!ki->save)
			goto fail;
		memcpy(ki->save, kc_template, n);
	}
	kc_instances++;
	pthread_mutex_unlock(&kc_klock);
	return ki;
fail:
	pthread_mutex_unlock(&kc_klock);
	free(ki->save);
	free(ki);
	return NULL;
}

void kc_instance_destroy(struct kc_instance *ki)
{
	if (!ki)
		return;
	pthread_mutex_lock(&kc_klock);
	/* An installed instance leaves its final state in the section (the
	   exit counters stay readable, as after any kc_shutdown). */
	if (kc_installed == ki)
		kc_installed = NULL;
	kc_instances--;
	pthread_mutex_unlock(&kc_klock);
	free(ki->save);
	free(ki);
}

int kc_instance_enter(struct kc_instance *ki)
{
	size_t n = kstate_size();

	if (!ki)
		return -EINVAL;
	pthread_mutex_lock(&kc_klock);
	if (kc_cur_inst && kc_cur_inst != ki) {
		pthread_mutex_unlock(&kc_klock);
		return -EDEADLK;
	}
	if (kc_installed != ki) {
		if (kc_installed)
			kstate_copy(kc_installed->save, __start_tcesim_kstate, n);
		kstate_copy(__start_tcesim_kstate, ki->save, n);
		kc_installed = ki;
	}
	kc_cur_inst = ki;
	kc_cur_nest++;
	return 0;
}

void kc_instance_leave(struct kc_instance *ki)
{
	if (!ki || kc_cur_inst != ki || !kc_cur_nest)
		return;
	if (!--kc_cur_nest)
		kc_cur_inst = NULL;
	pthread_mutex_unlock(&kc_klock);
}

void kc_kernel_lock(void)
{
	pthread_mutex_lock(&kc_klock);
}

void kc_kernel_unlock(void)
{
	pthread_mutex_unlock(&kc_klock);
}
