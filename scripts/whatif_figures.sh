#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# scripts/whatif_figures.sh TCESIM [OUTDIR [STUDY...]]: regenerate the
# figures of docs/whatif.md (the same commands the document shows) into
# OUTDIR (default docs/img); the CSV of each study goes to $WHATIF_CSV
# if set (else a temporary directory). STUDY: a b c d e f g (default:
# all).
# Needs gnuplot for the PNG/SVG (the .dat and .gp are written without).
set -eu
tcesim=${1:?usage: scripts/whatif_figures.sh TCESIM [OUTDIR [STUDY...]]}
out=${2:-docs/img}
[ $# -ge 2 ] && shift 2 || shift $#
studies=${*:-a b c d e f g}
csv=${WHATIF_CSV:-}
if [ -z "$csv" ]; then
	csv=$(mktemp -d)
	trap 'rm -rf "$csv"' EXIT
fi
mkdir -p "$csv"

run() {	# study, then the sweep arguments
	s=$1
	shift
	echo "== study ($s)" >&2
	"$tcesim" sweep "$@" --csv "$csv/$s.csv" --plot "$out" --quiet
}

for s in $studies; do
	case $s in
	a) run a --grid io_page=4K,64K,16M \
		--grid entries=16,32,64,128,256,512,1024 \
		--set workload=scatter --set region=64M --requests 100000 \
		--plot-prefix whatif-a- --plot-x entries --plot-logx \
		--plot-y hit_rate,gbytes_per_s \
		--plot-title "(a) scatter over 64 MiB" ;;
	b) run b --grid rate=100M,0 --grid cache_indirect=0,1 \
		--grid levels=1,2,3,4,5 --set workload=scatter \
		--set host_page=4K --set io_page=4K --set window=4G \
		--set region=64M --requests 50000 --plot-prefix whatif-b- \
		--plot-x levels --plot-y walk_p50_ns,gbytes_per_s \
		--plot-title "(b) 4K IO pages, 4G window, scatter over 64 MiB" ||
		[ $? -eq 1 ] ;;	# the 5-level points are error rows
	c) run c --grid workload=nic-strict,nic-pool --grid iommu=v1,v2 \
		--grid region=256M,1G,4G --requests 60000 \
		--plot-prefix whatif-c- --plot-x region \
		--plot-y map_cycles_per_page,unmap_cycles_per_page,locked_vm,gbytes_per_s \
		--plot-title "(c) guest-like NIC ring, v1 vs v2" ;;
	d) run d --grid entries=64,256,1024 --grid pes=1,2,4,8,16 \
		--set workload=scatter --set region=1M --requests 100000 \
		--plot-prefix whatif-d- --plot-x pes \
		--plot-y hit_rate,gbytes_per_s \
		--plot-title "(d) PEs sharing one PHB's TCE cache, 1 MiB each" ;;
	e) run e --grid lat_mem_read=75,150,300 \
		--grid max_outstanding_fetches=1,2,4,8,16,32,64 \
		--set workload=scatter --set region=64M --requests 50000 \
		--plot-prefix whatif-e- --plot-x max_outstanding_fetches \
		--plot-logx --plot-y gbytes_per_s,stall_cycles \
		--plot-title "(e) outstanding fetches, scatter over 64 MiB of 4K pages" ;;
	f) for dir in read write; do
		run f-$dir --grid tlp=64,256,512 --grid io_page=4K,64K,16M \
			--grid region=64K,128K,256K,512K,1M,2M,4M,8M,16M,32M,64M \
			--set workload=scatter --set dir=$dir --requests 100000 \
			--plot-prefix whatif-f-$dir- --plot-x region --plot-logx \
			--plot-y gbytes_per_s,timing_hit_rate \
			--plot-title "(f) IOMMU cliff, Gen3 x16, random ${dir}s"
	   done ;;
	g) run g --grid dir=read,write --grid tlp=64,128,256,512 \
		--grid region=64K,128K,256K,512K,1M,2M,4M,16M,64M \
		--set workload=scatter --set link.width=8 \
		--set link.read_tags=32 --requests 100000 \
		--plot-prefix whatif-g- --plot-x region --plot-logx \
		--plot-y gbytes_per_s \
		--plot-title "(g) Gen3 x8, 32 device read tags, 4K IO pages" ;;
	*) echo "unknown study '$s' (expected a b c d e f g)" >&2; exit 2 ;;
	esac
done
