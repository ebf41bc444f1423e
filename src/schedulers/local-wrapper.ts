/**
 * Fixed bash program that supervises one local job, detached from the runner so the job outlives it:
 * records its pid and start time, runs the job script in its own process group (`set -m`), kills that
 * group at the walltime (SIGTERM, SIGKILL after a grace period), and writes the exit record itself,
 * so a runner started later still learns how the job ended. Each state file is written tmp + mv.
 * A wrapper that cannot record its pid (state directory gone) never starts the job; a SIGTERM to the
 * wrapper (the runner giving up on a lost job) stops the job's group the same way as the walltime.
 * Arguments: state dir, script, log file, walltime seconds, grace seconds. No user data is spliced
 * into this text; it arrives as positional arguments.
 */
export const LOCAL_WRAPPER_SCRIPT = `
state=$1 script=$2 log=$3 walltime=$4 grace=$5
put() { printf '%s\\n' "$2" >"$state/$1.tmp.$$" && mv -f "$state/$1.tmp.$$" "$state/$1"; }
job='' stopping=''
# SIGTERM to the wrapper: stop the job's group like the walltime does. Before the job exists it only
# takes note, and the job is stopped (or never started) as soon as it is known.
stop_job() {
  stopping=1
  [ -n "$job" ] || return 0
  kill -TERM -- "-$job" 2>/dev/null
  ( sleep "$grace"; kill -KILL -- "-$job" 2>/dev/null ) </dev/null >/dev/null 2>&1 &
}
trap stop_job TERM
put pid "$$" 2>/dev/null || exit 1
put started "$(date +%s)"
if [ -e "$state/cancel-requested" ] || [ -n "$stopping" ]; then
  put exit '{"exitCode":143,"endedAt":'"$(date +%s)"',"timedOut":false}'
  exit 0
fi
set -m
/bin/bash "$script" >>"$log" 2>&1 </dev/null &
job=$!
put job-pgid "$job"
[ -z "$stopping" ] || stop_job
(
  sleep "$walltime"
  : >"$state/timed-out"
  kill -TERM -- "-$job" 2>/dev/null
  sleep "$grace"
  kill -KILL -- "-$job" 2>/dev/null
) </dev/null >/dev/null 2>&1 &
watchdog=$!
wait "$job"
rc=$?
# A trapped SIGTERM ends wait early while the job still runs: wait until it is really gone.
while kill -0 "$job" 2>/dev/null; do
  wait "$job"
  rc=$?
done
kill -KILL -- "-$watchdog" 2>/dev/null
timed_out=false
[ -e "$state/timed-out" ] && timed_out=true
put exit '{"exitCode":'"$rc"',"endedAt":'"$(date +%s)"',"timedOut":'"$timed_out"'}'
`;
