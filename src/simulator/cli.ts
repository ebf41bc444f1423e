import { promises as fs } from 'node:fs';
import { runOrcaSimulation } from './run-simulation';
import type { SimulatorIo } from './simulator-io';

const USAGE = 'usage: orcasim <input.inp> > <output.out>   (orcastrate ORCA simulator, not the real ORCA)';

export function nodeSimulatorIo(stdout: NodeJS.WritableStream = process.stdout): SimulatorIo {
  return {
    write: (text) =>
      new Promise((resolve, reject) => {
        stdout.write(text, (error) => (error ? reject(error) : resolve()));
      }),
    readFile: (filePath) => fs.readFile(filePath, 'utf8'),
    writeFile: (filePath, content) => fs.writeFile(filePath, content, 'utf8'),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    // A pending promise alone would let Node exit; the interval keeps the process alive until killed.
    hangForever: () => new Promise<never>(() => setInterval(() => undefined, 1 << 30)),
    now: () => Date.now(),
  };
}

/** `orcasim input.inp`: ORCA-format output on stdout; exit 0 on normal termination, 1 on error termination. */
export async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  if (args.length !== 1 || args[0] === '--help' || args[0] === '-h') {
    console.error(USAGE);
    return args[0] === '--help' || args[0] === '-h' ? 0 : 2;
  }
  const inputPath = args[0]!;
  try {
    await fs.access(inputPath);
  } catch {
    console.error(`orcasim: cannot read the input file ${inputPath}`);
    return 2;
  }
  return runOrcaSimulation({ inputPath, env: process.env }, nodeSimulatorIo());
}

if (require.main === module) {
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
