#!/usr/bin/env bash
# The production topology's suites: the same tests on a Temporal server on Postgres
# (`npm run stack -- --production`, started here if it is not running, stopped again afterwards), each
# run in a throwaway namespace. Arguments replace the list (e.g. one file).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

suites=(
  test/campaign/campaign-local.test.ts
  test/campaign/campaign-slurm.test.ts
  test/campaign/temporal-cli.test.ts
  test/campaign/job-outcomes.test.ts
  test/operator/settled-reset.test.ts
  test/crash/worker-kill-slurm.test.ts
  test/crash/two-workers-slurm.test.ts
  test/workers/local-host-pinning.test.ts
  test/crash/server-restart.test.ts
)
[ "$#" -gt 0 ] && suites=("$@")
for binary in temporal-server temporal-sql-tool temporal-ui-server; do
  [ -x "$TOOLS_BIN/$binary" ] || die "$TOOLS_BIN/$binary is missing: run 'npm run setup' (it builds the production server)"
done
ORCASTRATE_TEST_TOPOLOGY=production bash scripts/test.sh "${suites[@]}"
