#!/bin/sh
# sockets: sockets and socket buffers.
#
# Stresses the socket caches and the buffers queued on them: U AF_UNIX
# stream socketpairs with 4 KiB queued in each direction (sock_inode_cache,
# UNIX, skbuff_head_cache and the skbs' data from kmalloc), then P UDP
# sockets on 127.0.0.1 that each send themselves 1 KiB (UDP,
# skbuff_head_cache, kmalloc), through kmemcg-wl (workloads/bin), since
# busybox can hold neither.  Brings lo up first (ip link set lo up: the
# VM boots with it down; it stays up).
#
# Frees: each kmemcg-wl holds its sockets 2 s and closes them all when it
# exits; the queued buffers go with the sockets.
# Success: both kmemcg-wl runs succeed.  About 10 s under TCG.
U=${U:-1000}
P=${P:-500}

ip link set lo up || exit 1
kmemcg-wl unix "$U" 2 || exit 1
kmemcg-wl udp "$P" 2 || exit 1
