#!/usr/bin/env bash
# Local dev stack: Temporal dev server (persisted under .data/, Web UI on :8233) and one orcastrate worker.
# `start` and `stop` touch only the processes recorded in .data/stack/*.pid.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

STACK_DIR="$ROOT/.data/stack"
TEMPORAL_PORT="${ORCASTRATE_STACK_TEMPORAL_PORT:-7233}"
UI_PORT="${ORCASTRATE_STACK_UI_PORT:-8233}"
mkdir -p "$STACK_DIR" "$ROOT/.data/temporal"

# A pid counts as ours only if it is alive AND its command line still carries our marker.
owned_pid() {
  local name="$1" marker="$2" pid
  [ -f "$STACK_DIR/$name.pid" ] || return 1
  pid="$(cat "$STACK_DIR/$name.pid")"
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
  echo "$pid"
}

temporal_marker() { echo "--db-filename $ROOT/.data/temporal/dev.sqlite"; }
worker_marker() { echo "$ROOT/dist/workers/main.js"; }

# A dev server restarted on an existing SQLite file ignores --search-attribute: attributes added to
# orcastrate since that file was created (e.g. OrcastrateJobStatus) are registered here instead.
register_search_attributes() {
  local cli address known flag name type
  cli="$(find_temporal_cli)" || die "no Temporal CLI: run 'npm run setup' first"
  address="127.0.0.1:$TEMPORAL_PORT"
  known="$("$cli" operator search-attribute list --address "$address" --output json)" ||
    die "cannot list the search attributes of the Temporal server at $address"
  for flag in $(node dist/client/cli.js dev search-attribute-flags); do
    [ "$flag" = --search-attribute ] && continue
    name="${flag%%=*}" type="${flag#*=}"
    grep -qF "\"$name\":" <<<"$known" && continue
    "$cli" operator search-attribute create --name "$name" --type "$type" --address "$address" >/dev/null ||
      die "cannot register search attribute $name on $address"
    echo "registered search attribute $name ($type): the Temporal database predates it"
  done
}

start_temporal() {
  local cli pid
  if pid="$(owned_pid temporal "$(temporal_marker)")"; then
    echo "Temporal dev server already running (pid $pid)"
    return
  fi
  cli="$(find_temporal_cli)" || die "no Temporal CLI: run 'npm run setup' first"
  setsid "$cli" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$UI_PORT" \
    --db-filename "$ROOT/.data/temporal/dev.sqlite" --log-level warn \
    $(node dist/client/cli.js dev search-attribute-flags 2>/dev/null || true) \
    >>"$STACK_DIR/temporal.log" 2>&1 </dev/null &
  echo $! >"$STACK_DIR/temporal.pid"
  for _ in $(seq 1 120); do
    if "$cli" operator cluster health --address "127.0.0.1:$TEMPORAL_PORT" >/dev/null 2>&1; then
      echo "Temporal dev server up: gRPC 127.0.0.1:$TEMPORAL_PORT, Web UI http://localhost:$UI_PORT (pid $(cat "$STACK_DIR/temporal.pid"))"
      register_search_attributes
      return
    fi
    kill -0 "$(cat "$STACK_DIR/temporal.pid")" 2>/dev/null || die "Temporal dev server exited; see $STACK_DIR/temporal.log"
    sleep 0.5
  done
  die "Temporal dev server did not become healthy within 60 s; see $STACK_DIR/temporal.log"
}

start_worker() {
  local pid
  if pid="$(owned_pid worker "$(worker_marker)")"; then
    echo "worker already running (pid $pid)"
    return
  fi
  [ -f dist/workers/main.js ] || die "not built: run 'npm run setup' first"
  TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-127.0.0.1:$TEMPORAL_PORT}" \
    setsid node "$ROOT/dist/workers/main.js" >>"$STACK_DIR/worker.log" 2>&1 </dev/null &
  echo $! >"$STACK_DIR/worker.pid"
  sleep 2
  if ! kill -0 "$(cat "$STACK_DIR/worker.pid")" 2>/dev/null; then
    echo "last lines of $STACK_DIR/worker.log:" >&2
    tail -n 8 "$STACK_DIR/worker.log" | sed 's/^/    /' >&2
    die "worker exited at start (e.g. a bad ORCASTRATE_DATA_ROOT or DATABASE_URL); see $STACK_DIR/worker.log"
  fi
  echo "worker running (pid $(cat "$STACK_DIR/worker.pid")), log $STACK_DIR/worker.log"
}

stop_one() {
  local name="$1" marker="$2" pid
  if ! pid="$(owned_pid "$name" "$marker")"; then
    rm -f "$STACK_DIR/$name.pid"
    echo "$name: not running"
    return
  fi
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.25
  done
  kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  rm -f "$STACK_DIR/$name.pid"
  echo "$name: stopped (pid $pid)"
}

case "${1:-start}" in
  start)
    start_temporal
    start_worker
    ;;
  stop)
    stop_one worker "$(worker_marker)"
    stop_one temporal "$(temporal_marker)"
    ;;
  search-attributes) register_search_attributes ;;
  status)
    for name in temporal worker; do
      marker="$([ "$name" = temporal ] && temporal_marker || worker_marker)"
      if pid="$(owned_pid "$name" "$marker")"; then echo "$name: running (pid $pid)"; else echo "$name: stopped"; fi
    done
    ;;
  *) die "usage: scripts/stack.sh start|stop|status|search-attributes" ;;
esac
