/** SLURM `--time` as D-HH:MM:SS, rounded up to whole minutes (SLURM's limit granularity). */
export function slurmTimeLimit(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return `${days}-${pad(hours)}:${pad(rest)}:00`;
}

/** Flux Standard Duration in seconds, e.g. `3600s`. */
export function fluxTimeLimit(seconds: number): string {
  return `${Math.ceil(seconds)}s`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
