#!/bin/sh
# forkexec: many short tasks.
#
# Stresses what every task takes from the slab: task_struct, the kernel
# stack's vmap area, mm_struct, vm_area_struct and the maple tree nodes
# of its address space, files_struct, fs_struct, signal_struct,
# sighand_cache, cred_jar, pid, anon_vma and its chains (fork copies
# them), and exec's bprm and new mm: B background `sleep 3` held at once,
# then E fork+exec of /bin/true one after another.
#
# Frees: every task has exited (and been reaped) when it exits; a few
# objects are freed through RCU a moment later.
# Success: every /bin/true and every sleep exits 0.  About 15 s under TCG
# (B=50, E=300).
B=${B:-50}
E=${E:-300}

pids=""
i=0
while [ $i -lt "$B" ]; do
	sleep 3 &
	pids="$pids $!"
	i=$((i + 1))
done
i=0
while [ $i -lt "$E" ]; do
	/bin/true || { echo "forkexec: /bin/true failed at $i" >&2; exit 1; }
	i=$((i + 1))
done
for p in $pids; do
	wait "$p" || { echo "forkexec: sleep $p failed" >&2; exit 1; }
done
echo "forkexec: $B held tasks, $E fork+exec"
