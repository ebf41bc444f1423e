#!/usr/bin/env bash
# Active-learning demo on the embedded default: dev stack (Temporal dev server + worker), then a
# 3-generation loop with the built-in engines (labels from the ORCA simulator through child campaigns),
# then the RMSE per generation and a static status page.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

loop="${1:-demo-al-$(date +%Y%m%d-%H%M%S)}"
started=$(date +%s)

[ -f dist/client/cli.js ] && [ -f dist/active-learning/engine-cli.js ] || die "not built: run 'npm run build' first"
grep -q activeLearning dist/workflow-bundle.js 2>/dev/null || die "dist/workflow-bundle.js is stale: run 'npm run build'"
# A worker started before this build runs an older workflow bundle (maybe without activeLearning).
if [ -f .data/stack/worker.pid ] && kill -0 "$(cat .data/stack/worker.pid)" 2>/dev/null &&
  [ dist/workflow-bundle.js -nt .data/stack/worker.pid ]; then
  echo "WARNING: the running stack worker started before the last build; if the loop does not progress," >&2
  echo "         restart it: npm run stack:stop && npm run demo:al" >&2
fi

step "Migrating the database (al_runs, al_generations, al_engine_runs)"
node dist/client/cli.js db migrate

step "Starting the dev stack (Temporal dev server with Web UI on :8233, one worker)"
bash scripts/stack.sh start

step "Active-learning loop $loop: 3 generations, built-in engines, ORCA simulator as the reference"
node bin/orcastrate al start "$loop" --max-generations 3 --local-concurrency 2 --follow

step "Status page"
mkdir -p .data/demo-al
node bin/orcastrate dashboard --static ".data/demo-al/status.html" --al "$loop" --campaign "$loop.gen-1.label"

cat <<EOF2

Demo finished in $(($(date +%s) - started)) s.
  Web UI:       http://localhost:8233/namespaces/default/workflows/$loop
  status page:  .data/demo-al/status.html  (live: node bin/orcastrate dashboard --port 8080)
  stop the stack with: npm run stack:stop
EOF2
