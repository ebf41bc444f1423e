import type { AttemptPlan, Correction } from './plan';

/** What a frequency check reads of a completed attempt (a verdict's `metrics.properties`). */
export interface FrequencyFacts {
  imaginaryModes?: number;
  /** The imaginary frequencies (cm-1, negative), as printed. */
  imaginaryFrequenciesCm1?: number[];
}

/** The handler name of the corrections a frequency check makes. */
export const IMAGINARY_MODES_HANDLER = 'imaginary-modes';

/** How far the largest atomic displacement along the followed mode goes (Å). */
export const DISPLACEMENT_AMPLITUDE_ANGSTROM = 0.15;

export type FrequencyCheck =
  | { kind: 'not-checked' }
  | { kind: 'passed' }
  | {
      kind: 'warning';
      /** e.g. `imaginary-modes: 2`. */
      warning: string;
      expected: 'minimum' | 'transition-state';
      /** The imaginary mode a displaced re-optimisation would follow; absent: none would help. */
      followCm1?: number;
    };

const FREQUENCY_KEYWORDS = new Set(['FREQ', 'NUMFREQ', 'ANFREQ']);
const TS_KEYWORDS = new Set(['OPTTS', 'SCANTS', 'NEB-TS']);
/** ORCA's geometry-optimisation keywords (OptTS included: a TS search optimises too). */
const OPT_KEYWORD = /^(opt|optts|copt|zopt|gdiisopt|(loose|normal|tight|verytight|sloppy)opt)$/i;

function keywordsOf(line: string): string[] {
  return line
    .replace(/^\s*!/, '')
    .split(/[\s!]+/)
    .filter(Boolean)
    .map((keyword) => keyword.toUpperCase());
}

export const requestsFrequencies = (line: string): boolean =>
  keywordsOf(line).some((keyword) => FREQUENCY_KEYWORDS.has(keyword));
export const searchesTransitionState = (line: string): boolean =>
  keywordsOf(line).some((keyword) => TS_KEYWORDS.has(keyword));
export const optimizes = (line: string): boolean => keywordsOf(line).some((k) => OPT_KEYWORD.test(k));

/**
 * Judges a completed attempt whose keywords requested frequencies: a minimum (no TS keyword) must
 * have no imaginary mode, a transition-state search (OptTS, ScanTS, NEB-TS) exactly one. A minimum
 * follows its most negative mode; a TS search with several follows the least negative one (the
 * strongest is taken for the reaction mode), and only OptTS can be re-run that way.
 */
export function checkFrequencies(keywordLine: string, facts: FrequencyFacts | undefined): FrequencyCheck {
  const count = facts?.imaginaryModes;
  if (!requestsFrequencies(keywordLine) || count === undefined) return { kind: 'not-checked' };
  const transitionState = searchesTransitionState(keywordLine);
  if (transitionState ? count === 1 : count === 0) return { kind: 'passed' };
  const imaginary = [...(facts?.imaginaryFrequenciesCm1 ?? [])].sort((a, b) => a - b);
  const warning = {
    kind: 'warning' as const,
    warning: `${IMAGINARY_MODES_HANDLER}: ${count}`,
    expected: transitionState ? ('transition-state' as const) : ('minimum' as const),
  };
  const followCm1 = transitionState
    ? keywordsOf(keywordLine).includes('OPTTS') && imaginary.length >= 2
      ? imaginary.at(-1)
      : undefined
    : imaginary[0];
  return followCm1 === undefined ? warning : { ...warning, followCm1 };
}

/**
 * The plan of a re-optimisation from the ended attempt's geometry displaced along the mode of
 * `followCm1`, with `Opt` added when the keywords do not optimise; undefined once the job had one.
 */
export function displacedReoptimization(
  plan: AttemptPlan,
  keywordLine: string,
  endedAttempt: number,
  followCm1: number,
): { plan: AttemptPlan; corrections: Correction[] } | undefined {
  if (plan.displacement) return undefined;
  const addOpt = !optimizes(keywordLine);
  const corrections: Correction[] = [
    {
      handler: IMAGINARY_MODES_HANDLER,
      action: 'displace-along-mode-cm1',
      from: endedAttempt,
      to: followCm1,
    },
  ];
  if (addOpt) corrections.push({ handler: IMAGINARY_MODES_HANDLER, action: 'add-keyword', to: 'Opt' });
  return {
    plan: {
      ...plan,
      extraKeywords: addOpt ? [...plan.extraKeywords, 'Opt'] : plan.extraKeywords,
      restartFromLastGeometry: true,
      displacement: {
        fromAttempt: endedAttempt,
        frequencyCm1: followCm1,
        amplitudeAngstrom: DISPLACEMENT_AMPLITUDE_ANGSTROM,
      },
    },
    corrections,
  };
}

/**
 * A verdict with the checks' warnings added where ORCA's own are kept (`properties.warnings`, the
 * first of `warningMessages`) and listed on their own in `properties.checkWarnings`.
 */
export function withCheckWarnings<V extends { metrics?: { properties?: object } }>(
  verdict: V,
  warnings: readonly string[],
): V {
  if (warnings.length === 0) return verdict;
  const properties = (verdict.metrics?.properties ?? {}) as {
    warnings?: number;
    warningMessages?: string[];
    checkWarnings?: string[];
  };
  return {
    ...verdict,
    metrics: {
      ...verdict.metrics,
      properties: {
        ...properties,
        warnings: (properties.warnings ?? 0) + warnings.length,
        warningMessages: [...warnings, ...(properties.warningMessages ?? [])],
        checkWarnings: [...(properties.checkWarnings ?? []), ...warnings],
      },
    },
  };
}
