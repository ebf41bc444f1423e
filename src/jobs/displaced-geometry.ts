import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { formatXyz, parseGeometry, type Atom } from '../ingest/geometry';
import { readNormalMode } from '../orca/normal-modes';
import type { AttemptPlan } from '../recovery/plan';
import { attemptDir, GEOMETRY_FILE, LAST_GEOMETRY_FILE, lastGeometry } from './attempt-layout';
import { ORCA_OUTPUT_FILE } from './verdict';

type Displacement = NonNullable<AttemptPlan['displacement']>;

/** Marks a geometry written by `displaceAlongMode` (its XYZ comment line). */
export const DISPLACED_COMMENT = 'displaced';

/**
 * The atoms moved along `displacements` (x, y, z per atom), scaled so that the atom that moves most
 * moves `amplitudeAngstrom`; undefined when the vector does not fit the atoms or does not move any.
 */
export function displaceAtoms(
  atoms: readonly Atom[],
  displacements: readonly number[],
  amplitudeAngstrom: number,
): Atom[] | undefined {
  if (displacements.length !== 3 * atoms.length) return undefined;
  const largest = Math.max(
    ...atoms.map((_, i) =>
      Math.hypot(displacements[3 * i]!, displacements[3 * i + 1]!, displacements[3 * i + 2]!),
    ),
  );
  if (!(largest > 0)) return undefined;
  const scale = amplitudeAngstrom / largest;
  return atoms.map((atom, i) => ({
    element: atom.element,
    x: atom.x + scale * displacements[3 * i]!,
    y: atom.y + scale * displacements[3 * i + 1]!,
    z: atom.z + scale * displacements[3 * i + 2]!,
  }));
}

/**
 * The starting geometry of a displaced re-optimisation: the geometry attempt `fromAttempt` ended at
 * (ORCA's `<basename>.xyz`, else its input) moved along the mode of `frequencyCm1` of its output's
 * NORMAL MODES. Undefined when that attempt left no geometry, no such mode, or a mode that does not fit.
 */
export async function displacedGeometry(
  dataRoot: string,
  campaignId: string,
  jobId: string,
  displacement: Displacement,
): Promise<string | undefined> {
  const dir = path.join(dataRoot, attemptDir(campaignId, jobId, displacement.fromAttempt));
  const geometryFile = [LAST_GEOMETRY_FILE, GEOMETRY_FILE]
    .map((name) => path.join(dir, name))
    .find((file) => existsSync(file));
  if (!geometryFile || !existsSync(path.join(dir, ORCA_OUTPUT_FILE))) return undefined;
  const parsed = parseGeometry(await readFile(geometryFile, 'utf8'), 'xyz');
  const mode = await readNormalMode(path.join(dir, ORCA_OUTPUT_FILE), displacement.frequencyCm1);
  if (!parsed.ok || !mode) return undefined;
  const atoms = displaceAtoms(parsed.atoms, mode.displacements, displacement.amplitudeAngstrom);
  if (!atoms) return undefined;
  const comment =
    `${DISPLACED_COMMENT} ${displacement.amplitudeAngstrom} Angstrom along mode ${mode.index} ` +
    `(${mode.frequencyCm1.toFixed(2)} cm-1) of attempt ${displacement.fromAttempt}`;
  return formatXyz(atoms, comment);
}

/**
 * Where an attempt starts: the displaced geometry of a re-optimisation right after the attempt it
 * follows (else, if none can be made, that attempt's last geometry); the last geometry an earlier
 * attempt wrote when the plan restarts from it; the ingested structure otherwise.
 */
export async function startingGeometry(
  dataRoot: string,
  ref: { campaignId: string; jobId: string; attempt: number },
  plan: AttemptPlan,
  ingestedXyz: string,
): Promise<string> {
  const { campaignId, jobId, attempt } = ref;
  const displacement = plan.displacement;
  if (displacement && displacement.fromAttempt === attempt - 1) {
    const displaced = await displacedGeometry(dataRoot, campaignId, jobId, displacement);
    if (displaced) return displaced;
  }
  return (plan.restartFromLastGeometry && lastGeometry(dataRoot, campaignId, jobId, attempt)) || ingestedXyz;
}
