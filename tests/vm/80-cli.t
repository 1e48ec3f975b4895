#!/bin/sh
# The kmemcg CLI (userspace/, built static into build/guest/bin) against
# the live module: status, tree, slabinfo, set/reset round trips, top,
# record, plot, export, policy and policy set (the module's refusals as
# sentences).
#
# Split with the host tests (tests/cli/test_cli.sh): the guest has no
# python, XML parser or promtool, so here a recording's structure is
# checked with awk and the SVG and Prometheus text only for their shape;
# xmllint (on a plot of a fixture recording) and promtool check metrics
# run on the host.
. /usr/share/kmemcg/lib.sh
L=memory.kmem.limit_in_bytes

t "kmemcg is in the guest" command -v kmemcg
out=$(kmemcg status)
ok $? "status succeeds"
case $out in *"kmemcg $(sed -n 's/^kmemcg //p' $KM/version) loaded"*) r=0 ;; *) r=1 ;; esac
ok $r "status shows the module's version"
case $out in *"kernel    $(uname -r)"*) r=0 ;; *) r=1 ;; esac
ok $r "status shows the running kernel"
# The policy as the module has it now, every axis (not the parameters as loaded).
for kv in granularity=page scope=all on_delete=reparent hierarchy=hierarchical over_limit=fail; do
	case $out in *" $kv"*) r=0 ;; *) r=1 ;; esac
	ok $r "status shows the policy: $kv"
done
case $out in *"enforce=(null)"*) r=1 ;; *) r=0 ;; esac
ok $r "status leaves an unset parameter out of the settings"
charged=$(kmemcg status -o json | awk -F': ' '/"charged_bytes"/ { sub(/,$/, "", $2); print $2 }')
# Its value may be 0 here (nothing charged yet), so check it is a number.
cmp_ok "${charged:--1}" -ge 0 "status -o json has charged_bytes ($charged)"

cg_create cli/a
cg_create cli/b
cg_run cli/a sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/clia 500' >/dev/null
out=$(kmemcg tree -b /sys/fs/cgroup/cli)
ok $? "tree of a cgroup succeeds"
is "$(echo "$out" | awk 'NR > 1 { print $1 }' | tr '\n' ' ')" "/cli a b " "tree lists the subtree by name"
# The exited workload's RCU frees may still empty a slab page or two
# between the two reads: 64 KiB.
a_tree=$(echo "$out" | awk '$1 == "a" { print $2 }')
t "tree -b shows a's usage ($a_tree)" values_close "${a_tree:-0}" "$(usage cli/a)" 65536
cmp_ok "${a_tree:-0}" -gt 0 "... which is not 0"
is "$(kmemcg tree -o json cli | grep -c '"cgroup"')" 3 "tree -o json has three cgroups"

# set / reset round trips
out=$(kmemcg set cli/a limit 64M)
ok $? "set limit 64M succeeds"
is "$(km cli/a $L)" 67108864 "... the module has 64M"
is "$out" "/cli/a: limit 64.0M (67108864 bytes)" "... and set says so"
kmemcg set /sys/fs/cgroup/cli/a limit max >/dev/null
is "$(km cli/a $L)" 9223372036854771712 "set limit max removes the limit"
e=$(kmemcg set /cli/a limit 4096 2>&1)
r=$?
is "$r" 1 "a limit below usage fails with status 1"
case $e in *"usage is above the new limit"*) r=0 ;; *) r=1 ;; esac
ok $r "... saying the usage is above the new limit"
diag "$e"
kmemcg set cli/b independent 0 >/dev/null
is "$(km cli/b memory.kmem.independent_kmem_limit)" 0 "set independent 0"
e=$(kmemcg set cli/b limit 1M 2>&1)
case $e in *"first run: kmemcg set /cli/b independent 1"*) r=0 ;; *) r=1 ;; esac
ok $r "a limit while not independent says what to do"
kmemcg set cli/b independent 1 >/dev/null
is "$(km cli/b memory.kmem.independent_kmem_limit)" 1 "set independent 1"
e=$(kmemcg set / limit 1M 2>&1)
case $e in *"root cgroup"*) r=0 ;; *) r=1 ;; esac
ok $r "the root's limit: an explanation"
km_write cli/a $L "$(($(usage cli/a) + 65536))" >/dev/null
cg_run cli/a sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/clia 100000' >/dev/null
cmp_ok "$(km cli/a memory.kmem.failcnt)" -gt 0 "failcnt counts refusals"
kmemcg reset cli/a failcnt >/dev/null
is "$(km cli/a memory.kmem.failcnt)" 0 "reset failcnt"
# After drop_caches, RCU callbacks go on freeing the files' objects, so the
# usage falls while this runs: the reset value lies between the usage read
# before the reset and the one read after it (30-files.t does the same).
rm -rf /tmp/clia
drop_caches 2
before=$(usage cli/a)
t "reset max_usage succeeds" kmemcg reset cli/a max_usage
m=$(km cli/a memory.kmem.max_usage_in_bytes)
after=$(usage cli/a)
cmp_ok "$m" -le "$before" "reset max_usage sets it to usage: $m <= $before (before)"
cmp_ok "$m" -ge "$after" "... and $m >= $after (after)"
kmemcg set cli/a limit -1 >/dev/null
# The critical reserve, where the module has it (seed 003).
if [ -e $KM/cgroup/cli/a/memory.kmem.reserve_in_bytes ]; then
	out=$(kmemcg set cli/a reserve 1M)
	ok $? "set reserve 1M succeeds"
	is "$(km cli/a memory.kmem.reserve_in_bytes)" 1048576 "... the module has 1M"
	is "$out" "/cli/a: reserve 1.0M (1048576 bytes)" "... and set says so"
	kmemcg set cli/a reserve 0 >/dev/null
	is "$(km cli/a memory.kmem.reserve_in_bytes)" 0 "set reserve 0 removes it"
else
	e=$(kmemcg set cli/a reserve 1M 2>&1)
	is "$?" 1 "set reserve without reserves in the module fails"
	case $e in *"has no memory.kmem.reserve_in_bytes"*) r=0 ;; *) r=1 ;; esac
	ok $r "... saying the module has none"
fi

# slabinfo
out=$(kmemcg slabinfo -r -b cli)
ok $? "slabinfo -r succeeds"
is "$(echo "$out" | head -n 1 | awk '{ print $1, $NF }')" "ACTIVE NAME" "slabinfo prints its header"
t "top --caches -b -n 1 succeeds" kmemcg top --caches -b -n 1

# top -b -n 2
out=$(kmemcg top -b -n 2 -d 0.5)
ok $? "top -b -n 2 succeeds"
is "$(echo "$out" | grep -c '^kmemcg top')" 2 "... and prints two frames"
echo "$out" | grep -q '^/cli/a '; ok $? "... that list /cli/a"

# record 3 samples; check the structure with awk (no parsers in the guest)
kmemcg record -n 3 -d 0.2 -o /tmp/r.csv
ok $? "record -n 3 to CSV succeeds"
is "$(head -n 1 /tmp/r.csv)" "time,cgroup,usage_bytes,limit_bytes,max_usage_bytes,failcnt" "CSV header"
is "$(awk -F, 'NR > 1 { t[$1] = 1 } END { print length(t) }' /tmp/r.csv)" 3 "three sample times"
is "$(awk -F, 'NR > 1 && NF != 6' /tmp/r.csv | wc -l)" 0 "every row has 6 fields"
is "$(awk -F, 'NR > 1 && $2 == "/cli/a"' /tmp/r.csv | wc -l)" 3 "/cli/a once per sample"
kmemcg record -n 3 -d 0.2 -o /tmp/r.jsonl
ok $? "record -n 3 to JSON Lines succeeds"
is "$(grep -c '"cgroup":"/cli/a"' /tmp/r.jsonl)" 3 "JSON Lines: /cli/a once per sample"
is "$(grep -vc '^{.*"time".*"usage_bytes".*}$' /tmp/r.jsonl)" 0 "JSON Lines: one object per line"

kmemcg plot /tmp/r.csv -o /tmp/r.svg
ok $? "plot succeeds"
is "$(sed -n 2p /tmp/r.svg | cut -c1-4)" "<svg" "the plot is an SVG"
is "$(tail -n 1 /tmp/r.svg)" "</svg>" "... complete"

out=$(kmemcg export --prometheus)
ok $? "export --prometheus succeeds"
echo "$out" | grep -q "^kmemcg_usage_bytes{cgroup=\"/cli/a\"} $(usage cli/a)\$" ||
	echo "$out" | grep -q '^kmemcg_usage_bytes{cgroup="/cli/a"} [0-9]*$'
ok $? "export has /cli/a's usage"
is "$(echo "$out" | grep -v '^#' | grep -vc '^kmemcg_[a-z_]*\({[^}]*}\)\? [-+0-9Inf]*$')" 0 "every sample line is well formed"

# policy and policy set against the module's policy file
out=$(kmemcg policy)
ok $? "policy succeeds"
is "$(echo "$out" | awk '$1 == "over_limit" { print $2 }')" fail "policy shows over_limit fail"
is "$(echo "$out" | awk 'NR > 1 { print $1 }' | tr '\n' ' ')" \
	"granularity shadow_enforce scope scope_list on_delete hierarchy over_limit " "policy shows every axis"
out=$(kmemcg policy set over_limit count)
ok $? "policy set over_limit count succeeds"
is "$out" "over_limit: count (was fail)" "... and says what changed"
is "$(kmemcg policy | awk '$1 == "over_limit" { print $2 }')" count "policy shows over_limit count"
is "$(sed -n 's/^over_limit //p' $KM/policy)" count "... as the module's policy file"
kmemcg policy set over_limit fail >/dev/null
is "$(sed -n 's/^over_limit //p' $KM/policy)" fail "policy set over_limit fail restores it"
e=$(kmemcg policy set hierarchy flat 2>&1)
r=$?
is "$r" 1 "policy set hierarchy flat fails with status 1 (EBUSY)"
case $e in *"hierarchy is fixed when the module loads (it is hierarchical); to change it, reload the module: modprobe -r kmemcg && modprobe kmemcg hierarchy=flat"*) r=0 ;; *) r=1 ;; esac
ok $r "... saying it is fixed at load and how to change it"
diag "$e"
e=$(kmemcg policy set shadow_enforce object 2>&1)
r=$?
is "$r" 1 "policy set shadow_enforce object outside shadow fails with status 1"
case $e in *"shadow_enforce can change only under shadow granularity"*) r=0 ;; *) r=1 ;; esac
ok $r "... saying it needs shadow granularity"
e=$(kmemcg policy set bogus 1 2>&1)
r=$?
is "$r" 2 "policy set bogus 1 is a usage error"
case $e in *"unknown policy axis 'bogus'"*) r=0 ;; *) r=1 ;; esac
ok $r "... naming the axis"
e=$(kmemcg policy set over_limit maybe 2>&1)
r=$?
is "$r" 2 "policy set over_limit maybe is a usage error"
case $e in *"over_limit must be fail, count, reclaim or fail_all, not 'maybe'"*) r=0 ;; *) r=1 ;; esac
ok $r "... with the values in a sentence"
is "$(sed -n 's/^over_limit //p' $KM/policy)" fail "the refusals left the policy alone"
out=$(kmemcg dead)
ok $? "dead succeeds (no dead groups under on_delete reparent)"
t "tree --dead succeeds" kmemcg tree --dead

rmdir $CG/cli/a $CG/cli/b $CG/cli
done_testing
