#!/bin/sh
# vm: LOAD=0
# vm: TIMEOUT=2400
# Fault injection at load (issue 15, point 2): test_fail_alloc=nth:N
# fails the module's Nth own allocation.  N = 1, 1 + FAULT_STEP, ... in
# turn (FAULT_STEP 3 here, to keep make check short; tests/long/fault-load.t
# runs it with 1: every allocation of a load), under
# object granularity (every site of page granularity, and the object pool
# and hooks too), until a load makes no injected failure.  A load that
# fails must say why in one "cannot load" line per attempt (busybox insmod
# may try init_module then finit_module), name the site that failed on
# purpose, and leave nothing behind: no module, no kmemcg/ in debugfs, no
# ftrace hook.  A load that absorbs its failure (a debugfs file, a group
# of a cgroup online before the load) counts it in internal_alloc_failures
# exactly once, and unloads cleanly.  At the end Slab: is within 1 MiB and
# VmallocUsed within 256 KiB of where they started (the owner table and
# the object pool are vmalloc()ed, megabytes each: a leaked one shows),
# and a plain load and unload works.  Runs unchanged on a kmemleak kernel
# (KERNEL=6.12-debug), where the harness's log check sees any leak report.
. /usr/share/kmemcg/lib.sh

PARAMS=granularity=object
FAULT_STEP=${FAULT_STEP:-3}
MAXN=400	# far more than a load allocates (about 100 on a 1 GiB guest)
EF=/sys/kernel/tracing/enabled_functions
[ -e "$EF" ] || mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
slab() { awk '/^Slab:/ { print $2 * 1024 }' /proc/meminfo; }
vmalloc() { awk '/^VmallocUsed:/ { print $2 * 1024 }' /proc/meminfo; }
hooked() { grep -c . "$EF" 2>/dev/null || echo 0; }
# counted: internal_alloc_failures minus the failures the counted sites
# injected (every site but scope_list and file_buffer): 0 when each was
# counted exactly once.
counted() {
	awk '$1 == "internal_alloc_failures" { f = $2 }
	     $1 ~ /^test_injected_/ && $1 != "test_injected_scope_list" &&
	     $1 != "test_injected_file_buffer" { i += $2 }
	     END { print f - i }' "$KM/stat"
}
# (a cgroup online before the load makes the populate step allocate too)
mkdir -p "$CG/pre/sub" && echo +memory >"$CG/pre/cgroup.subtree_control"

drop_caches 3
s0=$(slab) v0=$(vmalloc) h0=$(hooked)
n=1 refused=0 absorbed=0 bad=0 last=
while [ $n -le $MAXN ]; do
	dmesg -c >/dev/null
	# insmod's "Cannot allocate memory" is what is wanted: kept out of
	# the test's stderr, which prove shows (the kernel log is checked)
	if insmod /root/kmemcg.ko $PARAMS test_fail_alloc=nth:$n 2>/tmp/insmod.err; then
		line=$(dmesg | grep 'test_fail_alloc=nth:[0-9]*: [0-9]* allocations at load')
		inj=$(echo "$line" | sed -n 's/.* \([0-9]*\) failed on purpose.*/\1/p')
		if [ "$inj" = 0 ]; then
			last=$(echo "$line" | sed -n 's/.*: \([0-9]*\) allocations at load.*/\1/p')
			rmmod kmemcg || bad=$((bad + 1))
			break
		fi
		absorbed=$((absorbed + 1))
		site=$(echo "$line" | sed -n 's/.*failed on purpose (\([a-z_]*\)).*/\1/p')
		if [ -r "$KM/stat" ]; then
			c=$(counted)
			[ "$c" = 0 ] || { bad=$((bad + 1)); diag "nth:$n ($site): internal_alloc_failures off by $c"; }
		elif [ "$site" != debugfs ]; then
			bad=$((bad + 1)); diag "nth:$n ($site): no stat file"
		fi
		rmmod kmemcg || { bad=$((bad + 1)); diag "nth:$n: rmmod failed"; }
		diag "nth:$n: loaded without its $site"
	else
		refused=$((refused + 1))
		cannot=$(dmesg | grep -c 'kmemcg: cannot load: ')
		named=$(dmesg | grep -c "kmemcg: test_fail_alloc=nth:$n: load failed after allocation $n failed on purpose: [a-z_]*$")
		site=$(dmesg | sed -n 's/.*failed on purpose: \([a-z_]*\)$/\1/p' | head -n 1)
		if [ "$cannot" -lt 1 ] || [ "$cannot" != "$named" ]; then
			bad=$((bad + 1))
			diag "nth:$n: $cannot 'cannot load' lines, $named naming the site:"
			dmesg | sed 's/^/#   /'
		fi
		diag "nth:$n: refused: $(dmesg | grep -m1 'cannot load: ' | sed 's/.*cannot load: //') ($site)"
	fi
	if lsmod | grep -q '^kmemcg ' || [ -e "$KM" ] || [ "$(hooked)" != "$h0" ]; then
		bad=$((bad + 1))
		diag "nth:$n: left behind: $(lsmod | grep kmemcg) $(ls -d "$KM" 2>/dev/null) hooks $(hooked)"
		rmmod kmemcg 2>/dev/null
	fi
	n=$((n + FAULT_STEP))
done
diag "$refused loads refused, $absorbed loads absorbed their failure; a load makes ${last:-?} allocations"
cmp_ok "$n" -le $MAXN "a load with no injected failure was reached (nth:$n)"
cmp_ok "$last" -lt "$n" "... because it makes fewer allocations than $n"
cmp_ok "$refused" -gt $((30 / FAULT_STEP)) "loads failed at many sites"
is "$bad" 0 "each refused cleanly with one line naming the site, each absorbed failure counted once"
is "$(hooked)" "$h0" "no ftrace hook left"
t "nothing left in debugfs" test ! -e "$KM"
drop_caches 3
s1=$(slab) v1=$(vmalloc)
diag "Slab: $s0 -> $s1, VmallocUsed: $v0 -> $v1 bytes"
slab_back "$s0" "$s1" 1048576 "Slab: at most 1 MiB above where it started"
t "VmallocUsed: within 256 KiB of where it started" values_close "$v1" "$v0" 262144
t "a plain load works after that" insmod /root/kmemcg.ko
t "version reads" grep -q "kernel $(uname -r)" "$KM/version"
is "$(km_stat internal_alloc_failures)" 0 "no failure without the parameter"
t "unload works" rmmod kmemcg
rmdir "$CG/pre/sub" "$CG/pre"

done_testing
