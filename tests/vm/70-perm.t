#!/bin/sh
# Permissions (issue 3, scenario 9): an unprivileged user can neither read
# nor write the module's files; root without CAP_SYS_ADMIN can read but
# not write them.  kmemcg-test-priv (tests/vm/bin) drops the privilege.
. /usr/share/kmemcg/lib.sh
L=$KM/cgroup/p/memory.kmem.limit_in_bytes

cg_create p
echo 8M >"$L"
t "an unprivileged user cannot read stat" \
	sh -c "! kmemcg-test-priv --uid 65534 cat $KM/stat"
t "an unprivileged user cannot read a cgroup's usage" \
	sh -c "! kmemcg-test-priv --uid 65534 cat $KM/cgroup/p/memory.kmem.usage_in_bytes"
t "an unprivileged user cannot write a limit" \
	sh -c "! kmemcg-test-priv --uid 65534 sh -c 'echo 1M > $L'"
t "root without CAP_SYS_ADMIN can read the limit" \
	kmemcg-test-priv --drop-sys-admin cat "$L"
for f in memory.kmem.limit_in_bytes memory.kmem.max_usage_in_bytes \
	 memory.kmem.failcnt memory.kmem.independent_kmem_limit; do
	e=$(kmemcg-test-priv --drop-sys-admin sh -c "echo 0 > $KM/cgroup/p/$f" 2>&1)
	case $e in *"Operation not permitted"*) r=0 ;; *) r=1 ;; esac
	ok $r "root without CAP_SYS_ADMIN cannot write $f (EPERM)"
done
is "$(cat "$L")" 8388608 "the limit is unchanged"
is "$(cat $KM/cgroup/p/memory.kmem.independent_kmem_limit)" 1 "independent_kmem_limit is unchanged"

done_testing
