#!/bin/sh
# Fetch Debian's stock kernels into the repo's cache, without touching the
# host's apt configuration: a private sources list, package lists and
# archive cache under .cache/apt, then `apt-get download` + `dpkg-deb -x`.
#
# usage: fetch-kernels.sh [6.1|6.12 ...]       (default: both lines)
#        fetch-kernels.sh --checkpatch         checkpatch.pl for make lint
#
# For each line it resolves the newest amd64 build (6.1 from bookworm and
# its security updates, 6.12 from bookworm-backports or security), and extracts image, headers (arch and
# common) and kbuild into .cache/kernels/<line>/root.  The headers' Makefile
# includes the -common tree by absolute path; it is rewritten to the cache.
# .cache/kernels/<line>/env records what was fetched; a second run with the
# same newest version does nothing.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cache="$top/.cache"
apt="$cache/apt"
mirror=${KMEMCG_MIRROR:-}
if [ -z "$mirror" ]; then
	# Same mirror host as the machine already uses (kernel-facts.md).
	mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/* 2>/dev/null |
		sed -nE 's,^(URIs:|deb)[[:space:]]+(\[[^]]*\][[:space:]]+)?(https?://[^ ]+/debian)/?([[:space:]].*)?$,\3,p' |
		head -n1)
	[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
fi

mkdir -p "$apt/lists/partial" "$apt/archives/partial"
cat >"$apt/sources.list" <<EOS
deb $mirror bookworm main
deb $mirror bookworm-updates main
deb $mirror bookworm-backports main
deb ${mirror%/debian}/debian-security bookworm-security main
EOS
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
	line=$1
	case $line in
	6.1)  img=$(newest '^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$') ;;
	6.12) img=$(newest '^linux-image-6\.12\.[0-9]+\+deb12-amd64-unsigned$') ;;
	*) echo "fetch-kernels: unknown line '$line' (6.1 or 6.12)" >&2; return 2 ;;
	esac
	[ -n "$img" ] || { echo "fetch-kernels: no $line image in the archive" >&2; return 1; }
	rel=${img#linux-image-}; rel=${rel%-unsigned}        # e.g. 6.1.0-41-amd64
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
	cat >"$dir.tmp/env" <<EOV
KLINE=$line
KREL=$rel
KDEBVER=$debver
KDIR=$dir/root/usr/src/$hdr
KIMAGE=$dir/root/boot/vmlinuz-$rel
KMODDIR=$dir/root/lib/modules/$rel
EOV
	rm -rf "$dir" && mv "$dir.tmp" "$dir"
	# The Makefile path was written for $dir.tmp's final name above; check.
	grep -q "$dir/root/usr/src/" "$dir/root/usr/src/$hdr/Makefile"
	echo "kernel $line: $rel ($debver) ready in $dir"
}

# checkpatch.pl and its data files, from the newest linux-source-6.12, into
# .cache/src/6.12/scripts (make lint).  Only those files are extracted.
fetch_checkpatch() {
	dst="$cache/src/6.12"
	[ -f "$dst/scripts/checkpatch.pl" ] && return 0
	src=$(newest '^linux-source-6\.12$')
	echo "checkpatch: fetching $src"
	(cd "$apt/archives" && { ls "${src}_"*.deb >/dev/null 2>&1 ||
		apt-get $APTO download "$src" 2>&1 >/dev/null | grep -v unsandboxed >&2 || true; })
	deb=$(ls "$apt/archives/${src}_"*.deb | sort -V | tail -n1)
	mkdir -p "$dst"
	dpkg-deb --fsys-tarfile "$deb" | tar -xO --wildcards '*.tar.xz' |
		tar -xJ -C "$dst" --strip-components=1 --wildcards \
			'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
			'*/scripts/const_structs.checkpatch'
	[ -f "$dst/scripts/checkpatch.pl" ]
}

if [ "${1:-}" = --checkpatch ]; then
	fetch_checkpatch
	exit
fi
[ $# -gt 0 ] || set -- 6.1 6.12
for l in "$@"; do fetch_line "$l"; done
