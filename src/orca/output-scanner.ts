import type { BlockReader } from './block-reader';
import { emptyHeaderFields, readHeaderLine } from './header-fields';
import {
  acquireKernel,
  MarkerKind,
  NEWLINE,
  releaseKernel,
  visitMarkerLines,
  type MarkerLine,
} from './marker-lines';
import { cartesianMaxGradient, MarkerTally } from './marker-tally';
import { isMullikenHeader, PopulationBlockReader } from './mulliken-block';
import type { OutputFacts } from './output-facts';
import type { PairScanner } from './pair-scan-kernel';
import { PropertyTally } from './property-tally';
import { findTailError, readTerminalErrors } from './tail-errors';
import { TailWindow } from './tail-window';
import { BinarySniffer } from './text-sniff';
import type { MullikenPopulation } from './types';

const CAPITAL_M = 0x4d;

function isBlank(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0d;
}

/** The needle is the whole line but for blanks (a section title such as "TOTAL SCF ENERGY"). */
function aloneOnLine(region: Buffer, marker: MarkerLine): boolean {
  for (let i = marker.lineStart; i < marker.needleStart; i++) if (!isBlank(region[i])) return false;
  for (let i = marker.needleStart + marker.needleLength; i < marker.lineEnd; i++) {
    if (!isBlank(region[i])) return false;
  }
  return true;
}

/** Incremental, bounded-memory scanner for ORCA main outputs. Feed it with pushRegion(), then finish(). */
export class OrcaOutputScanner {
  private readonly header = emptyHeaderFields();
  private headerDone = false;
  private readonly markers = new MarkerTally();
  private readonly properties = new PropertyTally();
  private mulliken: MullikenPopulation | null = null;
  private openBlock: BlockReader | null = null;
  private readonly tail = new TailWindow();
  private readonly sniffer = new BinarySniffer();
  private unreadable: string | null = null;
  private bytesRead = 0;
  private kernel: PairScanner | null = null;

  /** Bytes read into these two buffers and pushed as they are (whole or in part) are scanned in place. */
  readBuffer(slot: 0 | 1): Buffer {
    this.kernel ??= acquireKernel();
    return this.kernel.readArea(slot);
  }

  /** Feed a region that ends at a line boundary (see LineAlignedSplitter) or at the end of input. */
  pushRegion(region: Buffer): void {
    if (this.unreadable !== null || region.length === 0) return;
    this.bytesRead += region.length;
    if (!this.sniffer.done) {
      this.unreadable = this.sniffer.collect(region);
      if (this.unreadable !== null) return;
    }
    this.properties.scfEnergy.continue(region);
    let from = 0;
    if (this.openBlock) from = this.continueBlock(region, 0);
    if (!this.headerDone) this.scanHeader(region, from);
    this.kernel ??= acquireKernel();
    // Only the last energy block and gradient summary count: of those in this region, the last one
    // is read once the region is scanned (ORCA prints one per optimization cycle).
    let scfEnergyLine = -1;
    let gradientSummaryStart = -1;
    let gradientSummaryEnd = -1;
    visitMarkerLines(this.kernel, region, from, (marker) => {
      const { kind, lineStart, lineEnd } = marker;
      if (kind === MarkerKind.ScfEnergy) {
        if (aloneOnLine(region, marker)) scfEnergyLine = lineStart;
        return undefined;
      }
      // the cartesian gradient summary starts in column 0 (convergence-table rows are indented):
      // only the last one counts, read below
      if (kind === MarkerKind.MaxGradient && region[lineStart] === CAPITAL_M) {
        gradientSummaryStart = lineStart;
        gradientSummaryEnd = lineEnd;
        return undefined;
      }
      // the lines of every cycle (energy, SCF cycles, convergence table), most often without a string
      if (this.markers.readInPlace(kind, region, lineStart, lineEnd)) return undefined;
      const line = region.toString('latin1', lineStart, lineEnd);
      const block = this.blockOpenedBy(kind, line);
      if (block) {
        this.openBlock = block;
        return this.continueBlock(region, lineEnd + 1);
      }
      if (kind === MarkerKind.Warning) this.properties.readWarning(line);
      else this.markers.read(kind, line);
      return undefined;
    });
    if (scfEnergyLine >= 0) this.properties.scfEnergy.start(region, scfEnergyLine);
    if (gradientSummaryStart >= 0) {
      const line = region.toString('latin1', gradientSummaryStart, gradientSummaryEnd);
      this.readGradientSummary(region, { line, lineStart: gradientSummaryStart });
    }
    this.tail.remember(region);
  }

  finish(): OutputFacts {
    if (this.kernel) releaseKernel(this.kernel);
    this.kernel = null;
    if (!this.sniffer.done) this.unreadable = this.sniffer.judge();
    this.openBlock?.close(true);
    this.openBlock = null;
    // Binary content has no lines to read errors from.
    const tailText = this.unreadable === null ? this.tail.text() : '';
    const markerFacts = this.markers.facts();
    return {
      header: this.header,
      ...markerFacts,
      mulliken: this.mulliken,
      properties: this.properties.properties(markerFacts.energyHistory),
      ...readTerminalErrors(tailText),
      tailError: findTailError(tailText),
      unreadable: this.unreadable,
      bytesRead: this.bytesRead,
    };
  }

  private blockOpenedBy(kind: MarkerKind, line: string): BlockReader | null {
    if (kind === MarkerKind.Mulliken) {
      return isMullikenHeader(line)
        ? new PopulationBlockReader(line.trim(), (r) => (this.mulliken = r))
        : null;
    }
    return this.properties.openBlock(kind, line);
  }

  private readGradientSummary(region: Buffer, summary: { line: string; lineStart: number }): void {
    this.markers.read(MarkerKind.MaxGradient, summary.line);
    const max = cartesianMaxGradient(summary.line);
    if (max !== null) {
      this.properties.readGradientSummary(max, this.linesBefore(region, summary.lineStart, 2));
    }
  }

  /** The `count` lines before the line starting at `lineStart`, reaching back into earlier regions. */
  private linesBefore(region: Buffer, lineStart: number, count: number): string[] {
    const lines: string[] = [];
    let end = lineStart - 1; // the newline that ends the line before
    while (lines.length < count && end >= 0) {
      const start = end === 0 ? 0 : region.lastIndexOf(NEWLINE, end - 1) + 1;
      lines.unshift(region.toString('latin1', start, end));
      end = start - 1;
    }
    return lines.length < count ? [...this.tail.lastLines(count - lines.length), ...lines] : lines;
  }

  private scanHeader(region: Buffer, from: number): void {
    let start = from;
    while (start < region.length && !this.headerDone) {
      let end = region.indexOf(NEWLINE, start);
      if (end === -1) end = region.length;
      this.headerDone = readHeaderLine(region.toString('latin1', start, end), this.header);
      start = end + 1;
    }
  }

  /** Feeds lines to the open block; returns the offset of the first line not consumed. */
  private continueBlock(region: Buffer, from: number): number {
    let start = from;
    while (start < region.length && this.openBlock) {
      let end = region.indexOf(NEWLINE, start);
      if (end === -1) end = region.length;
      if (!this.openBlock.accept(region.toString('latin1', start, end))) {
        this.openBlock.close(false);
        this.openBlock = null;
        return start;
      }
      start = end + 1;
    }
    return start;
  }
}
