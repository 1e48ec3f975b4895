#!/bin/sh
# negdentries: negative dentries.
#
# Stresses the dentry cache: looks up N missing names on sysfs, which keeps
# a negative dentry for each (kernfs), as the kernel's cgroup selftest
# test_kmem.c does on a disk file system.  The names are longer than a
# dentry's inline name (DNAME_INLINE_LEN), so each also takes an external
# name from kmalloc.  No fork per lookup: `[ -e ]` is a shell builtin.
#
# Keeps: the dentries stay in the dcache after it exits (reclaimable:
# memory pressure or drop_caches frees them); it makes nothing else.
# Success: the kernel's count of negative dentries (/proc/sys/fs/
# dentry-state, 5th field) grew by at least half of N meanwhile.
# About 10 s under TCG with the default N=20000.
N=${N:-20000}
name=/sys/kmemcg-wl-a-missing-name-long-enough-to-need-an-external-dentry-name
neg() { awk '{ print $5 }' /proc/sys/fs/dentry-state; }

before=$(neg)
i=0
while [ $i -lt "$N" ]; do
	if [ -e "$name-$i" ]; then
		echo "negdentries: $name-$i exists" >&2
		exit 1
	fi
	i=$((i + 1))
done
after=$(neg)
echo "negdentries: $N lookups, negative dentries $before -> $after"
if [ $((after - before)) -lt $((N / 2)) ]; then
	echo "negdentries: fewer than $((N / 2)) new negative dentries" >&2
	exit 1
fi
