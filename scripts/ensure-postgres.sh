#!/usr/bin/env bash
# Makes sure a Postgres server answers: DATABASE_URL if set, else the local server on 127.0.0.1:5432.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ -n "${DATABASE_URL:-}" ]; then
  echo "    using DATABASE_URL (not managing a local server)"
  exit 0
fi

local_ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if command -v pg_isready >/dev/null && local_ready; then
  echo "    local Postgres is running on 127.0.0.1:5432"
  exit 0
fi

installed_now=0
if ! command -v pg_ctlcluster >/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "    Postgres is not installed: installing Debian's postgresql package"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    installed_now=1
  else
    die "no Postgres server answers on 127.0.0.1:5432 and none is installed.
Install PostgreSQL (e.g. 'sudo apt-get install postgresql') or set DATABASE_URL to a server you have."
  fi
fi

version="$(ls /etc/postgresql | sort -V | tail -n 1)"
[ -n "$version" ] || die "pg_ctlcluster exists but /etc/postgresql holds no cluster"
if [ "$installed_now" -eq 1 ]; then
  # A fresh Debian cluster asks for passwords on TCP; the default DATABASE_URL expects local trust.
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
fi
echo "    starting Postgres $version (pg_ctlcluster)"
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 60); do
  local_ready && { echo "    Postgres is up"; exit 0; }
  sleep 0.5
done
die "Postgres $version did not accept connections on 127.0.0.1:5432 within 30 s"
