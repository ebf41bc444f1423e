/**
 * Parser throughput benchmark: builds a large ORCA output (default 1 GiB) by repeating real
 * optimization cycles of a fixture, then times our parser (in a child process, for its peak RSS)
 * and `grep -c "FINAL SINGLE POINT ENERGY"` on the same file, page cache warm for both.
 *
 *   npm run bench:parse [-- --size-mb 200] [--runs 5] [--keep] [--dir /some/tmp]
 */
import { execFile } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildReport } from './parse-child';

const PATTERN = 'FINAL SINGLE POINT ENERGY';
const FIXTURE_IN_SHARED = 'fixtures/orca/chemsmart/tests/data/ORCATests/outputs/fe3_quartet.out';

interface Options {
  sizeMb: number;
  runs: number;
  keep: boolean;
  dir: string;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { sizeMb: 1024, runs: 5, keep: false, dir: os.tmpdir() };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--size-mb') options.sizeMb = Number(argv[++i]);
    else if (arg === '--runs') options.runs = Number(argv[++i]);
    else if (arg === '--dir') options.dir = argv[++i] ?? options.dir;
    else if (arg === '--keep') options.keep = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!(options.sizeMb > 0) || !(options.runs >= 1)) throw new Error('--size-mb and --runs must be positive');
  return options;
}

/** The repository root (this script runs from its compiled copy under dist/). */
function repoRoot(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'src', 'orca'))) return dir;
  }
  throw new Error('cannot find the repository root');
}

function lineStartOf(text: string, marker: string): number {
  const at = text.indexOf(marker);
  if (at === -1) throw new Error(`fixture lacks "${marker}"`);
  return text.lastIndexOf('\n', at) + 1;
}

/** head (up to cycle 2) + cycles 2..25 repeated + tail (cycle 26 to the normal termination). */
function buildOutput(fixture: string, file: string, targetBytes: number): { repeats: number; bytes: number } {
  const text = readFileSync(fixture, 'latin1');
  const bodyStart = lineStartOf(text, 'GEOMETRY OPTIMIZATION CYCLE   2');
  const bodyEnd = lineStartOf(text, 'GEOMETRY OPTIMIZATION CYCLE  26');
  const head = Buffer.from(text.slice(0, bodyStart), 'latin1');
  const body = Buffer.from(text.slice(bodyStart, bodyEnd), 'latin1');
  const tail = Buffer.from(text.slice(bodyEnd), 'latin1');
  const repeats = Math.max(1, Math.ceil((targetBytes - head.length - tail.length) / body.length));
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, head);
    for (let i = 0; i < repeats; i++) writeSync(fd, body);
    writeSync(fd, tail);
  } finally {
    closeSync(fd);
  }
  return { repeats, bytes: statSync(file).size };
}

function run(command: string, args: string[]): Promise<{ seconds: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    execFile(command, args, { maxBuffer: 1 << 20 }, (error, stdout) => {
      if (error) reject(new Error(`${command} failed: ${error.message}`));
      else resolve({ seconds: Number(process.hrtime.bigint() - started) / 1e9, stdout });
    });
  });
}

/** CPU seconds (user + system) of this process's finished children, from /proc (Linux); null elsewhere. */
function childrenCpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // after the command name: state is field 3, cutime and cstime are fields 16 and 17 (clock ticks)
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return null;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const root = repoRoot();
  const fixture = path.resolve(root, '..', 'shared', FIXTURE_IN_SHARED);
  const child = path.join(__dirname, 'parse-child.js');
  const dir = mkdtempSync(path.join(options.dir, 'orca-bench-'));
  const file = path.join(dir, 'big.out');
  try {
    const { repeats, bytes } = buildOutput(fixture, file, options.sizeMb * 1024 * 1024);
    const mb = bytes / 1e6;
    console.log(
      `built ${file}: ${mb.toFixed(0)} MB (${repeats} × 24 optimization cycles of fe3_quartet.out)`,
    );

    await run('grep', ['-c', PATTERN, file]); // warm the page cache: both tools then read from memory
    const grepSeconds: number[] = [];
    const grepCpuSeconds: number[] = [];
    const parserRuns: ChildReport[] = [];
    let grepCount = NaN;
    for (let i = 0; i < options.runs; i++) {
      const cpuBefore = childrenCpuSeconds();
      const grep = await run('grep', ['-c', PATTERN, file]);
      const cpuAfter = childrenCpuSeconds();
      if (cpuBefore !== null && cpuAfter !== null) grepCpuSeconds.push(cpuAfter - cpuBefore);
      grepSeconds.push(grep.seconds);
      grepCount = Number(grep.stdout.trim());
      parserRuns.push(JSON.parse((await run(process.execPath, [child, file])).stdout) as ChildReport);
    }
    const last = parserRuns[parserRuns.length - 1] as ChildReport;
    if (last.energyEvaluations !== grepCount) {
      throw new Error(`parser counted ${last.energyEvaluations} energies, grep ${grepCount}`);
    }
    const parserMbps = mb / median(parserRuns.map((r) => r.seconds));
    const grepMbps = mb / median(grepSeconds);
    const ratio = (100 * parserMbps) / grepMbps;
    const peakRssMb = Math.max(...parserRuns.map((r) => r.maxRssKb)) / 1024;
    console.log(
      `parser:  ${parserMbps.toFixed(0)} MB/s (median of ${options.runs}), peak RSS ${peakRssMb.toFixed(1)} MB`,
    );
    console.log(`grep -c: ${grepMbps.toFixed(0)} MB/s (median of ${options.runs})`);
    console.log(`ratio parser/grep: ${ratio.toFixed(0)} % (target ≥ 60 %, RSS ≤ 100 MB)`);
    // The parser reads the next chunk on a thread-pool thread while it scans the current one, so its
    // wall time can be less than its CPU time; grep is one thread. Both CPU times, for the record:
    const parserCpu = median(parserRuns.map((r) => r.cpuSeconds));
    const grepCpu = grepCpuSeconds.length ? `${median(grepCpuSeconds).toFixed(2)} s` : 'unknown';
    console.log(
      `CPU (user + system, median): parser ${parserCpu.toFixed(2)} s, grep ${grepCpu}; ` +
        `wall: parser ${median(parserRuns.map((r) => r.seconds)).toFixed(2)} s, grep ${median(grepSeconds).toFixed(2)} s`,
    );
    console.log(
      `parser result: ${last.status}, ${last.energyEvaluations} energies, ${last.scfCycles} SCF cycles, ` +
        `${last.optimizationCycles} optimization cycles`,
    );
    const cpu = os.cpus()[0]?.model ?? 'cpu';
    console.log(
      [
        '',
        '### ORCA output parser (`npm run bench:parse`)',
        '',
        '| output | parser MB/s | `grep -c` MB/s | parser / grep | parser peak RSS |',
        '|---|---|---|---|---|',
        `| ${mb.toFixed(0)} MB ORCA 6.1 optimization, page cache warm | ${parserMbps.toFixed(0)} | ` +
          `${grepMbps.toFixed(0)} | ${ratio.toFixed(0)} % | ${peakRssMb.toFixed(1)} MB |`,
        '',
        `Node ${process.version}, ${os.cpus().length} × ${cpu}, ${new Date().toISOString().slice(0, 10)}.`,
      ].join('\n'),
    );
  } finally {
    if (options.keep) console.log(`kept ${file}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench:parse: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
