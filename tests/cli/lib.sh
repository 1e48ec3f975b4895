# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The setup and TAP helpers of the host CLI tests (tests/cli/test_*.sh),
# sourced first by each: KMEMCG, the binary (the test's first argument,
# else the tree's build), tmp, a scratch directory removed at exit, and
# the fixture builders of fixtures.sh; then run the binary, check its
# output and its exit status, with every error one line on stderr.
set -u
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
KMEMCG=${1:-$top/build/userspace/kmemcg}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/cli/fixtures.sh
. "$(dirname "${BASH_SOURCE[0]}")/fixtures.sh"
n=0 failed=0

ok() {
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else
		echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
# run ARGS...: sets $out, $err, $rc
run() {
	# shellcheck disable=SC2086
	$KMEMCG "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	out=$(cat "$tmp/out") err=$(cat "$tmp/err")
}
# expect RC STDERR-GLOB DESC ARGS...
expect() {
	local want=$1 glob=$2 desc=$3
	shift 3
	run "$@"
	# shellcheck disable=SC2053
	if [ "$rc" -eq "$want" ] && [[ $err == $glob ]] &&
		[ "$(printf '%s\n' "$err" | grep -c .)" -le 1 ]; then
		ok 0 "$desc"
	else
		ok 1 "$desc"
		echo "#   status $rc (want $want), stderr: $err"
	fi
}
is() { # is WANT DESC: $out is exactly WANT
	if [ "$out" = "$1" ]; then ok 0 "$2"; else
		ok 1 "$2"; diff <(printf '%s\n' "$1") <(printf '%s\n' "$out") | sed 's/^/#   /'; fi
}
# at NAME: point the CLI at the fixture $tmp/NAME (fixtures.sh): its
# debugfs tree, module parameters and cgroup filesystem
at() { export KMEMCG_ROOT=$tmp/$1/kmemcg KMEMCG_PARAMS=$tmp/$1/params KMEMCG_CGROUPFS=$tmp/$1/cgroupfs; }
has() { # has STRING DESC: $out contains STRING
	case $out in *"$1"*) ok 0 "$2" ;; *) ok 1 "$2"; echo "#   no '$1' in:"; printf '%s\n' "$out" | sed 's/^/#   /' ;; esac
}
