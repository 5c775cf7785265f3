// SPDX-License-Identifier: GPL-2.0
/*
 * The VFIO verbs of replay: opening containers and groups, and every
 * VFIO sPAPR TCE ioctl, as a process issues them. Argument structs are
 * the uapi ones of <linux/vfio.h>, passed through the process's scratch
 * page by tcesim/vfio_user.h. A trace may set argsz=, flags= and cmd= to
 * issue malformed calls; the raw `ioctl` verb passes data= (or argsz= as
 * the integer argument) untouched.
 */
#include <inttypes.h>
#include <stddef.h>
#include <string.h>

#include <linux/vfio.h>

#include "kc/host.h"
#include "replay_internal.h"
#include "tcesim/vfio_user.h"

#define RAW_DATA_MAX 0x10000u	/* the scratch page: data= of `ioctl` */

/* Every argument struct starts with argsz and flags (vfio_struct()). */
#define HEAD_OK(t) (offsetof(struct t, argsz) == 0 && \
		    offsetof(struct t, flags) == 4)
_Static_assert(HEAD_OK(vfio_group_status) &&
	       HEAD_OK(vfio_iommu_spapr_tce_info) &&
	       HEAD_OK(vfio_iommu_spapr_register_memory) &&
	       HEAD_OK(vfio_iommu_spapr_tce_create) &&
	       HEAD_OK(vfio_iommu_spapr_tce_remove) &&
	       HEAD_OK(vfio_iommu_type1_dma_map) &&
	       HEAD_OK(vfio_iommu_type1_dma_unmap) &&
	       HEAD_OK(vfio_eeh_pe_op),
	       "VFIO argument structs start with argsz, flags");

/* The fd of the container or group named by key k; -1 after an input
 * error. */
static int fd_of(struct replay *r, enum trace_key k)
{
	const struct trace_kv *kv = replay_required_key(r, k);

	if (!kv)
		return -1;
	struct name_slot *s = replay_slot_find(r->fds, r->nfds, kv->str);
	if (!s) {
		replay_input_error(r, k, "'%s' is not an open container or group",
				   kv->str);
		return -1;
	}
	return s->val;
}

/*
 * ioctl cmd (or the trace's cmd=) with the struct st of size bytes: argsz
 * is size unless the trace sets argsz=, flags= replaces the flags. The
 * struct is read back. -1 after an input error (no process).
 */
static long vfio_struct(struct replay *r, int fd, unsigned long cmd, void *st,
			size_t size)
{
	uint32_t argsz = (uint32_t)replay_key_num(r, TK_ARGSZ, size);
	struct vfio_user u = { .scratch = 0 };

	if (replay_scratch(r, &u.scratch))
		return -1;
	memcpy(st, &argsz, sizeof(argsz));
	if (trace_op_get(r->op, TK_FLAGS)) {
		uint32_t flags = (uint32_t)replay_key_num(r, TK_FLAGS, 0);

		memcpy((uint8_t *)st + 4, &flags, sizeof(flags));
	}
	return vfio_user_ioctl(&u, fd, replay_key_num(r, TK_CMD, cmd), st, size);
}

/* ---- containers and groups ---------------------------------------------------- */

static int container_open(struct replay *r)
{
	const struct trace_kv *n = replay_required_key(r, TK_NAME);
	int fd;

	if (!n)
		return -1;
	const struct name_slot *s = replay_slot_find(r->fds, r->nfds, n->str);
	if (s)
		return replay_input_error(r, TK_NAME, "'%s' already names an open container or group (line %u); close it first or use another name",
					  n->str, s->line);
	fd = kc_open("/dev/vfio/vfio");
	if (fd >= 0 && !replay_slot_set(r, r->fds, &r->nfds, n->str, fd))
		return -1;
	replay_result(r, fd >= 0 ? " -> fd %d" : "", fd);
	replay_expect_ret(r, fd < 0 ? fd : 0);
	return 0;
}

static int group_open(struct replay *r)
{
	const struct trace_kv *n = replay_required_key(r, TK_NAME);
	char path[64];
	int fd;

	if (!n)
		return -1;
	struct name_slot *g = replay_slot_find(r->groups, r->ngroups, n->str);
	if (!g)
		return replay_input_error(r, TK_NAME, "no group named '%s' (declare it with 'group %s dev=P:RID')",
					  n->str, n->str);
	int id = machine_group_of(r->m, (unsigned)g->val >> 16, (uint16_t)g->val);
	if (id < 0) {
		replay_expect_ret(r, id);
		return 0;
	}
	snprintf(path, sizeof(path), "/dev/vfio/%d", id);
	fd = kc_open(path);
	if (fd >= 0 && !replay_slot_set(r, r->fds, &r->nfds, n->str, fd))
		return -1;
	replay_result(r, " %s", path);
	replay_expect_num(r, TK_X_GROUP, id);
	replay_expect_ret(r, fd < 0 ? fd : 0);
	return 0;
}

static int fd_close(struct replay *r)
{
	const struct trace_kv *n = replay_required_key(r, TK_NAME);
	int fd = fd_of(r, TK_NAME);

	if (fd < 0)
		return -1;
	long ret = kc_close(fd);
	struct name_slot *s = replay_slot_find(r->fds, r->nfds, n->str);
	*s = r->fds[--r->nfds];
	replay_expect_ret(r, ret);
	return 0;
}

static int group_status(struct replay *r)
{
	struct vfio_group_status st = { .argsz = 0 };
	int fd = fd_of(r, TK_NAME);

	if (fd < 0)
		return -1;
	long ret = vfio_struct(r, fd, VFIO_GROUP_GET_STATUS, &st, sizeof(st));
	replay_expect_ret(r, ret);
	if (!ret) {
		replay_result(r, " flags=%u", st.flags);
		replay_expect_num(r, TK_X_FLAGS, st.flags);
	}
	return 0;
}

static int group_attach(struct replay *r)
{
	struct vfio_user u = { .scratch = 0 };
	int fd, cfd;

	if ((fd = fd_of(r, TK_NAME)) < 0 || (cfd = fd_of(r, TK_CONTAINER)) < 0 ||
	    replay_scratch(r, &u.scratch))
		return -1;
	int32_t v = cfd;
	replay_expect_ret(r, vfio_user_ioctl(&u, fd,
					     replay_key_num(r, TK_CMD, VFIO_GROUP_SET_CONTAINER),
					     &v, sizeof(v)));
	return 0;
}

static int group_detach(struct replay *r)
{
	int fd = fd_of(r, TK_NAME);

	if (fd < 0)
		return -1;
	replay_expect_ret(r, kc_ioctl(fd, replay_key_num(r, TK_CMD,
							 VFIO_GROUP_UNSET_CONTAINER), 0));
	return 0;
}

/* ---- container ioctls with an integer argument -------------------------------- */

static int container_int(struct replay *r)
{
	static const unsigned long cmds[TV_COUNT] = {
		[TV_GET_API_VERSION] = VFIO_GET_API_VERSION,
		[TV_CHECK_EXTENSION] = VFIO_CHECK_EXTENSION,
		[TV_SET_IOMMU] = VFIO_SET_IOMMU,
		[TV_ENABLE] = VFIO_IOMMU_ENABLE,
		[TV_DISABLE] = VFIO_IOMMU_DISABLE,
	};
	unsigned long arg = 0;
	int fd = fd_of(r, TK_CONTAINER);

	if (fd < 0)
		return -1;
	if (r->op->verb == TV_CHECK_EXTENSION)
		arg = replay_key_num(r, TK_EXT, 0);
	if (r->op->verb == TV_SET_IOMMU) {
		const struct trace_kv *t = replay_required_key(r, TK_TYPE);
		if (!t)
			return -1;
		arg = t->str ? vfio_user_iommu_type(t->str) : t->num;
		if (t->str && !arg)
			return replay_input_error(r, TK_TYPE, "type must be v1, v2 or a number");
	}
	replay_expect_ret(r, kc_ioctl(fd, replay_key_num(r, TK_CMD, cmds[r->op->verb]),
				      arg));
	return 0;
}

/* ---- sPAPR TCE IOMMU ioctls ----------------------------------------------------- */

static int get_info(struct replay *r)
{
	struct vfio_iommu_spapr_tce_info in = { .argsz = 0 };
	int fd = fd_of(r, TK_CONTAINER);

	if (fd < 0)
		return -1;
	long ret = vfio_struct(r, fd, VFIO_IOMMU_SPAPR_TCE_GET_INFO, &in,
			       sizeof(in));
	replay_expect_ret(r, ret);
	if (ret)
		return 0;
	replay_result(r, " flags=%u dma32=0x%x+0x%x pgsizes=0x%" PRIx64 " windows=%u levels=%u",
		      in.flags, in.dma32_window_start, in.dma32_window_size,
		      (uint64_t)in.ddw.pgsizes, in.ddw.max_dynamic_windows_supported,
		      in.ddw.levels);
	replay_expect_num(r, TK_X_FLAGS, in.flags);
	replay_expect_num(r, TK_X_START, in.dma32_window_start);
	replay_expect_num(r, TK_X_SIZE, in.dma32_window_size);
	replay_expect_num(r, TK_X_PGSIZES, (int64_t)in.ddw.pgsizes);
	replay_expect_num(r, TK_X_WINDOWS, in.ddw.max_dynamic_windows_supported);
	replay_expect_num(r, TK_X_LEVELS, in.ddw.levels);
	return 0;
}

static int register_memory(struct replay *r)
{
	struct vfio_iommu_spapr_register_memory reg = { .argsz = 0 };
	int fd = fd_of(r, TK_CONTAINER);

	if (fd < 0)
		return -1;
	reg.vaddr = replay_key_num(r, TK_UA, 0);
	reg.size = replay_key_num(r, TK_SIZE, 0);
	replay_expect_ret(r, vfio_struct(r, fd, r->op->verb == TV_REGISTER ?
					 VFIO_IOMMU_SPAPR_REGISTER_MEMORY :
					 VFIO_IOMMU_SPAPR_UNREGISTER_MEMORY,
					 &reg, sizeof(reg)));
	return 0;
}

static int create_window(struct replay *r)
{
	struct vfio_iommu_spapr_tce_create cr = { .argsz = 0 };
	int fd = fd_of(r, TK_CONTAINER);

	if (fd < 0)
		return -1;
	cr.page_shift = (uint32_t)replay_key_num(r, TK_PAGE_SHIFT, 0);
	cr.window_size = replay_key_num(r, TK_SIZE, 0);
	cr.levels = (uint32_t)replay_key_num(r, TK_LEVELS, 0);
	long ret = vfio_struct(r, fd, VFIO_IOMMU_SPAPR_TCE_CREATE, &cr,
			       sizeof(cr));
	replay_expect_ret(r, ret);
	if (!ret) {
		replay_result(r, " start=0x%" PRIx64, (uint64_t)cr.start_addr);
		replay_expect_num(r, TK_X_START, (int64_t)cr.start_addr);
	}
	return 0;
}

static int remove_window(struct replay *r)
{
	struct vfio_iommu_spapr_tce_remove rm = { .argsz = 0 };
	int fd = fd_of(r, TK_CONTAINER);

	if (fd < 0)
		return -1;
	rm.start_addr = replay_key_num(r, TK_START, 0);
	replay_expect_ret(r, vfio_struct(r, fd, VFIO_IOMMU_SPAPR_TCE_REMOVE, &rm,
					 sizeof(rm)));
	return 0;
}

static int map_dma(struct replay *r)
{
	const struct trace_kv *d = trace_op_get(r->op, TK_DIR);
	struct vfio_iommu_type1_dma_map m = { .argsz = 0 };
	int fd = fd_of(r, TK_CONTAINER);

	if (fd < 0)
		return -1;
	m.flags = vfio_user_dma_flags(d ? d->str : NULL);
	m.vaddr = replay_key_num(r, TK_UA, 0);
	m.iova = replay_key_num(r, TK_IOVA, 0);
	m.size = replay_key_num(r, TK_SIZE, 0);
	replay_expect_ret(r, vfio_struct(r, fd, VFIO_IOMMU_MAP_DMA, &m, sizeof(m)));
	return 0;
}

static int unmap_dma(struct replay *r)
{
	struct vfio_iommu_type1_dma_unmap um = { .argsz = 0 };
	int fd = fd_of(r, TK_CONTAINER);

	if (fd < 0)
		return -1;
	um.iova = replay_key_num(r, TK_IOVA, 0);
	um.size = replay_key_num(r, TK_SIZE, 0);
	replay_expect_ret(r, vfio_struct(r, fd, VFIO_IOMMU_UNMAP_DMA, &um,
					 sizeof(um)));
	return 0;
}

static int eeh_pe_op(struct replay *r)
{
	const struct trace_kv *o = replay_required_key(r, TK_OP);
	struct vfio_eeh_pe_op eeh = { .argsz = 0 };
	int fd;

	if (!o || (fd = fd_of(r, TK_CONTAINER)) < 0)
		return -1;
	if (o->str) {
		int op = vfio_user_eeh_op(o->str);

		if (op < 0)
			return replay_input_error(r, TK_OP, "unknown EEH operation '%s'",
						  o->str);
		eeh.op = (uint32_t)op;
	} else {
		eeh.op = (uint32_t)o->num;
	}
	eeh.err.type = (uint32_t)replay_key_num(r, TK_ERR_TYPE, 0);
	eeh.err.func = (uint32_t)replay_key_num(r, TK_FUNC, 0);
	eeh.err.addr = replay_key_num(r, TK_ADDR, 0);
	eeh.err.mask = replay_key_num(r, TK_MASK, 0);
	long ret = vfio_struct(r, fd, VFIO_EEH_PE_OP, &eeh, sizeof(eeh));
	/* GET_STATE returns the state, not 0 */
	if (eeh.op == VFIO_EEH_PE_GET_STATE && ret >= 0) {
		replay_result(r, " -> state %ld", ret);
		replay_expect_num(r, TK_X_STATE, ret);
		replay_expect_num(r, TK_X_ERRNO, 0);
		return 0;
	}
	replay_expect_ret(r, ret);
	return 0;
}

/* `ioctl NAME cmd=... [data=...|argsz=N]`: any command, raw argument. */
static int raw_ioctl(struct replay *r)
{
	const struct trace_kv *c = replay_required_key(r, TK_CMD);
	const struct trace_kv *d = trace_op_get(r->op, TK_DATA);
	uint64_t ua;
	int fd;

	if (!c || (fd = fd_of(r, TK_NAME)) < 0 || replay_scratch(r, &ua))
		return -1;
	if (d && d->len > RAW_DATA_MAX)
		return replay_input_error(r, TK_DATA, "data is limited to 64K");
	if (d)
		kc_user_write(ua, d->bytes, d->len);
	replay_expect_ret(r, kc_ioctl(fd, c->num,
				      d ? ua : replay_key_num(r, TK_ARGSZ, 0)));
	return 0;
}

static int (*const vfio_verbs[TV_COUNT])(struct replay *r) = {
	[TV_CONTAINER_OPEN] = container_open,
	[TV_GROUP_OPEN] = group_open,
	[TV_CLOSE] = fd_close,
	[TV_GET_API_VERSION] = container_int,
	[TV_CHECK_EXTENSION] = container_int,
	[TV_SET_IOMMU] = container_int,
	[TV_ENABLE] = container_int,
	[TV_DISABLE] = container_int,
	[TV_GROUP_STATUS] = group_status,
	[TV_GROUP_ATTACH] = group_attach,
	[TV_GROUP_DETACH] = group_detach,
	[TV_GET_INFO] = get_info,
	[TV_REGISTER] = register_memory,
	[TV_UNREGISTER] = register_memory,
	[TV_CREATE_WINDOW] = create_window,
	[TV_REMOVE_WINDOW] = remove_window,
	[TV_MAP] = map_dma,
	[TV_UNMAP] = unmap_dma,
	[TV_EEH_PE_OP] = eeh_pe_op,
	[TV_IOCTL] = raw_ioctl,
};

int replay_verb_vfio(struct replay *r)
{
	if (replay_need_kernel(r))
		return -1;
	if (r->op->verb >= TV_COUNT || !vfio_verbs[r->op->verb])
		return replay_input_error(r, -1, "internal: verb not handled");
	return vfio_verbs[r->op->verb](r);
}
