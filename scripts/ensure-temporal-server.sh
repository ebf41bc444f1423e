#!/usr/bin/env bash
# Makes the production Temporal server, its SQL schema tool and the Web UI server available in .tools/bin
# (temporal-server, temporal-sql-tool, temporal-ui-server), building them from Go modules once and caching
# the binaries outside the clone (like the CLI), so a fresh clone on the same machine links them in seconds.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

GO="$(command -v go 2>/dev/null || true)"
[ -z "$GO" ] && [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go

# ensure <binary name> <cache folder> <go package@version> <name go install gives it>
ensure() {
  local name="$1" cache_dir="$TOOLS_CACHE/$2" package="$3" built_name="$4" work
  mkdir -p "$TOOLS_BIN"
  if [ ! -x "$cache_dir/$name" ]; then
    [ -n "$GO" ] || die "$name is missing and Go is not installed, so it cannot be built.
Install Go >= 1.25 (https://go.dev/doc/install) and re-run 'npm run setup'."
    work="$(mktemp -d)"
    echo "    building $name from $package (first time: several minutes)"
    GOBIN="$work" with_heartbeat "go install $name" "$GO" install "$package" ||
      die "go install $package failed"
    mkdir -p "$cache_dir"
    mv -f "$work/$built_name" "$cache_dir/$name.tmp.$$" && mv -f "$cache_dir/$name.tmp.$$" "$cache_dir/$name"
    rm -rf "$work"
    echo "    cached in $cache_dir/$name"
  else
    echo "    using the cached $name from $cache_dir"
  fi
  ln -sfn "$cache_dir/$name" "$TOOLS_BIN/$name"
}

ensure temporal-server "temporal-server-$TEMPORAL_SERVER_VERSION" \
  "go.temporal.io/server/cmd/server@$TEMPORAL_SERVER_VERSION" server
ensure temporal-sql-tool "temporal-server-$TEMPORAL_SERVER_VERSION" \
  "go.temporal.io/server/cmd/tools/sql@$TEMPORAL_SERVER_VERSION" sql
ensure temporal-ui-server "temporal-ui-server-$TEMPORAL_UI_VERSION" \
  "github.com/temporalio/ui-server/v2/cmd/server@$TEMPORAL_UI_VERSION" server
"$TOOLS_BIN/temporal-server" --version
