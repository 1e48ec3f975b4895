#!/bin/bash
# The guest kernel log check (scripts/vm/kernel-log.awk, as run.sh calls it)
# on made-up logs, no VM: on the stock kernels every report fails the run;
# on the debug kernel (only=kmemcg) a KASAN, lockdep, DEBUG_OBJECTS or
# kmemleak report fails it only when kmemcg is in it (a frame, a lock name),
# and the kernel's own reports go to the notes file instead.
#   tests/harness/kernel-log.t            (prove runs it from `make check`)
# shellcheck source=tests/harness/lib.sh
. "$(dirname "$0")/lib.sh"
BAD=$(sed -n "s/^BAD='\(.*\)'\$/\1/p" "$top/scripts/vm/run.sh")
[ -n "$BAD" ] || { echo "Bail out! no BAD= line in scripts/vm/run.sh"; exit 1; }

# check NAME [ONLY]: the log $work/NAME.log -> NAME.out (failures), NAME.notes
check() {
	rm -f "$work/$1.notes"
	awk -v bad="$BAD" -v only="${2:-}" -v notes="$work/$1.notes" \
		-f "$top/scripts/vm/kernel-log.awk" "$work/$1.log" "$work/$1.log" >"$work/$1.out"
}
fails() { grep -c '^>>' "$work/$1.out"; }
noted() { sed -n 's/^(\([0-9]*\) kernel reports not involving.*/\1/p' "$work/$1.notes" 2>/dev/null; }

# A KASAN report of the kernel's own, one naming kmemcg only in its "Freed
# by" stack, a lockdep report naming a kmemcg lock, a DEBUG_OBJECTS warning
# naming kmemcg only in "Modules linked in" and the task name, an OOM
# report (allowed everywhere), and two kmemleak reports (guest-init's
# "kmemleak-vm:" lines), the first of a kmemcg allocation.
cat >"$work/mixed.log" <<'EOF'
[    1.000000] Linux version 6.12.118+deb13-debug
[    2.000000] ==================================================================
[    2.000000] BUG: KASAN: slab-use-after-free in acpi_ut_remove_reference+0x10/0x20
[    2.000000] Read of size 8 at addr ffff888003e4a000 by task swapper/0/1
[    2.000000] Call Trace:
[    2.000000]  <TASK>
[    2.000000]  acpi_ut_remove_reference+0x10/0x20
[    2.000000]  </TASK>
[    2.000000] Allocated by task 1:
[    2.000000]  __kmalloc_noprof+0x1/0x2
[    2.000000] ==================================================================
[    3.000000] ==================================================================
[    3.000000] BUG: KASAN: slab-use-after-free in kfree+0x10/0x20
[    3.000000] Call Trace:
[    3.000000]  <TASK>
[    3.000000]  kfree+0x10/0x20
[    3.000000]  </TASK>
[    3.000000] Freed by task 7:
[    3.000000]  kmemcg_owner_put+0x1/0x2 [kmemcg]
[    3.000000] ==================================================================
[    4.000000] ======================================================
[    4.000000] WARNING: possible circular locking dependency detected
[    4.000000] -> #1 (&kmemcg_groups_lock){+.+.}-{3:3}:
[    4.000000] stack backtrace:
[    4.000000] Call Trace:
[    4.000000]  <TASK>
[    4.000000]  dump_stack_lvl+0x1/0x2
[    4.000000]  </TASK>
[    5.000000] ------------[ cut here ]------------
[    5.000000] ODEBUG: free active (active state 0) object: ffff8880 object type: timer_list
[    5.000000] WARNING: CPU: 0 PID: 9 at lib/debugobjects.c:514 debug_print_object+0x1/0x2
[    5.000000] Modules linked in: kmemcg(OE) ext4
[    5.000000] CPU: 0 UID: 0 PID: 9 Comm: kmemcg Tainted: G           OE
[    5.000000] Call Trace:
[    5.000000]  <TASK>
[    5.000000]  debug_object_free+0x1/0x2
[    5.000000]  </TASK>
[    5.000000] ---[ end trace 0000000000000000 ]---
[    6.000000] sh invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0
[    6.000000] Call Trace:
[    6.000000]  <TASK>
[    6.000000]  dump_stack_lvl+0x1/0x2
[    6.000000]  </TASK>
[    7.000000] kmemleak-vm: unreferenced object 0xffff888004a1c000 (size 64):
[    7.000000] kmemleak-vm:   comm "insmod", pid 12, jiffies 4294892296
[    7.000000] kmemleak-vm:   backtrace (crc 0):
[    7.000000] kmemleak-vm:     __kmalloc_cache_noprof+0x1/0x2
[    7.000000] kmemleak-vm:     kmemcg_group_new+0x1/0x2 [kmemcg]
[    7.000000] kmemleak-vm: unreferenced object 0xffff888004a1d000 (size 32):
[    7.000000] kmemleak-vm:   comm "kmemcg", pid 13, jiffies 4294892296
[    7.000000] kmemleak-vm:   backtrace (crc 0):
[    7.000000] kmemleak-vm:     acpi_os_allocate+0x1/0x2
[    8.000000] done
EOF

check mixed
# 11: "ODEBUG:" matches "BUG:" too.
ok $(($(fails mixed) != 11)) "stock: every report line fails the run but the OOM's trace ($(fails mixed) of 11)"
[ ! -e "$work/mixed.notes" ]; ok $? "stock: nothing is merely noted"

check mixed kmemcg
grep '^>>' "$work/mixed.out" >"$work/mixed.hits"
ok $(($(fails mixed) != 5)) "debug: 5 lines of the reports naming kmemcg fail (got $(fails mixed))"
grep -q 'KASAN: slab-use-after-free in kfree' "$work/mixed.hits"
ok $? "debug: a KASAN report with a kmemcg frame in its free stack fails"
grep -q 'circular locking' "$work/mixed.hits"
ok $? "debug: a lockdep report naming a kmemcg lock fails"
grep -q 'unreferenced object 0xffff888004a1c000' "$work/mixed.hits"
ok $? "debug: a kmemleak report of a kmemcg allocation fails"
! grep -qE 'acpi_ut_remove|debugobjects|0xffff888004a1d000' "$work/mixed.hits"
ok $? "debug: the kernel's own reports do not fail"
ok $(($(noted mixed) != 3)) "debug: they are noted, 3 reports ($(noted mixed))"
grep -q 'BUG: KASAN: slab-use-after-free in acpi_ut_remove_reference' "$work/mixed.notes" &&
	grep -q 'lib/debugobjects.c' "$work/mixed.notes" &&
	grep -q 'kmemleak-vm:     acpi_os_allocate' "$work/mixed.notes"
ok $? "debug: whole, in the notes file"

# A clean debug log stays clean, with no notes file.
printf '[    1.000000] Linux version 6.12.118+deb13-debug\n[    2.000000] done\n' >"$work/clean.log"
check clean kmemcg
[ ! -s "$work/clean.out" ] && [ ! -e "$work/clean.notes" ]
ok $? "debug: a clean log gives no output and no notes"

# A report cut off by the end of the log still counts, and involvement is
# read from the whole of it.
head -n 17 "$work/mixed.log" | tail -n 7 >"$work/cut.log"
echo '[    3.000000]  kmemcg_owner_put+0x1/0x2 [kmemcg]' >>"$work/cut.log"
check cut kmemcg
ok $(($(fails cut) < 1)) "debug: a report cut short by the log's end, naming kmemcg, fails"

done_testing
