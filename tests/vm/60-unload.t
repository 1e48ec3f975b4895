#!/bin/sh
# vm: TIMEOUT=900
# Unload under load (issue 3, scenario 8): workloads allocate and free in
# several cgroups on both vCPUs while the module is unloaded and reloaded
# 20 times.  Pass: every rmmod/insmod succeeds, each fresh load starts from
# zero, and the guest logs no warning (checked by the harness).  "From
# zero" is checked on a cgroup where nothing runs but which holds files
# charged before each unload: right after the next load its usage and
# charges are exactly 0 (its pages predate the load) and its limit is gone.
. /usr/share/kmemcg/lib.sh

churn() {	# churn CGROUP: allocate and free until /tmp/stop exists
	cg_run "$1" sh -c '. /usr/share/kmemcg/lib.sh
		d=/tmp/churn-$$
		while [ ! -e /tmp/stop ]; do
			mkfiles $d 300 >/dev/null; negdentries 300
			rm -rf $d
		done'
}
for c in w1 w2 w3/x keep; do cg_create $c; done
churn w1 &
churn w2 &
churn w3/x &

i=0 bad=0
while [ $i -lt 20 ]; do
	usleep 300000
	cg_run keep sh -c ". /usr/share/kmemcg/lib.sh; mkfiles /tmp/keep$i 1000" >/dev/null
	km_write keep memory.kmem.limit_in_bytes 64M >/dev/null
	before=$(usage keep)
	if ! rmmod kmemcg; then bad=$((bad + 1)); diag "rmmod $i failed"; fi
	usleep 100000
	if ! insmod /root/kmemcg.ko; then bad=$((bad + 1)); diag "insmod $i failed"; break; fi
	now=$(usage keep)
	lim=$(km keep memory.kmem.limit_in_bytes)
	charges=$(km_stat charges keep)
	if [ "$before" -eq 0 ] || [ "$now" != 0 ] || [ "$charges" != 0 ] ||
	   [ "$lim" != 9223372036854771712 ] || [ "$(km_stat hook_mem_cgroup_css_online)" != 0 ]; then
		diag "load $i: keep usage $before -> $now, charges $charges, limit $lim"
		bad=$((bad + 1))
	fi
	i=$((i + 1))
done
touch /tmp/stop
wait
is "$bad" 0 "20 unloads and reloads under load, each load starting from zero"
t "the module is loaded at the end" test -d "$KM/cgroup/w3/x"

done_testing
