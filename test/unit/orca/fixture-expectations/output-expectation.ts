import type { RunStatus, VerdictReason } from '../../../../src/orca';

/** Expected values for the fixture outputs, transcribed from ../shared/fixtures/orca/PROVENANCE.md. */
export interface OutputExpectation {
  /** Why status/reason differ from PROVENANCE's orientation rule, when they do (used in the test name). */
  note?: string;
  version: string;
  status: RunStatus;
  reason: VerdictReason;
  errorModule?: string;
  lastFspe: number | null;
  fspeCount: number;
  scfTotal: number;
  /** Last geometry-convergence-table MAX gradient and number of tables. */
  tableMaxGradient: number | null;
  tables: number;
  cartesianMaxGradient: number | null;
  charge: number | null;
  multiplicity: number | null;
  mulliken: {
    header: string;
    atoms: number;
    atom0: { element: string; charge: number; spin: number | null };
    chargeSum: number;
    spinSum: number | null;
  } | null;
}

export const SPIN = 'MULLIKEN ATOMIC CHARGES AND SPIN POPULATIONS';
export const PLAIN = 'MULLIKEN ATOMIC CHARGES';
