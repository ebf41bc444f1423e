/** Everything the simulator does to the outside world, so tests can run it in memory. */
export interface SimulatorIo {
  /** Appends to the output (stdout for the CLI); resolves once the text is handed over. */
  write(text: string): Promise<void>;
  readFile(filePath: string): Promise<string>;
  writeFile(filePath: string, content: string): Promise<void>;
  sleep(ms: number): Promise<void>;
  /** Never resolves: the `hang` fault waits here until the process is killed. */
  hangForever(): Promise<never>;
  /** Milliseconds, for TOTAL RUN TIME. */
  now(): number;
}

/** Collects lines and hands them to `io.write` in blocks, so output appears as the run goes. */
export class OutputBuffer {
  private lines: string[] = [];

  constructor(private readonly io: SimulatorIo) {}

  add(...blocks: readonly (readonly string[])[]): void {
    for (const block of blocks) this.lines.push(...block);
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const text = this.lines.join('\n') + '\n';
    this.lines = [];
    await this.io.write(text);
  }
}
