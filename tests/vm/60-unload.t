#!/bin/sh
# vm: TIMEOUT=900
# Unload under load (issue 3, scenario 8): workloads allocate and free in
# several cgroups on both vCPUs while the module is unloaded and reloaded
# 20 times.  Pass: every rmmod/insmod succeeds, each fresh load starts from
# zero (no limit, failcnt or hook count carried over; the charges it holds
# are only what it saw since loading, less than before the unload), and the
# guest logs no warning (checked by the harness).
. /usr/share/kmemcg/lib.sh

churn() {	# churn CGROUP: allocate and free until /tmp/stop exists
	cg_run "$1" sh -c '. /usr/share/kmemcg/lib.sh
		d=/tmp/churn-$$
		while [ ! -e /tmp/stop ]; do
			mkfiles $d 300 >/dev/null; negdentries 300
			rm -rf $d
		done'
}
for c in w1 w2 w3/x; do cg_create $c; done
churn w1 &
churn w2 &
churn w3/x &

i=0 bad=0
while [ $i -lt 20 ]; do
	usleep 300000
	km_write w1 memory.kmem.limit_in_bytes 64M >/dev/null
	before=$(km_stat charged_bytes)
	if ! rmmod kmemcg; then bad=$((bad + 1)); diag "rmmod $i failed"; fi
	usleep 100000
	if ! insmod /root/kmemcg.ko; then bad=$((bad + 1)); diag "insmod $i failed"; break; fi
	now=$(km_stat charged_bytes)
	lim=$(km w1 memory.kmem.limit_in_bytes)
	hits=$(km_stat hook_cgroup_mkdir)
	if [ "$lim" != 9223372036854771712 ] || [ "$(km w1 memory.kmem.failcnt)" != 0 ] ||
	   [ "$hits" != 0 ] || [ "$now" -ge "$before" ]; then
		diag "load $i: charged $before -> $now, limit $lim, mkdir hook hits $hits"
		bad=$((bad + 1))
	fi
	i=$((i + 1))
done
touch /tmp/stop
wait
is "$bad" 0 "20 unloads and reloads under load, each load starting from zero"
t "the module is loaded at the end" test -d "$KM/cgroup/w3/x"

done_testing
