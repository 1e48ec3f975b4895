#!/bin/sh
# vm: LOAD=0
# vm: TIMEOUT=1800
# TIMEOUT: 3,600 s (900 times the debug kernel's factor of 4) ended its run
# there after test 35, beside two other VMs: it creates and removes thousands
# of cgroups, each slow under KASAN and lockdep.
# Groups follow the memory controller's own lifecycle (issue 9).
#
# Scenarios, as container runtimes and systemd use cgroups: a cgroup made
# first and given the memory controller later; accounting switched off
# for a subtree, at a middle level too, with charged grandchildren;
# switching on and off while tasks below allocate; a cgroup per job,
# created and removed by the hundred; a host with thousands of cgroups
# when the module is loaded.
# Pass criteria: a directory exists as soon as the write or mkdir that
# makes the memory cgroup returns, and goes (10 s at most) when the
# controller is switched off or the cgroup removed; charges move to the
# nearest remaining memory cgroup, exactly (own bytes conserved); the
# count of dying memory cgroups comes back to where it is without the
# module; removal and creation cost at most 2x what they cost without the
# module, measured in this boot, and creation cost does not grow with the
# number of cgroups (the last mkdirs of 2,000 at most 2x the first).
. /usr/share/kmemcg/lib.sh

# Time in microseconds: the "now at N nsecs" of /proc/timer_list (busybox
# date has no %N).
# %.0f: busybox awk's %d stops at 2^31, which microseconds of uptime pass
# at 2,147 s (the debug kernel's run of this test got there).
now_us() { awk '/^now at/ { printf "%.0f\n", $3 / 1000; exit }' /proc/timer_list; }
# The kernel's count of dying memory cgroups below the root: 6.12 has a
# per-controller key, 6.1 only the count of all dying descendants.
dying() {
	awk '$1 == "nr_dying_subsys_memory" { m = $2 } $1 == "nr_dying_descendants" { d = $2 }
	     END { print (m != "" ? m : d) }' "$CG/cgroup.stat"
}
# wait_dying N [TENTHS]: wait (20 s unless told) for the dying count to be N
wait_dying() {
	_n=0
	while [ "$(dying)" != "$1" ] && [ $_n -lt "${2:-200}" ]; do sleep 0.1; _n=$((_n + 1)); done
	[ "$(dying)" = "$1" ]
}
conserved() {
	awk '$1 == "charged_bytes" { c = $2 } $1 == "own_bytes_sum" { o = $2 }
	     END { if (c != o) { print "charged " c " own " o; exit 1 } }' "$KM/stat"
}
no_negative() {
	# shellcheck disable=SC2046 # one argument per file found; paths without blanks
	! grep -h ' -' "$KM/stat" $(find "$KM/cgroup" -name memory.kmem.stat); }
subtree() { (echo "$2" >"$CG/$1/cgroup.subtree_control") 2>&1; }

echo +memory >"$CG/cgroup.subtree_control"
# The kernel alone, first: what the fault-1 sequence leaves dying.
d0=$(dying)
mkdir -p "$CG/s0/a"; subtree s0 +memory; subtree s0 -memory; rmdir "$CG/s0/a" "$CG/s0"
wait_dying "$d0"
base=$(dying)
diag "dying memory cgroups without the module: $d0 before, $base after the toggles"

t "the module loads" insmod /root/kmemcg.ko
# Fault 1: a cgroup made first, the controller enabled afterwards.
mkdir -p "$CG/s/a"
t "s is a memory cgroup (the root enables memory)" test -d "$KM/cgroup/s"
t "s/a is not, yet" test ! -e "$KM/cgroup/s/a"
subtree s +memory
t "s/a's directory exists as soon as +memory returns" test -d "$KM/cgroup/s/a"
is "$(km_write s/a memory.kmem.limit_in_bytes 64M)" "" "a limit can be set on s/a at once"
cg_run s/a sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/sa 2000' >/dev/null
own=$(km_stat own_bytes s/a)
cmp_ok "$own" -gt 0 "s/a's task is charged to s/a ($own bytes)"
s_own=$(km_stat own_bytes s)
subtree s -memory
t "s/a's directory goes after -memory" wait_gone "$KM/cgroup/s/a"
# s/a's own bytes moved to s, exactly; late RCU frees of the workload may
# lower it by a few pages meanwhile: 64 KiB.
t "s took over s/a's charges ($s_own + $own)" \
	values_close "$(km_stat own_bytes s)" $((s_own + own)) 65536
t "conservation holds" conserved
is "$([ -e "$KM/cgroup/s/a" ] && echo 1 || echo 0)" 0 "only s is left"
rm -rf /tmp/sa
rmdir "$CG/s/a" "$CG/s"
t "s's directory goes with rmdir" wait_gone "$KM/cgroup/s"
t "the dying memory cgroups come back to $base, as without the module" wait_dying "$base"

# Two levels, both orders: cgroups first, then the controller, top down;
# and the controller first, then each cgroup.
mkdir -p "$CG/e/x/y"
subtree e +memory
t "e/x appears with +memory on e" test -d "$KM/cgroup/e/x"
t "... e/x/y does not" test ! -e "$KM/cgroup/e/x/y"
subtree e/x +memory
t "e/x/y appears with +memory on e/x" test -d "$KM/cgroup/e/x/y"
mkdir "$CG/f"
subtree f +memory
mkdir "$CG/f/x"
t "f/x appears with its mkdir" test -d "$KM/cgroup/f/x"
subtree f/x +memory
mkdir "$CG/f/x/y"
t "f/x/y appears with its mkdir" test -d "$KM/cgroup/f/x/y"
is "$(subtree f -memory | grep -c .)" 1 "the kernel refuses -memory on f while f/x enables it"

# A middle level switched off with charged grandchildren: m/a/b and m/a/c.
mkdir -p "$CG/m/a/b" "$CG/m/a/c"
subtree m +memory; subtree m/a +memory
cg_run m/a/b sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/mb 1000' >/dev/null
cg_run m/a/c sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/mc 1000' >/dev/null
ob=$(km_stat own_bytes m/a/b) oc=$(km_stat own_bytes m/a/c) oa=$(km_stat own_bytes m/a)
um=$(usage m)
subtree m/a -memory
t "m/a/b goes" wait_gone "$KM/cgroup/m/a/b"
t "m/a/c goes" wait_gone "$KM/cgroup/m/a/c"
t "m/a took over both grandchildren's charges" \
	values_close "$(km_stat own_bytes m/a)" $((oa + ob + oc)) 65536
t "m's usage is unchanged" values_close "$(usage m)" "$um" 65536
om=$(km_stat own_bytes m) oa=$(km_stat own_bytes m/a)
subtree m -memory
t "m/a goes with -memory on m" wait_gone "$KM/cgroup/m/a"
t "m took over all of it" values_close "$(km_stat own_bytes m)" $((om + oa)) 65536
t "conservation holds after the middle level went" conserved
rm -rf /tmp/mb /tmp/mc

# A cgroup removed and made again under the same name at once, the way a
# service restarts: the new one must have its directory as soon as mkdir
# returns, while the old one may not be offline yet; and with a child
# removed just before (its directory goes with its parent's).
mkdir -p "$CG/n"
subtree n +memory
i=0 fresh=0
while [ $i -lt 20 ]; do
	mkdir -p "$CG/n/p/c"
	subtree n/p +memory
	rmdir "$CG/n/p/c" "$CG/n/p"
	mkdir "$CG/n/p"
	[ -d "$KM/cgroup/n/p" ] && fresh=$((fresh + 1))
	rmdir "$CG/n/p"
	i=$((i + 1))
done
is "$fresh" 20 "a name removed and made again has its directory at once (20 times)"
t "n's children all go" wait_gone "$KM/cgroup/n/p"
rmdir "$CG/n"

# Switching on and off while tasks below allocate.
mkdir -p "$CG/w/a"
cg_run w/a sh -c 'while :; do mkdir -p /tmp/w; i=0
	while [ $i -lt 200 ]; do : >/tmp/w/f$i; i=$((i + 1)); done; rm -rf /tmp/w; done' &
churn=$!
i=0 appeared=0 went=0
while [ $i -lt 20 ]; do
	subtree w +memory
	[ -d "$KM/cgroup/w/a" ] && appeared=$((appeared + 1))
	sleep 0.2
	subtree w -memory
	wait_gone "$KM/cgroup/w/a" && went=$((went + 1))
	i=$((i + 1))
done
kill $churn; wait $churn 2>/dev/null
# A child of the loop (rm) may outlive it: stop whatever is left in w/a.
while [ -n "$(cat "$CG/w/a/cgroup.procs")" ]; do
	# shellcheck disable=SC2046 # one argument per pid
	kill $(cat "$CG/w/a/cgroup.procs") 2>/dev/null; sleep 0.1
done
rm -rf /tmp/w
is "$appeared" 20 "under load, w/a appeared as each of 20 +memory returned"
is "$went" 20 "... and went after each -memory"
t "conservation holds after the cycles" conserved
t "no figure is negative" no_negative
rmdir "$CG/w/a" "$CG/w" "$CG/e/x/y" "$CG/e/x" "$CG/e" "$CG/f/x/y" "$CG/f/x" "$CG/f" \
	"$CG/m/a/b" "$CG/m/a/c" "$CG/m/a" "$CG/m"
drop_caches 2
t "the dying memory cgroups come back to $base" wait_dying "$base"

# Creation: 2,000 cgroups; per-mkdir cost at the start and at the end.
# Under TCG on a shared host the speed of the guest itself varies, so each
# window of 50 mkdirs is divided by 50 mkdirs in a tmpfs (the same fork and
# exec of busybox, no cgroup) timed right after it, and the quickest of
# four such windows counts at each end: an O(cgroups) cost makes all four
# slow, a busy host does not.
ref_time() { # time 50 mkdirs in a tmpfs
	_t0=$(now_us) _j=0
	while [ $_j -lt 50 ]; do mkdir "/tmp/ref$_j"; _j=$((_j + 1)); done
	_t1=$(now_us)
	rm -rf /tmp/ref*
	echo $((_t1 - _t0))
}
mk_time() { # mk_time: make 2000 cgroups; "total first last" (us; per mille of the reference)
	i=0 t0=$(now_us) tw=$t0 first=0 last=0 spent=0
	while [ $i -lt 2000 ]; do
		mkdir "$CG/c$i"
		i=$((i + 1))
		[ $((i % 50)) -eq 0 ] || continue
		if [ $i -le 200 ] || [ $i -gt 1800 ]; then
			t=$(now_us) w=$((t - tw))
			r=$(ref_time)
			n=$((w * 1000 / r))
			spent=$((spent + $(now_us) - t))
			if [ $i -le 200 ]; then
				[ $first -eq 0 ] || [ $n -lt $first ] && first=$n
			else
				[ $last -eq 0 ] || [ $n -lt $last ] && last=$n
			fi
		fi
		tw=$(now_us)
	done
	echo "$(($(now_us) - t0 - spent)) $first $last"
}
# Removal latency: 400 empty memory cgroups, with and without the module,
# alternately, in this boot.  As for creation below, each window of 50
# rmdirs is divided by 50 tmpfs mkdirs timed beside it (the guest's own
# speed varies on a shared host), and the quickest window counts.
rm_time() { # rm_time: make 400 cgroups, time their removal; "total best"
	i=0; while [ $i -lt 400 ]; do mkdir "$CG/r$i"; i=$((i + 1)); done
	i=0 total=0 best=0
	while [ $i -lt 400 ]; do
		t0=$(now_us) j=0
		while [ $j -lt 50 ]; do rmdir "$CG/r$((i + j))"; j=$((j + 1)); done
		w=$(($(now_us) - t0))
		n=$((w * 1000 / $(ref_time)))
		[ $best -eq 0 ] || [ $n -lt $best ] && best=$n
		total=$((total + w)) i=$((i + 50))
	done
	echo "$total $best"
}
with=0 without=0 bw=0 bwo=0
# Each timed phase starts once the kernel has finished with the cgroups of
# the one before (their offline and release run in the background).
for _ in 1 2; do
	wait_dying "$base"
	# shellcheck disable=SC2046 # split into the fields $1 $2 $3
	set -- $(rm_time)
	with=$((with + $1))
	[ $bw -eq 0 ] || [ $2 -lt $bw ] && bw=$2
	rmmod kmemcg
	wait_dying "$base"
	# shellcheck disable=SC2046 # split into the fields $1 $2 $3
	set -- $(rm_time)
	without=$((without + $1))
	[ $bwo -eq 0 ] || [ $2 -lt $bwo ] && bwo=$2
	insmod /root/kmemcg.ko
done
diag "removing 400 memory cgroups: $((with / 2)) us with the module, $((without / 2)) us without; quickest 50 against 50 tmpfs mkdirs: $bw and $bwo per mille (ratio $((bw * 100 / bwo)) %)"
cmp_ok $((bw * 100 / bwo)) -le 200 "removal costs at most 2x with the module"
t "no group is left of the removed ones" sh -c "! ls -d $KM/cgroup/r* 2>/dev/null | grep -q ."

rm_all() { i=0; while [ $i -lt 2000 ]; do rmdir "$CG/c$i"; i=$((i + 1)); done; }
wait_dying "$base"
# shellcheck disable=SC2046 # split into the fields $1 $2 $3
set -- $(mk_time)
with=$1 first=$2 last=$3
n=$(ls -d "$KM"/cgroup/c* | wc -l)
is "$n" 2000 "2,000 cgroups made with the module loaded are all mirrored"
rm_all
rmmod kmemcg
wait_dying "$base" 900
# shellcheck disable=SC2046 # split into the fields $1 $2 $3
set -- $(mk_time)
without=$1 wo_first=$2
diag "creating 2,000 memory cgroups: $with us with the module, $without us without; quickest 50 against 50 tmpfs mkdirs: $first and $wo_first per mille (ratio $((first * 100 / wo_first)) %)"
diag "50 mkdirs with the module, against 50 in a tmpfs: $first per mille in the first 200, $last in the last 200 (ratio $((last * 100 / first)) %)"
cmp_ok $((first * 100 / wo_first)) -le 200 "creation costs at most 2x with the module"
cmp_ok $((last * 100 / first)) -le 200 "the last mkdirs of 2,000 cost at most 2x the first"

# Load with the 2,000 present: every memory cgroup is mirrored.
t0=$(now_us)
t "the module loads with 2,000 memory cgroups present" insmod /root/kmemcg.ko
diag "load took $(($(now_us) - t0)) us"
( cd "$CG" && find . -mindepth 1 -type d | sort ) >/tmp/cg.list
( cd "$KM/cgroup" && find . -mindepth 1 -type d | sort ) >/tmp/km.list
is "$(wc -l </tmp/km.list)" "$(wc -l </tmp/cg.list)" "every memory cgroup has a directory ($(wc -l </tmp/cg.list))"
t "... with the same paths" cmp /tmp/cg.list /tmp/km.list
is "$(km_stat groups)" $(($(wc -l </tmp/cg.list) + 1)) "groups counts them and the root"
rm_all
i=0
while [ $i -lt 600 ] && [ -n "$(ls -d "$KM"/cgroup/c[0-9]* 2>/dev/null)" ]; do sleep 0.1; i=$((i + 1)); done
left=$(ls -d "$KM"/cgroup/c[0-9]* 2>/dev/null | wc -l)
is "$left" 0 "every directory goes with its cgroup ($((i / 10)) s; 60 s at most for 2,000)"
[ "$left" -eq 0 ] || diag "left: $(ls -d "$KM"/cgroup/c[0-9]* | head -n 5 | tr '\n' ' '); dying $(dying); groups $(km_stat groups)"
t "the module unloads" rmmod kmemcg
t "the dying memory cgroups come back to $base after unload" wait_dying "$base"

done_testing
