// SPDX-License-Identifier: GPL-2.0
/*
 * The driver's debugfs view of its TCE tables (iommu/tce_table<LIOBN>,
 * read through kc_debugfs_*) follows table ownership: on PHB3 the host's
 * default window is listed after boot and while the PE is the kernel's,
 * disappears while VFIO owns the PE (v1 ENABLE, v2 CREATE use tables
 * without a host allocator) and is back after release; on P5IOC2 the one
 * table stays and its weight is every entry while v1 owns it. A debugfs
 * that fails every creation does not fail the driver.
 */
#include "check_auto.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/invariants.h"
#include "kc/host.h"
#include "replay_test.h"
#include "tcesim/replay.h"
#include "tcesim/trace.h"

#define MAX_SNAP 8

/* What `echo name=<tag>` lines saw in debugfs. */
struct snap {
	char tag[16];
	int ntables;		/* tce_table* entries in iommu/ */
	char first[64];		/* the first one's name */
	uint64_t weight, size, offset;
};

struct dctx {
	struct invariants *inv;
	struct snap s[MAX_SNAP];
	unsigned n;
	const char *fail_at;	/* echo tag that turns debugfs failure on */
	char msg[512];
};

static void take(struct dctx *d, const char *tag)
{
	struct snap *s = &d->s[d->n++];
	char list[1024], path[128];

	ck_assert_uint_le(d->n, MAX_SNAP);
	snprintf(s->tag, sizeof(s->tag), "%s", tag);
	int n = kc_debugfs_list("iommu", list, sizeof(list));
	ck_assert_int_ge(n, 0);
	for (char *p = list, *nl; *p; p = nl + 1) {
		nl = strchr(p, '\n');
		*nl = '\0';
		if (strncmp(p, "tce_table", 9))
			continue;
		if (!s->ntables++) {
			ck_assert_uint_lt(strlen(p), sizeof(s->first));
			memcpy(s->first, p, strlen(p) + 1);
		}
	}
	if (!s->ntables)
		return;
	/* s->first is shorter than 64 bytes: the paths fit */
	snprintf(path, sizeof(path), "iommu/%.63s/weight", s->first);
	ck_assert_int_eq(kc_debugfs_read_u64(path, &s->weight), 0);
	snprintf(path, sizeof(path), "iommu/%.63s/it_size", s->first);
	ck_assert_int_eq(kc_debugfs_read_u64(path, &s->size), 0);
	snprintf(path, sizeof(path), "iommu/%.63s/it_offset", s->first);
	ck_assert_int_eq(kc_debugfs_read_u64(path, &s->offset), 0);
}

static int dhook(void *ctx, enum replay_event ev, const struct trace_op *op,
		 struct machine *m, char *msg, size_t msglen)
{
	struct dctx *d = ctx;
	const char *tag = replay_test_echo_tag(op);
	int rc;

	if (ev == REPLAY_EV_OP_DONE && tag) {
		take(d, tag);
		if (d->fail_at && !strcmp(tag, d->fail_at))
			kc_debugfs_fail(true);
	}
	rc = invariants_event(d->inv, ev, op, m, msg, msglen);
	if (rc && !d->msg[0])
		snprintf(d->msg, sizeof(d->msg), "%s", msg);
	return rc;
}

static int run(const char *text, struct dctx *d, const char *fail_at)
{
	struct replay_hooks h = { .ctx = d, .event = dhook };
	struct replay_opts o = { .quiet = true, .no_report = true, .hooks = &h };
	int rc;

	memset(d, 0, sizeof(*d));
	d->fail_at = fail_at;
	d->inv = invariants_create();
	ck_assert_ptr_nonnull(d->inv);
	rc = replay_test_text(text, &o);
	invariants_destroy(d->inv);
	return rc;
}

/* Each platform's session: booted (echo boot), v1 or v2 mapped (echo
 * owned), closed (echo back). */
#define SESSION(platform, map)						\
	RT_BOOT(platform) "echo name=boot\n" RT_ATTACH map		\
	"echo name=owned\n" RT_CLOSE "echo name=back\n"

static const char v1_trace[] = SESSION("phb3", RT_V1_MAP);
static const char v2_trace[] = SESSION("phb3", RT_V2_MAP);
static const char p5_trace[] = SESSION("p5ioc2", RT_V1_MAP);

/* The host window: one table, only entry 0 held (bus address 0). */
static void expect_host_table(const struct snap *s, const char *tag)
{
	ck_assert_str_eq(s->tag, tag);
	ck_assert_int_eq(s->ntables, 1);
	ck_assert_str_eq(s->first, "tce_table00000000");	/* domain 0, PE 0, TVE 0 */
	ck_assert_uint_eq(s->offset, 0);
	ck_assert_uint_gt(s->size, 1);
	ck_assert_uint_eq(s->weight, 1);
}

static void phb3_lifecycle(const char *trace)
{
	struct dctx d;

	ck_assert_int_eq(run(trace, &d, NULL), 0);
	ck_assert_msg(!d.msg[0], "%s", d.msg);
	ck_assert_uint_eq(d.n, 3);
	expect_host_table(&d.s[0], "boot");
	ck_assert_str_eq(d.s[1].tag, "owned");
	ck_assert_int_eq(d.s[1].ntables, 0);	/* freed at take-over */
	expect_host_table(&d.s[2], "back");
}

CK_TEST("debugfs", phb3_v1_host_table_gone_while_owned)
{
	phb3_lifecycle(v1_trace);
}
END_TEST

CK_TEST("debugfs", phb3_v2_host_table_gone_while_owned)
{
	phb3_lifecycle(v2_trace);
}
END_TEST

CK_TEST("debugfs", p5ioc2_v1_owned_table_fully_claimed)
{
	struct dctx d;

	ck_assert_int_eq(run(p5_trace, &d, NULL), 0);
	ck_assert_msg(!d.msg[0], "%s", d.msg);
	ck_assert_uint_eq(d.n, 3);
	expect_host_table(&d.s[0], "boot");
	ck_assert_int_eq(d.s[1].ntables, 1);
	ck_assert_uint_eq(d.s[1].size, d.s[0].size);
	ck_assert_uint_eq(d.s[1].weight, d.s[1].size);	/* all claimed */
	expect_host_table(&d.s[2], "back");
}
END_TEST

CK_TEST("debugfs", failing_debugfs_does_not_fail_the_driver)
{
	struct dctx d;

	/* From "owned" on, every debugfs creation fails: the release that
	 * re-creates the host window must still succeed, without entries. */
	ck_assert_int_eq(run(v1_trace, &d, "owned"), 0);
	ck_assert_msg(!d.msg[0], "%s", d.msg);
	ck_assert_uint_eq(d.n, 3);
	expect_host_table(&d.s[0], "boot");
	ck_assert_int_eq(d.s[2].ntables, 0);
}
END_TEST

CK_CASE("debugfs", 60, NULL, NULL);
CK_SUITE("robust_debugfs");
