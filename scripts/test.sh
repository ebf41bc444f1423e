#!/usr/bin/env bash
# Runs the whole jest suite against a real Temporal dev server, Postgres, local SLURM and local Flux.
# Arguments are passed to jest (e.g. `npm test -- test/unit`).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

find_temporal_cli >/dev/null || die "no Temporal CLI found: run 'npm run setup' first"
# Job scripts run the built CLI and simulator (bin/orcastrate, bin/orcasim): build what changed.
npm run --silent build >/dev/null
if [ -f scripts/local-slurm.sh ] && command -v slurmctld >/dev/null; then
  bash scripts/local-slurm.sh up >/dev/null
fi
# The clone's own single-node Flux (scripts/local-flux.sh); without flux-core the Flux tests fail saying so.
if [ -f scripts/local-flux.sh ] && { command -v flux >/dev/null || [ -x "$FLUX_PREFIX/bin/flux" ]; }; then
  bash scripts/local-flux.sh up >/dev/null
fi

mkdir -p .data
results=".data/jest-results.json"
rm -f "$results"
status=0
npx jest --json --outputFile="$results" "$@" || status=$?
if [ -f "$results" ]; then
  node -e '
    const r = require(process.argv[1]);
    console.log(`\njest: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
  ' "$ROOT/$results"
fi
exit "$status"
