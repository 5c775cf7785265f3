#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Checkpoints through the tcesim command (CTest):
#   sim_ckpt_cli.sh TCESIM CASE
# CASE:
#   verbs     `dump path=` and `load path=` resolve against the trace's
#             folder; the loaded machine answers as the dumped one did
#   errors    bad loads and dumps: exit 2, "T:LINE:COL: error: load: FILE:
#             <the problem>", nothing run after; a machine of another
#             configuration names the mismatch (phbs, ram, TCE cache
#             entries); a kernel=1 trace is refused at dump time (the
#             verb) or before the run (--dump-at); a bad or too large
#             --dump-at; --dump-at's FILE checked and created before the
#             run ('-', a directory, a missing folder), removed when the
#             run stops before the dump; --load '-'; addr= words outside
#             load
#   modes     a functional checkpoint into a timing machine and back: the
#             remark says what happened to the timing state
#   readelf   binutils' readelf -l -n accepts a real machine's dump (exit
#             0, nothing on stderr), its LOADs at physical addresses, one
#             TCESIM note per part
#   gdb       gdb -core lists the dump's segments (77 without gdb)
#   info      `tcesim elf info` decodes every part of a two-PHB timing dump
#   sweep     `tcesim sweep --trace T --load CKPT`: every point starts from
#             the checkpoint (same functional figures, latencies follow
#             the grid, a shard's row equals the full grid's), a point
#             whose geometry does not fit fails in its row; usage errors
set -u
tcesim=${1:?usage: sim_ckpt_cli.sh TCESIM CASE}
what=${2:?usage: sim_ckpt_cli.sh TCESIM CASE}
. "$(dirname "$0")/../../../tests/lib/scratch.sh"
d=$D
fail() { echo "sim_ckpt_cli $what: $*" >&2; exit 1; }

# A two-PHB firmware-level trace: windows, a table, DMAs, a kill.
mkdir -p "$d/a" "$d/b"
cat > "$d/a/make.trace" <<'EOF'
tcesim-trace 1
machine platform=phb3 phbs=2 ram=1G
model tce_cache_entries=16 tce_cache_ways=4
boot kernel=0
opal set_pe phb=1 pe=3 bdfn=0x0300 bcmp=7 dcmp=1 fcmp=1 action=map expect.opal=success
opal map_pe_dma_window phb=1 pe=3 window=6 levels=1 table=0x20000000 table_size=0x1000 page_size=4K expect.opal=success
pwrite pa=0x20000008 be64=0x30001003
dma dev=1:0x0300 addr=0x1010 len=4 dir=read expect.status=ok expect.pa=0x30001010
pwrite pa=0x20000008 be64=0x30005003
dump path=ck.core
EOF

# run LOG ARGS...: exit status into $rc, stdout+stderr into LOG
run() {
	log=$1
	shift
	"$tcesim" "$@" >"$log" 2>&1
	rc=$?
}

make_dump() {
	run "$d/make.out" replay "$d/a/make.trace" --check "$@"
	[ "$rc" = 0 ] || { cat "$d/make.out" >&2; fail "making the dump failed"; }
	[ -s "$d/a/ck.core" ] || fail "dump path= not relative to the trace"
}

case $what in
verbs)
	make_dump --mode timing
	# the stale TCE is still cached: the resumed machine hits it
	cat > "$d/a/use.trace" <<'EOF'
tcesim-trace 1
machine platform=phb3 phbs=2 ram=1G
model tce_cache_entries=16 tce_cache_ways=4
boot kernel=0
load path=ck.core
dma dev=1:0x0300 addr=0x1020 len=4 dir=read expect.status=ok expect.pa=0x30001020
reg_write phb=1 reg=TCE_KILL value=0x8000000000000000
dma dev=1:0x0300 addr=0x1020 len=4 dir=read expect.status=ok expect.pa=0x30005020
expect stat=phb3.1.tce_cache.hits value=1
EOF
	(cd "$d/b" && "$tcesim" replay ../a/use.trace --check --mode timing) \
		>"$d/out" 2>&1 || { cat "$d/out" >&2; fail "load path= relative"; }
	grep -q "restored ../a/ck.core: " "$d/out" || { cat "$d/out" >&2; fail "load result"; }
	;;
errors)
	make_dump
	expect_err() {	# WANT LOG: exit 2 and WANT in LOG
		[ "$rc" = 2 ] || { cat "$2" >&2; fail "exit $rc, expected 2 ($1)"; }
		grep -q -- "$1" "$2" || { cat "$2" >&2; fail "no '$1'"; }
	}
	printf 'tcesim-trace 1\nmachine platform=phb3 phbs=1 ram=1G\nboot kernel=0\nload path=ck.core\necho after\n' \
		> "$d/a/phbs.trace"
	run "$d/o1" replay "$d/a/phbs.trace"
	expect_err "phbs.trace:4:6: error: load: $d/a/ck.core: the checkpoint has 2 PHBs, this machine 1 (phbs)" "$d/o1"
	grep -q -- "-- after" "$d/o1" && fail "ran past a failed load"
	printf 'tcesim-trace 1\nmachine platform=phb3 phbs=2 ram=512M\nboot kernel=0\nload path=ck.core\n' \
		> "$d/a/ram.trace"
	run "$d/o2" replay "$d/a/ram.trace"
	expect_err "ram.trace:4:6: error: load: .*1024 MiB of RAM, this machine 512 MiB (ram)" "$d/o2"
	printf 'tcesim-trace 1\nmachine platform=phb3 phbs=2 ram=1G\nmodel tce_cache_entries=64 tce_cache_ways=4\nboot kernel=0\n' \
		> "$d/a/geo.trace"
	run "$d/o3" replay "$d/a/geo.trace" --load "$d/a/ck.core"
	expect_err "geo.trace:4:1: error: load: $d/a/ck.core: phb3.0: TCE cache: 16 entries in the checkpoint, 64 in this machine (tce_cache.entries)" "$d/o3"
	printf 'tcesim-trace 1\nmachine platform=phb3 phbs=2 ram=1G\nboot kernel=0\nload path=make.trace\n' \
		> "$d/a/notelf.trace"
	run "$d/o4" replay "$d/a/notelf.trace"
	expect_err "notelf.trace:4:6: error: load: $d/a/make.trace: not an ELF file" "$d/o4"
	printf 'tcesim-trace 1\nmachine platform=phb3 phbs=2 ram=1G\nboot kernel=0\nload path=nosuch.core\n' \
		> "$d/a/missing.trace"
	run "$d/o5" replay "$d/a/missing.trace"
	expect_err "missing.trace:4:6: error: load: $d/a/nosuch.core: No such file or directory" "$d/o5"
	printf 'tcesim-trace 1\nmachine platform=phb3\ngroup g dev=0:0x0100\nboot\ndump path=k.core\n' \
		> "$d/a/kernel.trace"
	run "$d/o6" replay "$d/a/kernel.trace"
	expect_err "kernel.trace:5:6: error: dump: $d/a/k.core: the kernel (driver stack) is booted: its state is not in a checkpoint, only machines booted with kernel=0 can be saved" "$d/o6"
	[ -e "$d/a/k.core" ] && fail "a refused dump left a file"
	run "$d/o7" replay "$d/a/kernel.trace" --load "$d/a/ck.core"
	expect_err "kernel.trace:4:1: error: load: .*can only be loaded into a machine booted with kernel=0" "$d/o7"
	run "$d/o8" replay "$d/a/make.trace" --dump-at 99 "$d/x.core"
	expect_err "make.trace: error: --dump-at 99: the trace has 9 operations" "$d/o8"
	run "$d/o9" replay "$d/a/make.trace" --dump-at 0 "$d/x.core"
	expect_err "N must be an operation number" "$d/o9"
	run "$d/o10" replay "$d/a/make.trace" --dump-at 1 "$d/x.core"
	expect_err "make.trace: error: --dump-at: no machine (dump after 'boot')" "$d/o10"
	printf 'tcesim-trace 1\nmachine platform=phb3\nboot kernel=0\ndma dev=0:0x100 addr=vaddr len=4\n' \
		> "$d/a/word.trace"
	run "$d/o11" replay "$d/a/word.trace"
	expect_err "word.trace:4:17: error: addr must be a number, not 'vaddr'" "$d/o11"
	# --dump-at's FILE is checked and created before the first operation:
	# nothing runs when it cannot be
	ran() { grep -q "boot kernel=0" "$1"; }
	run "$d/o12" replay "$d/a/make.trace" --dump-at end /nonexistent/dir/x.core
	expect_err "make.trace: error: --dump-at end /nonexistent/dir/x.core: cannot create: No such file or directory" "$d/o12"
	ran "$d/o12" && fail "ran with a --dump-at file that cannot be created"
	run "$d/o13" replay "$d/a/make.trace" --dump-at end "$d/a"
	expect_err "error: --dump-at end $d/a: not a regular file" "$d/o13"
	ran "$d/o13" && fail "ran with a directory as --dump-at file"
	run "$d/o14" replay "$d/a/make.trace" --dump-at end -
	expect_err "give a file, not '-'" "$d/o14"
	run "$d/o15" replay "$d/a/make.trace" --load -
	expect_err "give a file, not '-'" "$d/o15"
	run "$d/o16" replay "$d/a/kernel.trace" --dump-at end "$d/k2.core"
	expect_err "kernel.trace: error: --dump-at end $d/k2.core: the trace boots the kernel (its boot at line 4 has no kernel=0)" "$d/o16"
	ran "$d/o16" && fail "ran a kernel trace with --dump-at"
	[ -e "$d/k2.core" ] && fail "a refused --dump-at left a file"
	# a run that stops before the dump: a FILE it created is removed, a
	# FILE that was there is left as it was
	sed 's/expect.pa=0x30001010/expect.pa=0x30001014/' "$d/a/make.trace" > "$d/a/bad.trace"
	run "$d/o17" replay "$d/a/bad.trace" --check --dump-at end "$d/n.core"
	[ "$rc" = 1 ] || { cat "$d/o17" >&2; fail "bad.trace: exit $rc, expected 1"; }
	[ -e "$d/n.core" ] && fail "an unwritten --dump-at file was left behind"
	echo keep > "$d/old.core"
	run "$d/o18" replay "$d/a/bad.trace" --check --dump-at end "$d/old.core"
	[ "$rc" = 1 ] && [ "$(cat "$d/old.core")" = keep ] ||
		fail "an existing --dump-at file changed by a run that did not dump"
	;;
modes)
	make_dump
	printf 'tcesim-trace 1\nmachine platform=phb3 phbs=2 ram=1G\nmodel tce_cache_entries=16 tce_cache_ways=4\nboot kernel=0\ndma dev=1:0x0300 addr=0x1010 len=4 dir=read expect.status=ok expect.pa=0x30001010\nexpect stat=phb3.1.timing.hits value=1\n' \
		> "$d/a/t.trace"
	run "$d/o1" replay "$d/a/t.trace" --mode timing --load "$d/a/ck.core" --check
	[ "$rc" = 0 ] || { cat "$d/o1" >&2; fail "functional dump into timing"; }
	grep -q "a functional checkpoint: the timing cores start idle" "$d/o1" ||
		fail "no remark for a functional dump in timing mode"
	make_dump --mode timing
	run "$d/o2" replay "$d/a/t.trace" --load "$d/a/ck.core"
	grep -q "timing state is not used (functional mode)" "$d/o2" ||
		{ cat "$d/o2" >&2; fail "no remark for a timing dump in functional mode"; }
	;;
readelf)
	command -v readelf >/dev/null 2>&1 || { echo "readelf not installed: skipped"; exit 77; }
	make_dump --mode timing
	readelf -l -n -W "$d/a/ck.core" >"$d/out" 2>"$d/err" || fail "readelf exit $?"
	[ -s "$d/err" ] && { cat "$d/err" >&2; fail "readelf printed warnings"; }
	# RAM runs: firmware tables (low), the trace's TCE table page
	grep -Eq '^ *LOAD +0x[0-9a-f]+ 0x0000000020000000 0x0000000020000000 0x001000 0x001000 RWE' \
		"$d/out" || { cat "$d/out" >&2; fail "no LOAD of the TCE table page"; }
	# config, clock, stats order, memory, firmware, 2 PHB3, 2 timing, replay + ID
	[ "$(grep -c '^ *TCESIM ' "$d/out")" = 11 ] ||
		{ cat "$d/out" >&2; fail "expected 11 TCESIM notes"; }
	grep -q 'Unknown note type: (0x54430010)' "$d/out" || fail "PHB3 note"
	;;
gdb)
	command -v gdb >/dev/null 2>&1 || { echo "gdb not installed: skipped"; exit 77; }
	make_dump
	gdb -nx -batch -ex 'info files' -ex 'x/2xg 0x20000008' -core "$d/a/ck.core" \
		>"$d/out" 2>"$d/err" || fail "gdb exit status $?"
	grep -q '0x20000000 - 0x20001000 is load' "$d/out" || { cat "$d/out" >&2; fail "no TCE table load"; }
	grep -Eq '0x20000008:[[:space:]]+0x0000000030005003' "$d/out" ||
		{ cat "$d/out" >&2; fail "TCE not read (big-endian core)"; }
	;;
info)
	make_dump --mode timing
	run "$d/out" elf info "$d/a/ck.core"
	[ "$rc" = 0 ] || { cat "$d/out" >&2; fail "elf info exit $rc"; }
	for want in "ET_CORE, e_machine 21 (EM_PPC64)" "written by tcesim" \
		"config: phb3 machine, 2 PHB(s), 1024 MiB RAM, page shift 16, timing mode" \
		"tce_cache.entries=16 tce_cache.ways=4" "clock: cycle " \
		"statistics order: 1 per-PE timing counter sets" \
		"memory: 1024 MiB, " "firmware: 2 PHB(s); 1: PHB3 at 0x3fffe40100000, RTT 0x2040000; 0: PHB3" \
		"phb3.1: 256 PEs" "tsel 9: 512 entries (1 set)" \
		"TCE cache: 16 entries, 4 ways, LRU, 1 valid, 0 of 1 lookups hit" \
		"timing unit 1: clock " "replay: the trace replay's report counters"; do
		grep -qF -- "$want" "$d/out" || { cat "$d/out" >&2; fail "no '$want'"; }
	done
	run "$d/o2" elf info "$d/a/make.trace"
	[ "$rc" = 2 ] && grep -q "elf info: $d/a/make.trace: not an ELF file" "$d/o2" ||
		{ cat "$d/o2" >&2; fail "elf info of a text file"; }
	run "$d/o3" elf dump x
	[ "$rc" = 2 ] || fail "elf dump: exit $rc"
	;;
sweep)
	# a what-if sweep from one checkpoint: warm the caches with a prefix,
	# dump, then each point loads it and replays the rest
	make_dump
	printf 'tcesim-trace 1\nmachine platform=phb3 phbs=2 ram=1G\nmodel tce_cache_entries=16 tce_cache_ways=4\nboot kernel=0\ndma dev=1:0x0300 addr=0x1010 len=4 dir=read expect.status=ok expect.pa=0x30001010\npwrite pa=0x20000010 be64=0x30009003\ndma dev=1:0x0300 addr=0x2010 len=4 dir=read expect.status=ok expect.pa=0x30009010\n' \
		> "$d/a/rest.trace"
	run "$d/sw.csv" sweep --trace "$d/a/rest.trace" --load "$d/a/ck.core" \
		--grid lat_mem_read=50,600 --quiet
	[ "$rc" = 0 ] || { cat "$d/sw.csv" >&2; fail "sweep exit $rc"; }
	# point,lat_mem_read,status,requests,bytes,faults,packets,hit_rate,
	# timing_hit_rate,translations,fetches,walk_p50,...
	r0=$(grep '^0,50,ok,' "$d/sw.csv") || { cat "$d/sw.csv" >&2; fail "point 0"; }
	r1=$(grep '^1,600,ok,' "$d/sw.csv") || { cat "$d/sw.csv" >&2; fail "point 1"; }
	# the same state and trace: the same functional figures (2 DMAs, the
	# stale TCE hit, the new one missed), walks slower at 600 cycles
	[ "$(echo "$r0" | cut -d, -f4-8)" = "2,8,0,0,0.5" ] ||
		fail "point 0 figures: $r0"
	[ "$(echo "$r1" | cut -d, -f4-8)" = "2,8,0,0,0.5" ] ||
		fail "point 1 figures: $r1"
	w0=$(echo "$r0" | cut -d, -f12)
	w1=$(echo "$r1" | cut -d, -f12)
	[ "$w0" -ge 50 ] && [ "$w1" -ge 600 ] && [ "$w1" -gt "$w0" ] ||
		fail "walk p50 $w0 at 50 cycles, $w1 at 600"
	# the PCIe link's columns (timing mode, link on by default): the two
	# reads' completions crossed it; with link.enabled=0 the columns are 0
	hdr=$(head -1 "$d/sw.csv")
	col() { echo "$hdr" | tr ',' '\n' | grep -nx "$1" | cut -d: -f1; }
	[ "$(echo "$r0" | cut -d, -f"$(col link)")" = 1 ] ||
		fail "point 0: link column in $hdr / $r0"
	dt=$(echo "$r0" | cut -d, -f"$(col link_down_tlps_per_s)")
	awk -v v="$dt" 'BEGIN { exit !(v > 0) }' ||
		fail "point 0: no completion TLPs through the link ($dt)"
	run "$d/nl.csv" sweep --trace "$d/a/rest.trace" --load "$d/a/ck.core" \
		--grid lat_mem_read=50 --set link.enabled=0 --quiet
	n0=$(grep '^0,50,ok,' "$d/nl.csv") || { cat "$d/nl.csv" >&2; fail "no-link point"; }
	[ "$(echo "$n0" | cut -d, -f"$(col link)")" = 0 ] &&
	[ "$(echo "$n0" | cut -d, -f"$(col link_down_tlps_per_s)")" = 0 ] ||
		fail "link.enabled=0: link columns $n0"
	# a point alone (its shard) gives its row of the whole grid
	run "$d/sh.csv" sweep --trace "$d/a/rest.trace" --load "$d/a/ck.core" \
		--grid lat_mem_read=50,600 --shard 1/2 --quiet
	grep -qx -- "$r1" "$d/sh.csv" || { cat "$d/sh.csv" >&2; fail "shard row differs"; }
	# worker processes run trace points too: the same bytes for any
	# --jobs, the JSON included
	for j in 1 2 3; do
		"$tcesim" sweep --trace "$d/a/rest.trace" --load "$d/a/ck.core" \
			--grid lat_mem_read=50,150,600 --grid rtc_entries=64,32 \
			--jobs $j --quiet --csv "$d/j$j.csv" --json "$d/j$j.json" \
			2>"$d/j$j.err"
		rc=$?
		[ "$rc" = 1 ] || { cat "$d/j$j.err" >&2; fail "--jobs $j: exit $rc (3 points fail)"; }
		[ "$(grep -c ',ok,' "$d/j$j.csv")" = 3 ] || { cat "$d/j$j.csv" >&2; fail "--jobs $j: 3 ok rows"; }
	done
	cmp -s "$d/j1.csv" "$d/j2.csv" && cmp -s "$d/j1.csv" "$d/j3.csv" ||
		fail "trace sweep CSV differs between --jobs 1, 2, 3"
	cmp -s "$d/j1.json" "$d/j2.json" && cmp -s "$d/j1.json" "$d/j3.json" ||
		fail "trace sweep JSON differs between --jobs 1, 2, 3"
	# a point whose cache geometry does not fit the checkpoint: its row
	# says why, the sweep exits 1
	run "$d/geo.csv" sweep --trace "$d/a/rest.trace" --load "$d/a/ck.core" \
		--grid rtc_entries=64,32 --quiet
	[ "$rc" = 1 ] || { cat "$d/geo.csv" >&2; fail "geometry sweep exit $rc"; }
	grep -q '^1,32,error,.*RTT cache: 64 entries in the checkpoint, 32 in this machine (rtc_entries)' \
		"$d/geo.csv" || { cat "$d/geo.csv" >&2; fail "no geometry error row"; }
	grep -q '^0,64,ok,' "$d/geo.csv" || fail "the fitting point failed"
	run "$d/o1" sweep --load "$d/a/ck.core" --grid lat_mem_read=50
	[ "$rc" = 2 ] && grep -q -- "--load needs --trace" "$d/o1" ||
		{ cat "$d/o1" >&2; fail "--load without --trace"; }
	run "$d/o2" sweep --trace "$d/a/rest.trace" --grid io_page=4K,64K
	[ "$rc" = 2 ] && grep -q -- "--grid io_page: a workload key" "$d/o2" ||
		{ cat "$d/o2" >&2; fail "workload key with --trace"; }
	run "$d/o6" sweep --trace "$d/a/rest.trace" --set workload=scatter \
		--grid lat_mem_read=50
	[ "$rc" = 2 ] && grep -q -- "--set workload: a workload key" "$d/o6" ||
		{ cat "$d/o6" >&2; fail "--set workload key with --trace"; }
	run "$d/o7" sweep --trace "$d/a/rest.trace" --requests 10 --grid lat_mem_read=50
	[ "$rc" = 2 ] && grep -q -- "--requests: with --trace" "$d/o7" ||
		{ cat "$d/o7" >&2; fail "--requests with --trace"; }
	# input errors before any point runs (exit 2, no output file)
	run "$d/o3" sweep --trace "$d/a/rest.trace" --load "$d/a/nosuch.core" \
		--grid lat_mem_read=50 --csv "$d/o3.csv"
	[ "$rc" = 2 ] && grep -q -- "--load: $d/a/nosuch.core: " "$d/o3" &&
		[ ! -e "$d/o3.csv" ] || { cat "$d/o3" >&2; fail "missing --load file"; }
	run "$d/o4" sweep --trace "$d/a/nosuch.trace" --grid lat_mem_read=50 \
		--csv "$d/o4.csv"
	[ "$rc" = 2 ] && grep -q "nosuch.trace" "$d/o4" && [ ! -e "$d/o4.csv" ] ||
		{ cat "$d/o4" >&2; fail "missing --trace file"; }
	run "$d/o5" sweep merge "$d/sw.csv" --trace "$d/a/rest.trace"
	[ "$rc" = 2 ] && grep -q "not --trace or --load" "$d/o5" ||
		{ cat "$d/o5" >&2; fail "merge with --trace"; }
	;;
*)
	fail "unknown case"
	;;
esac
echo "sim_ckpt_cli $what: ok"
exit 0
