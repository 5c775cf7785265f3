/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by the sim/images Check tests: a scratch directory,
 * the error text of the call under test, the fixture making both fresh,
 * RAM filled with a known pattern and compared against it.
 */
#ifndef IMAGES_TEST_H
#define IMAGES_TEST_H

#include "check_main.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tcesim/mem.h"

#define KiB (1ull << 10)
#define MiB (1ull << 20)
#define GiB (1ull << 30)

/* A fresh directory under $TMPDIR (or /tmp), removed by tdir_done. */
static char tdir[256];

static inline void tdir_make(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tdir, sizeof(tdir), "%s/tcesim-images-XXXXXX", t ? t : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(tdir));
}

static inline const char *tpath(const char *name)
{
	static char p[8][320];
	static unsigned k;

	k = (k + 1) % 8;
	snprintf(p[k], sizeof(p[k]), "%s/%s", tdir, name);
	return p[k];
}

static inline void tdir_done(void)
{
	char cmd[300];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tdir);
	ck_assert_int_eq(system(cmd), 0);
}

/* Error text of the call under test (cleared by images_setup). */
static char err[1024];

/* Checked fixture: a fresh scratch directory, err empty. */
static inline void images_setup(void)
{
	tdir_make();
	err[0] = '\0';
}

static inline void images_teardown(void)
{
	tdir_done();
}

/* Byte the "before" pattern holds at pa. */
static inline uint8_t ram_pat(uint64_t pa)
{
	return (uint8_t)(0x5A ^ (pa * 7) ^ (pa >> 9));
}

static inline void ram_fill_pat(struct sim_mem *m)
{
	uint64_t n = sim_mem_ram_bytes(m), pa;
	uint8_t *p = sim_mem_host_ptr(m, 0);

	for (pa = 0; pa < n; pa++)
		p[pa] = ram_pat(pa);
}

/* First address whose byte differs from the pattern, or ~0. */
static inline uint64_t ram_pat_diff(struct sim_mem *m)
{
	uint64_t n = sim_mem_ram_bytes(m), pa;
	const uint8_t *p = sim_mem_host_ptr(m, 0);

	for (pa = 0; pa < n; pa++)
		if (p[pa] != ram_pat(pa))
			return pa;
	return ~0ull;
}

#endif /* IMAGES_TEST_H */
