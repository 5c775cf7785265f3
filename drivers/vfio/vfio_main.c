// SPDX-License-Identifier: GPL-2.0
/*
 * Minimal VFIO core: the container node /dev/vfio/vfio, one node
 * /dev/vfio/<id> per IOMMU group, and the glue that hands a container's
 * IOMMU ioctls to a registered backend (vfio_iommu_driver_ops).
 *
 * Container ioctls: GET_API_VERSION, CHECK_EXTENSION, SET_IOMMU, then
 * everything else goes to the backend. Group ioctls: GET_STATUS,
 * SET_CONTAINER (fd), UNSET_CONTAINER. A group keeps its container alive;
 * closing a group fd unsets its container; when the last group leaves,
 * the backend is released and the container has no IOMMU set again.
 * Device fds (GROUP_GET_DEVICE_FD) are not modelled: devices do DMA on
 * their own in the simulator.
 */

#include <linux/kernel.h>
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/kref.h>
#include <linux/slab.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/miscdevice.h>
#include <linux/pci.h>
#include <linux/iommu.h>
#include <linux/uaccess.h>
#include <linux/module.h>
#include <linux/export.h>
#include <linux/vfio.h>

#define VFIO_GROUP_NODE_NAME_LEN	24

struct vfio_iommu_driver {
	const struct vfio_iommu_driver_ops *ops;
	struct list_head next;
};

struct vfio_container {
	struct kref kref;
	struct list_head group_list;
	const struct vfio_iommu_driver_ops *iommu_ops; /* NULL: none set */
	void *iommu_data;
};

struct vfio_group {
	struct list_head next;		/* vfio.group_list */
	struct iommu_group *iommu_group;
	struct miscdevice misc;		/* /dev/vfio/<id> */
	char name[VFIO_GROUP_NODE_NAME_LEN];
	bool opened;
	bool orphaned;			/* node gone: last close frees */
	struct vfio_container *container;
	struct list_head container_next;
};

static struct {
	struct mutex lock;		/* all below, and every container */
	struct list_head iommu_drivers_list;
	struct list_head group_list;
	bool registered;
} vfio = {
	.lock = __MUTEX_INITIALIZER(vfio.lock),
	.iommu_drivers_list = LIST_HEAD_INIT(vfio.iommu_drivers_list),
	.group_list = LIST_HEAD_INIT(vfio.group_list),
};

int vfio_register_iommu_driver(const struct vfio_iommu_driver_ops *ops)
{
	struct vfio_iommu_driver *driver, *tmp;

	driver = kzalloc(sizeof(*driver), GFP_KERNEL);
	if (!driver)
		return -ENOMEM;
	driver->ops = ops;

	mutex_lock(&vfio.lock);
	list_for_each_entry(tmp, &vfio.iommu_drivers_list, next) {
		if (tmp->ops == ops) {
			mutex_unlock(&vfio.lock);
			kfree(driver);
			return -EINVAL;
		}
	}
	list_add(&driver->next, &vfio.iommu_drivers_list);
	mutex_unlock(&vfio.lock);
	return 0;
}
EXPORT_SYMBOL_GPL(vfio_register_iommu_driver);

void vfio_unregister_iommu_driver(const struct vfio_iommu_driver_ops *ops)
{
	struct vfio_iommu_driver *driver, *tmp;

	mutex_lock(&vfio.lock);
	list_for_each_entry_safe(driver, tmp, &vfio.iommu_drivers_list, next) {
		if (driver->ops == ops) {
			list_del(&driver->next);
			kfree(driver);
			break;
		}
	}
	mutex_unlock(&vfio.lock);
}
EXPORT_SYMBOL_GPL(vfio_unregister_iommu_driver);

/* --- container ----------------------------------------------------- */

static void vfio_container_release(struct kref *kref)
{
	struct vfio_container *container =
		container_of(kref, struct vfio_container, kref);

	kfree(container);
}

static void vfio_container_put(struct vfio_container *container)
{
	kref_put(&container->kref, vfio_container_release);
}

static long vfio_container_check_extension(struct vfio_container *container,
					   unsigned long arg)
{
	struct vfio_iommu_driver *driver;
	long ret = 0;

	if (container->iommu_ops)
		return container->iommu_ops->ioctl(container->iommu_data,
						    VFIO_CHECK_EXTENSION, arg);

	/* No backend yet: the first one that says yes answers. */
	list_for_each_entry(driver, &vfio.iommu_drivers_list, next) {
		ret = driver->ops->ioctl(NULL, VFIO_CHECK_EXTENSION, arg);
		if (ret > 0)
			return ret;
	}
	return 0;
}

/* Attach every group of the container to a freshly opened backend. */
static int vfio_attach_all(struct vfio_container *container,
			   const struct vfio_iommu_driver_ops *ops, void *data)
{
	struct vfio_group *group, *undo;
	int ret;

	list_for_each_entry(group, &container->group_list, container_next) {
		ret = ops->attach_group(data, group->iommu_group);
		if (ret)
			goto detach_attached;
	}
	return 0;

detach_attached:
	list_for_each_entry(undo, &container->group_list, container_next) {
		if (undo == group)
			break;
		ops->detach_group(data, undo->iommu_group);
	}
	return ret;
}

static long vfio_container_set_iommu(struct vfio_container *container,
				     unsigned long arg)
{
	struct vfio_iommu_driver *driver;
	long ret = -ENODEV;

	if (list_empty(&container->group_list) || container->iommu_ops)
		return -EINVAL;

	list_for_each_entry(driver, &vfio.iommu_drivers_list, next) {
		const struct vfio_iommu_driver_ops *ops = driver->ops;
		void *data;

		if (ops->ioctl(NULL, VFIO_CHECK_EXTENSION, arg) <= 0)
			continue;
		data = ops->open(arg);
		if (IS_ERR(data)) {
			ret = PTR_ERR(data);
			continue;
		}
		ret = vfio_attach_all(container, ops, data);
		if (ret) {
			ops->release(data);
			continue;
		}
		container->iommu_ops = ops;
		container->iommu_data = data;
		return 0;
	}
	return ret;
}

static long vfio_fops_unl_ioctl(struct file *filep, unsigned int cmd,
				unsigned long arg)
{
	struct vfio_container *container = filep->private_data;
	long ret;

	cmd = vfio_ioctl_canonical(cmd);

	mutex_lock(&vfio.lock);
	switch (cmd) {
	case VFIO_GET_API_VERSION:
		ret = VFIO_API_VERSION;
		break;
	case VFIO_CHECK_EXTENSION:
		ret = vfio_container_check_extension(container, arg);
		break;
	case VFIO_SET_IOMMU:
		ret = vfio_container_set_iommu(container, arg);
		break;
	default:
		if (container->iommu_ops)
			ret = container->iommu_ops->ioctl(container->iommu_data,
							  cmd, arg);
		else
			ret = -EINVAL;
		break;
	}
	mutex_unlock(&vfio.lock);
	return ret;
}

static int vfio_fops_open(struct inode *inode, struct file *filep)
{
	struct vfio_container *container;

	container = kzalloc(sizeof(*container), GFP_KERNEL);
	if (!container)
		return -ENOMEM;
	INIT_LIST_HEAD(&container->group_list);
	kref_init(&container->kref);
	filep->private_data = container;
	return 0;
}

static int vfio_fops_release(struct inode *inode, struct file *filep)
{
	struct vfio_container *container = filep->private_data;

	filep->private_data = NULL;
	vfio_container_put(container);
	return 0;
}

static const struct file_operations vfio_fops = {
	.owner		= THIS_MODULE,
	.open		= vfio_fops_open,
	.release	= vfio_fops_release,
	.unlocked_ioctl	= vfio_fops_unl_ioctl,
	.compat_ioctl	= vfio_fops_unl_ioctl,
};

static struct miscdevice vfio_dev = {
	.minor		= VFIO_MINOR,
	.name		= "vfio",
	.fops		= &vfio_fops,
	.nodename	= "vfio/vfio",
	.mode		= 0666,
};

/* --- group <-> container ------------------------------------------- */

/* Called with vfio.lock held. */
static void vfio_group_unset_container(struct vfio_group *group)
{
	struct vfio_container *container = group->container;

	if (container->iommu_ops)
		container->iommu_ops->detach_group(container->iommu_data,
						   group->iommu_group);
	list_del(&group->container_next);
	group->container = NULL;

	/* The last group out takes the backend with it. */
	if (list_empty(&container->group_list) && container->iommu_ops) {
		container->iommu_ops->release(container->iommu_data);
		container->iommu_ops = NULL;
		container->iommu_data = NULL;
	}
	vfio_container_put(container);
}

static long vfio_group_set_container(struct vfio_group *group, int fd)
{
	struct vfio_container *container;
	struct file *filep;
	long ret = 0;

	filep = fget(fd);
	if (!filep)
		return -EBADF;

	if (group->container) {
		ret = -EINVAL;
		goto put_file;
	}
	if (filep->f_op != &vfio_fops || !filep->private_data) {
		ret = -EINVAL;
		goto put_file;
	}
	container = filep->private_data;

	if (container->iommu_ops) {
		ret = container->iommu_ops->attach_group(container->iommu_data,
							 group->iommu_group);
		if (ret)
			goto put_file;
	}

	group->container = container;
	list_add_tail(&group->container_next, &container->group_list);
	kref_get(&container->kref);
put_file:
	fput(filep);
	return ret;
}

static long vfio_group_get_status(struct vfio_group *group, unsigned long arg)
{
	struct vfio_group_status status;
	unsigned long minsz = offsetofend(struct vfio_group_status, flags);

	if (copy_from_user(&status, (void __user *)arg, minsz))
		return -EFAULT;
	if (status.argsz < minsz)
		return -EINVAL;

	/* Every device of a group is owned by VFIO here: always viable. */
	status.flags = VFIO_GROUP_FLAGS_VIABLE;
	if (group->container)
		status.flags |= VFIO_GROUP_FLAGS_CONTAINER_SET;

	if (copy_to_user((void __user *)arg, &status, minsz))
		return -EFAULT;
	return 0;
}

static long vfio_group_fops_unl_ioctl(struct file *filep, unsigned int cmd,
				      unsigned long arg)
{
	struct vfio_group *group = filep->private_data;
	long ret;

	cmd = vfio_ioctl_canonical(cmd);

	mutex_lock(&vfio.lock);
	switch (cmd) {
	case VFIO_GROUP_GET_STATUS:
		ret = vfio_group_get_status(group, arg);
		break;
	case VFIO_GROUP_SET_CONTAINER: {
		int fd;

		if (get_user(fd, (int __user *)arg)) {
			ret = -EFAULT;
			break;
		}
		if (fd < 0) {
			ret = -EBADF;
			break;
		}
		ret = vfio_group_set_container(group, fd);
		break;
	}
	case VFIO_GROUP_UNSET_CONTAINER:
		if (!group->container) {
			ret = -EINVAL;
			break;
		}
		vfio_group_unset_container(group);
		ret = 0;
		break;
	default:
		ret = -ENOTTY;
		break;
	}
	mutex_unlock(&vfio.lock);
	return ret;
}

static int vfio_group_fops_open(struct inode *inode, struct file *filep)
{
	struct miscdevice *misc = filep->private_data;
	struct vfio_group *group = container_of(misc, struct vfio_group, misc);
	int ret = 0;

	mutex_lock(&vfio.lock);
	/* One user at a time, as the kernel does. */
	if (group->opened)
		ret = -EBUSY;
	else
		group->opened = true;
	mutex_unlock(&vfio.lock);

	if (!ret)
		filep->private_data = group;
	return ret;
}

static int vfio_group_fops_release(struct inode *inode, struct file *filep)
{
	struct vfio_group *group = filep->private_data;
	bool orphaned;

	mutex_lock(&vfio.lock);
	if (group->container)
		vfio_group_unset_container(group);
	group->opened = false;
	orphaned = group->orphaned;
	mutex_unlock(&vfio.lock);
	filep->private_data = NULL;
	/* The core went away while this file was open. */
	if (orphaned) {
		iommu_group_put(group->iommu_group);
		kfree(group);
	}
	return 0;
}

static const struct file_operations vfio_group_fops = {
	.owner		= THIS_MODULE,
	.open		= vfio_group_fops_open,
	.release	= vfio_group_fops_release,
	.unlocked_ioctl	= vfio_group_fops_unl_ioctl,
	.compat_ioctl	= vfio_group_fops_unl_ioctl,
};

/* --- group nodes --------------------------------------------------- */

static struct vfio_group *vfio_group_find(struct iommu_group *iommu_group)
{
	struct vfio_group *group;

	list_for_each_entry(group, &vfio.group_list, next)
		if (group->iommu_group == iommu_group)
			return group;
	return NULL;
}

/* Publish /dev/vfio/<id> for iommu_group (a reference is kept). */
static int vfio_group_create(struct iommu_group *iommu_group)
{
	struct vfio_group *group;
	int ret;

	group = kzalloc(sizeof(*group), GFP_KERNEL);
	if (!group)
		return -ENOMEM;
	group->iommu_group = iommu_group;
	snprintf(group->name, sizeof(group->name), "vfio/%d",
		 iommu_group_id(iommu_group));
	group->misc.minor = MISC_DYNAMIC_MINOR;
	group->misc.name = group->name;
	group->misc.nodename = group->name;
	group->misc.fops = &vfio_group_fops;
	group->misc.mode = 0600;

	ret = misc_register(&group->misc);
	if (ret) {
		kfree(group);
		return ret;
	}
	list_add_tail(&group->next, &vfio.group_list);
	return 0;
}

/*
 * Unpublish a group. Its container is dissolved first (so the backend
 * gives everything back while the platform still exists); a group still
 * open is freed by its last close instead.
 */
static void vfio_group_destroy(struct vfio_group *group)
{
	if (group->container)
		vfio_group_unset_container(group);
	misc_deregister(&group->misc);
	list_del(&group->next);
	if (group->opened) {
		group->orphaned = true;
		return;
	}
	iommu_group_put(group->iommu_group);
	kfree(group);
}

/* Like vfio-pci binding every device: one node per distinct group. */
static int vfio_scan_groups(void)
{
	struct pci_dev *pdev = NULL;
	int ret = 0;

	for_each_pci_dev(pdev) {
		struct iommu_group *iommu_group = iommu_group_get(&pdev->dev);

		if (!iommu_group)
			continue;
		if (vfio_group_find(iommu_group)) {
			iommu_group_put(iommu_group);
			continue;
		}
		ret = vfio_group_create(iommu_group);
		if (ret) {
			iommu_group_put(iommu_group);
			pci_dev_put(pdev);
			break;
		}
	}
	return ret;
}

static void vfio_destroy_groups(void)
{
	struct vfio_group *group, *tmp;

	list_for_each_entry_safe(group, tmp, &vfio.group_list, next)
		vfio_group_destroy(group);
}

static int __init vfio_init(void)
{
	int ret;

	ret = misc_register(&vfio_dev);
	if (ret) {
		pr_err("vfio: misc device register failed (%d)\n", ret);
		return ret;
	}

	mutex_lock(&vfio.lock);
	ret = vfio_scan_groups();
	if (ret)
		vfio_destroy_groups();
	mutex_unlock(&vfio.lock);
	if (ret) {
		misc_deregister(&vfio_dev);
		return ret;
	}
	vfio.registered = true;
	return 0;
}

static void __exit vfio_cleanup(void)
{
	if (!vfio.registered)
		return;
	mutex_lock(&vfio.lock);
	vfio_destroy_groups();
	mutex_unlock(&vfio.lock);
	misc_deregister(&vfio_dev);
	vfio.registered = false;
}

/*
 * Groups exist once the PCI scan ran (device level); the TCE backend
 * registers at module level too, in either order: SET_IOMMU only
 * needs it by the time userspace calls.
 */
late_initcall(vfio_init);
module_exit(vfio_cleanup);

MODULE_LICENSE("GPL v2");
MODULE_DESCRIPTION("VFIO core: containers and IOMMU groups");
