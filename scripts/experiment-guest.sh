#!/bin/sh
# The guest side of make experiment (scripts/experiment.sh): run in the VM
# by scripts/vm/run.sh, with kmemcg.ko loaded under one policy, it runs
# each workload in a fresh cgroup while `kmemcg record --caches` samples
# every cgroup, then collects the cgroup's final figures.
#
# Input (FILES= of run.sh): /root/experiment.conf (WORKLOADS: names,
# each /root/wl/NAME.sh; WL_TIMEOUT: seconds a workload may run;
# INTERVAL: the recording's interval, seconds).
#
# Output: /tmp/exp/, written as a tar archive to the scratch disk /dev/vda
# after each workload, so what finished survives a later hang or crash
# (run.sh DISK_OUT= keeps the disk; tar -xf reads it back):
#   version, policy, uname        the module's version and policy files
#   NAME/status                   "RC" or "RC REASON" (0: the workload passed)
#   NAME/workload.log             its stdout and stderr
#   NAME/record.csv               kmemcg record --caches, from before the
#                                 workload starts to after it ends
#   NAME/final                    KEY VALUE: usage_bytes, max_usage_bytes,
#                                 limit_bytes, failcnt, then memory.kmem.stat
#   NAME/memory.stat              the kernel's memory.stat of the cgroup
#   NAME/tree.json, status.json   kmemcg tree -b -o json CG, status -o json
#   NAME/memory.kmem.slabinfo, slabinfo, proc-slabinfo  the cgroup's, the
#                                 module's top-level and /proc/slabinfo
#   NAME/compare.csv, compare-caches.csv  kmemcg compare [--caches] CG -o csv,
#                                 when the CLI has compare
# All of it is taken after the workload ends and before the cgroup goes.
# Exit status: 0 when every workload passed, else 1.
# shellcheck shell=sh
# shellcheck source=/dev/null
. /usr/share/kmemcg/lib.sh
# shellcheck source=/dev/null
. /root/experiment.conf
out=/tmp/exp
mkdir -p "$out"
cp "$KM/version" "$out/version"
cp "$KM/policy" "$out/policy" 2>/dev/null
uname -r >"$out/uname"

flush() {
	tar -cf /tmp/exp.tar -C "$out" . &&
		dd if=/tmp/exp.tar of=/dev/vda bs=64k conv=fsync 2>/dev/null
}
flush
has_compare=0
kmemcg compare --help >/dev/null 2>&1 && has_compare=1

fails=0
for w in $WORKLOADS; do
	d=$out/$w cg=exp-$w
	mkdir -p "$d"
	cg_create "$cg"
	kmemcg record --caches -d "$INTERVAL" -o "$d/record.csv" 2>"$d/record.err" &
	rec=$!
	sleep "$INTERVAL"
	echo "experiment: $w: start ($(cat "$out/uname"), $(tr '\n' ' ' <"$out/policy" 2>/dev/null))"
	t0=$(date +%s)
	# -k: a workload that ignores SIGTERM is killed 5 s later, so one
	# workload cannot hold up the boot's others.
	cg_run "$cg" timeout -k 5 "$WL_TIMEOUT" sh "/root/wl/$w.sh" >"$d/workload.log" 2>&1
	rc=$?
	secs=$(($(date +%s) - t0))
	# Two more samples after the end: the frees that follow an exit.
	sleep "$INTERVAL"
	sleep "$INTERVAL"
	kill -INT "$rec"
	wait "$rec"
	reason=""
	if [ $rc -ne 0 ] && [ $secs -ge "$WL_TIMEOUT" ]; then
		reason="timeout: still running after ${WL_TIMEOUT}s"
	elif [ $rc -ne 0 ]; then
		reason="exit status $rc: $(tail -n 1 "$d/workload.log")"
	fi
	echo "$rc${reason:+ $reason}" >"$d/status"
	echo "experiment: $w: status $rc${reason:+ ($reason)}, ${secs}s"
	[ $rc -eq 0 ] || fails=$((fails + 1))

	c=$KM/cgroup/$cg
	{
		echo "usage_bytes $(cat "$c/memory.kmem.usage_in_bytes")"
		echo "max_usage_bytes $(cat "$c/memory.kmem.max_usage_in_bytes")"
		echo "limit_bytes $(cat "$c/memory.kmem.limit_in_bytes")"
		echo "failcnt $(cat "$c/memory.kmem.failcnt")"
		cat "$c/memory.kmem.stat"
	} >"$d/final"
	cp "$CG/$cg/memory.stat" "$d/memory.stat"
	cp "$c/memory.kmem.slabinfo" "$d/memory.kmem.slabinfo"
	cp "$KM/slabinfo" "$d/slabinfo"
	cp /proc/slabinfo "$d/proc-slabinfo"
	kmemcg tree -b -o json "$CG/$cg" >"$d/tree.json" 2>&1
	kmemcg status -o json >"$d/status.json" 2>&1
	if [ $has_compare = 1 ]; then
		kmemcg compare "$CG/$cg" -o csv >"$d/compare.csv" 2>"$d/compare.err"
		kmemcg compare --caches "$CG/$cg" -o csv >"$d/compare-caches.csv" 2>>"$d/compare.err"
	fi
	# What the workload left running goes, then the cgroup (its charges
	# go where the policy's on_delete sends them).
	{ echo 1 >"$CG/$cg/cgroup.kill"; } 2>/dev/null
	i=0
	while [ -n "$(cat "$CG/$cg/cgroup.procs")" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	cg_remove "$cg" || echo "experiment: $w: cannot remove $CG/$cg" >&2
	flush || echo "experiment: cannot write the results to /dev/vda" >&2
done
exit $((fails > 0))
