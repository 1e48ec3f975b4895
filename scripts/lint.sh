#!/bin/sh
# Lint module code: checkpatch.pl --strict (from Debian's linux-source-6.12,
# fetched by scripts/fetch-kernels.sh --checkpatch) and sparse (make C=2)
# against every cached kernel.  Exits non-zero on any finding.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
fail=0

"$top/scripts/fetch-kernels.sh" --checkpatch
checkpatch=.cache/src/6.12/scripts/checkpatch.pl
files=$(git ls-files 'module/*.[ch]' 'lib/*.[ch]' 'include/kmemcg/*.h' 'tests/helper/*.[ch]')
echo "lint: checkpatch --strict on $(echo "$files" | wc -w) files"
# shellcheck disable=SC2086
if ! "$checkpatch" --strict --no-tree --terse --show-types -f $files >build/checkpatch.log 2>&1; then
	grep -v '^total:' build/checkpatch.log >&2
	fail=1
fi

for k in ${LINT_KERNELS:-6.1 6.12 7.3}; do
	KROOT=""
	# shellcheck disable=SC1090
	. ".cache/kernels/$k/env"
	make -s KERNEL="$k" module >/dev/null 2>&1
	echo "lint: sparse (C=2) against $KREL"
	# Debian 13's kernels: their tools run in their build root.
	${KROOT:+"$top/scripts/build-root.sh" "$KROOT"} \
	make -C "$KDIR" M="$top/build/$k" C=2 CHECK="sparse -Wno-unknown-attribute" modules \
		>"build/sparse-$k.log" 2>&1 || { cat "build/sparse-$k.log" >&2; fail=1; }
	if grep -E '(warning|error):' "build/sparse-$k.log" >&2; then
		fail=1
	fi
done
[ "$fail" -eq 0 ] && echo "lint: clean"
exit "$fail"
