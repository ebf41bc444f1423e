#!/usr/bin/env bash
# Single-node SLURM for orcastrate's integration tests and CI (Debian/Ubuntu, root, no systemd).
#
#   bash scripts/local-slurm.sh up       install packages if missing, write /etc/slurm/slurm.conf,
#                                        start munged + slurmctld + slurmd, wait until the node is idle
#   bash scripts/local-slurm.sh status   daemons, node state, queue (exit 1 when not usable)
#   bash scripts/local-slurm.sh stop     cancel queued jobs, stop the daemons (keeps config and state)
#   bash scripts/local-slurm.sh down     stop, then delete config, job state and logs (packages stay)
#
# Every action is idempotent; `up` on a running cluster with unchanged config only checks and returns.
# Environment:
#   LOCAL_SLURM_CPUS          CPUs the node advertises [max(nproc, 8)]: more than the real cores on
#                             purpose, so a slow test job never blocks the quick ones behind it
#   LOCAL_SLURM_MIN_JOB_AGE   seconds a finished job stays visible to squeue --states=all [600]
set -euo pipefail

ACTION="${1:-up}"
CONF_DIR=/etc/slurm
CONF_FILE="$CONF_DIR/slurm.conf"
LOG_DIR=/var/log/slurm
STATE_DIR=/var/lib/slurm/slurmctld
SPOOL_DIR=/var/lib/slurm/slurmd
CTLD_PIDFILE=/run/slurmctld.pid
SLURMD_PIDFILE=/run/slurmd.pid
MUNGE_PIDFILE=/run/munge/munged.pid
OWN_DIR=/var/lib/orcastrate-local-slurm # records which daemons this script started
PACKAGES=(slurmctld slurmd slurm-client munge)
MIN_JOB_AGE="${LOCAL_SLURM_MIN_JOB_AGE:-600}"

started_at=$(date +%s%N)
say() { printf 'local-slurm: %s\n' "$*" >&2; }
fail() {
  say "ERROR: $*"
  exit 1
}
elapsed() { awk -v a="$started_at" -v b="$(date +%s%N)" 'BEGIN { printf "%.1f s", (b - a) / 1e9 }'; }

# is_running PIDFILE NAME: the pid recorded in PIDFILE belongs to a live process called NAME.
is_running() {
  local pid
  [ -s "$1" ] || return 1
  pid="$(cat "$1" 2>/dev/null)" || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]
}

# retry_for SECONDS COMMAND...: run COMMAND every 0.2 s until it succeeds or SECONDS pass.
retry_for() {
  local deadline=$(($(date +%s) + $1))
  shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

munge_works() { command -v munge >/dev/null && munge -n 2>/dev/null | unmunge >/dev/null 2>&1; }
controller_answers() { scontrol ping 2>/dev/null | grep -q 'is UP'; }
node_state() { sinfo --noheader --nodes="$(hostname -s)" --format=%T 2>/dev/null | head -1; }
node_usable() { node_state | grep -qE '^(idle|mixed|allocated|completing)$'; }
node_idle() { [ "$(node_state)" = idle ]; }

install_packages() {
  local missing=() pkg
  for pkg in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || fail "apt-get not found: install ${missing[*]} yourself"
  say "installing ${missing[*]}"
  local apt_log
  apt_log="$(mktemp)"
  if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$apt_log" 2>&1; then
    cat "$apt_log" >&2
    fail "apt-get install ${missing[*]} failed"
  fi
  rm -f "$apt_log"
}

ensure_munge_key() {
  if [ ! -s /etc/munge/munge.key ]; then
    install -d -o munge -g munge -m 0700 /etc/munge
    if command -v mungekey >/dev/null; then
      mungekey --create --keyfile=/etc/munge/munge.key
    else
      head -c 1024 /dev/urandom >/etc/munge/munge.key
    fi
  fi
  chown munge:munge /etc/munge/munge.key
  chmod 0400 /etc/munge/munge.key
}

# Prints slurm.conf for this machine. RealMemory stays a little under what slurmd measures, otherwise
# slurmd registers with "Low RealMemory" and the node drains.
render_config() {
  local host hardware real_cpus cpus memory
  host="$(hostname -s)"
  hardware="$(slurmd -C 2>/dev/null | head -1)"
  real_cpus="$(sed -n 's/.* CPUs=\([0-9]*\).*/\1/p' <<<"$hardware")"
  memory="$(sed -n 's/.* RealMemory=\([0-9]*\).*/\1/p' <<<"$hardware")"
  real_cpus="${real_cpus:-$(nproc)}"
  memory="${memory:-2048}"
  cpus="${LOCAL_SLURM_CPUS:-$((real_cpus > 8 ? real_cpus : 8))}"
  cat <<EOF
# Written by orcastrate scripts/local-slurm.sh: one-node test cluster, no systemd, no cgroups.
ClusterName=orcastrate-local
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$STATE_DIR
SlurmdSpoolDir=$SPOOL_DIR
SlurmctldPidFile=$CTLD_PIDFILE
SlurmdPidFile=$SLURMD_PIDFILE
SlurmctldLogFile=$LOG_DIR/slurmctld.log
SlurmdLogFile=$LOG_DIR/slurmd.log
MailProg=/bin/true
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
# Without these the scheduler starts queued jobs in 3-second ticks.
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
AccountingStorageType=accounting_storage/none
# "sacct -c -j ID" reads this file: finished jobs stay queryable without slurmdbd.
JobCompType=jobcomp/filetxt
JobCompLoc=$LOG_DIR/jobcomp.log
MinJobAge=$MIN_JOB_AGE
KillWait=5
OverTimeLimit=0
InactiveLimit=0
SlurmctldTimeout=30
SlurmdTimeout=30
ReturnToService=2
SlurmdParameters=config_overrides
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$((memory * 95 / 100)) State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF
}

# Writes slurm.conf when its content differs; returns 0 when it changed.
write_config() {
  local fresh
  install -d -m 0755 "$CONF_DIR" "$LOG_DIR" "$STATE_DIR" "$SPOOL_DIR" "$OWN_DIR"
  fresh="$(mktemp)"
  render_config >"$fresh"
  if [ -f "$CONF_FILE" ] && cmp -s "$fresh" "$CONF_FILE"; then
    rm -f "$fresh"
    return 1
  fi
  install -m 0644 "$fresh" "$CONF_FILE"
  rm -f "$fresh"
  say "wrote $CONF_FILE"
}

start_munged() {
  munge_works && return 0
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 /var/log/munge /var/lib/munge
  runuser -u munge -- /usr/sbin/munged
  retry_for 10 munge_works || fail "munged did not start (see /var/log/munge/munged.log)"
  cp "$MUNGE_PIDFILE" "$OWN_DIR/munged.pid"
}

start_slurm_daemons() {
  if ! is_running "$CTLD_PIDFILE" slurmctld; then
    /usr/sbin/slurmctld
    retry_for 20 controller_answers || fail "slurmctld does not answer (see $LOG_DIR/slurmctld.log)"
  fi
  if ! is_running "$SLURMD_PIDFILE" slurmd; then
    /usr/sbin/slurmd
    retry_for 10 is_running "$SLURMD_PIDFILE" slurmd || fail "slurmd did not start (see $LOG_DIR/slurmd.log)"
  fi
  if ! retry_for 20 node_usable; then
    scontrol update NodeName="$(hostname -s)" State=RESUME >/dev/null 2>&1 || true
    retry_for 15 node_usable || fail "node is '$(node_state)', not usable (sinfo -R: $(sinfo -R --noheader))"
  fi
  # Leftover jobs from an earlier run may still be finishing; wait for them briefly, never fail on it.
  retry_for 30 node_idle || say "node is '$(node_state)' (jobs from an earlier run still running)"
}

# stop_pid PIDFILE NAME: SIGTERM the recorded process (only if it really is NAME), SIGKILL after 10 s.
stop_pid() {
  local pid
  is_running "$1" "$2" || return 0
  pid="$(cat "$1")"
  kill -TERM "$pid"
  retry_for 10 test ! -d "/proc/$pid" || kill -KILL "$pid" 2>/dev/null || true
  say "stopped $2 (pid $pid)"
}

stop_cluster() {
  if is_running "$CTLD_PIDFILE" slurmctld && [ -n "$(squeue --noheader --format=%i 2>/dev/null)" ]; then
    say "cancelling queued and running jobs"
    squeue --noheader --format=%i | xargs -r scancel 2>/dev/null || true
    retry_for 20 test -z "$(squeue --noheader --format=%i 2>/dev/null)" || say "some jobs are still listed"
  fi
  stop_pid "$SLURMD_PIDFILE" slurmd
  stop_pid "$CTLD_PIDFILE" slurmctld
  # munged may serve other software; stop it only when this script started it.
  stop_pid "$OWN_DIR/munged.pid" munged
  rm -f "$OWN_DIR/munged.pid"
}

show_status() {
  local usable=0 name pidfile
  for name in munged slurmctld slurmd; do
    case "$name" in
      munged) pidfile="$MUNGE_PIDFILE" ;;
      slurmctld) pidfile="$CTLD_PIDFILE" ;;
      slurmd) pidfile="$SLURMD_PIDFILE" ;;
    esac
    if is_running "$pidfile" "$name"; then
      echo "$name: running (pid $(cat "$pidfile"))"
    else
      echo "$name: stopped"
    fi
  done
  if is_running "$CTLD_PIDFILE" slurmctld && node_usable; then
    usable=1
    echo "node $(hostname -s): $(node_state)"
    squeue --format='%.8i %.40j %.10T %.10M %.10l %R'
  fi
  [ "$usable" = 1 ]
}

[ "$(id -u)" = 0 ] || fail "run as root (it installs packages and starts system daemons)"

case "$ACTION" in
  up)
    install_packages
    ensure_munge_key
    if write_config; then
      # Daemons only read slurm.conf at start: restart them so the new file takes effect.
      stop_pid "$SLURMD_PIDFILE" slurmd
      stop_pid "$CTLD_PIDFILE" slurmctld
    fi
    start_munged
    start_slurm_daemons
    say "up: node $(hostname -s) is $(node_state) ($(elapsed))"
    ;;
  status) show_status ;;
  stop) stop_cluster ;;
  down)
    stop_cluster
    rm -rf "$CONF_FILE" "$STATE_DIR" "$SPOOL_DIR" "$LOG_DIR" "$OWN_DIR"
    say "down: stopped, config, job state and logs removed"
    ;;
  *)
    echo "usage: $0 up|status|stop|down" >&2
    exit 2
    ;;
esac
