#!/bin/sh
# sim_ckpt_link: a checkpoint of a PHB3 with its PCIe link loaded into a
# machine whose link differs. Same parameters: covered byte for byte by
# sim_ckpt_roundtrip. Other link parameters: the load succeeds, the link
# starts idle and its counters continue from the checkpoint's (the
# resumed run counts every TLP of the uncut run). link.enabled=0 on
# either side: the load succeeds; a link that was off counts from the
# load on.
# usage: sim_ckpt_link.sh TCESIM SCENARIO
set -u
tcesim=${1:?usage: sim_ckpt_link.sh TCESIM SCENARIO}
src=${2:?usage: sim_ckpt_link.sh TCESIM SCENARIO}
. "$(dirname "$0")/../../../tests/lib/scratch.sh"
d=$D
fail() { echo "sim_ckpt_link: $*" >&2; exit 1; }

"$tcesim" replay "$src" --quiet --record "$d/full.rec" >/dev/null ||
	fail "first replay failed"
n=$(($(wc -l < "$d/full.rec") - 1))
b=$(($(grep -n '^boot ' "$d/full.rec" | head -1 | cut -d: -f1) - 1))
c=$(((b + n) / 2))
head -n $((c + 1)) "$d/full.rec" > "$d/p.trace"
{ head -n $((b + 1)) "$d/full.rec"; tail -n +$((c + 2)) "$d/full.rec"; } \
	> "$d/s.trace"

stat() { sed -n "s/^ *\"$2\": \([0-9.e+-]*\),\{0,1\}\$/\1/p" "$1"; }
rp() { "$tcesim" replay "$@" --mode timing --check --quiet >/dev/null 2>"$d/err" ||
	{ cat "$d/err" >&2; return 1; }; }

rp "$d/full.rec" --json "$d/u.json" || fail "uncut run failed"
up=$(stat "$d/u.json" phb3.0.link.up.tlps)
down=$(stat "$d/u.json" phb3.0.link.down.tlps)
[ -n "$up" ] && [ "$up" -gt 0 ] || fail "the scenario sends no TLP"

# a checkpoint with the link on
rp "$d/p.trace" --dump-at end "$d/on.core" || fail "prefix run failed"
for set in link.width=8 link.mps=128 link.gen=2 phb.dma_bytes_per_cycle=8; do
	rp "$d/s.trace" --load "$d/on.core" --set "$set" --json "$d/r.json" ||
		fail "load with --set $set failed"
	[ "$(stat "$d/r.json" phb3.0.link.up.tlps)" = "$up" ] &&
	[ "$(stat "$d/r.json" phb3.0.link.down.tlps)" = "$down" ] ||
		fail "--set $set: the link counters did not continue from the checkpoint"
done
rp "$d/s.trace" --load "$d/on.core" --set link.enabled=0 --json "$d/r.json" ||
	fail "load into a machine without link failed"
grep -q '"phb3.0.link' "$d/r.json" && fail "link figures without a link"

# a checkpoint with the link off, loaded with it on: counts from the load
rp "$d/p.trace" --set link.enabled=0 --dump-at end "$d/off.core" ||
	fail "prefix run without link failed"
rp "$d/p.trace" --json "$d/p.json" || fail "prefix run failed"
rp "$d/s.trace" --load "$d/off.core" --json "$d/r.json" ||
	fail "load of a link-less checkpoint failed"
pre=$(stat "$d/p.json" phb3.0.link.up.tlps)
[ "$(stat "$d/r.json" phb3.0.link.up.tlps)" = $((up - pre)) ] ||
	fail "a link-less checkpoint: the link should count from the load on ($up - $pre)"
[ "$pre" -gt 0 ] && [ "$pre" -lt "$up" ] || fail "cut $c is not between TLPs"
echo "sim_ckpt_link: $src: cut $c of $n, link counters continue, link on/off both ways"
