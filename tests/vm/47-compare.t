#!/bin/sh
# vm: MODPARAMS=granularity=shadow TIMEOUT=900
# kmemcg compare against the live kernel (issue 13, test 2), under shadow
# granularity so that both of kmemcg's views exist.  A cgroup runs a
# workload of negative dentries and tmpfs files (lib.sh), then, with no
# task left in it:
#
# 1. kmemcg compare CG -o json: kmemcg's object figure is at least the
#    kernel's memory.stat slab for the cgroup, minus a tolerance:
#     - the kernel charges each object of an accounted cache s->size plus
#       its 8-byte obj_cgroup pointer (mm/memcontrol.c obj_full_size()),
#       kmemcg s->size: 8 bytes per object, at most 8 x the objects
#       kmemcg counts in the subtree (the objects key of memory.kmem.stat);
#     - the kernel's slab may be off by what it has not flushed: a page of
#       object stock per CPU, and up to 2 x MEMCG_CHARGE_BATCH (64) pages
#       of stat updates per CPU below the flush threshold (the derivation
#       of tests/vm/45-objects.t, test 6): 129 pages per CPU;
#     - 64 KiB for the shells' own objects freed by RCU in between.
#    kmemcg charges every cache, the kernel accounted ones only, so
#    kmemcg's figure is in practice far above; the test does not bound it
#    from above.  Also: kmemcg's object figure covers the workload's
#    dentries (N x dentry's slot size).
# 2. kmemcg compare --caches CG -o json: its unaccounted total equals
#    exactly the sum of its rows' unaccounted bytes for caches with
#    accounted 0 (one snapshot: both come from one read of each file);
#    each such row's unaccounted bytes are at most its kmemcg bytes (less
#    the objects allocated with __GFP_ACCOUNT, which the module records per
#    object: the long names of the dentries, in kmalloc-rcl-*, are); the
#    dentry row's accounted flag is the caches file's (diag says which).
#    What kmemcg says the kernel charges (every row's kmemcg bytes less
#    its unaccounted bytes) is the kernel's slab within the tolerance of
#    test 1, both ways.
# 3. -o csv of both: the header of include/kmemcg/compare.h, that many
#    fields on every line.
. /usr/share/kmemcg/lib.sh
PAGE=4096
cpus=$(nproc)
N=20000	# negative dentries
F=3000	# tmpfs files

# jfirst KEY FILE: the first value of "KEY" in a json-c pretty-printed file
jfirst() { awk -v k="\"$1\":" '$1 == k { v = $2; sub(/,$/, "", v); print v; exit }' "$2"; }

cg_create cmp/w
cg_run cmp/w sh -c ". /usr/share/kmemcg/lib.sh; negdentries $N; mkfiles /tmp/cmpf $F >/dev/null"
t "the workload's files are there" test -e /tmp/cmpf/f$((F - 1))
# Quiet: the workload's shells are gone and their RCU frees done, and the
# kernel's 2 s stat flush worker has run (FLUSH_TIME); the tolerance does
# not count on it.
sleep 3

# --- 1. per cgroup --------------------------------------------------------------
kmemcg compare cmp -o json >/tmp/c.json
ok $? "compare CG -o json succeeds"
is "$(jfirst cgroup /tmp/c.json)" '"/cmp"' "the first row is the cgroup"
kslab=$(jfirst slab /tmp/c.json)
obj=$(jfirst kmemcg_object_bytes /tmp/c.json)
pg=$(jfirst kmemcg_page_bytes /tmp/c.json)
diff=$(jfirst diff_bytes /tmp/c.json)
objs=$(($(km_stat objects cmp) + $(km_stat objects cmp/w)))
tol=$((8 * objs + 129 * PAGE * cpus + 65536))
diag "kernel slab $kslab, kmemcg object $obj page $pg, diff $diff; $objs objects, tolerance $tol"
diag "kernel: $(awk '$1 ~ /^(slab|kernel|kernel_stack|percpu)$/ { printf "%s %s ", $1, $2 }' "$CG/cmp/memory.stat")"
cmp_ok "${pg:-null}" -gt 0 "shadow: kmemcg's page figure is there too ($pg)"
is "$diff" $((obj - kslab)) "diff_bytes is the object figure minus slab"
slot=$(cat /sys/kernel/slab/dentry/slab_size)
cmp_ok "$obj" -ge $((N * slot)) "kmemcg's object figure covers the $N dentries ($N x $slot)"
cmp_ok "$obj" -ge $((kslab - tol)) "kmemcg's object figure >= the kernel's slab - $tol"
kmemcg compare cmp >/tmp/c.txt
ok $? "compare CG (table) succeeds"
sed 's/^/# /' /tmp/c.txt

# --- 2. per cache ------------------------------------------------------------------
kmemcg compare --caches cmp -o json >/tmp/cc.json
ok $? "compare --caches CG -o json succeeds"
# Byte sums printed with %.0f: busybox awk's %d stops at 2^31.
# Rows: "accounted" comes before "unaccounted_bytes" in each (compare.h).
awk '$1 == "\"kmemcg_bytes\":" { b = $2; sub(/,$/, "", b) }
	$1 == "\"accounted\":" { a = $2; sub(/,$/, "", a) }
	$1 == "\"unaccounted_bytes\":" { u = $2; sub(/,$/, "", u); rows++
		if (u != "null") k += b - u
		if (a == "0") { s += u; n0++; if (u + 0 > b + 0) bad++; if (u + 0 < b + 0) gfp++ } }
	$1 == "\"unaccounted_total_bytes\":" { t = $2 }
	END { printf "%d %d %.0f %s %d %d %.0f\n", rows, n0, s, t, bad, gfp, k }' /tmp/cc.json >/tmp/cc.sum
read -r rows n0 sum total bad gfp kacc </tmp/cc.sum
diag "$rows caches, $n0 not accounted by the kernel: their rows sum to $sum, the total is $total"
cmp_ok "$rows" -gt 0 "--caches lists the cgroup's caches"
cmp_ok "$n0" -gt 0 "... some of which the kernel does not account"
is "$total" "$sum" "the unaccounted total is exactly the sum of the accounted-0 rows"
is "$bad" 0 "each accounted-0 row's unaccounted bytes are at most its kmemcg bytes"
cmp_ok "$gfp" -gt 0 "... and $gfp rows hold objects allocated with __GFP_ACCOUNT (the long names)"
diag "kmemcg says the kernel charges $kacc bytes; the kernel's slab is $kslab"
values_close "$kacc" "$kslab" "$tol"
ok $? "what kmemcg says the kernel charges is the kernel's slab, within $tol"
dacc=$(awk '$1 == "dentry" { print $6 }' "$KM/caches")
jdacc=$(awk '$1 == "\"cache\":" { c = $2 } $1 == "\"accounted\":" && c == "\"dentry\"," { v = $2; sub(/,$/, "", v); print v; exit }' /tmp/cc.json)
diag "dentry: accounted $dacc in the caches file ($(uname -r))"
is "$jdacc" "$dacc" "compare --caches shows dentry's accounted flag as the caches file has it"
kmemcg compare --caches cmp >/tmp/cc.txt
ok $? "compare --caches CG (table) succeeds"
head -n 12 /tmp/cc.txt | sed 's/^/# /'
tail -n 1 /tmp/cc.txt | sed 's/^/# /'

# --- 3. CSV --------------------------------------------------------------------------
kmemcg compare -o csv >/tmp/c.csv
is "$(head -n 1 /tmp/c.csv)" cgroup,slab,slab_reclaimable,slab_unreclaimable,kernel,kernel_stack,pagetables,percpu,sock,kmemcg_page_bytes,kmemcg_object_bytes,diff_bytes \
	"compare -o csv: the header"
is "$(awk -F, 'NF != 12' /tmp/c.csv | wc -l)" 0 "... 12 fields on every line"
cmp_ok "$(grep -c '^/cmp,' /tmp/c.csv)" -eq 1 "... a line for the cgroup"
kmemcg compare --caches -o csv cmp >/tmp/cc.csv
is "$(head -n 1 /tmp/cc.csv)" cgroup,cache,kmemcg_bytes,accounted,unaccounted_bytes "compare --caches -o csv: the header"
is "$(awk -F, 'NF != 5' /tmp/cc.csv | wc -l)" 0 "... 5 fields on every line"

rm -rf /tmp/cmpf /tmp/cmpf.err
cg_remove cmp/w
cg_remove cmp
done_testing
