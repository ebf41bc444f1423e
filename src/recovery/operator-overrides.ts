import type { JobOverrides } from '../campaign/operator-requests';
import type { AttemptPlan, Correction } from './plan';

/** The handler name of corrections an operator made (the ladder's are named after its handlers). */
export const OPERATOR_HANDLER = 'operator';

/**
 * The first plan of a reset job with the operator's overrides applied, and one correction per changed
 * field, stored with the attempt next to the ladder's corrections.
 */
export function applyOverrides(
  plan: AttemptPlan,
  overrides: JobOverrides | undefined,
  campaignKeywords: string,
): { plan: AttemptPlan; corrections: Correction[] } {
  if (!overrides) return { plan, corrections: [] };
  const next: AttemptPlan = { ...plan };
  const corrections: Correction[] = [];
  const change = (action: string, from: string | number, to: string | number) =>
    corrections.push({ handler: OPERATOR_HANDLER, action, from, to });
  if (overrides.walltimeMinutes !== undefined) {
    change('set-walltime-minutes', plan.walltimeMinutes, overrides.walltimeMinutes);
    next.walltimeMinutes = overrides.walltimeMinutes;
  }
  if (overrides.memoryMb !== undefined) {
    change('set-memory-mb', plan.memoryMb, overrides.memoryMb);
    next.memoryMb = overrides.memoryMb;
  }
  if (overrides.cores !== undefined) {
    change('set-cores', plan.cores, overrides.cores);
    next.cores = overrides.cores;
  }
  if (overrides.keywords !== undefined) {
    change('set-keywords', plan.keywords ?? campaignKeywords, overrides.keywords);
    next.keywords = overrides.keywords;
  }
  if (overrides.blocks !== undefined) {
    change('set-blocks', (plan.blocks ?? []).join(' | '), overrides.blocks.join(' | '));
    next.blocks = [...overrides.blocks];
  }
  return { plan: next, corrections };
}
