import { blocksToText, parseOrcaBlocks, replaceBlocksByName, type OrcaBlock } from '../campaign/orca-blocks';
import { isEnd, orcaTokens } from '../campaign/orca-tokens';
import type { AttemptPlan } from '../recovery/plan';

/**
 * The `%` blocks of one attempt's input, each name once (ORCA refuses a block given twice):
 * 1. the step's blocks (campaign blocks with the step's merged in by name, validated at input);
 * 2. an operator's blocks (`reset-failed --block`) replace the step's block of the same name, the
 *    others are added after;
 * 3. the recovery ladder's SCF settings go into the `%scf` block if there is one — its `MaxIter`
 *    becomes the larger of the ladder's and the block's, its `Guess` the ladder's — else into a new
 *    `%scf MaxIter … Guess … end` block at the end.
 */
export function attemptBlocks(stepBlocks: string | undefined, plan: AttemptPlan): string[] {
  const blocks = replaceBlocksByName(readBlocks(stepBlocks), (plan.blocks ?? []).flatMap(readBlocks));
  const ladder = ladderScfSettings(plan);
  if (ladder.length === 0) return blocks.map((block) => block.text);
  const scf = blocks.findIndex((block) => block.name === 'scf');
  const merged = scf === -1 ? undefined : withScfSettings(blocks[scf]!, plan);
  if (merged === undefined) return [...blocks.map((block) => block.text), `%scf ${ladder.join(' ')} end`];
  return blocks.map((block, index) => (index === scf ? merged : block.text));
}

/**
 * A row's blocks (validated at ingest) merged into its step's by name, as a step's are into the
 * campaign's: the row's block replaces the step's block of the same name, the others come after.
 */
export function rowBlocks(stepBlocks: string | undefined, rowBlocks: string | undefined): string | undefined {
  if (rowBlocks === undefined) return stepBlocks;
  return blocksToText(replaceBlocksByName(readBlocks(stepBlocks), readBlocks(rowBlocks)));
}

/**
 * Blocks of text: the step's are validated at input; an operator's were only checked to start with
 * `%`, so one that does not parse is kept whole under the name it starts with (and ORCA judges it).
 */
function readBlocks(text: string | undefined): OrcaBlock[] {
  if (text === undefined) return [];
  const parsed = parseOrcaBlocks(text);
  if (parsed.ok) return parsed.blocks;
  const name = /^\s*%\s*([A-Za-z]\w*)/.exec(text)?.[1]?.toLowerCase() ?? '';
  return [{ name, text: text.trim() }];
}

function ladderScfSettings(plan: AttemptPlan): string[] {
  const settings: string[] = [];
  if (plan.scfMaxIter) settings.push(`MaxIter ${plan.scfMaxIter}`);
  if (plan.scfGuess) settings.push(`Guess ${plan.scfGuess}`);
  return settings;
}

/**
 * The `%scf` block with the ladder's MaxIter (the larger of the two) and Guess in place of its own,
 * written before its closing `end`; undefined if the block cannot be read (then a block of its own).
 */
function withScfSettings(block: OrcaBlock, plan: AttemptPlan): string | undefined {
  const tokenized = orcaTokens(block.text);
  if ('problem' in tokenized) return undefined;
  const { tokens } = tokenized;
  const closing = tokens.at(-1);
  if (!closing || !isEnd(closing)) return undefined;
  const removed: { start: number; end: number }[] = [];
  let userMaxIter: number | undefined;
  let depth = 0;
  for (let index = 1; index < tokens.length - 1; index += 1) {
    const token = tokens[index]!;
    if (isEnd(token)) depth -= 1;
    else if (/^rotate$/i.test(token.text)) depth += 1;
    const key = token.text.toLowerCase();
    const value = tokens[index + 1];
    if (depth !== 0 || !value || value === closing) continue;
    if (key === 'maxiter' && plan.scfMaxIter) {
      if (/^\d+$/.test(value.text)) userMaxIter = Number(value.text);
      removed.push({ start: token.start, end: value.end });
      index += 1;
    } else if (key === 'guess' && plan.scfGuess) {
      removed.push({ start: token.start, end: value.end });
      index += 1;
    }
  }
  let head = block.text.slice(0, closing.start);
  for (const span of removed.reverse()) head = head.slice(0, span.start) + head.slice(span.end);
  const settings: string[] = [];
  if (plan.scfMaxIter) settings.push(`MaxIter ${Math.max(plan.scfMaxIter, userMaxIter ?? 0)}`);
  if (plan.scfGuess) settings.push(`Guess ${plan.scfGuess}`);
  if (!block.text.includes('\n')) return `${head.replace(/\s+/g, ' ').trim()} ${settings.join(' ')} end`;
  const lines = head.split('\n').filter((line, index) => index === 0 || line.trim() !== '');
  return [...lines.map((line) => line.trimEnd()), ...settings.map((setting) => `  ${setting}`), 'end'].join(
    '\n',
  );
}
