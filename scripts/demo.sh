#!/usr/bin/env bash
# The main job on the embedded default: dev stack (Temporal dev server + worker), then a ~40-structure
# campaign on the local runner with the ORCA simulator (scripted failures included), then the dashboard.
# `--production` runs the same campaign on the production topology (Temporal server on Postgres + Web UI).
# `--pipeline` runs the 3-step example instead (opt → freq → sp per structure, examples/pipeline-campaign.*).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

[ -f dist/client/cli.js ] && [ -f dist/simulator/cli.js ] || die "not built: run 'npm run setup' first"
topology=dev
pipeline=0
while [ "${1:-}" = --production ] || [ "${1:-}" = --pipeline ]; do
  if [ "$1" = --production ]; then topology=production; else pipeline=1; fi
  shift
done
campaign="${1:-demo-$(date +%Y%m%d-%H%M%S)}"
started=$(date +%s)
# no --create: `npm run setup` created the database; a missing one is reported with how to create it
node bin/orcastrate db migrate

if [ "$topology" = production ]; then
  step "Starting the production stack (Temporal server on Postgres, Web UI on :8233, one worker)"
  bash scripts/stack.sh start --production
else
  step "Starting the dev stack (Temporal dev server with Web UI on :8233, one worker)"
  bash scripts/stack.sh start
fi

if [ "$pipeline" = 1 ]; then
  step "Starting pipeline campaign $campaign (7 structures × opt → freq → sp, local runner, ORCA simulator)"
  node bin/orcastrate start --campaign "$campaign" --input examples/pipeline-campaign.json \
    --csv examples/pipeline-campaign.csv --orca bin/orcasim --scheduler local --local-concurrency 2 --follow
else
  step "Starting campaign $campaign (42 structures, local runner, ORCA simulator)"
  node bin/orcastrate start --campaign "$campaign" \
    --csv examples/demo-campaign.csv --keep-columns orcasim_fault \
    --keywords '! B3LYP def2-SVP OPT' --orca bin/orcasim \
    --cores 1 --memory-mb 2000 --walltime-minutes 0.5 --grace-minutes 0.25 \
    --scheduler local --local-concurrency 2 --max-in-flight 16 --poll-seconds 1 \
    --strategy adaptive --max-attempts 4 --follow
fi

step "Campaign dashboard"
node bin/orcastrate status "$campaign" --failed

step "Failed jobs (the campaign stays open, settled, for resets)"
node bin/orcastrate jobs "$campaign" --status failed,timeout,blocked

cat <<EOF2

Demo finished in $(($(date +%s) - started)) s.
  Web UI:    http://localhost:8233/namespaces/default/workflows/$campaign
  all jobs:  http://localhost:8233/namespaces/default/workflows?query=OrcastrateCampaign%3D%22$campaign%22
  Postgres:  psql postgres://postgres@127.0.0.1:5432/orcastrate -c "select status, count(*) from jobs where campaign_id = '$campaign' group by 1"
  failed jobs in the Web UI: http://localhost:8233/namespaces/default/workflows?query=OrcastrateCampaign%3D%22$campaign%22%20AND%20OrcastrateJobStatus%3D%22failed%22
  operator loop:
    bin/orcastrate reset-failed $campaign --memory-mb 4000   # resubmit failed jobs with more memory
    bin/orcastrate watch $campaign                           # follow them until settled again
    bin/orcastrate history $campaign                         # who did what
    bin/orcastrate close $campaign                           # close it now (else after 168 h)
  stop the stack with: npm run stack:stop
EOF2
