#!/bin/sh
# Build the initramfs for one test VM boot.
#
# usage: KERNEL=6.1|6.12 [LOAD= MODULE= MODPARAMS= SCRIPT= FILES= EXTRA_KO=
#        MODULES= INTERACTIVE=] scripts/vm/initramfs.sh OUT
# (run.sh calls it with the same variables it takes; see there.)
#
# OUT is the concatenation of two cpio archives, which the kernel unpacks one
# after the other:
#  - build/vm/<kernel>/base-<key>.img, cached: busybox-static with its applet
#    links, /dev/console, /etc/passwd, and a subset of the stock kernel's own
#    modules (GUEST_MODULES + $MODULES, closed over their dependencies,
#    decompressed, depmod'ed so busybox modprobe works), named by a key of
#    all its inputs, so it is built only when one of them changes.
#  - a small per-run archive: /init (guest-init), /etc/kmemcg-vm.conf (the run's
#    settings), /root/{kmemcg.ko,SCRIPT,FILES...}, /root/ko/EXTRA_KO, and
#    build/guest/bin/* as /usr/bin/*.
# Decompressed modules are kept in build/vm/<kernel>/modcache/ so xz runs once.
set -eu

# Stock modules every VM gets; MODULES="..." adds more.  virtio_pci and
# virtio_blk give /dev/vda; crc32c is a soft dependency (by alias) of ext4
# and btrfs that busybox modprobe does not follow, so it is listed by hand,
# where the kernel has it as a module (7.x builds it into lib/crc).
GUEST_MODULES="virtio_pci virtio_blk loop ext4 xfs btrfs"
SOFT_MODULES="crc32c_generic crc32c_intel"

here=$(cd "$(dirname "$0")" && pwd)
prog=initramfs.sh
# shellcheck source=scripts/vm/common.sh
. "$here/common.sh"
[ $# -eq 1 ] || die "usage: KERNEL=6.1|6.12|7.3|6.12-debug $0 OUT"
out=$1
vm_load_kernel
[ -d "$KMODDIR" ] || die "missing $KMODDIR: run make kernels"
vmdir="$top/build/vm/$KERNEL"
# Keyed by the exact build: a refreshed kernel cache gets fresh modules.
mcache="$vmdir/modcache/$KREL-$KDEBVER"
mkdir -p "$mcache"

# Both stock kernels have CONFIG_RD_ZSTD=y; zstd packs and unpacks faster than
# gzip.  Fall back to gzip should a kernel ever lack it.
if grep -q '^CONFIG_RD_ZSTD=y' "${KCONFIG:-$(dirname "$KIMAGE")/config-$KREL}" 2>/dev/null; then
	compress() { zstd -q -3 -T0; }
else
	compress() { gzip -1; }
fi
pack() { # $1: directory -> compressed newc cpio on stdout, owned by root
	(cd "$1" && find . -mindepth 1 | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) | compress
}

# --- base archive -----------------------------------------------------------
index="$mcache/index"   # every stock module path, relative to KMODDIR
[ -s "$index" ] || (cd "$KMODDIR" && find kernel -name '*.ko*') >"$index"
modpath() { # module name -> its path in $index ('-' and '_' are the same)
	awk -v n="$1" 'BEGIN { gsub(/-/, "_", n) }
	{ b = $0; sub(/.*\//, "", b); sub(/\.ko(\.(xz|zst|gz))?$/, "", b)
	  gsub(/-/, "_", b); if (b == n) { print; exit } }' "$index"
}
builtin() { # is module $1 built into the kernel?
	grep -q "/$(echo "$1" | tr - _)\.ko\$" "$KMODDIR/modules.builtin" 2>/dev/null ||
		grep -q "/$(echo "$1" | tr _ -)\.ko\$" "$KMODDIR/modules.builtin" 2>/dev/null
}
# Close the module list over "depends" (modinfo reads .ko.xz directly).
# Lists of names and paths are split on spaces on purpose below.
# shellcheck disable=SC2086
set -- $GUEST_MODULES ${MODULES:-}
for m in $SOFT_MODULES; do [ -z "$(modpath "$m")" ] || set -- "$@" "$m"; done
paths=""
while [ $# -gt 0 ]; do
	m=$1
	shift
	p=$(modpath "$m")
	if [ -z "$p" ]; then
		builtin "$m" && continue
		die "module '$m' is neither in $KMODDIR nor built in"
	fi
	case " $paths " in *" $p "*) continue ;; esac
	paths="$paths $p"
	# shellcheck disable=SC2046
	set -- "$@" $(modinfo -F depends "$KMODDIR/$p" | tr , ' ')
done
# shellcheck disable=SC2086
paths=$(printf '%s\n' $paths | LC_ALL=C sort)

# The base is named after everything that goes into it, so runs wanting
# different module sets (prove -j, MODULES=) can share the cache.
key=$(printf '%s\n' "$KREL $KDEBVER" "$(cksum <"$0")" \
	"$(stat -c '%s %Y' /bin/busybox)" "$paths" | cksum | cut -d' ' -f1)
base="$vmdir/base-$key.img"
if [ ! -s "$base" ]; then
	stage=$(mktemp -d "$vmdir/base.XXXXXX")
	trap 'rm -rf "$stage"' EXIT
	chmod 755 "$stage"
	cd "$stage"
	mkdir -p bin sbin usr/bin usr/sbin dev proc sys tmp run mnt root etc \
		lib/modules/"$KREL"
	cp /bin/busybox bin/busybox
	# Applet links at build time: saves forking 270 ln's at every boot.
	for a in $(/bin/busybox --list-full); do
		case $a in bin/busybox | linuxrc) continue ;; esac
		ln -sf /bin/busybox "$a"
	done
	# The kernel opens /dev/console for init before devtmpfs is mounted.
	mknod -m 600 dev/console c 5 1
	printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >etc/passwd
	printf 'root:x:0:\nnogroup:x:65534:\n' >etc/group
	for p in $paths; do
		ko="$mcache/${p%.ko*}.ko"
		if [ ! -s "$ko" ]; then
			mkdir -p "$(dirname "$ko")"
			case $p in
			*.xz) xz -dc "$KMODDIR/$p" ;;
			*.zst) zstd -qdc "$KMODDIR/$p" ;;
			*.gz) gzip -dc "$KMODDIR/$p" ;;
			*) cat "$KMODDIR/$p" ;;
			esac >"$ko.tmp$$"
			mv "$ko.tmp$$" "$ko"
		fi
		mkdir -p "lib/modules/$KREL/$(dirname "$p")"
		cp "$ko" "lib/modules/$KREL/${p%.ko*}.ko"
	done
	for f in modules.builtin modules.builtin.modinfo modules.order; do
		[ ! -f "$KMODDIR/$f" ] || cp "$KMODDIR/$f" "lib/modules/$KREL/"
	done
	depmod -b "$stage" "$KREL"
	cd "$top"
	pack "$stage" >"$base.tmp$$"
	mv "$base.tmp$$" "$base"
	# Bases of old inputs: drop those nobody has built for a day.
	find "$vmdir" -maxdepth 1 -name 'base-*.img' -mtime +0 -delete
	rm -rf "$stage"
	trap - EXIT
fi

# --- per-run archive --------------------------------------------------------
run=$(mktemp -d "$vmdir/run-cpio.XXXXXX")
trap 'rm -rf "$run"' EXIT
chmod 755 "$run"
mkdir -p "$run/root/ko" "$run/etc" "$run/usr/bin"
cp "$here/guest-init" "$run/init"
chmod 755 "$run/init"
# The module is always there (tests of loading use LOAD=0 and insmod it).
ko=${MODULE:-$top/build/$KERNEL/kmemcg.ko}
if [ "${LOAD:-1}" = 1 ] || [ -f "$ko" ]; then
	cp "$ko" "$run/root/kmemcg.ko"
fi
# The VM tests' shared helpers.
if [ -f "$top/tests/vm/lib.sh" ]; then
	mkdir -p "$run/usr/share/kmemcg"
	cp "$top/tests/vm/lib.sh" "$run/usr/share/kmemcg/lib.sh"
fi
guest_script=""
if [ -n "${SCRIPT:-}" ]; then
	guest_script="/root/$(basename "$SCRIPT")"
	cp "$SCRIPT" "$run$guest_script"
	chmod 755 "$run$guest_script"
fi
for f in ${FILES:-}; do cp -r "$f" "$run/root/"; done
for f in ${EXTRA_KO:-}; do cp "$f" "$run/root/ko/"; done
# The test-only helper module, when built (make helper), for the tests.
for f in "$top/build/$KERNEL/helper/"*.ko; do
	if [ -f "$f" ]; then cp "$f" "$run/root/ko/"; fi
done
if [ -d "$top/build/guest/bin" ]; then
	find "$top/build/guest/bin" -maxdepth 1 -type f -exec cp {} "$run/usr/bin/" \;
fi
q() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/'\\\\''/g")"; }
{
	echo "KMEMCG_LINE=$(q "$KERNEL")"
	echo "LOAD=$(q "${LOAD:-1}")"
	echo "MODPARAMS=$(q "${MODPARAMS:-}")"
	echo "SCRIPT=$(q "$guest_script")"
	echo "INTERACTIVE=$(q "${INTERACTIVE:-0}")"
	# The guest stops the script itself a minute before the host's timeout,
	# leaving time to dump task stacks and report (guest-init: watchdog).
	wd=0
	[ "${TIMEOUT:-0}" -le 120 ] || wd=$((TIMEOUT - 60))
	echo "WATCHDOG=$wd"
} >"$run/etc/kmemcg-vm.conf"
{ cat "$base"; pack "$run"; } >"$out"
