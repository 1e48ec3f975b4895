#!/bin/sh
# vm: LOAD=0
# vm: TIMEOUT=1800
# Fault injection under churn (issue 15, point 2): from the end of the
# load on, 1 % of the module's own allocations fail (test_fail_alloc=
# rate:10; its seed is in the log) while cgroups are created and removed,
# nested, under each on_delete mode, with files and dentries allocated in
# them, under shadow granularity (pages and objects both), and the files
# are read.  Then, at a quiet point, every invariant still holds: pages
# and objects conserved, no stale entry or object, no negative figure;
# every failure was counted exactly once (internal_alloc_failures equals
# what the counted sites injected; each owner vector that failed is an
# object not recorded); a read that failed failed with ENOMEM and nothing
# else; a cgroup without a directory is one whose group or directory
# failed.  The harness checks the guest logged no warning.
. /usr/share/kmemcg/lib.sh

ROUNDS=30
insmod /root/kmemcg.ko granularity=shadow test_fail_alloc=rate:10 || exit 1
dmesg | grep 'test_fail_alloc=' | sed 's/^/# /'
P=$KM/policy
injected() { awk -v k="test_injected_$1" '$1 == k { print $2 }' "$KM/stat"; }
# A read of FILE: it succeeds, or fails with ENOMEM; 1 on anything else.
readf() {
	if cat "$1" >/dev/null 2>/tmp/rd.err; then
		return 0
	fi
	if grep -q 'Cannot allocate memory' /tmp/rd.err; then
		enomem=$((enomem + 1))
		return 0
	fi
	diag "read of $1: $(cat /tmp/rd.err)"
	return 1
}

enomem=0 badread=0 badwrite=0 r=0
while [ $r -lt $ROUNDS ]; do
	case $((r % 3)) in
	0) mode=reparent ;;
	1) mode=unaccount ;;
	*) mode=dead ;;
	esac
	echo "on_delete $mode" >"$P" 2>/tmp/wr.err ||
		grep -q 'Cannot allocate memory' /tmp/wr.err || badwrite=$((badwrite + 1))
	for c in a b c/d c/e/f; do cg_create "r$r/$c"; done
	for c in a b c/d c/e/f; do
		cg_run "r$r/$c" sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/f-$0 150 >/dev/null
			negdentries 150' "$r-$(echo $c | tr / -)" &
	done
	wait
	# scope_list copies are made on write: ENOMEM or taken
	echo "scope_list dentry,kmalloc-64" >"$P" 2>/tmp/wr.err ||
		grep -q 'Cannot allocate memory' /tmp/wr.err || badwrite=$((badwrite + 1))
	for f in "$KM/slabinfo" "$KM/caches" "$P" "$KM/stat" \
		 "$KM/cgroup/r$r/a/memory.kmem.slabinfo" "$KM/cgroup/r$r/c/d/memory.kmem.stat"; do
		[ -e "$f" ] || continue
		readf "$f" || badread=$((badread + 1))
	done
	# Free half, remove the previous round's cgroups (deepest first).
	rm -rf /tmp/f-"$r"-a /tmp/f-"$r"-c-d
	if [ $r -gt 0 ]; then
		p=r$((r - 1))
		rm -rf /tmp/f-$((r - 1))-*
		for c in c/e/f c/e c/d c b a ""; do rmdir "$CG/$p/$c" 2>/dev/null; done
	fi
	r=$((r + 1))
done
diag "$enomem reads failed with ENOMEM"
is "$badread" 0 "every read succeeded or failed with ENOMEM"
is "$badwrite" 0 "every policy write succeeded or failed with ENOMEM"

# Cgroups without a directory under a parent that has one: each must be
# one whose group or directory failed (a group that failed is accounted
# to its parent; under a directory that failed, none is made).
missing=0
for d in $(cd "$CG" && find r* -type d); do
	[ -d "$KM/cgroup/$d" ] || [ ! -d "$KM/cgroup/$(dirname "$d")" ] ||
		missing=$((missing + 1))
done
grp=0
for s in group owner owner_id owner_chunk group_name group_index debugfs; do
	grp=$((grp + $(injected $s)))
done
diag "$missing cgroups without a directory; $grp failures of groups and debugfs entries"
cmp_ok "$missing" -le "$grp" "each cgroup without a directory is a counted failure"

# Quiet point: the workloads' files and the cgroups go, RCU frees drain
# (a cgroup still there would need its directory, which may have failed).
rm -rf /tmp/f-*
for d in $(cd "$CG" && find r* -depth -type d); do rmdir "$CG/$d" 2>/dev/null; done
drop_caches 3

# The invariant checker (kmemcg check: conservation in both views, no
# negative figure, no stale entry or object, every cgroup mirrored, usage
# at least the children's); its exit status 1 lists each violation.
kmemcg check >/tmp/check.out 2>&1
rc=$?
sed 's/^/# /' /tmp/check.out
is "$rc" 0 "kmemcg check: every invariant holds after churn with failures"
is "$(km_stat stale_entries)" 0 "no stale owner-table entry"
is "$(km_stat stale_objects)" 0 "no stale object slot"

fails=$(km_stat internal_alloc_failures)
counted=$(awk '$1 ~ /^test_injected_/ && $1 != "test_injected_scope_list" &&
	       $1 != "test_injected_file_buffer" { i += $2 } END { print i + 0 }' "$KM/stat")
diag "$(grep '^test_' "$KM/stat" | tr '\n' ' ')"
cmp_ok "$fails" -gt 0 "allocations failed ($fails)"
is "$fails" "$counted" "each counted exactly once in internal_alloc_failures"
is "$(km_stat object_record_failures)" "$(injected owner_vector)" \
	"each owner vector that failed is one object not recorded"
cmp_ok "$(injected file_buffer)" -ge "$enomem" "each failed read is an injected failure"

t "unload works after all that" rmmod kmemcg
t "nothing left in debugfs" test ! -e "$KM"
t "a plain load works" insmod /root/kmemcg.ko
is "$(km_stat internal_alloc_failures)" 0 "and counts no failure"

done_testing
