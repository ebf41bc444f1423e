import { emptyHeaderFields, readHeaderLine, type HeaderFields } from './header-fields';
import { MullikenBlock, isMullikenHeader } from './mulliken-block';
import { findTailError } from './tail-errors';
import { countControlBytes, looksBinary } from './text-sniff';
import type { JobSummary, MullikenPopulation } from './types';

const NEWLINE = 0x0a;
// "ORCA finished by error termination" and "aborting the run" are the last words of a run, so they
// are looked for in the tail only (any byte probe for them would be common, e.g. 'b'); the window is
// wide enough for the MPI and batch-system noise that may follow them.
const TAIL_BYTES = 256 * 1024;
const SNIFF_BYTES = 16 * 1024;
const MAX_GRADIENT_HISTORY = 10_000;
const MAX_JOBS = 10_000;

const NUMBER = String.raw`(-?\d+\.\d+(?:[Ee][-+]?\d+)?)`;
const FSPE = new RegExp(String.raw`^\s*FINAL SINGLE POINT ENERGY\s*(?:\(([^)]*)\))?\s+${NUMBER}(.*)$`);
const SCF_CONVERGED = /SCF CONVERGED AFTER\s+(\d+)\s+CYCLES/;
const SCF_NOT_CONVERGED = /SCF NOT CONVERGED AFTER\s+(\d+)\s+CYCLES/;
const TABLE_MAX_GRADIENT = new RegExp(String.raw`^\s+MAX gradient\s+${NUMBER}\s+${NUMBER}\s+(?:YES|NO)\s*$`);
const CARTESIAN_MAX_GRADIENT = new RegExp(String.raw`^MAX gradient\s+\.\.\.\s+${NUMBER}`);
const JOB_BANNER = /\${3,}\s+JOB NUMBER\s+(\d+)\s+\$/;
const ERROR_TERMINATION = /error termination in\s+(.*?)\s*$/;

/** Line kinds located by a rare byte; see PROBES. */
const Kind = {
  EnergyOrTermination: 0,
  Converged: 1,
  MaxGradient: 2,
  Mulliken: 3,
  JobBanner: 4,
  OptimizationFailed: 5,
} as const;
const KIND_SLOTS = 8;

/**
 * Interesting lines are found without visiting every line: each is located through a byte that is
 * rare in ORCA outputs (Buffer#indexOf on a byte is a native memchr), confirmed by a few neighbouring
 * bytes, and only then decoded and parsed. This is what makes the scan run near grep speed.
 */
interface Probe {
  byte: number;
  /** Kind of the line when the bytes around `at` look like the wanted marker, else -1. */
  classify(region: Buffer, at: number): number;
}

const PROBES: Probe[] = [
  {
    // "FINAL SINGLE POINT ENERGY" (…RGY) and "ORCA TERMINATED NORMALLY" (…LLY)
    byte: 0x59, // Y
    classify: (r, i) =>
      (r[i - 1] === 0x47 && r[i - 2] === 0x52) || (r[i - 1] === 0x4c && r[i - 2] === 0x4c)
        ? Kind.EnergyOrTermination
        : -1,
  },
  {
    // "SCF CONVERGED AFTER", "SCF NOT CONVERGED AFTER", "NOT FULLY CONVERGED", "OPTIMIZATION HAS CONVERGED"
    byte: 0x56, // V
    classify: (r, i) =>
      r[i + 1] === 0x45 && r[i + 2] === 0x52 && r[i + 3] === 0x47 && r[i + 5] === 0x44 ? Kind.Converged : -1,
  },
  {
    byte: 0x58, // X of "MAX gradient"
    classify: (r, i) =>
      r[i - 2] === 0x4d && r[i - 1] === 0x41 && r[i + 1] === 0x20 && r[i + 2] === 0x67
        ? Kind.MaxGradient
        : -1,
  },
  {
    byte: 0x4b, // K of "MULLIKEN"
    classify: (r, i) =>
      r[i - 5] === 0x4d && r[i - 4] === 0x55 && r[i + 1] === 0x45 && r[i + 2] === 0x4e ? Kind.Mulliken : -1,
  },
  {
    byte: 0x4a, // J of "JOB NUMBER"
    classify: (r, i) => (r[i + 1] === 0x4f && r[i + 2] === 0x42 && r[i + 3] === 0x20 ? Kind.JobBanner : -1),
  },
  {
    byte: 0x7a, // z of "optimization did not converge"
    classify: (r, i) =>
      r[i + 1] === 0x61 && r[i + 6] === 0x20 && r[i + 7] === 0x64 && r[i + 8] === 0x69
        ? Kind.OptimizationFailed
        : -1,
  },
];

interface JobState {
  number: number;
  finalEnergyEh: number | null;
  energyEvaluations: number;
  optimizationCycles: number;
  optimizationConverged: boolean;
  optimizationFailed: boolean;
}

function newJob(number: number): JobState {
  return {
    number,
    finalEnergyEh: null,
    energyEvaluations: 0,
    optimizationCycles: 0,
    optimizationConverged: false,
    optimizationFailed: false,
  };
}

/** Everything the scanner learned from one output; the verdict and metrics are derived from it. */
export interface OutputFacts {
  header: HeaderFields;
  finalEnergyEh: number | null;
  finalEnergyLabel: string | null;
  energyEvaluations: number;
  scfCycles: number;
  scfConvergedCount: number;
  scfNotConvergedCycles: number;
  scfNotConvergedMarkers: number;
  optimizationCycles: number;
  optimizationConvergedMarkers: number;
  optimizationFailedMarkers: number;
  tableMaxGradients: number[];
  cartesianMaxGradient: number | null;
  mulliken: MullikenPopulation | null;
  jobs: JobSummary[];
  /** Per job: an optimization ran in it and never reported convergence. */
  jobsWithUnconvergedOptimization: number;
  terminatedNormally: boolean;
  errorTerminationModule: string | null;
  errorTerminations: number;
  abortMarkers: number;
  tailError: string | null;
  /** Why the bytes could not be read as text (binary content); I/O errors are added by the caller. */
  unreadable: string | null;
  bytesRead: number;
}

/** Incremental, bounded-memory scanner for ORCA main outputs. Feed it with push(), then finish(). */
export class OrcaOutputScanner {
  private readonly header = emptyHeaderFields();
  private headerDone = false;
  private finalEnergyEh: number | null = null;
  private finalEnergyLabel: string | null = null;
  private energyEvaluations = 0;
  private scfCycles = 0;
  private scfConvergedCount = 0;
  private scfNotConvergedCycles = 0;
  private scfNotConvergedMarkers = 0;
  private optimizationCycles = 0;
  private optimizationConvergedMarkers = 0;
  private optimizationFailedMarkers = 0;
  private tableMaxGradients: number[] = [];
  private cartesianMaxGradient: number | null = null;
  private mulliken: MullikenPopulation | null = null;
  private openMulliken: MullikenBlock | null = null;
  private readonly jobs: JobState[] = [newJob(1)];
  private terminatedNormally = false;
  private errorTerminationModule: string | null = null;
  private errorTerminations = 0;
  private abortMarkers = 0;
  private readonly tail = Buffer.alloc(TAIL_BYTES);
  private tailLength = 0;
  private tailTruncated = false;
  private readonly sniff = Buffer.alloc(SNIFF_BYTES);
  private sniffLength = 0;
  private sniffed = false;
  private unreadable: string | null = null;
  private bytesRead = 0;

  /** Feed a region that ends at a line boundary (see LineAlignedSplitter) or at the end of input. */
  pushRegion(region: Buffer): void {
    if (this.unreadable !== null || region.length === 0) return;
    this.bytesRead += region.length;
    if (!this.sniffed) {
      this.collectSniffSample(region);
      if (this.unreadable !== null) return;
    }
    let from = 0;
    if (this.openMulliken) from = this.continueMulliken(region, 0);
    if (!this.headerDone) this.scanHeader(region, from);
    this.scanMarkers(region, from);
    this.rememberTail(region);
  }

  finish(): OutputFacts {
    if (!this.sniffed) this.judgeSniffSample();
    if (this.openMulliken) {
      this.mulliken = this.openMulliken.result(true) ?? this.mulliken;
      this.openMulliken = null;
    }
    let tailText = this.tail.toString('latin1', 0, this.tailLength);
    if (this.tailTruncated) tailText = tailText.slice(tailText.indexOf('\n') + 1);
    if (this.unreadable === null) this.readTerminalErrors(tailText);
    const jobs = this.jobs.map(({ optimizationFailed: _failed, ...job }) => job);
    return {
      header: this.header,
      finalEnergyEh: this.finalEnergyEh,
      finalEnergyLabel: this.finalEnergyLabel,
      energyEvaluations: this.energyEvaluations,
      scfCycles: this.scfCycles,
      scfConvergedCount: this.scfConvergedCount,
      scfNotConvergedCycles: this.scfNotConvergedCycles,
      scfNotConvergedMarkers: this.scfNotConvergedMarkers,
      optimizationCycles: this.optimizationCycles,
      optimizationConvergedMarkers: this.optimizationConvergedMarkers,
      optimizationFailedMarkers: this.optimizationFailedMarkers,
      tableMaxGradients: this.tableMaxGradients.slice(-MAX_GRADIENT_HISTORY),
      cartesianMaxGradient: this.cartesianMaxGradient,
      mulliken: this.mulliken,
      jobs,
      jobsWithUnconvergedOptimization: this.jobs.filter(
        (job) => job.optimizationCycles > 0 && (!job.optimizationConverged || job.optimizationFailed),
      ).length,
      terminatedNormally: this.terminatedNormally,
      errorTerminationModule: this.errorTerminationModule,
      errorTerminations: this.errorTerminations,
      abortMarkers: this.abortMarkers,
      tailError: this.unreadable === null ? findTailError(tailText) : null,
      unreadable: this.unreadable,
      bytesRead: this.bytesRead,
    };
  }

  private readTerminalErrors(tailText: string): void {
    if (!tailText.includes('error termination') && !/borting the run/.test(tailText)) return;
    for (const line of tailText.split('\n')) {
      const termination = ERROR_TERMINATION.exec(line);
      if (termination && line.includes('ORCA finished by error termination')) {
        this.errorTerminations++;
        this.errorTerminationModule ??= termination[1] || null;
      } else if (/aborting the run/i.test(line)) {
        this.abortMarkers++;
      }
    }
  }

  private collectSniffSample(region: Buffer): void {
    const n = Math.min(region.length, SNIFF_BYTES - this.sniffLength);
    region.copy(this.sniff, this.sniffLength, 0, n);
    this.sniffLength += n;
    if (this.sniffLength === SNIFF_BYTES) this.judgeSniffSample();
  }

  private judgeSniffSample(): void {
    this.sniffed = true;
    if (this.sniffLength > 0 && looksBinary(this.sniff, this.sniffLength)) {
      const control = countControlBytes(this.sniff, this.sniffLength);
      this.unreadable = `content is binary, not text (${control} control bytes in the first ${this.sniffLength})`;
    }
  }

  private rememberTail(region: Buffer): void {
    if (region.length >= TAIL_BYTES) {
      region.copy(this.tail, 0, region.length - TAIL_BYTES);
      this.tailTruncated = this.tailTruncated || region.length > TAIL_BYTES || this.tailLength > 0;
      this.tailLength = TAIL_BYTES;
      return;
    }
    const keep = Math.min(this.tailLength, TAIL_BYTES - region.length);
    if (keep < this.tailLength) this.tailTruncated = true;
    this.tail.copy(this.tail, 0, this.tailLength - keep, this.tailLength);
    region.copy(this.tail, keep);
    this.tailLength = keep + region.length;
  }

  private scanHeader(region: Buffer, from: number): void {
    let start = from;
    while (start < region.length && !this.headerDone) {
      let end = region.indexOf(NEWLINE, start);
      if (end === -1) end = region.length;
      this.headerDone = readHeaderLine(region.toString('latin1', start, end), this.header);
      start = end + 1;
    }
  }

  private scanMarkers(region: Buffer, from: number): void {
    const found: number[] = [];
    for (const probe of PROBES) {
      let at = region.indexOf(probe.byte, from);
      while (at !== -1) {
        const kind = probe.classify(region, at);
        if (kind >= 0) found.push((region.lastIndexOf(NEWLINE, at) + 1) * KIND_SLOTS + kind);
        at = region.indexOf(probe.byte, at + 1);
      }
    }
    if (found.length === 0) return;
    const hits = Float64Array.from(found).sort();
    let consumedUntil = from;
    let previous = -1;
    for (const hit of hits) {
      if (hit === previous) continue;
      previous = hit;
      const lineStart = Math.floor(hit / KIND_SLOTS);
      if (lineStart < consumedUntil) continue;
      let lineEnd = region.indexOf(NEWLINE, lineStart);
      if (lineEnd === -1) lineEnd = region.length;
      const line = region.toString('latin1', lineStart, lineEnd);
      const kind = hit - lineStart * KIND_SLOTS;
      if (kind === Kind.Mulliken && isMullikenHeader(line)) {
        this.openMulliken = new MullikenBlock(line.trim());
        consumedUntil = this.continueMulliken(region, lineEnd + 1);
      } else {
        this.readMarkerLine(kind, line);
      }
    }
  }

  /** Feeds lines to the open Mulliken block; returns the offset of the first line not consumed. */
  private continueMulliken(region: Buffer, from: number): number {
    let start = from;
    while (start < region.length && this.openMulliken) {
      let end = region.indexOf(NEWLINE, start);
      if (end === -1) end = region.length;
      if (!this.openMulliken.accept(region.toString('latin1', start, end))) {
        this.mulliken = this.openMulliken.result(false) ?? this.mulliken;
        this.openMulliken = null;
        return start;
      }
      start = end + 1;
    }
    return start;
  }

  private get currentJob(): JobState {
    return this.jobs[this.jobs.length - 1] as JobState;
  }

  private readMarkerLine(kind: number, line: string): void {
    switch (kind) {
      case Kind.EnergyOrTermination:
        if (line.includes('ORCA TERMINATED NORMALLY')) this.terminatedNormally = true;
        else this.readFinalEnergy(line);
        break;
      case Kind.Converged:
        this.readConvergence(line);
        break;
      case Kind.MaxGradient:
        this.readMaxGradient(line);
        break;
      case Kind.JobBanner:
        this.readJobBanner(line);
        break;
      case Kind.OptimizationFailed:
        if (line.includes('The optimization did not converge')) {
          this.optimizationFailedMarkers++;
          this.currentJob.optimizationFailed = true;
        }
        break;
    }
  }

  private readFinalEnergy(line: string): void {
    const match = FSPE.exec(line);
    if (!match) return;
    const energy = Number(match[2]);
    this.finalEnergyEh = energy;
    this.finalEnergyLabel = match[1]?.trim() || null;
    this.energyEvaluations++;
    const job = this.currentJob;
    job.finalEnergyEh = energy;
    job.energyEvaluations++;
    if (/not fully converged/i.test(match[3] ?? '')) this.scfNotConvergedMarkers++;
  }

  private readConvergence(line: string): void {
    const notConverged = SCF_NOT_CONVERGED.exec(line);
    if (notConverged) {
      this.scfNotConvergedMarkers++;
      this.scfNotConvergedCycles += Number(notConverged[1]);
      return;
    }
    const converged = SCF_CONVERGED.exec(line);
    if (converged) {
      this.scfConvergedCount++;
      this.scfCycles += Number(converged[1]);
    } else if (line.includes('NOT FULLY CONVERGED') && line.includes('SCF')) {
      this.scfNotConvergedMarkers++;
    } else if (line.includes('THE OPTIMIZATION HAS CONVERGED')) {
      this.optimizationConvergedMarkers++;
      this.currentJob.optimizationConverged = true;
    }
  }

  private readMaxGradient(line: string): void {
    const table = TABLE_MAX_GRADIENT.exec(line);
    if (table) {
      this.optimizationCycles++;
      this.currentJob.optimizationCycles++;
      this.tableMaxGradients.push(Number(table[1]));
      if (this.tableMaxGradients.length >= 2 * MAX_GRADIENT_HISTORY) {
        this.tableMaxGradients = this.tableMaxGradients.slice(-MAX_GRADIENT_HISTORY);
      }
      return;
    }
    const cartesian = CARTESIAN_MAX_GRADIENT.exec(line);
    if (cartesian) this.cartesianMaxGradient = Number(cartesian[1]);
  }

  private readJobBanner(line: string): void {
    const match = JOB_BANNER.exec(line);
    if (!match) return;
    const number = Number(match[1]);
    if (number !== this.currentJob.number && this.jobs.length < MAX_JOBS) this.jobs.push(newJob(number));
  }
}
