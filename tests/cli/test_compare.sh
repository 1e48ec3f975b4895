#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of kmemcg compare (issue 13, test 3) against fixture trees
# (fixtures.sh, mfixture): the module's debugfs files at page, object and
# shadow granularity, its caches file, and the kernel's memory.stat under
# a fixture cgroup filesystem ($KMEMCG_CGROUPFS): every key, a kernel
# without "kernel", a cgroup without memory.stat, and malformed files.
# TAP on stdout.
#
#   tests/cli/test_compare.sh [KMEMCG_BINARY]
#
# Pass criteria: the exact tables and figures derived in fixtures.sh
# (kmemcg's figures summed over each subtree, diff = object view, else
# page view, minus slab); JSON parsed by jq, with null for every missing
# figure; CSV with the header of include/kmemcg/compare.h and that many
# fields on every line; --caches' unaccounted total exactly the sum of the
# rows with accounted 0, in every format; a malformed memory.stat or
# caches file is one line on stderr naming the line, status 1.
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

for g in page object shadow; do mfixture "$tmp/$g" $g; done
mfixture "$tmp/shadowobj" shadow object
jqok() { # jqok FILTER DESC: jq -e FILTER holds for $out
	if printf '%s\n' "$out" | jq -e "$1" >/dev/null 2>"$tmp/jqerr"; then ok 0 "$2"; else
		ok 1 "$2"; echo "#   jq -e '$1' failed: $(cat "$tmp/jqerr")"; fi
}
# csvok COLUMNS DESC: every line of $out has COLUMNS comma-separated fields
csvok() {
	printf '%s\n' "$out" | awk -F, -v n="$1" 'NF != n { print "#   " NR ": " $0; bad = 1 } END { exit bad }'
	ok $? "$2"
}
HEAD=cgroup,slab,slab_reclaimable,slab_unreclaimable,kernel,kernel_stack,pagetables,percpu,sock,kmemcg_page_bytes,kmemcg_object_bytes,diff_bytes
CHEAD=cgroup,cache,kmemcg_bytes,accounted,unaccounted_bytes
TH='      SLAB  SLAB_RECL SLAB_UNRECL     KERNEL     KSTACK PAGETABLES     PERCPU       SOCK  KMEMCG_PAGE   KMEMCG_OBJ        DIFF  CGROUP'
CTH='      KMEMCG ACCOUNTED  UNACCOUNTED  CACHE'

# --- usage ---------------------------------------------------------------------
at shadow
run compare --help
[ $rc -eq 0 ] && [[ $out == *"Usage: kmemcg compare"* ]] && [[ $out == *Examples:* ]] &&
	[[ $out != *%* ]]
ok $? "compare --help shows usage and examples"
run --help
has "compare [--caches] [CGROUP]" "--help lists compare"
for w in kmemcg_page_bytes kmemcg_object_bytes diff_bytes unaccounted_bytes 129 KMEMCG_CGROUPFS; do
	run compare --help
	has "$w" "compare --help explains $w"
done
expect 2 "kmemcg compare: unknown output format 'xml'*" "-o xml is a usage error" compare -o xml
expect 2 "kmemcg compare: expected at most one CGROUP*" "two cgroups are a usage error" compare a c
expect 2 "kmemcg compare: bad cgroup path*" "a path with .. is a usage error" compare a/../c
expect 1 "kmemcg: no memory cgroup /nope*" "an unknown cgroup fails" compare nope
expect 1 "kmemcg: no memory cgroup /nope*" "... with --caches too" compare --caches nope

# --- per cgroup, each granularity ----------------------------------------------------
# kmemcg's views from fixtures.sh; the kernel's slab 1500000 (/), 1100000
# (/a), 700000 (/a/b, no "kernel" key), none for /c.
run compare -b
is "$TH
   1500000    1000000      500000    2000000      16384       8192       2048          0      3149824      1586176       86176  /
   1100000     800000      300000    1200000      16384       8192       2048          0      2097152      1056768      -43232  /a
    700000     600000      100000          -      16384       8192       2048          0      1048576       786432       86432  /a/b
         -          -           -          -          -          -          -          -         4096         1024           -  /c" \
	"shadow: both views, subtree sums, diff from the object view, - where missing"
run compare
has "      1.4M       977K        488K       1.9M      16.0K       8.0K       2.0K          0         3.0M         1.5M       84.2K  /" "human sizes by default"
has "-42.2K  /a" "a negative difference in human units"
run compare -b a/b
is "$TH
    700000     600000      100000          -      16384       8192       2048          0      1048576       786432       86432  /a/b" \
	"CGROUP: that cgroup and its descendants only"
run compare -b -o csv
is "$HEAD
/,1500000,1000000,500000,2000000,16384,8192,2048,0,3149824,1586176,86176
/a,1100000,800000,300000,1200000,16384,8192,2048,0,2097152,1056768,-43232
/a/b,700000,600000,100000,,16384,8192,2048,0,1048576,786432,86432
/c,,,,,,,,,4096,1024," "CSV: the header of compare.h, empty where missing"
csvok 12 "CSV: 12 fields on every line"
hdr=$(sed -n '/define KMEMCG_CMP_CSV_HEADER/,/^$/p' "$top/include/kmemcg/compare.h" |
	grep -o 'KMEMCG_CMP_[A-Z_]*' | grep -v CSV_HEADER | while read -r m; do
		sed -n "s/^#define ${m}[[:space:]]*\"\(.*\)\"/\1/p" "$top/include/kmemcg/compare.h"; done | paste -sd,)
[ "$hdr" = "$HEAD" ]; ok $? "compare.h spells the CSV header this test checks ($hdr)"
run compare -o json
jqok '.granularity == "shadow" and (.cgroups | length) == 4' "JSON: granularity and four cgroups"
jqok '.cgroups[0] | .cgroup == "/" and .slab == 1500000 and .kmemcg_page_bytes == 3149824 and .kmemcg_object_bytes == 1586176 and .diff_bytes == 86176' "JSON: the root's figures"
jqok '.cgroups[1].diff_bytes == -43232' "JSON: a negative difference"
jqok '.cgroups[2] | .kernel == null and .slab == 700000 and has("kernel")' "JSON: a key the kernel lacks is null"
jqok '.cgroups[3] | [.slab, .slab_reclaimable, .slab_unreclaimable, .kernel, .kernel_stack, .pagetables, .percpu, .sock, .diff_bytes] | all(. == null)' "JSON: a cgroup without memory.stat: every kernel figure and the diff null"
jqok "[.cgroups[0] | keys_unsorted[]] | join(\",\") == \"$HEAD\"" "JSON: the keys are the CSV's, in order"

at page
run compare -b -o csv
is "$HEAD
/,1500000,1000000,500000,2000000,16384,8192,2048,0,3149824,,1649824
/a,1100000,800000,300000,1200000,16384,8192,2048,0,2097152,,997152
/a/b,700000,600000,100000,,16384,8192,2048,0,1048576,,348576
/c,,,,,,,,,4096,," "page: no object figure, diff from the page view"
run compare -o json a
jqok '.cgroups[0].kmemcg_object_bytes == null and .cgroups[0].diff_bytes == 997152' "page JSON: object null"
at object
run compare -b -o csv
is "$HEAD
/,1500000,1000000,500000,2000000,16384,8192,2048,0,,1586176,86176
/a,1100000,800000,300000,1200000,16384,8192,2048,0,,1056768,-43232
/a/b,700000,600000,100000,,16384,8192,2048,0,,786432,86432
/c,,,,,,,,,,1024," "object: no page figure, diff from the object view"
run compare -b c
is "$TH
         -          -           -          -          -          -          -          -            -         1024           -  /c" \
	"object table: - for the page view"

# --- per cache ----------------------------------------------------------------------
# Object view (object, shadow): dentry 7680+960 (accounted; the root's
# own 17280 is left out: the kernel charges nothing to the root),
# kmalloc-64 640+3840 and kmalloc-192 4032 (not accounted), <large-kmalloc>
# 3 pages and ghost_cache 100 (unknown); the <unscoped> line is no
# cgroup's; shmem_inode_cache has no object: no row.  Total 4480 + 4032.
for g in shadow object; do
	at $g
	run compare --caches -b
	is "$CTH
        4480        no         4480  kmalloc-64
        4032        no         4032  kmalloc-192
       12288         ?            -  <large-kmalloc>
        8640       yes            0  dentry
         100         ?            -  ghost_cache
unaccounted by the kernel: 8512 (/, object view)" "$g --caches: object view, largest unaccounted first, total"
done
at shadow
run compare --caches -b /sys/fs/cgroup/a
is "$CTH
        4480        no         4480  kmalloc-64
       12288         ?            -  <large-kmalloc>
        7680       yes            0  dentry
         100         ?            -  ghost_cache
unaccounted by the kernel: 4480 (/a, object view)" "--caches CGROUP: its subtree only"
run compare --caches -o csv
is "$CHEAD
/,kmalloc-64,4480,0,4480
/,kmalloc-192,4032,0,4032
/,<large-kmalloc>,12288,,
/,dentry,8640,1,0
/,ghost_cache,100,,"  "--caches CSV: accounted 1/0/empty, unknowns empty"
csvok 5 "--caches CSV: 5 fields on every line"
sum=$(printf '%s\n' "$out" | awk -F, 'NR > 1 && $4 == "0" { s += $5 } END { print s + 0 }')
run compare --caches -o json
jqok '.cgroup == "/" and .kmemcg_view == "object" and (.caches | length) == 5' "--caches JSON: cgroup, view, five caches"
jqok '.unaccounted_total_bytes == ([.caches[] | select(.accounted == 0) | .unaccounted_bytes] | add)' \
	"--caches JSON: the total is exactly the sum of the rows with accounted 0"
jqok ".unaccounted_total_bytes == $sum" "... and the CSV rows' sum ($sum)"
jqok '[.caches[] | select(.cache == "<large-kmalloc>")][0] | .accounted == null and .unaccounted_bytes == null and .kmemcg_bytes == 12288' \
	"--caches JSON: <large-kmalloc> accounted and unaccounted null"
jqok '[.caches[] | select(.accounted == 1) | .unaccounted_bytes] | all(. == 0)' "--caches JSON: accounted caches leave 0 unaccounted"
jqok '[.caches[] | .cache] | index("shmem_inode_cache") == null' "--caches JSON: a cache with no bytes in the view has no row"
# The object view's per-cache bytes against the per-cgroup figures of
# the same fixture are not compared: the fixture's files are independent.

# Page view: slabs x pagesperslab x 4096; ghost_cache has no layout.
at page
pg=$(getconf PAGESIZE)
run compare --caches -o json
jqok ".kmemcg_view == \"page\" and ([.caches[] | select(.cache == \"dentry\")][0].kmemcg_bytes == 3 * $pg)" "page --caches: dentry 3 slabs of 1 page (the root's 6 left out)"
jqok "[.caches[] | select(.cache == \"shmem_inode_cache\")][0].kmemcg_bytes == 4 * $pg" "page --caches: shmem_inode_cache 1 slab of 4 pages"
jqok '[.caches[] | select(.cache == "ghost_cache")][0] | .kmemcg_bytes == null and .accounted == null' "page --caches: a cache the caches file lacks has no layout: null"
jqok ".unaccounted_total_bytes == 2 * $pg and .unaccounted_total_bytes == ([.caches[] | select(.accounted == 0) | .unaccounted_bytes] | add)" \
	"page --caches: the total is the sum of the rows with accounted 0"

# accounted_object_bytes (the ninth column): the object view subtracts
# the objects the kernel charges by __GFP_ACCOUNT.  kmalloc-192 in /c:
# 6 of its 21 objects (1152 bytes) were allocated with it; dentry is
# SLAB_ACCOUNT, all of its bytes.
cp -r "$tmp/object" "$tmp/acct"
awk 'NR == 1 { print $0 " accounted_object_bytes"; next }
     { a = 0 } $1 == "kmalloc-192" && $2 == "/c" { a = 1152 } $1 == "dentry" { a = $8 }
     { print $0, a }' "$tmp/object/kmemcg/slabinfo" >"$tmp/acct/kmemcg/slabinfo"
at acct
run compare --caches -o json
jqok '[.caches[] | select(.cache == "kmalloc-192")][0] | .kmemcg_bytes == 4032 and .unaccounted_bytes == 2880' \
	"accounted_object_bytes: kmalloc-192 leaves 4032 - 1152 unaccounted"
jqok '.unaccounted_total_bytes == 4480 + 2880 and .unaccounted_total_bytes == ([.caches[] | select(.accounted == 0) | .unaccounted_bytes] | add)' \
	"... the total is still the sum of the rows with accounted 0"
# Page view: a page holds objects of both kinds, the column is not used.
cp -r "$tmp/page" "$tmp/acctp"
awk 'NR == 1 { print; next } { print $0, 0 }' "$tmp/page/kmemcg/slabinfo" >"$tmp/acctp/kmemcg/slabinfo"
at acctp
run compare --caches -o json
jqok ".unaccounted_total_bytes == 2 * $pg" "page view: the ninth column changes nothing"
cp "$tmp/acct/kmemcg/slabinfo" "$tmp/acct/slabinfo.good"
printf 'kmalloc-64 /c 0 0 0 0 1 64 128\n' >>"$tmp/acct/kmemcg/slabinfo"
at acct
expect 1 "kmemcg: *: line *: accounted_object_bytes above object_bytes*" "accounted_object_bytes above object_bytes: an error" compare --caches
printf 'kmalloc-64 /c 0 0 0 0 1 64 0 9\n' >"$tmp/acct/kmemcg/slabinfo.x"
cat "$tmp/acct/slabinfo.good" "$tmp/acct/kmemcg/slabinfo.x" >"$tmp/acct/kmemcg/slabinfo"
expect 1 "kmemcg: *: line *: expected *" "ten fields: an error" compare --caches

# --- malformed and missing files ----------------------------------------------------------
at shadow
cp -r "$tmp/shadow" "$tmp/bad"
at bad
f=$tmp/bad/cgroupfs/a/memory.stat
for c in "garbage|line 3: expected \"key value\"" "slab |line 3: the value is not a number" \
	"slab abc|line 3: the value is not a number" "slab -5|line 3: the value is not a number" \
	"slab 1 2|line 3: the value is not a number" "slab 5|line 3: a key twice"; do
	line=${c%%|*} want=${c#*|}
	{ printf 'anon 0\nslab 1\n'; printf '%s\n' "$line"; } >"$f"
	expect 1 "kmemcg: $f: $want; not the kernel's memory.stat" "memory.stat '$line': an error naming the line" compare
done
printf 'anon 0\nslab 1' >"$f"
expect 1 "kmemcg: $f: line 2: truncated line (no newline)*" "a truncated memory.stat is an error" compare
: >"$f"
expect 1 "kmemcg: $f: empty file*" "an empty memory.stat is an error" compare
printf 'anon 0\nslab 1\n' >"$f"
expect 0 "" "a memory.stat without most keys is fine" compare -o csv
has "/a,1,,,,,,,,2097152,1056768,1056767" "... the keys it lacks empty"
rm -rf "$tmp/bad/cgroupfs"
run compare -o csv
[ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | grep -c ',,,,,,,,,')" = 4 ]
ok $? "no cgroup filesystem: every kernel figure missing, no error"

c=$tmp/bad/kmemcg/caches
cp "$c" "$c.good"
# caches.c's parser, shared with kmemcg caches
for x in "dentry 168 192 21 1 2 1 -|accounted and reclaimable must be 0 or 1" \
	"dentry 168 192 21 1 1 1|expected 8 fields: *" \
	"dentry 168 x 21 1 1 1 -|a size or count is not a number"; do
	line=${x%%|*} want=${x#*|}
	{ cat "$c.good"; printf '%s\n' "$line"; } >"$c"
	expect 1 "kmemcg: $c: line 6: $want;*" "caches '$line': an error naming the line" compare --caches
done
sed 1d "$c.good" >"$c"
expect 1 "kmemcg: $c: line 1: not the header*" "a caches file without the header is an error" compare --caches
rm "$c"
expect 1 "kmemcg: the loaded module has no caches file*update the kmemcg module" "no caches file: say so" compare --caches
expect 0 "" "... compare without --caches does not need it" compare

echo "1..$n"
[ "$failed" -eq 0 ]
