#!/bin/sh
# Lint the tree; exits non-zero on any finding:
# - checkpatch.pl --strict on module/, lib/, include/kmemcg/ and the test
#   helper modules;
# - kernel-doc -none -Wall (return values, short descriptions, section
#   order) on the same C files and headers, and scripts/check-kdoc.pl: a
#   kernel-doc comment before every non-static function of module/ and lib/;
# - shellcheck -S warning on every shell script (scripts/, workloads/, the
#   VM, long, CLI, static and harness tests), as sh or bash by its shebang or
#   shell directive, following sourced files (-x, run from the top);
# - sparse (make C=2) against every cached kernel (LINT_KERNELS).
# checkpatch.pl and kernel-doc come from Debian's linux-source-6.12
# (scripts/fetch-kernels.sh --checkpatch).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
fail=0
mkdir -p build

"$top/scripts/fetch-kernels.sh" --checkpatch
checkpatch=.cache/src/6.12/scripts/checkpatch.pl
files=$(git ls-files 'module/*.[ch]' 'lib/*.[ch]' 'include/kmemcg/*.h' 'tests/helper/*.[ch]')
echo "lint: checkpatch --strict on $(echo "$files" | wc -w) files"
# shellcheck disable=SC2086
if ! "$checkpatch" --strict --no-tree --terse --show-types -f $files >build/checkpatch.log 2>&1; then
	grep -v '^total:' build/checkpatch.log >&2
	fail=1
fi

kdoc=$(git ls-files 'module/*.[ch]' 'lib/*.[ch]' 'include/kmemcg/*.h' 'tests/helper/*.c')
echo "lint: kernel-doc -Wall on $(echo "$kdoc" | wc -w) files"
# shellcheck disable=SC2086 # one argument per file; git paths have no blanks
if ! .cache/src/6.12/scripts/kernel-doc -none -Wall -Werror $kdoc >build/kernel-doc.log 2>&1 ||
   [ -s build/kernel-doc.log ]; then
	cat build/kernel-doc.log >&2
	fail=1
fi
defs=$(git ls-files 'module/*.c' 'lib/*.c')
echo "lint: kernel-doc on every non-static function of $(echo "$defs" | wc -w) files"
# shellcheck disable=SC2086 # as above
scripts/check-kdoc.pl $defs >&2 || fail=1

sh=$(git ls-files 'scripts/*.sh' scripts/vm/guest-init 'tests/vm/*.t' 'tests/long/*.t' tests/vm/lib.sh \
	'tests/cli/*.sh' 'tests/static/*.t' 'tests/harness/*.t' 'tests/debug/*.t' tests/harness/lib.sh 'workloads/*.sh')
sh="$sh $(git ls-files 'tests/fuzz/*.t' 'tests/fuzz/*.sh')"	# the host fuzz runs
echo "lint: shellcheck -S warning on $(echo "$sh" | wc -w) scripts"
# shellcheck disable=SC2086 # as above
shellcheck -x -S warning -f gcc $sh >&2 || fail=1

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
