// SPDX-License-Identifier: GPL-2.0
/*
 * sim_config: the .ini parser. The shipped default file parses to the
 * defaults of the PHB3 and timing models; every kind of bad input (unknown
 * section or key, wrong type, out of range, huge numbers, truncated lines,
 * binary garbage, duplicates, bad geometry, bad --set) gives exactly the
 * expected "file:line: ..." message; random bytes never crash.
 */
#include "check_auto.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcesim/config.h"

static struct tcesim_config c;
static char err[512];

static int parse(const char *text)
{
	tcesim_config_default(&c);
	err[0] = 0;
	return tcesim_config_parse(&c, "t.ini", text, strlen(text), err,
				   sizeof(err));
}

static void bad(const char *text, const char *msg)
{
	ck_assert_int_eq(parse(text), -EINVAL);
	ck_assert_str_eq(err, msg);
}

CK_CASE("core", 0, NULL, NULL);

CK_TEST("core", config_default_file_matches_models)
{
	struct phb3_params pp, dp;
	struct timing_params tp, dt;
	struct pcie_link_params lp, dl;
	bool on = false;
	uint64_t v;

	tcesim_config_default(&c);
	ck_assert_msg(tcesim_config_load(&c, TCESIM_DEFAULT_INI, err,
					 sizeof(err)) == 0, "%s", err);
	tcesim_config_to_phb3(&c, &pp);
	phb3_params_default(&dp);
	ck_assert_int_eq(pp.oow_policy, dp.oow_policy);
	ck_assert_int_eq(pp.bypass_bounds_check, dp.bypass_bounds_check);
	ck_assert_uint_eq(pp.rtc_entries, dp.rtc_entries);
	ck_assert_uint_eq(pp.num_pes, dp.num_pes);
	ck_assert_uint_eq(pp.tce_cache.entries, dp.tce_cache.entries);
	ck_assert_uint_eq(pp.tce_cache.ways, dp.tce_cache.ways);
	ck_assert_int_eq(pp.tce_cache.policy, dp.tce_cache.policy);
	ck_assert_uint_eq(pp.tce_cache.seed, dp.tce_cache.seed);
	tcesim_config_to_timing(&c, &tp);
	timing_params_default(&dt);
	ck_assert_mem_eq(&tp, &dt, sizeof(tp));
	tcesim_config_to_link(&c, &lp, &on);
	pcie_link_params_default(&dl);
	ck_assert_mem_eq(&lp, &dl, sizeof(lp));
	ck_assert(on);		/* the link is on by default */
	/* values from hardware reference §3 */
	ck_assert_int_eq(tcesim_config_get(&c, "max_outstanding_fetches", &v), 0);
	ck_assert_uint_eq(v, 32);
	ck_assert_int_eq(tcesim_config_get(&c, "tce_cache.entries", &v), 0);
	ck_assert_uint_eq(v, 64);
	ck_assert_int_eq(tcesim_config_get(&c, "nope", &v), -ENOENT);
}
END_TEST

CK_TEST("core", config_parse_values)
{
	struct timing_params tp;
	struct phb3_params pp;

	ck_assert_int_eq(parse("; comment\n# another\n\n[tce_cache] ; c\n"
			       "  line_bytes = 64 ; bytes\n"
			       "prefetch_next=yes\r\n"
			       "entries = 0x80\nways = 4\npolicy = fifo\n"
			       "[phb]\noow_policy = alias\nclock_mhz = 1000"), 0);
	tcesim_config_to_timing(&c, &tp);
	tcesim_config_to_phb3(&c, &pp);
	ck_assert_uint_eq(timing_line_bytes(&tp), 64);
	ck_assert_uint_eq(tp.prefetch_next, 1);
	ck_assert_uint_eq(tp.clock_mhz, 1000);
	ck_assert_uint_eq(pp.tce_cache.entries, 128);
	ck_assert_uint_eq(pp.tce_cache.ways, 4);
	ck_assert_int_eq(pp.tce_cache.policy, TCE_CACHE_FIFO);
	ck_assert_int_eq(pp.oow_policy, PHB3_OOW_ALIAS);
}
END_TEST

CK_TEST("core", config_parse_errors_have_file_line)
{
	bad("[phb]\nfoo = 1\n", "t.ini:2: unknown key 'foo' in [phb]");
	bad("[phb]\n\n[bogus]\n",
	    "t.ini:3: unknown section [bogus] (expected phb, tce_cache, walker, memory, kill, stats, link or driver)");
	bad("[tce_cache]\nentries = abc\n",
	    "t.ini:2: tce_cache.entries: expected an unsigned integer (entries), got 'abc'");
	bad("[tce_cache]\nentries = 12x\n",
	    "t.ini:2: tce_cache.entries: expected an unsigned integer (entries), got '12x'");
	bad("[tce_cache]\nentries = -1\n",
	    "t.ini:2: tce_cache.entries: expected an unsigned integer (entries), got '-1'");
	bad("[walker]\nmax_outstanding_fetches = 65\n",
	    "t.ini:2: walker.max_outstanding_fetches: 65 is out of range [1, 64] tags");
	bad("[memory]\nlat_mem_read = 99999999999999999999999999\n",
	    "t.ini:2: memory.lat_mem_read: 99999999999999999999999999 is out of range [1, 100000000] cycles");
	bad("[tce_cache]\nline_bytes = 32\n",
	    "t.ini:2: tce_cache.line_bytes: expected one of 8|64, got '32'");
	bad("[tce_cache]\nprefetch_next = maybe\n",
	    "t.ini:2: tce_cache.prefetch_next: expected a boolean (true/false, yes/no, on/off, 1/0), got 'maybe'");
	bad("[kill]\nlat_kill_one =\n", "t.ini:2: missing value for kill.lat_kill_one");
	bad("[kill]\nlat_kill_one\n",
	    "t.ini:2: expected 'key = value' or '[section]', got 'lat_kill_one'");
	bad("[kill\n", "t.ini:1: unterminated section header '[kill' (expected '[name]')");
	bad("[kill] x\n",
	    "t.ini:1: text after section header (expected a comment or end of line)");
	bad("lat_hit = 2\n",
	    "t.ini:1: key 'lat_hit' outside any section (expected a [section] first)");
	bad("[phb]\n = 3\n", "t.ini:2: missing key before '='");
	bad("[phb]\nclock_mhz = 5\nclock_mhz = 6\n",
	    "t.ini:3: duplicate key phb.clock_mhz (first set at line 2)");
	bad("[tce_cache]\nentries = 64\nways = 3\n",
	    "t.ini:3: tce_cache.ways (3) must be 0 or divide tce_cache.entries (64)");
	bad("[phb]\nclock_mhz = 5\x01\n",
	    "t.ini:2: binary data (byte 0x01 at column 14): expected text");
}
END_TEST

/* The link's rows: its section, the [phb] rows it adds, the switch, and
   the cross-checks of pcie_link_params_problem() at the line that set the
   offending key. */
CK_TEST("core", config_link_section)
{
	struct pcie_link_params lp;
	bool on = true;

	ck_assert_int_eq(parse("[link]\nenabled = off\ngen = 2\nwidth = 8\n"
			       "mps = 512\nmrrs = 1024\nrcb = 64\n"
			       "cpl_split = rcb\naddr64 = false\necrc = on\n"
			       "ph_credits = 0\nread_tags = 32\nlat_flight = 7\n"
			       "[phb]\nlat_dma_read = 99\n"
			       "dma_bytes_per_cycle = 16\n"), 0);
	tcesim_config_to_link(&c, &lp, &on);
	ck_assert(!on);
	ck_assert_uint_eq(lp.gen, 2);
	ck_assert_uint_eq(lp.width, 8);
	ck_assert_uint_eq(lp.mps, 512);
	ck_assert_uint_eq(lp.mrrs, 1024);
	ck_assert_uint_eq(lp.rcb, 64);
	ck_assert_uint_eq(lp.cpl_split, PCIE_LINK_CPL_RCB);
	ck_assert_uint_eq(lp.addr64, 0);
	ck_assert_uint_eq(lp.ecrc, 1);
	ck_assert_uint_eq(lp.ph_credits, 0);
	ck_assert_uint_eq(lp.pd_credits, 512);	/* untouched: default */
	ck_assert_uint_eq(lp.read_tags, 32);
	ck_assert_uint_eq(lp.lat_flight, 7);
	ck_assert_uint_eq(lp.lat_dma_read, 99);
	ck_assert_uint_eq(lp.dma_bytes_per_cycle, 16);
	bad("[link]\ngen = 3\nwidth = 12\n",
	    "t.ini:3: link.width must be 1, 2, 4, 8, 16 or 32");
	bad("[link]\nmps = 300\n",
	    "t.ini:2: link.mps must be 128, 256, 512, 1024, 2048 or 4096");
	bad("[link]\nrcb = 100\n", "t.ini:2: link.rcb must be 64 or 128");
	bad("[link]\ngen = 6\n",
	    "t.ini:2: link.gen: 6 is out of range [1, 5] generation");
	bad("[link]\nmps = 4096\npd_credits = 100\n",
	    "t.ini:3: link.pd_credits must be 0 (infinite) or hold one MPS-sized write (mps / 16)");
	tcesim_config_default(&c);
	ck_assert_int_eq(tcesim_config_set(&c, "link.width=3", err,
					   sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "--set: link.width must be 1, 2, 4, 8, 16 or 32");
	ck_assert_int_eq(tcesim_config_set(&c, "enabled=0", err,
					   sizeof(err)), 0);
	tcesim_config_to_link(&c, &lp, &on);
	ck_assert(!on);
	ck_assert_uint_eq(lp.width, 16);	/* the refused --set left it */
}
END_TEST

CK_TEST("core", config_binary_and_long_lines)
{
	static const char nul[] = "[phb]\nclock\0_mhz = 5\n";
	char *big = malloc(3000);

	tcesim_config_default(&c);
	ck_assert_int_eq(tcesim_config_parse(&c, "n.ini", nul, sizeof(nul) - 1,
					     err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "n.ini:2: binary data (byte 0x00 at column 6): expected text");
	memset(big, 'a', 2999);
	big[2999] = 0;
	bad(big, "t.ini:1: line longer than 1024 bytes");
	free(big);
}
END_TEST

CK_TEST("core", config_set_overrides)
{
	uint64_t v;

	tcesim_config_default(&c);
	ck_assert_int_eq(tcesim_config_set(&c, "lat_hit=7", err, sizeof(err)), 0);
	ck_assert_int_eq(tcesim_config_set(&c, "tce_cache.line_bytes = 64", err,
					   sizeof(err)), 0);
	ck_assert_int_eq(tcesim_config_get(&c, "lat_hit", &v), 0);
	ck_assert_uint_eq(v, 7);
	ck_assert_int_eq(tcesim_config_get(&c, "line_bytes", &v), 0);
	ck_assert_uint_eq(v, 1);
	ck_assert_int_eq(tcesim_config_set(&c, "nokey=1", err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "--set: unknown key 'nokey'");
	ck_assert_int_eq(tcesim_config_set(&c, "phb.lat_hit=1", err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "--set: unknown key 'phb.lat_hit'");
	ck_assert_int_eq(tcesim_config_set(&c, "lat_hit", err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "--set: expected key=value, got 'lat_hit'");
	ck_assert_int_eq(tcesim_config_set(&c, "lat_hit=0", err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "--set: tce_cache.lat_hit: 0 is out of range [1, 1000000] cycles");
	ck_assert_int_eq(tcesim_config_set(&c, "ways=5", err, sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "--set: tce_cache.ways (5) must be 0 or divide tce_cache.entries (64)");
}
END_TEST

CK_TEST("core", config_load_missing_file)
{
	tcesim_config_default(&c);
	ck_assert_int_eq(tcesim_config_load(&c, "/nonexistent/x.ini", err,
					    sizeof(err)), -EINVAL);
	ck_assert_str_eq(err, "/nonexistent/x.ini: cannot open: No such file or directory");
}
END_TEST

CK_TEST("core", config_random_bytes_never_crash)
{
	static const char alphabet[] = "[]=;#\n \tabcdefghijklmnopqrstuvwxyz_.0123456789x\x01\xff";
	char buf[256];
	uint64_t r = 12345;
	unsigned n, i, len;

	for (n = 0; n < 20000; n++) {
		len = (unsigned)(r % sizeof(buf));
		for (i = 0; i < len; i++) {
			r = r * 6364136223846793005ull + 1442695040888963407ull;
			buf[i] = alphabet[(r >> 33) % (sizeof(alphabet) - 1)];
		}
		tcesim_config_default(&c);
		err[0] = 0;
		if (tcesim_config_parse(&c, "r.ini", buf, len, err, sizeof(err)))
			ck_assert_msg(!strncmp(err, "r.ini", 5), "%s", err);
	}
}
END_TEST

CK_TEST("core", config_help_lists_every_key)
{
	const struct tcesim_config_param *t;
	char *text = NULL;
	size_t len = 0;
	unsigned n, i;
	FILE *f = open_memstream(&text, &len);

	tcesim_config_print_help(f);
	fclose(f);
	t = tcesim_config_params(&n);
	ck_assert_uint_ge(n, 20);
	for (i = 0; i < n; i++) {
		ck_assert_msg(strstr(text, t[i].name), "%s", t[i].name);
		ck_assert(t[i].unit && *t[i].unit && t[i].meaning &&
			  *t[i].meaning && t[i].provenance);
	}
	free(text);
}
END_TEST

CK_SUITE("sim_config");
