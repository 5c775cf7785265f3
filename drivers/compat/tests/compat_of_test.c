// SPDX-License-Identifier: GPL-2.0
/*
 * compat_of: device-tree lookups on a tree built through kc_dt_*, and the
 * boot sequence: a subsys initcall (standing in for the platform) makes a
 * PCI controller, compat's scan then creates the devices from the tree and
 * calls dma_dev_setup, which puts each in an IOMMU group.
 */
#include "check_auto.h"
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/of.h>
#include <linux/pci.h>
#include <linux/iommu.h>
#include <asm/pci-bridge.h>
#include "kc_test_machine.h"

static struct kc_dt_node *phb, *hub;

static void build_tree(void)
{
	const char *const p5[] = { "ibm,p5ioc2-pciex", "ibm,p5ioc2-phb" };
	struct kc_dt_node *n;
	uint64_t reg[2] = { 0x3fffe40000000ull, 0x1000 };
	uint64_t id = 0x10;
	uint32_t pes = 256, sizes[4] = { 12, 16, 24, 28 }, dreg;

	phb = kc_dt_add_node(NULL, "pciex@3fffe40000000");
	kc_dt_set_string(phb, "compatible", "ibm,ioda2-phb");
	kc_dt_set_u64s(phb, "ibm,opal-phbid", &id, 1);
	kc_dt_set_u64s(phb, "reg", reg, 2);
	kc_dt_set_u32s(phb, "ibm,opal-num-pes", &pes, 1);
	kc_dt_set_u32s(phb, "ibm,supported-tce-sizes", sizes, 4);
	dreg = (1 << 16) | (0x08 << 8);		/* 01:01.0 */
	n = kc_dt_add_node(phb, "dev@1");
	kc_dt_set_u32s(n, "reg", &dreg, 1);
	dreg = (1 << 16) | (0x09 << 8);		/* 01:01.1 */
	n = kc_dt_add_node(phb, "dev@2");
	kc_dt_set_u32s(n, "reg", &dreg, 1);

	hub = kc_dt_add_node(NULL, "io-hub@1");
	kc_dt_set_string(hub, "compatible", "ibm,p5ioc2");
	n = kc_dt_add_node(hub, "pci@a");
	kc_dt_set_strings(n, "compatible", p5, 2);
	n = kc_dt_add_node(hub, "pci@b");
	kc_dt_set_strings(n, "compatible", p5, 2);
}

/* --- a pretend platform ---------------------------------------------- */
static int setup_calls, module_saw_devices;
static struct iommu_group *groups[4];

static void fake_dma_dev_setup(struct pci_dev *pdev)
{
	struct iommu_group *g = iommu_group_alloc();

	ck_assert(!IS_ERR(g));
	ck_assert_int_eq(iommu_group_add_device(g, &pdev->dev), 0);
	groups[setup_calls++] = g;
}

static void fake_release_device(struct pci_dev *pdev)
{
	struct iommu_group *g = iommu_group_get(&pdev->dev);

	iommu_group_remove_device(&pdev->dev);
	iommu_group_put(g);	/* our get */
	iommu_group_put(g);	/* the platform's alloc reference */
}

static int fake_platform_init(void)
{
	struct device_node *np;
	struct pci_controller *hose;

	for_each_compatible_node(np, NULL, "ibm,ioda2-phb") {
		hose = pcibios_alloc_controller(np);
		ck_assert_ptr_nonnull(hose);
		hose->controller_ops.dma_dev_setup = fake_dma_dev_setup;
		hose->controller_ops.release_device = fake_release_device;
	}
	return 0;
}
subsys_initcall(fake_platform_init);

static int fake_module_init(void)
{
	module_saw_devices = setup_calls;	/* scan ran before us */
	return 0;
}
module_init(fake_module_init);

static void setup(void)
{
	kt_setup();
	setup_calls = 0;
	module_saw_devices = -1;
	build_tree();
}

static void teardown(void)
{
	struct kc_counters c;

	kt_teardown_counters(&c);
	ck_assert_uint_eq(c.iommu_groups_live, 0);
	ck_assert_uint_eq(c.warn_count, 0);
}

CK_TEST("compat_of", find_compatible_walks_in_tree_order)
{
	struct device_node *np;
	int n = 0;
	const char *names[2];

	for_each_compatible_node(np, NULL, "ibm,p5ioc2-pciex")
		names[n++] = np->full_name;
	ck_assert_int_eq(n, 2);
	ck_assert_str_eq(names[0], "/io-hub@1/pci@a");
	ck_assert_str_eq(names[1], "/io-hub@1/pci@b");
	/* Second string of a list matches too; a prefix does not. */
	np = of_find_compatible_node(NULL, NULL, "ibm,p5ioc2-phb");
	ck_assert_ptr_nonnull(np);
	ck_assert(of_device_is_compatible(of_get_parent(np), "ibm,p5ioc2"));
	ck_assert_ptr_null(of_find_compatible_node(NULL, NULL, "ibm,p5ioc"));
	ck_assert_ptr_null(of_find_compatible_node(NULL, "pciex", "ibm,ioda2-phb"));
}
END_TEST

CK_TEST("compat_of", property_reads_decode_big_endian_cells)
{
	struct device_node *np = of_find_compatible_node(NULL, NULL, "ibm,ioda2-phb");
	u64 v64;
	u32 v32, sizes[4];
	int len;
	const __be32 *reg = of_get_property(np, "reg", &len);

	ck_assert_int_eq(of_property_read_u64(np, "ibm,opal-phbid", &v64), 0);
	ck_assert_uint_eq(v64, 0x10);
	ck_assert_int_eq(of_property_read_u32(np, "ibm,opal-num-pes", &v32), 0);
	ck_assert_uint_eq(v32, 256);
	ck_assert_int_eq(of_property_read_u32_array(np, "ibm,supported-tce-sizes",
						    sizes, 4), 0);
	ck_assert_uint_eq(sizes[3], 28);
	ck_assert_int_eq(len, 16);
	ck_assert_uint_eq(of_read_number(reg, 2), 0x3fffe40000000ull);
	ck_assert_uint_eq(of_read_number(reg + 2, 2), 0x1000);
	ck_assert_uint_eq(be32_to_cpu(reg[0]), 0x3fffe);	/* cells are BE */
	ck_assert_int_eq(of_property_read_u64_index(np, "reg", 1, &v64), 0);
	ck_assert_uint_eq(v64, 0x1000);
	ck_assert_int_eq(of_property_read_u32(np, "nope", &v32), -EINVAL);
	ck_assert_int_eq(of_property_read_u64(np, "ibm,opal-num-pes", &v64),
			 -EOVERFLOW);
	of_node_put(np);
}
END_TEST

CK_TEST("compat_of", children_iterate_in_order)
{
	struct device_node *np = (struct device_node *)phb, *child;
	int n = 0;

	for_each_child_of_node(np, child) {
		u32 reg;

		ck_assert_int_eq(of_property_read_u32(child, "reg", &reg), 0);
		ck_assert_uint_eq((reg >> 8) & 0xff, n ? 0x09 : 0x08);
		n++;
	}
	ck_assert_int_eq(n, 2);
	ck_assert_ptr_null(kc_dt_add_node(NULL, "a/b"));
	ck_assert_int_eq(kc_dt_set_u32s(phb, "x", NULL, 1), -EINVAL);
}
END_TEST

CK_TEST("compat_of", boot_scans_devices_after_subsys_level)
{
	struct pci_dev *pdev = NULL;
	int n = 0, g0, g1;

	ck_assert_int_eq(kc_boot(), 0);
	ck_assert_int_eq(setup_calls, 2);
	ck_assert_int_eq(module_saw_devices, 2);
	for_each_pci_dev(pdev) {
		ck_assert_uint_eq(pdev->bus->number, 1);
		ck_assert_uint_eq(PCI_SLOT(pdev->devfn), 1);
		ck_assert_uint_eq(PCI_FUNC(pdev->devfn), n);
		ck_assert_uint_eq(pci_dev_id(pdev), 0x0108 + n);
		ck_assert_str_eq(pci_name(pdev), n ? "0000:01:01.1" : "0000:01:01.0");
		ck_assert_int_eq(pci_domain_nr(pdev->bus), 0);
		ck_assert_ptr_eq(pdev->dev.iommu_group, groups[n]);
		n++;
	}
	ck_assert_int_eq(n, 2);
	g0 = kc_sysfs_iommu_group(0x10, 0x0108);
	g1 = kc_sysfs_iommu_group(0x10, 0x0109);
	ck_assert_int_eq(g0, iommu_group_id(groups[0]));
	ck_assert_int_eq(g1, iommu_group_id(groups[1]));
	ck_assert_int_ne(g0, g1);
	ck_assert_int_eq(kc_sysfs_iommu_group(0x11, 0x0108), -ENODEV);
	ck_assert_int_eq(kc_sysfs_iommu_group(0x10, 0x0200), -ENODEV);
	ck_assert_int_eq(kc_boot(), -EBUSY);
}
END_TEST

static int count_dev(struct device *dev, void *data)
{
	(*(int *)data)++;
	return 0;
}

static void count_release(void *data)
{
	(*(int *)data)++;
}

CK_TEST("compat_of", iommu_group_refcounting_and_iommudata_release)
{
	struct iommu_group *g = iommu_group_alloc();
	struct device dev;
	int n = 0, released = 0;

	memset(&dev, 0, sizeof(dev));
	ck_assert(!IS_ERR(g));
	iommu_group_set_iommudata(g, &released, count_release);
	ck_assert_ptr_eq(iommu_group_get_iommudata(g), &released);
	ck_assert_int_eq(iommu_group_set_name(g, "pe5"), 0);
	ck_assert_str_eq(kc_iommu_group_name(g), "pe5");
	ck_assert_int_eq(iommu_group_add_device(g, &dev), 0);
	ck_assert_int_eq(iommu_group_add_device(g, &dev), -EBUSY);
	ck_assert_int_eq(iommu_group_for_each_dev(g, &n, count_dev), 0);
	ck_assert_int_eq(n, 1);
	ck_assert_ptr_eq(iommu_group_get(&dev), g);
	iommu_group_put(g);
	iommu_group_remove_device(&dev);
	ck_assert_ptr_null(dev.iommu_group);
	ck_assert_ptr_eq(iommu_group_get_by_id(iommu_group_id(g)), g);
	iommu_group_put(g);
	ck_assert_int_eq(released, 0);
	iommu_group_put(g);	/* last: released and freed */
	ck_assert_int_eq(released, 1);
	kc_fail_nth(KC_FAIL_KMALLOC, 1);
	ck_assert(IS_ERR(iommu_group_alloc()));
}
END_TEST

CK_CASE("compat_of", 0, setup, teardown);
CK_SUITE("compat_of");
