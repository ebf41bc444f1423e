# Helpers shared by the dev and the production stack (scripts/stack.sh). Source, don't run.
# ORCASTRATE_STACK_DIR: another state folder (pid files, logs), e.g. for a test of the script itself
STACK_DIR="${ORCASTRATE_STACK_DIR:-$ROOT/.data/stack}"
TEMPORAL_PORT="${ORCASTRATE_STACK_TEMPORAL_PORT:-7233}"
UI_PORT="${ORCASTRATE_STACK_UI_PORT:-8233}"
STACK_ADDRESS="127.0.0.1:$TEMPORAL_PORT"

# A pid counts as ours only if it is alive AND its command line still carries our marker.
owned_pid() {
  local name="$1" marker="$2" pid
  [ -f "$STACK_DIR/$name.pid" ] || return 1
  pid="$(cat "$STACK_DIR/$name.pid")"
  [ -r "/proc/$pid/cmdline" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$marker" || return 1
  echo "$pid"
}

worker_marker() { echo "$ROOT/dist/workers/main.js"; }

# A server restarted on an existing database ignores --search-attribute (dev server) or never had them
# (production server, a new namespace): attributes orcastrate lacks there are registered here.
register_search_attributes() {
  local namespace="${1:-default}" cli known flag name type
  cli="$(find_temporal_cli)" || die "no Temporal CLI: run 'npm run setup' first"
  known="$("$cli" operator search-attribute list --address "$STACK_ADDRESS" --namespace "$namespace" --output json)" ||
    die "cannot list the search attributes of namespace $namespace on the Temporal server at $STACK_ADDRESS"
  for flag in $(node dist/client/cli.js dev search-attribute-flags); do
    [ "$flag" = --search-attribute ] && continue
    name="${flag%%=*}" type="${flag#*=}"
    grep -qF "\"$name\":" <<<"$known" && continue
    "$cli" operator search-attribute create --name "$name" --type "$type" \
      --address "$STACK_ADDRESS" --namespace "$namespace" >/dev/null ||
      die "cannot register search attribute $name on $STACK_ADDRESS"
    echo "registered search attribute $name ($type) in namespace $namespace"
  done
}

# Refuses to start a server on a port another process holds: its health check would answer for ours.
require_free_port() {
  local port="$1" label="$2"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    die "port $port is already in use by a process that is not ours, so the $label cannot start there (ss -ltnp | grep :$port shows which; ORCASTRATE_STACK_TEMPORAL_PORT / ORCASTRATE_STACK_UI_PORT choose others)"
  fi
}

# wait_healthy <label> <pid file name> <log>: until the frontend answers, or the process died.
wait_healthy() {
  local label="$1" name="$2" log="$3" cli
  cli="$(find_temporal_cli)" || die "no Temporal CLI: run 'npm run setup' first"
  for _ in $(seq 1 120); do
    kill -0 "$(cat "$STACK_DIR/$name.pid")" 2>/dev/null || die "$label exited; see $log"
    "$cli" operator cluster health --address "$STACK_ADDRESS" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  die "$label did not become healthy within 60 s; see $log"
}

start_worker() {
  local pid
  if pid="$(owned_pid worker "$(worker_marker)")"; then
    echo "worker already running (pid $pid)"
    return
  fi
  [ -f dist/workers/main.js ] || die "not built: run 'npm run setup' first"
  # glibc's fixed mmap threshold returns freed large buffers at once (README "Worker memory")
  TEMPORAL_ADDRESS="${TEMPORAL_ADDRESS:-$STACK_ADDRESS}" MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}" \
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
