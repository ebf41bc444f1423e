import type { GenerationRecord } from './input';

/**
 * The finished generations a restarted loop keeps, from records ordered by generation: only a
 * gap-free prefix from generation 1 counts, because generation n needs generation n-1's files.
 */
export function resumableGenerations(finished: readonly GenerationRecord[]): GenerationRecord[] {
  const kept: GenerationRecord[] = [];
  for (const record of finished) if (record.generation === kept.length + 1) kept.push(record);
  return kept;
}
