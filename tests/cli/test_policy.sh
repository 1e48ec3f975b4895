#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of the kmemcg CLI's policy side (issue 12) against fixture
# trees (fixtures.sh, dfixture): kmemcg policy and policy set (with a
# writable fixture policy file; the module's EBUSY and EINVAL sentences are
# unit-tested in test_parse.c, km_policy_refusal, since a file cannot
# return them), kmemcg dead, tree --dead, the pseudo groups of the
# top-level slabinfo, status, export and set reserve.  TAP on stdout.
#
#   tests/cli/test_policy.sh [KMEMCG_BINARY]
#
# Pass criteria: the exact tables below; every error one line on stderr
# with status 2 (usage) or 1 (the module's refusal, a malformed file).
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

dfixture "$tmp/d"
fixture "$tmp/legacy"
json() { # json PYTHON-EXPR DESC: the expression holds for d, $out parsed
	python3 -c "import json,sys; d=json.load(sys.stdin); assert $1" <"$tmp/out"
	ok $? "$2"
}
at d

# --- kmemcg policy ---------------------------------------------------------------
for c in policy dead; do
	run $c --help
	[ $rc -eq 0 ] && [[ $out == *Usage:\ kmemcg\ $c* ]] && [[ $out == *Examples:* ]]
	ok $? "$c --help shows usage and examples"
done
for c in status tree top slabinfo set reset record plot export policy dead; do
	run $c --help
	[[ $out != *%* ]] || { echo "# $c --help: $(printf '%s\n' "$out" | grep %)"; false; }
	ok $? "$c --help has no printf format left in it"
done
run policy set --help
[ $rc -eq 0 ] && [[ $out == *"kmemcg policy set KEY VALUE"* ]]; ok $? "policy set --help shows policy's help"
run --help
has "  policy set KEY VALUE" "--help lists policy set"
has "  dead  " "--help lists dead"
has "tree [--dead]" "--help lists tree --dead"
run policy
is "AXIS            VALUE              CHANGES
granularity     page               at load (module parameter)
shadow_enforce  page               at run time, under shadow granularity
scope           list               at run time
scope_list      dentry,kmalloc-64  at run time
on_delete       dead               at run time
hierarchy       hierarchical       at load (module parameter)
over_limit      fail               at run time" "policy shows every axis and when it changes"
run policy -o json
json 'd == {"policy_file": True, "granularity": "page", "shadow_enforce": "page", "scope": "list", "scope_list": "dentry,kmalloc-64", "on_delete": "dead", "hierarchy": "hierarchical", "over_limit": "fail"}' \
	"policy -o json: every axis"
at legacy
run policy
is "granularity     page         (the module has no policy file)" "policy of a module without a policy file"
at d
expect 2 "kmemcg policy: unknown output format 'yaml' (only json); see kmemcg policy --help" "policy -o yaml" policy -o yaml
expect 2 "kmemcg policy: unexpected argument 'over_limit' (to change an axis: policy set KEY VALUE); see kmemcg policy --help" \
	"policy KEY without set" policy over_limit

# --- kmemcg policy set -------------------------------------------------------------
P=$tmp/d/kmemcg/policy
cp "$P" "$tmp/policy.orig"
run policy set over_limit count
[ $rc -eq 0 ] && [ "$out" = "over_limit: count (was fail)" ] && [ -z "$err" ]
ok $? "policy set over_limit count: says what changed"
out=$(cat "$P") && is "over_limit count" "... and writes \"over_limit count\" to the policy file, one line"
cp "$tmp/policy.orig" "$P"
run policy set over_limit fail_all
[ $rc -eq 0 ] && [ "$out" = "over_limit: fail_all (was fail)" ] && [ "$(cat "$P")" = "over_limit fail_all" ]
ok $? "policy set over_limit fail_all: the research value is taken"
cp "$tmp/policy.orig" "$P"
run policy set on_delete dead
[ $rc -eq 0 ] && [ "$out" = "on_delete: dead" ]; ok $? "policy set to the value in force: no 'was'"
cp "$tmp/policy.orig" "$P"
run policy set scope_list kmalloc-64,dentry,ext4_inode_cache
[ $rc -eq 0 ] && [ "$(cat "$P")" = "scope_list kmalloc-64,dentry,ext4_inode_cache" ]; ok $? "policy set scope_list with three caches"
cp "$tmp/policy.orig" "$P"
run policy set scope_list -
[ $rc -eq 0 ] && [ "$(cat "$P")" = "scope_list -" ]; ok $? "policy set scope_list - (none)"
cp "$tmp/policy.orig" "$P"
expect 2 "kmemcg policy: unknown policy axis 'bogus' (granularity, shadow_enforce, scope, scope_list, on_delete, hierarchy or over_limit); see kmemcg policy --help" \
	"policy set bogus 1: a usage error naming the axes" policy set bogus 1
expect 2 "kmemcg policy: over_limit must be fail, count, reclaim or fail_all, not 'maybe'; see kmemcg policy --help" \
	"policy set over_limit maybe: the values in a sentence" policy set over_limit maybe
expect 2 "kmemcg policy: hierarchy must be hierarchical or flat, not 'tree'*" "policy set hierarchy tree" policy set hierarchy tree
expect 2 "kmemcg policy: on_delete must be reparent, unaccount or dead, not 'keep'*" "policy set on_delete keep" policy set on_delete keep
expect 2 "kmemcg policy: scope must be all, list or kernel, not 'none'*" "policy set scope none" policy set scope none
expect 2 "kmemcg policy: granularity must be page, object or shadow, not 'slab'*" "policy set granularity slab" policy set granularity slab
expect 2 "kmemcg policy: shadow_enforce must be page or object, not 'shadow'*" "policy set shadow_enforce shadow" policy set shadow_enforce shadow
expect 2 "kmemcg policy: scope_list must be up to 16 cache names (as /proc/slabinfo spells them, at most 63 characters each) separated by commas, or - for none, not 'a,,b'*" \
	"policy set scope_list with an empty name" policy set scope_list a,,b
expect 2 "kmemcg policy: scope_list must be *, not 'a,a'*" "policy set scope_list with a name twice" policy set scope_list a,a
expect 2 "kmemcg policy: scope_list must be *, not '$(printf 'c%.0s,' {1..17} | sed 's/,$//')'*" \
	"policy set scope_list with 17 names" policy set scope_list "$(printf 'c%.0s,' {1..17} | sed 's/,$//')"
expect 2 "kmemcg policy: scope_list must be *" "policy set scope_list with a 64-character name" \
	policy set scope_list "$(printf 'x%.0s' {1..64})"
expect 2 "kmemcg policy: expected: policy set KEY VALUE; see kmemcg policy --help" "policy set without a value" policy set over_limit
expect 2 "kmemcg policy: expected: policy set KEY VALUE*" "policy set with three words" policy set over_limit count now
out=$(cat "$P") && is "$(cat "$tmp/policy.orig")" "usage errors leave the policy file alone"
at legacy
expect 1 "kmemcg: cannot set over_limit to count: the loaded module has no policy file (it predates policies); update the kmemcg module" \
	"policy set on a module without a policy file" policy set over_limit count
at d
# Not root: as root, drop to nobody (setpriv) so the permission check happens.
chmod 711 "$tmp" && chmod -R a+rX "$tmp/d" && chmod 644 "$P"
if [ "$(id -u)" -eq 0 ]; then
	KMEMCG_REAL=$KMEMCG
	KMEMCG="setpriv --reuid=65534 --regid=65534 --clear-groups $KMEMCG_REAL"
fi
expect 1 "kmemcg: cannot set over_limit to count: permission denied; run as root, with CAP_SYS_ADMIN (sudo kmemcg policy set ...)" \
	"policy set when not root: a sentence" policy set over_limit count
[ -n "${KMEMCG_REAL:-}" ] && KMEMCG=$KMEMCG_REAL

# a malformed policy: one line, status 1
cp "$tmp/policy.orig" "$tmp/policy.good"
printf 'granularity page\nover_limit maybe\n' >"$P"
expect 1 "kmemcg: $P: line 2: over_limit is not fail, count, reclaim or fail_all; the module and the CLI (0.1.0) may not match: check kmemcg status" \
	"a policy file with a bad over_limit" policy
printf 'granularity page\nscope_list a,,b\n' >"$P"
expect 1 "*$P: line 2: scope_list is not a list of cache names separated by commas, or -;*" "a policy file with a bad scope_list" status
printf 'granularity page\non_delete\n' >"$P"
expect 1 "*$P: line 2: expected \"key value\";*" "a policy line without a value" dead
printf 'granularity page\nfuture_axis 42\nhierarchy flat\n' >"$P"
run policy
[ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | awk 'NR > 1 { print $1 "=" $2 }' | tr '\n' ' ')" = "granularity=page hierarchy=flat " ]
ok $? "an axis of a newer module is ignored; absent axes are not shown"
cp "$tmp/policy.good" "$P"

# --- status and export --------------------------------------------------------------
run status
[ $rc -eq 0 ]; ok $? "status succeeds"
has "policy    page granularity
          granularity=page shadow_enforce=page scope=list
          scope_list=dentry,kmalloc-64 on_delete=dead hierarchy=hierarchical
          over_limit=fail
" "status shows every axis of the policy"
has "
policy figures
would_fail                            0
" "status: the policy figures, a section of their own"
has "dead_bytes                         1.0M  (1052672)" "status shows the dead groups' bytes"
has "unscoped_bytes                     8.0K  (8192)" "status shows the unscoped bytes"
run status -o json
json 'd["policy"]["on_delete"] == "dead" and d["policy"]["scope_list"] == "dentry,kmalloc-64" and d["granularity"] == "page" and d["stat"]["dead_groups"] == 2' \
	"status -o json: the policy, every axis"
run export --prometheus
has 'kmemcg_policy_info{granularity="page",enforced_view="page",scope="list",scope_list="dentry,kmalloc-64",on_delete="dead",hierarchy="hierarchical",over_limit="fail"} 1' \
	"export: every axis a label of kmemcg_policy_info"
has "kmemcg_dead_bytes 1052672" "export: the dead groups' bytes"
has "kmemcg_global_would_fail_total 0" "export: would_fail, all cgroups"
has "kmemcg_global_unaccounted_forced_total 3" "export: unaccounted_forced, all cgroups"
if command -v promtool >/dev/null; then
	printf '%s\n' "$out" | promtool check metrics >"$tmp/prom.err" 2>&1
	r=$?; ok $r "promtool accepts the export with the policy figures"
	[ $r -eq 0 ] || sed 's/^/#   /' "$tmp/prom.err"
else
	ok 1 "promtool accepts the export (promtool missing: make deps)"
fi

# --- kmemcg dead -------------------------------------------------------------------
run dead
is "     N CGROUP                                AGE        BYTES  TOP_CACHES
     3 /a/old                              1h02m         1.0M  shmem_inode_cache 16.0K, dentry 8.0K, kmalloc-8 4.0K
     7 /gone/x                               42s         4.0K  kmalloc-64 4.0K" "dead: N, path, age, bytes, top caches"
run dead -b
has "     7 /gone/x                               42s         4096  kmalloc-64 4096" "dead -b: bytes"
run dead -o json
json '[x["dead"] for x in d] == [3, 7] and d[0]["cgroup"] == "/a/old" and d[0]["age_s"] == 3723 and d[0]["removed_s"] == 100 and d[0]["usage_bytes"] == 1048576 and [c["name"] for c in d[0]["caches"]] == ["shmem_inode_cache", "dentry", "kmalloc-8", "kmalloc-64"] and d[0]["stat"]["charges"] == 300' \
	"dead -o json: every dead group, its caches and stat"
expect 2 "kmemcg dead: unexpected argument 'x'; see kmemcg dead --help" "dead with an argument" dead x
D=$tmp/d/kmemcg/dead
mv "$D/3/info" "$tmp/info3"
run dead
[ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | awk 'NR > 1 { print $1 }' | tr '\n' ' ')" = "7 " ]
ok $? "a dead group gone while read (no info) is left out"
printf 'path /a/old\nremoved_s 100\nage_s 3723\n' >"$D/3/info"
expect 1 "kmemcg: $D/3/info: no path or bytes line; the module and the CLI (0.1.0) may not match: check kmemcg status" \
	"an info file without bytes" dead
printf 'path a/old\nbytes 1\n' >"$D/3/info"
expect 1 "*$D/3/info: line 1: the path is not a cgroup path;*" "an info path that is not a path" dead
printf 'path /a/old\nbytes 1x\n' >"$D/3/info"
expect 1 "*$D/3/info: line 2: value is not a number;*" "an info value that is not a number" tree --dead
printf 'path /a/old\nbytes 1' >"$D/3/info"
expect 1 "*$D/3/info: line 2: truncated line (no newline);*" "a truncated info file" dead
printf 'path /a/old dir\nbytes 5\nnew_key x\n' >"$D/3/info"
run dead
has "     3 /a/old dir                              -            5  " "a path with a space, no age (-), an unknown key ignored"
mv "$tmp/info3" "$D/3/info"
mv "$D/7/memory.kmem.slabinfo" "$D/7/memory.kmem.stat" "$tmp/"
run dead
has "     7 /gone/x                               42s         4.0K  -" "a dead group without slabinfo or stat: shown, no caches"
run dead -o json
json 'd[1]["caches"] == [] and "stat" not in d[1]' "... and in JSON: no caches, no stat"
mv "$tmp/memory.kmem.slabinfo" "$tmp/memory.kmem.stat" "$D/7/"
at legacy
run dead
is "no dead groups" "dead on a module without dead groups"
at d
mv "$D" "$tmp/dead.saved"
sed -i 's/^on_delete dead$/on_delete reparent/' "$P"
run dead
is "no dead groups (on_delete is reparent; with on_delete dead a removed cgroup's charges stay listed here: kmemcg policy set on_delete dead)" \
	"no dead groups under on_delete reparent: how to have them"
run dead -o json
is "[
]" "dead -o json with none: an empty array"
cp "$tmp/policy.good" "$P"
mv "$tmp/dead.saved" "$D"

# --- tree --dead --------------------------------------------------------------------
run tree --dead
is "CGROUP                                  USAGE        LIMIT    MAX_USAGE    FAILCNT
/                                        3.0M          max         4.0M          0
  a                                      2.0M         8.0M         2.0M          2
    b                                    1.0M          max         1.0M          0
    old <dead:3>                         1.0M            -            -          -
  c                                      4.0K        64.0M         8.0K          0
  gone/x <dead:7>                        4.0K            -            -          -" \
	"tree --dead: dead groups under their former parent (or the nearest ancestor), marked"
run tree --dead -s usage -b a
is "CGROUP                                  USAGE        LIMIT    MAX_USAGE    FAILCNT
/a                                    2097152      8388608      2097152          2
  b                                   1048576          max      1048576          0
  old <dead:3>                        1048576            -            -          -" \
	"tree --dead CGROUP: only the dead groups below it, after the live children"
run tree --dead c
is "CGROUP                                  USAGE        LIMIT    MAX_USAGE    FAILCNT
/c                                       4.0K        64.0M         8.0K          0" "tree --dead of a cgroup without dead groups"
run tree --dead -o json
json '[(c["cgroup"], c.get("dead")) for c in d] == [("/", None), ("/a", None), ("/a/b", None), ("/a/old", 3), ("/c", None), ("/gone/x", 7)] and d[3]["usage_bytes"] == 1048576 and d[3]["age_s"] == 3723 and "limit_bytes" not in d[3]' \
	"tree --dead -o json: dead rows with dead, age_s and usage_bytes"
run tree
[ $rc -eq 0 ] && [[ $out != *dead* ]]; ok $? "tree without --dead: no dead groups"
gfixture "$tmp/s" shadow page
cp -r "$D" "$tmp/s/kmemcg/dead"
at s
run tree --dead
has "    old <dead:3>                         1.0M            -            -          -            -            -" \
	"tree --dead under shadow: no view figures for a dead group"
at d

# --- pseudo groups in the top-level slabinfo ----------------------------------------
run top --caches -b -n 1
[ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | awk 'NR > 2 { print $1 }' | tr '\n' ' ')" = "/ /a/b /a <dead:7> <unscoped> <dead:3> <unaccounted> " ]
ok $? "top --caches: the pseudo groups' rows, after the cgroups'"
run record -n 1 --caches -o "$tmp/r.csv"
[ $rc -eq 0 ] && grep -q '^[0-9.]*,<unscoped>,,,,,kmalloc-64,' "$tmp/r.csv"; ok $? "record --caches: pseudo groups named in the cgroup column"
printf '%s\n' 'dentry <unscoped> 1 1 1 1 0 0' 'kmalloc-64 <dead:3> 0 0 0 0 10 640' >>"$tmp/s/kmemcg/slabinfo"
at s
run slabinfo a
[ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | awk '$NF == "dentry" { print $1, $2 }')" = "50 63" ]
ok $? "slabinfo under shadow: pseudo rows not counted to the cgroup"
at d
S=$tmp/d/kmemcg/slabinfo
for p in '<dead:0>' '<dead:x>' '<dead:3>x' '<dead:03>' '<other>' 'a/b'; do
	cp "$S" "$tmp/slabinfo.saved"
	echo "dentry $p 1 1 1 1 0 0" >>"$S"
	expect 1 "*slabinfo: line *: the cgroup is not a path;*" "top-level slabinfo: '$p' is neither a path nor a pseudo group" top --caches -b -n 1
	mv "$tmp/slabinfo.saved" "$S"
done

# --- set reserve -------------------------------------------------------------------
# A fixture file keeps "1M" (the module reads back a number), so set's
# read-back is checked in the VM (tests/vm/80-cli.t), as set limit's.
R=$tmp/d/kmemcg/cgroup/a/memory.kmem.reserve_in_bytes
echo 0 >"$R"
run set a reserve 1M
[ "$(cat "$R")" = 1M ]; ok $? "set reserve writes the size as given (the module parses it)"
expect 2 "kmemcg set: invalid size '1Q'*" "set reserve 1Q" set a reserve 1Q
rm "$R"
expect 1 "kmemcg: cannot set the reserve of /a: the loaded module has no memory.kmem.reserve_in_bytes (it predates reserves); update the kmemcg module" \
	"set reserve on a module without reserves" set a reserve 1M

# --- policy params: make experiment's policy tokens, checked on the host -------------
unset KMEMCG_ROOT   # no module needed
run policy params page object,scope=kernel deletion=dead "shadow,shadow_enforce=object,over_limit=count,hierarchy=flat"
is "granularity=page
granularity=object scope=kernel
on_delete=dead
granularity=shadow shadow_enforce=object hierarchy=flat over_limit=count" "policy params: one line of module parameters per token, axes in policy order"
run policy params "scope=list,scope_list=dentry,kmalloc-64"
is "scope=list scope_list=dentry,kmalloc-64" "policy params: items after scope_list= are more caches"
expect 2 "kmemcg policy: bad policy 'bogus': granularity must be page, object or shadow, not 'bogus'; see kmemcg policy --help" \
	"policy params: an unknown granularity is a usage error" policy params page bogus
[ -z "$out" ]; ok $? "... and nothing is printed for the good tokens before it"
expect 2 "kmemcg policy: bad policy 'x=1': unknown policy axis 'x' (*over_limit)*" \
	"policy params: an unknown axis" policy params x=1
expect 2 "*scope must be all, list or kernel, not 'foo'*" "policy params: an unknown value" policy params object,scope=foo
expect 2 "*granularity given twice*" "policy params: an axis twice" policy params page,object
expect 2 "*on_delete given twice*" "policy params: deletion is on_delete" policy params deletion=dead,on_delete=reparent
expect 2 "*an empty item*" "policy params: an empty item" policy params page,,scope=all
expect 2 "*bad policy '': empty*" "policy params: an empty token" policy params ""
expect 2 "*scope_list must be*" "policy params: a bad scope list" policy params "scope_list=a b"
expect 2 "*expected: policy params TOKEN*" "policy params without a token" policy params

echo "1..$n"
[ "$failed" -eq 0 ]
