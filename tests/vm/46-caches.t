#!/bin/sh
# vm: TIMEOUT=900
# The top-level caches file (issue 13, first point): one line per cache on
# the kernel's slab_caches list, checked against what SLUB itself shows.
#  - /proc/slabinfo lists the same caches (mm/slab_common.c slab_show()
#    walks slab_caches too), with the same slot size, objects and pages
#    per slab.
#  - /sys/kernel/slab/<name> (mm/slub.c sysfs_slab_add()): a directory for
#    an unmergeable cache, else a link to its unique id ":<flags>-<size>"
#    (create_unique_id(): 'A' for SLAB_ACCOUNT, 'a' for
#    SLAB_RECLAIM_ACCOUNT, then s->size); its object_size, slab_size,
#    objs_per_slab, order and reclaim_account attributes.
#  - The links of /sys/kernel/slab (sysfs_slab_alias()) are exactly the
#    caches' own names and their aliases, each to its cache's directory.
# The helper modules give a cache without SLAB_ACCOUNT (kmemcg_test), one
# with it (kmemcg_test_acct), both unmergeable, and two mergeable
# SLAB_ACCOUNT caches of one size (kmemcg_test_merge_a, _b) SLUB merges.
. /usr/share/kmemcg/lib.sh
F=$KM/caches
S=/sys/kernel/slab
HEADER="# name object_size slot_size objperslab pagesperslab accounted reclaimable aliases"

insmod /root/ko/kmemcg_test_alloc.ko
insmod /root/ko/kmemcg_test_merge.ko
cat "$F" >/tmp/caches
tail -c +301 /tmp/caches >/tmp/caches.tail
cat /proc/slabinfo >/tmp/slabinfo
tail -n +2 /tmp/caches >/tmp/body
n=$(wc -l </tmp/body)
ncache=$(($(wc -l </tmp/slabinfo) - 2))
diag "caches: $n lines, /proc/slabinfo: $ncache caches"

is "$(head -n 1 /tmp/caches)" "$HEADER" "the file starts with its header"
is "$n" "$ncache" "one line per cache: as many as /proc/slabinfo has"
is "$(awk 'NF != 8' /tmp/body)" "" "every line has the eight columns"
awk '{ print $1, $3, $4, $5 }' /tmp/body | sort >/tmp/a
awk 'NR > 2 { print $1, $4, $5, $6 }' /tmp/slabinfo | sort >/tmp/b
t "names, slot sizes, objects and pages per slab are /proc/slabinfo's" cmp /tmp/a /tmp/b
is "$(awk '$2 > $3 || $2 == 0 || ($6 != 0 && $6 != 1) || ($7 != 0 && $7 != 1)' /tmp/body)" "" \
	"0 < object_size <= slot_size, accounted and reclaimable 0 or 1"

line() { awk -v c="$1" '$1 == c' /tmp/body; }
is "$(line kmemcg_test | cut -d' ' -f 2,6,7,8)" "256 0 0 -" \
	"kmemcg_test: 256-byte objects, not accounted, not reclaimable, no alias"
is "$(line kmemcg_test_acct | cut -d' ' -f 2,6,7,8)" "256 1 0 -" \
	"kmemcg_test_acct: 256-byte objects, accounted (SLAB_ACCOUNT), no alias"
t "reading it in 100-byte chunks gives the same text" \
	sh -c "dd if=$F bs=100 2>/dev/null | cmp - /tmp/caches"
# A seek before the first read renders the lines it skips: the aliases
# must be listed by then too (not "?").
t "a seek before the first read gives the same text from there" \
	sh -c "dd if=$F bs=100 skip=3 2>/dev/null | cmp - /tmp/caches.tail"

# Per cache, against sysfs: its attributes, and its unique id's flags and
# size when its name is a link to one.  A name two caches share leaves
# its link to the later one: those are left out.
awk '{ print $1 }' /tmp/body | sort | uniq -d >/tmp/dups
diag "names on more than one line: $(tr '\n' ' ' </tmp/dups)"
: >/tmp/bad
nid=0 nA=0 na=0 nacc=0 nrec=0 nlink=0
while read -r name os ss opp pps acc rec al; do
	[ "$acc" = 1 ] && nacc=$((nacc + 1))
	[ "$rec" = 1 ] && nrec=$((nrec + 1))
	grep -qxF "$name" /tmp/dups && continue
	p=$S/$name
	if [ ! -d "$p" ]; then
		echo "$name: no directory $p" >>/tmp/bad
		continue
	fi
	got="$(cat "$p/object_size") $(cat "$p/slab_size") $(cat "$p/objs_per_slab")"
	got="$got $((1 << $(cat "$p/order"))) $(cat "$p/reclaim_account")"
	[ "$got" = "$os $ss $opp $pps $rec" ] ||
		echo "$name: sysfs says $got, the file $os $ss $opp $pps $rec" >>/tmp/bad
	[ -L "$p" ] || continue
	nlink=$((nlink + 1))
	id=$(basename "$(readlink "$p")")
	case $id in
	:*-*) flags=${id%%-*} ;;
	:*) flags= ;;
	*) continue ;;
	esac
	A=0 a=0
	case $flags in *A*) A=1 nA=$((nA + 1)) ;; esac
	case $flags in *a*) a=1 na=$((na + 1)) ;; esac
	size=$(echo "${id##*[-:]}" | sed 's/^0*//')
	nid=$((nid + 1))
	[ "$A $a $size" = "$acc $rec $ss" ] ||
		echo "$name: id $id, the file accounted $acc reclaimable $rec slot_size $ss" >>/tmp/bad
done </tmp/body
diag "accounted $nacc, reclaimable $nrec; links $nlink, of which ids $nid ($nA with A, $na with a)"
is "$(cat /tmp/bad)" "" "every cache's figures match its sysfs attributes and unique id"
# The debug kernel merges no cache: KASAN's flag is in SLAB_NEVER_MERGE
# (mm/slab_common.c, kasan_never_merge()), and a cache that can never be
# merged gets its own name in sysfs, no unique id and no link
# (mm/slub.c sysfs_slab_add()).  There the file must show exactly that.
merging=1
! debug_kernel || merging=0
if [ $merging = 1 ]; then
	cmp_ok "$nA" -ge 1 "some cache's id has A: accounted was checked against it"
else
	is "$nlink" 0 "the debug kernel merges no cache: no name is a link"
fi
cmp_ok "$nacc" -gt 2 "accounted caches: the kernel's (kmalloc-cg-*) and the helpers'"
cmp_ok "$nrec" -ge 1 "reclaimable caches (dentry, inode caches)"

# The links of /sys/kernel/slab, "target name", against the file's own
# names and aliases, "directory name": the same set.  Links to nothing
# (a cache destroyed, its aliases' links left) resolve to no cache.
: >/tmp/links
for l in "$S"/*; do
	if [ -L "$l" ] && [ -e "$l" ]; then
		echo "$(basename "$(readlink "$l")") $(basename "$l")" >>/tmp/links
	fi
done
sort -o /tmp/links /tmp/links
: >/tmp/named
while read -r name os ss opp pps acc rec al; do
	grep -qxF "$name" /tmp/dups && continue
	dir=$name
	if [ -L "$S/$name" ]; then
		dir=$(basename "$(readlink "$S/$name")")
		echo "$dir $name" >>/tmp/named
	fi
	[ "$al" = - ] && continue
	echo "$al" | tr ',' '\n' | while read -r a; do echo "$dir $a"; done >>/tmp/named
done </tmp/body
sort -o /tmp/named /tmp/named
naliases=$(awk '$8 != "-" { n += split($8, a, ",") } END { print n + 0 }' /tmp/body)
diag "links: $(wc -l </tmp/links), aliases listed: $naliases"
t "every alias is a link to its cache's directory, every link a name or alias" \
	diff /tmp/named /tmp/links
if [ $merging = 1 ]; then
	cmp_ok "$naliases" -ge 1 "the file lists aliases"
else
	is "$naliases" 0 "the file lists no alias where no cache is merged"
fi

# The helper's two mergeable caches: one cache holds both names (a line
# each, both accounted, where no cache is merged).
m=$(awk '{ n = split($8, a, ","); for (i = 1; i <= n; i++)
	if (a[i] == "kmemcg_test_merge_b") print }' /tmp/body)
diag "kmemcg_test_merge_b: $m"
if [ $merging = 1 ]; then
	t "kmemcg_test_merge_b is an alias of one accounted cache" \
		sh -c "[ \$(echo '$m' | grep -c .) = 1 ] && echo '$m' | awk '\$6 != 1 { exit 1 }'"
	t "kmemcg_test_merge_a is that cache or another alias of it" \
		sh -c "echo '$m' | awk '\$1 == \"kmemcg_test_merge_a\" || \$8 ~ /(^|,)kmemcg_test_merge_a(,|\$)/' | grep -q ."
else
	is "$(awk '($1 == "kmemcg_test_merge_a" || $1 == "kmemcg_test_merge_b") && $6 == 1 && $8 == "-"' /tmp/body | wc -l)" 2 \
		"kmemcg_test_merge_a and _b are two accounted caches without aliases"
fi

# The CLI on the real file: as many accounted caches as the file has.
is "$(kmemcg caches --accounted -o csv | tail -n +2 | wc -l)" "$nacc" \
	"kmemcg caches --accounted lists the accounted caches"

# No /sys/kernel/slab in the reader's mount namespace: aliases "?", the
# rest unchanged.
unshare -m sh -c "mount --make-rprivate / && mount -t tmpfs none /sys/kernel &&
	mkdir /sys/kernel/debug && mount -t debugfs none /sys/kernel/debug &&
	cat $F" >/tmp/nosys
awk 'NR > 1 { $8 = "?" } 1' /tmp/caches >/tmp/want
t "without /sys/kernel/slab every line's aliases are ?" cmp /tmp/nosys /tmp/want

rmmod kmemcg_test_merge
rmmod kmemcg_test_alloc
is "$(awk '$1 ~ /^kmemcg_test/' "$F")" "" "the helpers' caches are gone with them"
done_testing
