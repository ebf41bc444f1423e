#!/usr/bin/env bash
# Single-node Flux for orcastrate's tests and CI: a long-lived flux-core test instance
# (`flux start --test-size=1`, sched-simple, one broker), no root, systemd or munge needed.
#
#   bash scripts/local-flux.sh up       start the instance unless it answers already, wait until it runs jobs
#   bash scripts/local-flux.sh status   broker, URI, resources, queue (exit 1 when not usable)
#   bash scripts/local-flux.sh uri      print its FLUX_URI (exit 1 when it does not answer)
#   bash scripts/local-flux.sh down     shut it down (its jobs end with it)
#
# One instance per clone, so helpers sharing a machine never meet each other's jobs: its FLUX_URI is written
# to .data/flux/uri and the flux executable it runs to .data/flux/flux (the tests read both). The broker's
# socket lives in a short /tmp directory named after the clone (UNIX socket paths are limited to ~108 bytes).
# `flux` comes from PATH, else from the cache where scripts/ensure-flux.sh installs it.
# Environment: LOCAL_FLUX_CORES  cores the node advertises [8]: more than the real ones on purpose (as for
#                                the local SLURM), so one slow test job never holds the quick ones back.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ACTION="${1:-up}"
STATE_DIR="$ROOT/.data/flux"
URI_FILE="$STATE_DIR/uri"
FLUX_FILE="$STATE_DIR/flux"
PID_FILE="$STATE_DIR/start.pid"
LOG_FILE="$STATE_DIR/broker.log"
RUN_DIR="/tmp/orcastrate-flux-$(printf '%s' "$ROOT" | sha256sum | cut -c1-12)"
URI="local://$RUN_DIR/local-0" # test mode names the rank-0 socket local-0
CORES="${LOCAL_FLUX_CORES:-8}"

started_at=$(date +%s%N)
say() { printf 'local-flux: %s\n' "$*" >&2; }
fail() {
  say "ERROR: $*"
  exit 1
}
elapsed() { awk -v a="$started_at" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f s", (b - a) / 1e9 }'; }

find_flux() {
  local candidate
  for candidate in "$(command -v flux 2>/dev/null || true)" "$FLUX_PREFIX/bin/flux"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}
FLUX="$(find_flux)" || fail "no flux executable: not on PATH and not in $FLUX_PREFIX.
Run 'npm run setup' (it builds flux-core $FLUX_CORE_VERSION from ../shared/vendor/flux-core) or 'bash scripts/ensure-flux.sh'."

flux_here() { FLUX_URI="$URI" timeout "${FLUX_CALL_TIMEOUT:-10}" "$FLUX" "$@"; }
answers() { flux_here uptime >/dev/null 2>&1; }

# The pid of the `flux start` this script launched, when that process still runs.
recorded_pid() {
  local pid
  [ -s "$PID_FILE" ] || return 1
  pid="$(cat "$PID_FILE")"
  [ -n "$pid" ] && [ -d "/proc/$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "--test-rundir=$RUN_DIR" &&
    printf '%s\n' "$pid"
}

# wait_for SECONDS COMMAND...: run COMMAND every 0.2 s until it succeeds or SECONDS pass.
wait_for() {
  local deadline=$(($(date +%s) + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

stop_instance() {
  local pid
  pid="$(recorded_pid || true)"
  if answers; then flux_here shutdown --quiet >/dev/null 2>&1 || true; fi
  if [ -n "$pid" ]; then
    # setsid made `flux start` the leader of a process group holding the broker: signal the whole group.
    wait_for 30 test ! -d "/proc/$pid" || {
      say "flux start (pid $pid) did not exit after shutdown: sending SIGTERM to its process group"
      kill -TERM -- "-$pid" 2>/dev/null || true
      wait_for 10 test ! -d "/proc/$pid" || kill -KILL -- "-$pid" 2>/dev/null || true
    }
    say "stopped the instance (flux start pid $pid)"
  fi
  rm -f "$PID_FILE" "$URI_FILE"
}

start_instance() {
  local pid host
  mkdir -p "$STATE_DIR"
  install -d -m 0700 "$RUN_DIR"
  host="$(hostname)"
  # No initial program (rc2_none): the broker runs until `flux shutdown`. Its resources are this host with
  # $CORES cores; noverify keeps the broker from draining the node for having fewer real ones. The feasibility
  # validator refuses a request the instance can never grant at submit time, as production systems configure
  # it (without it sched-simple accepts the job and fails it later with an `alloc` exception).
  (
    cd /
    # A FLUX_URI in the caller's environment would make the new broker think it runs inside that instance.
    unset FLUX_URI
    exec setsid "$FLUX" start --test-size=1 --test-rundir="$RUN_DIR" -Sbroker.rc2_none=1 \
      --conf=resource.noverify=true \
      --conf="resource.config=[{\"hosts\":\"$host\",\"cores\":\"0-$((CORES - 1))\"}]" \
      --conf='ingest.validator.plugins=["jobspec","feasibility"]' \
      >>"$LOG_FILE" 2>&1 </dev/null
  ) &
  pid=$!
  echo "$pid" >"$PID_FILE"
  if ! wait_for 60 answers; then
    tail -20 "$LOG_FILE" >&2 || true
    kill -TERM -- "-$pid" 2>/dev/null || true
    fail "the Flux instance did not answer within 60 s (log: $LOG_FILE)"
  fi
}

case "$ACTION" in
  up)
    if ! answers; then
      stop_instance
      start_instance
      # The broker answers before it runs jobs, and its first job waits for the job shell's first start:
      # one real job (retried until the instance takes it) proves it works and pays that here, not in a test.
      wait_for 60 flux_here run -n1 true || fail "the instance answers but runs no job (log: $LOG_FILE)"
      say "started flux-core $("$FLUX" version | awk '/^commands:/ {print $2}') on $URI ($(elapsed))"
    fi
    # The files say which instance tests use; written only once it answers.
    mkdir -p "$STATE_DIR"
    printf '%s\n' "$URI" >"$URI_FILE.tmp" && mv -f "$URI_FILE.tmp" "$URI_FILE"
    printf '%s\n' "$FLUX" >"$FLUX_FILE.tmp" && mv -f "$FLUX_FILE.tmp" "$FLUX_FILE"
    say "up: $URI ($(flux_here resource list -n -o '{ncores} cores {state}' | head -1))"
    ;;
  status)
    answers || {
      echo "flux: not running ($URI does not answer)"
      exit 1
    }
    echo "flux: $FLUX ($("$FLUX" version | awk '/^commands:/ {print $2}')), FLUX_URI=$URI"
    flux_here uptime
    flux_here resource list
    flux_here jobs -a | head -20
    ;;
  uri)
    answers || fail "not running: run 'bash scripts/local-flux.sh up'"
    printf '%s\n' "$URI"
    ;;
  down)
    stop_instance
    say "down"
    ;;
  *)
    echo "usage: $0 up|status|uri|down" >&2
    exit 2
    ;;
esac
