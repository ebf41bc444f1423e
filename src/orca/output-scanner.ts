import { emptyHeaderFields, readHeaderLine } from './header-fields';
import { NEWLINE, MarkerKind, visitMarkerLines } from './marker-probes';
import { MarkerTally } from './marker-tally';
import { MullikenBlock, isMullikenHeader } from './mulliken-block';
import type { OutputFacts } from './output-facts';
import { findTailError, readTerminalErrors } from './tail-errors';
import { TailWindow } from './tail-window';
import { BinarySniffer } from './text-sniff';
import type { MullikenPopulation } from './types';

/** Incremental, bounded-memory scanner for ORCA main outputs. Feed it with push(), then finish(). */
export class OrcaOutputScanner {
  private readonly header = emptyHeaderFields();
  private headerDone = false;
  private readonly markers = new MarkerTally();
  private mulliken: MullikenPopulation | null = null;
  private openMulliken: MullikenBlock | null = null;
  private readonly tail = new TailWindow();
  private readonly sniffer = new BinarySniffer();
  private unreadable: string | null = null;
  private bytesRead = 0;

  /** Feed a region that ends at a line boundary (see LineAlignedSplitter) or at the end of input. */
  pushRegion(region: Buffer): void {
    if (this.unreadable !== null || region.length === 0) return;
    this.bytesRead += region.length;
    if (!this.sniffer.done) {
      this.unreadable = this.sniffer.collect(region);
      if (this.unreadable !== null) return;
    }
    let from = 0;
    if (this.openMulliken) from = this.continueMulliken(region, 0);
    if (!this.headerDone) this.scanHeader(region, from);
    visitMarkerLines(region, from, (kind, line, lineEnd) => {
      if (kind === MarkerKind.Mulliken && isMullikenHeader(line)) {
        this.openMulliken = new MullikenBlock(line.trim());
        return this.continueMulliken(region, lineEnd + 1);
      }
      this.markers.read(kind, line);
      return undefined;
    });
    this.tail.remember(region);
  }

  finish(): OutputFacts {
    if (!this.sniffer.done) this.unreadable = this.sniffer.judge();
    if (this.openMulliken) {
      this.mulliken = this.openMulliken.result(true) ?? this.mulliken;
      this.openMulliken = null;
    }
    // Binary content has no lines to read errors from.
    const tailText = this.unreadable === null ? this.tail.text() : '';
    return {
      header: this.header,
      ...this.markers.facts(),
      mulliken: this.mulliken,
      ...readTerminalErrors(tailText),
      tailError: findTailError(tailText),
      unreadable: this.unreadable,
      bytesRead: this.bytesRead,
    };
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

  /** Feeds lines to the open Mulliken block; returns the offset of the first line not consumed. */
  private continueMulliken(region: Buffer, from: number): number {
    let start = from;
    while (start < region.length && this.openMulliken) {
      let end = region.indexOf(NEWLINE, start);
      if (end === -1) end = region.length;
      if (!this.openMulliken.accept(region.toString('latin1', start, end))) {
        this.mulliken = this.openMulliken.result(false) ?? this.mulliken;
        this.openMulliken = null;
        return start;
      }
      start = end + 1;
    }
    return start;
  }
}
