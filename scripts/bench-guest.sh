#!/bin/sh
# The guest side of make bench (scripts/bench.sh): run in the VM by
# scripts/vm/run.sh with LOAD=0; it loads and unloads kmemcg.ko itself
# (/root/ko/), so that phases with and without it alternate in one boot.
#
# Input (FILES= of run.sh): /root/policies, one line per policy, its name
# (a kmemcg policy token) and insmod's parameters, separated by a tab; and
# /root/bench.conf, which sets
#   BOOT      "ac" (cgroup.memory=nokmem: phase A, module out, and C, module
#             in under each policy), "bd" (the kernel's accounting on:
#             B, module out, in a child cgroup; R, the same in the root
#             cgroup, which the kernel never charges; D, module in) or
#             "scale" (A and C of one workload beside 1 to 10,000 cgroups)
#   ROUNDS    rounds of every phase, the order reversed every other round
#   WORKLOADS kmemcg-bench workloads, each "NAME:ITERATIONS"
#   MICRO     kmemcg_test_bench runs, each "KIND:SIZE:BATCH:PAIRS"
#   SCALE     cgroup counts of the scale boot; SCALE_WL its workload
#   MEMORY    1: measure the module's memory (ac boot)
# Output: /tmp/bench/ as a tar archive on the scratch disk /dev/vda after
# each round (run.sh DISK_OUT=): times.tsv, one line per figure:
#   boot round phase policy workload ns_per_op ref_ns_per_op
# memory.tsv ("key value"), scale.tsv ("cgroups phase round workload ns
# ref", "cgroups load_s|unload_s S"), env (kernel, CPUs, memory).
# Exit status: 0, or 1 at the first failure (its message on stderr).
# shellcheck shell=sh
# shellcheck source=/dev/null
. /root/bench.conf
out=/tmp/bench
CG=/sys/fs/cgroup
KM=/sys/kernel/debug/kmemcg
CTL=/sys/kernel/debug/kmemcg_test_bench/ctl
mkdir -p "$out" /bench
mount -t tmpfs none /bench || exit 1
grep -qw memory "$CG/cgroup.subtree_control" || echo +memory >"$CG/cgroup.subtree_control"
mkdir -p "$CG/bench"
: >"$out/times.tsv"
{
	echo "kernel $(uname -r)"
	echo "cpus $(grep -c ^processor /proc/cpuinfo)"
	echo "mem_total_kb $(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)"
	echo "cmdline $(cat /proc/cmdline)"
	echo "kvm $(grep -qw hypervisor /proc/cpuinfo && dmesg | grep -q 'Hypervisor detected: KVM' && echo 1 || echo 0)"
} >"$out/env"

fail() { echo "bench-guest: $*" >&2; flush; exit 1; }
flush() {
	tar -cf /tmp/bench.tar -C "$out" . &&
		dd if=/tmp/bench.tar of=/dev/vda bs=64k conv=fsync 2>/dev/null
}
insmod /root/ko/kmemcg_test_bench.ko || fail "cannot load kmemcg_test_bench.ko"

kload() { # kload PARAMS: load kmemcg.ko with insmod's PARAMS
	# shellcheck disable=SC2086 # one word per parameter
	insmod /root/ko/kmemcg.ko $1 || fail "insmod kmemcg.ko $1"
}
kunload() { rmmod kmemcg || fail "rmmod kmemcg"; }

# run_all CGROUP: every workload and microbenchmark, in CGROUP ("" = root),
# each line prefixed by "WORKLOAD ns ref" -> stdout
run_all() {
	dir=$CG${1:+/$1}
	for w in $WORKLOADS; do
		sh -c 'echo $$ >"$0/cgroup.procs" && exec kmemcg-bench "$1" "$2"' \
			"$dir" "${w%%:*}" "${w#*:}" || fail "kmemcg-bench $w"
	done
	for m in $MICRO; do
		sh -c 'echo $$ >"$0/cgroup.procs" && echo "$1" >"$2"' \
			"$dir" "$(echo "$m" | tr ':' ' ')" "$CTL" || fail "microbenchmark $m"
		# "ns_per_pair N ref_ns N": the name is kKIND-SIZE-BATCH
		awk -v n="k$(echo "$m" | cut -d: -f1-3 | tr ':' '-')" '{ print n, $2, $4 }' "$CTL"
	done
}

# phase ROUND NAME POLICY PARAMS CGROUP: PARAMS "-" = module out
phase() {
	[ "$4" = - ] || kload "$4"
	run_all "$5" >/tmp/run.out
	while read -r w ns ref; do
		printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$BOOT" "$1" "$2" "$3" "$w" "$ns" "$ref"
	done </tmp/run.out >>"$out/times.tsv"
	[ "$4" = - ] || kunload
}

# The phases of one round of this boot, in order: PHASE, POLICY, PARAMS
# ("-": module out) and CGROUP ("-": the root), separated by tabs.
phases() {
	case $BOOT in
	ac) printf 'A\t-\t-\tbench\n' ;;
	bd) printf 'B\t-\t-\tbench\nR\t-\t-\t-\n' ;;
	esac
	while IFS='	' read -r name params; do
		[ -n "$name" ] || continue
		case $BOOT in ac) p=C ;; *) p=D ;; esac
		printf '%s\t%s\t%s\tbench\n' "$p" "$name" "$params"
	done </root/policies
}

memory() {
	present=$(awk '$1 == "present" { s += $2 } END { print s }' /proc/zoneinfo)
	echo "present_pages $present" >>"$out/memory.tsv"
	kload granularity=page
	awk -v p="$present" '$1 == "module_bytes" || $1 == "owner_table_bytes" {
		print $1, $2; printf "%s_per_page %.2f\n", $1, $2 / p }' "$KM/stat" >>"$out/memory.tsv"
	# Per tracked slab page (page granularity): what module_bytes grows by
	# while a workload adds slab pages (their entries are in the table).
	st() { awk -v k="$1" '$1 == k { print $2 }' "$KM/stat"; }
	p0=$(st tracked_pages) m0=$(st module_bytes)
	sh -c 'echo $$ >"$0/cgroup.procs" && exec kmemcg-bench creat 3000' "$CG/bench" >/dev/null ||
		fail "kmemcg-bench creat (memory)"
	sh -c 'echo $$ >"$0/cgroup.procs" && exec kmemcg-bench negdent 20000' "$CG/bench" >/dev/null ||
		fail "kmemcg-bench negdent (memory)"
	p1=$(st tracked_pages) m1=$(st module_bytes)
	echo "slab_pages_added $((p1 - p0))" >>"$out/memory.tsv"
	echo "module_bytes_per_added_slab_page $(((m1 - m0) / ((p1 - p0) > 0 ? (p1 - p0) : 1)))" >>"$out/memory.tsv"
	# Per cgroup: what 1,000 new memory cgroups add to Slab + Percpu
	# (/proc/meminfo: the kernel's memcg, its per-CPU statistics, and the
	# module's group, name and debugfs inodes and dentries), without the
	# module first, then with it; and module_bytes, the module's own count.
	kunload
	for with in 0 1; do
		[ "$with" = 0 ] || kload granularity=page
		sync; echo 3 >/proc/sys/vm/drop_caches
		k0=$(awk '$1 == "Slab:" || $1 == "Percpu:" { s += $2 } END { print s }' /proc/meminfo)
		b0=$(awk '$1 == "module_bytes" { print $2 }' "$KM/stat" 2>/dev/null)
		mkdir "$CG/mem" && echo +memory >"$CG/mem/cgroup.subtree_control" ||
			fail "cannot make $CG/mem with the memory controller below it"
		i=0
		while [ $i -lt 1000 ]; do mkdir "$CG/mem/c$i" || fail "mkdir of cgroup $i"; i=$((i + 1)); done
		sleep 1
		k1=$(awk '$1 == "Slab:" || $1 == "Percpu:" { s += $2 } END { print s }' /proc/meminfo)
		b1=$(awk '$1 == "module_bytes" { print $2 }' "$KM/stat" 2>/dev/null)
		echo "cgroup_kernel_bytes_module$with $(((k1 - k0) * 1024 / 1000))" >>"$out/memory.tsv"
		[ "$with" = 0 ] || echo "cgroup_module_bytes $(((b1 - b0) / 1000))" >>"$out/memory.tsv"
		i=0
		while [ $i -lt 1000 ]; do rmdir "$CG/mem/c$i"; i=$((i + 1)); done
		rmdir "$CG/mem"
		[ "$with" = 0 ] || kunload
	done
	# Per object slot, under object granularity, after a workload.
	kload granularity=object
	sh -c 'echo $$ >"$0/cgroup.procs" && exec kmemcg-bench negdent 20000' "$CG/bench" >/dev/null ||
		fail "kmemcg-bench negdent (object memory)"
	awk '$1 ~ /^object_(slots|slabs|vector_bytes|pool_bytes)$/ { print $1, $2; v[$1] = $2 }
		END { if (v["object_slots"] > 0) {
			printf "object_vector_bytes_per_slot %.2f\n", v["object_vector_bytes"] / v["object_slots"]
			printf "object_pool_bytes_per_slot %.2f\n", v["object_pool_bytes"] / v["object_slots"] } }' \
		"$KM/stat" >>"$out/memory.tsv"
	kunload
}

scale() {
	mkdir -p "$CG/scale" && echo +memory >"$CG/scale/cgroup.subtree_control" ||
		fail "cannot make $CG/scale with the memory controller below it"
	have=0
	for n in $SCALE; do
		while [ $have -lt "$n" ]; do mkdir "$CG/scale/g$have" || fail "mkdir of cgroup $have"; have=$((have + 1)); done
		r=1
		while [ $r -le "$ROUNDS" ]; do
			for p in A C; do
				t0=$(cut -d' ' -f1 /proc/uptime)
				[ $p = A ] || kload granularity=page
				t1=$(cut -d' ' -f1 /proc/uptime)
				[ $p = A ] || echo "$n load_s $(echo "$t0 $t1" | awk '{ print $2 - $1 }')" >>"$out/scale.tsv"
				sh -c 'echo $$ >"$0/cgroup.procs" && exec kmemcg-bench "$1" "$2"' \
					"$CG/scale/g0" "${SCALE_WL%%:*}" "${SCALE_WL#*:}" >/tmp/run.out ||
					fail "kmemcg-bench $SCALE_WL beside $n cgroups"
				while read -r w ns ref; do echo "$n $p $r $w $ns $ref"; done \
					</tmp/run.out >>"$out/scale.tsv"
				if [ $p = C ]; then
					t0=$(cut -d' ' -f1 /proc/uptime); kunload
					t1=$(cut -d' ' -f1 /proc/uptime)
					echo "$n unload_s $(echo "$t0 $t1" | awk '{ print $2 - $1 }')" >>"$out/scale.tsv"
				fi
			done
			r=$((r + 1))
		done
		flush
	done
}

if [ "$BOOT" = scale ]; then
	: >"$out/scale.tsv"
	scale
	flush
	exit 0
fi
r=1
while [ $r -le "$ROUNDS" ]; do
	phases >/tmp/phases
	if [ $((r % 2)) = 0 ]; then sed -n '1!G;h;$p' /tmp/phases >/tmp/phases.r; mv /tmp/phases.r /tmp/phases; fi
	while IFS='	' read -r ph name params cg; do
		[ "$cg" != - ] || cg=""
		phase "$r" "$ph" "$name" "$params" "$cg" </dev/null
	done </tmp/phases
	echo "bench-guest: round $r of $ROUNDS done ($BOOT)"
	flush
	r=$((r + 1))
done
if [ "${MEMORY:-0}" = 1 ]; then
	: >"$out/memory.tsv"
	memory
fi
flush
