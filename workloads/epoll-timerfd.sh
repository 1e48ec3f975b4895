#!/bin/sh
# epoll-timerfd: epoll instances, timerfds and eventfds.
#
# Stresses eventpoll (kmalloc: struct eventpoll), eppoll_entry and epitem
# (their own caches), timerfd contexts (kmalloc) with armed hrtimers,
# eventfd contexts, and a struct file each (filp): kmemcg-wl epoll N makes
# N epoll instances, each watching a timerfd that fires every second and
# an eventfd (busybox has none of these).
#
# Frees: kmemcg-wl holds them 2 s, then exits, which closes them all.
# Success: kmemcg-wl succeeds twice (the second round reuses what the
# first freed, as a service restarting would).  About 10 s under TCG
# (N=1000).
N=${N:-1000}

kmemcg-wl epoll "$N" 2 || exit 1
kmemcg-wl epoll "$N" 1 || exit 1
