/* SPDX-License-Identifier: GPL-2.0 */
/* compat: STUBS the RCU list variants as the plain list operations. */
#ifndef _KC_LINUX_RCULIST_H
#define _KC_LINUX_RCULIST_H

#include <linux/list.h>
#include <linux/rcupdate.h>

#define list_add_rcu(n, head)		list_add(n, head)
#define list_add_tail_rcu(n, head)	list_add_tail(n, head)
#define list_del_rcu(e)			list_del(e)
#define list_replace_rcu(o, n)		list_replace(o, n)
#define list_for_each_entry_rcu(pos, head, member, ...) \
	list_for_each_entry(pos, head, member)
#define list_for_each_entry_lockless(pos, head, member) \
	list_for_each_entry(pos, head, member)
#define list_first_or_null_rcu(head, type, member) \
	list_first_entry_or_null(head, type, member)

#endif /* _KC_LINUX_RCULIST_H */
