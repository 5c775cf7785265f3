#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# capture-qemu-logs.sh: boot real Linux guests under qemu-system-ppc64 (TCG)
# and capture QEMU trace logs of their DMA translation traffic, as
# regression data for `tcesim import qemu` (scenarios/qemu/captured/).
#
# Usage: scripts/capture-qemu-logs.sh [-o OUTDIR] [-t SECONDS] [CAPTURE ...]
#   CAPTURE is one or more of (default: all four, one after the other):
#     pseries-noddw  pseries guest, NVMe + e1000 doing DMA, default 1 GiB
#                    4 KiB window only (-global spapr-pci-host-bridge.ddw=off)
#     pseries-ddw    the same with DDW enabled (QEMU's default): Linux asks
#                    for a 64-bit window of 16 MiB pages mapping all RAM
#                    (2 GiB: 128 TCEs, a 1 KiB table)
#     pseries-ddw-8g pseries-ddw with 8 GiB of guest RAM: 512 TCEs of
#                    16 MiB, a 4 KiB table, one full H_PUT_TCE_INDIRECT
#     powernv8       skiboot + Linux on -M powernv8, an e1000 (82540EM:
#                    Linux gives it a 32-bit DMA mask, so its DMA goes
#                    through the 32-bit TCE window and every unmap writes
#                    TCE_KILL) behind the root port of PHB 0 and an NVMe
#                    (64-bit mask: Linux bypasses the TCEs) behind PHB 1;
#                    -trace memory_region_ops_read/_write (every MMIO and
#                    XSCOM access of the machine, unfiltered in NAME.log);
#                    NAME.phb3.log keeps only the PHB3 register regions
#                    ('phb3-regs' MMIO and 'xscom-pbcq-*')
#   -o OUTDIR   where logs go (default: $CACHE/out); per capture it writes
#               NAME.log (the trace, as QEMU wrote it), NAME.console
#               (guest console), NAME.cmdline (the exact QEMU command
#               line, without -D) and NAME.meta (versions, time, counts).
#   -t SECONDS  timeout of one QEMU run (default 1500); QEMU is killed then.
#
# Environment:
#   TCESIM_CAPTURE_CACHE  download/unpack cache, outside the project
#                         (default ~/.cache/tcesim-capture); nothing
#                         downloaded ever goes into the source tree.
#   TCESIM_KERNEL_PKG     Debian kernel package (default: what the
#                         linux-image-powerpc64le:ppc64el metapackage
#                         depends on, e.g. linux-image-6.1.0-57-powerpc64le)
#   QEMU                  the emulator (default qemu-system-ppc64)
#
# What it needs: Debian 12 with qemu-system-ppc and qemu-system-data
# (skiboot.lid, slof.bin), cpio, gzip, dpkg-deb, apt-get. It fetches a
# ppc64el kernel and busybox-static with `apt-get download` (adding the
# ppc64el architecture to dpkg first: that needs root; without root it
# prints the commands to run). Packages are unpacked with dpkg-deb -x,
# never installed.
#
# The guest: an initramfs with busybox and the modules the Debian kernel
# builds as modules (e1000, e1000e, nvme and their dependencies, found from
# each module's depends= field and loaded with insmod). Its /init mounts
# /proc, /sys, /dev, loads the modules, writes a random 1 MiB pattern to the
# NVMe disk with O_DIRECT, reads it back and compares, brings up the NIC
# on QEMU's user-mode network (restrict=on: nothing leaves QEMU) and pings
# the virtual gateway 10.0.2.2 (answered inside QEMU), then powers off.
#
# QEMU runs one at a time with a timeout; the script kills its own QEMU on
# exit or interrupt. Under TCG on a 2-core machine a capture takes minutes.
set -eu

CACHE=${TCESIM_CAPTURE_CACHE:-$HOME/.cache/tcesim-capture}
QEMU=${QEMU:-qemu-system-ppc64}
OUT=""
TMO=1500

die() { echo "capture-qemu-logs: $*" >&2; exit 1; }
log() { echo "capture-qemu-logs: $*" >&2; }

while getopts "o:t:h" opt; do
	case $opt in
	o) OUT=$OPTARG ;;
	t) TMO=$OPTARG ;;
	h) sed -n '3,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) die "usage: $0 [-o OUTDIR] [-t SECONDS] [pseries-noddw|pseries-ddw|pseries-ddw-8g|powernv8 ...]" ;;
	esac
done
shift $((OPTIND - 1))
[ -n "$OUT" ] || OUT=$CACHE/out
CAPTURES=${*:-pseries-noddw pseries-ddw pseries-ddw-8g powernv8}
for c in $CAPTURES; do
	case $c in pseries-noddw|pseries-ddw|pseries-ddw-8g|powernv8) ;;
	*) die "unknown capture '$c' (pseries-noddw, pseries-ddw, pseries-ddw-8g, powernv8)" ;;
	esac
done

for t in "$QEMU" dpkg-deb apt-get cpio gzip timeout strings awk; do
	command -v "$t" >/dev/null 2>&1 || die "'$t' not found (Debian: qemu-system-ppc qemu-system-data cpio binutils)"
done
FWDIR=/usr/share/qemu
[ -f $FWDIR/skiboot.lid ] || die "$FWDIR/skiboot.lid missing (apt-get install qemu-system-data)"
[ -f $FWDIR/slof.bin ] || die "$FWDIR/slof.bin missing (apt-get install qemu-system-data)"

mkdir -p "$CACHE/deb" "$OUT" || die "cannot create $CACHE or $OUT"

# ---- fetch --------------------------------------------------------------
if ! dpkg --print-foreign-architectures | grep -qx ppc64el; then
	if [ "$(id -u)" = 0 ]; then
		log "adding dpkg architecture ppc64el"
		dpkg --add-architecture ppc64el
		apt-get update -qq || die "apt-get update failed"
	else
		die "run as root first: dpkg --add-architecture ppc64el && apt-get update"
	fi
fi

if [ -z "${TCESIM_KERNEL_PKG:-}" ]; then
	TCESIM_KERNEL_PKG=$(apt-cache depends linux-image-powerpc64le:ppc64el 2>/dev/null |
		awk '/Depends: linux-image-[0-9]/ { sub(":ppc64el", "", $2); print $2; exit }')
	[ -n "$TCESIM_KERNEL_PKG" ] || die "cannot resolve linux-image-powerpc64le:ppc64el (apt-get update?)"
fi
KPKG=$TCESIM_KERNEL_PKG

first() { [ -e "$1" ] && echo "$1"; } # first match of a glob, or nothing
fetch() { # package -> prints the .deb path
	local f
	f=$(first "$CACHE/deb/${1}_"*_ppc64el.deb || true)
	if [ -z "$f" ]; then
		log "downloading $1:ppc64el"
		(cd "$CACHE/deb" && apt-get download -q "$1:ppc64el" >&2) || die "apt-get download $1:ppc64el failed"
		f=$(first "$CACHE/deb/${1}_"*_ppc64el.deb) || die "no .deb for $1 after download"
	fi
	echo "$f"
}
KDEB=$(fetch "$KPKG")
BDEB=$(fetch busybox-static)
KVER_PKG=$(dpkg-deb -f "$KDEB" Version)
BB_VER=$(dpkg-deb -f "$BDEB" Version)

KROOT=$CACHE/unpacked/$KPKG
if [ ! -d "$KROOT/boot" ]; then
	mkdir -p "$KROOT"
	dpkg-deb -x "$KDEB" "$KROOT" || die "cannot unpack $KDEB"
fi
BBROOT=$CACHE/unpacked/busybox-static
if [ ! -x "$BBROOT/bin/busybox" ]; then
	mkdir -p "$BBROOT"
	dpkg-deb -x "$BDEB" "$BBROOT" || die "cannot unpack $BDEB"
fi
VMLINUX=$(first "$KROOT"/boot/vmlinux-*) || die "no vmlinux in $KDEB"
KREL=${VMLINUX##*/vmlinux-}
MODDIR=$KROOT/lib/modules/$KREL

# ---- initramfs ----------------------------------------------------------
# Modules in load order: each module after its dependencies.
modpath() { # module name (- or _) -> path relative to MODDIR
	local n=$1 alt
	alt=$(echo "$n" | tr '_-' '-_')
	(cd "$MODDIR" && find kernel \( -name "$n.ko" -o -name "$alt.ko" \) | head -n1)
}
ORDER=""
add_mod() {
	local p d
	p=$(modpath "$1")
	[ -n "$p" ] || die "module $1 not in $KPKG"
	case " $ORDER " in *" $p "*) return 0 ;; esac
	for d in $(strings "$MODDIR/$p" | sed -n 's/^depends=//p' | tr ',' ' '); do
		add_mod "$d"
	done
	case " $ORDER " in *" $p "*) return 0 ;; esac
	ORDER="$ORDER $p"
}
for m in e1000 e1000e nvme; do add_mod $m; done

INITRD=$CACHE/initramfs-$KREL.cpio.gz
IRD=$CACHE/initramfs-root
rm -rf "$IRD"
mkdir -p "$IRD"/bin "$IRD"/proc "$IRD"/sys "$IRD"/dev "$IRD"/tmp "$IRD"/modules
cp "$BBROOT/bin/busybox" "$IRD/bin/busybox"
for p in $ORDER; do cp "$MODDIR/$p" "$IRD/modules/"; done
: > "$IRD/modules/order"
for p in $ORDER; do echo "${p##*/}" >> "$IRD/modules/order"; done
cat > "$IRD/init" <<'EOF'
#!/bin/busybox sh
# tcesim capture guest: make the PCI devices do DMA, then power off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
echo "tcesim-capture: init start"
for m in $(cat /modules/order); do
	insmod /modules/$m && echo "tcesim-capture: insmod $m ok" || echo "tcesim-capture: insmod $m FAILED"
done
sleep 3
ls /sys/bus/pci/devices
# NVMe: write 1 MiB with O_DIRECT, read it back, compare.
if [ -b /dev/nvme0n1 ]; then
	dd if=/dev/urandom of=/tmp/pat bs=65536 count=16 2>/dev/null
	dd if=/tmp/pat of=/dev/nvme0n1 bs=65536 count=16 oflag=direct 2>&1 | tail -n1
	dd if=/dev/nvme0n1 of=/tmp/back bs=65536 count=16 iflag=direct 2>&1 | tail -n1
	if cmp /tmp/pat /tmp/back; then echo "tcesim-capture: nvme readback OK"; else echo "tcesim-capture: nvme readback MISMATCH"; fi
else
	echo "tcesim-capture: no /dev/nvme0n1"
fi
# NIC: QEMU user-mode network, gateway 10.0.2.2 answered inside QEMU.
if [ -d /sys/class/net/eth0 ]; then
	ip link set lo up
	ip link set eth0 up
	ip addr add 10.0.2.15/24 dev eth0
	sleep 3
	ping -c 5 -W 2 10.0.2.2 && echo "tcesim-capture: ping OK" || echo "tcesim-capture: ping FAILED"
else
	echo "tcesim-capture: no eth0"
fi
dmesg | grep -i -E 'iommu|dma|tce|ddw|bypass' | sed 's/^/tcesim-capture: dmesg: /'
echo "tcesim-capture: done, powering off"
sync
poweroff -f
EOF
chmod +x "$IRD/init"
(cd "$IRD" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -9 > "$INITRD") ||
	die "cannot build $INITRD"

DISK=$CACHE/nvme-disk.img
# A fresh zeroed 16 MiB disk for every run (the guest writes random data).
new_disk() { dd if=/dev/zero of="$DISK" bs=1M count=16 2>/dev/null || die "cannot create $DISK"; }

# ---- run ----------------------------------------------------------------
QPID=""
cleanup() {
	if [ -n "$QPID" ] && kill -0 "$QPID" 2>/dev/null; then
		log "stopping QEMU (pid $QPID)"
		kill "$QPID" 2>/dev/null || true
		sleep 2
		kill -9 "$QPID" 2>/dev/null || true
	fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

run_qemu() { # name kind(pseries|powernv) args...
	local name=$1 kind=$2 t0 t1 rc fw
	shift 2
	local lg=$OUT/$name.log
	rm -f "$lg" "$OUT/$name.console"
	{
		printf '%s' "$QEMU"
		for a in "$@"; do printf ' %q' "$a"; done
		echo
	} > "$OUT/$name.cmdline"
	new_disk
	log "$name: booting (timeout ${TMO}s)"
	t0=$(date +%s)
	set -- "$@" -D "$lg"
	timeout --signal=TERM "$TMO" "$QEMU" "$@" < /dev/null > "$OUT/$name.console" 2>&1 &
	QPID=$!
	rc=0
	wait $QPID || rc=$?
	QPID=""
	if [ "$kind" = powernv ]; then
		# A smaller copy: memory-region events of the PHB3 registers
		# (MMIO 'phb3-regs' and the PBCQ XSCOM regions, through which
		# skiboot reaches PHB registers before MMIO is set up); every
		# other line (non memory-region events) is kept.
		awk '!/:memory_region_ops_(read|write) / || / name .(phb3-regs|xscom-pbcq-[^ ]*).$/' \
			"$lg" > "$OUT/$name.phb3.log" || die "cannot write $OUT/$name.phb3.log"
	fi
	t1=$(date +%s)
	if [ "$kind" = powernv ]; then
		fw="skiboot $(grep -a -m1 -o 'OPAL v[0-9.a-z-]*' "$OUT/$name.console" || echo '?') ($FWDIR/skiboot.lid)"
	else
		fw="SLOF $(strings $FWDIR/slof.bin | grep -m1 -o 'release [0-9]*' || echo '?') ($FWDIR/slof.bin)"
	fi
	{
		echo "capture=$name"
		echo "qemu=$("$QEMU" --version | head -n1)"
		echo "qemu_pkg=$(dpkg-query -W -f='${Version}' qemu-system-ppc 2>/dev/null || echo '?')"
		echo "qemu_data_pkg=$(dpkg-query -W -f='${Version}' qemu-system-data 2>/dev/null || echo '?')"
		echo "kernel_pkg=$KPKG $KVER_PKG"
		echo "busybox_pkg=busybox-static $BB_VER"
		echo "firmware=$fw"
		echo "kernel_release=$KREL"
		echo "exit_status=$rc"
		echo "seconds=$((t1 - t0))"
		echo "log_lines=$(wc -l < "$lg")"
		echo "date=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} > "$OUT/$name.meta"
	if [ $rc = 124 ]; then
		log "$name: TIMEOUT after ${TMO}s (log kept: $lg)"
		FAILED="$FAILED $name"
	elif [ $rc != 0 ]; then
		log "$name: QEMU exited with $rc (see $OUT/$name.console)"
		FAILED="$FAILED $name"
	fi
	if ! grep -q 'tcesim-capture: done' "$OUT/$name.console"; then
		log "$name: guest did not reach the end of its script (see $OUT/$name.console)"
		FAILED="$FAILED $name"
	fi
	grep -h 'tcesim-capture: .*\(FAILED\|MISMATCH\|no \)' "$OUT/$name.console" >&2 &&
		FAILED="$FAILED $name"
	log "$name: $(wc -l < "$lg") log lines in $((t1 - t0)) s -> $lg"
	return 0
}

FAILED=""
APPEND_COMMON="console=hvc0 panic=-1 quiet loglevel=4"
for c in $CAPTURES; do
	case $c in
	pseries-noddw|pseries-ddw|pseries-ddw-8g)
		ddw=on mem=2G
		[ "$c" = pseries-noddw ] && ddw=off
		[ "$c" = pseries-ddw-8g ] && mem=8G
		run_qemu "$c" pseries \
			-M pseries -cpu POWER9 -smp 1 -m $mem -accel tcg \
			-nographic -nodefaults -serial mon:stdio -no-reboot \
			-global spapr-pci-host-bridge.ddw=$ddw \
			-kernel "$VMLINUX" -initrd "$INITRD" \
			-append "$APPEND_COMMON" \
			-drive file="$DISK",if=none,id=nvd,format=raw \
			-device nvme,serial=tcesim0,drive=nvd \
			-netdev user,id=n0,restrict=on \
			-device e1000,romfile=,netdev=n0,mac=52:54:00:12:34:56 \
			-trace 'spapr_iommu_*' -trace 'vfio_*' -msg timestamp=on
		;;
	powernv8)
		run_qemu "$c" powernv \
			-M powernv8 -smp 1 -m 2G -accel tcg \
			-nographic -no-reboot \
			-bios $FWDIR/skiboot.lid \
			-kernel "$VMLINUX" -initrd "$INITRD" \
			-append "$APPEND_COMMON" \
			-netdev user,id=n0,restrict=on \
			-device e1000,romfile=,netdev=n0,mac=52:54:00:12:34:57,bus=pcie.0,addr=0x0 \
			-drive file="$DISK",if=none,id=nvd,format=raw \
			-device nvme,serial=tcesim0,drive=nvd,bus=pcie.1,addr=0x0 \
			-trace 'memory_region_ops_read' -trace 'memory_region_ops_write' \
			-msg timestamp=on
		;;
	esac
done
log "logs in $OUT"
[ -z "$FAILED" ] || die "captures that failed or are incomplete:$FAILED"
