#!/bin/bash
# TAP adapter: run one test file in a VM, for prove.
#
#   prove --exec 'scripts/vm/test.sh 6.12' tests/vm/*.t
#   scripts/vm/test.sh KERNEL TESTFILE
#
# The test runs in the guest as root with the module loaded (run.sh, LOAD=1).
# Header comment lines of the test adjust the VM, one VAR=VALUE each, the
# value being the rest of the line (paths relative to the repository top):
#   # vm: LOAD=0          # vm: MODPARAMS=foo=1 bar=2      # vm: TIMEOUT=600
#   # vm: FILES=tests/vm/data     # vm: EXTRA_KO=build/6.12/x.ko
#   # vm: MODULES=overlay  # vm: MEM=2048  # vm: SMP=2
#   # vm: CMDLINE=cgroup.memory=nokmem (added to the kernel command line)
# Two variables of the caller's environment adjust a run further:
#   VM_ENV="K=V ..."  variables for the test, in the guest's environment (on
#                     the kernel command line, which gives init the words
#                     with "=" and no "." it does not know): knobs of long
#                     tests, e.g. VM_ENV="SOAK_SECONDS=120"
#   VM_TIMEOUT=N      instead of the header's TIMEOUT, for a longer knob
#
# The guest's TAP passes through.  The adapter then adds one test of its own,
# "ok N - guest kernel log clean" or "not ok N - guest kernel log clean
# (REASON)" for an oops/warning, a timeout, an insmod failure or a crash.
# Plan convention: a test prints its plan LAST ("1..N" after its tests).  The
# adapter holds that line back and prints "1..N+1" after its own test, so the
# plan stays right either way; a test that dies before its plan gets no plan,
# which prove reports.  Exit status: run.sh's (non-zero on any problem).
set -eu
shopt -s lastpipe   # the `while read` below runs in this shell

[ $# -eq 2 ] || { echo "usage: $0 KERNEL TESTFILE" >&2; exit 2; }
top=$(cd "$(dirname "$0")/../.." && pwd)
test=$(cd "$(dirname "$2")" && pwd)/$(basename "$2")
[ -r "$test" ] || { echo "test.sh: no test file $2" >&2; exit 2; }
cd "$top"

while IFS= read -r line; do
	var=${line%%=*} val=${line#*=}
	case $var in
	LOAD | MODPARAMS | FILES | EXTRA_KO | MODULES | TIMEOUT | MEM | SMP | CMDLINE) export "$var=$val" ;;
	*) echo "test.sh: $2: unknown header '# vm: $line'" >&2; exit 2 ;;
	esac
done < <(sed -n 's/^# vm: *//p' "$test")
[ -z "${VM_ENV:-}" ] || export CMDLINE="${CMDLINE:-} $VM_ENV"
[ -z "${VM_TIMEOUT:-}" ] || export TIMEOUT="$VM_TIMEOUT"

name=$(basename "$test" .t)
result=$(mktemp)
trap 'rm -f "$result"' EXIT
export KERNEL=$1 SCRIPT=$test TAP=1 RESULT=$result
export LOGDIR="$top/build/vm/$1/tests/$name"   # kept per test for post-mortems

n=0 plan=""
set +e
"$top/scripts/vm/run.sh" | while IFS= read -r line || [ -n "$line" ]; do
	case $line in
	1..*) plan=$line; continue ;;
	ok* | "not ok"*) n=$((n + 1)) ;;
	esac
	printf '%s\n' "$line"
done
rc=${PIPESTATUS[0]}
set -e

why=$(cat "$result" 2>/dev/null || true)
case $why in
clean) echo "ok $((n + 1)) - guest kernel log clean" ;;
"") echo "not ok $((n + 1)) - guest kernel log clean (run.sh failed, status $rc)" ;;
*) echo "not ok $((n + 1)) - guest kernel log clean ($why)" ;;
esac
plan=${plan#1..} plan=${plan%%[!0-9]*}   # "1..5 # comment" -> 5
[ -z "$plan" ] || echo "1..$((plan + 1))"
exit "$rc"
