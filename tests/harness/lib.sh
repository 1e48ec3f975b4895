# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The harness tests' common part (tests/harness/*.t, bash, run from the
# host by prove): strict variables, the project's top directory, a scratch
# directory removed on exit, TAP's ok and done_testing, and vm/has/show
# for the tests that boot the VM.
#   . "$(dirname "$0")/lib.sh"
set -u
# shellcheck disable=SC2034 # for the tests that source this
top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0 failed=0
ok() { # ok STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; failed=$((failed + 1)); fi
}
done_testing() { # the plan, and prove's verdict as the exit status
	echo "1..$n"
	[ "$failed" -eq 0 ]
}
# vm NAME SCRIPT-TEXT [VAR=value...]: run SCRIPT-TEXT in the VM of kernel
# $k (set by the test); status in $rc, output in $work/NAME.out.
# shellcheck disable=SC2154,SC2034 # k is the test's; rc is for the test
vm() {
	local name=$1 text=$2
	shift 2
	printf '#!/bin/sh\n%s\n' "$text" >"$work/$name.sh"
	env "$@" KERNEL="$k" SCRIPT="$work/$name.sh" LOGDIR="$work/$name" \
		"$top/scripts/vm/run.sh" >"$work/$name.out" 2>&1
	rc=$?
}
has() { grep -q -- "$2" "$work/$1.out"; }	# has NAME TEXT: NAME's output holds TEXT
show() { sed 's/^/#   /' "$work/$1.out" | tail -n "${2:-25}"; }	# show NAME [LINES]
