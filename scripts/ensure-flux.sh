#!/usr/bin/env bash
# Makes a real flux-core available for the Flux tests: uses `flux` on PATH when there is one, otherwise builds
# flux-core from the vendored source (../shared/vendor/flux-core/) once and installs it into the cache outside
# the clone ($TOOLS_CACHE/flux-core-<version>), so a second run or a fresh clone on this machine reuses it.
# Debian ships no Flux package; the build needs root for apt-get (Debian build dependencies) and ~10 min.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ -n "$(command -v flux 2>/dev/null || true)" ]; then
  echo "    using flux on PATH: $(command -v flux) ($(flux version 2>/dev/null | awk '/^commands:/ {print $2}'))"
  exit 0
fi

prefix="$FLUX_PREFIX"
complete_stamp="$prefix/.orcastrate-install-complete"
if [ -f "$complete_stamp" ] && [ -x "$prefix/bin/flux" ]; then
  echo "    using the cached flux-core $FLUX_CORE_VERSION in $prefix"
  exit 0
fi

tarball="$ROOT/../shared/vendor/flux-core/flux-core-$FLUX_CORE_VERSION.tar.gz"
[ -f "$tarball" ] || die "flux is not on PATH and the flux-core source is missing: expected $tarball.
Install flux-core $FLUX_CORE_VERSION yourself (so that 'flux' is on PATH) or provide that tarball, then re-run
'npm run setup'; or skip Flux with ORCASTRATE_SETUP_FLUX=0 (the Flux tests will then fail)."

# Two clones set up at once on one machine must not build into the same prefix together.
mkdir -p "$TOOLS_CACHE"
exec 9>"$TOOLS_CACHE/flux-core-$FLUX_CORE_VERSION.lock"
if ! flock -n 9; then
  echo "    another setup is building flux-core; waiting for it"
  flock 9
fi
if [ -f "$complete_stamp" ] && [ -x "$prefix/bin/flux" ]; then
  echo "    flux-core $FLUX_CORE_VERSION was installed in $prefix meanwhile"
  exit 0
fi

build_deps=(autoconf automake libtool make pkg-config libc6-dev libzmq3-dev uuid-dev libjansson-dev liblz4-dev
  libarchive-dev libhwloc-dev libsqlite3-dev lua5.1 liblua5.1-dev lua-posix python3-dev python3-cffi
  python3-ply python3-setuptools python3-yaml jq libsodium-dev)
missing=()
for package in "${build_deps[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  command -v apt-get >/dev/null && [ "$(id -u)" = "0" ] ||
    die "building flux-core needs these Debian packages (run as root, or install them): ${missing[*]}"
  echo "    installing ${#missing[@]} Debian build dependencies: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
fi

# The prefix is compiled into flux, so it is built for its final place; a half-finished install is removed.
rm -rf "$prefix"
logs="$TOOLS_CACHE/flux-core-$FLUX_CORE_VERSION-build-logs"
rm -rf "$logs" && mkdir -p "$logs"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xzf "$tarball" -C "$work"
cd "$work/flux-core-$FLUX_CORE_VERSION"
# The vendored tree is a `git archive` (no .git, no configure): configure.ac reads the version from FLUX_VERSION.
export FLUX_VERSION="$FLUX_CORE_VERSION"
log_to() {
  local log="$1"
  shift
  "$@" >"$log" 2>&1
}
# The heartbeat goes to the terminal, the tool's output to its log.
run_logged() {
  local label="$1" log="$logs/$2.log"
  shift 2
  with_heartbeat "$label" log_to "$log" "$@" || {
    tail -40 "$log" >&2
    die "flux-core $label failed (full log: $log)"
  }
}
echo "    flux-core $FLUX_CORE_VERSION: autogen + configure (logs in $logs)"
run_logged autogen autogen ./autogen.sh
# flux's Python commands need Debian's python3 modules (ply, cffi, yaml), not a pyenv python3 first on PATH.
run_logged configure configure env PYTHON=/usr/bin/python3 ./configure --prefix="$prefix" --disable-docs
echo "    flux-core $FLUX_CORE_VERSION: make (first time: ~10 min on 2 cores)"
run_logged make make make -j"$(nproc)"
run_logged "make install" install make install
"$prefix/bin/flux" version >/dev/null || die "the installed flux ($prefix/bin/flux) does not run"
touch "$complete_stamp"
echo "    installed flux-core $FLUX_CORE_VERSION in $prefix"
