/**
 * The job script's completion hook: the bash functions that tell the job's workflow how its attempt
 * ended (signal `attemptReport` with `{attempt, exitCode}`, as `orcastrate report` sends it).
 *
 * Its main path needs only `curl`: ONE SignalWorkflowExecution call to the frontend at
 * TEMPORAL_ADDRESS, as gRPC over HTTP/2. Temporal's HTTP API (the JSON gateway on the frontend's HTTP
 * port) cannot be used: it routes on the workflow id in the URL path and decodes `%2F` before routing,
 * so no encoding of our job workflow ids (`<campaign>/<job>`) reaches them (measured on server 1.29.1:
 * 404 "Not Found" for `%2F`, `workflow not found for ID: c%2Fj` for `%252F`). The request is encoded
 * here in Protocol Buffers' wire format; test/unit/schedulers/report-hook.test.ts decodes it with
 * Temporal's own message definitions.
 *
 * Fallbacks, only when curl cannot be used at all (missing, no HTTP/2, or no TEMPORAL_ADDRESS): the
 * `temporal` CLI, then `orcastrate report`. A server that refuses or does not answer is not retried
 * through another path (it would refuse them too): the batched poller notices the job's end anyway.
 * Nothing here changes the job's exit status, and every path is bounded in time.
 *
 * Secrets stay in files: TLS keys are passed to curl as paths, and the API key is read from
 * TEMPORAL_API_KEY_FILE into a header that curl reads from a pipe — never an argument, a variable of
 * the script's environment, the script itself or its log.
 */

/** curl's limit per try, and tries for a server that is down or overloaded: at most ~33 s in all. */
export const REPORT_CURL_MAX_TIME_SECONDS = 10;
export const REPORT_CURL_TRIES = 3;
/** Seconds the `temporal` CLI or `orcastrate report` may take before they are abandoned. */
export const REPORT_TIMEOUT_SECONDS = 60;
/** Identities the three paths give their signal, so a job workflow's history shows which one it was. */
export const REPORT_IDENTITY_PREFIX = {
  curl: 'orcastrate-hook-curl@',
  cli: 'orcastrate-hook-cli@',
  node: 'orcastrate-hook-node@',
} as const;

/** `attempt` must be a validated positive integer (validateJobSpec); `rc` is the script's variable. */
export function renderReportHook(attempt: number): string {
  if (!Number.isSafeInteger(attempt) || attempt < 1) throw new RangeError(`bad attempt ${attempt}`);
  return `# The completion hook (src/schedulers/report-hook.ts): curl, else the temporal CLI, else
# orcastrate report. It never changes the job's exit status.
report_attempt=${attempt}

report_done() {
  echo "orcastrate report: attempt $report_attempt of $ORCASTRATE_REPORT_WORKFLOW_ID reported (exit $rc) via $1"
}

report_failed() {
  echo "orcastrate report: WARNING: could not report to $ORCASTRATE_REPORT_WORKFLOW_ID via $1: $2." \\
    'The batched poller will notice the job ended.' >&2
}

# Protocol Buffers' wire format as printf escapes (\\xHH): a request holds NUL bytes, which no shell
# variable can. Each function leaves its result in pb_out.
pb_escaped() {
  local LC_ALL=C value=$1 i
  pb_out=''
  for ((i = 0; i < \${#value}; i++)); do printf -v pb_out '%s\\\\x%02x' "$pb_out" "'\${value:i:1}"; done
}

pb_varint() {
  local n=$1
  pb_out=''
  while ((n > 127)); do
    printf -v pb_out '%s\\\\x%02x' "$pb_out" $(((n & 127) | 128))
    n=$((n >> 7))
  done
  printf -v pb_out '%s\\\\x%02x' "$pb_out" "$n"
}

# pb_field NUMBER ESCAPED: a length-delimited field holding escaped bytes (a string or a message)
pb_field() {
  local content=$2 key
  pb_varint $(($1 << 3 | 2))
  key=$pb_out
  pb_varint $((\${#content} / 4))
  pb_out=$key$pb_out$content
}

pb_string() {
  pb_escaped "$2"
  pb_field "$1" "$pb_out"
}

# One gRPC frame holding temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest:
# 1 namespace, 2 workflow_execution {1 workflow_id}, 3 signal_name, 4 input {1 payloads: Payload
# {1 metadata entry {1 key, 2 value}, 2 data}}, 5 identity, 6 request_id (the server drops a signal
# whose request id it has seen, so a retried request is not delivered twice).
signal_request() {
  local namespace=$1 identity=$2 request_id=$3 data=$4 request execution payload
  pb_string 1 "$ORCASTRATE_REPORT_WORKFLOW_ID"
  execution=$pb_out
  pb_string 1 encoding
  payload=$pb_out
  pb_string 2 json/plain
  pb_field 1 "$payload$pb_out"
  payload=$pb_out
  pb_string 2 "$data"
  pb_field 1 "$payload$pb_out"
  pb_field 4 "$pb_out"
  payload=$pb_out
  pb_string 1 "$namespace"
  request=$pb_out
  pb_field 2 "$execution"
  request+=$pb_out
  pb_string 3 attemptReport
  request+=$pb_out$payload
  pb_string 5 "$identity"
  request+=$pb_out
  pb_string 6 "$request_id"
  request+=$pb_out
  local n=$((\${#request} / 4))
  printf -v pb_out '\\\\x00\\\\x%02x\\\\x%02x\\\\x%02x\\\\x%02x' $((n >> 24 & 255)) $((n >> 16 & 255)) \\
    $((n >> 8 & 255)) $((n & 255))
  pb_out+=$request
}

# The API key's rule (src/temporal/api-key.ts): one line of visible ASCII, no spaces.
api_key_ok() {
  local LC_ALL=C
  [[ $1 =~ ^[!-~]+$ ]]
}

# Returns 3 when curl cannot be used here (the caller falls back), 0 otherwise (reported or warned).
report_with_curl() {
  local address=\${TEMPORAL_ADDRESS:-} namespace=\${TEMPORAL_NAMESPACE:-default} key='' url
  [ -n "$address" ] || return 3
  local host=\${address%:*} port=\${address##*:}
  set -- -sS -o /dev/null -D - --connect-timeout 5 --max-time ${REPORT_CURL_MAX_TIME_SECONDS} \\
    -H 'content-type: application/grpc' -H 'te: trailers' --data-binary @-
  if [[ $namespace =~ ^[A-Za-z0-9._-]+$ ]]; then set -- "$@" -H "temporal-namespace: $namespace"; fi
  if [ "\${TEMPORAL_TLS:-}" = true ]; then
    url="https://$address"
    set -- "$@" --http2
    if [ -n "\${TEMPORAL_TLS_CA:-}" ]; then set -- "$@" --cacert "$TEMPORAL_TLS_CA"; fi
    if [ -n "\${TEMPORAL_TLS_CERT:-}" ]; then
      # curl reads --cert as "file:password": a backslash or colon in the path is escaped
      local backslash='\\' colon='\\:' cert
      cert=\${TEMPORAL_TLS_CERT//\\\\/$backslash$backslash}
      set -- "$@" --cert "\${cert//:/$colon}" --key "\${TEMPORAL_TLS_KEY:-}"
    fi
    if [ -n "\${TEMPORAL_TLS_SERVER_NAME:-}" ]; then
      url="https://$TEMPORAL_TLS_SERVER_NAME:$port"
      set -- "$@" --connect-to "$TEMPORAL_TLS_SERVER_NAME:$port:$host:$port"
    fi
  else
    url="http://$address"
    set -- "$@" --http2-prior-knowledge
  fi
  url+=/temporal.api.workflowservice.v1.WorkflowService/SignalWorkflowExecution
  if [ -n "\${TEMPORAL_API_KEY_FILE:-}" ]; then
    IFS= read -r key 2>/dev/null <"$TEMPORAL_API_KEY_FILE"
    key=\${key%$'\\r'}
    if ! api_key_ok "$key"; then
      report_failed curl "TEMPORAL_API_KEY_FILE=$TEMPORAL_API_KEY_FILE cannot be read or its first line is not an API key"
      return 0
    fi
  fi
  # the JSON report holds nothing but integers: the attempt validated when rendered, and bash's $?
  signal_request "$namespace" "${REPORT_IDENTITY_PREFIX.curl}\${HOSTNAME:-unknown}" \\
    "report-$report_attempt-\${HOSTNAME:-}-$$-$RANDOM$RANDOM" "{\\"attempt\\":$report_attempt,\\"exitCode\\":$rc}"
  local try answer code status reason
  local status_re='grpc-status: *([0-9]+)' message_re=$'grpc-message: *([^\\r\\n]*)'
  local error_re=$'(curl: \\\\([0-9]+\\\\)[^\\r\\n]*)'
  for ((try = 1; try <= ${REPORT_CURL_TRIES}; try++)); do
    if [ -n "$key" ]; then
      answer=$(printf '%b' "$pb_out" |
        curl "$@" -H @<(printf 'authorization: Bearer %s\\n' "$key") "$url" 2>&1)
    else
      answer=$(printf '%b' "$pb_out" | curl "$@" "$url" 2>&1)
    fi
    code=$?
    status=''
    if [[ $answer =~ $status_re ]]; then status=\${BASH_REMATCH[1]}; fi
    case $code in
      1 | 2 | 4 | 48) return 3 ;; # this curl has no HTTP/2 (or TLS), or is too old for these options
    esac
    if [ "$code" = 0 ] && [ "$status" = 0 ]; then
      report_done curl
      return 0
    fi
    if [ "$code" != 0 ]; then
      reason="curl exit code $code"
      if [[ $answer =~ $error_re ]]; then reason=\${BASH_REMATCH[1]}; fi
    elif [ -n "$status" ]; then
      reason="gRPC status $status"
      if [[ $answer =~ $message_re ]]; then reason+=": \${BASH_REMATCH[1]}"; fi
    else
      reason=\${answer%%$'\\n'*}
      reason="no gRPC answer (\${reason%$'\\r'})"
    fi
    # transient: no connection, timed out, connection broken; UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED
    case "$code/$status" in
      6/* | 7/* | 28/* | 35/* | 52/* | 55/* | 56/* | 0/4 | 0/8 | 0/14) ;;
      *) break ;;
    esac
    if ((try < ${REPORT_CURL_TRIES})); then sleep "$try"; fi
  done
  report_failed curl "$reason"
  return 0
}

report_bounded() {
  if command -v timeout >/dev/null 2>&1; then
    timeout ${REPORT_TIMEOUT_SECONDS} "$@" </dev/null
  else
    "$@" </dev/null
  fi
}

report_with_temporal_cli() {
  local key='' out code
  set -- temporal workflow signal --address "$TEMPORAL_ADDRESS" --namespace "\${TEMPORAL_NAMESPACE:-default}" \\
    --workflow-id "$ORCASTRATE_REPORT_WORKFLOW_ID" --name attemptReport \\
    --input "{\\"attempt\\":$report_attempt,\\"exitCode\\":$rc}" \\
    --identity "${REPORT_IDENTITY_PREFIX.cli}\${HOSTNAME:-unknown}" --command-timeout 30s
  if [ "\${TEMPORAL_TLS:-}" = true ]; then set -- "$@" --tls; else set -- "$@" --tls=false; fi
  if [ -n "\${TEMPORAL_TLS_CA:-}" ]; then set -- "$@" --tls-ca-path "$TEMPORAL_TLS_CA"; fi
  if [ -n "\${TEMPORAL_TLS_CERT:-}" ]; then
    set -- "$@" --tls-cert-path "$TEMPORAL_TLS_CERT" --tls-key-path "\${TEMPORAL_TLS_KEY:-}"
  fi
  if [ -n "\${TEMPORAL_TLS_SERVER_NAME:-}" ]; then set -- "$@" --tls-server-name "$TEMPORAL_TLS_SERVER_NAME"; fi
  if [ -n "\${TEMPORAL_API_KEY_FILE:-}" ]; then
    IFS= read -r key 2>/dev/null <"$TEMPORAL_API_KEY_FILE"
    key=\${key%$'\\r'}
    if ! api_key_ok "$key"; then
      report_failed 'the temporal CLI' "TEMPORAL_API_KEY_FILE=$TEMPORAL_API_KEY_FILE cannot be read or its first line is not an API key"
      return 0
    fi
    # in the CLI's environment (TEMPORAL_API_KEY), never on its command line
    out=$(TEMPORAL_API_KEY=$key report_bounded "$@" 2>&1)
  else
    out=$(report_bounded "$@" 2>&1)
  fi
  code=$?
  if [ "$code" = 0 ]; then
    report_done 'the temporal CLI'
  else
    report_failed 'the temporal CLI' "exit code $code: \${out##*$'\\n'}"
  fi
}

report_verdict() {
  [ -n "\${ORCASTRATE_REPORT_WORKFLOW_ID:-}" ] || return 0
  if command -v curl >/dev/null 2>&1; then
    report_with_curl
    [ $? = 3 ] || return 0
  fi
  if [ -n "\${TEMPORAL_ADDRESS:-}" ] && command -v temporal >/dev/null 2>&1; then
    report_with_temporal_cli
    return 0
  fi
  if [ -z "\${ORCASTRATE_BIN:-}" ] && ! command -v orcastrate >/dev/null 2>&1; then
    report_failed 'any path' 'no curl with HTTP/2, no temporal CLI and no orcastrate here'
    return 0
  fi
  report_bounded "\${ORCASTRATE_BIN:-orcastrate}" report --workflow-id "$ORCASTRATE_REPORT_WORKFLOW_ID" \\
    --attempt "$report_attempt" --exit-code "$rc" --output "$job_dir/$output_file" || true
}
`;
}
