#!/bin/bash
# Boot a stock Debian kernel under QEMU, load kmemcg.ko, run one script as root.
#
#   KERNEL=6.1|6.12|7.3|6.12-debug  (required)  which cached kernel (make
#                    kernels; make debug-kernel)
#   SCRIPT=path      busybox-sh script or static binary, run in /root
#   INTERACTIVE=1    a shell on the console (after SCRIPT, if given)
#   LOAD=1           insmod the module first; LOAD=0 skips it
#   MODULE=path      the .ko to load (default build/$KERNEL/kmemcg.ko)
#   MODPARAMS="..."  passed to insmod
#   FILES="a b"      files or directories copied into guest /root
#   EXTRA_KO="a.ko"  copied into guest /root/ko/, not loaded
#   CMDLINE="..."    added to the guest kernel's command line
#   MODULES="..."    more stock modules for the guest (see initramfs.sh)
#   TIMEOUT=300 SMP=2 MEM=1024   wall-clock seconds, CPUs, MiB; above 120 s
#                    the guest stops the script itself 60 s earlier and
#                    dumps every task's stack to its log (guest-init)
#   BOOT_WAIT=150    seconds (times VM_TIMEOUT_FACTOR) the kernel has to
#                    reach init (guest-init's "kmemcg-vm: init" on the
#                    console); a guest that does not is booted once more.
#                    Nothing of ours has run by then: the module is loaded
#                    by init.  Under TCG a stock kernel hung so before its
#                    console came up, once in a make check (7.3, 2026-11).
#   KMEMCG_KVM=1     use KVM instead of TCG (KVM hangs on our build machines)
#   LOGDIR=dir       where console.log and dmesg.log are left (build/vm/$KERNEL)
#   RESULT=file      test.sh's channel: gets one line, "clean" or the problem
#   DISK_OUT=file    keep the scratch disk (/dev/vda, 512 MiB, sparse) there
#                    after the run, whatever its outcome: the guest's way to
#                    hand files back (scripts/experiment-guest.sh writes a
#                    tar archive to /dev/vda; tar -xf file reads it back)
#
# The script's stdout/stderr stream live to ours; the kernel console goes to
# $LOGDIR/console.log; the guest's full dmesg and exit status come back on a
# fourth serial port (see guest-init).  Exit status: the script's; 3 if insmod
# failed; 124 on timeout; 125 if the script passed but the kernel log is not
# clean; 126 if the guest never reported a status (crashed/rebooted).
#
# Kernel log check: after the run the log (the full dmesg when the guest got
# to report it, else console.log) is scanned for the patterns in BAD below.
# Any hit fails the run; there is no per-test opt-out.  One exception: the
# "page allocation failure" report of warn_alloc() and the "invoked
# oom-killer" report both print a Call Trace (via dump_stack) that is not a
# kernel bug -- tests of memory limits cause them on purpose -- so a Call Trace
# inside such a report (up to its "</TASK>") is allowed.  SLUB's "Unable to
# allocate memory" lines match nothing.  Other patterns in them still count.
# On the debug kernel (KERNEL=6.12-debug) only reports involving kmemcg
# count; see below and kernel-log.awk.
set -eu

prog=run.sh
# shellcheck source=scripts/vm/common.sh
. "$(dirname "$0")/common.sh"
vm_load_kernel
[ -r "$KIMAGE" ] || die "missing $KIMAGE: run make kernels"
export KERNEL LOAD=${LOAD:-1} MODULE=${MODULE:-$top/build/$KERNEL/kmemcg.ko}
export INTERACTIVE=${INTERACTIVE:-0} SCRIPT=${SCRIPT:-}
export TIMEOUT=${TIMEOUT:-300} SMP=${SMP:-2} MEM=${MEM:-1024}
# The debug kernel's env (scripts/debug-kernel.sh) says how much slower it is
# and how much memory it needs at least: one knob for every test's TIMEOUT.
TIMEOUT=$((TIMEOUT * ${VM_TIMEOUT_FACTOR:-1}))
[ "$MEM" -ge "${VM_MEM_MIN:-0}" ] || MEM=$VM_MEM_MIN
[ "$LOAD" != 1 ] || [ -r "$MODULE" ] ||
	die "no module at $MODULE (make KERNEL=$KERNEL, or LOAD=0)"
[ -z "$SCRIPT" ] || [ -r "$SCRIPT" ] || die "no script at $SCRIPT"
[ -n "$SCRIPT" ] || [ "$INTERACTIVE" = 1 ] || die "set SCRIPT=path or INTERACTIVE=1"
for f in ${FILES:-} ${EXTRA_KO:-}; do [ -e "$f" ] || die "no such file: $f"; done

# One host thread runs both vCPUs: with multi-threaded TCG the stock
# kernels' boot-time text patching (int3-based text_poke_bp) raced the
# other vCPU about once in 50 boots ("Oops: int3" in sched_clock_cpu,
# before any module loaded).  KMEMCG_TCG_THREAD=multi goes back to it.
accel=tcg,thread=${KMEMCG_TCG_THREAD:-single}
[ "${KMEMCG_KVM:-0}" != 1 ] || accel=kvm
echo "vm: kernel $KREL ($KDEBVER), $accel, smp $SMP, mem ${MEM}M" >&2
[ "${TAP:-0}" != 1 ] || echo "# vm: kernel $KREL ($KDEBVER), $accel, smp $SMP, mem ${MEM}M"

vmdir="$top/build/vm/$KERNEL"
LOGDIR=${LOGDIR:-$vmdir}
mkdir -p "$vmdir" "$LOGDIR"
work=$(mktemp -d "$vmdir/run.XXXXXX")
trap 'if [ -n "${DISK_OUT:-}" ] && [ -f "$work/scratch.img" ]; then mv "$work/scratch.img" "$DISK_OUT"; fi
	rm -rf "$work"' EXIT
"$top/scripts/vm/initramfs.sh" "$work/initrd"
# The scratch disk: sparse, made afresh by every boot (boot()).
# Logs are written privately and copied to $LOGDIR at the end, so runs in
# parallel (prove -j, other users of the tree) do not mix their logs.
con="$work/console.log"

# The debug kernel: KASAN reports every finding, not only the first
# (mm/kasan/report.c: kasan_multi_shot), so a report of the kernel's own
# cannot hide one of ours.  And 4-level paging (no5lvl): 6.12's
# identify_cpu() (arch/x86/kernel/cpu/common.c) zeroes the boot CPU's
# feature words, LA57 with them, for a moment; an interrupt there sees
# pgtable_l5_enabled() false, KASAN works out a 47-bit shadow start
# (arch/x86/include/asm/kasan.h, KASAN_SHADOW_START) and reports every
# access to a 5-level address as "wild-memory-access" (both of 71-security's
# boots, before init).  -cpu max offers LA57; no kmemcg code depends on it.
dbg=""
[ -z "${VM_DEBUG:-}" ] || dbg="kasan_multi_shot no5lvl"
args=(-machine q35 -cpu max -accel "$accel" -smp "$SMP" -m "$MEM"
	-nographic -no-reboot -kernel "$KIMAGE" -initrd "$work/initrd"
	-append "console=ttyS0 panic=-1 quiet loglevel=4 log_buf_len=4M printk.devkmsg=on $dbg ${CMDLINE:-}"
	-drive "if=virtio,format=raw,file=$work/scratch.img" -nic none)
if [ "$INTERACTIVE" = 1 ]; then
	# Console and QEMU monitor share the terminal (Ctrl-A c, Ctrl-A x).
	args+=(-chardev "stdio,id=con,mux=on,signal=off,logfile=$con"
		-serial chardev:con -mon chardev=con -serial null -serial null)
	qemu_in=/dev/stdin tmo=()
else
	# The script's stderr reaches ours through a FIFO and a cat that shares
	# our fd 2: QEMU reopening /dev/stderr would get its own file offset and
	# overwrite what we write there when stderr is a plain file.
	mkfifo "$work/err.in" "$work/err.out"   # boot() starts the cat that reads it
	args+=(-monitor none -serial "file:$con" -serial stdio
		-chardev "pipe,id=err,path=$work/err" -serial chardev:err)
	qemu_in=/dev/null   # so QEMU leaves the terminal's modes alone
	# --foreground: stay in the terminal's process group, so Ctrl-C works.
	tmo=(timeout --foreground -k 5 "$TIMEOUT")
fi
args+=(-serial "file:$work/meta")

BOOT_WAIT=$((${BOOT_WAIT:-150} * ${VM_TIMEOUT_FACTOR:-1}))
# boot_watch PID: if the console has no "kmemcg-vm: init" after BOOT_WAIT
# seconds, mark the boot hung and stop QEMU (timeout, PID, passes the
# signal on).
boot_watch() {
	sleep "$BOOT_WAIT"
	# Not anchored: the line can follow the BIOS's last one on the same
	# line (a quiet kernel prints nothing to end it).
	grep -q 'kmemcg-vm: init' "$con" 2>/dev/null && return
	: >"$work/noboot"
	kill "$1" 2>/dev/null
}
# boot: one run of QEMU; qrc its status.  Only non-interactive runs are
# watched (a person at the console sees a hang).
boot() {
	rm -f "$work/noboot"
	truncate -s 0 "$work/scratch.img" && truncate -s 512M "$work/scratch.img"
	[ ! -p "$work/err.out" ] || cat "$work/err.out" >&2 &
	set +e
	if [ "$INTERACTIVE" = 1 ]; then
		"${tmo[@]}" qemu-system-x86_64 "${args[@]}" <"$qemu_in"
		qrc=$?
	else
		"${tmo[@]}" qemu-system-x86_64 "${args[@]}" <"$qemu_in" &
		local q=$!
		boot_watch $q </dev/null >/dev/null 2>&1 &
		local w=$!
		wait $q
		qrc=$?
		kill $w 2>/dev/null
		wait $w 2>/dev/null
	fi
	set -e
	if [ -p "$work/err.out" ]; then
		exec 8<>"$work/err.out" 8>&-   # EOF for cat, even if QEMU never opened it
		wait
	fi
}

start=$(date +%s.%N)
boot
if [ -e "$work/noboot" ]; then
	msg="vm: the kernel did not reach init in ${BOOT_WAIT}s (nothing of ours had run); booting once more"
	{ echo "$msg:"; tail -n 5 "$con"; } >&2
	[ "${TAP:-0}" != 1 ] || echo "# $msg"
	cp "$con" "$LOGDIR/console-noboot.log"
	boot
	[ ! -e "$work/noboot" ] || qrc=124
fi
secs=$(echo "$start $(date +%s.%N)" | awk '{ printf "%.1f", $2 - $1 }')
# Drop CRs and the BIOS's terminal escapes (an "ESC c" would reset the
# terminal of whoever cats the log).
sed -i -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' -e 's/\x1b.//g' -e 's/\r//g' "$con"
status=$(tail -n 1 "$work/meta" 2>/dev/null | sed -n 's/^kmemcg-vm: exit //p')
cp "$con" "$LOGDIR/console.log"
con="$LOGDIR/console.log" log="$LOGDIR/console.log"
rm -f "$LOGDIR/dmesg.log"
if [ -n "$status" ]; then
	sed '$d' "$work/meta" >"$LOGDIR/dmesg.log"
	log="$LOGDIR/dmesg.log"
fi

banner() { # $1: title; then the body on stdin -> stderr
	{
		printf '=%.0s' {1..72}; echo
		echo "vm: $1"
		echo "vm: kernel $KREL ($KDEBVER), $accel, after ${secs}s"
		awk 1   # also ends an unterminated last line
		printf '=%.0s' {1..72}; echo
	} >&2
}
result() { [ -z "${RESULT:-}" ] || echo "$1" >"$RESULT"; }

if [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
	tail -n 40 "$con" | banner "TIMEOUT after ${TIMEOUT}s; last 40 lines of $con:"
	result "timeout after ${TIMEOUT}s"
	exit 124
fi

# Which lines are bad, and print them with context (kernel-log.awk).  KASAN,
# lockdep and DEBUG_ATOMIC_SLEEP reports start with "BUG:" or "WARNING:",
# DEBUG_OBJECTS' with a WARNING; kmemleak's ("unreferenced object", copied
# into the log by guest-init) appear on kernels that have it.  On the debug
# kernel (VM_DEBUG=1 in its env) only reports naming kmemcg fail the run; the
# kernel's own are kept in $LOGDIR/noted.log.
BAD='BUG:|Oops|WARNING:|general protection|soft lockup|hung task|blocked for more than|RCU stall|self-detected stall|detected stalls|rcu: INFO|Kernel panic|Call Trace|unreferenced object'
notes="$LOGDIR/noted.log"
rm -f "$notes"
report=$(awk -v bad="$BAD" -v only="${VM_DEBUG:+kmemcg}" -v notes="$notes" \
	-f "$top/scripts/vm/kernel-log.awk" "$log" "$log" | head -n 200)
if [ -s "$notes" ]; then
	msg="vm: $(tail -n 1 "$notes" | tr -d '()'), kept in $notes"
	# lockdep stops after its first report, whoever's: say so.
	! grep -q 'turning off the locking correctness validator' "$log" ||
		msg="$msg; lockdep turned itself off after one, locking after it went unchecked"
	if [ "${TAP:-0}" = 1 ]; then echo "# $msg"; else echo "$msg" >&2; fi
fi

rc=${status%% *}
reason=${status#* }
[ "$reason" != "$status" ] || reason=""
if [ "$reason" = timeout ]; then
	# The guest's watchdog stopped the script; its stack dumps (sysrq w, l)
	# have Call Traces by design, so the log scan above does not apply.
	{
		echo "(the script's stderr above has the processes and module figures)"
		tail -n 60 "$log"
	} | banner "TIMEOUT: the script ran over the guest watchdog ($((TIMEOUT - 60))s); full log in $log"
	result "timeout after $((TIMEOUT - 60))s (guest watchdog)"
	exit 124
fi
if [ -n "$report" ]; then
	echo "$report" | banner "guest kernel log NOT clean ($log):"
	result "kernel log has $(grep -m1 '^>>' <<<"$report" | grep -oE "$BAD" | head -n 1)"
	[ -n "$rc" ] && [ "$rc" != 0 ] && exit "$rc"
	exit 125
fi
if [ -z "$rc" ]; then
	tail -n 40 "$con" | banner "no exit status from the guest (QEMU status $qrc); last 40 lines of $con:"
	result "guest crashed or QEMU failed"
	exit 126
fi
if [ "$reason" = insmod ]; then result "insmod failed"; else result clean; fi
if [ "${TAP:-0}" = 1 ]; then echo "# vm: guest exit status $rc, ${secs}s"
else echo "vm: guest exit status $rc, ${secs}s" >&2; fi
exit "$rc"
