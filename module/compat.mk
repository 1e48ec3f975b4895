# SPDX-License-Identifier: GPL-2.0
# Kernel feature probes, included by Kbuild.  Each probe looks for an API in
# the headers of the kernel being built against and defines HAVE_<feature>,
# which only module/compat.h tests.  Probing features rather than version
# numbers keeps distribution backports working.
#
# kmemcg_probe(header, extended regex, macro)
kmemcg_probe = $(shell grep -qsE '$(2)' $(srctree)/$(1) && echo -D$(3))

# 6.2 renamed ftrace_instruction_pointer_set() (commit 94d095ffa0e1)
ccflags-y += $(call kmemcg_probe,include/linux/ftrace.h,define ftrace_regs_set_instruction_pointer,HAVE_FTRACE_REGS_SET_INSTRUCTION_POINTER)

# 6.18 added kmalloc_nolock() (commit af92793e52c3), which lets SLUB
# allocate and free slab pages without spinning, in any context, NMI
# included: allocate_slab() gained an alloc_flags argument and __free_slab()
# an allow_spin one.  The hooks check the real prototypes in the running
# kernel's BTF at load (layout.c) as well.
ccflags-y += $(call kmemcg_probe,include/linux/slab.h,void kfree_nolock,HAVE_KMALLOC_NOLOCK)

# 6.15 made kernfs_node.name RCU-protected (commit 741c10b096bc, "kernfs:
# Use RCU to access kernfs_node::name").
ccflags-y += $(call kmemcg_probe,include/linux/kernfs.h,__rcu .name;,HAVE_KERNFS_RCU_NAME)
