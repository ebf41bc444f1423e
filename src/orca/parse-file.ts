import { stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { readFileBytes } from './byte-source';
import { describeError } from './error-message';
import { createConsumer, type Consumer } from './file-consumers';
import { detectFileKind, type FileKind } from './file-kind';
import { OrcaOutputAnalyzer } from './output-report';
import type { FileIdentity, ParsedFile, ParsedOutputFile, ParseFileOptions } from './parsed-file';

const KIND_SNIFF_BYTES = 64 * 1024;

/**
 * Parses one file of any supported kind (ORCA output, .engrad, Sella log; plain or gzip) in a single
 * streamed pass. Never rejects: unreadable files (missing, corrupt gzip, binary) come back as a
 * `failed`/`unreadable` verdict.
 */
export async function parseFile(file: string, options: ParseFileOptions = {}): Promise<ParsedFile> {
  const unknown = { file, sizeBytes: null, mtime: null };
  try {
    const info = await stat(file);
    if (!info.isFile()) return unreadableOutput({ ...unknown, mtime: info.mtime }, 'not a regular file');
    const identity = { file, sizeBytes: info.size, mtime: info.mtime };
    const result = await streamFile(file, (kind) => createConsumer(kind, identity, options));
    if (result.kind === 'output' && options.engradFallback !== false) await addEngradFallback(file, result);
    return result;
  } catch (error) {
    return unreadableOutput(unknown, `cannot read ${file}: ${describeError(error)}`);
  }
}

function unreadableOutput(identity: FileIdentity, detail: string): ParsedOutputFile {
  const analyzer = new OrcaOutputAnalyzer();
  analyzer.fail(detail);
  const report = analyzer.finish();
  return { ...identity, kind: 'output', verdict: report.verdict, metrics: report.metrics };
}

async function streamFile(file: string, consumerFor: (kind: FileKind) => Consumer): Promise<ParsedFile> {
  const head: Buffer[] = [];
  let headBytes = 0;
  let consumer: Consumer | null = null;
  // The kind is judged on the first KIND_SNIFF_BYTES only (a first chunk is often much larger).
  const start = (): Consumer => {
    const chosen = consumerFor(detectFileKind(file, Buffer.concat(head).subarray(0, KIND_SNIFF_BYTES)));
    for (const chunk of head) chosen.push(chunk);
    head.length = 0;
    return chosen;
  };
  try {
    for await (const chunk of readFileBytes(file, { readInto: (slot) => consumer?.readBuffer?.(slot) })) {
      if (consumer) {
        consumer.push(chunk);
        continue;
      }
      if (head.length === 0 && chunk.length >= KIND_SNIFF_BYTES) {
        // enough to judge at once: no need to keep (copy) it
        consumer = consumerFor(detectFileKind(file, chunk.subarray(0, KIND_SNIFF_BYTES)));
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

/** `<base>.engrad` or `<base>.engrad.gz` next to the output, `<base>` being its name minus `.out[.gz]`. */
export function engradCandidates(outputFile: string): string[] {
  const base = basename(outputFile).replace(/\.(?:out|log|output)(?:\.gz)?$/i, '');
  return [join(dirname(outputFile), `${base}.engrad`), join(dirname(outputFile), `${base}.engrad.gz`)];
}

/**
 * An output that prints no gradient (or no gradient summary) takes it from its `.engrad`: the max
 * gradient metric, and norm, RMS and max of the gradient property.
 */
async function addEngradFallback(outputFile: string, result: ParsedOutputFile): Promise<void> {
  const metrics = result.metrics;
  if (metrics.maxGradientEhBohr !== null && metrics.properties.gradient !== null) return;
  if (result.verdict.reason === 'unreadable') return;
  for (const candidate of engradCandidates(outputFile)) {
    if (candidate === outputFile) continue;
    const exists = await stat(candidate).then(
      (info) => info.isFile(),
      () => false,
    );
    if (!exists) continue;
    const parsed = await parseFile(candidate, { engradFallback: false });
    if (parsed.kind === 'engrad' && parsed.engrad) {
      const engrad = parsed.engrad;
      if (metrics.maxGradientEhBohr === null) {
        metrics.maxGradientEhBohr = engrad.maxAbsComponentEhBohr;
        metrics.maxGradientSource = 'engrad';
      }
      metrics.properties.gradient ??= {
        normEhBohr: engrad.normEhBohr,
        rmsEhBohr: engrad.rmsEhBohr,
        maxEhBohr: engrad.maxAbsComponentEhBohr,
        source: 'engrad',
      };
      return;
    }
  }
}
