#!/usr/bin/env bash
# Makes a Temporal CLI available at .tools/bin/temporal (or finds one), building it from Go modules.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if cli="$(find_temporal_cli)"; then
  echo "    using Temporal CLI $cli ($("$cli" --version | head -1))"
  exit 0
fi

# Built binaries are cached outside the clone, so a fresh clone on this machine skips the Go build.
cached="$TOOLS_CACHE/temporal-cli-$TEMPORAL_CLI_VERSION/temporal"
if [ -x "$cached" ] && "$cached" --version >/dev/null 2>&1; then
  mkdir -p "$TOOLS_BIN"
  cp "$cached" "$TOOLS_BIN/temporal"
  echo "    using the cached Temporal CLI $TEMPORAL_CLI_VERSION from $cached"
  exit 0
fi

GO="$(command -v go 2>/dev/null || true)"
[ -z "$GO" ] && [ -x /usr/local/go/bin/go ] && GO=/usr/local/go/bin/go
if [ -z "$GO" ]; then
  die "the Temporal CLI is missing and Go is not installed, so it cannot be built.
Install Go >= 1.25 (https://go.dev/doc/install) and re-run 'npm run setup', or install the
Temporal CLI yourself (https://docs.temporal.io/cli) and put it on PATH or at $TOOLS_BIN/temporal."
fi
go_version="$("$GO" env GOVERSION | sed 's/^go//')"
go_major="${go_version%%.*}"
go_minor="$(echo "$go_version" | cut -d. -f2)"
if [ "$go_major" -lt 1 ] || { [ "$go_major" -eq 1 ] && [ "$go_minor" -lt 25 ]; }; then
  die "Go $go_version is too old to build the Temporal CLI $TEMPORAL_CLI_VERSION: Go >= 1.25 is needed."
fi

mkdir -p "$TOOLS_BIN"
echo "    building the Temporal CLI $TEMPORAL_CLI_VERSION with Go $go_version (first time: several minutes)"
if ! GOBIN="$TOOLS_BIN" with_heartbeat "go install" \
  "$GO" install "github.com/temporalio/cli/cmd/temporal@$TEMPORAL_CLI_VERSION"; then
  echo "    go install failed; building from a writable copy of the downloaded module instead"
  module_dir="$("$GO" mod download -json "github.com/temporalio/cli@$TEMPORAL_CLI_VERSION" |
    sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  [ -d "$module_dir" ] || die "go mod download did not produce the Temporal CLI module"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  cp -r "$module_dir/." "$work/"
  chmod -R u+w "$work"
  (cd "$work" && with_heartbeat "go build" "$GO" build -o "$TOOLS_BIN/temporal" ./cmd/temporal)
fi
"$TOOLS_BIN/temporal" --version
mkdir -p "$(dirname "$cached")"
cp "$TOOLS_BIN/temporal" "$cached.tmp.$$" && mv -f "$cached.tmp.$$" "$cached"
echo "    cached in $cached"
