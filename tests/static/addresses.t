#!/bin/sh
# Nothing the module prints is a kernel address (issue 15, point 5): no
# format string in module/ or lib/ (the code the module is built from) uses
# a conversion that prints a pointer or a long in hex unhashed: %px, %pK
# (unhashed when kptr_restrict is 0), %pa/%pad (physical and DMA
# addresses), %pr/%pR (resources), or %lx/%llx/%zx (how a pointer cast to a
# long would be printed).  Plain %p is hashed by the kernel and allowed.
# tests/vm/71-security.t checks what a running module prints.  The first
# test shows the pattern catches each form, so this cannot pass vacuously.
top=$(cd "$(dirname "$0")/../.." && pwd)
pat='%(#?0?[0-9]*(l|ll|z)x|p(x|K|ad?|r|R))'
n=0
ok() { # ok STATUS DESCRIPTION
	n=$((n + 1))
	if [ "$1" -eq 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fi
}

caught=$(printf '%s\n' '"%px"' '"%pK"' '"%pa"' '"%pad"' '"%lx"' '"%#llx"' \
	'"%016lx"' '"%zx"' '"%pR"' | grep -cE "$pat")
ok $((caught != 9)) "the pattern catches each unhashed form ($caught of 9)"
clean=$(printf '%s\n' '"%p"' '"%pS"' '"%pe"' '"%lu"' '"%x"' '"%*ph"' | grep -cE "$pat")
ok $((clean != 0)) "... and none of the allowed ones ($clean of 6 flagged)"
hits=$(grep -rnE "$pat" "$top/module" "$top/lib" "$top/include" --include='*.[ch]')
[ -z "$hits" ]
ok $? "no unhashed address conversion in module/, lib/ or include/"
[ -z "$hits" ] || printf '%s\n' "$hits" | sed 's/^/#   /' >&2
echo "1..$n"
