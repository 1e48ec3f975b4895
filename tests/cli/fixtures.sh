# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Fixture trees of the module's debugfs files for the host CLI tests,
# made as the module writes them:
#   fixture DIR             a module from before granularities: no policy
#                           file, six-column top-level slabinfo, no object
#                           figures (page granularity)
#   pfixture DIR            the same figures from a module with
#                           granularities, at page: a policy file, the
#                           object keys (0), eight-column slabinfo
#   gfixture DIR GRAN [ENF] a module at granularity GRAN (page, object,
#                           shadow; under shadow limits on view ENF)
MAXL=9223372036854771712

# mkcg ROOT PATH USAGE LIMIT MAX FAILCNT [INDEPENDENT]
mkcg() {
	local d=$1/cgroup${2%/}
	mkdir -p "$d"
	echo "$3" >"$d/memory.kmem.usage_in_bytes"
	echo "$4" >"$d/memory.kmem.limit_in_bytes"
	echo "$5" >"$d/memory.kmem.max_usage_in_bytes"
	echo "$6" >"$d/memory.kmem.failcnt"
	echo "${7:-1}" >"$d/memory.kmem.independent_kmem_limit"
	printf 'own_bytes %s\nslab_pages 3\nlarge_kmalloc_bytes 0\ncharges 10\nuncharges 4\nfailures %s\nbypassed 0\nbypassed_bytes 0\nreparented_bytes 0\n' \
		"$3" "$6" >"$d/memory.kmem.stat"
	printf 'slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n' >"$d/memory.kmem.slabinfo"
	printf '%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n' \
		dentry 100 126 192 21 1 0 0 0 6 6 0 \
		kmalloc-64 50 64 64 64 1 0 0 0 1 1 0 \
		shmem_inode_cache 10 20 760 20 4 0 0 0 1 1 0 >>"$d/memory.kmem.slabinfo"
}
# fixture DIR: a module tree with /, /a, /a/b, /c
fixture() {
	local r=$1/kmemcg
	mkdir -p "$r"
	printf 'kmemcg 0.1.0\nkernel 6.12.0-test\n' >"$r/version"
	printf 'charged_bytes 3145728\ntracked_pages 900\ntracked_bytes 3686400\nunattributed_bytes 0\nuntracked_frees 0\nbeyond_table_pages 0\nstale_entries 0\nrefused 2\nbypassed 0\ngroups 4\ndead_owners 0\nowner_table_entries 900\nowner_table_bytes 65536\nmodule_bytes 70000\ninternal_alloc_failures 0\nhook_kmem_cache_alloc 1234\n' >"$r/stat"
	mkcg "$r" / 3145728 $MAXL 4194304 0
	mkcg "$r" /a 2097152 8388608 2097152 2
	mkcg "$r" /a/b 1048576 $MAXL 1048576 0
	mkcg "$r" /c 4096 67108864 8192 0 0
	printf '# name cgroup active_objs num_objs active_slabs num_slabs\ndentry / 100 126 6 6\ndentry /a 50 63 3 3\nkmalloc-64 /a/b 50 64 1 1\n' >"$r/slabinfo"
	mkdir -p "$1/params"
	echo Y >"$1/params/enforce"
	echo 0 >"$1/params/max_owners"
}

# gcg ROOT PATH USAGE LIMIT MAX FAILCNT OWN PAGES LARGE OBJB OBJS: a cgroup
# with the object figures in its memory.kmem.stat, an empty slabinfo
gcg() {
	local d=$1/cgroup${2%/}
	mkdir -p "$d"
	echo "$3" >"$d/memory.kmem.usage_in_bytes"
	echo "$4" >"$d/memory.kmem.limit_in_bytes"
	echo "$5" >"$d/memory.kmem.max_usage_in_bytes"
	echo "$6" >"$d/memory.kmem.failcnt"
	echo 1 >"$d/memory.kmem.independent_kmem_limit"
	printf 'own_bytes %s\nslab_pages %s\nlarge_kmalloc_bytes %s\ncharges 10\nuncharges 4\nfailures %s\nbypassed 0\nbypassed_bytes 0\nstuck_forced 0\nunaccounted_forced 0\nunaccounted_forced_bytes 0\nreparented_bytes 0\nobject_bytes %s\nobjects %s\nobject_charges %s\nobject_uncharges 7\n' \
		"$7" "$8" "$9" "$6" "${10}" "${11}" "${11}" >"$d/memory.kmem.stat"
	printf 'slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n' >"$d/memory.kmem.slabinfo"
}
# sline ROOT PATH NAME ACTIVE NUM OBJSIZE OBJPERSLAB PAGESPERSLAB SLABS:
# a memory.kmem.slabinfo line, as the module prints it
sline() {
	printf '%-17s %6lu %6lu %6u %4u %4d : tunables %4u %4u %4u : slabdata %6lu %6lu %6lu\n' \
		"$3" "$4" "$5" "$6" "$7" "$8" 0 0 0 "$9" "$9" 0 >>"$1/cgroup${2%/}/memory.kmem.slabinfo"
}
# pfixture DIR: fixture DIR as a module with granularities writes it at page
pfixture() {
	local r=$1/kmemcg f
	fixture "$1"
	printf 'granularity page\nshadow_enforce page\n' >"$r/policy"
	printf 'object_charged_bytes 0\nobject_bytes 0\ntracked_objects 0\nobject_slots 0\nobject_vector_bytes 0\n' >>"$r/stat"
	for f in "$r"/cgroup/memory.kmem.stat "$r"/cgroup/*/memory.kmem.stat "$r"/cgroup/*/*/memory.kmem.stat; do
		printf 'object_bytes 0\nobjects 0\nobject_charges 0\nobject_uncharges 0\n' >>"$f"
	done
	sed -i '1s/$/ objects object_bytes/; 2,$s/$/ 0 0/' "$r/slabinfo"
}
# pick VIEW PAGE-FIGURE OBJECT-FIGURE: the figure of the view
pick() {
	if [ "$1" = object ]; then echo "$3"; else echo "$2"; fi
}
# gfixture DIR GRANULARITY [SHADOW_ENFORCE]: a module tree with /, /a,
# /a/b, /c at that granularity.  Own figures (page: own_bytes; object:
# object_bytes + large_kmalloc_bytes):
#   /     1048576  524288 + 4096
#   /a    1048576  262144 + 8192
#   /a/b  1048576  786432
#   /c       4096    1024
# so the views' usage, descendants included, is
#   /     page 3149824  object 1586176
#   /a    page 2097152  object 1056768
#   /a/b  page 1048576  object  786432
#   /c    page    4096  object    1024
gfixture() {
	local r=$1/kmemcg g=$2 view=${3:-$2} p=1 o=1
	[ "$g" = object ] && p=0
	[ "$g" = page ] && o=0
	mkdir -p "$r" "$1/params"
	echo Y >"$1/params/enforce"
	echo "$g" >"$1/params/granularity"
	printf 'kmemcg 0.1.0\nkernel 7.3.0-test\n' >"$r/version"
	# another policy axis, which the CLI ignores
	{ echo "granularity $g"; [ "$g" = shadow ] && echo "shadow_enforce $view"; echo "deletion reparent"; } >"$r/policy"
	printf 'charged_bytes %s\nown_bytes_sum %s\ntracked_pages 769\ntracked_bytes 3149824\nunattributed_bytes 0\nuntracked_frees 0\nbeyond_table_pages 0\nstale_entries 0\nrefused 2\nbypassed 0\nstuck_forced 0\ngroups 4\ndead_owners 0\nowner_table_entries 769\nowner_table_bytes 65536\nmodule_bytes 70000\ninternal_alloc_failures 0\n' \
		$((3149824 * p)) $((3149824 * p)) >"$r/stat"
	printf 'object_charged_bytes %s\nobject_bytes %s\nobject_bytes_sum %s\ntracked_objects %s\nobject_unattributed_bytes 0\nobject_record_failures %s\nobject_untracked_frees %s\nstale_objects 0\nobject_slabs %s\nobject_slots %s\nobject_vector_bytes %s\nobject_pool_bytes %s\nhook_kmem_cache_alloc 1234\n' \
		$((1586176 * o)) $((1573888 * o)) $((1573888 * o)) $((18448 * o)) $((3 * o)) $((17 * o)) \
		$((400 * o)) $((24000 * o)) $((102400 * o)) $((131072 * o)) >>"$r/stat"
	gcg "$r" / "$(pick "$view" 3149824 1586176)" $MAXL 4194304 0 $((1048576 * p)) $((256 * p)) 4096 $((524288 * o)) $((4096 * o))
	gcg "$r" /a "$(pick "$view" 2097152 1056768)" 8388608 "$(pick "$view" 2097152 1056768)" 2 $((1048576 * p)) $((256 * p)) 8192 $((262144 * o)) $((2048 * o))
	gcg "$r" /a/b "$(pick "$view" 1048576 786432)" $MAXL "$(pick "$view" 1048576 786432)" 0 $((1048576 * p)) $((256 * p)) 0 $((786432 * o)) $((12288 * o))
	gcg "$r" /c "$(pick "$view" 4096 1024)" 67108864 8192 0 $((4096 * p)) $((1 * p)) 0 $((1024 * o)) $((16 * o))
	if [ "$view" = page ]; then
		sline "$r" / dentry 100 126 192 21 1 6
		sline "$r" /a dentry 50 63 192 21 1 3
		sline "$r" /a shmem_inode_cache 10 20 760 20 4 1
		sline "$r" /a/b kmalloc-64 50 64 64 64 1 1
	else	# the object view: its objects, slabs holding one of them
		sline "$r" / dentry 90 90 192 21 1 5
		sline "$r" /a dentry 40 40 192 21 1 2
		sline "$r" /a kmalloc-64 10 10 64 64 1 1
		sline "$r" /a/b kmalloc-64 60 60 64 64 1 1
		sline "$r" /c dentry 5 5 192 21 1 1
	fi
	# page columns 0 under object, object columns 0 under page; a pair
	# the granularity sees nothing of has no line
	printf '# name cgroup active_objs num_objs active_slabs num_slabs objects object_bytes\n' >"$r/slabinfo"
	printf '%s\n' 'dentry / 100 126 6 6 90 17280' 'dentry /a 50 63 3 3 40 7680' \
		'shmem_inode_cache /a 10 20 1 1 0 0' 'kmalloc-64 /a 0 0 0 0 10 640' \
		'kmalloc-64 /a/b 50 64 1 1 60 3840' 'dentry /c 0 0 0 0 5 960' |
		awk -v p=$p -v o=$o '{ $3 *= p; $4 *= p; $5 *= p; $6 *= p; $7 *= o; $8 *= o }
			$3 + $4 + $5 + $6 + $7 + $8 > 0' >>"$r/slabinfo"
}

# dfixture DIR: pfixture DIR from a module with every policy axis
# (on_delete dead), two dead groups (dead/3 was /a/old, dead/7 was
# /gone/x, whose parent is gone too), a pseudo group row of each kind in
# the top-level slabinfo, and the policy figures in stat
dfixture() {
	local r=$1/kmemcg d
	pfixture "$1"
	printf 'granularity page\nshadow_enforce page\nscope list\nscope_list dentry,kmalloc-64\non_delete dead\nhierarchy hierarchical\nover_limit fail\n' >"$r/policy"
	printf 'unaccounted_forced 3\nwould_fail 0\nreclaim_attempts 0\nreclaim_successes 0\nreclaimed_bytes 0\nreserve_charges 0\nreserve_refusals 0\nunscoped_bytes 8192\nunaccounted_bytes 0\ndead_groups 2\ndead_bytes 1052672\n' >>"$r/stat"
	printf '%s\n' 'dentry <dead:3> 40 42 2 2 0 0' 'kmalloc-64 <unscoped> 64 64 1 1 0 0' \
		'dentry <unaccounted> 0 0 0 0 0 0' 'kmalloc-64 <dead:7> 10 64 1 1 0 0' >>"$r/slabinfo"
	d=$r/dead/3
	mkdir -p "$d"
	printf 'path /a/old\nremoved_s 100\nage_s 3723\nbytes 1048576\n' >"$d/info"
	echo 1048576 >"$d/memory.kmem.usage_in_bytes"
	printf 'own_bytes 1048576\nslab_pages 256\nlarge_kmalloc_bytes 0\ncharges 300\nuncharges 44\nfailures 0\nbypassed 0\nbypassed_bytes 0\nreparented_bytes 0\n' >"$d/memory.kmem.stat"
	printf 'slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n' >"$d/memory.kmem.slabinfo"
	sline "$r" /../dead/3 dentry 40 42 192 21 1 2
	sline "$r" /../dead/3 shmem_inode_cache 10 20 760 20 4 1
	sline "$r" /../dead/3 kmalloc-64 30 64 64 64 1 1
	sline "$r" /../dead/3 kmalloc-8 3 512 8 512 1 1
	d=$r/dead/7
	mkdir -p "$d"
	printf 'path /gone/x\nremoved_s 3000\nage_s 42\nbytes 4096\n' >"$d/info"
	echo 4096 >"$d/memory.kmem.usage_in_bytes"
	printf 'own_bytes 4096\nslab_pages 1\nlarge_kmalloc_bytes 0\ncharges 1\nuncharges 0\nfailures 0\nbypassed 0\nbypassed_bytes 0\nreparented_bytes 0\n' >"$d/memory.kmem.stat"
	printf 'slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n' >"$d/memory.kmem.slabinfo"
	sline "$r" /../dead/7 kmalloc-64 10 64 64 64 1 1
	# not a dead group: ignored
	mkdir -p "$r/dead/x"
}

# cfixture DIR: pfixture DIR with the top-level caches file, lines as a
# 6.12 guest's (one of them with aliases)
cfixture() {
	local r=$1/kmemcg
	pfixture "$1"
	printf '%s\n' '# name object_size slot_size objperslab pagesperslab accounted reclaimable aliases' \
		'kmalloc-cg-64 64 64 64 1 1 0 -' \
		'pid 128 128 32 1 1 0 eventpoll_epi,tcp_bind2_bucket' \
		'dentry 192 192 21 1 0 1 -' \
		'kmemcg_test 256 264 15 1 0 0 -' >"$r/caches"
}

# mfixture DIR GRANULARITY [SHADOW_ENFORCE]: gfixture DIR GRANULARITY
# (shadow: limits on SHADOW_ENFORCE, default page) for kmemcg compare, with
#  - the module's caches file: dentry and shmem_inode_cache accounted,
#    kmalloc-64 and kmalloc-192 not (kmalloc-192 with aliases);
#  - more top-level slabinfo lines: <large-kmalloc> (3 pages, in either
#    view), kmalloc-192 in /c, ghost_cache (not in the caches file) in /a
#    and a pseudo group's line (no cgroup's);
#  - the kernel's memory.stat under DIR/cgroupfs: /, /a with every key,
#    /a/b from a kernel without "kernel", /c with none.
# kmemcg's views (gfixture): /  page 3149824 object 1586176, /a 2097152
# 1056768, /a/b 1048576 786432, /c 4096 1024.
mfixture() {
	local r=$1/kmemcg g=$2 v=$2 p=1 o=1 fs=$1/cgroupfs
	[ "$g" = object ] && p=0
	[ "$g" = page ] && o=0
	[ "$g" = shadow ] && v=${3:-page}
	gfixture "$1" "$g" "$v"
	{
		echo '# name object_size slot_size objperslab pagesperslab accounted reclaimable aliases'
		echo 'kmalloc-192 192 192 21 1 0 0 cred_jar,kmemcg_x'
		echo 'dentry 168 192 21 1 1 1 -'
		echo 'kmalloc-64 64 64 64 1 0 0 -'
		echo 'shmem_inode_cache 744 760 21 4 1 0 -'
	} >"$r/caches"
	printf '%s\n' 'kmalloc-192 /c 21 21 1 1 21 4032' 'ghost_cache /a 1 1 1 1 1 100' |
		awk -v p=$p -v o=$o '{ $3 *= p; $4 *= p; $5 *= p; $6 *= p; $7 *= o; $8 *= o }
			{ print }' >>"$r/slabinfo"
	printf '%s\n' '<large-kmalloc> /a/b 2 2 3 3 0 0' 'kmalloc-64 <unscoped> 64 64 1 1 64 4096' \
		>>"$r/slabinfo"
	mkdir -p "$fs/a/b" "$fs/c"
	mstat() { # mstat FILE SLAB_RECLAIMABLE SLAB_UNRECLAIMABLE [kernel]
		{
			printf 'anon 4096\nfile 8192\n'
			[ "${4:-}" ] && echo "kernel $4"
			printf 'kernel_stack 16384\npagetables 8192\nsec_pagetables 0\npercpu 2048\nsock 0\nvmalloc 0\nshmem 0\n'
			printf 'slab_reclaimable %s\nslab_unreclaimable %s\nslab %s\npgfault 7\n' "$2" "$3" $(($2 + $3))
		} >"$1"
	}
	mstat "$fs/memory.stat" 1000000 500000 2000000
	mstat "$fs/a/memory.stat" 800000 300000 1200000
	mstat "$fs/a/b/memory.stat" 600000 100000
}
