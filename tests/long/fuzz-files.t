#!/bin/sh
# vm: TIMEOUT=3600
# vm: FILES=tests/vm/75-fuzz.t
# The full fuzzing of every writable file (issue 15, point 3):
# tests/vm/75-fuzz.t with FUZZ_WRITES (default 10,000) writes per file
# (make check-long VM_ENV="FUZZ_WRITES=50000" for more; 10,000 took 190 s
# of guest time on 6.12 under TCG).  Pass criteria: 75-fuzz.t's.
FUZZ_WRITES=${FUZZ_WRITES:-10000}
. /root/75-fuzz.t
