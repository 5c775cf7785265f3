// SPDX-License-Identifier: GPL-2.0
/*
 * sim_images_write: the checkpoint writer. A sparse 64 GiB RAM written
 * and loaded back into a fresh one (every written byte equal, nothing
 * else touched), the file's layout read back with libelf, more than
 * 65535 segments, a full disk and a file size limit, bad arguments.
 * sim_images_notes: notes written and read back, the tcesim ID note.
 * sim_images_print: the text summary.
 * sim_images_ram: the RAM accessors the images use (sim_mem_zero,
 * sim_mem_prefault, sim_mem_foreach_resident).
 */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>

#include "check_auto.h"
#include "images_test.h"
#include "tcesim/image.h"

#define NOTE(n, t, d, sz) { .name = (n), .type = (t), .desc = (d), .size = (sz) }

static uint8_t pat(uint32_t seed, uint64_t i)
{
	uint64_t x = (i + 1) * 0x9E3779B97F4A7C15ull ^ (uint64_t)seed << 40;

	return (uint8_t)((x >> 56) | 1);	/* never zero */
}

static void put_pat(struct sim_mem *m, uint64_t pa, uint64_t len,
		    uint32_t seed)
{
	uint8_t *p = sim_mem_host_ptr(m, pa);
	uint64_t i;

	ck_assert_ptr_nonnull(p);
	ck_assert(sim_mem_in_ram(m, pa, len));
	for (i = 0; i < len; i++)
		p[i] = pat(seed, i);
}

struct region {
	uint64_t pa, len;
};

/* The sparse machine: what is written, and the PT_LOADs expected (4 KiB
 * granules around every written byte; a zeroed page splits a run; a
 * page only read is not one). */
#define A_PA (1 * GiB + 0x123)
#define A_LEN (3 * MiB + 100)

static const struct region expect_runs[] = {
	{ 0, 4096 },
	{ 1 * GiB, (0x123 + 3 * MiB + 100 + 4095) & ~4095ull },
	{ 40 * GiB, 4096 },
	{ 63 * GiB + 64 * KiB, 4096 },
	{ 63 * GiB + 64 * KiB + 8192, 4096 },
	{ 64 * GiB - 4096, 4096 },
};
#define N_RUNS (sizeof(expect_runs) / sizeof(expect_runs[0]))

static struct sim_mem *sparse_machine(void)
{
	struct sim_mem *m = sim_mem_create(64 * GiB, 0);
	uint8_t b = 0xAB, scratch[4096];

	ck_assert_ptr_nonnull(m);
	put_pat(m, 0, 16, 1);
	put_pat(m, A_PA, A_LEN, 2);
	ck_assert_int_eq(sim_mem_write(m, 40 * GiB + 5, &b, 1), 0);
	put_pat(m, 63 * GiB + 64 * KiB, 3 * 4096, 3);
	ck_assert_int_eq(sim_mem_fill(m, 63 * GiB + 68 * KiB, 0, 4096), 0);
	ck_assert_int_eq(sim_mem_read(m, 20 * GiB, scratch, sizeof(scratch)), 0);
	put_pat(m, 64 * GiB - 4096, 4096, 4);
	return m;
}

/* The file's headers, read back with libelf. */
static void check_layout(const char *f, const struct region *runs, size_t n,
			 size_t *phnum_out)
{
	int fd = open(f, O_RDONLY);
	Elf *e;
	GElf_Ehdr eh;
	GElf_Phdr ph;
	size_t phnum, i;
	struct stat st;
	uint64_t data = 0;

	elf_version(EV_CURRENT);
	ck_assert_int_ge(fd, 0);
	e = elf_begin(fd, ELF_C_READ, NULL);
	ck_assert_ptr_nonnull(gelf_getehdr(e, &eh));
	ck_assert_uint_eq(eh.e_ident[EI_CLASS], ELFCLASS64);
	ck_assert_uint_eq(eh.e_ident[EI_DATA], ELFDATA2MSB);
	ck_assert_uint_eq(eh.e_type, ET_CORE);
	ck_assert_uint_eq(eh.e_machine, EM_PPC64);
	ck_assert_int_eq(elf_getphdrnum(e, &phnum), 0);
	ck_assert_uint_eq(phnum, n + 1);
	ck_assert_ptr_nonnull(gelf_getphdr(e, 0, &ph));
	ck_assert_uint_eq(ph.p_type, PT_NOTE);
	for (i = 0; i < n && runs; i++) {
		ck_assert_ptr_nonnull(gelf_getphdr(e, (int)i + 1, &ph));
		ck_assert_uint_eq(ph.p_type, PT_LOAD);
		ck_assert_uint_eq(ph.p_paddr, runs[i].pa);
		ck_assert_uint_eq(ph.p_vaddr, runs[i].pa);
		ck_assert_uint_eq(ph.p_filesz, runs[i].len);
		ck_assert_uint_eq(ph.p_memsz, runs[i].len);
		data += runs[i].len;
	}
	elf_end(e);
	ck_assert_int_eq(fstat(fd, &st), 0);
	close(fd);
	/* "about the data": headers and notes add a few KiB only. */
	if (runs) {
		ck_assert_uint_ge((uint64_t)st.st_size, data);
		ck_assert_uint_le((uint64_t)st.st_size, data + 64 * KiB);
	}
	if (phnum_out)
		*phnum_out = phnum;
}

struct res_check {
	const struct region *runs;
	size_t n;
	uint64_t bad;		/* first resident byte outside every run */
};

static int inside_runs(void *arg, uint64_t pa, uint64_t len)
{
	struct res_check *c = arg;
	uint64_t p;
	size_t i;

	for (p = pa; p < pa + len; p += 4096) {
		for (i = 0; i < c->n; i++)
			if (p >= c->runs[i].pa && p - c->runs[i].pa < c->runs[i].len)
				break;
		if (i == c->n && c->bad == ~0ull)
			c->bad = p;
	}
	return 0;
}

CK_TEST("write", sparse_64g_round_trip)
{
	struct sim_mem *m = sparse_machine(), *m2;
	struct image_write_result w;
	struct image_load_result r;
	struct res_check rc = { expect_runs, N_RUNS, ~0ull };
	const char *f = tpath("ckpt.core");
	size_t i;

	ck_assert_msg(image_write_core(m, f, NULL, 0, NULL, &w, err,
				       sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(w.segments, N_RUNS);
	ck_assert_uint_eq(w.data_bytes, 4 * 4096 + 4096 +
			  ((0x123 + 3 * MiB + 100 + 4095) & ~4095ull));
	check_layout(f, expect_runs, N_RUNS, NULL);

	m2 = sim_mem_create(64 * GiB, 0);
	ck_assert_msg(image_load_file(m2, f, NULL, &r, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert(r.tcesim);
	ck_assert_uint_eq(r.segments, N_RUNS);
	ck_assert_uint_eq(r.notes, 1);
	/* Every byte of every run equal (written bytes and their zeros). */
	for (i = 0; i < N_RUNS; i++)
		ck_assert_int_eq(memcmp(sim_mem_host_ptr(m, expect_runs[i].pa),
					sim_mem_host_ptr(m2, expect_runs[i].pa),
					expect_runs[i].len), 0);
	ck_assert_uint_eq(sim_mem_host_ptr(m2, 40 * GiB + 5)[0], 0xAB);
	ck_assert_uint_eq(sim_mem_host_ptr(m2, A_PA + A_LEN - 1)[0],
			  pat(2, A_LEN - 1));
	/* Nothing else in the fresh RAM was touched: it is all zero. */
	ck_assert_int_eq(sim_mem_foreach_resident(m2, inside_runs, &rc), 0);
	ck_assert_msg(rc.bad == ~0ull, "RAM touched at %#llx",
		      (unsigned long long)rc.bad);
	sim_mem_destroy(m2);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("write", empty_ram_gives_notes_only)
{
	struct sim_mem *m = sim_mem_create(1 * GiB, 0), *m2;
	struct image_write_result w;
	struct image_load_result r;
	const char *f = tpath("empty.core");

	ck_assert_int_eq(image_write_core(m, f, NULL, 0, NULL, &w, err,
					  sizeof(err)), 0);
	ck_assert_uint_eq(w.segments, 0);
	check_layout(f, NULL, 0, NULL);
	m2 = sim_mem_create(1 * MiB, 0);
	ck_assert_int_eq(image_load_file(m2, f, NULL, &r, err, sizeof(err)), 0);
	ck_assert(r.tcesim);
	ck_assert_uint_eq(r.segments, 0);
	ck_assert_msg(strstr(r.remark, "no PT_LOAD segment"), "%s", r.remark);
	sim_mem_destroy(m2);
	sim_mem_destroy(m);
}
END_TEST

#define MANY 70000u

CK_TEST("write", more_than_65535_segments)
{
	struct sim_mem *m = sim_mem_create(16 * MiB, 0), *m2;
	struct image_write_opts o = { .granule = 64 };
	struct image_write_result w;
	struct image_load_result r;
	const char *f = tpath("many.core");
	GElf_Ehdr eh;
	GElf_Shdr sh0;
	size_t phnum;
	unsigned i;
	Elf *e;
	int fd;

	/* One byte in every other 64-byte granule: 70000 runs. */
	for (i = 0; i < MANY; i++)
		sim_mem_host_ptr(m, i * 128ull + (i % 64))[0] = pat(9, i);
	ck_assert_msg(image_write_core(m, f, NULL, 0, &o, &w, err,
				       sizeof(err)) == 0, "%s", err);
	ck_assert_uint_eq(w.segments, MANY);
	check_layout(f, NULL, MANY, &phnum);
	ck_assert_uint_eq(phnum, MANY + 1);
	fd = open(f, O_RDONLY);
	e = elf_begin(fd, ELF_C_READ, NULL);
	ck_assert_ptr_nonnull(gelf_getehdr(e, &eh));
	ck_assert_uint_eq(eh.e_phnum, PN_XNUM);
	ck_assert_ptr_nonnull(gelf_getshdr(elf_getscn(e, 0), &sh0));
	ck_assert_uint_eq(sh0.sh_info, MANY + 1);
	elf_end(e);
	close(fd);

	m2 = sim_mem_create(16 * MiB, 0);
	ck_assert_msg(image_load_file(m2, f, NULL, &r, err, sizeof(err)) == 0,
		      "%s", err);
	ck_assert_uint_eq(r.segments, MANY);
	ck_assert_int_eq(memcmp(sim_mem_host_ptr(m, 0), sim_mem_host_ptr(m2, 0),
				16 * MiB), 0);
	sim_mem_destroy(m2);
	sim_mem_destroy(m);
}
END_TEST

/* A device (or a pipe) cannot take a checkpoint: refused up front. A
 * real full disk is tested by sim_images_full_disk (a tiny tmpfs). */
CK_TEST("write", not_a_regular_file)
{
	struct sim_mem *m = sim_mem_create(64 * MiB, 0);

	put_pat(m, 0, 1 * MiB, 5);
	ck_assert_int_eq(image_write_core(m, "/dev/full", NULL, 0, NULL, NULL,
					  err, sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "/dev/full: not a regular file"), "%s", err);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("write", file_size_limit)
{
	struct sim_mem *m = sim_mem_create(64 * MiB, 0);
	const char *f = tpath("limited.core");
	struct rlimit old, lim;
	void (*was)(int);
	struct stat st;
	int rc;

	put_pat(m, 0, 8 * MiB, 6);
	ck_assert_int_eq(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 1 * MiB;
	was = signal(SIGXFSZ, SIG_IGN);
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &lim), 0);
	rc = image_write_core(m, f, NULL, 0, NULL, NULL, err, sizeof(err));
	ck_assert_int_eq(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, was);
	ck_assert_int_eq(rc, -EFBIG);
	ck_assert_msg(strstr(err, f), "%s", err);
	ck_assert_msg(strstr(err, "File too large"), "%s", err);
	ck_assert_msg(strstr(err, "removed"), "%s", err);
	ck_assert_int_eq(stat(f, &st), -1);
	sim_mem_destroy(m);
}
END_TEST

CK_TEST("write", bad_arguments)
{
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	struct image_write_opts o = { .granule = 100 };
	struct image_note reserved = NOTE("TCESIM", IMAGE_NT_ID, "x", 1);
	struct image_note noname = NOTE("", 5, "x", 1);
	struct image_note lowtype = NOTE("TCESIM", 1, "x", 1);
	struct image_note core = NOTE("CORE", NT_PRSTATUS, "x", 1);
	const char *f = tpath("bad.core");
	struct stat st;

	ck_assert_int_eq(image_write_core(m, f, NULL, 0, &o, NULL, err,
					  sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "granule 100"), "%s", err);
	ck_assert_int_eq(image_write_core(m, f, &reserved, 1, NULL, NULL, err,
					  sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "reserved"), "%s", err);
	ck_assert_int_eq(image_write_core(m, f, &noname, 1, NULL, NULL, err,
					  sizeof(err)), -EINVAL);
	ck_assert_int_eq(image_write_core(m, f, &lowtype, 1, NULL, NULL, err,
					  sizeof(err)), -EINVAL);
	ck_assert_msg(strstr(err, "note types are 0x54430000 to 0x5443ffff, not 0x1"),
		      "%s", err);
	/* other owners: any type */
	ck_assert_int_eq(image_write_core(m, f, &core, 1, NULL, NULL, err,
					  sizeof(err)), 0);
	ck_assert_int_eq(unlink(f), 0);
	ck_assert_int_eq(stat(f, &st), -1);
	f = tpath("no/such/dir.core");
	ck_assert_int_eq(image_write_core(m, f, NULL, 0, NULL, NULL, err,
					  sizeof(err)), -ENOENT);
	ck_assert_msg(strstr(err, f), "%s", err);
	sim_mem_destroy(m);
}
END_TEST

/* ---- notes ------------------------------------------------------------- */

struct got_notes {
	unsigned n;
	char name[8][16];
	uint32_t type[8];
	size_t size[8];
	uint8_t desc[8][128];
};

static int keep_note(void *arg, const struct image_note *n, char *e,
		     size_t el)
{
	struct got_notes *g = arg;

	ck_assert_uint_lt(g->n, 8);
	snprintf(g->name[g->n], sizeof(g->name[0]), "%s", n->name);
	g->type[g->n] = n->type;
	g->size[g->n] = n->size;
	memcpy(g->desc[g->n], n->desc, n->size < 128 ? n->size : 128);
	g->n++;
	return 0;
}

static int stop_at_second(void *arg, const struct image_note *n, char *e,
			  size_t el)
{
	return ++*(unsigned *)arg == 2 ? 7 : 0;
}

CK_TEST("notes", notes_round_trip)
{
	uint8_t payload[100];
	const uint8_t five[5] = { 1, 2, 3, 4, 5 };
	struct image_note notes[] = {
		NOTE("TCESIM", IMAGE_NT_BASE + 2, payload, sizeof(payload)),
		NOTE("TCESIM", IMAGE_NT_LAST, NULL, 0),
		NOTE("OTHER", 7, five, sizeof(five)),
	};
	struct sim_mem *m = sim_mem_create(1 * MiB, 0);
	const char *f = tpath("notes.core");
	struct got_notes g = { 0 };
	struct image *img;
	unsigned i, calls = 0;

	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 3 + 1);
	put_pat(m, 0x1000, 100, 1);
	ck_assert_int_eq(image_write_core(m, f, notes, 3, NULL, NULL, err,
					  sizeof(err)), 0);
	ck_assert_int_eq(image_open(f, &img, err, sizeof(err)), 0);
	ck_assert_int_eq(image_is_tcesim(img, err, sizeof(err)), 1);
	ck_assert_int_eq(image_foreach_note(img, keep_note, &g, err,
					    sizeof(err)), 0);
	ck_assert_uint_eq(g.n, 4);
	/* The ID note first: format 1 big-endian, then the producer. */
	ck_assert_str_eq(g.name[0], "TCESIM");
	ck_assert_uint_eq(g.type[0], IMAGE_NT_ID);
	ck_assert_uint_ge(g.size[0], IMAGE_ID_MIN_SIZE);
	ck_assert_mem_eq(g.desc[0], "\0\0\0\1\0\0\0\0tcesim ", 15);
	for (i = 0; i < 3; i++) {
		ck_assert_str_eq(g.name[i + 1], notes[i].name);
		ck_assert_uint_eq(g.type[i + 1], notes[i].type);
		ck_assert_uint_eq(g.size[i + 1], notes[i].size);
		if (notes[i].size)
			ck_assert_mem_eq(g.desc[i + 1], notes[i].desc,
					 notes[i].size);
	}
	/* A positive return stops the walk and is returned. */
	ck_assert_int_eq(image_foreach_note(img, stop_at_second, &calls, err,
					    sizeof(err)), 7);
	ck_assert_uint_eq(calls, 2);
	image_close(img);
	sim_mem_destroy(m);
}
END_TEST

/* ---- summary ----------------------------------------------------------- */

static unsigned count_lines(const char *text, const char *needle)
{
	unsigned n = 0;
	const char *p = text;

	while ((p = strstr(p, needle))) {
		n++;
		p += strlen(needle);
	}
	return n;
}

CK_TEST("print", print_lists_segments_and_notes)
{
	struct sim_mem *m = sparse_machine();
	struct image_note note = NOTE("TCESIM", IMAGE_NT_BASE + 3, "abc", 3);
	const char *f = tpath("print.core");
	struct image *img;
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);

	ck_assert_int_eq(image_write_core(m, f, &note, 1, NULL, NULL, err,
					  sizeof(err)), 0);
	ck_assert_int_eq(image_open(f, &img, err, sizeof(err)), 0);
	ck_assert_int_eq(image_print(img, out, err, sizeof(err)), 0);
	image_close(img);
	fclose(out);
	ck_assert_msg(strstr(text, "ELF64 big-endian, ET_CORE, e_machine 21 (EM_PPC64), 7 program headers"),
		      "%s", text);
	ck_assert_msg(strstr(text, "written by tcesim\n"), "%s", text);
	ck_assert_uint_eq(count_lines(text, " LOAD "), N_RUNS);
	ck_assert_uint_eq(count_lines(text, " NOTE "), 1);
	ck_assert_msg(strstr(text, "0xffffff000 "), "%s", text);
	ck_assert_msg(strstr(text, "TCESIM   type 0x54430001 "), "%s", text);
	ck_assert_msg(strstr(text, "id: format 1, producer \"tcesim "), "%s", text);
	ck_assert_msg(strstr(text, "TCESIM   type 0x54430003 size 3 "), "%s", text);
	free(text);
	sim_mem_destroy(m);
}
END_TEST

/* ---- RAM accessors ----------------------------------------------------- */

CK_TEST("ram", ram_zero_drops_whole_pages)
{
	struct sim_mem *m = sim_mem_create(4 * MiB, 0);
	uint64_t before, after, pa;
	const uint8_t *p = sim_mem_host_ptr(m, 0);

	put_pat(m, 0, 1 * MiB, 1);
	before = sim_mem_resident_bytes(m);
	ck_assert_int_eq(sim_mem_zero(m, 0x1800, 64 * KiB + 0x100), 0);
	after = sim_mem_resident_bytes(m);
	ck_assert_uint_le(after, before - 60 * KiB);
	for (pa = 0; pa < 1 * MiB; pa++) {
		bool z = pa >= 0x1800 && pa < 0x1800 + 64 * KiB + 0x100;

		if (z ? p[pa] != 0 : p[pa] != pat(1, pa))
			ck_abort_msg("pa %#llx", (unsigned long long)pa);
	}
	ck_assert_int_eq(sim_mem_zero(m, 4 * MiB - 8, 16), -EFAULT);
	ck_assert_uint_eq(p[4 * MiB - 8], 0);
	ck_assert_int_eq(sim_mem_zero(m, 0x10, 0x20), 0);	/* sub-page */
	ck_assert_uint_eq(p[0x10], 0);
	ck_assert_uint_eq(p[0x30], pat(1, 0x30));
	sim_mem_destroy(m);
}
END_TEST

struct runs_seen {
	unsigned n, stop_after;
	struct region r[8];
};

static int see_run(void *arg, uint64_t pa, uint64_t len)
{
	struct runs_seen *s = arg;

	if (s->n < 8)
		s->r[s->n] = (struct region){ pa, len };
	s->n++;
	return s->stop_after && s->n == s->stop_after ? 42 : 0;
}

CK_TEST("ram", ram_resident_runs)
{
	struct sim_mem *m = sim_mem_create(1 * GiB, 0);
	struct runs_seen s = { 0 };
	uint64_t psz = (uint64_t)sysconf(_SC_PAGESIZE);

	ck_assert_int_eq(sim_mem_foreach_resident(m, see_run, &s), 0);
	ck_assert_uint_eq(s.n, 0);
	put_pat(m, 5 * psz, 2 * psz, 1);
	put_pat(m, 512 * MiB + 3, 1, 2);
	put_pat(m, 1 * GiB - 1, 1, 3);
	ck_assert_int_eq(sim_mem_foreach_resident(m, see_run, &s), 0);
	ck_assert_uint_eq(s.n, 3);
	ck_assert_uint_eq(s.r[0].pa, 5 * psz);
	ck_assert_uint_eq(s.r[0].len, 2 * psz);
	ck_assert_uint_eq(s.r[1].pa, 512 * MiB);
	ck_assert_uint_eq(s.r[1].len, psz);
	ck_assert_uint_eq(s.r[2].pa, 1 * GiB - psz);
	ck_assert_uint_eq(s.r[2].len, psz);
	s = (struct runs_seen){ .stop_after = 2 };
	ck_assert_int_eq(sim_mem_foreach_resident(m, see_run, &s), 42);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_int_eq(sim_mem_prefault(m, 100 * MiB, 1 * MiB), 0);
	ck_assert_uint_eq(sim_mem_host_ptr(m, 100 * MiB + 7)[0], 0);
	ck_assert_int_eq(sim_mem_prefault(m, 1 * GiB - 4096, 8192), -EFAULT);
	sim_mem_destroy(m);
}
END_TEST

CK_CASE("write", 120, images_setup, images_teardown);
CK_CASE("notes", 0, images_setup, images_teardown);
CK_CASE("print", 0, images_setup, images_teardown);
CK_CASE("ram", 0, NULL, NULL);
CK_SUITE("sim_images_write");
