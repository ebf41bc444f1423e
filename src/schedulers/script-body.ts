import { renderReportHook } from './report-hook';
import { shellQuote } from './shell-quote';
import type { JobSpec } from './types';

/** What a scheduler puts at the top of its job script: directive lines, then one comment line. */
export interface ScriptHeader {
  /** Complete lines, e.g. `#SBATCH --ntasks=4`; only validated tokens may go into them. */
  directives: readonly string[];
  description: string;
}

/** A complete job script for a spec that passed validateJobSpec. */
export function renderJobScript(spec: JobSpec, jobDir: string, header: ScriptHeader): string {
  const directives = header.directives.map((line) => `${line}\n`).join('');
  return `#!/bin/bash\n${directives}# ${header.description}\n\n${renderScriptBody(spec, jobDir)}`;
}

/**
 * The scheduler-independent part of every job script: environment, optional scratch directory, the
 * program (stdout into the output file), copy-back, and the completion hook. The script exits with
 * the program's exit code. `jobDir` must already be resolved and checked (resolveJobDir).
 */
export function renderScriptBody(spec: JobSpec, jobDir: string): string {
  const q = shellQuote;
  const exportLines: string[] = [];
  for (const [name, value] of Object.entries(spec.env ?? {})) exportLines.push(`export ${name}=${q(value)}`);
  exportLines.push(`export ORCASTRATE_ATTEMPT=${q(String(spec.attempt))}`);
  exportLines.push(`export ORCASTRATE_CORES=${q(String(spec.cores))}`);
  if (spec.report) {
    exportLines.push(`export ORCASTRATE_REPORT_WORKFLOW_ID=${q(spec.report.workflowId)}`);
    if (spec.report.orcastrateBin) exportLines.push(`export ORCASTRATE_BIN=${q(spec.report.orcastrateBin)}`);
  }
  const command = spec.command.map(q).join(' ');

  return `set -u

${exportLines.join('\n')}

job_dir=${q(jobDir)}
output_file=${q(spec.outputFile)}
scratch_root=${q(spec.scratchRoot ?? '')}
run_dir=$job_dir
scratch_dir=''
program_pid=''
rc=1

# Scratch results go back to the job directory, except ORCA's temporaries and orcastrate's own
# files (the scheduler log is being written in the job directory right now).
copy_results_back() {
  [ -n "$scratch_dir" ] || return 0
  find "$scratch_dir" -mindepth 1 -maxdepth 1 ! -name '*.tmp' ! -name '*.tmp.*' \\
    ! -name 'orcastrate-*' ! -name '.orcastrate-*' -exec cp -pR {} "$job_dir/" \\; ||
    echo "orcastrate: copying results back from $scratch_dir failed" >&2
}

remove_scratch() {
  if [ -n "$scratch_dir" ]; then rm -rf -- "$scratch_dir"; fi
  scratch_dir=''
}

# Cancel and time limit arrive shortly before SIGKILL: SIGTERM from SLURM; from Flux SIGALRM at the time
# limit and SIGTERM then SIGHUP on cancel. Stop the program and keep its partial results, deaf to the
# signals that follow. No report here: the scheduler's verdict (cancelled/timeout) is the authority.
on_signal() {
  trap '' TERM INT HUP ALRM
  if [ -n "$program_pid" ]; then
    kill -TERM "$program_pid" 2>/dev/null
    wait "$program_pid" 2>/dev/null
  fi
  copy_results_back
  remove_scratch
  exit 143
}

${renderReportHook(spec.attempt)}
trap on_signal TERM INT HUP ALRM
trap remove_scratch EXIT

cd "$job_dir" || exit 1
if [ -n "$scratch_root" ]; then
  mkdir -p -- "$scratch_root" && scratch_dir=$(mktemp -d "$scratch_root/orcastrate.XXXXXX") || {
    echo "orcastrate: cannot create a scratch directory under $scratch_root" >&2
    exit 1
  }
  cp -pR "$job_dir/." "$scratch_dir/" || {
    echo "orcastrate: copying inputs to $scratch_dir failed" >&2
    exit 1
  }
  run_dir=$scratch_dir
fi
cd "$run_dir" || exit 1

# In the background so a SIGTERM reaches on_signal at once instead of after the program ends.
${command} >"$output_file" </dev/null &
program_pid=$!
wait "$program_pid"
rc=$?
program_pid=''

copy_results_back
remove_scratch
# in a subshell: whatever goes wrong in the hook (even an unset variable under set -u) ends only it
(report_verdict) || true
exit "$rc"
`;
}
