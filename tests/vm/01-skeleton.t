#!/bin/sh
# vm: LOAD=0
# vm: TIMEOUT=900
# The module skeleton (issue 2, point 7): load/unload 100 times, reading
# version each time; Slab: in /proc/meminfo ends within 1 MiB of where it
# started (each load allocates only its tables and groups, freed at
# unload; 1 MiB is far below 100 leaked loads of anything); a missing
# kernel symbol refuses the load with one clear line.
. /usr/share/kmemcg/lib.sh

slab() { awk '/^Slab:/ { print $2 * 1024 }' /proc/meminfo; }
drop_caches 3
s0=$(slab)
i=0 bad=0
while [ $i -lt 100 ]; do
	if ! insmod /root/kmemcg.ko; then bad=$((bad + 1)); break; fi
	v=$(cat "$KM/version")
	case $v in "kmemcg "*"kernel $(uname -r)"*) ;; *) bad=$((bad + 1)); diag "version: $v" ;; esac
	if ! rmmod kmemcg; then bad=$((bad + 1)); break; fi
	i=$((i + 1))
done
is "$bad" 0 "100 loads and unloads, version read each time"
t "nothing is left in debugfs after unload" test ! -e "$KM"
drop_caches 3
s1=$(slab)
diag "Slab: $s0 -> $s1 bytes"
slab_back "$s0" "$s1" 1048576 "Slab: ends at most 1 MiB above where it started"
is "$(head -n1 "$KM/version" 2>/dev/null)" "" "version is gone"

dmesg -c >/dev/null
t "a kernel without a needed symbol is refused" \
	sh -c '! insmod /root/kmemcg.ko test_require_symbol=kmemcg_no_such_symbol'
# busybox insmod may try init_module and then finit_module: one line each.
named=$(dmesg | grep -c 'kmemcg: cannot load: kernel symbol kmemcg_no_such_symbol not found$')
cmp_ok "$named" -ge 1 "a clear line names the missing symbol"
is "$(dmesg | grep -c 'kmemcg:')" "$named" "... and the module says nothing else"
t "nothing is left behind by the refusal" sh -c "! lsmod | grep -q kmemcg && test ! -e $KM"
# Private struct fields come from the kernel's BTF: a field the kernel
# lacks refuses the load, naming it (issue 4, test 6).
dmesg -c >/dev/null
t "a kernel without a needed struct field is refused" \
	sh -c '! insmod /root/kmemcg.ko test_require_field=slab.kmemcg_no_such_field'
cmp_ok "$(dmesg | grep -c 'kmemcg: cannot load: field slab.kmemcg_no_such_field not found in the kernel.s BTF')" \
	-ge 1 "a clear line names the missing field"
t "nothing is left behind by that refusal" sh -c "! lsmod | grep -q kmemcg && test ! -e $KM"
t "the module loads again after that" insmod /root/kmemcg.ko
t "version names the module and the kernel" grep -q "kernel $(uname -r)" "$KM/version"
rmmod kmemcg

done_testing
