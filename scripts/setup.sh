#!/usr/bin/env bash
# One-command, idempotent setup for a fresh machine: npm deps, build, Temporal CLI, Postgres, local SLURM,
# local Flux.
# Environment: DATABASE_URL (use this Postgres instead of the local one),
#              ORCASTRATE_SETUP_SLURM=0 (skip installing/starting the local test SLURM),
#              ORCASTRATE_SETUP_FLUX=0 (skip building flux-core and starting the local test Flux instance),
#              ORCASTRATE_SETUP_TEMPORAL_SERVER=0 (skip building the production Temporal server and Web UI).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

setup_started=$(date +%s)
declare -a timings=()
record() { timings+=("$(printf '%-28s %5ss' "$1" "$(($(date +%s) - step_started_at))")"); step_done; }

step "Checking Node.js"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); if (a<20||(a===20&&b<3)) { console.error("Node.js >= 20.3 is required, found "+process.versions.node); process.exit(1) }' ||
  die "install Node.js 20.3 or newer"
echo "    node $(node --version), npm $(npm --version 2>/dev/null)"
record "node check"

step "Installing npm dependencies"
mkdir -p .data
lock_hash="$(sha256sum package-lock.json | cut -d' ' -f1)"
stamp="node_modules/.orcastrate-lock-sha256"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
  echo "    node_modules matches package-lock.json: skipping npm ci"
else
  # npm 11's `ci` refuses a lockfile without other platforms' optional binaries (e.g. @swc/core-darwin-*),
  # which a registry mirror serving only this platform cannot provide; npm 10's `ci` installs the same
  # lockfile exactly, so fall back to it for that one error.
  if ! npm ci --no-fund --no-audit --loglevel=error 2>.data/npm-ci.err; then
    if grep -q 'can only install packages when your package.json and package-lock.json' .data/npm-ci.err; then
      echo "    npm $(npm --version) refused the lockfile (missing other platforms' optional packages); using npm 10's ci"
      npx --yes npm@10 ci --no-fund --no-audit --loglevel=error
    else
      cat .data/npm-ci.err >&2
      die "npm ci failed"
    fi
  fi
  echo "$lock_hash" >"$stamp"
fi
record "npm ci"

step "Building (tsc + prebuilt workflow bundle)"
npm run --silent build
record "build"

step "Temporal CLI"
bash scripts/ensure-temporal-cli.sh
record "temporal cli"

if [ "${ORCASTRATE_SETUP_TEMPORAL_SERVER:-1}" != "0" ]; then
  step "Production Temporal server, SQL tool and Web UI (skip with ORCASTRATE_SETUP_TEMPORAL_SERVER=0)"
  bash scripts/ensure-temporal-server.sh
  record "temporal server + ui"
fi

step "Postgres"
bash scripts/ensure-postgres.sh
# setup is the one place that may create the database: `db migrate` alone refuses a missing one
node dist/client/cli.js db migrate --create
record "postgres + migrations"

if [ "${ORCASTRATE_SETUP_SLURM:-1}" != "0" ] && [ -f scripts/local-slurm.sh ]; then
  step "Local SLURM (single node, for tests; skip with ORCASTRATE_SETUP_SLURM=0)"
  bash scripts/local-slurm.sh up
  record "local slurm"
fi

if [ "${ORCASTRATE_SETUP_FLUX:-1}" != "0" ]; then
  step "Local Flux (flux-core $FLUX_CORE_VERSION, built once from ../shared/vendor/flux-core when no flux is on PATH; skip with ORCASTRATE_SETUP_FLUX=0)"
  bash scripts/ensure-flux.sh
  bash scripts/local-flux.sh up
  record "local flux"
fi

# --- Chromium (headless browser for the dashboard tests; added with the active-learning work) ---
step "Chromium for the dashboard browser tests"
if [ -x /usr/bin/chromium ]; then
  echo "    $(/usr/bin/chromium --version 2>/dev/null || echo chromium) already installed"
elif [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null; then
  echo "    skipped: not root or no apt-get; install Debian's chromium yourself (apt-get install -y chromium)"
else
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  echo "    installed $(/usr/bin/chromium --version 2>/dev/null)"
fi
record "chromium"

printf '\nSetup finished in %ss:\n' "$(($(date +%s) - setup_started))"
printf '    %s\n' "${timings[@]}"
