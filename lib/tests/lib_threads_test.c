// SPDX-License-Identifier: GPL-2.0
/*
 * lib_threads: the thread-safety contract of docs/embedding.md, two
 * machines in two threads at once. Each thread builds its own machine
 * (different kernel page sizes, so a kernel mixing them up would fail),
 * boots the driver stack, sets up VFIO v2 and then loops: map a page,
 * device DMA into it, read it back through its process, unmap, a DMA
 * that must now fault, EEH recovery by firmware calls. Both threads
 * check every result against what their own machine must give. Run
 * plainly and under helgrind (CTest lib_threads_helgrind), which reports
 * any access to shared state not ordered by a lock.
 */
#include "check_auto.h"
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vfio.h>

#include "tcesim/tcesim.h"

#define MiB (1ull << 20)
#define RID 0x0100
#define UA 0x10000000000ull

/* Both threads start their loops together, so they overlap. */
static pthread_barrier_t start;

struct worker {
	unsigned page_shift;
	unsigned rounds;
	uint64_t tag;		/* in every value this thread writes */
	bool started;
	char err[256];		/* first failure, "" if none */
};

#define EXPECT(w, cond, ...)						\
	do {								\
		if (!(cond) && !(w)->err[0]) {				\
			snprintf((w)->err, sizeof((w)->err), __VA_ARGS__); \
			goto out;					\
		}							\
	} while (0)

static void *run(void *arg)
{
	struct worker *w = arg;
	uint64_t page = 1ull << w->page_shift;
	tcesim_setup *s = tcesim_setup_new();
	tcesim_machine *m = NULL;
	char path[32];
	int cfd = -1, gfd = -1, group, pe;
	struct vfio_iommu_spapr_register_memory reg = {
		.argsz = sizeof(reg), .vaddr = UA, .size = 16 * page };
	struct vfio_iommu_spapr_tce_create cr = {
		.argsz = sizeof(cr), .page_shift = w->page_shift,
		.window_size = 1ull << 32, .levels = 2 };

	EXPECT(w, s, "setup: %s", tcesim_errmsg());
	EXPECT(w, !tcesim_setup_set(s, "machine.ram=512M") &&
		  !tcesim_setup_set(s, "machine.devices=0:0x0100") &&
		  !tcesim_setup_set(s, "machine.memlock=64M") &&
		  !tcesim_setup_set(s, w->page_shift == 12 ?
				    "machine.page_size=4K" :
				    "machine.page_size=64K"),
	       "setup: %s", tcesim_errmsg());
	m = tcesim_create(s);
	EXPECT(w, m, "create: %s", tcesim_errmsg());
	EXPECT(w, !tcesim_boot(m), "boot: %s", tcesim_errmsg());
	group = tcesim_group_of(m, 0, RID);
	EXPECT(w, group >= 0, "group: %s", tcesim_errmsg());
	EXPECT(w, !tcesim_mmap(m, UA, 16 * page, 0, true, false), "mmap: %s",
	       tcesim_errmsg());
	cfd = tcesim_open(m, "/dev/vfio/vfio");
	snprintf(path, sizeof(path), "/dev/vfio/%d", group);
	gfd = tcesim_open(m, path);
	EXPECT(w, cfd >= 0 && gfd >= 0, "open: %s", tcesim_errmsg());
	EXPECT(w, !tcesim_ioctl_arg(m, gfd, VFIO_GROUP_SET_CONTAINER, &cfd,
				    sizeof(cfd)) &&
		  !tcesim_ioctl(m, cfd, VFIO_SET_IOMMU, VFIO_SPAPR_TCE_v2_IOMMU) &&
		  !tcesim_ioctl_arg(m, cfd, VFIO_IOMMU_SPAPR_REGISTER_MEMORY,
				    &reg, sizeof(reg)) &&
		  !tcesim_ioctl_arg(m, cfd, VFIO_IOMMU_SPAPR_TCE_CREATE, &cr,
				    sizeof(cr)),
	       "VFIO set-up: %s", tcesim_errmsg());
	pthread_barrier_wait(&start);
	w->started = true;
	for (unsigned i = 0; i < w->rounds; i++) {
		unsigned p = i % 16;
		struct vfio_iommu_type1_dma_map map = {
			.argsz = sizeof(map),
			.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
			.vaddr = UA + p * page, .iova = cr.start_addr + p * page,
			.size = page };
		struct vfio_iommu_type1_dma_unmap um = {
			.argsz = sizeof(um), .iova = map.iova, .size = page };
		struct tcesim_dma_req r = { .rid = RID, .addr = map.iova + 8,
					    .len = 8, .dir = TCESIM_DMA_WRITE,
					    .arrival = TCESIM_ASAP };
		struct tcesim_dma_result res;
		uint64_t v = w->tag | i, back = 0;
		int64_t ret;

		EXPECT(w, !tcesim_ioctl_arg(m, cfd, VFIO_IOMMU_MAP_DMA, &map,
					    sizeof(map)),
		       "map %u: %s", i, tcesim_errmsg());
		EXPECT(w, !tcesim_dma(m, 0, &r, &v, &res) &&
			  res.status == TCESIM_DMA_OK,
		       "dma %u: status %u", i, res.status);
		EXPECT(w, !tcesim_user_read(m, UA + p * page + 8, &back, 8) &&
			  back == v,
		       "round %u: read back %#llx, wrote %#llx", i,
		       (unsigned long long)back, (unsigned long long)v);
		EXPECT(w, !tcesim_ioctl_arg(m, cfd, VFIO_IOMMU_UNMAP_DMA, &um,
					    sizeof(um)),
		       "unmap %u: %s", i, tcesim_errmsg());
		EXPECT(w, !tcesim_dma(m, 0, &r, &v, &res) &&
			  res.status == TCESIM_DMA_FAULT,
		       "round %u: unmapped page gave status %u", i, res.status);
		pe = res.pe;
		const uint64_t clear[] = { 0, (uint64_t)pe,
					   TCESIM_OPAL_EEH_ACTION_FREEZE_ALL };
		EXPECT(w, !tcesim_opal_call(m, TCESIM_OPAL_PCI_EEH_FREEZE_CLEAR,
					    clear, 3, &ret) &&
			  ret == TCESIM_OPAL_SUCCESS &&
			  tcesim_pe_frozen(m, 0, (unsigned)pe) == 0,
		       "round %u: EEH clear", i);
	}
out:
	if (w->err[0] && !w->started)
		pthread_barrier_wait(&start);	/* the other one waits */
	if (m && gfd >= 0)
		tcesim_close(m, gfd);
	if (m && cfd >= 0)
		tcesim_close(m, cfd);
	tcesim_destroy(m);
	tcesim_setup_free(s);
	return NULL;
}

CK_CASE("threads", 600, NULL, NULL);

CK_TEST("threads", two_machines_two_threads)
{
	unsigned rounds = getenv("LIB_THREADS_ROUNDS") ?
			  (unsigned)atoi(getenv("LIB_THREADS_ROUNDS")) : 200;
	struct worker w[2] = {
		{ .page_shift = 12, .rounds = rounds, .tag = 0xaa00000000ull },
		{ .page_shift = 16, .rounds = rounds, .tag = 0xbb00000000ull },
	};
	pthread_t t[2];

	ck_assert_int_eq(pthread_barrier_init(&start, NULL, 2), 0);
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(pthread_create(&t[i], NULL, run, &w[i]), 0);
	for (int i = 0; i < 2; i++)
		ck_assert_int_eq(pthread_join(t[i], NULL), 0);
	pthread_barrier_destroy(&start);
	ck_assert_msg(!w[0].err[0], "thread 0: %s", w[0].err);
	ck_assert_msg(!w[1].err[0], "thread 1: %s", w[1].err);
}
END_TEST

CK_SUITE("lib_threads");
