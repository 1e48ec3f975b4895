#!/bin/sh
# The demo (make demo), run in the VM on the newest stock kernel line with
# kmemcg.ko loaded: a cgroup fills its kmem limit and is refused, shown
# through the kmemcg CLI; then one reference workload (workloads/, copied
# to /root) compared with what the kernel's own memcg charged.
. /usr/share/kmemcg/lib.sh

step() { printf '\n== %s\n' "$*"; }
run() { printf '$ %s\n' "$*"; "$@"; }

step "kmemcg on $(uname -r)"
run kmemcg status
step "a memory cgroup, /sys/fs/cgroup/demo, limited to 8M of kernel memory"
cg_create demo
run kmemcg set demo limit 8M
run kmemcg tree -b
step "a task in it creates files in a tmpfs until the kernel refuses"
n=$(cg_run demo sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/demo 1000000')
echo "created $n files, then: $(mkfiles_err /tmp/demo)"
run kmemcg tree -b demo
step "which caches its kernel memory is in"
run kmemcg slabinfo demo
step "raise the limit to 16M: the same workload goes on"
run kmemcg set demo limit 16M
n=$(cg_run demo sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/demo 1000000')
echo "now $n files, then: $(mkfiles_err /tmp/demo)"
run kmemcg tree demo
step "a limit below usage is refused"
run kmemcg set demo limit 1M
step "remove the files and the cgroup: its pages go back"
rm -rf /tmp/demo
cg_remove demo
echo 3 >/proc/sys/vm/drop_caches
run kmemcg tree
step "two refresh frames of kmemcg top"
run kmemcg top -b -n 2 -d 1

# The comparison: one reference workload, both of kmemcg's views (shadow
# granularity charges pages and objects side by side in one run), and
# what the kernel's own memcg charged the same cgroup.
step "compare: reload kmemcg with granularity=shadow (page and object views at once)"
rmmod kmemcg && run insmod /root/kmemcg.ko granularity=shadow
cg_create cmp
echo "a reference workload, workloads/negdentries.sh (20,000 negative dentries), in /sys/fs/cgroup/cmp"
cg_run cmp sh /root/workloads/negdentries.sh
step "kmemcg's page and object figures beside the kernel's memory.stat"
run kmemcg compare cmp
step "per cache: what the kernel leaves unaccounted (neither SLAB_ACCOUNT nor __GFP_ACCOUNT)"
printf '$ kmemcg compare --caches cmp   (the first 12 caches, and the total)\n'
kmemcg compare --caches cmp >/tmp/cc.txt
awk 'NR <= 13 || /^unaccounted by/' /tmp/cc.txt
echo "(make experiment runs every reference workload under several policies: README, \"Comparing policies\")"
