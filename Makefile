# SPDX-License-Identifier: GPL-2.0
# kmemcg top-level Makefile.  `make help` lists the targets.
#
# Which kernel to build the module for:
#   make                      the running kernel (KERNELRELEASE=, KDIR= override)
#   make KERNEL=6.1|6.12      a cached stock Debian kernel (make kernels fetches)
# Builds go to build/<kernel>/ so several kernels can be built side by side.

TOP := $(CURDIR)
KERNELS := 6.1 6.12
BUILD := $(TOP)/build

ifneq ($(KERNEL),)
  KENV := $(TOP)/.cache/kernels/$(KERNEL)/env
  # The env file is KEY=VALUE lines written by scripts/fetch-kernels.sh.
  ifneq ($(wildcard $(KENV)),)
    include $(KENV)
  endif
  KDIR_USE := $(KDIR)
  KOUT := $(BUILD)/$(KERNEL)
else
  KERNELRELEASE ?= $(shell uname -r)
  KDIR ?= /lib/modules/$(KERNELRELEASE)/build
  KDIR_USE := $(KDIR)
  KOUT := $(BUILD)/host-$(KERNELRELEASE)
endif

MODULE_SRCS := Kbuild $(shell find module include lib -name '*.[ch]' -o -name '*.mk' 2>/dev/null)

.PHONY: all module deps kernels lint check check-unit check-vm demo vm-run \
	vm-shell install dkms-install userspace clean help

all: module

help:
	@echo "make                 build kmemcg.ko for the running kernel (KDIR=, KERNELRELEASE=)"
	@echo "make KERNEL=6.1|6.12 build it for a cached stock Debian kernel"
	@echo "make deps            install the Debian packages the project needs (root)"
	@echo "make kernels         fetch/refresh the stock 6.1 and 6.12 kernels into .cache/"
	@echo "make demo            main job: boot stock 6.12 with the module, run the demo"
	@echo "make check           all tests: host unit tests, then VM tests on 6.1 and 6.12"
	@echo "make lint            checkpatch --strict and sparse on module code"
	@echo "make vm-run KERNEL=.. SCRIPT=path [LOAD=0] [MODPARAMS=..] [FILES=..]"
	@echo "make vm-shell KERNEL=.."
	@echo "make install         build and install for the running kernel"

deps:
	@$(TOP)/scripts/install-deps.sh

kernels: deps
	@$(TOP)/scripts/fetch-kernels.sh $(KERNELS)

# Kbuild cannot put an external module's objects outside its source tree
# before 6.13, so each kernel gets a tree of symlinks to the sources.
module: $(KOUT)/kmemcg.ko

$(KOUT)/kmemcg.ko: $(MODULE_SRCS)
	@test -n "$(KDIR_USE)" -a -d "$(KDIR_USE)" || \
		{ echo "no kernel build tree at '$(KDIR_USE)' (make kernels, or KDIR=)"; exit 1; }
	@mkdir -p $(KOUT)
	@cp -rsf $(TOP)/Kbuild $(TOP)/module $(TOP)/include $(KOUT)/
	@if [ -d $(TOP)/lib ]; then cp -rsf $(TOP)/lib $(KOUT)/; fi
	$(MAKE) -C $(KDIR_USE) M=$(KOUT) modules

install: module
	$(MAKE) -C $(KDIR_USE) M=$(KOUT) modules_install
	depmod -a $(KERNELRELEASE)

clean:
	rm -rf $(BUILD)
