#!/bin/bash
# What kmemcg costs (issue 14; README "Performance"): on each kernel line,
# three boots of the stock kernel run scripts/bench-guest.sh, then
# scripts/bench-report.py prints the ratios and writes the CSV and SVGs.
# `make bench` runs it (after building).
#
#   KERNELS="6.1 6.12 7.3"  lines to run (default: every supported line)
#   POLICIES="page object shadow"  each a policy token of kmemcg policy
#                     params (granularity, or KEY=VALUE items joined by ',')
#   ROUNDS=8          rounds of the interleaved phases (SMOKE: 1)
#   SCALE="1 100 1000 10000"  cgroup counts of the scale boot
#   OUT=dir           default build/bench/YYYYmmdd-HHMMSS; must not exist or
#                     be empty; build/bench/latest points to the last one
#   SMOKE=1           one round, a tenth of the work, SCALE="1 10": every
#                     figure produced, none meaningful (make check's run)
#   KMEMCG_KVM=1      KVM instead of TCG, where the host has it
#
# The boots of a line (each a separate VM):
#   ac     cgroup.memory=nokmem: A (module out) and C (module in, each
#          policy), interleaved, the order reversed every other round; then
#          the module's memory
#   bd     the kernel's own accounting on: B (module out, in a child
#          cgroup), R (module out, in the root cgroup, which the kernel
#          does not charge: B/R is the same-boot estimate of B/A) and D
#          (module in, each policy)
#   scale  nokmem, 1 to 10,000 cgroups: A and C of one workload in one of
#          them, and the module's load and unload times
# Exit status: 0 when every boot produced its figures, 1 otherwise (the
# report still covers what was produced), 2 for bad arguments.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
KERNELS=${KERNELS:-6.1 6.12 7.3}
POLICIES=${POLICIES:-page object shadow}
SMOKE=${SMOKE:-0}
KMEMCG=${KMEMCG:-$top/build/userspace/kmemcg}
if [ "$SMOKE" = 1 ]; then
	ROUNDS=${ROUNDS:-1} SCALE=${SCALE:-1 10} div=10
else
	ROUNDS=${ROUNDS:-8} SCALE=${SCALE:-1 100 1000 10000} div=1
fi
OUT=${OUT:-$top/build/bench/$(date +%Y%m%d-%H%M%S)}

die() { echo "bench: $*" >&2; exit 2; }

[ -x "$KMEMCG" ] || die "no kmemcg CLI at $KMEMCG (make -C userspace)"
case $ROUNDS in '' | *[!0-9]* | 0) die "ROUNDS must be a whole number, at least 1" ;; esac
for n in $SCALE; do
	case $n in *[!0-9]* | 0) die "SCALE takes cgroup counts, at least 1: '$n'" ;; esac
done
[ -n "$SCALE" ] || die "SCALE is empty"
case $OUT in *[[:space:]]*) die "OUT must not contain spaces: '$OUT'" ;; esac
for k in $KERNELS; do
	[ -r "$top/.cache/kernels/$k/env" ] || die "no kernel $k (KERNELS from 6.1, 6.12, 7.3; make kernels)"
	for f in kmemcg.ko helper/kmemcg_test_bench.ko; do
		[ -r "$top/build/$k/$f" ] || die "no $f for $k (make KERNEL=$k module helper)"
	done
done
read -ra tokens <<<"$POLICIES"
[ ${#tokens[@]} -gt 0 ] || die "POLICIES is empty"
plist=$("$KMEMCG" policy params "${tokens[@]}") || exit 2
mapfile -t params <<<"$plist"
[ ${#params[@]} -eq ${#tokens[@]} ] || die "kmemcg policy params gave ${#params[@]} lines for ${#tokens[@]} policies"
for i in "${!tokens[@]}"; do
	case ${tokens[$i]} in *[!A-Za-z0-9=,._-]*) die "policy '${tokens[$i]}': letters, digits and =,._- only" ;; esac
	for j in "${!tokens[@]}"; do
		[ "$j" -ge "$i" ] || [ "${tokens[$j]}" != "${tokens[$i]}" ] || die "policy '${tokens[$i]}' given twice"
	done
done
if [ -e "$OUT" ] && [ -n "$(ls -A "$OUT")" ]; then
	die "$OUT exists and is not empty; choose another OUT"
fi
mkdir -p "$OUT" || die "cannot create $OUT"
OUT=$(cd "$OUT" && pwd)
# build/bench/latest: the last run kept under build/bench (not a smoke
# test's scratch directory).
case $OUT in "$top"/build/bench/*) ln -sfn "$OUT" "$top/build/bench/latest" ;; esac

# Iterations per workload and pairs per microbenchmark: about 0.2-0.5 s
# each under TCG.
w() { echo "$1:$(($2 / div))"; }
WORKLOADS="$(w negdent 10000) $(w open 10000) $(w socket 5000) $(w creat 3000)
$(w pipe 5000) $(w fork 200) $(w fault 150) $(w select 3000)"
MICRO=""
for kind in cache kmalloc; do
	for size in 64 512 4096; do
		pairs=$((size == 4096 ? 40000 : 100000))
		for batch in 1 16 256; do MICRO="$MICRO $kind:$size:$batch:$((pairs / div))"; done
	done
done
{
	echo "command	${BENCH_COMMAND:-make bench}"
	echo "policies	$POLICIES"
	echo "rounds	$ROUNDS"
	echo "scale	$SCALE"
	echo "smoke	$SMOKE"
	echo "accel	$([ "${KMEMCG_KVM:-0}" = 1 ] && echo kvm || echo tcg)"
	echo "started	$(date -u +%Y-%m-%dT%H:%M:%SZ)"
} >"$OUT/meta"

rc=0
for k in $KERNELS; do
	# shellcheck source=/dev/null
	. "$top/.cache/kernels/$k/env"
	echo "$k	$KREL	$KDEBVER" >>"$OUT/kernels"
	for boot in ac bd scale; do
		d=$OUT/$k/$boot
		mkdir -p "$d/vm"
		{
			echo "BOOT=$boot"
			echo "ROUNDS=$([ $boot = scale ] && echo $(((ROUNDS + 1) / 2)) || echo "$ROUNDS")"
			echo "WORKLOADS='$(echo $WORKLOADS)'"
			echo "MICRO='$(echo $MICRO)'"
			echo "SCALE='$SCALE'"
			echo "SCALE_WL='$(w creat 2000)'"
			echo "MEMORY=$([ $boot = ac ] && echo 1 || echo 0)"
		} >"$d/bench.conf"
		for i in "${!tokens[@]}"; do printf '%s\t%s\n' "${tokens[$i]}" "${params[$i]}"; done >"$d/policies"
		cmdline="" mem=1024
		[ $boot = bd ] || cmdline=cgroup.memory=nokmem
		[ $boot != scale ] || mem=3072
		echo "bench: $k ($KREL): boot $boot"
		start=$(date +%s)
		KERNEL=$k LOAD=0 SCRIPT="$top/scripts/bench-guest.sh" FILES="$d/bench.conf $d/policies" \
			EXTRA_KO="$top/build/$k/kmemcg.ko $top/build/$k/helper/kmemcg_test_bench.ko" \
			CMDLINE="$cmdline" MEM=$mem TIMEOUT=$((SMOKE == 1 ? 600 : 3600)) \
			DISK_OUT="$d/disk.img" LOGDIR="$d/vm" RESULT="$d/vm/result" \
			"$top/scripts/vm/run.sh" >"$d/vm/run.log" 2>&1
		s=$?
		echo "$s" >"$d/vm/status"
		if [ -f "$d/disk.img" ]; then
			tar -xf "$d/disk.img" -C "$d" 2>/dev/null ||
				echo "bench: $k $boot: the guest left no results" >&2
			rm -f "$d/disk.img"
		fi
		echo "bench: $k $boot: status $s, $(($(date +%s) - start)) s"
		if [ "$s" != 0 ]; then
			rc=1
			sed 's/^/bench:   /' "$d/vm/run.log" | tail -n 15 >&2
		fi
	done
done
python3 "$top/scripts/bench-report.py" "$OUT" || rc=1
echo "bench: figures in $OUT (report.md, bench.csv, memory.csv, scale.csv, ratios-*.svg)"
exit "$rc"
