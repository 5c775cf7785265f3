// SPDX-License-Identifier: GPL-2.0
/*
 * VFIO core: container and group ioctls, IOMMU type selection, group
 * limits per type, ioctl encodings, and release when groups leave
 * (kernel ABI edge cases 1-5 and 32).
 */
#include "check_auto.h"
#include "drivers_vfio_harness.h"

static struct vt t;

static void setup_phb3(void)
{
	vt_boot(&t, 2, 4 * VT_GB);
}

static void teardown(void)
{
	vt_shutdown(&t);
}

CK_TEST("phb3", check_extension_spapr_types)
{
	int c = vt_open_container();

	/* Edge case 1: sPAPR v1 and v2 yes, type1v2 no. */
	ck_assert_int_eq(kc_ioctl(c, VT_CHECK_EXTENSION, VT_V1), 1);
	ck_assert_int_eq(kc_ioctl(c, VT_CHECK_EXTENSION, VT_V2), 1);
	ck_assert_int_eq(kc_ioctl(c, VT_CHECK_EXTENSION, 3), 0);
	ck_assert_int_eq(kc_ioctl(c, VT_CHECK_EXTENSION, 1), 0);
	ck_assert_int_eq(kc_ioctl(c, VT_GET_API_VERSION, 0), 0);
	ck_assert_int_eq(kc_close(c), 0);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("phb3", check_extension_eeh_matches_pe_op)
{
	int g, c = vt_setup(&t, 1, VT_V2, &g);
	struct vfio_eeh_pe_op op = {
		.argsz = sizeof(op), .op = VFIO_EEH_PE_GET_STATE,
	};
	long eeh = kc_ioctl(c, VT_CHECK_EXTENSION, 5);
	long st = vt_ioctl_in(c, VT_EEH_PE_OP, &op, 12, NULL);

	/* powernv serves PE state requests, so EEH is advertised. */
	ck_assert_int_eq(eeh, 1);
	ck_assert_int_eq(st, VFIO_EEH_PE_STATE_NORMAL);
	vt_close_all(c, &g, 1);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("phb3", set_iommu_no_group)
{
	int c = vt_open_container();

	/* Edge case 2. */
	ck_assert_int_eq(kc_ioctl(c, VT_SET_IOMMU, VT_V2), -EINVAL);
	ck_assert_int_eq(kc_close(c), 0);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("phb3", set_iommu_twice)
{
	int g, c = vt_setup(&t, 1, VT_V2, &g);

	ck_assert_int_eq(kc_ioctl(c, VT_SET_IOMMU, VT_V2), -EINVAL);
	ck_assert_int_eq(kc_ioctl(c, VT_SET_IOMMU, VT_V1), -EINVAL);
	vt_close_all(c, &g, 1);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("phb3", set_iommu_unknown_type)
{
	int c = vt_open_container();
	int g = vt_open_group(&t, 0);

	ck_assert_int_eq(vt_set_container(g, c), 0);
	ck_assert_int_eq(kc_ioctl(c, VT_SET_IOMMU, 99), -ENODEV);
	ck_assert_int_eq(kc_ioctl(c, VT_SET_IOMMU, 3), -ENODEV);
	/* Still usable afterwards. */
	ck_assert_int_eq(kc_ioctl(c, VT_SET_IOMMU, VT_V2), 0);
	vt_close_all(c, &g, 1);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("phb3", map_before_set_iommu)
{
	int c = vt_open_container();
	int g = vt_open_group(&t, 0);

	/* Edge case 3: no backend -> EINVAL for anything else. */
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, 0x10000, 3), -EINVAL);
	ck_assert_int_eq(vt_set_container(g, c), 0);
	ck_assert_int_eq(vt_map(c, VT_UA_MEM, 0, 0x10000, 3), -EINVAL);
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), -EINVAL);
	vt_close_all(c, &g, 1);
	vt_assert_clean(&t);
}
END_TEST

/* A v1 container takes no second group once its type is set. */
static void second_group_after_set_iommu_is_busy(void)
{
	int g[2], c = vt_setup(&t, 1, VT_V1, g);

	g[1] = vt_open_group(&t, 1);
	ck_assert_int_eq(vt_set_container(g[1], c), -EBUSY);
	vt_close_all(c, g, 2);
	vt_assert_clean(&t);
}

CK_TEST("phb3", v1_second_group_after_set_iommu)
{
	/* Edge case 4, type already set: SET_CONTAINER fails. */
	second_group_after_set_iommu_is_busy();
}
END_TEST

CK_TEST("phb3", v1_second_group_before_set_iommu)
{
	int c = vt_open_container();
	int g0 = vt_open_group(&t, 0), g1 = vt_open_group(&t, 1);

	/* Edge case 4, type not set: SET_IOMMU fails and unwinds. */
	ck_assert_int_eq(vt_set_container(g0, c), 0);
	ck_assert_int_eq(vt_set_container(g1, c), 0);
	ck_assert_int_eq(kc_ioctl(c, VT_SET_IOMMU, VT_V1), -EBUSY);
	/* v2 takes both. */
	ck_assert_int_eq(kc_ioctl(c, VT_SET_IOMMU, VT_V2), 0);
	ck_assert_int_eq(kc_close(g0), 0);
	ck_assert_int_eq(kc_close(g1), 0);
	ck_assert_int_eq(kc_close(c), 0);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("phb3", v1_ioda2_group_works)
{
	int g, c = vt_setup(&t, 1, VT_V1, &g);

	/* Edge case 5 (mainline): v1 accepts an IODA2 group. */
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	vt_close_all(c, &g, 1);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("phb3", group_status_flags)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	int c = vt_open_container();
	int g = vt_open_group(&t, 0);

	ck_assert_int_eq(vt_ioctl_in(g, VT_GROUP_GET_STATUS, &st, sizeof(st),
				     &st), 0);
	ck_assert_uint_eq(st.flags, VFIO_GROUP_FLAGS_VIABLE);
	ck_assert_int_eq(vt_set_container(g, c), 0);
	st.argsz = sizeof(st);
	ck_assert_int_eq(vt_ioctl_in(g, VT_GROUP_GET_STATUS, &st, sizeof(st),
				     &st), 0);
	ck_assert_uint_eq(st.flags, VFIO_GROUP_FLAGS_VIABLE |
				    VFIO_GROUP_FLAGS_CONTAINER_SET);
	st.argsz = 7;
	ck_assert_int_eq(vt_ioctl_in(g, VT_GROUP_GET_STATUS, &st, sizeof(st),
				     NULL), -EINVAL);
	ck_assert_int_eq(kc_ioctl(g, VT_GROUP_GET_STATUS, 0x1234), -EFAULT);
	vt_close_all(c, &g, 1);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("phb3", group_set_container_errors)
{
	int c = vt_open_container();
	int c2 = vt_open_container();
	int g = vt_open_group(&t, 0);

	ck_assert_int_eq(vt_set_container(g, 1000), -EBADF);
	ck_assert_int_eq(vt_set_container(g, -1), -EBADF);
	/* A group fd is not a container. */
	ck_assert_int_eq(vt_set_container(g, g), -EINVAL);
	ck_assert_int_eq(kc_ioctl(g, VT_GROUP_SET_CONTAINER, 0x1234), -EFAULT);
	ck_assert_int_eq(vt_set_container(g, c), 0);
	ck_assert_int_eq(vt_set_container(g, c2), -EINVAL);
	ck_assert_int_eq(kc_ioctl(g, VT_GROUP_UNSET_CONTAINER, 0), 0);
	ck_assert_int_eq(kc_ioctl(g, VT_GROUP_UNSET_CONTAINER, 0), -EINVAL);
	ck_assert_int_eq(kc_close(c2), 0);
	vt_close_all(c, &g, 1);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("phb3", group_open_twice_busy)
{
	int g = vt_open_group(&t, 0);
	char path[64];

	snprintf(path, sizeof(path), "/dev/vfio/%d", t.group_id[0]);
	ck_assert_int_eq(kc_open(path), -EBUSY);
	ck_assert_int_eq(kc_close(g), 0);
	g = vt_open_group(&t, 0);
	ck_assert_int_eq(kc_close(g), 0);
	ck_assert_int_lt(kc_open("/dev/vfio/4242"), 0);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("phb3", ioctl_ppc64_encoding)
{
	struct vfio_group_status st = { .argsz = sizeof(st) };
	int c = vt_open_container();
	int g = vt_open_group(&t, 0);
	int32_t fd = c;

	ck_assert_int_eq(kc_ioctl(c, VT_IO_PPC(101), VT_V2), 1);
	vt_write(VT_UA_SCRATCH, &fd, sizeof(fd));
	ck_assert_int_eq(kc_ioctl(g, VT_IO_PPC(104), VT_UA_SCRATCH), 0);
	ck_assert_int_eq(kc_ioctl(c, VT_IO_PPC(102), VT_V2), 0);
	ck_assert_int_eq(vt_ioctl_in(g, VT_IO_PPC(103), &st, sizeof(st), &st),
			 0);
	ck_assert_uint_eq(st.flags, 3);
	ck_assert_int_eq(vt_register(c, VT_UA_SCRATCH, 1ULL << t.page_shift),
			 0);
	ck_assert_int_eq(kc_ioctl(c, VT_IO_PPC(115), 0), -ENOTTY);
	/* Unknown command with a backend: ENOTTY. */
	ck_assert_int_eq(kc_ioctl(c, VT_IO(150), 0), -ENOTTY);
	vt_close_all(c, &g, 1);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("phb3", last_group_leaving_releases_backend)
{
	int g, c = vt_setup(&t, 1, VT_V1, &g);

	/* Edge case 32 (second half). */
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	ck_assert_int_eq(kc_ioctl(g, VT_GROUP_UNSET_CONTAINER, 0), 0);
	vt_assert_released(&t);
	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), -EINVAL);
	ck_assert_int_eq(kc_ioctl(c, VT_SET_IOMMU, VT_V1), -EINVAL);
	ck_assert_int_eq(vt_set_container(g, c), 0);
	ck_assert_int_eq(kc_ioctl(c, VT_SET_IOMMU, VT_V2), 0);
	vt_close_all(c, &g, 1);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("phb3", container_fd_closed_first)
{
	int g, c = vt_setup(&t, 1, VT_V1, &g);

	ck_assert_int_eq(kc_ioctl(c, VT_ENABLE, 0), 0);
	/* The group keeps the container alive until it leaves. */
	ck_assert_int_eq(kc_close(c), 0);
	ck_assert_int_gt(vt_locked_vm(), (int64_t)t.before.locked_vm);
	ck_assert_int_eq(kc_close(g), 0);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("phb3", shutdown_with_open_files)
{
	int g, c = vt_setup(&t, 1, VT_V2, &g);

	/* The kernel goes down under a live session: no crash, no WARN. */
	ck_assert_int_eq(vt_register(c, VT_UA_SCRATCH, 1ULL << t.page_shift),
			 0);
	ck_assert_int_eq(vt_map(c, VT_UA_SCRATCH, 0, 0x1000, 3), 0);
}
END_TEST

static void teardown_p5(void)
{
	vt_shutdown(&t);
}

static void setup_p5(void)
{
	vt_boot_p5ioc2(&t, 2);
}

CK_TEST("p5ioc2", p5ioc2_v2_refused)
{
	int c = vt_open_container();
	int g = vt_open_group(&t, 0);

	/* Edge case 5: v2 needs DDW ops. */
	ck_assert_int_eq(vt_set_container(g, c), 0);
	ck_assert_int_eq(kc_ioctl(c, VT_SET_IOMMU, VT_V2), -EINVAL);
	ck_assert_int_eq(kc_ioctl(c, VT_SET_IOMMU, VT_V1), 0);
	vt_close_all(c, &g, 1);
	vt_assert_clean(&t);
}
END_TEST

CK_TEST("p5ioc2", p5ioc2_second_group_refused)
{
	second_group_after_set_iommu_is_busy();
}
END_TEST

CK_CASE("phb3", 30, setup_phb3, teardown);
CK_CASE("p5ioc2", 30, setup_p5, teardown_p5);
CK_SUITE("drivers_vfio_core");
