# SPDX-License-Identifier: GPL-2.0
# kmemcg top-level Makefile.  `make help` lists the targets.
#
# Which kernel to build the module for:
#   make                      the running kernel (KERNELRELEASE=, KDIR= override)
#   make KERNEL=6.1|6.12|7.3 a cached stock Debian kernel (make kernels fetches):
#                             6.1 is Debian 12's, 6.12 Debian 13's, 7.3 the
#                             newest line (trixie-backports)
#   make KERNEL=6.12-debug    the debug kernel (make debug-kernel builds it):
#                             6.12 with KASAN, lockdep, kmemleak, DEBUG_OBJECTS
# Builds go to build/<kernel>/ so several kernels can be built side by side.
# Debian 13's kernels are built in a Debian 13 root with their own gcc-14
# and pahole (scripts/build-root.sh), transparently.

TOP := $(CURDIR)
KERNELS := 6.1 6.12 7.3
NEWEST := 7.3
BUILD := $(TOP)/build

ifneq ($(KERNEL),)
  KENV := $(TOP)/.cache/kernels/$(KERNEL)/env
  # The env file is KEY=VALUE lines written by scripts/fetch-kernels.sh.
  ifneq ($(wildcard $(KENV)),)
    include $(KENV)
  endif
  KDIR_USE := $(KDIR)
  KOUT := $(BUILD)/$(KERNEL)
  # Run the kernel's build tools in the root it was built in, if any.
  KRUN := $(if $(KROOT),$(TOP)/scripts/build-root.sh $(KROOT))
else
  KERNELRELEASE ?= $(shell uname -r)
  KDIR ?= /lib/modules/$(KERNELRELEASE)/build
  KDIR_USE := $(KDIR)
  KOUT := $(BUILD)/host-$(KERNELRELEASE)
endif

MODULE_SRCS := Kbuild $(shell find module include lib -name '*.[ch]' -o -name '*.mk' 2>/dev/null)

.PHONY: all module deps kernels lint check check-build check-unit check-vm check-long \
	demo vm-run vm-shell guest-bin experiment bench install dkms-install clean help \
	debug-kernel check-debug

all: module

help:
	@echo "make                 build kmemcg.ko for the running kernel (KDIR=, KERNELRELEASE=)"
	@echo "make KERNEL=6.1|6.12|7.3  build it for a cached stock Debian kernel"
	@echo "make deps            install the Debian packages the project needs (root)"
	@echo "make kernels         fetch/refresh the stock kernels ($(KERNELS)) into .cache/"
	@echo "make debug-kernel    build KERNEL=6.12-debug (KASAN, lockdep, kmemleak; hours on 2 cores, cached)"
	@echo "make demo            main job: boot stock $(NEWEST) with the module, run the demo"
	@echo "make check           all tests: host unit tests, then VM tests on $(KERNELS)"
	@echo "make lint            checkpatch --strict, kernel-doc, sparse; shellcheck on scripts"
	@echo "make vm-run KERNEL=.. SCRIPT=path [LOAD=0] [MODPARAMS=..] [FILES=..]"
	@echo "make vm-shell KERNEL=.."
	@echo "make experiment [SCRIPT=w.sh] [POLICIES=\"page object ...\"] [KERNEL=..] [OUT=dir]"
	@echo "                     compare policies on a workload (default: all of workloads/)"
	@echo "make bench [KERNEL=..] [POLICIES=\"page object shadow\"] [OUT=dir]"
	@echo "                     what each policy costs: ratios, memory, scale (README Performance)"
	@echo "make install         build and install for the running kernel"
	@echo "make dkms-install    register with DKMS and install for the running kernel"
	@echo "make check-vm KERNEL=.. [T=tests/vm/x.t]  VM tests on one kernel (6.12-debug too)"
	@echo "make check-unit      host unit tests only"
	@echo "make check-long [KERNEL=..] [VM_ENV=\"SOAK_SECONDS=120 CYCLES=50\"] [VM_TIMEOUT=s] [FUZZ=0]"
	@echo "                     hours: tests/long/*.t (soak, load cycles) on $(KERNELS), host fuzzing"
	@echo "make check-debug     the debug kernel: its harness test, the VM suite, then check-long on it (DEBUG_LONG_ENV=)"

deps:
	@$(TOP)/scripts/install-deps.sh

kernels: deps
	@$(TOP)/scripts/fetch-kernels.sh $(KERNELS)

# The debug kernel, KERNEL=6.12-debug (scripts/debug-kernel.sh; cached).
debug-kernel: deps
	@$(TOP)/scripts/debug-kernel.sh

# Kbuild cannot put an external module's objects outside its source tree
# before 6.13, so each kernel gets a tree of symlinks to the sources.
module: $(KOUT)/kmemcg.ko

$(KOUT)/kmemcg.ko: $(MODULE_SRCS)
	@test -n "$(KDIR_USE)" -a -d "$(KDIR_USE)" || \
		{ echo "no kernel build tree at '$(KDIR_USE)' (make kernels, or KDIR=)"; exit 1; }
	@echo "kmemcg: building for $(if $(KREL),$(KREL) ($(KDEBVER)),$(KERNELRELEASE))$(if $(KROOT), in the $(KROOT) build root)"
	@mkdir -p $(KOUT)
	@cp -rsf $(TOP)/Kbuild $(TOP)/module $(TOP)/include $(KOUT)/
	@if [ -d $(TOP)/lib ]; then cp -rsf $(TOP)/lib $(KOUT)/; fi
	$(KRUN) $(MAKE) -C $(KDIR_USE) M=$(KOUT) modules

# --- guest binaries: static, put in the VM's /usr/bin by scripts/vm ---------
GUEST_BIN := $(BUILD)/guest/bin
GUEST_PROGS := $(GUEST_BIN)/kmemcg-test-priv $(GUEST_BIN)/kmemcg-wl $(GUEST_BIN)/kmemcg-bench \
	$(GUEST_BIN)/kmemcg-fuzz

$(GUEST_BIN)/kmemcg-test-priv: tests/vm/bin/kmemcg-test-priv.c
	@mkdir -p $(GUEST_BIN)
	$(CC) -static -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -o $@ $<

# Fuzzing of the module's files (tests/vm/75-fuzz.t): the model's sizes
# and policy lines go through lib/, as the module's do.
FUZZ_GUEST_SRCS := $(wildcard tests/vm/bin/kmemcg-fuzz*.c) lib/size.c lib/policy.c lib/policy_names.c
$(GUEST_BIN)/kmemcg-fuzz: $(FUZZ_GUEST_SRCS) tests/vm/bin/kmemcg-fuzz.h $(wildcard include/kmemcg/*.h)
	@mkdir -p $(GUEST_BIN)
	$(CC) -static -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -Wno-format-truncation -Iinclude -Itests/unit -pthread \
		-o $@ $(FUZZ_GUEST_SRCS)

# The reference workloads' helper (workloads/README.md).
$(GUEST_BIN)/kmemcg-wl: workloads/bin/kmemcg-wl.c
	@mkdir -p $(GUEST_BIN)
	$(CC) -static -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -o $@ $<

# The benchmark's workloads (make bench, README "Performance").
$(GUEST_BIN)/kmemcg-bench: bench/kmemcg-bench.c
	@mkdir -p $(GUEST_BIN)
	$(CC) -static -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -o $@ $<

# OUT= is explicit: make experiment's OUT= would otherwise reach userspace/.
guest-bin: $(GUEST_PROGS)
	@$(MAKE) -s -C userspace OUT=$(BUILD)/userspace

# --- the VM ----------------------------------------------------------------
VM_KERNEL = $(if $(KERNEL),$(KERNEL),$(NEWEST))

vm-run: guest-bin
	@test -n "$(SCRIPT)" || { echo "usage: make vm-run KERNEL=6.1|6.12|7.3 SCRIPT=path [LOAD=0] [MODPARAMS=..] [FILES=..]"; exit 2; }
	@$(MAKE) -s KERNEL=$(VM_KERNEL) module
	@KERNEL=$(VM_KERNEL) SCRIPT="$(SCRIPT)" LOAD="$(or $(LOAD),1)" \
		MODPARAMS="$(MODPARAMS)" FILES="$(FILES)" $(TOP)/scripts/vm/run.sh

vm-shell: guest-bin
	@$(MAKE) -s KERNEL=$(VM_KERNEL) module
	@KERNEL=$(VM_KERNEL) INTERACTIVE=1 LOAD="$(or $(LOAD),1)" \
		MODPARAMS="$(MODPARAMS)" FILES="$(FILES)" $(TOP)/scripts/vm/run.sh

# --- comparing policies (README "Comparing policies") ------------------------
# One boot per policy on KERNEL (default 6.12), the workloads of workloads/
# (or SCRIPT=) in fresh cgroups under kmemcg record; report.md in OUT.
EXP_KERNEL = $(if $(KERNEL),$(KERNEL),6.12)
experiment: guest-bin
	@$(MAKE) -s KERNEL=$(EXP_KERNEL) module
	@KERNEL=$(EXP_KERNEL) SCRIPT="$(SCRIPT)" POLICIES="$(or $(POLICIES),page object)" \
		OUT="$(OUT)" EXPERIMENT_COMMAND='make experiment$(if $(SCRIPT), SCRIPT=$(SCRIPT)) POLICIES="$(or $(POLICIES),page object)" KERNEL=$(EXP_KERNEL)$(if $(OUT), OUT=$(OUT))' \
		$(TOP)/scripts/experiment.sh

# --- benchmarks (README "Performance") -------------------------------------
# Three boots per line (KERNELS, default all): module out/in without and with
# the kernel's own accounting, and 1 to 10,000 cgroups; figures in OUT
# (default build/bench/<time>, build/bench/latest).
BENCH_KERNELS = $(if $(KERNEL),$(KERNEL),$(KERNELS))
bench: deps kernels guest-bin
	@for k in $(BENCH_KERNELS); do $(MAKE) -s KERNEL=$$k module helper || exit 1; done
	@KERNELS="$(BENCH_KERNELS)" POLICIES="$(or $(POLICIES),page object shadow)" OUT="$(OUT)" \
		BENCH_COMMAND='make bench$(if $(KERNEL), KERNEL=$(KERNEL))$(if $(POLICIES), POLICIES="$(POLICIES)")' \
		$(TOP)/scripts/bench.sh

# --- tests -----------------------------------------------------------------
# One prove run over everything, so a run ends with one summary line: host
# unit tests (build/unit/test_*), then every tests/vm/*.t on each kernel,
# through a generated one-line launcher per (kernel, test).
VM_TESTS := $(sort $(wildcard tests/vm/*.t))
CHECK_DIR := $(BUILD)/check
# Test files run two at a time: each VM uses one core (TCG, one thread),
# and the tests state their tolerances for a loaded host.  CHECK_JOBS=1
# runs one at a time.
CHECK_JOBS ?= 2

check-build: kernels guest-bin
	@for k in $(KERNELS); do $(MAKE) -s KERNEL=$$k module helper || exit 1; done
	@$(MAKE) -s -C tests/unit
	@$(MAKE) -s -C userspace
	@$(MAKE) -s -C tests/cli
	@$(MAKE) -s -C tests/fuzz
	@rm -rf $(CHECK_DIR) && for k in $(KERNELS); do \
		mkdir -p $(CHECK_DIR)/$$k; \
		for t in $(VM_TESTS); do \
			l=$(CHECK_DIR)/$$k/$$(basename $$t .t); \
			printf '#!/bin/sh\nexec %s %s %s\n' "$(TOP)/scripts/vm/test.sh" $$k "$(TOP)/$$t" >$$l; \
			chmod +x $$l; \
		done; \
	done

check: deps check-build
	@for k in $(KERNELS); do . $(TOP)/.cache/kernels/$$k/env; \
		echo "check: kernel $$k = $$KREL ($$KDEBVER)"; done
	KERNELS="$(KERNELS)" prove -j$(CHECK_JOBS) $(PROVE_FLAGS) $(BUILD)/unit/test_* $(BUILD)/cli/test_* \
		$(TOP)/tests/static/*.t $(TOP)/tests/harness/*.t $(TOP)/tests/fuzz/smoke.t \
		$(foreach k,$(KERNELS),$(CHECK_DIR)/$(k)/*)

check-unit: deps
	@$(MAKE) -s -C tests/unit
	@$(MAKE) -s -C userspace
	@$(MAKE) -s -C tests/cli
	prove $(PROVE_FLAGS) $(BUILD)/unit/test_* $(BUILD)/cli/test_*

# make check-vm KERNEL=6.12 [T="tests/vm/10-charge.t ..."]
check-vm: deps check-build
	@$(MAKE) -s KERNEL=$(VM_KERNEL) module helper
	prove $(PROVE_FLAGS) --exec '$(TOP)/scripts/vm/test.sh $(VM_KERNEL)' $(or $(T),$(VM_TESTS))

# make check-long [KERNEL=6.12]: the long tests (not part of check), with
# their TAP streamed as it comes (prove -v): every tests/long/*.t on each
# kernel of KERNELS (or KERNEL=), through launchers as check-build makes
# them, then the host fuzz runs of tests/fuzz/long.t when there is one.
# One test at a time (LONG_JOBS=1): a soak is measured by its duration, and
# a second VM would halve what it does.  Each kernel has its own launcher
# directory, so runs for different KERNEL= may share a machine (each then
# does less).  VM_ENV= sets the tests' knobs in the guest (tests/long/*.t
# name theirs), VM_TIMEOUT= their time limit.  FUZZ=0 leaves the host
# fuzzing out (a second run beside another, say).
LONG_TESTS := $(sort $(wildcard tests/long/*.t))
# prove's console formatter, whatever the output: writing to a file or a
# pipe (make check-long >log) prove picks TAP::Formatter::File, which
# holds a test's lines until it ends, and a soak's progress for an hour.
PROVE_LIVE = prove --formatter TAP::Formatter::Console
LONG_DIR := $(BUILD)/check-long
LONG_KERNELS = $(if $(KERNEL),$(KERNEL),$(KERNELS))
LONG_JOBS ?= 1

check-long: deps kernels guest-bin
	@for k in $(LONG_KERNELS); do $(MAKE) -s KERNEL=$$k module helper || exit 1; done
	@for k in $(LONG_KERNELS); do \
		rm -rf $(LONG_DIR)/$$k && mkdir -p $(LONG_DIR)/$$k; \
		for t in $(LONG_TESTS); do \
			l=$(LONG_DIR)/$$k/$$(basename $$t .t); \
			printf '#!/bin/sh\nVM_ENV=%s VM_TIMEOUT=%s exec %s %s %s\n' "'$(VM_ENV)'" "'$(VM_TIMEOUT)'" \
				"$(TOP)/scripts/vm/test.sh" $$k "$(TOP)/$$t" >$$l; \
			chmod +x $$l; \
		done; \
	done
	@for k in $(LONG_KERNELS); do . $(TOP)/.cache/kernels/$$k/env; \
		echo "check-long: kernel $$k = $$KREL ($$KDEBVER)"; done
	$(PROVE_LIVE) -v -j$(LONG_JOBS) $(PROVE_FLAGS) $(foreach k,$(LONG_KERNELS),$(LONG_DIR)/$(k)/*) \
		$(if $(filter 0,$(FUZZ)),,$(wildcard $(TOP)/tests/fuzz/long.t))

# The whole VM suite on the debug kernel, one VM at a time (each is slow:
# KASAN, lockdep and kmemleak under TCG), after the harness's own test that
# its reports fail runs, then the long tests (the soak) on it.  Only reports
# naming kmemcg fail (scripts/vm/run.sh).  The long tests other than the
# soak run shortened (DEBUG_LONG_ENV): 1,000 cycles, about 1,000 s on a
# stock line, would take 2 to 8 times as long.
DEBUG_LONG_ENV ?= CYCLES=200 FUZZ_WRITES=2000
check-debug: debug-kernel
	@$(MAKE) -s KERNEL=6.12-debug module helper
	prove $(PROVE_FLAGS) $(TOP)/tests/debug/harness.t
	@$(MAKE) check-vm KERNEL=6.12-debug
	@$(MAKE) check-long KERNEL=6.12-debug FUZZ=0 VM_ENV="$(DEBUG_LONG_ENV)"

lint: deps kernels
	@LINT_KERNELS="$(KERNELS)" $(TOP)/scripts/lint.sh

# --- the demo: the main job ------------------------------------------------
demo: deps kernels guest-bin
	@$(MAKE) -s KERNEL=$(NEWEST) module
	@KERNEL=$(NEWEST) SCRIPT=$(TOP)/scripts/demo.sh FILES=$(TOP)/workloads $(TOP)/scripts/vm/run.sh

# The test-only helper modules (tests/helper), beside kmemcg.ko.
helper: $(KOUT)/helper/kmemcg_test_alloc.ko

HELPER_SRC := $(sort $(wildcard tests/helper/*.[ch])) tests/helper/Kbuild
$(KOUT)/helper/kmemcg_test_alloc.ko: $(HELPER_SRC)
	@mkdir -p $(KOUT)/helper
	@cp -sf $(addprefix $(TOP)/,$(HELPER_SRC)) $(KOUT)/helper/
	$(KRUN) $(MAKE) -C $(KDIR_USE) M=$(KOUT)/helper modules

install: module
	$(MAKE) -C $(KDIR_USE) M=$(KOUT) modules_install
	depmod -a $(KERNELRELEASE)

# DKMS: copy the sources to /usr/src/kmemcg-VERSION, then add/build/install.
DKMS_VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
dkms-install:
	rm -rf /usr/src/kmemcg-$(DKMS_VERSION)
	mkdir -p /usr/src/kmemcg-$(DKMS_VERSION)
	cp -r Kbuild dkms.conf module lib include /usr/src/kmemcg-$(DKMS_VERSION)/
	dkms add -m kmemcg -v $(DKMS_VERSION) || true
	dkms install -m kmemcg -v $(DKMS_VERSION) -k $(KERNELRELEASE)

clean:
	rm -rf $(BUILD)
