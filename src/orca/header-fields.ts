/** Fields printed once near the top of an ORCA output (program banner, input echo, settings block). */
export interface HeaderFields {
  orcaVersion: string | null;
  orcaBannerSeen: boolean;
  hfType: string | null;
  charge: number | null;
  multiplicity: number | null;
  /** Charge and multiplicity from the echoed coordinate line ("* xyz 1 2"), for MINIPRINT outputs. */
  inputCharge: number | null;
  inputMultiplicity: number | null;
  newJobDirectives: number;
}

export function emptyHeaderFields(): HeaderFields {
  return {
    orcaVersion: null,
    orcaBannerSeen: false,
    hfType: null,
    charge: null,
    multiplicity: null,
    inputCharge: null,
    inputMultiplicity: null,
    newJobDirectives: 0,
  };
}

const VERSION = /Program Version\s+(\S+)/;
const HF_TYPE = /Hartree-Fock type\s+HFTyp\s+\.+\s+(\S+)/;
const TOTAL_CHARGE = /Total Charge\s+Charge\s+\.+\s+(-?\d+)/;
const MULTIPLICITY = /Multiplicity\s+Mult\s+\.+\s+(\d+)/;
const ECHOED_INPUT = /^\|\s*\d+>(.*)$/;
const COORDINATE_BLOCK = /^\*\s*(?:xyz|xyzfile|int|internal|gzmt|pdbfile)\s+(-?\d+)\s+(\d+)/i;

/**
 * Reads one header line into `fields`. Returns true once the header is over: the first SCF or
 * energy result has been printed, so charge and multiplicity can no longer appear for the first job.
 */
export function readHeaderLine(line: string, fields: HeaderFields): boolean {
  const trimmed = line.trim();
  if (trimmed.length === 0) return false;
  if (trimmed.startsWith('|')) {
    readEchoedInput(trimmed, fields);
    return false;
  }
  if (!fields.orcaBannerSeen && trimmed.includes('O   R   C   A')) fields.orcaBannerSeen = true;
  if (fields.orcaVersion === null && trimmed.startsWith('Program Version')) {
    fields.orcaVersion = VERSION.exec(trimmed)?.[1] ?? null;
    fields.orcaBannerSeen = true;
  } else if (fields.hfType === null && trimmed.startsWith('Hartree-Fock type')) {
    fields.hfType = HF_TYPE.exec(trimmed)?.[1] ?? null;
  } else if (fields.charge === null && trimmed.startsWith('Total Charge')) {
    const match = TOTAL_CHARGE.exec(trimmed);
    if (match?.[1] !== undefined) fields.charge = Number(match[1]);
  } else if (fields.multiplicity === null && trimmed.startsWith('Multiplicity')) {
    const match = MULTIPLICITY.exec(trimmed);
    if (match?.[1] !== undefined) fields.multiplicity = Number(match[1]);
  }
  if (fields.orcaVersion !== null && fields.charge !== null && fields.multiplicity !== null) return true;
  return trimmed.startsWith('FINAL SINGLE POINT ENERGY') || trimmed.includes('SCF CONVERGED AFTER');
}

function readEchoedInput(trimmed: string, fields: HeaderFields): void {
  const content = ECHOED_INPUT.exec(trimmed)?.[1]?.trim();
  if (!content) return;
  if (content.toLowerCase().startsWith('$new_job')) fields.newJobDirectives += 1;
  if (fields.inputCharge !== null) return;
  const match = COORDINATE_BLOCK.exec(content);
  if (match?.[1] !== undefined && match[2] !== undefined) {
    fields.inputCharge = Number(match[1]);
    fields.inputMultiplicity = Number(match[2]);
  }
}
