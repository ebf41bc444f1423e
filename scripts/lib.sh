# Shared helpers for orcastrate's shell scripts. Source, don't run.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TEMPORAL_CLI_VERSION="v1.5.1"
# The production topology (npm run stack -- --production); docker-compose.yml pins the same versions.
TEMPORAL_SERVER_VERSION="v1.29.1"
TEMPORAL_UI_VERSION="v2.42.1"
TOOLS_BIN="$ROOT/.tools/bin"
# Slow builds (Go) are cached here, outside any clone; override with ORCASTRATE_CACHE_DIR.
TOOLS_CACHE="${ORCASTRATE_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/orcastrate}"

step_started_at=0
step() {
  step_started_at=$(date +%s)
  printf '\n==> [%s] %s\n' "$(date +%H:%M:%S)" "$*"
}
step_done() {
  printf '    done in %ss\n' "$(($(date +%s) - step_started_at))"
}
die() {
  printf '\nERROR: %s\n' "$*" >&2
  exit 1
}

# Prints the Temporal CLI to use: $TEMPORAL_CLI, then .tools/bin/temporal, then `temporal` on PATH.
find_temporal_cli() {
  local candidate
  for candidate in "${TEMPORAL_CLI:-}" "$TOOLS_BIN/temporal" "$(command -v temporal 2>/dev/null || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" --version >/dev/null 2>&1; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

# Runs a long command, printing a heartbeat every 30 s so a minutes-long build does not look hung.
with_heartbeat() {
  local label="$1"
  shift
  "$@" &
  local pid=$! elapsed=0 status
  while kill -0 "$pid" 2>/dev/null; do
    sleep 5
    elapsed=$((elapsed + 5))
    if [ $((elapsed % 30)) -eq 0 ] && kill -0 "$pid" 2>/dev/null; then
      printf '    ... %s still running (%ss)\n' "$label" "$elapsed"
    fi
  done
  wait "$pid" && status=0 || status=$?
  return "$status"
}

# flux-core for the Flux tests: built from ../shared/vendor/flux-core by scripts/ensure-flux.sh when no `flux`
# is on PATH, installed here (outside the clone); the local test instance's state lives under .data/flux.
FLUX_CORE_VERSION="0.88.0"
FLUX_PREFIX="$TOOLS_CACHE/flux-core-$FLUX_CORE_VERSION"
