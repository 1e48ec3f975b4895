#!/bin/sh
# List the indirect branches in an object's code (issue: IBT safety).
#
# usage: check-ibt.sh OBJECT [ALLOWED]
#
# Prints one "function: instruction" line per indirect call or jump in any
# executable section of OBJECT (objdump -dr): the "call *"/"jmp *" forms
# (with or without notrack/cs prefixes or AT&T suffixes), and calls or
# jumps to the kernel's retpoline, call-thunk, jump-thunk and ITS thunks
# (any __x86_indirect_* symbol), which stand for an indirect branch in a
# module built with retpolines.  Branches inside a function named in
# ALLOWED (lines "function reason...", '#' comments) are left out: each
# there must say why its target always starts with ENDBR64.
# Exit status: 0 when nothing is left, 1 when something is, 2 on error.
set -eu
obj=${1:?usage: check-ibt.sh OBJECT [ALLOWED]}
allowed=${2:-/dev/null}
[ -r "$obj" ] || { echo "check-ibt: cannot read $obj" >&2; exit 2; }
out=$(objdump -dr "$obj") || { echo "check-ibt: objdump failed on $obj" >&2; exit 2; }
found=$(printf '%s\n' "$out" | awk -v allowed="$allowed" '
	BEGIN {
		while ((getline line < allowed) > 0) {
			if (line ~ /^[ \t]*(#|$)/)
				continue
			split(line, f, /[ \t]+/)
			ok[f[1]] = 1
		}
	}
	/^[0-9a-f]+ <[^>]+>:$/ {
		fn = substr($2, 2, length($2) - 3)
		next
	}
	# an instruction line: address, bytes, then the mnemonic
	/^ *[0-9a-f]+:\t/ {
		n = split($0, c, "\t")
		insn = c[3]
		if (insn ~ /^((cs|ds|notrack|bnd) +)*(call|jmp)[lqw]? +\*/ && !(fn in ok))
			print fn ": " insn
		next
	}
	# a relocation line: the branch target is an indirect-branch thunk
	/R_X86_64_[A-Z0-9]+[ \t]+__x86_indirect_/ {
		if (!(fn in ok)) {
			sub(/^[ \t]+/, "")
			print fn ": " $0
		}
	}')
[ -z "$found" ] && exit 0
printf '%s\n' "$found"
exit 1
