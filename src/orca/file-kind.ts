import { basename } from 'node:path';
import { isSellaHeader } from './sella-log';
import { looksLikeSellaStatus, SELLA_STATUS_NAME } from './sella-status';
import { looksBinary } from './text-sniff';

export type FileKind = 'output' | 'engrad' | 'sella' | 'sella-status' | 'other';

const ENGRAD_NAME = /\.engrad(?:\.gz)?$/i;
const OUTPUT_NAME = /\.(?:out|log|output)(?:\.gz)?$/i;

/** Side outputs ORCA writes next to the main output, e.g. the atomic-guess job `<base>_atom95.out`. */
export const SIDE_OUTPUT_NAME = /_atom\d+\.out(?:\.gz)?$/i;

function firstNonBlankLine(text: string): string {
  for (const line of text.split('\n', 200)) if (line.trim().length > 0) return line;
  return '';
}

/**
 * What a file is, from its name and its first (decompressed) bytes. ORCA main outputs have arbitrary
 * names (`logs`, `job.out`, `orca.out.gz`), so content wins: the ORCA banner makes an output, a Sella
 * header or step row a Sella log. Binary content is an (unreadable) output unless the name says
 * engrad. The Sella driver's `sella_status.txt` ("status: CONVERGED", …) is `sella-status`. Text that is
 * none of these (ORCA's stderr `orca.err`) is `other`.
 */
export function detectFileKind(path: string, head: Buffer): FileKind {
  const name = basename(path);
  if (ENGRAD_NAME.test(name)) return 'engrad';
  if (looksBinary(head)) return 'output';
  const text = head.toString('latin1');
  const first = firstNonBlankLine(text);
  if (isSellaHeader(first) || /^Sella\s+\d+\s/.test(first)) return 'sella';
  if (SELLA_STATUS_NAME.test(name) || looksLikeSellaStatus(first)) return 'sella-status';
  if (text.includes('O   R   C   A') || text.includes('Program Version')) return 'output';
  if (first.startsWith('#') && /#\s*Number of atoms/i.test(text)) return 'engrad';
  if (OUTPUT_NAME.test(name) || name === 'logs') return 'output';
  return 'other';
}
