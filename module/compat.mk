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
