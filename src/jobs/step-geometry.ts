import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import * as path from 'node:path';
import { formatXyz, parseCoordinate, parseGeometry, type Atom } from '../ingest/geometry';
import { normalizeElement } from '../ingest/elements';
import { LAST_GEOMETRY_FILE } from './attempt-layout';
import { ORCA_OUTPUT_FILE } from './verdict';

const COORDINATES_TITLE = 'CARTESIAN COORDINATES (ANGSTROEM)';

/** Where a step's final geometry was read from, and the geometry as XYZ text. */
export interface StepGeometry {
  source: string;
  xyz: string;
}

/**
 * The final geometry of the run in `attemptDir`: ORCA's `<basename>.xyz` when it holds a geometry,
 * else the last `CARTESIAN COORDINATES (ANGSTROEM)` block of the output. Undefined when neither has one.
 */
export function finalGeometryOf(attemptDir: string): StepGeometry | undefined {
  const xyzFile = path.join(attemptDir, LAST_GEOMETRY_FILE);
  if (existsSync(xyzFile)) {
    const text = readFileSync(xyzFile, 'utf8');
    const parsed = parseGeometry(text, 'xyz');
    if (parsed.ok && parsed.atoms.length > 0) return { source: xyzFile, xyz: text };
  }
  const outputFile = path.join(attemptDir, ORCA_OUTPUT_FILE);
  if (!existsSync(outputFile)) return undefined;
  const atoms = lastCoordinateBlock(lastTitledRegion(outputFile));
  return atoms ? { source: outputFile, xyz: formatXyz(atoms, `last geometry of ${outputFile}`) } : undefined;
}

/** Bytes read per step backwards through an output (ORCA outputs reach gigabytes: never read whole). */
const WINDOW_BYTES = 4 << 20;
/** The most read after the last title: a coordinate block of ~100k atoms. */
const BLOCK_BYTES = 8 << 20;

/**
 * The text from the output's last COORDINATES_TITLE on (at most BLOCK_BYTES), found by reading
 * backwards window by window; empty when the title is nowhere.
 */
export function lastTitledRegion(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const overlap = Buffer.byteLength(COORDINATES_TITLE);
    for (let end = size; end > 0; end -= WINDOW_BYTES) {
      const start = Math.max(0, end - WINDOW_BYTES);
      const window = Buffer.alloc(Math.min(size, end + overlap) - start);
      readSync(fd, window, 0, window.length, start);
      const at = window.lastIndexOf(COORDINATES_TITLE);
      if (at < 0) continue;
      const block = Buffer.alloc(Math.min(BLOCK_BYTES, size - (start + at)));
      readSync(fd, block, 0, block.length, start + at);
      return block.toString('utf8');
    }
    return '';
  } finally {
    closeSync(fd);
  }
}

/** The atoms of the output's last coordinate block, or undefined when it has none (or a broken one). */
export function lastCoordinateBlock(output: string): Atom[] | undefined {
  const at = output.lastIndexOf(COORDINATES_TITLE);
  if (at < 0) return undefined;
  const lines = output.slice(at).split(/\r?\n/);
  const atoms: Atom[] = [];
  // title, dashes, then `El x y z` until a blank line
  for (const line of lines.slice(2)) {
    const fields = line.trim().split(/\s+/);
    if (line.trim() === '') break;
    const element = normalizeElement(fields[0] ?? '');
    const [x, y, z] = fields.slice(1, 4).map(parseCoordinate);
    if (fields.length !== 4 || !element || x === undefined || y === undefined || z === undefined)
      return undefined;
    atoms.push({ element, x, y, z });
  }
  return atoms.length > 0 ? atoms : undefined;
}
