/**
 * The `orcasim-fault` comment lines of one job's input, from the structure's `orcasim_fault` CSV
 * column: entries separated by `;`, each for every step, or for one step as `<step>: <fault>`
 * (e.g. `opt: error-termination; freq: hang attempts=1`). Fault texts are the simulator's own.
 */
export function simulatorFaultComments(column: string | undefined, step: string): string[] {
  if (!column) return [];
  const comments: string[] = [];
  for (const entry of column.split(';')) {
    const scoped = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*:(.*)$/.exec(entry);
    if (scoped && scoped[1] !== step) continue;
    const fault = (scoped ? scoped[2]! : entry).trim();
    if (fault) comments.push(`orcasim-fault: ${fault}`);
  }
  return comments;
}
