#!/bin/bash
# The VM harness on the debug kernel (KERNEL=6.12-debug, make debug-kernel):
# it boots with the module and a clean log; a report naming kmemcg (a
# WARNING of the test helper, a leak of the test helper that only kmemleak
# sees, after guest-init's unload and scan) fails an otherwise passing run
# (125).  make check-debug builds the debug kernel and the helper first,
# so their absence is a failure here, not a skip.
#   tests/debug/harness.t            (make check-debug runs it)
# shellcheck source=tests/harness/lib.sh
. "$(dirname "$0")/../harness/lib.sh"
k=6.12-debug
if [ ! -f "$top/.cache/kernels/$k/env" ] || [ ! -f "$top/build/$k/helper/kmemcg_test_alloc.ko" ]; then
	echo "Bail out! no debug kernel or helper (make debug-kernel; make KERNEL=$k module helper)"
	exit 1
fi

vm clean 'cat /sys/kernel/debug/kmemcg/version && echo hello'
ok $((rc != 0)) "the debug kernel boots, loads the module and unloads it cleanly (got $rc)"
has clean hello; ok $? "... the script ran"
grep -q 'kmemleak: Kernel memory leak detector initialized' "$work/clean/dmesg.log"
ok $? "... with kmemleak on"
[ $failed -eq 0 ] || show clean

vm warn 'insmod /root/ko/kmemcg_test_alloc.ko &&
echo warn >/sys/kernel/debug/kmemcg_test/ctl; echo done'
ok $((rc != 125)) "a WARNING in a kmemcg module fails a passing run (125, got $rc)"
has warn '>>.*WARNING:'; ok $? "... marked in the banner"

vm leak 'insmod /root/ko/kmemcg_test_alloc.ko &&
echo leak >/sys/kernel/debug/kmemcg_test/ctl; echo done'
ok $((rc != 125)) "a leak of a kmemcg module found by kmemleak fails a passing run (125, got $rc)"
has leak '>>.*kmemleak-vm: unreferenced object'; ok $? "... marked in the banner"
grep -q 'kmemleak-vm: .*\[kmemcg_test_alloc (unloaded)\]' "$work/leak/dmesg.log"
ok $? "... its frames in the unloaded helper named by guest-init"
[ $failed -eq 0 ] || show leak

done_testing
