#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Host tests of kmemcg caches (issue 13) against fixture trees
# (fixtures.sh, cfixture): the table, --accounted and --unaccounted, JSON
# and CSV, unknown aliases, a module without the file and malformed files.
# TAP on stdout.
#
#   tests/cli/test_caches.sh [KMEMCG_BINARY]
#
# Pass criteria: the exact outputs below; every error one line on stderr
# with status 2 (usage) or 1 (no file, a malformed file).
# shellcheck source=tests/cli/lib.sh
. "$(dirname "$0")/lib.sh"

cfixture "$tmp/c"
pfixture "$tmp/old"
at c

run caches --help
[ $rc -eq 0 ] && [[ $out == *Usage:\ kmemcg\ caches* ]] && [[ $out == *Examples:* ]]
ok $? "caches --help shows usage and examples"
run --help
has "  caches " "kmemcg --help lists caches"

run caches
[ $rc -eq 0 ]; ok $? "caches succeeds"
is "NAME                      OBJSIZE SLOTSIZE OBJ/SLAB PAGES ACCT RECL  ALIASES
dentry                        192      192       21     1   no  yes  -
kmalloc-cg-64                  64       64       64     1  yes   no  -
kmemcg_test                   256      264       15     1   no   no  -
pid                           128      128       32     1  yes   no  eventpoll_epi,tcp_bind2_bucket" \
	"caches: every cache by name, its sizes, flags and aliases"
names() { out=$(printf '%s\n' "$out" | awk 'NR > 1 { print $1 }' | tr '\n' ' '); }
run caches --accounted
names
is "kmalloc-cg-64 pid " "--accounted keeps the accounted caches"
run caches -u
names
is "dentry kmemcg_test " "-u keeps the others"
run caches -o csv
is "name,object_size,slot_size,objperslab,pagesperslab,accounted,reclaimable,aliases
dentry,192,192,21,1,0,1,
kmalloc-cg-64,64,64,64,1,1,0,
kmemcg_test,256,264,15,1,0,0,
pid,128,128,32,1,1,0,\"eventpoll_epi,tcp_bind2_bucket\"" "-o csv: the file's columns, aliases one quoted field"
run caches -o json --accounted
[ $rc -eq 0 ] && python3 -c 'import json,sys; d=json.load(sys.stdin)
assert [c["name"] for c in d] == ["kmalloc-cg-64", "pid"], d
assert d[1] == {"name": "pid", "object_size": 128, "slot_size": 128, "objperslab": 32,
	"pagesperslab": 1, "accounted": True, "reclaimable": False,
	"aliases": ["eventpoll_epi", "tcp_bind2_bucket"]}, d[1]
assert d[0]["aliases"] == []' <"$tmp/out"
ok $? "-o json: one object per cache, aliases an array"

# aliases unknown (no /sys/kernel/slab where the module looked)
sed -i '2,$s/ [^ ]*$/ ?/' "$tmp/c/kmemcg/caches"
run caches
[ $rc -eq 0 ] && [ "$(printf '%s\n' "$out" | awk 'NR > 1 && $NF != "?"')" = "" ]
ok $? "unknown aliases show as ?"
run caches -o json
python3 -c 'import json,sys; d=json.load(sys.stdin); assert all(c["aliases"] is None for c in d)' <"$tmp/out"
ok $? "unknown aliases are null in JSON"

# usage errors
expect 2 "kmemcg caches: --accounted and --unaccounted exclude each other; see kmemcg caches --help" \
	"--accounted with --unaccounted" caches --accounted --unaccounted
expect 2 "kmemcg caches: unknown output format 'yaml' (json or csv); see kmemcg caches --help" \
	"bad -o" caches -o yaml
expect 2 "kmemcg caches: unexpected argument 'x'; see kmemcg caches --help" "an argument" caches x

# a module without the file; malformed files
at old
expect 1 "kmemcg: the loaded module has no $tmp/old/kmemcg/caches (it predates the caches file); update the kmemcg module" \
	"a module without the caches file" caches
at c
printf '# name size\nx 1 2\n' >"$tmp/c/kmemcg/caches"
expect 1 "kmemcg: $tmp/c/kmemcg/caches: line 1: not the header *; the module and the CLI (*) may not match: check kmemcg status" \
	"another header" caches
printf '%s\n' '# name object_size slot_size objperslab pagesperslab accounted reclaimable aliases' 'x 1 2 3 1 2 0 -' >"$tmp/c/kmemcg/caches"
expect 1 "kmemcg: $tmp/c/kmemcg/caches: line 2: accounted and reclaimable must be 0 or 1; *" \
	"accounted 2" caches
printf '%s\n' '# name object_size slot_size objperslab pagesperslab accounted reclaimable aliases' 'x 1 2 3 1 0 0' >"$tmp/c/kmemcg/caches"
expect 1 "kmemcg: $tmp/c/kmemcg/caches: line 2: expected 8 fields: *" "seven fields" caches
printf '%s\n' '# name object_size slot_size objperslab pagesperslab accounted reclaimable aliases' 'x 1 -2 3 1 0 0 -' >"$tmp/c/kmemcg/caches"
expect 1 "kmemcg: $tmp/c/kmemcg/caches: line 2: a size or count is not a number; *" "a negative size" caches
printf '# name object_size slot_size objperslab pagesperslab accounted reclaimable aliases\nx 1 2 3 1 0 0 -' >"$tmp/c/kmemcg/caches"
expect 1 "kmemcg: $tmp/c/kmemcg/caches: line 2: the last line is cut short (no newline); *" "a cut line" caches
: >"$tmp/c/kmemcg/caches"
expect 1 "kmemcg: $tmp/c/kmemcg/caches: empty: no header; *" "an empty file" caches

echo "1..$n"
[ "$failed" -eq 0 ]
