// SPDX-License-Identifier: GPL-2.0
/*
 * sim_images_ckpt: machine checkpoints through tcesim/checkpoint.h.
 *  - a restored machine saves exactly the state that was checkpointed
 *    (every part, byte for byte), in functional and timing mode;
 *  - the whole PHB3 register file comes back: every read/write register
 *    and every entry of every IODA table the model keeps, written with
 *    distinct values, reads through MMIO as in the machine that was
 *    checkpointed;
 *  - a machine of another configuration (PHBs, RAM, platform, TCE cache
 *    geometry and policy, RTT cache, PEs, fetch tags) refuses the load
 *    with a message naming the parameter, and nothing changes: its RAM,
 *    registers and every state part are as before;
 *  - corrupted payloads (one byte at a time, every part) are refused or
 *    accepted whole: a refused one changes nothing; their summaries
 *    (tcesim elf info) print without crashing;
 *  - a machine whose kernel is booted is neither saved nor restored into;
 *  - an ELF that tcesim did not write places memory and nothing else.
 */
#include <errno.h>
#include <sys/stat.h>

#include "check_auto.h"
#include "elf_build.h"
#include "images_test.h"
#include "tcesim/checkpoint.h"
#include "tcesim/machine.h"
#include "tcesim/machine_state.h"
#include "tcesim/mem.h"
#include "tcesim/mmio.h"
#include "tcesim/opal.h"

static void base_cfg(struct machine_config *c, bool timing)
{
	machine_config_default(c);
	c->ram_bytes = 1 * GiB;
	c->nr_phbs = 2;
	c->timing = timing;
	c->phb3.tce_cache.entries = 16;
	c->phb3.tce_cache.ways = 4;
}

static struct machine *mk(const struct machine_config *c)
{
	struct machine *m = machine_create(c, err, sizeof(err));

	ck_assert_msg(m, "machine_create: %s", err);
	return m;
}

static void dma(struct machine *m, unsigned phb, uint16_t rid, uint64_t addr,
		enum sim_dma_dir dir)
{
	uint8_t buf[16] = { 0x5c };
	struct sim_dma_req req = { .rid = rid, .addr = addr, .len = 16,
				   .dir = dir };
	struct sim_dma_result res;

	ck_assert_int_eq(machine_dma(m, phb, &req, buf, &res), 0);
}

/* PEs, windows, tables, DMAs (hits, misses, evictions, a fault), kills. */
static void program(struct machine *m)
{
	struct opal *fw = machine_firmware(m);
	struct sim_mem *mem = machine_mem(m);
	unsigned phb, k;

	for (phb = 0; phb < 2; phb++) {
		uint64_t id = machine_phb_opal_id(m, phb);
		uint64_t table = 0x10000000 + phb * 0x100000;

		ck_assert_int_eq(opal_pci_set_pe(fw, id, 1, 0x0100, 7, 1, 1, 1), 0);
		ck_assert_int_eq(opal_pci_map_pe_dma_window(fw, id, 1, 2, 1, table,
							    0x1000, 4096), 0);
		for (k = 0; k < 40; k++)
			ck_assert_int_eq(sim_mem_write_be64(mem, table + 8 * k,
				(0x20000000 + k * 0x1000 + phb * 0x800000) |
				(k == 7 ? 1 : 3)), 0);
		for (k = 0; k < 60; k++)
			dma(m, phb, 0x0100, (uint64_t)(k * 7 % 40) << 12,
			    SIM_DMA_READ);
		dma(m, phb, 0x0100, 7 << 12, SIM_DMA_WRITE);	/* permission */
		ck_assert_int_eq(opal_pci_eeh_freeze_clear(fw, id, 1, 3), 0);
		ck_assert_int_eq(sim_mmio_write(machine_bus(m),
			machine_phb_regs(m, phb) + 0x210, 8,
			0x2000000000000000ull | (3ull << 12) | 1), 0);
		dma(m, phb, 0x0100, 3 << 12, SIM_DMA_READ);
	}
}

/* Every state part of m but those of type skip, concatenated (type,
   length, bytes). */
static uint8_t *state_bytes_but(struct machine *m, uint32_t skip, size_t *len)
{
	struct machine_state st;
	uint8_t *b = NULL;
	size_t i, n = 0;

	ck_assert_msg(machine_state_save(m, &st, err, sizeof(err)) == 0, "%s", err);
	for (i = 0; i < st.n; i++) {
		if (st.v[i].type == skip)
			continue;
		b = realloc(b, n + 12 + st.v[i].len);
		ck_assert_ptr_nonnull(b);
		memcpy(b + n, &st.v[i].type, 4);
		memcpy(b + n + 4, &st.v[i].len, 8);
		memcpy(b + n + 12, st.v[i].buf, st.v[i].len);
		n += 12 + st.v[i].len;
	}
	machine_state_free(&st);
	*len = n;
	return b;
}

static uint8_t *state_bytes(struct machine *m, size_t *len)
{
	return state_bytes_but(m, 0, len);
}

CK_LOOP_TEST("checkpoint", restored_machine_saves_the_same_state, 0, 2)
{
	struct machine_config c;
	struct checkpoint_load_result r;
	struct image_write_result wr;
	const char *f = tpath("m.core");
	uint8_t *a, *b;
	size_t na, nb;
	struct machine *m;

	base_cfg(&c, _i);
	m = mk(&c);
	program(m);
	a = state_bytes(m, &na);
	ck_assert_msg(checkpoint_write(m, f, NULL, 0, &wr, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert_uint_gt(wr.segments, 0);
	machine_destroy(m);

	m = mk(&c);
	ck_assert_msg(checkpoint_load(m, f, NULL, &r, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert(r.restored);
	ck_assert_str_eq(r.remark, "");
	b = state_bytes(m, &nb);
	ck_assert_uint_eq(na, nb);
	ck_assert(!memcmp(a, b, na));
	/* RAM too: the table reads back */
	uint64_t v;
	ck_assert_int_eq(sim_mem_read_be64(machine_mem(m), 0x10100000 + 8, &v), 0);
	ck_assert_uint_eq(v, (0x20001000 + 0x800000) | 3);
	free(a);
	free(b);
	machine_destroy(m);
}
END_TEST

/* The PHB3 register file, from its public lists. */
static const struct { uint32_t off; const char *kind; } regfile[] = {
#define PHB3_REG(name, offset, reset, wmask, kind, src, desc) { offset, #kind },
#include "tcesim/phb3_regs.def"
#undef PHB3_REG
};
static const struct { unsigned tsel, entries; const char *kind; } iodas[] = {
#define PHB3_IODA(name, tsel, n, wmask, kind, src, desc) { tsel, n, #kind },
#include "tcesim/phb3_ioda.def"
#undef PHB3_IODA
};
#define NREGS (sizeof(regfile) / sizeof(regfile[0]))
#define NIODA (sizeof(iodas) / sizeof(iodas[0]))
#define REG_IODA_ADDR 0x220
#define REG_IODA_DATA0 0x228

static uint64_t pattern(unsigned phb, uint64_t a, uint64_t b)
{
	return (0x9e3779b97f4a7c15ull * (a * 1000003 + b + phb * 7 + 1)) ^
	       (a << 32);
}

static void wr(struct machine *m, unsigned phb, uint32_t off, uint64_t v)
{
	ck_assert_int_eq(sim_mmio_write(machine_bus(m),
					machine_phb_regs(m, phb) + off, 8, v), 0);
}

static uint64_t rd(struct machine *m, unsigned phb, uint32_t off)
{
	uint64_t v = 0;

	ck_assert_int_eq(sim_mmio_read(machine_bus(m),
				       machine_phb_regs(m, phb) + off, 8, &v), 0);
	return v;
}

/* Points IODA_ADDR of PHB phb at entry i of iodas[t] (AUTOINC off). */
static void ioda_select(struct machine *m, unsigned phb, unsigned t,
			unsigned i)
{
	wr(m, phb, REG_IODA_ADDR, ((uint64_t)iodas[t].tsel << 48) | i);
}

/* Every entry of every kept IODA table, then every RW register (the
   IODA address register last but one). */
static void write_regfile(struct machine *m)
{
	for (unsigned phb = 0; phb < 2; phb++) {
		for (unsigned t = 0; t < NIODA; t++) {
			if (!strcmp(iodas[t].kind, "RAZ"))
				continue;
			for (unsigned i = 0; i < iodas[t].entries; i++) {
				ioda_select(m, phb, t, i);
				wr(m, phb, REG_IODA_DATA0,
				   pattern(phb, iodas[t].tsel, i));
			}
		}
		for (unsigned k = 0; k < NREGS; k++)
			if (!strcmp(regfile[k].kind, "RW"))
				wr(m, phb, regfile[k].off,
				   pattern(phb, 1000, regfile[k].off));
	}
}

/* What m reads: every register, then every kept IODA entry (AUTOINC
   off); n values into v (capacity cap). */
static size_t read_regfile(struct machine *m, uint64_t *v, size_t cap)
{
	size_t n = 0;

	for (unsigned phb = 0; phb < 2; phb++) {
		for (unsigned k = 0; k < NREGS; k++) {
			ck_assert_uint_lt(n, cap);
			v[n++] = rd(m, phb, regfile[k].off);
		}
		for (unsigned t = 0; t < NIODA; t++) {
			if (!strcmp(iodas[t].kind, "RAZ"))
				continue;
			for (unsigned i = 0; i < iodas[t].entries; i++) {
				ioda_select(m, phb, t, i);
				ck_assert_uint_lt(n, cap);
				v[n++] = rd(m, phb, REG_IODA_DATA0);
			}
		}
	}
	return n;
}

CK_TEST("checkpoint", register_file_restored)
{
	enum { CAP = 8192 };
	static uint64_t want[CAP], got[CAP], fresh[CAP];
	struct machine_config c;
	const char *f = tpath("r.core");
	struct machine *m;
	size_t n, n2, differ = 0, i;

	base_cfg(&c, false);
	m = mk(&c);
	write_regfile(m);
	ck_assert_msg(checkpoint_write(m, f, NULL, 0, NULL, err, sizeof(err)) == 0,
		      "%s", err);
	/* the same reads, in the same order, from the same state (one
	   machine per process: one after the other) */
	n = read_regfile(m, want, CAP);
	machine_destroy(m);
	m = mk(&c);
	ck_assert_msg(checkpoint_load(m, f, NULL, NULL, err, sizeof(err)) == 0,
		      "%s", err);
	n2 = read_regfile(m, got, CAP);
	machine_destroy(m);
	m = mk(&c);
	ck_assert_uint_eq(read_regfile(m, fresh, CAP), n);
	machine_destroy(m);
	ck_assert_uint_eq(n, n2);
	for (i = 0; i < n; i++)
		ck_assert_msg(want[i] == got[i],
			      "read %zu: %#llx restored, %#llx checkpointed", i,
			      (unsigned long long)got[i],
			      (unsigned long long)want[i]);
	/* and they are not the reset values: most of the file was written */
	for (i = 0; i < n; i++)
		differ += fresh[i] != want[i];
	ck_assert_uint_gt(differ, n / 2);
}
END_TEST

static void ch_phbs(struct machine_config *c) { c->nr_phbs = 1; }
static void ch_ram(struct machine_config *c) { c->ram_bytes = 512 * MiB; }
static void ch_platform(struct machine_config *c)
{
	c->platform = MACHINE_P5IOC2;
}
static void ch_entries(struct machine_config *c) { c->phb3.tce_cache.entries = 32; }
static void ch_ways(struct machine_config *c) { c->phb3.tce_cache.ways = 8; }
static void ch_policy(struct machine_config *c)
{
	c->phb3.tce_cache.policy = TCE_CACHE_RANDOM;
}
static void ch_rtc(struct machine_config *c) { c->phb3.rtc_entries = 32; }
static void ch_pes(struct machine_config *c) { c->phb3.num_pes = 128; }
static void ch_tags(struct machine_config *c)
{
	c->timing_params.max_outstanding_fetches = 16;
}
static void ch_line(struct machine_config *c) { c->timing_params.line_bytes = 1; }

static const struct {
	const char *param;
	void (*change)(struct machine_config *c);
} cases[] = {
	{ "(phbs)", ch_phbs },
	{ "(ram)", ch_ram },
	{ "(platform)", ch_platform },
	{ "(tce_cache.entries)", ch_entries },
	{ "(tce_cache.ways)", ch_ways },
	{ "(tce_cache.policy)", ch_policy },
	{ "(rtc_entries)", ch_rtc },
	{ "(num_pes)", ch_pes },
	{ "(max_outstanding_fetches)", ch_tags },
	{ "(line_bytes)", ch_line },
};

CK_LOOP_TEST("checkpoint", other_configuration_refused_nothing_changes, 0,
	     sizeof(cases) / sizeof(cases[0]))
{
	struct machine_config c;
	const char *f = tpath("m.core");
	uint8_t marker[64], back[64], *a, *b;
	size_t na, nb;
	struct machine *m;
	uint64_t v = 0;
	int rc;

	base_cfg(&c, true);
	m = mk(&c);
	program(m);
	ck_assert_msg(checkpoint_write(m, f, NULL, 0, NULL, err, sizeof(err)) == 0,
		      "%s", err);
	machine_destroy(m);

	cases[_i].change(&c);
	m = mk(&c);
	memset(marker, 0xa7, sizeof(marker));
	ck_assert_int_eq(sim_mem_write(machine_mem(m), 0x10000000, marker,
				       sizeof(marker)), 0);
	ck_assert_int_eq(sim_mmio_write(machine_bus(m),
		machine_phb_regs(m, 0) + (c.platform == MACHINE_PHB3 ? 0x220 : 0x110),
		8, 0x0009000000000005ull), 0);
	a = state_bytes(m, &na);
	rc = checkpoint_load(m, f, NULL, NULL, err, sizeof(err));
	ck_assert_int_eq(rc, -EINVAL);
	ck_assert_msg(strstr(err, cases[_i].param), "%s: got '%s'",
		      cases[_i].param, err);
	ck_assert_msg(!strncmp(err, f, strlen(f)), "message names the file: %s", err);
	/* every state part as before (taken first: the reads below count) */
	b = state_bytes(m, &nb);
	ck_assert_uint_eq(na, nb);
	for (size_t i = 0; i < na; i++)
		ck_assert_msg(a[i] == b[i], "state byte %zu changed", i);
	ck_assert_int_eq(sim_mem_read(machine_mem(m), 0x10000000, back,
				      sizeof(back)), 0);
	ck_assert(!memcmp(marker, back, sizeof(back)));
	ck_assert_int_eq(sim_mmio_read(machine_bus(m),
		machine_phb_regs(m, 0) + (c.platform == MACHINE_PHB3 ? 0x220 : 0x110),
		8, &v), 0);
	ck_assert_uint_eq(v, 0x0009000000000005ull);
	free(a);
	free(b);
	machine_destroy(m);
}
END_TEST

/* Each part with one byte flipped (every 5th byte): refused and nothing
   changed, or accepted whole. */
CK_TEST("checkpoint", corrupted_parts_refused_whole)
{
	struct machine_config c;
	struct machine_state st;
	struct machine *m;
	uint8_t *before, *after;
	size_t nb, na, i, p, refused = 0, tried = 0;

	FILE *devnull = fopen("/dev/null", "w");

	ck_assert_ptr_nonnull(devnull);
	base_cfg(&c, true);
	m = mk(&c);
	program(m);
	ck_assert_int_eq(machine_state_save(m, &st, err, sizeof(err)), 0);
	for (p = 0; p < st.n; p++) {
		uint8_t *buf = (uint8_t *)st.v[p].buf;

		for (i = 0; i < st.v[p].len; i += 5) {
			int rc;

			before = state_bytes(m, &nb);
			buf[i] ^= 0xff;
			/* the summary of a corrupted part: no crash, no hang */
			machine_state_describe(st.v[p].type, buf, st.v[p].len,
					       devnull);
			rc = machine_state_restore(m, st.v, st.n, true, err,
						   sizeof(err), NULL, 0);
			buf[i] ^= 0xff;
			tried++;
			if (rc) {
				refused++;
				after = state_bytes(m, &na);
				ck_assert_msg(na == nb && !memcmp(before, after, na),
					      "part %zu byte %zu: refused (%s) but changed",
					      p, i, err);
				free(after);
			} else {
				/* accepted: put the original back */
				ck_assert_int_eq(machine_state_restore(m, st.v, st.n,
					true, err, sizeof(err), NULL, 0), 0);
			}
			free(before);
		}
	}
	ck_assert_uint_gt(refused, tried / 20);
	fclose(devnull);
	machine_state_free(&st);
	machine_destroy(m);
}
END_TEST

CK_TEST("checkpoint", kernel_machine_neither_saved_nor_restored)
{
	struct machine_config c;
	const char *f = tpath("m.core"), *g = tpath("k.core");
	struct stat sb;
	struct machine *m;

	base_cfg(&c, false);
	m = mk(&c);
	ck_assert_int_eq(checkpoint_write(m, f, NULL, 0, NULL, err, sizeof(err)), 0);
	machine_destroy(m);

	c.nr_devs = 1;
	c.devs[0] = (struct machine_dev){ .phb = 0, .bdfn = 0x0100 };
	m = mk(&c);
	ck_assert_msg(machine_boot(m, err, sizeof(err)) == 0, "%s", err);
	ck_assert_int_eq(checkpoint_write(m, g, NULL, 0, NULL, err, sizeof(err)),
			 -EBUSY);
	ck_assert_msg(strstr(err, "kernel=0"), "%s", err);
	ck_assert_int_ne(stat(g, &sb), 0);
	ck_assert_int_eq(checkpoint_load(m, f, NULL, NULL, err, sizeof(err)),
			 -EBUSY);
	ck_assert_msg(strstr(err, "kernel=0"), "%s", err);
	machine_destroy(m);
}
END_TEST

/* A checkpoint of another format version is refused, naming both. */
CK_TEST("checkpoint", other_format_version_refused)
{
	struct machine_config c;
	const char *f = tpath("v2.core");
	static const char producer[] = "tcesim ";
	unsigned char buf[4096];
	struct machine *m;
	size_t n, i;
	FILE *fp;

	base_cfg(&c, false);
	m = mk(&c);
	ck_assert_int_eq(checkpoint_write(m, f, NULL, 0, NULL, err, sizeof(err)), 0);
	/* the ID note's payload: u32 version, u32 0, "tcesim ..." */
	fp = fopen(f, "r+b");
	ck_assert_ptr_nonnull(fp);
	n = fread(buf, 1, sizeof(buf), fp);
	for (i = 8; i + sizeof(producer) - 1 <= n; i++)
		if (!memcmp(buf + i, producer, sizeof(producer) - 1))
			break;
	ck_assert_msg(i + sizeof(producer) - 1 <= n, "no ID note in %s", f);
	ck_assert(!memcmp(buf + i - 8, "\0\0\0\1\0\0\0\0", 8));
	ck_assert_int_eq(fseek(fp, (long)(i - 5), SEEK_SET), 0);
	ck_assert_int_eq(fputc(2, fp), 2);
	ck_assert_int_eq(fclose(fp), 0);
	ck_assert_int_eq(checkpoint_load(m, f, NULL, NULL, err, sizeof(err)),
			 -EINVAL);
	ck_assert_msg(strstr(err, "checkpoint format 2, this tcesim reads format 1"),
		      "%s", err);
	machine_destroy(m);
}
END_TEST

CK_TEST("checkpoint", other_elf_places_memory_only)
{
	static uint8_t data[8192];
	struct eb_seg seg = { .paddr = 0x10000000, .vaddr = 0x10000000,
			      .filesz = sizeof(data), .data = data };
	struct eb_spec s = { .cls = ELFCLASS64, .data = ELFDATA2LSB,
			     .type = ET_EXEC, .machine = EM_PPC64,
			     .segs = &seg, .nsegs = 1 };
	struct checkpoint_load_result r;
	struct machine_config c;
	const char *f = tpath("x.elf");
	struct machine *m;
	uint8_t *a, *b;
	size_t na, nb;
	uint64_t v;

	memset(data, 0x3c, sizeof(data));
	ck_assert_int_eq(eb_write(f, &s), 0);
	base_cfg(&c, true);
	m = mk(&c);
	program(m);
	a = state_bytes_but(m, MACHINE_NT_MEM, &na);
	ck_assert_msg(checkpoint_load(m, f, NULL, &r, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert(!r.restored);
	ck_assert_uint_eq(r.load.segments, 1);
	ck_assert_int_eq(sim_mem_read_be64(machine_mem(m), 0x10000000, &v), 0);
	ck_assert_uint_eq(v, 0x3c3c3c3c3c3c3c3cull);
	/* registers, tables, caches, timing, firmware: untouched (the memory
	   part is not compared: its access counters count the load) */
	b = state_bytes_but(m, MACHINE_NT_MEM, &nb);
	ck_assert_uint_eq(na, nb);
	ck_assert(!memcmp(a, b, na));
	free(a);
	free(b);
	machine_destroy(m);
}
END_TEST

CK_CASE("checkpoint", 120, images_setup, images_teardown);
CK_SUITE("sim_images_ckpt");
