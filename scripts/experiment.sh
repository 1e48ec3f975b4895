#!/bin/bash
# Compare accounting policies on reference workloads (issue 13): boot the
# stock kernel once per policy with kmemcg.ko loaded under it, run the
# workloads in fresh cgroups while kmemcg records, and write the figures,
# a chart and report.md.  `make experiment` runs it (after building).
#
#   KERNEL=6.1|6.12|7.3   kernel line (default 6.12)
#   POLICIES="page object object,scope=kernel deletion=dead ..."
#                         one boot each (default "page object"); a token is
#                         items joined by ',': a granularity or KEY=VALUE
#                         of a module parameter (kmemcg policy params
#                         checks them all on the host first: a bad one is
#                         status 2 and nothing boots)
#   SCRIPT=path           the workload (busybox sh); default: every
#                         workloads/*.sh, in sequence in each boot
#   OUT=dir               default build/experiment/YYYYmmdd-HHMMSS; must not
#                         exist or be empty
#   WL_TIMEOUT=120        seconds a workload may run (then it is failed)
#   INTERVAL=0.5          seconds between samples of kmemcg record
#
# Each boot runs scripts/experiment-guest.sh (see it for what is collected
# in the guest), which writes its results as a tar archive to the scratch
# disk; run.sh keeps the disk (DISK_OUT=) and it is unpacked into
# OUT/<policy>/.  A policy whose boot fails (a workload exits non-zero or
# runs out of time, the kernel log is not clean, the guest crashes: run.sh's
# status and its diagnosis are in OUT/<policy>/vm/) is marked failed in
# report.md, and the other policies still run.  Then
# scripts/experiment-report.sh writes the CSVs, the SVGs and report.md.
# Exit status: 0 when every workload passed under every policy, 1 if any
# failed (the report is still written), 2 for bad arguments.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
K=${KERNEL:-6.12}
POLICIES=${POLICIES:-page object}
SCRIPT=${SCRIPT:-}
OUT=${OUT:-$top/build/experiment/$(date +%Y%m%d-%H%M%S)}
WL_TIMEOUT=${WL_TIMEOUT:-120}
INTERVAL=${INTERVAL:-0.5}
KMEMCG=${KMEMCG:-$top/build/userspace/kmemcg}

die() { echo "experiment: $*" >&2; exit 2; }

[ -x "$KMEMCG" ] || die "no kmemcg CLI at $KMEMCG (make -C userspace)"
[ -r "$top/.cache/kernels/$K/env" ] || die "no kernel $K (KERNEL=6.1, 6.12 or 7.3; make kernels)"
[ -r "$top/build/$K/kmemcg.ko" ] || die "no module for $K (make KERNEL=$K module)"
case $WL_TIMEOUT in '' | *[!0-9]* | 0) die "WL_TIMEOUT must be whole seconds, at least 1" ;; esac
# INTERVAL goes into the guest's configuration, sourced there: digits only.
case $INTERVAL in
'' | *[!0-9.]* | *.*.* | . | .* | *.) die "INTERVAL must be seconds, like 0.5 or 2" ;;
esac
[ "$(echo "$INTERVAL" | tr -d '0.')" ] || die "INTERVAL must be above 0"
# run.sh takes FILES as a space-separated list.
case $OUT in *[[:space:]]*) die "OUT must not contain spaces: '$OUT'" ;; esac

# The policies: checked, all of them, before anything boots.
read -ra tokens <<<"$POLICIES"
[ ${#tokens[@]} -gt 0 ] || die "POLICIES is empty"
plist=$("$KMEMCG" policy params "${tokens[@]}") || exit 2
mapfile -t params <<<"$plist"
[ ${#params[@]} -eq ${#tokens[@]} ] || die "kmemcg policy params gave ${#params[@]} lines for ${#tokens[@]} policies"
dirs=()
for t in "${tokens[@]}"; do
	d=$(printf '%s' "$t" | tr -c 'A-Za-z0-9=._-' '+')
	for o in "${dirs[@]}"; do [ "$o" != "$d" ] || die "policy '$t' given twice"; done
	dirs+=("$d")
done

# The workloads: SCRIPT, or every reference workload.
if [ -n "$SCRIPT" ]; then
	if [ ! -f "$SCRIPT" ] || [ ! -r "$SCRIPT" ]; then die "no workload script at $SCRIPT"; fi
	scripts=("$SCRIPT")
else
	scripts=("$top"/workloads/*.sh)
fi
if [ -e "$OUT" ] && [ -n "$(ls -A "$OUT")" ]; then
	die "$OUT exists and is not empty; choose another OUT"
fi
mkdir -p "$OUT/input/wl" || die "cannot create $OUT"
OUT=$(cd "$OUT" && pwd)
names=()
for s in "${scripts[@]}"; do
	n=$(basename "$s" .sh)
	n=$(printf '%s' "$n" | tr -c 'A-Za-z0-9_-' '_')
	[ ! -e "$OUT/input/wl/$n.sh" ] || die "two workloads named $n"
	cp "$s" "$OUT/input/wl/$n.sh"
	names+=("$n")
done
{
	echo "WORKLOADS='${names[*]}'"
	echo "WL_TIMEOUT=$WL_TIMEOUT"
	echo "INTERVAL=$INTERVAL"
} >"$OUT/input/experiment.conf"

# What the report names: the kernel, the workloads, the command.
# shellcheck source=/dev/null
. "$top/.cache/kernels/$K/env"
cmd="make experiment${SCRIPT:+ SCRIPT=$SCRIPT} POLICIES=\"$POLICIES\" KERNEL=$K"
{
	echo "kernel_line	$K"
	echo "kernel	$KREL"
	echo "debian	$KDEBVER"
	echo "command	${EXPERIMENT_COMMAND:-$cmd}"
	echo "started	$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	for s in "${scripts[@]}"; do
		s=$(realpath "$s")
		echo "script	${s#"$top"/}"
	done
} >"$OUT/meta"
: >"$OUT/policies"
: >"$OUT/workloads"
for n in "${names[@]}"; do echo "$n" >>"$OUT/workloads"; done

# Per workload: its time, its recording's three extra samples, and 30 s
# for the cgroup's removal, the CLI's dumps and the archive.
tmo=$((180 + ${#names[@]} * (WL_TIMEOUT + 30 + ${INTERVAL%.*} * 3 + 3)))
echo "experiment: ${#tokens[@]} policies x ${#names[@]} workloads on $KREL ($KDEBVER), into $OUT"
for i in "${!tokens[@]}"; do
	t=${tokens[$i]} p=${params[$i]} d=$OUT/${dirs[$i]}
	printf '%s\t%s\t%s\n' "${dirs[$i]}" "$t" "$p" >>"$OUT/policies"
	mkdir -p "$d/vm"
	echo "experiment: policy $t ($p): booting $K"
	start=$(date +%s)
	KERNEL=$K SCRIPT="$top/scripts/experiment-guest.sh" MODPARAMS="$p" \
		FILES="$OUT/input/wl $OUT/input/experiment.conf" TIMEOUT=$tmo \
		DISK_OUT="$d/disk.img" LOGDIR="$d/vm" RESULT="$d/vm/result" \
		"$top/scripts/vm/run.sh" 2>&1 | tee "$d/vm/run.log"
	rc=${PIPESTATUS[0]}
	echo "$rc" >"$d/vm/status"
	if [ -f "$d/disk.img" ]; then
		tar -xf "$d/disk.img" -C "$d" 2>"$d/vm/untar.err" ||
			echo "experiment: policy $t: cannot read the guest's results: $(head -n 1 "$d/vm/untar.err")" >&2
		rm -f "$d/disk.img"
	fi
	echo "experiment: policy $t: run.sh status $rc, $(($(date +%s) - start))s"
done
"$top/scripts/experiment-report.sh" "$OUT"
rc=$?
echo "experiment: report: $OUT/report.md"
exit "$rc"
