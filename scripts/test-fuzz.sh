#!/usr/bin/env bash
# The property tests with a fresh random seed and more runs than `npm test`, which uses fixed seeds.
# Replay a failure with what it prints: FUZZ_SEED=<seed> FUZZ_RUNS=<runs> npm run test:fuzz
# Arguments are passed to jest (e.g. `npm run test:fuzz -- test/fuzz/ingest.fuzz.test.ts`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

find_temporal_cli >/dev/null || die "no Temporal CLI found: run 'npm run setup' first"
# the signals property runs jobs through the built simulator
npm run --silent build >/dev/null
export FUZZ_SEED="${FUZZ_SEED:-$(node -e 'console.log(require("node:crypto").randomInt(-(2 ** 31), 2 ** 31 - 1))')}"
export FUZZ_RUNS="${FUZZ_RUNS:-1000}"
echo "test:fuzz: FUZZ_SEED=$FUZZ_SEED FUZZ_RUNS=$FUZZ_RUNS"
status=0
# files given (test/fuzz/x.fuzz.test.ts) narrow the run; other arguments are jest options
case "${1:-}" in test/*) ;; *) set -- test/fuzz "$@" ;; esac
npx jest "$@" || status=$?
echo "test:fuzz: FUZZ_SEED=$FUZZ_SEED FUZZ_RUNS=$FUZZ_RUNS (exit $status)"
exit "$status"
