import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { startingGeometry } from '../../src/jobs/displaced-geometry';
import { initialPlan, type AttemptPlan } from '../../src/recovery/plan';
import { fixture, OUTPUTS } from '../unit/orca/fixture-paths';

const WATER_OUT = readFileSync(fixture(OUTPUTS.waterOptFreq), 'utf8');
/** water_opt.out, mode 7 (3875.61 cm-1): a real NORMAL MODES column for three atoms. */
const MODE_CM1 = 3875.61;
const ENDED = '3\nCoordinates from ORCA-job job\nO 0 0 0.1\nH 0 0.76 -0.47\nH 0 -0.76 -0.47\n';
const INGESTED = '3\nrow 0\nO 0 0 0.2\nH 0 0.8 -0.5\nH 0 -0.8 -0.5\n';
const ref = { campaignId: 'c', jobId: 'row-000000', attempt: 2 };
const orca = { keywords: '! B3LYP Opt Freq', executable: '/o', cores: 1, memoryMb: 1000, walltimeMinutes: 1 };
const plan: AttemptPlan = {
  ...initialPlan(orca),
  restartFromLastGeometry: true,
  displacement: { fromAttempt: 1, frequencyCm1: MODE_CM1, amplitudeAngstrom: 0.15 },
};

/** A data root whose attempt 1 holds the given files. */
function dataRoot(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'orcastrate-displace-'));
  const dir = path.join(root, 'c', 'row-000000', 'attempt-1');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return root;
}

// A re-optimisation's displaced start must never fail the job it was meant to improve: whatever the
// ended attempt left behind, the attempt starts from the best geometry there is.
describe('the displaced start of a re-optimisation, when the ended attempt left too little', () => {
  it('displaces the geometry the attempt ended at along the mode when all is there', async () => {
    const xyz = await startingGeometry(
      dataRoot({ 'job.out': WATER_OUT, 'job.xyz': ENDED }),
      ref,
      plan,
      INGESTED,
    );
    expect(xyz.split('\n')[1]).toBe('displaced 0.15 Angstrom along mode 7 (3875.61 cm-1) of attempt 1');
    // column 7 of lines 3035…3043: O (0, 0, -0.050918), first H (0.579153, 0, 0.404085); the O moves least
    const [oxygen, hydrogen] = xyz
      .split('\n')
      .slice(2, 4)
      .map((line) => line.trim().split(/\s+/).map(Number));
    const scale = 0.15 / Math.hypot(0.579154, 0, 0.404085);
    expect(oxygen!.slice(1)).toEqual([0, 0, 0.1 - 0.050918 * scale].map((v) => Number(v.toFixed(8))));
    expect(hydrogen![1]).toBeCloseTo(0.579153 * scale, 6);
  });

  it('uses the attempt’s input geometry when ORCA wrote no <basename>.xyz', async () => {
    const xyz = await startingGeometry(
      dataRoot({ 'job.out': WATER_OUT, 'input.xyz': INGESTED }),
      ref,
      plan,
      INGESTED,
    );
    expect(xyz.split('\n')[1]).toMatch(/^displaced /);
  });

  it('restarts undisplaced from the last geometry when NORMAL MODES was cut off', async () => {
    const cut = WATER_OUT.slice(0, WATER_OUT.indexOf('      5       0.554673'));
    expect(await startingGeometry(dataRoot({ 'job.out': cut, 'job.xyz': ENDED }), ref, plan, INGESTED)).toBe(
      ENDED,
    );
  });

  it('restarts undisplaced when the mode does not fit the atoms, or the frequency is not printed', async () => {
    const fourAtoms = `4\nx\nO 0 0 0\nH 0 1 0\nH 1 0 0\nH 0 0 1\n`;
    expect(
      await startingGeometry(dataRoot({ 'job.out': WATER_OUT, 'job.xyz': fourAtoms }), ref, plan, INGESTED),
    ).toBe(fourAtoms);
    const elsewhere = { ...plan, displacement: { ...plan.displacement!, frequencyCm1: -12.34 } };
    expect(
      await startingGeometry(dataRoot({ 'job.out': WATER_OUT, 'job.xyz': ENDED }), ref, elsewhere, INGESTED),
    ).toBe(ENDED);
  });

  it('falls back to the ingested structure when the attempt directory is gone', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'orcastrate-displace-'));
    expect(await startingGeometry(root, ref, plan, INGESTED)).toBe(INGESTED);
  });

  it('displaces only the attempt right after the one it follows (a later retry restarts as planned)', async () => {
    const root = dataRoot({ 'job.out': WATER_OUT, 'job.xyz': ENDED });
    expect(await startingGeometry(root, { ...ref, attempt: 3 }, plan, INGESTED)).toBe(ENDED);
  });
});
