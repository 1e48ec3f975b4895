#!/bin/sh
# vm: TIMEOUT=1500
# Object-level accounting (issue 11, tests 1-8), in one boot: the module
# is reloaded with each granularity in turn.  The helper module
# (tests/helper) allocates from its own unmergeable caches, kmemcg_test
# and kmemcg_test_acct (SLAB_ACCOUNT), and kmallocs, in the context of a
# "worker": a shell that lives in one cgroup and writes the commands it
# is sent to the helper without forking, so nothing else it does lands in
# the caches measured, and object counts are exact (tolerance 0).
. /usr/share/kmemcg/lib.sh
CTL=/sys/kernel/debug/kmemcg_test/ctl
PAGE=4096
cpus=$(nproc)

# Pin a worker to CPU 0 where the guest can, so that B's objects go into
# the slabs A left partly free on that CPU (SLUB's per-CPU slabs, 7.x's
# per-CPU sheaves).
pin=
command -v taskset >/dev/null && pin="taskset -c 0"

# worker_start CG: a worker in CG; do_in sends it a command, returns its status
worker_start() {
	rm -f /tmp/w.in /tmp/w.out
	mkfifo /tmp/w.in /tmp/w.out
	cg_run "$1" $pin sh -c 'exec 4>/tmp/w.out; while read -r c; do
		echo "$c" >"$0" 2>/dev/null; echo $? >&4; done </tmp/w.in' "$CTL" &
	exec 6</tmp/w.out 5>/tmp/w.in
}
worker_stop() { exec 5>&- 6<&-; wait; }
do_in() { echo "$1" >&5; read -r _rc <&6; return "$_rc"; }
# in_cg CG CMD: one helper command in CG, through a worker
in_cg() { worker_start "$1"; do_in "$2"; _r=$?; worker_stop; return $_r; }

# Top-level slabinfo: objs CACHE CG / obytes CACHE CG (object view),
# pobjs CACHE CG (page view: num_objs of the slabs CG owns)
all_field() { awk -v c="$1" -v g="$2" -v f="$3" '$1 == c && $2 == g { print $f; n = 1 }
	END { if (!n) print 0 }' "$KM/slabinfo"; }
objs() { all_field "$1" "/$2" 7; }
obytes() { all_field "$1" "/$2" 8; }
pobjs() { all_field "$1" "/$2" 4; }
slot() { cat "/sys/kernel/slab/$1/slab_size"; }
helper_load() { insmod /root/ko/kmemcg_test_alloc.ko; }
helper_unload() { echo free >"$CTL"; echo rcu_barrier >"$CTL"; rmmod kmemcg_test_alloc; }
reload() { rmmod kmemcg && insmod /root/kmemcg.ko "$@"; }

# Conservation (test 5).  In one read of the stat file (one pass): the
# global object bytes equal every group's, and the root's object view
# balances the groups' own.  Across files: the side table (the top-level
# slabinfo, a scan of the vectors) agrees with the groups' stat files, for
# every cgroup but the root, where this shell and its commands run.
# Quiet moments come and go: up to 100 tries 0.2 s apart.  Frees still
# queued behind RCU (the dentries and inodes of removed tmpfs files, the
# helper's kfree_rcu) keep the stat files and the table moving: they are
# waited for first, when the helper is loaded.  (6.12 in CI once stayed
# unbalanced for the whole 10 s the check used to wait, after test 4's
# files were removed on a loaded host.)
obj_balanced() {
	_s=$(km_stat object_bytes) _S=$(km_stat object_bytes_sum)
	awk '$1 == "object_bytes" { b = $2 } $1 == "object_bytes_sum" { s = $2 }
	     $1 == "object_charged_bytes" { c = $2 } $1 == "object_view_bytes_sum" { v = $2 }
	     END { printf "global %d groups %d charged %d own-view %d ", b, s, c, v
		   exit !(b == s && c == v) }' "$KM/stat" || return 1
	_g=$(find "$KM/cgroup" -mindepth 2 -name memory.kmem.stat -exec awk '$1 == "object_bytes" { s += $2 }
		END { print s + 0 }' {} + | awk '{ s += $1 } END { print s + 0 }')
	_t=$(awk '!/^#/ && $2 != "/" { s += $8 } END { print s + 0 }' "$KM/slabinfo")
	echo "non-root: groups $_g table $_t"
	[ "$_g" = "$_t" ] && return
	# Which cgroups differ, for the log.
	for _d in $(cd "$KM/cgroup" && find . -mindepth 1 -type d); do
		_a=$(km_stat object_bytes "${_d#.}")
		_b=$(awk -v g="${_d#.}" '!/^#/ && $2 == g { s += $8 } END { print s + 0 }' "$KM/slabinfo")
		[ "$_a" = "$_b" ] || echo "${_d#.}: stat $_a table $_b"
	done
	return 1
}
obj_check() {
	[ ! -w "$CTL" ] || echo rcu_barrier >"$CTL"
	retry -n 100 obj_balanced
	ok $? "objects conserved, $1: $(cat /tmp/bal)"
}

# --- Tests 1 and 2, under each granularity ---------------------------------
# A allocates 1000 objects and frees its last 500, leaving its slabs half
# free; B then allocates 200, which land in A's slabs.  Then a task of a
# third cgroup, C, frees them all.
N=1000 K=500 M=200
for g in page object shadow; do
	reload granularity=$g || { ok 1 "reload granularity=$g"; continue; }
	is "$(awk '$1 == "granularity" { print $2 }' "$KM/policy")" $g "policy says granularity $g"
	helper_load
	cg_create a
	cg_create b
	cg_create c
	s=$(slot kmemcg_test)
	worker_start a
	do_in "alloc $N" && do_in "free_n $K"
	worker_stop
	in_cg b "alloc $M"
	diag "$g: a $(grep -w kmemcg_test "$KM/slabinfo" | grep ' /a ')"
	diag "$g: b $(grep -w kmemcg_test "$KM/slabinfo" | grep ' /b ')"
	if [ $g != object ]; then
		cmp_ok "$(pobjs kmemcg_test a)" -ge $((N - K)) "$g: A's slab pages hold at least its objects"
		cmp_ok "$(pobjs kmemcg_test b)" -lt $M "$g: B pays for fewer slots than its $M objects (they sit in A's pages)"
	fi
	if [ $g != page ]; then
		is "$(objs kmemcg_test a)" $((N - K)) "$g: A is charged exactly its $((N - K)) objects"
		is "$(obytes kmemcg_test a)" $(((N - K) * s)) "$g: A's object bytes are N x slot size ($s)"
		is "$(objs kmemcg_test b)" $M "$g: B is charged exactly its $M objects"
		is "$(obytes kmemcg_test b)" $((M * s)) "$g: B's object bytes are M x slot size"
		in_cg c free
		is "$(objs kmemcg_test a)/$(objs kmemcg_test b)" 0/0 "$g: freed by C's task, A and B are uncharged"
		is "$(objs kmemcg_test c)" 0 "$g: ... and C, the freer, is not charged"
		obj_check "$g, after tests 1-2"
	else
		in_cg c free
		is "$(km_stat tracked_objects)" 0 "page: no object tracked, no object hook"
		is "$(grep -c '^kmem_cache_alloc\|^kfree ' "$KM/calls")" 0 "page: no object entry point in the calls file"
	fi
	helper_unload
	for x in a b c; do cg_remove $x; done
done

# --- Tests 3, 4, 6, 8 under object granularity ------------------------------
reload granularity=object
helper_load
cg_create d
s=$(slot kmemcg_test)
worker_start d

# 3. Every path charges and uncharges exactly.
do_in "bulk 300"
is "$(objs kmemcg_test d)" 300 "bulk allocation of 300 charges 300 objects"
do_in bulk_free
is "$(objs kmemcg_test d)" 0 "bulk free uncharges them all"
do_in "alloc 200" && do_in rcu_free && do_in rcu_barrier
# 6.1 has no barrier for kfree_rcu()'s batches: they go within seconds.
i=0
while [ "$(objs kmemcg_test d)" != 0 ] && [ $i -lt 100 ]; do usleep 100000; i=$((i + 1)); done
is "$(objs kmemcg_test d)" 0 "kfree_rcu() of 200 objects uncharges them all"
k8=$(slot kmalloc-8k) k4=$(slot kmalloc-4k)
do_in "kmalloc 50 3000"
is "$(objs kmalloc-4k d)" 50 "kmalloc(3000) x 50 charges 50 kmalloc-4k objects"
do_in "krealloc 3500"
grep -q 'krealloc_inplace 50' "$CTL"; ok $? "krealloc to 3500 kept them in place"
is "$(objs kmalloc-4k d)" 50 "... and their charges where they were"
do_in "krealloc 8000"
grep -q 'krealloc_moved 50' "$CTL"; ok $? "krealloc to 8000 moved them"
is "$(objs kmalloc-4k d)/$(objs kmalloc-8k d)" 0/50 "... uncharging the old objects and charging the new"
is "$(obytes kmalloc-8k d)" $((50 * k8)) "... at the new slot size"
do_in kmalloc_rcu_free && do_in rcu_barrier
i=0
while [ "$(objs kmalloc-8k d)" != 0 ] && [ $i -lt 100 ]; do usleep 100000; i=$((i + 1)); done
is "$(objs kmalloc-8k d)" 0 "kfree_rcu() of kmallocs uncharges them"
diag "kmalloc-4k slot $k4, kmalloc-8k slot $k8"

# 4. A limit under object granularity fails the allocation that would
#    cross it, and usage stays within one object of it.  The objects are
#    of the helper's SLAB_ACCOUNT cache: over_limit=fail (the default)
#    fails only allocations marked for accounting, and forces the rest
#    (unaccounted_forced: the tolerance above the limit).
#    The peak (max_usage_in_bytes, reset first) is what the refusal saw.
sa=$(slot kmemcg_test_acct)
lim=$(( ($(usage d) + 1048576) / PAGE * PAGE ))
km_write d memory.kmem.limit_in_bytes $lim >/dev/null
km_write d memory.kmem.max_usage_in_bytes 0 >/dev/null
do_in "acct_alloc 100000"
ok $((!$?)) "the helper's accounted allocation fails at the limit (NULL)"
u=$(km d memory.kmem.max_usage_in_bytes)
uf=$(km_stat unaccounted_forced_bytes d)
diag "limit $lim peak usage $u slot $sa failcnt $(km d memory.kmem.failcnt) unaccounted_forced_bytes $uf"
cmp_ok "$u" -le "$((lim + uf))" "usage stays at or below the limit"
cmp_ok $((lim - u)) -lt "$sa" "... and came within one object of it"
cmp_ok "$(km d memory.kmem.failcnt)" -gt 0 "failcnt counts the refusal"
# At the limit even opening the helper's file fails: lift it to free.
km_write d memory.kmem.limit_in_bytes max >/dev/null
do_in free
km_write d memory.kmem.limit_in_bytes $(( ($(usage d) + 1048576) / PAGE * PAGE )) >/dev/null
n=$(cg_run d sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/dl 100000')
e=$(mkfiles_err /tmp/dl)
diag "tmpfs files before the limit: $n, then: $e"
case $e in *"space"* | *"memory"*) ok 0 "a tmpfs workload stops with ENOSPC/ENOMEM: $e" ;;
*) ok 1 "a tmpfs workload stops with ENOSPC/ENOMEM: '$e'" ;; esac
rm -rf /tmp/dl
km_write d memory.kmem.limit_in_bytes max >/dev/null

# 6. A SLAB_ACCOUNT cache: the kernel charges each object s->size plus
#    its 8-byte obj_cgroup pointer (mm/slab.h obj_full_size()); its
#    memory.stat "slab" lags by what sits in per-CPU stocks and unflushed
#    stats: a page of object stock per CPU, and stat updates a read does
#    not flush (mm/memcontrol.c memcg_rstat_updated(),
#    memcg_vmstats_needs_flush(), counted in pages from 6.9 on): below
#    MEMCG_CHARGE_BATCH (64) pending on each CPU, plus up to 64 per CPU
#    already added to the cgroup's count but not over its flush threshold.
#    Tolerance: 129 pages per CPU, plus 64 KiB for the worker's own
#    objects.  (It was 65 pages per CPU, which left out the second term:
#    6.12 went past it once, on a host running twice make check's VMs.)
NA=20000
sa=$(slot kmemcg_test_acct)
before=$(awk '$1 == "slab" { print $2 }' "$CG/d/memory.stat")
do_in "acct_alloc $NA"
after=$(awk '$1 == "slab" { print $2 }' "$CG/d/memory.stat")
ours=$(obytes kmemcg_test_acct d)
is "$ours" $((NA * sa)) "our object bytes for the SLAB_ACCOUNT cache: N x slot ($sa)"
kern=$((after - before)) want=$((NA * (sa + 8))) tol=$((129 * PAGE * cpus + 65536))
diag "kernel slab +$kern, ours $ours, ours + 8 B/object $want, tolerance $tol"
values_close "$kern" "$want" "$tol"
ok $? "the kernel's memory.stat slab moves with ours (within $tol bytes)"
do_in free
worker_stop	# quiescent: no task left in d
obj_check "after tests 3, 4, 6"

# 8. The side table's memory: 4 bytes per slot, 16-byte headers rounded
#    to 16: at most 4 bytes per slot plus 31 per slab.
vb=$(km_stat object_vector_bytes) sl=$(km_stat object_slots) sb=$(km_stat object_slabs)
diag "vectors $vb bytes for $sl slots in $sb slabs: $((vb * 100 / sl)) centibytes per slot"
cmp_ok "$vb" -le $((4 * sl + 31 * sb)) "vector memory <= 4 B per slot + 31 B per slab"
cmp_ok "$sl" -gt 0 "slots are reported"

# 5. Churn: cgroups made, charged and removed (reparenting), and caches
#    destroyed and made again; then no stale object, and conservation.
for i in 1 2 3 4 5 6 7 8 9 10; do
	cg_create ch$i
	in_cg ch$i "alloc 300"
	[ $((i % 2)) = 0 ] && in_cg ch$i free
	cg_remove ch$i
done
helper_unload
helper_load
in_cg d "alloc 100"
helper_unload
cg_remove d
obj_check "after churn of cgroups and caches"
is "$(km_stat stale_objects)" 0 "no stale object (every slot was cleared before its slab went)"
is "$(km_stat object_record_failures)" 0 "no object went unrecorded"
is "$(km_stat internal_alloc_failures)" 0 "no internal allocation failed"

# --- Shadow: switching the enforced view at run time ------------------------
reload granularity=shadow
is "$(awk '$1 == "shadow_enforce" { print $2 }' "$KM/policy")" page "shadow enforces the page view by default"
echo "shadow_enforce object" >"$KM/policy"
is "$(awk '$1 == "shadow_enforce" { print $2 }' "$KM/policy")" object "writing shadow_enforce object switches it"
(echo "granularity page" >"$KM/policy") 2>/dev/null
ok $((!$?)) "the granularity cannot change at run time"
(echo "shadow_enforce pages" >"$KM/policy") 2>/dev/null
ok $((!$?)) "junk is refused"
is "$(awk '$1 == "shadow_enforce" { print $2 }' "$KM/policy")" object "... and changes nothing"
helper_load
cg_create e
in_cg e "alloc 100"
view() { echo "$(km e memory.kmem.usage_in_bytes) $(($(km_stat object_bytes e) + $(km_stat large_kmalloc_bytes e)))"; }
i=0
while v=$(view) && [ "${v% *}" != "${v#* }" ] && [ $i -lt 20 ]; do usleep 200000; i=$((i + 1)); done
is "${v% *}" "${v#* }" "usage_in_bytes is the object view under shadow_enforce object"
# The CLI shows both views side by side.
out=$(kmemcg tree)
echo "$out" | head -n 3 | sed 's/^/# /'
echo "$out" | head -n 1 | grep -q 'PAGE .*OBJECT'
ok $? "kmemcg tree has a page and an object column under shadow"
out=$(kmemcg slabinfo /e)
echo "$out" | grep -E 'OBJECTS|kmemcg_test' | sed 's/^/# /'
echo "$out" | awk '$NF == "kmemcg_test"' | grep -qw 100
ok $? "kmemcg slabinfo shows e's 100 kmemcg_test objects beside its pages"
kmemcg status | grep -q 'shadow granularity'
ok $? "kmemcg status names the granularity"
helper_unload
cg_remove e
obj_check "under shadow"

# 7. Unload and reload 20 times under a load that allocates and frees in
#    three cgroups, object hooks installed: Slab in /proc/meminfo and the
#    module's own bytes come back.
reload granularity=object
slab0=$(awk '/^Slab:/ { print $2 * 1024 }' /proc/meminfo)
own0=$(($(km_stat module_bytes) - $(km_stat object_pool_bytes)))
for x in l1 l2 l3; do
	cg_create $x
	cg_run $x sh -c '. /usr/share/kmemcg/lib.sh
		while [ ! -e /tmp/stop ]; do mkfiles /tmp/'$x' 300 >/dev/null; rm -rf /tmp/'$x'; done' &
done
bad=0
for i in $(seq 20); do reload granularity=object || bad=$((bad + 1)); done
touch /tmp/stop
wait
rm -f /tmp/stop
is $bad 0 "20 reloads under load, each succeeded"
for x in l1 l2 l3; do cg_remove $x; done
reload granularity=object
drop_caches 3
sleep 1
slab1=$(awk '/^Slab:/ { print $2 * 1024 }' /proc/meminfo)
own1=$(($(km_stat module_bytes) - $(km_stat object_pool_bytes)))
diag "Slab $slab0 -> $slab1, module bytes (pool apart) $own0 -> $own1"
slab_back "$slab0" "$slab1" 2097152 "Slab: comes back within 2 MiB"
is "$own1" "$own0" "the module's own bytes (groups, owners, tables) come back exactly"
obj_check "after the reloads"

done_testing
