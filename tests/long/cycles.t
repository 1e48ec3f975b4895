#!/bin/sh
# vm: TIMEOUT=7200
# Load/unload cycles (issue 15, point 1): CYCLES (default 1000; make
# check-long VM_ENV="CYCLES=50") insmod/rmmod pairs while four cgroups
# allocate and free (tmpfs files, negative dentries, pipes), then what the
# kernel holds must be back where it started:
#   - Slab: and SUnreclaim: of /proc/meminfo, and VmallocUsed: (the owner
#     table is vmalloc'd), each measured the same way before and after:
#     the load run for a while, stopped, caches dropped, RCU given time,
#     the least of three reads a second apart, with the module unloaded.
#     Slab moves with the load even so (partly filled slabs, per-CPU
#     slabs, dentries the drop left): the tolerance is 1 MiB for each,
#     which a leak of one kilobyte per cycle exceeds at 1,000 cycles (a
#     slab object of the module's own, a debugfs inode and dentry per
#     load, a group per cgroup would each be more); TOL_KB= changes it;
#   - the module's own bytes (stat's module_bytes) at a fresh load, with
#     the same cgroups and the load stopped: exactly as at the first load;
#   - after every rmmod the debugfs tree is gone, and a last kmemcg check
#     is clean.
# The harness checks the guest's log for warnings.
. /usr/share/kmemcg/lib.sh

N=${CYCLES:-1000}
TOL=${TOL_KB:-1024}
STOP=/tmp/cycles.stop

load_start() {
	rm -f $STOP
	for c in l1 l2 l3 l4; do
		cg_run $c sh -c '. /usr/share/kmemcg/lib.sh
			d=/tmp/load-$$
			while [ ! -e "$0" ]; do
				mkfiles $d 200 >/dev/null; negdentries 200
				kmemcg-wl pipes 20 >/dev/null 2>&1
				rm -rf $d
			done' $STOP &
	done
}
load_stop() { touch $STOP; wait; }
# meminfo KEY: its kB
meminfo() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
# settled: "Slab SUnreclaim VmallocUsed" in kB, each the least of three
# reads a second apart after dropping caches (RCU frees given 2 s)
settled() {
	drop_caches 3
	sleep 2
	drop_caches 3
	sleep 2
	_s=999999999 _u=999999999 _v=999999999
	for _i in 1 2 3; do
		_a=$(meminfo Slab) _b=$(meminfo SUnreclaim) _c=$(meminfo VmallocUsed)
		[ "$_a" -lt $_s ] && _s=$_a
		[ "$_b" -lt $_u ] && _u=$_b
		[ "$_c" -lt $_v ] && _v=$_c
		sleep 1
	done
	echo "$_s $_u $_v"
}

rmmod kmemcg
ok $? "the harness's module unloaded"
for c in l1 l2 l3 l4; do cg_create $c; done

# The baseline: the load for a while without the module, then settled.
load_start
sleep 30
load_stop
# shellcheck disable=SC2046 # three numbers
set -- $(settled)
s0=$1 u0=$2 v0=$3
diag "baseline: Slab $s0 kB, SUnreclaim $u0 kB, VmallocUsed $v0 kB"

insmod /root/kmemcg.ko
sleep 2
m0=$(km_stat module_bytes)
diag "module_bytes at the first load: $m0"
rmmod kmemcg

load_start
i=0 bad=0 t0=$(date +%s)
while [ $i -lt "$N" ]; do
	if ! insmod /root/kmemcg.ko; then
		bad=$((bad + 1)); diag "insmod $i failed"; break
	fi
	[ -d "$KM/cgroup/l4" ] || { bad=$((bad + 1)); diag "load $i: no cgroup/l4"; }
	_n=0
	until rmmod kmemcg 2>/tmp/rmmod.err; do
		_n=$((_n + 1))
		[ $_n -lt 5 ] || break
		sleep 1
	done
	[ $_n -lt 5 ] || { bad=$((bad + 1)); diag "rmmod $i failed: $(cat /tmp/rmmod.err)"; break; }
	[ ! -e "$KM" ] || { bad=$((bad + 1)); diag "unload $i: $KM still there"; }
	i=$((i + 1))
	[ $((i % 50)) -ne 0 ] || diag "$i cycles, $(($(date +%s) - t0)) s, Slab $(meminfo Slab) kB"
done
load_stop
is "$bad" 0 "$i load/unload cycles under load, each one clean"
is "$i" "$N" "all $N cycles done"

# shellcheck disable=SC2046 # three numbers
set -- $(settled)
diag "after: Slab $1 kB (was $s0), SUnreclaim $2 kB (was $u0), VmallocUsed $3 kB (was $v0)"
slab_back "$s0" "$1" "$TOL" "Slab: back where it started, within $TOL kB ($(($1 - s0)) kB)"
slab_back "$u0" "$2" "$TOL" "SUnreclaim: back too ($(($2 - u0)) kB)"
cmp_ok $(($3 - v0)) -le "$TOL" "VmallocUsed: back too ($(($3 - v0)) kB)"

insmod /root/kmemcg.ko
sleep 2
is "$(km_stat module_bytes)" "$m0" "module_bytes at a fresh load as at the first"
kmemcg check >/tmp/check.out 2>&1
ok $? "kmemcg check: $(cat /tmp/check.out)"

done_testing
