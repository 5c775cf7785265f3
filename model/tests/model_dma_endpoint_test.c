// SPDX-License-Identifier: GPL-2.0
/*
 * model_dma_endpoint: the DMA test endpoint against a tiny fake bridge
 * (identity map below 1 MiB, one fault page, a freeze switch, an MSI
 * address, an -EIO address) that logs every request it receives.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/dma_endpoint.h"

#define FAKE_MEM	(1u << 20)
#define FAKE_FAULT_PAGE	0x5000ull	/* this page faults (permission) */
#define FAKE_MSI	0xFFFF0000ull
#define FAKE_EIO	0xEEE00000ull
#define FAKE_LOG	64

struct fake {
	uint8_t mem[FAKE_MEM];
	bool frozen;
	unsigned nreq;
	struct sim_dma_req log[FAKE_LOG];
};

static int fake_dma(void *opaque, const struct sim_dma_req *req, void *buf,
		    struct sim_dma_result *res)
{
	struct fake *f = opaque;

	if (!req->len)
		return -EINVAL;
	if (f->nreq < FAKE_LOG)
		f->log[f->nreq] = *req;
	f->nreq++;
	memset(res, 0, sizeof(*res));
	if (req->addr == FAKE_EIO)
		return -EIO;
	if (f->frozen) {
		res->status = SIM_DMA_FROZEN;
		return 0;
	}
	if (req->addr == FAKE_MSI) {
		res->status = SIM_DMA_MSI;
		return 0;
	}
	if (req->addr + req->len > FAKE_MEM) {
		res->status = SIM_DMA_FAULT;
		res->reason = SIM_FAULT_OUT_OF_WINDOW;
		res->fault_addr = req->addr;
		return 0;
	}
	if ((req->addr & ~0xFFFull) == FAKE_FAULT_PAGE) {
		res->status = SIM_DMA_FAULT;
		res->reason = SIM_FAULT_PERMISSION;
		res->fault_addr = req->addr;
		return 0;
	}
	if (req->dir == SIM_DMA_WRITE)
		memcpy(f->mem + req->addr, buf, req->len);
	else
		memcpy(buf, f->mem + req->addr, req->len);
	res->status = SIM_DMA_OK;
	res->pa = req->addr;
	res->bytes_done = req->len;
	return 0;
}

static struct fake *fk;
static struct dma_ep ep;

static void setup(void)
{
	struct sim_dma_target t;

	fk = calloc(1, sizeof(*fk));
	ck_assert_ptr_nonnull(fk);
	t.dma = fake_dma;
	t.opaque = fk;
	dma_ep_init(&ep, 0x0108, &t);
}

static void teardown(void)
{
	free(fk);
}

CK_TEST("core", write_transfers_data_with_rid)
{
	uint8_t buf[100], back[100];
	struct dma_ep_result r;
	unsigned i;

	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 3);
	ck_assert_int_eq(dma_ep_write(&ep, 0x2000, buf, sizeof(buf), &r),
			 DMA_EP_OK);
	ck_assert_int_eq(r.status, DMA_EP_OK);
	ck_assert_uint_eq(r.bytes_done, 100);
	ck_assert_mem_eq(fk->mem + 0x2000, buf, sizeof(buf));
	ck_assert_uint_eq(fk->nreq, 1);
	ck_assert_uint_eq(fk->log[0].rid, 0x0108);
	ck_assert_int_eq(fk->log[0].dir, SIM_DMA_WRITE);
	ck_assert_int_eq(dma_ep_read(&ep, 0x2000, back, sizeof(back), &r),
			 DMA_EP_OK);
	ck_assert_mem_eq(back, buf, sizeof(buf));
	ck_assert_int_eq(fk->log[1].dir, SIM_DMA_READ);
	ck_assert_uint_eq(ep.cnt.bytes_written, 100);
	ck_assert_uint_eq(ep.cnt.bytes_read, 100);
	ck_assert_uint_eq(ep.cnt.transfers_ok, 2);
}
END_TEST

CK_TEST("core", write_splits_at_4k_and_max_payload)
{
	static uint8_t buf[10000];
	struct dma_ep_result r;

	/* 0xF00..0x3610: 256 to the first 4K edge, then 4K, 4K, rest. */
	ck_assert_int_eq(dma_ep_write(&ep, 0xF00, buf, 10000, &r), DMA_EP_OK);
	ck_assert_uint_eq(fk->nreq, 4);
	ck_assert_uint_eq(fk->log[0].addr, 0xF00);
	ck_assert_uint_eq(fk->log[0].len, 0x100);
	ck_assert_uint_eq(fk->log[1].addr, 0x1000);
	ck_assert_uint_eq(fk->log[1].len, 4096);
	ck_assert_uint_eq(fk->log[2].addr, 0x2000);
	ck_assert_uint_eq(fk->log[3].addr, 0x3000);
	ck_assert_uint_eq(fk->log[3].len, 10000 - 256 - 8192);
	fk->nreq = 0;
	ep.max_payload = 256;
	ck_assert_int_eq(dma_ep_write(&ep, 0x10080, buf, 1024, &r), DMA_EP_OK);
	ck_assert_uint_eq(fk->nreq, 4);
	ck_assert_uint_eq(fk->log[3].addr, 0x10080 + 768);
	ck_assert_uint_eq(fk->log[3].len, 256);
}
END_TEST

CK_TEST("faults", write_fault_stops_and_reports_reason)
{
	static uint8_t buf[3 * 4096];
	struct dma_ep_result r;

	/* 0x4000 ok, 0x5000 faults, 0x6000 never issued. */
	ck_assert_int_eq(dma_ep_write(&ep, 0x4000, buf, sizeof(buf), &r),
			 DMA_EP_ERR_FAULT);
	ck_assert_int_eq(r.status, DMA_EP_ERR_FAULT);
	ck_assert_uint_eq(r.bytes_done, 4096);
	ck_assert_int_eq(r.dma.reason, SIM_FAULT_PERMISSION);
	ck_assert_uint_eq(r.dma.fault_addr, 0x5000);
	ck_assert_uint_eq(fk->nreq, 2);
	ck_assert_uint_eq(ep.cnt.faults, 1);
}
END_TEST

CK_TEST("faults", read_frozen_msi_and_target_error_have_distinct_codes)
{
	uint8_t b[8] = { 0 };
	struct dma_ep_result r;

	ck_assert_int_eq(dma_ep_write(&ep, FAKE_MSI, b, 4, &r), DMA_EP_ERR_MSI);
	ck_assert_int_eq(dma_ep_read(&ep, FAKE_EIO, b, 8, &r),
			 DMA_EP_ERR_TARGET);
	ck_assert_int_eq(r.target_errno, -EIO);
	fk->frozen = true;
	ck_assert_int_eq(dma_ep_read(&ep, 0, b, 8, &r), DMA_EP_ERR_FROZEN);
	ck_assert_uint_eq(ep.cnt.msi, 1);
	ck_assert_uint_eq(ep.cnt.target_errors, 1);
	ck_assert_uint_eq(ep.cnt.frozen, 1);
	ck_assert_str_eq(dma_ep_status_name(DMA_EP_ERR_FROZEN), "frozen");
	ck_assert_str_eq(dma_ep_status_name(DMA_EP_STATUS_MAX), "invalid");
}
END_TEST

CK_TEST("faults", write_bad_arguments_rejected)
{
	uint8_t b[8] = { 0 };
	struct dma_ep bare;

	ck_assert_int_eq(dma_ep_write(&ep, 0, b, 0, NULL), DMA_EP_ERR_BAD_ARG);
	ck_assert_int_eq(dma_ep_write(&ep, 0, NULL, 8, NULL),
			 DMA_EP_ERR_BAD_ARG);
	ck_assert_int_eq(dma_ep_write(&ep, ~0ull - 3, b, 8, NULL),
			 DMA_EP_ERR_BAD_ARG);
	ep.max_payload = 8192;
	ck_assert_int_eq(dma_ep_write(&ep, 0, b, 8, NULL), DMA_EP_ERR_BAD_ARG);
	ck_assert_uint_eq(fk->nreq, 0);
	dma_ep_init(&bare, 1, NULL);
	ck_assert_int_eq(dma_ep_read(&bare, 0, b, 8, NULL),
			 DMA_EP_ERR_NO_TARGET);
}
END_TEST

CK_TEST("core", pattern_roundtrip_and_mismatch_offset)
{
	struct dma_ep_result r;
	unsigned i, same = 0;

	ck_assert_int_eq(dma_ep_write_pattern(&ep, 0x8000, 9000, 42, &r),
			 DMA_EP_OK);
	ck_assert_uint_eq(r.bytes_done, 9000);
	/* The data really is the generator's, and is not trivial. */
	for (i = 0; i < 9000; i++) {
		ck_assert_uint_eq(fk->mem[0x8000 + i],
				  dma_ep_pattern_byte(42, i));
		same += fk->mem[0x8000 + i] == fk->mem[0x8000];
	}
	ck_assert_uint_lt(same, 200);
	/* Another seed gives other data. */
	for (i = 0, same = 0; i < 64; i++)
		same += dma_ep_pattern_byte(42, i) == dma_ep_pattern_byte(43, i);
	ck_assert_uint_lt(same, 8);
	ck_assert_int_eq(dma_ep_check_pattern(&ep, 0x8000, 9000, 42, &r),
			 DMA_EP_OK);
	fk->mem[0x8000 + 5000] ^= 0x40;
	ck_assert_int_eq(dma_ep_check_pattern(&ep, 0x8000, 9000, 42, &r),
			 DMA_EP_ERR_MISMATCH);
	ck_assert_uint_eq(r.mismatch_offset, 5000);
	ck_assert_int_eq(dma_ep_check_pattern(&ep, 0x8000, 100, 7, &r),
			 DMA_EP_ERR_MISMATCH);
	ck_assert_uint_eq(ep.cnt.mismatches, 2);
	ck_assert_uint_eq(ep.cnt.transfers_ok, 2);
}
END_TEST

CK_TEST("faults", pattern_fault_reports_bytes_done)
{
	struct dma_ep_result r;

	ck_assert_int_eq(dma_ep_write_pattern(&ep, 0x4800, 0x1000, 1, &r),
			 DMA_EP_ERR_FAULT);
	ck_assert_uint_eq(r.bytes_done, 0x800);
	ck_assert_int_eq(dma_ep_check_pattern(&ep, FAKE_MEM - 8, 16, 1, &r),
			 DMA_EP_ERR_FAULT);
	ck_assert_int_eq(r.dma.reason, SIM_FAULT_OUT_OF_WINDOW);
	ck_assert_int_eq(dma_ep_write_pattern(&ep, 0, 0, 1, &r),
			 DMA_EP_ERR_BAD_ARG);
}
END_TEST

CK_CASE("core", 0, setup, teardown);
CK_CASE("faults", 0, setup, teardown);
CK_SUITE("model_dma_endpoint");
