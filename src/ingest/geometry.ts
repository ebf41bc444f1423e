import { normalizeElement, type ElementSymbol } from './elements';

export interface Atom {
  element: ElementSymbol;
  /** Cartesian coordinates in Ångström. */
  x: number;
  y: number;
  z: number;
}

/** `bare`: header-less `El x y z` lines; `xyz`: standard XYZ with count and comment lines. */
export type GeometryFormat = 'bare' | 'xyz' | 'mol2';

export type GeometryParseResult =
  | { ok: true; format: GeometryFormat; atoms: Atom[] }
  | { ok: false; problem: 'unknown-element' | 'bad-geometry'; message: string };

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

export function parseCoordinate(token: string | undefined): number | undefined {
  return token !== undefined && NUMBER.test(token) ? Number(token) : undefined;
}

export function detectGeometryFormat(text: string): GeometryFormat {
  if (/@<TRIPOS>ATOM/i.test(text)) return 'mol2';
  const firstLine = text.trimStart().split(/\r\n|\n|\r/, 1)[0] ?? '';
  return /^\d+$/.test(firstLine.trim()) ? 'xyz' : 'bare';
}

export function parseGeometry(text: string, format: GeometryFormat | 'auto' = 'auto'): GeometryParseResult {
  const actual = format === 'auto' ? detectGeometryFormat(text) : format;
  switch (actual) {
    case 'mol2':
      return parseMol2(text);
    case 'xyz':
      return parseXyz(text);
    case 'bare':
      return parseAtomLines(splitLines(text), 1, 'bare');
  }
}

function splitLines(text: string): string[] {
  return text.split(/\r\n|\n|\r/);
}

function bad(message: string): GeometryParseResult {
  return { ok: false, problem: 'bad-geometry', message };
}

/** Parses `El x y z` lines (blank lines ignored); `firstLineNumber` numbers lines in messages. */
function parseAtomLines(
  lines: string[],
  firstLineNumber: number,
  format: GeometryFormat,
): GeometryParseResult {
  const atoms: Atom[] = [];
  for (const [offset, line] of lines.entries()) {
    const tokens = line.trim().split(/\s+/);
    if (tokens.length === 1 && tokens[0] === '') continue;
    const where = `geometry line ${firstLineNumber + offset}`;
    if (tokens.length !== 4) return bad(`${where}: expected "El x y z", got "${line.trim()}"`);
    const atom = toAtom(tokens[0]!, tokens[1], tokens[2], tokens[3], where);
    if ('ok' in atom) return atom;
    atoms.push(atom);
  }
  if (atoms.length === 0) return bad('geometry has no atoms');
  return { ok: true, format, atoms };
}

function toAtom(
  label: string,
  xs: string | undefined,
  ys: string | undefined,
  zs: string | undefined,
  where: string,
): Atom | GeometryParseResult {
  const element = normalizeElement(label);
  if (!element)
    return { ok: false, problem: 'unknown-element', message: `${where}: unknown element "${label}"` };
  const x = parseCoordinate(xs);
  const y = parseCoordinate(ys);
  const z = parseCoordinate(zs);
  if (x === undefined || y === undefined || z === undefined) {
    return bad(`${where}: coordinates are not numbers ("${xs} ${ys} ${zs}")`);
  }
  // '1e999' is a well-formed number that overflows to Infinity, which no calculation can start from
  const overflow = [xs, ys, zs].find((token) => !Number.isFinite(Number(token)));
  if (overflow !== undefined) return bad(`${where}: coordinate "${overflow}" is not a finite number`);
  return { element, x, y, z };
}

function parseXyz(text: string): GeometryParseResult {
  const lines = splitLines(text.trimStart());
  const count = Number(lines[0]!.trim());
  if (!Number.isInteger(count) || count < 1)
    return bad(`XYZ atom count "${lines[0]}" is not a positive integer`);
  const atomLines = lines.slice(2);
  const parsed = parseAtomLines(atomLines, 3, 'xyz');
  if (!parsed.ok) return parsed;
  if (parsed.atoms.length !== count) {
    return bad(`XYZ header says ${count} atoms but ${parsed.atoms.length} atom lines follow`);
  }
  return parsed;
}

/**
 * Reads the @<TRIPOS>ATOM section: `id name x y z type …`. The element comes from the SYBYL type
 * (`C.3` → C, `Fe` → Fe); dummy or unknown types fall back to the leading letters of the atom name.
 */
function parseMol2(text: string): GeometryParseResult {
  const lines = splitLines(text);
  const start = lines.findIndex((line) => /^\s*@<TRIPOS>ATOM/i.test(line));
  const atoms: Atom[] = [];
  for (let index = start + 1; index < lines.length; index++) {
    const line = lines[index]!.trim();
    if (line.startsWith('@<TRIPOS>')) break;
    if (line === '') continue;
    const where = `mol2 line ${index + 1}`;
    const tokens = line.split(/\s+/);
    if (tokens.length < 6) return bad(`${where}: expected "id name x y z type", got "${line}"`);
    const [, name, xs, ys, zs, type] = tokens as [string, string, string, string, string, string];
    const label = normalizeElement(type.split('.')[0]!)
      ? type.split('.')[0]!
      : (/^[A-Za-z]+/.exec(name)?.[0] ?? name);
    const atom = toAtom(label, xs, ys, zs, where);
    if ('ok' in atom) return atom;
    atoms.push(atom);
  }
  if (atoms.length === 0) return bad('mol2 ATOM section has no atoms');
  const declared = declaredMol2AtomCount(lines);
  if (declared !== undefined && declared !== atoms.length) {
    return bad(`mol2 MOLECULE section declares ${declared} atoms but the ATOM section has ${atoms.length}`);
  }
  return { ok: true, format: 'mol2', atoms };
}

function declaredMol2AtomCount(lines: string[]): number | undefined {
  const molecule = lines.findIndex((line) => /^\s*@<TRIPOS>MOLECULE/i.test(line));
  if (molecule === -1) return undefined;
  const counts = lines[molecule + 2]?.trim().split(/\s+/)[0];
  return counts && /^\d+$/.test(counts) ? Number(counts) : undefined;
}

/** Standard XYZ text: atom count, comment line, then `El x y z` lines (Ångström, 8 decimals). */
export function formatXyz(atoms: readonly Atom[], comment = ''): string {
  return `${atoms.length}\n${comment.replace(/[\r\n]+/g, ' ')}\n${formatAtomLines(atoms)}`;
}

/** The `El x y z` lines of `formatXyz`, each ending with a line break. */
export function formatAtomLines(atoms: readonly Atom[]): string {
  const lines = atoms.map(
    (atom) =>
      `${atom.element.padEnd(2)} ${formatCoordinate(atom.x)} ${formatCoordinate(atom.y)} ${formatCoordinate(atom.z)}`,
  );
  return `${lines.join('\n')}\n`;
}

/** A coordinate as `formatXyz` writes it: 8 decimals, right-aligned in 14 characters. */
export function formatCoordinate(value: number): string {
  return value.toFixed(8).padStart(14);
}
