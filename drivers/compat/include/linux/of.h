/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat: CUSTOMISES a minimal unflattened device tree, built before boot
 * through kc_dt_* (kc/host.h). Property values are raw bytes, cells
 * big-endian as in a real FDT. Nodes live until kc_shutdown(), so
 * of_node_get/of_node_put only count.
 */
#ifndef _KC_LINUX_OF_H
#define _KC_LINUX_OF_H

#include <linux/types.h>
#include <linux/errno.h>
#include <linux/byteorder.h>

struct property {
	char *name;
	int length;
	void *value;
	struct property *next;
};

struct device_node {
	const char *name;
	const char *full_name;
	struct property *properties;
	struct device_node *parent;
	struct device_node *child;
	struct device_node *sibling;
	struct device_node *kc_allnext;	/* every node, in creation order */
	struct device_node *kc_lastchild; /* appending a child is O(1) */
	int kc_refs;
};

struct device_node *of_node_get(struct device_node *np);
void of_node_put(struct device_node *np);

/* Next node after from (NULL: from the start) whose "compatible" lists
 * compat (and whose "device_type" is type when type is not NULL). Drops a
 * reference on from, takes one on the result. */
struct device_node *of_find_compatible_node(struct device_node *from,
					    const char *type,
					    const char *compat);
#define for_each_compatible_node(dn, type, compatible)			\
	for ((dn) = of_find_compatible_node(NULL, (type), (compatible)); \
	     (dn); (dn) = of_find_compatible_node((dn), (type), (compatible)))

bool of_device_is_compatible(const struct device_node *np,
			     const char *compat);
struct property *of_find_property(const struct device_node *np,
				  const char *name, int *lenp);
const void *of_get_property(const struct device_node *np, const char *name,
			    int *lenp);
/* 0, -EINVAL (no property), -EOVERFLOW (too short). */
int of_property_read_u32_index(const struct device_node *np,
			       const char *name, u32 index, u32 *out);
int of_property_read_u32_array(const struct device_node *np,
			       const char *name, u32 *out, size_t n);
int of_property_read_u64(const struct device_node *np, const char *name,
			 u64 *out);
int of_property_read_u64_index(const struct device_node *np,
			       const char *name, u32 index, u64 *out);
int of_property_read_string(const struct device_node *np, const char *name,
			    const char **out);

static inline int of_property_read_u32(const struct device_node *np,
				       const char *name, u32 *out)
{
	return of_property_read_u32_index(np, name, 0, out);
}

struct device_node *of_get_parent(const struct device_node *np);
struct device_node *of_get_next_child(const struct device_node *np,
				      struct device_node *prev);
#define for_each_child_of_node(parent, child)				\
	for ((child) = of_get_next_child((parent), NULL); (child);	\
	     (child) = of_get_next_child((parent), (child)))

static inline const char *of_node_full_name(const struct device_node *np)
{
	return np ? np->full_name : "<no-node>";
}

/* Big-endian cells -> number (size cells of 32 bits, at most 2). */
static inline u64 of_read_number(const __be32 *cell, int size)
{
	u64 r = 0;

	while (size--)
		r = (r << 32) | be32_to_cpu(*(cell++));
	return r;
}

#endif /* _KC_LINUX_OF_H */
