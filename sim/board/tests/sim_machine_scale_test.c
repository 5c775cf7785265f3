// SPDX-License-Identifier: GPL-2.0
/*
 * sim_machine_scale: a machine the size of real hardware. A PHB3 has
 * 65536 RIDs and 256 PEs (hw reference: a 16-bit RID indexes the RTT;
 * PE numbers are 8 bits); a machine here has up to 16 PHBs. Devices are
 * declared by range, and RIDs nobody declared still reach the PHB.
 *
 * - firmware level: every RID of a PHB (declared as one range) mapped to
 *   one of 256 PEs by bus (OPAL SET_PE with bus compare, as skiboot does
 *   for a bus PE), a window per PE, DMAs from a sample of RIDs of every
 *   PE land in that PE's page, and a fault freezes exactly its PE (not
 *   the neighbours, not the same PE number on another PHB);
 * - kernel level: 255 devices of a range each get their own PE and IOMMU
 *   group (the kernel gives one PE per device and keeps the last PE);
 * - configuration rules for ranges and PHB counts.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "replay_test.h"
#include "tcesim/machine.h"
#include "tcesim/mem.h"
#include "tcesim/opal.h"

#define WIN_TCES	512u	/* a 4 KiB table: 2 MiB of 4 KiB pages */
#define NPES		256u

static struct machine *m;

static void teardown(void)
{
	machine_destroy(m);
	m = NULL;
}

static void create(struct machine_config *cfg)
{
	char err[256] = "";

	m = machine_create(cfg, err, sizeof(err));
	ck_assert_msg(m, "machine_create: %s", err);
}

static int64_t call(uint64_t token, const uint64_t *a, unsigned n)
{
	return opal_call(machine_firmware(m), token, a, n);
}

static struct sim_dma_result dma(unsigned phb, uint16_t rid, uint64_t addr)
{
	struct sim_dma_req req = {
		.rid = rid, .addr = addr, .len = 8, .dir = SIM_DMA_READ,
	};
	struct sim_dma_result res;
	uint8_t buf[8];

	memset(&res, 0, sizeof(res));
	ck_assert_int_eq(machine_dma(m, phb, &req, buf, &res), 0);
	return res;
}

/* The page PE pe of PHB phb's window maps, and the TCE index it uses. */
static uint64_t target_of(uint64_t targets, unsigned phb, unsigned pe)
{
	return targets + ((uint64_t)phb * NPES + pe) * 4096;
}

static unsigned index_of(unsigned pe)
{
	return (pe * 7 + 3) % WIN_TCES;
}

/*
 * PHB phb: each bus b is PE b (all 256 RIDs of the bus: bus compare, no
 * device/function compare), with a one-level 4 KiB table in TVE 2b that
 * maps entry index_of(b) to its own page.
 */
static void program_bus_pes(unsigned phb, uint64_t targets)
{
	uint64_t id = machine_phb_opal_id(m, phb), tables;
	struct sim_mem *mem = machine_mem(m);
	unsigned pe;

	ck_assert_int_eq(sim_mem_alloc(mem, NPES * 4096ull, 4096, &tables), 0);
	for (pe = 0; pe < NPES; pe++) {
		uint64_t set_pe[] = { id, pe, pe << 8, OPAL_PCI_BUS_ALL,
				      OPAL_IGNORE_RID_DEVICE_NUMBER,
				      OPAL_IGNORE_RID_FUNCTION_NUMBER,
				      OPAL_MAP_PE };
		uint64_t peltv[] = { id, pe, pe, OPAL_ADD_PE_TO_DOMAIN };
		uint64_t table = tables + pe * 4096ull;
		uint64_t win[] = { id, pe, pe * 2, 1, table, 4096, 4096 };

		ck_assert_int_eq(call(OPAL_PCI_SET_PE, set_pe, 7), OPAL_SUCCESS);
		ck_assert_int_eq(call(OPAL_PCI_SET_PELTV, peltv, 4),
				 OPAL_SUCCESS);
		ck_assert_int_eq(sim_mem_write_be64(mem,
				 table + index_of(pe) * 8ull,
				 target_of(targets, phb, pe) | 1), 0);
		ck_assert_int_eq(call(OPAL_PCI_MAP_PE_DMA_WINDOW, win, 7),
				 OPAL_SUCCESS);
	}
}

/* OPAL's freeze state of a PE (out-parameters in simulated memory). */
static unsigned freeze_state(unsigned phb, unsigned pe)
{
	struct sim_mem *mem = machine_mem(m);
	uint8_t state = 0xff;
	uint64_t buf;

	ck_assert_int_eq(sim_mem_alloc(mem, 4096, 4096, &buf), 0);
	uint64_t a[] = { machine_phb_opal_id(m, phb), pe, buf, buf + 8, 0 };
	ck_assert_int_eq(call(OPAL_PCI_EEH_FREEZE_STATUS, a, 5), OPAL_SUCCESS);
	ck_assert_int_eq(sim_mem_read(mem, buf, &state, 1), 0);
	ck_assert_int_eq(sim_mem_free(mem, buf), 0);
	return state;
}

/* Samples of a bus: first, second, a middle and the last function. */
static const uint8_t devfns[] = { 0x00, 0x01, 0x5a, 0xff };

CK_TEST("core", every_rid_of_a_phb_in_256_pes)
{
	struct machine_config cfg;
	uint64_t targets;
	unsigned phbs[] = { 0, 15 }, i, pe, s;
	static const unsigned faulty[] = { 0, 1, 127, 254, 255 };

	machine_config_default(&cfg);
	cfg.nr_phbs = MACHINE_MAX_PHBS;
	/* every RID of PHBs 0 and 15, one entry each */
	cfg.nr_devs = 2;
	cfg.devs[0] = (struct machine_dev){ .phb = 0, .bdfn = 0, .last = 0xffff };
	cfg.devs[1] = (struct machine_dev){ .phb = 15, .bdfn = 0, .last = 0xffff };
	create(&cfg);
	ck_assert_int_eq(sim_mem_alloc(machine_mem(m), 2 * NPES * 4096ull,
				       4096, &targets), 0);
	for (i = 0; i < 2; i++)
		program_bus_pes(phbs[i], targets);

	/* a sample of RIDs of every PE on both PHBs: each in its PE's page */
	for (i = 0; i < 2; i++) {
		for (pe = 0; pe < NPES; pe++) {
			for (s = 0; s < sizeof(devfns); s++) {
				uint16_t rid = (uint16_t)(pe << 8 | devfns[s]);
				struct sim_dma_result r;

				r = dma(phbs[i], rid,
					(uint64_t)index_of(pe) * 4096 + 0x10 +
					s * 8);
				ck_assert_msg(r.status == SIM_DMA_OK &&
					      r.pe == pe &&
					      r.pa == target_of(targets, phbs[i],
								pe) + 0x10 + s * 8,
					      "phb %u rid %04x: status %d pe %u pa 0x%llx",
					      phbs[i], rid, r.status, r.pe,
					      (unsigned long long)r.pa);
			}
		}
	}

	/* a fault freezes its own PE only */
	for (i = 0; i < sizeof(faulty) / sizeof(faulty[0]); i++) {
		unsigned f = faulty[i];
		unsigned unmapped = (index_of(f) + 1) % WIN_TCES;
		struct sim_dma_result r;

		r = dma(0, (uint16_t)(f << 8 | 0x33), unmapped * 4096ull);
		ck_assert_int_eq(r.status, SIM_DMA_FAULT);
		ck_assert_uint_eq(r.pe, f);
		ck_assert_uint_ne(freeze_state(0, f), OPAL_EEH_STOPPED_NOT_FROZEN);
		/* every function of that bus is now refused */
		r = dma(0, (uint16_t)(f << 8 | 0xff), index_of(f) * 4096ull);
		ck_assert_int_eq(r.status, SIM_DMA_FROZEN);
	}
	for (pe = 0; pe < NPES; pe++) {
		bool hit = false;

		for (i = 0; i < sizeof(faulty) / sizeof(faulty[0]); i++)
			hit |= faulty[i] == pe;
		ck_assert_uint_eq(freeze_state(0, pe) != 0, hit);
		/* the same PE numbers on PHB 15 never froze */
		ck_assert_uint_eq(freeze_state(15, pe), 0);
		if (hit)
			continue;
		struct sim_dma_result r = dma(0, (uint16_t)(pe << 8 | 0x80),
					      index_of(pe) * 4096ull);
		ck_assert_msg(r.status == SIM_DMA_OK && r.pe == pe,
			      "PE %u after the faults: status %d", pe, r.status);
	}
}
END_TEST

/* RIDs nobody declared reach the PHB (its RTT sends them to the
 * reserved PE 255, which has no window) on every PHB. */
CK_TEST("core", undeclared_rids_on_every_phb)
{
	struct machine_config cfg;
	unsigned phb;

	machine_config_default(&cfg);
	cfg.nr_phbs = MACHINE_MAX_PHBS;
	create(&cfg);
	for (phb = 0; phb < MACHINE_MAX_PHBS; phb++) {
		struct sim_dma_result r = dma(phb, (uint16_t)(phb * 0x1111),
					      1ull << 59);

		ck_assert_int_eq(r.status, SIM_DMA_FAULT);
		ck_assert_uint_eq(r.pe, 255);
		ck_assert_int_eq(r.reason, SIM_FAULT_INVALID_TVE);
	}
	ck_assert_int_eq(machine_dma(m, MACHINE_MAX_PHBS, &(struct sim_dma_req){
				     .rid = 1, .addr = 0, .len = 8,
				     .dir = SIM_DMA_READ }, (uint8_t[8]){ 0 },
				     &(struct sim_dma_result){ 0 }), -ENODEV);
}
END_TEST

/*
 * The kernel gives each device of a range its own PE (all 255 it may
 * use: the last is reserved) and IOMMU group; the device after them
 * gets none. Device DMA through the bypass window shows the RTT.
 */
CK_TEST("core", kernel_gives_255_devices_of_a_range_their_pes)
{
	struct machine_config cfg;
	char err[256] = "";
	bool used[NPES] = { false };
	unsigned rid;

	machine_config_default(&cfg);
	cfg.nr_devs = 1;
	cfg.devs[0] = (struct machine_dev){ .phb = 0, .bdfn = 0x0100,
					    .last = 0x01ff };
	create(&cfg);
	ck_assert_msg(machine_boot(m, err, sizeof(err)) == 0, "%s", err);
	for (rid = 0x0100; rid <= 0x01fe; rid++) {
		struct sim_dma_result r = dma(0, (uint16_t)rid,
					      (1ull << 59) + 0x100000);

		ck_assert_int_ge(machine_group_of(m, 0, (uint16_t)rid), 0);
		ck_assert_msg(r.status == SIM_DMA_OK && r.pe < 255 &&
			      !used[r.pe], "rid %04x: status %d pe %u", rid,
			      r.status, r.pe);
		used[r.pe] = true;
		ck_assert_uint_eq(r.pa, 0x100000);
	}
	/* 0x01ff was declared too, but no PE was left for it */
	ck_assert_int_lt(machine_group_of(m, 0, 0x01ff), 0);
	ck_assert_int_eq(dma(0, 0x01ff, 1ull << 59).status, SIM_DMA_FAULT);
}
END_TEST

CK_TEST("core", config_rules_for_ranges_and_phbs)
{
	struct machine_config cfg;
	char err[256] = "";

	machine_config_default(&cfg);
	cfg.nr_phbs = MACHINE_MAX_PHBS + 1;
	ck_assert_ptr_null(machine_create(&cfg, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "phbs 17: expected 1..16"));

	machine_config_default(&cfg);
	cfg.nr_phbs = 2;
	cfg.nr_devs = 2;
	cfg.devs[0] = (struct machine_dev){ .phb = 1, .bdfn = 0x0100,
					    .last = 0x01ff };
	cfg.devs[1] = (struct machine_dev){ .phb = 1, .bdfn = 0x01ff };
	ck_assert_ptr_null(machine_create(&cfg, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "device 01ff declared twice on phb 1"));
	/* the same RIDs on another PHB are other devices */
	cfg.devs[1].phb = 0;
	create(&cfg);
	teardown();

	cfg.devs[1].phb = 2;
	ck_assert_ptr_null(machine_create(&cfg, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "on phb 2: only 2 phbs"));

	cfg.nr_devs = MACHINE_MAX_DEVS + 1;
	ck_assert_ptr_null(machine_create(&cfg, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "at most 256"));
}
END_TEST

/* Replay a trace; its input-error messages in *msg (freed by caller). */
static int replay_msg(const char *text, char **msg)
{
	struct replay_opts o;
	size_t len = 0;
	int rc;

	memset(&o, 0, sizeof(o));
	o.err = open_memstream(msg, &len);
	rc = replay_test_text(text, &o);
	fclose(o.err);
	return rc;
}

/* The trace's `device` lines: RIDs declared one by one in order merge
 * into one entry; an entry per RID runs out; partial overlaps are
 * refused; a RID declared again (a group in a range) is fine. */
CK_TEST("core", replay_device_declarations)
{
	size_t cap = 1 << 20, n = 0;
	char *text = malloc(cap), *msg = NULL;
	unsigned i;

	n += (size_t)snprintf(text + n, cap - n,
			      "tcesim-trace 1\nmachine phbs=16\n");
	for (i = 0; i < 4096; i++)	/* 0x1000 RIDs, one line each */
		n += (size_t)snprintf(text + n, cap - n,
				      "device dev=3:0x%04x\n", 0x2000 + i);
	n += (size_t)snprintf(text + n, cap - n,
			      "device dev=3:0x2800-0x28ff\n"
			      "group g0 dev=3:0x2abc\n"
			      "boot kernel=0\n");
	ck_assert_int_eq(replay_msg(text, &msg), REPLAY_OK);
	free(msg);

	/* every other RID: one entry each, 256 at most */
	n = (size_t)snprintf(text, cap, "tcesim-trace 1\nmachine phbs=2\n");
	for (i = 0; i < MACHINE_MAX_DEVS + 1; i++)
		n += (size_t)snprintf(text + n, cap - n,
				      "device dev=1:0x%04x\n", 2 * i);
	snprintf(text + n, cap - n, "boot kernel=0\n");
	ck_assert_int_eq(replay_msg(text, &msg), REPLAY_INPUT_ERROR);
	ck_assert_msg(strstr(msg, ":259:") &&
		      strstr(msg, "too many device entries (at most 256)"),
		      "%s", msg);
	free(msg);

	ck_assert_int_eq(replay_msg("tcesim-trace 1\n"
				    "device dev=0:0x0100-0x01ff\n"
				    "device dev=0:0x0180-0x0280\n"
				    "boot kernel=0\n", &msg),
			 REPLAY_INPUT_ERROR);
	ck_assert_msg(strstr(msg, ":3:") &&
		      strstr(msg, "RIDs 0x0180-0x0280 of PHB 0: partly declared before (0x0100-0x01ff)"),
		      "%s", msg);
	free(msg);
	free(text);
}
END_TEST

CK_CASE("core", 120, NULL, teardown);
CK_SUITE("sim_machine_scale");
