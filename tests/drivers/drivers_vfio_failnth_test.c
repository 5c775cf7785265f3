// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation and pinning failures anywhere in the VFIO paths: every
 * kmalloc, page allocation or page pin is made to fail in turn (fail-nth
 * sweep) while a container is set up and used. Before the failure every
 * step (open, set-up ioctl, use) must succeed, the step that takes it must
 * fail with the errno it means, nothing may WARN, closing everything must
 * give back every allocation, pin and locked_vm page, and the run past
 * the last failure point (like the run with none) must succeed throughout.
 */
#include "check_auto.h"
#include "drivers_vfio_harness.h"

#define PG		(1ULL << 16)
#define MAX_STEPS	400

/*
 * One run of a session. Until the armed failure is injected every step
 * must succeed; the step during which it is injected must fail with the
 * error that kind of failure means (-ENOMEM; a failed pin may also read
 * as -EFAULT, "could not pin that address"); later steps run on whatever
 * the failed one left behind and must succeed or fail with an errno.
 * what == 0 is the clean run: every step must succeed.
 */
struct run {
	unsigned what;		/* KC_FAIL_* armed, 0: none */
	uint64_t injected0;	/* fail_injected when the run started */
	int hit;		/* step that took the failure, -1: none yet */
	int nsteps;
};

static uint64_t injected_count(void)
{
	struct kc_counters c;

	kc_get_counters(&c);
	return c.fail_injected;
}

static void run_begin(struct run *r, unsigned what)
{
	r->what = what;
	r->injected0 = injected_count();
	r->hit = -1;
	r->nsteps = 0;
}

static bool errno_of_injection(const struct run *r, long ret)
{
	if (ret == -ENOMEM)
		return true;
	return r->what == KC_FAIL_PIN && ret == -EFAULT;
}

/* Check step name's result; ok says whether ret means success. */
static void check_step(struct run *r, const char *name, long ret, bool ok)
{
	int step = r->nsteps++;

	if (r->hit < 0 && injected_count() != r->injected0) {
		r->hit = step;
		ck_assert_msg(errno_of_injection(r, ret),
			      "step %d (%s) took failure %#x and returned %ld",
			      step, name, r->what, ret);
	} else if (r->hit < 0) {
		ck_assert_msg(ok, "step %d (%s) returned %ld with no failure "
			      "injected", step, name, ret);
	} else {
		ck_assert_msg(ok || (ret < 0 && ret > -4096),
			      "step %d (%s) after the failure (step %d) "
			      "returned %ld", step, name, r->hit, ret);
	}
}

/* An ioctl step: success is 0. */
static bool step(struct run *r, const char *name, long ret)
{
	check_step(r, name, ret, ret == 0);
	return ret == 0;
}

/* An open step: success is an fd; false (stop the session) otherwise. */
static bool step_open(struct run *r, const char *path, int *fd)
{
	*fd = kc_open(path);
	check_step(r, path, *fd, *fd >= 0);
	return *fd >= 0;
}

static bool open_group(struct run *r, struct vt *t, unsigned i, int *fd)
{
	char path[64];

	snprintf(path, sizeof(path), "/dev/vfio/%d", t->group_id[i]);
	return step_open(r, path, fd);
}

/* A v2 session: prereg, DDW, maps in both windows, unmap. */
static void run_v2(struct run *r, struct vt *t, int *fds)
{
	uint64_t start = 0;

	if (!step_open(r, "/dev/vfio/vfio", &fds[0]) ||
	    !open_group(r, t, 0, &fds[1]) || !open_group(r, t, 1, &fds[2]))
		return;
	step(r, "SET_CONTAINER 0", vt_set_container(fds[1], fds[0]));
	step(r, "SET_IOMMU v2", kc_ioctl(fds[0], VT_SET_IOMMU, VT_V2));
	step(r, "SET_CONTAINER 1", vt_set_container(fds[2], fds[0]));
	step(r, "REGISTER", vt_register(fds[0], VT_UA_MEM, 8 * PG));
	if (!step(r, "CREATE", vt_create(fds[0], 16, 1ULL << 40, 2, &start)))
		start = 0;
	step(r, "MAP window 1", vt_map(fds[0], VT_UA_MEM,
				       start ? start + (1ULL << 36) : 0,
				       2 * PG, 3));
	step(r, "MAP window 0", vt_map(fds[0], VT_UA_MEM + 2 * PG, 0x10000,
				       PG, 3));
	step(r, "UNMAP", vt_unmap(fds[0], 0x10000, PG));
	step(r, "REGISTER 2", vt_register(fds[0], VT_UA_MEM + 8 * PG,
					  4 * PG));
	step(r, "UNREGISTER 2", vt_unregister(fds[0], VT_UA_MEM + 8 * PG,
					      4 * PG));
	step(r, "MAP read-only", vt_map(fds[0], VT_UA_MEM + 3 * PG, 0x20000,
					PG, 1));
}

/* A v1 session: enable, maps that pin, a remap, unmap. */
static void run_v1(struct run *r, struct vt *t, int *fds)
{
	if (!step_open(r, "/dev/vfio/vfio", &fds[0]) ||
	    !open_group(r, t, 0, &fds[1]))
		return;
	step(r, "SET_CONTAINER", vt_set_container(fds[1], fds[0]));
	step(r, "SET_IOMMU v1", kc_ioctl(fds[0], VT_SET_IOMMU, VT_V1));
	step(r, "ENABLE", kc_ioctl(fds[0], VT_ENABLE, 0));
	step(r, "MAP 4 pages", vt_map(fds[0], VT_UA_MEM, 0x100000, 4 * PG, 3));
	step(r, "MAP over the first", vt_map(fds[0], VT_UA_MEM + 4 * PG,
					     0x100000, 0x1000, 2));
	step(r, "UNMAP", vt_unmap(fds[0], 0x100000 + PG, PG));
	step(r, "MAP 2 pages", vt_map(fds[0], VT_UA_MEM + 8 * PG, 0x400000,
				      2 * PG, 1));
}

/*
 * One session with the nth failure of kind what armed (nth 0: none);
 * closes everything and checks every allocation, pin and locked_vm page
 * came back. True when the session never reached the nth failure.
 */
static bool session(unsigned what, uint64_t nth, bool v2)
{
	struct vt t;
	struct run r;
	int fds[3] = { -1, -1, -1 };
	bool past_the_end;
	unsigned i;

	vt_boot(&t, 2, 8 * VT_GB);
	vt_mmap(VT_UA_MEM, 16 * PG, false, false);
	vt_snapshot(&t.before);
	run_begin(&r, nth ? what : 0);
	kc_fail_nth(what, nth);
	if (v2)
		run_v2(&r, &t, fds);
	else
		run_v1(&r, &t, fds);
	past_the_end = !nth || kc_fail_nth_pending();
	kc_fail_nth(what, 0);
	/* An injected failure must have landed in one of the steps. */
	ck_assert_msg(past_the_end == (r.hit < 0),
		      "nth %llu: failure injected outside the steps",
		      (unsigned long long)nth);
	for (i = 0; i < 3; i++)
		if (fds[i] >= 0)
			ck_assert_int_eq(kc_close(fds[i]), 0);
	vt_assert_clean(&t);
	vt_shutdown(&t);
	return past_the_end;
}

/* The clean run, then the nth failure for n = 1, 2, ... until the
 * session goes through without reaching it (a clean run again). */
static void sweep(unsigned what, bool v2)
{
	uint64_t n;
	bool done = false;

	session(what, 0, v2);
	for (n = 1; n <= MAX_STEPS && !done; n++)
		done = session(what, n, v2);
	ck_assert_msg(done, "sweep did not finish in %u steps", MAX_STEPS);
	ck_assert_uint_gt(n, 2);
}

CK_TEST("sweep", v2_session_kmalloc_failures)
{
	sweep(KC_FAIL_KMALLOC, true);
}
END_TEST

CK_TEST("sweep", v2_session_page_failures)
{
	sweep(KC_FAIL_PAGES, true);
}
END_TEST

CK_TEST("sweep", v2_session_pin_failures)
{
	sweep(KC_FAIL_PIN, true);
}
END_TEST

CK_TEST("sweep", v1_session_kmalloc_failures)
{
	sweep(KC_FAIL_KMALLOC, false);
}
END_TEST

CK_TEST("sweep", v1_session_page_failures)
{
	sweep(KC_FAIL_PAGES, false);
}
END_TEST

CK_TEST("sweep", v1_session_pin_failures)
{
	sweep(KC_FAIL_PIN, false);
}
END_TEST

CK_CASE("sweep", 60, NULL, NULL);
CK_SUITE("drivers_vfio_failnth");
