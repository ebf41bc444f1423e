import { z } from 'zod';
import { isEnd, orcaTokens, type OrcaToken } from './orca-tokens';

/** One `%name … end` block of ORCA input as the user wrote it. */
export interface OrcaBlock {
  /** Lower-case name without the `%`, e.g. `scf`. */
  name: string;
  /** From its `%` to its closing `end` (or its one value), comments inside included. */
  text: string;
}

export const MAX_BLOCKS_LENGTH = 8000;
export const MAX_BLOCKS = 30;

/** Blocks that take one value and no `end`. */
const ONE_VALUE_BLOCKS = new Set(['moinp', 'pointcharges']);

/** Sub-blocks with their own `end`, per block (`%geom Constraints { B 0 1 C } end end`). */
const SUB_BLOCKS: Record<string, RegExp> = {
  geom: /^(constraints|scan|hybrid_hess|hess_internal|modify_internal|fragments|ts_active_atoms|invertconstraints)$/i,
  scf: /^rotate$/i,
  eprnmr: /^nuclei$/i,
  paras: /^(pardef|values)$/i,
};
/** `NewGTO … end`, `NewECP … end` (%basis), `NewBlock … end` (%mrci): in any block. */
const NEW_SUB_BLOCK = /^new\w+$/i;

const RESOURCES = '%pal and %maxcore follow cores and memoryMb: set those instead';
/** Blocks the orchestrator writes or that would break what it reads. */
const OWNED_BLOCKS: Record<string, string> = {
  pal: RESOURCES,
  maxcore: RESOURCES,
  coords: '%coords: the structure comes from the CSV (or geometryFrom), orcastrate writes it',
  base: '%base renames the output files orcastrate reads: leave it out',
  compound: '%compound runs several calculations in one job: use steps instead',
};

/** Why a line starting with this token has no place in blocks, if it has none. */
function lineStartProblem(token: OrcaToken): string | undefined {
  if (!token.firstOnLine) return undefined;
  if (token.text.startsWith('*'))
    return `line ${token.line}: "${token.text} …": the structure comes from the CSV (or geometryFrom), orcastrate writes the coordinates`;
  if (token.text.startsWith('!'))
    return `line ${token.line}: a "!" keyword line belongs in keywords, not blocks`;
  if (token.text.startsWith('$'))
    return `line ${token.line}: ${token.text} starts another job in the same input: use steps instead`;
  return undefined;
}

export type ParsedBlocks = { ok: true; blocks: OrcaBlock[] } | { ok: false; problem: string };

/**
 * Reads `%` blocks: each `%name` opens a block that `end` closes (sub-blocks such as `Constraints`
 * need their own `end`); `%moinp` and `%pointcharges` take one value and no `end`. Refuses text outside
 * blocks, unbalanced `end`s, a block given twice, coordinates, keyword lines and the blocks orcastrate owns.
 */
export function parseOrcaBlocks(text: string): ParsedBlocks {
  if (text.includes('\0')) return { ok: false, problem: 'must not contain NUL' };
  const tokenized = orcaTokens(text);
  if ('problem' in tokenized) return { ok: false, problem: tokenized.problem };
  const { tokens } = tokenized;
  const blocks: OrcaBlock[] = [];
  const firstLine = new Map<string, number>();
  let lastClosed: { name: string; line: number; endLine: number } | undefined;
  let index = 0;
  while (index < tokens.length) {
    const opener = tokens[index]!;
    const header = blockHeader(tokens, index, lastClosed);
    if ('problem' in header) return { ok: false, problem: header.problem };
    const { name } = header;
    const owned = OWNED_BLOCKS[name.toLowerCase()];
    if (owned) return { ok: false, problem: `line ${opener.line}: ${owned}` };
    const seen = firstLine.get(name.toLowerCase());
    if (seen !== undefined)
      return {
        ok: false,
        problem: `line ${opener.line}: %${name} is already given on line ${seen}: put its settings in one block`,
      };
    firstLine.set(name.toLowerCase(), opener.line);
    const closing = blockEnd(tokens, header.next, name, opener.line);
    if ('problem' in closing) return { ok: false, problem: closing.problem };
    const last = tokens[closing.index]!;
    blocks.push({ name: name.toLowerCase(), text: text.slice(opener.start, last.end) });
    lastClosed = { name, line: opener.line, endLine: last.line };
    index = closing.index + 1;
  }
  if (blocks.length > MAX_BLOCKS) return { ok: false, problem: `at most ${MAX_BLOCKS} blocks` };
  return { ok: true, blocks };
}

/** The block name at `index` (`%scf`, or `%` then `scf`) and the index after it. */
function blockHeader(
  tokens: OrcaToken[],
  index: number,
  lastClosed: { name: string; line: number; endLine: number } | undefined,
): { name: string; next: number } | { problem: string } {
  const token = tokens[index]!;
  const lineProblem = lineStartProblem(token);
  if (lineProblem) return { problem: lineProblem };
  if (!token.text.startsWith('%')) {
    if (!isEnd(token))
      return {
        problem: `line ${token.line}: "${token.text}" is outside a block (a block starts with %name and ends with "end")`,
      };
    const hint = lastClosed
      ? ` (the %${lastClosed.name} block of line ${lastClosed.line} already ended on line ${lastClosed.endLine}; ` +
        'does it hold a sub-block orcastrate does not know?)'
      : '';
    return { problem: `line ${token.line}: "end" closes no block${hint}` };
  }
  const glued = token.text.slice(1);
  const name = glued || tokens[index + 1]?.text || '';
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
    return { problem: `line ${token.line}: "%${name}" is not an ORCA block name` };
  return { name, next: index + (glued ? 1 : 2) };
}

/** The index of the token that closes the block whose contents start at `from`. */
function blockEnd(
  tokens: OrcaToken[],
  from: number,
  name: string,
  line: number,
): { index: number } | { problem: string } {
  if (ONE_VALUE_BLOCKS.has(name.toLowerCase())) {
    const value = tokens[from];
    if (!value || value.text.startsWith('%') || value.line !== line)
      return { problem: `line ${line}: %${name} needs its value on the same line (e.g. %${name} "file")` };
    return { index: from };
  }
  const subBlock = SUB_BLOCKS[name.toLowerCase()];
  const open: OrcaToken[] = [];
  let lastSubBlock: { name: string; endLine: number } | undefined;
  for (let index = from; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    const lineProblem = lineStartProblem(token);
    if (lineProblem) return { problem: lineProblem };
    if (token.text.startsWith('%'))
      return {
        problem: `line ${line}: the %${name} block is not closed by "end" before ${token.text} on line ${token.line}`,
      };
    if (isEnd(token)) {
      if (open.length === 0) return { index };
      lastSubBlock = { name: open.pop()!.text, endLine: token.line };
    } else if (subBlock?.test(token.text) || NEW_SUB_BLOCK.test(token.text)) {
      open.push(token);
    }
  }
  const inner = open.at(-1);
  return {
    problem: inner
      ? `line ${inner.line}: ${inner.text} in the %${name} block (line ${line}) is not closed by "end"`
      : `line ${line}: the %${name} block is not closed by "end"` +
        (lastSubBlock ? ` (the "end" on line ${lastSubBlock.endLine} closes its ${lastSubBlock.name})` : ''),
  };
}

/** `%` blocks as the campaign input takes them: one text, validated by parseOrcaBlocks. */
export const orcaBlocksText = z
  .string()
  .min(1)
  .max(MAX_BLOCKS_LENGTH)
  .superRefine((text, ctx) => {
    const parsed = parseOrcaBlocks(text);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.problem });
    else if (parsed.blocks.length === 0) ctx.addIssue({ code: 'custom', message: 'holds no % block' });
  });

/**
 * The merge rule of blocks from two levels (campaign → step → operator): a block of `overrides` replaces
 * the block of the same name in `base`, where it stood; the others are added after. So ORCA never sees a
 * block twice, and the more specific level wins.
 */
export function replaceBlocksByName(
  base: readonly OrcaBlock[],
  overrides: readonly OrcaBlock[],
): OrcaBlock[] {
  const merged = [...base];
  for (const block of overrides) {
    const at = merged.findIndex((existing) => existing.name === block.name);
    if (at === -1) merged.push(block);
    else merged[at] = block;
  }
  return merged;
}

/** The blocks of text already validated by orcaBlocksText (none for undefined). */
export function validatedBlocks(text: string | undefined): OrcaBlock[] {
  if (text === undefined) return [];
  const parsed = parseOrcaBlocks(text);
  if (!parsed.ok) throw new Error(`ORCA blocks were not validated: ${parsed.problem}`);
  return parsed.blocks;
}

export const blocksToText = (blocks: readonly OrcaBlock[]): string | undefined =>
  blocks.length ? blocks.map((block) => block.text).join('\n') : undefined;
