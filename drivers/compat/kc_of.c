// SPDX-License-Identifier: GPL-2.0
/*
 * compat device tree: nodes and properties built by the host (kc_dt_*)
 * and the <linux/of.h> lookups the platform code uses.
 */
#include <string.h>
#include <linux/of.h>
#include <linux/bug.h>
#include "kc_internal.h"

static struct device_node *kc_of_root;
static struct device_node *kc_of_last;	/* tail of the allnext chain */

void kc_of_init(void)
{
	kc_of_root = kc_zalloc(sizeof(*kc_of_root));
	kc_of_root->name = kc_strdup("");
	kc_of_root->full_name = kc_strdup("/");
	kc_of_last = kc_of_root;
}

void kc_of_teardown(void)
{
	struct device_node *np = kc_of_root, *next;

	while (np) {
		struct property *pp = np->properties, *pn;

		while (pp) {
			pn = pp->next;
			kc_free(pp->name);
			kc_free(pp->value);
			kc_free(pp);
			pp = pn;
		}
		next = np->kc_allnext;
		kc_free((void *)np->name);
		kc_free((void *)np->full_name);
		kc_free(np);
		np = next;
	}
	kc_of_root = NULL;
	kc_of_last = NULL;
}

/* --- host side ------------------------------------------------------- */

struct kc_dt_node *kc_dt_root(void)
{
	return (struct kc_dt_node *)kc_of_root;
}

struct kc_dt_node *kc_dt_add_node(struct kc_dt_node *parent, const char *name)
{
	struct device_node *p = parent ? (struct device_node *)parent : kc_of_root;
	struct device_node *np, **link;
	size_t n;
	char *full;

	if (!kc_of_root || !name || !*name || strchr(name, '/'))
		return NULL;
	np = kc_zalloc(sizeof(*np));
	np->name = kc_strdup(name);
	n = strlen(p->full_name) + strlen(name) + 2;
	full = kc_zalloc(n);
	snprintf(full, n, "%s%s%s", p->full_name,
		 p == kc_of_root ? "" : "/", name);
	np->full_name = full;
	np->parent = p;
	link = p->kc_lastchild ? &p->kc_lastchild->sibling : &p->child;
	*link = np;
	p->kc_lastchild = np;
	kc_of_last->kc_allnext = np;
	kc_of_last = np;
	return (struct kc_dt_node *)np;
}

int kc_dt_set_prop(struct kc_dt_node *node, const char *name,
		   const void *value, size_t len)
{
	struct device_node *np = (struct device_node *)node;
	struct property *pp;

	if (!np || !name || (!value && len) || len > (1u << 20))
		return -EINVAL;
	for (pp = np->properties; pp; pp = pp->next)
		if (!strcmp(pp->name, name))
			break;
	if (!pp) {
		struct property **link = &np->properties;

		while (*link)
			link = &(*link)->next;
		pp = kc_zalloc(sizeof(*pp));
		pp->name = kc_strdup(name);
		*link = pp;
	}
	kc_free(pp->value);
	pp->value = kc_zalloc(len);
	if (len)
		memcpy(pp->value, value, len);
	pp->length = (int)len;
	return 0;
}

int kc_dt_set_strings(struct kc_dt_node *node, const char *name,
		      const char *const *strs, unsigned n)
{
	size_t len = 0, off = 0;
	unsigned i;
	char *buf;
	int rc;

	if (!strs || !n)
		return -EINVAL;
	for (i = 0; i < n; i++) {
		if (!strs[i])
			return -EINVAL;
		len += strlen(strs[i]) + 1;
	}
	buf = kc_zalloc(len);
	for (i = 0; i < n; i++) {
		size_t l = strlen(strs[i]) + 1;

		memcpy(buf + off, strs[i], l);
		off += l;
	}
	rc = kc_dt_set_prop(node, name, buf, len);
	kc_free(buf);
	return rc;
}

int kc_dt_set_string(struct kc_dt_node *node, const char *name, const char *s)
{
	return kc_dt_set_strings(node, name, &s, 1);
}

int kc_dt_set_u32s(struct kc_dt_node *node, const char *name,
		   const uint32_t *cells, unsigned n)
{
	__be32 buf[64];
	unsigned i;

	if (!cells || !n || n > 64)
		return -EINVAL;
	for (i = 0; i < n; i++)
		buf[i] = cpu_to_be32(cells[i]);
	return kc_dt_set_prop(node, name, buf, n * sizeof(buf[0]));
}

int kc_dt_set_u64s(struct kc_dt_node *node, const char *name,
		   const uint64_t *vals, unsigned n)
{
	__be64 buf[32];
	unsigned i;

	if (!vals || !n || n > 32)
		return -EINVAL;
	for (i = 0; i < n; i++)
		buf[i] = cpu_to_be64(vals[i]);
	return kc_dt_set_prop(node, name, buf, n * sizeof(buf[0]));
}

/* --- kernel side ----------------------------------------------------- */

struct device_node *of_node_get(struct device_node *np)
{
	if (np)
		np->kc_refs++;
	return np;
}

void of_node_put(struct device_node *np)
{
	if (np)
		WARN_ON(--np->kc_refs < 0);
}

struct property *of_find_property(const struct device_node *np,
				  const char *name, int *lenp)
{
	struct property *pp;

	if (np && name)
		for (pp = np->properties; pp; pp = pp->next)
			if (!strcmp(pp->name, name)) {
				if (lenp)
					*lenp = pp->length;
				return pp;
			}
	return NULL;
}

const void *of_get_property(const struct device_node *np, const char *name,
			    int *lenp)
{
	struct property *pp = of_find_property(np, name, lenp);

	return pp ? pp->value : NULL;
}

/* Does the NUL-separated string list of property name contain s? */
static bool kc_prop_has_string(const struct device_node *np,
			       const char *name, const char *s)
{
	int len;
	const char *v = of_get_property(np, name, &len);
	int off = 0;

	while (v && off < len) {
		size_t l = strnlen(v + off, (size_t)(len - off));

		if (l == strlen(s) && !memcmp(v + off, s, l))
			return true;
		off += (int)l + 1;
	}
	return false;
}

bool of_device_is_compatible(const struct device_node *np, const char *compat)
{
	return np && compat && kc_prop_has_string(np, "compatible", compat);
}

struct device_node *of_find_compatible_node(struct device_node *from,
					    const char *type,
					    const char *compat)
{
	struct device_node *np = from ? from->kc_allnext : kc_of_root;

	for (; np; np = np->kc_allnext) {
		if (!of_device_is_compatible(np, compat))
			continue;
		if (type && !kc_prop_has_string(np, "device_type", type))
			continue;
		break;
	}
	of_node_put(from);
	return of_node_get(np);
}

int of_property_read_u32_index(const struct device_node *np,
			       const char *name, u32 index, u32 *out)
{
	int len;
	const __be32 *v = of_get_property(np, name, &len);

	if (!v)
		return -EINVAL;
	if ((u64)len < ((u64)index + 1) * 4)
		return -EOVERFLOW;
	*out = be32_to_cpu(v[index]);
	return 0;
}

int of_property_read_u32_array(const struct device_node *np,
			       const char *name, u32 *out, size_t n)
{
	int len;
	const __be32 *v = of_get_property(np, name, &len);
	size_t i;

	if (!v)
		return -EINVAL;
	if ((size_t)len < n * 4)
		return -EOVERFLOW;
	for (i = 0; i < n; i++)
		out[i] = be32_to_cpu(v[i]);
	return 0;
}

int of_property_read_u64_index(const struct device_node *np,
			       const char *name, u32 index, u64 *out)
{
	int len;
	const __be32 *v = of_get_property(np, name, &len);

	if (!v)
		return -EINVAL;
	if ((u64)len < ((u64)index + 1) * 8)
		return -EOVERFLOW;
	*out = of_read_number(v + 2 * index, 2);
	return 0;
}

int of_property_read_u64(const struct device_node *np, const char *name,
			 u64 *out)
{
	return of_property_read_u64_index(np, name, 0, out);
}

int of_property_read_string(const struct device_node *np, const char *name,
			    const char **out)
{
	int len;
	const char *v = of_get_property(np, name, &len);

	if (!v)
		return -EINVAL;
	if (!len || strnlen(v, (size_t)len) >= (size_t)len)
		return -EILSEQ;
	*out = v;
	return 0;
}

struct device_node *of_get_parent(const struct device_node *np)
{
	return np ? of_node_get(np->parent) : NULL;
}

struct device_node *of_get_next_child(const struct device_node *np,
				      struct device_node *prev)
{
	struct device_node *next;

	if (!np)
		return NULL;
	next = prev ? prev->sibling : np->child;
	of_node_put(prev);
	return of_node_get(next);
}
