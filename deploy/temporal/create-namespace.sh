#!/usr/bin/env bash
# Registers a namespace on the Temporal server if it lacks it (the server creates none of its own) and waits
# until it is usable (a new namespace is served after the server's registry refresh, about 2 s).
# Run by `npm run stack -- --production` and by docker-compose.yml (admin-tools image). orcastrate's
# search attributes are registered by the worker when it starts.
# Environment: TEMPORAL_CLI (default: temporal), TEMPORAL_ADDRESS (127.0.0.1:7233), TEMPORAL_NAMESPACE
# (default), TEMPORAL_NAMESPACE_RETENTION (30d: how long a closed campaign stays visible).
set -euo pipefail

cli="${TEMPORAL_CLI:-temporal}"
address="${TEMPORAL_ADDRESS:-127.0.0.1:7233}"
namespace="${TEMPORAL_NAMESPACE:-default}"
retention="${TEMPORAL_NAMESPACE_RETENTION:-30d}"

for _ in $(seq 1 120); do
  "$cli" operator cluster health --address "$address" >/dev/null 2>&1 && break
  sleep 1
done
if ! "$cli" operator namespace describe --namespace "$namespace" --address "$address" >/dev/null 2>&1; then
  "$cli" operator namespace create --namespace "$namespace" --retention "$retention" --address "$address" >/dev/null
  echo "created namespace $namespace (retention $retention)"
fi
for _ in $(seq 1 60); do
  "$cli" workflow list --namespace "$namespace" --address "$address" --limit 1 >/dev/null 2>&1 && exit 0
  sleep 0.5
done
echo "namespace $namespace is not usable on $address after 30 s" >&2
exit 1
