# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# The harness tests' common part (tests/harness/*.t, bash, run from the
# host by prove): strict variables, the project's top directory, a scratch
# directory removed on exit, and TAP's ok and done_testing.
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
