#!/bin/sh
# pipes: pipes, full and streaming.
#
# Stresses pipe_inode_info and the pipes' buffer arrays (kmalloc-cg-1k),
# their inodes and files (filp, the pipefs inode cache): N pipes held open
# with 4 KiB queued in each (kmemcg-wl pipes; the data pages themselves are
# not slab), then a chain of S cat processes streaming 4 MiB through S+1
# pipes (task structs too, while it runs).
#
# Frees: every pipe is closed by the time it exits (kmemcg-wl holds its
# pipes 2 s first).
# Success: kmemcg-wl succeeds and all 4 MiB come out of the chain.
# About 10 s under TCG (N=2000, S=8).
N=${N:-2000}
S=${S:-8}

kmemcg-wl pipes "$N" 2 || exit 1
cmd="head -c 4194304 /dev/zero"
i=0
while [ $i -lt "$S" ]; do
	cmd="$cmd | cat"
	i=$((i + 1))
done
bytes=$(eval "$cmd | wc -c")
echo "pipes: $N pipes held; $bytes bytes through $S cats"
[ "$bytes" -eq 4194304 ] || { echo "pipes: got $bytes bytes, want 4194304" >&2; exit 1; }
