#!/bin/sh
# inotify: inotify instances and watches.
#
# Stresses inotify_inode_mark (one per watch), the fsnotify groups and
# their event queues (one per 1024 watches), and the shmem inodes and
# dentries of the watched files: kmemcg-wl inotify N creates N files in a
# fresh directory under /tmp, watches each, then writes to one and reads
# its event back (busybox's inotifyd cannot hold thousands of watches).
# Two rounds, the second with twice the watches.
#
# Frees: kmemcg-wl holds its watches 2 s, then removes its files (which
# drops their watches) and exits, closing the instances.
# Success: both rounds see their event.  About 10 s under TCG (N=4000).
N=${N:-4000}

kmemcg-wl inotify "$N" 2 || exit 1
kmemcg-wl inotify $((2 * N)) 2 || exit 1
echo "inotify: $N then $((2 * N)) watches, events seen"
