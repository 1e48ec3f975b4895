#!/bin/sh
# The demo (make demo), run in the VM on the stock 6.12 kernel with
# kmemcg.ko loaded: a cgroup fills its kmem limit and is refused.
. /usr/share/kmemcg/lib.sh

show() {	# show CGROUP: the figures a user looks at first
	printf '  %-34s %s\n' "usage_in_bytes" "$(usage "$1")" \
		"limit_in_bytes" "$(km "$1" memory.kmem.limit_in_bytes)" \
		"max_usage_in_bytes" "$(km "$1" memory.kmem.max_usage_in_bytes)" \
		"failcnt" "$(km "$1" memory.kmem.failcnt)"
}

echo "== kmemcg on $(uname -r)"
cat "$KM/version"
echo
echo "== a memory cgroup, /sys/fs/cgroup/demo, and its kmemcg directory"
cg_create demo
ls "$KM/cgroup/demo"
echo
echo "== limit its kernel memory to 8M"
echo 8M >"$KM/cgroup/demo/memory.kmem.limit_in_bytes"
show demo
echo
echo "== a task in it creates files in a tmpfs until the kernel refuses"
n=$(cg_run demo sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/demo 1000000')
echo "  created $n files, then: $(mkfiles_err /tmp/demo)"
show demo
echo
echo "== where the bytes went (memory.kmem.stat)"
sed 's/^/  /' "$KM/cgroup/demo/memory.kmem.stat"
echo
echo "== raise the limit to 16M: the same workload goes on"
echo 16M >"$KM/cgroup/demo/memory.kmem.limit_in_bytes"
n=$(cg_run demo sh -c '. /usr/share/kmemcg/lib.sh; mkfiles /tmp/demo 1000000')
echo "  now $n files, then: $(mkfiles_err /tmp/demo)"
show demo
echo
echo "== remove the files and the cgroup: its pages go back"
rm -rf /tmp/demo
rmdir "$CG/demo"
echo 3 >/proc/sys/vm/drop_caches
echo "  root usage_in_bytes $(usage /)"
echo
echo "== global figures ($KM/stat)"
sed 's/^/  /' "$KM/stat"
