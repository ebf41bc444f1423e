/**
 * Extended XYZ (the format ASE, pacemaker and LAMMPS tooling exchange): per frame an atom-count line,
 * a comment line of `key=value` pairs (values may be "quoted") with `Properties=species:S:1:pos:R:3`,
 * then one line per atom. Energies live in the comment line (`energy=`, Hartree here).
 */

export type InfoValue = string | number | boolean;

export interface Structure {
  species: string[];
  /** Cartesian positions in Ångström, one [x, y, z] per atom. */
  positions: [number, number, number][];
  /** Comment-line key/value pairs other than Properties (e.g. id, energy, split, uncertainty). */
  info: Record<string, InfoValue>;
}

export class ExtxyzError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExtxyzError';
  }
}

const COORDINATE_DECIMALS = 8;

/** Rounds positions to what `formatExtxyz` writes, so a structure and its file agree exactly. */
export function roundPositions(structure: Structure): Structure {
  const scale = 10 ** COORDINATE_DECIMALS;
  return {
    ...structure,
    positions: structure.positions.map(
      (p) => p.map((v) => Math.round(v * scale) / scale) as [number, number, number],
    ),
  };
}

export function formatExtxyz(structures: readonly Structure[]): string {
  return structures.map(formatFrame).join('');
}

function formatFrame(structure: Structure): string {
  const pairs = ['Properties=species:S:1:pos:R:3'];
  for (const [key, value] of Object.entries(structure.info)) {
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) throw new ExtxyzError(`bad info key ${JSON.stringify(key)}`);
    pairs.push(`${key}=${formatValue(value)}`);
  }
  const atoms = structure.species.map((element, i) => {
    const p = structure.positions[i]!;
    return `${element} ${p.map((v) => v.toFixed(COORDINATE_DECIMALS)).join(' ')}`;
  });
  return `${structure.species.length}\n${pairs.join(' ')}\n${atoms.join('\n')}\n`;
}

function formatValue(value: InfoValue): string {
  if (typeof value === 'boolean') return value ? 'T' : 'F';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new ExtxyzError(`info value ${value} is not finite`);
    return String(value);
  }
  if (/^[^\s"=]+$/.test(value)) return value;
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function parseExtxyz(text: string): Structure[] {
  const lines = text.split(/\r?\n/);
  const frames: Structure[] = [];
  let index = 0;
  while (index < lines.length) {
    const countLine = lines[index]!.trim();
    if (countLine === '') {
      index += 1;
      continue;
    }
    if (!/^\d+$/.test(countLine))
      throw new ExtxyzError(`line ${index + 1}: expected an atom count, got ${JSON.stringify(countLine)}`);
    const natoms = Number(countLine);
    const comment = lines[index + 1];
    if (comment === undefined) throw new ExtxyzError(`line ${index + 2}: missing comment line`);
    const info = parseComment(comment, index + 2);
    const columns = propertyColumns(String(info.Properties ?? 'species:S:1:pos:R:3'), index + 2);
    delete info.Properties;
    const species: string[] = [];
    const positions: [number, number, number][] = [];
    for (let a = 0; a < natoms; a++) {
      const lineNumber = index + 3 + a;
      const fields = (lines[lineNumber - 1] ?? '').trim().split(/\s+/);
      if (fields.length < columns.width)
        throw new ExtxyzError(`line ${lineNumber}: expected ${columns.width} columns, got ${fields.length}`);
      species.push(fields[columns.species]!);
      const xyz = [0, 1, 2].map((k) => Number(fields[columns.pos + k]));
      if (xyz.some((v) => !Number.isFinite(v))) throw new ExtxyzError(`line ${lineNumber}: bad coordinates`);
      positions.push(xyz as [number, number, number]);
    }
    frames.push({ species, positions, info });
    index += 2 + natoms;
  }
  return frames;
}

function parseComment(line: string, lineNumber: number): Record<string, InfoValue> {
  const info: Record<string, InfoValue> = {};
  const pattern = /\s*([A-Za-z_][A-Za-z0-9_-]*)=("((?:[^"\\]|\\.)*)"|[^\s"]+)/gy;
  let position = 0;
  for (;;) {
    if (line.slice(position).trim() === '') break;
    pattern.lastIndex = position;
    const match = pattern.exec(line);
    if (!match)
      throw new ExtxyzError(`line ${lineNumber}: cannot read key=value pairs at column ${position + 1}`);
    const [, key, raw, quoted] = match;
    info[key!] = quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : parseScalar(raw!);
    position = pattern.lastIndex;
  }
  return info;
}

function parseScalar(raw: string): InfoValue {
  if (raw === 'T' || raw === 'True') return true;
  if (raw === 'F' || raw === 'False') return false;
  if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) return Number(raw);
  return raw;
}

function propertyColumns(
  properties: string,
  lineNumber: number,
): { species: number; pos: number; width: number } {
  const parts = properties.split(':');
  if (parts.length % 3 !== 0) throw new ExtxyzError(`line ${lineNumber}: bad Properties ${properties}`);
  let column = 0;
  let species = -1;
  let pos = -1;
  for (let i = 0; i < parts.length; i += 3) {
    const name = parts[i]!;
    const count = Number(parts[i + 2]);
    if (!Number.isInteger(count) || count < 1)
      throw new ExtxyzError(`line ${lineNumber}: bad Properties ${properties}`);
    if (name === 'species') species = column;
    if (name === 'pos') pos = column;
    column += count;
  }
  if (species < 0 || pos < 0)
    throw new ExtxyzError(`line ${lineNumber}: Properties must include species and pos`);
  return { species, pos, width: column };
}

/** Standard XYZ text (what the campaign's jobs table stores and ORCA reads). */
export function toXyz(structure: Structure, title = ''): string {
  const atoms = structure.species.map((element, i) => {
    const p = structure.positions[i]!;
    return `${element} ${p.map((v) => v.toFixed(COORDINATE_DECIMALS)).join(' ')}`;
  });
  return `${structure.species.length}\n${title}\n${atoms.join('\n')}\n`;
}
