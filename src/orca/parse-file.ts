import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readFileBytes } from './byte-source';
import { EngradReader } from './engrad';
import { detectFileKind, type FileKind } from './file-kind';
import { LineAlignedSplitter } from './line-aligned-splitter';
import { findMainOutput } from './main-output';
import { OrcaOutputAnalyzer } from './output-report';
import { SellaLogReader } from './sella-log';
import type { EngradData, OrcaOutputMetrics, SellaLogData, StalenessOptions, Verdict } from './types';
import { stalenessVerdict } from './verdict';

const KIND_SNIFF_BYTES = 64 * 1024;

export interface ParseFileOptions {
  /** Age (hours) after which an output with no terminal marker is a timeout; default 6. */
  staleHours?: number;
  /** Reference time for staleness; default now. */
  now?: Date | number;
  /** Look for `<base>.engrad[.gz]` when the output itself prints no gradient; default true. */
  engradFallback?: boolean;
}

interface ParsedFileBase {
  file: string;
  sizeBytes: number | null;
  mtime: Date | null;
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

export interface ParsedOtherFile extends ParsedFileBase {
  kind: 'other';
  lineCount: number;
  firstLine: string;
}

export type ParsedFile = ParsedOutputFile | ParsedEngradFile | ParsedSellaFile | ParsedOtherFile;

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function unreadable(detail: string): Verdict {
  return { status: 'failed', reason: 'unreadable', detail, errorModule: null };
}

/** Receives the decompressed bytes of one file; built once the kind is known. */
interface Consumer {
  push(chunk: Buffer): void;
  fail(message: string): void;
  finish(): ParsedFile;
}

/**
 * Parses one file of any supported kind (ORCA output, .engrad, Sella log; plain or gzip) in a single
 * streamed pass. Never rejects: unreadable files (missing, corrupt gzip, binary) come back as a
 * `failed`/`unreadable` verdict.
 */
export async function parseFile(file: string, options: ParseFileOptions = {}): Promise<ParsedFile> {
  const base = { file, sizeBytes: null, mtime: null };
  try {
    const info = await stat(file);
    if (!info.isFile()) return unreadableOutput({ ...base, mtime: info.mtime }, 'not a regular file');
    const fileBase = { file, sizeBytes: info.size, mtime: info.mtime };
    const result = await streamFile(file, (kind) => createConsumer(kind, fileBase, options));
    if (result.kind === 'output' && options.engradFallback !== false) await addEngradFallback(file, result);
    return result;
  } catch (error) {
    return unreadableOutput(base, `cannot read ${file}: ${describeError(error)}`);
  }
}

function unreadableOutput(base: Omit<ParsedFileBase, 'verdict'>, detail: string): ParsedOutputFile {
  const analyzer = new OrcaOutputAnalyzer();
  analyzer.fail(detail);
  const report = analyzer.finish();
  return { ...base, kind: 'output', verdict: report.verdict, metrics: report.metrics };
}

async function streamFile(file: string, consumerFor: (kind: FileKind) => Consumer): Promise<ParsedFile> {
  const head: Buffer[] = [];
  let headBytes = 0;
  let consumer: Consumer | null = null;
  const start = (): Consumer => {
    const chosen = consumerFor(detectFileKind(file, Buffer.concat(head)));
    for (const chunk of head) chosen.push(chunk);
    head.length = 0;
    return chosen;
  };
  try {
    for await (const chunk of readFileBytes(file)) {
      if (consumer) {
        consumer.push(chunk);
        continue;
      }
      head.push(Buffer.from(chunk)); // chunks are reused by the reader: copy until the kind is known
      headBytes += chunk.length;
      if (headBytes >= KIND_SNIFF_BYTES) consumer = start();
    }
    consumer ??= start();
  } catch (error) {
    consumer ??= start();
    consumer.fail(`unreadable: ${describeError(error)}`);
  }
  return consumer.finish();
}

function createConsumer(
  kind: FileKind,
  base: Omit<ParsedFileBase, 'verdict'>,
  options: ParseFileOptions,
): Consumer {
  switch (kind) {
    case 'output':
      return outputConsumer(base, options);
    case 'engrad':
      return lineConsumer(new EngradReader(), (engrad, problem) => ({
        ...base,
        kind: 'engrad',
        engrad,
        verdict: problem === null ? null : unreadable(problem),
      }));
    case 'sella':
      return lineConsumer(new SellaLogReader(), (sella, problem) => ({
        ...base,
        kind: 'sella',
        sella,
        verdict: problem === null ? null : unreadable(problem),
      }));
    case 'other':
      return otherConsumer(base);
  }
}

function outputConsumer(base: Omit<ParsedFileBase, 'verdict'>, options: ParseFileOptions): Consumer {
  const analyzer = new OrcaOutputAnalyzer();
  const staleness: StalenessOptions = { staleHours: options.staleHours, now: options.now };
  if (base.mtime) staleness.mtime = base.mtime;
  return {
    push: (chunk) => analyzer.push(chunk),
    fail: (message) => analyzer.fail(message),
    finish: () => {
      const report = analyzer.finish(staleness);
      return { ...base, kind: 'output', verdict: report.verdict, metrics: report.metrics };
    },
  };
}

interface LineReader<T> {
  acceptLine(line: string): void;
  finish(): T;
}

/** Feeds whole lines to a small-file reader; a reader error stops it and becomes the problem. */
function lineConsumer<T>(
  reader: LineReader<T>,
  build: (data: T | null, problem: string | null) => ParsedFile,
): Consumer {
  let problem: string | null = null;
  const splitter = new LineAlignedSplitter((region) => {
    if (problem !== null) return;
    try {
      for (const line of region.toString('latin1').split('\n')) reader.acceptLine(line);
    } catch (error) {
      problem = describeError(error);
    }
  });
  return {
    push: (chunk) => splitter.push(chunk),
    fail: (message) => {
      problem ??= message;
    },
    finish: () => {
      splitter.end();
      if (problem !== null) return build(null, problem);
      try {
        return build(reader.finish(), null);
      } catch (error) {
        return build(null, describeError(error));
      }
    },
  };
}

function otherConsumer(base: Omit<ParsedFileBase, 'verdict'>): Consumer {
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
      ...base,
      kind: 'other',
      lineCount: lineCount + (lastByte === 0x0a ? 0 : 1),
      firstLine: firstLine ?? '',
      verdict: problem === null ? null : unreadable(problem),
    }),
  };
}

/** `<base>.engrad` or `<base>.engrad.gz` next to the output, `<base>` being its name minus `.out[.gz]`. */
export function engradCandidates(outputFile: string): string[] {
  const base = basename(outputFile).replace(/\.(?:out|log|output)(?:\.gz)?$/i, '');
  return [join(dirname(outputFile), `${base}.engrad`), join(dirname(outputFile), `${base}.engrad.gz`)];
}

async function addEngradFallback(outputFile: string, result: ParsedOutputFile): Promise<void> {
  if (result.metrics.maxGradientEhBohr !== null || result.verdict.reason === 'unreadable') return;
  for (const candidate of engradCandidates(outputFile)) {
    if (candidate === outputFile) continue;
    const exists = await stat(candidate).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!exists) continue;
    const parsed = await parseFile(candidate, { engradFallback: false });
    if (parsed.kind === 'engrad' && parsed.engrad) {
      result.metrics.maxGradientEhBohr = parsed.engrad.maxAbsComponentEhBohr;
      result.metrics.maxGradientSource = 'engrad';
      return;
    }
  }
}

export interface JobDirectoryReport {
  directory: string;
  /** Main output chosen by pickMainOutput, or null when the directory holds none yet. */
  outputFile: string | null;
  verdict: Verdict;
  metrics: OrcaOutputMetrics | null;
}

/**
 * Verdict and metrics of the job in `directory` (what the job workflow calls): finds the main
 * output (ignoring `_atomNN.out` side outputs), parses it, falls back to the `.engrad` for the
 * gradient. A directory without an output reads as running, or timeout once the directory is stale.
 */
export async function parseJobDirectory(
  directory: string,
  options: ParseFileOptions = {},
): Promise<JobDirectoryReport> {
  let outputFile: string | null;
  try {
    outputFile = await findMainOutput(directory);
  } catch (error) {
    return {
      directory,
      outputFile: null,
      verdict: unreadable(`cannot list ${directory}: ${describeError(error)}`),
      metrics: null,
    };
  }
  if (outputFile === null) {
    const info = await stat(directory).catch(() => null);
    const verdict = stalenessVerdict({
      mtime: info?.mtime,
      now: options.now,
      staleHours: options.staleHours,
    });
    return {
      directory,
      outputFile: null,
      verdict: { ...verdict, detail: `no ORCA output yet; ${verdict.detail}` },
      metrics: null,
    };
  }
  const parsed = await parseFile(outputFile, options);
  if (parsed.kind === 'output')
    return { directory, outputFile, verdict: parsed.verdict, metrics: parsed.metrics };
  return {
    directory,
    outputFile,
    verdict: unreadable(`${outputFile} is not an ORCA output (looks like ${parsed.kind})`),
    metrics: null,
  };
}
