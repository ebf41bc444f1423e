import type { FrequencyFacts } from './frequency-check';
import type { AttemptPlan, Correction } from './plan';

/** What an attempt ended as, as far as recovery is concerned. */
export interface AttemptOutcome {
  status: 'completed' | 'failed' | 'timeout' | 'cancelled';
  reason: string;
  detail?: string;
  /** What the output printed; the frequency check reads its imaginary modes. */
  metrics?: { properties?: FrequencyFacts };
}

export interface Fix {
  plan: AttemptPlan;
  corrections: Correction[];
}

/**
 * One failure mode: `matches` says whether an outcome shows it, `correct` returns the changed plan
 * (or undefined once its ladder is exhausted). Each rung is recorded as a Correction.
 */
export interface RecoveryHandler {
  name: string;
  matches(outcome: AttemptOutcome): boolean;
  correct(plan: AttemptPlan): Fix | undefined;
}

const SCF_LADDER: ReadonlyArray<(plan: AttemptPlan) => Fix> = [
  (plan) => ({
    plan: { ...plan, extraKeywords: [...plan.extraKeywords, 'SlowConv'], scfMaxIter: 500 },
    corrections: [
      { handler: 'scf', action: 'add-keyword', to: 'SlowConv' },
      { handler: 'scf', action: 'scf-maxiter', from: plan.scfMaxIter ?? 'default', to: 500 },
    ],
  }),
  (plan) => ({
    plan: {
      ...plan,
      extraKeywords: [...plan.extraKeywords.filter((k) => k !== 'SlowConv'), 'VerySlowConv'],
      scfMaxIter: 1000,
    },
    corrections: [
      { handler: 'scf', action: 'replace-keyword', from: 'SlowConv', to: 'VerySlowConv' },
      { handler: 'scf', action: 'scf-maxiter', from: plan.scfMaxIter ?? 'default', to: 1000 },
    ],
  }),
  (plan) => ({
    plan: { ...plan, scfGuess: 'HCore' },
    corrections: [{ handler: 'scf', action: 'scf-guess', from: plan.scfGuess ?? 'default', to: 'HCore' }],
  }),
];

function scfRung(plan: AttemptPlan): number {
  if (plan.scfGuess) return 3;
  if (plan.extraKeywords.includes('VerySlowConv')) return 2;
  if (plan.extraKeywords.includes('SlowConv')) return 1;
  return 0;
}

export const scfNotConverged: RecoveryHandler = {
  name: 'scf',
  matches: (o) => o.reason === 'scf-not-converged',
  correct: (plan) => SCF_LADDER[scfRung(plan)]?.(plan),
};

export const walltimeExceeded: RecoveryHandler = {
  name: 'walltime',
  matches: (o) => o.status === 'timeout',
  correct: (plan) => {
    // Minutes may be fractional (short test jobs); keep two decimals.
    const walltimeMinutes = Math.round(plan.walltimeMinutes * 150) / 100;
    return {
      plan: { ...plan, walltimeMinutes, restartFromLastGeometry: true },
      corrections: [
        {
          handler: 'walltime',
          action: 'raise-walltime-minutes',
          from: plan.walltimeMinutes,
          to: walltimeMinutes,
        },
        { handler: 'walltime', action: 'restart-from-last-geometry' },
      ],
    };
  },
};

export const optimizationNotConverged: RecoveryHandler = {
  name: 'optimization',
  matches: (o) => o.reason === 'opt-not-converged',
  correct: (plan) => ({
    plan: { ...plan, restartFromLastGeometry: true },
    corrections: [{ handler: 'optimization', action: 'restart-from-last-geometry' }],
  }),
};

const MEMORY_WORDS = /memory|maxcore|bad_alloc|out of memory|oom/i;
const MEMORY_CAP_FACTOR = 4;

/** Raise memory up to 4x; past that, halve the ranks so each gets more %maxcore. */
export function memoryHandler(originalMemoryMb: number): RecoveryHandler {
  return {
    name: 'memory',
    matches: (o) =>
      o.reason === 'out-of-memory' || (o.status === 'failed' && MEMORY_WORDS.test(o.detail ?? '')),
    correct: (plan) => {
      const raised = Math.ceil(plan.memoryMb * 1.5);
      if (raised <= originalMemoryMb * MEMORY_CAP_FACTOR) {
        return {
          plan: { ...plan, memoryMb: raised },
          corrections: [{ handler: 'memory', action: 'raise-memory-mb', from: plan.memoryMb, to: raised }],
        };
      }
      if (plan.cores > 1) {
        const cores = Math.floor(plan.cores / 2);
        return {
          plan: { ...plan, cores },
          corrections: [{ handler: 'memory', action: 'lower-ranks', from: plan.cores, to: cores }],
        };
      }
      return undefined;
    },
  };
}
