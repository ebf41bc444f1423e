#!/usr/bin/env bash
# Local stack: a Temporal server with its Web UI on :8233 and one orcastrate worker.
#   start               the dev server (`temporal server start-dev`, state in .data/temporal/dev.sqlite)
#   start --production  the production topology: Temporal server on Postgres + Web UI server (deploy/)
#   stop | status       whatever of either is running; `start` and `stop` touch only the processes
#                       recorded in .data/stack/*.pid (alive and still carrying our command line).
# --server-only starts no worker (the test harness runs its own).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
source "$ROOT/scripts/stack-common.sh"
source "$ROOT/scripts/stack-production.sh"
cd "$ROOT"
mkdir -p "$STACK_DIR" "$ROOT/.data/temporal"

temporal_marker() { echo "--db-filename $ROOT/.data/temporal/dev.sqlite"; }

start_dev_server() {
  local cli pid
  if pid="$(owned_pid temporal "$(temporal_marker)")"; then
    echo "Temporal dev server already running (pid $pid)"
    return
  fi
  if pid="$(owned_pid temporal-server "$(server_marker)")"; then
    die "the production Temporal server is running (pid $pid) on the same ports: run 'npm run stack:stop' first"
  fi
  cli="$(find_temporal_cli)" || die "no Temporal CLI: run 'npm run setup' first"
  require_free_port "$TEMPORAL_PORT" "Temporal dev server"
  require_free_port "$UI_PORT" "Temporal dev server's Web UI"
  # shellcheck disable=SC2046
  setsid "$cli" server start-dev --ip 127.0.0.1 --port "$TEMPORAL_PORT" --ui-port "$UI_PORT" \
    --db-filename "$ROOT/.data/temporal/dev.sqlite" --log-level warn \
    $(node dist/client/cli.js dev search-attribute-flags 2>/dev/null || true) \
    $(node dist/client/cli.js dev dynamic-config-flags 2>/dev/null || true) \
    >>"$STACK_DIR/temporal.log" 2>&1 </dev/null &
  echo $! >"$STACK_DIR/temporal.pid"
  wait_healthy "Temporal dev server" temporal "$STACK_DIR/temporal.log"
  echo "Temporal dev server up: gRPC $STACK_ADDRESS, Web UI http://localhost:$UI_PORT (pid $(cat "$STACK_DIR/temporal.pid"))"
  register_search_attributes default
}

command="${1:-start}"
shift || true
production=0 server_only=0
for argument in "$@"; do
  case "$argument" in
    --production) production=1 ;;
    --server-only) server_only=1 ;;
    *) die "unknown option $argument (usage: scripts/stack.sh start|stop|status|search-attributes [--production] [--server-only])" ;;
  esac
done

case "$command" in
  start)
    if [ "$production" = 1 ]; then
      start_production_server
      start_ui
    else
      start_dev_server
    fi
    [ "$server_only" = 1 ] || start_worker
    ;;
  stop)
    stop_one worker "$(worker_marker)"
    stop_one temporal-ui "$(ui_marker)"
    stop_one temporal-server "$(server_marker)"
    stop_one temporal "$(temporal_marker)"
    ;;
  search-attributes) register_search_attributes default ;;
  status)
    for entry in "temporal:$(temporal_marker)" "temporal-server:$(server_marker)" "temporal-ui:$(ui_marker)" "worker:$(worker_marker)"; do
      name="${entry%%:*}"
      if pid="$(owned_pid "$name" "${entry#*:}")"; then echo "$name: running (pid $pid)"; else echo "$name: stopped"; fi
    done
    ;;
  *) die "usage: scripts/stack.sh start|stop|status|search-attributes [--production] [--server-only]" ;;
esac
