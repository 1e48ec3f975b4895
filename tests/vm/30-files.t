#!/bin/sh
# Semantics of the memory.kmem.* files (issue 3, scenario 5), case by case.
. /usr/share/kmemcg/lib.sh
L=memory.kmem.limit_in_bytes
MAXPAGE=9223372036854771712	# the largest page multiple, as cgroup v1 shows

cg_create f			# no task: usage 0, so any limit is accepted
is "$(km f $L)" $MAXPAGE "a new cgroup's limit reads as unlimited"

# write VALUE WANT: the value reads back as WANT
limit_is() {
	is "$(km_write f $L "$1")" "" "limit '$1' accepted"
	is "$(km f $L)" "$2" "limit '$1' reads back as $2"
}
limit_is 4095 0
limit_is 4097 4096
limit_is 1 0
limit_is 8k 8192
limit_is 8K 8192
limit_is 3m 3145728
limit_is 1G 1073741824
limit_is 2t 2199023255552
limit_is -1 $MAXPAGE
limit_is 12288 12288
limit_is max $MAXPAGE

km_write f $L 1M >/dev/null
for bad in 1.0 1xx xx -5 '' 4KB k 123456789012345678901234567890 18446744073709551616 16777216T ' 5'; do
	e=$(km_write f $L "$bad")
	case $e in *"Invalid argument"*) r=0 ;; *) r=1 ;; esac
	ok $r "limit '$bad' is rejected with EINVAL"
	is "$(km f $L)" 1048576 "... and the limit is unchanged"
done

e=$(km_write / $L 1M)
case $e in *"Invalid argument"*) r=0 ;; *) r=1 ;; esac
ok $r "the root's limit cannot be set (EINVAL)"

# A limit below current usage: EBUSY, nothing changes.
cg_create b
cg_run b sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/b 2000' >/dev/null
u=$(usage b)
cmp_ok "$u" -gt 8192 "a working cgroup has usage ($u)"
e=$(km_write b $L 4096)
case $e in *"Device or resource busy"*) r=0 ;; *) r=1 ;; esac
ok $r "a limit below usage is refused with EBUSY"
is "$(km b $L)" $MAXPAGE "... and the limit is unchanged"

# max_usage: any write resets it to the current usage.  The files' slab
# objects are freed by RCU callbacks after drop_caches, so b's usage keeps
# falling while this runs (and nothing charges b): the reset value lies
# between the usage read before the write and the one read after it.
peak=$(km b memory.kmem.max_usage_in_bytes)
cmp_ok "$peak" -ge "$u" "max usage >= usage"
rm -rf /tmp/b
drop_caches 2
before=$(usage b)
is "$(km_write b memory.kmem.max_usage_in_bytes 0)" "" "writing max_usage is accepted"
m=$(km b memory.kmem.max_usage_in_bytes)
after=$(usage b)
cmp_ok "$m" -lt "$peak" "... and resets the high watermark ($peak -> $m)"
cmp_ok "$m" -le "$before" "... to no more than the usage before the write ($before)"
cmp_ok "$m" -ge "$after" "... and no less than the usage after it ($after)"

# failcnt: any write resets it to 0.
is "$(km_write b $L "$(($(usage b) + 65536))")" "" "a limit 64 KiB above usage"
n=$(cg_run b sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/b 100000')
diag "$n files, then: $(mkfiles_err /tmp/b)"
cmp_ok "$(km b memory.kmem.failcnt)" -gt 0 "failcnt counts refusals"
km_write b memory.kmem.failcnt 0 >/dev/null
is "$(km b memory.kmem.failcnt)" 0 "writing failcnt resets it to 0"
rm -rf /tmp/b

# independent_kmem_limit: default 1; 0 removes the kmem limit and refuses
# limit writes (31-independent.t shows memory.max bounding kmem); 1
# restores.
I=memory.kmem.independent_kmem_limit
is "$(km f $I)" 1 "independent_kmem_limit defaults to 1"
is "$(km_write f $I 0)" "" "independent_kmem_limit 0 accepted"
is "$(km f $I)" 0 "... reads back 0"
is "$(km f $L)" $MAXPAGE "... and the kmem limit is removed"
e=$(km_write f $L 1M)
case $e in *"Invalid argument"*) r=0 ;; *) r=1 ;; esac
ok $r "limit writes fail with EINVAL while it is 0"
for bad in 2 x ''; do
	e=$(km_write f $I "$bad")
	case $e in *"Invalid argument"*) r=0 ;; *) r=1 ;; esac
	ok $r "independent_kmem_limit '$bad' is rejected with EINVAL"
done
is "$(km_write f $I 1)" "" "independent_kmem_limit 1 accepted"
is "$(km_write f $L 2M)" "" "... and limit writes work again"
e=$(km_write / $I 0)
case $e in *"Invalid argument"*) r=0 ;; *) r=1 ;; esac
ok $r "the root's independent_kmem_limit cannot change (EINVAL)"

for ro in memory.kmem.usage_in_bytes memory.kmem.stat; do
	e=$(km_write f $ro 1)
	case $e in *"Invalid argument"*) r=0 ;; *) r=1 ;; esac
	ok $r "$ro is read-only (EINVAL)"
done

done_testing
