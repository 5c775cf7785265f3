// SPDX-License-Identifier: GPL-2.0
/*
 * sim_images_load: ELF files written with libelf (elf_build.c) loaded
 * into simulated RAM: QEMU dump-guest-memory cores for ppc64 in both
 * byte orders, ELF32/ELF64 executables and shared objects, zero fill,
 * the p_vaddr rule, more than 65535 program headers, buffers.
 * sim_images_errors: every refused file leaves RAM byte for byte as it
 * was, with a message naming the file and the problem.
 * sim_images_syms: symbols of a loaded file, looked up by physical
 * address.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>

#include "check_auto.h"
#include "elf_build.h"
#include "images_test.h"
#include "tcesim/sim_errf.h"
#include "tcesim/image.h"

/* The bytes of segment g are in RAM at pa. */
static void check_seg_bytes(struct sim_mem *m, const struct eb_seg *g,
			    uint64_t pa)
{
	const uint8_t *p = sim_mem_host_ptr(m, pa);
	uint64_t k;

	ck_assert_ptr_nonnull(p);
	for (k = 0; k < g->filesz; k++) {
		uint8_t want = g->data ? ((const uint8_t *)g->data)[k]
				       : eb_byte(g->seed, k);

		if (p[k] != want)
			ck_abort_msg("pa %#llx: %#x, expected %#x",
				     (unsigned long long)(pa + k), p[k], want);
	}
}

static bool all_zero_at(struct sim_mem *m, uint64_t pa, uint64_t len)
{
	const uint8_t *p = sim_mem_host_ptr(m, pa);
	uint64_t k;

	for (k = 0; k < len; k++)
		if (p[k])
			return false;
	return true;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b;
	long n;

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	rewind(f);
	b = malloc((size_t)n + 1);
	ck_assert_uint_eq(fread(b, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return b;
}

/* ---- QEMU dump-guest-memory layout (ppc64) ---------------------------- */

#define TCE_TABLE_PA (1 * MiB)
#define TCE_ENTRIES 8192

/* A TCE table as POWER keeps it: big-endian 64-bit entries. */
static uint8_t tce_table[TCE_ENTRIES * 8];

static uint64_t tce_val(unsigned k)
{
	return (0x40000000ull + (uint64_t)k * 0x10000) | 3;
}

static void build_tce_table(void)
{
	unsigned k, b;

	for (k = 0; k < TCE_ENTRIES; k++)
		for (b = 0; b < 8; b++)
			tce_table[k * 8 + b] = (uint8_t)(tce_val(k) >> (56 - 8 * b));
}

static uint8_t prstatus[504], fpregs[264], vmx[544], vsx[256];

static void qemu_core_spec(struct eb_spec *s, struct eb_seg *segs,
			   struct eb_note *notes, int data, bool vaddr_zero)
{
	static const uint64_t pa[3] = { 0, TCE_TABLE_PA, 4 * GiB };
	unsigned i;

	build_tce_table();
	memset(prstatus, 0x11, sizeof(prstatus));
	memset(fpregs, 0x22, sizeof(fpregs));
	memset(vmx, 0x33, sizeof(vmx));
	memset(vsx, 0x44, sizeof(vsx));
	notes[0] = (struct eb_note){ "CORE", NT_PRSTATUS, prstatus, sizeof(prstatus) };
	notes[1] = (struct eb_note){ "CORE", NT_PRFPREG, fpregs, sizeof(fpregs) };
	notes[2] = (struct eb_note){ "LINUX", NT_PPC_VMX, vmx, sizeof(vmx) };
	notes[3] = (struct eb_note){ "LINUX", NT_PPC_VSX, vsx, sizeof(vsx) };
	for (i = 0; i < 3; i++)
		segs[i] = (struct eb_seg){ .paddr = pa[i],
					   .vaddr = vaddr_zero ? 0 : pa[i],
					   .filesz = 256 * KiB, .seed = i + 1 };
	segs[1].data = tce_table;
	segs[1].filesz = sizeof(tce_table);
	*s = (struct eb_spec){ .cls = ELFCLASS64, .data = data,
			       .type = ET_CORE, .machine = EM_PPC64,
			       .segs = segs, .nsegs = 3, .notes = notes,
			       .nnotes = 4 };
}

static void check_qemu_core(struct sim_mem *m, const struct eb_seg *segs)
{
	uint64_t v;
	unsigned i;

	for (i = 0; i < 3; i++)
		check_seg_bytes(m, &segs[i], segs[i].paddr);
	/* The TCE table reads back as the same big-endian entries. */
	for (i = 0; i < TCE_ENTRIES; i += 97) {
		ck_assert_int_eq(sim_mem_read_be64(m, TCE_TABLE_PA + i * 8ull, &v), 0);
		ck_assert_uint_eq(v, tce_val(i));
	}
	ck_assert(all_zero_at(m, 256 * KiB, TCE_TABLE_PA - 256 * KiB));
	ck_assert(all_zero_at(m, TCE_TABLE_PA + sizeof(tce_table), 4096));
	ck_assert(all_zero_at(m, 4 * GiB - 4096, 4096));
	ck_assert(all_zero_at(m, 4 * GiB + 256 * KiB, 4096));
}

CK_LOOP_TEST("load", qemu_ppc64_core_both_byte_orders, 0, 2)
{
	int data = _i ? ELFDATA2LSB : ELFDATA2MSB;
	struct image_load_result r;
	struct image_info info;
	struct eb_note notes[4];
	struct eb_seg segs[3];
	struct eb_spec s;
	struct image *img;
	struct sim_mem *m = sim_mem_create(8 * GiB, 0);
	const char *f = tpath("qemu.core");

	/* Older QEMU left p_vaddr 0 (little-endian case here). */
	qemu_core_spec(&s, segs, notes, data, data == ELFDATA2LSB);
	ck_assert_int_eq(eb_write(f, &s), 0);
	ck_assert_int_eq(image_open(f, &img, err, sizeof(err)), 0);
	image_get_info(img, &info);
	ck_assert_int_eq(info.elf_class, ELFCLASS64);
	ck_assert_int_eq(info.data, data);
	ck_assert_uint_eq(info.type, ET_CORE);
	ck_assert_uint_eq(info.machine, EM_PPC64);
	ck_assert_uint_eq(info.phnum, 4);
	ck_assert_int_eq(image_is_tcesim(img, err, sizeof(err)), 0);
	ck_assert_msg(image_load(img, m, NULL, &r, err, sizeof(err)) == 0, "%s", err);
	image_close(img);
	ck_assert_uint_eq(r.segments, 3);
	ck_assert_uint_eq(r.notes, 4);
	ck_assert(!r.used_vaddr);
	ck_assert(!r.tcesim);
	ck_assert_uint_eq(r.file_bytes, 512 * KiB + sizeof(tce_table));
	ck_assert_uint_eq(r.zero_bytes, 0);
	ck_assert_uint_eq(r.lo, 0);
	ck_assert_uint_eq(r.hi, 4 * GiB + 256 * KiB);
	ck_assert_str_eq(r.remark, "");
	check_qemu_core(m, segs);
	sim_mem_destroy(m);
}
END_TEST

struct seen_notes {
	unsigned n;
	char names[8][8];
	uint32_t types[8];
	size_t sizes[8];
	uint8_t first_byte[8];
};

static int record_note(void *arg, const struct image_note *n, char *e,
		       size_t el)
{
	struct seen_notes *s = arg;

	ck_assert_uint_lt(s->n, 8);
	snprintf(s->names[s->n], sizeof(s->names[0]), "%s", n->name);
	s->types[s->n] = n->type;
	s->sizes[s->n] = n->size;
	s->first_byte[s->n] = n->size ? ((const uint8_t *)n->desc)[0] : 0;
	s->n++;
	return 0;
}

CK_TEST("load", qemu_core_notes_seen_in_order)
{
	struct seen_notes seen = { 0 };
	struct image_load_opts o = { .on_note = record_note, .note_arg = &seen };
	struct eb_note notes[4];
	struct eb_seg segs[3];
	struct eb_spec s;
	struct sim_mem *m = sim_mem_create(8 * GiB, 0);
	const char *f = tpath("qemu.core");
	unsigned i;

	qemu_core_spec(&s, segs, notes, ELFDATA2MSB, false);
	ck_assert_int_eq(eb_write(f, &s), 0);
	ck_assert_msg(image_load_file(m, f, &o, NULL, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(seen.n, 4);
	for (i = 0; i < 4; i++) {
		ck_assert_str_eq(seen.names[i], notes[i].name);
		ck_assert_uint_eq(seen.types[i], notes[i].type);
		ck_assert_uint_eq(seen.sizes[i], notes[i].size);
		ck_assert_uint_eq(seen.first_byte[i], 0x11 * (i + 1));
	}
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("load", buffer_loads_like_the_file)
{
	struct eb_note notes[4];
	struct eb_seg segs[3];
	struct eb_spec s;
	struct image *img;
	struct image_load_result r;
	struct sim_mem *m = sim_mem_create(8 * GiB, 0);
	const char *f = tpath("qemu.core");
	uint8_t *buf;
	size_t len;

	qemu_core_spec(&s, segs, notes, ELFDATA2LSB, false);
	ck_assert_int_eq(eb_write(f, &s), 0);
	buf = slurp(f, &len);
	ck_assert_int_eq(image_open_buffer(buf, len, "mem.core", &img, err,
					   sizeof(err)), 0);
	ck_assert_msg(image_load(img, m, NULL, &r, err, sizeof(err)) == 0, "%s", err);
	image_close(img);
	ck_assert_uint_eq(r.segments, 3);
	check_qemu_core(m, segs);
	free(buf);
	sim_mem_destroy(m);
}
END_TEST

/* ---- executables and shared objects ------------------------------------ */

struct exec_case {
	int cls, data;
	unsigned type, machine;
};

static const struct exec_case exec_cases[] = {
	{ ELFCLASS32, ELFDATA2MSB, ET_EXEC, EM_PPC },
	{ ELFCLASS32, ELFDATA2LSB, ET_DYN, EM_PPC },
	{ ELFCLASS32, ELFDATA2LSB, ET_EXEC, EM_386 },
	{ ELFCLASS64, ELFDATA2MSB, ET_EXEC, EM_PPC64 },
	{ ELFCLASS64, ELFDATA2LSB, ET_DYN, EM_PPC64 },
	{ ELFCLASS64, ELFDATA2LSB, ET_EXEC, EM_X86_64 },
};

CK_LOOP_TEST("load", exec_and_dyn_both_classes, 0,
	     sizeof(exec_cases) / sizeof(exec_cases[0]))
{
	const struct exec_case *c = &exec_cases[_i];
	uint64_t vbase = c->cls == ELFCLASS64 ? 0xc000000000000000ull
					      : 0xc0000000ull;
	struct eb_seg segs[3] = {
		{ .paddr = 0x100000, .vaddr = vbase + 0x100000,
		  .filesz = 0x3000, .seed = 7 },
		/* .data + .bss: zero fill from filesz to memsz */
		{ .paddr = 0x200000, .vaddr = vbase + 0x200000,
		  .filesz = 0x1234, .memsz = 0x5000, .seed = 8 },
		/* nothing in the file: not placed */
		{ .paddr = 0x300000, .vaddr = vbase + 0x300000,
		  .filesz = 0, .memsz = 0x1000 },
	};
	struct eb_spec s = { .cls = c->cls, .data = c->data, .type = c->type,
			     .machine = c->machine, .segs = segs, .nsegs = 3 };
	struct image_load_result r;
	struct sim_mem *m = sim_mem_create(4 * MiB, 0);
	const char *f = tpath("prog.elf");
	uint64_t pa;

	ck_assert_int_eq(eb_write(f, &s), 0);
	ram_fill_pat(m);
	ck_assert_msg(image_load_file(m, f, NULL, &r, err, sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(r.segments, 2);
	ck_assert_uint_eq(r.skipped, 1);
	ck_assert_uint_eq(r.zero_bytes, 0x5000 - 0x1234);
	ck_assert(!r.used_vaddr);
	check_seg_bytes(m, &segs[0], 0x100000);
	check_seg_bytes(m, &segs[1], 0x200000);
	ck_assert(all_zero_at(m, 0x201234, 0x5000 - 0x1234));
	/* Every other byte is as before. */
	for (pa = 0; pa < 4 * MiB; pa++) {
		if ((pa >= 0x100000 && pa < 0x103000) ||
		    (pa >= 0x200000 && pa < 0x205000))
			continue;
		if (sim_mem_host_ptr(m, pa)[0] != ram_pat(pa))
			ck_abort_msg("pa %#llx changed", (unsigned long long)pa);
	}
	if (c->machine == EM_PPC64)
		ck_assert_str_eq(r.remark, "");
	else
		ck_assert_msg(strstr(r.remark, "is not EM_PPC64"), "%s", r.remark);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("load", paddr_all_zero_places_by_vaddr)
{
	struct eb_seg segs[2] = {
		{ .paddr = 0, .vaddr = 0x10000, .filesz = 0x800, .seed = 1 },
		{ .paddr = 0, .vaddr = 0x30000, .filesz = 0x400, .memsz = 0x1000,
		  .seed = 2 },
	};
	struct eb_spec s = { .cls = ELFCLASS64, .data = ELFDATA2MSB,
			     .type = ET_EXEC, .machine = EM_PPC64,
			     .segs = segs, .nsegs = 2 };
	struct image_load_opts po = { .addr = IMAGE_ADDR_PADDR };
	struct image_load_result r;
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	const char *f = tpath("vaddr.elf");

	ck_assert_int_eq(eb_write(f, &s), 0);
	ram_fill_pat(m);
	/* Forced to p_paddr both land at 0: refused, nothing written. */
	ck_assert_int_eq(image_load_file(m, f, &po, &r, err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "overlap"), "%s", err);
	ck_assert_uint_eq(ram_pat_diff(m), ~0ull);
	ck_assert_msg(image_load_file(m, f, NULL, &r, err, sizeof(err)) == 0, "%s", err);
	ck_assert(r.used_vaddr);
	check_seg_bytes(m, &segs[0], 0x10000);
	check_seg_bytes(m, &segs[1], 0x30000);
	ck_assert(all_zero_at(m, 0x30400, 0xc00));
	ck_assert_uint_eq(sim_mem_host_ptr(m, 0)[0], ram_pat(0));
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("load", one_nonzero_paddr_means_paddr)
{
	struct eb_seg segs[2] = {
		{ .paddr = 0, .vaddr = 0x10000, .filesz = 0x100, .seed = 1 },
		{ .paddr = 0x8000, .vaddr = 0x30000, .filesz = 0x100, .seed = 2 },
	};
	struct eb_spec s = { .cls = ELFCLASS32, .data = ELFDATA2LSB,
			     .type = ET_EXEC, .machine = EM_PPC,
			     .segs = segs, .nsegs = 2 };
	struct image_load_result r;
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	const char *f = tpath("paddr.elf");

	ck_assert_int_eq(eb_write(f, &s), 0);
	ck_assert_int_eq(image_load_file(m, f, NULL, &r, err, sizeof(err)), 0);
	ck_assert(!r.used_vaddr);
	check_seg_bytes(m, &segs[0], 0);
	check_seg_bytes(m, &segs[1], 0x8000);
	ck_assert(all_zero_at(m, 0x10000, 0x100));
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("load", clear_ram_zeroes_the_rest)
{
	struct eb_seg seg = { .paddr = 0x4000, .vaddr = 0x4000,
			      .filesz = 0x1000, .seed = 3 };
	struct eb_spec s = { .cls = ELFCLASS64, .data = ELFDATA2MSB,
			     .type = ET_CORE, .machine = EM_PPC64,
			     .segs = &seg, .nsegs = 1 };
	struct image_load_opts o = { .clear_ram = true };
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	const char *f = tpath("one.core");

	ck_assert_int_eq(eb_write(f, &s), 0);
	ram_fill_pat(m);
	ck_assert_int_eq(image_load_file(m, f, &o, NULL, err, sizeof(err)), 0);
	check_seg_bytes(m, &seg, 0x4000);
	ck_assert(all_zero_at(m, 0, 0x4000));
	ck_assert(all_zero_at(m, 0x5000, 1 * MiB - 0x5000));
	sim_mem_destroy(m);
}
END_TEST

/* ---- more than 65535 program headers ----------------------------------- */

#define MANY 70000u

CK_TEST("load", more_than_65535_segments)
{
	struct eb_seg *segs = calloc(MANY, sizeof(*segs));
	struct eb_spec s = { .cls = ELFCLASS64, .data = ELFDATA2MSB,
			     .type = ET_CORE, .machine = EM_PPC64,
			     .nsegs = MANY };
	struct image_load_result r;
	struct image_info info;
	struct sim_mem *m = sim_mem_create(2 * MiB, 0);
	const char *f = tpath("many.core");
	uint64_t bad = ~0ull;
	struct image *img;
	GElf_Ehdr eh;
	GElf_Shdr sh0;
	unsigned i;
	Elf *e;
	int fd;

	for (i = 0; i < MANY; i++)
		segs[i] = (struct eb_seg){ .paddr = i * 16ull, .vaddr = i * 16ull,
					   .filesz = 8, .seed = i };
	s.segs = segs;
	ck_assert_int_eq(eb_write(f, &s), 0);
	/* The file really uses the extended count (checked with libelf). */
	fd = open(f, O_RDONLY);
	e = elf_begin(fd, ELF_C_READ, NULL);
	ck_assert_ptr_nonnull(gelf_getehdr(e, &eh));
	ck_assert_uint_eq(eh.e_phnum, PN_XNUM);
	ck_assert_ptr_nonnull(gelf_getshdr(elf_getscn(e, 0), &sh0));
	ck_assert_uint_eq(sh0.sh_info, MANY);
	elf_end(e);
	close(fd);

	ram_fill_pat(m);
	ck_assert_int_eq(image_open(f, &img, err, sizeof(err)), 0);
	image_get_info(img, &info);
	ck_assert_uint_eq(info.phnum, MANY);
	ck_assert_msg(image_load(img, m, NULL, &r, err, sizeof(err)) == 0, "%s", err);
	image_close(img);
	ck_assert_uint_eq(r.segments, MANY);
	/* (one assertion: Check records every assertion it runs) */
	for (i = 0; i < MANY && bad == ~0ull; i++) {
		const uint8_t *p = sim_mem_host_ptr(m, i * 16ull);
		unsigned k;

		for (k = 0; k < 16; k++)
			if (p[k] != (k < 8 ? eb_byte(i, k)
					   : ram_pat(i * 16ull + k)))
				bad = i * 16ull + k;
	}
	ck_assert_msg(bad == ~0ull, "pa %#llx", (unsigned long long)bad);
	free(segs);
	sim_mem_destroy(m);
}
END_TEST

/* ---- errors: nothing loaded ------------------------------------------- */

static void patch_filesz_big(GElf_Phdr *ph, size_t i, void *arg)
{
	if (i == 1)
		ph->p_filesz = ph->p_memsz = 0x100000;
}

static void patch_memsz_small(GElf_Phdr *ph, size_t i, void *arg)
{
	if (i == 1)
		ph->p_memsz = ph->p_filesz - 1;
}

static void patch_addr_top(GElf_Phdr *ph, size_t i, void *arg)
{
	uint64_t top = *(uint64_t *)arg;

	if (i == 1) {
		ph->p_paddr = top;
		ph->p_memsz = 0x2000;
	}
}

static void patch_note_cut(GElf_Phdr *ph, size_t i, void *arg)
{
	if (ph->p_type == PT_NOTE)
		ph->p_filesz = 14;
}

/* Two good segments and a third; the error cases bend one of them. */
static struct eb_seg err_segs[3];

static struct eb_spec err_spec(int cls)
{
	err_segs[0] = (struct eb_seg){ .paddr = 0x1000, .vaddr = 0x1000,
				       .filesz = 0x1000, .seed = 1 };
	err_segs[1] = (struct eb_seg){ .paddr = 0x8000, .vaddr = 0x8000,
				       .filesz = 0x2000, .seed = 2 };
	err_segs[2] = (struct eb_seg){ .paddr = 0x20000, .vaddr = 0x20000,
				       .filesz = 0x800, .seed = 3 };
	return (struct eb_spec){ .cls = cls, .data = ELFDATA2MSB,
				 .type = ET_EXEC, .machine = EM_PPC64,
				 .segs = err_segs, .nsegs = 3 };
}

/* Load must fail with rc, a message holding every one of want[], and RAM
 * unchanged. */
static void refused(struct sim_mem *m, const char *f,
		    const struct image_load_opts *o, int rc, const char *want1,
		    const char *want2)
{
	int got;

	ram_fill_pat(m);
	err[0] = '\0';
	got = image_load_file(m, f, o, NULL, err, sizeof(err));
	ck_assert_msg(got == rc, "rc %d, expected %d: %s", got, rc, err);
	ck_assert_msg(strstr(err, f), "message does not name the file: %s", err);
	ck_assert_msg(strstr(err, want1), "'%s' not in: %s", want1, err);
	if (want2)
		ck_assert_msg(strstr(err, want2), "'%s' not in: %s", want2, err);
	ck_assert_msg(ram_pat_diff(m) == ~0ull, "RAM changed at %#llx",
		      (unsigned long long)ram_pat_diff(m));
}

CK_TEST("refused", not_an_elf)
{
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	const char *f = tpath("text.elf"), *g = tpath("empty.elf");
	FILE *t = fopen(f, "w");

	fputs("this is a text file, long enough to have an ELF header's size\n", t);
	fclose(t);
	fclose(fopen(g, "w"));
	refused(m, f, NULL, -ENOEXEC, "not an ELF file", NULL);
	refused(m, g, NULL, -ENOEXEC, "not an ELF file", NULL);
	refused(m, tdir, NULL, -ENOEXEC, "not a regular file", NULL);
	refused(m, tpath("no-such.elf"), NULL, -ENOENT, "No such file", NULL);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("refused", relocatable_refused)
{
	struct eb_spec s = err_spec(ELFCLASS64);
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	const char *f = tpath("rel.o");

	s.type = ET_REL;
	ck_assert_int_eq(eb_write(f, &s), 0);
	refused(m, f, NULL, -ENOEXEC, "e_type 1 (ET_REL) is not loadable", NULL);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("refused", truncated_segment)
{
	struct eb_spec s = err_spec(ELFCLASS64);
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	const char *f = tpath("trunc.elf");
	struct stat st;

	/* p_filesz past the end of the file */
	s.patch = patch_filesz_big;
	ck_assert_int_eq(eb_write(f, &s), 0);
	refused(m, f, NULL, -ENOEXEC, "segment 1:", "truncated");
	/* the file cut short inside the last segment */
	s.patch = NULL;
	ck_assert_int_eq(eb_write(f, &s), 0);
	ck_assert_int_eq(stat(f, &st), 0);
	ck_assert_int_eq(truncate(f, st.st_size - 0x100), 0);
	refused(m, f, NULL, -ENOEXEC, "segment 2:", "truncated");
	/* cut inside the program header table */
	ck_assert_int_eq(truncate(f, 100), 0);
	refused(m, f, NULL, -ENOEXEC, "program header", NULL);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("refused", overlapping_segments)
{
	struct eb_spec s = err_spec(ELFCLASS64);
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	const char *f = tpath("overlap.elf");

	err_segs[2].paddr = 0x1800;
	err_segs[2].filesz = 0x100;
	ck_assert_int_eq(eb_write(f, &s), 0);
	refused(m, f, NULL, -EINVAL,
		"segments 0 [0x1000, 0x2000) and 2 [0x1800, 0x1900) overlap", NULL);
	/* overlap through the zero-filled part only */
	s = err_spec(ELFCLASS64);
	err_segs[0].filesz = 0x100;
	err_segs[0].memsz = 0x7001;
	ck_assert_int_eq(eb_write(f, &s), 0);
	refused(m, f, NULL, -EINVAL,
		"segments 0 [0x1000, 0x8001) and 1 [0x8000, 0xa000) overlap", NULL);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("refused", outside_ram)
{
	struct eb_spec s = err_spec(ELFCLASS64);
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	const char *f = tpath("big.elf");

	err_segs[2].paddr = 0xff000;
	err_segs[2].filesz = 0x2000;
	ck_assert_int_eq(eb_write(f, &s), 0);
	refused(m, f, NULL, -ERANGE,
		"segment 2: [0xff000, 0x101000) is outside installed RAM [0, 0x100000)",
		NULL);
	/* the file part fits, the zero fill does not */
	s = err_spec(ELFCLASS64);
	err_segs[2].paddr = 0xff000;
	err_segs[2].filesz = 0x800;
	err_segs[2].memsz = 0x1001;
	ck_assert_int_eq(eb_write(f, &s), 0);
	refused(m, f, NULL, -ERANGE, "segment 2: [0xff000, 0x100001)", NULL);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("refused", too_many_segments)
{
	struct eb_spec s = err_spec(ELFCLASS64);
	struct image_load_opts o = { .max_segments = 2 };
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	const char *f = tpath("three.elf");

	ck_assert_int_eq(eb_write(f, &s), 0);
	refused(m, f, &o, -E2BIG, "3 PT_LOAD segments with data, more than the limit of 2",
		NULL);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("refused", filesz_over_memsz)
{
	struct eb_spec s = err_spec(ELFCLASS32);
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	const char *f = tpath("memsz.elf");

	s.patch = patch_memsz_small;
	ck_assert_int_eq(eb_write(f, &s), 0);
	refused(m, f, NULL, -ENOEXEC,
		"segment 1: p_filesz 0x2000 larger than p_memsz 0x1fff", NULL);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("refused", address_overflow)
{
	uint64_t top64 = 0xfffffffffffff000ull, top32 = 0xfffff000ull;
	struct eb_spec s = err_spec(ELFCLASS64);
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	const char *f = tpath("wrap.elf");

	s.patch = patch_addr_top;
	s.patch_arg = &top64;
	ck_assert_int_eq(eb_write(f, &s), 0);
	refused(m, f, NULL, -ENOEXEC, "segment 1: address 0xfffffffffffff000",
		"overflows the 64-bit address space");
	s = err_spec(ELFCLASS32);
	s.patch = patch_addr_top;
	s.patch_arg = &top32;
	ck_assert_int_eq(eb_write(f, &s), 0);
	refused(m, f, NULL, -ENOEXEC, "segment 1: address 0xfffff000",
		"overflows the 32-bit address space");
	sim_mem_destroy(m);
}
END_TEST

static int reject_note(void *arg, const struct image_note *n, char *e,
		       size_t el)
{
	if (n->type == NT_PRFPREG)
		return sim_errf(e, el, -EPROTO, "%s: note type %u refused",
				(const char *)arg, n->type);
	return 0;
}

CK_TEST("refused", bad_notes)
{
	struct eb_note notes[4];
	struct eb_seg segs[3];
	struct eb_spec s;
	struct sim_mem *m = sim_mem_create(8 * GiB, 0);
	const char *f = tpath("notes.core");
	struct image_load_opts o = { .on_note = reject_note,
				     .note_arg = (void *)f };

	qemu_core_spec(&s, segs, notes, ELFDATA2MSB, false);
	ck_assert_int_eq(eb_write(f, &s), 0);
	/* The pattern over 8 GiB would be slow: check the three blocks. */
	err[0] = '\0';
	ck_assert_int_eq(image_load_file(m, f, &o, NULL, err, sizeof(err)), -EPROTO);
	ck_assert_msg(strstr(err, "note type 2 refused"), "%s", err);
	ck_assert(all_zero_at(m, 0, 256 * KiB));
	ck_assert(all_zero_at(m, TCE_TABLE_PA, sizeof(tce_table)));
	ck_assert(all_zero_at(m, 4 * GiB, 256 * KiB));

	s.patch = patch_note_cut;
	ck_assert_int_eq(eb_write(f, &s), 0);
	ck_assert_int_eq(image_load_file(m, f, NULL, NULL, err, sizeof(err)), -ENOEXEC);
	ck_assert_msg(strstr(err, "segment 0 (PT_NOTE): malformed note at offset"),
		      "%s", err);
	ck_assert_msg(strstr(err, f), "%s", err);
	ck_assert(all_zero_at(m, 0, 256 * KiB));
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("refused", truncated_buffer)
{
	struct eb_spec s = err_spec(ELFCLASS64);
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	const char *f = tpath("buf.elf");
	struct image *img;
	uint8_t *buf;
	size_t len;

	ck_assert_int_eq(eb_write(f, &s), 0);
	buf = slurp(f, &len);
	ck_assert_int_eq(image_open_buffer(buf, len - 1, "cut", &img, err,
					   sizeof(err)), 0);
	ram_fill_pat(m);
	ck_assert_int_eq(image_load(img, m, NULL, NULL, err, sizeof(err)), -ENOEXEC);
	ck_assert_msg(strstr(err, "cut: segment 2:"), "%s", err);
	ck_assert_uint_eq(ram_pat_diff(m), ~0ull);
	image_close(img);
	ck_assert_int_eq(image_open_buffer(buf, 30, "tiny", &img, err,
					   sizeof(err)), -ENOEXEC);
	ck_assert_ptr_null(img);
	ck_assert_msg(strstr(err, "tiny:"), "%s", err);
	free(buf);
	sim_mem_destroy(m);
}
END_TEST

/* ---- symbols ----------------------------------------------------------- */

CK_TEST("syms", symtab_loads_and_names_pas)
{
	const uint64_t vb = 0xc000000000000000ull;
	struct eb_seg segs[2] = {
		{ .paddr = 0x100000, .vaddr = vb + 0x100000, .filesz = 0x2000,
		  .seed = 1 },
		{ .paddr = 0x200000, .vaddr = vb + 0x200000, .filesz = 0x1000,
		  .memsz = 0x3000, .seed = 2 },
	};
	const struct eb_sym syms[] = {
		{ "_start", vb + 0x100000, 0x100, STT_FUNC },
		{ "inner", vb + 0x100040, 0x10, STT_FUNC },
		{ "tce_table", vb + 0x201800, 0x1000, STT_OBJECT },
		{ "label", vb + 0x101000, 0, STT_FUNC },
		{ "far_away", 0xdeadbeef, 4, STT_OBJECT },
	};
	struct eb_spec s = { .cls = ELFCLASS64, .data = ELFDATA2MSB,
			     .type = ET_EXEC, .machine = EM_PPC64,
			     .segs = segs, .nsegs = 2, .syms = syms,
			     .nsyms = 5 };
	struct image_syms *ys = NULL;
	struct image_load_opts o = { .syms = &ys };
	struct image_load_result r;
	struct sim_mem *m = sim_mem_create(4 * MiB, 0);
	const char *f = tpath("vmlinux");
	const struct image_sym *y;

	ck_assert_int_eq(eb_write(f, &s), 0);
	ck_assert_msg(image_load_file(m, f, &o, &r, err, sizeof(err)) == 0, "%s", err);
	check_seg_bytes(m, &segs[0], 0x100000);
	check_seg_bytes(m, &segs[1], 0x200000);
	ck_assert_uint_eq(image_syms_count(ys), 5);
	ck_assert_str_eq(image_syms_at_pa(ys, 0x100000)->name, "_start");
	ck_assert_str_eq(image_syms_at_pa(ys, 0x100045)->name, "inner");
	ck_assert_str_eq(image_syms_at_pa(ys, 0x100050)->name, "_start");
	ck_assert_str_eq(image_syms_at_pa(ys, 0x1000ff)->name, "_start");
	ck_assert_ptr_null(image_syms_at_pa(ys, 0x100100));
	ck_assert_str_eq(image_syms_at_pa(ys, 0x101000)->name, "label");
	ck_assert_ptr_null(image_syms_at_pa(ys, 0x101001));
	y = image_syms_at_pa(ys, 0x202000);
	ck_assert_str_eq(y->name, "tce_table");
	ck_assert_uint_eq(y->value, vb + 0x201800);
	ck_assert_uint_eq(y->pa, 0x201800);
	ck_assert_uint_eq(y->type, STT_OBJECT);
	/* sorted by pa; the one outside every segment last */
	ck_assert_str_eq(image_syms_get(ys, 0)->name, "_start");
	y = image_syms_get(ys, 4);
	ck_assert_str_eq(y->name, "far_away");
	ck_assert(!y->has_pa);
	ck_assert_ptr_null(image_syms_get(ys, 5));
	image_syms_free(ys);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("syms", no_symtab_is_empty)
{
	struct eb_spec s = err_spec(ELFCLASS64);
	const char *f = tpath("nosyms.elf");
	struct image_syms *ys;
	struct image *img;

	ck_assert_int_eq(eb_write(f, &s), 0);
	ck_assert_int_eq(image_open(f, &img, err, sizeof(err)), 0);
	ck_assert_int_eq(image_read_syms(img, IMAGE_ADDR_AUTO, &ys, err,
					 sizeof(err)), 0);
	ck_assert_uint_eq(image_syms_count(ys), 0);
	ck_assert_ptr_null(image_syms_at_pa(ys, 0x1000));
	image_syms_free(ys);
	image_close(img);
}
END_TEST

CK_CASE("load", 120, images_setup, images_teardown);
CK_CASE("refused", 0, images_setup, images_teardown);
CK_CASE("syms", 0, images_setup, images_teardown);
CK_SUITE("sim_images_load");
