# The production topology of scripts/stack.sh: a Temporal server on Postgres (deploy/temporal) and the
# Temporal Web UI server (deploy/temporal-ui), built by scripts/ensure-temporal-server.sh. Source, don't run.
PRODUCTION_NAMESPACE_RETENTION="${ORCASTRATE_STACK_RETENTION:-30d}"

server_marker() { echo "--root $ROOT/deploy/temporal --config config --env orcastrate"; }
ui_marker() { echo "--root $ROOT/deploy/temporal-ui --config config --env orcastrate"; }

# The server's settings come from deploy/temporal/config/orcastrate.yaml, filled from these variables.
export_server_environment() {
  export TEMPORAL_FRONTEND_PORT="$TEMPORAL_PORT"
  export TEMPORAL_DYNAMIC_CONFIG_FILE="$ROOT/deploy/temporal/config/dynamicconfig/orcastrate.yaml"
  export TEMPORAL_SQL_TOOL="$TOOLS_BIN/temporal-sql-tool"
}

require_production_binaries() {
  local name
  for name in temporal-server temporal-sql-tool temporal-ui-server; do
    [ -x "$TOOLS_BIN/$name" ] || die "$TOOLS_BIN/$name is missing: run 'npm run setup' (it builds the production server)"
  done
}

start_production_server() {
  local pid log="$STACK_DIR/temporal-server.log"
  if pid="$(owned_pid temporal-server "$(server_marker)")"; then
    echo "Temporal server already running (pid $pid)"
    return
  fi
  if pid="$(owned_pid temporal "--db-filename $ROOT/.data/temporal/dev.sqlite")"; then
    die "the dev stack's Temporal server is running (pid $pid) on the same ports: run 'npm run stack:stop' first"
  fi
  require_production_binaries
  require_free_port "$TEMPORAL_PORT" "Temporal server"
  export_server_environment
  echo "Temporal schemas on Postgres ${TEMPORAL_PG_HOST:-127.0.0.1}:${TEMPORAL_PG_PORT:-5432} (databases ${TEMPORAL_DB:-temporal}, ${TEMPORAL_VISIBILITY_DB:-temporal_visibility})"
  bash "$ROOT/deploy/temporal/setup-schema.sh" >>"$STACK_DIR/temporal-schema.log" 2>&1 ||
    die "the Temporal schema setup failed; see $STACK_DIR/temporal-schema.log"
  # shellcheck disable=SC2046
  setsid "$TOOLS_BIN/temporal-server" $(server_marker) --allow-no-auth start >>"$log" 2>&1 </dev/null &
  echo $! >"$STACK_DIR/temporal-server.pid"
  wait_healthy "Temporal server" temporal-server "$log"
  echo "Temporal server up: gRPC $STACK_ADDRESS, HTTP API 127.0.0.1:${TEMPORAL_HTTP_PORT:-7243}, metrics 127.0.0.1:${TEMPORAL_METRICS_PORT:-8000} (pid $(cat "$STACK_DIR/temporal-server.pid"))"
  ensure_namespace default
  register_search_attributes default
}

# The same script docker-compose.yml runs: the server creates no namespace of its own.
ensure_namespace() {
  TEMPORAL_CLI="$(find_temporal_cli)" TEMPORAL_ADDRESS="$STACK_ADDRESS" TEMPORAL_NAMESPACE="$1" \
    TEMPORAL_NAMESPACE_RETENTION="$PRODUCTION_NAMESPACE_RETENTION" bash "$ROOT/deploy/temporal/create-namespace.sh" ||
    die "cannot create namespace $1 on $STACK_ADDRESS"
}

start_ui() {
  local pid log="$STACK_DIR/temporal-ui.log"
  if pid="$(owned_pid temporal-ui "$(ui_marker)")"; then
    echo "Temporal Web UI already running (pid $pid)"
    return
  fi
  require_free_port "$UI_PORT" "Web UI"
  # shellcheck disable=SC2046
  TEMPORAL_ADDRESS="$STACK_ADDRESS" TEMPORAL_UI_PORT="$UI_PORT" \
    setsid "$TOOLS_BIN/temporal-ui-server" $(ui_marker) start >>"$log" 2>&1 </dev/null &
  echo $! >"$STACK_DIR/temporal-ui.pid"
  for _ in $(seq 1 60); do
    if curl -fs -o /dev/null "http://127.0.0.1:$UI_PORT/"; then
      echo "Temporal Web UI http://localhost:$UI_PORT (pid $(cat "$STACK_DIR/temporal-ui.pid"))"
      return
    fi
    kill -0 "$(cat "$STACK_DIR/temporal-ui.pid")" 2>/dev/null || die "the Web UI server exited; see $log"
    sleep 0.5
  done
  die "the Web UI did not answer on :$UI_PORT within 30 s; see $log"
}
