#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of the kmemcg CLI binary against fixture trees of the module's
# files (made here, including malformed and truncated ones): output, exit
# status and every error message.  TAP on stdout.
#
#   tests/cli/test_cli.sh [KMEMCG_BINARY]   (default build/userspace/kmemcg)
#
# The SVG and Prometheus checks are done here, on the host, with real
# parsers: xmllint (libxml2-utils) for a plot made from a fixture recording,
# and promtool (prometheus) for the export.  The VM test (tests/vm/80-cli.t)
# has no such tools, so it checks structure with awk only.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

fixture "$tmp/ok"
export KMEMCG_ROOT=$tmp/ok/kmemcg KMEMCG_PARAMS=$tmp/ok/params

# --- help and usage errors (exit 2) ----------------------------------------
run --help
[ $rc -eq 0 ] && [[ $out == *Examples:* ]] && [[ $out == *"kmemcg status"* ]]; ok $? "--help lists commands with examples"
for c in status tree top slabinfo set reset record plot export policy dead; do
	run $c --help
	[ $rc -eq 0 ] && [[ $out == *Usage:\ kmemcg\ $c* ]] && [[ $out == *Examples:* ]]
	ok $? "$c --help shows usage and examples"
done
expect 2 "kmemcg: unknown command 'frob'; see kmemcg --help" "unknown command" frob
expect 2 "kmemcg: no command given; see kmemcg --help" "no command"
expect 2 "kmemcg tree: unknown option --frob; see kmemcg tree --help" "unknown option" tree --frob
expect 2 "kmemcg tree: unknown sort key 'x'*; see kmemcg tree --help" "bad sort key" tree -s x
expect 2 "kmemcg tree: unknown output format 'yaml' (only json); see kmemcg tree --help" "bad -o" tree -o yaml
expect 2 "kmemcg tree: bad cgroup path '../x'; see kmemcg tree --help" "'..' in a path" tree ../x
expect 2 "kmemcg top: invalid interval 'abc'*" "top -d abc" top -b -d abc
expect 2 "kmemcg top: invalid interval '0'*" "top -d 0" top -b -d 0
expect 2 "kmemcg top: invalid count '-1'*" "top -n -1" top -b -n -1
expect 2 "kmemcg top: invalid count '2x'*" "top -n 2x" top -b -n 2x
expect 2 "kmemcg top: invalid count '99999999999999999999'*" "top -n overflow" top -b -n 99999999999999999999
expect 2 "kmemcg top: option -d needs a value*" "top -d without a value" top -d
expect 2 "kmemcg set: invalid size '12X'*" "set limit 12X" set a limit 12X
expect 2 "kmemcg set: invalid size '1.5M'*" "set limit 1.5M" set a limit 1.5M
expect 2 "kmemcg set: independent takes 0 or 1, not '2'*" "set independent 2" set a independent 2
expect 2 "kmemcg set: unknown setting 'foo'*" "set foo" set a foo 1
expect 2 "kmemcg set: expected CGROUP limit SIZE*" "set without value" set a limit
expect 2 "kmemcg reset: unknown counter 'usage'*" "reset usage" reset a usage
expect 2 "kmemcg record: no output file*" "record without -o" record -n 1
expect 2 "kmemcg record: cannot tell the format of '*x.txt': name it .csv or .jsonl*" "record -o x.txt" record -n 1 -o "$tmp/x.txt"
expect 2 "kmemcg plot: no output file (-o OUT.svg)*" "plot without -o" plot x.csv
expect 2 "kmemcg export: choose a format: --prometheus*" "export without a format" export
expect 2 "kmemcg slabinfo: expected one CGROUP*" "slabinfo without cgroup" slabinfo

# --- status ------------------------------------------------------------------
run status
[ $rc -eq 0 ]; ok $? "status succeeds on a good tree"
has "kmemcg 0.1.0 loaded" "status shows the module version"
has "kernel    6.12.0-test" "status shows the kernel"
has "max_owners=0" "status shows the settings"
has "policy    page granularity (the module has no policy file)" "status shows the policy line"
has "charged_bytes" "status shows the global figures"
has "3.0M  (3145728)" "status prints byte figures human and raw"
run status -o json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["stat"]["charged_bytes"]==3145728 and d["settings"]["max_owners"]=="0" and d["policy"]=={"policy_file": False, "granularity": "page"} and d["kernel"]=="6.12.0-test"' <"$tmp/out"
ok $? "status -o json parses, with stat, settings and the policy"

# --- the module's absence, in each form ------------------------------------
mkdir -p "$tmp/nodebugfs/debug" "$tmp/noload/debug/block"
expect 1 "kmemcg: debugfs is not mounted at $tmp/nodebugfs/debug; mount it with: mount -t debugfs none $tmp/nodebugfs/debug" \
	"advice when debugfs is not mounted" --root "$tmp/nodebugfs/debug/kmemcg" status
expect 1 "kmemcg: the kmemcg module is not loaded (no $tmp/noload/debug/kmemcg); load it with: modprobe kmemcg" \
	"advice when the module is not loaded" --root "$tmp/noload/debug/kmemcg" tree
# Not root: as root, drop to nobody (setpriv, util-linux) so the
# permission check really happens.
mkdir -p "$tmp/perm/kmemcg" && chmod 711 "$tmp" && chmod 000 "$tmp/perm"
if [ "$(id -u)" -eq 0 ]; then
	KMEMCG_REAL=$KMEMCG
	KMEMCG="setpriv --reuid=65534 --regid=65534 --clear-groups $KMEMCG_REAL"
fi
expect 1 "kmemcg: permission denied reading $tmp/perm*; run as root (sudo kmemcg ...)" \
	"advice when not root" --root "$tmp/perm/kmemcg" status
[ -n "${KMEMCG_REAL:-}" ] && KMEMCG=$KMEMCG_REAL
chmod 700 "$tmp/perm"

# --- tree ----------------------------------------------------------------------
run tree
[ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | awk 'NR>1 {print $1}' | tr '\n' ' ')" = "/ a b c " ]
ok $? "tree lists the cgroups depth first, by name"
has "  b " "tree indents children"
has "8.0M" "tree prints sizes human-readable"
printf '%s\n' "$out" | awk '$1 == "/" { exit !($3 == "max") }'; ok $? "tree prints no limit as max"
run tree -s usage
[ "$(printf '%s\n' "$out" | awk 'NR>1 {print $1}' | tr '\n' ' ')" = "/ a b c " ]; ok $? "tree -s usage keeps hierarchy"
run tree -b
has "2097152" "tree -b prints bytes"
for arg in /sys/fs/cgroup/a a /a a/ //a; do
	run tree -b "$arg"
	[ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | awk 'NR==2 {print $1}')" = /a ]
	ok $? "tree '$arg' is the cgroup /a"
done
run tree -o json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert [c["cgroup"] for c in d]==["/","/a","/a/b","/c"] and d[0]["limit_bytes"] is None and d[1]["limit_bytes"]==8388608' <"$tmp/out"
ok $? "tree -o json: cgroups in order, no limit as null"
expect 1 "kmemcg: no memory cgroup /zz (is the memory controller enabled for it?); list them with: kmemcg tree" \
	"tree of a missing cgroup" tree zz

# --- slabinfo --------------------------------------------------------------------
run slabinfo a
[ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | awk 'NR>1 {print $NF}' | tr '\n' ' ')" = "dentry shmem_inode_cache kmalloc-64 " ]
ok $? "slabinfo sorts by size"
run slabinfo -s name -b a
[ "$(printf '%s\n' "$out" | awk 'NR>1 {print $NF}' | tr '\n' ' ')" = "dentry kmalloc-64 shmem_inode_cache " ]
ok $? "slabinfo -s name"
run slabinfo -r -o json /a
python3 -c 'import json,sys; d=json.load(sys.stdin); c={x["name"]:x for x in d["caches"]}; assert c["dentry"]["num_objs"]==252 and c["dentry"]["active_objs"]==200' <"$tmp/out"
ok $? "slabinfo -r sums a cgroup and its descendants"

# --- malformed and truncated module files -------------------------------------------
bad() { # bad FILE CONTENT GLOB DESC ARGS...
	local f=$1 c=$2 g=$3 d=$4
	shift 4
	rm -rf "$tmp/bad" && cp -r "$tmp/ok" "$tmp/bad"
	printf -- "$c" >"$tmp/bad/kmemcg/$f"
	KMEMCG_ROOT=$tmp/bad/kmemcg expect 1 "$g" "$d" "$@"
}
U=cgroup/a/memory.kmem.usage_in_bytes
bad $U "" "kmemcg: $tmp/bad/kmemcg/$U: empty file; the module and the CLI (0.1.0) may not match: check kmemcg status" "empty usage file" tree
bad $U "123" "*$U: truncated (no newline);*" "truncated usage file" tree
bad $U "12a\n" "*$U: not a number;*" "malformed usage file" tree
bad $U "-5\n" "*$U: not a number;*" "negative usage" tree
bad $U "99999999999999999999999\n" "*$U: not a number;*" "usage overflowing 64 bits" tree
bad cgroup/a/memory.kmem.independent_kmem_limit "7\n" "*independent_kmem_limit: expected 0 or 1;*" "independent not 0/1" tree
bad stat "charged_bytes 1\ngroups" "kmemcg: $tmp/bad/kmemcg/stat: line 2: truncated line (no newline);*" "truncated stat" status
bad stat "charged_bytes x\n" "*stat: line 1: value is not a number;*" "malformed stat" status
bad stat "charged_bytes 1 2\n" "*stat: line 1: expected \"key value\";*" "stat line with 3 fields" status
bad version "kmemcg 0.1.0\n" "*version: no \"kmemcg\" or \"kernel\" line;*" "version without kernel" status
bad cgroup/a/memory.kmem.stat "own_bytes\n" "*memory.kmem.stat: line 1: expected \"key value\";*" "malformed cgroup stat" export --prometheus
S=cgroup/a/memory.kmem.slabinfo
bad $S "slabinfo - version: 2.0\n" "*$S: line 1: not slabinfo version 2.1;*" "slabinfo of another version" slabinfo a
bad $S "slabinfo - version: 2.1\n" "*$S: line 1: missing the \"# name\" header line;*" "slabinfo without the header" slabinfo a
bad $S "slabinfo - version: 2.1\n# name\ndentry 1 2 3\n" "*$S: line 3: not a slabinfo 2.1 line;*" "short slabinfo line" slabinfo a
bad $S "slabinfo - version: 2.1\n# name\ndentry 1 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0" "*$S: line 3: truncated line (no newline);*" "truncated slabinfo" slabinfo a
bad $S "slabinfo - version: 2.1\n# name\ndentry 1 x 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\n" "*$S: line 3: a field is not a number;*" "slabinfo with a bad number" slabinfo a
bad $S "slabinfo - version: 2.1\n# name\ndentry 9 2 3 4 5 : tunables 0 0 0 : slabdata 1 1 0\n" "*$S: line 3: more active than total objects or slabs;*" "slabinfo with active > total" slabinfo a
bad slabinfo "dentry / 1 2 3 4\n" "*slabinfo: line 1: missing the \"#\" header line;*" "top-level slabinfo without header" top -b -n 1 --caches
bad slabinfo "# h\ndentry / 1 2 3\n" "*slabinfo: line 2: expected*" "top-level slabinfo short line" top -b -n 1 --caches
bad slabinfo "# h\ndentry a 1 2 3 4\n" "*slabinfo: line 2: the cgroup is not a path;*" "top-level slabinfo bad cgroup" top -b -n 1 --caches
# Pseudo groups' rows (scope, on_delete) are named, not paths: taken as they are.
rm -rf "$tmp/bad" && cp -r "$tmp/ok" "$tmp/bad"
printf '# h\ndentry / 1 2 3 4 0 0\nkmemcg_test <unscoped> 5 6 1 1 0 0\nfoo <dead:3> 1 1 1 1 0 0\n' >"$tmp/bad/kmemcg/slabinfo"
KMEMCG_ROOT=$tmp/bad/kmemcg run top -b -n 1 --caches
[ $rc -eq 0 ] && printf '%s\n' "$out" | grep -q '^<unscoped> *kmemcg_test'
ok $? "top --caches shows <unscoped> rows"
rm -rf "$tmp/bad" && cp -r "$tmp/ok" "$tmp/bad" && rm "$tmp/bad/kmemcg/slabinfo"
KMEMCG_ROOT=$tmp/bad/kmemcg expect 1 "kmemcg: the loaded module has no $tmp/bad/kmemcg/slabinfo (it predates per-cache figures); update the kmemcg module" \
	"top --caches without the slabinfo file" top -b -n 1 --caches

# --- set and reset against files (errors come from the live module in the VM) ----
# The module rounds and reads back a number; a fixture file keeps "64M", so
# set's read-back is checked in the VM (tests/vm/80-cli.t), not here.
run set /sys/fs/cgroup/a limit 64M
[ "$(cat "$tmp/ok/kmemcg/cgroup/a/memory.kmem.limit_in_bytes")" = 64M ]
ok $? "set limit writes the size as given (the module parses it)"
run set a independent 0
[ $rc -eq 0 ] && [ "$(cat "$tmp/ok/kmemcg/cgroup/a/memory.kmem.independent_kmem_limit")" = 0 ]
ok $? "set independent writes 0"
echo 1 >"$tmp/ok/kmemcg/cgroup/a/memory.kmem.independent_kmem_limit"
echo 8388608 >"$tmp/ok/kmemcg/cgroup/a/memory.kmem.limit_in_bytes"
run reset a failcnt
[ $rc -eq 0 ] && [ "$(cat "$tmp/ok/kmemcg/cgroup/a/memory.kmem.failcnt")" = 0 ]; ok $? "reset failcnt writes 0"
echo 2 >"$tmp/ok/kmemcg/cgroup/a/memory.kmem.failcnt"
expect 1 "kmemcg: no memory cgroup /nope*" "set on a missing cgroup" set nope limit 1M

# --- top -------------------------------------------------------------------------
run top -b -n 2 -d 0.1
[ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | grep -c '^kmemcg top')" -eq 2 ]; ok $? "top -b -n 2 prints two frames"
[ "$(printf '%s\n' "$out" | awk '/^CGROUP/ {getline; print $1; exit}')" = / ]; ok $? "top sorts by usage"
run top -b -n 1 -s failcnt
[ "$(printf '%s\n' "$out" | awk '/^CGROUP/ {getline; print $1; exit}')" = /a ]; ok $? "top -s failcnt"
run top -b -n 1 --caches -s objs
[ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | awk '/^CGROUP/ {getline; print $1, $2; exit}')" = "/ dentry" ]
ok $? "top --caches lists (cgroup, cache) pairs"
run top -n 2 -d 0.1 -o json
[ $rc -eq 0 ] && python3 -c 'import json,sys; f=[json.loads(l) for l in sys.stdin]; assert len(f)==2 and len(f[0]["cgroups"])==4' <"$tmp/out"
ok $? "top -o json prints one JSON object per frame"
expect 2 "kmemcg top: sort key 'size' needs object sizes*" "top --caches -s size" top -b --caches -s size

# --- record and plot -------------------------------------------------------------------
run record -n 3 -d 0.05 -o "$tmp/r.csv"
python3 - "$tmp/r.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert list(rows[0].keys()) == ["time", "cgroup", "usage_bytes", "limit_bytes", "max_usage_bytes", "failcnt"], rows[0].keys()
assert len(rows) == 12 and len({r["time"] for r in rows}) == 3
assert [r["limit_bytes"] for r in rows[:2]] == ["", "8388608"]
EOF
ok $? "record 3 samples to CSV: header, 4 cgroups x 3 rows, no limit empty"
run record -n 3 -d 0.05 --caches -o "$tmp/r.jsonl"
python3 - "$tmp/r.jsonl" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
cg = [r for r in rows if "cache" not in r]
ca = [r for r in rows if "cache" in r]
assert len(cg) == 12 and len(ca) == 9
assert set(cg[0]) >= {"time", "cgroup", "usage_bytes", "limit_bytes", "max_usage_bytes", "failcnt"}
assert set(ca[0]) == {"time", "cgroup", "cache", "active_objs", "num_objs", "active_slabs", "num_slabs"}
EOF
ok $? "record --caches to JSON Lines: cgroup and cache rows with their keys"
run record -n 2 -d 0.05 --caches -o "$tmp/rc.csv"
python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1]))); assert len(r)==14 and r[-1]["cache"] and r[-1]["num_objs"]' "$tmp/rc.csv"
ok $? "record --caches to CSV"
# A recording with an awkward cgroup name, quoted in CSV and escaped in SVG.
printf 'time,cgroup,usage_bytes,limit_bytes,max_usage_bytes,failcnt\n0,/,100,,100,0\n0,"/x,&<y>",50,4096,50,0\n1.5,/,300,,300,0\n1.5,"/x,&<y>",60,4096,60,0\n' >"$tmp/odd.csv"
for f in r.csv r.jsonl rc.csv odd.csv; do
	run plot "$tmp/$f" -o "$tmp/$f.svg"
	[ $rc -eq 0 ] && xmllint --noout "$tmp/$f.svg" 2>"$tmp/xml.err"
	ok $? "plot of $f is an SVG that xmllint accepts"
done
grep -q 'stroke-dasharray' "$tmp/odd.csv.svg"; ok $? "plot draws limits as dashed lines"
grep -q '/x,&amp;&lt;y&gt;' "$tmp/odd.csv.svg"; ok $? "plot escapes cgroup names"
# make experiment's comparison: one cgroup, a line per policy, a title.
printf 'time,cgroup,policy,usage_bytes,limit_bytes,max_usage_bytes,failcnt\n0,/exp-w,page,100,,100,0\n1,/exp-w,page,300,,300,0\n0,/exp-w,"object,scope=kernel",50,,50,0\n1,/exp-w,"object,scope=kernel",70,,70,0\n' >"$tmp/pol.csv"
run plot -t "w & co" "$tmp/pol.csv" -o "$tmp/pol.svg"
[ $rc -eq 0 ] && xmllint --noout "$tmp/pol.svg"; ok $? "plot of a recording with a policy column"
[ "$(grep -c '<polyline' "$tmp/pol.svg")" -eq 2 ] && grep -q '>object,scope=kernel</text>' "$tmp/pol.svg" &&
	grep -q '>page</text>' "$tmp/pol.svg" && ! grep -q '>/exp-w</text>' "$tmp/pol.svg"
ok $? "... has a line and a legend entry per policy, none per cgroup"
grep -q '<title>w &amp; co</title>' "$tmp/pol.svg"; ok $? "plot -t sets the title"
printf 'time,cgroup,policy,usage_bytes,limit_bytes\n0,/exp-w,,1,\n' >"$tmp/b7.csv"
expect 1 "*b7.csv: line 2: an empty policy;*" "plot of a CSV with an empty policy" plot "$tmp/b7.csv" -o "$tmp/b.svg"
printf 'time,cgroup\n' >"$tmp/b1.csv"
expect 1 "kmemcg: $tmp/b1.csv: line 1: the header lacks time, cgroup, usage_bytes or limit_bytes; is it a kmemcg record file?" "plot of a CSV without columns" plot "$tmp/b1.csv" -o "$tmp/b.svg"
printf 'time,cgroup,usage_bytes,limit_bytes\n1,/,5' >"$tmp/b2.csv"
expect 1 "*b2.csv: line 2: truncated row (no newline);*" "plot of a truncated CSV" plot "$tmp/b2.csv" -o "$tmp/b.svg"
printf 'time,cgroup,usage_bytes,limit_bytes\n1,/,x,\n' >"$tmp/b3.csv"
expect 1 "*b3.csv: line 2: a field is not a number, or the cgroup not a path;*" "plot of a CSV with a bad number" plot "$tmp/b3.csv" -o "$tmp/b.svg"
printf '{"time": 1, "cgroup": "/"\n' >"$tmp/b4.jsonl"
expect 1 "*b4.jsonl: line 1: not a JSON object;*" "plot of broken JSON Lines" plot "$tmp/b4.jsonl" -o "$tmp/b.svg"
printf '{"time": 1, "cgroup": "/", "usage_bytes": "x", "limit_bytes": null}\n' >"$tmp/b5.jsonl"
expect 1 "*b5.jsonl: line 1: missing or mistyped*" "plot of mistyped JSON Lines" plot "$tmp/b5.jsonl" -o "$tmp/b.svg"
: >"$tmp/b6.csv"
expect 1 "*b6.csv: line 0: empty file;*" "plot of an empty file" plot "$tmp/b6.csv" -o "$tmp/b.svg"
expect 1 "kmemcg: cannot read $tmp/none.csv: No such file or directory; record one with: kmemcg record -o $tmp/none.csv" \
	"plot of a missing file" plot "$tmp/none.csv" -o "$tmp/b.svg"

# --- export --------------------------------------------------------------------------
run export --prometheus
[ $rc -eq 0 ]; ok $? "export --prometheus succeeds"
has 'kmemcg_usage_bytes{cgroup="/a/b"} 1048576' "export has usage per cgroup"
has 'kmemcg_limit_bytes{cgroup="/"} +Inf' "export: no limit is +Inf"
has '# TYPE kmemcg_failcnt_total counter' "export types failcnt as a counter"
has 'kmemcg_hook_calls_total{hook="kmem_cache_alloc"} 1234' "export has hook calls"
if command -v promtool >/dev/null; then
	promtool check metrics <"$tmp/out" >"$tmp/prom.err" 2>&1
	r=$?; ok $r "promtool check metrics accepts the export"
	[ $r -eq 0 ] || sed 's/^/#   /' "$tmp/prom.err"
else
	ok 1 "promtool check metrics accepts the export (promtool missing: make deps)"
fi

echo "1..$n"
[ "$failed" -eq 0 ]
