import { JobTracker } from './job-tracker';
import { finalEnergyAt, scfCyclesAt, tableMaxGradientAt } from './line-bytes';
import { plainFinalEnergy, plainScfCycles, plainTableMaxGradient } from './line-scan';
import { MarkerKind } from './marker-lines';
import type { MarkerFacts } from './output-facts';
import type { EnergyAndScfTotals } from './types';

const MAX_GRADIENT_HISTORY = 10_000;
const MAX_ENERGY_HISTORY = 10_000;

const NUMBER = String.raw`(-?\d+\.\d+(?:[Ee][-+]?\d+)?)`;
const FSPE = new RegExp(String.raw`^\s*FINAL SINGLE POINT ENERGY\s*(?:\(([^)]*)\))?\s+${NUMBER}(.*)$`);
const SCF_CONVERGED = /SCF CONVERGED AFTER\s+(\d+)\s+CYCLES/;
const SCF_NOT_CONVERGED = /SCF NOT CONVERGED AFTER\s+(\d+)\s+CYCLES/;
const TABLE_MAX_GRADIENT = new RegExp(String.raw`^\s+MAX gradient\s+${NUMBER}\s+${NUMBER}\s+(?:YES|NO)\s*$`);
const CARTESIAN_MAX_GRADIENT = new RegExp(String.raw`^MAX gradient\s+\.\.\.\s+${NUMBER}`);

/** The value of a cartesian-gradient summary line "MAX gradient ... 0.000276", else null. */
export function cartesianMaxGradient(line: string): number | null {
  const match = CARTESIAN_MAX_GRADIENT.exec(line);
  return match ? Number(match[1]) : null;
}
const JOB_BANNER = /\${3,}\s+JOB NUMBER\s+(\d+)\s+\$/;

/** Reads the marker lines found by the probes (all but Mulliken blocks) into running counts. */
export class MarkerTally {
  private readonly totals: EnergyAndScfTotals = {
    finalEnergyEh: null,
    finalEnergyLabel: null,
    energyEvaluations: 0,
    scfCycles: 0,
    scfConvergedCount: 0,
    scfNotConvergedCycles: 0,
    scfNotConvergedMarkers: 0,
  };
  private optimizationCycles = 0;
  private optimizationConvergedMarkers = 0;
  private optimizationFailedMarkers = 0;
  private tableMaxGradients: number[] = [];
  private energyHistory: number[] = [];
  private cartesianMaxGradient: number | null = null;
  private readonly jobs = new JobTracker();
  private terminatedNormally = false;

  read(kind: MarkerKind, line: string): void {
    switch (kind) {
      case MarkerKind.EnergyOrTermination:
        if (line.includes('ORCA TERMINATED NORMALLY')) this.terminatedNormally = true;
        else this.readFinalEnergy(line);
        break;
      case MarkerKind.Converged:
        this.readConvergence(line);
        break;
      case MarkerKind.MaxGradient:
        this.readMaxGradient(line);
        break;
      case MarkerKind.JobBanner:
        this.readJobBanner(line);
        break;
      case MarkerKind.OptimizationFailed:
        if (line.includes('The optimization did not converge')) {
          this.optimizationFailedMarkers++;
          this.jobs.current.optimizationFailed = true;
        }
        break;
    }
  }

  /**
   * Reads the line [lineStart, lineEnd) of `bytes` in place when it is one of the lines printed every
   * cycle in its usual shape (as read() would read it); false when it must be read as a string.
   */
  readInPlace(kind: MarkerKind, bytes: Buffer, lineStart: number, lineEnd: number): boolean {
    if (kind === MarkerKind.EnergyOrTermination) {
      const energy = finalEnergyAt(bytes, lineStart, lineEnd);
      if (energy !== undefined) this.recordFinalEnergy(energy, null, '');
      return energy !== undefined;
    }
    if (kind === MarkerKind.Converged) {
      const cycles = scfCyclesAt(bytes, lineStart, lineEnd);
      if (cycles !== undefined) this.recordConvergedScf(cycles);
      return cycles !== undefined;
    }
    if (kind === MarkerKind.MaxGradient) {
      const value = tableMaxGradientAt(bytes, lineStart, lineEnd);
      if (value !== undefined) this.recordTableMaxGradient(value);
      return value !== undefined;
    }
    return false;
  }

  facts(): MarkerFacts {
    return {
      ...this.totals,
      optimizationCycles: this.optimizationCycles,
      optimizationConvergedMarkers: this.optimizationConvergedMarkers,
      optimizationFailedMarkers: this.optimizationFailedMarkers,
      tableMaxGradients: this.tableMaxGradients.slice(-MAX_GRADIENT_HISTORY),
      energyHistory: this.energyHistory.slice(-MAX_ENERGY_HISTORY),
      cartesianMaxGradient: this.cartesianMaxGradient,
      jobs: this.jobs.summaries(),
      jobsWithUnconvergedOptimization: this.jobs.withUnconvergedOptimization(),
      terminatedNormally: this.terminatedNormally,
    };
  }

  private readFinalEnergy(line: string): void {
    const plain = plainFinalEnergy(line);
    if (plain) {
      this.recordFinalEnergy(Number(plain.energy), null, plain.rest);
      return;
    }
    const match = FSPE.exec(line);
    if (!match) return;
    this.recordFinalEnergy(Number(match[2]), match[1]?.trim() || null, match[3] ?? '');
  }

  private recordFinalEnergy(energy: number, label: string | null, rest: string): void {
    this.totals.finalEnergyEh = energy;
    this.totals.finalEnergyLabel = label;
    this.totals.energyEvaluations++;
    this.energyHistory.push(energy);
    if (this.energyHistory.length >= 2 * MAX_ENERGY_HISTORY) {
      this.energyHistory = this.energyHistory.slice(-MAX_ENERGY_HISTORY);
    }
    const job = this.jobs.current;
    job.finalEnergyEh = energy;
    job.energyEvaluations++;
    if (rest.length > 0 && /not fully converged/i.test(rest)) this.totals.scfNotConvergedMarkers++;
  }

  private readConvergence(line: string): void {
    const notConverged = line.includes('NOT CONVERGED') ? SCF_NOT_CONVERGED.exec(line) : null;
    if (notConverged) {
      this.totals.scfNotConvergedMarkers++;
      this.totals.scfNotConvergedCycles += Number(notConverged[1]);
      return;
    }
    const converged = plainScfCycles(line) ?? SCF_CONVERGED.exec(line)?.[1];
    if (converged !== undefined) this.recordConvergedScf(Number(converged));
    else if (line.includes('NOT FULLY CONVERGED') && line.includes('SCF')) {
      this.totals.scfNotConvergedMarkers++;
    } else if (line.includes('THE OPTIMIZATION HAS CONVERGED')) {
      this.optimizationConvergedMarkers++;
      this.jobs.current.optimizationConverged = true;
    }
  }

  private readMaxGradient(line: string): void {
    // the cartesian summary starts in column 0, convergence-table rows with blanks
    if (line.startsWith('M')) {
      this.cartesianMaxGradient = cartesianMaxGradient(line) ?? this.cartesianMaxGradient;
      return;
    }
    const table = plainTableMaxGradient(line) ?? TABLE_MAX_GRADIENT.exec(line)?.[1];
    if (table !== undefined) this.recordTableMaxGradient(Number(table));
  }

  private recordConvergedScf(cycles: number): void {
    this.totals.scfConvergedCount++;
    this.totals.scfCycles += cycles;
  }

  private recordTableMaxGradient(value: number): void {
    this.optimizationCycles++;
    this.jobs.current.optimizationCycles++;
    this.tableMaxGradients.push(value);
    if (this.tableMaxGradients.length >= 2 * MAX_GRADIENT_HISTORY) {
      this.tableMaxGradients = this.tableMaxGradients.slice(-MAX_GRADIENT_HISTORY);
    }
  }

  private readJobBanner(line: string): void {
    const match = JOB_BANNER.exec(line);
    if (match) this.jobs.startJob(Number(match[1]));
  }
}
