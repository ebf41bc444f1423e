import type { z } from 'zod';
import { orcaKeywords } from '../campaign/fields';
import { orcaBlocksText } from '../campaign/orca-blocks';

/** The override columns the ingest settings name, with their index in the header. */
export interface OrcaOverrideColumns {
  keywords?: { name: string; index: number };
  blocks?: { name: string; index: number };
}

export type OrcaOverrideProblemCode = 'bad-orca-keywords' | 'bad-orca-blocks';

export type OrcaOverrides =
  | { ok: true; orcaKeywords?: string; orcaBlocks?: string }
  | { ok: false; code: OrcaOverrideProblemCode; detail: string };

/** An empty cell, or pandas' `NaN` for one: the row keeps its step's settings. */
const isEmpty = (cell: string): boolean => cell === '' || cell.toLowerCase() === 'nan';

/**
 * A row's ORCA keywords and `%` blocks from the named columns, checked by the rules of the campaign's
 * own `orca.keywords` and `orca.blocks`; the problem names the column.
 */
export function readOrcaOverrides(fields: readonly string[], columns: OrcaOverrideColumns): OrcaOverrides {
  const result: { ok: true; orcaKeywords?: string; orcaBlocks?: string } = { ok: true };
  for (const [role, schema, code] of [
    ['keywords', orcaKeywords, 'bad-orca-keywords'],
    ['blocks', orcaBlocksText, 'bad-orca-blocks'],
  ] as const) {
    const column = columns[role];
    if (!column) continue;
    const cell = fields[column.index]!.trim();
    if (isEmpty(cell)) continue;
    const problem = cellProblem(schema, cell);
    if (problem) return { ok: false, code, detail: `column "${column.name}": ${problem}` };
    if (role === 'keywords') result.orcaKeywords = cell;
    else result.orcaBlocks = cell;
  }
  return result;
}

function cellProblem(schema: z.ZodType<string>, cell: string): string | undefined {
  const parsed = schema.safeParse(cell);
  if (parsed.success) return undefined;
  return parsed.error.issues.map((issue) => issue.message).join('; ');
}
