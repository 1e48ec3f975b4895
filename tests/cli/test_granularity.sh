#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of the kmemcg CLI under each accounting granularity, against
# fixture trees (fixtures.sh): a module without a policy file (page), the
# same figures from a module at page granularity, and modules at object and
# at shadow granularity (limits on the page view, and on the object view).
# TAP on stdout.
#
#   tests/cli/test_granularity.sh [KMEMCG_BINARY]
#
# Pass criteria: under page granularity every command prints byte for byte
# what the CLI printed before granularities (the golden texts below, from
# that CLI), but for the granularity named in status, top's title and
# kmemcg_policy_info; under object and shadow the exact column headers and
# figures derived in fixtures.sh; a malformed policy file is one line on
# stderr and status 1.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

fixture "$tmp/legacy"
pfixture "$tmp/page"
gfixture "$tmp/object" object
gfixture "$tmp/shadow" shadow page
gfixture "$tmp/shadowobj" shadow object
line() { printf '%s\n' "$out" | sed -n "${1}p"; }	# line N of $out
row() { printf '%s\n' "$out" | awk -v k="$1" '$1 == k { print; exit }'; }
untimed() { sed -e '1s/^kmemcg top - [0-9:]*, /kmemcg top - T, /' -e 's/"time":[0-9.]*,//'; }
# prom DESC: promtool accepts $out
prom() {
	if command -v promtool >/dev/null; then
		printf '%s\n' "$out" | promtool check metrics >"$tmp/prom.err" 2>&1
		r=$?; ok $r "$1"
		[ $r -eq 0 ] || sed 's/^/#   /' "$tmp/prom.err"
	else
		ok 1 "$1 (promtool missing: make deps)"
	fi
}

# --- page, without a policy file: what the CLI always printed --------------------
at legacy
run tree
is "CGROUP                                  USAGE        LIMIT    MAX_USAGE    FAILCNT
/                                        3.0M          max         4.0M          0
  a                                      2.0M         8.0M         2.0M          2
    b                                    1.0M          max         1.0M          0
  c                                      4.0K        64.0M         8.0K          0" \
	"no policy file: tree as before"
run slabinfo a
is "    ACTIVE       OBJS  USE  OBJSIZE    SLABS OBJ/SLAB       SIZE  NAME
       100        126  79%      192        6       21      24.0K  dentry
        10         20  50%      760        1       20      16.0K  shmem_inode_cache
        50         64  78%       64        1       64       4.0K  kmalloc-64" \
	"no policy file: slabinfo as before"
run top -b -n 1
[[ $(line 1) == "kmemcg top - "*", 4 cgroups, every 2s, page granularity" ]]
ok $? "no policy file: top's title says page granularity"
out=$(printf '%s\n' "$out" | sed 1d)
is "CGROUP                                        USAGE     GROWTH      LIMIT    FAILCNT
/                                              3.0M          0        max          0
/a                                             2.0M          0       8.0M          2
/a/b                                           1.0M          0        max          0
/c                                             4.0K          0      64.0M          0" \
	"no policy file: top's table as before"
run top -b -n 1 --caches
out=$(printf '%s\n' "$out" | sed 1d)
is "CGROUP                       CACHE                      ACTIVE       OBJS    SLABS   GROWTH
/                            dentry                        100        126        6       +0
/a/b                         kmalloc-64                     50         64        1       +0
/a                           dentry                         50         63        3       +0" \
	"no policy file: top --caches as before"
run status
has "policy    page granularity (the module has no policy file)" "no policy file: status says page, and why"
run status -o json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["granularity"]=="page" and d["enforced_view"]=="page" and d["policy_file"] is False' <"$tmp/out"
ok $? "no policy file: status -o json: page, no policy file"
run export --prometheus
has 'kmemcg_policy_info{granularity="page",enforced_view="page"} 1' "no policy file: export names page granularity"

# --- page, with a policy file: the same output ----------------------------------
for cmd in "tree" "tree -b" "tree -o json" "tree -s usage a" "slabinfo a" "slabinfo -r -b a" \
	"slabinfo -r -o json a" "top -b -n 1" "top -b -n 1 --caches" "top -b -n 1 -o json" \
	"top -b -n 1 --caches -o json" "export --prometheus"; do
	# shellcheck disable=SC2086
	at legacy && run $cmd && want=$(printf '%s\n' "$out" | untimed) && rc0=$rc
	# shellcheck disable=SC2086
	at page && run $cmd && out=$(printf '%s\n' "$out" | untimed)
	[ "$rc0" -eq 0 ] && [ $rc -eq 0 ] || out="exit status $rc0 and $rc"
	is "$want" "page granularity: '$cmd' prints as without a policy file"
done
for f in r.csv rc.csv r.jsonl; do
	c=; [ $f = r.csv ] || c=--caches
	for m in legacy page; do
		at $m && $KMEMCG record -n 1 $c -o "$tmp/$m-$f" && sed 's/^[0-9.]*,//; s/"time":[0-9.]*,//' "$tmp/$m-$f" >"$tmp/$m-$f.u"
	done
	cmp -s "$tmp/legacy-$f.u" "$tmp/page-$f.u"; ok $? "page granularity: record $c to $f as without a policy file"
done
run status
has "policy    page granularity
" "page: status names the granularity"
case $out in *tracked_objects*|*object_bytes*) ok 1 "page: status leaves the object figures out" ;;
	*) ok 0 "page: status leaves the object figures out" ;; esac

# --- object -------------------------------------------------------------------------
at object
run status
has "policy    object granularity
" "object: status names the granularity"
has "
objects
tracked_objects                   18448
object_bytes                       1.5M  (1573888)" "object: status has the object section"
has "object_vector_bytes                100K  (102400, 4.27 bytes per object slot)" "object: status gives the side table's bytes per slot"
has "object_record_failures                3" "object: status has record failures"
has "object_untracked_frees               17" "object: status has untracked object frees"
has "stale_objects                         0" "object: status has stale objects"
run status -o json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["granularity"]=="object" and d["enforced_view"]=="object" and d["stat"]["tracked_objects"]==18448 and d["policy_file"] is True' <"$tmp/out"
ok $? "object: status -o json names the granularity and has the object figures"
run tree
is "CGROUP                           OBJECT_USAGE        LIMIT    MAX_USAGE    FAILCNT
/                                        1.5M          max         4.0M          0
  a                                      1.0M         8.0M         1.0M          2
    b                                    768K          max         768K          0
  c                                      1.0K        64.0M         8.0K          0" \
	"object: tree labels the usage column OBJECT_USAGE"
run tree -o json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert d[1]["cgroup"]=="/a" and d[1]["usage_bytes"]==1056768 and d[1]["enforced_view"]=="object" and "page_usage_bytes" not in d[1]' <"$tmp/out"
ok $? "object: tree -o json says the view"
run top -b -n 1
[[ $(line 1) == *", object granularity" ]] && [ "$(line 2)" = "CGROUP                                        USAGE     GROWTH      LIMIT    FAILCNT" ]
ok $? "object: top's title names the granularity, columns as under page"
run top -b -n 1 --caches
[ "$(line 2)" = "CGROUP                       CACHE                     OBJECTS  OBJ_BYTES   GROWTH" ] &&
	[ "$(line 3)" = "/                            dentry                         90      16.9K       +0" ]
ok $? "object: top --caches shows objects and their bytes"
run top -b -n 1 -o json
python3 -c 'import json,sys; d=json.loads(sys.stdin.readline()); assert d["granularity"]=="object" and d["enforced_view"]=="object"' <"$tmp/out"
ok $? "object: top -o json names the granularity"
run slabinfo a
is "    ACTIVE       OBJS  USE  OBJSIZE    SLABS OBJ/SLAB  OBJ_BYTES  NAME
        40         40 100%      192        2       21       7.5K  dentry
        10         10 100%       64        1       64        640  kmalloc-64" \
	"object: slabinfo as before, the bytes column OBJ_BYTES"
run slabinfo -r -o json a
python3 -c 'import json,sys; d=json.load(sys.stdin); c={x["name"]:x for x in d["caches"]}; k=c["kmalloc-64"]
assert d["granularity"]=="object" and d["enforced_view"]=="object"
assert k["objects"]==70 and k["object_bytes"]==4480 and k["size_bytes"]==4480 and k["num_objs"]==70' <"$tmp/out"
ok $? "object: slabinfo -r -o json has objects and object_bytes"
run export --prometheus
has 'kmemcg_policy_info{granularity="object",enforced_view="object"} 1' "object: export names the granularity"
has 'kmemcg_object_bytes{cgroup="/a"} 262144' "object: export has kmemcg_object_bytes per cgroup"
has 'kmemcg_unaccounted_forced_bytes_total{cgroup="/a"} 0' "export: unaccounted_forced_bytes per cgroup"
has '# TYPE kmemcg_object_charges_total counter' "object: export types object charges as a counter"
has 'kmemcg_tracked_objects 18448' "object: export has tracked objects"
has 'kmemcg_global_object_bytes 1573888' "object: export has the side table's object bytes"
has 'kmemcg_stale_objects_total 0' "object: export has stale objects"
case $out in *kmemcg_page_usage_bytes*) ok 1 "object: no per-view usage in the export" ;;
	*) ok 0 "object: no per-view usage in the export" ;; esac
prom "object: promtool check metrics accepts the export"

# --- shadow, limits on the page view ------------------------------------------------
at shadow
run status
has "policy    shadow granularity, limits on the page view
" "shadow: status names the granularity and the enforced view"
has "tracked_objects                   18448" "shadow: status has the object section"
run tree
is "CGROUP                             PAGE_USAGE        LIMIT    MAX_USAGE    FAILCNT         PAGE       OBJECT
/                                        3.0M          max         4.0M          0         3.0M         1.5M
  a                                      2.0M         8.0M         2.0M          2         2.0M         1.0M
    b                                    1.0M          max         1.0M          0         1.0M         768K
  c                                      4.0K        64.0M         8.0K          0         4.0K         1.0K" \
	"shadow: tree has a page and an object column"
run tree -b a
is "CGROUP                             PAGE_USAGE        LIMIT    MAX_USAGE    FAILCNT         PAGE       OBJECT
/a                                    2097152      8388608      2097152          2      2097152      1056768
  b                                   1048576          max      1048576          0      1048576       786432" \
	"shadow: tree -b of a subtree sums each view over it"
run tree -o json
python3 -c 'import json,sys; d=json.load(sys.stdin); a=d[1]
assert a["cgroup"]=="/a" and a["page_usage_bytes"]==2097152 and a["object_usage_bytes"]==1056768 and a["enforced_view"]=="page"
assert d[0]["object_usage_bytes"]==1586176 and "stat" not in a' <"$tmp/out"
ok $? "shadow: tree -o json has both views"
run top -b -n 1
[[ $(line 1) == *", shadow granularity, limits on the page view" ]]
ok $? "shadow: top's title names the granularity and the enforced view"
[ "$(line 2)" = "CGROUP                                        USAGE     GROWTH      LIMIT    FAILCNT       PAGE     OBJECT" ] &&
	[ "$(row /a)" = "/a                                             2.0M          0       8.0M          2       2.0M       1.0M" ]
ok $? "shadow: top shows both views per cgroup"
run top -b -n 1 --caches
[ "$(line 2)" = "CGROUP                       CACHE                      ACTIVE       OBJS    SLABS    OBJECTS  OBJ_BYTES   GROWTH" ] &&
	[ "$(line 3)" = "/                            dentry                        100        126        6         90      16.9K       +0" ]
ok $? "shadow: top --caches shows both views"
run top -b -n 1 -o json
python3 -c 'import json,sys; d=json.loads(sys.stdin.readline()); a=[c for c in d["cgroups"] if c["cgroup"]=="/a"][0]
assert d["granularity"]=="shadow" and a["page_usage_bytes"]==2097152 and a["object_usage_bytes"]==1056768' <"$tmp/out"
ok $? "shadow: top -o json has both views"
run slabinfo a
is "    ACTIVE       OBJS    SLABS PAGE_BYTES    OBJECTS  OBJ_BYTES  NAME
        10         20        1      16.0K          0          0  shmem_inode_cache
        50         63        3      12.0K         40       7.5K  dentry
         0          0        0          0         10        640  kmalloc-64" \
	"shadow: slabinfo shows both views per cache, by page bytes"
run slabinfo -r -b a
[ "$(printf '%s\n' "$out" | awk '$NF == "kmalloc-64"')" = "        50         64        1       4096         70       4480  kmalloc-64" ]
ok $? "shadow: slabinfo -r sums both views over the subtree"
run slabinfo -o json a
python3 -c 'import json,sys; d=json.load(sys.stdin); c={x["name"]:x for x in d["caches"]}
assert d["granularity"]=="shadow" and d["enforced_view"]=="page"
assert c["dentry"]["page_bytes"]==12288 and c["dentry"]["objects"]==40 and c["dentry"]["object_bytes"]==7680 and c["dentry"]["size_bytes"]==12288
assert c["kmalloc-64"]["num_slabs"]==0 and c["kmalloc-64"]["objects"]==10' <"$tmp/out"
ok $? "shadow: slabinfo -o json has both views"
run export --prometheus
has 'kmemcg_policy_info{granularity="shadow",enforced_view="page"} 1' "shadow: export names the granularity and the view"
has 'kmemcg_page_usage_bytes{cgroup="/a"} 2097152' "shadow: export has the page view's usage"
has 'kmemcg_object_usage_bytes{cgroup="/a"} 1056768' "shadow: export has the object view's usage"
has 'kmemcg_object_bytes{cgroup="/a/b"} 786432' "shadow: export has kmemcg_object_bytes"
prom "shadow: promtool check metrics accepts the export"

# --- record under object and shadow, and plot of what it wrote -----------------------
at object
run record -n 2 -d 0.05 --caches -o "$tmp/o.csv"
python3 - "$tmp/o.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert list(rows[0].keys()) == ["time", "cgroup", "usage_bytes", "limit_bytes", "max_usage_bytes", "failcnt",
    "granularity", "enforced_view", "cache", "active_objs", "num_objs", "active_slabs", "num_slabs",
    "objects", "object_bytes"], rows[0].keys()
cg = [r for r in rows if not r["cache"]]
ca = [r for r in rows if r["cache"]]
assert len(cg) == 8 and len(ca) == 10
assert all(r["granularity"] == "object" and r["enforced_view"] == "object" for r in rows)
a = [r for r in ca if r["cgroup"] == "/a" and r["cache"] == "kmalloc-64"][0]
assert a["objects"] == "10" and a["object_bytes"] == "640"
EOF
ok $? "object: record --caches to CSV: granularity, view, objects and object_bytes"
at shadow
run record -n 2 -d 0.05 --caches -o "$tmp/s.csv"
python3 - "$tmp/s.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert list(rows[0].keys()) == ["time", "cgroup", "usage_bytes", "limit_bytes", "max_usage_bytes", "failcnt",
    "granularity", "enforced_view", "page_usage_bytes", "object_usage_bytes", "cache", "active_objs",
    "num_objs", "active_slabs", "num_slabs", "objects", "object_bytes"], rows[0].keys()
a = [r for r in rows if r["cgroup"] == "/a" and not r["cache"]][0]
assert (a["usage_bytes"], a["page_usage_bytes"], a["object_usage_bytes"]) == ("2097152", "2097152", "1056768")
assert a["granularity"] == "shadow" and a["enforced_view"] == "page"
d = [r for r in rows if r["cgroup"] == "/" and r["cache"] == "dentry"][0]
assert (d["num_objs"], d["objects"], d["object_bytes"], d["page_usage_bytes"]) == ("126", "90", "17280", "")
EOF
ok $? "shadow: record --caches to CSV: both views per cgroup, both per cache"
run record -n 2 -d 0.05 --caches -o "$tmp/s.jsonl"
python3 - "$tmp/s.jsonl" <<'EOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
cg = [r for r in rows if "cache" not in r]
ca = [r for r in rows if "cache" in r]
assert len(cg) == 8 and len(ca) == 12
a = [r for r in cg if r["cgroup"] == "/a"][0]
assert a["page_usage_bytes"] == 2097152 and a["object_usage_bytes"] == 1056768 and a["granularity"] == "shadow" and "stat" not in a
assert set(ca[0]) == {"time", "cgroup", "cache", "active_objs", "num_objs", "active_slabs", "num_slabs",
    "granularity", "enforced_view", "objects", "object_bytes"}
EOF
ok $? "shadow: record --caches to JSON Lines: both views"
for f in o.csv s.csv s.jsonl; do
	run plot "$tmp/$f" -o "$tmp/$f.svg"
	[ $rc -eq 0 ] && xmllint --noout "$tmp/$f.svg" 2>/dev/null
	ok $? "plot of the $f recording is an SVG that xmllint accepts"
done
# A recording from before granularities still plots.
printf 'time,cgroup,usage_bytes,limit_bytes,max_usage_bytes,failcnt,cache,active_objs,num_objs,active_slabs,num_slabs\n0,/,100,,100,0,,,,,\n0,/,,,,,dentry,1,2,1,1\n1,/,300,,300,0,,,,,\n' >"$tmp/old.csv"
run plot "$tmp/old.csv" -o "$tmp/old.svg"
[ $rc -eq 0 ] && xmllint --noout "$tmp/old.svg" 2>/dev/null; ok $? "plot of a recording from before granularities"

# --- shadow, limits on the object view -------------------------------------------------
at shadowobj
run status
has "policy    shadow granularity, limits on the object view" "shadow (object): status names the enforced view"
run tree
[ "$(line 1)" = "CGROUP                           OBJECT_USAGE        LIMIT    MAX_USAGE    FAILCNT         PAGE       OBJECT" ] &&
	[ "$(row a)" = "  a                                      1.0M         8.0M         1.0M          2         2.0M         1.0M" ]
ok $? "shadow (object): tree's usage is the object view, beside both views"
run slabinfo a
is "    ACTIVE       OBJS    SLABS PAGE_BYTES    OBJECTS  OBJ_BYTES  NAME
        50         63        3      12.0K         40       7.5K  dentry
         0          0        0          0         10        640  kmalloc-64
        10         20        1          -          0          0  shmem_inode_cache" \
	"shadow (object): slabinfo by object bytes; page bytes unknown without a line of the cache"
run slabinfo -o json a
python3 -c 'import json,sys; d=json.load(sys.stdin); c={x["name"]:x for x in d["caches"]}
assert d["enforced_view"]=="object" and c["shmem_inode_cache"]["page_bytes"] is None and c["shmem_inode_cache"]["pagesperslab"] is None
assert c["dentry"]["size_bytes"]==7680 and c["dentry"]["page_bytes"]==12288' <"$tmp/out"
ok $? "shadow (object): slabinfo -o json: unknown page bytes are null"
run export --prometheus
has 'kmemcg_policy_info{granularity="shadow",enforced_view="object"} 1' "shadow (object): export names the view"
prom "shadow (object): promtool check metrics accepts the export"

# --- malformed policy and object figures: one line, status 1 ---------------------------
# gbad BASE FILE CONTENT GLOB DESC ARGS...: FILE of a copy of BASE holds CONTENT
gbad() {
	local b=$1 f=$2 c=$3 g=$4 d=$5
	shift 5
	rm -rf "$tmp/bad" && cp -r "$tmp/$b" "$tmp/bad"
	printf -- "$c" >"$tmp/bad/kmemcg/$f"
	KMEMCG_ROOT=$tmp/bad/kmemcg expect 1 "$g" "$d" "$@"
}
P=policy
gbad shadow $P "granularity huge\n" "kmemcg: $tmp/bad/kmemcg/$P: line 1: the granularity is not page, object or shadow; the module and the CLI (0.1.0) may not match: check kmemcg status" "unknown granularity" tree
gbad shadow $P "granularity shadow\nshadow_enforce both\n" "*$P: line 2: shadow_enforce is not page or object;*" "unknown shadow_enforce" status
gbad shadow $P "granularity shadow\n" "*$P: no shadow_enforce line under shadow granularity;*" "shadow without shadow_enforce" top -b -n 1
gbad shadow $P "deletion reparent\n" "*$P: no granularity line;*" "a policy without granularity" slabinfo a
gbad shadow $P "granularity object" "*$P: line 1: truncated line (no newline);*" "truncated policy" record -n 1 -o "$tmp/x.csv"
gbad shadow $P "" "*$P: empty file;*" "empty policy" export --prometheus
gbad shadow $P "granularity\n" "*$P: line 1: expected \"key value\";*" "policy line without a value" tree
gbad shadow cgroup/a/memory.kmem.stat "own_bytes 1\nlarge_kmalloc_bytes 0\n" \
	"*cgroup/a/memory.kmem.stat: no own_bytes, object_bytes or large_kmalloc_bytes figure under shadow granularity;*" \
	"shadow: a cgroup stat without object_bytes" tree
gbad shadow slabinfo "# h\ndentry / 1 2 3 4 5\n" "*slabinfo: line 2: expected*" "top-level slabinfo with 7 fields" slabinfo a
gbad object cgroup/a/memory.kmem.slabinfo "slabinfo - version: 2.1\n" "*memory.kmem.slabinfo: line 1: missing the \"# name\" header line;*" "object: malformed memory.kmem.slabinfo" slabinfo a

echo "1..$n"
[ "$failed" -eq 0 ]
