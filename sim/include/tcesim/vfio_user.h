/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user-process side of VFIO sPAPR TCE, over the compat host API
 * (kc/host.h): ioctl argument structs (the uapi ones from <linux/vfio.h>)
 * are copied into a scratch page of the simulated process, the ioctl is
 * issued with that user address, and the struct is copied back, as a real
 * process passes them. Plus the set-up steps a workload takes: open the
 * container, attach a group, set the IOMMU type, v1 ENABLE + GET_INFO or
 * v2 preregistration + CREATE, MAP/UNMAP.
 *
 * Every step returns 0 (or an fd) / -errno; on failure it names the
 * ioctl and its arguments in u->err. Used by trace replay, the traffic
 * generators and the benchmarks.
 */
#ifndef TCESIM_VFIO_USER_H
#define TCESIM_VFIO_USER_H

#include <stddef.h>
#include <stdint.h>

/*
 * An ioctl number of <linux/vfio.h> as a ppc64 process encodes it:
 * powerpc's _IO() puts direction NONE (1) at bit 29, the generic one 0.
 * The compat layer folds both to the generic value.
 */
#define VFIO_USER_PPC64(cmd) (0x20000000u | (uint32_t)(cmd))

struct vfio_user {
	uint64_t scratch;	/* user address of a mapped, writable page of
				   the current process, for ioctl arguments */
	char *err;		/* failure messages (may be NULL) */
	size_t errlen;
};

/*
 * Copy len bytes of arg to the scratch page, kc_ioctl(fd, cmd, scratch),
 * copy them back into arg. The caller fills argsz. Returns the ioctl's
 * result, or -EFAULT when the scratch page cannot be written or read.
 * Writes no message.
 */
long vfio_user_ioctl(const struct vfio_user *u, int fd, unsigned long cmd,
		     void *arg, size_t len);

/* Opens /dev/vfio/vfio: the container fd, or -errno. */
int vfio_user_open_container(const struct vfio_user *u);
/* Opens /dev/vfio/<group_id> and puts it in container cfd: the group fd,
   or -errno (the group fd is closed again when SET_CONTAINER fails). */
int vfio_user_attach_group(const struct vfio_user *u, int cfd, int group_id);
/* VFIO_SET_IOMMU: version 1 (VFIO_SPAPR_TCE_IOMMU) or 2 (..._v2_IOMMU). */
int vfio_user_set_iommu(const struct vfio_user *u, int cfd, unsigned version);
/* v1: VFIO_IOMMU_ENABLE. */
int vfio_user_enable(const struct vfio_user *u, int cfd);
/* VFIO_IOMMU_SPAPR_TCE_GET_INFO: the default 32-bit window. */
int vfio_user_dma32_window(const struct vfio_user *u, int cfd,
			   uint64_t *start, uint64_t *size);
/* v2: VFIO_IOMMU_SPAPR_REGISTER_MEMORY of [ua, ua + size). */
int vfio_user_register(const struct vfio_user *u, int cfd, uint64_t ua,
		       uint64_t size);
/* v2: VFIO_IOMMU_SPAPR_TCE_CREATE; *start gets the window's bus address. */
int vfio_user_create_window(const struct vfio_user *u, int cfd,
			    unsigned page_shift, uint64_t window_size,
			    unsigned levels, uint64_t *start);
/* VFIO_IOMMU_MAP_DMA, read + write. */
int vfio_user_map(const struct vfio_user *u, int cfd, uint64_t ua,
		  uint64_t iova, uint64_t size);
/* VFIO_IOMMU_UNMAP_DMA. */
int vfio_user_unmap(const struct vfio_user *u, int cfd, uint64_t iova,
		    uint64_t size);

/*
 * The trace language's words for VFIO values (docs/trace-format.md),
 * shared by replay and the invariant checker:
 *   vfio_user_iommu_type: "v1" -> VFIO_SPAPR_TCE_IOMMU, "v2" ->
 *     VFIO_SPAPR_TCE_v2_IOMMU, anything else 0;
 *   vfio_user_dma_flags: the MAP_DMA flags of dir= ("r"/"read",
 *     "w"/"write", "none"; NULL or "rw" read + write);
 *   vfio_user_eeh_op: "disable" ... "inject_err" -> VFIO_EEH_PE_*, or -1.
 */
unsigned long vfio_user_iommu_type(const char *word);
uint32_t vfio_user_dma_flags(const char *dir);
int vfio_user_eeh_op(const char *word);

#endif /* TCESIM_VFIO_USER_H */
