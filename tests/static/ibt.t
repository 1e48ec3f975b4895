#!/bin/sh
# IBT safety, proven statically: no kmemcg.ko the project builds branches
# indirectly, except where tests/static/ibt-allowed says why the target
# always starts with ENDBR64.  On a host with Intel's indirect branch
# tracking, an indirect call to a kernel function without ENDBR64 (every
# static hook target; kallsyms_lookup_name once its ENDBR64 is sealed at
# boot) is a fatal "Missing ENDBR" fault, and the test VM (TCG) cannot
# show it.  First the checker is shown to catch both forms an indirect
# branch takes in an object (a plain "call *" and a retpoline thunk call);
# then every kernel line's module is checked.
#   tests/static/ibt.t              (prove runs it from `make check`)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
check=$top/scripts/check-ibt.sh
allowed=$top/tests/static/ibt-allowed
kernels=${KERNELS:-$(sed -n 's/^KERNELS := //p' "$top/Makefile")}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
n=0
ok() { # ok STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

# The checker must fail on code that branches indirectly.
cat >"$work/fixture.c" <<'EOC'
void (*volatile hook)(void);
void through_pointer(void) { hook(); hook(); }
EOC
cc -O2 -c -o "$work/plain.o" "$work/fixture.c"
"$check" "$work/plain.o" >"$work/plain.out"
rc=$?
ok "$([ $rc -eq 1 ] && grep -q 'through_pointer: .*call *\*' "$work/plain.out"; echo $?)" \
	"checker finds a plain indirect call (call *)"
cc -O2 -mindirect-branch=thunk-extern -c -o "$work/thunk.o" "$work/fixture.c"
"$check" "$work/thunk.o" >"$work/thunk.out"
rc=$?
ok "$([ $rc -eq 1 ] && grep -q 'through_pointer: .*__x86_indirect_thunk' "$work/thunk.out"; echo $?)" \
	"checker finds a retpoline thunk call (__x86_indirect_thunk_*)"
printf 'through_pointer test fixture\n' >"$work/allowed"
"$check" "$work/thunk.o" "$work/allowed" >/dev/null
ok $? "checker leaves out a function named in the allowed list"

# Every line's module: nothing indirect outside the allowed list.
for k in $kernels; do
	ko=$top/build/$k/kmemcg.ko
	if [ ! -f "$ko" ]; then
		ok 1 "$k: kmemcg.ko is built ($ko missing: make KERNEL=$k)"
		continue
	fi
	"$check" "$ko" "$allowed" >"$work/$k.out" 2>&1
	rc=$?
	ok $rc "$k: no indirect branch in kmemcg.ko outside tests/static/ibt-allowed"
	if [ $rc -ne 0 ]; then
		sed 's/^/#   /' "$work/$k.out" >&2
	else	# what the allowed list let through, for the reader of the log
		"$check" "$ko" | sed 's/^/# allowed: /'
	fi
done
echo "1..$n"
