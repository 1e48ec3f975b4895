#!/bin/sh
# vm: TIMEOUT=2700
# vm: MEM=2048
# The mixed soak (issue 15, point 1): for SOAK_SECONDS (default 1800; set
# it with make check-long VM_ENV="SOAK_SECONDS=120", and VM_TIMEOUT= above
# SOAK_SECONDS + 900 for longer runs) everything at once:
#   - allocation churn in SOAK_CGROUPS (default 20) cgroups soak/wNN, each
#     a loop over one kind of kernel memory: negative dentries, tmpfs
#     files, unix and UDP sockets, pipes, fork+exec, epoll and timerfds
#     (kmemcg-wl, as workloads/ use it), errors (limits) ignored;
#   - a churner creating and removing nested cgroups soak/churn/cN/d/e all
#     the time (each a few rounds old when removed, half of them holding
#     a tmpfs file of their own: their removal moves charges);
#   - limits of the workers set tight, loose, below the usage (EBUSY
#     expected) and to max, one a second;
#   - every 5 s a run-time policy change (README "Policies"): over_limit,
#     on_delete, scope and scope_list, and shadow_enforce (refused with
#     EBUSY but under shadow granularity);
#   - every SOAK_RELOAD_SECONDS (default 180, a quarter of the soak when
#     that is shorter) rmmod and insmod under all of it, load-time
#     policies in turn: granularity page, object, shadow, hierarchy flat,
#     on_delete dead, over_limit count;
#   - every 10 s kmemcg check (conservation, no negative figure, no stale
#     entry, every memory cgroup mirrored, hierarchy sums), with the soak's
#     cgroups frozen meanwhile (cgroup.freeze) so that a quiet read can be
#     had; its figures are a CSV line ("# csv: ..."), the progress output.
# Pass: no violation in any check, no unexpected error from a reload, a
# limit or a policy write, every worker made objects (one that ends, when
# its shell cannot fork at its limit, is started again), the churner still
# ran at the end, every cgroup made
# was removed, a last check clean once the load stops, and (the harness)
# no warning in the guest's log.  Timing decides nothing: what was done in
# the time is reported, not required.
. /usr/share/kmemcg/lib.sh

S=${SOAK_SECONDS:-1800}
W=${SOAK_CGROUPS:-20}
R=${SOAK_RELOAD_SECONDS:-180}
[ "$R" -le $((S / 4)) ] || R=$((S / 4))
[ "$R" -ge 10 ] || R=10
D=/tmp/soak
STOP=$D/stop
LOADS="granularity=object|granularity=shadow|hierarchy=flat|granularity=page on_delete=dead|granularity=shadow over_limit=count|granularity=page"
POLICIES="over_limit count|on_delete unaccount|scope kernel|shadow_enforce object|over_limit reclaim|on_delete dead|scope_list dentry,kmalloc-64,pid|scope list|shadow_enforce page|over_limit fail|on_delete reparent|scope all"
mkdir -p $D
ip link set lo up 2>/dev/null

up() { read -r _u _ </proc/uptime; echo "${_u%.*}"; }
nth() { echo "$1" | cut -d'|' -f$(($2 % $(echo "$1" | tr -cd '|' | wc -c) + 1)); }
st() { awk -v k="$1" '$1 == k { print $2; f = 1 } END { if (!f) print 0 }' "$KM/stat"; }

# The workers: worker.sh INDEX, in soak/wINDEX; objects made go to $D/n.INDEX.
cat >$D/worker.sh <<'EOF'
exec 2>/dev/null	# limits make the workers fail: expected, and no news
i=$1 D=/tmp/soak r=0
n=$(cat $D/n.$i 2>/dev/null || echo 0)
while [ ! -e $D/stop ]; do
	r=$((r + 1))
	case $((i % 6)) in
	0)	j=0; while [ $j -lt 200 ]; do [ -e /sys/kmemcg-soak-missing-$i-$r-$j ]; j=$((j + 1)); done
		n=$((n + j)) ;;
	1)	mkdir -p $D/f$i; j=0
		# true, not ":": a failed redirection of a special builtin ends the shell
		while [ $j -lt 200 ] && true >$D/f$i/$j; do j=$((j + 1)); done
		rm -rf $D/f$i; n=$((n + j)) ;;
	2)	kmemcg-wl unix 50 >/dev/null 2>&1 && n=$((n + 50))
		kmemcg-wl udp 20 >/dev/null 2>&1 && n=$((n + 20)) ;;
	3)	kmemcg-wl pipes 50 >/dev/null 2>&1 && n=$((n + 50)) ;;
	4)	j=0; while [ $j -lt 20 ]; do /bin/true 2>/dev/null && n=$((n + 1)); j=$((j + 1)); done ;;
	5)	kmemcg-wl epoll 50 >/dev/null 2>&1 && n=$((n + 50)) ;;
	esac
	echo $n >$D/n.$i.tmp && mv $D/n.$i.tmp $D/n.$i
done
EOF
# The churner, in soak/churner: cgroups made and removed go to $D/churn.
cat >$D/churner.sh <<'EOF'
D=/tmp/soak C=/sys/fs/cgroup/soak/churn k=0 made=0 gone=0
renice -n -10 -p $$ >/dev/null || exit 1
rm_round() {
	for p in $C/c$1/d/e $C/c$1/d $C/c$1; do
		[ -d $p ] && rmdir $p 2>/dev/null && gone=$((gone + 1))
	done
	rm -f $D/cf$1
}
while [ ! -e $D/stop ]; do
	k=$((k + 1))
	if mkdir $C/c$k; then
		made=$((made + 1))
		echo +memory >$C/c$k/cgroup.subtree_control
		mkdir $C/c$k/d && made=$((made + 1)) && echo +memory >$C/c$k/d/cgroup.subtree_control
		mkdir $C/c$k/d/e && made=$((made + 1))
		[ $((k % 2)) -eq 1 ] && sh -c 'echo $$ >"$0/cgroup.procs" && echo x >"$1"' \
			$C/c$k/d/e $D/cf$k 2>/dev/null
	fi
	[ $k -le 3 ] || rm_round $((k - 3))
	echo "$made $gone" >$D/churn.tmp && mv $D/churn.tmp $D/churn
	usleep 50000
done
j=$((k - 3)); [ $j -ge 1 ] || j=1
while [ $j -le $k ]; do rm_round $j; j=$((j + 1)); done
echo "$made $gone" >$D/churn
EOF

# Setup: the workers' cgroups, the churner's, and a tree for it to churn.
i=1
while [ $i -le "$W" ]; do cg_create "soak/w$i"; i=$((i + 1)); done
cg_create soak/churner
cg_create soak/churn
echo +memory >$CG/soak/churn/cgroup.subtree_control
t "$W worker cgroups, a churner's and its tree made" test -d "$KM/cgroup/soak/w$W" -a -d "$KM/cgroup/soak/churn"
i=1
# A worker whose fork fails at its limit ends (ash exits when it cannot
# fork): the main loop starts it again, and counts it.
# (a worker's shell that cannot exec at its limit says so on stderr: no news)
start_worker() { cg_run "soak/w$1" sh $D/worker.sh "$1" 2>/dev/null & echo $! >$D/pid.$1; }
while [ $i -le "$W" ]; do start_worker $i; i=$((i + 1)); done
# At nice -10 (it renices itself: busybox has no nice) the churner keeps
# its rate, several cgroups a second, among twenty busy workers: at nice 0
# it had a twenty-first of the CPUs, and made less than one a second on a
# loaded host.
cg_run soak/churner sh $D/churner.sh &
churner=$!
restarts=0
revive() {
	_i=1
	while [ $_i -le "$W" ]; do
		if ! kill -0 "$(cat $D/pid.$_i)" 2>/dev/null && [ ! -e $STOP ]; then
			wait "$(cat $D/pid.$_i)"
			start_worker $_i
			restarts=$((restarts + 1))
		fi
		_i=$((_i + 1))
	done
}

checks=0 viol=0 cerr=0 frz=0 reloads=0 rfail=0 pok=0 pbad=0 lok=0 lbusy=0 lbad=0 hits=0 hooks=0 it=0
params=""
# figures KEY...: accumulate what a module counted before it goes
figures() {
	hits=$((hits + $(st refused) + $(st would_fail)))
	hooks=$((hooks + $(awk '/^hook_/ { s += $2 } END { print s + 0 }' "$KM/stat")))
}
objects() { cat $D/n.* 2>/dev/null | awk '{ s += $1 } END { print s + 0 }'; }
check() {
	echo 1 >$CG/soak/cgroup.freeze
	_n=0
	while ! grep -q 'frozen 1' $CG/soak/cgroup.events && [ $_n -lt 100 ]; do usleep 100000; _n=$((_n + 1)); done
	[ $_n -lt 100 ] || frz=$((frz + 1))
	kmemcg check -q >$D/check.out 2>&1
	_rc=$?
	# The figures of the quiet moment, before the load goes on.
	# shellcheck disable=SC2046 # two numbers
	set -- $(cat $D/churn 2>/dev/null) 0 0
	_row="$(($(up) - t0)),$reloads,${params:-default},$_rc,$(st charged_bytes),$(st tracked_bytes),$(st object_bytes),$(st groups),$(st dead_groups),$(st module_bytes),$(st refused),$(st would_fail),$(st unscoped_bytes),$(st unaccounted_bytes),$1,$2,$(objects)"
	echo 0 >$CG/soak/cgroup.freeze
	checks=$((checks + 1))
	[ $_rc -ne 1 ] || viol=$((viol + $(wc -l <$D/check.out)))
	[ $_rc -ne 2 ] || cerr=$((cerr + 1))
	[ $_rc -eq 0 ] || sed "s/^/# check $checks (status $_rc): /" $D/check.out >&2
	echo "# csv: $_row"
}
reload() {
	figures
	_n=0
	until rmmod kmemcg 2>$D/rmmod.err; do
		_n=$((_n + 1))
		[ $_n -lt 5 ] || break
		sleep 1
	done
	[ $_n -lt 5 ] || { rfail=$((rfail + 1)); diag "rmmod failed: $(cat $D/rmmod.err)"; return; }
	params=$(nth "$LOADS" $reloads)
	# shellcheck disable=SC2086 # the parameters, one word each
	if ! insmod /root/kmemcg.ko $params; then
		rfail=$((rfail + 1))
		diag "insmod $params failed; loading with the defaults"
		params=""
		insmod /root/kmemcg.ko || return 1
	fi
	reloads=$((reloads + 1))
	diag "reload $reloads at $(($(up) - t0)) s: ${params:-defaults}"
}
policy() {
	_p=$(nth "$POLICIES" $it)
	_g=$(awk '$1 == "granularity" { print $2 }' "$KM/policy")
	if (echo "$_p" >"$KM/policy") 2>$D/policy.err; then
		pok=$((pok + 1))
	else
		case "$_p:$_g:$(cat $D/policy.err)" in
		shadow_enforce*:page:*busy* | shadow_enforce*:object:*busy*) ;;
		*) pbad=$((pbad + 1)); diag "policy '$_p' under $_g: $(cat $D/policy.err)" ;;
		esac
	fi
}
limit() {
	_c=soak/w$((it % W + 1))
	_u=$(usage $_c) || return
	case $((it / W % 4)) in
	0) _l=$((_u + 262144)) ;;
	1) _l=$((_u + 4194304)) ;;
	2) _l=$((_u > 65536 ? _u - 65536 : 0)) ;;
	3) _l=max ;;
	esac
	_e=$(km_write $_c memory.kmem.limit_in_bytes $_l)
	case "$?:$_e" in
	0:) lok=$((lok + 1)) ;;
	*busy*) lbusy=$((lbusy + 1)) ;;
	*) lbad=$((lbad + 1)); diag "limit $_l on $_c (usage $_u): $_e" ;;
	esac
}

echo "# csv: seconds,reloads,load_params,check_status,charged_bytes,tracked_bytes,object_bytes,groups,dead_groups,module_bytes,refused,would_fail,unscoped_bytes,unaccounted_bytes,cgroups_made,cgroups_removed,objects"
t0=$(up)
next_check=10 next_policy=5 next_reload=$R
while [ $(($(up) - t0)) -lt "$S" ]; do
	now=$(($(up) - t0))
	limit
	revive
	if [ "$now" -ge $next_policy ]; then policy; next_policy=$((now + 5)); fi
	if [ "$now" -ge $next_check ]; then check; next_check=$((now + 10)); fi
	if [ "$now" -ge $next_reload ]; then reload || break; next_reload=$((now + R)); fi
	it=$((it + 1))
	sleep 1
done
elapsed=$(($(up) - t0))

# Stop everything, then one more check on a quiet system.
kill -0 $churner 2>/dev/null
churning=$?
touch $STOP
echo 0 >$CG/soak/cgroup.freeze
wait
figures
check
# shellcheck disable=SC2046 # two numbers
set -- $(cat $D/churn)
made=$1 gone=$2
i=1 idle=""
while [ $i -le "$W" ]; do
	[ "$(cat $D/n.$i 2>/dev/null || echo 0)" -gt 0 ] || idle="$idle w$i"
	km_write "soak/w$i" memory.kmem.limit_in_bytes max >/dev/null
	i=$((i + 1))
done
rm -rf $D/f*
drop_caches 3
kmemcg check >$D/final.out 2>&1
ok $? "a last check once the load stopped: $(cat $D/final.out)"
for c in $(cd $CG && find soak -depth -type d); do rmdir $CG/$c || diag "rmdir $c failed"; done
drop_caches 3
kmemcg check >$D/final.out 2>&1
ok $? "and after the soak's cgroups are removed: $(cat $D/final.out)"

diag "soak: ${elapsed}s; objects made $(objects), module hook calls $hooks; cgroups made $made ($(awk -v m=$made -v s=$elapsed 'BEGIN { printf "%.1f", m / s }') a second), removed $gone; reloads $reloads (every ${R}s); workers restarted $restarts; limit hits $hits (refused + would_fail); limit writes $lok (refused below usage $lbusy); policy changes $pok; checks $checks (cgroups not frozen in time: $frz); violations $viol"
cmp_ok $checks -gt 0 "$checks checks ran"
is $viol 0 "no invariant violated in $checks checks"
is $cerr 0 "no check failed to run"
cmp_ok $reloads -gt 0 "$reloads reloads under load"
is $rfail 0 "every rmmod and insmod succeeded"
is "$idle" "" "every worker made objects"
ok $churning "the churner still ran at the end"
cmp_ok "$made" -gt 0 "$made cgroups made"
is "$gone" "$made" "every cgroup made was removed"
is $pbad 0 "$pok run-time policy changes, none refused unexpectedly"
is $lbad 0 "$lok limit writes, $lbusy refused below the usage, no other error"

done_testing
