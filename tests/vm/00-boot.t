#!/bin/sh
# vm: LOAD=0
# Smoke test of the VM harness itself (scripts/vm/): the right kernel booted,
# the guest is set up as the other tests expect, stock modules and the scratch
# disk work.  Busybox sh in the guest; TAP with the plan at the end, as
# scripts/vm/test.sh wants.

n=0 failed=0
t() { # t DESCRIPTION COMMAND... : one TAP test; the output of a failure as comments
	n=$((n + 1)) desc=$1
	shift
	if "$@" >/tmp/t.out 2>&1; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc"
		sed 's/^/# /' /tmp/t.out
		failed=$((failed + 1))
	fi
}
echo "# guest: $(uname -r), $(nproc) CPUs, $(awk '/MemTotal/ { print $2 }' /proc/meminfo) kB"
t "kernel release is KMEMCG_KERNEL ($KMEMCG_KERNEL)" test "$(uname -r)" = "$KMEMCG_KERNEL"
# The debug kernel's line, 6.12-debug, is a 6.12 release (6.12.118+deb13-debug).
# shellcheck disable=SC2016
t "KMEMCG_LINE ($KMEMCG_LINE) is this kernel's line" \
	sh -c 'case $(uname -r) in "${KMEMCG_LINE%-debug}".*) ;; *) exit 1 ;; esac'
t "running as root in /root" test "$(id -u):$PWD" = "0:/root"
t "cgroup2 lists the memory controller" \
	grep -qw memory /sys/fs/cgroup/cgroup.controllers
t "memory is enabled for child cgroups" \
	grep -qw memory /sys/fs/cgroup/cgroup.subtree_control
t "debugfs is mounted" grep -q ' /sys/kernel/debug debugfs ' /proc/mounts
t "tracefs is mounted" grep -q ' /sys/kernel/tracing tracefs ' /proc/mounts
t "/tmp is a tmpfs" grep -q ' /tmp tmpfs ' /proc/mounts
t "modprobe ext4" modprobe ext4
t "modprobe loop" modprobe loop
t "modprobe xfs btrfs" modprobe -a xfs btrfs
t "/dev/vda (scratch disk) is a block device" test -b /dev/vda
t "mke2fs, mount -t ext4, write, umount on /dev/vda" sh -c '
	mke2fs -q /dev/vda && mkdir -p /mnt/vda && mount -t ext4 /dev/vda /mnt/vda &&
	echo hello >/mnt/vda/f && sync && grep -q hello /mnt/vda/f && umount /mnt/vda'
t "a memory cgroup can be created and entered" sh -c '
	mkdir /sys/fs/cgroup/t && echo $$ >/sys/fs/cgroup/t/cgroup.procs &&
	grep -q "^0::/t$" /proc/self/cgroup && echo $$ >/sys/fs/cgroup/cgroup.procs &&
	rmdir /sys/fs/cgroup/t'
echo "1..$n"
[ "$failed" = 0 ]
