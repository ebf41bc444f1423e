import type { SellaStatusData } from './sella-status';
import type { EngradData, OrcaOutputMetrics, SellaLogData, Verdict } from './types';

export interface ParseFileOptions {
  /** Age (hours) after which an output with no terminal marker is a timeout; default 6. */
  staleHours?: number;
  /** Reference time for staleness; default now. */
  now?: Date | number;
  /** Look for `<base>.engrad[.gz]` when the output itself prints no gradient; default true. */
  engradFallback?: boolean;
}

/** Which file, as found on disk (size and mtime are null when it could not be stat'ed). */
export interface FileIdentity {
  file: string;
  sizeBytes: number | null;
  mtime: Date | null;
}

interface ParsedFileBase extends FileIdentity {
  /** Output verdict; for other kinds null unless the file could not be read or parsed (failed/unreadable). */
  verdict: Verdict | null;
}

export interface ParsedOutputFile extends ParsedFileBase {
  kind: 'output';
  verdict: Verdict;
  metrics: OrcaOutputMetrics;
}

export interface ParsedEngradFile extends ParsedFileBase {
  kind: 'engrad';
  engrad: EngradData | null;
}

export interface ParsedSellaFile extends ParsedFileBase {
  kind: 'sella';
  sella: SellaLogData | null;
}

export interface ParsedSellaStatusFile extends ParsedFileBase {
  kind: 'sella-status';
  sellaStatus: SellaStatusData | null;
}

export interface ParsedOtherFile extends ParsedFileBase {
  kind: 'other';
  lineCount: number;
  firstLine: string;
}

export type ParsedFile =
  ParsedOutputFile | ParsedEngradFile | ParsedSellaFile | ParsedSellaStatusFile | ParsedOtherFile;
