#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of kmemcg check (issue 15) against fixture trees: a clean
# module tree and cgroup filesystem, then one violation of each invariant
# (conservation of each kind, a negative figure, stale counters, a cgroup
# without its directory and a directory without its cgroup, a hierarchy
# that does not add up, and not under hierarchy flat), a violation that
# goes away while the check retries, --json, -q, and the errors.  TAP on
# stdout.
#
#   tests/cli/test_check.sh [KMEMCG_BINARY]
#
# Pass criteria: the exact lines below; status 0 clean, 1 with one line
# per violation on stdout, 2 with one line on stderr when the check
# cannot be made.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

# kfixture DIR: a module at shadow granularity with / /a /a/b /c /x and a
# cgroup filesystem that also has /c/d (c does not enable memory: no
# directory) and /x/y (x enables nothing); every sum balances.
kfixture() {
	local r=$1/kmemcg c=$1/cgroupfs p
	mkdir -p "$r/cgroup/a/b" "$r/cgroup/c" "$r/cgroup/x" "$r/dead/1" "$c/a/b" "$c/c/d" "$c/x/y"
	printf 'kmemcg 0.1.0\nkernel 6.12.0-test\n' >"$r/version"
	printf 'granularity shadow\nshadow_enforce page\nscope all\nscope_list -\non_delete reparent\nhierarchy hierarchical\nover_limit fail\n' >"$r/policy"
	printf '%s\n' 'charged_bytes 3145728' 'own_bytes_sum 3145728' 'tracked_pages 800' \
		'tracked_bytes 3276800' 'unattributed_bytes 0' 'stale_entries 0' 'refused 2' \
		'unscoped_bytes 131072' 'unaccounted_bytes 0' 'module_bytes 70000' \
		'object_charged_bytes 1000' 'object_view_bytes_sum 1000' 'object_bytes 900' \
		'object_bytes_sum 800' 'pseudo_object_bytes 100' 'stale_objects 0' \
		'hook_allocate_slab 1234' >"$r/stat"
	for p in /:3145728 /a:2097152 /a/b:1048576 /c:8192 /x:0; do
		echo "${p#*:}" >"$r/cgroup${p%:*}/memory.kmem.usage_in_bytes"
		echo 9223372036854771712 >"$r/cgroup${p%:*}/memory.kmem.limit_in_bytes"
		printf 'own_bytes 4096\nobject_bytes 0\n' >"$r/cgroup${p%:*}/memory.kmem.stat"
	done
	printf 'path /gone\nremoved_s 12\nage_s 3\nbytes 4096\n' >"$r/dead/1/info"
	printf '# name cgroup-path active_objs num_objs active_slabs num_slabs objects object_bytes\ndentry /a 50 63 3 3 0 0\n' >"$r/slabinfo"
	echo "cpu memory pids" >"$c/cgroup.subtree_control"
	echo "memory" >"$c/a/cgroup.subtree_control"
	echo "pids" >"$c/c/cgroup.subtree_control"
	: >"$c/x/cgroup.subtree_control"
}
# stat KEY VALUE: set a key of the fixture's stat
stat() { sed -i "s/^$1 .*/$1 $2/" "$tmp/k/kmemcg/stat"; }
fresh() { rm -rf "$tmp/k" && kfixture "$tmp/k"; }
fresh
at k

run check --help
[ $rc -eq 0 ] && [[ $out == *Usage:\ kmemcg\ check* ]] && [[ $out == *Examples:* ]]
ok $? "check --help shows usage and examples"
run --help
has "  check " "kmemcg --help lists check"

run check
[ $rc -eq 0 ]; ok $? "a clean tree: status 0"
is "clean: conserved (try 1), no negative figure in 20 files, no stale entry, 5 memory cgroups mirrored, hierarchy sums hold" \
	"a clean tree: one line that says what was checked"
run check -q
[ $rc -eq 0 ]; ok $? "-q: status 0"
is "" "-q: nothing printed when clean"
run check --json
[ $rc -eq 0 ] && python3 -c 'import json,sys; d=json.load(sys.stdin)
assert d["clean"] is True and d["violations"] == [], d
assert d["stat"]["charged_bytes"] == 3145728 and d["stat"]["object_bytes"] == 900, d
assert d["memory_cgroups"] == 5 and d["mirrors"] == 5 and d["conservation_tries"] == 1, d' <"$tmp/out"
ok $? "--json: clean, the stat figures, the counts"

# violation KEY-SETUP WANT DESC: after running the setup command on a
# fresh fixture, check --retries 0 prints WANT and fails with status 1
violation() {
	fresh
	eval "$1"
	run check --retries 0
	[ $rc -eq 1 ]; ok $? "$3: status 1"
	is "$2
1 violation" "$3: the line"
}
violation "stat own_bytes_sum 3141632" \
	"conservation: own_bytes_sum 3141632 != charged_bytes 3145728 (1 tries)" \
	"own_bytes_sum off by a page"
violation "stat tracked_bytes 3145728" \
	"conservation: tracked_bytes 3145728 != charged_bytes 3145728 + unscoped_bytes and unaccounted_bytes 131072 (1 tries)" \
	"tracked_bytes without the pseudo groups'"
fresh
sed -i 's/^shadow_enforce .*/shadow_enforce object/' "$tmp/k/kmemcg/policy"
run check -q --retries 0
[ $rc -eq 0 ] && [ -z "$out" ]
ok $? "limits on the object view: the pseudo groups' bytes are objects, not in tracked_bytes"
violation "sed -i 's/^shadow_enforce .*/shadow_enforce object/' $tmp/k/kmemcg/policy; stat tracked_bytes 3141632" \
	"conservation: tracked_bytes 3141632 < charged_bytes 3145728 (1 tries)" \
	"limits on the object view: fewer pages tracked than charged"
violation "stat object_view_bytes_sum 1192" \
	"conservation: object_charged_bytes 1000 != object_view_bytes_sum 1192 (1 tries)" \
	"the object view off"
violation "stat pseudo_object_bytes 0" \
	"conservation: object_bytes 900 != object_bytes_sum 800 + pseudo_object_bytes 0 (1 tries)" \
	"objects not all in a group"
violation "stat stale_entries 3" "stale: stale_entries 3" "stale owner-table entries"
violation "stat stale_objects 1" "stale: stale_objects 1" "stale object slots"
violation "sed -i 's/^own_bytes .*/own_bytes -4096/' $tmp/k/kmemcg/cgroup/a/memory.kmem.stat" \
	"negative: cgroup/a/memory.kmem.stat: line 1: own_bytes -4096" "a negative figure in a cgroup's file"
violation "echo 'dentry /a 50 63 3 3 -2 0' >>$tmp/k/kmemcg/slabinfo" \
	"negative: slabinfo: line 3: dentry /a 50 63 3 3 -2 0" "a negative figure in a table"
violation "sed -i 's/^age_s .*/age_s -1/' $tmp/k/kmemcg/dead/1/info" \
	"negative: dead/1/info: line 3: age_s -1" "a negative figure in a dead group's file"
violation "mkdir $tmp/k/cgroupfs/a/e" \
	"mirror: memory cgroup /a/e has no directory in $tmp/k/kmemcg/cgroup (1 tries)" \
	"a memory cgroup without its directory"
violation "mkdir $tmp/k/kmemcg/cgroup/c/d" \
	"mirror: $tmp/k/kmemcg/cgroup/c/d has no live memory cgroup in $tmp/k/cgroupfs (1 tries)" \
	"a directory of a cgroup that is no memory cgroup"
violation "echo 1 >$tmp/k/kmemcg/cgroup/a/memory.kmem.usage_in_bytes" \
	"hierarchy: /a usage 1 is below its children's sum 1048576 (1 tries)" \
	"a usage below a child's"
violation "echo 8191 >$tmp/k/kmemcg/cgroup/c/memory.kmem.usage_in_bytes; echo 8192 >$tmp/k/kmemcg/cgroup/memory.kmem.usage_in_bytes" \
	"hierarchy: / usage 8192 is below its children's sum 2105343 (1 tries)" \
	"the root's usage below its children's sum"

fresh
echo 1 >"$tmp/k/kmemcg/cgroup/a/memory.kmem.usage_in_bytes"
sed -i 's/^hierarchy .*/hierarchy flat/' "$tmp/k/kmemcg/policy"
run check -q
[ $rc -eq 0 ] && [ -z "$out" ]; ok $? "hierarchy flat: usages need not add up"

fresh
stat own_bytes_sum 0
stat stale_entries 1
mkdir "$tmp/k/cgroupfs/a/e"
run check --retries 2 -q
[ $rc -eq 1 ]; ok $? "three violations: status 1"
is "conservation: own_bytes_sum 0 != charged_bytes 3145728 (3 tries)
stale: stale_entries 1
mirror: memory cgroup /a/e has no directory in $tmp/k/kmemcg/cgroup (3 tries)" \
	"three violations, one line each, after every try; -q: no count"
run check --json --retries 0
[ $rc -eq 1 ] && python3 -c 'import json,sys; d=json.load(sys.stdin)
assert d["clean"] is False and len(d["violations"]) == 3, d
assert d["violations"][1] == "stale: stale_entries 1", d' <"$tmp/out"
ok $? "--json: not clean, the violations"

# A cgroup whose directory comes a moment late (the module mirrors it as
# the kernel brings it online): not a violation once a try sees both.
fresh
mkdir "$tmp/k/cgroupfs/a/e"
(sleep 0.5 && mkdir "$tmp/k/kmemcg/cgroup/a/e") &
run check --retries 100
wait
[ $rc -eq 0 ] && [[ $out == clean:* ]]; ok $? "a mirror that comes while retrying: clean"
# Only what is wrong on every try stands: a violation that moves (one
# cgroup's directory comes as another cgroup is made) is none; a lasting
# one that began after the first try is the next check's.
fresh
mkdir "$tmp/k/cgroupfs/a/e"
(sleep 0.5 && mkdir "$tmp/k/kmemcg/cgroup/a/e" "$tmp/k/cgroupfs/a/f") &
run check --retries 100 -q
wait
[ $rc -eq 0 ] && [ -z "$out" ]; ok $? "a violation that moves while retrying: clean"
run check --retries 0 -q
[ $rc -eq 1 ] && [[ $out == "mirror: memory cgroup /a/f has no directory in "* ]]
ok $? "... and the next check sees the one that lasts"

fresh
sed -i '/^own_bytes_sum/d' "$tmp/k/kmemcg/stat"
expect 2 "kmemcg: * has no own_bytes_sum: the module predates kmemcg check; update it" \
	"a stat without own_bytes_sum: status 2" check
fresh
KMEMCG_CGROUPFS=$tmp/none
expect 2 "kmemcg: cannot read the cgroup filesystem $tmp/none: No such file or directory" \
	"no cgroup filesystem: status 2" check
at k
fresh
printf 'charged_bytes x\n' >"$tmp/k/kmemcg/stat"
expect 2 "kmemcg: $tmp/k/kmemcg/stat: line 1: value is not a number;*" "a malformed stat: status 2" check
expect 2 "kmemcg: the kmemcg module is not loaded*" "no module: status 2" --root "$tmp/k/nothing" check
expect 2 "kmemcg check: --retries wants a count, not 'x'; see kmemcg check --help" \
	"--retries x: a usage error" check --retries x
expect 2 "kmemcg check: unexpected argument 'a'; see kmemcg check --help" "an argument: a usage error" check a
expect 2 "kmemcg check: unknown option --bogus; see kmemcg check --help" "an unknown option" check --bogus

echo "1..$n"
[ "$failed" -eq 0 ]
