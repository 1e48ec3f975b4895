#!/bin/sh
# Security (issue 15, point 5), beyond 70-perm.t:
#  - a process that is root only inside a user namespace writes no file of
#    the tree (the handlers ask capable(CAP_SYS_ADMIN), which is the initial
#    namespace's: a namespace's root passes the owner check of a file owned
#    by uid 0 when uid 0 is mapped, so the handler is what refuses), and
#    an unprivileged user who makes itself root in a namespace reaches no
#    path at all;
#  - an unprivileged user reads no path under the tree, and no file even
#    with debugfs remounted world-readable (mode=0755);
#  - the module's parameters that can be written at run time are root's
#    only (every parameter is 0400 today: none can);
#  - nothing the module prints, in the kernel log or in any file, is a
#    kernel address;
#  - under kernel lockdown (what Debian turns on under Secure Boot) the
#    module keeps charging and enforcing, its read-only files still read,
#    and its writable files refuse with EPERM (fs/debugfs/file.c,
#    debugfs_locked_down()): the README's Secure Boot section says so.
# Every write is checked to change nothing: the writable figures are read
# before and after, in a cgroup with no task in it.
. /usr/share/kmemcg/lib.sh
NOBODY=65534

cg_create s
cg_create s/t
echo 8M >"$KM/cgroup/s/memory.kmem.limit_in_bytes"
echo 1M >"$KM/cgroup/s/memory.kmem.reserve_in_bytes"
cg_run s/t sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/s 300' >/dev/null

# tree [FIND-ARGS]: the tree's paths (no blanks: the cgroups are the test's).
tree() { find "$KM" "$@"; }
# writable: the tree's files that have a write bit (mode 0600 or 0200).
writable() { tree -type f -perm -200; }
# figures: what the writable files hold (failcnt and max_usage included:
# no task runs in s, so nothing moves them; the root's max usage moves with
# the whole system and is left out), one "path: value" line each.
figures() {
	for f in $(writable); do
		[ "$f" = "$KM/cgroup/memory.kmem.max_usage_in_bytes" ] && continue
		printf '%s: %s\n' "$f" "$(tr '\n' ' ' <"$f")"
	done
}
nw=$(writable | wc -l)
cmp_ok "$nw" -ge 16 "the tree has writable files to try ($nw)"
figures >/tmp/before

# --- user namespaces ------------------------------------------------------
# A write must fail; any message will do, but the count is exact.
refused=0 tried=0
for f in $(writable); do
	tried=$((tried + 1))
	if ! unshare -r sh -c "echo 0 >$f" 2>/dev/null; then
		refused=$((refused + 1))
	fi
done
is "$refused" "$tried" "root in a user namespace (uid 0 mapped) writes none of $tried files"
e=$(unshare -r sh -c "echo 1M >$KM/cgroup/s/memory.kmem.limit_in_bytes" 2>&1)
case $e in *"Operation not permitted"*) r=0 ;; *) r=1 ;; esac
ok $r "... and the handler's refusal is EPERM ($e)"
e=$(unshare -r sh -c "echo 'over_limit count' >$KM/policy" 2>&1)
case $e in *"Operation not permitted"*) r=0 ;; *) r=1 ;; esac
ok $r "... for the policy file too ($e)"
t "an unprivileged user can make itself root in a user namespace" \
	kmemcg-test-priv --uid $NOBODY unshare -r true
reached=0
for p in $(tree); do
	if kmemcg-test-priv --uid $NOBODY unshare -r sh -c "ls $p || cat $p" \
		>/dev/null 2>&1; then
		reached=$((reached + 1))
		fail_diag "  reached $p"
	fi
done
is "$reached" 0 "... and, as that root, reads or lists no path of the tree"
e=$(kmemcg-test-priv --uid $NOBODY unshare -r sh -c \
	"echo 1M >$KM/cgroup/s/memory.kmem.limit_in_bytes" 2>&1)
case $e in *"denied"* | *"not permitted"*) r=0 ;; *) r=1 ;; esac
ok $r "... nor writes a limit ($e)"

# --- unprivileged reads ---------------------------------------------------
np=$(tree | wc -l)
read_ok=0
for p in $(tree); do
	if kmemcg-test-priv --uid $NOBODY sh -c "ls $p || cat $p" >/dev/null 2>&1; then
		read_ok=$((read_ok + 1))
		fail_diag "  read $p"
	fi
done
is "$read_ok" 0 "an unprivileged user reads or lists none of $np paths"
mount -o remount,mode=0755 /sys/kernel/debug
read_ok=0 nf=0
for f in $(tree -type f); do
	nf=$((nf + 1))
	if kmemcg-test-priv --uid $NOBODY cat "$f" >/dev/null 2>&1; then
		read_ok=$((read_ok + 1))
		fail_diag "  read $f"
	fi
done
is "$read_ok" 0 "debugfs remounted mode=0755: still none of $nf files reads"
mount -o remount,mode=0700 /sys/kernel/debug
figures >/tmp/after
t "none of those attempts changed a writable figure" diff /tmp/before /tmp/after

# --- module parameters ----------------------------------------------------
bad=0 np=0 nwp=0
for p in /sys/module/kmemcg/parameters/*; do
	np=$((np + 1))
	m=$(stat -c %a "$p") u=$(stat -c %u "$p")
	case $m in *[2367]?) bad=$((bad + 1)); fail_diag "  group-writable $p ($m)" ;; esac
	case $m in *[2367]) bad=$((bad + 1)); fail_diag "  world-writable $p ($m)" ;; esac
	case $m in [2367]??)
		nwp=$((nwp + 1))
		[ "$u" = 0 ] || { bad=$((bad + 1)); fail_diag "  $p is not root's"; }
		kmemcg-test-priv --uid $NOBODY sh -c "echo 1 >$p" 2>/dev/null &&
			{ bad=$((bad + 1)); fail_diag "  an unprivileged user wrote $p"; }
		;;
	esac
done
cmp_ok "$np" -ge 10 "the module has parameters to check ($np)"
is "$bad" 0 "no parameter is writable by anyone but root ($nwp writable at run time)"

# --- no kernel addresses ---------------------------------------------------
# A kernel address printed in hex: ffff followed by 12 hex digits, or
# 0x followed by 8 or more (what %px, %lx and %pK without hashing print).
addr='(ffff[0-9a-f]{12}|0x[0-9a-f]{8,})'
for f in $(tree -type f -perm -400); do
	printf '== %s\n' "$f"
	cat "$f" 2>&1
done >/tmp/all-files
n=$(grep -ciE "$addr" /tmp/all-files)
is "$n" 0 "no file of the tree holds a kernel address ($(wc -l </tmp/all-files) lines)"
[ "$n" = 0 ] || grep -iE "$addr" /tmp/all-files | head -5 >&2
rmmod kmemcg
insmod /root/kmemcg.ko granularity=shadow
dmesg | grep kmemcg >/tmp/klog
n=$(grep -ciE "$addr" /tmp/klog)
is "$n" 0 "no kernel-log line of the module holds an address ($(wc -l </tmp/klog) lines)"
[ "$n" = 0 ] || grep -iE "$addr" /tmp/klog | head -5 >&2

# --- lockdown --------------------------------------------------------------
cg_create s
cg_create s/t
echo 8M >"$KM/cgroup/s/memory.kmem.limit_in_bytes"
grep -q " /sys/kernel/security " /proc/mounts || mount -t securityfs none /sys/kernel/security
# The debug kernel is built without the lockdown LSM, which selects
# MODULE_SIG (scripts/debug-kernel.config); every stock line has it.
# LD: the state the tests below run in, for their descriptions.
LD="under lockdown"
if debug_kernel && [ ! -e /sys/kernel/security/lockdown ]; then
	diag "lockdown: not on the debug kernel (no SECURITY_LOCKDOWN_LSM)"
	LD="without lockdown (debug kernel)"
else
	echo integrity >/sys/kernel/security/lockdown
	t "the kernel is locked down (integrity)" \
		grep -q '\[integrity\]' /sys/kernel/security/lockdown
	t "under lockdown, the read-only files read" \
		sh -c "cat $KM/stat $KM/cgroup/s/memory.kmem.usage_in_bytes >/dev/null"
	e=$(sh -c "echo 1M >$KM/cgroup/s/memory.kmem.limit_in_bytes" 2>&1)
	case $e in *"Operation not permitted"*) r=0 ;; *) r=1 ;; esac
	ok $r "under lockdown, a limit write is refused with EPERM ($e)"
	t "under lockdown, a writable file does not read either (EPERM)" \
		sh -c "! cat $KM/cgroup/s/memory.kmem.limit_in_bytes"
fi
u0=$(usage s)
cg_run s/t sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/l 500' >/dev/null
cmp_ok "$(usage s)" -gt "$u0" "$LD, the module still charges"
cg_run s/t sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/l2 100000' >/dev/null 2>&1
# over_limit=fail forces what the kernel does not account past the limit
# (counted in unaccounted_forced_bytes, of the group charged: s/t, whose
# allocations met s's limit): 6.12 went over it once.
uf=$(($(km_stat unaccounted_forced_bytes s) + $(km_stat unaccounted_forced_bytes s/t)))
cmp_ok "$(usage s)" -le $((8388608 + uf)) "... and still enforces the limit set before (forced past it: $uf bytes)"
t "$LD, the module unloads" rmmod kmemcg

done_testing
