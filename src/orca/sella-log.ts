import type { SellaLogData, SellaStep } from './types';
import { evPerAngstromToHartreePerBohr, evToHartree } from './units';

const MAX_STEPS_KEPT = 10_000;
const STEP_ROW =
  /^Sella\s+(\d+)\s+(\S+)\s+(-?\d+(?:\.\d+)?(?:[Ee][-+]?\d+)?)\s+(\d+(?:\.\d+)?(?:[Ee][-+]?\d+)?)/;

export class SellaFormatError extends Error {}

export function isSellaHeader(line: string): boolean {
  const trimmed = line.trim();
  return trimmed.startsWith('Step') && trimmed.includes('Energy') && trimmed.includes('fmax');
}

/**
 * Incremental reader of a Sella (ASE optimizer) log: a header line, then rows
 * "Sella <step> <hh:mm:ss> <energy eV> <fmax eV/Å> <cmax> <rtrust> <rho>". A restarted run appends
 * a new header and numbers its steps from 0 again.
 */
export class SellaLogReader {
  private runs = 0;
  private rows = 0;
  private steps: SellaStep[] = [];
  private first: SellaStep | null = null;
  private last: SellaStep | null = null;

  acceptLine(line: string): void {
    if (isSellaHeader(line)) {
      this.runs++;
      return;
    }
    const match = STEP_ROW.exec(line);
    if (!match) return;
    const step: SellaStep = {
      step: Number(match[1]),
      time: match[2] ?? '',
      energyEv: Number(match[3]),
      fmaxEvPerAngstrom: Number(match[4]),
    };
    if (this.runs === 0) this.runs = 1;
    this.rows++;
    this.first ??= step;
    this.last = step;
    this.steps.push(step);
    if (this.steps.length >= 2 * MAX_STEPS_KEPT) this.steps = this.steps.slice(-MAX_STEPS_KEPT);
  }

  finish(): SellaLogData {
    if (this.first === null || this.last === null) throw new SellaFormatError('no Sella step rows');
    return {
      runs: this.runs,
      stepRows: this.rows,
      steps: this.steps.slice(-MAX_STEPS_KEPT),
      lastStep: this.last.step,
      firstEnergyEv: this.first.energyEv,
      lastEnergyEv: this.last.energyEv,
      lastEnergyEh: evToHartree(this.last.energyEv),
      lastFmaxEvPerAngstrom: this.last.fmaxEvPerAngstrom,
      lastFmaxEhBohr: evPerAngstromToHartreePerBohr(this.last.fmaxEvPerAngstrom),
    };
  }
}

export function parseSellaLogText(text: string): SellaLogData {
  const reader = new SellaLogReader();
  for (const line of text.split('\n')) reader.acceptLine(line);
  return reader.finish();
}
