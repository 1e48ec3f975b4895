#!/bin/sh
# IBT safety in the running kernel (issue 8, point 3).  The calls file
# lists every kernel function the module calls by name: each must be
# called through a static call that the kernel has set to that function
# (a direct call), and the first instruction of each is printed, so a
# reader sees which would fault if called through a pointer on a host
# with indirect branch tracking (anything but endbr64).  QEMU's TCG does
# not enforce IBT, so the fault itself cannot be shown here; the static
# proof is tests/static/ibt.t.
. /usr/share/kmemcg/lib.sh

f=$KM/calls
t "the calls file exists" test -r "$f"
is "$(head -n1 "$f")" "# function call entry" "it starts with its header"
ibt=no
grep -qw __ibt_endbr_seal /proc/kallsyms && ibt=yes
diag "kernel built with IBT (CONFIG_X86_KERNEL_IBT): $ibt"
sed '1d' "$f" | while read -r fn call entry; do diag "$fn: $call, first instruction $entry"; done

for fn in kallsyms_lookup_name allocate_slab __free_slab mem_cgroup_css_online mem_cgroup_css_offline; do
	is "$(awk -v f="$fn" '$1 == f { print $2 }' "$f")" direct "$fn is called directly"
done
large=$(awk '$1 ~ /kmalloc_large_node$/ { print $2 }' "$f")
is "$large" direct "the large-kmalloc allocator is called directly"
is "$(sed '1d' "$f" | awk '$2 != "direct"' | wc -l)" 0 "every function called by name is called directly"
is "$(sed '1d' "$f" | awk '$3 !~ /^(endbr64|sealed|none)$/' | wc -l)" 0 \
	"every function's first instruction could be read"
if [ "$ibt" = yes ]; then
	# Facts of the IBT kernel, shown for the reader: the targets that a
	# call through a pointer would fault on.
	n=$(sed '1d' "$f" | awk '$3 != "endbr64"' | wc -l)
	diag "$n of $(sed '1d' "$f" | wc -l) functions have no usable ENDBR64: a pointer call would fault"
	# Debian's stock build seals it (objtool --ibt-seal: nothing takes its
	# address); the debug kernel's build leaves it unsealed (its config
	# takes the address somewhere), which changes nothing for a direct call.
	k=$(awk '$1 == "kallsyms_lookup_name" { print $3 }' "$f")
	if debug_kernel; then
		diag "kallsyms_lookup_name's first instruction on the debug kernel: $k"
	else
		is "$k" sealed "kallsyms_lookup_name's ENDBR64 is sealed at boot (why it is never called through a pointer)"
	fi
fi

# The module works through those calls: a slab page is charged and freed.
cg_create ibt
cg_run ibt sh -c '. /usr/share/kmemcg/lib.sh; negdentries 2000'
cmp_ok "$(usage ibt)" -gt 0 "a cgroup's slab pages are charged through the direct calls"
cmp_ok "$(km_stat hook_allocate_slab)" -gt 0 "allocate_slab's wrapper ran and called the original"
cg_remove ibt
t "unload works" rmmod kmemcg
t "load works again" insmod /root/kmemcg.ko

done_testing
