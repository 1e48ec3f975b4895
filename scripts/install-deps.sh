#!/bin/sh
# Install, from Debian's archive, every package the project needs on the
# host: build tools, the VM harness (qemu, busybox, cpio), the kernel build
# helpers (dwarves for BTF, kmod), the linters (sparse, shellcheck; checkpatch
# and kernel-doc come from the kernel tree), prove (perl), and gnuplot (make
# bench's charts), clang with libFuzzer and llvm-cov (tests/fuzz).  Idempotent:
# installs only what is missing, so a second run costs one dpkg query.
set -eu

PKGS="build-essential bc bison flex libelf-dev libssl-dev dwarves kmod cpio
xz-utils zstd qemu-system-x86 busybox-static sparse perl libtest-harness-perl
python3 gnuplot-nox gzip ca-certificates dkms debootstrap e2fsprogs libcmocka-dev libjson-c-dev libncurses-dev libxml2-utils prometheus jq
shellcheck clang libclang-rt-dev llvm"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages:$missing; run as root or install them" >&2
	exit 1
fi
echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >/dev/null
