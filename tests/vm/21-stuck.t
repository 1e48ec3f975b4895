#!/bin/sh
# vm: MODPARAMS=over_limit=fail_all
# The livelock breaker (include/kmemcg/stuck.h).  Kernel code that retries
# a failed allocation until it succeeds (6.12's maple tree, mas_nomem(),
# under tmpfs directories and every mmap) would spin for good at a kmem
# limit; a task refused without pause for stuck_ms (100 ms) gets one charge
# forced through instead.  The helper's "retry S" is such a loop, bounded
# by S seconds: it fails with ETIMEDOUT if nothing breaks it.
# Pass criteria: with the breaker the loop ends with exactly one forced
# charge (one slab of the helper's cache past the limit) after at least
# 32 refusals; a single refused allocation still fails; with stuck_ms=0
# the loop runs into its own timeout and nothing is forced.
# The helper's cache is not accounted by the kernel, so only
# over_limit=fail_all refuses it (the default forces it past the limit);
# every load here asks for fail_all.
. /usr/share/kmemcg/lib.sh
CTL=/sys/kernel/debug/kmemcg_test/ctl
L=memory.kmem.limit_in_bytes
PAGE=4096

insmod /root/ko/kmemcg_test_alloc.ko
cg_create s

# Every helper command runs on CPU 0 (taskset 1): once an allocation there
# failed, no per-CPU slab of its own has a free object left, so the next
# ones need a new slab, which only the limit decides.  The shell moves
# itself into the cgroup and then only writes (a builtin): a fork or exec
# there would need kernel memory the full cgroup does not have, and would
# fail before the helper is asked anything.
# helper CGROUP COMMAND: the helper's COMMAND by a task in CGROUP
helper() {
	taskset 1 sh -c 'echo $$ >"$0/cgroup.procs" && echo "$1" >"$2"' \
		"$CG/$1" "$2" "$CTL" 2>&1
}
# fill CGROUP: a limit 256 KiB above usage, then objects until it refuses
fill() {
	km_write "$1" $L "$(($(usage "$1") + 262144))" >/dev/null
	helper "$1" 'alloc 100000'
}
e=$(fill s)
case $e in *"Cannot allocate memory"*) r=0 ;; *) r=1 ;; esac
ok $r "the helper's allocations run into the limit (ENOMEM)"
e=$(helper s 'alloc 1')
case $e in *"Cannot allocate memory"*) r=0 ;; *) r=1 ;; esac
ok $r "one more allocation is refused too"
is "$(km_stat stuck_forced s)" 0 "... and nothing was forced"

limit=$(km s $L)
f0=$(km s memory.kmem.failcnt)
t "a kernel retry loop at the limit finishes" helper s 'retry 10'
retries=$(awk '$1 == "retries" { print $2 }' $CTL)
diag "the loop was refused $retries times"
cmp_ok "$retries" -ge 32 "it was refused at least 32 times first"
cmp_ok "$(km s memory.kmem.failcnt)" -ge $((f0 + 32)) "failcnt counts those refusals"
is "$(km_stat stuck_forced s)" 1 "one charge was forced for it (stuck_forced)"
is "$(km_stat bypassed s)" 1 "... and counted as bypassed"
is "$(km_stat stuck_forced)" 1 "the global stat counts it"
b=$(km_stat bypassed_bytes s)
cmp_ok "$b" -le 32768 "the forced charge is one slab ($b bytes)"
cmp_ok "$(usage s)" -le $((limit + b)) "usage is at most the limit plus that slab"
e=$(helper s 'alloc 1000')
case $e in *"Cannot allocate memory"*) r=0 ;; *) r=1 ;; esac
ok $r "plain allocations are refused again afterwards"

# Without the breaker, the same loop never gets its object.
echo free >$CTL
rmmod kmemcg
insmod /root/kmemcg.ko stuck_ms=0 over_limit=fail_all
fill s >/dev/null
e=$(helper s 'retry 2')
case $e in *"timed out"*) r=0 ;; *) r=1 ;; esac
ok $r "with stuck_ms=0 the loop runs into its timeout ($e)"
is "$(km_stat stuck_forced s)" 0 "... and nothing is forced"

echo free >$CTL

# Under object granularity every object is charged, so a refused task
# cannot even open a file or fork: the worker is a shell that entered the
# cgroup before its limit was set, holds the helper's file open (fd 3) and
# only writes to it (its errors go to a /dev/null it opened before); the driver waits and reads outside.  Its allocations
# are the helper's objects of one page each, on CPU 0.  It fills the cgroup
# twice, 2 s apart, so that the objects its earlier work freed through RCU
# are gone and nothing of the cgroup's is freed while the loop runs: an
# object freed then would make room and let the loop end without a force.
rmmod kmemcg
rmmod kmemcg_test_alloc
insmod /root/ko/kmemcg_test_alloc.ko size=4096
insmod /root/kmemcg.ko granularity=object over_limit=fail_all
cg_create so
rm -f /tmp/w.in /tmp/w.out
mkfifo /tmp/w.in /tmp/w.out
cg_run so taskset 1 sh -c 'exec 3>"$0" 4>/tmp/w.out 2>/dev/null; while read -r c; do
	echo "$c" >&3; echo $? >&4; done </tmp/w.in' "$CTL" &
exec 6</tmp/w.out 5>/tmp/w.in
do_in() { echo "$1" >&5; read -r _rc <&6; return "$_rc"; }

km_write so $L "$(( ($(usage so) + 262144) / PAGE * PAGE ))" >/dev/null
do_in 'alloc 100000'
ok $(($? == 0)) "object granularity: the helper's objects run into the limit"
sleep 2
do_in 'alloc 100000'
ok $(($? == 0)) "... and, 2 s later, once more"
f0=$(km so memory.kmem.failcnt)
do_in 'retry 10'
is $? 0 "object granularity: a kernel retry loop at the limit finishes"
retries=$(awk '$1 == "retries" { print $2 }' $CTL)
diag "the loop was refused $retries times"
cmp_ok "$retries" -ge 32 "it was refused at least 32 times first"
cmp_ok "$(km so memory.kmem.failcnt)" -ge $((f0 + 32)) "failcnt counts those refusals"
is "$(km_stat stuck_forced so)" 1 "one object charge was forced for it (stuck_forced)"
b=$(km_stat bypassed_bytes so)
cmp_ok "$b" -le $((2 * PAGE)) "the forced charge is one object ($b bytes)"
cmp_ok "$(usage so)" -le "$(( $(km so $L) + b ))" "usage is at most the limit plus that object"
do_in 'alloc 1'
ok $(($? == 0)) "plain allocations are refused again afterwards"
do_in free
exec 5>&- 6<&-
wait

rmmod kmemcg_test_alloc
done_testing
