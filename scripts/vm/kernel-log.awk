# Which lines of a guest kernel log are bad (scripts/vm/run.sh).
#
# usage: awk -v bad=REGEX [-v only=WORD -v notes=FILE] -f kernel-log.awk LOG LOG
#
# Two passes over LOG.  Prints the bad lines (">>") with 3 lines before and
# 20 after, then "(N offending lines)"; prints nothing for a clean log.
#
# A line matching bad is a hit, except a "Call Trace" inside the report of
# warn_alloc() ("page allocation failure") or of the OOM killer ("invoked
# oom-killer"): both dump_stack() on purpose when a test hits a limit.
#
# only=WORD (the debug kernel, whose KASAN, lockdep, kmemleak and
# DEBUG_OBJECTS find bugs in the kernel itself too): hits are grouped into
# reports, and a report counts only if WORD appears in it (a stack frame, a
# lock or cache name), not counting "Modules linked in:" and task-name lines,
# which name the module whenever it is loaded.  The others are not failures:
# they are copied whole to notes.  A report runs from its first hit to the
# "=====" line closing a KASAN report, the line after a kmemleak report
# (guest-init copies those into the log as "kmemleak-vm: ..." lines, one
# report per "unreferenced object"), or else the first "</TASK>" or
# "---[ end trace".

function involves(s) {
	return s ~ only && s !~ /Modules linked in|Comm:|comm "/
}

NR == FNR {
	if ($0 ~ /page allocation failure|invoked oom-killer/) { allow = NR + 200; trace = 0 }
	if (allow >= NR && /Call Trace/) { trace = 1; next }
	if (trace && /<\/TASK>/) { allow = trace = 0 }
	if (only != "") {
		if (blk && kl && !/kmemleak-vm:/) { last[blk] = NR - 1; blk = 0 }
		if ($0 ~ bad && (!blk || (kl && /unreferenced object/))) {
			if (blk) last[blk] = NR - 1
			blk = ++nblk
			first[blk] = NR
			kasan = /KASAN/
			kl = /unreferenced object/
		}
		if (blk) {
			in_blk[NR] = blk
			if (involves($0)) inv[blk] = 1
			if (!kl && NR > first[blk] &&
			    (kasan ? /(^|\] )=+$/ : /<\/TASK>|---\[ end trace/)) {
				last[blk] = NR
				blk = 0
			}
		}
	}
	if ($0 ~ bad) hit[NR] = 1
	next
}

FNR == 1 {
	if (blk) last[blk] = NR - 1
	for (i in hit) {
		b = in_blk[i]
		if (only == "" || !b || inv[b]) {
			fail[i] = 1
			n++
			for (j = i - 3; j <= i + 20; j++) show[j] = 1
		} else if (!noted[b]) {
			noted[b] = 1
			nnoted++
		}
	}
}

noted[in_blk[FNR]] {
	if (FNR == first[in_blk[FNR]]) print "" >notes
	if (FNR - first[in_blk[FNR]] < 300) print >notes
}

show[FNR] {
	if (FNR > shown + 1 && shown) print "  ..."
	printf "%s %s\n", fail[FNR] ? ">>" : "  ", $0
	shown = FNR
}

END {
	if (n) printf "(%d offending lines)\n", n
	if (nnoted) printf "(%d kernel reports not involving %s)\n", nnoted, only >notes
}
