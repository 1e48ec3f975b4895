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

# Object entry points (hooks/object_hooks.c).  Each probe names what the
# line it first appeared on changed (checked against Debian's 6.1, 6.12
# and 7.3 trees).
# 6.10 (memory allocation profiling) renamed them *_noprof, and kmalloc()
# no longer goes through __kmem_cache_alloc_node() but through
# __kmalloc_cache_noprof() and friends.
ccflags-y += $(call kmemcg_probe,include/linux/slab.h,__kmalloc_cache_noprof,HAVE_KMALLOC_CACHE_NOPROF)
# 7.x: kmem_cache_alloc_bulk() returns bool (all or nothing), not a count.
ccflags-y += $(call kmemcg_probe,include/linux/slab.h,bool kmem_cache_alloc_bulk_noprof,HAVE_ALLOC_BULK_BOOL)
# 7.x: prefilled sheaves hand out objects without kmem_cache_alloc().
ccflags-y += $(call kmemcg_probe,include/linux/slab.h,kmem_cache_alloc_from_sheaf_noprof,HAVE_SLAB_SHEAF)
# 7.x: kmalloc partitioning may add a token argument (when configured);
# DECL_TOKEN_PARAMS/DECL_KMALLOC_PARAMS declare it either way.
ccflags-y += $(call kmemcg_probe,include/linux/slab.h,define DECL_KMALLOC_PARAMS,HAVE_KMALLOC_TOKEN)
# 7.x: kvmalloc lives in mm/slub.c and takes an align argument; it reaches
# the slab through an inlined function, past every hooked entry point
# (before, mm/util.c called __kmalloc_node_noprof()).
ccflags-y += $(call kmemcg_probe,include/linux/slab.h,__kvmalloc_node_noprof.*unsigned long align,HAVE_KVMALLOC_ALIGN)
# 6.3 renamed memcg_kmem_enabled() (memcg_kmem_enabled_key) to
# memcg_kmem_online() (memcg_kmem_online_key).
ccflags-y += $(call kmemcg_probe,include/linux/memcontrol.h,bool memcg_kmem_online,HAVE_MEMCG_KMEM_ONLINE)
# try_to_free_mem_cgroup_pages() (accounting/reclaim.c): 6.9 added an
# int *swappiness argument (commit 68cd9050d871, memory.reclaim's
# swappiness=); 7.x declares it in mm/internal.h, which the headers
# package does not ship, with that same prototype.  BTF checks the
# argument count at load.
ccflags-y += $(call kmemcg_probe,include/linux/swap.h,int .swappiness.;,HAVE_RECLAIM_SWAPPINESS)
ccflags-y += $(call kmemcg_probe,include/linux/swap.h,try_to_free_mem_cgroup_pages,HAVE_RECLAIM_IN_SWAP_H)
