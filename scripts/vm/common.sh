# shellcheck shell=sh
# Shared by the VM scripts (sourced, after setting prog): the repository
# top, die, and loading the cached stock kernel named by $KERNEL.
top=$(cd "$(dirname "$0")/../.." && pwd)

# shellcheck disable=SC2154 # prog: set by the script that sources this one
die() { echo "$prog: $*" >&2; exit 2; }

# vm_load_kernel: check KERNEL and source its .cache/kernels/<line>/env
# (KREL, KDEBVER, KDIR, KIMAGE, KCONFIG, KMODDIR, KROOT; the debug kernel's
# also VM_DEBUG, VM_TIMEOUT_FACTOR, VM_MEM_MIN: scripts/debug-kernel.sh).
vm_load_kernel() {
	case ${KERNEL:-} in
	6.1 | 6.12 | 7.[0-9]* | 6.12-debug) ;;
	*) die "KERNEL must be a kernel line: 6.1, 6.12, 7.3 or 6.12-debug (got '${KERNEL:-}')" ;;
	esac
	envf="$top/.cache/kernels/$KERNEL/env"
	[ -r "$envf" ] || die "no kernel cache for $KERNEL ($envf): run make kernels"
	# shellcheck source=/dev/null
	. "$envf"
}
