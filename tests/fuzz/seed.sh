#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Write the seed corpus of each fuzz target (tests/fuzz/corpus/<target>/)
# from the CLI tests' fixture trees (tests/cli/fixtures.sh), recordings
# made by the CLI from them, and BTF blobs (gen_btf_seeds.c).  Run once
# when a target is added; the corpus is kept in the tree, with the
# inputs the fuzzers found added by `make -C tests/fuzz corpus`.
#   tests/fuzz/seed.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
c=$here/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/cli/fixtures.sh
. "$top/tests/cli/fixtures.sh"
make -s -C "$top/userspace"
km=$top/build/userspace/kmemcg

# seed TARGET NAME SELECTOR-BYTE FILE: the selector (octal, or "" for
# none) then the file's bytes
seed() {
	mkdir -p "$c/$1"
	{ [ -n "$3" ] && printf "\\$3"; cat "$4"; } >"$c/$1/$2"
}
# seeds TARGET SELECTOR STRING...: one seed per string
seeds() {
	local t=$1 sel=$2 i=0 s
	shift 2
	for s in "$@"; do
		printf '%s' "$s" >"$tmp/s"
		seed "$t" "$(printf 's%02d' $i)" "$sel" "$tmp/s"
		i=$((i + 1))
	done
}

fixture "$tmp/f"
dfixture "$tmp/d"
cfixture "$tmp/cf"
for g in page object shadow; do gfixture "$tmp/$g" $g; done
mfixture "$tmp/m" shadow object

seeds size "" 64M -1 max 0 $'4096\n' 18446744073709551615 1T 17179869183G 12k
for sel in 000 001 002 004; do
	i=0
	while read -r l; do
		printf '%s\n' "$l" >"$tmp/s"
		seed policy "$sel-$i" "$sel" "$tmp/s"
		i=$((i + 1))
	done <<'LINES'
granularity page
shadow_enforce object
scope list
scope_list dentry,kmalloc-64,kmalloc-cg-192
scope_list -
on_delete dead
hierarchy flat
over_limit reclaim
over_limit fail_all
scope	kernel
LINES
done
mkdir -p "$c/btf"
cc -I"$top/tests/unit" -o "$tmp/gen" "$here/gen_btf_seeds.c"
"$tmp/gen" "$c/btf"
seq 1 400 | tr -d '\n' | head -c 600 >"$tmp/s"
seed render digits "" "$tmp/s"
for t in shadow d; do seed cli_policy "$t" 000 "$tmp/$t/kmemcg/policy"; done
seeds cli_policy 001 page object,scope=kernel shadow,shadow_enforce=object,scope_list=dentry,kmalloc-64 \
	page,on_delete=dead,over_limit=count,deletion=unaccount
seed slabinfo cg 000 "$tmp/f/kmemcg/cgroup/a/memory.kmem.slabinfo"
for t in page object shadow d m; do seed slabinfo "all-$t" 001 "$tmp/$t/kmemcg/slabinfo"; done
seed kv stat 000 "$tmp/shadow/kmemcg/stat"
seed kv cgstat 000 "$tmp/d/kmemcg/cgroup/a/memory.kmem.stat"
seed kv value 001 "$tmp/f/kmemcg/cgroup/a/memory.kmem.limit_in_bytes"
seed kv version 002 "$tmp/f/kmemcg/version"
seed kv memstat 003 "$tmp/m/cgroupfs/memory.stat"
seed kv dead 004 "$tmp/d/kmemcg/dead/3/info"
seed caches cf "" "$tmp/cf/kmemcg/caches"
seed caches m "" "$tmp/m/kmemcg/caches"
KMEMCG_ROOT=$tmp/d/kmemcg KMEMCG_PARAMS=$tmp/d/params "$km" record -n 2 -d 0.05 --caches -o "$tmp/r.csv" >/dev/null
KMEMCG_ROOT=$tmp/d/kmemcg KMEMCG_PARAMS=$tmp/d/params "$km" record -n 2 -d 0.05 --caches -o "$tmp/r.jsonl" >/dev/null
printf 'time,cgroup,policy,usage_bytes,limit_bytes,max_usage_bytes,failcnt\n0,/exp-w,page,100,,100,0\n1,/exp-w,"object,scope=kernel",70,,70,0\n' >"$tmp/pol.csv"
printf 'time,cgroup,usage_bytes,limit_bytes,max_usage_bytes,failcnt\r\n0,"/x,&<y>",50,4096,50,0\r\n1.5,"/x,""q""",60,4096,60,0\r\n' >"$tmp/odd.csv"
seed record csv 001 "$tmp/r.csv"
seed record pol 001 "$tmp/pol.csv"
seed record odd 001 "$tmp/odd.csv"
seed record jsonl 000 "$tmp/r.jsonl"
seeds args 077 123 -5 0.5 1e2 /sys/fs/cgroup/a//b/ a/b name usage r.csv x.jsonl 1000000000
