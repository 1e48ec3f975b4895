#!/bin/sh
# A Debian build root for kernels the host's toolchain cannot build for.
#
# usage: build-root.sh NAME            create (once) .cache/roots/NAME
#        build-root.sh NAME CMD...     run CMD in it, in the current directory
#
# Debian 13's kernels (6.12+deb13, 7.x) are built with gcc-14 and need
# pahole >= 1.30 for module BTF (7.x refuses a module whose BTF does not
# match); Debian 12 has neither, and their linux-kbuild tools are linked
# against Debian 13's libc.  So their modules are built inside a minimal
# Debian 13 root made by debootstrap from the same mirror as the host,
# cached under .cache/roots/NAME (about 400 MB, a few minutes to make).
# CMD runs as root in a private mount namespace with the repository
# bind-mounted at the same path, so every path means the same inside.
# NAME is a Debian suite: trixie.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
name=${1:?usage: build-root.sh NAME [CMD...]}
shift
root=$top/.cache/roots/$name
# What a module build, make lint's sparse, the DKMS test and the debug
# kernel (python3: libbpf's generated headers for resolve_btfids) need.
pkgs="gcc-14,make,libc6-dev,libelf-dev,libssl-dev,bc,bison,flex,dwarves,kmod,xz-utils,zstd,sparse,dkms,python3"

case $name in
trixie) ;;
*) echo "build-root: unknown root '$name' (trixie)" >&2; exit 2 ;;
esac

# Is a package of the list not installed in the root?
missing() {
	for p in $(echo "$pkgs" | tr , ' '); do
		grep -qx "Package: $p" "$root/var/lib/dpkg/status" || return 0
	done
	return 1
}

if [ ! -f "$root/.ready" ]; then
	[ "$(id -u)" -eq 0 ] || { echo "build-root: making $root needs root" >&2; exit 1; }
	command -v debootstrap >/dev/null || { echo "build-root: debootstrap missing (make deps)" >&2; exit 1; }
	. "$top/scripts/mirror.sh"
	echo "build-root: creating the $name root in $root (debootstrap from $mirror)"
	rm -rf "$root"
	mkdir -p "$(dirname "$root")"
	if ! debootstrap --variant=minbase --include="$pkgs" "$name" "$root" "$mirror" \
		>"$root.log" 2>&1; then
		tail -n 20 "$root.log" >&2
		echo "build-root: debootstrap failed (log: $root.log)" >&2
		exit 1
	fi
	rm -rf "$root/var/cache/apt/archives/"*.deb
	echo "$pkgs" >"$root/.packages"
	echo "gcc-14 $(chroot "$root" gcc-14 -dumpfullversion), pahole $(chroot "$root" pahole --version)" >"$root/.ready"
	echo "build-root: $name ready: $(cat "$root/.ready")"
elif [ "$(cat "$root/.packages" 2>/dev/null)" != "$pkgs" ] && missing; then
	# A root made before the package list grew: add what is missing.  A
	# different list whose packages are all installed (a checkout with an
	# older list updated it last) needs nothing.
	echo "build-root: updating the packages of the $name root"
	DEBIAN_FRONTEND=noninteractive chroot "$root" sh -c \
		"apt-get -q update && apt-get -q -y --no-install-recommends install $(echo "$pkgs" | tr , ' ')" \
		>"$root.log" 2>&1 || { tail -n 20 "$root.log" >&2; exit 1; }
	rm -rf "$root/var/cache/apt/archives/"*.deb
	echo "$pkgs" >"$root/.packages"
fi
[ $# -gt 0 ] || exit 0

# Run CMD inside: a private mount namespace keeps the bind mounts from
# outliving the command.
exec unshare -m /bin/sh -eu -c '
	root=$1 top=$2 dir=$3
	shift 3
	mount --make-rprivate /
	mkdir -p "$root$top"
	mount --bind "$top" "$root$top"
	# A worktree whose .cache links to another checkout'"'"'s: that one too.
	if [ -L "$top/.cache" ]; then
		cache=$(readlink -f "$top/.cache")
		mkdir -p "$root$cache"
		mount --bind "$cache" "$root$cache"
	fi
	mount --bind /dev "$root/dev"
	mount -t proc proc "$root/proc"
	exec chroot "$root" /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$dir" "$@"
' sh "$root" "$top" "$PWD" "$@"
