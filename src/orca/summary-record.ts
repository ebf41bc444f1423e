import type { ParsedFile } from './parsed-file';
import type { OrcaProperties } from './property-types';
import type { SellaStatusData } from './sella-status';
import type { MullikenPopulation, RunStatus, VerdictReason } from './types';

/** One flat, JSON-friendly line per file (the `orcastrate parse --json` format). */
export interface SummaryRecord {
  file: string;
  kind: ParsedFile['kind'];
  orcaVersion: string | null;
  status: RunStatus | null;
  reason: VerdictReason | null;
  detail: string | null;
  errorModule: string | null;
  finalEnergyEh: number | null;
  energyEvaluations: number | null;
  scfCycles: number | null;
  optimization: { cycles: number; converged: boolean | null } | null;
  maxGradientEhBohr: number | null;
  maxGradientSource: string | null;
  charge: number | null;
  multiplicity: number | null;
  mulliken: MullikenPopulation | null;
  /** Outputs only. */
  properties?: OrcaProperties;
  engrad?: {
    atomCount: number;
    normEhBohr: number;
    maxAtomNormEhBohr: number;
    rmsEhBohr: number;
    atomicNumbers: number[];
  };
  sellaStatus?: SellaStatusData;
  sella?: {
    runs: number;
    stepRows: number;
    lastStep: number;
    lastEnergyEv: number;
    lastFmaxEvPerAngstrom: number;
  };
}

export function toSummaryRecord(parsed: ParsedFile): SummaryRecord {
  const record: SummaryRecord = {
    file: parsed.file,
    kind: parsed.kind,
    orcaVersion: null,
    status: parsed.verdict?.status ?? null,
    reason: parsed.verdict?.reason ?? null,
    detail: parsed.verdict?.detail ?? null,
    errorModule: parsed.verdict?.errorModule ?? null,
    finalEnergyEh: null,
    energyEvaluations: null,
    scfCycles: null,
    optimization: null,
    maxGradientEhBohr: null,
    maxGradientSource: null,
    charge: null,
    multiplicity: null,
    mulliken: null,
  };
  switch (parsed.kind) {
    case 'output': {
      const m = parsed.metrics;
      return {
        ...record,
        orcaVersion: m.orcaVersion,
        finalEnergyEh: m.finalEnergyEh,
        energyEvaluations: m.energyEvaluations,
        scfCycles: m.scfCycles,
        optimization: { cycles: m.optimization.cycles, converged: m.optimization.converged },
        maxGradientEhBohr: m.maxGradientEhBohr,
        maxGradientSource: m.maxGradientSource,
        charge: m.charge,
        multiplicity: m.multiplicity,
        mulliken: m.mulliken,
        properties: m.properties,
      };
    }
    case 'engrad': {
      const e = parsed.engrad;
      if (!e) return record;
      return {
        ...record,
        finalEnergyEh: e.energyEh,
        maxGradientEhBohr: e.maxAbsComponentEhBohr,
        maxGradientSource: 'engrad',
        engrad: {
          atomCount: e.atomCount,
          normEhBohr: e.normEhBohr,
          maxAtomNormEhBohr: e.maxAtomNormEhBohr,
          rmsEhBohr: e.rmsEhBohr,
          atomicNumbers: e.atomicNumbers,
        },
      };
    }
    case 'sella': {
      const s = parsed.sella;
      if (!s) return record;
      return {
        ...record,
        finalEnergyEh: s.lastEnergyEh,
        energyEvaluations: s.stepRows,
        maxGradientEhBohr: s.lastFmaxEhBohr,
        maxGradientSource: 'sella-fmax',
        sella: {
          runs: s.runs,
          stepRows: s.stepRows,
          lastStep: s.lastStep,
          lastEnergyEv: s.lastEnergyEv,
          lastFmaxEvPerAngstrom: s.lastFmaxEvPerAngstrom,
        },
      };
    }
    case 'sella-status':
      return parsed.sellaStatus ? { ...record, sellaStatus: parsed.sellaStatus } : record;
    case 'other':
      return record;
  }
}
