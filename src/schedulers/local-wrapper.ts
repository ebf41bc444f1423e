/**
 * Fixed bash program that supervises one local job, detached from the runner so the job outlives it:
 * records its pid and start time, runs the job script in its own process group (`set -m`), kills that
 * group at the walltime (SIGTERM, SIGKILL after a grace period), and writes the exit record itself,
 * so a runner started later still learns how the job ended. Each state file is written tmp + mv.
 * Arguments: state dir, script, log file, walltime seconds, grace seconds. No user data is spliced
 * into this text; it arrives as positional arguments.
 */
export const LOCAL_WRAPPER_SCRIPT = `
state=$1 script=$2 log=$3 walltime=$4 grace=$5
put() { printf '%s\\n' "$2" >"$state/$1.tmp.$$" && mv -f "$state/$1.tmp.$$" "$state/$1"; }
put pid "$$"
put started "$(date +%s)"
if [ -e "$state/cancel-requested" ]; then
  put exit '{"exitCode":143,"endedAt":'"$(date +%s)"',"timedOut":false}'
  exit 0
fi
set -m
/bin/bash "$script" >>"$log" 2>&1 </dev/null &
job=$!
put job-pgid "$job"
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
kill -KILL -- "-$watchdog" 2>/dev/null
timed_out=false
[ -e "$state/timed-out" ] && timed_out=true
put exit '{"exitCode":'"$rc"',"endedAt":'"$(date +%s)"',"timedOut":'"$timed_out"'}'
`;
