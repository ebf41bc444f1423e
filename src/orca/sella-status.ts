/** The status file the oact_utils Sella driver writes next to sella.log ("status: CONVERGED", …). */
export interface SellaStatusData {
  /** As written, e.g. CONVERGED, NOT_CONVERGED, FAILED. */
  status: string;
  converged: boolean;
  steps: number | null;
  finalFmaxEvPerAngstrom: number | null;
}

export class SellaStatusFormatError extends Error {}

const KEY_VALUE = /^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$/;

export const SELLA_STATUS_NAME = /^sella_status\.txt$/i;

/** True when the first non-blank line reads "status: <WORD>" (the file's first line). */
export function looksLikeSellaStatus(firstLine: string): boolean {
  return /^status:\s*[A-Za-z_]+\s*$/.test(firstLine.trim());
}

/** Incremental reader of "key: value" lines; unknown keys are ignored. */
export class SellaStatusReader {
  private status: string | null = null;
  private steps: number | null = null;
  private finalFmax: number | null = null;

  acceptLine(line: string): void {
    const match = KEY_VALUE.exec(line);
    if (!match) return;
    const [, key = '', value = ''] = match;
    if (key === 'status') this.status = value;
    else if (key === 'steps' && /^\d+$/.test(value)) this.steps = Number(value);
    else if (key === 'final_fmax' && Number.isFinite(Number(value)) && value !== '')
      this.finalFmax = Number(value);
  }

  finish(): SellaStatusData {
    if (this.status === null) throw new SellaStatusFormatError('no "status:" line');
    return {
      status: this.status,
      converged: this.status.toUpperCase() === 'CONVERGED',
      steps: this.steps,
      finalFmaxEvPerAngstrom: this.finalFmax,
    };
  }
}

export function parseSellaStatusText(text: string): SellaStatusData {
  const reader = new SellaStatusReader();
  for (const line of text.split('\n')) reader.acceptLine(line);
  return reader.finish();
}
