#!/usr/bin/env bash
# Creates (if missing) and migrates the Temporal server's two Postgres databases with temporal-sql-tool and
# the schemas embedded in it. Idempotent: an existing database is kept and only missing versions are applied.
# Run by `npm run stack -- --production`, by the test harness and by docker-compose.yml (admin-tools image).
# Environment (defaults are the local stack's): TEMPORAL_SQL_TOOL, TEMPORAL_PG_HOST, TEMPORAL_PG_PORT,
# TEMPORAL_PG_USER, TEMPORAL_PG_PASSWORD, TEMPORAL_DB, TEMPORAL_VISIBILITY_DB.
set -euo pipefail

tool="${TEMPORAL_SQL_TOOL:-temporal-sql-tool}"
connection=(
  --plugin postgres12
  --endpoint "${TEMPORAL_PG_HOST:-127.0.0.1}"
  --port "${TEMPORAL_PG_PORT:-5432}"
  --user "${TEMPORAL_PG_USER:-postgres}"
)
# The tool reads SQL_PASSWORD itself: the password never appears on a command line.
export SQL_PASSWORD="${TEMPORAL_PG_PASSWORD:-}"

migrate() {
  local database="$1" schema="$2"
  "$tool" "${connection[@]}" --database "$database" create-database
  "$tool" "${connection[@]}" --database "$database" setup-schema --version 0.0
  "$tool" "${connection[@]}" --database "$database" update-schema --schema-name "$schema"
}

migrate "${TEMPORAL_DB:-temporal}" postgresql/v12/temporal
migrate "${TEMPORAL_VISIBILITY_DB:-temporal_visibility}" postgresql/v12/visibility
