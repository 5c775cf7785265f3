// SPDX-License-Identifier: GPL-2.0
/*
 * compat core: kc_init/kc_boot/kc_shutdown, the initcall tables, printk's
 * log buffer, BUG/WARN, fail-nth and the counters.
 */
#include <stdio.h>
#include <string.h>
#include <linux/init.h>
#include <linux/printk.h>
#include <linux/bug.h>
#include <asm/page.h>
#include <tcesim/mem.h>
#include "kc_internal.h"

struct kc_state kc;
unsigned int kc_runtime_page_shift = KC_DEFAULT_PAGE_SHIFT;

/* --- internal memory ------------------------------------------------- */

void *kc_zalloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p) {
		fprintf(stderr, "compat: host out of memory (%zu bytes)\n", size);
		abort();
	}
	return p;
}

void kc_free(void *p)
{
	free(p);
}

char *kc_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kc_zalloc(n);

	memcpy(d, s, n);
	return d;
}

/* --- initcalls ------------------------------------------------------- */

#define KC_MAX_CALLS 256

struct kc_call {
	initcall_t fn;
	exitcall_t exit;
	int level;
	const char *name;
};

static struct kc_call kc_initcalls[KC_MAX_CALLS];
static unsigned int kc_ninitcalls;
static struct kc_call kc_exitcalls[KC_MAX_CALLS];
static unsigned int kc_nexitcalls;

void kc_register_initcall(initcall_t fn, int level, const char *name)
{
	if (kc_ninitcalls >= KC_MAX_CALLS || level < 0 ||
	    level >= KC_INITCALL_LEVELS) {
		fprintf(stderr, "compat: cannot register initcall %s\n", name);
		abort();
	}
	kc_initcalls[kc_ninitcalls].fn = fn;
	kc_initcalls[kc_ninitcalls].level = level;
	kc_initcalls[kc_ninitcalls].name = name;
	kc_ninitcalls++;
}

void kc_register_exitcall(exitcall_t fn, const char *name)
{
	if (kc_nexitcalls >= KC_MAX_CALLS) {
		fprintf(stderr, "compat: cannot register exitcall %s\n", name);
		abort();
	}
	kc_exitcalls[kc_nexitcalls].exit = fn;
	kc_exitcalls[kc_nexitcalls].name = name;
	kc_nexitcalls++;
}

/* --- log ------------------------------------------------------------- */

#define KC_LOG_SIZE (64 * 1024)

static char kc_log_buf[KC_LOG_SIZE];
static size_t kc_log_len;

void kc_log_reset(void)
{
	kc_log_len = 0;
	kc_log_buf[0] = '\0';
}

static void kc_log_append(const char *s, size_t n)
{
	if (n >= KC_LOG_SIZE / 2)
		n = KC_LOG_SIZE / 2 - 1;
	if (kc_log_len + n + 1 > KC_LOG_SIZE) {
		/* Drop the older half. */
		size_t keep = kc_log_len / 2;

		memmove(kc_log_buf, kc_log_buf + kc_log_len - keep, keep);
		kc_log_len = keep;
	}
	memcpy(kc_log_buf + kc_log_len, s, n);
	kc_log_len += n;
	kc_log_buf[kc_log_len] = '\0';
}

static int kc_level_of(const char **fmt)
{
	const char *f = *fmt;
	int level = LOGLEVEL_WARNING;	/* default message level */

	if (f[0] == KERN_SOH[0] && f[1]) {
		if (f[1] >= '0' && f[1] <= '7')
			level = f[1] - '0';
		*fmt = f + 2;
	}
	return level;
}

void kc_log_line(int level, const char *line)
{
	if (level > kc.cfg.loglevel)
		return;
	kc_log_append(line, strlen(line));
	if (kc.cfg.log_stderr)
		fputs(line, stderr);
}

int vprintk(const char *fmt, va_list args)
{
	char line[512];
	int level = kc_level_of(&fmt);
	int n;

	if (level > kc.cfg.loglevel)
		return 0;
	n = vsnprintf(line, sizeof(line), fmt, args);
	if (n < 0)
		return n;
	kc_log_line(level, line);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void kc_set_loglevel(int level)
{
	kc.cfg.loglevel = level;
}

void kc_set_log_stderr(bool on)
{
	kc.cfg.log_stderr = on;
}

size_t kc_log_read(char *buf, size_t len)
{
	size_t n;

	if (!buf || !len)
		return kc_log_len;
	n = kc_log_len < len - 1 ? kc_log_len : len - 1;
	memcpy(buf, kc_log_buf + kc_log_len - n, n);
	buf[n] = '\0';
	return n;
}

void kc_log_clear(void)
{
	kc_log_reset();
}

/* --- BUG/WARN -------------------------------------------------------- */

void kc_bug(const char *file, int line, const char *func, const char *cond)
{
	fprintf(stderr, "kernel BUG at %s:%d in %s(): %s\n", file, line, func,
		cond);
	fflush(stderr);
	abort();
}

void kc_warn(const char *file, int line, const char *func, const char *cond)
{
	char msg[256];

	kc.cnt.warn_count++;
	snprintf(msg, sizeof(msg), "WARNING: at %s:%d %s(): %s\n", file, line,
		 func, cond);
	fputs(msg, stderr);
	kc_log_append(msg, strlen(msg));
}

uint64_t kc_warn_count(void)
{
	return kc.cnt.warn_count;
}

/* --- fail-nth -------------------------------------------------------- */

void kc_fail_nth(unsigned what, uint64_t nth)
{
	kc.fail_mask = nth ? what : 0;
	kc.fail_left = nth;
}

bool kc_fail_nth_pending(void)
{
	return kc.fail_mask != 0 && kc.fail_left != 0;
}

bool kc_should_fail(unsigned int cls)
{
	if (cls & KC_FAIL_KMALLOC)
		kc.cnt.fail_sites_kmalloc++;
	if (cls & KC_FAIL_PAGES)
		kc.cnt.fail_sites_pages++;
	if (cls & KC_FAIL_PIN)
		kc.cnt.fail_sites_pin++;
	if (!(kc.fail_mask & cls) || !kc.fail_left)
		return false;
	if (--kc.fail_left)
		return false;
	kc.fail_mask = 0;
	kc.cnt.fail_injected++;
	return true;
}

/* --- lifecycle ------------------------------------------------------- */

void kc_config_default(struct kc_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->page_shift = KC_DEFAULT_PAGE_SHIFT;
	cfg->memlock_default = KC_DEFAULT_MEMLOCK;
	cfg->loglevel = LOGLEVEL_WARNING;
	cfg->log_stderr = false;
}

int kc_init(const struct kc_host *host, const struct kc_config *cfg)
{
	struct kc_config def;
	int rc;

	if (kc.initialised)
		return -EBUSY;
	if (!host || !host->mem || !host->bus)
		return -EINVAL;
	if (!cfg) {
		kc_config_default(&def);
		cfg = &def;
	}
	if (cfg->page_shift != 12 && cfg->page_shift != 16)
		return -EINVAL;
	if (sim_mem_ram_bytes(host->mem) < (1ull << cfg->page_shift))
		return -EINVAL;

	memset(&kc, 0, sizeof(kc));
	kc.host = *host;
	kc.cfg = *cfg;
	kc_runtime_page_shift = cfg->page_shift;
	kc_log_reset();
	kc_cost_reset();

	rc = kc_page_init();
	if (rc)
		return rc;
	rc = kc_opal_init();
	if (rc) {
		kc_page_teardown();
		return rc;
	}
	kc_of_init();
	kc.initialised = true;
	return 0;
}

int kc_boot(void)
{
	int level, first_err = 0;
	unsigned int i;

	if (!kc.initialised)
		return -EINVAL;
	if (kc.booted)
		return -EBUSY;
	kc.booted = true;
	kc.cur = NULL;

	for (level = 0; level < KC_INITCALL_LEVELS; level++) {
		for (i = 0; i < kc_ninitcalls; i++) {
			int rc;

			if (kc_initcalls[i].level != level)
				continue;
			rc = kc_initcalls[i].fn();
			if (rc) {
				pr_err("compat: initcall %s returned %d\n",
				       kc_initcalls[i].name, rc);
				if (!first_err)
					first_err = rc;
			}
		}
		if (level == KC_INITCALL_SUBSYS)
			kc_pci_scan();
	}
	return first_err;
}

void kc_get_counters(struct kc_counters *c)
{
	*c = kc.cnt;
}

unsigned kc_get_page_shift(void)
{
	return kc_runtime_page_shift;
}

static struct kc_counters kc_exit_cnt;	/* survives kc_init */

void kc_last_exit_counters(struct kc_counters *c)
{
	*c = kc_exit_cnt;
}

void kc_syscall_done(long rc)
{
	kc.cnt.syscalls++;
	kc.cnt.last_syscall_ret = rc;
}

void kc_shutdown(struct kc_counters *at_exit)
{
	int i;

	if (!kc.initialised) {
		if (at_exit)
			memset(at_exit, 0, sizeof(*at_exit));
		return;
	}
	/* Userspace goes first: closing files releases containers. */
	kc_proc_exit_all();
	kc.cur = NULL;
	if (kc.booted)
		for (i = (int)kc_nexitcalls - 1; i >= 0; i--)
			kc_exitcalls[i].exit();
	kc_pci_teardown();
	kc_get_counters(&kc_exit_cnt);
	if (at_exit)
		*at_exit = kc_exit_cnt;

	kc_fs_teardown();
	kc_debugfs_teardown();
	kc_proc_teardown();
	kc_io_teardown();
	kc_opal_teardown();
	kc_of_teardown();
	kc_kmem_sweep();
	kc_iommu_teardown();
	kc_page_teardown();
	kc.initialised = false;
	kc.booted = false;
	kc_runtime_page_shift = KC_DEFAULT_PAGE_SHIFT;
}
