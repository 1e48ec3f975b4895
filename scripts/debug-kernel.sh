#!/bin/sh
# Build the debug kernel, KERNEL=6.12-debug: Debian's own linux-source-6.12
# of exactly the version of the cached stock 6.12 line, with Debian's config
# trimmed to what the test VM loads plus KASAN, lockdep, DEBUG_ATOMIC_SLEEP,
# kmemleak and DEBUG_OBJECTS (scripts/debug-kernel.config).
#
# usage: [JOBS=N] debug-kernel.sh        (make debug-kernel)
#        JOBS: make -j (default: cores + 1)
#
# Steps, all under .cache/kernels/6.12-debug (the real path, so a worktree
# whose .cache links to another checkout's shares one build):
#  - linux-source-6.12=<stock KDEBVER> fetched like the stock kernels (a
#    private apt list, scripts/fetch-kernels.sh --source), unpacked to src/;
#  - .config: the stock line's config, `make localmodconfig` with an lsmod
#    list of exactly the modules the VM loads (VM_MODULES below), then the
#    fragment merged and `make olddefconfig`; every fragment line must hold;
#  - `make all` and `modules_install` (stripped) into root/lib/modules,
#    inside the Debian 13 build root (gcc-14, pahole; scripts/build-root.sh).
#    src/.kernelvariables (read by Debian's Makefile) names gcc-14, so
#    `make -C src M=...` builds modules with it as for the stock headers;
#  - env: the same keys as the stock lines (KDIR is the build tree itself),
#    plus VM_DEBUG (only reports naming kmemcg fail a VM run),
#    VM_TIMEOUT_FACTOR and VM_MEM_MIN for scripts/vm/run.sh.
# The inputs (version, fragment, module list, stock config) are recorded in
# key: a run with the same inputs reuses the build; an interrupted build
# resumes (make is incremental); other inputs configure again and rebuild
# in the same tree (another version starts over).  The build time (of the
# last make run, so of the whole build only when it ran in one go) goes to
# build-time and is printed.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
base=6.12 line=6.12-debug
frag=$top/scripts/debug-kernel.config
# The stock modules the VM loads (scripts/vm/initramfs.sh GUEST_MODULES and
# SOFT_MODULES, tests' MODULES= headers); localmodconfig keeps these and what
# they depend on and drops every other module.
VM_MODULES="virtio_pci virtio_blk loop ext4 xfs btrfs overlay crc32c_generic crc32c_intel"
# A KASAN+lockdep+kmemleak kernel under TCG: slower by this factor (timeouts
# only, never pass/fail) and needing more memory (shadow, kmemleak objects).
VM_TIMEOUT_FACTOR=4
VM_MEM_MIN=2048

senv=$top/.cache/kernels/$base/env
[ -f "$senv" ] || "$top/scripts/fetch-kernels.sh" "$base"
getv() { sed -n "s/^$1=//p" "$senv"; }
debver=$(getv KDEBVER) sconfig=$(getv KCONFIG) kroot=$(getv KROOT)
"$top/scripts/build-root.sh" "$kroot"
mkdir -p "$top/.cache/kernels"
dir=$(readlink -f "$top/.cache/kernels")/$line
src=$dir/src
inroot() { "$top/scripts/build-root.sh" "$kroot" "$@"; }

key=$(printf '%s\n' "$debver" "$VM_MODULES" "$(cksum <"$frag")" "$(cksum <"$sconfig")" | cksum)
if [ "$(cat "$dir/version" 2>/dev/null)" != "$debver" ]; then
	rm -rf "$dir"
	mkdir -p "$dir"
	echo "$debver" >"$dir/version"
fi
if [ "$(cat "$dir/key" 2>/dev/null)" != "$key" ]; then
	rm -f "$dir/.built" "$dir/env" "$src/.config-done"
	echo "$key" >"$dir/key"
fi

if [ ! -f "$dir/.built" ]; then
	echo "debug-kernel: building linux-source-$base $debver with scripts/debug-kernel.config in $dir"
	if [ ! -f "$src/.unpacked" ]; then
		deb=$("$top/scripts/fetch-kernels.sh" --source "$base" "$debver")
		rm -rf "$src" && mkdir -p "$src"
		dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*.tar.xz' |
			tar -xJ -C "$src" --strip-components=1
		touch "$src/.unpacked"
	fi
	cd "$src"
	# Debian's Makefile includes .kernelvariables from the object tree.
	cat >.kernelvariables <<'EOV'
override ARCH = x86
override CROSS_COMPILE = x86_64-linux-gnu-
CC = $(CROSS_COMPILE)gcc-14
HOSTCC = gcc-14
EOV
	if [ ! -f .config-done ]; then
		cp "$sconfig" .config
		{ echo "Module Size Used by"; for m in $VM_MODULES; do echo "$m 0 0"; done; } >lsmod
		inroot sh -c 'yes "" | make LSMOD=lsmod localmodconfig' >config.log 2>&1 ||
			{ tail -n 20 config.log >&2; exit 1; }
		cat "$frag" >>.config
		inroot make olddefconfig >>config.log 2>&1 || { tail -n 20 config.log >&2; exit 1; }
		bad=0
		while IFS= read -r l; do
			case $l in
			CONFIG_*=*) grep -qxF "$l" .config && continue ;;
			"# CONFIG_"*" is not set")
				s=${l#\# } s=${s%% *}
				grep -q "^$s=" .config || continue
				l=$s=n ;;
			*) continue ;;
			esac
			s=${l%%=*}
			echo "debug-kernel: wanted $l, got: $(grep -E "^$s=|^# $s is not set" .config || echo nothing)" >&2
			bad=1
		done <"$frag"
		[ "$bad" -eq 0 ] || exit 1
		touch .config-done
	fi
	start=$(date +%s)
	jobs=${JOBS:-$(($(nproc) + 1))}
	echo "debug-kernel: make -j$jobs all (log: $src/build.log)"
	if ! inroot make -j"$jobs" all >build.log 2>&1; then
		grep -E 'error|Error' build.log | head -n 20 >&2
		echo "debug-kernel: build failed (log: $src/build.log)" >&2
		exit 1
	fi
	krel=$(cat include/config/kernel.release)
	rm -rf "$dir/root"
	inroot make INSTALL_MOD_PATH="$dir/root" INSTALL_MOD_STRIP=1 modules_install \
		>install.log 2>&1 || { tail -n 20 install.log >&2; exit 1; }
	end=$(date +%s)
	echo "$((end - start)) s for make all + modules_install, -j$jobs on $(nproc) cores (shared machine), $(date -u +%F)" \
		>"$dir/build-time"
	touch "$dir/.built"
fi

krel=$(cat "$src/include/config/kernel.release")
cat >"$dir/env.new" <<EOV
KLINE=$line
KREL=$krel
KDEBVER=$debver
KDIR=$src
KIMAGE=$src/arch/x86/boot/bzImage
KCONFIG=$src/.config
KMODDIR=$dir/root/lib/modules/$krel
KROOT=$kroot
VM_DEBUG=1
VM_TIMEOUT_FACTOR=$VM_TIMEOUT_FACTOR
VM_MEM_MIN=$VM_MEM_MIN
EOV
mv "$dir/env.new" "$dir/env"
echo "kernel $line: $krel ($debver) ready in $dir; build time: $(cat "$dir/build-time")"
