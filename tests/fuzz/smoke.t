#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check's fuzz smoke run: each libFuzzer target of tests/fuzz (every
# parser of lib/ and userspace/) replays its corpus, then fuzzes for 5
# seconds (about a minute for all); any crash, sanitizer report, leak or
# hang (10 s for one input) fails its test.  Binaries: make -C tests/fuzz.
#   tests/fuzz/smoke.t
# shellcheck source=tests/fuzz/run.sh
. "$(dirname "$0")/run.sh"
fuzz_all smoke 5
