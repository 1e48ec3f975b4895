#!/bin/bash
# The report of make experiment: from an experiment directory written by
# scripts/experiment.sh (and the guest's files unpacked in it, see
# scripts/experiment-guest.sh), write
#   POLICY/WORKLOAD/final.csv  one row: the cgroup's final figures, and the
#                              kernel's memory.stat figures beside them
#   results.csv                every (policy, workload) row, one header
#   usage-WORKLOAD.csv, .svg   the cgroup's usage over time, one line per
#                              policy (kmemcg plot), time from its start
#   report.md                  a Markdown table per workload, a row per policy
#
#   scripts/experiment-report.sh DIR       (KMEMCG= the host CLI, for plot)
#
# DIR holds meta (KEY<TAB>VALUE: kernel_line, kernel, debian, command,
# script), policies (DIR<TAB>TOKEN<TAB>MODPARAMS per policy, in order),
# workloads (a name a line) and per policy DIR/vm/status (run.sh's exit
# status) and DIR/vm/result (its one-line diagnosis).
# A (policy, workload) failed when the guest's WORKLOAD/status is not 0,
# when there is none (the boot failed before: run.sh's diagnosis is the
# reason), or when run.sh found the kernel log not clean (125).
# Exit status: 0 when nothing failed, 1 when something did, 2 on bad input.
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
KMEMCG=${KMEMCG:-$top/build/userspace/kmemcg}
dir=${1:?usage: experiment-report.sh DIR}
for f in meta policies workloads; do
	[ -r "$dir/$f" ] || { echo "experiment-report: no $dir/$f" >&2; exit 2; }
done
meta() { awk -F'\t' -v k="$1" '$1 == k { print $2; exit }' "$dir/meta"; }
MEMSTAT="slab slab_reclaimable slab_unreclaimable kernel kernel_stack pagetables percpu sock"

# csv FIELD...: one CSV record (RFC 4180 quoting where needed)
csv() {
	local f sep=""
	for f in "$@"; do
		case $f in
		*[,\"]*) f=\"${f//\"/\"\"}\" ;;
		esac
		printf '%s%s' "$sep" "$f"
		sep=,
	done
	printf '\n'
}
# kv FILE KEY: the value of KEY in a "key value" file, empty if none
kv() { [ -r "$1" ] && awk -v k="$2" '$1 == k { print $2; exit }' "$1"; }
# human BYTES: 1.5 MiB; empty stays empty
human() {
	[ -n "$1" ] || return 0
	awk -v b="$1" 'BEGIN { split("B KiB MiB GiB TiB", u); i = 1
		while (b >= 1024 && i < 5) { b /= 1024; i++ }
		printf(i == 1 ? "%d %s\n" : "%.1f %s\n", b, u[i]) }'
}
# peak RECORD PROC_SLABINFO CGROUP-PATH: "TIME BYTES" of the cgroup's
# highest recorded usage, then its 5 biggest caches at that sample as
# "name:bytes" lines: the enforced view's bytes (object_bytes under the
# object view, else num_slabs x pagesperslab pages).
peak() {
	awk -F, -v cg="$3" '
	FNR == 1 && FILENAME != ARGV[1] { for (i = 1; i <= NF; i++) col[$i] = i; next }
	FILENAME == ARGV[1] {
		n = split($0, a, " ")
		if (a[1] != "#" && a[1] != "slabinfo" && n > 6) pps[a[1]] = a[6]
		next
	}
	$col["cgroup"] != cg { next }
	!col["cache"] || $col["cache"] == "" {
		u = $col["usage_bytes"] + 0
		if (!seen || u > max) { max = u; t = $col["time"]; seen = 1 }
		next
	}
	{
		obj = col["enforced_view"] && $col["enforced_view"] == "object"
		b = obj ? $col["object_bytes"] : $col["num_slabs"] * ($col["cache"] in pps ? pps[$col["cache"]] : 1) * 4096
		bytes[$col["time"], $col["cache"]] = b; names[$col["cache"]] = 1
	}
	END {
		if (!seen) exit
		print t, max
		fflush()
		for (c in names) if (bytes[t, c] > 0) print c ":" bytes[t, c] | "sort -t: -k2,2nr | head -n 5"
	}' "$([ -r "$2" ] && echo "$2" || echo /dev/null)" "$1"
}
# unaccounted COMPARE-CACHES CGROUP-PATH: the summed unaccounted_bytes of
# the cgroup's rows (kmemcg compare --caches), empty without the file
unaccounted() {
	[ -s "$1" ] || return 0
	awk -F, -v cg="$2" '
	FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{ c = $col["cgroup"]; sub(/^\/sys\/fs\/cgroup/, "", c); if (c !~ /^\//) c = "/" c }
	c == cg { s += $col["unaccounted_bytes"]; n++ }
	END { if (n) printf "%.0f\n", s }' "$1"
}

header=(policy modparams workload cgroup status reason usage_bytes max_usage_bytes
	failcnt would_fail unaccounted_forced unaccounted_forced_bytes own_bytes object_bytes
	large_kmalloc_bytes peak_recorded_bytes
	unaccounted_by_kernel_bytes top_caches)
for k in $MEMSTAT; do header+=("memstat_$k"); done
csv "${header[@]}" >"$dir/results.csv"

mapfile -t workloads <"$dir/workloads"
mapfile -t policies <"$dir/policies"
anyfail=0
md_tables=""
for w in "${workloads[@]}"; do
	cg=/exp-$w
	plot="$dir/usage-$w.csv"
	echo "time,cgroup,policy,usage_bytes,limit_bytes,max_usage_bytes,failcnt" >"$plot"
	md_tables+=$'\n'"### Workload \`$w\`"$'\n\n'
	md_tables+="| policy | status | usage | max usage | failcnt | would-fail | unaccounted by kernel | top 5 caches at peak |"$'\n'
	md_tables+="|---|---|--:|--:|--:|--:|--:|---|"$'\n'
	for line in "${policies[@]}"; do
		IFS=$'\t' read -r pd tok par <<<"$line"
		p=$dir/$pd d=$p/$w
		vmrc=$(cat "$p/vm/status" 2>/dev/null)
		vmres=$(cat "$p/vm/result" 2>/dev/null)
		st=$(cat "$d/status" 2>/dev/null) reason=""
		if [ -z "$st" ]; then
			reason="no result from the guest (run.sh status ${vmrc:-?}: ${vmres:-no diagnosis})"
		elif [ "${st%% *}" != 0 ]; then
			reason=${st#* }
		elif [ "$vmrc" = 125 ]; then
			reason="run.sh status 125: ${vmres:-kernel log not clean}"
		fi
		status=ok
		[ -z "$reason" ] || { status=failed; anyfail=1; }
		f=$d/final
		row=("$tok" "$par" "$w" "$cg" "$status" "$reason")
		for k in usage_bytes max_usage_bytes failcnt would_fail unaccounted_forced \
			unaccounted_forced_bytes own_bytes object_bytes large_kmalloc_bytes; do
			row+=("$(kv "$f" "$k")")
		done
		pk=""
		top5=""
		if [ -s "$d/record.csv" ]; then
			mapfile -t pl < <(peak "$d/record.csv" "$d/proc-slabinfo" "$cg")
			if [ ${#pl[@]} -gt 0 ]; then
				pk=${pl[0]#* }
				top5=$(printf '%s;' "${pl[@]:1}")
				top5=${top5%;}
			fi
			# This policy's line of the chart: time from its first sample.
			awk -F, -v cg="$cg" -v lbl="$tok" '
			FNR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
			$col["cgroup"] != cg || (col["cache"] && $col["cache"] != "") { next }
			{ if (!n++) t0 = $col["time"]
			  gsub(/"/, "\"\"", lbl)
			  printf "%.3f,%s,\"%s\",%s,%s,%s,%s\n", $col["time"] - t0, cg, lbl, $col["usage_bytes"],
				$col["limit_bytes"], $col["max_usage_bytes"], $col["failcnt"] }' \
				"$d/record.csv" >>"$plot"
		fi
		un=$(unaccounted "$d/compare-caches.csv" "$cg")
		row+=("$pk" "$un" "$top5")
		for k in $MEMSTAT; do row+=("$(kv "$d/memory.stat" "$k")"); done
		if [ -d "$d" ]; then
			{ csv "${header[@]}"; csv "${row[@]}"; } >"$d/final.csv"
		fi
		csv "${row[@]}" >>"$dir/results.csv"

		cell=$status
		[ -z "$reason" ] || cell="failed: ${reason//|//}"
		caches=""
		for c in ${top5//;/ }; do caches+="${caches:+, }\`${c%%:*}\` $(human "${c##*:}")"; done
		md_tables+="| \`$tok\` | $cell | $(human "${row[6]}") | $(human "${row[7]}") | ${row[8]} | ${row[9]} | $(if [ -n "$un" ]; then human "$un"; else echo n/a; fi) | $caches |"$'\n'
	done
	if [ "$(wc -l <"$plot")" -gt 1 ] && "$KMEMCG" plot "$plot" -o "$dir/usage-$w.svg" \
		-t "$w on $(meta kernel): kmem usage of $cg per policy"; then
		md_tables+=$'\n'"Usage over time, one line per policy: [usage-$w.svg](usage-$w.svg)"$'\n'
	fi
done

guest=$(tr '\n' ' ' <"$dir/$(head -n 1 "$dir/policies" | cut -f1)/version" 2>/dev/null)
{
	echo "# kmemcg experiment"
	echo
	echo "- Kernel: $(meta kernel) (Debian $(meta debian), line $(meta kernel_line))${guest:+; guest: ${guest% }}"
	echo "- Workloads: $(awk -F'\t' '$1 == "script" { printf "%s`%s`", n++ ? ", " : "", $2 }' "$dir/meta")"
	echo "- Command: \`$(meta command)\`"
	echo "- Policies (module parameters): $(awk -F'\t' '{ printf "%s`%s` (%s)", n++ ? ", " : "", $2, $3 }' "$dir/policies")"
	echo "- Started: $(meta started)"
	printf '%s' "$md_tables"
	cat <<'EOF'

Usage is the cgroup's kmem usage when the workload had ended (in the view
limits are enforced against: pages under `page`, objects under `object`);
max usage its high watermark; failcnt the charges its limit refused;
would-fail those `over_limit=count` let through; unaccounted by kernel,
when the workload had ended, what kmemcg charged that the kernel's own
memcg does not: under `object` and `shadow` the objects allocated neither
from a `SLAB_ACCOUNT` cache nor with `__GFP_ACCOUNT`, under `page` the
slab pages of caches without `SLAB_ACCOUNT` (an upper bound: a page holds
both kinds) (`kmemcg compare --caches`; n/a without it); top 5 caches the
biggest at the recorded peak.  Every figure, and the kernel's `memory.stat` beside
it, is in `results.csv`.
EOF
} >"$dir/report.md"
exit $anyfail
