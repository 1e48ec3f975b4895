#!/bin/sh
# vm: TIMEOUT=900
# Per-cgroup slabinfo (issue 4, tests 1-4).  The helper module
# (tests/helper) allocates objects from its own unmergeable cache
# "kmemcg_test" in the writing task's context.
. /usr/share/kmemcg/lib.sh
N=10000
CTL=/sys/kernel/debug/kmemcg_test/ctl

# line CGROUP CACHE: that cache's line in the cgroup's slabinfo
line() { awk -v c="$2" '$1 == c' "$KM/cgroup/${1#/}/memory.kmem.slabinfo"; }
field() { echo "$1" | awk -v f="$2" '{ print $f }'; }

t "the cgroup slabinfo starts with the /proc/slabinfo header" \
	sh -c "head -n 2 $KM/cgroup/memory.kmem.slabinfo > /tmp/h1; head -n 2 /proc/slabinfo > /tmp/h2; cmp /tmp/h1 /tmp/h2"
insmod /root/ko/kmemcg_test_alloc.ko
cg_create x
cg_create y

# 1. N objects from a process in x.  Every slab of the fresh cache was
#    allocated by x while the module was loaded, so x's num_slabs equals
#    /proc/slabinfo's.  Active objects: N, plus the rest of the slabs that
#    are per-CPU (SLUB counts their free objects as active, as
#    /proc/slabinfo does): at most objperslab x CPUs more.
cg_run x sh -c "echo 'alloc $N' > $CTL"
l=$(line x kmemcg_test)
p=$(awk '$1 == "kmemcg_test"' /proc/slabinfo)
diag "x:    $l"
diag "proc: $p"
t "x's slabinfo has a line for the helper's cache" test -n "$l"
active=$(field "$l" 2) per=$(field "$l" 5) cpus=$(nproc)
cmp_ok "$active" -ge $N "active_objs >= N"
cmp_ok "$active" -le $((N + per * cpus)) "active_objs <= N + objperslab x CPUs ($per x $cpus)"
is "$(field "$l" 15)" "$(field "$p" 15)" "num_slabs equals /proc/slabinfo's"
is "$(field "$l" 4) $(field "$l" 5) $(field "$l" 6)" "$(field "$p" 4) $(field "$p" 5) $(field "$p" 6)" \
	"objsize, objperslab and pagesperslab are /proc/slabinfo's"
is "$(line y kmemcg_test)" "" "another cgroup's file has no line for it"
echo free >$CTL
echo shrink >$CTL
is "$(line x kmemcg_test)" "" "freeing the objects and shrinking the cache removes the line"

# 2. 100,000 negative dentries (sysfs keeps them) from x: x's slabinfo
#    shows the dentry cache with at least 90% of that many active objects.
cg_run x sh -c '. /usr/share/kmemcg/lib.sh; negdentries 100000'
l=$(line x dentry)
diag "x: $l"
cmp_ok "$(field "$l" 2)" -ge 90000 "the dentry cache holds >= 90% of 100,000 dentries"

# 3. Every cgroup's slabinfo bytes (num_slabs x pagesperslab x page, the
#    large-kmalloc line included) equal its own bytes in memory.kmem.stat,
#    at a quiescent point.  One cat reads both files of a cgroup, so nothing
#    of ours runs in between.  The cgroups here have no tasks and must
#    match exactly (retried a few times for RCU-delayed frees); the root
#    never rests (this shell, kernel threads and interrupts charge it while
#    it is read), so its figures must agree within 256 KiB.
cg_run y sh -c "echo 'alloc 3000' > $CTL"
bytes_ok() {
	# shellcheck disable=SC2044 # the paths are the cgroups the test made: no blanks
	for d in $(find "$KM/cgroup" -type d); do
		cat "$d/memory.kmem.slabinfo" "$d/memory.kmem.stat" >/tmp/both
		s=$(awk 'NF > 15 && $1 !~ /^#/ { b += $15 * $6 * 4096 } END { print b + 0 }' /tmp/both)
		o=$(awk '$1 == "own_bytes" { print $2 }' /tmp/both)
		tol=0
		[ "$d" != "$KM/cgroup" ] || tol=262144
		values_close "$s" "$o" $tol ||
			{ echo "${d#$KM/cgroup}/: slabinfo $s own $o"; return 1; }
	done
}
retry -n 20 bytes_ok
ok $? "slabinfo bytes equal own bytes in every cgroup $(cat /tmp/bal)"

# 4. Over all cgroups, a cache's num_slabs never exceeds /proc/slabinfo's.
#    The two files are read at different moments, and a cache whose slabs
#    are all tracked (one created after load, or whose older slabs are all
#    gone) can free a slab in between; so /proc/slabinfo is read before and
#    after the module's file, and the larger of the two is the bound.
slabs_over() {
	awk '{ print $1, $15 }' /proc/slabinfo >/tmp/p1
	awk 'NR > 1 { n[$1] += $6 } END { for (c in n) print c, n[c] }' "$KM/slabinfo" >/tmp/sum
	awk '{ print $1, $15 }' /proc/slabinfo >/tmp/p2
	awk 'FILENAME != "/tmp/sum" { if ($2 > s[$1]) s[$1] = $2; next }
		($1 in s) && $2 > s[$1] { print $1, $2, s[$1] }' /tmp/p1 /tmp/p2 /tmp/sum
}
is "$(slabs_over)" "" "no cache has more slabs over all cgroups than /proc/slabinfo shows"
t "the top-level file has a line for x's dentries" \
	sh -c "awk '\$1 == \"dentry\" && \$2 == \"/x\"' $KM/slabinfo | grep -q ."

echo free >$CTL
rmmod kmemcg_test_alloc
done_testing
