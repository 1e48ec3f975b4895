# shellcheck shell=sh
# Shared by the VM scripts (sourced, after setting prog): the repository
# top, die, and loading the cached stock kernel named by $KERNEL.
top=$(cd "$(dirname "$0")/../.." && pwd)

die() { echo "$prog: $*" >&2; exit 2; }

# vm_load_kernel: check KERNEL and source its .cache/kernels/<line>/env
# (KREL, KDEBVER, KDIR, KIMAGE, KMODDIR).
vm_load_kernel() {
	case ${KERNEL:-} in
	6.1 | 6.12) ;;
	*) die "KERNEL must be 6.1 or 6.12 (got '${KERNEL:-}')" ;;
	esac
	envf="$top/.cache/kernels/$KERNEL/env"
	[ -r "$envf" ] || die "no kernel cache for $KERNEL ($envf): run make kernels"
	# shellcheck source=/dev/null
	. "$envf"
}
