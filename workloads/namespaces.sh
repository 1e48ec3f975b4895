#!/bin/sh
# namespaces: mount, network, UTS and IPC namespaces.
#
# Stresses what a namespace costs the kernel: a mount namespace's copy of
# every mount (mnt_cache, the mountpoint hash), a network namespace's
# struct net and everything its init allocates per namespace (the
# loopback device, sysctl tables, proc entries, routing and neighbour
# tables, a good deal of kmalloc), UTS and IPC namespaces: N namespaces
# held at once (busybox unshare -m -n -u -i), each mounting a tmpfs and
# bringing its own lo up, then waiting 3 s.
#
# Frees: every namespace goes when its last task exits; a network
# namespace is torn down by a kernel worker (cleanup_net) a little later,
# so its memory may still be charged when the script ends.
# Success: every namespace's shell exits 0 after its mount and its lo
# came up.  About 20 s under TCG (N=10).
N=${N:-10}

pids=""
i=0
while [ $i -lt "$N" ]; do
	# shellcheck disable=SC2016 # $0 is the inner shell's
	unshare -m -n -u -i sh -c '
		hostname "ns$0" && mount -t tmpfs none /mnt && mkdir /mnt/x &&
		ip link set lo up && [ "$(hostname)" = "ns$0" ] && sleep 3' "$i" &
	pids="$pids $!"
	i=$((i + 1))
done
for p in $pids; do
	wait "$p" || { echo "namespaces: a namespace's shell ($p) failed" >&2; exit 1; }
done
[ "$(hostname)" != ns0 ] || { echo "namespaces: the hostname leaked out" >&2; exit 1; }
echo "namespaces: $N mount+net+uts+ipc namespaces"
