// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation and pinning failures anywhere in the VFIO paths: every
 * kmalloc, page allocation or page pin is made to fail in turn (fail-nth
 * sweep) while a container is set up and used. Each ioctl must return 0
 * or a negative errno, nothing may WARN, and closing everything must give
 * back every allocation, pin and locked_vm page.
 */
#include "drivers_vfio_harness.h"

#define PG		(1ULL << 16)
#define MAX_STEPS	400

/* A v2 session: prereg, DDW, maps in both windows, unmap. */
static void run_v2(struct vt *t, int *fds)
{
	long r[8];
	uint64_t start = 0;
	unsigned i;

	char path[64];

	fds[0] = kc_open("/dev/vfio/vfio");
	if (fds[0] < 0)
		return;
	snprintf(path, sizeof(path), "/dev/vfio/%d", t->group_id[0]);
	fds[1] = kc_open(path);
	snprintf(path, sizeof(path), "/dev/vfio/%d", t->group_id[1]);
	fds[2] = kc_open(path);
	if (fds[1] >= 0)
		vt_set_container(fds[1], fds[0]);
	kc_ioctl(fds[0], VT_SET_IOMMU, VT_V2);
	if (fds[2] >= 0)
		vt_set_container(fds[2], fds[0]);
	r[0] = vt_register(fds[0], VT_UA_MEM, 8 * PG);
	r[1] = vt_create(fds[0], 16, 1ULL << 40, 2, &start);
	r[2] = vt_map(fds[0], VT_UA_MEM, start ? start + (1ULL << 36) : 0,
		      2 * PG, 3);
	r[3] = vt_map(fds[0], VT_UA_MEM + 2 * PG, 0x10000, PG, 3);
	r[4] = vt_unmap(fds[0], 0x10000, PG);
	r[5] = vt_register(fds[0], VT_UA_MEM + 8 * PG, 4 * PG);
	r[6] = vt_unregister(fds[0], VT_UA_MEM + 8 * PG, 4 * PG);
	r[7] = vt_map(fds[0], VT_UA_MEM + 3 * PG, 0x20000, PG, 1);
	for (i = 0; i < 8; i++)
		ck_assert_msg(r[i] <= 0 && r[i] > -4096, "step %u: %ld", i,
			      r[i]);
}

/* A v1 session: enable, maps that pin, a remap, unmap. */
static void run_v1(struct vt *t, int *fds)
{
	long r[5];
	unsigned i;
	char path[64];

	fds[0] = kc_open("/dev/vfio/vfio");
	snprintf(path, sizeof(path), "/dev/vfio/%d", t->group_id[0]);
	fds[1] = kc_open(path);
	if (fds[0] < 0 || fds[1] < 0)
		return;
	vt_set_container(fds[1], fds[0]);
	kc_ioctl(fds[0], VT_SET_IOMMU, VT_V1);
	r[0] = kc_ioctl(fds[0], VT_ENABLE, 0);
	r[1] = vt_map(fds[0], VT_UA_MEM, 0x100000, 4 * PG, 3);
	r[2] = vt_map(fds[0], VT_UA_MEM + 4 * PG, 0x100000, 0x1000, 2);
	r[3] = vt_unmap(fds[0], 0x100000 + PG, PG);
	r[4] = vt_map(fds[0], VT_UA_MEM + 8 * PG, 0x400000, 2 * PG, 1);
	for (i = 0; i < 5; i++)
		ck_assert_msg(r[i] <= 0 && r[i] > -4096, "step %u: %ld", i,
			      r[i]);
}

static void sweep(unsigned what, bool v2)
{
	unsigned n;
	bool done = false;

	for (n = 1; n <= MAX_STEPS && !done; n++) {
		struct vt t;
		int fds[3] = { -1, -1, -1 };
		unsigned i;

		vt_boot(&t, 2, 8 * VT_GB);
		vt_mmap(VT_UA_MEM, 16 * PG, false, false);
		vt_snapshot(&t.before);
		kc_fail_nth(what, n);
		if (v2)
			run_v2(&t, fds);
		else
			run_v1(&t, fds);
		/* Went through the whole session without reaching n. */
		done = kc_fail_nth_pending();
		kc_fail_nth(what, 0);
		for (i = 0; i < 3; i++)
			if (fds[i] >= 0)
				ck_assert_int_eq(kc_close(fds[i]), 0);
		vt_assert_clean(&t);
		vt_shutdown(&t);
	}
	ck_assert_msg(done, "sweep did not finish in %u steps", MAX_STEPS);
	ck_assert_uint_gt(n, 2);
}

START_TEST(v2_session_kmalloc_failures)
{
	sweep(KC_FAIL_KMALLOC, true);
}
END_TEST

START_TEST(v2_session_page_failures)
{
	sweep(KC_FAIL_PAGES, true);
}
END_TEST

START_TEST(v2_session_pin_failures)
{
	sweep(KC_FAIL_PIN, true);
}
END_TEST

START_TEST(v1_session_kmalloc_failures)
{
	sweep(KC_FAIL_KMALLOC, false);
}
END_TEST

START_TEST(v1_session_page_failures)
{
	sweep(KC_FAIL_PAGES, false);
}
END_TEST

START_TEST(v1_session_pin_failures)
{
	sweep(KC_FAIL_PIN, false);
}
END_TEST

static Suite *suite(void)
{
	Suite *s = suite_create("drivers_vfio_failnth");
	TCase *tc = tcase_create("sweep");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, v2_session_kmalloc_failures);
	tcase_add_test(tc, v2_session_page_failures);
	tcase_add_test(tc, v2_session_pin_failures);
	tcase_add_test(tc, v1_session_kmalloc_failures);
	tcase_add_test(tc, v1_session_page_failures);
	tcase_add_test(tc, v1_session_pin_failures);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	return vt_run(suite());
}
