#!/bin/sh
# vm: TIMEOUT=900
# Reading slabinfo while everything moves (issue 4, test 5): one process
# reads every slabinfo file in a loop while others create and remove
# cgroups, load and unload the helper module (creating and destroying its
# cache), and churn allocations, for 60 seconds and until each has done a
# few rounds (more than 50 reads, 3 cgroup cycles, 3 helper loads: the
# debug kernel under load did 17, 2 and 4 in 60 s), 480 s at most.  Pass:
# every read
# completes and parses (the two header lines, then lines of 16 fields with
# numbers where numbers belong; the top-level file: a header, then lines
# of 6 fields), and the guest logs no warning (checked by the harness).
. /usr/share/kmemcg/lib.sh
CTL=/sys/kernel/debug/kmemcg_test/ctl
SECS=60 CAP=480

rm -f /tmp/stop
cg_create churn
( # cgroups come and go, with charges
	i=0
	while [ ! -e /tmp/stop ]; do
		cg_create "rc/c$i"
		cg_run "rc/c$i" sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/rc 200' >/dev/null
		rm -rf /tmp/rc
		cg_remove "rc/c$i"
		i=$((i + 1))
		echo "$i" >/tmp/cycles.n && mv /tmp/cycles.n /tmp/cycles
	done ) &
( # the helper's cache is created and destroyed, with objects in it
	i=0
	while [ ! -e /tmp/stop ]; do
		insmod /root/ko/kmemcg_test_alloc.ko &&
			cg_run churn sh -c "echo 'alloc 2000' > $CTL; echo 'kmalloc 20 20000' > $CTL"
		rmmod kmemcg_test_alloc
		i=$((i + 1))
		echo "$i" >/tmp/loads.n && mv /tmp/loads.n /tmp/loads
	done ) &
( # allocations churn
	while [ ! -e /tmp/stop ]; do
		cg_run churn sh -c '. /usr/share/kmemcg/lib.sh; negdentries 500; mkfiles /tmp/ch 300 >/dev/null'
		rm -rf /tmp/ch
	done ) &

echo 0 >/tmp/cycles
echo 0 >/tmp/loads
# more: true while the time or a count is short of its minimum (and CAP
# has not passed)
more() {
	_now=$(date +%s)
	[ "$_now" -lt $cap ] || return 1
	[ "$_now" -lt $end ] || [ $reads -le 50 ] || [ "$(cat /tmp/cycles)" -le 3 ] ||
		[ "$(cat /tmp/loads)" -le 3 ]
}
reads=0 bad=0
end=$(($(date +%s) + SECS)) cap=$(($(date +%s) + CAP))
while more; do
	# shellcheck disable=SC2044 # the paths are the cgroups the test made: no blanks
	for f in $(find "$KM/cgroup" -name memory.kmem.slabinfo 2>/dev/null); do
		if cat "$f" >/tmp/r 2>/dev/null; then
			awk 'NR == 1 && $0 != "slabinfo - version: 2.1" { exit 1 }
			     NR == 2 && $1 != "#" { exit 1 }
			     NR > 2 && (NF != 16 || $2 !~ /^[0-9]+$/ || $15 !~ /^[0-9]+$/ ||
					$2 > $3) { exit 1 }' /tmp/r || { bad=$((bad + 1)); cp /tmp/r /tmp/bad; }
			reads=$((reads + 1))
		elif [ -e "$f" ]; then
			bad=$((bad + 1))	# a read failed on a file that still exists
		fi
	done
	cat "$KM/slabinfo" >/tmp/r &&
		awk 'NR == 1 && $1 != "#" { exit 1 }
		     NR > 1 && (NF != 9 || $3 !~ /^[0-9]+$/ || $8 !~ /^[0-9]+$/) { exit 1 }' /tmp/r ||
		bad=$((bad + 1))
	reads=$((reads + 1))
done
touch /tmp/stop
wait
diag "$reads reads; $(cat /tmp/cycles) cgroup cycles, $(cat /tmp/loads) helper loads meanwhile"
[ -e /tmp/bad ] && sed 's/^/#   /' /tmp/bad | head -5
is "$bad" 0 "every read completed and parsed"
cmp_ok "$reads" -gt 50 "reads kept going"
cmp_ok "$(cat /tmp/cycles)" -gt 3 "cgroups were created and removed meanwhile"
cmp_ok "$(cat /tmp/loads)" -gt 3 "the helper's cache was created and destroyed meanwhile"

done_testing
