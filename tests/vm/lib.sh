# Helpers for VM tests (busybox sh), in the spirit of the kernel's
# tools/testing/selftests/cgroup/cgroup_util.c.  A test sources this file
# (". /usr/share/kmemcg/lib.sh"), runs checks, and ends with done_testing,
# which prints the plan last, as scripts/vm/test.sh expects.
# shellcheck shell=sh

KM=/sys/kernel/debug/kmemcg	# the module's debugfs tree
CG=/sys/fs/cgroup		# cgroup v2, memory enabled for children
_tap_n=0
failed=0

diag() { echo "# $*"; }
# fail_diag MSG: explain a failure on stderr, which prove shows even when
# it hides the TAP stream (as Test::More does), so CI logs carry it.
fail_diag() { echo "# $*" >&2; }

# ok RESULT DESC: record one test; RESULT 0 is a pass.
ok() {
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		fail_diag "  Failed test $_tap_n - $2"
		failed=$((failed + 1))
	fi
}

# t DESC CMD...: a test that passes when CMD does; its output on failure.
t() {
	_desc=$1
	shift
	if "$@" >/tmp/t.out 2>&1; then
		ok 0 "$_desc"
	else
		ok 1 "$_desc"
		sed 's/^/#   /' /tmp/t.out >&2
	fi
}

# is GOT WANT DESC
is() {
	[ "$1" = "$2" ]
	_r=$?
	ok $_r "$3"
	[ $_r -eq 0 ] || fail_diag "  $_tap_n: got '$1', want '$2'"
}

# cmp_ok A OP B DESC: numeric comparison (OP: -lt -le -eq -ne -ge -gt)
cmp_ok() {
	test "$1" "$2" "$3" 2>/dev/null
	_r=$?
	ok $_r "$4"
	[ $_r -eq 0 ] || fail_diag "  $_tap_n: failed: '$1' $2 '$3'"
}

done_testing() {
	echo "1..$_tap_n"
	[ "$failed" -eq 0 ]
}

# km CGROUP FILE: a module file of a cgroup ("" or "/" for the root)
km() { cat "$KM/cgroup/${1#/}/$2"; }
usage() { km "$1" memory.kmem.usage_in_bytes; }
# km_stat KEY [CGROUP]: a key of the global stat, or of CGROUP's stat
km_stat() {
	if [ $# -eq 1 ]; then
		awk -v k="$1" '$1 == k { print $2 }' "$KM/stat"
	else
		awk -v k="$1" '$1 == k { print $2 }' "$KM/cgroup/${2#/}/memory.kmem.stat"
	fi
}
# km_write CGROUP FILE VALUE: prints the shell's error, returns its status
km_write() { (echo "$3" >"$KM/cgroup/${1#/}/$2") 2>&1; }

# cg_create A/B/C: create the cgroups along the path, with the memory
# controller enabled for each one's children (a cgroup without it shares
# its parent's memory cgroup, and so its kmemcg directory).
cg_create() {
	_p=$CG
	for _c in $(echo "$1" | tr / ' '); do
		grep -qw memory "$_p/cgroup.subtree_control" ||
			echo +memory >"$_p/cgroup.subtree_control"
		_p=$_p/$_c
		[ -d "$_p" ] || mkdir "$_p"
	done
}
# cg_remove A/B: rmdir, then wait (10 s at most) for the module's directory
# to go: the kernel takes a memory cgroup offline, and the module removes
# its group, a little after rmdir returns.  Fails if it does not go.
cg_remove() {
	rmdir "$CG/$1" || return
	wait_gone "$KM/cgroup/$1"
}
# wait_gone PATH [TENTHS]: wait until PATH does not exist (default 10 s)
wait_gone() {
	_n=0
	while [ -e "$1" ]; do
		[ $_n -ge "${2:-100}" ] && return 1
		sleep 0.1
		_n=$((_n + 1))
	done
}
# cg_run CGROUP CMD...: run CMD in CGROUP (a child shell moves itself there)
cg_run() {
	_cg=$1
	shift
	sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$CG/$_cg" "$@"
}

# Workloads, each run by cg_run so the test's own shell stays in the root.
# negdentries N: N negative dentries with long (externally allocated) names
# on sysfs, which keeps them (kernfs), as test_kmem.c does on a disk fs.
negdentries() {
	sh -c 'i=0; while [ $i -lt "$0" ]; do
		[ -e /sys/kmemcg-a-long-missing-name-to-get-an-external-dentry-name-$i ]
		i=$((i + 1)); done' "$1"
}
# mkfiles DIR N: fill DIR (tmpfs) up to N empty files f0, f1, ...,
# stopping at the first error; prints the number of files.  Run again, it
# goes on where it stopped.  Run in a cgroup at its limit, it must not
# fork or make pipes after the loop: the error text is left in DIR.err
# for mkfiles_err, run from outside.
mkfiles() {
	sh -c 'mkdir -p "$0"; i=$(ls "$0" | wc -l)
		# stderr is opened once, before the limit bites.
		while [ $i -lt "$1" ]; do
			true >"$0/f$i" || break
			i=$((i + 1))
		done 2>"$0.err"
		echo $i' "$1" "$2"
}
# mkfiles_err DIR: the error that stopped the last mkfiles ("" if none)
mkfiles_err() {
	_e=$(tail -n 1 "$1.err" 2>/dev/null)
	rm -f "$1.err"
	echo "${_e##*: }"
}

# retry [-n N] CMD...: until CMD succeeds, up to N more times (50) 0.2 s
# apart: a busy system (charges in flight, RCU frees after drop_caches)
# moves figures meanwhile.  The last run's output is in /tmp/bal; the
# status is its, and $retries says how many more runs it took.  The run
# that passed is the one reported: running CMD once more to report it
# could catch a charge in flight and fail a check that held (56-scope.t
# failed so in CI, on a read after a balanced one).
retry() {
	_rn=50
	[ "$1" != -n ] || { _rn=$2; shift 2; }
	retries=0
	while :; do
		"$@" >/tmp/bal && return 0
		[ $retries -lt "$_rn" ] || return 1
		usleep 200000
		retries=$((retries + 1))
	done
}

# debug_kernel: true on the debug kernel (make debug-kernel: KASAN, lockdep,
# kmemleak), where a few figures of the stock lines do not hold.
debug_kernel() {
	case ${KMEMCG_LINE:-} in *-debug) return 0 ;; esac
	return 1
}

# quarantine_flush: on the debug kernel, let the frees just made reach the
# page level, as they do at once on a stock kernel.  KASAN keeps freed
# objects in its quarantine, and with them their slab pages, until a cache
# is shrunk (mm/slab_common.c kmem_cache_shrink() calls kasan_cache_shrink(),
# which empties the cache's quarantine): so, once RCU callbacks (an exited
# task's) have had a second, every cache is shrunk, twice, for the frees of
# a late grace period.  A no-op on the stock lines.
quarantine_flush() {
	debug_kernel || return 0
	for _p in 1 2; do
		sleep 1
		for _f in /sys/kernel/slab/*/shrink; do echo 1 >"$_f" 2>/dev/null; done
	done
}

# drop_caches N: echo N >/proc/sys/vm/drop_caches, with what it frees
# reaching the page level on the debug kernel too (quarantine_flush;
# 30-files.t's max_usage reset waited for it in vain there).
drop_caches() {
	echo "$1" >/proc/sys/vm/drop_caches
	quarantine_flush
}

# slab_back BEFORE AFTER TOL DESC: a test that Slab: (or another slab
# figure of /proc/meminfo) came back from BEFORE to AFTER: it grew by TOL
# at most (a leak grows it; less is no leak), on the stock lines.  On the debug kernel freed objects wait in KASAN's
# quarantine (mm/kasan/quarantine.c: up to 1/32 of memory) and kmemleak's
# and DEBUG_OBJECTS' own objects come and go: 01-skeleton.t's 100 loads
# moved Slab: by 23 MiB there.  kmemleak's scan after the module's unload
# (guest-init) finds leaks on that kernel instead; the figures are shown.
slab_back() {
	if debug_kernel; then
		diag "$4: not measured on the debug kernel ($1 -> $2; kmemleak checks)"
	else
		[ $(($2 - $1)) -le "$3" ]
		ok $? "$4"
	fi
}

# until_close A B TOL: |A - B| <= TOL
values_close() {
	_d=$(($1 - $2))
	[ "${_d#-}" -le "$3" ]
}
