#!/bin/sh
# vm: TIMEOUT=1500
# Fuzzing of every writable file (issue 15, point 3), the short run:
# kmemcg-fuzz (tests/vm/bin) writes FUZZ_WRITES (default 1000) random and
# boundary inputs per file to the limit-like files of a cgroup with no
# usage, of one whose usage the helper module holds (so that a limit
# below it is EBUSY) and of the root, and to the policy; whole, 1 byte at
# a time, at odd positions, by pwrite(), without CAP_SYS_ADMIN, by several
# threads and processes at once.  Pass: every write's result is the
# README's (errno or exact effect, read back), every odd read of every
# file gives the same bytes, and every stable file (the cgroups' with no
# task, the policy) reads at the end as at the start; no kernel warning
# (the harness).  tests/long/fuzz-files.t sources this with 10,000 writes
# (FUZZ_WRITES).
. /usr/share/kmemcg/lib.sh
CTL=/sys/kernel/debug/kmemcg_test/ctl
N=${FUZZ_WRITES:-1000}

insmod /root/ko/kmemcg_test_alloc.ko
cg_create fz
cg_create fzb
# fzb: objects of the helper's SLAB_ACCOUNT cache held by the helper (its
# usage), then charges refused by a limit 256 KiB above that (failcnt):
# over_limit=fail refuses only allocations marked for accounting.  The
# headroom keeps the shell that asks able to open files and exec.
cg_run fzb sh -c "echo 'acct_alloc 2000' > $CTL"
drop_caches 2
echo rcu_barrier >"$CTL"
u=$(usage fzb)
cmp_ok "$u" -gt 0 "fzb has usage ($u bytes)"
echo $((u + 262144)) >"$KM/cgroup/fzb/memory.kmem.limit_in_bytes"
cg_run fzb sh -c "echo 'acct_alloc 100000' > $CTL" 2>/dev/null
echo rcu_barrier >"$CTL"
cmp_ok "$(km fzb memory.kmem.failcnt)" -gt 0 "charges over fzb's limit were refused"
# Quiet: the exits' frees done, then the usage stays put.  On the debug
# kernel those frees wait in KASAN's quarantine, which drains later and
# moved fzb's usage under the fuzzer's model there: drop_caches empties it.
drop_caches 2
retry sh -c 'a=$(cat '"$KM"'/cgroup/fzb/memory.kmem.usage_in_bytes); sleep 0.5; [ "$a" = "$(cat '"$KM"'/cgroup/fzb/memory.kmem.usage_in_bytes)" ]'
ok $? "fzb's usage is steady ($(usage fzb) bytes)"

# Found by this test: "0", a NUL, junk was taken for "0" (strcmp()).
I=$KM/cgroup/fz/memory.kmem.independent_kmem_limit
printf '0Xjunk' | tr X '\000' >/tmp/nul
e=$(dd if=/tmp/nul of="$I" bs=64 2>&1)
case $e in *"Invalid argument"*) r=0 ;; *) r=1 ;; esac
ok $r "independent_kmem_limit: '0', a NUL and junk is EINVAL"
is "$(cat "$I")" 1 "... and changes nothing"

kmemcg-fuzz -n "$N" -s "$(date +%s)" "$KM" fz fzb "" >/tmp/fuzz.out 2>&1
rc=$?
cat /tmp/fuzz.out
is "$rc" 0 "every write and read was as documented; nothing else changed"
# Each file got N writes at least.
awk -v n="$N" '/ writes:/ { if ($3 < n) bad++; files++ }
	END { exit !(files == 14 && !bad) }' /tmp/fuzz.out
ok $? "14 files, $N writes each at least"
echo free >"$CTL"
done_testing
