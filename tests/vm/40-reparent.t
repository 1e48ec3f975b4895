#!/bin/sh
# Removing a cgroup with live charges (issue 3, scenario 6): 001's
# reparenting.
. /usr/share/kmemcg/lib.sh

cg_create r/x
cg_run r/x sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/rx 5000' >/dev/null
sleep 1				# let the exited workload's RCU frees land
own=$(km_stat own_bytes r/x)
pu=$(usage r)
cmp_ok "$own" -gt 1048576 "the child owns its files' slab pages ($own bytes)"
cg_remove r/x
t "the child's directory goes away with the cgroup" test ! -e "$KM/cgroup/r/x"
# Nothing runs in r; the only change allowed is a late free of an object
# of the exited workload emptying a slab page: 64 KiB (16 pages).
u=$(usage r)
t "the parent's usage is unchanged right after ($pu -> $u)" values_close "$u" "$pu" 65536
t "the parent took over the child's own bytes ($own)" \
	values_close "$(km_stat reparented_bytes r)" "$own" 65536
t "... as its own bytes" values_close "$(km_stat reparented_bytes r)" "$(km_stat own_bytes r)" 65536
rm -rf /tmp/rx
drop_caches 2
after=$(usage r)
diag "parent usage after freeing: $after (was $pu)"
# Some slab pages stay: a page is freed only when all its objects are, and
# objects of other cgroups share pages; half of the pages going back is
# far beyond what a failure to uncharge would give.
cmp_ok "$after" -lt $((pu / 2)) "freeing the objects brings the parent back down"

# 30 create/charge/remove cycles leave no group behind within 10 seconds.
g0=$(km_stat groups)
i=0
while [ $i -lt 30 ]; do
	cg_create r/y$i
	cg_run r/y$i sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/ry 200' >/dev/null
	cg_remove r/y$i
	rm -rf /tmp/ry
	i=$((i + 1))
done
drop_caches 2
s=0
while [ $s -lt 10 ] && [ "$(km_stat groups)" != "$g0" ]; do
	sleep 1
	s=$((s + 1))
done
is "$(km_stat groups)" "$g0" "no group is left behind after 30 cycles (${s}s)"
is "$(ls -d "$KM"/cgroup/r/y* 2>/dev/null | wc -l)" 0 "no directory is left behind"
diag "owners of removed groups still naming pages: $(km_stat dead_owners)"
cmp_ok "$(km_stat own_bytes r)" -ge 0 "nothing went negative in the parent"
t "no negative figure anywhere" sh -c "! grep -h ' -' $KM/stat $KM/cgroup/r/memory.kmem.stat"

done_testing
