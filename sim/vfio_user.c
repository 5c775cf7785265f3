// SPDX-License-Identifier: GPL-2.0
/*
 * The user-process side of VFIO sPAPR TCE (tcesim/vfio_user.h): each
 * ioctl argument is a uapi struct from <linux/vfio.h> (the installed
 * linux-libc-dev header; the compat layer folds the generic ioctl number
 * encoding and the ppc64 one together), passed through the process's
 * scratch page. Also the trace language's words for VFIO values.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <linux/vfio.h>

#include "kc/host.h"
#include "tcesim/sim_errf.h"
#include "tcesim/vfio_user.h"

long vfio_user_ioctl(const struct vfio_user *u, int fd, unsigned long cmd,
		     void *arg, size_t len)
{
	long ret;

	if (kc_user_write(u->scratch, arg, len))
		return -EFAULT;
	ret = kc_ioctl(fd, cmd, (unsigned long)u->scratch);
	if (kc_user_read(u->scratch, arg, len) && ret >= 0)
		return -EFAULT;
	return ret;
}

/*
 * "<what>: <strerror>", what formatted from fmt (the call and its
 * arguments); a non-negative rc (a count, a success) still reports
 * -EINVAL.
 */
__attribute__((format(printf, 3, 4)))
static int fail(const struct vfio_user *u, long rc, const char *fmt, ...)
{
	int err = rc < 0 ? (int)rc : -EINVAL;
	char what[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return sim_errf(u->err, u->errlen, err, "%s: %s", what,
			strerror(-err));
}

int vfio_user_open_container(const struct vfio_user *u)
{
	int cfd = kc_open("/dev/vfio/vfio");

	if (cfd < 0)
		return fail(u, cfd, "open /dev/vfio/vfio");
	return cfd;
}

int vfio_user_attach_group(const struct vfio_user *u, int cfd, int group_id)
{
	char path[32];
	int32_t fd = cfd;
	long ret;
	int gfd;

	snprintf(path, sizeof(path), "/dev/vfio/%d", group_id);
	gfd = kc_open(path);
	if (gfd < 0)
		return sim_errf(u->err, u->errlen, gfd, "open %s: %s", path,
				strerror(-gfd));
	ret = vfio_user_ioctl(u, gfd, VFIO_GROUP_SET_CONTAINER, &fd,
			      sizeof(fd));
	if (ret) {
		kc_close(gfd);
		return fail(u, ret, "VFIO_GROUP_SET_CONTAINER (%s)", path);
	}
	return gfd;
}

int vfio_user_set_iommu(const struct vfio_user *u, int cfd, unsigned version)
{
	long ret = -EINVAL;

	if (version == 1 || version == 2)
		ret = kc_ioctl(cfd, VFIO_SET_IOMMU, version == 1 ?
			       VFIO_SPAPR_TCE_IOMMU : VFIO_SPAPR_TCE_v2_IOMMU);
	return ret ? fail(u, ret, "VFIO_SET_IOMMU (v%u)", version) : 0;
}

int vfio_user_enable(const struct vfio_user *u, int cfd)
{
	long ret = kc_ioctl(cfd, VFIO_IOMMU_ENABLE, 0);

	return ret ? fail(u, ret, "VFIO_IOMMU_ENABLE") : 0;
}

int vfio_user_dma32_window(const struct vfio_user *u, int cfd,
			   uint64_t *start, uint64_t *size)
{
	struct vfio_iommu_spapr_tce_info info = { .argsz = sizeof(info) };
	long ret = vfio_user_ioctl(u, cfd, VFIO_IOMMU_SPAPR_TCE_GET_INFO,
				   &info, sizeof(info));

	if (ret)
		return fail(u, ret, "VFIO_IOMMU_SPAPR_TCE_GET_INFO");
	*start = info.dma32_window_start;
	*size = info.dma32_window_size;
	return 0;
}

int vfio_user_register(const struct vfio_user *u, int cfd, uint64_t ua,
		       uint64_t size)
{
	struct vfio_iommu_spapr_register_memory reg = {
		.argsz = sizeof(reg), .vaddr = ua, .size = size,
	};
	long ret = vfio_user_ioctl(u, cfd, VFIO_IOMMU_SPAPR_REGISTER_MEMORY,
				   &reg, sizeof(reg));

	if (!ret)
		return 0;
	return fail(u, ret, "VFIO_IOMMU_SPAPR_REGISTER_MEMORY (0x%llx bytes at 0x%llx)",
		    (unsigned long long)size, (unsigned long long)ua);
}

int vfio_user_create_window(const struct vfio_user *u, int cfd,
			    unsigned page_shift, uint64_t window_size,
			    unsigned levels, uint64_t *start)
{
	struct vfio_iommu_spapr_tce_create cr = {
		.argsz = sizeof(cr), .page_shift = page_shift,
		.window_size = window_size, .levels = levels,
	};
	long ret = vfio_user_ioctl(u, cfd, VFIO_IOMMU_SPAPR_TCE_CREATE, &cr,
				   sizeof(cr));

	if (!ret) {
		*start = cr.start_addr;
		return 0;
	}
	return fail(u, ret, "VFIO_IOMMU_SPAPR_TCE_CREATE (page shift %u, window 0x%llx, levels %u)",
		    page_shift, (unsigned long long)window_size, levels);
}

int vfio_user_map(const struct vfio_user *u, int cfd, uint64_t ua,
		  uint64_t iova, uint64_t size)
{
	struct vfio_iommu_type1_dma_map m = {
		.argsz = sizeof(m),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = ua, .iova = iova, .size = size,
	};
	long ret = vfio_user_ioctl(u, cfd, VFIO_IOMMU_MAP_DMA, &m, sizeof(m));

	if (!ret)
		return 0;
	return fail(u, ret, "VFIO_IOMMU_MAP_DMA (0x%llx bytes at 0x%llx, iova 0x%llx)",
		    (unsigned long long)size, (unsigned long long)ua,
		    (unsigned long long)iova);
}

int vfio_user_unmap(const struct vfio_user *u, int cfd, uint64_t iova,
		    uint64_t size)
{
	struct vfio_iommu_type1_dma_unmap um = {
		.argsz = sizeof(um), .iova = iova, .size = size,
	};
	long ret = vfio_user_ioctl(u, cfd, VFIO_IOMMU_UNMAP_DMA, &um,
				   sizeof(um));

	if (!ret)
		return 0;
	return fail(u, ret, "VFIO_IOMMU_UNMAP_DMA (0x%llx bytes at iova 0x%llx)",
		    (unsigned long long)size, (unsigned long long)iova);
}

unsigned long vfio_user_iommu_type(const char *word)
{
	if (!strcmp(word, "v1"))
		return VFIO_SPAPR_TCE_IOMMU;
	if (!strcmp(word, "v2"))
		return VFIO_SPAPR_TCE_v2_IOMMU;
	return 0;
}

uint32_t vfio_user_dma_flags(const char *dir)
{
	if (!dir || !strcmp(dir, "rw"))
		return VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	if (!strcmp(dir, "r") || !strcmp(dir, "read"))
		return VFIO_DMA_MAP_FLAG_READ;
	if (!strcmp(dir, "w") || !strcmp(dir, "write"))
		return VFIO_DMA_MAP_FLAG_WRITE;
	if (!strcmp(dir, "none"))
		return 0;
	return VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
}

int vfio_user_eeh_op(const char *word)
{
	static const struct {
		const char *word;
		int op;
	} ops[] = {
		{ "disable", VFIO_EEH_PE_DISABLE },
		{ "enable", VFIO_EEH_PE_ENABLE },
		{ "unfreeze_io", VFIO_EEH_PE_UNFREEZE_IO },
		{ "unfreeze_dma", VFIO_EEH_PE_UNFREEZE_DMA },
		{ "get_state", VFIO_EEH_PE_GET_STATE },
		{ "reset_deactivate", VFIO_EEH_PE_RESET_DEACTIVATE },
		{ "reset_hot", VFIO_EEH_PE_RESET_HOT },
		{ "reset_fundamental", VFIO_EEH_PE_RESET_FUNDAMENTAL },
		{ "configure", VFIO_EEH_PE_CONFIGURE },
		{ "inject_err", VFIO_EEH_PE_INJECT_ERR },
	};

	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strcmp(word, ops[i].word))
			return ops[i].op;
	return -1;
}
