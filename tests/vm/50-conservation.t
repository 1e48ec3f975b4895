#!/bin/sh
# Conservation at quiescent points (issue 3, scenario 7): the sum of every
# group's own bytes = total charged bytes = bytes of the pages in the
# owner table.  Charges are not batched, so at a quiescent point the three
# are equal exactly.  The files are read one after another while the
# kernel's own threads may still allocate, so a snapshot is retried (up to
# 20 times, 0.2 s apart) until one is quiet; a real leak never balances.
. /usr/share/kmemcg/lib.sh

# balanced: one snapshot; prints the three figures, succeeds when equal.
balanced() {
	sum=0
	for f in $(find "$KM/cgroup" -name memory.kmem.stat); do
		sum=$((sum + $(awk '$1 == "own_bytes" { print $2 }' "$f")))
	done
	charged=$(km_stat charged_bytes)
	tracked=$(km_stat tracked_bytes)
	echo "own-sum $sum charged $charged tracked $tracked"
	[ "$sum" = "$charged" ] && [ "$charged" = "$tracked" ]
}

# check WHEN: retry a snapshot until it balances.
check() {
	i=0
	while ! balanced >/tmp/bal && [ $i -lt 20 ]; do
		usleep 200000
		i=$((i + 1))
	done
	balanced >/tmp/bal
	ok $? "balanced $1: $(cat /tmp/bal)"
}

check "after load"
cg_create c1/a
cg_create c1/b
cg_create c2
cg_run c1/a sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/a 4000' >/dev/null
cg_run c1/b sh -c '. /usr/share/kmemcg/lib.sh; negdentries 20000' >/dev/null
cg_run c2 sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/c 3000' >/dev/null
check "after work in three cgroups"
km_write c2 memory.kmem.limit_in_bytes 1M >/dev/null
cg_run c2 sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/c 100000' >/dev/null
check "after refused charges"
cg_remove c1/b
check "after removing a cgroup with charges"
rm -rf /tmp/a /tmp/c
echo 3 >/proc/sys/vm/drop_caches
check "after freeing"
is "$(km_stat stale_entries)" 0 "no owner-table entry outlived its page"
is "$(km_stat internal_alloc_failures)" 0 "no internal allocation failed"

done_testing
