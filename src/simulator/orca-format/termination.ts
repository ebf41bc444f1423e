export function normalTermination(elapsedMs: number): string[] {
  return ['', '                             ****ORCA TERMINATED NORMALLY****', totalRunTime(elapsedMs)];
}

export function totalRunTime(elapsedMs: number): string {
  const ms = Math.max(0, Math.round(elapsedMs));
  const days = Math.floor(ms / 86_400_000);
  const hours = Math.floor(ms / 3_600_000) % 24;
  const minutes = Math.floor(ms / 60_000) % 60;
  const seconds = Math.floor(ms / 1000) % 60;
  return `TOTAL RUN TIME: ${days} days ${hours} hours ${minutes} minutes ${seconds} seconds ${ms % 1000} msec`;
}

/** The error-termination tail: `ORCA finished by error termination in <module>` … `aborting the run`. */
export function errorTermination(module: string, callingCommand: string): string[] {
  return [
    '',
    `ORCA finished by error termination in ${module}`,
    `Calling Command: ${callingCommand}`,
    '[file orca_tools/qcmsg.cpp, line 465]: ',
    '  .... aborting the run',
    '',
  ];
}

/** An input the simulator rejects: an error line, then `aborting the run`. */
export function inputError(message: string): string[] {
  return ['', `[file orcasim/input-check]: Error : ${message}`, '', '  .... aborting the run', ''];
}

/** The command line of the failing ORCA module, as the error-termination tail names it. */
export function callingCommand(program: string, args: string, nprocs: number): string {
  return nprocs > 1 ? `mpirun -np ${nprocs}  orca_${program}_mpi ${args} ` : `orca_${program} ${args} `;
}

export function memoryShortage(availableMb: number, neededMb: number): string[] {
  return [
    // Wording reconstructed from memory of ORCA's out-of-memory aborts, not copied from a real output.
    'Error (ORCA_SCF): Not enough memory available!',
    `  Memory available per process (%maxcore) ... ${String(availableMb).padStart(6)} MB`,
    `  Memory needed per process               ... ${String(neededMb).padStart(6)} MB`,
    '  Please increase MaxCore.',
    '  [orcasim] scripted fault: memory (the wording above is modelled on ORCA, not copied from it)',
  ];
}
