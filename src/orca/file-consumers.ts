import { EngradReader } from './engrad';
import { describeError } from './error-message';
import type { FileKind } from './file-kind';
import { LineAlignedSplitter } from './line-aligned-splitter';
import { OrcaOutputAnalyzer } from './output-report';
import type {
  FileIdentity,
  ParsedEngradFile,
  ParsedFile,
  ParsedSellaFile,
  ParsedSellaStatusFile,
  ParseFileOptions,
} from './parsed-file';
import { SellaLogReader } from './sella-log';
import { SellaStatusReader } from './sella-status';
import type { StalenessOptions, Verdict } from './types';
import { unreadableVerdict } from './verdict';

/** Receives the decompressed bytes of one file; built once the kind is known. */
export interface Consumer {
  /** Where chunks may be read into (then pushed as they are), if the consumer has a preference. */
  readBuffer?(slot: 0 | 1): Buffer;
  push(chunk: Buffer): void;
  fail(message: string): void;
  finish(): ParsedFile;
}

export function createConsumer(kind: FileKind, identity: FileIdentity, options: ParseFileOptions): Consumer {
  switch (kind) {
    case 'output':
      return outputConsumer(identity, options);
    case 'engrad':
      return lineConsumer(new EngradReader(), (engrad) => ({ ...identity, kind: 'engrad', engrad }));
    case 'sella':
      return lineConsumer(new SellaLogReader(), (sella) => ({ ...identity, kind: 'sella', sella }));
    case 'sella-status':
      return lineConsumer(new SellaStatusReader(), (sellaStatus) => ({
        ...identity,
        kind: 'sella-status',
        sellaStatus,
      }));
    case 'other':
      return otherConsumer(identity);
  }
}

/** A small file's verdict: none, unless reading or parsing it failed. */
function problemVerdict(problem: string | null): Verdict | null {
  return problem === null ? null : unreadableVerdict(problem);
}

function outputConsumer(identity: FileIdentity, options: ParseFileOptions): Consumer {
  const analyzer = new OrcaOutputAnalyzer();
  const staleness: StalenessOptions = { staleHours: options.staleHours, now: options.now };
  if (identity.mtime) staleness.mtime = identity.mtime;
  return {
    readBuffer: (slot) => analyzer.readBuffer(slot),
    push: (chunk) => analyzer.push(chunk),
    fail: (message) => analyzer.fail(message),
    finish: () => {
      const report = analyzer.finish(staleness);
      return { ...identity, kind: 'output', verdict: report.verdict, metrics: report.metrics };
    },
  };
}

interface LineReader<T> {
  acceptLine(line: string): void;
  finish(): T;
}

type SmallFileContent =
  | Omit<ParsedEngradFile, 'verdict'>
  | Omit<ParsedSellaFile, 'verdict'>
  | Omit<ParsedSellaStatusFile, 'verdict'>;

/** Feeds whole lines to a small-file reader; a reader error stops it and becomes the verdict. */
function lineConsumer<T>(reader: LineReader<T>, build: (data: T | null) => SmallFileContent): Consumer {
  let problem: string | null = null;
  const splitter = new LineAlignedSplitter((region) => {
    if (problem !== null) return;
    try {
      for (const line of region.toString('latin1').split('\n')) reader.acceptLine(line);
    } catch (error) {
      problem = describeError(error);
    }
  });
  const result = (data: T | null): ParsedFile => ({ ...build(data), verdict: problemVerdict(problem) });
  return {
    push: (chunk) => splitter.push(chunk),
    fail: (message) => {
      problem ??= message;
    },
    finish: () => {
      splitter.end();
      if (problem !== null) return result(null);
      try {
        return result(reader.finish());
      } catch (error) {
        problem = describeError(error);
        return result(null);
      }
    },
  };
}

function otherConsumer(identity: FileIdentity): Consumer {
  let lineCount = 0;
  let firstLine: string | null = null;
  let problem: string | null = null;
  let lastByte = 0x0a;
  return {
    push: (chunk) => {
      if (firstLine === null)
        firstLine = chunk.toString('latin1', 0, Math.min(chunk.length, 200)).split('\n')[0] ?? '';
      for (let at = chunk.indexOf(0x0a); at !== -1; at = chunk.indexOf(0x0a, at + 1)) lineCount++;
      if (chunk.length > 0) lastByte = chunk[chunk.length - 1] as number;
    },
    fail: (message) => {
      problem ??= message;
    },
    finish: () => ({
      ...identity,
      kind: 'other',
      lineCount: lineCount + (lastByte === 0x0a ? 0 : 1),
      firstLine: firstLine ?? '',
      verdict: problemVerdict(problem),
    }),
  };
}
