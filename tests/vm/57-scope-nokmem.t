#!/bin/sh
# vm: CMDLINE=cgroup.memory=nokmem
# vm: MODPARAMS=scope=kernel
# Scope kernel (issue 12) on a kernel that accounts no kernel memory
# (cgroup.memory=nokmem): "what the kernel accounts" is then nothing, so
# even a SLAB_ACCOUNT cache's pages are out of scope.
. /usr/share/kmemcg/lib.sh
CTL=/sys/kernel/debug/kmemcg_test/ctl
N=2000
U="<unscoped>"
pobjs() { awk -v c="$1" -v g="$2" '$1 == c && $2 == g { print $4; n = 1 }
	END { if (!n) print 0 }' "$KM/slabinfo"; }

is "$(awk '$1 == "scope" { print $2 }' "$KM/policy")" kernel "scope kernel"
insmod /root/ko/kmemcg_test_alloc.ko
cg_create s1
cg_run s1 sh -c 'echo "acct_alloc $1" >"$0"' "$CTL" $N
ok $? "$N objects of kmemcg_test_acct (SLAB_ACCOUNT) allocated in s1"
diag "$(grep -w kmemcg_test_acct "$KM/slabinfo" | tr '\n' ';')"
is "$(pobjs kmemcg_test_acct /s1)" 0 "nokmem: no page of the SLAB_ACCOUNT cache is s1's"
cmp_ok "$(pobjs kmemcg_test_acct "$U")" -ge $N "nokmem: ... they are unscoped"
echo free >"$CTL"
rmmod kmemcg_test_alloc
cg_remove s1
done_testing
