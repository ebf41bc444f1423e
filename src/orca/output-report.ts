import { describeError } from './error-message';
import { LineAlignedSplitter } from './line-aligned-splitter';
import type { OutputFacts } from './output-facts';
import { OrcaOutputScanner } from './output-scanner';
import type { OrcaOutputMetrics, OrcaOutputReport, StalenessOptions } from './types';
import { decideVerdict } from './verdict';

export function metricsFromFacts(facts: OutputFacts): OrcaOutputMetrics {
  const { header } = facts;
  const tableMaxGradient = facts.tableMaxGradients.at(-1) ?? null;
  const ran = facts.optimizationCycles > 0;
  const maxGradientSource =
    tableMaxGradient !== null
      ? 'convergence-table'
      : facts.cartesianMaxGradient !== null
        ? 'cartesian-gradient'
        : null;
  return {
    orcaVersion: header.orcaVersion,
    orcaBannerSeen: header.orcaBannerSeen,
    hfType: header.hfType,
    charge: header.charge ?? header.inputCharge,
    multiplicity: header.multiplicity ?? header.inputMultiplicity,
    finalEnergyEh: facts.finalEnergyEh,
    finalEnergyLabel: facts.finalEnergyLabel,
    energyEvaluations: facts.energyEvaluations,
    scfCycles: facts.scfCycles,
    scfConvergedCount: facts.scfConvergedCount,
    scfNotConvergedCycles: facts.scfNotConvergedCycles,
    scfNotConvergedMarkers: facts.scfNotConvergedMarkers,
    optimization: {
      ran,
      cycles: facts.optimizationCycles,
      converged: ran ? facts.jobsWithUnconvergedOptimization === 0 : null,
      maxGradientPerCycleEhBohr: facts.tableMaxGradients,
      lastMaxGradientEhBohr: tableMaxGradient,
    },
    cartesianMaxGradientEhBohr: facts.cartesianMaxGradient,
    maxGradientEhBohr: tableMaxGradient ?? facts.cartesianMaxGradient,
    maxGradientSource,
    mulliken: facts.mulliken,
    properties: facts.properties,
    jobsRequested: 1 + header.newJobDirectives,
    jobs: facts.jobs,
    terminatedNormally: facts.terminatedNormally,
    bytesRead: facts.bytesRead,
  };
}

/** Incremental form of analyzeOrcaOutput for callers that own the byte stream. */
export class OrcaOutputAnalyzer {
  private readonly scanner = new OrcaOutputScanner();
  private readonly splitter = new LineAlignedSplitter((region) => this.scanner.pushRegion(region));
  private ioError: string | null = null;

  /** Two buffers to read chunks into before pushing them: scanned where they are, without a copy. */
  readBuffer(slot: 0 | 1): Buffer {
    return this.scanner.readBuffer(slot);
  }

  push(chunk: Buffer | string): void {
    this.splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  }

  /** Records a read failure (corrupt gzip, I/O error): the verdict becomes failed/unreadable. */
  fail(message: string): void {
    this.ioError ??= message;
  }

  finish(options: StalenessOptions = {}): OrcaOutputReport {
    this.splitter.end();
    const facts = this.scanner.finish();
    if (this.ioError !== null) facts.unreadable ??= this.ioError;
    return { verdict: decideVerdict(facts, options), metrics: metricsFromFacts(facts) };
  }
}

/**
 * Verdict and metrics for ORCA output text, a Buffer, or any (async) iterable of chunks such as a
 * readable stream. Never rejects: a failing stream yields failed/unreadable with the error message.
 * Pass the output's mtime to tell a stalled run (timeout) from a running one.
 */
export async function analyzeOrcaOutput(
  input: string | Buffer | AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  options: StalenessOptions = {},
): Promise<OrcaOutputReport> {
  const analyzer = new OrcaOutputAnalyzer();
  try {
    if (typeof input === 'string' || Buffer.isBuffer(input)) analyzer.push(input);
    else for await (const chunk of input) analyzer.push(chunk);
  } catch (error) {
    analyzer.fail(`unreadable: ${describeError(error)}`);
  }
  return analyzer.finish(options);
}

/** Synchronous form for text or bytes already in memory. */
export function analyzeOrcaOutputSync(
  input: string | Buffer,
  options: StalenessOptions = {},
): OrcaOutputReport {
  const analyzer = new OrcaOutputAnalyzer();
  analyzer.push(input);
  return analyzer.finish(options);
}
