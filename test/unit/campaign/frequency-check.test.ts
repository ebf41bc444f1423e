import { readFileSync } from 'node:fs';
import { jobPropertiesOf } from '../../../src/jobs/job-properties';
import { analyzeOrcaOutputSync } from '../../../src/orca/output-report';
import { fixture, OUTPUTS } from '../orca/fixture-paths';
import { decideRecovery, type DecisionContext } from '../../../src/recovery/decide';
import {
  checkFrequencies,
  DISPLACEMENT_AMPLITUDE_ANGSTROM,
  withCheckWarnings,
} from '../../../src/recovery/frequency-check';
import type { AttemptOutcome } from '../../../src/recovery/handlers';
import { initialPlan } from '../../../src/recovery/plan';
import { orca } from './support';

const completed = (imaginaryFrequenciesCm1: number[]): AttemptOutcome => ({
  status: 'completed',
  reason: 'normal-termination',
  metrics: { properties: { imaginaryModes: imaginaryFrequenciesCm1.length, imaginaryFrequenciesCm1 } },
});

function decide(keywordLine: string, outcome: AttemptOutcome, overrides: Partial<DecisionContext> = {}) {
  return decideRecovery({
    recovery: { strategy: 'adaptive', maxAttempts: 4 },
    attempt: 1,
    outcome,
    plan: initialPlan(orca),
    originalMemoryMb: orca.memoryMb,
    keywordLine,
    ...overrides,
  });
}

describe('frequency check: what a completed frequency job must show', () => {
  it('checks only jobs whose keywords ask for frequencies and whose output printed them', () => {
    expect(checkFrequencies('! B3LYP def2-SVP Opt', { imaginaryModes: 2 })).toEqual({ kind: 'not-checked' });
    expect(checkFrequencies('! B3LYP Opt Freq', undefined)).toEqual({ kind: 'not-checked' });
    for (const keyword of ['Freq', 'NumFreq', 'AnFreq', 'FREQ'])
      expect(checkFrequencies(`! B3LYP ${keyword}`, { imaginaryModes: 0 }).kind).toBe('passed');
  });

  it('wants no imaginary mode at a minimum and follows the most negative one', () => {
    expect(
      checkFrequencies('! B3LYP Opt Freq', { imaginaryModes: 2, imaginaryFrequenciesCm1: [-35.2, -120.4] }),
    ).toEqual({
      kind: 'warning',
      warning: 'imaginary-modes: 2',
      expected: 'minimum',
      followCm1: -120.4,
    });
  });

  it('wants exactly one at a transition state: several follow the least negative, none has none to follow', () => {
    expect(
      checkFrequencies('! B3LYP OptTS Freq', { imaginaryModes: 1, imaginaryFrequenciesCm1: [-407.58] }).kind,
    ).toBe('passed');
    expect(
      checkFrequencies('! B3LYP OptTS Freq', {
        imaginaryModes: 2,
        imaginaryFrequenciesCm1: [-407.58, -40.1],
      }),
    ).toEqual({
      kind: 'warning',
      warning: 'imaginary-modes: 2',
      expected: 'transition-state',
      followCm1: -40.1,
    });
    expect(
      checkFrequencies('! B3LYP OptTS Freq', { imaginaryModes: 0, imaginaryFrequenciesCm1: [] }),
    ).toEqual({
      kind: 'warning',
      warning: 'imaginary-modes: 0',
      expected: 'transition-state',
    });
    // NEB-TS and ScanTS cannot be re-run from a displaced point: a warning only
    expect(
      checkFrequencies('! B3LYP NEB-TS Freq', { imaginaryModes: 2, imaginaryFrequenciesCm1: [-300, -20] }),
    ).not.toHaveProperty('followCm1');
  });
});

describe('frequency check on real ORCA outputs', () => {
  const propertiesOf = (file: string) =>
    jobPropertiesOf(analyzeOrcaOutputSync(readFileSync(fixture(file))).metrics.properties);

  it('passes the SN2 transition state (OptTS Freq, one mode at -407.58 cm-1) and the water minimum', () => {
    const ts = propertiesOf(OUTPUTS.sn2Ts);
    expect(checkFrequencies('! r2SCAN-3c OptTS Freq', ts)).toEqual({ kind: 'passed' });
    expect(checkFrequencies('! B3LYP def2-SVP Opt Freq', propertiesOf(OUTPUTS.waterOptFreq))).toEqual({
      kind: 'passed',
    });
    // the same transition state taken for a minimum: one mode too many, followed downhill
    expect(checkFrequencies('! r2SCAN-3c Opt Freq', ts)).toEqual({
      kind: 'warning',
      warning: 'imaginary-modes: 1',
      expected: 'minimum',
      followCm1: -407.58,
    });
  });
});

describe('recovery of a completed job with the wrong number of imaginary modes', () => {
  it('re-optimises once with adaptive recovery: displaced along the mode, Opt added when absent', () => {
    const decision = decide('! B3LYP def2-SVP Freq', completed([-85.3]));
    expect(decision).toEqual({
      kind: 'retry',
      reason: 'imaginary-modes: 1',
      plan: {
        ...initialPlan(orca),
        extraKeywords: ['Opt'],
        restartFromLastGeometry: true,
        displacement: {
          fromAttempt: 1,
          frequencyCm1: -85.3,
          amplitudeAngstrom: DISPLACEMENT_AMPLITUDE_ANGSTROM,
        },
      },
      corrections: [
        { handler: 'imaginary-modes', action: 'displace-along-mode-cm1', from: 1, to: -85.3 },
        { handler: 'imaginary-modes', action: 'add-keyword', to: 'Opt' },
      ],
    });
  });

  it('keeps the keywords of an opt+freq job (it optimises already)', () => {
    const decision = decide('! B3LYP TightOpt Freq', completed([-85.3]));
    expect(decision.kind === 'retry' && decision.plan.extraKeywords).toEqual([]);
    expect(decision.kind === 'retry' && decision.corrections.map((c) => c.action)).toEqual([
      'displace-along-mode-cm1',
    ]);
  });

  it('completes with the warning after the one re-optimisation, without adaptive recovery, or out of attempts', () => {
    const first = decide('! B3LYP Opt Freq', completed([-85.3]));
    if (first.kind !== 'retry') throw new Error('expected a re-optimisation');
    const warned = {
      kind: 'final',
      status: 'completed',
      reason: 'normal-termination',
      warnings: ['imaginary-modes: 1'],
    };
    expect(decide('! B3LYP Opt Freq', completed([-20.5]), { plan: first.plan, attempt: 2 })).toEqual(warned);
    for (const strategy of ['retry', 'fail-fast'] as const)
      expect(
        decide('! B3LYP Opt Freq', completed([-85.3]), { recovery: { strategy, maxAttempts: 4 } }),
      ).toEqual(warned);
    expect(decide('! B3LYP Opt Freq', completed([-85.3]), { attempt: 4 })).toEqual(warned);
  });

  it('leaves a passing job, and every job of a workflow run without the check, as it was', () => {
    const plain = { kind: 'final', status: 'completed', reason: 'normal-termination' };
    expect(decide('! B3LYP Opt Freq', completed([]))).toEqual(plain);
    expect(decide('! B3LYP OptTS Freq', completed([-407.58]))).toEqual(plain);
    expect(decide('! B3LYP Opt Freq', completed([-85.3]), { keywordLine: undefined })).toEqual(plain);
  });

  it('records the warning next to ORCA’s own: counted, listed first, and on its own', () => {
    const verdict = {
      status: 'completed' as const,
      reason: 'normal-termination',
      metrics: {
        finalEnergyEh: -76.3,
        properties: { warnings: 2, warningMessages: ['WARNING: a', 'WARNING: b'] },
      },
    };
    expect(withCheckWarnings(verdict, ['imaginary-modes: 1'])).toEqual({
      ...verdict,
      metrics: {
        finalEnergyEh: -76.3,
        properties: {
          warnings: 3,
          warningMessages: ['imaginary-modes: 1', 'WARNING: a', 'WARNING: b'],
          checkWarnings: ['imaginary-modes: 1'],
        },
      },
    });
    expect(withCheckWarnings(verdict, [])).toBe(verdict);
  });
});
