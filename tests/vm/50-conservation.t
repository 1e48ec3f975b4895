#!/bin/sh
# Conservation at quiescent points (issue 3, scenario 7): the sum of every
# group's own bytes = total charged bytes = bytes of the pages in the
# owner table.  Charges are not batched, so at a quiescent point the three
# are equal exactly.  The module reads the three back to back in one read
# of stat (own_bytes_sum is its sum over groups), since a reader that reads
# every cgroup's file allocates (and is charged) while it sums; a snapshot
# is retried (up to 50 times, 0.2 s apart) until one is quiet, and a real
# leak never balances.  The sum over the per-cgroup files, made by such a
# reader, must agree within what the reader itself allocates meanwhile
# (256 KiB).
. /usr/share/kmemcg/lib.sh

# balanced: one snapshot; prints the three figures, succeeds when equal.
balanced() {
	awk '$1 == "own_bytes_sum" { o = $2 } $1 == "charged_bytes" { c = $2 }
	     $1 == "tracked_bytes" { t = $2 }
	     END { print "own-sum", o, "charged", c, "tracked", t; exit !(o == c && c == t) }' \
		"$KM/stat"
}

# files_agree: the per-cgroup files' own_bytes add up to charged_bytes.
files_agree() {
	sum=0
	# shellcheck disable=SC2044 # the paths are the cgroups the test made: no blanks
	for f in $(find "$KM/cgroup" -name memory.kmem.stat); do
		sum=$((sum + $(awk '$1 == "own_bytes" { print $2 }' "$f")))
	done
	c=$(km_stat charged_bytes)
	echo "files $sum charged $c"
	values_close "$sum" "$c" 262144
}

# check WHEN: a balanced snapshot, and per-cgroup files that agree.
check() {
	retry balanced
	ok $? "balanced $1: $(cat /tmp/bal)"
	retry files_agree
	ok $? "the per-cgroup files add up too, $1: $(cat /tmp/bal)"
}

check "after load"
cg_create c1/a
cg_create c1/b
cg_create c2
cg_run c1/a sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/a 4000' >/dev/null
cg_run c1/b sh -c '. /usr/share/kmemcg/lib.sh; negdentries 20000' >/dev/null
cg_run c2 sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/c 3000' >/dev/null
check "after work in three cgroups"
km_write c2 memory.kmem.limit_in_bytes $(($(usage c2) + 1048576)) >/dev/null
cg_run c2 sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/c 100000' >/dev/null
cmp_ok "$(km c2 memory.kmem.failcnt)" -gt 0 "c2 hit its limit"
check "after refused charges"
cg_remove c1/b
check "after removing a cgroup with charges"
rm -rf /tmp/a /tmp/c
drop_caches 3
check "after freeing"
is "$(km_stat stale_entries)" 0 "no owner-table entry outlived its page"
is "$(km_stat internal_alloc_failures)" 0 "no internal allocation failed"

done_testing
