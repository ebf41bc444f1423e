import { parseGeometry, type Atom } from '../ingest/geometry';
import { faultTextOfLine, parseFaultSpec, type FaultSpec } from './faults';

/** The subset of ORCA input the simulator understands; everything else is accepted and ignored. */
export interface OrcaInput {
  /** Upper-cased `!` keywords in order. */
  keywords: string[];
  runType: 'sp' | 'opt' | 'engrad';
  /** FREQ (NUMFREQ, ANFREQ): a frequency calculation after the single point or the optimization. */
  frequencies: boolean;
  slowConv: boolean;
  /** Unrestricted (UHF/UKS keyword, or any open shell). */
  unrestricted: boolean;
  nprocs: number;
  /** %maxcore in MB, if given. */
  maxcoreMb: number | undefined;
  scfMaxIter: number;
  geomMaxIter: number;
  charge: number;
  multiplicity: number;
  geometry: { kind: 'inline'; atoms: Atom[] } | { kind: 'xyzfile'; path: string };
  faults: FaultSpec[];
}

export class OrcaInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrcaInputError';
  }
}

/** ORCA's defaults for SCF and geometry iterations. */
export const DEFAULT_SCF_MAX_ITER = 125;
export const DEFAULT_GEOM_MAX_ITER = 50;

const FREQ_KEYWORDS = new Set(['FREQ', 'NUMFREQ', 'ANFREQ']);

const OPT_KEYWORDS = new Set([
  'OPT',
  'LOOSEOPT',
  'NORMALOPT',
  'TIGHTOPT',
  'VERYTIGHTOPT',
  'COPT',
  'ZOPT',
  'GDIISOPT',
]);

/** Sub-blocks inside % blocks that have their own `end` (e.g. `NewGTO … end` inside %basis). */
const NESTED_BLOCK = /^(new\w+|constraints|scan|coords|pardef|values|invertconstraints)$/i;

export function parseOrcaInput(text: string): OrcaInput {
  const rawLines = text.split(/\r\n|\n|\r/);
  const faults: FaultSpec[] = [];
  const lines: string[] = [];
  for (const raw of rawLines) {
    const faultText = faultTextOfLine(raw);
    if (faultText !== undefined) faults.push(parseFaultSpec(faultText));
    lines.push(stripComment(raw));
  }

  const keywords: string[] = [];
  const settings = new Map<string, number>();
  let geometry: OrcaInput['geometry'] | undefined;
  let charge = 0;
  let multiplicity = 1;

  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line === '') continue;
    if (line.startsWith('!')) {
      keywords.push(
        ...line
          .slice(1)
          .trim()
          .split(/\s+/)
          .filter(Boolean)
          .map((k) => k.toUpperCase()),
      );
    } else if (line.startsWith('%')) {
      index = readBlock(lines, index, settings);
    } else if (line.startsWith('*')) {
      if (geometry) throw new OrcaInputError('more than one geometry block (* …) in the input');
      const header = line.slice(1).trim().split(/\s+/);
      const [type = '', chargeText = '', multText = '', file] = header;
      charge = parseInteger(chargeText, 'charge');
      multiplicity = parseInteger(multText, 'multiplicity');
      if (type.toLowerCase() === 'xyzfile') {
        if (!file) throw new OrcaInputError('"* xyzfile charge mult" needs a file name');
        geometry = { kind: 'xyzfile', path: file };
      } else if (type.toLowerCase() === 'xyz') {
        const end = lines.findIndex((l, i) => i > index && l.trim().startsWith('*'));
        if (end === -1) throw new OrcaInputError('the "* xyz" block is not closed by a line with "*"');
        geometry = { kind: 'inline', atoms: parseAtoms(lines.slice(index + 1, end).join('\n')) };
        index = end;
      } else {
        throw new OrcaInputError(
          `coordinate type "${type}" is not supported by orcasim (use xyz or xyzfile)`,
        );
      }
    } else {
      throw new OrcaInputError(`cannot read input line "${line}"`);
    }
  }
  if (!geometry) throw new OrcaInputError('no geometry: expected "* xyz charge mult" … "*" or "* xyzfile …"');

  const pal = keywords.map((k) => /^PAL(\d+)$/.exec(k)?.[1]).find((n) => n !== undefined);
  return {
    keywords,
    runType: keywords.some((k) => OPT_KEYWORDS.has(k))
      ? 'opt'
      : keywords.includes('ENGRAD')
        ? 'engrad'
        : 'sp',
    frequencies: keywords.some((k) => FREQ_KEYWORDS.has(k)),
    slowConv: keywords.includes('SLOWCONV') || keywords.includes('VERYSLOWCONV'),
    unrestricted: multiplicity > 1 || keywords.includes('UHF') || keywords.includes('UKS'),
    nprocs: settings.get('pal.nprocs') ?? (pal ? Number(pal) : 1),
    maxcoreMb: settings.get('maxcore'),
    scfMaxIter: settings.get('scf.maxiter') ?? DEFAULT_SCF_MAX_ITER,
    geomMaxIter: settings.get('geom.maxiter') ?? DEFAULT_GEOM_MAX_ITER,
    charge,
    multiplicity,
    geometry,
    faults,
  };
}

/** Atoms of an XYZ file or inline block (both go through the ingest geometry reader). */
export function parseAtoms(text: string): Atom[] {
  const parsed = parseGeometry(text);
  if (!parsed.ok) throw new OrcaInputError(parsed.message);
  return parsed.atoms;
}

function stripComment(line: string): string {
  const hash = line.indexOf('#');
  return hash === -1 ? line : line.slice(0, hash);
}

function parseInteger(text: string, what: string): number {
  if (!/^[+-]?\d+$/.test(text))
    throw new OrcaInputError(`${what} "${text}" in the geometry line is not an integer`);
  return Number(text);
}

/**
 * Reads a % block starting at line `start` and returns the index of its last line. Records
 * %maxcore, %pal nprocs, %scf maxiter and %geom maxiter as `block.key` numbers.
 */
function readBlock(lines: string[], start: number, settings: Map<string, number>): number {
  const first = lines[start]!.trim().slice(1).trim().split(/\s+/);
  const name = (first.shift() ?? '').toLowerCase();
  if (name === 'maxcore') {
    settings.set('maxcore', parseInteger(first[0] ?? '', '%maxcore'));
    return start;
  }
  let depth = 0;
  let key: string | undefined;
  for (let index = start; index < lines.length; index++) {
    const tokens = index === start ? first : lines[index]!.trim().split(/\s+/).filter(Boolean);
    for (const token of tokens) {
      if (token === '=') continue;
      if (/^end$/i.test(token)) {
        if (depth === 0) return index;
        depth--;
      } else if (NESTED_BLOCK.test(token)) {
        depth++;
      } else if (key !== undefined && depth === 0 && /^\d+$/.test(token)) {
        settings.set(`${name}.${key}`, Number(token));
        key = undefined;
      } else {
        key = token.toLowerCase();
      }
    }
  }
  throw new OrcaInputError(`the %${name} block is not closed by "end"`);
}
