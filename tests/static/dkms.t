#!/bin/sh
# DKMS builds kmemcg.ko for every kernel line, as `make dkms-install` has it
# do on a host: dkms.conf with the sources laid out as in /usr/src, built
# against each cached kernel's headers (in the Debian 13 build root for
# Debian 13's kernels, where a Debian 13 host's own dkms would run), in a
# private DKMS tree so nothing of the host's changes.  Pass: dkms says the
# build succeeded and the module it built names the kernel in its vermagic.
#   tests/static/dkms.t             (prove runs it from `make check`)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
kernels=${KERNELS:-$(sed -n 's/^KERNELS := //p' "$top/Makefile")}
ver=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' "$top/dkms.conf")
n=0
ok() { # ok STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

for k in $kernels; do
	KROOT="" KREL="" KDIR=""
	# shellcheck disable=SC1090
	. "$top/.cache/kernels/$k/env"
	work=$top/build/dkms/$k
	rm -rf "$work" && mkdir -p "$work/src/kmemcg-$ver" "$work/tree"
	cp -r "$top/Kbuild" "$top/dkms.conf" "$top/module" "$top/lib" "$top/include" \
		"$work/src/kmemcg-$ver/"
	( cd "$work" &&
	  ${KROOT:+"$top/scripts/build-root.sh" "$KROOT"} sh -c '
		dkms add -m kmemcg -v "$1" --sourcetree "$PWD/src" --dkmstree "$PWD/tree" &&
		dkms build -m kmemcg -v "$1" -k "$2" --kernelsourcedir "$3" \
			--sourcetree "$PWD/src" --dkmstree "$PWD/tree"' sh "$ver" "$KREL" "$KDIR"
	) >"$work/log" 2>&1
	rc=$?
	ok $rc "$k: dkms builds kmemcg $ver for $KREL"
	[ $rc -eq 0 ] || tail -n 15 "$work/log" | sed 's/^/#   /' >&2
	ko=$(find "$work/tree" -name 'kmemcg.ko*' | head -n1)
	vm=$( [ -n "$ko" ] && modinfo -F vermagic "$ko" 2>/dev/null)
	case $vm in "$KREL "*) r=0 ;; *) r=1 ;; esac
	ok $r "$k: the module it built is for $KREL (vermagic: ${vm:-none})"
done
echo "1..$n"
