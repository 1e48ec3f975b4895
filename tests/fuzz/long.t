#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check-long's fuzz run: as smoke.t, FUZZ_SECONDS (default 180) per
# target.  New inputs stay in build/fuzz/long/<target>/; to keep the
# interesting ones: make -C tests/fuzz corpus (merges into the tree's
# corpus, for review and commit).
#   FUZZ_SECONDS=600 tests/fuzz/long.t
# shellcheck source=tests/fuzz/run.sh
. "$(dirname "$0")/run.sh"
fuzz_all long "${FUZZ_SECONDS:-180}"
