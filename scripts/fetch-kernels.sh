#!/bin/sh
# Fetch Debian's stock kernels into the repo's cache, without touching the
# host's apt configuration: a private sources list, package lists and
# archive cache under .cache/apt, then `apt-get download` + `dpkg-deb -x`.
#
# usage: fetch-kernels.sh [6.1|6.12|7.3|6.12-debug ...]   (default: the
#                                              three stock lines; 6.12-debug
#                                              is built: debug-kernel.sh)
#        fetch-kernels.sh --checkpatch         checkpatch.pl and kernel-doc
#                                              for make lint
#        fetch-kernels.sh --source LINE VER    Debian's linux-source-LINE of
#                                              version VER; prints the .deb
#                                              (scripts/debug-kernel.sh)
#
# For each line it resolves the newest amd64 build: 6.1 from Debian 12
# (bookworm and its updates), 6.12 from Debian 13 (trixie, its updates and
# security), and 7.N from trixie-backports (7.3, the newest line Debian
# packages today).  It extracts the kernel, its config and
# modules, the headers (arch and common) and kbuild into
# .cache/kernels/<line>/root.  The headers' Makefile includes the -common
# tree by absolute path; it is rewritten to the cache.
# .cache/kernels/<line>/env records what was fetched (KROOT names the build
# root that Debian 13's kernels are built in, scripts/build-root.sh); a
# second run with the same newest version does nothing.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cache="$top/.cache"
apt="$cache/apt"
. "$top/scripts/mirror.sh"

mkdir -p "$apt/lists/partial" "$apt/archives/partial"
cat >"$apt/sources.list.new" <<EOS
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $mirror bookworm-backports main
deb ${mirror%/debian}/debian-security bookworm-security main
deb $mirror trixie main
deb $mirror trixie-updates main
deb $mirror trixie-backports main
deb ${mirror%/debian}/debian-security trixie-security main
EOS
# A changed sources list means the package lists must be fetched again.
cmp -s "$apt/sources.list.new" "$apt/sources.list" || rm -f "$apt/lists/.updated"
mv "$apt/sources.list.new" "$apt/sources.list"
APTO="-o Dir::Etc::sourcelist=$apt/sources.list -o Dir::Etc::sourceparts=/dev/null
 -o Dir::State::Lists=$apt/lists -o Dir::Cache=$apt -o Dir::Cache::archives=$apt/archives
 -o Debug::NoLocking=1 -o APT::Get::List-Cleanup=0 -q"

# Refresh package lists at most once a day: a clean clone still fetches them.
stamp="$apt/lists/.updated"
if [ ! -f "$stamp" ] || [ -n "$(find "$stamp" -mmin +1440)" ]; then
	# shellcheck disable=SC2086
	if apt-get $APTO update 2>&1 | grep -E '^(W|E):'; then
		echo "fetch-kernels: package lists from $mirror failed" >&2
		exit 1
	fi
	touch "$stamp"
fi

newest() {	# $1: regex over package names -> newest matching name
	# shellcheck disable=SC2086
	apt-cache $APTO search --names-only "$1" | cut -d' ' -f1 | sort -V | tail -n1
}

deps_matching() {	# $1: package, $2: regex -> its dependencies matching
	# shellcheck disable=SC2086
	apt-cache $APTO depends "$1" | sed -n 's/^ *Depends: //p' | grep -E "$2" || true
}

fetch_line() {
	line=$1 kroot=""
	case $line in
	6.1)
		img=$(newest '^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$')
		rel=${img#linux-image-}; rel=${rel%-unsigned} ;;	# 6.1.0-41-amd64
	6.12)
		img=$(newest '^linux-image-6\.12\.[0-9]+\+deb13-amd64-unsigned$')
		rel=${img#linux-image-}; rel=${rel%-unsigned} kroot=trixie ;;
	7.[0-9]*)
		# 7.x packaging: the kernel is in linux-binary-<rel>, config and
		# System.map in linux-base-<rel>, modules in linux-modules-<rel>.
		img=$(newest "^linux-binary-$(echo "$line" | sed 's/\./\\./g')\\.[0-9]+\\+deb13-amd64\$")
		rel=${img#linux-binary-} kroot=trixie ;;
	6.12-debug)	# built, not fetched (make debug-kernel)
		"$top/scripts/debug-kernel.sh"
		return ;;
	*) echo "fetch-kernels: unknown line '$line' (6.1, 6.12, 7.N or 6.12-debug)" >&2; return 2 ;;
	esac
	[ -n "$img" ] || { echo "fetch-kernels: no $line image in the archive" >&2; return 1; }
	# shellcheck disable=SC2086
	debver=$(apt-cache $APTO show "$img" | sed -n 's/^Version: //p' | sort -V | tail -n1)

	dir="$cache/kernels/$line"
	if [ -f "$dir/env" ] && grep -qx "KREL=$rel" "$dir/env" &&
	   grep -qx "KDEBVER=$debver" "$dir/env"; then
		echo "kernel $line: $rel ($debver), cached"
		return 0
	fi
	echo "kernel $line: fetching $rel ($debver)"

	hdr="linux-headers-$rel"
	common=$(deps_matching "$hdr" '^linux-headers-.*-common$')
	kbuild=$(deps_matching "$hdr" '^linux-kbuild-')
	pkgs="$img $hdr $common $kbuild"
	case $img in linux-binary-*) pkgs="$pkgs linux-base-$rel linux-modules-$rel" ;; esac

	dl="$apt/archives"
	(cd "$dl" && for p in $pkgs; do
		# shellcheck disable=SC2086
		ls "${p}_"*.deb >/dev/null 2>&1 ||
			apt-get $APTO download "$p" 2>&1 >/dev/null | grep -v 'unsandboxed' >&2 || true
		ls "${p}_"*.deb >/dev/null 2>&1 ||
			{ echo "fetch-kernels: download of $p failed" >&2; exit 1; }
	done)

	rm -rf "$dir.tmp" && mkdir -p "$dir.tmp/root"
	for p in $pkgs; do
		deb=$(ls "$dl/${p}_"*.deb | sort -V | tail -n1)
		dpkg-deb -x "$deb" "$dir.tmp/root"
	done
	# Point the arch headers' one-line Makefile at the extracted common tree.
	sed -i "s:/usr/src/:$dir/root/usr/src/:g" "$dir.tmp/root/usr/src/$hdr/Makefile"
	# Debian 13 moved the kernel, its config and modules under /usr/lib.
	r=$dir/root
	for kimage in boot/vmlinuz-$rel usr/lib/modules/$rel/vmlinuz; do
		[ -f "$dir.tmp/root/$kimage" ] && break
	done
	for kconfig in boot/config-$rel usr/lib/modules/$rel/config; do
		[ -f "$dir.tmp/root/$kconfig" ] && break
	done
	for kmod in lib/modules/$rel usr/lib/modules/$rel; do
		[ -d "$dir.tmp/root/$kmod/kernel" ] && break
	done
	cat >"$dir.tmp/env" <<EOV
KLINE=$line
KREL=$rel
KDEBVER=$debver
KDIR=$r/usr/src/$hdr
KIMAGE=$r/$kimage
KCONFIG=$r/$kconfig
KMODDIR=$r/$kmod
KROOT=$kroot
EOV
	rm -rf "$dir" && mv "$dir.tmp" "$dir"
	# The Makefile path was written for $dir.tmp's final name above; check.
	grep -q "$dir/root/usr/src/" "$dir/root/usr/src/$hdr/Makefile"
	echo "kernel $line: $rel ($debver) ready in $dir"
}

# The build root a line's env names (made once, then cached).
ensure_root() {
	kroot=$(sed -n 's/^KROOT=//p' "$cache/kernels/$1/env")
	[ -z "$kroot" ] || "$top/scripts/build-root.sh" "$kroot"
}

# The kernel's lint scripts make lint runs, from the newest linux-source-6.12,
# into .cache/src/6.12/scripts: checkpatch.pl and its data files, and
# kernel-doc (6.12's is one self-contained perl script).  Only those files are
# extracted; a cache missing any of them (one made before kernel-doc was
# added) is extracted again.  They are unpacked beside the cache and moved in,
# so a concurrent lint never sees a half-written script.
lint_scripts="checkpatch.pl spelling.txt const_structs.checkpatch kernel-doc"
fetch_checkpatch() {
	dst="$cache/src/6.12"
	have=1
	for f in $lint_scripts; do [ -f "$dst/scripts/$f" ] || have=0; done
	[ "$have" -eq 1 ] && return 0
	src=$(newest '^linux-source-6\.12$')
	echo "lint scripts: fetching $src"
	(cd "$apt/archives" && { ls "${src}_"*.deb >/dev/null 2>&1 ||
		apt-get $APTO download "$src" 2>&1 >/dev/null | grep -v unsandboxed >&2 || true; })
	deb=$(ls "$apt/archives/${src}_"*.deb | sort -V | tail -n1)
	tmp="$dst.tmp.$$"
	rm -rf "$tmp" && mkdir -p "$tmp" "$dst/scripts"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*.tar.xz' |
		tar -xJ -C "$tmp" --strip-components=1 --wildcards \
			'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
			'*/scripts/const_structs.checkpatch' '*/scripts/kernel-doc'
	for f in $lint_scripts; do mv "$tmp/scripts/$f" "$dst/scripts/$f"; done
	rm -rf "$tmp"
}

# --source LINE VERSION: the linux-source package of exactly that Debian
# version (the one a cached stock line was built from), into the archive
# cache; prints its path.
fetch_source() {
	src=linux-source-$1
	# shellcheck disable=SC2086
	(cd "$apt/archives" && { ls "${src}_$2_all.deb" >/dev/null 2>&1 ||
		apt-get $APTO download "$src=$2" 2>&1 >/dev/null | grep -v unsandboxed >&2 || true; })
	deb="$apt/archives/${src}_$2_all.deb"
	[ -f "$deb" ] || { echo "fetch-kernels: download of $src=$2 failed" >&2; exit 1; }
	echo "$deb"
}

if [ "${1:-}" = --source ]; then
	fetch_source "${2:?--source LINE VERSION}" "${3:?--source LINE VERSION}"
	exit
fi
if [ "${1:-}" = --checkpatch ]; then
	fetch_checkpatch
	exit
fi
[ $# -gt 0 ] || set -- 6.1 6.12 7.3
for l in "$@"; do fetch_line "$l"; ensure_root "$l"; done
