#!/bin/bash
# The VM harness's own failure paths, run from the host (scripts/vm/run.sh):
# a script's exit status comes back; a kernel WARNING fails an otherwise
# passing run (125) and the banner shows it; a script that outlives its
# time is stopped by the guest's watchdog (124), with stacks in the log; a
# kernel that does not reach init is booted once more, then a timeout.
# One kernel is enough (the harness does not depend on it): 6.12.
#   tests/harness/vm-run.t            (prove runs it from `make check`)
# shellcheck source=tests/harness/lib.sh
. "$(dirname "$0")/lib.sh"
k=6.12

vm status 'echo hello; exit 3'
ok $((rc != 3)) "a script's exit status (3) comes back"
has status hello; ok $? "... and its output streams out"
! has status 'did not reach init'; ok $? "... from the first boot"

# BOOT_WAIT=1: no kernel reaches init in a second, so both boots count
# as hung: the second try is made, then the run is a timeout.
vm noboot 'echo never' BOOT_WAIT=1
ok $((rc != 124)) "a kernel that never reaches init is a timeout (124, got $rc)"
[ "$(grep -c 'did not reach init in 1s' "$work/noboot.out")" = 1 ]
ok $? "... after one more boot, said once"
! has noboot never; ok $? "... and the script never ran"
[ $failed -eq 0 ] || show noboot

vm warn 'insmod /root/ko/kmemcg_test_alloc.ko &&
echo warn >/sys/kernel/debug/kmemcg_test/ctl; echo done'
ok $((rc != 125)) "a kernel WARNING fails a passing script's run (125, got $rc)"
has warn 'guest kernel log NOT clean'; ok $? "... with a banner"
has warn '>>.*WARNING:'; ok $? "... that marks the WARNING line"
[ $failed -eq 0 ] || show warn

# BOOT_WAIT=50: a guest that reached init and runs on is left alone.
vm hang 'echo started; sleep 1000' TIMEOUT=130 BOOT_WAIT=50
ok $((rc != 124)) "a script running past the watchdog is a timeout (124, got $rc)"
! has hang 'did not reach init'; ok $? "... the boot watch left a guest past init alone"
has hang 'vm: watchdog: the script still runs after 70s'; ok $? "... the guest's watchdog says so"
has hang 'TIMEOUT: the script ran over the guest watchdog'; ok $? "... and run.sh's banner too"
grep -q 'NMI backtrace for cpu' "$work/hang/dmesg.log"
ok $? "... with every CPU's stack in the kernel log"
[ $failed -eq 0 ] || show hang

done_testing
