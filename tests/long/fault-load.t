#!/bin/sh
# vm: LOAD=0
# vm: TIMEOUT=2400
# vm: FILES=tests/vm/65-fault-load.t
# Fault injection at load, every allocation in turn (issue 15, point 2):
# tests/vm/65-fault-load.t with FAULT_STEP 1 (make check runs every third;
# about 90 loads, 3 to 4 minutes under TCG).  Pass criteria: 65's.
FAULT_STEP=${FAULT_STEP:-1}
. /root/65-fault-load.t
