import type { FaultKind } from './faults';
import * as fmt from './orca-format';
import { convergingScf, stalledScf } from './scf-trace';
import type { OutputBuffer, SimulatorIo } from './simulator-io';

export type ScfOutcome = { converged: true } | { converged: false; energy: number };

export interface ScfRequest {
  /** The converged energy the iterations lead to. */
  energy: number;
  /** Cycles a converging SCF takes; beyond `maxIter` it does not converge. */
  cycles: number;
  maxIter: number;
  natoms: number;
  fault: FaultKind | undefined;
  /** Printed in the TOTAL SCF ENERGY block of a converged SCF. */
  components?: fmt.PrintedScfComponents;
}

/** Prints one SCF table; returns whether it converged. Also where the hang and SCF faults strike. */
export async function printScf(out: OutputBuffer, io: SimulatorIo, scf: ScfRequest): Promise<ScfOutcome> {
  out.add(fmt.scfTableHeader());
  const startOffset = 0.05 + 0.01 * scf.natoms;
  if (scf.fault === 'hang') {
    const rows = convergingScf(scf.energy, scf.cycles, startOffset).slice(0, 3);
    out.add(rows.map((row, i) => fmt.scfTableRow(i + 1, row)));
    await out.flush();
    return io.hangForever();
  }
  if (scf.fault === 'scf-not-converged' || scf.cycles > scf.maxIter) {
    const rows = stalledScf(scf.energy, scf.maxIter);
    out.add(
      rows.map((row, i) => fmt.scfTableRow(i + 1, row)),
      fmt.scfNotConvergedBox(scf.maxIter),
    );
    return { converged: false, energy: rows.at(-1)?.energy ?? scf.energy };
  }
  const rows = convergingScf(scf.energy, scf.cycles, startOffset);
  out.add(
    rows.map((row, i) => fmt.scfTableRow(i + 1, row)),
    ['                 **** Energy Check signals convergence ****'],
    fmt.scfConvergedBox(scf.cycles),
    fmt.totalScfEnergy(scf.energy, scf.components),
  );
  return { converged: true };
}
