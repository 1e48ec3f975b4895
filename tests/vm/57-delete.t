#!/bin/sh
# vm: TIMEOUT=900
# Deletion (on_delete=) and hierarchy (hierarchy=) policies (issue 12), in
# one boot: the module is reloaded for each granularity and hierarchy, and
# on_delete is switched at run time through the policy file.
#
# Charges come from the helper module's own cache (kmemcg_test, never
# merged), written by a shell that moves itself into the cgroup and then
# only writes (no fork or exec there), so the cgroup owns little else.
# Tolerance where a figure is compared with one read before: 64 KiB (16
# pages: a late RCU free of an exited task emptying a slab page, or the
# writer's own file).  Conservation is exact at quiescent points (a
# snapshot retried up to 50 times, 0.2 s apart, as 50-conservation.t).
# Criteria:
#  - dead: the removed cgroup is listed under dead/ with its path, its
#    bytes (within 64 KiB of its own bytes before removal) and its
#    slabinfo (the helper's 4,000 objects); the parent's usage does not
#    change (hierarchical: it includes the dead group, as the kernel's
#    offline memcgs); it goes within 10 s of its last object being freed;
#    30 create/charge/remove cycles leave no dead group once freed.
#  - unaccount: the parent's usage drops by the child's charges within 2 s
#    of the removal (hierarchical: the ancestors give it up one RCU grace
#    period after the removal; group.c), and unaccounted_bytes rises by
#    them at once; once freed, nothing is negative and every figure is
#    conserved (tracked = charged + unaccounted).
#  - flat: a child's charges do not count against its parent's limit;
#    reparent and unaccount move exactly what the child held;
#    conservation holds (charged_bytes: every group's usage), in both
#    views under shadow granularity.
. /usr/share/kmemcg/lib.sh
CTL=/sys/kernel/debug/kmemcg_test/ctl
T=65536

insmod /root/ko/kmemcg_test_alloc.ko
# helper CGROUP COMMAND: the helper's COMMAND by a task in CGROUP
helper() {
	sh -c 'echo $$ >"$0/cgroup.procs" && echo "$1" >"$2"' "$CG/$1" "$2" "$CTL" 2>&1
}
policy() { echo "on_delete $1" >"$KM/policy"; }
# free_pages: free the helper's objects and shrink its cache, so their
# pages go, with those of the writers' exited shells on the debug kernel
# too (quarantine_flush)
free_pages() {
	echo free >$CTL
	echo shrink >$CTL
	quarantine_flush
}
reload() {
	free_pages
	rmmod kmemcg && insmod /root/kmemcg.ko "$@"
}
# dead_dir PATH: the dead/<N> directory whose cgroup path was PATH
dead_dir() {
	for _d in "$KM"/dead/*; do
		[ -f "$_d/info" ] || continue
		[ "$(awk '$1 == "path" { print $2 }' "$_d/info")" = "$1" ] && echo "$_d" && return
	done
}
info() { awk -v k="$2" '$1 == k { print $2 }' "$1/info"; }
# slab_col FILE CACHE COL: column COL of CACHE's line in a slabinfo file
slab_col() { awk -v c="$2" -v n="$3" '$1 == c { print $n }' "$1"; }
# balanced: own_bytes_sum = charged_bytes, tracked = charged + unaccounted
balanced() {
	awk '$1 == "own_bytes_sum" { o = $2 } $1 == "charged_bytes" { c = $2 }
	     $1 == "tracked_bytes" { t = $2 } $1 == "unaccounted_bytes" { u = $2 }
	     END { print "own-sum", o, "charged", c, "tracked", t, "unaccounted", u
		   exit !(o == c && t == c + u) }' "$KM/stat"
}
# obj_balanced: the object view's totals (object granularity); the side
# table's objects are the groups' and the pseudo groups' (unaccounted ones)
obj_balanced() {
	awk '$1 == "object_charged_bytes" { c = $2 } $1 == "object_view_bytes_sum" { v = $2 }
	     $1 == "object_bytes" { b = $2 } $1 == "object_bytes_sum" { s = $2 }
	     $1 == "pseudo_object_bytes" { p = $2 }
	     END { print "charged", c, "view-sum", v, "objects", b, "sum", s, "pseudo", p
		   exit !(c == v && b == s + p) }' "$KM/stat"
}
check() {
	retry "$1"
	ok $? "conserved $2: $(cat /tmp/bal)"
}
no_negative() {
	# shellcheck disable=SC2046 # one argument per file found; paths without blanks
	! grep -h ' -' "$KM/stat" $(find "$KM" -name memory.kmem.stat -o -name info); }
# poll_close CMD WANT N: until $(CMD) is within $T of WANT, N more tries
# at most (retry)
close_to() { values_close "$($1)" "$2" $T; }
poll_close() { retry -n "$3" close_to "$1" "$2"; }
# wait_gone_s PATH: wait_gone, printing the seconds it took
secs=0
wait_gone_s() {
	_n=0
	while [ -e "$1" ] && [ $_n -lt 100 ]; do sleep 0.1; _n=$((_n + 1)); done
	secs=$((_n / 10))
	[ ! -e "$1" ]
}

# race MODE CGROUP CYCLES: charge CGROUP, then free its objects from the
# root while it is removed under MODE, CYCLES times: frees go through the
# removed group and its target both (group.c's move); the kernel log must
# stay clean and the figures conserved once quiet.
race() {
	policy "$1"
	_i=0
	while [ $_i -lt "$3" ]; do
		cg_create "$2"
		helper "$2" 'alloc 20000' >/dev/null
		(echo free >$CTL) &
		rmdir "$CG/$2"
		wait
		wait_gone "$KM/cgroup/$2"
		_i=$((_i + 1))
	done
	echo shrink >$CTL
	quarantine_flush
}

# --- dead, hierarchical, page granularity ---
policy dead
cg_create d/x
helper d/x 'alloc 4000' >/dev/null
own=$(km_stat own_bytes d/x) pu=$(usage d)
cmp_ok "$own" -ge 1024000 "d/x owns the helper's 4,000 objects' pages ($own bytes)"
rmdir "$CG/d/x"
t "d/x's live directory goes" wait_gone "$KM/cgroup/d/x"
dd=$(dead_dir /d/x)
t "d/x is listed under dead/ ($dd)" test -n "$dd"
b=$(info "$dd" bytes)
t "... with its bytes ($b, was $own)" values_close "$b" "$own" $T
cmp_ok "$(info "$dd" removed_s)" -le "$(cut -d. -f1 /proc/uptime)" "... its removal time"
cmp_ok "$(info "$dd" age_s)" -le 10 "... and its age ($(info "$dd" age_s) s)"
is "$(km_stat dead_groups)" 1 "dead_groups counts it"
t "dead_bytes is its bytes" values_close "$(km_stat dead_bytes)" "$b" $T
n=$(slab_col "$dd/memory.kmem.slabinfo" kmemcg_test 3)
cmp_ok "${n:-0}" -ge 4000 "its slabinfo shows the helper's slabs ($n objects)"
t "its usage_in_bytes is its bytes" values_close "$(cat "$dd/memory.kmem.usage_in_bytes")" "$b" $T
t "its memory.kmem.stat has own_bytes" \
	values_close "$(awk '$1 == "own_bytes" { print $2 }' "$dd/memory.kmem.stat")" "$b" $T
t "the parent's usage still includes it (hierarchical)" values_close "$(usage d)" "$pu" $T
t "the top-level slabinfo names it <dead:${dd##*/}>" \
	grep -q "^kmemcg_test <dead:${dd##*/}> " "$KM/slabinfo"
check balanced "with a dead group"
free_pages
t "it goes once its pages are freed" wait_gone_s "$dd"
diag "dead/ went ${secs}s after the free"
is "$(km_stat dead_groups)" 0 "dead_groups is back to 0"
check balanced "after the dead group went"

# --- unaccount, hierarchical, page granularity ---
policy unaccount
cg_create u/x
helper u/x 'alloc 4000' >/dev/null
own=$(km_stat own_bytes u/x) pu=$(usage u) ua=$(km_stat unaccounted_bytes)
cmp_ok "$own" -ge 1024000 "u/x owns the helper's pages ($own bytes)"
rmdir "$CG/u/x"
t "u/x's directory goes" wait_gone "$KM/cgroup/u/x"
t "unaccounted_bytes rises by its bytes at once ($ua + $own)" \
	values_close "$(km_stat unaccounted_bytes)" $((ua + own)) $T
t "the parent's usage drops by them within 2 s ($pu - $own)" \
	poll_close "usage u" $((pu - own)) 20
is "$(ls "$KM/dead" | wc -l)" 0 "nothing is listed under dead/"
check balanced "after an unaccounted removal"
free_pages
t "freeing the objects takes them out of unaccounted_bytes" \
	poll_close "km_stat unaccounted_bytes" "$ua" 20
t "no figure is negative" no_negative
check balanced "after freeing unaccounted objects"
race unaccount u/r 5
t "no figure is negative after frees racing 5 removals" no_negative
check balanced "after frees racing 5 unaccounted removals"
# Unaccount of a group with a dead child: done as a reparent (group.c).
# on_delete is read when the kernel takes the memory cgroup offline, a
# little after rmdir returns: switch only once its directory went.
policy dead
cg_create m/a
helper m/a 'alloc 1000' >/dev/null
rmdir "$CG/m/a"
wait_gone "$KM/cgroup/m/a"
policy unaccount
ua=$(km_stat unaccounted_bytes)
rmdir "$CG/m"
t "a group with a dead child goes" wait_gone "$KM/cgroup/m"
t "the dead child stays listed" test -n "$(dead_dir /m/a)"
t "... its charges stay accounted ($ua)" values_close "$(km_stat unaccounted_bytes)" "$ua" $T
check balanced "after unaccounting a group with a dead child"
free_pages
t "... and goes once freed" wait_gone "$(dead_dir /m/a)"
check balanced "once it went"
rmdir "$CG/d" "$CG/u"

# --- dead, object granularity: exact objects; 30 cycles ---
reload granularity=object on_delete=dead
cg_create o/x
helper o/x 'alloc 4000' >/dev/null
own=$(km_stat object_bytes o/x)
rmdir "$CG/o/x"
wait_gone "$KM/cgroup/o/x"
dd=$(dead_dir /o/x)
t "o/x is listed under dead/" test -n "$dd"
t "... with its object bytes ($own)" values_close "$(info "$dd" bytes)" "$own" 16384
is "$(slab_col "$dd/memory.kmem.slabinfo" kmemcg_test 2)" 4000 \
	"its slabinfo counts its 4,000 objects of the helper's cache"
check obj_balanced "with a dead group (objects)"
echo free >$CTL
# The kernel may keep an object the cgroup's task allocated (7.3 does: a
# kmalloc or three by a new cgroup's first task).  A dead group that
# stays must then hold only such objects, really there: its slabinfo (the
# side table) has none of the helper's and adds up to its bytes.
kept_by_kernel() {
	[ -z "$(slab_col "$1/memory.kmem.slabinfo" kmemcg_test 2)" ] &&
		[ "$(awk 'NR > 2 { s += $2 * $4 } END { print s + 0 }' "$1/memory.kmem.slabinfo")" = \
		  "$(info "$1" bytes)" ] && [ "$(info "$1" bytes)" -gt 0 ]
}
# gone_or_kept DIR: DIR goes within 10 s, or is kept for live objects
gone_or_kept() {
	wait_gone_s "$1" && return
	diag "$1 kept $(info "$1" bytes) bytes: $(awk 'NR > 2 { printf "%s x%s ", $1, $2 }' "$1/memory.kmem.slabinfo")"
	kept_by_kernel "$1"
}
t "it goes within 10 s of its last object being freed" gone_or_kept "$dd"
diag "dead/ went ${secs}s after the free"
d0=$(km_stat dead_groups)
i=0
while [ $i -lt 30 ]; do
	cg_create o/y$i
	helper o/y$i 'alloc 100' >/dev/null
	rmdir "$CG/o/y$i"
	i=$((i + 1))
done
sleep 1
is "$(km_stat dead_groups)" $((d0 + 30)) "30 removed cgroups with objects are listed"
echo free >$CTL
s=0
while [ $s -lt 10 ] && [ "$(km_stat dead_groups)" != "$d0" ]; do sleep 1; s=$((s + 1)); done
left=0
for d in "$KM"/dead/*; do
	[ -d "$d" ] || continue
	kept_by_kernel "$d" && continue
	diag "$d left: $(cat "$d/info" | tr '\n' ' ')"
	left=$((left + 1))
done
is "$left" 0 "none is left 10 s after the objects are freed (${s}s; $(km_stat dead_groups) kept by the kernel's objects)"
check obj_balanced "after 30 cycles"
t "no figure is negative" no_negative
rmdir "$CG/o"

# --- flat ---
reload hierarchy=flat
cg_create f/x
pf=$(usage f)
km_write f memory.kmem.limit_in_bytes $((pf + 1048576)) >/dev/null
e=$(helper f/x 'alloc 16000')
is "$e" "" "f/x charges 4 MB past its parent's 1 MB headroom"
cmp_ok "$(usage f/x)" -ge 4096000 "f/x's usage has them ($(usage f/x))"
t "f's usage does not include them ($pf)" values_close "$(usage f)" "$pf" $T
is "$(km f memory.kmem.failcnt)" 0 "f's limit refused nothing"
check balanced "flat"
policy reparent
uf=$(usage f) ox=$(usage f/x)
rmdir "$CG/f/x"
wait_gone "$KM/cgroup/f/x"
t "reparent: f's usage rises by f/x's within 2 s ($uf + $ox)" \
	poll_close "usage f" $((uf + ox)) 20
check balanced "after a flat reparent"
cg_create f/y
helper f/y 'alloc 4000' >/dev/null
uf=$(usage f) oy=$(usage f/y) ua=$(km_stat unaccounted_bytes)
policy unaccount
rmdir "$CG/f/y"
wait_gone "$KM/cgroup/f/y"
t "unaccount: f's usage does not change" values_close "$(usage f)" "$uf" $T
t "... unaccounted_bytes rises by f/y's ($oy)" \
	values_close "$(km_stat unaccounted_bytes)" $((ua + oy)) $T
check balanced "after a flat unaccount"
cg_create f/z
helper f/z 'alloc 1000' >/dev/null
policy dead
rmdir "$CG/f/z"
wait_gone "$KM/cgroup/f/z"
dd=$(dead_dir /f/z)
t "dead under flat is listed" test -n "$dd"
check balanced "with a flat dead group"
free_pages
t "... and goes once freed" wait_gone "$dd"
check balanced "after freeing, flat"
t "no figure is negative" no_negative
race reparent f/r 5
race unaccount f/r 5
t "no figure is negative after frees racing 10 flat removals" no_negative
check balanced "after frees racing 10 flat removals"
policy dead
cg_create f/q
helper f/q 'alloc 1000' >/dev/null
rmdir "$CG/f/q"
wait_gone "$KM/cgroup/f/q"
rmdir "$CG/f"
t "a dead group holds objects at unload" test -n "$(dead_dir /f/q)"
t "the module unloads with it" rmmod kmemcg
free_pages

# --- flat under shadow granularity: both views' totals ---
insmod /root/kmemcg.ko hierarchy=flat granularity=shadow
cg_create s/x
helper s/x 'alloc 4000' >/dev/null
check balanced "flat, shadow"
check obj_balanced "flat, shadow, objects"
policy reparent
rmdir "$CG/s/x"
wait_gone "$KM/cgroup/s/x"
check balanced "after a flat reparent, shadow"
check obj_balanced "after a flat reparent, shadow, objects"
cg_create s/y
helper s/y 'alloc 4000' >/dev/null
policy unaccount
rmdir "$CG/s/y"
wait_gone "$KM/cgroup/s/y"
free_pages
check balanced "after a flat unaccount, shadow, once freed"
check obj_balanced "after a flat unaccount, shadow, objects, once freed"
t "no figure is negative (shadow)" no_negative
rmdir "$CG/s"
rmmod kmemcg
rmmod kmemcg_test_alloc

done_testing
