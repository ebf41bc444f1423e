import path from 'node:path';
import { runOrcaSimulation } from '../../../../src/simulator/run-simulation';
import type { SimulatorIo } from '../../../../src/simulator/simulator-io';

export class HangSignal extends Error {}

/** In-memory filesystem and stdout for running the simulator without spawning a process. */
export class MemoryIo implements SimulatorIo {
  readonly files = new Map<string, string>();
  readonly writes: string[] = [];
  readonly sleeps: number[] = [];
  hung = false;
  private clock = 1_000;

  constructor(files: Record<string, string> = {}) {
    for (const [name, content] of Object.entries(files)) this.files.set(path.resolve('/job', name), content);
  }

  get output(): string {
    return this.writes.join('');
  }

  file(name: string): string | undefined {
    return this.files.get(path.resolve('/job', name));
  }

  write(text: string): Promise<void> {
    this.writes.push(text);
    return Promise.resolve();
  }

  readFile(filePath: string): Promise<string> {
    const content = this.files.get(path.resolve(filePath));
    return content === undefined ? Promise.reject(new Error(`ENOENT ${filePath}`)) : Promise.resolve(content);
  }

  writeFile(filePath: string, content: string): Promise<void> {
    this.files.set(path.resolve(filePath), content);
    return Promise.resolve();
  }

  sleep(ms: number): Promise<void> {
    this.sleeps.push(ms);
    return Promise.resolve();
  }

  hangForever(): Promise<never> {
    this.hung = true;
    return Promise.reject(new HangSignal('hung'));
  }

  now(): number {
    return (this.clock += 250);
  }
}

export async function simulate(
  input: string,
  env: Record<string, string> = {},
  extraFiles: Record<string, string> = {},
): Promise<{ code: number; io: MemoryIo }> {
  const io = new MemoryIo({ 'job.inp': input, ...extraFiles });
  const code = await runOrcaSimulation({ inputPath: '/job/job.inp', env }, io);
  return { code, io };
}

export function orcaInput(options: {
  keywords: string;
  charge?: number;
  multiplicity?: number;
  atoms: string;
  extra?: string[];
}): string {
  return [
    `! ${options.keywords}`,
    ...(options.extra ?? []),
    `* xyz ${options.charge ?? 0} ${options.multiplicity ?? 1}`,
    options.atoms,
    '*',
    '',
  ].join('\n');
}

export const WATER = 'O 0.000 0.000 0.117\nH 0.000 0.757 -0.468\nH 0.000 -0.757 -0.468';
/** A distorted ammonia (one long N–H bond) so an optimisation has work to do. */
export const AMMONIA_STRETCHED = 'N 0 0 0.11\nH 0 0.94 -0.26\nH 0.81 -0.47 -0.26\nH -0.95 -0.55 -0.30';
export const NITRIC_OXIDE = 'N 0 0 0\nO 0 0 1.151';
