#!/bin/sh
# vm: TIMEOUT=900
# The policy file (issue 12, tests 6 and 7): every switchable axis is
# switched at run time under a load that allocates, frees, and creates and
# removes cgroups; after each switch, once the load is paused, the figures
# balance exactly (tolerance 0, retried while the system settles, as in
# 50-conservation.t).  A switch that cannot be made is refused with EBUSY,
# junk with EINVAL, a write without CAP_SYS_ADMIN with EPERM, and none of
# them changes anything (the file reads the same before and after).
. /usr/share/kmemcg/lib.sh
P=$KM/policy

# write LINE: write it to the policy file in one write(2); prints the error
# shellcheck disable=SC3037 # busybox echo -n reports write(2)'s error text; its printf does not
write() { (echo -n "$1" >"$P") 2>&1; }
# refused ERRTEXT LINE DESC: the write fails with ERRTEXT and changes nothing
refused() {
	_before=$(cat "$P")
	_e=$(write "$2")
	case $_e in *"$1"*) _r=0 ;; *) _r=1 ;; esac
	[ "$(cat "$P")" = "$_before" ] || _r=1
	ok $_r "$3 (${_e##*: })"
}
pol() { awk -v k="$1" '$1 == k { print $2 }' "$P"; }

# --- Test 7: junk, partial, overlong, impossible, unprivileged ------------
is "$(sed 's/ .*//' "$P" | tr '\n' ' ')" \
	"granularity shadow_enforce scope scope_list on_delete hierarchy over_limit " \
	"the policy file lists every axis, one per line"
for junk in " " "over_limit" "over_limit " " over_limit count" "over_limit count x" \
	"over_limit Count" "over_limit count
over_limit fail" "over_limit count

" "scope everything" "scope_list a,,b" "scope_list a b" "scope_list ,a" \
	"on_delete reparented" "hierarchy" "enforce 0" "nonsense value" "$(printf 'over_limit count\r')"; do
	refused "Invalid argument" "$junk" "junk '$(echo "$junk" | head -n 1)' is refused with EINVAL"
done
refused "Invalid argument" "scope_list $(awk 'BEGIN { for (i = 0; i < 17; i++) printf "c%d,", i; print "x" }')" \
	"a scope list of 18 caches is refused with EINVAL"
refused "Invalid argument" "scope_list $(awk 'BEGIN { for (i = 0; i < 64; i++) printf "a" }')" \
	"a cache name of 64 characters is refused with EINVAL"
refused "Invalid argument" "over_limit $(awk 'BEGIN { for (i = 0; i < 2000; i++) printf "x" }')" \
	"an overlong write is refused with EINVAL"
_before=$(cat "$P")
e=$(printf 'over_limit count\0x' | dd of="$P" bs=100 2>&1)
case $e in *"Invalid argument"*) r=0 ;; *) r=1 ;; esac
[ "$(cat "$P")" = "$_before" ] || r=1
ok $r "a write with a NUL in it is refused with EINVAL"
# A line written in pieces: the first piece is a write of its own, junk.
e=$(printf 'over_limit count\n' | dd of="$P" bs=5 2>&1)
case $e in *"Invalid argument"*) r=0 ;; *) r=1 ;; esac
[ "$(cat "$P")" = "$_before" ] || r=1
ok $r "a partial write is refused with EINVAL, nothing changes"
refused "Device or resource busy" "hierarchy flat" "hierarchy flat at run time: EBUSY"
refused "Device or resource busy" "granularity object" "granularity object at run time: EBUSY"
refused "Device or resource busy" "shadow_enforce object" "shadow_enforce outside shadow: EBUSY"
e=$(kmemcg-test-priv --drop-sys-admin sh -c "echo over_limit count > $P" 2>&1)
case $e in *"Operation not permitted"*) r=0 ;; *) r=1 ;; esac
ok $r "a write without CAP_SYS_ADMIN is refused with EPERM"
is "$(pol over_limit)" fail "... and changes nothing"
t "writing the value in force succeeds" write "over_limit fail"
t "a trailing newline is accepted" write "over_limit fail
"

# --- Test 6: switching under load ------------------------------------------
# Conservation: the groups' own bytes sum to what the hierarchy holds, and
# the owner table holds that plus what the pseudo groups hold.
balanced() {
	awk '{ v[$1] = $2 }
	     END { o = v["own_bytes_sum"]; c = v["charged_bytes"]; t = v["tracked_bytes"]
		   s = v["unscoped_bytes"] + v["unaccounted_bytes"]
		   print "own-sum", o, "charged", c, "tracked", t, "pseudo", s
		   exit !(o == c && t == c + s) }' "$KM/stat"
}

# The load: two loops, each in a cgroup of its own that it removes and
# makes again, creating and removing files; it pauses while /tmp/pause
# exists (acknowledged by /tmp/paused.N) and stops once /tmp/stop does.
cg_create load
load() {
	n=$1
	while [ ! -e /tmp/stop ]; do
		if [ -e /tmp/pause ]; then
			touch /tmp/paused.$n
			sleep 0.1
			continue
		fi
		rm -f /tmp/paused.$n
		mkdir -p "$CG/load/w$n"
		cg_run load/w$n sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/l'$n' 300 >/dev/null
			rm -rf /tmp/l'$n'' 2>/dev/null
		rmdir "$CG/load/w$n" 2>/dev/null
	done
}
pause() {
	touch /tmp/pause
	while [ ! -e /tmp/paused.1 ] || [ ! -e /tmp/paused.2 ]; do sleep 0.1; done
}
resume() { rm -f /tmp/pause; sleep 1; }
load 1 &
load 2 &

# switch LINE: write it under load, then pause and check the figures
switch() {
	t "under load: $1" write "$1"
	sleep 1
	pause
	retry balanced
	ok $? "balanced after '$1': $(cat /tmp/bal)"
	resume
}
switch "over_limit count"
is "$(dmesg | grep -c 'policy: over_limit count (was fail)')" 1 "the switch was logged with one line"
switch "over_limit reclaim"
switch "over_limit fail_all"
switch "over_limit fail"
switch "scope kernel"
switch "scope_list kmemcg_test,dentry"
switch "scope list"
switch "scope_list -"
switch "scope all"
switch "on_delete unaccount"
switch "on_delete dead"
switch "on_delete reparent"
is "$(pol scope_list)" "-" "the scope list reads back as written"

touch /tmp/stop
wait
rmdir "$CG/load/w1" "$CG/load/w2" 2>/dev/null
rm -rf /tmp/l1 /tmp/l2
drop_caches 3
retry balanced
ok $? "balanced once the load is gone: $(cat /tmp/bal)"
is "$(km_stat stale_entries)" 0 "no owner-table entry outlived its page"
is "$(km_stat internal_alloc_failures)" 0 "no internal allocation failed"

done_testing
